// Reply to requester… (revtickets F1): an agent answers a requester in Slack who has no
// conversation thread (a ticket filed with a Requester, or from a message in an ordinary channel)
// from the card: the message reaches them where they hear from the desk, once, and is their
// answer on the SLA clocks; the card's thread, which stays internal, says it.
import { describe, expect, test } from 'vitest';
import { offeredIds } from '../helpers/ui.js';
import { AGENT } from '../helpers/factories.js';
import { REQ, TRIAGE, useRequesterApp } from '../helpers/requester-kit.js';

const { app, customer, lastView, createTicket, stored, click, submitLast, dms } = useRequesterApp();

/** The triage card as last drawn. */
function card(): { blocks: any[] } {
  const update =
    app.fake.callsTo('chat.update').at(-1) ??
    app.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === TRIAGE && !c.args.thread_ts)
      .at(-1);
  return update!.args as { blocks: any[] };
}

/** The card's buttons (not its "…" menu): action id and style. */
const cardButtons = () =>
  (card().blocks.find((b) => b.block_id === 'ticket_actions')?.elements ?? [])
    .filter((e: { type: string }) => e.type === 'button')
    .map((e: { action_id: string; style?: string }) => ({ id: e.action_id, style: e.style }));

const threadReplies = () =>
  app.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === TRIAGE && c.args.thread_ts)
    .map((c) => String(c.args.text));

/** REQ types `text` in their DM with the app, now. */
function requesterWrites(text: string) {
  const ts = `${Math.floor(app.clock.now().getTime() / 1000)}.000100`;
  return app.slack.event({
    type: 'message',
    channel_type: 'im',
    channel: 'D0REQUEST1',
    user: REQ,
    text,
    ts,
  });
}

const messageInput = () => lastView().blocks.find((b) => b.block_id === 'text');

describe('Reply to requester… on the card', () => {
  test('a requester reached by DM: the modal says where it goes, an empty or too long message is refused on its field, the message reaches their DM once (escaped), the thread says it, and it is the first response', async () => {
    const number = await createTicket({ requester: REQ, severity: 'urgent' });
    await click('ticket_claim', number);
    // A plain button beside Resolve (the one primary), on the shared card.
    expect(cardButtons().slice(0, 2)).toEqual([
      { id: 'ticket_resolve_open', style: 'primary' },
      { id: 'ticket_reply_open', style: undefined },
    ]);
    expect((await stored(number)).firstResponseAt).toBeUndefined();
    const told = dms(REQ).length;

    await click('ticket_reply_open', number);
    // The modal as Slack holds it (its id: what a submission names, each time it is sent).
    const view: ReturnType<typeof lastView> = { ...lastView(), id: 'V0REPLY001' };
    expect(view.callback_id).toBe('requester_draft');
    expect((view.title as { text: string }).text).toBe(`Reply ${number}`);
    expect((view.submit as { text: string }).text).toBe('Send');
    expect(JSON.stringify(view.blocks[0])).toContain(
      `<@${REQ}> reads it in their direct messages with the app. The card’s thread is internal: a reply there does not reach them.`,
    );
    expect(messageInput().element.initial_value).toBeUndefined();
    expect(messageInput().element.max_length).toBe(2000);

    const submit = (text: string | null) => app.slack.submitView(view, { text }, { userId: AGENT });
    expect((await submit(null)).body).toEqual({
      response_action: 'errors',
      errors: { text: 'Required.' },
    });
    expect((await submit('x'.repeat(2001))).body).toEqual({
      response_action: 'errors',
      errors: { text: 'At most 2000 characters.' },
    });
    expect(dms(REQ)).toHaveLength(told);
    expect((await stored(number)).firstResponseAt).toBeUndefined();

    app.clock.set('2026-11-24T02:20:00Z');
    const written = 'A technician is on site at 14:00 <!channel> & brings the <b>spare</b> drum.';
    expect((await submit(written)).body).toBe('');
    await app.desk.outbox.drain();
    const escaped =
      'A technician is on site at 14:00 &lt;!channel&gt; &amp; brings the &lt;b&gt;spare&lt;/b&gt; drum.';
    expect(dms(REQ).slice(told)).toEqual([
      `Reply on ticket *${number}* from <@${AGENT}>: ${escaped}`,
    ]);
    expect(threadReplies().at(-1)).toBe(`<@${AGENT}> replied to the requester: ${escaped}`);
    const answered = await stored(number);
    expect(answered.status).toBe('assigned');
    expect(answered.firstResponseAt).toEqual(new Date('2026-11-24T02:20:00Z'));
    expect(answered.metrics.firstResponseMinutes).toBe(20);
    expect(answered.timeline.at(-1)).toMatchObject({
      action: 'response',
      by: AGENT,
      via: 'slack',
      text: written,
    });

    // The same submission again (a double click, Slack's retry): nothing more sent or recorded.
    const lines = threadReplies().length;
    expect((await submit(written)).body).toBe('');
    await app.desk.outbox.drain();
    expect(dms(REQ).slice(told)).toHaveLength(1);
    expect(threadReplies()).toHaveLength(lines);
    expect((await stored(number)).timeline.filter((e) => e.action === 'response')).toHaveLength(1);
  });

  test('a long reply, and a long delay notice, full of < and & (a pasted log): the requester reads the whole of it, in several sections, and the delay notice its new date', async () => {
    const number = await createTicket({ requester: REQ, severity: 'general' });
    await click('ticket_claim', number);
    await app.desk.outbox.drain();
    // 2,000 characters typed; escaped, 5,200.
    const written = '<td>&</td>'.repeat(200);
    const escaped = '&lt;td&gt;&amp;&lt;/td&gt;'.repeat(200);
    /** The sections of the last message to REQ, as Slack shows them. */
    const sections = () =>
      (app.fake.postsTo(REQ).at(-1)!.args.blocks as { type: string; text: { text: string } }[])
        .filter((b) => b.type === 'section')
        .map((b) => b.text.text);

    await click('ticket_reply_open', number);
    expect((await submitLast({ text: written })).body).toBe('');
    await app.desk.outbox.drain();
    const reply = sections();
    expect(reply.length).toBeGreaterThan(1);
    for (const s of reply) expect(s.length).toBeLessThanOrEqual(3000);
    expect(reply.join('')).toBe(`Reply on ticket *${number}* from <@${AGENT}>: ${escaped}`);

    await click('ticket_delay_open', number);
    expect((await submitLast({ text: written, date: '2026-12-15' })).body).toBe('');
    await app.desk.outbox.drain();
    const delay = sections();
    for (const s of delay) expect(s.length).toBeLessThanOrEqual(3000);
    expect(delay.join('')).toContain(escaped);
    expect(delay.at(-1)).toMatch(/New expected date: .*15.*\.$/);
  });

  test('on a ticket waiting on the requester it stays waiting; after their answer, it answers the next reply they are owed', async () => {
    const number = await createTicket({ requester: REQ, severity: 'general' });
    await click('ticket_claim', number);
    await click('ticket_wait_open', number);
    expect((await submitLast({ question: 'Which firmware version?' })).body).toBe('');
    await app.desk.outbox.drain();
    expect((await stored(number)).status).toBe('waiting');
    // Offered while waiting too, beside Resume.
    expect(cardButtons().slice(0, 2)).toEqual([
      { id: 'ticket_resume', style: 'primary' },
      { id: 'ticket_reply_open', style: undefined },
    ]);

    await click('ticket_reply_open', number);
    expect((await submitLast({ text: 'The version is on the label under the tray.' })).body).toBe(
      '',
    );
    await app.desk.outbox.drain();
    expect(dms(REQ).at(-1)).toBe(
      `Reply on ticket *${number}* from <@${AGENT}>: The version is on the label under the tray.`,
    );
    // Still theirs to answer: the clock stays paused.
    const waiting = await stored(number);
    expect(waiting.status).toBe('waiting');
    expect(waiting.pauses.at(-1)?.to).toBeUndefined();

    // Their answer resumes it and a next reply is owed from then; the reply answers it.
    app.clock.set('2026-11-24T03:00:00Z');
    await requesterWrites('It says 4.2.1');
    await app.desk.outbox.drain();
    const resumed = await stored(number);
    expect(resumed.status).toBe('assigned');
    expect(resumed.replyFrom).toEqual(new Date('2026-11-24T03:00:00Z'));
    app.clock.set('2026-11-24T03:30:00Z');
    await click('ticket_reply_open', number);
    expect((await submitLast({ text: 'Thanks: 4.2.3 fixes it, installing now.' })).body).toBe('');
    await app.desk.outbox.drain();
    const after = await stored(number);
    expect(after.replyFrom).toBeUndefined();
    expect(after.metrics.nextReplies).toBe(1);
    expect(after.metrics.nextReplyBreaches).toBe(0);
  });

  test('in Chinese: the modal, the message and the thread line name the requester 报告人', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const number = await createTicket({ requester: REQ, severity: 'general' });
    await click('ticket_claim', number);
    // Chosen in a card's "…" menu (a card drawn with it there), it opens the same modal.
    await app.slack.blockAction(
      {
        action_id: 'ticket_card_menu',
        block_id: 'ticket_actions',
        type: 'overflow',
        selected_option: {
          text: { type: 'plain_text', text: '回复报告人…' },
          value: `reply:${number}`,
        },
      },
      { userId: AGENT, channelId: TRIAGE },
    );
    const view = lastView();
    expect(view.callback_id).toBe('requester_draft');
    expect((view.title as { text: string }).text).toBe(`回复 ${number}`);
    expect(JSON.stringify(view.blocks[0])).toContain(`<@${REQ}> 会在与本应用的私信中看到这条消息`);
    expect((await submitLast({ text: '技术人员今天14:00到现场。' })).body).toBe('');
    await app.desk.outbox.drain();
    expect(dms(REQ).at(-1)).toBe(
      `<@${AGENT}> 关于工单 *${number}* 的回复：技术人员今天14:00到现场。`,
    );
    expect(threadReplies().at(-1)).toBe(`<@${AGENT}> 已回复报告人：技术人员今天14:00到现场。`);
  });

  test('refused in the service to someone who may not answer the requester (nothing sent, no answer recorded); no button for a customer outside Slack', async () => {
    const STRANGER = 'U0STRANGE1';
    const code = await customer();
    const outside = await createTicket({ customer: code, contact_name: 'Ms Wang, plant manager' });
    expect(offeredIds(card().blocks)).not.toContain('ticket_reply_open');
    const number = await createTicket({ customer: code, requester: REQ, severity: 'general' });
    expect(offeredIds(card().blocks)).toContain('ticket_reply_open');
    await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
    const told = dms(REQ).length;

    await click('ticket_reply_open', number);
    const res = await app.slack.submitView(
      lastView(),
      { text: 'We are on it.' },
      { userId: STRANGER },
    );
    expect(JSON.stringify(res.body)).toContain('Only the service team');
    await app.desk.outbox.drain();
    expect(dms(REQ)).toHaveLength(told);
    expect((await stored(number)).firstResponseAt).toBeUndefined();

    // An old card's button on the outside customer's ticket: told how to answer them.
    const opened = app.fake.callsTo('views.open').length;
    await click('ticket_reply_open', outside);
    expect(app.fake.callsTo('views.open')).toHaveLength(opened);
    expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toBe(
      `${outside} has no requester in Slack to send this to: tell them by phone or email, then record it with *Log response*.`,
    );
  });
});
