import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { SLACK_AUTH_FRESH_MS } from '../../src/app.js';
import { useTestApp } from '../helpers/app.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

// The app reaches the database through a proxy this file can cut, so "the database stopped"
// is real (the driver loses its connections) whatever engine the run uses.
const proxy = TcpProxy.forMongoUri(inject('mongoUri'));
beforeAll(() => proxy.start());
afterAll(() => proxy.stop());
const app = useTestApp({ mongoUri: () => proxy.uri(inject('mongoUri')) });

describe('health and a database outage', () => {
  test('GET /healthz (alive) and GET /readyz (database up, bot token valid) answer 200', async () => {
    const res = await fetch(`${app.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      db: { state: 'up', engine: inject('mongoEngine') },
    });
    const ready = await fetch(`${app.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      db: { state: 'up', engine: inject('mongoEngine') },
      slack: { state: 'valid' },
    });
  });

  test('a revoked token makes the instance unready; Slack failing on its side does not', async () => {
    app.clock.advance(SLACK_AUTH_FRESH_MS);
    app.fake.failNext('auth.test', 'token_revoked');
    const revoked = await fetch(`${app.baseUrl}/readyz`);
    expect(revoked.status).toBe(503);
    expect(await revoked.json()).toMatchObject({
      slack: { state: 'invalid', error: 'token_revoked' },
    });
    // Asked again only after a minute: the answer stands meanwhile.
    expect((await fetch(`${app.baseUrl}/readyz`)).status).toBe(503);
    app.clock.advance(SLACK_AUTH_FRESH_MS);
    // Slack failing on its side says nothing about the token: still ready.
    app.fake.failNext('auth.test', 'fatal_error');
    const failing = await fetch(`${app.baseUrl}/readyz`);
    expect(failing.status).toBe(200);
    expect(await failing.json()).toMatchObject({
      slack: { state: 'unknown', error: 'fatal_error' },
    });
    app.clock.advance(SLACK_AUTH_FRESH_MS);
    expect((await fetch(`${app.baseUrl}/readyz`)).status).toBe(200);
  });

  test('with the database gone: /readyz is 503 (/healthz still 200) and a command gets a readable error with a reference', async () => {
    await app.slack.command('/ticket', 'help'); // the workspace's language is now known
    await proxy.stop();

    const ready = await fetch(`${app.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'unavailable', db: { state: 'down' } });
    const alive = await fetch(`${app.baseUrl}/healthz`);
    expect(alive.status).toBe(200);
    expect(await alive.json()).toMatchObject({ status: 'ok', db: { state: 'down' } });

    // Help needs no database (the settings are cached); the open tickets do. A list only reads:
    // however far it went, nothing was changed (never "may not have been saved: check").
    const res = await app.slack.command('/ticket', 'list');
    expect(res.status).toBe(200);
    expect(res.body.response_type).toBe('ephemeral');
    expect(res.body.text).toMatch(
      /^The desk cannot reach its database right now, so nothing was changed\. Please try again in a minute/,
    );
    const ref = /reference `(E-[0-9A-F]{8})`/.exec(res.body.text)?.[1];
    expect(ref).toBeDefined();
    expect(app.logs.find((l) => l.ref === ref)).toMatchObject({
      msg: 'listener failed',
      code: 'DB_UNAVAILABLE',
    });
    // A ticket opened from a list (a button that only reads) says the same where it was clicked.
    await app.slack.blockAction(
      { action_id: 'ticket_open', value: 'T20260001' },
      { ephemeral: true },
    );
    expect(String(app.fake.callsTo('response_url').at(-1)?.args.text)).toMatch(
      /^The desk cannot reach its database right now, so nothing was changed\. Please try again in a minute/,
    );
    // A request whose settings cannot even be read failed before any listener began: nothing
    // was changed either.
    app.desk.services.workspaces.forget();
    const before = await app.slack.command('/ticket', 'list');
    expect(before.body.text).toMatch(
      /^The desk cannot reach its database right now, so nothing was changed\. Please try again in a minute/,
    );

    // The database comes back: the app recovers without a restart.
    await proxy.start();
    const again = await app.slack.command('/ticket', 'help');
    expect(again.body.text).toContain('*/ticket*: service tickets');
    expect((await fetch(`${app.baseUrl}/readyz`)).status).toBe(200);
  });
});
