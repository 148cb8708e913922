// A next reply owed and past its target at the week's end, given (or its ticket resolved) on
// Monday morning before the 09:00 digest, was overdue at the end: the digest, its past-SLA list
// and a report of the week count it (the ticket keeps the last reply owed: `lastReply`), read
// live or from the stored days. Shanghai; week 48 is Mon 23 - Sun 29 November 2026.
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { periodWindow } from '../../src/digest/periods.js';
import { digestJob } from '../../jobs/digest.js';
import { useTestApp } from '../helpers/app.js';
import { actAt, builtDigest, digestFields as fields, liveDigest } from '../helpers/digest.js';
import { AGENT, ctxOf, makeCustomer, makeTicket, respond } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

const DIGEST = 'C0DIGEST01';
const TZ = 'Asia/Shanghai';
const app = useTestApp({
  env: { DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-11-16T02:00:00Z',
  since: '2026-01-01T00:00:00Z',
});
const local = (day: number, hhmm: string) =>
  new Date(`2026-11-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);
const LINE = "open at the week's end, the customer wrote again and had no reply by its target";

beforeEach(async () => {
  // 30 business days to resolve: at the week's end only the reply the customer waits for is late.
  const every = 30 * 9 * 60;
  await app.setSettings((s) => ({
    sla: {
      ...s.sla,
      resolutionMinutesBySeverity: { urgent: every, important: every, general: every },
    },
  }));
});

/**
 * Two tickets owing a reply past its target at the week's end: `before`, received and first
 * answered in week 47 and untouched since but for the customer writing again on Tuesday 24 (the
 * backlog the database only counts), and `inWeek`, received and answered on Wednesday 25, the
 * customer writing again on Friday 27.
 */
async function owingAtWeekEnd() {
  app.clock.set(local(16, '09:30'));
  const { code } = await makeCustomer(app, { name: 'Huadong', source: 'other' });
  const ticket = async (day: number) => {
    app.clock.set(local(day, '09:00'));
    const { number } = await makeTicket(app, {
      customerCode: code,
      severity: 'general',
      type: 'after_sales',
    });
    await actAt(app, number, { action: 'claim' }, AGENT, local(day, '09:30'));
    return number;
  };
  const before = await ticket(18);
  const inWeek = await ticket(25);
  const wrote = { action: 'note', text: 'still broken', said: 'followUp' } as const;
  await actAt(app, before, wrote, AGENT, local(24, '10:00'));
  await actAt(app, inWeek, wrote, AGENT, local(27, '10:00'));
  return { before, inWeek };
}

/** Monday 30 before the digest: `before` answered at 08:30, `inWeek` resolved at 08:40. */
async function settledMonday({ before, inWeek }: { before: string; inWeek: string }) {
  app.clock.set(local(30, '08:30'));
  await respond(app, before, AGENT);
  await actAt(app, inWeek, { action: 'resolve', summary: 'fixed' }, AGENT, local(30, '08:40'));
}

const posted = () => JSON.stringify(app.fake.postsTo(DIGEST)[0]!.args.blocks);
const weekReport = async () => {
  const ctx = await ctxOf(app, SYSTEM_ACTOR);
  return app.desk.services.reports.build(ctx, periodWindow('2026-W48', TZ)!);
};
const nightly = (at: Date) =>
  app.desk.services.dailyFigures.refresh(FAKE_TEAM_ID, TZ, at, { marginMs: 0 });

describe('a next reply overdue at the week end, given before the digest is built', () => {
  test('read live: Overdue at week end counts both, the past-SLA list names them by the reply; the week’s report too', async () => {
    const tickets = await owingAtWeekEnd();
    await settledMonday(tickets);
    await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
    const shown = fields(app.fake.postsTo(DIGEST)[0]!);
    expect(shown['Overdue at week end']).toMatch(/^2 /);
    expect(posted()).toContain(tickets.before);
    expect(posted()).toContain(tickets.inWeek);
    expect(posted().split(LINE).length - 1).toBe(2);
    expect((await weekReport()).overall.overdue).toBe(2);
  });

  test('from the stored days and the job’s clocks the same as read live, the report too', async () => {
    const tickets = await owingAtWeekEnd();
    // The nightly job on Monday 30 00:30, before the reply and the resolve.
    await nightly(local(30, '00:30'));
    await settledMonday(tickets);
    const forDigest = vi.spyOn(app.desk.services.dailyFigures, 'forDigest');
    const stored = await builtDigest(app, '2026-W48');
    expect(await forDigest.mock.results[0]!.value).not.toBeNull();
    expect(stored.overdue).toBe(2);
    expect(stored).toEqual(await liveDigest(app, '2026-W48'));
    expect((await weekReport()).overall.overdue).toBe(2);

    // The job again on Tuesday 00:30: its clocks now hold the reply given, the ticket resolved.
    await nightly(new Date('2026-11-30T16:30:00Z'));
    const again = await builtDigest(app, '2026-W48');
    expect(await forDigest.mock.results.at(-1)!.value).not.toBeNull();
    forDigest.mockRestore();
    expect(again.overdue).toBe(2);
    expect(again).toEqual(await liveDigest(app, '2026-W48'));
    expect((await weekReport()).overall.overdue).toBe(2);
  });

  test('a reply the customer asked for after the week’s end, given Monday, was not owed at the end', async () => {
    const { before } = await owingAtWeekEnd();
    // Answered on Saturday 28 (in the week), the customer writes again on Sunday 29 23:00 ...
    app.clock.set(local(28, '10:00'));
    await respond(app, before, AGENT);
    const wrote = { action: 'note', text: 'and now?', said: 'followUp' } as const;
    // ... and on Monday 30 07:00, answered at 08:30: neither owed past its target at the end.
    await actAt(app, before, wrote, AGENT, local(30, '07:00'));
    app.clock.set(local(30, '08:30'));
    await respond(app, before, AGENT);
    await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
    // The other ticket (resolution not due, its reply owed since Friday): still overdue.
    expect(fields(app.fake.postsTo(DIGEST)[0]!)['Overdue at week end']).toMatch(/^1 /);
    expect(posted()).not.toContain(before);
  });
});
