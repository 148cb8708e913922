// Start-up with BENCH_SIZE (2,000) waiting tickets of the old shape (the far-future due time,
// half of them overdue before their pause): how long start() takes (the backfill no longer in
// its way), how long the backfill goes on in the background and what it reads and writes, then a
// second start (the workspace stamped done: no ticket read).
//   node --import tsx bench/paused-due.ts
//   BENCH_SIZE=20000 node --import tsx bench/paused-due.ts
//   BENCH_TRACE=1 ...                                     # each start's DB commands
// (Start-up's other command on tickets, in both starts, is not the backfill's.)
import { performance } from 'node:perf_hooks';
import { trusted, Types } from 'mongoose';
import { createDeskApp } from '../src/app.js';
import { createLogger } from '../src/logger.js';
import { PAUSED_DUE_AT } from '../src/ticket/clock.js';
import { FAKE_TEAM_ID } from '../test/helpers/fake-slack.js';
import { benchConfig, benchCustomer, startBench } from './harness.js';

const SIZE = Number(process.env.BENCH_SIZE ?? 2000);

async function main() {
  const bench = await startBench('paused_due', { TRIAGE_CHANNEL_ID: 'C0TRIAGE01' });
  const { db, desk } = bench;
  const now = new Date('2026-11-25T03:00:00Z');
  await desk.services.workspaces.settings(FAKE_TEAM_ID);
  const customer = await benchCustomer(bench, now);
  console.log(`engine: ${bench.engine.kind}`);
  // Received Mon 23 10:00 in Shanghai, first response due 18:00; paused Tue 24 11:00 (an overdue
  // one, which the version before saved with the far future) or Mon 23 11:00 (in time).
  const docs = [];
  for (let i = 0; i < SIZE; i++) {
    const late = i % 2 === 0;
    docs.push({
      teamId: FAKE_TEAM_ID,
      number: `T2026${String(i).padStart(6, '0')}`,
      submissionId: `p${i}`,
      customerId: new Types.ObjectId(customer.id),
      customerCode: customer.code,
      customerName: customer.name,
      customerTier: 'normal',
      accountManagerId: 'U0OWNER001',
      assigneeId: 'U0AGENT001',
      type: 'other',
      severity: 'general',
      channel: 'phone',
      title: `T ${i}`,
      description: 'x',
      receivedAt: new Date('2026-11-23T02:00:00Z'),
      createdBy: 'U0AGENT001',
      status: 'waiting',
      level: 1,
      sla: { responseMinutes: 480, resolutionMinutes: 4320, aroundTheClock: false },
      pauses: [{ from: new Date(late ? '2026-11-24T03:00:00Z' : '2026-11-23T03:00:00Z') }],
      metrics: { escalations: 0, reassignments: 0, reopenCount: 0 },
      card: { pending: false, channel: 'C0TRIAGE01', ts: `1700000000.${i}` },
      accountManagerNotified: true,
      timeline: [],
      alerts: {},
      version: 3,
      dueAt: PAUSED_DUE_AT,
      createdAt: now,
      updatedAt: now,
    });
  }
  await db.conn.db!.collection('tickets').insertMany(docs, { ordered: false });

  const config = benchConfig({ SLACK_API_URL: bench.fake.apiUrl, TRIAGE_CHANNEL_ID: 'C0TRIAGE01' });
  const log = createLogger('warn');
  const instance = () =>
    createDeskApp(
      { config, db, engine: bench.engine.kind, log, clock: { now: () => now } },
      { processBeforeResponse: true, submitAckBudgetMs: null, outboxLoop: false },
    );
  const tickets = () => bench.commandsByCollection().tickets ?? 0;
  for (const label of ['upgraded start', 'next start']) {
    const upgraded = instance();
    const commands = tickets();
    const returned = bench.returned();
    const traced = bench.trace().length;
    const t0 = performance.now();
    await upgraded.start();
    const started = performance.now() - t0;
    await upgraded.startupWork();
    const background = performance.now() - t0;
    await upgraded.stop();
    if (process.env.BENCH_TRACE) console.log(bench.trace().slice(traced).join('\n'));
    const overdue = await db.models.tickets.countDocuments({
      teamId: FAKE_TEAM_ID,
      status: 'waiting',
      dueAt: trusted({ $lt: PAUSED_DUE_AT }),
    });
    console.log(
      `${label}, ${SIZE.toLocaleString('en-US')} waiting of the old shape: start() ${started.toFixed(0)} ms, ` +
        `backfill done ${background.toFixed(0)} ms after it began, ${tickets() - commands} DB commands on tickets, ` +
        `${bench.returned() - returned} documents returned (all collections); ${overdue.toLocaleString('en-US')} now overdue`,
    );
  }
  await bench.stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
