import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  isSubmissionKey,
  submissionClaimId,
  submissionKeys,
  withoutSubmissionDigest,
} from '../../src/forms/submission-key.js';

const state = (values: Record<string, unknown>) => values;
const note = (text: string) => ({ note: { v: { type: 'plain_text_input', value: text } } });
const who = { who: { v: { type: 'users_select', selected_user: 'U0AGENT001' } } };
const keys = submissionKeys('test-signing-secret-0001');

describe('submission keys: one submission of one modal', () => {
  test('the same values (in any order) make the same key; its form names the view', () => {
    const a = keys.of('V0NOTE0001', state({ ...note('Called'), ...who }));
    const b = keys.of('V0NOTE0001', state({ ...who, ...note('Called') }));
    expect(a).toBe(b);
    expect(a).toMatch(/^view:V0NOTE0001#[A-Za-z0-9_-]{16}$/);
    expect(isSubmissionKey(a)).toBe(true);
  });

  test('another value, or the same values in another modal, make another key', () => {
    const a = keys.of('V0NOTE0001', state(note('Called')));
    expect(keys.of('V0NOTE0001', state(note('Called.')))).not.toBe(a);
    const other = keys.of('V0NOTE0002', state(note('Called')));
    expect(other.split('#')[1]).not.toBe(a.split('#')[1]);
  });

  test('the digest is keyed: a guess hashed with the view id does not confirm what was typed', () => {
    // Add contact with a short name and a phone: what a guess list would try.
    const values = {
      name: { v: { type: 'plain_text_input', value: '王芳' } },
      phone: { v: { type: 'plain_text_input', value: '13812345678' } },
    };
    const key = keys.of('V0CONTACT1', values);
    // The unkeyed digest versions before this one stored (sha256 of the view id and the values).
    const ordered = `{"name":{"v":{"type":"plain_text_input","value":"王芳"}},"phone":{"v":{"type":"plain_text_input","value":"13812345678"}}}`;
    const unkeyed = createHash('sha256')
      .update(`V0CONTACT1\n${ordered}`)
      .digest('base64url')
      .slice(0, 16);
    expect(key.split('#')[1]).not.toBe(unkeyed);
    // Another install's secret: another key for the very same submission.
    expect(submissionKeys('another-install-secret').of('V0CONTACT1', values)).not.toBe(key);
    expect(() => submissionKeys('')).toThrow();
  });

  test("an erasure's rewrite keeps the view's id, not the digest; other values as they are", () => {
    const key = keys.of('V0NOTE0001', state(note('Called')));
    expect(withoutSubmissionDigest(key)).toBe('view:V0NOTE0001');
    expect(isSubmissionKey('view:V0NOTE0001')).toBe(false);
    expect(withoutSubmissionDigest('view:V0NOTE0001')).toBe('view:V0NOTE0001');
    expect(withoutSubmissionDigest('D0DM000001:1733.0001')).toBe('D0DM000001:1733.0001');
    expect(withoutSubmissionDigest(undefined)).toBeUndefined();
  });
});

describe('a once-per-submission claim id', () => {
  test('the same submission, the same id; it keeps neither the view id nor the digest', () => {
    const key = keys.of('V0SURVEY01', state(note('王芳 13812345678')));
    const id = submissionClaimId(key);
    expect(submissionClaimId(keys.of('V0SURVEY01', state(note('王芳 13812345678'))))).toBe(id);
    expect(submissionClaimId(keys.of('V0SURVEY01', state(note('王芳'))))).not.toBe(id);
    expect(id).toMatch(/^form:[A-Za-z0-9_-]{43}$/);
    expect(id).not.toContain('V0SURVEY01');
    expect(id).not.toContain(key.split('#')[1]);
  });
});
