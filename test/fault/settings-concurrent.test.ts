// A settings group's modal saved after the settings changed while it was open (another admin's
// save, the desk clearing a channel now shared with another organisation): only the fields the
// admin changed from what the modal showed are written; a field both changed is refused on it.
import { describe, expect, test } from 'vitest';
import { MAX_DATES } from '../../src/workspace/form.js';
import { defaultGreetingDays } from '../../src/workspace/greeting-days.js';
import { SETTINGS_FRESH_MS } from '../../src/workspace/service.js';
import { useTestApp } from '../helpers/app.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { settingsKit, type View } from '../helpers/settings.js';
import { viewStateOf } from '../helpers/slack-requests.js';

const ADMIN = 'U0ADMIN001';
const ADMIN2 = 'U0ADMIN002';
const TRIAGE = 'C0TRIAGE01';
const DIGEST = 'C0DIGEST01';
const ALERTS = 'C0ALERTS01';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: {
    ADMIN_USER_IDS: `${ADMIN},${ADMIN2}`,
    TRIAGE_CHANNEL_ID: TRIAGE,
    DIGEST_CHANNEL_ID: DIGEST,
  },
  now: '2026-11-24T02:00:00Z',
});

const { openGroup } = settingsKit(app, ADMIN);

/** The settings as stored (not this instance's cached copy). */
const stored = async () => {
  app.desk.services.workspaces.forget();
  return app.desk.services.workspaces.settings(FAKE_TEAM_ID);
};

const history = () =>
  app.db.models.settingsChanges
    .find({ teamId: FAKE_TEAM_ID })
    .sort({ version: 1 })
    .lean() as Promise<{ by: string; new: Record<string, string> }[]>;

const save = (view: View, form: Record<string, string | null>, userId = ADMIN) =>
  app.slack.submitView(view, form, { userId });

describe('a group modal saved after a change made while it was open', () => {
  test('two admins editing Holidays: each keeps what they changed, History names each', async () => {
    const first = await openGroup('holidays', ADMIN);
    const second = await openGroup('holidays', ADMIN2);
    expect((await save(second, { holidays: '2026-12-31' }, ADMIN2)).body).toBe('');
    // Past the cache's freshness, as on another instance.
    app.clock.advance(SETTINGS_FRESH_MS + 1000);
    expect((await save(first, { extra_workdays: '2026-12-26' })).body).toBe('');
    const s = await stored();
    expect(s.businessHours.holidays).toEqual(['2026-12-31']);
    expect(s.businessHours.extraWorkdays).toEqual(['2026-12-26']);
    // The first admin's change is only theirs: the holiday is not logged as their removal.
    const [, mine] = (await history()).slice(-2);
    expect(mine).toMatchObject({ by: ADMIN, new: { extra_workdays: '2026-12-26' } });
    expect(Object.keys(mine!.new)).toEqual(['extra_workdays']);
  });

  test('a field both changed is refused on it, what was typed kept; nothing is saved', async () => {
    const first = await openGroup('sla', ADMIN);
    const second = await openGroup('sla', ADMIN2);
    expect((await save(second, { resolution_urgent: '48' }, ADMIN2)).body).toBe('');
    const res = await save(first, { resolution_urgent: '24', warn_at: '70' });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        resolution_urgent:
          'Someone else changed this since you opened the form: close it and open it again to see their change, then make yours.',
      },
    });
    const s = await stored();
    expect(s.sla.resolutionMinutesBySeverity.urgent).toBe(48 * 60);
    expect(s.sla.warnAtFraction).not.toBe(0.7);
    // Opened again, it shows the other admin's value and saves theirs.
    const again = await openGroup('sla', ADMIN);
    expect((await save(again, { resolution_urgent: '24' })).body).toBe('');
    expect((await stored()).sla.resolutionMinutesBySeverity.urgent).toBe(24 * 60);
  });

  test('both set the same value: no refusal, nothing more to write', async () => {
    const first = await openGroup('sla', ADMIN);
    const second = await openGroup('sla', ADMIN2);
    expect((await save(second, { resolution_urgent: '48' }, ADMIN2)).body).toBe('');
    // Typed another way (`48h`), it is the same value.
    expect((await save(first, { resolution_urgent: '48h', warn_at: '70' })).body).toBe('');
    const s = await stored();
    expect(s.sla.resolutionMinutesBySeverity.urgent).toBe(48 * 60);
    expect(s.sla.warnAtFraction).toBe(0.7);
  });

  test('in Chinese, the refusal is in Chinese', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const first = await openGroup('quiet', ADMIN);
    const second = await openGroup('quiet', ADMIN2);
    expect((await save(second, { quiet_start: '21:00' }, ADMIN2)).body).toBe('');
    const res = await save(first, { quiet_start: '23:00' });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        quiet_start: '你打开表单后，有人修改了此项：请关闭后重新打开，查看其修改后再做更改。',
      },
    });
    expect((await stored()).quietHours.start).toBe('21:00');
  });
});

describe('a list redrawn by Load public holidays / Restore the default days: still merged', () => {
  /** `action_id` clicked in `view` by `userId`: the view Slack is asked to draw again. */
  const click = async (
    view: View,
    action: { action_id: string; value: string },
    userId = ADMIN,
  ) => {
    await app.slack.blockAction(action, {
      userId,
      // As typed: what the inputs show.
      view: { ...view, id: 'V0HOLIDAY01', state: { values: viewStateOf(view, {}) } },
    });
    return { ...(app.fake.callsTo('views.update').at(-1)!.args.view as View), id: 'V0HOLIDAY01' };
  };

  test('holidays loaded by one admin and a holiday the other added meanwhile: both kept', async () => {
    const first = await openGroup('holidays', ADMIN);
    const second = await openGroup('holidays', ADMIN2);
    // The first admin loads 2026's holidays into what they saw (no holidays).
    const redrawn = await click(first, { action_id: 'settings_load_holidays', value: '2026' });
    expect((await save(second, { holidays: '2026-12-31' }, ADMIN2)).body).toBe('');
    app.clock.advance(SETTINGS_FRESH_MS + 1000);
    expect((await save(redrawn, {})).body).toBe('');
    const s = await stored();
    expect(s.businessHours.holidays).toContain('2026-01-01');
    expect(s.businessHours.holidays).toContain('2026-10-01');
    expect(s.businessHours.holidays).toContain('2026-12-31');
    expect(s.businessHours.extraWorkdays.length).toBeGreaterThan(0);
    // Only what was loaded is the first admin's change.
    const mine = (await history()).at(-1)!;
    expect(mine.by).toBe(ADMIN);
    expect(mine.new.holidays).toContain('2026-12-31');
  });

  test('loaded twice, a holiday removed meanwhile by the other admin stays removed', async () => {
    await app.setSettings((s) => ({
      businessHours: { ...s.businessHours, holidays: ['2025-12-25', '2025-12-26'] },
    }));
    const first = await openGroup('holidays', ADMIN);
    const second = await openGroup('holidays', ADMIN2);
    const once = await click(first, { action_id: 'settings_load_holidays', value: '2026' });
    // Drawn again a second time (2027 has no public holidays yet: what was typed is kept).
    const twice = await click(once, { action_id: 'settings_load_holidays', value: '2027' });
    expect((await save(second, { holidays: '2025-12-25' }, ADMIN2)).body).toBe('');
    app.clock.advance(SETTINGS_FRESH_MS + 1000);
    expect((await save(twice, {})).body).toBe('');
    const { holidays } = (await stored()).businessHours;
    expect(holidays).toContain('2025-12-25');
    expect(holidays).not.toContain('2025-12-26');
    expect(holidays).toContain('2026-10-01');
  });

  test('greeting days restored to the defaults while the other admin added one: both kept', async () => {
    await app.setSettings(() => ({
      greetingDays: [{ id: 'solar_0618', calendar: 'solar', date: '06-18', name: 'Anniversary' }],
    }));
    const first = await openGroup('greetings', ADMIN);
    const second = await openGroup('greetings', ADMIN2);
    const redrawn = await click(first, {
      action_id: 'settings_restore_greetings',
      value: 'defaults',
    });
    expect(
      (await save(second, { greeting_days: 'Anniversary: 06-18\nFounders: 09-01' }, ADMIN2)).body,
    ).toBe('');
    expect((await save(redrawn, {})).body).toBe('');
    const days = (await stored()).greetingDays.map((d) => d.date);
    // The anniversary the first admin's restore dropped, the founders' day the other added.
    expect(days).not.toContain('06-18');
    expect(days).toContain('09-01');
    expect(days.length).toBe(6);
  });

  test('lists at their longest: what they showed fits the metadata, and still merges', async () => {
    const dates = (from: string, n: number) =>
      Array.from({ length: n }, (_, i) =>
        new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10),
      );
    const [holidays, workdays] = [dates('2020-01-01', MAX_DATES), dates('2022-01-01', MAX_DATES)];
    await app.setSettings((s) => ({
      businessHours: { ...s.businessHours, holidays, extraWorkdays: workdays },
    }));
    const first = await openGroup('holidays', ADMIN);
    const second = await openGroup('holidays', ADMIN2);
    // The first admin removes the oldest 60 of each, then loads 2026.
    const typed = {
      holidays: { v: { type: 'plain_text_input', value: holidays.slice(60).join('\n') } },
      extra_workdays: { v: { type: 'plain_text_input', value: workdays.slice(60).join('\n') } },
    };
    await app.slack.blockAction(
      { action_id: 'settings_load_holidays', value: '2026' },
      { userId: ADMIN, view: { ...first, id: 'V0HOLIDAY01', state: { values: typed } } },
    );
    const redrawn: View = {
      ...(app.fake.callsTo('views.update').at(-1)!.args.view as View),
      id: 'V0HOLIDAY01',
    };
    expect(redrawn.private_metadata.length).toBeLessThanOrEqual(3000);
    expect(Object.keys(JSON.parse(redrawn.private_metadata).listsShown).sort()).toEqual([
      'extra_workdays',
      'holidays',
    ]);
    // Meanwhile the other admin removes the newest holiday.
    expect((await save(second, { holidays: holidays.slice(0, -1).join('\n') }, ADMIN2)).body).toBe(
      '',
    );
    expect((await save(redrawn, {})).body).toBe('');
    const s = (await stored()).businessHours;
    expect(s.holidays).not.toContain(holidays.at(-1));
    expect(s.holidays).not.toContain(holidays[0]);
    expect(s.holidays).toContain(holidays[100]);
    expect(s.holidays).toContain('2026-10-01');
    expect(s.extraWorkdays).not.toContain(workdays[0]);
    expect(s.extraWorkdays).toContain(workdays.at(-1));
  });
});

describe('lists two admins changed at once: merged item by item', () => {
  test('two admins adding different holidays: both kept, History naming each one’s own', async () => {
    await app.setSettings((s) => ({
      businessHours: { ...s.businessHours, holidays: ['2026-10-01'] },
    }));
    const first = await openGroup('holidays', ADMIN);
    const second = await openGroup('holidays', ADMIN2);
    expect((await save(second, { holidays: '2026-10-01\n2026-12-31' }, ADMIN2)).body).toBe('');
    app.clock.advance(SETTINGS_FRESH_MS + 1000);
    // The first admin adds one and removes the one both saw.
    expect((await save(first, { holidays: '2027-01-01' })).body).toBe('');
    const s = await stored();
    expect(s.businessHours.holidays).toEqual(['2026-12-31', '2027-01-01']);
    const [theirs, mine] = (await history()).slice(-2);
    expect(theirs).toMatchObject({ by: ADMIN2, new: { holidays: '2026-10-01\n2026-12-31' } });
    expect(mine).toMatchObject({ by: ADMIN, new: { holidays: '2026-12-31\n2027-01-01' } });
  });

  test('a day one admin makes a holiday and the other an extra working day: refused, naming it', async () => {
    const first = await openGroup('holidays', ADMIN);
    const second = await openGroup('holidays', ADMIN2);
    expect((await save(second, { extra_workdays: '2026-12-26' }, ADMIN2)).body).toBe('');
    const res = await save(first, { holidays: '2026-12-26\n2026-12-31' });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        holidays:
          'Someone else changed “2026-12-26” here since you opened the form, differently: close it and open it again to see their change, then make yours.',
      },
    });
    const s = await stored();
    expect(s.businessHours.holidays).toEqual([]);
    expect(s.businessHours.extraWorkdays).toEqual(['2026-12-26']);
  });

  test('greeting days: different days both kept; one day both renamed refused, naming it (en, zh-CN)', async () => {
    await app.setSettings(() => ({
      greetingDays: [
        { id: 'solar_0618', calendar: 'solar', date: '06-18', name: 'Anniversary' },
        { id: 'solar_0901', calendar: 'solar', date: '09-01', name: 'Founders' },
      ],
    }));
    const first = await openGroup('greetings', ADMIN);
    const second = await openGroup('greetings', ADMIN2);
    const third = await openGroup('greetings', ADMIN);
    expect(
      (await save(second, { greeting_days: 'Our day: 06-18\nFounders: 09-01' }, ADMIN2)).body,
    ).toBe('');
    // Another day added, one removed: both kept, in the stored order.
    expect(
      (await save(first, { greeting_days: 'Anniversary: 06-18\nQixi: lunar 07-07' })).body,
    ).toBe('');
    expect((await stored()).greetingDays.map((d) => `${d.name}: ${d.date}`)).toEqual([
      'Our day: 06-18',
      'Qixi: 07-07',
    ]);
    // The day the other admin renamed, renamed otherwise: refused on the list, naming it.
    const res = await save(third, { greeting_days: 'Birthday: 06-18\nFounders: 09-01' });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        greeting_days:
          'Someone else changed “Birthday: 06-18” here since you opened the form, differently: close it and open it again to see their change, then make yours.',
      },
    });
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await openGroup('greetings', ADMIN);
    await app.setSettings((s) => ({
      greetingDays: s.greetingDays.map((d) => (d.date === '06-18' ? { ...d, name: '周年' } : d)),
    }));
    const zhRes = await save(zh, { greeting_days: '生日: 06-18\nQixi: 农历 07-07' });
    expect(zhRes.body).toEqual({
      response_action: 'errors',
      errors: {
        greeting_days:
          '你打开表单后，有人以不同方式修改了此处的“生日: 06-18”：请关闭后重新打开，查看其修改后再做更改。',
      },
    });
  });

  test('greeting days: days removed while another admin switched the language are removed, not kept nor refused', async () => {
    const opened = await openGroup('greetings', ADMIN);
    const shown = String(
      (opened.blocks.find((b: any) => b.block_id === 'greeting_days') as any).element.initial_value,
    );
    expect(shown).toContain('Spring Festival: lunar 01-01');
    expect(shown).toContain("New Year's Day: 01-01");
    // Meanwhile the other admin makes the workspace Chinese (its Language group).
    const locale = await openGroup('locale', ADMIN2);
    expect((await save(locale, { locale: 'zh-CN' }, ADMIN2)).body).toBe('');
    app.clock.advance(SETTINGS_FRESH_MS + 1000);
    // The first admin removes a lunar default day and a solar one, from the English list. (The
    // version before kept the lunar day, `lunar 01-01` not being `农历 01-01`, and refused the
    // solar one as changed by someone else, `New Year's Day` not being `元旦`.)
    const typed = shown
      .split('\n')
      .filter((l) => !l.startsWith('Spring Festival') && !l.startsWith('New Year'))
      .join('\n');
    expect((await save(opened, { greeting_days: typed })).body).toBe('');
    const ids = (await stored()).greetingDays.map((d) => d.id);
    expect(ids).not.toContain('spring_festival');
    expect(ids).not.toContain('new_year');
    expect(ids).toEqual(
      defaultGreetingDays()
        .map((d) => d.id)
        .filter((id) => id !== 'spring_festival' && id !== 'new_year'),
    );
    expect((await stored()).locale).toBe('zh-CN');
  });

  test('revisit days and working days: each admin’s own items applied', async () => {
    const first = await openGroup('customers', ADMIN);
    const second = await openGroup('customers', ADMIN2);
    expect((await save(second, { revisit_days: '3, 7, 14, 30' }, ADMIN2)).body).toBe('');
    expect((await save(first, { revisit_days: '3, 7' })).body).toBe('');
    expect((await stored()).revisitDays).toEqual([3, 7, 14]);
    const hoursA = await openGroup('hours', ADMIN);
    const hoursB = await openGroup('hours', ADMIN2);
    expect((await save(hoursB, { working_days: '1,2,3,4,5,6' }, ADMIN2)).body).toBe('');
    expect((await save(hoursA, { working_days: '2,3,4,5' })).body).toBe('');
    expect((await stored()).businessHours.workingDays).toEqual([2, 3, 4, 5, 6]);
  });
});

describe('a stale Channels modal and a channel the desk cleared as shared', () => {
  /** The digest channel becomes Slack Connect: the desk clears it. */
  async function digestShared() {
    app.fake.channels.set(DIGEST, { is_ext_shared: true });
    await app.slack.eventDelivery(
      { type: 'channel_shared', channel: DIGEST, connected_team_id: 'T0OTHERORG' },
      { eventId: 'Ev0SHARED01' },
    );
    await app.desk.outbox.drain();
    const cleared = await stored();
    expect(cleared.channels.digest).toBeUndefined();
    expect(cleared.clearedChannels).toContain(DIGEST);
  }

  test('saved while Slack fails conversations.info: the shared channel is not put back', async () => {
    const modal = await openGroup('channels', ADMIN);
    await digestShared();
    app.clock.advance(SETTINGS_FRESH_MS + 1000);
    app.fake.failNext('conversations.info', 'internal_error');
    expect((await save(modal, {})).body).toBe('');
    const after = await stored();
    expect(after.channels.digest).toBeUndefined();
    expect(after.clearedChannels).toEqual([DIGEST]);
  });

  test('another channel changed in the stale modal: that one is saved, the shared one not put back', async () => {
    const modal = await openGroup('channels', ADMIN);
    await digestShared();
    expect((await save(modal, { channel_alerts: ALERTS })).body).toBe('');
    const after = await stored();
    expect(after.channels).toEqual({ triage: TRIAGE, alerts: ALERTS });
    expect(after.clearedChannels).toEqual([DIGEST]);
  });

  const CLEARED =
    'The desk stopped using this channel because it is shared with another organisation, and Slack did not confirm that it no longer is. Try again in a moment, or pick a channel of your team only.';

  test('picked again while Slack does not answer: refused on its field until Slack says it is no longer shared', async () => {
    await digestShared();
    const modal = await openGroup('channels', ADMIN);
    app.fake.failNext('conversations.info', 'internal_error');
    const res = await save(modal, { channel_digest: DIGEST });
    expect(res.body).toEqual({ response_action: 'errors', errors: { channel_digest: CLEARED } });
    expect((await stored()).channels.digest).toBeUndefined();
    // No longer shared, as Slack says: taken, and off the list.
    app.fake.channels.set(DIGEST, { is_ext_shared: false });
    expect((await save(await openGroup('channels', ADMIN), { channel_digest: DIGEST })).body).toBe(
      '',
    );
    const after = await stored();
    expect(after.channels.digest).toBe(DIGEST);
    expect(after.clearedChannels).toEqual([]);
  });

  test('cleared on another instance after this one read the settings: the save, not asking Slack, refuses it', async () => {
    // The modal opened with no digest channel; another admin then set it (this instance's copy
    // names it, fresh for 5 s).
    await app.setSettings((s) => ({ channels: { triage: s.channels.triage } }));
    const modal = await openGroup('channels', ADMIN);
    await app.setSettings((s) => ({ channels: { ...s.channels, digest: DIGEST } }));
    // Another instance clears it as shared (written to the database only).
    app.fake.channels.set(DIGEST, { is_ext_shared: true });
    await app.db.models.workspaces.updateOne(
      { teamId: FAKE_TEAM_ID },
      {
        $unset: { 'settings.channels.digest': 1 },
        $set: { 'settings.clearedChannels': [DIGEST] },
        $inc: { version: 1 },
      },
    );
    const asked = app.fake.callsTo('conversations.info').length;
    const res = await save(modal, { channel_digest: DIGEST });
    // This instance's copy still names it as the digest channel: Slack was not asked.
    expect(app.fake.callsTo('conversations.info')).toHaveLength(asked);
    expect(res.body).toEqual({ response_action: 'errors', errors: { channel_digest: CLEARED } });
    const after = await stored();
    expect(after.channels.digest).toBeUndefined();
    expect(after.clearedChannels).toEqual([DIGEST]);
  });

  test('in Chinese, the refusal is in Chinese', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await digestShared();
    const modal = await openGroup('channels', ADMIN);
    app.fake.failNext('conversations.info', 'internal_error');
    const res = await save(modal, { channel_digest: DIGEST });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        channel_digest:
          '服务台因该频道与其他组织共享已停止使用它，Slack 未能确认它已不再共享。请稍后再试，或选择仅限本团队的频道。',
      },
    });
  });
});
