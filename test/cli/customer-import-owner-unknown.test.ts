// An Owner cell naming a user id the desk has never seen (no role, owns no customer: a typo of a
// real id, say) is imported as given but said by line: the tool cannot ask Slack, and the
// customer's tasks, DMs and L3 would otherwise go to nobody without a word.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, test } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { loadToolConfig } from '../../src/config.js';
import { connectDatabase, type Database } from '../../src/db/connection.js';
import { createServices } from '../../src/services.js';
import { seedFromConfig } from '../../src/workspace/service.js';
import { childEnv } from '../helpers/child.js';
import { clearDatabase } from '../helpers/db.js';
import { toolArgs } from '../helpers/jobs.js';
import { captureLogs } from '../helpers/logs.js';
import { tempDir } from '../helpers/temp.js';

const TEAM = 'T0OWNUNK01';
const OPERATOR = 'U0OPERATOR';
const dbName = `owner_unknown_test_${process.pid}`;
const uri = `${inject('mongoUri').replace(/\/$/, '')}/${dbName}`;
let db: Database;
const env = childEnv({ MONGODB_URI: uri, ADMIN_USER_IDS: OPERATOR });

function importFile(option: '--file' | '--orders', content: string) {
  const file = join(tempDir('csv-'), 'f.csv');
  writeFileSync(file, content);
  const res = spawnSync(
    process.execPath,
    [...toolArgs('customers'), 'import', '--team', TEAM, '--as', OPERATOR, option, file],
    { env, encoding: 'utf8', timeout: 60_000 },
  );
  return { code: res.status, out: res.stdout, err: res.stderr };
}

beforeAll(async () => {
  db = await connectDatabase(inject('mongoUri'), dbName, captureLogs().log);
});
beforeEach(async () => {
  await clearDatabase(db);
  await createServices(db, seedFromConfig(loadToolConfig(env)), systemClock).workspaces.settings(
    TEAM,
  );
});
afterAll(async () => {
  await db.conn.dropDatabase();
  await db.close();
});

describe('an Owner the desk does not know', { timeout: 120_000 }, () => {
  test('is imported and said by line, each row naming them; an owner the desk knows is not', async () => {
    importFile(
      '--file',
      'Name,Industry,Source,First contact,Owner\nKnown Co,Tools,referral,2026-03-01,U0KNOWN001\n',
    );
    const res = importFile(
      '--file',
      [
        'Name,Industry,Source,First contact,Owner',
        'Acme,Tools,referral,2026-03-01,U0OWNR0001',
        `Beta,Tools,referral,2026-03-01,${OPERATOR}`,
        'Gamma,Tools,referral,2026-03-01,U0KNOWN001',
        'Delta,Tools,referral,2026-03-01,U0OWNR0001',
        'Epsilon,Tools,referral,2026-03-01,',
        '',
      ].join('\n'),
    );
    const note =
      'owner U0OWNR0001 is not known to the desk (no role, owns no other customer): imported as given; check the id (in Slack: their profile, ⋮, Copy member ID).';
    expect(res).toMatchObject({
      code: 0,
      out: `customers: 5 created, 0 updated, 0 unchanged, 0 skipped\n  customers line 2: ${note}\n  customers line 5: ${note}\n`,
    });
    const owned = await db.models.customers.find({ teamId: TEAM, ownerId: 'U0OWNR0001' }).lean();
    expect(owned.map((c) => c.name).sort()).toEqual(['Acme', 'Delta']);
  });
});
