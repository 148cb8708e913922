import type { WebClient } from '@slack/web-api';
import { translator, type Translate } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import { calendarFromSettings } from '../sla/business-time.js';
import { ChannelPacer } from '../slack/pacer.js';
import { localDateTime } from '../time.js';
import { clip, escapeMrkdwn, listMessage, type Message } from '../ui/blocks.js';
import type { WorkspaceService } from '../workspace/service.js';
import { alertPlan, isBreach, type AlertKind } from './alerts.js';
import type { TicketFlows } from './flows.js';
import type { TicketRecord, TicketRepository } from './repository.js';
import { SYSTEM_ACTOR, type TicketService } from './service.js';

interface Alert {
  ticket: TicketRecord;
  kind: AlertKind;
  /** Who is told by DM: the ticket's owner after this sweep's changes. */
  owner: string;
}

const SEVERITY_RANK = { urgent: 0, important: 1, general: 2 } as const;
/** Most urgent first: breaches before warnings, then severity, then the oldest ticket. */
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
          let owner = ticket.assigneeId ?? ticket.accountManagerId;
          if (kind === 'escalateL2' || kind === 'escalateL3') {
            try {
              const { ticket: escalated } = await this.deps.tickets.act(
                teamId,
                ticket.number,
                {
                  action: 'escalate',
                  reason: t('alert.autoEscalateReason'),
                  fromLevel: ticket.level,
                },
                SYSTEM_ACTOR,
                now,
              );
              owner = escalated.assigneeId ?? escalated.accountManagerId;
              // The sweep's own list, thread reply and DM announce it, paced; the card just updates.
              await this.deps.flows.refreshCard(escalated, now);
            } catch (err) {
              // Not done, so not recorded: the next sweep tries again.
              await this.deps.repo.unmarkAlert(teamId, ticket.id, kind);
              throw err;
            }
            escalations++;
            escalatedNow = true;
          }
          sent.push({ ticket, kind, owner });
        }
        // An escalation rescheduled the ticket already (its new level has new thresholds).
        if (!escalatedNow) await this.deps.repo.setNextAlert(teamId, ticket.id, plan.nextAt);
      } catch (err) {
        // Looked at again in a quarter of an hour, so one bad ticket never blocks the others.
        await this.deps.repo
          .setNextAlert(teamId, ticket.id, new Date(now.getTime() + 15 * 60_000))
          .catch(() => {});
        log.error({ err, ticket: ticket.number }, 'SLA check of a ticket failed');
      }
    }
    const messages = await this.announce(
      t,
      settings.timeZone,
      {
        alerts: settings.channels.alerts ?? settings.channels.triage,
        escalation: settings.channels.escalation,
      },
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

  /** The list message: at most LIST_MAX lines in sections of ten, then "and N more". */
  private list(t: Translate, timeZone: string, heading: string, alerts: Alert[]) {
    const shown = alerts.slice(0, LIST_MAX).map((a) => clip(this.line(t, a, timeZone), 200));
    const hidden = alerts.length - shown.length;
    return listMessage(heading, shown, hidden ? t('alert.more', { count: hidden }) : undefined);
  }

  /**
   * One list per channel (alerts; escalations also to the escalation channel), one reply in
   * each ticket's thread, one DM per owner with all of theirs: paced per channel.
   */
  private async announce(
    t: Translate,
    timeZone: string,
    channels: { alerts: string | undefined; escalation: string | undefined },
    alerts: Alert[],
    log: Logger,
  ) {
    if (!alerts.length) return 0;
    const pacer = new ChannelPacer(this.deps.sleep, this.deps.clockMs);
    const sorted = [...alerts].sort(byUrgency);
    let messages = 0;
    const post = async (target: string, args: Partial<Message> & { thread_ts?: string }) => {
      await pacer.before(target);
      try {
        await this.deps.client.chat.postMessage({ channel: target, ...args } as never);
        messages++;
      } catch (err) {
        log.warn({ err, channel: target }, 'SLA alert post failed');
      }
    };
    if (channels.alerts) {
      await post(
        channels.alerts,
        this.list(t, timeZone, t('alert.header', { count: sorted.length }), sorted),
      );
    }
    const escalated = sorted.filter((a) => a.kind === 'escalateL2' || a.kind === 'escalateL3');
    if (channels.escalation && escalated.length) {
      await post(
        channels.escalation,
        this.list(t, timeZone, t('alert.escalationHeader', { count: escalated.length }), escalated),
      );
    }
    const group = (key: (a: Alert) => string) => {
      const groups = new Map<string, Alert[]>();
      for (const a of sorted) groups.set(key(a), [...(groups.get(key(a)) ?? []), a]);
      return groups;
    };
    for (const items of group((a) => a.ticket.id).values()) {
      const { card } = items[0]!.ticket;
      if (!card.pending && card.channel && card.ts) {
        const text = clip(items.map((a) => this.line(t, a, timeZone)).join('\n'), 3000);
        await post(card.channel, { thread_ts: card.ts, text });
      }
    }
    for (const [owner, items] of group((a) => a.owner)) {
      await post(
        owner,
        this.list(t, timeZone, t('alert.dmHeader', { count: items.length }), items),
      );
    }
    return messages;
  }
}
