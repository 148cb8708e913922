// A customer marked key potential is served at the strategic tier's first-response target
// (responseTier; domain 2-4: key-potential sits on the strategic row, "the stricter one wins"),
// though its revenue tier does not move: its open tickets still owing their first response are
// brought forward as a tier move up brings them (ticket-tier-target), their thread saying why
// (the potential, not "the tier moved up"), in English and in Chinese (homeh1 2).
import { expect, test } from 'vitest';
import { newTicketByModal, openCustomerEdit } from '../helpers/clicks.js';
import { makeCustomer, makeTicket } from '../helpers/factories.js';
import { useTierDesk } from '../helpers/setups-9-tiers.js';

const MANAGER = 'U0MANAGER1';
const TRIAGE = 'C0TRIAGE01';

// Tuesday 24 November 2026, 10:00 in Shanghai; business hours 09:00-18:00.
const { app, stored } = useTierDesk();

const threadLines = () =>
  app.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === TRIAGE && c.args.thread_ts)
    .map((c) => String(c.args.text));

/** `potential` saved on the customer's Edit customer modal by a manager. */
async function markPotential(code: string, potential: 'key' | 'ordinary') {
  const modal = await openCustomerEdit(app, code, MANAGER);
  const res = await app.slack.submitView(
    modal.args.view as Record<string, unknown>,
    { potential },
    { userId: MANAGER },
  );
  expect(res.body).toBe('');
}

test.each([
  [
    'en',
    'The customer is a key potential customer: its tickets now have the Strategic tier’s first-response target, which is stricter, so the first response is due within 4 h of receipt (was 8 h).',
  ],
  [
    'zh-CN',
    '该客户为重点潜力客户：其工单改按战略客户的首次响应时限（更严格），首次响应须在接收后 4 小时 内完成（原为 8 小时）。',
  ],
])(
  '%s: marking a normal customer key potential brings its unanswered ticket forward to 4 h, its thread saying why',
  async (locale, line) => {
    await app.setSettings(() => ({ managers: [MANAGER], locale: locale as 'en' | 'zh-CN' }));
    const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 });
    // Received 10:00: general 8 h (normal 24 h), due 18:00.
    const { number } = await makeTicket(app, { customerCode: code, severity: 'general' });
    expect((await stored(number)).sla.responseMinutes).toBe(480);

    app.clock.set(new Date('2026-11-24T03:00:00Z'));
    await markPotential(code, 'key');

    const after = await stored(number);
    // Its revenue tier stays normal; the target is the strategic tier's.
    expect(after.customerTier).toBe('normal');
    expect(after.sla).toMatchObject({ responseMinutes: 240, responseTier: 'strategic' });
    expect(after.responseDueAt).toEqual(new Date('2026-11-24T06:00:00Z'));
    expect(after.timeline.filter((e) => e.action === 'retarget')).toEqual([
      expect.objectContaining({
        retargeted: { tier: 'strategic', responseMinutes: 240, was: 480, reason: 'potential' },
      }),
    ]);

    await app.desk.outbox.drain();
    const lines = threadLines();
    expect(lines.filter((text) => text === line)).toHaveLength(1);
    expect(lines.join('\n')).not.toMatch(/tier moved up|等级已上调/);

    // Marked ordinary again: a move down changes nothing.
    await markPotential(code, 'ordinary');
    expect((await stored(number)).sla.responseMinutes).toBe(240);
    expect((await stored(number)).timeline.filter((e) => e.action === 'retarget')).toHaveLength(1);
  },
);

test('a general ticket opened while the customer is marked key potential (saved and copied before its insert) gets the strategic 4 h from the intake’s catch-up', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 });
  // The change saved, and its copies run (no open ticket yet), once the intake read the customer.
  const tickets = app.db.models.tickets as any;
  const create = tickets.create;
  let ran = false;
  tickets.create = async function (...args: unknown[]) {
    if (!ran) {
      ran = true;
      await markPotential(code, 'key');
    }
    return create.apply(tickets, args);
  };
  let number: string;
  try {
    number = await newTicketByModal(app, code, { severity: 'general' });
  } finally {
    tickets.create = create;
  }
  expect(ran).toBe(true);
  const ticket = await stored(number);
  expect(ticket.sla).toMatchObject({ responseMinutes: 240, responseTier: 'strategic' });
  expect(ticket.timeline.filter((e) => e.action === 'retarget')).toEqual([
    expect.objectContaining({ retargeted: expect.objectContaining({ reason: 'potential' }) }),
  ]);
});
