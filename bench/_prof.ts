import { performance } from 'node:perf_hooks';
import { SYSTEM_ACTOR } from '../src/context.js';
import { periodWindow, previousPeriod } from '../src/digest/periods.js';
import { DailyFactsRepository, daysOf } from '../src/digest/daily.js';
import { ReportSource } from '../src/digest/repository.js';
import { startOfLocalDay } from '../src/time.js';
import { seedDesk } from './desk-seed.js';
import { benchCtx, startBench } from './harness.js';
const bench = await startBench('prof');
const now = new Date('2027-01-05T03:00:00Z');
const ctx = await benchCtx(bench, SYSTEM_ACTOR, now, { origin: 'job' });
const tz = ctx.settings.timeZone;
await seedDesk(bench, ctx, { size: Number(process.env.N ?? 10000), now, weeks: 26, orders: true, writtenAt: new Date(Date.now() - 3600_000) });
await bench.desk.services.dailyFigures.refresh(ctx.teamId, tz, now);
const w = periodWindow('2026-Q4', tz)!;
const repo = new DailyFactsRepository(bench.db.models);
const src = new ReportSource(bench.db.models);
const days = daysOf(w.fromDate, w.toDate, tz);
const t = async (label: string, fn: () => Promise<unknown>) => {
  const r0 = bench.returned();
  const t0 = performance.now();
  await fn();
  console.log(label, (performance.now() - t0).toFixed(0), 'ms', bench.returned() - r0, 'docs');
};
const W = new Date(Date.now() - 60_000);
for (let i = 0; i < 3; i++) {
  for (const part of ['tickets', 'tasks', 'orders'] as const) {
    await t(`changed ${part}`, () => repo.changedSince(ctx.teamId, part, tz, W));
    await t(`stored ${part}`, () => repo.stored(ctx.teamId, part, tz, days.map((d) => d.day)));
  }
  await t('backlog', () => src.backlogAt(ctx.teamId, w.to));
  await t('customers', () => src.customers(ctx.teamId, (d) => startOfLocalDay(d, tz)));
  await t('changes', () => src.changes(ctx.teamId, previousPeriod(w, tz).from));
  await t('forReport', () => bench.desk.services.dailyFigures.forReport(ctx.teamId, tz, w, previousPeriod(w, tz).fromDate, now));
  await t('build', () => bench.desk.services.reports.build(ctx, w));
}
await bench.stop();
