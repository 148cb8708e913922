import { Schema } from 'mongoose';

export interface JobRunDoc {
  _id: string;
  job: string;
  teamId: string;
  slot: Date;
  /** The local period the run covered, for a job keyed by its period (then `_id` ends with it). */
  period?: string;
  /**
   * A slot's record under its instant, as versions before period keys wrote it, marked done by the
   * run of this period (`JobLedger.markSlotCovered`): no run of its own.
   */
  coveredBy?: string;
  status: 'running' | 'done' | 'failed';
  owner: string;
  startedAt: Date;
  leaseUntil: Date;
  finishedAt?: Date;
  /**
   * The finish write that recorded the outcome (`JobLedger.finish`): its retry, after a write that
   * landed but whose reply was lost, finds its own outcome, not one given up meanwhile.
   */
  finishId?: string;
  counts: Record<string, number>;
  error?: string;
  attempts: number;
}

/**
 * One document per run of a slot: `_id` is job, workspace and slot (or the local period a daily,
 * weekly, monthly or quarterly run covers), so a slot, or a period, runs once. The runs of the
 * jobs keyed by their slot (every minute, every quarter of an hour...) are deleted a day after
 * their catch-up window, failed ones after 30 days (jobs/job-runs-cleanup.ts); period-keyed runs
 * are kept, as they keep a day, week, month or quarter from running twice.
 */
export const jobRunSchema = new Schema<JobRunDoc>(
  {
    _id: { type: String, required: true },
    job: { type: String, required: true },
    teamId: { type: String, required: true },
    slot: { type: Date, required: true },
    period: String,
    coveredBy: String,
    status: { type: String, enum: ['running', 'done', 'failed'], required: true },
    owner: { type: String, required: true },
    startedAt: { type: Date, required: true },
    /** A run still `running` after this was abandoned (its instance died): another may take it. */
    leaseUntil: { type: Date, required: true },
    finishedAt: Date,
    finishId: String,
    counts: { type: Schema.Types.Mixed, default: {} },
    error: String,
    attempts: { type: Number, default: 1 },
  },
  { collection: 'job_runs', versionKey: false },
);
jobRunSchema.index({ job: 1, teamId: 1, slot: -1 });
// The cleanup of old runs (JobLedger.forget): a job's runs of one status by slot.
jobRunSchema.index({ job: 1, status: 1, slot: 1 });
