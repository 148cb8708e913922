import { createHash, randomUUID } from 'node:crypto';
import type { Ctx } from '../context.js';
import type { Logger } from '../logger.js';
import { AppError, FieldErrors } from '../errors.js';
import { typedExcerpt } from '../text/clip.js';
import { insertNumbered, type SequenceRepository } from '../db/sequence.js';
import { sumAmounts } from '../money.js';
import { SingleFlight } from '../single-flight.js';
import { addDaysToDate, localDate, startOfLocalDay, yearWindowStart } from '../time.js';
import {
  assertMayEdit,
  canSeeContacts,
  changeFor,
  mayChangeSomething,
  mayEditField,
  contactTypedTextStillMasked,
  contactTypedTextWithPersonalData,
  typedTextStillMasked,
  typedTextWithPersonalData,
  viewFor,
} from './access.js';
import { ownerExecutor, type UnfitPerson } from '../workspace/types.js';
import {
  actorSettings,
  assertMay,
  assertReadsDesk,
  assertWorksDesk,
  holdsNoRole,
  type Permission,
} from '../permissions.js';
import { CUSTOMER_FIELDS, FIELDS, FIELDS_BY_LOG_NAME, logName, type FieldSpec } from './fields.js';
import type {
  ChangeLogRepository,
  InteractionRepository,
  OrderRepository,
  SignalRepository,
} from './activity-repository.js';
import {
  applyPatch,
  changedFields,
  contactChanges,
  sameValue,
  storedDifference,
  type FieldChange,
} from './patch.js';
import { ownerIsGuest, refuseUnfitOwner } from './form.js';
import { CUSTOMER_PAGE, DuplicateKeyError, type CustomerRepository } from './repository.js';
import type { ForeignPipeline } from '../db/pipeline.js';
import {
  computeTier,
  customerCode,
  foldCode,
  fullYears,
  isStartupHistory,
  nameKey,
  formContactKey,
  newContactKey,
  recordedLate,
  SEARCH_TEXT_MAX,
  tooLongToFind,
} from './rules.js';
import {
  cooperationStartWith,
  lifecycleStage,
  responseTierRises,
  stageLookbackStart,
  summaryFacts,
  valueClass,
  type OrderFact,
  type OrderSummary,
} from './stage-rules.js';
import { contractSignal } from './signal-rules.js';
import { CARE_FIELDS, orderNumberKey, orderNumberOf, SIGNAL_FIELDS } from './types.js';
import type {
  CareCustomer,
  ChangeRecord,
  ChurnReasonCode,
  CommercialFigures,
  Contact,
  ContactPatch,
  Declaring,
  CustomerPatch,
  CustomerNameNow,
  CustomerPass,
  CustomerRecord,
  CustomerRef,
  CustomerWithSignals,
  DigestCustomer,
  InteractionInput,
  InteractionRecord,
  InteractionType,
  Lifecycle,
  LowRiskState,
  NamedContacts,
  NewCustomer,
  NewCustomerPatch,
  OrderInput,
  OrderRecord,
  SignalCustomer,
  SignalKind,
  StageCustomer,
  TagFamily,
  Tier,
  UpgradeIntent,
} from './types.js';
import type { ChangesOwed } from './model.js';

/**
 * Customers whose name differs from another customer's only by invisible characters (both saved
 * before name keys left them out): each listed keeps its old name key (the other has the new
 * one) until it is renamed; both are found.
 */
export function logNameClashes(
  log: Pick<Logger, 'warn'>,
  teamId: string,
  customers: string[],
): void {
  log.warn(
    { teamId, customers },
    "customer names the same as another customer's but for invisible characters: kept apart; rename or merge them",
  );
}

/** A customer's contacts at most (the Contacts modal lists them all within Slack's limits). */
export const MAX_CONTACTS = 20;

/** An owner's customers are counted up to this for an admin's Home. */
export const OWNED_COUNT_MAX = 1000;

export interface CustomerRepositories {
  customers: CustomerRepository;
  orders: OrderRepository;
  interactions: InteractionRepository;
  changes: ChangeLogRepository;
  signals: SignalRepository;
  sequences: SequenceRepository;
  /**
   * Where a copy of the customer's name is kept (its open tasks, its channel links), each
   * written again on a rename: given by the composition root, as those domains depend on this
   * one, not the other way round.
   */
  nameCopies?: readonly NameCopies[];
  /**
   * Where a copy of the customer's owner is kept (its open tickets' account manager), written
   * again when the customer changes hands: given by the composition root, as `nameCopies`.
   */
  ownerCopies?: readonly OwnerCopies[];
  /**
   * Whether a contact of this name (any name they had) was erased from the customer `code` (the
   * privacy log's keyed hashes: PrivacyLog.contactErased): given by the composition root, as
   * the privacy domain depends on this one. Absent: none is known.
   */
  contactErased?: (ctx: Pick<Ctx, 'teamId'>, code: string, name: string) => Promise<boolean>;
}

/**
 * A copy of the customer's owner kept elsewhere (`ownerCopies`). `reassignCustomer` writes the
 * owner the change that gave the file `revision` made, idempotently, and never over a copy a
 * later change wrote: done again, late or twice, it changes nothing wrong.
 */
export interface OwnerCopies {
  reassignCustomer(
    teamId: string,
    customerId: string,
    ownerId: string,
    revision: number,
    /** The owner when a guest, `ownerId` being whom `ownerExecutor` names instead. */
    guestOwner?: string,
  ): Promise<number>;
  /** Whom the copies `reassignCustomer` of `revision` would write over name now, each once. */
  accountManagersToMove(teamId: string, customerId: string, revision: number): Promise<string[]>;
  /**
   * The tier the change that gave the file `revision` left it with, copied where it is kept (the
   * open tickets, their next alert planned again), idempotently and never over a later change's
   * copy; their cards drawn again. How many copies changed.
   */
  retierCustomer(
    teamId: string,
    customerId: string,
    tier: Tier,
    revision: number,
    now: Date,
  ): Promise<number>;
}

/**
 * A customer whose open tickets the outbox job's repair moved to its owner (`ownerId`), in
 * workspace `teamId`: `from`, whom they named before (their Homes listed them).
 */
export interface OwnerCopiesMoved {
  teamId: string;
  customerId: string;
  ownerId: string;
  from: string[];
}

/**
 * A copy of the customer's name kept elsewhere (`nameCopies`). `renameCustomer` writes the name
 * the rename that gave the file `revision` made, idempotently, and never over a copy a later
 * rename wrote (a higher revision): done again, late or twice, it changes nothing wrong.
 */
export interface NameCopies {
  renameCustomer(
    teamId: string,
    customerId: string,
    customerName: string,
    revision: number,
  ): Promise<number>;
}

/** How `CustomerService.update` (and `checkUpdate`, but for `ownerWas`) takes a patch. */
export interface UpdateOptions {
  /**
   * The contact `patch.contact` is about (the Edit modal's primary when it opened, `''` when it
   * had none): its details go to that contact wherever it now is, and are logged with its name;
   * absent (a CSV row), to the primary contact.
   */
  contactKey?: string;
  /** Who Slack says is no person to own a customer (`refuseUnfitOwner`). */
  unfit?: readonly UnfitPerson[];
  /**
   * The form showed the customer's personal data in clear when it opened (its reader could see
   * it then): typed text with a phone or email is refused if they may no longer.
   */
  shownInClear?: boolean;
  /**
   * The owner change applies only while this is still the owner (a hand-over moves only what
   * the leaver holds): on a revision someone else owns now, it is dropped.
   */
  ownerWas?: string;
}

/** How long a rename's copies of its name are left to the rename itself before the repair. */
export const NAME_COPY_REPAIR_MS = 2 * 60_000;

/** The longest wait between two tries of a repair of a name's copies that keeps failing. */
export const NAME_REPAIR_MAX_DELAY_MS = 60 * 60_000;

/** The wait after a repair of a name's copies failed for the `attempts`th time: 1, 2, 4 … 60 min. */
export function nameRepairDelay(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.min(Math.max(attempts - 1, 0), 30), NAME_REPAIR_MAX_DELAY_MS);
}

/**
 * How long the picker's options for a prefix are reused in a workspace (on this instance; a
 * customer created on another shows up in them at most this much later).
 */
export const SUGGEST_KEEP_MS = 1000;

/** Customers given a sort key per write by the backfill (`backfillSortKeys`). */
export const SORT_KEY_BATCH = 1000;

/**
 * Business rules of the customer file. Plain data in and out; every call carries the request's
 * context (workspace, who acts, when, settings). Through Slack, only the owner, managers and
 * admins may change a customer and only managers and admins may override its tier; an import
 * and the desk's jobs act for the workspace.
 */
export class CustomerService {
  /**
   * Picker searches: the same prefix typed at once in one workspace is read once, and its options
   * serve that prefix for SUGGEST_KEEP_MS more (a burst of type-ahead requests); a customer
   * written here drops the workspace's.
   */
  private readonly searches = new SingleFlight({ keepMs: SUGGEST_KEEP_MS });

  constructor(private readonly repos: CustomerRepositories) {}

  /** Whether a contact of this name was erased from the customer (CustomerRepositories.contactErased). */
  contactErased(ctx: Pick<Ctx, 'teamId'>, code: string, name: string): Promise<boolean> {
    return this.repos.contactErased?.(ctx, code, name) ?? Promise.resolve(false);
  }

  /**
   * The customers `ownerId` owns, by code, at most `limit` (a hand-over's); with `after`, those
   * whose code sorts after it. Only what a hand-over names and moves them by (`CustomerRef`).
   */
  ownedBy(
    ctx: Pick<Ctx, 'teamId'>,
    ownerId: string,
    limit: number,
    after?: string,
  ): Promise<CustomerRef[]> {
    return this.repos.customers.ownedBy(ctx.teamId, ownerId, limit, after);
  }

  /** How many customers `ownerId` owns, counted up to `limit`. */
  ownedCount(ctx: Pick<Ctx, 'teamId'>, ownerId: string, limit: number): Promise<number> {
    return this.repos.customers.ownedCount(ctx.teamId, ownerId, limit);
  }

  /** Of the customers `ids` (in the workspace), those `ownerId` owns now: their ids. */
  async ownedAmong(
    ctx: Pick<Ctx, 'teamId'>,
    ownerId: string,
    ids: readonly string[],
  ): Promise<Set<string>> {
    return new Set(await this.repos.customers.ownedAmong(ctx.teamId, ownerId, ids));
  }

  /**
   * The customer of `code` (folded) with the documents another repository's pipeline finds
   * (`join`), in one command; null when no such customer.
   */
  readWith(
    ctx: Pick<Ctx, 'teamId'>,
    code: string,
    join: ForeignPipeline,
  ): Promise<{ customer: CustomerRecord; joined: unknown[] } | null> {
    return this.repos.customers.byCodeWith(ctx.teamId, code, join);
  }

  async get(ctx: Ctx, code: string): Promise<CustomerRecord> {
    const customer = await this.repos.customers.byCode(ctx.teamId, foldCode(code));
    if (!customer)
      throw new AppError('NOT_FOUND', 'customer.error.notFound', {
        code: typedExcerpt(code, 20),
      });
    return customer;
  }

  /**
   * The customer of the code in another collection's field (`field`: `'$customerCode'`), as a
   * pipeline that collection's read runs along (one command for both); `ofDocs` its customers.
   */
  byCodeIn(ctx: Pick<Ctx, 'teamId'>, field: string): ForeignPipeline {
    return this.repos.customers.byCodePipeline(ctx.teamId, field);
  }

  /** The customers `byCodeIn`'s pipeline found, from its raw documents. */
  ofDocs(docs: unknown[]): CustomerRecord[] {
    return this.repos.customers.fromDocs(docs);
  }

  /** The customers of some codes, by folded code (those not found are left out): one read. */
  async getMany(
    ctx: Pick<Ctx, 'teamId'>,
    codes: readonly string[],
  ): Promise<Map<string, CustomerRecord>> {
    const found = await this.repos.customers.byCodes(ctx.teamId, codes);
    return new Map(found.map((customer) => [customer.code, customer]));
  }

  /**
   * A customer to show its reader (its card, its Contacts, a form opened from its card), for a
   * reader of the desk: a guest of the workspace who holds no role reads no customer's file
   * (`assertReadsDesk`). `get` is the desk's own look-up (a ticket filed for the customer).
   */
  async read(ctx: Ctx, code: string): Promise<CustomerRecord> {
    assertReadsDesk(ctx);
    return this.get(ctx, code);
  }

  /**
   * Refuses the fields the actor may not change (src/permissions.ts), from Slack and from an
   * import's `--as` alike; the desk's own jobs act for the workspace.
   */
  private assertMayEdit(
    ctx: Ctx,
    customer: Pick<CustomerRecord, 'ownerId'>,
    changes: { field: string }[],
  ): void {
    if (ctx.origin === 'job') return;
    // A guest on an open desk (or a person Slack did not describe in time) is told why at once.
    if (ctx.guest && changes.length) assertMay(ctx, 'customer.editService', { customer });
    assertMayEdit(actorSettings(ctx), ctx.actor, customer, changes);
  }

  /**
   * Refuses an actor who may change nothing of this customer (`permission` for one action): first
   * one who does not read the desk (a guest, even its owner: `assertWorksDesk`), on every path
   * (the button, the form's open, its save).
   */
  private assertMayChange(ctx: Ctx, customer: CustomerRecord, permission?: Permission): void {
    if (ctx.origin === 'job') return;
    assertWorksDesk(ctx);
    if (permission) return assertMay(ctx, permission, { customer });
    if (!mayChangeSomething(actorSettings(ctx), customer, ctx.actor))
      assertMay(ctx, 'customer.editService', { customer });
  }

  /**
   * The customer for a form that does one thing to it (Record order, Log interaction), when the
   * actor may do it: asked before the form opens, as its save asks again.
   */
  async forAction(
    ctx: Ctx,
    code: string,
    permission: 'customer.recordOrder' | 'customer.logInteraction',
  ): Promise<CustomerRecord> {
    const customer = await this.get(ctx, code);
    this.assertMayChange(ctx, customer, permission);
    return customer;
  }

  /**
   * The customer for an Edit form, when the actor may change it (owner, manager, admin; service
   * staff its service fields); with whether its revenue comes from orders.
   */
  async forEditing(
    ctx: Ctx,
    code: string,
  ): Promise<{
    customer: CustomerRecord;
    hasOrders: boolean;
    tagsInUse: Record<TagFamily, string[]>;
  }> {
    const customer = await this.get(ctx, code);
    this.assertMayChange(ctx, customer);
    const [hasOrders, tagsInUse] = await Promise.all([
      this.repos.orders.hasAny(ctx.teamId, customer.id),
      this.tagsInUse(ctx),
    ]);
    return { customer, hasOrders, tagsInUse };
  }

  /**
   * What `/customer new` opens with, for someone who may add customers (asked before the form
   * opens, so nobody fills a form to be refused): the tags in use, for the pick lists.
   */
  async forCreating(ctx: Ctx): Promise<{ tagsInUse: Record<TagFamily, string[]> }> {
    assertMay(ctx, 'customer.create');
    return { tagsInUse: await this.tagsInUse(ctx) };
  }

  /** The tags in use in the workspace, per family: what the modal's pick lists offer. */
  tagsInUse(ctx: Ctx): Promise<Record<TagFamily, string[]>> {
    return this.repos.customers.tagsInUse(ctx.teamId, 100);
  }

  /**
   * The commercial figures a card shows, from the orders: historic total, orders in the last 12
   * months, the last order's date, and whole years since cooperation started; `masked` for a
   * reader who may not see them (nothing is read then).
   */
  async commercialFigures(
    ctx: Ctx,
    customer: CustomerRecord,
  ): Promise<CommercialFigures | 'masked'> {
    // Commercial figures, like annual revenue: for those who see personal data (visibility.ts).
    if (!canSeeContacts(ctx.settings, customer, ctx.actor)) return 'masked';
    const orders = await this.repos.orders.forCustomer(ctx.teamId, customer.id);
    const since = yearWindowStart(ctx.today);
    const lastOrderDate = customer.lastOrderDate ?? orders[0]?.date;
    const start = customer.cooperationStartDate ?? orders.at(-1)?.date;
    return {
      historicTotal: sumAmounts(orders.map((o) => o.amount)),
      ordersLast12Months: orders.filter((o) => o.date >= since).length,
      ...(lastOrderDate ? { lastOrderDate } : {}),
      ...(start ? { cooperationStart: start, cooperationYears: fullYears(start, ctx.today) } : {}),
    };
  }

  /**
   * Clears the recorded-late flag of the customers that are history the team brought to the
   * desk (`isStartupHistory`: first contacted before the workspace's first record), which
   * `create` flagged before it asked that rule: their card, the digest and the managers' DMs no
   * longer call them late. Idempotent (the daily signals run repeats it); how many it cleared.
   */
  async clearStartupLateRecords(ctx: Ctx): Promise<number> {
    const { teamId, settings } = ctx;
    const flagged = await this.repos.customers.lateRecorded(teamId);
    if (!flagged.length) return 0;
    const firstRecordAt = await this.repos.changes.firstRecordAt(teamId);
    const history = flagged.filter((c) =>
      isStartupHistory(startOfLocalDay(c.firstContactDate, settings.timeZone), firstRecordAt),
    );
    return this.repos.customers.clearLateRecord(
      teamId,
      history.map((c) => c.id),
    );
  }

  /** Days after the first contact a late file was recorded (manual B), or undefined. */
  lateBy(customer: CustomerRecord): number | undefined {
    return customer.lateRecord || undefined;
  }

  /**
   * The customer for a contact form, when the actor may change its contacts: as the actor may
   * see it (service staff who may edit contacts may still not read their phones in clear; the
   * form then shows them masked, and a masked value left as it is is not saved).
   */
  async forContacts(ctx: Ctx, code: string): Promise<CustomerRecord> {
    const customer = await this.get(ctx, code);
    this.assertMayChange(ctx, customer, 'customer.editService');
    return viewFor(ctx.settings, customer, ctx.actor);
  }

  /** A customer's latest interactions, newest first (its card shows three). */
  latestInteractions(ctx: Ctx, customer: CustomerRecord, limit = 3): Promise<InteractionRecord[]> {
    return this.repos.interactions.latest(ctx.teamId, customer.id, limit);
  }

  /**
   * Whether `ownerId`, made a customer's owner, is marked a guest of the workspace (`ownerGuest`,
   * whose desk tasks and tickets go to their manager: `ownerExecutor`), decided here alike for
   * every path that sets an owner: New and Edit customer, `/desk handover`, the CSV import.
   * `unfit`: what Slack's users.info said of the person picked (the paths in Slack ask it; one it
   * did not describe in time is taken as no guest): a guest when it said so. Not asked (the
   * command line has no Slack client: the import): someone the roles name is not (a role is
   * refused to a guest); someone the desk marks a guest on another customer's file is; anyone
   * else is not, until the daily check asks Slack (`recheckOwners`).
   */
  async ownerGuestOf(
    ctx: Pick<Ctx, 'teamId' | 'settings'>,
    ownerId: string,
    unfit: readonly UnfitPerson[] | undefined,
  ): Promise<boolean> {
    if (unfit) return ownerIsGuest(ownerId, unfit);
    if (!holdsNoRole(ctx.settings, ownerId)) return false;
    return this.repos.customers.ownsAsGuest(ctx.teamId, ownerId);
  }

  /**
   * Everyone whose customers' files mark them not a member of the workspace (`ownerGuest`): whose
   * tasks are held while nobody of the staff can stand in (`nobodyStandsIn`). One read.
   */
  awayOwners(ctx: Pick<Ctx, 'teamId'>): Promise<string[]> {
    return this.repos.customers.awayOwnerIds(ctx.teamId);
  }

  /**
   * Whether the desk knows `userId` as someone of the workspace without asking Slack (the import,
   * which has no Slack client): the roles name them, or they own a customer. Anyone else may be a
   * typo of an id (said by the import's row, not refused).
   */
  async userKnown(ctx: Pick<Ctx, 'teamId' | 'settings'>, userId: string): Promise<boolean> {
    if (!holdsNoRole(ctx.settings, userId)) return true;
    return this.repos.customers.ownsAny(ctx.teamId, userId);
  }

  /**
   * The owners of the workspace's customers the daily check asks Slack about today
   * (`TaskFlows.daily`): everyone who owns one, at most `limit`, a different slice each day (by
   * `ctx.today`) when there are more, so that each is asked within ceil(owners / limit) days.
   */
  async ownersToCheck(ctx: Pick<Ctx, 'teamId' | 'today'>, limit: number): Promise<string[]> {
    const all = (await this.repos.customers.ownerIds(ctx.teamId)).sort();
    if (all.length <= limit) return all;
    const day = Math.floor(Date.parse(`${ctx.today}T00:00:00Z`) / 86_400_000);
    const start = (day * limit) % all.length;
    return [...all.slice(start), ...all.slice(0, start)].slice(0, limit);
  }

  /**
   * Slack says (the daily check) it has no user `ownerId` (user_not_found, user_not_visible: a
   * typo of an id in an import, someone removed): recorded once per owner, so that the admins'
   * Homes say which customers nobody owns (`ownersUnknownToSlack`). True only the first time.
   */
  ownerUnknownToSlack(ctx: Pick<Ctx, 'teamId' | 'now'>, ownerId: string): Promise<boolean> {
    return this.repos.signals.ownerUnknownOnce(ctx.teamId, ownerId, ctx.now);
  }

  /** Slack describes `ownerId` (again): no longer said. True when they were recorded unknown. */
  ownerKnownToSlack(ctx: Pick<Ctx, 'teamId'>, ownerId: string): Promise<boolean> {
    return this.repos.signals.ownerKnown(ctx.teamId, ownerId);
  }

  /**
   * The owners Slack said it has no user for who still own customers of the workspace, each
   * with how many (up to `OWNED_COUNT_MAX`), most first: an admin's Home names them, to give
   * those customers another owner. One reassigned all their customers is left out.
   */
  async ownersUnknownToSlack(
    ctx: Pick<Ctx, 'teamId'>,
  ): Promise<{ ownerId: string; customers: number }[]> {
    const ids = await this.repos.signals.ownersUnknown(ctx.teamId);
    // One grouped count for them all, however many are recorded (not one count per id).
    const owned = await this.repos.customers.ownedCounts(ctx.teamId, ids, OWNED_COUNT_MAX);
    return ids
      .flatMap((ownerId) => {
        const customers = owned.get(ownerId) ?? 0;
        return customers ? [{ ownerId, customers }] : [];
      })
      .sort((a, b) => b.customers - a.customers);
  }

  /**
   * The daily check: the records of owners Slack said it has no user for who own no customer any
   * more (all theirs given another owner) go, so that they are not read again at every admin's
   * Home. How many went.
   */
  async forgetUnknownOwnersOwningNothing(ctx: Pick<Ctx, 'teamId'>): Promise<number> {
    const ids = await this.repos.signals.ownersUnknown(ctx.teamId);
    if (!ids.length) return 0;
    const owned = await this.repos.customers.ownedCounts(ctx.teamId, ids, 1);
    return this.repos.signals.forgetOwnersUnknown(
      ctx.teamId,
      ids.filter((id) => !owned.has(id)),
    );
  }

  /**
   * Slack says (the daily check) whether `ownerId` is a guest of the workspace now: the files
   * they own marked otherwise (`ownerGuest`) are marked or unmarked, each by its own write
   * conditional on the revision read (one changed meanwhile is left for the next check), its
   * revision raised and its copies of the owner owed as an owner change's are: their open tickets
   * name whom `ownerExecutor` names now (their tasks follow at the daily run's care planning).
   * As Edit customer's save, the mark keeps whom the open tickets named before (`NamesOwed.from`:
   * the owner, and a guest owner's stand-in), so that their move is drawn whichever write makes
   * it (this one's copies, a later save's, the outbox job's repair). The files changed, as stored
   * after, each with that `from` (whose Homes showed the customer as theirs).
   */
  async remarkOwner(
    ctx: Ctx,
    ownerId: string,
    guest: boolean,
    /**
     * Run once before the first file is marked (a guest's, `guest`): the admins' DM (TaskFlows),
     * written before the marks so that a run dying between the two writes it again the next time
     * (its key tells it once).
     */
    beforeMarking?: () => Promise<unknown>,
  ): Promise<{ customer: CustomerRecord; from: string[] }[]> {
    const changed: { customer: CustomerRecord; from: string[] }[] = [];
    // Marked otherwise as read: its tickets named whom `ownerExecutor` names for that mark.
    const before = ownerExecutor(
      ctx.settings,
      guest ? { ownerId } : { ownerId, ownerGuest: true },
    ).assigneeId;
    // The owner stays in it, where Edit customer's save leaves out a guest it hands the file away
    // from (no Home of theirs to draw, no id of theirs kept on the mark): the owner here keeps
    // the file. Made a guest, they were a member as read, whom the tickets named (the save keeps
    // such an owner too); made a member again, the tickets go to them, whose Home every pass
    // draws as the owner's anyway (the daily run's, the repair's, a later save's handing it on).
    const from = [...new Set([ownerId, before])].filter(Boolean);
    const files = await this.repos.customers.markedOtherwise(ctx.teamId, ownerId, guest);
    if (guest && files.length && beforeMarking) await beforeMarking();
    for (const { id, revision } of files) {
      const mark = randomUUID();
      const updated = await this.repos.customers.update(
        ctx.teamId,
        id,
        revision,
        guest ? { ownerGuest: true } : {},
        guest ? [] : ['ownerGuest'],
        { at: ctx.now, mark, nextAt: new Date(ctx.now.getTime() + NAME_COPY_REPAIR_MS), from },
      );
      if (!updated) continue;
      changed.push({ customer: updated, from });
      await this.copySaved(ctx, id, updated, mark, from).catch((err: unknown) =>
        ctx.log.warn(
          { err, customer: id },
          'owner re-marked: its open tickets keep the account manager they had until the repair',
        ),
      );
    }
    return changed;
  }

  /** The customer as the actor may see it: personal contact data masked unless allowed. */
  viewFor(ctx: Ctx, customer: CustomerRecord): CustomerRecord {
    return viewFor(ctx.settings, customer, ctx.actor);
  }

  async create(
    ctx: Ctx,
    patch: NewCustomerPatch,
    options: {
      /** Keep this code (an import of existing files) instead of taking the next one. */
      fixedCode?: string;
      /**
       * The modal submission (its view id) this is: submitted again (its answer to Slack was
       * lost), the customer it created is returned rather than refused as a name taken.
       */
      submission?: string;
      /** Who Slack says is no person to own a customer (`refuseUnfitOwner`). */
      unfit?: readonly UnfitPerson[];
    } = {},
  ): Promise<CustomerRecord> {
    const { teamId, settings } = ctx;
    const { fixedCode, submission } = options;
    if (ctx.origin !== 'job') assertMay(ctx, 'customer.create');
    refuseUnfitOwner(patch.ownerId, options.unfit);
    /**
     * The customer this submission saved before (its answer was lost): that one, not a second
     * one (what was changed in the form since is not applied: the card in the answer shows it).
     * Else the refusal of a name another customer has; undefined when the name is free.
     */
    const madeBefore = async (): Promise<CustomerRecord | undefined> => {
      const { named, made } = await this.repos.customers.byNameOrSubmission(
        teamId,
        nameKey(patch.name),
        submission,
      );
      if (made) return made;
      if (named) throw nameTaken(named);
      return undefined;
    };
    const before = await madeBefore();
    if (before) return before;
    const year = Number(ctx.today.slice(0, 4));
    // Manual B: a file within 24 h of the first contact. Flagged when made in Slack (an import
    // moves files kept elsewhere, whose lateness the desk cannot know), unless the customer is
    // history the team brings to the desk: first contacted before the workspace's first record
    // (this one, when it is the first), as the digest counts its new customers.
    // The change log is read only for a file that would be late (most are made in time).
    const late = ctx.origin === 'slack' ? recordedLate(patch.firstContactDate, ctx.today) : null;
    const lateDays =
      late !== null &&
      !isStartupHistory(
        startOfLocalDay(patch.firstContactDate, settings.timeZone),
        (await this.repos.changes.firstRecordAt(teamId)) ?? ctx.now,
      )
        ? late
        : null;
    const blank: NewCustomer = {
      teamId,
      code: '',
      name: patch.name,
      nameKey: nameKey(patch.name),
      industry: patch.industry,
      source: patch.source,
      firstContactDate: patch.firstContactDate,
      ownerId: patch.ownerId,
      ...((await this.ownerGuestOf(ctx, patch.ownerId, options.unfit))
        ? { ownerGuest: true as const }
        : {}),
      contacts: [],
      currency: settings.currency,
      ordersByMonth: {},
      tags: [],
      industryTags: [],
      valueTags: [],
      needTags: [],
      customerType: 'company',
      potential: 'ordinary',
      lifecycle: 'prospect',
      competitorContact: false,
      computedTier: 'normal',
      tier: 'normal',
      searchTerms: [],
      createdBy: ctx.actor,
      ...(submission ? { createdIn: submission } : {}),
      ...(lateDays ? { lateRecord: lateDays } : {}),
    };
    // Set when the insert found the name taken by this same submission saving at the same time.
    let madeMeanwhile: CustomerRecord | undefined;
    const insert = async (code: string) => {
      // A new file is tiered by the current thresholds.
      const customer = applyPatch(
        { ...blank, code },
        { ...patch, retier: true },
        settings,
        ctx.actor,
        ctx.now,
      );
      customer.valueClass = valueClass(customer, ctx.today, settings.valueClasses);
      // Whoever may create a customer sets its fields; the tier override stays the managers'.
      const managersOnly = changedFields({ ...blank, code }, customer).filter(
        (c) => FIELDS_BY_LOG_NAME.get(c.field)?.[1].edit === 'managers',
      );
      this.assertMayEdit(ctx, customer, managersOnly);
      try {
        const saved = await this.repos.customers.insert(customer, ctx.now);
        this.forgetSuggestions(ctx.teamId);
        return saved;
      } catch (err) {
        if (err instanceof DuplicateKeyError && err.index.includes('nameKey')) {
          // Taken meanwhile: by the same submission saving at the same time, or refused.
          madeMeanwhile = await madeBefore();
          if (madeMeanwhile) return madeMeanwhile;
        }
        throw err;
      }
    };
    const kept = fixedCode ? /^C(\d{4})(\d{3,})$/.exec(fixedCode) : null;
    if (kept)
      await this.repos.sequences.raiseTo(teamId, 'customer', Number(kept[1]), Number(kept[2]));
    const created = fixedCode
      ? await insert(fixedCode)
      : await insertNumbered({
          sequences: this.repos.sequences,
          teamId,
          kind: 'customer',
          period: year,
          format: (n) => customerCode(year, n),
          insert,
          isTaken: (err) => err instanceof DuplicateKeyError && err.index.includes('code'),
        });
    if (madeMeanwhile) return madeMeanwhile;
    await this.repos.changes.append([
      {
        teamId,
        customerId: created.id,
        field: 'created',
        oldValue: null,
        newValue: created.code,
        by: ctx.actor,
        at: ctx.now,
        source: ctx.origin,
      },
    ]);
    return created;
  }

  /**
   * Changes a customer: only fields whose value differs are written, and each is logged with
   * old and new value. The tier and the value class follow the change at once (revenue typed in
   * Edit or a CSV column, cooperation start, potential, lifecycle).
   */
  async update(
    ctx: Ctx,
    code: string,
    patch: CustomerPatch,
    opts: UpdateOptions = {},
  ): Promise<{ customer: CustomerRecord; changes: ChangeRecord[]; formerGuest?: true }> {
    const current = await this.get(ctx, code);
    this.assertMayChange(ctx, current);
    return this.applyAndLog(ctx, current, ...this.updateOf(ctx, patch, opts));
  }

  /**
   * Refuses `patch` as `update` would on the file as read (a submission's checks, before its
   * saving view, so that each refusal comes back on its field in the ack): the person may change
   * nothing of it or not these fields, a masked text edited around its mask, an unfit owner,
   * revenue typed for a customer with orders, the contact the form opened with gone, a name
   * another customer has. Writes nothing; `update` asks it all again of the file it writes.
   */
  async checkUpdate(
    ctx: Ctx,
    code: string,
    patch: CustomerPatch,
    opts: Omit<UpdateOptions, 'ownerWas'> = {},
  ): Promise<void> {
    const current = await this.get(ctx, code);
    this.assertMayChange(ctx, current);
    await this.planChange(ctx, current, ...this.updateOf(ctx, patch, opts));
  }

  /**
   * `update`'s arguments to applyAndLog: the patch over each revision the write is tried on,
   * refused (or cut) as `updatePatch` says, what is logged, and the contact it is about.
   */
  private updateOf(
    ctx: Ctx,
    patch: CustomerPatch,
    opts: UpdateOptions,
  ): [
    (current: CustomerRecord) => Promise<CustomerPatch>,
    (before: NewCustomer, after: NewCustomer) => FieldChange[],
    string | undefined,
  ] {
    const { contactKey, unfit, shownInClear = false, ownerWas } = opts;
    // The contact's details contact by contact (matched by key, with its name), the rest by
    // the registry: a CSV row's contact cells too, so a primary contact removed is never logged
    // as renamed to the next one.
    const diff = (before: NewCustomer, after: NewCustomer) =>
      withContactChanges(changedFields(before, after), before, after);
    return [
      (current) =>
        this.updatePatch(
          ctx,
          current,
          // Owned by someone else by now (this revision): the owner change is dropped.
          ownerWas !== undefined && 'ownerId' in patch && current.ownerId !== ownerWas
            ? withoutOwner(patch)
            : patch,
          unfit,
          diff,
          contactKey,
          shownInClear,
        ),
      diff,
      contactKey,
    ];
  }

  /**
   * The patch `update` writes over `current` (with its value class), refused as it is. Asked of
   * every revision the write is tried on, so a change made between a submission's checks and its
   * save (an order recorded, the notes rewritten) is still refused.
   */
  private async updatePatch(
    ctx: Ctx,
    current: CustomerRecord,
    patch: CustomerPatch,
    unfit: readonly UnfitPerson[] | undefined,
    diff: (before: NewCustomer, after: NewCustomer) => FieldChange[],
    contactKey: string | undefined,
    shownInClear: boolean,
  ): Promise<CustomerPatch> {
    // Whether the owner is a guest is the service's to decide (`ownerGuestOf`), not the caller's.
    const { ownerGuest: _given, ...asked } = patch;
    patch = asked;
    // Shown in clear when the form opened, to someone who may no longer see personal data (no
    // longer the owner, unlinked from it): a changed note, need or contact's title, channel or
    // opt-outs with a phone or email in it is refused first, to be changed in a form opened again
    // (masked), so that nobody who may not see them writes the numbers they were shown.
    if (shownInClear && this.lostSight(ctx, current))
      refuseAccessLost(typedTextWithPersonalData(patch), 'customer.error.accessChangedSinceOpen');
    // A field the person may not change is refused as such before its own rules are asked:
    // whoever may not change annual purchases does not learn from the refusal that the customer
    // has orders (planChange asks again of the patch as these rules leave it). An import's
    // revenue column, which yields to the orders below, is asked there only.
    if (ctx.origin !== 'job') {
      const { id: _i, createdAt: _c, updatedAt: _u, revision: _r, ...base } = current;
      const { annualRevenue: _a, ...notRevenue } = patch;
      const asked = ctx.origin === 'slack' ? patch : notRevenue;
      const touched = diff(
        base,
        applyPatch(base, asked, ctx.settings, ctx.actor, ctx.now, contactKey),
      );
      if (touched.length) this.assertMayEdit(ctx, current, touched);
    }
    // Notes, needs and the contact's title, channel and opt-outs shown masked (`139****5678`)
    // and edited around the mask: saved, the mask would replace the number. Refused on the field,
    // as a masked phone edited in part is, for whoever sends it: someone who may see the number
    // now may have been shown it masked.
    if (ctx.origin !== 'job') refuseMasked(typedTextStillMasked(current, patch, contactKey));
    // A new owner someone may not set is refused as such when the change is applied.
    if (
      patch.ownerId &&
      patch.ownerId !== current.ownerId &&
      (ctx.origin === 'job' || mayEditField(actorSettings(ctx), current, ctx.actor, OWNER_FIELD))
    ) {
      refuseUnfitOwner(patch.ownerId, unfit);
      // A guest made its owner: marked so (applyPatch drops the mark for any other owner).
      if (await this.ownerGuestOf(ctx, patch.ownerId, unfit))
        patch = { ...patch, ownerGuest: true };
    }
    if (
      'annualRevenue' in patch &&
      !sameValue(patch.annualRevenue, current.annualRevenue) &&
      (await this.repos.orders.hasAny(ctx.teamId, current.id))
    ) {
      if (ctx.origin === 'slack')
        throw new FieldErrors({ annual_revenue: { key: 'customer.error.revenueFromOrders' } });
      // A spreadsheet's revenue column yields to the orders: re-importing stays a no-op.
      const { annualRevenue: _ignored, ...rest } = patch;
      return withValueClass(ctx, current, rest);
    }
    return withValueClass(ctx, current, patch);
  }

  /**
   * Computes the patch against the stored customer, writes only the fields that change and logs
   * each. The write applies only to the revision read; if someone else wrote in between, the
   * patch is worked out again on their result, so concurrent edits of different fields merge and
   * a recomputed total is never a stale one.
   */
  private async applyAndLog(
    ctx: Ctx,
    start: CustomerRecord,
    patchFor: (current: CustomerRecord) => CustomerPatch | Promise<CustomerPatch>,
    /** What to log: the registry's fields by default; contact by contact for the Contacts modal. */
    diff: (before: NewCustomer, after: NewCustomer) => FieldChange[] = changedFields,
    /** The contact a patch's `contact` is about (applyPatch), else the primary one. */
    contactKey?: string,
    /** Part of completing a task, which the task service checked: no field is refused. */
    partOf?: 'task.complete',
    /**
     * The log is owed: the write records its entries on the customer (`changesOwed`), cleared
     * once the log has them, so a log write that fails is done later (`writeChangesOwed`); the
     * change is saved then, and its failure returned (`logFailed`), not thrown.
     */
    oweLog?: true,
  ): Promise<{
    customer: CustomerRecord;
    changes: ChangeRecord[];
    logFailed?: { err: unknown };
    /** Handed to another owner from one marked a guest (whose stand-in's Home listed it). */
    formerGuest?: true;
  }> {
    let current = start;
    for (let attempt = 0; ; attempt++) {
      const { id, revision } = current;
      const { base, next, changes } = await this.planChange(
        ctx,
        current,
        patchFor,
        diff,
        contactKey,
        partOf,
      );
      if (!changes.length) return { customer: current, changes };
      const { set, unset } = storedDifference(base, next);
      const renamed = next.name !== base.name;
      const moved = next.ownerId !== base.ownerId;
      // Its value tier moved (an edit, an override, orders, the tier review): its open tickets'
      // copy of it (lists, rows, their next alert: an automatic L3 comes or goes with it). Or its
      // potential became key, its tier unmoved: its tickets' first-response tier rises to the
      // strategic one's all the same (responseTier), so they owe it too (tightenForTier).
      const retiered = next.tier !== base.tier || responseTierRises(base, next);
      let updated: CustomerRecord | null;
      const mark = renamed || moved || retiered ? randomUUID() : undefined;
      // Handed to another owner: whom its open tickets name until they move (the old owner, and
      // who acts for them), kept on the mark until the move is drawn (`NamesOwed.from`). Not a
      // guest owner: their Home lists no ticket they did not file, and the mark would keep their
      // id (an erasure of them takes it off; followStandIns leaves them out alike). Unless they
      // were their own stand-in (nobody could stand in): their open tickets named them then.
      const executor = ownerExecutor(ctx.settings, base).assigneeId;
      const from = moved
        ? [...new Set([base.ownerId, executor])].filter(
            (u) => u && !(base.ownerGuest && u === base.ownerId && executor !== u),
          )
        : [];
      // Stored as they would be logged (a value it had none of is left out, not null).
      const owed = oweLog
        ? {
            key: randomUUID(),
            changes: changes.map(
              (c) =>
                Object.fromEntries(
                  Object.entries(c).filter(([, v]) => v !== undefined),
                ) as unknown as ChangeRecord,
            ),
          }
        : undefined;
      try {
        // A rename owes its copies of the name (tasks, channel links), a change of owner its
        // copies of the owner (open tickets), a change of tier its copies of the tier (open
        // tickets), in this same write.
        updated = await this.repos.customers.update(
          ctx.teamId,
          id,
          revision,
          set,
          unset,
          mark
            ? {
                at: ctx.now,
                mark,
                nextAt: new Date(ctx.now.getTime() + NAME_COPY_REPAIR_MS),
                ...(from.length ? { from } : {}),
              }
            : undefined,
          owed,
        );
        this.forgetSuggestions(ctx.teamId);
      } catch (err) {
        if (err instanceof DuplicateKeyError) await this.assertNameFree(ctx, next.name, id);
        throw err;
      }
      if (updated) {
        let logFailed: { err: unknown } | undefined;
        if (owed)
          await this.writeChangesOwed(ctx, id, [owed]).catch((err: unknown) => {
            logFailed = { err };
          });
        else await this.repos.changes.append(changes);
        // Renamed: its open tasks (/task mine, reminders, the overdue list) and its channel
        // links (/desk channel, New ticket there) say the new name. Handed to another owner:
        // its open tickets name them as account manager (their SLA alerts, the complaint's
        // contact, the owner's rights). Saved already: a failure here is logged, and the outbox
        // job writes them (`repairNameCopies`).
        if (mark)
          await this.copySaved(ctx, id, updated, mark, from).catch((err: unknown) =>
            ctx.log.warn(
              { err, customer: id, renamed, moved, retiered },
              'changed customer: its tasks, channel links and open tickets keep the old name or owner until the repair',
            ),
          );
        return {
          customer: updated,
          changes,
          ...(logFailed ? { logFailed } : {}),
          ...(moved && base.ownerGuest ? { formerGuest: true as const } : {}),
        };
      }
      const fresh = await this.repos.customers.byId(ctx.teamId, id);
      if (!fresh)
        throw new AppError('NOT_FOUND', 'customer.error.notFound', { code: current.code });
      if (attempt >= 4)
        throw new AppError('INVALID_INPUT', 'customer.error.changedMeanwhile', {
          code: current.code,
        });
      current = fresh;
    }
  }

  /**
   * What applyAndLog would write over `current` and log, refused as it would be (a field the
   * actor may not change, the contact the patch is about gone, a name another customer has);
   * writes nothing.
   */
  private async planChange(
    ctx: Ctx,
    current: CustomerRecord,
    patchFor: (current: CustomerRecord) => CustomerPatch | Promise<CustomerPatch>,
    diff: (before: NewCustomer, after: NewCustomer) => FieldChange[],
    contactKey: string | undefined,
    partOf?: 'task.complete',
  ): Promise<{ base: NewCustomer; next: NewCustomer; changes: ChangeRecord[] }> {
    const { id, createdAt: _c, updatedAt: _u, revision: _r, ...base } = current;
    const next = applyPatch(
      base,
      await patchFor(current),
      ctx.settings,
      ctx.actor,
      ctx.now,
      contactKey,
    );
    const changes: ChangeRecord[] = diff(base, next).map((change) => ({
      teamId: ctx.teamId,
      customerId: id,
      ...change,
      by: ctx.actor,
      at: ctx.now,
      source: ctx.origin,
    }));
    if (!changes.length) return { base, next, changes };
    if (partOf !== 'task.complete') this.assertMayEdit(ctx, current, changes);
    if (next.name !== base.name) await this.assertNameFree(ctx, next.name, id);
    return { base, next, changes };
  }

  /**
   * A change just saved (`updated`, its `mark`) copied to its open tickets, tasks and channel
   * links now (`copyName`), who acts as the owner named by the workspace's roles. Its mark is
   * cleared only when it holds no move to draw but the save's own (`from`, which the save draws
   * itself): an earlier change of owner's still to draw (its tickets' write failed), moved here
   * or not, is left to the outbox job's repair, which draws it (`repairNameCopies`).
   */
  private copySaved(
    ctx: Ctx,
    id: string,
    updated: CustomerRecord,
    mark: string,
    from: readonly string[] = [],
  ) {
    return this.copyName(
      ctx.teamId,
      id,
      updated,
      updated.revision,
      mark,
      ctx.now,
      undefined,
      (c) => ownerExecutor(ctx.settings, c),
      from,
    );
  }

  /**
   * Writes the name and the owner the change of `revision` gave the customer to their copies
   * (NameCopies, OwnerCopies), then clears its `mark`, unless another owes them meanwhile (a
   * later change, a failed catch-up). Both are written whichever changed (the mark may stand for
   * an earlier change's copies too); each write is idempotent. Every copy is tried; the first
   * failure is thrown after, the mark left for the repair.
   */
  private async copyName(
    teamId: string,
    id: string,
    now: Pick<CustomerRecord, 'name' | 'ownerId' | 'ownerGuest' | 'tier'>,
    revision: number,
    mark: string | undefined,
    /** When it is written (the open tickets' next alert brought forward to it, at the latest). */
    at: Date,
    /** The repair: whom the open tickets moved named before, added here (read before the move). */
    from?: string[],
    /**
     * Who acts as the owner (`ownerExecutor` with the workspace's roles): a guest owner's manager.
     * Absent (the repair reads no settings): the owner as saved.
     */
    executor?: (c: Pick<CustomerRecord, 'ownerId' | 'ownerGuest'>) => {
      assigneeId: string;
      guestOwner?: string;
    },
    /** A save's own copies: whom its change of owner added to the mark (`namesCopied`'s `own`). */
    own?: readonly string[],
  ): Promise<{ renamed: number; reassigned: number; retiered: number; cleared: boolean }> {
    const acting = executor?.(now) ?? { assigneeId: now.ownerId };
    let failure: unknown;
    let renamed = 0;
    let reassigned = 0;
    let retiered = 0;
    for (const copies of this.repos.nameCopies ?? []) {
      try {
        renamed += await copies.renameCustomer(teamId, id, now.name, revision);
      } catch (err) {
        failure ??= err;
      }
    }
    for (const copies of this.repos.ownerCopies ?? []) {
      try {
        const named = from ? await copies.accountManagersToMove(teamId, id, revision) : [];
        reassigned += await copies.reassignCustomer(
          teamId,
          id,
          acting.assigneeId,
          revision,
          acting.guestOwner,
        );
        from?.push(...named);
      } catch (err) {
        failure ??= err;
      }
      // A mark read before tiers were copied (an older instance's repair) has no tier: left.
      if (now.tier)
        try {
          retiered += await copies.retierCustomer(teamId, id, now.tier, revision, at);
        } catch (err) {
          failure ??= err;
        }
    }
    if (failure !== undefined) throw failure;
    const cleared = await this.repos.customers.namesCopied(teamId, id, revision, mark, own);
    return { renamed, reassigned, retiered, cleared };
  }

  /**
   * A copy of the customer's name or owner written since may say an older one (a task planned,
   * or a ticket opened, as it was changed, whose catch-up failed): the file owes its copies of
   * the name and owner it has now, which the outbox job writes (`repairNameCopies`).
   */
  markNameOwed(ctx: Pick<Ctx, 'teamId' | 'now'>, id: string): Promise<void> {
    return this.repos.customers.nameOwed(
      ctx.teamId,
      id,
      ctx.now,
      randomUUID(),
      new Date(ctx.now.getTime() + NAME_COPY_REPAIR_MS),
    );
  }

  /**
   * The outbox job's repair, across workspaces: customers renamed NAME_COPY_REPAIR_MS or more
   * before `now` whose copies of the name were never written (the process died, or the database
   * failed, after the rename was saved) get them, with the name they have and the revision of
   * the rename that owes them; at most `limit` a run, soonest due first. Safe on several
   * instances at once (each write is idempotent and never goes back). A customer whose repair
   * fails is logged and tried again later, 1, 2, 4 … at most 60 minutes on (`nameRepairDelay`),
   * so one that keeps failing leaves the run to the others. `moved`: the customers whose open
   * tickets it moved to their owner (a guest owner's: to whom `ownerExecutor` names under the
   * workspace's roles, `rolesOf`), or whose mark it took off still owing a change of owner's
   * move to be drawn (`NamesOwed.from`: moved by a later save's copies), and whom those named
   * before (CustomerFlows.repairCopies draws their cards and Homes again).
   */
  async repairNameCopies(
    now: Date,
    log: Pick<Logger, 'warn' | 'info'>,
    limit = 100,
    /** A workspace's roles (who stands in for a guest owner); absent: the owner as saved. */
    rolesOf?: (teamId: string) => Promise<Parameters<typeof ownerExecutor>[0]>,
  ): Promise<{ repaired: number; moved: OwnerCopiesMoved[] }> {
    // Marks with no next try (an older instance's) owed long enough are due now: then one
    // indexed read finds every mark due.
    await this.repos.customers.dateOwedMarks(new Date(now.getTime() - NAME_COPY_REPAIR_MS), now);
    let repaired = 0;
    const moved: OwnerCopiesMoved[] = [];
    for (const owed of await this.repos.customers.namesOwed(now, limit)) {
      try {
        // Whom a change of owner's tickets named before, its move still to draw (moved since by
        // a later save's copies, say, whose save drew none of it), and whom those it moves name.
        const from: string[] = [...(owed.from ?? [])];
        // A guest owner's tickets name whom the roles name to stand in for them, as the
        // change's own write would have.
        const roles = owed.ownerGuest && rolesOf ? await rolesOf(owed.teamId) : undefined;
        const executor = roles
          ? (c: Pick<CustomerRecord, 'ownerId' | 'ownerGuest'>) => ownerExecutor(roles, c)
          : undefined;
        const wrote = await this.copyName(
          owed.teamId,
          owed.id,
          owed,
          owed.revision,
          owed.mark,
          now,
          from,
          executor,
        );
        repaired++;
        const ownerId = executor?.(owed).assigneeId ?? owed.ownerId;
        // Drawn by whichever pass moved them, or, moved by another write, by the one that took
        // the mark off (once, whatever runs alongside).
        if (wrote.reassigned || (owed.from?.length && wrote.cleared))
          moved.push({
            teamId: owed.teamId,
            customerId: owed.id,
            ownerId,
            from: [...new Set(from)],
          });
        // What the repair wrote: a rename's name (open tasks, channel links), a change of
        // owner's account manager (open tickets), or nothing left to write. The customer by its
        // code, never its name (personal data an erasure takes out, which a log line keeps).
        log.info(
          {
            teamId: owed.teamId,
            customer: owed.id,
            code: owed.code,
            ownerId: owed.ownerId,
            ...wrote,
          },
          `customer copies repaired: ${wrote.renamed} copies of its name (open tasks, channel links), ${wrote.reassigned} open tickets moved to its owner`,
        );
      } catch (err) {
        const attempts = owed.attempts + 1;
        const nextAt = new Date(now.getTime() + nameRepairDelay(attempts));
        log.warn(
          { err, teamId: owed.teamId, customer: owed.id, attempts, nextAt },
          'customer copies (name on open tasks and channel links, owner on open tickets) still not written, tried again later',
        );
        await this.repos.customers
          .nameRepairFailed(owed.teamId, owed.id, owed, nextAt)
          .catch((err: unknown) =>
            log.warn(
              { err, teamId: owed.teamId, customer: owed.id },
              'customer copies: the failed repair not counted, tried again next minute',
            ),
          );
      }
    }
    return { repaired, moved };
  }

  /**
   * Adds a contact (`key` absent) or changes one, from the Contacts modal or a contacts file:
   * service staff and the owner (src/permissions.ts). Each changed detail is logged with the
   * contact's name; a name another contact of this customer has is refused.
   */
  async saveContact(
    ctx: Ctx,
    code: string,
    key: string | undefined,
    patch: ContactPatch,
    /**
     * `shownInClear`: the form showed the contact's details in clear when it opened (as
     * `update`'s). `form`: a new contact's form (`submissionKey`: view id and values):
     * delivered again, it finds the contact it added (its key the form's, its name the same) and changes nothing.
     */
    { shownInClear = false, form }: { shownInClear?: boolean; form?: string } = {},
  ): Promise<{ customer: CustomerRecord; contact: Contact; changes: ChangeRecord[] }> {
    const start = await this.get(ctx, code);
    this.assertMayChange(ctx, start, 'customer.editService');
    let saved: Contact | undefined;
    const result = await this.applyAndLog(
      ctx,
      start,
      (current) => {
        const { contacts, contact } = this.contactPatched(
          ctx,
          current,
          key,
          patch,
          shownInClear,
          form,
        );
        saved = contact;
        return { contacts };
      },
      (before, after) => contactChanges(before.contacts, after.contacts),
    );
    return { ...result, contact: saved! };
  }

  /**
   * Refuses a contact as `saveContact` would on the file as read (a submission's checks, before
   * its saving view): the person may not change it, a title, channel or opt-outs edited around
   * the mask they were shown, the contact is gone, one too many, no name, or a name another
   * contact has. `saveContact` asks it again of the file it writes.
   */
  async checkContact(
    ctx: Ctx,
    code: string,
    key: string | undefined,
    patch: ContactPatch,
    { shownInClear = false, form }: { shownInClear?: boolean; form?: string } = {},
  ): Promise<void> {
    const current = await this.get(ctx, code);
    this.assertMayChange(ctx, current, 'customer.editService');
    this.contactPatched(ctx, current, key, patch, shownInClear, form);
  }

  /**
   * `current`'s contacts with `patch` applied to the contact `key` (a new one when absent), and
   * that contact; refused (as `contactsWith` refuses) when the form was shown in clear to one who
   * may no longer see it, or when a title, channel or opt-outs was edited around a masked
   * export's mask.
   */
  private contactPatched(
    ctx: Ctx,
    current: CustomerRecord,
    key: string | undefined,
    patch: ContactPatch,
    shownInClear: boolean,
    /** A new contact's form (`saveContact`): the contact it added already, unchanged. */
    form?: string,
  ): ReturnType<typeof contactsWith> {
    if (key === undefined && form !== undefined) {
      const own = formContactKey(form);
      const added = current.contacts.find(
        (c) => c.key === own && nameKey(c.name) === nameKey(patch.name ?? ''),
      );
      if (added) return { contacts: current.contacts, contact: added };
    }
    this.refuseContactAccessLost(ctx, current, key, patch, shownInClear);
    // A title, channel or opt-outs edited around a masked export's mask: as in the patch.
    if (ctx.origin !== 'job' && key !== undefined)
      refuseMasked(
        contactTypedTextStillMasked(
          current.contacts.find((c) => c.key === key),
          patch,
        ),
      );
    return contactsWith(current.contacts, key, patch, form);
  }

  /**
   * A contact's form shown in clear when it opened, to someone who may no longer see personal
   * data: a changed title, channel or opt-outs with a phone or email in it is refused (as
   * `update` refuses the Edit modal's). A new contact's form showed nothing.
   */
  private refuseContactAccessLost(
    ctx: Ctx,
    current: CustomerRecord,
    key: string | undefined,
    patch: ContactPatch,
    shownInClear: boolean,
  ): void {
    if (key === undefined || !shownInClear || !this.lostSight(ctx, current)) return;
    refuseAccessLost(
      contactTypedTextWithPersonalData(patch),
      'contacts.error.accessChangedSinceOpen',
    );
  }

  /** Whether the actor (a person, not the desk's job) may not see the customer's personal data. */
  private lostSight(ctx: Ctx, customer: CustomerRecord): boolean {
    return ctx.origin !== 'job' && !canSeeContacts(ctx.settings, customer, ctx.actor);
  }

  /** Removes a contact (the next one becomes primary when it was the primary). */
  async removeContact(
    ctx: Ctx,
    code: string,
    key: string,
  ): Promise<{ customer: CustomerRecord; contact: Contact; changes: ChangeRecord[] }> {
    return this.reorderContacts(ctx, code, key, (contacts, index) => {
      contacts.splice(index, 1);
    });
  }

  /** Makes a contact the primary one (first on the card; the Edit modal's contact). */
  async makePrimary(
    ctx: Ctx,
    code: string,
    key: string,
  ): Promise<{ customer: CustomerRecord; contact: Contact; changes: ChangeRecord[] }> {
    return this.reorderContacts(ctx, code, key, (contacts, index) => {
      contacts.unshift(...contacts.splice(index, 1));
    });
  }

  private async reorderContacts(
    ctx: Ctx,
    code: string,
    key: string,
    change: (contacts: Contact[], index: number) => void,
  ): Promise<{ customer: CustomerRecord; contact: Contact; changes: ChangeRecord[] }> {
    const start = await this.get(ctx, code);
    this.assertMayChange(ctx, start, 'customer.editService');
    let found: Contact | undefined;
    const { customer, changes } = await this.applyAndLog(
      ctx,
      start,
      (current) => {
        const contacts = [...current.contacts];
        const index = contacts.findIndex((c) => c.key === key);
        if (index < 0) throw new AppError('NOT_FOUND', 'contacts.error.gone');
        found = contacts[index];
        change(contacts, index);
        return { contacts };
      },
      (before, after) => contactChanges(before.contacts, after.contacts),
    );
    return { customer, contact: found!, changes };
  }

  /** Throws the inline "already exists: C2026001" error when another customer has the name. */
  private async assertNameFree(ctx: Ctx, name: string, exceptId: string | undefined) {
    const existing = await this.repos.customers.byNameKey(ctx.teamId, nameKey(name));
    if (existing && existing.id !== exceptId) throw nameTaken(existing);
  }

  async byName(ctx: Ctx, name: string): Promise<CustomerRecord | null> {
    return this.repos.customers.byNameKey(ctx.teamId, nameKey(name));
  }

  /**
   * The customers whose owner is marked a guest of the workspace (`ownerGuest`), each with its
   * owner: the stand-in moves look among their tickets and tasks for those written while nobody
   * could stand in (naming the guest, unmarked).
   */
  guestOwned(ctx: Pick<Ctx, 'teamId'>): Promise<{ id: string; ownerId: string }[]> {
    return this.repos.customers.guestOwned(ctx.teamId);
  }

  /**
   * Whose Home lists a guest owner's customers differently after a save of the roles: for each
   * guest owner of the team (`guestOwners`) whose stand-in (`ownerExecutor`) the save changed, the
   * stand-in before and the one after ("Your customers with signals", `withSignals`). Each once.
   */
  async standInsChanged(
    ctx: Pick<Ctx, 'teamId'>,
    before: Parameters<typeof ownerExecutor>[0],
    after: Parameters<typeof ownerExecutor>[0],
  ): Promise<string[]> {
    const people = new Set<string>();
    for (const guest of await this.repos.customers.guestOwners(ctx.teamId)) {
      const owner = { ownerId: guest, ownerGuest: true as const };
      const was = ownerExecutor(before, owner).assigneeId;
      const now = ownerExecutor(after, owner).assigneeId;
      if (was === now) continue;
      // With no manager nor admin the guest "stands in" for themself: no Home of theirs to draw.
      if (was !== guest) people.add(was);
      if (now !== guest) people.add(now);
    }
    return [...people];
  }

  /**
   * `ownerId`'s customers with a standing signal (App Home): a churn warning, or a contract ending
   * within the workspace's notice days (`contractEnds`: not churned); as `ownerId` may see them.
   * Those whose signals `ownerId` is told (`ownerExecutor`): their own unless marked a guest's, and
   * those of the guest owners they stand in for (`guestOwner`: the guest), read only for whom may
   * stand in (a manager; with none, the first admin).
   */
  async withSignals(ctx: Ctx, ownerId: string, limit: number) {
    const { today, settings } = ctx;
    const contractBy = addDaysToDate(today, settings.contractNoticeDays);
    const mayStandIn = settings.managers.length
      ? settings.managers.includes(ownerId)
      : settings.admins[0] === ownerId;
    const guests = mayStandIn
      ? (await this.repos.customers.guestOwners(ctx.teamId)).filter(
          (guest) =>
            ownerExecutor(settings, { ownerId: guest, ownerGuest: true }).assigneeId === ownerId,
        )
      : [];
    const found = await this.repos.customers.withSignals(
      ctx.teamId,
      { ownerId, guests },
      { today, contractBy },
      limit,
    );
    const items: CustomerWithSignals[] = found.items.map((c) => ({
      ...viewFor(settings, c, ownerId),
      ...(contractSignal(c, today, settings.contractNoticeDays) !== null
        ? { contractEnds: true }
        : {}),
      ...(c.ownerGuest && c.ownerId !== ownerId ? { guestOwner: c.ownerId } : {}),
    }));
    return { ...found, items };
  }

  /**
   * `ownerId`'s churn risk at a glance (App Home): their customers in churn warning (counted, the
   * first `limit` named) and those of the low churn risk class now (counted). Only the owner's
   * own customers, as App Home asks for its viewer.
   */
  riskSummary(ctx: Pick<Ctx, 'teamId'>, ownerId: string, limit: number) {
    return this.repos.customers.riskSummary(ctx.teamId, ownerId, limit);
  }

  /** Whether the workspace has any customer file yet (a ticket is always for one). */
  any(ctx: Pick<Ctx, 'teamId'>): Promise<boolean> {
    return this.repos.customers.any(ctx.teamId);
  }

  async all(ctx: Pick<Ctx, 'teamId'>): Promise<CustomerRecord[]> {
    return this.repos.customers.all(ctx.teamId);
  }

  /**
   * Every customer with only what the daily tasks run's planners read (CARE_FIELDS), in code
   * order, read a page at a time (CustomerRepository.pagesWith): one page held at once. `only`:
   * those customers alone (CustomerPass: a running project's, or of these ids).
   */
  async *forCare(ctx: Pick<Ctx, 'teamId'>, only?: CustomerPass): AsyncGenerator<CareCustomer> {
    const pages = this.repos.customers.pagesWith(ctx.teamId, CARE_FIELDS, CUSTOMER_PAGE, only);
    for await (const page of pages) yield* page;
  }

  /** Every customer with only what the daily signals run reads (SIGNAL_FIELDS), as forCare. */
  async *forSignals(ctx: Pick<Ctx, 'teamId'>): AsyncGenerator<SignalCustomer> {
    for await (const page of this.repos.customers.pagesWith(ctx.teamId, SIGNAL_FIELDS)) yield* page;
  }

  /** Every customer, with only the fields the weekly digest reads. */
  forDigest(ctx: Pick<Ctx, 'teamId'>): Promise<DigestCustomer[]> {
    return this.repos.customers.forDigest(ctx.teamId);
  }

  async find(
    ctx: Ctx,
    text: string,
    limit = 10,
  ): Promise<{ items: CustomerRecord[]; total: number }> {
    assertReadsDesk(ctx);
    // Longer than a name: refused, not looked for (its pattern would outgrow the database's).
    if (tooLongToFind(text))
      throw new AppError('INVALID_INPUT', 'customer.error.findTooLong', { max: SEARCH_TEXT_MAX });
    const key = nameKey(text);
    // Text of invisible characters only looks for nothing (its key would match every customer).
    if (!key) return { items: [], total: 0 };
    const found = await this.repos.customers.search(ctx.teamId, key, limit);
    return { ...found, items: found.items.map((c) => viewFor(ctx.settings, c, ctx.actor)) };
  }

  /**
   * Stores the keys (`nameKey`, its sort key `nameSortKey`, the search terms) of the customers
   * saved without a sort key, with keys of another version (an upgrade's one-off), or renamed by
   * an older instance during a rolling upgrade (its sort key of another name), `batch` at a time,
   * at most `batches`: each customer's keys computed from what it holds when they are written, so
   * instances doing it at once (or an edit meanwhile) write the same. Until then a file keeps the
   * keys it has, so the files being keyed stay listed. With `changedSince`, a rename is looked for
   * only among the files saved since then (the minute job's look; start-up looks at all). Returns
   * how many were written, and the codes of the customers whose name key another customer has
   * (names that differ only by invisible characters, saved before keys left them out): kept
   * apart, each with its old name key, until one is renamed.
   */
  async backfillSortKeys(
    ctx: Pick<Ctx, 'teamId'>,
    {
      batch = SORT_KEY_BATCH,
      batches = Number.POSITIVE_INFINITY,
      changedSince,
    }: { batch?: number; batches?: number; changedSince?: Date } = {},
  ): Promise<{ keyed: number; clashes: string[] }> {
    let keyed = 0;
    const clashes: string[] = [];
    for (let i = 0; i < batches; i++) {
      const stale = await this.repos.customers.staleSortKeys(ctx.teamId, batch, changedSince);
      if (!stale.length) break;
      const stored = await this.repos.customers.storeSortKeys(ctx.teamId, stale);
      keyed += stored.written;
      clashes.push(...stored.clashes);
      // A batch that wrote nothing was edited meanwhile (each edit keyed itself): done.
      if (stale.length < batch || !stored.written) break;
    }
    if (keyed) this.forgetSuggestions(ctx.teamId);
    return { keyed, clashes };
  }

  /** Drops the workspace's picker options kept (a customer was created, renamed or erased). */
  forgetSuggestions(teamId: string): void {
    this.searches.forget(`${teamId}:`);
  }

  /** The customer picker's options: name prefix, and code prefix when it can start a code. */
  async suggest(ctx: Ctx, prefix: string, limit = 20): Promise<CustomerRecord[]> {
    // Refused before the shared options are looked at: a guest's picker lists nobody.
    assertReadsDesk(ctx);
    // Longer than a name (`tooLongToFind`): no option, and no pattern built of it.
    if (tooLongToFind(prefix)) return [];
    return this.searches.run(`${ctx.teamId}:${limit}:${prefix}`, () =>
      this.repos.customers.suggest(ctx.teamId, prefix, limit),
    );
  }

  /**
   * Refuses an order before it is saved (a submission's checks, before its saving view): one
   * the person may not record on `code`, or a number already recorded as another order (another
   * customer's, date or amount; on the `number` field). `recordOrder` asks it again.
   */
  async checkOrder(ctx: Ctx, code: string, order: OrderInput): Promise<void> {
    const customer = await this.get(ctx, code);
    this.assertMayChange(ctx, customer, 'customer.recordOrder');
    await this.refuseNumberTaken(ctx, customer, order);
  }

  /** Refuses `order`'s number when an order of it is recorded that is not this one (as typed). */
  private async refuseNumberTaken(
    ctx: Ctx,
    customer: CustomerRecord,
    order: OrderInput,
  ): Promise<void> {
    if (!order.number) return;
    const existing = await this.repos.orders.byDedupeKey(ctx.teamId, orderNumberKey(order.number));
    if (
      !existing ||
      (existing.customerId === customer.id &&
        existing.date === order.date &&
        existing.amount === order.amount)
    )
      return;
    const other = await this.repos.customers.byId(ctx.teamId, existing.customerId);
    throw new FieldErrors({
      number: {
        key: 'order.error.numberTaken',
        params: { number: order.number, code: other?.code ?? '?', date: existing.date },
      },
    });
  }

  /**
   * Records an order once (an order number, or an import row, is never counted twice), then
   * recomputes annual revenue as the last 12 months of orders, the tier, and makes a prospect
   * active. `tierFrom`: the tier in force before, when the order moved it (the first order of a
   * file whose annual purchases were typed in can move it down as well as up).
   */
  async recordOrder(
    ctx: Ctx,
    code: string,
    order: OrderInput,
  ): Promise<{
    customer: CustomerRecord;
    duplicate: boolean;
    /** An order on file given its delivery date (or a corrected one) by this one's. */
    delivered?: boolean;
    /**
     * The order on file is this submission's own (`order.submissionId`, Slack: a double click,
     * a retry), recorded by a delivery of it that may still be under way: nothing added, and
     * not a duplicate to the person who sent it (revp60 F3).
     */
    again?: true;
    /** An import's numbered row gave the one order on file of its customer, date and amount
     * without a number that number (and its note, its delivery): updated, not added. */
    numbered?: true;
    /** Added beside orders on file of the same customer, date and amount that nothing tells
     * apart from it (an import's row: said by line): the first of them, and how many. */
    alike?: { order: OrderRecord; count: number };
    tierFrom?: Tier;
  }> {
    const customer = await this.get(ctx, code);
    this.assertMayChange(ctx, customer, 'customer.recordOrder');
    const dedupeKey = order.number
      ? orderNumberKey(order.number)
      : ctx.origin === 'slack'
        ? `slack:${order.submissionId ?? randomUUID()}`
        : `row:${createHash('sha256')
            .update(JSON.stringify([customer.id, order.date, order.amount, order.note ?? '']))
            .digest('hex')}`;
    // An import's row is matched to the orders on file of its customer, date and amount too:
    // one recorded without a number gets the number a row gives it later, and the row it was
    // imported from, imported again, is that order (not a second one).
    const alike =
      ctx.origin === 'slack'
        ? []
        : await this.repos.orders.alike(ctx.teamId, customer.id, order.date, order.amount);
    const delivery = order.deliveredOn
      ? { deliveredOn: order.deliveredOn, deliveryRecordedOn: ctx.today }
      : {};
    const renumbered = !order.number && alike.find((o) => o.rowKey === dedupeKey);
    if (renumbered) {
      const delivered =
        !!order.deliveredOn &&
        (await this.repos.orders.setDeliveredById(
          ctx.teamId,
          renumbered.id,
          order.deliveredOn,
          ctx.today,
        ));
      return { customer, duplicate: !delivered, ...(delivered ? { delivered } : {}) };
    }
    const unnumbered = alike.filter((o) => orderNumberOf(o) === undefined);
    if (
      order.number &&
      unnumbered.length === 1 &&
      !(await this.repos.orders.byDedupeKey(ctx.teamId, dedupeKey)) &&
      (await this.repos.orders.giveNumber(unnumbered[0]!, dedupeKey, {
        ...(order.note ? { note: order.note } : {}),
        ...delivery,
      }))
    )
      return { customer, duplicate: false, numbered: true };
    const inserted = await this.repos.orders.insertOnce({
      teamId: ctx.teamId,
      customerId: customer.id,
      date: order.date,
      amount: order.amount,
      ...(order.note ? { note: order.note } : {}),
      ...delivery,
      dedupeKey,
      ...(ctx.origin === 'slack' && order.submissionId ? { submissionId: order.submissionId } : {}),
      createdBy: ctx.actor,
    });
    if (!inserted) {
      // This submission's own order (its key the submission's; a numbered one recorded from it):
      // another delivery of it recorded it, and confirms it.
      if (
        ctx.origin === 'slack' &&
        order.submissionId &&
        (dedupeKey === `slack:${order.submissionId}` ||
          (await this.repos.orders.byDedupeKey(ctx.teamId, dedupeKey))?.submissionId ===
            order.submissionId)
      )
        return { customer, duplicate: false, again: true };
      await this.refuseNumberTaken(ctx, customer, order);
      // The order imported again once delivered: its delivery is recorded (the daily run plans
      // its revisit, keyed by the order, once however often it is imported), and said so: an
      // update of the order, not a duplicate.
      const delivered =
        !!order.deliveredOn &&
        (await this.repos.orders.setDelivered(ctx.teamId, dedupeKey, order.deliveredOn, ctx.today));
      return { customer, duplicate: !delivered, ...(delivered ? { delivered } : {}) };
    }
    await this.repos.customers.countOrder(ctx.teamId, customer.id, order.date);
    const { customer: updated, changes } = await this.refreshRevenue(ctx, code, order.date);
    const moved = changes.find((c) => c.field === 'tier');
    // Added beside look-alikes: a row without a number beside any order of its customer, date
    // and amount (another note, a number, recorded in Slack); a numbered one beside several
    // without a number (which one it is cannot be told).
    const twins = order.number ? (unnumbered.length > 1 ? unnumbered : []) : alike;
    return {
      customer: updated,
      duplicate: false,
      ...(twins.length ? { alike: { order: twins[0]!, count: twins.length } } : {}),
      ...(moved && moved.oldValue ? { tierFrom: moved.oldValue as Tier } : {}),
    };
  }

  /**
   * Record delivery on the card: the customer, when the person may record its orders (Record
   * order's permission), and its latest `limit` orders, the latest first, to pick the one
   * delivered from. Refused when it has none (Record order takes a delivery date with a new one).
   */
  async ordersToDeliver(
    ctx: Ctx,
    code: string,
    limit: number,
  ): Promise<{ customer: CustomerRecord; orders: OrderRecord[] }> {
    const customer = await this.forAction(ctx, code, 'customer.recordOrder');
    const orders = await this.repos.orders.latestOf(ctx.teamId, customer.id, limit);
    if (!orders.length)
      throw new AppError('INVALID_INPUT', 'delivery.error.noOrders', {
        name: customer.name,
        code: customer.code,
      });
    return { customer, orders };
  }

  /**
   * Records that the customer's order `orderId` was delivered on `deliveredOn` (Record delivery
   * on the card: an order recorded without a number, or before its delivery, which no import row
   * can name): the daily tasks run then plans its revisit as after an import's delivery date
   * (keyed by the order: a corrected date plans no second one). Record order's permission; the
   * order must be the customer's, and delivered on or after its date (on its field).
   * `changed`: false when the order said that date already.
   */
  async recordDelivery(
    ctx: Ctx,
    code: string,
    orderId: string,
    deliveredOn: string,
  ): Promise<{ customer: CustomerRecord; order: OrderRecord; changed: boolean }> {
    const { customer, order } = await this.checkDelivery(ctx, code, orderId, deliveredOn);
    const changed = await this.repos.orders.setDeliveredById(
      ctx.teamId,
      order.id,
      deliveredOn,
      ctx.today,
    );
    return { customer, order, changed };
  }

  /**
   * Refuses a delivery before it is saved (Record delivery's checks, before its saving view): a
   * person who may not record the customer's orders, an order no longer the customer's (on the
   * `order` field), a date before the order's (on `delivered`). `recordDelivery` asks it again.
   */
  async checkDelivery(
    ctx: Ctx,
    code: string,
    orderId: string,
    deliveredOn: string,
  ): Promise<{ customer: CustomerRecord; order: OrderRecord }> {
    const customer = await this.forAction(ctx, code, 'customer.recordOrder');
    const order = await this.repos.orders.ofCustomer(ctx.teamId, customer.id, orderId);
    if (!order) throw new FieldErrors({ order: { key: 'delivery.error.orderGone' } });
    if (deliveredOn < order.date)
      throw new FieldErrors({ delivered: { key: 'order.error.deliveredBeforeOrder' } });
    return { customer, order };
  }

  /**
   * The orders delivered from `from` to `to` (YYYY-MM-DD, both in), in the workspace: what the
   * daily tasks run plans delivery revisits for.
   */
  deliveredBetween(ctx: Pick<Ctx, 'teamId'>, from: string, to: string): Promise<OrderRecord[]> {
    return this.repos.orders.deliveredBetween(ctx.teamId, from, to);
  }

  /**
   * Annual revenue = orders of the last 12 months (to today in the workspace's zone), after an
   * order dated `orderDate` was recorded.
   */
  private async refreshRevenue(
    ctx: Ctx,
    code: string,
    orderDate: string,
  ): Promise<{ customer: CustomerRecord; changes: ChangeRecord[] }> {
    const since = yearWindowStart(ctx.today);
    const patchFor = async (customer: CustomerRecord): Promise<CustomerPatch> => {
      const { total } = await this.repos.orders.totalSince(ctx.teamId, customer.id, since);
      const patch: CustomerPatch = { annualRevenue: total };
      const orders = await this.repos.orders.forCustomer(ctx.teamId, customer.id);
      // Cooperation started with the earliest order, unless a person typed the date in.
      const start = cooperationStartWith(
        customer.cooperationStartDate,
        orders.map((o) => o.date),
      );
      if (start) patch.cooperationStartDate = start;
      // The order moves the stage (a prospect becomes new, a churned customer is back); a
      // churn warning is the daily run's to lift. Only an order dated on or after the day the
      // customer was marked churned brings it back: an older one (history imported, an order
      // back-dated) is from before the team wrote it off.
      const back =
        customer.lifecycle === 'churned' && orderDate >= (await this.churnedOn(ctx, customer));
      if (customer.lifecycle !== 'churn_warning') {
        const current = back ? 'stable' : customer.lifecycle;
        patch.lifecycle = lifecycleStage({ current, orders, churnRisk: false }, ctx.today);
      }
      return withValueClass(ctx, customer, patch);
    };
    const customer = await this.get(ctx, code);
    return this.applyAndLog(ctx, customer, patchFor);
  }

  /**
   * Logs an interaction by the actor (service staff or the owner), or as part of completing a
   * task (`partOf: 'task.complete'`, which the task service checked: an assignee outside the
   * service team logs the call their task asked for). With a `source` (Log interaction's modal,
   * `view:<id>`) it is logged once for it: a submit of the same modal again logs nothing more and
   * returns the one logged first (`again`).
   */
  async logInteraction(
    ctx: Ctx,
    code: string,
    input: InteractionInput,
    partOf?: 'task.complete',
    /** An upgrade intent heard in it: saved with it, its hand-off owed (CustomerFlows). */
    upgradeWhat?: string,
    /** Who signs its next step's task off (TaskService.planNextStep), owed with it. */
    nextStepApproverId?: string,
    source?: string,
  ): Promise<{ customer: CustomerRecord; interaction: InteractionRecord; again?: true }> {
    const customer = await this.get(ctx, code);
    if (partOf !== 'task.complete') this.assertMayChange(ctx, customer, 'customer.logInteraction');
    // An interaction dated today happened now; one dated earlier counts from that day's start.
    const at =
      input.date === ctx.today ? ctx.now : startOfLocalDay(input.date, ctx.settings.timeZone);
    // The form leaves out what was not given, so the input is the interaction's fields.
    const { date: _date, ...fields } = input;
    // Logged two or more days after it happened (manual B's 24 h): kept, never refused. Log
    // interaction's own (a task's Done dates its interaction by the task's Done on). Not one
    // dated before the workspace's first record: history the team brings to the desk (its
    // first days' backfill), as a customer first contacted then is not recorded late (`create`).
    // The change log is read only for an interaction that would be late.
    const late = partOf === 'task.complete' ? null : recordedLate(input.date, ctx.today);
    const lateDays =
      late !== null &&
      !isStartupHistory(
        startOfLocalDay(input.date, ctx.settings.timeZone),
        await this.repos.changes.firstRecordAt(ctx.teamId),
      )
        ? late
        : null;
    const record = {
      teamId: ctx.teamId,
      customerId: customer.id,
      ...fields,
      by: ctx.actor,
      at,
      ...(lateDays ? { loggedLate: { days: lateDays, at: ctx.now } } : {}),
      ...(upgradeWhat ? { upgradeWhat, upgradeOwed: ctx.now } : {}),
      // A dated next step's task is planned after the insert: owed on it until then.
      ...(input.nextStepDate
        ? { nextStepOwed: ctx.now, ...(nextStepApproverId ? { nextStepApproverId } : {}) }
        : {}),
    };
    const keyed = source
      ? await this.repos.interactions.insertKeyed({ ...record, source })
      : { interaction: await this.repos.interactions.insert(record), inserted: true };
    const { interaction } = keyed;
    // Also when a first submit logged it and stopped short of this (a `$max`: idempotent).
    await this.repos.customers.touchInteraction(ctx.teamId, customer.id, interaction.at);
    const lastInteractionAt =
      customer.lastInteractionAt && customer.lastInteractionAt > interaction.at
        ? customer.lastInteractionAt
        : interaction.at;
    return {
      customer: { ...customer, lastInteractionAt },
      interaction,
      ...(keyed.inserted ? {} : { again: true as const }),
    };
  }

  /**
   * Logs an interaction by the actor (service staff or the owner) at `at` exactly, once for its
   * `source` (a submission that may come again: Customer wrote…'s or Log response's modal): a
   * retry of it logs nothing more. True when this call logged it.
   */
  async logInteractionOnce(
    ctx: Ctx,
    code: string,
    input: { type: InteractionType; at: Date; summary: string; source: string },
  ): Promise<boolean> {
    const customer = await this.get(ctx, code);
    this.assertMayChange(ctx, customer, 'customer.logInteraction');
    const logged = await this.repos.interactions.insertOnce({
      teamId: ctx.teamId,
      customerId: customer.id,
      type: input.type,
      summary: input.summary,
      by: ctx.actor,
      at: input.at,
      source: input.source,
    });
    // Also when a first submit logged it and stopped short of this (a `$max`: idempotent).
    await this.repos.customers.touchInteraction(ctx.teamId, customer.id, input.at);
    return logged;
  }

  /** The latest changes, newest first, with personal data masked as on the card. */
  async history(
    ctx: Ctx,
    code: string,
    limit = 10,
  ): Promise<{ customer: CustomerRecord; items: ChangeRecord[]; total: number }> {
    const customer = await this.read(ctx, code);
    const { items, total } = await this.repos.changes.latest(ctx.teamId, customer.id, limit);
    const visible = canSeeContacts(ctx.settings, customer, ctx.actor);
    return {
      customer: viewFor(ctx.settings, customer, ctx.actor),
      items: items.map((change) => changeFor(visible, change)),
      total,
    };
  }

  /**
   * Whether a signal was recorded (told) before: under `key`, or any of the keys given (the forms
   * a signal was keyed by over time, as a birthday's).
   */
  hasSignal(
    ctx: Ctx,
    kind: SignalKind,
    customer: Pick<CustomerRecord, 'id'>,
    key: string | readonly string[],
  ): Promise<boolean> {
    return this.repos.signals.has(ctx.teamId, kind, customer.id, key);
  }

  /**
   * Records that a signal about a customer is told: true only the first time for this kind and
   * key (the contract's end date, a birthday's year and contact key, the risk episode, the day).
   */
  signalOnce(ctx: Ctx, kind: SignalKind, customer: Pick<CustomerRecord, 'id'>, key: string) {
    return this.repos.signals.once(ctx.teamId, kind, customer.id, key, ctx.now);
  }

  /** Stores the low churn risk the daily signals run computed (one write of the customer). */
  setLowRisk(ctx: Pick<Ctx, 'teamId'>, customer: Pick<CustomerRecord, 'id'>, state: LowRiskState) {
    return this.repos.customers.setLowRisk(ctx.teamId, customer.id, state);
  }

  /** Every signal of this kind recorded in the workspace, as `customerId:key` (one read). */
  signalKeys(ctx: Ctx, kind: SignalKind): Promise<Set<string>> {
    return this.repos.signals.keysOf(ctx.teamId, kind);
  }

  /**
   * Every customer's orders as the stage rules need them, by id (two reads for the workspace):
   * the earliest date and the last 6 months' orders (OrderSummary).
   */
  orderFactsByCustomer(ctx: Ctx): Promise<Map<string, OrderSummary>> {
    return this.repos.orders.factsByCustomer(ctx.teamId, stageLookbackStart(ctx.today));
  }

  /** When a signal of this kind was last told about the customer. */
  lastSignalAt(
    ctx: Ctx,
    kind: SignalKind,
    customer: Pick<CustomerRecord, 'id'>,
  ): Promise<Date | undefined> {
    return this.repos.signals.lastAt(ctx.teamId, kind, customer.id);
  }

  /**
   * The daily recompute of a customer's stage, cooperation start and value class (manual C)
   * from its order history, with `churnRisk` saying whether a churn risk stands today; a change is logged (the
   * job acts). `customer` is the run's read of the fields compared (StageCustomer): when nothing
   * moves (most customers, most days) nothing more is read; when something does, the file is
   * read whole for the write, which applies only to its revision (and works the patch out again
   * on a newer one). Returns the lifecycle it has now and the stage change, if any.
   */
  async recomputeStage<C>(
    ctx: Ctx,
    customer: Declaring<C, StageCustomer>,
    churnRisk: boolean,
    /** Its orders as read for the whole workspace (orderFactsByCustomer; null: no orders). */
    facts: OrderSummary | null,
  ): Promise<{ lifecycle: Lifecycle; stage?: { from: string; to: string } }> {
    // A stored cooperation start between the earliest order and the summary's window may be an
    // older order's date (which moves it to the earliest: cooperationStartWith) or a typed one:
    // only the whole history tells, read for that customer alone.
    const stored = customer.cooperationStartDate;
    // (Such a start is after the earliest and in or before the window's start: the earliest is
    // then older than the window.)
    const unsure =
      !!facts && !!stored && stored > facts.earliest && stored <= stageLookbackStart(ctx.today);
    const orders: OrderFact[] = unsure
      ? await this.repos.orders.forCustomer(ctx.teamId, customer.id)
      : facts
        ? summaryFacts(facts)
        : [];
    const patchFor = (current: StageCustomer): CustomerPatch => {
      const lifecycle = lifecycleStage(
        { current: current.lifecycle, orders, churnRisk },
        ctx.today,
      );
      // A start fixed at the first order recorded (before it followed the earliest) is moved.
      const start = cooperationStartWith(
        current.cooperationStartDate,
        orders.map((o) => o.date),
      );
      return withValueClass(ctx, current, {
        lifecycle,
        ...(start ? { cooperationStartDate: start } : {}),
      });
    };
    // As read, nothing moves: no write (applyAndLog would find no change either). Its tier is
    // compared as applyPatch recomputes it (the override's, else the computed one).
    const moves = Object.entries(patchFor(customer)).some(
      ([field, value]) => !sameValue(value, customer[field as keyof StageCustomer]),
    );
    if (!moves && customer.tier === (customer.tierOverride?.tier ?? customer.computedTier))
      return { lifecycle: customer.lifecycle };
    const { customer: updated } = await this.applyAndLog(
      ctx,
      await this.byId(ctx, customer.id),
      patchFor,
    );
    return updated.lifecycle === customer.lifecycle
      ? { lifecycle: updated.lifecycle }
      : {
          lifecycle: updated.lifecycle,
          stage: { from: customer.lifecycle, to: updated.lifecycle },
        };
  }

  /**
   * What a win-back call found, as part of completing it (the task service checked who may):
   * the churn reason is kept on the customer (reports read it); a call that found they stay
   * clears a reason recorded before and the competitor contact on file (the risk it was about is
   * answered; putting the flag on file again is a new risk). Each change is logged.
   */
  async recordWinBackAnswer(
    ctx: Ctx,
    code: string,
    answer: { churnReason: ChurnReasonCode } | { staying: true },
  ): Promise<void> {
    const customer = await this.get(ctx, code);
    await this.applyAndLog(
      ctx,
      customer,
      () =>
        'staying' in answer
          ? { churnReason: null, competitorContact: false }
          : { churnReason: answer.churnReason },
      changedFields,
      undefined,
      'task.complete',
    );
  }

  /**
   * Puts an upgrade intent on the customer's file (what they want, who heard it, now), logged in
   * its History as the field `upgradeIntent`; a new intent while one is on file replaces it.
   * Asked after the interaction it came with was logged (whoever may log one may record it).
   */
  async recordUpgradeIntent(
    ctx: Ctx,
    customer: CustomerRecord,
    intent: UpgradeIntent,
    /** The outbox job's repair of an intent saved with its interaction: checked when saved. */
    partOf?: 'repair',
  ): Promise<CustomerRecord> {
    const { customer: updated } = await this.applyAndLog(
      ctx,
      customer,
      // A newer intent on file (recorded since) stays: this one is older news.
      (current) =>
        current.upgradeIntent && current.upgradeIntent.at > intent.at
          ? {}
          : { upgradeIntent: intent },
      intentChanged,
      undefined,
      partOf === 'repair' ? 'task.complete' : undefined,
    );
    return updated;
  }

  /**
   * The customer's name and owner now, with the revision they are of (none: gone), for a copy
   * planned from another record (a ticket's follow-ups, a survey's recovery) or checked after one
   * is written: a rename or a change of owner saved meanwhile is then written on it
   * (NameCopies.renameCustomer, OwnerCopies.reassignCustomer).
   */
  nameNow(ctx: Pick<Ctx, 'teamId'>, id: string): Promise<CustomerNameNow | null> {
    return this.repos.customers.nameById(ctx.teamId, id);
  }

  /**
   * `nameNow` with the customer's contacts now (their keys and names, one read), for a copy
   * checked after it is written that names them (a greeting: an erased contact's name must not
   * stay on it).
   */
  namesNow(
    ctx: Pick<Ctx, 'teamId'>,
    id: string,
  ): Promise<(CustomerNameNow & NamedContacts) | null> {
    return this.repos.customers.namesById(ctx.teamId, id);
  }

  /** `namesNow` of several customers in one read, by id (those gone are not in it). */
  namesNowMany(
    ctx: Pick<Ctx, 'teamId'>,
    ids: readonly string[],
  ): Promise<Map<string, CustomerNameNow & NamedContacts>> {
    return this.repos.customers.namesByIds(ctx.teamId, ids);
  }

  /**
   * The owners now of the customers `ids`, by id, in one read (those gone are not in it): the
   * stand-in moves' guest-owned customers, however many.
   */
  ownersNow(
    ctx: Pick<Ctx, 'teamId'>,
    ids: readonly string[],
  ): Promise<Map<string, Pick<CustomerNameNow, 'ownerId' | 'ownerGuest'>>> {
    return this.repos.customers.ownersByIds(ctx.teamId, ids);
  }

  /** `nameNow` as a pipeline another query runs along (undefined: no such id can be). */
  nameNowIn(ctx: Pick<Ctx, 'teamId'>, id: string): ForeignPipeline | undefined {
    return this.repos.customers.nameByIdPipeline(ctx.teamId, id);
  }

  /** What `nameNow` says, from `nameNowIn`'s raw documents. */
  nameNowOf(docs: unknown[]): CustomerNameNow | null {
    return this.repos.customers.nameOfDocs(docs);
  }

  /** A customer by its id (the outbox job's repair reads what an interaction names). */
  async byId(ctx: Ctx, id: string): Promise<CustomerRecord> {
    const customer = await this.repos.customers.byId(ctx.teamId, id);
    if (!customer) throw new AppError('NOT_FOUND', 'customer.error.notFound', { code: id });
    return customer;
  }

  /** Interactions, across workspaces, whose upgrade intent's hand-off is owed since `before`. */
  upgradesOwed(before: Date, limit: number): Promise<InteractionRecord[]> {
    return this.repos.interactions.upgradesOwed(before, limit);
  }

  /** Interactions, across workspaces, whose next step's task is owed since `before`. */
  nextStepsOwed(before: Date, limit: number): Promise<InteractionRecord[]> {
    return this.repos.interactions.nextStepsOwed(before, limit);
  }

  /** The interaction's next step's task planned (or found there): owed no more. */
  nextStepPlanned(interaction: Pick<InteractionRecord, 'id' | 'teamId'>): Promise<void> {
    return this.repos.interactions.nextStepPlanned(interaction.teamId, interaction.id);
  }

  /** The interaction's upgrade intent handed off (on the file, the owner's task planned). */
  upgradeHanded(interaction: Pick<InteractionRecord, 'id' | 'teamId'>): Promise<void> {
    return this.repos.interactions.upgradeHanded(interaction.teamId, interaction.id);
  }

  /**
   * The upgrade intent was handled (its hand-off task done, the outcome logged as the task's
   * interaction): cleared from the file, the change logged. Nothing when none is on file.
   */
  async clearUpgradeIntent(ctx: Ctx, code: string): Promise<void> {
    const customer = await this.get(ctx, code);
    if (!customer.upgradeIntent) return;
    await this.applyAndLog(
      ctx,
      customer,
      () => ({ upgradeIntent: null }),
      intentChanged,
      undefined,
      'task.complete',
    );
  }

  /** Changes of some fields since `since`, oldest first (the digest's tier and lifecycle moves). */
  changesSince(ctx: Ctx, fields: string[], since: Date): Promise<ChangeRecord[]> {
    return this.repos.changes.since(ctx.teamId, fields, since);
  }

  /**
   * Since when a competitor contact has been on the customer's file: when the flag was last set,
   * else (set with the file, or before the change log) when the file was created.
   */
  async competitorSince(
    ctx: Ctx,
    customer: Pick<CustomerRecord, 'id' | 'createdAt'>,
  ): Promise<Date> {
    const set = await this.repos.changes.lastChangedTo(
      ctx.teamId,
      customer.id,
      'competitorContact',
      true,
    );
    return set ?? customer.createdAt;
  }

  /**
   * The day (in the workspace's zone) a churned customer was marked churned: when its lifecycle
   * last changed to churned, else (a file created churned, or from before the change log) the
   * day it was recorded.
   */
  private async churnedOn(ctx: Ctx, customer: CustomerRecord): Promise<string> {
    const marked = await this.repos.changes.lastChangedTo(
      ctx.teamId,
      customer.id,
      'lifecycle',
      'churned',
    );
    return localDate(marked ?? customer.createdAt, ctx.settings.timeZone);
  }

  /** When the workspace's first customer was recorded (the digest's new customers), if any. */
  firstRecordAt(ctx: Ctx): Promise<Date | undefined> {
    return this.repos.changes.firstRecordAt(ctx.teamId);
  }

  /** How many interactions were logged in [from, to) more than 24 h after they happened (the digest's). */
  lateInteractions(ctx: Ctx, from: Date, to: Date): Promise<number> {
    return this.repos.interactions.countLoggedLate(ctx.teamId, from, to);
  }

  /**
   * Recomputes every customer's tier from the workspace's current thresholds (the quarterly
   * review: thresholds changed in the settings reach a file only here, or when its annual
   * purchases change). A customer with orders has its annual
   * purchases recomputed from the orders of the last 12 months first, so an order that aged out
   * of the window lowers the figure and the tier; one without orders keeps its stored figure.
   * Each change is logged, with the value class the new figure gives; overrides stay in force.
   * The quarterly review (`review`, its date) records each move of the tier in force on the
   * customer in the same write as the move (`tierMove`), for `tierMovesToTell`, and the change
   * log it owes (`changesOwed`): a log write that fails is done by a run again (the retry, the
   * next review), before the customer is reviewed, keyed, so written once. One customer
   * whose read or write fails (the database failing then) does not stop the others: it is
   * logged by id and counted in `failed`, and a run again reviews it (those reviewed are up to
   * date: nothing to write). One reviewed whose only failure was a change-log write (its tier
   * written, the entries owed on it) is reviewed: logged as owing them, by id, and counted in
   * `logsOwed`, for a run again to write them. Returns how many computed tiers changed.
   */
  async recomputeTiers(
    ctx: Ctx,
    review?: string,
  ): Promise<{ changed: number; failed: number; logsOwed: number }> {
    let changed = 0;
    let failed = 0;
    let logsOwed = 0;
    const since = yearWindowStart(ctx.today);
    const owed = new Map(
      (await this.repos.customers.withChangesOwed(ctx.teamId)).map((o) => [o.id, o.owed]),
    );
    // The 12 months' totals of every customer with orders, read once for the workspace; the
    // customers streamed with the two figures compared, read whole only to be written.
    const orders = await this.repos.orders.totalsSince(ctx.teamId, since);
    for await (const customer of this.repos.customers.tierFigures(ctx.teamId)) {
      // A change-log write that failed: the entries stay owed on the customer, which is reviewed
      // all the same (its write records what it owes in turn).
      let logFailed: { err: unknown } | undefined;
      try {
        const logOwed = owed.get(customer.id);
        if (logOwed)
          await this.writeChangesOwed(ctx, customer.id, logOwed).catch((err: unknown) => {
            logFailed = { err };
          });
        const reviewed = await this.recomputeTier(ctx, customer, orders, since, review);
        if (reviewed.changed) changed++;
        logFailed ??= reviewed.logFailed;
      } catch (err) {
        failed++;
        ctx.log.error({ err, customer: customer.id }, 'tier review: customer not reviewed');
        continue;
      }
      if (logFailed) {
        logsOwed++;
        ctx.log.warn(
          { err: logFailed.err, customer: customer.id },
          'tier review: customer reviewed, its change-log entries owed (written by a run again)',
        );
      }
    }
    return { changed, failed, logsOwed };
  }

  /**
   * One customer's part of `recomputeTiers`: whether its computed tier changed, and the failure
   * of its change-log write when the entries it owes were not written (they stay owed).
   */
  private async recomputeTier(
    ctx: Ctx,
    customer: { id: string; annualRevenue?: number; computedTier: Tier },
    orders: { totals: Map<string, number>; withOrders: Set<string> },
    since: string,
    review: string | undefined,
  ): Promise<{ changed: boolean; logFailed?: { err: unknown } }> {
    const fromOrders = orders.withOrders.has(customer.id);
    const revenue = fromOrders ? (orders.totals.get(customer.id) ?? 0) : customer.annualRevenue;
    const tierChanges = computeTier(revenue, ctx.settings.tiers) !== customer.computedTier;
    if (!tierChanges && (revenue ?? null) === (customer.annualRevenue ?? null))
      return { changed: false };
    // It moves: read whole, to be written, its total read again over the revision written (an
    // order recorded since the workspace's totals were read is in it).
    const start = await this.repos.customers.byId(ctx.teamId, customer.id);
    if (!start) return { changed: false };
    const patchFor = async (current: CustomerRecord): Promise<CustomerPatch> => {
      const patch: CustomerPatch = fromOrders
        ? {
            annualRevenue: (await this.repos.orders.totalSince(ctx.teamId, current.id, since))
              .total,
            retier: true,
          }
        : { retier: true };
      // The tier in force after the write (as applyPatch derives it): a move is recorded
      // with it, in the same single-document update.
      const to =
        current.tierOverride?.tier ??
        computeTier(patch.annualRevenue ?? current.annualRevenue, ctx.settings.tiers);
      if (review && to !== current.tier) patch.tierMove = { review, from: current.tier, to };
      return withValueClass(ctx, current, patch);
    };
    const { logFailed } = await this.applyAndLog(
      ctx,
      start,
      patchFor,
      changedFields,
      undefined,
      undefined,
      true,
    );
    return { changed: tierChanges, ...(logFailed ? { logFailed } : {}) };
  }

  /** Writes the change-log entries a customer's writes owe (keyed: once), then clears them. */
  private async writeChangesOwed(ctx: Ctx, id: string, owed: ChangesOwed[]): Promise<void> {
    for (const { key, changes } of owed) {
      await this.repos.changes.append(changes, key);
      await this.repos.customers.clearChangesOwed(ctx.teamId, id, key);
    }
  }

  /**
   * The customers whose tier the quarterly review `review` moved (as each recorded it) and
   * whose move is not in the outbox yet.
   */
  tierMovesToTell(ctx: Ctx, review: string): Promise<CustomerRecord[]> {
    return this.repos.customers.withUntoldTierMove(ctx.teamId, review);
  }

  /** Records that a customer's move by the review `review` is in the outbox. */
  tierMoveTold(ctx: Ctx, customer: CustomerRecord, review: string): Promise<void> {
    return this.repos.customers.markTierMoveTold(ctx.teamId, customer.id, review);
  }
}

/**
 * The patch with the value class (manual C) the customer has after it, from the revenue,
 * cooperation start, potential and lifecycle it leaves: every write that can move one of them
 * (an edit, an order, the daily run) sets it at once, not after the next daily run.
 */
/** `patch` without its owner change. */
function withoutOwner(patch: CustomerPatch): CustomerPatch {
  const { ownerId: _dropped, ...rest } = patch;
  return rest;
}

function withValueClass(
  ctx: Ctx,
  current: Pick<
    CustomerRecord,
    'annualRevenue' | 'cooperationStartDate' | 'potential' | 'lifecycle'
  >,
  patch: CustomerPatch,
): CustomerPatch {
  const after = <K extends 'annualRevenue' | 'cooperationStartDate'>(key: K) =>
    patch[key] === null ? undefined : (patch[key] ?? current[key]);
  return {
    ...patch,
    valueClass: valueClass(
      {
        annualRevenue: after('annualRevenue'),
        cooperationStartDate: after('cooperationStartDate'),
        potential: patch.potential ?? current.potential,
        lifecycle: patch.lifecycle ?? current.lifecycle,
      },
      ctx.today,
      ctx.settings.valueClasses,
    ),
  };
}

/**
 * The registry's changes with the contact lines replaced by the changes contact by contact
 * (each naming its contact), at the contact fields' place in the registry's order.
 */
function withContactChanges(
  registry: FieldChange[],
  before: NewCustomer,
  after: NewCustomer,
): FieldChange[] {
  const isContact = (field: string) => field.startsWith('contact.');
  const firstContact = FIELDS.findIndex(([, spec]) => spec.at.on === 'contact');
  const earlier = new Set(FIELDS.slice(0, firstContact).map(([, spec]) => logName(spec.at)));
  const rest = registry.filter((c) => !isContact(c.field));
  return [
    ...rest.filter((c) => earlier.has(c.field)),
    ...contactChanges(before.contacts, after.contacts),
    ...rest.filter((c) => !earlier.has(c.field)),
  ];
}

/** The refusal of a name another customer has. */
function nameTaken(existing: CustomerRecord): FieldErrors {
  return new FieldErrors({
    name: { key: 'customer.error.duplicateName', params: { code: existing.code } },
  });
}

/** Refuses typed-text fields that still hold a masked export's mask, each on its field. */
function refuseMasked(fields: readonly string[]): void {
  if (fields.length)
    throw new FieldErrors(
      Object.fromEntries(fields.map((field) => [field, { key: 'form.error.masked' as const }])),
    );
}

/** Refuses typed-text fields with a phone or email typed by someone who lost sight of them. */
function refuseAccessLost(
  fields: readonly string[],
  key: 'customer.error.accessChangedSinceOpen' | 'contacts.error.accessChangedSinceOpen',
): void {
  if (fields.length)
    throw new FieldErrors(Object.fromEntries(fields.map((field) => [field, { key }])));
}

/** The owner field, as who may change it reads it. */
const OWNER_FIELD: FieldSpec = CUSTOMER_FIELDS.owner;

/** An upgrade intent's change as the History shows it: what they want, before and after. */
function intentChanged(before: NewCustomer, after: NewCustomer): FieldChange[] {
  const oldValue = before.upgradeIntent?.what ?? null;
  const newValue = after.upgradeIntent?.what ?? null;
  const same =
    oldValue === newValue &&
    before.upgradeIntent?.at?.getTime() === after.upgradeIntent?.at?.getTime();
  return same ? [] : [{ field: 'upgradeIntent', oldValue, newValue }];
}

/**
 * `contacts` with contact `key` changed by `patch` (a new one without a key), and that contact;
 * refused when it is gone, one too many, has no name or another contact's name.
 */
function contactsWith(
  current: Contact[],
  key: string | undefined,
  patch: ContactPatch,
  /** A new contact's form: its key the form's when free (`newContactKey`). */
  form?: string,
): { contacts: Contact[]; contact: Contact } {
  const contacts = current.map((c) => ({ ...c }));
  const index = key ? contacts.findIndex((c) => c.key === key) : -1;
  if (key && index < 0) throw new AppError('NOT_FOUND', 'contacts.error.gone');
  if (!key && contacts.length >= MAX_CONTACTS)
    throw new FieldErrors({
      contact_name: { key: 'contacts.error.tooMany', params: { max: MAX_CONTACTS } },
    });
  const base: Record<string, unknown> = key
    ? { ...contacts[index] }
    : {
        key: newContactKey(
          contacts.map((c) => c.key),
          form,
        ),
        optOuts: [],
      };
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) delete base[field];
    else if (value !== undefined) base[field] = value;
  }
  const contact = { ...base, optOuts: base.optOuts ?? [] } as Contact;
  if (!contact.name) throw new FieldErrors({ contact_name: { key: 'form.error.required' } });
  const clash = contacts.find(
    (c) => c.key !== contact.key && nameKey(c.name) === nameKey(contact.name),
  );
  if (clash)
    throw new FieldErrors({
      contact_name: { key: 'contacts.error.duplicate', params: { contact: contact.name } },
    });
  if (index >= 0) contacts[index] = contact;
  else contacts.push(contact);
  return { contacts, contact };
}
