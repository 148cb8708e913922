import { dailyJob } from '../src/schedule/job.js';

/**
 * Daily at the start of the workspace's business day: repairs the 3-7-30 follow-ups, plans
 * care contacts on the tier's cadence and delivery revisits, reminds executors and lists the overdue tasks to the
 * managers (src/flows/tasks.ts).
 */
export const tasksJob = dailyJob('tasks', (deps, ctx) => deps.flows.tasks.daily(ctx));
