import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';
import { resolveDatabase, type DatabaseEngine } from '../src/db/engine.js';
import { LIGHT_JVM_OPTIONS } from '../src/db/standin.js';
import { createLogger } from '../src/logger.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    mongoEngine: string;
    toolsDir: string;
  }
}

let engine: DatabaseEngine | undefined;
const toolDirs: string[] = [];

/** The command-line tools the tests run as child processes (test/helpers/jobs.ts `toolArgs`). */
export const TOOLS = ['jobs', 'report', 'admins', 'privacy', 'customers'] as const;

/**
 * The tools bundled once for this run, each one file of our code (the npm packages imported as
 * they are), in a folder of the project's own (the chart and the stand-in find the project root
 * above their file). Started by node alone, a tool costs about a third of the CPU it costs
 * through tsx, which compiles every module of ours at each start (about 1.2-1.7 s against 4 s of
 * CPU for `report --help` on this machine); a test starts them about 40 times in e2e and fault.
 */
async function bundleTools(): Promise<string> {
  const dir = join(import.meta.dirname, '..', '.test-build', `${process.pid}-${toolDirs.length}`);
  await mkdir(dir, { recursive: true });
  await build({
    entryPoints: TOOLS.map((name) => join(import.meta.dirname, '..', 'src', 'cli', `${name}.ts`)),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir: dir,
    logLevel: 'warning',
  });
  toolDirs.push(dir);
  return dir;
}

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
  project.provide('toolsDir', await bundleTools());
}

export async function teardown(): Promise<void> {
  await engine?.stop();
  await Promise.all(toolDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}
