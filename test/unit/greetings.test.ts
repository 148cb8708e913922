import { describe, expect, test } from 'vitest';
import { carePlan, careReason, qbrDueDate } from '../../src/task/rules.js';
import { greetingDates } from '../../src/workspace/holidays.js';
import { GREETING_DAYS, SEGMENT_CADENCE } from '../../src/workspace/settings.js';
import { translator } from '../../src/i18n/index.js';
import type { TaskRecord } from '../../src/task/types.js';
import { greetingList, greetingLinesOf, greetingListWithout } from '../../src/ui/task.js';

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

describe('care plan by segment and stage (manual C), for the tiers it applies to', () => {
  const cadence = { strategic: 30, key: 30, normal: 90 };
  const rows = { ...SEGMENT_CADENCE, tiers: [...SEGMENT_CADENCE.tiers] };
  const withNormal = { ...rows, tiers: [...rows.tiers, 'normal' as const] };
  test.each([
    [
      'a VIP: monthly visit',
      { valueClass: 'vip', lifecycle: 'stable', tier: 'strategic' },
      rows,
      { kind: 'visit', days: 30 },
    ],
    [
      'a potential key customer: call every two weeks',
      { valueClass: 'potential', lifecycle: 'new', tier: 'key' },
      rows,
      { kind: 'call', days: 14 },
    ],
    [
      'a stable key customer: monthly call',
      { valueClass: 'ordinary', lifecycle: 'stable', tier: 'key' },
      rows,
      { kind: 'call', days: 30 },
    ],
    [
      'a potential normal customer: the normal tier cadence, not a call every two weeks',
      { valueClass: 'potential', lifecycle: 'new', tier: 'normal' },
      rows,
      { kind: 'care', days: 90 },
    ],
    [
      'a stable normal customer: the normal tier cadence',
      { valueClass: 'ordinary', lifecycle: 'stable', tier: 'normal' },
      rows,
      { kind: 'care', days: 90 },
    ],
    [
      'a potential normal customer once the rows apply to normal: every two weeks again',
      { valueClass: 'potential', lifecycle: 'new', tier: 'normal' },
      withNormal,
      { kind: 'call', days: 14 },
    ],
    [
      'a stable normal customer once the rows apply to normal: monthly',
      { valueClass: 'ordinary', lifecycle: 'stable', tier: 'normal' },
      withNormal,
      { kind: 'call', days: 30 },
    ],
    [
      "a potential key customer with the workspace's own days",
      { valueClass: 'potential', lifecycle: 'new', tier: 'key' },
      { ...rows, potentialCall: 21 },
      { kind: 'call', days: 21 },
    ],
    [
      'a VIP when the rows apply to no tier: the tier cadence',
      { valueClass: 'vip', lifecycle: 'stable', tier: 'strategic' },
      { ...rows, tiers: [] },
      { kind: 'care', days: 30 },
    ],
    [
      'a high-value growing one: the tier cadence',
      { valueClass: 'high_value', lifecycle: 'growing', tier: 'key' },
      rows,
      { kind: 'care', days: 30 },
    ],
    [
      'an ordinary one under warning: the tier cadence',
      { valueClass: 'ordinary', lifecycle: 'churn_warning', tier: 'normal' },
      rows,
      { kind: 'care', days: 90 },
    ],
  ] as const)('%s', (_name, customer, segment, expected) => {
    expect(carePlan(customer, cadence, { ...segment, tiers: [...segment.tiers] })).toEqual(
      expected,
    );
  });

  test("the task's reason names the row that applied", () => {
    const potentialNormal = { valueClass: 'potential', lifecycle: 'new', tier: 'normal' } as const;
    expect(careReason(potentialNormal, ['strategic', 'key'])).toBe('tier');
    expect(careReason(potentialNormal, ['strategic', 'key', 'normal'])).toBe('potential');
    expect(careReason({ lifecycle: 'stable', tier: 'key' }, ['key'])).toBe('stable');
    expect(careReason({ lifecycle: 'prospect', tier: 'key' }, [])).toBe('prospect');
  });

  test.each([
    ['2026-11-24', { quarter: '2026-Q4', dueDate: '2026-12-31' }],
    ['2027-01-01', { quarter: '2027-Q1', dueDate: '2027-03-31' }],
    ['2027-06-30', { quarter: '2027-Q2', dueDate: '2027-06-30' }],
  ])('the business review of %s', (today, expected) => {
    expect(qbrDueDate(today)).toEqual(expected);
  });
});

describe('an owner’s greetings DM without the lines of a customer erased since (p44 greeterase)', () => {
  const t = translator('en');
  const greeting = (n: number, customerId: string) =>
    ({
      id: `T1:greeting:${customerId}:national_day:2026-10-01:${n}`,
      teamId: 'T1',
      kind: 'greeting',
      status: 'open',
      customerId,
      customerCode: `C${customerId}`,
      customerName: `Customer ${customerId}`,
      assigneeId: 'U1',
      content: `greet Contact ${customerId}`,
      dueDate: '2026-09-30',
      reminders: {},
      createdAt: new Date('2026-09-28T01:00:00Z'),
    }) as unknown as TaskRecord;
  const list = (holidays: { holiday: string; tasks: TaskRecord[] }[]) =>
    holidays.map((h) => ({ ...h, date: '2026-10-01' }));

  test('the lines kept as drawn, the counts said again, a holiday left with none left out', () => {
    const holidays = list([
      { holiday: 'Mid-Autumn', tasks: [greeting(1, 'a'), greeting(2, 'b')] },
      { holiday: 'National Day', tasks: [greeting(3, 'b')] },
    ]);
    const drawn = greetingList(t, holidays, '2026-09-28');
    const out = greetingListWithout(t, drawn, greetingLinesOf(holidays), new Set(['b']));
    expect(out!.message).toEqual(
      greetingList(t, list([{ holiday: 'Mid-Autumn', tasks: [greeting(1, 'a')] }]), '2026-09-28'),
    );
    expect(out!.shown.map((l) => l.customerId)).toEqual(['a']);
    expect(out!.lines.shown).toBe(1);
    expect(greetingListWithout(t, drawn, greetingLinesOf(holidays), new Set(['a', 'b']))).toBe(
      null,
    );
  });

  test('past the rows it shows: the rest still counted, a counted line of the erased customer not', () => {
    const many = Array.from({ length: 42 }, (_, i) =>
      greeting(i, i === 0 || i === 41 ? 'x' : `c${i}`),
    );
    const holidays = list([{ holiday: 'National Day', tasks: many }]);
    const drawn = greetingList(t, holidays, '2026-09-28');
    const out = greetingListWithout(t, drawn, greetingLinesOf(holidays), new Set(['x']));
    const text = JSON.stringify(out!.message);
    expect(text).toContain('40 customers to greet');
    expect(text).toContain('1 more');
    expect(text).not.toContain('Customer x');
    // Taken out again (a later delivery): the same.
    const again = greetingListWithout(t, out!.message, out!.lines, new Set(['x']));
    expect(again!.message).toEqual(out!.message);
  });

  test('a message not as its lines say is taken back whole', () => {
    const holidays = list([
      { holiday: 'National Day', tasks: [greeting(1, 'a'), greeting(2, 'b')] },
    ]);
    const drawn = greetingList(t, holidays, '2026-09-28');
    const cut = { ...drawn, blocks: drawn.blocks!.slice(0, 2) };
    expect(greetingListWithout(t, cut, greetingLinesOf(holidays), new Set(['b']))).toBe(null);
  });
});
