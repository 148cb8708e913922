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
});
