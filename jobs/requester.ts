import type { WorkspaceJob } from '../src/schedule/job.js';

/** Every quarter of an hour: the slot a run belongs to. */
const QUARTER = 15 * 60_000;

/**
 * Every 15 minutes, per workspace (#10): the survey reminder a day after an unanswered survey
 * went (never once it expired after 7 days), and progress note drafts for assignees at the
 * workspace's cadence (src/flows/requester.ts). Both are keyed, so a run repeated (two
 * instances, `--force`) sends nothing twice.
 */
export const requesterJob: WorkspaceJob = {
  name: 'requester',
  scope: 'workspace',
  slotAt: (now) => new Date(Math.floor(now.getTime() / QUARTER) * QUARTER),
  catchUpMs: QUARTER,
  run: (deps, ctx) => deps.flows.requester.sweep(ctx),
};
