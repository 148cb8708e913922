// A support agent's week with one customer's people, in Shanghai (09:00-18:00), the desk in
// English, using this month's new capabilities together: the customer's channel linked to its
// file, an admin's saved reply kept one by one (`/desk settings replies`); a ticket opened by a
// message, a colleague of its requester following it from the requester's view, another added by
// the agent with the card's Followers… (a row of its own under the four buttons and the "…" menu); the customer
// writing again after the first response (Reply due on the card, the sweep's alert when it is
// late, the saved reply answering it); a second person's duplicate merged into the ticket (they
// follow it there, its follow-up cancelled); the resolution each follower reads (no survey), the
// requester's survey; the customer low churn risk on its card; and the weekly digest's lines.
// Every step goes through signed requests or a scheduled job with an injected clock, and asserts
// what each person reads, in Shanghai time.
import { describe, expect, test } from 'vitest';
import type { KnownBlock } from '@slack/types';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { digestJob } from '../../jobs/digest.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { makeCustomer } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { messageEvent } from '../helpers/slack-requests.js';
import { buttons, menuChoices } from '../helpers/ui.js';
import {
  ADMIN,
  AGENT,
  ALERTS,
  at,
  DIGEST,
  MANAGER,
  OWNER,
  saved,
  shown,
  texts,
  TRIAGE,
  useWalkDesk,
} from '../helpers/walk.js';
import type { RecordedCall } from '../helpers/fake-slack.js';

/** The customer's channel in our workspace, linked to its file. */
const CUST = 'C0HUADONG1';
/** Huang, who reports; Li, her colleague who follows; Zhou, the plant manager the agent adds;
 *  Chen, who reports the same fault again. All of the customer, members of our workspace. */
const HUANG = 'U0HUANGM01';
const LI = 'U0LIQIAN01';
const ZHOU = 'U0ZHOUP001';
const CHEN = 'U0CHENX001';

// Monday 2026-11-30 09:00 in Shanghai.
const { app, lastModal, lastReply, click, ticket, card } = useWalkDesk({
  now: '2026-11-30T01:00:00Z',
  admin: ADMIN,
  channels: { triage: true, alerts: true, digest: true },
});

let evt = 0;
/** A message in the customer's channel (or its thread) at a Shanghai time; its timestamp. */
async function say(user: string, text: string, local: string, thread?: string) {
  app.clock.set(at(local).toISOString());
  const ts = `${at(local).getTime() / 1000}.000${String(++evt).padStart(3, '0')}`;
  await app.slack.eventDelivery(messageEvent(CUST, user, text, ts, { thread }), {
    eventId: `Ev0FLW${String(evt).padStart(6, '0')}`,
  });
  await app.desk.outbox.drain();
  return ts;
}
const setNow = (local: string) => app.clock.set(at(local).toISOString());
const runJob = (job: Parameters<typeof runJobAt>[1], local: string) =>
  runJobAt(app, job, at(local).toISOString());

/** Every message Slack took for `reader` (a channel, or a user's DM), as read, in order. */
const seen = (reader: string) =>
  app.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === reader && c.outcome === 'ok')
    .map((c: RecordedCall) => texts(c).join('\n'));
/** The notification texts only. */
/** What a view or an ephemeral answer shows, as one string. */
const read = (viewOrBody: Record<string, any>) =>
  texts({
    args: 'blocks' in viewOrBody && !('type' in viewOrBody) ? viewOrBody : { view: viewOrBody },
  } as unknown as RecordedCall).join('\n');
/** The card's blocks as Slack last took them. */
function cardBlocks(number: string): KnownBlock[] {
  const drawn = app.fake.calls.filter(
    (c) =>
      ['chat.postMessage', 'chat.update'].includes(c.method) &&
      c.outcome === 'ok' &&
      c.args.channel === TRIAGE &&
      !c.args.thread_ts &&
      String(c.args.text).startsWith(number),
  );
  const blocks = drawn.at(-1)!.args.blocks;
  return (typeof blocks === 'string' ? JSON.parse(blocks) : blocks) as KnownBlock[];
}
/** A choice of the card's "…" menu, by `userId`. */
async function menu(number: string, choice: string, userId = AGENT) {
  const option = menuChoices(cardBlocks(number)).find((o) => o.value === `${choice}:${number}`);
  expect(option, `${choice} in the menu of ${number}`).toBeDefined();
  return app.slack.blockAction(
    {
      action_id: 'ticket_card_menu',
      block_id: 'ticket_actions',
      type: 'overflow',
      selected_option: { text: { type: 'plain_text', text: option!.text }, value: option!.value },
    },
    { userId, channelId: TRIAGE },
  );
}

describe("a support agent's week with a customer's people following a ticket", () => {
  test('follow, add followers, the next reply owed and late, a saved reply, a duplicate merged, the resolution each reads, low churn risk, the digest', async () => {
    await app.setSettings(() => ({
      agents: [AGENT],
      managers: [MANAGER],
      accountManagers: [OWNER],
      openDesk: false,
    }));
    const huadong = await makeCustomer(app, {
      name: 'Huadong Packaging',
      firstContactDate: '2025-01-06',
    });
    await app.slack.command('/desk', `channel link ${huadong.code}`, {
      userId: ADMIN,
      channelId: CUST,
    });
    expect(lastReply()).toContain(`<#${CUST}> is now the customer channel of *Huadong Packaging*`);

    // The admin keeps a saved reply, one by one: Add reply over the list, saved, back on the list.
    await app.slack.command('/desk', 'settings replies', { userId: ADMIN });
    const list = { ...lastModal(), id: 'V0LIST0001', hash: 'h-list' } as Record<string, any>;
    await app.slack.blockAction(
      { action_id: 'settings_reply_add', value: 'add', block_id: 'b1' },
      { userId: ADMIN, view: { ...list, state: { values: {} } } },
    );
    saved(
      await app.slack.submitView(
        lastModal(),
        {
          reply_title: 'Serial number',
          reply_text: 'Please send us the serial number of the {customer} printer on line 3.',
        },
        { userId: ADMIN },
      ),
    );
    const listed = read(lastModal());
    expect(listed).toContain('Saved “Serial number”.');
    expect(listed).toContain('1 of at most 50');

    // The account manager records the customer's monthly orders of the last three months.
    for (const date of ['2026-09-10', '2026-10-12', '2026-11-09']) {
      await app.slack.blockAction(
        { action_id: 'customer_order_open', value: huadong.code, block_id: 'customer_actions' },
        { userId: OWNER },
      );
      saved(await app.slack.submitView(lastModal(), { date, amount: '20000' }, { userId: OWNER }));
    }

    // Monday 10:00 Huang writes in the channel: a ticket, and she is told by when she hears.
    const root = await say(
      HUANG,
      'The label printer on line 3 prints blank labels',
      '2026-11-30 10:00',
    );
    const t1 = (await app.db.models.tickets.findOne({ 'conversation.channel': CUST }).lean())!;
    expect(seen(CUST)).toEqual([
      expect.stringContaining(
        `We have your request: ticket *${t1.number}*, “The label printer on line 3 prints blank labels”. What happens next: someone from our service team takes it and answers you within 8 hours of working time (by ${shown('2026-11-30 18:00')}).`,
      ),
    ]);
    setNow('2026-11-30 10:05');
    await click('ticket_claim', t1.number);
    await app.desk.outbox.drain();
    expect(seen(CUST).at(-1)).toContain(`<@${AGENT}> is handling your ticket *${t1.number}* now.`);

    // 10:10 Li, her colleague (a member of our workspace), follows it: told once, privately.
    setNow('2026-11-30 10:10');
    await app.slack.blockAction(
      { action_id: 'requester_follow', value: t1.number, block_id: 'follow' },
      { userId: LI, channelId: 'D0LIQIAN01', ephemeral: true },
    );
    expect(lastReply()).toBe(
      `You follow ticket *${t1.number}* now: you hear of each step here, by direct message.`,
    );

    // 10:20 the agent answers in the thread (the first response); 10:30 Huang writes again: a
    // reply is due by Tuesday 09:30 (8 business hours), on the card. Nobody else is told.
    await say(
      AGENT,
      'Hello Huang, we are on it. Which label roll do you use?',
      '2026-11-30 10:20',
      root,
    );
    await say(HUANG, 'The usual 100x50 roll. Still blank.', '2026-11-30 10:30', root);
    expect(card(t1.number)).toContain(`*First response*\nResponded ${shown('2026-11-30 10:20')}`);
    expect(card(t1.number)).toContain(
      `*Reply due*\n8 h of business time left, due ${shown('2026-12-01 09:30')}`,
    );
    expect(seen(LI)).toEqual([]);
    expect(seen(HUANG)).toEqual([]);

    // 11:00 the agent adds Zhou, the plant manager, with the card's Followers…: six buttons
    // (Reply to requester…, his in Slack, beside Resolve; Escalate, the menu full with New task
    // last) and the "…" menu, then the following row (Follow, Followers…), its picker showing Li
    // already. Zhou is told once who added him; Li, kept, is not told again.
    setNow('2026-11-30 11:00');
    expect(buttons(cardBlocks(t1.number)).map((b) => b.text)).toEqual([
      'Resolve',
      'Reply to requester…',
      'Waiting on customer',
      'Add note',
      'Log response',
      'Escalate',
      'Follow',
      'Followers…',
    ]);
    expect(menuChoices(cardBlocks(t1.number)).map((c) => c.text)).toEqual([
      'Reassign',
      'Classify…',
      'Tell of a delay…',
      'Merge into…',
      'New task',
    ]);
    await click('ticket_followers_open', t1.number);
    const picker = lastModal().blocks.find((b: any) => b.block_id === 'followers');
    expect(picker.element.initial_users).toEqual([LI]);
    saved(
      await app.slack.submitView(lastModal(), { followers: `${LI},${ZHOU}` }, { userId: AGENT }),
    );
    await app.desk.outbox.drain();
    expect(seen(ZHOU)).toEqual([
      expect.stringContaining(
        `You now follow ticket *${t1.number}* (added by <@${AGENT}>): you hear of each step here, by direct message.`,
      ),
    ]);
    expect(seen(ZHOU)[0]).toContain('Stop following');
    expect(seen(LI)).toEqual([]);

    // Tuesday 09:31 the sweep: Huang's message is owed a reply since 09:30: the agent's DM, the
    // alerts channel's list, the card's thread; no follower hears of it.
    await runJob(slaAlertsJob, '2026-12-01 09:31');
    const overdue = `the customer wrote again and has had no reply, due ${shown('2026-12-01 09:30')}`;
    expect(seen(AGENT)).toEqual([expect.stringContaining(overdue)]);
    expect(seen(AGENT)[0]).toMatch(/^Your tickets with SLA alerts \(1\)/);
    expect(seen(ALERTS)).toEqual([expect.stringContaining(`${overdue} · handled by <@${AGENT}>`)]);
    for (const person of [LI, ZHOU, HUANG]) expect(seen(person)).toEqual([]);

    // 10:00 the agent asks Huang for the serial number with the saved reply: filled in for this
    // customer; Huang is asked in her thread, each follower told by DM what she was asked; the
    // card waits, its reply no longer due.
    setNow('2026-12-01 10:00');
    await click('ticket_wait_open', t1.number);
    const wait = { ...lastModal(), id: 'V0WAIT0001', hash: 'h-wait' } as Record<string, any>;
    const menuBlock = wait.blocks.find((b: any) => b.block_id === 'saved_reply');
    expect(menuBlock.element.options.map((o: any) => o.text.text)).toEqual(['Serial number']);
    const replyId = menuBlock.element.options[0].value;
    await app.slack.blockAction(
      {
        action_id: 'requester_saved_reply',
        block_id: 'saved_reply',
        type: 'static_select',
        selected_option: { value: replyId },
      },
      {
        userId: AGENT,
        view: { ...wait, state: { values: app.slack.viewState(wait, { saved_reply: replyId }) } },
      },
    );
    const filled = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    const question = 'Please send us the serial number of the Huadong Packaging printer on line 3.';
    expect(filled.blocks.map((b: any) => b.element?.initial_value).filter(Boolean)).toEqual([
      question,
    ]);
    saved(await app.slack.submitView({ ...filled, id: 'V0WAIT0001' }, {}, { userId: AGENT }));
    await app.desk.outbox.drain();
    expect(seen(CUST).at(-1)).toContain(
      `Ticket *${t1.number}* is waiting on you. <@${AGENT}> asks: ${question}\nReply in this thread and we carry on.`,
    );
    for (const person of [LI, ZHOU]) {
      expect(seen(person)).toHaveLength(1);
      expect(seen(person)[0]).toContain(
        `Ticket *${t1.number}* is waiting on its requester. <@${AGENT}> asked: ${question}`,
      );
      expect(seen(person)[0]).toContain(
        `You get this because you follow ticket *${t1.number}*, “The label printer on line 3 prints blank labels”.`,
      );
    }
    expect(card(t1.number)).toContain('*Status*\nWaiting on customer');
    expect(card(t1.number)).not.toContain('Reply due');

    // 11:00 Huang answers in the thread: back in progress, the agent told; a reply is owed again.
    await say(HUANG, 'Serial HD-3-0042', '2026-12-01 11:00', root);
    expect(seen(AGENT).at(-1)).toContain(
      `is back in progress: <@${HUANG}> replied in its conversation.`,
    );
    expect(card(t1.number)).toContain(
      `*Reply due*\n8 h of business time left, due ${shown('2026-12-02 10:00')}`,
    );

    // 14:00 Chen writes about the same printer: another ticket; the agent claims it and merges it
    // from its "…" menu. Chen is told where it went and that she hears of it; she follows it.
    const chenRoot = await say(CHEN, 'Printer line 3 blank labels again', '2026-12-01 14:00');
    const t2 = (await app.db.models.tickets
      .findOne({ 'conversation.channel': CUST })
      .sort({ _id: -1 })
      .lean())!;
    expect(t2.conversation!.ts).toBe(chenRoot);
    await click('ticket_claim', t2.number);
    await app.desk.outbox.drain();
    setNow('2026-12-01 14:10');
    await menu(t2.number, 'merge');
    saved(await app.slack.submitView(lastModal(), { target: t1.number }, { userId: AGENT }));
    await app.desk.outbox.drain();
    expect(seen(CUST).at(-1)).toContain(
      `Your ticket *${t2.number}* was merged into *${t1.number}*: we follow it there, and you hear of each of its steps by direct message.`,
    );
    expect((await ticket(t1.number)).followers).toEqual([LI, ZHOU, CHEN]);
    // Its card says it was closed as a duplicate, neither due nor resolved.
    expect(card(t2.number)).toContain(
      '*First response*\nNone: closed as a duplicate before an answer',
    );
    expect(card(t2.number)).toContain(
      `*Resolution*\nClosed as a duplicate ${shown('2026-12-01 14:10')}, not resolved`,
    );

    // Wednesday 10:00 the agent resolves it: Huang reads the summary and the survey in her
    // thread; Li, Zhou and Chen each one DM with the summary, no survey.
    setNow('2026-12-02 10:00');
    await click('ticket_resolve_open', t1.number);
    const summary = 'Replaced the print head; labels print again';
    saved(await app.slack.submitView(lastModal(), { resolution: summary }, { userId: AGENT }));
    await app.desk.outbox.drain();
    expect(seen(CUST).slice(-2)).toEqual([
      expect.stringContaining(`Ticket *${t1.number}* is resolved: ${summary}`),
      expect.stringContaining(
        `Ticket *${t1.number}* is resolved. How satisfied are you with how we handled it?`,
      ),
    ]);
    for (const person of [LI, ZHOU, CHEN]) {
      expect(seen(person).at(-1)).toContain(`Ticket *${t1.number}* is resolved: ${summary}`);
      expect(seen(person).at(-1)).toContain('Stop following');
      expect(seen(person).join('\n')).not.toContain('How satisfied');
    }
    expect(seen(CHEN)).toHaveLength(1);
    expect(seen(HUANG)).toEqual([]);

    // 10:30 Huang answers the survey in the thread: very satisfied.
    setNow('2026-12-02 10:30');
    await app.slack.blockAction(
      { action_id: 'requester_survey_5', value: `${String(t1._id)}:5`, block_id: 'survey' },
      { userId: HUANG, channelId: CUST },
    );
    expect((await ticket(t1.number)).survey?.satisfaction).toBe(5);
    await app.desk.outbox.drain();

    // Thursday 09:00 the daily signals: orders in each of the last three full months and a very
    // satisfied requester: low churn risk on the card; the merged duplicate in its history.
    await runJob(customerSignalsJob, '2026-12-03 09:00');
    setNow('2026-12-03 10:00');
    const custCard = read(
      (await app.slack.command('/customer', huadong.code, { userId: OWNER })).body,
    );
    expect(custCard).toContain('Low churn risk (as of 2026-12-03)');
    expect(custCard).toContain(`· ${summary}`);
    expect(custCard).toContain(`· ${shown('2026-12-01 14:10')} · Merged into ${t1.number}`);

    // Monday 09:30 the weekly digest: one ticket (the duplicate not counted), its two next replies
    // (one late, one in time), the low-risk customer (no change given: the signals run first
    // computed it this week, so last week's figure is not known).
    await runJob(digestJob, '2026-12-07 09:30');
    const digest = seen(DIGEST);
    expect(digest).toHaveLength(1);
    expect(digest[0]).toContain('1 new ticket, 1 resolved');
    expect(digest[0]).toContain('*Next replies on time*\n50.0%\n(1 of 2)');
    expect(digest[0]).toContain('*Low-risk customers*\n1\n');
    expect(digest[0]).not.toContain(t2.number);
  }, 120_000);
});
