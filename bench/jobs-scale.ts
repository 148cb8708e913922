// Every scheduled job (jobs/index.ts JOBS) once on a big desk: BENCH_SIZE tickets (default
// 20,000) over 26 weeks, 2,000 customers with ~3 orders each, follow-up tasks (bench/desk-seed.ts:
// raw documents of the shape the repositories write, as the digest and report benchmarks seed),
// retention on (30 days), as of Tuesday 2026-12-01 09:30 in Shanghai (the daily jobs' slots are
// due). Each job is run through the runner (src/schedule/runner.ts runSlot, forced, as
// `npm run job -- <job> --force`), then the outbox it filled is drained (Slack's pacing virtual:
// its waits are summed, not slept). Prints per job: wall time, DB commands (by collection, the
// top ones), documents returned and their size (BSON), peak heap growth over the run, the live
// heap's peak growth (sampled after a forced gc every BENCH_GC_MS, default 250: what the run holds,
// not the garbage it has not collected yet), outbox entries written, and the delivery's Slack
// calls by method with the pacing it waited.
//   node --expose-gc --import tsx bench/jobs-scale.ts
//   BENCH_SIZE=5000 BENCH_JOBS=sla-alerts,tasks BENCH_REPEAT=2 BENCH_TRACE=1 node --expose-gc --import tsx bench/jobs-scale.ts
// (BENCH_REPEAT=2: each job run again at once, as a day with nothing new: its steady cost.)
import { performance } from 'node:perf_hooks';
import { JOBS } from '../jobs/index.js';
import { jobDepsOf } from '../src/app.js';
import { SYSTEM_ACTOR } from '../src/context.js';
import { createLogger } from '../src/logger.js';
import { runSlot, slotOf } from '../src/schedule/runner.js';
import { FAKE_TEAM_ID } from '../test/helpers/fake-slack.js';
import { seedDesk } from './desk-seed.js';
import { benchCtx, startBench } from './harness.js';

const SIZE = Number(process.env.BENCH_SIZE ?? 20000);
const ONLY = process.env.BENCH_JOBS?.split(',');
const TRACE = process.env.BENCH_TRACE === '1';
/** Runs each job this many times in a row (the second on: a day with nothing new, the steady cost). */
const REPEAT = Number(process.env.BENCH_REPEAT ?? 1);
/** How often the live heap is sampled, after a forced gc (needs --expose-gc). */
const GC_MS = Number(process.env.BENCH_GC_MS ?? 250);

function top(byCollection: Record<string, number>, n = 5): string {
  return Object.entries(byCollection)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([c, k]) => `${c} ${k}`)
    .join(', ');
}

function diff(after: Record<string, number>, before: Record<string, number>) {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after))
    if (v - (before[k] ?? 0)) out[k] = v - (before[k] ?? 0);
  return out;
}

async function main() {
  let virtualMs = 0;
  const bench = await startBench(
    'jobs',
    {
      ALERTS_CHANNEL_ID: 'C0ALERTS01',
      TRIAGE_CHANNEL_ID: 'C0TRIAGE01',
      ESCALATION_CHANNEL_ID: 'C0ESCAL001',
      DIGEST_CHANNEL_ID: 'C0DIGEST01',
    },
    {
      pacing: {
        sleep: async (ms) => {
          virtualMs += ms;
        },
        clockMs: () => virtualMs,
      },
      outboxLoop: false,
    },
  );
  const { db, desk } = bench;
  const now = new Date('2026-12-01T01:30:00Z'); // Tue 09:30 Asia/Shanghai
  await desk.services.workspaces.update(FAKE_TEAM_ID, (s) => ({ ...s, retentionDays: 30 }));
  const ctx = await benchCtx(bench, SYSTEM_ACTOR, now, { origin: 'job' });
  console.log(
    `engine: ${bench.engine.kind}; ${SIZE.toLocaleString('en-US')} tickets; zone ${ctx.settings.timeZone}`,
  );
  await seedDesk(bench, ctx, { size: SIZE, now, weeks: 26, orders: true });
  // (desk-seed.ts writes customers without the version every write checks: as the repository's.)
  await db.conn.db!.collection('customers').updateMany({}, { $set: { revision: 0 } });
  const open = await db.conn
    .db!.collection('tickets')
    .countDocuments({ status: { $nin: ['resolved', 'closed'] } });
  const openTasks = await db.conn.db!.collection('tasks').countDocuments({ status: 'open' });
  console.log(`open tickets ${open}, open tasks ${openTasks}`);

  const log = createLogger('warn');
  let runs = 0;
  const deps = jobDepsOf(desk, {
    log,
    // (A forced run is keyed by its start: each repeat an hour later on the ledger's clock (past the lock the one before left), its own key; the job still acts as of `now`.)
    clock: { now: () => new Date(now.getTime() + runs * 3_600_000) },
    instanceId: 'bench-1',
    metrics: false,
  });
  const teamIds = await desk.services.workspaces.teamIds();
  console.log(`load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`);
  console.log(
    'job | ms | DB commands (top collections) | docs returned | bytes returned | peak heap +MB | live heap (after gc) peak +MB | outbox written | delivery: Slack calls, paced s, ms',
  );
  for (const job of JOBS.flatMap((j) => Array.from({ length: REPEAT }, () => j))) {
    if (ONLY && !ONLY.includes(job.name)) continue;
    const teamId = job.scope === 'global' ? '*' : teamIds[0]!;
    const slot = await slotOf(deps, job, teamId, now);
    await db.models.outbox.deleteMany({});
    bench.fake.reset();
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    let peak = heap0;
    let live = heap0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 20);
    const liveSampler = gc
      ? setInterval(() => {
          gc();
          live = Math.max(live, process.memoryUsage().heapUsed);
        }, GC_MS)
      : undefined;
    const c0 = bench.commandsByCollection();
    const r0 = bench.returned();
    const b0 = bench.returnedBytes();
    const t0 = performance.now();
    runs++;
    const result = await runSlot(deps, job, teamId, slot, now, { force: true });
    const ms = performance.now() - t0;
    clearInterval(sampler);
    clearInterval(liveSampler);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    const byCol = diff(bench.commandsByCollection(), c0);
    const total = Object.values(byCol).reduce((a, b) => a + b, 0);
    const returned = bench.returned() - r0;
    const bytes = bench.returnedBytes() - b0;
    const written = await db.models.outbox.countDocuments({});
    if (TRACE) console.log(bench.trace().slice(-total).join('\n'));
    virtualMs = 0;
    const d0 = performance.now();
    const dc0 = bench.commands();
    await desk.outbox.drain(5000);
    const dms = performance.now() - d0;
    const byMethod: Record<string, number> = {};
    for (const c of bench.fake.calls) byMethod[c.method] = (byMethod[c.method] ?? 0) + 1;
    console.log(
      `${job.name} | ${ms.toFixed(0)} | ${total} (${top(byCol)}) | ${returned} | ` +
        `${(bytes / 2 ** 20).toFixed(2)} MB | ${((peak - heap0) / 2 ** 20).toFixed(1)} | ` +
        `${gc ? ((live - heap0) / 2 ** 20).toFixed(1) : '-'} | ${written} | ` +
        `${JSON.stringify(byMethod)}, ${(virtualMs / 1000).toFixed(1)} s, ${dms.toFixed(0)} ms, ${bench.commands() - dc0} cmds` +
        `${result.error ? ` | ERROR ${result.error}` : ''} | counts ${JSON.stringify(result.counts ?? {})}`,
    );
  }
  await bench.stop();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
