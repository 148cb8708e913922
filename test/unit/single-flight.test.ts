import { expect, test } from 'vitest';
import { SingleFlight } from '../../src/single-flight.js';

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
