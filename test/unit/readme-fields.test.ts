import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { FIELDS } from '../../src/customer/fields.js';
import { en } from '../../src/i18n/en.js';

/** The README's customer field table: its rows between the markers. */
function readmeRows(): string[][] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('<!-- customer-fields:start -->');
  const end = readme.indexOf('<!-- customer-fields:end -->');
  expect(start).toBeGreaterThan(0);
  return readme
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

describe("the README's customer field table", () => {
  test('lists every registry field, in the registry order', () => {
    expect(readmeRows().map(([field]) => field!.replace(/`/g, ''))).toEqual(
      FIELDS.map(([field]) => field),
    );
  });

  test('each row has the field label, its CSV column and who may change it', () => {
    const rows = new Map(readmeRows().map((row) => [row[0]!.replace(/`/g, ''), row]));
    for (const [field, spec] of FIELDS) {
      const [, label, , csv, who] = rows.get(field)!;
      expect(label, field).toBe(en[spec.label].replace(' ({currency})', ''));
      expect(csv, field).toBe(spec.csv ? `\`${spec.csv.en}\` ${spec.csv.zh}` : '–');
      if (!spec.derived) expect(who, field).toMatch(new RegExp(`^${spec.edit ?? 'commercial'}`));
      // Personal data (masked for those who may not see it) says so.
      expect(who!.endsWith(', personal'), field).toBe(spec.personal !== undefined);
    }
  });
});
