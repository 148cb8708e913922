// revp60 F1: a contact's erasure that finishes after the greeting passed its check
// (insertPlanned) and before the owner's greetings DM is written: the DM, written held and then
// checked, is taken back and written again from the greeting as stored (scrubbed), naming the
// other contact only.
import { expect, test, vi } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { scanStrings } from '../helpers/db.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { tasksJob } from '../../jobs/tasks.js';
import { TaskService } from '../../src/task/service.js';

const ADMIN = 'U0ADMIN001';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN },
  now: '2026-09-28T01:00:00Z',
  since: '2026-01-01T00:00:00Z',
});

test('a contact erased between the greeting’s check and its DM is named in no DM', async () => {
  const customer = await makeCustomer(app, {
    name: 'Contact Late Co',
    lifecycle: 'active',
    contacts: [
      { name: 'Li Wei', optOuts: [] },
      { name: 'Wang Fang', optOuts: [] },
    ],
  } as never);
  const reach = TaskService.prototype.withReach;
  let erased = false;
  const spy = vi.spyOn(TaskService.prototype, 'withReach').mockImplementation(async function (
    this: TaskService,
    ctx,
    tasks,
  ) {
    if (!erased && tasks.some((t) => t.kind === 'greeting' && t.customerId === customer.id)) {
      erased = true;
      await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), customer.code, 'Li Wei');
    }
    return reach.call(this, ctx, tasks) as never;
  });
  try {
    const [run] = await runJobAt(app, tasksJob, '2026-09-28T01:00:00Z');
    expect(run!.error).toBeUndefined();
  } finally {
    spy.mockRestore();
  }
  await app.desk.outbox.drain();
  expect(erased).toBe(true);
  const dms = app.fake.postsTo(OWNER).map((c) => JSON.stringify(c.args));
  expect(dms.filter((d) => d.includes('Li Wei'))).toEqual([]);
  expect(await scanStrings(app.db, ['Li Wei'])).toEqual([]);
  // The greeting of the contact left is still told, once.
  expect(dms.filter((d) => d.includes('Wang Fang'))).toHaveLength(1);
});
