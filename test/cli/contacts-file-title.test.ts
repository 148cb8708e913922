// The customers CLI's contacts file (`--contacts`, manual D 1.04): a row adding a contact without
// their title is refused by line with the reason, as the Contacts modal refuses it (a file without
// the title column too); a row of a contact on file whose title is empty updates it as before, so
// an export of contacts imported again is refused nowhere.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { customersTool, importWithTool, toolEnv, useToolDatabase } from '../helpers/tool-db.js';

const TEAM = 'T0CONTITLE';
const OPERATOR = 'U0OPERATOR';
const dbName = `contacts_title_test_${process.pid}`;
const env = toolEnv(dbName, { ADMIN_USER_IDS: OPERATOR });
const db = useToolDatabase(dbName, env, TEAM);

/** `customers import` as the operator, as of the same time each run. */
const tool = { env, team: TEAM, as: OPERATOR, at: '2026-11-24T02:00:00Z' };

/** Acme on file, its contact Zhang Wei recorded before the title was asked (none). */
async function acmeWithOlderContact() {
  importWithTool(tool, {
    '--file': 'Code,Name,Industry,Source,First contact\nC2026050,Acme,Retail,referral,2026-11-20\n',
  });
  await db.models.customers.updateOne(
    { teamId: TEAM, code: 'C2026050' },
    { $set: { contacts: [{ key: 'k1', name: 'Zhang Wei', optOuts: [] }] } },
  );
}

const contactsOfAcme = async () =>
  (await db.models.customers.findOne({ teamId: TEAM, code: 'C2026050' }).lean())!.contacts.map(
    (c) => [c.name, c.title, c.phone],
  );

describe(
  'customers CLI: a contacts file’s new contact comes with their title',
  { timeout: 60_000 },
  () => {
    test('a row adding a contact without a title is refused by line (a file without the column too, in zh-CN); with one, added', async () => {
      await acmeWithOlderContact();
      const res = importWithTool(tool, {
        '--contacts':
          'Customer,Contact,Contact title,Phone\n' +
          'C2026050,Li Na,,13900001111\n' +
          'C2026050,Wang Fang,Buyer,13900002222\n',
      });
      expect(res.err).toBe('');
      expect(res.out.split('\n')).toEqual([
        'contacts: 1 added, 0 updated, 0 unchanged, 1 skipped',
        "  contacts line 2: Contact title: Give the contact's title (job title): it is required with a contact name.",
        '',
      ]);
      expect(res.code).toBe(1);
      const noColumn = importWithTool(
        tool,
        { '--contacts': '客户,联系人,电话\nC2026050,李娜,13900001111\n' },
        '--locale',
        'zh-CN',
      );
      expect(noColumn.out.split('\n')[1]).toBe(
        '  联系人文件第 2 行：职务：填写了联系人，请同时填写其职务。',
      );
      expect(await contactsOfAcme()).toEqual([
        ['Zhang Wei', undefined, undefined],
        ['Wang Fang', 'Buyer', '+8613900002222'],
      ]);
    });

    test('a row of a contact on file without a title updates it as before; an export imported again changes nothing', async () => {
      await acmeWithOlderContact();
      const res = importWithTool(tool, {
        '--contacts': 'Customer,Contact,Contact title,Phone\nC2026050,Zhang Wei,,13900003333\n',
      });
      expect(res.out).toBe('contacts: 0 added, 1 updated, 0 unchanged, 0 skipped\n');
      expect(await contactsOfAcme()).toEqual([['Zhang Wei', undefined, '+8613900003333']]);
      const out = join(tempDir('contacts-title-'), 'customers.csv');
      const contactsOut = join(tempDir('contacts-title-'), 'contacts.csv');
      customersTool(
        env,
        'export',
        '--team',
        TEAM,
        '--as',
        OPERATOR,
        '--out',
        out,
        '--contacts-out',
        contactsOut,
      );
      const again = importWithTool(tool, { '--contacts': readFileSync(contactsOut) });
      expect(again.out).toBe('contacts: 0 added, 0 updated, 1 unchanged, 0 skipped\n');
      expect(again.code).toBe(0);
    });
  },
);
