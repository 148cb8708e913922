import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Five projects: `unit` runs in seconds with no database (pure rules, parsers, Block Kit
// builders, the layering); `e2e` gets one database server for the run (test/global-setup.ts)
// and drives the production app over HTTP; `walk` is e2e's long scenarios (test/e2e/walk-*: a
// role's week or quarter, one test of 3-10 s each; `npm run test:walks`, run by CI); `cli` runs the app and its CLIs as child processes,
// as an operator does (`npm start`, `.env`, the customers CSV; a few seconds a process:
// `npm run test:cli`, run by CI); `fault` has Slack, the database and the process fail on
// purpose, and hostile input (slower: `npm run test:fault`, run by CI). `npm test` runs the
// first two.
export default defineConfig({
  test: {
    reporters: ['default', './test/reporters/summary.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          pool: 'threads',
          // A hang guard, not a speed check: pure tests of milliseconds went past vitest's 5 s
          // on a 2-core machine at load 16-18 (other suites beside them).
          testTimeout: 15_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          exclude: ['test/e2e/walk-*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          pool: 'forks',
          // vitest's default is one worker fewer than the cores: one worker on 2 cores, which
          // left the machine half idle (a worker waits on the database server and HTTP). Two
          // workers on 2 cores: 305 s of vitest for unit + e2e against 523 s with one; three:
          // 384 s (2026-12-03, machine otherwise quiet): at least two, one fewer than the cores above.
          maxWorkers: Math.max(2, availableParallelism() - 1),
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
          include: ['test/e2e/walk-*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          pool: 'forks',
          maxWorkers: Math.max(2, availableParallelism() - 1),
          isolate: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'cli',
          include: ['test/cli/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'fault',
          include: ['test/fault/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
