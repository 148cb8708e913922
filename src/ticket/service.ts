import type { Ctx } from '../context.js';
import type { CustomerService } from '../customer/service.js';
import type { CustomerRecord } from '../customer/types.js';
import { insertNumbered, type SequenceRepository } from '../db/sequence.js';
import { AppError, notFoundAsNull } from '../errors.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import { thresholds, type AlertedTicket } from './alerts.js';
import { isOverdue, ticketCalendar } from './clock.js';
import {
  SubmissionSeenError,
  TicketNumberTakenError,
  type TicketRepository,
} from './repository.js';
import { slaTargets, ticketNumber } from './rules.js';
import { assertAllowed, transition } from './transitions.js';
import {
  OPEN_STATUSES,
  type ActionParams,
  type AlertKind,
  type TicketEvent,
  type TicketInput,
  type TicketListKind,
  type TicketRecord,
} from './types.js';

/** How long one attempt to post a card may take before another instance may try (longer
 * than the Web API client's own retries on rate limits). */
export const CARD_LEASE_MS = 35 * 60_000;

/** Minutes to wait before the n-th retry of Slack work a ticket owes: 1, 2, 4, ... an hour. */
function backoffMinutes(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1));
}

/** When the SLA sweep should next look at a ticket: its earliest pending alert. */
function nextAlertAt(settings: WorkspaceSettings, ticket: AlertedTicket, now: Date) {
  const pending = Object.values(
    thresholds(ticket, settings, ticketCalendar(settings, ticket), now),
  );
  return pending.sort((a, b) => a.getTime() - b.getTime())[0];
}

/** Service tickets: intake, one owner at every moment, and the SLA clock on business time. */
export class TicketService {
  constructor(
    private readonly repos: { tickets: TicketRepository; sequences: SequenceRepository },
    private readonly customers: CustomerService,
  ) {}

  /** Saves a new ticket; the same submission again returns the ticket it made (`created` false). */
  async create(ctx: Ctx, input: TicketInput): Promise<{ ticket: TicketRecord; created: boolean }> {
    const seen = await this.repos.tickets.bySubmission(ctx.teamId, input.submissionId);
    if (seen) return { ticket: seen, created: false };
    const customer = await this.customers.get(ctx, input.customerCode);
    try {
      return { ticket: await this.insert(ctx, input, customer), created: true };
    } catch (err) {
      if (!(err instanceof SubmissionSeenError)) throw err;
      const first = await this.repos.tickets.bySubmission(ctx.teamId, input.submissionId);
      if (!first) throw err;
      return { ticket: first, created: false };
    }
  }

  private insert(ctx: Ctx, input: TicketInput, customer: CustomerRecord): Promise<TicketRecord> {
    const year = Number(ctx.today.slice(0, 4));
    return insertNumbered({
      sequences: this.repos.sequences,
      teamId: ctx.teamId,
      kind: 'ticket',
      period: year,
      format: (n) => ticketNumber(year, n),
      isTaken: (err) => err instanceof TicketNumberTakenError,
      insert: (number) => {
        const ticket: Omit<TicketRecord, 'id' | 'createdAt' | 'updatedAt'> = {
          teamId: ctx.teamId,
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
          createdBy: ctx.actor,
          status: 'new',
          level: 1,
          sla: slaTargets(ctx.settings, input.severity, customer.tier),
          pauses: [],
          metrics: { escalations: 0, reassignments: 0, reopenCount: 0 },
          // Leased to the intake that posts it, so the retry job leaves it alone meanwhile.
          card: {
            pending: true,
            attempts: 0,
            nextAttemptAt: new Date(ctx.now.getTime() + CARD_LEASE_MS),
          },
          accountManagerNotified: false,
          timeline: [],
          alerts: {},
          version: 0,
        };
        const at = nextAlertAt(ctx.settings, ticket, ctx.now);
        return this.repos.tickets.insert({ ...ticket, ...(at ? { nextAlertAt: at } : {}) });
      },
    });
  }

  async get(ctx: Pick<Ctx, 'teamId'>, number: string): Promise<TicketRecord> {
    const ticket = await this.repos.tickets.byNumber(ctx.teamId, number.trim());
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
    ctx: Ctx,
    number: string,
    params: ActionParams,
  ): Promise<{ ticket: TicketRecord; event: TicketEvent }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await this.get(ctx, number);
      // A stale click is refused before the escalation's own checks and reads.
      assertAllowed(current, params.action);
      const ticket =
        params.action === 'escalate' ? await this.forEscalation(ctx, current, params) : current;
      const { next, event } = transition(
        ticket,
        params,
        ctx.actor,
        ctx.now,
        ticketCalendar(ctx.settings, ticket),
      );
      // The event is kept on the ticket too: a card posted late replays it into its thread.
      const updated = await this.repos.tickets.applyIfVersion(
        current,
        next,
        event,
        nextAlertAt(ctx.settings, next, ctx.now),
      );
      if (updated) return { ticket: updated, event };
    }
    throw new AppError('INVALID_INPUT', 'ticket.error.changedMeanwhile', { number });
  }

  /** The ticket as an escalation sees it: to L3, the customer's account manager now. */
  private async forEscalation(
    ctx: Ctx,
    current: TicketRecord,
    params: Extract<ActionParams, { action: 'escalate' }>,
  ): Promise<TicketRecord> {
    if (params.fromLevel !== undefined && params.fromLevel !== current.level) {
      // Someone escalated it while this modal was open: this expert choice no longer applies.
      throw new AppError('INVALID_INPUT', 'ticket.error.levelChanged', {
        number: current.number,
        level: current.level,
      });
    }
    if (current.level !== 2) return current;
    const customer = await this.customers.get(ctx, current.customerCode).catch(notFoundAsNull);
    return customer ? { ...current, accountManagerId: customer.ownerId } : current;
  }

  /** `/ticket mine | list open | overdue | unassigned`: the first `limit` and the total. */
  async list(
    ctx: Ctx,
    kind: TicketListKind,
    limit = 10,
  ): Promise<{ items: TicketRecord[]; total: number }> {
    if (kind === 'overdue') {
      const overdue = (await this.repos.tickets.open(ctx.teamId)).filter((ticket) =>
        isOverdue(ctx.settings, ticket, ctx.now),
      );
      return { items: overdue.slice(0, limit), total: overdue.length };
    }
    return this.repos.tickets.list(
      ctx.teamId,
      {
        statuses: OPEN_STATUSES,
        ...(kind === 'mine' ? { assigneeId: ctx.actor } : {}),
        ...(kind === 'unassigned' ? { unassigned: true } : {}),
      },
      limit,
    );
  }

  async openCount(ctx: Pick<Ctx, 'teamId'>, customerId: string): Promise<number> {
    return this.repos.tickets.countOpenForCustomer(ctx.teamId, customerId);
  }

  // Slack bookkeeping, for the flows that post a ticket's card and DMs.

  /** Tickets whose card or account-manager DM is still owed, due for another try. */
  owed(now: Date, limit: number): Promise<TicketRecord[]> {
    return this.repos.tickets.owedToSlack(now, limit);
  }

  /** Takes the right to retry a ticket's owed Slack work for a while; false if another has it. */
  lease(ticket: TicketRecord, now: Date): Promise<boolean> {
    const until = new Date(now.getTime() + CARD_LEASE_MS);
    return this.repos.tickets.leaseOwed(ticket.teamId, ticket.id, now, until);
  }

  cardPosted(ticket: TicketRecord, where: { channel: string; ts: string }): Promise<void> {
    return this.repos.tickets.cardPosted(ticket.teamId, ticket.id, where);
  }

  cardFresh(ticket: TicketRecord): Promise<void> {
    return this.repos.tickets.cardFresh(ticket.teamId, ticket.id);
  }

  accountManagerNotified(ticket: TicketRecord): Promise<void> {
    return this.repos.tickets.accountManagerNotified(ticket.teamId, ticket.id);
  }

  setSourcePermalink(ticket: TicketRecord, permalink: string): Promise<void> {
    return this.repos.tickets.setSourcePermalink(ticket.teamId, ticket.id, permalink);
  }

  /** Slack did not take what the ticket owes it: retried with back-off by the job. */
  async owe(ticket: TicketRecord, what: 'card' | 'stale' | 'dm', error: string, now: Date) {
    const attempts = ticket.card.attempts + 1;
    await this.repos.tickets.owe(ticket.teamId, ticket.id, what, {
      attempts,
      error: error.slice(0, 100),
      retryAt: new Date(now.getTime() + backoffMinutes(attempts) * 60_000),
    });
    return attempts;
  }

  // The SLA sweep's reads and claims.

  alertsDue(ctx: Ctx, limit: number): Promise<TicketRecord[]> {
    return this.repos.tickets.alertsDue(ctx.teamId, ctx.now, limit);
  }

  markAlert(ctx: Ctx, ticket: TicketRecord, kind: AlertKind) {
    return this.repos.tickets.markAlert(ctx.teamId, ticket.id, kind, ctx.now);
  }

  unmarkAlert(ctx: Ctx, ticket: TicketRecord, kind: AlertKind) {
    return this.repos.tickets.unmarkAlert(ctx.teamId, ticket.id, kind);
  }

  setNextAlert(ctx: Ctx, ticket: TicketRecord, at: Date | undefined): Promise<void> {
    return this.repos.tickets.setNextAlert(ctx.teamId, ticket.id, at);
  }

  // The read models of other domains (follow-ups, the digest).

  resolvedSince(ctx: Ctx, since: Date): Promise<TicketRecord[]> {
    return this.repos.tickets.resolvedSince(ctx.teamId, since);
  }

  byIds(ctx: Ctx, ids: string[]): Promise<TicketRecord[]> {
    return this.repos.tickets.byIds(ctx.teamId, ids);
  }

  forDigest(ctx: Ctx, from: Date, to: Date) {
    return this.repos.tickets.forDigest(ctx.teamId, from, to);
  }
}
