import { dailyJob } from '../src/schedule/job.js';

/**
 * Daily at the start of the workspace's business day: repairs the 3-7-30 follow-ups, plans
 * care contacts on the tier's cadence and delivery revisits, reminds executors and lists the overdue tasks to the
 * managers (src/flows/tasks.ts); then asks Slack about the people `/desk roles` names (one of
 * another organisation is marked, skipped from then on, and the admins told once:
 * src/flows/settings.ts `recheckHolders`).
 */
export const tasksJob = dailyJob('tasks', async (deps, ctx) => {
  const counts = await deps.flows.tasks.daily(ctx);
  return { ...counts, ...(await deps.flows.settings.recheckHolders(ctx)) };
});
