// Defect 2 of issue 15 at the level of the process: one signed request must not end it, and a
// failure nothing caught is logged (a rejection: the process keeps serving; an exception: it
// exits 1 for the supervisor). The real entry point (src/main.ts) and the guards it installs each
// run in a child process, as in production.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { connectDatabase } from '../../src/db/connection.js';
import { createLogger } from '../../src/logger.js';
import { childEnv } from '../helpers/child.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { SlackRequests } from '../helpers/slack-requests.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../helpers/app.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const GUARDED = fileURLToPath(new URL('./fixtures/guarded-process.ts', import.meta.url));

interface Child {
  process: ChildProcess;
  /** Every JSON log line the child wrote to stdout so far. */
  lines: Record<string, unknown>[];
  /** The first log line matching `msg` (waits for it; rejects if the child ends first). */
  line(msg: string): Promise<Record<string, unknown>>;
  /** Resolves with the exit code once the child ended and its output was read to the end. */
  exited: Promise<number | null>;
}

function start(script: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiting: { msg: string; resolve: (l: Record<string, unknown>) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    lines.push(line);
    for (const w of waiting.filter((w) => w.msg === line.msg)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve(line);
    }
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => resolve(code)),
  );
  return {
    process: child,
    lines,
    exited,
    line: (msg) =>
      Promise.race([
        new Promise<Record<string, unknown>>((resolve) => {
          const seen = lines.find((l) => l.msg === msg);
          if (seen) resolve(seen);
          else waiting.push({ msg, resolve });
        }),
        exited.then((code) => {
          throw new Error(`the child ended (exit ${code}) before logging "${msg}"`);
        }),
      ]),
  };
}

/** The IPC message `expected`, after sending `request` (rejects if the child ends first). */
function answer(child: Child, request: string | undefined, expected: string): Promise<void> {
  return Promise.race([
    new Promise<void>((resolve) => {
      const on = (message: unknown) => {
        if (message !== expected) return;
        child.process.off('message', on);
        resolve();
      };
      child.process.on('message', on);
      if (request) child.process.send(request);
    }),
    child.exited.then((code) => {
      throw new Error(`the child ended (exit ${code}) before answering "${expected}"`);
    }),
  ]);
}

describe('the app process (src/main.ts) under hostile signed requests', () => {
  const fake = new FakeSlack();
  const dbName = `fault_main_${randomBytes(4).toString('hex')}`;
  let app: Child;
  let slack: SlackRequests;
  let baseUrl = '';

  beforeAll(async () => {
    await fake.start();
    const uri = new URL(inject('mongoUri'));
    uri.pathname = `/${dbName}`;
    app = start(MAIN, {
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      MONGODB_URI: uri.toString(),
      PORT: '0',
      LOG_LEVEL: 'info',
    });
    const started = await app.line('care desk started');
    baseUrl = `http://127.0.0.1:${started.port as number}`;
    slack = new SlackRequests(baseUrl, TEST_SIGNING_SECRET, fake);
  });

  afterAll(async () => {
    if (app.process.exitCode === null) app.process.kill('SIGTERM');
    await app.exited;
    await fake.stop();
    const db = await connectDatabase(inject('mongoUri'), dbName, createLogger('silent'));
    await db.conn.dropDatabase();
    await db.close();
  });

  /** A request to the child, or the child's exit code if it ended instead of answering. */
  async function orExit<T>(request: Promise<T>): Promise<T | { exited: number | null }> {
    return Promise.race([request, app.exited.then((code) => ({ exited: code }))]);
  }

  test('payload=null and a JSON body null get 400; the process keeps serving', async () => {
    const form = await orExit(slack.post('payload=null', 'application/x-www-form-urlencoded'));
    const json = await orExit(slack.post('null', 'application/json'));
    expect(form).toMatchObject({ status: 400, body: { ok: false, error: 'invalid_payload' } });
    expect(json).toMatchObject({ status: 400 });
    const health = await orExit(fetch(`${baseUrl}/healthz`).then((r) => r.status));
    expect(health).toBe(200);
    const help = await orExit(slack.command('/ticket', 'help'));
    expect(help).toMatchObject({ status: 200 });
    expect(app.lines.filter((l) => (l.level as number) >= 50)).toEqual([]);
  });

  test('SIGTERM still stops it cleanly (exit 0)', async () => {
    app.process.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });
});

describe('the process guards (src/process-guards.ts) in a process of their own', () => {
  test('an unhandled rejection is logged with a reference id and the process keeps answering; an uncaught exception exits 1', async () => {
    const child = start(GUARDED, { LOG_LEVEL: 'info' });
    await answer(child, undefined, 'ready');
    await answer(child, 'reject', 'rejected');
    await answer(child, 'ping', 'pong');
    child.process.send('throw');
    expect(await child.exited).toBe(1);

    const rejection = child.lines.find(
      (l) => l.msg === 'unhandled promise rejection: logged, still serving',
    );
    expect(rejection).toMatchObject({
      level: 50,
      code: 'INTERNAL',
      err: { type: 'Error', message: 'nobody waits for this promise' },
    });
    expect(rejection!.ref).toMatch(/^E-[0-9A-F]{8}$/);
    const fatal = child.lines.find(
      (l) => l.msg === 'uncaught exception: state unknown, shutting down',
    );
    expect(fatal).toMatchObject({
      level: 60,
      err: { type: 'Error', message: 'thrown out of a callback' },
    });
    const msgs = child.lines.map((l) => l.msg);
    expect(msgs.indexOf('fatal: exiting for the supervisor')).toBeGreaterThan(
      msgs.indexOf('uncaught exception: state unknown, shutting down'),
    );
  });
});
