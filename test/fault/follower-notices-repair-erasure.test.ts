// The outbox job's repair of the "you now follow" DM a Followers… save owes (a save cut short
// before the outbox: TicketFlows.repairFollowerNotices) and an erasure by Slack user: one under
// way on the ticket (resumed, cut short, its lease held) is waited for, and one landing between
// the repair's read of the ticket and its write of the DM has that DM taken back and drawn again
// by the next pass. The follower never gets the erased requester's words, and none is held at
// rest. Through the real Bolt stack: signed requests, the fake Slack, the test database.
import { afterEach, expect, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { scanStrings } from '../helpers/db.js';
import { act } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { followerNoticeOwed as noticeOwed, followerRepair } from '../helpers/follower-repairs.js';
import { heldIn } from '../helpers/privacy.js';

const TRIAGE = 'C0TRIAGE01';
const ADMIN = 'U0ADMIN001';
const AGENT = 'U0AGENT001';
const COLL1 = 'U0COLLEA01';
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

/** ASKER's ticket, `follower`'s "you now follow" DM owed on it (followerNoticeOwed). Its number. */
const followerNoticeOwed = (follower = COLL1) =>
  noticeOwed({
    app,
    triage: TRIAGE,
    agent: AGENT,
    requester: ASKER,
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
  write: 'followersAdded',
  admin: ADMIN,
  agent: AGENT,
  requester: ASKER,
  follower: COLL1,
  says: 'now follow',
  words: WORDS,
});

test('the requester’s erasure cut short after it resumed their ticket (its lease held): the "you now follow" repair waits for it to be done, then tells the follower without their words', async () => {
  const number = await followerNoticeOwed();
  await erasureCutAfterResume(number);
  // The repair's wait over, the erasure's lease not yet run out; then the upkeep finishes it.
  await toldOnceWithoutWords(number, [
    '2026-11-24T02:03:00Z',
    '2026-11-24T02:10:00Z',
    '2026-11-24T02:11:00Z',
  ]);
});

test('the requester’s erasure resuming their ticket after the "you now follow" repair’s pass listed it, before its read of it again, and cut short there: the repair waits for it to be done, then tells the follower without their words', async () => {
  const number = await followerNoticeOwed();
  expect(await erasureCutAfterListing(number, '2026-11-24T02:03:00Z')).toBe(true);
  // The erasure's lease not yet run out; then the upkeep finishes it.
  await toldOnceWithoutWords(number, ['2026-11-24T02:10:00Z', '2026-11-24T02:11:00Z']);
});

test('the requester erased between the "you now follow" repair’s read and its write: the follower is told without their words, none held at rest', async () => {
  const number = await followerNoticeOwed();
  expect(await repairWithErasureBetween(ASKER)).toBe(true);
  // Nothing the desk holds keeps their words (nor the outbox's entry of that DM).
  expect(await scanStrings(app.db, [WORDS])).toEqual([]);
  // What that run wrote was taken back (the ticket changed): the next run draws it as erased.
  await toldOnceWithoutWords(number, ['2026-11-24T02:04:00Z']);
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(doc.followersOwed ?? []).toEqual([]);
});

test('the follower erased between the "you now follow" repair’s read and its write: nothing sent to them, their id held nowhere', async () => {
  await followerNoticeOwed();
  expect(await repairWithErasureBetween(COLL1)).toBe(true);
  await runJobAt(app, outboxJob, '2026-11-24T02:04:00Z');
  expect(app.fake.tookPostsTo(COLL1)).toEqual([]);
  expect(await heldIn(app, COLL1)).toEqual([]);
});

test('a ticket changed while the "you now follow" repair is busy with an earlier one of its pass (a note added): read again as its turn comes, its follower is told in that pass, not left to the next', async () => {
  const COLL2 = 'U0COLLEA02';
  const first = await followerNoticeOwed(COLL1);
  const second = await followerNoticeOwed(COLL2);
  const noted = await repairRunWith(
    '2026-11-24T02:03:00Z',
    () => act(app, second, { action: 'note', text: 'checking the line' }, AGENT),
    (args) => args[1].number === first,
  );
  expect(noted).toBe(true);
  const told = (user: string) =>
    app.fake
      .tookPostsTo(user)
      .map((c) => JSON.stringify(c.args))
      .filter((t) => t.includes('now follow'));
  expect(told(COLL1)).toHaveLength(1);
  expect(told(COLL2)).toHaveLength(1);
  expect(told(COLL2)[0]).toContain(second);
  const doc = (await app.db.models.tickets.findOne({ number: second }).lean())!;
  expect(doc.followersOwed ?? []).toEqual([]);
});

test('more tickets held by an erasure under way (resumed, cut short) than one pass of the "you now follow" repair reads: another ticket owing it, owed later, is repaired in that pass, not held up behind them; theirs go once the erasure is done', async () => {
  const OTHER = { requester: 'U0ASKER003', follower: 'U0COLLEA03' };
  const { held, free } = await passWithHeldAhead(
    (requester, follower) =>
      noticeOwed({
        app,
        triage: TRIAGE,
        agent: AGENT,
        requester,
        words: WORDS,
        customer: `Huadong ${++customers}`,
        follower,
      }),
    OTHER,
    '2026-11-24T02:03:00Z',
  );
  expect(told(OTHER.follower)).toHaveLength(1);
  expect(told(OTHER.follower)[0]).toContain(free);
  expect(told()).toEqual([]);
  // The erasure's lease run out, the upkeep finishes it: each held ticket's DM, without the words.
  for (const at of ['2026-11-24T02:10:00Z', '2026-11-24T02:11:00Z'])
    await runJobAt(app, outboxJob, at);
  const said = told();
  expect(held.map((n) => said.filter((t) => t.includes(n)).length)).toEqual([1, 1, 1]);
  expect(said.filter((t) => t.includes(WORDS))).toEqual([]);
});
