import type { WebClient } from '@slack/web-api';
import { translator, type Translate } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import { calendarFromSettings } from '../sla/business-time.js';
import { ChannelPacer } from '../slack/pacer.js';
import { localDateTime } from '../time.js';
import { clip, context, escapeMrkdwn, markdown } from '../ui/blocks.js';
import type { WorkspaceService } from '../workspace/service.js';
import { alertPlan, isBreach, type AlertKind } from './alerts.js';
import type { TicketFlows } from './flows.js';
import type { TicketRecord, TicketRepository } from './repository.js';
import { SYSTEM_ACTOR, type TicketService } from './service.js';

interface Alert {
  ticket: TicketRecord;
  kind: AlertKind;
}

const SEVERITY_RANK = { urgent: 0, important: 1, general: 2 } as const;
/** Most urgent first: breaches before warnings, then severity, then how long it has been due. */
function byUrgency(a: Alert, b: Alert): number {
  return (
    Number(isBreach(b.kind)) - Number(isBreach(a.kind)) ||
    SEVERITY_RANK[a.ticket.severity] - SEVERITY_RANK[b.ticket.severity] ||
    a.ticket.receivedAt.getTime() - b.ticket.receivedAt.getTime()
  );
}

const LIST_MAX = 20;

/**
 * The SLA sweep of one workspace: every ticket whose next alert time has come is checked on the
 * business-time clock; each crossed threshold is claimed on the ticket (so overlapping sweeps and
 * racing instances never send it twice), breaches escalate automatically, and what went out is
 * batched: one message per alerts channel listing the tickets most urgent first, a reply in each
 * ticket's thread and a DM to whoever owns it, at most one post a second per channel.
 */
export class SlaAlerts {
  constructor(
    private readonly deps: {
      client: WebClient;
      tickets: TicketService;
      repo: TicketRepository;
      workspaces: WorkspaceService;
      flows: TicketFlows;
      sleep: (ms: number) => Promise<void>;
      /** Milliseconds, for pacing: real time in production, virtual in tests. */
      clockMs: () => number;
    },
  ) {}

  async sweep(
    teamId: string,
    now: Date,
    log: Logger,
    limit = 1000,
  ): Promise<Record<string, number>> {
    const settings = await this.deps.workspaces.settings(teamId);
    const t = translator(settings.locale);
    const officeHours = calendarFromSettings(settings);
    const sent: Alert[] = [];
    let escalations = 0;
    const due = await this.deps.repo.alertsDue(teamId, now, limit);
    for (const ticket of due) {
      try {
        const plan = alertPlan(
          ticket,
          settings,
          this.deps.tickets.calendar(settings, ticket),
          officeHours,
          now,
        );
        let escalatedNow = false;
        for (const kind of plan.due) {
          if (!(await this.deps.repo.markAlert(teamId, ticket.id, kind, now))) continue;
          // A warning crossed together with its breach is recorded but not announced.
          if (kind === 'responseWarn' && plan.due.includes('responseBreach')) continue;
          if (kind === 'resolutionWarn' && plan.due.includes('resolutionBreach')) continue;
          // After a breach its warning would be noise: it is recorded as done.
          if (kind === 'responseBreach')
            await this.deps.repo.markAlert(teamId, ticket.id, 'responseWarn', now);
          if (kind === 'resolutionBreach')
            await this.deps.repo.markAlert(teamId, ticket.id, 'resolutionWarn', now);
          if (kind === 'escalateL2' || kind === 'escalateL3') {
            const { ticket: escalated } = await this.deps.tickets.act(
              teamId,
              ticket.number,
              {
                action: 'escalate',
                reason: t('alert.autoEscalateReason'),
                fromLevel: ticket.level,
                ...(kind === 'escalateL2'
                  ? { expertId: ticket.assigneeId ?? ticket.accountManagerId }
                  : {}),
              },
              SYSTEM_ACTOR,
              now,
            );
            // The sweep's own list, thread reply and DM announce it, paced; the card just updates.
            await this.deps.flows.refreshCard(escalated, now);
            escalations++;
            escalatedNow = true;
          }
          sent.push({ ticket, kind });
        }
        // An escalation rescheduled the ticket already (its new level has new thresholds).
        if (!escalatedNow) await this.deps.repo.setNextAlert(teamId, ticket.id, plan.nextAt);
      } catch (err) {
        log.error({ err, ticket: ticket.number }, 'SLA check of a ticket failed');
      }
    }
    const messages = await this.announce(
      t,
      settings.timeZone,
      settings.channels.alerts ?? settings.channels.triage,
      sent,
      log,
    );
    return {
      checked: due.length,
      warnings: sent.filter((a) => !isBreach(a.kind)).length,
      breaches: sent.filter((a) => a.kind === 'responseBreach' || a.kind === 'resolutionBreach')
        .length,
      escalations,
      messages,
    };
  }

  private line(t: Translate, alert: Alert, timeZone: string): string {
    const k = alert.ticket;
    return t(`alert.${alert.kind}`, {
      number: k.number,
      title: escapeMrkdwn(clip(k.title, 80)),
      customer: escapeMrkdwn(clip(k.customerName, 40)),
      severity: t(`ticket.severity.${k.severity}`),
      received: localDateTime(k.receivedAt, timeZone),
    });
  }

  /** One list per channel, then each ticket's thread and owner, paced per channel. */
  private async announce(
    t: Translate,
    timeZone: string,
    channel: string | undefined,
    alerts: Alert[],
    log: Logger,
  ) {
    if (!alerts.length) return 0;
    const pacer = new ChannelPacer(this.deps.sleep, this.deps.clockMs);
    const sorted = [...alerts].sort(byUrgency);
    let messages = 0;
    const post = async (target: string, args: Record<string, unknown>) => {
      await pacer.before(target);
      try {
        await this.deps.client.chat.postMessage({ channel: target, ...args } as never);
        messages++;
      } catch (err) {
        log.warn({ err, channel: target }, 'SLA alert post failed');
      }
    };
    if (channel) {
      const heading = t('alert.header', { count: sorted.length });
      const lines = sorted.slice(0, LIST_MAX).map((a) => this.line(t, a, timeZone));
      const blocks = [markdown(`*${heading}*`), markdown(clip(lines.join('\n'), 3000))];
      if (sorted.length > LIST_MAX)
        blocks.push(context(t('alert.more', { count: sorted.length - LIST_MAX })));
      await post(channel, { text: heading, blocks });
    }
    // One thread reply and one DM per ticket, with all of its alerts.
    const perTicket = new Map<string, Alert[]>();
    for (const alert of sorted) {
      perTicket.set(alert.ticket.id, [...(perTicket.get(alert.ticket.id) ?? []), alert]);
    }
    for (const group of perTicket.values()) {
      const text = group.map((a) => this.line(t, a, timeZone)).join('\n');
      const { card, assigneeId, accountManagerId } = group[0]!.ticket;
      if (!card.pending && card.channel && card.ts) {
        await post(card.channel, { thread_ts: card.ts, text });
      }
      await post(assigneeId ?? accountManagerId, { text });
    }
    return messages;
  }
}
