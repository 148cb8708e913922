import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tempDir } from '../helpers/temp.js';

const RESOLVE = `
  import { resolveDatabase } from './src/db/engine.ts';
  import { createLogger } from './src/logger.ts';`;

/**
 * `call` (after `imports`) in a child Node process (tsx) with only `env`, which must fail: what
 * it wrote (`written`, of its error `err`), the child's exit checked.
 */
function failureOf(imports: string, call: string, written: string, env: NodeJS.ProcessEnv) {
  const script = `
    ${imports}
    Promise.resolve().then(() => ${call}).then(
      () => process.exit(3),
      (err) => { process.stdout.write(${written}); process.exit(0); },
    );`;
  const res = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  expect(res.status, res.stderr).toBe(0);
  return res;
}

// Each test starts a child Node process (tsx): seconds on a loaded 2-core machine, not 5. In the
// cli project (child processes, run by CI beside `npm test`), not unit: ~10 s of a 2-core `npm test`.
describe('database resolution', { timeout: 60_000 }, () => {
  test('with no MONGODB_URI, no mongod and no java: one error naming the three ways', () => {
    // no java and no mvn on PATH; a system mongod that does not exist
    const res = failureOf(
      RESOLVE,
      "resolveDatabase({ log: createLogger('silent') })",
      'err.message',
      {
        PATH: '/nonexistent',
        HOME: process.env.HOME ?? '',
        MONGOMS_SYSTEM_BINARY: '/nonexistent/mongod',
      },
    );
    expect(res.stdout).toContain('No MongoDB available. Use one of these three ways:');
    expect(res.stdout).toContain('1. set MONGODB_URI');
    expect(res.stdout).toContain('2. give mongodb-memory-server a mongod');
    expect(res.stdout).toContain('3. install Java 17+ and Maven');
    expect(res.stdout).toContain('- mongo-java-server: java is not on the PATH: install Java 17+');
    // Each step its own line, in the order tried; a system binary set stops mongodb-memory-server
    // there (no cache, no download), which is said too.
    expect(res.stdout.split('What was tried:\n')[1]!.split('\n')).toEqual([
      '  - MONGODB_URI: not set',
      '  - system mongod: MONGOMS_SYSTEM_BINARY=/nonexistent/mongod is not an executable file (while it is set, no cached mongod is looked for and none is downloaded)',
      '  - mongo-java-server: java is not on the PATH: install Java 17+ (and Maven) to use mongo-java-server, or set MONGODB_URI',
    ]);
  });
});

const RESOLVE_INFO = "resolveDatabase({ log: createLogger('info') })";

/** resolveDatabase in a child process with only `env` (no java on the PATH): log lines and error. */
function resolveWith(env: Record<string, string>): {
  logged: Logged;
  tried: string[];
  stderr: string;
} {
  const res = failureOf(RESOLVE, RESOLVE_INFO, 'JSON.stringify({ error: err.message })', {
    PATH: '/nonexistent',
    ...env,
  });
  const lines = res.stdout.split('\n').filter(Boolean);
  const logged = lines.map((l) => JSON.parse(l) as Logged).filter((l) => l.msg);
  const { error } = JSON.parse(lines.at(-1)!) as { error: string };
  expect(logged).toHaveLength(1);
  return {
    logged: logged[0]!,
    tried: error.split('What was tried:\n')[1]!.split('\n'),
    stderr: res.stderr,
  };
}

interface Logged {
  msg: string;
  tried: string[];
}

describe(
  'why mongo-java-server was used: every step mongodb-memory-server took',
  { timeout: 60_000 },
  () => {
    test('download turned off: the cache folders looked in, then the download named as off', () => {
      const home = tempDir('care-desk-nomongod-');
      const { logged, tried } = resolveWith({ HOME: home, MONGOMS_RUNTIME_DOWNLOAD: 'false' });
      const steps = [
        'MONGODB_URI: not set',
        'system mongod: MONGOMS_SYSTEM_BINARY is not set',
        expect.stringMatching(
          new RegExp(
            `^cached mongod [\\d.]+: none; looked for mongod-\\S+ in ${home}/\\.cache/mongodb-binaries, .*node_modules/\\.cache/mongodb-memory-server`,
          ),
        ),
        expect.stringMatching(
          /^mongod [\d.]+ download: turned off \(MONGOMS_RUNTIME_DOWNLOAD=false\)$/,
        ),
      ];
      expect(logged.tried).toEqual(steps);
      expect(logged.msg).toBe(
        `no mongod available, trying mongo-java-server. Tried: ${logged.tried.join('; ')}`,
      );
      expect(tried).toEqual([
        ...logged.tried.map((step) => `  - ${step}`),
        '  - mongo-java-server: java is not on the PATH: install Java 17+ (and Maven) to use mongo-java-server, or set MONGODB_URI',
      ]);
    });

    test('a system mongod that exits at once: said as not started, with its path and exit code, in our one line only (no library stack trace on the console)', () => {
      const dir = tempDir('care-desk-badmongod-');
      const mongod = join(dir, 'mongod');
      // Answers the version check, then exits when started.
      writeFileSync(mongod, '#!/bin/sh\necho "db version v8.2.6"\nexit 14\n');
      chmodSync(mongod, 0o755);
      // Its own temporary folder: what the failed start leaves there is seen.
      const tmp = tempDir('care-desk-badmongod-tmp-');
      const { logged, tried, stderr } = resolveWith({
        HOME: dir,
        MONGOMS_SYSTEM_BINARY: mongod,
        TMPDIR: tmp,
      });
      // mongodb-memory-server's own "Starting the MongoMemoryServer Instance failed" and the
      // error's stack are not printed: the operator reads the cause in our line.
      expect(stderr).toBe('');
      expect(logged.tried).toEqual([
        'MONGODB_URI: not set',
        expect.stringMatching(new RegExp(`^mongod ${mongod} did not start: .*code "14"`)),
      ]);
      expect(tried.slice(0, 2)).toEqual(logged.tried.map((step) => `  - ${step}`));
      // mongodb-memory-server keeps a failed start's data folder (mongo-mem-*, empty) "for
      // investigation": one more in the temporary folder at each start that fell back.
      expect(readdirSync(tmp).filter((name) => name.startsWith('mongo-mem-'))).toEqual([]);
    });
  },
);

describe('a mongod download that fails', { timeout: 60_000 }, () => {
  test('the reason is said in full, on one line, in the log and in the start-up error', () => {
    const home = tempDir('care-desk-nomongod-');
    // Nothing cached (an empty HOME), a download host nobody answers at, no java.
    const res = failureOf(RESOLVE, RESOLVE_INFO, 'JSON.stringify({ error: err.message })', {
      PATH: '/nonexistent',
      HOME: home,
      MONGOMS_DOWNLOAD_MIRROR: 'https://127.0.0.1:9',
    });
    const lines = res.stdout.split('\n').filter(Boolean);
    const logged = JSON.parse(lines[0]!) as { tried: string[] };
    const { error } = JSON.parse(lines.at(-1)!) as { error: string };
    const tried = error
      .split('\n')
      .find((l) => l.startsWith('  - mongod ') && l.includes('download'))!;
    for (const reason of [logged.tried.at(-1)!, tried]) {
      expect(reason).toMatch(
        new RegExp(
          `mongod [\\d.]+ download into ${home}/\\.cache/mongodb-binaries: Download failed for url "https://127\\.0\\.0\\.1:9/.+", Details: .*ECONNREFUSED`,
        ),
      );
    }
  });
});

describe('the stand-in says what to install', { timeout: 60_000 }, () => {
  // A child process each: PATH is what decides, and the stand-in is resolved in a folder of the
  // test's own (a copy of the pom without target/), so Maven would really have to run.
  function standin(path: string, call: string) {
    const dir = tempDir('care-desk-standin-');
    copyFileSync('src/db/standin/pom.xml', join(dir, 'pom.xml'));
    const res = failureOf(
      `import { ${call.split('(')[0]} } from './src/db/standin.ts';`,
      call.replace('DIR', JSON.stringify(dir)),
      'err.message',
      { PATH: path, HOME: process.env.HOME ?? '' },
    );
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
