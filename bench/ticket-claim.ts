// Claiming a ticket: time and DB commands per claim, in the service and through the real Bolt
// HTTP path (signed block_actions, card update and thread reply to a fake Slack), and what 20
// simultaneous claims on one ticket cost.
//   node --import tsx bench/ticket-claim.ts            # 200 tickets
//   BENCH_TICKETS=1000 node --import tsx bench/ticket-claim.ts
import { performance } from 'node:perf_hooks';
import { benchCtx, benchCustomer, startBench, stats } from './harness.js';

const AGENT = 'U0AGENT001';

const N = Number(process.env.BENCH_TICKETS ?? 200);

async function main() {
  const bench = await startBench('claim', { TRIAGE_CHANNEL_ID: 'C0TRIAGE01' });
  const { engine, desk, slack } = bench;
  const now = () => new Date();
  const { tickets } = desk.services;
  const customer = await benchCustomer(bench, now());
  const numbers: string[] = [];
  for (let i = 0; i < N; i++) {
    const { ticket } = await desk.flows.tickets.create(await benchCtx(bench, AGENT, now()), {
      submissionId: `bench-${i}`,
      customerCode: customer.code,
      type: 'other',
      severity: 'general',
      channel: 'phone',
      title: `T ${i}`,
      description: 'x',
      receivedAt: now(),
    });
    numbers.push(ticket.number);
  }
  console.log(`engine: ${engine.kind}; tickets: ${N}`);

  const half = Math.floor(N / 2);
  let before = bench.commands();
  const service: number[] = [];
  for (const number of numbers.slice(0, half)) {
    const t0 = performance.now();
    await tickets.act(await benchCtx(bench, 'U0AGENT002', now()), number, { action: 'claim' });
    service.push(performance.now() - t0);
  }
  console.log(
    `claim in the service: ${stats(service)}, ${((bench.commands() - before) / half).toFixed(1)} DB commands per claim`,
  );

  before = bench.commands();
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
    `claim over HTTP (ack, claim, card update, thread reply): ${stats(http)}, ${((bench.commands() - before) / (N - half)).toFixed(1)} DB commands per claim`,
  );

  const { ticket: contested } = await tickets.create(await benchCtx(bench, AGENT, now()), {
    submissionId: 'bench-race',
    customerCode: customer.code,
    type: 'other',
    severity: 'urgent',
    channel: 'phone',
    title: 'race',
    description: 'x',
    receivedAt: now(),
  });
  before = bench.commands();
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
    `20 simultaneous claims on one ticket: ${(performance.now() - t0).toFixed(0)} ms in all, ${bench.commands() - before} DB commands`,
  );

  await bench.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
