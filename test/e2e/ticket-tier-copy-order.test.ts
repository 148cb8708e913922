// A customer's tier copied to its open tickets (TicketRepository.retierCustomer) ends at the
// customer's latest tier whatever order two changes' copies land in: a late copy of an earlier
// change (Key to Normal, held up) written after a later change back (Normal to Key) brings no
// old tier back, whether the later copy found the ticket at Key already or the ticket was opened
// after it (revland48a F1).
import { expect, onTestFinished, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { useTestApp } from '../helpers/app.js';
import { openCustomerEdit } from '../helpers/clicks.js';
import { makeCustomer, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const MANAGER = 'U0MANAGER1';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ALERTS_CHANNEL_ID: 'C0ALERTS01' },
  now: '2026-11-24T02:00:00Z',
});

const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;
const tierOf = async (code: string) =>
  (await app.db.models.customers.findOne({ code }).lean())!.tier;

/** A manager's tier override on the customer's Edit customer modal. */
async function override(code: string, tier: string) {
  const modal = await openCustomerEdit(app, code, MANAGER);
  const res = await app.slack.submitView(
    modal.args.view as Record<string, unknown>,
    { tier_override: tier, tier_override_reason: 'Critical incident' },
    { userId: MANAGER },
  );
  expect(res.body).toBe('');
}

/**
 * The first tier change's copy to the open tickets held (a slow instance) until `release`: the
 * override saved, its copy not written yet.
 */
function holdFirstCopy() {
  const copies = (app.desk.services.customers as any).repos.ownerCopies[0];
  const real = copies.retierCustomer;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let held = false;
  copies.retierCustomer = async (...args: unknown[]) => {
    if (!held) {
      held = true;
      await gate;
    }
    return real(...args);
  };
  onTestFinished(() => {
    copies.retierCustomer = real;
  });
  return { release, held: () => held };
}

test('Key to Normal copied late, after Normal back to Key: the open ticket stays Key, the sweep and the repair leave it', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 600_000 });
  const { number } = await makeTicket(app, { customerCode: code, severity: 'urgent' });
  expect((await stored(number)).customerTier).toBe('key');

  const copy = holdFirstCopy();
  const first = override(code, 'normal');
  await vi.waitFor(() => expect(copy.held()).toBe(true));
  expect(await tierOf(code)).toBe('normal');
  // Back to Key while the first copy is in flight: its copy finds the ticket at Key already.
  await override(code, 'key');
  copy.release();
  await first;
  expect(await tierOf(code)).toBe('key');
  expect((await stored(number)).customerTier).toBe('key');
  await runJobAt(app, slaAlertsJob, '2026-11-24T02:01:00Z');
  await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
  expect((await stored(number)).customerTier).toBe('key');
});

test('a ticket opened after the later change back to Key keeps Key when the earlier change’s copy lands late', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 600_000 });

  const copy = holdFirstCopy();
  const first = override(code, 'normal');
  await vi.waitFor(() => expect(copy.held()).toBe(true));
  await override(code, 'key');
  // Opened at Key, after the second change's copy (which had no open ticket to write).
  const { number } = await makeTicket(app, { customerCode: code, severity: 'urgent' });
  expect((await stored(number)).customerTier).toBe('key');
  copy.release();
  await first;
  expect((await stored(number)).customerTier).toBe('key');
});
