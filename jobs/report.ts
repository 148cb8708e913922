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
 * The report of the last `kind` (every `every` months), on the first working day of its period,
 * caught up within six days of a missed slot.
 */
const reportJob = (kind: 'month' | 'quarter', every: 1 | 3): WorkspaceJob => ({
  name: `report-${kind}`,
  scope: 'workspace',
  slotAt: slot(every),
  periodOf: reported(kind),
  catchUpMs: 6 * 24 * 3_600_000,
  run: (deps, ctx, run) => deps.flows.reports.publish(ctx, kind, run.slot, { force: run.force }),
});

/**
 * The monthly report of the last month, on the first working day of the month at the digest's
 * time (default 09:00, workspace time): stored, written to the outbox under the month's key
 * (posted once unless forced), caught up within six days of a missed slot.
 */
export const monthlyReportJob = reportJob('month', 1);

/** The quarterly review of the last quarter, on the first working day of the quarter. */
export const quarterlyReportJob = reportJob('quarter', 3);
