// The outbox's background loop on virtual time, for the idle-loop tests: an instance whose loop
// timer the test fires itself, the database commands a piece of work sends, and a message written
// to the outbox as a job writes it.
import { expect } from 'vitest';
import type { DeskApp } from '../../src/app.js';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { createLogger } from '../../src/logger.js';
import type { TestApp } from './app.js';
import { FAKE_TEAM_ID } from './fake-slack.js';

/**
 * An instance whose loop runs on virtual time: `waits` says each wait it asked for, `ended()`
 * resolves at its next pass's end, `fire()` moves the app clock by the wait asked and ends it.
 */
export function idleInstance(app: TestApp, name: string) {
  const timers: { ms: number; fire: () => void; live: boolean }[] = [];
  const ends: (() => void)[] = [];
  let passes = 0;
  const desk: DeskApp = app.instance(name, {
    // The heartbeat's throttle (every 10 s) on the app clock, as in production.
    pacing: { sleep: async () => {}, clockMs: () => app.clock.now().getTime() },
    outboxTimer: (ms, fire) => {
      const timer = { ms, fire, live: true };
      timers.push(timer);
      return () => {
        timer.live = false;
      };
    },
    outboxPasses: (event) => {
      if (event !== 'end') return;
      passes += 1;
      for (const done of ends.splice(0)) done();
    },
  });
  const live = () => {
    const on = timers.filter((t) => t.live);
    expect(on).toHaveLength(1);
    return on[0]!;
  };
  return {
    desk,
    ended: () => new Promise<void>((resolve) => ends.push(resolve)),
    /** The wait the loop is in now, in ms. */
    waiting: () => live().ms,
    /** The wait ends (the app clock moved by it); resolves at the pass's end. */
    async fire(): Promise<void> {
      const timer = live();
      const ended = new Promise<void>((resolve) => ends.push(resolve));
      app.clock.advance(timer.ms);
      timer.live = false;
      timer.fire();
      await ended;
    },
    passes: () => passes,
    timersSet: () => timers.length,
  };
}

/** The database commands `work` sends. */
export async function commandsWhile(app: TestApp, work: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const started = () => {
    count += 1;
  };
  const client = app.db.conn.getClient();
  client.on('commandStarted', started);
  try {
    await work();
  } finally {
    client.off('commandStarted', started);
  }
  return count;
}

/** A message to `channel` written to the outbox by `desk`, as a job writes it (no kick). */
export async function owe(
  app: TestApp,
  desk: DeskApp,
  key: string,
  channel: string,
  notBefore?: Date,
) {
  const ctx = await desk.services.workspaces.context({
    teamId: FAKE_TEAM_ID,
    actor: SYSTEM_ACTOR,
    now: app.clock.now(),
    log: createLogger('silent'),
    origin: 'job',
  });
  await desk.services.outbox.enqueue(ctx, [
    {
      key,
      kind: 'message',
      to: channel,
      data: { message: { text: key } },
      ...(notBefore ? { notBefore } : {}),
    },
  ]);
}
