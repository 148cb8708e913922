import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, inject, test } from 'vitest';
import { childEnv } from '../helpers/child.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { tempDir } from '../helpers/temp.js';

// The README's first command has people copy .env.example to .env and fill it in (often for
// Socket Mode). `npm test` must do the same thing with or without that file: the entry points
// the tests start read ENV_FILE (an empty file, see test/helpers/child.ts) instead of `.env`.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'src/main.ts');
// Resolved here: the child runs in a folder of its own, where `--import tsx` would not resolve.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A developer's .env for Socket Mode, pointing at a Slack nobody can reach, and a bad PORT. */
const HOSTILE = [
  'SLACK_BOT_TOKEN=xoxb-developer-token',
  'SLACK_APP_TOKEN=xapp-1-developer-token',
  'SLACK_API_URL=http://127.0.0.1:9/api/',
  'MONGODB_URI=mongodb://127.0.0.1:9/developer',
  'LOG_LEVEL=debug',
].join('\n');

function folderWith(dotenv: string): string {
  const dir = tempDir('care-desk-dotenv-');
  writeFileSync(join(dir, '.env'), dotenv);
  return dir;
}

/** src/main.ts run by node in `cwd`; resolves when it logs `until` or exits. */
function runMain(cwd: string, env: NodeJS.ProcessEnv, until?: string) {
  const child = spawn(process.execPath, ['--import', TSX, MAIN], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const lines: Record<string, unknown>[] = [];
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise<{ code: number | null; stderr: string; lines: typeof lines }>((resolve) => {
    createInterface({ input: child.stdout }).on('line', (text) => {
      const line = JSON.parse(text) as Record<string, unknown>;
      lines.push(line);
      if (line.msg === until) {
        child.kill('SIGTERM');
      }
    });
    child.once('close', (code) => resolve({ code, stderr, lines }));
  });
}

describe("the developer's .env and the tests", () => {
  test('`npm start` reads .env from its working directory (what the tests must avoid)', async () => {
    const dir = folderWith(`${HOSTILE}\nPORT=not-a-port\n`);
    const { code, stderr } = await runMain(dir, {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('PORT: must be a port number');
    expect(stderr).not.toContain('SLACK_BOT_TOKEN');
  });

  test('the environment the tests give the app ignores that .env: nothing from it is configured', async () => {
    const dir = folderWith(`${HOSTILE}\nPORT=not-a-port\n`);
    const { code, stderr } = await runMain(dir, childEnv());
    expect(code).toBe(1);
    expect(stderr).toContain('SLACK_BOT_TOKEN: required');
    expect(stderr).toContain('SLACK_SIGNING_SECRET: required in HTTP mode');
    expect(stderr).not.toContain('PORT');
  });

  test('with a Socket Mode .env beside it, the app a test starts runs in HTTP mode against the fake Slack and stops', async () => {
    const fake = new FakeSlack();
    await fake.start();
    try {
      const dir = folderWith(HOSTILE);
      const run = await runMain(
        dir,
        childEnv({
          SLACK_BOT_TOKEN: 'xoxb-dotenv-test-token',
          SLACK_SIGNING_SECRET: 'dotenv-test-signing-secret',
          SLACK_API_URL: fake.apiUrl,
          MONGODB_URI: `${inject('mongoUri').replace(/\/$/, '')}/dotenv_test_${process.pid}`,
          PORT: '0',
        }),
        'care desk started',
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.lines.find((l) => l.msg === 'care desk started')).toMatchObject({ mode: 'http' });
      // LOG_LEVEL=debug from the .env did not apply either.
      expect(run.lines.filter((l) => (l.level as number) < 30)).toEqual([]);
      expect(fake.callsTo('apps.connections.open')).toEqual([]);
      expect(fake.callsTo('auth.test')).toHaveLength(1);
    } finally {
      await fake.stop();
    }
  });

  test('every test that starts an entry point as a child process gives it that environment', () => {
    const files = (dir: string): string[] =>
      readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory()
          ? files(join(dir, e.name))
          : e.name.endsWith('.ts')
            ? [join(dir, e.name)]
            : [],
      );
    const spawning = files('test').filter((f) =>
      /spawn(Sync)?\(\s*process\.execPath/.test(readFileSync(join(ROOT, f), 'utf8')),
    );
    expect(spawning.length).toBeGreaterThan(3);
    const without = spawning.filter((f) => {
      const text = readFileSync(join(ROOT, f), 'utf8');
      // This file runs `npm start`'s reading of .env on purpose; engine.test.ts runs no entry point.
      // toolEnv (test/helpers/tool-db.ts) is childEnv on the file's database.
      if (f.endsWith('dotenv.test.ts') || f.endsWith('engine.test.ts')) return false;
      return !/childEnv\(|jobCliEnv\(|toolEnv\(/.test(text);
    });
    expect(without).toEqual([]);
  });
});
