import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
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
}

export class NoDatabaseError extends Error {
  readonly code = 'DB_UNAVAILABLE';
  constructor(reasons: string[]) {
    super(
      [
        'No MongoDB available. Use one of these three ways:',
        '  1. set MONGODB_URI to a running MongoDB (e.g. mongodb://127.0.0.1:27017);',
        '  2. give mongodb-memory-server a mongod: MONGOMS_SYSTEM_BINARY=/path/to/mongod, a binary cached in',
        '     ~/.cache/mongodb-binaries, or a network that reaches its download host;',
        '  3. install Java 17+ and Maven, so the project can start mongo-java-server (Maven fetches it once, on first use).',
        'What was tried:',
        ...reasons.map((r) => `  - ${r}`),
      ].join('\n'),
    );
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

async function startMongod(
  dataDir: string | undefined,
  timeoutMs: number,
): Promise<DatabaseEngine> {
  // A download that cannot reach its host should fail after one attempt, not retry for minutes.
  process.env.MONGOMS_MAX_RETRIES ??= '1';
  const { MongoBinary, MongoMemoryServer } = await import('mongodb-memory-server');
  // Find the binary first (system, cache or download): failing here is quiet, where a failed
  // MongoMemoryServer.start() prints a stack trace to the console.
  const binary = await withTimeout(MongoBinary.getPath(), timeoutMs, 'finding a mongod binary');
  const dbPath = dataDir ? resolve(dataDir, 'mongod') : undefined;
  if (dbPath) mkdirSync(dbPath, { recursive: true });
  const server = await withTimeout(
    MongoMemoryServer.create({
      binary: { systemBinary: binary },
      instance: { ip: '127.0.0.1', ...(dbPath ? { dbPath, storageEngine: 'wiredTiger' } : {}) },
    }),
    timeoutMs,
    'mongodb-memory-server',
  );
  return {
    kind: 'mongod',
    uri: server.getUri(),
    description: dbPath ? `mongod with data in ${dbPath}` : 'mongod in a temporary folder',
    stop: async () => {
      await server.stop({ doCleanup: !dbPath });
    },
  };
}

async function startJavaStandin(dataDir: string | undefined, log: Logger): Promise<DatabaseEngine> {
  const file = dataDir ? resolve(dataDir, 'standin.mv') : undefined;
  if (dataDir) mkdirSync(resolve(dataDir), { recursive: true });
  const standin = await startStandin({
    ...(file ? { file } : {}),
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
  const reasons: string[] = [];
  try {
    return await startMongod(options.dataDir, options.mongodTimeoutMs ?? 20_000);
  } catch (err) {
    const reason = `mongodb-memory-server: ${oneLine(err)}`;
    reasons.push(reason);
    log.info({ reason }, 'no mongod available, trying mongo-java-server');
  }
  try {
    return await startJavaStandin(options.dataDir, log);
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
