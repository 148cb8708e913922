import { dailyJob } from '../src/schedule/job.js';

/**
 * Daily at the start of the business day: with a retention period set (settings
 * `retentionDays`, 0 = off, the default), closed tickets' typed text and interactions older
 * than it are anonymised (src/privacy/service.ts). Idempotent: a second run changes nothing.
 */
export const privacyRetentionJob = dailyJob('privacy-retention', (deps, ctx) =>
  deps.services.dataSubjects.retention(ctx),
);
