// Claiming a ticket: time and DB commands per claim, in the service and through the real Bolt
// HTTP path (signed block_actions, card update and thread reply to a fake Slack), and what 20
// simultaneous claims on one ticket cost.
//   node --import tsx bench/ticket-claim.ts            # 200 tickets
//   BENCH_TICKETS=1000 node --import tsx bench/ticket-claim.ts
import { performance } from 'node:perf_hooks';
import { createDeskApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/db/connection.js';
import { resolveDatabase } from '../src/db/engine.js';
import { createLogger } from '../src/logger.js';
import { FakeSlack, FAKE_TEAM_ID } from '../test/helpers/fake-slack.js';
import { SlackRequests } from '../test/helpers/slack-requests.js';

const N = Number(process.env.BENCH_TICKETS ?? 200);
const log = createLogger('warn');

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms`;
}

async function main() {
  const engine = await resolveDatabase({ uri: process.env.MONGODB_URI, log });
  const db = await connectDatabase(engine.uri, `bench_claim_${process.pid}`, log, {
    monitorCommands: true,
  });
  let commands = 0;
  db.conn.getClient().on('commandStarted', () => commands++);
  const fake = new FakeSlack();
  await fake.start();
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench-secret-123',
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    LOG_LEVEL: 'warn',
    TRIAGE_CHANNEL_ID: 'C0TRIAGE01',
  });
  const now = () => new Date();
  const desk = createDeskApp(
    { config, db, engine: engine.kind, log, clock: { now } },
    { processBeforeResponse: true },
  );
  const port = await desk.start();
  const slack = new SlackRequests(`http://127.0.0.1:${port}`, 'bench-secret-123', fake);
  const { customers, tickets } = desk.services;
  const customer = await customers.create(
    FAKE_TEAM_ID,
    {
      name: 'Bench Co',
      industry: 'x',
      source: 'other',
      firstContactDate: '2026-01-01',
      ownerId: 'U0OWNER001',
    },
    'U0OWNER001',
    now(),
  );
  const numbers: string[] = [];
  for (let i = 0; i < N; i++) {
    const { ticket } = await tickets.create(
      FAKE_TEAM_ID,
      {
        submissionId: `bench-${i}`,
        customerCode: customer.code,
        type: 'other',
        severity: 'general',
        channel: 'phone',
        title: `T ${i}`,
        description: 'x',
        receivedAt: now(),
      },
      'U0AGENT001',
      now(),
    );
    await desk.ticketFlows.announce(ticket, now());
    numbers.push(ticket.number);
  }
  console.log(`engine: ${engine.kind}; tickets: ${N}`);

  const half = Math.floor(N / 2);
  let before = commands;
  const service: number[] = [];
  for (const number of numbers.slice(0, half)) {
    const t0 = performance.now();
    await tickets.act(FAKE_TEAM_ID, number, { action: 'claim' }, 'U0AGENT002', now());
    service.push(performance.now() - t0);
  }
  console.log(
    `claim in the service: ${stats(service)}, ${((commands - before) / half).toFixed(1)} DB commands per claim`,
  );

  before = commands;
  const http: number[] = [];
  for (const number of numbers.slice(half)) {
    const t0 = performance.now();
    await slack.blockAction(
      { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
      { userId: 'U0AGENT003' },
    );
    http.push(performance.now() - t0);
  }
  console.log(
    `claim over HTTP (ack, claim, card update, thread reply): ${stats(http)}, ${((commands - before) / (N - half)).toFixed(1)} DB commands per claim`,
  );

  const { ticket: contested } = await tickets.create(
    FAKE_TEAM_ID,
    {
      submissionId: 'bench-race',
      customerCode: customer.code,
      type: 'other',
      severity: 'urgent',
      channel: 'phone',
      title: 'race',
      description: 'x',
      receivedAt: now(),
    },
    'U0AGENT001',
    now(),
  );
  before = commands;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      slack.blockAction(
        { action_id: 'ticket_claim', value: contested.number, block_id: 'ticket_actions' },
        { userId: `U0RACE${i}` },
      ),
    ),
  );
  console.log(
    `20 simultaneous claims on one ticket: ${(performance.now() - t0).toFixed(0)} ms in all, ${commands - before} DB commands`,
  );

  await desk.stop();
  await fake.stop();
  await db.conn.dropDatabase();
  await db.close();
  await engine.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
