// The daily signals run reads the customers a page at a time (forSignals). A page read that
// fails after an earlier page's signals were told and recorded fails the run; its retry finds
// those recorded and does not count them found. The Homes of their owners, which list their
// customers with signals, were then refreshed by neither (revp66's unverified F2 twin): the
// failed run now refreshes the Homes of what it found before it fails.
import { expect, test } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import type { SignalCustomer } from '../../src/customer/types.js';
import { HOME_COALESCE_MS } from '../../src/notify/home.js';
import { openHome } from '../helpers/clicks.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, OWNER } from '../helpers/factories.js';
import { DATABASE_GONE } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';

const OTHER = 'U0OWNER002';
// Tuesday 2026-11-24 in Shanghai; the signals run daily at 09:00 (01:00Z).
const app = useTestApp({ now: '2026-11-24T00:30:00Z' });

test("a signals run whose second page's read fails: the first page's owners' Homes are redrawn", async () => {
  await makeCustomer(app, {
    name: 'Alpha Page Co',
    lifecycle: 'active',
    contact: { name: 'Li Wei', birthday: '11-24', optOuts: [] },
  });
  await makeCustomer(app, {
    name: 'Beta Page Co',
    ownerId: OTHER,
    lifecycle: 'active',
    contact: { name: 'Wang Fang', birthday: '11-24', optOuts: [] },
  });
  // Both owners have opened their Homes (a Home is redrawn for one who has).
  await openHome(app, OWNER);
  await openHome(app, OTHER);
  await app.desk.outbox.drain();
  app.fake.reset();
  const customers = app.desk.services.customers;
  const forSignals = customers.forSignals.bind(customers);
  // The first page (Alpha, OWNER's) read and checked, the next page's read fails.
  customers.forSignals = (ctx) =>
    (async function* (): AsyncGenerator<SignalCustomer> {
      for await (const c of forSignals(ctx)) {
        yield c;
        throw new Error(DATABASE_GONE);
      }
    })();
  let failed: unknown;
  try {
    [failed] = await runJobAt(app, customerSignalsJob, '2026-11-24T01:00:00Z');
  } finally {
    customers.forSignals = forSignals;
  }
  // What each run sent (runJobAt delivers the outbox, then the next one starts afresh).
  const sent = async () => {
    // The Homes' refreshes are coalesced: due HOME_COALESCE_MS on.
    app.clock.advance(HOME_COALESCE_MS);
    await app.desk.outbox.drain();
    return {
      told: [OWNER, OTHER].map((u) => app.fake.postsTo(u).map((c) => String(c.args.text))),
      homes: [OWNER, OTHER].map((u) => app.fake.homesPublishedTo(u).length),
    };
  };
  const first = await sent();
  // The runner tries the failed slot again from its lease's end (10 min).
  await runJobAt(app, customerSignalsJob, '2026-11-24T01:11:00Z');
  const retry = await sent();
  expect(failed).toMatchObject({ error: DATABASE_GONE });
  // Each birthday told once: Alpha's by the failed run, Beta's by the retry.
  expect(first.told).toEqual([[expect.stringContaining('Li Wei')], []]);
  expect(retry.told).toEqual([[], [expect.stringContaining('Wang Fang')]]);
  // Both owners' Homes redrawn: OWNER's by the failed run (its retry found Alpha's told).
  expect(first.homes).toEqual([1, 0]);
  expect(retry.homes).toEqual([0, 1]);
});
