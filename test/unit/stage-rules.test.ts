import { describe, expect, test } from 'vitest';
import {
  cooperationStartWith,
  cooperationYears,
  lifecycleStage,
  orderFrequencyFall,
  responseTier,
  serviceTier,
  valueClass,
  type OrderFact,
} from '../../src/customer/stage-rules.js';
import type { Lifecycle } from '../../src/customer/types.js';

const today = '2026-11-24';
const orders = (...list: [string, number][]): OrderFact[] =>
  list.map(([date, amount]) => ({ date, amount }));

describe('lifecycleStage from order histories', () => {
  test.each<[string, Lifecycle, OrderFact[], boolean, Lifecycle]>([
    ['a lead without orders stays a prospect', 'prospect', [], false, 'prospect'],
    ['a lead with a competitor contact is still a prospect', 'prospect', [], true, 'prospect'],
    ['first order 10 days ago: new', 'prospect', orders(['2026-11-14', 1000]), false, 'new'],
    ['first order 90 days ago: still new', 'active', orders(['2026-08-27', 1000]), false, 'new'],
    [
      'first order 96 days ago, nothing since: stable',
      'new',
      orders(['2026-08-20', 1000]),
      false,
      'stable',
    ],
    [
      'more orders in the last 3 months than the 3 before: growing',
      'active',
      orders(['2026-02-01', 100], ['2026-07-01', 100], ['2026-10-01', 100], ['2026-11-01', 100]),
      false,
      'growing',
    ],
    [
      'as many orders but a larger value: growing',
      'stable',
      orders(['2026-01-01', 100], ['2026-07-01', 100], ['2026-10-01', 500]),
      false,
      'growing',
    ],
    [
      'same count and value quarter on quarter: stable',
      'growing',
      orders(['2026-01-01', 100], ['2026-07-01', 100], ['2026-10-01', 100]),
      false,
      'stable',
    ],
    [
      'fewer orders: stable (the churn signal decides the warning)',
      'growing',
      orders(['2026-01-01', 100], ['2026-06-01', 100], ['2026-07-01', 100], ['2026-10-01', 100]),
      false,
      'stable',
    ],
    ['a churn risk: churn warning', 'stable', orders(['2025-01-01', 100]), true, 'churn_warning'],
    [
      'the risk lifted: back to its stage',
      'churn_warning',
      orders(['2025-01-01', 100]),
      false,
      'stable',
    ],
    ['churned stays churned', 'churned', orders(['2026-11-20', 100]), false, 'churned'],
    ['a file that was active without orders here: stable', 'active', [], false, 'stable'],
  ])('%s', (_name, current, history, churnRisk, expected) => {
    expect(lifecycleStage({ current, orders: history, churnRisk }, today)).toBe(expected);
  });
});

describe('orderFrequencyFall', () => {
  // On 2026-11-24 the last three full months are Aug-Oct, the three before May-Jul.
  test.each<[string, Record<string, number>, { recent: number; previous: number } | null]>([
    [
      'half the orders: falling',
      { '2026-05': 2, '2026-06': 2, '2026-07': 2, '2026-08': 1, '2026-09': 1, '2026-10': 1 },
      { recent: 3, previous: 6 },
    ],
    [
      '20 % down: not yet',
      { '2026-05': 2, '2026-06': 2, '2026-07': 1, '2026-08': 2, '2026-09': 1, '2026-10': 1 },
      null,
    ],
    ['one order before: too few to say', { '2026-07': 1 }, null],
    ['no orders', {}, null],
    [
      'the current month does not count',
      { '2026-05': 3, '2026-11': 5 },
      { recent: 0, previous: 3 },
    ],
  ])('%s', (_name, byMonth, expected) => {
    expect(orderFrequencyFall(byMonth, today, 0.3)).toEqual(expected);
  });

  test('exactly 30 % down counts; less does not', () => {
    const ten = { '2026-05': 4, '2026-06': 3, '2026-07': 3 };
    expect(orderFrequencyFall({ ...ten, '2026-08': 7 }, today, 0.3)).toEqual({
      recent: 7,
      previous: 10,
    });
    expect(orderFrequencyFall({ ...ten, '2026-08': 8 }, today, 0.3)).toBeNull();
  });

  // 90 * (1 - 0.3) is 62.99999999999999 in floating point: compared in whole numbers instead.
  test.each([
    { previous: 90, recent: 63 },
    { previous: 170, recent: 119 },
    { previous: 180, recent: 126 },
  ])('exactly 30 % down, $previous to $recent, counts', ({ previous, recent }) => {
    const byMonth = { '2026-05': previous, '2026-08': recent };
    expect(orderFrequencyFall(byMonth, today, 0.3)).toEqual({ recent, previous });
    expect(orderFrequencyFall({ ...byMonth, '2026-08': recent + 1 }, today, 0.3)).toBeNull();
  });

  test('at every share the Settings form takes, exactly that share down counts; one order more does not', () => {
    for (const share of [1, 7, 12.5, 29, 30, 33.33, 55, 99, 100])
      for (let previous = 2; previous <= 200; previous++) {
        // The fraction as the form stores it (src/workspace/form.ts `percent`).
        const fall = Math.round(share * 100) / 10_000;
        const recent = (previous * (10_000 - share * 100)) / 10_000;
        if (!Number.isInteger(recent)) continue;
        const byMonth = { '2026-06': previous, '2026-09': recent };
        expect(orderFrequencyFall(byMonth, today, fall), `${share} % of ${previous}`).toEqual({
          recent,
          previous,
        });
        if (recent + 1 < previous)
          expect(orderFrequencyFall({ ...byMonth, '2026-09': recent + 1 }, today, fall)).toBeNull();
      }
  });
});

describe('valueClass (manual C)', () => {
  const thresholds = { vipMin: 1_000_000, vipYears: 2, highValueMin: 500_000 };
  // Every field valueClass reads, said (the cases set some): a caller must declare them.
  const base = {
    potential: 'ordinary' as const,
    lifecycle: 'stable' as Lifecycle,
    annualRevenue: undefined as number | undefined,
    cooperationStartDate: undefined as string | undefined,
  };
  test.each([
    [
      '1,000,000 and 2 years: VIP',
      { annualRevenue: 1_000_000, cooperationStartDate: '2024-11-24' },
      'vip',
    ],
    [
      '1,000,000 and 1 year 364 days: high-value',
      { annualRevenue: 1_000_000, cooperationStartDate: '2024-11-25' },
      'high_value',
    ],
    [
      '500,000: high-value',
      { annualRevenue: 500_000, cooperationStartDate: '2020-01-01' },
      'high_value',
    ],
    ['499,999, stable: ordinary', { annualRevenue: 499_999 }, 'ordinary'],
    ['no orders yet: potential', { lifecycle: 'prospect' as Lifecycle }, 'potential'],
    [
      'growing: potential',
      { annualRevenue: 100_000, lifecycle: 'growing' as Lifecycle },
      'potential',
    ],
    [
      'a key potential: potential',
      { annualRevenue: 100_000, potential: 'key' as const },
      'potential',
    ],
  ])('%s', (_name, input, expected) => {
    expect(valueClass({ ...base, ...input }, today, thresholds)).toBe(expected);
  });

  test('years of cooperation are whole years', () => {
    expect(cooperationYears('2024-11-24', today)).toBe(2);
    expect(cooperationYears('2024-11-25', today)).toBe(1);
    expect(cooperationYears(undefined, today)).toBe(0);
    expect(cooperationYears('2027-01-01', today)).toBe(0);
  });
});

describe('cooperationStartWith: the earliest order, unless a person typed the date', () => {
  test.each<[string, string | undefined, string[], string | undefined]>([
    ['no start, no orders: none', undefined, [], undefined],
    ['a typed start without orders stays', '2023-06-01', [], '2023-06-01'],
    [
      'no start: the earliest order, whatever the order',
      undefined,
      ['2026-10-01', '2024-06-01', '2025-12-01'],
      '2024-06-01',
    ],
    [
      'a start set at the first order recorded moves to an older one',
      '2026-10-01',
      ['2026-10-01', '2024-06-01'],
      '2024-06-01',
    ],
    ['the earliest already: kept', '2024-06-01', ['2026-10-01', '2024-06-01'], '2024-06-01'],
    [
      'a typed start (no order that day) stays, earlier orders or not',
      '2025-03-01',
      ['2024-06-01', '2026-10-01'],
      '2025-03-01',
    ],
  ])('%s', (_name, stored, dates, expected) => {
    expect(cooperationStartWith(stored, dates)).toBe(expected);
  });
});

describe('serviceTier', () => {
  test('a key potential customer is served at the key tier until it orders', () => {
    expect(serviceTier({ tier: 'normal', potential: 'key', lastOrderDate: undefined })).toBe('key');
    expect(serviceTier({ tier: 'strategic', potential: 'key', lastOrderDate: undefined })).toBe(
      'strategic',
    );
    expect(serviceTier({ tier: 'normal', potential: 'key', lastOrderDate: '2026-11-01' })).toBe(
      'normal',
    );
    expect(serviceTier({ tier: 'normal', potential: 'ordinary', lastOrderDate: undefined })).toBe(
      'normal',
    );
  });
});

describe('responseTier', () => {
  test('a key potential customer gets the strategic target for as long as its potential says key', () => {
    expect(responseTier({ tier: 'normal', potential: 'key' })).toBe('strategic');
    expect(responseTier({ tier: 'key', potential: 'key' })).toBe('strategic');
    expect(responseTier({ tier: 'key', potential: 'ordinary' })).toBe('key');
    expect(responseTier({ tier: 'normal', potential: 'ordinary' })).toBe('normal');
  });
});
