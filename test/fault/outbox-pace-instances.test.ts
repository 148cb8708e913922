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

test("two instances redrawing one workspace's cards at once keep to chat.update's tier together (at most 50 a minute, a burst of one each at the start), each at half the pace; every card redrawn once", async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 });
  for (let i = 0; i < CARDS; i++) await makeTicket(app, { customerCode: code, title: `T ${i}` });
  await app.desk.outbox.drain();
  expect(
    await app.db.models.tickets.countDocuments({ 'card.ts': trusted({ $exists: true }) }),
  ).toBe(CARDS);
  // The instance that posted them has stopped delivering: its heartbeat ages out.
  app.clock.advance(BEAT_LIVES_MS + 1_000);

  const time = sharedVirtualTime();
  const a: DeskApp = app.instance('pace-a', { pacing: time });
  const b: DeskApp = app.instance('pace-b', { pacing: time });
  // Both deliver already (their loops' passes, nothing due): each has said it is live.
  await a.outbox.drain();
  await b.outbox.drain();

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

  // Both instances' passes at once, each taking its slices of the redraws (leases).
  const { waits } = await commandsWhile(() =>
    time.run(
      () => a.outbox.drain(),
      () => b.outbox.drain(),
    ),
  );

  const updates = app.fake.tookCalls('chat.update').filter((c) => c.args.channel === TRIAGE);
  expect(new Set(updates.map((c) => c.args.ts)).size).toBe(CARDS);
  expect(updates).toHaveLength(CARDS);
  expect(await app.db.models.outbox.countDocuments({ kind: 'ticket.card', state: 'pending' })).toBe(
    0,
  );
  // Together within the tier: any minute at most 50; any window at most one a 1.2 s plus the
  // first call of each instance.
  expect(mostIn(updates, 60_000)).toBeLessThanOrEqual(50);
  for (const w of [1_000, 5_000, 12_000, 30_000])
    expect(mostIn(updates, w), `${w} ms`).toBeLessThanOrEqual(Math.floor(w / UPDATE_GAP_MS) + 2);
  // And not slower than the tier allows: both took their share.
  const times = updates.map((c) => c.at!);
  const took = Math.max(...times) - Math.min(...times);
  // (Both take slices of BULK_SLICE; the last one may be left to one of them, at its half pace;
  // one instance at half the pace would take twice the tier's 72 s.)
  expect(took).toBeLessThanOrEqual((CARDS + BULK_SLICE) * UPDATE_GAP_MS);
  // What sharing costs: per instance, a heartbeat (upsert) and a read of the others' (the pass's
  // read of Slack's waits, made anyway) every 10 s of a long pass; both at its start.
  const tenSeconds = Math.ceil(took / BEAT_EVERY_MS);
  expect(waits).toBeLessThanOrEqual(2 * (2 + 2 * tenSeconds));
});

test("an idle pass: the heartbeat's upsert at most once in 10 s, the waits' read (with the others' heartbeats) once a pass, as before", async () => {
  const time = sharedVirtualTime();
  const a = app.instance('pace-idle', { pacing: time });
  const first = await commandsWhile(() => a.outbox.drain());
  const next = await commandsWhile(() => a.outbox.drain());
  expect(first.waits).toBe(2);
  expect(next.waits).toBe(1);
  expect(first.all - next.all).toBe(1);
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
  for (const instance of [a, dead, stopping]) await instance.outbox.drain();
  /** Every card redrawn by A alone: the mean gap between its chat.update calls. */
  const gapAfterSaving = async (holidays: string) => {
    expect(
      (await app.slack.submitView(await openGroup('holidays'), { holidays }, { userId: ADMIN }))
        .body,
    ).toBe('');
    app.fake.reset();
    app.fake.clock = time.clockMs;
    await time.run(() => a.outbox.drain());
    const updates = app.fake.tookCalls('chat.update');
    expect(updates).toHaveLength(12);
    const times = updates.map((c) => c.at!);
    return (Math.max(...times) - Math.min(...times)) / (updates.length - 1);
  };
  // Three live: A takes a third of the pace.
  expect(await gapAfterSaving('2026-11-25')).toBe(3 * UPDATE_GAP_MS);
  // One stops (its heartbeat deleted): a half.
  await stopping.outbox.stop();
  expect(await gapAfterSaving('')).toBe(2 * UPDATE_GAP_MS);
  // The other died (no stop): counted until its heartbeat ages out, then A goes at the whole pace.
  app.clock.advance(BEAT_LIVES_MS + 1_000);
  expect(await gapAfterSaving('2026-11-25')).toBe(UPDATE_GAP_MS);
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
  /** Each of `instances` beats (a pass, nothing due), once BEAT_EVERY_MS went by since its last. */
  const beat = async (...instances: DeskApp[]) => {
    await time.sleep(BEAT_EVERY_MS);
    for (const instance of instances) await instance.outbox.drain();
  };
  // A reads both once: the one behind wrote an `until` already past on A's clock.
  await beat(behind, ahead);
  await a.outbox.drain();
  /** Every card redrawn by A alone: the mean gap between its chat.update calls. */
  const gapAfterSaving = async (holidays: string) => {
    expect(
      (await app.slack.submitView(await openGroup('holidays'), { holidays }, { userId: ADMIN }))
        .body,
    ).toBe('');
    app.fake.reset();
    app.fake.clock = time.clockMs;
    await time.run(() => a.outbox.drain());
    const updates = app.fake.tookCalls('chat.update');
    expect(updates).toHaveLength(12);
    const times = updates.map((c) => c.at!);
    return (Math.max(...times) - Math.min(...times)) / (updates.length - 1);
  };
  // Both beat again: A saw both change, so three are live and A takes a third of the pace.
  await beat(behind, ahead);
  expect(await gapAfterSaving('2026-11-25')).toBe(3 * UPDATE_GAP_MS);
  // The one ahead dies (no stop); 31 s later on every clock, the one behind still beats: A
  // counts it, and no longer the dead one (whose `until` is still 5 minutes on, on A's clock).
  app.clock.advance(BEAT_LIVES_MS + 1_000);
  await beat(behind);
  expect(await gapAfterSaving('')).toBe(2 * UPDATE_GAP_MS);
});
