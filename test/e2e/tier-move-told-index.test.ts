// The tier review's read of the moves it has not told yet (CustomerRepository.withUntoldTierMove:
// team, `tierMove.review`, `tierMove.told` not true) has an index, the team first, declared in the
// schema and created at start-up. The stand-in ignores non-unique indexes (README, Limits) and
// has no explain: this checks the index is asked for and that creating it does not fail there;
// that MongoDB picks it for the query is not checked (no real MongoDB here).
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { indexFailuresWhile } from '../helpers/setups-7-db-commands.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

test('customers {teamId, tierMove.review}: the untold tier moves’ index is declared and created without error', async () => {
  const key = { teamId: 1, 'tierMove.review': 1 };
  const model = app.db.models.customers;
  expect(model.schema.indexes().map(([k]) => Object.entries(k))).toContainEqual(
    Object.entries(key),
  );
  const asked: unknown[] = [];
  const started = (e: { commandName: string; command: { indexes?: { key: unknown }[] } }) => {
    if (e.commandName === 'createIndexes')
      asked.push(...(e.command.indexes ?? []).map((i) => [...(i.key as Map<string, number>)]));
  };
  const failed = await indexFailuresWhile(app, started, () => model.createIndexes());
  expect(asked).toContainEqual(Object.entries(key));
  expect(failed).toEqual([]);
});
