import { randomBytes } from 'node:crypto';
import type { Model, mongo } from 'mongoose';
import { inject } from 'vitest';
import { connectDatabase, type Database } from '../../src/db/connection.js';
import type { Logger } from '../../src/logger.js';

/**
 * A database of its own for one test file, on the server the global setup found, named after the
 * run (`dbPrefix`: the teardown drops what a worker left) and this process.
 *
 * Where the project reuses databases (`reuseDatabases`: e2e and walk, whose files run one after
 * another in a worker that keeps its modules), a file gets the database an earlier file of this
 * worker gave back empty, connected and with its indexes made, instead of a new one: a new one
 * cost about 0.2 s a file (a connection and one createIndexes a declared index, 192 commands),
 * more than a third of the fixed cost of the 430 e2e files (2026-12-08).
 */
export async function openTestDatabase(log: Logger, uri = inject('mongoUri')): Promise<Database> {
  const reusable = uri === inject('mongoUri') && inject('reuseDatabases') === true;
  const kept = reusable ? idle.pop() : undefined;
  if (kept) return kept;
  const name = `${inject('dbPrefix')}${process.pid}_${randomBytes(4).toString('hex')}`;
  const db = await connectDatabase(uri, name, log);
  if (reusable) watched.set(db, await watch(db));
  return db;
}

/** The databases given back by this worker's earlier files, as new: the next file takes one. */
const idle: Database[] = [];

/** The databases this worker may reuse, with what their current file did to them. */
const watched = new Map<Database, Watch>();

/** What a file did to its database that the next file must not inherit. */
interface Watch {
  /** A command that changed the collections or indexes themselves (then it is dropped whole). */
  reshaped: boolean;
  /** The collections written to (a document may have been added) since the last clear. */
  written: Set<string>;
  /** The same since the file took the database. */
  touched: Set<string>;
  /** Each model collection's indexes as the server listed them once made (but `_id_`). */
  indexes: Map<string, mongo.Document[]>;
  /** The models' and the database's own methods when it was opened (a test may replace one). */
  methods: Map<object, Map<string, unknown>>;
  /** While the database is made new again for the next file: its own commands not counted. */
  quiet: boolean;
  stop(): void;
}

const RESHAPING = new Set([
  'createIndexes',
  'dropIndexes',
  'drop',
  'dropDatabase',
  'renameCollection',
  'collMod',
  'create',
]);

/** The commands that may add a document to the collection they name. */
const ADDING = new Set(['insert', 'update', 'findAndModify', 'aggregate']);

function ownMethods(target: object): Map<string, unknown> {
  return new Map(Object.entries(target).filter(([, value]) => typeof value === 'function'));
}

async function watch(db: Database): Promise<Watch> {
  const conn = db.conn.db!;
  const indexes = new Map<string, mongo.Document[]>();
  for (const name of modelCollections(db)) {
    const listed = await conn
      .collection(name)
      .listIndexes()
      .toArray()
      .catch(() => []);
    indexes.set(
      name,
      listed.filter((index) => index.name !== '_id_').map(({ v: _v, ns: _ns, ...index }) => index),
    );
  }
  const methods = new Map<object, Map<string, unknown>>([[db, ownMethods(db)]]);
  for (const model of Object.values(db.models)) methods.set(model, ownMethods(model));
  const seen: Watch = {
    reshaped: false,
    written: new Set(),
    touched: new Set(),
    indexes,
    methods,
    quiet: false,
    stop: () => undefined,
  };
  const client = db.conn.getClient();
  const started = (event: mongo.CommandStartedEvent) => {
    if (seen.quiet || event.databaseName !== conn.databaseName) return;
    if (RESHAPING.has(event.commandName)) seen.reshaped = true;
    else if (ADDING.has(event.commandName)) {
      const collection: unknown = event.command[event.commandName];
      if (typeof collection === 'string') {
        seen.written.add(collection);
        seen.touched.add(collection);
      }
    }
  };
  client.on('commandStarted', started);
  seen.stop = () => client.off('commandStarted', started);
  return seen;
}

/** True when nothing a test did to `db` beyond its documents would reach the next file. */
function unchanged(db: Database, seen: Watch): boolean {
  if (seen.reshaped || db.conn.readyState !== 1) return false;
  for (const [target, methods] of seen.methods) {
    const now = ownMethods(target);
    if (now.size !== methods.size) return false;
    for (const [key, value] of methods) if (now.get(key) !== value) return false;
  }
  return true;
}

/**
 * The end of a file's use of its database. Where it can be reused (see openTestDatabase), the
 * collections the file wrote to are dropped and made again with their indexes (one command
 * each), so that the next file finds them as new: emptied by deletes instead, the stand-in
 * gives a later file's documents back in another natural order than a new collection does.
 * Then the server's count of documents must say none is left (a child process writes through a
 * connection of its own), else every model collection is made new. Otherwise the database is
 * dropped.
 */
export async function releaseTestDatabase(db: Database): Promise<void> {
  const seen = watched.get(db);
  if (seen && unchanged(db, seen)) {
    const conn = db.conn.db!;
    const models = modelCollections(db);
    const others = (await conn.listCollections({}, { nameOnly: true }).toArray())
      .map(({ name }) => name)
      .filter((name) => !models.has(name));
    if (others.length === 0) {
      seen.quiet = true;
      try {
        await untilEmpty(
          db,
          [...seen.touched].filter((name) => models.has(name)),
          async (name) => {
            await conn.dropCollection(name).catch(() => false);
            const indexes = seen.indexes.get(name) ?? [];
            if (indexes.length > 0) await conn.command({ createIndexes: name, indexes });
          },
        );
      } finally {
        seen.quiet = false;
      }
      seen.touched = new Set();
      seen.written = new Set();
      idle.push(db);
      return;
    }
  }
  seen?.stop();
  watched.delete(db);
  await dropTestDatabase(db);
}

/**
 * `act` on each of the collections `written` names, then, when the server still counts a document
 * (written by another connection: a child process), on every model collection.
 */
async function untilEmpty(
  db: Database,
  written: Iterable<string>,
  act: (name: string) => Promise<unknown>,
): Promise<void> {
  await Promise.all([...written].map(act));
  if ((await db.conn.db!.stats()).objects !== 0)
    await Promise.all([...modelCollections(db)].map(act));
}

function modelCollections(db: Database): Set<string> {
  return new Set(
    Object.values(db.models).map((model) => (model as Model<unknown>).collection.collectionName),
  );
}

/**
 * Empties every model's collection (indexes stay), between tests: all at once, through the
 * driver. No model has delete middleware, and mongoose's query building was a quarter to a
 * third of the clear's CPU once warm (3.1-3.7 ms against 2.4 ms a clear, back to back,
 * 2026-12-04). A database this worker reuses (openTestDatabase) knows the collections its
 * connection wrote to since the last clear: those are emptied, then the server's count of
 * documents must say none is left (a child process writes through a connection of its own), else
 * every collection is: 5 to 10 commands a test instead of 29.
 */
export async function clearDatabase(db: Database): Promise<void> {
  const conn = db.conn.db!;
  const empty = (name: string) => conn.collection(name).deleteMany({});
  const seen = watched.get(db);
  if (!seen) {
    await Promise.all([...modelCollections(db)].map(empty));
    return;
  }
  const written = seen.written;
  seen.written = new Set();
  await untilEmpty(db, written, empty);
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
