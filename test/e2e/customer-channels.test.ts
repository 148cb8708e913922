import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import type { Types } from 'mongoose';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  EDITS_MAX,
  EVENT_MAX_ATTEMPTS,
  FOLLOW_UP_PARTS_MAX,
  THREAD_REPLIES_MAX,
} from '../../src/channel/types.js';
import { TEST_SIGNING_SECRET, useTestApp } from '../helpers/app.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import {
  FAKE_GUEST_USER_ID,
  FAKE_SINGLE_GUEST_USER_ID,
  FAKE_TEAM_ID,
} from '../helpers/fake-slack.js';
import { messageEvent, SlackRequests } from '../helpers/slack-requests.js';
import { submitLastModal } from '../helpers/clicks.js';
import { failCalls } from '../helpers/faults.js';
import { createLogger } from '../../src/logger.js';
import { jobDepsOf } from '../../src/app.js';
import { KEPT_NOTE_BURST_MS, keptNoteBurst, type TicketRecord } from '../../src/ticket/types.js';
import { SYSTEM_ACTOR, type Ctx } from '../../src/context.js';
import { captureLogs, type LogLine } from '../helpers/logs.js';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { slackEventsJob } from '../../jobs/slack-events.js';
import { jobDeps, runJobAt } from '../helpers/jobs.js';
import { runDue } from '../../src/schedule/runner.js';
import type { JobDeps } from '../../src/schedule/job.js';
import { TicketService } from '../../src/ticket/service.js';
import { TicketFlows } from '../../src/flows/tickets.js';
import { PrivacyLog } from '../../src/privacy/service.js';
import { eraseUserInSlack } from '../helpers/privacy.js';
import { scannerEdited } from '../helpers/setups-9-edits.js';

// Customer channels (#10) through the real Bolt HTTP path: Events API envelopes signed like
// Slack's, deduplicated by event_id (retries, two instances) and by message ts.
const TRIAGE = 'C0TRIAGE01';
const ADMIN = 'U0ADMIN001';
const CUST = 'C0CUSTCH01';
const OTHER = 'C0OTHERCH1';
const CUSTOMER_USER = 'U0CUSTUSR1';
const EXTERNAL_USER = 'U0EXTERN01';
const THEIR_TEAM = 'T0THEIRORG';

/** The read deadlines of bodies over the limit, each over when a test calls it. */
const readDeadlines: (() => void)[] = [];
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
  oversizeReadWait: () => new Promise<void>((over) => readDeadlines.push(over)),
});

// An answer armed for users.info and never reached hides a regression (a call fewer passes).
afterEach(() => {
  expect(app.fake.armedLeft('users.info'), 'users.info answers armed and never reached').toBe(0);
});

let events = 0;
const nextEventId = () => `Ev0CHAN${String(++events).padStart(5, '0')}`;
let code = '';

function posted(
  text: string,
  opts: { user?: string; ts: string; thread?: string; team?: string; channel?: string },
) {
  return messageEvent(opts.channel ?? CUST, opts.user ?? CUSTOMER_USER, text, opts.ts, opts);
}

/**
 * A message event delivered once (a fresh event id), saying whether its channel is shared as
 * Slack does: shared when its author is of another organisation or the channel is Slack Connect.
 */
function say(text: string, opts: Parameters<typeof posted>[1], slack = app.slack) {
  const shared = app.fake.channels.get(opts.channel ?? CUST)?.is_ext_shared === true;
  return slack.eventDelivery(posted(text, opts), {
    eventId: nextEventId(),
    ...(opts.team ? { teamId: opts.team, shared: true } : shared ? { shared: true } : {}),
  });
}

const tickets = () =>
  app.db.models.tickets.find({ teamId: FAKE_TEAM_ID }).sort({ createdAt: 1, _id: 1 }).lean();
const ticketOf = async (ts: string) =>
  app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID, submissionId: `msg:${CUST}:${ts}` }).lean();

/** `user`'s ticket emoji on the message `ts` in CUST, shared, as Slack delivers it. */
const ticketEmojiShared = (user: string, ts: string) =>
  app.slack.eventDelivery(
    {
      type: 'reaction_added',
      user,
      reaction: 'ticket',
      item: { type: 'message', channel: CUST, ts },
    },
    { eventId: nextEventId(), shared: true },
  );

/**
 * CUST shared with another organisation and linked with emoji intake; `a` and `b`, colleagues of
 * ours Slack describes as members (no desk role).
 */
async function colleaguesInEmojiChannel(a: string, b: string) {
  app.fake.channels.set(CUST, { is_ext_shared: true });
  await link('emoji');
  app.fake.users.set(a, { id: a, name: 'colleague.a' });
  app.fake.users.set(b, { id: b, name: 'colleague.b' });
}

async function link(args = '') {
  return app.slack.command('/desk', `channel link ${code} ${args}`.trim(), {
    userId: ADMIN,
    channelId: CUST,
  });
}

/**
 * CUST linked, the customer's "The printer is jammed" at 02:00 opened a ticket there, claimed.
 * Its root's ts and the ticket as opened.
 */
async function claimedPrinterTicket() {
  await link();
  const ROOT = '1795485600.000100'; // 02:00
  await say('The printer is jammed', { ts: ROOT });
  const ticket = (await ticketOf(ROOT))!;
  await act(app, ticket.number, { action: 'claim' });
  return { ROOT, ticket };
}

/** {@link claimedPrinterTicket}, then resolved five minutes on (02:05, "Driver updated"). */
async function resolvedPrinterTicket() {
  const opened = await claimedPrinterTicket();
  app.clock.advance(5 * 60_000);
  await act(app, opened.ticket.number, { action: 'resolve', summary: 'Driver updated' }); // 02:05
  return opened;
}

/**
 * CUST linked and a ticket opened there at 02:00 ("start"), with `count` notes seeded on it as
 * the customer's messages of kind `said` left them before (`note(i)`: the i-th's text and
 * source); then a minute on. Its root's ts.
 */
async function startedWithNotes(
  count: number,
  said: string,
  note: (i: number) => { text: string; source: string },
) {
  await link();
  const ROOT = '1795485600.000100'; // 02:00
  await say('start', { ts: ROOT });
  const seeded = Array.from({ length: count }, (_, i) => ({
    action: 'note',
    by: CUSTOMER_USER,
    at: new Date('2026-11-24T02:00:00Z'),
    said,
    ...note(i),
  }));
  await app.db.models.tickets.updateOne(
    { teamId: FAKE_TEAM_ID, submissionId: `msg:${CUST}:${ROOT}` },
    { $push: { timeline: { $each: seeded } } },
  );
  app.clock.advance(60_000);
  return ROOT;
}

beforeEach(async () => {
  code = (await makeCustomer(app)).code;
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
});

describe('linking a channel to a customer', () => {
  test('an admin links the channel; /desk channel shows it; others are refused; unlink', async () => {
    const refused = await app.slack.command('/desk', `channel link ${code}`, {
      userId: AGENT,
      channelId: CUST,
    });
    expect(JSON.stringify(refused.body)).toMatch(/admin/i);
    expect(await app.db.models.channelLinks.countDocuments()).toBe(0);

    const linked = await link();
    expect(linked.body.text).toContain('is now the customer channel of *Huadong Machinery*');
    expect(linked.body.text).toContain('Every new message from a customer user opens a ticket');
    const shown = await app.slack.command('/desk', 'channel', { userId: ADMIN, channelId: CUST });
    expect(shown.body.text).toContain(`<#${CUST}> is the customer channel of *Huadong Machinery*`);

    await link('emoji :eyes:');
    const stored = await app.db.models.channelLinks.findOne({ channelId: CUST }).lean();
    expect(stored).toMatchObject({
      teamId: FAKE_TEAM_ID,
      intake: 'emoji',
      emoji: 'eyes',
      linkedBy: ADMIN,
    });

    const gone = await app.slack.command('/desk', 'channel unlink', {
      userId: ADMIN,
      channelId: CUST,
    });
    expect(gone.body.text).toContain('is no longer linked');
    expect(await app.db.models.channelLinks.countDocuments()).toBe(0);
  });

  test('the admin is told to invite the app first when it is not a member; Slack Connect is noted', async () => {
    app.fake.channels.set(CUST, { is_member: false });
    const res = await link();
    expect(res.body.text).toContain('I am not a member of');
    expect(await app.db.models.channelLinks.countDocuments()).toBe(0);

    app.fake.channels.set(CUST, { is_member: true, is_ext_shared: true });
    expect((await link()).body.text).toContain('Slack Connect');
    expect((await app.db.models.channelLinks.findOne().lean())!.shared).toBe(true);
  });

  test('the link judges Slack Connect as the rest of the desk does: an invitation to another organisation pending is shared, a channel shared only within the org is not', async () => {
    app.fake.channels.set(CUST, { is_member: true, is_pending_ext_shared: true });
    expect((await link()).body.text).toContain('Slack Connect');
    expect((await app.db.models.channelLinks.findOne().lean())!.shared).toBe(true);

    app.fake.channels.set(CUST, { is_member: true, is_org_shared: true });
    expect((await link()).body.text).not.toContain('Slack Connect');
    expect((await app.db.models.channelLinks.findOne().lean())!.shared).toBe(false);

    // The customer card's modal judges it the same way.
    app.fake.channels.set(CUST, { is_member: true, is_pending_ext_shared: true });
    await app.slack.blockAction(
      { action_id: 'customer_channel_open', block_id: 'customer_actions', value: code },
      { userId: ADMIN, channelId: CUST },
    );
    await submitLastModal(app, { channel: CUST, intake: 'all' }, ADMIN);
    expect(await app.db.models.channelLinks.findOne().lean()).toMatchObject({
      shared: true,
      sharedPending: true,
    });
  });
  test('from the customer card: a modal with the channel, the intake and the emoji (admins only)', async () => {
    const open = (userId: string) =>
      app.slack.blockAction(
        { action_id: 'customer_channel_open', block_id: 'customer_actions', value: code },
        { userId, channelId: CUST },
      );
    await open(AGENT);
    expect(app.fake.callsTo('views.open')).toHaveLength(0);
    expect(JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args)).toMatch(/admin/i);

    await open(ADMIN);
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    const channel = view.blocks.find((b: any) => b.block_id === 'channel');
    expect(channel.element).toMatchObject({
      type: 'conversations_select',
      default_to_current_conversation: true,
    });
    await submitLastModal(app, { channel: CUST, intake: 'emoji', emoji: ':eyes:' }, ADMIN);
    expect(await app.db.models.channelLinks.findOne({ channelId: CUST }).lean()).toMatchObject({
      customerCode: code,
      intake: 'emoji',
      emoji: 'eyes',
    });
    const confirmation = app.fake.callsTo('response_url').at(-1)!.args;
    expect(String(confirmation.text)).toContain('A message marked with :eyes: by anyone');
  });

  test("the desk's own channels and direct messages are refused, saying where to run it; nothing is linked", async () => {
    await app.setSettings((s) => ({ channels: { ...s.channels, alerts: OTHER } }));
    for (const channelId of [TRIAGE, OTHER]) {
      const res = await app.slack.command('/desk', `channel link ${code}`, {
        userId: ADMIN,
        channelId,
      });
      expect(res.body.text).toBe(
        `<#${channelId}> is one of the desk's own channels (*Settings* → *Channels*): its messages are the team's, not a customer's. Run \`/desk channel link\` in the customer's channel.`,
      );
    }
    const dm = await app.slack.command('/desk', `channel link ${code}`, {
      userId: ADMIN,
      channelId: 'D0DIRECT01',
    });
    expect(dm.body.text).toBe(
      "A direct message cannot be a customer channel. Run `/desk channel link` in the customer's channel (invite the app there first).",
    );
    expect(await app.db.models.channelLinks.countDocuments()).toBe(0);

    // The card's modal: the same refusal, inline on the channel picked.
    await app.slack.blockAction(
      { action_id: 'customer_channel_open', block_id: 'customer_actions', value: code },
      { userId: ADMIN, channelId: CUST },
    );
    const res = await submitLastModal(app, { channel: TRIAGE }, ADMIN, { expect: 'any' });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        channel: `This is one of the desk's own channels (Settings → Channels): its messages are the team's, not a customer's. Pick the customer's channel.`,
      },
    });
    expect(await app.db.models.channelLinks.countDocuments()).toBe(0);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await app.slack.command('/desk', `channel link ${code}`, {
      userId: ADMIN,
      channelId: TRIAGE,
    });
    expect(zh.body.text).toContain('是服务台自己的频道');
  });

  test('linking the channel again to its own customer says it is already linked, in both languages', async () => {
    expect((await link()).body.text).toContain(
      'is now the customer channel of *Huadong Machinery*',
    );
    const again = await link();
    expect(again.body.text).toContain(
      `<#${CUST}> is already the customer channel of *Huadong Machinery* (\`${code}\`).`,
    );
    expect(again.body.text).not.toContain('is now');
    // A new intake mode is still applied and said.
    const emoji = await link('emoji :eyes:');
    expect(emoji.body.text).toContain('is already the customer channel');
    expect(emoji.body.text).toContain(':eyes:');
    expect((await app.db.models.channelLinks.findOne().lean())!.intake).toBe('emoji');
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect((await link()).body.text).toContain('已经是客户');
  });

  test('in Chinese the answers are in Chinese', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect((await link()).body.text).toContain('客户频道');
  });
});

describe('intake from a linked channel', () => {
  test('a message delivered three times to two instances opens one ticket', async () => {
    await link();
    const other = app.instance('second');
    const port = await other.start();
    try {
      const second = new SlackRequests(`http://127.0.0.1:${port}`, TEST_SIGNING_SECRET, app.fake);
      const event = posted('Our line 3 stopped with error E42 this morning', {
        ts: '1795485540.000100',
      });
      const eventId = nextEventId();
      const results = await Promise.all([
        app.slack.eventDelivery(event, { eventId }),
        second.eventDelivery(event, { eventId, retryNum: 1 }),
        app.slack.eventDelivery(event, { eventId, retryNum: 2 }),
      ]);
      expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
      // The same message under another event id (Slack's own duplicate): still one ticket.
      await second.eventDelivery(event, { eventId: nextEventId() });
    } finally {
      await other.stop();
    }
    const all = await tickets();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      customerCode: code,
      channel: 'slack',
      title: 'Our line 3 stopped with error E42 this morning',
      requester: { userId: CUSTOMER_USER, via: 'slack' },
      conversation: { channel: CUST, ts: '1795485540.000100' },
      submissionId: `msg:${CUST}:1795485540.000100`,
    });
    // The clock runs from when the message was sent, not from a retry's arrival.
    expect(all[0]!.receivedAt).toEqual(new Date('2026-11-24T01:59:00Z'));
    // One card in the triage channel.
    expect(app.fake.tookPostsTo(TRIAGE).filter((c) => !c.args.thread_ts)).toHaveLength(1);
  });

  test('an agent’s top-level message and an unlinked channel’s message open nothing', async () => {
    await link();
    await say('We will deploy a fix tonight', { user: AGENT, ts: '1764000000.000200' });
    await say('Hello from elsewhere', { channel: OTHER, ts: '1764000000.000300' });
    expect(await tickets()).toHaveLength(0);
    // The unlinked channel's event was not even recorded.
    expect(await app.db.models.seenEvents.countDocuments()).toBe(1);
  });

  test('follow-ups within 5 minutes join the ticket; later ones open another', async () => {
    await link();
    await say('The printer is jammed', { ts: '1764000000.000400' });
    app.clock.advance(3 * 60_000);
    await say('It shows error P7 too', { ts: '1764000180.000100' });
    let all = await tickets();
    expect(all).toHaveLength(1);
    expect(all[0]!.description).toBe('The printer is jammed\n\nIt shows error P7 too');
    expect(all[0]!.timeline.at(-1)).toMatchObject({ action: 'note', by: CUSTOMER_USER });
    app.clock.advance(6 * 60_000);
    await say('Another question about invoices', { ts: '1764000540.000100' });
    all = await tickets();
    expect(all).toHaveLength(2);
  });

  test('a follow-up sent 2 minutes after, handled 8 minutes after (Slack’s retry), joins the ticket', async () => {
    await link();
    await say('The printer is jammed', { ts: '1795485600.000100' }); // sent and handled at 02:00
    app.clock.advance(8 * 60_000);
    await app.slack.eventDelivery(posted('It shows error P7 too', { ts: '1795485720.000100' }), {
      eventId: nextEventId(),
      retryNum: 3,
    });
    const all = await tickets();
    expect(all).toHaveLength(1);
    expect(all[0]!.description).toBe('The printer is jammed\n\nIt shows error P7 too');
    // The note says when it was sent (02:02), not when it was handled.
    expect(all[0]!.timeline.at(-1)).toMatchObject({
      said: 'followUp',
      sentAt: new Date('2026-11-24T02:02:00Z'),
    });
    // Sent at 02:08, 6 minutes after the last one (handled at once): another ticket.
    await say('Another question about invoices', { ts: '1795486080.000100' });
    expect(await tickets()).toHaveLength(2);
  });

  test('a follow-up handled over a day late (an inbox redo) still joins the ticket it was sent 2 minutes after', async () => {
    await link();
    await say('The printer is jammed', { ts: '1795485600.000100' }); // sent and handled at 02:00
    app.clock.advance(25 * 3_600_000);
    await app.slack.eventDelivery(posted('It shows error P7 too', { ts: '1795485720.000100' }), {
      eventId: nextEventId(),
    });
    const all = await tickets();
    expect(all).toHaveLength(1);
    expect(all[0]!.description).toBe('The printer is jammed\n\nIt shows error P7 too');
  });

  test('a customer’s answer handled over a day late (an inbox redo) ends the wait when it was sent, and the reply owed counts from then', async () => {
    const { ROOT, ticket } = await claimedPrinterTicket();
    await act(app, ticket.number, { action: 'wait', question: 'Which serial?' }); // 02:00
    // Sent at 02:02 in the thread, handled 25 hours later.
    app.clock.advance(25 * 3_600_000);
    await app.slack.eventDelivery(posted('SN 4471', { ts: '1795485720.000100', thread: ROOT }), {
      eventId: nextEventId(),
    });
    const after = (await ticketOf(ROOT))!;
    expect(after.status).toBe('assigned');
    expect(after.pauses[0]!.to).toEqual(new Date('2026-11-24T02:02:00Z'));
    expect(after.replyFrom).toEqual(new Date('2026-11-24T02:02:00Z'));
    expect(after.timeline.at(-1)).toMatchObject({ action: 'resume', sentAt: after.replyFrom });
  });

  test('an agent’s replies handled over a day late (an inbox redo) answer when they were sent: the first response and the next reply on time', async () => {
    await link();
    const ROOT = '1795485600.000100'; // 02:00
    await say('The printer is jammed', { ts: ROOT });
    // All sent within the hour, handled 25 hours later: the agent at 02:20, the customer at
    // 02:30, the agent again at 02:40.
    app.clock.advance(25 * 3_600_000);
    for (const [user, text, ts] of [
      [AGENT, 'Looking at it now', '1795486800.000100'],
      [CUSTOMER_USER, 'It shows P7', '1795487400.000100'],
      [AGENT, 'Replace the fuser', '1795488000.000100'],
    ] as const)
      await app.slack.eventDelivery(posted(text, { user, ts, thread: ROOT }), {
        eventId: nextEventId(),
      });
    const after = (await ticketOf(ROOT))!;
    expect(after.firstResponseAt).toEqual(new Date('2026-11-24T02:20:00Z'));
    expect(after.metrics).toMatchObject({
      firstResponseMinutes: 20,
      responseBreached: false,
      nextReplies: 1,
      nextReplyBreaches: 0,
    });
    expect(after.replyFrom).toBeUndefined();
    expect(after.timeline.filter((e) => e.action === 'response').map((e) => e.answeredAt)).toEqual([
      new Date('2026-11-24T02:20:00Z'),
      new Date('2026-11-24T02:40:00Z'),
    ]);
  });

  test('a customer’s reply sent before the resolve and handled over a day late, after the close, is a note on the closed ticket as of when it was sent, no new ticket', async () => {
    const { ROOT, ticket } = await resolvedPrinterTicket(); // resolved at 02:05
    await act(app, ticket.number, { action: 'close' });
    // Sent at 02:03, handled 25 hours later.
    app.clock.advance(25 * 3_600_000);
    await app.slack.eventDelivery(
      posted('Thanks, trying now', { ts: '1795485780.000100', thread: ROOT }),
      { eventId: nextEventId() },
    );
    expect(await tickets()).toHaveLength(1);
    const after = (await ticketOf(ROOT))!;
    expect(after.status).toBe('closed');
    expect(after.timeline.at(-1)).toMatchObject({
      action: 'note',
      said: 'reply',
      sentAt: new Date('2026-11-24T02:03:00Z'),
    });
  });

  test('a customer’s answer handled late (Slack’s retry) ends the wait when it was sent, top-level or in the thread', async () => {
    const { ROOT, ticket } = await claimedPrinterTicket();
    await act(app, ticket.number, { action: 'wait', question: 'Which serial?' });
    const late = (text: string, opts: Parameters<typeof posted>[1]) =>
      app.slack.eventDelivery(posted(text, opts), { eventId: nextEventId(), retryNum: 3 });
    app.clock.advance(8 * 60_000); // handled at 02:08, sent at 02:02
    await late('SN 4471', { ts: '1795485720.000100' });
    let after = (await ticketOf(ROOT))!;
    expect(after.status).toBe('assigned');
    expect(after.pauses[0]!.to).toEqual(new Date('2026-11-24T02:02:00Z'));
    expect(after.replyFrom).toEqual(new Date('2026-11-24T02:02:00Z'));
    expect(after.timeline.at(-1)).toMatchObject({ action: 'resume', sentAt: after.replyFrom });

    // In the thread: asked again at 02:08, answered at 02:10, handled at 02:16.
    await act(app, ticket.number, { action: 'wait', question: 'And the model?' });
    app.clock.advance(8 * 60_000);
    await late('S-200', { ts: '1795486200.000100', thread: ROOT });
    after = (await ticketOf(ROOT))!;
    expect(after.pauses[1]).toEqual({
      from: new Date('2026-11-24T02:08:00Z'),
      to: new Date('2026-11-24T02:10:00Z'),
    });
    // Not waiting on them: their reply sent at 02:12, handled at 02:16, is noted as of 02:12.
    await late('It is on the second floor', { ts: '1795486320.000100', thread: ROOT });
    expect((await ticketOf(ROOT))!.timeline.at(-1)).toMatchObject({
      said: 'reply',
      sentAt: new Date('2026-11-24T02:12:00Z'),
    });
  });

  test('a customer’s reply sent before the question (handled late) is owed a reply from the question, as its pause ends', async () => {
    await link();
    const ROOT = '1795485600.000100'; // 02:00
    await say('The printer is jammed', { ts: ROOT });
    app.clock.advance(60_000);
    await say('Looking at it', { user: AGENT, ts: '1795485660.000100', thread: ROOT }); // 02:01
    const ticket = (await ticketOf(ROOT))!;
    await act(app, ticket.number, { action: 'claim' });
    app.clock.advance(4 * 60_000);
    await act(app, ticket.number, { action: 'wait', question: 'Which serial?' }); // 02:05
    app.clock.advance(5 * 60_000);
    // Sent at 02:03, crossing the question; handled at 02:10 (Slack's retry).
    await app.slack.eventDelivery(posted('SN 4471', { ts: '1795485780.000100', thread: ROOT }), {
      eventId: nextEventId(),
      retryNum: 2,
    });
    const after = (await ticketOf(ROOT))!;
    expect(after.status).toBe('assigned');
    expect(after.pauses[0]).toEqual({
      from: new Date('2026-11-24T02:05:00Z'),
      to: new Date('2026-11-24T02:05:00Z'),
    });
    expect(after.replyFrom).toEqual(new Date('2026-11-24T02:05:00Z'));
  });

  test('a customer’s reply handled late (Slack’s retry) reopens the resolved ticket as of when it was sent', async () => {
    const { ROOT } = await resolvedPrinterTicket(); // resolved at 02:05
    app.clock.advance(10 * 60_000);
    // Sent at 02:07, handled at 02:15.
    await app.slack.eventDelivery(
      posted('It stopped again', { ts: '1795486020.000100', thread: ROOT }),
      { eventId: nextEventId(), retryNum: 2 },
    );
    const after = (await ticketOf(ROOT))!;
    expect(after.status).toBe('assigned');
    expect(after.pauses.at(-1)).toEqual({
      from: new Date('2026-11-24T02:05:00Z'),
      to: new Date('2026-11-24T02:07:00Z'),
    });
    expect(after.replyFrom).toEqual(new Date('2026-11-24T02:07:00Z'));
    expect(after.timeline.at(-1)).toMatchObject({ action: 'reopen', sentAt: after.replyFrom });
  });

  test('a customer’s reply sent within the 7 days but handled after them (an inbox redo after an outage) still reopens the ticket', async () => {
    const { ROOT } = await resolvedPrinterTicket(); // resolved at 02:05
    // Sent an hour before the 7 days ran out, first delivered an hour after.
    const SENT = String(1795485900 + 7 * 86_400 - 3_600) + '.000100';
    app.clock.advance(7 * 86_400_000 + 3_600_000);
    await app.slack.eventDelivery(posted('It stopped again', { ts: SENT, thread: ROOT }), {
      eventId: nextEventId(),
    });
    expect(await tickets()).toHaveLength(1);
    const after = (await ticketOf(ROOT))!;
    expect(after.status).toBe('assigned');
    expect(after.timeline.at(-1)).toMatchObject({ action: 'reopen', by: CUSTOMER_USER });
  });

  test('a customer’s reply sent before the resolve but handled after it (Slack’s retry) is a reply on the ticket as of when it was sent, not a reopen', async () => {
    const { ROOT } = await resolvedPrinterTicket(); // resolved at 02:05
    app.clock.advance(10 * 60_000);
    // Sent at 02:03, handled at 02:15.
    await app.slack.eventDelivery(
      posted('Thanks, trying now', { ts: '1795485780.000100', thread: ROOT }),
      { eventId: nextEventId(), retryNum: 2 },
    );
    expect(await tickets()).toHaveLength(1);
    const after = (await ticketOf(ROOT))!;
    expect(after.status).toBe('resolved');
    expect(after.metrics.reopenCount).toBe(0);
    expect(after.timeline.at(-1)).toMatchObject({
      action: 'note',
      by: CUSTOMER_USER,
      said: 'reply',
      text: 'Thanks, trying now',
      sentAt: new Date('2026-11-24T02:03:00Z'),
    });
  });

  test('a customer’s answer sent while the ticket waited on them, before its resolve, handled after it: the pause ends when it was sent, nothing reopened', async () => {
    const { ROOT, ticket } = await claimedPrinterTicket();
    app.clock.advance(60_000);
    await act(app, ticket.number, { action: 'wait', question: 'Which model?' }); // 02:01
    app.clock.advance(4 * 60_000);
    await act(app, ticket.number, { action: 'resolve', summary: 'Driver updated' }); // 02:05
    const resolved = (await ticketOf(ROOT))!;
    app.clock.advance(10 * 60_000);
    // Sent at 02:03, handled at 02:15 (an inbox redo).
    await app.slack.eventDelivery(posted('An LX-200', { ts: '1795485780.000100', thread: ROOT }), {
      eventId: nextEventId(),
    });
    const after = (await ticketOf(ROOT))!;
    expect(after.status).toBe('resolved');
    expect(after.metrics.reopenCount).toBe(0);
    expect(after.pauses).toEqual([
      { from: new Date('2026-11-24T02:01:00Z'), to: new Date('2026-11-24T02:03:00Z') },
    ]);
    // On time it resumed the ticket at 02:03: the two minutes to the resolve were the team's.
    expect(after.metrics.resolutionMinutes).toBe(resolved.metrics.resolutionMinutes! + 2);
    expect(after.timeline.at(-1)).toMatchObject({
      action: 'note',
      said: 'reply',
      by: CUSTOMER_USER,
    });
  });

  test('a customer’s reply sent after the first response and before the resolve, handled after it: the next reply the resolve gave is counted, once', async () => {
    const { ROOT, ticket } = await claimedPrinterTicket();
    app.clock.advance(60_000);
    // The first response, in the thread at 02:01.
    await say('Try the driver update', { user: AGENT, ts: '1795485660.000100', thread: ROOT });
    app.clock.advance(4 * 60_000);
    await act(app, ticket.number, { action: 'resolve', summary: 'Driver updated' }); // 02:05
    expect((await ticketOf(ROOT))!.metrics.nextReplies).toBeUndefined();
    app.clock.advance(10 * 60_000);
    // Sent at 02:03, handled at 02:15; Slack delivers it again; another sent at 02:04 comes too.
    const late = posted('Still jammed', { ts: '1795485780.000100', thread: ROOT });
    await app.slack.eventDelivery(late, { eventId: 'Ev0LATE00001' });
    await app.slack.eventDelivery(late, { eventId: 'Ev0LATE00001', retryNum: 1 });
    await app.slack.eventDelivery(late, { eventId: nextEventId() });
    await say('Any news?', { ts: '1795485840.000100', thread: ROOT });
    const after = (await ticketOf(ROOT))!;
    expect(after.status).toBe('resolved');
    expect(after.timeline.filter((e) => e.said === 'reply')).toHaveLength(2);
    // On time the 02:03 reply was owed one, which the resolve gave two minutes later: once.
    expect(after.metrics).toMatchObject({ nextReplies: 1, nextReplyBreaches: 0 });
  });

  test('a customer writing every 4.5 minutes for over an hour keeps one ticket', async () => {
    await link();
    let sent = 1795485600; // 02:00
    await say('start', { ts: `${sent}.000100` });
    for (let i = 1; i <= 15; i++) {
      app.clock.advance(270_000);
      sent += 270;
      await say(`more ${i}`, { ts: `${sent}.000100` });
    }
    const all = await tickets();
    expect(all).toHaveLength(1);
    expect(all[0]!.description.split('\n\n')).toHaveLength(16);
  });

  test(`a ticket takes at most ${FOLLOW_UP_PARTS_MAX} top-level messages: the next one opens a new ticket`, async () => {
    // Seeded: the follow-ups that joined it before (each a note, as a follow-up leaves one).
    await startedWithNotes(FOLLOW_UP_PARTS_MAX - 2, 'followUp', (i) => ({
      text: `more ${i + 1}`,
      source: `${CUST}:1795485600.${String(200 + i).padStart(6, '0')}`,
    }));
    const last = posted('the last part', { ts: '1795485660.000100' });
    await say('the last part', { ts: '1795485660.000100' });
    expect(await tickets()).toHaveLength(1);
    // Done again (Slack's duplicate under another event id): still the ticket it joined.
    await app.slack.eventDelivery(last, { eventId: nextEventId() });
    expect(await tickets()).toHaveLength(1);
    app.clock.advance(60_000);
    await say('one part too many', { ts: '1795485720.000100' });
    const all = await tickets();
    expect(all).toHaveLength(2);
    expect(all[0]!.timeline.filter((e) => e.said === 'followUp')).toHaveLength(
      FOLLOW_UP_PARTS_MAX - 1,
    );
    expect(all[1]!.description).toBe('one part too many');
    // The 50th done again after the 51st opened a ticket: still only on the one it joined.
    await app.slack.eventDelivery(last, { eventId: nextEventId() });
    const again = await tickets();
    const lastSource = `${CUST}:1795485660.000100`;
    expect(again[1]!.description).toBe('one part too many');
    expect(again[1]!.timeline.some((e) => e.source === lastSource)).toBe(false);
    expect(again[0]!.timeline.filter((e) => e.source === lastSource)).toHaveLength(1);
  });

  test(`an open ticket takes at most ${THREAD_REPLIES_MAX} thread replies as notes: the next is logged, not added`, async () => {
    // Seeded: the replies noted before (each a note, as a thread reply leaves one).
    const ROOT = await startedWithNotes(THREAD_REPLIES_MAX - 1, 'reply', (i) => ({
      text: `reply ${i + 1}`,
      source: `${CUST}:1795485600.${String(200 + i).padStart(6, '0')}`,
    }));
    await say('the last reply', { ts: '1795485660.000100', thread: ROOT });
    await say('one reply too many', { ts: '1795485661.000100', thread: ROOT });
    const all = await tickets();
    expect(all).toHaveLength(1);
    const replies = all[0]!.timeline.filter((e) => e.said === 'reply');
    expect(replies).toHaveLength(THREAD_REPLIES_MAX);
    expect(replies.at(-1)!.text).toBe('the last reply');
    expect(
      app.logs.find(
        (l) => l.msg === 'customer thread reply not added: the ticket has taken its most replies',
      ),
    ).toMatchObject({ channel: CUST, replies: THREAD_REPLIES_MAX });
  });

  test(`a ticket takes at most ${EDITS_MAX} edits of its opening message: the next is logged, not added`, async () => {
    // Seeded: the edits taken before (each a note, as an edit leaves one).
    const ROOT = await startedWithNotes(EDITS_MAX - 1, 'edited', (i) => ({
      text: `edit ${i + 1}`,
      source: `${CUST}:1795485600.000100:edit:1795485600.${String(200 + i).padStart(6, '0')}:seeded${i}`,
    }));
    const edit = (before: string, after: string, editTs: string) =>
      app.slack.eventDelivery(
        {
          type: 'message',
          subtype: 'message_changed',
          channel: CUST,
          channel_type: 'channel',
          hidden: true,
          ts: editTs,
          message: { type: 'message', user: CUSTOMER_USER, text: after, ts: ROOT },
          previous_message: { type: 'message', user: CUSTOMER_USER, text: before, ts: ROOT },
        },
        { eventId: nextEventId() },
      );
    await edit('start', 'the last edit', '1795485660.000100');
    await edit('the last edit', 'one edit too many', '1795485661.000100');
    const ticket = (await ticketOf(ROOT))!;
    const edits = ticket.timeline.filter((e) => e.said === 'edited');
    expect(edits).toHaveLength(EDITS_MAX);
    expect(edits.at(-1)!.text).toBe('the last edit');
    expect(ticket.description).toBe('the last edit');
    expect(
      app.logs.filter(
        (l) => l.msg === 'customer message edit not added: the ticket has taken its most edits',
      ),
    ).toEqual([expect.objectContaining({ channel: CUST, edits: EDITS_MAX })]);
  });

  test('a separate question minutes after a reply in an old ticket’s thread opens its own ticket', async () => {
    const { ROOT } = await claimedPrinterTicket();
    app.clock.advance(3 * 86_400_000);
    await say('Still jammed after the new toner', { ts: '1795744800.000100', thread: ROOT });
    app.clock.advance(2 * 60_000);
    await say('Separate: our invoice 778 is wrong', { ts: '1795744920.000100' });
    const all = await tickets();
    expect(all).toHaveLength(2);
    expect(all[0]!.description).toBe('The printer is jammed');
    expect(all[1]!.description).toBe('Separate: our invoice 778 is wrong');

    // A top-level answer that resumed a ticket is one of its parts: the next message joins.
    await act(app, all[1]!.number, { action: 'claim' });
    await act(app, all[1]!.number, { action: 'wait', question: 'Which line is wrong?' });
    app.clock.advance(4 * 60_000);
    await say('Line 2, the unit price', { ts: '1795745160.000100' }); // 4 min after
    app.clock.advance(4 * 60_000);
    await say('It should be 12.50', { ts: '1795745400.000100' }); // 8 min after the question
    const after = await tickets();
    expect(after).toHaveLength(2);
    expect(after[1]!.description).toBe(
      'Separate: our invoice 778 is wrong\n\nLine 2, the unit price\n\nIt should be 12.50',
    );
  });

  test('replies in the thread of a follow-up message reach its ticket: the first response, a resume', async () => {
    await link();
    await say('The printer is jammed', { ts: '1795485600.000100' });
    app.clock.advance(2 * 60_000);
    await say('It shows error P7 too', { ts: '1795485720.000100' });
    app.clock.advance(60_000);
    const FOLLOW_UP = '1795485720.000100';
    await say('Can you send the serial?', {
      user: AGENT,
      ts: '1795485780.000100',
      thread: FOLLOW_UP,
    });
    const [ticket] = await tickets();
    expect(ticket!.firstResponseAt).toEqual(new Date('2026-11-24T02:03:00Z'));
    await act(app, ticket!.number, { action: 'claim' });
    await act(app, ticket!.number, { action: 'wait', question: 'Which serial?' });
    await say('SN 4471-220', { ts: '1795485800.000100', thread: FOLLOW_UP });
    const after = await tickets();
    expect(after).toHaveLength(1);
    expect(after[0]!.status).toBe('assigned');
    expect(after[0]!.timeline.map((e) => [e.action, e.by])).toContainEqual([
      'resume',
      CUSTOMER_USER,
    ]);
  });

  test('a reply in the thread of a ticket merged since reaches the ticket it went into', async () => {
    await link();
    const FIRST = '1795485600.000100'; // 02:00
    await say('The printer is jammed', { ts: FIRST });
    app.clock.advance(10 * 60_000);
    await say('Printer still jammed, any news?', { ts: '1795486200.000100' }); // 02:10: its own
    const [dup, target] = await tickets();
    await act(app, dup!.number, { action: 'claim' });
    await act(app, dup!.number, { action: 'merge', into: target!.number });
    app.clock.advance(2 * 60_000);
    await say('It is the one on floor 2', { ts: '1795486320.000100', thread: FIRST });
    const all = await tickets();
    expect(all).toHaveLength(2);
    expect(all[1]!.timeline.at(-1)).toMatchObject({
      said: 'reply',
      by: CUSTOMER_USER,
      source: `${CUST}:1795486320.000100`,
    });
    expect(all[0]!.timeline.some((e) => e.source === `${CUST}:1795486320.000100`)).toBe(false);
  });

  test("a ticket merged into another customer's ticket: a reply in its thread never lands on, resumes or answers that ticket", async () => {
    await link();
    const FIRST = '1795485600.000100'; // 02:00
    await say('Our invoice 4711 is wrong', { ts: FIRST });
    const [ours] = await tickets();
    // Another customer's ticket, waiting on its customer.
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER], openDesk: false }));
    const beta = await makeCustomer(app, { name: 'Beta Steel' });
    const theirs = await makeTicket(app, { customerCode: beta.code, title: 'Beta: invoice' });
    await act(app, theirs.number, { action: 'claim' });
    await act(app, theirs.number, { action: 'wait', question: 'Which PO number?' });
    await act(app, ours!.number, { action: 'claim' });
    await act(app, ours!.number, { action: 'merge', into: theirs.number });
    const before = (await app.db.models.tickets.findOne({ number: theirs.number }).lean())!;
    app.clock.advance(2 * 60_000);
    await say('ok thanks', { ts: '1795485720.000100', thread: FIRST });
    await say('We will look at it', { ts: '1795485780.000100', thread: FIRST, user: AGENT });
    const after = (await app.db.models.tickets.findOne({ number: theirs.number }).lean())!;
    expect(after.status).toBe('waiting');
    expect(after.timeline).toHaveLength(before.timeline.length);
    expect(after.firstResponseAt).toEqual(before.firstResponseAt);
    // Theirs was never answered: the agent's reply in our thread is not its first response.
    expect(before.firstResponseAt).toBeUndefined();
    // Our customer's reply is ours: a new ticket of our customer in that thread, as for a
    // closed ticket, which names the merged one as merged (not as resolved long ago).
    const next = (await tickets()).at(-1)!;
    expect(next).toMatchObject({ customerCode: code, status: 'new' });
    expect(next.description).toBe(
      `Follows up ${ours!.number}, merged into another ticket: a new ticket in the same thread.\n\nok thanks`,
    );
  });

  test('a message past the description’s 3000 characters is cut between graphemes, within 3000 UTF-16 units', async () => {
    await link();
    const coder = '👩\u200D💻';
    // The cut falls inside the ZWJ sequence: it is left out whole, never `👩` + ZWJ + `…`.
    await say(`${'x'.repeat(2997)}${coder} more`, { ts: '1764000000.000500' });
    expect((await ticketOf('1764000000.000500'))!.description).toBe(`${'x'.repeat(2997)}…`);
    // 1600 emoji are 3200 units (as Slack and the form count): cut to 3000, not kept whole.
    app.clock.advance(6 * 60_000);
    await say('😀'.repeat(1600), { ts: '1764000360.000100' });
    const emoji = (await ticketOf('1764000360.000100'))!.description;
    expect(emoji).toBe(`${'😀'.repeat(1499)}…`);
    expect(emoji.length).toBeLessThanOrEqual(3000);
  });

  test('a long pasted log (over 40,000 characters as Slack escapes it) opens its ticket, cut and logged; a longer one as people read it is logged as dropped', async () => {
    await link();
    const typed = '<tag a="1">x</tag>\n'.repeat(1500); // 28,500 characters as typed
    const escaped = typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    expect(escaped.length).toBeGreaterThan(40_000);
    await say(escaped, { ts: '1795485600.000200' });
    const ticket = (await ticketOf('1795485600.000200'))!;
    expect(ticket.description.length).toBeLessThanOrEqual(3000);
    expect(ticket.description.startsWith('<tag a="1">x</tag>')).toBe(true);
    expect(app.logs).toContainEqual(
      expect.objectContaining({
        msg: 'customer channel message cut to the description limit',
        chars: typed.length,
      }),
    );
    // 40,000 `&` (the box's most) are 200,000 characters as Slack escapes them: taken, cut.
    await say('&amp;'.repeat(40_000), { ts: '1795485600.000300', user: 'U0CUSTUSR3' });
    const amps = (await ticketOf('1795485600.000300'))!.description;
    expect(amps.length).toBeLessThanOrEqual(3000);
    expect(amps).toMatch(/^&+…$/);
    // Past the box's 40,000 as people read it (though unescaped): dropped, and the log says
    // where and why (not what).
    await say('x'.repeat(40_001), { ts: '1795485601.000200', user: 'U0CUSTUSR2' });
    expect(await tickets()).toHaveLength(2);
    const dropped = app.logs.find((l) => l.msg === 'channel message dropped: it does not parse');
    expect(dropped).toMatchObject({ channel: CUST, chars: 40_001, issues: ['text:too_big'] });
    // An edit past it too: its own line (it was dropped without one).
    await app.slack.eventDelivery(
      {
        type: 'message',
        subtype: 'message_changed',
        channel: CUST,
        channel_type: 'channel',
        hidden: true,
        ts: '1795485700.000100',
        message: {
          type: 'message',
          user: CUSTOMER_USER,
          text: 'y'.repeat(40_001),
          ts: '1795485600.000200',
        },
        previous_message: {
          type: 'message',
          user: CUSTOMER_USER,
          text: escaped,
          ts: '1795485600.000200',
        },
      },
      { eventId: nextEventId() },
    );
    expect(
      app.logs.find((l) => l.msg === 'channel message edit dropped: it does not parse'),
    ).toMatchObject({ channel: CUST, chars: 40_001, issues: ['message.text:too_big'] });
    expect((await ticketOf('1795485600.000200'))!.description.startsWith('<tag')).toBe(true);
  });

  test('the link’s emoji on a customer’s message opens one ticket; another emoji nothing', async () => {
    await link('emoji');
    await say('Can you check our order 778?', { ts: '1764000000.000500' });
    expect(await tickets()).toHaveLength(0);
    app.fake.peopleMessages.set(CUST, [
      { ts: '1764000000.000500', user: CUSTOMER_USER, text: 'Can you check our order 778?' },
    ]);
    const reaction = (name: string) => ({
      type: 'reaction_added',
      user: AGENT,
      reaction: name,
      item: { type: 'message', channel: CUST, ts: '1764000000.000500' },
      item_user: CUSTOMER_USER,
    });
    await app.slack.eventDelivery(reaction('eyes'), { eventId: nextEventId() });
    expect(await tickets()).toHaveLength(0);
    const eventId = nextEventId();
    await app.slack.eventDelivery(reaction('ticket'), { eventId });
    await app.slack.eventDelivery(reaction('ticket'), { eventId, retryNum: 1 });
    await app.slack.eventDelivery(reaction('ticket'), { eventId: nextEventId() });
    const all = await tickets();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      title: 'Can you check our order 778?',
      requester: { userId: CUSTOMER_USER },
      createdBy: AGENT,
    });
  });
});

describe('shortcut intake', () => {
  test('messages open nothing by themselves; the shortcut knows the customer and the thread', async () => {
    await link('shortcut');
    await say('The invoice for October is wrong', { ts: '1764000000.001000' });
    expect(await tickets()).toHaveLength(0);
    await app.slack.messageShortcut(
      'ticket_from_message',
      { text: 'The invoice for October is wrong', ts: '1764000000.001000', user: CUSTOMER_USER },
      { userId: AGENT, channelId: CUST },
    );
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    const customer = view.blocks.find((b: any) => b.block_id === 'customer');
    expect(customer.element.initial_option.value).toBe(code);
    await submitLastModal(app, { severity: 'general', type: 'consultation' }, AGENT);
    const [ticket] = await tickets();
    expect(ticket).toMatchObject({
      customerCode: code,
      conversation: { channel: CUST, ts: '1764000000.001000' },
    });
    // The thread is the conversation: an agent's reply there is the first response.
    app.clock.advance(5 * 60_000);
    await say('We are checking it', {
      user: AGENT,
      ts: '1764000300.000100',
      thread: '1764000000.001000',
    });
    expect((await tickets())[0]!.firstResponseAt).toEqual(new Date('2026-11-24T02:05:00Z'));
  });
});

/** "Create ticket" on a message of CUST by AGENT, submitted with `form` (the modal's defaults else). */
async function shortcut(
  message: Parameters<typeof app.slack.messageShortcut>[1],
  form: Record<string, string> = {},
  userId = AGENT,
) {
  await app.slack.messageShortcut('ticket_from_message', message, { userId, channelId: CUST });
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
  return app.slack.submitView(
    view,
    { severity: 'general', type: 'consultation', ...form },
    { userId },
  );
}

/** What the app posted in the customer's channel (its messages, not its reads). */
const postedToCustomer = () =>
  app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === CUST);

/** A second customer, Other Corp (the desk opened meanwhile: the factory's owner adds it). */
async function otherCorp() {
  await app.setSettings(() => ({ openDesk: true })); // lets the factory's owner add one
  const other = await makeCustomer(app, { name: 'Other Corp' });
  await app.setSettings(() => ({ openDesk: false }));
  return other;
}

/**
 * `user`'s message `ts` in the linked channel filed for `other`: not refused, its ticket
 * theirs, after the one they filed before for the channel's customer.
 */
async function filedForOther(other: { code: string }, user: string, ts: string) {
  const filed = await shortcut(
    { text: 'Other Corp asked about spares', ts, user },
    { customer: other.code },
  );
  expect(filed.body).not.toMatchObject({ response_action: 'errors' });
  expect((await tickets()).map((t) => [t.customerCode, t.requester?.userId])).toEqual([
    [code, user],
    [other.code, user],
  ]);
}

describe('the shortcut in a linked channel: whose thread', () => {
  test('another customer’s ticket, or one from our staff’s message, gets no conversation and no notice there', async () => {
    await link();
    const other = await otherCorp();
    // A customer's message, but the agent files it for another customer: its author, proposed
    // as the requester, is refused on the field (they would be told of Other Corp's ticket).
    const refused = await shortcut(
      {
        text: 'Other Corp asked us about the spare parts',
        ts: '1764000000.002000',
        user: CUSTOMER_USER,
      },
      { customer: other.code },
    );
    expect(refused.body).toEqual({
      response_action: 'errors',
      errors: {
        requester: `They wrote in the channel of ${code}, another customer: pick a requester of this ticket’s customer, or clear this field.`,
      },
    });
    expect(await tickets()).toEqual([]);
    await submitLastModal(
      app,
      {
        severity: 'general',
        type: 'consultation',
        customer: other.code,
        requester: null as unknown as string,
      },
      AGENT,
    );
    // Our agent's own message, filed for the channel's customer.
    await shortcut({ text: 'Reminder: the line 3 audit', ts: '1764000000.002100', user: AGENT });
    await app.desk.outbox.drain();
    const all = await tickets();
    expect(all.map((t) => [t.customerCode, t.conversation, t.requester])).toEqual([
      [other.code, undefined, undefined],
      [code, undefined, { userId: AGENT }],
    ]);
    expect(postedToCustomer()).toEqual([]);
    expect(app.fake.postsTo(CUSTOMER_USER)).toEqual([]);

    // The channel's customer and a customer's message: its thread, and the notice goes there.
    await shortcut({ text: 'Our line 3 is down', ts: '1764000000.002200', user: CUSTOMER_USER });
    await app.desk.outbox.drain();
    expect((await tickets())[2]!.conversation).toEqual({
      channel: CUST,
      ts: '1764000000.002200',
      shared: false,
    });
    expect(postedToCustomer().map((c) => [c.args.thread_ts, String(c.args.text)])).toEqual([
      ['1764000000.002200', expect.stringContaining('We have your request')],
    ]);
  });

  test('in a Slack Connect channel our own colleague is staff, the other organisation’s person a customer', async () => {
    app.fake.channels.set(CUST, { is_ext_shared: true });
    await link();
    await shortcut({ text: 'Note for the team', ts: '1764000000.002300', user: 'U0COLLEAG1' });
    await shortcut({
      text: 'Our shipment is late',
      ts: '1764000000.002400',
      user: EXTERNAL_USER,
      user_team: THEIR_TEAM,
      team: THEIR_TEAM,
    });
    const all = await tickets();
    expect(all.map((t) => t.conversation)).toEqual([
      undefined,
      { channel: CUST, ts: '1764000000.002400', shared: true, team: THEIR_TEAM },
    ]);
  });

  test('the customer’s owner, in no role, is the desk’s side as for the intake: their message filed takes no thread, posts nothing there, and is not refused for another customer', async () => {
    await link();
    const NEW_OWNER = 'U0NEWOWNR1';
    await app.desk.services.customers.update(await ctxOf(app, ADMIN), code, {
      ownerId: NEW_OWNER,
    });
    // The intake opens no ticket for their message.
    await say('Reminder: audit visit on Monday', { user: NEW_OWNER, ts: '1764000000.003300' });
    expect(await tickets()).toEqual([]);
    await shortcut({ text: 'Audit visit on Monday', ts: '1764000000.003300', user: NEW_OWNER });
    await app.desk.outbox.drain();
    expect((await tickets()).map((t) => [t.conversation, t.requester?.userId])).toEqual([
      [undefined, NEW_OWNER],
    ]);
    expect(postedToCustomer()).toEqual([]);
    const other = await otherCorp();
    await filedForOther(other, NEW_OWNER, '1764000000.003400');
  });

  test('in a Slack Connect channel a colleague Slack did not describe (users.info failing) is neither side, not the customer: no conversation in their thread, no notice there', async () => {
    app.fake.channels.set(CUST, { is_ext_shared: true });
    // Never described before (none remembered): Slack fails to say each time it is asked.
    const UNDESCRIBED = 'U0UNDESCR1';
    await link();
    // Asked when the modal opens (whose side) and at the submit (of another organisation?).
    app.fake.failNext('users.info', 'internal_error');
    app.fake.failNext('users.info', 'internal_error');
    await shortcut({ text: 'Note for the team', ts: '1764000000.002700', user: UNDESCRIBED });
    const opened = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    expect(JSON.parse(opened.private_metadata as string).sourceGuest).toBe('unknown');
    await app.desk.outbox.drain();
    // The intake takes such an author for neither side (sideOf 'unknown'): no customer thread.
    expect(postedToCustomer().map((c) => [c.args.thread_ts, String(c.args.text)])).toEqual([]);
    expect((await tickets()).map((t) => t.conversation)).toEqual([undefined]);
    // Nor refused as the customer's person when filed for another customer (as a colleague is).
    const other = await otherCorp();
    app.fake.failNext('users.info', 'internal_error');
    app.fake.failNext('users.info', 'internal_error');
    await filedForOther(other, UNDESCRIBED, '1764000000.002800');
  });

  test('in a Slack Connect channel a guest of our workspace is the customer’s, as for the intake: their thread, the notice there', async () => {
    app.fake.channels.set(CUST, { is_ext_shared: true });
    await link();
    await shortcut({
      text: 'Invoice 88 is wrong',
      ts: '1764000000.002600',
      user: FAKE_GUEST_USER_ID,
    });
    await app.desk.outbox.drain();
    expect((await tickets()).map((t) => [t.conversation, t.requester?.userId])).toEqual([
      [{ channel: CUST, ts: '1764000000.002600', shared: true }, FAKE_GUEST_USER_ID],
    ]);
    expect(postedToCustomer().map((c) => c.args.thread_ts)).toEqual(['1764000000.002600']);
  });

  test('what Slack said of the author has its own proof: a modal holds on an older instance that drops it, and one signed with it in sourceProof (before it had its own) still holds', async () => {
    app.fake.channels.set(CUST, { is_ext_shared: true });
    await link();
    const open = async (ts: string, user = FAKE_GUEST_USER_ID) => {
      await app.slack.messageShortcut(
        'ticket_from_message',
        { text: 'Invoice 88 is wrong', ts, user },
        { userId: AGENT, channelId: CUST },
      );
      const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
      return { view, meta: JSON.parse(view.private_metadata as string) as Record<string, any> };
    };
    const submit = (view: Record<string, any>, meta: Record<string, unknown>) =>
      app.slack.submitView(
        { ...view, private_metadata: JSON.stringify(meta) },
        { severity: 'general', type: 'consultation' },
        { userId: AGENT },
      );
    // The source proof as every instance computes it (its key from the signing secret).
    const key = createHmac('sha256', TEST_SIGNING_SECRET)
      .update('care-desk modal source proof v1')
      .digest();
    const OLDER = [
      'sourceChannel',
      'sourceTs',
      'sourceThreadTs',
      'sourceUser',
      'sourceExternal',
      'sourceCustomer',
      'sourceShared',
    ];
    const proofOf = (meta: Record<string, unknown>, fields: string[]) =>
      createHmac('sha256', key)
        .update(JSON.stringify([FAKE_TEAM_ID, AGENT, ...fields.map((f) => meta[f] ?? null)]))
        .digest('base64url');
    const made = async (ts: string) => {
      const t = (await ticketOf(ts))!;
      return [t.source, t.conversation];
    };

    // A guest's message: sourceProof is what an instance that knows no sourceGuest computes, so
    // submitted there (the fields it does not know dropped), it is still made from the message.
    const first = await open('1764000000.002900');
    expect(first.meta.sourceGuest).toBe('guest');
    expect(first.meta.sourceProof).toBe(proofOf(first.meta, OLDER));
    const { sourceGuest: _g, sourceGuestProof: _p, ...older } = first.meta;
    await submit(first.view, older);
    expect(await made('1764000000.002900')).toEqual([
      { channel: CUST, ts: '1764000000.002900' },
      undefined,
    ]);
    // Submitted whole: the guest is the customer's, their thread the conversation.
    const whole = await open('1764000000.003000');
    await submit(whole.view, whole.meta);
    expect(await made('1764000000.003000')).toEqual([
      { channel: CUST, ts: '1764000000.003000' },
      { channel: CUST, ts: '1764000000.003000', shared: true },
    ]);
    // Opened by an instance that signed sourceGuest into sourceProof: it holds, guest and all.
    const before = await open('1764000000.003100');
    const { sourceGuestProof: _b, ...signedAll } = before.meta;
    signedAll.sourceProof = proofOf(signedAll, [...OLDER, 'sourceGuest']);
    await submit(before.view, signedAll);
    expect(await made('1764000000.003100')).toEqual([
      { channel: CUST, ts: '1764000000.003100' },
      { channel: CUST, ts: '1764000000.003100', shared: true },
    ]);
    // A colleague Slack did not describe, edited into a guest: the message kept, not the guest.
    app.fake.failNext('users.info', 'internal_error');
    const edited = await open('1764000000.003200', 'U0COLLEAG4');
    expect(edited.meta.sourceGuest).toBe('unknown');
    await submit(edited.view, { ...edited.meta, sourceGuest: 'guest' });
    expect(await made('1764000000.003200')).toEqual([
      { channel: CUST, ts: '1764000000.003200' },
      undefined,
    ]);
    expect(postedToCustomer().map((c) => c.args.thread_ts)).toEqual([
      '1764000000.003000',
      '1764000000.003100',
    ]);
  });
});

describe('a New ticket modal that says it came from a message the desk did not open it from', () => {
  const MSG = '1764000000.002500';
  /** Nothing the desk posted in the customer's channel, once the outbox is through. */
  const quietInCustomerChannel = async () => {
    await app.desk.outbox.drain();
    expect(postedToCustomer()).toEqual([]);
  };
  const warned = () =>
    app.logs.filter((l) => l.level === 40 && String(l.msg).includes('source message'));

  test('forged metadata on /ticket new: the ticket is made, but the channel’s thread is not its conversation and nothing is posted there', async () => {
    await link();
    await app.slack.command('/ticket', 'new Printer', { userId: AGENT });
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    const forged = {
      ...view,
      private_metadata: JSON.stringify({
        ...JSON.parse(view.private_metadata),
        sourceChannel: CUST,
        sourceTs: MSG,
        sourceUser: CUSTOMER_USER,
        sourceCustomer: code,
      }),
    };
    const res = await app.slack.submitView(
      forged,
      {
        severity: 'general',
        type: 'consultation',
        customer: code,
        description: 'The printer on line 3 jams',
      },
      { userId: AGENT },
    );
    expect(res.body).toBe('');
    const all = await tickets();
    expect(all.map((t) => [t.customerCode, t.title, t.conversation, t.source])).toEqual([
      [code, 'Printer', undefined, undefined],
    ]);
    await quietInCustomerChannel();
    expect(warned()).toHaveLength(1);
    expect(JSON.stringify(warned())).not.toContain(CUSTOMER_USER);
  });

  test('a shortcut’s modal submitted by someone else, or with its message changed, adopts no thread', async () => {
    await link();
    // ADMIN opens it on one message; AGENT submits ADMIN's modal.
    await app.slack.messageShortcut(
      'ticket_from_message',
      { text: 'Our line 3 is down', ts: MSG, user: CUSTOMER_USER },
      { userId: ADMIN, channelId: CUST },
    );
    await submitLastModal(app, { severity: 'general', type: 'consultation' }, AGENT);
    // AGENT's own modal, its message swapped for another one of the channel.
    await app.slack.messageShortcut(
      'ticket_from_message',
      { text: 'Reminder for the team', ts: '1764000000.002600', user: AGENT },
      { userId: AGENT, channelId: CUST },
    );
    const own = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    const swapped = {
      ...own,
      private_metadata: JSON.stringify({
        ...JSON.parse(own.private_metadata),
        sourceTs: '1764000000.002700',
        sourceUser: CUSTOMER_USER,
      }),
    };
    await app.slack.submitView(
      swapped,
      { severity: 'general', type: 'consultation' },
      { userId: AGENT },
    );
    const all = await tickets();
    expect(all.map((t) => [t.customerCode, t.conversation, t.source])).toEqual([
      [code, undefined, undefined],
      [code, undefined, undefined],
    ]);
    await quietInCustomerChannel();
    expect(warned()).toHaveLength(2);

    // The modal as the desk opened it, by the person it was opened for: the thread is adopted.
    await app.slack.messageShortcut(
      'ticket_from_message',
      { text: 'Our line 3 is down', ts: MSG, user: CUSTOMER_USER },
      { userId: AGENT, channelId: CUST },
    );
    await submitLastModal(app, { severity: 'general', type: 'consultation' }, AGENT);
    expect((await tickets())[2]!.conversation).toEqual({ channel: CUST, ts: MSG, shared: false });
    expect(warned()).toHaveLength(2);
  });
});

describe('the shortcut in a linked channel: one ticket per message', () => {
  const told = () => String(app.fake.callsTo('response_url').at(-1)!.args.text);
  const edit = (ts: string, before: string, after: string) =>
    app.slack.eventDelivery(
      {
        type: 'message',
        subtype: 'message_changed',
        channel: CUST,
        hidden: true,
        ts: '1764000900.000100',
        message: { type: 'message', user: CUSTOMER_USER, text: after, ts },
        previous_message: { type: 'message', user: CUSTOMER_USER, text: before, ts },
      },
      { eventId: nextEventId() },
    );

  test('the shortcut on a message the channel made a ticket of makes none, and names it', async () => {
    await link();
    await say('Line 3 is down', { ts: '1764000000.003000' });
    const [opened] = await tickets();
    await shortcut({ text: 'Line 3 is down', ts: '1764000000.003000', user: CUSTOMER_USER });
    expect(await tickets()).toHaveLength(1);
    expect(told()).toContain(`This message already has ticket`);
    expect(told()).toContain(opened!.number);
  });

  test('two agents’ shortcuts on one message make one ticket; its edit and the emoji reach it', async () => {
    await link('emoji');
    const ts = '1764000000.003100';
    await shortcut({ text: 'Invoice wrong', ts, user: CUSTOMER_USER });
    await shortcut({ text: 'Invoice wrong', ts, user: CUSTOMER_USER }, {}, ADMIN);
    let all = await tickets();
    expect(all).toHaveLength(1);
    expect(all[0]!.submissionId).toBe(`msg:${CUST}:${ts}`);
    expect(told()).toContain('This message already has ticket');
    expect(told()).toContain(all[0]!.number);
    // Marked with the link's emoji afterwards: still the one ticket.
    app.fake.peopleMessages.set(CUST, [{ ts, user: CUSTOMER_USER, text: 'Invoice wrong' }]);
    await app.slack.eventDelivery(
      {
        type: 'reaction_added',
        user: AGENT,
        reaction: 'ticket',
        item: { type: 'message', channel: CUST, ts },
        item_user: CUSTOMER_USER,
      },
      { eventId: nextEventId() },
    );
    expect(await tickets()).toHaveLength(1);
    // The customer corrects their message: the shortcut's ticket says so.
    await edit(ts, 'Invoice wrong', 'Invoice for October wrong');
    all = await tickets();
    expect(all[0]!.description).toBe('Invoice for October wrong');
  });
});

describe('the shortcut on a thread reply', () => {
  test('the reply’s thread is the conversation; the ticket is keyed by the reply itself', async () => {
    await link('shortcut');
    const root = '1764000000.004000';
    const reply = '1764000010.004100';
    await say('Hello', { ts: root });
    await say('Actually the scanner is broken', { ts: reply, thread: root });
    await shortcut({
      text: 'Actually the scanner is broken',
      ts: reply,
      user: CUSTOMER_USER,
      thread_ts: root,
    });
    const [ticket] = await tickets();
    expect(ticket).toMatchObject({
      conversation: { channel: CUST, ts: root },
      source: { channel: CUST, ts: reply },
      submissionId: `msg:${CUST}:${reply}`,
    });
    await app.desk.outbox.drain();
    expect(postedToCustomer().map((c) => c.args.thread_ts)).toEqual([root]);
    // The agent answers in that thread: the ticket's first response.
    app.clock.advance(5 * 60_000);
    await say('We are checking', { user: AGENT, ts: '1764000300.004200', thread: root });
    expect((await tickets())[0]!.firstResponseAt).toEqual(new Date('2026-11-24T02:05:00Z'));
  });
});

describe('the shortcut on a reply in a ticket’s own thread', () => {
  test('the new ticket leaves the thread to the ticket it is the conversation of: replies there still reach that one', async () => {
    await link(); // every message is a ticket
    const root = '1764000000.004500';
    const reply = '1764000010.004600';
    await say('The printer is jammed', { ts: root });
    await say('Also the scanner is broken', { ts: reply, thread: root });
    await shortcut({
      text: 'Also the scanner is broken',
      ts: reply,
      user: CUSTOMER_USER,
      thread_ts: root,
    });
    const [first, second] = await tickets();
    expect(first!.conversation).toEqual({ channel: CUST, ts: root, shared: false });
    expect(second).toMatchObject({ source: { channel: CUST, ts: reply } });
    expect(second!.conversation).toBeUndefined();
    app.clock.advance(5 * 60_000);
    await say('We are checking', { user: AGENT, ts: '1764000300.004700', thread: root });
    const [after, other] = await tickets();
    expect(after!.firstResponseAt).toEqual(new Date('2026-11-24T02:05:00Z'));
    expect(other!.firstResponseAt).toBeUndefined();
  });
});

describe('the conversation thread', () => {
  const ROOT = '1764000000.000600';
  async function opened() {
    await link();
    await say('Our scanner does not start', { ts: ROOT });
    return (await ticketOf(ROOT))!;
  }

  test('an agent’s reply in the thread is the first response, recorded once', async () => {
    const ticket = await opened();
    expect(ticket.firstResponseAt).toBeUndefined();
    app.clock.advance(20 * 60_000);
    await say('Looking at it now', { user: AGENT, ts: '1764001200.000100', thread: ROOT });
    app.clock.advance(10 * 60_000);
    await say('Please restart it', { user: AGENT, ts: '1764001800.000100', thread: ROOT });
    const after = (await ticketOf(ROOT))!;
    expect(after.firstResponseAt).toEqual(new Date('2026-11-24T02:20:00Z'));
    expect(after.metrics.firstResponseMinutes).toBe(20);
    expect(after.metrics.responseBreached).toBe(false);
  });

  test('an agent’s reply handled late (delivered again after a failure) counts from when it was sent', async () => {
    await opened();
    app.clock.advance(35 * 60_000); // handled at 02:35, sent at 02:20 (its ts, in seconds)
    const sent = String(Date.parse('2026-11-24T02:20:00Z') / 1000);
    await say('Looking at it now', { user: AGENT, ts: `${sent}.000100`, thread: ROOT });
    const after = (await ticketOf(ROOT))!;
    expect(after.firstResponseAt).toEqual(new Date('2026-11-24T02:20:00Z'));
    expect(after.metrics.firstResponseMinutes).toBe(20);
  });

  test('an agent’s reply sent before the resolve, handled after it (an inbox redo), is the first response as sent; one sent after the resolve, or again, is nothing', async () => {
    await link();
    const SENT_ROOT = '1795485600.000100'; // 02:00
    await say('The printer is jammed', { ts: SENT_ROOT });
    const { number } = (await ticketOf(SENT_ROOT))!;
    await act(app, number, { action: 'claim' });
    app.clock.advance(3 * 3_600_000); // 05:00
    await act(app, number, { action: 'resolve', summary: 'Fuser replaced' });
    expect((await ticketOf(SENT_ROOT))!.firstResponseAt).toEqual(new Date('2026-11-24T05:00:00Z'));
    // The agent's reply of 02:20 reaches the desk only now, and again; one of 05:10 after it.
    const late = { user: AGENT, thread: SENT_ROOT };
    await say('Looking at it now', { ...late, ts: '1795486800.000100' });
    await say('Looking at it now', { ...late, ts: '1795486800.000100' });
    await say('Anything else?', { ...late, ts: '1795496400.000100' });
    const after = (await ticketOf(SENT_ROOT))!;
    expect(after.status).toBe('resolved');
    expect(after.firstResponseAt).toEqual(new Date('2026-11-24T02:20:00Z'));
    expect(after.metrics).toMatchObject({ firstResponseMinutes: 20, firstResponseBy: AGENT });
    expect(after.timeline.filter((e) => e.action === 'response')).toMatchObject([
      { by: AGENT, answeredAt: new Date('2026-11-24T02:20:00Z') },
    ]);
  });

  test('on an open ticket, an agent’s reply sent before the first response on record, handled after it (an inbox redo), is the first response as sent', async () => {
    await link();
    const ROOT = '1795485600.000900'; // 02:00
    await say('The conveyor stopped', { ts: ROOT });
    const { number } = (await ticketOf(ROOT))!;
    await act(app, number, { action: 'claim' });
    app.clock.advance(3 * 3_600_000); // 05:00
    await say('A technician is on the way', { user: AGENT, thread: ROOT, ts: '1795496400.000900' });
    expect((await ticketOf(ROOT))!.firstResponseAt).toEqual(new Date('2026-11-24T05:00:00Z'));
    // The agent's reply of 02:20 reaches the desk only now.
    await say('Looking at it now', { user: AGENT, thread: ROOT, ts: '1795486800.000900' });
    const after = (await ticketOf(ROOT))!;
    expect(after.status).toBe('assigned');
    expect(after.firstResponseAt).toEqual(new Date('2026-11-24T02:20:00Z'));
    expect(after.metrics).toMatchObject({ firstResponseMinutes: 20, firstResponseBy: AGENT });
  });

  test('in one of our own channels everyone the roles name is ours (an account manager, whom a manager manages): their reply resumes nothing, and answers for the desk only from one who may (the customer’s account manager, not another’s nor whom a manager manages); a member the roles name nowhere is the customer’s', async () => {
    const ACCOUNT_MANAGER = 'U0ACCTMGR1'; // another customer's
    const MANAGER = 'U0MANAGER1';
    const MANAGED = 'U0MANAGED1'; // in no role list, but a manager manages them
    const MEMBER = 'U0MEMBER01'; // a member of our workspace the roles name nowhere
    await app.setSettings(() => ({
      accountManagers: [ACCOUNT_MANAGER, OWNER],
      managers: [MANAGER],
      managerLinks: [{ managerId: MANAGER, manages: [MANAGED] }],
    }));
    const ticket = await opened();
    // Another customer's account manager, and whom a manager manages: no first response, as Log
    // response refuses them; nor the customer's reply, nor a note.
    await say('I am looking into it with logistics', {
      user: ACCOUNT_MANAGER,
      ts: '1764000060.000100',
      thread: ROOT,
    });
    await say('Logistics here, checking', { user: MANAGED, ts: '1764000070.000100', thread: ROOT });
    let ours = (await ticketOf(ROOT))!;
    expect(ours.firstResponseAt).toBeUndefined();
    expect(ours.timeline.filter((e) => e.by === ACCOUNT_MANAGER || e.by === MANAGED)).toEqual([]);
    expect(app.logs.filter((l) => String(l.msg).includes('may not answer the customer'))).toEqual([
      expect.objectContaining({ ticket: ticket.number }),
      expect.objectContaining({ ticket: ticket.number }),
    ]);
    // The customer's own account manager answers for the desk.
    await say('We are on it', { user: OWNER, ts: '1764000080.000100', thread: ROOT });
    expect((await ticketOf(ROOT))!.firstResponseAt).toEqual(new Date('2026-11-24T02:00:00Z'));
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'wait', question: 'Which scanner model is it?' });
    // Whom a manager manages resumes nothing: the ticket still waits on the customer.
    await say('Logistics here, checking', { user: MANAGED, ts: '1764000160.000100', thread: ROOT });
    ours = (await ticketOf(ROOT))!;
    expect(ours.status).toBe('waiting');
    expect(ours.timeline.map((e) => [e.action, e.by])).toContainEqual(['response', OWNER]);
    expect(ours.timeline.some((e) => e.writer || e.said || e.action === 'resume')).toBe(false);
    // The safe side: not taken for staff (a customer's message would open no ticket, their reply
    // would be the first response), a member in no role is the customer's, as the README says.
    await say('It is the S-200', { user: MEMBER, ts: '1764000220.000100', thread: ROOT });
    const after = (await ticketOf(ROOT))!;
    expect(after.status).toBe('assigned');
    expect(after.timeline.at(-1)).toMatchObject({ action: 'resume', writer: MEMBER });
    await app.desk.outbox.drain();
    const thread = app.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === TRIAGE && c.args.thread_ts)
      .map((c) => String(c.args.text))
      .join('\n');
    expect(thread).not.toContain(`<@${ACCOUNT_MANAGER}> (customer side)`);
    expect(thread).not.toContain(`<@${MANAGED}> (customer side)`);
    expect(thread).toContain(`<@${MEMBER}> (customer side) replied`);
  });

  test('the ticket’s own requester whom a role names since (whom a manager manages, an account manager) answers it in its thread as its requester, as by DM: it resumes, then reopens', async () => {
    const REQUESTER = 'U0MEMBER02';
    const MANAGER = 'U0MANAGER1';
    await link();
    const OWN_ROOT = '1795485600.000200'; // 02:00
    await say('Our scanner is slow', { user: REQUESTER, ts: OWN_ROOT });
    const { number } = (await ticketOf(OWN_ROOT))!;
    await act(app, number, { action: 'claim' });
    await act(app, number, { action: 'wait', question: 'Which model is it?' });
    await app.setSettings(() => ({
      managers: [MANAGER],
      managerLinks: [{ managerId: MANAGER, manages: [REQUESTER] }],
    }));
    app.clock.advance(60_000);
    await say('The S-200', { user: REQUESTER, ts: '1795485660.000200', thread: OWN_ROOT });
    let ticket = (await ticketOf(OWN_ROOT))!;
    expect(ticket.status).toBe('assigned');
    expect(ticket.timeline.at(-1)).toMatchObject({ action: 'resume', by: REQUESTER });
    await act(app, number, { action: 'resolve', summary: 'Driver updated' });
    await app.setSettings(() => ({ managerLinks: [], accountManagers: [REQUESTER] }));
    app.clock.advance(60_000);
    await say('Still slow', { user: REQUESTER, ts: '1795485720.000200', thread: OWN_ROOT });
    ticket = (await ticketOf(OWN_ROOT))!;
    expect(ticket.status).not.toBe('resolved');
    expect(ticket.timeline.at(-1)).toMatchObject({ action: 'reopen', by: REQUESTER });
    expect(ticket.timeline.filter((e) => e.action === 'response')).toEqual([]);
  });

  test('a customer’s reply resumes a ticket waiting on them', async () => {
    const ticket = await opened();
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'wait', question: 'Which scanner model is it?' });
    app.clock.advance(60 * 60_000);
    await say('Here is the serial number: 12345', { ts: '1764003600.000100', thread: ROOT });
    const after = (await ticketOf(ROOT))!;
    expect(after.status).toBe('assigned');
    expect(after.pauses.every((p) => p.to)).toBe(true);
    expect(after.timeline.map((e) => [e.action, e.by])).toContainEqual(['resume', CUSTOMER_USER]);
  });

  test('a customer’s top-level answer within 5 minutes resumes a ticket waiting on them', async () => {
    const ticket = await opened();
    app.clock.advance(60_000);
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'wait', question: 'Which scanner model is it?' });
    app.clock.advance(60_000);
    await say('It is the S-200', { ts: '1764000120.000100' });
    const all = await tickets();
    expect(all).toHaveLength(1);
    const after = all[0]!;
    expect(after.status).toBe('assigned');
    expect(after.pauses.every((p) => p.to)).toBe(true);
    expect(after.description).toContain('It is the S-200');
    expect(after.timeline.map((e) => [e.action, e.by])).toContainEqual(['resume', CUSTOMER_USER]);
    expect(after.timeline.at(-1)!.text).toContain('It is the S-200');
  });

  test('a resolved ticket is reopened by a customer’s reply within 7 days; later a new linked ticket', async () => {
    const ticket = await opened();
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'resolve', summary: 'Driver updated' });
    app.clock.advance(2 * 86_400_000);
    // Sent now (a reply sent before the resolve would be a reply on the ticket, not a reopen).
    await say('It stopped again', { ts: '1795658400.000100', thread: ROOT });
    let after = (await ticketOf(ROOT))!;
    expect(after.status).toBe('assigned');
    expect(after.metrics.reopenCount).toBe(1);

    await act(app, ticket.number, { action: 'resolve', summary: 'Cable replaced' });
    app.clock.advance(8 * 86_400_000);
    // Sent now (the window is judged by the reply's own ts).
    await say('Same problem once more', { ts: '1796349600.000100', thread: ROOT });
    after = (await ticketOf(ROOT))!;
    expect(after.status).toBe('resolved');
    const all = await tickets();
    expect(all).toHaveLength(2);
    expect(all[1]).toMatchObject({
      conversation: { channel: CUST, ts: ROOT },
      requester: { userId: CUSTOMER_USER },
    });
    expect(all[1]!.description).toContain(`Follows up ${ticket.number}`);
    expect(all[1]!.description).toContain('Same problem once more');
    expect(after.timeline.at(-1)!.text).toContain(`${all[1]!.number} was opened for it`);
    // That reply opened the new ticket in a thread: a top-level question 2 minutes on is its own.
    app.clock.advance(2 * 60_000);
    await say('Also: the invoice is wrong', { ts: '1796349720.000100' });
    expect(await tickets()).toHaveLength(3);
  });

  test('a reply in the thread of a closed ticket opens a new one whose description says the old one is closed (not resolved over 7 days ago)', async () => {
    const ticket = await opened();
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'resolve', summary: 'Driver updated' });
    await act(app, ticket.number, { action: 'close' });
    app.clock.advance(60 * 60_000);
    await say('It does not start again', { ts: '1795489200.000100', thread: ROOT }); // now
    const all = await tickets();
    expect(all).toHaveLength(2);
    expect(all[1]!.description).toBe(
      `Follows up ${ticket.number}, which is closed: a new ticket in the same thread.\n\nIt does not start again`,
    );
    // The closed ticket names the new one, as a resolved one does, and stays closed.
    const text = `The customer wrote again in the thread of this closed ticket: ${all[1]!.number} was opened for it.`;
    expect(all[0]!.status).toBe('closed');
    expect(all[0]!.timeline.at(-1)).toMatchObject({ action: 'note', by: 'care-desk', text });
    await app.desk.outbox.drain();
    expect(app.fake.tookPostsTo(TRIAGE).map((c) => c.args.text)).toContain(
      `The desk noted: ${text}`,
    );
  });

  test('a reply cut short between opening the new ticket and the closed ticket’s note: the inbox’s redo writes that note, once, and nothing more on the new ticket', async () => {
    const ticket = await opened();
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'resolve', summary: 'Driver updated' });
    await act(app, ticket.number, { action: 'close' });
    app.clock.advance(60 * 60_000);
    // The process cut after the new ticket was saved, before the old one's note.
    const cut = vi
      .spyOn(TicketFlows.prototype, 'act')
      .mockImplementationOnce(async (_ctx, _number, params) => {
        expect(params).toHaveProperty('followedBy');
        throw new Error('the process exited');
      });
    try {
      await say('It does not start again', { ts: '1795489200.000100', thread: ROOT }); // now
    } finally {
      cut.mockRestore();
    }
    expect(await tickets()).toHaveLength(2);
    // The inbox does it again (and once more: nothing further).
    for (const at of ['2026-11-24T04:00:00Z', '2026-11-24T05:00:00Z']) {
      app.clock.set(at);
      await runDue(jobDeps(app), [slackEventsJob]);
    }
    const [old, next] = await tickets();
    const text = `The customer wrote again in the thread of this closed ticket: ${next!.number} was opened for it.`;
    expect(old!.status).toBe('closed');
    expect(old!.timeline.filter((e) => e.action === 'note')).toEqual([
      expect.objectContaining({ by: 'care-desk', text, followedBy: next!.number }),
    ]);
    // The new ticket keeps their words in its description only: not a reply noted on it again.
    expect(next!.follows).toBe(ticket.number);
    expect(next!.timeline).toEqual([]);
    const inbox = await app.db.models.seenEvents.find({ teamId: FAKE_TEAM_ID }).lean();
    expect(inbox.filter((e) => e.status !== 'done')).toEqual([]);
  });

  test('a reply sent before the resolve, handled after the close, is a note on the closed ticket (its thread line), no new ticket; one sent after the resolve reopens it', async () => {
    await link();
    const SENT = '1795485600.000100'; // 02:00
    await say('Our scanner does not start', { ts: SENT });
    const ticket = (await ticketOf(SENT))!;
    await act(app, ticket.number, { action: 'claim' });
    app.clock.advance(5 * 60_000);
    await act(app, ticket.number, { action: 'resolve', summary: 'Driver updated' }); // 02:05
    app.clock.advance(60_000);
    await act(app, ticket.number, { action: 'close' }); // 02:06
    app.clock.advance(9 * 60_000);
    // Sent at 02:03, handled at 02:15 (Slack's retry).
    await app.slack.eventDelivery(
      posted('Thanks, trying now', { ts: '1795485780.000100', thread: SENT }),
      { eventId: nextEventId(), retryNum: 1 },
    );
    expect(await tickets()).toHaveLength(1);
    const after = (await ticketOf(SENT))!;
    expect(after.status).toBe('closed');
    expect(after.timeline.at(-1)).toMatchObject({
      action: 'note',
      by: CUSTOMER_USER,
      said: 'reply',
      text: 'Thanks, trying now',
      sentAt: new Date('2026-11-24T02:03:00Z'),
    });
    await app.desk.outbox.drain();
    const thread = app.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === TRIAGE && c.args.thread_ts)
      .map((c) => String(c.args.text));
    expect(thread.at(-1)).toBe(`<@${CUSTOMER_USER}> replied: Thanks, trying now`);
    // Sent at 02:05:30, after the resolve and before the close, handled at 02:15: on time it
    // reopened the ticket, and so it does now, as of when it was sent (no new ticket).
    await app.slack.eventDelivery(
      posted('It stopped again', { ts: '1795485930.000100', thread: SENT }),
      { eventId: nextEventId(), retryNum: 1 },
    );
    expect(await tickets()).toHaveLength(1);
    const reopened = (await ticketOf(SENT))!;
    expect(reopened).toMatchObject({ status: 'assigned', assigneeId: AGENT });
    expect(reopened.closedAt).toBeUndefined();
    expect(reopened.resolvedAt).toBeUndefined();
    expect(reopened.metrics.reopenCount).toBe(1);
    expect(reopened.pauses.at(-1)).toEqual({
      from: new Date('2026-11-24T02:05:00Z'),
      to: new Date('2026-11-24T02:05:30Z'),
    });
    expect(reopened.timeline.at(-1)).toMatchObject({
      action: 'reopen',
      by: CUSTOMER_USER,
      text: 'It stopped again',
      sentAt: new Date('2026-11-24T02:05:30Z'),
    });
    // Its card shows it open again, with the buttons of an assigned ticket.
    await app.desk.outbox.drain();
    const card = app.fake
      .callsTo('chat.update')
      .filter((c) => c.args.channel === TRIAGE)
      .at(-1)!;
    expect(JSON.stringify(card.args.blocks)).toContain('ticket_resolve');
    // Resolved and closed again, a reply sent after that close opens a new ticket.
    await act(app, ticket.number, { action: 'resolve', summary: 'Cable replaced' });
    await act(app, ticket.number, { action: 'close' });
    app.clock.advance(60_000);
    const now = `${Math.floor(app.clock.now().getTime() / 1000)}.000100`;
    await say('Still broken', { ts: now, thread: SENT });
    const all = await tickets();
    expect(all).toHaveLength(2);
    expect(all[1]!.description).toContain(`Follows up ${ticket.number}, which is closed`);
  });

  test('a reply sent after the resolve and before the close, but over 7 days after the resolve, still opens a new ticket', async () => {
    await link();
    const SENT = '1795485600.000100'; // 02:00
    await say('Our scanner does not start', { ts: SENT });
    const ticket = (await ticketOf(SENT))!;
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'resolve', summary: 'Driver updated' }); // 02:00
    app.clock.advance(8 * 86_400_000);
    await act(app, ticket.number, { action: 'close' });
    app.clock.advance(60_000);
    // Sent 7 days and an hour after the resolve, before the close.
    await app.slack.eventDelivery(
      posted('It stopped again', { ts: `${1795485600 + 7 * 86_400 + 3_600}.000100`, thread: SENT }),
      { eventId: nextEventId() },
    );
    expect((await ticketOf(SENT))!.status).toBe('closed');
    expect(await tickets()).toHaveLength(2);
  });

  /**
   * Two tickets (A, B of another of the customer's people) claimed, resolved at 02:05 and closed
   * at 02:06, retention set to a day; then `text`, sent at `sent` in both threads, handled 25 hours
   * later: B's while its ticket is due to retention (closed over a day before), which has not run
   * yet; A's once retention ran and was turned off since (its words read [erased]).
   */
  async function lateRepliesAfterRetention(text: string, sent: string) {
    await link();
    const OTHER_USER = 'U0CUSTUSR2';
    const A = '1795485600.000100'; // 02:00
    const B = '1795485660.000100'; // 02:01, another of the customer's people
    await say('Our scanner does not start', { ts: A });
    app.clock.advance(60_000);
    await say('The printer is jammed', { ts: B, user: OTHER_USER });
    const [a, b] = [(await ticketOf(A))!, (await ticketOf(B))!];
    for (const t of [a, b]) await act(app, t.number, { action: 'claim' });
    app.clock.advance(4 * 60_000);
    for (const t of [a, b]) await act(app, t.number, { action: 'resolve', summary: 'Fixed' }); // 02:05
    app.clock.advance(60_000);
    for (const t of [a, b]) await act(app, t.number, { action: 'close' }); // 02:06
    await app.setSettings(() => ({ retentionDays: 1 }));
    app.clock.advance(25 * 3_600_000);
    await app.slack.eventDelivery(
      posted(text, { ts: `${sent}.000200`, thread: B, user: OTHER_USER }),
      { eventId: nextEventId() },
    );
    await runJobAt(app, privacyRetentionJob, '2026-11-26T01:00:00Z');
    await app.setSettings(() => ({ retentionDays: 0 }));
    await app.slack.eventDelivery(posted(text, { ts: `${sent}.000100`, thread: A }), {
      eventId: nextEventId(),
    });
    expect((await ticketOf(A))!.title).toBe('[erased]');
    return { a, b };
  }

  test('a reply sent after the resolve and before the close, handled after retention took (or is due to take) the closed ticket’s words, opens a new ticket instead of reopening it', async () => {
    // Sent at 02:05:30, after the resolve and before the close.
    const { a, b } = await lateRepliesAfterRetention('It stopped again', '1795485930');
    const all = await tickets();
    expect(all).toHaveLength(4);
    for (const t of [a, b]) {
      const old = (await ticketOf(t.source!.ts))!;
      expect(old.status).toBe('closed');
      expect(old.metrics.reopenCount ?? 0).toBe(0);
      expect(old.timeline.map((e) => e.action)).not.toContain('reopen');
    }
    expect(all.slice(2).map((t) => t.description)).toEqual([
      `Follows up ${b.number}, which is closed: a new ticket in the same thread.\n\nIt stopped again`,
      `Follows up ${a.number}, which is closed: a new ticket in the same thread.\n\nIt stopped again`,
    ]);
  });

  test('a reply sent before the resolve, handled after retention took (or is due to take) the closed ticket’s words, opens a new ticket instead of a note on it', async () => {
    // Sent at 02:03, before the resolve.
    const { a, b } = await lateRepliesAfterRetention('Gate code 4471, ask Wang', '1795485780');
    const all = await tickets();
    expect(all).toHaveLength(4);
    for (const t of [a, b]) {
      const old = (await ticketOf(t.source!.ts))!;
      expect(old.status).toBe('closed');
      expect(old.timeline.filter((e) => e.action === 'note')).toEqual([]);
      expect(JSON.stringify(old)).not.toContain('Gate code');
    }
    expect(all.slice(2).map((t) => t.description)).toEqual([
      `Follows up ${b.number}, which is closed: a new ticket in the same thread.\n\nGate code 4471, ask Wang`,
      `Follows up ${a.number}, which is closed: a new ticket in the same thread.\n\nGate code 4471, ask Wang`,
    ]);
  });

  test('a resolved ticket stored without its resolution time is reopened by its requester’s reply, as their own reopen would be', async () => {
    // No write of the desk leaves one (a resolve sets both at once): data stored by hand or by an
    // older version. The thread's reply and the permission table read it alike: within the window.
    const ticket = await opened();
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'resolve', summary: 'Driver updated' });
    await app.db.models.tickets.updateOne(
      { teamId: FAKE_TEAM_ID, number: ticket.number },
      { $unset: { resolvedAt: '' } },
    );
    app.clock.advance(30 * 86_400_000);
    await say('It stopped again', { ts: '1766592000.000100', thread: ROOT });
    const after = (await ticketOf(ROOT))!;
    expect(after.status).toBe('assigned');
    expect(after.metrics.reopenCount).toBe(1);
    expect(after.timeline.map((e) => [e.action, e.by])).toContainEqual(['reopen', CUSTOMER_USER]);
    expect(await tickets()).toHaveLength(1);
  });

  test('notes and the card never go to the customer channel', async () => {
    const ticket = await opened();
    await act(app, ticket.number, {
      action: 'note',
      text: 'Internal: customer is on the old firmware',
    });
    await say('Any news?', { ts: '1764000100.000100', thread: ROOT });
    await act(app, ticket.number, { action: 'claim' });
    await app.desk.outbox.drain();
    // Every call the app made to the customer channel: reads, and the requester's notices in
    // the customer's own thread (received, taken); never the card, a note or an update (the
    // card links to the customer's message; it is posted in the triage channel).
    const reads = ['conversations.info', 'conversations.history', 'chat.getPermalink'];
    const toCustomer = app.fake.calls.filter(
      (c) => (c.args.channel === CUST || c.args.channel_id === CUST) && !reads.includes(c.method),
    );
    expect(toCustomer.map((c) => [c.method, c.args.thread_ts])).toEqual([
      ['chat.postMessage', ROOT],
      ['chat.postMessage', ROOT],
    ]);
    expect(toCustomer.map((c) => String(c.args.text))).toEqual([
      expect.stringContaining('We have your request'),
      expect.stringContaining(ticket.number),
    ]);
    expect(JSON.stringify(toCustomer)).not.toContain('old firmware');
    expect(app.fake.calls.some((c) => c.method === 'chat.getPermalink')).toBe(true);
    const note = app.fake.calls.filter((c) => JSON.stringify(c.args).includes('old firmware'));
    expect(note.length).toBeGreaterThan(0);
    expect(note.every((c) => c.args.channel === TRIAGE)).toBe(true);
  });

  test('after /desk channel unlink the ticket keeps its thread; nothing new is opened', async () => {
    const ticket = await opened();
    const gone = await app.slack.command('/desk', 'channel unlink', {
      userId: ADMIN,
      channelId: CUST,
    });
    expect(gone.body.text).toContain('Tickets already opened keep their thread');
    const inbox = await app.db.models.seenEvents.countDocuments();
    app.clock.advance(20 * 60_000);
    await say('Looking at it now', { user: AGENT, ts: '1764001200.000100', thread: ROOT });
    expect((await ticketOf(ROOT))!.firstResponseAt).toEqual(new Date('2026-11-24T02:20:00Z'));

    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'wait', question: 'Which scanner model is it?' });
    app.clock.advance(60 * 60_000);
    await say('Model S-200', { ts: '1764004800.000100', thread: ROOT });
    const after = (await ticketOf(ROOT))!;
    expect(after.status).toBe('assigned');
    expect(after.timeline.map((e) => [e.action, e.by])).toContainEqual(['resume', CUSTOMER_USER]);
    expect(inbox + 2).toBe(await app.db.models.seenEvents.countDocuments());

    // A new message, and a reply in a thread no ticket has: nothing opened, nothing written.
    await say('Another problem', { ts: '1764004900.000100' });
    await say('A side remark', { ts: '1764004950.000100', thread: '1764004900.000100' });
    expect(await tickets()).toHaveLength(1);
    expect(await app.db.models.seenEvents.countDocuments()).toBe(inbox + 2);
  });

  test('an edit whose body passes the body limit (two 200,000-character texts) is answered 200 and dropped with a log line, not refused for Slack to retry', async () => {
    await opened();
    const edit = (eventId: string) =>
      JSON.stringify({
        token: 'legacy-verification-token',
        team_id: FAKE_TEAM_ID,
        api_app_id: 'A0APP00001',
        event: {
          type: 'message',
          subtype: 'message_changed',
          channel: CUST,
          channel_type: 'channel',
          hidden: true,
          ts: '1764000200.000100',
          event_ts: '1764000200.000100',
          message: { type: 'message', user: CUSTOMER_USER, text: 'a'.repeat(200_000), ts: ROOT },
          previous_message: {
            type: 'message',
            user: CUSTOMER_USER,
            text: 'b'.repeat(200_000),
            ts: ROOT,
          },
        },
        type: 'event_callback',
        event_id: eventId,
        event_time: 1764000200,
        authorizations: [
          { enterprise_id: null, team_id: FAKE_TEAM_ID, user_id: 'U0BOT00001', is_bot: true },
        ],
        is_ext_shared_channel: false,
      });
    const body = edit(nextEventId());
    expect(body.length).toBeGreaterThan(256 * 1024);
    const res = await app.slack.post(body, 'application/json');
    expect(res.status).toBe(200);
    expect(app.logs).toContainEqual(
      expect.objectContaining({
        msg: expect.stringContaining('over SLACK_BODY_LIMIT_KB: dropped unprocessed'),
        bytes: body.length,
        limitBytes: 256 * 1024,
      }),
    );
    expect((await ticketOf(ROOT))!.description).toBe('Our scanner does not start');
    // Not Slack's (a forged signature): refused as before, never answered 200.
    const forged = await app.slack.post(edit(nextEventId()), 'application/json', {
      signature: `v0=${'0'.repeat(64)}`,
    });
    expect(forged.status).toBe(401);
    const unsigned = await app.slack.post(edit(nextEventId()), 'application/json', {
      signature: '',
    });
    expect(unsigned.status).toBe(413);
  });

  test('bodies over the limit with forged signature headers: two read at a time, a third 413 unread, one not in within the deadline 408 and cut', async () => {
    readDeadlines.length = 0;
    const LENGTH = 300 * 1024;
    const body = (eventId: string) => {
      const head = JSON.stringify({
        type: 'event_callback',
        team_id: FAKE_TEAM_ID,
        event_id: eventId,
        event: { type: 'message', channel: CUST, text: '' },
      });
      // The text padded so that the body is LENGTH bytes long.
      return head.replace('"text":""', `"text":"${'z'.repeat(LENGTH - head.length)}"`);
    };
    const FORGED = `v0=${'0'.repeat(64)}`;
    // A slow upload: its headers and first 64 KiB now, the rest when the test says.
    const upload = (text: string) => {
      const req = request(`${app.baseUrl}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(text)),
          'x-slack-signature': FORGED,
          'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
        },
      });
      const answer = new Promise<number | 'cut'>((resolve) => {
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', () => resolve('cut'));
      });
      const closed = new Promise<void>((resolve) =>
        req.on('socket', (socket) => socket.once('close', () => resolve())),
      );
      req.write(text.slice(0, 64 * 1024));
      return { answer, closed, finish: () => req.end(text.slice(64 * 1024)) };
    };
    const first = upload(body(nextEventId()));
    await vi.waitFor(() => expect(readDeadlines).toHaveLength(1), { timeout: 15_000 });
    const second = upload(body(nextEventId()));
    await vi.waitFor(() => expect(readDeadlines).toHaveLength(2), { timeout: 15_000 });
    // Two such reads run: a third is refused unread (it would have been read and hashed: 401).
    const third = await app.slack.post(body(nextEventId()), 'application/json', {
      signature: FORGED,
    });
    expect(third.status).toBe(413);
    expect(app.logs).toContainEqual(
      expect.objectContaining({
        msg: expect.stringContaining('refused unread, as many as allowed over the limit'),
      }),
    );
    expect(readDeadlines).toHaveLength(2);
    // The first one's deadline passes before it is in: 408, and its connection is closed.
    readDeadlines[0]!();
    expect(await first.answer).toBe(408);
    await first.closed;
    expect(app.logs).toContainEqual(
      expect.objectContaining({
        msg: expect.stringContaining('not read in time'),
        afterMs: 10_000,
      }),
    );
    // The second one comes in whole: read and hashed, its signature wrong: 401.
    second.finish();
    expect(await second.answer).toBe(401);
    // Both reads over: one Slack signed is read again, answered 200 and dropped.
    const signed = await app.slack.post(body(nextEventId()), 'application/json');
    expect(signed.status).toBe(200);
    expect(app.logs).toContainEqual(
      expect.objectContaining({
        msg: expect.stringContaining('over SLACK_BODY_LIMIT_KB: dropped unprocessed'),
        bytes: LENGTH,
      }),
    );
  });

  test('an edited and a deleted message show on the ticket', async () => {
    await opened();
    await app.slack.eventDelivery(scannerEdited(CUST, CUSTOMER_USER, ROOT, '1764000200.000100'), {
      eventId: nextEventId(),
    });
    let after = (await ticketOf(ROOT))!;
    expect(after.description).toBe('Our scanner 2 does not start');
    expect(after.timeline.at(-1)!.text).toContain('Our scanner 2 does not start');

    await app.slack.eventDelivery(
      {
        type: 'message',
        subtype: 'message_deleted',
        channel: CUST,
        hidden: true,
        ts: '1764000300.000100',
        deleted_ts: ROOT,
        previous_message: {
          type: 'message',
          user: CUSTOMER_USER,
          text: 'Our scanner 2 does not start',
          ts: ROOT,
        },
      },
      { eventId: nextEventId() },
    );
    after = (await ticketOf(ROOT))!;
    expect(after.description).toContain('The customer deleted this message in the channel');
    expect(after.timeline.at(-1)!.text).toContain('deleted their message');
  });
  test('an edit of a long emoji message whose description was stored by the code-point cut (before 2026-12-02) replaces it', async () => {
    await link();
    const long = `Our printers: ${'🖨️😀'.repeat(1100)}`; // 3314 code points, 5514 units
    await say(long, { ts: ROOT });
    // Stored before the upgrade: 3000 code points, the last one `…` (not 3000 UTF-16 units).
    const old = `${Array.from(long).slice(0, 2999).join('')}…`;
    await app.db.models.tickets.updateOne(
      { teamId: FAKE_TEAM_ID, submissionId: `msg:${CUST}:${ROOT}` },
      { $set: { description: old } },
    );
    await app.slack.eventDelivery(
      {
        type: 'message',
        subtype: 'message_changed',
        channel: CUST,
        hidden: true,
        ts: '1764000200.000100',
        message: { type: 'message', user: CUSTOMER_USER, text: 'Our printer is jammed', ts: ROOT },
        previous_message: { type: 'message', user: CUSTOMER_USER, text: long, ts: ROOT },
      },
      { eventId: nextEventId() },
    );
    const after = (await ticketOf(ROOT))!;
    expect(after.description).toBe('Our printer is jammed');
    expect(after.timeline.at(-1)!.text).toContain('Our printer is jammed');
  });

  test('a deleted first message with replies (Slack’s tombstone) is a deletion, not an edit', async () => {
    await opened();
    await say('Looking at it', { user: AGENT, ts: '1764000060.000100', thread: ROOT });
    await app.slack.eventDelivery(
      {
        type: 'message',
        subtype: 'message_changed',
        channel: CUST,
        hidden: true,
        ts: '1764000200.000100',
        message: {
          type: 'message',
          subtype: 'tombstone',
          user: 'USLACKBOT',
          hidden: true,
          text: 'This message was deleted.',
          ts: ROOT,
          thread_ts: ROOT,
          reply_count: 1,
        },
        previous_message: {
          type: 'message',
          user: CUSTOMER_USER,
          text: 'Our scanner does not start',
          ts: ROOT,
          thread_ts: ROOT,
        },
      },
      { eventId: nextEventId() },
    );
    const after = (await ticketOf(ROOT))!;
    expect(after.description).toContain('Our scanner does not start');
    expect(after.description).toContain('The customer deleted this message in the channel');
    expect(after.description).not.toContain('This message was deleted.');
    expect(after.timeline.at(-1)).toMatchObject({ by: CUSTOMER_USER });
    expect(after.timeline.at(-1)!.text).toContain('deleted their message');
    expect(JSON.stringify(after.timeline)).not.toContain('This message was deleted.');
  });
});

describe('who is on the desk’s side of a ticket, whatever the roles say now', () => {
  test('its assignee, whose role was taken away since, is no customer in its thread: their reply is not noted as the customer’s', async () => {
    await link();
    const ROOT = '1795485600.000700';
    await say('Our press 2 leaks', { ts: ROOT });
    const { number } = (await ticketOf(ROOT))!;
    await act(app, number, { action: 'claim' });
    await app.setSettings(() => ({ agents: [] }));
    await say('A technician comes at 3', { user: AGENT, ts: '1795485660.000700', thread: ROOT });
    const ticket = (await ticketOf(ROOT))!;
    expect(ticket.timeline.filter((e) => e.said === 'reply' || e.writer === AGENT)).toEqual([]);
  });

  test('the customer’s own owner, in no role, is the desk’s side in its channel: their message opens no ticket, their thread reply is not the customer’s', async () => {
    await link();
    await say('Reminder: audit visit on Friday', { user: OWNER, ts: '1795485600.000800' });
    expect(await tickets()).toEqual([]);
    const ROOT = '1795485610.000800';
    await say('Our press 3 leaks', { ts: ROOT });
    await say('I have told the plant manager', {
      user: OWNER,
      ts: '1795485660.000800',
      thread: ROOT,
    });
    const ticket = (await ticketOf(ROOT))!;
    expect(ticket.accountManagerId).toBe(OWNER);
    expect(ticket.timeline.filter((e) => e.said === 'reply' || e.writer === OWNER)).toEqual([]);
  });
});

describe('the customer’s owner changed after a ticket was resolved', () => {
  test('the new owner, in no role, replying in the resolved ticket’s thread is the desk’s side: the ticket is not reopened as the customer’s', async () => {
    await link();
    const ROOT = '1795485610.000900';
    await say('Our press 4 leaks', { ts: ROOT });
    const { number } = (await ticketOf(ROOT))!;
    await act(app, number, { action: 'claim' });
    await act(app, number, { action: 'resolve', summary: 'Seal replaced' });
    const NEW_OWNER = 'U0NEWOWNR1';
    await app.desk.services.customers.update(await ctxOf(app, ADMIN), code, {
      ownerId: NEW_OWNER,
    });
    // A top-level message of the new owner is the desk's side (sideIn reads the owner now).
    await say('Reminder: audit visit on Monday', { user: NEW_OWNER, ts: '1795485620.000900' });
    expect((await tickets()).length).toBe(1);
    // Their thread reply on the resolved ticket: the ticket's stored accountManagerId is the old owner.
    await say('I will call the plant manager tomorrow', {
      user: NEW_OWNER,
      ts: '1795485660.000900',
      thread: ROOT,
    });
    const ticket = (await ticketOf(ROOT))!;
    expect(ticket.status).toBe('resolved');
    expect(ticket.timeline.filter((e) => e.said === 'reply' || e.writer === NEW_OWNER)).toEqual([]);
  });

  test('nor answers the survey of a ticket with no Slack requester, resolved before they took the customer, as the customer', async () => {
    await link();
    // A customer's message filed for a contact not in Slack: the survey is the channel's people's.
    await shortcut(
      { text: 'Our press 5 leaks', ts: '1764000000.003100', user: CUSTOMER_USER },
      { requester: null as unknown as string, contact_name: 'Ms Wang', channel: 'slack' },
    );
    const { number } = (await ticketOf('1764000000.003100'))!;
    await act(app, number, { action: 'claim' });
    await act(app, number, { action: 'resolve', summary: 'Seal replaced' });
    await app.desk.outbox.drain();
    const survey = app.fake
      .postsTo(CUST)
      .find((c) => String(c.args.text).includes('How satisfied are you'))!;
    const blocks = (
      typeof survey.args.blocks === 'string' ? JSON.parse(survey.args.blocks) : survey.args.blocks
    ) as { type: string; elements?: { action_id: string; value: string }[] }[];
    const value = (score: number) =>
      blocks
        .find((b) => b.type === 'actions')!
        .elements!.find((e) => e.action_id === `requester_survey_${score}`)!.value;
    const NEW_OWNER = 'U0NEWOWNR1';
    await app.desk.services.customers.update(await ctxOf(app, ADMIN), code, {
      ownerId: NEW_OWNER,
    });
    const click = (userId: string, score: number) =>
      app.slack.blockAction(
        { block_id: 'survey', action_id: `requester_survey_${score}`, value: value(score) },
        { userId, channelId: CUST, messageTs: '1764000000.003100' },
      );
    await click(NEW_OWNER, 5);
    expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toContain(
      'is for the person who reported',
    );
    expect((await ticketOf('1764000000.003100'))!.survey?.satisfaction).toBeUndefined();
    // The customer's person in their own channel still answers it.
    await click(CUSTOMER_USER, 2);
    expect((await ticketOf('1764000000.003100'))!.survey).toMatchObject({
      satisfaction: 2,
      by: CUSTOMER_USER,
    });
  });
});

/**
 * A click by EXTERNAL_USER (of THEIR_TEAM, another organisation) on button `actionId` (its value
 * `value`) of a message in `channel`, as Slack posts it: signed, form-encoded.
 */
function theirClick(channel: string, actionId: string, value: string) {
  return app.slack.post(
    new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions',
        team: { id: FAKE_TEAM_ID, domain: 'x' },
        user: { id: EXTERNAL_USER, username: 'x', name: 'x', team_id: THEIR_TEAM },
        api_app_id: 'A0APP00001',
        trigger_id: '1337.X',
        container: { type: 'message', message_ts: '1.2', channel_id: channel },
        channel: { id: channel, name: 'x' },
        response_url: app.fake.responseUrl(),
        actions: [{ type: 'button', action_id: actionId, block_id: 'b', value }],
      }),
    }).toString(),
    'application/x-www-form-urlencoded',
  );
}

describe('Slack Connect: people of another organisation', () => {
  test('are accepted in a linked channel only, as customers (never staff, even on an open desk)', async () => {
    app.fake.channels.set(CUST, { is_ext_shared: true });
    await link();
    await app.setSettings(() => ({ openDesk: true }));
    // Unlinked channel: dropped before any listener (acked, not refused: Slack would retry it).
    const dropped = await say('hello', {
      channel: OTHER,
      user: EXTERNAL_USER,
      team: THEIR_TEAM,
      ts: '1764000000.000700',
    });
    expect(dropped.status).toBe(200);
    expect(await tickets()).toHaveLength(0);

    const ok = await say('Our shipment is late', {
      user: EXTERNAL_USER,
      team: THEIR_TEAM,
      ts: '1764000000.000800',
    });
    expect(ok.status).toBe(200);
    const ticket = (await ticketOf('1764000000.000800'))!;
    expect(ticket).toMatchObject({ requester: { userId: EXTERNAL_USER }, createdBy: 'care-desk' });

    // Their reply in the thread is not a response; our agent's is.
    await say('Any update?', {
      user: EXTERNAL_USER,
      team: THEIR_TEAM,
      ts: '1764000100.000100',
      thread: '1764000000.000800',
    });
    expect((await ticketOf('1764000000.000800'))!.firstResponseAt).toBeUndefined();
    // In a shared channel anyone of our own workspace answers for the desk.
    await say('On its way', {
      user: 'U0COLLEAG1',
      ts: '1764000200.000100',
      thread: '1764000000.000800',
    });
    expect((await ticketOf('1764000000.000800'))!.firstResponseAt).toBeDefined();
    // Our own people's top-level messages in a shared channel open nothing.
    await say('Good morning all', { user: 'U0COLLEAG1', ts: '1764000300.000100' });
    expect(await tickets()).toHaveLength(1);
  });

  test('a guest of our workspace is the customer’s there, and one Slack does not describe no staff either: their reply is no first response, the guest’s message opens a ticket', async () => {
    app.fake.channels.set(CUST, { is_ext_shared: true });
    await link();
    const ROOT = '1795485600.000100'; // 02:00
    app.clock.advance(5 * 60_000);
    await say('Our shipment is late', { user: EXTERNAL_USER, team: THEIR_TEAM, ts: ROOT });
    // A guest of the workspace (users.info: is_restricted) answers in the thread.
    const GUEST = FAKE_GUEST_USER_ID;
    await say('I think it left yesterday', { user: GUEST, ts: '1795485660.000100', thread: ROOT });
    expect((await ticketOf(ROOT))!.firstResponseAt).toBeUndefined();
    // Slack does not say who this one is: not taken for staff either.
    app.fake.failNext('users.info', 'internal_error');
    await say('Checking', { user: 'U0SILENT01', ts: '1795485720.000100', thread: ROOT });
    expect(app.logs.some((l) => String(l.msg).startsWith('users.info failed'))).toBe(true);
    expect((await ticketOf(ROOT))!.firstResponseAt).toBeUndefined();
    // A member of our workspace in no role: ours, yet no answer for the desk (Log response
    // refuses them too); an agent's is the desk's first response, when it was sent.
    await say('On its way', { user: 'U0COLLEAG1', ts: '1795485780.000100', thread: ROOT });
    expect((await ticketOf(ROOT))!.firstResponseAt).toBeUndefined();
    await say('It left yesterday', { user: AGENT, ts: '1795485790.000100', thread: ROOT });
    expect((await ticketOf(ROOT))!.firstResponseAt).toEqual(new Date('2026-11-24T02:03:10Z'));
    // The guest's own question opens a ticket, theirs.
    await say('Where is the invoice?', { user: GUEST, ts: '1795485840.000100' });
    expect((await tickets()).map((t) => t.requester?.userId)).toEqual([EXTERNAL_USER, GUEST]);
  });

  test('a guest of our workspace (the customer) whose users.info failed once: their message is not lost (a ticket now or after the slack-events redo)', async () => {
    app.fake.channels.set(CUST, { is_ext_shared: true });
    await link();
    // A real guest nobody asked of yet (the people check keeps answers across tests).
    const GUEST = 'U0GUESTNEW';
    app.fake.users.set(GUEST, { id: GUEST, name: 'buyer.chen', is_restricted: true });
    app.fake.failNext('users.info', 'internal_error');
    await say('Our order 991 never arrived', { user: GUEST, ts: '1795485600.000100' });
    // Slack answers again by the time the slack-events job redoes failed events.
    await runJobAt(app, slackEventsJob, '2026-11-24T03:00:00Z');
    expect((await tickets()).map((t) => t.requester?.userId)).toEqual([GUEST]);
  });

  test('a passing users.info failure on a guest’s message is no listener failure (no error with a stack): only the inbox’s warning, and the ticket after the redo', async () => {
    app.fake.channels.set(CUST, { is_ext_shared: true });
    await link();
    const GUEST = 'U0GUESTRV3';
    app.fake.users.set(GUEST, { id: GUEST, name: 'buyer.wu', is_restricted: true });
    app.fake.failNext('users.info', 'internal_error');
    await say('Our order 992 never arrived', { user: GUEST, ts: '1795485600.000300' });
    expect(app.logs.map((l) => l.msg)).toContain(
      'event work failed: the slack-events job does it again',
    );
    await runJobAt(app, slackEventsJob, '2026-11-24T03:00:00Z');
    expect((await tickets()).map((t) => t.requester?.userId)).toEqual([GUEST]);
    expect(app.logs.filter((l) => l.msg === 'listener failed' || l.level >= 50)).toEqual([]);
  });

  test('after /desk channel unlink, a guest’s reply in a ticket’s thread while users.info fails is done again once Slack answers: the ticket waiting on the customer resumes', async () => {
    app.fake.channels.set(CUST, { is_ext_shared: true });
    await link();
    const ROOT = '1795485600.000400';
    await say('Our line 4 stopped', { user: EXTERNAL_USER, team: THEIR_TEAM, ts: ROOT });
    const { number } = (await ticketOf(ROOT))!;
    await act(app, number, { action: 'claim' });
    await act(app, number, { action: 'wait', question: 'Which line firmware is it?' });
    await app.slack.command('/desk', 'channel unlink', { userId: ADMIN, channelId: CUST });
    const GUEST = 'U0GUESTRV4';
    app.fake.users.set(GUEST, { id: GUEST, name: 'buyer.zhao', is_restricted: true });
    app.fake.failNext('users.info', 'internal_error');
    await say('Firmware 2.1', { user: GUEST, ts: '1795485900.000400', thread: ROOT });
    expect((await ticketOf(ROOT))!.status).toBe('waiting');
    // Slack answers by the time the slack-events job redoes it (not `runJobAt`, which clears the
    // fake Slack's users): a guest, the customer's, so the ticket resumes.
    app.clock.set('2026-11-24T03:00:00Z');
    await runDue(jobDeps(app), [slackEventsJob]);
    const after = (await ticketOf(ROOT))!;
    expect(after.status).toBe('assigned');
    // Resumed by the desk for another person of the customer's, naming who wrote.
    expect(after.timeline.map((e) => [e.action, e.writer])).toContainEqual(['resume', GUEST]);
  });

  test('our agent’s ticket emoji on a guest’s message while users.info fails: a ticket, or the agent told why not (not silence)', async () => {
    app.fake.channels.set(CUST, { is_ext_shared: true });
    await link('emoji');
    const GUEST = 'U0GUESTEMO';
    app.fake.users.set(GUEST, { id: GUEST, name: 'buyer.liu', is_restricted: true });
    const TS = '1764000000.000700';
    app.fake.peopleMessages.set(CUST, [{ ts: TS, user: GUEST, text: 'Can you check order 779?' }]);
    app.fake.failNext('users.info', 'internal_error');
    await ticketEmojiShared(AGENT, TS);
    const opened = (await tickets()).length;
    const told = app.fake.callsTo('chat.postEphemeral').length;
    expect(opened + told).toBeGreaterThan(0);
    // Filed as the customer's, as the agent marked it.
    expect((await tickets()).map((t) => t.requester?.userId)).toEqual([GUEST]);
  });

  test('with emoji intake, a no-role colleague’s emoji on another colleague’s note while users.info fails files nothing as the customer’s: done again once Slack answers (a member’s note: still no ticket)', async () => {
    const A = 'U0COLLRXA1';
    const B = 'U0COLLRXB1';
    await colleaguesInEmojiChannel(A, B);
    const TS = '1764000000.000900';
    app.fake.peopleMessages.set(CUST, [{ ts: TS, user: B, text: 'FYI price list pinned above' }]);
    // Slack failing for a moment: the reactor's check and the author's.
    app.fake.failNext('users.info', 'internal_error', 2);
    await ticketEmojiShared(A, TS);
    expect(await tickets()).toEqual([]);
    expect(app.logs.map((l) => l.msg)).toContain(
      'event work failed: the slack-events job does it again',
    );
    // Slack answers by the time the slack-events job redoes it (the channel and the note kept,
    // so not `runJobAt`, which clears the fake Slack): B is asked again, a member: no ticket.
    app.clock.set('2026-11-24T03:00:00Z');
    const before = app.fake.callsTo('users.info').filter((c) => c.args.user === B).length;
    await runDue(jobDeps(app), [slackEventsJob]);
    expect(app.fake.callsTo('users.info').filter((c) => c.args.user === B).length).toBe(before + 1);
    expect(await tickets()).toEqual([]);
  });

  test('with emoji intake, a no-role colleague Slack described marks another colleague’s note while users.info fails for the note’s author only: no ticket filed as the customer’s', async () => {
    const A = 'U0COLLRSA1';
    const B = 'U0COLLRSB1';
    await colleaguesInEmojiChannel(A, B);
    // A says something in the channel first: Slack describes A (a member), remembered, so the
    // reactor is known and only the reactor's lack of a desk role keeps the note from being filed.
    await say('Morning all', { user: A, ts: '1764000000.000100' });
    expect(app.fake.callsTo('users.info').filter((c) => c.args.user === A)).toHaveLength(1);
    const TS = '1764000000.000900';
    app.fake.peopleMessages.set(CUST, [{ ts: TS, user: B, text: 'FYI price list pinned above' }]);
    // Slack failing for a moment: only B is asked now (A is remembered).
    app.fake.failNext('users.info', 'internal_error');
    await ticketEmojiShared(A, TS);
    expect(app.fake.callsTo('users.info').filter((c) => c.args.user === A)).toHaveLength(1);
    expect((await tickets()).map((t) => t.requester?.userId)).toEqual([]);
  });

  test('with emoji intake, our agent’s emoji on a guest’s message there opens its ticket (on a colleague’s, nothing)', async () => {
    app.fake.channels.set(CUST, { is_ext_shared: true });
    await link('emoji');
    const GUEST = FAKE_SINGLE_GUEST_USER_ID;
    app.fake.peopleMessages.set(CUST, [
      { ts: '1764000000.000600', user: 'U0COLLEAG1', text: 'Price list attached' },
      { ts: '1764000000.000500', user: GUEST, text: 'Can you check our order 778?' },
    ]);
    for (const ts of ['1764000000.000500', '1764000000.000600']) await ticketEmojiShared(AGENT, ts);
    const all = await tickets();
    expect(all.map((t) => [t.title, t.requester?.userId])).toEqual([
      ['Can you check our order 778?', GUEST],
    ]);
  });

  test('one of our workspace Slack does not describe (slow or failing) is taken for neither side there: their reply resumes, reopens and notes nothing; their “Not solved, reopen” is not told a reply reopens it', async () => {
    app.fake.channels.set(CUST, { is_ext_shared: true });
    await link();
    // Remembered by nobody yet (the people check keeps what Slack said across tests).
    const COLLEAGUE = 'U0UNDESC01';
    const ROOT = '1795485600.000100'; // 02:00
    await say('Our shipment is late', { user: EXTERNAL_USER, team: THEIR_TEAM, ts: ROOT });
    const { number } = (await ticketOf(ROOT))!;
    await act(app, number, { action: 'claim' });
    await act(app, number, { action: 'wait', question: 'Which order?' });
    app.clock.advance(60_000);
    // Our colleague (a member, no desk role) writes in the thread while Slack is failing.
    app.fake.failNext('users.info', 'internal_error');
    await say('I can look that up', { user: COLLEAGUE, ts: '1795485660.000100', thread: ROOT });
    let ticket = (await ticketOf(ROOT))!;
    expect(ticket.status).toBe('waiting');
    expect(ticket.timeline.filter((e) => e.by === COLLEAGUE)).toEqual([]);
    await act(app, number, { action: 'resume' });
    app.clock.advance(4 * 60_000);
    await act(app, number, { action: 'resolve', summary: 'Shipped' }); // 02:05
    app.clock.advance(60_000);
    app.fake.failNext('users.info', 'internal_error');
    await say('Glad that is sorted, thanks all', {
      user: COLLEAGUE,
      ts: '1795485960.000100', // 02:06
      thread: ROOT,
    });
    ticket = (await ticketOf(ROOT))!;
    expect(ticket.status).toBe('resolved');
    expect(ticket.timeline.filter((e) => e.by === COLLEAGUE)).toEqual([]);
    // Only logged, without their words.
    const logged = app.logs.filter((l) =>
      String(l.msg).includes('Slack did not describe its author'),
    );
    expect(logged.map((l) => [l.standing, l.ticket])).toEqual([
      ['unknown', number],
      ['unknown', number],
    ]);
    expect(JSON.stringify(logged)).not.toMatch(/sorted|look that up/);
    // Their "Not solved, reopen" is refused without "reply in this thread" (it would reopen nothing).
    app.fake.failNext('users.info', 'internal_error');
    await app.slack.blockAction(
      { action_id: 'requester_reopen', value: number, block_id: 'reopen' },
      { userId: COLLEAGUE, channelId: CUST },
    );
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
      `Only the person who reported ${number} can reopen it with this button.`,
    );
    expect((await ticketOf(ROOT))!.status).toBe('resolved');
  });

  /**
   * CUST shared and linked; `writer` a person of ours Slack knows as `name`; the ticket opened by
   * another organisation's person at `root` (`text`).
   */
  async function openedInShared(writer: string, name: string, root: string, text: string) {
    app.fake.channels.set(CUST, { is_ext_shared: true });
    await link();
    app.fake.users.set(writer, { id: writer, name });
    await say(text, { user: EXTERNAL_USER, team: THEIR_TEAM, ts: root });
    return (await ticketOf(root))!;
  }

  /** As `openedInShared`, the ticket claimed: its number. */
  async function claimedInShared(writer: string, name: string, root: string, text: string) {
    const { number } = await openedInShared(writer, name, root, text);
    await act(app, number, { action: 'claim' });
    return number;
  }

  /** The DMs `user` got of undescribed replies kept as notes (the kept-note notices). */
  const keptNoteDms = (user: string) =>
    app.fake
      .postsTo(user)
      .map((c) => String(c.args.text))
      .filter((x) => x.includes('whom Slack never'));

  /**
   * The burst's end come, inside quiet hours (the ticket not urgent): AGENT is not told; at noon,
   * quiet hours over, once. `meanwhile` checks what else holds before noon.
   */
  async function toldAgentAtNoon(meanwhile?: () => void) {
    app.clock.advance(KEPT_NOTE_BURST_MS);
    await app.desk.outbox.drain();
    expect(keptNoteDms(AGENT)).toEqual([]);
    meanwhile?.();
    app.clock.set('2026-11-24T04:00:00Z'); // noon: quiet hours over
    await app.desk.outbox.drain();
    expect(keptNoteDms(AGENT)).toHaveLength(1);
  }

  /**
   * As `openedInShared`, claimed by AGENT (unless `claimed` is false) and resolved "Restarted",
   * its notices out: the ticket (as it was opened).
   */
  async function resolvedInShared(
    writer: string,
    name: string,
    root: string,
    text: string,
    { claimed = true } = {},
  ) {
    const a = await openedInShared(writer, name, root, text);
    if (claimed) await act(app, a.number, { action: 'claim' });
    await act(app, a.number, { action: 'resolve', summary: 'Restarted' });
    await app.desk.outbox.drain();
    return a;
  }

  /**
   * As `resolvedInShared`, then quiet hours set from 10:00 to 12:00 (it is 10:01 in Shanghai):
   * the ticket.
   */
  async function resolvedBeforeQuietHours(
    writer: string,
    name: string,
    root: string,
    text: string,
  ) {
    const a = await resolvedInShared(writer, name, root, text);
    await app.setSettings(() => ({ quietHours: { enabled: true, start: '10:00', end: '12:00' } }));
    return a;
  }

  /** `writer`'s reply `text` (at `ts`) in the thread `root`, Slack failing to describe them. */
  async function undescribedReply(writer: string, text: string, ts: string, root: string) {
    app.fake.failNext('users.info', 'internal_error');
    await say(text, { user: writer, ts, thread: root });
  }

  /**
   * The inbox's failed events at their last attempt (the slack-events job, 2 minutes on, run with
   * `deps`), Slack failing `fails` users.info calls there; `meanwhile` runs just before that job.
   */
  async function lastAttempt(
    opts: { fails?: number; deps?: JobDeps; meanwhile?: () => Promise<unknown> } = {},
  ) {
    await app.db.models.seenEvents.updateMany(
      { teamId: FAKE_TEAM_ID, status: 'failed' },
      { $set: { attempts: EVENT_MAX_ATTEMPTS - 1 } },
    );
    app.clock.advance(2 * 60_000);
    await opts.meanwhile?.();
    app.fake.failNext('users.info', 'internal_error', opts.fails ?? 1);
    await runDue(opts.deps ?? jobDeps(app), [slackEventsJob]);
  }

  /**
   * `writer`'s reply `text` (at `ts`) in the thread `root`, Slack failing to describe them at its
   * delivery and again at the inbox's last attempt (the slack-events job, 2 minutes on).
   */
  async function replySlackSilentToLastTry(writer: string, text: string, ts: string, root: string) {
    await undescribedReply(writer, text, ts, root);
    await lastAttempt();
  }

  test('Slack still silent at the inbox’s last attempt: a colleague’s thread reply is kept on the ticket and changes nothing (no resume, no reply owed); another organisation’s person resumes it without Slack asked', async () => {
    const COLLEAGUE = 'U0LASTTRY1';
    const ROOT = '1795485600.000500'; // 02:00
    const number = await claimedInShared(COLLEAGUE, 'colleague.last', ROOT, 'Our line 5 stopped');
    await say('Looking at it', { user: AGENT, ts: '1795485630.000500', thread: ROOT });
    await act(app, number, { action: 'wait', question: 'Which firmware?' });
    /** Their reply, Slack failing at the delivery and again at the inbox's last attempt. */
    const lastTry = async (text: string, ts: string) => {
      await replySlackSilentToLastTry(COLLEAGUE, text, ts, ROOT);
      const inbox = await app.db.models.seenEvents.find({ teamId: FAKE_TEAM_ID }).lean();
      expect(inbox.filter((e) => e.status !== 'done')).toEqual([]);
    };
    await lastTry('I will check the firmware for them', '1795485660.000500');
    let ticket = (await ticketOf(ROOT))!;
    expect(ticket.status).toBe('waiting');
    expect(ticket.timeline.at(-1)).toEqual(
      expect.objectContaining({
        action: 'note',
        by: 'care-desk',
        writer: COLLEAGUE,
        text: 'I will check the firmware for them',
      }),
    );
    expect(ticket.timeline.at(-1)!.said).toBeUndefined();
    // The card's thread says who wrote, and that the ticket was left as it was.
    expect(app.fake.tookPostsTo(TRIAGE).map((c) => c.args.text)).toContain(
      `<@${COLLEAGUE}> wrote in the customer’s thread (Slack never said whether they are a colleague or a guest; the ticket was left as it was): I will check the firmware for them`,
    );
    // On the ticket worked again (answered before): no reply owed to their words either.
    await act(app, number, { action: 'resume' });
    await lastTry('Firmware is 2.1 I think', '1795485715.000500');
    ticket = (await ticketOf(ROOT))!;
    expect(ticket.status).toBe('assigned');
    expect(ticket.replyFrom).toBeUndefined();
    expect(ticket.timeline.filter((e) => e.writer === COLLEAGUE)).toHaveLength(2);
    // A person of another organisation (their team in the event) is the customer's for sure:
    // Slack is not asked of them, and their reply is owed an answer at once.
    const asked = app.fake.callsTo('users.info').length;
    await say('It is 2.1', {
      user: EXTERNAL_USER,
      team: THEIR_TEAM,
      ts: '1795485830.000500',
      thread: ROOT,
    });
    expect(app.fake.callsTo('users.info').length).toBe(asked);
    expect((await ticketOf(ROOT))!.replyFrom).toEqual(new Date('2026-11-24T02:03:50Z'));
  });

  test.each([
    ['resolved over 7 days before', 'resolved'],
    ['closed', 'closed'],
  ] as const)(
    'Slack still silent at the inbox’s last attempt, a reply on a ticket %s opens a new ticket naming it (not a note on the old card), filed for the old ticket’s requester, the writer named in its note',
    async (_, state) => {
      const WRITER = state === 'closed' ? 'U0LASTTRY4' : 'U0LASTTRY2';
      const ROOT = state === 'closed' ? '1795485600.000800' : '1795485600.000600'; // 02:00
      const number = await claimedInShared(WRITER, 'maybe.guest', ROOT, 'Our line 6 stopped');
      await act(app, number, { action: 'resolve', summary: 'Restarted' });
      if (state === 'closed') await act(app, number, { action: 'close' });
      app.clock.advance(state === 'closed' ? 60_000 : 8 * 86_400_000);
      const ts = (app.clock.now().getTime() / 1000).toFixed(6);
      await replySlackSilentToLastTry(WRITER, 'Line 6 stopped again', ts, ROOT);
      // Too late to reopen: the words open a new ticket someone reads, in the same thread, naming
      // the old one; the old one stays as it was, keeping no note of them.
      const all = await tickets();
      expect(all).toHaveLength(2);
      const [old, next] = all;
      expect(old!.status).toBe(state);
      expect(old!.timeline.filter((e) => e.writer === WRITER)).toEqual([]);
      // The old ticket, closed too, names the new one, saying it was not the customer who wrote.
      expect(old!.timeline.at(-1)).toMatchObject({
        action: 'note',
        by: 'care-desk',
        text: `Someone other than the requester, whom Slack never described (a colleague or a guest), wrote ${state === 'closed' ? 'in the thread of this closed ticket' : 'in this thread more than 7 days after the resolution'}: ${next!.number} was opened for it, and its card’s thread names them.`,
      });
      // Not filed as theirs (more likely a colleague's): the old ticket's requester's, by the desk.
      expect(next).toMatchObject({
        requester: { userId: EXTERNAL_USER },
        createdBy: 'care-desk',
        conversation: { channel: CUST, ts: ROOT },
      });
      expect(next!.description).toContain(number);
      expect(next!.description).toContain(
        'Written in the thread by someone other than the requester whom Slack never described',
      );
      expect(next!.description).toContain('Line 6 stopped again');
      // Who wrote, on the new ticket's note (their erasure and export find it) and its card thread.
      expect(next!.timeline.filter((e) => e.writer === WRITER)).toEqual([
        expect.objectContaining({ action: 'note', by: 'care-desk', text: 'Line 6 stopped again' }),
      ]);
      expect(app.fake.tookPostsTo(TRIAGE).map((c) => c.args.text)).toContain(
        `<@${WRITER}> wrote in the customer’s thread (Slack never said whether they are a colleague or a guest; the ticket was left as it was): Line 6 stopped again`,
      );
    },
  );

  /**
   * The channel shared and linked; a guest of ours (FAKE_GUEST_USER_ID) posts `text` at `root`:
   * its ticket, that guest its requester, claimed by AGENT. Its number.
   */
  async function guestsTicketClaimed(text: string, root: string): Promise<string> {
    app.fake.channels.set(CUST, { is_ext_shared: true });
    await link();
    await say(text, { user: FAKE_GUEST_USER_ID, ts: root });
    const { number, requester } = (await ticketOf(root))!;
    expect(requester?.userId).toBe(FAKE_GUEST_USER_ID);
    await act(app, number, { action: 'claim' });
    return number;
  }

  test('a reply cut short after it opened the new ticket, by an undescribed writer who is the old ticket’s requester (given a role since, so not taken for it at the last attempt): the redo notes who wrote on the new ticket, and the old one says Slack never described them', async () => {
    const GUEST = FAKE_GUEST_USER_ID;
    const ROOT = '1795485600.001800'; // 02:00
    const number = await guestsTicketClaimed('Our line 6 stopped', ROOT);
    await act(app, number, { action: 'resolve', summary: 'Restarted' });
    await act(app, number, { action: 'close' });
    // What Slack said of them is no longer remembered; it fails now and at the last attempt.
    app.clock.advance(60 * 60_000);
    const ts = (app.clock.now().getTime() / 1000).toFixed(6);
    // Slack does not describe them, and the reply's handling fails (the database, say): it is
    // left to the inbox, which asks Slack again.
    app.fake.failNext('users.info', 'internal_error');
    const failed = vi.spyOn(TicketFlows.prototype, 'create').mockImplementationOnce(async () => {
      throw new Error('the database failed');
    });
    try {
      await say('Line 6 stopped again', { user: GUEST, ts, thread: ROOT });
    } finally {
      failed.mockRestore();
    }
    expect(await tickets()).toHaveLength(1);
    // Made an agent before its last attempt: not the ticket's own requester in its thread any
    // more, and Slack is still silent there.
    await app.setSettings(() => ({ agents: [AGENT, GUEST] }));
    // The process exits after the new ticket was saved, before its note of who wrote.
    const cut = vi
      .spyOn(TicketFlows.prototype, 'act')
      .mockImplementationOnce(async (_ctx, _number, params) => {
        expect(params).toMatchObject({ action: 'note', text: 'Line 6 stopped again' });
        throw new Error('the process exited');
      });
    try {
      await lastAttempt();
    } finally {
      cut.mockRestore();
    }
    expect(await tickets()).toHaveLength(2);
    // The process died within its last attempt: still pending, its lease run out, it is done
    // again (Slack still silent).
    await app.db.models.seenEvents.updateOne(
      { teamId: FAKE_TEAM_ID, status: 'dead' },
      {
        $set: { status: 'pending', attempts: EVENT_MAX_ATTEMPTS - 1, leaseUntil: app.clock.now() },
      },
    );
    await lastAttempt();
    const [old, next] = await tickets();
    expect(next).toMatchObject({
      requester: { userId: GUEST },
      createdBy: 'care-desk',
      follows: number,
    });
    expect(next!.timeline.filter((e) => e.writer === GUEST)).toEqual([
      expect.objectContaining({ action: 'note', by: 'care-desk', text: 'Line 6 stopped again' }),
    ]);
    expect(old!.timeline.filter((e) => e.followedBy)).toEqual([
      expect.objectContaining({
        text: `Someone other than the requester, whom Slack never described (a colleague or a guest), wrote in the thread of this closed ticket: ${next!.number} was opened for it, and its card’s thread names them.`,
      }),
    ]);
  });

  test.each([
    ['before the last attempt', 'before', '1795485600.001100', 'U0LASTTRY6'],
    ['while the last attempt read the old ticket', 'while', '1795485600.001200', 'U0LASTTRY7'],
    [
      'between the last attempt’s check of them and the new ticket’s',
      'between',
      '1795485600.001600',
      'U0LASTTRYE',
    ],
  ] as const)(
    'Slack still silent at the inbox’s last attempt, a reply on a ticket resolved over 7 days before whose requester was erased since (%s) opens the new ticket for nobody: the event done, the words kept',
    async (_, when, ROOT, WRITER) => {
      const number = await claimedInShared(WRITER, 'maybe.guest', ROOT, 'Our line 6 stopped');
      await act(app, number, { action: 'resolve', summary: 'Restarted' });
      app.clock.advance(8 * 86_400_000);
      const ts = (app.clock.now().getTime() / 1000).toFixed(6);
      await undescribedReply(WRITER, 'Line 6 stopped again', ts, ROOT);
      // The old ticket's requester (their Slack user) erased after the reply was written.
      const erase = () =>
        eraseUserInSlack(app, ADMIN, EXTERNAL_USER, `V0ERASE${when.toUpperCase()}`);
      const proto = TicketService.prototype;
      const byThread = proto.byThread;
      // Or erased just after the last attempt read the old ticket, still naming them.
      const read =
        when === 'while'
          ? vi.spyOn(proto, 'byThread').mockImplementationOnce(async function (
              this: TicketService,
              ...args: Parameters<TicketService['byThread']>
            ) {
              const found = await byThread.apply(this, args);
              await erase();
              return found;
            })
          : undefined;
      // Or erased just after the last attempt found them not erased, before the ticket's own check.
      const erasedSince = PrivacyLog.prototype.erasedSinceWritten;
      const checked =
        when === 'between'
          ? vi
              .spyOn(PrivacyLog.prototype, 'erasedSinceWritten')
              .mockImplementationOnce(async function (this: PrivacyLog, ...args) {
                const found = await erasedSince.apply(this, args);
                await erase();
                return found;
              })
          : undefined;
      try {
        // Erased before it (2 minutes on), or within it.
        await lastAttempt({ meanwhile: when === 'before' ? erase : undefined });
      } finally {
        read?.mockRestore();
        checked?.mockRestore();
      }
      expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(1);
      const inbox = await app.db.models.seenEvents.find({ teamId: FAKE_TEAM_ID }).lean();
      expect(inbox.filter((e) => e.status !== 'done')).toEqual([]);
      // Opened all the same, for nobody (neither the erased person nor their marker), by the desk.
      const all = await tickets();
      expect(all).toHaveLength(2);
      const [old, next] = all;
      expect(old!.status).toBe('resolved');
      expect(old!.requester).not.toHaveProperty('userId');
      expect(next!.requester).toBeUndefined();
      expect(next).toMatchObject({
        createdBy: 'care-desk',
        conversation: { channel: CUST, ts: ROOT },
      });
      expect(next!.description).toContain('Line 6 stopped again');
      expect(next!.timeline.filter((e) => e.writer === WRITER)).toEqual([
        expect.objectContaining({ action: 'note', by: 'care-desk', text: 'Line 6 stopped again' }),
      ]);
      expect(JSON.stringify(next)).not.toContain(EXTERNAL_USER);
    },
  );

  test('Slack still silent at the inbox’s last attempt, in a channel unlinked since: a reply on a closed ticket is kept as a note on it (nothing new opened there), the ticket left closed', async () => {
    const WRITER = 'U0LASTTRY3';
    const ROOT = '1795485600.000700'; // 02:00
    const number = await claimedInShared(WRITER, 'maybe.guest3', ROOT, 'Our line 7 stopped');
    await act(app, number, { action: 'resolve', summary: 'Restarted' });
    await act(app, number, { action: 'close' });
    await app.slack.command('/desk', 'channel unlink', { userId: ADMIN, channelId: CUST });
    app.clock.advance(60_000);
    const ts = (app.clock.now().getTime() / 1000).toFixed(6);
    await replySlackSilentToLastTry(WRITER, 'Line 7 stopped again', ts, ROOT);
    const inbox = await app.db.models.seenEvents.find({ teamId: FAKE_TEAM_ID }).lean();
    expect(inbox.filter((e) => e.status !== 'done')).toEqual([]);
    // No ticket opened in the unlinked channel; the closed one keeps their words, naming them.
    const all = await tickets();
    expect(all).toHaveLength(1);
    expect(all[0]!.status).toBe('closed');
    expect(all[0]!.timeline.at(-1)).toEqual(
      expect.objectContaining({
        action: 'note',
        by: 'care-desk',
        writer: WRITER,
        text: 'Line 7 stopped again',
      }),
    );
    expect(app.fake.tookPostsTo(TRIAGE).map((c) => c.args.text)).toContain(
      `<@${WRITER}> wrote in the customer’s thread (Slack never said whether they are a colleague or a guest; the ticket was left as it was): Line 7 stopped again`,
    );
    // Nobody watches a closed card's thread: its assignee is told, once.
    app.clock.advance(KEPT_NOTE_BURST_MS); // the burst's end: its notice goes
    await app.desk.outbox.drain();
    const permalink = all[0]!.card!.permalink;
    expect(
      app.fake.postsTo(AGENT).filter((c) => String(c.args.text).includes('whom Slack never')),
    ).toEqual([
      expect.objectContaining({
        args: expect.objectContaining({
          text: `<${permalink}|${number}> for Huadong Machinery (“Our line 7 stopped”) is closed, and <@${WRITER}>, whom Slack never described (a colleague or a guest), wrote in its customer thread: their words were kept on it as a note, which reopened nothing. Read it on the ticket.`,
        }),
      }),
    ]);
  });

  test('Slack still silent at the inbox’s last attempt, a reply on a ticket resolved within 7 days is kept as a note, reopening nothing, and its assignee is told once by DM (with none, the triage channel)', async () => {
    app.fake.channels.set(CUST, { is_ext_shared: true });
    await link();
    const WRITER = 'U0LASTTRY5';
    app.fake.users.set(WRITER, { id: WRITER, name: 'maybe.guest5' });
    const ROOTS = ['1795485600.000900', '1795485600.001000']; // 02:00
    for (const [i, ROOT] of ROOTS.entries())
      await say(`Our line ${8 + i} stopped & more`, {
        user: i === 0 ? EXTERNAL_USER : 'U0EXTERN02',
        team: THEIR_TEAM,
        ts: ROOT,
      });
    const [a, b] = [(await ticketOf(ROOTS[0]!))!, (await ticketOf(ROOTS[1]!))!];
    await act(app, a.number, { action: 'claim' });
    await act(app, a.number, { action: 'resolve', summary: 'Restarted' });
    // The second resolved, and nobody holds it since (its assignee's data erased, say).
    await act(app, b.number, { action: 'resolve', summary: 'Restarted' });
    await app.db.models.tickets.updateOne({ _id: b._id }, { $unset: { assigneeId: 1 } });
    app.clock.advance(60_000);
    for (const [i, ROOT] of ROOTS.entries()) {
      const ts = (app.clock.now().getTime() / 1000 + i).toFixed(6);
      await undescribedReply(WRITER, 'It stopped again', ts, ROOT);
    }
    await lastAttempt({ fails: 2 });
    const after = (await ticketOf(ROOTS[0]!))!;
    expect(after.status).toBe('resolved');
    expect(after.timeline.at(-1)).toEqual(
      expect.objectContaining({ action: 'note', writer: WRITER, text: 'It stopped again' }),
    );
    app.clock.advance(KEPT_NOTE_BURST_MS); // the burst's end: its notice goes
    await app.desk.outbox.drain();
    const told = (posts: { args: Record<string, unknown> }[]) =>
      posts.map((c) => String(c.args.text)).filter((x) => x.includes('whom Slack never'));
    expect(told(app.fake.postsTo(AGENT))).toEqual([
      `<${after.card!.permalink}|${a.number}> for Huadong Machinery (“Our line 8 stopped &amp; more”) is resolved, and <@${WRITER}>, whom Slack never described (a colleague or a guest), wrote in its customer thread: their words were kept on it as a note, which reopened nothing. Read it on the ticket.`,
    ]);
    // With no assignee: the triage channel, outside the card's thread, once.
    const inTriage = app.fake
      .tookPostsTo(TRIAGE)
      .filter((c) => !c.args.thread_ts && String(c.args.text).includes('whom Slack never'));
    expect(inTriage.map((c) => String(c.args.text))).toEqual([
      expect.stringContaining(
        `|${b.number}> for Huadong Machinery (“Our line 9 stopped &amp; more”) is resolved`,
      ),
    ]);
  });

  /**
   * An undescribed author's thread reply, Slack still silent at the inbox's last attempt (the
   * slack-events job's redo): the lines that redo logged. Slack fails `fails` users.info calls
   * there: the writer's, and when their reply is kept, the one the desk then makes of OWNER.
   */
  async function undescribedAtLastTry(
    writer: string,
    text: string,
    root: string,
    fails = 2,
  ): Promise<LogLine[]> {
    const ts = (app.clock.now().getTime() / 1000).toFixed(6);
    await undescribedReply(writer, text, ts, root);
    const capture = captureLogs('info');
    await lastAttempt({
      fails,
      deps: jobDepsOf(app.desk, { log: capture.log, clock: app.clock, instanceId: 'a' }),
    });
    return capture.lines;
  }

  const WORDS_KEPT =
    'Slack never described the thread reply’s author of our workspace: their words kept, the ticket left as it was';

  /**
   * `writer`'s undescribed reply in the thread `root` a minute on, at the inbox's last attempt:
   * kept nowhere on the ticket, never logged as kept; the line logged as `notKept`.
   */
  async function notKeptAtLastTry(writer: string, root: string, notKept: string) {
    app.clock.advance(60_000);
    const logs = await undescribedAtLastTry(writer, 'It stopped again', root, 1);
    const after = (await ticketOf(root))!;
    expect(after.timeline.filter((e) => e.writer === writer)).toEqual([]);
    expect(logs.filter((l) => l.msg === WORDS_KEPT)).toEqual([]);
    return logs.find((l) => l.msg === notKept);
  }

  test(`an undescribed author’s reply on a resolved ticket that has taken ${THREAD_REPLIES_MAX} thread replies is logged as not kept, never as "their words kept"`, async () => {
    const WRITER = 'U0LASTTRY8';
    const ROOT = '1795485600.000900';
    const a = await resolvedInShared(WRITER, 'maybe.guest8', ROOT, 'Our line 8 stopped', {
      claimed: false,
    });
    const seeded = Array.from({ length: THREAD_REPLIES_MAX }, (_, i) => ({
      action: 'note',
      by: EXTERNAL_USER,
      at: app.clock.now(),
      text: `reply ${i + 1}`,
      said: 'reply',
      source: `${CUST}:1795485600.${String(200 + i).padStart(6, '0')}`,
    }));
    await app.db.models.tickets.updateOne(
      { _id: a._id },
      { $push: { timeline: { $each: seeded } } },
    );
    expect(
      await notKeptAtLastTry(
        WRITER,
        ROOT,
        'Slack never described the thread reply’s author of our workspace: not kept, the ticket has taken its most replies',
      ),
    ).toMatchObject({ ticket: a.number, replies: THREAD_REPLIES_MAX });
  });

  test('an undescribed author’s reply, in a channel unlinked since, on a closed duplicate merged into another customer’s ticket is logged as not kept, never as "their words kept"', async () => {
    const WRITER = 'U0LASTTRY9';
    const ROOT = '1795485600.000900';
    const a = await openedInShared(WRITER, 'maybe.guest9', ROOT, 'Our line 8 stopped');
    // Merged into a ticket the thread does not follow (another customer's: not found here).
    await app.db.models.tickets.updateOne(
      { _id: a._id },
      { $set: { status: 'closed', mergedInto: 'T29999999' } },
    );
    await app.slack.command('/desk', 'channel unlink', { userId: ADMIN, channelId: CUST });
    expect(
      await notKeptAtLastTry(
        WRITER,
        ROOT,
        'Slack never described the thread reply’s author of our workspace: not kept, the ticket is a merged duplicate and the channel is no longer linked',
      ),
    ).toMatchObject({ ticket: a.number });
  });

  test('three undescribed replies kept on a resolved ticket within minutes (one burst) tell its assignee by one DM, not three', async () => {
    const WRITER = 'U0LASTTRY6';
    const ROOT = '1795485600.000900';
    await resolvedInShared(WRITER, 'maybe.guest6', ROOT, 'Our line 8 stopped');
    app.clock.advance(60_000);
    for (const [i, text] of ['It stopped again', 'Now it runs', 'No, stopped again'].entries()) {
      const ts = (app.clock.now().getTime() / 1000 + i).toFixed(6);
      await undescribedReply(WRITER, text, ts, ROOT);
    }
    await lastAttempt({ fails: 4 });
    const after = (await ticketOf(ROOT))!;
    expect(after.status).toBe('resolved');
    expect(after.timeline.filter((e) => e.writer === WRITER)).toHaveLength(3);
    app.clock.advance(KEPT_NOTE_BURST_MS); // the burst's end: its notice goes
    await app.desk.outbox.drain();
    expect(keptNoteDms(AGENT)).toHaveLength(1);
    // Slack failed the writer's six (delivered, then at the last attempt) and then OWNER's.
    expect(app.fake.callsTo('users.info').map((c) => [c.args.user, c.outcome])).toEqual([
      ...Array(6).fill([WRITER, 'error']),
      [OWNER, 'error'],
    ]);
  });

  test('an undescribed reply kept on a resolved ticket, its notices cut short, then Reopen on the card: the replay writes its line before the reopen’s, and no kept-note DM (it would say the ticket is resolved and reopened nothing, as the outbox drops one held across a reopen)', async () => {
    const WRITER = 'U0LASTTRY7';
    const ROOT = '1795485600.000900';
    const a = await resolvedInShared(WRITER, 'maybe.guest7', ROOT, 'Our line 8 stopped');
    app.clock.advance(60_000);
    const ts = (app.clock.now().getTime() / 1000).toFixed(6);
    await undescribedReply(WRITER, 'It stopped again', ts, ROOT);
    // Kept at the inbox's last attempt, its notices' write failing (the database down then).
    const cut = vi
      .spyOn(app.desk.services.outbox, 'batch')
      .mockRejectedValueOnce(new Error('database down'));
    try {
      await lastAttempt({ fails: 4 });
    } finally {
      cut.mockRestore();
    }
    const kept = (await ticketOf(ROOT))!;
    expect(kept.status).toBe('resolved');
    expect(kept.timeline.at(-1)).toEqual(
      expect.objectContaining({ action: 'note', writer: WRITER, text: 'It stopped again' }),
    );
    expect(kept.noticesOwedAt).toBeDefined();
    // A minute on, the assignee reopens it from the card: that request replays the note's.
    app.clock.advance(60_000);
    app.fake.reset();
    await app.slack.blockAction(
      { action_id: 'ticket_reopen', value: a.number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    await app.desk.outbox.drain();
    const reopened = (await ticketOf(ROOT))!;
    expect(reopened.status).toBe('assigned');
    expect(reopened.noticesOwedAt).toBeUndefined();
    const thread = app.fake
      .tookPostsTo(TRIAGE)
      .filter((c) => c.args.thread_ts === reopened.card!.ts)
      .map((c) => String(c.args.text));
    expect(thread).toEqual([
      expect.stringContaining(`<@${WRITER}> wrote in the customer’s thread`),
      `<@${AGENT}> reopened it.`,
    ]);
    // The burst's end: no kept-note DM, nor one in triage.
    app.clock.advance(KEPT_NOTE_BURST_MS);
    await app.desk.outbox.drain();
    expect(keptNoteDms(AGENT)).toEqual([]);
    expect(
      app.fake.tookPostsTo(TRIAGE).filter((c) => String(c.args.text).includes('whom Slack never')),
    ).toEqual([]);
  });

  test('a burst of undescribed replies kept while its notice waits (quiet hours) is told in that one DM as it goes out: "3 replies"', async () => {
    const WRITER = 'U0LASTTRY5';
    const ROOT = '1795485600.000900';
    const a = await resolvedBeforeQuietHours(WRITER, 'maybe.guest5', ROOT, 'Our line 8 stopped');
    const told = () => keptNoteDms(AGENT);
    for (const text of ['It stopped again', 'Now it runs', 'No, stopped again']) {
      app.clock.advance(60_000);
      await undescribedAtLastTry(WRITER, text, ROOT);
      await app.desk.outbox.drain();
    }
    expect((await ticketOf(ROOT))!.timeline.filter((e) => e.writer === WRITER)).toHaveLength(3);
    expect(told()).toEqual([]);
    // Noon: the one notice, counting the burst.
    app.clock.set('2026-11-24T04:00:00Z');
    await app.desk.outbox.drain();
    expect(told()).toEqual([
      `<${(await ticketOf(ROOT))!.card!.permalink}|${a.number}> for Huadong Machinery (“Our line 8 stopped”) is resolved, and 3 replies came in its customer thread from people whom Slack never described (colleagues or guests), the first by <@${WRITER}>, within minutes: their words were kept on it as notes, which reopened nothing. Read them on the ticket.`,
    ]);
    // A reply past the burst's window is a burst of its own: told by a notice of its own.
    app.clock.advance(KEPT_NOTE_BURST_MS);
    // (OWNER described at noon and remembered: only the writer is asked.)
    await undescribedAtLastTry(WRITER, 'Stopped once more', ROOT, 1);
    app.clock.advance(KEPT_NOTE_BURST_MS); // the burst's end: its notice goes
    await app.desk.outbox.drain();
    expect(told()).toHaveLength(2);
    expect(told()[1]).toContain(`and <@${WRITER}>, whom Slack never described`);
  });

  test('replies of a burst that come minutes after its first are told in its one DM, sent at the burst’s end: none told nowhere, none a DM of its own', async () => {
    const WRITER = 'U0LASTTRYB';
    const ROOT = '1795485600.001300';
    const a = await resolvedInShared(WRITER, 'maybe.guestb', ROOT, 'Our line 8 stopped');
    const told = () => keptNoteDms(AGENT);
    // Kept 4 minutes apart (each at its last attempt, 2 minutes after it came).
    for (const text of ['It stopped again', 'Now it runs', 'No, stopped again']) {
      app.clock.advance(2 * 60_000);
      await undescribedAtLastTry(WRITER, text, ROOT);
      await app.desk.outbox.drain();
    }
    const kept = (await ticketOf(ROOT))!.timeline.filter((e) => e.writer === WRITER);
    expect(kept.map((e) => e.at.getTime() - kept[0]!.at.getTime())).toEqual([0, 240_000, 480_000]);
    // The last one 8 minutes after the first, within its window: nothing told yet.
    expect(told()).toEqual([]);
    app.clock.set(new Date(kept[0]!.at.getTime() + KEPT_NOTE_BURST_MS));
    await app.desk.outbox.drain();
    expect(told()).toEqual([expect.stringContaining('3 replies came in its customer thread')]);
    expect(told()[0]).toContain(`|${a.number}>`);
  });

  test('a reply stamped within a burst’s window whose write lands after the burst’s notice went is told by a notice of its own, not nowhere', async () => {
    const WRITER = 'U0LASTTRYD';
    const ROOT = '1795485600.001500';
    const a = await resolvedInShared(WRITER, 'maybe.guestd', ROOT, 'Our line 8 stopped');
    const told = () => keptNoteDms(AGENT);
    app.clock.advance(60_000);
    await undescribedAtLastTry(WRITER, 'It stopped again', ROOT);
    const first = (await ticketOf(ROOT))!.timeline.find((e) => e.writer === WRITER)!;
    const end = first.at.getTime() + KEPT_NOTE_BURST_MS;
    // The second reply handled within the window; its write lands after the burst's notice went.
    app.clock.set(new Date(end - 3 * 60_000 - 1000));
    const orig = TicketFlows.prototype.act;
    const late = vi.spyOn(TicketFlows.prototype, 'act').mockImplementationOnce(async function (
      this: TicketFlows,
      ...args: Parameters<TicketFlows['act']>
    ) {
      app.clock.set(new Date(end));
      await app.desk.outbox.drain();
      return orig.apply(this, args);
    });
    try {
      await undescribedAtLastTry(WRITER, 'Now it runs', ROOT, 1);
    } finally {
      late.mockRestore();
    }
    const kept = (await ticketOf(ROOT))!.timeline.filter((e) => e.writer === WRITER);
    expect(kept.map((e) => e.at.getTime() - end)).toEqual([-KEPT_NOTE_BURST_MS, -61_000]);
    expect(told()).toEqual([expect.stringContaining(`<@${WRITER}>, whom Slack never described`)]);
    app.clock.set(new Date(end + 2 * KEPT_NOTE_BURST_MS));
    await app.desk.outbox.drain();
    // The second reply told by a notice of its own, once; the first notice told one reply only.
    expect(told()).toEqual([
      expect.stringContaining(`<@${WRITER}>, whom Slack never described`),
      expect.stringContaining(`<@${WRITER}>, whom Slack never described`),
    ]);
    expect(told()[1]).toContain(`|${a.number}>`);
    expect((await ticketOf(ROOT))!.keptNoteTold).toHaveLength(2);
  });

  /**
   * Before each write that records a burst's kept-note notice (its `$push` of keptNoteTold), a
   * staff note lands on ticket `id` (`max` times at most, as many tries as a read-then-write
   * makes), and before the first `replies.length` writes a reply of `writer`'s is kept there by
   * the desk (as `keptUndescribed` keeps it; `stamped`: its request's context, made within the
   * burst's window); `after`, kept right after the first write lands. Each write's landings wait
   * for the write before it to land (two at once: the second's reply lands between them). The
   * spy, to restore; `writes` counts those writes.
   */
  function busyRecord(opts: {
    id: Types.ObjectId;
    number: string;
    writer: string;
    stamped: Ctx;
    replies: string[];
    after?: string;
    max?: number;
  }) {
    const tickets = app.db.models.tickets;
    const orig = tickets.findOneAndUpdate.bind(tickets);
    const state = { writes: 0 };
    let landed: Promise<unknown> = Promise.resolve();
    const keep = (text: string, n: number) =>
      app.desk.flows.tickets.act(
        opts.stamped,
        opts.number,
        { action: 'note', text, source: `${CUST}:1795486200.00${String(n).padStart(4, '0')}` },
        { writer: opts.writer },
      );
    const spy = vi.spyOn(tickets, 'findOneAndUpdate').mockImplementation(((
      filter: never,
      update: { $push?: { keptNoteTold?: unknown } },
      o: never,
    ) => {
      if (!update?.$push?.keptNoteTold || state.writes >= (opts.max ?? 5))
        return orig(filter, update, o);
      const n = state.writes++;
      const before = landed;
      let land = () => {};
      landed = new Promise<void>((resolve) => (land = resolve));
      return {
        lean: async () => {
          await before;
          await tickets.updateOne(
            { _id: opts.id },
            {
              $push: {
                timeline: { action: 'note', by: AGENT, at: app.clock.now(), text: 'busy' },
              },
            },
          );
          if (opts.replies[n]) await keep(opts.replies[n], n);
          const doc = await orig(filter, update, o).lean();
          land();
          if (n === 0 && opts.after) await keep(opts.after, 99);
          return doc;
        },
      };
    }) as never);
    return { spy, state };
  }

  test('a busy ticket (writes landing just before the record of a burst’s notice, a reply kept among them) does not hold the notice back: recorded in one write, it goes at once and tells that reply; one kept just after, within the window, is told by its own', async () => {
    const WRITER = 'U0LASTTRYE';
    const ROOT = '1795485600.001700';
    const a = await resolvedInShared(WRITER, 'maybe.gueste', ROOT, 'Our line 8 stopped');
    const told = () => keptNoteDms(AGENT);
    app.clock.advance(60_000);
    await undescribedAtLastTry(WRITER, 'It stopped again', ROOT);
    app.clock.advance(KEPT_NOTE_BURST_MS - 60_000);
    // Replies whose requests began a minute before the burst's end, their writes landing late.
    const stamped = await ctxOf(app, SYSTEM_ACTOR);
    app.clock.advance(60_000); // the burst's end: its notice is due
    const { spy, state } = busyRecord({
      id: a._id,
      number: a.number,
      writer: WRITER,
      stamped,
      replies: ['Still stopped'],
      after: 'Now it runs',
    });
    try {
      await app.desk.outbox.drain();
    } finally {
      spy.mockRestore();
    }
    // Sent at once, recorded by one write: the reply kept just before it is told in it.
    expect(told()).toEqual([expect.stringContaining('2 replies came in its customer thread')]);
    expect(state.writes).toBe(1);
    expect((await ticketOf(ROOT))!.keptNoteTold).toEqual([{ lead: expect.any(Number) }]);
    expect(app.logs.map((l) => String(l.msg))).not.toContainEqual(
      expect.stringContaining('kept-note notice waits'),
    );
    // The reply kept just after it, stamped within its window: a notice of its own, not nowhere.
    app.clock.advance(KEPT_NOTE_BURST_MS);
    await app.desk.outbox.drain();
    expect(told()).toHaveLength(2);
    expect(told()[1]).toContain(`<@${WRITER}>, whom Slack never described`);
    expect(told()[1]).toContain(`|${a.number}>`);
    app.clock.advance(2 * KEPT_NOTE_BURST_MS);
    await app.desk.outbox.drain();
    expect(told()).toHaveLength(2);
  });

  test('two instances record a burst’s notice at once (a retry racing the first send), a staff note and a kept reply landing before each write: one record, both read the burst as the first write marked it, and each of the three replies is told by exactly one notice', async () => {
    const WRITER = 'U0LASTTRYF';
    const ROOT = '1795485600.001800';
    const a = await resolvedInShared(WRITER, 'maybe.guestf', ROOT, 'Our line 8 stopped');
    const told = () => keptNoteDms(AGENT);
    app.clock.advance(60_000);
    await undescribedAtLastTry(WRITER, 'It stopped again', ROOT);
    const lead = (await ticketOf(ROOT))!.timeline.findIndex((e) => e.writer === WRITER) + 1;
    const leadAt = (await ticketOf(ROOT))!.timeline[lead - 1]!.at;
    app.clock.advance(KEPT_NOTE_BURST_MS - 60_000);
    const stamped = await ctxOf(app, SYSTEM_ACTOR);
    app.clock.advance(60_000);
    const other = app.instance('second');
    const { spy, state } = busyRecord({
      id: a._id,
      number: a.number,
      writer: WRITER,
      stamped,
      replies: ['Still stopped', 'Now it runs'],
      max: 10,
    });
    let recorded: (TicketRecord | null)[];
    try {
      recorded = await Promise.all(
        [app.desk, other].map(async (desk) =>
          desk.services.tickets.keptNoteTold(
            await ctxOf(app, SYSTEM_ACTOR),
            String(a._id),
            lead,
            leadAt,
          ),
        ),
      );
    } finally {
      spy.mockRestore();
    }
    // Each answered with the ticket (never "busy", never nothing), one write each.
    expect(recorded).toEqual([
      expect.objectContaining({ number: a.number }),
      expect.objectContaining({ number: a.number }),
    ]);
    expect(state.writes).toBe(2);
    const after = (await ticketOf(ROOT))!;
    expect(after.keptNoteTold).toEqual([{ lead }]);
    expect(after.timeline.filter((e) => e.writer === WRITER)).toHaveLength(3);
    // Whichever wrote first told the first two replies; the other reads the same burst, and the
    // reply kept between the two writes is a burst of its own.
    for (const t of recorded)
      expect(keptNoteBurst(t!.timeline, lead, t!.keptNoteTold)).toEqual({ lead, count: 2 });
    // The notices go (the burst's, then the later one's): the three replies told once in all.
    for (let pass = 0; pass < 4; pass++) {
      await [app.desk, other][pass % 2]!.outbox.drain();
      app.clock.advance(KEPT_NOTE_BURST_MS);
    }
    expect(told()).toEqual([
      expect.stringContaining('2 replies came in its customer thread'),
      expect.stringContaining(`<@${WRITER}>, whom Slack never described`),
    ]);
  });

  test('each kept-note notice marks only the replies of its own burst: three bursts on one ticket leave each reply marked once, by its burst’s lead (an earlier burst’s replies, told already, are not marked again)', async () => {
    const WRITER = 'U0LASTTRYG';
    const ROOT = '1795485600.001900';
    await resolvedInShared(WRITER, 'maybe.guestg', ROOT, 'Our line 8 stopped');
    const told = () => keptNoteDms(AGENT);
    // Three bursts of two replies, each past the window of the one before: three notices.
    for (let b = 0; b < 3; b++) {
      app.clock.advance(60_000);
      await undescribedAtLastTry(WRITER, `Burst ${b} first`, ROOT, b === 0 ? 2 : 1);
      app.clock.advance(1_000);
      await undescribedAtLastTry(WRITER, `Burst ${b} second`, ROOT, 1);
      app.clock.advance(KEPT_NOTE_BURST_MS + 60_000);
      await app.desk.outbox.drain();
    }
    expect(told()).toEqual(Array(3).fill(expect.stringContaining('2 replies came in its')));
    const t = (await ticketOf(ROOT))!;
    const replies = t.timeline.flatMap((e, i) => (e.writer === WRITER ? [i + 1] : []));
    expect(replies).toHaveLength(6);
    const leads = [replies[0], replies[2], replies[4]];
    expect(t.keptNoteTold).toEqual(leads.map((lead) => ({ lead })));
    // Each reply marked once, by the notice of its own burst; no desk note marked by another.
    expect(replies.map((seq) => t.timeline[seq - 1]!.toldIn)).toEqual(
      leads.flatMap((lead) => [[lead], [lead]]),
    );
    expect(t.timeline.flatMap((e) => e.toldIn ?? [])).toHaveLength(6);
  });

  test('a burst’s notice goes to whom the ticket is with as it goes out: reopened, handed on and resolved again within the window, its new assignee is told, not the former one', async () => {
    const [WRITER, AGENT2] = ['U0LASTTRYC', 'U0AGENT002'];
    await app.setSettings(() => ({ agents: [AGENT, AGENT2] }));
    const ROOT = '1795485600.001400';
    const a = await resolvedInShared(WRITER, 'maybe.guestc', ROOT, 'Our line 8 stopped');
    app.clock.advance(60_000);
    await undescribedAtLastTry(WRITER, 'It stopped again', ROOT);
    // Within the burst's window the ticket moves on to AGENT2 and is resolved again.
    await act(app, a.number, { action: 'reopen' });
    await act(app, a.number, { action: 'reassign', to: AGENT2 });
    await act(app, a.number, { action: 'resolve', summary: 'Restarted again' }, AGENT2);
    app.clock.advance(KEPT_NOTE_BURST_MS);
    await app.desk.outbox.drain();
    expect(keptNoteDms(AGENT)).toEqual([]);
    expect(keptNoteDms(AGENT2)).toEqual([
      expect.stringContaining(`and <@${WRITER}>, whom Slack never described`),
    ]);
    // It says what happened since: who reopened it, who resolved it again, the clocks stopped.
    expect(keptNoteDms(AGENT2)[0]).toContain(
      `Read it on the ticket.\nSince they wrote, <@${AGENT}> reopened it, and <@${AGENT2}> resolved it again: it is not open now and its SLA clocks are stopped.`,
    );
  });

  test('a burst’s ticket reopened and merged into another within the window: the notice says it was merged into that ticket, not "resolved again"', async () => {
    const WRITER = 'U0LASTTRYM';
    const ROOT = '1795485600.001450';
    const a = await resolvedInShared(WRITER, 'maybe.guestm', ROOT, 'Our line 8 stopped');
    const target = await makeTicket(app, { customerCode: code, title: 'Line 8 again' });
    app.clock.advance(60_000);
    await undescribedAtLastTry(WRITER, 'It stopped again', ROOT);
    // Within the burst's window it is reopened, then merged into the other ticket.
    await act(app, a.number, { action: 'reopen' });
    await act(app, a.number, { action: 'merge', into: target.number });
    app.clock.advance(KEPT_NOTE_BURST_MS);
    await app.desk.outbox.drain();
    expect(keptNoteDms(AGENT)).toHaveLength(1);
    expect(keptNoteDms(AGENT)[0]).toContain(
      `Read it on the ticket.\nSince they wrote, <@${AGENT}> reopened it, and it was merged into ${target.number}: it is not open now and its SLA clocks are stopped.`,
    );
    expect(keptNoteDms(AGENT)[0]).not.toContain('resolved again');
  });

  test('a ticket its customer reopens within the burst’s window: the notice, due at the window’s end, is not sent (it would say the ticket "is resolved" and the replies "reopened nothing"; the reopen told its assignee)', async () => {
    const WRITER = 'U0LASTTRYD';
    const ROOT = '1795485600.001500';
    await resolvedInShared(WRITER, 'maybe.guestd', ROOT, 'Our line 8 stopped');
    await undescribedAtLastTry(WRITER, 'It stopped again', ROOT);
    // Three minutes later the customer's own reply reopens the ticket.
    app.clock.advance(3 * 60_000);
    const ts = (app.clock.now().getTime() / 1000).toFixed(6);
    await say('Still stopped, please look again', {
      user: EXTERNAL_USER,
      team: THEIR_TEAM,
      ts,
      thread: ROOT,
    });
    await app.desk.outbox.drain();
    expect((await ticketOf(ROOT))!.status).not.toMatch(/resolved|closed/);
    app.clock.advance(KEPT_NOTE_BURST_MS);
    await app.desk.outbox.drain();
    expect(keptNoteDms(AGENT)).toEqual([]);
    // Done with, never posted (the reopen's own DM told AGENT).
    const entries = (await app.db.models.outbox.find({ teamId: FAKE_TEAM_ID }).lean()).filter((e) =>
      e.key.includes(':keptNote:'),
    );
    expect(entries).toEqual([expect.objectContaining({ state: 'sent' })]);
    expect(entries[0]!.result).toBeUndefined();
  });

  test('a burst’s notice due inside quiet hours begun after its first reply waits for them to end (held by its own send time, not by when it was written)', async () => {
    const WRITER = 'U0LASTTRYE';
    const ROOT = '1795485600.001600';
    await resolvedInShared(WRITER, 'maybe.gueste', ROOT, 'Our line 8 stopped');
    // Quiet hours 10:10-12:00 Shanghai; the reply is kept at 10:02, outside them.
    await app.setSettings(() => ({ quietHours: { enabled: true, start: '10:10', end: '12:00' } }));
    await undescribedAtLastTry(WRITER, 'It stopped again', ROOT);
    await app.desk.outbox.drain();
    // Written due at noon, when the quiet hours its burst's end falls in are over.
    const entries = (await app.db.models.outbox.find({ teamId: FAKE_TEAM_ID }).lean()).filter((e) =>
      e.key.includes(':keptNote:'),
    );
    expect(entries.map((e) => e.nextAt.toISOString())).toEqual(['2026-11-24T04:00:00.000Z']);
    // The burst's end, 10:12: inside quiet hours, the ticket not urgent.
    await toldAgentAtNoon();
  });

  test('a burst’s notice written for the triage channel that goes to an assignee as it goes out waits, for them, for quiet hours to end', async () => {
    const WRITER = 'U0LASTTRYF';
    const ROOT = '1795485600.001700';
    const a = await resolvedInShared(WRITER, 'maybe.guestf', ROOT, 'Our line 8 stopped', {
      claimed: false,
    });
    // Resolved with no assignee (seeded): the notice is written for the triage channel, not held.
    await app.db.models.tickets.updateOne({ _id: a._id }, { $unset: { assigneeId: '' } });
    await app.setSettings(() => ({ quietHours: { enabled: true, start: '10:00', end: '12:00' } }));
    await undescribedAtLastTry(WRITER, 'It stopped again', ROOT);
    // Within the window it is reopened, claimed by AGENT and resolved again (AGENT's as it goes).
    await act(app, a.number, { action: 'reopen' }, ADMIN);
    await act(app, a.number, { action: 'claim' });
    await act(app, a.number, { action: 'resolve', summary: 'Restarted again' });
    await toldAgentAtNoon(() =>
      expect(
        app.fake.postsTo(TRIAGE).filter((c) => String(c.args.text).includes('whom Slack never')),
      ).toEqual([]),
    );
  });

  test('a burst’s notice held for an assignee as it goes out, then quiet hours turned off: it goes at once, not at their old end', async () => {
    const WRITER = 'U0LASTTRYG';
    const ROOT = '1795485600.001800';
    const a = await resolvedInShared(WRITER, 'maybe.guestg', ROOT, 'Our line 8 stopped', {
      claimed: false,
    });
    await app.db.models.tickets.updateOne({ _id: a._id }, { $unset: { assigneeId: '' } });
    await app.setSettings(() => ({ quietHours: { enabled: true, start: '10:00', end: '12:00' } }));
    await undescribedAtLastTry(WRITER, 'It stopped again', ROOT);
    await act(app, a.number, { action: 'reopen' }, ADMIN);
    await act(app, a.number, { action: 'claim' });
    await act(app, a.number, { action: 'resolve', summary: 'Restarted again' });
    // The burst's end: held for AGENT as it goes out, quiet hours on.
    app.clock.advance(KEPT_NOTE_BURST_MS);
    await app.desk.outbox.drain();
    expect(keptNoteDms(AGENT)).toEqual([]);
    // Quiet hours turned off: what they hold is re-timed (as the settings save does), sent now.
    await app.setSettings(() => ({ quietHours: { enabled: false, start: '10:00', end: '12:00' } }));
    await app.desk.services.outbox.quietHoursChanged(await ctxOf(app, ADMIN));
    app.clock.advance(1000);
    await app.desk.outbox.drain();
    expect(keptNoteDms(AGENT)).toHaveLength(1);
  });

  test('a lone kept reply whose notice’s write was cut, its writer erased before the repair: the repair writes its notice, naming nobody, once', async () => {
    const WRITER = 'U0LASTTRYD';
    const ROOT = '1795485600.001500';
    await resolvedInShared(WRITER, 'maybe.guestd', ROOT, 'Our line 8 stopped');
    app.clock.advance(60_000);
    // The reply kept; the write of its notices fails (the process dies there).
    const restore = failCalls(app.desk.services.outbox, 'batch');
    try {
      await undescribedAtLastTry(WRITER, 'It stopped again', ROOT);
    } finally {
      restore();
    }
    expect((await ticketOf(ROOT))!.timeline.filter((e) => e.writer === WRITER)).toHaveLength(1);
    // Its writer erased before the repair.
    await eraseUserInSlack(app, ADMIN, WRITER, 'V0ERASELONE');
    expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(1);
    app.clock.advance(KEPT_NOTE_BURST_MS);
    for (let i = 0; i < 2; i++) {
      await app.desk.flows.tickets.repairNotices(app.clock.now(), createLogger('silent'));
      await app.desk.outbox.drain();
    }
    expect(keptNoteDms(AGENT)).toEqual([
      expect.stringContaining(
        'is resolved, and someone whom Slack never described (a colleague or a guest), whose personal data was erased since, wrote in its customer thread',
      ),
    ]);
    expect(keptNoteDms(AGENT)[0]).not.toContain(WRITER);
  });

  test('a burst whose first writer is erased while its notice waits stays one burst: one DM counting every reply, naming nobody', async () => {
    const [FIRST, NEXT] = ['U0LASTTRY8', 'U0LASTTRY9'];
    app.fake.users.set(NEXT, { id: NEXT, name: 'maybe.guest' });
    const ROOT = '1795485600.000900';
    const a = await resolvedBeforeQuietHours(FIRST, 'maybe.guest', ROOT, 'Our line 8 stopped');
    const told = () => keptNoteDms(AGENT);
    app.clock.advance(60_000);
    await undescribedAtLastTry(FIRST, 'It stopped again', ROOT);
    app.clock.advance(60_000);
    await undescribedAtLastTry(NEXT, 'Now it runs', ROOT);
    // The burst's first writer erased while its notice is held.
    await eraseUserInSlack(app, ADMIN, FIRST, 'V0ERASEBURST');
    expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(1);
    // A later reply of the same burst writes the same key (no second notice).
    app.clock.advance(60_000);
    await undescribedAtLastTry(NEXT, 'No, stopped again', ROOT);
    await app.desk.outbox.drain();
    expect(told()).toEqual([]);
    app.clock.set('2026-11-24T04:00:00Z');
    await app.desk.outbox.drain();
    expect(told()).toEqual([
      `<${(await ticketOf(ROOT))!.card!.permalink}|${a.number}> for Huadong Machinery (“Our line 8 stopped”) is resolved, and 3 replies came in its customer thread from people whom Slack never described (colleagues or guests), within minutes: their words were kept on it as notes, which reopened nothing. Read them on the ticket.`,
    ]);
  });

  test('the kept-note notice of a resolved ticket with no assignee goes to the triage channel as it is now, not the former one its card was posted in', async () => {
    const WRITER = 'U0LASTTRY7';
    const NEW_TRIAGE = 'C0TRIAGE02';
    const ROOT = '1795485600.000900';
    const a = await openedInShared(WRITER, 'maybe.guest7', ROOT, 'Our line 8 stopped');
    await act(app, a.number, { action: 'resolve', summary: 'Restarted' });
    await app.db.models.tickets.updateOne({ _id: a._id }, { $unset: { assigneeId: 1 } });
    await app.desk.outbox.drain();
    await app.setSettings((s) => ({ channels: { ...s.channels, triage: NEW_TRIAGE } }));
    app.clock.advance(60_000);
    const ts = (app.clock.now().getTime() / 1000).toFixed(6);
    await undescribedReply(WRITER, 'It stopped again', ts, ROOT);
    await lastAttempt({ fails: 2 });
    app.clock.advance(KEPT_NOTE_BURST_MS); // the burst's end: its notice goes
    await app.desk.outbox.drain();
    const told = (channel: string) =>
      app.fake
        .tookPostsTo(channel)
        .filter((c) => !c.args.thread_ts && String(c.args.text).includes('whom Slack never'));
    expect(told(TRIAGE)).toEqual([]);
    expect(told(NEW_TRIAGE)).toHaveLength(1);
  });

  test('the ticket’s own requester (a guest of ours) whom Slack did not describe this time answers it in its thread as its requester: it resumes', async () => {
    const GUEST = FAKE_GUEST_USER_ID;
    const ROOT = '1795485600.000100'; // 02:00
    const number = await guestsTicketClaimed('Where is the invoice?', ROOT);
    await act(app, number, { action: 'wait', question: 'Which order?' });
    // What Slack said of them is no longer remembered, and Slack fails now.
    app.clock.advance(60 * 60_000);
    app.fake.failNext('users.info', 'internal_error');
    await say('Order 778', { user: GUEST, ts: '1795489260.000100', thread: ROOT });
    expect(app.logs.some((l) => String(l.msg).startsWith('users.info failed'))).toBe(true);
    const ticket = (await ticketOf(ROOT))!;
    expect(ticket.status).toBe('assigned');
    expect(ticket.timeline.at(-1)).toMatchObject({ action: 'resume', by: GUEST });
  });

  test('a channel linked before it became Slack Connect: once shared, our own people are staff there; unshared again, customers', async () => {
    await link(); // not shared when linked
    const SALES = 'U0SALES001';
    const sharedEventId = nextEventId();
    await app.slack.eventDelivery(
      posted('FYI: new price list attached', { user: SALES, ts: '1795485600.000300' }),
      {
        eventId: sharedEventId,
        shared: true,
      },
    );
    await say('Our line 3 stopped', {
      user: EXTERNAL_USER,
      team: THEIR_TEAM,
      ts: '1795485601.000300',
    });
    expect((await tickets()).map((t) => t.requester?.userId)).toEqual([EXTERNAL_USER]);
    expect(await app.db.models.channelLinks.findOne({ channelId: CUST }).lean()).toMatchObject({
      shared: true,
    });
    // No longer shared: the link follows, and our colleague's message is a customer's again.
    await say('Question about invoices', { user: SALES, ts: '1795485602.000300' });
    expect((await tickets()).map((t) => t.requester?.userId)).toEqual([EXTERNAL_USER, SALES]);
    // Slack's retry of the first event (shared then) is skipped by the inbox: the link stays.
    await app.slack.eventDelivery(
      posted('FYI: new price list attached', { user: SALES, ts: '1795485600.000300' }),
      { eventId: sharedEventId, shared: true, retryNum: 1 },
    );
    expect(await app.db.models.channelLinks.findOne({ channelId: CUST }).lean()).toMatchObject({
      shared: false,
    });
    // An older event (sent while it was shared) delivered late for the first time leaves it too;
    // its own message is judged as the channel was then (our colleague's: nothing opened).
    await app.slack.eventDelivery(
      posted('FYI: the price list, corrected', { user: SALES, ts: '1795485601.500300' }),
      { eventId: nextEventId(), shared: true },
    );
    expect(await app.db.models.channelLinks.findOne({ channelId: CUST }).lean()).toMatchObject({
      shared: false,
    });
    expect(await tickets()).toHaveLength(2);
  });

  test('a channel linked while its invitation to another organisation is pending stays shared at its events (Slack’s flag does not count the invitation); accepted, then unshared: followed again', async () => {
    app.fake.channels.set(CUST, { is_member: true, is_pending_ext_shared: true });
    expect((await link()).body.text).toContain('Slack Connect');
    const SALES = 'U0SALES001';
    const stored = () => app.db.models.channelLinks.findOne({ channelId: CUST }).lean();
    // Slack's events say not shared while the invitation is pending: our colleague is staff.
    await say('FYI: new price list attached', { user: SALES, ts: '1795485600.000400' });
    expect(await stored()).toMatchObject({ shared: true });
    expect(await tickets()).toHaveLength(0);
    // The invitation accepted (events say shared), then the channel unshared: followed again.
    await app.slack.eventDelivery(posted('Welcome!', { user: SALES, ts: '1795485601.000400' }), {
      eventId: nextEventId(),
      shared: true,
    });
    expect((await stored())!.sharedPending).toBeUndefined();
    await say('Question about invoices', { user: SALES, ts: '1795485602.000400' });
    expect(await stored()).toMatchObject({ shared: false });
    expect((await tickets()).map((t) => t.requester?.userId)).toEqual([SALES]);
  });

  test('a person of another organisation has no Home here: none is published for them, waiting on them or not', async () => {
    app.fake.channels.set(CUST, { is_ext_shared: true });
    await link();
    await say('Our shipment is late', {
      user: EXTERNAL_USER,
      team: THEIR_TEAM,
      ts: '1764000000.000900',
    });
    const ticket = (await ticketOf('1764000000.000900'))!;
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'wait', question: 'Which order is it?' });
    app.clock.advance(4000);
    await app.desk.outbox.drain();
    const published = app.fake.callsTo('views.publish').map((c) => String(c.args.user_id));
    expect(published).toContain(AGENT);
    expect(published).not.toContain(EXTERNAL_USER);
  });

  /**
   * A Slack Connect customer's ticket, claimed and waiting on the customer (02:00), the
   * requester's colleague at hand; `before`: the assignee's DMs so far.
   */
  const waitingInConnect = async () => {
    app.fake.channels.set(CUST, { is_ext_shared: true });
    await link();
    const ROOT = '1795485600.000900'; // 02:00
    const COLLEAGUE = 'U0EXTERN02'; // of the customer's organisation, not the requester
    await say('Our shipment is late', { user: EXTERNAL_USER, team: THEIR_TEAM, ts: ROOT });
    const ticket = (await ticketOf(ROOT))!;
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'wait', question: 'Which order is it?' });
    await app.desk.outbox.drain();
    const before = app.fake.postsTo(AGENT).length;
    return { ROOT, COLLEAGUE, ticket, before };
  };

  test('a reply of the requester’s colleague that resumes or reopens the ticket DMs its assignee once, naming who wrote', async () => {
    const { ROOT, COLLEAGUE, ticket, before } = await waitingInConnect();
    app.clock.advance(60_000);
    const resume = posted('Order 778', {
      user: COLLEAGUE,
      team: THEIR_TEAM,
      ts: '1795485660.000100',
      thread: ROOT,
    });
    await app.slack.eventDelivery(resume, {
      eventId: 'Ev0COLLEAG01',
      teamId: THEIR_TEAM,
      shared: true,
    });
    // Slack's retry of it: nothing more.
    await app.slack.eventDelivery(resume, {
      eventId: 'Ev0COLLEAG01',
      teamId: THEIR_TEAM,
      shared: true,
      retryNum: 1,
    });
    expect((await ticketOf(ROOT))!.status).toBe('assigned');
    await act(app, ticket.number, { action: 'resolve', summary: 'Shipped' });
    app.clock.advance(60_000);
    await say('Not arrived yet', {
      user: COLLEAGUE,
      team: THEIR_TEAM,
      ts: '1795485780.000100',
      thread: ROOT,
    });
    expect((await ticketOf(ROOT))!.status).toBe('assigned');
    await app.desk.outbox.drain();
    const link_ = (await ticketOf(ROOT))!.card!.permalink;
    expect(
      app.fake
        .postsTo(AGENT)
        .slice(before)
        .map((c) => String(c.args.text)),
    ).toEqual([
      `<${link_}|${ticket.number}> for Huadong Machinery (“Our shipment is late”) is back in progress: <@${COLLEAGUE}> (customer side) replied in its conversation. It no longer waits on the customer; the SLA clock runs again.`,
      `<${link_}|${ticket.number}> for Huadong Machinery (“Our shipment is late”) is reopened and back with you: <@${COLLEAGUE}> (customer side) wrote again in its conversation.`,
    ]);
  });

  test('the colleague’s resume cut short before its notices were written: the repair DMs the assignee naming them, once', async () => {
    const { ROOT, COLLEAGUE, ticket, before } = await waitingInConnect();
    app.clock.advance(60_000);
    // The resume is saved; the write of its notices fails (the process dies there).
    const restore = failCalls(app.desk.services.outbox, 'batch');
    try {
      await say('Order 778', {
        user: COLLEAGUE,
        team: THEIR_TEAM,
        ts: '1795485660.000100',
        thread: ROOT,
      });
    } finally {
      restore();
    }
    const resumed = (await ticketOf(ROOT))!;
    expect(resumed.status).toBe('assigned');
    expect(resumed.timeline.at(-1)).toMatchObject({ action: 'resume', writer: COLLEAGUE });
    await app.desk.outbox.drain();
    expect(app.fake.postsTo(AGENT).length).toBe(before);
    app.clock.advance(10 * 60_000);
    for (let i = 0; i < 2; i++) {
      await app.desk.flows.tickets.repairNotices(app.clock.now(), createLogger('silent'));
      await app.desk.outbox.drain();
    }
    const link_ = resumed.card!.permalink;
    expect(
      app.fake
        .postsTo(AGENT)
        .slice(before)
        .map((c) => String(c.args.text)),
    ).toEqual([
      `<${link_}|${ticket.number}> for Huadong Machinery (“Our shipment is late”) is back in progress: <@${COLLEAGUE}> (customer side) replied in its conversation. It no longer waits on the customer; the SLA clock runs again.`,
    ]);
  });

  test("the desk's own lines in the card's thread say what it did (opened, resumed, reopened, noted), never an SLA escalation", async () => {
    app.fake.channels.set(CUST, { is_ext_shared: true });
    await link();
    const ROOT = '1764000000.000800';
    const COLLEAGUE = 'U0EXTERN02'; // of the customer's organisation, not the requester
    const theirs = (text: string, ts: string, user = COLLEAGUE) =>
      say(text, { user, team: THEIR_TEAM, ts, thread: ROOT });
    await say('Our shipment is late', { user: EXTERNAL_USER, team: THEIR_TEAM, ts: ROOT });
    const ticket = (await ticketOf(ROOT))!;
    expect(ticket.createdBy).toBe('care-desk');
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'wait', question: 'Which order is it?' });
    await theirs('Order 778', '1764000100.000100');
    expect((await ticketOf(ROOT))!.status).toBe('assigned');
    await act(app, ticket.number, { action: 'resolve', summary: 'Shipped' });
    app.clock.advance(86_400_000);
    // Sent now (a reply sent before the resolve would be a reply on the ticket, not a reopen).
    await theirs('Not arrived yet', '1795572000.000100');
    expect((await ticketOf(ROOT))!.status).toBe('assigned');
    // Open and not waiting: the colleague's reply is noted by the desk, the requester's by them.
    await theirs('Tracking says <b>Shanghai</b> & <@U0SOMEONE>', '1795572060.000100');
    await theirs('Still nothing here', '1795572120.000100', EXTERNAL_USER);
    await act(app, ticket.number, { action: 'resolve', summary: 'Delivered' });
    app.clock.advance(8 * 86_400_000);
    // Sent now (the window is judged by the reply's own ts).
    await theirs('Another shipment is late', '1796263200.000100');
    const [first, second] = await tickets();
    expect(first!.timeline.filter((e) => e.by === 'care-desk').map((e) => e.action)).toEqual([
      'resume',
      'reopen',
      'note',
      'note',
    ]);
    expect(second!.createdBy).toBe('care-desk');
    await app.desk.outbox.drain();

    const thread = app.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === TRIAGE && c.args.thread_ts)
      .map((c) => String(c.args.text));
    expect(thread.join('\n')).not.toMatch(
      /SLA breached|escalated automatically|<@care-desk>|The desk resumed|The desk reopened|The customer replied/,
    );
    expect(thread).toEqual(
      expect.arrayContaining([
        `Opened from a message of <@${EXTERNAL_USER}> in <#${CUST}>.`,
        `Opened from a message of <@${COLLEAGUE}> in <#${CUST}>.`,
        // The requester's colleague's replies name them, not "the customer" (their words escaped).
        `<@${COLLEAGUE}> (customer side) replied, so the SLA clock runs again: Order 778`,
        `<@${COLLEAGUE}> (customer side) replied, so the ticket is reopened: Not arrived yet`,
        `<@${COLLEAGUE}> (customer side) replied: Tracking says bShanghai/b &amp; @U0SOMEONE`,
        `<@${EXTERNAL_USER}> replied: Still nothing here`,
        `The desk noted: The customer wrote again in this thread more than 7 days after the resolution: ${second!.number} was opened for it.`,
      ]),
    );
  });

  test('a click from another organisation is refused outside a linked channel', async () => {
    const click = (channel: string) => theirClick(channel, 'ticket_claim', 'T20260001');
    expect((await click(OTHER)).status).toBe(400);
    await link();
    await say('Printer broken', { ts: '1764000000.000900' });
    const number = (await ticketOf('1764000000.000900'))!.number;
    expect(number).toBe('T20260001');
    await app.setSettings(() => ({ openDesk: true }));
    // Let through in the linked channel, but as a customer: claiming is refused.
    const res = await click(CUST);
    expect(res.body).toBe('');
    expect((await ticketOf('1764000000.000900'))!.assigneeId).toBeUndefined();
  });
});

describe("the customer's reply that reopens their ticket", () => {
  test('is answered in the thread: the resolved notice said a reply reopens it, and the thread now says it did', async () => {
    app.fake.channels.set(CUST, { is_ext_shared: true });
    await link();
    const ROOT = '1764000000.004100';
    await say('Our shipment is late', { user: EXTERNAL_USER, team: THEIR_TEAM, ts: ROOT });
    const ticket = (await ticketOf(ROOT))!;
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'resolve', summary: 'Shipped today' });
    await app.desk.outbox.drain();
    app.clock.advance(86_400_000);
    // Sent now (a reply sent before the resolve would be a reply on the ticket, not a reopen).
    await say('It has not arrived', {
      user: EXTERNAL_USER,
      team: THEIR_TEAM,
      ts: '1795572000.004100',
      thread: ROOT,
    });
    await app.desk.outbox.drain();
    expect((await ticketOf(ROOT))!.status).toBe('assigned');
    const inThread = app.fake
      .tookPostsTo(CUST)
      .filter((c) => c.args.thread_ts === ROOT)
      .map((c) => String(c.args.text));
    expect(inThread.at(-1)).toBe(`Ticket *${ticket.number}* is open again; we are back on it.`);
    expect(inThread.filter((text) => text.includes('is open again'))).toHaveLength(1);
  });
});

describe('a ticket card asked for by a person of another organisation', () => {
  test('is refused in the linked channel, for their own ticket and for any other: the card is the desk’s own', async () => {
    app.fake.channels.set(CUST, { is_ext_shared: true });
    await link();
    await say('Our shipment is late', {
      user: EXTERNAL_USER,
      team: THEIR_TEAM,
      ts: '1764000000.005100',
    });
    const own = (await ticketOf('1764000000.005100'))!;
    await app.setSettings(() => ({ accountManagers: [OWNER] }));
    const other = await makeCustomer(app, { name: 'Nanfang Electronics' });
    const theirs = (
      await app.desk.flows.tickets.create(await ctxOf(app, AGENT), {
        submissionId: 'other-customer-1',
        customerCode: other.code,
        type: 'other',
        severity: 'urgent',
        channel: 'phone',
        title: 'Nanfang line down',
        description: 'E7',
        receivedAt: app.clock.now(),
      })
    ).ticket;
    for (const number of [own.number, theirs.number]) {
      const res = await theirClick(CUST, 'ticket_open', number);
      expect(res.body).toBe('');
      const answer = JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args);
      expect(answer).toContain(
        'Ticket cards are for the service team: you hear about your ticket in its conversation.',
      );
      expect(answer).not.toMatch(/Nanfang|Huadong|ticket_claim|ticket_resolve_open/);
    }
  });
});
