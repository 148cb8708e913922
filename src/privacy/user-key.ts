import { createHash, createHmac } from 'node:crypto';

/**
 * How the privacy log knows a Slack user's requests without their user id (`detail.userKey`,
 * which `log --user` looks for), and how an erasure's marks say whose they are
 * (erasureResumeOwed, the erasures_unmarked record's id): a keyed digest of the workspace and
 * the id, `uk1.` and 32 hex digits.
 *
 * Its key is derived from the privacy secret (PRIVACY_KEY, else the form secret: the signing
 * secret, else the app-level token; see `privacySecret`), never stored nor written anywhere by
 * the desk: whoever holds the log (or a copy of the database) and a list of Slack user ids
 * cannot tell whose entries they are. Whoever runs the desk (or `npm run privacy` with its
 * configuration) can.
 *
 * Versions before it stored an unkeyed digest (`legacyUserKey`, 32 hex digits). The new key is
 * the keyed digest of the legacy one, so that a stored legacy key is re-keyed without the user
 * id (`rekey`: the daily privacy-retention step, DataSubjectRepository.rekeyUserKeys); lookups
 * accept both forms (`forms`, `alike`) while legacy ones remain.
 */
export interface UserKeys {
  /** Whether a secret keys them (else every method but `isLegacy` throws NoPrivacyKey). */
  readonly keyed: boolean;
  /** The key written for `userId` of `teamId`. */
  of(teamId: string, userId: string): string;
  /** Every form a stored key of theirs may have: the key written, then the legacy one. */
  forms(teamId: string, userId: string): string[];
  /** A stored key's forms: a legacy key and its re-keyed form, or a key as written alone. */
  alike(key: string): string[];
  /** The key written for whoever a legacy key (`legacyUserKey`) is of. */
  rekey(legacy: string): string;
  /**
   * The fingerprint of the key written (`keyFingerprint`), stored per workspace with its first
   * keyed write (PrivacyLog.noteKey); undefined without a secret.
   */
  readonly fingerprint: string | undefined;
  /** The fingerprints of every key looked up: the one written, then PRIVACY_KEY_PREVIOUS's. */
  readonly fingerprints: readonly string[];
}

/** The unkeyed digest of versions before keyed user keys (kept to find and re-key them). */
export function legacyUserKey(teamId: string, userId: string): string {
  return createHash('sha256').update(`${teamId}:${userId}`).digest('hex').slice(0, 32);
}

const LEGACY = /^[0-9a-f]{32}$/;

/** A stored key in the legacy (unkeyed) form, as a query's `$regex` too. */
export const LEGACY_USER_KEY_QUERY = '^[0-9a-f]{32}$';

/** A stored key in the keyed form (`uk1.`), as a query's `$regex`. */
export const KEYED_USER_KEY_QUERY = '^uk1\\.[0-9a-f]{32}$';

/** True when `value` is a user key in the legacy (unkeyed) form. */
export function isLegacyUserKey(value: unknown): value is string {
  return typeof value === 'string' && LEGACY.test(value);
}

/** A user key asked for where no secret is configured (a tool without one). */
export class NoPrivacyKey extends Error {
  readonly code = 'NO_PRIVACY_KEY';
  constructor() {
    super(
      'the privacy log keys Slack users with a secret: set PRIVACY_KEY (or SLACK_SIGNING_SECRET, else SLACK_APP_TOKEN, as the app has them)',
    );
    this.name = 'NoPrivacyKey';
  }
}

/**
 * The secret keying user keys: PRIVACY_KEY when set, else the secret keying the forms'
 * submission keys (the signing secret, else the app-level token). Undefined: none configured.
 */
export function privacySecret(config: {
  PRIVACY_KEY?: string | undefined;
  SLACK_SIGNING_SECRET?: string | undefined;
  SLACK_APP_TOKEN?: string | undefined;
}): string | undefined {
  return config.PRIVACY_KEY || config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN || undefined;
}

/** The earlier privacy secret still looked up (PRIVACY_KEY_PREVIOUS), when set. */
export function previousPrivacySecret(config: {
  PRIVACY_KEY_PREVIOUS?: string | undefined;
}): string | undefined {
  return config.PRIVACY_KEY_PREVIOUS || undefined;
}

/** The key derived from a privacy secret: its own, never the same MAC as a modal proof's. */
function derivedKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('care-desk privacy user key v1').digest();
}

/**
 * What is stored of a privacy secret to tell it from another (privacy_keys): an HMAC of a fixed
 * label under its derived key, 16 hex digits. Neither the secret nor the derived key can be
 * had from it; two secrets give two fingerprints (but for a 2^-64 chance).
 */
export function keyFingerprint(secret: string): string {
  return createHmac('sha256', derivedKey(secret))
    .update('care-desk privacy key fingerprint v1')
    .digest('hex')
    .slice(0, 16);
}

/**
 * The user keys under `secret` (see UserKeys); without one, a tool's that refuses them. With
 * `previous` (PRIVACY_KEY_PREVIOUS), keys written under that earlier secret are found too.
 */
export function userKeys(secret: string | undefined, previous?: string): UserKeys {
  if (!secret)
    return {
      keyed: false,
      fingerprint: undefined,
      fingerprints: [],
      of: () => {
        throw new NoPrivacyKey();
      },
      forms: () => {
        throw new NoPrivacyKey();
      },
      alike: (key) => {
        if (isLegacyUserKey(key)) throw new NoPrivacyKey();
        return [key];
      },
      rekey: () => {
        throw new NoPrivacyKey();
      },
    };
  // Its own key: never the same MAC as a modal proof or a submission key of the same secret.
  const keyedBy = (key: Buffer) => (legacy: string) =>
    `uk1.${createHmac('sha256', key).update(legacy).digest('hex').slice(0, 32)}`;
  const rekey = keyedBy(derivedKey(secret));
  const earlier = previous && previous !== secret ? keyedBy(derivedKey(previous)) : undefined;
  const fingerprint = keyFingerprint(secret);
  return {
    keyed: true,
    of: (teamId, userId) => rekey(legacyUserKey(teamId, userId)),
    forms: (teamId, userId) => {
      const legacy = legacyUserKey(teamId, userId);
      return earlier ? [rekey(legacy), earlier(legacy), legacy] : [rekey(legacy), legacy];
    },
    alike: (stored) =>
      isLegacyUserKey(stored)
        ? earlier
          ? [stored, rekey(stored), earlier(stored)]
          : [stored, rekey(stored)]
        : [stored],
    rekey,
    fingerprint,
    fingerprints: earlier && previous ? [fingerprint, keyFingerprint(previous)] : [fingerprint],
  };
}
