import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Six projects: `unit` runs in seconds with no database (pure rules, parsers, Block Kit
// builders, the layering); `e2e` gets one database server for the run (test/global-setup.ts)
// and drives the production app over HTTP; `walk` is e2e's long scenarios (test/e2e/walk-*: a
// role's week or quarter, one test of 3-10 s each; `npm run test:walks`, run by CI); `cli` runs the app and its CLIs as child processes,
// as an operator does (`npm start`, `.env`, the customers CSV; a few seconds a process:
// `npm run test:cli`, run by CI); `fault` has Slack, the database and the process fail on
// purpose, hostile input, and volume (runs over hundreds of records, a Home with every list full)
// (slower: `npm run test:fault`, run by CI); `static` the type checker's slow checks of the source
// (`npm run test:static`, run by CI). `npm test` runs the first two; a test of e2e that
// runs a tool as a child process belongs in cli, one of failures or volume in fault (moved there
// 2026-12-06 and 2026-12-08 to keep `npm test` under 5 minutes on 2 cores).
// Workers of the unit, e2e and walk projects: vitest's default is one fewer than the cores, one
// worker on 2 cores, which left the machine half idle (an e2e worker waits on the database server
// and HTTP). Two workers on 2 cores: 305 s of vitest for unit + e2e against 523 s with one, 384 s
// with three (2026-12-03, machine otherwise quiet): at least two, one fewer than the cores above.
// Projects run together must have the same maxWorkers (or their own sequence.groupOrder: cli
// and fault keep vitest's default and run after them when all projects run at once).
const WORKERS = Math.max(2, availableParallelism() - 1);
// Before every test file: removes the directories it made with tempDir (test/helpers/temp.ts).
const TEMP_SETUP = 'test/temp-setup.ts';

export default defineConfig({
  test: {
    reporters: ['default', './test/reporters/summary.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          setupFiles: [TEMP_SETUP],
          include: ['test/unit/**/*.test.ts'],
          pool: 'threads',
          maxWorkers: WORKERS,
          // Files share a worker's loaded modules, as in e2e: the unit files load much of src
          // (the Block Kit builders, the i18n catalogue, the layering walk) and nothing they test
          // keeps module state between files (no vi.mock, no fake timers, no env). Loading them
          // again per file cost more than the tests: 74 s of CPU for the project against 33 s
          // without (2026-12-04, 80 files, 2175 tests, same assertions).
          isolate: false,
          // A hang guard, not a speed check: pure tests of milliseconds went past vitest's 5 s
          // on a 2-core machine at load 16-18 (other suites beside them).
          testTimeout: 15_000,
        },
      },
      {
        test: {
          name: 'e2e',
          // A larger young generation: fewer collections of the short-lived objects every request
          // makes (the garbage collector was about 6 % of an e2e worker's CPU, 2026-12-08).
          execArgv: ['--max-semi-space-size=64'],
          // Files reuse the databases earlier files of their worker gave back (test/helpers/db.ts).
          provide: { reuseDatabases: true },
          setupFiles: [TEMP_SETUP],
          include: ['test/e2e/**/*.test.ts'],
          exclude: ['test/e2e/walk-*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          pool: 'forks',
          maxWorkers: WORKERS,
          // Files share a worker's loaded modules (the app, mongoose, Bolt) instead of loading
          // them again per file: each file still has its own app, fake Slack and database
          // (test/helpers/app.ts), and nothing in src keeps state between apps that a test reads.
          isolate: false,
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'walk',
          // Files reuse the databases earlier files of their worker gave back (test/helpers/db.ts).
          provide: { reuseDatabases: true },
          setupFiles: [TEMP_SETUP],
          include: ['test/e2e/walk-*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          pool: 'forks',
          maxWorkers: WORKERS,
          isolate: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'cli',
          setupFiles: [TEMP_SETUP],
          include: ['test/cli/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          globalSetup: ['test/global-setup.ts'],
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // The type checker's slow checks of the source (test/static/: the Declaring rule of
          // the daily runs, one ts.Program over src, about 13 s of CPU for one test): out of
          // `unit`, whose seconds `npm test` pays (`npm run test:static`, run by CI; moved
          // 2026-12-08, revp68 F2).
          name: 'static',
          setupFiles: [TEMP_SETUP],
          include: ['test/static/**/*.test.ts'],
          sequence: { groupOrder: 3 },
          pool: 'forks',
          testTimeout: 600_000,
        },
      },
      {
        test: {
          name: 'fault',
          setupFiles: [TEMP_SETUP],
          include: ['test/fault/**/*.test.ts'],
          sequence: { groupOrder: 2 },
          globalSetup: ['test/global-setup.ts'],
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
