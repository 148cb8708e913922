import { minuteSlot } from '../src/schedule/slots.js';
import type { Job } from './types.js';

/**
 * Every minute, per workspace: SLA warnings, breaches and automatic escalations for the tickets
 * whose next alert time has come (see src/ticket/sla-alerts.ts).
 */
export const slaAlertsJob: Job = {
  name: 'sla-alerts',
  scope: 'workspace',
  slotAt: (now) => minuteSlot(now),
  run: (deps, ctx) => deps.desk.slaAlerts.sweep(ctx.teamId, ctx.now, ctx.log),
};
