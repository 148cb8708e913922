import type { Ctx } from '../context.js';
import type { OutboxService } from '../outbox/service.js';
import type { NewOutboxEntry, ThreadRef } from '../outbox/types.js';
import type {
  DmAnswered,
  DraftKind,
  FollowerOwed,
  TicketEvent,
  TicketRecord,
} from '../ticket/types.js';
import type { Message } from '../ui/blocks.js';
import {
  dmAnswerMessage,
  draftMessage,
  eventNotice,
  followerAddedNotice,
  followerNotice,
  lowScoreDetailsNotice,
  lowScoreNotice,
  receivedFrom,
  receivedNotice,
  sentDraftNotice,
  surveyMessage,
  type Place,
} from '../ui/requester.js';
import type { OutboxData } from './types.js';
import { ticketTextFor } from '../privacy/free-text.js';
import { staffOnly } from '../workspace/types.js';

/** Where the requester hears from the desk: the conversation thread, else their DM. */
export interface RequesterPlace {
  to: string;
  thread?: ThreadRef;
  place: Place;
}

export function requesterPlace(
  ticket: Pick<TicketRecord, 'conversation' | 'requester'>,
): RequesterPlace | null {
  if (ticket.conversation)
    return {
      to: ticket.conversation.channel,
      thread: { ts: ticket.conversation.ts },
      place: 'thread',
    };
  // A person of another organisation: no DM of the desk reaches them (none is written).
  if (ticket.requester?.userId && !ticket.requester.external)
    return { to: ticket.requester.userId, place: 'dm' };
  return null;
}

/**
 * Whether an outbox entry is the RequesterNotifier's (its keys all begin `requester:`): in a
 * channel, a notice addressed to a ticket's requester in their conversation (received, the
 * steps, the survey, a draft the agent sent), not one of the desk's own messages.
 */
export const toRequester = (entry: { key: string }) => entry.key.startsWith('requester:');

/** The ticket id a RequesterNotifier key (`requester:<ticket id>:…`) is about, if it names one. */
export const requesterTicketOf = (key: string): string | undefined =>
  /^requester:([0-9a-f]{24}):/i.exec(key)?.[1];

/** The resolution cycle (a reopened and resolved again ticket asks again). */
export const cycleOf = (ticket: Pick<TicketRecord, 'metrics'>) => ticket.metrics.reopenCount;

/** The outbox key of the survey of a resolution (and of its reminder). */
export const surveyKey = (ticket: Pick<TicketRecord, 'id' | 'metrics'>, reminder = false) =>
  `requester:${ticket.id}:${reminder ? 'survey-reminder' : 'survey'}:${cycleOf(ticket)}`;

/** The outbox key of an assignee's draft (a delay notice, a progress note) named by `stamp`. */
export const draftKey = (ticket: Pick<TicketRecord, 'id'>, stamp: string) =>
  `requester:${ticket.id}:draft:${stamp}`;

/**
 * The outbox key of the desk's answer to a requester's message in their DM with the app: one
 * per message (the workspace's, by its conversation and ts), however often it is handled.
 */
export const dmAnswerKey = (msg: { channel: string; ts: string }) =>
  `dm-answer:${msg.channel}:${msg.ts}`;

/**
 * What the requester is told (#10), written to the outbox: received, taken by whom, waiting on
 * them (with the agent's question), resolved (with the summary), reopened, in the ticket's
 * conversation thread when it has one, else by DM; the survey after a resolution and its
 * reminder; what the agent confirmed from a draft; and the managers' notice of a low score.
 * Each is keyed by the ticket and the step (its place in the timeline), so a step is told once
 * however often it is announced (a repair after a crash, two instances).
 */
export class RequesterNotifier {
  constructor(private readonly outbox: OutboxService) {}

  /**
   * The entry of a notice; one for the conversation thread falls back on the requester's DM
   * (`dm`: the notice as a DM words it) when Slack refuses the thread's channel.
   */
  private entry(
    ticket: TicketRecord,
    key: string,
    where: RequesterPlace,
    message: Message,
    dm: Message = message,
  ): NewOutboxEntry {
    const userId = ticket.requester?.userId;
    return {
      key: `requester:${ticket.id}:${key}`,
      kind: 'message',
      to: where.to,
      ...(where.thread ? { thread: where.thread } : {}),
      data: {
        message,
        ...(where.place === 'thread' && userId ? { fallback: { to: userId, message: dm } } : {}),
        ...(where.place === 'thread' ? { openedShared: ticket.conversation?.shared === true } : {}),
      } satisfies OutboxData['message'],
      // A customer is not messaged at night about anything but an urgent ticket.
      quiet: ticket.severity !== 'urgent',
    };
  }

  /**
   * "We have your request", once per ticket: kept with what it is drawn from (`received`), drawn
   * again as it goes out, so that one held past the due time it names does not promise it.
   */
  received(ctx: Ctx, ticket: TicketRecord): NewOutboxEntry[] {
    const where = requesterPlace(ticket);
    if (!where) return [];
    const from = receivedFrom(ticket, ticket.responseDueAt);
    const message = receivedNotice(ctx.t, from, {
      timeZone: ctx.settings.timeZone,
      now: ctx.now,
    });
    const entry = this.entry(ticket, 'received', where, message);
    return [{ ...entry, data: { ...(entry.data as OutboxData['message']), received: from } }];
  }

  /**
   * One step of the ticket (the event at `seq` of its thread), unless the requester took it, but
   * for their reply in the conversation that reopened it: the resolved notice promised that a
   * reply reopens it, so the thread says it did (their button is answered privately instead).
   */
  event(ctx: Ctx, ticket: TicketRecord, event: TicketEvent, seq: number): NewOutboxEntry[] {
    return [
      ...this.requesterEvent(ctx, ticket, event, seq),
      ...this.followers(ctx, ticket, event, seq),
    ];
  }

  /**
   * The step for each follower of the ticket, by DM, with their Stop following: one entry per
   * follower (its own key: `requester:<ticket>:event:<seq>:f:<user>`), none for the one who took
   * the step. Never the survey, a draft or a note (followerNotice tells what the requester is).
   * Only those following by the step (`followedAt`): a replay of an earlier one (the notices
   * repair's, TicketNotifier.announce) tells nobody who began following after it.
   */
  private followers(
    ctx: Ctx,
    ticket: TicketRecord,
    event: TicketEvent,
    seq: number,
  ): NewOutboxEntry[] {
    const followers = (ticket.followers ?? []).filter(
      (u) =>
        u !== event.by && u !== ticket.requester?.userId && !followedAfter(ticket, u, event, seq),
    );
    if (!followers.length) return [];
    if (!followerNotice(ctx.t, ticket, event)) return [];
    return followers.map((user) => ({
      key: `requester:${ticket.id}:event:${seq}:f:${user}`,
      kind: 'message' as const,
      to: user,
      // A merge: whether they follow its target is each one's own.
      // Phones and emails in the step's text as their view of the ticket shows them.
      data: {
        message: followerNotice(
          ctx.t,
          ticket,
          event,
          user,
          ticketTextFor(ctx.settings, user, ticket, ctx.now),
        )!,
      } satisfies OutboxData['message'],
      quiet: ticket.severity !== 'urgent',
    }));
  }

  private requesterEvent(
    ctx: Ctx,
    ticket: TicketRecord,
    event: TicketEvent,
    seq: number,
  ): NewOutboxEntry[] {
    const where = requesterPlace(ticket);
    if (!where) return [];
    const byReply = event.action === 'reopen' && Boolean(event.source) && where.place === 'thread';
    if (event.by === ticket.requester?.userId && !byReply) return [];
    const notice = eventNotice(ctx.t, ticket, event, where.place);
    const dm = where.place === 'dm' ? notice : eventNotice(ctx.t, ticket, event, 'dm');
    return notice ? [this.entry(ticket, `event:${seq}`, where, notice, dm ?? notice)] : [];
  }

  /**
   * One DM to each person the assignee or a manager added to the ticket's followers (Followers…),
   * as the addition recorded it owed (`owed`): that they follow it now and who added them, with
   * Stop following. Keyed per ticket, person and addition (`follower:<ticket>:<user>:add:<n>`,
   * `n` the ticket's `followerAdds` the addition counted: written again, by the repair too, it goes
   * once; taken off and added again, they are told again); nobody taken off is told.
   */
  async followersAdded(
    ctx: Ctx,
    ticket: TicketRecord,
    owed: readonly Pick<FollowerOwed, 'user' | 'by' | 'add'>[],
  ): Promise<string[]> {
    if (!owed.length) return [];
    return this.outbox.enqueue(
      ctx,
      owed.map((o) => ({
        key: `follower:${ticket.id}:${o.user}:add:${o.add}`,
        kind: 'message' as const,
        to: o.user,
        data: {
          message: followerAddedNotice(ctx.t, ticket, o.by),
          // Who added them said as it goes out: not once they were erased meanwhile.
          followerAdded: { ticketId: ticket.id, ...(o.by ? { by: o.by } : {}) },
        } satisfies OutboxData['message'],
        quiet: ticket.severity !== 'urgent',
      })),
    );
  }

  /**
   * The steps `users` were not told live although they follow them: written between the read of
   * the update that added them and its write (refused for them and read again), when the step's
   * own notices, drawn from the ticket as it wrote it, did not list them yet. Those their
   * `followedAt` marks owed (from the count it keeps, the steps as at their first read, up to
   * `owedTo`, the steps its write found), each under the step's own follower key: written by a
   * replay of the step as well, or again by the notices repair, it goes once. None in the steady
   * state (nothing read, nothing written).
   */
  async stepsSinceFollowed(
    ctx: Ctx,
    ticket: TicketRecord,
    users: readonly string[],
  ): Promise<string[]> {
    const entries = users.flatMap((user) => {
      const mark = ticket.followedAt?.find((f) => f.user === user);
      const since = mark?.seq;
      if (typeof since !== 'number' || typeof mark?.owedTo !== 'number') return [];
      return ticket.timeline
        .slice(since, mark.owedTo)
        .flatMap((event, i) =>
          this.followers(ctx, ticket, event, since + i + 1).filter((e) => e.to === user),
        );
    });
    return entries.length ? this.outbox.enqueue(ctx, entries) : [];
  }

  /**
   * The survey of this resolution (or its reminder): held by quiet hours whatever the ticket's
   * severity (a survey is never urgent; the reminder goes a day after, at any hour).
   */
  async survey(ctx: Ctx, ticket: TicketRecord, reminder = false): Promise<string[]> {
    const where = requesterPlace(ticket);
    if (!where) return [];
    const entry = this.entry(ticket, '', where, surveyMessage(ctx.t, ticket, reminder));
    return this.outbox.enqueue(ctx, [{ ...entry, key: surveyKey(ticket, reminder), quiet: true }]);
  }

  /**
   * A message the agent confirmed (a delay notice, a progress note, a reply), once per
   * confirmation.
   */
  async confirmed(
    ctx: Ctx,
    ticket: TicketRecord,
    id: string,
    note: { kind: DraftKind; by: string; text: string; date?: string },
  ): Promise<string[]> {
    const where = requesterPlace(ticket);
    if (!where) return [];
    const message = sentDraftNotice(ctx.t, { ...note, number: ticket.number });
    return this.outbox.enqueue(ctx, [
      { ...this.entry(ticket, `sent:${id}`, where, message), quiet: false },
    ]);
  }

  /**
   * The answer to a requester's message in their DM with the app (their ticket resumed with it,
   * or several waiting: which one?), in its thread if it was in one; once per message
   * (dmAnswerKey), so a redo of its event writes nothing new. To the person (their DM), at once
   * whatever the quiet hours: it answers what they just typed.
   */
  async dmAnswer(
    ctx: Ctx,
    msg: { user: string; channel: string; ts: string; thread?: string | undefined },
    answered: DmAnswered,
  ): Promise<string[]> {
    return this.outbox.enqueue(ctx, [
      {
        key: dmAnswerKey(msg),
        kind: 'message',
        to: msg.user,
        ...(msg.thread ? { thread: { ts: msg.thread } } : {}),
        data: { message: dmAnswerMessage(ctx.t, answered) } satisfies OutboxData['message'],
      },
    ]);
  }

  /**
   * The tickets (by id) whose notice to their requester in Slack was posted as `ts` in their DM
   * with the app (`channel`, or the person as a DM was addressed): a reply in that message's
   * thread is about that ticket. Read from the outbox, so only while it keeps the message (sent
   * entries, OUTBOX_KEEP_MS): an older thread is about no ticket known. The workspace's only.
   */
  async ticketsOfDm(
    ctx: Pick<Ctx, 'teamId' | 'actor'>,
    channel: string,
    ts: string,
  ): Promise<string[]> {
    const keys = await this.outbox.postedAt(ctx.teamId, [channel, ctx.actor], ts);
    return [
      ...new Set(keys.filter((key) => toRequester({ key })).map((key) => key.split(':')[1] ?? '')),
    ].filter(Boolean);
  }

  /**
   * A draft for the assignee (a delay notice or progress note), once per `stamp`. Held by quiet
   * hours but for an urgent ticket, and then not sent if the ticket is no longer theirs (handed
   * on, resolved or closed, gone), as the DM of a hand-over.
   */
  async draft(
    ctx: Ctx,
    ticket: TicketRecord,
    draft: {
      kind: 'delay' | 'progress';
      stamp: string;
      to: string;
      value: string;
      /** The date the requester was promised, passed with the ticket still open. */
      promised?: string;
    },
  ): Promise<string[]> {
    const message = draftMessage(ctx.t, ticket, draft.kind, {
      ...(draft.promised ? { promised: draft.promised } : {}),
      ...(draft.kind === 'delay' && ticket.resolutionDueAt
        ? {
            newDue: ticket.resolutionDueAt,
            missed: ticket.resolutionDueAt.getTime() <= ctx.now.getTime(),
          }
        : {}),
      timeZone: ctx.settings.timeZone,
      value: draft.value,
    });
    return this.outbox.enqueue(ctx, [
      {
        key: draftKey(ticket, draft.stamp),
        kind: 'message',
        to: draft.to,
        data: { message, holder: { ticketId: ticket.id } } satisfies OutboxData['message'],
        quiet: ticket.severity !== 'urgent',
      },
    ]);
  }

  /**
   * Of these drafts (a ticket and its stamp), those not written to the outbox yet: one read for
   * all of them, so a sweep spends its writes on the drafts still owed.
   */
  async undrafted<T extends { ticket: Pick<TicketRecord, 'id'>; stamp: string }>(
    ctx: Pick<Ctx, 'teamId'>,
    drafts: T[],
  ): Promise<T[]> {
    if (!drafts.length) return [];
    const keys = drafts.map((d) => draftKey(d.ticket, d.stamp));
    const there = new Set((await this.outbox.byKeys(ctx.teamId, keys)).map((e) => e.key));
    return drafts.filter((_, i) => !there.has(keys[i]!));
  }

  /**
   * The managers told of a low score, once per resolution each: the requester's, or one logged
   * on a follow-up call (`call`), under the same keys (told of one, they are not told again).
   * Owed on the follow-up task from its insert: the notice repair writes it if the process died
   * before it did.
   */
  async lowScore(
    ctx: Ctx,
    ticket: TicketRecord,
    answer: { satisfaction?: number; nps?: number; comment?: string; by: string; call?: string },
    /** `unwrittenOnly` (a repair): only the entries not in the outbox yet are written. */
    options: { unwrittenOnly?: boolean } = {},
  ): Promise<string[]> {
    const message = lowScoreNotice(ctx.t, { ticket, ...answer });
    // Never a manager Slack said is of another organisation (`staffOnly`).
    const entries = staffOnly(ctx.settings, ctx.settings.managers).map((manager) => ({
      key: `requester:${ticket.id}:low-score:${cycleOf(ticket)}:${manager}`,
      kind: 'message' as const,
      to: manager,
      data: { message } satisfies OutboxData['message'],
    }));
    if (options.unwrittenOnly) return this.outbox.enqueueUnwritten(ctx, entries);
    return entries.length ? this.outbox.enqueue(ctx, entries) : [];
  }

  /**
   * The NPS and comment the requester added to a low answer after its notice went (the modal
   * after the click), to the managers and the follow-up's owner (`to`): once per answer and
   * person (keyed by when it was given: sent again changed, they read the new one).
   */
  async lowScoreDetails(
    ctx: Ctx,
    ticket: TicketRecord,
    to: readonly string[],
    answer: { satisfaction?: number; nps?: number; comment?: string; by: string; at: Date },
  ): Promise<string[]> {
    const { at, ...shown } = answer;
    const message = lowScoreDetailsNotice(ctx.t, { ticket, ...shown });
    const entries = [...new Set(to)].map((user) => ({
      key: `requester:${ticket.id}:low-score:${cycleOf(ticket)}:details:${at.getTime()}:${user}`,
      kind: 'message' as const,
      to: user,
      data: { message } satisfies OutboxData['message'],
    }));
    return entries.length ? this.outbox.enqueue(ctx, entries) : [];
  }
}

/**
 * Whether `user` began following the ticket after `event`, the step at `seq` in its thread
 * (TicketRecord.followedAt): by the steps written when they began, not by the clocks (a step
 * whose request read the ticket before they followed and wrote after lists them: told; so does
 * one dated in the past by a job run `--at`, or on an instance whose clock is behind). One kept
 * without the count is compared by time; one added before either was kept has none, and is
 * taken as following then.
 */
function followedAfter(
  ticket: Pick<TicketRecord, 'followedAt'>,
  user: string,
  event: Pick<TicketEvent, 'at'>,
  seq: number,
): boolean {
  const since = ticket.followedAt?.find((f) => f.user === user);
  if (!since) return false;
  if (typeof since.seq === 'number') return seq <= since.seq;
  return new Date(since.at).getTime() > new Date(event.at).getTime();
}
