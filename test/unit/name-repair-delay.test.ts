// The wait before a failed repair of a renamed customer's name copies is tried again.
import { describe, expect, test } from 'vitest';
import { nameRepairDelay } from '../../src/customer/service.js';

describe('nameRepairDelay', () => {
  test('doubles from a minute, capped at an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 100].map((n) => nameRepairDelay(n) / 60_000)).toEqual([
      1, 2, 4, 8, 16, 32, 60, 60, 60,
    ]);
  });
});
