// What the daily jobs' read of every customer costs (bench/desk-seed.ts's 2,000 customers, or
// BENCH_CUSTOMERS): the whole files (`CustomerService.all`, what the signals and tasks runs read
// before their projections; per read: documents and bytes (BSON) returned, the heap the result
// holds (after a forced gc, BENCH_REPEAT reads kept at once, per read) and the wall time) against
// the signals run's and the tasks run's paged passes (`forSignals`: SIGNAL_FIELDS, `forCare`:
// CARE_FIELDS; per pass: the same, with the live heap's peak growth while it goes). BENCH_FILLED=1 gives each
// file what a file in use carries (notes, needs, tags, address, two contacts with phone and
// email); the seed's own files are lean. Last, the tasks run's progress-notes pass
// (planProgressNotes) with one customer in BENCH_PROJECT_EVERY (20) on a running project: its DB
// commands, documents and bytes returned.
//   BENCH_FILLED=1 node --expose-gc --import tsx bench/customer-reads.ts
import { performance } from 'node:perf_hooks';
import { SYSTEM_ACTOR } from '../src/context.js';
import { seedDesk } from './desk-seed.js';
import { benchCtx, startBench } from './harness.js';

const FILLED = process.env.BENCH_FILLED === '1';
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
/** One customer in this many has a running project (the progress-notes pass's). */
const PROJECT_EVERY = Number(process.env.BENCH_PROJECT_EVERY ?? 20);
/** How many of those projects are cleared before the measured progress-notes pass. */
const PROJECT_ENDED = 10;

async function main() {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const bench = await startBench('customer-reads');
  const { db, desk } = bench;
  const now = new Date('2026-12-01T01:30:00Z');
  const ctx = await benchCtx(bench, SYSTEM_ACTOR, now, { origin: 'job' });
  await seedDesk(bench, ctx, { size: 2000, now, weeks: 26, orders: true });
  const customers = db.conn.db!.collection('customers');
  await customers.updateMany({}, { $set: { revision: 0 } });
  if (FILLED)
    await customers.updateMany(
      {},
      {
        $set: {
          notes: 'Met at the Shanghai expo; prefers quarterly reviews on site. '.repeat(10),
          needs: {
            stated: 'Yearly maintenance contract with a 4 h response on line stops',
            implicit: 'Wants a second supplier for gearboxes before 2027',
            productPreferences: 'Hardened steel gears, local spare parts stock',
            budget: 500_000,
            purchaseCycle: 'quarterly',
          },
          tags: ['price-sensitive', 'tech-oriented', 'expo-2026', 'referral'],
          valueTags: ['high-value'],
          region: 'East China',
          address: '88 Century Avenue, Pudong New Area, Shanghai 200120',
          contacts: [
            {
              key: 'c1',
              name: 'Wang Fang',
              role: 'primary',
              title: 'Purchasing manager',
              phone: '13800138000',
              email: 'purchasing@example.com',
              im: 'wechat-id-001',
              birthday: '1980-06-12',
              preferredChannel: 'phone',
              optOuts: [],
            },
            {
              key: 'c2',
              name: 'Zhang Wei',
              role: 'daily',
              title: 'Maintenance engineer',
              phone: '13900139000',
              email: 'maintenance@example.com',
              optOuts: ['greetings'],
            },
          ],
        },
      },
    );
  const files = await customers.countDocuments({});
  console.log(`${files} customers${FILLED ? ', files filled' : ', seed files (lean)'}`);
  console.log('read | docs | bytes returned | heap held (after gc) | ms');
  const reads: [string, () => Promise<readonly unknown[]>][] = [
    ['all (whole files: before)', () => desk.services.customers.all(ctx)],
  ];
  for (const [name, read] of reads) {
    // REPEAT reads kept at once: what one holds is their growth over REPEAT (gc'd before and after).
    const kept: (readonly unknown[])[] = [];
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    const r0 = bench.returned();
    const b0 = bench.returnedBytes();
    const t0 = performance.now();
    for (let i = 0; i < REPEAT; i++) kept.push(await read());
    const ms = (performance.now() - t0) / REPEAT;
    gc();
    const held = (process.memoryUsage().heapUsed - heap0) / REPEAT;
    if (kept.some((r) => !r.length)) throw new Error('nothing read');
    console.log(
      `${name} | ${(bench.returned() - r0) / REPEAT} | ` +
        `${((bench.returnedBytes() - b0) / REPEAT / 2 ** 20).toFixed(2)} MB | ` +
        `${(held / 2 ** 20).toFixed(2)} MB | ${ms.toFixed(0)}`,
    );
    kept.length = 0;
  }
  // The daily runs' paged reads (forSignals, forCare): one pass each, holding only the customer
  // at hand. The peak is the live heap's growth sampled after a forced gc at each page's start.
  console.log('paged pass | docs | bytes returned | live heap peak + (after gc, per page) | ms');
  const passes: [string, () => AsyncIterable<unknown>][] = [
    ['forSignals (SIGNAL_FIELDS, paged)', () => desk.services.customers.forSignals(ctx)],
    ['forCare (CARE_FIELDS, paged)', () => desk.services.customers.forCare(ctx)],
  ];
  for (const [name, pass] of passes) {
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    const r0 = bench.returned();
    const b0 = bench.returnedBytes();
    const t0 = performance.now();
    let peak = 0;
    let seen = 0;
    for await (const _ of pass()) {
      if (seen++ % 500 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - heap0);
      }
    }
    const ms = performance.now() - t0;
    if (!seen) throw new Error('nothing read');
    console.log(
      `${name} | ${bench.returned() - r0} | ` +
        `${((bench.returnedBytes() - b0) / 2 ** 20).toFixed(2)} MB | ` +
        `${(peak / 2 ** 20).toFixed(2)} MB | ${ms.toFixed(0)}`,
    );
  }
  // The tasks run's progress-notes pass (TaskService.planProgressNotes), as the run calls it:
  // one customer in PROJECT_EVERY with a running project (`projectUntil`), its Wednesday note
  // planned by a first call; then PROJECT_ENDED of them lose their project (their open notes to
  // cancel). Measured: that day's call (cancels), and a steady day after (nothing to do).
  const customerIds = (await customers.find({}, { projection: { _id: 1 } }).toArray()).map(
    (d) => d._id,
  );
  const projects = customerIds.filter((_, i) => i % PROJECT_EVERY === 0);
  await customers.updateMany(
    { _id: { $in: projects } },
    { $set: { projectUntil: '2027-03-31', lifecycle: 'active' } },
  );
  const { tasks } = desk.services;
  const first = await tasks.planProgressNotes(ctx, tasks.runCustomers(ctx));
  await customers.updateMany(
    { _id: { $in: projects.slice(0, PROJECT_ENDED) } },
    { $unset: { projectUntil: '' } },
  );
  console.log(
    `progress notes: ${projects.length} customers with a project, ${first.created} notes planned, ` +
      `then ${PROJECT_ENDED} projects cleared`,
  );
  console.log('progress-notes pass | DB commands | docs | bytes returned | planned/cancelled | ms');
  for (const day of ['projects cleared (cancels)', 'steady (nothing to do)']) {
    const c0 = bench.commands();
    const r0 = bench.returned();
    const b0 = bench.returnedBytes();
    const t0 = performance.now();
    const done = await tasks.planProgressNotes(ctx, tasks.runCustomers(ctx));
    console.log(
      `${day} | ${bench.commands() - c0} | ${bench.returned() - r0} | ` +
        `${((bench.returnedBytes() - b0) / 2 ** 20).toFixed(3)} MB | ` +
        `${done.created}/${done.dropped} | ${(performance.now() - t0).toFixed(0)}`,
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
