import mongoose, { type Connection } from 'mongoose';
import type { Logger } from '../logger.js';
import { createModels, type Models } from './models.js';

export interface Database {
  conn: Connection;
  models: Models;
  /** True when the server answers a ping within the time given. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

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

/**
 * Opens one mongoose connection, registers every model on it and creates the indexes the
 * schemas declare. A stalled or unreachable server fails a request within about 2 s, so every
 * request can still answer inside Slack's 3 s (`DB_TIMEOUTS`).
 */
export async function connectDatabase(
  uri: string,
  dbName: string,
  log: Logger,
  /** Emit the driver's command events (benchmarks count DB commands with them). */
  options: { monitorCommands?: boolean } = {},
): Promise<Database> {
  const conn = mongoose.createConnection(uri, {
    dbName,
    monitorCommands: options.monitorCommands ?? false,
    autoIndex: false,
    autoCreate: false,
    ...DB_TIMEOUTS,
    sanitizeFilter: true,
  });
  await conn.asPromise();
  const models = createModels(conn);
  await Promise.all(Object.values(models).map((model) => model.createIndexes()));
  log.debug({ dbName, models: Object.keys(models) }, 'database connected, indexes ensured');

  return {
    conn,
    models,
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
