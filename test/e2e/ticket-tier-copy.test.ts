// The tier a ticket stores follows its customer's tier now (TicketService.tierNow): written by
// the next action on it, whether the action read the ticket through the desk's read (a card
// click, the SLA sweep) or not, and the clocks' recalculation after a settings save plans the
// automatic L3 on the tier now as the sweep does, not on a stale copy (revland45a F1).
import { expect, test } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { useTestApp } from '../helpers/app.js';
import { openCustomerEdit } from '../helpers/clicks.js';
import { makeCustomer, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { settingsKit } from '../helpers/settings.js';

const TRIAGE = 'C0TRIAGE01';
const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const AGENT2 = 'U0AGENT002';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: TRIAGE, ALERTS_CHANNEL_ID: 'C0ALERTS01' },
  now: '2026-11-24T02:00:00Z',
});
const { openGroup } = settingsKit(app, ADMIN);

const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;

/** An urgent ticket of a normal customer (breach at 12:00 local), unclaimed. */
async function normalTicket(): Promise<{ number: string; code: string }> {
  await app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT2] }));
  const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 });
  const { number } = await makeTicket(app, { customerCode: code, severity: 'urgent' });
  expect((await stored(number)).customerTier).toBe('normal');
  return { number, code };
}

/** A manager's override to key on the customer's Edit customer modal. */
async function overrideToKey(code: string) {
  const modal = await openCustomerEdit(app, code, MANAGER);
  const res = await app.slack.submitView(
    modal.args.view as Record<string, unknown>,
    { tier_override: 'key', tier_override_reason: 'Critical incident' },
    { userId: MANAGER },
  );
  expect(res.body).toBe('');
}

test('a Claim click after the customer was made key stores the tier on the ticket', async () => {
  const { number, code } = await normalTicket();
  await overrideToKey(code);
  await app.slack.blockAction(
    { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
    { userId: AGENT2, channelId: TRIAGE },
  );
  const after = await stored(number);
  expect(after.assigneeId).toBe(AGENT2);
  expect(after.customerTier).toBe('key');
  // With the revision it is of: a late copy of an earlier tier change leaves it.
  const customer = (await app.db.models.customers.findOne({ code }).lean())!;
  expect(after.customerTierRevision).toBe(customer.revision);
  expect(after).not.toHaveProperty('storedTier');
  expect(after).not.toHaveProperty('storedTierRevision');
});

test("the sweep's automatic L2 after the customer was made key stores the tier on the ticket", async () => {
  const { number, code } = await normalTicket();
  await overrideToKey(code);
  await runJobAt(app, slaAlertsJob, '2026-11-24T04:00:01Z');
  const after = await stored(number);
  expect(after.level).toBe(2);
  expect(after.customerTier).toBe('key');
});

test("a holiday saved after an L2 ticket's customer was made key plans its L3 on the tier now", async () => {
  const { number, code } = await normalTicket();
  // L2 at 12:00 local while still normal: nothing further planned before the resolution breach.
  await runJobAt(app, slaAlertsJob, '2026-11-24T04:00:01Z');
  expect((await stored(number)).level).toBe(2);
  await overrideToKey(code);
  // An admin adds a holiday next month: the save computes every open ticket's clocks again.
  const view = await openGroup('holidays');
  expect(
    (await app.slack.submitView(view, { holidays: '2026-12-31' }, { userId: ADMIN })).body,
  ).toBe('');
  // L3 240 business minutes after L2: 16:00 local.
  expect((await stored(number)).nextAlertAt).toEqual(new Date('2026-11-24T08:00:01Z'));
  await runJobAt(app, slaAlertsJob, '2026-11-24T08:00:02Z');
  expect((await stored(number)).level).toBe(3);
});
