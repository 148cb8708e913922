import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, test } from 'vitest';
import { ConfigError, installMode, loadConfig, runMode } from '../../src/config.js';

const valid = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefgh12345678' };

function problems(env: Record<string, string>): Record<string, string> {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return Object.fromEntries((err as ConfigError).problems.map((p) => [p.key, p.message]));
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration', () => {
  test('defaults apply and the result is frozen', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({
      PORT: 3000,
      LOG_LEVEL: 'info',
      DEFAULT_LOCALE: 'en',
      DEFAULT_TIME_ZONE: 'Asia/Shanghai',
      ADMIN_USER_IDS: [],
    });
    expect(Object.isFrozen(config)).toBe(true);
    // DEFAULT_LOCALE left unset: an OAuth install seeds a new workspace from the browser.
    expect(config.defaultLocaleSet).toBe(false);
    expect(loadConfig({ ...valid, DEFAULT_LOCALE: 'en' }).defaultLocaleSet).toBe(true);
  });

  test('every bad key is reported at once, each with its reason', () => {
    expect(
      problems({
        SLACK_BOT_TOKEN: 'xoxp-user',
        PORT: '99999',
        LOG_LEVEL: 'loud',
        SLACK_API_URL: 'not a url',
        TRIAGE_CHANNEL_ID: '#support',
        DEFAULT_LOCALE: 'fr',
      }),
    ).toEqual({
      SLACK_BOT_TOKEN: 'must be a bot token (xoxb-...)',
      SLACK_SIGNING_SECRET:
        'required in HTTP mode (set it, or set SLACK_APP_TOKEN for Socket Mode)',
      PORT: 'must be a port number from 0 to 65535',
      LOG_LEVEL: 'must be one of fatal, error, warn, info, debug, trace, silent',
      SLACK_API_URL: 'must be a URL such as https://slack.com/api/',
      TRIAGE_CHANNEL_ID: 'must be a Slack channel id such as C0123456789',
      DEFAULT_LOCALE: 'must be one of en, zh-CN',
    });
  });

  test('a submission ack budget is a number of ms from 0 (the default: ack once the input is checked) to 2500', () => {
    expect(loadConfig(valid).SLACK_SUBMIT_ACK_BUDGET_MS).toBe(0);
    expect(
      loadConfig({ ...valid, SLACK_SUBMIT_ACK_BUDGET_MS: '50' }).SLACK_SUBMIT_ACK_BUDGET_MS,
    ).toBe(50);
    expect(problems({ ...valid, SLACK_SUBMIT_ACK_BUDGET_MS: '3000' })).toEqual({
      SLACK_SUBMIT_ACK_BUDGET_MS: 'must be a number of ms from 0 to 2500',
    });
  });

  test('Socket Mode needs no signing secret', () => {
    expect(
      loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).SLACK_APP_TOKEN,
    ).toBe('xapp-1');
  });

  test('empty values count as unset, so `KEY=` in .env falls back to the default', () => {
    expect(loadConfig({ ...valid, PORT: '', MONGODB_URI: '  ', LOG_LEVEL: '' })).toMatchObject({
      PORT: 3000,
      LOG_LEVEL: 'info',
    });
    expect(loadConfig({ ...valid, MONGODB_URI: '' }).MONGODB_URI).toBeUndefined();
  });

  test('ADMIN_USER_IDS is a comma list; a bad entry is named by position', () => {
    expect(loadConfig({ ...valid, ADMIN_USER_IDS: ' U01ABC, W02DEF ,' }).ADMIN_USER_IDS).toEqual([
      'U01ABC',
      'W02DEF',
    ]);
    expect(problems({ ...valid, ADMIN_USER_IDS: 'U01ABC,alice' })).toEqual({
      ADMIN_USER_IDS: 'entry 2: must be a Slack user id such as U0123456789',
    });
  });

  // The desk refuses a payload id longer than Slack makes (32 characters): an admin or a channel
  // set in .env is held to the same shapes, or the seeded admin could never match a request.
  test('ids in .env are held to the shapes the desk takes from Slack', () => {
    const long = `U${'A'.repeat(32)}`;
    expect(problems({ ...valid, ADMIN_USER_IDS: `U01ABC,${long}` })).toEqual({
      ADMIN_USER_IDS: 'entry 2: must be a Slack user id such as U0123456789',
    });
    expect(Object.keys(problems({ ...valid, TRIAGE_CHANNEL_ID: `C${'1'.repeat(32)}` }))).toEqual([
      'TRIAGE_CHANNEL_ID',
    ]);
    expect(loadConfig({ ...valid, ADMIN_USER_IDS: `U${'A'.repeat(31)}` }).ADMIN_USER_IDS).toEqual([
      `U${'A'.repeat(31)}`,
    ]);
  });

  // `npm start` said only "failed to start: Invalid URL" for these, naming no key.
  test('a URL key given something that is no URL is named with its reason, never a bare crash', () => {
    expect(
      problems({
        ...valid,
        SLACK_RESPONSE_URL_ORIGINS: 'hooks.slack.com',
        SLACK_REDIRECT_URI: 'desk.example.com/slack/oauth_redirect',
        SLACK_API_URL: 'ftp://slack.example/api/',
      }),
    ).toEqual({
      SLACK_RESPONSE_URL_ORIGINS: 'entry 1: must be an origin such as https://hooks.slack.com',
      SLACK_REDIRECT_URI: 'must be the public URL of /slack/oauth_redirect',
      SLACK_API_URL: 'must be a URL such as https://slack.com/api/',
    });
  });

  test('SLACK_API_URL gets its trailing slash, as the Web API client needs', () => {
    expect(loadConfig({ ...valid, SLACK_API_URL: 'http://127.0.0.1:9/api' }).SLACK_API_URL).toBe(
      'http://127.0.0.1:9/api/',
    );
  });
});

describe('a token that is only its prefix, as .env.example shows it', () => {
  const missingBotToken = problems({ SLACK_SIGNING_SECRET: valid.SLACK_SIGNING_SECRET });

  test('a missing bot token says what it is and where to find it', () => {
    expect(missingBotToken).toEqual({
      SLACK_BOT_TOKEN:
        'required (the Bot User OAuth Token, xoxb-..., from OAuth & Permissions after installing the app), unless the OAuth keys are set (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, CARE_DESK_TOKEN_KEYS) to install in several workspaces',
    });
  });

  test('SLACK_BOT_TOKEN=xoxb- (or xoxb-...) is refused with the same message as a missing one', () => {
    for (const placeholder of ['xoxb-', ' xoxb- ', 'xoxb-...', 'xoxb-…'])
      expect(problems({ ...valid, SLACK_BOT_TOKEN: placeholder })).toEqual(missingBotToken);
    expect(loadConfig({ ...valid, SLACK_BOT_TOKEN: 'xoxb-1-a' }).SLACK_BOT_TOKEN).toBe('xoxb-1-a');
  });

  test('SLACK_APP_TOKEN=xapp- means Socket Mode without its token: refused as missing, no signing secret asked', () => {
    const expected = {
      SLACK_APP_TOKEN:
        'required in Socket Mode (an App-Level Token, xapp-..., from Basic Information -> App-Level Tokens, scope connections:write); leave it empty for HTTP mode',
    };
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-' })).toEqual(expected);
    expect(problems({ ...valid, SLACK_APP_TOKEN: 'xapp-...' })).toEqual(expected);
  });

  test('.env.example copied as it is: both tokens and the signing secret are named as missing', () => {
    const example = parseEnv(readFileSync('.env.example', 'utf8')) as Record<string, string>;
    expect(example.SLACK_BOT_TOKEN).toBe('xoxb-');
    expect(problems(example)).toEqual({
      SLACK_BOT_TOKEN: missingBotToken.SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET:
        'required in HTTP mode (set it, or set SLACK_APP_TOKEN for Socket Mode)',
    });
  });
});

describe('OAuth mode (several workspaces) or single-token mode', () => {
  const oauth = {
    SLACK_SIGNING_SECRET: 'abcdefgh12345678',
    SLACK_CLIENT_ID: '1234567890.9876543210',
    SLACK_CLIENT_SECRET: '0123456789abcdef0123456789abcdef',
    SLACK_STATE_SECRET: 'state-secret-0123456789abcdef-0123456789',
    CARE_DESK_TOKEN_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  };

  test('the start-up line says HTTP or Socket Mode, single-token or OAuth, and which Slack, with no secret', () => {
    expect(runMode(loadConfig(valid))).toEqual({
      mode: 'http',
      installMode: 'single',
      slackApi: 'slack.com',
    });
    expect(
      runMode(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-SECRET' })),
    ).toMatchObject({ mode: 'socket', installMode: 'single' });
    const oauthMode = runMode(
      loadConfig({ ...oauth, SLACK_API_URL: 'http://user:pw-SECRET@127.0.0.1:9/api/' }),
    );
    expect(oauthMode).toEqual({
      mode: 'http',
      installMode: 'oauth',
      slackApi: '127.0.0.1:9 (SLACK_API_URL)',
    });
    expect(JSON.stringify(oauthMode)).not.toMatch(/SECRET|secret|xoxb|xapp/);
  });

  test('the four OAuth keys without SLACK_BOT_TOKEN: OAuth mode, no bot token needed', () => {
    const config = loadConfig({ ...oauth, SLACK_BOT_TOKEN: 'xoxb-' });
    expect(installMode(config)).toBe('oauth');
    expect(config.SLACK_BOT_TOKEN).toBeUndefined();
    expect(installMode(loadConfig(valid))).toBe('single');
  });

  test('a bot token with OAuth keys is refused with one message naming both ways', () => {
    expect(problems({ ...oauth, SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual({
      SLACK_BOT_TOKEN: expect.stringMatching(
        /^cannot be set together with SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, CARE_DESK_TOKEN_KEYS: set SLACK_BOT_TOKEN for one workspace/,
      ),
    });
  });

  test('some OAuth keys but not all: the missing ones are named', () => {
    const { CARE_DESK_TOKEN_KEYS: _k, SLACK_STATE_SECRET: _s, ...partial } = oauth;
    expect(problems(partial)).toEqual({
      SLACK_STATE_SECRET: expect.stringContaining(
        'missing SLACK_STATE_SECRET, CARE_DESK_TOKEN_KEYS',
      ),
    });
  });

  test('OAuth mode with Socket Mode is refused: the redirect needs HTTP mode', () => {
    expect(problems({ ...oauth, SLACK_APP_TOKEN: 'xapp-1' })).toEqual({
      SLACK_APP_TOKEN: expect.stringContaining('OAuth mode runs in HTTP mode'),
    });
  });

  test('a bad key list is refused without echoing it', () => {
    const secret = Buffer.alloc(16, 9).toString('base64');
    const found = problems({ ...oauth, CARE_DESK_TOKEN_KEYS: `k1:${secret}` });
    expect(found).toEqual({
      CARE_DESK_TOKEN_KEYS: 'entry 1: key k1 must be 32 bytes in base64 (openssl rand -base64 32)',
    });
    expect(JSON.stringify(found)).not.toContain(secret);
  });

  test('the redirect URI must be the public URL of /slack/oauth_redirect', () => {
    expect(problems({ ...oauth, SLACK_REDIRECT_URI: 'https://desk.example.com/cb' })).toEqual({
      SLACK_REDIRECT_URI: 'must end in /slack/oauth_redirect',
    });
  });
});
