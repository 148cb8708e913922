// The database commands a piece of work sends, as the driver reports them.
import { expect } from 'vitest';
import type { TestApp } from './app.js';

/**
 * Runs `work` with the database client's commands watched, each started one handed to
 * `started`: the messages of the createIndexes commands the database refused meanwhile.
 */
export async function indexFailuresWhile(
  app: TestApp,
  started: (e: { commandName: string; command: Record<string, any> }) => void,
  work: () => Promise<unknown>,
): Promise<string[]> {
  const client = app.db.conn.getClient();
  const failed: string[] = [];
  const refused = (e: { commandName: string; failure: Error }) => {
    if (e.commandName === 'createIndexes') failed.push(e.failure.message);
  };
  client.on('commandStarted', started);
  client.on('commandFailed', refused);
  try {
    await work();
  } finally {
    client.off('commandStarted', started);
    client.off('commandFailed', refused);
  }
  return failed;
}

/**
 * Asserts that collection `name` declares the index `key` (its fields in order, the team first)
 * and that creating the collection's indexes (what start-up does, connectDatabase: never
 * dropping, so repeatable) asks the database for it and is refused nothing.
 */
export async function expectIndexCreated(
  app: TestApp,
  name: keyof TestApp['db']['models'],
  key: Record<string, 1 | -1>,
): Promise<void> {
  const model = app.db.models[name];
  expect(model.schema.indexes().map(([k]) => Object.entries(k))).toContainEqual(
    Object.entries(key),
  );
  const asked: unknown[] = [];
  const started = (e: { commandName: string; command: { indexes?: { key: unknown }[] } }) => {
    if (e.commandName === 'createIndexes')
      // The driver sends each key as a Map: its fields in order.
      asked.push(...(e.command.indexes ?? []).map((i) => [...(i.key as Map<string, number>)]));
  };
  const failed = await indexFailuresWhile(app, started, () => model.createIndexes());
  expect(asked).toContainEqual(Object.entries(key));
  expect(failed).toEqual([]);
}
