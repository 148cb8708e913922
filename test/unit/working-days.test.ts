import { describe, expect, test } from 'vitest';
import { reminderOwed } from '../../src/task/rules.js';
import {
  isWorkingDay,
  workingDayOnOrAfter,
  workingDayOnOrBefore,
} from '../../src/workspace/calendar.js';
import { chinaPublicCalendar } from '../../src/workspace/holidays.js';

// Mon-Fri, with China's 2026 National Day week (1-7 October off; Sat 10 October worked).
const china2026 = chinaPublicCalendar(2026);
const settings = {
  businessHours: {
    workingDays: [1, 2, 3, 4, 5],
    windows: [{ start: '09:00', end: '18:00' }],
    holidays: china2026.holidays,
    extraWorkdays: china2026.extraWorkdays,
  },
};
const workingDay = (date: string) => workingDayOnOrBefore(settings, date);

describe('working days of the workspace calendar', () => {
  test.each([
    ['2026-11-27', true], // Friday
    ['2026-11-28', false], // Saturday
    ['2026-10-01', false], // National Day
    ['2026-10-08', true],
    ['2026-10-10', true], // Saturday worked instead of a holiday
  ])('%s is a working day: %s', (date, expected) => {
    expect(isWorkingDay(settings, date)).toBe(expected);
  });

  test.each([
    ['2026-11-27', '2026-11-27'], // a working day stays
    ['2026-11-29', '2026-11-27'], // Sunday -> Friday
    ['2026-10-05', '2026-09-30'], // inside the National Day week -> the day before it
    ['2026-10-10', '2026-10-10'], // adjusted working day stays
  ])('due %s -> %s', (date, expected) => {
    expect(workingDay(date)).toBe(expected);
  });

  test.each([
    ['2026-11-27', '2026-11-27'], // a working day stays
    ['2026-11-28', '2026-11-30'], // Saturday -> Monday
    ['2026-10-01', '2026-10-08'], // National Day -> the first working day after it
    ['2026-10-10', '2026-10-10'], // adjusted working day stays
  ])('proposed %s -> %s (on or after)', (date, expected) => {
    expect(workingDayOnOrAfter(settings, date)).toBe(expected);
  });

  test('a calendar without working days keeps the date', () => {
    const none = {
      businessHours: { ...settings.businessHours, workingDays: [], extraWorkdays: [] },
    };
    expect(workingDayOnOrBefore(none, '2026-11-29')).toBe('2026-11-29');
  });
});

describe('reminders on working days', () => {
  test('a task due on Sunday: reminded on the Thursday before (early) and the Friday (due)', () => {
    const task = { dueDate: '2026-11-29', reminders: {} };
    // Three days before is Thursday 26 November.
    expect(reminderOwed(task, '2026-11-25', workingDay)).toBeNull();
    expect(reminderOwed(task, '2026-11-26', workingDay)).toBe('early');
    expect(reminderOwed(task, '2026-11-27', workingDay)).toBe('due');
    expect(
      reminderOwed({ ...task, reminders: { due: new Date() } }, '2026-11-29', workingDay),
    ).toBeNull();
  });

  test('an early reminder whose day is a holiday comes the working day before the holiday', () => {
    // Due Thursday 8 October; three days before is Monday 5 October, inside National Day.
    const task = { dueDate: '2026-10-08', reminders: {} };
    expect(reminderOwed(task, '2026-09-29', workingDay)).toBeNull();
    expect(reminderOwed(task, '2026-09-30', workingDay)).toBe('early');
    expect(reminderOwed(task, '2026-10-08', workingDay)).toBe('due');
  });

  test('without a calendar, dates stay as they are', () => {
    expect(reminderOwed({ dueDate: '2026-11-29', reminders: {} }, '2026-11-27')).toBe('early');
  });
});
