// A slot whose third try died with its instance (a crash, an OOM on a big week): once its lease
// has run out it is given up, recorded failed with its three tries and why, logged once at
// error, and the job tool reads it as failed (not "being run by another instance", exit 0, for
// ever, as the ledger left it `running` when no try was left to take it over).
import { describe, expect, test, vi } from 'vitest';
import type { WorkspaceJob } from '../../src/schedule/job.js';
import { runSlot } from '../../src/schedule/runner.js';
import { weeklySlot } from '../../src/schedule/slots.js';
import { jobDepsOf } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { useTestApp } from '../helpers/app.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });
const TEAM = 'T0SCHED001';

// The runs' log lines, as the scheduler's logger writes them.
const logged: Record<string, unknown>[] = [];
const jobDeps = (a: typeof app, instanceId = 'a') =>
  jobDepsOf(a.desk, {
    log: createLogger('info', { write: (line: string) => logged.push(JSON.parse(line)) }),
    clock: a.clock,
    instanceId,
  });

const job: WorkspaceJob = {
  name: 'test-weekly',
  scope: 'workspace',
  catchUpMs: 7 * 24 * 3600_000,
  slotAt: (now, settings) => weeklySlot(now, settings.timeZone, 1, '09:00'),
  run: async () => ({ items: 1 }),
};

const SLOT = new Date('2026-11-23T01:00:00Z');

/** The job's try on this instance, slow: it says it started (`running`), ends at `release()`. */
function slowTry() {
  let release!: () => void;
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  const slow: WorkspaceJob = {
    ...job,
    run: async () => {
      started();
      await new Promise<void>((r) => (release = r));
      return { items: 2 };
    },
  };
  return { slow, running, release: () => release() };
}

// `tries` tries of the slot, each on an instance that dies mid-run (no finish), 11 minutes apart:
// each 10-minute lease runs out before the next takes it. Returns each claim's attempts.
async function deadTries(tries: number): Promise<(number | undefined)[]> {
  await app.desk.services.workspaces.settings(TEAM);
  const attempts: (number | undefined)[] = [];
  for (let i = 0; i < tries; i++) {
    const claim = await app.desk.services.jobLedger.claim({
      job: job.name,
      teamId: TEAM,
      slot: SLOT,
      instance: `dead-${i}`,
      now: new Date(SLOT.getTime() + i * 11 * 60_000),
      leaseMs: 10 * 60_000,
    });
    attempts.push(claim?.attempts);
  }
  return attempts;
}

describe('a slot whose last try died with its instance', () => {
  test('is given up once its lease ran out: failed after 3 tries, logged once, not retried', async () => {
    const slot = SLOT;
    const { jobLedger } = app.desk.services;
    // Three tries, each instance dying mid-run (no finish): each lease runs out, the next takes it.
    expect(await deadTries(3)).toEqual([1, 2, 3]);
    // A day later: nobody holds it. The operator runs it by hand (the CLI's runSlot).
    app.clock.set('2026-11-24T01:00:00Z');
    const result = await runSlot(jobDeps(app), job, TEAM, slot, app.clock.now());
    expect(result).toMatchObject({ ran: false, state: 'failed', attempts: 3 });
    expect(result.retryAfter).toBeUndefined();
    expect(await jobLedger.find(job.name, TEAM, slot)).toMatchObject({
      status: 'failed',
      attempts: 3,
      error: 'its lease ran out on the last try',
    });
    // Asked again (the ticker's next minute): failed still, not logged a second time.
    app.clock.set('2026-11-24T01:01:00Z');
    const again = await runSlot(jobDeps(app), job, TEAM, slot, app.clock.now());
    expect(again).toMatchObject({ ran: false, state: 'failed', attempts: 3 });
    const gaveUp = logged.filter(
      (l) => l.msg === 'job run given up: its lease ran out on the last try',
    );
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]).toMatchObject({ level: 50, job: job.name, teamId: TEAM, attempts: 3 });
  });

  test('a last try only slow (its lease ran out, its instance still running it) is given up, and its late finish records its outcome over "failed", logged', async () => {
    const slot = SLOT;
    const { jobLedger } = app.desk.services;
    await deadTries(2);
    // The third try, on instance a: slow (it waits on `release`), its renewals never landing.
    const { slow, running, release } = slowTry();
    const from = logged.length;
    app.clock.set(new Date(slot.getTime() + 22 * 60_000).toISOString());
    const third = runSlot(jobDeps(app), slow, TEAM, slot, app.clock.now());
    await running;
    // Past its lease, instance b finds it: given up, said as a lease run out, not a stop.
    app.clock.set(new Date(slot.getTime() + 33 * 60_000).toISOString());
    const other = jobDeps(app, 'b');
    expect(await runSlot(other, slow, TEAM, slot, app.clock.now())).toMatchObject({
      ran: false,
      state: 'failed',
      attempts: 3,
      error: 'its lease ran out on the last try',
    });
    expect(logged.slice(from).map((l) => l.msg)).toContain(
      'job run given up: its lease ran out on the last try',
    );
    // The slow try ends: its outcome is recorded over "failed", and that is logged.
    release();
    expect(await third).toMatchObject({ ran: true, counts: { items: 2 } });
    expect(await jobLedger.find(job.name, TEAM, slot)).toMatchObject({ status: 'done' });
    const over = logged
      .slice(from)
      .filter(
        (l) =>
          l.msg === 'job run finished after it was given up: its outcome recorded over "failed"',
      );
    expect(over).toHaveLength(1);
    expect(over[0]).toMatchObject({
      level: 40,
      was: 'its lease ran out on the last try',
      now: 'done',
    });
  });

  test('a slow last try given up by another instance says so once, not at every renewal', async () => {
    const slot = SLOT;
    const { jobLedger } = app.desk.services;
    await deadTries(2);
    // The renewals' timer on virtual time; the renewals themselves are the ledger's (only watched).
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const renewals: Promise<unknown>[] = [];
    const renew = jobLedger.renew.bind(jobLedger);
    const spy = vi.spyOn(jobLedger, 'renew').mockImplementation((...args) => {
      const p = renew(...args);
      renewals.push(p);
      return p;
    });
    // One lease's third, as often as the runner renews (a 10-minute lease: every 3.3 minutes).
    const tick = async () => {
      vi.advanceTimersByTime(200_000);
      await Promise.allSettled(renewals);
      await new Promise((r) => setImmediate(r));
    };
    try {
      const { slow, running, release } = slowTry();
      const from = logged.length;
      app.clock.set(new Date(slot.getTime() + 22 * 60_000).toISOString());
      const third = runSlot(jobDeps(app), slow, TEAM, slot, app.clock.now());
      await running;
      await tick(); // still its own: renewed, nothing said
      expect(logged.slice(from)).toEqual([]);
      // Instance b finds its lease run out (say a stalled renewal) and gives the slot up.
      app.clock.set(new Date(slot.getTime() + 60 * 60_000).toISOString());
      expect(await runSlot(jobDeps(app, 'b'), slow, TEAM, slot, app.clock.now())).toMatchObject({
        state: 'failed',
        attempts: 3,
      });
      for (let i = 0; i < 5; i++) await tick();
      const msgs = logged.slice(from).map((l) => l.msg);
      expect(
        msgs.filter((m) => m === 'job run lost its lease: another instance may run this slot'),
      ).toEqual([]);
      const said = logged
        .slice(from)
        .filter((l) => String(l.msg).startsWith('job run given up while still running'));
      expect(said).toHaveLength(1);
      expect(said[0]).toMatchObject({ level: 40, job: job.name, teamId: TEAM });
      release();
      expect(await third).toMatchObject({ ran: true, counts: { items: 2 } });
      expect(await jobLedger.find(job.name, TEAM, slot)).toMatchObject({ status: 'done' });
    } finally {
      spy.mockRestore();
      vi.useRealTimers();
    }
  });

  test('a last try whose lease has not run out yet is still being run', async () => {
    const slot = SLOT;
    const { jobLedger } = app.desk.services;
    await deadTries(3);
    // 5 minutes into the third try's lease.
    app.clock.set(new Date(slot.getTime() + 27 * 60_000).toISOString());
    const result = await runSlot(jobDeps(app), job, TEAM, slot, app.clock.now());
    expect(result).toMatchObject({ ran: false, state: 'running' });
    expect((await jobLedger.find(job.name, TEAM, slot))?.status).toBe('running');
  });
});
