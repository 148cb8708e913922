// How the privacy log knows a Slack user (src/privacy/user-key.ts): a key made with the app's
// secret, never the unkeyed digest of the workspace and the id that versions before wrote, which
// a list of user ids would name; a legacy key re-keyed without the id gives the same key.
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig, loadToolConfig } from '../../src/config.js';
import {
  isLegacyUserKey,
  keyFingerprint,
  legacyUserKey,
  NoPrivacyKey,
  previousPrivacySecret,
  privacySecret,
  userKeys,
} from '../../src/privacy/user-key.js';

const SECRET = 'test-signing-secret-0123456789';
const TEST_PREVIOUS = 'earlier-secret-0123';
const keys = userKeys(SECRET);

describe('user keys', () => {
  test('keyed: `uk1.` and 32 hex digits, not the unkeyed digest; another secret, another key', () => {
    const unkeyed = createHash('sha256').update('T0TEAM0001:U0PERSON01').digest('hex');
    expect(legacyUserKey('T0TEAM0001', 'U0PERSON01')).toBe(unkeyed.slice(0, 32));
    const key = keys.of('T0TEAM0001', 'U0PERSON01');
    expect(key).toMatch(/^uk1\.[0-9a-f]{32}$/);
    expect(key).not.toContain(unkeyed.slice(0, 32));
    expect(keys.of('T0TEAM0001', 'U0PERSON01')).toBe(key);
    expect(keys.of('T0TEAM0002', 'U0PERSON01')).not.toBe(key);
    expect(keys.of('T0TEAM0001', 'U0PERSON02')).not.toBe(key);
    expect(userKeys('another-install-secret-000000000').of('T0TEAM0001', 'U0PERSON01')).not.toBe(
      key,
    );
    expect(isLegacyUserKey(key)).toBe(false);
    expect(isLegacyUserKey(legacyUserKey('T0TEAM0001', 'U0PERSON01'))).toBe(true);
  });

  test('a legacy key re-keyed (no user id needed) is the key of the same person; lookups take both forms', () => {
    const legacy = legacyUserKey('T0TEAM0001', 'U0PERSON01');
    const key = keys.of('T0TEAM0001', 'U0PERSON01');
    expect(keys.rekey(legacy)).toBe(key);
    expect(keys.forms('T0TEAM0001', 'U0PERSON01')).toEqual([key, legacy]);
    expect(keys.alike(legacy)).toEqual([legacy, key]);
    expect(keys.alike(key)).toEqual([key]);
  });

  test('without a secret, a key is refused (a tool with no secret configured)', () => {
    const none = userKeys(undefined);
    expect(none.keyed).toBe(false);
    expect(() => none.of('T0TEAM0001', 'U0PERSON01')).toThrow(NoPrivacyKey);
    expect(() => none.forms('T0TEAM0001', 'U0PERSON01')).toThrow(NoPrivacyKey);
    expect(none.alike('uk1.0123')).toEqual(['uk1.0123']);
  });

  test('the secret: PRIVACY_KEY when set, else the signing secret, else the app token', () => {
    const privacyKey = 'p'.repeat(32);
    const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefgh12345678' };
    expect(privacySecret(loadConfig({ ...base, PRIVACY_KEY: privacyKey }))).toBe(privacyKey);
    expect(privacySecret(loadConfig(base))).toBe('abcdefgh12345678');
    expect(
      privacySecret(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })),
    ).toBe('xapp-1');
    // The tools read the same keys (`npm run privacy -- log --user` keys as the app does).
    expect(privacySecret(loadToolConfig({ SLACK_SIGNING_SECRET: 'abcdefgh12345678' }))).toBe(
      'abcdefgh12345678',
    );
    expect(privacySecret(loadToolConfig({ PRIVACY_KEY: privacyKey }))).toBe(privacyKey);
    expect(privacySecret(loadToolConfig({}))).toBeUndefined();
  });

  test('PRIVACY_KEY shorter than 32 characters is refused, without its value', () => {
    try {
      loadConfig({
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: 'x'.repeat(16),
        PRIVACY_KEY: 'short-key',
      });
      throw new Error('expected a refusal');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).message).toContain(
        'PRIVACY_KEY: must be at least 32 characters (openssl rand -hex 32)',
      );
      expect((err as ConfigError).message).not.toContain('short-key');
    }
  });

  test('PRIVACY_KEY_PREVIOUS: keys written under it are among the forms; fingerprints of both, never a secret', () => {
    const before = userKeys('s'.repeat(32));
    const now = userKeys('n'.repeat(32), 's'.repeat(32));
    const legacy = legacyUserKey('T1', 'U1');
    expect(now.of('T1', 'U1')).not.toBe(before.of('T1', 'U1'));
    expect(now.forms('T1', 'U1')).toEqual([now.of('T1', 'U1'), before.of('T1', 'U1'), legacy]);
    expect(now.alike(legacy)).toEqual([legacy, now.rekey(legacy), before.rekey(legacy)]);
    expect(now.fingerprints).toEqual([
      keyFingerprint('n'.repeat(32)),
      keyFingerprint('s'.repeat(32)),
    ]);
    expect(before.fingerprints).toEqual([keyFingerprint('s'.repeat(32))]);
    expect(keyFingerprint('n'.repeat(32))).toMatch(/^[0-9a-f]{16}$/);
    expect(keyFingerprint('n'.repeat(32))).not.toBe(keyFingerprint('s'.repeat(32)));
    // The same secret as previous adds nothing.
    expect(userKeys('n'.repeat(32), 'n'.repeat(32)).forms('T1', 'U1')).toHaveLength(2);
    expect(userKeys(undefined).fingerprints).toEqual([]);
    expect(previousPrivacySecret(loadToolConfig({ PRIVACY_KEY_PREVIOUS: TEST_PREVIOUS }))).toBe(
      TEST_PREVIOUS,
    );
  });
});
