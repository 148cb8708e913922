import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Tokens at rest: AES-256-GCM with a 96-bit random IV and the 128-bit tag, keyed by one of the
 * keys in CARE_DESK_TOKEN_KEYS (`id:base64key,...`). The first key encrypts; every key listed
 * decrypts, so a key is rotated by putting a new one first and keeping the old one until every
 * token was sealed again (`needsResealing`). The record a token belongs to (its team or
 * enterprise) is bound as additional data: a sealed token copied onto another record does not
 * open.
 */

export interface TokenKey {
  id: string;
  key: Buffer;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const FORMAT = 'v1';

/** Why a key list is refused (without echoing any key). */
export function tokenKeysProblem(raw: string): string | undefined {
  try {
    parseTokenKeys(raw);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** `id:base64key,id2:base64key2` -> keys, first one encrypting; every key 32 bytes. */
export function parseTokenKeys(raw: string): TokenKey[] {
  const entries = raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (!entries.length) throw new Error('must list at least one key as id:base64key');
  const seen = new Set<string>();
  return entries.map((entry, i) => {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    const b64 = colon > 0 ? entry.slice(colon + 1) : '';
    if (!KEY_ID.test(id))
      throw new Error(`entry ${i + 1}: must be id:base64key, the id letters, digits, - or _`);
    if (seen.has(id)) throw new Error(`entry ${i + 1}: key id ${id} is listed twice`);
    seen.add(id);
    const key = /^[A-Za-z0-9+/]+={0,2}$/.test(b64) ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
    if (key.length !== 32)
      throw new Error(
        `entry ${i + 1}: key ${id} must be 32 bytes in base64 (openssl rand -base64 32)`,
      );
    return { id, key };
  });
}

export class TokenDecryptError extends Error {
  readonly code = 'TOKEN_UNREADABLE';
  constructor(reason: string) {
    super(`stored token cannot be decrypted: ${reason}`);
    this.name = 'TokenDecryptError';
  }
}

export class TokenCipher {
  private readonly byId: Map<string, Buffer>;
  private readonly current: TokenKey;

  constructor(keys: TokenKey[]) {
    if (!keys.length) throw new Error('TokenCipher needs at least one key');
    this.current = keys[0]!;
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  /** The id of the key new tokens are sealed with. */
  get currentKeyId(): string {
    return this.current.id;
  }

  /** `v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64 parts), bound to `boundTo`. */
  seal(plain: string, boundTo: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(`${FORMAT}:${this.current.id}:${boundTo}`));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [
      FORMAT,
      this.current.id,
      iv.toString('base64'),
      cipher.getAuthTag().toString('base64'),
      body.toString('base64'),
    ].join(':');
  }

  /** The token; throws TokenDecryptError for an unknown key, a tampered or moved value. */
  open(sealed: string, boundTo: string): string {
    const parts = sealed.split(':');
    if (parts.length !== 5 || parts[0] !== FORMAT)
      throw new TokenDecryptError('not a sealed token');
    const [, keyId, ivB64, tagB64, bodyB64] = parts as [string, string, string, string, string];
    const key = this.byId.get(keyId);
    if (!key) throw new TokenDecryptError(`key ${keyId} is not in CARE_DESK_TOKEN_KEYS`);
    const iv = Buffer.from(ivB64, 'base64');
    const tag = Buffer.from(tagB64, 'base64');
    if (iv.length !== 12 || tag.length !== 16) throw new TokenDecryptError('malformed');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
      decipher.setAAD(Buffer.from(`${FORMAT}:${keyId}:${boundTo}`));
      decipher.setAuthTag(tag);
      return Buffer.concat([
        decipher.update(Buffer.from(bodyB64, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new TokenDecryptError('authentication failed (tampered, or another record)');
    }
  }

  /** Sealed with a key other than the current one: seal it again to finish a rotation. */
  needsResealing(sealed: string): boolean {
    return sealed.split(':')[1] !== this.current.id;
  }
}
