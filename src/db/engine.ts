import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { tPlainText } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import { DataFileInUseError, startStandin } from './standin.js';

export type EngineKind = 'external' | 'mongod' | 'mongo-java-server';

export interface DatabaseEngine {
  kind: EngineKind;
  /** Connection string without a database name. */
  uri: string;
  /** Where the data lives, for the start-up log line (never the URI: it may hold a password). */
  description: string;
  stop(): Promise<void>;
}

export interface ResolveOptions {
  uri?: string | undefined;
  /** Keep data across restarts in this folder (npm start); tests leave it unset. */
  dataDir?: string | undefined;
  log: Logger;
  /** How long mongodb-memory-server may try before we fall back (its download fails fast here). */
  mongodTimeoutMs?: number;
  /** JVM options for the Java stand-in when JAVA_TOOL_OPTIONS is unset (tests, benchmarks). */
  standinJvmOptions?: string;
}

export class NoDatabaseError extends Error {
  readonly code = 'DB_UNAVAILABLE';
  /** What was tried, one line each (the libraries' own words). */
  constructor(readonly reasons: readonly string[]) {
    super([tPlainText('en', 'db.none'), ...reasons.map((r) => `  - ${r}`)].join('\n'));
    this.name = 'NoDatabaseError';
  }
}

/**
 * An error's message on one line, in full: mongodb-memory-server puts the cause of a failed
 * download after a line break ("Details:\n connect ECONNREFUSED ..."), which the first line
 * alone cut off.
 */
function oneLine(err: unknown): string {
  return (err as Error).message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} gave up after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** What mongodb-memory-server writes to the console (console.warn) when a mongod fails to start. */
const START_TRACE = 'Starting the MongoMemoryServer Instance failed';

/**
 * Runs `start` with mongodb-memory-server's start-failure warning (its message and the error's
 * stack, on stderr) kept off the console until `start` settles, even after we stopped waiting
 * for it: the error it throws carries the cause, which the caller logs as one line. Any other
 * console.warn goes on as it is.
 */
async function withoutStartTrace<T>(start: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  const filtered = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith(START_TRACE)) return;
    warn(...args);
  };
  console.warn = filtered;
  try {
    return await start();
  } finally {
    // Unless something else replaced it meanwhile.
    if (console.warn === filtered) console.warn = warn;
  }
}

/**
 * Tries mongodb-memory-server's own steps in its own order (a system mongod, else a cached one,
 * else a download; then starting it) and says in `tried`, one line each, every step that gave
 * nothing: its last error alone named a failed download, never that no MONGOMS_SYSTEM_BINARY was
 * set or where it looked for a cached binary. Undefined when there is no mongod to use.
 */
async function startMongod(
  dataDir: string | undefined,
  timeoutMs: number,
  tried: string[],
): Promise<DatabaseEngine | undefined> {
  // A download that cannot reach its host should fail after one attempt, not retry for minutes.
  process.env.MONGOMS_MAX_RETRIES ??= '1';
  const { DryMongoBinary, MongoBinary, MongoMemoryServer } = await import('mongodb-memory-server');
  let binary: string | undefined;
  try {
    // The options mongodb-memory-server resolves (env, package.json config, defaults): the
    // version, the system binary, and where a download would go (its downloadDir).
    const options = await DryMongoBinary.generateOptions();
    const version = `mongod ${options.version}`;
    if (options.systemBinary) {
      // Set, it is used or nothing is: mongodb-memory-server then neither looks in a cache nor
      // downloads.
      if (!(await DryMongoBinary.getSystemPath(resolve(options.systemBinary)))) {
        tried.push(
          `system mongod: MONGOMS_SYSTEM_BINARY=${options.systemBinary} is not an executable file (while it is set, no cached mongod is looked for and none is downloaded)`,
        );
        return undefined;
      }
      try {
        // Checks that it is a mongod (runs `mongod --version`).
        binary = await withTimeout(MongoBinary.getPath(), timeoutMs, 'checking the system mongod');
      } catch (err) {
        tried.push(`system mongod: MONGOMS_SYSTEM_BINARY=${options.systemBinary}: ${oneLine(err)}`);
        return undefined;
      }
    } else {
      tried.push('system mongod: MONGOMS_SYSTEM_BINARY is not set');
      // Probed before locateBinary, which deletes a cached binary it finds incomplete.
      const cache = await cacheProbe(DryMongoBinary, options);
      binary = await DryMongoBinary.locateBinary(options);
      if (!binary) {
        tried.push(`cached ${version}: ${cache}`);
        try {
          // Looks again (another process may have fetched it meanwhile), else downloads.
          binary = await withTimeout(MongoBinary.getPath(), timeoutMs, 'the download');
        } catch (err) {
          const message = oneLine(err);
          tried.push(
            /RUNTIME_DOWNLOAD: "false"/.test(message)
              ? `${version} download: turned off (MONGOMS_RUNTIME_DOWNLOAD=false)`
              : `${version} download into ${options.downloadDir}: ${message}`,
          );
          return undefined;
        }
      }
    }
  } catch (err) {
    // Its configuration itself failed (e.g. a MONGOMS_DOWNLOAD_URL it cannot read).
    tried.push(`mongodb-memory-server: ${oneLine(err)}`);
    return undefined;
  }
  const dbPath = dataDir ? resolve(dataDir, 'mongod') : undefined;
  if (dbPath) mkdirSync(dbPath, { recursive: true });
  // Without DATA_DIR, a temporary data folder of our own, as mongodb-memory-server names its own
  // (mongo-mem-*), removed when mongod stops or fails to start: mongodb-memory-server keeps the
  // one it makes when a start fails ("for investigation", and loses its path), which left one
  // more empty folder in the system's temporary folder at each start that fell back.
  const tmpPath = dbPath ? undefined : await mkdtemp(join(tmpdir(), 'mongo-mem-'));
  const removeTmp = async () => {
    if (tmpPath) await rm(tmpPath, { recursive: true, force: true, maxRetries: 3 });
  };
  // Only now MongoMemoryServer, given the binary found: where none is, a failed
  // MongoMemoryServer.start() prints a stack trace to the console. A mongod found that does not
  // start makes it print one too: kept off the console (its cause is our log line's reason).
  const server = new MongoMemoryServer({
    binary: { systemBinary: binary },
    instance: {
      ip: '127.0.0.1',
      ...(dbPath ? { dbPath, storageEngine: 'wiredTiger' } : { dbPath: tmpPath }),
    },
  });
  const stop = async () => {
    await server.stop({ doCleanup: false });
    await removeTmp();
  };
  const starting = withoutStartTrace(() => server.start());
  let settled = false;
  let abandoned = false;
  // Attached before withTimeout's handlers: `settled` is set by the time a failed start is caught.
  const discarded = starting
    .then(
      async () => {
        settled = true;
        // Started after we stopped waiting for it: not ours to keep running.
        if (abandoned) await stop();
      },
      async () => {
        settled = true;
        // A failed start stops its mongod before it rejects.
        await removeTmp();
      },
    )
    .catch(() => undefined);
  try {
    await withTimeout(starting, timeoutMs, 'starting mongod');
    return {
      kind: 'mongod',
      uri: server.getUri(),
      description: dbPath ? `mongod with data in ${dbPath}` : 'mongod in a temporary folder',
      stop,
    };
  } catch (err) {
    tried.push(`mongod ${binary} did not start: ${oneLine(err)}`);
    // A start that failed is cleaned up before we go on; one still under way, once it settles.
    abandoned = true;
    if (settled) await discarded;
    return undefined;
  }
}

/**
 * Where mongodb-memory-server looks for a cached mongod, in its order (MONGOMS_DOWNLOAD_DIR,
 * ~/.cache/mongodb-binaries, node_modules/.cache, ./mongodb-binaries), said as why none is used.
 */
async function cacheProbe(
  dry: typeof import('mongodb-memory-server').DryMongoBinary,
  options: Awaited<ReturnType<typeof dry.generateOptions>>,
): Promise<string> {
  // generateOptions put its chosen folder in downloadDir: cleared, the paths are those probed.
  const probe = { ...options, downloadDir: '' };
  const [found, path] = await dry.generateDownloadPath(probe);
  if (found) return `${path} is there but incomplete, or still being downloaded by another process`;
  const paths = await dry.generatePaths(probe);
  const probed = [paths.resolveConfig, paths.homeCache, paths.modulesCache, paths.relative];
  const folders = [...new Set(probed.filter(Boolean).map((p) => dirname(p)))];
  return `none; looked for ${basename(paths.homeCache)} in ${folders.join(', ')}`;
}

async function startJavaStandin(
  dataDir: string | undefined,
  jvmOptions: string | undefined,
  log: Logger,
): Promise<DatabaseEngine> {
  const file = dataDir ? resolve(dataDir, 'standin.mv') : undefined;
  if (dataDir) mkdirSync(resolve(dataDir), { recursive: true });
  const standin = await startStandin({
    ...(file ? { file } : {}),
    ...(jvmOptions ? { jvmOptions } : {}),
    onResolve: () =>
      log.warn(
        'fetching mongo-java-server with Maven (once; it is kept in ~/.m2 and src/db/standin/target)',
      ),
  });
  return {
    kind: 'mongo-java-server',
    uri: standin.uri,
    description: file ? `mongo-java-server with data in ${file}` : 'mongo-java-server in memory',
    stop: standin.stop,
  };
}

/**
 * Finds a database in the documented order: MONGODB_URI; mongodb-memory-server with a real
 * mongod; mongo-java-server from the project's own files; else one error naming the three ways.
 */
export async function resolveDatabase(options: ResolveOptions): Promise<DatabaseEngine> {
  const { log } = options;
  if (options.uri) {
    return { kind: 'external', uri: options.uri, description: 'MONGODB_URI', stop: async () => {} };
  }
  const reasons: string[] = ['MONGODB_URI: not set'];
  const mongod = await startMongod(options.dataDir, options.mongodTimeoutMs ?? 20_000, reasons);
  if (mongod) return mongod;
  log.info(
    { tried: [...reasons] },
    `no mongod available, trying mongo-java-server. Tried: ${reasons.join('; ')}`,
  );
  try {
    return await startJavaStandin(options.dataDir, options.standinJvmOptions, log);
  } catch (err) {
    // Not a missing database but one already in use: said alone, not as the three ways.
    if (err instanceof DataFileInUseError) throw err;
    reasons.push(`mongo-java-server: ${(err as Error).message.split('\n')[0]}`);
  }
  throw new NoDatabaseError(reasons);
}

/** The database a MONGODB_URI names in its path, else ours. */
export function databaseName(uri: string | undefined): string {
  const path = uri ? /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri)?.[1] : undefined;
  return path ? decodeURIComponent(path) : 'care_desk';
}
