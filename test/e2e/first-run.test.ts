// A new team's first steps, as they read them: a workspace nobody administers yet, the admin's
// App Home checklist, the commands' usage lines. Each test asserts what the person sees.
import { describe, expect, test, vi } from 'vitest';
import { TEST_SIGNING_SECRET, useTestApp } from '../helpers/app.js';
import { SlackRequests } from '../helpers/slack-requests.js';
import { AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { digestJob } from '../../jobs/digest.js';
import { settingsKit } from '../helpers/settings.js';
import { visibleText } from '../helpers/ui.js';
import { ephemeralOf, homeText, submitLastModal } from '../helpers/clicks.js';

const ADMIN = 'U0ADMIN001';
const TRIAGE = 'C0TRIAGE01';
const FIRST = 'U0FIRST001';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

const home = (userId: string) => homeText(app, userId);

describe('a workspace with no desk admin', { timeout: 90_000 }, () => {
  test('with an admin, a refusal stays "only an admin" and Home says nothing of it', async () => {
    const refused = ephemeralOf(await app.slack.command('/desk', 'settings', { userId: FIRST }));
    expect(refused).toContain('Only an admin of the desk can see or change the desk settings');
    expect(refused).not.toContain('npm run admins');
    expect(await home(FIRST)).not.toContain('no admin');
  });

  test('in Chinese too', async () => {
    await app.setSettings(() => ({ admins: [], locale: 'zh-CN' }));
    const refused = ephemeralOf(await app.slack.command('/desk', 'roles', { userId: FIRST }));
    expect(refused).toContain('本服务台还没有管理员');
    expect(refused).toContain(`npm run admins -- --team ${FAKE_TEAM_ID} --add ${FIRST}`);
  });
});

describe("the admin's App Home checklist", () => {
  test('says a held card waits for the triage channel, where to set it, and clears once set', async () => {
    const admin = await home(ADMIN);
    expect(admin).toContain(
      "No triage channel is set: new tickets' cards wait until one is set in *Settings* → *Channels*.",
    );
    expect(admin).not.toContain('cannot be posted');
    expect(admin).toContain(
      'No managers are set: only admins see the team queue, and nobody gets the overdue list. Add them in *Roles*.',
    );
    expect(admin).toContain("*Settings* → *Holidays* loads China's public holidays.");

    // An agent files a ticket meanwhile: saved, its card held.
    const { code } = await makeCustomer(app);
    await app.slack.command('/ticket', 'new Line 3 is down', { userId: AGENT });
    await submitLastModal(app, { customer: code, description: 'E42' }, AGENT);
    expect(app.fake.postsTo(TRIAGE)).toEqual([]);

    // The admin follows the checklist: Settings, then Channels, as the buttons are labelled.
    const homeView = app.fake.callsTo('views.publish').at(-1)!.args.view as any;
    const settingsButton = JSON.stringify(homeView.blocks);
    expect(settingsButton).toContain('"text":"Settings"');
    expect(settingsButton).toContain('"text":"Roles"');
    await app.slack.blockAction(
      { action_id: 'home_settings_open', value: 'open' },
      { userId: ADMIN, view: { ...homeView, id: 'V0HOME0001', state: { values: {} } } },
    );
    const picker = app.fake.callsTo('views.open').at(-1)!.args.view as any;
    const channels = picker.blocks.find((b: any) => b.accessory?.value === 'channels');
    expect(channels.text.text).toContain('*Channels*');
    await app.slack.blockAction(
      { action_id: 'settings_edit', value: 'channels' },
      { userId: ADMIN, view: { ...picker, id: 'V0CHOOSER01', state: { values: {} } } },
    );
    await submitLastModal(app, { channel_triage: TRIAGE }, ADMIN);
    await app.desk.outbox.drain();

    // The held card went out, and the checklist no longer names the triage channel.
    expect(app.fake.postsTo(TRIAGE).filter((c) => !c.args.thread_ts)).toHaveLength(1);
    expect(await home(ADMIN)).not.toContain('No triage channel');
    // Without managers the overdue list now goes to the triage channel: said so, not "nobody".
    expect(await home(ADMIN)).toContain(
      `No managers are set: only admins see the team queue, and the overdue list goes only to <#${TRIAGE}>. Add them in *Roles*.`,
    );
  });

  test('no managers: the overdue list goes to the alerts channel, else the triage one, as Home says (in Chinese too)', async () => {
    await app.setSettings((s) => ({
      channels: { ...s.channels, triage: TRIAGE, alerts: 'C0ALERTS01' },
    }));
    expect(await home(ADMIN)).toContain('the overdue list goes only to <#C0ALERTS01>');
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect(await home(ADMIN)).toContain(
      '尚未设置主管：只有管理员能看到团队队列，逾期清单只发到 <#C0ALERTS01>。',
    );
  });

  test('says the weekly digest is posted nowhere until a digest channel is set, and where to set it', async () => {
    await app.setSettings((s) => ({ channels: { ...s.channels, triage: TRIAGE } }));
    const line =
      ':warning: No digest channel is set: the weekly KPI digest is built but posted nowhere. Set one in *Settings* → *Channels*.';
    expect(await home(ADMIN)).toContain(line);
    // Not for anyone else: it is the admin's to fix.
    expect(await home(FIRST)).not.toContain('digest channel');

    // The digest of the week that ended goes nowhere meanwhile.
    await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);

    await app.slack.command('/desk', 'settings channels', { userId: ADMIN });
    await submitLastModal(app, { channel_digest: 'C0DIGEST01' }, ADMIN);
    expect(await home(ADMIN)).not.toContain('No digest channel');

    await app.setSettings(() => ({ locale: 'zh-CN', channels: { triage: TRIAGE } }));
    expect(await home(ADMIN)).toContain('尚未设置每周摘要频道');
  });

  test('in Chinese, with the labels of the buttons it names', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const admin = await home(ADMIN);
    expect(admin).toContain(
      '尚未设置分诊频道：新工单的卡片会先保留，在 *设置* → *频道* 中设置后再发布。',
    );
    expect(admin).toContain('请在 *角色* 中添加。');
    expect(admin).toContain('在 *设置* → *节假日* 中可载入中国法定节假日。');
    const buttons = JSON.stringify(
      (app.fake.callsTo('views.publish').at(-1)!.args.view as any).blocks,
    );
    expect(buttons).toContain('"text":"设置"');
    expect(buttons).toContain('"text":"角色"');
  });
});

describe('the triage channel set while another instance sends the held card', () => {
  test('the card another instance posted meanwhile is not made due again: it is posted once and left alone', async () => {
    const { openGroup } = settingsKit(app, ADMIN);
    const ticket = await makeTicket(app, { title: 'Line 3 is down' }); // its card held
    // Its next try comes due as the admin sets the channel.
    app.clock.advance(60 * 60_000);
    const view = await openGroup('channels');
    app.fake.reset();
    // Another instance's outbox pass runs between the save's read of the waiting cards and its
    // write making them due: it finds the channel set and the card due, and posts it.
    const outbox = app.db.models.outbox;
    const updateMany = outbox.updateMany;
    let passed = false;
    outbox.updateMany = function (this: unknown, ...args: Parameters<typeof updateMany>) {
      if (passed) return updateMany.apply(outbox, args);
      passed = true;
      return app
        .instance('b')
        .outbox.drain()
        .then(() => updateMany.apply(outbox, args)) as never;
    } as typeof updateMany;
    try {
      expect(
        (await app.slack.submitView(view, { channel_triage: TRIAGE }, { userId: ADMIN })).body,
      ).toBe('');
    } finally {
      outbox.updateMany = updateMany;
    }
    expect(passed).toBe(true);
    const cards = () => app.fake.tookPostsTo(TRIAGE).filter((c) => !c.args.thread_ts);
    expect(cards().map((c) => String(c.args.text))).toEqual([
      expect.stringContaining(ticket.number),
    ]);

    // This instance's next pass leaves the posted card alone: no second post, no rewrite.
    app.fake.reset();
    await app.desk.outbox.drain();
    expect(app.fake.calls.filter((c) => c.method.startsWith('chat.'))).toEqual([]);
    const card = await app.db.models.outbox.findOne({ kind: 'ticket.card' }).lean();
    expect(card!.state).toBe('sent');
  });
});

describe('usage lines', () => {
  test('`/desk channel` shows its placeholder as text, not as a link Slack would swallow', async () => {
    const shown = ephemeralOf(await app.slack.command('/desk', 'channel', { userId: ADMIN }));
    expect(shown).toContain('Link it with `/desk channel link &lt;customer code&gt;`.');
    const usage = ephemeralOf(await app.slack.command('/desk', 'channel link', { userId: ADMIN }));
    expect(usage).toContain('`/desk channel link &lt;customer code&gt; [all');
    expect(`${shown}\n${usage}`).not.toContain('<customer');

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = ephemeralOf(await app.slack.command('/desk', 'channel', { userId: ADMIN }));
    expect(zh).toContain('`/desk channel link &lt;客户编号&gt;`');
  });
});

describe('a resolved card in Chinese', () => {
  test('reads its summary with the Chinese colon, as the other lines do', async () => {
    await app.setSettings((s) => ({
      locale: 'zh-CN',
      channels: { ...s.channels, triage: TRIAGE },
    }));
    const ticket = await makeTicket(app);
    const click = (action_id: string) =>
      app.slack.blockAction(
        { action_id, value: ticket.number, block_id: 'ticket_actions' },
        { userId: AGENT, channelId: TRIAGE },
      );
    await click('ticket_claim');
    await click('ticket_resolve_open');
    await submitLastModal(app, { resolution: '更换了传感器' }, AGENT);
    const card = app.fake.callsTo('chat.update').at(-1)!.args as any;
    const shown = visibleText(card);
    expect(shown).toContain('解决说明：更换了传感器');
    expect(shown).not.toContain('解决说明:');
  });
});

describe('a fresh desk asks Slack whose its token is once (single-token mode)', () => {
  test('one auth.test at start says both who the bot is and which workspace it serves: the first commands ask Slack nothing more', async () => {
    app.fake.reset();
    const fresh = app.instance('fresh');
    const port = await fresh.start();
    try {
      const slack = new SlackRequests(`http://127.0.0.1:${port}`, TEST_SIGNING_SECRET, app.fake);
      const first = await slack.command('/ticket', 'help', { userId: FIRST });
      expect(first.body.text).toContain('/ticket new');
      const again = await slack.command('/customer', 'help', { userId: FIRST });
      expect(again.status).toBe(200);
      expect(app.fake.callsTo('auth.test').map((c) => c.outcome)).toEqual(['ok']);
    } finally {
      await fresh.stop();
    }
  });

  test('its first auth.test fails: the first request asks Slack again itself and is served, not told the desk is not installed', async () => {
    // A new instance on an empty database: its own workspace is not yet one it keeps.
    app.fake.failNext('auth.test', 'fatal_error');
    const fresh = app.instance('fresh');
    const port = await fresh.start();
    try {
      await vi.waitFor(
        () =>
          expect(
            app.logs.some((l) => l.msg.startsWith('waiting for Slack to check the bot token')),
          ).toBe(true),
        { timeout: 15_000 },
      );
      const slack = new SlackRequests(`http://127.0.0.1:${port}`, TEST_SIGNING_SECRET, app.fake);
      const first = await slack.command('/ticket', 'help', { userId: FIRST });
      expect(first.status).toBe(200);
      expect(first.body.text).toContain('/ticket new');
      expect(
        app.logs.some(
          (l) => l.msg === 'request refused: a workspace this desk is not installed in',
        ),
      ).toBe(false);
      expect(
        app.fake
          .callsTo('auth.test')
          .slice(0, 2)
          .map((c) => c.outcome),
      ).toEqual(['error', 'ok']);
    } finally {
      await fresh.stop();
    }
  });
});
