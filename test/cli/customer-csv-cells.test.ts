// The customers CLI's import of cells a hand-edited or foreign-locale file gets wrong: a
// separator typed into a cell not in quotes (more cells than the header: the row refused by
// line, not cut), a filled column under a blank header (listed with the ignored columns), and
// a tab-separated amount `1.250` (1.25 or 1250? refused, as a `;` file refuses it).
import { describe, expect, test } from 'vitest';
import { importWithTool, toolEnv, useToolDatabase } from '../helpers/tool-db.js';

const TEAM = 'T0CSVCELL1';
const OPERATOR = 'U0OPERATOR';
const dbName = `csv_cells_test_${process.pid}`;
const env = toolEnv(dbName, { ADMIN_USER_IDS: OPERATOR });
const db = useToolDatabase(dbName, env, TEAM);

/** `customers import` as the operator of `files` (`--file`, `--contacts`, ...: contents). */
const importFiles = (files: Record<string, string>, ...extra: string[]) =>
  importWithTool({ env, team: TEAM, as: OPERATOR }, files, ...extra);

const stored = async () =>
  (await db.models.customers.find({ teamId: TEAM }).sort({ name: 1 }).lean()).map((c) => ({
    name: c.name,
    notes: c.notes ?? null,
    annualRevenue: c.annualRevenue ?? null,
  }));

describe('cells past the header, and amounts read two ways', { timeout: 120_000 }, () => {
  test('a row with more filled cells than the header is refused by line, saying why; trailing blank cells are not', async () => {
    const res = importFiles({
      '--file': [
        'Name,Industry,Source,First contact,Notes',
        'Acme,Tools,referral,2026-03-01,called Monday, wants a quote by Friday',
        'Beta,Tools,referral,2026-03-01,"called Monday, wants a quote",,,',
        '',
      ].join('\n'),
    });
    expect(res.out).toBe(
      [
        'customers: 1 created, 0 updated, 0 unchanged, 1 skipped',
        '  customers line 2: This row has 6 cells and the header 5: a comma typed inside a cell starts a new cell unless the cell is in quotes ("…"). Nothing was imported from this row.',
        '',
      ].join('\n'),
    );
    expect(res.code).toBe(1);
    expect(await stored()).toEqual([
      { name: 'Beta', notes: 'called Monday, wants a quote', annualRevenue: null },
    ]);
  });

  test('an orders row cut by a semicolon in a `;` file, and a contacts row cut by a tab, in Chinese', async () => {
    importFiles({
      '--file': 'Name,Industry,Source,First contact\nAcme,Tools,referral,2026-03-01\n',
    });
    const res = importFiles(
      {
        '--orders': '客户;订单日期;金额;备注\nAcme;2026-05-01;1.250,00;急单; 周五前交货\n',
        '--contacts': '客户\t姓名\t职务\nAcme\t王芳\t采购\t经理\n',
      },
      '--locale',
      'zh-CN',
    );
    expect(res.out).toContain(
      '订单文件第 2 行：此行有 5 个单元格，表头只有 4 列：单元格中输入的分号会开始一个新单元格',
    );
    expect(res.out).toContain(
      '联系人文件第 2 行：此行有 4 个单元格，表头只有 3 列：单元格中输入的制表符',
    );
    expect(await db.models.orders.countDocuments({ teamId: TEAM })).toBe(0);
    expect((await db.models.customers.findOne({ teamId: TEAM }).lean())!.contacts).toEqual([]);
  });

  test('a filled column under a blank header is listed with the ignored columns', () => {
    const res = importFiles({
      '--file':
        'Name,Industry,,Source,First contact,\nAcme,Tools,key account,referral,2026-03-01,\n',
    });
    expect(res.out).toBe(
      'customers: 1 created, 0 updated, 0 unchanged, 0 skipped\n  ignored columns: column 3 (no header)\n',
    );
  });

  test('a tab-separated amount 1.250 is refused as read two ways; 1250 and 1.25 are read', async () => {
    const res = importFiles({
      '--file': [
        'Name\tIndustry\tSource\tFirst contact\tAnnual revenue',
        'Acme\tTools\treferral\t2026-03-01\t1.250',
        'Beta\tTools\treferral\t2026-03-01\t¥12.500元',
        'Gamma\tTools\treferral\t2026-03-01\t1250',
        'Delta\tTools\treferral\t2026-03-01\t1.25',
        '',
      ].join('\n'),
    });
    expect(res.out).toContain(
      'customers line 2: Annual revenue: In a file separated by tabs 1.250 reads as two amounts (1.25 where the decimal mark is a point, 1250 where it is a comma): write it as `1250` or `1.25`.',
    );
    expect(res.out).toContain(
      'customers line 3: Annual revenue: In a file separated by tabs ¥12.500元',
    );
    expect(res.code).toBe(1);
    expect(await stored()).toEqual([
      { name: 'Delta', notes: null, annualRevenue: 1.25 },
      { name: 'Gamma', notes: null, annualRevenue: 1250 },
    ]);
  });
});
