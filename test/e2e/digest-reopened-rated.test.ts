// Week 48's digest on the edges a reopen and a rating make (revdigest F2, F3, F6). Shanghai,
// Mon-Fri 09:00-18:00; week 48 is Mon 23 - Sun 29 November 2026.
import { describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { useTestApp } from '../helpers/app.js';
import {
  actAt as actOn,
  builtDigest,
  digestFields as fields,
  liveDigest,
} from '../helpers/digest.js';
import { AGENT, ctxOf, makeCustomer, makeTicket, respond } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import type { ActionParams } from '../../src/ticket/types.js';

const AGENT2 = 'U0AGENT002';
const MANAGER = 'U0MANAGER1';
const DIGEST = 'C0DIGEST01';
const app = useTestApp({
  env: { DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-11-16T02:00:00Z',
  since: '2026-01-01T00:00:00Z',
});
const local = (day: number, hhmm: string) =>
  new Date(`2026-11-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);
const actAt = (number: string, params: ActionParams, by: string, at: Date) =>
  actOn(app, number, params, by, at);
const text = (m: any) => JSON.stringify(m.args.blocks);

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

// A reopened ticket resolved again counts only its next replies since the reopen: the earlier
// ones were counted with its earlier resolution (digest/figures.ts `nextReplyCounts`).
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
