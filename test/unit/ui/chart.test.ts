// The digest chart as people see it: the PNG is decoded and looked at (sizes, regions with ink,
// colours where the points are), compared with the pictures the README shows (docs/), and
// checked for Chinese that is really drawn. Refresh the pictures after an intended change with
//   UPDATE_CHART_IMAGES=1 npx vitest run --project unit test/unit/ui/chart.test.ts
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { LOCALES, translator, type Locale } from '../../../src/i18n/index.js';
import {
  CHART_FONT_DIR,
  CHART_FONT_FILES,
  renderLineChart,
  SERIES_STYLES,
  type LineChartInput,
} from '../../../src/ui/chart.js';
import { chartCharacters, digestChart, digestChartInput } from '../../../src/ui/digest.js';
import { periodName } from '../../../src/i18n/period.js';
import { readPng, sampleChartWeeks, type Pixels } from '../../helpers/chart.js';
import { workspaceSettings } from '../../helpers/records.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const reference = (locale: Locale) => join(ROOT, 'docs', `digest-chart-${locale}.png`);

function sampleChart(locale: Locale, first = 8) {
  const { week, weeks, figures } = sampleChartWeeks(first);
  const t = translator(locale);
  return digestChart(t, week, weeks, figures, workspaceSettings(locale).digest.targets);
}

const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
const near = (p: number[], c: number[], tolerance = 40) =>
  Math.max(...c.map((v, i) => Math.abs(v - p[i]!))) <= tolerance;
const dark = (p: number[]) => p[0]! < 110 && p[1]! < 110 && p[2]! < 110;

/** How many pixels of a region match `test`. */
function count(
  img: Pixels,
  [x0, y0, x1, y1]: [number, number, number, number],
  match: (p: number[]) => boolean,
): number {
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (match(img.at(x, y))) n++;
  return n;
}

/** Share of pixels that differ by more than a little (anti-aliasing) between two images. */
function difference(a: Pixels, b: Pixels): number {
  let differ = 0;
  for (let y = 0; y < a.height; y++)
    for (let x = 0; x < a.width; x++) if (!near(a.at(x, y), b.at(x, y), 48)) differ++;
  return differ / (a.width * a.height);
}

/** The code points a TrueType font maps (cmap formats 4 and 12). */
function codePoints(font: Buffer): Set<number> {
  const tables = font.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < tables; i++)
    if (font.toString('latin1', 12 + 16 * i, 16 + 16 * i) === 'cmap')
      cmap = font.readUInt32BE(12 + 16 * i + 8);
  if (cmap < 0) throw new Error('no cmap');
  const out = new Set<number>();
  for (let i = 0; i < font.readUInt16BE(cmap + 2); i++) {
    const off = cmap + font.readUInt32BE(cmap + 4 + 8 * i + 4);
    const format = font.readUInt16BE(off);
    if (format === 4) {
      const segX2 = font.readUInt16BE(off + 6);
      const ends = off + 14;
      const starts = ends + segX2 + 2;
      const deltas = starts + segX2;
      const ranges = deltas + segX2;
      for (let s = 0; s < segX2 / 2; s++) {
        const end = font.readUInt16BE(ends + 2 * s);
        const start = font.readUInt16BE(starts + 2 * s);
        const delta = font.readInt16BE(deltas + 2 * s);
        const rangeOffset = font.readUInt16BE(ranges + 2 * s);
        for (let c = start; c <= end && c !== 0xffff; c++) {
          let glyph = (c + delta) & 0xffff;
          if (rangeOffset) {
            glyph = font.readUInt16BE(ranges + 2 * s + rangeOffset + 2 * (c - start));
            if (glyph) glyph = (glyph + delta) & 0xffff;
          }
          if (glyph) out.add(c);
        }
      }
    } else if (format === 12) {
      for (let g = 0; g < font.readUInt32BE(off + 12); g++) {
        const at = off + 16 + 12 * g;
        const [first, last, glyph] = [0, 4, 8].map((k) => font.readUInt32BE(at + k));
        for (let c = first!; c <= last!; c++) if (glyph! + c - first!) out.add(c);
      }
    }
  }
  return out;
}

function sampleInput(locale: Locale, first = 8): LineChartInput | null {
  const { week, weeks, figures } = sampleChartWeeks(first);
  const targets = workspaceSettings(locale).digest.targets;
  return digestChartInput(translator(locale), week, weeks, figures, targets);
}

describe.each(LOCALES)('the digest chart in %s', (locale) => {
  const t = translator(locale);
  let chart: NonNullable<Awaited<ReturnType<typeof sampleChart>>>;
  let img: Pixels;
  beforeAll(async () => {
    chart = (await sampleChart(locale))!;
    img = readPng(chart.png);
  });

  test('a 1600 x 920 PNG (800 x 460 at 2x) with ink where the title, axes, lines and legend are', async () => {
    expect([img.width, img.height]).toEqual([1600, 920]);
    const ink = (region: [number, number, number, number]) => count(img, region, dark);
    expect(ink([30, 20, 900, 72]), 'title').toBeGreaterThan(1500);
    expect(ink([30, 78, 1300, 112]), 'subtitle').toBeGreaterThan(300);
    expect(ink([0, 140, 100, 760]), 'y-axis labels').toBeGreaterThan(300);
    expect(ink([110, 745, 1500, 785]), 'week labels').toBeGreaterThan(300);
    // Every series has its colour in the plot and in the legend.
    for (const style of SERIES_STYLES) {
      const colour = hex(style.color);
      const inPlot = count(img, [110, 150, 1480, 740], (p) => near(p, colour));
      const inLegend = count(img, [0, 790, 1600, 920], (p) => near(p, colour));
      expect(inPlot, `${style.color} in the plot`).toBeGreaterThan(800);
      expect(inLegend, `${style.color} in the legend`).toBeGreaterThan(40);
    }
    // The corner right of the title stays empty.
    expect(ink([1500, 0, 1600, 100])).toBe(0);
  });

  test('matches the picture in docs/ (the README shows it), within anti-aliasing', async () => {
    const file = reference(locale);
    if (process.env.UPDATE_CHART_IMAGES || !existsSync(file)) writeFileSync(file, chart.png);
    const stored = readPng(readFileSync(file));
    expect([stored.width, stored.height]).toEqual([img.width, img.height]);
    const share = difference(img, stored);
    // A failing comparison leaves the picture this run drew, for a person to look at (the
    // failure names it): kept on purpose, unlike tempDir's, in a directory of this run's own,
    // made only then (a path shared by every run would be written by the worktrees and runs in
    // parallel: one's picture taken for another's, or removed by a run that matched).
    const actual =
      share > 0.005
        ? join(mkdtempSync(join(tmpdir(), 'digest-chart-')), `${locale}.actual.png`)
        : undefined;
    if (actual) writeFileSync(actual, chart.png);
    expect(share, `differs from ${file}; this run drew ${actual}`).toBeLessThanOrEqual(0.005);
  });

  test('says what it shows in the words of the workspace: title, weeks, targets, legend', async () => {
    const { week, weeks } = sampleChartWeeks();
    const { svg } = await renderLineChart(sampleInput(locale)!);
    const text = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    expect(svg).toContain(
      text(t.plain('digest.chart.title', { week: periodName(t, week.week), count: 8 })),
    );
    // The week as its reader names it: a Chinese reader reads no ISO week code.
    expect(svg).toContain(
      locale === 'zh-CN'
        ? '关键指标：近 8 周（截至 2026 年第 48 周）'
        : 'Key rates, 8 weeks to 2026-W48',
    );
    for (const w of weeks)
      expect(svg).toContain(`>${t.plain('digest.chart.week', { n: Number(w.week.slice(6)) })}<`);
    // Two rates share the 95 % target: one line, one label.
    expect(svg.split(`>${t.plain('digest.chart.target', { value: '95%' })}<`)).toHaveLength(2);
    expect(svg).toContain(`>${t.plain('digest.chart.target', { value: '85%' })}<`);
    expect(svg).toContain(`>${t.plain('digest.chart.target', { value: '90' })}<`);
    const legend = t.plain('digest.chart.legend', {
      name: t.plain('digest.f.satisfaction'),
      target: '90',
    });
    expect(svg).toContain(text(legend));
    // The latest values, at the right: three rates at 100 % get a label each (and the axis one).
    expect(svg.split('>100%<')).toHaveLength(5);
    expect(svg).toContain('>92<');
  });

  test('fewer than two weeks of figures: no chart (the message says so); two are enough', async () => {
    expect(await sampleChart(locale, 0)).toBeNull();
    expect(await sampleChart(locale, 1)).toBeNull();
    const two = sampleInput(locale, 2)!;
    expect(two.labels).toHaveLength(2);
    expect(readPng((await sampleChart(locale, 2))!.png).width).toBe(1600);
  });
});

describe('drawing', () => {
  const labels = ['W41', 'W42', 'W43', 'W44'];
  const series = (values: (number | null)[][]): LineChartInput => ({
    title: 'T',
    labels,
    series: values.map((v, i) => ({ name: `S${i}`, values: v, format: (x) => `${x}%` })),
    yLabel: (v) => `${v}%`,
  });
  const colourAt = (img: Pixels, p: { x: number; y: number }, colour: string) => {
    // The marker's colour at its centre or right next to it (the markers have a white rim).
    for (let dy = -3; dy <= 3; dy++)
      for (let dx = -3; dx <= 3; dx++)
        if (near(img.at(p.x + dx, p.y + dy), hex(colour))) return true;
    return false;
  };

  test('points of the same value are moved apart: three series at 100 % show three markers', async () => {
    const input = series([
      [90, 95, 100, 100],
      [80, 96, 100, 100],
      [70, 94, 100, 100],
    ]);
    const chart = await renderLineChart(input);
    const img = readPng(chart.png);
    for (const index of [2, 3]) {
      const here = chart.points.filter((p) => p.index === index);
      expect(new Set(here.map((p) => p.y)).size).toBe(1); // same height
      const xs = here.map((p) => p.x).sort((a, b) => a - b);
      expect(xs[1]! - xs[0]!).toBeGreaterThanOrEqual(18); // 9+ CSS px apart
      expect(xs[2]! - xs[1]!).toBeGreaterThanOrEqual(18);
      for (const p of here) expect(colourAt(img, p, SERIES_STYLES[p.series]!.color)).toBe(true);
    }
    // Points far apart stay on their week.
    const first = chart.points.filter((p) => p.index === 0);
    expect(new Set(first.map((p) => p.x)).size).toBe(1);
  });

  test('each series has its own marker and dash, so it reads in grey too', async () => {
    expect(new Set(SERIES_STYLES.map((s) => s.symbol)).size).toBe(SERIES_STYLES.length);
    expect(new Set(SERIES_STYLES.map((s) => JSON.stringify(s.dash))).size).toBe(
      SERIES_STYLES.length,
    );
    const { svg } = await renderLineChart(
      series([
        [50, 60, 70, 80],
        [40, 50, 60, 70],
        [30, 40, 50, 60],
        [20, 30, 40, 50],
      ]),
    );
    const dashes = new Set([...svg.matchAll(/stroke-dasharray="([^"]+)"/g)].map((m) => m[1]));
    expect(dashes.size).toBeGreaterThanOrEqual(3); // solid lines have none
  });

  test('a week without a figure leaves a gap: no marker there', async () => {
    const chart = await renderLineChart(series([[50, null, 60, 70]]));
    expect(chart.points.map((p) => p.index)).toEqual([0, 2, 3]);
  });

  test('the y axis starts below the lowest value or target, at 0 at the lowest', async () => {
    expect((await renderLineChart(series([[88, 92, 95, 99]]))).yMin).toBe(80);
    expect(
      (
        await renderLineChart({
          ...series([[88, 92, 95, 99]]),
          targets: [{ value: 70, label: 'x' }],
        })
      ).yMin,
    ).toBe(60);
    expect((await renderLineChart(series([[3, 50, 60, 70]]))).yMin).toBe(0);
  });

  test('rejects what it cannot draw', async () => {
    await expect(renderLineChart({ ...series([]), labels: [] })).rejects.toThrow(/labels/);
    await expect(renderLineChart(series([[1, 2]]))).rejects.toThrow(
      /series 0 has 2 values but there are 4 labels/,
    );
    await expect(renderLineChart(series([[1, Number.NaN, 3, 4]]))).rejects.toThrow(/not a number/);
    await expect(
      renderLineChart(
        series([
          [1, 2, 3, 4],
          [1, 2, 3, 4],
          [1, 2, 3, 4],
          [1, 2, 3, 4],
          [1, 2, 3, 4],
        ]),
      ),
    ).rejects.toThrow(/at most 4/);
  });
});

describe('Chinese in the chart', () => {
  const title = async (text: string) =>
    readPng(
      (await renderLineChart({ title: text, labels: ['1', '2'], series: [], yLabel: String })).png,
    );
  const TITLE: [number, number, number, number] = [30, 20, 600, 72];

  test('is drawn with real glyphs: the same characters in another order give another picture, and missing ones do not look alike', async () => {
    const a = await title('关键指标');
    const b = await title('指标关键');
    const ink = count(a, TITLE, dark);
    expect(ink).toBeGreaterThan(800);
    // Tofu (one box for every missing character) would draw both titles alike.
    let differ = 0;
    for (let y = TITLE[1]; y < TITLE[3]; y++)
      for (let x = TITLE[0]; x < TITLE[2]; x++) if (!near(a.at(x, y), b.at(x, y), 48)) differ++;
    expect(differ).toBeGreaterThan(ink / 2);
    // Characters the font lacks come out as nothing or as boxes, unlike the real ones.
    const missing = await title('鑫鑫鑫鑫');
    let unlike = 0;
    for (let y = TITLE[1]; y < TITLE[3]; y++)
      for (let x = TITLE[0]; x < TITLE[2]; x++)
        if (!near(a.at(x, y), missing.at(x, y), 48)) unlike++;
    expect(unlike).toBeGreaterThan(ink / 2);
  });

  test('the bundled font has every character the chart draws, in both languages (else: npm run font:subset)', async () => {
    const chars = [...chartCharacters()].map((c) => c.codePointAt(0)!);
    expect(chars).toContain('标'.codePointAt(0));
    for (const file of Object.values(CHART_FONT_FILES)) {
      const font = readFileSync(join(CHART_FONT_DIR, file));
      const mapped = codePoints(font);
      const missing = chars.filter((c) => c !== 0x20 && !mapped.has(c));
      expect(
        missing.map((c) => String.fromCodePoint(c)),
        file,
      ).toEqual([]);
      expect(mapped.has('鑫'.codePointAt(0)!)).toBe(false); // a subset, not the 10 MB font
      expect(font.length).toBeLessThan(300_000);
    }
    // Whatever the chart is given to draw comes from those characters.
    for (const locale of LOCALES) {
      const input = sampleInput(locale)!;
      const drawn = [
        input.title,
        input.subtitle ?? '',
        ...input.labels,
        ...input.series.map((s) => s.name),
        ...(input.targets ?? []).map((x) => x.label),
        ...[0, 20, 40, 60, 80, 100].map(input.yLabel),
        ...input.series.map((s) => s.format(92.5)),
      ].join('');
      const allowed = new Set(chartCharacters());
      expect(
        [...drawn].filter((c) => !allowed.has(c)),
        locale,
      ).toEqual([]);
    }
    expect(existsSync(join(CHART_FONT_DIR, 'OFL.txt'))).toBe(true);
  });
});
