// An option of another command of the same tool (`customers import --lang`, `export --file`,
// `privacy erase --out`) is refused with the usage and exit 2, as an unknown option is: taken and
// dropped, it ran the command without what the operator asked (`import --lang zh-CN` wanted
// Chinese words, and that option is --locale). Refused before any database is opened.
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { childEnv } from '../helpers/child.js';
import { toolArgs } from '../helpers/jobs.js';

function run(tool: 'customers' | 'privacy', ...args: string[]) {
  const res = spawnSync(process.execPath, [...toolArgs(tool), ...args], {
    // No database anywhere: a command that got as far as opening one would fail otherwise.
    env: childEnv({ MONGODB_URI: 'mongodb://127.0.0.1:9/none', DATA_DIR: '/nonexistent' }),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

const WHO = ['--team', 'T0OPTIONS1', '--as', 'U0OPERATOR'];

describe('options of another command', { timeout: 120_000 }, () => {
  test.each([
    [['customers', 'import', ...WHO, '--file', 'c.csv', '--lang', 'zh-CN'], '--lang', 'import'],
    [['customers', 'import', ...WHO, '--orders', 'o.csv', '--out', 'o.csv'], '--out', 'import'],
    [['customers', 'export', ...WHO, '--out', 'e.csv', '--file', 'c.csv'], '--file', 'export'],
    [['privacy', 'erase', ...WHO, '--customer', 'C2026001', '--out', 's'], '--out', 'erase'],
    [
      ['privacy', 'export', ...WHO, '--customer', 'C2026001', '--out', 's', '--yes'],
      '--yes',
      'export',
    ],
  ] as const)(
    '%j: refused naming the option, with the usage, exit 2',
    ([tool, ...args], option, command) => {
      const res = run(tool, ...args);
      expect(res).toEqual({
        code: 2,
        out: '',
        err: expect.stringContaining(
          `arguments: '${option}' is not an option of ${command}\nUsage:`,
        ),
      });
    },
  );

  test('in Chinese with --locale zh-CN', () => {
    const res = run(
      'customers',
      'import',
      ...WHO,
      '--file',
      'c.csv',
      '--lang',
      'zh-CN',
      '--locale',
      'zh-CN',
    );
    expect(res.code).toBe(2);
    expect(res.err).toContain('import 不接受选项“--lang”');
    expect(res.err).toContain('用法：');
  });
});
