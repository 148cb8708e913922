// Usage: npm run job -- <job> [--team T0123ABCD] [--at <ISO time>] [--force]
// Runs one job once, as of now or `--at`, for one workspace (or every workspace at once for a
// global job): for operators, and for external schedulers instead of the built-in ticker. The
// run goes through the same ledger, so a slot that already ran is not run again unless --force.
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { JOBS } from '../../jobs/index.js';
import { createDeskApp } from '../app.js';
import { runSlot, slotOf } from '../schedule/runner.js';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { loadDotEnv, openDatabase, runCli } from './shared.js';
import { createLogger } from '../logger.js';

const USAGE = `Usage: job <name> [--team T0123ABCD] [--at <ISO time>] [--force]
Jobs: ${JOBS.map((j) => `${j.name} (${j.scope})`).join(', ')}`;

const argsSchema = z.object({
  name: z.enum(JOBS.map((j) => j.name) as [string, ...string[]]),
  team: z
    .string()
    .regex(/^[TE][A-Z0-9]{2,}$/, 'a Slack team id such as T0123ABCD')
    .optional(),
  at: z.iso.datetime({ offset: true }).optional(),
  force: z.boolean().default(false),
});

const STATE_TEXT = {
  done: 'already run',
  running: 'being run by another instance',
  failed: 'failed three times',
} as const;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { team: { type: 'string' }, at: { type: 'string' }, force: { type: 'boolean' } },
  });
  const parsed = argsSchema.safeParse({ name: positionals[0], ...values });
  if (!parsed.success) {
    process.stderr.write(
      `${parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('\n')}\n${USAGE}\n`,
    );
    return 2;
  }
  const job = JOBS.find((j) => j.name === parsed.data.name)!;
  if (job.scope === 'workspace' && !parsed.data.team) {
    process.stderr.write(`${job.name} runs for one workspace: give --team\n${USAGE}\n`);
    return 2;
  }
  loadDotEnv();
  const config = loadConfig(process.env);
  const log = createLogger(config.LOG_LEVEL);
  const { db, engine, close } = await openDatabase(config, log);
  try {
    // The app is built, not started: its services and Slack client, without serving requests.
    const desk = createDeskApp({ config, db, engine, log, clock: systemClock });
    const now = parsed.data.at ? new Date(parsed.data.at) : new Date();
    if (now.getTime() > Date.now() + 60_000) {
      // A future slot marked done here would never run when its time comes.
      process.stderr.write('--at may not be in the future\n');
      return 2;
    }
    const teamId = job.scope === 'global' ? '*' : (parsed.data.team ?? '');
    const deps = {
      log,
      clock: systemClock,
      services: desk.services,
      flows: desk.flows,
      instanceId: `cli:${hostname()}:${process.pid}`,
    };
    const slot = await slotOf(deps, job, teamId, now);
    const result = await runSlot(deps, job, teamId, slot, now, { force: parsed.data.force });
    const counts = Object.entries(result.counts ?? {})
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    process.stdout.write(
      result.ran
        ? `${job.name} for ${teamId}, slot ${slot.toISOString()}: ran${counts ? ` (${counts})` : ''}\n`
        : `${job.name} for ${teamId}, slot ${slot.toISOString()}: ${STATE_TEXT[result.state ?? 'done']} (use --force to run it again)\n`,
    );
    // What the run wrote to the outbox goes out now (a running app's worker would take it too).
    const out = await desk.outbox.drain();
    if (out.sent || out.failed || out.dead || out.rateLimited)
      process.stdout.write(
        `outbox: sent ${out.sent}, failed ${out.failed}, given up ${out.dead}, rate limited ${out.rateLimited}\n`,
      );
    return 0;
  } finally {
    await close();
  }
}

runCli('job', main);
