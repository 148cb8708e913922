// The digest chart: what loading the charting code costs, and the time and memory of one chart
// (ECharts lays it out and draws the SVG on the main thread, resvg rasterises it to PNG on the
// thread pool), first and warm, in both languages; then the process's memory over many charts.
//   node --expose-gc --import tsx bench/chart.ts [renders]
import { performance } from 'node:perf_hooks';
import { sampleChartWeeks } from '../test/helpers/chart.js';
import { workspaceSettings } from '../test/helpers/records.js';

const RENDERS = Number(process.argv[2] ?? 30);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const delta = (bytes: number) => `${bytes < 0 ? '−' : '+'}${mb(Math.abs(bytes))}`;
const turn = () => new Promise((resolve) => setImmediate(resolve));
/** RSS after a full collection (native memory freed by finalizers needs a turn of the loop). */
async function settled(): Promise<number> {
  gc!();
  await turn();
  gc!();
  await turn();
  return process.memoryUsage().rss;
}

const before = await settled();
let t0 = performance.now();
const { translator } = await import('../src/i18n/index.js');
const { digestChart, digestChartInput } = await import('../src/ui/digest.js');
const { renderLineChart } = await import('../src/ui/chart.js');
const loadMs = performance.now() - t0;
console.log(
  `load: the chart modules (echarts, resvg) ${loadMs.toFixed(0)} ms, RSS ${delta((await settled()) - before)}`,
);

const { week, weeks, figures } = sampleChartWeeks();
for (const locale of ['en', 'zh-CN'] as const) {
  const t = translator(locale);
  const targets = workspaceSettings(locale).digest.targets;
  const input = digestChartInput(t, week, weeks, figures, targets)!;
  t0 = performance.now();
  const first = (await digestChart(t, week, weeks, figures, targets))!;
  const firstMs = performance.now() - t0;
  const total: number[] = [];
  const svgOnly: number[] = [];
  for (let i = 0; i < RENDERS; i++) {
    let s = performance.now();
    await digestChart(t, week, weeks, figures, targets);
    total.push(performance.now() - s);
    s = performance.now();
    await renderLineChart({ ...input, scale: 0.01 }); // the layout and SVG, a 8 x 5 px PNG
    svgOnly.push(performance.now() - s);
  }
  const p = (xs: number[], q: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!.toFixed(0);
  console.log(
    `${locale}: first chart ${firstMs.toFixed(0)} ms; then p50 ${p(total, 0.5)} ms, p95 ` +
      `${p(total, 0.95)} ms (of which ECharts' SVG p50 ${p(svgOnly, 0.5)} ms); ` +
      `PNG ${(first.png.length / 1024).toFixed(0)} KB, ${first.png.readUInt32BE(16)} x ${first.png.readUInt32BE(20)}`,
  );
}

// Memory: the rendered image lives in native memory until V8 collects the object holding it
// (resvg-js 2.6 does not tell V8 its size, thx/resvg-js#216), so RSS is read both as the loop
// leaves it and after a full collection.
const t = translator('zh-CN');
const targets = workspaceSettings('zh-CN').digest.targets;
const start = await settled();
let peak = 0;
for (let i = 0; i < RENDERS; i++) {
  await digestChart(t, week, weeks, figures, targets);
  await turn();
  peak = Math.max(peak, process.memoryUsage().rss);
}
const end = process.memoryUsage().rss;
const after = await settled();
console.log(
  `memory over ${RENDERS} charts: RSS at the start ${mb(start)}, peak +${mb(peak - start)}, ` +
    `at the end +${mb(end - start)}, after a full collection +${mb(after - start)}`,
);
