// L3 (the account manager, one to one) is judged by the customer's value tier now, as Classify…
// judges its targets: a manager's override after intake counts at once for the card's Escalate,
// its click and the SLA sweep's automatic L3, both ways.
import { expect, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
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

test('a customer overridden to key: its open ticket copies the tier at once (its card drawn again, the stored copy the lists read), and its automatic L3 comes at its due time', async () => {
  const { number, code } = await ticketAtL2(100_000);
  // 13:00: the sweep plans its next alert as a normal customer's ticket (no L3 for it).
  await runJobAt(app, slaAlertsJob, '2026-11-24T05:00:00Z');
  await app.desk.outbox.drain();
  const l3 = new Date('2026-11-24T08:00:00Z'); // 240 business minutes after L2 at 12:00
  expect((await stored(number)).nextAlertAt!.getTime()).toBeGreaterThan(l3.getTime());
  // 13:30: the manager's override; the card drawn again through the outbox (no one acted on it).
  app.clock.set('2026-11-24T05:30:00Z');
  app.fake.reset();
  await override(code, 'key');
  expect(await stored(number)).toMatchObject({ customerTier: 'key' });
  await app.desk.outbox.drain();
  const card = app.fake.callsTo('chat.update').at(-1)!;
  expect(JSON.stringify(card.args.blocks)).toContain('Huadong (C2026001) · Key');
  // Its next alert planned again with the tier now: L3 at 16:00, not at its old next alert.
  await runJobAt(app, slaAlertsJob, '2026-11-24T05:31:00Z');
  expect((await stored(number)).nextAlertAt!.getTime()).toBeLessThanOrEqual(l3.getTime() + 1000);
  await runJobAt(app, slaAlertsJob, '2026-11-24T08:00:02Z');
  expect(await stored(number)).toMatchObject({ level: 3, assigneeId: OWNER, customerTier: 'key' });
});

test('a tier change cut short before its tickets were copied: the outbox job’s repair copies the tier and draws the cards, once', async () => {
  const { number, code } = await ticketAtL2(100_000);
  await app.desk.outbox.drain();
  app.clock.set('2026-11-24T05:30:00Z');
  // The cards' write fails (the database hiccups): the save stands, the copies are owed.
  const outbox = app.desk.services.outbox;
  const enqueue = outbox.enqueue.bind(outbox);
  const cut = vi.spyOn(outbox, 'enqueue').mockImplementation(async (ctx, entries) => {
    if (entries.some((e) => e.bulk)) throw new Error('database down');
    return enqueue(ctx, entries);
  });
  try {
    await override(code, 'key');
  } finally {
    cut.mockRestore();
  }
  expect(await stored(number)).toMatchObject({ customerTier: 'normal' });
  // The repair two minutes on (runJobAt forgets the calls before each run): the copy and the
  // card; a second run writes nothing more.
  await runJobAt(app, outboxJob, '2026-11-24T05:33:00Z');
  expect(await stored(number)).toMatchObject({ customerTier: 'key' });
  const cards = app.fake.callsTo('chat.update');
  expect(cards).toHaveLength(1);
  expect(JSON.stringify(cards[0]!.args.blocks)).toContain('Huadong (C2026001) · Key');
  await runJobAt(app, outboxJob, '2026-11-24T05:34:00Z');
  expect(app.fake.callsTo('chat.update')).toEqual([]);
  await runJobAt(app, slaAlertsJob, '2026-11-24T08:00:02Z');
  expect(await stored(number)).toMatchObject({ level: 3 });
});

// The bulk redraws are enqueued before the tier is written (crash safety); the card is drawn
// with the customer's tier now (DeliveryHooks.ticketCard: tiersNow), not the stored copy, so a
// worker that takes them before the write still draws the new tier (revland48a F3: no fault).
test('a tier change’s card redraw taken by an outbox worker before the tickets are written draws the new tier', async () => {
  const { number, code } = await ticketAtL2(100_000);
  await app.desk.outbox.drain();
  app.clock.set('2026-11-24T05:30:00Z');
  app.fake.reset();
  // Another instance's worker takes the bulk redraws the moment they are in the outbox.
  const outbox = app.desk.services.outbox;
  const enqueue = outbox.enqueue.bind(outbox);
  const drawn: string[] = [];
  const eager = vi.spyOn(outbox, 'enqueue').mockImplementation(async (ctx, entries) => {
    const keys = await enqueue(ctx, entries);
    if (entries.some((e) => e.bulk)) {
      drawn.push((await stored(number)).customerTier);
      await app.desk.outbox.drain();
    }
    return keys;
  });
  try {
    await override(code, 'key');
  } finally {
    eager.mockRestore();
  }
  // Drawn while the ticket still stored Normal.
  expect(drawn).toEqual(['normal']);
  const cards = app.fake.callsTo('chat.update');
  expect(cards).toHaveLength(1);
  expect(JSON.stringify(cards[0]!.args.blocks)).toContain('Huadong (C2026001) · Key');
  expect(await stored(number)).toMatchObject({ customerTier: 'key' });
});
