// The tier review's read of the moves it has not told yet (CustomerRepository.withUntoldTierMove:
// team, `tierMove.review`, `tierMove.told` not true) has an index, the team first, declared in the
// schema and created at start-up. The stand-in ignores non-unique indexes (README, Limits) and
// has no explain: this checks the index is asked for and that creating it does not fail there;
// that MongoDB picks it for the query is not checked (no real MongoDB here).
import { test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { expectIndexCreated } from '../helpers/setups-7-db-commands.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

test('customers {teamId, tierMove.review}: the untold tier moves’ index is declared and created without error', async () => {
  await expectIndexCreated(app, 'customers', { teamId: 1, 'tierMove.review': 1 });
});
