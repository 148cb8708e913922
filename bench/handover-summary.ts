// The hand-over summary the confirming manager is told (`handoverDone`): with 1,500 records not
// moved (the most one hand-over finds: 500 of each part), the CPU time to build it, in English
// and Chinese: the first build (catalogue messages compiled) and the median and p95 of warm ones.
// Each line ends with a digest of the message built (text and blocks), to compare two versions'
// output. Pure: no database, no Slack.
//   node --import tsx bench/handover-summary.ts
//   BENCH_SIZES=40,1500 BENCH_ROUNDS=50 node --import tsx bench/handover-summary.ts
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { LOCALES, translator } from '../src/i18n/index.js';
import { handoverDone } from '../src/ui/handover.js';
import { handoverRefusals } from '../test/helpers/records.js';

const SIZES = (process.env.BENCH_SIZES ?? '40,300,1500').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);

/** The `q` quantile (0-1) of sorted samples (harness.ts's, without loading the app). */
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** A short digest of a message, to tell two builds' output apart. */
const digest = (message: unknown) =>
  createHash('sha256').update(JSON.stringify(message)).digest('hex').slice(0, 12);

function main() {
  console.log(`handoverDone: ${ROUNDS} warm builds per size; load ${loadavg()[0]!.toFixed(1)}`);
  for (const locale of LOCALES) {
    const t = translator(locale);
    for (const size of SIZES) {
      const result = handoverRefusals(size);
      let started = performance.now();
      const first = handoverDone(t, 'U0LEAVER01', 'U0RECEIVE1', result);
      const firstMs = performance.now() - started;
      const times: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        started = performance.now();
        handoverDone(t, 'U0LEAVER01', 'U0RECEIVE1', result);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      console.log(
        `${locale.padEnd(5)} ${String(size).padStart(5)} not moved: ${first.blocks.length} blocks, ` +
          `first ${firstMs.toFixed(1)} ms, warm p50 ${quantile(times, 0.5).toFixed(1)} ms, ` +
          `p95 ${quantile(times, 0.95).toFixed(1)} ms, output ${digest(first)}`,
      );
    }
  }
}

main();
