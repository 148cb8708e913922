import type { WebClient } from '@slack/web-api';
import { SYSTEM_ACTOR, type Ctx } from '../context.js';
import type { OutboxService } from '../outbox/service.js';
import { ERASED } from '../erased.js';
import {
  cardKey,
  editEntry,
  listEditKey,
  postEditKey,
  taskEditKey,
  REPLAY_MS,
  type NewOutboxEntry,
  type ThreadRef,
  type TicketPost,
} from '../outbox/types.js';
import {
  holderAfter,
  reopenedForRevisit,
  requesterWroteByDm,
  resumedAtErasure,
  KEPT_NOTE_BURST_MS,
  keptNoteBurst,
  OPEN_STATUSES,
  standInTakenHanded,
  type ComplaintUrgency,
  type MergeReach,
  type TicketEvent,
  type TicketRecord,
} from '../ticket/types.js';
import {
  accountManagerNotice,
  assignedDm,
  backToAssigneeDm,
  wroteToAssigneeDm,
  handedAwayDm,
  keptNoteNotice,
  standInTakenDm,
  upgradeHandedDm,
  complaintManagersNotice,
  complaintUrgencyChangedNotice,
  complaintPageNotice,
  escalationPost,
  ticketEventText,
  type NoticeLine,
  type TicketNotice,
} from '../ui/ticket.js';
import type { SlaStatus } from '../sla/business-time.js';
import { complaintContactTaskId } from '../task/types.js';
import { complaintManagers, escalationChannel } from '../workspace/types.js';
import type { RequesterNotifier } from './requester.js';
import type { OutboxData } from './types.js';

/**
 * Whether the ticket's survey was recorded as sent by its latest resolution (it is sent on a
 * ticket's first resolution, in the same change), lately, and not answered: a repair writes it.
 */
function surveyOwed(ticket: TicketRecord, since: number): boolean {
  const survey = ticket.survey;
  const resolved = ticket.timeline.findLast((e) => e.action === 'resolve');
  return (
    ticket.status === 'resolved' &&
    !!survey &&
    !survey.at &&
    !!resolved &&
    survey.sentAt.getTime() >= Math.max(resolved.at.getTime(), since)
  );
}

/** An escalation by the SLA sweep, which announces it itself (its lists and DMs). */
const bySweep = (e: TicketEvent) => e.action === 'escalate' && e.by === SYSTEM_ACTOR;

/** The created event is number 0 of a ticket's thread; its timeline's events follow. */
function eventKey(ticket: TicketRecord, seq: number) {
  return `ticket:${ticket.id}:event:${seq}`;
}

/**
 * The outbox key of the DM telling a ticket's new holder it is theirs (event `seq` of its
 * thread): the "no longer yours" DM names it, to be dropped when that one never went out.
 */
function assignedKey(ticketId: string, seq: number): string {
  return `ticket:${ticketId}:assigned:${seq}`;
}

/**
 * A ticket's card drawn again where it is (or posted to the triage channel as the settings say
 * then, or waiting for one): the one shape of a `ticket.card` entry, keyed by `cardKey`.
 */
export function ticketCardEntry(
  settings: { channels: { triage?: string | undefined } },
  ticketId: string,
): NewOutboxEntry {
  return {
    key: cardKey({ id: ticketId }),
    kind: 'ticket.card',
    to: settings.channels.triage ?? 'triage',
    data: { ticketId } satisfies OutboxData['ticket.card'],
    refresh: true,
  };
}

/** Where a ticket's lines go: its card's thread (the card's key until it is posted). */
function threadOf(ticket: TicketRecord): ThreadRef {
  return ticket.card.ts ? { ts: ticket.card.ts } : { parentKey: cardKey(ticket) };
}

/**
 * One event of a ticket's timeline (number `seq` of its thread) as its line in the card's thread,
 * keyed by its place there: a repair's replay (`TicketNotifier.announce`) writes nothing twice.
 */
function eventEntry(
  ctx: Pick<Ctx, 'settings' | 't'>,
  ticket: TicketRecord,
  event: TicketEvent,
  seq: number,
): NewOutboxEntry {
  return {
    key: eventKey(ticket, seq),
    kind: 'message',
    to: ticket.card.channel ?? ctx.settings.channels.triage ?? 'triage',
    thread: threadOf(ticket),
    data: {
      message: { text: ticketEventText(ctx.t, event, ticket) },
    } satisfies OutboxData['message'],
  };
}

/**
 * Tickets whose first response a move of their customer's tier made due sooner
 * (TicketService.tightenForTier): each card drawn again and the desk's line in its thread saying
 * why, behind the other messages due (a tier review may move many customers), under the keys a
 * change's notices use. Nobody else is told: the assignee's due time is on the card and lists,
 * and the SLA sweep alerts it as it comes.
 */
export function retargetedEntries(
  ctx: Pick<Ctx, 'settings' | 't'>,
  tickets: readonly TicketRecord[],
): NewOutboxEntry[] {
  return tickets.flatMap((t) => {
    const i = t.timeline.findLastIndex((e) => e.action === 'retarget');
    const card = { ...ticketCardEntry(ctx.settings, t.id), bulk: true };
    if (i < 0) return [card];
    return [card, { ...eventEntry(ctx, t, t.timeline[i]!, i + 1), bulk: true }];
  });
}

/**
 * What a ticket says in Slack, written to the outbox: its card in the triage channel (posted,
 * then updated in place, from the ticket as stored when it goes out), its thread as the
 * ticket's timeline (one reply per event, keyed by its place in the timeline), the account
 * manager's DM and the escalation channel's post. Each method returns the keys it wrote, which
 * a request delivers at once; whatever Slack refuses the outbox retries.
 */
export class TicketNotifier {
  constructor(
    private readonly outbox: OutboxService,
    /** The workspace's client (its install's token in OAuth mode). */
    private readonly clientFor: (teamId: string) => Promise<WebClient | undefined>,
    private readonly requester: RequesterNotifier,
  ) {}

  /**
   * The resolver's DM that the upgrade intent heard with the resolution was handed off (to whom,
   * a task due when), once per resolution (keyed by the ticket and when the intent was heard),
   * quiet: it answers their own submission. Returns the key written.
   */
  async upgradeHanded(
    ctx: Ctx,
    ticket: TicketRecord,
    upgrade: { created: boolean; assigneeId: string; dueDate: string },
  ): Promise<string[]> {
    const heard = (ticket.upgradeOwed ?? ctx.now).getTime();
    return this.outbox.enqueue(ctx, [
      {
        key: `upgrade-handed:${ticket.id}:${heard}`,
        kind: 'message',
        to: ctx.actor,
        data: { message: upgradeHandedDm(ctx.t, ticket, upgrade) } satisfies OutboxData['message'],
        quiet: true,
      },
    ]);
  }

  /**
   * The stand-in's DM of each open ticket of a guest owner written while nobody could stand in
   * (it named the guest), moved to them since (`TicketService.followStandIns`): theirs now as the
   * account manager (its customer handed since to another guest they stand in for: saying its
   * owner then was another guest, `standInTakenHanded`). Once per ticket and stand-in (keyed so;
   * each move is one conditional write, made by one instance). Returns the keys written.
   */
  async standInTaken(
    ctx: Pick<Ctx, 'teamId' | 'now' | 'settings' | 't'>,
    tickets: readonly TicketRecord[],
  ): Promise<string[]> {
    if (!tickets.length) return [];
    return this.outbox.enqueue(
      ctx,
      tickets
        .filter((ticket) => ticket.guestOwner)
        .map((ticket) => ({
          key: `ticket:${ticket.id}:standInTaken:${ticket.accountManagerId}`,
          kind: 'message' as const,
          to: ticket.accountManagerId,
          data: {
            message: standInTakenDm(ctx.t, ticket, ticket.guestOwner!, standInTakenHanded(ticket)),
          } satisfies OutboxData['message'],
        })),
    );
  }

  /** The permalink of the message a ticket was made from (none from a channel the bot cannot read). */
  async permalink(
    teamId: string,
    source: { channel: string; ts: string },
  ): Promise<string | undefined> {
    const client = await this.clientFor(teamId).catch(() => undefined);
    if (!client) return undefined;
    return client.chat
      .getPermalink({ channel: source.channel, message_ts: source.ts })
      .then((r) => r.permalink)
      .catch(() => undefined);
  }

  private card(ctx: Ctx, ticket: TicketRecord): NewOutboxEntry {
    return ticketCardEntry(ctx.settings, ticket.id);
  }

  private event(ctx: Ctx, ticket: TicketRecord, event: TicketEvent, seq: number): NewOutboxEntry {
    return eventEntry(ctx, ticket, event, seq);
  }

  private escalation(
    ctx: Ctx,
    ticket: TicketRecord,
    event: TicketEvent,
    seq: number,
  ): NewOutboxEntry[] {
    const channel = escalationChannel(ctx.settings);
    if (!channel) return [];
    return [
      {
        key: `ticket:${ticket.id}:escalation:${seq}`,
        kind: 'message',
        to: channel,
        data: {
          message: escalationPost(ctx.t, ticket, event),
        } satisfies OutboxData['message'],
      },
    ];
  }

  /**
   * The DM to whom an escalation or reassignment handed the ticket, unless they did it
   * themselves (or it is the account manager, told by their own DM). Held by quiet hours for a
   * ticket that is not urgent, and then not sent if it is no longer theirs. The one it was taken
   * from is told too (`handedAway`).
   */
  private assigned(
    ctx: Ctx,
    ticket: TicketRecord,
    event: TicketEvent,
    seq: number,
    pausedReply?: SlaStatus,
  ): NewOutboxEntry[] {
    // A ticket that comes back to its assignee by someone else's hand (the customer's reply
    // to a question, a reopen, the desk's resume when whom it waited on was erased, the desk's
    // reopen for a revisit that found it not solved): they are told, or it sits unnoticed while
    // its clock runs.
    if (event.action === 'resume' || event.action === 'reopen') {
      // The desk's for a person of the customer's who is not the requester (`writer`): told too.
      if (
        event.by === SYSTEM_ACTOR &&
        !event.writer &&
        !resumedAtErasure(event) &&
        !reopenedForRevisit(event)
      )
        return [];
      return toHolder(ctx, ticket, event, seq, 'backToAssignee', backToAssigneeDm);
    }
    // Its requester's words by DM with the app, added to it (RequesterFlows.answerByDm): nobody
    // else reads that conversation, so its holder is told what they said.
    if (requesterWroteByDm(ticket, event))
      return toHolder(ctx, ticket, event, seq, 'wroteToAssignee', wroteToAssigneeDm);
    const to = event.assigneeId;
    if (!to || (event.action !== 'escalate' && event.action !== 'reassign')) return [];
    return [
      ...this.handedTo(ctx, ticket, event, seq, to, pausedReply),
      ...this.handedAway(ctx, ticket, event, seq, to),
    ];
  }

  /**
   * The DM of whom a Reassign or Escalate handed the ticket to (`to`); with the next reply a
   * ticket waiting on the customer still owes (`pausedReply`, its clock as the flow read it).
   */
  private handedTo(
    ctx: Ctx,
    ticket: TicketRecord,
    event: TicketEvent,
    seq: number,
    to: string,
    pausedReply?: SlaStatus,
  ): NewOutboxEntry[] {
    if (to === event.by) return [];
    return [
      {
        key: assignedKey(ticket.id, seq),
        kind: 'message',
        to,
        data: {
          message: assignedDm(ctx.t, ticket, event, {
            now: ctx.now,
            timeZone: ctx.settings.timeZone,
            ...(pausedReply ? { pausedReply } : {}),
          }),
          holder: { ticketId: ticket.id },
          // What it owes said as it goes out: a reply paused then resumed overnight is not.
          assigned: { ticketId: ticket.id, seq },
        } satisfies OutboxData['message'],
        // Quiet hours hold it, but for an urgent ticket: an escalation at 22:30 waits for the
        // morning, and is not sent then if the ticket went on to someone else overnight.
        quiet: ticket.severity !== 'urgent',
      },
    ];
  }

  /**
   * The DM of whom a Reassign or Escalate took the ticket from (its holder before the event at
   * `seq`), unless they did it themselves: who has it now, and why if given. The SLA sweep's own
   * escalations tell them in its DMs. Held by quiet hours as the new holder's, but for an urgent
   * ticket.
   */
  private handedAway(
    ctx: Ctx,
    ticket: TicketRecord,
    event: TicketEvent,
    seq: number,
    to: string,
  ): NewOutboxEntry[] {
    if (event.by === SYSTEM_ACTOR) return [];
    // The holder before this event (number `seq` of the thread, the created event being 0):
    // none once a reopen released it (it was in the queue, nobody's to take away).
    const previous = holderAfter(ticket.timeline, seq - 1);
    if (!previous || previous === to || previous === event.by || previous === SYSTEM_ACTOR)
      return [];
    const i = ticket.timeline.slice(0, seq - 1).findLastIndex((e) => e.assigneeId);
    const gave = ticket.timeline[i]!;
    // The DM that told them it was theirs, if one did (`handedTo`): held and never sent (no
    // longer theirs by then), this one is not sent either.
    const told =
      (gave.action === 'reassign' || gave.action === 'escalate') && gave.by !== previous
        ? assignedKey(ticket.id, i + 1)
        : undefined;
    return [
      {
        key: `ticket:${ticket.id}:handedAway:${seq}`,
        kind: 'message',
        to: previous,
        data: {
          message: handedAwayDm(ctx.t, ticket, { ...event, assigneeId: to }),
          ...(told ? { told } : {}),
        } satisfies OutboxData['message'],
        quiet: ticket.severity !== 'urgent',
      },
    ];
  }

  /**
   * Everything a ticket owes Slack as stored now: its card, its whole thread (created and every
   * event since), the account manager's DM, its escalation posts. Keys already written are left
   * alone, so this serves a new ticket and the repair of one whose announcement was cut short.
   * What happened over REPLAY_MS ago is left out but for the card (its keys may be gone), and so
   * are the sweep's escalations (announced by the sweep under keys of its own).
   */
  async announce(
    ctx: Ctx,
    ticket: TicketRecord,
    /** A merge's: how its target reaches people (TicketEvent.intoReach), when known. */
    intoReach?: MergeReach,
    /** The next reply a ticket waiting on the customer still owes, its clock now (`changed`). */
    pausedReply?: SlaStatus,
    /**
     * Events written as given instead of as stored, by sequence number: the notes of merges into
     * the ticket naming who asked (its thread line in its place, not after the replay's others).
     */
    named?: ReadonlyMap<number, TicketEvent>,
  ): Promise<string[]> {
    const created: TicketEvent = { action: 'created', by: ticket.createdBy, at: ticket.createdAt };
    const replayFrom = ctx.now.getTime() - REPLAY_MS;
    const recent = (e: TicketEvent) => e.at.getTime() >= replayFrom;
    // The latest event was written with (or after) the mark that its notices are owed, whatever
    // time it bears (the desk's close after a reopen window is dated at the window's end, maybe
    // months ago): marked lately, its key cannot be forgotten yet, so it is written again too.
    const owedLately = (ticket.noticesOwedAt?.getTime() ?? -Infinity) >= replayFrom;
    // By sequence number (the keys' and the thread's), the ones to write again.
    const events = [created, ...ticket.timeline]
      .map((e, seq) => ({ e: named?.get(seq) ?? e, seq }))
      .filter(
        ({ e, seq }) =>
          (recent(e) || (owedLately && seq === ticket.timeline.length)) && !bySweep(e),
      );
    // The desk's close after the reopen window (the `tickets-close` job's, nothing after it): its
    // card and line behind every other message due, as the job writes them (`closedByDesk`): a
    // repair may write a whole run's.
    const last = ticket.timeline.at(-1);
    const bulk = last?.action === 'close' && last.by === SYSTEM_ACTOR ? { bulk: true } : {};
    const entries: NewOutboxEntry[] = [
      { ...this.card(ctx, ticket), ...bulk },
      ...events.map(({ e, seq }) => ({
        ...this.event(ctx, ticket, e, seq),
        ...(seq === ticket.timeline.length ? bulk : {}),
      })),
      ...events.flatMap(({ e, seq }) => [
        ...(e.action === 'escalate' ? this.escalation(ctx, ticket, e, seq) : []),
        ...this.assigned(ctx, ticket, e, seq, pausedReply),
        ...this.keptNote(ctx, ticket, e, seq),
        ...this.classified(ctx, ticket, e, seq),
      ]),
    ];
    // Less what hands the ticket to someone who no longer has it (`stillTheirs`).
    const owed = await this.stillTheirs(ctx, ticket, events, entries);
    // The requester: each step (a repair of a change cut short).
    for (const { e, seq } of events)
      if (seq > 0)
        owed.push(
          ...this.requester.event(
            ctx,
            ticket,
            e.action === 'merge' && intoReach ? { ...e, intoReach } : e,
            seq,
          ),
        );
    // What intake owes: the requester's "received", the account manager's DM, the complaint's.
    if (recent(created)) owed.push(...this.intake(ctx, ticket));
    const keys = await this.outbox.enqueue(ctx, owed);
    // The survey of a resolution cut short once it was recorded as sent (its key is the cycle's).
    if (surveyOwed(ticket, replayFrom)) keys.push(...(await this.requester.survey(ctx, ticket)));
    return keys;
  }

  /**
   * A replay's "it is yours" DMs (`handedTo`) of earlier hand-overs, less those the ticket has
   * gone on from since (someone else holds it now, or it is no longer worked) and no request
   * wrote yet: left out as the outbox drops one held while it did (`holder`), and so is the
   * "no longer yours" that names one of them (`told`): its reader never heard it was theirs.
   */
  private async stillTheirs(
    ctx: Ctx,
    ticket: TicketRecord,
    events: { e: TicketEvent; seq: number }[],
    entries: NewOutboxEntry[],
  ): Promise<NewOutboxEntry[]> {
    const gone = events
      .filter(
        ({ e, seq }) =>
          seq < ticket.timeline.length &&
          (e.action === 'reassign' || e.action === 'escalate') &&
          !!e.assigneeId &&
          (e.assigneeId !== ticket.assigneeId || !OPEN_STATUSES.includes(ticket.status)),
      )
      .map(({ seq }) => assignedKey(ticket.id, seq));
    if (!gone.length) return entries;
    const written = new Set((await this.outbox.byKeys(ctx.teamId, gone)).map((e) => e.key));
    const dropped = new Set(gone.filter((key) => !written.has(key)));
    return entries.filter((entry) => {
      const told = (entry.data as Partial<OutboxData['message']> | undefined)?.told;
      return !dropped.has(entry.key) && !(typeof told === 'string' && dropped.has(told));
    });
  }

  /** The notices of a ticket's intake beyond its card and thread. */
  private intake(ctx: Ctx, ticket: TicketRecord): NewOutboxEntry[] {
    const entries = this.requester.received(ctx, ticket);
    // Recorded as told at intake when the account manager filed it themselves (not a complaint,
    // whose DM hands them the contact task): no "new ticket for your customer" about their own.
    // A ticket Classify… made a complaint was not one at intake: its complaint notices are the
    // classify's (`classified`), not intake's again.
    const complaint = !!ticket.complaint && !madeComplaintLater(ticket);
    // As it was at intake: a replay after a Classify… raised it (critical since) neither pages
    // nor words intake's notices as the raise's own do (theirs, under their urgency's keys).
    const received = atUrgency(ticket, urgencyAt(ticket, 0));
    if (!ticket.accountManagerNotified)
      entries.push(
        this.accountManager(received, `ticket:${ticket.id}:account-manager`, true, complaint),
      );
    if (complaint) entries.push(...this.complaint(ctx, received, `ticket:${ticket.id}:complaint`));
    return entries;
  }

  /**
   * The account manager's DM of a new ticket (a `complaint`'s hands them the contact task). Quiet
   * hours hold the DM of all but an urgent ticket. `told`: recorded as told once sent (intake's).
   */
  private accountManager(
    ticket: TicketRecord,
    key: string,
    told: boolean,
    complaint: boolean,
    tail: NoticeLine[] = [],
  ): NewOutboxEntry {
    const notice = accountManagerNotice(
      ticket,
      complaint ? complaintContactTaskId(ticket) : undefined,
    );
    return {
      key,
      kind: 'message',
      to: ticket.accountManagerId,
      data: {
        // Written with the ticket, before its card: rendered as it goes out, its number
        // linked to the card by then (a complaint's with the contact task assigned to them).
        notice: withTail(notice, tail),
        ...(told ? { after: { accountManagerTold: ticket.id } } : {}),
      } satisfies OutboxData['message'],
      quiet: ticket.severity !== 'urgent',
    };
  }

  /**
   * A complaint at intake: the account manager's managers are told (every manager when nobody
   * is linked to them in /desk roles; a repeat complaint says so), and a critical one pages the
   * escalation channel (else the alerts one, else triage: escalationChannel) at any hour (quiet
   * hours do not hold it). Keys: `prefix`:manager:…, :page.
   */
  private complaint(
    ctx: Ctx,
    ticket: TicketRecord,
    prefix: string,
    tail: NoticeLine[] = [],
  ): NewOutboxEntry[] {
    if (!ticket.complaint) return [];
    const critical = ticket.complaint.urgency === 'critical';
    // The owner's managers (for a guest owner, the guest's), not the account manager, who has
    // their own DM with the contact task.
    const managers = complaintManagers(ctx.settings, ticket);
    const entries: NewOutboxEntry[] = managers.map((manager) => ({
      key: `${prefix}:manager:${manager}`,
      kind: 'message',
      to: manager,
      // Written before the card, as the account manager's: rendered as they go out.
      data: {
        notice: withTail(complaintManagersNotice(ticket), tail),
      } satisfies OutboxData['message'],
      quiet: !critical,
    }));
    const channel = escalationChannel(ctx.settings);
    if (critical && channel)
      entries.push({
        key: `${prefix}:page`,
        kind: 'message',
        to: channel,
        data: {
          notice: withTail(complaintPageNotice(ticket), tail),
        } satisfies OutboxData['message'],
        quiet: false,
      });
    return entries;
  }

  /**
   * A classify that made the ticket a complaint or raised its urgency (`classified.raised`):
   * what intake tells of a complaint (the account manager's DM with the contact task, their
   * managers' DM, a critical one's page), once per urgency it reached (the keys name it), a line
   * saying who classified it.
   */
  private classified(
    ctx: Ctx,
    ticket: TicketRecord,
    event: TicketEvent,
    seq: number,
  ): NewOutboxEntry[] {
    const c = event.classified;
    if (event.action !== 'classify' || !c?.urgency || !ticket.complaint) return [];
    if (!c.raised) return this.urgencyChanged(ctx, ticket, event, seq);
    const prefix = `ticket:${ticket.id}:complaint:${c.urgency}`;
    const tail: NoticeLine[] = [{ key: 'complaint.classifiedBy', params: { user: event.by } }];
    // The urgency this classify gave, not the ticket's now (a replay after a later raise).
    const raised = atUrgency(ticket, c.urgency);
    return [
      this.accountManager(raised, `${prefix}:account-manager`, false, true, tail),
      ...this.complaint(ctx, raised, prefix, tail),
    ];
  }

  /**
   * A classify that changed a complaint's urgency without raising it past any it reached
   * (`classified.raised` unset): a lowered one (its contact and resolution targets moved later,
   * a critical one's breach page gone), or one raised back. The account manager and their
   * managers intake told hear it (old -> new urgency, who changed it, the due times now), keyed
   * on the event, but not whoever changed it; at any hour when either urgency is critical.
   */
  private urgencyChanged(
    ctx: Ctx,
    ticket: TicketRecord,
    event: TicketEvent,
    seq: number,
  ): NewOutboxEntry[] {
    const c = event.classified!;
    if (!c.was || !c.urgency || c.was === c.urgency || !ticket.complaint) return [];
    // The due times are the ticket's now (counted from the receipt): a replay after a later
    // classify changed the urgency again tells only that one's, which has them.
    const later = ticket.timeline
      .slice(seq)
      .some((e) => e.action === 'classify' && e.classified?.urgency !== c.urgency);
    if (later) return [];
    const notice = complaintUrgencyChangedNotice(ticket, c.was, event.by);
    const quiet = c.was !== 'critical' && c.urgency !== 'critical';
    const to = [ticket.accountManagerId, ...complaintManagers(ctx.settings, ticket)].filter(
      (u, i, all) => u !== event.by && all.indexOf(u) === i,
    );
    return to.map((user) => ({
      key: `ticket:${ticket.id}:complaint-urgency:${seq}:${user}`,
      kind: 'message',
      to: user,
      data: { notice } satisfies OutboxData['message'],
      quiet,
    }));
  }

  /**
   * A change: the card shown again, the event in the card's thread and an escalation in the
   * escalation channel. `seq`: the event's place in the thread, when it is not the ticket's
   * latest (announced after a later rewrite: PrivacyFlows.eraseUser). `pausedReply`: the
   * next-reply clock of a ticket waiting on the customer that still owes one (no due time is
   * stored while it stands still), read by the flow: the DM of whom it is handed to says it.
   */
  async changed(
    ctx: Ctx,
    ticket: TicketRecord,
    event: TicketEvent,
    seq = ticket.timeline.length,
    pausedReply?: SlaStatus,
  ): Promise<string[]> {
    return this.outbox.enqueue(ctx, [
      this.card(ctx, ticket),
      ...this.changeNotices(ctx, ticket, event, seq, pausedReply),
    ]);
  }

  /**
   * A change's notices (`changed`) but its card: for a ticket whose card must not be drawn yet
   * (a resume told while the erasure of its requester waits: PrivacyFlows.announceWhileWaiting;
   * the card, drawn at delivery from the ticket as stored, would show their words again).
   */
  async changedButCard(
    ctx: Ctx,
    ticket: TicketRecord,
    event: TicketEvent,
    seq = ticket.timeline.length,
  ): Promise<string[]> {
    return this.outbox.enqueue(ctx, this.changeNotices(ctx, ticket, event, seq));
  }

  private changeNotices(
    ctx: Ctx,
    ticket: TicketRecord,
    event: TicketEvent,
    seq: number,
    pausedReply?: SlaStatus,
  ): NewOutboxEntry[] {
    return [
      this.event(ctx, ticket, event, seq),
      ...(event.action === 'escalate' ? this.escalation(ctx, ticket, event, seq) : []),
      ...this.assigned(ctx, ticket, event, seq, pausedReply),
      ...this.keptNote(ctx, ticket, event, seq),
      ...this.classified(ctx, ticket, event, seq),
      ...this.requester.event(ctx, ticket, event, seq),
    ];
  }

  /**
   * The desk's note of an undescribed author's thread reply (`undescribedReply`, the events
   * inbox's last attempt; or what an erasure left of it: `erasedKeptReply`) on a resolved or closed ticket: it reopens nothing and nobody watches
   * that card's thread any more, so its assignee is told once by DM (held by quiet hours but for an
   * urgent ticket; not dropped for the ticket no longer being worked: it is not), or, with none,
   * the triage channel as it is now (a top-level post, as its card goes there: not the channel the
   * card was posted in, which a move of the triage channel leaves unwatched). One notice a burst
   * of such replies (`keptNoteBurst`, KEPT_NOTE_BURST_MS), keyed by its first: written again by
   * a later reply of it or by the notices repair (`announce`) under the same key, never twice;
   * sent not before the burst's window ends (KEPT_NOTE_BURST_MS after its first reply), counting
   * every reply of it as it goes out (a safe default: a reply within the window after a notice
   * sent at once would be told nowhere, and a DM per reply is what bursts avoid).
   */
  private keptNote(
    ctx: Ctx,
    ticket: TicketRecord,
    event: TicketEvent,
    seq: number,
  ): NewOutboxEntry[] {
    if (event.action !== 'note') return [];
    // Not once the ticket is open again (a replay after a reopen): the notice says it is resolved
    // and the reply reopened nothing, and the outbox drops one held across a reopen alike; the
    // reply's own line is in the thread before the reopen's, and whom it went back to was told.
    if (ticket.status !== 'resolved' && ticket.status !== 'closed') return [];
    // One notice a burst (`keptNoteBurst`), keyed by its first reply: a later reply of it writes
    // that key again, a no-op; the notice, still unsent, counts them as it goes out. A reply
    // whose writer was erased since (`erasedKeptReply`) is one too: the notices repair's replay
    // of a lone one (its notice's write cut, its writer erased before the repair) writes the
    // notice an unsent one would have become, naming nobody, not none.
    const burst = keptNoteBurst(ticket.timeline, seq, ticket.keptNoteTold);
    const first = burst && ticket.timeline[burst.lead - 1];
    if (!burst || !first) return [];
    const assignee =
      ticket.assigneeId && ticket.assigneeId !== SYSTEM_ACTOR ? ticket.assigneeId : undefined;
    return [
      {
        key: `ticket:${ticket.id}:keptNote:${burst.lead}`,
        kind: 'message',
        to: assignee ?? ctx.settings.channels.triage ?? ticket.card.channel ?? 'triage',
        data: {
          message: keptNoteNotice(ctx.t, ticket, first, burst.count),
          keptNote: { ticketId: ticket.id, seq: burst.lead },
        } satisfies OutboxData['message'],
        ...(assignee ? { quiet: ticket.severity !== 'urgent' } : {}),
        // At the burst's end, so that it tells every reply of it (one sent at its first reply
        // left the later ones of its window told nowhere).
        notBefore: new Date(new Date(first.at).getTime() + KEPT_NOTE_BURST_MS),
      },
    ];
  }

  /**
   * Tickets the desk closed once their reopen window was over (the `tickets-close` job): each
   * card shown again and the close's line in its thread ("the days to reopen it are over: the
   * desk closed it"), behind every other message due (`bulk`: a run may close hundreds), under
   * the keys a change's notices use (the card's, the event's by its place in the thread), so a
   * repair or a second run writes nothing twice. Nobody else is told (the requester was told of
   * the days with the resolution).
   */
  async closedByDesk(ctx: Ctx, tickets: TicketRecord[]): Promise<string[]> {
    return this.outbox.enqueue(
      ctx,
      tickets.flatMap((t) => {
        const i = t.timeline.findLastIndex((e) => e.action === 'close');
        const card = { ...this.card(ctx, t), bulk: true };
        if (i < 0) return [card];
        return [card, { ...this.event(ctx, t, t.timeline[i]!, i + 1), bulk: true }];
      }),
    );
  }

  /**
   * The edits of the tickets' posts in Slack once retention or an erasure took their words: every
   * post the outbox recorded (TicketPost: their card's thread lines, the SLA alerts in that
   * thread, their assignees' DMs, their escalation posts, the SLA lists and DMs with a line about
   * them, the account manager's and other notices naming them), of the tickets that read `[erased]` somewhere (nothing taken,
   * nothing to edit), one `message.edit` each on the outbox's edits lane (OutboxDoc.trail: at the
   * cards' pace, after every other message due and the bulk redraws; an erasure's, `opts.erasure`,
   * before retention's), drawn from the ticket as stored when it goes out. Keyed by the post and
   * the ticket's version: written again (a rerun, another instance), nothing new is; rewritten
   * since (its version bumped), the posts are edited again. An SLA list or DM, by its message
   * alone (`listEditKey`): edited once, however many of its tickets are taken; a DM about one of
   * their tasks likewise (`taskEditKey`, as retention's of the task). Posts made before the desk recorded
   * them are not known, and not edited. Returns the keys written.
   */
  async postEdits(
    ctx: Pick<Ctx, 'teamId' | 'now' | 'settings' | 't'>,
    tickets: readonly TicketRecord[],
    notBefore?: Date,
    /** An erasure's (a data subject's request): first on the edits lane (NewOutboxEntry.erasure). */
    opts: { erasure?: boolean } = {},
  ): Promise<string[]> {
    const taken = tickets.filter((t) => JSON.stringify(t).includes(ERASED));
    if (!taken.length) return [];
    const version = new Map(taken.map((t) => [t.id, t.version]));
    const posts = await this.outbox.postsOf(
      ctx,
      taken.map((t) => t.id),
    );
    if (!posts.length) return [];
    // A target's merge line whose duplicate is taken too (mergeLineEdits writes its edit): the
    // one edit, drawn from the duplicate under mergeLineEdits' key, so the line is edited once.
    const byNumber = new Map(taken.map((t) => [t.number, t]));
    const duplicateOf = (post: TicketPost): TicketRecord | undefined => {
      if (post.kind !== 'line' || !post.seq) return undefined;
      const target = taken.find((t) => t.id === post.ticketId);
      const from = target?.timeline[post.seq - 1]?.mergedFrom;
      return from ? byNumber.get(from) : undefined;
    };
    // A list's message is one post however many of its tickets are taken: edited once. A DM
    // about a task (a day's reminders are one DM for several tasks, each recorded), a fixed line:
    // keyed by the message alone, as retention's of the task (TaskNotifier.postEdits), so the
    // DM is edited once, whichever writes it first.
    const keyed = new Map(
      posts.map((post) => {
        const duplicate = duplicateOf(post);
        return [
          post.kind === 'alerts'
            ? listEditKey(post)
            : post.kind === 'task'
              ? taskEditKey(post)
              : duplicate
                ? postEditKey({ ticketId: duplicate.id, key: post.key }, duplicate.version)
                : postEditKey(post, version.get(post.ticketId) ?? 0),
          { post, duplicate },
        ] as const;
      }),
    );
    return this.outbox.enqueue(
      ctx,
      [...keyed].map(([key, { post, duplicate }]) =>
        editEntry(key, post, { mergedFrom: duplicate?.id, notBefore, erasure: opts.erasure }),
      ),
    );
  }

  /**
   * The edits of the merge lines in other tickets' threads once retention or an erasure took a
   * duplicate's words: a merge posts in its target's thread a line naming who asked for the
   * duplicate and quoting what they wrote (`namedMergeNote`), recorded as one of the target's
   * posts, which the target's own edits (`postEdits`) never reach, the target not rewritten.
   * For each duplicate of `merged` that reads `[erased]` somewhere, with its target as read now
   * (any customer's): the recorded post of the target's note of it, one `message.edit` on the
   * edits lane (as postEdits') drawn from the duplicate as stored when it goes out. Keyed by the duplicate, its
   * version and the post: written again (a rerun, another instance), nothing new is; the
   * duplicate rewritten since, the line is edited again. Returns the keys written.
   */
  async mergeLineEdits(
    ctx: Pick<Ctx, 'teamId' | 'now' | 'settings' | 't'>,
    merged: readonly { duplicate: TicketRecord; target: TicketRecord }[],
    notBefore?: Date,
    /** An erasure's: first on the edits lane, as postEdits'. */
    opts: { erasure?: boolean } = {},
  ): Promise<string[]> {
    const lines = merged.flatMap(({ duplicate, target }) => {
      if (!JSON.stringify(duplicate).includes(ERASED)) return [];
      const i = target.timeline.findIndex((e) => e.mergedFrom === duplicate.number);
      return i < 0 ? [] : [{ duplicate, key: `ticket:${target.id}:event:${i + 1}`, target }];
    });
    if (!lines.length) return [];
    const posts = await this.outbox.postsOf(ctx, [...new Set(lines.map((l) => l.target.id))]);
    return this.outbox.enqueue(
      ctx,
      lines.flatMap(({ duplicate, key }) => {
        const post = posts.find((p) => p.key === key);
        if (!post) return [];
        return [
          editEntry(postEditKey({ ticketId: duplicate.id, key }, duplicate.version), post, {
            mergedFrom: duplicate.id,
            notBefore,
            erasure: opts.erasure,
          }),
        ];
      }),
    );
  }

  /**
   * Cards shown again after changes announced elsewhere (the sweep's lists say them), due now
   * or, with `notBefore`, not before then (a backlog spread out); with `bulk`, behind every
   * other message due (a redraw of many cards: NewOutboxEntry.bulk).
   */
  async cards(
    ctx: Ctx,
    tickets: TicketRecord[],
    notBefore?: Date,
    opts: { bulk?: boolean } = {},
  ): Promise<string[]> {
    return this.outbox.enqueue(
      ctx,
      tickets.map((t) => ({
        ...this.card(ctx, t),
        ...(notBefore ? { notBefore } : {}),
        ...(opts.bulk ? { bulk: true } : {}),
      })),
    );
  }
}

/** Whether Classify… made the ticket a complaint (it was not one at intake). */
function madeComplaintLater(ticket: TicketRecord): boolean {
  return ticket.timeline.some(
    (e) => e.action === 'classify' && e.classified?.raised === 'complaint',
  );
}

/** A notice with lines added below its own. */
function withTail(notice: TicketNotice, tail: NoticeLine[]): TicketNotice {
  return tail.length ? { ...notice, tail: [...(notice.tail ?? []), ...tail] } : notice;
}

/**
 * The DM (`dm`) to whoever held the ticket once the event at `seq` was applied (`holderAt`: a
 * replay of an earlier one, `announce`, tells its holder then, not whoever holds the ticket now),
 * unless they did it (nobody: none), keyed `what` and `seq`. Quiet hours hold it, but for an
 * urgent ticket; not sent if the ticket is no longer theirs (`holder`).
 */
function toHolder(
  ctx: Ctx,
  ticket: TicketRecord,
  event: TicketEvent,
  seq: number,
  what: 'backToAssignee' | 'wroteToAssignee',
  dm: typeof backToAssigneeDm,
): NewOutboxEntry[] {
  const assignee = holderAt(ticket, seq);
  if (!assignee || assignee === event.by) return [];
  return [
    {
      key: `ticket:${ticket.id}:${what}:${seq}`,
      kind: 'message',
      to: assignee,
      data: {
        message: dm(ctx.t, ticket, event),
        holder: { ticketId: ticket.id },
      } satisfies OutboxData['message'],
      quiet: ticket.severity !== 'urgent',
    },
  ];
}

/**
 * Who held the ticket once the event at `seq` was applied (0: its creation, k: timeline[k - 1]):
 * the ticket's holder for its latest event; for an earlier one (a replay), as its timeline says.
 */
function holderAt(ticket: TicketRecord, seq: number): string | undefined {
  return seq >= ticket.timeline.length ? ticket.assigneeId : holderAfter(ticket.timeline, seq);
}

/**
 * A complaint's urgency once the event at `seq` was applied (0: its creation, k: timeline[k - 1]):
 * what the next Classify… after it found (`classified.was`); none after it (or one saved before
 * `was` was kept), the ticket's now. A replay (`announce`) words and pages by it.
 */
function urgencyAt(ticket: TicketRecord, seq: number): ComplaintUrgency | undefined {
  const next = ticket.timeline.slice(seq).find((e) => e.action === 'classify' && e.classified);
  return next?.classified?.was ?? ticket.complaint?.urgency;
}

/** The ticket with its complaint at `urgency` (its notices' words and whether they page). */
function atUrgency(ticket: TicketRecord, urgency: ComplaintUrgency | undefined): TicketRecord {
  return ticket.complaint && urgency
    ? { ...ticket, complaint: { ...ticket.complaint, urgency } }
    : ticket;
}
