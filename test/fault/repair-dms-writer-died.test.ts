// The outbox job's repairs of owed DMs (the "you now follow" DM, a follower's missed step, the
// stand-in's DM of a guest owner's ticket) write
// them held, read the ticket again and deliver only if it is unchanged (an erasure by Slack user
// landing between the repair's read and its write may have scanned the outbox before they were
// in it). Here the instance dies right after the held write, before that read: the DMs stay in
// the outbox, held, and go to whoever delivers them once the hold ends. That delivery reads the
// ticket's version first: changed (the requester erased), the DMs are taken back, never sent
// with the erased words, and the repair's next pass draws them anew, once; unchanged, they go as
// written, once. One a later delivery posted and Slack may have taken without answering is looked
// for in Slack before it is taken back: found, it is kept as sent, not drawn anew. Through the
// real Bolt stack: signed requests, the fake Slack, the test database.
import { afterEach, expect, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { MAX_ATTEMPTS, OutboxWorker } from '../../src/notify/outbox.js';
import { RequesterNotifier } from '../../src/notify/requester.js';
import { TicketNotifier } from '../../src/notify/tickets.js';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { NOTICES_REPAIR_MS, TicketFlows } from '../../src/flows/tickets.js';
import { createLogger } from '../../src/logger.js';
import { runDue } from '../../src/schedule/runner.js';
import { useTestApp } from '../helpers/app.js';
import { scanStrings } from '../helpers/db.js';
import { guestCriticalComplaint } from '../helpers/clicks.js';
import { act, ctxOf, OWNER } from '../helpers/factories.js';
import { FAKE_GUEST_USER_ID as GUEST } from '../helpers/fake-slack.js';
import { failCalls, Killed } from '../helpers/faults.js';
import { jobDeps, runJobAt } from '../helpers/jobs.js';
import {
  claimOwedToFollower as claimOwed,
  followerNoticeOwed as noticeOwed,
} from '../helpers/follower-repairs.js';
import { captureLogs } from '../helpers/logs.js';
import { heldIn, tryEraseUser } from '../helpers/privacy.js';
import { beforeFollowersWrite } from '../helpers/setups-10-races.js';

const TRIAGE = 'C0TRIAGE01';
const ADMIN = 'U0ADMIN001';
const AGENT = 'U0AGENT001';
const COLL1 = 'U0COLLEA01';
const FOLLOWER = 'U0FOLLOW01';
const ASKER = 'U0ASKER002';
const NEW_ADMIN = 'U0NEWADM01';
/** The requester's words: their ticket's title, which their erasure takes. */
const WORDS = 'Press 12 hydraulic line leaking oil';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});
afterEach(() => vi.restoreAllMocks());

/** The repair's pass (its wait over) and when the hold of what it wrote then has ended. */
const PASS = '2026-11-24T02:03:00Z';
const HOLD_ENDED = '2026-11-24T02:04:01Z';

/** Who and what the owed DMs' set-ups use. */
const owed = (follower: string) => ({
  app,
  triage: TRIAGE,
  agent: AGENT,
  requester: ASKER,
  words: WORDS,
  customer: 'Huadong',
  follower,
});

/** ASKER's ticket, COLL1's "you now follow" DM owed on it (followerNoticeOwed). Its number. */
const followerNoticeOwed = () => noticeOwed(owed(COLL1));

/** ASKER's ticket, FOLLOWER owed AGENT's Claim since their Follow (claimOwedToFollower). Its number. */
const claimOwedToFollower = () => claimOwed(owed(FOLLOWER));

/**
 * The outbox job's pass at PASS, its instance dying right after a repair's held write of its
 * DMs (the outbox write landed; no read of the ticket again, nothing taken back, no mark taken
 * off), with ASKER erased by ADMIN between that repair's read of the ticket and its write when
 * `erase` (through `notifier`, the repair's draw). Whether it died there.
 */
async function passDyingAfterHeldWrite(
  notifier: 'followersAdded' | 'stepsSinceFollowed',
  erase: boolean,
): Promise<boolean> {
  if (erase) {
    const draw = RequesterNotifier.prototype[notifier] as (...a: unknown[]) => Promise<string[]>;
    let erased = false;
    vi.spyOn(RequesterNotifier.prototype, notifier).mockImplementation(async function (
      this: RequesterNotifier,
      ...args: unknown[]
    ) {
      if (!erased && (args[2] as unknown[]).length) {
        erased = true;
        await tryEraseUser(app, ADMIN, ASKER);
      }
      return draw.apply(this, args);
    } as never);
  }
  // The repair's write of the DM to the follower: the instance dies right after it.
  const died = dyingAfterHeldWrite((e) => e.to === COLL1 || e.to === FOLLOWER);
  await runJobAt(app, outboxJob, PASS);
  vi.restoreAllMocks();
  return died();
}

/**
 * The instance dying right after the first outbox write holding an entry `held` picks (the
 * write landed, nothing after it ran). Whether it died, once the pass is over.
 */
function dyingAfterHeldWrite(held: (e: { to?: string; key: string }) => boolean): () => boolean {
  const batch = OutboxWorker.prototype.batch;
  let died = false;
  vi.spyOn(OutboxWorker.prototype, 'batch').mockImplementation(async function (
    this: OutboxWorker,
    ...args: Parameters<OutboxWorker['batch']>
  ) {
    const written = await batch.apply(this, args);
    if (!died && written.written.held.some(held)) {
      died = true;
      throw new Killed('killed after the held write');
    }
    return written;
  } as never);
  return () => died;
}

/** The DMs to NEW_ADMIN saying a ticket written while nobody could stand in is theirs now. */
const takenDms = () => postsSaying(NEW_ADMIN, 'nobody could stand in');

/** What `user` was sent (taken from the fake Slack's record) saying `words`. */
const postsSaying = (user: string, words: string) =>
  app.fake
    .tookPostsTo(user)
    .map((c) => JSON.stringify(c.args))
    .filter((t) => t.includes(words));

/**
 * A critical complaint filed for a guest-owned customer while nobody could stand in, then
 * NEW_ADMIN added by the operator: the outbox job a minute on moves the ticket to them, its DM's
 * write to the outbox failing (owed on the ticket). The ticket's number and its read, and when
 * the repair's next pass is.
 */
async function standInDmOwed() {
  await app.setSettings(() => ({ admins: [], managers: [] }));
  const { number } = await guestCriticalComplaint(app);
  const ticket = async () => (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(await ticket()).toMatchObject({ accountManagerId: GUEST });
  expect(
    await app.desk.services.settings.addAdmin(await ctxOf(app, SYSTEM_ACTOR), NEW_ADMIN),
  ).toBeTruthy();
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const at = app.clock.now().getTime();
  const restore = failCalls(app.desk.services.outbox, 'enqueue', {
    when: (_ctx, entries) => entries.some((e) => e.key.includes(':standInTaken:')),
  });
  try {
    await runJobAt(app, outboxJob, new Date(at + 60_000).toISOString());
  } finally {
    restore();
  }
  expect(await ticket()).toMatchObject({
    accountManagerId: NEW_ADMIN,
    guestOwner: GUEST,
    standInTakenOwedAt: expect.any(Date),
  });
  return { number, ticket, pass: at + 240_000 };
}

/**
 * The outbox job's pass at `pass`, its instance dying right after the stand-in repair's held
 * write of NEW_ADMIN's DM; `meanwhile` run between that repair's read of the ticket and its
 * write. Whether it died there.
 */
async function standInPassDying(pass: number, meanwhile?: () => Promise<void>): Promise<boolean> {
  const draw = TicketNotifier.prototype.standInTaken;
  let drawn = false;
  vi.spyOn(TicketNotifier.prototype, 'standInTaken').mockImplementation(async function (
    this: TicketNotifier,
    ...args
  ) {
    if (!drawn && args[1].length) {
      drawn = true;
      await meanwhile?.();
    }
    return draw.apply(this, args);
  });
  const died = dyingAfterHeldWrite((e) => e.key.includes(':standInTaken:'));
  await runJobAt(app, outboxJob, new Date(pass).toISOString());
  vi.restoreAllMocks();
  return died();
}

/** What COLL1 was sent saying they follow the ticket now. */
const followTold = () => postsSaying(COLL1, 'now follow');

/** What FOLLOWER was sent of the claim. */
const claimsTo = () => postsSaying(FOLLOWER, 'is handling ticket');

/** The outbox delivered by another instance once the dead one's hold has ended. */
async function deliveredAfterHold(): Promise<void> {
  app.clock.set(HOLD_ENDED);
  app.fake.reset();
  await app.desk.outbox.drain();
}

test('the requester erased between the "you now follow" repair’s read and its write, its instance dying right after the write: once the hold ends, the DM drawn with their words is not sent; the next pass tells the follower once without them', async () => {
  const number = await followerNoticeOwed();
  expect(await passDyingAfterHeldWrite('followersAdded', true)).toBe(true);
  // The dead instance's DM waits in the outbox, held, drawn with the erased words.
  expect(await scanStrings(app.db, [WORDS])).not.toEqual([]);
  await deliveredAfterHold();
  const told = followTold();
  expect(told).toEqual([]);
  expect(await scanStrings(app.db, [WORDS])).toEqual([]);
  // The marks were never taken off: the next pass draws the DM from the ticket as it stands.
  for (const at of ['2026-11-24T02:05:00Z', '2026-11-24T02:06:00Z']) {
    await runJobAt(app, outboxJob, at);
    told.push(...followTold());
  }
  expect(told).toHaveLength(1);
  expect(told[0]).toContain(number);
  expect(told[0]).not.toContain(WORDS);
  expect(await scanStrings(app.db, [WORDS])).toEqual([]);
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(doc.followersOwed ?? []).toEqual([]);
});

test('the "you now follow" repair’s instance dying right after its held write, the ticket unchanged: once the hold ends the DM goes out once, and the next passes send nothing more', async () => {
  const number = await followerNoticeOwed();
  expect(await passDyingAfterHeldWrite('followersAdded', false)).toBe(true);
  expect(followTold()).toEqual([]);
  await deliveredAfterHold();
  // Its writer never posts a DM still stamped: nothing to look for in Slack before posting it.
  expect(app.fake.callsTo('conversations.history')).toEqual([]);
  const told = followTold();
  expect(told).toHaveLength(1);
  expect(told[0]).toContain(number);
  expect(told[0]).toContain(WORDS);
  for (const at of ['2026-11-24T02:05:00Z', '2026-11-24T02:06:00Z']) {
    await runJobAt(app, outboxJob, at);
    told.push(...followTold());
  }
  expect(told).toHaveLength(1);
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(doc.followersOwed ?? []).toEqual([]);
});

test('the requester erased between the missed-step repair’s read and its write, its instance dying right after the write, and the next pass coming before any delivery: that pass takes the dead one’s DM back, the one after tells the follower the claim once without their words', async () => {
  const number = await claimOwedToFollower();
  expect(await passDyingAfterHeldWrite('stepsSinceFollowed', true)).toBe(true);
  expect(await scanStrings(app.db, [WORDS])).not.toEqual([]);
  // The next pass runs as the hold ends, before the worker's loop: its write under the same key
  // only matches the dead one's entry, drawn from the ticket before the erasure.
  const told: string[] = [];
  for (const at of ['2026-11-24T02:04:00Z', '2026-11-24T02:05:00Z', '2026-11-24T02:06:00Z']) {
    await runJobAt(app, outboxJob, at);
    told.push(...claimsTo());
  }
  expect(told).toHaveLength(1);
  expect(told[0]).toContain(number);
  expect(told[0]).not.toContain(WORDS);
  expect(await scanStrings(app.db, [WORDS])).toEqual([]);
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(doc.followedAt?.some((f) => f.owedAt)).toBe(false);
});

test('the requester erased between the missed-step repair’s read and its write, its instance dying right after the write: once the hold ends the claim’s DM with their words is not sent; the next pass tells the follower once without them', async () => {
  const number = await claimOwedToFollower();
  expect(await passDyingAfterHeldWrite('stepsSinceFollowed', true)).toBe(true);
  await deliveredAfterHold();
  const told = claimsTo();
  expect(told).toEqual([]);
  expect(await scanStrings(app.db, [WORDS])).toEqual([]);
  await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
  told.push(...claimsTo());
  expect(told).toHaveLength(1);
  expect(told[0]).toContain(number);
  expect(told[0]).not.toContain(WORDS);
});

test('a note on the ticket after the "you now follow" repair checked and sent its DM, Slack failing on it: the DM tried again goes out once as written, not taken back for the change', async () => {
  const number = await followerNoticeOwed();
  // The repair's own delivery fails (Slack failing that call): the DM stays owed, checked.
  app.clock.set(PASS);
  app.fake.reset();
  app.fake.failNext('chat.postMessage', 'internal_error');
  await runDue(jobDeps(app), [outboxJob]);
  await app.desk.outbox.drain();
  expect(followTold()).toEqual([]);
  const entry = await app.db.models.outbox.findOne({ key: /^follower:/ }).lean();
  expect(entry).toMatchObject({ state: 'pending', attempts: 1 });
  expect(entry!.drawnFrom).toBeUndefined();
  await act(app, number, { action: 'note', text: 'checking the line' }, AGENT);
  const told: string[] = [];
  for (const at of ['2026-11-24T02:04:00Z', '2026-11-24T02:05:00Z']) {
    await runJobAt(app, outboxJob, at);
    told.push(...followTold());
  }
  expect(told).toHaveLength(1);
  expect(told[0]).toContain(number);
});

test('the customer handed to a member and its former guest owner erased between the stand-in repair’s read and its write, its instance dying right after the write: once the hold ends the DM naming the guest is not sent, and their id is held nowhere', async () => {
  const { ticket, pass } = await standInDmOwed();
  const code = (await ticket()).customerCode as string;
  let said: string | undefined;
  const died = await standInPassDying(pass, async () => {
    // On another instance: the customer handed to a member (its tickets move to them), then the
    // guest, who owns nothing now, erased.
    const job = await ctxOf(app, SYSTEM_ACTOR, { origin: 'job' });
    await app.desk.services.customers.update(job, code, { ownerId: OWNER });
    said = await tryEraseUser(app, NEW_ADMIN, GUEST);
  });
  expect(died).toBe(true);
  expect(said).not.toContain('not erased');
  // The dead instance's DM waits in the outbox, held, naming the guest.
  expect(await heldIn(app, GUEST)).not.toEqual([]);
  app.clock.set(new Date(pass + 61_000));
  app.fake.reset();
  await app.desk.outbox.drain();
  const told = takenDms();
  // The next passes draw it from the ticket as it stands: no longer the guest's, nothing owed.
  for (const later of [480_000, 720_000]) {
    await runJobAt(app, outboxJob, new Date(pass + later).toISOString());
    told.push(...takenDms());
  }
  expect(told).toEqual([]);
  expect(await heldIn(app, GUEST)).toEqual([]);
  expect((await ticket()).standInTakenOwedAt).toBeUndefined();
});

test('the stand-in repair’s instance dying right after its held write, the ticket unchanged: once the hold ends the stand-in is told once, and the next passes tell nothing more', async () => {
  const { number, ticket, pass } = await standInDmOwed();
  expect(await standInPassDying(pass)).toBe(true);
  expect(takenDms()).toEqual([]);
  app.clock.set(new Date(pass + 61_000));
  app.fake.reset();
  await app.desk.outbox.drain();
  const told = takenDms();
  for (const later of [180_000, 420_000]) {
    await runJobAt(app, outboxJob, new Date(pass + later).toISOString());
    told.push(...takenDms());
  }
  expect(told).toHaveLength(1);
  expect(told[0]).toContain(number);
  expect((await ticket()).standInTakenOwedAt).toBeUndefined();
});

test('two instances repair the same "you now follow" DM, a note landing between the first one’s held write and its check: the second one’s write only matched the first one’s entry, which the first takes back; the second does not take the mark off, and the follower is told once', async () => {
  const number = await followerNoticeOwed();
  const batch = OutboxWorker.prototype.batch;
  const confirm = (TicketFlows.prototype as any).confirmedUnchanged;
  let aWritten: any;
  let teamId = '';
  let inB = false;
  vi.spyOn(TicketFlows.prototype as any, 'confirmedUnchanged').mockImplementation(async function (
    this: unknown,
    ...args: any[]
  ) {
    // B read the ticket again after A's check: A found it changed and took back what it held.
    if (inB && aWritten) await app.desk.outbox.takeBack(teamId, aWritten);
    return confirm.apply(this, args);
  });
  vi.spyOn(OutboxWorker.prototype, 'batch').mockImplementation(async function (
    this: OutboxWorker,
    ...args: Parameters<OutboxWorker['batch']>
  ) {
    const written = await batch.apply(this, args);
    if (!inB && !aWritten && written.written.held.some((e) => e.to === COLL1)) {
      aWritten = written.written;
      teamId = written.written.held[0]!.teamId;
      // Meanwhile a note lands (the ticket's version moves on), and instance B's pass (A's run
      // handed over at a deploy, still going) reads the ticket as it stands and writes the same key.
      await act(app, number, { action: 'note', text: 'checking the line' }, AGENT);
      inB = true;
      try {
        await app.desk.flows.tickets.repairNotices(app.clock.now(), createLogger('silent'));
      } finally {
        inB = false;
      }
    }
    return written;
  } as never);
  await runJobAt(app, outboxJob, PASS);
  vi.restoreAllMocks();
  const told = followTold();
  for (const at of ['2026-11-24T02:05:00Z', '2026-11-24T02:06:00Z', '2026-11-24T02:08:00Z']) {
    await runJobAt(app, outboxJob, at);
    told.push(...followTold());
  }
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  const entries = await app.db.models.outbox.find({ key: /^follower:/ }).lean();
  // Told once (by a later pass: the marks stayed), one entry, nothing owed.
  expect({ told: told.length, owed: doc.followersOwed ?? [], entries: entries.length }).toEqual({
    told: 1,
    owed: [],
    entries: 1,
  });
});

/**
 * COLL1's "you now follow" DM owed (followerNoticeOwed), U0MANAGER1 a manager, the repair's
 * instance dying right after its held write; once the hold ends, Slack gives the DM up at once
 * (user_disabled): nothing went, the entry given up and still stamped as drawn. The ticket's
 * number and that entry.
 */
async function givenUpUnchecked() {
  const number = await followerNoticeOwed();
  await app.setSettings((s) => ({ ...s, managers: ['U0MANAGER1'] }));
  expect(await passDyingAfterHeldWrite('followersAdded', false)).toBe(true);
  app.clock.set(HOLD_ENDED);
  app.fake.reset();
  app.fake.failNext('chat.postMessage', 'user_disabled');
  await app.desk.outbox.drain();
  const dead = (await app.db.models.outbox.findOne({ key: /^follower:/ }).lean())!;
  expect(dead.state).toBe('dead');
  expect(dead.drawnFrom).toBeDefined();
  return { number, dead };
}

test.each([true, false])(
  'a "you now follow" DM its writer never checked, given up at once by Slack (user_disabled), a repair pass, then a note (%s), then the manager’s Send again: the follower is told once',
  async (note) => {
    const { number } = await givenUpUnchecked();
    const told = followTold();
    for (const at of ['2026-11-24T02:05:00Z', '2026-11-24T02:06:00Z']) {
      await runJobAt(app, outboxJob, at);
      told.push(...followTold());
    }
    if (note) await act(app, number, { action: 'note', text: 'checking the line' }, AGENT);
    app.fake.reset();
    await app.slack.blockAction(
      { action_id: 'home_resend_undelivered', value: 'dead', block_id: 'home_outbox' },
      { userId: 'U0MANAGER1' },
    );
    await app.desk.outbox.drain();
    told.push(...followTold());
    for (const at of ['2026-11-24T02:10:00Z', '2026-11-24T02:12:00Z']) {
      await runJobAt(app, outboxJob, at);
      told.push(...followTold());
    }
    const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect({ told: told.length, owed: doc.followersOwed ?? [] }).toEqual({ told: 1, owed: [] });
  },
);

test('a "you now follow" DM its writer never checked, given up at once by Slack, then a note, then the repair passes: the given-up entry (drawn from the old version) is deleted by the pass, the next pass draws it anew, the follower is told once', async () => {
  const { number, dead } = await givenUpUnchecked();
  await act(app, number, { action: 'note', text: 'checking the line' }, AGENT);
  const teamId = dead.teamId as string;
  const deadCount = () => app.db.models.outbox.countDocuments({ teamId, state: 'dead' });
  expect(await deadCount()).toBe(1);
  const told = followTold();
  await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
  told.push(...followTold());
  // The pass deleted the given-up entry (stale) and kept the mark.
  const after = await app.db.models.outbox.find({ key: /^follower:/ }).lean();
  const mid = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect({
    entries: after.length,
    owed: (mid.followersOwed ?? []).length,
    dead: await deadCount(),
  }).toEqual({ entries: 0, owed: 1, dead: 0 });
  for (const at of ['2026-11-24T02:06:00Z', '2026-11-24T02:08:00Z']) {
    await runJobAt(app, outboxJob, at);
    told.push(...followTold());
  }
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  const entries = await app.db.models.outbox.find({ key: /^follower:/ }).lean();
  expect({
    told: told.length,
    owed: doc.followersOwed ?? [],
    states: entries.map((e) => e.state),
  }).toEqual({ told: 1, owed: [], states: ['sent'] });
});

test('two instances repair the same "you now follow" DM, the second one’s write (no change yet) only matching the first one’s held entry, then a note landing before the first one’s check: the second leaves the mark to the first one’s check, and the follower is told once', async () => {
  const number = await followerNoticeOwed();
  const batch = OutboxWorker.prototype.batch;
  let inB = false;
  let done = false;
  vi.spyOn(OutboxWorker.prototype, 'batch').mockImplementation(async function (
    this: OutboxWorker,
    ...args: Parameters<OutboxWorker['batch']>
  ) {
    const written = await batch.apply(this, args);
    if (!inB && !done && written.written.held.some((e) => e.to === COLL1)) {
      done = true;
      // Instance B's pass (A's run still going past its slot) reads the ticket as A did, writes
      // the same key (only matching A's held entry), finds it unchanged and takes the mark off.
      inB = true;
      try {
        await app.desk.flows.tickets.repairNotices(app.clock.now(), createLogger('silent'));
      } finally {
        inB = false;
      }
      // Then a note lands, before A reads the ticket again.
      await act(app, number, { action: 'note', text: 'checking the line' }, AGENT);
    }
    return written;
  } as never);
  await runJobAt(app, outboxJob, PASS);
  vi.restoreAllMocks();
  expect(done).toBe(true);
  const told = followTold();
  for (const at of ['2026-11-24T02:05:00Z', '2026-11-24T02:06:00Z', '2026-11-24T02:08:00Z']) {
    await runJobAt(app, outboxJob, at);
    told.push(...followTold());
  }
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  const entries = await app.db.models.outbox.find({ key: /^follower:/ }).lean();
  expect({
    told: told.length,
    owed: doc.followersOwed ?? [],
    entries: entries.map((e) => e.state),
  }).toEqual({
    told: 1,
    owed: [],
    entries: ['sent'],
  });
});

/**
 * COLL1's "you now follow" DM owed (followerNoticeOwed), the repair's instance dying right after
 * its held write; once the hold ends another delivery finds the ticket unchanged and posts the DM,
 * Slack answering `answer` (taken but answered HTTP 504, a timeout; refused; or, `lost`, not taken
 * and answered HTTP 504); then a note moves
 * the ticket on. The fake Slack's record is kept from then on (its history is what a look finds).
 * The ticket's number.
 */
async function triedThenNoted(
  answer: { takenHttp: number } | { error: string } | 'lost',
  noted = true,
) {
  const number = await followerNoticeOwed();
  expect(await passDyingAfterHeldWrite('followersAdded', false)).toBe(true);
  app.clock.set(HOLD_ENDED);
  app.fake.reset();
  if (answer === 'lost') app.fake.failNextHttp('chat.postMessage', 504);
  else app.fake.answerNextPostsTo(COLL1, [answer]);
  await app.desk.outbox.drain();
  const entry = (await app.db.models.outbox.findOne({ key: /^follower:/ }).lean())!;
  expect(entry).toMatchObject({ state: 'pending', attempts: 1 });
  expect(entry.drawnFrom).toBeDefined();
  if (noted) await act(app, number, { action: 'note', text: 'checking the line' }, AGENT);
  return number;
}

/**
 * Every try of the DM since its first (Slack took it without answering: Slack failing, which is
 * counted apart, TRANSIENT_MAX_ATTEMPTS) looks in Slack first and Slack refuses the look
 * (`invalid_cursor`, one of the tries that give it up): MAX_ATTEMPTS of them, the first 31 s on,
 * the others 31 minutes apart (the last at 06:43:32 after HOLD_ENDED): given up, in doubt.
 */
async function looksRefusedUntilGivenUp(): Promise<void> {
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    app.fake.failNext('conversations.history', 'invalid_cursor');
    app.clock.advance(i === 0 ? 31_000 : 31 * 60_000);
    await app.desk.outbox.drain();
  }
}

/** The outbox job's pass at `at`, then the worker's loop: Slack's record kept (no reset). */
async function passKeepingSlack(at: string): Promise<void> {
  app.clock.set(at);
  await runDue(jobDeps(app), [outboxJob]);
  await app.desk.outbox.drain();
}

test.each(['delivery', 'pass'] as const)(
  'a "you now follow" DM its writer never checked, posted by a later delivery that Slack took without answering (a timeout), then a note: the %s that meets it first looks in Slack, finds it and keeps it as sent; the follower is told once',
  async (first) => {
    const number = await triedThenNoted({ takenHttp: 504 });
    // Slack took it: the follower has it already.
    expect(followTold()).toHaveLength(1);
    // Its retry (30 s on) before the next pass, or the pass first (its write meets the entry).
    if (first === 'delivery') {
      app.clock.set('2026-11-24T02:04:31Z');
      await app.desk.outbox.drain();
    }
    for (const at of ['2026-11-24T02:05:00Z', '2026-11-24T02:06:00Z', '2026-11-24T02:08:00Z'])
      await passKeepingSlack(at);
    const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
    const entries = await app.db.models.outbox.find({ key: /^follower:/ }).lean();
    expect({
      told: followTold().length,
      owed: doc.followersOwed ?? [],
      entries: entries.map((e) => e.state),
    }).toEqual({ told: 1, owed: [], entries: ['sent'] });
  },
);

/** The outbox deliveries /metrics counts now with `outcome` (0 before the first). */
async function deliveriesCounted(outcome: string): Promise<number> {
  const text = await (await fetch(`${app.baseUrl}/metrics`)).text();
  const line = new RegExp(
    `^care_desk_outbox_deliveries_total\\{outcome="${outcome}"\\} (\\d+)$`,
    'm',
  );
  return Number(text.match(line)?.[1] ?? 0);
}

test.each([
  ['a note since', true],
  ['the ticket unchanged', false],
] as const)(
  'a "you now follow" DM its writer never checked, posted by a later delivery that Slack took without answering, %s: the retry that finds it in Slack counts in /metrics as found, not as sent, and keeps it as sent, no longer stamped; the follower is told once',
  async (_, noted) => {
    const number = await triedThenNoted({ takenHttp: 504 }, noted);
    const counted = async () => ({
      sent: await deliveriesCounted('sent'),
      found: await deliveriesCounted('found'),
    });
    const before = await counted();
    app.clock.set('2026-11-24T02:04:31Z');
    await app.desk.outbox.drain();
    const after = await counted();
    const entry = (await app.db.models.outbox.findOne({ key: /^follower:/ }).lean())!;
    expect({
      sent: after.sent - before.sent,
      found: after.found - before.found,
      told: followTold().length,
      state: entry.state,
      stamped: entry.drawnFrom != null,
    }).toEqual({ sent: 0, found: 1, told: 1, state: 'sent', stamped: false });
    for (const at of ['2026-11-24T02:05:00Z', '2026-11-24T02:06:00Z']) await passKeepingSlack(at);
    const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect({ told: followTold().length, owed: doc.followersOwed ?? [] }).toEqual({
      told: 1,
      owed: [],
    });
  },
);

test('a "you now follow" DM its writer never checked, refused by Slack at a later delivery (nothing went), then a note: taken back without a look in Slack, and the next pass tells the follower once', async () => {
  const number = await triedThenNoted({ error: 'internal_error' });
  expect(followTold()).toEqual([]);
  app.clock.set('2026-11-24T02:04:31Z');
  app.fake.reset();
  await app.desk.outbox.drain();
  // Nothing of it can be in Slack: not looked for, taken back.
  expect(app.fake.callsTo('conversations.history')).toEqual([]);
  expect(await app.db.models.outbox.find({ key: /^follower:/ }).lean()).toEqual([]);
  for (const at of ['2026-11-24T02:05:00Z', '2026-11-24T02:06:00Z']) await passKeepingSlack(at);
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect({ told: followTold().length, owed: doc.followersOwed ?? [] }).toEqual({
    told: 1,
    owed: [],
  });
});

test('a "you now follow" DM its writer never checked, posted by a later delivery that got no answer and did not reach Slack, then a note: its retry looks in Slack, finds nothing and takes it back; the next pass tells the follower once', async () => {
  const number = await triedThenNoted('lost');
  expect(followTold()).toEqual([]);
  app.clock.set('2026-11-24T02:04:31Z');
  app.fake.reset();
  await app.desk.outbox.drain();
  expect(app.fake.callsTo('conversations.history')).toHaveLength(1);
  expect(await app.db.models.outbox.find({ key: /^follower:/ }).lean()).toEqual([]);
  for (const at of ['2026-11-24T02:05:00Z', '2026-11-24T02:06:00Z']) await passKeepingSlack(at);
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect({ told: followTold().length, owed: doc.followersOwed ?? [] }).toEqual({
    told: 1,
    owed: [],
  });
});

test('a "you now follow" DM its writer never checked, posted by a later delivery that Slack took without answering, then a note, then every look in Slack failing until it is given up: the pass leaves it given up, the manager’s Send again finds it in Slack; the follower is told once', async () => {
  const number = await triedThenNoted({ takenHttp: 504 });
  await app.setSettings((s) => ({ ...s, managers: ['U0MANAGER1'] }));
  // Its tries look in Slack first and Slack cannot say: held, tried again, never taken back blind.
  await looksRefusedUntilGivenUp();
  const dead = (await app.db.models.outbox.findOne({ key: /^follower:/ }).lean())!;
  expect(dead).toMatchObject({ state: 'dead', attempts: MAX_ATTEMPTS + 1 });
  for (const at of ['2026-11-24T07:00:00Z', '2026-11-24T07:01:00Z']) await passKeepingSlack(at);
  // Still given up (not drawn anew): the managers' Send again.
  expect(await app.db.models.outbox.countDocuments({ key: /^follower:/, state: 'dead' })).toBe(1);
  await app.slack.blockAction(
    { action_id: 'home_resend_undelivered', value: 'dead', block_id: 'home_outbox' },
    { userId: 'U0MANAGER1' },
  );
  await app.desk.outbox.drain();
  for (const at of ['2026-11-24T07:05:00Z', '2026-11-24T07:06:00Z']) await passKeepingSlack(at);
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  const entries = await app.db.models.outbox.find({ key: /^follower:/ }).lean();
  expect({
    told: followTold().length,
    owed: doc.followersOwed ?? [],
    entries: entries.map((e) => e.state),
  }).toEqual({ told: 1, owed: [], entries: ['sent'] });
});

test.each([
  ['Slack took it without answering', { takenHttp: 504 }, 1],
  ['it never reached Slack, unanswered', 'lost', 0],
] as const)(
  'a "you now follow" DM its writer never checked, posted by a later delivery (%s), then a note, then every look in Slack failing until it is given up: once its last back-off is over the repair’s pass makes it owed for one more try, which looks in Slack again, Slack still failing: given up again, nothing posted; the next time Slack answers: found and kept as sent, or taken back and drawn anew; the follower told once, without a Send again',
  async (_, answer, already) => {
    const number = await triedThenNoted(answer);
    await looksRefusedUntilGivenUp();
    const entry = async () => (await app.db.models.outbox.findOne({ key: /^follower:/ }).lean())!;
    expect(await entry()).toMatchObject({ state: 'dead', attempts: MAX_ATTEMPTS + 1 });
    const owedNow = async () =>
      ((await app.db.models.tickets.findOne({ number }).lean())!.followersOwed ?? []).map(
        (o) => o.user,
      );
    const looks = () => app.fake.callsTo('conversations.history').length;
    // Its last back-off (30 minutes from its last try, 06:43) not over: no look.
    let before = looks();
    await passKeepingSlack('2026-11-24T07:00:00Z');
    expect({ looks: looks() - before, state: (await entry()).state }).toEqual({
      looks: 0,
      state: 'dead',
    });
    // Over: one more try, its look failing again: given up again, nothing posted.
    before = looks();
    app.fake.failNext('conversations.history', 'invalid_cursor');
    await passKeepingSlack('2026-11-24T07:14:00Z');
    expect({
      looks: looks() - before,
      state: (await entry()).state,
      told: followTold().length,
      owed: await owedNow(),
    }).toEqual({ looks: 1, state: 'dead', told: already, owed: [COLL1] });
    // 30 minutes on, Slack answering.
    for (const at of ['2026-11-24T07:45:00Z', '2026-11-24T07:46:00Z', '2026-11-24T07:47:00Z'])
      await passKeepingSlack(at);
    const entries = await app.db.models.outbox.find({ key: /^follower:/ }).lean();
    expect({
      told: followTold().length,
      owed: await owedNow(),
      entries: entries.map((e) => e.state),
    }).toEqual({ told: 1, owed: [], entries: ['sent'] });
  },
);

/**
 * COLL1's "you now follow" DM posted by a later delivery that Slack took without answering, then
 * a note, then every look in Slack failing until it is given up (still stamped, in doubt); then
 * FOLLOWER added to the ticket's followers by AGENT, the write of their DM failing: owed on the
 * ticket as COLL1's is. U0MANAGER1 a manager. The ticket's number.
 */
async function inDoubtThenAnotherOwed() {
  const number = await triedThenNoted({ takenHttp: 504 });
  await app.setSettings((s) => ({ ...s, managers: ['U0MANAGER1'] }));
  await looksRefusedUntilGivenUp();
  const dead = (await app.db.models.outbox.findOne({ key: /^follower:/ }).lean())!;
  expect(dead).toMatchObject({ state: 'dead', attempts: MAX_ATTEMPTS + 1 });
  await anotherFollowerOwed(number);
  return number;
}

/**
 * FOLLOWER added to ticket `number`'s followers by AGENT (COLL1 kept), the write of their DM
 * failing: owed on the ticket as COLL1's is.
 */
async function anotherFollowerOwed(number: string): Promise<void> {
  const opened = app.fake.callsTo('views.open').length;
  await app.slack.blockAction(
    { action_id: 'ticket_followers_open', block_id: 'ticket_follow', value: number },
    { userId: AGENT, channelId: TRIAGE },
  );
  const view = app.fake.callsTo('views.open').slice(opened)[0]!.args.view as Record<string, any>;
  const restore = failCalls(app.desk.services.outbox, 'enqueue', {
    when: (_ctx: unknown, entries: { key: string }[]) =>
      entries.some((e) => e.key.startsWith('follower:')),
  } as never);
  try {
    await app.slack.submitView(
      view as never,
      { followers: `${COLL1},${FOLLOWER}` },
      { userId: AGENT },
    );
  } finally {
    restore();
  }
  await app.desk.outbox.drain();
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect((doc.followersOwed ?? []).map((o) => o.user).sort()).toEqual([COLL1, FOLLOWER].sort());
}

test('a "you now follow" DM given up in doubt (Slack took it without answering, every look since failing), then another follower added whose DM is owed too: the next pass tells that follower at once, not after a Send again; the first one’s mark waits for Send again, which finds theirs in Slack; each told once', async () => {
  const number = await inDoubtThenAnotherOwed();
  for (const at of ['2026-11-24T07:00:00Z', '2026-11-24T07:01:00Z', '2026-11-24T07:02:00Z'])
    await passKeepingSlack(at);
  const owedNow = async () =>
    ((await app.db.models.tickets.findOne({ number }).lean())!.followersOwed ?? []).map(
      (o) => o.user,
    );
  const states = async (user: string) =>
    (await app.db.models.outbox.find({ key: /^follower:/, to: user }).lean()).map((e) => e.state);
  // FOLLOWER told (their mark off); COLL1's DM still given up, in doubt, and their mark kept.
  expect({
    follower: postsSaying(FOLLOWER, 'now follow').length,
    coll1: followTold().length,
    owed: await owedNow(),
    coll1Entry: await states(COLL1),
  }).toEqual({ follower: 1, coll1: 1, owed: [COLL1], coll1Entry: ['dead'] });
  await app.slack.blockAction(
    { action_id: 'home_resend_undelivered', value: 'dead', block_id: 'home_outbox' },
    { userId: 'U0MANAGER1' },
  );
  await app.desk.outbox.drain();
  for (const at of ['2026-11-24T07:05:00Z', '2026-11-24T07:06:00Z']) await passKeepingSlack(at);
  expect({
    follower: postsSaying(FOLLOWER, 'now follow').length,
    coll1: followTold().length,
    owed: await owedNow(),
    entries: [...(await states(COLL1)), ...(await states(FOLLOWER))],
  }).toEqual({ follower: 1, coll1: 1, owed: [], entries: ['sent', 'sent'] });
});

test('a "you now follow" DM in doubt (Slack took it without answering, a note since) being looked for in Slack by its retry as the repair passes, another follower’s DM owed too: that pass tells the other follower, not logging that another pass holds them; the retry finds the first one’s in Slack; each told once', async () => {
  const number = await triedThenNoted({ takenHttp: 504 });
  await anotherFollowerOwed(number);
  const { log, lines } = captureLogs();
  const postedEarlier = (OutboxWorker.prototype as any).postedEarlier;
  let repaired: number | undefined;
  vi.spyOn(OutboxWorker.prototype as any, 'postedEarlier').mockImplementation(async function (
    this: unknown,
    ...args: unknown[]
  ) {
    // The repair's pass, while COLL1's retry holds their DM and looks for it in Slack.
    if (repaired === undefined)
      repaired = (await app.desk.flows.tickets.repairNotices(app.clock.now(), log)).repaired;
    return postedEarlier.apply(this, args);
  });
  // FOLLOWER's mark past the repair's wait, COLL1's retry due.
  app.clock.advance(NOTICES_REPAIR_MS + 30_000);
  await app.desk.outbox.drain();
  vi.restoreAllMocks();
  const owedNow = async () =>
    ((await app.db.models.tickets.findOne({ number }).lean())!.followersOwed ?? []).map(
      (o) => o.user,
    );
  // Only COLL1's DM (held by its retry) was left to the next pass: FOLLOWER told now.
  expect({
    repaired,
    follower: postsSaying(FOLLOWER, 'now follow').length,
    coll1: followTold().length,
    owed: await owedNow(),
    held: lines.filter((l) => l.msg.includes('another pass holds them')).length,
  }).toEqual({ repaired: 1, follower: 1, coll1: 1, owed: [COLL1], held: 0 });
  for (const at of ['2026-11-24T02:08:00Z', '2026-11-24T02:09:00Z']) await passKeepingSlack(at);
  const entries = await app.db.models.outbox.find({ key: /^follower:/ }).lean();
  expect({
    follower: postsSaying(FOLLOWER, 'now follow').length,
    coll1: followTold().length,
    owed: await owedNow(),
    entries: entries.map((e) => e.state),
  }).toEqual({ follower: 1, coll1: 1, owed: [], entries: ['sent', 'sent'] });
});

test('a "you now follow" DM its writer never checked, whose delivery stalls past its lease before posting it (another instance taking it over, Slack refusing that one’s post): the next try does not look in Slack for a post the stalled one never asked for, and the follower is told once', async () => {
  const number = await followerNoticeOwed();
  expect(await passDyingAfterHeldWrite('followersAdded', false)).toBe(true);
  app.clock.set(HOLD_ENDED);
  app.fake.reset();
  const rendered = (OutboxWorker.prototype as any).rendered;
  let stalled = false;
  vi.spyOn(OutboxWorker.prototype as any, 'rendered').mockImplementation(async function (
    this: unknown,
    ...args: unknown[]
  ) {
    if (!stalled) {
      stalled = true;
      // This delivery stalls past its lease: instance b takes the DM over (looking in Slack for
      // this one's post, as it may still come), and Slack refuses b's post.
      app.clock.advance(61_000);
      app.fake.failNext('chat.postMessage', 'internal_error');
      await app.instance('b').outbox.drain();
    }
    return rendered.apply(this, args);
  });
  await app.desk.outbox.drain();
  vi.restoreAllMocks();
  expect(stalled).toBe(true);
  expect(followTold()).toEqual([]);
  const entry = (await app.db.models.outbox.findOne({ key: /^follower:/ }).lean())!;
  expect(entry).toMatchObject({ state: 'pending', attempts: 1 });
  // The retry: nothing of either earlier delivery can be in Slack.
  app.clock.advance(31_000);
  app.fake.reset();
  await app.desk.outbox.drain();
  expect({
    looks: app.fake.callsTo('conversations.history').length,
    told: followTold().length,
  }).toEqual({ looks: 0, told: 1 });
  await runJobAt(app, outboxJob, '2026-11-24T02:08:00Z');
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect({ told: followTold().length, owed: doc.followersOwed ?? [] }).toEqual({
    told: 0,
    owed: [],
  });
});

/**
 * FOLLOWER owed AGENT's Claim since their Follow (claimOwedToFollower), U0MANAGER1 a manager; the
 * missed-step repair's instance dying right after its held write; once the hold ends another
 * delivery finds the ticket unchanged and posts the DM, Slack taking it without answering (HTTP
 * 504); a note moves the ticket on; every look in Slack since failing until the DM is given up
 * (still stamped, in doubt). Then COLL1 clicks Follow while AGENT's question (Waiting on customer)
 * lands between the Follow's read and its write, and the Follow's request is cut short before
 * that step's DM to them: owed on the ticket as FOLLOWER's claim is. The ticket's number and
 * the key of FOLLOWER's DM of the claim.
 */
async function stepInDoubtThenAnotherOwed() {
  const number = await claimOwedToFollower();
  await app.setSettings((s) => ({ ...s, managers: ['U0MANAGER1'] }));
  expect(await passDyingAfterHeldWrite('stepsSinceFollowed', false)).toBe(true);
  app.clock.set(HOLD_ENDED);
  app.fake.reset();
  app.fake.answerNextPostsTo(FOLLOWER, [{ takenHttp: 504 }]);
  await app.desk.outbox.drain();
  const tried = (await app.db.models.outbox.findOne({ to: FOLLOWER, key: /:f:/ }).lean())!;
  expect(tried).toMatchObject({ state: 'pending', attempts: 1 });
  expect(tried.drawnFrom).toBeDefined();
  await act(app, number, { action: 'note', text: 'checking the line' }, AGENT);
  await looksRefusedUntilGivenUp();
  const dead = (await app.db.models.outbox.findOne({ to: FOLLOWER, key: /:f:/ }).lean())!;
  expect(dead).toMatchObject({ key: tried.key, state: 'dead', attempts: MAX_ATTEMPTS + 1 });
  const stepped = beforeFollowersWrite(app, async () => {
    app.clock.advance(2_000);
    await act(app, number, { action: 'wait', question: 'Which line is it?' }, AGENT);
  });
  const restore = failCalls(RequesterNotifier.prototype, 'stepsSinceFollowed');
  try {
    await app.slack.blockAction(
      { action_id: 'requester_follow', block_id: 'ticket_follow', value: number },
      { userId: COLL1, channelId: TRIAGE },
    );
  } finally {
    restore();
  }
  expect(stepped()).toBe(true);
  vi.restoreAllMocks();
  await app.desk.outbox.drain();
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(stepsOwedTo(doc)).toEqual([FOLLOWER, COLL1].sort());
  return { number, claimKey: tried.key };
}

/** Who a ticket's followedAt marks still owe a missed step (sorted). */
const stepsOwedTo = (doc: { followedAt?: { user: string; owedAt?: Date | null }[] | null }) =>
  (doc.followedAt ?? [])
    .filter((f) => f.owedAt)
    .map((f) => f.user)
    .sort();

/** What COLL1 was sent of AGENT's question. */
const questionsTo = () => postsSaying(COLL1, 'is waiting on its requester');

test('a follower’s missed step given up in doubt (Slack took it without answering, every look since failing), then another follower owed a missed step on the same ticket: the next pass tells that follower at once, not after a Send again; the first one’s mark waits for Send again, which finds theirs in Slack; each told once', async () => {
  const { number, claimKey } = await stepInDoubtThenAnotherOwed();
  // FOLLOWER has the claim already (Slack took it); COLL1 not yet the question.
  expect({ follower: claimsTo().length, coll1: questionsTo().length }).toEqual({
    follower: 1,
    coll1: 0,
  });
  for (const at of ['2026-11-24T07:00:00Z', '2026-11-24T07:01:00Z', '2026-11-24T07:02:00Z'])
    await passKeepingSlack(at);
  const ticket = async () => (await app.db.models.tickets.findOne({ number }).lean())!;
  const claimState = async () =>
    (await app.db.models.outbox.find({ key: claimKey }).lean()).map((e) => e.state);
  // COLL1 told the question (their mark off); FOLLOWER's DM still given up, in doubt, mark kept.
  expect({
    coll1: questionsTo().length,
    follower: claimsTo().length,
    owed: stepsOwedTo(await ticket()),
    claim: await claimState(),
  }).toEqual({ coll1: 1, follower: 1, owed: [FOLLOWER], claim: ['dead'] });
  expect(questionsTo()[0]).toContain(number);
  await app.slack.blockAction(
    { action_id: 'home_resend_undelivered', value: 'dead', block_id: 'home_outbox' },
    { userId: 'U0MANAGER1' },
  );
  await app.desk.outbox.drain();
  for (const at of ['2026-11-24T07:05:00Z', '2026-11-24T07:06:00Z']) await passKeepingSlack(at);
  expect({
    coll1: questionsTo().length,
    follower: claimsTo().length,
    owed: stepsOwedTo(await ticket()),
    claim: await claimState(),
  }).toEqual({ coll1: 1, follower: 1, owed: [], claim: ['sent'] });
});
