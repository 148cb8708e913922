// The outbox's background loop while nothing is due: it used to pass every 2 s (the waits' read,
// four lane reads, the owed Homes' read).
// Now a pass finding nothing due reads one entry's due time instead of the lanes, and the wait
// doubles up to IDLE_WAIT_MAX_MS (15 s), never past the soonest entry's due time; this instance's
// own writes end it at once. The loop runs on virtual time: the test fires its timer itself.
// (Before: 188 commands measured with the heartbeat written once, the pacing clock not moving;
// 194 with it every 10 s as here and in production: 31 passes of 6, 7 heartbeats, the start's
// delete of old heartbeats.)
import { expect, test } from 'vitest';
import { IDLE_WAIT_MAX_MS } from '../../src/notify/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { commandsWhile, idleInstance, owe } from '../helpers/outbox-idle.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

const posted = () => app.fake.callsTo('chat.postMessage').map((c) => c.args.text);

test('an idle instance waits 4 s, 8 s, then 15 s between passes, each pass reading no lane: 24 commands in an idle minute, not 194', async () => {
  const loop = idleInstance(app, 'idle');
  const waits: number[] = [];
  const commands = await commandsWhile(app, async () => {
    const first = loop.ended();
    loop.desk.outbox.start();
    await first;
    let elapsed = 0;
    while (elapsed + loop.waiting() <= 60_000) {
      waits.push(loop.waiting());
      elapsed += loop.waiting();
      await loop.fire();
    }
  });
  await loop.desk.outbox.stop();
  expect(waits).toEqual([4_000, 8_000, 15_000, 15_000, 15_000]);
  expect(IDLE_WAIT_MAX_MS).toBe(15_000);
  // Six passes in the minute (at 0, 4, 12, 27, 42 and 57 s): each reads the waits and the
  // heartbeats, the soonest entry's due time and the owed Homes (3), and writes its heartbeat
  // when 10 s old (all but the 4 s one: 5); and the start's delete of old heartbeats (1). Past
  // the first minute, 4 passes of 4: 16 a minute.
  expect(loop.passes()).toBe(6);
  expect(commands).toBe(6 * 3 + 5 + 1);
});

test("this instance's own write ends the wait at once (a job's message, no kick): posted at once, then the loop waits 2 s, then backs off again", async () => {
  const loop = idleInstance(app, 'woken');
  const first = loop.ended();
  loop.desk.outbox.start();
  await first;
  try {
    await loop.fire();
    await loop.fire();
    expect(loop.waiting()).toBe(15_000);
    // 5 s into the 15 s wait: written, the next pass is at once.
    app.clock.advance(5_000);
    const woken = loop.ended();
    await owe(app, loop.desk, 'a job wrote it', 'C0IDLE0001');
    await woken;
    expect(posted()).toEqual(['a job wrote it']);
    // The pass sent something: the next one is at the poll's 2 s.
    expect(loop.waiting()).toBe(2_000);
    await loop.fire();
    expect(loop.waiting()).toBe(4_000);
    // Written within 2 s of the last pass's end: the next pass is 2 s after it, not at once
    // (a burst of requests makes one pass per 2 s, as the loop always made).
    app.clock.advance(500);
    const timers = loop.timersSet();
    await owe(app, loop.desk, 'written soon after', 'C0IDLE0001');
    expect(loop.timersSet()).toBe(timers + 1);
    expect(loop.waiting()).toBe(1_500);
    await loop.fire();
    expect(posted()).toEqual(['a job wrote it', 'written soon after']);
  } finally {
    await loop.desk.outbox.stop();
  }
});

test("an entry due later, another instance's, is sent at its due time: the wait ends then, not at 15 s; one due now written by another instance waits 15 s at most", async () => {
  const loop = idleInstance(app, 'timed');
  const first = loop.ended();
  loop.desk.outbox.start();
  await first;
  try {
    await loop.fire();
    await loop.fire();
    expect(loop.waiting()).toBe(15_000);
    // Another instance (the file's app) writes a message due 20 s on: this one is not told.
    const due = new Date(app.clock.now().getTime() + 20_000);
    await owe(app, app.desk, 'due in 20 s', 'C0IDLE0002', due);
    expect(loop.waiting()).toBe(15_000);
    await loop.fire();
    expect(posted()).toEqual([]);
    // Its pass read the due time: it waits 5 s, not 15 s.
    expect(loop.waiting()).toBe(5_000);
    await loop.fire();
    expect(app.clock.now()).toEqual(due);
    expect(posted()).toEqual(['due in 20 s']);
    // Due now, written by another instance: at the end of the wait under way, 15 s at most.
    await loop.fire();
    await loop.fire();
    await owe(app, app.desk, 'due now', 'C0IDLE0002');
    expect(loop.waiting()).toBeLessThanOrEqual(IDLE_WAIT_MAX_MS);
    await loop.fire();
    expect(posted()).toEqual(['due in 20 s', 'due now']);
  } finally {
    await loop.desk.outbox.stop();
  }
});

test("a stop whose heartbeat's delete the database holds ends all the same (after 1 s), the delete going on after it", async () => {
  const loop = idleInstance(app, 'stopping');
  const first = loop.ended();
  loop.desk.outbox.start();
  await first;
  const beats = () =>
    app.db.models.slackWaits.countDocuments({ teamId: '', method: /^instance:stopping:/ });
  expect(await beats()).toBe(1);
  const service = loop.desk.services.outbox;
  const stopBeating = service.stopBeating.bind(service);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let deleting: Promise<void> | undefined;
  service.stopBeating = (instance) =>
    (deleting = (async () => {
      await held;
      await stopBeating(instance);
    })());
  try {
    // Not released: the stop ends by its own wait.
    await loop.desk.outbox.stop();
    expect(deleting).toBeDefined();
    expect(await beats()).toBe(1);
  } finally {
    release();
    service.stopBeating = stopBeating;
  }
  await deleting;
  expect(await beats()).toBe(0);
});
