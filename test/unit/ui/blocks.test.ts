import { describe, expect, test } from 'vitest';
import { LOCALES, translator } from '../../../src/i18n/index.js';
import { clip } from '../../../src/text/clip.js';
import {
  chunks,
  lineSections,
  lineSectionsWithin,
  listMessage,
  loadingModal,
} from '../../../src/ui/blocks.js';
import { escape } from '../../../src/ui/text.js';
import { HOSTILE, HOSTILE_ESCAPED } from '../../helpers/records.js';
import { expectValidMessage, expectValidView, mrkdwn } from '../../helpers/ui.js';

describe('clip', () => {
  test.each([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['eleven chars', 10, 'eleven…'],
    ['客户服务台客户服务台', 10, '客户服务台客户服务台'],
    ['客户服务台客户服务台', 4, '客户…'],
    ['', 3, ''],
  ])('clip(%j, %i) = %j', (text, max, expected) => {
    expect(clip(text, max)).toBe(expected);
    expect(clip(text, max).length).toBeLessThanOrEqual(max);
  });
});

describe('escape', () => {
  test.each([
    [HOSTILE, HOSTILE_ESCAPED],
    ['a < b > c', 'a &lt; b &gt; c'],
    ['Tom & Jerry', 'Tom &amp; Jerry'],
    ['&lt;', '&amp;lt;'],
    ['*bold* _it_ `code` 客户', '*bold* _it_ `code` 客户'],
  ])('escape(%j) = %j', (text, expected) => {
    expect(escape(text)).toBe(expected);
  });
});

describe('chunks', () => {
  test.each([
    [0, 10, []],
    [10, 10, [10]],
    [25, 10, [10, 10, 5]],
    [3, 20, [3]],
  ])('%i items in chunks of %i: sizes %j', (count, size, sizes) => {
    const items = Array.from({ length: count }, (_, i) => i);
    const parts = chunks(items, size);
    expect(parts.map((p) => p.length)).toEqual(sizes);
    expect(parts.flat()).toEqual(items);
  });
});

describe('lineSections', () => {
  const texts = (lines: string[], max?: number) =>
    lineSections(lines.map(escape), max).map((b) => (b as any).text.text as string);

  test('lines in order, as few sections as hold them, none over the limit, no line split', () => {
    const lines = Array.from(
      { length: 25 },
      (_, i) => `${String(i).padStart(2, '0')} ${'x'.repeat(197)}`,
    );
    const sections = texts(lines);
    // 200 characters and a newline a line: 14 lines fit in 3000 (14 x 201 - 1 = 2813), 15 do not.
    expect(sections.map((s) => s.split('\n').length)).toEqual([14, 11]);
    for (const s of sections) expect(s.length).toBeLessThanOrEqual(3000);
    expect(sections.flatMap((s) => s.split('\n'))).toEqual(lines);
  });

  test('a line that exactly fills a section; one longer than 3000 alone is cut; none gives none', () => {
    expect(texts(['a'.repeat(5), 'b'.repeat(4)], 10)).toEqual(['aaaaa\nbbbb']);
    expect(texts(['a'.repeat(5), 'b'.repeat(5)], 10)).toEqual(['aaaaa', 'bbbbb']);
    const [long, next] = texts(['word '.repeat(700), 'ok']);
    expect(long!.length).toBeLessThanOrEqual(3000);
    expect(long!.endsWith('…')).toBe(true);
    expect(next).toBe('ok');
    expect(texts([])).toEqual([]);
  });
});

describe('lineSectionsWithin', () => {
  const more = (n: number) => escape(`and ${n} more`);
  const texts = (blocks: unknown[]) => blocks.map((b: any) => b.text.text as string);
  // 1000 characters a line: two to a section (2001), not three (3002).
  const items = Array.from({ length: 9 }, (_, i) => escape(`${i}${'x'.repeat(999)}`));

  test('all fit: every line, no "more"', () => {
    const { lines, blocks } = lineSectionsWithin({ head: [escape('H')], items }, more, 10);
    expect(lines.map(String)).toEqual(['H', ...items.map(String)]);
    expect(texts(blocks).flatMap((s) => s.split('\n'))).toEqual(lines.map(String));
  });

  test('too many: the items that fit, in order, then "and N more", the head and tail kept', () => {
    const { lines, blocks } = lineSectionsWithin(
      { head: [escape('H')], items, tail: [escape('T')] },
      more,
      3,
    );
    expect(blocks).toHaveLength(3);
    // H + 0 + 1 | 2 + 3 | 4 + 5 + "and 3 more" + T (the last two short).
    expect(lines.map(String)).toEqual(['H', ...items.slice(0, 6).map(String), 'and 3 more', 'T']);
    expect(texts(blocks).flatMap((s) => s.split('\n'))).toEqual(lines.map(String));
    for (const s of texts(blocks)) expect(s.length).toBeLessThanOrEqual(3000);
  });

  test('no room for any item: the head, "and N more"', () => {
    const long = [escape('x'.repeat(2995)), escape('y'.repeat(2995))];
    const { lines, blocks } = lineSectionsWithin(
      { head: [escape('Heading:')], items: long },
      more,
      1,
    );
    expect(lines.map(String)).toEqual(['Heading:', 'and 2 more']);
    expect(blocks).toHaveLength(1);
  });
});

describe.each(LOCALES)('block builders in %s', (locale) => {
  const t = translator(locale);

  describe('listMessage', () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => escape(`• line ${i + 1}`));

    test.each([
      { count: 3, more: undefined, sections: 1 },
      { count: 10, more: undefined, sections: 1 },
      { count: 25, more: 7, sections: 3 },
    ])('$count lines: sections of ten, "and N more" = $more', ({ count, more, sections }) => {
      const heading = t('alert.header', { count: count + (more ?? 0) });
      const moreText = more ? t('alert.more', { count: more }) : undefined;
      const message = listMessage(heading, lines(count), moreText);
      expectValidMessage(message);
      // The notification text: the heading, then what the lines say (not only a count).
      expect(message.text).toBe(
        [heading, ...lines(count), ...(moreText ? [moreText] : [])].join('\n'),
      );
      expect(mrkdwn([message.blocks[0]!])).toBe(`*${heading}*`);
      const body = message.blocks.slice(1, 1 + sections).map((b) => mrkdwn([b]).split('\n'));
      expect(body.map((b) => b.length)).toEqual(
        Array.from({ length: sections }, (_, i) => Math.min(10, count - i * 10)),
      );
      expect(body.flat()).toEqual(lines(count));
      expect(message.blocks).toHaveLength(1 + sections + (more ? 1 : 0));
      if (moreText) expect(message.blocks.at(-1)).toMatchObject({ type: 'context' });
      if (count === 25) expect(message).toMatchSnapshot();
    });
  });

  test('loadingModal: the title asked for, Close, and "Loading…"', () => {
    const view = loadingModal(t, 'customer.modal.editTitle');
    expectValidView(view);
    expect(view.title.text).toBe(t('customer.modal.editTitle'));
    expect(view.close?.text).toBe(t('modal.close'));
    expect(view.submit).toBeUndefined();
    expect(mrkdwn(view)).toBe(t('modal.loading'));
    expect(view).toMatchSnapshot();
  });
});
