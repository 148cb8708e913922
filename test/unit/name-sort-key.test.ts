import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  compareNames,
  compareNatural,
  nameKey,
  nameSortKey,
  sortKeyPrefix,
} from '../../src/customer/rules.js';

const key = (name: string) => nameSortKey(nameKey(name));
const sorted = (names: string[]) =>
  [...names].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

describe('the name sort key', () => {
  test('Chinese names sort by pinyin, character by character', () => {
    expect(sorted(['上海', '北京', '深圳', '阿里巴巴'])).toEqual([
      '阿里巴巴',
      '北京',
      '上海',
      '深圳',
    ]);
    // A dictionary's order: 西 (xi) before 先 (xian), whatever follows; lu before lü.
    expect(sorted(['先锋', '西安'])).toEqual(['西安', '先锋']);
    expect(sorted(['绿地', '吕梁', '路桥'])).toEqual(['路桥', '吕梁', '绿地']);
  });

  test('a Latin name keeps its key but for its numbers; Chinese names sort after Latin ones, as before', () => {
    for (const name of ['Acme Ltd', 'zeta-x', 'Huadong Machinery']) {
      expect(nameSortKey(nameKey(name))).toBe(nameKey(name));
    }
    // A run of digits: a marker, its length (U+0100 + length), the digits.
    expect(nameSortKey('zeta 9')).toBe('zeta 0\u01019');
    expect(nameSortKey('acme 10b')).toBe('acme 0\u010210b');
    expect(sorted(['北京', 'Zeta', 'acme'])).toEqual(['acme', 'Zeta', '北京']);
  });

  // pinyin-pro's readings are stored in the keys: an upgrade that changes one of these needs a
  // new SORT_KEY_VERSION (rules.ts), so stored keys are computed again.
  test('readings as stored (pinyin-pro pinned)', () => {
    expect(nameSortKey('北京')).toBe('\u4e00bei3北\u4e00jing1京');
    expect(nameSortKey('重长绿')).toBe('\u4e00zhong4重\u4e00chang2长\u4e00lv4绿');
  });

  test("the key of a name's beginning begins the name's key (the picker's prefix walk)", () => {
    const han = fc.constantFrom(...'北京上海深圳阿里巴巴重庆长沙厦门一乙䶵𪛖');
    const other = fc.constantFrom(...'ab z90-一 ア');
    const text = fc.array(fc.oneof(han, other), { maxLength: 8 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, text, (a, b) => {
        // A beginning in the middle of a number (`9` of `99`) is found by `sortKeyPrefix`.
        if (!/\d$/.test(a) || !/^\d/.test(b))
          expect(nameSortKey(a + b).startsWith(nameSortKey(a))).toBe(true);
        expect(sortKeyPrefix(a).test(nameSortKey(a + b))).toBe(true);
        // And only then: a key begins another only where the name begins the other.
        if (nameSortKey(b).startsWith(nameSortKey(a))) expect(b.startsWith(a)).toBe(true);
        if (sortKeyPrefix(a).test(nameSortKey(b))) expect(b.startsWith(a)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('names with numbers in them', () => {
  const byName = (names: string[]) => [...names].sort(compareNames);

  test('numbers compare as numbers: Acme 1, 2, 10, 100, not 1, 10, 100, 2', () => {
    expect(byName(['Acme 100', 'Acme 2', 'Acme 10', 'Acme 1'])).toEqual([
      'Acme 1',
      'Acme 2',
      'Acme 10',
      'Acme 100',
    ]);
    // Leading zeros: a number sorts among those of its written length (zero-padded lists in order).
    expect(byName(['v10.2', 'v9.10', 'v9.9', 'Batch 7', 'Batch 007', 'batch 07b'])).toEqual([
      'Batch 7',
      'batch 07b',
      'Batch 007',
      'v9.9',
      'v9.10',
      'v10.2',
    ]);
    // Chinese names still by pinyin, their numbers as numbers; Latin before Chinese.
    expect(byName(['上海12厂', '上海2厂', '北京', 'Zeta 3'])).toEqual([
      'Zeta 3',
      '北京',
      '上海2厂',
      '上海12厂',
    ]);
  });

  test('compareNatural is an order: antisymmetric and transitive on names with numbers', () => {
    const name = fc.stringMatching(/^[a0-9 ]{0,6}$/);
    fc.assert(
      fc.property(name, name, name, (a, b, c) => {
        expect(Math.sign(compareNatural(a, b)) + Math.sign(compareNatural(b, a))).toBe(0);
        if (compareNatural(a, b) <= 0 && compareNatural(b, c) <= 0)
          expect(compareNatural(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 3000 },
    );
  });
});
