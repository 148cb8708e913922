import type { Clock } from '../src/clock.js';
import type { Logger } from '../src/logger.js';
import type { TicketFlows } from '../src/ticket/flows.js';

/** What a job may use: passed in, so a test runs a job with its own clock and fakes. */
export interface JobDeps {
  log: Logger;
  clock: Clock;
  ticketFlows: TicketFlows;
}

/** A scheduled job: `run` does one pass as of `now` and reports counts for the log line. */
export interface Job {
  name: string;
  /** node-cron pattern. */
  schedule: string;
  run(deps: JobDeps, now: Date): Promise<Record<string, number>>;
}
