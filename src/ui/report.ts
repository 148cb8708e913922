/**
 * The monthly and quarterly reports (and a week's on demand) as a Slack message, a chart and
 * CSV rows. Pure builders.
 */
import { KEY_FACTS } from '../customer/fields.js';
import { CHURN_REASONS, type ChurnReasonCode, type Tier } from '../customer/types.js';
import type { HeldTier, PeriodWindow, ReportFigures, TierFigures } from '../digest/types.js';
import { REPORT_CHART_PERIODS, REPORT_TIERS } from '../digest/types.js';
import type { WeekFigures } from '../digest/types.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import { TICKET_TYPES } from '../ticket/types.js';
import { addDaysToDate } from '../time.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import {
  context,
  fieldsSections,
  header,
  lineSections,
  markdown,
  type Block,
  type Message,
} from './blocks.js';
import type { LineChartInput } from './chart.js';
import {
  agentLine,
  asShown,
  CHART_MIN_WEEKS,
  CHART_SERIES,
  chartFile,
  type ChartFile,
  figuresText,
  formatValue,
  hasAgentLine,
  loggedLateLine,
  rateAltItems,
  rateChartLines,
  signed,
  targetMark,
  type Kind,
  valueWithChange,
  digestFigures,
  notedCount,
  partOf,
  type Spec,
} from './digest.js';
import { formatAmount } from './format.js';
import { periodName } from '../i18n/period.js';
import { escape, join, keep, md, type Mrkdwn, type PlainText } from './text.js';
import { heldTierBlocks, tierMoveBlocks } from './tier-moves.js';

type Targets = WorkspaceSettings['digest']['targets'];

/**
 * The targets a stored report is read against: those kept with it (`stored`, read key by key,
 * not as a whole object), each one it lacks filled from the workspace's targets now (`today`):
 * a target added to the settings after the report was stored, or every one for a report stored
 * before they were kept. `now` names the filled ones (the CSV's `targetNow` rows), so that
 * today's target is never passed off as the period's.
 */
export function reportTargets(
  stored: Partial<Record<string, unknown>> | undefined,
  today: Targets | undefined,
): { targets: Targets; kept: string[]; now: string[] } {
  const kept = Object.keys(stored ?? {}).filter((k) => typeof stored?.[k] === 'number');
  const now = Object.keys(today ?? {}).filter((k) => !kept.includes(k));
  const targets = { ...today } as Record<string, unknown>;
  for (const k of kept) targets[k] = stored![k];
  return { targets: targets as Targets, kept, now };
}
type Overall = Exclude<
  keyof WeekFigures,
  'byTier' | 'prospects' | 'perAgent' | 'tierMoves' | 'openedByType'
>;

const LIST_MAX = 15;

const OVERALL: {
  figure: Overall;
  kind: Kind;
  target?: keyof Targets;
  label?: MessageKey;
  /** How many of a count are done, said under it: "(1 done)". */
  base?: Overall;
  /** Of a share, how many of how many (`base`): "(4 of 5)"; `share`, as the digest's `partOf`. */
  part?: Overall | 'share';
  /** A count said under it when there is any ("2 follow-ups: customer not reached"), as the digest says it. */
  note?: Spec['note'];
}[] = [
  { figure: 'opened', kind: 'count' },
  // Logged over 1 h after receipt (manual A); a report stored before reads "–".
  { figure: 'loggedLate', kind: 'count' },
  { figure: 'resolved', kind: 'count' },
  { figure: 'backlog', kind: 'count', label: 'report.f.backlog' },
  { figure: 'overdue', kind: 'count', label: 'report.f.overdue' },
  { figure: 'responseOnTime', kind: 'rate', target: 'responseOnTime' },
  { figure: 'resolvedWithin72h', kind: 'rate', target: 'resolvedWithin72h' },
  { figure: 'resolvedWithinSla', kind: 'rate' },
  { figure: 'nextReplyOnTime', kind: 'rate', base: 'nextReplies', part: 'nextRepliesInTime' },
  { figure: 'firstContactResolution', kind: 'rate', target: 'firstContactResolution' },
  { figure: 'medianFirstResponseMinutes', kind: 'minutes' },
  { figure: 'medianResolutionMinutes', kind: 'minutes' },
  { figure: 'satisfaction', kind: 'score', target: 'satisfaction' },
  { figure: 'nps', kind: 'score', target: 'nps' },
  { figure: 'verySatisfiedShare', kind: 'rate', target: 'verySatisfiedShare' },
  {
    figure: 'revisitsOnTime',
    kind: 'rate',
    base: 'revisitsDue',
    part: 'share',
    note: { figure: 'followUpsNotReached', key: 'digest.notReached' },
  },
];

/** The digest's complaint figures the report shows (the rest are among its customer figures). */
const COMPLAINT_FIGURES: readonly Overall[] = [
  'openComplaints',
  'complaintBreaches',
  'complaintsNotReached',
  'repeatComplaints',
];

/** The digest's customer figures, heading the customers section (before the repurchase rate). */
const CUSTOMERS: typeof OVERALL = [
  { figure: 'newCustomers', kind: 'count' },
  { figure: 'lateRecords', kind: 'count' },
  // Manual B's 24 h for interactions (per owner below); a report stored before reads "–".
  { figure: 'lateInteractions', kind: 'count' },
  { figure: 'churnWarnings', kind: 'count' },
  { figure: 'upgradeIntents', kind: 'count', base: 'upgradeIntentsDone' },
  // Churned; the retention rate reads below, beside the churn rate, from the same counts
  // (`retentionRate`), not as the week figures' own.
  { figure: 'churned', kind: 'count' },
  // A report stored before it was counted reads "–" (none), not 0.
  { figure: 'lowRiskCustomers', kind: 'count' },
];

const TITLES = {
  week: 'report.title.week',
  month: 'report.title.month',
  quarter: 'report.title.quarter',
} as const;

/** The report's title: kind, period and its first and last day. */
export function reportTitle(t: Translate, window: PeriodWindow): PlainText {
  return t.plain(TITLES[window.kind], {
    period: periodName(t, window.period),
    from: window.fromDate,
    to: addDaysToDate(window.toDate, -1),
  });
}

/** "(+2 vs 2026-09)": nothing when either period has no value. */
function change(
  t: Translate,
  kind: Kind,
  now: number | null,
  before: number | null | undefined,
  previous: string,
): Mrkdwn | undefined {
  if (now === null || before === null || before === undefined) return undefined;
  // The difference of the figures as read (94.9% then 90.1%: −4.8 pts), not of the raw ones.
  const delta = asShown(kind, now) - asShown(kind, before);
  if (kind === 'rate')
    return t('report.changePoints', { delta: signed(delta * 100, 1, t.locale), previous });
  if (kind === 'minutes') {
    const m = Math.round(delta);
    const sign = m > 0 ? '+' : m < 0 ? '−' : '±';
    return t('report.change', {
      delta: keep(md`${escape(sign)}${formatValue(t, 'minutes', Math.abs(m))}`),
      previous,
    });
  }
  return t('report.change', { delta: signed(delta, kind === 'score' ? 1 : 0, t.locale), previous });
}

function against(t: Translate, value: number | null, goal: number, kind: Kind): Mrkdwn | undefined {
  if (value === null) return undefined;
  const shown = formatValue(t, kind, goal, true);
  return md`${escape(targetMark(kind, value, goal))} ${t('digest.target', { target: keep(shown) })}`;
}

const isText = (text: Mrkdwn | undefined): text is Mrkdwn => !!text;

/**
 * The retention rate of a period: the share of the customers at its start who did not churn in
 * it, from the one count the churn rate is of (report-figures.ts `churn`), so the report's two
 * read 100 % together as shown (the complement of the churn rate as it reads: churn 6.3 %,
 * retention 93.7 %, never 93.8 %); none when there was no customer at the start.
 */
export function retentionRate(r: Pick<ReportFigures['retention'], 'churnRate'>): number | null {
  return r.churnRate === null ? null : 1 - asShown('rate', r.churnRate);
}

/**
 * A churn reason as read: the one recorded on the win-back call by its label (`Price`), a
 * competitor contact on file or none recorded as said, anything else (a reason of an older
 * version) as stored.
 */
function reasonLabel(t: Translate, reason: string): string {
  if (reason === 'competitor' || reason === 'unrecorded') return t.plain(`report.reason.${reason}`);
  return (CHURN_REASONS as readonly string[]).includes(reason)
    ? t.plain(`churnReason.${reason as ChurnReasonCode}`)
    : reason;
}

function field(label: Mrkdwn, ...lines: (Mrkdwn | undefined)[]): Mrkdwn {
  return join([md`*${label}*`, ...lines.filter(isText)], '\n');
}

const rate = (t: Translate, v: number | null) => formatValue(t, 'rate', v);

/** A tier's line; its revenue, the change and its share of all only when `withRevenue`. */
function tierLine(
  t: Translate,
  tier: (typeof REPORT_TIERS)[number],
  f: TierFigures,
  currency: string,
  previous: string,
  withRevenue: boolean,
): Mrkdwn {
  const money = (n: number) => formatAmount(n, currency, t.locale);
  const common = {
    tier: t.plain(`report.tierName.${tier}`),
    customers: f.customers,
    share: keep(rate(t, f.share)),
    satisfaction: keep(formatValue(t, 'score', f.satisfaction)),
    // As every figure's target reads ("⚠️ target 90"), the mark only when there is a score.
    target: keep(
      against(t, f.satisfaction, f.satisfactionTarget, 'score') ??
        t('digest.target', {
          target: keep(formatValue(t, 'score', f.satisfactionTarget, true)),
        }),
    ),
    churned: f.churned,
    repurchase: keep(rate(t, f.repurchaseRate)),
    opened: f.service.opened,
    complaints: f.service.complaints,
    fcr: keep(rate(t, f.service.firstContactResolution)),
    onTime: keep(rate(t, f.service.responseOnTime)),
  };
  if (!withRevenue) return t('report.tierShared', common);
  return t('report.tier', {
    ...common,
    revenue: money(f.revenue),
    contributionChange: keep(
      f.contributionChange === null
        ? escape('–')
        : escape(signed(f.contributionChange * 100, 1, t.locale) + '%'),
    ),
    previous,
    contribution: keep(rate(t, f.contribution)),
  });
}

/**
 * The report: every weekly figure over the period with its change from the period before and
 * its target; the retention figures; one line per tier (customers and share, revenue and its
 * change, contribution, satisfaction against the tier's target, churn, repurchase, service);
 * one line per owner and per agent; and, while fewer than two periods have figures, a line
 * saying the chart comes later (or, when none of the chart's periods has any, saying that).
 */
export function reportMessage(
  t: Translate,
  input: {
    window: PeriodWindow;
    previous: PeriodWindow;
    figures: ReportFigures;
    before: ReportFigures | undefined;
    /**
     * The desk's first day, when the period before began before it (flows/digest.ts
     * `firstMeasured`): the desk's own figures show no change from that period, and a line says
     * why; the figures from orders with their own dates (the repurchase rate, each tier's
     * revenue change) are compared as usual.
     */
    newSince?: string;
    settings: Pick<WorkspaceSettings, 'currency' | 'digest' | 'timeZone'>;
    chartPeriods?: number;
    /**
     * The owners whose revenue (their customers' orders) the reader may read, by id: a report
     * sent to a manager or an admin (`/desk report`) lists every owner, those with their revenue,
     * and says how many are without. A channel's post (none given) shows no owner's revenue
     * (personal data rules, #12).
     */
    ownersShown?: ReadonlySet<string>;
    /**
     * The tiers whose revenue (their customers' orders), its change and share of all the reader
     * may read: a report sent to a manager or an admin (`/desk report`) shows those, and says how
     * many tiers are without. A channel's post (none given) shows no tier's revenue: a tier of
     * one customer would say that customer's orders (personal data rules, #12).
     */
    tiersShown?: ReadonlySet<Tier>;
    /** The names of the customers it names (its tier moves), by id; a code alone without. */
    names?: Map<string, string>;
    /**
     * The customers among its tier moves whose annual purchases the reader may read, by id: a
     * report sent to a manager or an admin; a channel's post shows none (personal data rules).
     */
    revenueShown?: ReadonlySet<string>;
    /**
     * The customers whose tier an override holds now, read as it is sent: a tier move one made
     * says so, and the quarterly review lists them all.
     */
    held?: readonly HeldTier[];
  },
): Message {
  const { window, figures, before, settings } = input;
  const prev = periodName(t, input.previous.period);
  // Those kept with the report, each one it lacks the settings' now (reportTargets).
  const { targets } = reportTargets(figures.targets, settings.digest.targets);
  const money = (n: number) => formatAmount(n, settings.currency, t.locale);
  const o = figures.overall;
  const r = figures.retention;
  const title = reportTitle(t, window);
  // A figure and its change from the period before ("12.5% (+2.0 pts vs 2026-09)").
  const withChange = (kind: Kind, now: number | null, then: number | null | undefined) =>
    valueWithChange(t, formatValue(t, kind, now), change(t, kind, now, then, prev));
  const blocks: Block[] = [header(title)];
  // The desk's own records of a period begun before it served the workspace are not figures of
  // that period: no change from them, and the reader is told why.
  const measured = input.newSince ? undefined : before;
  if (input.newSince)
    blocks.push(context(t('report.newDesk', { since: input.newSince, previous: prev })));

  // A weekly figure over the period, with its change and target.
  const overall = (spec: (typeof OVERALL)[number]) => {
    const value = o[spec.figure] ?? null;
    // A count's part done ("(1 done)"), when there is any count (a report stored before: none).
    // A share's part of its base ("(4 of 5)"), when there is a share.
    const base = spec.base && (spec.part ? value !== null : value) ? o[spec.base] : undefined;
    return field(
      t(spec.label ?? `digest.f.${spec.figure}`),
      withChange(spec.kind, value, measured?.overall[spec.figure]),
      typeof base === 'number'
        ? spec.part
          ? t('digest.base.partOf', { count: base, part: partOf(spec.part, o, value, base) })
          : t('digest.base.done', { count: base })
        : undefined,
      notedCount(t, spec.note, o),
      spec.target ? against(t, value, targets[spec.target], spec.kind) : undefined,
    );
  };
  // The tickets opened by type, each with its change (the week figures' count; a report stored
  // before it was there: the one it stored apart; before either: none).
  const byType = openedByTypeOf(figures);
  const byTypeBefore = measured && openedByTypeOf(measured);
  const openedByType =
    byType &&
    field(
      t('report.f.openedByType'),
      ...TICKET_TYPES.map((type) =>
        t('report.openedType', {
          type: t.plain(`ticket.type.${type}`),
          count: keep(withChange('count', byType[type], byTypeBefore?.[type])),
        }),
      ),
    );
  blocks.push(markdown(md`*${t('report.section.service')}*`));
  blocks.push(
    ...fieldsSections([...OVERALL.map(overall), ...(openedByType ? [openedByType] : [])]),
  );
  // The 72 h are business hours (the label, drawn in the chart too, is kept short).
  blocks.push(context(t('digest.hoursNote')));

  // The quarterly satisfaction survey, its own line: it rates the relationship, not a
  // resolution, so it stays out of the satisfaction above (the 3-7-30 follow-ups').
  const survey = figures.survey;
  if (survey && (survey.owed || survey.surveyed))
    blocks.push(
      markdown(
        t('report.survey', {
          surveyed: survey.surveyed,
          owed: survey.owed,
          satisfaction: keep(formatValue(t, 'score', survey.satisfaction)),
          nps: keep(formatValue(t, 'score', survey.nps)),
        }),
      ),
    );

  // The digest's sections the service figures above do not hold, as the digest shows them: the
  // requesters' own survey, and the complaints (how many are open, missed their targets or came
  // again; the complaint rate is among the customer figures). A report stored before a section
  // was counted has none of its figures: no section.
  const digestSection = (title: MessageKey, shown: (spec: Spec) => boolean, stored: Overall) => {
    if (o[stored] === undefined) return;
    blocks.push(markdown(md`*${t(title)}*`));
    blocks.push(
      ...fieldsSections(
        digestFigures(title)
          .filter(shown)
          .map((spec) => {
            const value = o[spec.figure] ?? null;
            const base = value !== null && spec.base ? o[spec.base.figure] : undefined;
            return field(
              t(`digest.f.${spec.figure}`),
              withChange(spec.kind, value, measured?.overall[spec.figure]),
              typeof base === 'number' && spec.base ? t(spec.base.key, { count: base }) : undefined,
              spec.target ? against(t, value, targets[spec.target], spec.kind) : undefined,
            );
          }),
      ),
    );
  };
  digestSection('digest.section.customerSatisfaction', () => true, 'surveysSent');
  digestSection(
    'digest.section.complaints',
    (spec) => COMPLAINT_FIGURES.includes(spec.figure),
    'openComplaints',
  );

  // The customer figures under their own heading (not a "Retention" figure, then a
  // "Retention" heading).
  blocks.push(markdown(md`*${t('report.section.customers')}*`));
  const ratioLine = (key: MessageKey, part: number, whole: number) => t(key, { part, whole });
  blocks.push(
    ...fieldsSections([
      ...CUSTOMERS.map(overall),
      // Against their targets (domain 6: manual E's 55 %, 25 % of the new customers), as the
      // weekly figures above are against theirs.
      field(
        t('report.f.repurchaseRate'),
        withChange('rate', r.repurchaseRate, before?.retention.repurchaseRate),
        ratioLine('report.of.repurchase', r.repurchasers, r.previousBuyers),
        against(t, r.repurchaseRate, targets.repurchaseRate, 'rate'),
      ),
      field(
        t('report.f.referralShare'),
        withChange('rate', r.referralShare, measured?.retention.referralShare),
        ratioLine('report.of.referral', r.referred, r.newCustomers),
        against(t, r.referralShare, targets.referralShare, 'rate'),
      ),
      // Retention and churn, one computation: the customers at the start and those of them who
      // churned, read as adding up to 100 %.
      field(
        t('report.f.retentionRate'),
        withChange(
          'rate',
          retentionRate(r),
          measured?.retention && retentionRate(measured.retention),
        ),
        ratioLine('report.of.retention', r.customersAtStart - r.churned, r.customersAtStart),
      ),
      field(
        t('report.f.churnRate'),
        withChange('rate', r.churnRate, measured?.retention.churnRate),
        ratioLine('report.of.churn', r.churned, r.customersAtStart),
      ),
      field(t('report.f.newNeeds'), withChange('count', r.newNeeds, measured?.retention.newNeeds)),
      field(
        t('report.f.needConversion'),
        rate(t, r.needConversion),
        ratioLine('report.of.needs', r.needsConverted, r.needCustomers),
      ),
      field(
        t('report.f.complaintRate'),
        withChange('rate', r.complaintRate, measured?.retention.complaintRate),
        t('report.of.complaints', {
          part: r.complaints,
          whole: r.customersServed,
          per100: keep(formatValue(t, 'score', r.complaintsPer100Tickets)),
        }),
      ),
      field(
        t('report.f.revenue'),
        escape(money(r.revenue)),
        t('report.previousRevenue', { previous: prev, amount: money(r.previousRevenue) }),
      ),
    ]),
  );
  const reasons = r.churnReasons.map((c) =>
    t('report.reason', { reason: reasonLabel(t, c.reason), count: c.count }),
  );
  blocks.push(
    context(
      reasons.length
        ? t('report.churnReasons', { reasons: keep(join(reasons, ' · ')) })
        : t('report.noChurn'),
    ),
  );

  // Data quality (manual D 1.26): the files missing a key fact, by fact (a report stored
  // before it was counted: no line).
  const facts = figures.keyFacts;
  if (facts) {
    const list = KEY_FACTS.filter((f) => facts.byFact[f]).map((f) =>
      t(`report.keyFact.${f}`, { count: facts.byFact[f] }),
    );
    blocks.push(
      context(
        facts.missing
          ? t('report.keyFacts', {
              missing: facts.missing,
              files: facts.files,
              list: keep(join(list, ' · ')),
            })
          : t('report.keyFactsNone', { files: facts.files }),
      ),
    );
  }

  blocks.push(
    markdown(md`*${t('report.section.tiers', { prospects: figures.overall.prospects ?? 0 })}*`),
  );
  const tiersShown = input.tiersShown;
  blocks.push(
    markdown(
      join(
        REPORT_TIERS.map((tier) =>
          tierLine(t, tier, figures.tiers[tier], settings.currency, prev, !!tiersShown?.has(tier)),
        ),
        '\n',
      ),
    ),
  );
  const tiersWithout = tiersShown ? REPORT_TIERS.filter((tier) => !tiersShown.has(tier)).length : 0;
  if (tiersWithout) blocks.push(context(t('report.tiersHidden', { count: tiersWithout })));

  // Who moved tier, from and to (a quarter holds a tier review, its first day).
  if (figures.tierMoves)
    blocks.push(
      ...tierMoveBlocks(t, {
        kind: window.kind,
        moves: figures.tierMoves,
        currency: settings.currency,
        names: input.names,
        revenueShown: input.revenueShown,
        held: input.held,
      }),
    );
  // The quarterly tier review: whose tier an override holds, for a manager to keep or lift.
  if (window.kind === 'quarter' && input.held)
    blocks.push(...heldTierBlocks(t, input.held, input.names, settings.timeZone));

  blocks.push(markdown(md`*${t('report.section.owners')}*`));
  // Every owner, as in the channel's post; their revenue only where the reader may read it.
  const shown = input.ownersShown;
  const owners = figures.perOwner.slice(0, LIST_MAX).map((w) => {
    const line = shown?.has(w.ownerId)
      ? t('report.owner', {
          user: w.ownerId,
          followUps: w.followUpsDone,
          conversions: w.conversions,
          revenue: money(w.revenue),
        })
      : t('report.ownerShared', {
          user: w.ownerId,
          followUps: w.followUpsDone,
          conversions: w.conversions,
        });
    // Their customers' interactions logged after 24 h (manual B), when any.
    return w.lateInteractions
      ? join([line, t('report.ownerLate', { count: w.lateInteractions })], ' · ')
      : line;
  });
  // In as many sections as they need (a line never split, nor cut at Slack's 3000 characters).
  blocks.push(...(owners.length ? lineSections(owners) : [markdown(t('report.noOwners'))]));
  if (figures.perOwner.length > LIST_MAX)
    blocks.push(context(t('report.more', { count: figures.perOwner.length - LIST_MAX })));
  const withoutRevenue = shown ? figures.perOwner.filter((w) => !shown.has(w.ownerId)).length : 0;
  if (withoutRevenue) blocks.push(context(t('report.ownersHidden', { count: withoutRevenue })));

  blocks.push(markdown(md`*${t('report.section.agents')}*`));
  // Each agent as the weekly digest says them (a report stored before "within SLA", the first
  // responses and follow-ups were kept reads without them). Fifteen at their longest take two
  // sections: each line whole, none cut at Slack's 3000 characters of one.
  // Only those with a figure of their line (a filer of late tickets alone: the line below).
  const listed = figures.perAgent.filter(hasAgentLine);
  const agents = listed.slice(0, LIST_MAX).map((a) => agentLine(t, a));
  blocks.push(...(agents.length ? lineSections(agents) : [markdown(t('report.noAgents'))]));
  if (listed.length > LIST_MAX)
    blocks.push(context(t('report.more', { count: listed.length - LIST_MAX })));
  const loggedLate = loggedLateLine(t, figures.perAgent);
  if (loggedLate) blocks.push(context(loggedLate));
  // None of the chart's periods has figures: said so, not "comes once there are two periods ...
  // so far: 0", which a desk that drew charts before (a quiet stretch since) would misread.
  if (input.chartPeriods === 0)
    blocks.push(
      context(
        t('report.chartNone', { count: REPORT_CHART_PERIODS[window.kind], kind: window.kind }),
      ),
    );
  else if (input.chartPeriods !== undefined && input.chartPeriods < CHART_MIN_WEEKS)
    blocks.push(context(t('report.chartLater', { count: input.chartPeriods })));
  const params = {
    period: periodName(t, window.period),
    from: window.fromDate,
    to: addDaysToDate(window.toDate, -1),
  };
  return { text: figuresText(t, t(TITLES[window.kind], params), figures.overall), blocks };
}

/** The periods the chart shows: from the first with any charted figure to the reported one. */
export function chartPeriods(
  windows: PeriodWindow[],
  figures: Map<string, ReportFigures>,
): PeriodWindow[] {
  const first = windows.findIndex((w) =>
    CHART_SERIES.some((s) => {
      const value = figures.get(w.period)?.overall[s.figure];
      return value !== null && value !== undefined;
    }),
  );
  return first < 0 ? [] : windows.slice(first);
}

/** The chart of the last periods' key rates, as the weekly digest's; null under two periods. */
export function reportChartInput(
  t: Translate,
  window: PeriodWindow,
  windows: PeriodWindow[],
  figures: Map<string, ReportFigures>,
  targets: Targets,
): LineChartInput | null {
  const shown = chartPeriods(windows, figures);
  if (shown.length < CHART_MIN_WEEKS) return null;
  return {
    title: t.plain('report.chart.title', {
      period: periodName(t, window.period),
      count: shown.length,
    }),
    subtitle: t.plain('report.chart.subtitle'),
    // Weeks as the digest's chart labels them (`W44`, `第44周`: eight full names would not fit),
    // months and quarters by name (`2026-10`, `2026 年 10 月`).
    labels: shown.map((w) =>
      w.kind === 'week'
        ? t.plain('digest.chart.week', { n: Number(w.period.slice(6)) })
        : periodName(t, w.period),
    ),
    ...rateChartLines(
      t,
      targets,
      shown.map((w) => figures.get(w.period)?.overall),
    ),
  };
}

/** The chart as a PNG for the report's thread, with name, title and alt text; null under two periods. */
export async function reportChart(
  t: Translate,
  window: PeriodWindow,
  windows: PeriodWindow[],
  figures: Map<string, ReportFigures>,
  targets: Targets,
): Promise<ChartFile | null> {
  const input = reportChartInput(t, window, windows, figures, targets);
  if (!input) return null;
  return chartFile(input, {
    filename: `kpi-${window.period}.png`,
    title: t.plain('report.chartFile', { period: periodName(t, window.period) }),
    altText: t.plain('report.chartAlt', {
      count: input.labels.length,
      period: periodName(t, window.period),
      latest: rateAltItems(t, targets, figures.get(window.period)?.overall),
    }),
  });
}

/**
 * A report's tickets opened by type: the week figures' (`overall.openedByType`), else, for a
 * report stored before they were there, the count it stored apart (by receipt); none before
 * either was kept.
 */
function openedByTypeOf(
  figures: Pick<ReportFigures, 'overall' | 'openedByType'>,
): ReportFigures['openedByType'] {
  return figures.overall.openedByType ?? figures.openedByType;
}

/**
 * A report's figures as spreadsheet rows: section, figure, tier, person or customer, value.
 * Rates are fractions (0.425), scores 0-100, minutes and amounts as numbers, empty when there is
 * none. Opened by type: one row per ticket type (`who` the type). The tier moves: how many, then each kept (the most valuable first) by its code: its name
 * (`names`, read when exported; none when not read), from, to, annual purchases and cause
 * (`revenue`, `override` or `overrideLifted`: TierMoveFigure `cause`; never the override's
 * reason). Per agent: resolved, handling time, FCR, satisfaction, and (in reports built since
 * they were kept) first responses given, the share of them on time and follow-ups done. The
 * targets the report is read against, as `/desk report` reads them: those stored with it, one
 * `target` row each, by its figure's name, in the figures' units (the repurchase rate's and the
 * referrals' share among them); each one missing from them (a report stored before they were
 * kept, or before that target was added), the workspace's target now (`targets`), as a
 * `targetNow` row, so that a file never passes today's targets off as the period's. The per-tier satisfaction targets are the tiers' `satisfactionTarget` rows,
 * as stored with the report.
 */
export function reportCsvRows(
  window: PeriodWindow,
  figures: ReportFigures,
  names?: Map<string, string>,
  targets?: Targets,
): string[][] {
  const rows: string[][] = [['kind', 'period', 'section', 'figure', 'who', 'value']];
  const add = (section: string, figure: string, who: string, value: unknown) =>
    rows.push([
      window.kind,
      window.period,
      section,
      figure,
      who,
      value === null || value === undefined ? '' : String(value),
    ]);
  for (const [figure, value] of Object.entries(figures.overall)) {
    if (figure === 'byTier')
      for (const [tier, n] of Object.entries(value as Record<string, number>))
        add('overall', 'customersByTier', tier, n);
    else if (figure !== 'perAgent' && figure !== 'openedByType') add('overall', figure, '', value);
  }
  for (const [figure, value] of Object.entries(figures.retention)) {
    if (figure === 'churnReasons')
      for (const c of value as { reason: string; count: number }[])
        add('retention', 'churnReason', c.reason, c.count);
    else add('retention', figure, '', value);
  }
  for (const tier of REPORT_TIERS) {
    // Whose customers make up the revenue: what a person may read, no figure.
    const { service, revenueOwners: _owners, ...rest } = figures.tiers[tier];
    for (const [figure, value] of Object.entries(rest)) add('tier', figure, tier, value);
    for (const [figure, value] of Object.entries(service)) add('tier', figure, tier, value);
  }
  // Opened by type, one row each (none in a report stored before it was kept).
  const byType = openedByTypeOf(figures);
  if (byType) for (const type of TICKET_TYPES) add('overall', 'openedByType', type, byType[type]);
  if (figures.tierMoves) {
    add('tierMove', 'moved', '', figures.tierMoves.total);
    for (const m of figures.tierMoves.top) {
      add('tierMove', 'name', m.code, names?.get(m.customerId));
      add('tierMove', 'from', m.code, m.from);
      add('tierMove', 'to', m.code, m.to);
      add('tierMove', 'annualRevenue', m.code, m.annualRevenue);
      // What moved it (figures stored before the cause was kept: its purchases, as they read).
      add('tierMove', 'cause', m.code, m.cause ?? 'revenue');
    }
  }
  for (const w of figures.perOwner) {
    add('owner', 'followUpsDone', w.ownerId, w.followUpsDone);
    add('owner', 'conversions', w.ownerId, w.conversions);
    add('owner', 'revenue', w.ownerId, w.revenue);
    if (w.lateInteractions !== undefined)
      add('owner', 'lateInteractions', w.ownerId, w.lateInteractions);
  }
  for (const a of figures.perAgent) {
    // One who only filed tickets late: that row alone, not a row of zeros for each figure.
    if (!hasAgentLine(a)) {
      if (a.loggedLate !== undefined) add('agent', 'loggedLate', a.agentId, a.loggedLate);
      continue;
    }
    add('agent', 'handled', a.agentId, a.handled);
    add('agent', 'medianHandlingMinutes', a.agentId, a.medianHandlingMinutes);
    add('agent', 'firstContactResolution', a.agentId, a.firstContactResolution);
    add('agent', 'satisfaction', a.agentId, a.satisfaction);
    // Kept since: a report stored before has no row of them (not a 0 it never counted).
    if (a.onTime !== undefined) add('agent', 'onTime', a.agentId, a.onTime);
    if (a.responded !== undefined) add('agent', 'responded', a.agentId, a.responded);
    if (a.responseOnTime !== undefined) add('agent', 'responseOnTime', a.agentId, a.responseOnTime);
    if (a.followUpsDone !== undefined) add('agent', 'followUpsDone', a.agentId, a.followUpsDone);
    if (a.followUpsNotReached !== undefined)
      add('agent', 'followUpsNotReached', a.agentId, a.followUpsNotReached);
    if (a.loggedLate !== undefined) add('agent', 'loggedLate', a.agentId, a.loggedLate);
  }
  if (figures.survey)
    for (const [figure, value] of Object.entries(figures.survey)) add('survey', figure, '', value);
  // The files missing a key fact (none in a report stored before it was counted).
  if (figures.keyFacts) {
    add('dataQuality', 'files', '', figures.keyFacts.files);
    add('dataQuality', 'missingKeyField', '', figures.keyFacts.missing);
    for (const fact of KEY_FACTS)
      add('dataQuality', 'missing', fact, figures.keyFacts.byFact[fact]);
  }
  // Those kept with it, then each one it lacks as set now (reportTargets).
  const read = reportTargets(figures.targets, targets);
  const value = read.targets as Record<string, unknown>;
  for (const figure of read.kept) add('target', figure, '', value[figure]);
  for (const figure of read.now) add('targetNow', figure, '', value[figure]);
  return rows;
}
