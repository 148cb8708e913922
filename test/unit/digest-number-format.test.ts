import { describe, expect, test } from 'vitest';
import { formatValue, signed } from '../../src/ui/digest.js';
import { translator } from '../../src/i18n/index.js';

// A change reads grouped as its figure does, a long duration is grouped, and a negative score
// has the same minus sign as its change, in en and zh-CN. [digesttz F2]
describe('digest and report numbers, one format for a figure and its change', () => {
  for (const locale of ['en', 'zh-CN'] as const) {
    const t = translator(locale);
    test(`${locale}: a change of thousands is grouped as the figure is`, () => {
      expect(formatValue(t, 'count', 1234)).toBe('1,234');
      expect(signed(1200, 0, locale)).toBe('+1,200');
      expect(signed(-1200, 0, locale)).toBe('−1,200');
      expect(signed(1234.5, 1, locale)).toBe('+1,234.5');
      expect(signed(12, 0, locale)).toBe('+12');
    });
    test(`${locale}: a duration over 999 hours is grouped`, () => {
      expect(formatValue(t, 'minutes', 1500 * 60 + 5)).toContain('1,500');
    });
    test(`${locale}: a negative score has the minus sign of its change`, () => {
      expect(formatValue(t, 'score', -100)).toBe('−100');
    });
    test(`${locale}: a negative score that rounds to nothing reads 0, not −0`, () => {
      expect(formatValue(t, 'score', -0.04)).toBe('0');
      expect(formatValue(t, 'score', -0.06)).toBe('−0.1');
    });
  }
});
