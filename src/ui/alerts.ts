import type { Translate } from '../i18n/index.js';
import { maskFreeText } from '../privacy/free-text.js';
import { isBreach, type SlaAlert } from '../ticket/types.js';
import { localDateTime } from '../time.js';
import { listMessage, type Message } from './blocks.js';
import { ticketLink } from './ticket.js';
import { clip, clipMrkdwn, join, keep, slackTime, type Mrkdwn } from './text.js';

/** Alerts listed in one message; the rest are counted ("and N more"). */
const LIST_MAX = 20;

/** One alert line at most: ten lines and their breaks fit a section's 3000 characters. */
const LINE_MAX = 295;

const SEVERITY_RANK = { urgent: 0, important: 1, general: 2 } as const;

/** Most urgent first: breaches before warnings, then severity, then the oldest ticket. */
export function byUrgency(a: SlaAlert, b: SlaAlert): number {
  return (
    Number(isBreach(b.kind)) - Number(isBreach(a.kind)) ||
    SEVERITY_RANK[a.ticket.severity] - SEVERITY_RANK[b.ticket.severity] ||
    a.ticket.receivedAt.getTime() - b.ticket.receivedAt.getTime()
  );
}

/** The due time a warning is about (a warning says by when, not only "soon"). */
function warnedDue(alert: SlaAlert): Date | undefined {
  if (alert.kind === 'responseWarn') return alert.ticket.responseDueAt;
  if (alert.kind === 'resolutionWarn') return alert.ticket.resolutionDueAt;
  return undefined;
}

/**
 * One alert in one line: what happened to which ticket of which customer, and for a warning the
 * due time (a Slack date token: each reader's own time). Title and customer are cut so the due
 * time, last on the line, is never what the line's cut drops.
 */
export function alertLine(t: Translate, alert: SlaAlert, timeZone: string): Mrkdwn {
  const k = alert.ticket;
  const due = warnedDue(alert);
  return t(`alert.${alert.kind}`, {
    number: keep(ticketLink(k)),
    title: clip(maskFreeText(k.title), due ? 56 : 80),
    customer: clip(k.customerName, due ? 30 : 40),
    severity: keep(t(`ticket.severity.${k.severity}`)),
    received: localDateTime(k.receivedAt, timeZone),
    hasDue: due ? 'yes' : 'no',
    due: due ? keep(slackTime(due, timeZone)) : '',
  });
}

/** A list of alerts: at most LIST_MAX lines in sections of ten, then "and N more". */
export function alertList(
  t: Translate,
  timeZone: string,
  heading: Mrkdwn,
  alerts: SlaAlert[],
): Message {
  const shown = alerts
    .slice(0, LIST_MAX)
    .map((a) => clipMrkdwn(alertLine(t, a, timeZone), LINE_MAX));
  const hidden = alerts.length - shown.length;
  return listMessage(heading, shown, hidden ? t('alert.more', { count: hidden }) : undefined);
}

/** The reply in a ticket's thread: its alerts of this sweep, one a line. */
export function alertThreadText(t: Translate, timeZone: string, alerts: SlaAlert[]): Mrkdwn {
  return clipMrkdwn(
    join(
      alerts.map((a) => alertLine(t, a, timeZone)),
      '\n',
    ),
    3000,
  );
}
