// Every ticket list and App Home with many open tickets, ten requests at once (ten different
// people: a team list asked for at once is read once and shared; each Home's own part is its
// person's, the team part shared among managers): the time from
// the signed request until the answer is in (the list through the command's response_url, the
// Home through views.publish; the app answers Slack only when the listener is done) and the DB
// commands each takes. Lists and Homes read stored due times through indexed queries, so their
// cost does not grow with the tickets they do not show (on real MongoDB; the stand-in scans).
//   node --import tsx bench/lists.ts                      # 10,000 and 100,000 open tickets
//   BENCH_SIZES=10000 BENCH_AT_ONCE=10 node --import tsx bench/lists.ts
import { performance } from 'node:perf_hooks';
import { Types } from 'mongoose';
import { PAUSED_DUE_AT } from '../src/ticket/clock.js';
import { FAKE_TEAM_ID } from '../test/helpers/fake-slack.js';
import { benchCustomer, percentile, startBench } from './harness.js';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const AT_ONCE = Number(process.env.BENCH_AT_ONCE ?? 10);
/** Ten agents and ten admins: each request of a batch is a different person's. */
const AGENTS = Array.from({ length: 10 }, (_, i) => `U0AGENT00${i}`);
const ADMINS = Array.from({ length: 10 }, (_, i) => `U0ADMIN00${i}`);

const LISTS = ['open', 'overdue', 'unassigned', 'waiting', 'mine'] as const;

async function main() {
  const bench = await startBench(
    'lists',
    { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ADMIN_USER_IDS: ADMINS.join(',') },
    { outboxLoop: false },
  );
  const { db, desk } = bench;
  const now = new Date();
  await desk.services.workspaces.settings(FAKE_TEAM_ID);
  const customer = await benchCustomer(bench, now);
  console.log(`engine: ${bench.engine.kind}; ${AT_ONCE} requests at once`);

  /**
   * `size` open tickets: a third overdue, a tenth waiting on the customer, half unassigned, one
   * in a hundred each agent's; the rest due over the coming days.
   */
  async function insertTickets(size: number) {
    await db.models.tickets.deleteMany({});
    const collection = db.conn.db!.collection('tickets');
    for (let start = 0; start < size; start += 1000) {
      const docs = [];
      for (let i = start; i < Math.min(size, start + 1000); i++) {
        const waiting = i % 10 === 9;
        const overdue = i % 3 === 0;
        const assignee =
          i % 100 < 10
            ? AGENTS[i % 100]
            : i % 2
              ? `U0AG${String(i % 50).padStart(6, '0')}`
              : undefined;
        const dueAt = waiting
          ? PAUSED_DUE_AT
          : new Date(now.getTime() + (overdue ? -1 : 1) * (60_000 + (i % 5000) * 60_000));
        docs.push({
          teamId: FAKE_TEAM_ID,
          number: `T2026${String(i).padStart(6, '0')}`,
          submissionId: `b${size}-${i}`,
          customerId: new Types.ObjectId(customer.id),
          customerCode: customer.code,
          customerName: customer.name,
          customerTier: 'normal',
          accountManagerId: 'U0OWNER001',
          type: 'other',
          severity: 'general',
          channel: 'phone',
          title: `Ticket ${i}`,
          description: 'x',
          receivedAt: new Date(now.getTime() - 86_400_000),
          createdBy: i % 100 >= 10 && i % 100 < 20 ? AGENTS[i % 10] : 'U0REQUEST1',
          status: waiting ? 'waiting' : assignee ? 'assigned' : 'new',
          level: i % 40 === 0 ? 2 : 1,
          ...(assignee ? { assigneeId: assignee } : {}),
          sla: { responseMinutes: 480, resolutionMinutes: 4320, aroundTheClock: false },
          pauses: waiting ? [{ from: now }] : [],
          metrics: { escalations: 0, reassignments: 0, reopenCount: 0 },
          card: { pending: false, channel: 'C0TRIAGE01', ts: `1700000000.${i}` },
          accountManagerNotified: true,
          timeline: [],
          alerts: {},
          version: 0,
          dueAt,
          ...(waiting ? {} : { resolutionDueAt: dueAt }),
          createdAt: now,
          updatedAt: now,
        });
      }
      await collection.insertMany(docs, { ordered: false });
    }
  }

  /** `request` AT_ONCE times at once: each one's latency, and the DB commands per request. */
  async function measure(request: (i: number) => Promise<unknown>) {
    await bench.idle();
    const before = bench.commands();
    const latencies = await Promise.all(
      Array.from({ length: AT_ONCE }, async (_, i) => {
        const t0 = performance.now();
        await request(i);
        return performance.now() - t0;
      }),
    );
    await bench.idle();
    const commands = (bench.commands() - before) / AT_ONCE;
    return `p50 ${percentile(latencies, 0.5).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms, ${commands.toFixed(1)} DB commands a request`;
  }

  for (const size of SIZES) {
    const t0 = performance.now();
    await insertTickets(size);
    console.log(
      `\n${size.toLocaleString('en-US')} open tickets (inserted in ${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );
    for (const kind of LISTS) {
      // Warm once (settings cached, connections open), then measure.
      await bench.slack.command('/ticket', `list ${kind}`, { userId: AGENTS[0] });
      const figures = await measure((i) =>
        bench.slack.command('/ticket', `list ${kind}`, { userId: AGENTS[i % 10] }),
      );
      console.log(`  /ticket list ${kind}: ${figures}`);
    }
    console.log(
      `  /ticket list open, page 3 (Next): ${await measure((i) =>
        bench.slack.blockAction(
          { action_id: 'ticket_list_page', value: 'open:20', block_id: 'ticket_list_nav' },
          { userId: AGENTS[i % 10], ephemeral: true },
        ),
      )}`,
    );
    for (const [who, users] of [
      ['agents', AGENTS],
      ['admins (team queue, week, problems)', ADMINS],
    ] as const) {
      const open = (i: number) =>
        bench.slack.event({
          type: 'app_home_opened',
          user: users[i % 10]!,
          channel: 'D0HOME0001',
          tab: 'home',
        });
      await open(0);
      console.log(`  App Home of ${who}: ${await measure(open)}`);
    }
    const published = bench.fake.callsTo('views.publish').length;
    if (!published) throw new Error('no Home was published');
    bench.fake.reset();
  }
  await bench.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
