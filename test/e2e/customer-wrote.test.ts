import { beforeEach, describe, expect, test } from 'vitest';
import { slackTime } from '../../src/ui/text.js';
import { useTestApp } from '../helpers/app.js';
import { openHome } from '../helpers/clicks.js';
import { AGENT, OWNER, makeCustomer, makeTicket } from '../helpers/factories.js';

// "Customer wrote…": what a customer outside Slack said (a call, an email...) recorded by staff,
// as of when they said it. A next reply is owed from then (the card and the rows say so); on a
// ticket waiting on them it is their answer and resumes it, the pause ending when they wrote.
// The filer's App Home names the contact a waiting ticket waits on, with the button.
const TRIAGE = 'C0TRIAGE01';
const STRANGER = 'U0STRANGE1';
const ZONE = 'Asia/Shanghai';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});

let number = '';
let code = '';

type Doc = {
  status: string;
  replyFrom?: Date;
  replyDueAt?: Date;
  pauses: { from: Date; to?: Date }[];
  timeline: Record<string, unknown>[];
  metrics: { nextReplies?: number; nextReplyBreaches?: number };
};
const ticketDoc = async () =>
  (await app.db.models.tickets.findOne({ number }).lean()) as unknown as Doc;
const card = async () =>
  JSON.stringify((await app.slack.command('/ticket', number, { userId: AGENT })).body);
const listed = async (kind: string) =>
  JSON.stringify((await app.slack.command('/ticket', `list ${kind}`, { userId: AGENT })).body);
const click = (actionId: string, userId = AGENT) =>
  app.slack.blockAction(
    { action_id: actionId, value: number, block_id: 'ticket_actions' },
    { userId, channelId: TRIAGE },
  );
/** AGENT submits a modal the app opened. */
const submit = (view: Record<string, unknown>, form: Record<string, string>) =>
  app.slack.submitView(view, form, { userId: AGENT });
const lastOpened = () =>
  app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
/** AGENT picks Customer wrote… in ticket `of`'s card menu: the modal that opened. */
async function customerWroteFromMenu(of: string) {
  await app.slack.blockAction(
    {
      action_id: 'ticket_card_menu',
      block_id: 'ticket_actions',
      type: 'overflow',
      selected_option: {
        text: { type: 'plain_text', text: 'chosen' },
        value: `customerWrote:${of}`,
      },
    },
    { userId: AGENT, channelId: TRIAGE },
  );
  return lastOpened();
}
/** The card's thread: the lines its timeline posted, as text. */
const thread = () =>
  JSON.stringify(
    app.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === TRIAGE && c.args.thread_ts)
      .map((c) => c.args.text),
  );

/**
 * Tuesday 10:00: filed by AGENT for Li Lei, a contact by phone (a name with mrkdwn in it);
 * claimed, answered by phone at 10:10 (the first response, logged).
 */
beforeEach(async () => {
  ({ code } = await makeCustomer(app));
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  ({ number } = await makeTicket(app, {
    customerCode: code,
    requester: { contactName: 'Li <Lei> & *Co*', via: 'phone' },
  }));
  await click('ticket_claim');
  app.clock.set('2026-11-24T02:10:00Z');
  await click('ticket_log_response_open');
  expect((await submit(lastOpened(), { via: 'phone', said: 'Restart it' })).body).toBe('');
  const doc = await ticketDoc();
  expect(doc.status).toBe('assigned');
  expect(doc.replyFrom).toBeUndefined();
  await app.desk.outbox.drain();
});

describe('Customer wrote…', () => {
  test('waiting on the contact: the Home names them with the button; their answer resumes the ticket as of when they called, a reply owed from then, answered by Log response', async () => {
    // 10:20: waiting on the customer (outside Slack: pauses at once).
    app.clock.set('2026-11-24T02:20:00Z');
    await click('ticket_wait');
    expect((await ticketDoc()).status).toBe('waiting');
    await app.desk.outbox.drain();

    // The filer's Home: the row says whom it waits on and how to record their answer.
    app.clock.set('2026-11-24T03:00:00Z');
    const home = await openHome(app, AGENT);
    expect(home).toContain(
      'Waiting on Li &lt;Lei&gt; &amp; *Co* (by Phone): record their answer with *Customer wrote…*',
    );
    expect(home).toContain('ticket_customer_wrote_open');
    expect(home).toContain('and those you filed for a customer outside Slack');

    // 11:00, the customer called at 10:45: recorded from the Home's button.
    await app.slack.blockAction(
      { action_id: 'ticket_customer_wrote_open', value: number },
      { userId: AGENT },
    );
    const modal = lastOpened();
    expect(modal.callback_id).toBe('ticket_customer_wrote');
    const modalText = JSON.stringify(modal);
    expect(modalText).toContain('Customer said');

    // Before the ticket was received: refused on the time, nothing written.
    const early = await submit(modal, { time: '09:30', said: 'Hello' });
    expect(JSON.stringify(early.body)).toContain('That is before the ticket was received.');
    // Required words, at most 2000 characters.
    const long = await submit(modal, { time: '10:45', said: 'x'.repeat(2001) });
    expect(JSON.stringify(long.body)).toContain('"said"');
    // Someone who may not answer for the desk, submitting the same view: refused, nothing written.
    await app.slack.submitView(modal, { time: '10:45', said: 'Forged' }, { userId: STRANGER });
    expect((await ticketDoc()).status).toBe('waiting');
    expect(JSON.stringify((await ticketDoc()).timeline)).not.toContain('Forged');

    const view = { ...modal, id: 'V0WROTE001' };
    const form = { via: 'phone', time: '10:45', said: 'The error is back since this morning' };
    expect((await submit(view, form)).body).toBe('');
    const wrote = new Date('2026-11-24T02:45:00Z');
    const doc = await ticketDoc();
    expect(doc.status).toBe('assigned');
    expect(doc.replyFrom).toEqual(wrote);
    expect(doc.pauses.at(-1)).toEqual({ from: new Date('2026-11-24T02:20:00Z'), to: wrote });
    expect(doc.timeline.at(-1)).toMatchObject({
      action: 'resume',
      by: AGENT,
      via: 'phone',
      wroteAt: wrote,
      text: 'The error is back since this morning',
    });
    // A double submit of the same modal records nothing more.
    const length = doc.timeline.length;
    expect((await submit(view, form)).body).toBe('');
    expect((await ticketDoc()).timeline).toHaveLength(length);

    // The reply is owed from 10:45, on the 8-hour target: due Wednesday 09:45.
    const due = new Date('2026-11-25T01:45:00Z');
    expect(doc.replyDueAt).toEqual(due);
    const token = slackTime(due, ZONE);
    expect(await card()).toContain(`*Reply due*\\n7 h 45 min of business time left, due ${token}`);
    expect(await listed('mine')).toContain(`Reply: 7 h 45 min of business time left, due ${token}`);
    await app.desk.outbox.drain();
    expect(thread()).toContain(
      `<@${AGENT}> recorded the customer's answer by Phone, so the SLA clock runs again: The error is back since this morning`,
    );

    // A second message dated before the last one recorded: refused on the time.
    app.clock.set('2026-11-24T03:10:00Z');
    await click('ticket_customer_wrote_open');
    const before = await submit(lastOpened(), { time: '10:40', said: 'Earlier' });
    expect(JSON.stringify(before.body)).toContain(
      'That is before the last message of theirs recorded on this ticket.',
    );

    // 11:30: the agent calls back and logs it: nothing owed, one next reply, on time.
    app.clock.set('2026-11-24T03:30:00Z');
    await click('ticket_log_response_open');
    expect((await submit(lastOpened(), { via: 'phone', said: 'Engineer on the way' })).body).toBe(
      '',
    );
    const answered = await ticketDoc();
    expect(answered.replyFrom).toBeUndefined();
    expect(answered.metrics).toMatchObject({ nextReplies: 1, nextReplyBreaches: 0 });
    expect(await card()).not.toContain('Reply due');
  }, 90_000);

  test("not waiting: from the card's menu, their words on the timeline and a reply owed; not offered for a requester in Slack; in Chinese too", async () => {
    app.clock.set('2026-11-24T03:00:00Z');
    const shown = await card();
    // Offered as the card's fifth button (New task takes the menu's last place); its choice in
    // the menu of a card posted before opens the same modal.
    expect(shown).toContain('"action_id":"ticket_customer_wrote_open"');
    expect(shown).not.toContain(`customerWrote:${number}`);
    const modal = await customerWroteFromMenu(number);
    expect(modal.callback_id).toBe('ticket_customer_wrote');
    expect((await submit(modal, { via: 'email', time: '10:50', said: 'Any news?' })).body).toBe('');
    const doc = await ticketDoc();
    expect(doc.status).toBe('assigned');
    expect(doc.replyFrom).toEqual(new Date('2026-11-24T02:50:00Z'));
    expect(doc.timeline.at(-1)).toMatchObject({ action: 'note', said: 'reply', via: 'email' });
    await app.desk.outbox.drain();
    expect(thread()).toContain(`<@${AGENT}> recorded what the customer said by Email: Any news?`);

    // A ticket whose requester is in Slack: not offered, and a crafted click is refused.
    const slackTicket = await makeTicket(app, {
      customerCode: code,
      requester: { userId: 'U0CUSTREQ1', via: 'slack' },
    });
    const other = JSON.stringify(
      (await app.slack.command('/ticket', slackTicket.number, { userId: AGENT })).body,
    );
    expect(other).not.toContain('customerWrote:');
    expect(other).not.toContain('ticket_customer_wrote_open');
    const opened = app.fake.callsTo('views.open').length;
    await app.slack.blockAction(
      { action_id: 'ticket_customer_wrote_open', value: slackTicket.number },
      { userId: AGENT, channelId: TRIAGE },
    );
    expect(app.fake.callsTo('views.open')).toHaveLength(opened);

    // Waiting, the Home's row in Chinese.
    await click('ticket_wait');
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const home = await openHome(app, AGENT);
    expect(home).toContain('等待 Li &lt;Lei&gt; &amp; *Co*（电话）：请用“客户来信…”记录其答复');
  }, 90_000);

  test('a message recorded as of before an answer the desk already logged owes no reply; on a waiting ticket, one from before the wait began is refused on the time', async () => {
    // 10:40: the agent logs an answer given on a call at 10:35.
    app.clock.set('2026-11-24T02:40:00Z');
    await click('ticket_log_response_open');
    const answer = { via: 'phone', time: '10:35', said: 'Told them to restart the pump' };
    expect((await submit(lastOpened(), answer)).body).toBe('');
    expect((await ticketDoc()).timeline.at(-1)).toMatchObject({
      action: 'response',
      answeredAt: new Date('2026-11-24T02:35:00Z'),
    });

    // 10:50: what the customer said on that call (10:30) is recorded: already answered.
    app.clock.set('2026-11-24T02:50:00Z');
    await click('ticket_customer_wrote_open');
    const said = { via: 'phone', time: '10:30', said: 'The pump stopped' };
    expect((await submit(lastOpened(), said)).body).toBe('');
    let doc = await ticketDoc();
    expect(doc.timeline.at(-1)).toMatchObject({
      action: 'note',
      said: 'reply',
      text: 'The pump stopped',
    });
    expect(doc.replyFrom).toBeUndefined();
    expect(await card()).not.toContain('Reply due');

    // Their e-mail at 10:45, after that answer: a reply is owed from then.
    await click('ticket_customer_wrote_open');
    const mail = { via: 'email', time: '10:45', said: 'It stopped again' };
    expect((await submit(lastOpened(), mail)).body).toBe('');
    expect((await ticketDoc()).replyFrom).toEqual(new Date('2026-11-24T02:45:00Z'));

    // Answered at 10:55; 11:00 the desk asks them something and waits.
    app.clock.set('2026-11-24T02:55:00Z');
    await click('ticket_log_response_open');
    expect((await submit(lastOpened(), { via: 'email', said: 'Checking the logs' })).body).toBe('');
    app.clock.set('2026-11-24T03:00:00Z');
    await click('ticket_wait');
    expect((await ticketDoc()).status).toBe('waiting');

    // 11:30: a message dated 10:58 or exactly 11:00 is not their answer: refused, nothing written.
    app.clock.set('2026-11-24T03:30:00Z');
    await click('ticket_customer_wrote_open');
    const modal = lastOpened();
    for (const time of ['10:58', '11:00']) {
      const refused = await app.slack.submitView(
        modal,
        { via: 'phone', time, said: 'Before the question' },
        { userId: AGENT },
      );
      expect(JSON.stringify(refused.body)).toContain(
        'That is before the ticket began waiting on them',
      );
    }
    doc = await ticketDoc();
    expect(doc.status).toBe('waiting');
    expect(doc.pauses.at(-1)).toEqual({ from: new Date('2026-11-24T03:00:00Z') });
    expect(JSON.stringify(doc.timeline)).not.toContain('Before the question');
    // 11:01 is their answer: it resumes the ticket, the wait ending then.
    expect(
      (await submit(modal, { via: 'phone', time: '11:01', said: 'Here are the logs' })).body,
    ).toBe('');
    doc = await ticketDoc();
    expect(doc.status).toBe('assigned');
    expect(doc.pauses.at(-1)).toEqual({
      from: new Date('2026-11-24T03:00:00Z'),
      to: new Date('2026-11-24T03:01:00Z'),
    });
  }, 90_000);

  test("no requester on record (filed by phone without a contact's name): offered on the card and the Home's row, naming the customer; their answer resumes the waiting ticket", async () => {
    // 11:00: filed by AGENT for the customer by phone, nobody named; claimed, then waiting.
    app.clock.set('2026-11-24T03:00:00Z');
    const bare = (await makeTicket(app, { customerCode: code })).number;
    const bareDoc = async () =>
      (await app.db.models.tickets.findOne({ number: bare }).lean()) as unknown as Doc;
    expect((await bareDoc()) as unknown as { requester?: unknown }).not.toHaveProperty('requester');
    const clickBare = (actionId: string) =>
      app.slack.blockAction(
        { action_id: actionId, value: bare, block_id: 'ticket_actions' },
        { userId: AGENT, channelId: TRIAGE },
      );
    await clickBare('ticket_claim');
    const shown = JSON.stringify(
      (await app.slack.command('/ticket', bare, { userId: AGENT })).body,
    );
    expect(shown).toContain('"action_id":"ticket_customer_wrote_open"');
    app.clock.set('2026-11-24T03:10:00Z');
    await clickBare('ticket_wait');
    expect((await bareDoc()).status).toBe('waiting');
    await app.desk.outbox.drain();

    // The filer's Home: whom it waits on is the customer, with the button.
    app.clock.set('2026-11-24T03:30:00Z');
    const home = await openHome(app, AGENT);
    expect(home).toContain(
      'Waiting on Huadong Machinery (by Phone): record their answer with *Customer wrote…*',
    );

    // From the card's menu: the modal names the customer as who spoke.
    const modal = await customerWroteFromMenu(bare);
    expect(modal.callback_id).toBe('ticket_customer_wrote');
    expect(JSON.stringify(modal)).toContain('What Huadong Machinery told the desk outside Slack');

    // Someone who may not answer for the desk: refused, still waiting.
    await app.slack.submitView(
      modal,
      { via: 'phone', time: '11:20', said: 'Forged' },
      { userId: STRANGER },
    );
    expect((await bareDoc()).status).toBe('waiting');

    // They called at 11:20: their answer resumes it, the pause ending then.
    expect(
      (await submit(modal, { via: 'phone', time: '11:20', said: 'Found the serial number' })).body,
    ).toBe('');
    const doc = await bareDoc();
    expect(doc.status).toBe('assigned');
    expect(doc.pauses.at(-1)).toEqual({
      from: new Date('2026-11-24T03:10:00Z'),
      to: new Date('2026-11-24T03:20:00Z'),
    });
    expect(doc.timeline.at(-1)).toMatchObject({
      action: 'resume',
      by: AGENT,
      via: 'phone',
      text: 'Found the serial number',
    });
    await app.desk.outbox.drain();
    expect(thread()).toContain(
      `<@${AGENT}> recorded the customer's answer by Phone, so the SLA clock runs again: Found the serial number`,
    );
  }, 90_000);

  test("on the customer's file as Log response's answer is: inbound, how and when they said it, the words as typed (escaped, masked for who may not see personal data); once after a retried submit", async () => {
    const interactions = async () =>
      (await app.db.models.interactions.find({}).sort({ at: 1 }).lean()) as unknown as {
        type: string;
        summary: string;
        by: string;
        at: Date;
        source?: string;
      }[];
    const customerCard = async (userId: string) =>
      JSON.stringify((await app.slack.command('/customer', code, { userId })).body);
    // Log response's answer (10:10) is on the file already.
    expect((await interactions()).map((i) => i.summary)).toEqual([
      `Answered on ticket ${number}: Restart it`,
    ]);

    // 11:00: their e-mail of 10:45 recorded, the modal submitted twice (a retry).
    app.clock.set('2026-11-24T03:00:00Z');
    await click('ticket_customer_wrote_open');
    const view = { ...lastOpened(), id: 'V0WROTE777' };
    const said = 'Call 13812345678 back <b>now</b> & *soon*';
    const form = { via: 'email', time: '10:45', said };
    expect((await submit(view, form)).body).toBe('');
    expect((await submit(view, form)).body).toBe('');
    const summary = `Customer said on ticket ${number}: ${said}`;
    const logged = (await interactions()).filter((i) => i.summary === summary);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      type: 'email',
      by: AGENT,
      at: new Date('2026-11-24T02:45:00Z'),
      source: 'view:V0WROTE777',
    });
    // The card's recent interactions: once, escaped; the phone masked for an agent.
    const line =
      'Customer said on ticket ' +
      number +
      ': Call 13812345678 back &lt;b&gt;now&lt;/b&gt; &amp; *soon*';
    const owners = await customerCard(OWNER);
    expect(owners.split(line)).toHaveLength(2);
    const agents = await customerCard(AGENT);
    expect(agents).toContain('Customer said on ticket');
    expect(agents).not.toContain('13812345678');

    // A first submit that recorded the ticket but lost the interaction (a crash between the
    // two): its retry logs it, once.
    await app.db.models.interactions.deleteMany({ source: 'view:V0WROTE777' });
    expect((await submit(view, form)).body).toBe('');
    expect((await submit(view, form)).body).toBe('');
    expect((await interactions()).filter((i) => i.summary === summary)).toHaveLength(1);
    expect((await ticketDoc()).timeline.filter((e) => e.source === 'view:V0WROTE777')).toHaveLength(
      1,
    );

    // A first submit that logged the interaction but stopped before the customer's last
    // interaction was brought up to it: its retry brings it (the no-recent-contact signals read it).
    await app.db.models.customers.updateOne(
      { code },
      { $set: { lastInteractionAt: new Date('2026-11-01T00:00:00Z') } },
    );
    expect((await submit(view, form)).body).toBe('');
    const touched = (await app.db.models.customers.findOne({ code }).lean()) as unknown as {
      lastInteractionAt: Date;
    };
    expect(touched.lastInteractionAt).toEqual(new Date('2026-11-24T02:45:00Z'));

    // In Chinese, from the card's thread language: the workspace's.
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    app.clock.set('2026-11-24T03:30:00Z');
    await click('ticket_customer_wrote_open');
    expect(
      (await submit(lastOpened(), { via: 'wechat', time: '11:20', said: '还在报错' })).body,
    ).toBe('');
    expect((await interactions()).at(-1)).toMatchObject({
      type: 'message',
      summary: `工单 ${number} 客户来信：还在报错`,
      at: new Date('2026-11-24T03:20:00Z'),
    });
  }, 90_000);
});
