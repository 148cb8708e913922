import type { HomeView } from '@slack/types';
import type { LinkedChannel } from '../channel/types.js';
import type { Ctx } from '../context.js';
import type { CustomerSignal, Lifecycle, SignalKind, Tier } from '../customer/types.js';
import type { TaskRecord } from '../task/types.js';
import type { SlaStatus } from '../sla/business-time.js';
import type { HandoverDmTicket, SlaAlert, TicketClock, TicketRecord } from '../ticket/types.js';
import type { Message } from '../ui/blocks.js';
import type { TicketNotice } from '../ui/ticket.js';
import type { GreetingLines } from '../ui/task.js';
import type { HandoverWritten } from '../ui/handover.js';
import type { ReceivedFrom } from '../ui/requester.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import type { HandoverIds, HandoverRecords, HandoverRun } from '../workspace/types.js';
import type { EditData, NamedIn } from '../outbox/types.js';
import type { SharedSince } from '../single-flight.js';

/** What a signal is checked against when it goes (DeliveryHooks.signalCustomers). */
export interface SignalCustomer {
  tier: Tier;
  /**
   * The kinds of its signals its owner's managers are told too (signal-rules.ts
   * `toOwnersManagers`, as the customer stands now: a tier move and an upsell; a key customer's
   * contract end or churn risk).
   */
  managersTold: readonly SignalKind[];
  ownerId: string;
  /**
   * Who is told the owner's signals (`ownerExecutor`): the owner, or for a guest owner whom the
   * desk names in their place.
   */
  executor: string;
  lifecycle: Lifecycle;
  contractEndDate?: string;
  lastInteractionAt?: Date;
  /** The day its idle days count from (signal-rules.ts `lastActivity`, in the workspace's zone). */
  idleSince: string;
}

/**
 * A hand-over cut short, as its records are when its held notices go out
 * (DeliveryHooks.handoverCutShort).
 */
export interface HandoverCutShort {
  /** What it moved: the tickets the receiver holds, the tasks now theirs, the customers they own. */
  moved: HandoverRecords;
  /** How many of the records it set out to move the leaver still holds. */
  left: number;
  /**
   * The leaver holds more of the parts it was asked to move than those it named (not read yet:
   * past the 500 of a part, or given to them since): a re-run is to move them.
   */
  more: boolean;
  /** The moved tickets waiting on their customer: their next reply's clock (paused). */
  pausedReplies: ReadonlyMap<string, SlaStatus>;
  /**
   * A manager's summary whose run went on to its end (its receiver's DM written in its held
   * one's place) but could not write its own summary (the database failing): said done, not
   * stopped.
   */
  finished?: boolean;
}

/** A ticket as its card shows it: the record and its SLA clocks now. */
export interface TicketView {
  ticket: TicketRecord;
  clock: TicketClock;
}

/** The fields one kind of message entry may hold: `MessageData`'s other kinds' are absent. */
type MessageField =
  | 'message'
  | 'notice'
  | 'linkTicket'
  | 'followerAdded'
  | 'assigned'
  | 'keptNote'
  | 'received'
  | 'handover'
  | 'handoverRun';
type Only<T> = T & { [K in Exclude<MessageField, keyof T>]?: never };

/**
 * A message entry's data: the message as written, or a ticket's notice (rendered as it goes
 * out), and what goes with either.
 */
export type MessageData = (
  | Only<{
      message: Partial<Message> & { text: string };
      /**
       * Written before `notice` existed (entries still in the outbox then): the ticket of an
       * account manager's DM whose `message` names its number plain. Rendered again from the
       * ticket as it goes out (sent as written when the ticket is gone).
       */
      linkTicket?: { id: string; number: string };
      /**
       * A "you now follow" DM (a Followers… addition): rendered again from the ticket as it goes
       * out, naming who added them (`by`) only while that is still a person's id: one erased
       * while it waited (the erasure rewrites `by` with the rest of the entry) is worded without
       * them. Not sent when by then they no longer follow it (Stop following, made its
       * assignee); sent as written when the ticket is gone.
       */
      followerAdded?: { ticketId: string; by?: string };
      /**
       * A DM to whom a Reassign or Escalate handed a ticket (the event at `seq` of its thread):
       * rendered again from the ticket as it goes out, so that what it owes (its due times, a
       * next reply paused while it waits on the customer) is as it stands then, not as it stood
       * when it was written (held by quiet hours while the customer answered overnight). Sent as
       * written when the ticket is gone or that event is not in its timeline.
       */
      assigned?: { ticketId: string; seq: number };
      /**
       * A kept-note notice (TicketNotifier.keptNote) of the burst of undescribed replies that
       * the event at `seq` of its thread leads (`keptNoteBurst`): counted again from the ticket as
       * it goes out, so that replies kept while it was unsent (held by quiet hours, Slack failing)
       * are told in it ("3 replies"). Sent as written when the ticket is gone or that event no
       * longer leads such a burst.
       */
      keptNote?: { ticketId: string; seq: number };
      /**
       * The requester's "We have your request" (RequesterNotifier.received): what it is drawn
       * from, drawn again as it goes out (its fallback DM too), so that one held (quiet hours,
       * Slack failing) past the due time it names says "as soon as possible", not "(by …)".
       * `message` is it as written (entries written before it was kept are sent so).
       */
      received?: ReceivedFrom;
      /**
       * A hand-over's DM written before it was kept once (`handover` alone): `message` as
       * written, its reply lines drawn again as it goes out.
       */
      handover?: HandoverWritten;
      /**
       * An owner's greetings DM (TaskNotifier.greetings): what each of its lines is (GreetingLines),
       * so that a delivery that finds a customer it lists erased since (NewOutboxEntry.names)
       * takes out that customer's lines alone and sends the rest (`greetingListWithout`), its
       * counts said again. Written before it was kept: taken back whole.
       */
      greetings?: GreetingLines;
    }>
  | Only<{
      /**
       * A hand-over's DM to its receiver (`/desk handover`), kept once: what it was drawn from
       * (`HandoverWritten`, its reply lines as written too), not the drawn message besides. Its
       * reply lines drawn again as it goes out from its tickets as they stand then (held by
       * Slack failing or asking to wait, or sent again: "reply due" said late once it is, a
       * paused reply resumed since said due), the rest as written. Sent as written when one of
       * its tickets is gone.
       */
      handover: HandoverWritten;
    }>
  | Only<{
      /**
       * A hand-over's receiver DM or manager's summary held while it runs (written before its
       * first move): the hand-over done, the DM is rewritten as `handover` and the summary as
       * `message`; gone out (cut short), drawn from what its records are then
       * (DeliveryHooks.handoverCutShort).
       */
      handoverRun: HandoverRun;
      /** Drawn (cut short): what it told of as moved, as last drawn (HandoverNotifier.late). */
      toldMoved?: HandoverIds;
      /** How many times it was drawn (OutboxRepository.noteHandoverTold). */
      draws?: number;
      /**
       * Its run ended after all, and told of these by a notice of its own (none: empty): a draw
       * after leaves them out (HandoverNotifier.late).
       */
      toldLate?: HandoverIds;
      /** A summary's: its run went on to its end (HandoverNotifier.ranToEnd). */
      ranToEnd?: true;
    }>
  | Only<{
      /**
       * A message about a ticket written before its card was posted, as data: rendered as it
       * goes out, its number linked to the card when the card is there by then.
       */
      notice: TicketNotice;
    }>
) & {
  /** Told back when Slack took it (the account manager's DM marks the ticket). */
  after?: { accountManagerTold: string };
  /**
   * A DM about a task (TaskNotifier): the ticket it is linked to and the task, so that the DM is
   * recorded as one of the ticket's posts once Slack took it (taskPostOf); a task linked to
   * none, the task and its customer (recorded as theirs: TaskPost; a low quarterly survey's
   * managers' notice too); a list of several customers' tasks (an owner's greetings, an overdue
   * list), the tasks it shows and their customers (TaskListPost). Edited by retention and
   * erasures either way.
   */
  about?:
    | { ticketId: string; taskId?: string }
    | { taskId: string; customerId: string }
    | { taskIds: string[]; customerIds: string[] };
  /**
   * A DM telling `to` that a ticket is theirs (handed over to them, back with them), or one
   * that is theirs to act on (a delay notice or progress note drafted for its holder): delivered
   * ALERTS_HELD_MS or more after it was written (held by quiet hours, Slack asking to wait), it
   * is not sent when by then the ticket is gone, resolved or closed, or someone else holds it.
   */
  holder?: { ticketId: string };
  /**
   * The key of the DM that told `to` a ticket was theirs, on the DM telling them it no longer
   * is: delivered ALERTS_HELD_MS or more after it was written, it is not sent when that one
   * never went out (held by quiet hours, then dropped as no longer theirs): they never knew.
   */
  told?: string;
  /**
   * Where it goes when Slack refuses its channel (the app removed from a customer channel, the
   * channel archived: `CHANNEL_ERRORS`): a requester's DM, with its DM wording.
   */
  fallback?: { to: string; message: Partial<Message> & { text: string } };
  /**
   * A requester's notice to their conversation thread: whether its ticket was opened there as
   * its Slack Connect conversation (TicketConversation.shared, set once at the opening), so that
   * the delivery's channel check (`barredChannel`) need not read the ticket for it. Unset on
   * notices written before it was carried: the ticket is read.
   */
  openedShared?: boolean;
};

/** The data of each kind of entry. */
export interface OutboxData {
  message: MessageData;
  'ticket.card': { ticketId: string };
  alert: { list: 'channel' | 'escalation' | 'dm'; alert: SlaAlert };
  'alert.thread': { alert: SlaAlert };
  /** The post to edit (outbox/types.ts EditData, written by editEntry). */
  'message.edit': EditData;
  signal: { signal: CustomerSignal };
  reminder: { task: TaskRecord };
  home: Record<string, never>;
  digest: {
    week: string;
    message: Message;
    /** posted in the digest's thread once the message is out; none before two weeks of figures */
    chart?: { png: Buffer; filename: string; title: string; altText: string };
  };
}

/** What the worker asks the flows when an entry needs the domain (the card, a recorded post). */
export interface DeliveryHooks {
  /** The ticket as its card shows it now; null when it is gone. */
  ticketCard(ctx: Ctx, ticketId: string): Promise<TicketView | null>;
  /** These tickets as stored now (one read, scoped by the workspace); those gone are left out. */
  tickets(ctx: Ctx, ticketIds: string[]): Promise<TicketRecord[]>;
  /**
   * As a kept-note notice goes out: records which replies of its burst (led by `lead`, the event
   * stamped `leadAt`) it tells and returns the ticket as stored after
   * (TicketRepository.keptNoteTold); null if gone.
   */
  keptNoteTold(
    ctx: Ctx,
    ticketId: string,
    lead: number,
    leadAt: Date,
  ): Promise<TicketRecord | null>;
  /**
   * These tickets as a hand-over's DM to its receiver reads them now (one read of only those
   * fields, scoped by the workspace), each waiting on its customer with its next reply's clock
   * (`pausedReply`); those gone are left out.
   */
  handoverTickets(
    ctx: Ctx,
    ticketIds: string[],
  ): Promise<(HandoverDmTicket & { pausedReply?: SlaStatus })[]>;
  /**
   * A hand-over cut short (`handoverRun`): what it moved by now and what the leaver still holds
   * of what it set out to move, drawn from the records as they are (the worker renders its
   * receiver's DM, none when nothing moved, or its manager's summary).
   */
  handoverCutShort(
    ctx: Ctx,
    run: HandoverRun,
    entry: { key: string; seq: number; data?: unknown },
  ): Promise<HandoverCutShort>;
  /** A ticket just saved, as its card shows it (not read again). */
  ticketView(ctx: Ctx, ticket: TicketRecord): TicketView;
  cardPosted(
    ctx: Ctx,
    ticketId: string,
    where: { channel: string; ts: string; permalink?: string },
  ): Promise<void>;
  /**
   * The card was posted again at `where` because Slack no longer had it at `from` (deleted):
   * recorded only if the ticket still names `from` (one single-document update); whether it was.
   */
  cardReposted(
    ctx: Ctx,
    ticketId: string,
    from: { channel: string; ts: string },
    where: { channel: string; ts: string; permalink?: string },
  ): Promise<boolean>;
  /** These tasks as stored now (one read, scoped by the workspace); those gone are left out. */
  tasks(ctx: Ctx, taskIds: string[]): Promise<TaskRecord[]>;
  /**
   * These customers as they stand now, by code (one read), what a held signal is checked against
   * before it goes: those gone are left out.
   */
  signalCustomers(ctx: Ctx, codes: string[]): Promise<Map<string, SignalCustomer>>;
  /** The card links of these tickets (those posted), by ticket id: numbers link to them. */
  ticketLinks(ctx: Ctx, ticketIds: string[]): Promise<Map<string, string>>;
  /**
   * A person's App Home as it stands now (rendered for them), or not now: `later` when it cannot
   * be rendered for them yet (Slack did not say in time whether they are a guest: refreshed again
   * later through the outbox), `skip` when this refresh is not published (the install never
   * says: their own visit draws it, with why). `share`: the Homes of one delivery pass given the
   * same key share one read of the team part (the pass's HomeShare: never one begun before a
   * change merged into this Home's entry, `since`); none, it reads its own.
   */
  homeView(ctx: Ctx, userId: string, share?: SharedSince): Promise<HomeView | 'later' | 'skip'>;
  accountManagerTold(ctx: Ctx, ticketId: string): Promise<void>;
  /**
   * Slack will never deliver to `userId` (deactivated, removed): the managers are told when they
   * still hold open work. Whether a DM was written (for the worker to deliver).
   */
  personGone(ctx: Ctx, userId: string): Promise<boolean>;
  /**
   * Slack refused a DM to `userId`, the requester of `ticketIds` (their notices), as it refuses
   * a person of another organisation: whether Slack says they are (the tickets' requester then
   * marked so, once: TicketFlows.requesterRefused). Unset: never.
   */
  requesterRefused?(ctx: Ctx, userId: string, ticketIds: readonly string[]): Promise<boolean>;
  /**
   * The people whose customers' files mark them not members of the workspace (`ownerGuest`: a
   * guest, or of another organisation): read only while nobody of the staff can stand in for them
   * (`nobodyStandsIn`), a DM to them then dropped (`OWNER_HELD`). Unset: nobody.
   */
  awayOwners?(ctx: Ctx): Promise<string[]>;
  /**
   * Of the customers (and contacts, by key) outbox entries name (NewOutboxEntry.names), whether
   * each is erased since, or being erased, or gone (TaskService.namesGone), in their order. Unset:
   * none is.
   */
  namesGone?(ctx: Ctx, named: readonly NamedIn[]): Promise<boolean[]>;
  /**
   * The customer `channelId` is linked to (`/desk channel link`) and what it is as their channel
   * (`LinkedChannel`: left, shared, linked), if it is linked.
   */
  customerChannel(ctx: Ctx, channelId: string): Promise<LinkedChannel | undefined>;
  /**
   * A desk channel the desk must not post to (`why`), found before a post there: cleared from
   * the settings and the admins told (SettingsFlows.deskChannelUnfit); the settings after. Also
   * a former one holding a card, found linked to a customer as the card is updated (or a line
   * under it goes out first): its cards forgotten, the lines owed under them following them,
   * nothing cleared, nobody told.
   */
  deskChannelUnfit(
    ctx: Ctx,
    channelId: string,
    why: 'shared' | 'customer',
  ): Promise<WorkspaceSettings>;
  digestPosted(
    ctx: Ctx,
    week: string,
    post: { channel: string; ts: string; chartFileId?: string },
  ): Promise<void>;
}
