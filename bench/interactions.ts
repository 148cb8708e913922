// What the interactive requests cost: DB commands per interaction, and ack latency under load
// against a bare Bolt app. Every request is a signed HTTP request to the production app, and the
// data is seeded the way people make it (submitting the modals the app opens, clicking the
// buttons on the cards it posts), so the script does not depend on the services' signatures.
//   node --import tsx bench/interactions.ts
//   BENCH_STEADY=20 BENCH_CONCURRENCY=50 BENCH_ROUNDS=5 node --import tsx bench/interactions.ts
// BENCH_ONLY=commands|latency runs one table; BENCH_TRACE=1 prints each request's commands
// (`find tickets; update outbox x5; ...`); BENCH_CPU_PROF=<dir> has both apps' processes of
// table 2 write a V8 CPU profile there, with their answering windows, which
// `node --import tsx bench/ack-profile.ts <dir>` reads (CPU per request and where it went);
// BENCH_SEQ=1 sends a round's requests one after another instead of at once (CPU per request
// without queueing); BENCH_DETAIL=1 prints each round's p50 and max (round trip and in the app)
// and over how long its requests arrived; BENCH_SETTLE_MS (100) is the pause before each burst,
// after the app collected its garbage; BENCH_KINDS=customer,ticket runs only those kinds.
// Table 1 (processBeforeResponse: true, so a response means the listener finished): DB commands
// of the first request of each kind after start and the average over BENCH_STEADY more (after
// one warm-up), with those on `workspaces` (settings reads) and where the rest go, and Slack's
// users.info calls (the guest check of a person the roles name nowhere: remembered, so asked once).
// Table 2 (processBeforeResponse: false, as in production): per kind, BENCH_ROUNDS rounds (after
// a warm-up round) of BENCH_CONCURRENCY simultaneous requests, each request's HTTP round trip,
// p50 / p95 / p99 for the desk and for a Bolt app whose listeners only ack. Each app runs in a
// process of its own (bench/serve.ts) while the load generator and the fake Slack stay here, so
// the fake's work on the desk's Slack calls after the ack does not compete with the desk's event
// loop (Slack is remote in production). Each request is sent and timed in a worker thread
// (bench/timed-requests.ts), so that the main thread's work (the fake Slack answering the desk's
// calls after its acks, the Block Kit checks of the answers) does not delay when a response that
// had arrived is timed. Each round waits until the app says its listeners (the work after the ack
// included) are done before the next. Table 3: the same requests as each app's process saw them
// (bench/serve.ts): from the request's arrival to its response's end, over how long a burst's
// requests arrived (an app busy with the requests before reads the next later), and the
// process's CPU time per request from a burst's first arrival to its last response (mostly the
// work before the acks, as the work after them waits for 10 ms without a new request). A burst's
// round trips are mostly its requests queued behind each other's work: the CPU per request sets
// where the p99 ratio lies, and a run's worst bursts move it.
// Kinds run in the order their data needs (customers, picker, tickets, list, card, claims,
// resolves) and are printed in the order of the issue.
import { availableParallelism, loadavg } from 'node:os';
import type { Database } from '../src/db/connection.js';
import { FakeSlack } from '../test/helpers/fake-slack.js';
import type { SlackResponse, SlackRequests } from '../test/helpers/slack-requests.js';
import { spawnApp, type Seen } from './app-process.js';
import {
  openBenchDatabase,
  percentile,
  startBench,
  timedRequestTo,
  type Bench,
} from './harness.js';
import { TimedSender } from './timed-requests.js';

const STEADY = Number(process.env.BENCH_STEADY ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** The pause before each burst (after the app collected its garbage). */
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 100);

const TRIAGE = 'C0TRIAGE01';
const OWNER = 'U0OWNER001';
const AGENT = 'U0AGENT001';
/** The prefix every bench customer's name starts with, typed into the picker. */
const NAME_PREFIX = 'Ben';

/** One request, ready to send to an app (the desk, or the bare Bolt app). */
type Send = (slack: SlackRequests) => Promise<SlackResponse>;
/** An app the requests go to, in this process or in one of its own. */
interface Target {
  slack: SlackRequests;
  /** Resolves when no listener is working (the work after an ack included). */
  idle(): Promise<unknown>;
}
/** An app in a process of its own, on a port the timed requests go to. */
interface TimedTarget extends Target {
  port: number;
  idle(label?: string): Promise<Seen>;
  settle(): Promise<void>;
}
type View = Record<string, unknown>;

type KindId = 'customer' | 'ticket' | 'claim' | 'resolve' | 'card' | 'list' | 'picker';

interface Kind {
  label: string;
  /** `n` requests, each valid for what it does, also when sent all at once. */
  make(n: number): Promise<Send[]>;
}

/** Printed in the order; run in the order the data needs. */
const PRINTED: KindId[] = ['customer', 'ticket', 'claim', 'resolve', 'card', 'list', 'picker'];
const ALL_RUN_ORDER: KindId[] = [
  'customer',
  'picker',
  'ticket',
  'list',
  'card',
  'claim',
  'resolve',
];
/** The kinds whose requests make the data a kind needs (run before it in ALL_RUN_ORDER). */
const NEEDS: Partial<Record<KindId, KindId[]>> = {
  picker: ['customer'],
  ticket: ['customer'],
  card: ['customer'],
  claim: ['ticket'],
  resolve: ['claim'],
};

/**
 * BENCH_KINDS=customer,ticket: only these kinds (and table rows), for a quicker comparison of
 * two builds. Refuses a kind it does not know, and one without the kinds it needs.
 */
function runOrder(spec: string | undefined): KindId[] {
  if (!spec) return ALL_RUN_ORDER;
  const wanted = spec.split(',').map((name) => name.trim());
  for (const name of wanted) {
    const id = ALL_RUN_ORDER.find((k) => k === name);
    if (!id) throw new Error(`BENCH_KINDS: no kind "${name}" (${ALL_RUN_ORDER.join(', ')})`);
    const missing = (NEEDS[id] ?? []).filter((need) => !wanted.includes(need));
    if (missing.length) throw new Error(`BENCH_KINDS: ${id} needs ${missing.join(', ')} too`);
  }
  return ALL_RUN_ORDER.filter((id) => wanted.includes(id));
}
const RUN_ORDER = runOrder(process.env.BENCH_KINDS);

/** Fails the bench when the app refused a request or answered with an error reference. */
function check(res: SlackResponse): SlackResponse {
  const body = JSON.stringify(res.body);
  if (
    res.status !== 200 ||
    body.includes('"response_action":"errors"') ||
    /E-[0-9A-F]{8}/.test(body)
  )
    throw new Error(`request failed: HTTP ${res.status} ${body}`);
  return res;
}

/**
 * The desk as a person in Slack sees it: the modals it opens, the cards it posts, and the
 * tickets still to claim and resolve.
 */
class Desk {
  private readonly modals = new Map<string, View>();
  private readonly handedOut = new Set<string>();
  /** Tickets handed out to claim, in order: resolves take them once the claims are done. */
  private readonly claimed: string[] = [];
  private customers = 0;
  private code: string | undefined;

  constructor(
    readonly target: Target,
    private readonly fake: FakeSlack,
  ) {}

  /** Sends one request and waits until the app's work for it is done. */
  async settle(send: Send): Promise<SlackResponse> {
    const res = check(await send(this.target.slack));
    await this.target.idle();
    return res;
  }

  /** The modal `open` makes the app open (opened once, then reused like a template). */
  async modal(key: string, open: Send): Promise<View> {
    if (!this.modals.has(key)) {
      await this.settle(open);
      const view = this.fake.callsTo('views.open').at(-1)!.args.view as View;
      this.modals.set(key, view);
    }
    return this.modals.get(key)!;
  }

  nextCustomerName(): string {
    return `${NAME_PREFIX}son Trading ${String(++this.customers).padStart(4, '0')}`;
  }

  /** A customer's code, picked the way the ticket modal does: type the prefix, take the first. */
  async customerCode(): Promise<string> {
    if (!this.code) {
      const res = await this.settle(picker);
      this.code = (res.body as { options: { value: string }[] }).options[0]!.value;
    }
    return this.code;
  }

  /** Tickets whose card is in the triage channel and that nobody was sent to claim yet. */
  takeUnclaimed(n: number): string[] {
    const numbers = this.fake
      .postsTo(TRIAGE)
      .filter((c) => !c.args.thread_ts)
      .map((c) => claimButtonValue(c.args.blocks))
      .filter((number): number is string => !!number && !this.handedOut.has(number))
      .slice(0, n);
    if (numbers.length < n) throw new Error(`only ${numbers.length} unclaimed ticket cards`);
    for (const number of numbers) this.handedOut.add(number);
    this.claimed.push(...numbers);
    return numbers;
  }

  takeClaimed(n: number): string[] {
    if (this.claimed.length < n) throw new Error(`only ${this.claimed.length} claimed tickets`);
    return this.claimed.splice(0, n);
  }

  /** Any claimed ticket, to open the Resolve modal on (the click changes nothing). */
  anyClaimed(): string {
    return this.claimed[0]!;
  }
}

function claimButtonValue(blocks: unknown): string | undefined {
  for (const block of (blocks as { elements?: { action_id?: string; value?: string }[] }[]) ?? []) {
    const button = block.elements?.find((e) => e.action_id === 'ticket_claim');
    if (button) return button.value;
  }
  return undefined;
}

const picker: Send = (slack) =>
  slack.blockSuggestion({ action_id: 'customer_picker', value: NAME_PREFIX });

function ticketButton(actionId: string, number: string): Send {
  return (slack) =>
    slack.blockAction(
      { action_id: actionId, value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
}

function times<T>(n: number, make: () => T): T[] {
  return Array.from({ length: n }, make);
}

function kinds(desk: Desk): Record<KindId, Kind> {
  return {
    customer: {
      label: '/customer new submit',
      async make(n) {
        const view = await desk.modal('customer', (s) =>
          s.command('/customer', 'new', { userId: OWNER }),
        );
        return times(n, () => {
          const form = { name: desk.nextCustomerName(), industry: 'Machinery', source: 'referral' };
          return (s) => s.submitView(view, form, { userId: OWNER });
        });
      },
    },
    ticket: {
      label: '/ticket new submit',
      async make(n) {
        const view = await desk.modal('ticket', (s) =>
          s.command('/ticket', 'new Line 3 is down', { userId: AGENT }),
        );
        const form = {
          customer: await desk.customerCode(),
          severity: 'general',
          type: 'after_sales',
          description: 'Spindle error E42',
        };
        return times(n, () => (s) => s.submitView(view, form, { userId: AGENT }));
      },
    },
    claim: {
      label: 'claim (button)',
      make: async (n) =>
        desk.takeUnclaimed(n).map((number) => ticketButton('ticket_claim', number)),
    },
    resolve: {
      label: 'resolve submit',
      async make(n) {
        const view = await desk.modal(
          'resolve',
          ticketButton('ticket_resolve_open', desk.anyClaimed()),
        );
        const meta = JSON.parse(view.private_metadata as string) as Record<string, unknown>;
        return desk.takeClaimed(n).map((ticket) => {
          const mine = { ...view, private_metadata: JSON.stringify({ ...meta, ticket }) };
          return (s) =>
            s.submitView(mine, { resolution: 'Replaced the encoder' }, { userId: AGENT });
        });
      },
    },
    card: {
      label: '/customer C2026001 (card)',
      async make(n) {
        const code = await desk.customerCode();
        return times(n, () => (s) => s.command('/customer', code, { userId: OWNER }));
      },
    },
    list: {
      label: '/ticket list',
      make: async (n) => times(n, () => (s) => s.command('/ticket', 'list', { userId: AGENT })),
    },
    picker: {
      label: `picker options "${NAME_PREFIX}"`,
      make: async (n) => times(n, () => picker),
    },
  };
}

// ---- Table 1: DB commands ----

interface Cost {
  total: number;
  workspaces: number;
  byCollection: Record<string, number>;
  /** Slack's users.info calls (the guest check of a person the roles name nowhere). */
  usersInfo: number;
}

/** The DB commands one request costs, from its sending until the app's work for it is done. */
async function cost(bench: Bench, desk: Desk, send: Send): Promise<Cost> {
  const before = bench.commandsByCollection();
  const from = bench.trace().length;
  const asked = bench.fake.callsTo('users.info').length;
  await desk.settle(send);
  const usersInfo = bench.fake.callsTo('users.info').length - asked;
  if (process.env.BENCH_TRACE) console.log(`  ${bench.trace().slice(from).join('; ')}`);
  const byCollection: Record<string, number> = {};
  for (const [name, n] of Object.entries(bench.commandsByCollection())) {
    if (n > (before[name] ?? 0)) byCollection[name] = n - (before[name] ?? 0);
  }
  const total = Object.values(byCollection).reduce((sum, n) => sum + n, 0);
  return { total, workspaces: byCollection.workspaces ?? 0, byCollection, usersInfo };
}

function average(costs: Cost[]): Cost {
  const byCollection: Record<string, number> = {};
  for (const c of costs) {
    for (const [name, n] of Object.entries(c.byCollection))
      byCollection[name] = (byCollection[name] ?? 0) + n / costs.length;
  }
  const mean = (pick: (c: Cost) => number) =>
    costs.reduce((sum, c) => sum + pick(c), 0) / costs.length;
  return {
    total: mean((c) => c.total),
    workspaces: mean((c) => c.workspaces),
    byCollection,
    usersInfo: mean((c) => c.usersInfo),
  };
}

async function sendEach(bench: Bench, desk: Desk, kind: Kind, n: number): Promise<Cost[]> {
  const costs: Cost[] = [];
  for (const send of await kind.make(n)) costs.push(await cost(bench, desk, send));
  return costs;
}

async function commandsTable(): Promise<void> {
  const bench = await startBench('interactions_db', { TRIAGE_CHANNEL_ID: TRIAGE });
  printHeader(bench.engine.kind);
  const desk = new Desk(bench, bench.fake);
  const all = kinds(desk);
  const rows = new Map<KindId, string[]>();
  for (const id of RUN_ORDER) {
    if (process.env.BENCH_TRACE) console.log(all[id].label);
    const [first] = await sendEach(bench, desk, all[id], 1);
    await sendEach(bench, desk, all[id], 1); // warm-up
    const steady = average(await sendEach(bench, desk, all[id], STEADY));
    rows.set(id, [
      all[id].label,
      `${first!.total}`,
      `${first!.workspaces}`,
      steady.total.toFixed(1),
      steady.workspaces.toFixed(1),
      `${first!.usersInfo}`,
      steady.usersInfo.toFixed(1),
      Object.entries(steady.byCollection)
        .sort(([, a], [, b]) => b - a)
        .map(([name, n]) => `${name} ${Number(n.toFixed(1))}`)
        .join(', '),
    ]);
  }
  console.log(
    `\nTable 1: DB commands per interaction, counted on the wire (processBeforeResponse: true; steady = average of ${STEADY} after one warm-up)`,
  );
  printTable(
    [
      'interaction',
      'first',
      'of which workspaces',
      'steady',
      'of which workspaces',
      'users.info first',
      'users.info steady',
      'steady, by collection',
    ],
    PRINTED.filter((id) => rows.has(id)).map((id) => rows.get(id)!),
  );
  await printState(bench.db, bench.fake);
  await bench.stop();
}

// ---- Table 2: ack latency ----

/** A round's requests to one app: each one's round trip, ms, and what the app saw of them. */
interface RoundResult {
  ms: number[];
  seen: Seen;
}

/**
 * Sends all requests at once; each one's HTTP round trip in ms, timed by `sender`'s thread, and
 * what the app saw of them. Returns when the work is done.
 */
async function round(
  target: TimedTarget,
  fake: FakeSlack,
  sender: TimedSender,
  sends: Send[],
  label: string,
): Promise<RoundResult> {
  // Each burst starts on a settled machine: the app has collected the last burst's garbage, and
  // the database and the other app have had a moment to finish what they were doing.
  await target.settle();
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const one = async (send: Send) => {
    const timed = timedRequestTo(target.port, fake, sender);
    check(await send(timed));
    return timed.ms;
  };
  let ms: number[];
  if (process.env.BENCH_SEQ) {
    ms = [];
    for (const send of sends) ms.push(await one(send));
  } else ms = await Promise.all(sends.map(one));
  return { ms, seen: await target.idle(label) };
}

/** One app's figures for one kind, over its rounds. */
class Tally {
  /** Each request's round trip, ms. */
  readonly ms: number[] = [];
  /** Each request's time in the app's process, ms. */
  readonly inApp: number[] = [];
  /** Over how long each round's requests arrived, ms. */
  readonly spreads: number[] = [];
  private cpuUs = 0;

  add(round: RoundResult): void {
    this.ms.push(...round.ms);
    this.inApp.push(...round.seen.ms);
    this.spreads.push(round.seen.spread);
    this.cpuUs += round.seen.cpuUs;
  }

  /** The process's CPU time in the rounds' windows, per request answered, µs. */
  get cpuPerRequest(): number {
    return this.cpuUs / this.inApp.length;
  }
}

/** A round's p50/max round trip and in the app, and over how long its requests arrived. */
function roundDetail({ ms, seen }: RoundResult): string {
  const q = (values: number[]) =>
    `${percentile(values, 0.5).toFixed(0)}/${Math.max(...values).toFixed(0)}`;
  return `p50/max ${q(ms)} (in app ${q(seen.ms)}, arrivals over ${seen.spread.toFixed(0)})`;
}

function latencies(samples: number[]): number[] {
  return [0.5, 0.95, 0.99].map((q) => percentile(samples, q));
}

async function latencyTable(): Promise<void> {
  const load = loadAverage();
  const database = await openBenchDatabase('interactions_ack');
  const fake = new FakeSlack();
  await fake.start();
  const [deskApp, bare] = await Promise.all([
    // The desk's process connects to this process's engine, on the same database.
    spawnApp('desk', fake, {
      MONGODB_URI: database.engine.uri,
      BENCH_DB_NAME: database.name,
      TRIAGE_CHANNEL_ID: TRIAGE,
    }),
    spawnApp('bare', fake),
  ]);
  const desk = new Desk(deskApp, fake);
  const all = kinds(desk);
  const sender = new TimedSender();
  const rows = new Map<KindId, string[]>();
  const inApp = new Map<KindId, string[]>();
  for (const id of RUN_ORDER) {
    const deskTally = new Tally();
    const bareTally = new Tally();
    for (let r = 0; r <= ROUNDS; r++) {
      // The same requests to both apps; round 0 warms up.
      const sends = await all[id].make(CONCURRENCY);
      const label = r === 0 ? `${id} warm-up` : id;
      const deskRound = await round(deskApp, fake, sender, sends, label);
      const bareRound = await round(bare, fake, sender, sends, label);
      if (r === 0) continue;
      if (process.env.BENCH_DETAIL) {
        console.log(
          `${id} round ${r}: desk ${roundDetail(deskRound)}  bare ${roundDetail(bareRound)}`,
        );
      }
      deskTally.add(deskRound);
      bareTally.add(bareRound);
    }
    const [s50, , s99] = latencies(deskTally.inApp);
    const [t50, , t99] = latencies(bareTally.inApp);
    inApp.set(id, [
      all[id].label,
      ...[s50, s99, t50, t99].map((ms) => ms!.toFixed(1)),
      `${(s99! / t99!).toFixed(1)}x`,
      percentile(deskTally.spreads, 0.5).toFixed(1),
      percentile(bareTally.spreads, 0.5).toFixed(1),
      deskTally.cpuPerRequest.toFixed(0),
      bareTally.cpuPerRequest.toFixed(0),
      `${(deskTally.cpuPerRequest / bareTally.cpuPerRequest).toFixed(2)}x`,
    ]);
    const [d50, d95, d99] = latencies(deskTally.ms);
    const [b50, b95, b99] = latencies(bareTally.ms);
    rows.set(id, [
      all[id].label,
      ...[d50, d95, d99, b50, b95, b99].map((ms) => ms!.toFixed(1)),
      `${(d99! / b99!).toFixed(1)}x`,
    ]);
  }
  console.log(
    `\nTable 2: ack latency in ms (HTTP round trip), ${CONCURRENCY} simultaneous requests x ${ROUNDS} rounds after a warm-up round; ` +
      'desk (processBeforeResponse: false) and bare app each in a process of its own, load generator and fake Slack in this one; ' +
      `load average at its start: ${load}`,
  );
  printTable(
    ['interaction', 'desk p50', 'p95', 'p99', 'bare p50', 'p95', 'p99', 'p99 desk/bare'],
    PRINTED.filter((id) => rows.has(id)).map((id) => rows.get(id)!),
  );
  console.log(
    "\nTable 3: the same requests in the apps' processes: from the request event to the end of the response, in ms " +
      "(without the sockets and the load generator); over how many ms a burst's requests arrived (median of the rounds); " +
      "the process's CPU time (all its threads) from a burst's first arrival to its last response, per request, in µs",
  );
  printTable(
    [
      'interaction',
      'desk p50',
      'p99',
      'bare p50',
      'p99',
      'p99 desk/bare',
      'desk arrivals',
      'bare arrivals',
      'desk CPU',
      'bare CPU',
      'CPU desk/bare',
    ],
    PRINTED.filter((id) => inApp.has(id)).map((id) => inApp.get(id)!),
  );
  await printState(database.db, fake);
  await Promise.all([deskApp.stop(), bare.stop(), sender.stop()]);
  await fake.stop();
  await database.drop();
}

// ---- Output ----

/** The load average over 1, 5 and 15 minutes: the figures depend on it. */
function loadAverage(): string {
  return `${loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ')} (1 / 5 / 15 min, ${availableParallelism()} CPUs)`;
}

function printHeader(engine: string): void {
  console.log(
    `engine: ${engine}; node ${process.version}; ${availableParallelism()} CPUs; triage channel ${TRIAGE}`,
  );
  console.log(
    'reproduce: node --import tsx bench/interactions.ts (BENCH_STEADY, BENCH_CONCURRENCY, BENCH_ROUNDS; MONGODB_URI for a real server)',
  );
}

/** What the requests left behind, to see that each did its job; and what Slack would refuse. */
async function printState(database: Database, fake: FakeSlack): Promise<void> {
  const db = database.conn.db!;
  const count = (name: string, filter = {}) => db.collection(name).countDocuments(filter);
  const errors = fake.calls.filter((c) => /E-[0-9A-F]{8}/.test(JSON.stringify(c.args)));
  console.log(
    `state: ${await count('customers')} customers, ${await count('tickets')} tickets ` +
      `(${await count('tickets', { status: 'resolved' })} resolved); ` +
      `${errors.length} error messages sent to Slack; ${fake.violations.length} Block Kit violations`,
  );
}

function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (/^[\d.]+x?$/.test(c) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(line(headers));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

async function main() {
  console.log(`load average before the run: ${loadAverage()}`);
  const only = process.env.BENCH_ONLY; // 'commands' or 'latency': one table
  if (only !== 'latency') await commandsTable();
  if (only !== 'commands') await latencyTable();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
