import { expect, test } from 'vitest';
import { flightMark, SingleFlight } from '../../src/single-flight.js';

test('requests for the same key while a read is under way share it; a later request reads again', async () => {
  const flights = new SingleFlight();
  let reads = 0;
  let release!: () => void;
  const read = () =>
    new Promise<number>((resolve) => {
      reads++;
      release = () => resolve(reads);
    });
  const first = flights.run('team:overdue', read);
  const second = flights.run('team:overdue', read);
  const other = flights.run('team:open', () => Promise.resolve(-1));
  release();
  expect(await Promise.all([first, second, other])).toEqual([1, 1, -1]);
  expect(reads).toBe(1);
  // Nothing is kept: the next request reads what is stored now.
  const third = flights.run('team:overdue', read);
  release();
  expect(await third).toBe(2);
});

test('a failed read fails everyone who shared it, and the next request tries again', async () => {
  const flights = new SingleFlight();
  const failing = flights.run('k', () => Promise.reject(new Error('db down')));
  const sharing = flights.run('k', () => Promise.resolve('never read'));
  await expect(failing).rejects.toThrow('db down');
  await expect(sharing).rejects.toThrow('db down');
  expect(await flights.run('k', () => Promise.resolve('read again'))).toBe('read again');
});

test('with keepMs a result serves the same key for that long; forget drops it, and a read under way', async () => {
  let ms = 0;
  const flights = new SingleFlight({ keepMs: 1000, nowMs: () => ms });
  let reads = 0;
  const read = () => Promise.resolve(++reads);
  expect(await flights.run('T1:ben', read)).toBe(1);
  ms = 999;
  expect(await flights.run('T1:ben', read)).toBe(1);
  ms = 1000;
  expect(await flights.run('T1:ben', read)).toBe(2);
  // A change in T1: its kept results go, T2's stay.
  expect(await flights.run('T2:ben', read)).toBe(3);
  flights.forget('T1:');
  expect(await flights.run('T1:ben', read)).toBe(4);
  expect(await flights.run('T2:ben', read)).toBe(3);
  // A change during a read: the read is not kept, the next request reads again.
  let release!: () => void;
  const slow = flights.run('T1:hang', () => new Promise<number>((r) => (release = () => r(-1))));
  flights.forget('T1:');
  release();
  expect(await slow).toBe(-1);
  expect(await flights.run('T1:hang', read)).toBe(5);
});

test('a failed read is not kept', async () => {
  const flights = new SingleFlight({ keepMs: 1000, nowMs: () => 0 });
  await expect(flights.run('k', () => Promise.reject(new Error('db down')))).rejects.toThrow();
  expect(await flights.run('k', () => Promise.resolve('read again'))).toBe('read again');
});

test('a request needing a state no older than a mark joins no read begun before it; later ones join its read', async () => {
  const flights = new SingleFlight();
  let reads = 0;
  const releases: Array<() => void> = [];
  const read = () =>
    new Promise<number>((resolve) => {
      const n = ++reads;
      releases.push(() => resolve(n));
    });
  const old = flights.run('T1', read);
  // The change is stored here: a read begun before may not show it.
  const mark = flightMark();
  const fresh = flights.run('T1', read, mark);
  const joiningFresh = flights.run('T1', read, mark);
  const anyRead = flights.run('T1', read);
  expect(reads).toBe(2);
  // The older read ending does not drop the newer one under way.
  releases[0]!();
  expect(await old).toBe(1);
  expect(flights.run('T1', read, mark)).toBe(fresh);
  releases[1]!();
  expect(await Promise.all([fresh, joiningFresh, anyRead])).toEqual([2, 2, 2]);
  // A mark taken after a read began: that read is not joined either (marks never tie).
  const begun = flights.run('T1', read);
  const after = flights.run('T1', read, flightMark());
  expect(reads).toBe(4);
  releases[2]!();
  releases[3]!();
  expect(await Promise.all([begun, after])).toEqual([3, 4]);
});

test('with keepMs a kept result begun before the mark does not serve it', async () => {
  const flights = new SingleFlight({ keepMs: 1000, nowMs: () => 0 });
  let reads = 0;
  const read = () => Promise.resolve(++reads);
  expect(await flights.run('k', read)).toBe(1);
  expect(await flights.run('k', read)).toBe(1);
  const mark = flightMark();
  expect(await flights.run('k', read, mark)).toBe(2);
  expect(await flights.run('k', read, mark)).toBe(2);
  expect(await flights.run('k', read)).toBe(2);
});
