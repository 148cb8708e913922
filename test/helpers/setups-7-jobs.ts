// Jobs of the tests' own, to drive the scheduler's runner.
import type { WorkspaceJob } from '../../src/schedule/job.js';
import { weeklySlot } from '../../src/schedule/slots.js';

/** 'test-weekly': a workspace job due Mondays 09:00, caught up for a week, failing with `error`. */
export function failingWeeklyJob(error: string): WorkspaceJob {
  return {
    name: 'test-weekly',
    scope: 'workspace',
    catchUpMs: 7 * 24 * 3600_000,
    slotAt: (now, settings) => weeklySlot(now, settings.timeZone, 1, '09:00'),
    run: async () => {
      throw new Error(error);
    },
  };
}
