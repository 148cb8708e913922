import { describe, expect, test } from 'vitest';
import { figuresDailyJob } from '../../jobs/figures-daily.js';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { periodWindow } from '../../src/digest/periods.js';
import type { ActionParams } from '../../src/ticket/types.js';
import { useTestApp } from '../helpers/app.js';
import {
  act,
  AGENT,
  ctxOf,
  makeCustomer,
  makeTicket,
  OWNER,
  respond,
} from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { holdFirstCall } from '../helpers/hold.js';
import { fromEveryRecord, fromStoredDays } from '../helpers/report-months.js';
import { submitLastModal } from '../helpers/clicks.js';
import type { DailyFactsRepository } from '../../src/digest/daily/repository.js';

// Shanghai, business hours Mon-Fri 09:00-18:00; the month is October 2026.
const app = useTestApp({ now: '2026-10-01T02:00:00Z' });
const local = (date: string, hhmm: string) => new Date(`2026-${date}T${hhmm}:00+08:00`);
const TZ = 'Asia/Shanghai';

async function actAt(number: string, params: ActionParams, at: Date) {
  app.clock.set(at);
  await act(app, number, params, AGENT);
  if (params.action === 'claim') await respond(app, number, AGENT);
}

async function revisitDone(number: string, at: Date, satisfaction: number) {
  app.clock.set(at);
  const task = await app.db.models.tasks.findOne({ ticketNumber: number, kind: 'revisit' }).lean();
  await app.desk.services.tasks.complete(
    await ctxOf(app, task!.assigneeId),
    task!._id as string,
    () => ({ interactionType: 'call', summary: 'ok', solved: true, satisfaction, nps: 9 }),
  );
}

async function order(code: string, date: string, amount: number, at: Date) {
  app.clock.set(at);
  await app.desk.services.customers.recordOrder(await ctxOf(app, OWNER), code, {
    date: `2026-${date}`,
    amount,
    number: `${code}-${date}`,
  });
}

describe('reports from the stored days (figures_daily)', () => {
  test('a month built from the stored days equals the month built from every record, after a late resolution, a late survey answer and an order recorded late', async () => {
    app.clock.set(local('10-01', '10:00'));
    const alpha = await makeCustomer(app, {
      name: 'Alpha',
      source: 'other',
      firstContactDate: '2026-01-05',
      lifecycle: 'active',
    });
    const beta = await makeCustomer(app, {
      name: 'Beta',
      source: 'referral',
      firstContactDate: '2026-02-02',
      lifecycle: 'active',
    });
    // 13 Oct: A (Alpha) claimed and resolved the same day; 14 Oct: B (Beta) claimed, left open.
    app.clock.set(local('10-13', '10:00'));
    const a = (await makeTicket(app, { customerCode: alpha.code, severity: 'general' })).number;
    await actAt(a, { action: 'claim' }, local('10-13', '10:30'));
    await actAt(a, { action: 'resolve', summary: 'fixed' }, local('10-13', '15:00'));
    app.clock.set(local('10-14', '10:00'));
    const b = (await makeTicket(app, { customerCode: beta.code, severity: 'important' })).number;
    await actAt(b, { action: 'claim' }, local('10-14', '11:00'));
    await order(alpha.code, '10-12', 300_000, local('10-12', '12:00'));

    // Before the job ever ran, a report reads every record.
    app.clock.set(local('10-19', '12:00'));
    expect((await fromStoredDays(app)).days).toEqual({ stored: 0, read: 31 + 31 + 61 });

    // The nightly job of 20 Oct stores the ended days (1 to 19 October and the span before).
    const [run] = await runJobAt(app, figuresDailyJob, '2026-10-19T16:30:00Z');
    expect(run?.ran).toBe(true);
    // Its watermark is when it ran: a test's writes come right after, so no margin here.
    await app.desk.services.dailyFigures.refresh(FAKE_TEAM_ID, TZ, local('10-20', '00:30'), {
      marginMs: 0,
    });

    // After those days closed: B resolved on 22 Oct (it stays filed under 14 Oct too), A's
    // revisit answered on 26 Oct (a late satisfaction, due 16 Oct), an order dated 9 Oct recorded
    // on 26 Oct.
    await actAt(b, { action: 'resolve', summary: 'replaced' }, local('10-22', '10:00'));
    await revisitDone(a, local('10-26', '11:00'), 4);
    await order(beta.code, '10-09', 120_000, local('10-26', '12:00'));

    app.clock.set(local('11-02', '09:00'));
    const stored = await fromStoredDays(app);
    const raw = await fromEveryRecord(app);
    expect(stored.figures).toEqual(raw);
    // What a manager reads: both tickets resolved in October, the late answer and the late
    // order counted.
    expect(stored.figures.overall.opened).toBe(2);
    expect(stored.figures.overall.resolved).toBe(2);
    expect(stored.figures.overall.satisfaction).toBe(80);
    expect(stored.figures.retention.revenue).toBe(420_000);
    expect(stored.figures.perAgent).toEqual([
      expect.objectContaining({ agentId: AGENT, handled: 2, satisfaction: 80 }),
    ]);
    // Read again: the days the late edits touch (the changed records' days and the days they
    // were filed in) and the days since the job; the rest came from the stored days.
    expect(stored.days.read).toBeGreaterThan(0);
    expect(stored.days.stored).toBeGreaterThan(0);
    expect(stored.days.stored + stored.days.read).toBe(31 + 31 + 61);

    // The next night's job stores the changed days again; then nothing is read but the
    // stored days, with the same figures. (The outbox's deliveries mark the tickets too: done
    // first, as by then they would be.)
    await app.desk.outbox.drain();
    await app.desk.services.dailyFigures.refresh(FAKE_TEAM_ID, TZ, local('11-03', '00:30'), {
      marginMs: 0,
    });
    app.clock.set(local('11-03', '09:00'));
    const again = await fromStoredDays(app);
    expect(again.days).toEqual({ stored: 31 + 31 + 61, read: 0 });
    expect(again.figures).toEqual(await fromEveryRecord(app));
  });

  test("a survey answered in the month for a ticket of the month before, and a complaint of the month before still open past its target, are the month's figures; complaints waiting on the customer are not past theirs", async () => {
    app.clock.set(local('09-01', '10:00'));
    const alpha = await makeCustomer(app, { name: 'Alpha', firstContactDate: '2026-01-05' });
    // 28 Sep: a general complaint (resolution due within 72 business hours), never resolved.
    app.clock.set(local('09-28', '10:00'));
    await makeTicket(app, {
      customerCode: alpha.code,
      type: 'complaint',
      complaintUrgency: 'general',
    });
    // Two complaints whose due time fixed at intake passed in October, waiting on the customer
    // since an hour after they came in: the clock stood still, so neither missed its target.
    const complaint = async (at: Date, complaintUrgency: 'general' | 'critical') => {
      app.clock.set(at);
      const { number } = await makeTicket(app, {
        customerCode: alpha.code,
        type: 'complaint',
        complaintUrgency,
      });
      const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000);
      await actAt(number, { action: 'claim' }, later(20));
      // The account manager calls in time: the contact target is met.
      await act(
        app,
        number,
        { action: 'contact', at: later(25), via: 'call', summary: 'ok' },
        OWNER,
      );
      await actAt(number, { action: 'wait' }, later(60));
    };
    await complaint(local('09-28', '10:00'), 'general');
    await complaint(local('10-26', '10:00'), 'critical');
    // 29 Sep: a requester in Slack; resolved on 30 Sep, so the survey goes then; answered 2 Oct.
    app.clock.set(local('09-29', '10:00'));
    const asked = await makeTicket(app, {
      customerCode: alpha.code,
      requester: { userId: 'U0REQUEST1' },
    });
    await actAt(asked.number, { action: 'claim' }, local('09-29', '10:30'));
    await actAt(asked.number, { action: 'resolve', summary: 'fixed' }, local('09-30', '15:00'));
    await app.desk.outbox.drain();
    app.clock.set(local('10-02', '10:00'));
    await app.desk.flows.requester.answer(await ctxOf(app, 'U0REQUEST1'), asked.id, {
      satisfaction: 5,
    });

    app.clock.set(local('11-02', '09:00'));
    const raw = await fromEveryRecord(app);
    expect(raw.overall).toMatchObject({
      opened: 1,
      complaints: 1,
      complaintBreaches: 1,
      customerSatisfaction: 100,
      customerSatisfactionResponses: 1,
    });
    await runJobAt(app, figuresDailyJob, '2026-11-01T16:30:00Z');
    app.clock.set(local('11-02', '09:00'));
    expect((await fromStoredDays(app)).figures).toEqual(raw);
  });

  test("two figures-daily runs overlapping (an instance going on with a run handed over in a deploy): the older run's day, read before a resolution and saved after the newer run's, does not replace it; the month counts the resolution", async () => {
    app.clock.set(local('10-01', '10:00'));
    const alpha = await makeCustomer(app, { name: 'Alpha', firstContactDate: '2026-01-05' });
    app.clock.set(local('10-13', '10:00'));
    const a = (await makeTicket(app, { customerCode: alpha.code, severity: 'general' })).number;
    const refresh = (at: Date) =>
      app.desk.services.dailyFigures.refresh(FAKE_TEAM_ID, TZ, at, { marginMs: 0 });
    await refresh(local('10-20', '00:30'));
    // Claimed on the 21st: 13 October (its receipt) is stored again by the next night's runs.
    await actAt(a, { action: 'claim' }, local('10-21', '10:30'));

    // The old instance's run reads its days, then is slow to save them.
    const repo = (app.desk.services.dailyFigures as unknown as { repo: DailyFactsRepository }).repo;
    const older = holdFirstCall(repo, 'save');
    const olderRun = refresh(local('10-22', '00:30'));
    await older.reached;
    // Meanwhile the ticket is resolved on its card.
    app.clock.set(local('10-22', '10:00'));
    await app.slack.blockAction(
      { action_id: 'ticket_resolve_open', value: a, block_id: 'ticket_actions' },
      { userId: AGENT },
    );
    expect(await submitLastModal(app, { resolution: 'Replaced encoder' }, AGENT)).toMatchObject({
      body: '',
    });
    // The instance that took the slot over runs (it reads the resolution), up to its watermark.
    const newer = holdFirstCall(repo, 'setState');
    const newerRun = refresh(local('10-22', '00:30'));
    await newer.reached;
    // The old run's days land after the new run's; the new run's watermark last.
    older.release();
    await olderRun;
    newer.release();
    await newerRun;
    older.restore();
    newer.restore();

    app.clock.set(local('11-02', '09:00'));
    const stored = await fromStoredDays(app);
    expect(stored.figures.overall.resolved).toBe(1);
    expect(stored.figures).toEqual(await fromEveryRecord(app));
  });

  test('an open backlog too big to store is counted by the database: the same backlog, and the snapshot is used again once it fits', async () => {
    app.clock.set(local('10-01', '10:00'));
    const alpha = await makeCustomer(app, { name: 'Alpha', firstContactDate: '2026-01-05' });
    app.clock.set(local('10-13', '10:00'));
    const a = (await makeTicket(app, { customerCode: alpha.code, severity: 'general' })).number;
    await actAt(a, { action: 'claim' }, local('10-13', '10:30'));
    app.clock.set(local('10-14', '10:00'));
    await makeTicket(app, { customerCode: alpha.code, severity: 'important' }); // never claimed
    const refresh = (openMaxChars?: number) =>
      app.desk.services.dailyFigures.refresh(FAKE_TEAM_ID, TZ, local('11-02', '00:30'), {
        marginMs: 0,
        ...(openMaxChars === undefined ? {} : { openMaxChars }),
      });

    expect((await refresh(10)).openSnapshot).toBe(0);
    app.clock.set(local('11-02', '09:00'));
    const counted = await fromStoredDays(app);
    expect(counted.figures).toEqual(await fromEveryRecord(app));
    expect(counted.figures.overall.backlog).toBe(2);

    expect((await refresh()).openSnapshot).toBe(1);
    app.clock.set(local('11-02', '09:00'));
    const fromSnapshot = await fromStoredDays(app);
    expect(fromSnapshot.figures).toEqual(counted.figures);
    expect(fromSnapshot.figures.overall.backlog).toBe(2);
  });

  test("tickets open at the month's end and resolved after it (before or after the job ran) count in its backlog, from the job's clocks", async () => {
    app.clock.set(local('10-01', '10:00'));
    const alpha = await makeCustomer(app, { name: 'Alpha', firstContactDate: '2026-01-05' });
    // Two received in October, answered, still open at its end; one resolved on 1 November
    // before the job ran, the other on 2 November after it.
    app.clock.set(local('10-28', '10:00'));
    const a = (await makeTicket(app, { customerCode: alpha.code, severity: 'general' })).number;
    await actAt(a, { action: 'claim' }, local('10-28', '10:30'));
    app.clock.set(local('10-29', '10:00'));
    const b = (await makeTicket(app, { customerCode: alpha.code, severity: 'general' })).number;
    await actAt(b, { action: 'claim' }, local('10-29', '10:30'));
    await actAt(a, { action: 'resolve', summary: 'fixed' }, local('11-01', '10:00'));
    await app.desk.services.dailyFigures.refresh(FAKE_TEAM_ID, TZ, local('11-02', '00:30'), {
      marginMs: 0,
    });
    await actAt(b, { action: 'resolve', summary: 'fixed' }, local('11-02', '10:00'));

    app.clock.set(local('11-02', '11:00'));
    const stored = await fromStoredDays(app);
    expect(stored.figures).toEqual(await fromEveryRecord(app));
    expect(stored.figures.overall.backlog).toBe(2);
    expect(stored.figures.overall.resolved).toBe(0);
  });

  test("tickets open at the month's end that were answered or set to waiting after it count overdue as they stood at its end, as in the weekly digest; from the job's snapshot just after the end, from one weeks later, and from every record alike", async () => {
    app.clock.set(local('10-01', '10:00'));
    const alpha = await makeCustomer(app, { name: 'Alpha', firstContactDate: '2026-01-05' });
    // General tickets: first answer due within 8 business hours, resolution within 72.
    const ticket = async (at: Date) => {
      app.clock.set(at);
      return (await makeTicket(app, { customerCode: alpha.code, severity: 'general' })).number;
    };
    const answerAt = async (number: string, at: Date) => {
      app.clock.set(at);
      await respond(app, number, AGENT);
    };
    // Fri 16 Oct, answered at once: resolution due Wed 28 Oct 10:00; waiting from 2 Nov.
    const pastDue = await ticket(local('10-16', '10:00'));
    await actAt(pastDue, { action: 'claim' }, local('10-16', '10:30'));
    // Fri 16 Oct, answered: resolution due Wed 28 Oct 11:00, waiting since Thu 29 Oct.
    const waitingLate = await ticket(local('10-16', '11:00'));
    await actAt(waitingLate, { action: 'claim' }, local('10-16', '11:30'));
    await actAt(waitingLate, { action: 'wait' }, local('10-29', '10:00'));
    // Mon 26 Oct, answered, within its targets at the end; waiting from 2 Nov.
    const onTime = await ticket(local('10-26', '10:00'));
    await actAt(onTime, { action: 'claim' }, local('10-26', '10:30'));
    // Thu 29 Oct (first answer due 18:00), answered on Sun 1 Nov, before the job ran.
    const answeredEarly = await ticket(local('10-29', '10:00'));
    await answerAt(answeredEarly, local('11-01', '12:00'));
    // Fri 30 Oct 09:00 (first answer due 17:00), answered on Mon 2 Nov, after the job ran.
    const answeredLate = await ticket(local('10-30', '09:00'));

    await app.desk.services.dailyFigures.refresh(FAKE_TEAM_ID, TZ, local('11-02', '00:30'), {
      marginMs: 0,
    });
    await answerAt(answeredLate, local('11-02', '10:00'));
    await actAt(pastDue, { action: 'wait' }, local('11-02', '10:05'));
    await actAt(onTime, { action: 'wait' }, local('11-02', '10:10'));

    // What a manager reads for October: five open at its end, four of them past a target then
    // (the two never answered by then, the two past their resolution due time), however they
    // stand now; the same from the stored days and from every record.
    app.clock.set(local('11-02', '11:00'));
    const stored = await fromStoredDays(app);
    expect(stored.figures).toEqual(await fromEveryRecord(app));
    expect(stored.figures.overall).toMatchObject({ backlog: 5, overdue: 4 });

    // The report of week 44 (ended Mon 2 Nov 00:00) counts the backlog at its end as its
    // digest does: the one answered on Sunday is no longer past a target.
    const ctx = await ctxOf(app, SYSTEM_ACTOR);
    const week = periodWindow('2026-W44', TZ)!;
    const digest = await app.desk.services.digests.build(ctx, { week: '2026-W44', ...week });
    const weekReport = await app.desk.services.reports.build(ctx, week);
    expect(digest).toMatchObject({ backlog: 5, overdue: 3 });
    expect(weekReport.overall).toMatchObject({ backlog: digest.backlog, overdue: digest.overdue });

    // Weeks later, the job's clocks no longer reach back to October's end: the tickets whose
    // due times moved are read from the database; the same month.
    await app.desk.services.dailyFigures.refresh(FAKE_TEAM_ID, TZ, local('11-20', '00:30'), {
      marginMs: 0,
    });
    app.clock.set(local('11-20', '09:00'));
    const later = await fromStoredDays(app);
    expect(later.figures).toEqual(await fromEveryRecord(app));
    expect(later.figures.overall).toMatchObject({ backlog: 5, overdue: 4 });
  });

  test('a reopened ticket leaves the day it was resolved in: the stored day is read again', async () => {
    app.clock.set(local('10-01', '10:00'));
    const alpha = await makeCustomer(app, { name: 'Alpha', firstContactDate: '2026-01-05' });
    app.clock.set(local('10-13', '10:00'));
    const a = (await makeTicket(app, { customerCode: alpha.code, severity: 'general' })).number;
    await actAt(a, { action: 'claim' }, local('10-13', '10:30'));
    await actAt(a, { action: 'resolve', summary: 'fixed' }, local('10-15', '15:00'));
    await app.desk.services.dailyFigures.refresh(FAKE_TEAM_ID, TZ, local('10-20', '00:30'), {
      marginMs: 0,
    });
    await actAt(a, { action: 'reopen' }, local('10-21', '09:00'));

    app.clock.set(local('11-02', '09:00'));
    const stored = await fromStoredDays(app);
    expect(stored.figures).toEqual(await fromEveryRecord(app));
    expect(stored.figures.overall.resolved).toBe(0);
  });
});
