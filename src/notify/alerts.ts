import type { Ctx } from '../context.js';
import { groupBy } from '../group.js';
import type { SlaAlert } from '../ticket/types.js';
import { alertList, alertThreadText, byUrgency } from '../ui/alerts.js';
import { PacedPoster, type SlackOut } from './slack.js';

/**
 * What one SLA sweep says: one list to the alerts channel (else triage) most urgent first, the
 * automatic escalations also to the escalation channel, one reply in each ticket's thread and
 * one DM per owner with all of theirs, at most one post a second per channel. Returns how many
 * messages Slack took.
 */
export class AlertNotifier {
  constructor(private readonly out: SlackOut) {}

  async announce(ctx: Ctx, alerts: SlaAlert[]): Promise<number> {
    if (!alerts.length) return 0;
    const { t, settings } = ctx;
    const tz = settings.timeZone;
    const poster = new PacedPoster(this.out, ctx.log);
    const sorted = [...alerts].sort(byUrgency);
    const what = 'SLA alert post';
    const channel = settings.channels.alerts ?? settings.channels.triage;
    if (channel) {
      const heading = t('alert.header', { count: sorted.length });
      await poster.post(channel, alertList(t, tz, heading, sorted), what);
    }
    const escalated = sorted.filter((a) => a.kind === 'escalateL2' || a.kind === 'escalateL3');
    if (settings.channels.escalation && escalated.length) {
      const heading = t('alert.escalationHeader', { count: escalated.length });
      await poster.post(settings.channels.escalation, alertList(t, tz, heading, escalated), what);
    }
    for (const items of groupBy(sorted, (a) => a.ticket.id).values()) {
      const { card } = items[0]!.ticket;
      if (card.pending || !card.channel || !card.ts) continue;
      await poster.post(
        card.channel,
        { thread_ts: card.ts, text: alertThreadText(t, tz, items) },
        what,
      );
    }
    for (const [owner, items] of groupBy(sorted, (a) => a.owner)) {
      const heading = t('alert.dmHeader', { count: items.length });
      await poster.post(owner, alertList(t, tz, heading, items), what);
    }
    return poster.sent;
  }
}
