import { minuteSlot } from '../src/schedule/slots.js';
import type { Job } from './types.js';

/**
 * Posts the ticket cards and account-manager DMs that Slack refused or could not take yet (no
 * triage channel, an outage, a rate limit), and re-renders cards whose update was refused. Each
 * ticket is leased before it is retried, so overlapping runs never post a card twice.
 */
export const ticketCardsJob: Job = {
  name: 'ticket-cards',
  scope: 'global',
  slotAt: (now) => minuteSlot(now),
  run: async (deps, ctx) => deps.desk.ticketFlows.retryOwed(ctx.now),
};
