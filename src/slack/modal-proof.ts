import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ModalMetadata } from './payloads.js';

/**
 * The fields of a New ticket modal's metadata that say which Slack message it was opened from
 * (the "Create ticket" shortcut): its channel, ts, thread, author (and what Slack said of them)
 * and the channel's customer. A
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
  'sourceGuest',
  'sourceTeam',
] as const satisfies readonly (keyof ModalMetadata)[];

/**
 * The fields `sourceProof` signs: all but `sourceGuest` and `sourceTeam`, which have their own
 * proofs (`sourceGuestProof`, `sourceTeamProof`), so that an older instance, which drops the fields it does not know, still
 * finds the proof it computes over these (a rolling upgrade or a rollback keeps the source).
 */
const PROVEN_FIELDS = SOURCE_FIELDS.filter((f) => f !== 'sourceGuest' && f !== 'sourceTeam');

/** Who a modal was opened for: its workspace and person. */
export interface ModalOpener {
  teamId: string;
  userId: string;
}

/**
 * Signs and checks a modal's source fields, and the view a pushed form's save redraws (the modal
 * it was pushed over), each with HMAC-SHA256 bound to the workspace and the person it was opened
 * for, so that neither another person's submission nor edited fields count. The key
 * is derived from the signing secret when it is set (in Socket Mode too), else the app-level
 * token (src/app.ts `formSecret`): a secret of the app's, as what authenticates Slack's payloads.
 * Stateless: any instance checks what another signed, and nothing is read on the ack path.
 */
export interface ModalProofs {
  /**
   * The proofs of a modal's source fields for the person it is opened for: `sourceProof` of all
   * but `sourceGuest`, and `sourceGuestProof` of `sourceGuest` (with the others) when it is set.
   */
  sign(
    opener: ModalOpener,
    meta: ModalMetadata,
  ): Pick<ModalMetadata, 'sourceProof' | 'sourceGuestProof' | 'sourceTeamProof'>;
  /**
   * True when `meta.sourceProof` is the proof of its source fields for this submitter (but
   * `sourceGuest`: `guestHolds`), or, of a modal opened before `sourceGuest` had its own proof, of
   * them all.
   */
  holds(submitter: ModalOpener, meta: ModalMetadata): boolean;
  /**
   * True when `meta.sourceGuest` is set and signed for this submitter with the other source
   * fields (`sourceGuestProof`, or a `sourceProof` of them all, signed before it had its own).
   */
  guestHolds(submitter: ModalOpener, meta: ModalMetadata): boolean;
  /**
   * True when `meta.sourceTeam` is set and signed for this submitter with the other source
   * fields (`sourceTeamProof`).
   */
  teamHolds(submitter: ModalOpener, meta: ModalMetadata): boolean;
  /**
   * The metadata naming the modal a form is pushed over (`parentView`, the view the person
   * clicked in, as Slack sent it), with its proof for that person: the view their save redraws.
   */
  parent(opener: ModalOpener, viewId: string): Pick<ModalMetadata, 'parentView' | 'parentProof'>;
  /**
   * The view a submission may redraw: `meta.parentView` when its proof holds for this submitter,
   * else none (no parent named, or one the desk did not push this person's form over).
   */
  parentOf(submitter: ModalOpener, meta: ModalMetadata): string | undefined;
  /**
   * The proof of a survey modal's ticket and score (`ticketId`, `satisfaction`) for the person
   * the desk opened it for, after their click passed the survey's checks (src/ticket/service.ts
   * answerSurvey): the ticket a submission answers is the one they were given, never one named
   * in metadata the desk did not write for them.
   */
  survey(opener: ModalOpener, meta: Pick<ModalMetadata, 'ticketId' | 'satisfaction'>): string;
  /** True when `meta.ticketProof` is the proof of its ticket and score for this submitter. */
  surveyHolds(submitter: ModalOpener, meta: ModalMetadata): boolean;
}

export function modalProofs(secret: string): ModalProofs {
  if (!secret) throw new Error('modal proofs need a secret (the signing secret or app token)');
  // One key per kind of proof: a source proof never passes for a parent view, nor the reverse.
  const keyFor = (purpose: string) => createHmac('sha256', secret).update(purpose).digest();
  const sourceKey = keyFor('care-desk modal source proof v1');
  const guestKey = keyFor('care-desk modal source guest proof v1');
  const teamKey = keyFor('care-desk modal source team proof v1');
  const parentKey = keyFor('care-desk modal parent view proof v1');
  const surveyKey = keyFor('care-desk modal survey ticket proof v1');
  const mac = (key: Buffer, who: ModalOpener, fields: unknown[]) =>
    createHmac('sha256', key)
      .update(JSON.stringify([who.teamId, who.userId, ...fields]))
      .digest();
  const proven = (meta: ModalMetadata) => PROVEN_FIELDS.map((f) => meta[f] ?? null);
  // What an older instance signs and checks: the fields it knows.
  const sourceMac = (who: ModalOpener, meta: ModalMetadata) => mac(sourceKey, who, proven(meta));
  // `sourceGuest` bound to the rest, so it counts only on the message it was said of.
  const guestMac = (who: ModalOpener, meta: ModalMetadata) =>
    mac(guestKey, who, [...proven(meta), meta.sourceGuest ?? null]);
  // `sourceTeam` bound to the rest, so it counts only on the message it was said of.
  const teamMac = (who: ModalOpener, meta: ModalMetadata) =>
    mac(teamKey, who, [...proven(meta), meta.sourceTeam ?? null]);
  // A modal signed with `sourceGuest` in `sourceProof` (343273fb, before it had its own proof).
  const allMac = (who: ModalOpener, meta: ModalMetadata) =>
    mac(sourceKey, who, [...proven(meta), meta.sourceGuest ?? null]);
  const signedWithGuest = (who: ModalOpener, meta: ModalMetadata) =>
    meta.sourceGuest !== undefined && same(meta.sourceProof, allMac(who, meta));
  const parentMac = (who: ModalOpener, viewId: string) => mac(parentKey, who, [viewId]);
  const surveyMac = (who: ModalOpener, meta: Pick<ModalMetadata, 'ticketId' | 'satisfaction'>) =>
    mac(surveyKey, who, [meta.ticketId ?? null, meta.satisfaction ?? null]);
  const same = (proof: string | undefined, expected: Buffer) => {
    const given = Buffer.from(proof ?? '', 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  return {
    sign: (opener, meta) => ({
      sourceProof: sourceMac(opener, meta).toString('base64url'),
      ...(meta.sourceGuest !== undefined
        ? { sourceGuestProof: guestMac(opener, meta).toString('base64url') }
        : {}),
      ...(meta.sourceTeam !== undefined
        ? { sourceTeamProof: teamMac(opener, meta).toString('base64url') }
        : {}),
    }),
    holds: (submitter, meta) =>
      same(meta.sourceProof, sourceMac(submitter, meta)) || signedWithGuest(submitter, meta),
    guestHolds: (submitter, meta) =>
      meta.sourceGuest !== undefined &&
      (same(meta.sourceGuestProof, guestMac(submitter, meta)) || signedWithGuest(submitter, meta)),
    teamHolds: (submitter, meta) =>
      meta.sourceTeam !== undefined && same(meta.sourceTeamProof, teamMac(submitter, meta)),
    parent: (opener, viewId) => ({
      parentView: viewId,
      parentProof: parentMac(opener, viewId).toString('base64url'),
    }),
    parentOf(submitter, meta) {
      if (!meta.parentView) return undefined;
      return same(meta.parentProof, parentMac(submitter, meta.parentView))
        ? meta.parentView
        : undefined;
    },
    survey: (opener, meta) => surveyMac(opener, meta).toString('base64url'),
    surveyHolds: (submitter, meta) =>
      !!meta.ticketId && same(meta.ticketProof, surveyMac(submitter, meta)),
  };
}

/** Whether a modal's metadata names a source message at all. */
export function hasSource(meta: ModalMetadata): boolean {
  return SOURCE_FIELDS.some((f) => meta[f] !== undefined);
}

/** The metadata without its source message (and proofs): a modal opened from nowhere. */
export function withoutSource(meta: ModalMetadata): ModalMetadata {
  const rest: ModalMetadata = { ...meta };
  for (const f of SOURCE_FIELDS) delete rest[f];
  delete rest.sourceProof;
  delete rest.sourceGuestProof;
  delete rest.sourceTeamProof;
  return rest;
}

/** The metadata without its source message's author's Slack team (and its proof). */
export function withoutTeam(meta: ModalMetadata): ModalMetadata {
  const rest: ModalMetadata = { ...meta };
  delete rest.sourceTeam;
  delete rest.sourceTeamProof;
  return rest;
}

/** The metadata without what Slack said of its source message's author (and its proof). */
export function withoutGuest(meta: ModalMetadata): ModalMetadata {
  const rest: ModalMetadata = { ...meta };
  delete rest.sourceGuest;
  delete rest.sourceGuestProof;
  return rest;
}
