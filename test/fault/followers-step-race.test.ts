// A live step whose request read the ticket before someone clicked Follow, and wrote after
// (Follow bumps no version, so the step's write stands and lists them): they are told the step,
// however the two requests' clocks differ (TicketRecord.followedAt counts the steps written when
// they began, not the time). revland60 F1. And the other side: a step written between a Follow's
// read and its write (the write refused, read again) did not list them: Follow tells them it,
// and so does a merge whose addition of the duplicate's followers to its target a step outran.
import { afterEach, expect, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { RequesterNotifier } from '../../src/notify/requester.js';
import { lastModalView } from '../helpers/clicks.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { failCalls } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';
import { beforeFirstWrite, beforeFollowersWrite } from '../helpers/setups-10-races.js';

const TRIAGE = 'C0TRIAGE01';
const FOLLOWER = 'U0FOLLOW01';
const MANAGER = 'U0MANAGER1';
const AGENT2 = 'U0AGENT002';
const ASKER = 'U0ASKER002';
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });
afterEach(() => vi.restoreAllMocks());

/** A ticket with its card posted: its number and the card's ts. */
async function ticketWithCard(): Promise<{ number: string; ts: string }> {
  const { number } = await makeTicket(app, { title: 'Press 12' });
  await app.desk.outbox.drain();
  const ts = (await app.db.models.tickets.findOne({ number }).lean())!.card!.ts!;
  return { number, ts };
}

/** `user` clicks Claim on ticket `number`'s card `ts` in the triage channel. */
const claimClick = (number: string, ts: string, user = AGENT) =>
  app.slack.blockAction(
    { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
    { userId: user, channelId: TRIAGE, messageTs: ts },
  );

/** FOLLOWER clicks Follow on ticket `number`. */
const followClick = (number: string) =>
  app.slack.blockAction(
    { action_id: 'requester_follow', block_id: 'ticket_follow', value: number },
    { userId: FOLLOWER, channelId: TRIAGE },
  );

/**
 * After the race on ticket `number`: its deliveries drained, AGENT holds it, FOLLOWER follows it
 * and was told the claim by DM, once.
 */
async function claimedAndFollowedOnce(number: string): Promise<void> {
  await app.desk.outbox.drain();
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(doc.assigneeId).toBe(AGENT);
  expect(doc.followers).toContain(FOLLOWER);
  const texts = app.fake.tookPostsTo(FOLLOWER).map((c) => String(c.args.text));
  expect(texts.filter((t) => t.includes('is handling ticket'))).toHaveLength(1);
}

test('Follow landing between a Claim read and its write: the follower is told the claim live', async () => {
  const { number, ts } = await ticketWithCard();
  app.fake.reset();
  const stepped = beforeFirstWrite(app, async () => {
    // Two seconds on (the claim's Slack look-ups, a slow instance), FOLLOWER clicks Follow.
    app.clock.set('2026-11-24T02:00:02Z');
    await followClick(number);
  });
  const res = await claimClick(number, ts);
  expect(res.status).toBe(200);
  expect(stepped()).toBe(true);
  await claimedAndFollowedOnce(number);
});

test('a Claim landing between a Follow’s read and its write: the follower is told the claim, once', async () => {
  const { number, ts } = await ticketWithCard();
  app.fake.reset();
  const stepped = beforeFollowersWrite(app, async () => {
    // Two seconds on (a slow instance), AGENT claims it: written before the Follow's update.
    app.clock.set('2026-11-24T02:00:02Z');
    const claimed = await claimClick(number, ts);
    expect(claimed.status).toBe(200);
  });
  const res = await followClick(number);
  expect(res.status).toBe(200);
  expect(stepped()).toBe(true);
  await claimedAndFollowedOnce(number);
  // The mark the addition wrote of the step it owes them is taken off with the DM written.
  const after = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(after.followedAt?.find((f) => f.user === FOLLOWER)?.owedAt).toBeUndefined();
  // Nothing owed: the outbox job's run after the repair's wait tells them nothing again.
  await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
  expect(app.fake.tookPostsTo(FOLLOWER)).toEqual([]);
});

test('a Claim landing between a Followers… addition’s read and its write: whom it added is told the claim once, beside that they follow it', async () => {
  await app.setSettings((s) => ({ ...s, managers: [MANAGER] }));
  const { number, ts } = await ticketWithCard();
  await app.slack.blockAction(
    { action_id: 'ticket_followers_open', block_id: 'ticket_follow', value: number },
    { userId: MANAGER, channelId: TRIAGE },
  );
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  app.fake.reset();
  const stepped = beforeFollowersWrite(app, async () => {
    app.clock.set('2026-11-24T02:00:02Z');
    await claimClick(number, ts);
  });
  const res = await app.slack.submitView(view, { followers: FOLLOWER }, { userId: MANAGER });
  expect(res.body).toBe('');
  expect(stepped()).toBe(true);
  await app.desk.outbox.drain();
  const texts = app.fake.tookPostsTo(FOLLOWER).map((c) => String(c.args.text));
  expect(texts.filter((t) => t.includes('is handling ticket'))).toHaveLength(1);
  expect(texts.filter((t) => t.includes(`You now follow ticket *${number}*`))).toHaveLength(1);
});

test('a Claim on the target landing between a merge’s addition of the duplicate’s follower and its write: the follower (and its requester) told the claim, once', async () => {
  await app.setSettings((s) => ({ ...s, agents: [AGENT, AGENT2] }));
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const target = await makeTicket(app, { customerCode: code, title: 'Line 3 down' });
  const duplicate = await makeTicket(app, {
    customerCode: code,
    title: 'Production stopped',
    requester: { userId: ASKER },
  });
  await act(app, duplicate.number, { action: 'claim' }, AGENT);
  await followClick(duplicate.number);
  await app.desk.outbox.drain();
  const ts = (await app.db.models.tickets.findOne({ number: target.number }).lean())!.card!.ts!;
  await app.slack.blockAction(
    { action_id: 'ticket_merge_open', value: duplicate.number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  const view = lastModalView(app);
  app.fake.reset();
  const stepped = beforeFollowersWrite(app, async () => {
    // Two seconds on, AGENT2 claims the target: written before the merge's addition.
    app.clock.set('2026-11-24T02:00:02Z');
    const claimed = await claimClick(target.number, ts, AGENT2);
    expect(claimed.status).toBe(200);
  });
  const res = await app.slack.submitView(view, { target: target.number }, { userId: AGENT });
  expect(res.body).toBe('');
  expect(stepped()).toBe(true);
  await app.desk.outbox.drain();
  const doc = (await app.db.models.tickets.findOne({ number: target.number }).lean())!;
  expect(doc.assigneeId).toBe(AGENT2);
  expect(doc.followers).toEqual(expect.arrayContaining([FOLLOWER, ASKER]));
  for (const user of [FOLLOWER, ASKER]) {
    const texts = app.fake.tookPostsTo(user).map((c) => String(c.args.text));
    const claims = texts.filter((t) => t.includes('is handling ticket'));
    expect(claims, user).toHaveLength(1);
    expect(claims[0]).toContain(target.number);
  }
  expect(doc.followedAt?.some((f) => f.owedAt)).toBe(false);
  // Nothing owed: the outbox job's run after the repair's wait tells them nothing again.
  await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
  expect(app.fake.tookPostsTo(FOLLOWER)).toEqual([]);
  expect(app.fake.tookPostsTo(ASKER)).toEqual([]);
});

test('a Follow whose request is cut short after its write, before the DM of the Claim that landed meanwhile: the outbox job’s repair tells the follower it, once', async () => {
  const { number, ts } = await ticketWithCard();
  app.fake.reset();
  const stepped = beforeFollowersWrite(app, async () => {
    app.clock.set('2026-11-24T02:00:02Z');
    await claimClick(number, ts);
  });
  // The addition written, the step's DM never reaches the outbox (the database gone right then).
  const restore = failCalls(RequesterNotifier.prototype, 'stepsSinceFollowed');
  try {
    await followClick(number);
  } finally {
    restore();
  }
  expect(stepped()).toBe(true);
  await app.desk.outbox.drain();
  const claimsTo = () =>
    app.fake
      .tookPostsTo(FOLLOWER)
      .map((c) => String(c.args.text))
      .filter((t) => t.includes('is handling ticket'));
  expect((await app.db.models.tickets.findOne({ number }).lean())!.followers).toContain(FOLLOWER);
  expect(claimsTo()).toEqual([]);
  // Within the repair's wait the job leaves it to the request; after it, the repair writes it.
  await runJobAt(app, outboxJob, '2026-11-24T02:01:00Z');
  expect(claimsTo()).toEqual([]);
  await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
  await app.desk.outbox.drain();
  expect(claimsTo()).toHaveLength(1);
  expect(claimsTo()[0]).toContain(number);
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(doc.followedAt?.some((f) => f.owedAt)).toBe(false);
  // Told once: the next run writes nothing.
  await runJobAt(app, outboxJob, '2026-11-24T02:06:00Z');
  expect(app.fake.tookPostsTo(FOLLOWER)).toEqual([]);
});
