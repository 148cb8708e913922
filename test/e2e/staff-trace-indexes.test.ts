// The staff-trace reads of an erasure by Slack user (DataSubjectRepository.staffTrace) ask
// whether a person logged an interaction (`by`), recorded an order (`createdBy`) or made a
// change on a file (`customer_changes.by`), whether a ticket was ever given to them
// (`timeline.assigneeId`, multikey) or found them its account manager
// (`timeline.owners.accountManagerId`, multikey), and read the tickets they were first assigned
// (`firstAssigneeId`) or acted on (`timeline.by`, multikey): each has an index, the team first,
// declared in the schema and created at start-up; so are its scrub's reads of the tickets marked
// by an erasure they started (`erasureResumeBy`) or were told waits (`erasureResumeOwnerTo`,
// partial: only marked tickets). The stand-in ignores non-unique indexes (README, Limits): this
// checks they are asked for and that creating them does not fail there; their use is untested.
// The last test checks what the two ticket reads ask for: an existence check, then the fields used.
import { expect, test } from 'vitest';
import { DataSubjectRepository } from '../../src/privacy/repository.js';
import { useTestApp } from '../helpers/app.js';
import { expectIndexCreated, indexFailuresWhile } from '../helpers/setups-7-db-commands.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

test.each([
  ['interactions', { teamId: 1, by: 1 }],
  ['orders', { teamId: 1, createdBy: 1 }],
  ['customerChanges', { teamId: 1, by: 1 }],
  ['tickets', { teamId: 1, firstAssigneeId: 1 }],
  ['tickets', { teamId: 1, 'timeline.assigneeId': 1 }],
  ['tickets', { teamId: 1, 'timeline.owners.accountManagerId': 1 }],
  ['tickets', { teamId: 1, 'timeline.by': 1 }],
  // The scrub's unset of them as who started another erasure, or as an admin told one waits.
  ['tickets', { teamId: 1, erasureResumeBy: 1 }],
  ['tickets', { teamId: 1, erasureResumeOwnerTo: 1 }],
] as const)('%s %j: the index on who, team first, is created without error', async (name, key) => {
  await expectIndexCreated(app, name, key);
});

test('the indexes of tickets an erasure marked with who started it or was told are asked for the marked tickets only (partial)', async () => {
  const model = app.db.models.tickets;
  const asked: { key: Map<string, number>; partialFilterExpression?: unknown }[] = [];
  const started = (e: { commandName: string; command: { indexes?: typeof asked } }) => {
    if (e.commandName === 'createIndexes') asked.push(...(e.command.indexes ?? []));
  };
  const failed = await indexFailuresWhile(app, started, () => model.createIndexes());
  expect(failed).toEqual([]);
  for (const field of ['erasureResumeBy', 'erasureResumeOwnerTo']) {
    const index = asked.find((i) => [...i.key.keys()].join() === `teamId,${field}`);
    expect(index?.partialFilterExpression).toEqual({ [field]: { $exists: true } });
  }
});

test('the tickets are asked whether one is assigned to them (one _id), and those they acted on are read with only the fields checked', async () => {
  const client = app.db.conn.getClient();
  const finds: { limit?: number; projection?: Record<string, number> }[] = [];
  const started = (e: { commandName: string; command: Record<string, unknown> }) => {
    if (e.commandName === 'find' && e.command.find === 'tickets')
      finds.push(e.command as (typeof finds)[number]);
  };
  client.on('commandStarted', started);
  try {
    const subjects = new DataSubjectRepository(app.db.models);
    expect(await subjects.staffTrace(FAKE_TEAM_ID, 'U0NOBODY01')).toBeNull();
  } finally {
    client.off('commandStarted', started);
  }
  expect(finds).toHaveLength(2);
  expect(finds[0]).toMatchObject({ limit: 1, projection: { _id: 1 } });
  expect(Object.keys(finds[1]!.projection ?? {}).sort()).toEqual([
    '_id',
    'createdBy',
    'requester.userId',
    'timeline.action',
    'timeline.by',
    'timeline.reply',
    'timeline.said',
    'timeline.text',
  ]);
});
