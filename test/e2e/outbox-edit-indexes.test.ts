// The edits lane's reads sort by `nextAt`, then `seq`, ten at a time (the trail lane's and an
// erasure's first), over tens of thousands of edits due at once after a first retention run: the
// indexes they use hold `seq` after `nextAt`, so that MongoDB reads the slice off the index in
// order rather than sorting every edit due on each read (revland-c F3). An erasure by Slack user
// deletes the records of the desk's DMs to them by `to`: an index holds it, partial, only a DM's
// record having one (revland-c F6). The stand-in ignores non-unique indexes (README, Limits):
// this checks that they are declared, in that order, and created at start-up without error.
// An idle instance's look for a lease's end (OutboxRepository.nextDueAt: `{state: 'pending',
// leaseUntil: {$gt: now}}` sorted by `leaseUntil`) has its own sparse index, led by `leaseUntil`.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { owe } from '../helpers/outbox-idle.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

test.each([
  ['outbox', { state: 1, bulk: 1, trail: 1, nextAt: 1, seq: 1 }, undefined],
  ['outbox', { erasure: 1, state: 1, nextAt: 1, seq: 1 }, { erasure: true }],
  ['ticketPosts', { teamId: 1, to: 1 }, { to: { $exists: true } }],
  // The daily tasks run's progress-notes pass: only the files with a project's end, in code order.
  ['customers', { teamId: 1, code: 1, projectUntil: 1 }, { projectUntil: { $gt: '' } }],
] as const)('%s %j is declared, fields in that order', async (name, key, partial) => {
  const declared = app.db.models[name].schema
    .indexes()
    .filter(([k]) => JSON.stringify(Object.entries(k)) === JSON.stringify(Object.entries(key)));
  expect(declared).toHaveLength(1);
  expect(declared[0]![1]?.partialFilterExpression).toEqual(partial);
  // Created at start-up as the app's models are: no error.
  await expect(app.db.models[name].createIndexes()).resolves.not.toThrow();
});

test('the lease ends have a sparse index led by leaseUntil, as nextDueAt reads them', async () => {
  const declared = app.db.models.outbox.schema
    .indexes()
    .filter(([k]) => Object.keys(k)[0] === 'leaseUntil');
  expect(declared).toEqual([[{ leaseUntil: 1 }, expect.objectContaining({ sparse: true })]]);
  await expect(app.db.models.outbox.createIndexes()).resolves.not.toThrow();
});

test('nextDueAt reads the lease ends as that index serves: a range on leaseUntil, sorted by it', async () => {
  const desk = app.instance('holder');
  const now = app.clock.now();
  await owe(app, desk, 'leased elsewhere', 'C0LEASE001');
  const leased = await desk.services.outbox.lease(
    await desk.services.outbox.due(now, 10),
    'holder-owner',
    now,
    new Date(now.getTime() + 60_000),
  );
  expect(leased).toHaveLength(1);
  const finds: { filter: Record<string, unknown>; sort?: Record<string, unknown> }[] = [];
  const started = (e: { commandName: string; command: Record<string, any> }) => {
    if (e.commandName !== 'find' || e.command.find !== 'outbox') return;
    // The driver sends the sort as a Map.
    const sort =
      e.command.sort instanceof Map ? Object.fromEntries(e.command.sort) : e.command.sort;
    finds.push({ filter: e.command.filter, sort });
  };
  const client = app.db.conn.getClient();
  client.on('commandStarted', started);
  let due: Date | undefined;
  try {
    due = await desk.services.outbox.nextDueAt(now);
  } finally {
    client.off('commandStarted', started);
  }
  // Due at the lease end, read by the third find (the soonest is leased, none is free).
  expect(due).toEqual(new Date(now.getTime() + 60_000));
  const ending = finds.filter((f) => f.sort && Object.keys(f.sort).includes('leaseUntil'));
  expect(ending).toHaveLength(1);
  // The sort is the index's key alone, in its direction (read off the index in order, limit 1);
  // the filter's range is on that key, with `$gt` (no entry without a lease can match it: the
  // sparse index holds every answer) and `state` the only other condition (checked on the
  // documents the range meets: the running leases).
  expect(ending[0]!.sort).toEqual({ leaseUntil: 1 });
  expect(Object.keys(ending[0]!.filter).sort()).toEqual(['leaseUntil', 'state']);
  expect(Object.keys(ending[0]!.filter.leaseUntil as object)).toEqual(['$gt']);
});

test('the lane indexes without seq are no longer declared (README Limits: dropped by hand)', () => {
  const keys = app.db.models.outbox.schema.indexes().map(([k]) => JSON.stringify(k));
  expect(keys).not.toContain(JSON.stringify({ state: 1, bulk: 1, trail: 1, nextAt: 1 }));
  expect(keys).not.toContain(JSON.stringify({ erasure: 1, state: 1, nextAt: 1 }));
});
