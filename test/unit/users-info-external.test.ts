import { expect, test } from 'vitest';
import { externalTo } from '../../src/slack/users-info.js';

const ours = { teamId: 'T0OURS0001', stranger: false, enterpriseId: null };

test('a person is external when Slack says stranger, or names another workspace of no shared org', () => {
  expect(externalTo(ours, 'T0OURS0001', undefined)).toBe(false);
  expect(externalTo({ ...ours, teamId: null }, 'T0OURS0001', undefined)).toBe(false);
  expect(externalTo({ ...ours, stranger: true }, 'T0OURS0001', undefined)).toBe(true);
  expect(externalTo({ ...ours, teamId: 'T0OTHER001' }, 'T0OURS0001', undefined)).toBe(true);
  // Another org's Grid person: still external.
  const theirs = { teamId: 'T0OTHER001', stranger: false, enterpriseId: 'E0THEIRS01' };
  expect(externalTo(theirs, 'T0OURS0001', 'E0OURS0001')).toBe(true);
});

test('a person of a sibling workspace of the same Grid org is not external', () => {
  const sibling = { teamId: 'T0SIBLING1', stranger: false, enterpriseId: 'E0OURS0001' };
  expect(externalTo(sibling, 'T0OURS0001', 'E0OURS0001')).toBe(false);
  // Unless Slack says they share no channel with us.
  expect(externalTo({ ...sibling, stranger: true }, 'T0OURS0001', 'E0OURS0001')).toBe(true);
});
