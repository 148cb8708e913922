// A desk whose customers' tiers change while tickets are open or being opened.
import { useTestApp } from './app.js';

/**
 * The test app with a triage and an alerts channel at Tuesday 24 November 2026, 10:00 in
 * Shanghai, and readers of a ticket as stored and of a customer's stored tier.
 */
export function useTierDesk() {
  const app = useTestApp({
    env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ALERTS_CHANNEL_ID: 'C0ALERTS01' },
    now: '2026-11-24T02:00:00Z',
  });
  const stored = async (number: string) =>
    (await app.db.models.tickets.findOne({ number }).lean())!;
  const tierOf = async (code: string) =>
    (await app.db.models.customers.findOne({ code }).lean())!.tier;
  return { app, stored, tierOf };
}
