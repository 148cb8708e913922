// The one clipper (src/text/clip.ts): every cut within its limit (UTF-16 units, as Slack and the
// forms count), between graphemes only: never inside a surrogate pair, a flag, a skin tone, a ZWJ
// sequence or a letter with its combining marks.
import { describe, expect, test } from 'vitest';
import { clip, clipAtCharacter, typedExcerpt } from '../../src/text/clip.js';

/** A lone half of a surrogate pair. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('clip', () => {
  test.each([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['eleven chars', 10, 'eleven…'],
    ['客户服务台客户服务台', 4, '客户…'],
    ['', 3, ''],
  ])('clip(%j, %i) = %j', (text, max, expected) => {
    expect(clip(text, max)).toBe(expected);
  });

  test.each([
    ['a surrogate pair', 'ab😀😀😀', 4],
    ['a surrogate pair at the cut', 'abc😀😀', 5],
    ['a flag', 'x🇨🇳🇨🇳🇨🇳', 6],
    ['a ZWJ family', 'x👨‍👩‍👧‍👦👨‍👩‍👧‍👦', 10],
    ['a skin tone', 'ab👍🏽👍🏽', 6],
  ])('never splits %s', (_, text, max) => {
    const cut = clip(text, max);
    expect(cut.length).toBeLessThanOrEqual(max);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).not.toMatch(LONE_SURROGATE);
    // What is kept is whole graphemes of the original.
    const kept = cut.slice(0, -1);
    expect(text.startsWith(kept)).toBe(true);
    const graphemes = [...new Intl.Segmenter().segment(text)].map((s) => s.segment);
    let at = 0;
    for (const g of graphemes) {
      if (at >= kept.length) break;
      at += g.length;
    }
    expect(at).toBe(kept.length);
  });

  test('every length of an emoji-only text: within max, no lone surrogate', () => {
    const text = '😀'.repeat(20);
    for (let max = 1; max <= 45; max++) {
      const cut = clip(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(LONE_SURROGATE);
    }
  });

  test.each([
    // English: at the end of a word, the space or comma before the cut left out
    ['Valve leaks after install, customer waiting', 30, 'Valve leaks after install…'],
    ['The pump stops every morning at nine', 20, 'The pump stops…'],
    ["Don't restart the e-mail server", 12, "Don't…"],
    // Chinese: at a word (ICU's dictionary), so at a character, never 有限|公司 split
    ['上海华东机械有限公司的阀门漏水，请尽快处理', 11, '上海华东机械有限公司…'],
    ['阀门漏水，请尽快处理', 6, '阀门漏水…'],
    // emoji: a word of their own, kept whole or left out
    ['Leak 🚨🚨 in hall 👨‍👩‍👧‍👦 now', 22, 'Leak 🚨🚨 in hall…'],
    ['🎉 Order shipped to 上海', 18, '🎉 Order shipped…'],
  ])('clip(%j, %i) = %j: never mid-word', (text, max, expected) => {
    const cut = clip(text, max);
    expect(cut).toBe(expected);
    expect(cut.length).toBeLessThanOrEqual(max);
    expect(cut).not.toMatch(LONE_SURROGATE);
  });

  test('a word too long to drop (a token, a code) is cut inside, not dropped', () => {
    const token = 'aGVsbG8gd29ybGQgdGhpcyBpcyBhIHZlcnkgbG9uZyB0b2tlbg';
    expect(clip(`See ${token}`, 40)).toBe(`See ${token.slice(0, 35)}…`);
    expect(clip('q'.repeat(500), 100)).toBe(`${'q'.repeat(99)}…`);
  });

  test('every cut of a mixed text ends at a word boundary of the original', () => {
    const text = 'Valve 阀门 leaks 漏水 after 🚨 install, 请尽快 handle it';
    const ends = new Set(
      [...new Intl.Segmenter(undefined, { granularity: 'word' }).segment(text)].map(
        (s) => s.index + s.segment.length,
      ),
    );
    for (let max = 7; max < text.length; max++) {
      const kept = clip(text, max).slice(0, -1);
      expect(kept.length, `max ${max}`).toBeLessThanOrEqual(max - 1);
      expect(text.startsWith(kept), `max ${max}`).toBe(true);
      expect(ends.has(kept.length), `max ${max}: ${kept}`).toBe(true);
    }
  });

  test('an empty ellipsis cuts without one', () => {
    expect(clip('w'.repeat(60), 50, '')).toBe('w'.repeat(50));
  });
});

describe('clipAtCharacter', () => {
  test.each([
    ['short text stays', 'Steel', 10, 'Steel'],
    ['cut inside a word, not at its start', 'Machinery samples', 12, 'Machinery s…'],
    [
      'a surrogate pair across the cut is left out whole',
      `${'x'.repeat(8)}😀 tail`,
      10,
      'xxxxxxxx…',
    ],
    ['a ZWJ sequence across the cut is left out whole', `abc👩\u200D💻 tail`, 8, 'abc…'],
    ['a flag across the cut is left out whole', 'ab🇨🇳 tail', 5, 'ab…'],
  ])('%s', (_, text, max, expected) => {
    expect(clipAtCharacter(text, max)).toBe(expected);
  });

  test('every length of an emoji-only text: within max, well formed, ellipsis kept', () => {
    const text = '👩\u200D💻🇨🇳😀'.repeat(20);
    for (let max = 2; max <= text.length; max++) {
      const out = clipAtCharacter(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(LONE_SURROGATE);
      if (max < text.length) expect(out.endsWith('…')).toBe(true);
    }
  });

  test.each([
    // exactly at the limit: as it is; one over: cut, the ellipsis within the limit
    ['exactly at the limit', 'abcdefghij', 10, '…', 'abcdefghij'],
    ['one over the limit', 'abcdefghijk', 10, '…', 'abcdefghi…'],
    ['an emoji ending exactly at the limit', 'abcdefgh😀', 10, '…', 'abcdefgh😀'],
    // combining marks stay on their letter (e + U+0301, a + U+0308 U+0304)
    ['a combining mark across the cut', 'cafe\u0301 ok', 5, '…', 'caf…'],
    ['two combining marks across the cut', 'xa\u0308\u0304yz', 3, '…', 'x…'],
    ['a flag across the cut', 'ab🇨🇳🇯🇵', 7, '…', 'ab🇨🇳…'],
    ['a ZWJ family across the cut', 'a👨\u200D👩\u200D👧\u200D👦b', 11, '…', 'a…'],
    ['a skin tone across the cut', 'a👍🏽b', 4, '…', 'a…'],
    ['CJK, one unit each', '客户服务台客户服务台', 6, '…', '客户服务台…'],
    ['no ellipsis', 'abcdefghijk', 10, '', 'abcdefghij'],
    ['no ellipsis, a ZWJ sequence across the cut', 'ab👩\u200D💻', 5, '', 'ab'],
  ])('%s', (_, text, max, ellipsis, expected) => {
    expect(clipAtCharacter(text, max, ellipsis)).toBe(expected);
  });

  test('every cut of a mixed text is whole graphemes of the original, within the limit', () => {
    const text = 'Cafe\u0301 客户 🇨🇳 👩\u200D💻 👍🏽 a\u0308\u0304 end';
    const ends = new Set([0]);
    for (const { index, segment } of new Intl.Segmenter().segment(text))
      ends.add(index + segment.length);
    for (let max = 1; max <= text.length; max++) {
      for (const ellipsis of ['…', '']) {
        const out = clipAtCharacter(text, max, ellipsis);
        const kept = out.slice(0, out.length - (max < text.length ? ellipsis.length : 0));
        expect(out.length, `max ${max}`).toBeLessThanOrEqual(max);
        expect(text.startsWith(kept), `max ${max}`).toBe(true);
        expect(ends.has(kept.length), `max ${max}: ${kept}`).toBe(true);
      }
    }
  });
});

describe('typedExcerpt: what someone typed, quoted back in a message', () => {
  test.each([
    ['trimmed, then kept when within the limit', '  C2026001  ', 20, 'C2026001'],
    ['trimmed, exactly at the limit', ' abcdefghij ', 10, 'abcdefghij'],
    ['cut at a character with an ellipsis', 'abcdefghijklmnop', 10, 'abcdefghi…'],
    ['never inside a ZWJ sequence', `${'x'.repeat(8)}👩\u200D💻`, 10, 'xxxxxxxx…'],
  ])('%s', (_, text, max, expected) => {
    expect(typedExcerpt(text, max)).toBe(expected);
  });
});
