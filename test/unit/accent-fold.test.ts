import { describe, expect, test } from 'vitest';
import {
  accentFreePattern,
  foldAccents,
  nameKey,
  SEARCH_TEXT_MAX,
  tooLongToFind,
} from '../../src/customer/rules.js';

/** Whether `typed` finds `stored` as `/customer find` and the picker look (both name keys). */
const finds = (typed: string, stored: string) =>
  accentFreePattern(nameKey(typed)).test(nameKey(stored));

describe('accent folding for find and the picker', () => {
  test('letters NFD keeps whole fold to their plain letters: ø đ ł æ œ ß þ (and ð, ı)', () => {
    expect(foldAccents('Søren Ærø')).toBe('soren aero');
    expect(foldAccents('Đặng Văn Lâm')).toBe('dang van lam');
    expect(foldAccents('Łódź')).toBe('lodz');
    expect(foldAccents('Œuvre Straße')).toBe('oeuvre strasse');
    expect(foldAccents('Þór Guðrún Işık')).toBe('thor gudrun isik');
    // With a mark on top they fold as well (ǿ is ø with an acute, ǽ is æ with one).
    expect(foldAccents('ǿǽ')).toBe('oae');
    expect(foldAccents('上海华东')).toBe('上海华东');
  });

  test.each([
    ['soren', 'Søren Hansen ApS'],
    ['dang', 'Đặng Trading'],
    ['lodz', 'Łódź Textiles'],
    ['aebelo', 'Æbelø Fisk'],
    ['oeuvre', 'Œuvre SA'],
    ['strasse', 'Nguyen Straße'],
    ['thor', 'Þór ehf'],
    ['gudrun', 'Guðrún Ltd'],
    // Typed with the letter, found without it, and typed as it is stored.
    ['Søren', 'Soren Hansen'],
    ['Æbelø', 'AEBELO'],
    ['straße', 'Strasse 1'],
    ['þór', 'Thor ehf'],
    ['Łódź', 'Łódź Textiles'],
    // Mixed: a pair across a plain and an accented letter.
    ['aebelo', 'Aébelo'],
  ])('%s finds %s', (typed, stored) => {
    expect(finds(typed, stored)).toBe(true);
  });

  test.each([
    ['sorenx', 'Søren Hansen'],
    ['thx', 'Þór'],
    ['oe', 'Ørsted'],
    ['ae', 'Aarhus'],
  ])('%s does not find %s', (typed, stored) => {
    expect(finds(typed, stored)).toBe(false);
  });

  test('a typed regex character is matched as itself', () => {
    expect(finds('a.b (c)', 'A.B (C)')).toBe(true);
    expect(finds('a.b', 'axb')).toBe(false);
  });

  test("text as long as find takes makes a pattern far under MongoDB's 32,764 bytes, whatever its letters", () => {
    const bytes = (typed: string) => Buffer.byteLength(accentFreePattern(nameKey(typed)).source);
    // Every letter with accented forms, the letters NFD keeps whole, pairs, compatibility forms.
    const letters = [
      ...'abcdefghijklmnopqrstuvwxyz',
      ...'øđłæœßþðıǿǽ',
      ...'ŒÆØĐŁÞ',
      'oe',
      'ae',
      'ss',
      'th',
      'ﬃ',
      'Ǆ',
      '㎒',
      '华',
    ];
    for (const letter of letters) {
      const text = [...letter.repeat(SEARCH_TEXT_MAX)].slice(0, SEARCH_TEXT_MAX).join('');
      expect(tooLongToFind(text)).toBe(false);
      expect(bytes(text), letter).toBeLessThan(20_000);
    }
    // The longest text, of the longest letter, still finds what it stands for.
    expect(finds('œ'.repeat(SEARCH_TEXT_MAX), 'OE'.repeat(SEARCH_TEXT_MAX))).toBe(true);
    expect(finds('ø'.repeat(SEARCH_TEXT_MAX), 'o'.repeat(SEARCH_TEXT_MAX))).toBe(true);
  });

  test('longer than find takes: counted as typed, without invisible characters and repeated spaces', () => {
    expect(tooLongToFind('a'.repeat(SEARCH_TEXT_MAX + 1))).toBe(true);
    expect(tooLongToFind('华'.repeat(SEARCH_TEXT_MAX + 1))).toBe(true);
    expect(tooLongToFind('😀'.repeat(SEARCH_TEXT_MAX))).toBe(false);
    expect(tooLongToFind(`  ${'a'.repeat(SEARCH_TEXT_MAX)}\u200B  `)).toBe(false);
    expect(tooLongToFind(`${'a '.repeat(SEARCH_TEXT_MAX / 2)}`.replace(/ /g, '   '))).toBe(false);
  });
});
