import { createHash, createHmac } from 'node:crypto';

/**
 * A modal submission's key (`view:<view id>#<digest>`): its view's id and a keyed digest of the
 * values submitted. Slack's redelivery of a view_submission it got no ack for in time, or a
 * double click, carries the same key; the same modal submitted with something changed (typed
 * again after an inline error, or after an ack lost) is another submission, with another key.
 *
 * The digest is an HMAC-SHA-256 (96 bits kept) under a key derived from the app's secret (the
 * signing secret when set, else the app-level token, as the modal proofs are), which is
 * never stored in the database nor written anywhere by the desk. An unkeyed digest, stored on
 * ticket events and tasks, let whoever read the database (or a copy of it) confirm a short typed
 * value (a name, a phone number) by hashing guesses with the view id; without the secret, the
 * key says nothing about what was typed.
 */
export interface SubmissionKeys {
  /** The key of the modal `viewId` submitted with `values` (its `state.values`). */
  of(viewId: string, values: unknown): string;
}

/** `value` as JSON with every object's keys in order: the same values, the same text. */
function orderedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(orderedJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${orderedJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

/**
 * The submission keys under `secret` (the signing secret when it is set, in Socket Mode too,
 * else the app-level token: src/app.ts `formSecret`): every instance given the same secret makes
 * the same key, with nothing read or stored.
 */
export function submissionKeys(secret: string): SubmissionKeys {
  if (!secret) throw new Error('submission keys need a secret (the signing secret or app token)');
  // Its own key: never the same MAC as a modal proof made from the same secret.
  const key = createHmac('sha256', secret).update('care-desk form submission key v1').digest();
  return {
    of: (viewId, values) => {
      // The view's id in the digest too: the same values in two modals never share a digest.
      const digest = createHmac('sha256', key)
        .update(`${viewId}\n${orderedJson(values)}`)
        .digest('base64url');
      return `view:${viewId}#${digest.slice(0, 16)}`;
    },
  };
}

/**
 * The id of a once-per-submission claim (`slack_event_claims`, handlers/views/submission.ts
 * oncePerSubmission): `form:` and a SHA-256 of the submission's key, so that the claim keeps
 * neither the view's id nor the digest of what was typed (an erasure need not reach it; it goes
 * with the day's claims). The same submission, the same id; the key is keyed already, so its
 * hash needs no secret of its own.
 */
export function submissionClaimId(key: string): string {
  return `form:${createHash('sha256').update(key).digest('base64url')}`;
}

/** A submission key's parts, as patterns: the view's (`view:<id>`) and its digest's (`#…`). */
const VIEW_PART = 'view:[^#\\s]+';
const DIGEST_PART = '#[A-Za-z0-9_-]{16}';

/** A submission key as `SubmissionKeys.of` writes it (and as versions before it did). */
const SUBMISSION_KEY = new RegExp(`^(${VIEW_PART})${DIGEST_PART}$`);

/**
 * A stored string that is a submission key with its digest (`isSubmissionKey`), as a query's
 * `$regex` (privacy's forgetSubmissionDigests): without the group, so that its literal prefix
 * `^view:` bounds an index range.
 */
export const SUBMISSION_KEY_QUERY = `^${VIEW_PART}${DIGEST_PART}$`;

/** True when `value` is a submission key with its digest (`view:<id>#<digest>`). */
export function isSubmissionKey(value: unknown): value is string {
  return typeof value === 'string' && SUBMISSION_KEY.test(value);
}

/**
 * `value` without a submission key's digest (`view:<id>`), as an erasure leaves it: what the
 * form's values were can no longer be tested against it. Anything else as it is.
 */
export function withoutSubmissionDigest<T>(value: T): T | string {
  return isSubmissionKey(value) ? value.replace(SUBMISSION_KEY, '$1') : value;
}

/**
 * `value` (a document as read, however deep) without the fields holding a submission key: what
 * a data-subject export lists. The key is the desk's own (finding a repeat of a form), no data
 * of the person's; its digest is of what they typed, which the export lists as stored.
 */
export function withoutSubmissionKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSubmissionKeys);
  if (!value || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype)
    return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    if (!isSubmissionKey(v)) out[k] = withoutSubmissionKeys(v);
  return out;
}
