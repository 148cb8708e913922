import type { Job } from './types.js';

/**
 * Posts the ticket cards and account-manager DMs that Slack refused or could not take yet (no
 * triage channel, an outage, a rate limit). Each ticket is leased before it is retried, so
 * several app instances running this job never post a card twice.
 */
export const ticketCardsJob: Job = {
  name: 'ticket-cards',
  schedule: '* * * * *',
  run: async (deps, now) => deps.ticketFlows.retryOwed(now),
};
