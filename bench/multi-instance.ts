// Several instances, measured (issue #14): three app processes (`node --import tsx src/main.ts`,
// HTTP mode, ack first as in production) on one database behind a round-robin proxy of this
// script's own, two workspaces, a mixed load (customers, tickets, the same submission twice,
// claims from four agents at once on the same tickets, slash commands, events delivered twice),
// the three processes' minute ticker running the jobs whose slots come due, then one instance
// killed (SIGKILL) while it holds outbox leases, and its work taken over by the others.
//
//   node --import tsx bench/multi-instance.ts
//
// The database is MONGODB_URI's, else the one the tests would resolve (mongod, else the Java
// stand-in), in a database of the run's own that is dropped at the end. The instances' clock is
// moved (CARE_DESK_CLOCK_OFFSET_MS, whole minutes so that node-cron's ticks stay on the minute)
// to Monday 2026-11-30 10:28 in Shanghai: the weekly digest (Monday 09:00) and the daily tasks
// are due at the first tick, tickets received on Friday evening have breached, and tickets
// received at 09:00-09:03 cross their 75 % warning during the run. Slack is the in-repo fake
// (test/helpers/fake-slack.ts), in this process, as Slack is remote in production.
// BENCH_TICKETS (per workspace, default 24), BENCH_JOB_MINUTES (real minutes of ticks before
// the kill, default 2) change the counts. BENCH_OAUTH=1 runs the instances in OAuth mode: both
// workspaces installed through the proxy (/slack/install on one instance, the redirect on
// another), each served with its own token; the run then counts Web API calls made for one
// workspace with another's token (there must be none, the killed instance's work included).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { hostname, loadavg, cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { trusted } from 'mongoose';
import { connectDatabase } from '../src/db/connection.js';
import { resolveDatabase } from '../src/db/engine.js';
import { createLogger } from '../src/logger.js';
import { FakeSlack, type RecordedCall } from '../test/helpers/fake-slack.js';
import {
  SlackRequests,
  slashCommandPayload,
  type SlackResponse,
} from '../test/helpers/slack-requests.js';
import { percentile } from './harness.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECRET = 'bench-multi-secret-0123456789';
const TOKEN = 'xoxb-bench-multi';
const TICKETS = Number(process.env.BENCH_TICKETS ?? 24);
const JOB_MINUTES = Number(process.env.BENCH_JOB_MINUTES ?? 2);
const OAUTH = process.env.BENCH_OAUTH === '1';
/** OAuth mode: each workspace's own bot token. */
const teamToken = (letter: string) => `xoxb-bench-${letter.toLowerCase()}-install`;
/** Monday 2026-11-30 10:28 in Shanghai, the instances' "now" at the start. */
const VIRTUAL_START = Date.parse('2026-11-30T02:28:00Z');

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
  jobRuns: { job: string; teamId: string; slot: string }[];
  warnings: string[];
}

async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
    warnings: [],
  };
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        instance.warnings.push(line);
        return;
      }
      if (entry.msg === 'job run finished')
        instance.jobRuns.push({
          job: String(entry.job),
          teamId: String(entry.teamId),
          slot: String(entry.slot),
        });
      else if (typeof entry.level === 'number' && entry.level >= 40)
        instance.warnings.push(
          `${String(entry.msg)}${entry.err ? `: ${JSON.stringify(entry.err).slice(0, 200)}` : ''}`,
        );
    });
  }
  child.once('exit', () => {
    instance.dead = true;
    instance.up = false;
  });
  await until(
    `${name} to be ready`,
    async () => {
      if (instance.dead)
        throw new Error(`${name} exited at start: ${instance.warnings.join(' | ')}`);
      const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      return res?.status === 200 ? true : undefined;
    },
    120_000,
  );
  instance.up = true;
  return instance;
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

async function main(): Promise<void> {
  const log = createLogger('warn');
  const engine = await resolveDatabase({ uri: process.env.MONGODB_URI, log });
  const dbName = `bench_multi_${process.pid}`;
  const db = await connectDatabase(engine.uri, dbName, log, { monitorCommands: false });
  const fake = new FakeSlack();
  await fake.start();
  const offset = Math.round((VIRTUAL_START - Date.now()) / 60_000) * 60_000;
  const virtualNow = () => new Date(Date.now() + offset);
  console.log(
    `engine ${engine.kind}; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}; virtual start ${virtualNow().toISOString()}`,
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
    CARE_DESK_CLOCK_OFFSET_MS: String(offset),
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
          },
          $inc: { version: 1 },
        },
      );
    }
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
    const codes = new Map<string, string[]>();
    for (const t of TEAMS)
      codes.set(
        t.id,
        (await db.models.customers.find({ teamId: t.id }).lean()).map((c) => c.code),
      );

    // Tickets: a third received Friday 17:00 (breached by now), a third on Monday 09:00-09:03
    // (their warning comes during the run), a third just now (no alert); 4 submitted twice.
    const ticketForms = new Map<string, Record<string, unknown>>();
    for (const t of TEAMS) ticketForms.set(t.id, await opened(t, '/ticket', 'new', t.agents[0]!));
    const submitted = new Map<string, number>();
    /** Ticket submissions the app acked as saved (HTTP 200, empty body), per workspace. */
    const acked = new Map<string, Set<string>>(TEAMS.map((t) => [t.id, new Set<string>()]));
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
            ...(group === 0 ? { received_date: '2026-11-27', received_time: '17:00' } : {}),
            ...(group === 1 ? { received_date: '2026-11-30', received_time: `09:0${i % 4}` } : {}),
          };
          const actor = { teamId: t.id, userId: t.agents[i % 4]! };
          const send = () =>
            submit(ticketForms.get(t.id)!, form, actor, viewId).then((res) => {
              if (res.status === 200 && res.body === '') acked.get(t.id)!.add(viewId);
              return res;
            });
          jobs.push(send());
          if (i % 6 === 5) {
            jobs.push(send());
            twice.push(viewId);
          }
          submitted.set(t.id, (submitted.get(t.id) ?? 0) + 1);
        }
        return jobs;
      });
    let t0 = performance.now();
    await Promise.all(ticketLoad(TICKETS, ''));
    console.log(`tickets submitted in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

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

    // The minute ticker of the three instances: digest, tasks and SLA sweeps come due.
    console.log(
      `load done; letting the jobs tick for ${JOB_MINUTES} min (virtual ${virtualNow().toISOString()})`,
    );
    await sleep(JOB_MINUTES * 60_000 + 5_000);

    // A second burst, then one instance killed while it holds outbox leases.
    const victim = instances[2]!;
    t0 = performance.now();
    const burst = Promise.all(ticketLoad(12, 'k'));
    const held = await until(
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
    const runsHeld = await db.models.jobRuns
      .find({ status: 'running', owner: victim.instanceId })
      .lean();
    victim.child.kill('SIGKILL');
    const killedAt = performance.now();
    console.log(
      `killed ${victim.name} (pid ${victim.pid}) ${((killedAt - t0) / 1000).toFixed(1)} s into the burst, holding ${held.length} outbox entries and ${runsHeld.length} job runs`,
    );
    await burst;
    // Light traffic while the others take over: the balancer routes around the dead instance.
    for (let i = 0; i < 20; i++) {
      const t = TEAMS[i % 2]!;
      await timed('command', () =>
        slack.command('/ticket', 'list', { teamId: t.id, userId: t.agents[0]! }),
      );
    }
    const heldIds = held.map((e) => e._id);
    const takeover = await until(
      'the victim’s leased entries delivered by another instance',
      async () => {
        const now = await db.models.outbox.find({ _id: trusted({ $in: heldIds }) }).lean();
        return now.every((e) => e.state === 'sent') ? now : undefined;
      },
      180_000,
    ).catch(async () => db.models.outbox.find({ _id: trusted({ $in: heldIds }) }).lean());
    const takenAfter = (performance.now() - killedAt) / 1000;
    await until(
      'the outbox to drain',
      async () =>
        (await db.models.outbox.countDocuments({
          state: 'pending',
          nextAt: trusted({ $lte: new Date(virtualNow().getTime() + 60_000) }),
        })) === 0
          ? true
          : undefined,
      180_000,
    ).catch(() => undefined);
    // One more tick for the survivors; then tickets saved whose notices were not written (an
    // instance died, or a listener failed, between the save and the outbox) are repaired by the
    // outbox job two minutes on.
    await sleep(65_000);
    const owedAtKill = await db.models.tickets.countDocuments({
      noticesOwedAt: trusted({ $ne: null }),
    });
    await until(
      'no ticket owing notices',
      async () =>
        (await db.models.tickets.countDocuments({ noticesOwedAt: trusted({ $ne: null }) })) === 0 &&
        (await db.models.outbox.countDocuments({ state: 'pending' })) === 0
          ? true
          : undefined,
      240_000,
    ).catch(() => undefined);

    // ----------------------------------------------------------------------------------------
    // Figures
    const byStatus = (lo: number) =>
      samples.filter((s) => s.status >= lo && s.status < lo + 100).length;
    console.log(
      `\nrequests ${samples.length}: 2xx ${byStatus(200)}, 4xx ${byStatus(400)}, 5xx ${byStatus(500)}`,
    );
    const kinds = [...new Set(samples.map((s) => s.kind))];
    for (const kind of ['all', ...kinds]) {
      const ms = samples.filter((s) => kind === 'all' || s.kind === kind).map((s) => s.ms);
      console.log(
        `  ack ${kind.padEnd(8)} n=${String(ms.length).padStart(4)}  p50 ${percentile(ms, 0.5).toFixed(0)} ms  p99 ${percentile(ms, 0.99).toFixed(0)} ms  max ${Math.max(...ms).toFixed(0)} ms`,
      );
    }

    const tookPosts = fake.tookCalls('chat.postMessage');
    for (const t of TEAMS) {
      const tickets = await db.models.tickets.find({ teamId: t.id }).lean();
      const numbers = new Set(tickets.map((x) => x.number));
      const titles = new Set(tickets.map((x) => x.title));
      const expected = acked.get(t.id)!.size;
      const contiguous = [...numbers]
        .sort()
        .every((n, i) => n === `T2026${String(i + 1).padStart(4, '0')}`);
      console.log(
        `\nworkspace ${t.letter}: ticket submissions ${submitted.get(t.id)} (and the same view sent twice for some), acked as saved ${expected}, tickets created ${tickets.length}, numbers unique ${numbers.size} (${contiguous ? 'T20260001 on, no gap' : `highest ${[...numbers].sort().at(-1)}`}), duplicate tickets ${tickets.length - titles.size}`,
      );
      const customers = await db.models.customers.countDocuments({ teamId: t.id });
      console.log(`  customers: 8 submitted (+1 twice), created ${customers}`);
      const clicked = claimed.get(t.id)!;
      const after = await db.models.tickets
        .find({ teamId: t.id, number: trusted({ $in: clicked }) })
        .lean();
      const lost = after.filter((x) => !x.assigneeId || !t.agents.includes(x.assigneeId)).length;
      console.log(
        `  claims: ${clicked.length} tickets x 4 agents at once: one assignee each ${after.length - lost}, claims lost ${lost}`,
      );
      const cards = tookPosts.filter(
        (c) => c.args.channel === t.channels.triage && !c.args.thread_ts,
      );
      const perCard = new Map<string, number>();
      for (const c of cards) {
        const key = String(c.args.text).split(' · ')[0]!;
        perCard.set(key, (perCard.get(key) ?? 0) + 1);
      }
      const counts = [...perCard.values()];
      console.log(
        `  cards posted ${cards.length} for ${tickets.length} tickets: ${perCard.size} distinct, posted more than once ${counts.filter((n) => n > 1).length}, never ${tickets.length - perCard.size}`,
      );
      const dms = tookPosts.filter(
        (c) => c.args.channel === t.owner && /^New /.test(String(c.args.text)),
      );
      const dmNumbers = dms.map((c) => /T2026\d{4}/.exec(String(c.args.text))?.[0]);
      console.log(
        `  account manager's new-ticket DMs ${dms.length} for ${tickets.length} tickets, ${new Set(dmNumbers).size} distinct`,
      );
      const alertPosts = tookPosts.filter((c) => c.args.channel === t.channels.alerts);
      const lines = alertPosts
        .flatMap((c) => String(c.args.text).split('\n'))
        .filter((l) => l.includes('*T2026'));
      const alertBlocks = alertPosts.flatMap((c) =>
        ((c.args.blocks as { text?: { text?: string } }[]) ?? []).flatMap((b) =>
          (b.text?.text ?? '').split('\n').filter((l) => l.includes('*T2026')),
        ),
      );
      const all = [...lines, ...alertBlocks];
      const seen = new Map<string, number>();
      for (const l of alertBlocks) seen.set(l, (seen.get(l) ?? 0) + 1);
      console.log(
        `  SLA: ${alertPosts.length} posts to alerts, ${alertBlocks.length} alert lines, the same line twice ${[...seen.values()].filter((n) => n > 1).length}${all.length ? '' : ''}`,
      );
      const digests = tookPosts.filter(
        (c) => c.args.channel === t.channels.digest && !c.args.thread_ts,
      );
      console.log(`  digest posts ${digests.length}`);
    }

    const runs = instances.flatMap((i) => i.jobRuns.map((r) => ({ ...r, by: i.name })));
    const perSlot = new Map<string, string[]>();
    for (const r of runs) {
      const key = `${r.job} ${r.teamId} ${r.slot}`;
      perSlot.set(key, [...(perSlot.get(key) ?? []), r.by]);
    }
    const byJob = new Map<string, number>();
    for (const r of runs) byJob.set(r.job, (byJob.get(r.job) ?? 0) + 1);
    console.log(
      `\njob runs ${runs.length} (${[...byJob].map(([j, n]) => `${j} ${n}`).join(', ')}), slots run twice ${[...perSlot.values()].filter((v) => v.length > 1).length}; by instance ${instances.map((i) => `${i.name} ${i.jobRuns.length}`).join(', ')}`,
    );
    const ledger = await db.models.jobRuns.find({}).lean();
    console.log(
      `ledger: ${ledger.length} runs recorded, states ${JSON.stringify(Object.fromEntries(['done', 'running', 'failed'].map((s) => [s, ledger.filter((r) => r.status === s).length])))}`,
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
    console.log(
      `kill: ${held.length} outbox entries leased by ${victim.name} when it died; ${takeover.filter((e) => e.state === 'sent').length} sent since (posted by ${[...takenBy].map(([k, n]) => `${k} ${n}`).join(', ')}), ${takenAfter.toFixed(0)} s after the kill`,
    );
    if (runsHeld.length)
      console.log(
        `  job runs it held: ${runsHeld.map((r) => `${r._id} (lease until ${r.leaseUntil.toISOString()})`).join('; ')}`,
      );
    const pending = await db.models.outbox.countDocuments({ state: 'pending' });
    const dead = await db.models.outbox.countDocuments({ state: 'dead' });
    console.log(
      `outbox at the end: pending ${pending}, dead ${dead}; tickets owing notices after the kill ${owedAtKill}, at the end ${await db.models.tickets.countDocuments({ noticesOwedAt: trusted({ $ne: null }) })}`,
    );

    const helpReplies = new Map<string, number>();
    for (const e of events.filter((x) => x.kind === 'message.im'))
      helpReplies.set(
        e.channel,
        tookPosts.filter((c: RecordedCall) => c.args.channel === e.channel).length,
      );
    const publishes = fake.tookCalls('views.publish').length;
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
    for (const i of instances)
      if (i.warnings.length)
        console.log(
          `${i.name} warnings/errors ${i.warnings.length}: ${[...new Set(i.warnings)].slice(0, 5).join(' | ')}`,
        );
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
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
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
