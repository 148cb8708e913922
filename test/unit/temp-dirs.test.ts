import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import { removeTempDirs, tempDir } from '../helpers/temp.js';

// What test/temp-setup.ts does after every test file: an export written into a tempDir is gone.
test('a tempDir is made under the temporary folder and removed with what it holds', async () => {
  const dir = tempDir('temp-dirs-');
  expect(dirname(dir)).toBe(tmpdir());
  expect(basename(dir)).toMatch(/^temp-dirs-.{6}$/);
  writeFileSync(join(dir, 'customers.csv'), 'code,name\nC1,Alpha\n');
  await removeTempDirs();
  expect(existsSync(dir)).toBe(false);
});
