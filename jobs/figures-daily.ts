import { localDayOf, type WorkspaceJob } from '../src/schedule/job.js';
import { dailySlot } from '../src/schedule/slots.js';

/**
 * The reports' records stored per ended day (src/digest/daily/service.ts), every night at 00:30 in the
 * workspace's zone: the days touched by the tickets, tasks and orders written since the last run
 * are read and stored again, and the ended days of the last 200 never stored are stored, so the
 * first-working-day reports and `/desk report` read one document per day and part. Skipping it
 * only makes reports slower (they read what is not stored), never wrong.
 */
export const figuresDailyJob: WorkspaceJob = {
  name: 'figures-daily',
  scope: 'workspace',
  slotAt: (now, settings) => dailySlot(now, settings.timeZone, '00:30'),
  periodOf: localDayOf,
  catchUpMs: 23 * 3_600_000,
  run: (deps, ctx) =>
    deps.services.dailyFigures.refresh(ctx.teamId, ctx.settings.timeZone, ctx.now),
};
