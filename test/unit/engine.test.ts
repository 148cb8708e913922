import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

// Each test starts a child Node process (tsx): seconds on a loaded 2-core machine, not 5.
describe('database resolution', { timeout: 60_000 }, () => {
  test('with no MONGODB_URI, no mongod and no java: one error naming the three ways', () => {
    const script = `
      import { resolveDatabase } from './src/db/engine.ts';
      import { createLogger } from './src/logger.ts';
      resolveDatabase({ log: createLogger('silent') }).then(
        () => process.exit(3),
        (err) => { process.stdout.write(err.message); process.exit(0); },
      );`;
    const res = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        // no java and no mvn on PATH; a system mongod that does not exist
        env: {
          PATH: '/nonexistent',
          HOME: process.env.HOME ?? '',
          MONGOMS_SYSTEM_BINARY: '/nonexistent/mongod',
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('No MongoDB available. Use one of these three ways:');
    expect(res.stdout).toContain('1. set MONGODB_URI');
    expect(res.stdout).toContain('2. give mongodb-memory-server a mongod');
    expect(res.stdout).toContain('3. install Java 17+ and Maven');
    expect(res.stdout).toContain('- mongo-java-server: java is not on the PATH: install Java 17+');
    expect(res.stdout).toMatch(/- mongodb-memory-server: .+/);
    expect(res.stdout).toMatch(/- mongo-java-server: .+/);
  });
});

describe('a mongod download that fails', { timeout: 60_000 }, () => {
  test('the reason is said in full, on one line, in the log and in the start-up error', () => {
    const script = `
      import { resolveDatabase } from './src/db/engine.ts';
      import { createLogger } from './src/logger.ts';
      resolveDatabase({ log: createLogger('info') }).then(
        () => process.exit(3),
        (err) => { process.stdout.write(JSON.stringify({ error: err.message })); process.exit(0); },
      );`;
    const home = mkdtempSync(join(tmpdir(), 'care-desk-nomongod-'));
    const res = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        // Nothing cached (an empty HOME), a download host nobody answers at, no java.
        env: { PATH: '/nonexistent', HOME: home, MONGOMS_DOWNLOAD_MIRROR: 'https://127.0.0.1:9' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    rmSync(home, { recursive: true, force: true });
    expect(res.status, res.stderr).toBe(0);
    const lines = res.stdout.split('\n').filter(Boolean);
    const logged = JSON.parse(lines[0]!) as { reason: string };
    const { error } = JSON.parse(lines.at(-1)!) as { error: string };
    const tried = error.split('\n').find((l) => l.startsWith('  - mongodb-memory-server:'))!;
    for (const reason of [logged.reason, tried]) {
      expect(reason).toMatch(
        /Download failed for url "https:\/\/127\.0\.0\.1:9\/.+", Details: .*ECONNREFUSED/,
      );
    }
  });
});

describe('the stand-in says what to install', { timeout: 60_000 }, () => {
  // A child process each: PATH is what decides, and the stand-in is resolved in a folder of the
  // test's own (a copy of the pom without target/), so Maven would really have to run.
  function standin(path: string, call: string) {
    const dir = mkdtempSync(join(tmpdir(), 'care-desk-standin-'));
    copyFileSync('src/db/standin/pom.xml', join(dir, 'pom.xml'));
    const script = `
      import { ${call.split('(')[0]} } from './src/db/standin.ts';
      Promise.resolve().then(() => ${call.replace('DIR', JSON.stringify(dir))}).then(
        () => process.exit(3),
        (err) => { process.stdout.write(err.message); process.exit(0); },
      );`;
    const res = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { env: { PATH: path, HOME: process.env.HOME ?? '' }, encoding: 'utf8', timeout: 60_000 },
    );
    rmSync(dir, { recursive: true, force: true });
    expect(res.status, res.stderr).toBe(0);
    return res.stdout;
  }

  test('no java on the PATH: install Java 17+, or set MONGODB_URI', () => {
    expect(standin('/nonexistent', 'startStandin()')).toBe(
      'java is not on the PATH: install Java 17+ (and Maven) to use mongo-java-server, or set MONGODB_URI',
    );
  });

  test('no mvn on the PATH and nothing resolved yet: install Maven, or set MONGODB_URI', () => {
    expect(standin('/nonexistent', 'standinClasspath({ dir: DIR })')).toBe(
      'mvn is not on the PATH: install Maven (it fetches mongo-java-server once) to use mongo-java-server, or set MONGODB_URI',
    );
  });
});
