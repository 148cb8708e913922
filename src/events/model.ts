import { Schema } from 'mongoose';

/** Where a claim stands: `working` (held until `leaseUntil`), `done`, `failed` (free to redo). */
export const CLAIM_STATUSES = ['working', 'done', 'failed'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/**
 * An Events API event the desk acts on outside customer channels (a DM in the Messages tab),
 * claimed by the one delivery that does its work (`slack_event_claims`, `_id` = team and
 * event_id): a retry (X-Slack-Retry-Num, Socket Mode's `retry_attempt`) or the same event at
 * another instance finds it `working` (its lease not run out) or `done` and does nothing. A
 * failed attempt leaves it `failed`, so that the next delivery does the work again. Nothing of
 * what was said is kept; the `slack-events-cleanup` job deletes claims older than a day. A modal
 * submission's claim (`form:` and its `submissionKey`, type `view:<callback_id>`) is the same:
 * taken by the delivery that tells its person (handlers/views/submission.ts oncePerSubmission).
 */
export interface EventClaimDoc {
  _id: string;
  teamId: string;
  type: string;
  /** When it was first received. */
  at: Date;
  status: ClaimStatus;
  /** Deliveries that took it (1: the first). */
  attempts: number;
  /** The attempt holding it (its token): only it marks it done or failed. */
  owner: string;
  /** Until when the attempt under way holds it (a dead instance's claim is free after that). */
  leaseUntil: Date;
  /** The last failure's message. */
  error?: string;
  doneAt?: Date;
}

export const eventClaimSchema = new Schema<EventClaimDoc>(
  {
    _id: { type: String, required: true },
    teamId: { type: String, required: true },
    type: { type: String, required: true },
    at: { type: Date, required: true },
    status: { type: String, enum: CLAIM_STATUSES, required: true },
    attempts: { type: Number, required: true },
    owner: { type: String, required: true },
    leaseUntil: { type: Date, required: true },
    error: { type: String },
    doneAt: { type: Date },
  },
  { collection: 'slack_event_claims', versionKey: false },
);
// The cleanup (across workspaces, by age).
eventClaimSchema.index({ at: 1 });
