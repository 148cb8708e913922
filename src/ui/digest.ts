import {
  BREACHES_MAX,
  CHART_WEEKS,
  type PastSla,
  type AgentFigures,
  type WeekFigures,
  type WeekWindow,
} from '../digest/types.js';
import type { LineChartInput } from './chart.js';
import { ChartPngCache } from './chart-cache.js';
import { catalogues, LOCALES, type MessageKey, type Translate } from '../i18n/index.js';
import { addDaysToDate } from '../time.js';
import { reopenedSaid, TICKET_TYPES, type TicketRecord } from '../ticket/types.js';
import { duration, ticketLink } from './ticket.js';
import { tierMoveBlocks } from './tier-moves.js';
import { formatNumber, formatPercent } from './format.js';
import { periodName } from '../i18n/period.js';
import type { Locale } from '../i18n/index.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import {
  context,
  fieldsSection,
  header,
  lineSections,
  markdown,
  MESSAGE_TEXT_MAX,
  type Block,
  type Message,
} from './blocks.js';
import {
  clipMrkdwn,
  escape,
  join,
  keep,
  literalClipped,
  md,
  type Mrkdwn,
  type PlainText,
} from './text.js';

type Targets = WorkspaceSettings['digest']['targets'];
export type Kind = 'count' | 'rate' | 'score' | 'minutes';
type Figure = Exclude<
  keyof WeekFigures,
  'byTier' | 'prospects' | 'perAgent' | 'tierMoves' | 'openedByType'
>;

/** One figure of the digest: how it reads, its target, and what it is over. */
export interface Spec {
  figure: Figure;
  kind: Kind;
  target?: keyof Targets;
  /** How many answers (or surveys) a score or share is over, said under it: "of 2 answers". */
  base?: {
    figure: Figure;
    key: 'digest.base.answers' | 'digest.base.sent' | 'digest.base.done' | 'digest.base.partOf';
    /**
     * The part of the base a share is of: "(4 of 5)"; `share`, the share of the base itself
     * (a figure that stores no count of its part: the follow-ups done on time).
     */
    part?: Figure | 'share';
  };
  /** A count said under it when there is any: the follow-ups closed as not reached. */
  note?: { figure: Figure; key: 'digest.notReached' };
}

const ANSWERS = 'digest.base.answers';

/** The digest's sections: which figures, how they read, and the target each is held to. */
const SECTIONS: { title: MessageKey; figures: Spec[] }[] = [
  {
    title: 'digest.section.tickets',
    figures: [
      { figure: 'opened', kind: 'count' },
      // Logged over 1 h after receipt (manual A); a week stored before reads "–".
      { figure: 'loggedLate', kind: 'count' },
      { figure: 'resolved', kind: 'count' },
      { figure: 'backlog', kind: 'count' },
      { figure: 'overdue', kind: 'count' },
    ],
  },
  {
    // The complaints opened head their own section (not a "Complaints" figure, then a
    // "Complaints" heading).
    title: 'digest.section.complaints',
    figures: [
      { figure: 'complaints', kind: 'count' },
      { figure: 'complaintRate', kind: 'rate' },
      { figure: 'complaintsPer100', kind: 'score' },
      { figure: 'openComplaints', kind: 'count' },
      { figure: 'complaintBreaches', kind: 'count' },
      // Of the contacts missed, those tried ("Tried, could not reach"): a week stored before reads "–".
      { figure: 'complaintsNotReached', kind: 'count' },
      { figure: 'repeatComplaints', kind: 'count' },
    ],
  },
  {
    title: 'digest.section.service',
    figures: [
      { figure: 'responseOnTime', kind: 'rate', target: 'responseOnTime' },
      { figure: 'resolvedWithin72h', kind: 'rate', target: 'resolvedWithin72h' },
      { figure: 'resolvedWithinSla', kind: 'rate' },
      {
        figure: 'nextReplyOnTime',
        kind: 'rate',
        base: { figure: 'nextReplies', part: 'nextRepliesInTime', key: 'digest.base.partOf' },
      },
      { figure: 'firstContactResolution', kind: 'rate', target: 'firstContactResolution' },
      { figure: 'medianFirstResponseMinutes', kind: 'minutes' },
      { figure: 'medianResolutionMinutes', kind: 'minutes' },
    ],
  },
  {
    // What requesters said themselves in the survey (#10), never mixed with the revisit calls.
    title: 'digest.section.customerSatisfaction',
    figures: [
      {
        figure: 'customerSatisfaction',
        kind: 'score',
        target: 'satisfaction',
        base: { figure: 'customerSatisfactionResponses', key: ANSWERS },
      },
      {
        figure: 'customerNps',
        kind: 'score',
        target: 'nps',
        base: { figure: 'customerNpsResponses', key: ANSWERS },
      },
      {
        figure: 'surveyResponseRate',
        kind: 'rate',
        base: { figure: 'surveysSent', key: 'digest.base.sent' },
      },
    ],
  },
  {
    title: 'digest.section.satisfaction',
    figures: [
      {
        figure: 'satisfaction',
        kind: 'score',
        target: 'satisfaction',
        base: { figure: 'satisfactionResponses', key: ANSWERS },
      },
      {
        figure: 'nps',
        kind: 'score',
        target: 'nps',
        base: { figure: 'npsResponses', key: ANSWERS },
      },
      {
        figure: 'verySatisfiedShare',
        kind: 'rate',
        target: 'verySatisfiedShare',
        base: { figure: 'satisfactionResponses', key: ANSWERS },
      },
      {
        figure: 'revisitsOnTime',
        kind: 'rate',
        // Of how many were due: "0.0%" of one is no collapse.
        base: { figure: 'revisitsDue', part: 'share', key: 'digest.base.partOf' },
        // The follow-ups closed as "customer not reached" are out of the share: said beside it.
        note: { figure: 'followUpsNotReached', key: 'digest.notReached' },
      },
    ],
  },
  {
    title: 'digest.section.customers',
    figures: [
      { figure: 'newCustomers', kind: 'count' },
      { figure: 'lateRecords', kind: 'count' },
      // Manual B's 24 h for interactions; a week stored before reads "–".
      { figure: 'lateInteractions', kind: 'count' },
      { figure: 'churnWarnings', kind: 'count' },
      {
        figure: 'upgradeIntents',
        kind: 'count',
        base: { figure: 'upgradeIntentsDone', key: 'digest.base.done' },
      },
      { figure: 'churned', kind: 'count' },
      { figure: 'retention', kind: 'rate' },
      { figure: 'lowRiskCustomers', kind: 'count' },
    ],
  },
];

/**
 * The figures of one of the digest's sections (`title`), as the digest reads them: the monthly and
 * quarterly reports show the same ones the same way.
 */
export function digestFigures(title: MessageKey): readonly Spec[] {
  const section = SECTIONS.find((s) => s.title === title);
  if (!section) throw new Error(`no digest section ${title}`);
  return section.figures;
}

/** The series the chart draws, in SERIES_STYLES order, each with the target it is held to. */
export const CHART_SERIES = [
  { figure: 'responseOnTime', kind: 'rate', target: 'responseOnTime' },
  { figure: 'resolvedWithin72h', kind: 'rate', target: 'resolvedWithin72h' },
  { figure: 'firstContactResolution', kind: 'rate', target: 'firstContactResolution' },
  { figure: 'satisfaction', kind: 'score', target: 'satisfaction' },
] as const satisfies readonly { figure: Figure; kind: 'rate' | 'score'; target: keyof Targets }[];

/** The catalogue messages drawn in the chart's image (the font subset must cover them). */
const CHART_DRAWN: MessageKey[] = [
  'report.chart.title',
  'report.chart.subtitle',
  'digest.chart.title',
  'digest.chart.subtitle',
  'digest.chart.week',
  'digest.chart.target',
  'digest.chart.legend',
  // The period the title names, and a month's or quarter's label under a report's chart.
  'period.week',
  'period.month',
  'period.quarter',
  ...CHART_SERIES.map((s) => `digest.f.${s.figure}` as const),
];

/** A first digest shows no chart until this many weeks have figures. */
export const CHART_MIN_WEEKS = 2;

const AGENTS_MAX = 10;

/** A figure in minutes as every duration reads (`duration`: `4 h`, `3 h 20 min`, `45 min`). */
const minutes = (t: Translate, value: number): Mrkdwn => duration(t, value);

/**
 * A figure at the precision it is shown with: rates to a tenth of a percentage point (0.94975
 * is 0.95, `95.0%`), scores and counts to a tenth, minutes whole. A rate short of all (or above
 * none) that would round to all (none) is held at 0.999 (0.001): 2000 of 2001 read `99.9%`, not
 * `100.0%`. `formatValue` shows this value and `targetMark` compares it, so a mark never
 * disagrees with the number beside it.
 */
export function asShown(kind: Kind, value: number): number {
  if (kind === 'rate') {
    const shown = Math.round(value * 1000) / 1000;
    return value > 0 && value < 1 ? Math.min(0.999, Math.max(0.001, shown)) : shown;
  }
  if (kind === 'minutes') return Math.round(value);
  return Math.round(value * 10) / 10;
}

/**
 * ✅ when a figure meets its target as both read (`95.0%` meets 95 %, `84.6` misses 85), else
 * ⚠️: the one test of a target, for the digest and the reports alike.
 */
export function targetMark(kind: Kind, value: number, goal: number): '✅' | '⚠️' {
  return asShown(kind, value) >= asShown(kind, goal) ? '✅' : '⚠️';
}

/**
 * A figure as it reads: rates with one decimal (`93.3%`, `100.0%`) in the workspace's
 * language, a target as it was set (`95%`), scores to one decimal, counts with grouping.
 */
export function formatValue(
  t: Translate,
  kind: Kind,
  value: number | null,
  isTarget = false,
): Mrkdwn {
  if (value === null) return escape('–');
  if (kind === 'minutes') return minutes(t, value);
  const shown = asShown(kind, value);
  if (kind === 'rate')
    return escape(
      isTarget ? formatNumber(shown * 100, t.locale, 1) + '%' : formatPercent(shown, t.locale),
    );
  // A negative score reads with the minus sign its change has (−100, −200), not ASCII '-'; one that
  // rounds to nothing at one decimal (−0.04) reads 0, not −0.
  const text = formatNumber(shown, t.locale, 1);
  return escape(/[1-9]/.test(text) ? text.replace(/^-/, '−') : text.replace(/^-/, ''));
}

/**
 * A change with its sign (`+2.5`, `−1`, `±0`, `+1,200` with a `locale`), to `digits` decimals. A change short of 100 (all
 * of a revenue, a rate's whole range) never reads as 100: −99.96 % is `−99.9%`, not `−100%`.
 * One that rounds to nothing at that precision reads as none: +0.04 % is `±0%`, not `+0%`.
 */
export function signed(n: number, digits = 0, locale?: Locale): string {
  const abs = Math.abs(n);
  const step = 10 ** -digits;
  const held = abs < 100 && Number(abs.toFixed(digits)) >= 100 ? 100 - step : abs;
  const fixed = held.toFixed(digits).replace(/\.0$/, '');
  const none = Number(fixed) === 0;
  // Grouped in thousands in the reader's language, as the figure beside it is (1,234 then +1,200).
  const text = locale ? formatNumber(Number(fixed), locale, digits) : fixed;
  return n > 0 && !none ? `+${text}` : n < 0 && !none ? `−${text}` : '±0';
}

/** "(+2.5 pts vs last week)": nothing when either week has no value. */
function change(
  t: Translate,
  kind: Kind,
  now: number | null,
  before: number | null | undefined,
): Mrkdwn | undefined {
  if (now === null || before === null || before === undefined) return undefined;
  // The difference of the figures as read (94.9% then 90.1%: −4.8 pts), not of the raw ones.
  const delta = asShown(kind, now) - asShown(kind, before);
  if (kind === 'rate') return t('digest.changePoints', { delta: signed(delta * 100, 1, t.locale) });
  if (kind === 'minutes') {
    const m = Math.round(delta);
    const sign = m > 0 ? '+' : m < 0 ? '−' : '±';
    return t('digest.change', { delta: keep(md`${escape(sign)}${minutes(t, Math.abs(m))}`) });
  }
  return t('digest.change', { delta: signed(delta, kind === 'score' ? 1 : 0, t.locale) });
}

function target(
  t: Translate,
  spec: Spec,
  value: number | null,
  targets: Targets,
): Mrkdwn | undefined {
  if (!spec.target || value === null) return undefined;
  const goal = targets[spec.target];
  const shown = formatValue(t, spec.kind, goal, true);
  return md`${escape(targetMark(spec.kind, value, goal))} ${t('digest.target', { target: keep(shown) })}`;
}

/**
 * A figure and its change, as the language writes them: "12 (+3 vs last week)" in English, no
 * space before the full-width bracket in Chinese ("12（较上周 +3）").
 */
export function valueWithChange(t: Translate, value: Mrkdwn, change: Mrkdwn | null | undefined) {
  return change ? t('format.valueChange', { value: keep(value), change: keep(change) }) : value;
}

/**
 * A figure's note ("2 follow-ups: customer not reached"), when its count is more than none: a digest or report
 * stored before it was counted has none, and says nothing.
 */
export function notedCount(
  t: Translate,
  note: Spec['note'],
  figures: Partial<Record<Figure, unknown>>,
): Mrkdwn | undefined {
  if (!note) return undefined;
  const count = figures[note.figure];
  return typeof count === 'number' && count > 0 ? t(note.key, { count }) : undefined;
}

/**
 * The part a share is of its base ("(4 of 5)"): a figure's count, or (`share`) the share of the
 * base, for a share that stores no count of its part; 0 for a base said alone.
 */
export function partOf(
  part: Figure | 'share' | undefined,
  figures: Partial<Pick<WeekFigures, Figure>>,
  value: unknown,
  base: number,
): number {
  if (part === 'share') return typeof value === 'number' ? Math.round(value * base) : 0;
  const count = part ? figures[part] : 0;
  return typeof count === 'number' ? count : 0;
}

function field(
  t: Translate,
  spec: Spec,
  figures: WeekFigures,
  previous: WeekFigures | undefined,
  targets: Targets,
) {
  // A figure added after a week was stored reads as none for that week.
  const value = figures[spec.figure] ?? null;
  const shown = valueWithChange(
    t,
    formatValue(t, spec.kind, value),
    change(t, spec.kind, value, previous?.[spec.figure]),
  );
  // A score or share over few answers reads for what it is: "40" of one answer is no trend.
  // A count's part ("(1 done)") only under a count there is.
  const base =
    spec.base && value !== null && (spec.kind !== 'count' || value !== 0)
      ? figures[spec.base.figure]
      : undefined;
  const lines = [
    md`*${t(`digest.f.${spec.figure}`)}*`,
    shown,
    typeof base === 'number'
      ? t(spec.base!.key, {
          count: base,
          part: partOf(spec.base!.part, figures, value, base),
        })
      : undefined,
    notedCount(t, spec.note, figures),
    target(t, spec, value, targets),
  ];
  return join(lines.filter(isText), '\n');
}

/**
 * A digest's or a report's notification text: its title and the key figures (tickets opened and
 * resolved, the share resolved within SLA, churn warnings), so a push names what it is about.
 */
export function figuresText(
  t: Translate,
  title: Mrkdwn,
  figures: Pick<
    WeekFigures,
    'opened' | 'resolved' | 'responseOnTime' | 'resolvedWithinSla' | 'churnWarnings'
  >,
): Mrkdwn {
  // Both SLA rates, the worse first: a 0 % first-response rate is not hidden behind a 100 %
  // resolution rate.
  const rate = (value: number | null | undefined) => keep(formatValue(t, 'rate', value ?? null));
  const response = t('digest.text.response', { rate: rate(figures.responseOnTime) });
  const resolution = t('digest.text.resolution', { rate: rate(figures.resolvedWithinSla) });
  const responseWorse =
    (figures.responseOnTime ?? Infinity) < (figures.resolvedWithinSla ?? Infinity);
  return clipMrkdwn(
    t('digest.text', {
      title: keep(title),
      opened: figures.opened,
      resolved: figures.resolved,
      first: keep(responseWorse ? response : resolution),
      second: keep(responseWorse ? resolution : response),
      churn: figures.churnWarnings ?? 0,
    }),
    MESSAGE_TEXT_MAX,
  );
}

/** A customer's name in the past-SLA list, at most (as the alerts clip theirs). */
const BREACH_NAME_MAX = 40;

/**
 * The tickets past their SLA in the week, one line each (linked, the customer, what was missed,
 * who holds it): those open at the week's end past a target first, at most BREACHES_MAX, then
 * "…and K more". A customer's name is clipped (to BREACH_NAME_MAX, before it is escaped, so no
 * entity is cut) and the lines are laid over as many sections as they need, never split: ten
 * long names (`&` is 5 characters escaped) no longer pass a section's 3000 characters, so every
 * ticket is either shown whole or counted in "…and K more".
 */
function pastSlaLines(t: Translate, past: PastSla): Block[] {
  const holder = (ticket: TicketRecord) => ticket.assigneeId ?? 'none';
  const ref = (ticket: TicketRecord) =>
    t('digest.breach.ticket', {
      ticket: keep(ticketLink(ticket)),
      // Read as typed: a customer named `*ACME*` is not bold.
      customer: keep(literalClipped(ticket.customerName, BREACH_NAME_MAX)),
    });
  const lines = [
    ...past.open.map(({ ticket, what, reopened }) =>
      t('digest.breach.open', {
        ...reopenedSaid(reopened),
        ticket: keep(ref(ticket)),
        what,
        holder: holder(ticket),
      }),
    ),
    ...past.done.map(({ ticket, what }) =>
      t('digest.breach.done', { ticket: keep(ref(ticket)), what, holder: holder(ticket) }),
    ),
  ].slice(0, BREACHES_MAX);
  const blocks: Block[] = [markdown(md`*${t('digest.section.breaches')}*`)];
  if (lines.length) blocks.push(...lineSections(lines));
  else blocks.push(markdown(t('digest.breach.none')));
  if (past.total > lines.length)
    blocks.push(context(t('digest.breach.more', { count: past.total - lines.length })));
  return blocks;
}

type AgentLineFigures = Omit<AgentFigures, 'onTime'> & { onTime?: number | null | undefined };

/**
 * Whether an agent has a figure their line says (agentLine): one who only filed tickets late
 * (a manager typing in a phone call) has none, and is named on the logged-late line alone.
 */
export function hasAgentLine(a: AgentLineFigures): boolean {
  const has = (value: number | null | undefined) => value !== null && value !== undefined;
  return (
    a.handled > 0 ||
    has(a.onTime) ||
    has(a.responseOnTime) ||
    has(a.firstContactResolution) ||
    has(a.medianHandlingMinutes) ||
    a.satisfaction !== null ||
    !!a.followUpsDone ||
    !!a.followUpsNotReached
  );
}

/**
 * One agent's line: what they resolved (within SLA, at first contact, the median handling time),
 * their first responses on time, the satisfaction rating them, the follow-ups they did. A figure
 * with nothing under it is left out (a digest or report stored before some were kept has none
 * of them). A report's per-agent line is this one too (src/ui/report.ts), the same figures.
 */
export function agentLine(t: Translate, a: AgentLineFigures): Mrkdwn {
  const parts: Mrkdwn[] = [];
  const rate = (key: MessageKey, value: number | null | undefined) => {
    if (value !== null && value !== undefined)
      parts.push(t(key, { rate: keep(formatValue(t, 'rate', value)) }));
  };
  if (a.handled > 0) parts.push(t('digest.agent.resolved', { count: a.handled }));
  rate('digest.agent.withinSla', a.onTime);
  rate('digest.agent.responseOnTime', a.responseOnTime);
  rate('digest.agent.fcr', a.firstContactResolution);
  if (a.medianHandlingMinutes !== null && a.medianHandlingMinutes !== undefined)
    parts.push(
      t('digest.agent.handling', {
        time: keep(formatValue(t, 'minutes', a.medianHandlingMinutes)),
      }),
    );
  if (a.satisfaction !== null)
    parts.push(
      t('digest.agent.satisfaction', { score: keep(formatValue(t, 'score', a.satisfaction)) }),
    );
  if (a.followUpsDone) parts.push(t('digest.agent.followUps', { count: a.followUpsDone }));
  if (a.followUpsNotReached) parts.push(t('digest.notReached', { count: a.followUpsNotReached }));
  return t('digest.agent', { user: a.agentId, figures: keep(join(parts, ' · ')) });
}

/** Filers named on the logged-late line; the rest are counted. */
const LOGGED_LATE_MAX = 15;

/**
 * Who filed the tickets logged over 1 h after their receipt (manual A), most first, as one line
 * under the agents (their own lines are at Slack's limit already): none when nobody did.
 */
export function loggedLateLine(
  t: Translate,
  perAgent: readonly { agentId: string; loggedLate?: number }[],
): Mrkdwn | undefined {
  const late = perAgent
    .filter((a) => a.loggedLate)
    .sort((a, b) => b.loggedLate! - a.loggedLate! || (a.agentId < b.agentId ? -1 : 1));
  if (!late.length) return undefined;
  const shown = late
    .slice(0, LOGGED_LATE_MAX)
    .map((a) => t('digest.loggedLateItem', { user: a.agentId, count: a.loggedLate! }));
  return t('digest.loggedLateBy', {
    list: keep(join(shown, ' · ')),
    more: late.length - shown.length,
  });
}

/**
 * The tickets opened in the week by type, each with its change from the week before, as one line
 * ("Opened by type: Consultation: 3 (+1 vs last week) · …"): the figures' `openedByType`, counted
 * as Opened is (their sum is Opened). None for a week stored before it was counted; no change for
 * a type when the week before was stored before it.
 */
function openedByTypeLine(
  t: Translate,
  figures: WeekFigures,
  previous: WeekFigures | undefined,
): Mrkdwn | undefined {
  const byType = figures.openedByType;
  if (!byType) return undefined;
  const items = TICKET_TYPES.map((type) => {
    const now = byType[type] ?? 0;
    return t('report.openedType', {
      type: t.plain(`ticket.type.${type}`),
      count: keep(
        valueWithChange(
          t,
          formatValue(t, 'count', now),
          change(t, 'count', now, previous?.openedByType?.[type]),
        ),
      ),
    });
  });
  return t('digest.openedByType', { list: keep(join(items, ' · ')) });
}

/**
 * The weekly digest message: every figure with its change from the week before and the target
 * it is held to; customers per tier; one line per agent; while fewer than two weeks have
 * figures (`chart`), a line saying the trend chart comes later.
 */
export function digestMessage(
  t: Translate,
  window: WeekWindow,
  figures: WeekFigures,
  previous: WeekFigures | undefined,
  targets: Targets,
  chart?: {
    chartWeeks: number;
    past?: PastSla;
    /**
     * Who moved tier is named (the figures' `tierMoves`): their names by id, the currency, and
     * the overrides in force (a move one made says so).
     */
    tierMoves?: { names: Map<string, string>; currency: string };
    /**
     * The desk's first day, when the week before began before it (flows/digest.ts
     * `firstMeasured`; `previous` is then none): a line says why no change is shown.
     */
    newSince?: string;
  },
): Message {
  const params = {
    week: periodName(t, window.week),
    from: window.fromDate,
    to: addDaysToDate(window.toDate, -1),
  };
  const blocks: Block[] = [header(t.plain('digest.title', params))];
  if (chart?.newSince) blocks.push(context(t('digest.newDesk', { since: chart.newSince })));
  for (const section of SECTIONS) {
    blocks.push(markdown(md`*${t(section.title)}*`));
    blocks.push(
      fieldsSection(section.figures.map((spec) => field(t, spec, figures, previous, targets))),
    );
    // Under the service figures: the 72 h are business hours (the label, drawn in the chart too,
    // is kept short), around the clock for 24x7 tickets.
    if (section.title === 'digest.section.service') blocks.push(context(t('digest.hoursNote')));
    // Under the tickets: those opened by type, each with its change (a week stored before: none).
    const byType =
      section.title === 'digest.section.tickets' && openedByTypeLine(t, figures, previous);
    if (byType) blocks.push(context(byType));
    // Under the follow-ups: how many were moved to a later day in the week, when any were.
    const moved = figures.followUpsMoved ?? 0;
    if (section.title === 'digest.section.satisfaction' && moved > 0)
      blocks.push(context(t('digest.followUpsMoved', { count: moved })));
  }
  const tiers = figures.byTier;
  blocks.push(
    context(
      t('digest.tiers', {
        strategic: tiers.strategic,
        key: tiers.key,
        normal: tiers.normal,
        prospects: figures.prospects ?? 0,
        ups: figures.tierUps,
        downs: figures.tierDowns,
      }),
    ),
  );
  // Who moved tier in the week, from and to, when any did (the line above counts the same
  // customers up and down; weeks stored before the list have those counts only).
  if (chart?.tierMoves && figures.tierMoves?.total)
    blocks.push(
      ...tierMoveBlocks(t, {
        kind: 'week',
        moves: figures.tierMoves,
        currency: chart.tierMoves.currency,
        names: chart.tierMoves.names,
      }),
    );
  if (chart?.past) blocks.push(...pastSlaLines(t, chart.past));
  blocks.push(markdown(md`*${t('digest.section.agents')}*`));
  // Only those with a figure of their line (a filer of late tickets alone: the line below).
  const listed = figures.perAgent.filter(hasAgentLine);
  const agents = listed.slice(0, AGENTS_MAX).map((a) => agentLine(t, a));
  blocks.push(markdown(agents.length ? join(agents, '\n') : t('digest.noAgents')));
  if (listed.length > AGENTS_MAX)
    blocks.push(context(t('digest.moreAgents', { count: listed.length - AGENTS_MAX })));
  const loggedLate = loggedLateLine(t, figures.perAgent);
  if (loggedLate) blocks.push(context(loggedLate));
  // None of the chart's weeks has figures: not "comes once there are two weeks ... so far: 0",
  // which a desk that drew charts before (a quiet stretch since) would read as never having any.
  if (chart && chart.chartWeeks === 0)
    blocks.push(context(t('digest.chartNone', { weeks: CHART_WEEKS })));
  else if (chart && chart.chartWeeks < CHART_MIN_WEEKS)
    blocks.push(context(t('digest.chartLater', { count: chart.chartWeeks })));
  return { text: figuresText(t, t('digest.title', params), figures), blocks };
}

const isText = (text: Mrkdwn | undefined): text is Mrkdwn => !!text;

/**
 * A chart value on its 0-100 axis, as the message shows it (`asShown`): rates in % to a tenth,
 * the satisfaction score to a tenth. The chart's labels and its alt text then say what the
 * message says (23 of 80 is 28.8 % in both; `toFixed` of 28.75 read 28.7).
 */
export const chartValue = (kind: 'rate' | 'score', value: number) =>
  kind === 'rate' ? Math.round(asShown(kind, value) * 1000) / 10 : asShown(kind, value);
export const chartText = (kind: 'rate' | 'score', value: number) =>
  `${value.toFixed(1).replace(/\.0$/, '')}${kind === 'rate' ? '%' : ''}`;

/** The weeks the chart shows: from the first with any charted figure to the reported week. */
export function chartWeeks(weeks: WeekWindow[], figures: Map<string, WeekFigures>): WeekWindow[] {
  const first = weeks.findIndex((w) =>
    CHART_SERIES.some((s) => {
      const value = figures.get(w.week)?.[s.figure];
      return value !== null && value !== undefined;
    }),
  );
  return first < 0 ? [] : weeks.slice(first);
}

/** Every character the chart may draw from the catalogue, in both languages, and ASCII. */
export function chartCharacters(): string {
  const chars = new Set<string>();
  for (let c = 0x20; c < 0x7f; c++) chars.add(String.fromCharCode(c));
  for (const c of '–·…') chars.add(c);
  for (const locale of LOCALES)
    for (const key of CHART_DRAWN) for (const c of catalogues[locale][key]) chars.add(c);
  return [...chars].sort().join('');
}

type ChartSeries = (typeof CHART_SERIES)[number];

/**
 * What the chart of the last weeks' key rates draws: title, % axis, one line per rate (the
 * renderer gives each its own marker and dash), one labelled line per target value (the rates
 * held to 95 % share one), the legend naming each rate with its target; in the workspace's
 * language. Null while fewer than CHART_MIN_WEEKS weeks have figures.
 */
export function digestChartInput(
  t: Translate,
  week: WeekWindow,
  weeks: WeekWindow[],
  figures: Map<string, WeekFigures>,
  targets: Targets,
): LineChartInput | null {
  const shown = chartWeeks(weeks, figures);
  if (shown.length < CHART_MIN_WEEKS) return null;
  return {
    title: t.plain('digest.chart.title', { week: periodName(t, week.week), count: shown.length }),
    subtitle: t.plain('digest.chart.subtitle'),
    labels: shown.map((w) => t.plain('digest.chart.week', { n: Number(w.week.slice(6)) })),
    ...rateChartLines(
      t,
      targets,
      shown.map((w) => figures.get(w.week)),
    ),
  };
}

/**
 * The key rates drawn over the periods shown (each period's figures, or none): one line per
 * rate with its target in the legend, one labelled line per target value (the rates held to
 * 95 % share one), a % axis. The weekly digest's chart and the reports' draw the same.
 */
export function rateChartLines(
  t: Translate,
  targets: Targets,
  periods: (WeekFigures | undefined)[],
): Pick<LineChartInput, 'series' | 'yLabel' | 'targets'> {
  const goal = (s: ChartSeries) => chartValue(s.kind, targets[s.target]);
  const lines = new Map<number, string>();
  for (const s of CHART_SERIES) {
    const label = t.plain('digest.chart.target', { value: chartText(s.kind, goal(s)) });
    if (!lines.has(goal(s))) lines.set(goal(s), label);
  }
  return {
    series: CHART_SERIES.map((s) => ({
      name: t.plain('digest.chart.legend', {
        name: t.plain(`digest.f.${s.figure}`),
        target: chartText(s.kind, goal(s)),
      }),
      values: periods.map((f) => {
        const value = f?.[s.figure];
        return value === null || value === undefined ? null : chartValue(s.kind, value);
      }),
      format: (v: number) => chartText(s.kind, v),
    })),
    yLabel: (v) => `${v}%`,
    targets: [...lines].map(([value, label]) => ({ value, label })),
  };
}

/** Each key rate's latest figure and its target, listed as the charts' alt text says them. */
export function rateAltItems(
  t: Translate,
  targets: Targets,
  latest: WeekFigures | undefined,
): string {
  return CHART_SERIES.map((s) => {
    const value = latest?.[s.figure];
    const name = t.plain(`digest.f.${s.figure}`);
    const target = chartText(s.kind, chartValue(s.kind, targets[s.target]));
    // "满意度（百分制）为 73.3", "NPS 为 0": the words around the value are the language's.
    return value === null || value === undefined
      ? t.plain('digest.chart.altNoValue', { name, target })
      : t.plain('digest.chart.altItem', {
          name,
          value: chartText(s.kind, chartValue(s.kind, value)),
          target,
        });
  }).join(t.plain('digest.chart.listSeparator'));
}

/** A chart rendered to PNG, with the file name, title and alt text its upload carries. */
export interface ChartFile {
  png: Buffer;
  filename: string;
  title: PlainText;
  altText: PlainText;
}

/**
 * The charts drawn, kept by input (chart-cache.ts). The renderer is loaded on the first chart:
 * ECharts and resvg take a second and ~70 MB that a desk which posts no digest (or only once a
 * week) need not carry from its start.
 */
const charts = new ChartPngCache(async (input) => {
  const { renderLineChart } = await import('./chart.js');
  return renderLineChart(input);
});

/** Renders a chart for a thread upload (or takes the one drawn before for the same input). */
export async function chartFile(
  input: LineChartInput,
  file: Omit<ChartFile, 'png'>,
): Promise<ChartFile> {
  return { png: await charts.png(input), ...file };
}

/**
 * The chart as the PNG the digest uploads in its thread, with its file name, title and alt
 * text (the weeks, and each rate's latest figure and target). Null while fewer than
 * CHART_MIN_WEEKS weeks have figures (the message says so instead).
 */
export async function digestChart(
  t: Translate,
  week: WeekWindow,
  weeks: WeekWindow[],
  figures: Map<string, WeekFigures>,
  targets: Targets,
): Promise<ChartFile | null> {
  const input = digestChartInput(t, week, weeks, figures, targets);
  if (!input) return null;
  return chartFile(input, {
    filename: `kpi-${week.week}.png`,
    title: t.plain('digest.chartTitle', { week: periodName(t, week.week) }),
    altText: t.plain('digest.chartAlt', {
      count: input.labels.length,
      week: periodName(t, week.week),
      latest: rateAltItems(t, targets, figures.get(week.week)),
    }),
  });
}
