import { randomBytes } from 'node:crypto';
import type { Model } from 'mongoose';
import { inject } from 'vitest';
import { connectDatabase, type Database } from '../../src/db/connection.js';
import type { Logger } from '../../src/logger.js';

/** A database of its own for one test file, on the server the global setup found. */
export async function openTestDatabase(log: Logger, uri = inject('mongoUri')): Promise<Database> {
  const name = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  return connectDatabase(uri, name, log);
}

/** Empties every collection (indexes stay), between tests. */
export async function clearDatabase(db: Database): Promise<void> {
  await Promise.all(
    Object.values(db.models).map((model) => (model as Model<unknown>).deleteMany({}).exec()),
  );
}

export async function dropTestDatabase(db: Database): Promise<void> {
  await db.conn.dropDatabase();
  await db.close();
}
