import { describe, expect, test } from 'vitest';
import {
  churnRisk,
  contractEndsIn,
  birthdayIn,
  kindsToOwnersManagers,
  lowRisk,
  LOW_RISK_HISTORY_DAYS,
  lowRiskKnownFrom,
  lowRiskOn,
  mayUpsell,
  nextLowRisk,
  sameLowRisk,
  satisfactionOutOf100,
  toOwnersManagers,
  upsellSignal,
} from '../../src/customer/signal-rules.js';

describe('contractEndsIn', () => {
  const today = '2026-11-24';

  test.each([
    ['2026-11-24', 0], // ends today
    ['2026-11-25', 1],
    ['2026-12-24', 30], // exactly the notice period
    ['2026-12-25', null], // one day beyond the notice period
    ['2026-11-23', null], // already ended
    ['2025-11-24', null], // ended long ago
    ['2027-11-24', null], // far in the future
  ])('a contract ending %s with 30 days notice -> %s', (end, expected) => {
    expect(contractEndsIn(end, today, 30)).toBe(expected);
  });

  test('no contract end date -> null', () => {
    expect(contractEndsIn(undefined, today, 30)).toBeNull();
    expect(contractEndsIn('', today, 30)).toBeNull();
  });

  test('counts calendar days across a year end', () => {
    expect(contractEndsIn('2027-01-05', '2026-12-20', 30)).toBe(16);
  });
});

/** Whether `today` is the birthday, as the signals job reads it: the birthday in today's year. */
const isBirthday = (birthday: string | undefined, today: string) =>
  birthdayIn(birthday, Number(today.slice(0, 4))) === today;

describe('birthdayIn', () => {
  test.each([
    ['11-24', '2026-11-24', true], // MM-DD
    ['1990-11-24', '2026-11-24', true], // YYYY-MM-DD
    ['11-25', '2026-11-24', false],
    ['1990-11-25', '2026-11-24', false],
    ['1990-10-24', '2026-11-24', false], // same day, other month
    ['02-28', '2028-02-28', true],
    ['1990-02-28', '2026-02-28', true],
  ])('birthday %s on %s -> %s', (birthday, today, expected) => {
    expect(isBirthday(birthday, today)).toBe(expected);
  });

  test('no birthday on record is never a birthday', () => {
    expect(isBirthday(undefined, '2026-11-24')).toBe(false);
    expect(isBirthday('', '2026-11-24')).toBe(false);
  });

  describe('a 29 February birthday', () => {
    test.each([
      ['02-29', '2026-02-28', true], // non-leap year: celebrated on 28 Feb
      ['2000-02-29', '2026-02-28', true],
      ['2000-02-29', '2100-02-28', true], // 2100 is not a leap year
      ['02-29', '2028-02-28', false], // leap year: not on 28 Feb...
      ['2000-02-29', '2028-02-28', false],
      ['02-29', '2028-02-29', true], // ...but on 29 Feb
      ['2000-02-29', '2028-02-29', true],
      ['2000-02-29', '2000-02-28', false], // 2000 is a leap year
      ['02-29', '2026-03-01', false], // never on 1 March
      ['02-29', '2028-03-01', false],
    ])('birthday %s on %s -> %s', (birthday, today, expected) => {
      expect(isBirthday(birthday, today)).toBe(expected);
    });
  });
});

describe('churnRisk', () => {
  const today = '2026-11-24';
  // 2026-08-26 is 90 days before 2026-11-24, 2026-08-27 is 89.

  test('leads and churned customers are never at risk', () => {
    for (const lifecycle of ['prospect', 'churned']) {
      expect(
        churnRisk({ lifecycle, competitorContact: true, createdDate: '2020-01-01' }, today, 90),
      ).toBeNull();
    }
  });

  test('every buying stage can be at risk, and a warned customer stays so while it stands', () => {
    for (const lifecycle of ['new', 'growing', 'stable', 'active', 'churn_warning']) {
      expect(
        churnRisk({ lifecycle, competitorContact: true, createdDate: '2020-01-01' }, today, 90),
      ).toMatchObject({ reason: 'competitor' });
    }
  });

  test('a competitor contact is a risk even for a busy customer', () => {
    expect(
      churnRisk(
        {
          lifecycle: 'active',
          competitorContact: true,
          lastInteractionDate: '2026-11-20',
          createdDate: '2024-01-01',
        },
        today,
        90,
      ),
    ).toEqual({ reason: 'competitor', idleDays: 4 });
  });

  test('competitor takes precedence over inactivity', () => {
    expect(
      churnRisk(
        { lifecycle: 'active', competitorContact: true, createdDate: '2026-01-01' },
        today,
        90,
      )?.reason,
    ).toBe('competitor');
  });

  test('idle exactly the inactivity period -> inactive', () => {
    expect(
      churnRisk(
        { lifecycle: 'active', lastInteractionDate: '2026-08-26', createdDate: '2024-01-01' },
        today,
        90,
      ),
    ).toEqual({ reason: 'inactive', idleDays: 90 });
  });

  test('idle one day less than the period -> no risk', () => {
    expect(
      churnRisk(
        { lifecycle: 'active', lastInteractionDate: '2026-08-27', createdDate: '2024-01-01' },
        today,
        90,
      ),
    ).toBeNull();
  });

  test('competitorContact false is the same as absent', () => {
    expect(
      churnRisk(
        {
          lifecycle: 'active',
          competitorContact: false,
          lastInteractionDate: '2026-08-27',
          createdDate: '2024-01-01',
        },
        today,
        90,
      ),
    ).toBeNull();
  });

  test('a record created recently is not inactive, however old its last order', () => {
    expect(
      churnRisk(
        { lifecycle: 'active', lastOrderDate: '2024-03-01', createdDate: '2026-11-01' },
        today,
        90,
      ),
    ).toBeNull();
  });

  test('a record with nothing but its creation date counts from that date', () => {
    expect(churnRisk({ lifecycle: 'active', createdDate: '2026-08-27' }, today, 90)).toBeNull();
    expect(churnRisk({ lifecycle: 'active', createdDate: '2026-08-26' }, today, 90)).toEqual({
      reason: 'inactive',
      idleDays: 90,
    });
  });

  test.each([
    // [interaction, order, created, expected idle days or null]
    ['2026-08-27', '2025-01-01', '2024-01-01', null], // interaction is the latest
    ['2025-01-01', '2026-08-27', '2024-01-01', null], // order is the latest
    ['2025-01-01', '2024-01-01', '2026-08-27', null], // creation is the latest
    ['2026-08-26', '2025-01-01', '2024-01-01', 90],
    ['2025-01-01', '2026-08-26', '2024-01-01', 90],
    ['2025-01-01', '2024-01-01', '2026-08-26', 90],
    ['2026-08-01', '2026-07-01', '2026-06-01', 115],
  ])(
    'latest of interaction %s, order %s, created %s counts (idle %s)',
    (lastInteractionDate, lastOrderDate, createdDate, idle) => {
      const risk = churnRisk(
        { lifecycle: 'active', lastInteractionDate, lastOrderDate, createdDate },
        today,
        90,
      );
      expect(risk).toEqual(idle === null ? null : { reason: 'inactive', idleDays: idle });
    },
  );
});

describe('mayUpsell', () => {
  test('customers who buy, not a prospect, a customer in churn warning nor a churned customer', () => {
    for (const stage of ['new', 'growing', 'stable', 'active'])
      expect(mayUpsell(stage), stage).toBe(true);
    expect(mayUpsell('prospect')).toBe(false);
    expect(mayUpsell('churn_warning')).toBe(false);
    expect(mayUpsell('churned')).toBe(false);
  });
});

describe("the signals told to the owner's managers too", () => {
  test('a tier move and an upsell of any customer (manual B: +30 % -> the sales director); a contract end and a churn risk of a key customer only; a birthday never', () => {
    expect(kindsToOwnersManagers(false)).toEqual(['tier', 'upsell']);
    expect(kindsToOwnersManagers(true)).toEqual(['tier', 'upsell', 'contract', 'churn']);
    for (const key of [false, true]) {
      expect(toOwnersManagers('upsell', key)).toBe(true);
      expect(toOwnersManagers('birthday', key)).toBe(false);
    }
    expect(toOwnersManagers('churn', false)).toBe(false);
    expect(toOwnersManagers('contract', true)).toBe(true);
  });
});

describe('upsellSignal', () => {
  // Today 2026-11-24: recent = 2026-08..10, previous = 2026-05..07.
  const today = '2026-11-24';

  test('growth of exactly 30 % qualifies', () => {
    const orders = {
      '2026-05': 4,
      '2026-06': 3,
      '2026-07': 3,
      '2026-08': 5,
      '2026-09': 4,
      '2026-10': 4,
    };
    expect(upsellSignal(orders, today, 0.3, 3)).toEqual({ recent: 13, previous: 10 });
  });

  test('growth just below 30 % does not', () => {
    const orders = { '2026-07': 10, '2026-10': 12 };
    expect(upsellSignal(orders, today, 0.3, 3)).toBeNull();
  });

  test.each([20, 30, 100])('exactly 30 percent on a base of %i qualifies', (previous) => {
    const orders = { '2026-06': previous, '2026-09': (previous * 13) / 10 };
    expect(upsellSignal(orders, today, 0.3, 3)).toEqual({
      recent: (previous * 13) / 10,
      previous,
    });
  });

  // 50 * (1 + 0.1) is 55.00000000000001 in floating point: compared in whole numbers instead.
  test('exactly 10 % up (50 to 55) qualifies at a growth of 10 %; 54 does not', () => {
    expect(upsellSignal({ '2026-06': 50, '2026-09': 55 }, today, 0.1, 3)).toEqual({
      recent: 55,
      previous: 50,
    });
    expect(upsellSignal({ '2026-06': 50, '2026-09': 54 }, today, 0.1, 3)).toBeNull();
  });

  test('at every growth the Settings form takes, exactly that growth qualifies; one order fewer does not', () => {
    for (const share of [1, 7, 10, 12.5, 30, 33.33, 55, 100, 250, 1000])
      for (let previous = 1; previous <= 200; previous++) {
        // The fraction as the form stores it (src/workspace/form.ts `percent`).
        const growth = Math.round(share * 100) / 10_000;
        const recent = (previous * (10_000 + share * 100)) / 10_000;
        if (!Number.isInteger(recent)) continue;
        const orders = { '2026-06': previous, '2026-09': recent };
        expect(upsellSignal(orders, today, growth, 1), `${share} % on ${previous}`).toEqual({
          recent,
          previous,
        });
        if (recent - 1 > previous)
          expect(upsellSignal({ ...orders, '2026-09': recent - 1 }, today, growth, 1)).toBeNull();
      }
  });

  test('orders in the current month are ignored', () => {
    const orders = { '2026-07': 10, '2026-10': 10, '2026-11': 50 };
    expect(upsellSignal(orders, today, 0.3, 3)).toBeNull();
    expect(upsellSignal({ '2026-11': 50 }, today, 0.3, 3)).toBeNull();
  });

  test('orders older than six full months are ignored', () => {
    // 2026-04 is outside both windows: previous is 0, recent 4 -> a signal from nothing.
    expect(upsellSignal({ '2026-04': 100, '2026-08': 4 }, today, 0.3, 3)).toEqual({
      recent: 4,
      previous: 0,
    });
  });

  test('fewer recent orders than minOrders -> null, even from nothing', () => {
    expect(upsellSignal({ '2026-10': 2 }, today, 0.3, 3)).toBeNull();
  });

  test('previous 0 with enough recent orders -> signal', () => {
    expect(upsellSignal({ '2026-10': 3 }, today, 0.3, 3)).toEqual({ recent: 3, previous: 0 });
  });

  test('equal counts -> null, even with no growth required', () => {
    const orders = { '2026-06': 5, '2026-09': 5 };
    expect(upsellSignal(orders, today, 0.3, 3)).toBeNull();
    expect(upsellSignal(orders, today, 0, 3)).toBeNull();
  });

  test('decline -> null', () => {
    expect(upsellSignal({ '2026-06': 10, '2026-09': 5 }, today, 0.3, 3)).toBeNull();
  });

  test('no orders at all -> null', () => {
    expect(upsellSignal({}, today, 0.3, 0)).toBeNull();
  });

  test('windows cross the year boundary (today 2026-01-15)', () => {
    const orders = {
      '2025-06': 100, // before the previous window
      '2025-07': 1,
      '2025-08': 1,
      '2025-09': 1,
      '2025-10': 2,
      '2025-11': 1,
      '2025-12': 1,
      '2026-01': 100, // the current month
    };
    expect(upsellSignal(orders, '2026-01-15', 0.3, 3)).toEqual({ recent: 4, previous: 3 });
  });

  test('each month of the windows counts (today 2026-01-15)', () => {
    for (const month of ['2025-10', '2025-11', '2025-12']) {
      expect(upsellSignal({ [month]: 3 }, '2026-01-15', 0.3, 3)).toEqual({
        recent: 3,
        previous: 0,
      });
    }
    for (const month of ['2025-07', '2025-08', '2025-09']) {
      expect(upsellSignal({ [month]: 3, '2025-12': 3 }, '2026-01-15', 0.3, 3)).toBeNull();
    }
  });

  test('the first and last day of a month read the same windows', () => {
    const orders = { '2026-07': 10, '2026-10': 13 };
    expect(upsellSignal(orders, '2026-11-01', 0.3, 3)).toEqual({ recent: 13, previous: 10 });
    expect(upsellSignal(orders, '2026-11-30', 0.3, 3)).toEqual({ recent: 13, previous: 10 });
    // On 1 January 2027 the windows are 2026-10..12 and 2026-07..09: still the same counts.
    expect(upsellSignal(orders, '2027-01-01', 0.3, 3)).toEqual({ recent: 13, previous: 10 });
    // On 1 February 2027 October has left the recent window.
    expect(upsellSignal(orders, '2027-02-01', 0.3, 3)).toBeNull();
  });
});

describe('lowRisk (stable monthly orders, satisfaction >= 90, no churn risk)', () => {
  // On 3 December 2026 the last three full months are September, October and November.
  const today = '2026-12-03';
  const monthly = { '2026-09': 1, '2026-10': 2, '2026-11': 1 };
  const base = { lifecycle: 'stable', ordersByMonth: monthly, satisfaction: 90, atRisk: false };

  test.each([
    ['orders each month, satisfaction 90', {}, true],
    ['satisfaction 89', { satisfaction: 89 }, false],
    ['satisfaction 89.9 (not rounded up)', { satisfaction: 89.9 }, false],
    ['satisfaction 100', { satisfaction: 100 }, true],
    ['no satisfaction answer', { satisfaction: undefined }, false],
    ['no order in October', { ordersByMonth: { '2026-09': 1, '2026-11': 3 } }, false],
    ['no order in September', { ordersByMonth: { '2026-10': 1, '2026-11': 1 } }, false],
    ['no order in November', { ordersByMonth: { '2026-09': 1, '2026-10': 1 } }, false],
    [
      'the current month does not stand for a missing one',
      { ordersByMonth: { '2026-09': 1, '2026-10': 1, '2026-12': 5 } },
      false,
    ],
    ['a month of zero orders', { ordersByMonth: { ...monthly, '2026-10': 0 } }, false],
    ['a churn risk stands', { atRisk: true }, false],
    ['in churn warning', { lifecycle: 'churn_warning' }, false],
    ['churned', { lifecycle: 'churned' }, false],
    ['a prospect', { lifecycle: 'prospect' }, false],
    ['new', { lifecycle: 'new' }, true],
    ['growing', { lifecycle: 'growing' }, true],
  ])('%s', (_, change, expected) => {
    expect(lowRisk({ ...base, ...change }, today)).toBe(expected);
  });

  test('the months are full calendar months, across a year end', () => {
    const orders = { '2025-10': 1, '2025-11': 1, '2025-12': 1 };
    expect(lowRisk({ ...base, ordersByMonth: orders }, '2026-01-01')).toBe(true);
    expect(lowRisk({ ...base, ordersByMonth: orders }, '2026-01-31')).toBe(true);
    expect(lowRisk({ ...base, ordersByMonth: orders }, '2026-02-01')).toBe(false);
  });
});

describe('satisfactionOutOf100', () => {
  test.each([
    [[5], 100],
    [[5, 4], 90],
    [[4, 4, 5], (13 / 3) * 20],
    [[5, 5, 3], (13 / 3) * 20],
    [[1], 20],
  ])('%j -> %d', (answers, expected) => {
    expect(satisfactionOutOf100(answers)).toBeCloseTo(expected, 9);
  });

  test('no answer is no satisfaction', () => {
    expect(satisfactionOutOf100([])).toBeUndefined();
  });
});

describe('the stored low risk (nextLowRisk, lowRiskOn)', () => {
  test('a stretch starts, stands, ends; the same day twice stores the same', () => {
    const first = nextLowRisk(undefined, true, '2026-12-01');
    expect(first).toEqual({ on: '2026-12-01', from: '2026-12-01', since: '2026-12-01' });
    expect(nextLowRisk(first, true, '2026-12-01')).toEqual(first);
    const standing = nextLowRisk(first, true, '2026-12-02');
    expect(standing).toEqual({ on: '2026-12-02', from: '2026-12-01', since: '2026-12-01' });
    const ended = nextLowRisk(standing, false, '2026-12-05');
    expect(ended).toEqual({
      on: '2026-12-05',
      from: '2026-12-01',
      since: '2026-12-01',
      until: '2026-12-05',
    });
    expect(nextLowRisk(ended, false, '2026-12-05')).toEqual(ended);
    // Still not low the day after: the ended stretch is kept, the day computed moves.
    expect(nextLowRisk(ended, false, '2026-12-06')).toEqual({ ...ended, on: '2026-12-06' });
    expect(sameLowRisk(ended, nextLowRisk(ended, false, '2026-12-06'))).toBe(true);
    // Low again: a new stretch, the ended one kept in the history.
    const again = nextLowRisk(ended, true, '2026-12-07');
    expect(again).toEqual({
      on: '2026-12-07',
      from: '2026-12-01',
      since: '2026-12-07',
      past: [{ since: '2026-12-01', until: '2026-12-05' }],
    });
    expect(nextLowRisk(again, true, '2026-12-07')).toEqual(again);
    expect(lowRiskOn(again, '2026-12-03')).toBe(true);
    expect(lowRiskOn(again, '2026-12-06')).toBe(false);
    expect(lowRiskOn(again, '2026-12-07')).toBe(true);
    expect(nextLowRisk(undefined, false, '2026-12-01')).toEqual({
      on: '2026-12-01',
      from: '2026-12-01',
    });
    // A run for an earlier day than the one stored (a late slot) changes nothing.
    expect(nextLowRisk(again, false, '2026-12-06')).toEqual(again);
  });

  test('a document stored before the history reads as known from its stretch, and keeps it', () => {
    const old = { on: '2026-12-05', since: '2026-12-01', until: '2026-12-03' };
    expect(lowRiskKnownFrom(old)).toBe('2026-12-01');
    expect(lowRiskKnownFrom({ on: '2026-12-05' })).toBe('2026-12-05');
    expect(lowRiskKnownFrom(undefined)).toBeUndefined();
    // Not low again: nothing to write (the read supplies what the old shape lacks).
    expect(sameLowRisk(old, nextLowRisk(old, false, '2026-12-06'))).toBe(true);
    expect(nextLowRisk(old, true, '2026-12-06')).toEqual({
      on: '2026-12-06',
      from: '2026-12-01',
      since: '2026-12-06',
      past: [{ since: '2026-12-01', until: '2026-12-03' }],
    });
  });

  test('keeps the stretches of the last 400 days; a dropped one cuts the history', () => {
    let state = nextLowRisk(undefined, true, '2025-01-06');
    state = nextLowRisk(state, false, '2025-02-03');
    state = nextLowRisk(state, true, '2025-06-02');
    state = nextLowRisk(state, false, '2025-07-07');
    state = nextLowRisk(state, true, '2026-02-02');
    expect(state.past).toEqual([
      { since: '2025-01-06', until: '2025-02-03' },
      { since: '2025-06-02', until: '2025-07-07' },
    ]);
    expect(state.cut).toBeUndefined();
    // 400 days after 2025-02-03 is 2026-03-10: the first stretch goes, the history is cut there.
    state = nextLowRisk(state, false, '2026-03-10');
    expect(state.past).toEqual([
      { since: '2025-01-06', until: '2025-02-03' },
      { since: '2025-06-02', until: '2025-07-07' },
    ]);
    state = nextLowRisk(state, true, '2026-03-11');
    expect(state.past).toEqual([
      { since: '2025-06-02', until: '2025-07-07' },
      { since: '2026-02-02', until: '2026-03-10' },
    ]);
    expect(state.cut).toBe('2025-02-03');
    expect(state.from).toBe('2025-01-06');
    expect(LOW_RISK_HISTORY_DAYS).toBe(400);
  });

  test('stood on a day from its first day until (not on) the day it ended', () => {
    const ended = { on: '2026-12-05', since: '2026-12-01', until: '2026-12-05' };
    expect(lowRiskOn(ended, '2026-11-30')).toBe(false);
    expect(lowRiskOn(ended, '2026-12-01')).toBe(true);
    expect(lowRiskOn(ended, '2026-12-04')).toBe(true);
    expect(lowRiskOn(ended, '2026-12-05')).toBe(false);
    expect(lowRiskOn({ on: '2026-12-05', since: '2026-12-01' }, '2026-12-20')).toBe(true);
    expect(lowRiskOn({ on: '2026-12-05' }, '2026-12-05')).toBe(false);
    expect(lowRiskOn(undefined, '2026-12-05')).toBe(false);
  });
});
