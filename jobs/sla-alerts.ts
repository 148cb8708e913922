import type { WorkspaceJob } from '../src/schedule/job.js';
import { minuteSlot } from '../src/schedule/slots.js';

/**
 * Every minute, per workspace: SLA warnings, breaches and automatic escalations for the tickets
 * whose next alert time has come (src/flows/sla.ts).
 */
export const slaAlertsJob: WorkspaceJob = {
  name: 'sla-alerts',
  scope: 'workspace',
  slotAt: (now) => minuteSlot(now),
  run: (deps, ctx) => deps.flows.sla.sweep(ctx),
};
