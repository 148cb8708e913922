import { TIER_REVIEW_AT } from '../src/customer/rules.js';
import { localDayOf, type WorkspaceJob } from '../src/schedule/job.js';
import { quarterlySlot } from '../src/schedule/slots.js';
import { localDate } from '../src/time.js';

/**
 * The quarterly tier review (domain 2): on the first day of each quarter at 06:00 in the
 * workspace's zone, every customer's annual purchases are recomputed from the orders of the last 12 months
 * (the stored figure for a customer without orders) and its tier from the thresholds; each
 * change is logged (and counted in the next digest) and each move told to the customer's owner
 * and the owner's managers. Overrides stay in force.
 */
export const tierReviewJob: WorkspaceJob = {
  name: 'tier-review',
  scope: 'workspace',
  slotAt: (now, settings) => quarterlySlot(now, settings.timeZone, TIER_REVIEW_AT),
  // The quarter's first day: a zone changed that day does not review the quarter again.
  periodOf: localDayOf,
  catchUpMs: 7 * 24 * 3_600_000,
  run: (deps, ctx, run) =>
    deps.flows.signals.tierReview(ctx, localDate(run.slot, ctx.settings.timeZone)),
};
