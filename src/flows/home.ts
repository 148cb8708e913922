import type { Ctx } from '../context.js';
import { isManager } from '../customer/access.js';
import type { CustomerService } from '../customer/service.js';
import type { CustomerWithSignals } from '../customer/types.js';
import { weekContaining } from '../digest/service.js';
import { AppError } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';
import { allowed, guestReadRefusal, guestRefusalSaid, worksTickets } from '../permissions.js';
import { SingleFlight, type SharedSince } from '../single-flight.js';
import type { OutboxService } from '../outbox/service.js';
import type { OutboxCounts } from '../outbox/types.js';
import type { TaskService } from '../task/service.js';
import { HELD_COUNT_MAX, type TaskRecord } from '../task/types.js';
import { ticketClock } from '../ticket/clock.js';
import type { TicketService } from '../ticket/service.js';
import {
  customerOutsideSlack,
  waitsOn,
  type HomeWeek,
  type TicketClock,
  type TicketRecord,
} from '../ticket/types.js';
import { addDaysToDate } from '../time.js';
import { adminsToAsk, alertsChannel, escalationChannel } from '../workspace/types.js';

/** Rows each Home list shows; the rest are counted. */
export const HOME_ROWS = 5;
/** Tasks to sign off read for a Home (the view shows as many: src/ui/home.ts, block budget). */
const APPROVE_ROWS = 3;
/** A person's own tickets read in one go for their Home (more: read per list, with counts). */
const PERSONAL_MAX = 200;

/** A ticket with its clocks now. */
export interface HomeTicket {
  ticket: TicketRecord;
  clock: TicketClock;
  /**
   * Waiting on a customer outside Slack the viewer filed it for (they pass the answer on):
   * whether they may record it ("Customer wrote…", `ticket.respond`).
   */
  relay?: { mayRecord: boolean };
}

export interface HomeList<T> {
  items: T[];
  total: number;
}

/** Owners Slack has no user for named on an admin's Home at most (a line each). */
export const OWNERS_UNKNOWN_NAMED = 3;

/** What blocks the desk, for an admin. */
export type ConfigProblem =
  | { kind: 'noTriage' }
  /** `overdueTo`: the channel that gets the overdue list instead (alerts, else triage). */
  | { kind: 'noManagers'; overdueTo?: string }
  | { kind: 'noHolidays' }
  | { kind: 'noDigest' }
  /** `escalationTo`: where escalation posts go instead (alerts, else triage; escalationChannel). */
  | { kind: 'noEscalation'; escalationTo?: string }
  /**
   * Slack refuses the install's token users.info (no `users:read`): nobody the roles name nowhere
   * reads the desk or, on an open desk, works it (src/slack/people.ts GuestCheck). How to fix it
   * depends on how the desk is installed: `Oauth`, from its install page; `Token`, the scope added
   * in the app's config and the app reinstalled to the workspace.
   */
  | { kind: 'noUsersReadOauth' | 'noUsersReadToken' }
  /** `dismissable`: only a recorded refusal keeps it (no message to it waits or was given up). */
  | { kind: 'notInChannel'; channel: string; dismissable: boolean }
  /**
   * Slack said (the daily owners' check) it has no user `owner` (user_not_found,
   * user_not_visible), who still owns `customers` customers: nobody is told of their tasks,
   * signals or tickets until those have another owner.
   */
  | { kind: 'ownerUnknown'; owner: string; customers: number }
  /** More such ids than `OWNERS_UNKNOWN_NAMED`: `count` more, not named. */
  | { kind: 'ownersUnknownMore'; count: number };

/** Everything one person's App Home shows, read for them (the records, not yet rendered). */
export interface HomeData {
  userId: string;
  manager: boolean;
  admin: boolean;
  mine: HomeList<HomeTicket>;
  waitingOnMe: HomeList<HomeTicket>;
  /**
   * The open tickets nobody holds of the customers the person owns: an account manager's, or
   * anyone's who owns some (not a manager's: the team queue lists every unassigned ticket).
   */
  customersUnassigned?: HomeList<HomeTicket>;
  tasks: HomeList<TaskRecord>;
  /** The open tasks the person signs off (their approver), due first; only when there are some. */
  toApprove?: HomeList<TaskRecord>;
  /** The open tasks the person helps with (their helper), due first; only when there are some. */
  helping?: HomeList<TaskRecord>;
  /** The card links of the tasks' tickets (ticket id -> permalink): their numbers link to them. */
  taskLinks: ReadonlyMap<string, string>;
  /** An account manager's customers with a churn warning or a contract ending soon. */
  signals: HomeList<CustomerWithSignals>;
  /**
   * An account manager's churn risk at a glance: their customers in churn warning (counted, the
   * first HOME_ROWS named) and those of the low churn risk class now (counted).
   */
  risk?: {
    churn: HomeList<{ id: string; name: string; code: string }>;
    low: number;
  };
  /** Managers and admins. */
  team?: {
    unassigned: HomeList<HomeTicket>;
    breaching: HomeList<HomeTicket>;
    overdue: HomeList<HomeTicket>;
    escalatedUnassigned: HomeList<HomeTicket>;
    week: HomeWeek;
    outbox: OutboxCounts;
  };
  /** Admins: what blocks the desk. */
  problems?: ConfigProblem[];
  /**
   * The workspace has no admin at all (`external`: only admins Slack said are of another
   * organisation, who hold no role here): everyone is told how the operator makes one.
   */
  noAdmin?: { team: string; user: string; external?: true };
  /**
   * How many open tasks are held for customer owners not members of the workspace while nobody of
   * the staff can stand in (up to HELD_COUNT_MAX + 1, read as "more than HELD_COUNT_MAX";
   * `TaskService.heldCount`): whoever works the desk.
   */
  held?: number;
  /**
   * The person is a guest of the workspace who holds no role (or Slack did not say in time
   * whether they are: `Ctx.guest`): their Home is the requester's part only (what waits on them),
   * with why (this message).
   */
  guest?: MessageKey;
}

/**
 * One person's App Home, read from stored fields through indexed queries (all at once): their
 * open tickets due first, tickets waiting on them, tasks due, customers with signals; for
 * managers the team queue and this week so far; for admins what blocks the desk.
 */
export class HomeFlows {
  private readonly teams = new SingleFlight();
  /**
   * The team part read for a delivery pass (keyed by the key the pass gives, src/notify/outbox.ts
   * HomeShare): the managers' Homes one change redraws, one after another, read it once. The pass
   * gives a new key to a Home whose entry had a change merged into it after the read may have
   * begun; none is kept past the pass.
   */
  private readonly passTeams = new WeakMap<SharedSince, Promise<NonNullable<HomeData['team']>>>();

  constructor(
    private readonly deps: {
      tickets: TicketService;
      tasks: TaskService;
      customers: CustomerService;
      outbox: OutboxService;
      /**
       * What the install itself keeps from working (Slack refusing it users.info), as the desk
       * last heard from Slack; unset: nothing to say.
       */
      installProblem?: (ctx: Ctx) => Promise<ConfigProblem | undefined>;
    },
  ) {}

  /**
   * The Home of `ctx.actor`. `pass`: the key the outbox delivery pass drawing it gives; the Homes
   * given the same key share the team part read, one begun after `pass.since` (the changes the
   * pass draws them for stored).
   */
  async data(ctx: Ctx, pass?: SharedSince): Promise<HomeData> {
    const { tickets, tasks, customers } = this.deps;
    const userId = ctx.actor;
    // A guest of the workspace who holds no role: the requester's part only (src/permissions.ts
    // `assertReadsDesk`), not the tickets of customers they own, their tasks or signals.
    const guest = guestReadRefusal(ctx);
    if (guest) {
      const waiting = await tickets.queue(
        ctx,
        { statuses: ['waiting'], waitsOn: userId },
        HOME_ROWS,
      );
      const none = { items: [], total: 0 };
      return {
        userId,
        manager: false,
        admin: false,
        mine: none,
        waitingOnMe: {
          items: waiting.items.map((ticket) => ({
            ticket,
            clock: ticketClock(ctx.settings, ticket, ctx.now),
          })),
          total: waiting.total,
        },
        tasks: none,
        taskLinks: new Map(),
        signals: none,
        // On an install without users:read: the admins to ask for a role, named (or, with none,
        // the npm run admins line), as the refusals say it.
        ...(() => {
          const said = guestRefusalSaid(ctx, guest);
          return { guest: said.key, guestParams: said.params };
        })(),
      };
    }
    const manager = isManager(ctx.settings, userId);
    const admin = ctx.settings.admins.includes(userId);
    const view = (page: { items: TicketRecord[]; total: number }): HomeList<HomeTicket> => ({
      items: page.items.map((ticket) => ({
        ticket,
        clock: ticketClock(ctx.settings, ticket, ctx.now),
      })),
      total: page.total,
    });
    const queue = (filter: Parameters<TicketService['queue']>[1], limit = HOME_ROWS) =>
      tickets.queue(ctx, filter, limit).then(view);
    const [
      [mine, waitingOnMe],
      customersUnassigned,
      [due, toApprove, helping],
      signals,
      risk,
      team,
      problems,
      held,
    ] = await Promise.all([
      this.personal(ctx, userId, view, queue),
      // Not a manager's: their team queue lists every ticket nobody holds.
      !manager
        ? queue({
            statuses: ['new', 'assigned', 'waiting'],
            unassigned: true,
            accountManagerId: userId,
          })
        : undefined,
      // Both lists' customers read once (a customer in both is one read).
      Promise.all([
        tasks.dueFor(ctx, userId, HOME_ROWS),
        tasks.toApproveFor(ctx, userId, APPROVE_ROWS),
        tasks.helpingWith(ctx, userId, APPROVE_ROWS),
      ]).then(async ([duePage, approvePage, helpPage]) => {
        const [dueItems = [], approveItems = [], helpItems = []] = await tasks.withReachEach(
          ctx,
          [duePage.items, approvePage.items, helpPage.items],
          userId,
        );
        return [
          { ...duePage, items: dueItems },
          { ...approvePage, items: approveItems },
          { ...helpPage, items: helpItems },
        ] as const;
      }),
      customers.withSignals(ctx, userId, HOME_ROWS),
      // An account manager's own customers only.
      ctx.settings.accountManagers.includes(userId)
        ? customers.riskSummary(ctx, userId, HOME_ROWS)
        : undefined,
      // The team's part is the same for every manager: Homes opened at once share its reads.
      manager ? this.teamPart(ctx, queue, pass) : undefined,
      admin ? this.problems(ctx) : undefined,
      // Tasks held for owners not members of the workspace, nobody of the staff to stand in: read
      // only then (`nobodyStandsIn`), for whoever works the desk (any of them may take one).
      worksTickets(ctx.settings, userId) ? tasks.heldCount(ctx, HELD_COUNT_MAX + 1) : 0,
    ]);
    const ticketIds = [
      ...new Set(
        [...due.items, ...toApprove.items, ...helping.items].flatMap((t) =>
          t.ticketId ? [t.ticketId] : [],
        ),
      ),
    ];
    const taskLinks = new Map(
      (ticketIds.length ? await tickets.byIds(ctx, ticketIds) : []).flatMap((t) =>
        t.card.permalink ? [[t.id, t.card.permalink] as const] : [],
      ),
    );
    return {
      userId,
      manager,
      admin,
      mine,
      waitingOnMe: relayed(ctx, waitingOnMe),
      // An account manager always reads the section; who else owns customers, when it lists some.
      ...(customersUnassigned &&
      (customersUnassigned.total || ctx.settings.accountManagers.includes(userId))
        ? { customersUnassigned }
        : {}),
      tasks: due,
      ...(toApprove.total ? { toApprove } : {}),
      ...(helping.total ? { helping } : {}),
      taskLinks,
      signals,
      ...(risk ? { risk } : {}),
      ...(team ? { team } : {}),
      ...(problems ? { problems } : {}),
      ...(held ? { held } : {}),
      // No admin at all, or only admins Slack said are of another organisation (who hold no
      // role here: `adminsToAsk`): nobody can change the settings or roles; said alike.
      ...(adminsToAsk(ctx.settings).length
        ? {}
        : {
            noAdmin: {
              team: ctx.teamId,
              user: userId,
              ...(ctx.settings.admins.length ? { external: true as const } : {}),
            },
          }),
    };
  }

  /**
   * The person's open tickets (10) and the waiting tickets that wait on them (those they are the
   * Slack requester of, else filed: `waitsOn`; 5): one read of both, split here. Someone with
   * more than PERSONAL_MAX of them gets the two read apart, with their counts.
   */
  private async personal(
    ctx: Ctx,
    userId: string,
    view: (page: { items: TicketRecord[]; total: number }) => HomeList<HomeTicket>,
    queue: (
      filter: Parameters<TicketService['queue']>[1],
      limit?: number,
    ) => Promise<HomeList<HomeTicket>>,
  ): Promise<[HomeList<HomeTicket>, HomeList<HomeTicket>]> {
    const both = await this.deps.tickets.personal(ctx, userId, PERSONAL_MAX);
    if (both.length >= PERSONAL_MAX)
      return Promise.all([
        queue({ statuses: ['new', 'assigned', 'waiting'], assigneeId: userId }, 10),
        queue({ statuses: ['waiting'], waitsOn: userId }),
      ]);
    const mine = both.filter((t) => t.assigneeId === userId);
    const waiting = both.filter((t) => waitsOn(t) === userId && t.status === 'waiting');
    return [
      view({ items: mine.slice(0, 10), total: mine.length }),
      view({ items: waiting.slice(0, HOME_ROWS), total: waiting.length }),
    ];
  }

  /**
   * The team part: shared by the Homes read at once, and by those of one delivery `pass`. A pass
   * joins no read under way begun before `pass.since` (a Home opened just before the change it
   * draws for would show the team without it): it begins its own, which others may join.
   */
  private teamPart(
    ctx: Ctx,
    queue: (filter: Parameters<TicketService['queue']>[1]) => Promise<HomeList<HomeTicket>>,
    pass: SharedSince | undefined,
  ): Promise<NonNullable<HomeData['team']>> {
    const read = () => this.teams.run(ctx.teamId, () => this.team(ctx, queue), pass?.since);
    if (!pass) return read();
    let part = this.passTeams.get(pass);
    if (!part) {
      part = read();
      this.passTeams.set(pass, part);
      // A failed read is not shared: the next Home of the pass reads again.
      part.catch(() => this.passTeams.delete(pass));
    }
    return part;
  }

  private async team(
    ctx: Ctx,
    queue: (filter: Parameters<TicketService['queue']>[1]) => Promise<HomeList<HomeTicket>>,
  ): Promise<NonNullable<HomeData['team']>> {
    const running = ['new', 'assigned'] as const;
    const hourOn = new Date(ctx.now.getTime() + 3_600_000);
    const week = weekContaining(ctx.today, ctx.settings.timeZone);
    const [unassigned, breaching, overdue, escalatedUnassigned, counts, outbox] = await Promise.all(
      [
        queue({ statuses: ['new', 'assigned', 'waiting'], unassigned: true }),
        // A waiting ticket's clocks stand still: it is never about to breach.
        queue({ statuses: [...running], dueAfter: ctx.now, dueBy: hourOn }),
        // Waiting ones too, as `/ticket list overdue`: one already overdue when it was paused
        // keeps that due time (`dueTimes`); one paused in time stores the far future.
        queue({ statuses: [...running, 'waiting'], dueBy: ctx.now }),
        queue({ statuses: ['new', 'assigned', 'waiting'], unassigned: true, minLevel: 2 }),
        // Opened as the next digest counts it: the desk's first record dates its history.
        this.deps.customers
          .firstRecordAt(ctx)
          .then((first) => this.deps.tickets.weekSoFar(ctx, week.from, first)),
        this.deps.outbox.counts(ctx).catch((err: unknown) => {
          if (err instanceof AppError && err.code === 'FORBIDDEN')
            return { pending: 0, edits: 0, dead: 0, deadEdits: 0, deadFailing: 0, firstDead: {} };
          throw err;
        }),
      ],
    );
    const share = (part: number, whole: number) => (whole ? part / whole : null);
    return {
      unassigned,
      breaching,
      overdue,
      escalatedUnassigned,
      week: {
        since: week.fromDate,
        opened: counts.opened,
        resolved: counts.resolved,
        onTime: share(counts.respondedOnTime, counts.responded),
        firstContact: share(counts.firstContact, counts.resolved),
      },
      outbox,
    };
  }

  /** What keeps the desk from working as set up: for an admin to fix. */
  private async problems(ctx: Ctx): Promise<ConfigProblem[]> {
    const { settings } = ctx;
    const problems: ConfigProblem[] = [];
    if (!settings.channels.triage) problems.push({ kind: 'noTriage' });
    if (!settings.managers.length) {
      // The overdue list then goes to the alerts channel, else the triage one (TaskNotifier.overdue).
      const overdueTo = alertsChannel(settings);
      problems.push({ kind: 'noManagers', ...(overdueTo ? { overdueTo } : {}) });
    }
    const yearOn = addDaysToDate(ctx.today, 365);
    if (!settings.businessHours.holidays.some((d) => d >= ctx.today && d <= yearOn))
      problems.push({ kind: 'noHolidays' });
    // The digest job builds the week's figures and posts them nowhere without one.
    if (!settings.channels.digest) problems.push({ kind: 'noDigest' });
    // Escalation posts then go where the alerts go (escalationChannel), else nowhere.
    if (!settings.channels.escalation) {
      const escalationTo = escalationChannel(settings);
      problems.push({ kind: 'noEscalation', ...(escalationTo ? { escalationTo } : {}) });
    }
    const install = await this.deps.installProblem?.(ctx);
    if (install) problems.push(install);
    // Customers owned by an id Slack has no user for (the daily check), the most owned first.
    const unknown = await this.deps.customers.ownersUnknownToSlack(ctx);
    for (const { ownerId, customers } of unknown.slice(0, OWNERS_UNKNOWN_NAMED))
      problems.push({ kind: 'ownerUnknown', owner: ownerId, customers });
    if (unknown.length > OWNERS_UNKNOWN_NAMED)
      problems.push({ kind: 'ownersUnknownMore', count: unknown.length - OWNERS_UNKNOWN_NAMED });
    for (const { channel, owed } of await this.deps.outbox.unreachableChannels(ctx))
      problems.push({ kind: 'notInChannel', channel, dismissable: !owed });
    return problems;
  }
}

/**
 * The tickets that wait on the viewer, those of a customer outside Slack marked: the viewer filed
 * them and passes the customer's answer on, recording it if they may answer for the desk.
 */
function relayed(ctx: Ctx, list: HomeList<HomeTicket>): HomeList<HomeTicket> {
  return {
    ...list,
    items: list.items.map((view) =>
      !customerOutsideSlack(view.ticket)
        ? view
        : {
            ...view,
            relay: { mayRecord: allowed(ctx, 'ticket.respond', { ticket: view.ticket }) },
          },
    ),
  };
}
