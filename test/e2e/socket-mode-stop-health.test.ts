import { request } from 'node:http';
import { describe, expect, test } from 'vitest';
import { useSocketDesk } from '../helpers/socket-desk.js';

// Socket Mode's stop: beginStop() (main: at SIGTERM, before the job tick and the outbox pass end)
// closes the connection only; the receiver's HTTP server (/healthz, /readyz, /metrics) answers on
// until stop() ends, so a liveness probe or a scrape meanwhile does not fail. /readyz says 503
// `stopping` from beginStop(): no request of Slack reaches the instance any more.
const { fake, build } = useSocketDesk();

/** A route's status, or the connection's error code (refused: the server closed). */
const get = (port: number, path: string) =>
  fetch(`http://127.0.0.1:${port}${path}`, { headers: { connection: 'close' } }).then(
    async (r) => (await r.text(), r.status),
    (e: unknown) => String((e as { cause?: { code?: string } }).cause?.code ?? e),
  );

describe('Socket Mode stop and the health routes', () => {
  test('/healthz, /readyz and /metrics answer after beginStop() closed the connection, until stop() ends; /readyz 503 stopping', async () => {
    fake.reset();
    fake.socketMode.connections.length = 0;
    const { desk, port } = await build();
    await desk.start();
    const connection = await fake.socketMode.connection();
    expect(await get(port, '/healthz')).toBe(200);
    expect(await get(port, '/readyz')).toBe(200);
    desk.beginStop();
    expect(await connection.closed).toBe(1000);
    // The job tick, the outbox pass and the work after the acks may still run here (up to 10 s).
    const during = {
      healthz: await get(port, '/healthz'),
      readyz: await get(port, '/readyz'),
      metrics: await get(port, '/metrics'),
    };
    const readyBody = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.json());
    await desk.stop();
    expect(during).toEqual({ healthz: 200, readyz: 503, metrics: 200 });
    expect(readyBody).toMatchObject({ status: 'stopping', db: { state: 'up' } });
    expect(await get(port, '/healthz')).toBe('ECONNREFUSED');
  });

  test('an answer under way when stop() closes the HTTP server is written in full before stop() returns', async () => {
    fake.reset();
    fake.socketMode.connections.length = 0;
    const { desk, port } = await build();
    await desk.start();
    await fake.socketMode.connection();
    // The start's own token check first; /readyz's check of Slack is then held.
    await fake.callArrives((c) => c.method === 'auth.test');
    const held = fake.holdNext('auth.test');
    // Its own connection (no pool): the answer, its status, headers and whole body.
    const answer = new Promise<{ status?: number; connection?: string; body: string }>(
      (resolve, reject) => {
        request({ port, host: '127.0.0.1', path: '/readyz', agent: false }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () =>
            resolve({ status: res.statusCode, connection: res.headers.connection, body }),
          );
          res.on('error', reject);
        })
          .on('error', reject)
          .end();
      },
    );
    await held.arrived;
    let stopped = false;
    const stopping = desk.stop().then(() => (stopped = true));
    // The server no longer takes connections: stop() has closed it (the old stop returned then).
    const refused = () =>
      new Promise<string>((resolve) =>
        request({ port, host: '127.0.0.1', path: '/healthz', agent: false }, (res) => {
          res.resume();
          resolve(String(res.statusCode));
        })
          .on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'))
          .end(),
      );
    while ((await refused()) !== 'ECONNREFUSED');
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    held.release();
    const got = await answer;
    await stopping;
    expect(got.status).toBe(503);
    expect(got.connection).toBe('close');
    expect(JSON.parse(got.body)).toMatchObject({ status: 'stopping', slack: { state: 'valid' } });
  });
});
