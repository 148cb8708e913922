import { describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import type { ActionParams } from '../../src/ticket/types.js';
import { useTestApp } from '../helpers/app.js';
import { builtDigest, liveDigest } from '../helpers/digest.js';
import { act, AGENT, makeCustomer, makeTicket, respond } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

const DIGEST = 'C0DIGEST01';
const app = useTestApp({
  env: { DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-11-16T02:00:00Z',
  since: '2026-01-01T00:00:00Z',
});
const local = (day: number, hhmm: string) =>
  new Date(`2026-11-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);
async function actAt(number: string, params: ActionParams, by: string, at: Date) {
  app.clock.set(at);
  await act(app, number, params, by);
  if (params.action === 'claim') await respond(app, number, by);
}
function fields(message: { args: Record<string, unknown> }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const block of message.args.blocks as any[])
    for (const f of block.fields ?? []) {
      const [label, ...rest] = (f.text as string).split('\n');
      out[label!.replace(/\*/g, '')] = rest.join(' | ');
    }
  return out;
}

// A follow-up cancelled by its ticket's reopen after its day was owed and missed: due and not on
// time (digest/figures.ts `dueFollowUp`).
describe('a revisit missed, then cancelled by a reopen', () => {
  test('the revisit due Mon 23, not done, its ticket reopened Wed 25: week 48 counts it due and not on time', async () => {
    await app.setSettings(() => ({ revisitDays: [3, 30] }));
    app.clock.set(local(16, '09:30'));
    const { code } = await makeCustomer(app, { name: 'Huadong', source: 'other' });
    // Resolved Fri 20 November: the day-3 revisit is due Mon 23.
    app.clock.set(local(20, '10:00'));
    const n = (
      await makeTicket(app, { customerCode: code, severity: 'general', type: 'after_sales' })
    ).number;
    await actAt(n, { action: 'claim' }, AGENT, local(20, '10:30'));
    await actAt(n, { action: 'resolve', summary: 'fixed' }, AGENT, local(20, '11:00'));
    const before = await app.db.models.tasks.findOne({ ticketNumber: n, kind: 'revisit' }).lean();
    expect(before!.dueDate).toBe('2026-11-23');
    // Nobody calls on Monday or Tuesday; on Wednesday 25 the agent reopens the ticket.
    await actAt(n, { action: 'reopen' }, AGENT, local(25, '10:00'));
    const after = await app.db.models.tasks.findOne({ ticketNumber: n, kind: 'revisit' }).lean();
    expect([after!.status, after!.cancelReason]).toEqual(['cancelled', 'reopened']);
    await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
    const shown = fields(app.fake.postsTo(DIGEST)[0]!);
    expect(shown['Follow-ups done on time']).toBe('0.0% | (0 of 1)');
    // The same from the nightly job's stored days as read live.
    await app.desk.services.dailyFigures.refresh(
      FAKE_TEAM_ID,
      'Asia/Shanghai',
      local(30, '00:30'),
      {
        marginMs: 0,
      },
    );
    const stored = await builtDigest(app, '2026-W48');
    expect([stored.revisitsDue, stored.revisitsOnTime]).toEqual([1, 0]);
    expect(stored).toEqual(await liveDigest(app, '2026-W48'));
  });
});
