// revp63 F3: two instances' signals runs plan the same customer's win-back from their own reads of
// the customers. When this run finds the call planned by the other (its insert loses on the key,
// or the call is already there for this episode) and the customer's erasure finished meanwhile,
// it does nothing more for that customer: no care contacts replaced, no stage, no churn DM naming
// it. The win-back's planner checks the customer on those paths too, as after its own insert.
import { Types } from 'mongoose';
import { afterEach, expect, test, vi } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { useTestApp } from '../helpers/app.js';
import { scanStrings } from '../helpers/db.js';
import { ctxOf, makeCustomer } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import type { TaskRepository } from '../../src/task/repository.js';

const ADMIN = 'U0ADMIN001';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

afterEach(() => {
  vi.restoreAllMocks();
});

async function rival() {
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
  return c;
}

async function nothingNamesIt() {
  await app.desk.outbox.drain();
  const signals = app.fake
    .callsTo('chat.postMessage')
    .map((c) => String((c.args as { text?: unknown }).text))
    .filter((t) => t.includes('Quiet Rival'));
  expect(signals).toEqual([]);
  expect(await scanStrings(app.db, ['Quiet Rival'])).toEqual([]);
}

test('the other instance inserted the call first, the erasure then finished: no churn DM names the customer', async () => {
  const c = await rival();
  const repo = (app.desk.services.tasks as unknown as { deps: { tasks: TaskRepository } }).deps
    .tasks;
  const insert = repo.insertOnce.bind(repo);
  let raced = false;
  vi.spyOn(repo, 'insertOnce').mockImplementation(async (task, ...rest) => {
    if (!raced && task.kind === 'winback' && task.customerId === c.id) {
      raced = true;
      // The other instance's insert (same episode, same key) wins, then the erasure ends.
      await insert(task, ...rest);
      await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), c.code);
    }
    return insert(task, ...rest);
  });
  const [run] = await runJobAt(app, customerSignalsJob, '2026-11-24T01:00:00Z');
  expect(run!.error).toBeUndefined();
  expect(raced).toBe(true);
  await nothingNamesIt();
});

test('the other instance planned this episode’s call, the erasure then finished: no churn DM names the customer', async () => {
  const c = await rival();
  const tasks = app.desk.services.tasks;
  const plan = tasks.planWinBack.bind(tasks);
  let raced = false;
  vi.spyOn(tasks, 'planWinBack').mockImplementation(async (ctx, customer, episode, taken) => {
    if (!raced && customer.id === c.id) {
      raced = true;
      // The other instance plans (and checks) the call of the same episode, then the erasure
      // ends: this run finds the call planned, from its read of the customer before both.
      expect(await plan(ctx, customer, episode)).toBe(true);
      await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), c.code);
    }
    return plan(ctx, customer, episode, taken);
  });
  const [run] = await runJobAt(app, customerSignalsJob, '2026-11-24T01:00:00Z');
  expect(run!.error).toBeUndefined();
  expect(raced).toBe(true);
  await nothingNamesIt();
});

test('control: a call already open for the customer, nobody erased: the churn DM is still told', async () => {
  const c = await rival();
  const tasks = app.desk.services.tasks;
  const plan = tasks.planWinBack.bind(tasks);
  let raced = false;
  vi.spyOn(tasks, 'planWinBack').mockImplementation(async (ctx, customer, episode, taken) => {
    if (!raced && customer.id === c.id) {
      raced = true;
      expect(await plan(ctx, customer, episode)).toBe(true);
    }
    return plan(ctx, customer, episode, taken);
  });
  const [run] = await runJobAt(app, customerSignalsJob, '2026-11-24T01:00:00Z');
  expect(run!.error).toBeUndefined();
  await app.desk.outbox.drain();
  const told = app.fake
    .callsTo('chat.postMessage')
    .map((call) => String((call.args as { text?: unknown }).text))
    .filter((t) => t.includes('Quiet Rival'));
  expect(told.length).toBe(1);
  expect(told[0]).toContain('win-back call is planned');
});
