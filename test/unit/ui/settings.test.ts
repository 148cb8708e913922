import { describe, expect, test } from 'vitest';
import { LOCALES, translator, type MessageKey } from '../../../src/i18n/index.js';
import {
  settingsChooser,
  settingsGroupModal,
  settingsHistoryMessage,
} from '../../../src/ui/settings.js';
import { settingsDiff, settingsFormData } from '../../../src/workspace/form.js';
import {
  defaultSettings,
  SETTINGS_FIELDS,
  SETTINGS_GROUPS,
} from '../../../src/workspace/settings.js';
import { HOSTILE, HOSTILE_ESCAPED } from '../../helpers/records.js';
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

  test('history: choices by their labels, channels and people as mentions, ids checked', () => {
    const at = new Date('2026-11-24T02:00:00Z');
    const entry = (group: string, old: Record<string, string>, now: Record<string, string>) => ({
      group,
      by: 'U0ADMIN001',
      at,
      old,
      new: now,
    });
    const before: typeof settings = { ...settings, locale: 'en' };
    const after = structuredClone(before);
    after.locale = 'zh-CN';
    after.businessHours.workingDays = [1, 2, 3, 4, 5, 6];
    after.digest.weekday = 5;
    after.channels.triage = 'C0NEWTRIAGE';
    after.channels.digest = 'C0DIGEST01';
    const diff = (group: 'locale' | 'hours' | 'digest' | 'channels') => {
      const { old, new: now } = settingsDiff(group, before, after);
      return entry(group, old, now);
    };
    const message = settingsHistoryMessage(
      t,
      [
        diff('locale'),
        diff('hours'),
        diff('digest'),
        diff('channels'),
        entry(
          'roles',
          { admins: 'U0ADMIN001, U0ADMIN002', experts: 'U0EXPERT01 (billing, ERP)' },
          {
            admins: 'U0ADMIN001',
            experts: `U0EXPERT01 (${HOSTILE})`,
            manages: 'U0MGR0001 (U0AM00001)',
          },
        ),
        // Not Slack ids (a crafted or corrupted record): shown as text, escaped, never a link.
        entry('channels', { channel_alerts: 'C0ALERTS01' }, { channel_alerts: HOSTILE }),
        entry('roles', { agents: 'U0AGENT001' }, { agents: `U0AGENT001, ${HOSTILE}` }),
      ],
      7,
      'Asia/Shanghai',
    );
    expectValidMessage(message);
    const lines = (message.blocks as { text: { text: string } }[]).flatMap((b) =>
      b.text.text.split('\n').slice(1),
    );
    const field = (id: string) => t.plain(`settings.field.${id}` as MessageKey);
    const day = (d: number) => t.plain(`settings.weekday.${d}` as MessageKey);
    const sep = t.plain('common.listSeparator');
    const none = t.plain('settings.history.blank');
    const days = (n: number) => [1, 2, 3, 4, 5, 6].slice(0, n).map(day).join(sep);
    expect(lines).toEqual(
      [
        `${field('locale')}: ${t.plain('settings.locale.en')} → ${t.plain('settings.locale.zh-CN')}`,
        `${field('working_days')}: ${days(5)} → ${days(6)}`,
        `${field('digest_weekday')}: ${day(1)} → ${day(5)}`,
        `${field('channel_triage')}: <#C0TRIAGE01> → <#C0NEWTRIAGE>`,
        `${field('channel_digest')}: ${none} → <#C0DIGEST01>`,
        `${field('admins')}: <@U0ADMIN001>${sep}<@U0ADMIN002> → <@U0ADMIN001>`,
        `${field('experts')}: <@U0EXPERT01> (billing, ERP) → <@U0EXPERT01> (${HOSTILE_ESCAPED})`,
        `${field('manages')}: ${none} → <@U0MGR0001> (<@U0AM00001>)`,
        `${field('channel_alerts')}: <#C0ALERTS01> → ${HOSTILE_ESCAPED}`,
        `${field('agents')}: <@U0AGENT001> → U0AGENT001, ${HOSTILE_ESCAPED}`,
      ].map((line) => line.replace(': ', locale === 'en' ? ': ' : '：')),
    );
    const text = JSON.stringify(message.blocks);
    expectEscaped(text);
    // No code is shown raw: the language, the weekdays, the digest day.
    expect(lines.join('\n')).not.toMatch(/\ben\b|zh-CN|1,2,3|→ 5/);
  });

  test("history: dates added to a list are joined in the reader's list words (、 in Chinese)", () => {
    const message = settingsHistoryMessage(
      t,
      [
        {
          group: 'holidays',
          by: 'U0ADMIN001',
          at: new Date('2026-11-24T02:00:00Z'),
          old: { holidays: '2026-10-01' },
          new: { holidays: '2026-10-01\n2026-12-25\n2027-01-01' },
        },
      ],
      1,
      'Asia/Shanghai',
    );
    const text = JSON.stringify(message.blocks);
    expect(text).toContain(locale === 'en' ? '2026-12-25, 2027-01-01' : '2026-12-25、2027-01-01');
  });

  // A year's statutory holidays loaded at once: the list was clipped to 120 characters, which in
  // Chinese (11 a date with its 、) cut the eleventh date to "2026-10-0…" (revweekzh F7).
  test('history: a long list of dates is cut between two dates, then says how many more', () => {
    const dates = Array.from({ length: 30 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`);
    const message = settingsHistoryMessage(
      t,
      [
        {
          group: 'holidays',
          by: 'U0ADMIN001',
          at: new Date('2026-11-24T02:00:00Z'),
          old: { holidays: '' },
          new: { holidays: dates.join('\n') },
        },
      ],
      1,
      'Asia/Shanghai',
    );
    const text = (message.blocks as { text?: { text: string } }[])
      .map((b) => b.text?.text ?? '')
      .join('\n');
    const separator = locale === 'en' ? ', ' : '、';
    const shown = locale === 'en' ? 10 : 11;
    const list = dates.slice(0, shown).join(separator);
    expect(text).toContain(
      locale === 'en' ? `added ${list} and ${30 - shown} more` : `新增 ${list} 等 ${30 - shown} 项`,
    );
    expect(text).not.toMatch(/2026-10-\d?…|2026-1…/);
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
