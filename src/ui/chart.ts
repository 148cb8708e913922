/**
 * Line charts as PNG: Apache ECharts lays the chart out and draws it as SVG (server-side, no DOM),
 * resvg rasterises the SVG with the bundled font (Noto Sans SC, a subset: Latin and the Chinese
 * the catalogue needs), so a chart reads the same on every machine, with no system fonts and no
 * network. Pure: data in, bytes out.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderAsync } from '@resvg/resvg-js';
import type { LineSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TitleComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import type { XAXisComponentOption, YAXisComponentOption } from 'echarts';
import { LabelLayout } from 'echarts/features';
import { SVGRenderer } from 'echarts/renderers';
// The line chart and the four components it draws with, each registered by its own module:
// `echarts/charts` and `echarts/components` load every chart and component ECharts has (Node
// does not tree-shake), which was most of the time an app or a command-line tool took to start.
import 'echarts/lib/chart/line';
import 'echarts/lib/component/grid';
import 'echarts/lib/component/legend';
import 'echarts/lib/component/markLine';
import 'echarts/lib/component/title';

echarts.use([LabelLayout, SVGRenderer]);

type Option = echarts.ComposeOption<
  | LineSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TitleComponentOption
  | XAXisComponentOption
  | YAXisComponentOption
>;

/** The font every chart is drawn in (the family name inside the bundled files). */
export const CHART_FONT_FAMILY = 'Noto Sans SC';
/** The bundled font files (in `assets/fonts/`), made by `npm run font:subset`. */
export const CHART_FONT_FILES = {
  regular: 'NotoSansSC-chart-Regular.ttf',
  bold: 'NotoSansSC-chart-Bold.ttf',
} as const;

/** assets/fonts in the project root; the compiled code finds it too (dist mirrors src). */
function fontDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'assets', 'fonts');
    dir = dirname(dir);
  }
  throw new Error('cannot find the project root (package.json) above ' + import.meta.url);
}
export const CHART_FONT_DIR = fontDir();

/**
 * How each series is told apart without colour: a marker shape and a dash pattern of its own,
 * over the Okabe-Ito palette (distinct for the common colour-vision deficiencies). `text` is a
 * darker shade of the colour for value labels (readable on white).
 */
export const SERIES_STYLES = [
  { color: '#0072B2', text: '#005A8C', symbol: 'circle', dash: 'solid' },
  { color: '#E69F00', text: '#9A6A00', symbol: 'triangle', dash: [10, 4] },
  { color: '#009E73', text: '#006E50', symbol: 'rect', dash: [2, 3] },
  { color: '#D55E00', text: '#A34800', symbol: 'diamond', dash: [12, 3, 3, 3] },
] as const satisfies readonly {
  color: string;
  text: string;
  symbol: string;
  dash: 'solid' | number[];
}[];

export interface LineChartSeries {
  /** as the legend shows it */
  name: string;
  /** one per label; null = no figure that week (a gap in the line) */
  values: (number | null)[];
  /** how a value of this series reads on the chart ('95%', '80') */
  format: (value: number) => string;
}

export interface LineChartInput {
  title: string;
  subtitle?: string;
  /** x-axis labels, oldest first */
  labels: string[];
  /** at most SERIES_STYLES.length */
  series: LineChartSeries[];
  /** the axis ends here (default 100); values are clamped into range */
  yMax?: number;
  /** a y-axis tick label ('80%') */
  yLabel: (value: number) => string;
  /** dotted grey lines across the plot, each labelled ('Target 95%') */
  targets?: { value: number; label: string }[];
  /** in CSS pixels; the PNG is `scale` times larger (default 800 x 460, scale 2) */
  width?: number;
  height?: number;
  scale?: number;
}

export interface RenderedChart {
  png: Buffer;
  svg: string;
  /** of the PNG */
  width: number;
  height: number;
  /** the y axis drawn: from `yMin` to `yMax` */
  yMin: number;
  /** where each drawn point is, in PNG pixels */
  points: { series: number; index: number; x: number; y: number }[];
}

/** Margins around the plot, in CSS pixels: title and subtitle above, legend below, labels right. */
const GRID = { left: 56, right: 60, top: 80, bottom: 92 };
/** Room kept left of the first week for the targets' labels. */
const TARGET_LABEL_ROOM = 72;
/** Markers closer than this (in CSS pixels) would hide one another: they are moved apart. */
const OVERLAP_PX = 10;
/** How far apart moved markers are (CSS pixels). */
const DODGE_PX = 11;
/** The least distance between two value labels at the right (CSS pixels). */
const LABEL_GAP_PX = 15;

function validate(input: LineChartInput, yMax: number): void {
  const { labels, series } = input;
  if (labels.length === 0) throw new Error('chart: labels must not be empty');
  if (series.length > SERIES_STYLES.length)
    throw new Error(`chart: at most ${SERIES_STYLES.length} series, got ${series.length}`);
  series.forEach((s, i) => {
    if (s.values.length !== labels.length)
      throw new Error(
        `chart: series ${i} has ${s.values.length} values but there are ${labels.length} labels`,
      );
    if (s.values.some((v) => v !== null && !Number.isFinite(v)))
      throw new Error(`chart: series ${i} has a value that is not a number (use null for none)`);
  });
  if (!(yMax > 0 && Number.isFinite(yMax))) throw new Error(`chart: yMax must be > 0, got ${yMax}`);
}

interface Plan {
  width: number;
  height: number;
  yMin: number;
  yMax: number;
  interval: number;
  /** the x axis, in weeks: the first label is at 0 */
  xMin: number;
  xMax: number;
  /** per series, per label: where the point goes (x in weeks, y clamped), null for none */
  points: ({ x: number; y: number } | null)[][];
}

/**
 * The axes and where every point goes. The y axis starts at the 10 below the lowest value or
 * target (so the weeks' differences show), at 0 at the lowest. A point within OVERLAP_PX of
 * another series' in the same week is moved sideways, the cluster centred on its week, so three
 * series at 100 % show three markers.
 */
function plan(input: LineChartInput): Plan {
  const width = input.width ?? 800;
  const height = input.height ?? 460;
  const yMax = input.yMax ?? 100;
  validate(input, yMax);
  const clamp = (v: number) => Math.min(Math.max(v, 0), yMax);
  const seen = [
    ...input.series.flatMap((s) => s.values.filter((v): v is number => v !== null)),
    ...(input.targets ?? []).map((t) => t.value),
  ].map(clamp);
  const lowest = seen.length ? Math.min(...seen) : 0;
  const yMin = Math.max(0, Math.floor((lowest - 5) / 10) * 10);
  const span = yMax - yMin;
  const interval = span <= 30 ? 5 : span <= 60 ? 10 : 20;
  const n = input.labels.length;
  const plotWidth = width - GRID.left - GRID.right;
  const plotHeight = height - GRID.top - GRID.bottom;
  // Left of the first week: half a week, or room for the targets' labels if that is more.
  let before = 0.5;
  for (let i = 0; i < 3; i++)
    before = Math.max(0.5, TARGET_LABEL_ROOM / (plotWidth / (n - 1 + before + 0.5)));
  const xMin = -before;
  const xMax = n - 1 + 0.5;
  const weekPx = plotWidth / (xMax - xMin);
  const yPx = plotHeight / span;
  const points = input.series.map((s) =>
    s.values.map((v, i) => (v === null ? null : { x: i, y: clamp(v) })),
  );
  for (let i = 0; i < n; i++) {
    const here = points
      .map((row) => row[i])
      .filter((p): p is { x: number; y: number } => !!p)
      .sort((a, b) => a.y - b.y);
    let cluster: typeof here = [];
    const flush = () => {
      cluster.forEach((p, k) => (p.x = i + ((k - (cluster.length - 1) / 2) * DODGE_PX) / weekPx));
      cluster = [];
    };
    for (const p of here) {
      const last = cluster.at(-1);
      if (last && (p.y - last.y) * yPx >= OVERLAP_PX) flush();
      cluster.push(p);
    }
    flush();
  }
  return { width, height, yMin, yMax, interval, xMin, xMax, points };
}

/** The ECharts option of a chart, without the value labels (they need the first layout). */
function chartOption(input: LineChartInput, p: Plan): Option {
  const { labels } = input;
  const text = { fontFamily: CHART_FONT_FAMILY, color: '#333' };
  const series: LineSeriesOption[] = input.series.map((s, si) => {
    const style = SERIES_STYLES[si]!;
    return {
      type: 'line',
      name: s.name,
      color: style.color,
      symbol: style.symbol,
      symbolSize: style.symbol === 'triangle' || style.symbol === 'diamond' ? 12 : 9,
      lineStyle: { width: 2.5, type: style.dash },
      itemStyle: { borderColor: '#fff', borderWidth: 1 },
      connectNulls: false,
      z: 3 + si,
      data: p.points[si]!.map((pt, i) => (pt ? [pt.x, pt.y] : [i, '-'])),
    } as LineSeriesOption;
  });
  const targets = input.targets ?? [];
  if (targets.length) {
    series.push({
      type: 'line',
      name: '',
      data: [],
      silent: true,
      z: 2,
      markLine: {
        silent: true,
        animation: false,
        symbol: ['none', 'none'],
        lineStyle: { color: '#6B6B6B', type: [2, 3], width: 1.4 },
        label: {
          ...text,
          position: 'insideStartTop',
          color: '#444',
          fontSize: 11,
          distance: [2, 2],
        },
        data: targets.map((t) => ({
          yAxis: Math.min(Math.max(t.value, 0), p.yMax),
          label: { formatter: t.label },
        })),
      },
    } as LineSeriesOption);
  }
  return {
    animation: false,
    backgroundColor: '#fff',
    textStyle: text,
    title: {
      text: input.title,
      subtext: input.subtitle ?? '',
      left: 16,
      top: 12,
      itemGap: 8,
      textStyle: { ...text, fontSize: 18, fontWeight: 'bold', color: '#222' },
      subtextStyle: { ...text, fontSize: 12, color: '#555' },
    },
    legend: {
      data: input.series.map((s) => s.name),
      bottom: 10,
      left: 'center',
      width: p.width - 48,
      itemWidth: 40,
      itemHeight: 12,
      itemGap: 20,
      textStyle: { ...text, fontSize: 12 },
    },
    grid: { ...GRID },
    xAxis: {
      type: 'value',
      min: p.xMin,
      max: p.xMax,
      axisLine: { onZero: false, lineStyle: { color: '#888' } },
      axisTick: { customValues: labels.map((_, i) => i) },
      axisLabel: {
        ...text,
        fontSize: 12,
        customValues: labels.map((_, i) => i),
        formatter: (v: number) => labels[Math.round(v)] ?? '',
      },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: p.yMin,
      max: p.yMax,
      interval: p.interval,
      axisLine: { show: false, onZero: false },
      axisTick: { show: false },
      axisLabel: { ...text, fontSize: 12, formatter: (v: number) => input.yLabel(v) },
      splitLine: { lineStyle: { color: '#E6E6E6' } },
    },
    series,
  };
}

/**
 * The latest value of each series, right of the plot in the series' colour, in the order of the
 * points and at least LABEL_GAP_PX apart (points of the same value get one label each).
 */
function valueLabels(
  input: LineChartInput,
  p: Plan,
  pixel: (x: number, y: number) => [number, number],
): LineSeriesOption[] {
  const right = p.width - GRID.right + 6;
  const ends = input.series
    .map((s, si) => {
      const i = s.values.findLastIndex((v) => v !== null);
      if (i < 0) return null;
      const pt = p.points[si]![i]!;
      const [x, y] = pixel(pt.x, pt.y);
      return { si, i, x, y, at: y, text: s.format(s.values[i]!) };
    })
    .filter((e) => e !== null)
    .sort((a, b) => a.y - b.y || a.si - b.si);
  ends.forEach((e, k) => {
    if (k > 0) e.at = Math.max(e.at, ends[k - 1]!.at + LABEL_GAP_PX);
  });
  const bottom = p.height - GRID.bottom + 6;
  const over = (ends.at(-1)?.at ?? 0) - bottom;
  if (over > 0) for (const e of ends) e.at -= over;
  return input.series.map((_, si) => {
    const e = ends.find((x) => x.si === si);
    if (!e) return {};
    return {
      data: p.points[si]!.map((pt, i) => {
        const value = pt ? [pt.x, pt.y] : [i, '-'];
        if (i !== e.i) return value;
        return {
          value,
          label: {
            show: true,
            position: 'right',
            distance: 0,
            offset: [right - e.x, e.at - e.y],
            formatter: e.text,
            color: SERIES_STYLES[si]!.text,
            fontFamily: CHART_FONT_FAMILY,
            fontWeight: 'bold',
            fontSize: 12,
          },
        };
      }),
    } as LineSeriesOption;
  });
}

/** Renders the chart: the SVG ECharts draws, and the PNG resvg makes of it at `scale`. */
export async function renderLineChart(input: LineChartInput): Promise<RenderedChart> {
  const p = plan(input);
  const scale = input.scale ?? 2;
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: p.width,
    height: p.height,
  });
  let svg: string;
  const points: RenderedChart['points'] = [];
  try {
    chart.setOption(chartOption(input, p));
    const pixel = (x: number, y: number) =>
      chart.convertToPixel({ gridIndex: 0 }, [x, y]) as [number, number];
    chart.setOption({ series: valueLabels(input, p, pixel) });
    svg = chart.renderToSVGString();
    p.points.forEach((row, si) =>
      row.forEach((pt, i) => {
        if (!pt) return;
        const [x, y] = pixel(pt.x, pt.y);
        points.push({ series: si, index: i, x: Math.round(x * scale), y: Math.round(y * scale) });
      }),
    );
  } finally {
    chart.dispose();
  }
  // Rasterised on libuv's thread pool, so the event loop (Slack's 3-second acks) never waits.
  const image = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: {
      loadSystemFonts: false,
      fontFiles: Object.values(CHART_FONT_FILES).map((f) => join(CHART_FONT_DIR, f)),
      defaultFontFamily: CHART_FONT_FAMILY,
    },
  });
  const png = image.asPng();
  return { png, svg, width: p.width * scale, height: p.height * scale, yMin: p.yMin, points };
}
