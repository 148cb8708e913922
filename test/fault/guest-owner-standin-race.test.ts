// A /desk roles save moves a guest owner's open tickets and tasks to the stand-in the roles name.
// Two admins saving on two instances: each move decides by the roles as stored, read AFTER the
// tickets or tasks it moves, so a later save's move (made after its roles' write) is never
// undone by an older save, and the save's owed mark stays when the roles moved on meanwhile.
import { expect, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { makeTicket } from '../helpers/factories.js';
import { FAKE_GUEST_USER_ID as GUEST, FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { guestCriticalComplaint, guestOwnedCustomer } from '../helpers/clicks.js';
import type { TaskRepository } from '../../src/task/repository.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const OTHER_MANAGER = 'U0MANAGER2';
const THIRD = 'U0MANAGER3';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: 'C0TRIAGE01' },
  now: '2026-11-24T02:00:00Z',
});

/**
 * The first `find` on `model` whose filter `matches` runs `meanwhile` before its answer comes
 * back (what another instance did between this read's start and its answer). Undo with the result.
 */
function beforeAnswer(
  model: any,
  matches: (filter: Record<string, unknown>) => boolean,
  meanwhile: () => Promise<void>,
): { restore: () => void; hit: () => boolean } {
  const originalFind = model.find;
  let hit = false;
  model.find = function (filter: Record<string, unknown>, ...rest: unknown[]) {
    const q = originalFind.call(model, filter, ...rest);
    if (hit || !filter || !matches(filter)) return q;
    hit = true;
    const later = meanwhile();
    const lean = q.lean.bind(q);
    q.lean = (...a: unknown[]) => {
      const inner = lean(...a);
      return { then: (res: any, rej: any) => later.then(() => inner).then(res, rej) };
    };
    return q;
  };
  return { restore: () => (model.find = originalFind), hit: () => hit };
}

async function submitRoles(managers: string): Promise<void> {
  await app.slack.command('/desk', 'roles', { userId: ADMIN });
  const roles = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  expect((await app.slack.submitView(roles, { managers }, { userId: ADMIN })).body).toBe('');
}

const stored = async () =>
  (await app.db.models.workspaces.findOne({ teamId: FAKE_TEAM_ID }).lean())!.settings as any;

test('a later save (another instance) whose roles and ticket move land before this save reads the guest’s tickets: the ticket stays with the later stand-in', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER, THIRD] }));
  const code = await guestOwnedCustomer(app);
  const { number } = await makeTicket(app, { customerCode: code });
  const ticket = async () => (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(await ticket()).toMatchObject({ accountManagerId: MANAGER, guestOwner: GUEST });

  const tickets = app.db.models.tickets as any;
  const race = beforeAnswer(
    tickets,
    (f) => 'guestOwner' in f && 'accountManagerId' in f,
    async () => {
      // Another admin's save: roles keep THIRD only, its move done.
      await app.setSettings(() => ({ managers: [THIRD] }));
      await tickets.updateOne(
        { number },
        { $set: { accountManagerId: THIRD }, $inc: { version: 1 } },
      );
    },
  );
  try {
    await submitRoles(OTHER_MANAGER);
  } finally {
    race.restore();
  }
  expect(race.hit()).toBe(true);
  expect((await stored()).managers).toEqual([THIRD]);
  expect(await ticket()).toMatchObject({ accountManagerId: THIRD, guestOwner: GUEST });
});

test('likewise a guest owner’s open task: a later save’s move made before this save reads the customer’s tasks stays', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER, THIRD] }));
  const { contact } = await guestCriticalComplaint(app);
  expect(await contact()).toMatchObject({ assigneeId: MANAGER, guestOwner: GUEST });
  const tasks = app.db.models.tasks as any;
  const race = beforeAnswer(
    tasks,
    (f) => 'customerId' in f && f.status === 'open',
    async () => {
      await app.setSettings(() => ({ managers: [THIRD] }));
      await tasks.updateOne(
        { teamId: FAKE_TEAM_ID, kind: 'complaint_contact' },
        { $set: { assigneeId: THIRD }, $inc: { version: 1 } },
      );
    },
  );
  try {
    await submitRoles(OTHER_MANAGER);
  } finally {
    race.restore();
  }
  expect(race.hit()).toBe(true);
  expect(await contact()).toMatchObject({ assigneeId: THIRD, guestOwner: GUEST });
});

test('an older save’s task move landing between this save’s task read and its write: the task is read again, with the roles, and goes to this save’s stand-in', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER, THIRD] }));
  const { number, contact } = await guestCriticalComplaint(app);
  expect(await contact()).toMatchObject({ assigneeId: MANAGER, guestOwner: GUEST });
  // An older save (another instance) wrote its roles (OTHER_MANAGER first); its moves are slow.
  await app.setSettings(() => ({ managers: [OTHER_MANAGER, THIRD] }));
  await app.slack.command('/desk', 'roles', { userId: ADMIN });
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  const repo = (app.desk.services.tasks as unknown as { deps: { tasks: TaskRepository } }).deps
    .tasks;
  const real = repo.reassign.bind(repo);
  let hit = false;
  const spy = vi.spyOn(repo, 'reassign').mockImplementation(async (...args) => {
    if (!hit) {
      hit = true;
      // The older save's task move lands now, after this save read the task at MANAGER.
      await app.db.models.tasks.updateOne(
        { teamId: FAKE_TEAM_ID, kind: 'complaint_contact' },
        { $set: { assigneeId: OTHER_MANAGER } },
      );
    }
    return real(...args);
  });
  try {
    // This (newer) save: THIRD only.
    expect((await app.slack.submitView(view, { managers: THIRD }, { userId: ADMIN })).body).toBe(
      '',
    );
  } finally {
    spy.mockRestore();
  }
  expect(hit).toBe(true);
  expect((await stored()).managers).toEqual([THIRD]);
  expect((await app.db.models.tickets.findOne({ number }).lean())!.accountManagerId).toBe(THIRD);
  // Before: OTHER_MANAGER (no longer a manager) kept the complaint's contact task, the save's mark
  // taken off, until the next daily run.
  expect(await contact()).toMatchObject({ assigneeId: THIRD, guestOwner: GUEST });
});

test('the roles changed (owing no move of their own) after the save read them for its ticket move: its owed mark stays, and the outbox upkeep moves the ticket to whom they name', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER, THIRD] }));
  const { number } = await guestCriticalComplaint(app);
  const ticket = async () => (await app.db.models.tickets.findOne({ number }).lean())!;
  // The task pass reads the customer's tasks after the ticket moved to OTHER_MANAGER; meanwhile
  // the roles change (the command line: no mark of its own).
  const race = beforeAnswer(
    app.db.models.tasks,
    (f) => 'customerId' in f && f.status === 'open',
    () => app.setSettings(() => ({ managers: [THIRD] })),
  );
  try {
    await submitRoles(OTHER_MANAGER);
  } finally {
    race.restore();
  }
  expect(race.hit()).toBe(true);
  expect((await ticket()).accountManagerId).toBe(OTHER_MANAGER);
  expect((await stored()).standInsOwed).toBeDefined();
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
  expect(await ticket()).toMatchObject({ accountManagerId: THIRD, guestOwner: GUEST });
  expect((await stored()).standInsOwed).toBeUndefined();
});
