import type { DeskApp } from '../src/app.js';
import type { Clock } from '../src/clock.js';
import type { Logger } from '../src/logger.js';
import type { Services } from '../src/services.js';
import type { WorkspaceSettings } from '../src/workspace/settings.js';

/** The app's Slack-side workers the jobs drive. */
export type DeskWorkers = Pick<
  DeskApp,
  'ticketFlows' | 'slaAlerts' | 'taskNotices' | 'signals' | 'digests'
>;

/** What a job may use: passed in, so a test runs a job with its own clock and fakes. */
export interface JobDeps {
  log: Logger;
  clock: Clock;
  services: Services;
  desk: DeskWorkers;
  /** This instance, as recorded on the runs it claims. */
  instanceId: string;
}

export interface JobContext {
  /** The workspace the run is for; `*` for a job that serves every workspace at once. */
  teamId: string;
  /** The scheduled instant this run belongs to. */
  slot: Date;
  /** The time the run acts as of (the slot's wake-up, or an operator's `--at`). */
  now: Date;
  /** An operator asked to run it again (`--force`): a job that acts once per slot acts again. */
  force: boolean;
  log: Logger;
}

/**
 * A scheduled job, declared once. `slotAt` says which slot is current at `now` in a workspace
 * (its time zone and settings), so every instance agrees on it and a slot missed during
 * downtime is still current when the app comes back (within `catchUpMs`).
 */
export interface Job {
  name: string;
  scope: 'workspace' | 'global';
  slotAt(now: Date, settings: WorkspaceSettings | undefined): Date;
  /** How late a slot may still run after it was missed (default: one minute). */
  catchUpMs?: number;
  run(deps: JobDeps, ctx: JobContext): Promise<Record<string, number>>;
}
