// The greeting days list as `/desk settings greetings` reads and shows it (pure), and "the
// owner's managers" (src/workspace/types.ts) with the customer.seeContacts rule that uses them.
import { describe, expect, test } from 'vitest';
import { may } from '../../src/permissions.js';
import {
  defaultGreetingDays,
  formatGreetingDays,
  parseGreetingDays,
} from '../../src/workspace/greeting-days.js';
import { greetingDates } from '../../src/workspace/holidays.js';
import { defaultSettings } from '../../src/workspace/settings.js';
import { ownersManagers } from '../../src/workspace/types.js';

describe('greeting days list', () => {
  test('the defaults read back as they are, in both languages', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const text = formatGreetingDays(defaultGreetingDays(), locale);
      expect(parseGreetingDays(text)).toEqual({ ok: true, value: defaultGreetingDays() });
    }
    expect(formatGreetingDays(defaultGreetingDays(), 'zh-CN').split('\n')).toEqual([
      '春节: 农历 01-01',
      '端午节: 农历 05-05',
      '中秋节: 农历 08-15',
      '国庆节: 10-01',
      '元旦: 01-01',
    ]);
  });

  test.each([
    ['Founding: 6-8', { id: 'solar_0608', calendar: 'solar', date: '06-08', name: 'Founding' }],
    ['七夕：农历7月7日', { id: 'lunar_0707', calendar: 'lunar', date: '07-07', name: '七夕' }],
    [
      'Harvest = Lunar 08-15',
      { id: 'lunar_0815', calendar: 'lunar', date: '08-15', name: 'Harvest' },
    ],
    [
      'Our Day: national_day',
      { id: 'solar_1001', calendar: 'solar', date: '10-01', name: 'Our Day' },
    ],
    ['周年：１２－０１', { id: 'solar_1201', calendar: 'solar', date: '12-01', name: '周年' }],
    ['dragon_boat', { id: 'dragon_boat', calendar: 'lunar', date: '05-05' }],
    ['国庆节: 10-01', { id: 'national_day', calendar: 'solar', date: '10-01' }],
  ])('%s', (line, day) => {
    expect(parseGreetingDays(line)).toEqual({ ok: true, value: [day] });
  });

  test.each([
    ['no date', 'settings.error.greetingLine'],
    ['Leap: 02-29', 'settings.error.greetingDate'],
    ['Bad: lunar 13-01', 'settings.error.greetingDate'],
    ['Bad: 04-31', 'settings.error.greetingDate'],
    [': 06-01', 'settings.error.greetingLine'],
    ['A: 06-01\nB: 6-1', 'settings.error.greetingTwice'],
  ])('%s is refused', (text, key) => {
    const parsed = parseGreetingDays(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem.key).toBe(key);
  });

  test('at most 20 days', () => {
    const lines = Array.from(
      { length: 21 },
      (_, i) => `Day ${i}: 03-${String(i + 1).padStart(2, '0')}`,
    );
    expect(parseGreetingDays(lines.join('\n'))).toMatchObject({
      ok: false,
      problem: { key: 'settings.error.greetingTooMany' },
    });
  });

  test('an added day falls on its date each year, with its name', () => {
    const parsed = parseGreetingDays('Qixi: lunar 07-07\nFounding: 06-08');
    expect(parsed.ok && greetingDates(parsed.value, 2026)).toEqual([
      { id: 'solar_0608', name: 'Founding', date: '2026-06-08' },
      { id: 'lunar_0707', name: 'Qixi', date: '2026-08-19' },
    ]);
  });
});

describe("the owner's managers", () => {
  const settings = {
    ...defaultSettings({
      locale: 'en',
      timeZone: 'Asia/Shanghai',
      admins: ['UADMIN'],
      channels: {},
    }),
    managers: ['UEAST', 'UWEST'],
    accountManagers: ['UOWNER', 'ULONER'],
    managerLinks: [
      { managerId: 'UEAST', manages: ['UOWNER'] },
      // No longer a manager: the link no longer counts.
      { managerId: 'UFORMER', manages: ['UOWNER', 'ULONER'] },
    ],
  };

  test('linked managers; every manager when nobody manages the owner or there is none', () => {
    expect(ownersManagers(settings, 'UOWNER')).toEqual(['UEAST']);
    expect(ownersManagers(settings, 'ULONER')).toEqual(['UEAST', 'UWEST']);
    expect(ownersManagers(settings, undefined)).toEqual(['UEAST', 'UWEST']);
    expect(ownersManagers({ managers: ['UEAST'] }, 'UOWNER')).toEqual(['UEAST']);
  });

  test('customer.seeContacts: the owner, their managers, admins; not another manager', () => {
    const customer = { ownerId: 'UOWNER' };
    const sees = (user: string, c: { ownerId?: string } = customer) =>
      may(settings, user, 'customer.seeContacts', { customer: c });
    expect(['UOWNER', 'UEAST', 'UADMIN', 'UWEST', 'UFORMER'].map((u) => sees(u))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(sees('UWEST', { ownerId: 'ULONER' })).toBe(true);
  });
});
