import { describe, expect, test } from 'vitest';
import { TEST_APP_TOKEN } from '../helpers/app.js';
import type { DeskApp } from '../../src/app.js';
import type { SocketModeConnection } from '../helpers/fake-socket-mode.js';
import { slashCommandPayload } from '../helpers/slack-requests.js';
import { useSocketDesk } from '../helpers/socket-desk.js';

// Slack recycles Socket Mode connections every few hours (a `disconnect` message, reason
// `refresh_requested`, sometimes after `warning`): the desk asks for the next one at once, and
// retries failed tries with a capped back-off (virtual time: recorded, never slept).
const { fake, capture, build: buildDesk } = useSocketDesk();
const waits: number[] = [];
/** The reconnects' clock (virtual: a wait moves it on by what it waits, a test by hand). */
let now = Date.parse('2026-11-24T02:00:00Z');

/**
 * How often the desk's reconnects came to rest (a run of tries ended: its start's, a
 * reconnect's; a connection lost while stopping), and who waits for a count.
 */
let rests = 0;
let restWaiters: { count: number; resolve: () => void }[] = [];

async function build(stopWaitMs?: number): Promise<DeskApp> {
  const { desk } = await buildDesk({
    socketReconnect: {
      ...(stopWaitMs === undefined ? {} : { stopWaitMs }),
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
      now: () => now,
      idle: () => {
        rests++;
        for (const w of restWaiters.filter((w) => rests >= w.count)) w.resolve();
        restWaiters = restWaiters.filter((w) => rests < w.count);
      },
    },
  });
  return desk;
}

/**
 * Once the desk's reconnects came to rest the `count`th time. A run's every try is said (an info
 * line) or waits (`waits`) before anything else it does, and a lost connection that is not
 * followed by a run says it is at rest, so a try that should not be is in the logs or the waits
 * by then: the tests look there, not at the clock.
 */
function atRest(count: number): Promise<void> {
  if (rests >= count) return Promise.resolve();
  return new Promise((resolve) => restWaiters.push({ count, resolve }));
}

/** The desk's info lines for the tries it made of a new connection after its start. */
function tryLines() {
  return capture.lines.filter((l) => /^asking Slack for a new Socket Mode/.test(l.msg));
}

/** What those lines said. */
function triesSaid(): string[] {
  return tryLines().map((l) => l.msg);
}

/**
 * A desk built after the tests before are forgotten: the fake's calls and connections, the logs,
 * the waits. `stopWaitMs`: how long its stop() waits at most for a try under way (5 s by default).
 */
async function freshDesk(stopWaitMs?: number): Promise<DeskApp> {
  fake.reset();
  fake.socketMode.connections.length = 0;
  capture.lines.length = 0;
  waits.length = 0;
  rests = 0;
  restWaiters = [];
  return build(stopWaitMs);
}

/** The connection after `count - 1` others, waiting at most `withinMs` of real time for it. */
async function nthConnection(count: number, withinMs: number): Promise<SocketModeConnection> {
  const deadline = Date.now() + withinMs;
  while (fake.socketMode.connections.length < count && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  expect(fake.socketMode.connections, `connection ${count} within ${withinMs} ms`).toHaveLength(
    count,
  );
  return fake.socketMode.connections[count - 1]!;
}

/**
 * A fresh desk (`freshDesk`) started, its first connection recycled by Slack (refresh_requested)
 * while the reconnect's apps.connections.open is held: a try under way, until `held` is released.
 */
async function tryUnderWay(stopWaitMs?: number) {
  const desk = await freshDesk(stopWaitMs);
  await desk.start();
  const first = await nthConnection(1, 2_000);
  const held = fake.holdNext('apps.connections.open');
  first.sendJson({ type: 'disconnect', reason: 'refresh_requested' });
  await held.arrived;
  return { desk, first, held };
}

async function helpAck(connection: SocketModeConnection): Promise<string | undefined> {
  const ack = await connection.deliver(
    'slash_commands',
    slashCommandPayload('/ticket', 'help', {}, fake.responseUrl()),
  );
  return ack.payload?.text as string | undefined;
}

/**
 * Once the desk has read the connection's `hello`, the moment its virtual clock starts counting
 * how long the connection lived: it acks a command sent after it. The fake has the connection (and
 * nthConnection returns it) before the desk reads `hello`, under load well before, so a clock
 * moved on before this would be read only at `hello`, the connection then not having lived at all.
 */
async function helloRead(connection: SocketModeConnection): Promise<void> {
  expect(await helpAck(connection)).toContain('*/ticket*: service tickets');
}

describe('Socket Mode reconnects', () => {
  test('refresh_requested (after warning): a new connection at once, and a command over it is acked', async () => {
    const desk = await freshDesk();
    try {
      await desk.start();
      const first = await nthConnection(1, 2_000);
      expect(fake.callsTo('apps.connections.open')).toHaveLength(1);

      first.sendJson({ type: 'disconnect', reason: 'refresh_requested' });
      await first.closed;
      // The library waited 5 s (clientPingTimeout) before it asked again.
      const second = await nthConnection(2, 2_000);
      expect(fake.callsTo('apps.connections.open')).toHaveLength(2);
      expect(waits).toEqual([]);
      expect(await helpAck(second)).toContain('*/ticket*: service tickets');

      // `warning` is Slack's notice too (on a connection that lived a minute).
      now += 60_000;
      second.sendJson({ type: 'disconnect', reason: 'warning' });
      const third = await nthConnection(3, 2_000);
      expect(await helpAck(third)).toContain('*/ticket*: service tickets');
      expect(waits).toEqual([]);

      const said = capture.lines.filter((l) => l.level >= 30).map((l) => [l.level, l.msg]);
      expect(said).toEqual([
        [
          30,
          'asking Slack for a new Socket Mode connection (try 1, at once): Slack closed the connection (refresh_requested)',
        ],
        [
          30,
          'asking Slack for a new Socket Mode connection (try 1, at once): Slack closed the connection (warning)',
        ],
      ]);
    } finally {
      await desk.stop();
    }
    expect(capture.raw.join('')).not.toContain(TEST_APP_TOKEN);
    expect(fake.violations).toEqual([]);
  });

  test('failing apps.connections.open answers: tried again 1 s doubling up to 30 s, each try said once', async () => {
    const desk = await freshDesk();
    try {
      await desk.start();
      const first = await nthConnection(1, 2_000);
      fake.failNext('apps.connections.open', 'internal_error', 7);
      first.sendJson({ type: 'disconnect', reason: 'refresh_requested' });
      const second = await nthConnection(2, 5_000);
      expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
      expect(fake.callsTo('apps.connections.open')).toHaveLength(9);
      expect(await helpAck(second)).toContain('*/ticket*: service tickets');

      const tries = tryLines();
      expect(tries.map((l) => [l.level, l.attempt, l.waitedMs])).toEqual([
        [30, 1, 0],
        [30, 2, 1000],
        [30, 3, 2000],
        [30, 4, 4000],
        [30, 5, 8000],
        [30, 6, 16000],
        [30, 7, 30000],
        [30, 8, 30000],
      ]);
      expect(tries[1]).toMatchObject({
        component: 'socket-mode',
        reason: 'apps.connections.open answered internal_error',
        msg: 'asking Slack for a new Socket Mode connection (try 2, after 1 s): apps.connections.open answered internal_error',
      });
    } finally {
      await desk.stop();
    }
    expect(capture.raw.join('')).not.toContain(TEST_APP_TOKEN);
  });

  test('stop() does not reconnect: the connection is closed (1000) and no new one is asked for', async () => {
    const desk = await freshDesk();
    await desk.start();
    const first = await nthConnection(1, 2_000);
    await desk.stop();
    expect(await first.closed).toBe(1000);
    // At rest after its start's run, then after the connection closed by stop() (no run).
    await atRest(2);
    expect(capture.lines.filter((l) => l.level >= 30)).toEqual([]);
    expect(fake.callsTo('apps.connections.open')).toHaveLength(1);
  });

  /** Whether the connection is still open after `ms` of real time. */
  async function stillOpen(connection: SocketModeConnection, ms = 1_000): Promise<boolean> {
    const timeout = new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), ms));
    return (await Promise.race([connection.closed, timeout])) === 'open';
  }

  test('stop() while apps.connections.open is under way: the connection it hands out is closed again, and no other is asked for', async () => {
    const { desk, first, held } = await tryUnderWay();
    const stopped = desk.stop();
    held.release();
    await stopped;
    // The run of tries ends once it has closed the connection it opened after stop().
    await atRest(2);
    // The library opened the WebSocket of the answer all the same (Slack said hello on it).
    const second = await nthConnection(2, 2_000);
    expect(await stillOpen(second)).toBe(false);
    expect(await stillOpen(first, 0)).toBe(false);
    expect(triesSaid()).toHaveLength(1);
    expect(fake.callsTo('apps.connections.open')).toHaveLength(2);
    expect(fake.socketMode.connections).toHaveLength(2);
    expect(waits).toEqual([]);
  });

  test('stop() returns only once the try under way has ended: the connection it opened is closed by then, the run at rest', async () => {
    const { desk, held } = await tryUnderWay();
    // What stood when stop() returned: the runs at rest (the reconnect's ends once it has
    // closed the connection it opened), the connections the fake had.
    const stopped = desk
      .stop()
      .then(() => ({ rests, connections: fake.socketMode.connections.length }));
    held.release();
    expect(await stopped).toEqual({ rests: 2, connections: 2 });
    expect(await fake.socketMode.connections[1]!.closed).toBeDefined();
    expect(triesSaid()).toHaveLength(1);
  });

  test('stop() while a try is under way that then fails: no wait after it, no further try', async () => {
    const { desk, held } = await tryUnderWay();
    const stopped = desk.stop();
    held.release('internal_error');
    await stopped;
    await atRest(2);
    // No back-off wait started after stop() (the default's timer would hold the process 1 s).
    expect(waits).toEqual([]);
    expect(triesSaid()).toHaveLength(1);
    expect(fake.callsTo('apps.connections.open')).toHaveLength(2);
    expect(fake.socketMode.connections).toHaveLength(1);
  });

  test('stop() while a try is under way that does not end in time: it stops without waiting longer, said once (not again by the receiver’s disconnect)', async () => {
    const { desk, held } = await tryUnderWay(0);
    // The try is held past stop()'s wait (0 ms): stop() returns without it.
    await desk.stop();
    // A second wait, of the same length, would have been started after stop()'s own (by the
    // receiver's stop, client.disconnect()): a timer set now fires after it (no time slept).
    await new Promise((resolve) => setTimeout(resolve, 0));
    const warned = capture.lines.filter((l) =>
      /^stopped without waiting longer for the Socket Mode connection/.test(l.msg),
    );
    held.release();
    await atRest(2);
    expect(warned).toEqual([expect.objectContaining({ level: 40, waitedMs: 0 })]);
    expect(triesSaid()).toHaveLength(1);
  });

  test('connections that get hello and are dropped at once: the waits grow 1 s doubling to 30 s, from the start again once one lived 10 s', async () => {
    const desk = await freshDesk();
    try {
      await desk.start();
      for (let n = 1; n <= 8; n++) (await nthConnection(n, 2_000)).close();
      const ninth = await nthConnection(9, 2_000);
      expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
      const tries = tryLines();
      expect(tries.map((l) => [l.attempt, l.waitedMs, l.reason])).toEqual(
        waits.map((ms) => [1, ms, 'the connection to Slack was lost']),
      );

      // The ninth lives a minute: lost, it is asked for again at once; the next, lost at once,
      // waits 1 s again.
      await helloRead(ninth);
      waits.length = 0;
      now += 60_000;
      ninth.close();
      (await nthConnection(10, 2_000)).close();
      await nthConnection(11, 2_000);
      expect(waits).toEqual([1000]);
      expect(await helpAck(fake.socketMode.connections[10]!)).toContain(
        '*/ticket*: service tickets',
      );
    } finally {
      await desk.stop();
    }
    expect(fake.violations).toEqual([]);
  });

  test('refresh_requested right after hello twice in a row: the first is asked for at once, the second waits', async () => {
    const desk = await freshDesk();
    try {
      await desk.start();
      (await nthConnection(1, 2_000)).sendJson({ type: 'disconnect', reason: 'refresh_requested' });
      (await nthConnection(2, 2_000)).sendJson({ type: 'disconnect', reason: 'refresh_requested' });
      (await nthConnection(3, 2_000)).sendJson({ type: 'disconnect', reason: 'warning' });
      const fourth = await nthConnection(4, 2_000);
      expect(waits).toEqual([1000, 2000]);
      const tries = tryLines();
      expect(tries.map((l) => l.msg)).toEqual([
        'asking Slack for a new Socket Mode connection (try 1, at once): Slack closed the connection (refresh_requested)',
        'asking Slack for a new Socket Mode connection (try 1, after 1 s): Slack closed the connection (refresh_requested)',
        'asking Slack for a new Socket Mode connection (try 1, after 2 s): Slack closed the connection (warning)',
      ]);
      expect(await helpAck(fourth)).toContain('*/ticket*: service tickets');
    } finally {
      await desk.stop();
    }
    expect(fake.violations).toEqual([]);
  });
});
