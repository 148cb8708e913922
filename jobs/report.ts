import { lastFullPeriod, type ReportKind } from '../src/digest/periods.js';
import type { WorkspaceJob } from '../src/schedule/job.js';
import { firstWorkingDaySlot, isWorkingDate } from '../src/schedule/slots.js';
import type { WorkspaceSettings } from '../src/workspace/settings.js';

const slot = (every: 1 | 3) => (now: Date, settings: WorkspaceSettings) =>
  firstWorkingDaySlot(now, settings.timeZone, settings.digest.time, every, (date) =>
    isWorkingDate(date, settings.businessHours),
  );

/** One run per reported period, whichever day and time the settings move the slot to. */
const reported = (kind: ReportKind) => (slot: Date, settings: WorkspaceSettings) =>
  lastFullPeriod(kind, slot, settings.timeZone).period;

/**
 * The monthly report of the last month, on the first working day of the month at the digest's
 * time (default 09:00, workspace time): stored, written to the outbox under the month's key
 * (posted once unless forced), caught up within six days of a missed slot.
 */
export const monthlyReportJob: WorkspaceJob = {
  name: 'report-month',
  scope: 'workspace',
  slotAt: slot(1),
  periodOf: reported('month'),
  catchUpMs: 6 * 24 * 3_600_000,
  run: (deps, ctx, run) => deps.flows.reports.publish(ctx, 'month', run.slot, { force: run.force }),
};

/** The quarterly review of the last quarter, on the first working day of the quarter. */
export const quarterlyReportJob: WorkspaceJob = {
  name: 'report-quarter',
  scope: 'workspace',
  slotAt: slot(3),
  periodOf: reported('quarter'),
  catchUpMs: 6 * 24 * 3_600_000,
  run: (deps, ctx, run) =>
    deps.flows.reports.publish(ctx, 'quarter', run.slot, { force: run.force }),
};
