// Options-load (customer picker) and /customer find with many customers, on whatever database
// the project resolves (MONGODB_URI, else mongod, else the Java stand-in).
//   node --import tsx bench/customer-search.ts            # 100,000 customers
//   BENCH_CUSTOMERS=10000 node --import tsx bench/customer-search.ts
// Prints: seeding time; the time to give the seeded files their sort key (what start-up does
// after an upgrade); per query kind the median and p95 latency and DB commands per call,
// measured in the service (its picker options are kept a second: `suggest` is then the cache),
// in the repository (each call a query; the sla-alerts job's check for names to key) and through the real Bolt HTTP path (signed
// block_suggestion).
import { performance } from 'node:perf_hooks';
import { CustomerRepository } from '../src/customer/repository.js';
import { customerCode, nameKey, searchTerms } from '../src/customer/rules.js';
import { benchCtx, startBench, stats } from './harness.js';

const N = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const TEAM = 'T0BENCH001';
const RUNS = 30;

const cities = [
  'Shanghai',
  'Beijing',
  'Hangzhou',
  'Shenzhen',
  'Guangzhou',
  'Chengdu',
  'Wuhan',
  'Nanjing',
  '杭州',
  '苏州',
];
const trades = [
  'Machinery',
  'Optics',
  'Logistics',
  'Textiles',
  'Software',
  'Chemicals',
  'Foods',
  '电子',
  '贸易',
  '物流',
];

async function main() {
  const bench = await startBench('search');
  const { engine, db, desk, slack } = bench;
  console.log(`engine: ${engine.kind}; customers: ${N.toLocaleString('en-US')}`);

  const seedStart = performance.now();
  const collection = db.conn.db!.collection('customers');
  for (let start = 0; start < N; start += 5000) {
    const docs = [];
    for (let i = start; i < Math.min(N, start + 5000); i++) {
      const code = customerCode(2026, i + 1);
      const name = `${cities[i % cities.length]} ${trades[Math.floor(i / 10) % trades.length]} ${i}`;
      docs.push({
        teamId: TEAM,
        code,
        name,
        nameKey: nameKey(name),
        industry: 'x',
        source: 'referral',
        firstContactDate: '2026-01-01',
        ownerId: 'U0OWNER001',
        contacts: [{ name: `Contact ${i}`, optOuts: [] }],
        currency: 'CNY',
        ordersByMonth: {},
        tags: i % 7 === 0 ? ['high-value'] : [],
        potential: 'ordinary',
        lifecycle: 'active',
        competitorContact: false,
        computedTier: 'normal',
        tier: 'normal',
        searchTerms: searchTerms({ code, name, contactNames: [`Contact ${i}`], tags: [] }),
        createdBy: 'U0OWNER001',
        createdAt: new Date(),
        updatedAt: new Date(),
      });
    }
    await collection.insertMany(docs, { ordered: false });
  }
  console.log(`seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const { customers } = desk.services;
  const ctx = await benchCtx(bench, 'U0BENCH001', new Date(), { teamId: TEAM });
  // Seeded raw, as files saved before sort keys: keyed as start-up keys them.
  const keyStart = performance.now();
  const { keyed } = await customers.backfillSortKeys(ctx);
  console.log(
    `sort keys: ${keyed.toLocaleString('en-US')} in ${((performance.now() - keyStart) / 1000).toFixed(1)} s`,
  );
  const repo = new CustomerRepository(db.models.customers);

  const cases: [string, () => Promise<unknown>][] = [
    ['suggest "hangzhou" (name prefix)', () => customers.suggest(ctx, 'hangzhou')],
    ['suggest "C2026050" (code prefix)', () => customers.suggest(ctx, 'C2026050')],
    ['suggest "zzz" (no match)', () => customers.suggest(ctx, 'zzz')],
    ['repository suggest "hangzhou" (name prefix)', () => repo.suggest(TEAM, 'hangzhou', 20)],
    ['repository suggest "杭州" (name prefix)', () => repo.suggest(TEAM, '杭州', 20)],
    ['repository suggest "zzz" (no match)', () => repo.suggest(TEAM, 'zzz', 20)],
    ['find "optics 12" (substring)', () => customers.find(ctx, 'optics 12')],
    ['find "电子 1" (substring)', () => customers.find(ctx, '电子 1')],
    // The sla-alerts job's minute check for names to key (none here): reads every name key.
    ['stale sort keys (none)', () => repo.staleSortKeys(TEAM, 1000)],
    [
      'options load over HTTP "hangzhou"',
      () =>
        slack.blockSuggestion(
          { action_id: 'customer_picker', value: 'hangzhou' },
          { teamId: TEAM },
        ),
    ],
  ];
  for (const [label, run] of cases) {
    await run();
    const times: number[] = [];
    const before = bench.commands();
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
    }
    console.log(
      `${label}: ${stats(times)}, ${((bench.commands() - before) / RUNS).toFixed(1)} DB commands per call`,
    );
  }

  await bench.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
