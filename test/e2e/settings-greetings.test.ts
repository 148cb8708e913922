// Issue 11, in `/desk settings` (lane setui): the holiday greeting days edited in Slack (seen,
// added, removed, the defaults restored, bad lines answered inline, logged in the history,
// applied by the next daily run) and the per-tier satisfaction targets of the reports in the
// digest group.
import { describe, expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { settingsKit, type View } from '../helpers/settings.js';
import { makeCustomer, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const AGENT = 'U0AGENT777';

// Tuesday 2026-11-24 10:00 in Shanghai.
// Serving since January: `/desk report month 2026-10` reports a month the desk served (one that
// ended before it began serving is refused, report-before-desk).
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
  since: '2026-01-01T00:00:00Z',
});

const { settings, lastOpened, block, openGroup } = settingsKit(app, ADMIN);

const DEFAULT_LIST = [
  'Spring Festival: lunar 01-01',
  'Dragon Boat Festival: lunar 05-05',
  'Mid-Autumn Festival: lunar 08-15',
  'National Day: 10-01',
  "New Year's Day: 01-01",
].join('\n');
/** The default days' ids, in the order the list shows them. */
const DEFAULT_IDS = ['spring_festival', 'dragon_boat', 'mid_autumn', 'national_day', 'new_year'];

describe('greeting days in /desk settings', () => {
  test('the picker offers the group; the admin sees the list, adds a solar and a lunar day, removes one; the history logs it; the next run greets on the new day', async () => {
    await app.slack.command('/desk', 'settings', { userId: ADMIN });
    const chooser = lastOpened();
    const edits = chooser.blocks
      .filter((b: any) => b.accessory?.action_id === 'settings_edit')
      .map((b: any) => b.accessory.value);
    expect(edits).toContain('greetings');

    const view = await openGroup('greetings');
    expect(view.title.text).toBe('Holiday greetings');
    expect(block(view, 'greeting_days').element.initial_value).toBe(DEFAULT_LIST);
    expect(block(view, 'greeting_days').hint.text).toContain('lunar MM-DD');

    // Dragon Boat removed; a company anniversary (solar) and Qixi (lunar) added.
    const list = [
      'Spring Festival: lunar 01-01',
      'Mid-Autumn Festival: lunar 08-15',
      'National Day: 10-01',
      "New Year's Day: 01-01",
      'Company anniversary: 12-01',
      'Qixi：农历 07-07',
    ].join('\n');
    const res = await app.slack.submitView(view, { greeting_days: list }, { userId: ADMIN });
    expect(res.body).toBe('');
    const days = (await settings()).greetingDays;
    expect(days.map((d) => d.id)).toEqual([
      'spring_festival',
      'mid_autumn',
      'national_day',
      'new_year',
      'solar_1201',
      'lunar_0707',
    ]);
    expect(days.at(-2)).toEqual({
      id: 'solar_1201',
      calendar: 'solar',
      date: '12-01',
      name: 'Company anniversary',
    });
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toContain(
      'Settings saved: *Holiday greetings*',
    );

    // Shown again as stored; the history names the change.
    expect(block(await openGroup('greetings'), 'greeting_days').element.initial_value).toBe(
      list.replace('Qixi：农历 07-07', 'Qixi: lunar 07-07'),
    );
    const history = await app.slack.command('/desk', 'settings history', { userId: ADMIN });
    const entry = (history.body.blocks as any[]).map((b) => b.text.text)[1] as string;
    expect(entry).toContain('*Holiday greetings*');
    // What left the list, what joined it.
    expect(entry).toContain(
      'Greeting days (one a line): removed Dragon Boat Festival: lunar 05-05; added Company anniversary: 12-01, Qixi: lunar 07-07',
    );

    // At once: the next daily run greets on it. The anniversary is a Tuesday: 3 days before is
    // Saturday 28 November, so it is planned on the working day before, Friday 27, due the
    // working day before the anniversary.
    await makeCustomer(app, {
      name: 'Anniversary Co',
      lifecycle: 'active',
      contact: { name: 'Li Wei', optOuts: [] },
    });
    const [run] = await runJobAt(app, tasksJob, '2026-11-27T01:00:00Z');
    expect(run!.counts).toMatchObject({ greetingsPlanned: 1 });
    const task = await app.db.models.tasks.findOne({ kind: 'greeting' }).lean();
    expect(task).toMatchObject({
      assigneeId: OWNER,
      dueDate: '2026-11-30',
      content: 'Company anniversary (2026-12-01): greet Li Wei',
    });
    expect(app.fake.postsTo(OWNER).map((m) => m.args.text)).toContain(
      'Company anniversary is on 2026-12-01: 1 customer to greet',
    );
  });

  test('bad lines are named inline and nothing is saved', async () => {
    const view = await openGroup('greetings');
    const cases: [string, string][] = [
      ['Founders day 06-18', '“Founders day 06-18”: write name: date, e.g. Qixi: lunar 07-07.'],
      [
        'Leap: 02-29',
        '“Leap: 02-29”: the date must be MM-DD, lunar MM-DD or a default day (29 February is not in every year).',
      ],
      [
        'Day one: 13-01',
        '“Day one: 13-01”: the date must be MM-DD, lunar MM-DD or a default day (29 February is not in every year).',
      ],
      [
        'National Day: 10-01\nGolden week: 10-01',
        '“Golden week: 10-01”: another day in the list falls on the same date.',
      ],
      [`${'x'.repeat(41)}: 06-18`, `“${'x'.repeat(40)}”: a name has at most 40 characters.`],
      // 40 characters as the check counts them (an emoji is two): never half of the emoji
      // (Slack refuses a lone surrogate), nor of a flag or a ZWJ sequence.
      [`${'x'.repeat(38)}🎂x: 06-18`, `“${'x'.repeat(38)}🎂”: a name has at most 40 characters.`],
      [`${'x'.repeat(39)}🎂x: 06-18`, `“${'x'.repeat(39)}”: a name has at most 40 characters.`],
      [`${'x'.repeat(39)}🇨🇳: 06-18`, `“${'x'.repeat(39)}”: a name has at most 40 characters.`],
      [
        `${'x'.repeat(38)}👩\u200D💻: 06-18`,
        `“${'x'.repeat(38)}”: a name has at most 40 characters.`,
      ],
    ];
    for (const [typed, error] of cases) {
      const res = await app.slack.submitView(view, { greeting_days: typed }, { userId: ADMIN });
      expect(res.body, typed).toEqual({
        response_action: 'errors',
        errors: { greeting_days: error },
      });
    }
    expect((await settings()).greetingDays.map((d) => d.id)).toEqual(DEFAULT_IDS);
  });

  test('a default day by name only, or a custom name on a default day’s date; emptied: no greetings', async () => {
    const view = await openGroup('greetings');
    await app.slack.submitView(
      view,
      { greeting_days: '春节\nOur Mid-Autumn: mid_autumn' },
      { userId: ADMIN },
    );
    expect((await settings()).greetingDays).toEqual([
      { id: 'spring_festival', calendar: 'lunar', date: '01-01' },
      { id: 'lunar_0815', calendar: 'lunar', date: '08-15', name: 'Our Mid-Autumn' },
    ]);
    await app.slack.submitView(
      await openGroup('greetings'),
      { greeting_days: '' },
      { userId: ADMIN },
    );
    expect((await settings()).greetingDays).toEqual([]);
  });

  test('"Restore the default days" redraws the list with the five defaults; saving keeps them', async () => {
    await app.setSettings(() => ({
      greetingDays: [{ id: 'solar_0618', calendar: 'solar', date: '06-18', name: 'Founding' }],
    }));
    const view: View = { ...(await openGroup('greetings')), id: 'V0GREET001', hash: 'h1' };
    expect(block(view, 'greeting_days').element.initial_value).toBe('Founding: 06-18');
    const restore = view.blocks.find((b: any) => b.type === 'actions').elements[0];
    expect(restore.text.text).toBe('Restore the default days');
    await app.slack.blockAction(
      { action_id: restore.action_id, value: restore.value },
      {
        userId: ADMIN,
        view: {
          ...view,
          state: {
            values: {
              greeting_days: { v: { type: 'plain_text_input', value: 'Founding: 06-18' } },
            },
          },
        },
      },
    );
    const update = app.fake.callsTo('views.update').at(-1)!.args;
    expect(update.view_id).toBe('V0GREET001');
    const redrawn = update.view as View;
    expect(block(redrawn, 'greeting_days~1').element.initial_value).toBe(DEFAULT_LIST);
    expect(JSON.stringify(redrawn.blocks[0])).toContain('Save to keep them.');
    // Nothing saved yet.
    expect((await settings()).greetingDays).toHaveLength(1);
    const res = await app.slack.submitView(
      { ...redrawn, id: 'V0GREET001' },
      { 'greeting_days~1': DEFAULT_LIST },
      { userId: ADMIN },
    );
    expect(res.body).toBe('');
    expect((await settings()).greetingDays.map((d) => d.id)).toEqual(DEFAULT_IDS);
  });

  test('only an admin may edit the list, restore the defaults or save (crafted payloads too)', async () => {
    await app.slack.command('/desk', 'settings greetings', { userId: AGENT });
    expect(app.fake.callsTo('views.open')).toHaveLength(0);
    const view = await openGroup('greetings');
    const res = await app.slack.submitView(
      view,
      { greeting_days: 'Founding: 06-18' },
      { userId: AGENT },
    );
    expect(JSON.stringify(res.body)).toContain('Only an admin');
    await app.slack.blockAction(
      { action_id: 'settings_restore_greetings', value: 'defaults' },
      { userId: AGENT, view: { ...view, id: 'V0GREET002', state: { values: {} } } },
    );
    expect(app.fake.callsTo('views.update')).toHaveLength(0);
    expect((await settings()).greetingDays).toHaveLength(5);
  });

  test('in Chinese the list and its errors are in Chinese', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const view = await openGroup('greetings');
    expect(view.title.text).toBe('节日问候');
    expect(block(view, 'greeting_days').element.initial_value.split('\n')[0]).toBe(
      '春节: 农历 01-01',
    );
    const res = await app.slack.submitView(view, { greeting_days: '七夕' }, { userId: ADMIN });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { greeting_days: '“七夕”：请写成 名称：日期，例如 七夕：农历 07-07。' },
    });
  });
});

describe('satisfaction targets per tier in the digest group', () => {
  test('shown, saved, checked 0-100 inline, logged, and used by the next report', async () => {
    const view = await openGroup('digest');
    for (const tier of ['strategic', 'key', 'normal'])
      expect(block(view, `tier_satisfaction_${tier}`).element.initial_value).toBe('90');
    const bad = await app.slack.submitView(
      view,
      { tier_satisfaction_key: '101', tier_satisfaction_normal: 'high' },
      { userId: ADMIN },
    );
    expect(bad.body).toEqual({
      response_action: 'errors',
      errors: {
        tier_satisfaction_key: 'Enter a whole number from 0 to 100.',
        tier_satisfaction_normal: 'Enter a whole number from 0 to 100.',
      },
    });
    const res = await app.slack.submitView(
      view,
      { tier_satisfaction_strategic: '95', tier_satisfaction_normal: '80' },
      { userId: ADMIN },
    );
    expect(res.body).toBe('');
    expect((await settings()).digest.tierSatisfaction).toEqual({
      strategic: 95,
      key: 90,
      normal: 80,
    });
    const history = await app.slack.command('/desk', 'settings history', { userId: ADMIN });
    expect(JSON.stringify(history.body.blocks)).toContain(
      'Report target: satisfaction, strategic tier (0-100): 90 → 95',
    );

    // The monthly report (on demand, to the asker's DM) holds each tier to its new target.
    await app.setSettings(() => ({ managers: [ADMIN] }));
    await app.slack.command('/desk', 'report month 2026-10', { userId: ADMIN });
    const report = JSON.stringify(app.fake.calls.filter((c) => c.method === 'chat.postMessage'));
    expect(report).toContain('satisfaction – (target 95)');
    expect(report).toContain('satisfaction – (target 80)');
  });
});
