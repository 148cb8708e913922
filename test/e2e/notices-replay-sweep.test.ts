// A change whose notices are still owed (its outbox write refused: the ticket's mark set) and
// then escalated by the SLA sweep before the outbox job's repair: the sweep's escalation writes
// its card alone and clears the mark by its own version, so it writes the earlier change's replay
// first (TicketFlows.act, `announce: 'none'`); that write refused too, it leaves the mark for the
// repair. Either way the earlier change's thread line goes once.
import { trusted } from 'mongoose';
import { expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { failCalls } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';
import { cardWrite, threadLines as threadLinesOf } from '../helpers/setups-10-notices.js';

const TRIAGE = 'C0TRIAGE01';
const EXPERT = 'U0EXPERT01';

// Tuesday 2026-11-24 10:00 in Shanghai: an urgent ticket's first response is due at 12:00.
const app = useTestApp({
  env: {
    TRIAGE_CHANNEL_ID: TRIAGE,
    ALERTS_CHANNEL_ID: 'C0ALERTS01',
    ESCALATION_CHANNEL_ID: 'C0ESCAL001',
  },
  now: '2026-11-24T02:00:00Z',
});

const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;

const threadLines = () => threadLinesOf(app, TRIAGE);

test.each([
  ['the sweep writes the claim’s replay before its alert', 1],
  ['the sweep’s replay refused too: the repair writes the claim’s line', 2],
])(
  'a Claim whose outbox write is refused (database), the SLA sweep escalating the ticket on breach before the repair: %s; the claim’s line once, nothing owed',
  async (_, refusals) => {
    await app.setSettings(() => ({ experts: [{ userId: EXPERT, skills: [] }] }));
    const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 });
    const { number } = await makeTicket(app, { customerCode: code, severity: 'urgent' });
    await app.desk.outbox.drain();
    await runJobAt(app, outboxJob, '2026-11-24T02:00:30Z');
    // 11:59:40, twenty seconds before the breach: the claim saved, its notices not written.
    app.clock.set('2026-11-24T03:59:40Z');
    const restore = failCalls(app.db.models.outbox, 'bulkWrite', {
      times: refusals,
      when: cardWrite as never,
    });
    try {
      await app.slack.blockAction(
        { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
        { userId: AGENT, channelId: TRIAGE },
      );
      expect(await stored(number)).toMatchObject({
        assigneeId: AGENT,
        noticesOwedAt: expect.any(Date),
      });
      // 12:00:30: the first response overdue, the ticket escalated to the expert.
      await runJobAt(app, slaAlertsJob, '2026-11-24T04:00:30Z');
    } finally {
      restore();
    }
    expect(await stored(number)).toMatchObject({ level: 2, assigneeId: EXPERT });
    // Its replay not written, the sweep left the mark for the repair.
    if (refusals === 2) expect((await stored(number)).noticesOwedAt).toBeDefined();
    const lines = threadLines();
    // The outbox job after the repair's wait.
    for (const at of ['2026-11-24T04:03:00Z', '2026-11-24T04:10:00Z']) {
      await runJobAt(app, outboxJob, at);
      lines.push(...threadLines());
    }
    const claimed = `<@${AGENT}> claimed it.`;
    expect(lines.filter((l) => l === claimed)).toHaveLength(1);
    expect(lines.filter((l) => l.includes('escalated to L2 on breach'))).toHaveLength(1);
    // Written by the sweep, the claim's line goes before the sweep's alert in the thread.
    if (refusals === 1) expect(lines[0]).toBe(claimed);
    expect((await stored(number)).noticesOwedAt).toBeUndefined();
    expect(
      await app.db.models.outbox.countDocuments({
        state: 'pending',
        kind: trusted({ $ne: 'home' }),
      }),
    ).toBe(0);
  },
);
