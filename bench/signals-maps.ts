// What the daily customer signals run holds beside its page of customers (SignalFlows.run): the
// whole-workspace maps it reads first, each measured as entries and the heap its result holds
// (after a forced gc). bench/desk-seed.ts's customers (BENCH_CUSTOMERS, default 2,000) with their
// orders; the churn episodes told are synthetic: one for BENCH_CHURN_SHARE (0.83, as after the
// seed's first run: 1,670 churn risks at 2,000) of the customers. Open win-back calls are whole
// task records: their per-task heap is measured on the seed's open tasks.
//   BENCH_CUSTOMERS=20000 node --expose-gc --import tsx bench/signals-maps.ts
import { SYSTEM_ACTOR } from '../src/context.js';
import { TASK_KINDS } from '../src/task/types.js';
import { seedDesk } from './desk-seed.js';
import { benchCtx, startBench } from './harness.js';

const CHURN_SHARE = Number(process.env.BENCH_CHURN_SHARE ?? 0.83);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);

async function main() {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const bench = await startBench('signals-maps');
  const { db, desk } = bench;
  const now = new Date('2026-12-01T01:30:00Z');
  const ctx = await benchCtx(bench, SYSTEM_ACTOR, now, { origin: 'job' });
  await seedDesk(bench, ctx, { size: 2000, now, weeks: 26, orders: true });
  const ids = (
    await db.conn
      .db!.collection('customers')
      .find({}, { projection: { _id: 1 } })
      .toArray()
  ).map((d) => d._id.toHexString());
  const signals = ids
    .filter((_, i) => i < ids.length * CHURN_SHARE)
    .map((id) => ({
      _id: `${ctx.teamId}:churn:${id}:2026-11-03`,
      teamId: ctx.teamId,
      kind: 'churn',
      customerId: id,
      key: '2026-11-03',
      at: now,
    }));
  await db.conn
    .db!.collection<{ _id: string }>('customer_signals')
    .insertMany(signals, { ordered: false });
  const orders = await db.conn.db!.collection('orders').countDocuments({});
  console.log(`${ids.length} customers, ${orders} orders, ${signals.length} churn episodes told`);
  console.log('map | entries | heap held (after gc) | ms');
  const { customers, tasks } = desk.services;
  const reads: [string, () => Promise<Map<unknown, unknown> | Set<unknown> | unknown[]>][] = [
    ['orders by customer (orderFactsByCustomer)', () => customers.orderFactsByCustomer(ctx)],
    ['churn episodes told (signalKeys churn)', () => customers.signalKeys(ctx, 'churn')],
    [
      'open tasks, whole records (per-task heap of a win-back)',
      () => desk.services.tasks['deps'].tasks.openOfKinds(ctx.teamId, TASK_KINDS),
    ],
  ];
  void tasks;
  // Every result kept to the end (one freed would count against the next), REPEAT of each.
  const kept: unknown[] = [];
  for (const [name, read] of reads) {
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    let entries = 0;
    for (let i = 0; i < REPEAT; i++) {
      const result = await read();
      entries = Array.isArray(result) ? result.length : result.size;
      kept.push(result);
    }
    const ms = (performance.now() - t0) / REPEAT;
    gc();
    const held = (process.memoryUsage().heapUsed - heap0) / REPEAT;
    console.log(
      `${name} | ${entries} | ${(held / 2 ** 20).toFixed(2)} MB (${entries ? Math.round(held / entries) : 0} B each) | ${ms.toFixed(0)}`,
    );
  }
  console.log(`(${kept.length} results kept)`);
  await bench.stop();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
