// A ticket entered after its week (or month) ended, received back-dated, is opened in the
// week (period) it was entered: the digest of its receipt's week went out without it
// (digest/figures.ts `openedAt`). Shanghai; week 47 is Mon 16 - Sun 22 November 2026.
import { describe, expect, test, vi } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { periodWindow } from '../../src/digest/periods.js';
import { digestJob } from '../../jobs/digest.js';
import { useTestApp } from '../helpers/app.js';
import { builtDigest, digestFields as fields, liveDigest } from '../helpers/digest.js';
import { ctxOf, makeCustomer, makeTicket } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

const DIGEST = 'C0DIGEST01';
const TZ = 'Asia/Shanghai';
const app = useTestApp({
  env: { DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-10-12T02:00:00Z',
  since: '2026-01-01T00:00:00Z',
});
const local = (date: string, hhmm: string) => new Date(`2026-${date}T${hhmm}:00+08:00`);

async function complaintEntered(
  code: string,
  received: Date,
  entered: Date,
  type: 'complaint' | 'after_sales' = 'complaint',
) {
  app.clock.set(entered);
  await makeTicket(app, {
    customerCode: code,
    severity: 'general',
    type,
    channel: 'phone',
    receivedAt: received,
  });
}

describe('a complaint phoned in on Friday evening and typed in on Monday after the digest', () => {
  test('is opened in the next posted digest, and in the week built from the stored days', async () => {
    app.clock.set(local('11-16', '09:30'));
    const { code } = await makeCustomer(app, { name: 'Huadong', source: 'other' });
    // Week 47's digest goes out on Monday 23 at 09:00: nothing opened.
    await runJobAt(app, digestJob, '2026-11-23T01:00:00Z');
    const w47 = fields(app.fake.postsTo(DIGEST)[0]!);
    expect(w47['Complaints opened']).toBe('0 (±0 vs last week)');
    // Monday 10:00: the complaint phoned in on Friday 20 at 17:30 is typed in.
    await complaintEntered(code, local('11-20', '17:30'), local('11-23', '10:00'));
    // And an email of Saturday 21, typed in on Monday 11:00, left open and unanswered.
    await complaintEntered(code, local('11-21', '11:00'), local('11-23', '11:00'), 'after_sales');
    app.fake.reset();
    await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
    const w48 = fields(app.fake.postsTo(DIGEST)[0]!);
    expect(w48['Complaints opened']).toBe('1 (+1 vs last week)');
    expect(w48.Opened).toBe('2 (+2 vs last week)');

    // The same from the nightly job's stored days (the complaint is filed by the day it was
    // entered) as read live.
    await app.desk.services.dailyFigures.refresh(FAKE_TEAM_ID, TZ, local('11-30', '00:30'), {
      marginMs: 0,
    });
    const forDigest = vi.spyOn(app.desk.services.dailyFigures, 'forDigest');
    const stored = await builtDigest(app, '2026-W48');
    expect(await forDigest.mock.results[0]!.value).not.toBeNull();
    forDigest.mockRestore();
    expect(stored.opened).toBe(2);
    expect(stored.complaints).toBe(1);
    expect(stored).toEqual(await liveDigest(app, '2026-W48'));
  });

  test("a month's report counts one entered after its month ended in the month it was entered", async () => {
    app.clock.set(local('10-12', '09:30'));
    const { code } = await makeCustomer(app, { name: 'Huadong', source: 'other' });
    // Received on Friday 30 October, typed in on Monday 2 November (after October's report).
    await complaintEntered(code, local('10-30', '17:30'), local('11-02', '10:00'));
    app.clock.set(local('12-01', '10:00'));
    const ctx = await ctxOf(app, SYSTEM_ACTOR);
    const month = (period: string) =>
      app.desk.services.reports.build(ctx, periodWindow(period, TZ)!);
    expect((await month('2026-10')).overall.complaints).toBe(0);
    const november = await month('2026-11');
    expect(november.overall.opened).toBe(1);
    expect(november.retention.complaints).toBe(1);
    // And from the stored days.
    await app.desk.services.dailyFigures.refresh(FAKE_TEAM_ID, TZ, local('12-01', '00:30'), {
      marginMs: 0,
    });
    expect((await month('2026-11')).overall.opened).toBe(1);
    expect((await month('2026-10')).overall.opened).toBe(0);
  });
});
