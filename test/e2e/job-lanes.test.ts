// The ticker's lanes (jobs/index.ts startJobs): the minute jobs tick every minute while a long
// daily run goes on on the same instance, and the periodic lane never starts a tick while its
// last one is under way.
import { beforeEach, describe, expect, test } from 'vitest';
import { startJobs } from '../../jobs/index.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { dailyJob } from '../../src/schedule/job.js';
import type { RunResult } from '../../src/schedule/runner.js';
import { makeCustomer } from '../helpers/factories.js';
import { jobDeps } from '../helpers/jobs.js';
import { ALERTS, slaSteps, useSlaAlertsApp } from '../helpers/sla-alerts.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useSlaAlertsApp();

let customerCode = '';
beforeEach(async () => {
  customerCode = (await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 })).code;
});
const { ticket, posts } = slaSteps(app, () => customerCode);

/** A promise the test settles: `fired` resolves once `fire()` is called. */
function signal() {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => (fire = resolve));
  return { fired, fire };
}

/**
 * The jobs started on instance a, ticked by the test as node-cron would tick them with the options
 * startJobs gives it (`noOverlap`: a minute skipped while the last tick is under way).
 */
function ticking(jobs: Parameters<typeof startJobs>[1]) {
  let tick!: () => Promise<RunResult[]>;
  let noOverlap = true;
  let last: Promise<unknown> | undefined;
  // The minute lane's tick under way, if any.
  let minuteLane: Promise<unknown> | undefined;
  const runner = startJobs(jobDeps(app, 'a'), jobs, {
    onLane: (lane, run) => {
      if (lane === 'minute') minuteLane = run;
    },
    ticker: (t, options) => {
      tick = t;
      noOverlap = options?.noOverlap ?? true;
      return { stop: () => undefined };
    },
  });
  /** The tick at `iso`: the runs it started (none when node-cron skipped the minute). */
  const at = async (iso: string): Promise<RunResult[]> => {
    app.clock.set(iso);
    app.fake.reset();
    if (noOverlap && last) return [];
    const run = tick();
    last = run.finally(() => (last = undefined));
    return run;
  };
  return { runner, at, minuteLane: () => minuteLane };
}

describe('the minute lane', () => {
  test('a daily run held for minutes does not hold up the SLA sweep: the warning goes out on time, and the daily run is not started twice', async () => {
    const number = await ticket('urgent'); // received 10:00, first response due 12:00; warned 11:30
    const { fired: held, fire: release } = signal();
    const { fired: started, fire: running } = signal();
    let dailyRuns = 0;
    // A daily run (09:00, caught up the same day), say the tasks on a big desk, held until released.
    const longDaily = dailyJob('test-long-daily', async () => {
      dailyRuns++;
      running();
      await held;
      return {};
    });
    // The periodic job listed first, as the daily jobs come before slack-events in JOBS.
    const { runner, at, minuteLane } = ticking([longDaily, slaAlertsJob]);
    const first = at('2026-11-24T03:29:00Z'); // 11:29: the daily run starts and is held
    await started;
    await minuteLane(); // the 11:29 sweep has ended
    // 11:30:30, the daily run still going: the sweep's minute runs and the warning is posted.
    const second = await at('2026-11-24T03:30:30Z');
    expect(second.map((r) => [r.job, r.ran, r.slot.toISOString()])).toEqual([
      ['sla-alerts', true, '2026-11-24T03:30:00.000Z'],
    ]);
    await app.desk.outbox.drain();
    expect(posts(ALERTS).map((c) => c.args.text)).toEqual([
      expect.stringContaining(`*${number}* Issue 0 · Huadong · Urgent: first response due soon`),
    ]);
    // 11:31:30: the sweep again (nothing new); the periodic lane still busy, not ticked again.
    const third = await at('2026-11-24T03:31:30Z');
    expect(third.map((r) => [r.job, r.ran])).toEqual([['sla-alerts', true]]);
    expect(dailyRuns).toBe(1);
    // The daily run ends: the 11:29 tick's periodic lane ends with it (its sweep ran at 11:29).
    release();
    expect((await first).map((r) => [r.job, r.ran])).toEqual([
      ['test-long-daily', true],
      ['sla-alerts', true],
    ]);
    // The next minute ticks both lanes again: the day's run is done, not run again.
    const fourth = await at('2026-11-24T03:32:30Z');
    expect(fourth.map((r) => [r.job, r.ran, r.state])).toEqual([
      ['test-long-daily', false, 'done'],
      ['sla-alerts', true, undefined],
    ]);
    expect(dailyRuns).toBe(1);
    await runner.stop();
  });
});
