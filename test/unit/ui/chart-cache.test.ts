// The charts' PNG cache: the same input (built again, as each digest builds it) is drawn once,
// any difference in what is drawn (data, words, an axis label or value label the functions say
// otherwise) draws again, failures are not kept, and it holds a bounded number.
import { describe, expect, test } from 'vitest';
import { translator } from '../../../src/i18n/index.js';
import { renderLineChart, type LineChartInput } from '../../../src/ui/chart.js';
import { ChartPngCache, CHART_CACHE_SIZE } from '../../../src/ui/chart-cache.js';
import { digestChart, digestChartInput } from '../../../src/ui/digest.js';
import { sampleChartWeeks } from '../../helpers/chart.js';
import { workspaceSettings } from '../../helpers/records.js';

/** The sample digest chart's input, built anew (new functions) at each call. */
function sampleInput(first = 8): LineChartInput {
  const { week, weeks, figures } = sampleChartWeeks(first);
  const input = digestChartInput(
    translator('en'),
    week,
    weeks,
    figures,
    workspaceSettings('en').digest.targets,
  );
  if (!input) throw new Error('no chart');
  return input;
}

/** The sample chart drawn small (quicker to draw: most of a render is rasterising). */
function small(): LineChartInput {
  return { ...sampleInput(), width: 400, height: 230, scale: 1 };
}

/** A cache over the real renderer that counts the renders. */
function counted(size?: number) {
  const renders: LineChartInput[] = [];
  const cache = new ChartPngCache(async (input) => {
    renders.push(input);
    return renderLineChart(input);
  }, size);
  return { cache, renders };
}

/** A small input for the cache's own rules, drawn by a stand-in renderer (no picture). */
function tiny(title: string, value = 80): LineChartInput {
  return {
    title,
    labels: ['a', 'b'],
    series: [{ name: 's', values: [value, null], format: (v) => `${v}` }],
    yLabel: (v) => `${v}%`,
  };
}

/** A stand-in renderer that asks the functions what ECharts would and answers with the title. */
function fake() {
  const renders: string[] = [];
  const cache = (size?: number, fail?: (input: LineChartInput) => boolean) =>
    new ChartPngCache(async (input) => {
      renders.push(input.title);
      await Promise.resolve();
      if (fail?.(input)) throw new Error(`cannot draw ${input.title}`);
      const labels = [0, 50, 100].map(input.yLabel).join(',');
      return { png: Buffer.from(`${input.title}|${labels}|${input.series[0]!.format(80)}`) };
    }, size);
  return { cache, renders };
}

describe('the chart PNG cache', () => {
  test('the same input built again is not drawn again: the same PNG; another input is drawn', async () => {
    const { cache, renders } = counted();
    const first = await cache.png(sampleInput());
    const again = await cache.png(sampleInput());
    expect(renders).toHaveLength(1);
    expect(again.equals(first)).toBe(true);
    // Each caller has its own copy.
    expect(again).not.toBe(first);
    again.fill(0);
    expect((await cache.png(sampleInput())).equals(first)).toBe(true);
    expect(renders).toHaveLength(1);

    const other = await cache.png(sampleInput(4));
    expect(renders).toHaveLength(2);
    expect(other.equals(first)).toBe(false);
  });

  test('the same data whose axis or value labels read otherwise is drawn again', async () => {
    const { cache, renders } = counted();
    const input = small();
    const first = await cache.png(input);
    // A function that answers the same at every value drawn is the same picture.
    await cache.png({ ...input, yLabel: (v) => (v === 0.5 ? 'never asked' : input.yLabel(v)) });
    expect(renders).toHaveLength(1);
    const axis = await cache.png({ ...input, yLabel: (v) => `${v} %` });
    expect(renders).toHaveLength(2);
    expect(axis.equals(first)).toBe(false);
    // Only the value the series' label shows differs: its format is asked at that value.
    const shown = input.series[0]!.values.findLast((v) => v !== null)!;
    const format = input.series[0]!.format;
    const label = await cache.png({
      ...input,
      series: input.series.map((s, i) =>
        i === 0 ? { ...s, format: (v: number) => (v === shown ? '!' : format(v)) } : s,
      ),
    });
    expect(renders).toHaveLength(3);
    expect(label.equals(first)).toBe(false);
    expect(label.equals(axis)).toBe(false);
  });

  test('an input the renderer rejects is rejected though one like it was drawn', async () => {
    const { cache } = counted();
    const input = small();
    await cache.png(input);
    const values = (v: number | null) =>
      input.series.map((s) => ({ ...s, values: s.values.map(() => v) }));
    await expect(cache.png({ ...input, series: values(Number.NaN) })).rejects.toThrow(
      /not a number/,
    );
    await cache.png({ ...input, series: values(null) });
    await expect(cache.png({ ...input, series: values(Number.NaN) })).rejects.toThrow(
      /not a number/,
    );
  });

  test('holds at most its size, the least recently used going first', async () => {
    expect(CHART_CACHE_SIZE).toBeGreaterThanOrEqual(13);
    const { cache: make, renders } = fake();
    const cache = make(2);
    await cache.png(tiny('a'));
    await cache.png(tiny('b'));
    await cache.png(tiny('a'));
    await cache.png(tiny('c'));
    expect(renders).toEqual(['a', 'b', 'c']);
    await cache.png(tiny('a'));
    await cache.png(tiny('b'));
    expect(renders).toEqual(['a', 'b', 'c', 'b']);
  });

  test('renders of the same input at once share one; a failed render is not kept', async () => {
    const { cache: make, renders } = fake();
    let failing = true;
    const cache = make(4, () => failing);
    const both = [cache.png(tiny('x')), cache.png(tiny('x'))];
    await expect(both[0]).rejects.toThrow('cannot draw x');
    await expect(both[1]).rejects.toThrow('cannot draw x');
    failing = false;
    const [one, two] = await Promise.all([cache.png(tiny('x')), cache.png(tiny('x'))]);
    expect(one.toString()).toBe('x|0%,50%,100%|80');
    expect(two.equals(one)).toBe(true);
    // The shared failure was rendered by the first, then asked again by the second (its
    // wait ended in a failure), and the shared success once.
    expect(renders).toEqual(['x', 'x', 'x']);
  });

  test('the digest chart (production cache) gives the same PNG each time', async () => {
    const { week, weeks, figures } = sampleChartWeeks(8);
    const t = translator('en');
    const targets = workspaceSettings('en').digest.targets;
    const first = await digestChart(t, week, weeks, figures, targets);
    const again = await digestChart(t, week, weeks, figures, targets);
    expect(again!.png.equals(first!.png)).toBe(true);
  });
});
