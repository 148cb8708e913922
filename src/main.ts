// Entry point of `npm start`: configuration, database, Slack app, jobs, graceful shutdown.
import { hostname } from 'node:os';
import { startJobs } from '../jobs/index.js';
import { createDeskApp, jobDepsOf } from './app.js';
import { offsetClock } from './clock.js';
import { ConfigError, loadConfig, readEnvFile, runMode, type Config } from './config.js';
import { connectDatabase } from './db/connection.js';
import { databaseName, resolveDatabase } from './db/engine.js';
import { createLogger } from './logger.js';
import { installProcessGuards } from './process-guards.js';

const SHUTDOWN_LIMIT_MS = 10_000;

function readConfig(): Config {
  try {
    readEnvFile();
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(
        `${err.message}\nSee .env.example and the README's configuration table.\n`,
      );
      process.exit(1);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const log = createLogger(config.LOG_LEVEL);
  // Until the app is up, a failure ends start-up (exit 1); from then on, see shutdown below.
  let onFatal: (reason: string) => void = () => process.exit(1);
  installProcessGuards(log, (reason) => onFatal(reason));

  if (!config.MONGODB_URI) {
    log.warn(
      { dataDir: config.DATA_DIR },
      'MONGODB_URI is not set: using an embedded database, which is for trying the app out, not for production',
    );
  }
  const engine = await resolveDatabase({
    uri: config.MONGODB_URI,
    dataDir: config.MONGODB_URI ? undefined : config.DATA_DIR,
    log,
  });
  const dbName = databaseName(config.MONGODB_URI);
  const db = await connectDatabase(engine.uri, dbName, log, { source: engine.description });
  log.info({ engine: engine.kind, where: engine.description, dbName }, 'database ready');

  const clock = offsetClock(config.CARE_DESK_CLOCK_OFFSET_MS);
  if (config.CARE_DESK_CLOCK_OFFSET_MS !== 0)
    log.warn(
      { offsetMs: config.CARE_DESK_CLOCK_OFFSET_MS, now: clock.now().toISOString() },
      'CARE_DESK_CLOCK_OFFSET_MS is set: the desk runs on a moved clock (rehearsals only)',
    );
  const desk = createDeskApp({ config, db, engine: engine.kind, log, clock });
  const port = await desk.start();
  const jobs = startJobs(
    jobDepsOf(desk, { log, clock, instanceId: `${hostname()}:${process.pid}` }),
  );

  let stopping = false;
  let exitCode = 0;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    log.info({ signal }, 'shutting down: no new requests, finishing those in flight');
    setTimeout(() => {
      log.error({ limitMs: SHUTDOWN_LIMIT_MS }, 'shutdown took too long, exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    try {
      // Socket Mode: the connection closes once the requests not acked yet are (3 s at most),
      // while the job tick (5 s at most: a run still going is handed over, its writes 1 s at
      // most) and the outbox pass under way end (no new pass from here; the one under way ends
      // after the group it is delivering); the health routes' server closes last (2 s at
      // most), then the runs handed over are let go (1 s at most). Bounded: 6 s + 2 s + 1 s of
      // the 10; the outbox's group under way, the work after the acks and the database's close
      // are not, and past the limit the exit is 1.
      desk.beginStop();
      await jobs.stop();
      await desk.stop();
      // The job runs the stop handed over are let go (1 s at most): nothing of theirs can be
      // written once the database is closed, and a restart takes their jobs at its first tick.
      await jobs.release();
      await db.close();
      await engine.stop();
      log.info({ durationMs: Date.now() - started }, 'stopped');
      process.exit(exitCode);
    } catch (err) {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  // An uncaught exception: the same orderly stop, then exit 1 so that the supervisor restarts.
  onFatal = (reason) => {
    exitCode = 1;
    void shutdown(reason);
  };
  // Said once the signals are handled: a supervisor (or a test) that stops the desk as soon as it
  // reads this line gets the orderly shutdown.
  // HTTP or Socket Mode, single-token or OAuth, and the Slack it calls: never a secret.
  log.info({ ...runMode(config), port }, 'care desk started');
}

main().catch((err: unknown) => {
  const error = err as Error;
  process.stderr.write(`care desk failed to start: ${error.message}\n`);
  process.exit(1);
});
