// The edits lane's reads sort by `nextAt`, then `seq`, ten at a time (the trail lane's and an
// erasure's first), over tens of thousands of edits due at once after a first retention run: the
// indexes they use hold `seq` after `nextAt`, so that MongoDB reads the slice off the index in
// order rather than sorting every edit due on each read (revland-c F3). An erasure by Slack user
// deletes the records of the desk's DMs to them by `to`: an index holds it, partial, only a DM's
// record having one (revland-c F6). The stand-in ignores non-unique indexes (README, Limits):
// this checks that they are declared, in that order, and created at start-up without error.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

test.each([
  ['outbox', { state: 1, bulk: 1, trail: 1, nextAt: 1, seq: 1 }, undefined],
  ['outbox', { erasure: 1, state: 1, nextAt: 1, seq: 1 }, { erasure: true }],
  ['ticketPosts', { teamId: 1, to: 1 }, { to: { $exists: true } }],
] as const)('%s %j is declared, fields in that order', async (name, key, partial) => {
  const declared = app.db.models[name].schema
    .indexes()
    .filter(([k]) => JSON.stringify(Object.entries(k)) === JSON.stringify(Object.entries(key)));
  expect(declared).toHaveLength(1);
  expect(declared[0]![1]?.partialFilterExpression).toEqual(partial);
  // Created at start-up as the app's models are: no error.
  await expect(app.db.models[name].createIndexes()).resolves.not.toThrow();
});

test('the lane indexes without seq are no longer declared (README Limits: dropped by hand)', () => {
  const keys = app.db.models.outbox.schema.indexes().map(([k]) => JSON.stringify(k));
  expect(keys).not.toContain(JSON.stringify({ state: 1, bulk: 1, trail: 1, nextAt: 1 }));
  expect(keys).not.toContain(JSON.stringify({ erasure: 1, state: 1, nextAt: 1 }));
});
