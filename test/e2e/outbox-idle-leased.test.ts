// The outbox's idle loop while another instance holds an entry (a delivery in flight, or an
// instance that died holding it): the entry counts as due at its lease end, so the idle
// instance backs off (4 s, 8 s, 15 s) instead of passing every 2 s, and takes the entry over
// when the lease ends (revp64 F2: a leased entry kept its past `nextAt`, and every instance
// passed every 2 s with all its lane reads while any entry anywhere was leased).
// The loop runs on virtual time: the test fires its timer itself.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { commandsWhile, idleInstance, owe } from '../helpers/outbox-idle.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

const posted = () => app.fake.callsTo('chat.postMessage').map((c) => c.args.text);

test('an entry leased by a dead instance for 60 s: the idle instance backs off 4, 8, 15 s, and takes it over at the lease end', async () => {
  const dead = app.instance('dead', {
    pacing: { sleep: async () => {}, clockMs: () => app.clock.now().getTime() },
  });
  await owe(app, dead, 'held by the dead', 'C0IDLE0001');
  const due = await dead.services.outbox.due(app.clock.now(), 10);
  expect(due).toHaveLength(1);
  const leased = await dead.services.outbox.lease(
    due,
    'dead-owner',
    app.clock.now(),
    new Date(app.clock.now().getTime() + 60_000),
  );
  expect(leased).toHaveLength(1);
  const loop = idleInstance(app, 'idle');
  const first = loop.ended();
  loop.desk.outbox.start();
  await first;
  const waits: number[] = [];
  let elapsed = 0;
  try {
    const commands = await commandsWhile(app, async () => {
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
