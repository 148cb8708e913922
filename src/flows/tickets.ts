import { systemClock, type Clock } from '../clock.js';
import { actingAs, asOf, SYSTEM_ACTOR, withGuest, type Ctx, type Guest } from '../context.js';
import { erasedName, erasingCode } from '../customer/rules.js';
import type { Logger } from '../logger.js';
import { guestRefusalSaid, holdsNoRole, may, readsDesk } from '../permissions.js';
import { AppError, FieldErrors, notFoundAsNull } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';
import { owedTicket, repairOwed } from './owed.js';
import { refreshHomesAfter } from './refresh-homes.js';
import type { UpgradeFlows, UpgradeHandOff } from './upgrades.js';
import type { Notifiers, TicketView } from '../notify/index.js';
import type { ErasureLeases, PrivacyLog } from '../privacy/service.js';
import { cardKey, REPLAY_MS, type DrawnChecked, type Written } from '../outbox/types.js';
import type { TaskService } from '../task/service.js';
import { homeReaders } from '../task/types.js';
import { readerCardActions } from '../ticket/card-actions.js';
import { pausedReplyStatus, ticketClock } from '../ticket/clock.js';
import { MERGE_LOCK_MS, MergeInFlight, type TicketService } from '../ticket/service.js';
import type { LinksRead } from '../channel/types.js';
import type { CustomerService } from '../customer/service.js';
import type { CustomerNameNow, InteractionType } from '../customer/types.js';
import {
  holderAfter,
  namedMergeNote,
  requesterInSlack,
  waitsOn,
  type ActionParams,
  type CardAction,
  type HandedTo,
  type StepTask,
  type IntakeChannel,
  type MergeReach,
  type ResponseInput,
  type TicketEvent,
  type TicketInput,
  type RequesterTicket,
  type TicketRecord,
  standInTakenStill,
} from '../ticket/types.js';
import type { WorkspaceService } from '../workspace/service.js';

export interface AnnounceResult {
  /** Where the card went, when it went. */
  channel?: string;
  /** The card's link, when Slack gave one. */
  permalink?: string;
  /** Why it did not: `no_triage_channel`, or Slack's error code (the outbox tries again). */
  error?: string;
}

export interface ActOptions {
  /** Called once the change is saved, before any Slack call (a modal's ack). */
  saved?: () => Promise<void>;
  /** `none`: the caller announces the change itself (the SLA sweep, for many at once). */
  announce?: 'full' | 'none';
  /** The ticket as the caller just read it (the sweep): saves reading it again. */
  current?: TicketRecord;
  /** What Slack said of the person it is handed to (Reassign, Escalate), on an open desk. */
  handedTo?: HandedTo;
  /** The step task it is taken for (a revisit's reopen, a complaint's contact): its executor may. */
  step?: StepTask;
  /** The action applies only while this is still the assignee (TicketService.act). */
  expectAssignee?: string;
  /**
   * More outbox entries that follow from the change (a requester's DM answer thanked), written
   * in the same command as its notices and delivered with them; returns their keys. Not called
   * with `announce: 'none'`.
   */
  also?: (batched: Ctx, ticket: TicketRecord) => Promise<string[]>;
  /**
   * A resume, reopen or note the desk makes for a person of the customer's who is not the
   * requester (their reply in a customer channel's thread): who wrote, stored on its event
   * (`TicketEvent.writer`; their erasure and export find it by it); a resume's or reopen's
   * assignee DM names them, as it names the requester for theirs.
   */
  writer?: string;
  /**
   * The submission that asks for it (`submissionKey`: view id and values): delivered again, it
   * writes nothing and is answered as saved (`saved`), nothing shown again (TicketService.act `key`).
   */
  key?: string;
}

/** How a logged response shows on the customer's file. */
const INTERACTION_OF: Partial<Record<IntakeChannel, InteractionType>> = {
  phone: 'call',
  email: 'email',
  wechat: 'message',
  visit: 'visit',
  slack: 'message',
};

/** How many of their own customers New ticket offers a guest of the workspace (`guestCustomers`). */
export const GUEST_CUSTOMERS_SHOWN = 5;

/** Why a guest (or a person Slack did not describe in time) may not file for a customer. */
const GUEST_FILING_REFUSALS: Record<Guest, MessageKey> = {
  guest: 'ticket.error.guestCustomer',
  unknown: 'permission.denied.guestReadUnknown',
  unchecked: 'permission.denied.guestReadUnchecked',
};

/** A ticket whose announcement was cut short (a crash) is announced again after this long. */
export const NOTICES_REPAIR_MS = 2 * 60_000;

/**
 * How long a delivery waits for its own submission's merge held by another delivery before it
 * looks at the tickets again (`mergeWait`), on whichever instance either runs.
 */
export const MERGE_WAIT_MS = 250;
/**
 * A merge form's delivery meeting its own submission's merge in flight (MergeInFlight) looks at
 * the tickets again up to this many times, MERGE_WAIT_MS apart (`mergeWait`): as long as a held
 * lock lives (MERGE_LOCK_MS), as its ack is sent already ("Saving…"), so a first delivery slow
 * for seconds is waited for and the repeat closes as saved. A lock it saw unchanged for that long
 * on its own clock is taken over as lapsed (whatever its `until`, written on another instance's
 * clock, says); one look more than the lock's life, so that a timer firing a millisecond early
 * does not end the wait short of it. Still held after them (the repeat's clock not moving), it is
 * refused busy.
 */
export const MERGE_WAITS = Math.ceil(MERGE_LOCK_MS / MERGE_WAIT_MS) + 1;

/** One wait of a delivery for its own submission's merge held by another (MERGE_WAIT_MS). */
function realMergeWait(ms: number): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
}

/** `wait`, ended early once `stopped` is aborted (the desk stopping). */
async function waitUnlessStopped(
  wait: Promise<void>,
  stopped: AbortSignal | undefined,
): Promise<void> {
  if (!stopped) return wait;
  let onAbort = () => undefined as void;
  const aborted = new Promise<void>((resolve) => (onAbort = resolve));
  if (stopped.aborted) return;
  stopped.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.race([wait, aborted]);
  } finally {
    stopped.removeEventListener('abort', onAbort);
  }
}

/**
 * Whether a resolved ticket's requester is asked the survey: one in Slack (a conversation's
 * customer side when there is no requester user), never our own staff: someone who works the
 * desk by role or is an account manager (of any customer), the ticket's assignee or its account
 * manager would rate their own or a
 * colleague's work as the customer, counted in the customer figures.
 */
export function asksSurvey(
  settings: Ctx['settings'],
  ticket: Pick<TicketRecord, 'requester' | 'conversation' | 'assigneeId' | 'accountManagerId'>,
): boolean {
  if (!requesterInSlack(ticket)) return false;
  const user = ticket.requester?.userId;
  if (!user) return true;
  return (
    user !== ticket.assigneeId &&
    user !== ticket.accountManagerId &&
    // Holds no role: no desk role, nor the account manager role (sales staff, another
    // customer's owner); the open desk's "everyone" does not count.
    holdsNoRole(settings, user)
  );
}

/**
 * Ticket use cases: intake, actions and what they tell Slack. The ticket is always saved first,
 * marked as owing its notices in the same write; then its card (updated in place on every
 * change, its thread the timeline), the account manager's DM and escalation posts are written
 * to the outbox under keys derived from the ticket and its timeline, the mark is cleared, and
 * the request delivers them at once. Whatever Slack refuses the outbox retries; a process that
 * dies between the save and the outbox leaves the mark, and `repairNotices` writes them later,
 * so nothing is lost and, the keys being the same, nothing is sent twice. Resolving plans the
 * 3-7-30 follow-ups; reopening cancels them.
 */
/** What a new ticket's re-check read that the intake uses after it (`erasedMeanwhile`). */
interface IntakeRead {
  now?: CustomerNameNow | null;
  links?: LinksRead;
}

/**
 * A ticket to replay (`replaying`) and the notes of merges into it naming who asked, by sequence
 * number: written in their place in the replay (`announce`), not ahead of its other lines.
 */
interface Replay {
  ticket: TicketRecord;
  named: ReadonlyMap<number, TicketEvent>;
}

/**
 * Whether the replies owed in a ticket card's thread as an action read them with the ticket
 * (`before`) still answer for its own reply once that reply is written (`seen`: what the clear of
 * the action's notices mark found, TicketRepository.noticesWrittenSeen). Everything written into
 * a card's thread follows a write to its ticket that leaves a mark until it is written: a change
 * (a new version and `noticesOwedAt`) or the SLA sweep's alert marks (`alertsOwed`, and
 * `threadRev` bumped, no new version). Marked when read: no answer taken (TicketService
 * `cardThreadIn`). Written before the read: found by it. A change after the read and before
 * this action's write made the write fail (read again, the thread with it); a change between
 * the write and the clear moved the version, an alert marked anywhere in between `threadRev`:
 * both seen here. Anything marked after the clear is written after this action's replies, not
 * before them. So the answer stands unless `seen` says otherwise.
 */
function threadUnchanged(before: TicketRecord, seen: { threadRev: number } | null | void): boolean {
  return !!seen && seen.threadRev === (before.threadRev ?? 0);
}

export class TicketFlows {
  constructor(
    private readonly deps: {
      tickets: TicketService;
      tasks: TaskService;
      workspaces: WorkspaceService;
      customers: CustomerService;
      /** An upgrade intent heard as a ticket is resolved: handed to the customer's owner. */
      upgrades: UpgradeFlows;
      notify: Pick<Notifiers, 'tickets' | 'requester' | 'homes' | 'outbox'>;
      /**
       * Whether Slack describes the request's actor as a guest of the workspace (src/slack/people.ts
       * `GuestCheck`: remembered, else asked with the workspace's client, a bounded wait). Asked
       * when a person the roles name nowhere files a ticket and the request did not already say
       * (Slack late at the request, or on a closed desk a context no request asked for: an
       * event done again later that was stored before requests asked): a guest's ticket is marked
       * `filedByGuest`. Unset: not asked.
       */
      standing?: (ctx: Ctx) => Promise<'member' | Guest>;
      /** Tests: the wait between a merge repeat's looks at its own merge held (MERGE_WAIT_MS). */
      mergeWait?: (ms: number) => Promise<void>;
      /**
       * The desk's clock: a merge repeat's looks at its first delivery's lock, each at its own
       * moment (the lock lapses in real time, not at the request's `now`). Unset: the system's.
       */
      clock?: Clock;
      /**
       * What Slack's users.info says of a person (remembered, else asked briefly with the
       * workspace's install): of another organisation, ours, not said in time, or never said to
       * this install. Asked when Slack refused a requester's DM (`requesterRefused`). Unset: not
       * asked (nothing is marked).
       */
      organisationOf?: (
        ctx: Ctx,
        userId: string,
        asking: 'holderCheck' | 'requesterCheck',
      ) => Promise<'external' | 'ours' | 'unknown' | 'unchecked'>;
      /** Erasures by Slack user (the privacy log): absent, none is looked for. */
      erasures?: Pick<PrivacyLog, 'erasedSinceWritten'>;
      /** The erasure under way (its lease), read again once a ticket is in: absent, not read. */
      erasing?: Pick<ErasureLeases, 'running' | 'runningIn' | 'runningOf'>;
    },
  ) {}

  private get notify() {
    return this.deps.notify.tickets;
  }

  /**
   * Slack refused a DM to `userId`, the requester of `ticketIds` (their notices), as it refuses
   * a person it will not deliver to. A ticket filed before `requester.external` was recorded (or
   * while Slack did not describe them in time) may name a person of another organisation, whom
   * no DM of the desk reaches: Slack is asked (users.info, remembered). Of another organisation:
   * those tickets' requester is marked so, once (no DM is written to them for those tickets
   * again; their cards say so, drawn again). Whether Slack says they are of another
   * organisation (the outbox then drops what it still owes them for those tickets).
   */
  async requesterRefused(ctx: Ctx, userId: string, ticketIds: readonly string[]): Promise<boolean> {
    const ask = this.deps.organisationOf;
    if (!ask || !ticketIds.length) return false;
    if ((await ask(ctx, userId, 'requesterCheck')) !== 'external') return false;
    const marked = await this.deps.tickets.markRequesterExternal(ctx, ticketIds, userId);
    if (marked.length) {
      ctx.log.warn(
        { tickets: marked.map((t) => t.number) },
        'requester of another organisation (Slack refused their DM): marked, no DM written to them for these tickets again',
      );
      const posted = marked.filter((t) => t.card.channel && t.card.ts);
      if (posted.length) await this.notify.cards(ctx, posted);
    }
    return true;
  }

  /**
   * A ticket as its card shows it to the actor: for whoever reads the desk, the triage card with
   * its SLA clocks now, `reveal` when they may read the personal details typed in it
   * (`ticket.seePersonal`), else the card masks them, and only the `actions` they may take
   * (`readerCardActions`: the card is theirs alone); for a person who does not (a guest of the
   * workspace who holds no role, or one Slack did not describe in time), their own ticket as the
   * requester's view gives it (`TicketService.forCard`: nothing of the desk's own in it).
   */
  async show(
    ctx: Ctx,
    number: string,
  ): Promise<
    | ({ as: 'desk' } & TicketView & { reveal: boolean; actions: CardAction[] })
    | { as: 'requester'; ticket: RequesterTicket }
  > {
    const read = await this.deps.tickets.forCard(ctx, number);
    if (read.as === 'requester') return read;
    const { ticket } = read;
    // New task is offered by the customer's owner now, as its click checks (a resolved ticket
    // keeps the account manager it had when the customer changes hands).
    const customer = await this.deps.customers.get(ctx, ticket.customerCode).catch(notFoundAsNull);
    return {
      as: 'desk',
      ...this.view(ctx, ticket),
      reveal: may(ctx.settings, ctx.actor, 'ticket.seePersonal', { ticket }, ctx.now),
      actions: readerCardActions(ctx, ticket, customer?.ownerId ?? null),
    };
  }

  /** A ticket as a row of the actor's list shows it: with the card actions they may take. */
  row(ctx: Ctx, ticket: TicketRecord): TicketView & { actions: CardAction[] } {
    return { ...this.view(ctx, ticket), actions: readerCardActions(ctx, ticket) };
  }

  /**
   * The request as its filer: a person the roles name nowhere who files a ticket themselves is
   * asked of Slack when the request did not say whether they are a guest (Slack was late then,
   * or on a closed desk nothing asked: an event stored before requests asked there, done again
   * later; a member is asked again here, from the remembered answers), so that a guest is never the
   * filer of what they file, on a closed desk as on an open one. Slack still not saying in time
   * leaves the ticket unmarked, as on an open desk: a member is never stripped of their filer
   * rights for good because Slack was slow once.
   */
  private async filer(ctx: Ctx, input: TicketInput): Promise<Ctx> {
    const asked =
      this.deps.standing &&
      !ctx.external &&
      ctx.actor !== SYSTEM_ACTOR &&
      (input.createdBy ?? ctx.actor) === ctx.actor &&
      (ctx.guest === 'unknown' || (ctx.guest === undefined && !ctx.settings.openDesk)) &&
      holdsNoRole(ctx.settings, ctx.actor);
    if (!asked) return ctx;
    const standing = await this.deps.standing!(ctx);
    return standing === 'guest' ? withGuest(ctx, 'guest') : ctx;
  }

  view(ctx: Ctx, ticket: TicketRecord): TicketView {
    return { ticket, clock: ticketClock(ctx.settings, ticket, ctx.now) };
  }

  /**
   * The customers a guest of the workspace who holds no role may pick in New ticket outside a
   * linked customer channel (`assertMayFileFor`): those of the tickets they asked for, open or
   * not, the latest first, at most `limit`. Nobody else's customer is named to them.
   */
  guestCustomers(
    ctx: Ctx,
    limit = GUEST_CUSTOMERS_SHOWN,
  ): Promise<{ code: string; name: string }[]> {
    return this.deps.tickets.requestedCustomers(ctx, limit);
  }

  /**
   * Refuses, on the customer field, a ticket an actor who does not read the desk (a guest of the
   * workspace who holds no role, or a person Slack did not describe in time: `readsDesk`) files
   * for a customer that is neither `known` (the customer of the linked customer channel it was
   * filed in: its message, its emoji, "Create ticket" or `/ticket new` there, as the desk signed
   * it) nor one of the tickets they asked for, open or not (`guestCustomers`): a guest never
   * files under, nor learns by trying, another customer's name. Anyone else files for any customer.
   */
  async assertMayFileFor(ctx: Ctx, customerCode: string, known?: string): Promise<void> {
    if (readsDesk(ctx) || ctx.actor === SYSTEM_ACTOR) return;
    if (known !== undefined && customerCode === known) return;
    if (await this.deps.tickets.requestedOf(ctx, customerCode)) return;
    const refused = ctx.external
      ? { key: 'permission.denied.externalRead' as const, params: {} }
      : guestRefusalSaid(ctx, GUEST_FILING_REFUSALS[ctx.guest!], { plain: true });
    throw new FieldErrors({ customer: refused });
  }

  /**
   * Refuses, on the requester field, a ticket made from a message (`source`) that names as its
   * requester a person whose personal data was erased after the message was written (the
   * reaction's rule, `ChannelFlows.reaction`): "Create ticket" on an old message of theirs, or a
   * modal opened before the erasure, would make them a requester again with what they wrote then.
   * A message they write after the erasure is anyone's; so is a ticket that names them from none.
   * Their id is neither logged nor stored (the privacy log knows them by its `userKey`).
   */
  async assertRequesterNotErased(
    ctx: Ctx,
    input: Pick<TicketInput, 'source' | 'requester'>,
  ): Promise<void> {
    const userId = input.requester?.userId;
    if (!input.source || !userId || !this.deps.erasures) return;
    if (!(await this.deps.erasures.erasedSinceWritten(ctx, userId, input.source.ts))) return;
    ctx.log.info(
      { channel: input.source.channel },
      'a requester erased since their message: refused',
    );
    throw new FieldErrors({ requester: { key: 'ticket.error.requesterErased' } });
  }

  /**
   * What a ticket just inserted must be taken back for (`create`), or undefined. `requester`: it
   * is made from a message (`source`) whose requester is erased since they wrote it, or being
   * erased now (the workspace's erasure lease names them): an erasure that landed between
   * `assertRequesterNotErased` and the insert scrubbed their tickets before this one was in (its
   * privacy log entry is written after its scrub, its lease held before). `customer`: its
   * customer, read unerased for it (the ticket bears its name), is erased whole now or being
   * erased (the lease names the whole customer): that erasure's scrub of the customer's tickets
   * ran before this one was in, and its name and words would stay. One inserted before the lease
   * was taken is the scrub's to find; one filed for a customer already erased when read bears the
   * erased name and stands.
   */
  private async erasedMeanwhile(
    ctx: Ctx,
    ticket: Pick<
      TicketRecord,
      'id' | 'source' | 'requester' | 'customerId' | 'customerCode' | 'customerName'
    >,
    /**
     * Set to the customer as read here (after the lease's read), when it was read; and to the
     * desk channels' links read with them (`links`, for the delivery), when they were.
     */
    read: IntakeRead = {},
  ): Promise<'requester' | 'customer' | undefined> {
    // The lease and then the customer, read in one command along with the ticket (a `$lookup`
    // each, the lease's first: the order the argument above needs); the ticket gone meanwhile
    // (taken back by another re-check) or no customer id: each read on its own, in that order.
    // The desk channels' links last, in the same command: the announcement's delivery asks
    // whether its desk channel is linked to a customer now, and takes this answer.
    const erasing = this.deps.erasing;
    const customerIn = erasing && this.deps.customers.nameNowIn(ctx, ticket.customerId);
    const links = this.deps.tickets.deskLinksIn(ctx);
    const along =
      erasing && customerIn
        ? await this.deps.tickets.alongWith(ctx, ticket.id, [
            erasing.runningIn(ctx),
            customerIn,
            ...(links ? [links.join] : []),
          ])
        : null;
    if (along && links) read.links = links.of(along[2]!);
    const running = along ? erasing!.runningOf(along[0]!) : await erasing?.running(ctx);
    const userId = ticket.requester?.userId;
    if (ticket.source && userId && this.deps.erasures) {
      if (running && 'user' in running && running.user === userId) return 'requester';
      if (await this.deps.erasures.erasedSinceWritten(ctx, userId, ticket.source.ts))
        return 'requester';
    }
    const gone = erasedName(ticket.customerCode);
    if (ticket.customerName === gone) return undefined;
    if (erasingCode(running, ticket.customerCode, { contacts: false })) return 'customer';
    const now = (read.now = along
      ? this.deps.customers.nameNowOf(along[1]!)
      : await this.deps.customers.nameNow(ctx, ticket.customerId));
    return now?.name === gone ? 'customer' : undefined;
  }

  /**
   * The re-check a new ticket owes after its insert (`intakeCheckOwedAt`, written with it): taken
   * back when its requester or whole customer was erased meanwhile (`erasedMeanwhile`), else
   * kept; decided by whichever of the request and the outbox job's repair (`repairIntakeChecks`)
   * writes first (the delete applies only while the mark is there, and so does its clearing),
   * so a ticket is never both announced and taken back, nor left owing. One kept has a change of
   * its customer's owner or tier since the intake's read written on it (`catchUpOwner`, with the
   * re-check's read) before its mark is cleared: a request cut short after the insert leaves it
   * to a resubmit of the same form or to the repair, which do the same. `erased`: why it was
   * taken back (by another re-check: as its fields say), or undefined when it stands; `ticket`:
   * as caught up.
   */
  private async settleIntake(
    ctx: Ctx,
    ticket: TicketRecord,
    read: IntakeRead = {},
  ): Promise<{ erased?: 'requester' | 'customer'; ticket: TicketRecord }> {
    const erased = await this.erasedMeanwhile(ctx, ticket, read);
    if (erased)
      return (await this.deps.tickets.undoCreate(ctx, ticket)) ? { erased, ticket } : { ticket };
    const caughtUp = await this.deps.tickets.catchUpOwner(
      ctx,
      ticket,
      read.now !== undefined ? { now: read.now } : undefined,
    );
    if (await this.deps.tickets.intakeChecked(ctx, ticket)) return { ticket: caughtUp };
    return {
      erased: ticket.source && ticket.requester?.userId ? 'requester' : 'customer',
      ticket: caughtUp,
    };
  }

  /**
   * A new ticket: saved once per modal submission; then (after `saved`) the link to the message
   * it was made from, and its announcement. `announced` says where the card went, or why it did
   * not; nothing is announced for a submission seen before (`saved` is told which it was).
   * `knownCustomer`: the customer of the linked customer channel it was filed in, which a guest
   * of the workspace may file for (`assertMayFileFor`, checked here on every path). A requester
   * erased since the message it is made from is refused (`assertRequesterNotErased`, likewise).
   */
  async create(
    ctx: Ctx,
    input: TicketInput,
    saved: (ticket: TicketRecord, created: boolean) => Promise<void> = async () => {},
    options: { knownCustomer?: string } = {},
  ): Promise<{ ticket: TicketRecord; created: boolean; announced?: AnnounceResult }> {
    await this.assertMayFileFor(ctx, input.customerCode, options.knownCustomer);
    await this.assertRequesterNotErased(ctx, input);
    const filer = await this.filer(ctx, input);
    // The owner's catch-up (`catchUpOwner`) is done by the re-check below, with its read.
    const inserted = await this.deps.tickets.create(filer, input, false);
    const { created } = inserted;
    // Its requester or its whole customer erased between the check (the customer's read) and the
    // insert: taken back before anything is told of it (the erasure's scrub ran before it was
    // in), refused on the field that names them. Also one found still owing its re-check (the
    // request that inserted it cut short, or still at it): settled now. One kept has a change of
    // its customer's owner or tier since its read written on it (`settleIntake`).
    const read: IntakeRead = {};
    const { erased, ticket: caughtUp } =
      created || inserted.ticket.intakeCheckOwedAt
        ? await this.settleIntake(ctx, inserted.ticket, read)
        : { ticket: inserted.ticket };
    if (erased) {
      ctx.log.info(
        { channel: input.source?.channel },
        erased === 'requester'
          ? 'a requester erased while their ticket was saved: taken back, refused'
          : 'a customer erased while its ticket was saved: taken back, refused',
      );
      throw new FieldErrors(
        erased === 'requester'
          ? { requester: { key: 'ticket.error.requesterErased' } }
          : { customer: { key: 'ticket.error.customerErased' } },
      );
    }
    const { intakeCheckOwedAt: _settled, ...ticket } = caughtUp;
    await saved(ticket, created);
    if (!created) return { ticket, created };
    ctx.log.info({ ticket: ticket.number, severity: ticket.severity }, 'ticket created');
    const permalink = ticket.source && (await this.notify.permalink(ctx.teamId, ticket.source));
    if (permalink) await this.deps.tickets.setSourcePermalink(ticket, permalink);
    // As stored now: its card is drawn from it.
    const stored = permalink ? { ...ticket, sourcePermalink: permalink } : ticket;
    await this.planComplaintContact(ctx, ticket);
    // The notices and the Homes written in one command, held for this request to deliver.
    const { value: keys, written } = await this.deps.notify.outbox.batch(ctx, async (batched) => {
      const keys = await this.notify.announce(batched, ticket);
      await this.refreshHomes(batched, [ticket]);
      return keys;
    });
    await this.deps.tickets.noticesWritten([ticket]);
    // The desk channels' links as the re-check read them: not read again by the delivery.
    const outcomes = await this.deps.notify.outbox.deliver(ctx.teamId, keys, {
      written,
      tickets: [stored],
      ...(read.links ? { links: read.links } : {}),
    });
    const card = outcomes.get(cardKey(ticket));
    const announced: AnnounceResult =
      card?.status === 'sent' && card.where
        ? {
            channel: card.where.channel,
            ...(card.where.permalink ? { permalink: card.where.permalink } : {}),
          }
        : { error: card?.error ?? 'queued' };
    if (announced.error)
      ctx.log.warn({ ticket: ticket.number, error: announced.error }, 'ticket card not posted yet');
    return { ticket, created, announced };
  }

  /**
   * A complaint's contact step assigned to its account manager (a task with the contact target
   * as due time). Never fails the intake: the notices repair plans it again (once per complaint).
   */
  private async planComplaintContact(ctx: Ctx, ticket: TicketRecord): Promise<void> {
    if (!ticket.complaint) return;
    try {
      await this.deps.tasks.planComplaintContact(ctx, ticket);
    } catch (err) {
      ctx.log.warn({ err, ticket: ticket.number }, 'complaint contact task not planned');
    }
  }

  /**
   * Applies an action (if the ticket's state allows it), then (after `saved`, the ack: Slack's
   * 3 s are for saving, not for Slack calls) plans or cancels the follow-ups and shows it in Slack.
   */
  async act(
    ctx: Ctx,
    number: string,
    params: ActionParams,
    options: ActOptions = {},
  ): Promise<{
    ticket: TicketRecord;
    event: TicketEvent;
    upgrade?: UpgradeHandOff;
    /**
     * `announce: 'none'` only: an earlier change's notices are still owed (not written with this
     * one): the caller leaves the ticket's mark for the notices repair.
     */
    noticesOwed?: true;
    /** `options.key`'s submission was saved already: nothing written, `event` the one it wrote. */
    again?: true;
  }> {
    // An upgrade intent with a resolution: whoever may log an interaction with the customer
    // records it (TicketService.act asks, before anything is written).
    // Who wrote, kept on the event (the notices repair writes the DM naming them too).
    const stored =
      options.writer &&
      (params.action === 'resume' || params.action === 'reopen' || params.action === 'note')
        ? { ...params, writer: options.writer }
        : params;
    const { ticket, event, before, customer, deskLinks, cardThread, again } =
      await this.deps.tickets.act(
        ctx,
        number,
        stored,
        options.current,
        options.handedTo,
        options.step,
        options.expectAssignee,
        options.key,
      );
    await options.saved?.();
    // Its form saved already (a repeat of the same view): shown then, nothing more to do.
    if (again) return { ticket, event, again };
    // Saved with the resolution, the intent's hand-off owed on the ticket until made (a failure
    // leaves it to the outbox job's repair).
    const upgrade =
      params.action === 'resolve' && params.upgradeWhat
        ? await this.deps.upgrades.handOffAfterAck(ctx, ticket.customerId, {
            what: params.upgradeWhat,
            by: ctx.actor,
            at: ticket.upgradeOwed ?? ctx.now,
            handed: () => this.deps.tickets.upgradeHanded(ticket),
          })
        : undefined;
    // The customer as the action read it, for the follow-ups' plan: not read again, unless the
    // hand-off above wrote to it since.
    const readBefore =
      upgrade || params.action !== 'resolve' || params.upgradeWhat ? undefined : { customer };
    // Whose follow-ups (a merged ticket's tasks) were cancelled, or contact task moved: their
    // Homes list them no more, or list them on another day.
    let cancelledFor: string[] = [];
    try {
      // The 3-7-30 follow-ups, after the ack (nothing in it depends on them). The daily tasks
      // run repairs both if this fails, so the saved change is never reported as failed.
      const cancelled =
        event.action === 'resolve'
          ? (await this.deps.tasks.planFollowUps(ctx, ticket, readBefore)).cancelled
          : event.action === 'reopen'
            ? await this.deps.tasks.cancelFollowUps(ctx, ticket)
            : event.action === 'merge'
              ? await this.deps.tasks.cancelForMerge(ctx, ticket)
              : [];
      cancelledFor = cancelled.flatMap(homeReaders);
      // A complaint resolved without the contact, reopened: its contact task open again (the
      // daily tasks run revives it should this fail); its people's Homes list it again.
      if (event.action === 'reopen' && event.resolvedUncontacted) {
        const revived = await this.deps.tasks.reviveContact(ctx, ticket);
        if (revived) {
          cancelledFor.push(...homeReaders(revived));
          ctx.log.info({ ticket: ticket.number, task: revived.id }, 'contact task open again');
        }
      }
    } catch (err) {
      ctx.log.warn({ err, ticket: ticket.number }, 'follow-up tasks not updated');
    }
    // Classified a complaint: its contact step planned for the account manager; its urgency
    // changed, the step's due time moves with the contact target.
    if (event.action === 'classify' && ticket.complaint) {
      if (!before.complaint) await this.planComplaintContact(ctx, ticket);
      else if (before.complaint.contactDueAt.getTime() !== ticket.complaint.contactDueAt.getTime())
        cancelledFor.push(
          ...(
            await this.deps.tasks.followComplaintContacts(ctx).catch((err: unknown) => {
              ctx.log.warn({ err, ticket: ticket.number }, 'complaint contact task not moved');
              return [];
            })
          ).flatMap(homeReaders),
        );
    }
    ctx.log.info({ ticket: ticket.number, action: event.action }, 'ticket action');
    // The resolver is told whom the intent went to, as Log interaction's confirmation says.
    const handed = upgrade && {
      created: upgrade.created,
      assigneeId: upgrade.task.assigneeId,
      dueDate: upgrade.task.dueDate,
    };
    if (options.announce === 'none') {
      // The caller shows the ticket (its card alone) and clears the mark by this version: an
      // earlier change's notices still owed as this one read it (`owedEarlier`) are written now,
      // its replay before whatever the caller writes of this one (the sweep's alert lines in the
      // thread), else its thread line would never be; not written, the caller leaves the mark.
      const earlier = owedEarlier(before);
      const replayed = earlier === 'replay' && (await this.replayOwed(ctx, before, ticket));
      // The Homes of whoever lost a follow-up are this one's.
      if (cancelledFor.length) await refreshHomesAfter(this.deps.notify, ctx, cancelledFor);
      if (handed) {
        const keys = await this.notify.upgradeHanded(ctx, ticket, handed);
        await this.deps.notify.outbox.deliver(ctx.teamId, keys);
      }
      return {
        ticket,
        event,
        ...(upgrade ? { upgrade } : {}),
        ...(earlier !== 'none' && !replayed ? { noticesOwed: true as const } : {}),
      };
    }
    // The requester's survey, on the first resolution (one answer per ticket).
    const survey =
      event.action === 'resolve' &&
      asksSurvey(ctx.settings, ticket) &&
      !ticket.survey &&
      (await this.deps.tickets.surveySent(ctx, ticket));
    // The ticket as this change read it still owed an earlier change's notices (`owedEarlier`).
    const earlier = owedEarlier(before);
    // Replayed: what the repair writes before its replay too (`replaying`).
    const replayed = earlier === 'replay' ? await this.replaying(ctx, ticket) : undefined;
    // The notices and the Homes written in one command, held for this request to deliver.
    const { value: keys, written } = await this.deps.notify.outbox.batch(ctx, async (batched) => {
      // Owed: the whole replay the notices repair writes (the earlier change's thread line and
      // DMs before this one's, in thread order; keys written already are left alone).
      const keys = await this.changedOrReplayed(batched, ticket, event, replayed);
      if (survey) keys.push(...(await this.deps.notify.requester.survey(batched, ticket)));
      if (options.also) keys.push(...(await options.also(batched, ticket)));
      if (handed) keys.push(...(await this.notify.upgradeHanded(batched, ticket, handed)));
      // Replayed: the Homes the earlier change owed too (whom it took the ticket from, the
      // account manager's of a ticket nobody held), as the repair passes them.
      const beforeEarlier = earlier === 'replay' ? holderBefore(before) : undefined;
      await this.refreshHomes(
        batched,
        [ticket],
        before.assigneeId,
        beforeEarlier ? [...cancelledFor, beforeEarlier] : cancelledFor,
        !before.assigneeId || (earlier === 'replay' && !heldBefore(before)),
      );
      return [...new Set(keys)];
    });
    // Owed but not to be replayed by a request (`owedEarlier`): the mark is left for the repair.
    // With the card's thread read along with the ticket, the mark's clear says whether anything
    // could have written into that thread since that read (`threadUnchanged`).
    const seen =
      earlier === 'later'
        ? null
        : cardThread
          ? await this.deps.tickets.noticesWrittenSeen(ticket)
          : await this.deps.tickets.noticesWritten([ticket]);
    const thread = cardThread && threadUnchanged(before, seen) ? cardThread : undefined;
    // The desk channels' links as read with the ticket: not read again by the delivery; its
    // card's thread likewise, while nothing could have written there since.
    await this.deps.notify.outbox.deliver(ctx.teamId, keys, {
      written,
      tickets: [ticket],
      ...(deskLinks ? { links: deskLinks } : {}),
      ...(thread ? { thread } : {}),
    });
    return { ticket, event, ...(upgrade ? { upgrade } : {}) };
  }

  /**
   * "Merge into…": the duplicate `number` closed as merged into the ticket typed (`into`), then
   * (after `saved`, the ack) a note on that ticket and both shown in Slack. Everything is
   * checked before anything is written (TicketService.mergeCheck: inline on the modal's target
   * field), then both are held for the two writes (TicketService.lockMerge: another merge sharing
   * either ticket, opposite or chained, is refused inline); the duplicate is closed in one conditional write (still open, not merged: of two
   * submits, two instances, one merges, the other is told it is merged already), and is neither
   * resolved nor surveyed, and has no follow-ups; its open tasks about it (its complaint's
   * contact...) are cancelled (TaskService.cancelForMerge; the daily tasks run cancels what this
   * did not). Its requester is told once where the desk talks to them (the merge is a step of
   * theirs: RequesterNotifier.event); the target's thread names who asked for the duplicate and
   * what they wrote, as posted now (not kept on it). The note is a second write (noteMerged,
   * once per duplicate): cut short before it, the duplicate still owes its notices and their
   * repair (repairNotices, `mergeDone`) writes what is missing, once. `key`: the form's
   * submission (`submissionKey`), kept on the duplicate's merge event (`source`): the same
   * submission delivered again (Slack's redelivery, a double click) finds the duplicate merged
   * by it: `saved` (the modal closes as saved), nothing written or said again, null. Another
   * submission (another form, or this one with its note changed) is refused "merged already".
   * The same submission delivered while its first delivery still holds the tickets (at the same
   * moment: MergeInFlight) waits for that one (`mergeWait`), then is checked again: merged by
   * it, it closes as saved too (not "busy"); let go of unmerged (that delivery failed), it merges
   * itself, as it does once the lock lapsed (that delivery's process died holding it). Still held
   * after MERGE_WAITS, it is refused busy, as another merge is. Each look reads that lock alone
   * (`mergeStillHeld`, one small read), judged at the time it looks (the desk's clock, not the
   * request's `now`), and the whole check runs again once it is gone, lapsed or another's: the
   * same whichever instance runs either delivery, nothing of a merge under way kept in the
   * process. The lock lapses by its `until` on this desk's clock, or once this delivery saw it
   * unchanged (the same lock id: a lock is never renewed) for MERGE_LOCK_MS on its own clock, as
   * heartbeats age (OutboxNotifier.readWaits): a lock taken on an instance whose clock is ahead
   * is not held past its life. The whole check then takes it over (`lapsed`: that lock counts
   * as free, and only that one). The desk stopping (`stopped`) ends the wait at once, refused `stillSaving` (its
   * process exits SHUTDOWN_LIMIT_MS later, before the lock's 30 s).
   */
  async merge(
    requestCtx: Ctx,
    number: string,
    input: { into: string; note?: string },
    options: Pick<ActOptions, 'saved' | 'key'> & {
      /** The desk stopping (HandlerDeps.stopped): a repeat's wait ends, told `stillSaving`. */
      stopped?: AbortSignal;
    } = {},
  ): Promise<{ ticket: TicketRecord; target: TicketRecord } | null> {
    const tickets = this.deps.tickets;
    // The request's context, moved to the moment of each look after a wait (`asOf`).
    let ctx = requestCtx;
    // Both held for the two writes: of two merges sharing a ticket, the other is refused here.
    let checked: Awaited<ReturnType<typeof this.checkAndLockMerge>> | undefined;
    const clock = this.deps.clock ?? systemClock;
    // The lock met (its id) and when this delivery first met it, on this desk's clock.
    let seen: { op: string; at: number } | undefined;
    // That lock, seen unchanged for its whole life: the next check takes it over as lapsed.
    let lapsed: string | undefined;
    for (let waits = 0; !checked;) {
      try {
        checked = await this.checkAndLockMerge(ctx, number, input.into, options.key, lapsed);
      } catch (err) {
        if (!(err instanceof MergeInFlight && options.key)) throw err;
        if (!waits)
          ctx.log.info({ ticket: number }, 'merge submitted again while it runs: waiting for it');
        if (seen?.op !== err.held.op) seen = { op: err.held.op, at: clock.now().getTime() };
        lapsed = undefined;
        // Only that lock looked at (one small read) until it is let go, lapses (at the time of
        // the look, or seen unchanged for its life) or is another's: then the whole check again.
        do {
          if (waits >= MERGE_WAITS) throw err;
          if (!options.stopped?.aborted)
            await waitUnlessStopped(
              (this.deps.mergeWait ?? realMergeWait)(MERGE_WAIT_MS),
              options.stopped,
            );
          waits++;
          // The desk stopping (its process exits SHUTDOWN_LIMIT_MS later): not waited out; the
          // first delivery merges, or its lock lapses and the form may be submitted again.
          if (options.stopped?.aborted) {
            ctx.log.info({ ticket: number }, 'merge submitted again: desk stopping, not waiting');
            throw new FieldErrors({
              target: { key: 'ticket.merge.error.stillSaving', params: { number } },
            });
          }
          ctx = asOf(ctx, clock.now());
          // Its `until` is on its taker's clock: one ahead of this one would hold it longer.
          if (ctx.now.getTime() - seen.at >= MERGE_LOCK_MS) {
            ctx.log.info(
              { ticket: number },
              'merge submitted again: its first delivery held the tickets past the lock life, taken over',
            );
            lapsed = seen.op;
            break;
          }
        } while (await tickets.mergeStillHeld(ctx, err.held));
      }
    }
    if ('again' in checked) {
      await options.saved?.();
      ctx.log.info({ ticket: number }, 'merge submitted again: merged already by them');
      return null;
    }
    const { duplicate, target, lock } = checked;
    let merged: Awaited<ReturnType<typeof tickets.act>>;
    let noted: Awaited<ReturnType<typeof tickets.noteMerged>>;
    try {
      merged = await tickets.act(
        ctx,
        duplicate.number,
        {
          action: 'merge',
          into: target.number,
          lock,
          ...(input.note ? { note: input.note } : {}),
          ...(target.card.permalink ? { link: target.card.permalink } : {}),
        },
        duplicate,
        undefined,
        undefined,
        undefined,
        options.key,
      );
      noted = await tickets.noteMerged(ctx, merged.ticket, input.note, target);
    } finally {
      await tickets.unlockMerge(ctx, lock, [duplicate, target]);
    }
    // The duplicate's requester and followers hear of the target from now on (when they may and
    // it has room): its requester and followers are told so only if they do (intoReach).
    const { reach: intoReach, ...followed } = await tickets.followMerged(
      ctx,
      merged.ticket,
      noted.ticket,
    );
    await options.saved?.();
    ctx.log.info({ ticket: duplicate.number, into: target.number }, 'ticket merged');
    const cancelledFor = [
      ...(await this.cancelForMerge(ctx, merged.ticket)),
      ...(await this.contactTaskMerged(ctx, noted)),
    ];
    const both = [merged.ticket, noted.ticket];
    // Either ticket as the merge read it still owing an earlier change's notices (`owedEarlier`):
    // the duplicate's replayed instead of its merge alone; the target's (as it was before the
    // note: the note's line is the merge's own, naming who asked) written first, its line before.
    const earlier = owedEarlier(merged.before);
    const replayed = earlier === 'replay' ? await this.replaying(ctx, merged.ticket) : undefined;
    const targetEarlier = noted.written ? owedEarlier(noted.before) : 'none';
    const targetReplay =
      targetEarlier === 'replay' ? await this.replaying(ctx, noted.before) : null;
    const targetKeys = targetReplay
      ? await this.notify.announce(
          ctx,
          targetReplay.ticket,
          undefined,
          pausedReplyStatus(ctx.settings, noted.before, ctx.now),
          targetReplay.named,
        )
      : [];
    // Replayed: the Homes the earlier changes owed too, as the repair passes them.
    const owedHomes = [
      ...(earlier === 'replay' ? [holderBefore(merged.before)] : []),
      ...(targetEarlier === 'replay' ? [holderBefore(noted.before)] : []),
    ].filter((u): u is string => !!u);
    const { value: keys, written } = await this.deps.notify.outbox.batch(ctx, async (batched) => {
      const keys = replayed
        ? await this.notify.announce(batched, replayed.ticket, intoReach, undefined, replayed.named)
        : await this.notify.changed(batched, merged.ticket, { ...merged.event, intoReach });
      // A target still owing what the repair does first (`later`: a new ticket's re-check, an
      // erasure's resume): its note is the repair's too (`mergeNotesFrom`), after its own lines,
      // not a card and a note posted ahead of them (before it is known to stand).
      if (targetEarlier !== 'later')
        keys.push(...(await this.notifyMergeNote(batched, merged.ticket, noted)));
      // A step written on the target while the duplicate's people were added to its followers,
      // whose notices did not list them yet: told them now, under the step's own key (once).
      keys.push(...(await this.stepsSinceFollowed(batched, followed)));
      await this.refreshHomes(
        batched,
        both,
        merged.before.assigneeId,
        [...cancelledFor, ...owedHomes],
        (earlier === 'replay' && !heldBefore(merged.before)) ||
          (targetEarlier === 'replay' && !heldBefore(noted.before)),
      );
      return [...new Set(keys)];
    });
    // Owed but not to be replayed by a request (`owedEarlier`): the mark is left for the repair.
    if (followed.stored) await tickets.followStepsTold(followed.stored, followed.added, ctx.now);
    await tickets.noticesWritten(
      [
        earlier !== 'later' ? merged.ticket : undefined,
        targetEarlier !== 'later' ? noted.ticket : undefined,
      ].filter((t): t is TicketRecord => !!t),
    );
    await this.deps.notify.outbox.deliver(ctx.teamId, [...targetKeys, ...keys], {
      written,
      tickets: both,
    });
    return { ticket: merged.ticket, target: noted.ticket };
  }

  /**
   * A merge's check (TicketService.mergeCheck) and its hold on both tickets as checked
   * (`lockMerge`): one classified meanwhile (its type or complaint urgency) is checked again on
   * what it is now, up to three times, then refused on the modal's field as changed meanwhile.
   * `again`: the duplicate merged by this very submission (`key`: its form delivered again), as
   * the check finds it or as the hold does (merged between the two), on any attempt.
   */
  private async checkAndLockMerge(
    ctx: Ctx,
    number: string,
    into: string,
    /** The form's submission asking (its repeat is `again`; kept on the lock: `lockMerge`). */
    key: string | undefined,
    /** A lock this delivery saw unchanged for its life (`merge`): taken over as lapsed. */
    lapsed?: string,
  ): Promise<{ duplicate: TicketRecord; target: TicketRecord; lock: string } | { again: true }> {
    const tickets = this.deps.tickets;
    for (let attempt = 0; ; attempt++) {
      const checked = await tickets.mergeCheck(ctx, number, into, key);
      if ('again' in checked) return checked;
      const { duplicate, target } = checked;
      const lock = await tickets.lockMerge(ctx, duplicate, target, key, lapsed);
      // Merged by this very submission meanwhile (delivered twice): saved, whatever the attempt.
      if (typeof lock === 'object' && lock) return lock;
      if (lock) return { duplicate, target, lock };
      if (attempt === 2)
        throw new FieldErrors({
          target: { key: 'ticket.error.changedMeanwhile', params: { number: target.number } },
        });
    }
  }

  /**
   * The duplicate's open tasks about it cancelled (TaskService.cancelForMerge): whose they were
   * (who did, helped with or signed them off), whose Homes list them no more. Never fails the
   * merge: the notices repair (while the duplicate owes its notices) and the daily tasks run
   * cancel what is left open.
   */
  private async cancelForMerge(ctx: Ctx, duplicate: TicketRecord): Promise<string[]> {
    try {
      const cancelled = await this.deps.tasks.cancelForMerge(ctx, duplicate);
      return cancelled.flatMap(homeReaders);
    } catch (err) {
      ctx.log.warn({ err, ticket: duplicate.number }, 'merged ticket tasks not cancelled');
      return [];
    }
  }

  /**
   * The target's contact task, once the merge carried the duplicate's customer contact to it
   * (TicketService.noteMerged), cancelled (TaskService.cancelContactMade): whose Homes list it no
   * more. Never fails the merge: the task left open is the contact already recorded.
   */
  private async cancelContactCarried(ctx: Ctx, target: TicketRecord): Promise<string[]> {
    try {
      const cancelled = await this.deps.tasks.cancelContactMade(ctx, target);
      return cancelled.flatMap(homeReaders);
    } catch (err) {
      ctx.log.warn({ err, ticket: target.number }, 'merge target contact task not cancelled');
      return [];
    }
  }

  /**
   * The target's contact task once a merge noted it (TicketService.noteMerged), by the merge or
   * the repair of one cut short (`mergeDone`): cancelled when the duplicate's customer contact was
   * carried to it (`cancelContactCarried`), and moved, as a Classify… moves it, when the target
   * took the duplicate's sooner contact due time: the note written now and the due time changed,
   * or written by a merge cut short before it moved the task (the target's contact counted from a
   * duplicate's receipt, `contactFrom`; TaskService.followComplaintContacts moves only a task not
   * at its due time). Whose Homes list a cancelled task no more, or the moved one on its new day.
   * Never fails the merge.
   */
  private async contactTaskMerged(
    ctx: Ctx,
    noted: { ticket: TicketRecord; before: TicketRecord; written: boolean },
  ): Promise<string[]> {
    const cancelledFor = await this.cancelContactCarried(ctx, noted.ticket);
    const contact = noted.ticket.complaint;
    const move =
      !!contact &&
      !contact.contactedAt &&
      (noted.written
        ? noted.before.complaint?.contactDueAt.getTime() !== contact.contactDueAt.getTime()
        : !!contact.contactFrom);
    // Whose Homes list the moved task (on its new day) too.
    const moved = move
      ? await this.deps.tasks.followComplaintContacts(ctx).catch((err: unknown) => {
          ctx.log.warn({ err, ticket: noted.ticket.number }, 'complaint contact task not moved');
          return [];
        })
      : [];
    return [...cancelledFor, ...moved.flatMap(homeReaders)];
  }

  /**
   * A merge's addition of the duplicate's people to its target's followers (followMerged): the
   * steps written on the target between its read and its write, which did not list them, told
   * them (RequesterNotifier.stepsSinceFollowed). None in the steady state.
   */
  private async stepsSinceFollowed(
    ctx: Ctx,
    followed: { added: string[]; stored?: TicketRecord },
  ): Promise<string[]> {
    if (!followed.stored || !followed.added.length) return [];
    return this.deps.notify.requester.stepsSinceFollowed(ctx, followed.stored, followed.added);
  }

  /** The target's note of a merge in its thread: who asked for the duplicate and what they wrote. */
  private notifyMergeNote(
    ctx: Ctx,
    duplicate: TicketRecord,
    noted: { ticket: TicketRecord; event: TicketEvent; seq: number },
  ): Promise<string[]> {
    return this.notify.changed(
      ctx,
      noted.ticket,
      namedMergeNote(duplicate, noted.event),
      noted.seq,
    );
  }

  /**
   * A change's notices (`changed`), or, when the ticket as the change read it still owed an
   * earlier change's (`replayed`: the request replays them, `owedEarlier`), the notices repair's
   * whole replay (`announce`): the earlier change's thread line and DMs before this one's, in
   * thread order. Both with the next reply a ticket waiting on the customer still owes, its clock
   * as saved (`pausedReply`): the DM of whom a Reassign or Escalate handed it to says it (drawn
   * again as it goes out; only those two events write that DM).
   */
  private changedOrReplayed(
    ctx: Ctx,
    ticket: TicketRecord,
    event: TicketEvent,
    replayed: Replay | null | undefined,
  ): Promise<string[]> {
    return replayed
      ? this.announceReplay(ctx, ticket, replayed)
      : this.notify.changed(
          ctx,
          ticket,
          event,
          undefined,
          pausedReplyStatus(ctx.settings, ticket, ctx.now),
        );
  }

  /** The notices repair's whole replay of `ticket` (`replaying`), its clock as saved. */
  private announceReplay(ctx: Ctx, ticket: TicketRecord, replayed: Replay): Promise<string[]> {
    return this.notify.announce(
      ctx,
      replayed.ticket,
      undefined,
      pausedReplyStatus(ctx.settings, ticket, ctx.now),
      replayed.named,
    );
  }

  /**
   * What a merge cut short owes, in the repair of the duplicate's notices (a merge within
   * REPLAY_MS): the note on its target, by whoever merged (written once: noteMerged), in the
   * target's thread (under the note's key: written once too), its tasks cancelled, and the
   * target's contact task as the merge leaves it (`contactTaskMerged`). A target
   * that takes no note now (closed since, or gone) is logged and left: the duplicate is announced
   * all the same. Returns the target when noted now, and whose tasks were cancelled.
   */
  private async mergeDone(
    ctx: Ctx,
    duplicate: TicketRecord,
  ): Promise<{ target?: TicketRecord; cancelledFor: string[]; intoReach?: MergeReach }> {
    const merge = duplicate.timeline.findLast((e) => e.action === 'merge');
    if (!duplicate.mergedInto || !merge || merge.at.getTime() < ctx.now.getTime() - REPLAY_MS)
      return { cancelledFor: [] };
    const cancelledFor = await this.cancelForMerge(ctx, duplicate);
    let noted;
    try {
      noted = await this.deps.tickets.noteMerged(actingAs(ctx, merge.by), duplicate, merge.text);
    } catch (err) {
      if (!(err instanceof AppError) || err.code === 'INTERNAL') throw err;
      ctx.log.warn(
        { err, ticket: duplicate.number, into: duplicate.mergedInto },
        'merge note not written',
      );
      return { cancelledFor };
    }
    // The target's contact task, as the merge leaves it (whether the note is written now or was
    // by the merge cut short after it): cancelled once the contact was carried, moved to the
    // sooner contact due time taken.
    cancelledFor.push(...(await this.contactTaskMerged(ctx, noted)));
    const { reach: intoReach, ...followed } = await this.deps.tickets.followMerged(
      ctx,
      duplicate,
      noted.ticket,
    );
    await this.notifyMergeNote(ctx, duplicate, noted);
    await this.stepsSinceFollowed(ctx, followed);
    // Written now, the target's notices are these; else they are its own repair's.
    return { ...(noted.written ? { target: noted.ticket } : {}), cancelledFor, intoReach };
  }

  /**
   * Followers… submitted (the assignee or a manager): the ticket's followers replaced by who was
   * picked (TicketService.setFollowers), then one DM to each person added, delivered now; nobody
   * taken off is told. The DMs are owed on the ticket from the update that adds them: one not in
   * the outbox (the process died in between) is written by repairNotices, under the same key.
   */
  async setFollowers(
    ctx: Ctx,
    number: string,
    users: string[],
    options: Pick<ActOptions, 'saved'> = {},
  ): Promise<{ ticket: TicketRecord; added: string[]; removed: string[] }> {
    const { owed, ...result } = await this.deps.tickets.setFollowers(ctx, number, users);
    await options.saved?.();
    ctx.log.info(
      { ticket: result.ticket.number, added: result.added.length, removed: result.removed.length },
      'followers changed',
    );
    const keys = await this.deps.notify.requester.followersAdded(ctx, result.ticket, owed);
    await this.deps.tickets.followerNoticesWritten(result.ticket, owed);
    // A step written while they were being added, whose notices did not list them yet.
    keys.push(...(await this.stepsSinceAdded(ctx, result.ticket, result.added)));
    if (keys.length) await this.deps.notify.outbox.deliver(ctx.teamId, keys);
    return result;
  }

  /**
   * Follow (TicketService.follow): the actor follows the ticket; a step written between the
   * addition's read and its write (another request's claim at that moment), whose notices did
   * not list them yet, is told them now (`stepsSinceFollowed`), once. The ticket as stored after.
   */
  async follow(ctx: Ctx, number: string): Promise<TicketRecord> {
    const { ticket, added } = await this.deps.tickets.follow(ctx, number);
    const keys = await this.stepsSinceAdded(ctx, ticket, added);
    if (keys.length) await this.deps.notify.outbox.deliver(ctx.teamId, keys);
    return ticket;
  }

  /**
   * Follow's and Followers…' tail: the steps written on `ticket` between the addition's read and
   * its write told whom it `added` (RequesterNotifier.stepsSinceFollowed), then, in the outbox,
   * the marks the addition wrote with them taken off (a request cut before: the repair's). The
   * outbox keys written.
   */
  private async stepsSinceAdded(
    ctx: Ctx,
    ticket: TicketRecord,
    added: readonly string[],
  ): Promise<string[]> {
    const keys = await this.deps.notify.requester.stepsSinceFollowed(ctx, ticket, added);
    await this.deps.tickets.followStepsTold(ticket, added, ctx.now);
    return keys;
  }

  /**
   * An answer to the requester (#10): an agent's reply in the ticket's conversation thread
   * (`via: 'slack'`, called by the customer-channel listener) or one logged from the card. The
   * first is the ticket's first response (stops the clock; see TicketService.recordResponse);
   * the card and its thread show it. `first` says whether this one was. `recorded` follows the
   * ticket's write (its event, or null when nothing was written), before `saved`.
   */
  async recordResponse(
    ctx: Ctx,
    ticketId: string,
    response: ResponseInput,
    options: Pick<ActOptions, 'saved'> & {
      recorded?: (ticket: TicketRecord, event: TicketEvent | null) => Promise<void>;
    } = {},
  ): Promise<{ ticket: TicketRecord; first: boolean; refused?: boolean }> {
    const { ticket, event, first, refused, before } = await this.deps.tickets.recordResponse(
      ctx,
      ticketId,
      response,
    );
    await options.recorded?.(ticket, event);
    await options.saved?.();
    if (refused) return { ticket, first, refused };
    if (!event) return { ticket, first };
    ctx.log.info({ ticket: ticket.number, via: response.via, first }, 'ticket response');
    // The ticket as this answer read it still owed an earlier change's notices (`owedEarlier`):
    // the repair's replay written instead of the answer alone, the earlier line first.
    const earlier = before ? owedEarlier(before) : 'none';
    const replayed = before && earlier === 'replay' ? await this.replaying(ctx, ticket) : null;
    const keys = await this.changedOrReplayed(ctx, ticket, event, replayed);
    if (earlier !== 'later') await this.deps.tickets.noticesWritten([ticket]);
    await this.deps.notify.outbox.deliver(ctx.teamId, keys);
    const owedHome = before && earlier === 'replay' ? holderBefore(before) : undefined;
    await this.refreshHomes(
      ctx,
      [ticket],
      undefined,
      owedHome ? [owedHome] : [],
      !!before && earlier === 'replay' && !heldBefore(before),
    );
    return { ticket, first };
  }

  /**
   * "Log response" on the card: a customer outside Slack was answered (by phone, email, WeChat,
   * a visit) at `at`, saying `text`. Recorded on the ticket (its first response if it is the
   * first) and as an interaction on the customer, at the time given (`saidLogged`).
   * `source` (the modal's view) keys both: a second submit of the same modal records nothing
   * more, and logs the interaction then if the first recorded the ticket but stopped short of it
   * (same person only).
   */
  async logResponse(
    ctx: Ctx,
    number: string,
    input: { via: IntakeChannel; at: Date; text: string; source: string },
    saved: () => Promise<void> = async () => {},
    checked: () => Promise<void> = async () => {},
  ): Promise<{ ticket: TicketRecord; first: boolean }> {
    const current = await this.deps.tickets.forStaff(ctx, number);
    // A retry of a submission recorded already is no new answer: nothing to refuse.
    if (!current.timeline.some((e) => e.source === input.source)) {
      this.deps.tickets.assertMayRespond(ctx, current);
      this.deps.tickets.assertAnsweredAfterReceipt(current, input.at);
    }
    // Refused (a closed ticket, one who may not answer, a time before it was received) before
    // `checked`: a submission's saving view comes after.
    await checked();
    return this.recordResponse(
      ctx,
      current.id,
      { by: ctx.actor, ...input },
      {
        recorded: async (ticket, event) => {
          const answer =
            event ??
            ticket.timeline.find(
              (e) => e.action === 'response' && e.source === input.source && e.by === ctx.actor,
            );
          if (answer) await this.saidLogged(ctx, ticket, answer, input.source, 'desk');
        },
        saved,
      },
    );
  }

  /**
   * "Customer wrote…" submitted: what a customer outside Slack said (a call, an email, WeChat, a
   * visit) at `at`, recorded on the ticket as their words (TicketService.recordCustomerWrote: a
   * next reply owed from then; a ticket waiting on them resumed) and, as Log response's answer
   * is, as an interaction on the customer (`saidLogged`), then shown as any change is:
   * the card, its thread and the Homes, through the outbox. `source` keys both: a second submit
   * of the same modal records nothing and tells nothing again.
   */
  async customerWrote(
    ctx: Ctx,
    number: string,
    input: { via: IntakeChannel; at: Date; text: string; source: string },
    saved: () => Promise<void> = async () => {},
    checked: () => Promise<void> = async () => {},
  ): Promise<{ ticket: TicketRecord; recorded: boolean }> {
    // What was typed is checked against the ticket as read before `checked` (a submission's
    // saving view), so that a refusal comes back on its field; the save checks it again.
    this.deps.tickets.checkCustomerWrote(ctx, await this.deps.tickets.forStaff(ctx, number), input);
    await checked();
    const { ticket, event, before } = await this.deps.tickets.recordCustomerWrote(
      ctx,
      number,
      input,
    );
    // A retry of a submission recorded already (by the same person) logs the interaction that
    // the first may have missed; the source keeps it to one.
    const recorded =
      event ?? ticket.timeline.find((e) => e.source === input.source && e.by === ctx.actor);
    if (recorded) await this.saidLogged(ctx, ticket, recorded, input.source, 'customer');
    await saved();
    if (!event) return { ticket, recorded: false };
    ctx.log.info(
      { ticket: ticket.number, via: input.via, action: event.action },
      'customer wrote, recorded',
    );
    // The ticket as this change read it still owed an earlier change's notices (`owedEarlier`):
    // the repair's replay written instead of this change alone, the earlier line first.
    const earlier = owedEarlier(before);
    const replayed = earlier === 'replay' ? await this.replaying(ctx, ticket) : undefined;
    const { value: keys, written } = await this.deps.notify.outbox.batch(ctx, async (batched) => {
      const keys = await this.changedOrReplayed(batched, ticket, event, replayed);
      const owedHome = replayed ? holderBefore(before) : undefined;
      await this.refreshHomes(
        batched,
        [ticket],
        before.assigneeId,
        owedHome ? [owedHome] : [],
        !!replayed && !heldBefore(before),
      );
      return keys;
    });
    // Owed but not to be replayed by a request (`owedEarlier`): the mark is left for the repair.
    if (earlier !== 'later') await this.deps.tickets.noticesWritten([ticket]);
    await this.deps.notify.outbox.deliver(ctx.teamId, keys, { written, tickets: [ticket] });
    return { ticket, recorded: true };
  }

  /**
   * What was said outside Slack, on the customer's file: the desk's answer (Log response's event
   * on `ticket`) or the customer's words (Customer wrote…'s, inbound in its summary), as the
   * interaction of how it was said, when it was said (not when it was logged), the words as
   * typed; once per `source`. A failure leaves the ticket's record as it is (logged).
   */
  private async saidLogged(
    ctx: Ctx,
    ticket: TicketRecord,
    event: TicketEvent,
    source: string,
    who: 'desk' | 'customer',
  ): Promise<void> {
    try {
      await this.deps.customers.logInteractionOnce(ctx, ticket.customerCode, {
        type: (event.via && INTERACTION_OF[event.via]) ?? 'call',
        at: (who === 'desk' ? event.answeredAt : event.wroteAt) ?? event.at,
        summary: ctx.t.plain(
          who === 'desk' ? 'requester.log.interaction' : 'ticket.wrote.interaction',
          { number: ticket.number, text: event.text ?? '' },
        ),
        source,
      });
    } catch (err) {
      // On the ticket; the customer's file misses one line (logged).
      ctx.log.warn({ err, ticket: ticket.number, who }, 'what was said not logged on the customer');
    }
  }

  /**
   * Cards of tickets changed by a job (the sweep's escalations), shown again: written in one go
   * and left to the outbox's paced loop (chat.update allows about 50 a minute); with their Homes
   * and those of `before` (who listed them before the change: a holder, or an account manager
   * while nobody held one).
   */
  /**
   * The daily close (the `tickets-close` job): each resolved ticket whose requester's reopen
   * window is over and whose revisit is done or cancelled (TaskService.revisitEnds) closed by
   * the desk (TicketService.closeAfterReopenWindow), its card shown again and the close's line
   * in its thread (behind the day's other messages: a first run may close many tickets;
   * TicketNotifier.closedByDesk) and the Homes listing it redrawn, a page at a time; at most
   * CLOSE_RUN_MAX a run, the rest counted (`left`) and closed by the next. No DM: nobody waits
   * on a week-old resolution. A page whose notices cannot be written to the outbox stays marked
   * as owing them, which the outbox job's repair writes (`repairNotices`, the close's line with
   * them).
   */
  async closeAfterReopenWindow(ctx: Ctx): Promise<{ closed?: number; left?: number }> {
    const ends = (page: TicketRecord[]) => this.deps.tasks.revisitEnds(ctx, page);
    const { closed, left } = await this.deps.tickets.closeAfterReopenWindow(
      ctx,
      ends,
      async (page, owing) => {
        try {
          // One read still owing an earlier change's notices (`owedEarlier`): the repair's replay
          // written instead of the close's card and line alone (that change's line before the
          // close's); one not to be replayed by a change ('later') keeps its mark for the repair.
          const earlier = (t: TicketRecord) => {
            const before = owing.get(t.id);
            return before ? owedEarlier(before) : 'none';
          };
          const plain = page.filter((t) => earlier(t) === 'none');
          if (plain.length) await this.notify.closedByDesk(ctx, plain);
          for (const ticket of page.filter((t) => earlier(t) === 'replay')) {
            await this.announceReplayed(ctx, ticket);
          }
          await this.deps.tickets.noticesWritten(page.filter((t) => earlier(t) !== 'later'));
          await this.refreshHomes(ctx, page);
          this.deps.notify.outbox.kick();
        } catch (err) {
          ctx.log.warn({ err, tickets: page.length }, 'closed tickets: notices not written');
        }
      },
    );
    // Capped (CLOSE_RUN_MAX): the rest are the next run's.
    if (left) ctx.log.info({ closed, left }, 'tickets closed up to a run’s cap; the rest next run');
    return { ...(closed ? { closed } : {}), ...(left ? { left } : {}) };
  }

  async refreshCards(
    ctx: Ctx,
    changed: TicketRecord[],
    before: readonly string[] = [],
    /** Ticket ids whose mark stays for the notices repair (`noticesOwed`: not all written). */
    owed: ReadonlySet<string> = new Set(),
  ): Promise<void> {
    if (!changed.length) return;
    await this.notify.cards(ctx, changed);
    await this.deps.tickets.noticesWritten(changed.filter((t) => !owed.has(t.id)));
    await this.refreshHomes(ctx, changed, undefined, before);
    this.deps.notify.outbox.kick();
  }

  /**
   * The Homes a ticket change shows on: its assignee (and the one before), whom it waits on (its
   * Slack requester, else its filer: `waitsOn`), the managers and admins (the team queue), its
   * account manager while nobody holds it (or when someone took it: `wasUnassigned`), and
   * `others` (whose follow-up tasks the change cancelled: their Homes list them no more). Written
   * as one coalesced entry per person, published a few seconds later by the outbox, so a burst of
   * changes publishes each Home once. Never fails the change it follows.
   */
  private async refreshHomes(
    ctx: Ctx,
    tickets: TicketRecord[],
    previousAssignee?: string,
    others: readonly string[] = [],
    wasUnassigned = false,
  ): Promise<void> {
    const users = new Set<string>([...ctx.settings.managers, ...ctx.settings.admins, ...others]);
    for (const t of tickets) {
      if (t.assigneeId) users.add(t.assigneeId);
      // A person of another organisation has no Home in this workspace (none is written).
      if (!t.requester?.external) users.add(waitsOn(t));
      // An account manager's Home lists their customers' tickets nobody holds: one is, or was
      // until this change.
      if (!t.assigneeId || wasUnassigned) users.add(t.accountManagerId);
    }
    if (previousAssignee) users.add(previousAssignee);
    try {
      // Not kicked: a Home is due a few seconds from now, which the outbox's poll finds.
      await this.deps.notify.homes.refresh(ctx, users);
    } catch (err) {
      ctx.log.warn({ err }, 'home refresh not written');
    }
  }

  /** A job's replay of `ticket`'s earlier change (`replaying`): its notices written, no actor. */
  private async announceReplayed(ctx: Ctx, ticket: TicketRecord): Promise<void> {
    await this.announceReplay(ctx, ticket, await this.replaying(ctx, ticket));
  }

  /**
   * A job's change (`announce: 'none'`: the sweep's escalation) that read the ticket (`before`)
   * still owing an earlier change's notices: the repair's replay of it written now, as a request
   * writes it (`owedEarlier`), with the Homes the earlier change owed; left to the outbox's loop,
   * as the job's own entries are. Whether it was written (a failure is logged: the caller then
   * leaves the mark for the repair).
   */
  private async replayOwed(ctx: Ctx, before: TicketRecord, ticket: TicketRecord): Promise<boolean> {
    try {
      await this.announceReplayed(ctx, ticket);
    } catch (err) {
      ctx.log.warn({ err, ticket: ticket.number }, 'earlier notices not written: left owed');
      return false;
    }
    const holder = holderBefore(before);
    await this.refreshHomes(
      ctx,
      [ticket],
      before.assigneeId,
      holder ? [holder] : [],
      !heldBefore(before),
    );
    return true;
  }

  /**
   * What the notices repair (repairNotices) does before it replays `ticket`, done by a later
   * change that read it still owing an earlier change's notices (`owedEarlier`: 'replay') before
   * it writes that replay (`announce`) itself: the complaint's contact step planned, the notes of
   * merges into it named (`mergeNotesFrom`: who asked, not the replay's bare line), the survey of
   * a resolution cut short recorded as sent (`surveyCutShort`). A merge of the ticket itself cut
   * short (`mergeDone`) is not: a merged ticket takes no later change. The ticket to replay, with
   * its named notes for the replay to write in their place.
   */
  private async replaying(ctx: Ctx, ticket: TicketRecord): Promise<Replay> {
    await this.planComplaintContact(ctx, ticket);
    const named = await this.mergeNotesFrom(ctx, ticket);
    return { ticket: await this.surveyCutShort(ctx, ticket), named };
  }

  /**
   * A target's notes of merges (`mergedFrom`) within REPLAY_MS as the merge posts them, naming
   * who asked for each duplicate and what they wrote (read from it; gone, the note alone), by
   * sequence number: the replay (`announce`) writes them in their place in the thread, under the
   * note's key, so a repair of the target's notices writes the same line whether it comes before
   * the duplicate's (written in the same instant) or after.
   */
  private async mergeNotesFrom(ctx: Ctx, ticket: TicketRecord): Promise<Map<number, TicketEvent>> {
    const replayFrom = ctx.now.getTime() - REPLAY_MS;
    const named = new Map<number, TicketEvent>();
    for (const [i, event] of ticket.timeline.entries()) {
      if (!event.mergedFrom || event.at.getTime() < replayFrom) continue;
      const duplicate = await this.deps.tickets.get(ctx, event.mergedFrom).catch(notFoundAsNull);
      if (duplicate) named.set(i + 1, namedMergeNote(duplicate, event));
    }
    return named;
  }

  /**
   * Tickets saved but not announced (the process died in between), across workspaces: their
   * notices written now. Keys already written are left alone, so nothing goes twice.
   */
  async repairNotices(
    now: Date,
    log: Logger,
    limit = 100,
  ): Promise<{ repaired: number; takenBack?: number }> {
    // First the new tickets whose re-check was cut short: those that stand are announced below.
    const takenBack = await this.repairIntakeChecks(now, log, limit);
    let repaired = await repairOwed(
      this.deps.workspaces,
      { now, log, limit, waitMs: NOTICES_REPAIR_MS },
      {
        owed: (until, max) => this.deps.tickets.noticesOwed(until, max),
        of: owedTicket,
        repair: async (ctx, ticket) => {
          await this.planComplaintContact(ctx, ticket);
          const merge = await this.mergeDone(ctx, ticket);
          // The notes of merges into it in their place in its thread, not ahead of its lines.
          const named = await this.mergeNotesFrom(ctx, ticket);
          await this.notify.announce(
            ctx,
            await this.surveyCutShort(ctx, ticket),
            merge.intoReach,
            pausedReplyStatus(ctx.settings, ticket, ctx.now),
            named,
          );
          // The Homes the change cut short owed too (the desk's close after the reopen window
          // included): the ticket's holder, the one before its latest event, the queue's, whom it
          // waits on, a merge's target and cancelled follow-ups, and its account manager's when
          // nobody held it before (a claim of a ticket nobody held), as the request passes it.
          await this.refreshHomes(
            ctx,
            merge.target ? [ticket, merge.target] : [ticket],
            holderBefore(ticket),
            merge.cancelledFor,
            !heldBefore(ticket),
          );
          await this.deps.tickets.noticesWritten(merge.target ? [ticket, merge.target] : [ticket]);
          return true;
        },
        failed: 'ticket notices repair failed',
      },
    );
    repaired += await this.repairFollowerNotices(now, log, limit);
    repaired += await this.repairStandInTaken(now, log, limit);
    repaired += await this.repairFollowSteps(now, log, limit);
    if (repaired) this.deps.notify.outbox.kick();
    return { repaired, ...(takenBack ? { takenBack } : {}) };
  }

  /**
   * New tickets inserted NOTICES_REPAIR_MS or more before `now` whose re-check never ran (the
   * process died between the insert and it; `intakeCheckOwedAt`), across workspaces: settled now
   * as the request would have (`settleIntake`): taken back, logged without the person (the
   * workspace, the ticket's number, why), or kept and then announced by the notices repair. How
   * many were taken back.
   */
  private repairIntakeChecks(now: Date, log: Logger, limit: number): Promise<number> {
    return repairOwed(
      this.deps.workspaces,
      { now, log, limit, waitMs: NOTICES_REPAIR_MS },
      {
        owed: (before, max) => this.deps.tickets.intakeChecksOwed(before, max),
        of: owedTicket,
        repair: async (ctx, ticket) => {
          const { erased } = await this.settleIntake(ctx, ticket);
          // The job's log names no workspace of its own: the info line does, as it did.
          return erased ? { teamId: ticket.teamId, erased } : false;
        },
        repaired:
          'a new ticket cut short before its re-check: its requester or customer was erased meanwhile, taken back',
        failed: 'ticket intake re-check repair failed',
      },
    );
  }

  /**
   * A resolution cut short before its survey was recorded as sent (the resolve saved, the
   * process gone or a write failing before `surveySent`): recorded now, so that the notices'
   * repair sends it, under the resolution's key (once, whichever instance). Only lately
   * resolved (the outbox's keys of older ones may be forgotten) and as the resolve would have.
   */
  private async surveyCutShort(ctx: Ctx, ticket: TicketRecord): Promise<TicketRecord> {
    const resolved = ticket.timeline.findLast((e) => e.action === 'resolve');
    if (
      ticket.status !== 'resolved' ||
      ticket.survey ||
      !asksSurvey(ctx.settings, ticket) ||
      !resolved ||
      resolved.at.getTime() < ctx.now.getTime() - REPLAY_MS
    )
      return ticket;
    if (!(await this.deps.tickets.surveySent(ctx, ticket))) return ticket;
    ctx.log.info({ ticket: ticket.number }, 'survey of a resolution cut short recorded as sent');
    return { ...ticket, survey: { source: 'customer', sentAt: ctx.now } };
  }

  /**
   * "You now follow" DMs a Followers… saved but never wrote to the outbox (the process died in
   * between), across workspaces: written now under the keys the request would have used (one it
   * wrote goes once), to whoever still follows the ticket (one taken off since is told nothing);
   * one owed since longer than REPLAY_MS (its key may be forgotten by the outbox) is dropped. Not
   * one whose erasure by Slack user is under way (TicketRepository.followersOwed), and written
   * held, delivered only once the ticket, read again, is as the repair read it
   * (`writtenIfUnchanged`), as the steps' repair. How many tickets were repaired.
   */
  private repairFollowerNotices(now: Date, log: Logger, limit: number): Promise<number> {
    const before = new Date(now.getTime() - NOTICES_REPAIR_MS);
    return repairOwed(
      this.deps.workspaces,
      { now, log, limit, waitMs: NOTICES_REPAIR_MS },
      {
        owed: (until, max) => this.deps.tickets.followersOwed(until, max),
        of: owedTicket,
        repair: async (ctx, listed) => {
          const ticket = await this.readAgain(ctx, listed, true);
          if (!ticket) return false;
          const due = (ticket.followersOwed ?? []).filter(
            (o) => o.at.getTime() <= before.getTime(),
          );
          const send = due.filter(
            (o) =>
              (ticket.followers ?? []).includes(o.user) &&
              o.at.getTime() >= now.getTime() - REPLAY_MS,
          );
          return this.writtenIfUnchanged(
            ctx,
            ticket,
            (batched) =>
              drawnPerPerson(
                send.map((o) => o.user),
                (user) =>
                  this.deps.notify.requester.followersAdded(
                    batched,
                    ticket,
                    send.filter((o) => o.user === user),
                  ),
              ),
            (heldBack) =>
              this.deps.tickets.followerNoticesWritten(
                ticket,
                due.filter((o) => !heldBack.has(o.user)),
              ),
            {
              what: 'follower notices',
              changed:
                'follower notices: the ticket changed as they were written, left to the next pass',
            },
          );
        },
        failed: 'follower notices repair failed',
      },
    );
  }

  /**
   * Steps written while someone was being added to a ticket's followers (Follow, Followers…, a
   * merge's addition: between its read and its write), whose notices did not list them, and whose
   * request was cut short before writing them (followedAt's `owedAt`), across workspaces: written
   * now under the steps' own keys (one the request or a replay wrote goes once), to whoever still
   * follows the ticket (one taken off since has no mark left); one owed since longer than
   * REPLAY_MS (its key may be forgotten by the outbox) is dropped. Written held and delivered only
   * once the ticket, read again, is as the repair read it (`unchangedSince`): an erasure by Slack
   * user that rewrote it between (its requester's words, a follower taken off) may have scrubbed
   * the outbox before they were in it, so they are taken back and left to the next pass. How
   * many tickets were repaired.
   */
  private repairFollowSteps(now: Date, log: Logger, limit: number): Promise<number> {
    const before = new Date(now.getTime() - NOTICES_REPAIR_MS);
    return repairOwed(
      this.deps.workspaces,
      { now, log, limit, waitMs: NOTICES_REPAIR_MS },
      {
        owed: (until, max) => this.deps.tickets.followStepsOwed(until, max),
        of: owedTicket,
        repair: async (ctx, listed) => {
          const ticket = await this.readAgain(ctx, listed, true);
          if (!ticket) return false;
          const due = (ticket.followedAt ?? []).filter(
            (f) => f.owedAt && f.owedAt.getTime() <= before.getTime(),
          );
          const send = due
            .filter((f) => f.owedAt!.getTime() >= now.getTime() - REPLAY_MS)
            .map((f) => f.user);
          return this.writtenIfUnchanged(
            ctx,
            ticket,
            (batched) =>
              drawnPerPerson(send, (user) =>
                this.deps.notify.requester.stepsSinceFollowed(batched, ticket, [user]),
              ),
            (heldBack) =>
              this.deps.tickets.followStepsTold(
                ticket,
                due.map((f) => f.user).filter((user) => !heldBack.has(user)),
                before,
              ),
            {
              what: 'followers’ missed steps',
              changed:
                'followers’ missed steps: the ticket changed as they were written, left to the next pass',
            },
          );
        },
        failed: 'followers’ missed steps repair failed',
      },
    );
  }

  /**
   * The ticket a repair's pass listed (`listed`), read again as its repair starts: the pass
   * repairs its tickets one after another, each waiting on Slack, so one late in a long list may
   * have changed since (a note, a claim), and its DMs are drawn from it as it stands now, not
   * as the pass found it. Null: gone, or (`erasureWaits`, for DMs that quote the requester's
   * words) resumed since by an erasure by Slack user not done yet, which the pass's read leaves
   * out too (noErasureUnderWay): it waits for the erasure to be done.
   */
  private async readAgain(
    ctx: Ctx,
    listed: TicketRecord,
    erasureWaits: boolean,
  ): Promise<TicketRecord | null> {
    const ticket = await this.deps.tickets.byId(ctx, listed.id).catch(notFoundAsNull);
    if (!ticket) return null;
    if (erasureWaits && ticket.erasureResumeOwed && !ticket.erasureResumeReady) return null;
    return ticket;
  }

  /**
   * A repair's DMs drawn from `ticket` as it read it (`write`, their keys by the person whose
   * mark they answer), written held, each saying the ticket and the version it was drawn from
   * (NewOutboxEntry.drawnFrom), then the ticket read again: as read (its version), the DMs are
   * confirmed (no longer checked as they go), its marks taken off (`told`) and the DMs delivered;
   * changed, they are taken back and logged (`log.changed`), the marks left for the next pass,
   * which draws them from the ticket as it stands. An erasure by Slack user that rewrote it
   * between (its requester's words, a follower or guest owner taken off) may have scanned the
   * outbox before they were in it. This instance dying before the confirmation leaves them held:
   * whoever delivers them once the hold ends reads the ticket's version first (OutboxWorker).
   * A person one of whose keys the confirmation leaves unsettled (DrawnChecked: the write only
   * matched an earlier pass's DM, drawn from another version and never checked, or held by a
   * delivery under way, or one another pass took back since) is held back: this writer takes
   * back what it holds of theirs, their marks stay (`told` is handed them, to leave) and the next
   * pass draws theirs anew (or finds it sent); the others' DMs go and their marks come off
   * (revout F1: one DM in doubt, waiting for a look in Slack, does not hold back the rest of the
   * ticket's; nor one a delivery holds, revout2 F1). Every person held back, or one of the DMs
   * held by another writer whose check is still to come (revmine F1): all taken back, nothing
   * told.
   * Whether it was repaired (for some at least).
   */
  private async writtenIfUnchanged<C extends Ctx>(
    ctx: C,
    ticket: TicketRecord,
    write: (batched: C) => Promise<DrawnFor[]>,
    told: (heldBack: ReadonlySet<string>) => Promise<unknown>,
    log: { what: string; changed: string },
  ): Promise<boolean> {
    const outbox = this.deps.notify.outbox;
    const drawnFrom = { ticketId: ticket.id, version: ticket.version };
    const { value: drawn, written } = await outbox.batch(ctx, write, drawnFrom);
    const keys = drawn.flatMap((d) => d.keys);
    // Not known to be unchanged (the read again, or the confirmation, failed): taken back as well,
    // not left held for a delivery to check; the marks stay for the next pass.
    const checked: DrawnChecked | null = keys.length
      ? await this.confirmedUnchanged(ctx, ticket, keys, written.owner).catch(
          async (err: unknown) => {
            await outbox.takeBack(ctx.teamId, written);
            throw err;
          },
        )
      : { heldByAnother: false, unsettled: [] };
    if (!checked) {
      await outbox.takeBack(ctx.teamId, written);
      ctx.log.info({ ticket: ticket.number }, log.changed);
      return false;
    }
    const unsettled = new Set(checked.unsettled);
    const heldBack = new Set(
      drawn.filter((d) => d.keys.some((k) => unsettled.has(k))).map((d) => d.of),
    );
    const writing = drawn.filter((d) => d.keys.length);
    if (checked.heldByAnother || (heldBack.size && writing.every((d) => heldBack.has(d.of)))) {
      await outbox.takeBack(ctx.teamId, written);
      ctx.log.info(
        { ticket: ticket.number },
        checked.heldByAnother
          ? `${log.what}: another pass holds them unchecked, left to the next pass`
          : `${log.what}: an earlier pass's, drawn before a change or being delivered, unsettled, left to the next pass`,
      );
      return false;
    }
    // What this writer holds of those held back is taken back; the others' DMs go.
    const back = new Set(drawn.filter((d) => heldBack.has(d.of)).flatMap((d) => d.keys));
    const part = (kept: (key: string) => boolean): Written => ({
      owner: written.owner,
      held: written.held.filter((e) => kept(e.key)),
      later: written.later.filter(kept),
      created: written.created.filter(kept),
    });
    if (back.size) {
      await outbox.takeBack(
        ctx.teamId,
        part((k) => back.has(k)),
      );
      ctx.log.info(
        { ticket: ticket.number, heldBack: heldBack.size },
        `${log.what}: sent but to some, whose earlier pass's DM, drawn before a change or being delivered, is unsettled`,
      );
    }
    await told(heldBack);
    await outbox.deliver(
      ctx.teamId,
      keys.filter((k) => !back.has(k)),
      { written: back.size ? part((k) => !back.has(k)) : written },
    );
    return true;
  }

  /**
   * Whether `ticket` is still as read (its version), read again now (null: changed, or gone),
   * and the DMs drawn from it under `keys` confirmed as such (OutboxWorker.confirmDrawn: the
   * keys unsettled, an earlier pass's DM under them drawn from another version and never checked,
   * or every key when another writer's check is still to come).
   */
  private async confirmedUnchanged(
    ctx: Ctx,
    ticket: TicketRecord,
    keys: string[],
    owner: string,
  ): Promise<DrawnChecked | null> {
    if (!(await this.unchangedSince(ctx, ticket))) return null;
    const from = { ticketId: ticket.id, version: ticket.version };
    return this.deps.notify.outbox.confirmDrawn(ctx.teamId, keys, from, owner);
  }

  /** Whether `ticket` is still as read (its version), read again now; gone: no. */
  private async unchangedSince(ctx: Ctx, ticket: TicketRecord): Promise<boolean> {
    const now = await this.deps.tickets.byId(ctx, ticket.id).catch(notFoundAsNull);
    return now?.version === ticket.version;
  }

  /**
   * Stand-ins' DMs of tickets written while nobody could stand in, moved to them since
   * (TicketService.followStandIns), whose move was saved but whose DM never reached the outbox
   * (the process died in between, or its write failed): written now under the key the move would
   * have used (one it wrote goes once), while the ticket is open, names a guest and still names
   * the stand-in of that move (`standInTakenStill`: a later move to another stand-in takes the
   * mark off, TicketRepository.followStandIn; a change of the customer's owner since to a member
   * or to a guest someone else stands in for leaves it untrue of whoever holds the ticket now,
   * and it is dropped; to a guest the same person stands in for, they hold it still, never told:
   * the DM names the guest now and says its owner then was another, `standInTakenHanded`); one
   * owed since longer than REPLAY_MS (its key may be forgotten by the outbox) is dropped. Written
   * held, delivered only once the ticket, read again, is as the repair read it
   * (`writtenIfUnchanged`): the DM names the guest owner, whom an erasure by Slack user between
   * may have taken off it after scanning the outbox. How many tickets were repaired.
   */
  private repairStandInTaken(now: Date, log: Logger, limit: number): Promise<number> {
    return repairOwed(
      this.deps.workspaces,
      { now, log, limit, waitMs: NOTICES_REPAIR_MS },
      {
        owed: (until, max) => this.deps.tickets.standInTakenOwed(until, max),
        of: owedTicket,
        repair: async (ctx, listed) => {
          const ticket = await this.readAgain(ctx, listed, false);
          const owedAt = ticket?.standInTakenOwedAt;
          if (!ticket || !owedAt) return false;
          const send = standInTakenStill(ticket) && owedAt.getTime() >= now.getTime() - REPLAY_MS;
          // One DM, to whoever stands in: held back, nothing is told (writtenIfUnchanged).
          return this.writtenIfUnchanged(
            ctx,
            ticket,
            async (batched) =>
              send ? [{ of: '', keys: await this.notify.standInTaken(batched, [ticket]) }] : [],
            () => this.deps.tickets.standInTakenTold([ticket]),
            {
              what: 'stand-in’s DM',
              changed: 'stand-in’s DM: the ticket changed as it was written, left to the next pass',
            },
          );
        },
        failed: 'stand-in’s DM repair failed',
      },
    );
  }
}

/**
 * Whether someone held the ticket before its latest event: its timeline replayed (an event that
 * names an assignee hands it on, a reopen that released it puts it back in the queue).
 */
function heldBefore(ticket: TicketRecord): boolean {
  return holderAfter(ticket.timeline, ticket.timeline.length - 1) !== undefined;
}

/**
 * Whether the ticket as a change read it (`before`) still owed an earlier change's notices: its
 * mark (`noticesOwedAt`) set, that change's request cut short after its write or still writing
 * them (on another instance, a few ms ago). The change's own write moves the mark on and its
 * `noticesWritten` clears it by the new version, so the earlier change's thread line and DMs
 * would never be written (the repair finds no mark): the request writes the repair's replay
 * instead of its own change alone ('replay'; the same keys, so what the earlier request wrote or
 * sends is not written twice). 'later': owed, but what the repair waits for holds it (a new
 * ticket's re-check, an erasure's resume not done: its words must not be replayed), so the mark
 * is left set for the repair. 'none': nothing earlier owed (the steady state: no cost).
 */
function owedEarlier(before: TicketRecord): 'none' | 'replay' | 'later' {
  if (!before.noticesOwedAt) return 'none';
  if (before.intakeCheckOwedAt || (before.erasureResumeOwed && !before.erasureResumeReady))
    return 'later';
  return 'replay';
}

/** Who held the ticket before its latest event (the latest event itself may have handed it on). */
function holderBefore(ticket: TicketRecord): string | undefined {
  const holder = ticket.timeline.slice(0, -1).findLast((e) => e.assigneeId)?.assigneeId;
  return holder && holder !== SYSTEM_ACTOR ? holder : undefined;
}

/** A repair's DMs to one person, drawn (their keys), by the person whose mark they answer (`of`). */
interface DrawnFor {
  of: string;
  keys: string[];
}

/**
 * A repair's DMs drawn person by person (`draw`, inside one batch: written in one command all
 * the same), so that its writer can hold back one person's and let the others' go.
 */
async function drawnPerPerson(
  people: readonly string[],
  draw: (user: string) => Promise<string[]>,
): Promise<DrawnFor[]> {
  const drawn: DrawnFor[] = [];
  for (const user of new Set(people)) drawn.push({ of: user, keys: await draw(user) });
  return drawn;
}
