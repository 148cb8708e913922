// A ticket opened while a change of its customer's tier is saved: the intake read the customer
// before the change, whose copy ran before the ticket was in (no open ticket to write). The
// intake's catch-up writes the tier now, as it writes the owner; before, it kept the old tier
// (lists and rows said Key for a Normal customer) until an action on it or the next tier change.
import { expect, onTestFinished, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import {
  holdFirstTierCopy,
  newTicketByModal,
  newTicketByModalWhile,
  openCustomerEdit,
  overrideTier,
} from '../helpers/clicks.js';
import { makeCustomer } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { useTierDesk } from '../helpers/setups-9-tiers.js';

const MANAGER = 'U0MANAGER1';

const { app, stored, tierOf } = useTierDesk();

test('a ticket opened while a tier change is saved and copied (before its insert) is stored at the new tier', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 600_000 });
  expect(await tierOf(code)).toBe('key');
  const number = await newTicketByModalWhile(app, code, async () => {
    await overrideTier(app, code, 'normal', MANAGER); // saved and copied (no open ticket yet) before the insert
  });
  expect(await tierOf(code)).toBe('normal');
  expect((await stored(number)).customerTier).toBe('normal');
  // Nothing later undoes it.
  await runJobAt(app, slaAlertsJob, '2026-11-24T02:01:00Z');
  await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
  expect((await stored(number)).customerTier).toBe('normal');
});

test('two tier changes saved during the intake (Key, Normal, Key again), the first copied late: the new ticket ends at the customer’s tier, Key', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 600_000 });
  expect(await tierOf(code)).toBe('key');
  const copy = holdFirstTierCopy(app);
  let first: Promise<void> | undefined;
  const number = await newTicketByModalWhile(app, code, async () => {
    first = overrideTier(app, code, 'normal', MANAGER); // saved; its copy held
    await copy.arrived;
    await overrideTier(app, code, 'key', MANAGER); // saved and copied: no open ticket yet
  });
  expect(await tierOf(code)).toBe('key');
  expect((await stored(number)).customerTier).toBe('key');
  copy.release();
  await first;
  expect(await tierOf(code)).toBe('key');
  await runJobAt(app, slaAlertsJob, '2026-11-24T02:01:00Z');
  await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
  expect((await stored(number)).customerTier).toBe('key');
});

/** A manager's save on the customer's Edit customer modal (`values`: its fields). */
async function submitEdit(code: string, values: Record<string, string>) {
  const modal = await openCustomerEdit(app, code, MANAGER);
  const res = await app.slack.submitView(modal.args.view as Record<string, unknown>, values, {
    userId: MANAGER,
  });
  expect(res.body).toBe('');
}

/** Every tier copy held (a slow instance) until `release`. */
function holdEveryCopy() {
  const copies = (app.desk.services.customers as any).repos.ownerCopies[0];
  const real = copies.retierCustomer;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let held = 0;
  copies.retierCustomer = async (...args: unknown[]) => {
    held++;
    await gate;
    return real(...args);
  };
  onTestFinished(() => {
    copies.retierCustomer = real;
  });
  return { release, held: () => held };
}

test('another open ticket of the customer, its tier change (Key -> Normal) copied late while a rename is saved during a new ticket’s intake: its card is drawn again and says Normal', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 600_000 });
  const t1 = await newTicketByModal(app, code, { severity: 'urgent' });
  await app.desk.outbox.drain();
  expect((await stored(t1)).customerTier).toBe('key');
  const copy = holdEveryCopy();
  const o1 = submitEdit(code, {
    tier_override: 'normal',
    tier_override_reason: 'Critical incident',
  });
  await vi.waitFor(() => expect(copy.held()).toBe(1), { timeout: 15_000 });
  // The rename saved as the new ticket is inserted (after the intake read the customer).
  let r2: Promise<void> | undefined;
  const t2 = await newTicketByModalWhile(app, code, async () => {
    r2 = submitEdit(code, { name: 'Huadong Precision' });
    await vi.waitFor(() => expect(copy.held()).toBe(2), { timeout: 15_000 });
  });
  expect(r2).toBeDefined();
  app.fake.reset();
  copy.release();
  await o1;
  await r2;
  await app.desk.outbox.drain();
  app.clock.advance(5 * 60_000);
  await app.desk.outbox.drain();

  expect((await stored(t2)).customerTier).toBe('normal');
  const t1Now = await stored(t1);
  expect(t1Now.customerTier).toBe('normal');
  const updates = app.fake.calls.filter(
    (c) => c.method === 'chat.update' && c.args.ts === t1Now.card?.ts,
  );
  expect(updates.length).toBeGreaterThan(0);
  expect(JSON.stringify(updates.at(-1)!.args.blocks)).toContain('Normal');
});
