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
 * Opens one mongoose connection, registers every model on it and creates the indexes the
 * schemas declare. Server selection gives up after 2 s so a request never outlives Slack's 3 s.
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
    serverSelectionTimeoutMS: 2000,
    connectTimeoutMS: 5000,
  });
  await conn.asPromise();
  const models = createModels(conn);
  await Promise.all(Object.values(models).map((model) => model.createIndexes()));
  log.debug({ dbName, models: Object.keys(models) }, 'database connected, indexes ensured');

  return {
    conn,
    models,
    async ping(timeoutMs = 1500) {
      const db = conn.db;
      if (!db || conn.readyState !== mongoose.ConnectionStates.connected) return false;
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
