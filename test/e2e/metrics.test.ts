// GET /metrics under load: the figures an operator alerts on move as the desk works.
import { expect, test } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { useTestApp } from '../helpers/app.js';
import { makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { sampleValue as value, scrapeMetrics } from '../helpers/setups-7-metrics.js';

const TRIAGE = 'C0TRIAGE01';
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

const scrape = () => scrapeMetrics(app);

test('requests, ack latency, listener errors, Slack calls, rate limits, job runs and database commands are counted', async () => {
  const before = await scrape();
  const ticket = await makeTicket(app);
  const claim = (userId: string) =>
    app.slack.blockAction(
      { action_id: 'ticket_claim', value: ticket.number, block_id: 'ticket_actions' },
      { userId, channelId: TRIAGE },
    );
  await claim('U0AGENT002');
  await claim('U0AGENT003'); // already claimed: refused
  for (let i = 0; i < 3; i++) await app.slack.command('/ticket', 'help');
  // Slack answers 429 to the next card update; the outbox waits as told.
  app.fake.rateLimitNext('chat.update', 7);
  await app.slack.blockAction(
    { action_id: 'ticket_wait', value: ticket.number, block_id: 'ticket_actions' },
    { userId: 'U0AGENT002', channelId: TRIAGE },
  );
  await runJobAt(app, slaAlertsJob, '2026-11-24T02:05:00Z');

  const after = await scrape();
  const moved = (sample: string) => value(after, sample) - value(before, sample);
  expect(moved('care_desk_requests_total{kind="action",outcome="ok"}')).toBe(2);
  expect(moved('care_desk_requests_total{kind="action",outcome="INVALID_INPUT"}')).toBe(1);
  expect(moved('care_desk_requests_total{kind="command",outcome="ok"}')).toBe(3);
  expect(
    moved('care_desk_listener_errors_total{listener="action:ticket_claim",code="INVALID_INPUT"}'),
  ).toBe(1);
  expect(moved('care_desk_ack_seconds_count{kind="action"}')).toBe(3);
  expect(moved('care_desk_ack_seconds_count{kind="command"}')).toBe(3);
  expect(
    moved('care_desk_slack_calls_total{method="chat.postMessage",outcome="ok"}'),
  ).toBeGreaterThan(0);
  expect(moved('care_desk_slack_calls_total{method="chat.update",outcome="rate_limited"}')).toBe(1);
  expect(moved('care_desk_slack_rate_limited_total{method="chat.update"}')).toBe(1);
  expect(moved('care_desk_slack_rate_limit_wait_seconds_total{method="chat.update"}')).toBe(7);
  // The scheduled job ran through the runner the app's scheduler uses.
  expect(after).toMatch(/care_desk_job_seconds_count\{job="sla-alerts"\} [1-9]/);
  expect(
    moved('care_desk_db_command_seconds_count{command="findAndModify",outcome="ok"}'),
  ).toBeGreaterThan(0);
  expect(after).toContain('care_desk_tickets_owing_notices 0');
});
