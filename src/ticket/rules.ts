/** Pure ticket rules: numbers, what each status allows, and SLA targets. No I/O. */
import type { Tier } from '../customer/types.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import {
  ALLOWED,
  type Severity,
  type SlaTargets,
  type TicketAction,
  type TicketStatus,
} from './types.js';

export function allows(status: TicketStatus, action: TicketAction): boolean {
  return ALLOWED[status].includes(action);
}

/** `T` + year + four-digit sequence, like the manuals' `T20240101`: T20260001, T20260002, ... */
export function ticketNumber(year: number, sequence: number): string {
  return `T${year}${String(sequence).padStart(4, '0')}`;
}

export const TICKET_NUMBER = /^T\d{8,}$/i;

export function slaTargets(
  settings: WorkspaceSettings,
  severity: Severity,
  tier: Tier,
): SlaTargets {
  const { sla } = settings;
  return {
    responseMinutes: Math.min(
      sla.responseMinutesBySeverity[severity],
      sla.responseMinutesByTier[tier],
    ),
    resolutionMinutes: sla.resolutionMinutes,
    aroundTheClock: severity === 'urgent' && sla.urgentAroundTheClock,
  };
}
