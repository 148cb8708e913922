// Tier moves in November 2026 (Shanghai), for the digest and report tests that count them
// (test/e2e/tier-move-counts.test.ts, test/cli/report-tier-moves.test.ts). Week 48 is Mon 23 -
// Sun 29 November, in the month of November.
import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { ctxOf, makeCustomer, OWNER } from './factories.js';

export const MANAGER = 'U0MANAGER1';

/** `hhmm` on `day` November 2026 in Shanghai. */
export const local = (day: number, hhmm: string) =>
  new Date(`2026-11-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);

/**
 * Two normal customers recorded on Mon 16 November. In week 48 a manager overrides Back and
 * Forth's tier to strategic (Tue 24) and takes the override back (Thu 26): up and back, it did
 * not move; Steady Climb's order of 510,000 on Wed 25 makes it key (manual A's 500,000).
 */
export async function upAndBackAndUp(app: TestApp) {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  app.clock.set(local(16, '10:00'));
  const back = await makeCustomer(app, { name: 'Back and Forth', firstContactDate: '2026-11-16' });
  const climb = await makeCustomer(app, { name: 'Steady Climb', firstContactDate: '2026-11-16' });
  app.clock.set(local(24, '10:00'));
  await app.desk.services.customers.update(await ctxOf(app, MANAGER), back.code, {
    tierOverride: { tier: 'strategic', reason: 'Group contract' },
  });
  app.clock.set(local(25, '12:00'));
  await app.desk.services.customers.recordOrder(await ctxOf(app, OWNER), climb.code, {
    date: '2026-11-25',
    amount: 510_000,
    number: 'SC-1',
  });
  app.clock.set(local(26, '10:00'));
  await app.desk.services.customers.update(await ctxOf(app, MANAGER), back.code, {
    tierOverride: null,
  });
  const tiers = await app.db.models.customerChanges
    .find({ customerId: back.id, field: 'tier' })
    .sort({ at: 1 })
    .lean();
  expect(tiers.map((c) => [c.oldValue, c.newValue])).toEqual([
    ['normal', 'strategic'],
    ['strategic', 'normal'],
  ]);
}

/** The blocks' text lines (sections and context). */
export const lines = (message: { args: Record<string, unknown> }) =>
  (message.args.blocks as any[]).flatMap((b) =>
    String(b.text?.text ?? b.elements?.[0]?.text ?? '').split('\n'),
  );
