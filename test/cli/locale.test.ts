// The command-line tools speak the operator's language: `--locale en|zh-CN`, else the
// environment's (LC_ALL, LC_MESSAGES, LANG: zh_CN.UTF-8 is Chinese), else English. A Chinese
// operator reads the usage, the import summary and each refused row, and the export summary in
// Chinese, whatever the workspace's language (this one is English).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { customersTool, toolEnv, useToolDatabase } from '../helpers/tool-db.js';

const TEAM = 'T0LOCALE01';
const OPERATOR = 'U0OPERATOR';
const dbName = `locale_test_${process.pid}`;
const env = toolEnv(dbName, { ADMIN_USER_IDS: OPERATOR });
useToolDatabase(dbName, env, TEAM);

/** `customers` as an operator runs it, with `lang` set as their shell sets it. */
const customers = (args: string[], lang: Record<string, string> = {}) =>
  customersTool({ ...env, ...lang }, ...args);

function csvFile(csv: string): string {
  const file = join(tempDir('locale-'), 'import.csv');
  writeFileSync(file, csv);
  return file;
}

const BAD_PHONE =
  'Name,Industry,Source,First contact,Contact,Contact title,Phone\n' +
  'Beta Works,Retail,referral,2026-03-01,Li Na,Buyer,12345\n' +
  'Gamma Ltd,Retail,referral,2026-03-01,Zhou Min,Buyer,13812345678\n';

// Each tool run is a child process, several seconds each on a busy 2-core machine.
describe('the CLI in the operator language', { timeout: 180_000 }, () => {
  test('--locale zh-CN: the import summary and a refused row in Chinese, the row reason too', () => {
    const file = csvFile(BAD_PHONE);
    const res = customers([
      'import',
      '--team',
      TEAM,
      '--as',
      OPERATOR,
      '--file',
      file,
      '--at',
      '2026-11-24T03:00:00Z',
      '--locale',
      'zh-CN',
    ]);
    expect(res.code).toBe(1);
    const lines = res.out.split('\n');
    expect(lines[0]).toBe('客户：新建 1，更新 0，未变 0，跳过 1');
    // The column as the file heads it; the reason in Chinese, not the workspace's English.
    expect(lines[1]).toMatch(/^ {2}客户文件第 2 行：Phone：请输入/);
    expect(res.out).not.toMatch(/Enter a phone number|created|skipped|line 2/);
  });

  test('LANG=zh_CN.UTF-8: the usage and an argument refused in Chinese; LC_ALL=C is English', () => {
    const zh = { LANG: 'zh_CN.UTF-8' };
    const help = customers(['--help'], zh);
    expect(help.code).toBe(0);
    expect(help.out.split('\n')[0]).toBe('用法：');

    const bad = customers(['import', '--team', 'nope'], zh);
    expect(bad.code).toBe(2);
    expect(bad.err.split('\n')[0]).toBe('team：应为 Slack 团队 ID，如 T0123ABCD');
    // LC_ALL is the one that counts when set (C: English).
    expect(customers(['--help'], { ...zh, LC_ALL: 'C' }).out.split('\n')[0]).toBe('Usage:');
  });

  test('LANG=zh_CN.UTF-8: the export summary in Chinese; --locale en wins over it', () => {
    const zh = { LANG: 'zh_CN.UTF-8' };

    customers(['import', '--team', TEAM, '--as', OPERATOR, '--file', csvFile(BAD_PHONE)], zh);
    const out = join(tempDir('locale-'), 'customers.csv');
    const exported = customers(['export', '--team', TEAM, '--as', OPERATOR, '--out', out], zh);
    expect(exported.err).toBe('');
    expect(exported.out).toBe(`已导出 1 家客户：${out}\n`);

    const en = customers(
      ['export', '--team', TEAM, '--as', OPERATOR, '--out', out, '--locale', 'en'],
      zh,
    );
    expect(en.out).toBe(`exported 1 customer to ${out}\n`);
  });

  test('LANG=zh_CN.UTF-8: an unknown option and a value left out are refused in Chinese, naming the option', () => {
    const zh = { LANG: 'zh_CN.UTF-8' };
    const unknown = customers(['import', '--team', TEAM, '--contact', 'x.csv'], zh);
    expect(unknown.code).toBe(2);
    expect(unknown.err.split('\n')[0]).toBe('参数：无法识别的选项“--contact”');

    // `--team` with its value forgotten: node reads `--as` as a value it refuses ("ambiguous");
    // it was said to take no value at all.
    const forgotten = customers(['import', '--team', '--as', OPERATOR], zh);
    expect(forgotten.code).toBe(2);
    expect(forgotten.err.split('\n')[0]).toBe(
      '参数：选项“--team”缺少取值（以“-”开头的取值请写作 --team=-…）',
    );
    expect(forgotten.err.split('\n')[1]).toBe('用法：');
  });

  test('LANG=zh_CN.UTF-8: a database that cannot be reached and a bad configuration are said in Chinese; English without', () => {
    const zh = { LANG: 'zh_CN.UTF-8' };
    const out = join(tempDir('locale-'), 'customers.csv');
    const exportArgs = ['export', '--team', TEAM, '--as', OPERATOR, '--out', out];
    // Nothing listens on port 1: refused at once, said after the driver's server selection.
    const unreachable = { MONGODB_URI: 'mongodb://127.0.0.1:1/locale_unreachable' };
    const lost = customers(exportArgs, { ...zh, ...unreachable });
    expect(lost.code).toBe(1);
    expect(lost.out).toBe('');
    expect(lost.err).toMatch(
      /^customers：无法连接位于 127\.0\.0\.1:1 的数据库（MONGODB_URI）：.*ECONNREFUSED.*\n$/,
    );

    const bad = { MONGODB_URI: 'postgres://db/desk', ADMIN_USER_IDS: `${OPERATOR},alice` };
    const config = customers(exportArgs, { ...zh, ...bad });
    expect(config.code).toBe(1);
    expect(config.err).toBe(
      '配置无效：\n' +
        '  MONGODB_URI：应为以 mongodb:// 或 mongodb+srv:// 开头的 URI\n' +
        '  ADMIN_USER_IDS：第 2 项：应为 Slack 用户 ID，如 U0123456789\n',
    );
    // The same run in an English shell, as `npm start` says it.
    expect(customers(exportArgs, bad).err).toBe(
      'Invalid configuration:\n' +
        '  MONGODB_URI: must be a mongodb:// or mongodb+srv:// URI\n' +
        '  ADMIN_USER_IDS: entry 2: must be a Slack user id such as U0123456789\n',
    );
  });

  test('a --locale not offered is refused naming the ones there are, exit 2', () => {
    const res = customers(['--help', '--locale', 'fr']);
    expect(res.code).toBe(2);
    expect(res.err).toBe('locale: one of en, zh-CN\n');
  });
});
