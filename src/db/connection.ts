import mongoose, { type Connection } from 'mongoose';
import { tPlainText } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import { createModels, type Models } from './models.js';

export interface Database {
  conn: Connection;
  models: Models;
  /** True when the server answers a ping within the time given. */
  ping(timeoutMs?: number): Promise<boolean>;
  /**
   * Calls `observer` with each command's name, duration and success (the metrics' database
   * latency); returns how to stop. Commands are observed only on a connection opened with
   * `monitorCommands` (the default).
   */
  observeCommands(observer: CommandObserver): () => void;
  close(): Promise<void>;
}

export type CommandObserver = (command: string, seconds: number, ok: boolean) => void;

/**
 * How the driver notices a database that stops answering (a stall: connections open, the
 * server silent) within Slack's 3 s. The server monitor sends `hello` every
 * `heartbeatFrequencyMS` and gives up on it after `connectTimeoutMS`; a heartbeat that times
 * out marks the server unknown and interrupts every operation in flight on it (the driver's
 * InterruptInUseConnections), so a stall fails every request within about 1.5 + 0.5 = 2 s of
 * its start, whatever the request was waiting on, while an operation that is merely slow (a
 * job's large read) is not cut as long as the server answers heartbeats. New operations then
 * fail server selection after `serverSelectionTimeoutMS` (1.5 s), which also bounds the
 * wait for an unreachable one. That leaves about 1 s of Slack's 3 s for the answer itself. `socketTimeoutMS` is the
 * backstop for one connection stuck while the server still answers heartbeats: long enough for
 * any single batch of a job, short enough that a job run (and the minute ticker) cannot hang.
 */
export const DB_TIMEOUTS = {
  serverSelectionTimeoutMS: 1500,
  connectTimeoutMS: 1500,
  heartbeatFrequencyMS: 500,
  socketTimeoutMS: 60_000,
} as const;

/** The hosts a connection string names, without its user and password (never logged or shown). */
export function hostsOf(uri: string): string {
  return /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]*)/.exec(uri)?.[1] || 'the URI given';
}

/**
 * The database server named by a connection string could not be reached: where it was (the
 * hosts, never the credentials), where the URI came from, and the driver's own words.
 */
export class DatabaseUnreachableError extends Error {
  constructor(
    readonly hosts: string,
    readonly detail: string,
    readonly source?: string,
  ) {
    super(
      source
        ? tPlainText('en', 'db.unreachableFrom', { source, hosts, detail })
        : tPlainText('en', 'db.unreachable', { hosts, detail }),
    );
    this.name = 'DatabaseUnreachableError';
  }
}

/**
 * Opens one mongoose connection, registers every model on it and creates the indexes the
 * schemas declare. A stalled or unreachable server fails a request within about 2 s, so every
 * request can still answer inside Slack's 3 s (`DB_TIMEOUTS`).
 */
export async function connectDatabase(
  uri: string,
  dbName: string,
  log: Logger,
  options: {
    /** Emit the driver's command events (the metrics time them; benchmarks count them). */
    monitorCommands?: boolean;
    /** Where the URI came from (`MONGODB_URI`), named when the server cannot be reached. */
    source?: string;
  } = {},
): Promise<Database> {
  const conn = mongoose.createConnection(uri, {
    dbName,
    monitorCommands: options.monitorCommands ?? true,
    autoIndex: false,
    autoCreate: false,
    ...DB_TIMEOUTS,
    sanitizeFilter: true,
  });
  try {
    await conn.asPromise();
  } catch (err) {
    await conn.close().catch(() => undefined);
    throw new DatabaseUnreachableError(hostsOf(uri), (err as Error).message, options.source);
  }
  const models = createModels(conn);
  await Promise.all(Object.values(models).map((model) => model.createIndexes()));
  log.debug({ dbName, models: Object.keys(models) }, 'database connected, indexes ensured');

  // One listener per connection, fanning out to every app built on it (tests build several).
  const observers = new Set<CommandObserver>();
  const client = conn.getClient();
  client.on('commandSucceeded', (e) => {
    for (const observe of observers) observe(e.commandName, e.duration / 1000, true);
  });
  client.on('commandFailed', (e) => {
    for (const observe of observers) observe(e.commandName, e.duration / 1000, false);
  });

  return {
    conn,
    models,
    observeCommands(observer) {
      observers.add(observer);
      return () => observers.delete(observer);
    },
    async ping(timeoutMs = 1500) {
      // Asked whatever mongoose's state says: a server the driver marked unknown is checked
      // again at once by the ping's server selection, so readiness returns with the database.
      const db = conn.db;
      if (!db) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const ping = db
        .command({ ping: 1 })
        .then(() => true)
        .catch(() => false);
      return Promise.race([ping, timeout]).finally(() => clearTimeout(timer));
    },
    async close() {
      await conn.close();
    },
  };
}
