import { dailyJob } from '../src/schedule/job.js';

/**
 * Daily at the start of the business day: with a retention period set (settings
 * `retentionDays`, 0 = off, the default), closed tickets' typed text, interactions and finished
 * tasks older than it are anonymised (src/privacy/service.ts), and the cards of the tickets
 * anonymised shown again in the triage channel through the outbox, paced (PrivacyFlows.retention).
 * Then, every day whatever the setting, the form submission keys older than a day lose their
 * digest of what was typed (DataSubjectRepository.forgetSubmissionDigests), and the merge locks
 * a merge cut short left on its tickets, lapsed over a day ago, are taken off (with the claim id
 * of the form's submission and who sent it); that step failing is logged and does not fail the
 * run (its keys wait for the next run). Last, the privacy log's entries holding a legacy
 * (unkeyed) user key are re-keyed (PrivacyLog.rekeyUserKeys), bounded, that step failing logged
 * alike.
 * Idempotent: a second run changes nothing and shows nothing again.
 */
export const privacyRetentionJob = dailyJob('privacy-retention', (deps, ctx) =>
  deps.flows.privacy.retention(ctx),
);
