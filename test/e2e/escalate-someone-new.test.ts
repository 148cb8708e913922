import { describe, expect, test } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { useTestApp } from '../helpers/app.js';
import { act, makeCustomer, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

// An L2 escalation is someone new looking at the ticket: the desk's pick leaves out whoever holds
// it (the sweep's escalation on breach) and whoever escalates (the Escalate modal's preselection).
// Only when nobody else is there does the holder keep it, and the alert says so.
const ALERTS = 'C0ALERTS01';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ALERTS_CHANNEL_ID: ALERTS },
  now: '2026-11-24T02:00:00Z',
});
const E1 = 'U0EXPPRN01';
const E2 = 'U0EXPNET01';

/** An urgent printer ticket the printer expert E1 claimed at L1. */
async function heldByPrinterExpert(experts: { userId: string; skills: string[] }[]) {
  await app.setSettings(() => ({ experts }));
  const customer = await makeCustomer(app, { annualRevenue: 100_000 });
  const t = await makeTicket(app, {
    customerCode: customer.code,
    severity: 'urgent',
    title: 'Printer jams on every job',
  });
  await act(app, t.number, { action: 'claim' }, E1);
  return t.number;
}
const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;
const alertsPosted = () =>
  JSON.stringify(
    app.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === ALERTS)
      .map((c) => [c.args.text, c.args.blocks]),
  );

describe('escalation to someone new', () => {
  test('the printer expert who holds the late printer ticket is not picked again: the other expert takes it', async () => {
    const number = await heldByPrinterExpert([
      { userId: E1, skills: ['printer'] },
      { userId: E2, skills: ['network'] },
    ]);
    await runJobAt(app, slaAlertsJob, '2026-11-24T04:00:01Z'); // urgent response breach
    const t = await stored(number);
    expect([t.level, t.assigneeId, t.metrics.escalations]).toEqual([2, E2, 1]);
    expect(alertsPosted()).not.toContain('its holder keeps it');
  });

  test('nobody else: the holder keeps it, and the alert says so', async () => {
    const number = await heldByPrinterExpert([{ userId: E1, skills: ['printer'] }]);
    await runJobAt(app, slaAlertsJob, '2026-11-24T04:00:01Z');
    const t = await stored(number);
    expect([t.level, t.assigneeId]).toEqual([2, E1]);
    expect(alertsPosted()).toContain(
      'escalated to L2 on breach; nobody else the desk could give it to, so its holder keeps it',
    );
  });

  test('the Escalate modal does not preselect the person clicking', async () => {
    const number = await heldByPrinterExpert([
      { userId: E1, skills: ['printer'] },
      { userId: E2, skills: ['network'] },
    ]);
    const initialExpert = async (userId: string) => {
      await app.slack.blockAction(
        { action_id: 'ticket_escalate_open', value: number, block_id: 'ticket_actions' },
        { userId, channelId: 'C0TRIAGE01' },
      );
      const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
      expect(view.callback_id).toBe('ticket_escalate');
      return view.blocks.find((b: any) => b.block_id === 'expert')?.element.initial_user;
    };
    expect(await initialExpert(E1)).toBe(E2);
    // The only expert escalating their own ticket: nobody preselected.
    await app.setSettings(() => ({ experts: [{ userId: E1, skills: ['printer'] }] }));
    expect(await initialExpert(E1)).toBeUndefined();
  });

  test('a C# expert is not preselected for "Plan C" or "C盘满了" (a skill with a symbol matches as written), but is for a C# ticket', async () => {
    const E3 = 'U0EXPCSH01';
    const customer = await makeCustomer(app, { annualRevenue: 100_000 });
    const initialExpert = async (title: string) => {
      const t = await makeTicket(app, { customerCode: customer.code, severity: 'urgent', title });
      await act(app, t.number, { action: 'claim' }, E1);
      await app.slack.blockAction(
        { action_id: 'ticket_escalate_open', value: t.number, block_id: 'ticket_actions' },
        { userId: E1, channelId: 'C0TRIAGE01' },
      );
      const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
      expect(view.callback_id).toBe('ticket_escalate');
      return view.blocks.find((b: any) => b.block_id === 'expert')?.element.initial_user;
    };
    await app.setSettings(() => ({
      experts: [
        { userId: E1, skills: ['printer'] },
        { userId: E2, skills: ['network'] },
        { userId: E3, skills: ['C#', 'C++'] },
      ],
    }));
    // Nobody's skills fit: the first of the others with the fewest open tickets.
    expect(await initialExpert('Plan C failed')).toBe(E2);
    expect(await initialExpert('C盘满了')).toBe(E2);
    expect(await initialExpert('The C# service crashes')).toBe(E3);
  });
});
