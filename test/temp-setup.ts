import { afterAll } from 'vitest';
import { removeTempDirs } from './helpers/temp.js';

// Run before every test file of every project (vitest.config.ts setupFiles): registered first,
// this afterAll runs after the file's own (vitest runs after-hooks in reverse order), so the
// directories of test/helpers/temp.ts go once every child process the file stops has exited.
afterAll(removeTempDirs);
