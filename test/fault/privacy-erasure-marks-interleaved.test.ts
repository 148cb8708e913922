// An erasure rewrites a document from what it read; another write landing between that read and
// the erasure's write, one that changes no mark the erasure's filter reads (an owed mark taken
// off with its updatedAt kept: src/db/owed.ts, a ticket's marks), must stay: the erasure writes
// only the fields it changed, each only while it is as read. The interleave is made exact
// through the repository on the real database, as privacy-erasures-interleaved does.
import { expect, test } from 'vitest';
import { DataSubjectRepository } from '../../src/privacy/repository.js';
import { TaskRepository } from '../../src/task/repository.js';
import { TicketRepository } from '../../src/ticket/repository.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, makeTicket } from '../helpers/factories.js';
import { readBefore } from '../helpers/privacy.js';

const ERASED_USER = 'U0ERASEA01';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

test('a Done’s interaction logged between an erasure’s read of the task and its write is owed no more: the repair does not log it a second time', async () => {
  const customer = await makeCustomer(app, { name: 'Huadong Machinery' });
  const m = app.db.models;
  const c = (await m.customers.findOne({ code: customer.code }).lean())!;
  const teamId = c.teamId;
  const at = new Date('2026-11-23T09:00:00Z');
  await m.tasks.collection.insertOne({
    _id: 'interleave-task' as never,
    teamId,
    customerId: String(c._id),
    customerCode: c.code,
    customerName: c.name,
    kind: 'call',
    content: `Call back with <@${ERASED_USER}>`,
    executorId: 'U0OWNER001',
    dueDate: '2026-11-23',
    status: 'done',
    doneAt: at,
    doneDate: '2026-11-23',
    interactionOwed: { at, by: 'U0OWNER001', date: '2026-11-23' },
    createdAt: at,
    updatedAt: at,
  });
  const tasks = new TaskRepository(m.tasks);
  expect((await tasks.interactionsOwed(app.clock.now(), 10)).map((o) => o.task.id)).toEqual([
    'interleave-task',
  ]);
  const erasure = new DataSubjectRepository(
    readBefore(
      m,
      'tasks',
      (f) => '$or' in f,
      // The outbox job's repair logs the owed interaction meanwhile.
      () => tasks.interactionLogged(teamId, 'interleave-task', at),
    ),
  );
  await erasure.scrubUser(teamId, ERASED_USER, true, app.clock.now());
  const task = (await m.tasks.collection.findOne({ _id: 'interleave-task' as never }))!;
  expect(task.content).toBe('Call back with [erased]');
  // Owed again, the repair would log the call on the customer's file twice.
  expect(await tasks.interactionsOwed(app.clock.now(), 10)).toEqual([]);
});

test('a stand-in’s DM told between an erasure’s read of the ticket and its write is owed no more, and a mark set meanwhile stays', async () => {
  const ticket = await makeTicket(app, {
    description: `Spindle error E42, reported by <@${ERASED_USER}>`,
  });
  const m = app.db.models;
  const owedAt = new Date('2026-11-24T01:00:00Z');
  await m.tickets.updateOne(
    { _id: ticket.id },
    {
      $set: {
        standInTakenOwedAt: owedAt,
        standInTakenFor: { guestOwner: 'U0GUEST001', accountManagerId: 'U0MANAGER1' },
      },
    },
    { timestamps: false },
  );
  const tickets = new TicketRepository(m.tickets);
  const before = (await m.tickets.findById(ticket.id).lean())!;
  const erasure = new DataSubjectRepository(
    readBefore(
      m,
      'tickets',
      (f) => Array.isArray(f.$or) && f.$or.some((o) => 'requester.userId' in o),
      async () => {
        // The notices repair wrote the stand-in's DM, and an upgrade intent's hand-off came
        // owed, both leaving the ticket's version and updatedAt as they were.
        await tickets.standInTakenTold({ teamId: ticket.teamId, id: ticket.id }, owedAt);
        await m.tickets.updateOne(
          { _id: ticket.id },
          { $set: { upgradeOwed: owedAt } },
          { timestamps: false, strict: false },
        );
      },
    ),
  );
  await erasure.scrubUser(ticket.teamId, ERASED_USER, true, app.clock.now());
  const after = (await m.tickets.findById(ticket.id).lean<Record<string, unknown>>())!;
  expect(after.description).toBe('Spindle error E42, reported by [erased]');
  expect(after.version).toBe((before.version as number) + 1);
  // Owed again, the stand-in and the account manager would get the DM twice; the hand-off
  // taken off, the upgrade intent would never reach sales.
  expect(await tickets.standInTakenOwed(app.clock.now(), 10)).toEqual([]);
  expect(after.standInTakenFor).toBeUndefined();
  expect((await tickets.upgradesOwed(app.clock.now(), 10)).map((t) => t.id)).toEqual([ticket.id]);
});

test('the database matches a field equal to an array or an embedded document as read exactly (the erasure’s write reads each field it changes so)', async () => {
  const m = app.db.models;
  const at = new Date('2026-11-23T09:00:00Z');
  const stored = {
    _id: 'equality-probe' as never,
    teamId: 'T0PROBE001',
    list: [{ a: 1, b: 'x', at }, 2.5, ['nested', 3]],
    doc: { a: 1, b: { c: [1, 2], d: at }, e: 'y' },
  };
  await m.tasks.collection.insertOne(stored);
  const read = (await m.tasks.collection.findOne({ _id: 'equality-probe' as never }))!;
  const matches = async (field: string, value: unknown) =>
    (await m.tasks.collection.countDocuments({
      _id: 'equality-probe' as never,
      [field]: { $eq: value },
    })) === 1;
  expect(await matches('list', read.list)).toBe(true);
  expect(await matches('doc', read.doc)).toBe(true);
  // Any difference within them, deep down, in order or in length, misses.
  expect(await matches('list', [{ a: 1, b: 'x', at }, 2.5, ['nested', 4]])).toBe(false);
  expect(await matches('list', [{ a: 1, b: 'x', at: new Date(0) }, 2.5, ['nested', 3]])).toBe(
    false,
  );
  expect(await matches('list', [2.5, { a: 1, b: 'x', at }, ['nested', 3]])).toBe(false);
  expect(await matches('list', [{ a: 1, b: 'x', at }, 2.5])).toBe(false);
  expect(await matches('list', [{ a: 1, b: 'x', at }, 2.5, ['nested', 3], 4])).toBe(false);
  expect(await matches('doc', { a: 1, b: { c: [1, 2, 3], d: at }, e: 'y' })).toBe(false);
  expect(await matches('doc', { a: 1, b: { c: [1, 2], d: at } })).toBe(false);
  expect(await matches('doc', { a: 1, b: { c: [1, 2], d: at }, e: 'y', f: null })).toBe(false);
  expect(await matches('doc', { a: 1, b: { c: [1, 2] }, e: 'y' })).toBe(false);
  expect(await matches('doc', { e: 'y', a: 1, b: { c: [1, 2], d: at } })).toBe(false);
});
