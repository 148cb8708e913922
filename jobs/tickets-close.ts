import { dailyJob } from '../src/schedule/job.js';

/**
 * Daily at the start of the business day: resolved tickets whose requester's reopen window (7
 * days from the resolution) is over are closed by the desk as of the window's end, their cards
 * shown again (src/flows/tickets.ts closeAfterReopenWindow), so that retention reaches them.
 * Idempotent: each close is a write conditional on the ticket as read; a second run (another
 * instance, `--force`) finds nothing left to close but what a run's cap (CLOSE_RUN_MAX, the
 * oldest first) left for it.
 */
export const ticketsCloseJob = dailyJob('tickets-close', (deps, ctx) =>
  deps.flows.tickets.closeAfterReopenWindow(ctx),
);
