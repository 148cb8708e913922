import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolve } from 'node:path';
import type { LevelWithSilent } from 'pino';
import { z } from 'zod';
import { systemClock, type Clock } from '../clock.js';
import { SYSTEM_ACTOR, type Ctx, type CtxInput } from '../context.js';
import {
  ConfigError,
  loadToolConfig,
  readEnvFile,
  type ConfigProblem,
  type ToolConfig,
} from '../config.js';
import {
  connectDatabase,
  DatabaseUnreachableError,
  hostsOf,
  type Database,
} from '../db/connection.js';
import { databaseName, NoDatabaseError, resolveDatabase, type EngineKind } from '../db/engine.js';
import { DataFileInUseError } from '../db/standin.js';
import { AppError, classifyError } from '../errors.js';
import {
  isMessageKey,
  listParams,
  LOCALES,
  tPlainText,
  type Locale,
  type MessageKey,
  type MessageParams,
} from '../i18n/index.js';
import { createLogger, type Logger } from '../logger.js';
import { HomeNotifier } from '../notify/home.js';
import { TaskNotifier } from '../notify/tasks.js';
import { RequesterNotifier } from '../notify/requester.js';
import { TicketNotifier } from '../notify/tickets.js';
import type { OutboxService } from '../outbox/service.js';
import { createServices, type Services } from '../services.js';
import { previousPrivacySecret, privacySecret, userKeys } from '../privacy/user-key.js';
import { SLACK_ID } from '../slack-ids.js';
import { seedFromConfig, type WorkspaceService } from '../workspace/service.js';

/** The settings file the app reads (ENV_FILE, else `.env`), for the command-line tools too. */
export function loadDotEnv(): void {
  readEnvFile();
}

/** The database the app would use (MONGODB_URI, else the embedded one in DATA_DIR). */
export async function openDatabase(
  config: ToolConfig,
  log: Logger,
): Promise<{ db: Database; engine: EngineKind; close(): Promise<void> }> {
  databaseRead = { uri: config.MONGODB_URI, dataDir: config.DATA_DIR };
  const engine = await resolveDatabase({
    uri: config.MONGODB_URI,
    dataDir: config.MONGODB_URI ? undefined : config.DATA_DIR,
    log,
  });
  const db = await connectDatabase(engine.uri, databaseName(config.MONGODB_URI), log, {
    source: engine.description,
  });
  return {
    db,
    engine: engine.kind,
    async close() {
      await db.close();
      await engine.stop();
    },
  };
}

/**
 * The clock a tool reads the time on: the system's. In tests only (NODE_ENV=test),
 * CARE_DESK_NOW=<ISO time> sets it to that time at the start, and it runs on from there, so
 * that a test can assert the times a tool prints (a job's retry) as its app's clock shows them.
 */
export function toolClock(env: NodeJS.ProcessEnv = process.env): Clock {
  const at = env.NODE_ENV === 'test' ? env.CARE_DESK_NOW : undefined;
  if (!at) return systemClock;
  const start = Date.parse(at);
  if (Number.isNaN(start)) throw new Error(`CARE_DESK_NOW is no time: ${at}`);
  const started = Date.now();
  return { now: () => new Date(start + (Date.now() - started)) };
}

/**
 * A tool's words for the operator: a catalogue message in the tool's language, as plain text (a
 * terminal shows no mrkdwn), the parameters as they are. `locale` is that language.
 */
export interface Say {
  (key: MessageKey, params?: MessageParams): string;
  readonly locale: Locale;
}

export function sayIn(locale: Locale): Say {
  return Object.assign(
    (key: MessageKey, params?: MessageParams) => tPlainText(locale, key, params),
    {
      locale,
    },
  );
}

/** Whom a tool acts for: its `--team`, and its `--as` user. */
export interface ToolActor {
  team: string;
  as: string;
}

/**
 * The messages of the services that tell a person in Slack to do something in Slack ("An admin
 * can give you a role with /desk roles", "Try /customer find"), as a tool says them in a
 * terminal instead: which `--as` user lacks which role and where it is given (by an admin in
 * Slack with /desk roles; `npm run admins` while the desk has no admin), the terminal's way to
 * look a code up. Each is given the message's own parameters, with `team` and `actor` (the
 * `--as` user).
 */
const IN_TERMINAL: Partial<Record<MessageKey, MessageKey>> = {
  'permission.denied.roleNoAdmin': 'cli.refusal.roleNoAdmin',
  'permission.denied.admin': 'cli.refusal.admin',
  'permission.denied.adminAsk': 'cli.refusal.adminAsk',
  'permission.denied.noAdmin': 'cli.refusal.noAdmin',
  // A tool cannot ask Slack whether a person the roles name nowhere is a guest (`unchecked`).
  'permission.denied.guestReadUnchecked': 'cli.refusal.guestRead',
  'permission.denied.guestReadUncheckedAsk': 'cli.refusal.guestRead',
  'permission.denied.guestReadUncheckedNoAdmin': 'cli.refusal.guestRead',
  // Said in Slack naming the admins or with the no-admin line: in a terminal as it was.
  'permission.denied.guestUncheckedAsk': 'permission.denied.guestUnchecked',
  'permission.denied.guestUncheckedNoAdmin': 'permission.denied.guestUnchecked',
  'customer.error.notFound': 'cli.privacy.noCustomer',
};

/**
 * A message of the services as a tool acting for `who` prints it: its terminal words when it
 * has some (`IN_TERMINAL`), else as Slack says it. Every refusal a tool prints (an import's
 * refused row, a privacy request refused) goes through here.
 */
export function inTerminal(
  key: MessageKey,
  params: MessageParams,
  who: ToolActor,
): { key: MessageKey; params: MessageParams } {
  const instead = IN_TERMINAL[key];
  return instead
    ? { key: instead, params: { ...params, team: who.team, actor: who.as } }
    : { key, params };
}

/** A refusal of the services (an AppError) as a tool acting for `who` says it (`inTerminal`). */
export function refusalText(err: AppError, who: ToolActor, say: Say): string {
  const { key, params } = inTerminal(err.messageKey, err.params, who);
  return say(key, params);
}

/** The language of the environment: LC_ALL, else LC_MESSAGES, else LANG; `zh…` is zh-CN. */
export function environmentLocale(env: NodeJS.ProcessEnv): Locale {
  const tag = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(tag) ? 'zh-CN' : 'en';
}

/** The value of `--locale` (`--locale zh-CN` or `--locale=zh-CN`) on the command line, if any. */
function localeArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === '--locale') return argv[i + 1];
    if (arg.startsWith('--locale=')) return arg.slice('--locale='.length);
  }
  return undefined;
}

/**
 * Runs a tool's main in the operator's language (`--locale en|zh-CN`, else the environment's,
 * else English) and exits with its code; what made it fail is said in that language too
 * (`failureText`).
 */
export function runCli(name: string, main: (say: Say) => Promise<number>): void {
  const asked = localeArgument(process.argv.slice(2));
  const fallback = sayIn(environmentLocale(process.env));
  if (asked !== undefined && !(LOCALES as readonly string[]).includes(asked)) {
    process.stderr.write(
      `${fallback('cli.args.problem', {
        name: 'locale',
        problem: fallback('cli.args.oneOf', listParams(fallback.locale, { values: [...LOCALES] })),
      })}\n`,
    );
    process.exit(2);
  }
  const say = asked === undefined ? fallback : sayIn(asked as Locale);
  // Piped into `head` or a pager closed early, the reader goes away: the work goes on (an import
  // still imports its other files), what it would print is dropped, and no stack trace is said.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  main(say).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${failureText(name, err, say)}\n`);
      process.exit(1);
    },
  );
}

/**
 * What made a tool fail, in the operator's language: a bad configuration as its list of keys;
 * a database that cannot be reached, or none at all, or the embedded one in use, as `npm start`
 * says it in English; the database lost on the way, or anything else, as a failure with the
 * error's own (English) words after it; a refusal of the services as the catalogue says it.
 */
export function failureText(name: string, err: unknown, say: Say): string {
  if (err instanceof ConfigError)
    return [
      say('config.invalid'),
      ...err.problems.map(
        (p) => `  ${say('cli.args.problem', { name: p.key, problem: configProblemText(p, say) })}`,
      ),
    ].join('\n');
  if (err instanceof NoDatabaseError)
    return [say('db.none'), ...err.reasons.map((r) => `  - ${r}`)].join('\n');
  const problem = (() => {
    if (err instanceof DatabaseUnreachableError) {
      const params = { hosts: err.hosts, detail: err.detail };
      return err.source
        ? say('db.unreachableFrom', { ...params, source: err.source })
        : say('db.unreachable', params);
    }
    if (err instanceof DataFileInUseError) return say('db.fileInUse', { file: err.file });
    if (err instanceof AppError) return say(err.plainKey ?? err.messageKey, err.params);
    const detail = (err as Error).message;
    return classifyError(err).code === 'DB_UNAVAILABLE'
      ? say('cli.failed.database', { detail })
      : say('cli.failed.other', { detail });
  })();
  return say('cli.failed', { tool: name, problem });
}

/** One key of a bad configuration: the catalogue's words when it has them, else as it came. */
function configProblemText(problem: ConfigProblem, say: Say): string {
  const said = problem.said;
  if (!said) return problem.message;
  const text = say(said.key, { ...said.params, ...listParams(say.locale, said.lists) });
  return said.entry === undefined
    ? text
    : say('config.entry', { entry: said.entry, problem: text });
}

/**
 * Parse options for a tool's arguments: an argument left out is said to be required (zod's own
 * words, "Invalid input: expected string, received undefined", read as a bug to an operator).
 */
export const ARGS_PARSE = {
  error: (issue: { input?: unknown }) =>
    issue.input === undefined ? ('cli.args.required' satisfies MessageKey) : undefined,
};

/** `--team`: a workspace (team) or an org (enterprise) id, as the tools take it. */
export const teamIdArg = z
  .string({
    error: (issue) =>
      issue.input === undefined ? ('cli.args.teamRequired' satisfies MessageKey) : undefined,
  })
  .regex(SLACK_ID.workspace, 'cli.args.teamId' satisfies MessageKey);

/** `--as`: the Slack user a tool acts as (held to that user's roles). */
export const userIdArg = z
  .string({
    error: (issue) =>
      issue.input === undefined ? ('cli.args.userRequired' satisfies MessageKey) : undefined,
  })
  .regex(SLACK_ID.user, 'cli.args.userId' satisfies MessageKey);

/** The database openDatabase opened (said when it holds no workspace at all). */
let databaseRead: { uri?: string | undefined; dataDir: string } | undefined;

/**
 * Refuses a `--team` no workspace has yet (a typo would otherwise create an empty workspace and
 * run against it): the line on stderr, naming the team id and the known ones, and the exit code
 * (2, as for any other bad argument); null when the workspace exists. A workspace is made only by
 * the app: when it is installed there, or at its first request from there.
 */
export async function refuseUnknownTeam(
  workspaces: Pick<WorkspaceService, 'teamIds'>,
  teamId: string,
  say: Say,
): Promise<number | null> {
  const known = await workspaces.teamIds();
  if (known.includes(teamId)) return null;
  const shown = known.length > 10 ? [...known.slice(0, 10), '…'] : known;
  const problem = known.length
    ? say('cli.team.unknown', { teamId, ...listParams(say.locale, { known: shown }) })
    : say('cli.team.unknownNone', { teamId });
  process.stderr.write(`${say('cli.args.problem', { name: 'team', problem })}\n`);
  // No workspace at all: maybe not the desk's database (run from another folder, its `.env` and
  // `.data` not found there): which one was read, never its user and password.
  if (!known.length && databaseRead)
    process.stderr.write(
      `${
        databaseRead.uri
          ? say('cli.team.lookedInUri', { hosts: hostsOf(databaseRead.uri) })
          : say('cli.team.lookedInData', { dir: resolve(databaseRead.dataDir) })
      }\n`,
    );
  return 2;
}

/**
 * The context a tool works in for `--team`: refused as refuseUnknownTeam does (the exit code
 * returned) when no workspace has that team id yet.
 */
export async function teamContext(
  services: Pick<Services, 'workspaces'>,
  input: Omit<CtxInput, 'settings'>,
  say: Say,
): Promise<Ctx | number> {
  const unknown = await refuseUnknownTeam(services.workspaces, input.teamId, say);
  return unknown ?? services.workspaces.context(input);
}

/**
 * The context of a tool's work for `--team` that no one in Slack asked for (a report, an admin
 * added back): the system as the actor, now, the tool's logger; refused as teamContext does.
 */
export function jobContext(
  services: Pick<Services, 'workspaces'>,
  teamId: string,
  log: Logger,
  say: Say,
): Promise<Ctx | number> {
  return teamContext(
    services,
    { teamId, actor: SYSTEM_ACTOR, now: toolClock().now(), log, origin: 'job' },
    say,
  );
}

/**
 * The command line read by node's parseArgs, with `--locale` (read by runCli) and `--help` (the
 * usage on stdout, exit code 0) taken by every tool; or the exit code 2 after the usage when an
 * option is unknown or malformed (`--contact` for `--contacts`), as for any other bad argument.
 */
export function readArgs<T extends ParseArgsConfig>(
  config: T,
  usage: string,
  say: Say,
): ReturnType<typeof parseArgs<T>> | number {
  let read: ReturnType<typeof parseArgs<T>>;
  try {
    read = parseArgs({
      ...config,
      options: {
        ...config.options,
        locale: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }) as ReturnType<typeof parseArgs<T>>;
  } catch (err) {
    const problem = parseProblem(err as Error & { code?: string }, say);
    process.stderr.write(
      `${say('cli.args.problem', { name: say('cli.args.arguments'), problem })}\n${usage}\n`,
    );
    return 2;
  }
  const values = read.values as Record<string, unknown>;
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  delete values.help;
  delete values.locale;
  return read;
}

/** What node's parseArgs refused, in the tool's language (node says it in English). */
function parseProblem(err: Error & { code?: string }, say: Say): string {
  const quoted = /'([^']*)'/.exec(err.message)?.[1] ?? '';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return say('cli.args.unknownOption', { option: quoted });
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return say('cli.args.unexpected', { argument: quoted });
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      // Named as `--team <value>` or `-t, --team <value>`: said as the long option.
      const option = quoted.replace(/ <value>$/, '').replace(/^-\w, /, '');
      // A value left out before the next option (`--team --as U1`): node calls it ambiguous.
      if (/ argument is ambiguous/.test(err.message))
        return say('cli.args.ambiguousValue', { option });
      if (/ does not take an argument/.test(err.message))
        return say('cli.args.noValue', { option });
      if (/ argument missing/.test(err.message)) return say('cli.args.missingValue', { option });
      return say('cli.args.unreadable', { detail: err.message });
    }
    default:
      return say('cli.args.unreadable', { detail: err.message });
  }
}

/**
 * A tool's arguments: the command line read (`readArgs`), then what `input` makes of it (its
 * positionals named, its options renamed) checked by `schema`; or the exit code, the usage
 * printed, when `--help` was asked or an argument is refused (`refuseArguments`). A tool of
 * several commands names the options each takes (`commands`, by the first positional): an
 * option of another command (`import --lang`, `export --file`) is refused as an unknown one is,
 * not taken and ignored.
 */
export function parsedArgs<T extends ParseArgsConfig, S extends z.ZodType>(
  config: T,
  schema: S,
  input: (read: ReturnType<typeof parseArgs<T>>) => unknown,
  usage: string,
  say: Say,
  commands?: Readonly<Record<string, readonly string[]>>,
): z.output<S> | number {
  const read = readArgs(config, usage, say);
  if (typeof read === 'number') return read;
  const command = read.positionals?.[0];
  const takes = command === undefined ? undefined : commands?.[command];
  const other = takes && Object.keys(read.values).find((option) => !takes.includes(option));
  if (other) {
    const problem = say('cli.args.notForCommand', { option: `--${other}`, command: command! });
    process.stderr.write(
      `${say('cli.args.problem', { name: say('cli.args.arguments'), problem })}\n${usage}\n`,
    );
    return 2;
  }
  const parsed = schema.safeParse(input(read), ARGS_PARSE);
  if (!parsed.success) return refuseArguments(parsed.error, usage, say);
  return parsed.data;
}

/** Arguments a tool refuses: each problem and the usage on stderr; the exit code (2). */
export function refuseArguments(error: z.ZodError, usage: string, say: Say): number {
  const lines = error.issues.map((issue) =>
    say('cli.args.problem', {
      name: issue.path.join('.') || say('cli.args.arguments'),
      problem: issueText(issue, say),
    }),
  );
  process.stderr.write(`${lines.join('\n')}\n${usage}\n`);
  return 2;
}

/**
 * One argument problem in the tool's language: the tools' own messages are catalogue keys
 * (`cli.args.teamId`); zod's own (a value not in the list, not an ISO time, too long) are said
 * from the issue.
 */
function issueText(issue: z.ZodError['issues'][number], say: Say): string {
  // A word left out that takes a list (a tool's command, a job's name): which words it takes.
  if (issue.message === 'cli.args.required' && issue.code === 'invalid_value')
    return say(
      'cli.args.requiredOneOf',
      listParams(say.locale, { values: issue.values.map((v) => String(v)) }),
    );
  if (isMessageKey(issue.message)) return say(issue.message);
  switch (issue.code) {
    case 'invalid_value':
      return say(
        'cli.args.oneOf',
        listParams(say.locale, { values: issue.values.map((v) => String(v)) }),
      );
    case 'invalid_format':
      return issue.format === 'datetime' ? say('cli.args.isoTime') : say('cli.args.invalid');
    case 'too_big':
      return say('cli.args.tooLong', { max: Number(issue.maximum) });
    default:
      // zod's own words are English: said as a value not taken, whatever the check was.
      return say('cli.args.invalid');
  }
}

/**
 * A tool's logger: info lines quietened to warnings (a tool's own lines on stdout say what it
 * did; pino's JSON lines would be mixed in with them), any other LOG_LEVEL as set.
 */
export function toolLogger(level: LevelWithSilent): Logger {
  return createLogger(level === 'info' ? 'warn' : level);
}

/**
 * Runs a tool's work with the services over the database the app would use (the settings file
 * read first, info lines quietened to warnings), and closes the database after. Its clock is
 * the tool's (`toolClock`: the system's, but in tests).
 */
export async function withServices<T>(
  work: (services: Services, log: Logger) => Promise<T>,
): Promise<T> {
  loadDotEnv();
  const config = loadToolConfig(process.env);
  const log = toolLogger(config.LOG_LEVEL);
  const { db, close } = await openDatabase(config, log);
  try {
    // The privacy log's user keys under the app's secret (PRIVACY_KEY, else the Slack ones).
    const keys = userKeys(privacySecret(config), previousPrivacySecret(config));
    return await work(
      createServices(db, seedFromConfig(config), toolClock(), { userKeys: keys }),
      log,
    );
  } finally {
    await close();
  }
}

/**
 * The ticket and Home notifiers of a tool with no Slack client (the CSV import, the privacy
 * erase): what Slack's paths send, written to the outbox for the running app to deliver.
 */
export function outboxNotifiers(outbox: OutboxService) {
  return {
    tickets: new TicketNotifier(outbox, async () => undefined, new RequesterNotifier(outbox)),
    homes: new HomeNotifier(outbox),
    tasks: new TaskNotifier(outbox),
    outbox: { kick: () => undefined },
  };
}
