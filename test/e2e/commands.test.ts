import { request as httpRequest } from 'node:http';
import { describe, expect, test } from 'vitest';
import { TEST_SIGNING_SECRET, useTestApp } from '../helpers/app.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';

const app = useTestApp();

describe('/ticket and /customer over the real Bolt HTTP path', () => {
  test('/ticket help answers with an ephemeral usage message', async () => {
    const res = await app.slack.command('/ticket', 'help');
    expect(res.status).toBe(200);
    expect(res.body.response_type).toBe('ephemeral');
    expect(res.body.text).toContain('*/ticket*: service tickets');
    expect(res.body.text).toContain('`/ticket help`');
    expect(res.body.blocks.length).toBeGreaterThan(0);
  });

  test('/customer with no text shows the same usage as /customer help', async () => {
    const bare = await app.slack.command('/customer', '   ');
    const help = await app.slack.command('/customer', 'HELP');
    expect(bare.body.response_type).toBe('ephemeral');
    expect(bare.body.text).toContain('*/customer*: customer files');
    expect(help.body.text).toBe(bare.body.text);
  });

  test('an unknown subcommand gets an ephemeral error naming the valid ones', async () => {
    const res = await app.slack.command('/ticket', 'frobnicate now');
    expect(res.status).toBe(200);
    expect(res.body.response_type).toBe('ephemeral');
    expect(res.body.text).toBe(
      '`/ticket frobnicate` is not a command I know. Try one of: `/ticket new`, `/ticket mine`, `/ticket requests`, `/ticket list`, `/ticket help`.',
    );
  });

  test('a phone number, an email or a name typed where a subcommand goes is not written to the log', async () => {
    for (const typed of ['13812345678', 'wang.fang@example.com', '王芳'])
      expect((await app.slack.command('/customer', typed)).body.text).toContain(
        'is not a command I know',
      );
    const lines = app.logs.filter((l) => l.msg === 'unknown subcommand');
    expect(lines).toHaveLength(3);
    expect(app.rawLogs.join('\n')).not.toMatch(/13812345678|wang\.fang|王芳/);
  });

  test("/customer with a customer's name where the code goes says how to find it by name, the name as typed and escaped; in Chinese too", async () => {
    const res = await app.slack.command('/customer', '“Huadong Machinery”');
    expect(res.body.response_type).toBe('ephemeral');
    expect(res.body.text).toBe(
      '`/customer “Huadong` is not a command I know. Try one of: `/customer new`, `/customer find`, `/customer help`.\n' +
        'To look a customer up by name, contact or tag: `/customer find Huadong Machinery`.',
    );
    const hostile = await app.slack.command('/customer', 'Acme <!channel> & co');
    expect(hostile.body.text).toContain('`/customer find Acme &lt;!channel&gt; &amp; co`');
    // /ticket has no such hint.
    expect((await app.slack.command('/ticket', 'frobnicate')).body.text).not.toContain('find');
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect((await app.slack.command('/customer', '华东机械')).body.text).toBe(
      '无法识别命令 `/customer 华东机械`。可用的命令：`/customer new`、`/customer find`、`/customer help`。\n' +
        '按名称、联系人或标签查找客户：`/customer find 华东机械`。',
    );
  });

  test('a workspace whose language is zh-CN is answered in Chinese', async () => {
    await app.slack.command('/ticket', 'help');
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const res = await app.slack.command('/ticket', 'oops');
    expect(res.body.text).toBe(
      '无法识别命令 `/ticket oops`。可用的命令：`/ticket new`、`/ticket mine`、`/ticket requests`、`/ticket list`、`/ticket help`。',
    );
  });

  test("the first requests of the desk's workspace create its settings once, with the domain defaults", async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        app.slack.command('/ticket', 'help', { userId: `U0RACE${i}` }),
      ),
    );
    expect(results.every((r) => r.status === 200 && r.body.response_type === 'ephemeral')).toBe(
      true,
    );
    const docs = await app.db.models.workspaces.find({ teamId: FAKE_TEAM_ID }).lean();
    expect(docs).toHaveLength(1);
    const settings = docs[0]!.settings as Record<string, any>;
    expect(settings.locale).toBe('en');
    expect(settings.timeZone).toBe('Asia/Shanghai');
    expect(settings.sla.responseMinutesBySeverity).toEqual({
      urgent: 120,
      important: 240,
      general: 480,
    });
    expect(settings.sla.responseMinutesByTier).toEqual({ strategic: 240, key: 480, normal: 1440 });
    expect(settings.tiers).toEqual({ strategicMin: 1_000_000, keyMin: 500_000 });
    expect(settings.businessHours.workingDays).toEqual([1, 2, 3, 4, 5]);
  });

  test('opening the App Home tab publishes the home view for that user', async () => {
    const res = await app.slack.event({
      type: 'app_home_opened',
      user: 'U0HOME0001',
      channel: 'D0HOME0001',
      tab: 'home',
    });
    expect(res.status).toBe(200);
    const [publish] = app.fake.callsTo('views.publish');
    expect(publish?.args.user_id).toBe('U0HOME0001');
    const view = publish?.args.view as { type: string; blocks: { text?: { text: string } }[] };
    expect(view.type).toBe('home');
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('/ticket help');
    expect(text).toContain('/customer help');
  });

  test('the messages tab of App Home publishes nothing', async () => {
    await app.slack.event({
      type: 'app_home_opened',
      user: 'U0HOME0001',
      channel: 'D0HOME0001',
      tab: 'messages',
    });
    expect(app.fake.callsTo('views.publish')).toEqual([]);
  });

  test('a Slack refusal while publishing Home is logged with a reference id', async () => {
    app.fake.failNext('views.publish', 'not_enabled');
    const res = await app.slack.event({ type: 'app_home_opened', user: 'U0HOME0001', tab: 'home' });
    expect(res.status).toBe(200);
    const line = app.logs.find((l) => l.msg === 'listener failed');
    expect(line).toMatchObject({
      code: 'SLACK_REFUSED',
      listener: 'event:app_home_opened',
      teamId: FAKE_TEAM_ID,
    });
    expect(line?.ref).toMatch(/^E-[0-9A-F]{8}$/);
  });
});

describe('request signing', () => {
  test('a forged signature is rejected with 401 and reaches no listener', async () => {
    const res = await app.slack.command(
      '/ticket',
      'help',
      {},
      { signature: 'v0=' + '0'.repeat(64) },
    );
    expect(res.status).toBe(401);
    expect(await app.db.models.workspaces.countDocuments()).toBe(0);
  });

  test('a request signed more than 5 minutes ago is rejected with 401', async () => {
    const res = await app.slack.command(
      '/ticket',
      'help',
      {},
      { timestamp: Math.floor(Date.now() / 1000) - 301 },
    );
    expect(res.status).toBe(401);
  });

  test('a click signed with another secret, or sent without a signature, is rejected with 401', async () => {
    const click = `payload=${encodeURIComponent(
      JSON.stringify({ type: 'block_actions', team: { id: FAKE_TEAM_ID }, actions: [] }),
    )}`;
    const { slackSignature } = await import('../helpers/slack-requests.js');
    const now = Math.floor(Date.now() / 1000);
    const form = 'application/x-www-form-urlencoded';
    const forged = await app.slack.post(click, form, {
      timestamp: now,
      signature: slackSignature('not-the-signing-secret', now, click),
    });
    expect(forged.status).toBe(401);
    const unsigned = await app.slack.post(click, form, { signature: '' });
    expect(unsigned.status).toBe(401);
    const noTime = await app.slack.post(click, form, {
      headers: { 'x-slack-request-timestamp': 'soon' },
    });
    expect(noTime.status).toBe(401);
    expect(await app.db.models.workspaces.countDocuments()).toBe(0);
  });

  test('a click with an action id no listener answers is refused at once; one a listener pattern matches gets through', async () => {
    // The survey's buttons are the one action registered by a pattern (requester_survey_1..5):
    // every other id is still checked against the listeners' ids, not let through to Bolt, which
    // would hold the request 3 s and answer 404 (and Slack show the click as failed).
    for (const actionId of ['customer_unknown_open', 'requester_survey_6', '\u0000']) {
      const res = await app.slack.blockAction({ action_id: actionId, value: 'C2026001' });
      expect(res.status, actionId).toBe(400);
      expect(res.body, actionId).toMatchObject({ ok: false, error: 'invalid_payload' });
    }
    const refusals = app.logs.filter((l) =>
      l.msg.startsWith('request refused before any listener'),
    );
    expect(refusals.map((l) => l.problems)).toEqual(
      Array(3).fill([{ path: 'actions.0.action_id', code: 'custom' }]),
    );
    // A survey button reaches its listener, which acks it (a 200; with no listener Bolt answers
    // 404) and refuses a value that is not a survey's as unreadable (revforge F2): refused by the
    // listener, not before it.
    const survey = await app.slack.blockAction({
      action_id: 'requester_survey_3',
      value: 'no-such-ticket',
    });
    expect(survey.status).toBe(200);
    const logged = app.logs.filter((l) => l.msg.startsWith('request refused')).map((l) => l.msg);
    expect(logged).toEqual([...Array(3).fill(refusals[0]!.msg), 'request refused']);
    expect(await app.db.models.workspaces.countDocuments()).toBe(1); // its request's context was made
  });

  test('every spelling of the endpoint that Bolt would serve (a query, dot segments) goes through the guard', async () => {
    const body = 'payload=null';
    const { slackSignature } = await import('../helpers/slack-requests.js');
    for (const path of ['/slack/events?team=T1', '/slack/./events', '/slack/x/../events']) {
      const timestamp = Math.floor(Date.now() / 1000);
      // node:http sends the path as written (fetch would resolve the dot segments first).
      const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          `${app.baseUrl}${path}`,
          {
            method: 'POST',
            path,
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              'x-slack-request-timestamp': String(timestamp),
              'x-slack-signature': slackSignature(TEST_SIGNING_SECRET, timestamp, body),
            },
          },
          (r) => {
            let text = '';
            r.on('data', (chunk: Buffer) => (text += chunk.toString()));
            r.on('end', () => resolve({ status: r.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      // The guard's answer to a payload that is not an object; Bolt's own receiver would crash.
      expect(res.status, path).toBe(400);
      expect(JSON.parse(res.body), path).toMatchObject({ error: 'invalid_payload' });
    }
  });

  test("Slack's checks of the endpoint are answered: the URL verification echoes its challenge, the SSL check gets 200", async () => {
    const challenge = 'c'.repeat(20);
    const verified = await app.slack.post(
      JSON.stringify({ token: 'x', challenge, type: 'url_verification' }),
      'application/json',
    );
    expect(verified).toEqual({ status: 200, body: { challenge } });
    const ssl = await app.slack.post('ssl_check=1&token=x', 'application/x-www-form-urlencoded');
    expect(ssl.status).toBe(200);
    // Neither reached a listener, so no workspace was set up.
    expect(await app.db.models.workspaces.countDocuments()).toBe(0);
  });

  test("Slack's published test vector verifies with our signing helper", async () => {
    const { slackSignature } = await import('../helpers/slack-requests.js');
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(slackSignature('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });
});
