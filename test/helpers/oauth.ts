import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { TestApp } from './app.js';
import type { FakeInstall } from './fake-slack.js';
import { slashCommandPayload, type Actor } from './slack-requests.js';

/** A key to seal the stored tokens with (CARE_DESK_TOKEN_KEYS), made for the test file. */
export const newTokenKey = () => `k1:${randomBytes(32).toString('base64')}`;

/** The environment of a desk in OAuth mode: no bot token, the app's client and state secrets. */
export function oauthEnv(key = newTokenKey()): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: '',
    SLACK_CLIENT_ID: '1111111111.2222222222',
    SLACK_CLIENT_SECRET: 'client-secret-0123456789abcdef',
    SLACK_STATE_SECRET: 'state-secret-0123456789abcdef0123456789',
    CARE_DESK_TOKEN_KEYS: key,
  };
}

/** Acme's install, made from an older manifest: no files:write. */
export const ACME_INSTALL: FakeInstall = {
  teamId: 'T0ACME0001',
  teamName: 'Acme',
  botToken: 'xoxb-acme-0001-secret',
  botUserId: 'U0ACMEBOT1',
  botId: 'B0ACMEBOT1',
  installerUserId: 'U0ACMEADM1',
  scopes: ['commands', 'chat:write', 'chat:write.public', 'im:write'],
};

/** Globex's install, with the scopes Slack grants by default. */
export const GLOBEX_INSTALL: FakeInstall = {
  teamId: 'T0GLOBEX01',
  teamName: 'Globex',
  botToken: 'xoxb-globex-0002-secret',
  botUserId: 'U0GLOBBOT1',
  botId: 'B0GLOBBOT1',
  installerUserId: 'U0GLOBADM1',
};

/** Initech's org-wide install (Enterprise Grid). */
export const ORG_INSTALL: FakeInstall = {
  orgWide: true,
  enterpriseId: 'E0INITECH1',
  botToken: 'xoxb-initech-org-secret',
  botUserId: 'U0ORGBOT01',
  botId: 'B0ORGBOT01',
  installerUserId: 'U0ORGADM01',
};

/** A slash command from a workspace of `org`'s org-wide install (Slack says so in the payload). */
export function orgCommand(
  app: Pick<TestApp, 'fake' | 'slack'>,
  org: FakeInstall,
  command: string,
  text: string,
  actor: Actor,
) {
  const fields = {
    ...slashCommandPayload(command, text, actor, app.fake.responseUrl()),
    enterprise_id: org.enterpriseId!,
    is_enterprise_install: 'true',
  };
  return app.slack.post(
    new URLSearchParams(fields).toString(),
    'application/x-www-form-urlencoded',
  );
}

/**
 * Slack's app_uninstalled (or `type`: the org bot's tokens_revoked) of `org`'s org-wide install,
 * delivered through `teamId` (a workspace of the org), with `eventTs` (default: now on the test's
 * clock).
 */
export function orgUninstalled(
  app: Pick<TestApp, 'clock' | 'slack'>,
  org: FakeInstall,
  opts: {
    teamId: string;
    eventId: string;
    eventTs?: string;
    type?: 'app_uninstalled' | 'tokens_revoked';
  },
) {
  const now = Math.floor(app.clock.now().getTime() / 1000);
  const type = opts.type ?? 'app_uninstalled';
  const body = {
    token: 'legacy-verification-token',
    team_id: opts.teamId,
    enterprise_id: org.enterpriseId,
    api_app_id: 'A0APP00001',
    event: {
      type,
      ...(type === 'tokens_revoked' ? { tokens: { oauth: [], bot: [org.botUserId] } } : {}),
      event_ts: opts.eventTs ?? `${now}.000400`,
    },
    type: 'event_callback',
    event_id: opts.eventId,
    event_time: now,
    authorizations: [
      {
        enterprise_id: org.enterpriseId,
        team_id: null,
        user_id: org.botUserId,
        is_bot: true,
        is_enterprise_install: true,
      },
    ],
  };
  return app.slack.post(JSON.stringify(body), 'application/json');
}

/**
 * A person installing the app from the desk's install page, as a browser would: the page's
 * state cookie and link, then Slack's redirect back with `code`, which the fake Slack answers
 * with `grant`. The redirect must succeed. `language`: the browser's Accept-Language.
 */
export async function installFromPage(
  app: Pick<TestApp, 'fake' | 'baseUrl'>,
  code: string,
  grant: FakeInstall,
  language?: string,
): Promise<void> {
  app.fake.oauthCodes.set(code, grant);
  const headers = language ? { 'accept-language': language } : undefined;
  const page = await fetch(`${app.baseUrl}/slack/install`, { headers: { ...headers } });
  const state = /[?&;]state=([^&"']+)/.exec(await page.text())?.[1];
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
  const back = await fetch(`${app.baseUrl}/slack/oauth_redirect?code=${code}&state=${state}`, {
    headers: { cookie, ...headers },
  });
  expect(back.status).toBe(200);
}
