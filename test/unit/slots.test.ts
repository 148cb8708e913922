import { describe, expect, test } from 'vitest';
import {
  dailySlot,
  firstWorkingWeekdaySlot,
  isWorkingDate,
  minuteSlot,
  quarterlySlot,
  weeklySlot,
} from '../../src/schedule/slots.js';
import { chinaPublicCalendar } from '../../src/workspace/holidays.js';

describe('job slots', () => {
  test('the minute slot is the start of the minute', () => {
    expect(minuteSlot(new Date('2026-11-24T02:03:59.999Z')).toISOString()).toBe(
      '2026-11-24T02:03:00.000Z',
    );
  });

  test.each([
    // Monday 09:00 Shanghai = 01:00Z
    ['2026-11-23T01:00:00Z', '2026-11-23T01:00:00.000Z'], // exactly at the slot
    ['2026-11-23T00:59:59Z', '2026-11-16T01:00:00.000Z'], // a second before: last week's
    ['2026-11-26T12:00:00Z', '2026-11-23T01:00:00.000Z'], // Thursday: this Monday's
    ['2026-11-22T20:00:00Z', '2026-11-16T01:00:00.000Z'], // Monday 04:00 local (still Sunday in UTC): last week's
  ])('weekly Monday 09:00 Asia/Shanghai at %s is %s', (now, slot) => {
    expect(weeklySlot(new Date(now), 'Asia/Shanghai', 1, '09:00').toISOString()).toBe(slot);
  });

  test('weekly slots follow local time across a DST change (America/New_York)', () => {
    // Monday 2 Nov 2026 09:00 EST = 14:00Z; the Monday before (26 Oct, EDT) = 13:00Z.
    expect(
      weeklySlot(new Date('2026-11-02T14:30:00Z'), 'America/New_York', 1, '09:00').toISOString(),
    ).toBe('2026-11-02T14:00:00.000Z');
    expect(
      weeklySlot(new Date('2026-11-02T13:30:00Z'), 'America/New_York', 1, '09:00').toISOString(),
    ).toBe('2026-10-26T13:00:00.000Z');
  });

  const china2026 = { workingDays: [1, 2, 3, 4, 5], ...chinaPublicCalendar(2026) };
  test.each([
    // National Day 2026: 1-7 October off; the first working day of that week is Thursday 8.
    ['2026-10-05T01:00:00Z', 1, '2026-09-28T01:00:00.000Z'], // Monday 5 (holiday): last week's
    ['2026-10-08T00:59:59Z', 1, '2026-09-28T01:00:00.000Z'],
    ['2026-10-08T01:00:00Z', 1, '2026-10-08T01:00:00.000Z'],
    ['2026-10-11T15:00:00Z', 1, '2026-10-08T01:00:00.000Z'], // Sunday 11 (a make-up day before)
    ['2026-10-12T01:00:00Z', 1, '2026-10-12T01:00:00.000Z'], // an ordinary Monday
    ['2026-11-26T12:00:00Z', 1, '2026-11-23T01:00:00.000Z'],
    // Friday 2 October is off and so is the rest of the week: Friday itself.
    ['2026-10-03T01:00:00Z', 5, '2026-10-02T01:00:00.000Z'],
    // A Wednesday digest on a week day of the week before now's weekday.
    ['2026-10-12T01:00:00Z', 3, '2026-10-08T01:00:00.000Z'],
  ])(
    'first working weekday slot at %s (ISO weekday %i, 09:00, China 2026) is %s',
    (now, day, slot) => {
      expect(
        firstWorkingWeekdaySlot(new Date(now), 'Asia/Shanghai', day, '09:00', (d) =>
          isWorkingDate(d, china2026),
        ).toISOString(),
      ).toBe(slot);
    },
  );

  test('daily slot: today once the time has passed, else yesterday', () => {
    expect(
      dailySlot(new Date('2026-11-24T00:30:00Z'), 'Asia/Shanghai', '08:00').toISOString(),
    ).toBe('2026-11-24T00:00:00.000Z');
    expect(
      dailySlot(new Date('2026-11-23T23:30:00Z'), 'Asia/Shanghai', '08:00').toISOString(),
    ).toBe('2026-11-23T00:00:00.000Z');
  });

  test.each([
    // 1 Jan 06:00 Shanghai = 31 Dec 22:00Z
    ['2026-12-31T22:00:00Z', '2026-12-31T22:00:00.000Z'], // exactly at the slot
    ['2026-12-31T21:59:59Z', '2026-09-30T22:00:00.000Z'], // a second before: last quarter's (1 Oct)
    ['2026-11-24T02:00:00Z', '2026-09-30T22:00:00.000Z'], // November: 1 October's
    ['2026-03-31T23:00:00Z', '2026-03-31T22:00:00.000Z'], // 1 Apr 07:00 local: 1 April's
  ])('quarterly 06:00 Asia/Shanghai at %s is %s', (now, slot) => {
    expect(quarterlySlot(new Date(now), 'Asia/Shanghai', '06:00').toISOString()).toBe(slot);
  });
});
