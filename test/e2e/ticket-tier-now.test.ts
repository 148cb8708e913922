// L3 (the account manager, one to one) is judged by the customer's value tier now, as Classify…
// judges its targets: a manager's override after intake counts at once for the card's Escalate,
// its click and the SLA sweep's automatic L3, both ways.
import { expect, test } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { useTestApp } from '../helpers/app.js';
import { openCustomerEdit, submitLastModal } from '../helpers/clicks.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ALERTS_CHANNEL_ID: 'C0ALERTS01' },
  now: '2026-11-24T02:00:00Z',
});

const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;

/** An urgent ticket of a customer with `annualRevenue`, unclaimed: L2 on its 12:00 breach. */
async function ticketAtL2(annualRevenue: number): Promise<{ number: string; code: string }> {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue });
  const { number } = await makeTicket(app, { customerCode: code, severity: 'urgent' });
  await runJobAt(app, slaAlertsJob, '2026-11-24T04:00:01Z');
  expect((await stored(number)).level).toBe(2);
  return { number, code };
}

/** A manager's tier override on the customer's Edit customer modal. */
async function override(code: string, tier: string) {
  const modal = await openCustomerEdit(app, code, MANAGER);
  const res = await app.slack.submitView(
    modal.args.view as Record<string, unknown>,
    { tier_override: tier, tier_override_reason: 'Critical incident' },
    { userId: MANAGER },
  );
  expect(res.body).toBe('');
  expect((await app.db.models.customers.findOne({ code }).lean())!.tier).toBe(tier);
}

function clickEscalate(number: string, userId: string) {
  return app.slack.blockAction(
    { action_id: 'ticket_escalate_open', value: number, block_id: 'ticket_actions' },
    { userId, channelId: TRIAGE },
  );
}

test('a normal customer overridden to key after intake: its L2 ticket shows Escalate and goes to L3', async () => {
  const { number, code } = await ticketAtL2(100_000);
  await override(code, 'key');
  // Its card, drawn again (a note), offers Escalate (in its menu) and says Key; the click opens the L3 modal, which saves.
  app.fake.reset();
  await act(app, number, { action: 'note', text: 'Line 2 down again' }, AGENT);
  await app.desk.outbox.drain();
  const card = app.fake.callsTo('chat.update').at(-1)!;
  expect(JSON.stringify(card.args.blocks)).toContain(`"value":"escalate:${number}"`);
  expect(JSON.stringify(card.args.blocks)).toContain('Huadong (C2026001) · Key');
  app.fake.reset();
  await clickEscalate(number, MANAGER);
  expect(app.fake.callsTo('response_url')).toEqual([]);
  await submitLastModal(app, { reason: 'Customer escalated' }, MANAGER);
  expect(await stored(number)).toMatchObject({
    level: 3,
    assigneeId: OWNER,
    customerTier: 'key',
  });
});

test('a key customer overridden to normal: no automatic L3, and Escalate at L2 is refused', async () => {
  const { number, code } = await ticketAtL2(600_000);
  await override(code, 'normal');
  // 240 business minutes after L2: a key customer's ticket would go to L3 now.
  await runJobAt(app, slaAlertsJob, '2026-11-24T08:00:02Z');
  expect((await stored(number)).level).toBe(2);
  await clickEscalate(number, MANAGER);
  expect(String(app.fake.callsTo('response_url').at(-1)?.args.text)).toBe(
    `${number} is at L2, the top level for its customer: L3 (the account manager, one to one) is for key and strategic customers only.`,
  );
  expect((await stored(number)).level).toBe(2);
});
