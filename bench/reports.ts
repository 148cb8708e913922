// The reports of a workspace with many tickets: the week (2026-W53, `/desk report week`), the
// monthly report (2026-12) and the quarterly review (2026-Q4), each built from every record
// (the stored days left out: what the build read before `figures_daily`) and from the stored
// days kept by the `figures-daily` job, with the time, the DB commands and the documents
// returned of each, and a check that both give the same figures. Then the nightly job's cost
// (the first run stores 100 days, a rerun with nothing changed, the first run after the stored
// days' layout changed) and the weekly digest's build
// on the same data for comparison.
// Seeds 26 weeks of tickets (~85% resolved, the rest the open backlog), ~1 follow-up task per
// 10 tickets, 2,000 customers with ~2.5 orders each and a need logged for 1 in 10, and 300
// tier/lifecycle changes, as raw documents in batches of 1,000 (bench/desk-seed.ts).
//   node --import tsx bench/reports.ts                 # 10,000 and 100,000 tickets
//   BENCH_SIZES=10000 node --import tsx bench/reports.ts
//   BENCH_SIZES=100000 BENCH_RAW=0 node --import tsx bench/reports.ts   # the stored days only
import { loadavg } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { performance } from 'node:perf_hooks';
import { SYSTEM_ACTOR } from '../src/context.js';
import { periodWindow } from '../src/digest/periods.js';
import { ReportService } from '../src/digest/report-service.js';
import { DigestRepository, ReportRepository, ReportSource } from '../src/digest/repository.js';
import { DigestService } from '../src/digest/service.js';
import { DIGEST_FIELDS } from '../src/ticket/repository.js';
import { OPEN_STATUSES, type DigestTicket } from '../src/ticket/types.js';
import { trusted } from 'mongoose';
import type { PeriodWindow, ReportFigures } from '../src/digest/types.js';
import { seedDesk } from './desk-seed.js';
import { benchCtx, startBench, type Bench } from './harness.js';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const RUNS = 3;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Runs `fn` and returns its time, DB commands (per collection) and documents returned. */
async function measured<T>(bench: Bench, fn: () => Promise<T>) {
  const before = bench.commandsByCollection();
  const returned = bench.returned();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const after = bench.commandsByCollection();
  const byCollection = Object.fromEntries(
    Object.entries(after)
      .map(([k, v]) => [k, v - (before[k] ?? 0)] as const)
      .filter(([, v]) => v > 0),
  );
  const commands = Object.values(byCollection).reduce((s, n) => s + n, 0);
  return { value, ms, commands, byCollection, returned: bench.returned() - returned };
}

/** The commands on the last traced call, with how long each took (BENCH_TRACE=1 prints them). */
let commandLog: string[] | undefined;
function traceCommands(bench: Bench) {
  const started = new Map<number, string>();
  const client = bench.db.conn.getClient();
  client.on('commandStarted', (e) => {
    const target = (e.command as Record<string, unknown>)[e.commandName];
    started.set(e.requestId, `${e.commandName} ${typeof target === 'string' ? target : ''}`);
  });
  client.on('commandSucceeded', (e) => {
    commandLog?.push(`${started.get(e.requestId)} ${e.duration.toFixed(0)} ms`);
    started.delete(e.requestId);
  });
}

/** `measured`, with BENCH_TRACE=1 each command's time printed. */
async function traced<T>(bench: Bench, fn: () => Promise<T>) {
  commandLog = [];
  const r = await measured(bench, fn);
  if (process.env.BENCH_TRACE === '1') console.log(`  commands: ${commandLog.join('; ')}`);
  commandLog = undefined;
  return r;
}

const n = (v: number) => v.toLocaleString('en-US');
/** The 1-minute load average, printed with each figure (the machine is shared). */
const load = () => `load ${loadavg()[0]!.toFixed(1)}`;
const perCollection = (c: Record<string, number>) =>
  Object.entries(c)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

async function main() {
  const bench = await startBench('reports');
  const { reports, digests, dailyFigures } = bench.desk.services;
  traceCommands(bench);
  // Every record read, as before the stored days: the same service without them.
  const raw = new ReportService({
    reports: new ReportRepository(bench.db.models.reports),
    source: new ReportSource(bench.db.models),
    workspaces: bench.desk.services.workspaces,
  });
  // The weekly digest reading every ticket it touches whole, the open backlog included, as
  // before the database counted it.
  const rawDigests = new DigestService({
    ...bench.desk.services,
    digests: new DigestRepository(bench.db.models.digests),
    tickets: {
      forDigest: async (c, from, to) => ({
        tickets: (
          await bench.db.models.tickets
            .find(
              {
                teamId: c.teamId,
                receivedAt: trusted({ $lt: to }),
                $or: [
                  { status: trusted({ $in: OPEN_STATUSES }) },
                  ...[
                    'firstResponseAt',
                    'resolvedAt',
                    'closedAt',
                    'survey.sentAt',
                    'survey.at',
                  ].map((f) => ({ [f]: trusted({ $gte: from }) })),
                ],
              },
              DIGEST_FIELDS,
            )
            .lean<(DigestTicket & { _id: unknown })[]>()
        ).map(({ _id, ...t }) => ({
          ...t,
          customerId: String(t.customerId),
          pauses: t.pauses ?? [],
        })),
        counted: { backlog: 0, overdue: 0 },
      }),
      pastSla: (c, from, to, limit) => bench.desk.services.tickets.pastSla(c, from, to, limit),
      byIds: (c, ids) => bench.desk.services.tickets.byIds(c, ids),
    },
  });
  // Tuesday 5 January 2027: the last week of 2026, December and the fourth quarter have ended.
  const now = new Date('2027-01-05T03:00:00Z');
  const ctx = await benchCtx(bench, SYSTEM_ACTOR, now, { origin: 'job' });
  const tz = ctx.settings.timeZone;
  const periods: PeriodWindow[] = [
    periodWindow('2026-W53', tz)!,
    periodWindow('2026-12', tz)!,
    periodWindow('2026-Q4', tz)!,
  ];
  console.log(`engine: ${bench.engine.kind}`);

  for (const size of SIZES) {
    const label = `${n(size)} tickets`;
    // Written before the bench started (the wall clock; the data's dates are the bench's `now`),
    // as records are when the nightly job runs.
    const writtenAt = new Date(Date.now() - 3_600_000);
    await seedDesk(bench, ctx, { size, now, weeks: 26, orders: true, writtenAt });
    await bench.db.models.figuresDaily.deleteMany({});

    // BENCH_RAW=0 leaves the builds from every record out (at 100,000 tickets they can keep a
    // loaded stand-in busy past the driver's server-monitor timeout).
    const before = new Map<string, ReportFigures>();
    for (const window of process.env.BENCH_RAW === '0' ? [] : periods) {
      try {
        const r = await measured(bench, () => raw.build(ctx, window));
        before.set(window.period, r.value);
        console.log(
          `${label}, ${window.kind} ${window.period}, every record read: ${r.ms.toFixed(0)} ms, ` +
            `${r.commands} DB commands (${perCollection(r.byCollection)}), ${n(r.returned)} documents returned`,
        );
      } catch (err) {
        console.log(
          `${label}, ${window.kind} ${window.period}, every record read: failed (${String(err).slice(0, 120)})`,
        );
      }
    }

    const job = await measured(bench, () => dailyFigures.refresh(ctx.teamId, tz, now));
    console.log(
      `${label}, figures-daily job, first run: ${(job.ms / 1000).toFixed(1)} s, ` +
        `days stored ${JSON.stringify(job.value)}, ${job.commands} DB commands, ${n(job.returned)} documents returned`,
    );
    const rerun = await measured(bench, () => dailyFigures.refresh(ctx.teamId, tz, now));
    console.log(
      `${label}, figures-daily job, nothing changed: ${rerun.ms.toFixed(0)} ms, ` +
        `days stored ${JSON.stringify(rerun.value)}, ${rerun.commands} DB commands, ${n(rerun.returned)} documents returned`,
    );
    // The first run after a deploy that raised the stored days' layout (VERSION): every day is
    // in the layout before, so each is read again and stored (the watermark and snapshot kept).
    await bench.db.models.figuresDaily.updateMany(
      { teamId: ctx.teamId, part: trusted({ $in: ['tickets', 'tasks', 'orders'] }) },
      { $inc: { version: -1 } },
    );
    const relayout = await measured(bench, () => dailyFigures.refresh(ctx.teamId, tz, now));
    console.log(
      `${label}, figures-daily job, first run after a layout change: ${(relayout.ms / 1000).toFixed(1)} s, ` +
        `days stored ${JSON.stringify(relayout.value)}, ${relayout.commands} DB commands, ${n(relayout.returned)} documents returned; ${load()}`,
    );

    // What one query that scans every ticket costs (the stand-in ignores non-unique indexes, so
    // each query on tickets is one): the floor of a build's time per query on tickets.
    const scans: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const s = await measured(bench, () =>
        bench.db.models.tickets.countDocuments({ teamId: ctx.teamId, number: 'none' }),
      );
      scans.push(s.ms);
    }
    console.log(
      `${label}, one scan of every ticket (a count matching none): median ${median(scans).toFixed(0)} ms ` +
        `(runs ${scans.map((t) => t.toFixed(0)).join(', ')}); ${load()}`,
    );

    for (const window of periods) {
      const times: number[] = [];
      let last;
      for (let run = 0; run < RUNS; run++) {
        last = await traced(bench, () => reports.build(ctx, window));
        times.push(last.ms);
      }
      const r = last!;
      const reference = before.get(window.period);
      const same =
        reference &&
        isDeepStrictEqual(
          JSON.parse(JSON.stringify(r.value)),
          JSON.parse(JSON.stringify(reference)),
        );
      const o = r.value.overall;
      const days = reports.lastDailyStats;
      console.log(
        `${label}, ${window.kind} ${window.period}, from the stored days: median ${median(times).toFixed(0)} ms ` +
          `(runs ${times.map((t) => t.toFixed(0)).join(', ')}), ${r.commands} DB commands ` +
          `(${perCollection(r.byCollection)}), ${n(r.returned)} documents returned; ` +
          `days stored/read ${days?.stored}/${days?.read}; ` +
          `${n(o.opened)} opened, ${n(o.resolved)} resolved, ${n(o.backlog)} backlog at the end; ` +
          (reference
            ? `figures ${same ? 'the same as from every record' : 'DIFFERENT from every record'}`
            : 'not compared') +
          `; ${load()}`,
      );
      if (reference && !same) process.exitCode = 1;
    }

    // The weekly digest of the last week of 2026 on the same data: built as in production
    // (the open backlog it only counts is counted by the database), and from every ticket it
    // touches read whole, as before, to check both give the same figures.
    const week = { week: '2026-W53', ...periodWindow('2026-W53', tz)! };
    let digestReference;
    {
      const r = await traced(bench, () => rawDigests.build(ctx, week));
      digestReference = r.value;
      console.log(
        `${label}, weekly digest 2026-W53, every ticket read whole: ${r.ms.toFixed(0)} ms, ${r.commands} DB commands ` +
          `(${perCollection(r.byCollection)}), ${n(r.returned)} documents returned; ${load()}`,
      );
    }
    const digestTimes: number[] = [];
    let d;
    for (let run = 0; run < RUNS; run++) {
      d = await traced(bench, () => digests.build(ctx, week));
      digestTimes.push(d.ms);
    }
    const same = digestReference && isDeepStrictEqual(d!.value, digestReference);
    console.log(
      `${label}, weekly digest 2026-W53: median ${median(digestTimes).toFixed(0)} ms ` +
        `(runs ${digestTimes.map((t) => t.toFixed(0)).join(', ')}), ${d!.commands} DB commands (${perCollection(d!.byCollection)}), ` +
        `${n(d!.returned)} documents returned; ${n(d!.value.backlog)} backlog (${n(d!.value.overdue)} overdue); ` +
        (digestReference
          ? `figures ${same ? 'the same as from every ticket read whole' : 'DIFFERENT from every ticket read whole'}`
          : 'not compared') +
        `; ${load()}`,
    );
    if (digestReference && !same) process.exitCode = 1;
  }
  await bench.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
