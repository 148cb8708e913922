// The reports' conversions per owner: a lead whose first order is recorded in the period, not a
// customer who bought before the desk's first record (the history a team brings, typed in as a
// lead and given its old orders when it starts), as the new customers leave that history out.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { customerByModal } from '../helpers/setups-7-customers.js';

const REP = 'U0REP00001';
const MANAGER = 'U0MANAGER1';

// Tuesday 1 September 2026, 10:00 in Shanghai: the team starts with the desk.
const app = useTestApp({ now: '2026-09-01T02:00:00Z' });

const lastModal = () =>
  app.fake.calls.filter((c) => c.method === 'views.open' || c.method === 'views.update').at(-1)!
    .args.view as Record<string, unknown>;
const lastReply = () => String(app.fake.callsTo('response_url').at(-1)!.args.text);

async function newCustomer(name: string, firstContact: string) {
  return customerByModal(app, REP, { name, first_contact: firstContact, owner: REP });
}

async function recordOrder(code: string, date: string, amount: string) {
  await app.slack.blockAction(
    { action_id: 'customer_order_open', value: code, block_id: 'customer_actions' },
    { userId: REP },
  );
  const res = await app.slack.submitView(lastModal(), { date, amount }, { userId: REP });
  expect(res.body, JSON.stringify(res.body)).toBe('');
}

describe('conversions per owner', () => {
  test("a customer who bought before the desk's first record is no conversion; a lead met before it, or on its first day, who first orders now is", async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    // The rep types in a customer of two years, with its order of last December, and a lead met
    // in August; then meets a new lead.
    const old = await newCustomer('Old Buyer', '2024-03-01');
    await recordOrder(old!, '2025-12-01', '300,000');
    const august = await newCustomer('August Lead', '2026-08-15');
    const fresh = await newCustomer('September Lead', '2026-09-01');
    // The two leads order in September (the new one on the desk's first day, recorded later):
    // both converted on the desk.
    app.clock.set('2026-09-10T02:00:00Z');
    await recordOrder(august!, '2026-09-10', '50,000');
    await recordOrder(fresh!, '2026-09-01', '80,000');
    // Each of the three went from prospect to a buying stage in September, by the change log.
    const stages = await app.db.models.customerChanges
      .find({ field: 'lifecycle', oldValue: 'prospect' })
      .lean();
    expect(stages).toHaveLength(3);

    app.clock.set('2026-10-08T02:00:00Z');
    app.fake.reset();
    await app.slack.command('/desk', 'report month 2026-09', { userId: MANAGER });
    expect(lastReply()).toBe('The 2026-09 report is in your direct messages from the desk.');
    const report = app.fake.callsTo('chat.postMessage').at(-1)!;
    const owners = JSON.stringify(report.args.blocks);
    // 2 conversions (the two leads), not 3; September's revenue is theirs: 130,000.
    expect(owners).toContain(`<@${REP}>: 0 follow-ups done · 2 conversions · revenue 130,000 CNY`);
  });
});
