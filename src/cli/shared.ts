import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { LevelWithSilent } from 'pino';
import { z } from 'zod';
import { systemClock } from '../clock.js';
import type { Ctx, CtxInput } from '../context.js';
import { ConfigError, loadToolConfig, readEnvFile, type ToolConfig } from '../config.js';
import { connectDatabase, type Database } from '../db/connection.js';
import { databaseName, resolveDatabase, type EngineKind } from '../db/engine.js';
import { createLogger, type Logger } from '../logger.js';
import { createServices, type Services } from '../services.js';
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

/** `1 customer`, `2 customers`, `0 customers`: a count with its noun, singular for one. */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** Runs a tool's main and exits with its code; a configuration error prints its list of keys. */
export function runCli(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      const message =
        err instanceof ConfigError ? err.message : `${name}: ${(err as Error).message}`;
      process.stderr.write(`${message}\n`);
      process.exit(1);
    },
  );
}

/**
 * Parse options for a tool's arguments: an argument left out is said to be required (zod's own
 * words, "Invalid input: expected string, received undefined", read as a bug to an operator).
 */
export const ARGS_PARSE = {
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'required' : undefined),
};

/** `--team`: a workspace (team) or an org (enterprise) id, as the tools take it. */
export const teamIdArg = z
  .string({
    error: (issue) =>
      issue.input === undefined ? 'required (a Slack team id such as T0123ABCD)' : undefined,
  })
  .regex(/^[TE][A-Z0-9]{2,}$/, 'a Slack team id such as T0123ABCD');

/** `--as`: the Slack user a tool acts as (held to that user's roles). */
export const userIdArg = z
  .string({
    error: (issue) =>
      issue.input === undefined ? 'required (a Slack user id such as U0123ABCD)' : undefined,
  })
  .regex(/^[UW][A-Z0-9]{2,}$/, 'a Slack user id such as U0123ABCD');

/**
 * Refuses a `--team` no workspace has yet (a typo would otherwise create an empty workspace and
 * run against it): the line on stderr, naming the team id and the known ones, and the exit code
 * (2, as for any other bad argument); null when the workspace exists. A workspace is made only by
 * the app: when it is installed there, or at its first request from there.
 */
export async function refuseUnknownTeam(
  workspaces: Pick<WorkspaceService, 'teamIds'>,
  teamId: string,
): Promise<number | null> {
  const known = await workspaces.teamIds();
  if (known.includes(teamId)) return null;
  const shown = known.length > 10 ? [...known.slice(0, 10), '…'] : known;
  process.stderr.write(
    `team: no workspace ${teamId} (${known.length ? `known: ${shown.join(', ')}` : 'none yet'}); a workspace is made when the app is installed there or first used there\n`,
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
): Promise<Ctx | number> {
  const unknown = await refuseUnknownTeam(services.workspaces, input.teamId);
  return unknown ?? services.workspaces.context(input);
}

/**
 * The command line read by node's parseArgs, or the exit code 2 after the usage when an option
 * is unknown or malformed (`--contact` for `--contacts`), as for any other bad argument.
 */
export function readArgs<T extends ParseArgsConfig>(
  config: T,
  usage: string,
): ReturnType<typeof parseArgs<T>> | number {
  try {
    return parseArgs(config);
  } catch (err) {
    process.stderr.write(`arguments: ${(err as Error).message}\n${usage}\n`);
    return 2;
  }
}

/** Arguments a tool refuses: each problem and the usage on stderr; the exit code (2). */
export function refuseArguments(error: z.ZodError, usage: string): number {
  process.stderr.write(
    `${error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('\n')}\n${usage}\n`,
  );
  return 2;
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
 * read first, info lines quietened to warnings), and closes the database after.
 */
export async function withServices<T>(
  work: (services: Services, log: Logger) => Promise<T>,
): Promise<T> {
  loadDotEnv();
  const config = loadToolConfig(process.env);
  const log = toolLogger(config.LOG_LEVEL);
  const { db, close } = await openDatabase(config, log);
  try {
    return await work(createServices(db, seedFromConfig(config), systemClock), log);
  } finally {
    await close();
  }
}
