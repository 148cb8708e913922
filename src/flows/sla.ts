import { actingAs, SYSTEM_ACTOR, type Ctx } from '../context.js';
import type { Notifiers } from '../notify/index.js';
import { alertPlan, thresholds } from '../ticket/alerts.js';
import { ticketCalendar } from '../ticket/clock.js';
import type { TaskService } from '../task/service.js';
import { complaintContactTaskId } from '../task/types.js';
import type { TicketService } from '../ticket/service.js';
import {
  escalationHandover,
  keptOnEscalation,
  isBreach,
  reopenOwingReply,
  type AlertKind,
  type SlaAlert,
  type TicketRecord,
} from '../ticket/types.js';
import { calendarFromSettings } from '../workspace/calendar.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import type { RequesterFlows } from './requester.js';
import type { TicketFlows } from './tickets.js';

/** A ticket whose check failed is looked at again this much later. */
const RETRY_MS = 15 * 60_000;

type Marked = SlaAlert & { markedAt: Date };

/** The level an escalation alert raises a ticket to. */
const ESCALATION_LEVEL: Partial<Record<AlertKind, number>> = { escalateL2: 2, escalateL3: 3 };

/**
 * Whether an L2 escalation went to a manager for want of experts: with no experts set,
 * TicketService.expertFor picks from the managers, so the one who took it is told why.
 */
function noExpertsFor(
  settings: Pick<WorkspaceSettings, 'experts' | 'managers'>,
  kind: AlertKind,
  owner: string | undefined,
): boolean {
  return (
    kind === 'escalateL2' &&
    !settings.experts.length &&
    owner !== undefined &&
    owner !== SYSTEM_ACTOR &&
    settings.managers.includes(owner)
  );
}

/**
 * Who is told of an alert that is not an escalation: the ticket's assignee, else its account
 * manager; the contact step of a complaint is the account manager's, whoever works the ticket.
 */
function alertOwner(
  ticket: Pick<TicketRecord, 'assigneeId' | 'accountManagerId'>,
  kind: AlertKind,
): string {
  return kind === 'contactBreach'
    ? ticket.accountManagerId
    : (ticket.assigneeId ?? ticket.accountManagerId);
}

/**
 * A reply breach's reopen (`reopenOwingReply`), read from the ticket as found: its line says who
 * reopened it rather than that the customer wrote again.
 */
function reopenedOf(ticket: TicketRecord, kind: AlertKind): Pick<SlaAlert, 'reopened'> {
  const reopened = kind === 'replyBreach' ? reopenOwingReply(ticket) : undefined;
  return reopened ? { reopened } : {};
}

/**
 * The ticket's other alerts of a sweep that escalated it (its breach, found before the
 * escalation, of whoever held it then) learn whom it was handed to: their lines name who holds
 * it as the escalation's line does.
 */
function handedOver(alerts: Marked[], handover: Pick<SlaAlert, 'holder' | 'previous'>): void {
  if (!handover.holder) return;
  for (const a of alerts) if (ESCALATION_LEVEL[a.kind] === undefined) Object.assign(a, handover);
}

/**
 * The SLA sweep of one workspace: every ticket whose next alert time has come is checked on the
 * business-time clock; the thresholds it crossed are marked on the ticket in one write with its
 * next alert time (only if nobody changed it since it was read, so a claim or a resolution is
 * never contradicted), breaches escalate automatically (through the same ticket flow as a click,
 * from the copy already read), and the alerts are written to the outbox, which groups them into
 * a few paced messages. An alert marked but not yet written (the sweep died in between) stays
 * owed on its ticket and the next sweep writes it: each is told once.
 */
export class SlaFlows {
  constructor(
    private readonly deps: {
      tickets: TicketService;
      ticketFlows: TicketFlows;
      requester: RequesterFlows;
      notify: Pick<Notifiers, 'alerts' | 'outbox'>;
      tasks: Pick<TaskService, 'byIds'>;
    },
  ) {}

  /**
   * A missed contact's DM also goes to whoever holds the complaint's open contact task when that
   * is not the account manager (Edit task handed it on): they are the one to call (revcomplaint
   * F6). One read for the sweep's contact alerts.
   */
  private async contactExecutors(ctx: Ctx, found: Marked[]): Promise<void> {
    const contact = found.filter((a) => a.kind === 'contactBreach');
    if (!contact.length) return;
    const tasks = await this.deps.tasks.byIds(
      ctx,
      contact.map((a) => complaintContactTaskId(a.ticket)),
    );
    const held = new Map(tasks.filter((t) => t.status === 'open').map((t) => [t.id, t]));
    for (const a of contact) {
      const executor = held.get(complaintContactTaskId(a.ticket))?.assigneeId;
      if (executor && executor !== a.owner) a.executor = executor;
    }
  }

  /**
   * The sweep's escalation of a ticket one level up, announced by the sweep itself. Whose Home
   * listed it before (`listedBy`: its holder, or its account manager while nobody held it) is
   * noted, for the sweep's end to draw it again without it; so is one whose earlier change's
   * notices are still owed (`owed`: its mark stays for the notices repair).
   */
  private async escalate(
    desk: Ctx,
    ticket: TicketRecord,
    listedBy: Set<string>,
    owed: Set<string>,
  ): Promise<TicketRecord> {
    const { ticket: after, noticesOwed } = await this.deps.ticketFlows.act(
      desk,
      ticket.number,
      {
        action: 'escalate',
        reason: desk.t.plain('alert.autoEscalateReason'),
        fromLevel: ticket.level,
      },
      // The sweep's own lists and DMs announce it; its card is refreshed at the sweep's end.
      { announce: 'none', current: ticket },
    );
    listedBy.add(ticket.assigneeId ?? ticket.accountManagerId);
    if (noticesOwed) owed.add(after.id);
    return after;
  }

  async sweep(ctx: Ctx, limit = 1000): Promise<Record<string, number>> {
    const { tickets } = this.deps;
    const { settings, now } = ctx;
    const officeHours = calendarFromSettings(settings);
    const desk = actingAs(ctx, SYSTEM_ACTOR, 'job');
    const found: Marked[] = [];
    const marked: TicketRecord[] = [];
    const escalated: TicketRecord[] = [];
    // Whose Homes listed the escalated tickets before (`escalate`).
    const listedBy = new Set<string>();
    // The escalated tickets whose mark stays for the notices repair (`escalate`).
    const owed = new Set<string>();
    let escalations = 0;
    let fresh = 0;
    // What an earlier sweep marked and did not write. One that stopped between marking an
    // escalation and doing it (a crash, a failed write) left the ticket below that level: it is
    // escalated now, before it is said to be; failing again, it stays owed for the next sweep.
    for (const ticket of await tickets.alertsOwed(ctx)) {
      let current = ticket;
      // An escalation this sweep does: whom it handed the ticket to.
      let handover: Pick<SlaAlert, 'holder' | 'previous'> = {};
      try {
        for (const kind of ticket.alertsOwed ?? []) {
          const level = ESCALATION_LEVEL[kind];
          if (level === undefined || current.level >= level) continue;
          current = await this.escalate(desk, current, listedBy, owed);
          escalated.push(current);
          escalations++;
          handover = escalationHandover(current, level);
        }
      } catch (err) {
        ctx.log.error({ err, ticket: ticket.number }, 'automatic escalation failed');
        continue;
      }
      marked.push(ticket);
      const owedFrom = found.length;
      for (const kind of ticket.alertsOwed ?? []) {
        const level = ESCALATION_LEVEL[kind];
        const escalation = level !== undefined ? escalationHandover(current, level) : {};
        // Told to whom it is for, as when it was found: an escalation's "it is yours now" to the
        // one it names (whoever has the ticket since), the other alerts to whoever must act on
        // them now (the ticket as read now).
        const owner =
          level !== undefined
            ? (escalation.holder ?? current.assigneeId ?? current.accountManagerId)
            : alertOwner(ticket, kind);
        found.push({
          ticket,
          kind,
          owner,
          ...escalation,
          ...(level === 3 && current.guestOwner ? { guestOwner: current.guestOwner } : {}),
          ...reopenedOf(ticket, kind),
          markedAt: ticket.alerts[kind] ?? now,
          // Said again as it was meant the first time: why a manager took it, or why its holder
          // kept it.
          ...(kind === 'escalateL2' && keptOnEscalation(current, 2)
            ? { kept: true }
            : noExpertsFor(settings, kind, owner)
              ? { noExperts: true }
              : {}),
        });
      }
      handedOver(found.slice(owedFrom), handover);
    }
    // With their customers' tiers now: the automatic L3 is judged by them (`tierNow`).
    const due = await tickets.tiersNow(ctx, await tickets.alertsDue(ctx, limit));
    for (const ticket of due) {
      try {
        const cal = ticketCalendar(settings, ticket);
        const plan = alertPlan(ticket, settings, cal, officeHours, now);
        if (!plan.due.length) {
          // Only over the version read: a change saved meanwhile keeps its own next alert time
          // (or leaves it due, and the next sweep plans it again from the ticket as it is).
          await tickets.setNextAlert(ctx, ticket, plan.nextAt);
          continue;
        }
        const kinds = new Set<AlertKind>(plan.due);
        // After a breach its warning would be noise: it is recorded as done (unless it went out
        // before), not told.
        // (A warning marked under an earlier due time no longer stands: `markStands`.)
        const notAlerted = thresholds(ticket, settings, cal, now);
        if (kinds.has('responseBreach') && notAlerted.responseWarn) kinds.add('responseWarn');
        if (kinds.has('resolutionBreach') && notAlerted.resolutionWarn) kinds.add('resolutionWarn');
        const announced = plan.due.filter(
          (k) =>
            !(k === 'responseWarn' && kinds.has('responseBreach')) &&
            !(k === 'resolutionWarn' && kinds.has('resolutionBreach')),
        );
        const ok = await tickets.markAlerts(ctx, ticket, {
          kinds: [...kinds],
          announced,
          nextAt: plan.nextAt,
        });
        // Changed since it was read: the next sweep reads it again.
        if (!ok) continue;
        marked.push(ticket);
        const from = found.length;
        // The sweep's escalation of it: whom it handed the ticket to.
        let escalation: Pick<SlaAlert, 'holder' | 'previous'> = {};
        for (const kind of announced) {
          let owner = alertOwner(ticket, kind);
          // An escalation: whom it handed the ticket to, and who had it (told it moved on).
          let handover: Pick<SlaAlert, 'holder' | 'previous'> = {};
          let noExperts = false;
          let kept = false;
          let guestOwner: string | undefined;
          const level = ESCALATION_LEVEL[kind];
          if (level !== undefined) {
            try {
              const after = await this.escalate(desk, ticket, listedBy, owed);
              escalated.push(after);
              owner = after.assigneeId ?? after.accountManagerId;
              handover = escalationHandover(after, level);
              escalation = handover;
              // Nobody else to take it: its holder kept it (expertFor's last resort), told why;
              // no expert to take it: expertFor gave it to a manager, who is told why.
              kept = kind === 'escalateL2' && keptOnEscalation(after, 2);
              noExperts = !kept && noExpertsFor(settings, kind, owner);
              // L3 went to a guest owner's stand-in (`accountManagerOf`): told why.
              if (level === 3) guestOwner = after.guestOwner;
            } catch (err) {
              ctx.log.error({ err, ticket: ticket.number }, 'automatic escalation failed');
              // Not done, so not recorded: the next sweep tries again. Not unmarked either (the
              // database failing still): left owed, and the next sweep escalates it then.
              try {
                await tickets.unmarkAlert(ctx, ticket, kind);
                await tickets.setNextAlert(ctx, ticket, new Date(now.getTime() + RETRY_MS));
              } catch {
                // What was said of it now is said again then under the same keys: sent once.
                marked.splice(marked.indexOf(ticket), 1);
              }
              continue;
            }
            escalations++;
          }
          found.push({
            ticket,
            kind,
            owner,
            ...handover,
            markedAt: now,
            ...(noExperts ? { noExperts } : {}),
            ...(kept ? { kept } : {}),
            ...(guestOwner ? { guestOwner } : {}),
            ...reopenedOf(ticket, kind),
          });
          fresh++;
        }
        handedOver(found.slice(from), escalation);
      } catch (err) {
        // Looked at again later, so one bad ticket never blocks the others.
        await tickets.setNextAlert(ctx, ticket, new Date(now.getTime() + RETRY_MS)).catch(() => {});
        ctx.log.error({ err, ticket: ticket.number }, 'SLA check of a ticket failed');
      }
    }
    await this.contactExecutors(ctx, found).catch((err) =>
      ctx.log.warn({ err }, 'contact task holders not read'),
    );
    await this.deps.notify.alerts.announce(ctx, found);
    // The resolution target will be missed: the assignee gets a delay notice to confirm (#10);
    // the one who has it now, when this sweep escalated it (the alert holds it as it was found).
    const held = new Map(escalated.map((t) => [t.id, t]));
    for (const a of found) {
      if (a.kind !== 'resolutionWarn' && a.kind !== 'resolutionBreach') continue;
      await this.deps.requester
        .delayDraft(ctx, held.get(a.ticket.id) ?? a.ticket, a.markedAt)
        .catch((err) => ctx.log.warn({ err, ticket: a.ticket.number }, 'delay draft failed'));
    }
    // The date a delay notice promised the requester passed with the ticket open: a draft again.
    const promiseDrafts = await this.deps.requester.promiseDrafts(ctx).catch((err) => {
      ctx.log.warn({ err }, 'delay drafts for passed promises failed');
      return 0;
    });
    await tickets.alertsWritten(ctx, marked);
    await this.deps.ticketFlows.refreshCards(desk, escalated, [...listedBy], owed);
    if (found.length || promiseDrafts) this.deps.notify.outbox.kick();
    const ofThisSweep = found.slice(found.length - fresh);
    return {
      checked: due.length,
      warnings: ofThisSweep.filter((a) => !isBreach(a.kind)).length,
      breaches: ofThisSweep.filter(
        (a) =>
          a.kind === 'responseBreach' || a.kind === 'resolutionBreach' || a.kind === 'replyBreach',
      ).length,
      targetBreaches: ofThisSweep.filter(
        (a) => a.kind === 'contactBreach' || a.kind === 'planBreach',
      ).length,
      escalations,
      queued: found.length,
      ...(promiseDrafts ? { promiseDrafts } : {}),
    };
  }
}
