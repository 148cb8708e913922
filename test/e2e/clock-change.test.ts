import { beforeEach, describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';
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
      `*First response due*\n2 h 0 min of business time left, due ${due}`,
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
});
