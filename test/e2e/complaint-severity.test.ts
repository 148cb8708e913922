import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';

// The New ticket modal keeps its Severity beside a complaint's urgency: the ticket's severity is
// the stricter of the two, so an "Urgent (system down)" picked for a complaint is never dropped.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01' }, now: '2026-11-24T02:00:00Z' });

/** The modal as opened, or (`redrawn`) as redrawn once Complaint was chosen (its urgency shown). */
async function newTicketModal(redrawn: boolean): Promise<Record<string, unknown>> {
  await app.slack.command('/ticket', 'new Line 3 is down again', { userId: AGENT });
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  if (!redrawn) return view;
  const picked = { type: 'static_select', selected_option: { value: 'complaint' } };
  await app.slack.blockAction(
    { action_id: 'ticket_type_changed', block_id: 'type', ...picked },
    {
      userId: AGENT,
      view: {
        ...view,
        id: 'V0NEWTICKET',
        hash: 'h1',
        state: { values: { type: { ticket_type_changed: picked } } },
      },
    },
  );
  return app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, unknown>;
}

async function fileComplaint(form: Record<string, string>, customer?: string) {
  customer ??= (await makeCustomer(app, { annualRevenue: 600_000 })).code;
  // Submitted before the urgency input was drawn (the repro's path), or after.
  const view = await newTicketModal('complaint_urgency' in form);
  const res = await app.slack.submitView(
    view,
    { customer, type: 'complaint', description: 'Down since 9:00, third time', ...form },
    { userId: AGENT },
  );
  expect(res.body).toBe('');
  return (await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
}

/** What the filer was told once the ticket was saved. */
const confirmation = () => String(app.fake.callsTo('response_url').at(-1)!.args.text);

describe('a complaint filed with a severity', () => {
  test('urgent picked, urgency left general: urgent, 2 h and 24x7 rules; contact and resolution targets the urgency’s', async () => {
    await app.setSettings((s) => ({ sla: { ...s.sla, urgentAroundTheClock: true } }));
    const t = await fileComplaint({ severity: 'urgent' });
    expect([t.type, t.severity, t.complaint?.urgency]).toEqual(['complaint', 'urgent', 'general']);
    expect(t.sla.responseMinutes).toBe(120);
    expect(t.sla.aroundTheClock).toBe(true);
    // The general urgency's resolution target (72 h), not the urgent one's.
    expect(t.sla.resolutionMinutes).toBe(72 * 60);
    // The filer reads the severity it was saved with.
    expect(confirmation()).toMatch(/^Ticket .*T2026\d+.* is saved with severity Urgent; its card/);
  });

  test('general picked, urgency critical: the urgency’s severity (urgent) still wins', async () => {
    const t = await fileComplaint({ severity: 'general', complaint_urgency: 'critical' });
    expect([t.severity, t.complaint?.urgency, t.sla.responseMinutes]).toEqual([
      'urgent',
      'critical',
      120,
    ]);
    // Not what they picked: the filer is told the severity and why (en, zh-CN).
    expect(confirmation()).toContain(
      'is saved with severity Urgent (its complaint urgency raised the one picked); its card is in <#C0TRIAGE01>.',
    );
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await fileComplaint({ severity: 'important', complaint_urgency: 'critical' }, t.customerCode);
    expect(confirmation()).toContain(
      '已保存，严重程度为严重（投诉紧急程度提高了所选的严重程度），卡片已发布到 <#C0TRIAGE01>。',
    );
  });
});
