// splitMrkdwn / textSections: a long text someone typed, escaped, in sections Slack takes, whole.
import { describe, expect, test } from 'vitest';
import { textSections } from '../../src/ui/blocks.js';
import { escape, splitMrkdwn } from '../../src/ui/text.js';

describe('splitMrkdwn', () => {
  test('a line longer than a piece is cut between entities, never inside one, and nothing is lost', () => {
    const text = escape('<td>&</td>'.repeat(200));
    const pieces = splitMrkdwn(text, 3000);
    expect(pieces.length).toBe(2);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(3000);
      expect(p).toMatch(/^&(lt|gt|amp);.*&(lt|gt|amp);$/);
    }
    expect(pieces.join('')).toBe(text);
  });

  test('cut at the last line break that fits, the break dropped', () => {
    const text = escape(`${'a'.repeat(2000)}\n${'b'.repeat(2000)}\nNew expected date: 15 Dec.`);
    expect(splitMrkdwn(text, 3000)).toEqual([
      'a'.repeat(2000),
      `${'b'.repeat(2000)}\nNew expected date: 15 Dec.`,
    ]);
  });

  test('a break right at a cut leaves no empty section', () => {
    const text = escape(`${'a'.repeat(3000)}\n`);
    expect(textSections(text).map((b) => (b as { text: { text: string } }).text.text)).toEqual([
      'a'.repeat(3000),
    ]);
  });
});
