// The outbox job's repair of the steps owed to a follower added while the step was written
// (TicketFlows.repairFollowSteps: a Follow cut short after its write, before that step's DM),
// and an erasure by Slack user landing between the repair's read of the ticket and its write of
// the DM to the outbox (another instance's Erase, at that moment): the DM carries nothing the
// erasure took (the requester's words), and none goes to a follower it erased. Through the real
// Bolt stack: signed requests, the fake Slack, the test database.
import { afterEach, expect, test, vi } from 'vitest';
import { Types } from 'mongoose';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { scanStrings } from '../helpers/db.js';
import { act } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { claimOwedToFollower as claimOwed, followerRepair } from '../helpers/follower-repairs.js';
import { heldIn } from '../helpers/privacy.js';

const TRIAGE = 'C0TRIAGE01';
const ADMIN = 'U0ADMIN001';
const AGENT = 'U0AGENT001';
const FOLLOWER = 'U0FOLLOW01';
const ASKER = 'U0ASKER002';
/** The requester's words: their ticket's title, which their erasure takes. */
const WORDS = 'Press 12 hydraulic line leaking oil';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});
afterEach(() => vi.restoreAllMocks());

/** Customers made so far (each ticket's has a name of its own). */
let customers = 0;

/** `requester`'s ticket, `follower` owed AGENT's Claim since their Follow (claimOwedToFollower). Its number. */
const claimOwedToFollower = (requester = ASKER, follower = FOLLOWER) =>
  claimOwed({
    app,
    triage: TRIAGE,
    agent: AGENT,
    requester,
    words: WORDS,
    customer: `Huadong ${++customers}`,
    follower,
  });

const {
  repairRunWith,
  repairWithErasureBetween,
  toldOnceWithoutWords,
  erasureCutAfterResume,
  erasureCutAfterListing,
  passWithHeldAhead,
  told,
} = followerRepair({
  app,
  write: 'stepsSinceFollowed',
  admin: ADMIN,
  agent: AGENT,
  requester: ASKER,
  follower: FOLLOWER,
  says: 'is handling ticket',
  words: WORDS,
});

test('the requester erased between the repair’s read and its write: the follower is told the claim without their words', async () => {
  const number = await claimOwedToFollower();
  expect(await repairWithErasureBetween(ASKER)).toBe(true);
  // What that run wrote was taken back (the ticket changed): the next run draws it as erased;
  // nothing the desk holds keeps their words (nor the outbox's entry of that DM).
  await toldOnceWithoutWords(number, ['2026-11-24T02:04:00Z']);
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(doc.followedAt?.some((f) => f.owedAt)).toBe(false);
});

test('the follower erased between the repair’s read and its write: nothing sent to them, their id held nowhere', async () => {
  const number = await claimOwedToFollower();
  expect(await repairWithErasureBetween(FOLLOWER)).toBe(true);
  expect(app.fake.tookPostsTo(FOLLOWER)).toEqual([]);
  await runJobAt(app, outboxJob, '2026-11-24T02:04:00Z');
  expect(app.fake.tookPostsTo(FOLLOWER)).toEqual([]);
  expect(await heldIn(app, FOLLOWER)).toEqual([]);
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(doc.followers ?? []).not.toContain(FOLLOWER);
});

test('the requester erased between the repair’s read and its write, and its read of the ticket again failing (the database, that moment): what it wrote is taken back all the same, never sent with their words once its hold runs out; the follower is told once without them', async () => {
  const number = await claimOwedToFollower();
  expect(await repairWithErasureBetween(ASKER, { failReread: true })).toBe(true);
  // The next passes: one while that write's hold would still run, one well after it.
  await toldOnceWithoutWords(number, ['2026-11-24T02:04:00Z', '2026-11-24T02:20:00Z']);
});

test('in quiet hours, the requester erased between the repair’s read and its write: the DM written to wait is taken back too, and goes without their words when they end', async () => {
  const number = await claimOwedToFollower();
  // 10:02 to 12:00 in Shanghai (02:02 to 04:00 UTC): the step's DM waits for their end.
  await app.setSettings((s) => ({
    ...s,
    quietHours: { enabled: true, start: '10:02', end: '12:00' },
  }));
  expect(await repairWithErasureBetween(ASKER)).toBe(true);
  // Nothing left waiting with their words in it.
  expect(await scanStrings(app.db, [WORDS])).toEqual([]);
  await toldOnceWithoutWords(number, ['2026-11-24T04:01:00Z']);
});

test('quiet hours ending while the pass runs (its time their start, the clock past their end when it takes back what it wrote): the DM written to wait is taken back all the same, and goes once without the requester’s words', async () => {
  const number = await claimOwedToFollower();
  // 10:02 to 10:04 in Shanghai: the pass starts at 02:03 UTC, in them; the erasure, then the
  // take-back, run at 02:04:30, after them (the DM's nextAt 02:04 no longer to come).
  await app.setSettings((s) => ({
    ...s,
    quietHours: { enabled: true, start: '10:02', end: '10:04' },
  }));
  expect(await repairWithErasureBetween(ASKER, { later: '2026-11-24T02:04:30Z' })).toBe(true);
  await toldOnceWithoutWords(number, ['2026-11-24T02:06:00Z']);
});

test('the requester’s erasure cut short after it resumed their ticket (its lease held, the ticket not rewritten yet): the repair waits for it to be done, then tells the follower the claim without their words', async () => {
  const number = await claimOwedToFollower();
  // Cut once the resume's notices were marked written: the notices repair owes no replay of the
  // ticket's steps (which would tell the follower the claim under the same key, repair or not).
  await erasureCutAfterResume(number, { marked: true });
  // The repair's wait over, the erasure's lease not yet run out; then the upkeep finishes it.
  await toldOnceWithoutWords(number, [
    '2026-11-24T02:03:00Z',
    '2026-11-24T02:10:00Z',
    '2026-11-24T02:11:00Z',
  ]);
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(doc.followedAt?.some((f) => f.owedAt)).toBe(false);
});

test('the requester’s erasure resuming their ticket after the repair’s pass listed it, before its read of it again, and cut short there: the repair waits for it to be done, then tells the follower the claim without their words', async () => {
  const number = await claimOwedToFollower();
  expect(await erasureCutAfterListing(number, '2026-11-24T02:03:00Z')).toBe(true);
  // The erasure is cut before the resume's notices were marked written (noticesOwedAt stays):
  // once it is done, the notices repair's replay (TicketNotifier.announce) owes the follower the
  // claim too, under the same key as this repair's DM. Told once only while both paths use that
  // key: the only test where both owe it (keep the cut there).
  // The erasure's lease not yet run out; then the upkeep finishes it.
  await toldOnceWithoutWords(number, ['2026-11-24T02:10:00Z', '2026-11-24T02:11:00Z']);
});

test('in quiet hours, the ticket changed between the repair’s read and its write while an earlier try of the step’s DM waits under its key: that entry is kept as it was (its doubt whether Slack took it too), sent once', async () => {
  const number = await claimOwedToFollower();
  await app.setSettings((s) => ({
    ...s,
    quietHours: { enabled: true, start: '10:02', end: '12:00' },
  }));
  const ticket = (await app.db.models.tickets.findOne({ number }).lean())!;
  const mark = ticket.followedAt!.find((f) => f.user === FOLLOWER)!;
  const key = `requester:${String(ticket._id)}:event:${mark.seq! + 1}:f:${FOLLOWER}`;
  // Another writer's entry under the step's key (the notices replay's), tried once by a delivery
  // that timed out (Slack may have taken it: `heldBy`), due again after its backoff.
  const model = app.db.models.outbox as any;
  const { _id, leaseOwner, leaseUntil, ...like } = (await model.findOne({}).lean())!;
  await model.collection.insertOne({
    ...like,
    _id: new Types.ObjectId(),
    key,
    kind: 'message',
    to: FOLLOWER,
    data: { message: { text: 'the earlier try' } },
    state: 'pending',
    attempts: 1,
    lastError: 'timeout',
    heldBy: ['other:1:1'],
    nextAt: new Date('2026-11-24T02:30:00Z'),
  });
  const changed = await repairRunWith('2026-11-24T02:03:00Z', () =>
    act(app, number, { action: 'note', text: 'checking the line' }, AGENT),
  );
  expect(changed).toBe(true);
  // The repair's write only matched it: not its own to take back.
  expect(await model.findOne({ key }).lean()).toMatchObject({
    heldBy: ['other:1:1'],
    attempts: 1,
    data: { message: { text: 'the earlier try' } },
  });
  // The next pass writes the key again (matched: left as it is); the entry goes once, then
  // nothing more under it.
  const told: string[] = [];
  for (const at of ['2026-11-24T02:04:00Z', '2026-11-24T02:31:00Z', '2026-11-24T04:01:00Z']) {
    await runJobAt(app, outboxJob, at);
    told.push(...app.fake.tookPostsTo(FOLLOWER).map((c) => JSON.stringify(c.args)));
  }
  expect(told.filter((t) => t.includes('the earlier try'))).toHaveLength(1);
  expect(told.filter((t) => t.includes('is handling ticket'))).toEqual([]);
  expect(await model.findOne({ key }).lean()).toMatchObject({ state: 'sent' });
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(doc.followedAt?.some((f) => f.owedAt)).toBe(false);
});

test('more tickets held by an erasure under way (resumed, cut short) than one pass of the missed-step repair reads: another ticket owing a follower its claim, owed later, is repaired in that pass, not held up behind them; theirs go once the erasure is done', async () => {
  const OTHER = { requester: 'U0ASKER003', follower: 'U0FOLLOW03' };
  const { held, free } = await passWithHeldAhead(
    claimOwedToFollower,
    OTHER,
    '2026-11-24T02:03:00Z',
  );
  expect(told(OTHER.follower)).toHaveLength(1);
  expect(told(OTHER.follower)[0]).toContain(free);
  expect(told()).toEqual([]);
  // The erasure's lease run out, the upkeep finishes it: each held ticket's claim, without the words.
  for (const at of ['2026-11-24T02:10:00Z', '2026-11-24T02:11:00Z'])
    await runJobAt(app, outboxJob, at);
  const said = told();
  expect(held.map((n) => said.filter((t) => t.includes(n)).length)).toEqual([1, 1, 1]);
  expect(said.filter((t) => t.includes(WORDS))).toEqual([]);
});
