import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { childEnv } from '../helpers/child.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { SlackRequests } from '../helpers/slack-requests.js';

// `npm start` runs the compiled src/main.ts; here the same file runs from source through tsx.
const MAIN = ['--import', 'tsx', 'src/main.ts'];
const SECRET = 'start-test-signing-secret';
const TOKEN = 'xoxb-start-test-token-SECRET';

function run(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, MAIN, {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function finish(
  child: ChildProcess,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, stderr };
}

describe('npm start', () => {
  test('SIGTERM sent to the `npm start` process (as a supervisor does) stops the app itself, in order', async () => {
    // The compiled app (`npm run build` first, as for every test of this project), through npm's
    // script shell as an operator starts it: npm passes the signal on to its child only.
    const fake = new FakeSlack();
    await fake.start();
    const npm = spawn('npm', ['start'], {
      env: childEnv({
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.apiUrl,
        MONGODB_URI: `${inject('mongoUri').replace(/\/$/, '')}/start_npm_${process.pid}`,
        PORT: '0',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that whatever is left of it can be ended after the test.
      detached: true,
    });
    try {
      const lines: string[] = [];
      let stopped!: () => void;
      const stoppedLine = new Promise<void>((resolve) => (stopped = resolve));
      const port = await new Promise<number>((resolve, reject) => {
        npm.once('exit', (code) =>
          reject(new Error(`npm start exited ${code}: ${lines.join('\n')}`)),
        );
        createInterface({ input: npm.stdout! }).on('line', (line) => {
          lines.push(line);
          const started = /"port":(\d+),"msg":"care desk started"/.exec(line);
          if (started) resolve(Number(started[1]));
          if (line.includes('"msg":"stopped"')) stopped();
        });
      });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

      npm.kill('SIGTERM');
      const outcome = await Promise.race([
        stoppedLine.then(() => 'stopped'),
        new Promise((resolve) => setTimeout(() => resolve('still running'), 15_000)),
      ]);
      expect(outcome).toBe('stopped');
      expect(lines.join('\n')).toContain('"signal":"SIGTERM"');
      // Nothing serves the port any more: the app did not stay behind, orphaned.
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    } finally {
      try {
        process.kill(-npm.pid!, 'SIGKILL');
      } catch {
        // the group is gone already
      }
      await fake.stop();
    }
  }, 60_000);

  test('missing configuration: exits non-zero listing every missing key, no stack trace', async () => {
    const { code, stderr } = await finish(run({}));
    expect(code).toBe(1);
    expect(stderr).toContain('SLACK_BOT_TOKEN: required');
    expect(stderr).toContain('SLACK_SIGNING_SECRET: required in HTTP mode');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test('the .env.example placeholder SLACK_BOT_TOKEN=xoxb- is refused exactly like a missing token', async () => {
    const missing = await finish(run({}));
    const placeholder = await finish(run({ SLACK_BOT_TOKEN: 'xoxb-' }));
    expect(placeholder.code).toBe(1);
    expect(placeholder.stderr).toBe(missing.stderr);
    expect(placeholder.stderr).toContain('SLACK_BOT_TOKEN: required (the Bot User OAuth Token');
  });

  test('bad values: every bad key is named and no secret is echoed', async () => {
    const { code, stderr } = await finish(
      run({
        SLACK_BOT_TOKEN: 'not-a-token-SECRET',
        SLACK_SIGNING_SECRET: 'secret-SECRET',
        PORT: 'eighty',
        ADMIN_USER_IDS: 'U0OK00001,bob',
        DEFAULT_TIME_ZONE: 'Mars/Olympus',
      }),
    );
    expect(code).toBe(1);
    for (const key of ['SLACK_BOT_TOKEN', 'PORT', 'ADMIN_USER_IDS', 'DEFAULT_TIME_ZONE'])
      expect(stderr).toContain(`${key}:`);
    expect(stderr).not.toContain('SECRET');
  });

  test('a MONGODB_URI where no database answers: the one line says it is the database, where, and no password', async () => {
    const { code, stdout, stderr } = await finish(
      run({
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        MONGODB_URI: 'mongodb://desk:Pa55-SECRET@127.0.0.1:1/care',
        PORT: '0',
      }),
    );
    expect(code).toBe(1);
    expect(stdout).not.toContain('care desk started');
    expect(stderr).toMatch(
      /^care desk failed to start: cannot connect to the database \(MONGODB_URI\) at 127\.0\.0\.1:1: .*ECONNREFUSED/,
    );
    expect(stderr + stdout).not.toContain('SECRET');
  });

  describe('in HTTP mode against a fake Slack', () => {
    const fake = new FakeSlack();
    let child: ChildProcess;
    let port = 0;
    const out: string[] = [];
    let exited: Promise<number | null>;

    beforeAll(async () => {
      await fake.start();
      child = run({
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.apiUrl,
        MONGODB_URI: `${inject('mongoUri').replace(/\/$/, '')}/start_test_${process.pid}`,
        PORT: '0',
      });
      exited = new Promise((resolve) => child.once('exit', resolve));
      child.stderr!.on('data', (c: Buffer) => out.push(c.toString()));
      port = await new Promise<number>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out.join('')}`)));
        createInterface({ input: child.stdout! }).on('line', (line) => {
          out.push(line);
          const entry = JSON.parse(line) as { msg: string; port?: number };
          if (entry.msg === 'care desk started' && entry.port) resolve(entry.port);
        });
      });
    }, 60_000);

    afterAll(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await fake.stop();
    });

    test('its start-up line says HTTP mode, one bot token and the Slack it calls', () => {
      const started = out
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.msg === 'care desk started');
      expect(started).toMatchObject({
        mode: 'http',
        installMode: 'single',
        slackApi: `${new URL(fake.apiUrl).host} (SLACK_API_URL)`,
        port,
      });
    });

    test('serves /healthz and signed slash commands on /slack/events', async () => {
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({
        status: 'ok',
        db: { state: 'up', engine: 'external' },
      });

      const slack = new SlackRequests(`http://127.0.0.1:${port}`, SECRET, fake);
      const res = await slack.command('/ticket', 'help');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ response_type: 'ephemeral' });
      // The token is checked once per process, and that one answer also says which workspace
      // it serves (src/slack/bot-token.ts, served.ts); never again per request.
      expect(fake.callsTo('auth.test')).toHaveLength(1);
      await slack.command('/ticket', 'help');
      expect(fake.callsTo('auth.test')).toHaveLength(1);
    });

    test('SIGTERM stops it cleanly with exit code 0, and no token was ever logged', async () => {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const logs = out.join('\n');
      expect(logs).toContain('"msg":"stopped"');
      expect(logs).toContain('"engine":"external"');
      expect(logs).not.toContain(TOKEN);
      expect(logs).not.toContain(SECRET);
    });
  });
});
