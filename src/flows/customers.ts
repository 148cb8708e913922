import { SYSTEM_ACTOR, type Ctx } from '../context.js';
import { notFoundAsNull } from '../errors.js';
import type { Logger } from '../logger.js';
import type { WorkspaceService } from '../workspace/service.js';
import { assertReadsDesk } from '../permissions.js';
import type { UnfitPerson } from '../workspace/types.js';
import type { CustomerService } from '../customer/service.js';
import type {
  CommercialFigures,
  CustomerRecord,
  InteractionInput,
  InteractionRecord,
  NewCustomerPatch,
  ServiceHistory,
  TicketBrief,
} from '../customer/types.js';
import { repairOwed } from './owed.js';
import { HomeRedraws, ownersHomes, refreshHomesAfter, shownOnTasks } from './refresh-homes.js';
import { tellOwed } from './task-notices.js';
import type { UpgradeFlows, UpgradeHandOff } from './upgrades.js';
import type { Notifiers } from '../notify/index.js';
import type { TaskService } from '../task/service.js';
import type { TaskRecord } from '../task/types.js';
import type { TicketService } from '../ticket/service.js';
import type { TicketRecord } from '../ticket/types.js';
import { startOfLocalDay, yearWindowStart } from '../time.js';
import { LOCALES, translator } from '../i18n/index.js';
import { revisitSummary } from '../task/rules.js';
import type { PrivacyLog } from '../privacy/service.js';
import { ownerExecutor, ownersManagers } from '../workspace/types.js';

/** What a customer's card shows: the customer as the viewer may see it, its latest
 * interactions, its open tickets, figures from its orders and its service history. */
export interface CustomerCardData {
  customer: CustomerRecord;
  interactions: InteractionRecord[];
  openTickets: number;
  /** `masked` for a reader who may not see them. */
  figures?: CommercialFigures | 'masked';
  service?: ServiceHistory;
  /** Days after the first contact the file was recorded, when that was more than 24 h. */
  lateBy?: number;
}

const brief = (t: TicketRecord): TicketBrief => ({
  number: t.number,
  title: t.title,
  status: t.status,
  ...(t.card.permalink ? { permalink: t.card.permalink } : {}),
});

export type { UpgradeHandOff };

/**
 * How long an interaction's next step is its own request's to plan (still running, maybe) before
 * the outbox job's repair plans it: as the upgrade hand-off's repair waits (UPGRADE_REPAIR_MS).
 */
const NEXT_STEP_REPAIR_MS = 2 * 60_000;

/** Customer use cases that read across domains. */
export class CustomerFlows {
  constructor(
    private readonly deps: {
      customers: CustomerService;
      tickets: TicketService;
      tasks: TaskService;
      notify: Pick<Notifiers, 'signals' | 'tasks' | 'tickets' | 'homes' | 'outbox'>;
      upgrades: UpgradeFlows;
      workspaces: WorkspaceService;
      privacyLog?: PrivacyLog;
    },
  ) {}

  /**
   * Creates a customer; one recorded more than 24 h after its first contact (manual B) is told
   * to the managers, once each (the outbox key and the signal record are the customer's).
   */
  async create(
    ctx: Ctx,
    patch: NewCustomerPatch,
    options: { submission?: string; unfit?: readonly UnfitPerson[] } = {},
  ): Promise<CustomerRecord> {
    const created = await this.deps.customers.create(ctx, patch, options);
    const days = this.deps.customers.lateBy(created);
    if (days !== undefined) {
      try {
        await this.tellLate(ctx, created, days);
      } catch (err) {
        // The customer is saved; the daily signals run tells the managers within the week.
        ctx.log.warn({ err, code: created.code }, 'late record not told');
      }
    }
    return created;
  }

  /**
   * Logs an interaction; a next step with a date becomes a task for whoever logged it (its due
   * day answered), on their Home at once when it is due today. Its approver, when one was picked
   * (`nextStep.approverId`: not who logs it, and only with a date; refused before anything is
   * logged), is told by DM as of a New task's, and finds it on their Home: after `saved` (the
   * modal closes), as no Slack call waits before the submission is acknowledged. With a
   * `source` (the modal's `view:<id>`) the same modal submitted again (after a restart's "try
   * again if it was not") logs nothing more: its next step's task is keyed by the interaction
   * and its upgrade intent, if still owed, is left to the outbox job's repair.
   */
  async logInteraction(
    ctx: Ctx,
    code: string,
    input: InteractionInput,
    nextStep: { approverId?: string; upgradeWhat?: string; source?: string } = {},
    saved: () => Promise<void> = async () => {},
  ): Promise<{
    customer: CustomerRecord;
    interaction: InteractionRecord;
    /** Its source's submission was logged before: nothing more logged (`interaction` is that). */
    again?: true;
    nextStepDue?: string;
    /** Who signs the next step's task off, as stored (the first submission's, sent `again`). */
    nextStepApproverId?: string;
    upgrade?: UpgradeHandOff;
  }> {
    this.deps.tasks.assertNextStepApprover(ctx, input.nextStepDate, nextStep.approverId);
    // The intent is saved with the interaction, in its one insert: its hand-off (the file, the
    // owner's task) is owed on it until made, so a crash after the insert loses nothing. So is
    // a dated next step's task (and who signs it off), planned here, else by the repair.
    const logged = await this.deps.customers.logInteraction(
      ctx,
      code,
      input,
      undefined,
      nextStep.upgradeWhat,
      nextStep.approverId,
      nextStep.source,
    );
    const planned = await this.planNextStep(ctx, logged.customer, logged.interaction);
    await saved();
    // Owed on the interaction until made: a failure leaves it to the outbox job's repair.
    const { interaction } = logged;
    const upgrade =
      interaction.upgradeWhat && !logged.again
        ? await this.deps.upgrades.handOffAfterAck(ctx, logged.customer, {
            what: interaction.upgradeWhat,
            by: interaction.by,
            at: interaction.upgradeOwed ?? ctx.now,
            handed: () => this.deps.customers.upgradeHanded(interaction),
          })
        : undefined;
    const nextStepDue = planned?.due;
    const approverId = planned?.created?.approverId;
    // Owed on the task since its insert: a failure here leaves it to the outbox job's repair.
    if (planned?.created && planned.owed)
      await tellOwed(this.deps, ctx, planned.created, planned.owed);
    const homes = [
      ...(nextStepDue && nextStepDue <= ctx.today ? [logged.interaction.by] : []),
      ...(approverId ? [approverId] : []),
    ];
    if (homes.length) await refreshHomesAfter(this.deps.notify, ctx, homes);
    return {
      ...logged,
      ...(upgrade ? { customer: upgrade.customer } : {}),
      ...(nextStepDue ? { nextStepDue } : {}),
      ...(planned?.approverId ? { nextStepApproverId: planned.approverId } : {}),
      ...(upgrade ? { upgrade } : {}),
    };
  }

  /**
   * The task of an interaction's dated next step (TaskService.planNextStep: keyed by the
   * interaction, so never two, and one done or cancelled is not put back), then owed no more.
   */
  private async planNextStep(
    ctx: Ctx,
    customer: CustomerRecord,
    interaction: InteractionRecord,
  ): Promise<Awaited<ReturnType<TaskService['planNextStep']>>> {
    const planned = await this.deps.tasks.planNextStep(
      ctx,
      customer,
      interaction,
      interaction.nextStepApproverId,
    );
    if (interaction.nextStepOwed) await this.deps.customers.nextStepPlanned(interaction);
    return planned;
  }

  /**
   * A customer saved in Edit customer, or its contacts changed in the Contacts modal (a contact
   * saved, made primary, removed). With another owner, both people's Homes and its open
   * complaints' cards are drawn again (`afterOwnerChange`). Any change draws again, through the
   * outbox, its owner's Home (customers with signals, churn risk: its lifecycle, contract end...;
   * a guest owner's stand-in's too, which lists it as theirs);
   * a rename or a contact's change (a task row's "prefers" line) also those of who does or signs
   * off its open tasks (`homesShowingCustomer`; its tickets keep the name they were filed under).
   * Never fails the save: a failure is logged (the Homes show it at their next refresh or open).
   */
  async edited(
    ctx: Ctx,
    customer: CustomerRecord,
    changes: readonly OwnerChange[],
    /** Handed over from an owner marked a guest: their stand-in's Home is drawn again too. */
    formerGuest?: true,
  ): Promise<void> {
    await afterOwnerChange(this.deps, ctx, changes, undefined, formerGuest);
    if (!changes.length) return;
    const homes = new HomeRedraws(this.deps);
    await homes.changed(ctx, customer, shownOnTasks(changes));
    await homes.flush(this.deps.notify, ctx);
  }

  /**
   * The outbox job's repair of customers' copies (CustomerService.repairNameCopies: a rename's
   * name, a change of owner's account manager on its open tickets, whose write failed after the
   * save). A customer whose open tickets it moved has, in its own workspace, what its change's
   * save drew then from tickets not moved yet drawn again through the outbox (once: its mark is
   * cleared with the move; so too when a later save's copies moved them, its mark keeping whom
   * they named before, `NamesOwed.from`): the cards of its open complaints still to be contacted (they name
   * the account manager) and the Homes of its owner and of whom the tickets named before (their
   * lists of the customers' tickets nobody holds). A failure to draw them is logged (they show
   * it at their next redraw); the move stands.
   */
  async repairCopies(now: Date, log: Logger, limit = 100): Promise<{ repaired: number }> {
    const { repaired, moved } = await this.deps.customers.repairNameCopies(
      now,
      log,
      limit,
      (teamId) => this.deps.workspaces.settings(teamId),
    );
    for (const { teamId, customerId, ownerId, from } of moved) {
      try {
        const ctx = await this.deps.workspaces.context({
          teamId,
          actor: SYSTEM_ACTOR,
          now,
          log,
          origin: 'job',
        });
        await redrawOwnerCards(this.deps, ctx, customerId);
        await refreshHomesAfter(this.deps.notify, ctx, [...from, ownerId]);
      } catch (err) {
        log.warn(
          { err, teamId, customer: customerId },
          'customer copies repaired: its cards and Homes not drawn again',
        );
      }
    }
    return { repaired };
  }

  /**
   * Dated next steps logged (with their interaction, or a task's outcome) whose task was never
   * planned (the process died right after the insert, or a write failed), across workspaces,
   * two minutes on: planned now, in the name of who logged it, with its approver's DM and the
   * Homes, as its request would have. Nothing twice however often it runs. Counts those planned.
   */
  async repairNextSteps(now: Date, log: Logger, limit = 100): Promise<{ repaired: number }> {
    const repaired = await repairOwed(
      this.deps.workspaces,
      { now, log, limit, waitMs: NEXT_STEP_REPAIR_MS },
      {
        owed: (before, max) => this.deps.customers.nextStepsOwed(before, max),
        of: (interaction) => ({
          teamId: interaction.teamId,
          actor: interaction.by,
          ref: { interaction: interaction.id },
        }),
        repair: async (ctx, interaction) => {
          const customer = await this.deps.customers
            .byId(ctx, interaction.customerId)
            .catch(notFoundAsNull);
          // Its customer erased meanwhile: no task to plan.
          const planned = customer
            ? await this.planNextStep(ctx, customer, interaction)
            : await this.deps.customers.nextStepPlanned(interaction);
          if (planned?.created) {
            if (planned.owed) await tellOwed(this.deps, ctx, planned.created, planned.owed);
            const homes = [
              ...(planned.due <= ctx.today ? [planned.created.assigneeId] : []),
              ...(planned.created.approverId ? [planned.created.approverId] : []),
            ];
            if (homes.length) await refreshHomesAfter(this.deps.notify, ctx, homes);
          }
          return true;
        },
        repaired: 'next step planned by the repair',
        failed: 'next step repair failed',
      },
    );
    return { repaired };
  }

  /**
   * Tells the owner's managers of a late file (those linked to the owner in /desk roles, else
   * every manager), once per manager and customer.
   */
  async tellLate(ctx: Ctx, customer: CustomerRecord, days: number): Promise<number> {
    const keys: string[] = [];
    for (const manager of ownersManagers(ctx.settings, customer.ownerId)) {
      const key = `${manager}`;
      if (await this.deps.customers.hasSignal(ctx, 'late', customer, key)) continue;
      const written = await this.deps.notify.signals.tell(
        ctx,
        {
          owner: manager,
          customer: { name: customer.name, code: customer.code },
          kind: 'late',
          ownerId: customer.ownerId,
          firstContact: customer.firstContactDate,
          days,
        },
        `late:${customer.id}:${manager}`,
      );
      await this.deps.customers.signalOnce(ctx, 'late', customer, key);
      keys.push(...written);
    }
    // Delivered now, like a ticket's notices; anything not sent stays for the outbox worker.
    if (keys.length) await this.deps.notify.outbox.deliver(ctx.teamId, keys);
    return keys.length;
  }

  /**
   * Records in the privacy log that someone who is not the owner (a manager, an admin) saw the
   * customer's personal data in clear, on which surface.
   */
  private async logView(ctx: Ctx, customer: CustomerRecord, view: CustomerRecord, surface: string) {
    if (view.masked || ctx.actor === customer.ownerId || ctx.origin === 'job') return;
    await this.deps.privacyLog?.record(ctx, 'view', customer.code, { surface });
  }

  /** A customer's History as the viewer may see it (a view in clear by a non-owner logged). */
  async history(ctx: Ctx, code: string) {
    const result = await this.deps.customers.history(ctx, code);
    await this.logView(ctx, result.customer, result.customer, 'history');
    return result;
  }

  /** The card of a customer by code. */
  async card(ctx: Ctx, code: string): Promise<CustomerCardData> {
    return this.cardOf(ctx, await this.deps.customers.read(ctx, code));
  }

  /** The card of a customer just read or saved. */
  async cardOf(ctx: Ctx, customer: CustomerRecord): Promise<CustomerCardData> {
    assertReadsDesk(ctx);
    const { customers, tickets, tasks } = this.deps;
    const since = startOfLocalDay(yearWindowStart(ctx.today), ctx.settings.timeZone);
    // The tickets (open, how many, closed, complaints) and the revisits in one command.
    const [interactions, figures, history] = await Promise.all([
      customers.latestInteractions(ctx, customer),
      customers.commercialFigures(ctx, customer),
      tickets.historyForCustomer(
        ctx,
        customer.id,
        since,
        tasks.doneRevisitsPipeline(ctx, customer.id),
      ),
    ]);
    const openTickets = history.openCount;
    const revisits = tasks.revisitsOf(history.joined);
    const scoreOf = new Map(
      revisits.flatMap((r) =>
        r.ticketId && r.outcome?.satisfaction !== undefined
          ? [[r.ticketId, r.outcome.satisfaction] as const]
          : [],
      ),
    );
    const last = revisits.find((r) => r.outcome && r.doneAt);
    const lateBy = customers.lateBy(customer);
    const view = customers.viewFor(ctx, customer);
    await this.logView(ctx, customer, view, 'card');
    return {
      customer: view,
      interactions,
      openTickets,
      figures,
      service: {
        open: history.open.map(brief),
        closed: history.closed.map((t) => {
          const score = scoreOf.get(t.id);
          return {
            ...brief(t),
            ...(t.resolvedAt ? { resolvedAt: t.resolvedAt } : {}),
            ...(t.resolution ? { resolution: t.resolution } : {}),
            ...(t.mergedInto ? { mergedInto: t.mergedInto } : {}),
            ...(t.closedAt ? { closedAt: t.closedAt } : {}),
            ...(score !== undefined ? { satisfaction: score } : {}),
          };
        }),
        complaints: history.complaints,
        ...(last?.outcome && last.doneAt
          ? {
              lastRevisit: {
                at: last.doneAt,
                summary: last.outcome.summary,
                ...(last.ticketNumber ? { ticketNumber: last.ticketNumber } : {}),
                ...(last.outcome.nps !== undefined ? { nps: last.outcome.nps } : {}),
                // Written from the scores in whichever language the desk spoke then.
                ...(LOCALES.some(
                  (locale) =>
                    last.outcome!.summary ===
                    revisitSummary(translator(locale), last, last.outcome!),
                )
                  ? { summaryGenerated: true }
                  : {}),
                ...(last.outcome.solved !== undefined ? { solved: last.outcome.solved } : {}),
                ...(last.outcome.satisfaction !== undefined
                  ? { satisfaction: last.outcome.satisfaction }
                  : {}),
              },
            }
          : {}),
      },
      ...(lateBy !== undefined ? { lateBy } : {}),
    };
  }

  /** The card of a customer just created: nothing logged on it yet, no tickets. */
  created(ctx: Ctx, customer: CustomerRecord): CustomerCardData {
    const lateBy = this.deps.customers.lateBy(customer);
    return {
      customer: this.deps.customers.viewFor(ctx, customer),
      interactions: [],
      openTickets: 0,
      ...(lateBy !== undefined ? { lateBy } : {}),
    };
  }
}

/** A field's change as a save gives it (`ChangeRecord`): the owner's is looked for. */
type OwnerChange = { customerId: string; field: string; oldValue: unknown; newValue: unknown };

/**
 * A customer saved with another owner: its owner's tasks (a complaint's contact among them) go
 * to the new owner now (TaskService.followOwner, as the hand-over does), not at the next daily
 * planning, so the card and the task name the same person; the old and the new owner's Homes
 * drawn again (their tasks, their lists of the customers' tickets nobody holds; a former guest
 * owner's stand-in's too, `formerGuest`, whose customers with signals listed it as theirs), and the cards
 * of its open complaints still to be contacted, which name the account manager who is to contact
 * the customer (the open tickets name the new one by now), all through the outbox. Edit customer
 * (`CustomerFlows.edited`), the CSV import (`npm run customers -- import`, which has no
 * Slack client: the running app delivers them) go this way. Should the open tickets' write fail,
 * what is drawn here shows them as they were: the outbox job's repair moves them two minutes on
 * and draws the cards and Homes again then (`CustomerFlows.repairCopies`). Nothing when the owner
 * did not change; a failure is logged (the tasks move at the next daily planning, the Homes and
 * cards show it at their next redraw). The tasks go to the customer's owner as stored when they
 * move (`followCurrentOwner`), not to the one the change named: with two changes close together
 * (A to B, then B to C), a late run of the first never hands C's tasks back to B.
 */
export async function afterOwnerChange(
  deps: {
    notify: Parameters<typeof refreshHomesAfter>[0] & {
      tickets: Pick<Notifiers['tickets'], 'cards'>;
    };
    tickets: Pick<TicketService, 'openToContact'>;
    tasks: Pick<TaskService, 'followOwner'>;
    customers: Pick<CustomerService, 'nameNow'>;
  },
  ctx: Ctx,
  changes: readonly OwnerChange[],
  /** A run of many changes (a CSV import): the Homes gathered there, written once at its end. */
  homes?: HomeRedraws,
  /** The owner it had was marked a guest (`ownerGuest`). */
  formerGuest?: true,
): Promise<void> {
  const moved = changes.find((c) => c.field === 'ownerId');
  if (!moved) return;
  const people = new Set(
    [moved.oldValue, moved.newValue].filter(
      (id): id is string => typeof id === 'string' && id !== '',
    ),
  );
  // Whose Home listed it as the guest's stand-in (`ownersHomes`).
  if (formerGuest && typeof moved.oldValue === 'string' && moved.oldValue !== '')
    for (const id of ownersHomes(ctx.settings, { ownerId: moved.oldValue, ownerGuest: true }))
      people.add(id);
  if (typeof moved.newValue === 'string' && moved.newValue !== '')
    await followCurrentOwner(deps, ctx, moved.customerId, people).catch((err: unknown) =>
      ctx.log.warn({ err, customer: moved.customerId }, 'owner change: tasks not moved'),
    );
  await redrawOwnerCards(deps, ctx, moved.customerId);
  if (homes) homes.add(people);
  else if (people.size) await refreshHomesAfter(deps.notify, ctx, people);
}

/** How many times a change of owner follows an owner changed again while its tasks moved. */
const FOLLOW_ROUNDS = 3;

/**
 * The customer's owner's tasks go to its owner as stored now (read in the workspace), then the
 * owner is read again: changed meanwhile (another change's save), they follow that one too, a
 * few times at most (the next daily planning puts right what is left). Each move is
 * TaskService.followOwner's (a write from the executor as read). Whom the tasks went to, and who
 * did, helped with or signed off those moved, is added to `people` (their Homes). Nothing when the customer is gone. The tasks it moved, each as its
 * last move left it (to whom).
 */
export async function followCurrentOwner(
  deps: {
    tasks: Pick<TaskService, 'followOwner'>;
    customers: Pick<CustomerService, 'nameNow'>;
  },
  ctx: Ctx,
  customerId: string,
  people: Set<string>,
): Promise<TaskRecord[]> {
  const moved = new Map<string, TaskRecord>();
  let owner = await deps.customers.nameNow(ctx, customerId);
  for (let round = 0; owner?.ownerId && round < FOLLOW_ROUNDS; round++) {
    // A guest owner's go to their manager (ownerExecutor), who is added to `people` too.
    const { ownerId, ownerGuest } = owner;
    const customer = { id: customerId, ...owner };
    for (const task of await deps.tasks.followOwner(ctx, customer, people))
      moved.set(task.id, task);
    people.add(ownerId);
    people.add(ownerExecutor(ctx.settings, customer).assigneeId);
    const now = await deps.customers.nameNow(ctx, customerId);
    if (now?.ownerId === ownerId && !!now.ownerGuest === !!ownerGuest) break;
    owner = now;
  }
  return [...moved.values()];
}

/**
 * The cards of a customer handed to another owner's open complaints still to be contacted
 * (their contact line names the account manager), written to the outbox (each card is drawn
 * from the ticket as it stands when delivered). Never fails the change: a failure is logged.
 */
export async function redrawOwnerCards(
  deps: {
    notify: { tickets: Pick<Notifiers['tickets'], 'cards'> };
    tickets: Pick<TicketService, 'openToContact'>;
  },
  ctx: Ctx,
  customerId: string,
): Promise<void> {
  await deps.tickets
    .openToContact(ctx, customerId)
    .then((cards) => (cards.length ? deps.notify.tickets.cards(ctx, cards) : []))
    .catch((err: unknown) =>
      ctx.log.warn({ err, customer: customerId }, 'owner change: complaint cards not redrawn'),
    );
}
