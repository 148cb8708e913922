import { existsSync } from 'node:fs';
import { z } from 'zod';
import {
  isMessageKey,
  listParams,
  LOCALES,
  tPlainText,
  type MessageKey,
  type MessageParams,
} from './i18n/index.js';
import { tokenKeysProblem } from './install/crypto.js';
import { SLACK_ID } from './slack-ids.js';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const optionalChannel = z
  .string()
  .regex(SLACK_ID.channel, 'config.slackChannelId' satisfies MessageKey)
  .optional();

/** Keys the app and the command-line tools share: database, logging, workspace seeds. */
const sharedKeys = {
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'config.mongodbUri' satisfies MessageKey)
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ADMIN_USER_IDS: z
    .string()
    .transform((raw) =>
      raw
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(SLACK_ID.user, 'config.slackUserId' satisfies MessageKey)))
    .default([]),
  DEFAULT_TIME_ZONE: z
    .string()
    .refine(isTimeZone, 'config.timeZone' satisfies MessageKey)
    .default('Asia/Shanghai'),
  DEFAULT_LOCALE: z.enum(LOCALES).default('en'),
  TRIAGE_CHANNEL_ID: optionalChannel,
  ESCALATION_CHANNEL_ID: optionalChannel,
  ALERTS_CHANNEL_ID: optionalChannel,
  DIGEST_CHANNEL_ID: optionalChannel,
  /**
   * Keys the privacy log's Slack user keys (src/privacy/user-key.ts): an operator's secret, kept
   * for good (a new one leaves older entries unfound by `log --user`). Unset: the signing
   * secret, else the app-level token.
   */
  PRIVACY_KEY: z
    .string()
    .min(32, 'must be at least 32 characters (openssl rand -hex 32)')
    .optional(),
  /**
   * The privacy secret the user keys were written under before (the signing secret when
   * PRIVACY_KEY was set after the upgrade): looked up too, so that those entries are found.
   */
  PRIVACY_KEY_PREVIOUS: z.string().min(8, 'must be the earlier privacy secret').optional(),
};

/** The Slack secrets the privacy log's user keys fall back on (src/privacy/user-key.ts). */
const slackSecrets = {
  SLACK_SIGNING_SECRET: z.string().min(8, 'must be the app signing secret').optional(),
  SLACK_APP_TOKEN: z
    .string()
    .startsWith('xapp-', 'must be an app-level token (xapp-...)')
    .optional(),
};

/** The tools read the Slack secrets only to key the privacy log's Slack users. */
const toolSchema = z.object({ ...sharedKeys, ...slackSecrets });

const schema = z.object({
  ...sharedKeys,
  // Required in single-token mode; absent in OAuth mode (checked in loadConfig).
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must be a bot token (xoxb-...)').optional(),
  /** OAuth mode (several workspaces): Basic Information -> App Credentials. */
  SLACK_CLIENT_ID: z
    .string()
    .regex(/^\d+\.\d+$/, 'must be the app Client ID (digits.digits, Basic Information)')
    .optional(),
  SLACK_CLIENT_SECRET: z.string().min(16, 'must be the app Client Secret').optional(),
  /** Signs the OAuth state (the install link's cookie and parameter): any long random string. */
  SLACK_STATE_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (openssl rand -hex 32)')
    .optional(),
  /** Where Slack sends the installer back (the public URL of /slack/oauth_redirect). */
  SLACK_REDIRECT_URI: z
    // abort: a value that is no URL is said once, and never reaches the check that parses it.
    .url({ error: 'must be the public URL of /slack/oauth_redirect', abort: true })
    .refine(
      (url) => new URL(url).pathname === '/slack/oauth_redirect',
      'must end in /slack/oauth_redirect',
    )
    .optional(),
  /** Keys sealing the installs' tokens: `id:base64key,...`, the first seals, every one opens. */
  CARE_DESK_TOKEN_KEYS: z
    .string()
    .superRefine((raw, ctx) => {
      const problem = tokenKeysProblem(raw);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  ...slackSecrets,
  PORT: z.coerce
    .number({ error: 'must be a port number from 0 to 65535' })
    .int('must be a port number from 0 to 65535')
    .min(0, 'must be a port number from 0 to 65535')
    .max(65535, 'must be a port number from 0 to 65535')
    .default(3000),
  SLACK_API_URL: z
    .url({ error: 'must be a URL such as https://slack.com/api/', protocol: /^https?$/ })
    .transform((url) => (url.endsWith('/') ? url : `${url}/`))
    .optional(),
  /**
   * Origins the app may post to when a payload or a modal names a URL (response_url): Slack's
   * own by default. The origin of SLACK_API_URL is accepted as well (see responseUrlOrigins).
   */
  SLACK_RESPONSE_URL_ORIGINS: z
    .string()
    .transform((raw) =>
      raw
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .url({ error: 'must be an origin such as https://hooks.slack.com', abort: true })
          .refine(
            (url) => new URL(url).origin === url.replace(/\/$/, ''),
            'must be an origin such as https://hooks.slack.com (scheme and host, no path)',
          ),
      ),
    )
    .default(['https://hooks.slack.com']),
  /**
   * Rehearsals and benchmarks only: the app's clock runs this many ms ahead of (or behind) the
   * system clock, for requests and jobs alike, so that a multi-instance run reaches a job's slot
   * (a Monday 09:00 digest, a breach) without waiting for it. Every instance must get the same.
   */
  CARE_DESK_CLOCK_OFFSET_MS: z.coerce
    .number({ error: 'must be a whole number of ms within a year either way' })
    .int('must be a whole number of ms within a year either way')
    .min(-366 * 86_400_000, 'must be a whole number of ms within a year either way')
    .max(366 * 86_400_000, 'must be a whole number of ms within a year either way')
    .default(0),
  /** The largest request body the HTTP endpoint reads, in KiB; bigger ones get 413. */
  SLACK_BODY_LIMIT_KB: z.coerce
    .number({ error: 'must be a size in KiB from 16 to 4096' })
    .int('must be a size in KiB from 16 to 4096')
    .min(16, 'must be a size in KiB from 16 to 4096')
    .max(4096, 'must be a size in KiB from 16 to 4096')
    .default(256),
  /**
   * How long a modal submission may save before it is acked with a "saving" view (0: as soon as
   * what was typed passed its checks, at the latest at SUBMIT_CHECKS_DEADLINE_MS); see
   * `submitAckBudgetMs` in src/slack/boundary.ts.
   */
  SLACK_SUBMIT_ACK_BUDGET_MS: z.coerce
    .number({ error: 'must be a number of ms from 0 to 2500' })
    .int('must be a number of ms from 0 to 2500')
    .min(0, 'must be a number of ms from 0 to 2500')
    .max(2500, 'must be a number of ms from 0 to 2500')
    .default(0),
});

/** What the command-line tools read: no Slack keys but the secrets keying the privacy log. */
export type ToolConfig = Readonly<z.output<typeof toolSchema>>;
export type Config = Readonly<
  z.output<typeof schema> & {
    /**
     * Whether the operator set DEFAULT_LOCALE (not its default): unset, an OAuth install seeds a
     * new workspace's language from the installing person's browser instead.
     */
    defaultLocaleSet?: boolean;
  }
>;

export interface ConfigProblem {
  key: string;
  /** In English, as `npm start` prints it. */
  message: string;
  /**
   * The message in the catalogue, for a tool that says it in the operator's language: a key,
   * its parameters and the lists among them (joined in the reader's language), and the entry of
   * a list setting it is about (1-based). Absent: `message` is all there is.
   */
  said?: {
    key: MessageKey;
    params?: MessageParams;
    lists?: Record<string, readonly string[]>;
    entry?: number;
  };
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: ConfigProblem[]) {
    super(
      ['Invalid configuration:', ...problems.map((p) => `  ${p.key}: ${p.message}`)].join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/**
 * The origins a response URL may have: SLACK_RESPONSE_URL_ORIGINS, plus the origin of
 * SLACK_API_URL when the Web API is pointed elsewhere (a stand-in of Slack answers both).
 */
export function responseUrlOrigins(config: Config): string[] {
  const origins = [...config.SLACK_RESPONSE_URL_ORIGINS];
  if (config.SLACK_API_URL) origins.push(new URL(config.SLACK_API_URL).origin);
  return [...new Set(origins)];
}

/** Keys whose value must never be printed. */
export const SECRET_KEYS = [
  'SLACK_BOT_TOKEN',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'CARE_DESK_TOKEN_KEYS',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'PRIVACY_KEY',
  'PRIVACY_KEY_PREVIOUS',
  'MONGODB_URI',
];

function problemsOf(error: z.ZodError, present: Record<string, unknown>): ConfigProblem[] {
  return error.issues.map((issue) => {
    const [key = '(environment)', index] = issue.path.map(String);
    const missing = issue.code === 'invalid_type' && !(key in present);
    const entry = index === undefined ? '' : `entry ${Number(index) + 1}: `;
    if (missing) return { key, message: MISSING_TOKEN[key] ?? 'required' };
    const at = index === undefined ? {} : { entry: Number(index) + 1 };
    if (isMessageKey(issue.message))
      return {
        key,
        message: `${entry}${tPlainText('en', issue.message)}`,
        said: { key: issue.message, ...at },
      };
    if (issue.code === 'invalid_value') {
      // Said in the catalogue's words ("must be one of en, zh-CN"), not zod's.
      const lists = { values: issue.values.map((v) => String(v)) };
      return {
        key,
        message: `${entry}${tPlainText('en', 'config.oneOf', listParams('en', lists))}`,
        said: { key: 'config.oneOf', lists, ...at },
      };
    }
    return { key, message: `${entry}${issue.message}` };
  });
}

/** The prefix of each token, as .env.example shows it (`SLACK_BOT_TOKEN=xoxb-`). */
const TOKEN_PREFIXES: Record<string, string> = {
  SLACK_BOT_TOKEN: 'xoxb-',
  SLACK_APP_TOKEN: 'xapp-',
};

/** Where each token comes from, said when it is missing (or only its prefix is there). */
const MISSING_TOKEN: Record<string, string> = {
  SLACK_BOT_TOKEN:
    'required (the Bot User OAuth Token, xoxb-..., from OAuth & Permissions after installing the app), unless the OAuth keys are set (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, CARE_DESK_TOKEN_KEYS) to install in several workspaces',
  SLACK_APP_TOKEN:
    'required in Socket Mode (an App-Level Token, xapp-..., from Basic Information -> App-Level Tokens, scope connections:write); leave it empty for HTTP mode',
};

/** A token's prefix alone (or with "..."), as copied from .env.example: no token at all. */
function isOnlyPrefix(key: string, value: string): boolean {
  const prefix = TOKEN_PREFIXES[key];
  return (
    prefix !== undefined &&
    value.startsWith(prefix) &&
    /^(\.\.\.|…)?$/.test(value.slice(prefix.length))
  );
}

/**
 * The environment's values for a schema's keys; empty values count as unset, and so does a
 * token that is only its prefix.
 */
function presentKeys(
  shape: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): Record<string, string> {
  return Object.fromEntries(
    Object.keys(shape)
      .map((key) => [key, env[key]?.trim()] as const)
      .filter(
        (entry): entry is readonly [string, string] =>
          entry[1] !== undefined && entry[1] !== '' && !isOnlyPrefix(entry[0], entry[1]),
      ),
  );
}

/** The command-line tools' configuration: parsed and frozen like the app's. */
export function loadToolConfig(env: NodeJS.ProcessEnv): ToolConfig {
  const present = presentKeys(toolSchema.shape, env);
  const parsed = toolSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(problemsOf(parsed.error, present));
  return Object.freeze(parsed.data);
}

/**
 * Parses the environment once. Empty values count as unset, so `KEY=` in a .env file falls back
 * to the default. Throws ConfigError listing every bad key; never echoes a value.
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const present = presentKeys(schema.shape, env);
  const parsed = schema.safeParse(present);
  const problems = parsed.success ? [] : problemsOf(parsed.error, present);
  // Single-token mode or OAuth mode (a missing bot token is said here, with both ways).
  problems.push(...installProblems(present));
  // An app token that is only its prefix says Socket Mode was meant: it is missing, not unset.
  const appToken = env.SLACK_APP_TOKEN?.trim();
  const socketModeMeant = appToken !== undefined && isOnlyPrefix('SLACK_APP_TOKEN', appToken);
  if (socketModeMeant) {
    problems.push({ key: 'SLACK_APP_TOKEN', message: MISSING_TOKEN.SLACK_APP_TOKEN! });
  }
  // Checked apart from the schema so it is reported even when other keys are bad too.
  if (!socketModeMeant && !present.SLACK_APP_TOKEN && !present.SLACK_SIGNING_SECRET) {
    problems.push({
      key: 'SLACK_SIGNING_SECRET',
      message: 'required in HTTP mode (set it, or set SLACK_APP_TOKEN for Socket Mode)',
    });
  }
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  return Object.freeze({ ...parsed.data, defaultLocaleSet: present.DEFAULT_LOCALE !== undefined });
}

/** The keys of OAuth mode: all of them, or none (single-token mode). */
export const OAUTH_KEYS = [
  'SLACK_CLIENT_ID',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'CARE_DESK_TOKEN_KEYS',
] as const;

/** Single-token mode (SLACK_BOT_TOKEN) or OAuth mode (installs from Slack's OAuth flow). */
export function installMode(config: Config): 'single' | 'oauth' {
  return config.SLACK_CLIENT_ID ? 'oauth' : 'single';
}

/**
 * How the desk runs, for its start-up line (no secret: no token, no URL credentials or path):
 * over HTTP or Socket Mode, with one bot token or OAuth installs, and the host of the Web API it
 * calls (SLACK_API_URL's, named so, else Slack's own).
 */
export function runMode(config: Config): {
  mode: 'http' | 'socket';
  installMode: 'single' | 'oauth';
  slackApi: string;
} {
  return {
    mode: config.SLACK_APP_TOKEN ? 'socket' : 'http',
    installMode: installMode(config),
    slackApi: config.SLACK_API_URL
      ? `${new URL(config.SLACK_API_URL).host} (SLACK_API_URL)`
      : 'slack.com',
  };
}

/**
 * One way to get tokens: SLACK_BOT_TOKEN (one workspace), or the four OAuth keys (installs,
 * each workspace its own token), in HTTP mode. Anything between is refused with one message.
 */
function installProblems(present: Record<string, string>): ConfigProblem[] {
  const oauth = OAUTH_KEYS.filter((k) => present[k]);
  const bot = Boolean(present.SLACK_BOT_TOKEN);
  if (bot && oauth.length)
    return [
      {
        key: 'SLACK_BOT_TOKEN',
        message: `cannot be set together with ${oauth.join(', ')}: set SLACK_BOT_TOKEN for one workspace (single-token mode), or ${OAUTH_KEYS.join(', ')} without it for installs through Slack's OAuth flow`,
      },
    ];
  if (!oauth.length) {
    if (bot) return [];
    return [{ key: 'SLACK_BOT_TOKEN', message: MISSING_TOKEN.SLACK_BOT_TOKEN! }];
  }
  const missing = OAUTH_KEYS.filter((k) => !present[k]);
  if (missing.length)
    return [
      {
        key: missing[0]!,
        message: `OAuth mode needs ${OAUTH_KEYS.join(', ')} together; missing ${missing.join(', ')} (or unset ${oauth.join(', ')} and set SLACK_BOT_TOKEN for one workspace)`,
      },
    ];
  if (present.SLACK_APP_TOKEN)
    return [
      {
        key: 'SLACK_APP_TOKEN',
        message:
          "OAuth mode runs in HTTP mode (Slack's redirect reaches /slack/oauth_redirect): unset SLACK_APP_TOKEN and set SLACK_SIGNING_SECRET",
      },
    ];
  return [];
}

/**
 * Reads the settings file into the environment, before the configuration is parsed: the file
 * ENV_FILE names when it is set, else `.env` in the working directory when there is one. Values
 * already in the environment win. The tests run the app and the tools with ENV_FILE=/dev/null,
 * so a developer's `.env` never changes them.
 */
export function readEnvFile(env: NodeJS.ProcessEnv = process.env): void {
  const named = env.ENV_FILE?.trim();
  if (!named) {
    if (existsSync('.env')) process.loadEnvFile('.env');
    return;
  }
  try {
    process.loadEnvFile(named);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const said = code
      ? { key: 'config.envFileCode' as const, params: { code } }
      : { key: 'config.envFile' as const };
    throw new ConfigError([
      { key: 'ENV_FILE', message: tPlainText('en', said.key, said.params), said },
    ]);
  }
}
