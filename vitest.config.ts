import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs in seconds with no database (pure rules, parsers, Block Kit
// builders, the layering); `e2e` gets one database server for the run (test/global-setup.ts)
// and drives the production app over HTTP. `npm test` runs both; `npm run test:unit` the first.
export default defineConfig({
  test: {
    reporters: ['default', './test/reporters/summary.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          pool: 'threads',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          pool: 'forks',
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
