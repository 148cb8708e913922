/**
 * The charts' PNGs kept by what they draw: a digest or report re-sent, or a chart the same for
 * two workspaces, is drawn once (about 0.1 s of CPU a chart, most of it rasterising). Nothing
 * here loads ECharts: the renderer is handed in.
 */
import type { LineChartInput } from './chart.js';

/** How many charts are kept (a PNG is ~115 KB): the least recently used goes first. */
export const CHART_CACHE_SIZE = 32;

/** One question the renderer put to the input's functions, and the answer. */
interface Call {
  /** -1 for `yLabel`, else the series whose `format` was asked */
  fn: number;
  arg: number;
  out: string;
}

interface Entry {
  /** the PNG and the calls the render made; rejects when the render failed */
  done: Promise<{ png: Buffer; calls: Call[] }>;
}

/**
 * The input's data as a string: everything but its functions. A number that is not finite, or
 * -0, is kept as a word, so an input the renderer rejects never matches one it drew.
 */
function dataKey(input: LineChartInput): string {
  return JSON.stringify(
    {
      title: input.title,
      subtitle: input.subtitle,
      labels: input.labels,
      series: input.series.map((s) => ({ name: s.name, values: s.values })),
      yMax: input.yMax,
      targets: input.targets,
      width: input.width,
      height: input.height,
      scale: input.scale,
    },
    (_, v: unknown) =>
      typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? `#${String(v)}` : v,
  );
}

/**
 * PNGs by input, at most `size` of them. The functions of an input (`yLabel`, each series'
 * `format`) cannot be compared, so the first render records every call the renderer made to
 * them and its answer; a later input with the same data is a hit only if its functions answer
 * those calls the same. Same data and the same answers make the same picture, whatever the
 * renderer asks. Renders of the same input at once share one.
 */
export class ChartPngCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly render: (input: LineChartInput) => Promise<{ png: Buffer }>,
    private readonly size = CHART_CACHE_SIZE,
  ) {}

  async png(input: LineChartInput): Promise<Buffer> {
    const key = dataKey(input);
    const entry = this.entries.get(key);
    if (entry) {
      const hit = await entry.done.catch(() => null);
      if (hit && hit.calls.every((c) => answer(input, c.fn, c.arg) === c.out)) {
        // Most recently used: to the end of the map's order.
        if (this.entries.get(key) === entry) {
          this.entries.delete(key);
          this.entries.set(key, entry);
        }
        return Buffer.from(hit.png);
      }
    }
    const calls: Call[] = [];
    const record =
      (fn: number, f: (value: number) => string) =>
      (value: number): string => {
        const out = f(value);
        calls.push({ fn, arg: value, out });
        return out;
      };
    const recorded: LineChartInput = {
      ...input,
      yLabel: record(-1, input.yLabel),
      series: input.series.map((s, i) => ({ ...s, format: record(i, s.format) })),
    };
    const mine: Entry = {
      done: this.render(recorded).then(({ png }) => ({ png, calls })),
    };
    this.entries.delete(key);
    this.entries.set(key, mine);
    while (this.entries.size > this.size) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    try {
      return Buffer.from((await mine.done).png);
    } catch (err) {
      if (this.entries.get(key) === mine) this.entries.delete(key);
      throw err;
    }
  }
}

function answer(input: LineChartInput, fn: number, arg: number): string {
  return fn < 0 ? input.yLabel(arg) : input.series[fn]!.format(arg);
}
