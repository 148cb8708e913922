// An instant's local date comes from the zone's offset over its UTC day (asked of Intl twice per
// UTC day and zone, kept): the same dates as asking Intl per instant, across offset changes.
import { TZDate, tzOffset } from '@date-fns/tz';
import { format } from 'date-fns';
import { expect, test } from 'vitest';
import {
  localDate,
  localDateTime,
  localInstant,
  localTime,
  pastLocalInstant,
} from '../../src/time.js';

const ZONES = [
  'Asia/Shanghai',
  'UTC',
  'America/New_York', // DST changes at 02:00 local
  'Europe/London',
  'Australia/Lord_Howe', // a 30-minute DST change
  'Asia/Kolkata', // +05:30
  'Asia/Kathmandu', // +05:45
  'Pacific/Apia', // skipped 2011-12-30 (crossed the date line)
  'Pacific/Chatham', // +12:45 / +13:45
  'America/St_Johns', // -03:30, DST
];

const byIntl = (ms: number, zone: string) => format(new TZDate(ms, zone), 'yyyy-MM-dd HH:mm');

test('the same local date, time and both as Intl per instant, in zones with DST, half and quarter hours and a skipped day', () => {
  // Every 37 minutes over the weeks around each DST change of 2026 and Apia's skipped day.
  const windows = [
    ['2011-12-25', '2012-01-03'],
    ['2026-03-05', '2026-04-08'],
    ['2026-09-24', '2026-11-05'],
  ].map(([from, to]) => [Date.parse(`${from}T00:00:00Z`), Date.parse(`${to}T00:00:00Z`)]);
  let checked = 0;
  for (const zone of ZONES) {
    for (const [from, to] of windows) {
      for (let ms = from!; ms < to!; ms += 37 * 60_000) {
        const at = `${zone} ${new Date(ms).toISOString()}`;
        // Intl asked once per instant: the reference is most of the test's time.
        const want = byIntl(ms, zone);
        expect(localDateTime(new Date(ms), zone), at).toBe(want);
        expect(localDate(new Date(ms), zone), at).toBe(want.slice(0, 10));
        expect(localTime(new Date(ms), zone), at).toBe(want.slice(11));
        checked++;
      }
    }
  }
  expect(checked).toBeGreaterThan(10_000);
  // About 2 s on an idle machine; a CI machine under load took over the default 5 s.
}, 30_000);

test('around midnight and at the last millisecond of a local day', () => {
  // 2026-11-29 16:00 UTC is midnight in Shanghai.
  const midnight = Date.parse('2026-11-29T16:00:00Z');
  expect(localDate(new Date(midnight - 1), 'Asia/Shanghai')).toBe('2026-11-29');
  expect(localDate(new Date(midnight), 'Asia/Shanghai')).toBe('2026-11-30');
  // Apia skipped 2011-12-30: the last second of the 29th is followed by the 31st.
  const skipped = Date.parse('2011-12-30T10:00:00Z');
  expect(localDate(new Date(skipped - 1), 'Pacific/Apia')).toBe('2011-12-29');
  expect(localDate(new Date(skipped), 'Pacific/Apia')).toBe('2011-12-31');
});

test('a typed date and time is the instant TZDate makes of it, on days the offset changes too (a skipped or a repeated hour)', () => {
  const days = [
    '2011-12-29',
    '2011-12-31',
    '2026-03-08', // New York springs forward at 02:00: 02:30 does not exist
    '2026-03-29', // London
    '2026-04-05', // Lord Howe, Apia
    '2026-09-27', // Apia
    '2026-10-04', // Lord Howe
    '2026-11-01', // New York falls back: 01:30 happens twice
    '2026-11-30',
  ];
  let checked = 0;
  for (const zone of ZONES) {
    for (const day of days) {
      const [y, m, d] = day.split('-').map(Number) as [number, number, number];
      for (let minute = 0; minute < 24 * 60; minute += 15) {
        const hh = Math.floor(minute / 60);
        const mm = minute % 60;
        const time = `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
        const expected = new TZDate(y, m - 1, d, hh, mm, zone).getTime();
        expect(localInstant(day, time, zone).getTime(), `${zone} ${day} ${time}`).toBe(expected);
        checked++;
      }
    }
  }
  expect(checked).toBe(ZONES.length * days.length * 96);
});

/**
 * `pastLocalInstant` as it was when it asked Intl for the zone's offsets a day either side of the
 * reading (three `tzOffset` calls a submission): the reference for the cached offsets.
 */
function pastByIntl(date: string, time: string, zone: string, now: number): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const offsets = new Set(
    [-86_400_000, 0, 86_400_000].map((shift) => tzOffset(zone, new Date(wall + shift))),
  );
  const readings = [...offsets]
    .map((offset) => wall - offset * 60_000)
    .filter((ms) => byIntl(ms, zone) === `${date} ${time}`)
    .sort((a, b) => b - a);
  return (
    readings.find((ms) => ms <= now + 60_000) ?? new TZDate(y, m - 1, d, hh, mm, zone).getTime()
  );
}

test('a time typed for a moment past is the instant Intl gives, the latest of a repeated hour not after now, on days the offset changes too', () => {
  const days = ['2011-12-29', '2011-12-31', '2026-03-08', '2026-04-05', '2026-10-04', '2026-11-01'];
  let checked = 0;
  for (const zone of ZONES) {
    for (const day of days) {
      for (let minute = 0; minute < 24 * 60; minute += 30) {
        const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
        const first = localInstant(day, time, zone).getTime();
        // Now: within the repeated hour's second reading, an hour on, and days later.
        for (const later of [-30, 10, 70, 3 * 24 * 60]) {
          const now = first + later * 60_000;
          const at = `${zone} ${day} ${time}, now ${new Date(now).toISOString()}`;
          expect(pastLocalInstant(day, time, zone, new Date(now)).getTime(), at).toBe(
            pastByIntl(day, time, zone, now),
          );
          checked++;
        }
      }
    }
  }
  expect(checked).toBe(ZONES.length * days.length * 48 * 4);
}, 30_000);
