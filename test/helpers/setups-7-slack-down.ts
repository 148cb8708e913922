// Setups of the tests that start a desk app by hand while Slack cannot be reached.
import { afterAll, beforeAll, inject } from 'vitest';
import { createDeskApp, type AppDeps, type AppOptions, type DeskApp } from '../../src/app.js';
import type { EngineKind } from '../../src/db/engine.js';
import { FakeSlack } from './fake-slack.js';
import { TcpProxy } from './tcp-proxy.js';

/**
 * A desk app on the run's database engine, with the options the hand-built tests share (no
 * outbox loop, listeners that answer after their work, no ack budget) and `options` over them.
 */
export function handBuiltDesk(deps: Omit<AppDeps, 'engine'>, options: AppOptions = {}): DeskApp {
  return createDeskApp(
    { ...deps, engine: inject('mongoEngine') as EngineKind },
    { outboxLoop: false, processBeforeResponse: true, submitAckBudgetMs: null, ...options },
  );
}

/**
 * A fake Slack (started before all) behind a proxy that learns its port, then stops: nothing
 * listens at the proxy's port until a test starts it. Both stopped after all.
 */
export function useFakeSlackBehindStoppedProxy(): { fake: FakeSlack; proxy: TcpProxy } {
  const fake = new FakeSlack();
  const proxy = new TcpProxy({ host: '127.0.0.1', port: 0 });
  beforeAll(async () => {
    await fake.start();
    Object.assign(proxy, {
      target: { host: '127.0.0.1', port: Number(new URL(fake.apiUrl).port) },
    });
    await proxy.start();
    await proxy.stop();
  });
  afterAll(async () => {
    await proxy.stop();
    await fake.stop();
  });
  return { fake, proxy };
}
