import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decimalCommaAmount, neutraliseCell, restoreCell } from '../../src/customer/csv.js';

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

// A `;` file's amount cells: the comma is the decimal mark; an apostrophe groups thousands too
// (Swiss), its decimal mark then the comma or the point.
describe("a ;-separated file's amounts", () => {
  test.each([
    ['1.250', '1250'],
    ['12,50', '12.50'],
    ["1'234,50", '1234.50'],
    ["1'234.50", '1234.50'],
    ["1'234", '1234'],
    ["1'250'000.5", '1250000.5'],
    ['1’234,5', '1234.5'],
    ["¥ 12'345", '¥ 12345'],
  ])('%j is read as %j', (cell, read) => {
    expect(decimalCommaAmount(cell)).toBe(read);
  });

  test.each([
    ['1.25'],
    ['1,250'],
    ["1'23"],
    ["1'234.500"],
    ["1'234,5,6"],
    ["12'34'567"],
    ["1'234’567"],
    ["1.234'567"],
  ])('%j cannot be read without a guess', (cell) => {
    expect(decimalCommaAmount(cell)).toBeUndefined();
  });
});
