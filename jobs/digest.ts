import { reportedWeek } from '../src/digest/service.js';
import type { WorkspaceJob } from '../src/schedule/job.js';
import { firstWorkingWeekdaySlot, isWorkingDate } from '../src/schedule/slots.js';

/**
 * The weekly KPI digest (default Monday 09:00 in the workspace's zone) of the last full week;
 * when that day is a public holiday of the workspace's calendar, on the first working day after
 * it in the same week (as the reports wait for the first working day), about the same week.
 * A slot missed during downtime is caught up within six days; the week is written to the outbox
 * under its own key, so it goes out once unless an operator forces it (`npm run job -- digest
 * --force`).
 */
export const digestJob: WorkspaceJob = {
  name: 'digest',
  scope: 'workspace',
  slotAt: (now, settings) =>
    firstWorkingWeekdaySlot(
      now,
      settings.timeZone,
      settings.digest.weekday,
      settings.digest.time,
      (date) => isWorkingDate(date, settings.businessHours),
    ),
  // One run per reported week, whichever day and time the settings move the slot to.
  periodOf: (slot, settings) => reportedWeek(slot, settings.timeZone).week,
  catchUpMs: 6 * 24 * 3_600_000,
  run: (deps, ctx, run) => deps.flows.digests.publish(ctx, run.slot, { force: run.force }),
};
