// The monthly report and the quarterly review of a workspace with many tickets: the build time
// of each (what the first-working-day run rebuilds), its DB commands and documents returned,
// and a read-back of the stored report (what `/desk report` and the CSV export do).
// Seeds 26 weeks of tickets (~85% resolved, the rest the open backlog), ~1 follow-up task per
// 10 tickets, 2,000 customers with ~2.5 orders each and a need logged for 1 in 10, and 300
// tier/lifecycle changes (bench/desk-seed.ts), then times the report service.
//   node --import tsx bench/reports.ts                 # 10,000 and 100,000 tickets
//   BENCH_SIZES=10000 node --import tsx bench/reports.ts
import { performance } from 'node:perf_hooks';
import { SYSTEM_ACTOR } from '../src/context.js';
import { periodWindow } from '../src/digest/periods.js';
import { seedDesk } from './desk-seed.js';
import { benchCtx, startBench } from './harness.js';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const RUNS = 3;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main() {
  const bench = await startBench('reports');
  const { reports, digests } = bench.desk.services;
  // Tuesday 5 January 2027: December and the fourth quarter have ended.
  const now = new Date('2027-01-05T03:00:00Z');
  const ctx = await benchCtx(bench, SYSTEM_ACTOR, now, { origin: 'job' });
  const tz = ctx.settings.timeZone;
  const periods = [periodWindow('2026-12', tz)!, periodWindow('2026-Q4', tz)!];
  console.log(`engine: ${bench.engine.kind}`);

  for (const size of SIZES) {
    const label = `${size.toLocaleString('en-US')} tickets`;
    await seedDesk(bench, ctx, { size, now, weeks: 26, orders: true });
    for (const window of periods) {
      await reports.build(ctx, window); // warm-up
      const times: number[] = [];
      const beforeCommands = bench.commands();
      const returnedBefore = bench.returned();
      let figures;
      for (let run = 0; run < RUNS; run++) {
        const t0 = performance.now();
        figures = await reports.build(ctx, window);
        times.push(performance.now() - t0);
      }
      const o = figures!.overall;
      console.log(
        `${label}, ${window.kind} ${window.period}: build median ${median(times).toFixed(0)} ms ` +
          `(runs ${times.map((t) => t.toFixed(0)).join(', ')}), ` +
          `${(bench.commands() - beforeCommands) / RUNS} DB commands, ` +
          `${((bench.returned() - returnedBefore) / RUNS).toLocaleString('en-US')} documents returned; ` +
          `${o.opened.toLocaleString('en-US')} opened, ${o.resolved.toLocaleString('en-US')} resolved, ` +
          `${o.backlog.toLocaleString('en-US')} backlog at the end`,
      );
      const t0 = performance.now();
      const before = bench.commands();
      await reports.figures(ctx, [window]);
      console.log(
        `${label}, ${window.kind} ${window.period}: stored report read back in ${(performance.now() - t0).toFixed(0)} ms, ${bench.commands() - before} DB commands`,
      );
    }
    // For comparison, the weekly digest's build of the last week of December on the same data.
    const week = { week: '2026-W53', ...periodWindow('2026-W53', tz)! };
    const t0 = performance.now();
    await digests.build(ctx, week);
    console.log(
      `${label}, weekly digest 2026-W53 for comparison: ${(performance.now() - t0).toFixed(0)} ms`,
    );
  }
  await bench.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
