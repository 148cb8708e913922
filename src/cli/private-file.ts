import { chmodSync, existsSync, writeFileSync } from 'node:fs';

/** Read and written by its owner only: a file of personal data a tool writes. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Writes a file of personal data (a data-subject export, the customers' or contacts' export)
 * readable by its owner only: made with mode 0600, and a file already there (whose mode a write
 * keeps) made so before it is written, so that it never holds the data readable by others.
 */
export function writePrivateFile(path: string, data: string): void {
  if (existsSync(path)) chmodSync(path, PRIVATE_FILE_MODE);
  writeFileSync(path, data, { mode: PRIVATE_FILE_MODE });
}
