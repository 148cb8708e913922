import type { Translate } from '../i18n/index.js';
import { maskFreeText } from '../privacy/free-text.js';
import { isBreach, type SlaAlert } from '../ticket/types.js';
import { localDateTime } from '../time.js';
import { listMessage, type Message } from './blocks.js';
import { ticketLink } from './ticket.js';
import { clip, clipMrkdwn, join, keep, type Mrkdwn } from './text.js';

/** Alerts listed in one message; the rest are counted ("and N more"). */
const LIST_MAX = 20;

const SEVERITY_RANK = { urgent: 0, important: 1, general: 2 } as const;

/** Most urgent first: breaches before warnings, then severity, then the oldest ticket. */
export function byUrgency(a: SlaAlert, b: SlaAlert): number {
  return (
    Number(isBreach(b.kind)) - Number(isBreach(a.kind)) ||
    SEVERITY_RANK[a.ticket.severity] - SEVERITY_RANK[b.ticket.severity] ||
    a.ticket.receivedAt.getTime() - b.ticket.receivedAt.getTime()
  );
}

/** One alert in one line: what happened to which ticket of which customer. */
export function alertLine(t: Translate, alert: SlaAlert, timeZone: string): Mrkdwn {
  const k = alert.ticket;
  return t(`alert.${alert.kind}`, {
    number: keep(ticketLink(k)),
    title: clip(maskFreeText(k.title), 80),
    customer: clip(k.customerName, 40),
    severity: keep(t(`ticket.severity.${k.severity}`)),
    received: localDateTime(k.receivedAt, timeZone),
  });
}

/** A list of alerts: at most LIST_MAX lines in sections of ten, then "and N more". */
export function alertList(
  t: Translate,
  timeZone: string,
  heading: Mrkdwn,
  alerts: SlaAlert[],
): Message {
  const shown = alerts.slice(0, LIST_MAX).map((a) => clipMrkdwn(alertLine(t, a, timeZone), 200));
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
