import { ConfigError, readEnvFile, type ToolConfig } from '../config.js';
import { connectDatabase, type Database } from '../db/connection.js';
import { databaseName, resolveDatabase, type EngineKind } from '../db/engine.js';
import type { Logger } from '../logger.js';

/** The settings file the app reads (ENV_FILE, else `.env`), for the command-line tools too. */
export function loadDotEnv(): void {
  readEnvFile();
}

/** The database the app would use (MONGODB_URI, else the embedded one in DATA_DIR). */
export async function openDatabase(
  config: ToolConfig,
  log: Logger,
): Promise<{ db: Database; engine: EngineKind; close(): Promise<void> }> {
  const engine = await resolveDatabase({
    uri: config.MONGODB_URI,
    dataDir: config.MONGODB_URI ? undefined : config.DATA_DIR,
    log,
  });
  const db = await connectDatabase(engine.uri, databaseName(config.MONGODB_URI), log);
  return {
    db,
    engine: engine.kind,
    async close() {
      await db.close();
      await engine.stop();
    },
  };
}

/** Runs a tool's main and exits with its code; a configuration error prints its list of keys. */
export function runCli(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      const message =
        err instanceof ConfigError ? err.message : `${name}: ${(err as Error).message}`;
      process.stderr.write(`${message}\n`);
      process.exit(1);
    },
  );
}
