// `/desk settings` through the real Bolt HTTP path: what admins type in a group's modal as
// people write it, and what the settings history and the other instances make of a change.
import { describe, expect, test } from 'vitest';
import { SETTINGS_FRESH_MS } from '../../src/workspace/service.js';
import type { SettingsGroup } from '../../src/workspace/settings.js';
import { useTestApp } from '../helpers/app.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { settingsKit } from '../helpers/settings.js';

const ADMIN = 'U0ADMIN001';

// Tuesday 2026-11-24 10:00 in Shanghai; business hours Mon-Fri 09:00-18:00.
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

const { settings, openGroup } = settingsKit(app, ADMIN);

/** Opens a group's modal, fills in `form` and saves it, as the admin. */
async function saveGroup(group: SettingsGroup, form: Record<string, string | null>) {
  const view = await openGroup(group);
  return app.slack.submitView(view, form, { userId: ADMIN });
}

describe('business hours as people type them', () => {
  test.each([
    ['09:00 - 12:00, 13:00 - 18:00', '09:00-12:00', '13:00-18:00'],
    ['9:00 ~ 12:00，13:30 到 18:00', '09:00-12:00', '13:30-18:00'],
    ['08:30至12:00 13:00至17:30', '08:30-12:00', '13:00-17:30'],
  ])('%s is saved as two windows', async (typed, first, second) => {
    const res = await saveGroup('hours', { windows: typed });
    expect(res.body).toBe('');
    const windows = (await settings()).businessHours.windows.map((w) => `${w.start}-${w.end}`);
    expect(windows).toEqual([first, second]);
  });

  test('a window that is still wrong is named whole', async () => {
    const res = await saveGroup('hours', { windows: '09:00 - 08:00' });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { windows: '“09:00-08:00” is not a window: write 09:00-18:00 (start before end).' },
    });
  });

  test('in Chinese, the wrong window is quoted as plain text (a modal error shows no code marks)', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const res = await saveGroup('hours', { windows: '18:00至09:00' });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { windows: '“18:00至09:00”不是有效时段：请写成 09:00-18:00（开始早于结束）。' },
    });
  });
});

describe('settings of a workspace erased and started again', () => {
  test('an instance that served the old settings serves the new ones within seconds, and applies their changes', async () => {
    // Two changes: the stored settings are at version 2, cached here.
    await saveGroup('locale', { locale: 'zh-CN' });
    await saveGroup('signals', { churn_days: '60' });
    const help = async () => String((await app.slack.command('/ticket', 'help')).body.text);
    expect(await help()).toContain('*/ticket*：服务工单');

    // Uninstalled with `eraseOnUninstall` (handlers/events/uninstall.ts), then used again: the
    // workspace starts from the defaults, at version 0.
    await app.desk.services.dataSubjects.eraseWorkspace(FAKE_TEAM_ID);
    app.clock.advance(SETTINGS_FRESH_MS);
    expect(await help()).toContain('*/ticket*: service tickets');
    expect((await settings()).churnInactivityDays).toBe(90);

    // Its first change (version 1) applies here at once.
    await saveGroup('hours', { windows: '08:00-17:00' });
    expect((await settings()).businessHours.windows).toEqual([{ start: '08:00', end: '17:00' }]);
  });
});

describe('holidays typed as ranges', () => {
  test('a range is saved as each of its days; a wrong one is named whole on its field', async () => {
    const res = await saveGroup('holidays', {
      holidays: '2026-10-01 ~ 2026-10-07\n2026年12月31日至2027年1月1日',
      extra_workdays: '2026-10-10',
    });
    expect(res.body).toBe('');
    expect((await settings()).businessHours.holidays).toEqual([
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
      '2026-12-31',
      '2027-01-01',
    ]);

    const bad = await saveGroup('holidays', { holidays: '2026-10-07~2026-10-01' });
    expect(bad.body).toEqual({
      response_action: 'errors',
      errors: {
        holidays:
          '“2026-10-07~2026-10-01” is not a range of dates: write its first and last day, as 2026-10-01~2026-10-07 (at most 31 days).',
      },
    });
    expect((await settings()).businessHours.holidays).toHaveLength(9);
  });

  test("loading China's holidays over a typed range adds only the days it lacks", async () => {
    const view = { ...(await openGroup('holidays')), id: 'V0HOLIDAY01', hash: 'h1' };
    const typed = {
      holidays: { v: { type: 'plain_text_input', value: '2026-10-01~2026-10-07' } },
      extra_workdays: { v: { type: 'plain_text_input', value: '' } },
    };
    await app.slack.blockAction(
      { action_id: 'settings_load_holidays', value: '2026' },
      { userId: ADMIN, view: { ...view, state: { values: typed } } },
    );
    const redrawn = app.fake.callsTo('views.update').at(-1)!.args.view as any;
    const holidays = redrawn.blocks.find((b: any) => b.block_id === 'holidays~1').element
      .initial_value as string;
    const lines = holidays.split('\n');
    // The range is kept as typed; none of its days is added again after it.
    expect(lines[0]).toBe('2026-10-01~2026-10-07');
    expect(lines.filter((l) => l.startsWith('2026-10-0'))).toEqual(['2026-10-01~2026-10-07']);
    expect(lines).toContain('2026-02-17');
  });
});
