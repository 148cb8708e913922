import type { Job, JobDeps } from './types.js';

const LEASE_MS = 10 * 60_000;

export interface RunResult {
  job: string;
  teamId: string;
  slot: Date;
  ran: boolean;
  counts?: Record<string, number>;
}

/**
 * Runs one slot of one job for one workspace if no instance has run it yet: claims it in the
 * ledger, runs it, records the outcome and logs one line with its duration and counts. A failing
 * run is recorded and logged, never thrown: one workspace never stops the others.
 */
export async function runSlot(
  deps: JobDeps,
  job: Job,
  teamId: string,
  slot: Date,
  now: Date,
  options: { force?: boolean } = {},
): Promise<RunResult> {
  const { jobLedger } = deps.services;
  const claim = options.force
    ? `${job.name}:${teamId}:${slot.toISOString()}:forced:${now.getTime()}`
    : await jobLedger.claim({
        job: job.name,
        teamId,
        slot,
        owner: deps.instanceId,
        now,
        leaseMs: LEASE_MS,
      });
  if (!claim) return { job: job.name, teamId, slot, ran: false };
  const log = deps.log.child({ job: job.name, teamId, slot: slot.toISOString() });
  const started = Date.now();
  try {
    const counts = await job.run(deps, { teamId, slot, now, log });
    if (!options.force) await jobLedger.finish(claim, { ok: true, counts, now });
    log.info({ ...counts, durationMs: Date.now() - started }, 'job run finished');
    return { job: job.name, teamId, slot, ran: true, counts };
  } catch (err) {
    if (!options.force)
      await jobLedger.finish(claim, {
        ok: false,
        error: (err as Error).message,
        now,
      });
    log.error({ err, durationMs: Date.now() - started }, 'job run failed');
    return { job: job.name, teamId, slot, ran: true };
  }
}

/** Every slot due at `now`, for every job and workspace: what the minute ticker runs. */
export async function runDue(deps: JobDeps, jobs: Job[], now: Date): Promise<RunResult[]> {
  const results: RunResult[] = [];
  const teamIds = await deps.services.workspaces.teamIds();
  for (const job of jobs) {
    const targets = job.scope === 'global' ? ['*'] : teamIds;
    for (const teamId of targets) {
      try {
        const settings =
          job.scope === 'global' ? undefined : await deps.services.workspaces.settings(teamId);
        const slot = job.slotAt(now, settings);
        if (now.getTime() - slot.getTime() > (job.catchUpMs ?? 60_000)) continue;
        results.push(await runSlot(deps, job, teamId, slot, now));
      } catch (err) {
        deps.log.error({ err, job: job.name, teamId }, 'could not schedule a job run');
      }
    }
  }
  return results;
}
