import cron from 'node-cron';
import type { Job, JobDeps } from './types.js';
import { ticketCardsJob } from './ticket-cards.js';

export const JOBS: Job[] = [ticketCardsJob];

export interface JobRunner {
  stop(): Promise<void>;
}

/**
 * Schedules every job with node-cron. A job never overlaps itself; each run has a child logger
 * and ends with one line carrying its duration and counts; a failed run is logged, not fatal.
 */
export function startJobs(deps: JobDeps, jobs: Job[] = JOBS): JobRunner {
  const tasks = jobs.map((job) =>
    cron.schedule(
      job.schedule,
      async () => {
        const log = deps.log.child({ job: job.name });
        const started = Date.now();
        try {
          const counts = await job.run({ ...deps, log }, deps.clock.now());
          log.info({ ...counts, durationMs: Date.now() - started }, 'job run finished');
        } catch (err) {
          log.error({ err, durationMs: Date.now() - started }, 'job run failed');
        }
      },
      { name: job.name, noOverlap: true },
    ),
  );
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.stop()));
    },
  };
}
