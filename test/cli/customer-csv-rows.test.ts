// The customers CLI's import of rows that a spreadsheet gets wrong: two rows of one customer (or
// one contact) typed differently, a code that is no code, a file in another encoding than UTF-8
// (Excel's Chinese "CSV" is GBK: skipped, the other files imported), and line breaks in one-line
// cells.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { importWithTool, toolEnv, useToolDatabase } from '../helpers/tool-db.js';

const TEAM = 'T0CSVROWS1';
const OPERATOR = 'U0OPERATOR';
const dbName = `csv_rows_test_${process.pid}`;
const env = toolEnv(dbName, { ADMIN_USER_IDS: OPERATOR });
const db = useToolDatabase(dbName, env, TEAM);

/** `customers import` as the operator, as of the same time each run. */
const tool = { env, team: TEAM, as: OPERATOR, at: '2026-11-24T02:00:00Z' };

const customers = async () =>
  (await db.models.customers.find({ teamId: TEAM }).sort({ code: 1 }).lean()).map((c) => ({
    code: c.code,
    name: c.name,
    industry: c.industry,
  }));

describe('customers CLI: rows a spreadsheet gets wrong', { timeout: 60_000 }, () => {
  test('two rows of one file that are one customer: the first is imported, the second refused naming it, not written over the first', async () => {
    const res = importWithTool(tool, {
      '--file':
        'Code,Name,Industry,Source,First contact\n' +
        'C2026050,Acme,Retail,referral,2026-11-20\n' +
        // Another code, and Acme's name typed otherwise: not Acme renamed, no second Acme.
        'C2026051,ACME ,Manufacturing,referral,2026-11-20\n' +
        'C2026060,Beta,Retail,referral,2026-11-20\n' +
        // No code: Beta by its name, which line 4 imported.
        ',beta,Manufacturing,referral,2026-11-20\n',
    });
    expect(res.out.split('\n')).toEqual([
      'customers: 2 created, 0 updated, 0 unchanged, 2 skipped',
      '  customers line 3: Line 2 imported a customer of this name (C2026050); only that row is imported.',
      '  customers line 5: Same customer as line 4; only that row is imported.',
      '',
    ]);
    expect(await customers()).toEqual([
      { code: 'C2026050', name: 'Acme', industry: 'Retail' },
      { code: 'C2026060', name: 'Beta', industry: 'Retail' },
    ]);

    // A code not found, with the name of a customer imported before: refused, that customer
    // kept as it is (its name not taken over by another code).
    const later = importWithTool(tool, {
      '--file': 'Code,Name,Industry,Source,First contact\nC2026070,acme,Food,referral,2026-11-20\n',
    });
    expect(later.out.split('\n')).toEqual([
      'customers: 0 created, 0 updated, 0 unchanged, 1 skipped',
      '  customers line 2: Name: A customer with this name already exists: C2026050.',
      '',
    ]);
    expect((await customers()).map((c) => c.code)).toEqual(['C2026050', 'C2026060']);
  });

  test('two rows of one contact in a contacts file: the second is refused naming the first, not clearing its phone', async () => {
    importWithTool(tool, {
      '--file':
        'Code,Name,Industry,Source,First contact\nC2026070,Delta,Retail,referral,2026-11-20\n',
    });
    const res = importWithTool(tool, {
      '--contacts':
        '客户,联系人,职务,电话,主联系人\n' +
        'C2026070,Li Na,采购,13812345678,否\n' +
        'C2026070,Wang,经理,13912345678,是\n' +
        'Delta,li na,,,是\n',
    });
    expect(res.out.split('\n')).toEqual([
      'contacts: 2 added, 0 updated, 0 unchanged, 1 skipped',
      '  contacts line 4: Same contact as line 2; only that row is imported.',
      '',
    ]);
    const delta = await db.models.customers.findOne({ teamId: TEAM, code: 'C2026070' }).lean();
    expect(delta!.contacts.map((c) => [c.name, c.phone])).toEqual([
      ['Wang', '+8613912345678'],
      ['Li Na', '+8613812345678'],
    ]);
  });

  test('a code that is no code is told what a code looks like (not to choose the first customer), in English and Chinese', async () => {
    const res = importWithTool(tool, {
      '--file':
        'Code,Name,Industry,Source,First contact\n' +
        'ABC-1,Eta,Retail,referral,2026-11-20\n' +
        'C26-001,Theta,Retail,referral,2026-11-20\n',
    });
    expect(res.out.split('\n')).toEqual([
      'customers: 0 created, 0 updated, 0 unchanged, 2 skipped',
      '  customers line 2: Code: A code looks like C2026001; leave it empty for a new customer.',
      '  customers line 3: Code: A code looks like C2026001; leave it empty for a new customer.',
      '',
    ]);
    const zh = importWithTool(
      tool,
      {
        '--file':
          '客户编号,客户名称,行业,客户来源,首次接触日期\nABC-1,Iota,零售,referral,2026-11-20\n',
      },
      '--locale',
      'zh-CN',
    );
    expect(zh.out).toContain('客户编号：客户编号形如 C2026001；新客户请留空。');
    expect(zh.out).not.toContain('请选择');
    expect(await customers()).toEqual([]);
  });

  test('a file not in UTF-8 (GBK, as Excel saves a Chinese "CSV") is said and skipped, the other files are imported, and the run fails; UTF-16 with its BOM is read', async () => {
    // 客户编号,客户名称,行业,客户来源,首次接触日期 / ,上海华东机械,制造业,referral,2026-03-01 in GBK.
    const gbk = Buffer.from(
      'bfcdbba7b1e0bac52cbfcdbba7c3fbb3c62cd0d0d2b52cbfcdbba7c0b4d4b42ccad7b4cebdd3b4a5c8d5c6da0d0a' +
        '2cc9cfbaa3bbaab6abbbfad0b52cd6c6d4ecd2b52c726566657272616c2c323032362d30332d30310d0a',
      'hex',
    );
    const good = 'Name,Industry,Source,First contact\nGood Co,Retail,referral,2026-11-20\n';
    // The GBK file first on the command line: the good file after it is still imported.
    const res = importWithTool(tool, { '--contacts': gbk, '--file': good });
    expect(res.code).toBe(1);
    expect(res.out).toBe(
      'customers: 1 created, 0 updated, 0 unchanged, 0 skipped\n' +
        `contacts: ${join(res.dir, 'contacts.csv')} is not UTF-8, nothing imported from it. Save it as "CSV UTF-8" (in Excel: Save As, CSV UTF-8 (Comma delimited)) and import it again.\n`,
    );
    expect((await customers()).map((c) => c.name)).toEqual(['Good Co']);
    const zh = importWithTool(tool, { '--file': gbk }, '--locale', 'zh-CN');
    expect(zh.code).toBe(1);
    expect(zh.out).toBe(
      `客户文件 ${join(zh.dir, 'file.csv')} 不是 UTF-8 编码，未导入其中任何内容。请另存为“CSV UTF-8”（Excel：另存为“CSV UTF-8（逗号分隔）”）后再导入。\n`,
    );
    expect((await customers()).map((c) => c.name)).toEqual(['Good Co']);

    // Excel's "Unicode text": UTF-16 (little-endian) with a BOM, tab-separated.
    const utf16 = Buffer.from(
      '\uFEFF客户名称\t行业\t客户来源\t首次接触日期\r\n上海华东机械\t制造业\treferral\t2026-03-01\r\n',
      'utf16le',
    );
    const read = importWithTool(tool, { '--file': utf16 });
    expect(read.out).toBe('customers: 1 created, 0 updated, 0 unchanged, 0 skipped\n');
    expect((await customers()).map((c) => c.name)).toEqual(['Good Co', '上海华东机械']);
  });

  test('line breaks in one-line cells read as spaces; a multi-line cell keeps them', async () => {
    const res = importWithTool(tool, {
      '--file':
        'Code,Name,Industry,Source,First contact,Contact,Contact title,Notes\r\n' +
        'C2026080,"Gamma\r\nCo",Retail\u2028Trade,referral,2026-11-20,"Li\nNa",Buyer,"one\ntwo"\r\n',
    });
    expect(res.out).toBe('customers: 1 created, 0 updated, 0 unchanged, 0 skipped\n');
    expect(await customers()).toEqual([
      { code: 'C2026080', name: 'Gamma Co', industry: 'Retail Trade' },
    ]);
    const gamma = await db.models.customers.findOne({ teamId: TEAM, code: 'C2026080' }).lean();
    expect([gamma!.contacts[0]!.name, gamma!.notes]).toEqual(['Li Na', 'one\ntwo']);
  });
});
