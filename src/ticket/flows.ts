import type { WebClient } from '@slack/web-api';
import { classifyError } from '../errors.js';
import { translator, type Translate } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import { ticketCard, ticketEventText } from '../ui/ticket.js';
import type { WorkspaceService } from '../workspace/service.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import type { TicketRecord, TicketRepository } from './repository.js';
import type { TicketEvent, TicketService } from './service.js';

export interface AnnounceResult {
  /** Where the card went, when it went. */
  channel?: string;
  /** Why it did not: `no_triage_channel`, or Slack's error code. */
  error?: string;
}

/** Minutes to wait before the n-th retry of a card: 1, 2, 4, ... capped at an hour. */
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
 * is always saved first; whatever Slack refuses is marked owed and retried by a job, so nothing
 * is lost to an outage, a rate limit or a missing channel.
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

  private render(t: Translate, settings: WorkspaceSettings, ticket: TicketRecord, now: Date) {
    return ticketCard(t, ticket, this.deps.tickets.clock(settings, ticket, now), settings.timeZone);
  }

  /** After intake: the card to the triage channel and a DM to the account manager. */
  async announce(ticket: TicketRecord, now: Date): Promise<AnnounceResult> {
    const settings = await this.deps.workspaces.settings(ticket.teamId);
    const result = await this.postCard(ticket, settings, now);
    await this.notifyAccountManager(ticket, settings);
    return result;
  }

  private async postCard(
    ticket: TicketRecord,
    settings: WorkspaceSettings,
    now: Date,
  ): Promise<AnnounceResult> {
    const t = translator(settings.locale);
    const channel = settings.channels.triage;
    const attempts = ticket.card.attempts + 1;
    const owe = async (error: string) => {
      await this.deps.repo.setCard(ticket.teamId, ticket.id, {
        'card.pending': true,
        'card.attempts': attempts,
        'card.lastError': error,
        'card.nextAttemptAt': new Date(now.getTime() + backoffMinutes(attempts) * 60_000),
      });
      this.deps.log.warn(
        { teamId: ticket.teamId, ticket: ticket.number, error, attempts },
        'ticket card owed',
      );
      return { error };
    };
    if (!channel) return owe('no_triage_channel');
    try {
      const posted = await this.deps.client.chat.postMessage({
        channel,
        ...this.render(t, settings, ticket, now),
      });
      await this.deps.repo.setCard(ticket.teamId, ticket.id, {
        'card.channel': posted.channel ?? channel,
        'card.ts': posted.ts,
        'card.pending': false,
        'card.attempts': attempts,
        'card.lastError': null,
        'card.nextAttemptAt': null,
      });
      await this.deps.client.chat.postMessage({
        channel: posted.channel ?? channel,
        thread_ts: posted.ts!,
        text: ticketEventText(t, { action: 'created', by: ticket.createdBy, at: ticket.createdAt }),
      });
      return { channel };
    } catch (error) {
      return owe(slackError(error));
    }
  }

  private async notifyAccountManager(
    ticket: TicketRecord,
    settings: WorkspaceSettings,
  ): Promise<void> {
    if (ticket.accountManagerNotified) return;
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
    } catch (error) {
      this.deps.log.warn(
        { teamId: ticket.teamId, ticket: ticket.number, error: slackError(error) },
        'account manager DM owed',
      );
    }
  }

  /**
   * After a change: the card updated in place and the event in its thread (and, for an
   * escalation, in the escalation channel). A card not posted yet shows the latest state when it
   * is; a Slack failure here leaves the change saved and marks the card for a refresh.
   */
  async publishChange(ticket: TicketRecord, event: TicketEvent, now: Date): Promise<void> {
    const settings = await this.deps.workspaces.settings(ticket.teamId);
    const t = translator(settings.locale);
    const { channel, ts, pending } = ticket.card;
    try {
      if (!pending && channel && ts) {
        await this.deps.client.chat.update({
          channel,
          ts,
          ...this.render(t, settings, ticket, now),
        });
        await this.deps.client.chat.postMessage({
          channel,
          thread_ts: ts,
          text: ticketEventText(t, event),
        });
      }
      if (event.action === 'escalate' && settings.channels.escalation) {
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
      }
    } catch (error) {
      this.deps.log.warn(
        { teamId: ticket.teamId, ticket: ticket.number, error: slackError(error) },
        'ticket card update failed',
      );
    }
  }

  /** The job: posts owed cards and DMs whose retry time has come. */
  async retryOwed(now: Date, limit = 50): Promise<{ cards: number; dms: number }> {
    const owed = await this.deps.repo.owedToSlack(now, limit);
    let cards = 0;
    let dms = 0;
    for (const ticket of owed) {
      const lease = new Date(now.getTime() + 2 * 60_000);
      if (!(await this.deps.repo.leaseOwed(ticket.teamId, ticket.id, now, lease))) continue;
      try {
        const settings = await this.deps.workspaces.settings(ticket.teamId);
        if (ticket.card.pending && !(await this.postCard(ticket, settings, now)).error) cards++;
        if (!ticket.accountManagerNotified) {
          await this.notifyAccountManager(ticket, settings);
          dms++;
        }
      } catch (error) {
        this.deps.log.error(
          { err: error, teamId: ticket.teamId, ticket: ticket.number },
          'retrying a ticket card failed',
        );
      }
    }
    return { cards, dms };
  }
}
