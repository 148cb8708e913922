// The requester's view (#10), beyond requester.test.ts: what the person who asked for help is
// sent, and when, as they would read it.
import { describe, expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { requesterJob } from '../../jobs/requester.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID as TEAM } from '../helpers/fake-slack.js';
import { holdFirstCall } from '../helpers/hold.js';
import { runJobAt } from '../helpers/jobs.js';
import { fileForContact, linkSharedChannel } from '../helpers/slack-connect.js';
import { visibleText } from '../helpers/ui.js';
import type { Message } from '../../src/ui/blocks.js';
import type { TicketRepository } from '../../src/ticket/repository.js';
import type { WorkspaceSettings } from '../../src/workspace/settings.js';

const TRIAGE = 'C0TRIAGE01';
/** The person who reported the tickets, a Slack user of the workspace. */
const REQ = 'U0REQUEST1';
const MANAGER = 'U0MANAGER1';

// Tuesday 2026-11-24 10:00 in Shanghai; business hours Mon-Fri 09:00-18:00.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

/** What a person read in their DMs, in order. */
const dms = (userId: string) => app.fake.postsTo(userId).map((c) => String(c.args.text));

describe('the survey reminder', () => {
  test('is not sent while the ticket is open again (reopened by the requester); it goes once it is resolved again', async () => {
    const ticket = await makeTicket(app, { requester: { userId: REQ } });
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'resolve', summary: 'Replaced the encoder' });
    await app.desk.outbox.drain();
    expect(dms(REQ).filter((d) => d.includes('How satisfied are you'))).toHaveLength(1);

    // An hour later the requester says it is not solved: the ticket is worked again.
    app.clock.set('2026-11-24T03:00:00Z');
    await act(app, ticket.number, { action: 'reopen' }, REQ);

    // A day after the survey went, the ticket is still being worked: no "how satisfied are you".
    await runJobAt(app, requesterJob, '2026-11-25T02:15:00Z');
    expect(dms(REQ)).toEqual([]);

    // Resolved again: the unanswered survey is recalled once, by the next run.
    app.clock.set('2026-11-25T03:00:00Z');
    await act(app, ticket.number, { action: 'resolve', summary: 'Replaced the cable too' });
    await runJobAt(app, requesterJob, '2026-11-25T03:15:00Z');
    expect(dms(REQ)).toEqual([
      `A reminder: how satisfied are you with how we handled ticket *${ticket.number}*? One click is enough.`,
    ]);
    await runJobAt(app, requesterJob, '2026-11-25T04:15:00Z');
    expect(dms(REQ)).toEqual([]);
  });
});

describe('what the desk DMs its staff about a requester', () => {
  test('the progress note draft and the low-score notice mask the phones and emails typed in the title and the comment', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const ticket = await makeTicket(app, {
      title: 'Call back 13800138000',
      requester: { userId: REQ },
    });
    await act(app, ticket.number, { action: 'claim' }, AGENT);
    // 72 business hours later (the default cadence), Friday of the next week: the assignee's draft.
    await runJobAt(app, requesterJob, '2026-12-04T02:15:00Z');
    const draft = JSON.stringify(app.fake.postsTo(AGENT).map((c) => c.args));
    expect(draft).toContain(`Ticket *${ticket.number}*`);
    expect(draft).toContain('138****8000');
    expect(draft).not.toContain('13800138000');

    await act(app, ticket.number, { action: 'resolve', summary: 'Fixed' }, AGENT);
    const stored = (await app.db.models.tickets.findOne({ number: ticket.number }).lean())!;
    await app.desk.flows.requester.answer(await ctxOf(app, REQ), String(stored._id), {
      satisfaction: 1,
      comment: 'Nobody called me back on 139 1234 5678 or wang.fang@example.cn',
    });
    await app.desk.outbox.drain();
    const told = dms(MANAGER);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('Nobody called me back on 139****5678 or w***@example.cn');
    expect(JSON.stringify(app.fake.postsTo(MANAGER).map((c) => c.args))).not.toMatch(
      /139 1234 5678|wang\.fang@example\.cn/,
    );
  });
});

describe('the conversation thread refused', () => {
  test('when Slack refuses the customer channel (the app removed from it), the requester is told by DM instead, survey included', async () => {
    // The customer-channel lane links tickets to their thread; here the link is made by hand.
    const ticket = await inRefusedThread();

    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'wait', question: 'Which firmware runs on it?' });
    await act(app, ticket.number, { action: 'resume' });
    await act(app, ticket.number, { action: 'resolve', summary: 'Firmware updated' });
    await app.desk.outbox.drain();
    const told = app.fake.tookPostsTo(REQ).map((c) => String(c.args.text));
    expect(told).toEqual([
      `<@${AGENT}> is handling your ticket *${ticket.number}* now.`,
      `Ticket *${ticket.number}* is waiting on you. <@${AGENT}> asks: Which firmware runs on it?\nAnswer here in this conversation and we carry on.`,
      `Ticket *${ticket.number}* is resolved: Firmware updated\nIf it is not solved for you, press *Not solved, reopen* below within 7 days and we reopen it.`,
      `Ticket *${ticket.number}* is resolved. How satisfied are you with how we handled it?`,
    ]);
    expect(app.fake.tookPostsTo(CUSTOMER_CHANNEL)).toEqual([]);
    // Nothing is left owed or given up, and nothing is sent twice by a later pass.
    const owed = await app.db.models.outbox.find({ to: CUSTOMER_CHANNEL }).lean();
    expect(owed.length).toBeGreaterThan(0);
    expect(owed.map((e) => e.state)).toEqual(owed.map(() => 'sent'));
    await app.desk.outbox.drain();
    expect(app.fake.tookPostsTo(REQ)).toHaveLength(4);
    // The survey in the DM is answered as any other.
    const survey = app.fake.tookPostsTo(REQ).at(-1)!;
    const blocks = (
      typeof survey.args.blocks === 'string' ? JSON.parse(survey.args.blocks) : survey.args.blocks
    ) as { type: string; elements?: { action_id: string; value: string }[] }[];
    const five = blocks
      .find((b) => b.type === 'actions')!
      .elements!.find((e) => e.action_id === 'requester_survey_5')!;
    await app.slack.blockAction(
      { action_id: five.action_id, value: five.value, block_id: 'survey' },
      { userId: REQ, channelId: 'D0REQUEST1' },
    );
    expect(
      (await app.db.models.tickets.findOne({ number: ticket.number }).lean())!.survey,
    ).toMatchObject({ satisfaction: 5, by: REQ });
  });
});

describe('the conversation thread refused, and its record failing', () => {
  test("when the admins' record of refused channels cannot be written, the notice sent by DM is still marked sent and not sent again", async () => {
    const ticket = await inRefusedThread();
    // The database refuses the record of the refused channel (only that write).
    const refusals = app.db.models.channelRefusals;
    const bulkWrite = refusals.bulkWrite.bind(refusals);
    refusals.bulkWrite = (() => {
      throw new Error('write refused');
    }) as unknown as typeof refusals.bulkWrite;
    try {
      await act(app, ticket.number, { action: 'claim' });
      await app.desk.outbox.drain();
    } finally {
      refusals.bulkWrite = bulkWrite;
    }
    const told = `<@${AGENT}> is handling your ticket *${ticket.number}* now.`;
    expect(app.fake.tookPostsTo(REQ).map((c) => String(c.args.text))).toEqual([told]);
    const owed = await app.db.models.outbox.find({ to: CUSTOMER_CHANNEL }).lean();
    expect(owed.length).toBeGreaterThan(0);
    expect(owed.map((e) => e.state)).toEqual(owed.map(() => 'sent'));
    expect(
      app.logs.some((l) => l.msg === 'outbox: could not record which channels refused the desk'),
    ).toBe(true);
    // A later pass sends nothing again.
    app.clock.advance(60 * 60_000);
    await app.desk.outbox.drain();
    expect(app.fake.tookPostsTo(REQ)).toHaveLength(1);
  });
});

describe('the conversation thread refused, and the DM instead timing out', () => {
  test('a DM Slack took but whose answer was lost is found in the DM on the next try, not sent twice', async () => {
    const ticket = await inRefusedThread();
    // The claim's posts: the triage thread's reply goes; the customer channel refuses the
    // requester's notice; the DM sent instead is taken by Slack, but its answer times out.
    app.fake.passNext('chat.postMessage');
    app.fake.failNext('chat.postMessage', 'not_in_channel');
    app.fake.takeAndFailHttp('chat.postMessage', 504);
    await act(app, ticket.number, { action: 'claim' });
    await app.desk.outbox.drain();
    const notice = `<@${AGENT}> is handling your ticket *${ticket.number}* now.`;
    expect(app.fake.tookPostsTo(REQ).map((c) => String(c.args.text))).toEqual([notice]);

    // The next try, after its back-off: the requester has the notice once.
    app.clock.advance(10 * 60_000);
    await app.desk.outbox.drain();
    expect(app.fake.tookPostsTo(REQ).map((c) => String(c.args.text))).toEqual([notice]);
    const owed = await app.db.models.outbox.find({ to: CUSTOMER_CHANNEL }).lean();
    expect(owed.length).toBeGreaterThan(0);
    expect(owed.map((e) => e.state)).toEqual(owed.map(() => 'sent'));
  });
});

/**
 * The ticket's conversation is a thread in `channel` (the customer-channel lane links it; here
 * it is linked by hand: no service sets it apart from that lane).
 */
async function inThread(number: string, channel: string) {
  await app.db.models.tickets.updateOne(
    { number },
    { $set: { conversation: { channel, ts: '1700000000.000900' } } },
  );
}

/** As `inThread`, then claimed, resolved and its notices delivered (the survey among them). */
async function resolvedInThread(number: string, channel: string) {
  await inThread(number, channel);
  await act(app, number, { action: 'claim' });
  await act(app, number, { action: 'resolve', summary: 'Fixed' });
  await app.desk.outbox.drain();
}

/**
 * REQ's ticket, its conversation a thread in the customer channel and its first notices
 * delivered; then the app is removed from the channel (Slack refuses it from now on) and the
 * fake Slack's record starts afresh.
 */
async function inRefusedThread() {
  const ticket = await makeTicket(app, { requester: { userId: REQ } });
  await inThread(ticket.number, CUSTOMER_CHANNEL);
  await app.desk.outbox.drain();
  app.fake.reset();
  app.fake.refuseChannel(CUSTOMER_CHANNEL, 'not_in_channel');
  return ticket;
}

/**
 * Ticket `number`'s conversation linked to a thread in the customer channel and its notices
 * delivered; then Slack refuses the channel with `error`, and the ticket is claimed (its notice
 * to the thread refused, not yet delivered).
 */
async function claimRefused(number: string, error = 'not_in_channel') {
  await inThread(number, CUSTOMER_CHANNEL);
  await app.desk.outbox.drain();
  app.fake.refuseChannel(CUSTOMER_CHANNEL, error);
  await act(app, number, { action: 'claim' });
}

/** Twelve outbox passes 31 minutes apart: a notice refused each time is given up. */
async function throughEveryRetry() {
  for (let i = 0; i < 12; i++) {
    app.clock.advance(31 * 60_000);
    await app.desk.outbox.drain();
  }
}

/**
 * The DM `dm` held is answered and the request that sent it (`slow`) ends: the requester has
 * their notice, and the refusal it carries does not name the channel on the admin Home.
 */
async function slowDmAnswered(dm: { release(): void }, slow: Promise<unknown>) {
  dm.release();
  await slow;
  expect(app.fake.tookPostsTo(REQ).length).toBeGreaterThan(0);
  expect(await homeOf()).not.toContain(refusedWarning);
}

/** Eight days on, the outbox's upkeep runs (it forgets notices sent a week ago). */
async function aWeekOfUpkeep() {
  app.clock.advance(8 * 86_400_000);
  await runJobAt(app, outboxJob, app.clock.now().toISOString());
}

/** A customer channel, its admin, and what the admins' App Home says of a channel refused. */
const CUSTOMER_CHANNEL = 'C0CUSTOMER';
const ADMIN = 'U0ADMIN001';
const refusedWarning = 'not invited, or the channel is gone';

/** The admin opens App Home: the view published. */
async function homeOf(): Promise<string> {
  await app.slack.event({
    type: 'app_home_opened',
    user: ADMIN,
    channel: 'D0HOME0001',
    tab: 'home',
  });
  return JSON.stringify(app.fake.callsTo('views.publish').at(-1)!.args.view);
}

/** The buttons of a message Slack took, by action id. */
function buttonsOf(post: { args: Record<string, unknown> }) {
  const blocks = (
    typeof post.args.blocks === 'string' ? JSON.parse(post.args.blocks) : post.args.blocks
  ) as { type: string; block_id?: string; elements?: { action_id: string; value: string }[] }[];
  return new Map(
    blocks
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements!.map((e) => [e.action_id, { ...e, block_id: b.block_id }])),
  );
}

/** A satisfaction button of a survey Slack took, pressed by `who`. */
async function clickSurvey(
  post: { args: Record<string, unknown> },
  score: number,
  who: { userId: string; channelId: string },
) {
  const button = buttonsOf(post).get(`requester_survey_${score}`)!;
  await app.slack.blockAction(
    { action_id: button.action_id, value: button.value, block_id: 'survey' },
    who,
  );
}

/**
 * `userId` presses 5 on the survey last posted in `channel`: refused as not theirs (the
 * requester's), and nothing recorded on ticket `number`.
 */
async function surveyRefused(number: string, channel: string, userId: string) {
  await clickSurvey(app.fake.tookPostsTo(channel).at(-1)!, 5, { userId, channelId: channel });
  expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toBe(
    `The survey for ${number} is for the person who reported it.`,
  );
  const stored = await app.db.models.tickets.findOne({ number }).lean();
  expect(stored!.survey!.satisfaction).toBeUndefined();
}

describe('the conversation thread refused, seen by the admins', () => {
  test('a notice that went by DM instead still shows the channel as refused on the admin Home, without counting as undelivered, until a message reaches it again', async () => {
    const CUSTOMER_CHANNEL = 'C0CUSTOMER';
    const ADMIN = 'U0ADMIN001';
    await app.setSettings(() => ({ admins: [ADMIN], managers: [MANAGER] }));
    const homeOf = async (user: string) => {
      await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
      const publish = app.fake.callsTo('views.publish').at(-1)!;
      expect(publish.args.user_id).toBe(user);
      return JSON.stringify(publish.args.view);
    };
    const refusedWarning = 'not invited, or the channel is gone';
    const ticket = await makeTicket(app, { requester: { userId: REQ } });
    await inThread(ticket.number, CUSTOMER_CHANNEL);
    await app.desk.outbox.drain();
    expect(await homeOf(ADMIN)).not.toContain(refusedWarning);

    // The app is removed from the customer channel: the requester is told by DM instead.
    app.fake.refuseChannel(CUSTOMER_CHANNEL, 'not_in_channel');
    await act(app, ticket.number, { action: 'claim' });
    await app.desk.outbox.drain();
    expect(app.fake.tookPostsTo(REQ).map((c) => String(c.args.text))).toContain(
      `<@${AGENT}> is handling your ticket *${ticket.number}* now.`,
    );
    // The admins are told the channel refuses the desk, so that someone lets the app back in;
    // the notice itself reached the requester: nothing shows as undelivered.
    const admin = await homeOf(ADMIN);
    expect(admin).toContain(`<#${CUSTOMER_CHANNEL}>`);
    expect(admin).toContain(refusedWarning);
    expect(admin).toContain('Every Slack message the desk sent has been delivered.');
    const owed = await app.db.models.outbox.find({ to: CUSTOMER_CHANNEL }).lean();
    expect(owed.length).toBeGreaterThan(0);
    expect(owed.map((e) => e.state)).toEqual(owed.map(() => 'sent'));

    // Someone invites the app again: the next notice goes in the thread, and the warning goes.
    app.clock.advance(60 * 60_000);
    app.fake.reset();
    await act(app, ticket.number, { action: 'resolve', summary: 'Firmware updated' });
    await app.desk.outbox.drain();
    expect(app.fake.tookPostsTo(CUSTOMER_CHANNEL).length).toBeGreaterThan(0);
    expect(await homeOf(ADMIN)).not.toContain(`<#${CUSTOMER_CHANNEL}>`);
  });
});

describe('the conversation thread refused, the admins told', () => {
  test('the app removed from the customer channel: the requester is told by DM, and each admin gets the one "Slack refused the desk" DM naming the channel', async () => {
    const ADMIN2 = 'U0ADMIN002';
    // A channel of its own: the workers remember for a while which refusals they checked.
    const CHANNEL = 'C0CUSTOMR2';
    await app.setSettings(() => ({ admins: [ADMIN, ADMIN2], managers: [MANAGER] }));
    const ticket = await makeTicket(app, { requester: { userId: REQ } });
    await inThread(ticket.number, CHANNEL);
    await app.desk.outbox.drain();
    app.fake.reset();

    // The app is removed from the customer channel: the notices go to the requester's DM.
    app.fake.refuseChannel(CHANNEL, 'not_in_channel');
    await act(app, ticket.number, { action: 'claim' });
    await app.desk.outbox.drain();
    await act(app, ticket.number, { action: 'wait', question: 'Which firmware runs on it?' });
    await app.desk.outbox.drain();
    await app.desk.outbox.drain();
    expect(app.fake.tookPostsTo(REQ)).toHaveLength(2);
    expect(app.fake.tookPostsTo(CHANNEL)).toEqual([]);
    const refusalDms = (user: string) =>
      app.fake
        .tookPostsTo(user)
        .map((c) => String(c.args.text))
        .filter((t) => t.includes('Slack refused the desk in'));
    for (const admin of [ADMIN, ADMIN2]) {
      const told = refusalDms(admin);
      expect(told, admin).toHaveLength(1);
      expect(told[0]).toContain(`Slack refused the desk in <#${CHANNEL}>`);
      expect(told[0]).toContain('`not_in_channel`. The app is not in the channel: invite it there');
    }
    // The admins are told, not the managers; the notices themselves are delivered.
    expect(refusalDms(MANAGER)).toEqual([]);
    const owed = await app.db.models.outbox.find({ to: CHANNEL }).lean();
    expect(owed.map((e) => e.state)).toEqual(owed.map(() => 'sent'));
  });
});

describe('the refused channel, a week later', () => {
  test('the admin Home keeps naming the refused channel after the outbox forgets the notices sent by DM, until a message reaches the channel', async () => {
    await app.setSettings(() => ({ admins: [ADMIN] }));
    const ticket = await makeTicket(app, { requester: { userId: REQ } });
    await claimRefused(ticket.number);
    await app.desk.outbox.drain();
    expect(await homeOf()).toContain(refusedWarning);

    // Eight days on, nobody has let the app back in; the outbox's upkeep forgets the sent notices.
    const [run] = await runJobAt(app, outboxJob, '2026-12-02T02:00:00Z');
    expect(run!.counts).toMatchObject({ purged: expect.any(Number) });
    expect(await app.db.models.outbox.countDocuments({ to: CUSTOMER_CHANNEL })).toBe(0);
    app.fake.refuseChannel(CUSTOMER_CHANNEL, 'not_in_channel');
    const home = await homeOf();
    expect(home).toContain(`<#${CUSTOMER_CHANNEL}>`);
    expect(home).toContain(refusedWarning);

    // The app is invited again: the next notice reaches the thread, and the warning goes.
    app.fake.reset();
    await act(app, ticket.number, { action: 'resolve', summary: 'Firmware updated' });
    await app.desk.outbox.drain();
    expect(app.fake.tookPostsTo(CUSTOMER_CHANNEL).length).toBeGreaterThan(0);
    expect(await homeOf()).not.toContain(refusedWarning);
  });
});

describe('a refusal recorded late by another instance', () => {
  test('an older refusal recorded after a newer message reached the channel does not bring the channel back on the admin Home, even once the outbox forgets that message', async () => {
    await app.setSettings(() => ({ admins: [ADMIN] }));
    const ticket = await makeTicket(app, { requester: { userId: REQ } });
    await inThread(ticket.number, CUSTOMER_CHANNEL);
    await app.desk.outbox.drain();
    app.fake.reset();

    // Another instance, and its agent's request a minute from now (prepared beforehand).
    const other = app.instance('b');
    app.clock.advance(60_000);
    const later = await ctxOf(app, AGENT);
    app.clock.advance(-60_000);

    // One instance delivers the claim's notices: the triage thread's reply goes, the customer
    // channel refuses the requester's notice (the app was out of it for a moment), and the DM
    // sent instead is slow to be answered.
    app.fake.passNext('chat.postMessage');
    app.fake.failNext('chat.postMessage', 'not_in_channel');
    const dm = app.fake.holdNext('chat.postMessage');
    const slow = act(app, ticket.number, { action: 'claim' });
    await dm.arrived;
    // Meanwhile the app is back in the channel: the other instance sends the next notice there.
    app.clock.advance(60_000);
    await other.flows.tickets.act(later, ticket.number, {
      action: 'wait',
      question: 'Which firmware runs on it?',
    });
    await other.outbox.drain();
    expect(app.fake.tookPostsTo(CUSTOMER_CHANNEL).map((c) => String(c.args.text))).toContainEqual(
      expect.stringContaining('is waiting on you'),
    );
    // The slow DM is answered; its refusal, older than that message, is recorded only now.
    await slowDmAnswered(dm, slow);

    // A week on, the outbox forgets the message that reached the channel: still not named.
    await aWeekOfUpkeep();
    expect(await app.db.models.outbox.countDocuments({ 'result.channel': CUSTOMER_CHANNEL })).toBe(
      0,
    );
    expect(await homeOf()).not.toContain(refusedWarning);
  });
});

describe('a refused channel reached again, among many channels reached long ago', () => {
  test('once the outbox forgets the message that reached it, the admin Home still does not name it; a quiet minute reads no old record', async () => {
    await app.setSettings(() => ({ admins: [ADMIN] }));
    // Another workspace's years of history: 1,100 channels that refused the desk once and were
    // reached again since.
    const long = app.clock.now().getTime() - 400 * 86_400_000;
    await app.db.models.channelRefusals.insertMany(
      Array.from({ length: 1100 }, (_, i) => ({
        teamId: 'T0OTHER001',
        channel: `C0OLD${String(i).padStart(5, '0')}`,
        error: 'not_in_channel',
        refusedAt: new Date(long + i * 60_000),
        reachedAt: new Date(long + i * 60_000 + 30_000),
      })),
    );
    const ticket = await makeTicket(app, { requester: { userId: REQ } });
    await claimRefused(ticket.number);
    await app.desk.outbox.drain();
    expect(await homeOf()).toContain(refusedWarning);
    // The app is invited back: the next notice reaches the thread.
    app.clock.advance(60 * 60_000);
    app.fake.reset();
    await act(app, ticket.number, { action: 'resolve', summary: 'Firmware updated' });
    await app.desk.outbox.drain();
    expect(app.fake.tookPostsTo(CUSTOMER_CHANNEL).length).toBeGreaterThan(0);
    expect(await homeOf()).not.toContain(refusedWarning);

    // Eight days on, the outbox's upkeep forgets that notice: the channel is still not named.
    // The old records, written before they said whether they may still be refused, are closed
    // with one write each (not marked open first, then closed: twice the writes); the channel
    // reached again gets when, and is closed.
    const client = app.db.conn.getClient();
    let writes = 0;
    const written = (ev: { commandName: string; command: Record<string, unknown> }) => {
      if (ev.commandName === 'update' && ev.command.update === 'channel_refusals')
        writes += (ev.command.updates as unknown[]).length;
    };
    client.on('commandStarted', written);
    app.clock.advance(8 * 86_400_000);
    try {
      await runJobAt(app, outboxJob, app.clock.now().toISOString());
    } finally {
      client.off('commandStarted', written);
    }
    expect(writes).toBe(1100 + 2);
    expect(await app.db.models.outbox.countDocuments({ 'result.channel': CUSTOMER_CHANNEL })).toBe(
      0,
    );
    expect(await homeOf()).not.toContain(refusedWarning);

    // The next minute's upkeep: one read of the refused channels' records, which returns none.
    const reads: number[] = [];
    let commands = 0;
    const started = (ev: { commandName: string; command: Record<string, unknown> }) => {
      if (ev.command[ev.commandName] === 'channel_refusals') commands += 1;
    };
    const succeeded = (ev: { commandName: string; reply: unknown }) => {
      const cursor = (ev.reply as { cursor?: { ns?: string; firstBatch?: unknown[] } }).cursor;
      if (cursor?.ns?.endsWith('.channel_refusals')) reads.push(cursor.firstBatch?.length ?? 0);
    };
    client.on('commandStarted', started);
    client.on('commandSucceeded', succeeded);
    try {
      app.clock.advance(60_000);
      await runJobAt(app, outboxJob, app.clock.now().toISOString());
    } finally {
      client.off('commandStarted', started);
      client.off('commandSucceeded', succeeded);
    }
    expect(commands).toBe(1);
    expect(reads).toEqual([0]);
  });
});

describe('refused channels recorded before their records said whether they may still be refused', () => {
  test('once the upkeep has run, the admin Home names the one still refused and not the one reached since', async () => {
    await app.setSettings(() => ({ admins: [ADMIN] }));
    const day = 86_400_000;
    const now = app.clock.now().getTime();
    // Written by an older version: `at` for when it was refused, and no `open`.
    await app.db.models.channelRefusals.insertMany([
      {
        teamId: TEAM,
        channel: 'C0LEGACY01',
        error: 'not_in_channel',
        at: new Date(now - 40 * day),
      },
      {
        teamId: TEAM,
        channel: 'C0LEGACY02',
        error: 'is_archived',
        at: new Date(now - 40 * day),
        reachedAt: new Date(now - 30 * day),
      },
    ]);
    await runJobAt(app, outboxJob, new Date(now + 60_000).toISOString());
    const home = await homeOf();
    expect(home).toContain('<#C0LEGACY01>');
    expect(home).toContain(refusedWarning);
    expect(home).not.toContain('<#C0LEGACY02>');
    // And so it stays, minute after minute.
    await runJobAt(app, outboxJob, new Date(now + 120_000).toISOString());
    expect(await homeOf()).toContain('<#C0LEGACY01>');
  });
});

describe('a workspace with years of refused channels', () => {
  test('the admin Home names three still refused, reading a few records that may still be refused, none of those settled', async () => {
    await app.setSettings(() => ({ admins: [ADMIN] }));
    const now = app.clock.now().getTime();
    const channel = (prefix: string, i: number) => `C0${prefix}${String(i).padStart(5, '0')}`;
    await app.db.models.channelRefusals.insertMany([
      // Settled long ago: reached again since.
      ...Array.from({ length: 300 }, (_, i) => ({
        teamId: TEAM,
        channel: channel('OLD', i),
        error: 'not_in_channel',
        refusedAt: new Date(now - 400 * 86_400_000 + i * 60_000),
        reachedAt: new Date(now - 400 * 86_400_000 + i * 60_000 + 30_000),
        open: false,
      })),
      // Still refused.
      ...Array.from({ length: 60 }, (_, i) => ({
        teamId: TEAM,
        channel: channel('NOW', i),
        error: 'not_in_channel',
        refusedAt: new Date(now - 86_400_000 + i * 60_000),
        open: true,
      })),
    ]);
    const client = app.db.conn.getClient();
    const read: number[] = [];
    const succeeded = (ev: { reply: unknown }) => {
      const cursor = (ev.reply as { cursor?: { ns?: string; firstBatch?: unknown[] } }).cursor;
      if (cursor?.ns?.endsWith('.channel_refusals')) read.push(cursor.firstBatch?.length ?? 0);
    };
    client.on('commandSucceeded', succeeded);
    let home: string;
    try {
      home = await homeOf();
    } finally {
      client.off('commandSucceeded', succeeded);
    }
    expect(home.match(/<#C0NOW\d+>/g)).toHaveLength(3);
    expect(home).not.toContain('<#C0OLD');
    expect(read.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(25);
  });
});

describe('refused channels owed hundreds of messages', () => {
  test('the admin Home names three of them, reading a document per channel named, not every message owed', async () => {
    await app.setSettings(() => ({ admins: [ADMIN] }));
    const now = app.clock.now();
    // Five customer channels the app was removed from, 60 messages owed to each.
    await app.db.models.outbox.insertMany(
      Array.from({ length: 300 }, (_, i) => ({
        teamId: TEAM,
        key: `owed:${i}`,
        kind: 'message',
        to: `C0OWED0000${i % 5}`,
        data: { message: { text: 'x' } },
        state: i % 2 ? 'pending' : 'dead',
        attempts: 3,
        rev: 0,
        seq: i + 1,
        nextAt: new Date(now.getTime() + 3_600_000),
        createdAt: now,
        lastError: 'not_in_channel',
      })),
    );
    // The outbox documents the Home's look for refused deliveries reads (its commands that ask
    // for entries by their last error, and the batches they get back).
    const client = app.db.conn.getClient();
    const asked = new Set<number>();
    const read: number[] = [];
    const started = (ev: { requestId: number; command: Record<string, unknown> }) => {
      // Asked by their last error: a find's filter or a pipeline's first $match names it (the
      // Home's counts, grouped in one command, only name it as what each group's first says).
      const pipeline = ev.command.pipeline as { $match?: unknown }[] | undefined;
      const filter = pipeline ? pipeline[0]?.$match : ev.command.filter;
      if (JSON.stringify(filter ?? {}).includes('lastError')) asked.add(ev.requestId);
    };
    const succeeded = (ev: { requestId: number; reply: unknown }) => {
      const cursor = (
        ev.reply as { cursor?: { ns?: string; firstBatch?: unknown[]; nextBatch?: unknown[] } }
      ).cursor;
      if (asked.has(ev.requestId) && cursor?.ns?.endsWith('.outbox'))
        read.push((cursor.firstBatch ?? cursor.nextBatch ?? []).length);
    };
    client.on('commandStarted', started);
    client.on('commandSucceeded', succeeded);
    let home: string;
    try {
      home = await homeOf();
    } finally {
      client.off('commandStarted', started);
      client.off('commandSucceeded', succeeded);
    }
    // The first three by id, each still owed (so not dismissable); the first is named again in
    // the given-up messages' first reason ('to <#C…>').
    expect([...new Set(home.match(/<#C0OWED\d+>/g))]).toEqual([
      '<#C0OWED00000>',
      '<#C0OWED00001>',
      '<#C0OWED00002>',
    ]);
    expect(home).toContain(refusedWarning);
    expect(read.length).toBeGreaterThan(0);
    expect(read.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3);
  });
});

describe('a refused channel gone for good', () => {
  const CUSTOMER_CHANNEL = 'C0CUSTOMER';
  const ADMIN = 'U0ADMIN001';
  const refusedWarning = 'not invited, or the channel is gone';
  const homeOf = async (user = ADMIN) => {
    await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
    return JSON.stringify(app.fake.callsTo('views.publish').at(-1)!.args.view);
  };
  const dismiss = (user: string) =>
    app.slack.blockAction(
      { action_id: 'home_dismiss_refusal', block_id: 'home_problem', value: CUSTOMER_CHANNEL },
      { userId: user, view: { id: 'V0HOME0001', type: 'home', blocks: [] } },
    );
  /** A ticket whose requester is told in the customer channel's thread, which Slack refuses. */
  const refusedTicket = async () => {
    const ticket = await makeTicket(app, { requester: { userId: REQ } });
    await claimRefused(ticket.number, 'is_archived');
    await app.desk.outbox.drain();
    return ticket;
  };

  test('an admin dismisses it from their Home; a crafted Dismiss by an agent is refused over the Home and changes nothing; a later refusal names it again', async () => {
    await app.setSettings(() => ({ admins: [ADMIN], agents: [AGENT] }));
    const ticket = await refusedTicket();
    const home = await homeOf();
    expect(home).toContain(refusedWarning);
    expect(home).toContain('"action_id":"home_dismiss_refusal"');

    // An agent's crafted click: told over the Home that only an admin may; the warning stays.
    expect((await dismiss(AGENT)).status).toBe(200);
    const told = app.fake.callsTo('views.open').at(-1)!.args.view;
    expect(JSON.stringify(told)).toContain('Only an admin');
    expect(await homeOf()).toContain(refusedWarning);

    // The admin's Dismiss: the Home is drawn again without it.
    app.fake.reset();
    await dismiss(ADMIN);
    const redrawn = app.fake.callsTo('views.publish').at(-1)!.args;
    expect(redrawn.user_id).toBe(ADMIN);
    expect(JSON.stringify(redrawn.view)).not.toContain(refusedWarning);
    expect(await homeOf()).not.toContain(refusedWarning);

    // The next notice for that thread, a minute on, is refused again: the Home names the
    // channel again. (A refusal of the Dismiss's own millisecond counts as the one dismissed.)
    app.clock.advance(60_000);
    app.fake.refuseChannel(CUSTOMER_CHANNEL, 'is_archived');
    await act(app, ticket.number, { action: 'resolve', summary: 'Firmware updated' });
    await app.desk.outbox.drain();
    expect(await homeOf()).toContain(refusedWarning);
  });

  test("one admin's Dismiss draws the other admins' Homes again without it (through the outbox), the clicker's once", async () => {
    const OTHER_ADMIN = 'U0ADMIN002';
    await app.setSettings(() => ({ admins: [ADMIN, OTHER_ADMIN] }));
    await refusedTicket();
    expect(await homeOf(OTHER_ADMIN)).toContain(refusedWarning);
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    app.fake.reset();

    await dismiss(ADMIN);
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    expect(app.fake.homesPublishedTo(ADMIN)).toHaveLength(1);
    expect(app.fake.homesPublishedTo(OTHER_ADMIN)).toHaveLength(1);
    expect(JSON.stringify(app.fake.homesPublishedTo(OTHER_ADMIN)[0]!.args.view)).not.toContain(
      refusedWarning,
    );
  });

  test('a refusal from before the Dismiss that is recorded after it (its DM slow to be answered) does not bring the channel back', async () => {
    await app.setSettings(() => ({ admins: [ADMIN] }));
    const ticket = await refusedTicket();
    expect(await homeOf()).toContain('"action_id":"home_dismiss_refusal"');

    // A minute on, the next notice is refused in the channel too, and the DM sent instead is
    // slow to be answered: its refusal is not recorded yet.
    app.clock.advance(60_000);
    app.fake.reset();
    app.fake.passNext('chat.postMessage');
    app.fake.failNext('chat.postMessage', 'is_archived');
    const dm = app.fake.holdNext('chat.postMessage');
    const slow = act(app, ticket.number, {
      action: 'wait',
      question: 'Which firmware runs on it?',
    });
    await dm.arrived;

    // Meanwhile the admin dismisses the channel (archived for good).
    app.clock.advance(60_000);
    await dismiss(ADMIN);
    expect(await homeOf()).not.toContain(refusedWarning);

    // The DM is answered: the refusal it carries is older than the Dismiss.
    await slowDmAnswered(dm, slow);
    // A week on, once the outbox forgets that notice: still not named.
    await aWeekOfUpkeep();
    expect(await homeOf()).not.toContain(refusedWarning);
  });

  test('unlinking the customer channel takes its warning off the admin Home', async () => {
    await app.setSettings(() => ({ admins: [ADMIN] }));
    const ticket = await refusedTicket();
    // The channel was linked to the ticket's customer (before it was archived).
    const linked = await app.slack.command('/desk', `channel link ${ticket.customerCode}`, {
      userId: ADMIN,
      channelId: CUSTOMER_CHANNEL,
    });
    expect(linked.body.text).toContain('is now the customer channel');
    expect(await homeOf()).toContain(refusedWarning);

    const gone = await app.slack.command('/desk', 'channel unlink', {
      userId: ADMIN,
      channelId: CUSTOMER_CHANNEL,
    });
    expect(gone.body.text).toContain('is no longer linked');
    expect(await homeOf()).not.toContain(refusedWarning);
  });
});

describe('notices given up in a refused channel', () => {
  test('are kept 30 days for Send again, then forgotten; the admin Home keeps naming the channel, now with Dismiss', async () => {
    await app.setSettings(() => ({ admins: [ADMIN] }));
    const toChannel = () => app.db.models.outbox.find({ to: CUSTOMER_CHANNEL }).lean();
    // The requester is not in Slack: their notices go to the conversation's thread only.
    const ticket = await makeTicket(app);
    await inThread(ticket.number, CUSTOMER_CHANNEL);
    await app.desk.outbox.drain();

    // The app is removed from the channel: the claim's notice is refused through every retry.
    app.fake.refuseChannel(CUSTOMER_CHANNEL, 'not_in_channel');
    await act(app, ticket.number, { action: 'claim' });
    await throughEveryRetry();
    const givenUp = await toChannel();
    expect(givenUp.length).toBeGreaterThan(0);
    expect(givenUp.map((e) => e.state)).toEqual(givenUp.map(() => 'dead'));
    let home = await homeOf();
    expect(home).toContain(`<#${CUSTOMER_CHANNEL}>`);
    expect(home).toContain(refusedWarning);
    // Given up and owed: Send again, no Dismiss.
    expect(home).not.toContain('"action_id":"home_dismiss_refusal"');

    // Four weeks on, the outbox's upkeep keeps them: they can still be sent again.
    app.clock.advance(28 * 86_400_000);
    await runJobAt(app, outboxJob, app.clock.now().toISOString());
    expect((await toChannel()).length).toBe(givenUp.length);

    // Past 30 days they are forgotten; the Home still names the channel, now with Dismiss.
    app.clock.advance(3 * 86_400_000);
    await runJobAt(app, outboxJob, app.clock.now().toISOString());
    expect(await toChannel()).toEqual([]);
    home = await homeOf();
    expect(home).toContain(`<#${CUSTOMER_CHANNEL}>`);
    expect(home).toContain(refusedWarning);
    expect(home).toContain('"action_id":"home_dismiss_refusal"');
    expect(home).toContain('Every Slack message the desk sent has been delivered.');

    // The admin dismisses it: gone.
    await app.slack.blockAction(
      { action_id: 'home_dismiss_refusal', block_id: 'home_problem', value: CUSTOMER_CHANNEL },
      { userId: ADMIN, view: { id: 'V0HOME0001', type: 'home', blocks: [] } },
    );
    expect(await homeOf()).not.toContain(refusedWarning);
  });
});

describe('notices given up in a channel the app was let back into', () => {
  test('once they are forgotten, the admin Home does not name the channel a later message reached', async () => {
    await app.setSettings(() => ({ admins: [ADMIN] }));
    const ticket = await makeTicket(app);
    await claimRefused(ticket.number);
    await throughEveryRetry();
    expect(await homeOf()).toContain(refusedWarning);

    // The next day the app is invited back: the next notice reaches the thread (nobody pressed
    // Send again for the one given up).
    app.clock.advance(86_400_000);
    app.fake.reset();
    await act(app, ticket.number, { action: 'resolve', summary: 'Firmware updated' });
    await app.desk.outbox.drain();
    expect(app.fake.tookPostsTo(CUSTOMER_CHANNEL).length).toBeGreaterThan(0);

    // The outbox's upkeep runs every day for a month: the notice that reached the channel is
    // forgotten after a week, the one given up after 30 days. The channel is not named.
    for (let day = 0; day < 31; day++) {
      app.clock.advance(86_400_000);
      await runJobAt(app, outboxJob, app.clock.now().toISOString());
    }
    expect(await app.db.models.outbox.countDocuments({ to: CUSTOMER_CHANNEL })).toBe(0);
    expect(await homeOf()).not.toContain(refusedWarning);
  });
});

describe('a refused channel linked to another customer', () => {
  test('linking the refused customer channel to another customer takes its warning off the admin Home', async () => {
    await app.setSettings(() => ({ admins: [ADMIN] }));
    const link = (code: string) =>
      app.slack.command('/desk', `channel link ${code}`, {
        userId: ADMIN,
        channelId: CUSTOMER_CHANNEL,
      });
    const ticket = await makeTicket(app, { requester: { userId: REQ } });
    expect((await link(ticket.customerCode)).body.text).toContain('is now the customer channel');
    await claimRefused(ticket.number);
    await app.desk.outbox.drain();
    expect(await homeOf()).toContain(refusedWarning);

    // The channel is given to another customer: the old customer's refusal is not shown for it.
    const other = await makeCustomer(app, { name: 'Xinhua Optics' });
    expect((await link(other.code)).body.text).toContain('is now the customer channel');
    expect(await homeOf()).not.toContain(refusedWarning);
  });
});

describe('"Not solved, reopen" on the resolved notice', () => {
  const lastEphemeral = () => String(app.fake.callsTo('response_url').at(-1)?.args.text ?? '');
  const statusOf = async (number: string) =>
    (await app.db.models.tickets.findOne({ number }).lean())!.status;

  test('a requester told by DM reopens with the button; anyone else is refused, and a second click says it is open already', async () => {
    const ticket = await makeTicket(app, { requester: { userId: REQ } });
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'resolve', summary: 'Replaced the encoder' });
    await app.desk.outbox.drain();
    const resolved = app.fake
      .tookPostsTo(REQ)
      .find((c) => String(c.args.text).includes('is resolved: Replaced the encoder'))!;
    // What the DM promises is what its button does.
    expect(String(resolved.args.text)).toBe(
      `Ticket *${ticket.number}* is resolved: Replaced the encoder\nIf it is not solved for you, press *Not solved, reopen* below within 7 days and we reopen it.`,
    );
    const reopen = buttonsOf(resolved).get('requester_reopen')!;
    expect(reopen).toMatchObject({ value: ticket.number });
    const click = (userId: string) =>
      app.slack.blockAction(
        { action_id: reopen.action_id, value: reopen.value, block_id: reopen.block_id },
        { userId, channelId: 'D0REQUEST1' },
      );

    // Someone else (the agent, who would reopen from the card) is refused: nothing changes.
    await click(AGENT);
    expect(lastEphemeral()).toBe(
      `Only the person who reported ${ticket.number} can reopen it with this button.`,
    );
    expect(await statusOf(ticket.number)).toBe('resolved');

    // The requester, two days later: the ticket is worked again, and they are told so.
    app.clock.advance(2 * 86_400_000);
    await click(REQ);
    expect(lastEphemeral()).toBe(`Ticket *${ticket.number}* is open again; we are back on it.`);
    const after = (await app.db.models.tickets.findOne({ number: ticket.number }).lean())!;
    expect(after.status).toBe('assigned');
    expect(after.assigneeId).toBe(AGENT);
    expect(after.metrics.reopenCount).toBe(1);
    // The card in triage shows it is open again, and its thread says who reopened it.
    const card = app.fake
      .callsTo('chat.update')
      .filter((c) => c.args.channel === TRIAGE)
      .at(-1)!;
    expect(JSON.stringify(card.args)).toContain('In progress');
    expect(app.fake.tookPostsTo(TRIAGE).map((c) => String(c.args.text))).toContainEqual(
      expect.stringContaining(`<@${REQ}> reopened it.`),
    );

    await click(REQ);
    expect(lastEphemeral()).toBe(
      `${ticket.number} is being handled now; that button no longer applies.`,
    );
    expect(
      (await app.db.models.tickets.findOne({ number: ticket.number }).lean())!.metrics.reopenCount,
    ).toBe(1);
  });

  test('the button on a DM sent because the customer channel refused: works within 7 days, refused with the reason after', async () => {
    const ticket = await inRefusedThread();
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'resolve', summary: 'Firmware updated' });
    await app.desk.outbox.drain();
    const resolved = app.fake
      .tookPostsTo(REQ)
      .find((c) => String(c.args.text).includes('is resolved: Firmware updated'))!;
    const reopen = buttonsOf(resolved).get('requester_reopen')!;
    const click = () =>
      app.slack.blockAction(
        { action_id: reopen.action_id, value: reopen.value, block_id: reopen.block_id },
        { userId: REQ, channelId: 'D0REQUEST1' },
      );

    // Seven days and a minute after the resolution: too late, and said so.
    app.clock.advance(7 * 86_400_000 + 60_000);
    await click();
    expect(lastEphemeral()).toBe(
      `Ticket ${ticket.number} was resolved more than 7 days ago and can no longer be reopened. If the problem is back, open a new ticket with \`/ticket new\`, or ask our service team.`,
    );
    expect(await statusOf(ticket.number)).toBe('resolved');

    // Reopened by the agent and resolved again: within 7 days of that resolution, it reopens.
    await act(app, ticket.number, { action: 'reopen' });
    await act(app, ticket.number, { action: 'resolve', summary: 'Firmware updated again' });
    await app.desk.outbox.drain();
    const again = app.fake
      .tookPostsTo(REQ)
      .find((c) => String(c.args.text).includes('is resolved: Firmware updated again'))!;
    const second = buttonsOf(again).get('requester_reopen')!;
    app.clock.advance(6 * 86_400_000);
    await app.slack.blockAction(
      { action_id: second.action_id, value: second.value, block_id: second.block_id },
      { userId: REQ, channelId: 'D0REQUEST1' },
    );
    expect(lastEphemeral()).toBe(`Ticket *${ticket.number}* is open again; we are back on it.`);
    expect(await statusOf(ticket.number)).toBe('assigned');
  });

  test('in a zh-CN workspace the DM says to press the button by the name it shows', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const ticket = await makeTicket(app, { requester: { userId: REQ } });
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'resolve', summary: '已更换编码器' });
    await app.desk.outbox.drain();
    const resolved = app.fake
      .tookPostsTo(REQ)
      .find((c) => String(c.args.text).includes('已解决：已更换编码器'))!;
    expect(String(resolved.args.text)).toBe(
      `工单 *${ticket.number}* 已解决：已更换编码器\n如果问题仍未解决，请在 7 天内点击下方的 *未解决，重新打开*，我们会重新打开工单。`,
    );
    const blocks = JSON.stringify(resolved.args.blocks);
    expect(blocks).toContain('"text":"未解决，重新打开"');
  });

  test('in the conversation thread the notice says a reply reopens it, with the button for the requester', async () => {
    const CUSTOMER_CHANNEL = 'C0CUSTOMER';
    const ticket = await makeTicket(app, { requester: { userId: REQ } });
    await resolvedInThread(ticket.number, CUSTOMER_CHANNEL);
    const resolved = app.fake
      .tookPostsTo(CUSTOMER_CHANNEL)
      .find((c) => String(c.args.text).includes('is resolved: Fixed'))!;
    expect(String(resolved.args.text)).toBe(
      `Ticket *${ticket.number}* is resolved: Fixed\nIf it is not solved for you, reply in this thread within 7 days and we reopen it.`,
    );
    const reopen = buttonsOf(resolved).get('requester_reopen')!;
    await app.slack.blockAction(
      { action_id: reopen.action_id, value: reopen.value, block_id: reopen.block_id },
      { userId: REQ, channelId: CUSTOMER_CHANNEL },
    );
    expect(lastEphemeral()).toBe(`Ticket *${ticket.number}* is open again; we are back on it.`);
    expect(await statusOf(ticket.number)).toBe('assigned');
  });

  test('in a zh-CN workspace the thread notice says where and by when to reply without saying 在 twice', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const CUSTOMER_CHANNEL = 'C0CUSTOMER';
    const ticket = await makeTicket(app, { requester: { userId: REQ } });
    await resolvedInThread(ticket.number, CUSTOMER_CHANNEL);
    const resolved = app.fake
      .tookPostsTo(CUSTOMER_CHANNEL)
      .find((c) => String(c.args.text).includes('已解决：Fixed'))!;
    expect(String(resolved.args.text)).toBe(
      `工单 *${ticket.number}* 已解决：Fixed\n如果问题仍未解决，请于 7 天内在此话题中回复，我们会重新打开工单。`,
    );
  });
});

describe('what the agent is told goes to the requester', () => {
  test('the Resolve modal says the requester reads the summary when they are in Slack; not when there is nobody in Slack to tell', async () => {
    const resolveHint = async (number: string) => {
      await app.slack.blockAction(
        { action_id: 'ticket_resolve_open', value: number, block_id: 'ticket_actions' },
        { userId: AGENT, channelId: TRIAGE },
      );
      const view = app.fake.callsTo('views.open').at(-1)!.args.view as {
        blocks: { block_id?: string; hint?: { text: string } }[];
      };
      return view.blocks.find((b) => b.block_id === 'resolution')!.hint?.text;
    };
    const theirs = await makeTicket(app, { requester: { userId: REQ } });
    await act(app, theirs.number, { action: 'claim' });
    expect(await resolveHint(theirs.number)).toBe(
      'The requester is sent this summary: write it for them, keep internal remarks to a note.',
    );
    const outside = await makeTicket(app, {
      customerCode: theirs.customerCode,
      requester: { contactName: 'Ms Wang', via: 'phone' },
    });
    await act(app, outside.number, { action: 'claim' });
    expect(await resolveHint(outside.number)).toBeUndefined();
  });
});

describe('the survey answered twice', () => {
  test('a second click opens the NPS and comment given before, so sending it again keeps them', async () => {
    const ticket = await makeTicket(app, { requester: { userId: REQ } });
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'resolve', summary: 'Fixed' });
    await app.desk.outbox.drain();
    const survey = app.fake.tookPostsTo(REQ).at(-1)!;
    const click = (score: number) =>
      clickSurvey(survey, score, { userId: REQ, channelId: 'D0REQUEST1' });
    const modal = () =>
      app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown> & {
        blocks: { block_id?: string; element?: Record<string, any> }[];
      };
    await click(4);
    await app.slack.submitView(modal(), { nps: '9', comment: 'Quick and kind' }, { userId: REQ });
    // Changing the score: the modal shows what they said; sent as it opened, it stays.
    await click(5);
    const again = modal();
    const nps = again.blocks.find((b) => b.block_id === 'nps')!.element!;
    const comment = again.blocks.find((b) => b.block_id === 'comment')!.element!;
    expect(nps.initial_option?.value).toBe('9');
    expect(comment.initial_value).toBe('Quick and kind');
    await app.slack.submitView(again, { nps: '9', comment: 'Quick and kind' }, { userId: REQ });
    expect(
      (await app.db.models.tickets.findOne({ number: ticket.number }).lean())!.survey,
    ).toMatchObject({ satisfaction: 5, nps: 9, comment: 'Quick and kind' });
  });
});

describe('a survey in a conversation with no Slack requester on record', () => {
  test('is answered by the customer, never by our staff in the channel (an agent clicking is refused)', async () => {
    const CUSTOMER_CHANNEL = 'C0CUSTOMER';
    const GUEST = 'U0GUEST001';
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER], openDesk: false }));
    const ticket = await makeTicket(app, { requester: { contactName: 'Ms Wang', via: 'slack' } });
    await resolvedInThread(ticket.number, CUSTOMER_CHANNEL);
    const survey = app.fake.tookPostsTo(CUSTOMER_CHANNEL).at(-1)!;
    const click = (score: number, userId: string) =>
      clickSurvey(survey, score, { userId, channelId: CUSTOMER_CHANNEL });
    const stored = async () =>
      (await app.db.models.tickets.findOne({ number: ticket.number }).lean())!.survey;
    // An agent, and the customer's account manager, are our side: refused.
    for (const staff of [AGENT, OWNER]) {
      await click(5, staff);
      expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toBe(
        `The survey for ${ticket.number} is for the person who reported it.`,
      );
      expect((await stored())!.satisfaction).toBeUndefined();
    }
    await click(4, GUEST);
    expect(await stored()).toMatchObject({ satisfaction: 4, by: GUEST });
  });
});

describe('a survey in a Slack Connect conversation with no Slack requester on record', () => {
  test('is not answered by a colleague of ours without a desk role: in a shared channel everyone of ours is our side', async () => {
    const SHARED = 'C0SHARED01';
    const ADMIN = 'U0ADMIN001';
    const COLLEAGUE = 'U0SALES001'; // of our workspace, no role on the desk
    await app.setSettings(() => ({
      admins: [ADMIN],
      agents: [AGENT],
      accountManagers: [OWNER],
      openDesk: false,
    }));
    const ticket = await makeTicket(app, { requester: { contactName: 'Ms Wang', via: 'slack' } });
    // The customer's channel is shared with their organisation (Slack Connect), linked to them.
    await linkSharedChannel(app, SHARED, ticket.customerCode, ADMIN);
    await resolvedInThread(ticket.number, SHARED);
    await surveyRefused(ticket.number, SHARED, COLLEAGUE);
  });
});

describe('a survey in a Slack Connect conversation, the channel unlinked since', () => {
  test('is still not answered by a colleague of ours: the channel was shared when the ticket was opened there', async () => {
    const SHARED = 'C0SHARED02';
    const ADMIN = 'U0ADMIN001';
    const COLLEAGUE = 'U0SALES001'; // of our workspace, no role on the desk
    const EXTERNAL = 'U0EXTERN01';
    const THEIR_TEAM = 'T0THEIRORG';
    await app.setSettings(() => ({
      admins: [ADMIN],
      agents: [AGENT],
      accountManagers: [OWNER],
      openDesk: false,
    }));
    const customer = await makeCustomer(app);
    await linkSharedChannel(app, SHARED, customer.code, ADMIN, 'shortcut');
    // An agent files the customer's message as a ticket for Ms Wang, who is not in Slack.
    const ticket = await fileForContact(
      app,
      { channel: SHARED, text: 'Our shipment is late', author: EXTERNAL, authorTeam: THEIR_TEAM },
      customer.code,
      'Ms Wang',
    );
    expect(ticket.requester).toEqual({ contactName: 'Ms Wang', via: 'slack' });
    // The channel is unlinked; the ticket keeps its thread there, and its survey goes to it.
    await app.slack.command('/desk', 'channel unlink', { userId: ADMIN, channelId: SHARED });
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'resolve', summary: 'Shipped' });
    await app.desk.outbox.drain();
    await surveyRefused(ticket.number, SHARED, COLLEAGUE);
  });
});

describe("a survey answered by two of the customer's people (no Slack requester)", () => {
  const FIRST = 'U0GUEST001';
  const SECOND = 'U0GUEST002';
  /**
   * Ms Wang's ticket (no Slack requester), resolved in the customer channel's thread, with the
   * desk's roles as `settings` give them: the ticket and the survey posted in the thread.
   */
  async function surveyedInChannel(settings: Partial<WorkspaceSettings>) {
    await app.setSettings(() => settings);
    const ticket = await makeTicket(app, { requester: { contactName: 'Ms Wang', via: 'slack' } });
    await resolvedInThread(ticket.number, CUSTOMER_CHANNEL);
    return { ticket, survey: app.fake.tookPostsTo(CUSTOMER_CHANNEL).at(-1)! };
  }
  const withManagers = {
    agents: [AGENT],
    accountManagers: [OWNER],
    managers: [MANAGER],
    openDesk: false,
  };

  test("the second person's survey modal does not show the first person's NPS and comment; the first sees their own", async () => {
    const { ticket, survey } = await surveyedInChannel({
      agents: [AGENT],
      accountManagers: [OWNER],
      openDesk: false,
    });
    /** A satisfaction button pressed: the NPS and comment modal it opens. */
    const click = async (score: number, userId: string) => {
      await clickSurvey(survey, score, { userId, channelId: CUSTOMER_CHANNEL });
      return app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
    };
    const comment = 'Call me back on 13800138000, the night shift still sees the error';

    const first = await click(4, FIRST);
    await app.slack.submitView(first, { nps: '6', comment }, { userId: FIRST });
    // The first person opens it again: their own answer, to change.
    const again = JSON.stringify(await click(4, FIRST));
    expect(again).toContain(comment);
    expect(again).toContain('"initial_option"');

    // A colleague of theirs answers: an empty modal, nothing of the first person's.
    const second = JSON.stringify(await click(5, SECOND));
    expect(second).not.toContain('13800138000');
    expect(second).not.toContain('"initial_option"');
    expect(second).not.toContain('"initial_value"');
    const stored = (await app.db.models.tickets.findOne({ number: ticket.number }).lean())!.survey;
    expect(stored).toMatchObject({ satisfaction: 5, by: SECOND });
    expect(stored!.comment).toBeUndefined();
    expect(stored!.nps).toBeUndefined();
  });

  test("a modal submitted after a colleague's click stores the submitter's own score with their NPS and comment, never the colleague's score", async () => {
    const { ticket, survey } = await surveyedInChannel(withManagers);
    /** A satisfaction button pressed: the NPS and comment modal it opens. */
    const click = async (score: number, userId: string) => {
      await clickSurvey(survey, score, { userId, channelId: CUSTOMER_CHANNEL });
      return app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
    };
    // The first person clicks 5 and their modal opens; meanwhile a colleague clicks 1.
    const firstModal = await click(5, FIRST);
    await click(1, SECOND);
    // The first person then sends their NPS and comment.
    await app.slack.submitView(firstModal, { nps: '9', comment: 'Great work' }, { userId: FIRST });
    const stored = (await app.db.models.tickets.findOne({ number: ticket.number }).lean())!.survey;
    // Their answer, whole: their 5 with their NPS and comment (not the colleague's 1 as theirs).
    expect(stored).toMatchObject({ satisfaction: 5, nps: 9, comment: 'Great work', by: FIRST });
  });

  test("two colleagues answering at once leave the card showing the answer written last, even when it is the score the card showed before the other's", async () => {
    const { ticket, survey } = await surveyedInChannel(withManagers);
    const who = (userId: string) => ({ userId, channelId: CUSTOMER_CHANNEL });
    const saved = async () =>
      (await app.db.models.tickets.findOne({ number: ticket.number }).lean())!;
    const card = async () =>
      JSON.stringify(app.fake.updatesOf((await saved()).card!.ts!).at(-1)?.args.blocks ?? '');
    await clickSurvey(survey, 4, who(FIRST));
    await app.desk.outbox.drain();
    expect(await card()).toContain('satisfaction 4/5');
    // The first person clicks 4 again: read as it stands (their 4), then slow to write it.
    const repo = (app.desk.services.tickets as unknown as { repos: { tickets: TicketRepository } })
      .repos.tickets;
    const hold = holdFirstCall(repo, 'surveyAnswer');
    try {
      const four = buttonsOf(survey).get('requester_survey_4')!;
      const again = app.slack.blockAction(
        { action_id: four.action_id, value: four.value, block_id: 'survey' },
        who(FIRST),
      );
      await hold.reached;
      // Meanwhile a colleague clicks 5: saved, and the card drawn with it.
      await clickSurvey(survey, 5, who(SECOND));
      await app.desk.outbox.drain();
      expect(await card()).toContain('satisfaction 5/5');
      hold.release();
      expect((await again).status).toBe(200);
    } finally {
      hold.restore();
    }
    await app.desk.outbox.drain();
    expect((await saved()).survey).toMatchObject({ satisfaction: 4, by: FIRST });
    expect(await card()).toContain('satisfaction 4/5');
  });

  test("a low score with NPS and comment that one person's modal gives whole, replacing a colleague's answer while their own click's follow-up is on its way, tells the managers once, comment included", async () => {
    const { ticket, survey } = await surveyedInChannel(withManagers);
    app.fake.reset();
    // The first person clicks 1: their modal opens, their request slow before its follow-up.
    const hold = holdFirstCall(app.desk.services.tasks, 'planRecovery');
    try {
      const one = buttonsOf(survey).get('requester_survey_1')!;
      const clicked = app.slack.blockAction(
        { action_id: one.action_id, value: one.value, block_id: 'survey' },
        { userId: FIRST, channelId: CUSTOMER_CHANNEL },
      );
      await hold.reached;
      const modal = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
      // Meanwhile a colleague clicks 5, then the first person sends their NPS and comment: their
      // answer given whole in one write (their 1, NPS and comment), no click of theirs under it.
      await clickSurvey(survey, 5, { userId: SECOND, channelId: CUSTOMER_CHANNEL });
      const sent = await app.slack.submitView(
        modal,
        { nps: '2', comment: 'Nobody called back' },
        { userId: FIRST },
      );
      expect(sent.body).toBe('');
      hold.release();
      expect((await clicked).status).toBe(200);
    } finally {
      hold.restore();
    }
    await app.desk.outbox.drain();
    const stored = (await app.db.models.tickets.findOne({ number: ticket.number }).lean())!.survey;
    expect(stored).toMatchObject({ satisfaction: 1, nps: 2, by: FIRST, followUpCycle: 0 });
    // One notice, with what was said: not a score-only notice and a "More on the low score" after.
    const told = dms(MANAGER);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('Nobody called back');
    expect(told[0]).not.toMatch(/^More on the low score/);
    await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
    await runJobAt(app, requesterJob, '2026-11-24T02:06:00Z');
    expect(dms(MANAGER)).toEqual([]);
  });
});

describe('/ticket requests: the requester’s own open requests', () => {
  test('lists only the open tickets the reader asked for, in the workspace’s language, with nothing of the desk’s own', async () => {
    const OTHER = 'U0OTHERREQ';
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const mine = await makeCustomer(app, { name: '华东机械', annualRevenue: 1_200_000 });
    const theirs = await makeCustomer(app, { name: '南方电子' });
    const at = (title: string, input: Parameters<typeof makeTicket>[1] = {}, by = AGENT) =>
      makeTicket(app, { customerCode: mine.code, title, ...input }, by);
    const fresh = await at('3号线停机', { requester: { userId: REQ } });
    const asked = await at('打印机离线', { requester: { userId: REQ } });
    await act(app, asked.number, { action: 'claim' });
    await act(app, asked.number, { action: 'wait', question: '序列号是多少？' });
    const handled = await at('扫码枪无响应', { requester: { userId: REQ } });
    await act(app, handled.number, { action: 'claim' });
    const done = await at('已修好的问题', { requester: { userId: REQ } });
    await act(app, done.number, { action: 'claim' });
    await act(app, done.number, { action: 'resolve', summary: '已修复' });
    // Filed by the requester themselves with nobody else recorded: theirs too.
    const filed = await at('自己提交的请求', {}, REQ);
    // A colleague's request of the same customer, and another customer's: never listed.
    await at('同事的请求', { requester: { userId: OTHER } });
    await makeTicket(app, {
      customerCode: theirs.code,
      title: '南方电子的故障',
      requester: { userId: OTHER },
    });
    // An agent's filing for a contact outside Slack is not the agent's request.
    await at('王女士来电', { requester: { contactName: '王女士', via: 'phone' } });

    const res = await app.slack.command('/ticket', 'requests', { userId: REQ });
    const seen = JSON.stringify(res.body);
    const text = visibleText(res.body as Message);
    expect(text).toContain('*您提交的处理中请求（4）*');
    expect(text).toContain(
      `*${fresh.number}* 3号线停机\n已收到，服务团队即将接手 · 提交于 <!date^`,
    );
    expect(text).toContain(`*${asked.number}* 打印机离线\n等待您的回复 · 提交于 `);
    expect(text).toContain(`*${handled.number}* 扫码枪无响应\n<@${AGENT}> 正在处理 · 提交于 `);
    expect(text).toContain(`*${filed.number}* 自己提交的请求`);
    for (const hidden of [
      '已修好的问题',
      '同事的请求',
      '南方电子',
      '王女士',
      '战略客户',
      'archives/',
    ])
      expect(text).not.toContain(hidden);
    expect(seen).not.toMatch(/ticket_claim|ticket_open|"actions"/);

    // Someone who asked for nothing, and the agent who filed for Ms Wang: nothing listed.
    for (const who of ['U0NOBODY01', AGENT]) {
      const none = visibleText(
        (await app.slack.command('/ticket', 'requests', { userId: who })).body as Message,
      );
      expect(none).toContain('*您提交的处理中请求（0）*');
      expect(none).toContain('您目前没有处理中的请求。');
    }
    // The command's help says what it is.
    const help = visibleText(
      (await app.slack.command('/ticket', 'help', { userId: REQ })).body as Message,
    );
    expect(help).toContain('`/ticket requests`  我提交的处理中请求及其进展');
  });

  test('in English, and only the first ten with a count of the rest', async () => {
    const customer = await makeCustomer(app);
    for (let i = 1; i <= 12; i++)
      await makeTicket(app, {
        customerCode: customer.code,
        title: `Line ${i} is down`,
        requester: { userId: REQ },
      });
    const text = visibleText(
      (await app.slack.command('/ticket', 'requests', { userId: REQ })).body as Message,
    );
    expect(text).toContain('*The open tickets you asked for (12)*');
    expect(text).toContain('Received; our service team takes it soon · received <!date^');
    expect(text.match(/\*T2026\d{4}\*/g)).toHaveLength(10);
    expect(text).toContain('And 2 more.');
  });

  test('a phone number or email typed into a title is masked, as in every other list (en and zh-CN)', async () => {
    const customer = await makeCustomer(app);
    const { number } = await makeTicket(app, {
      customerCode: customer.code,
      title: 'Call Ms Wang on 13800138000 or wang.fang@example.cn',
      requester: { userId: REQ },
    });
    const listed = async () =>
      visibleText(
        (await app.slack.command('/ticket', 'requests', { userId: REQ })).body as Message,
      );
    const en = await listed();
    expect(en).toContain(`*${number}* Call Ms Wang on 138****8000 or w***@example.cn`);
    expect(en).not.toContain('13800138000');
    expect(en).not.toContain('wang.fang@');
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await listed();
    expect(zh).toContain('*您提交的处理中请求（1）*');
    expect(zh).toContain(`*${number}* Call Ms Wang on 138****8000 or w***@example.cn`);
    expect(zh).not.toContain('13800138000');
  });
});

describe("the card's thread when an agent asks the requester, in Chinese", () => {
  test('one sentence after another, with no space after the full stop', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const ticket = await makeTicket(app, { requester: { userId: REQ } });
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'wait', question: '控制器的序列号是多少？' });
    await app.desk.outbox.drain();
    const thread = app.fake
      .tookPostsTo(TRIAGE)
      .filter((c) => c.args.thread_ts)
      .map((c) => String(c.args.text));
    expect(thread.at(-1)).toBe(
      `<@${AGENT}>：等待客户回复，SLA 计时暂停。已询问报告人：控制器的序列号是多少？`,
    );
  });
});
