/** The workspace vocabulary other layers may know: the roles as `/desk roles` edits them. */
import type { CustomerRecord, Declaring } from '../customer/types.js';
import type { MessageKey, MessageParams } from '../i18n/index.js';
import type { TaskRecord } from '../task/types.js';
import type { TicketCard, TicketRecord } from '../ticket/types.js';
import type { WorkspaceSettings } from './settings.js';

export type Roles = Pick<
  WorkspaceSettings,
  'admins' | 'managers' | 'agents' | 'experts' | 'accountManagers' | 'openDesk' | 'managerLinks'
>;

/**
 * Someone who may not hold a desk role (admin, manager, agent, expert, account manager): a bot,
 * a deactivated account, or a guest (multi- or single-channel: limited to a few channels, while
 * a desk role shows every customer's file). `name` as Slack gives it, for the admin's modal.
 */
export interface UnfitPerson {
  userId: string;
  name: string;
  reason: 'bot' | 'deactivated' | 'guest' | 'external';
}

/**
 * Where the alerts go (the SLA sweep's alerts, the overdue task list without managers): the
 * alerts channel, else the triage channel, else nowhere.
 */
export function alertsChannel(settings: Pick<WorkspaceSettings, 'channels'>): string | undefined {
  return settings.channels.alerts ?? settings.channels.triage;
}

/**
 * Where the escalation posts go (a critical complaint's page, an escalation's post, the SLA
 * sweep's escalation list): the escalation channel, else where the alerts go (`alertsChannel`).
 */
export function escalationChannel(
  settings: Pick<WorkspaceSettings, 'channels'>,
): string | undefined {
  return settings.channels.escalation ?? alertsChannel(settings);
}

/** The block that holds who one manager manages in the roles modal. */
export function managesField(managerId: string): string {
  return `manages:${managerId}`;
}

/** A user list of `/desk roles`, by its settings field (each manager's "Manages": `managerLinks`). */
export type RoleList =
  'admins' | 'managers' | 'agents' | 'experts' | 'accountManagers' | 'managerLinks';

/**
 * The user lists of `/desk roles`, in the roles modal's order: each by its settings field
 * (`list`), its block in the modal (`block`: each manager's "Manages" its own) and whom it names.
 * The one list of them: the modal's refusals go by it, the DM naming a person's roles too.
 */
export function roleLists(
  roles: Omit<Roles, 'openDesk'>,
): { list: RoleList; block: string; people: readonly string[] }[] {
  return [
    { list: 'admins', block: 'admins', people: roles.admins },
    { list: 'managers', block: 'managers', people: roles.managers },
    ...roles.managerLinks.map((l) => ({
      list: 'managerLinks' as const,
      block: managesField(l.managerId),
      people: l.manages,
    })),
    { list: 'agents', block: 'agents', people: roles.agents },
    { list: 'accountManagers', block: 'account_managers', people: roles.accountManagers },
    { list: 'experts', block: 'experts', people: roles.experts.map((e) => e.userId) },
  ];
}

/**
 * `ids` but the role holders Slack said are of another organisation (`externalHolders`): whom
 * the desk hands work to or DMs as staff.
 */
export function staffOnly(
  settings: { externalHolders?: readonly string[] | undefined },
  ids: readonly string[],
): string[] {
  const external = settings.externalHolders ?? [];
  return external.length ? ids.filter((id) => !external.includes(id)) : [...ids];
}

/**
 * Whom the desk tells of something an admin should act on (a refused channel, a customer channel
 * left, a role holder of another organisation, a desk channel cleared): the admins that are staff
 * (`staffOnly`), else the managers that are staff. Never a person Slack said is of another
 * organisation, even when that leaves nobody (the caller logs it).
 */
export function staffToTell(settings: {
  admins: readonly string[];
  managers: readonly string[];
  externalHolders?: readonly string[] | undefined;
}): string[] {
  const admins = staffOnly(settings, settings.admins);
  return admins.length ? admins : staffOnly(settings, settings.managers);
}

/**
 * Whom a refusal names as the admins to ask ("ask {admins}": a role to give, an admin's action):
 * the admins that are staff (`staffOnly`). One Slack said is of another organisation holds no role
 * here, so could do neither. Empty when only such admins are left: the refusal is then said
 * without names (the desk with no admin at all says how one is made instead).
 */
export function adminsToAsk(settings: {
  admins: readonly string[];
  externalHolders?: readonly string[] | undefined;
}): string[] {
  return staffOnly(settings, settings.admins);
}

/**
 * "The owner's manager": the managers linked to `ownerId` in `/desk roles` (who still are
 * managers), else every manager (no owner, or an owner nobody is linked to); never one Slack said
 * is of another organisation (`staffOnly`).
 */
export function ownersManagers(
  settings: Pick<WorkspaceSettings, 'managers'> & {
    managerLinks?: WorkspaceSettings['managerLinks'] | undefined;
    externalHolders?: readonly string[] | undefined;
  },
  ownerId: string | undefined,
): string[] {
  const managers = staffOnly(settings, settings.managers);
  const linked = ownerId
    ? (settings.managerLinks ?? [])
        .filter((l) => l.manages.includes(ownerId) && managers.includes(l.managerId))
        .map((l) => l.managerId)
    : [];
  return [...new Set(linked.length ? linked : managers)];
}

/**
 * Whose tasks a manager's team list leaves out (`/task team`; the overdue list of the day reads
 * each task by the same rule, `ownersManagers`): those of the people `/desk roles` links to other
 * managers only. Nobody's (an empty list) for an admin, or a manager linked to nobody: they read
 * everyone's; a linked manager reads their people's and those of whoever no manager is linked to.
 */
export function outsideManagersTeam(
  settings: Pick<WorkspaceSettings, 'managers' | 'admins'> & {
    managerLinks?: WorkspaceSettings['managerLinks'] | undefined;
  },
  managerId: string,
): string[] {
  const links = settings.managerLinks ?? [];
  const manages = new Set(links.filter((l) => l.managerId === managerId).flatMap((l) => l.manages));
  if (settings.admins.includes(managerId) || !manages.size) return [];
  const linked = links
    .filter((l) => settings.managers.includes(l.managerId))
    .flatMap((l) => l.manages);
  return [...new Set(linked)].filter((id) => !manages.has(id));
}

/**
 * Who hears of a ticket's complaint (or its missed contact or plan) beside `told`, who has their
 * own word of it (the account manager's intake DM with the contact task, the alert's holder): the
 * owner's managers (`ownersManagers`: linked in /desk roles, else every manager), for a guest
 * owner the guest's, never `told` nor the account manager. A guest whose only linked manager is the one standing in for
 * them (the account manager): that manager's own managers (linked to them, else every other
 * manager), so that someone above the stand-in hears of it.
 */
export function complaintManagers(
  settings: Pick<WorkspaceSettings, 'managers'> & {
    managerLinks?: WorkspaceSettings['managerLinks'] | undefined;
    externalHolders?: readonly string[] | undefined;
  },
  ticket: { accountManagerId: string; guestOwner?: string | undefined },
  told: string = ticket.accountManagerId,
): string[] {
  // Never the account manager either, who hears as the account manager (the alert's holder
  // may be someone else: a demand's missed plan is its assignee's).
  const besides = (ownerId: string) =>
    ownersManagers(settings, ownerId).filter((m) => m !== told && m !== ticket.accountManagerId);
  const managers = besides(ticket.guestOwner ?? ticket.accountManagerId);
  if (managers.length || !ticket.guestOwner) return managers;
  return besides(ticket.accountManagerId);
}

/**
 * Who of the staff stands in for a customer owner not a member of the workspace (`ownerGuest`: a
 * guest, or of another organisation), and is told of them: `staffToTell` but the owner themself
 * (the desk's only admin, or manager, made a guest stands in for nobody, not even for their own
 * customers) and but the admins and managers themselves so marked (`marked`: the owners whose
 * files mark them, CustomerService.awayOwners; a guest admin stands in for no other guest). The
 * one rule of who stands in: `nobodyStandsIn`, `ownerExecutor` and the daily check's DM of the
 * owner (TaskNotifier.ownerAway) read it.
 */
export function standIns(
  settings: {
    admins: readonly string[];
    managers: readonly string[];
    externalHolders?: readonly string[] | undefined;
  },
  ownerId: string,
  marked: readonly string[] = [],
): string[] {
  return staffToTell(butOwner(settings, ownerId, marked));
}

/** The roles less `ownerId` (who never stands in for themself) and less the `marked` owners. */
function butOwner<S extends { admins: readonly string[]; managers: readonly string[] }>(
  settings: S,
  ownerId: string,
  marked: readonly string[] = [],
): S {
  const other = (u: string) => u !== ownerId && !marked.includes(u);
  return {
    ...settings,
    admins: settings.admins.filter(other),
    managers: settings.managers.filter(other),
  };
}

/**
 * Whether nobody of the staff can stand in for `ownerId`, a customer owner not a member of the
 * workspace (`ownerGuest`: a guest, or of another organisation): no manager nor admin who is staff
 * (`staffOnly`) but the owner themself and those marked like them (`standIns`), so that
 * `ownerExecutor` names the owner. Their work is then held: it keeps the owner's id (so that the
 * stand-in repair hands it to the first manager or admin made), no DM of it goes to them (the
 * outbox drops it: `OWNER_HELD`), and any staff member may take the tasks they are to do from
 * `/task team` (their Home says how many wait: `heldOwners`).
 */
export function nobodyStandsIn(
  settings: Parameters<typeof standIns>[0],
  ownerId: string,
  marked: readonly string[] = [],
): boolean {
  return !standIns(settings, ownerId, marked).length;
}

/**
 * Whether any owner's work may be held (`nobodyStandsIn` for some owner): at most one manager or
 * admin who is staff, or every one of them marked not a member of the workspace as the daily
 * owners' check last found (`awayHolders`). Else nothing is read to know (most desks: one of two
 * staff admins or managers not marked stands in for every owner).
 */
export function someMayBeHeld(
  settings: Parameters<typeof standIns>[0] & { awayHolders?: readonly string[] | undefined },
): boolean {
  const staff = new Set(staffOnly(settings, [...settings.admins, ...settings.managers]));
  if (staff.size <= 1) return true;
  const away = settings.awayHolders ?? [];
  return [...staff].every((u) => away.includes(u));
}

/**
 * Of the owners marked not members of the workspace (`away`: CustomerService.awayOwners), those
 * whose work is held (`nobodyStandsIn`, none of the others marked standing in either). A task is
 * held when its executor is one of them: the `/task team` list of held tasks, the Home's count of
 * them and who may take one (`taker`) go by this one rule, as the outbox's drop of what is
 * addressed to them and whom the desk's notices leave out (`staffToTellNow`) do.
 */
export function heldOwners(
  settings: Parameters<typeof someMayBeHeld>[0],
  away: readonly string[],
): string[] {
  return someMayBeHeld(settings)
    ? away.filter((owner) => nobodyStandsIn(settings, owner, away))
    : [];
}

/** How many staff agents are told by DM of what the staff must know, when nobody else can be. */
export const HELD_TOLD_MAX = 10;

/**
 * Whom the staff hear from when the admins and managers who would be told are held
 * (`heldOwners`: nothing reaches them): the triage channel (never `notChannel`, the channel the
 * notice is about), else the first HELD_TOLD_MAX agents who are staff and not marked (`away`:
 * the owners marked not members of the workspace), by DM.
 */
export function heldFallback(
  settings: Pick<WorkspaceSettings, 'agents' | 'channels'> & {
    externalHolders?: readonly string[] | undefined;
  },
  away: readonly string[],
  notChannel?: string,
): string[] {
  const triage = settings.channels.triage;
  if (triage && triage !== notChannel) return [triage];
  return staffOnly(settings, settings.agents)
    .filter((u) => !away.includes(u))
    .slice(0, HELD_TOLD_MAX);
}

/**
 * `staffToTell` less the people whose work is held (`heldOwners` of the marked owners `away`: the
 * desk's only admin made a guest owner), who are not staff for the desk's notices (the outbox
 * drops every DM to them): those left, else, when the held were the only ones, `heldFallback`
 * (never `notChannel`: the channel a refusal is about). Nobody set at all: nobody, as before.
 */
export function staffToTellNow(
  settings: Parameters<typeof heldFallback>[0] & Parameters<typeof someMayBeHeld>[0],
  away: readonly string[],
  notChannel?: string,
): string[] {
  const all = staffToTell(settings);
  const held = heldOwners(settings, away);
  const told = all.filter((u) => !held.includes(u));
  return told.length || told.length === all.length
    ? told
    : heldFallback(settings, away, notChannel);
}

/**
 * The owners marked not members of the workspace (`read`: CustomerService.awayOwners), read only
 * where someone may be held (`someMayBeHeld`); elsewhere none, nothing read. A failed read is the
 * caller's to handle (`read` may catch it).
 */
export async function awayRead(
  settings: Parameters<typeof standIns>[0],
  read: () => Promise<readonly string[]> | readonly string[],
): Promise<readonly string[]> {
  return someMayBeHeld(settings) ? read() : [];
}

/**
 * `heldOwners` of the marked owners, read (`awayRead`) only where someone may be held: a desk
 * with two or more staff admins and managers holds nobody, nothing read. A failed read is the
 * caller's to handle.
 */
export async function heldRead(
  settings: Parameters<typeof standIns>[0],
  read: () => Promise<readonly string[]> | readonly string[],
): Promise<string[]> {
  return heldOwners(settings, await awayRead(settings, read));
}

/**
 * `staffToTellNow`, the marked owners read (`awayRead`) only when someone may be held. A failed
 * read is taken as nobody held (`staffToTell`; the outbox still holds back what it sends a held
 * person).
 */
export async function staffToTellRead(
  settings: Parameters<typeof staffToTellNow>[0],
  awayOwners: () => Promise<readonly string[]> | readonly string[],
  notChannel?: string,
): Promise<string[]> {
  const away = await awayRead(settings, () =>
    Promise.resolve()
      .then(awayOwners)
      .catch(() => [] as readonly string[]),
  );
  return staffToTellNow(settings, away, notChannel);
}

/**
 * Who does the tasks the desk plans for a customer's owner: the owner, unless Slack said the
 * owner is a guest of the workspace (`ownerGuest`, recorded when they were made its owner), who
 * does no task: then the owner's manager (`ownersManagers`: linked in /desk roles, else any
 * manager), else the first admin, with `guestOwner` naming the guest (never one Slack said is of
 * another organisation: `staffOnly`; never the owner themself: `standIns`). No manager nor admin
 * but them (`nobodyStandsIn`): the owner, whose work is then held (no DM of it goes to them; any
 * staff member may take their tasks) until a manager or an admin is made, whom the stand-in repair
 * hands it to.
 */
export function ownerExecutor<C>(
  settings: Pick<WorkspaceSettings, 'managers' | 'admins'> & {
    managerLinks?: WorkspaceSettings['managerLinks'] | undefined;
    externalHolders?: readonly string[] | undefined;
  },
  customer: Declaring<C, Pick<CustomerRecord, 'ownerId' | 'ownerGuest'>>,
): { assigneeId: string; guestOwner?: string } {
  if (!customer.ownerGuest) return { assigneeId: customer.ownerId };
  const roles = butOwner(settings, customer.ownerId);
  const managers = ownersManagers(roles, customer.ownerId);
  const instead = managers[0] ?? staffOnly(roles, roles.admins)[0];
  return instead
    ? { assigneeId: instead, guestOwner: customer.ownerId }
    : { assigneeId: customer.ownerId };
}

/** An expert's skills: at most this many, each at most this long. */
export const MAX_SKILLS = 20;
export const MAX_SKILL_LENGTH = 40;

/**
 * The most a skills input can hold as the modal shows saved skills again (joined with `, `): the
 * most skills, each of the longest, so that whatever was accepted opens again.
 */
export const SKILLS_INPUT_MAX = MAX_SKILLS * MAX_SKILL_LENGTH + (MAX_SKILLS - 1) * 2;

/** The block that holds one expert's skills in the roles modal (the form and its reader). */
export function skillsField(userId: string): string {
  return `skills:${userId}`;
}

/** What a hand-over (`/desk handover`) may move; all of them unless the manager unticks some. */
/** At most this many of each are moved by one hand-over (a second one moves the rest). */
export const HANDOVER_MAX = 500;

export const HANDOVER_PARTS = ['tickets', 'tasks', 'customers'] as const;
export type HandoverPart = (typeof HANDOVER_PARTS)[number];

/** What a person holds (a hand-over's find), or what a hand-over moved. */
export interface HandoverRecords {
  tickets: TicketRecord[];
  tasks: TaskRecord[];
  customers: CustomerRecord[];
}

/**
 * A hand-over as its held notices keep it (written before its first move): who handed whose
 * work to whom, and the records it set out to move, by id (customers by code). Delivered only if
 * it was cut short: drawn then from what those records are now.
 */
export interface HandoverRun {
  by: string;
  from: string;
  to: string;
  ticketIds: string[];
  taskIds: string[];
  customerCodes: string[];
  /**
   * The parts it was asked to move (absent in those written before they were kept): cut short,
   * the manager is told whether the leaver still holds more of them than it named.
   */
  parts?: HandoverPart[];
  /** The manager's summary (else the receiver's DM). */
  summary?: true;
}

/** Records of a hand-over by id (tickets, tasks) and code (customers). */
export type HandoverIds = Pick<HandoverRun, 'ticketIds' | 'taskIds' | 'customerCodes'>;

/** A hand-over's outcome: what moved, and each record not moved with why. */
export interface HandoverResult extends HandoverRecords {
  /** The ids of `tasks` that went with their customer to its new owner (an owner's task). */
  withCustomer: string[];
  /** Customers went to someone who holds no account manager role (nor manager): L3 is theirs. */
  ownerWithoutRole?: boolean;
  /** Parts the leaver held more of than one hand-over moves (HANDOVER_MAX): a next run moves the rest. */
  moreLeft?: HandoverPart[];
  /**
   * Customers ticked: how many owner's tasks stay with customers the leaver still owns (not
   * reached by the run, or refused): each goes with its customer when a next run moves it.
   */
  followLeft?: number;
  /**
   * Each record only as its summary line names it (not the whole record: a ticket's timeline), at
   * most HANDOVER_REFUSED_KEPT (src/flows/handover.ts); past those, only counted (`refusedMore`).
   */
  refused: {
    part: HandoverPart;
    ticket?: Pick<TicketRecord, 'number'> & { card?: Pick<TicketCard, 'permalink'> };
    task?: Pick<TaskRecord, 'kind' | 'customerName' | 'customerCode' | 'ticketId' | 'ticketNumber'>;
    customer?: Pick<CustomerRecord, 'name' | 'code'>;
    why: { key: MessageKey; params: MessageParams };
  }[];
  /** Records refused past the HANDOVER_REFUSED_KEPT kept in `refused`: the summary counts them. */
  refusedMore?: number;
}
