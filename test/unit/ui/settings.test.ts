import { describe, expect, test } from 'vitest';
import { LOCALES, translator } from '../../../src/i18n/index.js';
import {
  settingsChooser,
  settingsGroupModal,
  settingsHistoryMessage,
} from '../../../src/ui/settings.js';
import { settingsFormData } from '../../../src/workspace/form.js';
import {
  defaultSettings,
  SETTINGS_FIELDS,
  SETTINGS_GROUPS,
} from '../../../src/workspace/settings.js';
import { HOSTILE } from '../../helpers/records.js';
import { expectEscaped, expectValidMessage, expectValidView, inputIds } from '../../helpers/ui.js';

const settings = defaultSettings({
  locale: 'en',
  timeZone: 'Asia/Shanghai',
  admins: ['U0ADMIN001'],
  channels: { triage: 'C0TRIAGE01' },
});

describe.each(LOCALES)('settings builders in %s', (locale) => {
  const t = translator(locale);

  test('the picker: one Edit per group, within Block Kit limits', () => {
    const view = settingsChooser(t, { metadata: '{}' });
    expectValidView(view);
    const edits = (view.blocks as { accessory?: { type: string; value?: string } }[]).flatMap(
      (b) => (b.accessory?.type === 'button' ? [b.accessory.value] : []),
    );
    expect(edits).toEqual([...SETTINGS_GROUPS]);
  });

  test.each(SETTINGS_GROUPS)('the %s modal: its fields in order, filled in, valid', (group) => {
    const view = settingsGroupModal(t, {
      group,
      values: settingsFormData(group, settings),
      metadata: '{}',
      years: [2026, 2027],
    });
    expectValidView(view);
    expect(inputIds(view)).toEqual(SETTINGS_FIELDS[group].map((f) => f.id));
    expect(view.callback_id).toBe('settings_group');
  });

  test('a redrawn modal has new block ids (so Slack shows the new values)', () => {
    const view = settingsGroupModal(t, {
      group: 'holidays',
      values: { holidays: '2026-10-01' },
      metadata: '{}',
      revision: 2,
    });
    expect(inputIds(view)).toEqual(['holidays~2', 'extra_workdays~2']);
  });

  test('history: newest first, values escaped, "and N more"', () => {
    const message = settingsHistoryMessage(
      t,
      [
        {
          group: 'locale',
          by: 'U0ADMIN001',
          at: new Date('2026-11-24T02:00:00Z'),
          old: { time_zone: 'Asia/Shanghai' },
          new: { time_zone: HOSTILE },
        },
      ],
      3,
      'Asia/Shanghai',
    );
    expectValidMessage(message);
    const text = JSON.stringify(message.blocks);
    expectEscaped(text);
    expect(text).toContain('<@U0ADMIN001>');
    expect(text).toContain('2026-11-24 10:00');
    expect(message.blocks).toHaveLength(3);
  });

  test("history: a switch reads yes and no in the reader's language", () => {
    const message = settingsHistoryMessage(
      t,
      [
        {
          group: 'roles',
          by: 'U0ADMIN001',
          at: new Date('2026-11-24T02:00:00Z'),
          old: { open_desk: 'yes' },
          new: { open_desk: 'no' },
        },
      ],
      1,
      'Asia/Shanghai',
    );
    const text = JSON.stringify(message.blocks);
    expect(text).toContain(`${t.plain('common.yes')} → ${t.plain('common.no')}`);
    if (locale === 'zh-CN') expect(text).not.toMatch(/\byes\b/);
  });
});
