import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

// The app reaches the database through a proxy this file can cut, so "the database stopped"
// is real (the driver loses its connections) whatever engine the run uses.
const proxy = TcpProxy.forMongoUri(inject('mongoUri'));
beforeAll(() => proxy.start());
afterAll(() => proxy.stop());
const app = useTestApp({ mongoUri: () => proxy.uri(inject('mongoUri')) });

describe('health and a database outage', () => {
  test('GET /healthz answers 200 with the database state while the database is up', async () => {
    const res = await fetch(`${app.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      db: { state: 'up', engine: inject('mongoEngine') },
    });
  });

  test('with the database gone: /healthz is 503 and a command gets a readable error with a reference', async () => {
    await app.slack.command('/ticket', 'help'); // the workspace's language is now known
    await proxy.stop();

    const health = await fetch(`${app.baseUrl}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'unavailable', db: { state: 'down' } });

    // Help needs no database (the settings are cached); the open tickets do.
    const res = await app.slack.command('/ticket', 'list');
    expect(res.status).toBe(200);
    expect(res.body.response_type).toBe('ephemeral');
    expect(res.body.text).toMatch(
      /^The desk cannot reach its database right now, so nothing was changed\./,
    );
    const ref = /reference `(E-[0-9A-F]{8})`/.exec(res.body.text)?.[1];
    expect(ref).toBeDefined();
    expect(app.logs.find((l) => l.ref === ref)).toMatchObject({
      msg: 'listener failed',
      code: 'DB_UNAVAILABLE',
    });

    // The database comes back: the app recovers without a restart.
    await proxy.start();
    const again = await app.slack.command('/ticket', 'help');
    expect(again.body.text).toContain('*/ticket*: service tickets');
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
  });
});
