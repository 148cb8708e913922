import { logNameClashes } from '../src/customer/service.js';
import type { Ctx } from '../src/context.js';
import { MINUTE_JOB_LEASE_MS, type JobDeps, type WorkspaceJob } from '../src/schedule/job.js';
import { minuteSlot } from '../src/schedule/slots.js';
import type { Services } from '../src/services.js';
import { MIGRATION_CLOCKS_MS, type MigrationLookBack } from '../src/workspace/service.js';

/**
 * How far back the minute job looks for files an older instance renamed without their sort key:
 * an older instance runs only during a rollout, and instances' clocks may differ a little.
 * Comparing a file's name with its key's source has no index, so every file every minute would
 * read the whole customer list; the files saved in the last hour are read through an index.
 * Start-up looks at every file once. The hour is on the wall clock, as a write's `updatedAt` is
 * stamped (mongoose's), not the desk's (`ctx.now`, which a rehearsal moves): a desk ahead of it
 * looked for files saved in its future and found none.
 */
const RENAMES_LOOKED_BACK_MS = 60 * 60_000;

/**
 * How long after a workspace's start-up backfill of waiting tickets' due times was done
 * (`migrations.pausedDueAt`), and after the last one its look-back found an older instance had
 * saved with the far-future due time (`migrationLookBacks.pausedDueAt.found`: one was still
 * alive then, a slow rollout or a rollback), the minute job still looks for those: a rolling
 * upgrade's older instances are gone long before; after it, the job reads them once a day only
 * (PAUSED_DUE_RECHECK_MS).
 */
export const PAUSED_DUE_ROLLOUT_MS = 24 * 60 * 60_000;

/**
 * How often the look-back still runs once ended (PAUSED_DUE_ROLLOUT_MS): an older version run
 * again after a whole day without one found (a rollback) is found within a day, and the
 * look-back runs every minute again for a day after; one indexed read a day otherwise.
 */
export const PAUSED_DUE_RECHECK_MS = 24 * 60 * 60_000;

/** How long a minute's run gives the whole backfill of a workspace not done yet, at most. */
export const PAUSED_DUE_JOB_MS = 20_000;

/**
 * The minute's part of the paused-due backfill: the whole pass of a workspace not stamped done,
 * by the one instance that takes it, at most PAUSED_DUE_JOB_MS, going on where the last pass
 * stopped; and a look-back while an older instance may still be alive (not after a pass that
 * read every ticket from the first): every ticket saved since the last look-back that read every
 * one began (since the stamp for the first; the hour at least), and while the pass goes on where
 * others stopped, every ticket saved since the first of them began (one saved so behind where
 * they got to after they read it), at most PAUSED_DUE_JOB_MS too, whether the pass ended,
 * stopped or failed (its failure thrown once the look-back ran). How many tickets it wrote.
 */
async function backfillPausedDue(deps: JobDeps, ctx: Ctx): Promise<number> {
  const migrated = await deps.services.workspaces.migratedAt(ctx.teamId, 'pausedDueAt');
  // Not done yet (a workspace installed after start-up, or whose start-up pass failed or was
  // stopped): the whole pass, by the one instance that takes it, at most PAUSED_DUE_JOB_MS a
  // minute, each minute's after the last ticket the one before read (a waiting ticket rightly
  // paused is read once, not every minute), stamped once it read the last one.
  let began = 0;
  let since: Date | undefined;
  let whole: { read: number; written: number; complete: boolean } | undefined;
  let failed: { err: unknown } | undefined;
  if (!migrated)
    whole = await deps.services.workspaces
      .runMigration(ctx.teamId, 'pausedDueAt', (resume) => {
        began = Date.now();
        since = resume.since;
        return deps.services.tickets.backfillPausedDueAt(ctx, {
          ...resume,
          stop: () => Date.now() - began >= PAUSED_DUE_JOB_MS,
        });
      })
      .catch((err: unknown) => {
        failed = { err };
        return undefined;
      });
  if (whole?.complete)
    ctx.log.info(
      { read: whole.read, tickets: whole.written, ms: Date.now() - began },
      'waiting tickets overdue before their pause given that due time',
    );
  // A pass from the first ticket read those saved in the last hour too. One that went on where
  // others stopped did not read again those before: one saved so since the first of them began
  // (a little before: instances' clocks may differ) is the look-back's.
  if (whole && !since) return whole.written;
  const written = whole?.written ?? 0;
  const { workspaces } = deps.services;
  if (workspaces.lookBackEnded(ctx.teamId, 'pausedDueAt')) return written;
  const kept = await workspaces.lookBackOf(ctx.teamId, 'pausedDueAt');
  // Stamped: an older instance may still be alive (a rolling upgrade, a rollback) until a day
  // has gone by since the stamp and since the last ticket the look-back found saved the old way
  // (each one found shows one was still saving then). Ended once a look-back that read every
  // ticket began after that: it read every save until the day was up (one saved since the last
  // run, the rest of an unfinished one); until then, one more look-back runs. Ended, it runs once
  // a day (PAUSED_DUE_RECHECK_MS), over the saves since the last one: one it finds (an older
  // version run again) makes it run every minute for a day again.
  if (migrated) {
    const alive = Math.max(migrated.getTime(), kept?.found?.getTime() ?? 0);
    if (kept && kept.after === undefined && kept.began.getTime() - alive >= PAUSED_DUE_ROLLOUT_MS) {
      const recheck = kept.began.getTime() + PAUSED_DUE_RECHECK_MS;
      if (Date.now() < recheck) {
        workspaces.endLookBack(ctx.teamId, 'pausedDueAt', recheck);
        return written;
      }
    }
  }
  // Every save since the last look-back that read every ticket began, however long ago (the job
  // did not run, or failed, for more than the hour meanwhile), else since the stamp (the first
  // after it); at least the last hour. A little before: instances' clocks may differ. One its cap
  // stopped (`after` kept) took its `from` so (a start-up's too, kept before it read any: `after`
  // ''): it is gone on from over the same saves, not begun anew from the stamp (it does not know
  // when the one before it began).
  const lastBegan = kept && kept.after === undefined ? kept.began : migrated;
  const lookedBack = Math.min(
    Date.now() - RENAMES_LOOKED_BACK_MS,
    since ? since.getTime() - MIGRATION_CLOCKS_MS : Infinity,
    kept?.after !== undefined
      ? kept.from.getTime()
      : lastBegan
        ? lastBegan.getTime() - MIGRATION_CLOCKS_MS
        : Infinity,
  );
  const looking = Date.now();
  const fixed = await lookBack(deps.services, ctx, new Date(lookedBack), kept, {
    stop: () => Date.now() - looking >= PAUSED_DUE_JOB_MS,
  });
  if (failed) throw failed.err;
  return written + fixed.written;
}

/**
 * Start-up's look-back, after its pass went on where others stopped: the waiting tickets saved
 * since `from` (when the first of them began, a little before) with the far-future due time,
 * until `stop` says so. It keeps its place as the minute job's does (before it reads any, too),
 * so the minute job goes on from it, over the same saves, once this instance stops during it
 * (the workspace is stamped by then: the minute job would otherwise read only since the stamp).
 * One another run moved meanwhile is read on without keeping, as before. How many it read and
 * wrote.
 */
export async function lookBackAtStart(
  services: Pick<Services, 'workspaces' | 'tickets'>,
  ctx: Pick<Ctx, 'teamId' | 'settings' | 'now'>,
  from: Date,
  stop: () => boolean,
): Promise<{ read: number; written: number }> {
  const kept = await services.workspaces.lookBackOf(ctx.teamId, 'pausedDueAt');
  return lookBack(services, ctx, from, kept, { stop, keptFirst: true });
}

/**
 * The minute's look-back at waiting tickets saved since `from` (wall clock) with the far-future
 * due time, until `stop` says so (at most PAUSED_DUE_JOB_MS). One its cap stopped went on from
 * where the one before got to (`migrationLookBacks.pausedDueAt`, `kept` as read: kept after
 * every batch, only while no other run moved it: two instances' runs do not both go on from it),
 * over the saves it read, instead of reading the same first tickets again every minute; a new
 * one begins once one read every ticket, which is kept with when it began (the next one reads the
 * saves since). Kept with it: when one last found a ticket saved the old way (`found`).
 * `keptFirst`: one begun anew is kept before it reads any (`after` ''), and read on without
 * keeping when another run moved it meanwhile (start-up's). How many tickets it read and wrote.
 */
async function lookBack(
  services: Pick<Services, 'workspaces' | 'tickets'>,
  ctx: Pick<Ctx, 'teamId' | 'settings' | 'now'>,
  from: Date,
  kept: MigrationLookBack | undefined,
  options: { stop: () => boolean; keptFirst?: boolean },
): Promise<{ read: number; written: number }> {
  const { workspaces, tickets } = services;
  // (One over fewer saves than this minute's is not gone on from: it began after those.)
  const going = kept?.after !== undefined && kept.from <= from ? kept : undefined;
  const at: MigrationLookBack = going ?? {
    from,
    began: new Date(),
    ...(kept?.found ? { found: kept.found } : {}),
  };
  let stored = kept;
  const move = async (next: MigrationLookBack) => {
    if (!(await workspaces.moveLookBack(ctx.teamId, 'pausedDueAt', stored, next))) return false;
    stored = next;
    return true;
  };
  const keeping = !!going || !options.keptFirst || (await move({ ...at, after: '' }));
  const { read, written, complete } = await tickets.backfillPausedDueAt(ctx, {
    changedSince: at.from,
    ...(going?.after ? { after: going.after } : {}),
    stop: options.stop,
    progress: async (after) => !keeping || (await move({ ...at, after })),
  });
  const found = written ? { found: new Date() } : {};
  if (complete) {
    const { after: _read, ...done } = at;
    await move({ ...done, ...found });
  } else if (written && stored?.after !== undefined) await move({ ...stored, ...found });
  return { read, written };
}

/**
 * Every minute, per workspace: SLA warnings, breaches and automatic escalations for the tickets
 * whose next alert time has come (src/flows/sla.ts). First, open tickets saved before due times
 * were stored get theirs (500 a minute, an upgrade's one-off), so the lists find them; waiting
 * tickets saved lately with the far-future due time although a clock had run out before the
 * pause (by an older instance during an upgrade) get that due time, until a day after start-up's
 * backfill of them was done in the workspace and after the last one found (PAUSED_DUE_ROLLOUT_MS),
 * then once a day (PAUSED_DUE_RECHECK_MS); a workspace
 * start-up did not do (installed since, its pass failed) gets the whole backfill here, by one
 * instance, once; and
 * customers saved without a sort key or renamed (by an older instance during an upgrade, after
 * this one's start-up keyed the others) get their name's, 1,000 a minute, so the picker finds
 * them and lists sort them by the name they have.
 */
export const slaAlertsJob: WorkspaceJob = {
  name: 'sla-alerts',
  scope: 'workspace',
  slotAt: (now) => minuteSlot(now),
  leaseMs: MINUTE_JOB_LEASE_MS,
  lane: 'minute',
  run: async (deps, ctx) => {
    const backfilled = await deps.services.tickets.backfillDueTimes(ctx);
    // Waiting tickets an older instance saved with the far-future due time although a clock had
    // run out before the pause (start-up did those saved before), while an upgrade may still be
    // rolling out: none read once it is a day past. The stamp and `updatedAt` are wall clock.
    // Never in the way of the sweep either: a pass that fails (a record it cannot compute, a
    // read that times out) is logged and tried the next minute, and the sweep runs regardless.
    const pausedDue = await backfillPausedDue(deps, ctx).catch((err: unknown) => {
      ctx.log.warn(
        { err },
        'could not give waiting tickets the due time they had run out before their pause (tried again the next minute)',
      );
      return 0;
    });
    // Never in the way of the sweep: a keying that fails is logged and tried the next minute.
    const sortKeys = await deps.services.customers
      .backfillSortKeys(ctx, {
        batches: 1,
        changedSince: new Date(Date.now() - RENAMES_LOOKED_BACK_MS),
      })
      .then(({ keyed, clashes }) => {
        if (clashes.length) logNameClashes(ctx.log, ctx.teamId, clashes);
        return keyed;
      })
      .catch((err: unknown) => {
        ctx.log.warn({ err }, 'could not give customer names their sort key');
        return 0;
      });
    const counts = await deps.flows.sla.sweep(ctx);
    return {
      ...counts,
      ...(backfilled ? { backfilled } : {}),
      ...(pausedDue ? { pausedDue } : {}),
      ...(sortKeys ? { sortKeys } : {}),
    };
  },
};
