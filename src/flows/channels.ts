import { createHash } from 'node:crypto';
import type { ChannelLink } from '../channel/types.js';
import {
  EDITS_MAX,
  FOLLOW_UP_MINUTES,
  FOLLOW_UP_PARTS_MAX,
  THREAD_REPLIES_MAX,
} from '../channel/types.js';
import { clipAtCharacter } from '../text/clip.js';
import { FieldErrors } from '../errors.js';
import { actingAs, SYSTEM_ACTOR, type Ctx, type Guest } from '../context.js';
import { withinReopenDays, worksTickets } from '../permissions.js';
import { DESCRIPTION_MAX } from '../ticket/form.js';
import type { PrivacyLog } from '../privacy/service.js';
import type { CustomerService } from '../customer/service.js';
import { ERASED, retentionTook } from '../privacy/subjects.js';
import type { TicketService } from '../ticket/service.js';
import {
  followedOnClosed,
  keptOnClosed,
  lateReopenOnClosed,
  lateReplyOnClosed,
  type ActionParams,
  undescribedReply,
  type CustomerSaid,
  type TicketRecord,
} from '../ticket/types.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import { staffToTellRead } from '../workspace/types.js';
import type { TicketFlows } from './tickets.js';
import type { ChannelService } from '../channel/service.js';
import type { Notifiers } from '../notify/index.js';
import { sideOf, type ChannelSide } from '../channel/side.js';

/** A message in a linked customer channel, as the listener read it (text as people read it). */
export interface ChannelMessage {
  channel: string;
  ts: string;
  /** The thread it is a reply in (absent, or its own ts, for a top-level message). */
  threadTs?: string;
  user: string;
  /** The author belongs to another organisation (Slack Connect: their team is not ours). */
  external: boolean;
  /**
   * The author's Slack team as the event said it (`user_team`, else `team`), if it did: kept on
   * a ticket opened in a shared channel (`TicketConversation.team`).
   */
  team?: string;
  /**
   * What Slack's users.info said of the author, asked because the roles name them nowhere (the
   * boundary's guest check, `Ctx.guest`, remembered per PEOPLE_CACHE_MS): a guest of the
   * workspace, or Slack did not say (`unknown`, `unchecked`). Unset: a member, someone the roles
   * name, or nobody asked (an author who is not the event's actor: a reaction's message).
   */
  guest?: Guest | undefined;
  /**
   * Slack never described its author, of our workspace, by the events inbox's last attempt: taken
   * for a guest (`guest`) so that their words are not lost, yet not surely the customer's. Their
   * reply in a ticket's thread is kept on the ticket and changes nothing of it (`reply`).
   */
  guessed?: true;
  text: string;
  /** A title from its first line, cut at a word. */
  title: string;
}

/** What became of a message: for the log line and the tests. */
export type ChannelOutcome =
  | 'created'
  | 'followUp'
  | 'response'
  | 'resumed'
  | 'reopened'
  | 'linkedTicket'
  | 'noted'
  | 'edited'
  | 'deleted'
  /** A reaction on a message from before its author was erased by Slack user: not filed again. */
  | 'erasedAuthor'
  /** Its customer erased whole while its ticket was saved: the ticket taken back, not filed. */
  | 'erasedCustomer'
  /** Its author, of our workspace, was not described by Slack (`sideOf`: `unknown`): not filed. */
  | 'undescribed'
  /** A thread reply of our side from one who may not answer the customer (`ticket.respond`). */
  | 'notResponder'
  | 'ignored';

const DAY_MS = 86_400_000;

/** The most open tickets of a channel its customer left that the desk resumes and names. */
export const UNSHARED_TICKETS_MAX = 200;

export { isStaff, sideOf, type ChannelSide } from '../channel/side.js';

/**
 * Whether a thread reply's author is the ticket's own requester who answers it as such: its
 * recorded requester, unless they work tickets by role (`worksTicketsByRole`: who never answers
 * a ticket by DM either).
 */
function ownRequester(
  settings: WorkspaceSettings,
  ticket: Pick<TicketRecord, 'requester'>,
  author: { user: string; external: boolean },
): boolean {
  return ticket.requester?.userId === author.user && !worksTicketsByRole(settings, author);
}

/**
 * Whether someone of our workspace works tickets under the roles as set (admins, managers,
 * agents, experts; not the open desk's "everyone"): who may note a ticket whatever record is
 * looked at, and who never answers a ticket by DM.
 */
export function worksTicketsByRole(
  settings: WorkspaceSettings,
  author: { user: string; external: boolean },
): boolean {
  return !author.external && worksTickets({ ...settings, openDesk: false }, author.user);
}

/**
 * When a message that opens a ticket was sent, from its ts (Unix seconds): a retry delivered
 * minutes later does not move the ticket's clock. A ts in the future or over a day old (a
 * reaction on an old message) counts from now. Words on a ticket (a customer's reply or
 * follow-up, a staff reply: `answeredAt`) are timed by `messageTime` instead.
 */
export function sentAt(ts: string, now: Date): Date {
  const ms = Math.floor(Number(ts) * 1000);
  const age = now.getTime() - ms;
  return Number.isFinite(ms) && age >= 0 && age <= DAY_MS ? new Date(ms) : now;
}

/**
 * When a message was sent, from its ts, however long ago (a ts in the future, or none: `now`):
 * what the follow-up window is judged by, so a message handled over a day late still joins the
 * ticket it was sent for, and what a customer's reply or follow-up is timed by wherever the
 * clocks read it (a resume's pause end, a reopen, the next reply owed), so one handled over a
 * day late (an inbox redo after an outage) is timed as it is within the day: when it was sent.
 */
function messageTime(ts: string, now: Date): Date {
  const ms = Math.floor(Number(ts) * 1000);
  return Number.isFinite(ms) && ms <= now.getTime() ? new Date(ms) : now;
}

/**
 * When a staff reply in a ticket's thread answered it, by the rule a customer's reply is timed by
 * (`messageTime`: its ts, however late it is handled, so an inbox redo after an outage does not
 * make the first response or the next reply late), but never before the ticket was received (a
 * reply older than the ticket, as in the thread of an old message a reaction made a ticket of,
 * or of one whose opening was handled over a day late: `sentAt` received it then): when it is
 * handled, as one in the future is.
 */
function answeredAt(ts: string, ticket: Pick<TicketRecord, 'receivedAt'>, now: Date): Date {
  const at = messageTime(ts, now);
  return at < ticket.receivedAt ? now : at;
}

/** The key of what a message added to a ticket's timeline: done again, it adds nothing. */
export function messageSource(channel: string, ts: string): string {
  return `${channel}:${ts}`;
}

/**
 * When a message the timeline has (a follow-up, a reply, from its `source`, `<channel>:<ts>`)
 * was sent, from its ts however late it was written (`messageTime`); an entry from no message of
 * the channel, when it was written.
 */
function partSent(channel: string, e: TicketRecord['timeline'][number]): Date {
  const ts = e.source?.startsWith(`${channel}:`) ? e.source.split(':')[1] : undefined;
  return ts && /^\d{1,12}\.\d{1,8}$/.test(ts) ? messageTime(ts, e.at) : e.at;
}

/**
 * When the requester's top-level messages that make up a ticket were sent, each part's times: the
 * one that opened it (unless that was a reply in an older ticket's thread: its receipt, and its
 * message's own ts, which differ when it was handled over a day late) and each further one that
 * joined it (`said: 'followUp'`, a note or the resume it made). Their replies in a thread are
 * not: a separate question sent minutes after someone answered in an old ticket's thread is a
 * new one.
 */
function topLevelParts(t: TicketRecord, channel: string, user: string): Date[][] {
  const opened = !t.source || !t.conversation || t.source.ts === t.conversation.ts;
  return [
    ...(opened
      ? [t.source ? [t.receivedAt, messageTime(t.source.ts, t.receivedAt)] : [t.receivedAt]]
      : []),
    ...t.timeline
      .filter((e) => e.by === user && e.said === 'followUp')
      .map((e) => [partSent(channel, e)]),
  ];
}

/** Whether the ticket's timeline already has what `source` adds (a redo after a partial success). */
/** `TicketFlows.assertRequesterNotErased`'s refusal: the requester erased since they wrote. */
function requesterRefused(err: unknown): boolean {
  return err instanceof FieldErrors && err.fields.requester?.key === 'ticket.error.requesterErased';
}

/** `TicketFlows.create`'s refusal: the customer erased whole while the ticket was saved. */
function customerErasedMeanwhile(err: unknown): boolean {
  return err instanceof FieldErrors && err.fields.customer?.key === 'ticket.error.customerErased';
}

function hasSource(ticket: TicketRecord, source: string | undefined): boolean {
  return source !== undefined && ticket.timeline.some((e) => e.source === source);
}

/** The one submission a message can make: its ticket, whichever way it was asked for. */
export function messageSubmission(channel: string, ts: string): string {
  return `msg:${channel}:${ts}`;
}

/**
 * Whether a description is still the message it was opened from: cut as descriptions are now
 * (`clipAtCharacter`), or by the code-point cut that stored them until 2026-12-02.
 */
function wasMessage(description: string, text: string): boolean {
  return (
    description === clipAtCharacter(text, DESCRIPTION_MAX) ||
    description === codePointCut(text, DESCRIPTION_MAX)
  );
}

/**
 * The cut descriptions were stored with before 2026-12-02 (the old `clipText`: `max` code points,
 * the last one `…`). It stays so that an edit of a long message with emoji opened before then
 * still replaces its description rather than being appended; not for cutting anything new.
 */
function codePointCut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Customer channels (#10): a linked channel's messages open tickets (per the link's intake),
 * follow-ups join them, the thread is the ticket's conversation with the customer (an agent's
 * reply is the first response, a customer's reply resumes or reopens), and edits and deletions
 * show on the ticket. Nothing here posts to the customer's channel: the ticket's card and its
 * thread stay in the triage channel.
 */
export class ChannelFlows {
  constructor(
    private readonly deps: {
      tickets: TicketService;
      ticketFlows: TicketFlows;
      /** Erasures by Slack user (the privacy log): absent, none is looked for. */
      erasures?: Pick<PrivacyLog, 'erasedSinceWritten'>;
      /**
       * The channel's customer's owner now (`nameNow`): absent, none is looked for; the owners
       * marked not members of the workspace (`awayOwners`), whom the admins' notice leaves out
       * when held (`staffToTellRead`): absent, nobody is.
       */
      owners?: Pick<CustomerService, 'nameNow' | 'awayOwners'>;
      /** The links, marked when their customer leaves (`unshared`) and live again (`reshared`). */
      links?: Pick<ChannelService, 'forChannel' | 'disconnected' | 'reconnected'>;
      /** Who is told when a customer leaves their channel (`unshared`). */
      notify?: Pick<Notifiers, 'channels' | 'outbox'>;
    },
  ) {}

  /**
   * `channel_unshared`: an organisation (`team`, a `T…` or `E…` id, when Slack said) left
   * `channel` at `at`. When the channel is a customer channel and no longer shared with that
   * customer's organisation (Slack says it is shared with no other organisation any more, or the
   * team that left is the one its tickets were opened for: `TicketConversation.team`), its link is
   * marked disconnected (when, who left), so the desk posts nothing more there (the outbox drops
   * it: CUSTOMER_LEFT). Its open tickets (of that organisation, when another one is still there):
   * those waiting on the customer are resumed by the desk as of the disconnect (nobody can answer
   * the question there, so the SLA clock runs again from then; one line on the ticket says why),
   * and each agent holding some, and the admins (the managers when there are none), get one DM
   * saying what happened and what to do. Idempotent: a redo of the same event resumes none
   * twice and writes the same DM keys. A channel linked to nobody, or still shared with the
   * customer, is left as it is.
   */
  async unshared(
    ctx: Ctx,
    input: { channel: string; team?: string; stillShared: boolean; at: Date },
    /** The channel's link as the caller just read it (else read here). */
    read?: ChannelLink,
  ): Promise<'notLinked' | 'stillShared' | 'stale' | 'disconnected'> {
    const links = this.deps.links;
    if (!links) return 'notLinked';
    const { channel, team, at } = input;
    const found = read ?? (await links.forChannel(ctx, channel));
    if (!found) return 'notLinked';
    // Another organisation is still there: the customer's left only when it is whom its tickets
    // were opened for (a ticket opened before that was kept names no team: not told apart).
    if (
      input.stillShared &&
      !(team && (await this.deps.tickets.hasConversationForTeam(ctx, channel, team)))
    ) {
      ctx.log.info(
        { channel },
        'customer channel: an organisation left it, still shared with another one: kept live',
      );
      return 'stillShared';
    }
    const marked = await links.disconnected(ctx, channel, team, at);
    if (!marked) {
      ctx.log.info({ channel }, 'customer channel: an older disconnect not taken');
      return 'stale';
    }
    const { link } = marked;
    if (marked.changed)
      ctx.log.warn(
        { channel },
        'customer channel: the customer left it (Slack Connect disconnected)',
      );
    const open = await this.deps.tickets.openInConversationChannel(
      ctx,
      channel,
      UNSHARED_TICKETS_MAX,
    );
    const theirs = input.stillShared ? open.filter((t) => t.conversation?.team === team) : open;
    const desk = actingAs(ctx, SYSTEM_ACTOR, ctx.origin);
    const byAssignee = new Map<string, { tickets: TicketRecord[]; waiting: number }>();
    let waiting = 0;
    for (const ticket of theirs) {
      let now = ticket;
      // Resumed by this disconnect already (a redo): counted, not resumed again.
      let resumed = ticket.timeline.some(
        (e) => e.unshared === channel && (e.sentAt ?? e.at).getTime() >= at.getTime(),
      );
      if (ticket.status === 'waiting') {
        now = (
          await this.deps.ticketFlows.act(desk, ticket.number, {
            action: 'resume',
            sentAt: at,
            unshared: channel,
          })
        ).ticket;
        resumed = true;
      }
      if (resumed) waiting++;
      if (!now.assigneeId) continue;
      const held = byAssignee.get(now.assigneeId) ?? { tickets: [], waiting: 0 };
      held.tickets.push(now);
      if (resumed) held.waiting++;
      byAssignee.set(now.assigneeId, held);
    }
    // Never one Slack said is of another organisation, nor one held (the desk's only admin made a
    // guest owner: `staffToTellNow`), who would get nothing; then the triage channel, else the
    // staff agents.
    const told = await staffToTellRead(ctx.settings, () => this.deps.owners?.awayOwners(ctx) ?? []);
    if (!told.length)
      ctx.log.warn(
        { channel },
        'customer channel left by its customer: no admin or manager to tell',
      );
    if (this.deps.notify) {
      await this.deps.notify.channels.unshared(ctx, {
        channel,
        customer: link.customerName,
        code: link.customerCode,
        at: link.disconnectedAt ?? at,
        byAssignee,
        admins: told,
        open: theirs.length,
        waiting,
      });
      this.deps.notify.outbox.kick();
    }
    return 'disconnected';
  }

  /**
   * `channel_shared` on a customer channel its customer had left: the link is live again (the
   * desk posts there again). Whether it was disconnected.
   */
  async reshared(ctx: Ctx, channel: string, at: Date): Promise<boolean> {
    if (!this.deps.links) return false;
    const live = await this.deps.links.reconnected(ctx, channel, at);
    if (live) ctx.log.info({ channel }, 'customer channel shared again: its link is live again');
    return live;
  }

  /** A person's message (top-level or a thread reply) in a linked channel. */
  async message(ctx: Ctx, link: ChannelLink, msg: ChannelMessage): Promise<ChannelOutcome> {
    if (msg.threadTs && msg.threadTs !== msg.ts) return this.reply(ctx, link, msg, link);
    const side = await this.sideIn(ctx, link, msg);
    if (side === 'staff') return 'ignored';
    if (link.intake !== 'all') return 'ignored';
    if (side === 'unknown') return this.undescribed(ctx, msg);
    const followed = await this.followUpOf(ctx, msg);
    if (followed) {
      // Their answer to a ticket waiting on them resumes it, as a reply in its thread does
      // (not again when done again after its note was written).
      const source = messageSource(msg.channel, msg.ts);
      if (followed.status === 'waiting' && !hasSource(followed, source)) {
        // Added to the description as any follow-up is; the one line says it resumed it.
        await this.describe(followed, msg);
        await this.deps.ticketFlows.act(this.customerCtx(ctx, followed, msg), followed.number, {
          action: 'resume',
          reply: clipAtCharacter(msg.text, DESCRIPTION_MAX),
          source,
          // A part of the ticket's top-level messages, as a follow-up's note is (`followUpOf`).
          said: 'followUp',
          // Handled late (a retry, a redo, over a day late too): the pause ends when it was sent.
          sentAt: messageTime(msg.ts, ctx.now),
        });
        return 'resumed';
      }
      await this.append(ctx, followed, msg);
      return 'followUp';
    }
    const opened = await this.openUnlessErased(ctx, link, msg, msg.ts);
    return opened === 'erasedCustomer' ? opened : opened.created ? 'created' : 'ignored';
  }

  /** A reaction in a linked channel: the link's emoji on a customer's message opens its ticket. */
  async reaction(
    ctx: Ctx,
    link: ChannelLink,
    reaction: string,
    msg: ChannelMessage,
  ): Promise<ChannelOutcome> {
    if (link.intake !== 'emoji' || reaction !== link.emoji) return 'ignored';
    const side = await this.sideIn(ctx, link, msg);
    if (side === 'staff') return 'ignored';
    if (side === 'unknown') return this.undescribed(ctx, msg);
    // An old message of a person erased since (a reaction can mark any message in the channel):
    // filing it would bring back the id and words the erasure took away.
    if (await this.deps.erasures?.erasedSinceWritten(ctx, msg.user, msg.ts)) return 'erasedAuthor';
    const root = msg.threadTs && msg.threadTs !== msg.ts ? msg.threadTs : msg.ts;
    const opened = await this.openUnlessErased(ctx, link, msg, root);
    return opened === 'erasedCustomer' ? opened : opened.created ? 'created' : 'ignored';
  }

  /**
   * The side of a linked channel a message's author is on (`sideOf`), its customer's owner (the
   * account manager, though the roles name them nowhere) the desk's: read only of one who would
   * otherwise be the customer's, of our workspace.
   */
  private sideIn(ctx: Ctx, link: ChannelLink, msg: ChannelMessage): Promise<ChannelSide> {
    return this.ownerNowStaff(ctx, link.customerId, msg, sideOf(ctx.settings, link, msg));
  }

  /**
   * `side`, but the desk's for the customer's owner now (read only of one who would otherwise be
   * the customer's, of our workspace): a change of owner since a ticket was resolved or closed
   * moves no stored `accountManagerId` on it, yet its new owner is no customer in its thread.
   */
  private async ownerNowStaff(
    ctx: Ctx,
    customerId: string,
    msg: Pick<ChannelMessage, 'user' | 'external'>,
    side: ChannelSide,
  ): Promise<ChannelSide> {
    if (side !== 'customer' || msg.external || !this.deps.owners) return side;
    const owner = await this.deps.owners.nameNow(ctx, customerId);
    return owner?.ownerId === msg.user ? 'staff' : side;
  }

  /** A message edited by its author: the ticket it opened says so. */
  async edited(
    ctx: Ctx,
    msg: {
      channel: string;
      ts: string;
      text: string;
      previousText?: string;
      /** Which edit (its event's ts): the same edit done again changes nothing more. */
      editTs: string;
    },
  ): Promise<ChannelOutcome> {
    const ticket = await this.deps.tickets.bySubmission(
      ctx,
      messageSubmission(msg.channel, msg.ts),
    );
    if (!ticket || ticket.status === 'closed') return 'ignored';
    if (msg.previousText !== undefined && msg.previousText === msg.text) return 'ignored';
    // The edit's moment and its text (two edits of a message differ in one or the other).
    const digest = createHash('sha256').update(msg.text).digest('hex').slice(0, 12);
    const source = `${messageSource(msg.channel, msg.ts)}:edit:${msg.editTs}:${digest}`;
    if (hasSource(ticket, source)) return 'edited';
    // Once the ticket has taken EDITS_MAX edits, a further one is only logged (its document bounded).
    const edits = ticket.timeline.filter((e) => e.said === 'edited').length;
    if (edits >= EDITS_MAX) {
      ctx.log.warn(
        { channel: msg.channel, ticket: ticket.number, edits },
        'customer message edit not added: the ticket has taken its most edits',
      );
      return 'ignored';
    }
    // The description was the message: it becomes the edited message; else the edit is added.
    const description =
      msg.previousText !== undefined && wasMessage(ticket.description, msg.previousText)
        ? clipAtCharacter(msg.text, DESCRIPTION_MAX)
        : clipAtCharacter(
            `${ticket.description}\n\n${ctx.t('channel.description.edited')}\n${msg.text}`,
            DESCRIPTION_MAX,
          );
    // Done again after the description was saved but not the note: it is saved once.
    const saved =
      ticket.description === clipAtCharacter(msg.text, DESCRIPTION_MAX) ||
      ticket.description.endsWith(`${ctx.t('channel.description.edited')}\n${msg.text}`);
    if (!saved) await this.deps.tickets.setDescription(ticket, description);
    await this.note(ctx, ticket, msg.text, source, 'edited');
    return 'edited';
  }

  /** A message deleted: the ticket it opened keeps its text and says it was deleted. */
  async deleted(ctx: Ctx, msg: { channel: string; ts: string }): Promise<ChannelOutcome> {
    const ticket = await this.deps.tickets.bySubmission(
      ctx,
      messageSubmission(msg.channel, msg.ts),
    );
    if (!ticket || ticket.status === 'closed') return 'ignored';
    const source = `${messageSource(msg.channel, msg.ts)}:deleted`;
    if (hasSource(ticket, source)) return 'deleted';
    if (!ticket.description.endsWith(ctx.t('channel.description.deleted')))
      await this.deps.tickets.setDescription(
        ticket,
        clipAtCharacter(
          `${ticket.description}\n\n${ctx.t('channel.description.deleted')}`,
          DESCRIPTION_MAX,
        ),
      );
    await this.note(ctx, ticket, ctx.t('channel.note.deleted'), source);
    return 'deleted';
  }

  /** Whether a ticket has this thread as its conversation (an unlinked channel's replies). */
  async tracksThread(ctx: Ctx, channel: string, threadTs: string): Promise<boolean> {
    return (await this.deps.tickets.byThread(ctx, channel, threadTs)) !== null;
  }

  /**
   * A thread reply in a channel no longer linked: the tickets opened there keep their thread
   * (a response, resume, reopen, note), but nothing new is opened. `shared`: the channel is
   * shared with another organisation (the event's `is_ext_shared_channel`).
   */
  async unlinkedReply(ctx: Ctx, shared: boolean, msg: ChannelMessage): Promise<ChannelOutcome> {
    if (!msg.threadTs || msg.threadTs === msg.ts) return 'ignored';
    return this.reply(ctx, { shared }, msg);
  }

  /** A thread reply; a late one on a resolved ticket opens a new one only in a linked channel. */
  private async reply(
    ctx: Ctx,
    channel: Pick<ChannelLink, 'shared'>,
    msg: ChannelMessage,
    link?: ChannelLink,
  ): Promise<ChannelOutcome> {
    // The ticket's own thread, or the thread of a follow-up that joined it.
    const ticket = await this.deps.tickets.byThread(ctx, msg.channel, msg.threadTs!);
    if (!ticket) return 'ignored';
    // Done again after it opened a new ticket in this thread (the thread's newest now): the
    // ticket it was too late for is the one it answers, so a redo cut short between the two
    // writes gives the old ticket its note then (once: `followedBy`).
    if (ticket.follows && ticket.source?.channel === msg.channel && ticket.source.ts === msg.ts) {
      const previous = await this.deps.tickets.get(ctx, ticket.follows).catch(() => undefined);
      // Filed by the desk, for one of our workspace, only when Slack never described them
      // (`create`): told by that, not by whom it is for (the old ticket's requester may be its
      // writer, whose role, given since, made them not its own requester at the last attempt).
      if (previous)
        return this.followedBy(
          ctx,
          previous,
          msg,
          link,
          !msg.external && !ctx.external && ticket.createdBy === SYSTEM_ACTOR,
          ticket,
        );
    }
    // The ticket's own requester is the requester in its thread, as by DM, though a role names
    // them (an account manager who reported it, whom a manager manages: roles given since) or
    // Slack did not describe them this time; one who works tickets by role answers for the desk.
    const own = ownRequester(ctx.settings, ticket, msg);
    // Who owns its customer now is the desk's too, though the ticket (resolved before a change of
    // owner) still names the former owner.
    const side = own
      ? 'customer'
      : await this.ownerNowStaff(
          ctx,
          ticket.customerId,
          msg,
          sideOf(ctx.settings, channel, msg, ticket),
        );
    // Not surely ours, nor surely the customer's: neither a response nor a resume, reopen or note.
    if (side === 'unknown') return this.undescribed(ctx, msg, ticket);
    if (side === 'staff') {
      // Timed when it was sent, as a customer's reply is: a reply handled late (a retry, a redo
      // over a day late too) is not made late. On a ticket resolved since, one sent before the
      // resolve is its first response then, if nothing answered before it; else nothing.
      const answered = await this.deps.ticketFlows.recordResponse(ctx, ticket.id, {
        by: msg.user,
        at: answeredAt(msg.ts, ticket, ctx.now),
        via: 'slack',
        inThread: true,
      });
      // One of our side who may not answer for the desk (as Log response's modal refuses them):
      // neither a response nor the customer's reply; nothing is noted (their words stay in the
      // thread), only logged.
      if (answered.refused) {
        ctx.log.info(
          { channel: msg.channel, ticket: ticket.number },
          'customer channel thread reply of our side not taken for the desk’s: its author may not answer the customer for it',
        );
        return 'notResponder';
      }
      return answered.first ? 'response' : 'ignored';
    }
    // Another customer's ticket (the channel linked to another customer since), or, in a channel
    // unlinked since, a ticket opened for another organisation than the writer's: only its own
    // requester and the desk's side act on it; anyone else's words change nothing of it.
    if (!own && this.notTheirs(ticket, msg, link)) {
      ctx.log.debug(
        { channel: msg.channel, ticket: ticket.number, linked: Boolean(link) },
        'customer channel thread reply not taken: the ticket is another customer’s or organisation’s',
      );
      return 'ignored';
    }
    const asCustomer = this.customerCtx(ctx, ticket, msg);
    // Another person of the customer's: the desk resumes or reopens it for them, and the
    // assignee's DM names who wrote (as it names the requester for theirs); its note of their
    // words keeps who wrote too (their erasure and export find it).
    const writer: { writer?: string } = asCustomer.actor === msg.user ? {} : { writer: msg.user };
    const source = messageSource(msg.channel, msg.ts);
    // Done again after its note was written (a redo): nothing more to do.
    if (hasSource(ticket, source)) return 'noted';
    // Slack never said who wrote it (the inbox's last attempt): more likely a colleague than not.
    if (msg.guessed && !own) return this.keptUndescribed(ctx, ticket, msg, source, link);
    // Their reply resumes or reopens it: one line in the card's thread says so and what they said.
    if (ticket.status === 'waiting') {
      await this.deps.ticketFlows.act(
        asCustomer,
        ticket.number,
        {
          action: 'resume',
          reply: clipAtCharacter(msg.text, DESCRIPTION_MAX),
          source,
          // Handled late (a retry, a redo, over a day late too): the pause ends when it was sent.
          sentAt: messageTime(msg.ts, ctx.now),
        },
        writer,
      );
      return 'resumed';
    }
    // The 7-day window is judged when they wrote (its ts, however late it is handled: an inbox
    // redo after an outage), not when it is handled.
    const wrote = messageTime(msg.ts, ctx.now);
    // Sent while it was still open, handled after it was resolved (Slack's retry, an inbox redo):
    // what it was on time, a reply on the open ticket as of when it was sent (its pause, had it
    // waited on them, ending then: `transition`'s note), reopening nothing.
    // Closed since (not merged): likewise, a note on the closed ticket, no new ticket. One sent
    // after the resolve and before the close, within the 7 days (on time it reopened it), reopens
    // the closed ticket (`lateReopenOnClosed`: a safe default, for the product owner to confirm).
    // Either, once retention took the closed ticket's words (`retentionTook`), opens a new ticket,
    // as one sent after the close does: their words are not put back into an anonymised ticket
    // (nor one about to be), and someone reads them.
    const tookWords = retentionTook(ticket, ctx.settings.retentionDays, ctx.now);
    const beforeResolve =
      ticket.resolvedAt !== undefined &&
      ((ticket.status === 'resolved' && wrote < ticket.resolvedAt) ||
        (!tookWords &&
          lateReplyOnClosed(ticket, {
            action: 'note',
            text: msg.text,
            said: 'reply',
            sentAt: wrote,
          })));
    const reopens =
      withinReopenDays(ticket, wrote) ||
      (lateReopenOnClosed(ticket, { action: 'reopen', askedAt: wrote }) &&
        !tookWords &&
        withinReopenDays({ status: 'resolved', resolvedAt: ticket.resolvedAt }, wrote));
    if (!beforeResolve && reopens) {
      await this.deps.ticketFlows.act(
        asCustomer,
        ticket.number,
        {
          action: 'reopen',
          reply: clipAtCharacter(msg.text, DESCRIPTION_MAX),
          source,
          // Handled late (a retry, a redo, over a day late too): it reopens as of when it was sent.
          sentAt: wrote,
          askedAt: wrote,
        },
        writer,
      );
      return 'reopened';
    }
    if (!beforeResolve && (ticket.status === 'resolved' || ticket.status === 'closed'))
      return this.followedBy(ctx, ticket, msg, link);
    // Open and not waiting on them (or it was when they sent it): their reply is told as such,
    // nothing resumed or reopened;
    // once the ticket has taken THREAD_REPLIES_MAX of them, only logged (its document bounded).
    const replies = ticket.timeline.filter((e) => e.said === 'reply').length;
    if (replies >= THREAD_REPLIES_MAX) {
      ctx.log.warn(
        { channel: msg.channel, ticket: ticket.number, replies },
        'customer thread reply not added: the ticket has taken its most replies',
      );
      return 'ignored';
    }
    await this.note(asCustomer, ticket, msg.text, source, 'reply', wrote, writer.writer);
    return 'noted';
  }

  /**
   * Whether a thread reply's author, not the ticket's own requester, speaks for someone else than
   * the ticket's customer: in a linked channel, the ticket is not the linked customer's (linked
   * to another one since); in one unlinked since, the author is of another organisation and the
   * ticket was opened for another team (`TicketConversation.team`; a ticket without it, opened
   * before it was recorded, takes them as before).
   */
  private notTheirs(ticket: TicketRecord, msg: ChannelMessage, link?: ChannelLink): boolean {
    if (link) return ticket.customerId !== link.customerId;
    const team = ticket.conversation?.team;
    return msg.external && team !== undefined && msg.team !== team;
  }

  /**
   * Too late to reopen: a new ticket in the same thread (a linked channel's), naming the old one.
   * `undescribed`: its author, of our workspace, Slack never described (`keptUndescribed`): more
   * likely a colleague than not, so not named its requester: the old ticket's requester is (none
   * if it has none or was erased since: `requesterStill`), the desk files it, its description
   * says someone else wrote it, and the desk's note on it names who (`writer`: their erasure and
   * export find it), as on a ticket that takes it.
   */
  private async followedBy(
    ctx: Ctx,
    ticket: TicketRecord,
    msg: ChannelMessage,
    link?: ChannelLink,
    undescribed = false,
    /** The new ticket, opened already (a redo: `reply`). */
    opened?: TicketRecord,
  ): Promise<ChannelOutcome> {
    let next = opened;
    let created = false;
    if (!next) {
      if (!link) return 'ignored';
      const opened = await this.openUnlessErased(
        ctx,
        link,
        msg,
        msg.threadTs!,
        ticket,
        undescribed,
      );
      if (opened === 'erasedCustomer') return opened;
      ({ ticket: next, created } = opened);
    }
    // Who wrote it, on the new ticket (once: done again after a cut, it is written then).
    const source = messageSource(msg.channel, msg.ts);
    if (undescribed && !hasSource(next, source))
      await this.note(
        actingAs(ctx, SYSTEM_ACTOR),
        next,
        msg.text,
        source,
        undefined,
        undefined,
        msg.user,
      );
    // The old ticket names the new one too, saying who wrote (a resolved ticket still takes notes;
    // a closed one this one: `followedOnClosed`): once, keyed by the new ticket (`TicketEvent.
    // followedBy`), so a redo after a cut between the two writes it then, and never twice.
    if (ticket.timeline.some((e) => e.followedBy === next.number))
      return created ? 'linkedTicket' : 'ignored';
    const status = ticket.status === 'closed' ? 'closed' : 'resolved';
    await this.note(
      actingAs(ctx, SYSTEM_ACTOR),
      ticket,
      String(
        ctx.t(undescribed ? 'channel.note.followedByUndescribed' : 'channel.note.followedBy', {
          number: next.number,
          status,
        }),
      ),
      undefined,
      undefined,
      undefined,
      undefined,
      next.number,
    );
    return 'linkedTicket';
  }

  /**
   * A thread reply whose author, of our workspace, Slack never described by the inbox's last
   * attempt (`ChannelMessage.guessed`): more likely a colleague than the customer, yet their words
   * are not lost. The desk notes them on the ticket, naming who wrote (`writer`: their erasure and
   * export find it), as neither the desk's answer nor the customer's: no resume, reopen, first
   * response or reply owed. A closed ticket, or one resolved more than REOPEN_DAYS before they
   * wrote, takes no note: in a linked channel a new ticket naming it, as a customer's reply too late
   * to reopen makes (its state and clocks left as they are). In a channel unlinked since, which
   * opens nothing, it takes the note all the same (a closed one too, `keptOnClosed`; not once
   * retention took its words: only logged).
   */
  private async keptUndescribed(
    ctx: Ctx,
    ticket: TicketRecord,
    msg: ChannelMessage,
    source: string,
    link?: ChannelLink,
  ): Promise<ChannelOutcome> {
    // Closed, or resolved too long before they wrote to reopen (judged by its ts, as a reply's
    // reopen is): a new ticket naming it, not a note on a card nobody watches any more. In a
    // channel unlinked since, where nothing new is opened, a note on it (a closed one too:
    // `keptOnClosed`), but not once retention took a closed ticket's words: only logged then.
    const tooLate =
      ticket.status === 'resolved' && !withinReopenDays(ticket, messageTime(msg.ts, ctx.now));
    if (link && (ticket.status === 'closed' || tooLate)) {
      ctx.log.warn(
        { channel: msg.channel, ticket: ticket.number },
        'Slack never described the thread reply’s author of our workspace: their words kept, the ticket left as it was',
      );
      return this.followedBy(ctx, ticket, msg, link, true);
    }
    if (retentionTook(ticket, ctx.settings.retentionDays, ctx.now)) {
      ctx.log.warn(
        { channel: msg.channel, ticket: ticket.number },
        'Slack never described the thread reply’s author of our workspace: not kept, retention took the closed ticket’s words and the channel is no longer linked',
      );
      return 'ignored';
    }
    // Logged as kept only when kept: not on a merged duplicate (`note` keeps nothing on it: its
    // replies go where it was merged), nor past THREAD_REPLIES_MAX; each its own line.
    if (ticket.status === 'closed' && ticket.mergedInto) {
      ctx.log.warn(
        { channel: msg.channel, ticket: ticket.number },
        'Slack never described the thread reply’s author of our workspace: not kept, the ticket is a merged duplicate and the channel is no longer linked',
      );
      return 'ignored';
    }
    const kept = ticket.timeline.filter((e) => e.said === 'reply' || undescribedReply(e)).length;
    if (kept >= THREAD_REPLIES_MAX) {
      ctx.log.warn(
        { channel: msg.channel, ticket: ticket.number, replies: kept },
        'Slack never described the thread reply’s author of our workspace: not kept, the ticket has taken its most replies',
      );
      return 'ignored';
    }
    ctx.log.warn(
      { channel: msg.channel, ticket: ticket.number },
      'Slack never described the thread reply’s author of our workspace: their words kept, the ticket left as it was',
    );
    await this.note(
      actingAs(ctx, SYSTEM_ACTOR),
      ticket,
      msg.text,
      source,
      undefined,
      undefined,
      msg.user,
    );
    return 'noted';
  }

  /**
   * A message whose author, of our workspace, Slack did not describe (`sideOf`: `unknown`): taken
   * for neither side, so nothing is done; logged without the person or their words.
   */
  private undescribed(ctx: Ctx, msg: ChannelMessage, ticket?: TicketRecord): ChannelOutcome {
    ctx.log.info(
      { channel: msg.channel, standing: msg.guest, ...(ticket ? { ticket: ticket.number } : {}) },
      'customer channel message not taken for the customer’s nor the desk’s: Slack did not describe its author of our workspace',
    );
    return 'undescribed';
  }

  /**
   * `open`, but its customer erased whole while the ticket was saved (`TicketFlows.create` took
   * it back): not filed, and its delivery done (not tried again: the erasure took what the
   * customer's messages said); logged without its words.
   */
  private async openUnlessErased(
    ...args: Parameters<ChannelFlows['open']>
  ): Promise<Awaited<ReturnType<ChannelFlows['open']>> | 'erasedCustomer'> {
    try {
      return await this.open(...args);
    } catch (err) {
      if (!customerErasedMeanwhile(err)) throw err;
      args[0].log.info(
        { channel: args[2].channel },
        'customer channel message not filed: its customer was erased while its ticket was saved',
      );
      return 'erasedCustomer';
    }
  }

  /** Opens the ticket of one message (once, whatever delivers it how often). */
  private async open(
    ctx: Ctx,
    link: ChannelLink,
    msg: ChannelMessage,
    threadTs: string,
    previous?: TicketRecord,
    /** Its author Slack never described (`followedBy`): filed for the previous one's requester. */
    undescribed = false,
  ) {
    // A duplicate merged into a ticket this thread does not follow (another customer's) was
    // closed by the merge, not resolved long ago; a ticket closed (after its resolve, however
    // soon) takes nothing more: their own words say so.
    const followsUp = previous?.mergedInto
      ? 'channel.description.followsUpMerged'
      : previous?.status === 'closed'
        ? 'channel.description.followsUpClosed'
        : 'channel.description.followsUp';
    const writer = undescribed ? `${ctx.t('channel.description.undescribedWriter')}\n\n` : '';
    const text = previous
      ? `${ctx.t(followsUp, { number: previous.number })}\n\n${writer}${msg.text}`
      : msg.text;
    const requester = !undescribed
      ? { requester: { userId: msg.user, via: 'slack' as const } }
      : await this.requesterStill(ctx, previous, msg);
    try {
      return await this.create(ctx, link, msg, threadTs, text, requester, previous, undescribed);
    } catch (err) {
      // The old ticket's requester erased between `requesterStill` and the ticket's own check
      // (`TicketFlows.assertRequesterNotErased`): filed for nobody then, as when found erased
      // before, rather than the inbox's last attempt failing and the words lost.
      if (!undescribed || !requester.requester || !requesterRefused(err)) throw err;
      ctx.log.info(
        { channel: msg.channel, ticket: previous?.number },
        'the followed-up ticket’s requester erased since the reply was written: the new ticket filed for nobody',
      );
      return this.create(ctx, link, msg, threadTs, text, {}, previous, undescribed);
    }
  }

  /** `open`'s ticket, filed for `requester`. */
  private create(
    ctx: Ctx,
    link: ChannelLink,
    msg: ChannelMessage,
    threadTs: string,
    text: string,
    requester: { requester?: TicketRecord['requester'] },
    previous: TicketRecord | undefined,
    undescribed: boolean,
  ) {
    const team = undescribed ? previous?.conversation?.team : msg.team;
    return this.deps.ticketFlows.create(
      ctx,
      {
        submissionId: messageSubmission(msg.channel, msg.ts),
        customerCode: link.customerCode,
        type: 'consultation',
        severity: 'general',
        channel: 'slack',
        title: msg.title,
        description: clipAtCharacter(text || msg.title, DESCRIPTION_MAX),
        receivedAt: sentAt(msg.ts, ctx.now),
        source: { channel: msg.channel, ts: msg.ts },
        ...requester,
        conversation: {
          channel: msg.channel,
          ts: threadTs,
          shared: link.shared,
          // Whose organisation it is for, in a shared channel: the author's team (one Slack never
          // described is not its requester: the followed-up ticket's, as its requester is).
          ...(link.shared && team ? { team } : {}),
        },
        // The ticket it follows up (`followedBy`): a redo finds it from this one.
        ...(previous ? { follows: previous.number } : {}),
        // A person of another organisation has no Home here: the desk files it for them; and for
        // one Slack never described, whom it does not take for its requester.
        createdBy: msg.external || ctx.external || undescribed ? SYSTEM_ACTOR : ctx.actor,
      },
      undefined,
      // The channel's customer: a guest of the workspace files for it here (`assertMayFileFor`).
      { knownCustomer: link.customerCode },
    );
  }

  /**
   * The previous ticket's requester, for the new ticket an undescribed author's reply opens
   * (`open`), or none: none on it; the erasure's marker (`[erased]`: nobody to file it for); or
   * one erased since the reply was written, whom the old ticket, read before their erasure
   * rewrote it, still names (`TicketFlows.assertRequesterNotErased` would refuse the ticket, and
   * the inbox's last attempt fail: the words lost). Then it is filed for nobody, as when it had
   * none.
   */
  private async requesterStill(
    ctx: Ctx,
    previous: TicketRecord | undefined,
    msg: ChannelMessage,
  ): Promise<{ requester?: TicketRecord['requester'] }> {
    const was = previous?.requester;
    if (!was) return {};
    if (was.contactName === ERASED) return {};
    if (was.userId && (await this.deps.erasures?.erasedSinceWritten(ctx, was.userId, msg.ts))) {
      ctx.log.info(
        { channel: msg.channel, ticket: previous.number },
        'the followed-up ticket’s requester erased since the reply was written: the new ticket filed for nobody',
      );
      return {};
    }
    return { requester: { ...was } };
  }

  /**
   * The open ticket this customer user opened here whose last top-level message of theirs was
   * sent within FOLLOW_UP_MINUTES of this one, if any. Measured between the messages' own times
   * (their ts, `messageTime`: over a day late too), not from when they are handled: a follow-up
   * Slack delivers again minutes later, or the inbox does again after a failure, still joins the
   * ticket it was sent for.
   */
  private async followUpOf(ctx: Ctx, msg: ChannelMessage): Promise<TicketRecord | undefined> {
    const window = FOLLOW_UP_MINUTES * 60_000;
    const sent = messageTime(msg.ts, ctx.now).getTime();
    // A ticket keeps gathering follow-ups while they come, from its LAST part (not its first):
    // its description stays cut at DESCRIPTION_MAX, each part one timeline note, and one that has
    // taken FOLLOW_UP_PARTS_MAX parts takes no more (the next message opens a new ticket).
    const candidates = await this.deps.tickets.openFromRequester(ctx, msg.channel, msg.user);
    const source = messageSource(msg.channel, msg.ts);
    // Done again (a redo, Slack's duplicate): the ticket it joined, full or not, looked for in
    // every candidate first (a newer one in the window, opened once that one was full, is not it).
    const joined = candidates.find((t) => hasSource(t, source));
    if (joined) return joined;
    return candidates.find((t) => {
      const parts = topLevelParts(t, msg.channel, msg.user);
      return (
        parts.length < FOLLOW_UP_PARTS_MAX &&
        parts.some((times) => times.some((at) => Math.abs(sent - at.getTime()) <= window))
      );
    });
  }

  /** A customer's further message added to the ticket: its description and its timeline. */
  private async append(ctx: Ctx, ticket: TicketRecord, msg: ChannelMessage): Promise<void> {
    const source = messageSource(msg.channel, msg.ts);
    // Done again (a redo): what was saved before is not added twice.
    if (hasSource(ticket, source)) return;
    await this.describe(ticket, msg);
    await this.note(
      this.customerCtx(ctx, ticket, { user: ctx.actor, external: Boolean(ctx.external) }),
      ticket,
      msg.text,
      source,
      'followUp',
      messageTime(msg.ts, ctx.now),
    );
  }

  /** A follow-up message added to the ticket's description (once, whatever redoes it). */
  private async describe(ticket: TicketRecord, msg: ChannelMessage): Promise<void> {
    if (!ticket.description.endsWith(`\n\n${msg.text}`))
      await this.deps.tickets.setDescription(
        ticket,
        clipAtCharacter(`${ticket.description}\n\n${msg.text}`, DESCRIPTION_MAX),
      );
  }

  /** A timeline entry (posted in the card's internal thread), by the customer when they may. */
  private async note(
    ctx: Ctx,
    ticket: TicketRecord,
    text: string,
    source?: string,
    /** The customer's own words (a reply, a follow-up, their edit), read as theirs. */
    said?: CustomerSaid,
    /** When the customer sent it (its ts): a follow-up handled late is owed a reply from then. */
    sent?: Date,
    /**
     * A person of the customer's who is not the requester, whose words the desk notes: kept on
     * the entry (`TicketEvent.writer`), so their erasure takes the words and their export lists them.
     */
    writer?: string,
    /** The desk's note naming the new ticket opened in its thread (`followedBy`): its number. */
    followedBy?: string,
  ): Promise<void> {
    const params: ActionParams = {
      action: 'note',
      text: clipAtCharacter(text, DESCRIPTION_MAX),
      ...(source ? { source } : {}),
      ...(said ? { said } : {}),
      ...(sent ? { sentAt: sent } : {}),
      ...(followedBy ? { followedBy } : {}),
    };
    // A closed ticket takes only a reply sent before its resolve (`lateReplyOnClosed`), the
    // desk's note of an undescribed author's reply in a channel unlinked since (`keptOnClosed`),
    // and the desk's note naming the new ticket opened in its thread (`followedOnClosed`; not once
    // retention took its words: nothing is added to it then).
    if (
      ticket.status === 'closed' &&
      !lateReplyOnClosed(ticket, params) &&
      !keptOnClosed(ticket, { ...params, ...(writer ? { writer } : {}) }) &&
      !(
        followedOnClosed(ticket, params) &&
        !retentionTook(ticket, ctx.settings.retentionDays, ctx.now)
      )
    )
      return;
    const by = this.mayNote(ctx, ticket) ? ctx : actingAs(ctx, SYSTEM_ACTOR);
    await this.deps.ticketFlows.act(by, ticket.number, params, writer ? { writer } : {});
  }

  private mayNote(ctx: Ctx, ticket: TicketRecord): boolean {
    return (
      ticket.requester?.userId === ctx.actor ||
      worksTicketsByRole(ctx.settings, { user: ctx.actor, external: Boolean(ctx.external) })
    );
  }

  /**
   * Who a customer's answer acts as: the requester themselves (resume, reopen and notes are
   * theirs to do); another person of the customer's, the desk on their behalf.
   */
  private customerCtx(
    ctx: Ctx,
    ticket: TicketRecord,
    msg: { user: string; external: boolean },
  ): Ctx {
    if (ticket.requester?.userId === msg.user)
      return actingAs(ctx, msg.user, ctx.origin, msg.external);
    return actingAs(ctx, SYSTEM_ACTOR);
  }
}
