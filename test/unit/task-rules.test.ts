import { describe, expect, test } from 'vitest';
import { optsOut } from '../../src/customer/rules.js';
import {
  judgedDueDate,
  REMINDER_LEAD_DAYS,
  careDueDate,
  followUpPlan,
  reminderOwed,
} from '../../src/task/rules.js';
import { addDaysToDate, daysBetween } from '../../src/time.js';

describe('addDaysToDate', () => {
  test.each([
    ['2026-11-24', 0, '2026-11-24'],
    ['2026-11-24', 3, '2026-11-27'],
    ['2026-11-24', 7, '2026-12-01'], // month rollover
    ['2026-12-30', 3, '2027-01-02'], // year rollover
    ['2026-02-27', 2, '2026-03-01'], // non-leap February
    ['2028-02-27', 2, '2028-02-29'], // leap February
    ['2026-03-01', -1, '2026-02-28'], // backwards
    ['2026-03-28', 3, '2026-03-31'], // across a European DST change
    ['2026-11-01', 1, '2026-11-02'], // across a US DST change
  ])('%s + %i days = %s', (date, days, expected) => {
    expect(addDaysToDate(date, days)).toBe(expected);
  });
});

describe('daysBetween', () => {
  test.each([
    ['2026-11-24', '2026-11-24', 0],
    ['2026-11-24', '2026-11-27', 3],
    ['2026-11-27', '2026-11-24', -3],
    ['2026-12-31', '2027-01-01', 1],
    ['2026-03-01', '2026-04-01', 31],
    ['2028-02-01', '2028-03-01', 29],
    ['2026-01-01', '2027-01-01', 365],
  ])('from %s to %s is %i', (from, to, expected) => {
    expect(daysBetween(from, to)).toBe(expected);
  });
});

describe('followUpPlan', () => {
  test('3-7-30 from 2026-11-24: revisit, guide, check-in', () => {
    expect(followUpPlan([3, 7, 30], '2026-11-24')).toEqual([
      { kind: 'revisit', day: 3, dueDate: '2026-11-27' },
      { kind: 'guide', day: 7, dueDate: '2026-12-01' },
      { kind: 'checkin', day: 30, dueDate: '2026-12-24' },
    ]);
  });

  test('days are sorted, whatever order they are configured in', () => {
    expect(followUpPlan([30, 3], '2026-11-24')).toEqual([
      { kind: 'revisit', day: 3, dueDate: '2026-11-27' },
      { kind: 'checkin', day: 30, dueDate: '2026-12-24' },
    ]);
    expect(followUpPlan([30, 7, 3], '2026-11-24').map((t) => t.day)).toEqual([3, 7, 30]);
  });

  test('days are sorted numerically, not as text', () => {
    expect(followUpPlan([14, 3, 100], '2026-11-24').map((t) => t.day)).toEqual([3, 14, 100]);
  });

  test('a single day is just the revisit', () => {
    expect(followUpPlan([3], '2026-11-24')).toEqual([
      { kind: 'revisit', day: 3, dueDate: '2026-11-27' },
    ]);
  });

  test('duplicate days give one task each', () => {
    expect(followUpPlan([3, 3, 30], '2026-11-24')).toEqual([
      { kind: 'revisit', day: 3, dueDate: '2026-11-27' },
      { kind: 'checkin', day: 30, dueDate: '2026-12-24' },
    ]);
  });

  test('every day between first and last is a guide', () => {
    expect(followUpPlan([3, 7, 14, 30], '2026-11-24').map((t) => t.kind)).toEqual([
      'revisit',
      'guide',
      'guide',
      'checkin',
    ]);
  });

  test('no days -> no tasks', () => {
    expect(followUpPlan([], '2026-11-24')).toEqual([]);
  });

  test('due dates roll over the month and the year', () => {
    expect(followUpPlan([3, 7, 30], '2026-12-29').map((t) => t.dueDate)).toEqual([
      '2027-01-01',
      '2027-01-05',
      '2027-01-28',
    ]);
    expect(followUpPlan([3, 7, 30], '2028-02-27').map((t) => t.dueDate)).toEqual([
      '2028-03-01',
      '2028-03-05',
      '2028-03-28',
    ]);
  });

  test('does not reorder the configured array', () => {
    const days = [30, 3, 7];
    followUpPlan(days, '2026-11-24');
    expect(days).toEqual([30, 3, 7]);
  });
});

describe('careDueDate', () => {
  const cadence = { strategic: 30, key: 60, normal: 90 };

  test.each([
    ['strategic', '2026-12-24'],
    ['key', '2027-01-23'],
    ['normal', '2027-02-22'],
  ] as const)('a %s customer last contacted 2026-11-24 is due %s', (tier, expected) => {
    expect(careDueDate('2026-11-24', tier, cadence)).toBe(expected);
  });
});

describe('reminderOwed', () => {
  const dueDate = '2026-12-01';
  const sent = new Date('2026-11-28T01:00:00Z');
  const none = { dueDate, reminders: {} };

  test('the lead is three days', () => {
    expect(REMINDER_LEAD_DAYS).toBe(3);
  });

  test.each([
    ['2026-11-28', 'early'], // 3 days left
    ['2026-11-29', 'early'], // 2 days left
    ['2026-11-30', 'early'], // 1 day left
    ['2026-11-27', null], // 4 days left: too early
    ['2026-11-01', null],
    ['2026-12-01', 'due'], // on the day
    ['2026-12-02', 'due'], // past due, after downtime
    ['2026-12-10', 'due'],
  ])('nothing sent yet, on %s -> %s', (today, expected) => {
    expect(reminderOwed(none, today)).toBe(expected);
  });

  test('the early reminder is sent once', () => {
    const task = { dueDate, reminders: { early: sent } };
    expect(reminderOwed(task, '2026-11-29')).toBeNull();
    expect(reminderOwed(task, '2026-11-30')).toBeNull();
  });

  test('the due reminder is owed even after the early one', () => {
    const task = { dueDate, reminders: { early: sent } };
    expect(reminderOwed(task, '2026-12-01')).toBe('due');
    expect(reminderOwed(task, '2026-12-03')).toBe('due');
  });

  test('the due reminder is sent once, also when past due', () => {
    const task = { dueDate, reminders: { early: sent, due: sent } };
    expect(reminderOwed(task, '2026-12-01')).toBeNull();
    expect(reminderOwed(task, '2026-12-02')).toBeNull();
    expect(reminderOwed({ dueDate, reminders: { due: sent } }, '2026-12-05')).toBeNull();
  });

  test('an early reminder is not sent after the due one', () => {
    // e.g. the due date was moved later after the due reminder went out
    const task = { dueDate, reminders: { due: sent } };
    expect(reminderOwed(task, '2026-11-29')).toBeNull();
    expect(reminderOwed(task, '2026-11-30')).toBeNull();
  });

  test('counts days across a month and year end', () => {
    expect(reminderOwed({ dueDate: '2027-01-02', reminders: {} }, '2026-12-30')).toBe('early');
    expect(reminderOwed({ dueDate: '2027-01-02', reminders: {} }, '2026-12-29')).toBeNull();
  });
});

describe('optsOut', () => {
  test.each([
    // [tags, greetings, care]
    [['no holiday greetings'], true, false],
    [['no birthday wishes'], true, false],
    [['不要节日问候'], true, false],
    [['不要生日祝福'], true, false],
    [['不要关怀'], false, true],
    [['不要回访'], false, true],
    [['no care'], false, true],
    [['all'], true, true],
    [['opt out of all'], true, true],
    [['全部'], true, true],
    [['prefers email'], false, false],
    [['只接受微信'], false, false],
    [[], false, false],
    [['prefers email', 'no holiday greetings'], true, false], // any tag counts
    [['no holiday greetings', '不要关怀'], true, true],
  ])('%j: greetings %s, care %s', (optOuts, greetings, care) => {
    expect(optsOut({ optOuts }, 'greetings')).toBe(greetings);
    expect(optsOut({ optOuts }, 'care')).toBe(care);
  });

  test('English words match whole words: "calls" is not "all", "healthcare" is not "care"', () => {
    expect(optsOut({ optOuts: ['no care calls'] }, 'care')).toBe(true);
    expect(optsOut({ optOuts: ['no care calls'] }, 'greetings')).toBe(false);
    expect(optsOut({ optOuts: ['small talk only'] }, 'greetings')).toBe(false);
    expect(optsOut({ optOuts: ['healthcare newsletters only'] }, 'care')).toBe(false);
  });

  test('is case-insensitive', () => {
    expect(optsOut({ optOuts: ['No HOLIDAY Greetings'] }, 'greetings')).toBe(true);
    expect(optsOut({ optOuts: ['NO CARE'] }, 'care')).toBe(true);
    expect(optsOut({ optOuts: ['ALL'] }, 'care')).toBe(true);
    expect(optsOut({ optOuts: ['No HOLIDAY Greetings'] }, 'care')).toBe(false);
  });

  test('folds full-width letters (NFKC)', () => {
    expect(optsOut({ optOuts: ['ｎｏ ｈｏｌｉｄａｙ ｇｒｅｅｔｉｎｇｓ'] }, 'greetings')).toBe(
      true,
    );
    expect(optsOut({ optOuts: ['ＡＬＬ'] }, 'care')).toBe(true);
    expect(optsOut({ optOuts: ['ＡＬＬ'] }, 'greetings')).toBe(true);
    expect(optsOut({ optOuts: ['Ｃａｒｅ'] }, 'care')).toBe(true);
    expect(optsOut({ optOuts: ['Ｃａｒｅ'] }, 'greetings')).toBe(false);
  });
});

describe('judgedDueDate', () => {
  const TZ = 'Asia/Shanghai';
  // Moved at 10:00 Shanghai on a day of November 2026.
  const move = (from: string, to: string, day: number) => ({
    from,
    to,
    at: new Date(`2026-11-${String(day).padStart(2, '0')}T10:00:00+08:00`),
  });
  test.each([
    ['never moved', undefined, undefined, '2026-11-23'],
    [
      'moved once late (on the 25th, due the 23rd): its first day',
      undefined,
      [move('2026-11-23', '2026-11-26', 25)],
      '2026-11-23',
    ],
    [
      'moved before its day: the new day',
      undefined,
      [move('2026-11-27', '2026-11-28', 25)],
      '2026-11-28',
    ],
    [
      'moved on its very day: the new day',
      undefined,
      [move('2026-11-25', '2026-11-30', 25)],
      '2026-11-30',
    ],
    [
      'moved earlier before its day: the earlier day',
      undefined,
      [move('2026-11-27', '2026-11-26', 25)],
      '2026-11-26',
    ],
    [
      'moved in time, then moved again once late: the day of the move in time',
      undefined,
      [move('2026-11-20', '2026-11-24', 19), move('2026-11-24', '2026-11-30', 26)],
      '2026-11-24',
    ],
    [
      'moved late, then again: a later move cannot make it on time',
      undefined,
      [move('2026-11-20', '2026-11-24', 23), move('2026-11-24', '2026-11-30', 23)],
      '2026-11-20',
    ],
    [
      'made by hand: its due date now',
      'U0OWNER001',
      [move('2026-11-20', '2026-11-23', 22)],
      '2026-11-23',
    ],
  ])('%s', (_what, createdBy, rescheduled, judged) => {
    const dueDate = rescheduled?.at(-1)?.to ?? '2026-11-23';
    expect(
      judgedDueDate(
        { dueDate, ...(createdBy ? { createdBy } : {}), ...(rescheduled ? { rescheduled } : {}) },
        TZ,
      ),
    ).toBe(judged);
  });
});
