import type { Button, ModalView } from '@slack/types';
import { CHURN_REASONS, INTERACTION_TYPES } from '../customer/types.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import { maskFreeText } from '../privacy/free-text.js';
import {
  asksScores,
  cancellable,
  closableNotReached,
  CONTACT_OUTCOMES,
  editableFields,
  MANUAL_TASK_KINDS,
  reachPhrase,
  reschedulable,
  taskIdDigest,
  type EditField,
  type TaskRecord,
} from '../task/types.js';
import { daysBetween } from '../time.js';
import {
  actions,
  button,
  context,
  listText,
  markdown,
  overflow,
  plain,
  textMessage,
  type Block,
  type Message,
} from './blocks.js';
import { nextStepInputs } from './customer.js';
import { CUSTOMER, TASK } from './ids.js';
import {
  dateInput,
  formModal,
  inputBlock,
  option,
  options,
  selectInput,
  textInput,
} from './inputs.js';
import { clip } from '../text/clip.js';
import { zoneName } from './format.js';
import {
  clipMrkdwn,
  escape,
  escapeClipped,
  join,
  keep,
  link,
  md,
  mention,
  withoutFullStop,
  type Mrkdwn,
} from './text.js';

/** Tasks listed in one message; the rest are counted ("and N more"). */
const LIST_MAX = 20;

/**
 * "Revisit · Acme Ltd (C2026001) · T2026004": what a task is about, in one line; the ticket's
 * number links to its card when `links` (ticket id -> card link) has it.
 */
export function taskTitle(
  t: Translate,
  task: Pick<
    TaskRecord,
    'kind' | 'customerName' | 'customerCode' | 'ticketId' | 'ticketNumber' | 'alsoTickets'
  >,
  links: ReadonlyMap<string, string> = new Map(),
): Mrkdwn {
  const about = t('customer.nameCode', {
    name: keep(escapeClipped(task.customerName, 60)),
    code: task.customerCode,
  });
  const url = task.ticketId ? links.get(task.ticketId) : undefined;
  const number = escape(task.ticketNumber ?? '');
  const ticket = task.ticketNumber ? md` · ${url ? link(url, number) : number}` : escape('');
  // A guide or check-in covering the customer's other tickets resolved meanwhile: named, in the
  // reader's list words (、 in Chinese).
  const also = task.alsoTickets?.length
    ? md` ${t('task.alsoTickets', { numbers: task.alsoTickets.join(t.plain('common.listSeparator')) })}`
    : escape('');
  return md`*${t(`task.kind.${task.kind}`)}* · ${about}${ticket}${also}`;
}

/**
 * What to do: the task's own words when it has them, else its kind's; a clause of the rows that
 * join it with " · " (its due date, who helps), so said without its closing full stop. `own`:
 * read by its executor (their reminders, `/task mine`, their Home's rows), told it is theirs.
 */
export function whatText(t: Translate, task: TaskRecord, own = false): Mrkdwn {
  const what = withoutFullStop(
    task.content ? escapeClipped(task.content, 300) : t(`task.what.${task.kind}`),
  );
  const reach = reachText(t, task);
  // Planned for a guest owner, done by their manager: said why it is theirs (to anyone else,
  // that the owner is a guest: "yours" beside "done by @…" would be wrong).
  const guest = task.guestOwner
    ? t(own ? 'task.people.guestOwner' : 'task.people.guestOwnerFor', { user: task.guestOwner })
    : undefined;
  const said = guest ? md`${what} · ${guest}` : what;
  return reach ? md`${said} · ${reach}` : said;
}

/**
 * How the primary contact wants to be reached, when it is known (TaskService.withReach): "Sun Hui
 * prefers email", the name and channel as typed, escaped by the catalogue.
 */
function reachText(t: Translate, task: TaskRecord): Mrkdwn | undefined {
  return task.reach ? reachPhrase(t, task.reach.contact, task.reach.channel) : undefined;
}

/**
 * Who else is on a task, for its rows and DMs: " · helped by @a · signed off by @b" (nothing when
 * nobody helps or signs it off).
 */
export function peopleText(
  t: Translate,
  task: Pick<TaskRecord, 'helperId' | 'approverId'>,
): Mrkdwn {
  const parts: Mrkdwn[] = [];
  if (task.helperId) parts.push(t('task.people.helper', { user: task.helperId }));
  if (task.approverId) parts.push(t('task.people.approver', { user: task.approverId }));
  return parts.length ? md` · ${join(parts, ' · ')}` : escape('');
}

/**
 * Who planned a task by hand for someone else, for its executor's DMs and rows, and the DMs
 * that make someone its helper or approver: " · planned by @a" (nothing for a task its executor
 * planned, or the desk did, nor for someone the text already names or who reads it: `named`, as
 * who handed it over).
 */
export function plannerText(
  t: Translate,
  task: Pick<TaskRecord, 'createdBy' | 'assigneeId'>,
  named: readonly (string | undefined)[] = [],
): Mrkdwn {
  const planner = plannerToName(task, named);
  return planner ? md` · ${t('task.people.planner', { user: planner })}` : escape('');
}

/** Who `plannerText` names, by its rule; undefined when nobody. */
function plannerToName(
  task: Pick<TaskRecord, 'createdBy' | 'assigneeId'>,
  named: readonly (string | undefined)[],
): string | undefined {
  return task.createdBy && task.createdBy !== task.assigneeId && !named.includes(task.createdBy)
    ? task.createdBy
    : undefined;
}

/** "due 2026-11-27 (in 3 days)", "due today", "due 2026-11-20 (4 days late)". */
export function dueText(t: Translate, task: TaskRecord, today: string): Mrkdwn {
  const left = daysBetween(today, task.dueDate);
  if (left === 0) return t('task.dueToday');
  if (left > 0) return t('task.dueIn', { date: task.dueDate, days: left });
  return t('task.dueLate', { date: task.dueDate, days: -left });
}

/**
 * The head of a task's modal (Done, Change due date, Cancel, Edit): its title, then what to do
 * (its executor, `reader`, told it is theirs) and when it is due.
 */
function taskModalHead(t: Translate, task: TaskRecord, today: string, reader?: string): Block[] {
  return [
    markdown(taskTitle(t, task)),
    context(md`${whatText(t, task, reader === task.assigneeId)} · ${dueText(t, task, today)}`),
  ];
}

/**
 * What a task's buttons offer the person reading them: Done, Change due date and Edit task, each
 * only when TaskService lets that person do it (the notifier works it out per recipient).
 */
export interface TaskVerbs {
  done: boolean;
  due: boolean;
  edit: boolean;
  /** Cancel task…: cancel it as not needed, or close it as "customer not reached". */
  cancel?: boolean;
}

/**
 * What its executor may do to a task: everything, but move a complaint's contact; cancel it only
 * as "customer not reached", on a task whose outcome is the customer's answer.
 */
export function executorVerbs(task: Pick<TaskRecord, 'kind'>): TaskVerbs {
  return { done: true, due: reschedulable(task), edit: true, cancel: closableNotReached(task) };
}

/** The Change due date, Edit task and Cancel task buttons `verbs` allows, in that order. */
function verbButtons(t: Translate, task: TaskRecord, verbs: TaskVerbs): Button[] {
  return [
    ...(verbs.due
      ? [button({ actionId: TASK.dueOpen, value: task.id, text: t.plain('task.due.button') })]
      : []),
    ...(verbs.edit
      ? [button({ actionId: TASK.editOpen, value: task.id, text: t.plain('task.edit.button') })]
      : []),
    ...(verbs.cancel
      ? [
          button({
            actionId: TASK.cancelOpen,
            value: task.id,
            text: t.plain('task.cancel.button'),
          }),
        ]
      : []),
  ];
}

/** A task's Done button. */
function doneButton(t: Translate, task: TaskRecord, primary = false): Button {
  return button({
    actionId: TASK.doneOpen,
    value: task.id,
    text: t.plain('task.done.button'),
    ...(primary ? { style: 'primary' as const } : {}),
  });
}

/**
 * A task as a row with its buttons: its text with Done beside it, and Change due date and Edit
 * task under it (`index`: the row's place in its message or view, for a block id of its own);
 * those `verbs` allows (its executor's by default: a complaint's contact is not moved).
 */
export function taskRow(
  t: Translate,
  task: TaskRecord,
  text: Mrkdwn,
  index: number,
  primary = true,
  verbs: TaskVerbs = executorVerbs(task),
): Block[] {
  const more = verbButtons(t, task, verbs);
  return [
    verbs.done ? markdown(text, doneButton(t, task, primary)) : markdown(text),
    ...(more.length ? [actions(`task_row_${index}`, more)] : []),
  ];
}

/**
 * The DM reminding an executor of their tasks, each with a Done button (the caller splits more
 * than fit one message: `part` of the DMs about `total` tasks).
 */
export function taskReminder(
  t: Translate,
  tasks: TaskRecord[],
  today: string,
  of: { part: number; total: number } = { part: 1, total: tasks.length },
  links: ReadonlyMap<string, string> = new Map(),
): Message {
  const heading =
    of.part === 1
      ? t('task.reminder.header', { count: of.total })
      : t('task.reminder.continued', { count: of.total });
  const blocks: Block[] = [markdown(md`*${heading}*`)];
  const lines: Mrkdwn[] = [];
  for (const [i, task] of tasks.entries()) {
    const due = dueText(t, task, today);
    // Who planned it for them, when someone else did: the executor knows whom to ask.
    const planner = plannerText(t, task);
    // The notification's line: when it is due before the task's (maybe long) own words.
    lines.push(md`${taskTitle(t, task, links)} · ${due}${planner} · ${whatText(t, task, true)}`);
    blocks.push(
      ...taskRow(
        t,
        task,
        md`${taskTitle(t, task, links)}\n${whatText(t, task, true)} · ${due}${planner}${peopleText(t, task)}`,
        i,
      ),
    );
  }
  // The notification names the tasks and when they are due, not only how many there are.
  return { text: listText(heading, lines), blocks };
}

/** What a task row's menu does: complete it, change its due date, edit it, or cancel it. */
export type RowMenuVerb = 'done' | 'due' | 'edit' | 'cancel';

/** Slack's longest overflow option value. */
const OPTION_VALUE_MAX = 75;

/**
 * A task row's menu choice as its value: the verb and the task id without its team (the team
 * is the clicker's): `due:greeting:<customer>:<day>:<date>`, within Slack's 75 characters.
 * Undefined when it would not fit.
 */
export function rowMenuValue(verb: RowMenuVerb, task: Pick<TaskRecord, 'id' | 'teamId'>) {
  const prefix = `${task.teamId}:`;
  if (!task.id.startsWith(prefix)) return undefined;
  const value = `${verb}:${task.id.slice(prefix.length)}`;
  return value.length <= OPTION_VALUE_MAX ? value : undefined;
}

/** A row menu's value read back (`teamId`: the clicker's): the verb and the task id. */
export function readRowMenuValue(
  value: string,
  teamId: string,
): { verb: RowMenuVerb; taskId: string } | null {
  const at = value.indexOf(':');
  const verb = value.slice(0, at);
  if (at < 1 || (verb !== 'done' && verb !== 'due' && verb !== 'edit' && verb !== 'cancel'))
    return null;
  return { verb, taskId: `${teamId}:${value.slice(at + 1)}` };
}

/**
 * A greeting row's accessory: a menu with Done, Change due date and Edit task (one block a row, so the
 * DM's 40 rows stay within Slack's 50 blocks), or the Done button alone when its id is too
 * long for a menu's value.
 */
function greetingAccessory(t: Translate, task: TaskRecord) {
  const done = rowMenuValue('done', task);
  const due = rowMenuValue('due', task);
  const edit = rowMenuValue('edit', task);
  if (!done || !due || !edit)
    return button({
      actionId: TASK.doneOpen,
      value: task.id,
      text: t.plain('task.done.button'),
      style: 'primary',
    });
  return overflow(TASK.rowMenu, [
    { text: t.plain('task.done.button'), value: done },
    { text: t.plain('task.due.button'), value: due },
    { text: t.plain('task.edit.button'), value: edit },
  ]);
}

/**
 * A row's menu for whoever oversees the task (a manager's overdue list, `/task team`): Done,
 * Change due date (not a complaint's contact), Edit task and Cancel task… (not a complaint's
 * contact), each checked as its button is when chosen; the Done button alone when the task's id
 * is too long for a menu's value. One block a row: a list of 20 stays within Slack's 50.
 */
function overseerAccessory(t: Translate, task: TaskRecord, noCancel = false) {
  const done = rowMenuValue('done', task);
  const due = reschedulable(task) ? rowMenuValue('due', task) : undefined;
  const edit = rowMenuValue('edit', task);
  const cancel = cancellable(task) && !noCancel ? rowMenuValue('cancel', task) : undefined;
  if (
    !done ||
    !edit ||
    (reschedulable(task) && !due) ||
    (cancellable(task) && !noCancel && !cancel)
  )
    return doneButton(t, task);
  return overflow(TASK.rowMenu, [
    { text: t.plain('task.done.button'), value: done },
    ...(due ? [{ text: t.plain('task.due.button'), value: due }] : []),
    { text: t.plain('task.edit.button'), value: edit },
    ...(cancel ? [{ text: t.plain('task.cancel.button'), value: cancel }] : []),
  ]);
}

/** The rows an owner's greetings DM shows (the first, in holiday order; the rest counted). */
const GREETING_ROWS = 40;

/** The tasks an owner's greetings DM shows (`greetingList`'s rows): what it names. */
export function greetingListShown(holidays: { tasks: TaskRecord[] }[]): TaskRecord[] {
  return holidays.flatMap((h) => h.tasks).slice(0, GREETING_ROWS);
}

/**
 * An owner's holiday greetings of the day, one DM: per holiday, the customers to greet with
 * the contacts named and a menu each with Done and Change due date (the rest counted).
 */
export function greetingList(
  t: Translate,
  holidays: { holiday: string; date: string; tasks: TaskRecord[] }[],
  today: string,
): Message {
  let shown = 0;
  return greetingListOf(
    t,
    holidays.map(({ holiday, date, tasks }) => ({
      holiday,
      date,
      count: tasks.length,
      rows: tasks.flatMap((task) =>
        shown++ < GREETING_ROWS
          ? [
              markdown(
                md`${taskTitle(t, task)}\n${whatText(t, task, true)} · ${dueText(t, task, today)}`,
                greetingAccessory(t, task),
              ),
            ]
          : [],
      ),
    })),
  );
}

/** `greetingList` from its holidays' counts and the blocks of the rows it shows. */
function greetingListOf(
  t: Translate,
  holidays: { holiday: string; date: string; count: number; rows: Block[] }[],
): Message {
  const blocks: Block[] = [];
  const heads: Mrkdwn[] = [];
  for (const { holiday, date, count, rows } of holidays) {
    const head = t('greeting.header', { holiday, date, count });
    heads.push(head);
    blocks.push(markdown(md`*${head}*`), ...rows);
  }
  const total = holidays.reduce((sum, h) => sum + h.count, 0);
  const shown = holidays.reduce((sum, h) => sum + h.rows.length, 0);
  if (total > shown) blocks.push(context(t('task.more', { count: total - shown })));
  return { text: join(heads, ' · '), blocks };
}

/**
 * What an owner's greetings DM (`greetingList`) lists, line by line: per holiday, each greeting's
 * task and customer, in order, and how many of them it shows (the first `shown`, all holidays
 * together; the rest counted). Kept with the DM so that its delivery can take out the lines of a
 * customer erased since (`greetingListWithout`), as the run's own check does before it.
 */
export interface GreetingLines {
  holidays: { holiday: string; date: string; lines: { taskId: string; customerId: string }[] }[];
  shown: number;
}

/** `greetingList`'s lines (GreetingLines), of the same holidays. */
export function greetingLinesOf(
  holidays: { holiday: string; date: string; tasks: TaskRecord[] }[],
): GreetingLines {
  return {
    holidays: holidays.map(({ holiday, date, tasks }) => ({
      holiday,
      date,
      lines: tasks.map((task) => ({ taskId: task.id, customerId: task.customerId })),
    })),
    shown: greetingListShown(holidays).length,
  };
}

/**
 * A greetings DM (`message` as `greetingList` drew it, its `lines`) without the lines of the
 * customers `gone`: the rows kept as drawn, the holidays' counts and the rest's said again (a
 * holiday left with none, left out). Null when no line is left, or the message is not as its
 * lines say (taken back whole, as before).
 */
export function greetingListWithout(
  t: Translate,
  message: Partial<Message>,
  lines: GreetingLines,
  gone: ReadonlySet<string>,
): {
  message: Message;
  lines: GreetingLines;
  shown: { taskId: string; customerId: string }[];
} | null {
  const blocks = message.blocks ?? [];
  let at = 0;
  let budget = lines.shown;
  const holidays: { holiday: string; date: string; count: number; rows: Block[] }[] = [];
  const kept: GreetingLines['holidays'] = [];
  const shown: { taskId: string; customerId: string }[] = [];
  let keptShown = 0;
  for (const { holiday, date, lines: rows } of lines.holidays) {
    at++; // its header
    const drawn: Block[] = [];
    const left: typeof rows = [];
    for (const line of rows) {
      const block = budget > 0 ? blocks[at++] : undefined;
      if (budget > 0 && !block) return null;
      budget--;
      if (gone.has(line.customerId)) continue;
      left.push(line);
      if (block) {
        drawn.push(block);
        shown.push(line);
        keptShown++;
      }
    }
    if (!left.length) continue;
    holidays.push({ holiday, date, count: left.length, rows: drawn });
    kept.push({ holiday, date, lines: left });
  }
  const more = lines.holidays.reduce((n, h) => n + h.lines.length, 0) > lines.shown ? 1 : 0;
  if (at + more !== blocks.length || !kept.length) return null;
  return {
    message: greetingListOf(t, holidays),
    lines: { holidays: kept, shown: keptShown },
    shown,
  };
}

/** Tasks on a page of `/task mine` (and of `/task mine approve`). */
export const MINE_PAGE_SIZE = LIST_MAX;

/** Tasks to approve listed under `/task mine`'s own (first page): one block each, in the 50. */
export const APPROVE_ROWS = 5;

/**
 * Which list a page is of: the caller's open tasks, those they sign off (`/task mine approve`),
 * or their team's (`/task team`, a manager's).
 */
export type MineList = 'mine' | 'approve' | 'team';

/** A page of a list: its rows, how many there are, and how many come before it. */
export interface MinePage {
  items: TaskRecord[];
  total: number;
  before: number;
  /** `/task team` to a staff member while nobody stands in: the held tasks only (`heldOwners`). */
  held?: true;
}

/** Slack's longest action value. */
const ACTION_VALUE_MAX = 2000;

/**
 * Previous / Next's value: the list and the row the page turns from (Next: the page's last row,
 * Previous: its first), its due date and id: `mine|2026-11-25|T…:manual:V…`. The next page is
 * read from that row, not from a place in the list, so a task done meanwhile skips none.
 * Undefined when it would not fit Slack's 2,000 characters (the button is left off).
 */
export function minePageValue(list: MineList, task: Pick<TaskRecord, 'dueDate' | 'id'>) {
  const value = `${list}|${task.dueDate}|${task.id}`;
  return value.length <= ACTION_VALUE_MAX ? value : undefined;
}

/** Where a page of a list was read from: the start, after a row (Next) or before one (Previous). */
export interface MinePageAt {
  after?: Pick<TaskRecord, 'dueDate' | 'id'>;
  before?: Pick<TaskRecord, 'dueDate' | 'id'>;
}

/** A page of a list as it was drawn: which list, and where it was read from. */
export interface MinePageRef {
  list: MineList;
  at: MinePageAt;
}

/** Slack's longest block id. */
const BLOCK_ID_MAX = 255;

/**
 * The longest task id a row's block id says as it is, after its longest prefix
 * (`task_mine_49|approve|before|<due>|`): the builder (`withPage`) says a longer one by its
 * digest and the parser (`MINE_ROW`) reads none longer, so every row's block id is read back.
 */
const MINE_KEY_ID_MAX = BLOCK_ID_MAX - 'task_mine_49|approve|before|0000-00-00|'.length;

/** A list row's block id: `task_mine_<n>|` and where its page was read from. */
const MINE_ROW = new RegExp(
  `^task_mine_\\d{1,2}\\|(mine|approve|team)(?:\\|(after|before)\\|(\\d{4}-\\d{2}-\\d{2})\\|(.{1,${MINE_KEY_ID_MAX}}))?$`,
  's',
);

/**
 * The page a Done button (or a `/task team` row's Done, Cancel task…) was clicked on, read from
 * its row's block id (`task_mine_3|mine`, `task_mine_0|approve|after|2026-11-25|T…:manual:V…`,
 * `task_mine_2|team`); undefined for one anywhere else (a reminder, App Home, a DM). Only where
 * the clicker's own list is read from: the read is theirs.
 */
export function minePageOfRow(blockId: string | undefined): MinePageRef | undefined {
  const m = blockId ? MINE_ROW.exec(blockId) : null;
  if (!m) return undefined;
  const [, list, side, dueDate, id] = m as unknown as [string, MineList, string?, string?, string?];
  return {
    list,
    at: side && dueDate && id ? { [side as 'after' | 'before']: { dueDate, id } } : {},
  };
}

/** `minePageOfRow`'s reference as a string (a modal's metadata carries it), and back. */
export function minePageRefText(ref: MinePageRef): string {
  const side = ref.at.after ? 'after' : ref.at.before ? 'before' : undefined;
  const key = ref.at.after ?? ref.at.before;
  return side && key ? `${ref.list}|${side}|${key.dueDate}|${key.id}` : ref.list;
}

export function readMinePageRef(text: string | undefined): MinePageRef | undefined {
  return text === undefined ? undefined : minePageOfRow(`task_mine_0|${text}`);
}

/** `ref` with its key's id as its digest (`taskIdDigest`): short, for a block id. */
function digested(ref: MinePageRef): MinePageRef {
  const side = ref.at.after ? 'after' : ref.at.before ? 'before' : undefined;
  const key = ref.at.after ?? ref.at.before;
  if (!side || !key) return ref;
  return { list: ref.list, at: { [side]: { dueDate: key.dueDate, id: taskIdDigest(key.id) } } };
}

/**
 * A page of a list with each Done row saying where the page was read from (its block id: a
 * Done clicked there redraws that page in place), within Slack's 255 characters: a key whose
 * task id is longer than `MINE_KEY_ID_MAX` is said by the id's digest (found again when the
 * page is read). `notice` (what a Done just did) opens the
 * message, in its first block (a page is up to Slack's 50 blocks already).
 */
function withPage(
  message: Message,
  ref: MinePageRef,
  notice: Mrkdwn | undefined,
  head: Mrkdwn,
): Message {
  // One form for every row of the page: the id as it is up to what the parser reads back.
  const key = ref.at.after ?? ref.at.before;
  const refText = minePageRefText(key && key.id.length > MINE_KEY_ID_MAX ? digested(ref) : ref);
  let n = 0;
  const blocks = message.blocks.map((block) => {
    const b = block as { type?: string; accessory?: { action_id?: string }; block_id?: string };
    const row = b.accessory?.action_id;
    // A `/task team` row's menu (the overseer's: Done, Cancel task…) says its page as Done does.
    const menu = ref.list === 'team' && row === TASK.rowMenu;
    if (b.type !== 'section' || (row !== TASK.doneOpen && !menu)) return block;
    const id = `task_mine_${n++}|${refText}`;
    return id.length <= BLOCK_ID_MAX ? ({ ...block, block_id: id } as Block) : block;
  });
  if (!notice) return { ...message, blocks };
  // The first block is the page's heading (`head`): the notice above it, in the same block.
  return {
    text: join([notice, message.text], '\n'),
    blocks: [markdown(join([notice, head], '\n\n')), ...blocks.slice(1)],
  };
}

/**
 * Where the page is ("21-40 of 45, due first") and Previous / Next (Previous on all but the first
 * page, Next on all but the last), each carrying the row it turns from.
 */
function pageNav(t: Translate, list: MineList, page: MinePage, shown: TaskRecord[]): Block[] {
  const { total, before } = page;
  const first = shown[0];
  const last = shown.at(-1);
  if (!first || !last || (before === 0 && total <= shown.length)) return [];
  const blocks: Block[] = [
    context(t('task.mine.page', { from: before + 1, to: before + shown.length, total })),
  ];
  const nav: Button[] = [];
  const previous = before > 0 ? minePageValue(list, first) : undefined;
  if (previous)
    nav.push(
      button({
        actionId: TASK.minePrevious,
        text: t.plain('task.mine.previous'),
        value: previous,
      }),
    );
  const next = before + shown.length < total ? minePageValue(list, last) : undefined;
  if (next)
    nav.push(
      button({
        actionId: TASK.minePage,
        text: t.plain('task.mine.next'),
        value: next,
        style: 'primary',
      }),
    );
  if (nav.length) blocks.push(actions('task_mine_nav', nav));
  return blocks;
}

/**
 * `/task mine`: a page of the caller's open tasks, due first, each with its Done button (a
 * ticket's number linked to its card when `links` has it); where the page is, and Previous /
 * Next (their value: the row the page turns from). The first page ends with the open tasks the
 * caller signs off ("To approve"), with Done, the rest counted and `/task mine approve` named:
 * at most 43 + 7 of Slack's 50 blocks.
 */
export function myTasks(
  t: Translate,
  page: MinePage,
  today: string,
  links: ReadonlyMap<string, string> = new Map(),
  approve: { items: TaskRecord[]; total: number } = { items: [], total: 0 },
  drawn: { at?: MinePageAt; notice?: Mrkdwn } = {},
  /** Whether the caller may plan a task by hand: none open, `/task new` is suggested only then. */
  mayPlan = true,
): Message {
  const { total, before } = page;
  const tasks = page.items.slice(0, MINE_PAGE_SIZE);
  const toApprove = before === 0 ? approveBlocks(t, approve, today, links) : [];
  if (!total) {
    const none = t(mayPlan ? 'task.mine.none' : 'task.mine.noneCannotPlan');
    return withPage(
      { text: none, blocks: [markdown(none), ...toApprove] },
      { list: 'mine', at: drawn.at ?? {} },
      drawn.notice,
      none,
    );
  }
  const heading = t('task.mine.header', { count: total });
  const blocks: Block[] = [markdown(md`*${heading}*`)];
  for (const [i, task] of tasks.entries()) {
    blocks.push(
      ...taskRow(
        t,
        task,
        md`${taskTitle(t, task, links)}\n${whatText(t, task, true)} · ${dueText(t, task, today)}${plannerText(t, task)}${peopleText(t, task)}`,
        i,
        false,
      ),
    );
  }
  return withPage(
    { text: heading, blocks: [...blocks, ...pageNav(t, 'mine', page, tasks), ...toApprove] },
    { list: 'mine', at: drawn.at ?? {} },
    drawn.notice,
    md`*${heading}*`,
  );
}

/**
 * `/task mine approve`: a page of the open tasks the caller signs off, due first, each with who
 * does it, when it is due, Done and Cancel task… (not on a complaint's contact); where the page
 * is, and Previous / Next as under `/task mine`.
 */
export function tasksToApprove(
  t: Translate,
  page: MinePage,
  today: string,
  links: ReadonlyMap<string, string> = new Map(),
  drawn: { at?: MinePageAt; notice?: Mrkdwn } = {},
): Message {
  return listPage(
    t,
    { list: 'approve', at: drawn.at ?? {} },
    page,
    drawn.notice,
    { none: 'task.approve.none', heading: 'task.mine.approveHeader' },
    (tasks, heading) => ({
      text: heading,
      rows: tasks.flatMap((task, index) => approveRow(t, task, today, links, { index })),
    }),
  );
}

/**
 * A page of `/task mine approve` or `/task team` (`ref`): `keys.none` alone when the list is
 * empty; else its heading (`keys.heading`, counting the list) over the page's rows (`draw`: the
 * message's notification text too), then where the page is and Previous / Next, `notice` (what
 * a Done just did) opening it (withPage).
 */
function listPage(
  t: Translate,
  ref: MinePageRef,
  page: MinePage,
  notice: Mrkdwn | undefined,
  keys: { none: MessageKey; heading: MessageKey },
  draw: (tasks: TaskRecord[], heading: Mrkdwn) => { text: Mrkdwn; rows: Block[] },
): Message {
  if (!page.total) {
    const none = t(keys.none);
    return withPage({ text: none, blocks: [markdown(none)] }, ref, notice, none);
  }
  const heading = t(keys.heading, { count: page.total });
  const tasks = page.items.slice(0, MINE_PAGE_SIZE);
  const { text, rows } = draw(tasks, heading);
  return withPage(
    {
      text,
      blocks: [markdown(md`*${heading}*`), ...rows, ...pageNav(t, ref.list, page, tasks)],
    },
    ref,
    notice,
    md`*${heading}*`,
  );
}

/**
 * A task someone signs off, as a row: who does it, when it is due, and Done; Cancel task… too
 * when its approver may cancel it (not a complaint's contact: cancellable): with `cancel`, under
 * it in the block `task_approve_<index>`; as `menu` (one block a row, App Home's budget), in a
 * menu with Done (Done alone when the task's id is too long for a menu's value).
 */
function approveRow(
  t: Translate,
  task: TaskRecord,
  today: string,
  links: ReadonlyMap<string, string>,
  cancel: { index: number } | 'menu' | undefined,
): Block[] {
  const text = md`${taskTitle(t, task, links)}\n${whatText(t, task)} · ${mention(task.assigneeId)} · ${dueText(t, task, today)}`;
  const done = button({
    actionId: TASK.doneOpen,
    value: task.id,
    text: t.plain('task.done.button'),
  });
  if (cancel === 'menu' && cancellable(task)) {
    const doneValue = rowMenuValue('done', task);
    const cancelValue = rowMenuValue('cancel', task);
    if (doneValue && cancelValue)
      return [
        markdown(
          text,
          overflow(TASK.rowMenu, [
            { text: t.plain('task.done.button'), value: doneValue },
            { text: t.plain('task.cancel.button'), value: cancelValue },
          ]),
        ),
      ];
  }
  const row = markdown(text, done);
  if (!cancel || cancel === 'menu' || !cancellable(task)) return [row];
  const verbs = { done: false, due: false, edit: false, cancel: true };
  return [row, actions(`task_approve_${cancel.index}`, verbButtons(t, task, verbs))];
}

/**
 * The open tasks someone signs off, under their heading ("To approve"), each a row with Done:
 * who does it and when it is due (`menu`, App Home: Done and Cancel task… in a menu); the rest
 * counted, saying that `/task mine approve` (which offers Cancel task… too) lists them all.
 * Nothing when there are none.
 */
export function approveBlocks(
  t: Translate,
  list: { items: TaskRecord[]; total: number },
  today: string,
  links: ReadonlyMap<string, string> = new Map(),
  heading: Mrkdwn = md`*${t('task.mine.approveHeader', { count: list.total })}*`,
  rows = APPROVE_ROWS,
  menu = false,
): Block[] {
  if (!list.total) return [];
  const shown = list.items.slice(0, rows);
  const blocks: Block[] = [markdown(heading)];
  for (const task of shown)
    blocks.push(...approveRow(t, task, today, links, menu ? 'menu' : undefined));
  if (list.total > shown.length)
    blocks.push(context(t('task.approve.more', { count: list.total - shown.length })));
  return blocks;
}

/**
 * The open tasks someone helps with (manual C's 协助人), under their heading, each a row: who
 * does it and when it is due, with Open customer (the executor completes it); the rest counted.
 * Nothing when there are none.
 */
export function helpingBlocks(
  t: Translate,
  list: { items: TaskRecord[]; total: number },
  today: string,
  links: ReadonlyMap<string, string>,
  heading: Mrkdwn,
  rows: number,
): Block[] {
  if (!list.total) return [];
  const shown = list.items.slice(0, rows);
  const blocks: Block[] = [markdown(heading)];
  for (const task of shown)
    blocks.push(
      markdown(
        md`${taskTitle(t, task, links)}\n${whatText(t, task)} · ${t('task.helping.doneBy', { executor: task.assigneeId })} · ${dueText(t, task, today)}`,
        customerButton(t, task),
      ),
    );
  if (list.total > shown.length)
    blocks.push(context(t('task.more', { count: list.total - shown.length })));
  return blocks;
}

/** The tasks an overdue list shows (`overdueList`'s lines, the rest counted): what it names. */
export function overdueListShown(tasks: TaskRecord[]): TaskRecord[] {
  return tasks.slice(0, LIST_MAX);
}

/**
 * An overdue list's line at most: its task's words (up to 300 characters escaped, which may
 * grow them) fit, and 20 lines with the heading stay within the 3,000 characters the message's
 * notification text is cut to (listText) as far as words of a normal length go.
 */
const OVERDUE_LINE_MAX = 700;

/**
 * The managers' daily list of overdue tasks, oldest first: each ends with the task's words and
 * how its customer's primary contact wants to be reached, when known (its reminder's words do
 * too), and has a menu
 * (Done, Change due date, Edit task, Cancel task…: `overseerAccessory`); the first 20, one block
 * each, the rest counted with `/task team` named (which lists them all).
 */
export function overdueList(
  t: Translate,
  tasks: TaskRecord[],
  today: string,
  links: ReadonlyMap<string, string> = new Map(),
): Message {
  const heading = t('task.overdue.header', { count: tasks.length });
  const shown = overdueListShown(tasks);
  const lines = shown.map((task) => {
    // Its words last (escaped and cut by whatText), with how the contact wants to be reached.
    return clipMrkdwn(
      md`• ${taskTitle(t, task, links)} · ${mention(task.assigneeId)} · ${dueText(t, task, today)} · ${whatText(t, task)}`,
      OVERDUE_LINE_MAX,
    );
  });
  const hidden = tasks.length - lines.length;
  const more = hidden ? t('task.overdue.more', { count: hidden }) : undefined;
  return {
    text: listText(heading, lines, more),
    blocks: [
      markdown(md`*${heading}*`),
      ...shown.map((task, i) => markdown(lines[i]!, overseerAccessory(t, task))),
      ...(more ? [context(more)] : []),
    ],
  };
}

/**
 * `/task team`: a page of the open tasks of the manager's team, due first (the overdue ones
 * first), each with what to do, who does it, when it is due and the overseer's menu (Done,
 * Change due date, Edit task, Cancel task…); where the page is, and Previous / Next as under
 * `/task mine`: at most 1 + 20 + 2 of Slack's 50 blocks.
 */
export function teamTasks(
  t: Translate,
  page: MinePage,
  today: string,
  links: ReadonlyMap<string, string> = new Map(),
  drawn: { at?: MinePageAt; notice?: Mrkdwn } = {},
): Message {
  // Each row's menu says where the page was read from: its Done or Cancel task… draws that page
  // again in place, `notice` (what it did) opening it.
  return listPage(
    t,
    { list: 'team', at: drawn.at ?? {} },
    page,
    drawn.notice,
    page.held
      ? { none: 'task.team.heldNone', heading: 'task.team.heldHeader' }
      : { none: 'task.team.none', heading: 'task.team.header' },
    (tasks, heading) => {
      const lines = tasks.map((task) =>
        clipMrkdwn(
          md`${taskTitle(t, task, links)}\n${whatText(t, task)} · ${mention(task.assigneeId)} · ${dueText(t, task, today)}${peopleText(t, task)}`,
          2900,
        ),
      );
      return {
        text: listText(heading, lines),
        // Held tasks: taken with Edit, done or moved; cancelled by the planner or an admin only.
        rows: tasks.map((task, i) => markdown(lines[i]!, overseerAccessory(t, task, !!page.held))),
      };
    },
  );
}

/** A low quarterly survey's answer as the managers' notice tells it. */
export interface SurveyLowAnswer {
  contact: string;
  satisfaction?: number | undefined;
  nps?: number | undefined;
  feedback?: string | undefined;
  /** who recorded it */
  by: string;
  /** the recovery call's due date, when one was planned */
  recoveryDue?: string | undefined;
  /** whose recovery call it is (the customer's owner); else the survey's executor */
  recoveryFor?: string | undefined;
}

/**
 * The managers' notice of a low quarterly satisfaction survey: the customer, the contact
 * surveyed, the scores, who recorded it, the recovery call planned (when it was), and the
 * feedback (masked; escaped, as every parameter, by the catalogue).
 */
export function surveyLowNotice(
  t: Translate,
  input: { task: Pick<TaskRecord, 'customerName' | 'assigneeId'> } & SurveyLowAnswer,
): Message {
  const lines = [
    t('task.surveyLow.notice', {
      customer: input.task.customerName,
      contact: input.contact || '-',
      satisfaction: input.satisfaction ?? '-',
      nps: input.nps ?? '-',
      by: input.by,
    }),
    ...(input.recoveryDue
      ? [
          t('task.surveyLow.recovery', {
            owner: input.recoveryFor ?? input.task.assigneeId,
            date: input.recoveryDue,
          }),
        ]
      : []),
    ...(input.feedback
      ? [t('task.surveyLow.feedback', { feedback: maskFreeText(input.feedback) })]
      : []),
  ];
  return textMessage(join(lines, '\n'));
}

/**
 * The Done modal: how the customer was reached and what came of it; satisfaction and NPS only
 * where the outcome is a customer's answer (`asksScores`: follow-ups, visits, surveys).
 */
export function taskDoneModal(
  t: Translate,
  task: TaskRecord,
  today: string,
  metadata: string,
  /** A complaint's contact: "when" defaults to now (HH:MM in the workspace's zone). */
  clock?: { time: string; timeZone: string },
  /** A quarterly satisfaction survey: the contacts it may ask (none on file: typed). */
  contacts: readonly { key: string; name: string }[] = [],
  /** Who opened it: its executor is told it is theirs (`whatText`). */
  reader?: string,
): ModalView {
  const revisit = task.kind === 'revisit';
  const contact = task.kind === 'complaint_contact';
  const survey = task.kind === 'survey';
  const scores = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => option(String(from + i), String(from + i)));
  const blocks: Block[] = [
    ...taskModalHead(t, task, today, reader),
    // Started from the primary contact's preferred channel when it names one of the types.
    selectInput(
      { block: 'type', label: t.plain('interaction.field.type') },
      options(t, INTERACTION_TYPES, 'interaction'),
      task.reach?.type ?? 'call',
    ),
  ];
  if (task.kind === 'winback') {
    blocks.push(
      selectInput(
        {
          block: 'churn_reason',
          label: t.plain('task.field.churnReason'),
          hint: t.plain('task.hint.churnReason'),
        },
        [
          option(t.plain('task.churnReason.staying'), 'staying'),
          ...options(t, CHURN_REASONS, 'churnReason'),
        ],
        undefined,
      ),
    );
  }
  if (revisit) {
    blocks.push(
      selectInput(
        { block: 'solved', label: t.plain('task.field.solved') },
        [option(t.plain('task.solved.yes'), 'yes'), option(t.plain('task.solved.no'), 'no')],
        undefined,
      ),
    );
  }
  // When it was done (today unless picked): a complaint's contact asks it with its time below.
  if (!contact)
    blocks.push(
      dateInput(
        { block: 'done_date', label: t.plain('task.field.doneDate'), optional: true },
        today,
      ),
    );
  if (contact)
    blocks.push(
      // Reached, or tried and not reached (an attempt: the task stays open). Asked, not assumed.
      inputBlock(
        { block: 'contact_outcome', label: t.plain('task.field.contactOutcome') },
        {
          type: 'radio_buttons',
          options: CONTACT_OUTCOMES.map((o) => option(t.plain(`task.contactOutcome.${o}`), o)),
        },
      ),
      dateInput({ block: 'contacted_date', label: t.plain('task.field.contactedDate') }, today),
      inputBlock(
        {
          block: 'contacted_time',
          label: t.plain('task.field.contactedTime', {
            timeZone: zoneName(t, clock?.timeZone ?? ''),
          }),
        },
        {
          type: 'timepicker',
          ...(clock ? { initial_time: clock.time, timezone: clock.timeZone } : {}),
        },
      ),
    );
  if (survey)
    blocks.push(
      contacts.length
        ? selectInput(
            { block: 'contact', label: t.plain('task.field.surveyContact') },
            contacts.slice(0, 100).map((c) => ({ text: plain(c.name, 75), value: c.key })),
            contacts.length === 1 ? contacts[0]!.key : undefined,
          )
        : textInput(
            {
              block: 'contact',
              label: t.plain('task.field.surveyContact'),
              hint: t.plain('task.hint.surveyContactTyped'),
            },
            undefined,
            { max: 200 },
          ),
    );
  // Scores only where the outcome is a customer's answer (not a greeting, a care call, a task
  // made by hand for a call or an issue, a complaint's contact).
  if (asksScores(task.kind))
    blocks.push(
      selectInput(
        {
          block: 'satisfaction',
          label: t.plain('task.field.satisfaction'),
          optional: !revisit && !survey,
          hint: t.plain('task.hint.satisfaction'),
        },
        // The survey's answer reads as the requester survey's buttons do ("Very satisfied").
        survey
          ? Array.from({ length: 5 }, (_, i) =>
              option(
                t.plain(`requester.survey.score${(5 - i) as 1 | 2 | 3 | 4 | 5}`),
                String(5 - i),
              ),
            )
          : scores(1, 5),
        undefined,
      ),
      selectInput(
        {
          block: 'nps',
          label: t.plain('task.field.nps'),
          optional: true,
          hint: t.plain('task.hint.nps'),
        },
        scores(0, 10),
        undefined,
      ),
    );
  // A survey's summary is written from its answers: no summary to type.
  if (!survey)
    blocks.push(
      textInput(
        {
          block: 'summary',
          label: t.plain('interaction.field.summary'),
          optional: revisit || task.kind === 'greeting',
          ...(revisit ? { hint: t.plain('task.hint.summary') } : {}),
        },
        undefined,
        { multiline: true, max: 2000 },
      ),
    );
  blocks.push(
    textInput(
      { block: 'feedback', label: t.plain('interaction.field.feedback'), optional: true },
      undefined,
      { multiline: true, max: 2000 },
    ),
    ...nextStepInputs(t),
  );
  return formModal(t, {
    callbackId: TASK.doneView,
    title: 'task.done.title',
    submit: 'task.done.submit',
    metadata,
    blocks,
  });
}

/** Change due date: the task, when it is due now, and a date picker (today or later). */
export function taskDueModal(
  t: Translate,
  task: TaskRecord,
  today: string,
  metadata: string,
  timeZone: string,
  /** Who opened it: its executor is told it is theirs (`whatText`). */
  reader?: string,
): ModalView {
  return formModal(t, {
    callbackId: TASK.dueView,
    title: 'task.due.title',
    submit: 'task.due.submit',
    metadata,
    blocks: [
      ...taskModalHead(t, task, today, reader),
      dateInput(
        {
          block: 'due',
          label: t.plain('task.due.field'),
          hint: t.plain('task.due.hint', { timeZone: zoneName(t, timeZone) }),
        },
        task.dueDate < today ? today : task.dueDate,
      ),
    ],
  });
}

/**
 * Cancel task: the task, what the person may do (`may`: cancel it as not needed, close it as
 * "customer not reached"; a choice when both) and why, in their words (required to cancel it,
 * optional when the customer was not reached). No interaction and no score are recorded.
 */
export function taskCancelModal(
  t: Translate,
  task: TaskRecord,
  today: string,
  metadata: string,
  may: { cancel: boolean; notReached: boolean },
  /** Who opened it: its executor is told it is theirs (`whatText`). */
  reader?: string,
): ModalView {
  const reasons = [
    ...(may.notReached ? [option(t.plain('task.cancel.reason.not_reached'), 'not_reached')] : []),
    ...(may.cancel ? [option(t.plain('task.cancel.reason.by_hand'), 'by_hand')] : []),
  ];
  return formModal(t, {
    callbackId: TASK.cancelView,
    title: 'task.cancel.title',
    submit: 'task.cancel.submit',
    metadata,
    blocks: [
      ...taskModalHead(t, task, today, reader),
      selectInput(
        { block: 'reason', label: t.plain('task.cancel.field.reason') },
        reasons,
        reasons.length === 1 ? reasons[0]!.value : undefined,
      ),
      textInput(
        {
          block: 'note',
          label: t.plain('task.cancel.field.note'),
          hint: t.plain('task.cancel.hint.note'),
          optional: true,
        },
        undefined,
        { multiline: true, max: 500 },
      ),
      context(t('task.cancel.nothingLogged')),
    ],
  });
}

/**
 * The DM of a task cancelled by someone else, to its executor, approver or helper (`role`): who
 * cancelled it and why, with Open customer. `masked`: the reader may not see the customer's
 * personal data, so the phones and emails typed into the reason are masked, as in the Done DMs.
 */
export function taskCancelled(
  t: Translate,
  task: TaskRecord,
  by: string,
  role: 'executor' | 'approver' | 'helper',
  masked: boolean,
): Message {
  const key =
    task.cancelReason === 'not_reached' ? 'task.cancel.told.notReached' : 'task.cancel.told.byHand';
  const head = t(key, { by, task: keep(taskTitle(t, task)), role, executor: task.assigneeId });
  const lines: Mrkdwn[] = [head];
  if (task.cancelNote) {
    const note = masked ? maskFreeText(task.cancelNote) : task.cancelNote;
    lines.push(t('task.cancel.told.note', { note: clip(note, 500) }));
  }
  lines.push(md`${whatText(t, task, role === 'executor')}${peopleText(t, task)}`);
  return {
    text: head,
    blocks: [
      markdown(clipMrkdwn(join(lines, '\n'), 2900)),
      actions('task_cancelled_actions', [customerButton(t, task)]),
    ],
  };
}

/**
 * Edit task: the task, and the fields it may change, filled as they are. A task made by hand:
 * who does it, who helps, who signs it off, the due date and what to do; one the desk planned:
 * who does it and who helps, with a line saying its kind, words and date are the desk's.
 */
export function taskEditModal(
  t: Translate,
  task: TaskRecord,
  today: string,
  metadata: string,
  /** Who opened it: its executor is told it is theirs (`whatText`). */
  reader?: string,
): ModalView {
  const fields = editableFields(task);
  const user = (id: string | undefined) => ({
    type: 'users_select',
    ...(id ? { initial_user: id } : {}),
  });
  const blocks = taskModalHead(t, task, today, reader);
  if (!fields.includes('content')) blocks.push(context(t('task.edit.builtIn')));
  blocks.push(
    inputBlock({ block: 'executor', label: t.plain('task.field.executor') }, user(task.assigneeId)),
    inputBlock(
      { block: 'helper', label: t.plain('task.field.helper'), optional: true },
      user(task.helperId),
    ),
  );
  if (fields.includes('approverId'))
    blocks.push(
      inputBlock(
        {
          block: 'approver',
          label: t.plain('task.field.approver'),
          hint: t.plain('task.hint.approver'),
          optional: true,
        },
        user(task.approverId),
      ),
    );
  if (fields.includes('dueDate'))
    blocks.push(dateInput({ block: 'due', label: t.plain('task.field.due') }, task.dueDate));
  if (fields.includes('content'))
    blocks.push(
      textInput({ block: 'content', label: t.plain('task.field.content') }, task.content, {
        multiline: true,
        max: 2000,
      }),
    );
  return formModal(t, {
    callbackId: TASK.editView,
    title: 'task.edit.title',
    submit: 'task.edit.submit',
    metadata,
    blocks,
  });
}

/** The fields an edit changed, in words ("who does it, due date"). */
export function editedFieldsText(t: Translate, fields: readonly EditField[]): string {
  return fields
    .map((field) => t.plain('task.edit.field', { field }))
    .join(t.plain('common.listSeparator'));
}

/**
 * The new executor's DM when someone handed them a task (Edit task): the task, who handed it
 * from whom, with its row's buttons (Done, Change due date, Edit task: an executor's).
 */
export function taskHandedOver(
  t: Translate,
  task: TaskRecord,
  by: string,
  from: string | undefined,
  today: string,
): Message {
  const head = (planner: string) =>
    t('task.edit.toExecutor', {
      by,
      task: keep(taskTitle(t, task)),
      due: keep(dueText(t, task, today)),
      // "from" only someone else than who handed it over (their own task) and its new executor.
      from: from && from !== by && from !== task.assigneeId ? from : 'none',
      planner,
    });
  return {
    // The notification (a phone's preview) says who planned it as the body does, by one rule.
    text: head(plannerToName(task, [by, from]) ?? 'none'),
    // Who planned it, unless the head names them already (they handed it over, or had it).
    blocks: taskRow(
      t,
      task,
      md`${head('none')}\n${whatText(t, task, true)}${plannerText(t, task, [by, from])}${peopleText(t, task)}`,
      0,
    ),
  };
}

/**
 * The New task modal (`/task new`, the card's New task): the customer (picked, or the card's),
 * what kind of task, who does it (the caller unless changed), who helps, who signs it off (none
 * unless picked), by when, and what to do.
 */
export function newTaskModal(
  t: Translate,
  input: {
    metadata: string;
    executor: string;
    due: string;
    customer?: { code: string; name: string };
    /** What it is and what to do, filled in (a ticket's follow-up; a message's words). */
    kind?: (typeof MANUAL_TASK_KINDS)[number];
    content?: string;
  },
): ModalView {
  const customerOption = input.customer
    ? { text: plain(`${input.customer.code} ${input.customer.name}`), value: input.customer.code }
    : undefined;
  return formModal(t, {
    callbackId: TASK.newView,
    title: 'task.new.title',
    submit: 'task.new.submit',
    metadata: input.metadata,
    blocks: [
      inputBlock(
        {
          block: 'customer',
          label: t.plain('task.field.customer'),
          placeholder: t.plain('ticket.modal.customerPlaceholder'),
        },
        {
          type: 'external_select',
          action_id: CUSTOMER.picker,
          min_query_length: 1,
          ...(customerOption ? { initial_option: customerOption } : {}),
        },
      ),
      selectInput(
        { block: 'kind', label: t.plain('task.field.kind') },
        options(t, MANUAL_TASK_KINDS, 'task.kind'),
        input.kind ?? 'call',
      ),
      inputBlock(
        { block: 'executor', label: t.plain('task.field.executor') },
        { type: 'users_select', initial_user: input.executor },
      ),
      inputBlock(
        { block: 'helper', label: t.plain('task.field.helper'), optional: true },
        { type: 'users_select' },
      ),
      inputBlock(
        {
          block: 'approver',
          label: t.plain('task.field.approver'),
          hint: t.plain('task.hint.approver'),
          optional: true,
        },
        { type: 'users_select' },
      ),
      dateInput({ block: 'due', label: t.plain('task.field.due') }, input.due),
      textInput(
        {
          block: 'content',
          label: t.plain('task.field.content'),
          placeholder: t.plain('task.new.contentPlaceholder'),
        },
        input.content,
        { multiline: true, max: 2000 },
      ),
    ],
  });
}

/** A task's Open customer button: the customer's card, shown privately where it is clicked. */
function customerButton(t: Translate, task: TaskRecord): Button {
  return button({
    actionId: CUSTOMER.openButton,
    value: task.customerCode,
    text: t.plain('task.button.customer'),
  });
}

/**
 * The first line of a DM about a task someone planned: who, the task, who does it, when due,
 * and who planned it (`planner`: someone else than who made them its helper or approver, an
 * Edit task's maker; 'none' otherwise).
 */
function plannedHead(
  t: Translate,
  key: 'task.approver.planned' | 'task.edit.toApprover' | 'task.helper.planned',
  task: TaskRecord,
  by: string,
  today: string,
  planner = 'none',
): Mrkdwn {
  return t(key, {
    by,
    task: keep(taskTitle(t, task)),
    executor: task.assigneeId,
    due: keep(dueText(t, task, today)),
    planner,
  });
}

/**
 * That DM's body: its first line, what to do, who planned it (unless they are `named`: who told
 * them, or its reader; `plannerText`, as the executor's DM says it), and who helps and signs it
 * off.
 */
function plannedBody(
  t: Translate,
  head: Mrkdwn,
  task: TaskRecord,
  named: readonly (string | undefined)[],
): Mrkdwn {
  return md`${head}\n${whatText(t, task)}${plannerText(t, task, named)}${peopleText(t, task)}`;
}

/**
 * That DM: its body with Done beside it, then Change due date, Edit task and Open customer (the
 * buttons `verbs` allows the recipient, and Open customer always). Its notification (what a
 * phone shows) names who planned it as the body does, by one rule (`plannerToName`).
 */
function plannedMessage(
  t: Translate,
  key: 'task.approver.planned' | 'task.edit.toApprover' | 'task.helper.planned',
  task: TaskRecord,
  by: string,
  today: string,
  verbs: TaskVerbs,
  blockId: string,
  /** Who reads it (its helper or approver): not told that they planned it. */
  reader: string | undefined,
): Message {
  const named = [by, reader];
  const head = plannedHead(t, key, task, by, today);
  const body = plannedBody(t, head, task, named);
  return {
    text: plannedHead(t, key, task, by, today, plannerToName(task, named) ?? 'none'),
    blocks: [
      verbs.done ? markdown(body, doneButton(t, task)) : markdown(body),
      actions(blockId, [...verbButtons(t, task, verbs), customerButton(t, task)]),
    ],
  };
}

/**
 * The approver's DM when someone else planned a task they sign off: the task, who does it and
 * helps, when it is due and what to do, with the buttons of what they may do to it (`verbs`: an
 * approver completes it and changes its due date; edits it only as a manager or its planner)
 * and Open customer.
 */
export function approverPlanned(
  t: Translate,
  task: TaskRecord,
  by: string,
  today: string,
  verbs: TaskVerbs,
  /** Made the approver of a task planned before (Edit task), not planned now. */
  edited = false,
): Message {
  const key = edited ? 'task.edit.toApprover' : 'task.approver.planned';
  return plannedMessage(t, key, task, by, today, verbs, 'task_approver_actions', task.approverId);
}

/**
 * The helper's DM when someone else planned a task they help with: the task, who does it and
 * who signs it off, when it is due and what to do, with Open customer, and the buttons of what
 * they may do to it (`verbs`: nothing as its helper; a manager's).
 */
export function helperPlanned(
  t: Translate,
  task: TaskRecord,
  by: string,
  today: string,
  verbs: TaskVerbs,
): Message {
  return plannedMessage(
    t,
    'task.helper.planned',
    task,
    by,
    today,
    verbs,
    'task_helper_actions',
    task.helperId,
  );
}

/**
 * A DM telling of a task's new due date (Change due date, or an Edit task that moved it): `head`
 * says who moved it from when to when, then how the customer's primary contact wants to be
 * reached when known (as the other task DMs end their task's words), with Done beside it, then
 * the buttons of what the reader may do to it (`verbs`) and Open customer, as the DMs of a
 * planned task carry them.
 */
export function taskMoved(t: Translate, head: Mrkdwn, task: TaskRecord, verbs: TaskVerbs): Message {
  const reach = reachText(t, task);
  const body = reach ? md`${head}\n${reach}` : head;
  return {
    // The notification's text, cut as any DM's.
    text: textMessage(head).text,
    blocks: [
      verbs.done ? markdown(body, doneButton(t, task)) : markdown(body),
      actions('task_moved_actions', [...verbButtons(t, task, verbs), customerButton(t, task)]),
    ],
  };
}

/**
 * The approver's DM when a task they sign off is done: who did it, and what the Done modal
 * recorded (how the customer was reached, the summary, solved or not, scores, feedback), with
 * Open customer. `masked`: the approver may not see the customer's personal data, so the phones
 * and emails typed into the summary and feedback are masked, as on the customer's card.
 */
export function approverDone(t: Translate, task: TaskRecord, masked: boolean): Message {
  const head = t('task.approver.done', {
    by: task.doneBy ?? task.assigneeId,
    task: keep(taskTitle(t, task)),
  });
  // An approver who does the task too reads it as its executor.
  return doneMessage(t, task, masked, head, task.approverId === task.assigneeId);
}

/**
 * The executor's DM when someone else (its approver, a manager) completed their task: who did it
 * and what the Done modal recorded, as the approver's DM says it (`masked` likewise), so that
 * they do not contact the customer again for it.
 */
export function executorDone(t: Translate, task: TaskRecord, masked: boolean): Message {
  const head = t('task.executor.done', {
    by: task.doneBy ?? task.assigneeId,
    task: keep(taskTitle(t, task)),
  });
  return doneMessage(t, task, masked, head, true);
}

/** `own`: read by the task's executor, told it is theirs (`whatText`). */
function doneMessage(
  t: Translate,
  task: TaskRecord,
  masked: boolean,
  head: Mrkdwn,
  own: boolean,
): Message {
  const typed = (text: string) => clip(masked ? maskFreeText(text) : text, 1000);
  const outcome = task.outcome;
  const lines: Mrkdwn[] = [head];
  if (outcome) {
    lines.push(
      t('task.approver.outcome', {
        type: t.plain(`interaction.${outcome.interactionType}`),
        summary: typed(outcome.summary),
      }),
    );
    if (outcome.solved !== undefined)
      lines.push(t('task.approver.solved', { solved: outcome.solved ? 'yes' : 'no' }));
    if (outcome.satisfaction !== undefined || outcome.nps !== undefined)
      lines.push(
        t('task.approver.scores', {
          satisfaction: outcome.satisfaction ?? 'none',
          nps: outcome.nps ?? 'none',
          both: outcome.satisfaction !== undefined && outcome.nps !== undefined ? 'yes' : 'no',
        }),
      );
    if (outcome.feedback)
      lines.push(t('task.approver.feedback', { feedback: typed(outcome.feedback) }));
  }
  lines.push(md`${whatText(t, task, own)}${peopleText(t, task)}`);
  const text = join(lines, '\n');
  return {
    text: head,
    blocks: [
      markdown(clipMrkdwn(text, 2900)),
      actions('task_approver_actions', [customerButton(t, task)]),
    ],
  };
}

/**
 * The staff's word (the triage channel, else the agents' DMs) that a customer owner is not a
 * member of the workspace (`why`) yet owns `count` customers, while the desk has no manager or
 * admin of its own to stand in (`nobodyStandsIn`): their work is held, nothing of it goes to
 * them; any agent takes their tasks from `/task team`; the operator makes an admin, who gets the
 * rest.
 */
export function ownerHeldMessage(
  t: Translate,
  owner: string,
  why: 'guest' | 'external',
  count: number,
  team: string,
): Message {
  return textMessage(t('tasks.ownerHeld', { owner, why, count, team }));
}

/**
 * The DM telling a staff admin that a customer owner is not a member of the workspace as Slack
 * says (`why`: a guest, or of another organisation), yet owns `count` customers: who stands in
 * for them (`standIn`, none when nobody can), and what to do (another owner, a hand-over).
 */
export function ownerAwayDm(
  t: Translate,
  owner: string,
  why: 'guest' | 'external',
  count: number,
  standIn: string | undefined,
): Message {
  return textMessage(
    t('tasks.ownerAway', {
      owner,
      why,
      count,
      stands: standIn ? 'yes' : 'no',
      standIn: standIn ?? '',
    }),
  );
}
