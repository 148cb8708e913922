// The SLA sweep over a burst (moved from test/e2e/sla-alerts.test.ts: 30 tickets breaching in one
// sweep): one list per channel and owner, no reply per ticket, the card updates paced.
import { beforeEach, describe, expect, test } from 'vitest';
import { makeCustomer, OWNER } from '../helpers/factories.js';
import { ALERTS, slaSteps, TRIAGE, useSlaAlertsApp } from '../helpers/sla-alerts.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useSlaAlertsApp();

/** Every ticket is Huadong's (normal tier), created as each test starts. */
let customerCode = '';
beforeEach(async () => {
  customerCode = (await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 })).code;
});

const { ticket, sweepAt, posts } = slaSteps(app, () => customerCode);

describe('SLA alerts', () => {
  test('a burst (30 tickets breaching in one sweep): one list per channel and owner, no reply per ticket, card updates paced within their tier (bench/sla-sweep.ts measures 500)', async () => {
    for (let i = 0; i < 30; i++) await ticket('general', i);
    app.clock.set('2026-11-25T09:00:00Z');
    const [result] = await sweepAt('2026-11-26T01:00:30Z'); // far past every first-response target
    expect(result!.counts).toMatchObject({ checked: 30, breaches: 30, escalations: 30 });
    expect(posts(ALERTS)).toHaveLength(1);
    // 60 lines (breach and escalation of each), the first 20 shown
    expect(JSON.stringify(posts(ALERTS)[0]!.args.blocks)).toContain(
      '…and 40 more: see `/ticket list overdue`.',
    );
    // A burst: the lists say it all, no reply in each ticket's thread.
    expect(posts(TRIAGE).filter((c) => c.args.thread_ts)).toHaveLength(0);
    expect(posts(OWNER)).toHaveLength(1); // one DM for the owner, with all 60 alerts listed
    expect(posts('C0ESCAL001')).toHaveLength(1); // the escalations, listed once
    // Every card shows its escalation, the updates 1.2 s apart (chat.update: ~50 a minute).
    expect(app.fake.callsTo('chat.update')).toHaveLength(30);
    // (The first may wait for an update of an earlier test: the pacer outlives a test.)
    expect(app.pacingWaits.filter((ms) => ms === 1200).length).toBeGreaterThanOrEqual(29);
    expect(app.pacingWaits.every((ms) => ms <= 1200)).toBe(true);
  });
});
