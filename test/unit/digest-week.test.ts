import { describe, expect, test } from 'vitest';
import { reportedWeek, weeksEnding } from '../../src/digest/service.js';

const TZ = 'Asia/Shanghai';

describe('the week a digest reports', () => {
  test('Monday 09:00 reports the full week before, Monday to Monday in the zone', () => {
    expect(reportedWeek(new Date('2026-11-30T01:00:00Z'), TZ)).toEqual({
      week: '2026-W48',
      fromDate: '2026-11-23',
      toDate: '2026-11-30',
      from: new Date('2026-11-22T16:00:00Z'),
      to: new Date('2026-11-29T16:00:00Z'),
    });
  });

  test('a Friday digest reports the last full week, not the one under way', () => {
    expect(reportedWeek(new Date('2026-11-27T01:00:00Z'), TZ).week).toBe('2026-W47');
  });

  test('the ISO week-year at new year: 2026 has 53 weeks', () => {
    const week = reportedWeek(new Date('2027-01-04T01:00:00Z'), TZ);
    expect([week.week, week.fromDate, week.toDate]).toEqual([
      '2026-W53',
      '2026-12-28',
      '2027-01-04',
    ]);
  });

  test('the chart covers the 8 weeks ending with it, oldest first', () => {
    const weeks = weeksEnding(reportedWeek(new Date('2026-11-30T01:00:00Z'), TZ), 8, TZ);
    expect(weeks.map((w) => w.week)).toEqual([
      '2026-W41',
      '2026-W42',
      '2026-W43',
      '2026-W44',
      '2026-W45',
      '2026-W46',
      '2026-W47',
      '2026-W48',
    ]);
  });
});
