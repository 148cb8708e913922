import { randomBytes } from 'node:crypto';
import type { Model } from 'mongoose';
import { trusted } from 'mongoose';
import { isDuplicateKey } from '../db/errors.js';
import type { JobRunDoc } from './model.js';

export type JobRunRecord = Omit<JobRunDoc, '_id'> & { id: string };

/** What renewing a run's lease found (`JobLedger.renew`). */
export type RenewOutcome = 'held' | 'givenUp' | 'lost';

/** A claimed run: only its holder may renew or finish it. */
export interface RunClaim {
  id: string;
  owner: string;
  /** Which try of the slot this is (1 for the first). */
  attempts: number;
}

export const MAX_ATTEMPTS = 3;

/**
 * A run's key: the job, the workspace and what the run is for, the local period it covers
 * (`tasks:T…:2026-11-24`) for a job that says one, else its slot's instant.
 */
export function runId(job: string, teamId: string, slot: Date | string): string {
  return `${job}:${teamId}:${typeof slot === 'string' ? slot : slot.toISOString()}`;
}

/**
 * The run ledger: which slot of which job ran for which workspace. Claiming is one insert on a
 * unique key, so of several instances waking for the same slot exactly one runs it. A run holds
 * a lease it renews while it works; a run whose instance died (lease expired) or that failed
 * is taken over by one atomic conditional update, at most three attempts in all. Renewing and
 * finishing check the holder, so a run that lost its lease can never overwrite its successor.
 */
export class JobLedger {
  constructor(private readonly model: Model<JobRunDoc>) {}

  async claim(input: {
    job: string;
    teamId: string;
    slot: Date;
    /** The local period the run covers, which keys it instead of the slot (`WorkspaceJob.periodOf`). */
    period?: string;
    instance: string;
    now: Date;
    leaseMs: number;
  }): Promise<RunClaim | null> {
    const id = runId(input.job, input.teamId, input.period ?? input.slot);
    const owner = `${input.instance}:${randomBytes(4).toString('hex')}`;
    const leaseUntil = new Date(input.now.getTime() + input.leaseMs);
    try {
      await this.model.create({
        _id: id,
        job: input.job,
        teamId: input.teamId,
        slot: input.slot,
        ...(input.period ? { period: input.period } : {}),
        status: 'running',
        owner,
        startedAt: input.now,
        leaseUntil,
      });
      return { id, owner, attempts: 1 };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const taken = await this.model.updateOne(
      {
        _id: id,
        status: trusted({ $in: ['running', 'failed'] }),
        leaseUntil: trusted({ $lt: input.now }),
        attempts: trusted({ $lt: MAX_ATTEMPTS }),
      },
      {
        $set: { status: 'running', owner, startedAt: input.now, leaseUntil },
        $inc: { attempts: 1 },
      },
    );
    if (taken.modifiedCount !== 1) return null;
    // Which try this is, for the report (a takeover is rare: one more read).
    const held = await this.model
      .findOne({ _id: id, owner }, { attempts: 1 })
      .lean<Pick<JobRunDoc, 'attempts'>>();
    return { id, owner, attempts: held?.attempts ?? MAX_ATTEMPTS };
  }

  /**
   * Gives up a run whose instance died on its last try (`running`, its lease run out, all
   * MAX_ATTEMPTS used): recorded `failed` with `error`, so the slot no longer reads as being run
   * by another instance for ever, and a later sweep finds it failed. One conditional update:
   * true for the one caller that gave it up. Its owner is kept, so a run that was only slow to
   * renew still records its own outcome when it ends.
   */
  async giveUpAbandoned(id: string, now: Date, error: string): Promise<boolean> {
    const res = await this.model.updateOne(
      {
        _id: id,
        status: 'running',
        leaseUntil: trusted({ $lt: now }),
        attempts: trusted({ $gte: MAX_ATTEMPTS }),
      },
      { $set: { status: 'failed', finishedAt: now, error } },
    );
    return res.modifiedCount === 1;
  }

  /**
   * Records a slot's run, under the slot's own key as versions before period keys had it, as done
   * for a run keyed by its period (`WorkspaceJob.periodOf`): an older instance of a rolling upgrade
   * then finds the slot done and does not run the period again. A record of the slot an older
   * instance is running now is left as it is.
   */
  async markSlotCovered(
    job: string,
    teamId: string,
    slot: Date,
    period: string,
    owner: string,
    now: Date,
  ): Promise<void> {
    try {
      await this.model.updateOne(
        { _id: runId(job, teamId, slot), status: trusted({ $ne: 'running' }) },
        {
          $set: { status: 'done', finishedAt: now, leaseUntil: now, coveredBy: period },
          $setOnInsert: { job, teamId, slot, owner, startedAt: now, attempts: 1 },
        },
        { upsert: true },
      );
    } catch (err) {
      // Running on an older instance now (its record did not match, the insert met it).
      if (!isDuplicateKey(err)) throw err;
    }
  }

  /**
   * Extends the lease of a run still held: 'held'; 'givenUp' when it was given up meanwhile
   * (`giveUpAbandoned`: its last try's lease ran out; still its own, nobody else runs the slot);
   * 'lost' when another instance took it over.
   */
  async renew(claim: RunClaim, until: Date): Promise<RenewOutcome> {
    const res = await this.model.updateOne(
      { _id: claim.id, owner: claim.owner, status: 'running' },
      { $set: { leaseUntil: until } },
    );
    if (res.matchedCount === 1) return 'held';
    const now = await this.model
      .findOne({ _id: claim.id, owner: claim.owner }, { status: 1 })
      .lean<Pick<JobRunDoc, 'status'>>();
    return now?.status === 'failed' ? 'givenUp' : 'lost';
  }

  /**
   * Records the outcome if the run is still held; a failed one may be retried after a minute. A
   * run given up meanwhile (`giveUpAbandoned`, its lease ran out on the last try) is still its
   * own: its outcome replaces that, and `givenUp` is called with the error it replaces.
   */
  async finish(
    claim: RunClaim,
    outcome: {
      ok: boolean;
      counts?: Record<string, number>;
      error?: string;
      now: Date;
      /** The same for each try of one finish: a retry knows the write it finds as its own. */
      finishId?: string;
    },
    givenUp?: (error: string) => void,
  ): Promise<boolean> {
    const before = await this.model.findOneAndUpdate(
      { _id: claim.id, owner: claim.owner },
      {
        $set: {
          status: outcome.ok ? 'done' : 'failed',
          finishedAt: outcome.now,
          ...(outcome.finishId ? { finishId: outcome.finishId } : {}),
          counts: outcome.counts ?? {},
          ...(outcome.error ? { error: outcome.error.slice(0, 500) } : {}),
          leaseUntil: new Date(outcome.now.getTime() + 60_000),
        },
      },
      { returnDocument: 'before', projection: { status: 1, error: 1, finishId: 1 } },
    );
    if (!before) return false;
    const was = before as Pick<JobRunDoc, 'status' | 'error' | 'finishId'>;
    // Its own first write (landed, its reply lost) is no give-up.
    const own = outcome.finishId !== undefined && was.finishId === outcome.finishId;
    if (was.status === 'failed' && !own && givenUp) givenUp(was.error ?? '');
    return true;
  }

  /**
   * The (job, workspace) lock that keeps two runs of a job from overlapping, whatever their
   * slots: taken when free or expired, by one conditional upsert; null when someone holds it.
   */
  async lock(
    job: string,
    teamId: string,
    owner: string,
    now: Date,
    leaseMs: number,
  ): Promise<boolean> {
    const _id = `lock:${job}:${teamId}`;
    const leaseUntil = new Date(now.getTime() + leaseMs);
    try {
      const res = await this.model.updateOne(
        { _id, $or: [{ leaseUntil: trusted({ $lte: now }) }, { owner }] },
        {
          $set: { owner, leaseUntil, startedAt: now, status: 'running' },
          $setOnInsert: { job, teamId, slot: new Date(0), attempts: 1 },
        },
        { upsert: true },
      );
      return res.modifiedCount === 1 || res.upsertedCount === 1;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async unlock(job: string, teamId: string, owner: string, now: Date): Promise<void> {
    await this.model.updateOne(
      { _id: `lock:${job}:${teamId}`, owner },
      { $set: { leaseUntil: now, status: 'done' } },
    );
  }

  /**
   * Deletes old runs of the jobs keyed by their slot (`jobs`, each with the slot before which its
   * done runs go): done ones whose slot is before the job's `doneBefore`, failed ones and those
   * left running by an instance that died (their lease ended) before `failedBefore`, at most
   * `limit` (one read of their ids, one delete re-checking the same conditions, so a run taken
   * over meanwhile stays). The job locks (`lock:…`, slot at the epoch) are never read. Several
   * instances at once delete each run once. How many went.
   */
  async forget(input: {
    jobs: { job: string; doneBefore: Date }[];
    failedBefore: Date;
    limit: number;
  }): Promise<number> {
    if (!input.jobs.length) return 0;
    const after = new Date(0);
    // The done runs' bound is each job's own; the failed and dead-running runs' is one for all.
    const job = trusted({ $in: input.jobs.map((j) => j.job) });
    const beforeFailed = trusted({ $gt: after, $lt: input.failedBefore });
    const filter = {
      $or: [
        ...input.jobs.map(({ job, doneBefore }) => ({
          job,
          status: 'done' as const,
          slot: trusted({ $gt: after, $lt: doneBefore }),
        })),
        { job, status: 'failed' as const, slot: beforeFailed },
        {
          job,
          status: 'running' as const,
          slot: beforeFailed,
          leaseUntil: trusted({ $lt: input.failedBefore }),
        },
      ],
    };
    const docs = await this.model
      .find(filter, { _id: 1 })
      .limit(input.limit)
      .lean<{ _id: string }[]>();
    if (!docs.length) return 0;
    const res = await this.model.deleteMany({
      _id: trusted({ $in: docs.map((d) => d._id) }),
      ...filter,
    });
    return res.deletedCount;
  }

  /** The run of a slot, or of a period (a job keyed by its period: `WorkspaceJob.periodOf`). */
  async find(job: string, teamId: string, slot: Date | string): Promise<JobRunRecord | null> {
    const doc = await this.model.findOne({ _id: runId(job, teamId, slot) }).lean<JobRunDoc>();
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { ...rest, id: _id };
  }
}
