import type { TestProject } from 'vitest/node';
import { resolveDatabase, type DatabaseEngine } from '../src/db/engine.js';
import { LIGHT_JVM_OPTIONS } from '../src/db/standin.js';
import { createLogger } from '../src/logger.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    mongoEngine: string;
  }
}

let engine: DatabaseEngine | undefined;

/** Finds one database server for the whole run (same order as `npm start`) and says which. */
export async function setup(project: TestProject): Promise<void> {
  const log = createLogger(process.env.LOG_LEVEL === 'debug' ? 'debug' : 'warn');
  const started = Date.now();
  // The stand-in for tests runs light (LIGHT_JVM_OPTIONS) unless JAVA_TOOL_OPTIONS says otherwise.
  engine = await resolveDatabase({
    uri: process.env.MONGODB_URI,
    log,
    standinJvmOptions: LIGHT_JVM_OPTIONS,
  });
  process.stdout.write(
    `[test database] engine: ${engine.kind} (${engine.description}), ready in ${Date.now() - started} ms\n`,
  );
  project.provide('mongoUri', engine.uri);
  project.provide('mongoEngine', engine.kind);
}

export async function teardown(): Promise<void> {
  await engine?.stop();
}
