import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import mongoose from 'mongoose';
import { describe, expect, inject, test } from 'vitest';
import type { TestProject } from 'vitest/node';
import { setup, teardown } from '../global-setup.js';
import { childEnv } from '../helpers/child.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { tempDir } from '../helpers/temp.js';

// The README's two commands with MONGODB_URI set need neither Java nor Maven: the stand-in is
// resolved only when there is no MONGODB_URI and no mongod. Here PATH holds nothing but a `java`
// and an `mvn` that write down that they were run and fail.
const bin = tempDir('care-desk-nojava-');
const tried = join(bin, 'tried.log');
writeFileSync(tried, '');
for (const tool of ['java', 'mvn']) {
  writeFileSync(join(bin, tool), `#!/bin/sh\necho "${tool} $*" >> "${tried}"\nexit 127\n`);
  chmodSync(join(bin, tool), 0o755);
}

describe('with MONGODB_URI set, no Java or Maven is needed', () => {
  test('npm start: the app starts, serves and stops without running java or mvn', async () => {
    const fake = new FakeSlack();
    await fake.start();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: childEnv({
        PATH: bin,
        SLACK_BOT_TOKEN: 'xoxb-no-java-token',
        SLACK_SIGNING_SECRET: 'no-java-signing-secret',
        SLACK_API_URL: fake.apiUrl,
        MONGODB_URI: `${inject('mongoUri').replace(/\/$/, '')}/no_java_${process.pid}`,
        PORT: '0',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    try {
      const lines: Record<string, unknown>[] = [];
      const port = await new Promise<number>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
        createInterface({ input: child.stdout }).on('line', (text) => {
          const line = JSON.parse(text) as { msg: string; port?: number };
          lines.push(line);
          if (line.msg === 'care desk started' && line.port) resolve(line.port);
        });
      });
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(await health.json()).toEqual({
        status: 'ok',
        db: { state: 'up', engine: 'external' },
      });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(lines.find((l) => l.msg === 'database ready')).toMatchObject({ engine: 'external' });
      expect(readFileSync(tried, 'utf8')).toBe('');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await fake.stop();
    }
  });

  test("npm test: the tests' global setup takes MONGODB_URI and runs nothing", async () => {
    const saved = { PATH: process.env.PATH, MONGODB_URI: process.env.MONGODB_URI };
    Object.assign(process.env, { PATH: bin, MONGODB_URI: inject('mongoUri') });
    const provided: Record<string, unknown> = {};
    // The tools' bundle of a run killed before its teardown (its process gone): swept.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const stale = join('.test-build', `${gone}-0`);
    mkdirSync(stale, { recursive: true });
    try {
      const project = { provide: (key: string, value: unknown) => (provided[key] = value) };
      await setup(project as unknown as TestProject);
      // A database a worker kept for its next file (test/helpers/db.ts), named after the run.
      const client = new mongoose.mongo.MongoClient(inject('mongoUri'));
      try {
        await client
          .db(`${String(provided.dbPrefix)}kept`)
          .collection('tickets')
          .insertOne({ a: 1 });
        await client.db('test_other_run_kept').collection('tickets').insertOne({ a: 1 });
        await teardown();
        const left = (await client.db().admin().listDatabases({ nameOnly: true })).databases;
        // Dropped by the teardown on a MONGODB_URI server; another run's left alone.
        expect(left.map(({ name }) => name)).not.toContain(`${String(provided.dbPrefix)}kept`);
        expect(left.map(({ name }) => name)).toContain('test_other_run_kept');
        await client.db('test_other_run_kept').dropDatabase();
      } finally {
        await client.close();
      }
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    // The tools' bundle (no Java either), removed by the teardown.
    expect(provided).toEqual({
      mongoUri: inject('mongoUri'),
      mongoEngine: 'external',
      toolsDir: expect.stringContaining('.test-build'),
      dbPrefix: expect.stringMatching(/^test_\d+_[0-9a-f]{6}_$/),
    });
    expect(existsSync(String(provided.toolsDir))).toBe(false);
    expect(existsSync(stale)).toBe(false);
    expect(readFileSync(tried, 'utf8')).toBe('');
  });
});
