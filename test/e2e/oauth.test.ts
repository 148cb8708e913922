import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import { createServices } from '../../src/services.js';
import { parseTokenKeys, TokenCipher } from '../../src/install/crypto.js';
import { InstallationRepository } from '../../src/install/repository.js';
import { InstallationService } from '../../src/install/service.js';
import type { WorkspaceJob } from '../../src/schedule/job.js';
import { runDue } from '../../src/schedule/runner.js';
import { dailySlot } from '../../src/schedule/slots.js';
import { seedFromConfig } from '../../src/workspace/service.js';
import { loadConfig } from '../../src/config.js';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { createLogger } from '../../src/logger.js';
import { ORG_LOOKUP_MISS_MS } from '../../src/slack/org-people.js';
import { useTestApp } from '../helpers/app.js';
import type { FakeInstall } from '../helpers/fake-slack.js';
import { jobDeps } from '../helpers/jobs.js';
import { customerInTeam } from '../helpers/setups-7-customers.js';
import {
  ACME_INSTALL,
  GLOBEX_INSTALL,
  newTokenKey,
  oauthEnv,
  orgCommand as sendOrgCommand,
  orgUninstalled as orgUninstalledBy,
  ORG_INSTALL,
} from '../helpers/oauth.js';
import { slashCommandPayload } from '../helpers/slack-requests.js';
import { submitLastModal } from '../helpers/clicks.js';

// OAuth mode: no SLACK_BOT_TOKEN; installs come through /slack/install and /slack/oauth_redirect.
const OLD_KEY = newTokenKey();
const OAUTH_ENV = oauthEnv(OLD_KEY);
/** The Grid org lookups waiting (virtual time): calling one ends that wait. */
const lookupWaits: (() => void)[] = [];
/** The Slack calls' time limits (SLACK_CALL_TIMEOUT_MS, virtual time): calling one ends it. */
const callLimits: (() => void)[] = [];
const realFetch = globalThis.fetch;
const app = useTestApp({
  env: OAUTH_ENV,
  orgLookupWait: () => new Promise<void>((over) => lookupWaits.push(over)),
  slackCallWait: () => new Promise<void>((expire) => callLimits.push(expire)),
  // The app's clients fetch through the fake, which can refuse one call's connection.
  prepareFake: (fake) => (globalThis.fetch = fake.fetch(realFetch)),
});
afterAll(() => {
  globalThis.fetch = realFetch;
});

const ACME = ACME_INSTALL;
const GLOBEX = GLOBEX_INSTALL;
const ORG = ORG_INSTALL;
const ORG_TEAM = 'T0INITECH1';
/** The org's workspace installing the app itself, besides the org-wide install. */
const OWN: FakeInstall = {
  teamId: ORG_TEAM,
  teamName: 'Initech Support',
  enterpriseId: ORG.enterpriseId,
  botToken: 'xoxb-initech-own-secret',
  botUserId: 'U0OWNBOT01',
  botId: 'B0OWNBOT01',
  installerUserId: 'U0ORGUSER1',
};

/**
 * A person installing the app from the desk's install page, as a browser would (in the browser's
 * `language`, when given); Slack sends them back with the code, or with `error=access_denied`
 * when they press Cancel (`back`).
 */
async function install(
  code: string,
  grant: FakeInstall | { error: string },
  options: { language?: string; back?: string } = {},
) {
  app.fake.oauthCodes.set(code, grant);
  const language = options.language ? { 'accept-language': options.language } : undefined;
  const page = await fetch(`${app.baseUrl}/slack/install`, { headers: { ...language } });
  const html = await page.text();
  const cookie = page.headers.get('set-cookie') ?? '';
  const state = /[?&;]state=([^&"']+)/.exec(html)?.[1];
  expect(page.status).toBe(200);
  expect(state, 'the install page links to Slack with a state').toBeTruthy();
  expect(cookie).toContain(`=${decodeURIComponent(state!)}`);
  const query = options.back ?? `code=${code}`;
  const back = await fetch(`${app.baseUrl}/slack/oauth_redirect?${query}&state=${state}`, {
    headers: { cookie: cookie.split(';')[0]!, ...language },
  });
  return { status: back.status, html: await back.text(), page: html };
}

/** A page's visible text: its tags dropped, its entities read. */
function textOf(html: string): string {
  return html
    .replace(/<(style|head)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

async function stored(key: string) {
  return app.db.models.installations.findOne({ key }).lean();
}

/** What the person who typed `/desk settings` in `teamId` sees opened, and with which token. */
async function openSettings(teamId: string, userId: string) {
  app.fake.reset();
  const res = await app.slack.command('/desk', 'settings', { teamId, userId });
  return { res, opened: app.fake.callsTo('views.open') };
}

/** A workspace's context as the desk acts in it (a job's). */
function jobContext(teamId: string) {
  return app.desk.services.workspaces.context({
    teamId,
    actor: SYSTEM_ACTOR,
    now: app.clock.now(),
    log: createLogger('silent'),
    origin: 'job',
  });
}

/** A job that says hello in each workspace it runs for (through the outbox, as jobs do). */
const helloJob: WorkspaceJob = {
  name: 'test-hello',
  scope: 'workspace',
  catchUpMs: 24 * 3600_000,
  slotAt: (now, settings) => dailySlot(now, settings.timeZone, '09:00'),
  run: async (deps, ctx) => {
    await deps.services.outbox.enqueue(ctx, [
      { key: 'hello', kind: 'message', to: 'C0HELLO001', data: { message: { text: 'hello' } } },
    ]);
    return { hello: 1 };
  },
};

describe('installing through Slack’s OAuth flow', () => {
  test('an install is stored with its token sealed; a command from that workspace is answered with its own token', async () => {
    const done = await install('code-acme', ACME);
    expect(done.status).toBe(200);
    const record = await stored(ACME.teamId!);
    expect(record).toMatchObject({
      teamId: ACME.teamId,
      isEnterpriseInstall: false,
      botUserId: ACME.botUserId,
      botId: ACME.botId,
      installerUserId: ACME.installerUserId,
      scopes: ACME.scopes,
      state: 'active',
    });
    // Sealed at rest: not the token, and it opens with the configured key to the token.
    expect(record!.botToken).not.toContain(ACME.botToken);
    expect(record!.botToken).toMatch(/^v1:k1:/);
    const cipher = new TokenCipher(parseTokenKeys(OLD_KEY));
    expect(cipher.open(record!.botToken, ACME.teamId!)).toBe(ACME.botToken);
    // Slack's code was exchanged with the app's credentials.
    expect(app.fake.callsTo('oauth.v2.access')[0]!.args).toMatchObject({
      code: 'code-acme',
      client_id: OAUTH_ENV.SLACK_CLIENT_ID,
    });
    // The installer runs the new desk: /desk settings opens, with Acme's token.
    const { opened } = await openSettings(ACME.teamId!, ACME.installerUserId);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.token).toBe(ACME.botToken);
    // Never a token in the logs.
    expect(app.rawLogs.join('\n')).not.toContain('xoxb-acme');
  });

  test('installing twice leaves one record (idempotent), with the new token', async () => {
    await install('code-1', ACME);
    await install('code-2', { ...ACME, botToken: 'xoxb-acme-0001-renewed' });
    expect(await app.db.models.installations.countDocuments({ key: ACME.teamId })).toBe(1);
    const { opened } = await openSettings(ACME.teamId!, ACME.installerUserId);
    expect(opened[0]!.token).toBe('xoxb-acme-0001-renewed');
  });

  test('a refused code or a state from another browser stores nothing', async () => {
    const refused = await install('code-bad', { error: 'invalid_code' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    app.fake.oauthCodes.set('code-x', ACME);
    const page = await fetch(`${app.baseUrl}/slack/install`);
    const state = /[?&;]state=([^&"']+)/.exec(await page.text())?.[1];
    const forged = await fetch(`${app.baseUrl}/slack/oauth_redirect?code=code-x&state=${state}`, {
      headers: { cookie: 'slack-app-oauth-state=someone-else' },
    });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(await app.db.models.installations.countDocuments()).toBe(0);
  });

  test('oauth.v2.access Slack takes but never answers: the call ends at its time limit and is not tried again (its code is single-use): the installer gets the error page, nothing is stored', async () => {
    app.fake.oauthCodes.set('code-slow', ACME);
    const page = await fetch(`${app.baseUrl}/slack/install`);
    const state = /[?&;]state=([^&"']+)/.exec(await page.text())?.[1];
    const cookie = page.headers.get('set-cookie') ?? '';
    callLimits.length = 0;
    const taken = app.fake.takeAndHang('oauth.v2.access');
    const back = fetch(`${app.baseUrl}/slack/oauth_redirect?code=code-slow&state=${state}`, {
      headers: { cookie: cookie.split(';')[0]! },
    });
    await taken;
    // Its limit reached (the only call in flight: every limit set since the page).
    callLimits.splice(0).forEach((expire) => expire());
    const res = await back;
    expect(res.status).toBe(502);
    expect(textOf(await res.text())).toContain('Slack did not confirm the installation.');
    expect(app.fake.callsTo('oauth.v2.access')).toHaveLength(1);
    expect(await app.db.models.installations.countDocuments()).toBe(0);
  }, 10_000);

  test('oauth.v2.access Slack took but a gateway answered 504 for is not tried again with its spent code: one call, the error page', async () => {
    app.fake.oauthCodes.set('code-504', ACME);
    const page = await fetch(`${app.baseUrl}/slack/install`);
    const state = /[?&;]state=([^&"']+)/.exec(await page.text())?.[1];
    const cookie = page.headers.get('set-cookie') ?? '';
    app.fake.takeAndFailHttp('oauth.v2.access', 504);
    const res = await fetch(`${app.baseUrl}/slack/oauth_redirect?code=code-504&state=${state}`, {
      headers: { cookie: cookie.split(';')[0]! },
    });
    expect(res.status).toBe(502);
    expect(textOf(await res.text())).toContain('Slack did not confirm the installation.');
    expect(app.fake.callsTo('oauth.v2.access')).toHaveLength(1);
  });

  test('oauth.v2.access refused before it was sent (connection refused) is tried again: the code is exchanged once, the install stored', async () => {
    app.fake.refuseConnectionNext('oauth.v2.access');
    const done = await install('code-refused', ACME);
    expect(done.status).toBe(200);
    expect(app.fake.refusedCalls).toEqual(['oauth.v2.access']);
    expect(app.fake.callsTo('oauth.v2.access')).toEqual([
      expect.objectContaining({ args: expect.objectContaining({ code: 'code-refused' }) }),
    ]);
    expect(await stored(ACME.teamId!)).toMatchObject({ teamId: ACME.teamId, state: 'active' });
  });

  test('oauth.v2.access Slack took whose connection then dropped before the answer is not tried again with its spent code: one call, the error page', async () => {
    app.fake.takeAndDrop('oauth.v2.access');
    const res = await install('code-dropped', ACME);
    expect(res.status).toBe(502);
    expect(textOf(res.html)).toContain('Slack did not confirm the installation.');
    expect(app.fake.callsTo('oauth.v2.access')).toHaveLength(1);
  });

  test('the install pages speak the installing person’s language, and a cancel or an expired link says so, with a way back', async () => {
    // A Chinese browser: the install page, then the page Slack sends them back to.
    const zh = await install('code-zh', ACME, { language: 'zh-CN,zh;q=0.9,en;q=0.8' });
    expect(zh.page).toContain('lang="zh-CN"');
    expect(textOf(zh.page)).toContain('安装客户服务台');
    expect(zh.status).toBe(200);
    expect(textOf(zh.html)).toContain('服务台已安装');
    expect(zh.html).toContain(`slack://app?team=${ACME.teamId}`);

    // An English browser pressing Cancel on Slack's page: told nothing was installed, not an
    // error of the server.
    const cancelled = await install('code-cancel', GLOBEX, {
      language: 'en-GB,en;q=0.9',
      back: 'error=access_denied',
    });
    expect(cancelled.status).toBe(200);
    expect(textOf(cancelled.html)).toContain(
      'You cancelled the installation: nothing was installed.',
    );
    expect(cancelled.html).toContain('href="/slack/install"');
    expect(textOf(cancelled.html)).not.toMatch(/Oops|slack_oauth/);
    expect(await stored(GLOBEX.teamId!)).toBeNull();

    // The state link expired (or another browser's): in Chinese, how to start again.
    const page = await fetch(`${app.baseUrl}/slack/install`);
    const state = /[?&;]state=([^&"']+)/.exec(await page.text())?.[1];
    const stale = await fetch(`${app.baseUrl}/slack/oauth_redirect?code=code-x&state=${state}`, {
      headers: { cookie: 'slack-app-oauth-state=another', 'accept-language': 'zh-TW,zh;q=0.8' },
    });
    expect(stale.status).toBe(400);
    const staleText = textOf(await stale.text());
    expect(staleText).toContain('此安装链接已过期');
    expect(staleText).toContain('重新开始');

    // A browser that names no language the desk speaks reads the desk's default (English here).
    const refused = await install('code-refused', { error: 'invalid_code' }, { language: 'fr' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(textOf(refused.html)).toContain('Slack did not confirm the installation.');
  });

  test('a new workspace installed from a Chinese browser speaks Chinese (DEFAULT_LOCALE unset); a re-install from an English one keeps it', async () => {
    const locale = async (teamId: string) =>
      (await app.desk.services.workspaces.stored(teamId)).settings.locale;
    expect(
      await install('code-zh-new', ACME, { language: 'zh-CN,zh;q=0.9,en;q=0.8' }),
    ).toMatchObject({ status: 200 });
    expect(await locale(ACME.teamId!)).toBe('zh-CN');
    // Its first reply is in Chinese.
    const res = await app.slack.command('/ticket', 'help', {
      teamId: ACME.teamId!,
      userId: ACME.installerUserId!,
    });
    expect(JSON.stringify(res.body) + JSON.stringify(app.fake.callsTo('response_url'))).toMatch(
      /工单/,
    );
    // Installed again from an English browser: the workspace keeps its language.
    expect(await install('code-en-again', ACME, { language: 'en-US,en;q=0.9' })).toMatchObject({
      status: 200,
    });
    expect(await locale(ACME.teamId!)).toBe('zh-CN');
    // An English (or unnamed) browser: the default.
    await install('code-en-new', GLOBEX, { language: 'en-GB' });
    expect(await locale(GLOBEX.teamId!)).toBe('en');
  });

  test('a workspace whose language came from its installer\'s browser is no ".env seeds differ (DEFAULT_LOCALE)" at start-up: DEFAULT_LOCALE is unset', async () => {
    await install('code-zh-drift', ACME, { language: 'zh-CN,zh;q=0.9' });
    expect((await app.desk.services.workspaces.stored(ACME.teamId!)).settings.locale).toBe('zh-CN');
    const other = app.instance('restarted');
    await other.start();
    await other.stop();
    const drift = app.logs.filter((l) => l.msg.includes('.env seeds differ'));
    expect(drift.flatMap((l) => (l as { keys?: string[] }).keys ?? [])).not.toContain(
      'DEFAULT_LOCALE',
    );
  });

  test('readiness does not hang on one token: each install has its own', async () => {
    const res = await fetch(`${app.baseUrl}/readyz`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { slack: { state: string } }).slack.state).toBe('per_install');
  });

  test('a workspace that never installed is not served', async () => {
    await install('code-acme', ACME);
    const { res, opened } = await openSettings('T0STRANGER', 'U0STRANGE1');
    expect(opened).toEqual([]);
    expect(res.status).toBe(200);
    expect(res.body.text).toContain('This desk is not installed in your workspace');
    expect(app.logs.some((l) => l.msg === 'request not authorized: no active install')).toBe(true);
    // Nothing is stored for a workspace the desk does not serve.
    expect(await app.db.models.workspaces.countDocuments({ teamId: 'T0STRANGER' })).toBe(0);
  });
});

describe('a request from a workspace no install serves: the person is told nothing was done', () => {
  const EN_NOT_SERVED =
    'The desk is not connected to this workspace (its access was removed, or it was never installed here), so nothing was done. A workspace admin can connect it by installing the app.';
  const ZH_NOT_SERVED =
    '服务台未连接到本工作区（其访问权限已被移除，或从未在此安装），因此没有执行任何操作。工作区管理员安装应用即可连接。';
  const EN_NEVER =
    'This desk is not installed in your workspace, so nothing was done. If you work with a team that uses it, write to them in the channel you share: they will answer there.';
  /** A workspace the app was installed in, and removed from since. */
  const STRANGER = { teamId: ACME.teamId!, userId: 'U0STRANGE1' };

  test('a click or a message shortcut gets an ephemeral by its response_url; a submission an error view; options none', async () => {
    await install('code-acme', ACME);
    expect((await stopEvent(ACME.teamId!, 'app_uninstalled')).status).toBe(200);
    app.fake.reset();
    const click = await app.slack.blockAction(
      { action_id: 'customer_channel_open', block_id: 'customer_actions', value: 'C-0001' },
      STRANGER,
    );
    expect(click.status).toBe(200);
    expect(app.fake.callsTo('response_url').map((c) => c.args)).toEqual([
      { response_type: 'ephemeral', replace_original: false, text: EN_NOT_SERVED },
    ]);

    await app.slack.messageShortcut('ticket_from_message', { text: 'Line 3 stopped' }, STRANGER);
    expect(app.fake.callsTo('response_url').at(-1)!.args).toMatchObject({ text: EN_NOT_SERVED });

    const submitted = await app.slack.viewSubmission(
      { callback_id: 'ticket_create', private_metadata: '' },
      {},
      STRANGER,
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body.response_action).toBe('update');
    expect(JSON.stringify(submitted.body.view)).toContain('The desk is not connected to this');

    const options = await app.slack.blockSuggestion(
      { action_id: 'customer_picker', value: 'Huadong' },
      STRANGER,
    );
    expect(options.body).toEqual({ options: [] });

    expect(app.fake.callsTo('views.open')).toEqual([]);
  });

  test('a Slack Connect customer whose own workspace never had the app is told the team they work with answers them in the channel they share, not to install the app', async () => {
    await install('code-acme', ACME);
    app.fake.reset();
    const customer = { teamId: 'T0CUSTORG1', userId: 'U0CUSTOM01', channelId: 'C0SHARED01' };
    const command = await app.slack.command('/ticket', 'new Printer offline', customer);
    expect(command.status).toBe(200);
    expect(command.body).toEqual({ response_type: 'ephemeral', text: EN_NEVER });

    const click = await app.slack.blockAction(
      { action_id: 'customer_channel_open', block_id: 'customer_actions', value: 'C-0001' },
      customer,
    );
    expect(click.status).toBe(200);
    expect(app.fake.callsTo('response_url').map((c) => c.args.text)).toEqual([EN_NEVER]);
    expect(app.fake.callsTo('views.open')).toEqual([]);
    expect(await app.db.models.workspaces.countDocuments({ teamId: customer.teamId })).toBe(0);
  });

  test('in the language the workspace had when the desk still served it', async () => {
    await install('code-acme', ACME);
    await app.desk.services.workspaces.update(ACME.teamId!, (s) => ({ ...s, locale: 'zh-CN' }));
    expect((await stopEvent(ACME.teamId!, 'app_uninstalled')).status).toBe(200);
    app.fake.reset();
    await app.slack.blockAction(
      { action_id: 'customer_channel_open', block_id: 'customer_actions', value: 'C-0001' },
      { teamId: ACME.teamId!, userId: ACME.installerUserId },
    );
    expect(app.fake.callsTo('response_url').map((c) => c.args.text)).toEqual([ZH_NOT_SERVED]);
    expect(app.fake.callsTo('views.open')).toEqual([]);
  });
});

describe('the first run after an install', () => {
  test('/ticket new before any customer file exists says, in the workspace’s language, to create the customer first', async () => {
    await install('code-acme', ACME);
    await app.desk.services.workspaces.update(ACME.teamId!, (s) => ({ ...s, locale: 'zh-CN' }));
    const customerHint = () => {
      const view = app.fake.callsTo('views.open').at(-1)!.args.view as {
        blocks: { block_id?: string; hint?: { text: string } }[];
      };
      return view.blocks.find((b) => b.block_id === 'customer')!.hint?.text;
    };
    const installer = { teamId: ACME.teamId!, userId: ACME.installerUserId };
    await app.slack.command('/ticket', 'new Line 3 is down', installer);
    expect(customerHint()).toContain('还没有客户档案');
    expect(customerHint()).toContain('/customer new');
    // Another workspace's customers do not count: Globex has one, Acme still none.
    await install('code-globex', GLOBEX);
    await customerInTeam(app, GLOBEX.teamId!, GLOBEX.installerUserId, 'Globex Customer');
    await app.slack.command('/ticket', 'new', installer);
    expect(customerHint()).toContain('还没有客户档案');
    await app.slack.command('/ticket', 'new', {
      teamId: GLOBEX.teamId!,
      userId: GLOBEX.installerUserId,
    });
    expect(customerHint()).toBeUndefined();
  });

  test('a ticket made before the triage channel is set keeps its card until an admin sets one, then it is posted', async () => {
    await install('code-acme', ACME);
    const installer = { teamId: ACME.teamId!, userId: ACME.installerUserId };
    const customer = await customerInTeam(
      app,
      ACME.teamId!,
      ACME.installerUserId,
      'Huadong Machinery',
    );
    // No triage channel yet: /ticket new saves the ticket and says where its card will go.
    await app.slack.command('/ticket', 'new Line 3 is down', installer);
    const form = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
    app.fake.reset();
    await app.slack.submitView(
      form,
      { customer: customer.code, severity: 'urgent', type: 'after_sales', description: 'E42' },
      installer,
    );
    const said = app.fake.calls.map((c) => JSON.stringify(c.args)).join('\n');
    expect(said).toContain('This workspace has no triage channel yet');
    const ticket = (await app.db.models.tickets.findOne({ teamId: ACME.teamId }).lean())!;

    // Half a day passes before the admin gets to the settings: the outbox keeps trying.
    for (let i = 0; i < 24; i++) {
      app.clock.advance(30 * 60_000);
      await app.desk.outbox.drain();
    }
    const card = await app.db.models.outbox
      .findOne({ teamId: ACME.teamId, key: `card:${ticket._id.toHexString()}` })
      .lean();
    expect(card!.state).toBe('pending');

    // The installer (the desk's first admin) sets the triage channel: the card goes out there,
    // its thread line after it.
    await app.slack.command('/desk', 'settings channels', installer);
    await submitLastModal(app, { channel_triage: 'C0ACMETRI1' }, installer);
    app.fake.reset();
    await app.desk.outbox.drain();
    const posts = app.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === 'C0ACMETRI1');
    expect(posts.map((p) => [p.token, Boolean(p.args.thread_ts)])).toEqual([
      [ACME.botToken, false],
      [ACME.botToken, true],
    ]);
    expect(String(posts[0]!.args.text)).toContain(ticket.number);
    expect((await app.db.models.tickets.findOne({ _id: ticket._id }).lean())!.card.channel).toBe(
      'C0ACMETRI1',
    );
  });
});

describe('two installed workspaces, each with its own token', () => {
  test('outbox deliveries and job runs of each workspace go out with that workspace’s token', async () => {
    await install('code-acme', ACME);
    await install('code-globex', GLOBEX);
    for (const w of [ACME, GLOBEX]) await app.desk.services.workspaces.settings(w.teamId!);
    app.fake.reset();
    // 09:00:30 in Shanghai: the daily slot of both.
    app.clock.set('2026-11-24T01:00:30Z');
    const runs = await runDue(jobDeps(app), [helloJob]);
    expect(
      runs
        .filter((r) => r.ran)
        .map((r) => r.teamId)
        .sort(),
    ).toEqual([ACME.teamId, GLOBEX.teamId].sort());
    await app.desk.outbox.drain();
    const posts = app.fake.tookCalls('chat.postMessage');
    expect(posts.map((p) => p.token).sort()).toEqual([ACME.botToken, GLOBEX.botToken].sort());
    // And requests: each workspace's command with its own token.
    expect((await openSettings(GLOBEX.teamId!, GLOBEX.installerUserId)).opened[0]!.token).toBe(
      GLOBEX.botToken,
    );
  });
});

describe('an org-wide install (Enterprise Grid)', () => {
  test('serves a workspace of its org: a command there is answered with the org’s token, and its jobs run', async () => {
    const done = await install('code-org', ORG);
    expect(done.status).toBe(200);
    expect(await stored(ORG.enterpriseId!)).toMatchObject({
      isEnterpriseInstall: true,
      enterpriseId: ORG.enterpriseId,
      state: 'active',
    });
    app.fake.reset();
    const res = await orgCommand('new Printer offline');
    expect(res.status).toBe(200);
    const opened = app.fake.callsTo('views.open');
    expect(opened).toHaveLength(1);
    expect(opened[0]!.token).toBe(ORG.botToken);
    // The workspace is now one the org install serves: its jobs run, with the org's token.
    app.clock.set('2026-11-24T01:00:30Z');
    app.fake.reset();
    const runs = await runDue(jobDeps(app), [helloJob]);
    expect(runs.filter((r) => r.ran).map((r) => r.teamId)).toEqual([ORG_TEAM]);
    await app.desk.outbox.drain();
    expect(app.fake.tookCalls('chat.postMessage').map((p) => p.token)).toEqual([ORG.botToken]);
  });
});

describe('an org-wide install’s first admin', () => {
  test('the person who installed org-wide can set up the desk in each workspace of the org; others cannot', async () => {
    await install('code-org', ORG);
    // The org installer's first command in a workspace of the org: the settings open.
    app.fake.reset();
    await orgCommand('settings', ORG.installerUserId, '/desk');
    expect(app.fake.callsTo('views.open').map((c) => c.token)).toEqual([ORG.botToken]);
    expect((await app.desk.services.workspaces.settings(ORG_TEAM)).admins).toEqual([
      ORG.installerUserId,
    ]);
    // Anyone else there is refused, as in any workspace.
    app.fake.reset();
    await orgCommand('settings', 'U0ORGUSER1', '/desk');
    expect(app.fake.callsTo('views.open')).toEqual([]);
    // A workspace that had admins keeps them: the installer is not added.
    const OTHER = 'T0INITECH2';
    await app.desk.services.workspaces.update(OTHER, (s) => ({ ...s, admins: ['U0LOCALADM'] }));
    await orgCommand('settings', ORG.installerUserId, '/desk', OTHER);
    expect((await app.desk.services.workspaces.settings(OTHER)).admins).toEqual(['U0LOCALADM']);
  });
});

/** Now on the test's clock, as Slack's `event_time` says it (Unix seconds). */
function slackNow(): number {
  return Math.floor(app.clock.now().getTime() / 1000);
}

let stopEvents = 0;

/**
 * Slack's app_uninstalled or tokens_revoked (the bot's) for workspace `teamId`: sent now on the
 * test's clock, or at `eventTime` (a late delivery, or `retryNum`, a retry of event `eventId`).
 */
function stopEvent(
  teamId: string,
  type: 'app_uninstalled' | 'tokens_revoked',
  delivery: { eventTime?: number; eventId?: string; retryNum?: number } = {},
) {
  const eventTime = delivery.eventTime ?? slackNow();
  return app.slack.eventDelivery(
    {
      type,
      // The workspace's own bot: Slack names the bot it revoked, the desk stops that one's install.
      ...(type === 'tokens_revoked'
        ? {
            tokens: {
              oauth: [],
              bot: [[ACME, GLOBEX].find((w) => w.teamId === teamId)!.botUserId],
            },
          }
        : {}),
      event_ts: `${eventTime}.000400`,
    },
    {
      eventId: delivery.eventId ?? `Ev0STOP${String(++stopEvents).padStart(4, '0')}`,
      installedTeamId: teamId,
      eventTime,
      ...(delivery.retryNum ? { retryNum: delivery.retryNum } : {}),
    },
  );
}

/** Slack's app_uninstalled (or `type`: the org bot's tokens_revoked) of the org-wide install. */
function orgUninstalled(
  eventId: string,
  eventTs: string,
  type: 'app_uninstalled' | 'tokens_revoked' = 'app_uninstalled',
) {
  return orgUninstalledBy(app, ORG, { teamId: ORG_TEAM, eventId, eventTs, type });
}

/**
 * Slack's team_access_revoked (or `type`): an org admin removed the org-wide install from
 * `teamIds`; sent now
 * on the test's clock, or at `eventTime` (a late delivery, or `retryNum`, a retry of `eventId`).
 */
function teamAccessRevoked(
  teamIds: string[],
  delivery: { eventTime?: number; eventId?: string; retryNum?: number } = {},
  type: 'team_access_revoked' | 'team_access_granted' = 'team_access_revoked',
) {
  const eventTime = delivery.eventTime ?? slackNow();
  return app.slack.eventDelivery(
    { type, team_ids: teamIds, event_ts: `${eventTime}.000600` },
    {
      eventId: delivery.eventId ?? `Ev0TEAMREVK${String(++stopEvents).padStart(4, '0')}`,
      installedTeamId: ORG_TEAM,
      eventTime,
      org: { enterpriseId: ORG.enterpriseId!, botUserId: ORG.botUserId },
      ...(delivery.retryNum ? { retryNum: delivery.retryNum } : {}),
    },
  );
}

/** Slack's team_access_granted: an org admin added the org-wide install to `teamIds` (now). */
const teamAccessGranted = (teamIds: string[]) =>
  teamAccessRevoked(teamIds, {}, 'team_access_granted');

/** A command from a workspace of the org-wide install (Slack says so in the payload). */
const orgCommand = (text: string, userId = 'U0ORGUSER1', command = '/ticket', teamId = ORG_TEAM) =>
  sendOrgCommand(app, ORG, command, text, { teamId, userId });

describe('uninstalled or revoked: no longer served, data kept, nobody told', () => {
  test('an org-wide install uninstalled stops every workspace of the org', async () => {
    await install('code-org', ORG);
    await orgCommand('new Printer offline');
    expect(app.fake.callsTo('views.open')).toHaveLength(1);
    expect((await orgUninstalled('Ev0ORGUNINST', '1700000000.000400')).status).toBe(200);
    expect((await stored(ORG.enterpriseId!))!.state).toBe('uninstalled');
    app.fake.reset();
    await orgCommand('new Printer offline');
    expect(app.fake.callsTo('views.open')).toEqual([]);
    app.clock.set('2026-11-24T01:00:30Z');
    const runs = await runDue(jobDeps(app), [helloJob]);
    expect(runs.filter((r) => r.ran)).toEqual([]);
  });

  test('a workspace of the org that installed the app itself since is not stopped, dropped or erased with the org install', async () => {
    await install('code-org', ORG);
    await orgCommand('new Printer offline'); // served by the org install: listed as one of its
    // Then the workspace installs the app itself, and chose to be forgotten on its uninstall.
    expect((await install('code-own', OWN)).status).toBe(200);
    await app.desk.services.workspaces.update(ORG_TEAM, (s) => ({ ...s, eraseOnUninstall: true }));
    await app.desk.services.outbox.enqueue(await jobContext(ORG_TEAM), [
      { key: 'owed', kind: 'message', to: 'C0OWED0001', data: { message: { text: 'owed' } } },
    ]);

    expect((await orgUninstalled('Ev0ORGUNIN2', '1700000000.000500')).status).toBe(200);
    expect((await stored(ORG.enterpriseId!))!.state).toBe('uninstalled');

    // Its own install, settings and owed message are as they were; its commands are answered.
    expect((await stored(ORG_TEAM))!.state).toBe('active');
    expect(await app.db.models.workspaces.countDocuments({ teamId: ORG_TEAM })).toBe(1);
    const owed = await app.db.models.outbox.findOne({ teamId: ORG_TEAM, key: 'owed' }).lean();
    expect(owed!.state).toBe('pending');
    // (Its first admin is the org's installer, who set it up when the org install served it.)
    const { opened } = await openSettings(ORG_TEAM, ORG.installerUserId);
    expect(opened.map((c) => c.token)).toEqual([OWN.botToken]);
  });

  test('a workspace that uninstalls its own install while the org install serves it: served by the org, nothing dropped or erased', async () => {
    await install('code-org', ORG);
    await orgCommand('new Printer offline'); // listed on the org install
    await install('code-own', OWN);
    await app.desk.services.workspaces.update(ORG_TEAM, (s) => ({ ...s, eraseOnUninstall: true }));
    await app.desk.services.outbox.enqueue(await jobContext(ORG_TEAM), [
      { key: 'owed', kind: 'message', to: 'C0OWED0001', data: { message: { text: 'owed' } } },
    ]);

    expect((await uninstallEvent(ORG_TEAM, 'app_uninstalled')).status).toBe(200);
    expect((await stored(ORG_TEAM))!.state).toBe('uninstalled');
    expect(await app.db.models.workspaces.countDocuments({ teamId: ORG_TEAM })).toBe(1);
    const owed = await app.db.models.outbox.findOne({ teamId: ORG_TEAM, key: 'owed' }).lean();
    expect(owed!.state).toBe('pending');
    app.fake.reset();
    await orgCommand('new Printer offline');
    expect(app.fake.callsTo('views.open').map((c) => c.token)).toEqual([ORG.botToken]);
  });

  test('an org admin removing the app from workspaces of an org-wide install stops those workspaces only', async () => {
    const KEPT = 'T0INITECH2';
    const ERASED = 'T0INITECH3';
    await install('code-org', ORG);
    for (const team of [ORG_TEAM, KEPT, ERASED]) {
      await orgCommand('new Printer offline', 'U0ORGUSER1', '/ticket', team); // served by the org
      await app.desk.services.outbox.enqueue(await jobContext(team), [
        { key: 'owed', kind: 'message', to: 'C0OWED0001', data: { message: { text: 'x' } } },
      ]);
    }
    // ERASED chose to be forgotten when the app leaves it; KEPT keeps the default.
    await app.desk.services.workspaces.update(ERASED, (s) => ({ ...s, eraseOnUninstall: true }));

    // Slack's team_access_revoked: the org install no longer reaches KEPT and ERASED.
    expect((await teamAccessRevoked([KEPT, ERASED])).status).toBe(200);

    // The org install and ORG_TEAM go on; KEPT is no longer served (its owed message dropped,
    // never sent, its data kept); ERASED's data is gone, as it asked.
    expect((await stored(ORG.enterpriseId!))!).toMatchObject({
      state: 'active',
      teams: [ORG_TEAM],
    });
    const owed = async (teamId: string) =>
      (await app.db.models.outbox.findOne({ teamId, key: 'owed' }).lean())?.state;
    expect(await owed(ORG_TEAM)).toBe('pending');
    expect(await owed(KEPT)).toBe('dropped');
    expect(await app.db.models.workspaces.countDocuments({ teamId: KEPT })).toBe(1);
    expect(await app.db.models.workspaces.countDocuments({ teamId: ERASED })).toBe(0);
    expect(await app.db.models.outbox.countDocuments({ teamId: ERASED })).toBe(0);
    app.clock.set('2026-11-24T01:00:30Z');
    app.fake.reset();
    const runs = await runDue(jobDeps(app), [helloJob]);
    expect(runs.filter((r) => r.ran).map((r) => r.teamId)).toEqual([ORG_TEAM]);
  });

  test('team_access_revoked or team_access_granted naming no workspace of Slack’s shape is ignored, and the line says which', async () => {
    const KEPT = 'T0INITECH2';
    await install('code-org', ORG);
    await orgCommand('new Printer offline', 'U0ORGUSER1', '/ticket', KEPT); // served by the org

    expect((await teamAccessRevoked([KEPT, 'not a team'])).status).toBe(200);
    expect((await teamAccessGranted(['not a team'])).status).toBe(200);

    // Nothing stopped: the org install goes on, and serves KEPT still.
    const org = (await stored(ORG.enterpriseId!))!;
    expect([org.state, org.teams.includes(KEPT)]).toEqual(['active', true]);
    app.fake.reset();
    await orgCommand('new Printer offline', 'U0ORGUSER1', '/ticket', KEPT);
    expect(app.fake.callsTo('views.open').map((c) => c.token)).toEqual([ORG.botToken]);
    expect(
      app.logs
        .filter((l) => String(l.msg).includes('of Slack’s shape'))
        .map((l) => [l.level, l.msg]),
    ).toEqual([
      [40, 'team_access_revoked without an org or workspaces of Slack’s shape: ignored'],
      [40, 'team_access_granted without an org or workspaces of Slack’s shape: ignored'],
    ]);
  });

  test('team_access_revoked retried by Slack after an org admin added the workspace again does not stop it', async () => {
    const READDED = 'T0INITECH2';
    await install('code-org', ORG);
    await orgCommand('new Printer offline', 'U0ORGUSER1', '/ticket', READDED); // served by the org
    // READDED chose to be forgotten when the app leaves it.
    await app.desk.services.workspaces.update(READDED, (s) => ({ ...s, eraseOnUninstall: true }));

    // An org admin removes the app from READDED at 02:10; Slack's first delivery does not get
    // through (the desk restarting), so Slack will send it again.
    app.clock.advance(10 * 60_000);
    const sentAt = slackNow();
    // Two minutes later the org admin adds the workspace again (Slack says so); its people use
    // the desk.
    app.clock.advance(2 * 60_000);
    expect((await teamAccessGranted([READDED])).status).toBe(200);
    app.fake.reset();
    await orgCommand('new Printer offline', 'U0ORGUSER1', '/ticket', READDED);
    expect(app.fake.callsTo('views.open').map((c) => c.token)).toEqual([ORG.botToken]);
    await app.desk.services.outbox.enqueue(await jobContext(READDED), [
      { key: 'owed', kind: 'message', to: 'C0OWED0001', data: { message: { text: 'owed' } } },
    ]);
    // Slack's retry of the removal comes a minute after.
    app.clock.advance(60_000);
    const retry = await teamAccessRevoked([READDED], {
      eventId: 'Ev0LATETEAM',
      eventTime: sentAt,
      retryNum: 1,
    });
    expect(retry.status).toBe(200);

    // READDED goes on: its data is kept, its owed message still to be sent, its jobs run.
    expect(await app.db.models.workspaces.countDocuments({ teamId: READDED })).toBe(1);
    const owed = await app.db.models.outbox.findOne({ teamId: READDED, key: 'owed' }).lean();
    expect(owed!.state).toBe('pending');
    app.clock.set('2026-11-25T01:00:30Z');
    const runs = await runDue(jobDeps(app), [helloJob]);
    expect(runs.filter((r) => r.ran).map((r) => r.teamId)).toContain(READDED);
    expect(
      app.logs.some((l) => String(l.msg).includes('sent before these workspaces were added again')),
    ).toBe(true);

    // Removed again later: that removal (sent after it was added again) stops it, and erases
    // its data, as it chose.
    app.clock.advance(60_000);
    expect((await teamAccessRevoked([READDED])).status).toBe(200);
    expect(await app.db.models.workspaces.countDocuments({ teamId: READDED })).toBe(0);
    expect((await stored(ORG.enterpriseId!))!.teams).not.toContain(READDED);
  });

  test('team_access_revoked delivered again after the workspace, added back, was served anew does not stop it', async () => {
    const READDED = 'T0INITECH2';
    await install('code-org', ORG);
    await orgCommand('new Printer offline', 'U0ORGUSER1', '/ticket', READDED);
    await app.desk.services.workspaces.update(READDED, (s) => ({ ...s, eraseOnUninstall: true }));
    // Removed at 02:10 (this delivery gets through, but Slack did not see the ack in time).
    app.clock.advance(10 * 60_000);
    const sentAt = slackNow();
    await teamAccessRevoked([READDED], { eventId: 'Ev0TWICE001', eventTime: sentAt });
    // (Its data went with it, as it chose; it is set up again once added back.)
    await app.desk.services.workspaces.update(READDED, (s) => ({ ...s, eraseOnUninstall: true }));
    // Added back (its team_access_granted lost); its first request is served by the org.
    app.clock.advance(2 * 60_000);
    await orgCommand('new Printer offline', 'U0ORGUSER1', '/ticket', READDED);
    // Slack's retry of the removal.
    app.clock.advance(60_000);
    await teamAccessRevoked([READDED], { eventId: 'Ev0TWICE001', eventTime: sentAt, retryNum: 1 });
    expect((await stored(ORG.enterpriseId!))!.teams).toContain(READDED);
    expect(await app.db.models.workspaces.countDocuments({ teamId: READDED })).toBe(1);
  });

  test('a workspace listed on the org install before the time it was added was kept: its next event notes when the install reached it, so a late removal sent before then does not stop it', async () => {
    const LISTED = 'T0INITECH2';
    await install('code-org', ORG);
    await orgCommand('new Printer offline', 'U0ORGUSER1', '/ticket', LISTED); // served by the org
    await app.desk.services.workspaces.update(LISTED, (s) => ({ ...s, eraseOnUninstall: true }));
    // As the previous version stored it: listed, with no time it was added.
    await app.db.models.installations.updateOne(
      { key: ORG.enterpriseId! },
      { $unset: { [`teamsAddedAt.${LISTED}`]: '' } },
    );
    expect((await stored(ORG.enterpriseId!))!.teamsAddedAt?.[LISTED]).toBeUndefined();

    // Before this version: an org admin removed the app from LISTED at 02:10 (Slack's delivery
    // did not get through) and added it back at 02:12 (no time kept then).
    app.clock.advance(10 * 60_000);
    const removedAt = slackNow();
    app.clock.advance(2 * 60_000);
    // Someone in LISTED opens the desk's Home: Slack sends the event to the org install.
    const opened = await app.slack.eventDelivery(
      { type: 'app_home_opened', user: 'U0ORGUSER1', channel: 'D0ORGHOME1', tab: 'home' },
      {
        eventId: 'Ev0ORGHOME01',
        installedTeamId: LISTED,
        eventTime: slackNow(),
        org: { enterpriseId: ORG.enterpriseId!, botUserId: ORG.botUserId },
      },
    );
    expect(opened.status).toBe(200);
    expect(app.fake.callsTo('views.publish').at(-1)!.token).toBe(ORG.botToken);
    // Slack's retry of the 02:10 removal comes a minute later: LISTED goes on, its data kept.
    app.clock.advance(60_000);
    const retry = await teamAccessRevoked([LISTED], {
      eventId: 'Ev0LEGACY001',
      eventTime: removedAt,
      retryNum: 1,
    });
    expect(retry.status).toBe(200);
    expect((await stored(ORG.enterpriseId!))!.teams).toContain(LISTED);
    expect(await app.db.models.workspaces.countDocuments({ teamId: LISTED })).toBe(1);
    app.fake.reset();
    await orgCommand('new Printer offline', 'U0ORGUSER1', '/ticket', LISTED);
    expect(app.fake.callsTo('views.open').map((c) => c.token)).toEqual([ORG.botToken]);

    // A removal sent after that event still stops it (and erases its data, as it chose).
    app.clock.advance(60_000);
    expect((await teamAccessRevoked([LISTED])).status).toBe(200);
    expect((await stored(ORG.enterpriseId!))!.teams).not.toContain(LISTED);
    expect(await app.db.models.workspaces.countDocuments({ teamId: LISTED })).toBe(0);
  });

  const uninstallEvent = (teamId: string, type: 'app_uninstalled' | 'tokens_revoked') =>
    stopEvent(teamId, type);

  for (const type of ['app_uninstalled', 'tokens_revoked'] as const)
    test(`${type}: the command is not served, the job skips it, its pending messages are dropped`, async () => {
      await install('code-acme', ACME);
      await install('code-globex', GLOBEX);
      for (const w of [ACME, GLOBEX]) await app.desk.services.workspaces.settings(w.teamId!);
      // Something owed to Acme, not sent yet.
      const ctx = await jobContext(ACME.teamId!);
      await app.desk.services.outbox.enqueue(ctx, [
        { key: 'owed', kind: 'message', to: 'C0OWED0001', data: { message: { text: 'owed' } } },
      ]);
      app.fake.reset();

      const sentAt = slackNow();
      const res = await uninstallEvent(ACME.teamId!, type);
      expect(res.status).toBe(200);
      expect(app.fake.calls.filter((c) => c.method !== 'response_url')).toEqual([]);
      const record = await stored(ACME.teamId!);
      expect(record).toMatchObject({
        state: type === 'app_uninstalled' ? 'uninstalled' : 'revoked',
        stoppedBy: type,
      });
      // Data kept: the install record and the workspace's settings are still there.
      expect(await app.db.models.workspaces.countDocuments({ teamId: ACME.teamId })).toBe(1);
      // The pending message is dropped with the reason, never sent.
      const owed = await app.db.models.outbox.findOne({ teamId: ACME.teamId, key: 'owed' }).lean();
      expect(owed).toMatchObject({ state: 'dropped', lastError: `workspace ${record!.state}` });

      // A command from Acme is not served (Slack keeps the app and its commands when only the
      // token is revoked): the person is told why nothing happened, and how it comes back; no
      // Web API call is made. Globex still is served.
      const refused = await openSettings(ACME.teamId!, ACME.installerUserId);
      expect(refused.opened).toEqual([]);
      expect(refused.res.body).toMatchObject({ response_type: 'ephemeral' });
      expect(refused.res.body.text).toContain('The desk is not connected to this workspace');
      expect(refused.res.body.text).toContain('installing the app');
      expect(app.fake.calls).toEqual([]);
      expect((await openSettings(GLOBEX.teamId!, GLOBEX.installerUserId)).opened).toHaveLength(1);
      expect(
        (await openSettings(GLOBEX.teamId!, GLOBEX.installerUserId)).res.body,
        'a served command is acked empty as before',
      ).toBe('');

      // Jobs skip Acme.
      app.clock.set('2026-11-24T01:00:30Z');
      app.fake.reset();
      const runs = await runDue(jobDeps(app), [helloJob]);
      expect(runs.filter((r) => r.ran).map((r) => r.teamId)).toEqual([GLOBEX.teamId]);
      await app.desk.outbox.drain();
      expect(app.fake.tookCalls('chat.postMessage').map((p) => p.token)).toEqual([GLOBEX.botToken]);

      // Slack's other event for the same removal, sent with it (Acme chose erase meanwhile): a
      // tokens_revoked after the uninstall changes nothing, its data kept; an app_uninstalled
      // after the revocation uninstalls Acme and erases its data as asked (its install record
      // with the rest). A reinstall serves Acme again.
      await app.desk.services.workspaces.update(ACME.teamId!, (s) => ({
        ...s,
        eraseOnUninstall: true,
      }));
      const other = type === 'app_uninstalled' ? 'tokens_revoked' : 'app_uninstalled';
      expect((await stopEvent(ACME.teamId!, other, { eventTime: sentAt })).status).toBe(200);
      expect([
        (await stored(ACME.teamId!))?.state,
        await app.db.models.workspaces.countDocuments({ teamId: ACME.teamId }),
      ]).toEqual(type === 'app_uninstalled' ? ['uninstalled', 1] : [undefined, 0]);
      await install('code-again', ACME);
      expect((await openSettings(ACME.teamId!, ACME.installerUserId)).opened[0]!.token).toBe(
        ACME.botToken,
      );
    });

  for (const type of ['app_uninstalled', 'tokens_revoked'] as const)
    test(`${type} retried by Slack after the workspace installed the app again does not stop the new install`, async () => {
      await install('code-acme', ACME);
      // Acme chose to be forgotten on uninstall; something is owed to it.
      await app.desk.services.workspaces.update(ACME.teamId!, (s) => ({
        ...s,
        eraseOnUninstall: true,
      }));
      await app.desk.services.outbox.enqueue(await jobContext(ACME.teamId!), [
        { key: 'owed', kind: 'message', to: 'C0OWED0001', data: { message: { text: 'owed' } } },
      ]);

      // An admin removes the app (or its token) at 02:10; Slack's first delivery does not get
      // through (the desk restarting), so Slack will send it again.
      app.clock.advance(10 * 60_000);
      const sentAt = slackNow();
      const eventId = `Ev0LATE${type === 'app_uninstalled' ? 'UNIN' : 'REVK'}`;
      // Two minutes later the admin installs the app again; Slack's retry comes a minute after.
      app.clock.advance(2 * 60_000);
      await install('code-again', ACME);
      app.clock.advance(60_000);
      const retry = await stopEvent(ACME.teamId!, type, {
        eventId,
        eventTime: sentAt,
        retryNum: 1,
      });
      expect(retry.status).toBe(200);

      // The new install goes on: Acme's commands are answered with its token, the owed message
      // is still to be sent, its data is kept.
      expect((await stored(ACME.teamId!))!.state).toBe('active');
      expect((await openSettings(ACME.teamId!, ACME.installerUserId)).opened[0]!.token).toBe(
        ACME.botToken,
      );
      const owed = await app.db.models.outbox.findOne({ teamId: ACME.teamId, key: 'owed' }).lean();
      expect(owed!.state).toBe('pending');
      expect(await app.db.models.workspaces.countDocuments({ teamId: ACME.teamId })).toBe(1);
      expect(
        app.logs.some((l) => String(l.msg).includes('sent before the app was installed again')),
      ).toBe(true);

      // Removed again later: that event (sent after the reinstall) stops it (an uninstall
      // erases Acme's data, as it chose).
      app.clock.advance(60_000);
      expect((await stopEvent(ACME.teamId!, type)).status).toBe(200);
      expect((await openSettings(ACME.teamId!, ACME.installerUserId)).opened).toEqual([]);
      expect(await app.db.models.workspaces.countDocuments({ teamId: ACME.teamId })).toBe(
        type === 'app_uninstalled' ? 0 : 1,
      );
    });

  /** How many times the desk erased a workspace after an uninstall (its log lines). */
  const erasures = () =>
    app.logs.filter((l) => String(l.msg).startsWith('data erased after the uninstall')).length;

  for (const order of [
    ['tokens_revoked', 'app_uninstalled'],
    ['app_uninstalled', 'tokens_revoked'],
    ['tokens_revoked', 'tokens_revoked', 'app_uninstalled', 'app_uninstalled', 'tokens_revoked'],
  ] as const)
    test(`Slack's events for one uninstall in the order ${order.join(', ')}: uninstalled, erased once where asked`, async () => {
      await install('code-acme', ACME);
      await install('code-globex', GLOBEX);
      // Acme chose to be forgotten on uninstall; Globex keeps the default (keep).
      await app.desk.services.workspaces.update(ACME.teamId!, (s) => ({
        ...s,
        eraseOnUninstall: true,
      }));
      await app.desk.services.workspaces.settings(GLOBEX.teamId!);
      const stoppedAt = app.clock.now();
      for (const type of order) {
        for (const w of [ACME, GLOBEX]) expect((await stopEvent(w.teamId!, type)).status).toBe(200);
        app.clock.advance(1_000);
      }
      // Whichever came first: Globex's install is uninstalled (since the first event), its data
      // kept; Acme's data is erased (its install record with the rest), once.
      expect(await stored(GLOBEX.teamId!)).toMatchObject({
        state: 'uninstalled',
        stoppedBy: 'app_uninstalled',
        stoppedAt,
      });
      expect(await app.db.models.workspaces.countDocuments({ teamId: GLOBEX.teamId })).toBe(1);
      expect(await stored(ACME.teamId!)).toBeNull();
      expect(await app.db.models.workspaces.countDocuments({ teamId: ACME.teamId })).toBe(0);
      expect(erasures()).toBe(1);
    });

  test('an app_uninstalled after Slack refused the bot token (the install already revoked): uninstalled and erased as asked', async () => {
    await install('code-acme', ACME);
    await app.desk.services.workspaces.update(ACME.teamId!, (s) => ({
      ...s,
      eraseOnUninstall: true,
    }));
    await app.desk.services.outbox.enqueue(await jobContext(ACME.teamId!), [
      { key: 'owed', kind: 'message', to: 'C0OWED0001', data: { message: { text: 'owed' } } },
    ]);
    // The app removed: a message sent before Slack's event arrives is refused.
    app.fake.revokeToken(ACME.botToken);
    expect((await app.desk.outbox.drain()).dropped).toBe(1);
    expect(await stored(ACME.teamId!)).toMatchObject({ state: 'revoked' });
    expect(await app.db.models.workspaces.countDocuments({ teamId: ACME.teamId })).toBe(1);

    app.clock.advance(1_000);
    expect((await stopEvent(ACME.teamId!, 'app_uninstalled')).status).toBe(200);
    expect(await app.db.models.workspaces.countDocuments({ teamId: ACME.teamId })).toBe(0);
    expect(await stored(ACME.teamId!)).toBeNull();
    expect(erasures()).toBe(1);
  });

  test('an app_uninstalled retried after a reinstall that was revoked since: still revoked, nothing erased', async () => {
    await install('code-acme', ACME);
    await app.desk.services.workspaces.update(ACME.teamId!, (s) => ({
      ...s,
      eraseOnUninstall: true,
    }));
    // Removed at 02:10; Slack's app_uninstalled does not get through then.
    app.clock.advance(10 * 60_000);
    const sentAt = slackNow();
    // Installed again two minutes later, and its token revoked a minute after that.
    app.clock.advance(2 * 60_000);
    await install('code-again', ACME);
    app.clock.advance(60_000);
    expect((await stopEvent(ACME.teamId!, 'tokens_revoked')).status).toBe(200);
    expect((await stored(ACME.teamId!))!.state).toBe('revoked');

    // Slack's retry of the 02:10 uninstall: older than the reinstall, it changes nothing.
    app.clock.advance(60_000);
    const retry = await stopEvent(ACME.teamId!, 'app_uninstalled', {
      eventId: 'Ev0LATEUNRV',
      eventTime: sentAt,
      retryNum: 1,
    });
    expect(retry.status).toBe(200);
    expect(await stored(ACME.teamId!)).toMatchObject({
      state: 'revoked',
      stoppedBy: 'tokens_revoked',
    });
    expect(await app.db.models.workspaces.countDocuments({ teamId: ACME.teamId })).toBe(1);
    expect(erasures()).toBe(0);

    // The uninstall of the new install (sent after it) does erase.
    expect((await stopEvent(ACME.teamId!, 'app_uninstalled')).status).toBe(200);
    expect(await app.db.models.workspaces.countDocuments({ teamId: ACME.teamId })).toBe(0);
    expect(erasures()).toBe(1);
  });

  test('an org-wide install whose tokens_revoked comes before its app_uninstalled: uninstalled, each workspace erased or kept as it chose', async () => {
    const KEPT = 'T0INITECH2';
    await install('code-org', ORG);
    for (const team of [ORG_TEAM, KEPT])
      await orgCommand('new Printer offline', 'U0ORGUSER1', '/ticket', team); // served by the org
    await app.desk.services.workspaces.update(ORG_TEAM, (s) => ({ ...s, eraseOnUninstall: true }));

    const sentAt = slackNow();
    expect((await orgUninstalled('Ev0ORGREVK1', `${sentAt}.000400`, 'tokens_revoked')).status).toBe(
      200,
    );
    expect((await stored(ORG.enterpriseId!))!.state).toBe('revoked');
    expect(await app.db.models.workspaces.countDocuments({ teamId: ORG_TEAM })).toBe(1);
    app.clock.advance(1_000);
    expect((await orgUninstalled('Ev0ORGUNIN3', `${sentAt}.000500`)).status).toBe(200);
    expect((await stored(ORG.enterpriseId!))!.state).toBe('uninstalled');
    expect(await app.db.models.workspaces.countDocuments({ teamId: ORG_TEAM })).toBe(0);
    expect(await app.db.models.workspaces.countDocuments({ teamId: KEPT })).toBe(1);
    expect(erasures()).toBe(1);
  });

  test('an uninstall erases the workspace’s data when its settings say so, and only that workspace’s', async () => {
    await install('code-acme', ACME);
    await install('code-globex', GLOBEX);
    for (const w of [ACME, GLOBEX]) {
      const ctx = await jobContext(w.teamId!);
      await app.desk.services.outbox.enqueue(ctx, [
        { key: 'kept', kind: 'message', to: 'C0KEPT0001', data: { message: { text: 'x' } } },
      ]);
    }
    // Acme chose to be forgotten on uninstall; Globex keeps the default (keep).
    await app.desk.services.workspaces.update(ACME.teamId!, (s) => ({
      ...s,
      eraseOnUninstall: true,
    }));
    const held = (teamId: string) =>
      Promise.all([
        app.db.models.workspaces.countDocuments({ teamId }),
        app.db.models.outbox.countDocuments({ teamId }),
      ]);
    expect(await held(ACME.teamId!)).toEqual([1, 1]);

    await uninstallEvent(GLOBEX.teamId!, 'app_uninstalled');
    expect(await held(GLOBEX.teamId!)).toEqual([1, 1]);

    // A revocation keeps the data whatever the setting (it may be undone); the uninstall erases.
    await uninstallEvent(ACME.teamId!, 'tokens_revoked');
    expect(await held(ACME.teamId!)).toEqual([1, 1]);
    await install('code-again', ACME);
    await uninstallEvent(ACME.teamId!, 'app_uninstalled');
    expect(await held(ACME.teamId!)).toEqual([0, 0]);
    expect(await held(GLOBEX.teamId!)).toEqual([1, 1]);
  });

  test('an entry leased for a workspace uninstalled meanwhile is dropped, not sent', async () => {
    await install('code-acme', ACME);
    const ctx = await jobContext(ACME.teamId!);
    await app.desk.services.outbox.enqueue(ctx, [
      { key: 'late', kind: 'message', to: 'C0LATE0001', data: { message: { text: 'late' } } },
    ]);
    // Stopped on "another instance": straight in the database, past this instance's cache.
    await app.db.models.installations.updateOne(
      { key: ACME.teamId },
      { $set: { state: 'revoked' } },
    );
    app.clock.set(new Date(app.clock.now().getTime() + 10_000).toISOString());
    app.fake.reset();
    const result = await app.desk.outbox.drain();
    expect(result.dropped).toBe(1);
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
    expect((await app.db.models.outbox.findOne({ key: 'late' }).lean())!.state).toBe('dropped');
  });
});

describe('a workspace whose bot token Slack refuses for good, its tokens_revoked never received', () => {
  // The app removed while the desk was down: Slack gave up delivering app_uninstalled, and now
  // answers every call with the old token `token_revoked`.
  test('its pending messages are dropped at the first refusal, not retried; its jobs stop; other workspaces go on', async () => {
    await install('code-acme', ACME);
    await install('code-globex', GLOBEX);
    for (const w of [ACME, GLOBEX]) await app.desk.services.workspaces.settings(w.teamId!);
    const ctx = await jobContext(ACME.teamId!);
    await app.desk.services.outbox.enqueue(ctx, [
      { key: 'owed', kind: 'message', to: 'C0OWED0001', data: { message: { text: 'owed' } } },
    ]);
    app.fake.revokeToken(ACME.botToken);

    const first = await app.desk.outbox.drain();
    expect(first.dropped).toBe(1);
    expect((await app.db.models.outbox.findOne({ key: 'owed' }).lean())!.state).toBe('dropped');
    expect(await stored(ACME.teamId!)).toMatchObject({ state: 'revoked' });
    // Nothing is tried again later, and Acme's daily jobs no longer run; Globex's do.
    app.clock.set('2026-11-24T01:00:30Z');
    app.fake.reset();
    app.fake.revokeToken(ACME.botToken);
    const runs = await runDue(jobDeps(app), [helloJob]);
    expect(runs.filter((r) => r.ran).map((r) => r.teamId)).toEqual([GLOBEX.teamId]);
    await app.desk.outbox.drain();
    expect(app.fake.calls.filter((c) => c.token === ACME.botToken)).toEqual([]);
    expect(app.fake.tookCalls('chat.postMessage').map((p) => p.token)).toEqual([GLOBEX.botToken]);

    // Acme installs the app again: served with the new token.
    await install('code-again', { ...ACME, botToken: 'xoxb-acme-0001-renewed' });
    expect((await openSettings(ACME.teamId!, ACME.installerUserId)).opened[0]!.token).toBe(
      'xoxb-acme-0001-renewed',
    );
  });

  test('a command there says the desk is no longer connected, not to try again', async () => {
    await install('code-acme', ACME);
    app.fake.reset();
    app.fake.revokeToken(ACME.botToken);
    const res = await app.slack.command('/desk', 'settings', {
      teamId: ACME.teamId!,
      userId: ACME.installerUserId,
    });
    expect(app.fake.callsTo('views.open').map((c) => c.outcome)).toEqual(['error']);
    expect(res.body.text).toContain('The desk is not connected to this workspace');
    expect(res.body.text).not.toContain('try again');
    expect(await stored(ACME.teamId!)).toMatchObject({ state: 'revoked' });
    // The next command is refused before any call with the dead token.
    app.fake.calls.length = 0;
    const next = await app.slack.command('/ticket', 'mine', {
      teamId: ACME.teamId!,
      userId: ACME.installerUserId,
    });
    expect(next.body.text).toContain('The desk is not connected to this workspace');
    expect(app.fake.calls.filter((c) => c.token === ACME.botToken)).toEqual([]);
  });

  test('a refusal of a token the workspace has replaced since (a reinstall) stops nothing', async () => {
    await install('code-acme', ACME);
    await app.desk.services.workspaces.settings(ACME.teamId!);
    await app.desk.services.outbox.enqueue(await jobContext(ACME.teamId!), [
      { key: 'owed', kind: 'message', to: 'C0OWED0001', data: { message: { text: 'owed' } } },
    ]);
    // Reinstalled on another instance after this one read the old token.
    await app.desk.services.installations.forTeam(ACME.teamId!);
    await install('code-again', { ...ACME, botToken: 'xoxb-acme-0001-renewed' });
    app.fake.revokeToken(ACME.botToken);
    expect(
      await app.desk.services.installations.tokenRefused(
        ACME.teamId!,
        ACME.botToken,
        'token_revoked',
      ),
    ).toBeUndefined();
    expect(await stored(ACME.teamId!)).toMatchObject({ state: 'active' });
    await app.desk.outbox.drain();
    expect(app.fake.tookCalls('chat.postMessage').map((p) => p.token)).toEqual([
      'xoxb-acme-0001-renewed',
    ]);
  });
});

describe('an org-wide install no longer granted a workspace, its team_access_revoked never received', () => {
  // An org admin removed the app from one workspace of the org while the desk was down: Slack
  // gave up delivering team_access_revoked, and now refuses the org's token there
  // (`team_access_not_granted`) while the org's other workspaces go on.
  const KEPT = 'T0INITECH2';
  const GONE = 'T0INITECH3';
  const channelOf = (team: string) => `C0${team.slice(-6)}`;

  async function threeWorkspaces() {
    await install('code-org', ORG);
    for (const team of [ORG_TEAM, KEPT, GONE]) {
      await orgCommand('new Printer offline', 'U0ORGUSER1', '/ticket', team); // served by the org
      await app.desk.services.outbox.enqueue(await jobContext(team), [
        { key: 'owed', kind: 'message', to: channelOf(team), data: { message: { text: 'x' } } },
      ]);
    }
    app.fake.reset();
    app.fake.refuseChannel(channelOf(GONE), 'team_access_not_granted');
  }
  const owed = async (teamId: string) =>
    (await app.db.models.outbox.findOne({ teamId, key: 'owed' }).lean())?.state;

  test('that workspace’s messages are dropped at the first refusal, not retried; its jobs stop; the org’s other workspaces go on', async () => {
    await threeWorkspaces();
    app.fake.orgTeams.set(ORG.botToken, [ORG_TEAM, KEPT]);

    const first = await app.desk.outbox.drain();
    expect(first.dropped).toBe(1);
    expect(await owed(GONE)).toBe('dropped');
    expect(await owed(ORG_TEAM)).toBe('sent');
    expect(await owed(KEPT)).toBe('sent');
    // The org install goes on, without that workspace; its data is kept.
    expect(await stored(ORG.enterpriseId!)).toMatchObject({
      state: 'active',
      teams: [ORG_TEAM, KEPT],
    });
    expect(await app.db.models.workspaces.countDocuments({ teamId: GONE })).toBe(1);
    // The operator is told which workspace, of which org, and what brings it back.
    const line = app.logs.find((l) => String(l.msg).includes('no longer granted'));
    expect(line).toMatchObject({ teamId: GONE, enterpriseId: ORG.enterpriseId });
    expect(String(line!.msg)).toContain('org admin');

    // Nothing is tried again there later, and its daily jobs no longer run; the others' do.
    app.clock.set('2026-11-24T01:00:30Z');
    app.fake.reset();
    const runs = await runDue(jobDeps(app), [helloJob]);
    expect(
      runs
        .filter((r) => r.ran)
        .map((r) => r.teamId)
        .sort(),
    ).toEqual([ORG_TEAM, KEPT].sort());

    // The org admin adds the workspace again: its next request serves it, its jobs run again.
    await orgCommand('new Printer offline', 'U0ORGUSER1', '/ticket', GONE);
    expect((await stored(ORG.enterpriseId!))!.teams).toContain(GONE);
  });

  test('a refusal in a workspace Slack still lists as granted stops nothing: retried as any failure', async () => {
    await threeWorkspaces();
    app.fake.orgTeams.set(ORG.botToken, [ORG_TEAM, KEPT, GONE]);
    await app.desk.outbox.drain();
    const entry = await app.db.models.outbox.findOne({ teamId: GONE, key: 'owed' }).lean();
    expect(entry).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastError: 'team_access_not_granted',
    });
    expect((await stored(ORG.enterpriseId!))!.teams).toContain(GONE);
  });
});

describe('key rotation', () => {
  test('a token sealed with the old key still opens once a new key is put first; resealing moves it to the new key', async () => {
    await install('code-acme', ACME);
    const NEW_KEY = `k2:${randomBytes(32).toString('base64')}`;
    const config = loadConfig({
      ...OAUTH_ENV,
      SLACK_SIGNING_SECRET: 'x'.repeat(16),
      CARE_DESK_TOKEN_KEYS: `${NEW_KEY},${OLD_KEY}`,
    });
    const rotated = createServices(app.db, seedFromConfig(config), app.clock, {
      tokenCipher: new TokenCipher(parseTokenKeys(config.CARE_DESK_TOKEN_KEYS!)),
    });
    expect((await rotated.installations.forTeam(ACME.teamId!))!.botToken).toBe(ACME.botToken);
    expect(await rotated.installations.reseal()).toEqual({
      resealed: 1,
      unreadable: [],
      skipped: [],
    });
    const record = await stored(ACME.teamId!);
    expect(record!.botToken).toMatch(/^v1:k2:/);
    // With only the new key, it opens; the old key alone no longer does.
    const onlyNew = new TokenCipher(parseTokenKeys(NEW_KEY));
    expect(onlyNew.open(record!.botToken, ACME.teamId!)).toBe(ACME.botToken);
    expect(() =>
      new TokenCipher(parseTokenKeys(OLD_KEY)).open(record!.botToken, ACME.teamId!),
    ).toThrow();
  });

  test('a token no key opens (its key dropped from CARE_DESK_TOKEN_KEYS): the cause is logged once, naming the install, not as "no active install"', async () => {
    await install('code-acme', ACME);
    // Sealed with a key the desk no longer lists (a rotation that dropped it too early).
    const lost = new TokenCipher(parseTokenKeys(`k9:${randomBytes(32).toString('base64')}`));
    await app.db.models.installations.updateOne(
      { key: ACME.teamId },
      { $set: { botToken: lost.seal(ACME.botToken, ACME.teamId!) } },
    );
    app.logs.length = 0;
    for (let i = 0; i < 3; i++) {
      app.clock.advance(10_000); // past the few seconds an install is trusted as read
      const res = await app.slack.command('/ticket', 'help', { teamId: ACME.teamId! });
      expect(res.status).toBe(200);
    }
    const cause = app.logs.filter((l) => l.level === 50 && l.key === ACME.teamId);
    expect(cause).toHaveLength(1);
    expect(cause[0]!.msg).toContain(`install ${ACME.teamId}`);
    expect(cause[0]!.msg).toContain('key k9 is not in CARE_DESK_TOKEN_KEYS');
    const refused = app.logs.filter((l) => l.msg.startsWith('request not authorized'));
    expect(refused.map((l) => [l.msg, l.key])).toEqual(
      Array(3).fill([
        'request not authorized: the install’s stored token cannot be opened (CARE_DESK_TOKEN_KEYS)',
        ACME.teamId,
      ]),
    );
    expect(app.rawLogs.join('')).not.toContain(ACME.botToken);
  });

  test('a token no key opens: its workspace’s jobs wait and its messages are held, not given up; installed again, they go out and the jobs catch up', async () => {
    await install('code-acme', ACME);
    await install('code-globex', GLOBEX);
    for (const w of [ACME, GLOBEX]) await app.desk.services.workspaces.settings(w.teamId!);
    await app.desk.services.outbox.enqueue(await jobContext(ACME.teamId!), [
      { key: 'owed', kind: 'message', to: 'C0OWED0001', data: { message: { text: 'owed' } } },
    ]);
    const lost = new TokenCipher(parseTokenKeys(`k9:${randomBytes(32).toString('base64')}`));
    await app.db.models.installations.updateOne(
      { key: ACME.teamId },
      { $set: { botToken: lost.seal(ACME.botToken, ACME.teamId!) } },
    );
    app.clock.set('2026-11-24T01:00:30Z'); // 09:00:30 in Shanghai: the daily slot of both
    app.fake.reset();
    app.logs.length = 0;
    const runs = await runDue(jobDeps(app), [helloJob]);
    expect(runs.filter((r) => r.ran).map((r) => r.teamId)).toEqual([GLOBEX.teamId]);

    // Three hours of the outbox's passes: Acme's message is held, never given up.
    for (let i = 0; i < 12; i++) {
      await app.desk.outbox.drain();
      app.clock.advance(15 * 60_000);
    }
    const owed = () => app.db.models.outbox.findOne({ teamId: ACME.teamId, key: 'owed' }).lean();
    expect(await owed()).toMatchObject({ state: 'pending', attempts: 0 });
    expect(app.logs.filter((l) => String(l.msg).includes('given up'))).toEqual([]);
    // The cause is said once, with what it holds and what brings it back.
    const cause = app.logs.filter((l) => l.level === 50 && l.key === ACME.teamId);
    expect(cause).toHaveLength(1);
    expect(cause[0]!.msg).toContain('messages are held');

    // An admin installs the app again: the held message goes out, the day's job catches up.
    await install('code-again', ACME);
    app.fake.reset();
    app.clock.advance(5 * 60_000);
    await app.desk.outbox.drain();
    expect(await owed()).toMatchObject({ state: 'sent' });
    const again = await runDue(jobDeps(app), [helloJob]);
    expect(again.filter((r) => r.ran).map((r) => r.teamId)).toEqual([ACME.teamId]);
    await app.desk.outbox.drain();
    expect(app.fake.tookCalls('chat.postMessage').map((p) => [p.token, p.args.channel])).toEqual([
      [ACME.botToken, 'C0OWED0001'],
      [ACME.botToken, 'C0HELLO001'],
    ]);
  });

  test('a reinstall saved by another instance while this one seals tokens again keeps its new token', async () => {
    await install('code-acme', ACME);
    // An instance restarted with the new key first seals Acme's token again at start-up...
    const NEW_KEY = `k2:${randomBytes(32).toString('base64')}`;
    const repo = new InstallationRepository(app.db.models.installations);
    const rotating = new InstallationService(
      repo,
      app.clock,
      new TokenCipher(parseTokenKeys(`${NEW_KEY},${OLD_KEY}`)),
      app.desk.services.outbox,
    );
    // ...and right after it read the installs, Acme's admin installs the app again through an
    // instance not restarted yet (old key first), and Slack gives a new token.
    const RENEWED = 'xoxb-acme-0001-renewed';
    const read = repo.all.bind(repo);
    repo.all = async () => {
      const records = await read();
      await install('code-again', { ...ACME, botToken: RENEWED });
      return records;
    };
    const outcome = await rotating.reseal();

    // The restarted instance serves Acme with the new token (the one it read before is gone),
    // now sealed with the new key.
    app.clock.advance(10_000);
    expect((await rotating.forTeam(ACME.teamId!))!.botToken).toBe(RENEWED);
    const record = await stored(ACME.teamId!);
    expect(record!.botToken).toMatch(/^v1:k2:/);
    expect(new TokenCipher(parseTokenKeys(NEW_KEY)).open(record!.botToken, ACME.teamId!)).toBe(
      RENEWED,
    );
    expect(outcome).toEqual({ resealed: 1, unreadable: [], skipped: [] });
  });
});

describe('an org-wide install (Enterprise Grid): a click, a command, a submission and an options load', () => {
  /** Another workspace of the org: a Grid person's home workspace, which Slack puts in their requests. */
  const HOME = 'T0INITECH2';
  const E = ORG.enterpriseId!;
  const PERSON = 'U0GRIDADM1';
  const CHANNEL = 'C0GRIDCHN1';

  /**
   * How Slack says where a request of an org-wide install comes from: `team` (the workspace, or
   * null), the person's team (`user.team_id`: the workspace, their home workspace, or the org's
   * own id) and the view's.
   */
  interface Where {
    team: string | null;
    userTeam: string;
    viewTeam?: string;
    enterprise?: string;
    /** Who (PERSON unless said). */
    user?: string;
  }
  const sameWorkspace: Where = { team: ORG_TEAM, userTeam: ORG_TEAM, viewTeam: ORG_TEAM };
  const homeWorkspace: Where = { team: ORG_TEAM, userTeam: HOME, viewTeam: ORG_TEAM };
  const orgOnly: Where = { team: null, userTeam: E, viewTeam: E };

  function orgPayload(where: Where, payload: Record<string, unknown>) {
    const enterprise = where.enterprise ?? E;
    const body = {
      ...payload,
      team: where.team === null ? null : { id: where.team, domain: 'initech' },
      user: {
        id: where.user ?? PERSON,
        username: 'gridadm',
        name: 'gridadm',
        team_id: where.userTeam,
      },
      api_app_id: 'A0APP00001',
      token: 'legacy-verification-token',
      enterprise: { id: enterprise, name: 'Initech' },
      is_enterprise_install: true,
    };
    return app.slack.post(
      new URLSearchParams({ payload: JSON.stringify(body) }).toString(),
      'application/x-www-form-urlencoded',
    );
  }

  const click = (where: Where, code: string) =>
    orgPayload(where, {
      type: 'block_actions',
      container: {
        type: 'message',
        message_ts: '1700000000.000100',
        channel_id: CHANNEL,
        is_ephemeral: false,
      },
      trigger_id: '1337.GRID',
      channel: { id: CHANNEL, name: 'support' },
      message: { type: 'message', ts: '1700000000.000100', text: '' },
      response_url: app.fake.responseUrl(),
      state: { values: {} },
      actions: [
        {
          type: 'button',
          block_id: 'customer_actions',
          action_id: 'customer_channel_open',
          value: code,
          action_ts: '1700000000.000200',
        },
      ],
    });

  const submit = (where: Where, view: Record<string, any>) =>
    orgPayload(where, {
      type: 'view_submission',
      trigger_id: '1337.GRID',
      view: {
        ...view,
        id: 'V0GRIDVIEW',
        ...(where.viewTeam ? { team_id: where.viewTeam } : {}),
        state: {
          values: app.slack.viewState(view, { channel: CHANNEL, intake: 'emoji', emoji: ':eyes:' }),
        },
        hash: 'h1',
        previous_view_id: null,
      },
      response_urls: [],
    });

  const options = (where: Where) =>
    orgPayload(where, {
      type: 'block_suggestion',
      container: { type: 'view', view_id: 'V0GRIDVIEW' },
      action_id: 'customer_picker',
      block_id: 'customer',
      value: 'C2026',
      view: {
        id: 'V0GRIDVIEW',
        type: 'modal',
        callback_id: 'ticket_create',
        state: { values: {} },
        ...(where.viewTeam ? { team_id: where.viewTeam } : {}),
      },
    });

  /** `/customer <code>` from the org-wide install: the workspace's team id (or the org's). */
  async function command(teamId: string, code: string) {
    const responseUrl = app.fake.responseUrl();
    const fields = {
      ...slashCommandPayload('/customer', code, { teamId, userId: PERSON }, responseUrl),
      enterprise_id: E,
      is_enterprise_install: 'true',
    };
    const res = await app.slack.post(
      new URLSearchParams(fields).toString(),
      'application/x-www-form-urlencoded',
    );
    if (res.body && typeof res.body === 'object') return res;
    const target = responseUrl.split('/').at(-1);
    const answer = app.fake.callsTo('response_url').find((c) => c.target === target);
    return answer ? { status: res.status, body: answer.args } : res;
  }

  /** Each place of the org keeps its own customer (all C2026001), and PERSON runs its desk. */
  async function setUp() {
    await install('code-org', ORG);
    // The person's home workspace is one the org install serves (an org admin added it).
    expect((await orgCommand('help', 'U0ORGUSER2', '/ticket', HOME)).status).toBe(200);
    const names: Record<string, string> = {
      [ORG_TEAM]: 'Initech Printers',
      [HOME]: 'Initech Home Office',
      [E]: 'Initech Group Purchasing',
    };
    for (const [teamId, name] of Object.entries(names)) {
      await app.desk.services.workspaces.update(teamId, (s) => ({ ...s, admins: [PERSON] }));
      await customerInTeam(app, teamId, PERSON, name);
    }
    app.fake.channels.set(CHANNEL, { is_member: true });
    app.fake.reset();
    return names;
  }

  /** A view of the org's for linking a channel, as its own person was shown it. */
  const channelView = {
    type: 'modal',
    callback_id: 'customer_channel',
    private_metadata: JSON.stringify({ code: 'C2026001' }),
    title: { type: 'plain_text', text: 'Channel' },
    blocks: [],
  };

  /**
   * A Grid person whose home workspace `far` no install has seen (Slack says they are of the org),
   * an admin of ORG_TEAM: where their requests come from.
   */
  async function gridPerson(far: string, user: string): Promise<Where> {
    app.fake.users.set(user, { id: user, enterprise: { id: E, teams: [far] } });
    await app.desk.services.workspaces.update(ORG_TEAM, (s) => ({ ...s, admins: [user] }));
    return { ...homeWorkspace, userTeam: far, user };
  }

  /**
   * Slack answering the next `calls` users.info slowly (each held until released); `giveUp` ends
   * the org lookups' waits (0.8 s in production), `end` releases whatever is still held.
   */
  function slowSlack(calls: number) {
    lookupWaits.length = 0;
    const held = Array.from({ length: calls }, () => app.fake.holdNext('users.info'));
    const giveUp = () => lookupWaits.splice(0).forEach((over) => over());
    return {
      held,
      giveUp,
      end: () => {
        held.forEach((h) => h.release());
        giveUp();
      },
    };
  }

  for (const [label, where, key] of [
    ['the person’s team is the workspace', sameWorkspace, ORG_TEAM],
    ['the person’s team is their home workspace, another of the org', homeWorkspace, ORG_TEAM],
    ['no team, the org’s own id where the workspace would be', orgOnly, E],
  ] as const) {
    test(`${label}: each is served for its workspace, with its data and the org’s token`, async () => {
      const names = await setUp();
      const name = names[key]!;

      const clicked = await click(where, 'C2026001');
      expect(clicked.status).toBe(200);
      const opened = app.fake.callsTo('views.open');
      expect(opened.map((c) => c.token)).toEqual([ORG.botToken]);
      const view = opened[0]!.args.view as Record<string, any>;
      expect(JSON.stringify(view)).toContain(`${name} · C2026001`);

      const submitted = await submit(where, view);
      expect(submitted.status).toBe(200);
      expect(JSON.stringify(submitted.body)).not.toContain('other organisations');
      const links = await app.db.models.channelLinks.find({ channelId: CHANNEL }).lean();
      expect(links.map((l) => [l.teamId, l.customerCode])).toEqual([[key, 'C2026001']]);

      const loaded = await options(where);
      expect(loaded.status).toBe(200);
      expect(loaded.body.options.map((o: any) => o.text.text)).toEqual([`C2026001 ${name}`]);

      const card = await command(where.team ?? E, 'C2026001');
      expect(card.status).toBe(200);
      expect(JSON.stringify(card.body)).toContain(name);

      // The org's own id is the install's key, never one of the workspaces it serves.
      const org = await stored(E);
      expect([...org!.teams].sort()).toEqual(where.team ? [HOME, ORG_TEAM].sort() : [HOME]);
      expect(await app.db.models.workspaces.countDocuments({ teamId: HOME })).toBe(1);
    });
  }

  test('a direct message from a person at the org’s level (the org’s own id as their team) is answered; another org’s id is still refused', async () => {
    await install('code-org', ORG);
    let n = 0;
    const dm = (userTeam: string) =>
      app.slack.eventDelivery(
        {
          type: 'message',
          channel_type: 'im',
          channel: 'D0GRIDDM01',
          user: PERSON,
          user_team: userTeam,
          team: userTeam,
          text: 'hello?',
          ts: `1700000000.00010${++n}`,
        },
        {
          eventId: `Ev0GRIDDM0${n}`,
          installedTeamId: ORG_TEAM,
          org: { enterpriseId: E, botUserId: ORG.botUserId },
        },
      );
    app.fake.reset();
    expect((await dm(E)).status).toBe(200);
    const answers = app.fake.callsTo('chat.postMessage');
    expect(answers.map((c) => [c.token, c.args.channel])).toEqual([[ORG.botToken, 'D0GRIDDM01']]);
    expect(String(answers[0]!.args.text)).toContain('I do not read messages here');

    app.fake.reset();
    expect((await dm('E0OTHERORG')).status).toBe(400);
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
  });

  test('a direct message from a person whose team is their home workspace, another of the org, is answered as their click is; a Slack Connect person’s is still refused', async () => {
    await setUp();
    /** A home workspace of the org no install has seen (Slack says the person is of the org). */
    const FAR = 'T0INITECH7';
    const NEWCOMER = 'U0GRIDNEW2';
    const CONNECT = 'U0CONNECT2';
    app.fake.users.set(NEWCOMER, { id: NEWCOMER, enterprise: { id: E, teams: [FAR, ORG_TEAM] } });
    app.fake.users.set(CONNECT, {
      id: CONNECT,
      enterprise: { id: 'E0OTHERORG', teams: ['T0OTHERORG'] },
    });
    let n = 0;
    const dm = (user: string, userTeam: string) =>
      app.slack.eventDelivery(
        {
          type: 'message',
          channel_type: 'im',
          channel: 'D0GRIDDM02',
          user,
          user_team: userTeam,
          team: userTeam,
          text: 'hello?',
          ts: `1700000001.00010${++n}`,
        },
        {
          eventId: `Ev0GRIDHOME${n}`,
          installedTeamId: ORG_TEAM,
          org: { enterpriseId: E, botUserId: ORG.botUserId },
        },
      );
    const answered = () =>
      app.fake.callsTo('chat.postMessage').map((c) => [c.token, c.args.channel]);

    // From their home workspace, one the org install serves: answered with the org's token.
    expect((await dm(PERSON, HOME)).status).toBe(200);
    expect(answered()).toEqual([[ORG.botToken, 'D0GRIDDM02']]);
    expect(String(app.fake.callsTo('chat.postMessage')[0]!.args.text)).toContain(
      'I do not read messages here',
    );

    // From a home workspace no install has seen, Slack saying they are of the org: answered too.
    app.fake.reset();
    expect((await dm(NEWCOMER, FAR)).status).toBe(200);
    expect(answered()).toEqual([[ORG.botToken, 'D0GRIDDM02']]);

    // A person of another organisation, outside a linked channel: refused as before.
    app.fake.reset();
    expect((await dm(CONNECT, 'T0OTHERORG')).status).toBe(400);
    expect(answered()).toEqual([]);
  });

  test('a Grid person whose home workspace no install has seen is one of the org’s (Slack says so, asked once); a Slack Connect person is not', async () => {
    const names = await setUp();
    /** A workspace of the org the install never had a request from: the person's home. */
    const FAR = 'T0INITECH9';
    const NEWCOMER = 'U0GRIDNEW1';
    const CONNECT = 'U0CONNECT1';
    app.fake.users.set(NEWCOMER, {
      id: NEWCOMER,
      real_name: 'Grid Newcomer',
      enterprise: { id: E, teams: [FAR, ORG_TEAM] },
    });
    app.fake.users.set(CONNECT, {
      id: CONNECT,
      real_name: 'Connect Guest',
      enterprise: { id: 'E0OTHERORG', teams: ['T0OTHERORG'] },
    });
    // PERSON stays an admin: a person without a role on this open desk would be asked of Slack
    // (the guest check), which is not the org lookup this test is about.
    await app.desk.services.workspaces.update(ORG_TEAM, (s) => ({
      ...s,
      admins: [PERSON, NEWCOMER],
    }));
    const fromFar: Where = { ...homeWorkspace, userTeam: FAR, user: NEWCOMER };
    const asked = () =>
      app.fake.callsTo('users.info').map((c) => [c.token, c.args.user, c.outcome]);

    // The common path asks Slack nothing: a home workspace the org install already served.
    expect((await click(homeWorkspace, 'C2026001')).status).toBe(200);
    expect(asked()).toEqual([]);

    // A Slack Connect person of another org (Slack says so): refused as before, asked once.
    app.fake.reset();
    const connect: Where = { ...sameWorkspace, userTeam: 'T0OTHERORG', user: CONNECT };
    expect((await click(connect, 'C2026001')).status).toBe(400);
    expect((await click(connect, 'C2026001')).status).toBe(400);
    expect(asked()).toEqual([[ORG.botToken, CONNECT, 'ok']]);
    expect(app.fake.callsTo('views.open')).toEqual([]);
    app.fake.reset();

    // Their click, submission and options load are served as the org's person's (an admin here).
    const clicked = await click(fromFar, 'C2026001');
    expect(clicked.status).toBe(200);
    const opened = app.fake.callsTo('views.open');
    expect(opened.map((c) => c.token)).toEqual([ORG.botToken]);
    const view = opened[0]!.args.view as Record<string, any>;
    expect(JSON.stringify(view)).toContain(`${names[ORG_TEAM]} · C2026001`);
    const submitted = await submit(fromFar, view);
    expect(submitted.status).toBe(200);
    expect(JSON.stringify(submitted.body)).not.toContain('other organisations');
    const links = await app.db.models.channelLinks.find({ channelId: CHANNEL }).lean();
    expect(links.map((l) => [l.teamId, l.customerCode])).toEqual([[ORG_TEAM, 'C2026001']]);
    expect((await options(fromFar)).body.options).toHaveLength(1);
    // Slack was asked once, with the org's token; the answer is remembered.
    expect(asked()).toEqual([[ORG.botToken, NEWCOMER, 'ok']]);
    // Not listed as a workspace the org install serves: it asked nothing of it.
    expect((await stored(E))!.teams).not.toContain(FAR);
  });

  test('Slack failing or slow to say a Grid person’s org: refused as today, said in the log (without the person), asked again at the next request', async () => {
    await setUp();
    const LATE = 'U0GRIDLAT1';
    const fromFar = await gridPerson('T0INITECH8', LATE);

    app.fake.failNext('users.info', 'internal_error');
    expect((await click(fromFar, 'C2026001')).status).toBe(400);
    expect(app.logs.some((l) => l.msg.startsWith('users.info failed'))).toBe(true);
    expect(JSON.stringify(app.logs)).not.toContain(LATE);

    // A failure is remembered briefly (ORG_LOOKUP_MISS_MS): asked again after it.
    app.clock.advance(ORG_LOOKUP_MISS_MS);
    const held = app.fake.holdNext('users.info');
    lookupWaits.length = 0;
    const slow = click(fromFar, 'C2026001');
    await held.arrived;
    // Asked again after the failure (a failure is not remembered).
    expect(app.fake.callsTo('users.info')).toHaveLength(2);
    // Slack holds the answer past the request's wait (0.8 s in production): given up, refused.
    lookupWaits.splice(0).forEach((over) => over());
    expect((await slow).status).toBe(400);
    expect(app.logs.some((l) => l.msg.startsWith('users.info late'))).toBe(true);
    expect(app.fake.callsTo('views.open')).toEqual([]);

    // The held call was given up with the wait, not left running: the person's next click after
    // ORG_LOOKUP_MISS_MS asks Slack again, which answers now, and they are served as the org's
    // person they are.
    app.clock.advance(ORG_LOOKUP_MISS_MS);
    expect((await click(fromFar, 'C2026001')).status).toBe(200);
    expect(app.fake.callsTo('users.info')).toHaveLength(3);
    expect(app.fake.callsTo('users.info').at(-1)!.outcome).toBe('ok');
    expect(app.fake.callsTo('views.open')).toHaveLength(1);
    held.release();
  });

  test('a Grid lookup that was late is remembered for a minute: the person’s next click neither asks Slack nor waits; after the minute it asks again', async () => {
    await setUp();
    const fromFar = await gridPerson('T0INITECH5', 'U0GRIDSLW1');
    // Slack answers every users.info slowly (past the request's wait, 0.8 s in production).
    const slack = slowSlack(3);
    const { held } = slack;
    try {
      const first = click(fromFar, 'C2026001');
      await held[0]!.arrived;
      slack.giveUp();
      expect((await first).status).toBe(400);
      expect(app.fake.callsTo('users.info')).toHaveLength(1);

      // A second later: refused at once as before, without asking Slack or waiting for it.
      app.clock.advance(1_000);
      const second = click(fromFar, 'C2026001');
      const outcome = await Promise.race([
        second.then((r) => r.status),
        held[1]!.arrived.then(() => 'asked Slack again'),
      ]);
      expect(outcome).toBe(400);
      expect(lookupWaits).toEqual([]);
      expect(app.fake.callsTo('users.info')).toHaveLength(1);

      // After the minute: asked again; Slack answers this time, and they are served.
      app.clock.advance(ORG_LOOKUP_MISS_MS);
      const third = click(fromFar, 'C2026001');
      await held[1]!.arrived;
      held[1]!.release();
      expect((await third).status).toBe(200);
      expect(app.fake.callsTo('users.info')).toHaveLength(2);
      expect(app.fake.callsTo('views.open')).toHaveLength(1);
    } finally {
      slack.end();
    }
  });

  test('one request asks a Grid person’s org of Slack at most once: a submission whose lookup was late is not asked again by the submission check', async () => {
    await setUp();
    const fromFar = await gridPerson('T0INITECH4', 'U0GRIDSLW2');
    const slack = slowSlack(2);
    const { held } = slack;
    try {
      // The envelope check asks (Slack slow: given up), then the submission check would.
      const submitted = submit(fromFar, channelView);
      await held[0]!.arrived;
      slack.giveUp();
      const outcome = await Promise.race([
        submitted,
        held[1]!.arrived.then(() => 'asked Slack again'),
      ]);
      expect(outcome).not.toBe('asked Slack again');
      const { status, body } = outcome as Awaited<typeof submitted>;
      expect(status).toBe(200);
      expect(JSON.stringify(body.view)).toContain('not for people of other organisations');
      expect(app.fake.callsTo('users.info')).toHaveLength(1);
      expect(lookupWaits).toEqual([]);
      expect(await app.db.models.channelLinks.countDocuments()).toBe(0);
    } finally {
      slack.end();
    }
  });

  test('a Grid person an admin has just named to a role is not asked of Slack again when they click: one users.info answer serves the roles check and the org lookup', async () => {
    await setUp();
    const FAR = 'T0INITECH7';
    const NAMED = 'U0GRIDMGR1';
    app.fake.users.set(NAMED, {
      id: NAMED,
      real_name: 'Grid Manager',
      enterprise: { id: E, teams: [FAR, ORG_TEAM] },
    });
    // PERSON, an admin of the workspace, names them an admin too in /desk roles.
    expect((await orgCommand('roles', PERSON, '/desk', ORG_TEAM)).status).toBe(200);
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    const saved = await orgPayload(sameWorkspace, {
      type: 'view_submission',
      trigger_id: '1337.GRID',
      view: {
        ...view,
        id: 'V0GRIDROLE',
        team_id: ORG_TEAM,
        state: { values: app.slack.viewState(view, { admins: `${PERSON},${NAMED}` }) },
        hash: 'h1',
        previous_view_id: null,
      },
      response_urls: [],
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toBe('');
    expect((await app.desk.services.workspaces.settings(ORG_TEAM)).admins).toContain(NAMED);
    const askedOf = () => app.fake.callsTo('users.info').filter((c) => c.args.user === NAMED);
    expect(askedOf()).toHaveLength(1);

    // Their own click from their home workspace (no install has seen it): Slack is not asked again.
    app.fake.reset();
    app.fake.channels.set(CHANNEL, { is_member: true });
    const fromFar: Where = { ...homeWorkspace, userTeam: FAR, user: NAMED };
    expect((await click(fromFar, 'C2026001')).status).toBe(200);
    expect(app.fake.callsTo('views.open')).toHaveLength(1);
    expect(askedOf()).toEqual([]);
  });

  test('a workspace of the org that installs the app itself checks a person named to a role with its own token: not with an answer the org’s token was given', async () => {
    await setUp();
    const FAR = 'T0INITECH6';
    const NAMED = 'U0GRIDGST1';
    // A full member as the org's token describes them; a guest as the workspace's own install does.
    app.fake.users.set(NAMED, {
      id: NAMED,
      real_name: 'Grid Visitor',
      enterprise: { id: E, teams: [FAR, ORG_TEAM] },
      seenWith: { [OWN.botToken]: { is_restricted: true } },
    });
    // Their click from their home workspace: the org lookup asks Slack with the org's token.
    expect((await click({ ...homeWorkspace, userTeam: FAR, user: NAMED }, 'C2026001')).status).toBe(
      200,
    );
    expect(app.fake.callsTo('users.info').map((c) => [c.token, c.args.user])).toEqual([
      [ORG.botToken, NAMED],
    ]);

    // The workspace installs the app itself; an admin there names them an admin in /desk roles.
    expect((await install('code-own', OWN)).status).toBe(200);
    app.fake.reset();
    await app.slack.command('/desk', 'roles', { teamId: ORG_TEAM, userId: PERSON });
    const opened = app.fake.callsTo('views.open');
    expect(opened.map((c) => c.token)).toEqual([OWN.botToken]);
    const view = opened[0]!.args.view as Record<string, any>;
    const saved = await app.slack.submitView(
      view,
      { admins: `${PERSON},${NAMED}` },
      { teamId: ORG_TEAM, userId: PERSON },
    );
    // Refused as the guest the workspace's own install says they are.
    expect(JSON.stringify(saved.body)).toContain('Grid Visitor');
    expect((await app.desk.services.workspaces.settings(ORG_TEAM)).admins).not.toContain(NAMED);
    const askedOf = app.fake.callsTo('users.info').filter((c) => c.args.user === NAMED);
    expect(askedOf.map((c) => c.token)).toEqual([OWN.botToken]);
  });

  test('a person of another organisation is still refused: another enterprise, or a team the org does not have', async () => {
    const names = await setUp();
    for (const userTeam of ['E0OTHERORG', 'T0OTHERORG']) {
      const from: Where = { ...sameWorkspace, userTeam };
      expect((await click(from, 'C2026001')).status).toBe(400);
      expect((await options(from)).status).toBe(400);
    }
    expect(app.fake.callsTo('views.open')).toEqual([]);

    // A view of the org's opened for its own person, submitted by a person of another org.
    const submitted = await submit({ ...sameWorkspace, userTeam: 'T0OTHERORG' }, channelView);
    expect(submitted.status).toBe(200);
    expect(JSON.stringify(submitted.body.view)).toContain('not for people of other organisations');
    // The org's own id passed off by another enterprise: refused.
    expect((await submit({ ...orgOnly, userTeam: 'E0OTHERORG' }, channelView)).status).toBe(400);
    expect(await app.db.models.channelLinks.countDocuments()).toBe(0);

    // Another enterprise's command: no install serves it.
    const other = await app.slack.post(
      new URLSearchParams({
        ...slashCommandPayload(
          '/customer',
          'C2026001',
          { teamId: 'T0OTHERORG', userId: PERSON },
          app.fake.responseUrl(),
        ),
        enterprise_id: 'E0OTHERORG',
        is_enterprise_install: 'true',
      }).toString(),
      'application/x-www-form-urlencoded',
    );
    expect(JSON.stringify(other.body)).not.toContain(names[ORG_TEAM]);
    expect(await app.db.models.workspaces.countDocuments({ teamId: 'E0OTHERORG' })).toBe(0);
  });
});

describe('an org-wide install’s linked customer channel (Enterprise Grid): who is a customer', () => {
  const E = ORG.enterpriseId!;
  /** Another workspace of the org the install already served. */
  const HOME = 'T0INITECH2';
  const ADMIN = 'U0GRIDADM1';
  const CHANNEL = 'C0GRIDCUST';
  let n = 0;

  /** A Slack Connect channel of ORG_TEAM linked to a customer (the org install serves both). */
  async function linked(shared = true) {
    await install('code-org', ORG);
    expect((await orgCommand('help', 'U0ORGUSER2', '/ticket', HOME)).status).toBe(200);
    await app.desk.services.workspaces.update(ORG_TEAM, (s) => ({ ...s, admins: [ADMIN] }));
    const customer = await customerInTeam(app, ORG_TEAM, ADMIN, 'Umbrella Logistics');
    app.fake.channels.set(CHANNEL, { is_member: true, is_ext_shared: shared });
    const fields = {
      ...slashCommandPayload(
        '/desk',
        `channel link ${customer.code}`,
        { teamId: ORG_TEAM, userId: ADMIN, channelId: CHANNEL },
        app.fake.responseUrl(),
      ),
      enterprise_id: E,
      is_enterprise_install: 'true',
    };
    const res = await app.slack.post(
      new URLSearchParams(fields).toString(),
      'application/x-www-form-urlencoded',
    );
    expect(res.status).toBe(200);
    expect(await app.db.models.channelLinks.countDocuments({ channelId: CHANNEL })).toBe(1);
    app.fake.reset();
  }

  /** A person's message event in the channel, delivered to the org install. */
  function say(user: string, userTeam: string, text: string, ts: string, thread?: string) {
    return app.slack.eventDelivery(
      {
        type: 'message',
        channel_type: 'channel',
        channel: CHANNEL,
        user,
        user_team: userTeam,
        team: userTeam,
        text,
        ts,
        ...(thread ? { thread_ts: thread } : {}),
      },
      {
        eventId: `Ev0GRIDCH${String(++n).padStart(3, '0')}`,
        installedTeamId: ORG_TEAM,
        org: { enterpriseId: E, botUserId: ORG.botUserId },
        shared: true,
      },
    );
  }

  function edit(user: string, userTeam: string, ts: string, before: string, after: string) {
    return app.slack.eventDelivery(
      {
        type: 'message',
        subtype: 'message_changed',
        channel: CHANNEL,
        ts: `${ts.split('.')[0]}.999999`,
        message: { type: 'message', user, user_team: userTeam, team: userTeam, text: after, ts },
        previous_message: { type: 'message', user, text: before, ts },
      },
      {
        eventId: `Ev0GRIDCH${String(++n).padStart(3, '0')}`,
        installedTeamId: ORG_TEAM,
        org: { enterpriseId: E, botUserId: ORG.botUserId },
        shared: true,
      },
    );
  }

  const ticketOf = (ts: string) =>
    app.db.models.tickets
      .findOne({ teamId: ORG_TEAM, submissionId: `msg:${CHANNEL}:${ts}` })
      .lean();

  test('a customer at their org’s level (their org’s own id as their team) opens a ticket, and their edit reaches it', async () => {
    await linked();
    const ROOT = '1764000000.000100';
    expect((await say('U0UMBRELA1', 'E0UMBRELLA', 'Our pallets are stuck', ROOT)).status).toBe(200);
    const ticket = await ticketOf(ROOT);
    expect(ticket).toMatchObject({
      requester: { userId: 'U0UMBRELA1' },
      createdBy: 'care-desk',
      description: 'Our pallets are stuck',
    });
    expect(
      (
        await edit(
          'U0UMBRELA1',
          'E0UMBRELLA',
          ROOT,
          'Our pallets are stuck',
          'Our pallets are stuck at gate 4',
        )
      ).status,
    ).toBe(200);
    expect((await ticketOf(ROOT))!.description).toBe('Our pallets are stuck at gate 4');
  });

  test('the org’s own people are staff there, from their home workspace or at the org’s level; a Slack Connect person is the customer', async () => {
    await linked();
    const FAR = 'T0INITECH7';
    app.fake.users.set('U0GRIDFAR1', { id: 'U0GRIDFAR1', enterprise: { id: E, teams: [FAR] } });
    const ROOT = '1764000000.000200';
    expect((await say('U0CONNECT3', 'T0OTHERORG', 'Our order is late', ROOT)).status).toBe(200);
    expect(await ticketOf(ROOT)).toMatchObject({
      requester: { userId: 'U0CONNECT3' },
      createdBy: 'care-desk',
    });

    // Colleagues' top-level messages in a shared channel open nothing: they are not customers.
    expect((await say('U0GRIDCOL1', HOME, 'Good morning all', '1764000000.000300')).status).toBe(
      200,
    );
    expect(
      (await say('U0GRIDFAR1', FAR, 'Hello from the Far office', '1764000000.000400')).status,
    ).toBe(200);
    expect(await ticketOf('1764000000.000300')).toBeNull();
    expect(await ticketOf('1764000000.000400')).toBeNull();
    expect(await app.db.models.tickets.countDocuments({ teamId: ORG_TEAM })).toBe(1);

    // An org-level colleague's reply in the ticket's thread answers the customer.
    expect((await ticketOf(ROOT))!.firstResponseAt).toBeUndefined();
    expect((await say('U0GRIDORG2', E, 'On its way', '1764000000.000500', ROOT)).status).toBe(200);
    expect((await ticketOf(ROOT))!.firstResponseAt).toBeDefined();
  });
});
