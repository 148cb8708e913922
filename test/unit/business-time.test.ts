import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  dueAt,
  effectiveTargetMinutes,
  MAX_WALK_DAYS,
  slaStatus,
  type BusinessCalendar,
  type Pause,
} from '../../src/sla/business-time.js';
import { calendarFromSettings } from '../../src/workspace/calendar.js';
import { defaultSettings } from '../../src/workspace/settings.js';

// Dates used below (2026): Mon 2 Mar, Fri 6 Mar, Sat 7 Mar, Sun 8 Mar (US DST starts 02:00),
// Mon 9 Mar, Fri 13 Mar, Fri 30 Oct, Sun 1 Nov (US DST ends 02:00), Mon 2 Nov.
// Instants are written in local time with their offset, so each expectation reads as a clock.

function calendar(over: Partial<BusinessCalendar> = {}): BusinessCalendar {
  return {
    timeZone: 'Asia/Shanghai',
    workingDays: [1, 2, 3, 4, 5],
    windows: [{ start: '09:00', end: '18:00' }],
    holidays: [],
    extraWorkdays: [],
    ...over,
  };
}

const shanghai = calendar();
const splitShift = calendar({
  windows: [
    { start: '09:00', end: '12:00' },
    { start: '13:30', end: '18:00' },
  ],
});
const roundTheClock = calendar({ aroundTheClock: true });
const newYork = calendar({
  timeZone: 'America/New_York',
  windows: [{ start: '09:00', end: '17:00' }],
});
/** Every day 01:00-04:00 in New York: the window contains both 2026 DST changes. */
const newYorkNight = calendar({
  timeZone: 'America/New_York',
  workingDays: [1, 2, 3, 4, 5, 6, 7],
  windows: [{ start: '01:00', end: '04:00' }],
});

const at = (iso: string): Date => new Date(iso);
/** Compares instants whatever offset the expectation is written in. */
const iso = (value: Date | string): string => new Date(value).toISOString();

describe('addBusinessMinutes', () => {
  const cases: {
    name: string;
    cal: BusinessCalendar;
    start: string;
    minutes: number;
    due: string;
  }[] = [
    {
      name: 'inside a window, same day',
      cal: shanghai,
      start: '2026-03-02T10:00+08:00',
      minutes: 120,
      due: '2026-03-02T12:00+08:00',
    },
    {
      name: 'runs over the evening into the next morning',
      cal: shanghai,
      start: '2026-03-02T17:00+08:00',
      minutes: 120,
      due: '2026-03-03T10:00+08:00',
    },
    {
      name: 'Friday afternoon runs over the weekend',
      cal: shanghai,
      start: '2026-03-06T17:00+08:00',
      minutes: 120,
      due: '2026-03-09T10:00+08:00',
    },
    {
      name: 'received on a Saturday: counting starts Monday 09:00',
      cal: shanghai,
      start: '2026-03-07T11:00+08:00',
      minutes: 60,
      due: '2026-03-09T10:00+08:00',
    },
    {
      name: 'received in the evening: counting starts next morning',
      cal: shanghai,
      start: '2026-03-03T20:00+08:00',
      minutes: 30,
      due: '2026-03-04T09:30+08:00',
    },
    {
      name: 'received before opening',
      cal: shanghai,
      start: '2026-03-04T07:15+08:00',
      minutes: 45,
      due: '2026-03-04T09:45+08:00',
    },
    {
      name: 'ends exactly at closing: due at closing, not at the next opening',
      cal: shanghai,
      start: '2026-03-02T16:00+08:00',
      minutes: 120,
      due: '2026-03-02T18:00+08:00',
    },
    {
      name: 'a holiday Monday is skipped',
      cal: calendar({ holidays: ['2026-03-09'] }),
      start: '2026-03-06T17:00+08:00',
      minutes: 120,
      due: '2026-03-10T10:00+08:00',
    },
    {
      name: 'an extra working Saturday counts',
      cal: calendar({ extraWorkdays: ['2026-03-07'] }),
      start: '2026-03-06T17:00+08:00',
      minutes: 120,
      due: '2026-03-07T10:00+08:00',
    },
    {
      name: 'an extra working day wins over the same date listed as a holiday',
      cal: calendar({ holidays: ['2026-03-07'], extraWorkdays: ['2026-03-07'] }),
      start: '2026-03-06T17:00+08:00',
      minutes: 120,
      due: '2026-03-07T10:00+08:00',
    },
    {
      // Fri 60 + extra Sat 540, Sun off, Mon-Wed holidays, Thu 60.
      name: 'a festival week: worked Saturday, three holidays',
      cal: calendar({
        holidays: ['2026-02-16', '2026-02-17', '2026-02-18'],
        extraWorkdays: ['2026-02-14'],
      }),
      start: '2026-02-13T17:00+08:00',
      minutes: 660,
      due: '2026-02-19T10:00+08:00',
    },
    {
      name: 'split shift: received during the lunch break',
      cal: splitShift,
      start: '2026-03-02T12:30+08:00',
      minutes: 60,
      due: '2026-03-02T14:30+08:00',
    },
    {
      name: 'split shift: the lunch break does not count',
      cal: splitShift,
      start: '2026-03-02T11:00+08:00',
      minutes: 120,
      due: '2026-03-02T14:30+08:00',
    },
    {
      name: 'split shift: evening into the next morning',
      cal: splitShift,
      start: '2026-03-02T17:00+08:00',
      minutes: 120,
      due: '2026-03-03T10:00+08:00',
    },
    {
      name: '0 minutes inside a window: the start itself',
      cal: shanghai,
      start: '2026-03-02T10:15+08:00',
      minutes: 0,
      due: '2026-03-02T10:15+08:00',
    },
    {
      name: '0 minutes on a Saturday: Monday opening',
      cal: shanghai,
      start: '2026-03-07T11:00+08:00',
      minutes: 0,
      due: '2026-03-09T09:00+08:00',
    },
    {
      name: '0 minutes at closing time: the next opening (windows are half-open)',
      cal: shanghai,
      start: '2026-03-02T18:00+08:00',
      minutes: 0,
      due: '2026-03-03T09:00+08:00',
    },
    {
      name: '0 minutes in the lunch break: the afternoon opening',
      cal: splitShift,
      start: '2026-03-02T12:00+08:00',
      minutes: 0,
      due: '2026-03-02T13:30+08:00',
    },
    {
      // 4320 = 8 days of 540: Mon-Fri, then Mon-Wed of the next week.
      name: '72 h of business time: eight 9-hour days',
      cal: shanghai,
      start: '2026-03-02T09:00+08:00',
      minutes: 4320,
      due: '2026-03-11T18:00+08:00',
    },
    {
      // 4320 = 9 days of 450 + 270 (09:00-12:00 and 13:30-15:00 of the tenth day).
      name: '72 h of business time on split shifts',
      cal: splitShift,
      start: '2026-03-02T09:00+08:00',
      minutes: 4320,
      due: '2026-03-13T15:00+08:00',
    },
    {
      name: 'around the clock: 72 h over a weekend are 72 real hours',
      cal: roundTheClock,
      start: '2026-03-07T00:00+08:00',
      minutes: 4320,
      due: '2026-03-10T00:00+08:00',
    },
    {
      name: 'around the clock: Friday evening counts',
      cal: roundTheClock,
      start: '2026-03-06T20:00+08:00',
      minutes: 120,
      due: '2026-03-06T22:00+08:00',
    },
    {
      name: 'New York: over the spring-forward weekend, Monday opens at 09:00 EDT',
      cal: newYork,
      start: '2026-03-06T16:00-05:00',
      minutes: 120,
      due: '2026-03-09T10:00-04:00',
    },
    {
      name: 'New York: over the fall-back weekend, Monday opens at 09:00 EST',
      cal: newYork,
      start: '2026-10-30T16:00-04:00',
      minutes: 120,
      due: '2026-11-02T10:00-05:00',
    },
    {
      // 01:00-02:00 EST is 60, then the clocks jump to 03:00 EDT: 30 more.
      name: 'New York: a window containing the spring-forward jump',
      cal: newYorkNight,
      start: '2026-03-08T01:00-05:00',
      minutes: 90,
      due: '2026-03-08T03:30-04:00',
    },
    {
      name: 'New York: the shortened window holds only 120 minutes',
      cal: newYorkNight,
      start: '2026-03-08T01:00-05:00',
      minutes: 120,
      due: '2026-03-08T04:00-04:00',
    },
    {
      name: 'New York: minute 121 is the next night',
      cal: newYorkNight,
      start: '2026-03-08T01:00-05:00',
      minutes: 121,
      due: '2026-03-09T01:01-04:00',
    },
    {
      // The lengthened window: 01:00 EDT to 04:00 EST is 240 real minutes.
      name: 'New York: a window containing the fall-back repeat',
      cal: newYorkNight,
      start: '2026-11-01T01:00-04:00',
      minutes: 200,
      due: '2026-11-01T03:20-05:00',
    },
  ];

  test.each(cases)('$name', ({ cal, start, minutes, due }) => {
    expect(iso(addBusinessMinutes(cal, at(start), minutes))).toBe(iso(due));
  });

  test('a calendar without working time fails clearly instead of looping', () => {
    expect(() =>
      addBusinessMinutes(calendar({ workingDays: [] }), at('2026-03-02T10:00Z'), 1),
    ).toThrow(/No business time in \d+ consecutive days/);
    expect(() => addBusinessMinutes(calendar({ windows: [] }), at('2026-03-02T10:00Z'), 0)).toThrow(
      /No business time/,
    );
  });

  test('a far extra working day is still found on an otherwise empty calendar', () => {
    const cal = calendar({ workingDays: [], extraWorkdays: ['2027-06-05'] });
    expect(iso(addBusinessMinutes(cal, at('2026-03-02T10:00+08:00'), 30))).toBe(
      iso('2027-06-05T09:30+08:00'),
    );
  });

  test('bad input is refused', () => {
    expect(() => addBusinessMinutes(shanghai, at('2026-03-02T10:00Z'), -1)).toThrow(RangeError);
    expect(() => addBusinessMinutes(shanghai, new Date(Number.NaN), 1)).toThrow(RangeError);
    const overnight = calendar({ windows: [{ start: '22:00', end: '06:00' }] });
    expect(() => addBusinessMinutes(overnight, at('2026-03-02T10:00Z'), 1)).toThrow(
      'Business window 22:00-06:00 must end after it starts',
    );
    const badZone = calendar({ timeZone: 'Mars/Olympus' });
    expect(() => addBusinessMinutes(badZone, at('2026-03-02T10:00Z'), 1)).toThrow(
      'Unknown time zone "Mars/Olympus"',
    );
  });
});

describe('businessMinutesBetween', () => {
  const cases: {
    name: string;
    cal: BusinessCalendar;
    from: string;
    to: string;
    minutes: number;
  }[] = [
    {
      name: 'to before from',
      cal: shanghai,
      from: '2026-03-02T12:00+08:00',
      to: '2026-03-02T10:00+08:00',
      minutes: 0,
    },
    {
      name: 'the same instant',
      cal: shanghai,
      from: '2026-03-02T12:00+08:00',
      to: '2026-03-02T12:00+08:00',
      minutes: 0,
    },
    {
      name: 'a whole working day',
      cal: shanghai,
      from: '2026-03-02T00:00+08:00',
      to: '2026-03-03T00:00+08:00',
      minutes: 540,
    },
    {
      name: 'a whole split-shift day',
      cal: splitShift,
      from: '2026-03-02T00:00+08:00',
      to: '2026-03-03T00:00+08:00',
      minutes: 450,
    },
    {
      name: 'a week',
      cal: shanghai,
      from: '2026-03-02T00:00+08:00',
      to: '2026-03-09T00:00+08:00',
      minutes: 2700,
    },
    {
      name: 'Friday 17:00 to Monday 10:00',
      cal: shanghai,
      from: '2026-03-06T17:00+08:00',
      to: '2026-03-09T10:00+08:00',
      minutes: 120,
    },
    {
      name: 'a holiday',
      cal: calendar({ holidays: ['2026-03-02'] }),
      from: '2026-03-02T00:00+08:00',
      to: '2026-03-03T00:00+08:00',
      minutes: 0,
    },
    {
      name: 'an extra working Saturday',
      cal: calendar({ extraWorkdays: ['2026-03-07'] }),
      from: '2026-03-07T00:00+08:00',
      to: '2026-03-08T00:00+08:00',
      minutes: 540,
    },
    {
      name: 'fractions of a minute',
      cal: shanghai,
      from: '2026-03-02T10:00:00+08:00',
      to: '2026-03-02T10:00:30+08:00',
      minutes: 0.5,
    },
    {
      name: 'around the clock: a night',
      cal: roundTheClock,
      from: '2026-03-06T20:00+08:00',
      to: '2026-03-07T02:00+08:00',
      minutes: 360,
    },
    {
      name: 'New York: an ordinary night window is 180 minutes',
      cal: newYorkNight,
      from: '2026-03-07T00:00-05:00',
      to: '2026-03-08T00:00-05:00',
      minutes: 180,
    },
    {
      name: 'New York: the spring-forward night window is 120 real minutes',
      cal: newYorkNight,
      from: '2026-03-08T00:00-05:00',
      to: '2026-03-09T00:00-04:00',
      minutes: 120,
    },
    {
      name: 'New York: the fall-back night window is 240 real minutes',
      cal: newYorkNight,
      from: '2026-11-01T00:00-04:00',
      to: '2026-11-02T00:00-05:00',
      minutes: 240,
    },
    {
      // 02:30 never shows that night: the window opens when the clocks jump to 03:00 EDT.
      name: 'New York: a window opening inside the spring-forward gap',
      cal: calendar({
        timeZone: 'America/New_York',
        workingDays: [7],
        windows: [{ start: '02:30', end: '05:00' }],
      }),
      from: '2026-03-08T00:00-05:00',
      to: '2026-03-09T00:00-04:00',
      minutes: 120,
    },
    {
      // 01:30 shows twice; the window opens at the first one (EDT) and runs to 03:00 EST.
      name: 'New York: a window opening inside the fall-back repeat',
      cal: calendar({
        timeZone: 'America/New_York',
        workingDays: [7],
        windows: [{ start: '01:30', end: '03:00' }],
      }),
      from: '2026-11-01T00:00-04:00',
      to: '2026-11-02T00:00-05:00',
      minutes: 150,
    },
    {
      // Half-hour DST: 01:45-02:00 at +11:00, then 01:30-03:00 again at +10:30.
      name: 'Lord Howe: a half-hour fall back counts from the first 01:45',
      cal: calendar({
        timeZone: 'Australia/Lord_Howe',
        workingDays: [7],
        windows: [{ start: '01:45', end: '03:00' }],
      }),
      from: '2026-04-05T00:00+11:00',
      to: '2026-04-06T00:00+10:30',
      minutes: 105,
    },
    {
      // Santiago springs forward at midnight: Sunday 6 Sep starts at 01:00.
      name: 'Santiago: a Sunday 00:00-02:00 window on the midnight jump is 60 minutes',
      cal: calendar({
        timeZone: 'America/Santiago',
        workingDays: [7],
        windows: [{ start: '00:00', end: '02:00' }],
      }),
      from: '2026-09-05T00:00-04:00',
      to: '2026-09-07T00:00-03:00',
      minutes: 60,
    },
    {
      name: 'New York: Friday noon to Monday noon across spring forward',
      cal: newYork,
      from: '2026-03-06T12:00-05:00',
      to: '2026-03-09T12:00-04:00',
      minutes: 480,
    },
  ];

  test.each(cases)('$name', ({ cal, from, to, minutes }) => {
    expect(businessMinutesBetween(cal, at(from), at(to))).toBe(minutes);
  });

  test('a calendar without working time has none', () => {
    const cal = calendar({ workingDays: [] });
    expect(businessMinutesBetween(cal, at('2026-01-01T00:00Z'), at('2029-01-01T00:00Z'))).toBe(0);
  });
});

describe('dueAt', () => {
  const p = (from: string, to?: string): Pause =>
    to ? { from: at(from), to: at(to) } : { from: at(from) };
  const cases: {
    name: string;
    received: string;
    target: number;
    pauses: Pause[];
    now?: string;
    due: string;
  }[] = [
    {
      name: 'no pauses: the business-time sum',
      received: '2026-03-02T10:00+08:00',
      target: 120,
      pauses: [],
      due: '2026-03-02T12:00+08:00',
    },
    {
      // Without the pause: Tue 11:00. The pause covers Mon 17-18 and Tue 09-10.
      name: 'a pause over the night extends by the business time it covers',
      received: '2026-03-02T16:00+08:00',
      target: 240,
      pauses: [p('2026-03-02T17:00+08:00', '2026-03-03T10:00+08:00')],
      due: '2026-03-03T13:00+08:00',
    },
    {
      name: 'a pause over two nights',
      received: '2026-03-02T10:00+08:00',
      target: 480,
      pauses: [p('2026-03-02T15:00+08:00', '2026-03-04T11:00+08:00')],
      due: '2026-03-04T14:00+08:00',
    },
    {
      name: 'a pause outside business time changes nothing',
      received: '2026-03-06T16:00+08:00',
      target: 240,
      pauses: [p('2026-03-06T20:00+08:00', '2026-03-09T08:00+08:00')],
      due: '2026-03-09T11:00+08:00',
    },
    {
      // Merged into 10:30-11:45 (75 min); counting each would give 90 and 13:30.
      name: 'overlapping pauses in any order count once',
      received: '2026-03-02T10:00+08:00',
      target: 120,
      pauses: [
        p('2026-03-02T11:00+08:00', '2026-03-02T11:45+08:00'),
        p('2026-03-02T10:30+08:00', '2026-03-02T11:15+08:00'),
      ],
      due: '2026-03-02T13:15+08:00',
    },
    {
      name: 'a pause begun before receipt counts from receipt',
      received: '2026-03-02T10:00+08:00',
      target: 120,
      pauses: [p('2026-03-02T08:00+08:00', '2026-03-02T10:30+08:00')],
      due: '2026-03-02T12:30+08:00',
    },
    {
      name: 'the target runs out exactly as a pause begins: due then, not after the pause',
      received: '2026-03-02T10:00+08:00',
      target: 120,
      pauses: [p('2026-03-02T12:00+08:00', '2026-03-02T14:00+08:00')],
      due: '2026-03-02T12:00+08:00',
    },
    {
      name: 'a 0-minute target while paused: due when the clock restarts',
      received: '2026-03-07T11:00+08:00',
      target: 0,
      pauses: [p('2026-03-07T12:00+08:00', '2026-03-10T10:00+08:00')],
      due: '2026-03-10T10:00+08:00',
    },
    {
      name: 'a pause after the due time changes nothing',
      received: '2026-03-02T10:00+08:00',
      target: 120,
      pauses: [p('2026-03-02T13:00+08:00', '2026-03-02T15:00+08:00')],
      due: '2026-03-02T12:00+08:00',
    },
    {
      name: 'an open pause counts as ending now',
      received: '2026-03-02T10:00+08:00',
      target: 120,
      pauses: [p('2026-03-02T11:00+08:00')],
      now: '2026-03-02T15:00+08:00',
      due: '2026-03-02T16:00+08:00',
    },
    {
      name: 'an open pause at night: the remaining hour starts next morning',
      received: '2026-03-02T10:00+08:00',
      target: 120,
      pauses: [p('2026-03-02T11:00+08:00')],
      now: '2026-03-02T21:00+08:00',
      due: '2026-03-03T10:00+08:00',
    },
  ];

  test.each(cases)('$name', ({ received, target, pauses, now, due }) => {
    const result = dueAt(shanghai, at(received), target, pauses, now ? at(now) : undefined);
    expect(iso(result)).toBe(iso(due));
  });

  test('an open pause without now is refused', () => {
    expect(() =>
      dueAt(shanghai, at('2026-03-02T10:00+08:00'), 120, [{ from: at('2026-03-02T11:00+08:00') }]),
    ).toThrow('An open pause (no `to`) needs `now`');
  });
});

describe('slaStatus', () => {
  const received = at('2026-03-02T10:00+08:00');

  test('a date decades back (a mistyped year) costs at most MAX_WALK_DAYS of walk: elapsed as from then, due and breached as it is', () => {
    const now = at('2026-03-02T11:00+08:00');
    const capFrom = new Date(now.getTime() - MAX_WALK_DAYS * 86_400_000);
    const long = slaStatus(shanghai, {
      receivedAt: at('1900-01-01T10:00+08:00'),
      targetMinutes: 120,
      now,
    });
    expect(long.breached).toBe(true);
    expect(iso(long.dueAt)).toBe(iso('1900-01-01T12:00+08:00'));
    expect(long.elapsedMinutes).toBe(businessMinutesBetween(shanghai, capFrom, now));
    // A pause wholly before that span subtracts nothing; one within it as usual.
    const paused = slaStatus(shanghai, {
      receivedAt: at('1900-01-01T10:00+08:00'),
      targetMinutes: 120,
      now,
      pauses: [
        { from: at('1950-01-02T09:00+08:00'), to: at('1950-01-09T09:00+08:00') },
        { from: at('2026-03-02T09:00+08:00'), to: at('2026-03-02T10:00+08:00') },
      ],
    });
    expect(paused.elapsedMinutes).toBe(long.elapsedMinutes - 60);
    expect(businessMinutesBetween(shanghai, at('1900-01-01T10:00+08:00'), now)).toBe(
      long.elapsedMinutes,
    );
  });

  test('half-way through', () => {
    expect(
      slaStatus(shanghai, {
        receivedAt: received,
        targetMinutes: 120,
        now: at('2026-03-02T11:00+08:00'),
      }),
    ).toEqual({
      dueAt: at('2026-03-02T12:00+08:00'),
      elapsedMinutes: 60,
      remainingMinutes: 60,
      elapsedFraction: 0.5,
      breached: false,
      paused: false,
    });
  });

  test('exactly at the due time is not a breach; one minute later is', () => {
    const onTime = slaStatus(shanghai, {
      receivedAt: received,
      targetMinutes: 120,
      now: at('2026-03-02T12:00+08:00'),
    });
    expect(onTime).toMatchObject({ elapsedMinutes: 120, remainingMinutes: 0, breached: false });
    const late = slaStatus(shanghai, {
      receivedAt: received,
      targetMinutes: 120,
      now: at('2026-03-02T12:01+08:00'),
    });
    expect(late).toMatchObject({
      elapsedMinutes: 121,
      remainingMinutes: -1,
      elapsedFraction: 121 / 120,
      breached: true,
    });
  });

  test('after closing a missed deadline stays breached with 0 minutes remaining', () => {
    const status = slaStatus(shanghai, {
      receivedAt: at('2026-03-02T17:00+08:00'),
      targetMinutes: 60,
      now: at('2026-03-02T20:00+08:00'),
    });
    expect(status).toMatchObject({
      dueAt: at('2026-03-02T18:00+08:00'),
      elapsedMinutes: 60,
      remainingMinutes: 0,
      breached: true,
    });
  });

  test('an open pause stops the clock and moves the due time with now', () => {
    const pauses = [{ from: at('2026-03-02T11:00+08:00') }];
    const afternoon = slaStatus(shanghai, {
      receivedAt: received,
      targetMinutes: 120,
      pauses,
      now: at('2026-03-02T15:00+08:00'),
    });
    expect(afternoon).toEqual({
      dueAt: at('2026-03-02T16:00+08:00'),
      elapsedMinutes: 60,
      remainingMinutes: 60,
      elapsedFraction: 0.5,
      breached: false,
      paused: true,
    });
    // Next morning, still paused: the original 12:00 deadline is long gone but no breach.
    const nextMorning = slaStatus(shanghai, {
      receivedAt: received,
      targetMinutes: 120,
      pauses,
      now: at('2026-03-03T09:30+08:00'),
    });
    expect(nextMorning).toMatchObject({
      dueAt: at('2026-03-03T10:30+08:00'),
      elapsedMinutes: 60,
      breached: false,
      paused: true,
    });
  });

  test('a closed pause spanning the night, seen the next day', () => {
    const status = slaStatus(shanghai, {
      receivedAt: at('2026-03-02T16:00+08:00'),
      targetMinutes: 240,
      pauses: [{ from: at('2026-03-02T17:00+08:00'), to: at('2026-03-03T10:00+08:00') }],
      now: at('2026-03-03T11:00+08:00'),
    });
    expect(status).toEqual({
      dueAt: at('2026-03-03T13:00+08:00'),
      elapsedMinutes: 120,
      remainingMinutes: 120,
      elapsedFraction: 0.5,
      breached: false,
      paused: false,
    });
  });

  test('received on a weekend: nothing has elapsed by Sunday', () => {
    const status = slaStatus(shanghai, {
      receivedAt: at('2026-03-07T11:00+08:00'),
      targetMinutes: 120,
      now: at('2026-03-08T23:00+08:00'),
    });
    expect(status).toMatchObject({
      dueAt: at('2026-03-09T11:00+08:00'),
      elapsedMinutes: 0,
      elapsedFraction: 0,
      breached: false,
    });
  });
});

describe('targets and settings', () => {
  test.each([
    { severity: 120, tier: 240, target: 120 },
    { severity: 480, tier: 240, target: 240 },
    { severity: 240, tier: 240, target: 240 },
    { severity: 120, tier: undefined, target: 120 },
  ])('severity $severity, tier $tier: $target', ({ severity, tier, target }) => {
    expect(effectiveTargetMinutes(severity, tier)).toBe(target);
  });

  test('calendarFromSettings copies the business hours and the 24x7 choice', () => {
    const settings = defaultSettings({
      locale: 'en',
      timeZone: 'Asia/Shanghai',
      admins: [],
      channels: {},
    });
    const cal = calendarFromSettings(settings);
    expect(cal).toEqual({
      timeZone: 'Asia/Shanghai',
      workingDays: [1, 2, 3, 4, 5],
      windows: [{ start: '09:00', end: '18:00' }],
      holidays: [],
      extraWorkdays: [],
      aroundTheClock: false,
    });
    expect(calendarFromSettings(settings, { aroundTheClock: true }).aroundTheClock).toBe(true);
    settings.businessHours.holidays.push('2026-03-02');
    expect(cal.holidays).toEqual([]);
  });
});

describe('properties', () => {
  const NUM_RUNS = 200;
  const YEAR_START = Date.UTC(2026, 0, 1);
  const DAY = 86_400_000;
  /** Zones with whole-hour, half-hour and no DST, and both hemispheres. */
  const ZONES = [
    'Asia/Shanghai',
    'America/New_York',
    'Europe/London',
    'Australia/Lord_Howe',
    'UTC',
  ];
  /** 2026 DST changes in those zones, so that many runs cross one. */
  const TRANSITIONS = [
    '2026-03-08',
    '2026-03-29',
    '2026-04-05',
    '2026-10-04',
    '2026-10-25',
    '2026-11-01',
  ];

  const hhmm = (quarter: number): string =>
    `${String(Math.floor(quarter / 4)).padStart(2, '0')}:${String((quarter % 4) * 15).padStart(2, '0')}`;
  const dateKey = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

  const arbWindows = fc
    .uniqueArray(fc.integer({ min: 0, max: 96 }), { minLength: 2, maxLength: 6 })
    .map((quarters) => {
      const sorted = [...quarters].sort((a, b) => a - b);
      const windows: { start: string; end: string }[] = [];
      for (let i = 0; i + 1 < sorted.length; i += 2) {
        windows.push({ start: hhmm(sorted[i] ?? 0), end: hhmm(sorted[i + 1] ?? 96) });
      }
      return windows;
    });
  const arbDateKey = fc.integer({ min: 0, max: 400 }).map((d) => dateKey(YEAR_START + d * DAY));
  const arbCalendar: fc.Arbitrary<BusinessCalendar> = fc.record({
    timeZone: fc.constantFrom(...ZONES),
    workingDays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    windows: arbWindows,
    holidays: fc.uniqueArray(arbDateKey, { maxLength: 10 }),
    extraWorkdays: fc.uniqueArray(arbDateKey, { maxLength: 3 }),
    aroundTheClock: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  });
  const arbInstant = fc.oneof(
    fc.integer({ min: YEAR_START, max: YEAR_START + 365 * DAY }),
    fc
      .tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -2 * DAY, max: 2 * DAY }))
      .map(([day, offset]) => Date.parse(`${day}T00:00Z`) + offset),
  );
  /** Whole minutes mostly, sometimes a millisecond-exact fraction. */
  const arbMinutes = fc.oneof(
    fc.integer({ min: 0, max: 1500 }),
    fc.integer({ min: 0, max: 1500 * 60_000 }).map((ms) => ms / 60_000),
  );
  const arbPause = fc
    .tuple(fc.integer({ min: -DAY, max: 10 * DAY }), fc.integer({ min: 1, max: 3 * DAY }))
    .map(([start, length]) => ({ start, length }));
  const pausesFrom = (received: number, spans: { start: number; length: number }[]): Pause[] =>
    spans.map((s) => ({
      from: new Date(received + s.start),
      to: new Date(received + s.start + s.length),
    }));

  test('dueAt is never before receipt', () => {
    fc.assert(
      fc.property(
        arbCalendar,
        arbInstant,
        arbMinutes,
        fc.array(arbPause, { maxLength: 3 }),
        (cal, received, minutes, spans) => {
          const due = dueAt(cal, new Date(received), minutes, pausesFrom(received, spans));
          expect(due.getTime()).toBeGreaterThanOrEqual(received);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  test('business minutes from start to addBusinessMinutes(start, m) are m', () => {
    fc.assert(
      fc.property(arbCalendar, arbInstant, arbMinutes, (cal, start, minutes) => {
        const end = addBusinessMinutes(cal, new Date(start), minutes);
        expect(businessMinutesBetween(cal, new Date(start), end)).toBeCloseTo(minutes, 6);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('more minutes are never due earlier', () => {
    fc.assert(
      fc.property(arbCalendar, arbInstant, arbMinutes, arbMinutes, (cal, start, a, extra) => {
        const sooner = addBusinessMinutes(cal, new Date(start), a);
        const later = addBusinessMinutes(cal, new Date(start), a + extra);
        expect(later.getTime()).toBeGreaterThanOrEqual(sooner.getTime());
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('adding a holiday never makes a due time earlier', () => {
    fc.assert(
      fc.property(
        arbCalendar,
        arbInstant,
        arbMinutes,
        fc.integer({ min: -1, max: 10 }),
        (cal, received, minutes, daysAhead) => {
          const holiday = dateKey(received + daysAhead * DAY);
          const withHoliday = { ...cal, holidays: [...cal.holidays, holiday] };
          const before = dueAt(cal, new Date(received), minutes);
          const after = dueAt(withHoliday, new Date(received), minutes);
          expect(after.getTime()).toBeGreaterThanOrEqual(before.getTime());
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  test('a pause never makes a due time earlier', () => {
    fc.assert(
      fc.property(arbCalendar, arbInstant, arbMinutes, arbPause, (cal, received, minutes, span) => {
        const without = dueAt(cal, new Date(received), minutes);
        const paused = dueAt(cal, new Date(received), minutes, pausesFrom(received, [span]));
        expect(paused.getTime()).toBeGreaterThanOrEqual(without.getTime());
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('slaStatus agrees with dueAt: the target is used up exactly at the due time', () => {
    fc.assert(
      fc.property(
        arbCalendar,
        arbInstant,
        arbMinutes,
        fc.array(arbPause, { maxLength: 3 }),
        (cal, received, minutes, spans) => {
          const input = {
            receivedAt: new Date(received),
            targetMinutes: minutes,
            pauses: pausesFrom(received, spans),
          };
          const due = dueAt(cal, input.receivedAt, minutes, input.pauses);
          const atDue = slaStatus(cal, { ...input, now: due });
          expect(atDue.dueAt).toEqual(due);
          expect(atDue.elapsedMinutes).toBeCloseTo(minutes, 6);
          expect(atDue.breached).toBe(false);
          // The earliest such instant: a millisecond before, the target is not yet used up.
          if (minutes > 0) {
            const before = slaStatus(cal, { ...input, now: new Date(due.getTime() - 1) });
            expect(before.elapsedMinutes).toBeLessThan(minutes);
          }
          expect(slaStatus(cal, { ...input, now: new Date(due.getTime() + 1) }).breached).toBe(
            true,
          );
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});
