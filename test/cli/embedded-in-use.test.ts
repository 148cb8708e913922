// The embedded database (no MONGODB_URI) serves one process: an operator who runs a tool (or a
// second `npm start`) while the desk holds DATA_DIR is told that, not that no MongoDB is there
// and Java and Maven should be installed (they are; the stand-in found its file locked).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { startStandin, type RunningStandin } from '../../src/db/standin.js';
import { childEnv } from '../helpers/child.js';
import { tempDir } from '../helpers/temp.js';

function tool(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

// Where the run's database is mongo-java-server, a tool started now with no MONGODB_URI falls
// back to it as well (no mongod here either).
describe.skipIf(inject('mongoEngine') !== 'mongo-java-server')(
  'a tool run while the embedded database is in use',
  { timeout: 120_000 },
  () => {
    const dataDir = tempDir('care-desk-in-use-');
    let holder: RunningStandin;

    beforeAll(async () => {
      // What a running desk holds: the stand-in's data file in DATA_DIR.
      holder = await startStandin({ file: join(dataDir, 'standin.mv') });
    }, 90_000);

    afterAll(async () => {
      await holder?.stop();
    });

    test('says the data in DATA_DIR is in use by another process, and what to do', async () => {
      const { code, stdout, stderr } = await tool(['src/cli/admins.ts', '--team', 'T0TEAM0001'], {
        DATA_DIR: dataDir,
      });
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toContain(`${join(dataDir, 'standin.mv')} is in use by another process`);
      expect(stderr).toContain('Stop that process first, or set MONGODB_URI');
      // Not the advice for a machine without any database: Java and Maven are there.
      expect(stderr).not.toContain('No MongoDB available');
      expect(stderr).not.toContain('install Java');
      expect(stderr).not.toContain('deprecated API');
    });
  },
);
