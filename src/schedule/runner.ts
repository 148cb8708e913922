import { randomBytes } from 'node:crypto';
import { SYSTEM_ACTOR } from '../context.js';
import {
  catchUpEnd,
  readsSettings,
  type Job,
  type JobCounts,
  type JobDeps,
  type WorkspaceJob,
} from './job.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import { MAX_ATTEMPTS, type RunClaim } from './ledger.js';

export const LEASE_MS = 10 * 60_000;

/**
 * The error a run given up on its last try is recorded with (`npm run job` says it): its lease
 * ran out, its instance stopped or stalled past it (a slow run still going then records its own
 * outcome over this when it ends, logged).
 */
const ABANDONED = 'its lease ran out on the last try';

export interface RunResult {
  job: string;
  teamId: string;
  slot: Date;
  /** The job was started (it may still have failed: see `error`). */
  ran: boolean;
  /**
   * For a run that ran and threw: the error's message (the ledger records it as failed); for a
   * failed slot not run, the one the ledger recorded of its last try.
   */
  error?: string;
  /** Which try of the slot this run was, or how many tries a slot not run has used. */
  attempts?: number;
  /**
   * Why it did not run: another instance has it, it is done, or it failed (`attempts` tries
   * so far; retried after `retryAfter` while fewer than three).
   */
  state?: 'running' | 'done' | 'failed';
  /**
   * For a failed slot not run: when the scheduler tries it again (never after three tries, nor
   * past the job's catch-up window: a minute job's slot is never tried again, the next minute's
   * runs instead).
   */
  retryAfter?: Date;
  /** What the run counted; for a slot not run, what its run recorded (`noChannel 1`: why). */
  counts?: JobCounts;
}

/**
 * A run under way (its job's lock taken), as the minute ticker's stop sees it: which it is, and
 * `handOver`, which ends the renewals of its lease and shortens the lease (and its job's lock)
 * to `until`, so that another instance takes the slot over then instead of at the end of the
 * whole lease, the run itself going on until the process exits. A run that finishes before
 * `until` still records its outcome (the lease is still its own).
 */
export interface RunUnderWay {
  job: string;
  teamId: string;
  slot: Date;
  startedAt: Date;
  handOver(until: Date): Promise<void>;
  /**
   * Lets the run go as the process exits (just before the database closes, after which it can
   * write nothing): its job's lock and its slot's lease end `now`, so that the next instance (a
   * restart) takes the job at its first tick, and the slot itself while it may still be caught
   * up (a new try: the ledger still runs a done slot never again).
   */
  release(now: Date): Promise<void>;
}

/**
 * Runs one slot of one job for one workspace unless another instance has run it or holds it:
 * claims it in the ledger, renews the lease while the job works, records the outcome (a
 * completed run is never recorded as failed) and logs one line with its duration and counts. A
 * failing run is recorded and logged, never thrown: one workspace never stops the others.
 *
 * `asOf` is the time the job acts as of (an operator's `--at`); the ledger always uses the
 * clock, so leases mean real time.
 */
export async function runSlot(
  deps: JobDeps,
  job: Job,
  teamId: string,
  slot: Date,
  asOf: Date,
  options: { force?: boolean; underWay?: Set<RunUnderWay>; stopped?: () => boolean } = {},
): Promise<RunResult> {
  const { jobLedger } = deps.services;
  // A daily, weekly, monthly or quarterly run is keyed by the local period it covers, so a slot
  // moved by a settings change (time zone, hour, weekday) does not run that period again.
  const settings = readsSettings(job) ? await deps.services.workspaces.settings(teamId) : undefined;
  const period =
    job.scope === 'workspace' && job.periodOf && settings
      ? job.periodOf(slot, settings)
      : undefined;
  const log = deps.log.child({
    job: job.name,
    teamId,
    slot: slot.toISOString(),
    ...(period ? { period } : {}),
  });
  const started = deps.clock.now();
  const t0 = performance.now();
  const elapsed = () => new Date(started.getTime() + (performance.now() - t0));
  // Runs of one job for one workspace never overlap, whatever their slots: while one runs, a
  // later slot waits (untouched in the ledger, so it is caught up if the job allows).
  const lockOwner = `${deps.instanceId}:${randomBytes(4).toString('hex')}`;
  const leaseMs = job.leaseMs ?? LEASE_MS;
  if (!(await jobLedger.lock(job.name, teamId, lockOwner, started, leaseMs))) {
    return { job: job.name, teamId, slot, ran: false, state: 'running' };
  }
  // The ticker's stop gave up while this lock was being taken: nothing more starts (the slot is
  // left untouched in the ledger, for another instance or the next tick). Checked in the same turn
  // as the run is added to `underWay`, so a give-up either sees it there or stops it here.
  if (options.stopped?.()) {
    await jobLedger.unlock(job.name, teamId, lockOwner, started).catch(() => {});
    return { job: job.name, teamId, slot, ran: false };
  }
  let claimed: RunClaim | undefined;
  let renewal: ReturnType<typeof setInterval> | undefined;
  let handedOver: Date | undefined;
  const underWay: RunUnderWay = {
    job: job.name,
    teamId,
    slot,
    startedAt: started,
    handOver: async (until) => {
      handedOver = until;
      clearInterval(renewal);
      const now = elapsed();
      await Promise.all([
        jobLedger.lock(
          job.name,
          teamId,
          lockOwner,
          now,
          Math.max(0, until.getTime() - now.getTime()),
        ),
        claimed ? jobLedger.renew(claimed, until) : undefined,
      ]);
    },
    release: async (now) => {
      // (A claim landing after this is cut to `now` too: claimAndRun.)
      handedOver = now;
      clearInterval(renewal);
      await Promise.all([
        jobLedger.unlock(job.name, teamId, lockOwner, now),
        claimed ? jobLedger.renew(claimed, now) : undefined,
      ]);
    },
  };
  options.underWay?.add(underWay);
  try {
    return await claimAndRun();
  } finally {
    options.underWay?.delete(underWay);
  }

  async function claimAndRun(): Promise<RunResult> {
    // A forced run is recorded under its own key, so it leaves a trace and never blocks the slot.
    // A claim that fails (the database gone) lets go of the lock: it would hold the job of this
    // workspace on every instance for its whole lease.
    const claim = await jobLedger
      .claim({
        job: options.force ? `${job.name}!forced:${started.toISOString()}` : job.name,
        teamId,
        slot,
        ...(period ? { period } : {}),
        instance: deps.instanceId,
        now: started,
        leaseMs,
      })
      .catch(async (err: unknown) => {
        await jobLedger.unlock(job.name, teamId, lockOwner, started).catch(() => {});
        throw err;
      });
    claimed = claim ?? undefined;
    // Handed over while the claim was being written: the hand-over had no claim to shorten, so
    // the claim's lease is cut to the hand-over's end here (best-effort), not left whole.
    if (claim && handedOver) await jobLedger.renew(claim, handedOver).catch(() => false);
    if (!claim) {
      let record = await jobLedger.find(job.name, teamId, period ?? slot).catch(async (err) => {
        await jobLedger.unlock(job.name, teamId, lockOwner, started).catch(() => {});
        throw err;
      });
      // Its last try's lease ran out mid-run (its instance died, or stalled past its lease; no
      // try left): given up here, while the lock is held, and said once, rather than read as
      // running for ever.
      if (
        record?.status === 'running' &&
        record.leaseUntil.getTime() < started.getTime() &&
        record.attempts >= MAX_ATTEMPTS
      ) {
        const gaveUp = await jobLedger
          .giveUpAbandoned(record.id, started, ABANDONED)
          .catch(() => false);
        if (gaveUp)
          log.error(
            { attempts: record.attempts, leaseUntil: record.leaseUntil.toISOString() },
            'job run given up: its lease ran out on the last try',
          );
        record =
          (await jobLedger.find(job.name, teamId, period ?? slot).catch(() => null)) ?? record;
      }
      await jobLedger.unlock(job.name, teamId, lockOwner, started);
      if (!record) return { job: job.name, teamId, slot, ran: false };
      // The ticker tries a failed slot again from its lease's end while the slot is within the
      // job's catch-up window (runDue), at most three tries in all.
      const retried =
        record.status === 'failed' &&
        record.attempts < MAX_ATTEMPTS &&
        record.leaseUntil.getTime() <= catchUpEnd(job, slot, settings).getTime();
      return {
        job: job.name,
        teamId,
        slot,
        ran: false,
        state: record.status,
        attempts: record.attempts,
        ...(record.counts && Object.keys(record.counts).length ? { counts: record.counts } : {}),
        ...(record.status === 'failed' && record.error ? { error: record.error } : {}),
        ...(retried ? { retryAfter: record.leaseUntil } : {}),
      };
    }
    // Versions before runs were keyed by their period key them by the slot's instant. During a
    // rolling upgrade an older instance may have run the slot (done, or running now): the period
    // is recorded as done, not run again; one that failed is run here. And the slot's own record
    // is marked covered before this run starts, so an older instance never runs it after this one.
    if (period && !options.force) {
      const legacy = async () => {
        const before = await jobLedger.find(job.name, teamId, slot);
        // (A record this version marked covered is its own: a retry of the period runs.)
        if (before && before.status !== 'failed' && !before.coveredBy) return before;
        await jobLedger.markSlotCovered(job.name, teamId, slot, period, claim.owner, started);
        return undefined;
      };
      const before = await legacy().catch(async (err: unknown) => {
        await jobLedger.unlock(job.name, teamId, lockOwner, started).catch(() => {});
        await jobLedger
          .finish(claim, { ok: false, error: 'ledger unreadable', now: started })
          .catch(() => {});
        throw err;
      });
      if (before) {
        await jobLedger.finish(claim, { ok: true, counts: before.counts ?? {}, now: started });
        await jobLedger.unlock(job.name, teamId, lockOwner, started);
        return {
          job: job.name,
          teamId,
          slot,
          ran: false,
          state: 'done',
          attempts: before.attempts,
        };
      }
    }
    // (Handed over meanwhile: the lease is left as the stop set it, not renewed.)
    // Its lease no longer its own (given up on the last try, or taken over): said once, and not
    // renewed again (the job's lock still is, so no other run of the job overlaps this one).
    let leaseGone = false;
    renewal = setInterval(() => {
      if (handedOver) return;
      const until = new Date(elapsed().getTime() + leaseMs);
      void jobLedger.lock(job.name, teamId, lockOwner, elapsed(), leaseMs);
      if (leaseGone) return;
      void jobLedger
        .renew(claim, until)
        .then((outcome) => {
          if (outcome === 'held' || leaseGone) return;
          leaseGone = true;
          if (outcome === 'givenUp')
            log.warn(
              'job run given up while still running (its lease ran out on the last try): nobody else runs this slot; its outcome is recorded when it ends',
            );
          else log.error('job run lost its lease: another instance may run this slot');
        })
        .catch(() => {});
    }, leaseMs / 3);
    renewal.unref();
    if (handedOver) clearInterval(renewal);

    let counts: JobCounts | undefined;
    let failure: Error | undefined;
    const info = { slot, force: !!options.force };
    try {
      if (job.scope === 'global') {
        counts = await job.run(deps, { ...info, now: asOf, log });
      } else {
        const ctx = await deps.services.workspaces.context({
          teamId,
          actor: SYSTEM_ACTOR,
          now: asOf,
          log,
          origin: 'job',
        });
        counts = await job.run(deps, ctx, info);
      }
    } catch (err) {
      failure = err as Error;
    } finally {
      clearInterval(renewal);
    }
    const durationMs = Math.round(performance.now() - t0);
    await jobLedger.unlock(job.name, teamId, lockOwner, elapsed()).catch(() => {});
    // One id for both tries: a retry whose first write landed (its reply lost) knows it as its own.
    const finishId = randomBytes(8).toString('hex');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const held = await jobLedger.finish(
          claim,
          {
            ok: !failure,
            ...(counts ? { counts } : {}),
            ...(failure ? { error: failure.message } : {}),
            now: elapsed(),
            finishId,
          },
          // Given up meanwhile (its lease ran out on the last try): its own outcome replaces that.
          (over) =>
            log.warn(
              { was: over, now: failure ? 'failed' : 'done' },
              'job run finished after it was given up: its outcome recorded over "failed"',
            ),
        );
        if (!held)
          log.error('job run finished after losing its lease; its outcome was not recorded');
        break;
      } catch (err) {
        if (attempt === 1) log.error({ err }, 'could not record the job run');
      }
    }
    deps.metrics?.job(job.name, failure ? 'failed' : 'ok', durationMs / 1000);
    if (failure) log.error({ err: failure, durationMs }, 'job run failed');
    else log.info({ ...counts, durationMs }, 'job run finished');
    return {
      job: job.name,
      teamId,
      slot,
      ran: true,
      attempts: claim.attempts,
      ...(counts ? { counts } : {}),
      ...(failure ? { error: failure.message } : {}),
    };
  }
}

/** Every slot due now, for every job and workspace: what the minute ticker runs. */
export async function runDue(
  deps: JobDeps,
  jobs: Job[],
  underWay?: Set<RunUnderWay>,
  stopped?: () => boolean,
): Promise<RunResult[]> {
  const now = deps.clock.now();
  const results: RunResult[] = [];
  let teamIds: string[];
  try {
    // The workspaces the desk serves: every one in single-token mode; in OAuth mode those with
    // an active install (an uninstalled or revoked workspace's jobs are skipped).
    teamIds = await deps.services.installations.servedTeams(
      await deps.services.workspaces.teamIds(),
    );
  } catch (err) {
    deps.log.error({ err }, 'could not list workspaces for the scheduled jobs');
    return results;
  }
  for (const job of jobs) {
    const targets = job.scope === 'global' ? ['*'] : teamIds;
    for (const teamId of targets) {
      // The ticker's stop no longer waits for this tick: no run starts from then on (it would
      // take its whole lease, which nobody hands over, and be cut by the exit).
      if (stopped?.()) return results;
      try {
        let settings: WorkspaceSettings | undefined;
        let slot: Date;
        if (job.scope === 'global') slot = job.slotAt(now);
        else {
          settings = await deps.services.workspaces.settings(teamId);
          slot = job.slotAt(now, settings);
        }
        if (now.getTime() > catchUpEnd(job, slot, settings).getTime()) continue;
        const options = {
          ...(underWay ? { underWay } : {}),
          ...(stopped ? { stopped } : {}),
        };
        // A period-keyed job's slot before the latest, still within its own catch-up window (a
        // digest moved later in its week by holidays, missed during downtime until the next
        // week's slot): run first, once (the ledger keys it by its period).
        const before =
          job.scope === 'workspace' && job.periodOf && settings
            ? previousSlot(job, slot, settings)
            : undefined;
        if (before && now.getTime() < catchUpEnd(job, before.slot, settings).getTime()) {
          results.push(await runSlot(deps, job, teamId, before.slot, now, options));
          if (stopped?.()) return results;
        }
        const result = await runSlot(deps, job, teamId, slot, now, options);
        results.push(result);
        // A weekly, monthly or quarterly run whose period before was never run (missed past its
        // catch-up window): said once, by its run. Not when that slot came before the desk first
        // served the workspace (a new workspace's first run: nothing was missed), nor when a
        // version before period keys ran it (its run keyed by the slot: the first period after
        // a rolling upgrade).
        if (
          before &&
          result.ran &&
          result.attempts === 1 &&
          (job.catchUpMs ?? 0) >= DAY_MS &&
          now.getTime() >= catchUpEnd(job, before.slot, settings).getTime() &&
          !(await deps.services.jobLedger.find(job.name, teamId, before.period)) &&
          !(await deps.services.jobLedger.find(job.name, teamId, before.slot)) &&
          (await deps.services.workspaces.workspace(teamId)).since.getTime() <=
            before.slot.getTime()
        )
          deps.log.warn(
            {
              job: job.name,
              teamId,
              period: before.period,
              slot: before.slot.toISOString(),
              until: catchUpEnd(job, before.slot, settings).toISOString(),
            },
            'job period not run: its slot was missed past its catch-up window',
          );
      } catch (err) {
        deps.log.error({ err, job: job.name, teamId }, 'could not schedule a job run');
      }
    }
  }
  return results;
}

const DAY_MS = 24 * 3_600_000;

/**
 * The slot of a period-keyed job before `slot` and the period it covers, when that period is
 * another one (pure).
 */
function previousSlot(
  job: WorkspaceJob,
  slot: Date,
  settings: WorkspaceSettings,
): { slot: Date; period: string } | undefined {
  if (!job.periodOf) return undefined;
  const before = job.slotAt(new Date(slot.getTime() - 1), settings);
  if (before.getTime() >= slot.getTime()) return undefined;
  const period = job.periodOf(before, settings);
  return period === job.periodOf(slot, settings) ? undefined : { slot: before, period };
}

/** The slot of a job current at `now` (for a workspace job, in the workspace's zone). */
export async function slotOf(deps: JobDeps, job: Job, teamId: string, now: Date): Promise<Date> {
  if (job.scope === 'global') return job.slotAt(now);
  return job.slotAt(now, await deps.services.workspaces.settings(teamId));
}
