import { SYSTEM_ACTOR } from '../context.js';
import type { Translate } from '../i18n/index.js';
import { maskFreeText } from '../privacy/free-text.js';
import { OPEN_STATUSES, isBreach, type SlaAlert, type TicketRecord } from '../ticket/types.js';
import { localDateTime } from '../time.js';
import { context, listMessage, listText, type Message } from './blocks.js';
import { ticketLink } from './ticket.js';
import { clip } from '../text/clip.js';
import { clipMrkdwn, join, keep, slackTime, type Mrkdwn } from './text.js';

/** Alerts listed in one message; the rest are counted ("and N more"). */
const LIST_MAX = 20;

/**
 * One alert line at most, and the lines of a section: seven lines and their breaks fit a
 * section's 3000 characters. A line holds the ticket's link (its permalink, over 120 characters
 * on a workspace with a long name), the cut title and customer, the due time's date token (about
 * 70) and, on a channel's list, who answers (WHO_MAX): none of them is what the cut drops.
 */
const LINE_MAX = 420;
const PER_SECTION = 7;

/** What a channel's line adds to say who answers for the ticket (` · handled by <@U…>`). */
const WHO_MAX = 50;

const SEVERITY_RANK = { urgent: 0, important: 1, general: 2 } as const;

/** Most urgent first: breaches before warnings, then severity, then the oldest ticket. */
export function byUrgency(a: SlaAlert, b: SlaAlert): number {
  return (
    Number(isBreach(b.kind)) - Number(isBreach(a.kind)) ||
    SEVERITY_RANK[a.ticket.severity] - SEVERITY_RANK[b.ticket.severity] ||
    a.ticket.receivedAt.getTime() - b.ticket.receivedAt.getTime()
  );
}

/** A warning's clock and the breach of that clock, which supersedes it. */
const BREACH_OF = { responseWarn: 'responseBreach', resolutionWarn: 'resolutionBreach' } as const;

/**
 * The alerts of one message that still say something: a warning goes when the message also
 * lists its ticket's breach of the same clock (lines written by several sweeps and held back
 * while Slack refused the channel go out together, and "due soon" under "overdue since" for the
 * same ticket and clock reads as if it were not yet late).
 */
export function unsuperseded(alerts: readonly SlaAlert[]): SlaAlert[] {
  const breached = new Set(alerts.map((a) => `${a.ticket.id}:${a.kind}`));
  return alerts.filter(
    (a) =>
      !(a.kind === 'responseWarn' || a.kind === 'resolutionWarn') ||
      !breached.has(`${a.ticket.id}:${BREACH_OF[a.kind]}`),
  );
}

/** A date as kept in an outbox entry (or read back as text), in epoch ms; null when absent. */
const instant = (d: Date | string | undefined): number | null =>
  d === undefined ? null : new Date(d).getTime();

/**
 * A held alert (written at `written`, delivered late) as its ticket stands now (`now`, read again):
 * undefined when it no longer applies (the ticket gone, resolved or closed, resolved or reopened
 * since it was written, or the clock it is about met: answered, the complaint's customer
 * contacted, the demand's plan given); else drawn from the ticket now, and when the ticket was
 * handed on since, saying who has it now (not whom the sweep left it with).
 */
export function asItStands(
  alert: SlaAlert,
  now: TicketRecord | undefined,
  written: Date,
): SlaAlert | undefined {
  if (!now || !OPEN_STATUSES.includes(now.status)) return undefined;
  if (
    now.timeline.some(
      (e) =>
        (e.action === 'resolve' || e.action === 'reopen') && e.at.getTime() >= written.getTime(),
    )
  )
    return undefined;
  switch (alert.kind) {
    case 'responseWarn':
    case 'responseBreach':
      if (now.firstResponseAt) return undefined;
      break;
    case 'contactBreach':
      if (now.complaint?.contactedAt) return undefined;
      break;
    case 'planBreach':
      if (now.demand?.plannedAt) return undefined;
      break;
    case 'replyBreach':
      // Answered since (or owed from a later message, told of in its own time).
      if (instant(now.replyFrom) !== instant(alert.ticket.replyFrom)) return undefined;
      break;
    default:
      break;
  }
  const ticket = { ...now, timeline: [] };
  // Who handled it as the list was written: the sweep's escalation's holder, its own owner, or
  // the assignee.
  const then = alert.holder ?? (isEscalation(alert) ? alert.owner : alert.ticket.assigneeId);
  if (!now.assigneeId || now.assigneeId === then) return { ...alert, ticket };
  const {
    holder: _holder,
    previous: _previous,
    noExperts: _noExperts,
    kept: _kept,
    ...rest
  } = alert;
  return { ...rest, ticket, ...(isEscalation(alert) ? { owner: now.assigneeId } : {}) };
}

/**
 * Whether a held DM line (to `reader`, written at `written`; its ticket read again, `now`) is
 * about a ticket that was the reader's then and that a person took from them since (Reassign,
 * Escalate by hand, a claim: the first hand-on after the line was written, by someone other
 * than the desk): not theirs to act on any more (the one it went to was told it is theirs), so
 * left out of the reader's DM. Kept when the desk's own escalation took it from them (what the
 * sweep's lines announce, naming who has it now), when nobody holds it now, and for a line the
 * reader did not get as its holder: the one an escalation took it from (`previous`), a
 * manager, an account manager's contact step or a ticket nobody held.
 */
export function handedOnByPerson(
  alert: SlaAlert,
  reader: string,
  now: Pick<TicketRecord, 'assigneeId' | 'timeline'>,
  written: Date,
): boolean {
  if (alert.kind === 'contactBreach' || alert.owner !== reader) return false;
  const then = alert.holder ?? (isEscalation(alert) ? alert.owner : alert.ticket.assigneeId);
  if (then !== reader || !now.assigneeId || now.assigneeId === reader) return false;
  const took = now.timeline.find(
    (e) => e.assigneeId && e.assigneeId !== reader && e.at.getTime() >= written.getTime(),
  );
  return !!took && took.by !== SYSTEM_ACTOR;
}

/**
 * The due time an alert is about: a warning says by when, a breach since when (not only "soon"
 * or "overdue"). An escalation says neither (its breach is on the line before it).
 */
function alertDue(alert: SlaAlert): Date | undefined {
  const k = alert.ticket;
  switch (alert.kind) {
    case 'responseWarn':
    case 'responseBreach':
      return k.responseDueAt;
    case 'resolutionWarn':
    case 'resolutionBreach':
      return k.resolutionDueAt;
    case 'contactBreach':
      return k.complaint?.contactDueAt;
    case 'planBreach':
      return k.demand?.planDueAt;
    case 'replyBreach':
      return k.replyDueAt;
    default:
      return undefined;
  }
}

/** Whether an alert is an automatic escalation's. */
function isEscalation(alert: SlaAlert): boolean {
  return alert.kind === 'escalateL2' || alert.kind === 'escalateL3';
}

/**
 * Whom the same sweep's escalation handed the ticket of another alert (its breach) to: that
 * line was written before it, about who held the ticket then.
 */
function handedTo(alert: SlaAlert): string | undefined {
  return isEscalation(alert) ? undefined : alert.holder;
}

/**
 * Who answers for an alerted ticket, as a channel reads it: its handler after the sweep (the
 * expert or account manager an escalation gave it to), or, for a ticket nobody has taken, the
 * account manager who is told; in a DM, `reader`'s own ticket says so without naming them, and
 * one the sweep's escalation took from them says whom it was handed over to.
 */
function responsible(t: Translate, alert: SlaAlert, reader?: string): Mrkdwn {
  const holder = handedTo(alert);
  if (holder) {
    if (reader === holder) return t('alert.who.you');
    if (reader && reader === alert.previous) return t('alert.who.handedOver', { user: holder });
    return t('alert.who.assignee', { user: holder });
  }
  if (!alert.owner) return t('alert.who.nobody');
  const none = unassigned(alert);
  // Who handles it: the one told, or the assignee when that is someone else (a complaint's
  // missed contact is told to the account manager, whoever works the ticket).
  const handler =
    none || isEscalation(alert) ? alert.owner : (alert.ticket.assigneeId ?? alert.owner);
  // A DM does not name its reader in the third person: theirs to follow, or theirs to handle.
  if (reader && (none ? alert.owner : handler) === reader)
    return t(none ? 'alert.who.unassignedYou' : 'alert.who.you');
  return t(none ? 'alert.who.unassigned' : 'alert.who.assignee', { user: handler });
}

/** Whether nobody took the alerted ticket (after the sweep: an escalation may have given it). */
function unassigned(alert: SlaAlert): boolean {
  if (handedTo(alert)) return false;
  return isEscalation(alert)
    ? alert.owner === alert.ticket.accountManagerId && !alert.ticket.assigneeId
    : !alert.ticket.assigneeId;
}

/** Whether the alerted ticket is `user`'s own (assigned to them, after the sweep). */
export function heldBy(alert: SlaAlert, user: string): boolean {
  if (isEscalation(alert)) return alert.owner === user && !unassigned(alert);
  const holder = handedTo(alert);
  return holder ? holder === user : alert.ticket.assigneeId === user;
}

/** Whom a line is for: a list read by the whole team (`who`), or one person's DM (`reader`). */
export interface AlertAudience {
  /** Each line says who answers for the ticket (a channel's list). */
  who?: boolean;
  /** The DM's reader: an escalation says whether the ticket is theirs now, or whose it is. */
  reader?: string;
}

/**
 * An automatic escalation as one person reads it in their DM: the one it handed the ticket to
 * reads that it is theirs now (and from whom), the one it took it from reads who has it and
 * what is left for them to do.
 */
function handoverLine(alert: SlaAlert, reader: string | undefined) {
  if (alert.kind !== 'escalateL2' && alert.kind !== 'escalateL3') return undefined;
  if (!reader || !alert.holder) return undefined;
  const level = alert.kind === 'escalateL2' ? 2 : 3;
  if (reader === alert.holder)
    return {
      key: 'alert.escalatedToYou',
      params: { level, hasFrom: alert.previous ? 'yes' : 'no', from: alert.previous ?? '' },
    } as const;
  if (reader === alert.previous)
    return { key: 'alert.escalatedAway', params: { level, user: alert.holder } } as const;
  return undefined;
}

/** Whether an alert is about a ticket an automatic escalation took from `reader`. */
function handedAway(alert: SlaAlert, reader: string): boolean {
  return (
    (alert.kind === 'escalateL2' || alert.kind === 'escalateL3') &&
    Boolean(alert.holder) &&
    alert.holder !== reader &&
    alert.previous === reader
  );
}

/**
 * An alert DM's heading, and whether its lines say who holds each ticket. "Your tickets" only
 * when every one is assigned to the reader; when every line is about a ticket an escalation took
 * from them (its breach, and who has it now), that they are no longer theirs (counting the
 * tickets); else (an unassigned ticket told to its account manager, a manager told of a missed
 * complaint contact, some handed over) that they are to follow, each line naming who holds it.
 */
export function alertDmHeading(
  t: Translate,
  alerts: SlaAlert[],
  reader: string,
): { heading: Mrkdwn; who: boolean } {
  const away = new Set(alerts.filter((a) => handedAway(a, reader)).map((a) => a.ticket.id));
  if (away.size && alerts.every((a) => away.has(a.ticket.id)))
    return { heading: t('alert.dmHeaderHandedOver', { count: away.size }), who: false };
  if (alerts.every((a) => heldBy(a, reader)))
    return { heading: t('alert.dmHeader', { count: alerts.length }), who: false };
  return { heading: t('alert.dmHeaderFollow', { count: alerts.length }), who: true };
}

/**
 * One alert in one line: what happened to which ticket of which customer, and for a warning or
 * a breach the due time (a Slack date token: each reader's own time); with `who` (a list read
 * by the whole team) also who answers for it, and in a DM an escalation says whose the ticket
 * is now (in place of who answers). Title and customer are cut so the due time and who answers, last on the line, are
 * never what the line's cut drops.
 */
export function alertLine(
  t: Translate,
  alert: SlaAlert,
  timeZone: string,
  audience: AlertAudience = {},
): Mrkdwn {
  return line(t, alert, timeZone, audience, alertDue(alert) !== undefined);
}

/**
 * `alertLine`, with its title and customer cut as a line with a due time cuts them (`dueCut`)
 * or as one without. A message cuts a ticket's title one way on all its lines (`dueCuts`): its
 * breach and its escalation do not show it cut short on one and whole on the next.
 */
function line(
  t: Translate,
  alert: SlaAlert,
  timeZone: string,
  { who = false, reader }: AlertAudience,
  dueCut: boolean,
): Mrkdwn {
  const k = alert.ticket;
  const due = alertDue(alert);
  const handover = handoverLine(alert, reader);
  // No expert was set: the manager it went to (and every list) reads why, and what to set; the
  // one who had it reads who has it now.
  const key =
    alert.noExperts && !(reader && reader === alert.previous)
      ? 'alert.escalateL2.noExperts'
      : alert.kept
        ? 'alert.escalateL2.kept'
        : alert.kind === 'contactBreach' && reader && reader === alert.owner
          ? // The account manager's own DM does not name them in the third person.
            'alert.contactBreachYou'
          : alert.kind === 'contactBreach' && reader && reader === alert.executor
            ? // Whoever holds the contact task (handed to them) reads that the step is theirs.
              'alert.contactBreachHolder'
            : alert.kind === 'replyBreach' && alert.reopened
              ? // Owed since a reopen, not a message: who reopened it, not "the customer wrote".
                'alert.replyBreachReopened'
              : (handover?.key ?? `alert.${alert.kind}`);
  const reopened = alert.kind === 'replyBreach' ? alert.reopened : undefined;
  const text = t(key, {
    ...handover?.params,
    ...(reopened ? { who: reopened.who, by: 'by' in reopened ? reopened.by : '' } : {}),
    number: keep(ticketLink(k)),
    title: clip(maskFreeText(k.title), dueCut ? (who ? 40 : 56) : 80),
    customer: clip(k.customerName, dueCut ? (who ? 24 : 30) : 40),
    severity: keep(t(`ticket.severity.${k.severity}`)),
    received: localDateTime(k.receivedAt, timeZone),
    hasDue: due ? 'yes' : 'no',
    due: due ? keep(slackTime(due, timeZone)) : '',
  });
  // An L3 escalation that went to a guest owner's stand-in says why it is theirs.
  const said =
    alert.kind === 'escalateL3' && alert.guestOwner
      ? join([text, t('alert.guestOwner', { user: alert.guestOwner })], ' ')
      : text;
  // Who answers comes whole after the line, which is cut first if it must be; an escalation that
  // tells its reader whose the ticket is now ("it is yours now", "<@…> has it now") says it once.
  return who && !handover
    ? join([clipMrkdwn(said, LINE_MAX - WHO_MAX), responsible(t, alert, reader)], ' · ')
    : said;
}

/** The tickets (by id) with a line in `alerts` that has a due time: cut so on every line. */
function dueCuts(alerts: readonly SlaAlert[]): (alert: SlaAlert) => boolean {
  const tight = new Set(alerts.filter((a) => alertDue(a) !== undefined).map((a) => a.ticket.id));
  return (alert) => tight.has(alert.ticket.id);
}

/**
 * A list of alerts: at most LIST_MAX lines in sections of seven, then "and N more". `who`: each
 * line says who answers for the ticket (a channel's list); `reader`: a DM's, the reader's own.
 */
export function alertList(
  t: Translate,
  timeZone: string,
  heading: Mrkdwn,
  alerts: SlaAlert[],
  audience: AlertAudience = {},
  /** Said under the heading (a held list: since when, and why). */
  note?: Mrkdwn,
): Message {
  const cut = dueCuts(alerts.slice(0, LIST_MAX));
  const shown = alerts
    .slice(0, LIST_MAX)
    .map((a) => clipMrkdwn(line(t, a, timeZone, audience, cut(a)), LINE_MAX));
  const hidden = alerts.length - shown.length;
  const more = hidden ? t('alert.more', { count: hidden }) : undefined;
  const message = listMessage(heading, shown, more, PER_SECTION);
  if (!note) return message;
  return {
    ...message,
    text: listText(heading, [note, ...shown], more),
    blocks: [message.blocks[0]!, context(note), ...message.blocks.slice(1)],
  };
}

/**
 * What a held list says under its heading: since when it was held, why when Slack refused its
 * channel (`refused`), and how many of its alerts no longer apply.
 */
export function heldNote(
  t: Translate,
  timeZone: string,
  since: Date,
  refused: string | undefined,
  dropped: number,
): Mrkdwn {
  return t('alert.held', {
    since: keep(slackTime(since, timeZone)),
    refused: refused ? 'yes' : 'no',
    error: refused ?? '',
    dropped,
  });
}

/** The reply in a ticket's thread: its alerts of this sweep, one a line. */
export function alertThreadText(t: Translate, timeZone: string, alerts: SlaAlert[]): Mrkdwn {
  const cut = dueCuts(alerts);
  return clipMrkdwn(
    join(
      alerts.map((a) => line(t, a, timeZone, {}, cut(a))),
      '\n',
    ),
    3000,
  );
}
