// An Owner cell naming a user id the desk has never seen (no role, owns no customer: a typo of a
// real id, say) is imported as given but said by line: the tool cannot ask Slack, and the
// customer's tasks, DMs and L3 would otherwise go to nobody without a word.
import { describe, expect, test } from 'vitest';
import { importWithTool, toolEnv, useToolDatabase } from '../helpers/tool-db.js';

const TEAM = 'T0OWNUNK01';
const OPERATOR = 'U0OPERATOR';
const dbName = `owner_unknown_test_${process.pid}`;
const env = toolEnv(dbName, { ADMIN_USER_IDS: OPERATOR });
const db = useToolDatabase(dbName, env, TEAM);

const importFile = (option: '--file' | '--orders', content: string) =>
  importWithTool({ env, team: TEAM, as: OPERATOR }, { [option]: content });

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
