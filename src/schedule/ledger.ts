import type { Model } from 'mongoose';

interface JobRunDoc {
  _id: string;
  job: string;
  teamId: string;
  slot: Date;
  status: 'running' | 'done' | 'failed';
  owner: string;
  startedAt: Date;
  leaseUntil: Date;
  finishedAt?: Date;
  counts: Record<string, number>;
  error?: string;
  attempts: number;
}

export type JobRunRecord = Omit<JobRunDoc, '_id'> & { id: string };

export function runId(job: string, teamId: string, slot: Date): string {
  return `${job}:${teamId}:${slot.toISOString()}`;
}

/**
 * The run ledger: which slot of which job ran for which workspace. Claiming is one insert on a
 * unique key, so of several instances waking for the same slot exactly one runs it; a run whose
 * instance died (lease expired) can be taken over, and a failed run is retried once its lease
 * is over, with one atomic conditional update.
 */
export class JobLedger {
  constructor(private readonly model: Model<JobRunDoc>) {}

  async claim(input: {
    job: string;
    teamId: string;
    slot: Date;
    owner: string;
    now: Date;
    leaseMs: number;
  }): Promise<string | null> {
    const _id = runId(input.job, input.teamId, input.slot);
    const leaseUntil = new Date(input.now.getTime() + input.leaseMs);
    try {
      await this.model.create({
        _id,
        job: input.job,
        teamId: input.teamId,
        slot: input.slot,
        status: 'running',
        owner: input.owner,
        startedAt: input.now,
        leaseUntil,
      });
      return _id;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
    const taken = await this.model.updateOne(
      {
        _id,
        status: { $in: ['running', 'failed'] },
        leaseUntil: { $lt: input.now },
        attempts: { $lt: 3 },
      },
      {
        $set: { status: 'running', owner: input.owner, startedAt: input.now, leaseUntil },
        $inc: { attempts: 1 },
      },
    );
    return taken.modifiedCount === 1 ? _id : null;
  }

  async finish(
    id: string,
    outcome: { ok: boolean; counts?: Record<string, number>; error?: string; now: Date },
  ): Promise<void> {
    await this.model.updateOne(
      { _id: id },
      {
        $set: {
          status: outcome.ok ? 'done' : 'failed',
          finishedAt: outcome.now,
          counts: outcome.counts ?? {},
          ...(outcome.error ? { error: outcome.error.slice(0, 500) } : {}),
          // A failed run may be retried after a minute.
          leaseUntil: new Date(outcome.now.getTime() + 60_000),
        },
      },
    );
  }

  async find(job: string, teamId: string, slot: Date): Promise<JobRunRecord | null> {
    const doc = await this.model.findOne({ _id: runId(job, teamId, slot) }).lean<JobRunDoc>();
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { ...rest, id: _id };
  }
}
