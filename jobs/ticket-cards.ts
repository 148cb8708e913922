import type { GlobalJob } from '../src/schedule/job.js';
import { minuteSlot } from '../src/schedule/slots.js';

/**
 * Posts the ticket cards and account-manager DMs that Slack refused or could not take yet (no
 * triage channel, an outage, a rate limit), and re-renders cards whose update was refused. Each
 * ticket is leased before it is retried, so overlapping runs never post a card twice.
 */
export const ticketCardsJob: GlobalJob = {
  name: 'ticket-cards',
  scope: 'global',
  slotAt: (now) => minuteSlot(now),
  run: (deps, run) => deps.flows.tickets.retryOwed(run.now, run.log),
};
