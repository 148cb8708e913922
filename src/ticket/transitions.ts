/**
 * The ticket state machine (pure): what one action does to a ticket. Which actions a status
 * allows is the ALLOWED table (types.ts); `transition` returns the ticket as it will be and the
 * event that tells what happened, or throws the error the person who clicked is shown. No I/O:
 * the caller reads the ticket, applies the result if the ticket is still at the version read,
 * and stores the event on its timeline.
 */
import { SYSTEM_ACTOR } from '../context.js';
import { AppError, FieldErrors } from '../errors.js';
import { slaStatus, type BusinessCalendar, type Pause } from '../sla/business-time.js';
import { allows } from './rules.js';
import {
  deskNoteOnClosed,
  lateReopenOnClosed,
  lateReplyOnClosed,
  requesterErased,
  requesterInSlack,
  stateAllows,
  TOP_LEVEL,
  COMPLAINT_URGENCIES,
  type ActionParams,
  type ComplaintUrgency,
  type CustomerWrote,
  type Level,
  type TicketAction,
  type TicketEvent,
  type TicketRecord,
} from './types.js';

function closePauses(pauses: Pause[], now: Date): Pause[] {
  return pauses.map((p) => (p.to ? p : { from: p.from, to: now }));
}

/**
 * Throws the explanation of a click the ticket's state no longer allows. `actor` is who clicked:
 * a second Claim by the assignee (a double click) is told it is theirs, not "claimed by" them.
 */
export function assertAllowed(ticket: TicketRecord, action: TicketAction, actor?: string): void {
  if (stateAllows(ticket, action)) return;
  // Their data erased (by Slack user): nobody would answer, and nothing would reach them.
  if (action === 'wait' && allows(ticket.status, action) && requesterErased(ticket))
    throw new FieldErrors({ question: { key: 'ticket.wait.error.requesterErased' } });
  // The status allows it, the level does not: an escalation past L3, or past L2 for a customer
  // below the key line (no L3 for it: `topLevelOf`).
  if (allows(ticket.status, action))
    throw new AppError(
      'INVALID_INPUT',
      ticket.level >= TOP_LEVEL ? 'ticket.error.topLevel' : 'ticket.error.noL3',
      { number: ticket.number },
    );
  if (
    action === 'claim' &&
    ticket.assigneeId &&
    (ticket.status === 'assigned' || ticket.status === 'waiting')
  ) {
    if (actor !== undefined && ticket.assigneeId === actor)
      throw new AppError('INVALID_INPUT', 'ticket.error.alreadyYours', { number: ticket.number });
    // Escalated to them (by the desk on a breach, or a colleague), not claimed: said so.
    if (ticket.level > 1)
      throw new AppError('INVALID_INPUT', 'ticket.error.alreadyEscalated', {
        number: ticket.number,
        level: ticket.level,
        user: ticket.assigneeId,
      });
    throw new AppError('INVALID_INPUT', 'ticket.error.alreadyClaimed', {
      number: ticket.number,
      user: ticket.assigneeId,
    });
  }
  throw new AppError('INVALID_INPUT', `ticket.error.stale.${ticket.status}`, {
    number: ticket.number,
  });
}

/** The pauses as they stood at `when`: those begun by then, one still running then ending then. */
function pausesUntil(pauses: TicketRecord['pauses'], when: Date): TicketRecord['pauses'] {
  return pauses
    .filter((p) => p.from < when)
    .map((p) => (p.to && p.to <= when ? p : { from: p.from, to: when }));
}

/**
 * Stamps the first response on `next` at `at` (clamped to the ticket's receipt), timed on the
 * business calendar: the pauses that began before it count, cut at it; `by` gave it.
 */
export function respond(
  next: TicketRecord,
  t: TicketRecord,
  at: Date,
  cal: BusinessCalendar,
  by: string,
) {
  const when = at < t.receivedAt ? t.receivedAt : at;
  next.firstResponseAt = when;
  next.metrics = {
    ...next.metrics,
    ...firstResponseTimed(t, when, cal, t.sla.responseMinutes),
    firstResponseBy: by,
  };
}

/**
 * A first response given at `when`, timed from the ticket's receipt on the business calendar
 * (the pauses that began before it count, cut at it) and judged against `targetMinutes`:
 * `respond`'s, and Classify…'s again on the new targets.
 */
function firstResponseTimed(
  t: TicketRecord,
  when: Date,
  cal: BusinessCalendar,
  targetMinutes: number,
): { firstResponseMinutes: number; responseBreached: boolean } {
  const response = slaStatus(cal, {
    receivedAt: t.receivedAt,
    targetMinutes,
    pauses: pausesUntil(t.pauses, when),
    now: when,
  });
  return {
    firstResponseMinutes: Math.round(response.elapsedMinutes),
    responseBreached: response.breached,
  };
}

/** How many closed-out next replies a ticket keeps (`pastReplies`), the newest. */
export const PAST_REPLIES_KEPT = 8;

/**
 * `past` with `span` (a next reply owed that no longer is) first, the oldest beyond
 * PAST_REPLIES_KEPT dropped: a period's end spanned by an older one than those is judged by the
 * due times stored (README Limits).
 */
function closedOut(
  past: { from: Date; until: Date }[] | undefined,
  span: { from: Date; until: Date },
): { from: Date; until: Date }[] {
  return [span, ...(past ?? [])].slice(0, PAST_REPLIES_KEPT);
}

/**
 * An answer to the customer (what `respond` times as the first response, given after it): the
 * next reply they were owed (`replyFrom`), if any, is given at `at`, counted and timed on the
 * first-response target from their first unanswered message, not counting the time it waited
 * on them. Before the first response, it is the first response.
 */
export function answer(
  next: TicketRecord,
  t: TicketRecord,
  at: Date,
  cal: BusinessCalendar,
  by: string,
) {
  if (!t.firstResponseAt) return respond(next, t, at, cal, by);
  const from = t.replyFrom;
  // An answer dated before the customer's unanswered message (a response logged as of earlier, a
  // staff thread reply delivered late) does not answer it: the reply stays owed.
  if (!from || at < from) return;
  const reply = slaStatus(cal, {
    receivedAt: from,
    targetMinutes: t.sla.responseMinutes,
    pauses: pausesUntil(t.pauses, at),
    now: at,
  });
  next.metrics = {
    ...next.metrics,
    nextReplies: (next.metrics.nextReplies ?? 0) + 1,
    nextReplyBreaches: (next.metrics.nextReplyBreaches ?? 0) + (reply.breached ? 1 : 0),
  };
  delete next.replyFrom;
  // Owed until it was given (a response logged afterwards: as given then).
  next.pastReplies = closedOut(t.pastReplies, { from, until: at });
}

/**
 * The customer wrote on the ticket (a reply in its conversation, a follow-up, their answer that
 * resumed or reopened it) at `at`: after the first response, on a ticket open to the desk, a next
 * reply is owed from then, unless one is owed already (their first unanswered message counts).
 */
export function customerWrote(next: TicketRecord, t: TicketRecord, at: Date) {
  if (!t.firstResponseAt || t.replyFrom) return;
  // Recorded afterwards as of the desk's last answer or before it (the first response, or one
  // logged as given then): that answer answered it.
  if (at <= lastAnswerAt(t)) return;
  if (next.status !== 'new' && next.status !== 'assigned') return;
  next.replyFrom = at;
}

/**
 * When the desk last answered the customer: its first response, or a later answer as given (a
 * `response` logged afterwards says when, `answeredAt`; else it was given as it was recorded).
 */
export function lastAnswerAt(t: Pick<TicketRecord, 'firstResponseAt' | 'timeline'>): Date {
  let last = t.firstResponseAt ?? new Date(0);
  for (const e of t.timeline)
    if (e.action === 'response') {
      const given = e.answeredAt ?? e.at;
      if (given > last) last = given;
    }
  return last;
}

/**
 * A customer's reply sent before the ticket was resolved, noted after (Slack's retry, an inbox
 * redo): on time it resumed the ticket had it waited on them. The pause it was sent into, which
 * the resolve ended, ends when it was sent instead, and the resolution is timed again.
 */
function sentBeforeResolve(next: TicketRecord, t: TicketRecord, sent: Date, cal: BusinessCalendar) {
  const resolvedAt = t.resolvedAt;
  // Closed since (its close changed no pause): the same.
  if (t.status !== 'resolved' && t.status !== 'closed') return;
  if (!resolvedAt || sent >= resolvedAt || t.mergedInto) return;
  const i = t.pauses.findIndex((p) => p.from <= sent && p.to?.getTime() === resolvedAt.getTime());
  if (i < 0) return;
  next.pauses = t.pauses.map((p, j) => (j === i ? { from: p.from, to: sent } : p));
  const resolution = slaStatus(cal, {
    receivedAt: t.receivedAt,
    targetMinutes: t.sla.resolutionMinutes,
    pauses: next.pauses,
    now: resolvedAt,
  });
  next.metrics.resolutionMinutes = Math.round(resolution.elapsedMinutes);
  next.metrics.resolutionBreached = resolution.breached;
}

/**
 * A customer's reply sent before the ticket was resolved, noted after (Slack's retry, an inbox
 * redo): on time a next reply was owed from when it was sent, and the resolve gave it (a
 * person's resolve answers the customer: `answer`). Counted now as that next reply, timed from
 * when it was sent to the resolve, once: only when the resolve owed no other reply then (it
 * answered that one: `answersLate`, stored on it), and not again for another such reply noted
 * since (the resolve answered them at once).
 */
function answeredByResolve(next: TicketRecord, t: TicketRecord, sent: Date, cal: BusinessCalendar) {
  const resolvedAt = t.resolvedAt;
  if (!resolvedAt || sent >= resolvedAt || t.mergedInto) return;
  if (t.status !== 'resolved' && t.status !== 'closed') return;
  if (!t.firstResponseAt) return;
  const answered = lastAnswerAt(t);
  if (sent <= answered) return;
  const i = t.timeline.findLastIndex((e) => e.action === 'resolve');
  if (i < 0 || !t.timeline[i]!.answersLate) return;
  const counted = t.timeline
    .slice(i + 1)
    .some((e) => e.said === 'reply' && e.sentAt && e.sentAt > answered && e.sentAt < resolvedAt);
  if (counted) return;
  const reply = slaStatus(cal, {
    receivedAt: sent,
    targetMinutes: t.sla.responseMinutes,
    pauses: pausesUntil(next.pauses, resolvedAt),
    now: resolvedAt,
  });
  next.metrics.nextReplies = (next.metrics.nextReplies ?? 0) + 1;
  next.metrics.nextReplyBreaches = (next.metrics.nextReplyBreaches ?? 0) + (reply.breached ? 1 : 0);
}

export interface Transition {
  /** The ticket after the action (version, timeline and bookkeeping untouched). */
  next: TicketRecord;
  event: TicketEvent;
}

/**
 * Applies one action to a ticket. `cal` is the ticket's business calendar: the first response
 * and the resolution are timed on it (for Classify…, the calendar of its new targets). The desk
 * acting on its own (SYSTEM_ACTOR, an automatic escalation) is nobody's response to the customer.
 */
export function transition(
  ticket: TicketRecord,
  params: ActionParams,
  actor: string,
  now: Date,
  cal: BusinessCalendar,
): Transition {
  // A reply sent before the resolve, noted once it is closed: the one note a closed ticket takes;
  // one sent after the resolve and before the close, handled after it: the reopen it made on time;
  // the desk's note of an undescribed author's reply in a channel unlinked since (`keptOnClosed`);
  // the desk's note naming the new ticket a reply in its thread opened (`followedOnClosed`).
  if (
    !lateReplyOnClosed(ticket, params) &&
    !lateReopenOnClosed(ticket, params) &&
    !(deskNoteOnClosed(ticket, params) && actor === SYSTEM_ACTOR)
  )
    assertAllowed(ticket, params.action, actor);
  const t = ticket;
  const next: TicketRecord = { ...t, metrics: { ...t.metrics }, pauses: [...t.pauses] };
  const event: TicketEvent = { action: params.action, by: actor, at: now };
  const elapsed = (targetMinutes: number, pauses: Pause[]) =>
    slaStatus(cal, { receivedAt: t.receivedAt, targetMinutes, pauses, now });

  // Recorded by staff for a customer outside Slack: how and when they wrote (not after now).
  const wrote = (p: { wrote?: CustomerWrote }): Date => {
    if (!p.wrote) return now;
    event.via = p.wrote.via;
    event.wroteAt = p.wrote.at < now ? p.wrote.at : now;
    return event.wroteAt;
  };
  // The customer's reply that resumed or reopened it: the same line tells what they said.
  const replied = (p: { reply?: string; source?: string; wrote?: CustomerWrote }, sent?: Date) => {
    if (p.reply) event.text = p.reply;
    if (p.source) event.source = p.source;
    if (p.reply) customerWrote(next, t, sent ?? wrote(p));
  };

  const assign = (userId: string) => {
    next.assigneeId = userId;
    if (t.status === 'new') next.status = 'assigned';
    event.assigneeId = userId;
    // A hand-over's notices say why an L3 is the account manager's by the owners it found.
    if (params.action === 'reassign' || params.action === 'escalate')
      event.owners = {
        accountManagerId: t.accountManagerId,
        ...(t.guestOwner ? { guestOwner: t.guestOwner } : {}),
      };
    if (actor === SYSTEM_ACTOR) return;
    next.firstAssigneeId ??= userId;
  };

  switch (params.action) {
    case 'claim':
      assign(actor);
      break;
    case 'reassign':
      // To whom holds it already: no hand-over (nobody told it is "now with" them, nothing
      // logged), refused on the field.
      if (t.assigneeId === params.to)
        throw new FieldErrors({
          assignee: { key: 'ticket.reassign.error.hasItAlready', params: { number: t.number } },
        });
      if (t.assigneeId) next.metrics.reassignments += 1;
      assign(params.to);
      // Its notices say the level it was handed over at, not one an escalation raised since.
      event.level = t.level;
      break;
    case 'escalate': {
      const level = (t.level + 1) as Level;
      const to = level === 2 ? params.expertId : t.accountManagerId;
      // A person escalating to L2 names the expert, or the desk picks one (`expertFor`); with no
      // expert nor manager to pick, the desk escalating on a breach raises the level only.
      if (!to && actor !== SYSTEM_ACTOR)
        throw new FieldErrors({ expert: { key: 'form.error.required' } });
      next.level = level;
      next.metrics.escalations += 1;
      if (to) assign(to);
      event.level = level;
      event.text = params.reason;
      break;
    }
    case 'wait':
      // (An erased requester's ticket is refused by assertAllowed: stateAllows.)
      if (params.question) event.text = params.question;
      else if (requesterInSlack(t))
        // The requester is told the ticket waits on them: without the question, they cannot act.
        throw new FieldErrors({ question: { key: 'form.error.required' } });
      // A question that reaches the requester in Slack is an answer to them: the first one stops
      // the first-response clock (asked by phone, it is logged with Log response instead).
      if (params.question && requesterInSlack(t) && actor !== SYSTEM_ACTOR)
        answer(next, t, now, cal, actor);
      next.status = 'waiting';
      next.pauses = [...t.pauses, { from: now }];
      break;
    case 'resume': {
      next.status = 'assigned';
      // Their answer recorded afterwards: the pause ends when they wrote, if it had begun then.
      // Their message in Slack handled late (a retry, a redo): when it was sent, not before the
      // pause began (a message crossing the question ends it at once); a reply is owed from
      // then, clamped the same way (not from before the question the pause began with).
      const sent =
        !params.wrote && params.sentAt && params.sentAt < now ? params.sentAt : undefined;
      const at = params.wrote ? wrote(params) : (sent ?? now);
      const end = (from: Date) => (sent ? (from < sent ? sent : from) : from < at ? at : now);
      next.pauses = t.pauses.map((p) => (p.to ? p : { from: p.from, to: end(p.from) }));
      if (sent) event.sentAt = sent;
      const began = t.pauses.reduce<Date | undefined>(
        (last, p) => (!p.to && (!last || p.from > last) ? p.from : last),
        undefined,
      );
      replied(params, sent && began && sent < began ? began : sent);
      if (params.said) event.said = params.said;
      if (params.writer && actor === SYSTEM_ACTOR) event.writer = params.writer;
      if (params.unshared && actor === SYSTEM_ACTOR) event.unshared = params.unshared;
      break;
    }
    case 'note':
      if (params.text || !params.mergedFrom) event.text = params.text;
      if (params.mergedFrom) event.mergedFrom = params.mergedFrom;
      if (params.followedBy && actor === SYSTEM_ACTOR) event.followedBy = params.followedBy;
      if (params.source) event.source = params.source;
      if (params.said) event.said = params.said;
      // The customer's own new words (not their edit of an earlier message): a reply is owed.
      // Sent before it is noted (handled late): when it was sent.
      if (params.sentAt && params.sentAt < now) event.sentAt = params.sentAt;
      if (params.said === 'reply' || params.said === 'followUp')
        customerWrote(next, t, event.sentAt ?? wrote(params));
      if (params.said === 'reply' && event.sentAt) {
        sentBeforeResolve(next, t, event.sentAt, cal);
        answeredByResolve(next, t, event.sentAt, cal);
      }
      // The desk's note of a colleague's words: who wrote, for their erasure and export.
      if (params.writer && actor === SYSTEM_ACTOR) event.writer = params.writer;
      break;
    case 'resolve': {
      if (t.complaint) {
        // A complaint is resolved only once the customer was contacted (manual B's first step:
        // the contact task's Customer contacted records it), unless the contact is owed no more
        // (its customer erased whole), and with its root cause and corrective action (#12).
        const waived = !t.complaint.contactedAt && params.contactWaived === true;
        const owed = !t.complaint.contactedAt && !waived;
        // Not reached after trying: a complaint manager or an admin may resolve it, saying why.
        const reason = params.uncontactedReason?.trim();
        const uncontacted =
          owed && !!t.complaint.attempts?.length && params.mayResolveUncontacted === true;
        if (owed && !uncontacted)
          throw new FieldErrors({ resolution: { key: 'ticket.resolve.error.notContacted' } });
        if (uncontacted && !reason)
          throw new FieldErrors({ uncontacted_reason: { key: 'form.error.required' } });
        const problems: ConstructorParameters<typeof FieldErrors>[0] = {};
        if (!params.rootCause) problems.root_cause = { key: 'form.error.required' };
        if (!params.correctiveAction?.trim())
          problems.corrective_action = { key: 'form.error.required' };
        if (Object.keys(problems).length) throw new FieldErrors(problems);
        next.complaint = {
          ...t.complaint,
          rootCause: params.rootCause!,
          correctiveAction: params.correctiveAction!.trim(),
          ...(params.rootCauseText?.trim() ? { rootCauseText: params.rootCauseText.trim() } : {}),
          ...(waived ? { contactWaived: 'erased' as const } : {}),
          ...(waived && params.contactWaivedAt ? { contactWaivedAt: params.contactWaivedAt } : {}),
          ...(uncontacted && reason ? { resolvedUncontacted: { by: actor, reason, at: now } } : {}),
        };
      }
      const pauses = closePauses(t.pauses, now);
      if (!t.assigneeId) assign(actor);
      // Resolving without any answer logged before: the resolution is the first answer the
      // requester gets (in Slack, the resolved notice tells them), so it is timed as one.
      if (actor !== SYSTEM_ACTOR) answer(next, t, now, cal, actor);
      // A person's answer after the first response that owed no next reply: a customer's reply
      // sent before it, noted after (handled late), is the next reply it gave (`answeredByResolve`).
      if (actor !== SYSTEM_ACTOR && t.firstResponseAt && !t.replyFrom) event.answersLate = true;
      // Nothing is owed on a resolved ticket (the desk's own resolve answers nothing).
      delete next.replyFrom;
      const resolution = elapsed(t.sla.resolutionMinutes, pauses);
      // First-contact resolution: resolved by the one who took it first, with no hand-over.
      next.status = 'resolved';
      next.pauses = pauses;
      next.resolvedAt = now;
      next.resolution = params.summary;
      // An upgrade intent heard: saved with the resolution, its hand-off owed (UpgradeFlows).
      if (params.upgradeWhat) {
        next.upgradeWhat = params.upgradeWhat;
        next.upgradeOwed = now;
      }
      next.metrics.resolutionMinutes = Math.round(resolution.elapsedMinutes);
      next.metrics.resolutionBreached = resolution.breached;
      next.metrics.firstContactResolution =
        actor === (t.firstAssigneeId ?? actor) &&
        t.metrics.escalations === 0 &&
        t.metrics.reassignments === 0 &&
        t.metrics.reopenCount === 0;
      event.text = params.summary;
      break;
    }
    case 'reopen': {
      // Its holder no longer works tickets: back to the queue, for whoever claims it.
      if (params.release && t.assigneeId) {
        event.released = t.assigneeId;
        delete next.assigneeId;
      }
      next.status = next.assigneeId ? 'assigned' : 'new';
      // Their message in Slack handled late (a retry, a redo): it reopens as of when it was
      // sent, not before it was resolved (as a resume's is: `resume`); a reply is owed from then.
      const sent =
        !params.wrote && params.sentAt && params.sentAt < now ? params.sentAt : undefined;
      const back = sent && t.resolvedAt && sent < t.resolvedAt ? t.resolvedAt : sent;
      if (sent) event.sentAt = sent;
      // The time it sat resolved is not the team's: it counts like waiting on the customer.
      next.pauses = t.resolvedAt
        ? [...t.pauses, { from: t.resolvedAt, to: back ?? now }]
        : t.pauses;
      next.metrics.reopenCount += 1;
      next.metrics.firstContactResolution = false;
      // The next replies so far were counted with the resolution that ended: the next one
      // counts those since (digest/figures.ts `nextReplyCounts`).
      next.metrics.nextRepliesCounted = t.metrics.nextReplies ?? 0;
      next.metrics.nextReplyBreachesCounted = t.metrics.nextReplyBreaches ?? 0;
      delete next.resolvedAt;
      delete next.resolution;
      // Closed since the reply was sent (`lateReopenOnClosed`): open again.
      delete next.closedAt;
      // The date a delay notice promised was for the work that ended: the card no longer shows
      // it, and the sweep drafts a delay notice again should the new target slip.
      delete next.promisedDate;
      delete next.promiseLapsedFor;
      delete next.metrics.resolutionMinutes;
      delete next.metrics.resolutionBreached;
      replied(params, back);
      // Not solved: the customer is owed an answer again, as after a message of theirs (the
      // requester's button, a revisit's "not solved", a reopen by staff): one reply breach per
      // reopen, alerted as any next reply's, so a reopened ticket is never left unwatched.
      if (!params.reply) customerWrote(next, t, back ?? now);
      if (params.revisit) event.revisit = true;
      if (params.writer && actor === SYSTEM_ACTOR) event.writer = params.writer;
      // Resolved without the contact, reopened: the customer is owed the contact again (its
      // task revived: TaskService.reviveContact), so the complaint no longer says it was given
      // up; who gave it up, why and when stay in the timeline, on this reopen.
      if (t.complaint?.resolvedUncontacted) {
        const { resolvedUncontacted, ...complaint } = t.complaint;
        next.complaint = complaint;
        event.resolvedUncontacted = resolvedUncontacted;
      }
      break;
    }
    case 'close':
      next.status = 'closed';
      next.closedAt = now;
      delete next.replyFrom;
      break;
    case 'merge':
      // Closed as a duplicate, never resolved: no resolution time, no first-contact resolution,
      // no survey nor follow-ups; its clocks stop with it (a closed ticket has no alerts due).
      next.status = 'closed';
      next.closedAt = now;
      next.pauses = closePauses(t.pauses, now);
      next.mergedInto = params.into;
      delete next.replyFrom;
      if (params.link) next.mergedIntoLink = params.link;
      event.into = params.into;
      if (params.note) event.text = params.note;
      break;
    case 'contact': {
      // The account manager's contact step of a complaint, recorded once (its task's Done).
      if (!t.complaint)
        throw new AppError('INVALID_INPUT', 'ticket.error.notComplaint', { number: t.number });
      if (t.complaint.contactedAt)
        throw new AppError('INVALID_INPUT', 'ticket.error.contactedAlready', {
          number: t.number,
          user: t.complaint.contactedBy ?? '',
        });
      // Tried, could not reach: an attempt, kept; the contact is still owed (its task stays open).
      if (params.outcome === 'notReached') {
        const attempt = { at: params.at, by: actor, via: params.via, summary: params.summary };
        next.complaint = { ...t.complaint, attempts: [...(t.complaint.attempts ?? []), attempt] };
        event.text = params.summary;
        event.notReached = true;
        break;
      }
      next.complaint = {
        ...t.complaint,
        contactedAt: params.at,
        contactedBy: actor,
        contactVia: params.via,
        contactSummary: params.summary,
      };
      // The customer was spoken to (a call, a visit, a message): the first response too, when
      // none was logged before, timed when the contact was made.
      if (actor !== SYSTEM_ACTOR) answer(next, t, params.at < now ? params.at : now, cal, actor);
      event.text = params.summary;
      break;
    }
    case 'plan': {
      // A demand's plan and dates (manual B); given again, it replaces the plan, and the target
      // stays met by the first.
      if (!t.demand)
        throw new AppError('INVALID_INPUT', 'ticket.error.notDemand', { number: t.number });
      next.demand = {
        ...t.demand,
        plannedAt: t.demand.plannedAt ?? now,
        plannedBy: actor,
        planSummary: params.summary,
        planDates: params.dates,
      };
      event.text = `${params.summary} · ${params.dates}`;
      break;
    }
    case 'classify': {
      // The targets the new type, severity and urgency make, counted from the receipt (the
      // service's, `TicketService.act`): the ticket is taken to have been so from the start.
      const rules = params.rules;
      if (!rules) throw new AppError('INVALID_INPUT', 'error.unreadable');
      // A complaint's steps are owed once it is one (the account manager's contact, the root
      // cause on Resolve, the complaint figures): its urgency and severity change, not its type.
      if (t.type === 'complaint' && params.type !== 'complaint')
        throw new FieldErrors({ type: { key: 'ticket.classify.error.complaintStays' } });
      const urgency = params.type === 'complaint' ? rules.complaint?.urgency : undefined;
      if (
        params.type === t.type &&
        rules.severity === t.severity &&
        urgency === (t.type === 'complaint' ? t.complaint?.urgency : undefined)
      )
        throw new FieldErrors({ type: { key: 'ticket.classify.error.unchanged' } });
      next.type = params.type;
      next.severity = rules.severity;
      next.sla = rules.sla;
      if (rules.complaint) next.complaint = rules.complaint;
      else delete next.complaint;
      if (rules.demand) next.demand = rules.demand;
      else delete next.demand;
      // A first response given already is timed and judged again as it should have been: on the
      // new targets' calendar (`cal`: a change to or from an urgent ticket counted around the
      // clock changes it), against the new target.
      if (t.firstResponseAt && next.metrics.firstResponseMinutes !== undefined)
        Object.assign(
          next.metrics,
          firstResponseTimed(t, t.firstResponseAt, cal, rules.sla.responseMinutes),
        );
      // Made a complaint, or its urgency raised above any it reached before (intake's, or one a
      // Classify… lowered since): intake's complaint notices are owed again, for this urgency
      // (NotifyTickets.classified). Lowered then raised back, nobody is told (or paged) twice.
      const was = t.type === 'complaint' ? t.complaint?.urgency : undefined;
      const top = urgencyReached(t);
      const raised = !urgency
        ? undefined
        : !was
          ? ('complaint' as const)
          : COMPLAINT_URGENCIES.indexOf(urgency) > COMPLAINT_URGENCIES.indexOf(top ?? was)
            ? ('urgency' as const)
            : undefined;
      event.classified = {
        type: params.type,
        severity: rules.severity,
        ...(urgency ? { urgency } : {}),
        ...(was ? { was } : {}),
        ...(raised ? { raised } : {}),
        responseMinutes: rules.sla.responseMinutes,
        // A demand's plan still owed, no longer owed (its thread says so).
        ...(t.demand && !t.demand.plannedAt && !rules.demand ? { planDropped: true } : {}),
      };
      break;
    }
  }
  // A next reply owed that is no longer (the ticket resolved or closed; one given: `answer` said
  // when): when it was owed and until when, so a period's end it spanned still finds it owed.
  if (t.replyFrom && !next.replyFrom && next.pastReplies === t.pastReplies)
    next.pastReplies = closedOut(t.pastReplies, { from: t.replyFrom, until: now });
  return { next, event };
}

/**
 * The highest complaint urgency a ticket has had: its urgency now, and each its classifies gave
 * or found (`classified.was`: intake's, before the first; classifies saved before it was
 * recorded tell only what they gave).
 */
function urgencyReached(t: TicketRecord): ComplaintUrgency | undefined {
  const seen = [
    t.type === 'complaint' ? t.complaint?.urgency : undefined,
    ...t.timeline.flatMap((e) =>
      e.action === 'classify' ? [e.classified?.urgency, e.classified?.was] : [],
    ),
  ].filter((u): u is ComplaintUrgency => !!u);
  return seen.sort((a, b) => COMPLAINT_URGENCIES.indexOf(b) - COMPLAINT_URGENCIES.indexOf(a))[0];
}
