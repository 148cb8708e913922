// Slack's rate limits are the workspace's, whichever instance calls: two instances delivering one
// workspace's backlog at once keep to chat.update's tier together (about 50 a minute, one every
// 1.2 s), each at its share (the other live, by its heartbeat in `slack_waits`), not each at the
// whole pace. Both instances' paced passes run on one virtual clock: time moves on only when
// every pass waits for its next turn, so the calls' times are those of two processes at once.
import { trusted } from 'mongoose';
import { expect, test } from 'vitest';
import type { DeskApp } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { BEAT_EVERY_MS, BEAT_LIVES_MS, BULK_SLICE } from '../../src/notify/outbox.js';
import { useTestApp } from '../helpers/app.js';
import type { RecordedCall } from '../helpers/fake-slack.js';
import { makeCustomer, makeTicket } from '../helpers/factories.js';
import { settingsKit } from '../helpers/settings.js';

const ADMIN = 'U0ADMIN001';
const TRIAGE = 'C0TRIAGE01';
const CARDS = 60;
/** chat.update's pace in one workspace (src/notify/outbox.ts UPDATE_GAP_MS): tier 3. */
const UPDATE_GAP_MS = 1200;

// Tuesday 2026-11-24 10:00 in Shanghai; business hours Mon-Fri 09:00-18:00.
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});
const { openGroup } = settingsKit(app, ADMIN);

/**
 * One virtual clock for several concurrent passes (`run`): a pacing wait ends only when every
 * pass under way waits, the soonest first, so a pass doing I/O holds the clock still. A wait
 * outside `run` passes at once.
 */
function sharedVirtualTime() {
  let now = 0;
  let running = 0;
  const sleepers: { at: number; wake: () => void }[] = [];
  const step = () => {
    if (running === 0 || sleepers.length < running) return;
    sleepers.sort((a, b) => a.at - b.at);
    const next = sleepers.shift()!;
    now = Math.max(now, next.at);
    next.wake();
  };
  return {
    clockMs: () => now,
    sleep: (ms: number) =>
      new Promise<void>((wake) => {
        if (running === 0) {
          now += ms;
          wake();
          return;
        }
        sleepers.push({ at: now + ms, wake });
        step();
      }),
    async run(...passes: (() => Promise<unknown>)[]): Promise<void> {
      running = passes.length;
      await Promise.all(
        passes.map((pass) =>
          pass().finally(() => {
            running -= 1;
            step();
          }),
        ),
      );
    },
  };
}

/** The database commands `work` sends: all, and those on `slack_waits` (waits and heartbeats). */
async function commandsWhile(
  work: () => Promise<unknown>,
): Promise<{ all: number; waits: number }> {
  const counted = { all: 0, waits: 0 };
  const started = (e: { command: Record<string, unknown> }) => {
    counted.all += 1;
    const command = e.command;
    if (Object.values(command).includes('slack_waits')) counted.waits += 1;
  };
  const client = app.db.conn.getClient();
  client.on('commandStarted', started);
  try {
    await work();
  } finally {
    client.off('commandStarted', started);
  }
  return counted;
}

/** The most calls in any window of `windowMs` (Slack counts its tiers per minute). */
function mostIn(calls: RecordedCall[], windowMs: number): number {
  const times = calls.map((c) => c.at!).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

test.each([2, 3])(
  "%i instances redrawing one workspace's cards at once keep to chat.update's tier together (at most 50 a minute, a burst of one each at the start), each at its share of the pace; every card redrawn once",
  async (n) => {
    const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 });
    for (let i = 0; i < CARDS; i++) await makeTicket(app, { customerCode: code, title: `T ${i}` });
    await app.desk.outbox.drain();
    expect(
      await app.db.models.tickets.countDocuments({ 'card.ts': trusted({ $exists: true }) }),
    ).toBe(CARDS);
    // The instance that posted them has stopped delivering: its heartbeat ages out.
    app.clock.advance(BEAT_LIVES_MS + 1_000);

    const time = sharedVirtualTime();
    const instances: DeskApp[] = Array.from({ length: n }, (_, i) =>
      app.instance(`pace-${i}`, { pacing: time }),
    );
    // All deliver already (their loops' passes, nothing due): each has said it is live, not busy.
    for (const instance of instances) await instance.outbox.drain();

    // Tomorrow a holiday: every general ticket's resolution target moves, and its card with it.
    expect(
      (
        await app.slack.submitView(
          await openGroup('holidays'),
          { holidays: '2026-11-25' },
          {
            userId: ADMIN,
          },
        )
      ).body,
    ).toBe('');
    const redraws = await app.db.models.outbox.countDocuments({
      kind: 'ticket.card',
      state: 'pending',
    });
    expect(redraws).toBe(CARDS);
    app.fake.reset();
    app.fake.clock = time.clockMs;

    // The instances' passes at once, each taking its slices of the redraws (leases). Each starts
    // to pace counting the others live (any may be starting too), then those its reads say busy.
    const { waits } = await commandsWhile(() =>
      time.run(...instances.map((instance) => () => instance.outbox.drain())),
    );

    const updates = app.fake.tookCalls('chat.update').filter((c) => c.args.channel === TRIAGE);
    expect(new Set(updates.map((c) => c.args.ts)).size).toBe(CARDS);
    expect(updates).toHaveLength(CARDS);
    expect(
      await app.db.models.outbox.countDocuments({ kind: 'ticket.card', state: 'pending' }),
    ).toBe(0);
    // Together within the tier: any minute at most 50 (each at a gap of n x 1.2 s, in step with
    // the others: ceil(50 / n) each in a minute, 51 for three, within Slack's "50+"); any window
    // at most one a 1.2 s plus the first call of each instance.
    expect(mostIn(updates, 60_000)).toBeLessThanOrEqual(n * Math.ceil(50 / n));
    for (const w of [1_000, 5_000, 12_000, 30_000])
      expect(mostIn(updates, w), `${w} ms`).toBeLessThanOrEqual(Math.floor(w / UPDATE_GAP_MS) + n);
    // And not slower than the tier allows: both took their share.
    const times = updates.map((c) => c.at!);
    const took = Math.max(...times) - Math.min(...times);
    // (They take slices of BULK_SLICE; the last ones may be left to fewer of them, each still at
    // its share; one instance at 1/n of the pace would take n times the tier's 72 s.)
    expect(took).toBeLessThanOrEqual((CARDS + (n - 1) * BULK_SLICE) * UPDATE_GAP_MS);
    // What sharing costs: per instance, a heartbeat (upsert) and a read of the others' (the pass's
    // read of Slack's waits, made anyway) every 10 s of a long pass; both at its start, and its
    // heartbeat once more when it starts to pace (busy).
    const tenSeconds = Math.ceil(took / BEAT_EVERY_MS);
    expect(waits).toBeLessThanOrEqual(n * (3 + 2 * tenSeconds));
  },
);

test("an idle pass: the heartbeat's upsert at most once in 10 s, the waits' read (with the others' heartbeats) once a pass, as before", async () => {
  const time = sharedVirtualTime();
  const a = app.instance('pace-idle', { pacing: time });
  const first = await commandsWhile(() => a.outbox.drain());
  const next = await commandsWhile(() => a.outbox.drain());
  expect(first.waits).toBe(2);
  expect(next.waits).toBe(1);
  expect(first.all - next.all).toBe(1);
});

/**
 * A new ticket whose card is owed from two minutes ago (due on every clock of these tests, the one a
 * minute behind too): the instance that delivers it paces a post, and so says it is busy.
 */
async function cardOwed(customerCode: string): Promise<void> {
  const now = app.clock.now();
  app.clock.set(new Date(now.getTime() - 120_000));
  await makeTicket(app, { customerCode, title: 'Busy' });
  app.clock.set(now);
}

/**
 * `a` redraws every card alone after a holidays save (one shared pacing clock `time`): the gaps
 * between its chat.update calls.
 */
async function gapsAfterSaving(
  a: DeskApp,
  time: ReturnType<typeof sharedVirtualTime>,
  holidays: string,
): Promise<number[]> {
  expect(
    (await app.slack.submitView(await openGroup('holidays'), { holidays }, { userId: ADMIN })).body,
  ).toBe('');
  const redraws = await app.db.models.outbox.countDocuments({
    kind: 'ticket.card',
    state: 'pending',
  });
  expect(redraws).toBeGreaterThan(10);
  app.fake.reset();
  app.fake.clock = time.clockMs;
  await time.run(() => a.outbox.drain());
  const updates = app.fake.tookCalls('chat.update');
  expect(updates).toHaveLength(redraws);
  const times = updates.map((c) => c.at!).sort((x, y) => x - y);
  return times.slice(1).map((t, i) => t - times[i]!);
}

/** The mean of `gaps`. */
const mean = (gaps: number[]) => gaps.reduce((x, y) => x + y, 0) / gaps.length;

test("three instances live, one delivering alone (the others with nothing to send: one ticket's thread, one DM, or here a redraw of the cards): it goes at the whole pace, once a read 10 s after it started says the others are not busy", async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 });
  for (let i = 0; i < 30; i++) await makeTicket(app, { customerCode: code, title: `T ${i}` });
  await app.desk.outbox.drain();
  app.clock.advance(BEAT_LIVES_MS + 1_000);
  const time = sharedVirtualTime();
  const a = app.instance('alone-a', { pacing: time });
  const idle = [app.instance('idle-b', { pacing: time }), app.instance('idle-c', { pacing: time })];
  // All three live (their loops' passes, nothing due), none busy.
  for (const instance of [a, ...idle]) await instance.outbox.drain();
  const gaps = await gapsAfterSaving(a, time, '2026-11-25');
  // Starting, it counts the other two live (either may be starting too): a third of the pace,
  // until its first read 10 s or more on; then the whole pace (before: a third all along).
  const slow = gaps.findIndex((g) => g !== 3 * UPDATE_GAP_MS);
  expect(slow).toBeGreaterThan(0);
  expect(slow * 3 * UPDATE_GAP_MS).toBeLessThanOrEqual(BEAT_EVERY_MS + 3 * UPDATE_GAP_MS);
  expect(gaps.slice(slow)).toEqual(gaps.slice(slow).map(() => UPDATE_GAP_MS));
  // Had an idle one started meanwhile, it would have counted A (busy) at once.
});

test("an instance starting while another delivers alone: together they keep to chat.update's tier (the one alone reads the others' heartbeats every 2 s while some live ones are not busy)", async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 });
  for (let i = 0; i < CARDS; i++) await makeTicket(app, { customerCode: code, title: `T ${i}` });
  await app.desk.outbox.drain();
  app.clock.advance(BEAT_LIVES_MS + 1_000);
  const time = sharedVirtualTime();
  const a = app.instance('first-a', { pacing: time });
  const b = app.instance('later-b', { pacing: time });
  for (const instance of [a, b]) await instance.outbox.drain();
  expect(
    (
      await app.slack.submitView(
        await openGroup('holidays'),
        { holidays: '2026-11-25' },
        { userId: ADMIN },
      )
    ).body,
  ).toBe('');
  app.fake.reset();
  app.fake.clock = time.clockMs;
  // A alone at first (the whole pace once its first 10 s are over); B starts 30 s in, taking
  // slices of the same redraws.
  await time.run(
    () => a.outbox.drain(),
    async () => {
      await time.sleep(30_000);
      await b.outbox.drain();
    },
  );
  const updates = app.fake.tookCalls('chat.update').filter((c) => c.args.channel === TRIAGE);
  expect(new Set(updates.map((c) => c.args.ts)).size).toBe(CARDS);
  // Any minute at most 50 plus B's first call (not held back, as any instance's first: A had
  // just called). A counts B within 2 s of B's busy heartbeat (52 when it read every 10 s).
  expect(mostIn(updates, 60_000)).toBeLessThanOrEqual(51);
  for (const w of [5_000, 12_000, 30_000])
    expect(mostIn(updates, w), `${w} ms`).toBeLessThanOrEqual(Math.floor(w / UPDATE_GAP_MS) + 2);
});

test('an instance that stops gives its share back at once; one that died is counted until its heartbeat ages out (30 s), then the one left goes at the whole pace', async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 });
  for (let i = 0; i < 12; i++) await makeTicket(app, { customerCode: code, title: `T ${i}` });
  await app.desk.outbox.drain();
  app.clock.advance(BEAT_LIVES_MS + 1_000);
  const time = sharedVirtualTime();
  const a = app.instance('pace-c', { pacing: time });
  const dead = app.instance('pace-dead', { pacing: time });
  const stopping = app.instance('pace-stopping', { pacing: time });
  await a.outbox.drain();
  // The other two deliver (a new ticket's card each): live and busy.
  for (const instance of [dead, stopping]) {
    await cardOwed(code);
    await instance.outbox.drain();
  }
  // Three busy: A takes a third of the pace.
  expect(mean(await gapsAfterSaving(a, time, '2026-11-25'))).toBe(3 * UPDATE_GAP_MS);
  // One stops (its heartbeat deleted): a half.
  await stopping.outbox.stop();
  expect(mean(await gapsAfterSaving(a, time, ''))).toBe(2 * UPDATE_GAP_MS);
  // The other died (no stop): counted until its heartbeat ages out, then A goes at the whole pace.
  app.clock.advance(BEAT_LIVES_MS + 1_000);
  expect(mean(await gapsAfterSaving(a, time, '2026-11-25'))).toBe(UPDATE_GAP_MS);
});

test("clocks that disagree: an instance whose clock is a minute behind is counted from its next beat; one whose clock is 5 minutes ahead and that died ages out 30 s after its last beat, on the reader's clock", async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 });
  for (let i = 0; i < 12; i++) await makeTicket(app, { customerCode: code, title: `T ${i}` });
  await app.desk.outbox.drain();
  app.clock.advance(BEAT_LIVES_MS + 1_000);
  const time = sharedVirtualTime();
  /** A machine's clock `offsetMs` off the test's (which A reads). */
  const off = (offsetMs: number): Clock => ({
    now: () => new Date(app.clock.now().getTime() + offsetMs),
  });
  const a = app.instance('skew-a', { pacing: time });
  const behind = app.instance('skew-behind', { pacing: time }, off(-60_000));
  const ahead = app.instance('skew-ahead', { pacing: time }, off(5 * 60_000));
  /**
   * Each of `instances` beats busy (a pass delivering a new ticket's card), once BEAT_EVERY_MS
   * went by since its last.
   */
  const beat = async (...instances: DeskApp[]) => {
    await time.sleep(BEAT_EVERY_MS);
    for (const instance of instances) {
      await cardOwed(code);
      await instance.outbox.drain();
    }
  };
  // A reads both once: the one behind wrote an `until` already past on A's clock.
  await beat(behind, ahead);
  await a.outbox.drain();
  // Both beat again: A saw both change, so three are busy and A takes a third of the pace.
  await beat(behind, ahead);
  expect(mean(await gapsAfterSaving(a, time, '2026-11-25'))).toBe(3 * UPDATE_GAP_MS);
  // The one ahead dies (no stop); 31 s later on every clock, the one behind still beats: A
  // counts it, and no longer the dead one (whose `until` is still 5 minutes on, on A's clock).
  app.clock.advance(BEAT_LIVES_MS + 1_000);
  await beat(behind);
  expect(mean(await gapsAfterSaving(a, time, ''))).toBe(2 * UPDATE_GAP_MS);
});
