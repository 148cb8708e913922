// revp60 F2: the daily signals run plans a win-back call from its one read of the customers
// (forSignals). A customer erased after that read (here: as the call is inserted) gets no call
// (it is checked after its insert, as the tasks run's planners' are, and taken back) and no churn
// DM naming it.
import { Types } from 'mongoose';
import { expect, test, vi } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { useTestApp } from '../helpers/app.js';
import { scanStrings } from '../helpers/db.js';
import { ctxOf, makeCustomer } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import type { TaskRepository } from '../../src/task/repository.js';

const ADMIN = 'U0ADMIN001';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

test('a customer erased after the signals run read it gets no win-back task naming it', async () => {
  const c = await makeCustomer(app, {
    name: 'Quiet Rival Ltd',
    firstContactDate: '2025-01-01',
    lifecycle: 'active',
    competitorContact: true,
  } as never);
  await app.db.models.customers.collection.updateOne(
    { _id: new Types.ObjectId(c.id) },
    {
      $set: {
        createdAt: new Date('2025-01-01T00:00:00Z'),
        lastInteractionAt: new Date('2026-11-01T02:00:00Z'),
      },
    },
  );
  const repo = (app.desk.services.tasks as unknown as { deps: { tasks: TaskRepository } }).deps
    .tasks;
  const insert = repo.insertOnce.bind(repo);
  let erased = false;
  const spy = vi.spyOn(repo, 'insertOnce').mockImplementation(async (task, ...rest) => {
    if (!erased && task.kind === 'winback' && task.customerId === c.id) {
      erased = true;
      await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), c.code);
    }
    return insert(task, ...rest);
  });
  try {
    const [run] = await runJobAt(app, customerSignalsJob, '2026-11-24T01:00:00Z');
    expect(run!.error).toBeUndefined();
  } finally {
    spy.mockRestore();
  }
  await app.desk.outbox.drain();
  expect(erased).toBe(true);
  const tasks = await app.db.models.tasks.find({ customerId: c.id }).lean();
  expect(tasks.filter((t) => t.kind === 'winback')).toEqual([]);
  expect(await scanStrings(app.db, ['Quiet Rival'])).toEqual([]);
});
