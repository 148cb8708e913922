import cron from 'node-cron';
import { customerSignalsJob } from './customer-signals.js';
import { digestJob } from './digest.js';
import { figuresDailyJob } from './figures-daily.js';
import { outboxJob } from './outbox.js';
import { monthlyReportJob, quarterlyReportJob } from './report.js';
import { requesterJob } from './requester.js';
import { privacyRetentionJob } from './privacy-retention.js';
import { slaAlertsJob } from './sla-alerts.js';
import { slackEventsCleanupJob, slackEventsJob } from './slack-events.js';
import { tasksJob } from './tasks.js';
import { tierReviewJob } from './tier-review.js';
import type { Job, JobDeps } from '../src/schedule/job.js';
import { runDue } from '../src/schedule/runner.js';

/** Every job, declared once. */
export const JOBS: Job[] = [
  outboxJob,
  slaAlertsJob,
  tasksJob,
  customerSignalsJob,
  digestJob,
  monthlyReportJob,
  quarterlyReportJob,
  tierReviewJob,
  requesterJob,
  privacyRetentionJob,
  slackEventsJob,
  slackEventsCleanupJob,
  figuresDailyJob,
];

export interface JobRunner {
  /** No new ticks; resolves once the tick under way (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * One node-cron ticker a minute, on every instance: it runs whatever slots are due, and the
 * ledger in MongoDB makes each slot run once however many instances tick. Ticks never overlap.
 */
export function startJobs(deps: JobDeps, jobs: Job[] = JOBS): JobRunner {
  let running: Promise<unknown> | undefined;
  const task = cron.schedule(
    '* * * * *',
    () => {
      running = runDue(deps, jobs).finally(() => {
        running = undefined;
      });
      return running;
    },
    { name: 'job-ticker', noOverlap: true },
  );
  return {
    async stop() {
      await task.stop();
      await running;
    },
  };
}
