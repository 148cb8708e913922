import { AppError, FieldErrors } from '../errors.js';
import type { CustomerService } from '../customer/service.js';
import { insertNumbered, type SequenceRepository } from '../db/sequence.js';
import {
  calendarFromSettings,
  slaStatus,
  type BusinessCalendar,
  type Pause,
  type SlaStatus,
} from '../sla/business-time.js';
import { localDate } from '../time.js';
import { thresholds } from './alerts.js';
import type { WorkspaceService } from '../workspace/service.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import type { CustomerRecord } from '../customer/repository.js';
import {
  OPEN_STATUSES,
  SubmissionSeenError,
  TicketNumberTakenError,
  type TicketRecord,
  type TicketRepository,
} from './repository.js';
import {
  allows,
  slaTargets,
  ticketNumber,
  type IntakeChannel,
  type Level,
  type Severity,
  type TicketAction,
  type TicketType,
} from './rules.js';

export interface TicketInput {
  /** The modal submission (view id): saving the same modal twice makes one ticket. */
  submissionId: string;
  customerCode: string;
  type: TicketType;
  severity: Severity;
  channel: IntakeChannel;
  title: string;
  description: string;
  receivedAt: Date;
  sourcePermalink?: string;
  source?: { channel: string; ts: string };
}

/** Who acts when the desk itself escalates a breached ticket. */
export const SYSTEM_ACTOR = 'care-desk';

/** How long one attempt to post a card may take before another instance may try (longer
 * than the Web API client's own retries on rate limits). */
export const CARD_LEASE_MS = 35 * 60_000;

/** What happened to a ticket: posted in its thread and used to update the card. */
export interface TicketEvent {
  action: TicketAction | 'created';
  by: string;
  at: Date;
  /** The new assignee (claim, reassign, escalate). */
  assigneeId?: string;
  level?: Level;
  /** Escalation reason, note text, resolution summary. */
  text?: string;
}

export type ActionParams =
  | { action: 'claim' | 'wait' | 'resume' | 'reopen' | 'close' }
  | { action: 'reassign'; to: string }
  | { action: 'escalate'; reason: string; expertId?: string; fromLevel?: Level }
  | { action: 'note'; text: string }
  | { action: 'resolve'; summary: string };

export interface TicketClock {
  /** Null once someone has responded. */
  response: SlaStatus | null;
  /** Null once resolved. */
  resolution: SlaStatus | null;
  paused: boolean;
}

export type TicketListKind = 'mine' | 'open' | 'overdue' | 'unassigned';

function closePauses(pauses: Pause[], now: Date): Pause[] {
  return pauses.map((p) => (p.to ? p : { from: p.from, to: now }));
}

/** Service tickets: intake, one owner at every moment, and the SLA clock on business time. */
export class TicketService {
  constructor(
    private readonly repos: { tickets: TicketRepository; sequences: SequenceRepository },
    private readonly customers: CustomerService,
    private readonly workspaces: WorkspaceService,
  ) {}

  calendar(settings: WorkspaceSettings, ticket: Pick<TicketRecord, 'sla'>): BusinessCalendar {
    return calendarFromSettings(settings, { aroundTheClock: ticket.sla.aroundTheClock });
  }

  /** Where the ticket's response and resolution clocks stand at `now`. */
  clock(settings: WorkspaceSettings, ticket: TicketRecord, now: Date): TicketClock {
    const cal = this.calendar(settings, ticket);
    const base = { receivedAt: ticket.receivedAt, pauses: ticket.pauses, now };
    return {
      response: ticket.firstResponseAt
        ? null
        : slaStatus(cal, { ...base, targetMinutes: ticket.sla.responseMinutes }),
      resolution:
        ticket.status === 'resolved' || ticket.status === 'closed'
          ? null
          : slaStatus(cal, { ...base, targetMinutes: ticket.sla.resolutionMinutes }),
      paused: ticket.status === 'waiting',
    };
  }

  /** Saves a new ticket; the same submission again returns the ticket it made (`created` false). */
  async create(
    teamId: string,
    input: TicketInput,
    actor: string,
    now: Date,
  ): Promise<{ ticket: TicketRecord; created: boolean }> {
    const seen = await this.repos.tickets.bySubmission(teamId, input.submissionId);
    if (seen) return { ticket: seen, created: false };
    const settings = await this.workspaces.settings(teamId);
    const customer = await this.customers.get(teamId, input.customerCode);
    const year = Number(localDate(now, settings.timeZone).slice(0, 4));
    try {
      const ticket = await this.insert(teamId, input, customer, settings, year, actor, now);
      await this.scheduleAlerts(settings, ticket, now);
      return { ticket, created: true };
    } catch (err) {
      if (!(err instanceof SubmissionSeenError)) throw err;
      return {
        ticket: (await this.repos.tickets.bySubmission(teamId, input.submissionId))!,
        created: false,
      };
    }
  }

  private insert(
    teamId: string,
    input: TicketInput,
    customer: CustomerRecord,
    settings: WorkspaceSettings,
    year: number,
    actor: string,
    now: Date,
  ): Promise<TicketRecord> {
    return insertNumbered({
      sequences: this.repos.sequences,
      teamId,
      kind: 'ticket',
      period: year,
      format: (n) => ticketNumber(year, n),
      isTaken: (err) => err instanceof TicketNumberTakenError,
      insert: (number) =>
        this.repos.tickets.insert({
          teamId,
          number,
          customerId: customer.id,
          customerCode: customer.code,
          customerName: customer.name,
          customerTier: customer.tier,
          accountManagerId: customer.ownerId,
          type: input.type,
          severity: input.severity,
          channel: input.channel,
          title: input.title,
          description: input.description,
          ...(input.sourcePermalink ? { sourcePermalink: input.sourcePermalink } : {}),
          ...(input.source ? { source: input.source } : {}),
          submissionId: input.submissionId,
          receivedAt: input.receivedAt,
          createdBy: actor,
          status: 'new',
          level: 1,
          sla: slaTargets(settings, input.severity, customer.tier),
          pauses: [],
          metrics: { escalations: 0, reassignments: 0, reopenCount: 0 },
          // Leased to the intake that posts it, so the retry job leaves it alone meanwhile.
          card: {
            pending: true,
            attempts: 0,
            nextAttemptAt: new Date(now.getTime() + CARD_LEASE_MS),
          },
          accountManagerNotified: false,
          timeline: [],
          alerts: {},
          version: 0,
        }),
    });
  }

  async get(teamId: string, number: string): Promise<TicketRecord> {
    const ticket = await this.repos.tickets.byNumber(teamId, number.trim());
    if (!ticket)
      throw new AppError('NOT_FOUND', 'ticket.error.notFound', {
        number: number.trim().slice(0, 20),
      });
    return ticket;
  }

  /**
   * Applies one action, if the ticket's current state allows it. The update applies only to the
   * version read, so of simultaneous clicks exactly one wins; the others read the ticket again
   * and either still may (someone only added a note meanwhile) or are told what happened
   * ("already claimed by @x") instead of overwriting it.
   */
  async act(
    teamId: string,
    number: string,
    params: ActionParams,
    actor: string,
    now: Date,
  ): Promise<{ ticket: TicketRecord; event: TicketEvent }> {
    const settings = await this.workspaces.settings(teamId);
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await this.get(teamId, number);
      this.assertAllowed(current, params.action);
      if (params.action === 'escalate') await this.prepareEscalation(teamId, current, params);
      const change = this.plan(settings, current, params, actor, now);
      // The event is kept on the ticket too: a card posted late replays it into its thread.
      const updated = await this.repos.tickets.updateIfVersion(
        teamId,
        current.id,
        current.version,
        {
          ...change.update,
          push: { timeline: change.event },
        },
      );
      if (updated) {
        await this.scheduleAlerts(settings, updated, now);
        return { ticket: updated, event: change.event };
      }
    }
    throw new AppError('INVALID_INPUT', 'ticket.error.changedMeanwhile', { number });
  }

  private async prepareEscalation(
    teamId: string,
    current: TicketRecord,
    params: Extract<ActionParams, { action: 'escalate' }>,
  ): Promise<void> {
    if (params.fromLevel !== undefined && params.fromLevel !== current.level) {
      // Someone escalated it while this modal was open: this expert choice no longer applies.
      throw new AppError('INVALID_INPUT', 'ticket.error.levelChanged', {
        number: current.number,
        level: current.level,
      });
    }
    if (current.level === 2) {
      // L3 is the customer's account manager now, not when the ticket came in.
      const customer = await this.customers.get(teamId, current.customerCode).catch(() => null);
      if (customer) current.accountManagerId = customer.ownerId;
    }
  }

  private assertAllowed(ticket: TicketRecord, action: TicketAction): void {
    if (allows(ticket.status, action)) return;
    if (
      action === 'claim' &&
      ticket.assigneeId &&
      (ticket.status === 'assigned' || ticket.status === 'waiting')
    ) {
      throw new AppError('INVALID_INPUT', 'ticket.error.alreadyClaimed', {
        number: ticket.number,
        user: ticket.assigneeId,
      });
    }
    throw new AppError('INVALID_INPUT', `ticket.error.stale.${ticket.status}`, {
      number: ticket.number,
    });
  }

  private plan(
    settings: WorkspaceSettings,
    t: TicketRecord,
    params: ActionParams,
    actor: string,
    now: Date,
  ): { update: { set?: Record<string, unknown>; unset?: string[] }; event: TicketEvent } {
    const event: TicketEvent = { action: params.action, by: actor, at: now };
    const set: Record<string, unknown> = {};
    const unset: string[] = [];
    const assign = (userId: string) => {
      set.assigneeId = userId;
      if (t.status === 'new') set.status = 'assigned';
      event.assigneeId = userId;
      // The desk escalating on its own is nobody's response to the customer.
      if (actor === SYSTEM_ACTOR) return;
      if (!t.firstAssigneeId) set.firstAssigneeId = userId;
      if (!t.firstResponseAt) {
        set.firstResponseAt = now;
        const response = slaStatus(this.calendar(settings, t), {
          receivedAt: t.receivedAt,
          targetMinutes: t.sla.responseMinutes,
          pauses: t.pauses,
          now,
        });
        set['metrics.firstResponseMinutes'] = Math.round(response.elapsedMinutes);
        set['metrics.responseBreached'] = response.breached;
      }
    };

    switch (params.action) {
      case 'claim':
        assign(actor);
        break;
      case 'reassign':
        if (t.assigneeId && t.assigneeId !== params.to)
          set['metrics.reassignments'] = t.metrics.reassignments + 1;
        assign(params.to);
        break;
      case 'escalate': {
        if (t.level >= 3)
          throw new AppError('INVALID_INPUT', 'ticket.error.topLevel', { number: t.number });
        const level = (t.level + 1) as Level;
        const to = level === 2 ? params.expertId : t.accountManagerId;
        // A person escalating to L2 names the expert; the desk escalating on a breach raises the
        // level and announces it to the escalation channel for an expert to take.
        if (!to && actor !== SYSTEM_ACTOR)
          throw new FieldErrors({ expert: { key: 'form.error.required' } });
        set.level = level;
        if (level === 3) set.accountManagerId = t.accountManagerId;
        set['metrics.escalations'] = t.metrics.escalations + 1;
        if (to) assign(to);
        event.level = level;
        event.text = params.reason;
        break;
      }
      case 'wait':
        set.status = 'waiting';
        set.pauses = [...t.pauses, { from: now }];
        break;
      case 'resume':
        set.status = 'assigned';
        set.pauses = closePauses(t.pauses, now);
        break;
      case 'note':
        event.text = params.text;
        break;
      case 'resolve': {
        const pauses = closePauses(t.pauses, now);
        if (!t.assigneeId) assign(actor);
        const resolution = slaStatus(this.calendar(settings, t), {
          receivedAt: t.receivedAt,
          targetMinutes: t.sla.resolutionMinutes,
          pauses,
          now,
        });
        // First-contact resolution: resolved by the one who took it first, with no hand-over.
        const resolver = actor;
        Object.assign(set, {
          status: 'resolved',
          pauses,
          resolvedAt: now,
          resolution: params.summary,
          'metrics.resolutionMinutes': Math.round(resolution.elapsedMinutes),
          'metrics.resolutionBreached': resolution.breached,
          'metrics.firstContactResolution':
            resolver === (t.firstAssigneeId ?? resolver) &&
            t.metrics.escalations === 0 &&
            t.metrics.reassignments === 0 &&
            t.metrics.reopenCount === 0,
        });
        event.text = params.summary;
        break;
      }
      case 'reopen':
        set.status = t.assigneeId ? 'assigned' : 'new';
        // The time it sat resolved is not the team's: it counts like waiting on the customer.
        set.pauses = t.resolvedAt ? [...t.pauses, { from: t.resolvedAt, to: now }] : t.pauses;
        set['metrics.reopenCount'] = t.metrics.reopenCount + 1;
        set['metrics.firstContactResolution'] = false;
        unset.push(
          'resolvedAt',
          'resolution',
          'metrics.resolutionMinutes',
          'metrics.resolutionBreached',
        );
        break;
      case 'close':
        set.status = 'closed';
        set.closedAt = now;
        break;
    }
    return { update: { set, unset }, event };
  }

  /** Stores when the SLA sweep should next look at the ticket (its earliest pending alert). */
  async scheduleAlerts(
    settings: WorkspaceSettings,
    ticket: TicketRecord,
    now: Date,
  ): Promise<void> {
    const pending = Object.values(
      thresholds(ticket, settings, this.calendar(settings, ticket), now),
    );
    const next = pending.sort((a, b) => a.getTime() - b.getTime())[0];
    await this.repos.tickets.setNextAlert(ticket.teamId, ticket.id, next);
  }

  /** `/ticket mine | list open | overdue | unassigned`: the first `limit` and the total. */
  async list(
    teamId: string,
    kind: TicketListKind,
    userId: string,
    now: Date,
    limit = 10,
  ): Promise<{ items: TicketRecord[]; total: number }> {
    if (kind === 'overdue') {
      const settings = await this.workspaces.settings(teamId);
      const overdue = (await this.repos.tickets.open(teamId)).filter((ticket) => {
        const clock = this.clock(settings, ticket, now);
        return !clock.paused && (clock.response?.breached || clock.resolution?.breached);
      });
      return { items: overdue.slice(0, limit), total: overdue.length };
    }
    return this.repos.tickets.list(
      teamId,
      {
        statuses: OPEN_STATUSES,
        ...(kind === 'mine' ? { assigneeId: userId } : {}),
        ...(kind === 'unassigned' ? { unassigned: true } : {}),
      },
      limit,
    );
  }

  async openCount(teamId: string, customerId: string): Promise<number> {
    return this.repos.tickets.countOpenForCustomer(teamId, customerId);
  }
}
