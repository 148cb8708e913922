// stop() over HTTP with a client that keeps its connection alive (Slack, a load balancer): a
// request under way when stop() began is answered with `connection: close`, so its connection
// ends with the answer and stop() returns then, rather than once Node's keep-alive (5 s) ends
// it, within main.ts's 10 s shutdown limit.
import { Agent, request } from 'node:http';
import type { Socket } from 'node:net';
import { expect, test } from 'vitest';
import { TEST_SIGNING_SECRET, useTestApp } from '../helpers/app.js';
import { AGENT } from '../helpers/factories.js';
import { holdFirstCall } from '../helpers/hold.js';
import { slackSignature, slashCommandPayload } from '../helpers/slack-requests.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

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
