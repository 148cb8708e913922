import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ModalMetadata } from './payloads.js';

/**
 * The fields of a New ticket modal's metadata that say which Slack message it was opened from
 * (the "Create ticket" shortcut): its channel, ts, thread, author and the channel's customer. A
 * submission carrying them may adopt that message's thread as the ticket's conversation, where
 * the desk then posts customer notices; so they count only with the proof the desk signed them
 * with when it opened the modal.
 */
export const SOURCE_FIELDS = [
  'sourceChannel',
  'sourceTs',
  'sourceThreadTs',
  'sourceUser',
  'sourceExternal',
  'sourceCustomer',
  'sourceShared',
] as const satisfies readonly (keyof ModalMetadata)[];

/** Who a modal was opened for: its workspace and person. */
export interface ModalOpener {
  teamId: string;
  userId: string;
}

/**
 * Signs and checks a modal's source fields (HMAC-SHA256), bound to the workspace and the person
 * it was opened for, so that neither another person's submission nor edited fields count. The key
 * is derived from the secret that authenticates Slack's payloads (the signing secret, or the
 * app-level token in Socket Mode): whoever could forge the proof could forge the payload itself.
 * Stateless: any instance checks what another signed, and nothing is read on the ack path.
 */
export interface ModalProofs {
  sign(opener: ModalOpener, meta: ModalMetadata): string;
  /** True when `meta.sourceProof` is the proof of its source fields for this submitter. */
  holds(submitter: ModalOpener, meta: ModalMetadata): boolean;
}

export function modalProofs(secret: string): ModalProofs {
  if (!secret) throw new Error('modal proofs need a secret (the signing secret or app token)');
  const key = createHmac('sha256', secret).update('care-desk modal source proof v1').digest();
  const mac = (who: ModalOpener, meta: ModalMetadata) =>
    createHmac('sha256', key)
      .update(
        JSON.stringify([who.teamId, who.userId, ...SOURCE_FIELDS.map((f) => meta[f] ?? null)]),
      )
      .digest();
  return {
    sign: (opener, meta) => mac(opener, meta).toString('base64url'),
    holds(submitter, meta) {
      const given = Buffer.from(meta.sourceProof ?? '', 'base64url');
      const expected = mac(submitter, meta);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

/** Whether a modal's metadata names a source message at all. */
export function hasSource(meta: ModalMetadata): boolean {
  return SOURCE_FIELDS.some((f) => meta[f] !== undefined);
}

/** The metadata without its source message (and proof): a modal opened from nowhere. */
export function withoutSource(meta: ModalMetadata): ModalMetadata {
  const rest: ModalMetadata = { ...meta };
  for (const f of SOURCE_FIELDS) delete rest[f];
  delete rest.sourceProof;
  return rest;
}
