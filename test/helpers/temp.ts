import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The directories tempDir made for the test file running now (test/temp-setup.ts removes them). */
const made: string[] = [];

/**
 * A new directory under the system's temporary folder (TMPDIR), `prefix` and six characters,
 * removed with all it holds when the test file is done (after its own afterAll hooks: a child
 * process a test file stops in one has exited by then). Tests write exports of customer data
 * here: a run must not leave them behind for the next one on a reused machine.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every directory tempDir made since the last call (test/temp-setup.ts, afterAll). */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(
    made.splice(0).map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 3 })),
  );
}
