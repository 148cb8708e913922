import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  parseTokenKeys,
  TokenCipher,
  TokenDecryptError,
  tokenKeysProblem,
} from '../../src/install/crypto.js';

const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const TOKEN = 'xoxb-1111-2222-secretsecret';

describe('install tokens sealed with AES-256-GCM', () => {
  const keys = key('k1');
  const cipher = new TokenCipher(parseTokenKeys(keys));

  test('a sealed token is not the plaintext, opens again, and differs each time (random IV)', () => {
    const a = cipher.seal(TOKEN, 'T0TEAM0001');
    const b = cipher.seal(TOKEN, 'T0TEAM0001');
    expect(a).not.toContain('xoxb');
    expect(a).not.toBe(b);
    expect(a.startsWith('v1:k1:')).toBe(true);
    expect(cipher.open(a, 'T0TEAM0001')).toBe(TOKEN);
  });

  test('a tampered ciphertext, tag or IV is refused', () => {
    const sealed = cipher.seal(TOKEN, 'T0TEAM0001');
    const parts = sealed.split(':');
    for (const i of [2, 3, 4]) {
      const bytes = Buffer.from(parts[i]!, 'base64');
      bytes[0] = bytes[0]! ^ 1;
      const tampered = [...parts];
      tampered[i] = bytes.toString('base64');
      expect(() => cipher.open(tampered.join(':'), 'T0TEAM0001')).toThrow(TokenDecryptError);
    }
    expect(() => cipher.open('xoxb-plain', 'T0TEAM0001')).toThrow(TokenDecryptError);
  });

  test('a token copied onto another workspace’s record does not open', () => {
    const sealed = cipher.seal(TOKEN, 'T0TEAM0001');
    expect(() => cipher.open(sealed, 'T0TEAM0002')).toThrow(/authentication failed/);
  });

  test('rotation: a new key first seals, the old one still opens what it sealed', () => {
    const sealedOld = cipher.seal(TOKEN, 'T0TEAM0001');
    const rotated = new TokenCipher(parseTokenKeys(`${key('k2')},${keys}`));
    expect(rotated.open(sealedOld, 'T0TEAM0001')).toBe(TOKEN);
    expect(rotated.needsResealing(sealedOld)).toBe(true);
    const sealedNew = rotated.seal(TOKEN, 'T0TEAM0001');
    expect(sealedNew.startsWith('v1:k2:')).toBe(true);
    expect(rotated.needsResealing(sealedNew)).toBe(false);
    // Once the old key is removed, what it sealed no longer opens; the new key's does.
    const onlyNew = new TokenCipher(parseTokenKeys(`${key('k2')}`));
    expect(() => onlyNew.open(sealedOld, 'T0TEAM0001')).toThrow(/key k1 is not in/);
  });

  test('the key list is checked: 32 bytes, an id, no id twice; no key is echoed', () => {
    const short = `k1:${randomBytes(16).toString('base64')}`;
    expect(tokenKeysProblem(short)).toBe(
      'entry 1: key k1 must be 32 bytes in base64 (openssl rand -base64 32)',
    );
    expect(tokenKeysProblem(randomBytes(32).toString('base64'))).toMatch(/must be id:base64key/);
    expect(tokenKeysProblem(`${keys},${keys}`)).toBe('entry 2: key id k1 is listed twice');
    expect(tokenKeysProblem('')).toMatch(/at least one key/);
    expect(tokenKeysProblem(`${keys}, ${key('k2')}`)).toBeUndefined();
  });
});
