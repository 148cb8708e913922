/**
 * Who may do what: the desk's one permission table (pure, no I/O). Services call `assertMay`
 * on every path that changes something (buttons, modal submissions, commands, the import's
 * `--as`), so a crafted request is refused exactly like a click on a button the person was not
 * shown. Roles come from the workspace's settings (admins, managers, agents, experts, account
 * managers, edited with `/desk roles`) and from the record acted on (the ticket's assignee and
 * requester, the customer's owner).
 */
import { SYSTEM_ACTOR, type Ctx } from './context.js';
import { AppError } from './errors.js';
import type { MessageKey, MessageParams } from './i18n/index.js';
import type { WorkspaceSettings } from './workspace/settings.js';
import { adminsToAsk, ownersManagers } from './workspace/types.js';

/** The roles a person holds in the workspace, and towards the record acted on. */
export const ROLES = [
  'admin',
  'manager',
  'agent',
  'expert',
  'accountManager',
  /** The ticket's assignee. */
  'assignee',
  /**
   * Staff (agent, expert, manager) facing an unassigned ticket, or a task held for its executor,
   * a customer owner not a member of the workspace whom nobody of the staff stands in for
   * (`heldOwners`):
   * acting on it takes it.
   */
  'taker',
  /** Who reported the ticket. */
  'requester',
  /** Who filed the ticket (typed it in): reads what they typed and adds notes. */
  'filer',
  /** The requester of a ticket resolved within REOPEN_DAYS. */
  'recentRequester',
  /** The customer's owner (its account manager), or the account manager of a ticket's customer. */
  'owner',
  /**
   * A manager of the customer's owner: linked to the owner in `/desk roles`, or any manager when
   * nobody is linked to the owner; admins always.
   */
  'ownersManager',
  /** Who signs the task off (its approver): completes and reschedules it as a manager may. */
  'approver',
  /** Who planned the task by hand: may edit it. */
  'planner',
  /**
   * A manager of the task's executor: linked to them in `/desk roles`, or any manager when nobody
   * is linked to them; admins always (ownersManager's rule, read for the executor).
   */
  'executorsManager',
  /**
   * Who holds the task that stands for this step on the ticket (its executor: a revisit's reopen,
   * a complaint's contact; see ticket/types.ts `stepHeld`): that step alone, on that ticket.
   */
  'stepHolder',
  /** Anyone in the workspace. */
  'member',
] as const;
export type Role = (typeof ROLES)[number];

/** A requester may reopen their ticket this many days after it was resolved. */
export const REOPEN_DAYS = 7;
/** REOPEN_DAYS in milliseconds: how far back from now a resolution still lets its ticket reopen. */
export const REOPEN_WINDOW_MS = REOPEN_DAYS * 86_400_000;

/**
 * Whether a ticket is resolved and still within REOPEN_DAYS of its resolution at `now`: the one
 * reading of the reopen window (the requester's reopen, a customer's reply in the thread, the
 * 'reply in the thread' hint). A resolved ticket without `resolvedAt` (no write of the desk leaves
 * one: a resolve sets both in one update; only data stored otherwise, by hand or by an older
 * version) reads as within it: the customer's reply reopens it rather than being dropped or
 * split off into a new ticket, and staff resolve it again.
 */
export function withinReopenDays(
  ticket: { status?: string | undefined; resolvedAt?: Date | undefined },
  now: Date,
): boolean {
  if (ticket.status !== 'resolved') return false;
  if (!ticket.resolvedAt) return true;
  return now.getTime() - ticket.resolvedAt.getTime() <= REOPEN_WINDOW_MS;
}

const STAFF: Role[] = ['agent', 'expert', 'manager', 'admin'];

/**
 * The permission table. Admins hold every manager right (rolesOf gives them both roles). The
 * README's permission table is this one in words; test/unit/permissions.test.ts checks each cell.
 */
export const PERMISSIONS = {
  'ticket.create': ['member'],
  'ticket.claim': STAFF,
  'ticket.reassign': ['assignee', 'manager'],
  'ticket.escalate': ['assignee', 'taker', 'manager'],
  'ticket.wait': ['assignee', 'manager'],
  /** The requester too: their answer in the conversation thread resumes the clock (#10). */
  'ticket.resume': ['assignee', 'manager', 'requester'],
  'ticket.resolve': ['assignee', 'taker', 'manager'],
  'ticket.note': [...STAFF, 'owner', 'requester', 'filer'],
  /** Answer the requester for the desk: log a response, send a delay notice or progress note. */
  'ticket.respond': [...STAFF, 'owner'],
  /** The executor of the ticket's revisit too, for its "not solved" (`stepHolder`). */
  'ticket.reopen': ['assignee', 'manager', 'recentRequester', 'stepHolder'],
  'ticket.close': ['assignee', 'manager'],
  /** Merge a duplicate into another ticket: whoever may close it (and note the target). */
  'ticket.merge': ['assignee', 'manager'],
  /** Adds people to the ticket's followers (Followers…). */
  'ticket.followers': ['assignee', 'manager'],
  /** The executor of the complaint's contact task too, by its Done (`stepHolder`). */
  'ticket.contact': ['assignee', 'manager', 'owner', 'stepHolder'],
  'ticket.plan': ['assignee', 'taker', 'manager', 'owner'],
  /** Classify… (type, severity, complaint urgency): who works it, or may take it up, and managers. */
  'ticket.classify': ['assignee', 'taker', 'manager'],
  /** Phone numbers and emails typed into a ticket, in clear (its Open view); posts mask them. */
  'ticket.seePersonal': ['assignee', 'requester', 'filer', 'owner', 'manager'],
  'customer.create': [...STAFF, 'accountManager'],
  /** Service fields (contacts, address, region, tags): service staff on any customer. */
  'customer.editService': [...STAFF, 'owner'],
  /** Commercial fields (revenue, contract, needs, owner...): the owner and managers. */
  'customer.editCommercial': ['owner', 'manager'],
  'customer.overrideTier': ['manager'],
  /**
   * Personal data and commercial figures in clear (phone, email, IM, birthday, address,
   * annual purchases, budget, orders, contract): the read rule of src/customer/visibility.ts.
   */
  'customer.seeContacts': ['owner', 'ownersManager'],
  'customer.recordOrder': ['owner', 'manager'],
  'customer.logInteraction': [...STAFF, 'owner'],
  /** Plan a task for the customer by hand (`/task new`): whoever may log an interaction. */
  'customer.planTask': [...STAFF, 'owner'],
  /** The task's assignee and approver; for an owner's task, whoever owns the customer now; any
   * staff member for a task held for an owner not a member of the workspace (`taker`). */
  'task.complete': ['assignee', 'approver', 'manager', 'owner', 'taker'],
  /** Change a task's due date: whoever may complete it. */
  'task.reschedule': ['assignee', 'approver', 'manager', 'owner', 'taker'],
  /** Edit task (who does it, helps, signs it off; a hand-made one's date and words): whoever
   * planned it, its executor (for an owner's task, whoever owns the customer now), managers; any
   * staff member for a held task (`taker`: Edit is how they take it). */
  'task.edit': ['planner', 'assignee', 'manager', 'owner', 'taker'],
  /**
   * Cancel task (not needed: planned by mistake, a duplicate): whoever planned it, whoever signs
   * it off, the executor's manager (admins). Not the executor alone: a task cancelled leaves the
   * managers' overdue list, so someone else than who owes the work decides it is not owed. A
   * call whose customer was not reached is closed as such by whoever may complete it.
   */
  'task.cancel': ['planner', 'approver', 'executorsManager'],
  /** Read the team's open tasks (`/task team`): managers (admins), to act on them (each act checked as it is). */
  'task.seeTeam': ['manager'],
  'outbox.manage': ['manager'],
  'settings.edit': ['admin'],
  'roles.edit': ['admin'],
  /** Linking a channel to a customer, its intake mode and emoji (#10). */
  'channel.link': ['admin'],
  /** Monthly, quarterly and weekly reports on demand (`/desk report`, the CSV export). */
  'report.view': ['manager'],
  /** Data-subject requests (export, erase) and the privacy log. */
  'privacy.manage': ['admin'],
  /**
   * Hand a person's open tickets, open tasks and customers over to another (`/desk handover`):
   * each record then moves as its own Reassign, Edit task or owner change by a manager would.
   */
  'team.handover': ['manager'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** What the roles of a person are worked out from: the workspace and the record acted on. */
export interface Subject {
  /** A ticket: its assignee, requester and account manager. */
  ticket?: {
    assigneeId?: string;
    createdBy: string;
    /** Filed by a guest of the workspace: no filer role (the requester side only). */
    filedByGuest?: boolean | undefined;
    requesterId?: string;
    /**
     * The ticket's requester (#10): a Slack user when they reported it in Slack, else a contact
     * outside Slack (its name).
     */
    requester?: { userId?: string | undefined; contactName?: string | undefined } | undefined;
    accountManagerId?: string;
    status?: string;
    resolvedAt?: Date;
  };
  /** A customer: its owner. */
  customer?: { ownerId?: string };
  /**
   * A task: whom it is for, and who signs it off; `held`: its executor a customer owner not a
   * member of the workspace whom nobody of the staff stands in for (`heldOwners`, read by the
   * service).
   */
  task?: {
    assigneeId?: string;
    approverId?: string | undefined;
    createdBy?: string | undefined;
    held?: boolean | undefined;
  };
  /**
   * The ticket's step task the request comes with (a revisit, a complaint's contact): who holds
   * it, as the ticket service found it a warrant for this very action on this ticket.
   */
  step?: { holderId: string };
}

type RoleSettings = Pick<
  WorkspaceSettings,
  'admins' | 'managers' | 'agents' | 'experts' | 'accountManagers' | 'openDesk'
> & {
  managerLinks?: WorkspaceSettings['managerLinks'] | undefined;
  externalHolders?: readonly string[] | undefined;
};

/**
 * The workspace roles of a user, before any record is looked at. A role holder Slack said is of
 * another organisation (`externalHolders`: saved before the desk read `team_id`) holds none, as
 * such a person's own requests do not: no ticket, task or staff DM goes to them by a role.
 */
export function workspaceRoles(settings: RoleSettings, userId: string): Set<Role> {
  const roles = new Set<Role>(['member']);
  if (settings.externalHolders?.includes(userId)) return roles;
  if (settings.admins.includes(userId)) roles.add('admin').add('manager');
  if (settings.managers.includes(userId)) roles.add('manager');
  if (settings.experts.some((e) => e.userId === userId)) roles.add('expert');
  if (settings.agents.includes(userId)) roles.add('agent');
  if (settings.accountManagers.includes(userId)) roles.add('accountManager');
  // An open desk: everyone in the workspace works tickets (the default until roles are set),
  // but for its guests: a request's actor is read through `actorSettings`.
  if (settings.openDesk) roles.add('agent');
  return roles;
}

/**
 * Whether only the open desk makes `userId` one of the desk's people: the desk is open and the
 * roles name them nowhere (admin, manager, agent, expert, account manager). Only then does it
 * matter whether Slack describes them as a guest of the workspace (`Ctx.guest`).
 */
export function openDeskOnly(settings: RoleSettings, userId: string): boolean {
  return settings.openDesk && holdsNoRole(settings, userId);
}

/**
 * Whether the roles name `userId` nowhere (admin, manager, agent, expert, account manager),
 * whether or not the desk is open: a ticket they file may be a guest's (src/flows/tickets.ts).
 */
export function holdsNoRole(settings: RoleSettings, userId: string): boolean {
  const roles = workspaceRoles({ ...settings, openDesk: false }, userId);
  return ![...STAFF, 'accountManager' as const].some((r) => roles.has(r));
}

/** Whether a user works tickets (claims them) under these roles, whatever record is looked at. */
export function worksTickets(settings: RoleSettings, userId: string): boolean {
  const roles = workspaceRoles(settings, userId);
  return STAFF.some((r) => roles.has(r));
}

/** Every role a user holds towards `subject`, at `now`. */
export function rolesOf(
  settings: RoleSettings,
  userId: string,
  subject: Subject = {},
  now: Date = new Date(),
): Set<Role> {
  const roles = workspaceRoles(settings, userId);
  const { ticket, customer, task } = subject;
  const staff = STAFF.some((r) => roles.has(r));
  if (ticket) {
    if (ticket.assigneeId === userId) roles.add('assignee');
    if (!ticket.assigneeId && staff) roles.add('taker');
    // A guest who filed it is the requester side (as a Slack Connect person whose ticket the
    // desk files for them): not the filer role's staff rights, notes and personal details.
    if (ticket.createdBy === userId && !ticket.filedByGuest) roles.add('filer');
    // A recorded requester is the one (a contact outside Slack: nobody in Slack); the filer
    // only when none was recorded.
    const requester = ticket.requester
      ? ticket.requester.userId
      : (ticket.requesterId ?? ticket.createdBy);
    if (requester === userId) {
      roles.add('requester');
      if (withinReopenDays(ticket, now)) roles.add('recentRequester');
    }
    if (ticket.accountManagerId === userId) roles.add('owner');
  }
  if (customer?.ownerId === userId) roles.add('owner');
  if (
    customer &&
    (roles.has('admin') ||
      (roles.has('manager') && ownersManagers(settings, customer.ownerId).includes(userId)))
  )
    roles.add('ownersManager');
  if (task?.assigneeId === userId) roles.add('assignee');
  if (task?.approverId === userId) roles.add('approver');
  if (task?.createdBy === userId) roles.add('planner');
  if (task?.held && staff) roles.add('taker');
  if (
    task?.assigneeId &&
    (roles.has('admin') ||
      (roles.has('manager') && ownersManagers(settings, task.assigneeId).includes(userId)))
  )
    roles.add('executorsManager');
  if (subject.step?.holderId === userId) roles.add('stepHolder');
  return roles;
}

/**
 * The roles as they apply to a person of another organisation (a Slack Connect customer): no
 * workspace role whatever the settings say (an open desk makes only the workspace's own people
 * agents), only what the record gives (the requester of their own ticket).
 */
export function outsider(settings: WorkspaceSettings): WorkspaceSettings {
  return {
    ...settings,
    admins: [],
    managers: [],
    agents: [],
    experts: [],
    accountManagers: [],
    managerLinks: [],
    openDesk: false,
  };
}

/** What the permission checks read of the request: its settings and what it says of its actor. */
export type ActorCtx = Pick<Ctx, 'settings' | 'actor' | 'now'> & {
  external?: boolean | undefined;
  guest?: Ctx['guest'];
};

/**
 * The roles as they apply to the request's actor: a person of another organisation holds no
 * workspace role (`outsider`); a guest of the workspace (Slack's is_restricted or
 * is_ultra_restricted: typically a customer invited into a few channels), or a person Slack did
 * not describe in time, is not made an agent by an open desk (`Ctx.guest`), and keeps what a
 * record gives them (the requester of their own ticket).
 */
export function actorSettings(
  ctx: Pick<Ctx, 'settings'> & { external?: boolean | undefined; guest?: Ctx['guest'] },
): WorkspaceSettings {
  if (ctx.external) return outsider(ctx.settings);
  return ctx.guest ? { ...ctx.settings, openDesk: false } : ctx.settings;
}

/** Whether `userId` may do `permission` to `subject`. */
export function may(
  settings: RoleSettings,
  userId: string,
  permission: Permission,
  subject: Subject = {},
  now: Date = new Date(),
): boolean {
  if (userId === SYSTEM_ACTOR) return true;
  const roles = rolesOf(settings, userId, subject, now);
  return (PERMISSIONS[permission] as readonly Role[]).some((r) => roles.has(r));
}

/** Whether the request's actor may do `permission` to `subject` (a Slack Connect guest as one). */
export function allowed(ctx: ActorCtx, permission: Permission, subject: Subject = {}): boolean {
  return may(actorSettings(ctx), ctx.actor, permission, subject, ctx.now);
}

/** What a person the open desk does not count an agent reads, by what Slack said of them. */
const GUEST_REFUSALS: Record<NonNullable<Ctx['guest']>, MessageKey> = {
  guest: 'permission.denied.guest',
  unknown: 'permission.denied.guestUnknown',
  unchecked: 'permission.denied.guestUnchecked',
};

/** What a guest who holds no role reads when refused the desk's staff reads (`assertReadsDesk`). */
const GUEST_READ_REFUSALS: Record<NonNullable<Ctx['guest']>, MessageKey> = {
  guest: 'permission.denied.guestRead',
  unknown: 'permission.denied.guestReadUnknown',
  unchecked: 'permission.denied.guestReadUnchecked',
};

/**
 * Whether the request's actor reads what the desk's staff read: its lists (`/ticket list`,
 * `/task mine`), its customers (`/customer find`, cards, the picker's options), other people's
 * tickets, the reports. Everyone in the workspace does, open desk or closed, but its guests who
 * hold no role (`Ctx.guest`, which the boundary sets only for a person the roles name nowhere):
 * they read what the requester's view gives them (their own tickets, their drafts and survey).
 * A person Slack did not describe in time (`unknown`), or never will with this install
 * (`unchecked`), is not let through either (fail-closed, as for writes): the desk cannot tell
 * them from a guest, a late answer is remembered for the next try, and an open read would show a
 * guest every customer's name whenever Slack is slow. Nor does a person of another organisation
 * (Slack Connect, `ctx.external`: a customer, never staff), whom a linked channel admits to the
 * clicks on its messages: they hear of their own requests in its conversation (their survey,
 * Not solved, reopen, their replies there), and a crafted click on a staff button reads nothing.
 */
export function readsDesk(ctx: Pick<Ctx, 'guest' | 'external'>): boolean {
  return !ctx.guest && !ctx.external;
}

/** Why the actor may not read the desk's staff reads (`readsDesk`), or undefined when they may. */
export function guestReadRefusal(ctx: Pick<Ctx, 'guest' | 'external'>): MessageKey | undefined {
  if (readsDesk(ctx)) return undefined;
  return ctx.external ? 'permission.denied.externalRead' : GUEST_READ_REFUSALS[ctx.guest!];
}

/**
 * Why the actor may take no staff action on a ticket (a card's buttons, their modals:
 * TicketService.forStaff), or undefined when they read the desk (`readsDesk`): a guest that guests
 * do not work the desk (or, Slack not saying in time or never, as a refused write says), a person
 * of another organisation that the desk's records are the service team's. One answer whatever the
 * ticket, so that it tells nothing of which exist, their state or who holds them.
 */
export function guestStaffRefusal(ctx: Pick<Ctx, 'guest' | 'external'>): MessageKey | undefined {
  if (readsDesk(ctx)) return undefined;
  return ctx.external ? 'permission.denied.externalRead' : GUEST_REFUSALS[ctx.guest!];
}

/**
 * The refusals of a person Slack will never describe to this install (`unchecked`: no
 * users:read), who needs a role admins give: as said when the desk has admins, naming them (as
 * `ASK_FOR_ROLE`); and while it has none, with the `npm run admins` line filled in for them.
 */
const UNCHECKED_ASK: Partial<Record<MessageKey, { ask: MessageKey; noAdmin: MessageKey }>> = {
  'permission.denied.guestUnchecked': {
    ask: 'permission.denied.guestUncheckedAsk',
    noAdmin: 'permission.denied.guestUncheckedNoAdmin',
  },
  'permission.denied.guestReadUnchecked': {
    ask: 'permission.denied.guestReadUncheckedAsk',
    noAdmin: 'permission.denied.guestReadUncheckedNoAdmin',
  },
};

/** Who a guest refusal is said to: whom to name (the admins), whom the no-admin line makes one. */
export type RefusedCtx = Pick<Ctx, 'actor'> & {
  settings: Pick<Ctx['settings'], 'admins'> & { externalHolders?: readonly string[] | undefined };
  teamId?: string | undefined;
};

/**
 * The refusal `ask` naming the admins to ask (`adminsToAsk`: the staff ones) with `params`; plain
 * text (an inline modal error), which cannot show mentions, says `plainKey` instead. Undefined
 * with no staff admin to name: the caller says its refusal without names.
 */
export function askAdminsError(
  ctx: Pick<RefusedCtx, 'settings'>,
  ask: MessageKey,
  plainKey: MessageKey,
  params: MessageParams = {},
): AppError | undefined {
  const admins = adminsToAsk(ctx.settings);
  if (!admins.length) return undefined;
  return new AppError(
    'FORBIDDEN',
    ask,
    { admins: admins.join(', '), ...params },
    { users: ['admins'], plainKey },
  );
}

/**
 * The refusal `key` (a `GUEST_REFUSALS` or `GUEST_READ_REFUSALS` one, or the other organisation's)
 * as thrown: an `unchecked` one names the admins to ask for a role (plain text, an inline modal
 * error, says it without them), or, with none, gives the `npm run admins` line; others as they are.
 */
export function guestRefusalError(ctx: RefusedCtx, key: MessageKey): AppError {
  const said = guestRefusalSaid(ctx, key);
  if (said.key === key) return new AppError('FORBIDDEN', key);
  return said.params.admins !== undefined
    ? new AppError('FORBIDDEN', said.key, said.params, { users: ['admins'], plainKey: key })
    : new AppError('FORBIDDEN', said.key, said.params);
}

/**
 * `guestRefusalError`'s message as a key and its parameters, for plain text (an inline field
 * error: `plain`, which cannot show mentions, keeps the refusal without the admins' names).
 */
export function guestRefusalSaid(
  ctx: RefusedCtx,
  key: MessageKey,
  { plain = false }: { plain?: boolean } = {},
): { key: MessageKey; params: Record<string, string> } {
  const variants = UNCHECKED_ASK[key];
  if (!variants) return { key, params: {} };
  // Only the admins who are staff are named; with none left (all of another organisation), the
  // refusal is said without names ("ask an admin of the desk").
  const admins = adminsToAsk(ctx.settings);
  if (ctx.settings.admins.length)
    return plain || !admins.length
      ? { key, params: {} }
      : { key: variants.ask, params: { admins: admins.join(', ') } };
  if (ctx.teamId) return { key: variants.noAdmin, params: { team: ctx.teamId, user: ctx.actor } };
  return { key, params: {} };
}

/** Refuses (FORBIDDEN, saying why) an actor who may not read the desk's staff reads (`readsDesk`). */
export function assertReadsDesk(ctx: Pick<Ctx, 'guest' | 'external'> & RefusedCtx): void {
  const refusal = guestReadRefusal(ctx);
  if (refusal) throw guestRefusalError(ctx, refusal);
}

/**
 * Refuses (FORBIDDEN, saying why: `guestStaffRefusal`) an actor who does not read the desk, before
 * any relation to the record is asked: a guest who owns a customer still works nothing of it
 * (Record order, Record delivery, Log interaction, Edit customer, New task), which would show
 * them its orders and figures.
 */
export function assertWorksDesk(ctx: Pick<Ctx, 'guest' | 'external'> & RefusedCtx): void {
  const refusal = guestStaffRefusal(ctx);
  if (refusal) throw guestRefusalError(ctx, refusal);
}

/** The explanation a refused person reads, per permission. */
const REFUSALS: Record<Permission, MessageKey> = {
  'ticket.create': 'permission.denied.ticket',
  'ticket.claim': 'permission.denied.claim',
  'ticket.reassign': 'permission.denied.assigneeOrManager',
  'ticket.escalate': 'permission.denied.assigneeOrManager',
  'ticket.wait': 'permission.denied.assigneeOrManager',
  'ticket.resume': 'permission.denied.assigneeOrManager',
  'ticket.resolve': 'permission.denied.assigneeOrManager',
  'ticket.note': 'permission.denied.note',
  'ticket.respond': 'permission.denied.respond',
  'ticket.reopen': 'permission.denied.reopen',
  'ticket.close': 'permission.denied.assigneeOrManager',
  'ticket.merge': 'permission.denied.assigneeOrManager',
  'ticket.followers': 'permission.denied.assigneeOrManager',
  'ticket.contact': 'permission.denied.assigneeOrManager',
  'ticket.plan': 'permission.denied.assigneeOrManager',
  'ticket.classify': 'permission.denied.assigneeOrManager',
  'ticket.seePersonal': 'permission.denied.assigneeOrManager',
  'customer.create': 'permission.denied.customerCreate',
  'customer.editService': 'permission.denied.customerEdit',
  'customer.editCommercial': 'permission.denied.customerCommercial',
  'customer.overrideTier': 'customer.error.overrideForbidden',
  'customer.seeContacts': 'customer.error.editForbidden',
  // Said as Edit's refusal is (who may, then what), for the same person refused both.
  'customer.recordOrder': 'permission.denied.customerOrder',
  'customer.logInteraction': 'permission.denied.customerInteraction',
  'customer.planTask': 'permission.denied.customerTask',
  'task.complete': 'task.error.forbidden',
  'task.reschedule': 'task.error.rescheduleForbidden',
  'task.edit': 'task.error.editForbidden',
  'task.cancel': 'task.error.cancelForbidden',
  'task.seeTeam': 'task.team.forbidden',
  'outbox.manage': 'outbox.forbidden',
  'settings.edit': 'permission.denied.admin',
  'roles.edit': 'permission.denied.admin',
  'channel.link': 'permission.denied.admin',
  'report.view': 'report.forbidden',
  'privacy.manage': 'permission.denied.admin',
  'team.handover': 'permission.denied.handover',
};

/**
 * The refusals of what only admins may do, as said when there are admins to ask: naming them
 * (the person cannot do it, but knows whom to ask).
 */
const ASK_ADMINS: Partial<Record<MessageKey, MessageKey>> = {
  'permission.denied.admin': 'permission.denied.adminAsk',
};

/**
 * The refusals of what a role admins give allows (a manager reads reports, an agent claims), as
 * said when there are admins: naming them, and the role to ask for. While the desk has no admin,
 * `permission.denied.roleNoAdmin` says the same refusal (its `refused`) and how an admin is made.
 */
const ASK_FOR_ROLE: Partial<Record<MessageKey, MessageKey>> = {
  'report.forbidden': 'report.forbiddenAsk',
  'permission.denied.handover': 'permission.denied.handoverAsk',
  'permission.denied.claim': 'permission.denied.claimAsk',
  'permission.denied.customerCreate': 'permission.denied.customerCreateAsk',
};

/** Which refusal `permission.denied.roleNoAdmin` says (its `refused`), per ASK_FOR_ROLE refusal. */
const ROLE_REFUSED: Partial<Record<MessageKey, string>> = {
  'report.forbidden': 'report',
  'permission.denied.handover': 'handover',
  'permission.denied.claim': 'claim',
  'permission.denied.customerCreate': 'customerCreate',
};

/**
 * What was refused, as the refusals that serve several permissions name it (their `action`):
 * "Only an admin of the desk can change the roles", "… or a manager can close this ticket".
 */
const ACTIONS: Partial<Record<Permission, string>> = {
  'ticket.reassign': 'reassign',
  'ticket.escalate': 'escalate',
  'ticket.wait': 'wait',
  'ticket.resume': 'resume',
  'ticket.resolve': 'resolve',
  'ticket.close': 'close',
  'ticket.merge': 'merge',
  'ticket.followers': 'followers',
  'ticket.contact': 'contact',
  'ticket.plan': 'plan',
  'ticket.classify': 'classify',
  'ticket.seePersonal': 'seePersonal',
  'settings.edit': 'settings',
  'roles.edit': 'roles',
  'channel.link': 'channels',
  'privacy.manage': 'privacy',
};

/** Whether only admins may do `permission` (its refusal names the admins to ask). */
export function adminOnly(permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).every((r) => r === 'admin');
}

/** The message key a refusal of `permission` is explained with. */
export function refusalOf(permission: Permission): MessageKey {
  return REFUSALS[permission];
}

/**
 * Refuses (FORBIDDEN, with the explanation for the person) unless the request's actor may do
 * `permission` to `subject`. The desk's own jobs may do everything; an import acts as its
 * `--as` user.
 */
export function assertMay(
  ctx: ActorCtx & { teamId?: string },
  permission: Permission,
  subject: Subject = {},
  params: Record<string, string | number> = {},
): void {
  if (may(actorSettings(ctx), ctx.actor, permission, subject, ctx.now)) return;
  // Refused only because the open desk does not count them: a guest is told that guests do not
  // work the desk (no role can be given them); a person Slack did not describe in time, to try
  // again (the desk does not let through a write it could not tell a guest's from a member's).
  if (ctx.guest && !ctx.external && may(ctx.settings, ctx.actor, permission, subject, ctx.now)) {
    throw guestRefusalError(ctx, GUEST_REFUSALS[ctx.guest]);
  }
  // A workspace nobody administers (single-token mode without ADMIN_USER_IDS): "only an admin"
  // would leave everyone there stuck, so say who can make one and how.
  const onlyAdmins = adminOnly(permission);
  if (onlyAdmins && !ctx.external && ctx.teamId && !ctx.settings.admins.length) {
    throw new AppError('FORBIDDEN', 'permission.denied.noAdmin', {
      team: ctx.teamId,
      user: ctx.actor,
    });
  }
  // Admins only, and admins there are: the refusal names them, for the workspace's own people.
  const ask = ctx.external
    ? undefined
    : onlyAdmins
      ? ASK_ADMINS[REFUSALS[permission]]
      : ASK_FOR_ROLE[REFUSALS[permission]];
  const action = ACTIONS[permission] ?? '';
  // A role admins give, and no admin to give it: say who can make one and how, as above.
  if (ask && !onlyAdmins && ctx.teamId && !ctx.settings.admins.length) {
    throw new AppError('FORBIDDEN', 'permission.denied.roleNoAdmin', {
      refused: ROLE_REFUSED[REFUSALS[permission]] ?? '',
      team: ctx.teamId,
      user: ctx.actor,
    });
  }
  // Named: the admins who are staff. One Slack said is of another organisation holds no role here;
  // with only such admins left, the refusal below is said without names.
  const asked = ask && askAdminsError(ctx, ask, REFUSALS[permission], { action, ...params });
  if (asked) throw asked;
  const user = subject.ticket?.assigneeId ?? subject.task?.assigneeId ?? '';
  throw new AppError('FORBIDDEN', REFUSALS[permission], {
    user,
    // An unassigned ticket's refusal says "the assignee", not an empty mention.
    assigned: user ? 'yes' : 'no',
    owner: subject.customer?.ownerId ?? '',
    // A task's refusal names who signs it off too, when someone does.
    signedOff: subject.task?.approverId ? 'yes' : 'no',
    approver: subject.task?.approverId ?? '',
    // A task made by hand: its refusal names who planned it.
    planned: subject.task?.createdBy ? 'yes' : 'no',
    planner: subject.task?.createdBy ?? '',
    days: REOPEN_DAYS,
    action,
    ...params,
  });
}

/**
 * Whether `reader` reads the phones and emails typed into a task's own text (its Done outcome,
 * its cancel reason) in clear: only when the customer's card shows them to them
 * (`customer.seeContacts`), its owner read with the task (TaskService.withReach); unknown, masked.
 */
export function typedInClear(
  settings: WorkspaceSettings,
  task: { customerOwnerId?: string },
  reader: string,
): boolean {
  return (
    !!task.customerOwnerId &&
    may(settings, reader, 'customer.seeContacts', { customer: { ownerId: task.customerOwnerId } })
  );
}
