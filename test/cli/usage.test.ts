// Every tool's usage (`--help`, and after a refused argument) as the operator runs it: each
// command line starts with the `npm run <tool> --` that package.json defines for that tool (not the
// bare `admins …`, which no shell knows), and its required part has no `a|b` or `<name>` that a
// shell would read as a pipe or a redirection; in English and in Chinese, as the README writes it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { childEnv } from '../helpers/child.js';
import { toolArgs } from '../helpers/jobs.js';

const scripts = (
  JSON.parse(readFileSync('package.json', 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;
const readme = readFileSync('README.md', 'utf8');

/** Each tool: its npm script and its source file. */
const TOOLS = [
  ['admins', 'admins'],
  ['customers', 'customers'],
  ['job', 'jobs'],
  ['privacy', 'privacy'],
  ['report', 'report'],
] as const;

function help(
  file: (typeof TOOLS)[number][1],
  locale: string,
): { code: number | null; out: string } {
  const res = spawnSync(process.execPath, [...toolArgs(file), '--help', '--locale', locale], {
    env: childEnv(),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: res.status, out: res.stdout };
}

describe('the tools’ usage lines', { timeout: 120_000 }, () => {
  test.each(TOOLS)('npm run %s: every command line runnable as written', (script, file) => {
    expect(scripts[script]).toBe(`node dist/src/cli/${file}.js`);
    for (const locale of ['en', 'zh-CN']) {
      const { code, out } = help(file, locale);
      expect(code).toBe(0);
      // The command lines: not the notes in brackets (of one line or more), the options'
      // explanations (`--at …: …`) or the list of jobs.
      const lines: string[] = [];
      let note = false;
      for (const raw of out.split('\n')) {
        const line = raw.replace(/^(Usage:|用法：)/, '').trim();
        if (/^[(（]/.test(line)) note = true;
        if (!note && line && !line.startsWith('--') && !/^(Jobs|任务)[:：]/.test(line))
          lines.push(line);
        if (/[)）]$/.test(line)) note = false;
      }
      expect(lines.length, out).toBeGreaterThan(0);
      for (const line of lines) {
        expect(line, `${locale}: ${line}`).toMatch(new RegExp(`^npm run ${script} -- `));
        // What must be typed (options in brackets left out) holds nothing a shell would take.
        expect(line.replace(/\[[^\]]*\]/g, ''), `${locale}: ${line}`).not.toMatch(/[|<>]/);
      }
      expect(out).not.toMatch(new RegExp(`(Usage:|用法：)\\s*${script} `));
      // The same lines the README gives, written out in full (the privacy ones too).
      if (locale === 'en') for (const line of lines) expect(readme, line).toContain(line);
      // Example values an operator replaces, not placeholders (`U0ADMIN`, `NAME`, `FILE_PREFIX`).
      expect(out, `${locale}: ${out}`).not.toMatch(
        /\bU0ADMIN\b|\bNAME\b|FILE_PREFIX|姓名|文件前缀/,
      );
    }
  });
});
