// revp67 F2: a birthday signal DM naming contact Li Wei, met by the outbox worker while an
// erasure of ANOTHER contact of the same customer (Wang Fang) holds the lease: delivered (the
// lease's keyed hash is not Li Wei's name), where the worker deleted it (names_an_erased_customer)
// and, the signal recorded, no later run told it. Li Wei's own erasure under way still drops it.
import { Types } from 'mongoose';
import { expect, test } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { jobDeps } from '../helpers/jobs.js';
import { runDue } from '../../src/schedule/runner.js';

const ADMIN = 'U0ADMIN001';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

async function scenario(erasing: 'Wang Fang' | 'Li Wei' | null) {
  const c = await makeCustomer(app, {
    name: 'Birthday Works',
    firstContactDate: '2025-01-01',
    lifecycle: 'active',
    contacts: [
      { name: 'Li Wei', birthday: '1980-11-24', optOuts: [] },
      { name: 'Wang Fang', optOuts: [] },
    ],
  } as never);
  await app.db.models.customers.collection.updateOne(
    { _id: new Types.ObjectId(c.id) },
    {
      $set: {
        createdAt: new Date('2025-01-01T00:00:00Z'),
        lastInteractionAt: new Date('2026-11-20T02:00:00Z'),
      },
    },
  );
  // The run at 09:00 writes the DM for the worker (grouped by owner), not drained here.
  app.clock.set('2026-11-24T01:00:00Z');
  const [run] = (await runDue(jobDeps(app), [customerSignalsJob])).filter((r) => r.ran);
  expect(run!.error).toBeUndefined();
  const pending = await app.db.models.outbox.collection.countDocuments({});
  app.clock.set(new Date('2026-11-24T01:00:30Z'));
  // A contact's erasure holds the lease as the worker delivers.
  const ctx = await ctxOf(app, ADMIN);
  const lease = erasing
    ? await app.desk.services.erasureLeases.hold(ctx, { code: c.code, contact: erasing })
    : null;
  if (erasing) expect(lease).not.toBeNull();
  await app.desk.outbox.drain();
  await lease?.release();
  // The next day's run (Wednesday) and a drain: told then?
  app.clock.set('2026-11-25T01:00:00Z');
  await runDue(jobDeps(app), [customerSignalsJob]);
  await app.desk.outbox.drain();
  const told = app.fake.postsTo(OWNER).map((p) => JSON.stringify(p.args));
  // Li Wei is not erased: their birthday should be told (now, or once the erasure ends).
  return { pending, told: told.filter((d) => d.includes('Li Wei')).length };
}

test("another contact's erasure under way at delivery: the birthday DM naming a contact nobody erases goes", async () => {
  expect(await scenario('Wang Fang')).toEqual({ pending: 2, told: 1 });
});

test("the named contact's own erasure under way at delivery: the birthday DM is taken back", async () => {
  expect(await scenario('Li Wei')).toEqual({ pending: 2, told: 0 });
});

test('control: no erasure, told once', async () => {
  expect(await scenario(null)).toEqual({ pending: 2, told: 1 });
});
