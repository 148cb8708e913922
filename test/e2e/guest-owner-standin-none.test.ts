// A guest owner's tickets and tasks go to a stand-in (the first manager, else the first admin).
// With nobody to stand in (no manager, no admin: the only admin left), they name the guest
// themself. Once someone may stand in (an admin added by the operator, a manager), the outbox
// job's stand-in repair and the daily run move them to that stand-in, marked as the guest's
// (`guestOwner`), as they move those of a stand-in who changed. Before, only tickets and tasks
// already marked were found: the guest kept work they cannot act on.
import { expect, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { guestCriticalComplaint, openCustomerEdit } from '../helpers/clicks.js';
import { ctxOf, OWNER } from '../helpers/factories.js';
import {
  FAKE_GUEST_USER_ID as GUEST,
  FAKE_SINGLE_GUEST_USER_ID as OTHER_GUEST,
  FAKE_TEAM_ID,
} from '../helpers/fake-slack.js';
import { failCalls } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';
import { heldIn, tryEraseUser } from '../helpers/privacy.js';
import { TicketNotifier } from '../../src/notify/tickets.js';
import { SYSTEM_ACTOR } from '../../src/context.js';

const ADMIN = 'U0ADMIN001';
const NEW_ADMIN = 'U0NEWADM01';
const MANAGER = 'U0MANAGER1';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: 'C0TRIAGE01' },
  now: '2026-11-24T02:00:00Z',
});

/** The DMs to `userId` saying a ticket written while nobody could stand in is theirs now. */
const takenDms = (userId: string) =>
  app.fake
    .postsTo(userId)
    .map((c) => String(c.args.text).replace(/<https:\/\/[^|>]+\|(T\d{8})>/g, '$1'))
    .filter((text) => text.includes('nobody could stand in') || text.includes('无人可以代为负责'));

/** A critical complaint filed for a guest-owned customer while nobody could stand in. */
async function complaintWithNobodyToStandIn() {
  await app.setSettings(() => ({ admins: [], managers: [] }));
  const { number, contact } = await guestCriticalComplaint(app);
  const ticket = async () => (await app.db.models.tickets.findOne({ number }).lean())!;
  // Nobody else is there: both name the guest.
  expect(await ticket()).toMatchObject({ accountManagerId: GUEST });
  expect(await contact()).toMatchObject({ status: 'open', assigneeId: GUEST });
  return { number, ticket, contact };
}

/**
 * The operator's `npm run admins -- --add` (the same service call): the moves owed, at once; its
 * own deliveries drained and the fake's record cleared. Returns the clock's time after it.
 */
async function adminAddedByOperator(): Promise<number> {
  const cli = await ctxOf(app, SYSTEM_ACTOR);
  expect(await app.desk.services.settings.addAdmin(cli, NEW_ADMIN)).toBeTruthy();
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  app.fake.reset();
  return app.clock.now().getTime();
}

test('an admin added by the operator while nobody stood in: the outbox job moves the guest’s open ticket and task to them, marked as the guest’s, draws their Home and tells them by DM; a second instance’s repair moves nothing, tells nobody again', async () => {
  const { number, ticket, contact } = await complaintWithNobodyToStandIn();

  const at = await adminAddedByOperator();
  const [job] = await runJobAt(app, outboxJob, new Date(at + 60_000).toISOString());
  expect(job!.counts).toMatchObject({ standInsMoved: 1 });
  expect(await ticket()).toMatchObject({ accountManagerId: NEW_ADMIN, guestOwner: GUEST });
  expect(await contact()).toMatchObject({
    status: 'open',
    assigneeId: NEW_ADMIN,
    guestOwner: GUEST,
  });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const home = JSON.stringify(app.fake.homesPublishedTo(NEW_ADMIN).at(-1)!.args.view);
  expect(home).toContain(`yours: the owner <@${GUEST}> is not a member of the workspace`);
  // The guest's Home lists neither (a guest reads only the tickets they filed): not drawn.
  expect(app.fake.homesPublishedTo(GUEST)).toEqual([]);
  // The intake DM went to the guest: the new admin is told the ticket is theirs now, once.
  expect(takenDms(NEW_ADMIN)).toEqual([
    `${number} for Shanghai Huadong Machinery is yours now as the account manager: its owner <@${GUEST}> is not a member of the workspace (a guest, or of another organisation), and nobody could stand in for them when it came in.`,
  ]);

  // Another instance's (or a late) pass of the same moves: nothing left to move, nobody told again.
  const moved = await app.desk.services.tickets.followStandIns(await ctxOf(app, SYSTEM_ACTOR));
  expect(moved).toMatchObject({ moved: 0, taken: [] });
  await runJobAt(app, outboxJob, new Date(at + 180_000).toISOString());
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(await ticket()).toMatchObject({ accountManagerId: NEW_ADMIN, guestOwner: GUEST });
  expect(takenDms(NEW_ADMIN)).toEqual([]);
});

/**
 * A complaint written while nobody could stand in, then an admin added by the operator: the
 * outbox job a minute on moves it to them with `fault` armed (it returns its restore). The
 * ticket, its number and when the admin was added.
 */
async function movedWith(fault: () => () => void) {
  const { number, ticket } = await complaintWithNobodyToStandIn();
  const at = await adminAddedByOperator();
  const restore = fault();
  try {
    await runJobAt(app, outboxJob, new Date(at + 60_000).toISOString());
  } finally {
    restore();
  }
  return { number, ticket, at };
}

/** The write of the stand-in's DM to the outbox fails (logged, the move stands). */
const dmRefused = () =>
  failCalls(app.desk.services.outbox, 'enqueue', {
    when: (_ctx, entries) => entries.some((e) => e.key.includes(':standInTaken:')),
  });

/** The DM is written, the write taking the mark off fails (logged, the move stands). */
const markOffLost = () => failCalls(app.desk.services.tickets, 'standInTakenTold');

test('the stand-in’s DM refused by the outbox as the outbox job moves the ticket: recorded as owed with the move, written by the notices repair of a later run, once', async () => {
  // The move lands; the write of its DM to the outbox fails (logged, the move stands).
  const { number, ticket, at } = await movedWith(dmRefused);
  expect(await ticket()).toMatchObject({ accountManagerId: NEW_ADMIN, guestOwner: GUEST });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(takenDms(NEW_ADMIN)).toEqual([]);

  // A later run's notices repair writes it; the runs after it write it no more.
  await runJobAt(app, outboxJob, new Date(at + 240_000).toISOString());
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(takenDms(NEW_ADMIN)).toEqual([
    `${number} for Shanghai Huadong Machinery is yours now as the account manager: its owner <@${GUEST}> is not a member of the workspace (a guest, or of another organisation), and nobody could stand in for them when it came in.`,
  ]);
  expect((await ticket()).standInTakenOwedAt).toBeUndefined();
  app.fake.reset();
  await runJobAt(app, outboxJob, new Date(at + 480_000).toISOString());
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(takenDms(NEW_ADMIN)).toEqual([]);
});

test('a manager or admin who appears around the desk while nobody stood in (no roles save): the daily run moves the guest’s open ticket and task to the stand-in, marked as the guest’s, and tells them once by DM (zh-CN)', async () => {
  const { number, ticket, contact } = await complaintWithNobodyToStandIn();
  await app.setSettings(() => ({ admins: [ADMIN], managers: [MANAGER], locale: 'zh-CN' }));

  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  expect(await ticket()).toMatchObject({ accountManagerId: MANAGER, guestOwner: GUEST });
  expect(await contact()).toMatchObject({ assigneeId: MANAGER, guestOwner: GUEST });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(takenDms(MANAGER)).toEqual([
    `Shanghai Huadong Machinery 的工单 ${number} 现由你作为客户经理负责：客户负责人 <@${GUEST}> 不是本工作区成员（访客，或其他组织的人），工单进来时无人可以代为负责。`,
  ]);
  // The next day's run: nothing moves, nobody is told again.
  await runJobAt(app, tasksJob, '2026-11-26T01:00:00Z');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(takenDms(MANAGER)).toEqual([]);
});

test('nobody to stand in yet: the daily run leaves the guest’s ticket and task as they are', async () => {
  const { ticket, contact } = await complaintWithNobodyToStandIn();
  const before = { ticket: await ticket(), contact: await contact() };

  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  expect((await ticket()).version).toBe(before.ticket.version);
  expect((await ticket()).guestOwner).toBeUndefined();
  expect(await contact()).toMatchObject({ assigneeId: GUEST });
  expect((await contact()).guestOwner).toBeUndefined();
});

test('the stand-in’s DM in the outbox but its mark-off lost, then a roles save moves the ticket to another stand-in: the notices repair tells neither again (the new one was not the one nobody could stand in for)', async () => {
  const { number, ticket, at } = await movedWith(markOffLost);
  expect(await ticket()).toMatchObject({
    accountManagerId: NEW_ADMIN,
    guestOwner: GUEST,
    standInTakenOwedAt: expect.any(Date),
  });
  expect(takenDms(NEW_ADMIN)).toEqual([
    `${number} for Shanghai Huadong Machinery is yours now as the account manager: its owner <@${GUEST}> is not a member of the workspace (a guest, or of another organisation), and nobody could stand in for them when it came in.`,
  ]);

  // The new admin makes MANAGER a manager: MANAGER stands in for the guest now.
  app.fake.reset();
  await app.slack.command('/desk', 'roles', { userId: NEW_ADMIN });
  const roles = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  expect(
    (await app.slack.submitView(roles, { managers: MANAGER }, { userId: NEW_ADMIN })).body,
  ).toBe('');
  expect(await ticket()).toMatchObject({ accountManagerId: MANAGER, guestOwner: GUEST });
  expect((await ticket()).standInTakenOwedAt).toBeUndefined();

  // The outbox job's passes after it (notices repair, stand-in repair): nobody is told again.
  for (const later of [240_000, 480_000]) {
    await runJobAt(app, outboxJob, new Date(at + later).toISOString());
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    expect(takenDms(MANAGER)).toEqual([]);
    expect(takenDms(NEW_ADMIN)).toEqual([]);
  }
  expect(await ticket()).toMatchObject({ accountManagerId: MANAGER, guestOwner: GUEST });
});

/** `by` hands the ticket's customer to `owner` on Edit customer; its deliveries drained. */
async function customerHandedTo(number: string, by: string, owner: string) {
  const { customerCode } = (await app.db.models.tickets.findOne({ number }).lean())!;
  const modal = await openCustomerEdit(app, customerCode, by);
  const res = await app.slack.submitView(
    modal.args.view as Record<string, unknown>,
    { owner },
    { userId: by },
  );
  expect(res.body).toBe('');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
}

test('the stand-in’s DM in the outbox but its mark-off lost, then the customer handed to another guest (another stand-in): the notices repair tells nobody that nobody could stand in for the new guest', async () => {
  const { number, ticket } = await movedWith(markOffLost);
  expect(await ticket()).toMatchObject({
    accountManagerId: NEW_ADMIN,
    guestOwner: GUEST,
    standInTakenOwedAt: expect.any(Date),
    standInTakenFor: { accountManagerId: NEW_ADMIN, guestOwner: GUEST },
  });
  expect(takenDms(NEW_ADMIN)).toHaveLength(1);

  // MANAGER manages the other guest; the new admin hands the customer to that guest.
  await app.setSettings(() => ({
    managers: [MANAGER],
    managerLinks: [{ managerId: MANAGER, manages: [OTHER_GUEST] }],
  }));
  app.fake.reset();
  await customerHandedTo(number, NEW_ADMIN, OTHER_GUEST);
  expect(await ticket()).toMatchObject({ accountManagerId: MANAGER, guestOwner: OTHER_GUEST });

  // The outbox job three minutes on (notices repair, stand-in repair): nobody is told.
  for (const later of [180_000, 420_000]) {
    await runJobAt(app, outboxJob, new Date(app.clock.now().getTime() + later).toISOString());
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    expect(takenDms(MANAGER)).toEqual([]);
    expect(takenDms(NEW_ADMIN)).toEqual([]);
  }
  expect((await ticket()).standInTakenOwedAt).toBeUndefined();
  expect((await ticket()).standInTakenFor).toBeUndefined();
  expect(await ticket()).toMatchObject({ accountManagerId: MANAGER, guestOwner: OTHER_GUEST });
});

/** The DM to the stand-in of a ticket moved to them whose customer went to another guest since. */
const handedDm = {
  en: (number: string, guest: string) =>
    `${number} for Shanghai Huadong Machinery is yours now as the account manager: its owner <@${guest}> is not a member of the workspace (a guest, or of another organisation). When it came in, nobody could stand in for its owner then, who was not a member of the workspace either.`,
  'zh-CN': (number: string, guest: string) =>
    `Shanghai Huadong Machinery 的工单 ${number} 现由你作为客户经理负责：客户负责人 <@${guest}> 不是本工作区成员（访客，或其他组织的人）。工单进来时，当时的客户负责人（同样不是本工作区成员）无人可以代为负责。`,
};

/** The outbox job `ms` on, and its deliveries. */
async function outboxJobIn(ms: number) {
  await runJobAt(app, outboxJob, new Date(app.clock.now().getTime() + ms).toISOString());
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
}

test.each(['en', 'zh-CN'] as const)(
  'the stand-in’s DM refused by the outbox as the ticket moves, then the customer handed to another guest the same admin stands in for: the notices repair still tells them the ticket is theirs, naming the new guest as its owner (not as the one nobody could stand in for), once (%s)',
  async (locale) => {
    await app.setSettings(() => ({ locale }));
    const { ticket, number } = await movedWith(dmRefused);
    expect(await ticket()).toMatchObject({
      accountManagerId: NEW_ADMIN,
      guestOwner: GUEST,
      standInTakenOwedAt: expect.any(Date),
    });

    // No manager: the new admin stands in for the other guest too, and hands the customer to them.
    app.fake.reset();
    await customerHandedTo(number, NEW_ADMIN, OTHER_GUEST);
    expect(await ticket()).toMatchObject({ accountManagerId: NEW_ADMIN, guestOwner: OTHER_GUEST });
    // The hand-over tells them nothing of the ticket: they hold it, never told.
    expect(takenDms(NEW_ADMIN)).toEqual([]);

    // The outbox job three minutes on: its notices repair tells them, then no more.
    await outboxJobIn(180_000);
    expect(takenDms(NEW_ADMIN)).toEqual([handedDm[locale](number, OTHER_GUEST)]);
    expect((await ticket()).standInTakenOwedAt).toBeUndefined();
    expect((await ticket()).standInTakenFor).toBeUndefined();
    app.fake.reset();
    await outboxJobIn(240_000);
    expect(takenDms(NEW_ADMIN)).toEqual([]);
  },
);

test('the stand-in’s DM in the outbox but its mark-off lost, then the customer handed to another guest the same admin stands in for: the notices repair does not tell them again', async () => {
  const { number, ticket } = await movedWith(markOffLost);
  expect(takenDms(NEW_ADMIN)).toHaveLength(1);
  app.fake.reset();
  await customerHandedTo(number, NEW_ADMIN, OTHER_GUEST);
  expect(await ticket()).toMatchObject({
    accountManagerId: NEW_ADMIN,
    guestOwner: OTHER_GUEST,
    standInTakenOwedAt: expect.any(Date),
  });

  // Its repair writes the DM under the move's key, in the outbox already: not sent again.
  await outboxJobIn(180_000);
  expect(takenDms(NEW_ADMIN)).toEqual([]);
  expect((await ticket()).standInTakenOwedAt).toBeUndefined();
});

// The guest was their own stand-in (nobody could stand in): their open tickets named them, so a
// hand-over of their customer whose tickets' move is left to the repair keeps them among whom
// the tickets named (`namesOwed.from`), and the repair draws their Home again (revland67 F3).
test('a guest owner who was their own stand-in, their customer handed to a member with the tickets’ move failing: the outbox job’s repair moves the ticket and draws the guest’s Home too', async () => {
  const { ticket } = await complaintWithNobodyToStandIn();
  const code = (await ticket()).customerCode as string;
  // Handed to OWNER by a job (nobody in Slack may); the tickets' move fails at the save.
  const restore = failCalls(app.db.models.tickets, 'updateMany');
  try {
    await app.desk.services.customers.update(
      await ctxOf(app, SYSTEM_ACTOR, { origin: 'job' }),
      code,
      { ownerId: OWNER },
    );
  } finally {
    restore();
  }
  const customer = async () =>
    (await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID, code }).lean())!;
  expect((await customer()).namesOwed?.from).toEqual([GUEST]);
  expect(await ticket()).toMatchObject({ accountManagerId: GUEST });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  app.fake.reset();
  await runJobAt(app, outboxJob, new Date(app.clock.now().getTime() + 180_000).toISOString());
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(await ticket()).toMatchObject({ accountManagerId: OWNER });
  expect(app.fake.homesPublishedTo(GUEST).length).toBeGreaterThan(0);
  expect((await customer()).namesOwed).toBeUndefined();
});

test('the customer handed to a member and its former guest owner erased between the stand-in DM repair’s read of the ticket and its write of the DM: the DM naming the guest is taken back, not sent, and their id is held nowhere', async () => {
  const { ticket, at } = await movedWith(dmRefused);
  expect(await ticket()).toMatchObject({ guestOwner: GUEST, standInTakenOwedAt: expect.any(Date) });
  const code = (await ticket()).customerCode as string;
  // As the repair draws the DM from the ticket it read, on another instance: the customer handed
  // to a member (its tickets move to them), then the guest, who owns nothing now, erased.
  const write = TicketNotifier.prototype.standInTaken;
  let said: string | undefined;
  const spy = vi.spyOn(TicketNotifier.prototype, 'standInTaken').mockImplementation(async function (
    this: TicketNotifier,
    ...args
  ) {
    if (said === undefined && args[1].length) {
      const job = await ctxOf(app, SYSTEM_ACTOR, { origin: 'job' });
      await app.desk.services.customers.update(job, code, { ownerId: OWNER });
      said = await tryEraseUser(app, NEW_ADMIN, GUEST);
    }
    return write.apply(this, args);
  });
  try {
    await runJobAt(app, outboxJob, new Date(at + 240_000).toISOString());
  } finally {
    spy.mockRestore();
  }
  expect(said).toBeDefined();
  expect(said).not.toContain('not erased');
  const told = takenDms(NEW_ADMIN);
  // The next passes draw it from the ticket as it stands: no longer the guest's, nothing owed.
  for (const later of [480_000, 720_000]) {
    await runJobAt(app, outboxJob, new Date(at + later).toISOString());
    told.push(...takenDms(NEW_ADMIN));
  }
  expect(told).toEqual([]);
  expect(await heldIn(app, GUEST)).toEqual([]);
  expect((await ticket()).standInTakenOwedAt).toBeUndefined();
});
