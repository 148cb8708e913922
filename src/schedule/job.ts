import { TZDate } from '@date-fns/tz';
import type { InboxEvent } from '../channel/types.js';
import type { Clock } from '../clock.js';
import type { Ctx } from '../context.js';
import type { Flows } from '../flows/index.js';
import type { Metrics } from '../metrics.js';
import type { Logger } from '../logger.js';
import type { Services } from '../services.js';
import { localDate } from '../time.js';
import { dayStart } from '../workspace/calendar.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import { dailySlot } from './slots.js';

/** What a job may use: passed in, so a test runs a job with its own clock and fakes. */
export interface JobDeps {
  log: Logger;
  clock: Clock;
  services: Services;
  flows: Flows;
  /** This instance, as recorded on the runs it claims. */
  instanceId: string;
  /** Counts runs and their durations (the app's metrics; none for the command line). */
  metrics?: Pick<Metrics, 'job'>;
  /**
   * Does a stored Events API delivery's work again: the listeners' own work, bound by the app
   * (`DeskApp.redoEvent`). Without it the `slack-events` job redoes nothing.
   */
  redoEvent?: (ctx: Ctx, event: InboxEvent) => Promise<void>;
  /**
   * Single-token mode: Slack's refusal of the one bot token, kept until a restart. Jobs still
   * run (what they write waits in the outbox, which holds it); work that calls Slack itself
   * (the `slack-events` redo) waits for the new token instead of failing its tries away.
   */
  slackRefused?: () => string | undefined;
}

export type JobCounts = Record<string, number>;

/**
 * The hold of a job run every minute: an instance that dies in one holds that job up this long
 * (for every workspace of a global job), not the daily and weekly jobs' ten minutes.
 */
export const MINUTE_JOB_LEASE_MS = 2 * 60_000;

interface JobBase {
  name: string;
  /**
   * How late a slot may still run after it was missed (default: DEFAULT_CATCH_UP_MS, a minute;
   * a workspace job's `catchUpUntil` instead, when it has one).
   */
  catchUpMs?: number;
  /**
   * How long a run holds its slot and its job (the lock) without renewing them (renewed every
   * third of it while it works): when its instance dies, the next runs of the job wait this long
   * (default: the runner's LEASE_MS, ten minutes).
   */
  leaseMs?: number;
  /**
   * The lane the ticker runs it on (jobs/index.ts startJobs): `minute` for the jobs run every
   * minute (the SLA sweep, the outbox's upkeep, the Events API redos), whose tick never waits for
   * the daily, weekly, monthly and quarterly runs; every other job on the `periodic` lane.
   */
  lane?: JobLane;
}

/** A ticker lane: each lane's tick runs its jobs in turn, never waiting for another lane. */
export type JobLane = 'minute' | 'periodic';

/** One run of a job: its slot, and whether an operator forced it (`--force`). */
export interface RunInfo {
  /** The scheduled instant this run belongs to. */
  slot: Date;
  /** An operator asked to run it again: a job that acts once per slot acts again. */
  force: boolean;
}

/**
 * A job run for each workspace: its slot is in the workspace's time zone and settings, and it
 * runs with the workspace's context (the desk acting, as of the run's time or an operator's
 * `--at`; a run caught up after downtime acts as of when it runs, its slot in `RunInfo`).
 */
export interface WorkspaceJob extends JobBase {
  scope: 'workspace';
  slotAt(now: Date, settings: WorkspaceSettings): Date;
  /**
   * The local period a slot's run covers (`2026-11-24`, `2026-W48`, `2026-10`, `2026-Q3`): its
   * run is keyed by it in the ledger, not by the slot, so a change of the time zone or of the
   * job's hour or weekday, which moves the slot, never runs the job twice for one period. Without
   * it a run is keyed by its slot (the jobs run every minute or quarter of an hour).
   */
  periodOf?(slot: Date, settings: WorkspaceSettings): string;
  /**
   * Until when a slot missed may still run, when that depends on the workspace (a daily job: the
   * end of the slot's local day); without it, `catchUpMs` after the slot.
   */
  catchUpUntil?(slot: Date, settings: WorkspaceSettings): Date;
  run(deps: JobDeps, ctx: Ctx, run: RunInfo): Promise<JobCounts>;
}

/** A job run once for every workspace at once (the owed Slack work of every ticket). */
export interface GlobalJob extends JobBase {
  scope: 'global';
  slotAt(now: Date): Date;
  run(deps: JobDeps, run: RunInfo & { now: Date; log: Logger }): Promise<JobCounts>;
}

/**
 * A scheduled job, declared once. `slotAt` says which slot is current at `now`, so every
 * instance agrees on it and a slot missed during downtime is still current when the app comes
 * back (within `catchUpMs`).
 */
export type Job = WorkspaceJob | GlobalJob;

/** The local day a daily slot falls on, in the workspace's zone: what a daily run is keyed by. */
export const localDayOf = (slot: Date, settings: WorkspaceSettings): string =>
  localDate(slot, settings.timeZone);

/** How late a missed slot may still run when its job does not say (`catchUpMs`): a minute. */
export const DEFAULT_CATCH_UP_MS = 60_000;

/**
 * Whether a job's slots are read with the workspace's settings: a workspace job keyed by its
 * period (`periodOf`) or caught up until a time the workspace sets (`catchUpUntil`). The others'
 * runs are keyed by their slot, caught up `catchUpMs` after it.
 */
export const readsSettings = (job: Job): boolean =>
  job.scope === 'workspace' && (job.periodOf !== undefined || job.catchUpUntil !== undefined);

/**
 * The end of a slot's catch-up window: a slot missed is still run until then (`settings`: the
 * workspace's, for a workspace job).
 */
export function catchUpEnd(job: Job, slot: Date, settings?: WorkspaceSettings): Date {
  if (job.scope === 'workspace' && job.catchUpUntil && settings)
    return job.catchUpUntil(slot, settings);
  return new Date(slot.getTime() + (job.catchUpMs ?? DEFAULT_CATCH_UP_MS));
}

/** The local midnight that ends the day `at` falls on, in the zone. */
export function endOfLocalDay(at: Date, timeZone: string): Date {
  const local = new TZDate(at.getTime(), timeZone);
  return new Date(
    new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + 1, timeZone).getTime(),
  );
}

/**
 * A job run daily at the start of each workspace's business day (its first window's opening,
 * in its zone), once per local day; a slot missed during downtime is caught up the same day
 * (until the workspace's local midnight).
 */
export function dailyJob(name: string, run: WorkspaceJob['run']): WorkspaceJob {
  return {
    name,
    scope: 'workspace',
    slotAt: (now, settings) => dailySlot(now, settings.timeZone, dayStart(settings)),
    periodOf: localDayOf,
    catchUpUntil: (slot, settings) => endOfLocalDay(slot, settings.timeZone),
    run,
  };
}
