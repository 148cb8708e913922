import { describe, expect, test, vi } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { periodWindow } from '../../src/digest/periods.js';
import type { ActionParams, Severity, TicketType } from '../../src/ticket/types.js';
import { useTestApp } from '../helpers/app.js';
import { builtDigest, liveDigest } from '../helpers/digest.js';
import {
  act,
  AGENT,
  ctxOf,
  makeCustomer,
  makeTicket,
  OWNER,
  respond,
} from '../helpers/factories.js';
import { resolvedUncontacted } from '../helpers/complaints.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';

// Shanghai, business hours Mon-Fri 09:00-18:00. Week 48 is Mon 23 - Sun 29 November 2026.
const app = useTestApp({ now: '2026-11-16T02:00:00Z' });
const TZ = 'Asia/Shanghai';
const local = (day: number, hhmm: string) =>
  new Date(`2026-11-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);

async function ticket(
  customerCode: string,
  received: Date,
  opts: { severity?: Severity; type?: TicketType; complaintUrgency?: 'general' } = {},
): Promise<string> {
  app.clock.set(received);
  return (
    await makeTicket(app, {
      customerCode,
      severity: opts.severity ?? 'general',
      type: opts.type ?? 'after_sales',
      ...(opts.complaintUrgency ? { complaintUrgency: opts.complaintUrgency } : {}),
    })
  ).number;
}

async function actAt(number: string, params: ActionParams, at: Date) {
  app.clock.set(at);
  await act(app, number, params, AGENT);
  if (params.action === 'claim') await respond(app, number, AGENT);
}

/** A week's digest as built in production (from the stored days once the job has run). */
const built = (week = '2026-W48') => builtDigest(app, week);

/** A week's digest from the tickets read live, as before the stored days. */
const readLive = (week = '2026-W48') => liveDigest(app, week);

describe('the weekly digest from the stored days (figures_daily)', () => {
  test('the week from the stored days and the open tickets the job stored equals the week read live, after tickets changed since the job', async () => {
    app.clock.set(local(12, '09:00'));
    const { code } = await makeCustomer(app, { name: 'Huadong', source: 'other' });
    // Open at the end of week 48: of week 47, never answered (its first answer was due the same
    // day), answered and within its resolution target, waiting on the customer (paused); and a
    // general complaint of Friday 13, past its resolution target (72 business hours) by then.
    await ticket(code, local(16, '10:00'));
    const answered = await ticket(code, local(20, '10:00'));
    await actAt(answered, { action: 'claim' }, local(20, '10:30'));
    const waiting = await ticket(code, local(17, '10:00'));
    await actAt(waiting, { action: 'claim' }, local(17, '10:30'));
    await actAt(waiting, { action: 'wait' }, local(17, '11:00'));
    await ticket(code, local(13, '10:00'), { type: 'complaint', complaintUrgency: 'general' });
    // Week 48: one resolved in it, one answered and still open at its end, one resolved in it
    // that is reopened after the job ran.
    const done = await ticket(code, local(24, '10:00'));
    await actAt(done, { action: 'claim' }, local(24, '10:30'));
    await actAt(done, { action: 'resolve', summary: 'fixed' }, local(25, '15:00'));
    const late = await ticket(code, local(26, '10:00'), { severity: 'important' });
    await actAt(late, { action: 'claim' }, local(26, '10:30'));
    const reopened = await ticket(code, local(27, '10:00'));
    await actAt(reopened, { action: 'claim' }, local(27, '10:30'));
    await actAt(reopened, { action: 'resolve', summary: 'fixed' }, local(27, '16:00'));
    // One of week 47, untouched in week 48, resolved just after its end, before the job ran.
    const early = await ticket(code, local(19, '10:00'));
    await actAt(early, { action: 'claim' }, local(19, '10:30'));
    await actAt(early, { action: 'resolve', summary: 'fixed' }, local(30, '00:10'));

    // The nightly job after the week: stores its days and the open tickets' clocks.
    const job = await app.desk.services.dailyFigures.refresh(FAKE_TEAM_ID, TZ, local(30, '00:30'), {
      marginMs: 0,
    });
    expect(job.openClocks).toBe(1);

    // After the job, on Monday 30: the open one of week 48 resolved (after the week's end), the
    // waiting one resumed, one resolved in week 48 reopened, and a new ticket.
    await actAt(late, { action: 'resolve', summary: 'fixed' }, local(30, '09:10'));
    await actAt(waiting, { action: 'resume' }, local(30, '09:20'));
    await actAt(reopened, { action: 'reopen' }, local(30, '09:30'));
    await ticket(code, local(30, '09:40'));

    app.clock.set(local(30, '10:00'));
    const forDigest = vi.spyOn(app.desk.services.dailyFigures, 'forDigest');
    const stored = await built();
    // Taken from the stored days, not read live.
    expect(await forDigest.mock.results[0]!.value).not.toBeNull();
    forDigest.mockRestore();
    expect(stored).toEqual(await readLive());
    // What the managers read: three opened in the week, one resolved in it (the reopened one
    // is open again), the backlog at the week's end (the five from before, one of them
    // resolved after it, the one of the week resolved after it and the reopened one) with
    // those past a target then, and the complaint past its resolution target.
    expect(stored).toMatchObject({
      opened: 3,
      resolved: 1,
      backlog: 7,
      overdue: 2,
      openComplaints: 1,
      complaintBreaches: 1,
    });

    // A week that ended before the tickets resolved the job's snapshot holds (14 days): those
    // resolved since its end are read from the database with the changed ones; the same week.
    app.clock.set(local(30, '10:00'));
    const older = vi.spyOn(app.desk.services.dailyFigures, 'forDigest');
    const week46 = await built('2026-W46');
    expect(await older.mock.results[0]!.value).not.toBeNull();
    older.mockRestore();
    expect(week46).toEqual(await readLive('2026-W46'));
    expect(week46.backlog).toBe(1);
  });

  test("a complaint waiting on the customer at the week's end has not missed its resolution target, one that waited and resumed has once its target moved by the wait passed; the same from the stored days", async () => {
    app.clock.set(local(12, '09:00'));
    const { code } = await makeCustomer(app, { name: 'Huadong', source: 'other' });
    // Critical complaints (24 business hours to resolve), each called back in time by the
    // account manager and waiting on the customer from an hour after it came in.
    const complaint = async (received: Date) => {
      app.clock.set(received);
      const { number } = await makeTicket(app, {
        customerCode: code,
        type: 'complaint',
        complaintUrgency: 'critical',
      });
      const later = (minutes: number) => new Date(received.getTime() + minutes * 60_000);
      await actAt(number, { action: 'claim' }, later(20));
      await act(
        app,
        number,
        { action: 'contact', at: later(25), via: 'call', summary: 'ok' },
        OWNER,
      );
      await actAt(number, { action: 'wait' }, later(60));
      return number;
    };
    // Friday 20 (due Tuesday 24 16:00 as received), still waiting.
    await complaint(local(20, '10:00'));
    // Monday 23, resumed on Tuesday 24 11:00: due 9 business hours later than as received,
    // Thursday 26 16:00, and still open at the week's end: missed.
    const resumed = await complaint(local(23, '10:00'));
    await actAt(resumed, { action: 'resume' }, local(24, '11:00'));
    // Wednesday 25 (due Friday 27 16:00 as received), waiting at the week's end; it resumes
    // after the nightly job stored its clock.
    const waiting = await complaint(local(25, '10:00'));

    await app.desk.services.dailyFigures.refresh(FAKE_TEAM_ID, TZ, local(30, '00:30'), {
      marginMs: 0,
    });
    await actAt(waiting, { action: 'resume' }, local(30, '09:20'));

    app.clock.set(local(30, '10:00'));
    const forDigest = vi.spyOn(app.desk.services.dailyFigures, 'forDigest');
    const stored = await built();
    expect(await forDigest.mock.results[0]!.value).not.toBeNull();
    forDigest.mockRestore();
    expect(stored).toEqual(await readLive());
    expect(stored).toMatchObject({ openComplaints: 3, complaintBreaches: 1 });
  });

  test("a complaint resolved the week before whose contact target fell in the week, never made, is a target missed in the week, as in the week's report; one contacted in time is not; the same from the stored days", async () => {
    app.clock.set(local(12, '09:00'));
    const { code } = await makeCustomer(app, { name: 'Huadong', source: 'other' });
    // General complaints (contact within 24 business hours), claimed at once and resolved on
    // Friday 20, in week 47: resolved on time, nothing of them due in week 47.
    const complaint = async (received: Date, contacted?: Date) => {
      const number = await ticket(code, received, {
        type: 'complaint',
        complaintUrgency: 'general',
      });
      await actAt(number, { action: 'claim' }, new Date(received.getTime() + 10 * 60_000));
      if (contacted)
        await act(
          app,
          number,
          { action: 'contact', at: contacted, via: 'call', summary: 'ok' },
          OWNER,
        );
      // Never contacted: resolved as Resolve allowed before it asked for the contact.
      const resolve = () =>
        actAt(
          number,
          {
            action: 'resolve',
            summary: 'Refund',
            rootCause: 'billing',
            correctiveAction: 'Price check',
          },
          local(20, '11:00'),
        );
      if (contacted) await resolve();
      else await resolvedUncontacted(app, number, resolve);
    };
    // Thursday 19 17:00: contact due Tuesday 24 14:00, never made.
    await complaint(local(19, '17:00'));
    // Thursday 19 16:00: contact due Tuesday 24 13:00, made on Friday 20 10:00.
    await complaint(local(19, '16:00'), local(20, '10:00'));

    await app.desk.services.dailyFigures.refresh(FAKE_TEAM_ID, TZ, local(30, '00:30'), {
      marginMs: 0,
    });
    app.clock.set(local(30, '10:00'));
    const forDigest = vi.spyOn(app.desk.services.dailyFigures, 'forDigest');
    const week47 = await built('2026-W47');
    const week48 = await built();
    for (const r of forDigest.mock.results) expect(await r.value).not.toBeNull();
    forDigest.mockRestore();
    expect(week47).toEqual(await readLive('2026-W47'));
    expect(week48).toEqual(await readLive());
    // What the managers read: both complaints of week 47, resolved in it on time; the missed
    // contact in week 48, the week it was due, where nothing else of the complaint happened.
    expect(week47).toMatchObject({ complaints: 2, resolved: 2, complaintBreaches: 0 });
    expect(week48).toMatchObject({ complaints: 0, resolved: 0, complaintBreaches: 1 });
    // The week's report reads its tickets by the contact due time too: the same figure.
    const ctx = await ctxOf(app, SYSTEM_ACTOR);
    const report = await app.desk.services.reports.build(ctx, periodWindow('2026-W48', TZ)!);
    expect(report.overall.complaintBreaches).toBe(1);
  });
});
