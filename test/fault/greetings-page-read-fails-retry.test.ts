// The daily tasks run's greetings pass reads the customers a page at a time (714a57f6). A page
// read that fails after an earlier page's greetings were written fails the run; its retry lists
// those (written, never told) in the owner's one greetings DM with the ones it plans, so it
// names every customer. The next day's run tells them no more. (revp66 F2: the retry found them
// written, left them out, and Alpha's greeting came as a line of the follow-up reminder.)
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import type { CareCustomer } from '../../src/customer/types.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, OWNER } from '../helpers/factories.js';
import { DATABASE_GONE } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';

// Monday 2026-09-28 09:30 in Shanghai: National Day (10-01) is 3 days on, greetings are planned.
const app = useTestApp({ now: '2026-09-28T01:30:00Z', since: '2026-01-01T00:00:00Z' });

const dmTexts = () =>
  app.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === OWNER)
    .map((c) => String(c.args.text));

test("a greetings pass whose second page's read fails: the retry's greetings DM names every customer", async () => {
  for (const [name, contact] of [
    ['Alpha Page Co', 'Li Wei'],
    ['Beta Page Co', 'Wang Fang'],
  ] as const)
    await makeCustomer(app, { name, lifecycle: 'active', contact: { name: contact, optOuts: [] } });
  const customers = app.desk.services.customers;
  const forCare = customers.forCare.bind(customers);
  let call = 0;
  // The greetings pass (the run's third: care, progress notes, greetings; no delivery today):
  // the first page (one customer) read and worked through, the next page's read fails.
  customers.forCare = (ctx) => {
    call += 1;
    if (call !== 3) return forCare(ctx);
    return (async function* (): AsyncGenerator<CareCustomer> {
      for await (const c of forCare(ctx)) {
        yield c;
        throw new Error(DATABASE_GONE);
      }
    })();
  };
  try {
    await runJobAt(app, tasksJob, '2026-09-28T01:30:00Z');
  } finally {
    customers.forCare = forCare;
  }
  expect(call).toBeGreaterThanOrEqual(3);
  const firstRun = dmTexts();
  // The runner tries the failed slot again from its lease's end (10 min).
  await runJobAt(app, tasksJob, '2026-09-28T01:41:00Z');
  const retry = dmTexts();
  const greetings = await app.db.models.tasks.find({ kind: 'greeting' }).lean();
  expect(greetings).toHaveLength(2);
  expect(firstRun).toEqual([]);
  expect(retry.filter((t) => t.includes('to greet'))).toEqual([
    'National Day is on 2026-10-01: 2 customers to greet',
  ]);
  // Both told by it (it stands for their early reminder): not in the follow-up reminder.
  const told = await app.db.models.tasks.find({ kind: 'greeting' }).lean();
  expect(told.every((t) => t.reminders?.early)).toBe(true);
  expect(retry.filter((t) => !t.includes('to greet')).some((t) => /greeting/i.test(t))).toBe(false);
  // The next working day's run lists them no more.
  app.fake.reset();
  await runJobAt(app, tasksJob, '2026-09-29T01:30:00Z');
  expect(dmTexts().filter((t) => t.includes('to greet'))).toEqual([]);
});
