// One SLA sweep of a workspace with many open tickets of which 100 are due: DB commands, the
// documents they returned, and time. Alerts go to a fake Slack; pacing is skipped (no waits).
//   node --import tsx bench/sla-sweep.ts                 # 1,000 and 10,000 open tickets
//   BENCH_SIZES=1000,10000,100000 node --import tsx bench/sla-sweep.ts
import { performance } from 'node:perf_hooks';
import { Types } from 'mongoose';
import { SYSTEM_ACTOR } from '../src/context.js';
import { FAKE_TEAM_ID } from '../test/helpers/fake-slack.js';
import { benchCtx, benchCustomer, startBench } from './harness.js';

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const DUE = 100;

async function main() {
  // Pacing would wait a second between posts to a channel; here it only counts.
  const bench = await startBench(
    'sweep',
    { ALERTS_CHANNEL_ID: 'C0ALERTS01', TRIAGE_CHANNEL_ID: 'C0TRIAGE01' },
    { pacing: { sleep: async () => {}, clockMs: () => 0 } },
  );
  const { db, desk } = bench;
  const now = new Date('2026-11-25T03:00:00Z');
  await desk.services.workspaces.settings(FAKE_TEAM_ID);
  const customer = await benchCustomer(bench, now);
  console.log(`engine: ${bench.engine.kind}`);
  let inserted = 0;
  for (const size of SIZES) {
    await db.models.tickets.deleteMany({});
    const collection = db.conn.db!.collection('tickets');
    for (let start = 0; start < size; start += 5000) {
      const docs = [];
      for (let i = start; i < Math.min(size, start + 5000); i++) {
        const due = i < DUE;
        docs.push({
          teamId: FAKE_TEAM_ID,
          number: `T2026${String(inserted + i).padStart(6, '0')}`,
          submissionId: `b${inserted + i}`,
          customerId: new Types.ObjectId(customer.id),
          customerCode: customer.code,
          customerName: customer.name,
          customerTier: 'normal',
          accountManagerId: 'U0OWNER001',
          type: 'other',
          severity: 'general',
          channel: 'phone',
          title: `T ${i}`,
          description: 'x',
          receivedAt: due ? new Date('2026-11-24T02:00:00Z') : now,
          createdBy: 'U0AGENT001',
          status: 'new',
          level: 1,
          sla: { responseMinutes: 480, resolutionMinutes: 4320, aroundTheClock: false },
          pauses: [],
          metrics: { escalations: 0, reassignments: 0, reopenCount: 0 },
          card: { pending: false, channel: 'C0TRIAGE01', ts: `1700000000.${i}`, attempts: 1 },
          accountManagerNotified: true,
          timeline: [],
          alerts: {},
          version: 0,
          nextAlertAt: due ? new Date('2026-11-24T08:00:00Z') : new Date('2026-12-01T00:00:00Z'),
          createdAt: now,
          updatedAt: now,
        });
      }
      await collection.insertMany(docs, { ordered: false });
    }
    inserted += size;
    const beforeCommands = bench.commands();
    const returnedBefore = bench.returned();
    const t0 = performance.now();
    const counts = await desk.flows.sla.sweep(
      await benchCtx(bench, SYSTEM_ACTOR, now, { origin: 'job' }),
    );
    const ms = performance.now() - t0;
    console.log(
      `${size.toLocaleString('en-US')} open, ${DUE} due: ${ms.toFixed(0)} ms, ${bench.commands() - beforeCommands} DB commands, ` +
        `${bench.returned() - returnedBefore} documents returned; ${JSON.stringify(counts)}`,
    );
  }
  await bench.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
