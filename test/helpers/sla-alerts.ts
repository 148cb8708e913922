// The SLA sweep's tests (test/e2e/sla-alerts.test.ts and, for a burst of 30 breaches,
// test/fault/sla-alerts-volume.test.ts): the app with its triage, alerts and escalation channels,
// tickets of the test's customer announced as intake does, the sweep run at a given instant.
import type { Severity } from '../../src/ticket/types.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { useTestApp, type TestApp } from './app.js';
import { makeTicket } from './factories.js';
import { runJobAt } from './jobs.js';

export const TRIAGE = 'C0TRIAGE01';
export const ALERTS = 'C0ALERTS01';

/** The file's test app, on Tuesday 2026-11-24 10:00 in Shanghai. */
export function useSlaAlertsApp(): TestApp {
  return useTestApp({
    env: {
      TRIAGE_CHANNEL_ID: TRIAGE,
      ALERTS_CHANNEL_ID: ALERTS,
      ESCALATION_CHANNEL_ID: 'C0ESCAL001',
    },
    now: '2026-11-24T02:00:00Z',
  });
}

/** The steps on `app`, its tickets of the customer `customerCode` gives when each is made. */
export function slaSteps(app: TestApp, customerCode: () => string) {
  /** A ticket saved and announced (card in triage) as intake does it. */
  async function ticket(severity: Severity, i = 0): Promise<string> {
    const input = { customerCode: customerCode(), severity, title: `Issue ${i}`, description: 'x' };
    return (await makeTicket(app, input)).number;
  }

  const sweepAt = (iso: string, instances?: string[]) =>
    runJobAt(app, slaAlertsJob, iso, instances);

  /** Ticket numbers link to their cards (checked in sla-alerts.test.ts); the rest read as shown. */
  const unlinked = <T>(value: T): T =>
    JSON.parse(JSON.stringify(value).replace(/<https:\/\/[^|>]+\|(T\d{8})>/g, '$1')) as T;
  const posts = (channel: string) => app.fake.postsTo(channel).map(unlinked);

  return { ticket, sweepAt, posts };
}
