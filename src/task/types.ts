/** The task vocabulary and records: what every other layer may know of tasks. */
import { createHash } from 'node:crypto';
import type { ChurnReasonCode, InteractionType } from '../customer/types.js';
import type { Translate } from '../i18n/index.js';
import { clip } from '../text/clip.js';

/** What a task made by hand can be (manual C's task kinds), the care plan's too. */
const MANUAL_C_KINDS = ['call', 'visit', 'qbr', 'greeting', 'issue', 'needs', 'other'] as const;

export const TASK_KINDS = [
  'revisit',
  'guide',
  'checkin',
  'care',
  'winback',
  /** A complaint's contact step: the account manager contacts the customer by its target. */
  'complaint_contact',
  // The care plan per segment and stage (manual C), holiday greetings, tasks made by hand.
  ...MANUAL_C_KINDS,
  /** The account manager's call after a requester's low survey score (#10), or a low quarterly
   * satisfaction survey. */
  'recovery',
  /** The quarterly satisfaction survey of a key (or strategic) customer (domain 3). */
  'survey',
  /** An upgrade intent service staff heard, handed to the customer's owner (sales). */
  'upgrade',
  /** The owner's revisit after a delivery (domain 5: within 3 working days of it). */
  'delivery',
  /** The weekly progress note of a running project (domain 5, manual E: every Wednesday). */
  'progress',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** The follow-ups of a resolution (domain 3-7-30): revisit, guide, account manager check-in. */
export const FOLLOW_UP_KINDS: readonly TaskKind[] = ['revisit', 'guide', 'checkin'];

/** Care-plan contacts: superseded when the customer is contacted another way. */
export const CONTACT_KINDS: readonly TaskKind[] = ['care', 'call', 'visit'];

/**
 * Whether a person made the task (`/task new`, the card's New task, a logged interaction's next
 * step; they carry their maker) rather than the daily planning. A hand-made call or visit shares
 * its kind with the care plan's, but the daily planning neither hands it to the customer's owner
 * nor cancels it: it is its executor's until done.
 */
export function madeByHand(task: Pick<TaskRecord, 'createdBy'>): boolean {
  return task.createdBy !== undefined;
}

/**
 * Whose App Home lists the task while it is open: its executor (due today and overdue), its
 * helper ("Tasks you help with") and its approver ("Tasks you sign off"). The one list of the
 * Homes to redraw when the task changes (done, moved, edited, cancelled, handed over).
 */
export function homeReaders(
  task: Pick<TaskRecord, 'assigneeId' | 'helperId' | 'approverId'>,
): string[] {
  return [
    task.assigneeId,
    ...(task.helperId ? [task.helperId] : []),
    ...(task.approverId ? [task.approverId] : []),
  ];
}

/** Tasks that belong to the customer's owner (the account manager), whoever it is now (the
 * planned ones: a call or visit made by hand stays with its executor). */
export const OWNER_KINDS: ReadonlySet<TaskKind> = new Set([
  'checkin',
  'care',
  'winback',
  'call',
  'visit',
  'qbr',
  'greeting',
  'complaint_contact',
  'recovery',
  'survey',
  'upgrade',
  'delivery',
  'progress',
]);

/**
 * Whether the customer's owner now has a say on the task (completes, moves and edits it as its
 * executor does, TaskService checks it so): one the desk planned for the customer's owner, not
 * one a person made by hand.
 */
export function ownersTask(task: Pick<TaskRecord, 'kind' | 'createdBy'>): boolean {
  return OWNER_KINDS.has(task.kind) && !madeByHand(task);
}

/** What a task made by hand can be (manual C's task kinds). */
export const MANUAL_KINDS: readonly TaskKind[] = MANUAL_C_KINDS;

/**
 * The tasks whose outcome is a customer's answer, so their Done modal asks satisfaction and NPS:
 * the 3-7-30 follow-ups of a resolution, visits and business reviews, the quarterly satisfaction
 * survey and a low score's follow-up call. A greeting, a care or win-back call, a complaint's
 * contact and a task made by hand for a call, an issue, needs or anything else ask none.
 */
export const SCORED_KINDS: readonly TaskKind[] = [
  'revisit',
  'guide',
  'checkin',
  'visit',
  'qbr',
  'survey',
  'recovery',
];

/**
 * Why a person cancelled a task (Cancel task): not needed (`by_hand`: planned by mistake, a
 * duplicate; the planner, its approver, the executor's manager or an admin), or the customer
 * could not be reached for a call whose outcome is their answer (`not_reached`: whoever may
 * complete it, on a SCORED_KINDS task or a delivery revisit: closableNotReached). Either way no interaction and no score is recorded, and
 * the task leaves the lists, the reminders and the done and on-time figures (cancelled).
 */
export const CANCEL_REASONS = ['by_hand', 'not_reached'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/**
 * Whether a task may be closed as "customer not reached": its outcome is the customer's answer
 * (SCORED_KINDS), or it is a delivery's revisit, a call whose answer is whether the delivery is
 * complete, working and in use, though it asks no score (the digest counts it beside the 3-7-30
 * follow-ups not reached: digest/figures.ts `countsAsFollowUp`). Not a progress note: it is
 * written to the customer, nobody has to be reached.
 */
export function closableNotReached(task: Pick<TaskRecord, 'kind'>): boolean {
  return asksScores(task.kind) || task.kind === 'delivery';
}

/** A complaint's contact task's Done: the customer reached, or tried and not reached. */
export const CONTACT_OUTCOMES = ['reached', 'notReached'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

/** Whether a task's Done modal asks the customer's satisfaction and NPS (SCORED_KINDS). */
export function asksScores(kind: TaskKind): boolean {
  return SCORED_KINDS.includes(kind);
}

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;

/**
 * A staff member's Home says how many open tasks are held for owners not members of the
 * workspace up to this many; past it, "more than HELD_COUNT_MAX" (read up to one more).
 */
export const HELD_COUNT_MAX = 100;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface TaskOutcome {
  interactionType: InteractionType;
  summary: string;
  solved?: boolean;
  satisfaction?: number;
  nps?: number;
  feedback?: string;
  /** A complaint's contact: when the customer was reached. */
  contactedAt?: Date;
  /**
   * When it was done (YYYY-MM-DD, the workspace's zone), picked on the form: the interaction's
   * date and the task's done date (on time or late). Not kept on the outcome stored.
   */
  doneDate?: string;
  /** A win-back call: why the customer is leaving. */
  churnReason?: ChurnReasonCode;
  /** A win-back call: the customer is not leaving (no churn reason is recorded then). */
  staying?: boolean;
  /** A quarterly satisfaction survey: the contact surveyed (their key within the customer; the
   * name is in the summary, erased with it). */
  contactKey?: string;
  /** The next step agreed, and by when: logged on the interaction, not kept on the task. */
  nextStep?: string;
  nextStepDate?: string;
  /** Who signs the next step's task off: kept on that task, not on this one. */
  nextStepApproverId?: string;
  /** A low quarterly survey's contact typed in its Done modal (none on file): named by the
   * managers' DM, kept on the DM its Done owes (TaskNotice), not on the task (the summary has it). */
  typedContact?: string;
  /** A low quarterly survey: the managers told of it (the customer's owner's, as its Done read
   * them), kept on the DM its Done owes (TaskNotice `managers`), not on the task. */
  surveyManagers?: string[];
}

/** A task as the app sees it: a plain object, never a live document. */
export interface TaskRecord {
  id: string;
  teamId: string;
  kind: TaskKind;
  status: TaskStatus;
  customerId: string;
  customerCode: string;
  customerName: string;
  ticketId?: string;
  ticketNumber?: string;
  /**
   * A day-7 guide or day-30 check-in: the customer's other tickets resolved while it was open,
   * which planned no guide or check-in of their own (one at a time per customer: planFollowUps).
   * Its one contact covers them.
   */
  alsoTickets?: string[];
  cycle?: number;
  /** A win-back call: the churn risk episode it was planned for (what the risk was found on). */
  episode?: string;
  assigneeId: string;
  /**
   * Planned by the desk for the customer's owner, who is a guest of the workspace: the guest, its
   * executor being the owner's manager instead (task/rules.ts `ownerExecutor`; its rows say so).
   */
  guestOwner?: string;
  agentId?: string;
  /** What to do, in words (a greeting's holiday and contacts; a task made by hand). */
  content?: string;
  /** Who helps the executor (manual C's 协助人). */
  helperId?: string;
  /** Who signs the task off (manual C's 审批人): told when it is planned and done; may complete
   * and reschedule it as a manager may. */
  approverId?: string;
  /** Who made the task by hand. */
  createdBy?: string;
  dueDate: string;
  /** A due time within the day (a complaint's contact target); alerted by the SLA sweep. */
  dueAt?: Date;
  reminders: { early?: Date; due?: Date };
  outcome?: TaskOutcome;
  doneBy?: string;
  doneAt?: Date;
  doneDate?: string;
  cancelledAt?: Date;
  cancelReason?: string;
  /** Who cancelled it by hand (Cancel task: `by_hand` or `not_reached`); none: the desk's rules. */
  cancelledBy?: string;
  /** Why, in their words (Cancel task); erased with the task's other words. */
  cancelNote?: string;
  /**
   * The submission of Done or Cancel task that closed it (`submissionKey`: its view's id and its
   * values' digest): the same delivered again is answered as saved (TaskSubmittedAgain).
   */
  closedForm?: string;
  /** Each change of its due date: from, to, by whom, when (Change due date). */
  rescheduled?: { from: string; to: string; by: string; at: Date }[];
  /** How many times the calendar moved it to another day (a complaint's contact step following
   * its contact target): with `rescheduled`, the day its reminders are for. */
  calendarMoves?: number;
  /** Each Edit task: by whom, when, which fields changed and who held the people fields before
   * (the old wording is not kept: it is erased with the task's words). */
  edits?: TaskEdit[];
  createdAt: Date;
  /**
   * How the customer's primary contact wants to be reached (their name and preferred channel, as
   * typed), read from the customer when the task is shown (TaskService.withReach): never stored
   * on the task, so it follows the customer's file. `channel` as every reader may see it (the
   * phones and emails typed into it masked, as the customer's card masks them); `clear` as typed,
   * when that differs, for a reader who may see the customer's personal data (reachFor in
   * src/task/types.ts). `type`: the Done form's way of contact that channel names, when it names
   * one.
   */
  reach?: { contact: string; channel: string; clear?: string; type?: InteractionType };
  /**
   * Who owns the task's customer now, read with `reach` (TaskService.withReach; never stored):
   * whether a DM's reader may see the phones and emails typed into its outcome in clear.
   */
  customerOwnerId?: string;
}

/** What Edit task may change: on a task made by hand all of them, on one the desk planned who
 * does it and who helps (its kind, wording and due date are the desk's). */
export const EDIT_FIELDS = ['assigneeId', 'helperId', 'approverId', 'dueDate', 'content'] as const;
export type EditField = (typeof EDIT_FIELDS)[number];
export const BUILT_IN_EDIT_FIELDS: readonly EditField[] = ['assigneeId', 'helperId'];

/** One Edit task, as kept on the task. */
export interface TaskEdit {
  by: string;
  at: Date;
  fields: EditField[];
  /**
   * Who did, helped with and signed off the task before (the ones that changed; absent when
   * none of them had one: an empty object is not stored).
   */
  before?: { assigneeId?: string; helperId?: string; approverId?: string };
}

/** An Edit task as its modal gives it: the fields it shows (a built-in task: people only). */
export interface TaskEditInput {
  assigneeId: string;
  helperId?: string;
  approverId?: string;
  dueDate?: string;
  content?: string;
  /**
   * The values the modal showed when it opened (`editShown`): only the fields changed from them
   * are written. Absent: the task as the edit reads it (a caller that just read it).
   */
  shown?: TaskEditShown;
}

/**
 * What an Edit task modal showed when it opened: the editable fields' values, the words as a
 * digest (`contentDigest`), so that the modal's metadata stays small whatever they are.
 */
export interface TaskEditShown {
  assigneeId?: string;
  helperId?: string;
  approverId?: string;
  dueDate?: string;
  contentDigest?: string;
}

/** Whether Edit task sees a task as the desk's (planned by the desk, not by a person). */
export function editableFields(task: Pick<TaskRecord, 'createdBy'>): readonly EditField[] {
  return madeByHand(task) ? EDIT_FIELDS : BUILT_IN_EDIT_FIELDS;
}

/** Whether a person handed the task to another executor with Edit task: it stays theirs. */
export function handedOver(task: Pick<TaskRecord, 'edits'>): boolean {
  return !!task.edits?.some((e) => e.fields.includes('assigneeId'));
}

/**
 * Whether the customer's owner takes the task over from whoever does it now: an owner's task
 * (`ownersTask`) no person handed to its executor (Edit task). The daily planning gives it to a
 * new owner of the customer; a hand-over of the customer, at once.
 */
export function followsOwner(
  task: Pick<TaskRecord, 'kind' | 'createdBy' | 'edits' | 'assigneeId'>,
  ownerId: string,
): boolean {
  return ownersTask(task) && !handedOver(task) && task.assigneeId !== ownerId;
}

/**
 * `followsOwner` for whom `ownerExecutor` names: also a task already with that executor whose
 * guest owner (`guestOwner`) is no longer the customer's (handed from one guest to another with
 * the same manager, or from a guest to that manager).
 */
export function followsOwnerExecutor(
  task: Pick<TaskRecord, 'kind' | 'createdBy' | 'edits' | 'assigneeId' | 'guestOwner'>,
  owners: { assigneeId: string; guestOwner?: string },
): boolean {
  return (
    followsOwner(task, owners.assigneeId) ||
    (ownersTask(task) && !handedOver(task) && task.guestOwner !== owners.guestOwner)
  );
}

export type NewTask = Omit<
  TaskRecord,
  'createdAt' | 'status' | 'reminders' | 'rescheduled' | 'edits'
> & {
  /**
   * The customer's revision its `customerName` was read at (stored, not part of the record): a
   * late write of an earlier rename never changes a task planned under a later name.
   */
  customerNameRevision?: number;
  /**
   * The words of `content` around the customer's name in it (a greeting for a customer with no
   * contacts names the customer): a rename's copy writes the new name there too (stored, not
   * part of the record; dropped when the content is edited).
   */
  contentAround?: [string, string];
};
/**
 * A DM a person's change of a task owes (its executor told of a task planned or moved by someone
 * else, its approver told it was planned or done, the owner's managers told of a low survey):
 * written on the task in the same update as the change, so a process that dies before the DM is
 * in the outbox loses none; the `outbox` job writes what is missing (under the same keys) and
 * takes it off (TaskFlows.repairNotices). `at`: when the change was made.
 */
export type TaskNotice =
  /** `managers`: an upgrade intent's hand-off whose customer's owner `ownerId` held no desk
   * role: each of these managers is owed the signal DM (CustomerFlows.recordUpgradeIntent). */
  | { what: 'planned'; by: string; at: Date; managers?: string[]; ownerId?: string }
  | { what: 'moved'; by: string; at: Date; from: string; to: string }
  /** `contact`: a low survey's contact as typed (TaskOutcome.typedContact), for the managers'
   * DM; erased with the customer (DataSubjectRepository.scrubEverywhere). `managers`: a low
   * survey's managers told (TaskOutcome.surveyManagers), read at its Done: the DM at once and
   * its repair go to the same ones, once (a repair that finds none of them told reads them again:
   * TaskFlows.repairNotices). */
  | { what: 'done'; by: string; at: Date; contact?: string; managers?: string[] }
  /** Edit task: `edit` is the edit's number on the task (1 for its first, `edits[0]`). */
  | { what: 'edited'; by: string; at: Date; edit: number }
  /** Cancel task by a person (`by`): its executor, approver and helper told who and why. */
  | { what: 'cancelled'; by: string; at: Date }
  /** A complaint's contact tried and not reached ("Tried, could not reach") by someone other
   * than its executor (`by`): its executor told who tried, how (`via`) and when (`tried`); the
   * task stays theirs. */
  | { what: 'attempt'; by: string; at: Date; via: InteractionType; tried: Date }
  /** A ticket's low-score follow-up (`recovery`): the managers' notice of the low score, owed
   * from its insert (by the desk). `call`: the 3-7-30 call (task id) whose score it was; absent,
   * the requester's survey answer. What it says is read from there, never copied here. */
  | { what: 'lowScore'; by: string; at: Date; call?: string };

/**
 * The interaction a Done owes the customer's file, recorded on the task in the Done's own write
 * and taken off once logged (TaskService.logDone): a failure after the Done (or a process that
 * dies) leaves it for the outbox job's repair (TaskFlows.repairDone), which logs it once (keyed
 * by the task). The rest of it is the task's outcome. `at`: the Done's time; `by`: who did it;
 * `date`: the day it happened. The next step lives here only until it is on the interaction.
 */
export interface InteractionOwed {
  at: Date;
  by: string;
  date: string;
  nextStep?: string;
  nextStepDate?: string;
  nextStepApproverId?: string;
}

/** The kinds a person plans by hand (`/task new`, the card's New task): manual C's task types. */
export const MANUAL_TASK_KINDS = ['call', 'visit', 'issue', 'needs', 'other'] as const;
export type ManualTaskKind = (typeof MANUAL_TASK_KINDS)[number];

/** A task planned by hand, as its modal gives it. */
export interface ManualTaskInput {
  customerCode: string;
  kind: ManualTaskKind;
  /** The executor (负责人). */
  assigneeId: string;
  helperId?: string;
  /** Who signs it off (审批人). */
  approverId?: string;
  dueDate: string;
  content: string;
  /**
   * The ticket it follows up (New task from a ticket card's menu): linked to it (its card, its
   * number on the task's rows), the ticket's customer's. Its reopen or merge leaves it open: a
   * person planned it (only the desk's own follow-ups are cancelled then).
   */
  ticketNumber?: string;
  /** The modal submission: the same submission twice makes one task. */
  submissionId: string;
}

export type ReminderKind = 'early' | 'due';

/**
 * Whether Change due date may move a task: not a complaint's contact, whose due time is the
 * complaint's contact target (TaskService.forReschedule refuses it; its buttons are not shown).
 */
export function reschedulable(task: Pick<TaskRecord, 'kind'>): boolean {
  return task.kind !== 'complaint_contact';
}

/**
 * Whether Cancel task may close a task: not a complaint's contact, whose Done is the only record
 * of the complaint's contact (TaskService.forCancel refuses it; its button is not shown). A merge
 * still cancels it (cancelForMerge).
 */
export function cancellable(task: Pick<TaskRecord, 'kind'>): boolean {
  return task.kind !== 'complaint_contact';
}

/** The natural key of a complaint's contact task (the account manager's DM's Done names it). */
export function complaintContactTaskId(ticket: { teamId: string; number: string }): string {
  return `${ticket.teamId}:complaint_contact:${ticket.number}`;
}

/** Where a page of tasks starts or ends: a row's sort key, its due date and id. */
export interface TaskPageKey {
  dueDate: string;
  id: string;
}

/** How many of a task id's first characters its digest keeps (`taskIdDigest`): within a row's
 * block id (`MINE_KEY_ID_MAX`, 216, less the `#`, the hash and the `:`). */
export const TASK_ID_DIGEST_PREFIX = 192;

/**
 * A task id in short: `#`, 22 characters of its SHA-256 (base64url), `:` and the id's first
 * `TASK_ID_DIGEST_PREFIX` characters, the same for the same id. Where a page key must fit a small
 * place (a row's block id, Slack's 255 characters) it stands for the id, found again by those
 * first characters, one read of the tasks whose id starts so (TaskRepository.openPage). No task
 * id starts with `#` (each starts with its team's).
 */
export function taskIdDigest(id: string): string {
  return `${taskIdHash(id)}:${id.slice(0, TASK_ID_DIGEST_PREFIX)}`;
}

/** The `#` and hash part of a `taskIdDigest` (all a digest written before the id's first
 * characters were kept says). */
export function taskIdHash(id: string): string {
  return `#${createHash('sha256').update(id).digest('base64url').slice(0, 22)}`;
}

/** Whether a page key's id is a `taskIdDigest` (or an older one, the hash alone), not an id. */
export function isTaskIdDigest(id: string): boolean {
  return /^#[\w-]{22}(?::|$)/.test(id);
}

/** A page of tasks, how many there are, and how many come before it. */
export interface TaskPage {
  items: TaskRecord[];
  total: number;
  before: number;
}

/**
 * "Sun Hui prefers email" (`task.prefers`), the name and channel clipped, as every task's words
 * say it (reachText in src/ui/task.ts): also what an erasure looks for in the DMs the outbox
 * holds rendered (DataSubjectService.erase).
 */
export function reachPhrase(t: Translate, contact: string, channel: string) {
  return t('task.prefers', { contact: clip(contact, 60), channel: clip(channel, 40) });
}

/**
 * `task` with its `reach` as a reader sees it (TaskService.withReach): the phones and emails
 * typed into the preferred channel in clear only when `clear` (the reader may see the
 * customer's personal data: `customer.seeContacts`, as customerView), else masked. A message
 * read by several people or posted to a channel keeps the masked channel.
 */
export function reachFor<T extends TaskRecord>(task: T, clear: boolean): T {
  const reach = task.reach;
  if (!reach?.clear) return task;
  const { clear: typed, ...rest } = reach;
  return { ...task, reach: clear ? { ...rest, channel: typed } : rest };
}
