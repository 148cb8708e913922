import { describe, expect, test } from 'vitest';
import { JOB_HAND_OVER_MS, JOB_STOP_WAIT_MS, startJobs } from '../../jobs/index.js';
import { jobDepsOf } from '../../src/app.js';
import type { GlobalJob, WorkspaceJob } from '../../src/schedule/job.js';
import { runDue } from '../../src/schedule/runner.js';
import { weeklySlot } from '../../src/schedule/slots.js';
import { tasksJob } from '../../jobs/tasks.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { jobDeps, runJobAt } from '../helpers/jobs.js';
import { useTestApp } from '../helpers/app.js';
import { captureLogs } from '../helpers/logs.js';
import { failCalls } from '../helpers/faults.js';
import { trusted } from 'mongoose';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

const deps = (instance = 'a') => jobDeps(app, instance);

/** A job's slot: the minute `now` is in. */
const minute = (now: Date) => new Date(Math.floor(now.getTime() / 60_000) * 60_000);

/** A promise the test settles: `fired` resolves once `fire()` is called. */
function signal() {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => (fire = resolve));
  return { fired, fire };
}

/**
 * A minute job `name` whose first run (by whichever instance) says it started (`running`) and
 * then waits for `hold`; later runs end at once. Who ran it, in order: `ranBy`.
 */
function heldFirstRun(name: string, hold: Promise<unknown>) {
  const { fired: running, fire: started } = signal();
  const ranBy: string[] = [];
  const job: GlobalJob = {
    name,
    scope: 'global',
    slotAt: minute,
    run: async (d) => {
      ranBy.push(d.instanceId);
      if (ranBy.length === 1) {
        started();
        await hold;
      }
      return { items: 1 };
    },
  };
  return { job, ranBy, running };
}

/** A digest-like job: weekly, Monday 09:00 in the workspace's zone, caught up within a week. */
function countingJob(runs: { teamId: string; slot: string }[], fail?: string): WorkspaceJob {
  return {
    name: 'test-weekly',
    scope: 'workspace',
    catchUpMs: 7 * 24 * 3600_000,
    slotAt: (now, settings) => weeklySlot(now, settings.timeZone, 1, '09:00'),
    run: async (_deps, ctx, { slot }) => {
      if (ctx.teamId === fail) throw new Error('this workspace is broken');
      runs.push({ teamId: ctx.teamId, slot: slot.toISOString() });
      return { items: 1 };
    },
  };
}

async function workspaces(...teamIds: string[]) {
  for (const teamId of teamIds) await app.desk.services.workspaces.settings(teamId);
}

describe('scheduled runs', () => {
  test('three instances ticking at once run each slot once per workspace', async () => {
    await workspaces('T0SCHED001', 'T0SCHED002');
    const runs: { teamId: string; slot: string }[] = [];
    const job = countingJob(runs);
    app.clock.set('2026-11-23T01:00:30Z'); // Monday 09:00:30 in Shanghai
    await Promise.all(['a', 'b', 'c'].map((i) => runDue(deps(i), [job])));
    expect(runs.sort((x, y) => x.teamId.localeCompare(y.teamId))).toEqual([
      { teamId: 'T0SCHED001', slot: '2026-11-23T01:00:00.000Z' },
      { teamId: 'T0SCHED002', slot: '2026-11-23T01:00:00.000Z' },
    ]);
    const ledger = await app.db.models.jobRuns.find().lean();
    expect(ledger.map((r) => [r.teamId, r.status, r.counts])).toEqual(
      expect.arrayContaining([
        ['T0SCHED001', 'done', { items: 1 }],
        ['T0SCHED002', 'done', { items: 1 }],
      ]),
    );
  });

  test('a slot missed while the app was down is caught up once when it starts again', async () => {
    await workspaces('T0SCHED001');
    const runs: { teamId: string; slot: string }[] = [];
    const job = countingJob(runs);
    // Down over Monday 09:00; back on Tuesday 10:00.
    app.clock.set('2026-11-24T02:00:00Z');
    await runDue(deps('a'), [job]);
    app.clock.set('2026-11-24T02:01:00Z');
    await runDue(deps('a'), [job]);
    expect(runs).toEqual([{ teamId: 'T0SCHED001', slot: '2026-11-23T01:00:00.000Z' }]);
    // The next Monday is a new slot.
    app.clock.set('2026-11-30T01:00:00Z');
    await runDue(deps('b'), [job]);
    expect(runs.map((r) => r.slot)).toEqual([
      '2026-11-23T01:00:00.000Z',
      '2026-11-30T01:00:00.000Z',
    ]);
  });

  test('one failing workspace does not stop the others, and its run is retried later', async () => {
    await workspaces('T0SCHED001', 'T0SCHED002');
    const runs: { teamId: string; slot: string }[] = [];
    app.clock.set('2026-11-23T01:00:30Z');
    await runDue(deps('a'), [countingJob(runs, 'T0SCHED001')]);
    expect(runs.map((r) => r.teamId)).toEqual(['T0SCHED002']);
    const failed = await app.db.models.jobRuns
      .findOne({ teamId: 'T0SCHED001', _id: trusted({ $not: /^lock:/ }) })
      .lean();
    expect(failed).toMatchObject({ status: 'failed', error: 'this workspace is broken' });
    // Two minutes later, fixed: the failed slot runs again; the done one does not.
    app.clock.advance(2 * 60_000);
    await runDue(deps('a'), [countingJob(runs)]);
    expect(runs.map((r) => r.teamId)).toEqual(['T0SCHED002', 'T0SCHED001']);
  });
});

describe('the daily catch-up window', () => {
  test('a daily run missed during downtime is caught up until the local midnight, not after: the revisit due that Friday is reminded on the Friday', async () => {
    const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 600_000 });
    app.clock.set('2026-11-24T02:00:00Z');
    const { number } = await makeTicket(app, { customerCode: code });
    await act(app, number, { action: 'claim' });
    await act(app, number, { action: 'resolve', summary: 'fixed' }); // revisit due Fri 27
    // Down from Friday 08:00 to 21:30 in Shanghai (12.5 h after the 09:00 slot): caught up.
    const ran = await runJobAt(app, tasksJob, '2026-11-27T13:30:00Z');
    expect(ran.map((r) => r.slot.toISOString())).toEqual(['2026-11-27T01:00:00.000Z']);
    expect(app.fake.postsTo(AGENT)).toHaveLength(1);
    expect(JSON.stringify(app.fake.postsTo(AGENT)[0]!.args)).toContain(number);
  });

  test('back after the local midnight: the day before is not run any more', async () => {
    await workspaces(FAKE_TEAM_ID);
    // Down from Friday 08:00 to Saturday 00:30 in Shanghai: Friday's slot is over.
    expect(await runJobAt(app, tasksJob, '2026-11-27T16:30:00Z')).toEqual([]);
    // Saturday 23:59 (Saturday's 09:00 slot, caught up), then Sunday 00:00:30: none.
    const saturday = await runJobAt(app, tasksJob, '2026-11-28T15:59:00Z');
    expect(saturday.map((r) => r.slot.toISOString())).toEqual(['2026-11-28T01:00:00.000Z']);
    expect(await runJobAt(app, tasksJob, '2026-11-28T16:00:30Z')).toEqual([]);
  });
});

describe('a claim that fails', () => {
  test('lets go of the lock: the next tick runs the slot instead of waiting out the lease', async () => {
    await workspaces('T0SCHED001');
    const runs: { teamId: string; slot: string }[] = [];
    const ledger = app.desk.services.jobLedger;
    const restore = failCalls(ledger, 'claim');
    try {
      app.clock.set('2026-11-23T01:00:30Z');
      expect(await runDue(deps('a'), [countingJob(runs)])).toEqual([]);
      app.clock.advance(60_000);
      const [next] = await runDue(deps('b'), [countingJob(runs)]);
      expect(next).toMatchObject({ ran: true });
      expect(runs.map((r) => r.teamId)).toEqual(['T0SCHED001']);
    } finally {
      restore();
    }
  });
});

describe('no overlap', () => {
  test("a run still going when the next minute's slot comes makes that slot wait", async () => {
    await workspaces('T0SCHED001');
    const { fired: gate, fire: release } = signal();
    const { fired: running, fire: started } = signal();
    const slots: string[] = [];
    const slow: WorkspaceJob = {
      name: 'test-slow',
      scope: 'workspace',
      slotAt: minute,
      run: async (_deps, _ctx, { slot }) => {
        slots.push(slot.toISOString());
        started();
        if (slots.length === 1) await gate;
        return {};
      },
    };
    app.clock.set('2026-11-24T02:00:00Z');
    const first = runDue(deps('a'), [slow]);
    await running; // the first run is inside its job now
    app.clock.set('2026-11-24T02:01:00Z');
    const [second] = await runDue(deps('b'), [slow]);
    expect(second).toMatchObject({ ran: false, state: 'running' });
    release();
    await first;
    expect(slots).toEqual(['2026-11-24T02:00:00.000Z']);
  });
});

describe('leases', () => {
  test('a run that outlives its lease is taken over, and its late outcome is not recorded', async () => {
    await workspaces('T0SCHED001');
    const slot = new Date('2026-11-23T01:00:00Z');
    const { jobLedger } = app.desk.services;
    const first = await jobLedger.claim({
      job: 'j',
      teamId: 'T0SCHED001',
      slot,
      instance: 'a',
      now: slot,
      leaseMs: 60_000,
    });
    const early = await jobLedger.claim({
      job: 'j',
      teamId: 'T0SCHED001',
      slot,
      instance: 'b',
      now: new Date(slot.getTime() + 30_000),
      leaseMs: 60_000,
    });
    expect(first).not.toBeNull();
    expect(early).toBeNull(); // still held
    const late = await jobLedger.claim({
      job: 'j',
      teamId: 'T0SCHED001',
      slot,
      instance: 'b',
      now: new Date(slot.getTime() + 61_000),
      leaseMs: 60_000,
    });
    expect(late).not.toBeNull(); // the first instance died or hangs: taken over
    expect(await jobLedger.renew(first!, new Date(slot.getTime() + 120_000))).toBe('lost');
    expect(
      await jobLedger.finish(first!, {
        ok: false,
        error: 'late',
        now: new Date(slot.getTime() + 70_000),
      }),
    ).toBe(false);
    expect(
      await jobLedger.finish(late!, {
        ok: true,
        counts: { n: 1 },
        now: new Date(slot.getTime() + 80_000),
      }),
    ).toBe(true);
    expect(await jobLedger.find('j', 'T0SCHED001', slot)).toMatchObject({
      status: 'done',
      counts: { n: 1 },
      attempts: 2,
    });
  });

  test('a failing slot is tried three times at most', async () => {
    await workspaces('T0SCHED001');
    const runs: { teamId: string; slot: string }[] = [];
    app.clock.set('2026-11-23T01:00:30Z');
    for (let i = 0; i < 5; i++) {
      await runDue(deps('a'), [countingJob(runs, 'T0SCHED001')]);
      app.clock.advance(2 * 60_000);
    }
    expect(
      await app.db.models.jobRuns
        .findOne({ teamId: 'T0SCHED001', _id: trusted({ $not: /^lock:/ }) })
        .lean(),
    ).toMatchObject({
      status: 'failed',
      attempts: 3,
    });
  });
});

/**
 * `list` started on instance a, its ticker and stop-time wait the test's: `tick()` runs a tick;
 * the stop's wait for the tick ends at `endWait()` (any other wait never does, so the hand-over's
 * writes get all the time they need); `waits`, the waits asked for, in order.
 */
function onTestTicks(list: GlobalJob[], log: ReturnType<typeof captureLogs>['log']) {
  let tick!: () => Promise<unknown>;
  const waits: number[] = [];
  const { fired: waited, fire: endWait } = signal();
  const jobs = startJobs(jobDepsOf(app.desk, { log, clock: app.clock, instanceId: 'a' }), list, {
    ticker: (t) => {
      tick = t;
      return { stop: () => undefined };
    },
    wait: (ms) => {
      waits.push(ms);
      return ms === JOB_STOP_WAIT_MS ? waited : new Promise<void>(() => undefined);
    },
  });
  return { jobs, tick: () => tick(), endWait, waits };
}

describe('the stop and the job tick under way', () => {
  test('the stop waits for a held run at most its bound, says which run it left, and another instance takes the slot over once the shortened lease ends', async () => {
    app.clock.set('2026-11-24T02:00:10Z');
    const capture = captureLogs('info');
    const { fired: held, fire: release } = signal();
    const { job, ranBy, running } = heldFirstRun('test-held', held);
    // The stop's bound is the test's; the hand-over's writes get all the time they need.
    const { jobs, tick, endWait, waits } = onTestTicks([job], capture.log);
    const ticking = tick();
    await running;
    const stopping = jobs.stop();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect([waits, stopped]).toEqual([[JOB_STOP_WAIT_MS], false]);
    // The bound is over, the run still held: the stop goes on (it used to wait for the run).
    endWait();
    await stopping;
    const leaseUntil = new Date(Date.parse('2026-11-24T02:00:10Z') + JOB_HAND_OVER_MS);
    expect(
      capture.lines
        .filter((l) => l.level === 40)
        .map((l) => [l.msg, l.job, l.teamId, l.slot, l.leaseUntil]),
    ).toEqual([
      [
        'shutdown no longer waits for this job run: it ends with the process; another instance takes its slot over once its lease ends',
        'test-held',
        '*',
        '2026-11-24T02:00:00.000Z',
        leaseUntil.toISOString(),
      ],
    ]);
    // Its lease (10 minutes) was shortened to the hand-over's end: another instance waits until
    // then, and runs the slot after it.
    app.clock.set('2026-11-24T02:00:15Z');
    expect((await runDue(deps('b'), [job])).map((r) => [r.ran, r.state])).toEqual([
      [false, 'running'],
    ]);
    app.clock.set('2026-11-24T02:00:21Z');
    expect((await runDue(deps('b'), [job])).map((r) => [r.ran, r.counts])).toEqual([
      [true, { items: 1 }],
    ]);
    expect(ranBy).toEqual(['a', 'b']);
    expect(
      await app.desk.services.jobLedger.find('test-held', '*', new Date('2026-11-24T02:00:00Z')),
    ).toMatchObject({
      status: 'done',
      attempts: 2,
    });
    // The held run ending later (were the process still up) records nothing over b's.
    release();
    await ticking;
    expect(capture.lines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([
      'job run finished after losing its lease; its outcome was not recorded',
    ]);
  });

  test('a run handed over is let go as the process exits (main, before the database closes): a restart takes its job at its first tick, and its slot, never twice', async () => {
    // The last seconds of the minute: the hand-over's lease (give-up + 10 s) runs into the next.
    app.clock.set('2026-11-24T02:00:55Z');
    const capture = captureLogs('info');
    // Its first run cut by the exit.
    const { job, ranBy, running } = heldFirstRun('test-let-go', new Promise<void>(() => undefined));
    const { jobs, tick, endWait } = onTestTicks([job], capture.log);
    void tick();
    await running;
    const stopping = jobs.stop();
    endWait();
    await stopping;
    await jobs.release();
    expect(capture.lines.filter((l) => l.level === 30).map((l) => [l.msg, l.job])).toEqual([
      [
        'job run handed over let go as the process exits: the next instance takes its job at its next tick',
        'test-let-go',
      ],
    ]);
    // The restarted instance, within the hand-over's 10 s: the slot cut by the exit is tried
    // again (it used to be 'running' until 02:01:05)...
    app.clock.set('2026-11-24T02:00:58Z');
    expect((await runDue(deps('b'), [job])).map((r) => [r.ran, r.attempts])).toEqual([[true, 2]]);
    // ...once: the ledger has it done.
    app.clock.set('2026-11-24T02:00:59Z');
    expect((await runDue(deps('c'), [job])).map((r) => [r.ran, r.state])).toEqual([
      [false, 'done'],
    ]);
    // And its next minute is not skipped (it used to find the job locked until 02:01:05).
    app.clock.set('2026-11-24T02:01:00Z');
    expect((await runDue(deps('b'), [job])).map((r) => [r.ran, r.slot.toISOString()])).toEqual([
      [true, '2026-11-24T02:01:00.000Z'],
    ]);
    expect(ranBy).toEqual(['a', 'b', 'b']);
  });

  test('nothing handed over: release() writes nothing', async () => {
    app.clock.set('2026-11-24T02:00:55Z');
    const capture = captureLogs('info');
    const { jobs, tick } = onTestTicks(
      [{ name: 'test-quick', scope: 'global', slotAt: minute, run: async () => ({}) }],
      capture.log,
    );
    await tick();
    await jobs.stop();
    const before = await app.db.models.jobRuns.find().lean();
    const said = capture.lines.length;
    await jobs.release();
    expect(await app.db.models.jobRuns.find().lean()).toEqual(before);
    expect(capture.lines.slice(said)).toEqual([]);
  });

  test('a hand-over or a release whose write fails is logged, naming the run, and the stop and the exit go on', async () => {
    app.clock.set('2026-11-24T02:00:55Z');
    const capture = captureLogs('info');
    const { job, running } = heldFirstRun('test-write-fails', new Promise<void>(() => undefined));
    const { jobs, tick, endWait } = onTestTicks([job], capture.log);
    void tick();
    await running;
    const ledger = app.desk.services.jobLedger;
    // The hand-over's shortened lock, then the release's unlock, refused by the database.
    const restoreLock = failCalls(ledger, 'lock');
    const restoreUnlock = failCalls(ledger, 'unlock');
    try {
      const stopping = jobs.stop();
      endWait();
      await stopping;
      await jobs.release();
    } finally {
      restoreLock();
      restoreUnlock();
    }
    expect(
      capture.lines
        .filter((l) => l.level >= 40 && l.err)
        .map((l) => [l.level, l.msg, l.job, l.teamId]),
    ).toEqual([
      [
        50,
        'could not hand the job run over: another instance takes its slot over once its whole lease ends',
        'test-write-fails',
        '*',
      ],
      [
        40,
        'could not let the job run handed over go: another instance takes its job once the hand-over’s lease ends',
        'test-write-fails',
        '*',
      ],
    ]);
  });

  test('a tick that ends within the bound: the stop waits for it, and says nothing', async () => {
    app.clock.set('2026-11-24T02:00:10Z');
    const capture = captureLogs('info');
    const { fired: held, fire: release } = signal();
    const job: GlobalJob = {
      name: 'test-short',
      scope: 'global',
      slotAt: minute,
      run: async () => {
        await held;
        return {};
      },
    };
    const { jobs, tick } = onTestTicks([job], capture.log);
    const ticking = tick();
    const stopping = jobs.stop();
    release();
    await stopping;
    await ticking;
    expect(
      await app.desk.services.jobLedger.find('test-short', '*', new Date('2026-11-24T02:00:00Z')),
    ).toMatchObject({
      status: 'done',
    });
    expect(capture.lines.filter((l) => l.level >= 40)).toEqual([]);
  });

  test('once the stop gave up on the tick, the tick starts no other run (none takes a whole lease the exit cuts)', async () => {
    app.clock.set('2026-11-24T02:00:10Z');
    const capture = captureLogs('info');
    const { fired: held, fire: release } = signal();
    const { fired: running, fire: started } = signal();
    const { fired: second, fire: secondStarted } = signal();
    const first: GlobalJob = {
      name: 'test-first',
      scope: 'global',
      slotAt: minute,
      run: async () => {
        started();
        await held;
        return {};
      },
    };
    // The tick's next job: it would still be running when the process exits.
    const next: GlobalJob = {
      name: 'test-next',
      scope: 'global',
      slotAt: minute,
      run: async () => {
        secondStarted();
        await new Promise<void>(() => undefined);
        return {};
      },
    };
    const { jobs, tick, endWait } = onTestTicks([first, next], capture.log);
    const ticking = tick();
    await running;
    const stopping = jobs.stop();
    endWait();
    await stopping;
    // The stop has returned (main goes on to close the connection and the database); the held
    // run ends meanwhile: the tick ends there rather than start its next job.
    release();
    const outcome = await Promise.race([
      ticking.then(() => 'tick ended'),
      second.then(() => 'next job started'),
    ]);
    expect(outcome).toBe('tick ended');
    expect(
      await app.desk.services.jobLedger.find('test-next', '*', new Date('2026-11-24T02:00:00Z')),
    ).toBeNull();
  });

  test('a run handed over while its claim is being written gets the hand-over lease, not the whole one', async () => {
    app.clock.set('2026-11-24T02:00:10Z');
    const capture = captureLogs('info');
    const ledger = app.desk.services.jobLedger;
    const realClaim = ledger.claim.bind(ledger);
    const { fired: claimHeld, fire: letClaim } = signal();
    const { fired: inClaim, fire: claiming } = signal();
    // A slow database: the claim's write is held until the stop has handed the run over.
    ledger.claim = (async (...args: Parameters<typeof realClaim>) => {
      claiming();
      await claimHeld;
      return realClaim(...args);
    }) as typeof ledger.claim;
    try {
      const { fired: running, fire: started } = signal();
      const job: GlobalJob = {
        name: 'test-claim-slow',
        scope: 'global',
        slotAt: minute,
        run: async () => {
          started();
          await new Promise<void>(() => undefined);
          return {};
        },
      };
      const { jobs, tick, endWait } = onTestTicks([job], capture.log);
      void tick();
      await inClaim;
      const stopping = jobs.stop();
      endWait();
      await stopping;
      letClaim();
      // The claim lands, then the run starts (its lease settled by then).
      await running;
      const record = await ledger.find('test-claim-slow', '*', new Date('2026-11-24T02:00:00Z'));
      expect(record && new Date(record.leaseUntil).toISOString()).toBe(
        new Date(Date.parse('2026-11-24T02:00:10Z') + JOB_HAND_OVER_MS).toISOString(),
      );
    } finally {
      ledger.claim = realClaim;
    }
  });
});
