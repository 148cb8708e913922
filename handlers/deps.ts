import type { Flows } from '../src/flows/index.js';
import type { SubmissionKeys } from '../src/forms/submission-key.js';
import type { Services } from '../src/services.js';
import type { BoundaryDeps } from '../src/slack/boundary.js';
import type { ModalProofs } from '../src/slack/modal-proof.js';
import type { Deadline } from '../src/slack/org-people.js';
import type { GuestCheck, PeopleCheck } from '../src/slack/people.js';
import type { ResponseUrlPolicy } from '../src/slack/response-url.js';

/** Everything a listener may use, passed explicitly at registration. */
export interface HandlerDeps {
  /** The domain services (the job ledger is the scheduler's, not a listener's). */
  services: Omit<Services, 'jobLedger'>;
  flows: Flows;
  boundary: BoundaryDeps;
  /** The response URLs a reply may be posted to (Slack's): others are never posted to. */
  responseUrls: ResponseUrlPolicy;
  /** Signs what a modal says it was opened from, and checks it on submit. */
  modalProofs: ModalProofs;
  /** A modal submission's key (view id and a keyed digest of its values): repeats found by it. */
  submissionKeys: SubmissionKeys;
  /** Who may not hold a desk role, as Slack's users.info says (cached per token that asked). */
  people: PeopleCheck;
  /**
   * On an open desk, what Slack's users.info says of a person the roles name nowhere (the same
   * answers as `people`, a bounded wait): a ticket is not handed to a guest.
   */
  guests: GuestCheck;
  /**
   * How long Settings → Channels waits for conversations.info (CHANNEL_CHECK_MS), and on what
   * deadline: a channel Slack did not describe in time is taken as picked.
   */
  channelCheck: { ms: number; deadline: Deadline };
  /**
   * Aborted as the desk starts to stop (`stop()`): a listener's work after its ack that waits
   * on Slack ends its wait then, as the process exits 10 s later (SHUTDOWN_LIMIT_MS).
   */
  stopped: AbortSignal;
}
