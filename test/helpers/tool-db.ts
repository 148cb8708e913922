// The cli test files' set-up for the tools run as child processes against a database of the
// file's own: its environment, its lifecycle (connected, cleared with the workspace made before
// each test, dropped), and `customers import` of files written from strings.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { loadToolConfig } from '../../src/config.js';
import { connectDatabase, type Database } from '../../src/db/connection.js';
import { createServices } from '../../src/services.js';
import { seedFromConfig } from '../../src/workspace/service.js';
import { childEnv } from './child.js';
import { clearDatabase } from './db.js';
import { toolArgs } from './jobs.js';
import { captureLogs } from './logs.js';
import { tempDir } from './temp.js';

/** The environment of a tool run on database `dbName` (on the tests' server), with `extra`. */
export function toolEnv(dbName: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return childEnv({ MONGODB_URI: `${inject('mongoUri').replace(/\/$/, '')}/${dbName}`, ...extra });
}

/**
 * Database `dbName` for this test file: connected before its tests, emptied before each with
 * the workspace `team` made as the app makes it (installed there, or its first request: the
 * tools refuse a team id they do not know), with `env`'s configuration (its admins), and
 * dropped after. The value is the connection (read once the tests run: `db.models...`).
 */
export function useToolDatabase(dbName: string, env: NodeJS.ProcessEnv, team: string): Database {
  let db: Database | undefined;
  beforeAll(async () => {
    db = await connectDatabase(inject('mongoUri'), dbName, captureLogs().log);
  });
  beforeEach(async () => {
    await clearDatabase(db!);
    await createServices(db!, seedFromConfig(loadToolConfig(env)), systemClock).workspaces.settings(
      team,
    );
  });
  afterAll(async () => {
    await db!.conn.dropDatabase();
    await db!.close();
  });
  return new Proxy({} as Database, {
    get: (_, key) => {
      if (!db) throw new Error(`useToolDatabase(${dbName}): read before the tests ran`);
      return Reflect.get(db, key) as unknown;
    },
  });
}

/** What a tool run printed, and how it ended. */
export interface ToolRun {
  code: number | null;
  out: string;
  err: string;
}

/** `customers` (the built tool) run with `args` in `env`, as an operator runs it. */
export function customersTool(env: NodeJS.ProcessEnv, ...args: string[]): ToolRun {
  const res = spawnSync(process.execPath, [...toolArgs('customers'), ...args], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

/** Where a tool run imports: its environment, workspace, `--as` user and `--at` if given. */
export interface ToolTarget {
  env: NodeJS.ProcessEnv;
  team: string;
  as: string;
  at?: string;
}

/**
 * `customers import --team <team> --as <as>` of `files` (`--file`, `--orders`, `--contacts`:
 * their contents, written to a folder of their own, `dir`), `--at` when the target has one, then
 * `extra` (`--locale`).
 */
export function importWithTool(
  target: ToolTarget,
  files: Record<string, string | Buffer>,
  ...extra: string[]
): ToolRun & { dir: string } {
  const dir = tempDir('csv-');
  const args = Object.entries(files).flatMap(([option, content]) => {
    const file = join(dir, `${option.replace(/^--/, '')}.csv`);
    writeFileSync(file, content);
    return [option, file];
  });
  const run = customersTool(
    target.env,
    'import',
    '--team',
    target.team,
    '--as',
    target.as,
    ...args,
    ...(target.at ? ['--at', target.at] : []),
    ...extra,
  );
  return { ...run, dir };
}
