// Writers that name a guest owner's stand-in by roles they read BEFORE a /desk roles save whose
// own move has already run: the save's mark stays for one more pass of the outbox job two minutes
// on, which moves what such a writer wrote (a ticket filed); the daily run's late move reads the
// roles again after the tasks.
import { expect, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { FAKE_GUEST_USER_ID as GUEST, FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { newTicketByModalWhile, guestOwnedCustomer } from '../helpers/clicks.js';
import type { TaskRepository } from '../../src/task/repository.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const OTHER_MANAGER = 'U0MANAGER2';
const THIRD = 'U0MANAGER3';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ALERTS_CHANNEL_ID: 'C0ALERTS01' },
  now: '2026-11-24T02:00:00Z',
});

const texts = (userId: string) => app.fake.tookPostsTo(userId).map((c) => String(c.args.text));
const storedRoles = async () =>
  (await app.db.models.workspaces.findOne({ teamId: FAKE_TEAM_ID }).lean())!.settings as any;

async function rolesModal() {
  await app.slack.command('/desk', 'roles', { userId: ADMIN });
  return app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
}
async function submit(view: Record<string, unknown>, managers: string) {
  expect((await app.slack.submitView(view, { managers }, { userId: ADMIN })).body).toBe('');
}

test('a /ticket new for a guest-owned customer whose request read the roles before a /desk roles save, inserted after the save’s move: the outbox job’s pass two minutes on moves it to the new stand-in', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  const code = await guestOwnedCustomer(app);
  const view = await rolesModal();
  // The save (another admin) lands while the request files the ticket: saved and its moves made
  // (no ticket of the guest's yet) before the insert, which names MANAGER by the roles it read.
  const number = await newTicketByModalWhile(app, code, async () => {
    await submit(view, OTHER_MANAGER);
  });
  expect((await storedRoles()).managers).toEqual([OTHER_MANAGER]);
  const ticket = async () => (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(await ticket()).toMatchObject({ accountManagerId: MANAGER, guestOwner: GUEST });
  // The save's mark stays (its moves made: who stood in before is no longer kept), due two
  // minutes after the save.
  const owed = (await storedRoles()).standInsOwed;
  expect(owed).toMatchObject({ nextAt: new Date('2026-11-24T02:02:00Z').getTime() });
  expect(owed.from).toBeUndefined();
  await app.desk.outbox.drain();
  await runJobAt(app, outboxJob, '2026-11-24T02:01:00Z');
  expect((await ticket()).accountManagerId).toBe(MANAGER);
  app.fake.reset();
  await runJobAt(app, outboxJob, '2026-11-24T02:02:00Z');
  // Before: MANAGER (no longer a manager) stayed its account manager until tomorrow's daily run.
  expect(await ticket()).toMatchObject({ accountManagerId: OTHER_MANAGER, guestOwner: GUEST });
  expect((await storedRoles()).standInsOwed).toBeUndefined();
  // Both Homes drawn again: the ticket leaves MANAGER's, and is listed on OTHER_MANAGER's.
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(app.fake.homesPublishedTo(MANAGER).length).toBeGreaterThan(0);
  expect(app.fake.homesPublishedTo(OTHER_MANAGER).length).toBeGreaterThan(0);
  // One pass only: the next minute finds no mark and moves nothing.
  app.fake.reset();
  await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(app.fake.homesPublishedTo(OTHER_MANAGER)).toHaveLength(0);
});

test('the daily run’s late move reads the roles after the guest’s tasks: a second save whose move lands in between is not handed back', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER, THIRD] }));
  const code = await guestOwnedCustomer(app, { annual_revenue: '600000' });
  await app.db.models.customers.updateOne(
    { teamId: FAKE_TEAM_ID, code },
    { $set: { lifecycle: 'active', lastInteractionAt: new Date('2026-10-28T02:00:00Z') } },
  );
  const first = await rolesModal();
  const repo = (app.desk.services.tasks as unknown as { deps: { tasks: TaskRepository } }).deps
    .tasks;
  const insert = repo.insertOnce.bind(repo);
  const openOf = repo.openOfCustomer.bind(repo);
  let phase: 'start' | 'firstSaved' | 'second' = 'start';
  // A first save (another admin) lands while the run writes the care task for MANAGER: the run's
  // late move is owed.
  const a = vi.spyOn(repo, 'insertOnce').mockImplementation(async (task, ...rest) => {
    if (task.kind === 'care' && phase === 'start') {
      await submit(first, OTHER_MANAGER);
      phase = 'firstSaved';
    }
    return insert(task, ...rest);
  });
  // The late move is reading the guest's tasks (the run read its `latest` roles before): a second
  // save lands now, its own move done.
  const b = vi.spyOn(repo, 'openOfCustomer').mockImplementation(async (...args) => {
    if (phase === 'firstSaved') {
      phase = 'second';
      await submit(await rolesModal(), THIRD);
    }
    return openOf(...args);
  });
  try {
    const [run] = await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
    expect(run!.error).toBeUndefined();
  } finally {
    a.mockRestore();
    b.mockRestore();
  }
  expect(phase).toBe('second');
  expect((await storedRoles()).managers).toEqual([THIRD]);
  const care = await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID, kind: 'care' }).lean();
  expect(care).toMatchObject({ assigneeId: THIRD, guestOwner: GUEST });
  expect(texts(OTHER_MANAGER).join('\n')).not.toContain('Care contact');
});
