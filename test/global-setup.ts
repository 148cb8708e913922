import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import mongoose from 'mongoose';
import type { TestProject } from 'vitest/node';
import { resolveDatabase, type DatabaseEngine } from '../src/db/engine.js';
import { LIGHT_JVM_OPTIONS } from '../src/db/standin.js';
import { createLogger } from '../src/logger.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    mongoEngine: string;
    toolsDir: string;
    /** How this run's test databases are named (test/helpers/db.ts). */
    dbPrefix: string;
    /** The project's files reuse their worker's databases (test/helpers/db.ts). */
    reuseDatabases: boolean;
  }
}

let engine: DatabaseEngine | undefined;
/** This run's test databases begin with it; the teardown drops those a worker left. */
const DB_PREFIX = `test_${process.pid}_${randomBytes(3).toString('hex')}_`;
const toolDirs: string[] = [];

/** The command-line tools the tests run as child processes (test/helpers/jobs.ts `toolArgs`). */
export const TOOLS = ['jobs', 'report', 'admins', 'privacy', 'customers'] as const;

const BUILD_ROOT = join(import.meta.dirname, '..', '.test-build');

/**
 * The tools bundled once for this run, each one file of our code (the npm packages imported as
 * they are), in a folder of the project's own (the chart and the stand-in find the project root
 * above their file), one per run (`<pid>-<n>`: runs at once in one checkout never share one).
 * Started by node alone, a tool costs about a third of the CPU it costs through tsx, which
 * compiles every module of ours at each start (about 1.2-1.7 s against 4 s of CPU for
 * `report --help` on this machine); a test starts them about 40 times in e2e and fault. Built
 * again when watch mode runs the tests again (the source may have changed).
 */
async function bundleTools(project: TestProject): Promise<string> {
  await sweepDeadRuns();
  const dir = join(BUILD_ROOT, `${process.pid}-${toolDirs.length}`);
  const bundle = () =>
    build({
      entryPoints: TOOLS.map((name) => join(import.meta.dirname, '..', 'src', 'cli', `${name}.ts`)),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outdir: dir,
      logLevel: 'warning',
    });
  await mkdir(dir, { recursive: true });
  toolDirs.push(dir);
  await bundle();
  // A stand-in project (test/cli/without-java.test.ts) has no rerun hook.
  project.onTestsRerun?.(async () => {
    await bundle();
  });
  return dir;
}

/** The bundles of runs whose process is gone (killed before their teardown). */
async function sweepDeadRuns(): Promise<void> {
  const names = await readdir(BUILD_ROOT).catch(() => [] as string[]);
  await Promise.all(
    names.map(async (name) => {
      const pid = Number(name.split('-')[0]);
      if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return;
      try {
        process.kill(pid, 0);
        return; // still running
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') return;
      }
      await rm(join(BUILD_ROOT, name), { recursive: true, force: true });
    }),
  );
}

async function dropLeftDatabases(uri: string): Promise<void> {
  const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    const { databases } = await client.db().admin().listDatabases({ nameOnly: true });
    await Promise.all(
      databases
        .filter(({ name }) => name.startsWith(DB_PREFIX))
        .map(({ name }) => client.db(name).dropDatabase()),
    );
  } finally {
    await client.close();
  }
}

/** Finds one database server for the whole run (same order as `npm start`) and says which. */
export async function setup(project: TestProject): Promise<void> {
  const log = createLogger(process.env.LOG_LEVEL === 'debug' ? 'debug' : 'warn');
  // Built first: a build that fails leaves no database server running.
  project.provide('toolsDir', await bundleTools(project));
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
  project.provide('dbPrefix', DB_PREFIX);
  project.provide('mongoEngine', engine.kind);
}

export async function teardown(): Promise<void> {
  // A server of our own goes with its data; on MONGODB_URI's, the databases the workers kept
  // for their next file (test/helpers/db.ts) are dropped here.
  if (engine?.kind === 'external') await dropLeftDatabases(engine.uri);
  await engine?.stop();
  await Promise.all(toolDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}
