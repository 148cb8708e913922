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

/**
 * Every string of every document of every collection of `db` that contains one of `needles`,
 * as `collection.path: string` (what an erasure must have left nowhere).
 */
export async function scanStrings(db: Database, needles: string[]): Promise<string[]> {
  const found: string[] = [];
  const conn = db.conn.db!;
  for (const { name } of await conn.listCollections().toArray()) {
    for (const doc of await conn.collection(name).find({}).toArray()) {
      const walk = (value: unknown, path: string) => {
        if (typeof value === 'string') {
          for (const n of needles) if (value.includes(n)) found.push(`${name}.${path}: ${value}`);
        } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
        else if (value && typeof value === 'object' && !(value instanceof Date))
          for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
      };
      walk(doc, '');
    }
  }
  return found;
}
