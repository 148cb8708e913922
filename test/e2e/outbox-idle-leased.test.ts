// The outbox's idle loop while another instance holds an entry (a delivery in flight, or an
// instance that died holding it): the entry counts as due at its lease end, so the idle
// instance backs off (4 s, 8 s, 15 s) instead of passing every 2 s, and takes the entry over
// when the lease ends (revp64 F2: a leased entry kept its past `nextAt`, and every instance
// passed every 2 s with all its lane reads while any entry anywhere was leased).
// The loop runs on virtual time: the test fires its timer itself.
import { expect, test } from 'vitest';
import type { DeskApp } from '../../src/app.js';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { createLogger } from '../../src/logger.js';
import { useTestApp } from '../helpers/app.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

/**
 * An instance whose loop runs on virtual time: `waits` says each wait it asked for, `ended()`
 * resolves at its next pass's end, `fire()` moves the app clock by the wait asked and ends it.
 */
function idleInstance(name: string) {
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
async function commandsWhile(work: () => Promise<unknown>): Promise<number> {
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
async function owe(desk: DeskApp, key: string, channel: string, notBefore?: Date) {
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

const posted = () => app.fake.callsTo('chat.postMessage').map((c) => c.args.text);

test('an entry leased by a dead instance for 60 s: the idle instance backs off 4, 8, 15 s, and takes it over at the lease end', async () => {
  const dead = app.instance('dead', {
    pacing: { sleep: async () => {}, clockMs: () => app.clock.now().getTime() },
  });
  await owe(dead, 'held by the dead', 'C0IDLE0001');
  const due = await dead.services.outbox.due(app.clock.now(), 10);
  expect(due).toHaveLength(1);
  const leased = await dead.services.outbox.lease(
    due,
    'dead-owner',
    app.clock.now(),
    new Date(app.clock.now().getTime() + 60_000),
  );
  expect(leased).toHaveLength(1);
  const loop = idleInstance('idle');
  const first = loop.ended();
  loop.desk.outbox.start();
  await first;
  const waits: number[] = [];
  let elapsed = 0;
  try {
    const commands = await commandsWhile(async () => {
      while (!posted().length && elapsed < 90_000) {
        waits.push(loop.waiting());
        elapsed += loop.waiting();
        await loop.fire();
      }
    });
    // Backing off, the last wait cut at the lease end: posted at 60 s, not after 30 passes.
    expect(waits).toEqual([4_000, 8_000, 15_000, 15_000, 15_000, 3_000]);
    expect(elapsed).toBe(60_000);
    expect(posted()).toEqual(['held by the dead']);
    expect(loop.passes()).toBe(7);
    // Seven passes, the last one delivering (40 commands measured), not 31 passes of 7 reads.
    expect(commands).toBeLessThan(60);
  } finally {
    await loop.desk.outbox.stop();
  }
});
