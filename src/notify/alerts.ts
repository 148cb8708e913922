import type { Ctx } from '../context.js';
import type { OutboxService } from '../outbox/service.js';
import { cardKey, type NewOutboxEntry } from '../outbox/types.js';
import type { SlaAlert, TicketRecord } from '../ticket/types.js';
import { alertsChannel, complaintManagers, escalationChannel } from '../workspace/types.js';
import type { OutboxData } from './types.js';

/**
 * A sweep alerting more tickets than this is a burst: the lists and DMs say it all, and no
 * reply goes in each ticket's thread (a burst costs calls per channel and owner, not per ticket).
 */
export const THREAD_REPLIES_MAX = 10;

/** The ticket as an alert line needs it (not its timeline). */
function lean(ticket: TicketRecord): TicketRecord {
  return { ...ticket, timeline: [] };
}

/**
 * What an SLA sweep says, written to the outbox: one list to the alerts channel (else triage),
 * the automatic escalations also to the escalation channel (when one is set), one DM per owner with all of theirs
 * (an escalation also to whom it took the ticket from; each a group: the lines waiting for one place go out as one message, most urgent first), and
 * a reply in each ticket's thread unless the sweep is a burst. Each line is keyed by the ticket,
 * the alert and when it was marked, so a sweep repeated after a crash writes nothing twice.
 */
export class AlertNotifier {
  constructor(private readonly outbox: OutboxService) {}

  async announce(ctx: Ctx, alerts: (SlaAlert & { markedAt: Date })[]): Promise<string[]> {
    if (!alerts.length) return [];
    const { settings } = ctx;
    const channel = alertsChannel(settings);
    // The escalations' own list: the escalation channel, else where the alerts go, whose list
    // already has them (not posted twice there).
    const escalationTo = escalationChannel(settings);
    const entries: NewOutboxEntry[] = [];
    const threads = alerts.length <= THREAD_REPLIES_MAX;
    for (const { markedAt, ...a } of alerts) {
      const alert: SlaAlert = { ...a, ticket: lean(a.ticket) };
      const key = `sla:${a.ticket.id}:${a.kind}:${markedAt.getTime()}`;
      // Quiet hours hold all but an urgent ticket's alerts.
      const quiet = a.ticket.severity !== 'urgent';
      const line = (list: OutboxData['alert']['list']) =>
        ({ list, alert }) satisfies OutboxData['alert'];
      if (channel)
        entries.push({
          key: `${key}:list`,
          kind: 'alert',
          to: channel,
          group: `alerts:${channel}`,
          data: line('channel'),
          quiet,
        });
      const escalated = a.kind === 'escalateL2' || a.kind === 'escalateL3';
      if (escalated && escalationTo && escalationTo !== channel)
        entries.push({
          key: `${key}:escalation`,
          kind: 'alert',
          to: escalationTo,
          group: `alerts-escalation:${escalationTo}`,
          data: line('escalation'),
          quiet,
        });
      // A complaint's contact step or a demand's plan missed: the account manager's managers
      // are told too (every manager when nobody is linked to them in /desk roles); for a guest
      // owner, the guest's managers (the account manager stands in for the guest).
      if (a.kind === 'contactBreach' || a.kind === 'planBreach')
        for (const manager of complaintManagers(settings, a.ticket, a.owner))
          entries.push({
            key: `${key}:manager:${manager}`,
            kind: 'alert',
            to: manager,
            group: `alerts-dm:${manager}`,
            data: line('dm'),
            quiet,
          });
      // Whoever holds a complaint's contact task, when not its account manager: once, and not
      // again when they are among the managers told above.
      if (
        a.kind === 'contactBreach' &&
        a.executor &&
        !complaintManagers(settings, a.ticket, a.owner).includes(a.executor)
      )
        entries.push({
          key: `${key}:executor`,
          kind: 'alert',
          to: a.executor,
          group: `alerts-dm:${a.executor}`,
          data: line('dm'),
          quiet,
        });
      // The one an escalation took the ticket from is told who has it now.
      if (escalated && a.previous && a.previous !== a.owner)
        entries.push({
          key: `${key}:previous`,
          kind: 'alert',
          to: a.previous,
          group: `alerts-dm:${a.previous}`,
          data: line('dm'),
          quiet,
        });
      entries.push({
        key: `${key}:dm`,
        kind: 'alert',
        to: a.owner,
        group: `alerts-dm:${a.owner}`,
        data: line('dm'),
        quiet,
      });
      const { card } = a.ticket;
      if (threads && (card.ts || card.pending))
        entries.push({
          key: `${key}:thread`,
          kind: 'alert.thread',
          to: card.channel ?? channel ?? 'triage',
          group: `alert-thread:${a.ticket.id}:${markedAt.getTime()}`,
          thread: card.ts ? { ts: card.ts } : { parentKey: cardKey(a.ticket) },
          data: { alert } satisfies OutboxData['alert.thread'],
          quiet,
        });
    }
    return this.outbox.enqueue(ctx, entries);
  }
}
