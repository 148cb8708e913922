import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jobDepsOf } from '../../src/app.js';
import { expect, inject } from 'vitest';
import type { Job, JobDeps } from '../../src/schedule/job.js';
import { runDue, type RunResult } from '../../src/schedule/runner.js';
import { createLogger } from '../../src/logger.js';
import type { TOOLS } from '../global-setup.js';
import { childEnv } from './child.js';
import { captureLogs, type LogLine } from './logs.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET, type TestApp } from './app.js';
import { FAKE_TEAM_ID } from './fake-slack.js';
import { tempDir } from './temp.js';

// Job runs log through the app's logger in production; a silent one keeps test output clean.
const silent = createLogger('silent');

/** What the scheduler hands a job, built from the test app; `instance` names the "instance". */
export function jobDeps(app: TestApp, instance = 'a'): JobDeps {
  return jobDepsOf(app.desk, { log: silent, clock: app.clock, instanceId: instance });
}

/**
 * Runs a job's due slots as of `iso`, as the minute ticker of each named instance would, all at
 * once, with the fake Slack's record cleared first, then delivers what they wrote to the outbox.
 * Returns the runs that ran.
 */
export async function runJobAt(
  app: TestApp,
  job: Job,
  iso: string,
  instances = ['a'],
): Promise<RunResult[]> {
  app.clock.set(iso);
  app.fake.reset();
  const results = await Promise.all(instances.map((i) => runDue(jobDeps(app, i), [job])));
  // What the runs wrote to the outbox, delivered as the worker's loop would.
  await app.desk.outbox.drain();
  return results.flat().filter((r) => r.ran);
}

/**
 * The texts posted to `who` (a channel, or a person's DM) over runs of `job` at `times` of `day`
 * (YYYY-MM-DD; times HH:MM UTC, space-separated: '02:10 02:11'), one runJobAt each, in order.
 */
export async function textsOverRuns(
  app: TestApp,
  job: Job,
  who: string,
  day: string,
  times: string,
): Promise<string[]> {
  const texts: string[] = [];
  for (const at of times.split(' ')) {
    await runJobAt(app, job, `${day}T${at}:00Z`);
    texts.push(...app.fake.textsTo(who));
  }
  return texts;
}

/**
 * runJobAt for one instance (`instance`, 'a' unless named), its log read: the run (undefined when
 * none was due) and the log's lines. `arm`: the fake Slack's answers armed before it.
 */
export async function runJobLogged(
  app: TestApp,
  job: Job,
  iso: string,
  opts: { arm?: () => void; instance?: string } = {},
): Promise<{ run: RunResult; lines: LogLine[] }> {
  app.clock.set(iso);
  app.fake.reset();
  opts.arm?.();
  const logs = captureLogs();
  const deps = jobDepsOf(app.desk, {
    log: logs.log,
    clock: app.clock,
    instanceId: opts.instance ?? 'a',
  });
  const [run] = (await runDue(deps, [job])).filter((r) => r.ran);
  await app.desk.outbox.drain();
  return { run: run!, lines: logs.lines };
}

/**
 * A run of `job` for the workspace's `slot`, recorded through the ledger as the runner records
 * one: claimed by `instance` at `now` (the slot when left out), keyed by `period` when given,
 * then finished with `outcome` at that instant.
 */
export async function recordedRun(
  app: TestApp,
  run: { job: string; slot: Date; period?: string; instance: string; now?: Date },
  outcome: { ok: boolean; counts?: Record<string, number>; error?: string },
): Promise<void> {
  const now = run.now ?? run.slot;
  const ledger = app.desk.services.jobLedger;
  const claim = await ledger.claim({
    job: run.job,
    teamId: FAKE_TEAM_ID,
    slot: run.slot,
    ...(run.period ? { period: run.period } : {}),
    instance: run.instance,
    now,
    leaseMs: 60_000,
  });
  await ledger.finish(claim!, { ...outcome, now });
}

/**
 * A command-line tool's node arguments (`src/cli/<name>.ts`): its bundle built for this run by
 * test/global-setup.ts, run by node as `npm run <tool>` runs its build.
 */
export function toolArgs(name: (typeof TOOLS)[number]): string[] {
  return [join(inject('toolsDir'), `${name}.js`)];
}

/**
 * The environment of the job CLI run as a child process against this test app: its database
 * (the file's own), the fake Slack, and nothing from the developer's environment or `.env`.
 */
export function jobCliEnv(app: TestApp, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return childEnv({
    MONGODB_URI: `${inject('mongoUri').replace(/\/$/, '')}/${app.db.conn.name}`,
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: app.fake.apiUrl,
    LOG_LEVEL: 'silent',
    ...extra,
  });
}

/** What a command-line tool run as a child process gave: its exit code and its two streams. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command-line tool (`entry`: node's arguments, e.g. `toolArgs('jobs')`) as a child process against
 * this test app (jobCliEnv plus `env`), without blocking this process: the fake Slack it calls
 * and, with the Java stand-in, the database live here.
 */
export function runTool(
  app: TestApp,
  entry: string[],
  args: string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  const child = spawn(process.execPath, [...entry, ...args], { env: jobCliEnv(app, env) });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * The report CLI run as a child process against this test app, writing the monthly report of
 * `period` as CSV (`extra` arguments after, e.g. `--rebuild`), with the digest channel
 * `digest`: the file's lines (its BOM left off). The tool must write nothing to stderr and exit 0.
 */
export async function monthCsvRows(
  app: TestApp,
  period: string,
  digest: string,
  extra: string[] = [],
): Promise<string[]> {
  const out = join(tempDir('report-'), `${period}.csv`);
  const res = await runTool(
    app,
    toolArgs('report'),
    ['--team', FAKE_TEAM_ID, '--period', period, '--kind', 'month', '--out', out, ...extra],
    { DIGEST_CHANNEL_ID: digest },
  );
  expect(res.stderr).toBe('');
  expect(res.status).toBe(0);
  return readFileSync(out, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n');
}
