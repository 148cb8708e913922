import { actingAs, SYSTEM_ACTOR, type Ctx } from '../context.js';
import { erased, isKeyCustomer, optsOut } from '../customer/rules.js';
import type { CustomerService } from '../customer/service.js';
import {
  birthdayIn,
  churnRisk,
  contractSignal,
  LOW_RISK_COMPLAINT_DAYS,
  LOW_RISK_SATISFACTION_DAYS,
  lowRisk,
  mayUpsell,
  nextLowRisk,
  sameLowRisk,
  satisfactionOutOf100,
  toOwnersManagers,
  upsellSignal,
} from '../customer/signal-rules.js';
import {
  orderFrequencyFall,
  responseTier,
  serviceTier,
  type OrderSummary,
} from '../customer/stage-rules.js';
import type { CustomerSignal, SignalCustomer, SignalKind } from '../customer/types.js';
import type { Notifiers } from '../notify/index.js';
import type { TaskService } from '../task/service.js';
import type { TicketService } from '../ticket/service.js';
import { homeReaders, type TaskRecord } from '../task/types.js';
import { addDaysToDate, daysBetween, localDate, localInstant, maxDate } from '../time.js';
import {
  dayStart,
  isWorkingDay,
  workingDayOnOrAfter,
  workingDayOnOrBefore,
} from '../workspace/calendar.js';
import { careContacted } from '../task/rules.js';
import { responseMinutes } from '../ticket/rules.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import { writtenUnlessErased } from './named-dms.js';
import { ownerExecutor, ownersManagers } from '../workspace/types.js';

/** How many days after a birthday it is still told, when the day to tell it was missed. */
const BELATED_BIRTHDAY_DAYS = 7;

/** The stages a churn risk is looked for in (falling orders): buying customers. */
const AT_RISK = new Set(['new', 'growing', 'stable', 'active', 'churn_warning']);

/** The lifecycles a win-back call stays open in: the warning stands, or the customer churned. */
const GONE_OR_AT_RISK = new Set(['churn_warning', 'churned']);

/** An upsell is told at most once a quarter: not again within 90 days. */
const UPSELL_QUIET_MS = 90 * 86_400_000;

/**
 * When the customer signals found on `day` go out (the daily run's, the quarterly review's):
 * the start of the first working day on or after it (the workspace's hours, holidays and
 * zone), so a DM found on a public holiday or a weekend waits, as birthdays are told ahead of
 * a day off. `on` is that day: what a signal's day counts are told as of.
 */
function signalsGoOut(
  settings: Pick<WorkspaceSettings, 'businessHours' | 'timeZone'>,
  day: string,
): { on: string; at: Date } {
  const on = workingDayOnOrAfter(settings, day);
  return { on, at: localInstant(on, dayStart(settings), settings.timeZone) };
}

/**
 * The daily customer signals of one workspace: a contract ending within the notice days (once
 * per end date), a contact's birthday (on the day, unless they opted out of greetings), churn
 * risk (silence, a competitor contact or falling orders: the lifecycle moves to churn warning
 * and a win-back task is planned) and upsell (at most once a quarter); and every customer's
 * stage and value class recomputed from its orders (logged when they change). Each signal not recorded yet is done (churn's task and lifecycle), written to
 * the outbox under its key and only then recorded, so a run that dies anywhere in between is
 * repeated without loss (a check that failed fails the run, which the runner tries again) and,
 * the key being the same, without a second DM. The
 * outbox sends each owner one DM with all of theirs.
 */
export class SignalFlows {
  constructor(
    private readonly deps: {
      customers: CustomerService;
      tasks: TaskService;
      tickets: Pick<TicketService, 'surveyAnswersSince' | 'complaintRiskCustomers'>;
      notify: Pick<Notifiers, 'signals' | 'homes' | 'outbox'>;
    },
  ) {}

  async run(ctx: Ctx): Promise<Record<string, number>> {
    const found: CustomerSignal[] = [];
    const stages: { from: string; to: string }[] = [];
    let failed = 0;
    // Files typed in when the team started with the desk, flagged late before that rule: cleared
    // first, so no manager is told of them below.
    const lateRecordsCleared = await this.deps.customers.clearStartupLateRecords(ctx);
    // One read of the open win-back calls: those whose risk is lifted are cancelled.
    const winBacks = await this.deps.tasks.openWinBacks(ctx);
    const lifted = { winBacks: 0, executors: [] as string[] };
    // One read of the customers' own satisfaction answers of the last 90 days (low risk).
    const answers = await this.satisfactionAnswers(ctx);
    // One read of the customers a complaint keeps out of low risk (open, or critical of late).
    const complained = await this.deps.tickets.complaintRiskCustomers(
      ctx,
      new Date(ctx.now.getTime() - LOW_RISK_COMPLAINT_DAYS * 86_400_000),
    );
    const low = { count: 0 };
    // One read each, not one a customer: the churn episodes told (the one signal looked for on
    // every customer with a risk standing) and every customer's orders (its stage).
    const [churn, orders] = await Promise.all([
      this.deps.customers.signalKeys(ctx, 'churn'),
      this.deps.customers.orderFactsByCustomer(ctx),
    ]);
    const told = { churn, orders };
    // Read a page at a time (forSignals): the run holds one page of customers, not all of them.
    try {
      for await (const customer of this.deps.customers.forSignals(ctx)) {
        // Erased whole: contacted no more, so nothing found about it (no DM, no win-back call, no
        // lifecycle move); the daily care planning cancels what the desk planned for it.
        if (erased(customer)) continue;
        try {
          const open = winBacks.get(customer.id) ?? [];
          const risk = {
            answers: answers.get(customer.id) ?? [],
            complaint: complained.get(customer.id),
            low,
          };
          found.push(...(await this.check(ctx, customer, stages, { open, lifted }, risk, told)));
        } catch (err) {
          failed++;
          ctx.log.error({ err, customer: customer.code }, 'customer signal check failed');
        }
      }
    } finally {
      // A page read failing midway fails the run, whose retry finds what this one told recorded
      // (not found again): their owners' Homes are refreshed now, before it fails.
      if (found.length || lifted.executors.length) {
        // The owners' Homes list their customers with signals, and their executors' the win-back
        // calls cancelled: refreshed (coalesced per person).
        await this.deps.notify.homes
          .refresh(ctx, [...found.map((s) => s.owner), ...lifted.executors])
          .catch((err: unknown) => ctx.log.warn({ err }, 'home refresh not written'));
        this.deps.notify.outbox.kick();
      }
    }
    const count = (kind: SignalKind) => found.filter((s) => s.kind === kind).length;
    // A customer whose check failed is checked again by the run's retry (the runner tries a
    // failed slot again): a birthday is only today's. Those done are recorded, so not told twice.
    if (failed)
      throw new Error(
        `customer signals: ${failed} of the customers' checks failed (${found.length} signals told); the run is tried again`,
      );
    return {
      contracts: count('contract'),
      birthdays: count('birthday'),
      churnRisks: count('churn'),
      upsells: count('upsell'),
      stageChanges: stages.length,
      lateRecords: count('late'),
      lateRecordsCleared,
      winBacksCancelled: lifted.winBacks,
      lowRisk: low.count,
      owners: new Set(found.map((s) => s.owner)).size,
      failed,
    };
  }

  /**
   * The quarterly tier review (domain 2): every tier recomputed from the last 12 months' orders
   * and the current thresholds (`CustomerService.recomputeTiers`), each move recorded on the
   * customer in the same write as the move; then every move this review recorded and not told
   * yet is told to the customer's owner and to the owner's managers (`managerLinks`, else every
   * manager), with the new tier's first-response target and care cadence, one DM each however
   * many moves (keyed per customer, review and reader: a rerun or another instance writes the
   * same keys), and marked told. A review that dies anywhere in between is run again and finds
   * the moves it made on the customers: told once, never lost. A customer whose review failed
   * (logged by id) does not stop the others, whose moves are told; the run then fails, so the
   * runner's retry reviews what is left (the others are up to date: nothing written twice). One
   * reviewed whose change-log write failed (logged by id as owing its entries) fails the run
   * too, for the retry to write them, saying so.
   */
  async tierReview(ctx: Ctx, review: string): Promise<Record<string, number>> {
    const { customers } = this.deps;
    const { changed, failed, logsOwed } = await customers.recomputeTiers(ctx, review);
    const { settings } = ctx;
    const told = new Set<string>();
    const moved = await customers.tierMovesToTell(ctx, review);
    // The review runs at 06:00 on the quarter's first day, a public holiday twice a year (1
    // January, 1 October): its DMs wait, as the other signals do, for the start of the first
    // working day on or after it (the workspace's hours, holidays and zone).
    const notBefore = signalsGoOut(settings, review).at;
    for (const customer of moved) {
      const { from, to } = customer.tierMove!;
      // A guest owner is told nothing: whom the desk names in their place is, saying why.
      const { assigneeId, guestOwner } = ownerExecutor(settings, customer);
      const signal: CustomerSignal = {
        owner: assigneeId,
        ...(guestOwner ? { guestOwner } : {}),
        customer: { name: customer.name, code: customer.code },
        kind: 'tier',
        from,
        to,
        revenue: customer.annualRevenue ?? 0,
        currency: customer.currency,
        // A key potential customer's target stays the strategic tier's.
        responseMinutes: responseMinutes(
          settings.sla,
          'general',
          responseTier({ tier: to, potential: customer.potential }),
        ),
        // The cadence only for a customer the care plan contacts (not churned, not a lead, not
        // every contact opted out of care); a key potential one without orders, at least the key
        // tier's.
        ...(careContacted(customer)
          ? { cadenceDays: settings.cadenceDays[serviceTier({ ...customer, tier: to })] }
          : {}),
      };
      const key = `tier:${customer.id}:${review}`;
      // Written, then checked as the daily signals are (writtenUnlessErased): the moves were read
      // before; a customer erased since, or being erased, is told nothing and its move left
      // untold (the erasure took its name; the next review finds it erased).
      const names = [{ customerId: customer.id, code: customer.code }];
      const readers = [
        assigneeId,
        ...ownersManagers(settings, customer.ownerId).filter((m) => m !== assigneeId),
      ];
      const kept = await writtenUnlessErased(
        ctx,
        { outbox: this.deps.notify.outbox, tasks: this.deps.tasks },
        [readers],
        () => names,
        async (batched) => {
          const keys = await this.deps.notify.signals.tell(batched, signal, key, notBefore, names);
          const { guestOwner: _, ...copy } = signal;
          for (const manager of readers.slice(1))
            keys.push(
              ...(await this.deps.notify.signals.tell(
                batched,
                { ...copy, owner: manager, accountManager: customer.ownerId },
                `${key}:manager:${manager}`,
                notBefore,
                names,
              )),
            );
          return keys;
        },
      );
      if (!kept.length) continue;
      readers.forEach((r) => told.add(r));
      await customers.tierMoveTold(ctx, customer, review);
    }
    if (moved.length) this.deps.notify.outbox.kick();
    const owing = logsOwed
      ? `${logsOwed} reviewed owe${logsOwed === 1 ? 's' : ''} change-log entries`
      : '';
    if (failed)
      throw new Error(
        `tier review: ${failed} of the customers could not be reviewed (${changed} tiers changed, ${moved.length} moves told${owing ? `; ${owing}` : ''}); the run is tried again`,
      );
    if (logsOwed)
      throw new Error(
        `tier review: every customer reviewed (${changed} tiers changed, ${moved.length} moves told), ${owing}; the run is tried again to write them`,
      );
    return { changed, moved: moved.length, told: told.size };
  }

  /**
   * Each customer's own satisfaction answers (1-5) of the last 90 days: the requesters' survey
   * answers on its tickets and its quarterly satisfaction surveys (signal-rules.ts `lowRisk`).
   */
  private async satisfactionAnswers(ctx: Ctx): Promise<Map<string, number[]>> {
    const since = new Date(ctx.now.getTime() - LOW_RISK_SATISFACTION_DAYS * 86_400_000);
    const [surveys, requesters] = await Promise.all([
      this.deps.tasks.surveyAnswersSince(ctx, since),
      this.deps.tickets.surveyAnswersSince(ctx, since),
    ]);
    const out = new Map<string, number[]>();
    for (const { customerId, satisfaction } of [...surveys, ...requesters]) {
      const list = out.get(customerId);
      if (list) list.push(satisfaction);
      else out.set(customerId, [satisfaction]);
    }
    return out;
  }

  private async check(
    ctx: Ctx,
    customer: SignalCustomer,
    stages: { from: string; to: string }[],
    winBacks: { open: readonly TaskRecord[]; lifted: { winBacks: number; executors: string[] } },
    risk: { answers: readonly number[]; complaint: string | undefined; low: { count: number } },
    /** The run's reads for every customer: churn episodes told (`customerId:key`), orders. */
    read: { churn: ReadonlySet<string>; orders: ReadonlyMap<string, OrderSummary> },
  ): Promise<CustomerSignal[]> {
    const { settings, today, now } = ctx;
    const { customers } = this.deps;
    /** Not recorded under `key`, nor under `formerly` (the form it was keyed by before). */
    const fresh = async (kind: SignalKind, key: string, formerly?: string) =>
      kind === 'churn'
        ? !read.churn.has(`${customer.id}:${key}`)
        : !(await customers.hasSignal(ctx, kind, customer, formerly ? [key, formerly] : key));
    const orders = read.orders.get(customer.id) ?? null;
    // Found on a day off (a public holiday, a weekend), the DMs wait for the start of the next
    // working day; their day counts are told as of then.
    const goOut = signalsGoOut(settings, today);
    const heldDays = daysBetween(today, goOut.on);
    /**
     * The customer's signals found, told together at the end (`told`): `now`, told at once (a
     * contract that ends before the next working day); `contact`, the key of the contact it names
     * (a birthday).
     */
    const owed: Owed[] = [];
    const tell = (signal: CustomerSignal, key: string, now = false, contact?: string) => {
      owed.push({ signal, key, now, ...(contact ? { contact } : {}) });
    };
    // A guest owner is told nothing (they read no desk): whom the desk names in their place
    // (`ownerExecutor`: their manager, else the first admin) is told the owner's signals, saying
    // why; the managers' copies still name the guest as the customer's.
    const { assigneeId, guestOwner } = ownerExecutor(settings, customer);
    const about = {
      owner: assigneeId,
      ...(guestOwner ? { guestOwner } : {}),
      customer: { name: customer.name, code: customer.code },
    };

    const end = customer.contractEndDate;
    const left = contractSignal(customer, today, settings.contractNoticeDays);
    // Counted to the day it is told; one that ends before then is told at once (waiting would
    // tell it after the end). None for a churned customer.
    if (end && left !== null && (await fresh('contract', end)))
      tell(
        { ...about, kind: 'contract', date: end, days: left >= heldDays ? left - heldDays : left },
        end,
        left < heldDays,
      );

    // A file recorded late (manual B), not yet told to a manager when it was made (the DM
    // failed, or the manager was named since): told now, within a week of the recording.
    const recordedDaysAgo = (now.getTime() - customer.createdAt.getTime()) / 86_400_000;
    if (customer.lateRecord && recordedDaysAgo <= 7)
      for (const manager of ownersManagers(settings, customer.ownerId))
        if (await fresh('late', manager))
          tell(
            {
              owner: manager,
              customer: about.customer,
              kind: 'late',
              ownerId: customer.ownerId,
              firstContact: customer.firstContactDate,
              days: customer.lateRecord,
            },
            manager,
          );

    // Birthdays: told on the day, or on the last working day before it when it falls on a day
    // off (DMs to the owner go out on working days); not for a customer gone (churned). One whose
    // day to be told was missed (the runs of those days did not happen) is told late, within a
    // week of it, when the file existed then: belated wishes are still worth sending.
    const year = Number(today.slice(0, 4));
    const belatedFrom = maxDate(
      addDaysToDate(today, -BELATED_BIRTHDAY_DAYS),
      addDaysToDate(localDate(customer.createdAt, settings.timeZone), 1),
    );
    if (customer.lifecycle !== 'churned' && isWorkingDay(settings, today))
      for (const contact of customer.contacts) {
        if (optsOut(contact, 'greetings')) continue;
        const day = [year - 1, year, year + 1]
          .map((y) => birthdayIn(contact.birthday, y))
          .find(
            (d) =>
              d !== undefined &&
              (d >= today ? workingDayOnOrBefore(settings, d) <= today : d >= belatedFrom),
          );
        if (!day) continue;
        // Keyed by the year and the contact's key, never their name: the record and the outbox
        // entry outlive the contact (an erasure takes the name from what it rewrites, but a key
        // is a document's id). Keyed by the name before (`2026:Li Wei`): one recorded under that
        // form is not told again, and one written under it by a run that died before recording it
        // is written (and recorded) under that key again, so one DM goes (a run on the day of the
        // upgrade). The erasure of the contact deletes the records whose key names them.
        const told = day.slice(0, 4);
        const named = `${told}:${contact.name}`;
        if (await fresh('birthday', `${told}:${contact.key}`, named)) {
          const [before] = await this.deps.notify.signals.written(ctx, [
            `birthday:${customer.id}:${named}`,
          ]);
          tell(
            {
              ...about,
              kind: 'birthday',
              contact: contact.name,
              ...(day === today ? {} : { date: day }),
              ...(day < today ? { past: true } : {}),
            },
            before ? named : `${told}:${contact.key}`,
            false,
            contact.key,
          );
        }
      }

    const inactiveOrRival = churnRisk(
      {
        lifecycle: customer.lifecycle,
        competitorContact: customer.competitorContact,
        ...(customer.lastInteractionAt
          ? { lastInteractionDate: localDate(customer.lastInteractionAt, settings.timeZone) }
          : {}),
        ...(customer.lastOrderDate ? { lastOrderDate: customer.lastOrderDate } : {}),
        createdDate: localDate(customer.createdAt, settings.timeZone),
      },
      today,
      settings.churnInactivityDays,
    );
    // Falling order frequency (the last 3 months >= 30 % below the 3 before) is the third.
    const falling =
      !inactiveOrRival && AT_RISK.has(customer.lifecycle)
        ? orderFrequencyFall(customer.ordersByMonth ?? {}, today, settings.orderFall)
        : null;
    // One risk episode: its reason and what it counts from (the last activity; for a competitor
    // contact the day it was put on file, so a call logged meanwhile is not a new risk; for
    // falling orders the last order, so a new order that does not lift the fall is a new one).
    const episode = !inactiveOrRival
      ? falling && `falling:${customer.lastOrderDate ?? ''}`
      : inactiveOrRival.reason === 'competitor'
        ? `competitor:${localDate(await customers.competitorSince(ctx, customer), settings.timeZone)}`
        : `${inactiveOrRival.reason}:${addDaysToDate(today, -inactiveOrRival.idleDays)}`;
    const system = actingAs(ctx, SYSTEM_ACTOR, 'job');
    // The lifecycle as this run leaves it (warned or lifted now): what upsell is looked for at.
    let lifecycle = customer.lifecycle;
    if (episode && (await fresh('churn', episode))) {
      // The task (idempotent per episode; none when a win-back call is open for the customer,
      // which covers this risk too), the stage, then the signal: a failure leaves it unrecorded,
      // and tomorrow's run does it all again.
      // The care contact it replaces (closed) is said in the churn DM: one DM, not two.
      // Erased since the run read it (or being erased): the call taken back, and nothing else
      // done or told about the customer (revp60 F2); the run finds it erased next time.
      const taken: { erased?: boolean } = {};
      await this.deps.tasks.planWinBack(ctx, customer, episode, taken);
      if (taken.erased) return [];
      const replaced = await this.deps.tasks.replaceCareContacts(ctx, customer, episode);
      const replaces = replaced.flatMap((t) =>
        t.kind === 'care' || t.kind === 'call' || t.kind === 'visit'
          ? [{ kind: t.kind, due: t.dueDate }]
          : [],
      );
      const stageNow = await this.deps.customers.recomputeStage(system, customer, true, orders);
      lifecycle = stageNow.lifecycle;
      const { stage } = stageNow;
      if (stage) stages.push(stage);
      const signal: CustomerSignal = inactiveOrRival
        ? {
            ...about,
            kind: 'churn',
            reason: inactiveOrRival.reason,
            // Idle as of the day it is told (counted again from `since` when it goes).
            days: inactiveOrRival.idleDays + heldDays,
            ...(inactiveOrRival.reason === 'inactive'
              ? { since: addDaysToDate(today, -inactiveOrRival.idleDays) }
              : {}),
            ...(replaces.length ? { replaces } : {}),
          }
        : {
            ...about,
            kind: 'churn',
            reason: 'falling',
            days: 0,
            ...falling!,
            ...(replaces.length ? { replaces } : {}),
          };
      tell(signal, episode);
    } else {
      // The stage from the order history (new, growing, stable), a lifted warning included.
      const stageNow = await this.deps.customers.recomputeStage(
        system,
        customer,
        !!episode,
        orders,
      );
      lifecycle = stageNow.lifecycle;
      const { stage } = stageNow;
      if (stage) stages.push(stage);
      // No risk stands and the customer is not churned (lifted now, or by a person since): its
      // win-back call is no longer owed. A churned customer's stays, to ask why they left.
      if (winBacks.open.length && !episode && !GONE_OR_AT_RISK.has(lifecycle)) {
        const cancelled = await this.deps.tasks.cancelWinBacks(ctx, winBacks.open);
        winBacks.lifted.winBacks += cancelled.length;
        winBacks.lifted.executors.push(...cancelled.flatMap(homeReaders));
      }
    }

    // The low churn risk class (domain 2): stable monthly orders, satisfaction >= 90 and no
    // churn risk standing, stored with the day computed and the stretches of the last 400 days
    // (one write; the same again on a rerun). A customer never low is written once, to say from
    // when its history tells (a report for a period before that reads "–"); one whose history
    // did not change is not written again, unless low (its card says the day computed).
    const lowInput = {
      lifecycle,
      ordersByMonth: customer.ordersByMonth ?? {},
      satisfaction: satisfactionOutOf100(risk.answers),
      atRisk: !!episode,
      complaint: !!risk.complaint,
    };
    const isLow = lowRisk(lowInput, today);
    if (isLow) risk.low.count++;
    // Low but for a complaint: the card names it (`heldBy`), so the class missing is explained.
    const heldBy =
      risk.complaint && lowRisk({ ...lowInput, complaint: false }, today)
        ? risk.complaint
        : undefined;
    const nextLow = {
      ...nextLowRisk(customer.lowRisk, isLow, today),
      ...(heldBy ? { heldBy, heldAt: now } : {}),
    };
    // Low, or held by a complaint: written each day, so the card's "as of" is the day's.
    if (
      ((isLow || heldBy) && customer.lowRisk?.on !== today) ||
      !sameLowRisk(customer.lowRisk, nextLow)
    )
      await customers.setLowRisk(ctx, customer, nextLow);

    // Not for a prospect, a customer at risk (churn warning, now or since before) nor a churned one.
    const upsell =
      mayUpsell(lifecycle) &&
      upsellSignal(
        customer.ordersByMonth ?? {},
        today,
        settings.upsellGrowth,
        settings.upsellMinOrders,
      );
    const lastUpsell = upsell && (await customers.lastSignalAt(ctx, 'upsell', customer));
    const quiet = !lastUpsell || now.getTime() - lastUpsell.getTime() >= UPSELL_QUIET_MS;
    if (upsell && quiet && (await fresh('upsell', today)))
      tell({ ...about, kind: 'upsell', recent: upsell.recent, previous: upsell.previous }, today);
    return this.told(ctx, customer, owed, goOut.at);
  }

  /**
   * The signals found for `customer` (`owed`), told and then recorded: written to the outbox
   * (due when signals go out, `at`, unless told at once), each naming the customer (and the
   * contact a birthday names) as the run read it, then checked (writtenUnlessErased). An erasure
   * that finished after the run's read of the customer (its scrub of the outbox before these
   * were in it), or one under way, takes back those naming what it erases, unrecorded (a
   * contact's erasure: the signals naming that contact; the customer's: all). An upsell, and a
   * key customer's contract end or churn warning, is told to the owner's managers too
   * (`toOwnersManagers`), each under a key of their own (a rerun or another instance writes the
   * same keys: one DM each). The signals told.
   */
  private async told(
    ctx: Ctx,
    customer: SignalCustomer,
    owed: readonly Owed[],
    at: Date,
  ): Promise<CustomerSignal[]> {
    const { customers, tasks } = this.deps;
    const { settings } = ctx;
    const named = ({ contact }: Owed) => [
      { customerId: customer.id, code: customer.code, ...(contact ? { contacts: [contact] } : {}) },
    ];
    const kept = await writtenUnlessErased(
      ctx,
      { outbox: this.deps.notify.outbox, tasks },
      owed,
      named,
      async (batched, owe) => {
        const { signal, key, now } = owe;
        const notBefore = now ? undefined : at;
        const names = named(owe);
        const keys = await this.deps.notify.signals.tell(
          batched,
          signal,
          `${signal.kind}:${customer.id}:${key}`,
          notBefore,
          names,
        );
        const { guestOwner: _, ...copy } = signal;
        if (toOwnersManagers(signal.kind, isKeyCustomer(customer)))
          for (const manager of ownersManagers(settings, customer.ownerId))
            if (manager !== signal.owner)
              keys.push(
                ...(await this.deps.notify.signals.tell(
                  batched,
                  { ...copy, owner: manager, accountManager: customer.ownerId },
                  `${signal.kind}:${customer.id}:${key}:manager:${manager}`,
                  notBefore,
                  names,
                )),
              );
        return keys;
      },
    );
    for (const { signal, key } of kept) await customers.signalOnce(ctx, signal.kind, customer, key);
    return kept.map((o) => o.signal);
  }
}

/** A signal found for a customer, to be told (SignalFlows.told). */
interface Owed {
  signal: CustomerSignal;
  /** Its key among the customer's signals of its kind (the end date, the birthday, the episode…). */
  key: string;
  /** Told at once, not when signals go out. */
  now: boolean;
  /** The key of the contact it names (a birthday). */
  contact?: string;
}
