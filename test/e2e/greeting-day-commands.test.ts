// revp63 F5: on a greeting day, the owners' greetings DMs are checked after their write
// (TaskService.greetingsGone, up to 4 passes). That check read each greeted customer on its own,
// one command a customer and a pass, after the planning had read each already: thousands of
// sequential reads on a desk with thousands of customers. It reads them in one command per pass
// now; the whole greeting-day run is held to a budget per greeted customer, counted on the wire.
import { expect, test, vi } from 'vitest';
import { countCommands } from '../../bench/commands.js';
import { tasksJob } from '../../jobs/tasks.js';
import { TaskService } from '../../src/task/service.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

// Monday 28 September 2026: National Day (1 October) is planned and its greetings told.
const app = useTestApp({ now: '2026-09-28T01:00:00Z', since: '2026-01-01T00:00:00Z' });

/**
 * The DB commands of a greeting day's tasks run (and of its greetings DMs' check alone) with
 * `n` active customers, each with two contacts to greet; the DM is sent once, naming them all.
 */
async function greetingDay(n: number) {
  await app.db.models.tasks.deleteMany({});
  await app.db.models.outbox.deleteMany({});
  await app.db.models.customers.deleteMany({});
  await app.db.models.jobRuns.deleteMany({});
  for (let i = 0; i < n; i++)
    await makeCustomer(app, {
      name: `Greeting Cost ${n}-${i}`,
      ownerId: OWNER,
      lifecycle: 'active',
      contacts: [
        { name: `Li ${n}-${i}`, optOuts: [] },
        { name: `Wang ${n}-${i}`, optOuts: [] },
      ],
    } as never);
  const gone = TaskService.prototype.greetingsGone;
  const checks: string[][] = [];
  const spy = vi.spyOn(TaskService.prototype, 'greetingsGone').mockImplementation(async function (
    this: TaskService,
    ...args: Parameters<TaskService['greetingsGone']>
  ) {
    const c = countCommands(app.db);
    try {
      return await gone.apply(this, args);
    } finally {
      c.stop();
      checks.push(c.trace());
    }
  });
  const counter = countCommands(app.db);
  try {
    const [run] = await runJobAt(app, tasksJob, '2026-09-28T01:00:00Z');
    expect(run!.error).toBeUndefined();
  } finally {
    counter.stop();
    spy.mockRestore();
  }
  const dms = app.fake.postsTo(OWNER).map((c) => JSON.stringify(c.args));
  expect(dms.filter((d) => d.includes(`: ${n} customers to greet`))).toHaveLength(1);
  return { n: counter.commands(), trace: counter.trace(), checks };
}

test('a greeting day’s greetings DM check reads the greeted customers in one command, and the run costs at most 8 commands more per greeted customer', async () => {
  const two = await greetingDay(2);
  const six = await greetingDay(6);
  // One pass, nothing erased: the erasure lease, then the customers, once each.
  expect(six.checks).toEqual([['find privacy_erasures', 'find customers']]);
  expect(two.checks).toEqual(six.checks);
  // Per greeted customer, with its care contact due too: each task's insert and its check after
  // it (insertPlanned: the lease, the customer), their reminders marked. Before, one read more
  // a customer (and a pass) in the DM's check.
  const perCustomer = (six.n - two.n) / 4;
  expect(perCustomer, `2: ${two.trace.join('; ')}\n6: ${six.trace.join('; ')}`).toBeLessThanOrEqual(
    PER_GREETED_CUSTOMER,
  );
}, 120_000);

/** The tasks run's DB commands per greeted customer on a greeting day (measured, then held). */
const PER_GREETED_CUSTOMER = 8;
