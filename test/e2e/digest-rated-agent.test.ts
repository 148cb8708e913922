import { describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import type { ActionParams } from '../../src/ticket/types.js';
import { useTestApp } from '../helpers/app.js';
import { act, ctxOf, makeCustomer, makeTicket, respond } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const AGENT2 = 'U0AGENT002';
const MANAGER = 'U0MANAGER1';
const DIGEST = 'C0DIGEST01';
// Shanghai, Mon-Fri 09:00-18:00. Week 48 is Mon 23 - Sun 29 November 2026.
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
const text = (m: any) => JSON.stringify(m.args.blocks);

// An agent rated in a week and doing nothing else in it has their per-agent line, with the
// score (digest/figures.ts `agentFigures`).
describe('a rating of an agent idle in the week', () => {
  test("the revisit of AGENT2's resolution, done in week 48 by a manager, rates AGENT2 on the per-agent lines", async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    app.clock.set(local(16, '09:30'));
    const { code } = await makeCustomer(app, { name: 'Huadong', source: 'other' });
    // AGENT2 takes and resolves a ticket on Fri 20 November (W47); its revisit is due Mon 23.
    app.clock.set(local(20, '10:00'));
    const n = (
      await makeTicket(app, { customerCode: code, severity: 'general', type: 'after_sales' })
    ).number;
    await actAt(n, { action: 'claim' }, AGENT2, local(20, '10:30'));
    await actAt(n, { action: 'resolve', summary: 'fixed' }, AGENT2, local(20, '11:00'));
    // AGENT2 is away in W48: their revisit is done by a manager (MANAGER) on Mon 23, rated 1/5.
    app.clock.set(local(23, '15:00'));
    const task = await app.db.models.tasks.findOne({ ticketNumber: n, kind: 'revisit' }).lean();
    expect(task!.agentId).toBe(AGENT2);
    await app.desk.services.tasks.complete(await ctxOf(app, MANAGER), task!._id as string, () => ({
      interactionType: 'call',
      summary: 'unhappy',
      solved: true,
      satisfaction: 1,
      nps: 2,
    }));
    await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
    const post = app.fake.postsTo(DIGEST)[0]!;
    const shown = text(post);
    // The overall score counts the answer...
    expect(shown).toContain('Satisfaction (of 100)*\\n20');
    // ...and the per-agent lines rate the one whose resolution it rates.
    expect(shown).toMatch(new RegExp(`<@${AGENT2}>: satisfaction 20`));
    expect(shown).toContain(`<@${MANAGER}>: 1 follow-up done`);
  });
});
