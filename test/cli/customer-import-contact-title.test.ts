// The customers CLI's import (manual D 1.04, revmanuals F12): a new customer's row that names a
// contact without their title is refused by line with the reason, as the New customer modal
// refuses it; a row naming another contact than the file's asks for it too, as Edit does; a
// customer already on file whose contact has no title is updated by its row as before.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { customersTool, importWithTool, toolEnv, useToolDatabase } from '../helpers/tool-db.js';

const TEAM = 'T0CSVTITLE';
const OPERATOR = 'U0OPERATOR';
const dbName = `csv_title_test_${process.pid}`;
const env = toolEnv(dbName, { ADMIN_USER_IDS: OPERATOR });
const db = useToolDatabase(dbName, env, TEAM);

/** `customers import` as the operator, as of the same time each run. */
const tool = { env, team: TEAM, as: OPERATOR, at: '2026-11-24T02:00:00Z' };

describe('customers CLI: a contact comes with their title', { timeout: 60_000 }, () => {
  test('a new customer’s row naming a contact without a title is refused by line; with one, imported', async () => {
    const res = importWithTool(tool, {
      '--file':
        'Name,Industry,Source,First contact,Contact,Contact title,Customer type\n' +
        'Acme,Retail,referral,2026-11-20,Zhang Wei,,\n' +
        'Beta,Retail,referral,2026-11-20,Li Na,Buyer,\n' +
        'Gamma,Retail,referral,2026-11-20,,,\n',
    });
    expect(res.err).toBe('');
    expect(res.out.split('\n')).toEqual([
      'customers: 2 created, 0 updated, 0 unchanged, 1 skipped',
      "  customers line 2: Contact title: Give the contact's title (job title): it is required with a contact name.",
      '',
    ]);
    const saved = await db.models.customers.find({ teamId: TEAM }).sort({ name: 1 }).lean();
    expect(saved.map((c) => [c.name, c.customerType, c.contacts[0]?.title])).toEqual([
      ['Beta', 'company', 'Buyer'],
      ['Gamma', 'company', undefined],
    ]);
  });

  test('a customer on file whose contact has no title is updated by its row as before', async () => {
    importWithTool(tool, {
      '--file':
        'Code,Name,Industry,Source,First contact\nC2026050,Acme,Retail,referral,2026-11-20\n',
    });
    await db.models.customers.updateOne(
      { teamId: TEAM, code: 'C2026050' },
      { $set: { contacts: [{ key: 'k1', name: 'Zhang Wei', optOuts: [] }] } },
    );
    const res = importWithTool(tool, {
      '--file':
        'Code,Name,Industry,Source,First contact,Contact,Contact title\n' +
        'C2026050,Acme,Food,referral,2026-11-20,Zhang Wei,\n',
    });
    expect(res.out.split('\n')[0]).toBe('customers: 0 created, 1 updated, 0 unchanged, 0 skipped');
    const acme = await db.models.customers.findOne({ teamId: TEAM, code: 'C2026050' }).lean();
    expect(acme!.industry).toBe('Food');
  });
  test('a row naming another contact than the file’s, without a title, is refused by line (zh-CN too)', async () => {
    importWithTool(tool, {
      '--file':
        'Code,Name,Industry,Source,First contact,Contact,Contact title\n' +
        'C2026050,Acme,Retail,referral,2026-11-20,Zhang Wei,Buyer\n' +
        'C2026051,Beta,Retail,referral,2026-11-20,,\n',
    });
    // Acme's contact renamed with the title's cell empty; Beta, which had none, given one in a
    // file without the title column: both refused, the file's other cells not written.
    const renamed = importWithTool(tool, {
      '--file': 'Code,Name,Industry,Contact,Contact title\n' + 'C2026050,Acme,Food,Li Na,\n',
    });
    expect(renamed.out.split('\n')).toEqual([
      'customers: 0 created, 0 updated, 0 unchanged, 1 skipped',
      "  customers line 2: Contact title: Give the contact's title (job title): it is required with a contact name.",
      '',
    ]);
    const added = importWithTool(
      tool,
      { '--file': '客户编号,客户名称,行业,联系人\nC2026051,Beta,Food,王芳\n' },
      '--locale',
      'zh-CN',
    );
    expect(added.out.split('\n')[1]).toBe(
      '  客户文件第 2 行：职务：填写了联系人，请同时填写其职务。',
    );
    const saved = await db.models.customers.find({ teamId: TEAM }).sort({ name: 1 }).lean();
    expect(
      saved.map((c) => [c.name, c.industry, c.contacts.map((k) => [k.name, k.title])]),
    ).toEqual([
      ['Acme', 'Retail', [['Zhang Wei', 'Buyer']]],
      ['Beta', 'Retail', []],
    ]);
    // Renamed with their title, the row is imported.
    const titled = importWithTool(tool, {
      '--file': 'Code,Name,Industry,Contact,Contact title\n' + 'C2026050,Acme,Food,Li Na,Manager\n',
    });
    expect(titled.out.split('\n')[0]).toBe(
      'customers: 0 created, 1 updated, 0 unchanged, 0 skipped',
    );
  });
  test('an export imported again is refused nowhere, a file whose contact has no title included', async () => {
    importWithTool(tool, {
      '--file':
        'Code,Name,Industry,Source,First contact,Contact,Contact title\n' +
        'C2026050,Acme,Retail,referral,2026-11-20,Zhang Wei,Buyer\n' +
        'C2026051,Beta,Retail,referral,2026-11-20,,\n',
    });
    // An older file, recorded before the title was asked for.
    await db.models.customers.updateOne(
      { teamId: TEAM, code: 'C2026051' },
      { $set: { contacts: [{ key: 'k1', name: 'Li Na', optOuts: [] }] } },
    );
    const out = join(tempDir('csv-title-'), 'export.csv');
    const exported = customersTool(env, 'export', '--team', TEAM, '--as', OPERATOR, '--out', out);
    expect(exported.out).toBe(`exported 2 customers to ${out}\n`);
    const again = importWithTool(tool, { '--file': readFileSync(out) });
    expect(again.out).toBe('customers: 0 created, 0 updated, 2 unchanged, 0 skipped\n');
    expect(again.code).toBe(0);
  });
});
