// The weekly KPI digest of a workspace with many tickets: one week's build (what the Monday
// post rebuilds) and the 8-week figures of the chart, cold (nothing stored) and warm (all stored).
// Seeds 12 weeks of tickets (~85% resolved), ~1 follow-up task per 10 tickets, 2,000 customers
// and 300 tier/lifecycle changes straight into the collections (bench/desk-seed.ts), then times
// the service.
//   node --import tsx bench/digest-build.ts                 # 10,000 and 100,000 tickets
//   BENCH_SIZES=10000 node --import tsx bench/digest-build.ts
// Prints per size: seeding time; the build's median of 3 runs (after a warm-up), its DB commands
// and documents returned, and the tickets it read; then the 8-week figures cold and warm.
import { performance } from 'node:perf_hooks';
import { SYSTEM_ACTOR } from '../src/context.js';
import { reportedWeek, weeksEnding } from '../src/digest/service.js';
import { seedDesk } from './desk-seed.js';
import { benchCtx, startBench } from './harness.js';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const WEEKS = 12;
const RUNS = 3;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main() {
  const bench = await startBench('digest');
  const { db, desk } = bench;
  const { digests, tickets: ticketService } = desk.services;
  const now = new Date('2026-11-25T03:00:00Z');
  const ctx = await benchCtx(bench, SYSTEM_ACTOR, now, { origin: 'job' });
  const tz = ctx.settings.timeZone;
  const week = reportedWeek(now, tz);
  const chartWeeks = weeksEnding(week, 8, tz);
  console.log(`engine: ${bench.engine.kind}; week ${week.week} (${week.fromDate}..${week.toDate})`);

  for (const size of SIZES) {
    const label = `${size.toLocaleString('en-US')} tickets`;
    await seedDesk(bench, ctx, { size, now, weeks: WEEKS });

    // The tickets a build reads: received before the week's end and open, or answered,
    // resolved or closed in it.
    // The open tickets it only counts (TicketRepository.forDigest) are not read.
    const { tickets: readTickets, counted } = await ticketService.forDigest(
      ctx,
      week.from,
      week.to,
    );
    const read = readTickets.length;

    // One week's build: a warm-up, then timed runs.
    const figures = await digests.build(ctx, week);
    const times: number[] = [];
    const beforeCommands = bench.commands();
    const returnedBefore = bench.returned();
    for (let run = 0; run < RUNS; run++) {
      const t0 = performance.now();
      await digests.build(ctx, week);
      times.push(performance.now() - t0);
    }
    console.log(
      `${label}, build ${week.week}: median ${median(times).toFixed(0)} ms ` +
        `(runs ${times.map((t) => t.toFixed(0)).join(', ')}), ` +
        `${(bench.commands() - beforeCommands) / RUNS} DB commands, ${((bench.returned() - returnedBefore) / RUNS).toLocaleString('en-US')} documents returned; ` +
        `${read.toLocaleString('en-US')} tickets read and ${counted.backlog.toLocaleString('en-US')} counted, ${figures.opened.toLocaleString('en-US')} opened, ${figures.resolved.toLocaleString('en-US')} resolved, ` +
        `${figures.backlog.toLocaleString('en-US')} backlog (${figures.overdue.toLocaleString('en-US')} overdue) in the week`,
    );

    // The chart's 8 weeks: every week built, then every week read back.
    for (const state of ['cold', 'warm'] as const) {
      if (state === 'cold') await db.models.digests.deleteMany({});
      const before = bench.commands();
      const returnedBefore = bench.returned();
      const t0 = performance.now();
      const result = await digests.figures(ctx, chartWeeks);
      const ms = performance.now() - t0;
      console.log(
        `${label}, figures ${chartWeeks.length} weeks ${state}` +
          `${state === 'cold' ? ' (nothing stored)' : ' (all stored)'}: ${ms.toFixed(0)} ms, ` +
          `${bench.commands() - before} DB commands, ${(bench.returned() - returnedBefore).toLocaleString('en-US')} documents returned; ${result.size} weeks`,
      );
    }
  }
  await bench.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
