import type { HomeView } from '@slack/types';
import type { CustomerWithSignals } from '../customer/types.js';
import type { MessageKey, MrkdwnParam, Translate } from '../i18n/index.js';
import { maskFreeText } from '../privacy/free-text.js';
import { clip } from '../text/clip.js';
import { personGone, UNREACHABLE_NAMED, type OutboxCounts } from '../outbox/types.js';
import { HELD_COUNT_MAX, type TaskRecord } from '../task/types.js';
import type { HomeWeek } from '../ticket/types.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import {
  actions,
  button,
  context,
  divider,
  header,
  markdown,
  SECTION_TEXT_MAX,
  type Block,
} from './blocks.js';
import { formatPercent, zoneName } from './format.js';
import { HOME } from './ids.js';
import { usageList, type CommandUsage } from './help.js';
import {
  approveBlocks,
  helpingBlocks,
  dueText as taskDueText,
  peopleText,
  plannerText,
  taskRow,
  taskTitle,
  whatText,
} from './task.js';
import {
  channelLink,
  clipMrkdwn,
  escapeClipped,
  join,
  keep,
  md,
  mention,
  mentionList,
  type Mrkdwn,
} from './text.js';
import {
  customerWroteButton,
  openTicketButton,
  ticketRow,
  waitingOnContactText,
  type TicketView,
} from './ticket.js';

interface Listed<T> {
  items: T[];
  total: number;
}

/** What blocks the desk (an admin's Home). */
export type HomeProblem =
  | {
      kind: 'noTriage' | 'noHolidays' | 'noDigest' | 'noUsersReadOauth' | 'noUsersReadToken';
    }
  /** `overdueTo`: the channel that gets the overdue list when no manager is set. */
  | { kind: 'noManagers'; overdueTo?: string }
  /** `escalationTo`: where escalation posts go without an escalation channel (escalationChannel). */
  | { kind: 'noEscalation'; escalationTo?: string }
  /** `dismissable`: a Dismiss button beside it (the service refuses anyone but an admin). */
  | { kind: 'notInChannel'; channel: string; dismissable?: boolean }
  /** `owner`: a user id Slack says it has no user for, who owns `customers` customers. */
  | { kind: 'ownerUnknown'; owner: string; customers: number }
  /** More such ids than are named: `count` more. */
  | { kind: 'ownersUnknownMore'; count: number };

/** One person's Home, as read for them (see src/flows/home.ts). */
export interface HomeInput {
  mine: Listed<TicketView>;
  waitingOnMe: Listed<TicketView>;
  /** An account manager's customers' open tickets nobody holds. */
  customersUnassigned?: Listed<TicketView>;
  tasks: Listed<TaskRecord>;
  /** The open tasks the person signs off (their approver), due first; none: no section. */
  toApprove?: Listed<TaskRecord>;
  /** The open tasks the person helps with (their helper), due first; none: no section. */
  helping?: Listed<TaskRecord>;
  /** The card links of the tasks' tickets (ticket id -> permalink); none: numbers unlinked. */
  taskLinks?: ReadonlyMap<string, string>;
  signals: Listed<CustomerWithSignals>;
  /** An account manager's churn risk at a glance: none, no section. */
  risk?: {
    churn: Listed<{ name: string; code: string }>;
    low: number;
  };
  team?: {
    unassigned: Listed<TicketView>;
    breaching: Listed<TicketView>;
    overdue: Listed<TicketView>;
    escalatedUnassigned: Listed<TicketView>;
    week: HomeWeek;
    outbox: OutboxCounts;
  };
  problems?: HomeProblem[];
  /** Nobody administers the workspace: how the operator makes someone an admin. */
  noAdmin?: { team: string; user: string; external?: true };
  /**
   * Tasks held for owners not members of the workspace, nobody of the staff standing in, as read
   * (up to HELD_COUNT_MAX + 1): past HELD_COUNT_MAX, said "more than HELD_COUNT_MAX".
   */
  held?: number;
  /** A guest of the workspace: the requester's part only, with why (a message key). */
  guest?: MessageKey;
  /** `guest`'s parameters: `admins` (user ids, `U1, U2`) said as mentions. */
  guestParams?: Record<string, string>;
}

/** Tasks to sign off listed on a Home (1 + 3 + 1 blocks at most, within the 100). */
export const HOME_APPROVE_ROWS = 3;

/** Channels named in an admin's problems at most (all the outbox reads); the outbox section says the rest. */
const PROBLEM_CHANNELS_MAX = UNREACHABLE_NAMED;

/** Where a message was going, as a link: a person (`<@U…>`) or a channel (`<#C…>`). */
function recipient(to: string): Mrkdwn {
  return /^[UW]/.test(to) ? mention(to) : channelLink(to);
}

/**
 * What a manager sees of the outbox: the messages Slack has not taken yet, and the ones given
 * up after every retry, with the latest reason and a button to send them again; the edits of
 * the desk's old posts waiting (retention's, erasures': thousands after a first retention run,
 * routine) said apart, in the same block, and so are those given up (Slack refusing their
 * channel), with their own reason: never counted among the messages that could not be delivered.
 */
function deliveryBlocks(t: Translate, outbox: OutboxCounts): Block[] {
  const edits = outbox.edits ? t('home.outbox.edits', { count: outbox.edits }) : undefined;
  const lostEdit = outbox.firstDeadEdit;
  const deadEdits = outbox.deadEdits
    ? t('home.outbox.editsDead', {
        count: outbox.deadEdits,
        error: lostEdit?.lastError ?? '',
        to: lostEdit ? keep(recipient(lostEdit.to)) : '',
      })
    : undefined;
  const withEdits = (text: Mrkdwn) =>
    [edits, deadEdits].reduce<Mrkdwn>((all, line) => (line ? md`${all}\n${line}` : all), text);
  const resend = actions('home_outbox', [
    button({
      actionId: HOME.resendUndelivered,
      text: t.plain('home.outbox.resend'),
      value: 'dead',
      style: 'primary',
    }),
  ]);
  if (!outbox.dead) {
    const waiting = withEdits(
      outbox.pending ? t('home.outbox.pending', { count: outbox.pending }) : t('home.outbox.ok'),
    );
    // Edits given up only: said as a warning (the posts still show the words), sent again with
    // the same button.
    return deadEdits ? [markdown(waiting), resend] : [context(waiting)];
  }
  // Those Slack refused (a channel to invite the app to, a person gone) are said first, with what
  // to fix; those given up while Slack itself failed (an outage: nothing to fix, only to send
  // again) apart, so that an outage given up before a refusal does not hide the refusal.
  const { refused, failing } = outbox.firstDead;
  const failed = Math.min(outbox.deadFailing, outbox.dead);
  const refusedCount = outbox.dead - failed;
  const failingLine = (count: number) =>
    t(refusedCount ? 'home.outbox.deadFailingToo' : 'home.outbox.deadFailing', {
      count,
      error: failing?.lastError ?? '',
      to: failing ? keep(recipient(failing.to)) : '',
    });
  let line: Mrkdwn;
  if (!refusedCount) line = failingLine(outbox.dead);
  else {
    // A person Slack no longer delivers to (deactivated, removed): given up at once, not after
    // retries, and no channel to fix: their work is to be handed to someone else.
    line =
      refused && personGone(refused.to, refused.lastError)
        ? t('home.outbox.deadPerson', {
            count: refusedCount,
            error: refused.lastError ?? '',
            to: keep(mention(refused.to)),
          })
        : t('home.outbox.dead', {
            count: refusedCount,
            error: refused?.lastError ?? '',
            to: refused ? keep(recipient(refused.to)) : '',
          });
    if (failed) line = md`${line}\n${failingLine(failed)}`;
  }
  return [markdown(withEdits(line)), resend];
}

/**
 * The command that lists each Home ticket list in full: its "and N more" names it (the rows a
 * list shows, or those the block budget left it). The breaching tickets lead the open list (due
 * first); the escalated ones nobody holds are among the unassigned, as are a customer owner's.
 */
const LISTED_IN = {
  mine: '/ticket mine',
  waitingOnMe: '/ticket requests',
  customersUnassigned: '/ticket list unassigned',
  unassigned: '/ticket list unassigned',
  breaching: '/ticket list open',
  overdue: '/ticket list overdue',
  escalatedUnassigned: '/ticket list unassigned',
} as const;

/**
 * A titled list of tickets, each with Open; "none" when empty, "and N more" past the rows, with
 * the command that lists them (`restIn`).
 */
function ticketSection(
  t: Translate,
  title: Mrkdwn,
  list: Listed<TicketView>,
  at: { timeZone: string; viewer: string; unlinked?: boolean },
  none: Mrkdwn,
  restIn: string,
): Block[] {
  const blocks = [markdown(title)];
  if (!list.items.length) return [...blocks, context(none)];
  for (const view of list.items) {
    const row = ticketRow(t, view, at.timeZone, at.viewer, at.unlinked);
    const { relay } = view;
    blocks.push(
      relay
        ? markdown(
            clipMrkdwn(
              md`${row}\n${waitingOnContactText(t, view.ticket, relay.mayRecord)}`,
              SECTION_TEXT_MAX,
            ),
            relay.mayRecord
              ? customerWroteButton(t, view.ticket.number)
              : openTicketButton(t, view.ticket.number),
          )
        : markdown(row, openTicketButton(t, view.ticket.number)),
    );
  }
  const rest = list.total - list.items.length;
  if (rest > 0) blocks.push(context(t('home.more.in', { count: rest, command: restIn })));
  return blocks;
}

/**
 * A guest's row of one of their own tickets (they do not read the desk): its number (not linked:
 * they never see the triage card), its title and where it stands in their words, as
 * `/ticket requests` says it, with Open. Nothing of the desk's own: no SLA clock, no holder, no
 * severity.
 */
function guestRow(t: Translate, view: TicketView): Block {
  const k = view.ticket;
  const status = k.status === 'waiting' ? 'waiting' : k.assigneeId ? 'handled' : 'received';
  return markdown(
    clipMrkdwn(
      t('home.guest.row', { number: k.number, title: clip(maskFreeText(k.title), 80), status }),
      SECTION_TEXT_MAX,
    ),
    openTicketButton(t, k.number),
  );
}

/** A guest note's parameters as said: `admins` (`U1, U2`) as mentions, whom to ask. */
function guestSaid(t: Translate, params: Record<string, string> = {}): Record<string, MrkdwnParam> {
  const { admins, ...rest } = params;
  if (admins === undefined) return rest;
  const ids = admins.split(',').map((id) => id.trim());
  return { ...rest, admins: keep(mentionList(ids, t.locale)) };
}

/** A guest's list of their own tickets: as `ticketSection`, each row a `guestRow`. */
function guestSection(
  t: Translate,
  title: Mrkdwn,
  list: Listed<TicketView>,
  none: Mrkdwn,
): Block[] {
  const blocks = [markdown(title)];
  if (!list.items.length) return [...blocks, context(none)];
  for (const view of list.items) blocks.push(guestRow(t, view));
  // They read them all with `/ticket requests`, as a guest may.
  if (list.total > list.items.length)
    blocks.push(
      context(
        t('home.more.in', {
          count: list.total - list.items.length,
          command: LISTED_IN.waitingOnMe,
        }),
      ),
    );
  return blocks;
}

function taskSection(
  t: Translate,
  list: Listed<TaskRecord>,
  today: string,
  links: ReadonlyMap<string, string>,
): Block[] {
  const blocks = [markdown(t('home.tasks.title', { total: list.total }))];
  if (!list.items.length) return [...blocks, context(t('home.tasks.none'))];
  for (const [i, task] of list.items.entries())
    blocks.push(
      ...taskRow(
        t,
        task,
        md`${taskTitle(t, task, links)}\n${whatText(t, task, true)} · ${taskDueText(t, task, today)}${plannerText(t, task)}${peopleText(t, task)}`,
        i,
      ),
    );
  // The rest are one command away (the Home shows HOME_ROWS of them).
  if (list.total > list.items.length)
    blocks.push(context(t('home.tasks.more', { count: list.total - list.items.length })));
  return blocks;
}

function signalSection(t: Translate, list: Listed<CustomerWithSignals>): Block[] {
  if (!list.total) return [];
  const lines = list.items.map((c) => {
    const signals: Mrkdwn[] = [];
    if (c.lifecycle === 'churn_warning') signals.push(t('home.signal.churn'));
    // Only a contract end the signals tell (within the notice days, not churned): a customer
    // listed for its churn warning whose contract ends next year says nothing of it.
    if (c.contractEnds && c.contractEndDate)
      signals.push(t('home.signal.contract', { date: c.contractEndDate }));
    if (c.guestOwner) signals.push(t('home.signal.guestOwner', { user: c.guestOwner }));
    const name = keep(md`*${escapeClipped(c.name, 60)}*`);
    return md`• ${t('customer.nameCode', { name, code: c.code })} · ${join(signals, ' · ')}`;
  });
  const blocks = [
    markdown(t('home.signals.title', { total: list.total })),
    markdown(join(lines, '\n')),
  ];
  // No command lists an owner's customers with signals: the rest are counted only.
  if (list.total > list.items.length)
    blocks.push(context(t('home.more', { count: list.total - list.items.length })));
  return blocks;
}

/**
 * A share of the week as a whole percentage in the reader's language (`76%`), `–` when none. A
 * share short of all (or above none) that would round to `100%` (or `0%`) keeps one decimal,
 * capped at `99.9%` (at least `0.1%`): 199 responses on time of 200 are not "100%".
 */
function percent(t: Translate, share: number | null): string {
  if (share === null) return '–';
  const whole = Math.round(share * 100);
  if (share > 0 && share < 1 && (whole === 0 || whole === 100))
    return formatPercent(Math.min(0.999, Math.max(0.001, share)), t.locale, 1);
  return formatPercent(share, t.locale, 0);
}

function teamBlocks(
  t: Translate,
  team: NonNullable<HomeInput['team']>,
  at: { timeZone: string; viewer: string },
): Block[] {
  const none = t('home.queue.none');
  const queue = (key: Parameters<Translate>[0], list: Listed<TicketView>, command: string) =>
    ticketSection(t, t(key, { total: list.total }), list, at, none, command);
  const { week } = team;
  return [
    divider(),
    header(t.plain('home.team.title')),
    ...queue('home.team.unassigned', team.unassigned, LISTED_IN.unassigned),
    ...queue('home.team.breaching', team.breaching, LISTED_IN.breaching),
    ...queue('home.team.overdue', team.overdue, LISTED_IN.overdue),
    ...queue('home.team.escalated', team.escalatedUnassigned, LISTED_IN.escalatedUnassigned),
    markdown(
      md`${t('home.week.title', { date: week.since })}\n${t('home.week.figures', {
        opened: week.opened,
        resolved: week.resolved,
        onTime: percent(t, week.onTime),
        fcr: percent(t, week.firstContact),
      })}`,
    ),
    ...deliveryBlocks(t, team.outbox),
  ];
}

function adminBlocks(t: Translate, problems: HomeProblem[]): Block[] {
  const channels = problems.filter((p) => p.kind === 'notInChannel');
  const shown = [
    ...problems.filter((p) => p.kind !== 'notInChannel'),
    ...channels.slice(0, PROBLEM_CHANNELS_MAX),
  ];
  return [
    divider(),
    header(t.plain('home.admin.title')),
    actions('home_admin', [
      button({ actionId: HOME.settingsOpen, text: t.plain('home.admin.settings'), value: 'open' }),
      button({ actionId: HOME.rolesOpen, text: t.plain('home.admin.roles'), value: 'open' }),
    ]),
    ...(shown.length
      ? shown.map((p) =>
          p.kind === 'notInChannel'
            ? markdown(
                t('home.problem.notInChannel', { channel: p.channel }),
                p.dismissable
                  ? button({
                      actionId: HOME.dismissRefusal,
                      text: t.plain('home.problem.dismiss'),
                      value: p.channel,
                    })
                  : undefined,
              )
            : p.kind === 'ownerUnknown'
              ? markdown(t('home.problem.ownerUnknown', { owner: p.owner, count: p.customers }))
              : p.kind === 'ownersUnknownMore'
                ? context(t('home.problem.ownersUnknownMore', { count: p.count }))
                : p.kind === 'noManagers'
                  ? markdown(t('home.problem.noManagers', { overdueTo: p.overdueTo ?? 'none' }))
                  : p.kind === 'noEscalation'
                    ? markdown(
                        t('home.problem.noEscalation', { escalationTo: p.escalationTo ?? 'none' }),
                      )
                    : markdown(t(`home.problem.${p.kind}`)),
        )
      : [context(t('home.problem.none'))]),
  ];
}

/**
 * An account manager's churn risk at a glance (one block): how many of their customers are at
 * churn risk and how many low risk, then the names of those at churn risk (as many as read,
 * "and N more" for the rest).
 */
function riskSection(t: Translate, risk: NonNullable<HomeInput['risk']>): Block[] {
  const lines: Mrkdwn[] = [
    t('home.risk.title'),
    t('home.risk.counts', { churn: risk.churn.total, low: risk.low }),
    ...risk.churn.items.map((c) => {
      const name = keep(md`*${escapeClipped(c.name, 60)}*`);
      return md`• ${t('customer.nameCode', { name, code: c.code })}`;
    }),
  ];
  if (risk.churn.total > risk.churn.items.length)
    lines.push(t('home.risk.more', { count: risk.churn.total - risk.churn.items.length }));
  return [markdown(join(lines, '\n'))];
}

/** Blocks Slack takes in a Home tab: one more and it refuses the whole views.publish. */
export const HOME_BLOCKS_MAX = 100;
/** Rows a list keeps while other lists can still give some up (the README's "three"). */
const HOME_ROWS_KEPT = 3;

type TeamList = 'escalatedUnassigned' | 'overdue' | 'unassigned' | 'breaching';
const teamList = (key: TeamList) => ({
  items: (d: HomeInput) => d.team?.[key].items,
  keep: (d: HomeInput, n: number): HomeInput => ({
    ...d,
    team: { ...d.team!, [key]: { ...d.team![key], items: d.team![key].items.slice(0, n) } },
  }),
});
type OwnList = 'mine' | 'tasks' | 'customersUnassigned' | 'waitingOnMe' | 'toApprove' | 'helping';
const ownList = (key: OwnList) => ({
  items: (d: HomeInput): readonly unknown[] | undefined => d[key]?.items,
  keep: (d: HomeInput, n: number): HomeInput => {
    const list = d[key];
    return list ? { ...d, [key]: { ...list, items: list.items.slice(0, n) } } : d;
  },
});

/**
 * The lists that give up rows when a Home would pass HOME_BLOCKS_MAX, the first first: those a
 * command lists in full (the team's: `/ticket list …`), then the person's own work. Each "and N
 * more" says where the rest are.
 */
const TRIM_ORDER = [
  teamList('escalatedUnassigned'),
  teamList('overdue'),
  teamList('unassigned'),
  teamList('breaching'),
  ownList('mine'),
  ownList('tasks'),
  ownList('toApprove'),
  ownList('customersUnassigned'),
  ownList('helping'),
  ownList('waitingOnMe'),
];

/**
 * One person's App Home: their open tickets due first, what waits on them, their tasks due and
 * customers with signals; for a manager the team queue, this week so far and how the desk's
 * messages are getting through; for an admin Settings, Roles and what blocks the desk; then the
 * commands. Within Slack's 100 blocks: every list is capped and counts the rest, and when all of
 * them together would still pass HOME_BLOCKS_MAX, the lists of TRIM_ORDER give up rows, the first
 * first, each down to HOME_ROWS_KEPT (then to one), their "and N more" saying where the rest are.
 */
export function homeView(
  t: Translate,
  settings: WorkspaceSettings,
  commands: CommandUsage[],
  data: HomeInput,
  today: string,
  /** Whose Home it is: the tickets they hold say "you". */
  viewer: string,
): HomeView {
  let shown = data;
  let view = drawHome(t, settings, commands, shown, today, viewer);
  for (const floor of [HOME_ROWS_KEPT, 1])
    for (const list of TRIM_ORDER)
      for (
        let rows = list.items(shown)?.length ?? 0;
        view.blocks.length > HOME_BLOCKS_MAX && rows > floor;
        rows = list.items(shown)?.length ?? 0
      ) {
        // A row is a block or more: as many rows as blocks too many never give up more than
        // needed (but for a task's second block), and the next turn takes what is still over.
        shown = list.keep(shown, Math.max(floor, rows - (view.blocks.length - HOME_BLOCKS_MAX)));
        view = drawHome(t, settings, commands, shown, today, viewer);
      }
  return view;
}

function drawHome(
  t: Translate,
  settings: WorkspaceSettings,
  commands: CommandUsage[],
  data: HomeInput,
  today: string,
  viewer: string,
): HomeView {
  // A guest never sees the triage card: their rows' numbers are not linked to it.
  const tz = { timeZone: settings.timeZone, viewer, unlinked: !!data.guest };
  const blocks: Block[] = [
    header(t.plain('home.title')),
    // A guest files and follows their own requests: not the staff's pitch.
    context(t(data.guest ? 'home.introGuest' : 'home.intro')),
    ...(data.noAdmin
      ? [
          markdown(
            md`:warning: ${t(data.noAdmin.external ? 'home.adminsExternal' : 'permission.denied.noAdmin', { team: data.noAdmin.team, user: data.noAdmin.user })}`,
          ),
        ]
      : []),
    ...(data.held
      ? [
          markdown(
            t('home.heldTasks', {
              count: Math.min(data.held, HELD_COUNT_MAX),
              more: data.held > HELD_COUNT_MAX ? 'yes' : 'no',
              max: HELD_COUNT_MAX,
            }),
          ),
        ]
      : []),
    ...(data.guest
      ? [context(t(data.guest, guestSaid(t, data.guestParams)))]
      : ticketSection(
          t,
          t('home.mine.title', { total: data.mine.total }),
          data.mine,
          tz,
          t('home.mine.none'),
          LISTED_IN.mine,
        )),
    ...(data.guest
      ? guestSection(
          t,
          t('home.waiting.title', { total: data.waitingOnMe.total }),
          data.waitingOnMe,
          t('home.waiting.none'),
        )
      : ticketSection(
          t,
          t('home.waiting.title', { total: data.waitingOnMe.total }),
          data.waitingOnMe,
          tz,
          t('home.waiting.none'),
          LISTED_IN.waitingOnMe,
        )),
    ...(data.customersUnassigned
      ? ticketSection(
          t,
          t('home.customersUnassigned.title', { total: data.customersUnassigned.total }),
          data.customersUnassigned,
          tz,
          t('home.customersUnassigned.none'),
          LISTED_IN.customersUnassigned,
        )
      : []),
    ...(data.guest ? [] : taskSection(t, data.tasks, today, data.taskLinks ?? new Map())),
    ...(data.toApprove
      ? approveBlocks(
          t,
          data.toApprove,
          today,
          data.taskLinks ?? new Map(),
          t('home.approve.title', { total: data.toApprove.total }),
          HOME_APPROVE_ROWS,
          true,
        )
      : []),
    ...(data.helping && !data.guest
      ? helpingBlocks(
          t,
          data.helping,
          today,
          data.taskLinks ?? new Map(),
          t('home.helping.title', { total: data.helping.total }),
          HOME_APPROVE_ROWS,
        )
      : []),
    ...(data.guest ? [] : signalSection(t, data.signals)),
    ...(data.risk && !data.guest ? riskSection(t, data.risk) : []),
    ...(data.team ? teamBlocks(t, data.team, tz) : []),
    ...(data.problems ? adminBlocks(t, data.problems) : []),
    divider(),
    markdown(t('home.commands')),
    ...commands.map((c) => markdown(md`${t(c.title)}\n${usageList(t, c.lines)}`)),
    // Where the work comes in: a new agent's first question.
    ...(!data.guest && settings.channels.triage
      ? [context(t('home.triage', { channel: settings.channels.triage }))]
      : []),
    context(
      t('home.footer', {
        timeZone: zoneName(t, settings.timeZone),
        locale: t.plain(`settings.locale.${settings.locale}`),
      }),
    ),
  ];
  return { type: 'home', blocks };
}
