import { beforeEach, describe, expect, test } from 'vitest';
import { slackTime } from '../../src/ui/text.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, OWNER, makeCustomer, makeTicket } from '../helpers/factories.js';

// Log response: the desk's answer given outside Slack (a call, an email...), recorded on the
// ticket and on the customer's file as of when it was given. The modal's view id keys both: a
// retried or double submit (Slack retries a slow view_submission; a double click) records it
// once, and logs the interaction then if the first submit stopped short of it.
const TRIAGE = 'C0TRIAGE01';
const ZONE = 'Asia/Shanghai';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});

let number = '';
let code = '';

type Interaction = { type: string; summary: string; by: string; at: Date; source?: string };
const interactions = async () =>
  (await app.db.models.interactions.find({}).sort({ at: 1 }).lean()) as unknown as Interaction[];
const timeline = async () =>
  (
    (await app.db.models.tickets.findOne({ number }).lean()) as unknown as {
      timeline: { action: string; source?: string; answeredAt?: Date }[];
    }
  ).timeline;
const customerCard = async (userId = OWNER) =>
  JSON.stringify((await app.slack.command('/customer', code, { userId })).body);
const click = (actionId: string, userId = AGENT) =>
  app.slack.blockAction(
    { action_id: actionId, value: number, block_id: 'ticket_actions' },
    { userId, channelId: TRIAGE },
  );
const submit = (view: Record<string, unknown>, form: Record<string, string>) =>
  app.slack.submitView(view, form, { userId: AGENT });
const lastOpened = () =>
  app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
/** The card's thread: the lines its timeline posted, as text. */
const threadLines = () =>
  app.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === TRIAGE && c.args.thread_ts)
    .map((c) => String(c.args.text));

/** Tuesday 10:00: filed by AGENT for Li Lei, a contact by phone; claimed by AGENT. */
beforeEach(async () => {
  ({ code } = await makeCustomer(app));
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  ({ number } = await makeTicket(app, {
    customerCode: code,
    requester: { contactName: 'Li Lei', via: 'phone' },
  }));
  await click('ticket_claim');
  await app.desk.outbox.drain();
});

describe("Log response on the customer's file", () => {
  test('a double submit logs one entry on the card, at the time the answer was given (not when it was logged), sorted before a later Customer wrote…; a retry logs the entry the first submit missed, once', async () => {
    // 11:00: the agent logs their call of 10:30; the modal is submitted twice (a retry).
    app.clock.set('2026-11-24T03:00:00Z');
    await click('ticket_log_response_open');
    const view = { ...lastOpened(), id: 'V0LOGRESP01' };
    const form = { via: 'phone', time: '10:30', said: 'Restart it' };
    expect((await submit(view, form)).body).toBe('');
    expect((await submit(view, form)).body).toBe('');
    await app.desk.outbox.drain();

    const summary = `Answered on ticket ${number}: Restart it`;
    const answered = new Date('2026-11-24T02:30:00Z');
    expect(await interactions()).toEqual([
      expect.objectContaining({
        type: 'call',
        summary,
        by: AGENT,
        at: answered,
        source: 'view:V0LOGRESP01',
      }),
    ]);
    // The ticket: one answer, its first response at 10:30; its thread says it once.
    const responses = (await timeline()).filter((e) => e.action === 'response');
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ source: 'view:V0LOGRESP01', answeredAt: answered });
    expect(
      threadLines().filter((l) => l.includes('answered the requester by Phone: Restart it')),
    ).toHaveLength(1);
    // The customer's card: the entry once, at 10:30.
    let card = await customerCard();
    expect(card.split(summary)).toHaveLength(2);
    expect(card).toContain(slackTime(answered, ZONE));
    expect(card).not.toContain(slackTime(new Date('2026-11-24T03:00:00Z'), ZONE));

    // 11:05: the customer's e-mail of 10:45 recorded: on the card it comes before (newest
    // first) the answer given at 10:30, logged at 11:00.
    app.clock.set('2026-11-24T03:05:00Z');
    await click('ticket_customer_wrote_open');
    expect(
      (await submit(lastOpened(), { via: 'email', time: '10:45', said: 'It works now' })).body,
    ).toBe('');
    const wrote = `Customer said on ticket ${number}: It works now`;
    expect((await interactions()).map((i) => i.summary)).toEqual([summary, wrote]);
    card = await customerCard();
    expect(card.indexOf(wrote)).toBeGreaterThan(-1);
    expect(card.indexOf(wrote)).toBeLessThan(card.indexOf(summary));
    expect((await app.db.models.customers.findOne({ code }).lean())!.lastInteractionAt).toEqual(
      new Date('2026-11-24T02:45:00Z'),
    );

    // A first submit that recorded the ticket but lost the interaction (a crash between the
    // two): its retry logs it, once, at the time given; the ticket keeps one answer.
    await app.db.models.interactions.deleteMany({ source: 'view:V0LOGRESP01' });
    app.clock.set('2026-11-24T03:10:00Z');
    expect((await submit(view, form)).body).toBe('');
    expect((await submit(view, form)).body).toBe('');
    expect((await interactions()).filter((i) => i.summary === summary)).toEqual([
      expect.objectContaining({ at: answered, source: 'view:V0LOGRESP01' }),
    ]);
    expect((await timeline()).filter((e) => e.action === 'response')).toHaveLength(1);

    // Another Log response (another modal) is another answer, logged as such.
    await click('ticket_log_response_open');
    expect(
      (await submit(lastOpened(), { via: 'email', time: '11:08', said: 'Sent the manual' })).body,
    ).toBe('');
    expect((await interactions()).at(-1)).toMatchObject({
      type: 'email',
      summary: `Answered on ticket ${number}: Sent the manual`,
      at: new Date('2026-11-24T03:08:00Z'),
    });
    expect((await timeline()).filter((e) => e.action === 'response')).toHaveLength(2);
  }, 90_000);

  test('two submits of one modal at the same moment (a double click): one answer, one entry', async () => {
    app.clock.set('2026-11-24T03:00:00Z');
    await click('ticket_log_response_open');
    const view = { ...lastOpened(), id: 'V0LOGRESP02' };
    const form = { via: 'wechat', time: '10:50', said: 'Sent the steps' };
    const answers = await Promise.all([submit(view, form), submit(view, form)]);
    expect(answers.map((a) => a.body)).toEqual(['', '']);
    expect(await interactions()).toEqual([
      expect.objectContaining({
        type: 'message',
        summary: `Answered on ticket ${number}: Sent the steps`,
        at: new Date('2026-11-24T02:50:00Z'),
      }),
    ]);
    expect((await timeline()).filter((e) => e.action === 'response')).toHaveLength(1);
  }, 90_000);

  test('an answer dated before the ticket was received is refused on the time field, nothing recorded; the received minute itself is taken', async () => {
    // Received Tue 10:00; at 15:00 a wrong day in the date picker (Monday 16:00).
    app.clock.set('2026-11-24T07:00:00Z');
    await click('ticket_log_response_open');
    const view = lastOpened();
    const res = await submit(view, {
      via: 'phone',
      date: '2026-11-23',
      time: '16:00',
      said: 'Called back',
    });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { time: 'That is before the ticket was received.' },
    });
    const stored = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(stored.firstResponseAt).toBeUndefined();
    expect(await interactions()).toEqual([]);
    const ok = await submit(view, { via: 'phone', date: '2026-11-24', time: '10:00', said: 'Hi' });
    expect(ok.body).toBe('');
    expect((await app.db.models.tickets.findOne({ number }).lean())!.firstResponseAt).toEqual(
      new Date('2026-11-24T02:00:00Z'),
    );
  });
});
