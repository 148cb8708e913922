import { actingAs, SYSTEM_ACTOR, type Ctx } from '../context.js';
import type { Notifiers } from '../notify/index.js';
import { alertPlan } from '../ticket/alerts.js';
import { ticketCalendar } from '../ticket/clock.js';
import type { TicketService } from '../ticket/service.js';
import { isBreach, type SlaAlert } from '../ticket/types.js';
import { calendarFromSettings } from '../workspace/calendar.js';
import type { TicketFlows } from './tickets.js';

/** A ticket whose check failed is looked at again this much later. */
const RETRY_MS = 15 * 60_000;

/**
 * The SLA sweep of one workspace: every ticket whose next alert time has come is checked on the
 * business-time clock; each crossed threshold is claimed on the ticket (so overlapping sweeps
 * and racing instances never send it twice), breaches escalate automatically (through the same
 * ticket flow as a click), and what went out is batched into a few paced messages.
 */
export class SlaFlows {
  constructor(
    private readonly deps: {
      tickets: TicketService;
      ticketFlows: TicketFlows;
      notify: Pick<Notifiers, 'alerts'>;
    },
  ) {}

  async sweep(ctx: Ctx, limit = 1000): Promise<Record<string, number>> {
    const { tickets } = this.deps;
    const { settings, now } = ctx;
    const officeHours = calendarFromSettings(settings);
    const desk = actingAs(ctx, SYSTEM_ACTOR, 'job');
    const sent: SlaAlert[] = [];
    let escalations = 0;
    const due = await tickets.alertsDue(ctx, limit);
    for (const ticket of due) {
      try {
        const plan = alertPlan(
          ticket,
          settings,
          ticketCalendar(settings, ticket),
          officeHours,
          now,
        );
        let escalatedNow = false;
        for (const kind of plan.due) {
          if (!(await tickets.markAlert(ctx, ticket, kind))) continue;
          // A warning crossed together with its breach is recorded but not announced.
          if (kind === 'responseWarn' && plan.due.includes('responseBreach')) continue;
          if (kind === 'resolutionWarn' && plan.due.includes('resolutionBreach')) continue;
          // After a breach its warning would be noise: it is recorded as done.
          if (kind === 'responseBreach') await tickets.markAlert(ctx, ticket, 'responseWarn');
          if (kind === 'resolutionBreach') await tickets.markAlert(ctx, ticket, 'resolutionWarn');
          let owner = ticket.assigneeId ?? ticket.accountManagerId;
          if (kind === 'escalateL2' || kind === 'escalateL3') {
            try {
              const { ticket: escalated } = await this.deps.ticketFlows.act(
                desk,
                ticket.number,
                {
                  action: 'escalate',
                  reason: ctx.t('alert.autoEscalateReason'),
                  fromLevel: ticket.level,
                },
                // The sweep's own list, thread reply and DM announce it, paced; the card updates.
                { announce: 'card' },
              );
              owner = escalated.assigneeId ?? escalated.accountManagerId;
            } catch (err) {
              // Not done, so not recorded: the next sweep tries again.
              await tickets.unmarkAlert(ctx, ticket, kind);
              throw err;
            }
            escalations++;
            escalatedNow = true;
          }
          sent.push({ ticket, kind, owner });
        }
        // An escalation rescheduled the ticket already (its new level has new thresholds).
        if (!escalatedNow) await tickets.setNextAlert(ctx, ticket, plan.nextAt);
      } catch (err) {
        // Looked at again later, so one bad ticket never blocks the others.
        await tickets.setNextAlert(ctx, ticket, new Date(now.getTime() + RETRY_MS)).catch(() => {});
        ctx.log.error({ err, ticket: ticket.number }, 'SLA check of a ticket failed');
      }
    }
    const messages = await this.deps.notify.alerts.announce(ctx, sent);
    return {
      checked: due.length,
      warnings: sent.filter((a) => !isBreach(a.kind)).length,
      breaches: sent.filter((a) => a.kind === 'responseBreach' || a.kind === 'resolutionBreach')
        .length,
      escalations,
      messages,
    };
  }
}
