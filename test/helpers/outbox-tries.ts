import { expect } from 'vitest';
import type { TestApp } from './app.js';

/**
 * Counts an outbox entry's tries Slack failed as a whole (an HTTP 5xx, `internal_error`) on to
 * `tries`, as if that many had been made: the first few are made for real by the caller, through
 * the delivery pass, which writes everything else a failed try writes (`lastError`,
 * `lastTransient`, `nextAt`); only their count is moved here. A test of what the 150th try
 * (TRANSIENT_MAX_ATTEMPTS) does then makes the last ones for real too, rather than 150 passes
 * (17-19 s of a 20 s limit on a quiet machine) to get there.
 */
export async function countSlackFailedTries(
  app: TestApp,
  key: string,
  tries: number,
): Promise<void> {
  const entry = await app.db.models.outbox.findOne({ key, state: 'pending' }).lean();
  // Only an entry that failed for real that way, at least once, and has fewer tries than that.
  expect(entry?.lastTransient, key).toBe(true);
  expect(entry!.attempts, key).toBeGreaterThan(0);
  expect(entry!.attempts, key).toBeLessThanOrEqual(tries);
  const res = await app.db.models.outbox.updateOne(
    { key, state: 'pending', attempts: entry!.attempts },
    { $set: { attempts: tries, transientAttempts: tries } },
  );
  expect(res.modifiedCount, key).toBe(1);
}
