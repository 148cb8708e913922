import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';

describe('database resolution', () => {
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
    expect(res.stdout).toMatch(/- mongodb-memory-server: .+/);
    expect(res.stdout).toMatch(/- mongo-java-server: .+/);
  });
});
