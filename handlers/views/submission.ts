import type { Ctx } from '../../src/context.js';
import { AppError, FieldErrors } from '../../src/errors.js';
import type { FormData } from '../../src/forms/kinds.js';
import { submissionClaimId } from '../../src/forms/submission-key.js';
import {
  changedFormData,
  formData,
  initialFormData,
  parseViewSubmission,
  readMetadata,
  type ModalMetadata,
} from '../../src/slack/payloads.js';
import { replyPrivately } from '../../src/slack/reply.js';
import { markdown, type Message } from '../../src/ui/blocks.js';
import type { Mrkdwn } from '../../src/ui/text.js';
import type { HandlerDeps } from '../deps.js';
import { onceByKey } from '../events/once.js';
import type { ViewArgs } from './types.js';

export interface Submission {
  /** The modal's inputs as plain form data (block id -> value). */
  form: FormData;
  /** Only the inputs the person changed from what the modal was opened with. */
  changed: FormData;
  /** What the inputs were drawn with (their initial values, as the view's blocks carry them). */
  initial: FormData;
  /** The view's id: one modal, for idempotent writes of the forms that add a record. */
  viewId: string;
  meta: ModalMetadata;
}

/** A submission with its key (`readKeyedSubmission`). */
export interface KeyedSubmission extends Submission {
  /**
   * This submission of the modal (`SubmissionKeys.of`: its view's id and its values' keyed
   * digest): the same submission delivered again (Slack's redelivery, a double click) has the
   * same key; the same modal submitted with something changed has another.
   */
  key: string;
}

/** What every modal submission starts with: the parsed payload, flattened. */
export function readSubmission(body: unknown): Submission {
  const { view } = parseViewSubmission(body);
  let changed: FormData | undefined;
  return {
    form: formData(view),
    // Compared with the opened view only when read (Edit modals), not before every ack.
    get changed() {
      return (changed ??= changedFormData(view));
    },
    get initial() {
      return initialFormData(view);
    },
    viewId: view.id,
    meta: readMetadata(view.private_metadata),
  };
}

/** `readSubmission`, with the submission's key (made with the desk's `submissionKeys`). */
export function readKeyedSubmission(
  deps: Pick<HandlerDeps, 'submissionKeys'>,
  body: unknown,
): KeyedSubmission {
  const { view } = parseViewSubmission(body);
  // The submission's lazy reads (`changed`, `initial`) kept as they are.
  return Object.assign(readSubmission(body), {
    key: deps.submissionKeys.of(view.id, view.state.values),
  });
}

/**
 * Changed from what the modal showed (`sub.changed`; `more`: a change the form data does not
 * hold, as the needs matrix's rows), yet nothing written (`wrote`): the record holds it already
 * (this submission delivered again, by Slack or a double click, or Submit pressed again after a
 * lost ack; or the same change made meanwhile). It closes as saved, not "Nothing changed": the
 * first delivery said what it saved.
 */
export function savedBefore(
  sub: Pick<Submission, 'changed'>,
  wrote: boolean,
  more = false,
): boolean {
  return !wrote && (more || Object.keys(sub.changed).length > 0);
}

/**
 * The modal a pushed form's save redraws (the one it was pushed over): only the view the desk
 * signed for this submitter when it pushed the form. Another view named in the metadata (forged,
 * or another person's form submitted) is not touched, and a warn line says so.
 */
export function parentViewOf(
  deps: Pick<HandlerDeps, 'modalProofs'>,
  ctx: Ctx,
  meta: ModalMetadata,
  listener: string,
): string | undefined {
  const parent = deps.modalProofs.parentOf({ teamId: ctx.teamId, userId: ctx.actor }, meta);
  if (meta.parentView && !parent)
    ctx.log.warn(
      { listener },
      'modal submitted naming a view under it the desk did not sign for its submitter: not redrawn',
    );
  return parent;
}

/**
 * Does what follows a submission's save once per submission (`Submission.key`: its view and its
 * values), whichever delivery gets there first: Slack's redelivery, a double click or Submit
 * pressed again after a lost ack carry the same key, and find its claim taken (done, or held by
 * the delivery still at it: `slack_event_claims`, `form:` and a hash of the key, keeping nothing
 * of what was typed: `submissionClaimId`; one atomic command) and
 * do nothing, so the person is told once. The same modal sent with something changed, or another
 * modal, is another submission. A failed `work` frees the claim for the next delivery. True when
 * this delivery did it.
 */
export function oncePerSubmission(
  deps: Pick<HandlerDeps, 'services'>,
  ctx: Ctx,
  submission: Pick<KeyedSubmission, 'key' | 'viewId'>,
  callbackId: string,
  work: () => Promise<void>,
): Promise<boolean> {
  return onceByKey(
    deps,
    ctx,
    {
      id: submissionClaimId(submission.key),
      type: `view:${callbackId}`,
      what: 'submission',
      shown: `form:${submission.viewId}`,
    },
    () => work(),
  );
}

/** The customer code a modal about one customer carries. */
export function customerCodeOf(meta: ModalMetadata): string {
  if (!meta.code) throw new AppError('INVALID_INPUT', 'error.unreadable');
  return meta.code;
}

/**
 * Confirms a saved submission privately, where the modal was opened from (else by DM): a line
 * of text, and optionally more blocks under it (a card).
 */
export async function confirm(
  deps: Pick<HandlerDeps, 'responseUrls'>,
  args: Pick<ViewArgs, 'client'>,
  ctx: Ctx,
  meta: ModalMetadata,
  text: Mrkdwn,
  more: Message['blocks'] = [],
): Promise<void> {
  await confirmMessage(deps, args, ctx, meta, { text, blocks: [markdown(text), ...more] });
}

/**
 * `confirm` of a whole message built to Slack's limits (a summary that grows with a list, in
 * sections of its own, its fallback text cut).
 */
export async function confirmMessage(
  deps: Pick<HandlerDeps, 'responseUrls'>,
  args: Pick<ViewArgs, 'client'>,
  ctx: Ctx,
  meta: ModalMetadata,
  message: Message,
): Promise<void> {
  await replyPrivately(args.client, { responseUrl: meta.responseUrl, userId: ctx.actor }, message, {
    urls: deps.responseUrls,
    log: ctx.log,
  });
}

/**
 * `run()`, its refusal of the field `base` named on the block the modal drew that input under:
 * a message input drawn again with a saved reply carries its revision (`text~1`, `question~2`),
 * and Slack shows an inline error only on a block the view has.
 */
export async function onRevisedBlock<T>(
  base: string,
  block: string,
  run: () => T | Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof FieldErrors) || block === base || !err.fields[base]) throw err;
    const { [base]: problem, ...rest } = err.fields;
    throw new FieldErrors({ ...rest, [block]: problem! });
  }
}
