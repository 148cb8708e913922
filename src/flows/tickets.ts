import { SYSTEM_ACTOR, type Ctx } from '../context.js';
import type { Logger } from '../logger.js';
import type { Notifiers } from '../notify/index.js';
import type { TaskService } from '../task/service.js';
import { ticketClock } from '../ticket/clock.js';
import type { TicketService } from '../ticket/service.js';
import type { ActionParams, TicketEvent, TicketInput, TicketRecord } from '../ticket/types.js';
import type { WorkspaceService } from '../workspace/service.js';

export interface AnnounceResult {
  /** Where the card went, when it went. */
  channel?: string;
  /** Why it did not: `no_triage_channel`, or Slack's error code. */
  error?: string;
}

export interface ActOptions {
  /** Called once the change is saved, before any Slack call (a modal's ack). */
  saved?: () => Promise<void>;
  /** `card`: only re-render the card (the SLA sweep announces its escalations itself). */
  announce?: 'full' | 'card';
}

/**
 * Ticket use cases: intake, actions and the Slack work they owe. The ticket is always saved
 * first; then its card goes to the triage channel (updated in place on every change, its thread
 * the timeline), the account manager gets a DM, escalations are posted. Whatever Slack refuses
 * is marked owed on the ticket and retried by the `ticket-cards` job, which leases each ticket,
 * so nothing is lost to an outage, a rate limit or a missing channel, and nothing is posted
 * twice. Resolving plans the 3-7-30 follow-ups; reopening cancels them.
 */
export class TicketFlows {
  constructor(
    private readonly deps: {
      tickets: TicketService;
      tasks: TaskService;
      workspaces: WorkspaceService;
      notify: Pick<Notifiers, 'tickets'>;
    },
  ) {}

  private get notify() {
    return this.deps.notify.tickets;
  }

  /** A ticket with its SLA clocks now, as its card shows it. */
  async show(ctx: Ctx, number: string) {
    return this.view(ctx, await this.deps.tickets.get(ctx, number));
  }

  private view(ctx: Ctx, ticket: TicketRecord) {
    return { ticket, clock: ticketClock(ctx.settings, ticket, ctx.now) };
  }

  /**
   * A new ticket: saved once per modal submission; then (after `saved`) the link to the message
   * it was made from, the card and the account manager's DM. `announced` says where the card
   * went, or why it did not; nothing is announced for a submission seen before.
   */
  async create(
    ctx: Ctx,
    input: TicketInput,
    saved: () => Promise<void> = async () => {},
  ): Promise<{ ticket: TicketRecord; created: boolean; announced?: AnnounceResult }> {
    const { ticket, created } = await this.deps.tickets.create(ctx, input);
    await saved();
    if (!created) return { ticket, created };
    ctx.log.info({ ticket: ticket.number, severity: ticket.severity }, 'ticket created');
    const permalink = ticket.source && (await this.notify.permalink(ticket.source));
    if (permalink) await this.deps.tickets.setSourcePermalink(ticket, permalink);
    // As stored now: a change made since it was saved is on the card and in its thread.
    const current = await this.deps.tickets.get(ctx, ticket.number);
    const announced = await this.postCard(ctx, current);
    await this.notifyAccountManager(ctx, current);
    return { ticket: current, created, announced };
  }

  private async owe(ctx: Ctx, ticket: TicketRecord, what: 'card' | 'stale' | 'dm', error: string) {
    const attempts = await this.deps.tickets.owe(ticket, what, error, ctx.now);
    ctx.log.warn({ ticket: ticket.number, error, attempts }, 'ticket Slack work owed');
  }

  /**
   * The card to the triage channel, then the ticket's events so far into its thread: a card
   * posted late gets the changes made meanwhile, so its thread is still the whole timeline.
   */
  private async postCard(ctx: Ctx, ticket: TicketRecord): Promise<AnnounceResult> {
    const posted = await this.notify.postCard(ctx, this.view(ctx, ticket));
    if (!posted.ok) {
      await this.owe(ctx, ticket, 'card', posted.error);
      return { error: posted.error };
    }
    await this.deps.tickets.cardPosted(ticket, posted);
    const created: TicketEvent = { action: 'created', by: ticket.createdBy, at: ticket.createdAt };
    await this.notify.postTimeline(ctx, posted, ticket, [created, ...ticket.timeline]);
    return { channel: posted.channel };
  }

  /** True when the DM went (or had gone) out. */
  private async notifyAccountManager(ctx: Ctx, ticket: TicketRecord): Promise<boolean> {
    if (ticket.accountManagerNotified) return true;
    const sent = await this.notify.dmAccountManager(ctx, ticket);
    if (!sent.ok) {
      await this.owe(ctx, ticket, 'dm', sent.error);
      return false;
    }
    await this.deps.tickets.accountManagerNotified(ticket);
    return true;
  }

  /**
   * Applies an action (if the ticket's state allows it), plans or cancels the follow-ups, then
   * (after `saved`: Slack's 3 s are for saving, not for Slack calls) shows it in Slack.
   */
  async act(
    ctx: Ctx,
    number: string,
    params: ActionParams,
    options: ActOptions = {},
  ): Promise<{ ticket: TicketRecord; event: TicketEvent }> {
    const { ticket, event } = await this.deps.tickets.act(ctx, number, params);
    try {
      // The 3-7-30 follow-ups. The daily tasks run repairs both if this fails, so the saved
      // change is never reported as failed.
      if (event.action === 'resolve') await this.deps.tasks.planFollowUps(ctx, ticket);
      if (event.action === 'reopen') await this.deps.tasks.cancelFollowUps(ctx, ticket);
    } catch (err) {
      ctx.log.warn({ err, ticket: ticket.number }, 'follow-up tasks not updated');
    }
    await options.saved?.();
    ctx.log.info({ ticket: ticket.number, action: event.action }, 'ticket action');
    if (options.announce === 'card') await this.refreshCard(ctx, ticket);
    else await this.publishChange(ctx, ticket, event);
    return { ticket, event };
  }

  /**
   * After a change: the card updated in place (from the ticket as stored now, so two changes in
   * a row never leave the older one showing), the event in its thread and, for an escalation,
   * in the escalation channel. A card not posted yet shows the latest state when it is; a
   * refused update marks the card stale for the job to re-render.
   */
  private async publishChange(ctx: Ctx, changed: TicketRecord, event: TicketEvent) {
    const ticket = await this.deps.tickets.get(ctx, changed.number);
    const { channel, ts, pending } = ticket.card;
    if (!pending && channel && ts) {
      const updated = await this.notify.updateCard(ctx, this.view(ctx, ticket));
      if (!updated.ok) await this.owe(ctx, ticket, 'stale', updated.error);
      await this.notify.postTimeline(ctx, { channel, ts }, ticket, [event]);
    }
    if (event.action === 'escalate') await this.notify.postEscalation(ctx, ticket, event);
  }

  /** Re-renders the card after a change that announces itself elsewhere. */
  private async refreshCard(ctx: Ctx, changed: TicketRecord): Promise<void> {
    const ticket = await this.deps.tickets.get(ctx, changed.number);
    if (ticket.card.pending || !ticket.card.channel || !ticket.card.ts) return;
    const updated = await this.notify.updateCard(ctx, this.view(ctx, ticket));
    if (!updated.ok) await this.owe(ctx, ticket, 'stale', updated.error);
  }

  /**
   * The `ticket-cards` job, across workspaces: owed cards posted, stale cards re-rendered,
   * owed DMs sent, each ticket leased first.
   */
  async retryOwed(
    now: Date,
    log: Logger,
    limit = 50,
  ): Promise<{ cards: number; refreshed: number; dms: number }> {
    const counts = { cards: 0, refreshed: 0, dms: 0 };
    for (const ticket of await this.deps.tickets.owed(now, limit)) {
      // Leased one at a time: an instance that dies holds up only the ticket it was on.
      if (!(await this.deps.tickets.lease(ticket, now))) continue;
      try {
        const ctx = await this.deps.workspaces.context({
          teamId: ticket.teamId,
          actor: SYSTEM_ACTOR,
          now,
          log,
          origin: 'job',
        });
        if (ticket.card.pending) {
          if (!(await this.postCard(ctx, ticket)).error) counts.cards++;
        } else if (ticket.card.stale) {
          const updated = await this.notify.updateCard(ctx, this.view(ctx, ticket));
          if (!updated.ok) await this.owe(ctx, ticket, 'stale', updated.error);
          else {
            await this.deps.tickets.cardFresh(ticket);
            counts.refreshed++;
          }
        }
        if (!ticket.accountManagerNotified && (await this.notifyAccountManager(ctx, ticket)))
          counts.dms++;
      } catch (error) {
        log.error(
          { err: error, teamId: ticket.teamId, ticket: ticket.number },
          'retrying a ticket failed',
        );
      }
    }
    return counts;
  }
}
