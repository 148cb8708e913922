// The DB commands an app sends, counted on the wire (the driver's `commandStarted`, with
// `monitorCommands`): per collection and in order, as `find tickets`, `update outbox x6`,
// `aggregate tickets [$match $group]`. bench/harness.ts counts every benchmark's commands with it,
// and test/e2e/interaction-commands.test.ts holds each interaction to its budget with it.
import type { CommandStartedEvent } from 'mongodb';
import type { Database } from '../src/db/connection.js';

/** The collection a command is about (`{find: 'tickets'}`, `{getMore: id, collection: ...}`). */
function collectionOf(e: CommandStartedEvent): string {
  const target = e.commandName === 'getMore' ? e.command.collection : e.command[e.commandName];
  return typeof target === 'string' ? target : `(${e.commandName})`;
}

/** A command as `name collection`, an aggregate with its stages, a write with its count. */
function describe(e: CommandStartedEvent, collection: string): string {
  const c = e.command as Record<string, unknown>;
  let extra = '';
  if (e.commandName === 'aggregate' && Array.isArray(c.pipeline))
    extra = ` [${(c.pipeline as object[]).map((stage) => Object.keys(stage)[0]).join(' ')}]`;
  for (const key of ['documents', 'updates', 'deletes'])
    if (Array.isArray(c[key])) extra = ` x${(c[key] as unknown[]).length}`;
  return `${e.commandName} ${collection}${extra}`;
}

export interface CommandCounter {
  /** DB commands sent so far. */
  commands(): number;
  /** DB commands sent so far per collection (a copy). */
  commandsByCollection(): Record<string, number>;
  /** Every command so far as `name collection` (with an aggregate's stages), in order. */
  trace(): string[];
  /** Stops counting. */
  stop(): void;
}

/** Counts the commands sent on `db`'s connection from now on (it monitors its commands). */
export function countCommands(db: Database): CommandCounter {
  const client = db.conn.getClient();
  const byCollection: Record<string, number> = {};
  const trace: string[] = [];
  const onCommand = (e: CommandStartedEvent) => {
    const collection = collectionOf(e);
    byCollection[collection] = (byCollection[collection] ?? 0) + 1;
    trace.push(describe(e, collection));
  };
  client.on('commandStarted', onCommand);
  return {
    commands: () => Object.values(byCollection).reduce((sum, n) => sum + n, 0),
    commandsByCollection: () => ({ ...byCollection }),
    trace: () => [...trace],
    stop: () => void client.off('commandStarted', onCommand),
  };
}
