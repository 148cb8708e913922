import type { WebClient } from '@slack/web-api';
import { classifyError } from '../errors.js';
import { translator } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import { ticketCard, ticketEventText } from '../ui/ticket.js';
import type { WorkspaceService } from '../workspace/service.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import type { TicketRecord, TicketRepository } from './repository.js';
import { CARD_LEASE_MS, type TicketEvent, type TicketService } from './service.js';

export interface AnnounceResult {
  /** Where the card went, when it went. */
  channel?: string;
  /** Why it did not: `no_triage_channel`, or Slack's error code. */
  error?: string;
}

/** Minutes to wait before the n-th retry: 1, 2, 4, ... capped at an hour. */
function backoffMinutes(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1));
}

function slackError(error: unknown): string {
  const c = classifyError(error);
  return String(c.params.detail ?? c.code).slice(0, 100);
}

/**
 * What a ticket change does in Slack: the triage card (posted, then updated in place), its
 * thread as the ticket's timeline, the account manager's DM and the escalation post. The ticket
 * is always saved first; whatever Slack refuses is marked owed (a card to post, a stale card to
 * re-render, a DM) and retried by a job that leases each ticket, so nothing is lost to an
 * outage, a rate limit or a missing channel, and nothing is posted twice.
 */
export class TicketFlows {
  constructor(
    private readonly deps: {
      client: WebClient;
      tickets: TicketService;
      repo: TicketRepository;
      workspaces: WorkspaceService;
      log: Logger;
    },
  ) {}

  private render(settings: WorkspaceSettings, ticket: TicketRecord, now: Date) {
    const clock = this.deps.tickets.clock(settings, ticket, now);
    return ticketCard(translator(settings.locale), ticket, clock, settings.timeZone);
  }

  private async owe(ticket: TicketRecord, now: Date, set: Record<string, unknown>, error: string) {
    const attempts = ticket.card.attempts + 1;
    await this.deps.repo.setCard(ticket.teamId, ticket.id, {
      ...set,
      'card.attempts': attempts,
      'card.lastError': error,
      'card.nextAttemptAt': new Date(now.getTime() + backoffMinutes(attempts) * 60_000),
    });
    this.deps.log.warn(
      { teamId: ticket.teamId, ticket: ticket.number, error, attempts },
      'ticket Slack work owed',
    );
  }

  /**
   * Stores the permalink of the message a ticket was made from. If Slack gives none (a channel
   * the bot cannot read), the channel and timestamp stay on the ticket.
   */
  async linkSource(ticket: TicketRecord): Promise<void> {
    if (!ticket.source) return;
    const permalink = await this.deps.client.chat
      .getPermalink({ channel: ticket.source.channel, message_ts: ticket.source.ts })
      .then((r) => r.permalink)
      .catch(() => undefined);
    if (permalink)
      await this.deps.repo.setCard(ticket.teamId, ticket.id, { sourcePermalink: permalink });
  }

  /** After intake: the card to the triage channel and a DM to the account manager. */
  async announce(ticket: TicketRecord, now: Date): Promise<AnnounceResult> {
    const settings = await this.deps.workspaces.settings(ticket.teamId);
    const result = await this.postCard(ticket, settings, now);
    await this.notifyAccountManager(ticket, settings, now);
    return result;
  }

  private async postCard(
    ticket: TicketRecord,
    settings: WorkspaceSettings,
    now: Date,
  ): Promise<AnnounceResult> {
    const channel = settings.channels.triage;
    if (!channel) {
      await this.owe(ticket, now, { 'card.pending': true }, 'no_triage_channel');
      return { error: 'no_triage_channel' };
    }
    let posted: { channel?: string; ts?: string };
    try {
      posted = await this.deps.client.chat.postMessage({
        channel,
        ...this.render(settings, ticket, now),
      });
    } catch (error) {
      const reason = slackError(error);
      await this.owe(ticket, now, { 'card.pending': true }, reason);
      return { error: reason };
    }
    const where = posted.channel ?? channel;
    await this.deps.repo.setCard(ticket.teamId, ticket.id, {
      'card.channel': where,
      'card.ts': posted.ts,
      'card.pending': false,
      'card.stale': false,
      'card.lastError': null,
      'card.nextAttemptAt': null,
    });
    // The card is out: a failed thread reply must never lead to a second card. A card posted
    // late gets the changes made meanwhile, so its thread is still the whole timeline.
    const t = translator(settings.locale);
    const events: TicketEvent[] = [
      { action: 'created', by: ticket.createdBy, at: ticket.createdAt },
      ...ticket.timeline,
    ];
    try {
      for (const event of events) {
        await this.deps.client.chat.postMessage({
          channel: where,
          thread_ts: posted.ts!,
          text: ticketEventText(t, event),
        });
      }
    } catch (error) {
      this.deps.log.warn(
        { teamId: ticket.teamId, ticket: ticket.number, error: slackError(error) },
        'thread reply failed',
      );
    }
    return { channel: where };
  }

  /** True when the DM went (or had gone) out. */
  private async notifyAccountManager(
    ticket: TicketRecord,
    settings: WorkspaceSettings,
    now: Date,
  ): Promise<boolean> {
    if (ticket.accountManagerNotified) return true;
    const t = translator(settings.locale);
    try {
      await this.deps.client.chat.postMessage({
        channel: ticket.accountManagerId,
        text: t('ticket.dm.accountManager', {
          severity: t(`ticket.severity.${ticket.severity}`),
          number: ticket.number,
          customer: ticket.customerName,
          title: ticket.title,
        }),
      });
      await this.deps.repo.setCard(ticket.teamId, ticket.id, { accountManagerNotified: true });
      return true;
    } catch (error) {
      await this.owe(ticket, now, {}, `dm: ${slackError(error)}`);
      return false;
    }
  }

  /** Re-renders a posted card from the ticket as stored now. */
  private async updateCard(
    ticket: TicketRecord,
    settings: WorkspaceSettings,
    now: Date,
  ): Promise<void> {
    const { channel, ts } = ticket.card;
    await this.deps.client.chat.update({
      channel: channel!,
      ts: ts!,
      ...this.render(settings, ticket, now),
    });
  }

  /**
   * After a change: the card updated in place (from the ticket as stored now, so two changes in
   * a row never leave the older one showing), the event in its thread and, for an escalation,
   * in the escalation channel. A card not posted yet shows the latest state when it is; a
   * refused update marks the card stale for the job to re-render.
   */
  async publishChange(changed: TicketRecord, event: TicketEvent, now: Date): Promise<void> {
    const settings = await this.deps.workspaces.settings(changed.teamId);
    const t = translator(settings.locale);
    const ticket = await this.deps.tickets.get(changed.teamId, changed.number);
    const { channel, ts, pending } = ticket.card;
    if (!pending && channel && ts) {
      try {
        await this.updateCard(ticket, settings, now);
      } catch (error) {
        await this.owe(ticket, now, { 'card.stale': true }, `update: ${slackError(error)}`);
      }
      try {
        await this.deps.client.chat.postMessage({
          channel,
          thread_ts: ts,
          text: ticketEventText(t, event),
        });
      } catch (error) {
        this.deps.log.warn(
          { teamId: ticket.teamId, ticket: ticket.number, error: slackError(error) },
          'thread reply failed',
        );
      }
    }
    if (event.action === 'escalate' && settings.channels.escalation) {
      try {
        await this.deps.client.chat.postMessage({
          channel: settings.channels.escalation,
          text: t('ticket.escalation.post', {
            number: ticket.number,
            customer: ticket.customerName,
            level: event.level ?? ticket.level,
            by: event.by,
            user: event.assigneeId ?? '',
            text: event.text ?? '',
          }),
        });
      } catch (error) {
        this.deps.log.warn(
          { teamId: ticket.teamId, ticket: ticket.number, error: slackError(error) },
          'escalation post failed',
        );
      }
    }
  }

  /** Re-renders the card after a change that announces itself elsewhere (the SLA sweep). */
  async refreshCard(changed: TicketRecord, now: Date): Promise<void> {
    const ticket = await this.deps.tickets.get(changed.teamId, changed.number);
    if (ticket.card.pending || !ticket.card.channel || !ticket.card.ts) return;
    const settings = await this.deps.workspaces.settings(ticket.teamId);
    try {
      await this.updateCard(ticket, settings, now);
    } catch (error) {
      await this.owe(ticket, now, { 'card.stale': true }, `update: ${slackError(error)}`);
    }
  }

  /** The job: owed cards posted, stale cards re-rendered, owed DMs sent, each ticket leased. */
  async retryOwed(
    now: Date,
    limit = 50,
  ): Promise<{ cards: number; refreshed: number; dms: number }> {
    const owed = await this.deps.repo.owedToSlack(now, limit);
    const counts = { cards: 0, refreshed: 0, dms: 0 };
    for (const ticket of owed) {
      const lease = new Date(now.getTime() + CARD_LEASE_MS);
      if (!(await this.deps.repo.leaseOwed(ticket.teamId, ticket.id, now, lease))) continue;
      try {
        const settings = await this.deps.workspaces.settings(ticket.teamId);
        if (ticket.card.pending) {
          if (!(await this.postCard(ticket, settings, now)).error) counts.cards++;
        } else if (ticket.card.stale) {
          try {
            await this.updateCard(ticket, settings, now);
            await this.deps.repo.setCard(ticket.teamId, ticket.id, {
              'card.stale': false,
              'card.nextAttemptAt': null,
            });
            counts.refreshed++;
          } catch (error) {
            await this.owe(ticket, now, { 'card.stale': true }, `update: ${slackError(error)}`);
          }
        }
        if (
          !ticket.accountManagerNotified &&
          (await this.notifyAccountManager(ticket, settings, now))
        )
          counts.dms++;
      } catch (error) {
        this.deps.log.error(
          { err: error, teamId: ticket.teamId, ticket: ticket.number },
          'retrying a ticket failed',
        );
      }
    }
    return counts;
  }
}
