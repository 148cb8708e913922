// A team's first day on the desk: it types in its customers, their past calls and its open
// requests. History from before the workspace's first record is not "logged late" (as its
// customers are not "Recorded after 24 h"): no confirmation line, no count, nobody named.
import { expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { monthlyReportJob } from '../../jobs/report.js';
import { useTestApp } from '../helpers/app.js';
import { lastModalView } from '../helpers/clicks.js';
import { digestFields } from '../helpers/digest.js';
import { AGENT, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

const DIGEST = 'C0DIGEST01';
// Tuesday 2026-11-24 10:00 Shanghai: the team's first day on the desk.
const lastModal = () =>
  app.fake.calls.filter((c) => c.method === 'views.open' || c.method === 'views.update').at(-1)!
    .args.view as Record<string, unknown>;

const app = useTestApp({
  env: { DIGEST_CHANNEL_ID: DIGEST, TRIAGE_CHANNEL_ID: 'C0TRIAGE01' },
  now: '2026-11-24T02:00:00Z',
  since: '2026-11-24T00:00:00Z',
});

test('a past visit typed in on the first day is not logged late; one of after the first record is', async () => {
  const { code } = await makeCustomer(app, { ownerId: OWNER, firstContactDate: '2025-03-01' });
  const log = async (date: string, summary: string) => {
    await app.slack.blockAction(
      { action_id: 'customer_interaction_open', value: code, block_id: 'customer_actions' },
      { userId: OWNER },
    );
    const res = await app.slack.submitView(
      lastModal(),
      { type: 'visit', date, summary },
      { userId: OWNER },
    );
    expect(res.body).toBe('');
    return String(app.fake.callsTo('response_url').at(-1)!.args.text);
  };
  expect(await log('2026-10-15', 'Annual visit (from our old spreadsheet)')).not.toMatch(
    /logged late/,
  );
  // Fri 27 Nov: a visit of Wed 25 (after the first record) logged two days on is late.
  app.clock.set('2026-11-27T02:00:00Z');
  expect(await log('2026-11-25', 'Visit after the first record')).toMatch(/logged late/);
  await runJobAt(app, digestJob, '2026-11-30T01:30:00Z');
  expect(digestFields(app.fake.postsTo(DIGEST)[0]!)['Interactions logged after 24 h']).toMatch(
    /^1\b/,
  );
});

test('an open request received before the first record, typed in on the first day: not logged late, not in the report', async () => {
  app.clock.set('2026-11-24T02:00:00Z');
  await app.setSettings(() => ({ agents: [AGENT] }));
  const customer = (
    await makeCustomer(app, { annualRevenue: 600_000, firstContactDate: '2025-03-01' })
  ).code;
  await app.slack.command('/ticket', 'new Spindle error (from the old sheet)', { userId: AGENT });
  const res = await app.slack.submitView(
    lastModalView(app),
    {
      customer,
      type: 'after_sales',
      severity: 'important',
      description: 'Spindle error E42',
      received_date: '2026-11-10',
      received_time: '09:00',
    },
    { userId: AGENT },
  );
  expect(res.body).toBe('');
  const t = (await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
  expect(t.metrics.loggedLateMinutes).toBeUndefined();
  await runJobAt(app, monthlyReportJob, '2026-12-01T01:30:00Z');
  const report = JSON.stringify(app.fake.postsTo(DIGEST).at(-1)!.args.blocks);
  expect(report).toContain('Monthly report');
  expect(report).not.toContain('by who filed them');
});
