// What the job tool (`npm run job`, src/cli/jobs.ts describeRun) is told of a slot it does not
// run, from the ledger: the counts its run recorded (a digest done without a digest channel:
// `noChannel 1`, which the tool says in words), the error of its last failed try, and a retry
// time only when the scheduler will retry it (not past the job's catch-up window: a minute
// job's failed slot is never tried again, the next minute's runs instead).
import { describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import type { WorkspaceJob } from '../../src/schedule/job.js';
import { runSlot, slotOf } from '../../src/schedule/runner.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { jobDeps } from '../helpers/jobs.js';
import { failingWeeklyJob } from '../helpers/setups-7-jobs.js';
import { useTestApp } from '../helpers/app.js';

// No DIGEST_CHANNEL_ID: the digest is built, posted nowhere.
const app = useTestApp({ now: '2026-11-16T02:00:00Z' });

describe('the job tool on a slot it does not run', () => {
  test('a digest done without a channel: the second run says what the first did', async () => {
    await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
    app.clock.set('2026-11-30T01:00:00Z'); // Monday 09:00 Shanghai
    const deps = jobDeps(app);
    const slot = await slotOf(deps, digestJob, FAKE_TEAM_ID, app.clock.now());
    const first = await runSlot(deps, digestJob, FAKE_TEAM_ID, slot, app.clock.now());
    expect(first.counts).toEqual({ queued: 0, noChannel: 1 });
    // The operator, later that day: "why is there no digest?"
    app.clock.set('2026-11-30T05:00:00Z');
    const again = await runSlot(deps, digestJob, FAKE_TEAM_ID, slot, app.clock.now());
    expect(again).toMatchObject({ ran: false, state: 'done' });
    expect(again.counts).toEqual({ queued: 0, noChannel: 1 });
  });

  test('a slot given up after three failures: the tool can say the error', async () => {
    const TEAM = 'T0SCHED001';
    await app.desk.services.workspaces.settings(TEAM);
    const job = failingWeeklyJob('figures unreadable');
    app.clock.set('2026-11-23T01:00:30Z');
    const slot = new Date('2026-11-23T01:00:00Z');
    for (let i = 0; i < 3; i++) {
      await runSlot(jobDeps(app), job, TEAM, slot, app.clock.now());
      app.clock.advance(2 * 60_000);
    }
    const asked = await runSlot(jobDeps(app), job, TEAM, slot, app.clock.now());
    expect(asked).toMatchObject({ ran: false, state: 'failed', attempts: 3 });
    expect(asked.error).toBe('figures unreadable');
    expect(asked.retryAfter).toBeUndefined();
  });

  test('a failed try: a retry time for a weekly slot, none for a minute slot the ticker moves past', async () => {
    const TEAM = 'T0SCHED001';
    await app.desk.services.workspaces.settings(TEAM);
    const weekly = failingWeeklyJob('figures unreadable');
    const minutely: WorkspaceJob = {
      name: 'test-minute',
      scope: 'workspace',
      slotAt: (now) => new Date(Math.floor(now.getTime() / 60_000) * 60_000),
      run: weekly.run,
    };
    app.clock.set('2026-11-23T01:00:30Z');
    const slot = new Date('2026-11-23T01:00:00Z');
    for (const job of [weekly, minutely]) {
      const first = await runSlot(jobDeps(app), job, TEAM, slot, app.clock.now());
      expect(first).toMatchObject({ ran: true, error: 'figures unreadable' });
    }
    app.clock.set('2026-11-23T01:00:40Z');
    const week = await runSlot(jobDeps(app), weekly, TEAM, slot, app.clock.now());
    expect(week).toMatchObject({ ran: false, state: 'failed', attempts: 1 });
    expect(week.error).toBe('figures unreadable');
    // A minute after its try ended (the run's own real milliseconds on top).
    expect(week.retryAfter!.getTime() - Date.parse('2026-11-23T01:01:30Z')).toBeLessThan(5_000);
    // Retried a minute after its end, past its one minute of catch-up: never.
    const minute = await runSlot(jobDeps(app), minutely, TEAM, slot, app.clock.now());
    expect(minute).toMatchObject({ ran: false, state: 'failed', attempts: 1 });
    expect(minute.retryAfter).toBeUndefined();
  });
});
