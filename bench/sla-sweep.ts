// One SLA sweep of a workspace with many open tickets of which 100 are due: DB commands, the
// documents they returned, and time. Then a burst: 500 tickets breaching at once, swept and
// delivered by the outbox: DB commands per ticket, Slack calls by method, and how long the
// outbox takes to deliver the last message at Slack's pace (virtual: the waits are counted, not
// slept). Then bulk redraws: the posted cards of BENCH_REDRAWS tickets a settings save moved,
// and a DM written 5 s (of pacing) into their delivery: when it goes out. Then the edits of old
// posts (a first retention run's): BENCH_EDITS of them due, and a card redrawn 5 s (of pacing)
// into them: when it goes out. Alerts go to a fake Slack.
//   node --import tsx bench/sla-sweep.ts                 # 1,000 and 10,000 open tickets
//   BENCH_SIZES=1000,10000,100000 BENCH_BURST=500 node --import tsx bench/sla-sweep.ts
//   BENCH_EDITS=2000 node --import tsx bench/sla-sweep.ts
import { performance } from 'node:perf_hooks';
import { Types } from 'mongoose';
import { SYSTEM_ACTOR } from '../src/context.js';
import { FAKE_TEAM_ID } from '../test/helpers/fake-slack.js';
import { benchCtx, benchCustomer, startBench } from './harness.js';

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const DUE = 100;
const BURST = Number(process.env.BENCH_BURST ?? 500);
const REDRAWS = Number(process.env.BENCH_REDRAWS ?? 1000);
const EDITS = Number(process.env.BENCH_EDITS ?? 1000);

async function main() {
  // Pacing would wait between posts; here the waits move a virtual clock and are summed.
  let virtualMs = 0;
  let inject: (() => Promise<unknown>) | undefined;
  const bench = await startBench(
    'sweep',
    {
      ALERTS_CHANNEL_ID: 'C0ALERTS01',
      TRIAGE_CHANNEL_ID: 'C0TRIAGE01',
      ESCALATION_CHANNEL_ID: 'C0ESCAL001',
    },
    {
      pacing: {
        sleep: async (ms) => {
          virtualMs += ms;
          // (The redraws' run: a DM written once they have gone on for 5 s; the edits' run, a
          // card redraw.)
          if (inject && virtualMs >= 5000) await inject().finally(() => (inject = undefined));
        },
        clockMs: () => virtualMs,
      },
      outboxLoop: false,
    },
  );
  const { db, desk } = bench;
  const now = new Date('2026-11-25T03:00:00Z');
  await desk.services.workspaces.settings(FAKE_TEAM_ID);
  const customer = await benchCustomer(bench, now);
  console.log(`engine: ${bench.engine.kind}`);
  let inserted = 0;
  /** `size` open tickets, the first `due` of them past their response target. */
  async function insertTickets(size: number, due: number) {
    await db.models.tickets.deleteMany({});
    const collection = db.conn.db!.collection('tickets');
    for (let start = 0; start < size; start += 5000) {
      const docs = [];
      for (let i = start; i < Math.min(size, start + 5000); i++) {
        const isDue = i < due;
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
          receivedAt: isDue ? new Date('2026-11-24T02:00:00Z') : now,
          createdBy: 'U0AGENT001',
          status: 'new',
          level: 1,
          sla: { responseMinutes: 480, resolutionMinutes: 4320, aroundTheClock: false },
          pauses: [],
          metrics: { escalations: 0, reassignments: 0, reopenCount: 0 },
          card: { pending: false, channel: 'C0TRIAGE01', ts: `1700000000.${i}` },
          accountManagerNotified: true,
          timeline: [],
          alerts: {},
          version: 0,
          nextAlertAt: isDue ? new Date('2026-11-24T08:00:00Z') : new Date('2026-12-01T00:00:00Z'),
          createdAt: now,
          updatedAt: now,
        });
      }
      await collection.insertMany(docs, { ordered: false });
    }
    inserted += size;
  }
  for (const size of SIZES) {
    await insertTickets(size, DUE);
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

  // The burst: every ticket breaching at once, then the outbox delivering what the sweep wrote.
  await insertTickets(BURST, BURST);
  await db.models.outbox.deleteMany({});
  bench.fake.reset();
  const sweepCommands = bench.commands();
  let t0 = performance.now();
  const counts = await desk.flows.sla.sweep(
    await benchCtx(bench, SYSTEM_ACTOR, now, { origin: 'job' }),
  );
  const sweepMs = performance.now() - t0;
  const swept = bench.commands() - sweepCommands;
  const deliveryCommands = bench.commands();
  virtualMs = 0;
  t0 = performance.now();
  const delivered = await desk.outbox.drain(1000);
  const deliveryMs = performance.now() - t0;
  const byMethod: Record<string, number> = {};
  for (const c of bench.fake.calls) byMethod[c.method] = (byMethod[c.method] ?? 0) + 1;
  console.log(
    `burst of ${BURST} breaching: sweep ${sweepMs.toFixed(0)} ms, ${swept} DB commands ` +
      `(${(swept / BURST).toFixed(2)} per ticket); ${JSON.stringify(counts)}`,
  );
  console.log(
    `  delivery: ${JSON.stringify(delivered)}, ${bench.commands() - deliveryCommands} DB commands, ` +
      `${deliveryMs.toFixed(0)} ms of work; Slack calls ${JSON.stringify(byMethod)}; ` +
      `last message delivered after ${(virtualMs / 1000).toFixed(1)} s of Slack's pacing ` +
      `(alert lists and DMs first, then the card updates)`,
  );

  // Bulk redraws (what a holiday added writes for every posted card it moved), then a DM.
  await insertTickets(REDRAWS, 0);
  await db.models.outbox.deleteMany({});
  bench.fake.reset();
  const ctx = await benchCtx(bench, SYSTEM_ACTOR, now, { origin: 'job' });
  const tickets = await db.models.tickets
    .find({ teamId: FAKE_TEAM_ID }, { _id: 1 })
    .sort({ _id: -1 })
    .limit(REDRAWS)
    .lean();
  await desk.services.outbox.enqueue(
    ctx,
    tickets.map((t) => ({
      key: `card:${String(t._id)}`,
      kind: 'ticket.card' as const,
      to: 'C0TRIAGE01',
      data: { ticketId: String(t._id) },
      refresh: true,
      bulk: true,
    })),
  );
  virtualMs = 0;
  inject = () =>
    desk.services.outbox.enqueue(ctx, [
      {
        key: 'bench:dm',
        kind: 'message',
        to: 'U0OWNER001',
        data: { message: { text: 'An SLA alert' } },
      },
    ]);
  const redrawn = await desk.outbox.drain(1000);
  const calls = bench.fake.calls.filter((c) => c.method.startsWith('chat.'));
  const dmAt = calls.findIndex((c) => c.args.channel === 'U0OWNER001');
  const updatesBefore = calls.slice(0, dmAt).filter((c) => c.method === 'chat.update').length;
  console.log(
    `${REDRAWS} bulk card redraws: ${JSON.stringify(redrawn)}; the last after ` +
      `${(virtualMs / 1000).toFixed(1)} s of pacing; a DM written after 5 s of them went out ` +
      `after ${updatesBefore} of them (${((updatesBefore * 1200) / 1000).toFixed(1)} s of pacing)`,
  );

  // The edits of old posts (a first retention run's: its assignees' DMs, a fixed line each), due
  // first; then, 5 s into them, a card redraw (a settings save's, or the tickets-close job's).
  await db.models.outbox.deleteMany({});
  bench.fake.reset();
  await desk.services.outbox.enqueue(
    ctx,
    Array.from({ length: EDITS }, (_, i) => {
      const ticketId = String(tickets[i % tickets.length]!._id);
      const post = {
        teamId: FAKE_TEAM_ID,
        ticketId,
        key: `ticket:${ticketId}:assigned:${i}`,
        kind: 'dm' as const,
        channel: 'U0AGENT001',
        ts: `1700000001.${i}`,
      };
      return {
        key: `edit:${ticketId}:0:${post.key}`,
        kind: 'message.edit' as const,
        to: post.channel,
        data: { post },
        bulk: true,
      };
    }),
  );
  const redrawn1 = String(tickets[0]!._id);
  virtualMs = 0;
  inject = () =>
    desk.services.outbox.enqueue(ctx, [
      {
        key: `card:${redrawn1}`,
        kind: 'ticket.card',
        to: 'C0TRIAGE01',
        data: { ticketId: redrawn1 },
        refresh: true,
        bulk: true,
      },
    ]);
  const edited = await desk.outbox.drain(1000);
  const updates = bench.fake.calls.filter((c) => c.method === 'chat.update');
  const cardAt = updates.findIndex((c) => c.args.channel === 'C0TRIAGE01');
  console.log(
    `${EDITS} edits of old posts: ${JSON.stringify(edited)}; the last after ` +
      `${(virtualMs / 1000).toFixed(1)} s of pacing; a card redrawn after 5 s of them went out ` +
      `after ${cardAt} of them (${((cardAt * 1200) / 1000).toFixed(1)} s of pacing)`,
  );
  await bench.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
