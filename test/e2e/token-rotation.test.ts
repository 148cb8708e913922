import { describe, expect, test } from 'vitest';
import { parseTokenKeys, TokenCipher } from '../../src/install/crypto.js';
import type { WorkspaceJob } from '../../src/schedule/job.js';
import { runDue } from '../../src/schedule/runner.js';
import { dailySlot } from '../../src/schedule/slots.js';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { createLogger } from '../../src/logger.js';
import { useTestApp } from '../helpers/app.js';
import type { FakeInstall } from '../helpers/fake-slack.js';
import {
  ACME_INSTALL,
  GLOBEX_INSTALL,
  installFromPage,
  newTokenKey,
  oauthEnv,
} from '../helpers/oauth.js';
import { jobDeps } from '../helpers/jobs.js';

// OAuth mode with Slack's token rotation on: bot tokens last 12 hours and come with a refresh
// token, used once. The desk refreshes a token before it uses it, wherever it uses it.
const KEY = newTokenKey();
const OAUTH_ENV = oauthEnv(KEY);
const app = useTestApp({ env: OAUTH_ENV });
const cipher = new TokenCipher(parseTokenKeys(KEY));

const HOUR = 3600_000;
const ACME: FakeInstall = {
  ...ACME_INSTALL,
  refreshToken: 'xoxe-1-acme-refresh',
  expiresIn: 12 * 3600,
};
/** The token Slack hands out at the first refresh of Acme's. */
const ACME_NEXT = `${ACME.botToken}.r1`;
const GLOBEX = GLOBEX_INSTALL;

/** A person installing the app from the desk's install page, as a browser would. */
const install = (code: string, grant: FakeInstall) => installFromPage(app, code, grant);

async function stored(key: string) {
  return app.db.models.installations.findOne({ key }).lean();
}

/** Something owed to Acme's channel, as a job writes it. */
async function owe(teamId: string, key: string) {
  const ctx = await app.desk.services.workspaces.context({
    teamId,
    actor: SYSTEM_ACTOR,
    now: app.clock.now(),
    log: createLogger('silent'),
    origin: 'job',
  });
  await app.desk.services.outbox.enqueue(ctx, [
    { key, kind: 'message', to: 'C0OWED0001', data: { message: { text: key } } },
  ]);
}

/** A job that says hello in each workspace it runs for (through the outbox, as jobs do). */
const helloJob: WorkspaceJob = {
  name: 'test-hello',
  scope: 'workspace',
  catchUpMs: 24 * HOUR,
  slotAt: (now, settings) => dailySlot(now, settings.timeZone, '09:00'),
  run: async (deps, ctx) => {
    await deps.services.outbox.enqueue(ctx, [
      { key: 'hello', kind: 'message', to: 'C0HELLO001', data: { message: { text: 'hello' } } },
    ]);
    return { hello: 1 };
  },
};

const refreshes = () =>
  app.fake.callsTo('oauth.v2.access').filter((c) => c.args.grant_type === 'refresh_token');

describe('token rotation: a token is refreshed before it is used, outside requests too', () => {
  test('a day without a request: the daily job’s message goes out with a refreshed token, stored sealed; the next uses take it without asking again', async () => {
    await install('code-acme', ACME);
    await install('code-globex', GLOBEX);
    for (const w of [ACME, GLOBEX]) await app.desk.services.workspaces.settings(w.teamId!);
    // Stored sealed, with when it expires on the desk's clock.
    const installed = await stored(ACME.teamId!);
    expect(cipher.open(installed!.botRefreshToken!, ACME.teamId!)).toBe(ACME.refreshToken);
    expect(installed!.botTokenExpiresAt).toBe(app.clock.now().getTime() / 1000 + 12 * 3600);

    // The next morning, 23 hours on: Acme's first token expired long ago.
    app.clock.set('2026-11-25T01:00:30Z'); // 09:00:30 in Shanghai: the daily slot
    app.fake.reset();
    app.fake.revokeToken(ACME.botToken, 'token_expired');
    const runs = await runDue(jobDeps(app), [helloJob]);
    expect(runs.filter((r) => r.ran)).toHaveLength(2);
    await app.desk.outbox.drain();

    // Refreshed once, with the app's credentials and Acme's refresh token.
    expect(refreshes()).toHaveLength(1);
    expect(refreshes()[0]!.args).toMatchObject({
      client_id: OAUTH_ENV.SLACK_CLIENT_ID,
      client_secret: OAUTH_ENV.SLACK_CLIENT_SECRET,
      refresh_token: ACME.refreshToken,
    });
    // Acme's hello went out with the new token; Globex (no rotation) with its own, unchanged.
    expect(
      app.fake
        .tookCalls('chat.postMessage')
        .map((p) => p.token)
        .sort(),
    ).toEqual([ACME_NEXT, GLOBEX.botToken].sort());
    expect(app.fake.calls.filter((c) => c.outcome !== 'ok')).toEqual([]);
    // The new tokens are stored, sealed, with their new expiry; the install is as it was.
    const record = await stored(ACME.teamId!);
    expect(record!.botToken).toMatch(/^v1:k1:/);
    expect(cipher.open(record!.botToken, ACME.teamId!)).toBe(ACME_NEXT);
    expect(cipher.open(record!.botRefreshToken!, ACME.teamId!)).toBe(`${ACME.refreshToken}.r1`);
    expect(record!.botTokenExpiresAt).toBe(app.clock.now().getTime() / 1000 + 12 * 3600);
    expect(record).toMatchObject({
      state: 'active',
      installerUserId: ACME.installerUserId,
      updatedAt: installed!.updatedAt,
    });
    expect(app.rawLogs.join('\n')).not.toMatch(/xoxb-acme|xoxe-1-acme|client-secret/);

    // A command an hour later is answered with the new token, and nothing is refreshed again.
    app.clock.advance(HOUR);
    app.fake.reset();
    await app.slack.command('/desk', 'settings', {
      teamId: ACME.teamId!,
      userId: ACME.installerUserId,
    });
    expect(app.fake.callsTo('views.open').map((c) => [c.token, c.outcome])).toEqual([
      [ACME_NEXT, 'ok'],
    ]);
    expect(refreshes()).toEqual([]);
  });

  test('a command from a workspace whose token expires within two hours is answered with a refreshed token', async () => {
    await install('code-acme', ACME);
    app.clock.advance(10.5 * HOUR);
    app.fake.reset();
    await app.slack.command('/desk', 'settings', {
      teamId: ACME.teamId!,
      userId: ACME.installerUserId,
    });
    expect(refreshes()).toHaveLength(1);
    expect(app.fake.callsTo('views.open').map((c) => [c.token, c.outcome])).toEqual([
      [ACME_NEXT, 'ok'],
    ]);
    // Not written back as a new install: the installer is kept, the install time too.
    expect(await stored(ACME.teamId!)).toMatchObject({ installerUserId: ACME.installerUserId });
    expect(app.logs.filter((l) => l.msg === 'app installed')).toHaveLength(1);
  });

  test('two instances at once: one refreshes, the other goes on with the stored token meanwhile; both then use the new one', async () => {
    await install('code-acme', ACME);
    await app.desk.services.workspaces.settings(ACME.teamId!);
    await owe(ACME.teamId!, 'owed');
    app.clock.advance(10.5 * HOUR);
    app.fake.reset();
    const other = app.instance('other');

    // This instance's command asks Slack for a new token; Slack is slow to answer.
    const slow = app.fake.holdNext('oauth.v2.access');
    const command = app.slack.command('/desk', 'settings', {
      teamId: ACME.teamId!,
      userId: ACME.installerUserId,
    });
    await slow.arrived;
    // Meanwhile the other instance's outbox delivers: it does not spend the refresh token
    // again (Slack would refuse it), and its old token still works for an hour and a half.
    const delivered = await other.outbox.drain();
    expect(delivered.sent).toBe(1);
    slow.release();
    await command;

    expect(refreshes()).toHaveLength(1);
    expect(app.fake.tookPostsTo('C0OWED0001').map((p) => p.token)).toEqual([ACME.botToken]);
    expect(app.fake.callsTo('views.open').map((c) => [c.token, c.outcome])).toEqual([
      [ACME_NEXT, 'ok'],
    ]);
    expect(await stored(ACME.teamId!)).toMatchObject({ state: 'active' });

    // Once the old token is gone, the other instance reads and uses the new one.
    app.clock.advance(10_000);
    app.fake.reset();
    app.fake.revokeToken(ACME.botToken, 'token_expired');
    await owe(ACME.teamId!, 'later');
    await other.outbox.drain();
    expect(app.fake.tookPostsTo('C0OWED0001').map((p) => p.token)).toEqual([ACME_NEXT]);
    expect(refreshes()).toEqual([]);
  });

  test('Slack not answering a refresh: the stored token is used while it works, not asked again for a minute (one call and one warning, not one per use), then asked again', async () => {
    await install('code-acme', ACME);
    await app.desk.services.workspaces.settings(ACME.teamId!);
    await owe(ACME.teamId!, 'owed');
    app.clock.advance(10.5 * HOUR);
    app.fake.reset();
    app.fake.failNextHttp('oauth.v2.access', 503);
    await app.desk.outbox.drain();
    expect(app.fake.tookPostsTo('C0OWED0001').map((p) => p.token)).toEqual([ACME.botToken]);
    expect(await stored(ACME.teamId!)).toMatchObject({ state: 'active' });
    expect(app.logs.some((l) => String(l.msg).startsWith('could not refresh the bot token'))).toBe(
      true,
    );

    // Ten seconds on (and past the install cache's few seconds): the stored token, Slack's OAuth
    // endpoint not asked again.
    app.clock.advance(10_000);
    await owe(ACME.teamId!, 'later');
    await app.desk.outbox.drain();
    expect(refreshes().map((c) => c.outcome)).toEqual(['http']);
    expect(app.fake.tookPostsTo('C0OWED0001').map((p) => p.token)).toEqual([
      ACME.botToken,
      ACME.botToken,
    ]);
    // A minute after the failure: asked again, and the new token used.
    app.clock.advance(60_000);
    await owe(ACME.teamId!, 'after');
    await app.desk.outbox.drain();
    expect(refreshes().map((c) => c.outcome)).toEqual(['http', 'ok']);
    expect(app.fake.tookPostsTo('C0OWED0001').map((p) => p.token)).toEqual([
      ACME.botToken,
      ACME.botToken,
      ACME_NEXT,
    ]);
  });

  test('a refresh token Slack refuses stops the workspace as a revoked token does: messages dropped, jobs stopped, a command told; installing again serves it', async () => {
    await install('code-acme', ACME);
    await app.desk.services.workspaces.settings(ACME.teamId!);
    await owe(ACME.teamId!, 'owed');
    // The app's tokens revoked in Slack while the desk was down: the refresh token is dead.
    app.fake.refreshTokens.delete(ACME.refreshToken!);
    app.clock.advance(11 * HOUR);
    app.fake.reset();

    const drained = await app.desk.outbox.drain();
    expect(drained.dropped).toBe(1);
    expect(refreshes().map((c) => c.answer?.error)).toEqual(['invalid_refresh_token']);
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
    expect(await stored(ACME.teamId!)).toMatchObject({
      state: 'revoked',
      stoppedBy: 'slack:invalid_refresh_token',
    });
    expect((await app.db.models.outbox.findOne({ key: 'owed' }).lean())!.state).toBe('dropped');
    const said = app.logs.filter((l) =>
      String(l.msg).startsWith('Slack refused the refresh token'),
    );
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ key: ACME.teamId, error: 'invalid_refresh_token' });

    // Its jobs no longer run; a command says the desk is not connected there.
    app.clock.set('2026-11-25T01:00:30Z');
    const runs = await runDue(jobDeps(app), [helloJob]);
    expect(runs.filter((r) => r.ran)).toEqual([]);
    const res = await app.slack.command('/desk', 'settings', {
      teamId: ACME.teamId!,
      userId: ACME.installerUserId,
    });
    expect(res.body.text).toContain('The desk is not connected to this workspace');

    // Installed again: served with the new install's tokens.
    await install('code-again', {
      ...ACME,
      botToken: 'xoxb-acme-0001-again',
      refreshToken: 'xoxe-1-acme-again',
    });
    app.fake.reset();
    await app.slack.command('/desk', 'settings', {
      teamId: ACME.teamId!,
      userId: ACME.installerUserId,
    });
    expect(app.fake.callsTo('views.open').map((c) => c.token)).toEqual(['xoxb-acme-0001-again']);
  });
});
