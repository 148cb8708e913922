// Upgrade intents handed to sales in the weekly digest and the monthly report: the hand-offs
// made in the period (their tasks due after it) and how many of their tasks were done, through
// the real Bolt stack (signed requests, fake Slack) and the scheduled jobs at an injected now.
import { describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { monthlyReportJob } from '../../jobs/report.js';
import { useTestApp } from '../helpers/app.js';
import { submitLastModal } from '../helpers/clicks.js';
import { makeCustomer } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

const DIGEST = 'C0DIGEST01';
const SALES = 'U0SALES001';
const AGENT = 'U0SERVICE1';
const MANAGER = 'U0MANAGER1';

// Friday 2026-11-27 10:00 in Shanghai (week 48: Monday 23 - Sunday 29 November).
const app = useTestApp({
  env: { DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-11-27T02:00:00Z',
  since: '2026-01-01T00:00:00Z',
});

type View = { blocks: { block_id?: string }[] } & Record<string, unknown>;
const lastModal = () =>
  app.fake.calls.filter((c) => c.method === 'views.open' || c.method === 'views.update').at(-1)!
    .args.view as View;

/** AGENT logs a call on the customer with an upgrade intent. */
async function intent(code: string, what: string) {
  await app.slack.blockAction(
    { action_id: 'customer_interaction_open', value: code, block_id: 'customer_actions' },
    { userId: AGENT },
  );
  const res = await app.slack.submitView(
    lastModal(),
    { type: 'call', summary: 'Asked about the invoice', upgrade_intent: 'yes', upgrade_what: what },
    { userId: AGENT },
  );
  expect(res.body).toBe('');
}

/** Two of SALES's customers each with an upgrade intent: their tasks, by customer code. */
async function twoIntents() {
  const a = await makeCustomer(app, { name: 'Huadong Machinery', ownerId: SALES });
  const b = await makeCustomer(app, { name: 'Jinqiao Tools', ownerId: SALES });
  await intent(a.code, '20 more seats');
  await intent(b.code, 'The HR module');
  return app.db.models.tasks
    .find({ teamId: FAKE_TEAM_ID, kind: 'upgrade' })
    .sort({ customerCode: 1 })
    .lean();
}

describe('upgrade intents in the digest and the report', () => {
  test('two intents on a Friday (tasks due the week after), one task done: the digest and the month read "2 (1 done)"', async () => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [SALES] }));
    const tasks = await twoIntents();
    expect(tasks.map((k) => k.dueDate)).toEqual(['2026-12-01', '2026-12-01']);
    app.clock.set('2026-11-27T06:00:00Z');
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String(tasks[0]!._id) },
      { userId: SALES },
    );
    const done = await app.slack.submitView(
      lastModal(),
      { type: 'call', summary: 'Quoted 20 seats' },
      { userId: SALES },
    );
    expect(done.body).toBe('');

    // Monday 30 November 09:30: the digest of week 48.
    const [digest] = await runJobAt(app, digestJob, '2026-11-30T01:30:00Z');
    expect(digest!.counts).toEqual({ queued: 1 });
    const posts = app.fake.postsTo(DIGEST);
    expect(posts).toHaveLength(1);
    const blocks = JSON.stringify(posts[0]!.args.blocks);
    expect(blocks).toContain('*Upgrade intents handed to sales*\\n2 (+2 vs last week)\\n(1 done)');

    // Tuesday 1 December: November's report (the 27th is in it).
    const [month] = await runJobAt(app, monthlyReportJob, '2026-12-01T01:30:00Z');
    expect(month!.counts).toEqual({ queued: 1 });
    const report = JSON.stringify(app.fake.postsTo(DIGEST).at(-1)!.args.blocks);
    expect(report).toContain('2026-11');
    expect(report).toMatch(/\*Upgrade intents handed to sales\*\\n2 \([^)]*\)\\n\(1 done\)/);
  });

  test('an intent whose task a manager cancelled as not needed (a duplicate) is not handed to sales: the digest and the month read "1 (1 done)"', async () => {
    await app.setSettings(() => ({
      agents: [AGENT],
      accountManagers: [SALES],
      managers: [MANAGER],
    }));
    const tasks = await twoIntents();
    app.clock.set('2026-11-27T06:00:00Z');
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String(tasks[0]!._id) },
      { userId: SALES },
    );
    await submitLastModal(app, { type: 'call', summary: 'Quoted 20 seats' }, SALES);
    // B's was heard twice (another task already covers it): cancelled by a manager, not needed.
    await app.slack.blockAction(
      { action_id: 'task_cancel_open', value: String(tasks[1]!._id) },
      { userId: MANAGER },
    );
    await submitLastModal(app, { reason: 'by_hand', note: 'Duplicate' }, MANAGER);
    expect(await app.db.models.tasks.findById(tasks[1]!._id).lean()).toMatchObject({
      status: 'cancelled',
      cancelReason: 'by_hand',
    });

    await runJobAt(app, digestJob, '2026-11-30T01:30:00Z');
    const blocks = JSON.stringify(app.fake.postsTo(DIGEST)[0]!.args.blocks);
    expect(blocks).toContain('*Upgrade intents handed to sales*\\n1 (+1 vs last week)\\n(1 done)');
    await runJobAt(app, monthlyReportJob, '2026-12-01T01:30:00Z');
    const report = JSON.stringify(app.fake.postsTo(DIGEST).at(-1)!.args.blocks);
    expect(report).toMatch(/\*Upgrade intents handed to sales\*\\n1 \([^)]*\)\\n\(1 done\)/);
  });
});
