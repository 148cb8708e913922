import type { Ctx } from '../context.js';
import type { TicketClock, TicketEvent, TicketRecord } from '../ticket/types.js';
import type { Message } from '../ui/blocks.js';
import { accountManagerDm, escalationPost, ticketCard, ticketEventText } from '../ui/ticket.js';
import { slackError, type SlackOut } from './slack.js';

/** A ticket as its card shows it: the record and its SLA clocks now. */
export interface TicketView {
  ticket: TicketRecord;
  clock: TicketClock;
}

export type Delivery = { ok: true } | { ok: false; error: string };
export type Posted = { ok: true; channel: string; ts: string } | { ok: false; error: string };

/**
 * What a ticket says in Slack: its card in the triage channel (posted, then updated in place),
 * its thread as the ticket's timeline, the account manager's DM and the escalation channel's
 * post. Each call says whether Slack took it; what to do when it did not (owe it, retry it) is
 * the flow's decision.
 */
export class TicketNotifier {
  constructor(private readonly out: SlackOut) {}

  private card(ctx: Ctx, view: TicketView): Message {
    return ticketCard(ctx.t, view.ticket, view.clock, ctx.settings.timeZone);
  }

  /** The permalink of the message a ticket was made from (none from a channel the bot cannot read). */
  async permalink(source: { channel: string; ts: string }): Promise<string | undefined> {
    return this.out.client.chat
      .getPermalink({ channel: source.channel, message_ts: source.ts })
      .then((r) => r.permalink)
      .catch(() => undefined);
  }

  /** The card to the triage channel. */
  async postCard(ctx: Ctx, view: TicketView): Promise<Posted> {
    const channel = ctx.settings.channels.triage;
    if (!channel) return { ok: false, error: 'no_triage_channel' };
    try {
      const posted = await this.out.client.chat.postMessage({
        channel,
        ...this.card(ctx, view),
      });
      return { ok: true, channel: posted.channel ?? channel, ts: posted.ts ?? '' };
    } catch (error) {
      return { ok: false, error: slackError(error) };
    }
  }

  /** The card re-rendered in place. */
  async updateCard(ctx: Ctx, view: TicketView): Promise<Delivery> {
    const { channel, ts } = view.ticket.card;
    if (!channel || !ts) return { ok: false, error: 'not_posted' };
    try {
      await this.out.client.chat.update({ channel, ts, ...this.card(ctx, view) });
      return { ok: true };
    } catch (error) {
      return { ok: false, error: `update: ${slackError(error)}` };
    }
  }

  /**
   * Events as replies in the card's thread, in order. A failed reply is logged, not retried:
   * the card and the ticket are right, only a line of the thread is missing.
   */
  async postTimeline(
    ctx: Ctx,
    where: { channel: string; ts: string },
    ticket: TicketRecord,
    events: TicketEvent[],
  ): Promise<void> {
    try {
      for (const event of events) {
        await this.out.client.chat.postMessage({
          channel: where.channel,
          thread_ts: where.ts,
          text: ticketEventText(ctx.t, event),
        });
      }
    } catch (error) {
      ctx.log.warn({ ticket: ticket.number, error: slackError(error) }, 'thread reply failed');
    }
  }

  /** The DM telling the account manager their customer raised a ticket. */
  async dmAccountManager(ctx: Ctx, ticket: TicketRecord): Promise<Delivery> {
    try {
      await this.out.client.chat.postMessage({
        channel: ticket.accountManagerId,
        ...accountManagerDm(ctx.t, ticket),
      });
      return { ok: true };
    } catch (error) {
      return { ok: false, error: `dm: ${slackError(error)}` };
    }
  }

  /** An escalation, told to the escalation channel when there is one. */
  async postEscalation(ctx: Ctx, ticket: TicketRecord, event: TicketEvent): Promise<void> {
    const channel = ctx.settings.channels.escalation;
    if (!channel) return;
    try {
      await this.out.client.chat.postMessage({
        channel,
        ...escalationPost(ctx.t, ticket, event),
      });
    } catch (error) {
      ctx.log.warn({ ticket: ticket.number, error: slackError(error) }, 'escalation post failed');
    }
  }
}
