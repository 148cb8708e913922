// The settings modals' parsers (src/workspace/form.ts), the first-response matrix, quiet hours
// and the public holidays loader: pure, no database.
import { describe, expect, test } from 'vitest';
import { slaTargets } from '../../src/ticket/rules.js';
import { quietUntil } from '../../src/workspace/calendar.js';
import {
  formatDuration,
  parseDates,
  parseDuration,
  parseSettingsForm,
  parseWindows,
  responseMatrix,
  settingsDiff,
  settingsFormData,
} from '../../src/workspace/form.js';
import { chinaPublicCalendar } from '../../src/workspace/holidays.js';
import {
  defaultSettings,
  SETTINGS_FIELDS,
  SETTINGS_GROUPS,
  settingsSchema,
} from '../../src/workspace/settings.js';
import { fieldErrors } from '../helpers/field-errors.js';

const defaults = defaultSettings({
  locale: 'en',
  timeZone: 'Asia/Shanghai',
  admins: ['U0ADMIN001'],
  channels: { triage: 'C0TRIAGE01' },
});

describe('durations', () => {
  test.each([
    ['4', 240],
    ['1.5', 90],
    ['2h', 120],
    ['2 hours', 120],
    ['90min', 90],
    ['90 m', 90],
    ['1h30m', 90],
    ['2小时', 120],
    ['30分钟', 30],
    ['１２', 720],
  ])('%s is %i minutes', (raw, minutes) => expect(parseDuration(raw)).toBe(minutes));

  test.each(['', 'soon', '-2', '2d', '1:30'])('%s is not a duration', (raw) =>
    expect(parseDuration(raw)).toBeUndefined(),
  );

  test('shown as hours, or hours and minutes when not a quarter', () => {
    expect([240, 90, 4320, 100].map(formatDuration)).toEqual(['4', '1.5', '72', '1h40m']);
  });
});

describe('business windows', () => {
  test('one or more windows, sorted', () => {
    expect(parseWindows('13:00-18:00, 9:00-12:00')).toEqual({
      ok: true,
      value: [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '18:00' },
      ],
    });
    expect(parseWindows('00:00-24:00')).toMatchObject({ ok: true });
  });

  test.each([
    ['18:00-09:00', 'settings.error.window'],
    ['9-18', 'settings.error.window'],
    ['09:00-12:00, 11:00-18:00', 'settings.error.windowsOverlap'],
    [
      '1:00-2:00 3:00-4:00 5:00-6:00 7:00-8:00 9:00-10:00 11:00-12:00 13:00-14:00',
      'settings.error.windows',
    ],
  ])('%s is refused (%s)', (raw, key) =>
    expect(parseWindows(raw)).toMatchObject({ ok: false, problem: { key } }),
  );
});

describe('date lists', () => {
  test('lines, commas and the spellings people type; sorted, once each', () => {
    expect(parseDates('2026-10-02\n2026/10/1, 2026年10月3日 2026-10-01')).toEqual({
      ok: true,
      value: ['2026-10-01', '2026-10-02', '2026-10-03'],
    });
  });

  test('the first word that is not a date is named', () => {
    expect(parseDates('2026-10-01\n2026-02-30')).toEqual({
      ok: false,
      problem: {
        key: 'settings.error.dates',
        params: { count: 1 },
        lists: { value: ['2026-02-30'] },
      },
    });
  });

  test('every word that is not a date is counted, the first five named, each once', () => {
    expect(parseDates('2026-10-01 a b c a d e f g')).toEqual({
      ok: false,
      problem: {
        key: 'settings.error.dates',
        params: { count: 7 },
        lists: { value: ['a', 'b', 'c', 'd', 'e'] },
      },
    });
  });

  test('a range is each of its days, however its ends are joined, over a month end', () => {
    const week = ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05'];
    for (const typed of [
      '2026-10-01~2026-10-05',
      '2026-10-01 - 2026-10-05',
      '2026-10-01 ～ 2026-10-05',
      '2026年10月1日至2026年10月5日',
      '2026/10/1到2026/10/5',
    ])
      expect(parseDates(typed), typed).toEqual({ ok: true, value: week });
    expect(parseDates('2026-09-30~2026-10-01\n2026-12-31')).toEqual({
      ok: true,
      value: ['2026-09-30', '2026-10-01', '2026-12-31'],
    });
  });

  test('a bulleted list stays a list of dates, not a range', () => {
    expect(parseDates('- 2026-10-01\n- 2026-10-05')).toEqual({
      ok: false,
      problem: { key: 'settings.error.dates', params: { count: 1 }, lists: { value: ['-'] } },
    });
  });

  test('a range backwards, of a wrong day or over a month is named whole', () => {
    for (const typed of ['2026-10-07~2026-10-01', '2026-10-01~2026-10-32', '2026-10-01~2026-11-01'])
      expect(parseDates(`2026-09-01\n${typed}`), typed).toEqual({
        ok: false,
        problem: { key: 'settings.error.dateRange', params: { value: typed, max: 31 } },
      });
    expect(parseDates('2026-10-01~2026-10-31').ok).toBe(true);
  });
});

describe('each group', () => {
  test('the defaults read back as they were (but for the matrix, which becomes explicit)', () => {
    for (const group of SETTINGS_GROUPS) {
      const form = settingsFormData(group, defaults);
      expect(Object.keys(form).sort(), group).toEqual(
        SETTINGS_FIELDS[group].map((f) => f.id).sort(),
      );
      const parsed = parseSettingsForm(group, form, defaults);
      expect(settingsSchema.parse(parsed), group).toEqual(
        group === 'sla'
          ? {
              ...defaults,
              sla: { ...defaults.sla, responseMinutesMatrix: responseMatrix(defaults.sla) },
            }
          : defaults,
      );
      expect(settingsDiff(group, defaults, parsed), group).toEqual({ old: {}, new: {} });
    }
  });

  test('a group changes only its own fields', () => {
    const s = parseSettingsForm(
      'signals',
      { ...settingsFormData('signals', defaults), churn_days: '60', upsell_growth: '25 %' },
      defaults,
    );
    expect(s).toEqual({ ...defaults, churnInactivityDays: 60, upsellGrowth: 0.25 });
    expect(settingsDiff('signals', defaults, s)).toEqual({
      old: { churn_days: '90', upsell_growth: '30' },
      new: { churn_days: '60', upsell_growth: '25' },
    });
  });

  test('channels: picked ids kept, an empty one removed, anything else refused', () => {
    const s = parseSettingsForm('channels', { channel_alerts: 'C0ALERTS01' }, defaults);
    expect(s.channels).toEqual({ alerts: 'C0ALERTS01' });
    expect(
      fieldErrors(() => parseSettingsForm('channels', { channel_digest: 'U0USER0001' }, defaults)),
    ).toEqual({ channel_digest: { key: 'settings.error.channel' } });
  });

  test('time zone: an IANA name, spelled as Intl spells it', () => {
    const read = (tz: string) =>
      parseSettingsForm('locale', { locale: 'zh-CN', time_zone: tz }, defaults);
    expect(read('asia/tokyo')).toMatchObject({ locale: 'zh-CN', timeZone: 'Asia/Tokyo' });
    expect(read('UTC').timeZone).toBe('UTC');
    for (const bad of ['Mars/Olympus', 'CST', 'GMT+8'])
      expect(
        fieldErrors(() => read(bad)),
        bad,
      ).toEqual({
        time_zone: { key: 'settings.error.timeZone' },
      });
  });

  test('SLA: every bad cell named, percentages and hours read', () => {
    const form = { ...settingsFormData('sla', defaults) };
    expect(
      fieldErrors(() =>
        parseSettingsForm(
          'sla',
          { ...form, resp_urgent_strategic: '0', resp_general_key: 'x', warn_at: '100' },
          defaults,
        ),
      ),
    ).toEqual({
      resp_urgent_strategic: { key: 'settings.error.duration' },
      resp_general_key: { key: 'settings.error.duration' },
      warn_at: { key: 'settings.error.percent', params: { min: 1, max: 99 } },
    });
    const s = parseSettingsForm('sla', { ...form, warn_at: '66.5%', l3_after: '90min' }, defaults);
    expect(s.sla).toMatchObject({ warnAtFraction: 0.665, l3AfterMinutes: 90 });
  });

  test('SLA: a modal drawn when one resolution target applied (open across a deploy) saves it as each severity’s', () => {
    const {
      resolution_urgent: _u,
      resolution_important: _i,
      resolution_general: _g,
      ...form
    } = settingsFormData('sla', defaults);
    const s = parseSettingsForm('sla', { ...form, resolution: '48' }, defaults);
    expect(s.sla.resolutionMinutesBySeverity).toEqual({
      urgent: 2880,
      important: 2880,
      general: 2880,
    });
  });

  test('tiers: key below strategic; revisit days whole and in range', () => {
    const form = settingsFormData('customers', defaults);
    expect(
      fieldErrors(() =>
        parseSettingsForm(
          'customers',
          { ...form, tier_key: '1,000,000', revisit_days: '3, 400', cadence_key: '0' },
          defaults,
        ),
      ),
    ).toEqual({
      tier_key: { key: 'settings.error.tierOrder' },
      revisit_days: { key: 'settings.error.dayList' },
      cadence_key: { key: 'settings.error.whole', params: { min: 1, max: 3650 } },
    });
    expect(
      parseSettingsForm('customers', { ...form, revisit_days: '30，7, 3, 7' }, defaults)
        .revisitDays,
    ).toEqual([3, 7, 30]);
  });

  test('business hours: at least one working day, of 1-7', () => {
    const form = settingsFormData('hours', defaults);
    expect(
      fieldErrors(() => parseSettingsForm('hours', { ...form, working_days: '1,8' }, defaults)),
    ).toEqual({ working_days: { key: 'settings.error.weekdays' } });
    expect(
      parseSettingsForm('hours', { ...form, working_days: '6,1', urgent_24x7: 'yes' }, defaults),
    ).toMatchObject({
      businessHours: { workingDays: [1, 6] },
      sla: { urgentAroundTheClock: true },
    });
  });

  test('digest and quiet hours', () => {
    const digest = settingsFormData('digest', defaults);
    expect(
      fieldErrors(() =>
        parseSettingsForm(
          'digest',
          { ...digest, digest_weekday: '8', target_nps: '-101' },
          defaults,
        ),
      ),
    ).toEqual({
      digest_weekday: {
        key: 'form.error.choice',
        params: { choices: '1, 2, 3, 4, 5, 6, 7' },
        choices: { values: ['1', '2', '3', '4', '5', '6', '7'], labels: 'settings.weekday' },
      },
      target_nps: { key: 'settings.error.whole', params: { min: -100, max: 100 } },
    });
    expect(
      parseSettingsForm(
        'quiet',
        { quiet_enabled: 'no', quiet_start: '22:00', quiet_end: '22:00' },
        defaults,
      ).quietHours,
    ).toEqual({ enabled: false, start: '22:00', end: '22:00' });
  });
});

describe('first-response matrix', () => {
  test('absent, every cell is the stricter of severity and tier, as before', () => {
    for (const severity of ['urgent', 'important', 'general'] as const)
      for (const tier of ['strategic', 'key', 'normal'] as const)
        expect(slaTargets(defaults, severity, tier).responseMinutes).toBe(
          Math.min(
            defaults.sla.responseMinutesBySeverity[severity],
            defaults.sla.responseMinutesByTier[tier],
          ),
        );
  });

  test('present, its cell is the target', () => {
    const matrix = responseMatrix(defaults.sla);
    matrix.general.normal = 300;
    const s = { ...defaults, sla: { ...defaults.sla, responseMinutesMatrix: matrix } };
    expect(slaTargets(s, 'general', 'normal').responseMinutes).toBe(300);
    expect(slaTargets(s, 'general', 'key').responseMinutes).toBe(480);
  });

  test('settings stored before the matrix and quiet hours existed still read', () => {
    const old = structuredClone(defaults) as Record<string, unknown>;
    delete old.quietHours;
    const parsed = settingsSchema.parse(old);
    expect(parsed.quietHours).toEqual({ enabled: false, start: '22:00', end: '08:00' });
    expect(parsed.sla.responseMinutesMatrix).toBeUndefined();
  });
});

describe('quiet hours', () => {
  const on = (start: string, end: string) => ({
    timeZone: 'Asia/Shanghai',
    quietHours: { enabled: true, start, end },
  });
  // Instants in Shanghai (UTC+8).
  const at = (local: string) => new Date(`${local}+08:00`);

  test('a window over midnight: evening and morning both quiet, until its end', () => {
    expect(quietUntil(on('22:00', '08:00'), at('2026-11-24T23:00:00'))).toEqual(
      at('2026-11-25T08:00:00'),
    );
    expect(quietUntil(on('22:00', '08:00'), at('2026-11-25T07:59:00'))).toEqual(
      at('2026-11-25T08:00:00'),
    );
    expect(quietUntil(on('22:00', '08:00'), at('2026-11-25T08:00:00'))).toBeUndefined();
    expect(quietUntil(on('22:00', '08:00'), at('2026-11-25T21:59:00'))).toBeUndefined();
  });

  test('a window within the day; off means never', () => {
    expect(quietUntil(on('12:00', '13:30'), at('2026-11-24T12:10:00'))).toEqual(
      at('2026-11-24T13:30:00'),
    );
    expect(quietUntil(on('12:00', '13:30'), at('2026-11-24T13:30:00'))).toBeUndefined();
    expect(
      quietUntil(
        {
          ...on('00:00', '23:59'),
          quietHours: { ...on('00:00', '23:59').quietHours, enabled: false },
        },
        at('2026-11-24T12:00:00'),
      ),
    ).toBeUndefined();
  });
});

describe("China's public holidays", () => {
  test('2026: the statutory holidays and the make-up working days', () => {
    const { holidays, extraWorkdays } = chinaPublicCalendar(2026);
    expect(holidays).toContain('2026-02-17');
    expect(holidays).toContain('2026-10-01');
    expect(holidays).not.toContain('2026-03-01');
    expect(extraWorkdays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
  });
});
