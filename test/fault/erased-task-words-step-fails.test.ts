// revp60 F5: the one-off erasedTaskWords step at the start of the daily tasks run is hygiene: a
// failure of it is logged and the day's planning goes on; not stamped, the next run tries it
// again.
import { expect, test, vi } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { tasksJob } from '../../jobs/tasks.js';
import { TaskRepository } from '../../src/task/repository.js';

const app = useTestApp({
  env: { ADMIN_USER_IDS: 'U0ADMIN001' },
  now: '2026-09-28T01:00:00Z',
  since: '2026-01-01T00:00:00Z',
});

test('the one-off strip failing does not stop the day’s planning', async () => {
  const customer = await makeCustomer(app, {
    name: 'Plan Me Co',
    lifecycle: 'active',
    contacts: [{ name: 'Zhao Min', optOuts: [] }],
  } as never);
  const spy = vi
    .spyOn(TaskRepository.prototype, 'erasedWithWords')
    .mockRejectedValue(new Error('read timed out'));
  let error: unknown;
  try {
    const [run] = await runJobAt(app, tasksJob, '2026-09-28T01:00:00Z');
    error = run!.error;
  } finally {
    spy.mockRestore();
  }
  const kinds = (
    await app.db.models.tasks.find({ teamId: FAKE_TEAM_ID, customerId: customer.id }).lean()
  ).map((t) => t.kind);
  expect(error).toBeUndefined();
  expect(kinds).toContain('greeting');
  const stamped = () => app.desk.services.workspaces.migratedAt(FAKE_TEAM_ID, 'erasedTaskWords');
  expect(await stamped()).toBeUndefined();
  // The next run, the read answering again: done and stamped.
  const [next] = await runJobAt(app, tasksJob, '2026-09-29T01:00:00Z');
  expect(next!.error).toBeUndefined();
  expect(await stamped()).toBeDefined();
});
