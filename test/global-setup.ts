import type { TestProject } from 'vitest/node';
import { resolveDatabase, type DatabaseEngine } from '../src/db/engine.js';
import { createLogger } from '../src/logger.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    mongoEngine: string;
  }
}

let engine: DatabaseEngine | undefined;

/**
 * How the JVM of mongo-java-server runs for tests (when it is the engine and the developer has
 * not set JAVA_TOOL_OPTIONS): the client compiler only and a single-threaded collector. A test
 * run is a few minutes of short commands on a small machine; C2's compiler threads and the
 * parallel collector cost more CPU than they give back there (measured on 2 cores: a quarter
 * less CPU for the same tests, the Node side included).
 */
const STANDIN_JVM_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

/** Finds one database server for the whole run (same order as `npm start`) and says which. */
export async function setup(project: TestProject): Promise<void> {
  const log = createLogger(process.env.LOG_LEVEL === 'debug' ? 'debug' : 'warn');
  const started = Date.now();
  const jvmOptions = process.env.JAVA_TOOL_OPTIONS;
  process.env.JAVA_TOOL_OPTIONS ??= STANDIN_JVM_OPTIONS;
  try {
    engine = await resolveDatabase({ uri: process.env.MONGODB_URI, log });
  } finally {
    // Only the stand-in started here gets them, not what the tests start.
    if (jvmOptions === undefined) delete process.env.JAVA_TOOL_OPTIONS;
  }
  process.stdout.write(
    `[test database] engine: ${engine.kind} (${engine.description}), ready in ${Date.now() - started} ms\n`,
  );
  project.provide('mongoUri', engine.uri);
  project.provide('mongoEngine', engine.kind);
}

export async function teardown(): Promise<void> {
  await engine?.stop();
}
