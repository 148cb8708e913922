// Usage: npm run job -- <job> [--team T0123ABCD] [--at <ISO time>] [--force]
// Runs one job once, as of now or `--at`, for one workspace (or every workspace at once for a
// global job): for operators, and for external schedulers instead of the built-in ticker. The
// run goes through the same ledger, so a slot that already ran is not run again unless --force.
import { hostname } from 'node:os';
import { z } from 'zod';
import { JOBS } from '../../jobs/index.js';
import { createDeskApp, jobDepsOf } from '../app.js';
import { MAX_ATTEMPTS } from '../schedule/ledger.js';
import { runSlot, slotOf, type RunResult } from '../schedule/runner.js';
import { localDayOf } from '../schedule/job.js';
import { localDateTime, zonedDateTime } from '../time.js';
import { listParams } from '../i18n/index.js';
import { loadConfig } from '../config.js';
import {
  loadDotEnv,
  openDatabase,
  parsedArgs,
  refuseUnknownTeam,
  runCli,
  teamIdArg,
  toolClock,
  toolLogger,
  type Say,
} from './shared.js';

function usage(say: Say): string {
  const jobs = JOBS.map((j) =>
    say(j.scope === 'global' ? 'cli.job.global' : 'cli.job.workspace', { name: j.name }),
  );
  return say('cli.job.usage', listParams(say.locale, { jobs }));
}

const argsSchema = z.object({
  name: z.enum(JOBS.map((j) => j.name) as [string, ...string[]]),
  team: teamIdArg.optional(),
  at: z.iso.datetime({ offset: true }).optional(),
  force: z.boolean().default(false),
});

/** The counts of a digest or report run that posted nothing, each with its reason in words. */
const NOT_POSTED = ['noChannel', 'beforeInstall', 'alreadyPosted'];

/**
 * A run's counts by their names in the job's log line (`sent 3`), and why a run that posted
 * nothing did not (`why`: a NOT_POSTED count, said in words first; else `none`).
 */
function countsSaid(counts: Record<string, number> | undefined): {
  why: string;
  counts: string[];
} {
  const all = Object.entries(counts ?? {});
  return {
    why: all.find(([k, v]) => NOT_POSTED.includes(k) && v > 0)?.[0] ?? 'none',
    counts: all.map(([k, v]) => `${k} ${v}`),
  };
}

/**
 * The one line that says what became of the slot, and the exit code: 0 when it ran and
 * completed, or was not run because it is done or another instance runs it; 1 when this run
 * failed or the slot stands failed (an external scheduler sees it).
 */
function describeRun(
  result: RunResult,
  slot: string,
  /** An instant as the slot is shown (`timeShown`). */
  shown: (instant: Date) => string,
  say: Say,
): { line: string; code: number } {
  const head = {
    job: result.job,
    team: result.teamId,
    slot,
    attempt: result.attempts ?? 1,
    max: MAX_ATTEMPTS,
  };
  if (result.ran && result.error !== undefined) {
    return { line: say('cli.job.failed', { ...head, error: result.error }), code: 1 };
  }
  if (result.ran) {
    // A run that posted nothing (a forced report of a period before the desk) says why first.
    const { why, counts } = countsSaid(result.counts);
    return {
      line: counts.length
        ? say('cli.job.ranCounts', { ...head, why, ...listParams(say.locale, { counts }) })
        : say('cli.job.ran', head),
      code: 0,
    };
  }
  // Why a slot was not run, from what the ledger recorded of its run: its last error, its counts.
  const error = { hasError: result.error ? 'yes' : 'no', error: result.error ?? '' };
  if (result.state === 'failed') {
    return result.retryAfter
      ? {
          line: say('cli.job.failedRetried', {
            ...head,
            ...error,
            at: shown(result.retryAfter),
          }),
          code: 1,
        }
      : { line: say('cli.job.failedGivenUp', { ...head, ...error }), code: 1 };
  }
  if (result.state === 'running') {
    return { line: say('cli.job.running', head), code: 0 };
  }
  // A run that posted nothing says why in words (no digest channel...), its counts after.
  const { why, counts } = countsSaid(result.counts);
  return {
    line: say('cli.job.done', {
      ...head,
      why,
      hasCounts: counts.length ? 'yes' : 'no',
      ...listParams(say.locale, { counts }),
    }),
    code: 0,
  };
}

/**
 * A slot as the operator reads it: a workspace job's in the workspace's zone, with the period its
 * run reports where that is the ledger's key (`2026-11-23 09:00 GMT+8 (for 2026-W47)`: the digest
 * posted that Monday reports the week before; a monthly or quarterly report likewise); a daily
 * job's and the tier review's, keyed by the local day of their slot (`localDayOf`), which is not
 * the period they cover (figures-daily stores the days ended before it), its local time alone;
 * a global job's, which no workspace's zone applies to, in UTC and labelled so
 * (`2026-11-24 02:00 UTC`). With it, how any other instant of the line (a retry's) is shown, so
 * that one line reads in one zone.
 */
async function slotShown(
  desk: ReturnType<typeof createDeskApp>,
  job: (typeof JOBS)[number],
  teamId: string,
  slot: Date,
  say: Say,
): Promise<{ slot: string; shown: (instant: Date) => string }> {
  if (job.scope === 'global') {
    const shown = (instant: Date) =>
      say('cli.job.slotUtc', { time: localDateTime(instant, 'UTC') });
    return { slot: shown(slot), shown };
  }
  const settings = await desk.services.workspaces.settings(teamId);
  const shown = (instant: Date) => zonedDateTime(instant, settings.timeZone);
  const time = shown(slot);
  const period =
    job.periodOf && job.periodOf !== localDayOf ? job.periodOf(slot, settings) : undefined;
  return { slot: period ? say('cli.job.slot', { time, period }) : time, shown };
}

async function main(say: Say): Promise<number> {
  const USAGE = usage(say);
  const a = parsedArgs(
    {
      allowPositionals: true,
      options: { team: { type: 'string' }, at: { type: 'string' }, force: { type: 'boolean' } },
    },
    argsSchema,
    ({ values, positionals }) => ({ name: positionals[0], ...values }),
    USAGE,
    say,
  );
  if (typeof a === 'number') return a;
  const job = JOBS.find((j) => j.name === a.name)!;
  if (job.scope === 'workspace' && !a.team) {
    process.stderr.write(`${say('cli.job.needsTeam', { name: job.name })}\n${USAGE}\n`);
    return 2;
  }
  if (job.scope === 'global' && a.team) {
    // Taken silently, it would read as "run for that workspace" while it runs for all.
    process.stderr.write(`${say('cli.job.noTeam', { name: job.name })}\n`);
    return 2;
  }
  loadDotEnv();
  const config = loadConfig(process.env);
  // As the other tools: the run's info lines ("job run finished") would be mixed in with the
  // one line that says what became of the slot.
  const log = toolLogger(config.LOG_LEVEL);
  const { db, engine, close } = await openDatabase(config, log);
  try {
    // The app is built, not started: its services and Slack client, without serving requests.
    const clock = toolClock();
    const desk = createDeskApp({ config, db, engine, log, clock });
    const now = a.at ? new Date(a.at) : clock.now();
    if (now.getTime() > clock.now().getTime() + 60_000) {
      // A future slot marked done here would never run when its time comes.
      process.stderr.write(`${say('cli.job.future')}\n`);
      return 2;
    }
    const teamId = job.scope === 'global' ? '*' : (a.team ?? '');
    if (job.scope === 'workspace') {
      const unknown = await refuseUnknownTeam(desk.services.workspaces, teamId, say);
      if (unknown !== null) return unknown;
    }
    const deps = jobDepsOf(desk, {
      log,
      clock,
      instanceId: `cli:${hostname()}:${process.pid}`,
      metrics: false,
    });
    const slot = await slotOf(deps, job, teamId, now);
    const result = await runSlot(deps, job, teamId, slot, now, { force: a.force });
    const times = await slotShown(desk, job, teamId, slot, say);
    const { line, code } = describeRun(result, times.slot, times.shown, say);
    (code === 0 ? process.stdout : process.stderr).write(`${line}\n`);
    // What the run wrote to the outbox goes out now (a running app's worker would take it too).
    const out = await desk.outbox.drain();
    // Its heartbeat deleted: the running instances take back their share of Slack's pace now.
    await desk.outbox.stop();
    if (out.sent || out.failed || out.dead || out.rateLimited)
      process.stdout.write(
        `${say('cli.job.outbox', { sent: out.sent, failed: out.failed, dead: out.dead, limited: out.rateLimited })}\n`,
      );
    return code;
  } finally {
    await close();
  }
}

runCli('job', main);
