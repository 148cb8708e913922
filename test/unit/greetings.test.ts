import { describe, expect, test } from 'vitest';
import { carePlan, qbrDueDate } from '../../src/task/rules.js';
import { greetingDates } from '../../src/workspace/holidays.js';
import { GREETING_DAYS } from '../../src/workspace/settings.js';

describe('greeting days from the lunar calendar (chinese-days)', () => {
  test.each([
    [
      2026,
      [
        ['new_year', '2026-01-01'],
        ['spring_festival', '2026-02-17'],
        ['dragon_boat', '2026-06-19'],
        ['mid_autumn', '2026-09-25'],
        ['national_day', '2026-10-01'],
      ],
    ],
    [
      2027,
      [
        ['new_year', '2027-01-01'],
        ['spring_festival', '2027-02-06'],
        ['dragon_boat', '2027-06-09'],
        ['mid_autumn', '2027-09-15'],
        ['national_day', '2027-10-01'],
      ],
    ],
  ])('%i', (year, expected) => {
    expect(greetingDates(GREETING_DAYS, year).map((d) => [d.id, d.date])).toEqual(expected);
  });

  test('a workspace day of its own, solar or lunar', () => {
    expect(
      greetingDates(
        [
          { id: 'lantern', calendar: 'lunar', date: '01-15' },
          { id: 'anniversary', calendar: 'solar', date: '05-20' },
        ],
        2027,
      ),
    ).toEqual([
      { id: 'lantern', date: '2027-02-20' },
      { id: 'anniversary', date: '2027-05-20' },
    ]);
  });
});

describe('care plan by segment and stage (manual C)', () => {
  const cadence = { strategic: 30, key: 30, normal: 90 };
  test.each([
    [
      'a VIP: monthly visit',
      { valueClass: 'vip', lifecycle: 'stable', tier: 'strategic' },
      { kind: 'visit', days: 30 },
    ],
    [
      'a potential customer: call every two weeks',
      { valueClass: 'potential', lifecycle: 'new', tier: 'normal' },
      { kind: 'call', days: 14 },
    ],
    [
      'a stable customer: monthly call',
      { valueClass: 'ordinary', lifecycle: 'stable', tier: 'normal' },
      { kind: 'call', days: 30 },
    ],
    [
      'a high-value growing one: the tier cadence',
      { valueClass: 'high_value', lifecycle: 'growing', tier: 'key' },
      { kind: 'care', days: 30 },
    ],
    [
      'an ordinary one under warning: the tier cadence',
      { valueClass: 'ordinary', lifecycle: 'churn_warning', tier: 'normal' },
      { kind: 'care', days: 90 },
    ],
  ] as const)('%s', (_name, customer, expected) => {
    expect(carePlan(customer, cadence)).toEqual(expected);
  });

  test.each([
    ['2026-11-24', { quarter: '2026-Q4', dueDate: '2026-12-31' }],
    ['2027-01-01', { quarter: '2027-Q1', dueDate: '2027-03-31' }],
    ['2027-06-30', { quarter: '2027-Q2', dueDate: '2027-06-30' }],
  ])('the business review of %s', (today, expected) => {
    expect(qbrDueDate(today)).toEqual(expected);
  });
});
