import type { AgentFigures, WeekFigures, WeekWindow } from '../digest/types.js';
import { PALETTE, renderRateChart } from './chart.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import { addDaysToDate } from '../time.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import { context, fieldsSection, header, markdown, type Block, type Message } from './blocks.js';
import { escape, join, keep, md, type Mrkdwn, type PlainText } from './text.js';

type Targets = WorkspaceSettings['digest']['targets'];
type Kind = 'count' | 'rate' | 'score' | 'minutes';
type Figure = Exclude<keyof WeekFigures, 'byTier' | 'perAgent'>;

interface Spec {
  figure: Figure;
  kind: Kind;
  target?: keyof Targets;
}

/** The digest's sections: which figures, how they read, and the target each is held to. */
const SECTIONS: { title: MessageKey; figures: Spec[] }[] = [
  {
    title: 'digest.section.tickets',
    figures: [
      { figure: 'opened', kind: 'count' },
      { figure: 'resolved', kind: 'count' },
      { figure: 'backlog', kind: 'count' },
      { figure: 'overdue', kind: 'count' },
      { figure: 'complaints', kind: 'count' },
    ],
  },
  {
    title: 'digest.section.service',
    figures: [
      { figure: 'responseOnTime', kind: 'rate', target: 'responseOnTime' },
      { figure: 'resolvedWithin72h', kind: 'rate', target: 'resolvedWithin72h' },
      { figure: 'resolvedWithinSla', kind: 'rate' },
      { figure: 'firstContactResolution', kind: 'rate', target: 'firstContactResolution' },
      { figure: 'medianFirstResponseMinutes', kind: 'minutes' },
      { figure: 'medianResolutionMinutes', kind: 'minutes' },
    ],
  },
  {
    title: 'digest.section.satisfaction',
    figures: [
      { figure: 'satisfaction', kind: 'score', target: 'satisfaction' },
      { figure: 'nps', kind: 'score', target: 'nps' },
      { figure: 'verySatisfiedShare', kind: 'rate', target: 'verySatisfiedShare' },
      { figure: 'revisitsOnTime', kind: 'rate' },
    ],
  },
  {
    title: 'digest.section.customers',
    figures: [
      { figure: 'newCustomers', kind: 'count' },
      { figure: 'churnWarnings', kind: 'count' },
      { figure: 'churned', kind: 'count' },
      { figure: 'retention', kind: 'rate' },
    ],
  },
];

/** The series the chart draws, in PALETTE order, and the emoji square of each colour. */
export const CHART_SERIES = [
  { figure: 'responseOnTime', scale: 100, legend: '🟦' },
  { figure: 'resolvedWithin72h', scale: 100, legend: '🟧' },
  { figure: 'firstContactResolution', scale: 100, legend: '🟩' },
  { figure: 'satisfaction', scale: 1, legend: '🟥' },
] as const satisfies readonly { figure: Figure; scale: number; legend: string }[];

const AGENTS_MAX = 10;

function minutes(t: Translate, value: number): Mrkdwn {
  const m = Math.round(value);
  if (m < 60) return t('digest.minutes', { m });
  return t('digest.hours', { h: Math.floor(m / 60), m: m % 60 });
}

function formatValue(t: Translate, kind: Kind, value: number | null): Mrkdwn {
  if (value === null) return escape('–');
  if (kind === 'rate') return escape(`${(value * 100).toFixed(1).replace(/\.0$/, '')}%`);
  if (kind === 'minutes') return minutes(t, value);
  return escape(String(Math.round(value * 10) / 10));
}

function signed(n: number, digits = 0): string {
  const text = Math.abs(n).toFixed(digits).replace(/\.0$/, '');
  return n > 0 ? `+${text}` : n < 0 ? `−${text}` : '±0';
}

/** "(+2.5 pts vs last week)": nothing when either week has no value. */
function change(
  t: Translate,
  kind: Kind,
  now: number | null,
  before: number | null | undefined,
): Mrkdwn | undefined {
  if (now === null || before === null || before === undefined) return undefined;
  const delta = now - before;
  if (kind === 'rate') return t('digest.changePoints', { delta: signed(delta * 100, 1) });
  if (kind === 'minutes') return t('digest.change', { delta: signed(delta) });
  return t('digest.change', { delta: signed(delta, kind === 'score' ? 1 : 0) });
}

function target(
  t: Translate,
  spec: Spec,
  value: number | null,
  targets: Targets,
): Mrkdwn | undefined {
  if (!spec.target || value === null) return undefined;
  const goal = targets[spec.target];
  const shown = formatValue(t, spec.kind, goal);
  return md`${escape(value >= goal ? '✅' : '⚠️')} ${t('digest.target', { target: keep(shown) })}`;
}

function field(
  t: Translate,
  spec: Spec,
  figures: WeekFigures,
  previous: WeekFigures | undefined,
  targets: Targets,
) {
  const value = figures[spec.figure];
  const shown = [
    formatValue(t, spec.kind, value),
    change(t, spec.kind, value, previous?.[spec.figure]),
  ];
  const lines = [
    md`*${t(`digest.f.${spec.figure}`)}*`,
    join(shown.filter(isText), ' '),
    target(t, spec, value, targets),
  ];
  return join(lines.filter(isText), '\n');
}

function agentLine(t: Translate, a: AgentFigures): Mrkdwn {
  return t('digest.agent', {
    user: a.agentId,
    handled: a.handled,
    onTime: keep(formatValue(t, 'rate', a.onTime)),
    satisfaction: keep(formatValue(t, 'score', a.satisfaction)),
  });
}

/**
 * The weekly digest message: every figure with its change from the week before and the target
 * it is held to; customers per tier; one line per agent.
 */
export function digestMessage(
  t: Translate,
  window: WeekWindow,
  figures: WeekFigures,
  previous: WeekFigures | undefined,
  targets: Targets,
): Message {
  const params = {
    week: window.week,
    from: window.fromDate,
    to: addDaysToDate(window.toDate, -1),
  };
  const blocks: Block[] = [header(t.plain('digest.title', params))];
  for (const section of SECTIONS) {
    blocks.push(markdown(md`*${t(section.title)}*`));
    blocks.push(
      fieldsSection(section.figures.map((spec) => field(t, spec, figures, previous, targets))),
    );
  }
  const tiers = figures.byTier;
  blocks.push(
    context(
      t('digest.tiers', {
        strategic: tiers.strategic,
        key: tiers.key,
        normal: tiers.normal,
        ups: figures.tierUps,
        downs: figures.tierDowns,
      }),
    ),
  );
  blocks.push(markdown(md`*${t('digest.section.agents')}*`));
  const agents = figures.perAgent.slice(0, AGENTS_MAX).map((a) => agentLine(t, a));
  blocks.push(markdown(agents.length ? join(agents, '\n') : t('digest.noAgents')));
  if (figures.perAgent.length > AGENTS_MAX)
    blocks.push(context(t('digest.moreAgents', { count: figures.perAgent.length - AGENTS_MAX })));
  return { text: t('digest.title', params), blocks };
}

const isText = (text: Mrkdwn | undefined): text is Mrkdwn => !!text;

/** The chart's legend, put in the message (the image carries no words, so no fonts needed). */
export function chartLegend(t: Translate): Mrkdwn {
  return join(
    CHART_SERIES.map((s) => md`${escape(s.legend)} ${t(`digest.f.${s.figure}`)}`),
    '  ',
  );
}

/** The chart of the last weeks' key rates, as the PNG file the digest uploads. */
export function digestChart(
  t: Translate,
  week: WeekWindow,
  weeks: WeekWindow[],
  figures: Map<string, WeekFigures>,
  targets: Targets,
): { png: Buffer; filename: string; title: PlainText; altText: PlainText; legend: Mrkdwn } {
  const png = renderRateChart({
    labels: weeks.map((w) => w.week.slice(5)),
    series: CHART_SERIES.map((s, i) => ({
      color: PALETTE[i]!,
      values: weeks.map((w) => {
        const value = figures.get(w.week)?.[s.figure];
        return value === null || value === undefined ? null : value * s.scale;
      }),
    })),
    targets: [
      { value: targets.resolvedWithin72h * 100, color: PALETTE[1]! },
      { value: targets.firstContactResolution * 100, color: PALETTE[2]! },
    ],
  });
  return {
    png,
    filename: `kpi-${week.week}.png`,
    title: t.plain('digest.chartTitle', { week: week.week }),
    altText: t.plain('digest.chartAlt', { weeks: weeks.length }),
    legend: chartLegend(t),
  };
}
