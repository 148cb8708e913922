// stop() over HTTP with a client that keeps its connection alive (Slack, a load balancer): a
// request under way when stop() began is answered with `connection: close`, so its connection
// ends with the answer and stop() returns then, rather than once Node's keep-alive (5 s) ends
// it, within main.ts's 10 s shutdown limit.
// The outbox from beginStop() (main: at the signal, before the job tick under way ends) starts no
// new pass, and the pass under way ends after its group under way: what is left goes out from the
// next instance, once.
import { Agent, request } from 'node:http';
import type { Socket } from 'node:net';
import { expect, test } from 'vitest';
import type { DeskApp } from '../../src/app.js';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { createLogger } from '../../src/logger.js';
import { TEST_SIGNING_SECRET, useTestApp } from '../helpers/app.js';
import { AGENT } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { holdFirstCall } from '../helpers/hold.js';
import { slackSignature, slashCommandPayload } from '../helpers/slack-requests.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

/**
 * An instance whose outbox loop runs (the file's app's does not): `next(event)` resolves at the
 * loop's next pass start, pass end or end for good (`stopped`).
 */
function loopingInstance(name: string) {
  const waiting = new Map<string, (() => void)[]>();
  const desk = app.instance(name, {
    outboxPasses: (event) => {
      for (const done of waiting.get(event)?.splice(0) ?? []) done();
    },
  });
  const next = (event: 'start' | 'end' | 'stopped') =>
    new Promise<void>((resolve) => waiting.set(event, [...(waiting.get(event) ?? []), resolve]));
  return { desk, next };
}

/** A message to `channel` written to the outbox, as a job writes it (for the loop to send). */
async function owe(desk: DeskApp, key: string, channel: string) {
  const ctx = await desk.services.workspaces.context({
    teamId: FAKE_TEAM_ID,
    actor: SYSTEM_ACTOR,
    now: app.clock.now(),
    log: createLogger('silent'),
    origin: 'job',
  });
  await desk.services.outbox.enqueue(ctx, [
    { key, kind: 'message', to: channel, data: { message: { text: key } } },
  ]);
}

const posted = () => app.fake.callsTo('chat.postMessage').map((c) => c.args.text);
const postTo = (channel: string) =>
  app.fake.callArrives((c) => c.method === 'chat.postMessage' && c.args.channel === channel);

test('/readyz answers 503 stopping from beginStop() (the server still serving: /healthz 200), and to a probe under way when stop() begins', async () => {
  // An instance of its own, so the file's app goes on serving the next test.
  const desk = app.instance('probed');
  const base = `http://127.0.0.1:${await desk.start()}`;
  const ready = () =>
    fetch(`${base}/readyz`, { headers: { connection: 'close' } }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as unknown,
    }));
  let stopped: Promise<void> | undefined;
  try {
    expect((await ready()).status).toBe(200);
    // main: at the signal, before the job tick under way ends; requests are still taken.
    desk.beginStop();
    expect(await ready()).toMatchObject({
      status: 503,
      body: { status: 'stopping', db: { state: 'up' } },
    });
    expect((await fetch(`${base}/healthz`, { headers: { connection: 'close' } })).status).toBe(200);
    // The probe's database ping is held: the probe is under way when stop() begins.
    const ping = holdFirstCall(app.db, 'ping');
    const probe = ready();
    await ping.reached;
    stopped = desk.stop();
    ping.restore();
    expect(await probe).toMatchObject({ status: 503, body: { status: 'stopping' } });
  } finally {
    await (stopped ?? desk.stop());
  }
});

test('a request under way when stop() begins: answered with connection: close, its kept-alive connection ended by the app', async () => {
  // The command's answer to its response_url is held: its request stays under way meanwhile.
  const held = app.fake.holdNext('response_url');
  const raw = new URLSearchParams(
    slashCommandPayload('/ticket', 'list', { userId: AGENT }, app.fake.responseUrl()),
  ).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const agent = new Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
  /** The client's connection, closed (by the app: the client would keep it for a minute). */
  let socketClosed: Promise<void> | undefined;
  const answered = new Promise<{ status: number; connection: string | undefined }>(
    (done, failed) => {
      const req = request(
        `${app.baseUrl}/slack/events`,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-slack-request-timestamp': String(timestamp),
            'x-slack-signature': slackSignature(TEST_SIGNING_SECRET, timestamp, raw),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            done({ status: res.statusCode ?? 0, connection: res.headers.connection }),
          );
        },
      );
      req.on('socket', (s: Socket) => {
        socketClosed = new Promise((closed) => s.once('close', () => closed()));
      });
      req.on('error', failed);
      req.end(raw);
    },
  );
  try {
    await held.arrived;
    const stopped = app.stop();
    held.release();
    expect(await answered).toEqual({ status: 200, connection: 'close' });
    await stopped;
    expect(socketClosed).toBeDefined();
    await socketClosed;
  } finally {
    agent.destroy();
  }
});

test('from beginStop() the outbox starts no new pass: a message written then is left to the next instance, which sends it once', async () => {
  const { desk, next } = loopingInstance('looping');
  const idle = next('end');
  // Its poll is past the test: only a kick wakes it.
  desk.outbox.start(60_000);
  await idle;
  const ended = next('stopped');
  try {
    desk.beginStop();
    await owe(desk, 'written after the signal', 'C0STOP0001');
    desk.outbox.kick();
    // It used to wake for it and post it: a new pass for each kick all through the job wait.
    expect(
      await Promise.race([
        ended.then(() => 'no new pass'),
        postTo('C0STOP0001').then(() => 'posted by the stopping instance'),
      ]),
    ).toBe('no new pass');
  } finally {
    await desk.stop();
  }
  expect(posted()).toEqual([]);
  expect(app.logs.filter((l) => l.msg.startsWith('outbox: no new pass')).length).toBe(1);
  expect((await app.instance('next').outbox.drain()).sent).toBe(1);
  expect(posted()).toEqual(['written after the signal']);
});

test('a pass under way as the stop begins ends after the group it is delivering: the rest goes out from the next instance, nothing twice', async () => {
  const { desk, next } = loopingInstance('looping');
  await owe(desk, 'first', 'C0STOP0001');
  await owe(desk, 'second', 'C0STOP0002');
  const post = app.fake.holdNext('chat.postMessage');
  desk.outbox.start(60_000);
  await post.arrived;
  const ended = next('stopped');
  try {
    desk.beginStop();
    post.release();
    // It used to go on with the pass (each group paced, no bound) until stop() was awaited.
    expect(
      await Promise.race([
        ended.then(() => 'pass ended'),
        postTo('C0STOP0002').then(() => 'second posted by the stopping instance'),
      ]),
    ).toBe('pass ended');
  } finally {
    post.release();
    await desk.stop();
  }
  expect(posted()).toEqual(['first']);
  expect((await app.instance('next').outbox.drain()).sent).toBe(1);
  expect(posted()).toEqual(['first', 'second']);
});
