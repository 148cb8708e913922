/** Pure ticket rules: kinds, numbers, what each status allows, and SLA targets. No I/O. */
import type { Tier } from '../customer/rules.js';
import type { WorkspaceSettings } from '../workspace/settings.js';

export const TICKET_TYPES = [
  'consultation',
  'complaint',
  'after_sales',
  'demand',
  'other',
] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const SEVERITIES = ['urgent', 'important', 'general'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const INTAKE_CHANNELS = ['phone', 'email', 'portal', 'review', 'slack', 'visit'] as const;
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number];

export const STATUSES = ['new', 'assigned', 'waiting', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof STATUSES)[number];

/** L1 agents, L2 experts, L3 the account manager (the customer's owner). */
export type Level = 1 | 2 | 3;

export const TICKET_ACTIONS = [
  'claim',
  'reassign',
  'escalate',
  'wait',
  'resume',
  'note',
  'resolve',
  'reopen',
  'close',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/** Which actions each status allows; a click outside this is stale and explained. */
export const ALLOWED: Record<TicketStatus, readonly TicketAction[]> = {
  new: ['claim', 'reassign', 'escalate', 'note', 'resolve'],
  assigned: ['reassign', 'escalate', 'wait', 'note', 'resolve'],
  waiting: ['resume', 'note', 'resolve'],
  resolved: ['reopen', 'close', 'note'],
  closed: [],
};

export function allows(status: TicketStatus, action: TicketAction): boolean {
  return ALLOWED[status].includes(action);
}

/** `T` + year + four-digit sequence, like the manuals' `T20240101`: T20260001, T20260002, ... */
export function ticketNumber(year: number, sequence: number): string {
  return `T${year}${String(sequence).padStart(4, '0')}`;
}

export const TICKET_NUMBER = /^T\d{8,}$/i;

export interface SlaTargets {
  /** First response, business minutes: the stricter of severity and customer tier. */
  responseMinutes: number;
  resolutionMinutes: number;
  /** Urgent tickets on 24x7 when the workspace chose so. */
  aroundTheClock: boolean;
}

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
