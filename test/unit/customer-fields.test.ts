import { describe, expect, test } from 'vitest';
import {
  FIELDS,
  logName,
  overrideLogValue,
  readOverrideLogValue,
} from '../../src/customer/fields.js';
import { customerSchema } from '../../src/customer/model.js';
import { catalogues, type MessageKey } from '../../src/i18n/index.js';
import { CUSTOMER_COLUMNS } from '../../src/customer/csv.js';

/** Stored fields that are the desk's bookkeeping, not fields of the customer file. */
const BOOKKEEPING = [
  '_id',
  '__v',
  'teamId',
  'nameKey',
  // The name's key in the lists' order (Chinese by pinyin), the version that computed it and the
  // name key it was computed from.
  'sortKey',
  'sortKeyVersion',
  'sortKeyOf',
  'searchTerms',
  'revision',
  'createdBy',
  'createdIn',
  'createdAt',
  'updatedAt',
  'currency',
  'ordersByMonth',
  'lastOrderDate',
  'lastInteractionAt',
  // The contacts beyond the primary one, and the override's author and time.
  'contacts',
  // A contact's key: what the Contacts modal's buttons name it by.
  'contact.key',
  'tierOverride.by',
  'tierOverride.at',
  // The quarterly tier review's record of the move it made, until told (never typed in).
  'tierMove',
  // An upgrade intent recorded on Log interaction (never typed in Edit nor a CSV file): what,
  // who and when, cleared when its hand-off task is done.
  'upgradeIntent',
  // The low churn risk class the daily signals run computes (never typed in), with its days.
  'lowRisk',
  // A rename whose copies of the name (open tasks, channel links) are still to be written.
  'namesOwed',
  // Change-log entries the tier review's write still owes (written by its retry).
  'changesOwed',
  // When the customer was erased whole (PIPL): nothing more is planned for it (never typed in).
  'erasedAt',
  // Slack said the owner is a guest when the form made them its owner (never typed in): the
  // desk's tasks for the owner go to their manager.
  'ownerGuest',
];

/** The schema's leaf paths, contacts as `contact.<field>` (the primary contact's). */
function schemaPaths(): string[] {
  const paths: string[] = [];
  customerSchema.eachPath((path, type) => {
    const sub = (type as unknown as { schema?: typeof customerSchema }).schema;
    if (path === 'contacts' && sub) sub.eachPath((p) => paths.push(`contact.${p}`));
    else if (path === 'tierOverride' && sub) sub.eachPath((p) => paths.push(`tierOverride.${p}`));
    else paths.push(path);
  });
  return paths;
}

/** Where each registry field is stored, as a schema path. */
const registryPaths = FIELDS.map(([, spec]) =>
  spec.at.on === 'override' ? `tierOverride.${spec.at.key}` : logName(spec.at),
);

describe('the customer field registry', () => {
  test('every registry field is stored in the schema', () => {
    const stored = new Set(schemaPaths());
    expect(registryPaths.filter((path) => !stored.has(path))).toEqual([]);
  });

  test('every field of the schema is in the registry, or is bookkeeping', () => {
    const known = new Set([...registryPaths, ...BOOKKEEPING]);
    expect(schemaPaths().filter((path) => !known.has(path) && !path.startsWith('_'))).toEqual([]);
  });

  test('every label is in both catalogues', () => {
    for (const [field, spec] of FIELDS) {
      for (const [locale, catalogue] of Object.entries(catalogues))
        expect(catalogue[spec.label as MessageKey], `${field} in ${locale}`).toBeTruthy();
    }
  });

  test('CSV headers are unique in both languages and name only registry fields', () => {
    const names = CUSTOMER_COLUMNS.flatMap((c) =>
      [c.en, c.zh, ...c.also].map((n) => n.toLowerCase()),
    );
    expect(new Set(names).size).toBe(names.length);
    expect(CUSTOMER_COLUMNS.map((c) => c.field)).toEqual(
      FIELDS.filter(([, spec]) => spec.csv).map(([field]) => field),
    );
  });

  test('every field a person types in is in the modal, the CSV, or both', () => {
    const typed = FIELDS.filter(([, spec]) => !spec.derived);
    expect(typed.filter(([, spec]) => !spec.modal && !spec.csv).map(([field]) => field)).toEqual(
      [],
    );
  });
});

describe('the tier override in the change log', () => {
  test.each([
    { tier: 'strategic' as const, reason: '集团战略合作伙伴' },
    { tier: 'normal' as const, reason: 'Parent: decided 2026-11\nby the board' },
    { tier: 'key' as const, reason: '' },
  ])('$tier is logged as one value and read back into its tier and reason', (override) => {
    const logged = overrideLogValue(override);
    expect(logged).toBe(`${override.tier}: ${override.reason}`);
    expect(readOverrideLogValue(logged)).toEqual(override);
  });

  test('no override, or text that is not one, reads as none', () => {
    expect(overrideLogValue(undefined)).toBeUndefined();
    for (const value of [undefined, null, 3, 'platinum: x', 'strategic', 'Strategic: x'])
      expect(readOverrideLogValue(value)).toBeUndefined();
  });
});
