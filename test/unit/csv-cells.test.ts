import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { neutraliseCell, restoreCell } from '../../src/customer/csv.js';

// OWASP's rule for CSV injection: no written cell starts with = + - @ tab or CR.
describe('CSV cells', () => {
  test.each([
    ['=HYPERLINK("http://x","a")', `'=HYPERLINK("http://x","a")`],
    ['+8613800138000', "'+8613800138000"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ["'=x", "''=x"],
    ["'Tis Ltd", "'Tis Ltd"],
    ['A=B', 'A=B'],
    ['', ''],
  ])('%j is written as %j', (value, written) => {
    expect(neutraliseCell(value)).toBe(written);
  });

  test('a written cell never starts with a formula character, and import gives back the value', () => {
    const formulaish = fc.stringMatching(/^'{0,3}[=+\-@\t\r]?[\s\S]{0,12}$/);
    fc.assert(
      fc.property(fc.oneof(fc.string(), formulaish), (value) => {
        const written = neutraliseCell(value);
        expect(written).not.toMatch(/^[=+\-@\t\r]/);
        expect(restoreCell(written)).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  test('a hand-typed leading quote before a formula character is taken off; any other is data', () => {
    expect(restoreCell("'+86 138 0013 8000")).toBe('+86 138 0013 8000');
    expect(restoreCell("'Tis Ltd")).toBe("'Tis Ltd");
    expect(restoreCell('-5')).toBe('-5');
  });
});
