// Several instances, measured (issue #14): three app processes (bench/multi-app.ts: what
// src/main.ts runs, HTTP mode, ack first as in production) on one database behind a round-robin
// proxy of this script's own, two workspaces, a mixed load (customers, tickets, the same
// submission twice, claims from four agents at once on the same tickets, slash commands, events
// delivered twice), then a whole simulated working day, Tuesday 2026-12-01 00:00 -> 24:00 in
// Shanghai, ticked by the three instances' job schedulers minute by minute: the SLA sweep and the
// outbox's upkeep every minute, the requester sweep every quarter hour, the daily jobs (tasks
// and their reminders, customer signals, retention), the weekly digest (moved to Tuesday 09:00
// in both workspaces' settings) and the monthly report (the first working day of December) at
// 09:00. At 09:00 one instance is stopped right after it claimed a job slot (the digest of
// workspace A), a burst of tickets is sent, and the instance is killed (SIGKILL) while it holds
// that slot and outbox leases: its work is taken over by the others, the slot once its lease
// ends (ten virtual minutes on).
//
//   node --import tsx bench/multi-instance.ts
//
// The clock: each instance's stands at the virtual minute the bench gave it last and moves at
// real speed within it (never past its 59.999 s); the bench gives minute m + 1 to all three once
// all three finished minute m's tick and at least BENCH_MINUTE_MS (default 100) real ms went by,
// so one virtual minute takes max(BENCH_MINUTE_MS, the slowest instance's tick) real ms: the run
// adapts to the machine's load instead of skipping minutes, and every slot of the day is ticked.
// The database is MONGODB_URI's, else the one the tests would resolve (mongod, else the Java
// stand-in), in a database of the run's own that is dropped at the end. Slack is the in-repo fake
// (test/helpers/fake-slack.ts), in this process, as Slack is remote in production.
// BENCH_TICKETS (per workspace, default 24) changes the counts. BENCH_OAUTH=1 runs the instances
// in OAuth mode: both workspaces installed through the proxy (/slack/install on one instance,
// the redirect on another), each served with its own token; the run then counts Web API calls
// made for one workspace with another's token (there must be none, the killed instance's work
// included). The run checks what it prints (see `check`) and exits 1 when a check fails.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { hostname, loadavg, cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { trusted, type Types } from 'mongoose';
import { connectDatabase } from '../src/db/connection.js';
import { LIGHT_JVM_OPTIONS } from '../src/db/standin.js';
import { resolveDatabase } from '../src/db/engine.js';
import { createLogger } from '../src/logger.js';
import { FakeSlack, type RecordedCall } from '../test/helpers/fake-slack.js';
import {
  SlackRequests,
  slashCommandPayload,
  type SlackResponse,
} from '../test/helpers/slack-requests.js';
import { JOBS } from '../jobs/index.js';
import { OUTBOX_EVENT } from '../src/notify/outbox.js';
import { WorkspaceRepository } from '../src/workspace/repository.js';
import {
  defaultSettings,
  settingsSchema,
  type WorkspaceSettings,
} from '../src/workspace/settings.js';
import { percentile } from './harness.js';
import type { FromInstance, ToInstance } from './multi-app.js';
import { catchUpEnd, type JobLane } from '../src/schedule/job.js';
import { JobLedger } from '../src/schedule/ledger.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECRET = 'bench-multi-secret-0123456789';
const TOKEN = 'xoxb-bench-multi';
const TICKETS = Number(process.env.BENCH_TICKETS ?? 24);
/** The fewest real ms a virtual minute takes (more when the instances' ticks take longer). */
const MINUTE_MS = Number(process.env.BENCH_MINUTE_MS ?? 100);
/** Slack's ack deadline: a request answered later is retried by Slack. */
const P99_LIMIT_MS = Number(process.env.BENCH_P99_LIMIT_MS ?? 3_000);
const OAUTH = process.env.BENCH_OAUTH === '1';
/** OAuth mode: each workspace's own bot token. */
const teamToken = (letter: string) => `xoxb-bench-${letter.toLowerCase()}-install`;
/** Tuesday 2026-12-01 00:00 in Shanghai: the simulated day, 1440 minutes from here. */
const DAY_START = Date.parse('2026-11-30T16:00:00Z');
/** The hours of it ticked: 24, or fewer for a shorter run (at least 10: the kill is at 09:00). */
const DAY_HOURS = Number(process.env.BENCH_DAY_HOURS ?? 24);
if (!(DAY_HOURS >= 10 && DAY_HOURS <= 24)) throw new Error('BENCH_DAY_HOURS: 10 to 24');
const DAY_MINUTES = DAY_HOURS * 60;
const DAY_END = `${String(DAY_HOURS).padStart(2, '0')}:00`;
/** The digest's and the daily jobs' slot (09:00 in Shanghai): an instance is killed there. */
const KILL_AT = DAY_START + 9 * 60 * 60_000;

interface Team {
  id: string;
  letter: string;
  owner: string;
  agents: string[];
  channels: { triage: string; escalation: string; alerts: string; digest: string };
}
const team = (letter: string): Team => ({
  id: `T0TEAM${letter}000`,
  letter,
  owner: `U0${letter}OWNER01`,
  agents: [1, 2, 3, 4].map((n) => `U0${letter}AGENT0${n}`),
  channels: {
    triage: `C0${letter}TRIAGE1`,
    escalation: `C0${letter}ESCAL01`,
    alerts: `C0${letter}ALERTS1`,
    digest: `C0${letter}DIGEST1`,
  },
});
const TEAMS = [team('A'), team('B')];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const uid = (prefix: string) => `${prefix}${randomBytes(5).toString('hex').toUpperCase()}`;

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 60_000,
) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// ---------------------------------------------------------------------------------------------
// The instances

interface Instance {
  name: string;
  port: number;
  child: ChildProcess;
  pid: number;
  /** The id it leases outbox entries and job slots under (main.ts: host and pid). */
  instanceId: string;
  up: boolean;
  /** Health checks failed in a row (two take it out of rotation). */
  misses: number;
  dead: boolean;
  /** Runs it finished, from its log ("job run finished" / "job run failed"), the killed one's too. */
  jobRuns: { job: string; teamId: string; slot: string; ok: boolean }[];
  /** Runs that took a slot over from a run whose instance died (attempts > 1), from its ticks. */
  takeovers: { job: string; teamId: string; slot: string; attempts: number; minute: number }[];
  /** Real ms of each of its ticks (its minute lane's: outbox, SLA sweep, Events API redos). */
  tickMs: number[];
  /** Its other lanes' ticks once ended (the periodic lane: daily runs, requester sweep...). */
  laneTicks: { lane: JobLane; minute: number; ms: number; jobs: string[] }[];
  /** Lane ticks started and not ended yet (the minute lane's excepted). */
  lanesUnderWay: number;
  /** The minutes at whose tick a lane was still busy (its tick of an earlier minute going on). */
  busy: Map<number, JobLane[]>;
  /** Its SLA sweep runs: the minute it ran at, the slot, the try. */
  slaRuns: { minute: number; teamId: string; slot: string; attempts: number }[];
  warnings: string[];
  /** Sends a message over IPC; resolves with the first answer `match` accepts. */
  ask<T extends FromInstance>(
    message: ToInstance | undefined,
    match: (m: FromInstance) => m is T,
  ): Promise<T>;
}

const APP = fileURLToPath(new URL('./multi-app.ts', import.meta.url));

async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', APP], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const waiting = new Set<(m: FromInstance) => boolean>();
  child.on('message', (m: FromInstance) => {
    for (const w of [...waiting]) if (w(m)) waiting.delete(w);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', () => reject(new Error(`${name} exited`))),
  );
  exited.catch(() => {});
  const instance: Instance = {
    name,
    port,
    child,
    pid: child.pid!,
    instanceId: `${hostname()}:${child.pid}`,
    up: false,
    misses: 0,
    dead: false,
    jobRuns: [],
    takeovers: [],
    tickMs: [],
    laneTicks: [],
    lanesUnderWay: 0,
    busy: new Map(),
    slaRuns: [],
    warnings: [],
    ask<T extends FromInstance>(
      message: ToInstance | undefined,
      match: (m: FromInstance) => m is T,
    ): Promise<T> {
      const answer = new Promise<T>((resolve) => {
        waiting.add((m) => {
          if (!match(m)) return false;
          resolve(m);
          return true;
        });
      });
      if (message) child.send(message);
      return Promise.race([answer, exited]);
    },
  };
  // Another lane's tick ended: its takeovers (the digest's slot is on the periodic lane).
  child.on('message', (m: FromInstance) => {
    if (m.type !== 'lane') return;
    instance.lanesUnderWay -= 1;
    instance.laneTicks.push({
      lane: m.lane,
      minute: m.minute,
      ms: m.ms,
      jobs: m.runs.map((r) => r.job),
    });
    for (const r of m.runs) if (r.attempts > 1) instance.takeovers.push({ ...r, minute: m.minute });
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        instance.warnings.push(line);
        return;
      }
      if (entry.msg === 'job run finished' || entry.msg === 'job run failed')
        instance.jobRuns.push({
          job: String(entry.job),
          teamId: String(entry.teamId),
          slot: String(entry.slot),
          ok: entry.msg === 'job run finished',
        });
      if (entry.msg !== 'job run finished' && typeof entry.level === 'number' && entry.level >= 40)
        instance.warnings.push(
          // Which job, workspace and period a warning names, when it names one (its log fields).
          `${String(entry.msg)}${['job', 'teamId', 'period', 'slot']
            .filter((k) => typeof entry[k] === 'string')
            .map((k) => ` ${k}=${String(entry[k])}`)
            .join('')}${entry.err ? `: ${JSON.stringify(entry.err).slice(0, 200)}` : ''}`,
        );
    });
  }
  child.once('exit', () => {
    instance.dead = true;
    instance.up = false;
  });
  await instance
    .ask(undefined, (m): m is FromInstance => m.type === 'ready')
    .catch(() => {
      throw new Error(`${name} exited at start: ${instance.warnings.join(' | ')}`);
    });
  await until(
    `${name} to be ready`,
    async () => {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      return res?.status === 200 ? true : undefined;
    },
    120_000,
  );
  instance.up = true;
  return instance;
}

/** The lanes the jobs run on (jobs/index.ts startJobs). */
const LANES = [...new Set(JOBS.map((job): JobLane => job.lane ?? 'periodic'))];

/**
 * One virtual minute's tick on an instance, once its minute lane's has ended (its other lanes'
 * go on, `lane` when they end): its runs, the takeovers among them, the lanes still busy.
 */
async function tick(instance: Instance, minute: number): Promise<void> {
  const done = await instance.ask(
    { type: 'tick', minute },
    (m): m is Extract<FromInstance, { type: 'ticked' }> =>
      m.type === 'ticked' && m.minute === minute,
  );
  ticked(instance, done);
}

function ticked(instance: Instance, done: Extract<FromInstance, { type: 'ticked' }>): void {
  const { minute } = done;
  instance.tickMs.push(done.ms);
  instance.lanesUnderWay += LANES.filter((l) => l !== 'minute' && !done.busy.includes(l)).length;
  if (done.busy.length) instance.busy.set(minute, done.busy);
  for (const r of done.runs) {
    if (r.attempts > 1) instance.takeovers.push({ ...r, minute });
    if (r.job === 'sla-alerts') instance.slaRuns.push({ minute, ...r });
  }
}

// ---------------------------------------------------------------------------------------------
// The load balancer: round robin over the instances whose /readyz answers 200; a connection
// refused is tried on the next one (nothing was sent), a connection lost mid-request is a 502.

function startProxy(instances: Instance[]): {
  server: Server;
  port: Promise<number>;
  stop: () => void;
} {
  let next = 0;
  const health = setInterval(() => {
    for (const i of instances) {
      if (i.dead) continue;
      void fetch(`http://127.0.0.1:${i.port}/readyz`, { signal: AbortSignal.timeout(2_500) }).then(
        (r) => {
          i.misses = r.status === 200 ? 0 : i.misses + 1;
          i.up = i.misses < 2;
        },
        () => {
          i.misses++;
          i.up = i.misses < 2;
        },
      );
    }
  }, 1_000);
  const forward = (target: Instance, req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>(
      (resolve, reject) => {
        const out = httpRequest(
          {
            host: '127.0.0.1',
            port: target.port,
            path: req.url,
            method: req.method,
            headers: req.headers,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 502,
                // The install's state cookie too (OAuth mode), as a balancer passes it on.
                headers: Object.fromEntries(
                  Object.entries(res.headers).filter(([k]) =>
                    ['content-type', 'set-cookie', 'location'].includes(k),
                  ),
                ) as Record<string, string>,
                body: Buffer.concat(chunks),
              }),
            );
            res.on('error', reject);
          },
        );
        out.on('error', reject);
        out.end(body);
      },
    );
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      for (let tries = 0; tries < instances.length; tries++) {
        // Nothing healthy: try every instance not known dead (fail open, as balancers do).
        const up = instances.filter((i) => i.up);
        const live = up.length ? up : instances.filter((i) => !i.dead);
        if (!live.length) break;
        const target = live[next++ % live.length]!;
        try {
          const answer = await forward(target, req, body);
          res.writeHead(answer.status, answer.headers).end(answer.body);
          return;
        } catch (err) {
          target.up = false;
          target.misses = 2;
          // Refused: the instance never saw the request, so another may take it.
          if ((err as NodeJS.ErrnoException).code === 'ECONNREFUSED') continue;
          res.writeHead(502).end('bad gateway');
          return;
        }
      }
      res.writeHead(503).end('no instance');
    });
  });
  const port = new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
  return { server, port, stop: () => (clearInterval(health), server.close()) };
}

// ---------------------------------------------------------------------------------------------
// Requests, timed

interface Sample {
  kind: string;
  ms: number;
  status: number;
}
const samples: Sample[] = [];

async function timed(kind: string, send: () => Promise<SlackResponse>): Promise<SlackResponse> {
  const t0 = performance.now();
  const res = await send();
  samples.push({ kind, ms: performance.now() - t0, status: res.status });
  return res;
}

/** The instance the seeded runs of the weeks before the day are recorded as run by. */
const HISTORY = 'bench-history';

/**
 * Records in the job ledger, as done, each weekly, monthly and quarterly period a workspace's
 * desk ran while it served it before the day (from its `since`), whose catch-up window closed
 * before the day: what the runner's "job period not run" check reads (a run of the period
 * before). Written with the ledger's own claim and finish, keyed by the jobs' own periods.
 */
async function seedLedgerHistory(db: Awaited<ReturnType<typeof connectDatabase>>) {
  const ledger = new JobLedger(db.models.jobRuns);
  const seeded: string[] = [];
  for (const t of TEAMS) {
    const doc = (await db.models.workspaces.findOne({ teamId: t.id }).lean())!;
    const settings = settingsSchema.parse(doc.settings);
    for (const job of JOBS) {
      if (job.scope !== 'workspace' || !job.periodOf || (job.catchUpMs ?? 0) < 86_400_000) continue;
      let slot = job.slotAt(new Date(DAY_START - 1), settings);
      const since = doc.since ?? doc.createdAt;
      while (slot.getTime() >= since.getTime()) {
        if (catchUpEnd(job, slot, settings).getTime() < DAY_START) {
          const period = job.periodOf(slot, settings);
          const claim = await ledger.claim({
            job: job.name,
            teamId: t.id,
            slot,
            period,
            instance: HISTORY,
            now: slot,
            leaseMs: 60_000,
          });
          if (claim) await ledger.finish(claim, { ok: true, now: slot });
          seeded.push(`${job.name} ${period}`);
        }
        const before = job.slotAt(new Date(slot.getTime() - 1), settings);
        if (before.getTime() >= slot.getTime()) break;
        slot = before;
      }
    }
  }
  return seeded;
}

/** A check the run makes: printed, and the run exits 1 if one fails. */
const failures: string[] = [];
function check(ok: boolean, what: string): void {
  console.log(`  [${ok ? 'ok' : 'FAIL'}] ${what}`);
  if (!ok) failures.push(what);
}

async function main(): Promise<void> {
  const log = createLogger('warn');
  const engine = await resolveDatabase({
    uri: process.env.MONGODB_URI,
    log,
    standinJvmOptions: LIGHT_JVM_OPTIONS,
  });
  const dbName = `bench_multi_${process.pid}`;
  const db = await connectDatabase(engine.uri, dbName, log, { monitorCommands: false });
  const fake = new FakeSlack();
  await fake.start();
  // The bench's own view of the virtual clock (the instances keep theirs the same way).
  let minuteNow = DAY_START;
  let minuteSince = performance.now();
  const virtualNow = () => new Date(minuteNow + Math.min(performance.now() - minuteSince, 59_999));
  const realStart = performance.now();
  console.log(
    `engine ${engine.kind}; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}; simulated day from ${virtualNow().toISOString()} (Tuesday 00:00 in Shanghai), a virtual minute at least ${MINUTE_MS} real ms`,
  );

  const env = {
    ENV_FILE: '/dev/null',
    ...(OAUTH
      ? {
          SLACK_CLIENT_ID: '1111111111.2222222222',
          SLACK_CLIENT_SECRET: 'bench-client-secret-0123456789',
          SLACK_STATE_SECRET: 'bench-state-secret-0123456789abcdef0123',
          CARE_DESK_TOKEN_KEYS: `bench:${randomBytes(32).toString('base64')}`,
        }
      : { SLACK_BOT_TOKEN: TOKEN }),
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    MONGODB_URI: `${engine.uri.replace(/\/$/, '')}/${dbName}`,
    LOG_LEVEL: 'info',
    BENCH_VIRTUAL_START: String(DAY_START),
    DEFAULT_TIME_ZONE: 'Asia/Shanghai',
  };
  const instances: Instance[] = [];
  let proxy: ReturnType<typeof startProxy> | undefined;
  try {
    // Each workspace with its own channels, written as an admin would before the load.
    const started = performance.now();
    instances.push(
      ...(await Promise.all(['app-1', 'app-2', 'app-3'].map((n) => startInstance(n, env)))),
    );
    console.log(`3 instances ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    proxy = startProxy(instances);
    const slack = new SlackRequests(`http://127.0.0.1:${await proxy.port}`, SECRET, fake);

    // OAuth mode: each workspace installed by its owner, through the proxy (round robin: the
    // install page and the redirect are answered by different instances, one state secret).
    if (OAUTH) {
      const base = `http://127.0.0.1:${await proxy.port}`;
      for (const t of TEAMS) {
        const code = `code-${t.letter}`;
        fake.oauthCodes.set(code, {
          teamId: t.id,
          botToken: teamToken(t.letter),
          botUserId: `U0${t.letter}BOT0001`,
          botId: `B0${t.letter}BOT0001`,
          installerUserId: t.owner,
        });
        const page = await fetch(`${base}/slack/install`);
        const state = /[?&;]state=([^&"']+)/.exec(await page.text())?.[1];
        const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
        const back = await fetch(`${base}/slack/oauth_redirect?code=${code}&state=${state}`, {
          headers: { cookie },
        });
        if (back.status !== 200) throw new Error(`install of ${t.id} answered ${back.status}`);
      }
      console.log(
        `installed: ${await db.models.installations.countDocuments({ state: 'active' })} workspaces (OAuth mode)`,
      );
    }

    // Workspace settings: channels per workspace (saved as /desk settings does: a versioned
    // update of the stored document, which every instance sees within 5 s).
    // Single-token mode serves the token's own workspace and those the desk already keeps
    // (src/slack/served.ts): the bench's one token serves two, kept from before the run.
    if (!OAUTH)
      for (const t of TEAMS)
        await new WorkspaceRepository(db.models.workspaces).findOrCreate(
          t.id,
          defaultSettings({ locale: 'en', timeZone: 'Asia/Shanghai', admins: [], channels: {} }),
          virtualNow(),
        );
    for (const t of TEAMS) {
      await slack.command('/ticket', 'help', { teamId: t.id, userId: t.owner });
    }
    await until('both workspaces', async () =>
      (await db.models.workspaces.countDocuments()) === 2 ? true : undefined,
    );
    for (const t of TEAMS) {
      await db.models.workspaces.updateOne(
        { teamId: t.id },
        {
          $set: {
            'settings.channels.triage': t.channels.triage,
            'settings.channels.escalation': t.channels.escalation,
            'settings.channels.alerts': t.channels.alerts,
            'settings.channels.digest': t.channels.digest,
            // The weekly digest on the simulated day (Tuesday), at its usual 09:00.
            'settings.digest.weekday': 2,
            // Served for weeks: the digest of the week before the day is due (a desk new that
            // day would get none, its week having ended before the desk).
            since: new Date(DAY_START - 28 * 86_400_000),
          },
          $inc: { version: 1 },
        },
      );
    }
    // What those weeks left in the job ledger: the runs of the periods before the day whose
    // catch-up windows closed before it. Without them the day's first digest warns that the week
    // before (its slot in those weeks) was never run, which a desk served for weeks would have run.
    const history = await seedLedgerHistory(db);
    console.log(
      `ledger history seeded (runs of the weeks served before the day): ${history.length} (${[...new Set(history)].slice(0, 4).join(', ')}${history.length > 4 ? ', …' : ''})`,
    );
    await sleep(5_500);

    // The modals as the app opens them, one of each per workspace (then submitted many times,
    // each submission with a view id of its own, as Slack gives every opened modal).
    const opened = async (t: Team, command: string, text: string, user: string) => {
      const fields = slashCommandPayload(
        command,
        text,
        { teamId: t.id, userId: user },
        fake.responseUrl(),
      );
      await timed('command', () =>
        slack.post(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded'),
      );
      const call = await until(`views.open for ${command} ${text}`, () =>
        fake.callsTo('views.open').find((c) => c.args.trigger_id === fields.trigger_id),
      );
      return call.args.view as Record<string, unknown>;
    };
    const submit = (
      view: Record<string, unknown>,
      form: Record<string, string | null>,
      actor: { teamId: string; userId: string },
      viewId = uid('V'),
    ) => timed('view', () => slack.submitView({ ...view, id: viewId }, form, actor));

    // Customers: 8 per workspace at once, one of them submitted twice.
    const customerForms = new Map<string, Record<string, unknown>>();
    for (const t of TEAMS) customerForms.set(t.id, await opened(t, '/customer', 'new', t.owner));
    await Promise.all(
      TEAMS.flatMap((t) => {
        const twice = uid('V');
        return [
          ...Array.from({ length: 8 }, (_, i) =>
            submit(
              customerForms.get(t.id)!,
              {
                name: `${t.letter} Customer ${i + 1}`,
                industry: 'Manufacturing',
                source: 'referral',
                first_contact: '2026-11-02',
                owner: t.owner,
              },
              { teamId: t.id, userId: t.owner },
              i === 0 ? twice : uid('V'),
            ),
          ),
          submit(
            customerForms.get(t.id)!,
            {
              name: `${t.letter} Customer 1`,
              industry: 'Manufacturing',
              source: 'referral',
              first_contact: '2026-11-02',
              owner: t.owner,
            },
            { teamId: t.id, userId: t.owner },
            twice,
          ),
        ];
      }),
    );
    // Acked with their "Saving…" view, the customers are saved after the acks.
    await until('the customers saved', async () => {
      const saved = await db.models.customers.countDocuments({});
      return saved >= TEAMS.length * 8 ? saved : undefined;
    });
    const codes = new Map<string, string[]>();
    for (const t of TEAMS)
      codes.set(
        t.id,
        (await db.models.customers.find({ teamId: t.id }).lean()).map((c) => c.code),
      );

    // Tasks due today, one per agent: the daily tasks job reminds each executor at 09:00.
    const customerDocs = await db.models.customers.find({}).lean();
    const tasksDue = TEAMS.flatMap((t) =>
      t.agents.map((agent, n) => {
        const c = customerDocs.filter((x) => x.teamId === t.id)[n]!;
        return {
          _id: `bench:${t.id}:revisit:${n}`,
          teamId: t.id,
          kind: 'revisit' as const,
          status: 'open' as const,
          customerId: String(c._id),
          customerCode: c.code,
          customerName: c.name,
          assigneeId: agent,
          createdBy: t.owner,
          content: 'Call back about the spindle',
          dueDate: '2026-12-01',
        };
      }),
    );
    await db.models.tasks.insertMany(tasksDue);

    // Tickets: a third urgent, received Monday 17:00 (breached in Tuesday's first business
    // hour), a third urgent received now, at night (their clock starts at 09:00: warned and
    // breached during the day), a third general, claimed at once (no alert); 4 submitted twice.
    const ticketForms = new Map<string, Record<string, unknown>>();
    for (const t of TEAMS) ticketForms.set(t.id, await opened(t, '/ticket', 'new', t.agents[0]!));
    const submitted = new Map<string, number>();
    /** Submissions sent a second time (the same view, to another instance at once). */
    const copies = new Map<string, number>();
    /** Ticket submissions the app acked as saved (HTTP 200, empty body), per workspace. */
    const acked = new Map<string, Set<string>>(TEAMS.map((t) => [t.id, new Set<string>()]));
    /** Each submission as its user would press its button again: by view id. */
    const pressAgain = new Map<
      string,
      { teamId: string; title: string; send: () => Promise<unknown> }
    >();
    const ticketLoad = (count: number, tag: string) =>
      TEAMS.flatMap((t) => {
        const jobs: Promise<SlackResponse>[] = [];
        const twice: string[] = [];
        for (let i = 0; i < count; i++) {
          const viewId = uid('V');
          const group = i % 3;
          const form: Record<string, string | null> = {
            customer: codes.get(t.id)![i % codes.get(t.id)!.length]!,
            severity: group === 2 ? 'general' : 'urgent',
            type: 'after_sales',
            title: `${t.letter}${tag} ticket ${i + 1}`,
            description: 'Spindle error E42',
            ...(group === 0 ? { received_date: '2026-11-30', received_time: '17:00' } : {}),
          };
          const actor = { teamId: t.id, userId: t.agents[i % 4]! };
          const send = () =>
            submit(ticketForms.get(t.id)!, form, actor, viewId).then((res) => {
              // Saved: the modal is answered with its "saving" view, not with errors.
              if (
                res.status === 200 &&
                (res.body as { response_action?: string }).response_action !== 'errors'
              )
                acked.get(t.id)!.add(viewId);
              return res;
            });
          pressAgain.set(viewId, { teamId: t.id, title: String(form.title), send });
          jobs.push(send());
          if (i % 6 === 5) {
            jobs.push(send());
            twice.push(viewId);
            copies.set(t.id, (copies.get(t.id) ?? 0) + 1);
          }
          submitted.set(t.id, (submitted.get(t.id) ?? 0) + 1);
        }
        return jobs;
      });
    let t0 = performance.now();
    await Promise.all(ticketLoad(TICKETS, ''));
    console.log(`tickets submitted in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    // Acked with their "Saving…" view, the tickets are saved after the acks.
    await until('the tickets saved', async () => {
      const saved = await db.models.tickets.countDocuments({});
      const expected = TEAMS.reduce((n, t) => n + acked.get(t.id)!.size, 0);
      return saved >= expected ? saved : undefined;
    });

    // Claims: the "just now" tickets, each clicked by the workspace's four agents at once.
    const claimed = new Map<string, string[]>();
    const claimClicks: Promise<SlackResponse>[] = [];
    const clickStatus = new Map<number, number>();
    for (const t of TEAMS) {
      const fresh = await db.models.tickets.find({ teamId: t.id, severity: 'general' }).lean();
      claimed.set(
        t.id,
        fresh.map((x) => x.number),
      );
      for (const ticket of fresh)
        for (const agent of t.agents)
          claimClicks.push(
            timed('action', () =>
              slack.blockAction(
                { action_id: 'ticket_claim', value: ticket.number, block_id: 'ticket_actions' },
                { teamId: t.id, userId: agent, channelId: t.channels.triage },
              ),
            ).then((res) => {
              clickStatus.set(res.status, (clickStatus.get(res.status) ?? 0) + 1);
              return res;
            }),
          );
    }
    await Promise.all(claimClicks);
    console.log(`claim clicks by HTTP status: ${JSON.stringify(Object.fromEntries(clickStatus))}`);

    // Slash commands and options loads, mixed, all at once.
    const mixed: Promise<SlackResponse>[] = [];
    for (const t of TEAMS)
      for (let i = 0; i < 15; i++) {
        const actor = { teamId: t.id, userId: t.agents[i % 4]! };
        mixed.push(timed('command', () => slack.command('/ticket', 'list', actor)));
        mixed.push(
          timed('command', () =>
            slack.command('/ticket', `T202600${String((i % 9) + 1).padStart(2, '0')}`, actor),
          ),
        );
        mixed.push(
          timed('command', () => slack.command('/customer', `find ${t.letter} Customer`, actor)),
        );
        mixed.push(
          timed('options', () =>
            slack.blockSuggestion(
              { action_id: 'customer_picker', value: `${t.letter} cus` },
              actor,
            ),
          ),
        );
      }
    await Promise.all(mixed);

    // Events delivered twice (Slack's retry: same event_id, X-Slack-Retry-Num: 1).
    const events: { user: string; channel: string; kind: string }[] = [];
    const twiceDelivered = TEAMS.flatMap((t) =>
      t.agents.flatMap((agent, n) => {
        const kind = n % 2 ? 'message.im' : 'app_home_opened';
        const channel = `D${agent.slice(1)}`;
        events.push({ user: agent, channel, kind });
        const body = JSON.stringify({
          token: 'x',
          team_id: t.id,
          api_app_id: 'A0APP00001',
          type: 'event_callback',
          event_id: uid('Ev'),
          event_time: Math.floor(Date.now() / 1000),
          event:
            kind === 'message.im'
              ? {
                  type: 'message',
                  channel_type: 'im',
                  channel,
                  user: agent,
                  text: 'hello',
                  ts: `${Date.now() / 1000}`,
                }
              : { type: 'app_home_opened', user: agent, channel, tab: 'home' },
          authorizations: [
            { enterprise_id: null, team_id: t.id, user_id: 'U0BOT00001', is_bot: true },
          ],
        });
        return [
          timed('event', () => slack.post(body, 'application/json')),
          sleep(50).then(() =>
            timed('event', () =>
              slack.post(body, 'application/json', {
                headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
              }),
            ),
          ),
        ];
      }),
    );
    await Promise.all(twiceDelivered);

    // The simulated day: every virtual minute ticked by every live instance, the next minute
    // given once all have finished and MINUTE_MS went by. At 09:00 the kill (see `killScene`).
    console.log(
      `load done in ${((performance.now() - realStart) / 1000).toFixed(0)} s real (virtual ${virtualNow().toISOString()}); ticking the day`,
    );
    const victim = instances[2]!;
    let held: { _id: Types.ObjectId }[] = [];
    const pressedAgain: string[] = [];
    let runsHeld: { _id: string; job: string; teamId: string; slot: Date; leaseUntil: Date }[] = [];
    let pausedIn: Extract<FromInstance, { type: 'paused' }> | undefined;
    const killScene = async (minute: number) => {
      // The victim ticks 09:00 alone, and stops in the digest of workspace A once it claimed it
      // (the runs before it in JOBS' order, for 09:00, it finishes as usual).
      // Its minute lane's tick runs beside its periodic lane's and ends: the bench waits for
      // both that and the pause (or the periodic tick's end, had it not claimed the digest).
      victim.child.send({
        type: 'pause',
        job: 'digest',
        teamId: TEAMS[0]!.id,
      } satisfies ToInstance);
      const answer = victim.ask(
        undefined,
        (m): m is Extract<FromInstance, { type: 'paused' | 'lane' }> =>
          m.type === 'paused' || (m.type === 'lane' && m.minute === minute),
      );
      await tick(victim, minute);
      const stopped = await answer;
      if (stopped.type === 'paused') pausedIn = stopped;
      // A burst of tickets while it holds the slot; killed once it holds outbox leases too.
      const t0 = performance.now();
      const burst = Promise.all(ticketLoad(12, 'k'));
      held = await until(
        'the victim holding outbox leases',
        async () => {
          const leased = await db.models.outbox
            .find({
              state: 'pending',
              leaseOwner: trusted({ $regex: `^${victim.instanceId}:` }),
              leaseUntil: trusted({ $gt: virtualNow() }),
            })
            .lean();
          return leased.length ? leased : undefined;
        },
        60_000,
      ).catch(() => []);
      runsHeld = await db.models.jobRuns
        .find({
          _id: trusted({ $not: /^lock:/ }),
          status: 'running',
          owner: trusted({ $regex: `^${victim.instanceId}:` }),
        })
        .lean();
      victim.child.kill('SIGKILL');
      victim.dead = true;
      victim.up = false;
      console.log(
        `  09:00 killed ${victim.name} (pid ${victim.pid}) ${((performance.now() - t0) / 1000).toFixed(1)} s into the burst, holding ${held.length} outbox entries and the job slots ${runsHeld.map((r) => r._id).join(', ') || 'none'}`,
      );
      await burst;
      // The survivors' 09:00 tick; then light traffic, which the balancer routes around the dead.
      await Promise.all(instances.filter((i) => !i.dead).map((i) => tick(i, minute)));
      // A modal the dead instance answered "Saving…" and never finished still says so: its user
      // presses Back and submits the form again, as the line asks (the view id keeps it saved
      // once).
      for (const [viewId, p] of pressAgain) {
        if (!acked.get(p.teamId)!.has(viewId)) continue;
        if (await db.models.tickets.exists({ teamId: p.teamId, title: p.title })) continue;
        await p.send();
        pressedAgain.push(p.title);
      }
      console.log(
        `  09:00 submitted again (Back, then submit, under "Saving…") for ${pressedAgain.length} submission(s) the killed instance had in hand${pressedAgain.length ? `: ${pressedAgain.join(', ')}` : ''}`,
      );
      for (let n = 0; n < 20; n++) {
        const t = TEAMS[n % 2]!;
        await timed('command', () =>
          slack.command('/ticket', 'list', { teamId: t.id, userId: t.agents[0]! }),
        );
      }
    };
    const dayStarted = performance.now();
    for (let m = 0; m < DAY_MINUTES; m++) {
      const minute = DAY_START + m * 60_000;
      const t0 = performance.now();
      minuteNow = minute;
      minuteSince = t0;
      if (minute === KILL_AT) await killScene(minute);
      else await Promise.all(instances.filter((i) => !i.dead).map((i) => tick(i, minute)));
      const rest = MINUTE_MS - (performance.now() - t0);
      if (rest > 0) await sleep(rest);
      if ((m + 1) % 180 === 0)
        console.log(
          `  virtual ${new Date(minute + 60_000 + 8 * 3_600_000).toISOString().slice(11, 16)} Shanghai after ${((performance.now() - dayStarted) / 1000).toFixed(0)} s real; load ${loadavg()[0]!.toFixed(1)}`,
        );
    }
    const dayReal = (performance.now() - dayStarted) / 1000;
    // The lane ticks still going (a long periodic run) end before anything is read.
    await until(
      'the lanes under way to end',
      () => (instances.every((i) => i.dead || i.lanesUnderWay <= 0) ? true : undefined),
      120_000,
    ).catch(() => undefined);
    // The day is over (the clocks stand at 23:59:59.999): what is due is delivered.
    await until(
      'the outbox to drain',
      async () =>
        (await db.models.outbox.countDocuments({
          state: 'pending',
          nextAt: trusted({ $lte: virtualNow() }),
        })) === 0
          ? true
          : undefined,
      120_000,
    ).catch(() => undefined);
    const heldIds = held.map((e) => e._id);
    const takeover = await db.models.outbox.find({ _id: trusted({ $in: heldIds }) }).lean();

    // ----------------------------------------------------------------------------------------
    // Figures
    const byStatus = (lo: number) =>
      samples.filter((s) => s.status >= lo && s.status < lo + 100).length;
    const cut = samples.filter((s) => s.status === 502).length;
    console.log(
      `\nrequests ${samples.length}: 2xx ${byStatus(200)}, 4xx ${byStatus(400)}, 5xx ${byStatus(500)} (502, cut by the kill: ${cut})`,
    );
    const kinds = [...new Set(samples.map((s) => s.kind))];
    for (const kind of ['all', ...kinds]) {
      const ms = samples.filter((s) => kind === 'all' || s.kind === kind).map((s) => s.ms);
      console.log(
        `  ack ${kind.padEnd(8)} n=${String(ms.length).padStart(4)}  p50 ${percentile(ms, 0.5).toFixed(0)} ms  p99 ${percentile(ms, 0.99).toFixed(0)} ms  max ${Math.max(...ms).toFixed(0)} ms`,
      );
    }
    const p99 = percentile(
      samples.map((s) => s.ms),
      0.99,
    );
    // A 4xx here is Bolt's own 404 to a request its listener did not ack within 3 s (counted in
    // the p99); a 5xx other than the kill's 502s, or no answer, would be a request lost.
    check(
      samples.length > 0 && byStatus(500) === cut,
      `requests ${samples.length}, every one answered: 2xx ${byStatus(200)}, 4xx (acked after 3 s) ${byStatus(400)}, 5xx ${byStatus(500)}, all of them the kill's 502 (${cut})`,
    );
    check(
      p99 < P99_LIMIT_MS,
      `p99 ack ${p99.toFixed(0)} ms < ${P99_LIMIT_MS} ms (Slack's deadline)`,
    );

    // Which delivery of the outbox each post is: a post no sent entry records is one sent twice.
    const entries = await db.models.outbox.find({}).lean();
    const posts = fake
      .tookCalls('chat.postMessage')
      .filter(
        (c) =>
          (c.args.metadata as { event_type?: string } | undefined)?.event_type === OUTBOX_EVENT,
      );
    const recorded = new Map<string, (typeof entries)[number][]>();
    for (const e of entries)
      if (e.state === 'sent' && e.result?.ts)
        recorded.set(e.result.ts, [...(recorded.get(e.result.ts) ?? []), e]);
    const orphans = posts.filter((c) => !recorded.has(String(c.answer?.ts)));
    const postsOf = (teamId: string, kind: string) =>
      posts.filter((c) =>
        recorded.get(String(c.answer?.ts))?.some((e) => e.teamId === teamId && e.kind === kind),
      );

    const tookPosts = fake.tookCalls('chat.postMessage');
    for (const t of TEAMS) {
      const tickets = await db.models.tickets.find({ teamId: t.id }).lean();
      const numbers = new Set(tickets.map((x) => x.number));
      const titles = new Set(tickets.map((x) => x.title));
      const expected = acked.get(t.id)!.size;
      console.log(
        `\nworkspace ${t.letter}: ticket submissions ${submitted.get(t.id)} (and the same view sent twice for some), acked as saved ${expected}, tickets created ${tickets.length}`,
      );
      const highest = [...numbers].sort().at(-1) ?? '-';
      check(
        numbers.size === tickets.length,
        `tickets numbered once: ${numbers.size} numbers for ${tickets.length} tickets (highest ${highest})`,
      );
      // A copy of a submission answered at once by another instance takes a number before the
      // first is seen saved, and leaves it unused: at most one gap per copy. On the stand-in,
      // findAndModify can also hand two concurrent callers the same value (README, Limits), and
      // the one the unique index refuses takes the next: more gaps, which MongoDB does not have.
      const gaps = Number(highest.slice(5)) - numbers.size;
      if (engine.kind === 'mongo-java-server')
        console.log(
          `  numbers: ${gaps} gaps for ${copies.get(t.id) ?? 0} submissions sent twice (the stand-in's counter adds some, see Limits)`,
        );
      else
        check(
          gaps <= (copies.get(t.id) ?? 0),
          `numbers: ${gaps} gaps, at most one per submission sent twice (${copies.get(t.id) ?? 0})`,
        );
      check(tickets.length === titles.size, `duplicate tickets ${tickets.length - titles.size}`);
      check(
        tickets.length >= expected,
        `every submission acked as saved is a ticket (${tickets.length} >= ${expected})`,
      );
      const customers = await db.models.customers.countDocuments({ teamId: t.id });
      check(customers === 8, `customers: 8 submitted (+1 twice), created ${customers}`);
      const clicked = claimed.get(t.id)!;
      const after = await db.models.tickets
        .find({ teamId: t.id, number: trusted({ $in: clicked }) })
        .lean();
      const lost = after.filter((x) => !x.assigneeId || !t.agents.includes(x.assigneeId)).length;
      check(
        lost === 0,
        `claims: ${clicked.length} tickets x 4 agents at once: one assignee each ${after.length - lost}, claims lost ${lost}`,
      );
      const cards = tookPosts.filter(
        (c) => c.args.channel === t.channels.triage && !c.args.thread_ts,
      );
      const perCard = new Map<string, number>();
      for (const c of cards) {
        const key = String(c.args.text).split(' · ')[0]!;
        perCard.set(key, (perCard.get(key) ?? 0) + 1);
      }
      const twice = [...perCard.values()].filter((n) => n > 1).length;
      check(
        twice === 0 && perCard.size === tickets.length,
        `cards posted ${cards.length} for ${tickets.length} tickets: ${perCard.size} distinct, more than once ${twice}, never ${tickets.length - perCard.size}`,
      );
      const dms = tookPosts.filter(
        (c) => c.args.channel === t.owner && /^New /.test(String(c.args.text)),
      );
      const dmNumbers = new Set(dms.map((c) => /T2026\d{4}/.exec(String(c.args.text))?.[0]));
      check(
        dms.length === dmNumbers.size,
        `account manager's new-ticket DMs ${dms.length} for ${tickets.length} tickets, ${dmNumbers.size} distinct`,
      );
      // SLA alerts: what the sweeps marked on the tickets (a warning marked with its breach is
      // not told), against the lines written and sent, and the posts to the alerts channel.
      let alertsMarked = 0;
      for (const x of tickets) {
        const a = (x.alerts ?? {}) as Record<string, Date | undefined>;
        for (const [kind, at] of Object.entries(a)) {
          if (!at) continue;
          const breach = a[kind.replace('Warn', 'Breach')];
          if (kind.endsWith('Warn') && breach && breach.getTime() === at.getTime()) continue;
          alertsMarked += 1;
        }
      }
      const lines = entries.filter(
        (e) => e.teamId === t.id && e.kind === 'alert' && e.key.endsWith(':list'),
      );
      const lineKeys = new Set(lines.map((e) => e.key.split(':').slice(1, 3).join(':')));
      const alertPosts = postsOf(t.id, 'alert').filter((c) => c.args.channel === t.channels.alerts);
      check(
        alertsMarked > 0 &&
          lines.length === alertsMarked &&
          lineKeys.size === lines.length &&
          lines.every((e) => e.state === 'sent'),
        `SLA alerts: ${alertsMarked} marked on ${tickets.filter((x) => Object.keys(x.alerts ?? {}).length).length} tickets, lines written ${lines.length} (the same ticket and alert twice ${lines.length - lineKeys.size}), sent ${lines.filter((e) => e.state === 'sent').length}, in ${alertPosts.length} posts to the alerts channel`,
      );
      const reminders = entries.filter((e) => e.teamId === t.id && e.kind === 'reminder');
      const reminderPosts = postsOf(t.id, 'reminder');
      const executors = new Set(tasksDue.filter((x) => x.teamId === t.id).map((x) => x.assigneeId));
      check(
        reminders.length === executors.size &&
          reminders.every((e) => e.state === 'sent') &&
          reminderPosts.length === executors.size,
        `reminders: ${tasksDue.filter((x) => x.teamId === t.id).length} tasks due today for ${executors.size} executors: written ${reminders.length}, sent ${reminders.filter((e) => e.state === 'sent').length}, DMs ${reminderPosts.length}`,
      );
      const digests = entries.filter((e) => e.teamId === t.id && e.kind === 'digest');
      const digestPosts = postsOf(t.id, 'digest');
      check(
        digests.length === 2 &&
          digests.every((e) => e.state === 'sent') &&
          digestPosts.length === 2 &&
          digestPosts.every((c) => c.args.channel === t.channels.digest && !c.args.thread_ts),
        `digest and monthly report: written ${digests.length} (${digests.map((e) => e.key).join(', ')}), posted ${digestPosts.length} (expected 2: the weekly digest and November's report)`,
      );
    }
    for (const c of orphans.slice(0, 5))
      console.log(
        `  posted and recorded by no entry: to ${String(c.args.channel)}${c.args.thread_ts ? ' (thread)' : ''}: ${String(c.args.text).slice(0, 80)}`,
      );
    check(
      orphans.length === 0,
      `outbox posts ${posts.length}: each the one recorded delivery of its entries; sent twice ${orphans.length}`,
    );
    const dueLeft = await db.models.outbox.countDocuments({
      state: trusted({ $in: ['pending', 'dead'] }),
      nextAt: trusted({ $lte: virtualNow() }),
    });
    const owing = await db.models.tickets.countDocuments({ noticesOwedAt: trusted({ $ne: null }) });
    check(
      dueLeft === 0 && owing === 0,
      `at the end: outbox entries due and unsent ${dueLeft}, tickets owing notices ${owing}`,
    );

    // Jobs: every slot of the day, run once. Expected from the jobs' own schedules and the
    // stored settings, for every minute of the day, as runDue decides it.
    const settingsOf = new Map<string, WorkspaceSettings>();
    for (const t of TEAMS)
      settingsOf.set(
        t.id,
        settingsSchema.parse(
          (await db.models.workspaces.findOne({ teamId: t.id }).lean())!.settings,
        ),
      );
    const expectedSlots = new Map<string, Set<string>>();
    // A slot whose catch-up window ends at a minute's very instant (a daily slot of the day
    // before, at 00:00): the runner runs it only if its clock reads that instant; either is right.
    const atTheEdge = new Set<string>();
    for (let m = 0; m < DAY_MINUTES; m++) {
      const now = new Date(DAY_START + m * 60_000);
      for (const job of JOBS)
        for (const t of job.scope === 'global' ? ['*'] : TEAMS.map((x) => x.id)) {
          const slot =
            job.scope === 'global' ? job.slotAt(now) : job.slotAt(now, settingsOf.get(t)!);
          const end = catchUpEnd(job, slot, job.scope === 'global' ? undefined : settingsOf.get(t));
          if (now.getTime() > end.getTime()) continue;
          if (now.getTime() === end.getTime()) {
            atTheEdge.add(`${job.name} ${t} ${slot.toISOString()}`);
            continue;
          }
          const set = expectedSlots.get(job.name) ?? new Set<string>();
          set.add(`${job.name} ${t} ${slot.toISOString()}`);
          expectedSlots.set(job.name, set);
        }
    }
    const runs = instances.flatMap((i) => i.jobRuns.map((r) => ({ ...r, by: i.name })));
    const perSlot = new Map<string, string[]>();
    for (const r of runs) {
      const key = `${r.job} ${r.teamId} ${r.slot}`;
      perSlot.set(key, [...(perSlot.get(key) ?? []), r.by]);
    }
    const expectedAll = [...expectedSlots.values()].flatMap((s) => [...s]);
    const missing = expectedAll.filter((k) => !perSlot.has(k));
    const extra = [...perSlot.keys()].filter((k) => !expectedAll.includes(k) && !atTheEdge.has(k));
    const runTwice = [...perSlot.entries()].filter(([, by]) => by.length > 1);
    const laneFigures = (i: Instance) => {
      const ms = i.laneTicks.map((x) => x.ms);
      if (!ms.length) return 'none ended';
      return `p50 ${percentile(ms, 0.5).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms; busy at ${i.busy.size} minute ticks`;
    };
    console.log(
      `\nsimulated day: Tuesday 2026-12-01 00:00-${DAY_END} Asia/Shanghai, ${DAY_MINUTES} virtual minutes in ${dayReal.toFixed(0)} s real (${((dayReal * 1000) / DAY_MINUTES).toFixed(0)} ms a virtual minute, at least ${MINUTE_MS}; ${((DAY_MINUTES * 60) / dayReal).toFixed(0)}x real time); minute lane ticks per instance ${instances.map((i) => `${i.name} ${i.tickMs.length} (p50 ${percentile(i.tickMs, 0.5).toFixed(0)} ms, p99 ${percentile(i.tickMs, 0.99).toFixed(0)} ms)`).join(', ')}`,
    );
    console.log(
      `  periodic lane ticks per instance ${instances.map((i) => `${i.name} ${i.laneTicks.length} (${laneFigures(i)})`).join(', ')}`,
    );
    for (const [job, set] of expectedSlots) {
      const ran = [...set].filter((k) => perSlot.has(k)).length;
      console.log(
        `  ${job.padEnd(17)} slots due ${String(set.size).padStart(4)}, run ${String(ran).padStart(4)}, by ${instances.map((i) => `${i.name} ${i.jobRuns.filter((r) => r.job === job).length}`).join(' / ')}`,
      );
    }
    check(
      missing.length === 0 && extra.length === 0,
      `job slots due ${expectedAll.length}, run ${expectedAll.length - missing.length}; not run ${missing.length}${missing.length ? ` (${missing.slice(0, 3).join('; ')})` : ''}, not due but run ${extra.length}${extra.length ? ` (${extra.slice(0, 3).join('; ')})` : ''}`,
    );
    check(
      runTwice.length === 0 && runs.every((r) => r.ok),
      `job runs per job per slot = 1: ${runs.length} runs, slots run twice ${runTwice.length}${
        runTwice.length
          ? ` (${runTwice
              .slice(0, 3)
              .map(([k, by]) => `${k} by ${by.join(', ')}`)
              .join('; ')})`
          : ''
      }, runs failed ${runs.filter((r) => !r.ok).length}`,
    );
    // The lanes: the minutes at which an instance's periodic lane was still in a tick that ran a
    // daily (weekly, monthly) job, started at an earlier minute; the SLA sweep's slots of those
    // minutes, and when they ran (the minute of the tick that ran them: on time, 0 min late).
    const periodJobs = new Set(
      JOBS.filter((j) => j.scope === 'workspace' && (j.periodOf || j.catchUpUntil)).map(
        (j) => j.name,
      ),
    );
    const dailyMinutes = new Set<number>();
    const longTicks: string[] = [];
    for (const i of instances)
      for (const lt of i.laneTicks) {
        if (!lt.jobs.some((j) => periodJobs.has(j))) continue;
        let m = lt.minute + 60_000;
        while (i.busy.get(m)?.includes(lt.lane)) {
          dailyMinutes.add(m);
          m += 60_000;
        }
        if (m > lt.minute + 60_000)
          longTicks.push(
            `${i.name} ${new Date(lt.minute + 8 * 3_600_000).toISOString().slice(11, 16)} (${(m - lt.minute) / 60_000} min, ${(lt.ms / 1000).toFixed(1)} s real: ${[...new Set(lt.jobs)].join(', ')})`,
          );
      }
    const slaRuns = instances.flatMap((i) => i.slaRuns);
    const lateness = (r: (typeof slaRuns)[number]) => (r.minute - Date.parse(r.slot)) / 60_000;
    const whileDaily = [...dailyMinutes].flatMap((m) =>
      TEAMS.map((t) => {
        const r = slaRuns.find((x) => x.teamId === t.id && Date.parse(x.slot) === m);
        return r ? lateness(r) : Infinity;
      }),
    );
    const firstTries = slaRuns.filter((r) => r.attempts === 1);
    console.log(
      `  periodic lane ticks with a daily run lasting past their minute: ${longTicks.length}${longTicks.length ? ` (${longTicks.slice(0, 6).join('; ')})` : ''}`,
    );
    check(
      whileDaily.every((late) => late === 0) && firstTries.every((r) => lateness(r) === 0),
      `lanes: SLA sweep slots due while a daily run went on (${dailyMinutes.size} minutes${dailyMinutes.size ? '' : ': no daily tick lasted past its minute, not exercised'}) ${whileDaily.length}, run at their own minute ${whileDaily.filter((l) => l === 0).length}, latest ${whileDaily.length ? Math.max(...whileDaily) : 0} min late; over the day ${firstTries.length} sweeps (first tries), late ${firstTries.filter((r) => lateness(r) > 0).length}`,
    );
    const ledger = (await db.models.jobRuns.find({ _id: trusted({ $not: /^lock:/ }) }).lean())
      // A slot's record marked done by its period's run, for older instances: no run; nor the
      // weeks before the day, seeded.
      .filter((r) => !r.coveredBy && !String(r.owner).startsWith(`${HISTORY}:`));
    console.log(
      `  ledger: ${ledger.length} runs recorded, states ${JSON.stringify(Object.fromEntries(['done', 'running', 'failed'].map((s) => [s, ledger.filter((r) => r.status === s).length])))}`,
    );

    // The kill: the job slot it held taken over once its lease ended, and run once.
    console.log(
      `\nkill at 09:00: ${victim.name} ${pausedIn ? `stopped in the ${pausedIn.job} of ${pausedIn.teamId} for ${pausedIn.slot}, after claiming it` : 'never reached the digest (it did not claim it)'}`,
    );
    const takenOver = instances.flatMap((i) => i.takeovers.map((r) => ({ ...r, by: i.name })));
    for (const r of runsHeld) {
      const now = ledger.find((x) => x._id === r._id);
      // A daily or weekly run's _id ends with its period (2026-W48), not its slot: read the slot.
      const slot = r.slot.toISOString();
      const key = `${r.job} ${r.teamId} ${slot}`;
      const by = takenOver.find((x) => x.job === r.job && x.teamId === r.teamId && x.slot === slot);
      console.log(
        `  slot ${r._id}: lease held until ${r.leaseUntil.toISOString()}; now ${now?.status}, try ${now?.attempts}, ${by ? `taken over by ${by.by} at its tick of ${new Date(by.minute).toISOString()}` : 'not taken over'}; completed runs ${perSlot.get(key)?.length ?? 0} (${(perSlot.get(key) ?? []).join(', ')})`,
      );
    }
    const slotsOk = runsHeld.filter((r) => {
      // Its slot, not its _id's tail (a daily or weekly run's is its period).
      const by = perSlot.get(`${r.job} ${r.teamId} ${r.slot.toISOString()}`) ?? [];
      const now = ledger.find((x) => x._id === r._id);
      return (
        by.length === 1 && by[0] !== victim.name && now?.status === 'done' && now.attempts === 2
      );
    });
    check(
      runsHeld.length >= 1 && slotsOk.length === runsHeld.length,
      `job slots held by the killed instance ${runsHeld.length}, taken over ${takenOver.length} (${takenOver.map((r) => `${r.job} ${r.teamId} by ${r.by}, try ${r.attempts}`).join('; ')}), each run once by another instance ${slotsOk.length}`,
    );
    // Who delivered each: every message the outbox posts names its delivery (metadata).
    const takenBy = new Map<string, number>();
    for (const e of takeover) {
      const call = fake
        .tookCalls('chat.postMessage')
        .find((c) => c.answer?.ts === e.result?.ts && c.args.channel === e.result?.channel);
      const batch = (call?.args.metadata as { event_payload?: { batch?: string } } | undefined)
        ?.event_payload?.batch;
      const owner = instances.find((i) => batch?.startsWith(`${i.instanceId}:`))?.name ?? 'unknown';
      takenBy.set(owner, (takenBy.get(owner) ?? 0) + 1);
    }
    check(
      held.length >= 1 && takeover.every((e) => e.state === 'sent'),
      `outbox leases held by ${victim.name} when it died ${held.length}, taken over and sent ${takeover.filter((e) => e.state === 'sent').length} (posted by ${[...takenBy].map(([k, n]) => `${k} ${n}`).join(', ')})`,
    );

    const helpReplies = new Map<string, number>();
    for (const e of events.filter((x) => x.kind === 'message.im'))
      helpReplies.set(
        e.channel,
        tookPosts.filter((c: RecordedCall) => c.args.channel === e.channel).length,
      );
    const publishes = fake.tookCalls('views.publish').length;
    // A DM and Slack's retry of it: one answer (the event's claim, slack_event_claims).
    check(
      helpReplies.size > 0 && [...helpReplies.values()].every((n) => n === 1),
      `message.im delivered twice answered once each: ${[...helpReplies.values()].join(', ')}`,
    );
    console.log(
      `events delivered twice: ${events.length} (app_home_opened ${events.filter((e) => e.kind === 'app_home_opened').length}: views.publish ${publishes}; message.im ${helpReplies.size}: help replies ${[...helpReplies.values()].join(', ')})`,
    );
    console.log(
      `Slack calls ${fake.calls.length}; fake Slack violations ${fake.violations.length}`,
    );
    if (OAUTH) {
      // Each call's workspace, told by the channel or person it names (ids carry the letter).
      const letterOf = (c: RecordedCall) => {
        const id = String(
          c.args.channel ?? c.args.channel_id ?? c.args.user_id ?? c.args.users ?? '',
        );
        return TEAMS.find((t) => id.slice(2, 3) === t.letter && /^[CDU]0/.test(id))?.letter;
      };
      const tokenOf = new Map(TEAMS.map((t) => [teamToken(t.letter), t.letter]));
      let checked = 0;
      let wrong = 0;
      const byTeam = new Map<string, number>();
      for (const c of fake.calls) {
        const letter = letterOf(c);
        if (!letter || !c.token || c.method.startsWith('oauth.')) continue;
        checked += 1;
        if (tokenOf.get(c.token) !== letter) wrong += 1;
        else byTeam.set(letter, (byTeam.get(letter) ?? 0) + 1);
      }
      console.log(
        `OAuth: ${checked} Web API calls naming a workspace's channel or person: with that workspace's own token ${[...byTeam].map(([l, n]) => `${l} ${n}`).join(', ')}; with another's ${wrong}`,
      );
    }
    // A period missed past its window would be a digest or report nobody got: none on this day
    // (the weeks before it are in the ledger, seeded).
    const notRun = instances.flatMap((i) =>
      i.warnings.filter((w) => w.startsWith('job period not run')).map((w) => `${i.name} ${w}`),
    );
    check(
      notRun.length === 0,
      `job periods said not run ${notRun.length}${notRun.length ? ` (${notRun.slice(0, 3).join('; ')})` : ''}`,
    );
    for (const i of instances)
      if (i.warnings.length)
        console.log(
          `${i.name} warnings/errors ${i.warnings.length}: ${[...new Set(i.warnings)].slice(0, 5).join(' | ')}`,
        );
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}; whole run ${((performance.now() - realStart) / 1000).toFixed(0)} s real`,
    );
    console.log(
      failures.length
        ? `\n${failures.length} check(s) failed:\n  ${failures.join('\n  ')}`
        : '\nall checks passed',
    );
  } finally {
    proxy?.stop();
    await Promise.all(
      instances
        .filter((i) => !i.dead)
        .map(
          (i) =>
            new Promise<void>((resolve) => {
              i.child.once('exit', () => resolve());
              i.child.kill('SIGTERM');
            }),
        ),
    );
    await db.conn.dropDatabase().catch(() => {});
    await db.close();
    await fake.stop();
    await engine.stop();
  }
}

main().then(
  () => process.exit(failures.length ? 1 : 0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
