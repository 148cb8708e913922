import { dailySlot } from '../src/schedule/slots.js';
import type { Job } from './types.js';

/**
 * Daily at the start of the workspace's business day: repairs the 3-7-30 follow-ups (planned on
 * resolution, cancelled on reopen), plans care contacts on the tier's cadence, sends each
 * executor one DM with the tasks due in three days and today (Done buttons), and lists the
 * overdue tasks to the managers. A slot missed during downtime is caught up the same day.
 */
export const tasksJob: Job = {
  name: 'tasks',
  scope: 'workspace',
  slotAt: (now, settings) =>
    dailySlot(now, settings!.timeZone, settings!.businessHours.windows[0]!.start),
  catchUpMs: 12 * 3_600_000,
  run: async (deps, ctx) => {
    const { tasks } = deps.services;
    const repaired = await tasks.reconcileFollowUps(ctx.teamId, ctx.now);
    const care = await tasks.planCare(ctx.teamId, ctx.now);
    const reminders = await deps.desk.taskNotices.remind(ctx.teamId, ctx.now, ctx.log);
    const overdue = await deps.desk.taskNotices.listOverdue(ctx.teamId, ctx.now, ctx.log);
    return {
      followUpsPlanned: repaired.planned,
      followUpsCancelled: repaired.cancelled,
      careCreated: care.created,
      careSuperseded: care.superseded,
      tasksReassigned: care.reassigned,
      ...reminders,
      ...overdue,
    };
  },
};
