// The database commands a piece of work sends, as the driver reports them.
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
