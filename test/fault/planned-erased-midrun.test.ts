// The daily tasks run plans from one read of the customers (TaskService.runCustomers): every task
// its planners write is checked after its insert (insertPlanned). A VIP erased after that read
// gets no business review nor survey (regression: those two inserts were not checked); a
// contact erased after it gets no greeting naming them (regression: a contact's erasure done
// between the read and the check left "greet Li Wei" planned). Tasks an earlier version
// cancelled as `erased` with their words are stripped once (regression: the name stayed).
import { Types } from 'mongoose';
import { expect, test, vi } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { scanStrings } from '../helpers/db.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { tasksJob } from '../../jobs/tasks.js';
import type { TaskRepository } from '../../src/task/repository.js';

const ADMIN = 'U0ADMIN001';
// Monday 2026-09-28 09:00 in Shanghai: the quarter ends on Wednesday (its business review and
// survey are planned), National Day (10-01) is 3 days on (greetings are planned).
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN },
  now: '2026-09-28T01:00:00Z',
  since: '2026-01-01T00:00:00Z',
});

const tasksOf = async (customerId: string) =>
  (await app.db.models.tasks.find({ teamId: FAKE_TEAM_ID, customerId }).lean()).map((t) => ({
    kind: t.kind,
    status: t.status,
    content: t.content,
    customerName: t.customerName,
  }));

/** The task repository the run writes with: its inserts, with `before` run first for some. */
function beforeInsert(before: (task: { kind: string; customerId: string }) => Promise<void>) {
  const repo = (app.desk.services.tasks as unknown as { deps: { tasks: TaskRepository } }).deps
    .tasks;
  const insert = repo.insertOnce.bind(repo);
  return vi.spyOn(repo, 'insertOnce').mockImplementation(async (task, ...rest) => {
    await before(task);
    return insert(task, ...rest);
  });
}

const vip = (name: string) =>
  makeCustomer(app, {
    name,
    annualRevenue: 1_200_000,
    cooperationStartDate: '2023-01-01',
    lifecycle: 'active',
  });

test('a VIP erased after the run read the customers gets no business review nor survey', async () => {
  const gone = await vip('Erased VIP Co');
  const kept = await vip('Kept VIP Co');
  let erased = false;
  // The erasure lands after the run's read, before the first task it writes for the customer.
  const spy = beforeInsert(async (task) => {
    if (erased || task.customerId !== gone.id) return;
    erased = true;
    await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), gone.code);
  });
  try {
    const [run] = await runJobAt(app, tasksJob, '2026-09-28T01:00:00Z');
    expect(run!.error).toBeUndefined();
  } finally {
    spy.mockRestore();
  }
  expect(erased).toBe(true);
  expect(await tasksOf(gone.id)).toEqual([]);
  expect((await tasksOf(kept.id)).map((t) => t.kind).sort()).toEqual(
    expect.arrayContaining(['qbr', 'survey']),
  );
});

test('a contact erased after the run read the customers is named by no greeting; the next run greets the others', async () => {
  const customer = await makeCustomer(app, {
    name: 'Contact Midrun Co',
    lifecycle: 'active',
    contacts: [
      { name: 'Li Wei', optOuts: [] },
      { name: 'Wang Fang', optOuts: [] },
    ],
  } as never);
  let erased = false;
  // The whole contact erasure (its scrub of the tasks, its rewrite of the customer, its lease
  // given back) lands after the run's read and before the greeting's insert: the check after the
  // insert finds no erasure running and the customer not erased, only the contact gone.
  const spy = beforeInsert(async (task) => {
    if (erased || task.kind !== 'greeting' || task.customerId !== customer.id) return;
    erased = true;
    await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), customer.code, 'Li Wei');
  });
  try {
    const [run] = await runJobAt(app, tasksJob, '2026-09-28T01:00:00Z');
    expect(run!.error).toBeUndefined();
  } finally {
    spy.mockRestore();
  }
  expect(erased).toBe(true);
  expect((await tasksOf(customer.id)).filter((t) => t.kind === 'greeting')).toEqual([]);
  expect(await scanStrings(app.db, ['Li Wei'])).toEqual([]);
  // Stored without keys (as before contacts had them), Wang Fang's key, from her place, moved
  // with the erasure: not told from a removed contact, left to the next working day's run,
  // which plans it again for those left (keyed contacts: the same run, below).
  await runJobAt(app, tasksJob, '2026-09-29T01:00:00Z');
  expect((await tasksOf(customer.id)).filter((t) => t.kind === 'greeting')).toEqual([
    {
      kind: 'greeting',
      status: 'open',
      content: 'National Day (2026-10-01): greet Wang Fang',
      customerName: 'Contact Midrun Co',
    },
  ]);
  expect(await scanStrings(app.db, ['Li Wei'])).toEqual([]);
});

// p44 greeterase: the contacts keyed (as every contact saved since keys exist), the greeting is
// planned again the same run for those left, not the next working day (none on a holiday's eve).
test('a keyed contact erased after the run read the customers: the same run greets the others', async () => {
  const customer = await makeCustomer(app, {
    name: 'Keyed Midrun Co',
    lifecycle: 'active',
    contacts: [
      { name: 'Li Wei', optOuts: [] },
      { name: 'Wang Fang', optOuts: [] },
    ],
  } as never);
  await app.db.models.customers.collection.updateOne(
    { _id: new Types.ObjectId(customer.id) },
    { $set: { 'contacts.0.key': 'kli00001', 'contacts.1.key': 'kwang001' } },
  );
  let erased = false;
  const spy = beforeInsert(async (task) => {
    if (erased || task.kind !== 'greeting' || task.customerId !== customer.id) return;
    erased = true;
    await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), customer.code, 'Li Wei');
  });
  try {
    const [run] = await runJobAt(app, tasksJob, '2026-09-28T01:00:00Z');
    expect(run!.error).toBeUndefined();
  } finally {
    spy.mockRestore();
  }
  expect(erased).toBe(true);
  expect((await tasksOf(customer.id)).filter((t) => t.kind === 'greeting')).toEqual([
    {
      kind: 'greeting',
      status: 'open',
      content: 'National Day (2026-10-01): greet Wang Fang',
      customerName: 'Keyed Midrun Co',
    },
  ]);
  expect(await scanStrings(app.db, ['Li Wei'])).toEqual([]);
  // The owner's greetings DM of the day lists it, naming Wang Fang.
  const dms = app.fake.postsTo(OWNER).map((c) => JSON.stringify(c.args));
  expect(dms.filter((d) => d.includes('Keyed Midrun Co') && d.includes('Wang Fang'))).toHaveLength(
    1,
  );
});

test('tasks an earlier version left naming an erased customer’s contact lose their words at the next run, once', async () => {
  const customer = await makeCustomer(app, {
    name: 'Legacy Erased Co',
    lifecycle: 'active',
    contacts: [{ name: 'Zhao Lei', optOuts: [] }],
  } as never);
  await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), customer.code);
  const erasedName = `[erased] ${customer.code}`;
  // As an earlier version left them: a greeting planned after the erasure's scrub, cancelled as
  // `erased` by the next run with its words; and one still open.
  const leftover = (id: string, status: 'open' | 'cancelled') => ({
    _id: `${FAKE_TEAM_ID}:greeting:${customer.id}:${id}`,
    teamId: FAKE_TEAM_ID,
    kind: 'greeting',
    status,
    customerId: customer.id,
    customerCode: customer.code,
    customerName: 'Legacy Erased Co',
    assigneeId: 'U0OWNER001',
    content: `${id}: greet Zhao Lei`,
    dueDate: '2026-09-30',
    reminders: {},
    createdAt: new Date('2026-09-20T01:00:00Z'),
    ...(status === 'cancelled'
      ? { cancelledAt: new Date('2026-09-21T01:00:00Z'), cancelReason: 'erased' }
      : {}),
  });
  await app.db.models.tasks.insertMany([
    leftover('mid-autumn', 'cancelled'),
    leftover('national-day', 'open'),
  ]);
  expect(await scanStrings(app.db, ['Zhao Lei', 'Legacy Erased Co'])).toHaveLength(4);
  const [run] = await runJobAt(app, tasksJob, '2026-09-28T01:00:00Z');
  expect(run!.error).toBeUndefined();
  const after = await tasksOf(customer.id);
  expect(after).toEqual([
    { kind: 'greeting', status: 'cancelled', content: undefined, customerName: erasedName },
    { kind: 'greeting', status: 'cancelled', content: undefined, customerName: erasedName },
  ]);
  expect(await scanStrings(app.db, ['Zhao Lei', 'Legacy Erased Co'])).toEqual([]);
  // Done once per workspace: stamped, not read for again.
  const workspace = await app.db.models.workspaces.findOne({ teamId: FAKE_TEAM_ID }).lean();
  expect(workspace!.migrations).toHaveProperty('erasedTaskWords');
  await runJobAt(app, tasksJob, '2026-09-29T01:00:00Z');
  expect(await tasksOf(customer.id)).toEqual(after);
});
