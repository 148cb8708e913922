// A /desk roles save cut short after the roles' write leaves its stand-in moves owed
// (`standInsOwed`): the outbox job makes them two minutes on. It also draws the Homes of the
// guests' former and new stand-ins (whose "Your customers with signals" list the guests'
// customers as theirs) even when no ticket or task is left to move, counts the repair only when
// it moved something, and, failing, tries again later and later instead of every minute.
import { expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { guestOwnedCustomer, openCustomerEdit, openHome } from '../helpers/clicks.js';
import { ctxOf, makeTicket } from '../helpers/factories.js';
import { FAKE_GUEST_USER_ID as GUEST, FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { DATABASE_GONE, failCalls } from '../helpers/faults.js';
import { jobDeps, runJobAt } from '../helpers/jobs.js';
import { captureLogs } from '../helpers/logs.js';
import { ticketRepo } from '../helpers/setups-10-races.js';
import { rolesOf } from '../../src/workspace/roles.js';
import { runDue } from '../../src/schedule/runner.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const OTHER_MANAGER = 'U0MANAGER2';
const THIRD_MANAGER = 'U0MANAGER3';
const ADMIN2 = 'U0ADMIN002';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: 'C0TRIAGE01' },
  now: '2026-11-24T02:00:00Z',
});

const owed = async () =>
  ((await app.db.models.workspaces.findOne({ teamId: FAKE_TEAM_ID }).lean())!.settings as any)
    .standInsOwed;

/**
 * The database refusing the outbox write of any batch of Home refreshes that includes `userId`'s,
 * until `restore`; `refused`: how many it refused.
 */
function refuseHomesOf(userId: string): { refused: () => number; restore: () => void } {
  const outbox = app.desk.services.outbox;
  const enqueue = outbox.enqueue;
  let refused = 0;
  outbox.enqueue = async function (this: typeof outbox, ...args: Parameters<typeof enqueue>) {
    if (args[1].some((e) => e.kind === 'home' && e.to === userId)) {
      refused++;
      throw new Error('database down');
    }
    return enqueue.apply(this, args);
  };
  return { refused: () => refused, restore: () => (outbox.enqueue = enqueue) };
}

/** The admin keeps OTHER_MANAGER only; every read in `failing` fails while the save runs. */
async function saveCutShort(failing: (() => void)[]): Promise<void> {
  await app.slack.command('/desk', 'roles', { userId: ADMIN });
  const roles = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  try {
    expect(
      (await app.slack.submitView(roles, { managers: OTHER_MANAGER }, { userId: ADMIN })).body,
    ).toBe('');
  } finally {
    for (const restore of failing) restore();
  }
}

test('a save cut short after the roles’ write with nothing to move: the outbox job draws the former and new stand-ins’ Homes, takes the mark off, and counts no repair', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  await guestOwnedCustomer(app);
  await saveCutShort([
    failCalls(app.db.models.tickets, 'distinct', { times: Infinity }),
    failCalls(app.db.models.tasks, 'distinct', { times: Infinity }),
    failCalls(app.db.models.customers, 'distinct', { times: Infinity }),
  ]);
  expect(await owed()).toBeDefined();
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  app.fake.reset();
  const [run] = await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
  expect(run!.counts).not.toHaveProperty('standInsMoved');
  expect(await owed()).toBeUndefined();
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  // The former stand-in (no longer a manager) and the new one.
  expect(app.fake.homesPublishedTo(MANAGER).length).toBeGreaterThan(0);
  expect(app.fake.homesPublishedTo(OTHER_MANAGER).length).toBeGreaterThan(0);
  expect(app.fake.homesPublishedTo(GUEST)).toEqual([]);
});

test('a stand-in repair that keeps failing is tried again 1, 2, 4 … minutes on, not every minute; made at last, the mark goes', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  await guestOwnedCustomer(app);
  const restore = failCalls(app.db.models.tickets, 'distinct', { times: Infinity });
  let tried = 0;
  const distinct = app.db.models.tickets.distinct;
  (app.db.models.tickets as any).distinct = function (...args: unknown[]) {
    tried++;
    return (distinct as any).apply(this, args);
  };
  try {
    await saveCutShort([]);
    const at = (time: string) => new Date(time).getTime();
    tried = 0;
    await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
    expect(tried).toBe(1);
    expect(await owed()).toMatchObject({ attempts: 1, nextAt: at('2026-11-24T02:04:00Z') });
    await runJobAt(app, outboxJob, '2026-11-24T02:03:30Z');
    expect(tried).toBe(1);
    await runJobAt(app, outboxJob, '2026-11-24T02:04:00Z');
    expect(tried).toBe(2);
    expect(await owed()).toMatchObject({ attempts: 2, nextAt: at('2026-11-24T02:06:00Z') });
    await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
    expect(tried).toBe(2);
  } finally {
    (app.db.models.tickets as any).distinct = distinct;
    restore();
  }
  await runJobAt(app, outboxJob, '2026-11-24T02:06:00Z');
  expect(await owed()).toBeUndefined();
});

/** The guest-owned customer's contract end, set by its stand-in on Edit customer: a signal. */
async function guestCustomerWithSignal(): Promise<string> {
  const code = await guestOwnedCustomer(app);
  const edit = (await openCustomerEdit(app, code, MANAGER)).args.view as Record<string, unknown>;
  expect(
    (await app.slack.submitView(edit, { contract_end: '2026-12-20' }, { userId: MANAGER })).body,
  ).toBe('');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  return code;
}

const signals = (view: unknown) => {
  const home = JSON.stringify(view);
  const from = home.indexOf('*Your customers with signals*');
  return from < 0 ? '' : home.slice(from, home.indexOf('"divider"', from));
};

/** ADMIN2 runs /desk roles: the modal it opens. */
async function rolesOfAdmin2(): Promise<Record<string, unknown>> {
  await app.slack.command('/desk', 'roles', { userId: ADMIN2 });
  return app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
}

/** ADMIN2 saves `roles` with MANAGER, OTHER_MANAGER and THIRD_MANAGER: the save is taken. */
async function saveThreeManagers(roles: Record<string, unknown>): Promise<void> {
  expect(
    (
      await app.slack.submitView(
        roles,
        { managers: `${MANAGER},${OTHER_MANAGER},${THIRD_MANAGER}` },
        { userId: ADMIN2 },
      )
    ).body,
  ).toBe('');
}

/**
 * MANAGER and OTHER_MANAGER managers (`admins`, if given, the admins), the guest-owned customer
 * with a signal on the Home of MANAGER, its stand-in.
 */
async function signalOnStandInsHome(admins?: string[]): Promise<void> {
  await app.setSettings(() => ({
    ...(admins ? { admins } : {}),
    managers: [MANAGER, OTHER_MANAGER],
  }));
  await guestCustomerWithSignal();
  expect(signals(await openHome(app, MANAGER))).toContain('contract ends 2026-12-20');
}

/** The outbox job at `at` takes the mark off, and `userId`'s Home is drawn: its last view. */
async function repairDrawsHomeOf(at: string, userId: string): Promise<unknown> {
  await runJobAt(app, outboxJob, at);
  expect(await owed()).toBeUndefined();
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const drawn = app.fake.homesPublishedTo(userId);
  expect(drawn.length).toBeGreaterThan(0);
  return drawn.at(-1)!.args.view;
}

/** The outbox job at `at` takes the mark off; MANAGER's Home is drawn without the guest's customer. */
async function repairDrawsFormerStandIn(at: string): Promise<void> {
  const view = await repairDrawsHomeOf(at, MANAGER);
  expect(signals(view)).not.toContain('contract ends 2026-12-20');
}

/**
 * ADMIN's save keeping OTHER_MANAGER only, made by the settings service alone at the app's now:
 * the roles and its mark written, the process gone before anything else (no move, no Home).
 */
async function saveDiedAfterWrite(): Promise<void> {
  const ctx = await ctxOf(app, ADMIN);
  const { settings } = await app.desk.services.workspaces.stored(FAKE_TEAM_ID);
  await app.desk.services.settings.saveRoles(ctx, {
    ...rolesOf(settings),
    managers: [OTHER_MANAGER],
  });
}

test('two roles saves in the same millisecond, the first gone after its write, the second (made in full) overwriting its mark: the first’s former stand-in’s Home is drawn again all the same, without the guest’s customer', async () => {
  await signalOnStandInsHome([ADMIN, ADMIN2]);

  // ADMIN2 opens /desk roles; in the same millisecond as their save, ADMIN's (another instance)
  // drops MANAGER and dies right after its write. ADMIN2 adds THIRD_MANAGER: merged, kept.
  const roles = await rolesOfAdmin2();
  await saveDiedAfterWrite();
  app.fake.reset();
  await saveThreeManagers(roles);
  const { settings } = await app.desk.services.workspaces.stored(FAKE_TEAM_ID);
  expect(settings.managers).toEqual([OTHER_MANAGER, THIRD_MANAGER]);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  // Whether the second save took the mark off or left it to the outbox job, MANAGER's Home
  // (no manager any more, no longer standing in) is drawn without the guest's customer.
  const homes = app.fake.homesPublishedTo(MANAGER);
  await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  homes.push(...app.fake.homesPublishedTo(MANAGER));
  expect(await owed()).toBeUndefined();
  expect(homes.length).toBeGreaterThan(0);
  expect(signals(homes.at(-1)!.args.view)).not.toContain('contract ends 2026-12-20');
});

/**
 * ADMIN2's /desk roles save adding THIRD_MANAGER (the stand-in stays MANAGER), with ADMIN's save
 * (`saveDiedAfterWrite`) landing in the same millisecond between ADMIN2's moves and its marking
 * its own moves made (`standInsMadeOnce`: the mark kept for the outbox job's one more pass).
 */
async function saveWithAnotherBeforeMarkOff(): Promise<void> {
  const service = app.desk.services.settings;
  const markOff = service.standInsMadeOnce;
  let raced = false;
  service.standInsMadeOnce = async function (this: typeof service, ...args) {
    if (!raced) {
      raced = true;
      await saveDiedAfterWrite();
    }
    return markOff.apply(this, args);
  };
  try {
    await saveThreeManagers(await rolesOfAdmin2());
  } finally {
    service.standInsMadeOnce = markOff;
  }
  expect(raced).toBe(true);
}

test('two roles saves in the same millisecond, the second written between the first’s moves and its mark-off, then gone: the first takes off only its own mark, and the outbox job draws the second’s former stand-in’s Home', async () => {
  await signalOnStandInsHome([ADMIN, ADMIN2]);
  await saveWithAnotherBeforeMarkOff();
  expect(await owed()).toMatchObject({ at: app.clock.now().getTime() });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(await owed()).toBeUndefined();
  const homes = app.fake.homesPublishedTo(MANAGER);
  expect(homes.length).toBeGreaterThan(0);
  expect(signals(homes.at(-1)!.args.view)).not.toContain('contract ends 2026-12-20');
});

test('two roles saves in the same millisecond, the second written between the first’s moves and its mark-off, then gone: neither’s moves are lost, the outbox job moves the guest’s open ticket and task to the stand-in the second names', async () => {
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN2], managers: [MANAGER, OTHER_MANAGER] }));
  const code = await guestOwnedCustomer(app);
  const { number } = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'general',
  });
  const ticket = async () => (await app.db.models.tickets.findOne({ number }).lean())!;
  const contact = async () =>
    (await app.db.models.tasks
      .findOne({ teamId: FAKE_TEAM_ID, kind: 'complaint_contact', ticketNumber: number })
      .lean())!;
  expect(await ticket()).toMatchObject({ accountManagerId: MANAGER, guestOwner: GUEST });
  expect(await contact()).toMatchObject({ assigneeId: MANAGER, guestOwner: GUEST });
  await saveWithAnotherBeforeMarkOff();
  expect((await ticket()).accountManagerId).toBe(MANAGER);
  expect(await owed()).toBeDefined();
  const [run] = await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
  expect(run!.counts).toMatchObject({ standInsMoved: 1 });
  expect(await ticket()).toMatchObject({ accountManagerId: OTHER_MANAGER, guestOwner: GUEST });
  expect(await contact()).toMatchObject({ assigneeId: OTHER_MANAGER, guestOwner: GUEST });
  expect(await owed()).toBeUndefined();
});

test('a stand-in move reads the roles once after all the guests’ open tickets and once after all the guest-owned customers’ open tasks, not once per guest or customer; both customers’ tickets and tasks move', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  await guestOwnedCustomer(app);
  await guestOwnedCustomer(app, { name: 'Lianyun Optics' });
  const customers = await app.db.models.customers.find({ teamId: FAKE_TEAM_ID }).lean();
  expect(customers.map((c) => c.ownerGuest)).toEqual([true, true]);
  for (const c of customers)
    await makeTicket(app, {
      customerCode: c.code,
      type: 'complaint',
      complaintUrgency: 'general',
    });
  const held = async () => ({
    tickets: (await app.db.models.tickets.find({ teamId: FAKE_TEAM_ID }).lean()).map(
      (t) => t.accountManagerId,
    ),
    tasks: (
      await app.db.models.tasks.find({ teamId: FAKE_TEAM_ID, kind: 'complaint_contact' }).lean()
    ).map((t) => t.assigneeId),
  });
  expect(await held()).toEqual({ tickets: [MANAGER, MANAGER], tasks: [MANAGER, MANAGER] });

  // A save cut short, its mark owed: the outbox job's repair, counting its reads of the roles.
  await saveCutShort([
    failCalls(app.db.models.tickets, 'distinct', { times: Infinity }),
    failCalls(app.db.models.tasks, 'distinct', { times: Infinity }),
  ]);
  const workspaces = app.desk.services.workspaces;
  const stored = workspaces.stored;
  let reads = 0;
  workspaces.stored = function (this: typeof workspaces, ...args) {
    reads++;
    return stored.apply(this, args);
  };
  try {
    const [run] = await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
    expect(run!.counts).toMatchObject({ standInsMoved: 1 });
  } finally {
    workspaces.stored = stored;
  }
  expect(await held()).toEqual({
    tickets: [OTHER_MANAGER, OTHER_MANAGER],
    tasks: [OTHER_MANAGER, OTHER_MANAGER],
  });
  // The repair's own read of the mark, one after the tickets, one after the tasks.
  expect(reads).toBe(3);
});

test('a save that moves the stand-in but cannot write the Homes’ refreshes keeps who stood in before on its mark: the outbox job draws the former stand-in’s Home two minutes on, without the guest’s customer', async () => {
  await signalOnStandInsHome();
  // The save's own Home refreshes (the actor's among them): the database refuses their write.
  const homes = refuseHomesOf(ADMIN);
  await saveCutShort([homes.restore]);
  expect(homes.refused()).toBe(1);
  expect(await owed()).toMatchObject({ from: { managers: [MANAGER, OTHER_MANAGER] } });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  app.fake.reset();
  await repairDrawsFormerStandIn('2026-11-24T02:03:00Z');
});

test('a stand-in repair whose Homes’ refreshes the database refuses keeps the mark and tries again: the former stand-in’s Home is drawn on the next try', async () => {
  await signalOnStandInsHome();
  await saveCutShort([failCalls(app.db.models.tickets, 'distinct', { times: Infinity })]);
  expect(await owed()).toBeDefined();
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  // The repair's Home refreshes (the former stand-in's among them): the database refuses them.
  const homes = refuseHomesOf(MANAGER);
  try {
    await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
  } finally {
    homes.restore();
  }
  expect(homes.refused()).toBe(1);
  expect(await owed()).toMatchObject({ attempts: 1 });
  app.fake.reset();
  await repairDrawsFormerStandIn('2026-11-24T02:05:00Z');
});

/** The database refusing the next read of the team's guest owners (the stand-ins changed). */
const refuseGuestOwnersRead = () =>
  failCalls(app.db.models.customers, 'distinct', {
    when: (field, filter) => field === 'ownerId' && (filter as any)?.ownerGuest === true,
  });

test('a stand-in repair whose read of the guest owners the database refuses keeps the mark and tries again: the former stand-in’s Home is drawn on the next try', async () => {
  await signalOnStandInsHome();
  await saveCutShort([
    failCalls(app.db.models.tickets, 'distinct', { times: Infinity }),
    failCalls(app.db.models.tasks, 'distinct', { times: Infinity }),
    failCalls(app.db.models.customers, 'distinct', { times: Infinity }),
  ]);
  expect(await owed()).toMatchObject({ from: { managers: [MANAGER, OTHER_MANAGER] } });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const restore = refuseGuestOwnersRead();
  try {
    await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
  } finally {
    restore();
  }
  expect(await owed()).toMatchObject({
    attempts: 1,
    from: { managers: [MANAGER, OTHER_MANAGER] },
  });
  app.fake.reset();
  await repairDrawsFormerStandIn('2026-11-24T02:04:00Z');
});

test('a save that moves the stand-in but whose read of the guest owners the database refuses keeps who stood in before on its mark: the outbox job draws the former stand-in’s Home two minutes on, without the guest’s customer', async () => {
  await signalOnStandInsHome();
  // OTHER_MANAGER put first: the guest's stand-in moves, nobody's role changes.
  await app.slack.command('/desk', 'roles', { userId: ADMIN });
  const roles = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  const restore = refuseGuestOwnersRead();
  app.fake.reset();
  try {
    expect(
      (
        await app.slack.submitView(
          roles,
          { managers: `${OTHER_MANAGER},${MANAGER}` },
          { userId: ADMIN },
        )
      ).body,
    ).toBe('');
  } finally {
    restore();
  }
  expect(await owed()).toMatchObject({ from: { managers: [MANAGER, OTHER_MANAGER] } });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(app.fake.homesPublishedTo(MANAGER)).toEqual([]);
  await repairDrawsFormerStandIn('2026-11-24T02:03:00Z');
});

const HELPER = 'U0HELPER01';

/** A general complaint on a guest-owned customer, its contact task (MANAGER's) with HELPER. */
async function guestComplaintWithHelper(): Promise<() => Promise<any>> {
  const code = await guestOwnedCustomer(app);
  const { number } = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'general',
  });
  const filter = { teamId: FAKE_TEAM_ID, kind: 'complaint_contact' as const, ticketNumber: number };
  await app.db.models.tasks.updateOne(filter, { $set: { helperId: HELPER } });
  const contact = async () => (await app.db.models.tasks.findOne(filter).lean())!;
  expect(await contact()).toMatchObject({ assigneeId: MANAGER, helperId: HELPER });
  return contact;
}

test('a save that moves a guest’s task but cannot write the Homes’ refreshes keeps the task’s helper on its mark: the outbox job draws the helper’s Home two minutes on, naming the new stand-in', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  const contact = await guestComplaintWithHelper();
  const homes = refuseHomesOf(ADMIN);
  app.fake.reset();
  await saveCutShort([homes.restore]);
  expect(homes.refused()).toBe(1);
  expect(await contact()).toMatchObject({ assigneeId: OTHER_MANAGER, helperId: HELPER });
  expect(await owed()).toMatchObject({ homes: expect.arrayContaining([HELPER]) });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(app.fake.homesPublishedTo(HELPER)).toEqual([]);
  const view = await repairDrawsHomeOf('2026-11-24T02:03:00Z', HELPER);
  expect(JSON.stringify(view)).toContain(`done by <@${OTHER_MANAGER}>`);
});

test('a stand-in repair that moves a guest’s task but whose Homes’ refreshes the database refuses keeps the task’s helper on the mark: the helper’s Home is drawn on the next try, naming the new stand-in', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  const contact = await guestComplaintWithHelper();
  await saveCutShort([
    failCalls(app.db.models.tickets, 'distinct', { times: Infinity }),
    failCalls(app.db.models.tasks, 'distinct', { times: Infinity }),
  ]);
  expect(await contact()).toMatchObject({ assigneeId: MANAGER });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const homes = refuseHomesOf(HELPER);
  try {
    await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
  } finally {
    homes.restore();
  }
  expect(homes.refused()).toBe(1);
  expect(await contact()).toMatchObject({ assigneeId: OTHER_MANAGER, helperId: HELPER });
  expect(await owed()).toMatchObject({ attempts: 1, homes: expect.arrayContaining([HELPER]) });
  app.fake.reset();
  const view = await repairDrawsHomeOf('2026-11-24T02:04:00Z', HELPER);
  expect(JSON.stringify(view)).toContain(`done by <@${OTHER_MANAGER}>`);
});

test('a save whose Homes’ refreshes were refused, its mark written over by another save that died after its write: the outbox job still draws the moved task’s helper’s Home, naming the new stand-in', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  const contact = await guestComplaintWithHelper();
  const homes = refuseHomesOf(ADMIN);
  await saveCutShort([homes.restore]);
  expect(await contact()).toMatchObject({ assigneeId: OTHER_MANAGER });
  // Another instance's save adding THIRD_MANAGER (the stand-in stays OTHER_MANAGER), gone after
  // its write: its mark is written over the first's.
  const first = await owed();
  const ctx = await ctxOf(app, ADMIN);
  const { settings } = await app.desk.services.workspaces.stored(FAKE_TEAM_ID);
  await app.desk.services.settings.saveRoles(ctx, {
    ...rolesOf(settings),
    managers: [OTHER_MANAGER, THIRD_MANAGER],
  });
  expect((await owed()).id).not.toBe(first.id);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  app.fake.reset();
  const view = await repairDrawsHomeOf('2026-11-24T02:03:00Z', HELPER);
  expect(JSON.stringify(view)).toContain(`done by <@${OTHER_MANAGER}>`);
});

/**
 * Two customers of the guest (MANAGER standing in, OTHER_MANAGER a manager too), a general
 * complaint each, their cards posted: the tickets' account managers and card ts in number
 * order, whether a card's updates name OTHER_MANAGER as the one to contact, and the check after a
 * move failing part-way.
 */
async function twoGuestComplaints() {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  await guestOwnedCustomer(app);
  await guestOwnedCustomer(app, { name: 'Lianyun Optics' });
  for (const c of await app.db.models.customers.find({ teamId: FAKE_TEAM_ID }).lean())
    await makeTicket(app, { customerCode: c.code, type: 'complaint', complaintUrgency: 'general' });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const tickets = async () =>
    (await app.db.models.tickets.find({ teamId: FAKE_TEAM_ID }).sort({ number: 1 }).lean()).map(
      (t) => ({ am: t.accountManagerId, ts: t.card!.ts! }),
    );
  expect((await tickets()).map((t) => t.am)).toEqual([MANAGER, MANAGER]);
  const namesNewStandIn = (ts: string) =>
    app.fake.updatesOf(ts).some((c) => JSON.stringify(c.args).includes(`<@${OTHER_MANAGER}> ·`));
  /**
   * After a move failing on the second ticket: one ticket names the new stand-in, the other the
   * former; the deliveries drained 10 s on, only the moved one's card names the new stand-in.
   */
  const firstMovedOnly = async () => {
    const after = await tickets();
    const first = after.find((t) => t.am === OTHER_MANAGER)!;
    const second = after.find((t) => t.am === MANAGER)!;
    expect([first, second]).toEqual([expect.anything(), expect.anything()]);
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    expect(namesNewStandIn(first.ts)).toBe(true);
    expect(namesNewStandIn(second.ts)).toBe(false);
    return { first, second };
  };
  return { tickets, namesNewStandIn, firstMovedOnly };
}

test('a save whose stand-in move fails on the second ticket still draws the first moved complaint’s card naming the new stand-in; the outbox job moves the other and draws its card', async () => {
  const { tickets, namesNewStandIn, firstMovedOnly } = await twoGuestComplaints();
  app.fake.reset();

  // The first ticket's move written, the second's refused by the database.
  let writes = 0;
  await saveCutShort([failCalls(ticketRepo(app), 'followStandIn', { when: () => ++writes === 2 })]);
  const { second } = await firstMovedOnly();

  await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect((await tickets()).map((t) => t.am)).toEqual([OTHER_MANAGER, OTHER_MANAGER]);
  expect(namesNewStandIn(second.ts)).toBe(true);
});

test('the daily run whose stand-in move fails on the second ticket draws the first moved complaint’s card and the new stand-in’s Home, goes on with the rest of the run, and is recorded failed: the retry a minute on moves the other and sends nothing twice', async () => {
  const { tickets, namesNewStandIn, firstMovedOnly } = await twoGuestComplaints();
  // OTHER_MANAGER stands in now (roles changed with no save's moves: the daily run's to make).
  await app.setSettings(() => ({ managers: [OTHER_MANAGER] }));

  // The first ticket's move written, the second's refused by the database.
  let writes = 0;
  const restore = failCalls(ticketRepo(app), 'followStandIn', { when: () => ++writes === 2 });
  // Run as the minute ticker runs it (runJobAt), its log read.
  const logs = captureLogs();
  let run;
  try {
    app.clock.set('2026-11-25T01:00:00Z');
    app.fake.reset();
    [run] = await runDue({ ...jobDeps(app), log: logs.log }, [tasksJob]);
    await app.desk.outbox.drain();
  } finally {
    restore();
  }
  // The run went on to its end, then recorded failed (the runner tries it again), and the error
  // says how many it moved before.
  expect(run!.error).toBe(DATABASE_GONE);
  expect(
    (await app.desk.services.jobLedger.find('tasks', FAKE_TEAM_ID, '2026-11-25'))!.status,
  ).toBe('failed');
  expect(logs.lines).toContainEqual(
    expect.objectContaining({
      level: 50,
      standInTicketsMoved: 1,
      msg: expect.stringContaining('not all moved to their stand-in'),
    }),
  );
  // What the first try sent (the reminders of the guest's complaint contacts, the overdue list…).
  const dms = () =>
    app.fake
      .tookCalls('chat.postMessage')
      .map((c) => JSON.stringify([c.args.channel, c.args.text]));
  const sent = dms();
  expect(sent.some((dm) => dm.includes('Your follow-up tasks'))).toBe(true);
  const { second } = await firstMovedOnly();
  expect(app.fake.homesPublishedTo(OTHER_MANAGER)).not.toEqual([]);
  // The rest of the run: the guest's open tasks (the complaints' contacts) follow the stand-in.
  expect(
    (await app.db.models.tasks.find({ teamId: FAKE_TEAM_ID, status: 'open' }).lean()).map(
      (t) => t.assigneeId,
    ),
  ).toEqual([OTHER_MANAGER, OTHER_MANAGER]);

  // The runner's retry a minute on (the failed record's lease run out) moves the other, and
  // sends none of what the first try sent again.
  const [next] = await runJobAt(app, tasksJob, '2026-11-25T01:02:00Z');
  expect(next).toMatchObject({ attempts: 2, counts: { standInTicketsMoved: 1 } });
  expect(next!.error).toBeUndefined();
  expect(
    (await app.desk.services.jobLedger.find('tasks', FAKE_TEAM_ID, '2026-11-25'))!.status,
  ).toBe('done');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect((await tickets()).map((t) => t.am)).toEqual([OTHER_MANAGER, OTHER_MANAGER]);
  expect(namesNewStandIn(second.ts)).toBe(true);
  expect(dms().filter((dm) => sent.includes(dm) || dm.includes('Your follow-up tasks'))).toEqual(
    [],
  );
});
