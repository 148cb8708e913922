// A clock's due time moved later than now after its warning or breach was alerted (Classify…
// loosening a target, a complaint's urgency lowered, a holiday saved): the new warning and breach
// are alerted once each at their new times; the escalation level stays.
import { beforeEach, describe, expect, test } from 'vitest';
import { slackTime } from '../../src/ui/text.js';
import { act, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { ALERTS, slaSteps, useSlaAlertsApp } from '../helpers/sla-alerts.js';

// Tuesday 2026-11-24 10:00 in Shanghai, business hours Mon-Fri 09:00-18:00.
const app = useSlaAlertsApp();

let customerCode = '';
beforeEach(async () => {
  customerCode = (await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 })).code;
});
const { ticket, sweepAt, posts } = slaSteps(app, () => customerCode);

/** What the sweep at `iso` said in the alerts channel, one line of text per list. */
async function saidAt(iso: string): Promise<string> {
  await sweepAt(iso);
  return posts(ALERTS)
    .map((c) => String(c.args.text))
    .join('\n');
}

const at = (iso: string) => slackTime(new Date(iso), 'Asia/Shanghai');

describe('a due time moved later than now after its alerts', () => {
  test('urgent, its breach alerted at 12:00 and escalated; classified General at 12:30 (due 18:00): warned at 16:00 and breached past 18:00, once each; the level stays', async () => {
    const number = await ticket('urgent'); // 2 h: due 12:00
    expect(await saidAt('2026-11-24T04:00:30Z')).toContain(
      `first response overdue since ${at('2026-11-24T04:00:00Z')}`,
    );
    expect((await app.db.models.tickets.findOne({ number }).lean())!.level).toBe(2);
    app.clock.set('2026-11-24T04:30:00Z');
    await act(app, number, { action: 'classify', type: 'after_sales', severity: 'general' }, OWNER);
    const t = await app.db.models.tickets.findOne({ number }).lean();
    expect(t!.responseDueAt).toEqual(new Date('2026-11-24T10:00:00Z')); // 18:00
    // The sweep looks again at the new warning (75 % of 8 h: 16:00), not a week later.
    expect(t!.nextAlertAt).toEqual(new Date('2026-11-24T08:00:00Z'));
    expect(await saidAt('2026-11-24T07:59:30Z')).toBe('');
    expect(await saidAt('2026-11-24T08:00:30Z')).toContain(
      `first response due soon (by ${at('2026-11-24T10:00:00Z')})`,
    );
    expect(await saidAt('2026-11-24T08:01:30Z')).toBe('');
    // Past 18:00 the office is closed: a General ticket's breach waits for Wednesday 09:00.
    expect(await saidAt('2026-11-24T10:00:30Z')).toBe('');
    const breach = await saidAt('2026-11-25T01:00:30Z');
    expect(breach).toContain(`first response overdue since ${at('2026-11-24T10:00:00Z')}`);
    expect(breach).not.toContain('escalated');
    expect(await saidAt('2026-11-25T01:01:30Z')).toBe('');
    expect(posts('C0ESCAL001')).toEqual([]);
    expect((await app.db.models.tickets.findOne({ number }).lean())!.level).toBe(2);
  });

  test('a breach alerted, then today saved as a holiday (the office closes): the breach at the new due time, Wednesday 11:00, is alerted once', async () => {
    const number = await ticket('urgent'); // due 12:00
    expect(await saidAt('2026-11-24T04:00:30Z')).toContain('first response overdue since');
    app.clock.set('2026-11-24T05:00:00Z'); // 13:00
    await app.setSettings((s) => ({
      businessHours: { ...s.businessHours, holidays: ['2026-11-24'] },
    }));
    // As the settings' save does (`SettingsFlows.applyClocks`).
    await app.desk.services.tickets.recalculateClocks(await ctxOf(app, OWNER));
    const t = await app.db.models.tickets.findOne({ number }).lean();
    expect(t!.responseDueAt).toEqual(new Date('2026-11-25T03:00:00Z')); // Wed 11:00
    expect(await saidAt('2026-11-25T03:00:30Z')).toContain(
      `first response overdue since ${at('2026-11-25T03:00:00Z')}`,
    );
    expect(await saidAt('2026-11-25T03:01:30Z')).toBe('');
  });

  test("a critical complaint's contact breach alerted at 11:00; its urgency lowered to Urgent at 11:30 (contact due 14:00): the 14:00 contact breach is alerted, once", async () => {
    const { number } = await makeTicket(app, {
      customerCode,
      type: 'complaint',
      severity: 'general',
      complaintUrgency: 'critical',
      title: 'Broken',
      description: 'x',
    });
    expect(await saidAt('2026-11-24T03:00:30Z')).toContain('contact'); // due 11:00 (1 h)
    app.clock.set('2026-11-24T03:30:00Z');
    await act(
      app,
      number,
      {
        action: 'classify',
        type: 'complaint',
        severity: 'general',
        complaintUrgency: 'urgent',
      },
      OWNER,
    );
    const t = await app.db.models.tickets.findOne({ number }).lean();
    expect(t!.complaint!.contactDueAt).toEqual(new Date('2026-11-24T06:00:00Z')); // 14:00
    expect(await saidAt('2026-11-24T05:59:30Z')).not.toContain('contact');
    expect(await saidAt('2026-11-24T06:00:30Z')).toContain('contact');
    expect(await saidAt('2026-11-24T06:01:30Z')).toBe('');
  });

  test('a due time moved later but still past (the new target missed too): nothing told again', async () => {
    const number = await ticket('urgent'); // due 12:00
    expect(await saidAt('2026-11-24T04:00:30Z')).toContain('first response overdue since');
    // 18:30: classified Important (4 h: due 14:00), already past.
    app.clock.set('2026-11-24T10:30:00Z');
    await act(
      app,
      number,
      { action: 'classify', type: 'after_sales', severity: 'important' },
      OWNER,
    );
    expect(await saidAt('2026-11-25T01:00:30Z')).not.toContain('first response');
  });
});

describe('a due time moved later and then back', () => {
  /** What the sweep at `iso` said in the alerts and escalation channels. */
  async function toldAt(iso: string): Promise<string> {
    app.fake.reset();
    await sweepAt(iso);
    return [...posts(ALERTS), ...posts('C0ESCAL001')].map((c) => String(c.args.text)).join('\n');
  }

  test('urgent, breached at 12:00; classified General at 12:10 and Urgent again at 12:20: the 12:00 breach is not alerted a second time', async () => {
    const number = await ticket('urgent'); // due 12:00
    expect(await toldAt('2026-11-24T04:00:30Z')).toContain('first response overdue since');
    app.clock.set('2026-11-24T04:10:00Z');
    await act(app, number, { action: 'classify', type: 'after_sales', severity: 'general' }, OWNER);
    expect(await toldAt('2026-11-24T04:15:00Z')).toBe('');
    app.clock.set('2026-11-24T04:20:00Z');
    await act(app, number, { action: 'classify', type: 'after_sales', severity: 'urgent' }, OWNER);
    expect(await toldAt('2026-11-24T04:20:30Z')).toBe('');
    expect(await toldAt('2026-11-24T08:00:30Z')).toBe('');
  });

  test('urgent, warned at 11:30; classified General at 11:40 and Urgent again at 11:50: not warned a second time, and the 12:00 breach is still alerted once', async () => {
    const number = await ticket('urgent'); // due 12:00, warning 11:30
    expect(await toldAt('2026-11-24T03:30:30Z')).toContain('due soon');
    app.clock.set('2026-11-24T03:40:00Z');
    await act(app, number, { action: 'classify', type: 'after_sales', severity: 'general' }, OWNER);
    app.clock.set('2026-11-24T03:50:00Z');
    await act(app, number, { action: 'classify', type: 'after_sales', severity: 'urgent' }, OWNER);
    expect(await toldAt('2026-11-24T03:50:30Z')).toBe('');
    const breach = await toldAt('2026-11-24T04:00:30Z');
    expect(breach).toContain('first response overdue since');
    expect(breach).not.toContain('due soon');
    expect(await toldAt('2026-11-24T04:01:30Z')).toBe('');
  });

  test('urgent, breached at 12:00; today saved as a holiday at 13:00 by mistake and taken off at 13:05: the breach is not alerted again, nor the owner DMed again', async () => {
    const number = await ticket('urgent'); // due 12:00
    expect(await toldAt('2026-11-24T04:00:30Z')).toContain('first response overdue since');
    const ownerDms = app.fake.textsTo(OWNER).length;
    expect(ownerDms).toBeGreaterThan(0);
    app.clock.set('2026-11-24T05:00:00Z');
    await app.setSettings((s) => ({
      businessHours: { ...s.businessHours, holidays: ['2026-11-24'] },
    }));
    await app.desk.services.tickets.recalculateClocks(await ctxOf(app, OWNER));
    app.clock.set('2026-11-24T05:05:00Z');
    await app.setSettings((s) => ({ businessHours: { ...s.businessHours, holidays: [] } }));
    await app.desk.services.tickets.recalculateClocks(await ctxOf(app, OWNER));
    expect((await app.db.models.tickets.findOne({ number }).lean())!.responseDueAt).toEqual(
      new Date('2026-11-24T04:00:00Z'),
    );
    app.fake.reset();
    await sweepAt('2026-11-24T05:05:30Z');
    expect(posts(ALERTS)).toEqual([]);
    expect(app.fake.textsTo(OWNER)).toEqual([]);
  });
});
