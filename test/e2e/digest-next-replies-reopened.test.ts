// A reopened ticket resolved again counts only its next replies since the reopen: the earlier
// ones were counted with its earlier resolution (digest/figures.ts `nextReplyCounts`).
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

describe('next replies of a ticket resolved twice', () => {
  test("week 47's late next reply is week 47's: week 48, where the reopened ticket is resolved again, counts only its own", async () => {
    app.clock.set(local(16, '09:30'));
    const { code } = await makeCustomer(app, { name: 'Huadong', source: 'other' });
    app.clock.set(local(16, '10:00'));
    const n = (
      await makeTicket(app, { customerCode: code, severity: 'general', type: 'after_sales' })
    ).number;
    await actAt(n, { action: 'claim' }, AGENT, local(16, '10:30'));
    // The customer writes Tue 17 10:00; answered only Thu 19 10:00 (late: 8 h target).
    await actAt(
      n,
      { action: 'note', text: 'still broken', said: 'followUp' },
      AGENT,
      local(17, '10:00'),
    );
    app.clock.set(local(19, '10:00'));
    await respond(app, n, AGENT);
    await actAt(n, { action: 'resolve', summary: 'fixed' }, AGENT, local(19, '11:00'));
    await runJobAt(app, digestJob, '2026-11-23T01:00:00Z');
    const w47 = fields(app.fake.postsTo(DIGEST)[0]!)['Next replies on time'];
    // Reopened by the agent Tue 24, answered by the resolve at once.
    await actAt(n, { action: 'reopen' }, AGENT, local(24, '10:00'));
    await actAt(n, { action: 'resolve', summary: 'again' }, AGENT, local(24, '11:00'));
    app.fake.reset();
    await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
    const w48 = fields(app.fake.postsTo(DIGEST)[0]!)['Next replies on time'];
    expect(w47).toBe('0.0% | (0 of 1)');
    expect(w48).toMatch(/^100\.0% .*\(1 of 1\)$/);
    // The same from the nightly job's stored days as read live.
    await app.desk.services.dailyFigures.refresh(
      FAKE_TEAM_ID,
      'Asia/Shanghai',
      local(30, '00:30'),
      { marginMs: 0 },
    );
    const stored = await builtDigest(app, '2026-W48');
    expect([stored.nextReplies, stored.nextRepliesInTime]).toEqual([1, 1]);
    expect(stored).toEqual(await liveDigest(app, '2026-W48'));
  });
});
