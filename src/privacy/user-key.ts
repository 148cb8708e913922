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
}

/** The unkeyed digest of versions before keyed user keys (kept to find and re-key them). */
export function legacyUserKey(teamId: string, userId: string): string {
  return createHash('sha256').update(`${teamId}:${userId}`).digest('hex').slice(0, 32);
}

const LEGACY = /^[0-9a-f]{32}$/;

/** A stored key in the legacy (unkeyed) form, as a query's `$regex` too. */
export const LEGACY_USER_KEY_QUERY = '^[0-9a-f]{32}$';

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

/** The user keys under `secret` (see UserKeys); without one, a tool's that refuses them. */
export function userKeys(secret: string | undefined): UserKeys {
  if (!secret)
    return {
      keyed: false,
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
  const key = createHmac('sha256', secret).update('care-desk privacy user key v1').digest();
  const rekey = (legacy: string) =>
    `uk1.${createHmac('sha256', key).update(legacy).digest('hex').slice(0, 32)}`;
  return {
    keyed: true,
    of: (teamId, userId) => rekey(legacyUserKey(teamId, userId)),
    forms: (teamId, userId) => {
      const legacy = legacyUserKey(teamId, userId);
      return [rekey(legacy), legacy];
    },
    alike: (stored) => (isLegacyUserKey(stored) ? [stored, rekey(stored)] : [stored]),
    rekey,
  };
}
