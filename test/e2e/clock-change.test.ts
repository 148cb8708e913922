import { beforeEach, describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { slackTime } from '../../src/ui/text.js';

const TRIAGE = 'C0TRIAGE01';
const NY = 'America/New_York';

// Sunday 2026-11-01 in New York: the clocks go back from 02:00 EDT to 01:00 EST, so 01:00-01:59
// is read twice. 06:30Z is 01:30 EST, the second time the clock reads 01:30 (05:30Z was the first).
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-01T06:30:00Z' });

let code = '';
beforeEach(async () => {
  await app.setSettings((s) => ({
    timeZone: NY,
    locale: 'en',
    sla: { ...s.sla, urgentAroundTheClock: true },
  }));
  code = (await makeCustomer(app, { name: 'Acme', annualRevenue: 100_000 })).code;
});

const lastView = () => app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
const card = () => app.fake.callsTo('chat.update').at(-1) ?? app.fake.postsTo(TRIAGE)[0]!;
const field = (label: string): string => {
  const fields = (card().args.blocks as any[]).flatMap((b) => b.fields ?? []);
  const text = fields.map((f: any) => String(f.text)).find((t) => t.startsWith(`*${label}*`));
  return text ?? '';
};

describe('times typed in the hour the clocks repeat', () => {
  test('a ticket filed at 01:30 EST with the time the modal offers is received then, not an hour before', async () => {
    await app.slack.command('/ticket', 'new Line down', { userId: AGENT });
    const view = lastView();
    const time = view.blocks.find((b: any) => b.block_id === 'received_time').element;
    expect(time).toMatchObject({ initial_time: '01:30', timezone: NY });
    const res = await app.slack.submitView(
      view,
      { customer: code, severity: 'urgent', description: 'Line 3 stopped' },
      { userId: AGENT },
    );
    expect(res.body).toBe('');
    const ticket = (await app.db.models.tickets.findOne({ title: 'Line down' }).lean())!;
    expect(ticket.receivedAt).toEqual(new Date('2026-11-01T06:30:00Z'));
    // Urgent around the clock: the whole 2 h are left, due 03:30 EST (08:30Z).
    const due = slackTime(new Date('2026-11-01T08:30:00Z'), NY);
    expect(field('First response due')).toBe(
      `*First response due*\n2 h left on the 24x7 clock, due ${due}`,
    );
  });

  test('a response logged at 01:40 EST with the time the modal offers is the first response then', async () => {
    await app.slack.command('/ticket', 'new Line down', { userId: AGENT });
    await app.slack.submitView(
      lastView(),
      {
        customer: code,
        severity: 'urgent',
        description: 'Line 3 stopped',
        contact_name: 'Ms Wang',
      },
      { userId: AGENT },
    );
    const { number } = (await app.db.models.tickets.findOne({ title: 'Line down' }).lean())!;
    app.clock.set('2026-11-01T06:40:00Z'); // 01:40 EST: the agent called Ms Wang back
    await app.slack.blockAction(
      { action_id: 'ticket_log_response_open', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    const view = lastView();
    expect(view.blocks.find((b: any) => b.block_id === 'time').element.initial_time).toBe('01:40');
    const res = await app.slack.submitView(
      view,
      { said: 'Explained the workaround' },
      { userId: AGENT },
    );
    expect(res.body).toBe('');
    const ticket = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(ticket.firstResponseAt).toEqual(new Date('2026-11-01T06:40:00Z'));
    expect(ticket.metrics).toMatchObject({ firstResponseMinutes: 10, responseBreached: false });
    expect(field('First response')).toBe(
      `*First response*\nResponded ${slackTime(new Date('2026-11-01T06:40:00Z'), NY)}`,
    );
  });

  /** A complaint received at `receivedAt`; at `now` its account manager opens Done on the contact task. */
  async function contactForm(receivedAt: string, now: string) {
    app.clock.set(receivedAt);
    await makeTicket(app, { customerCode: code, type: 'complaint', complaintUrgency: 'general' });
    const task = (await app.db.models.tasks.findOne({ kind: 'complaint_contact' }).lean())!;
    app.clock.set(now);
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: task._id as string },
      { userId: OWNER },
    );
    const view = lastView();
    return (contacted_time: string) =>
      app.slack.submitView(
        view,
        { type: 'call', contacted_date: '2026-11-01', contacted_time, summary: 'Apologised' },
        { userId: OWNER },
      );
  }

  test('a complaint contact later than now in the repeated hour is refused with the time now and its zone', async () => {
    // 01:20 EDT, the first time round: 01:40 has not come yet either way.
    const submit = await contactForm('2026-11-01T05:10:00Z', '2026-11-01T05:20:00Z');
    expect((await submit('01:40')).body).toEqual({
      response_action: 'errors',
      errors: {
        contacted_time:
          'This time is later than now (2026-11-01 01:20 GMT-4): when was the customer contacted, or tried?',
      },
    });
  });

  test('a complaint contact typed in the repeated hour before the complaint came in is refused with the received time and its zone; one after it is recorded', async () => {
    // Received at 01:10 EST, the second time round; at 01:20 EST, 01:50 can only be the first
    // time round (01:50 EDT), an hour before the complaint came in.
    const submit = await contactForm('2026-11-01T06:10:00Z', '2026-11-01T06:20:00Z');
    expect((await submit('01:50')).body).toEqual({
      response_action: 'errors',
      errors: {
        contacted_time:
          'This is before the complaint was received (2026-11-01 01:10 GMT-5): when was the customer contacted, or tried, after it?',
      },
    });
    // 01:15 after the change is accepted: five minutes ago.
    expect((await submit('01:15')).body).toBe('');
    const ticket = (await app.db.models.tickets.findOne({ type: 'complaint' }).lean())!;
    expect(ticket.complaint!.contactedAt).toEqual(new Date('2026-11-01T06:15:00Z'));
  });
});
