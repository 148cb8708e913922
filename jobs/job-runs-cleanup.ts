import {
  DEFAULT_CATCH_UP_MS,
  readsSettings,
  type GlobalJob,
  type Job,
} from '../src/schedule/job.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How long a done run of a job keyed by its slot is kept past its slot's catch-up window. */
export const JOB_RUNS_KEEP_DONE_MS = DAY;

/** How long a failed run (or one its instance left running) of such a job is kept. */
export const JOB_RUNS_KEEP_FAILED_MS = 30 * DAY;

/** How many runs one delete takes, and how many deletes a pass makes at most. */
export const JOB_RUNS_BATCH = 1_000;
export const JOB_RUNS_MAX_BATCHES = 20;

/**
 * A job whose runs are keyed by their slot (`_id` job:team:slot): the jobs run every minute or
 * quarter of an hour, and the global daily cleanups. A run keyed by its period (a daily job's
 * day, the digest's week, a report's month) keeps that period from running twice: kept.
 */
const slotKeyed = (job: Job) => !readsSettings(job);

/**
 * The job ledger's cleanup, hourly, across workspaces (`jobs`: every job declared, read when it
 * runs): the runs of the jobs keyed by their slot are deleted once their slot is a day past its
 * catch-up window (a minute job's after a day: the runner never reads that slot again), failed
 * ones and those an instance that died left running after 30 days (for `npm run job` and an
 * operator's look meanwhile), 1,000 a delete and 20,000 a pass at most (a backlog, the first
 * pass after an upgrade, goes over several hours). Period-keyed runs, the job locks and forced
 * runs (their own keys) are kept. Several instances may delete at once: each run goes once.
 */
export function jobRunsCleanup(jobs: () => Job[]): GlobalJob {
  return {
    name: 'job-runs-cleanup',
    scope: 'global',
    slotAt: (now) => new Date(Math.floor(now.getTime() / HOUR) * HOUR),
    catchUpMs: HOUR,
    run: async (deps) => {
      // The clock, not an operator's `--at`: what is old is old now.
      const now = deps.clock.now().getTime();
      const kept = jobs()
        .filter(slotKeyed)
        .map((job) => ({
          job: job.name,
          doneBefore: new Date(
            now - (job.catchUpMs ?? DEFAULT_CATCH_UP_MS) - JOB_RUNS_KEEP_DONE_MS,
          ),
        }));
      const failedBefore = new Date(now - JOB_RUNS_KEEP_FAILED_MS);
      let forgotten = 0;
      for (let i = 0; i < JOB_RUNS_MAX_BATCHES; i++) {
        const n = await deps.services.jobLedger.forget({
          jobs: kept,
          failedBefore,
          limit: JOB_RUNS_BATCH,
        });
        forgotten += n;
        if (n < JOB_RUNS_BATCH) break;
      }
      return { forgotten };
    },
  };
}
