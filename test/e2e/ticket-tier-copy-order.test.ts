// A customer's tier copied to its open tickets (TicketRepository.retierCustomer) ends at the
// customer's latest tier whatever order two changes' copies land in: a late copy of an earlier
// change (Key to Normal, held up) written after a later change back (Normal to Key) brings no
// old tier back, whether the later copy found the ticket at Key already or the ticket was opened
// after it (revland48a F1).
import { expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { holdFirstTierCopy, overrideTier } from '../helpers/clicks.js';
import { makeCustomer, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { useTierDesk } from '../helpers/setups-9-tiers.js';

const MANAGER = 'U0MANAGER1';

const { app, stored, tierOf } = useTierDesk();

test('Key to Normal copied late, after Normal back to Key: the open ticket stays Key, the sweep and the repair leave it', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 600_000 });
  const { number } = await makeTicket(app, { customerCode: code, severity: 'urgent' });
  expect((await stored(number)).customerTier).toBe('key');

  const copy = holdFirstTierCopy(app);
  const first = overrideTier(app, code, 'normal', MANAGER);
  await copy.arrived;
  expect(await tierOf(code)).toBe('normal');
  // Back to Key while the first copy is in flight: its copy finds the ticket at Key already.
  await overrideTier(app, code, 'key', MANAGER);
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

  const copy = holdFirstTierCopy(app);
  const first = overrideTier(app, code, 'normal', MANAGER);
  await copy.arrived;
  await overrideTier(app, code, 'key', MANAGER);
  // Opened at Key, after the second change's copy (which had no open ticket to write).
  const { number } = await makeTicket(app, { customerCode: code, severity: 'urgent' });
  expect((await stored(number)).customerTier).toBe('key');
  copy.release();
  await first;
  expect((await stored(number)).customerTier).toBe('key');
});
