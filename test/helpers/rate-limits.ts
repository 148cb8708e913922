// A Monday morning on which Slack rate-limits the outbox: urgent tickets nobody claimed since
// Friday, the SLA sweep owing alert lists and DMs, and the check that everything went once.
import { trusted } from 'mongoose';
import { expect } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { runDue } from '../../src/schedule/runner.js';
import type { TestApp } from './app.js';
import { makeCustomer, makeTicket, OWNER } from './factories.js';
import { jobDeps } from './jobs.js';

/**
 * Friday: `count` urgent tickets (each for its own customer owned by `OWNER`) nobody claims,
 * their cards delivered; Monday 2026-11-30 09:00 in Shanghai the SLA sweep owes alerts and DMs.
 */
export async function mondaySweepOwed(app: TestApp, count: number): Promise<void> {
  for (let i = 0; i < count; i++)
    await makeTicket(app, {
      customerCode: (await makeCustomer(app, { name: `Customer ${i}`, ownerId: OWNER })).code,
      severity: 'urgent',
      title: `Urgent ${i}`,
    });
  await app.desk.outbox.drain();
  app.clock.set('2026-11-30T01:00:00Z');
  await runDue(jobDeps(app), [slaAlertsJob]);
}

/**
 * Every outbox entry but the Home tabs is sent, and Slack took each post once: the posts taken,
 * as "<channel> <text>".
 */
export async function expectAllSentOnce(app: TestApp): Promise<string[]> {
  expect(
    await app.db.models.outbox.countDocuments({
      state: trusted({ $ne: 'sent' as const }),
      kind: trusted({ $ne: 'home' as const }),
    }),
  ).toBe(0);
  const posted = app.fake
    .tookCalls('chat.postMessage')
    .map((c) => `${String(c.args.channel)} ${String(c.args.text)}`);
  expect(new Set(posted).size).toBe(posted.length);
  return posted;
}
