// A customer erased whole (PIPL: `/desk privacy erase C…`) is contacted no more by any path that
// plans contact: no holiday greeting planned (nor its owner DMed of one), and the daily signals
// run finds nothing about it: no contract-end or churn DM, no win-back call, no lifecycle move.
import { Types } from 'mongoose';
import { expect, test } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { submitLastModal } from '../helpers/clicks.js';
import { AGENT as HEARER, SALES, upgradeSteps } from '../helpers/upgrades.js';

const ADMIN = 'U0ADMIN001';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });
const MANAGER = 'U0MANAGER1';

test('an erased customer gets no holiday greeting planned, its owner no DM of one', async () => {
  app.clock.set('2026-09-01T02:00:00Z');
  const { code } = await makeCustomer(app, {
    name: 'Greet Co',
    lifecycle: 'active',
    contact: { name: 'Li Wei', optOuts: [] },
  });
  await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), code);
  // Monday, three days before National Day: greetings are planned.
  await runJobAt(app, tasksJob, '2026-09-28T01:00:00Z');
  const greetings = await app.db.models.tasks
    .find({ teamId: FAKE_TEAM_ID, kind: 'greeting' })
    .lean();
  expect(greetings.filter((t) => t.status === 'open')).toEqual([]);
  expect(app.fake.postsTo(OWNER).map((m) => m.args.text)).toEqual([]);
});

test('an erased customer: no win-back call, no churn or contract DM, its lifecycle kept', async () => {
  const c = await makeCustomer(app, {
    name: 'Gone Co',
    firstContactDate: '2025-01-01',
    lifecycle: 'active',
    contact: { name: 'Li Wei' },
  });
  await app.db.models.customers.collection.updateOne(
    { _id: new Types.ObjectId(c.id) },
    {
      $set: {
        createdAt: new Date('2025-01-01T00:00:00Z'),
        lastInteractionAt: new Date('2026-05-01T02:00:00Z'), // idle > 90 days: a churn risk
        contractEndDate: '2026-12-20', // within the notice days
      },
    },
  );
  await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), c.code);
  await runJobAt(app, customerSignalsJob, '2026-11-24T01:00:00Z');
  const tasks = await app.db.models.tasks.find({ customerCode: c.code }).lean();
  expect(tasks.filter((t) => t.status === 'open')).toEqual([]);
  expect(app.fake.postsTo(OWNER)).toEqual([]);
  const stored = await app.db.models.customers.findById(c.id).lean();
  expect(stored?.lifecycle).toBe('active');
});

test("an erased customer is on none of its owner's App Home lists: not with signals, not at churn risk", async () => {
  await app.setSettings(() => ({ accountManagers: [OWNER] }));
  const ending = await makeCustomer(app, { name: 'Gone Co', lifecycle: 'active' });
  const churning = await makeCustomer(app, { name: 'Left Co', lifecycle: 'churn_warning' });
  const kept = await makeCustomer(app, { name: 'Kept Co', lifecycle: 'active' });
  for (const c of [ending, kept])
    await app.db.models.customers.collection.updateOne(
      { _id: new Types.ObjectId(c.id) },
      { $set: { contractEndDate: '2026-12-10' } },
    );
  for (const c of [ending, churning])
    await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), c.code);
  await app.slack.event({
    type: 'app_home_opened',
    user: OWNER,
    channel: 'D0HOME0001',
    tab: 'home',
  });
  const home = JSON.stringify(app.fake.homesPublishedTo(OWNER).at(-1)!.args.view);
  // Only the customer not erased, counted alone.
  expect(home).toContain('*Your customers with signals* (1)');
  expect(home).toContain(`• *Kept Co* (${kept.code}) · contract ends 2026-12-10`);
  expect(home).not.toContain('[erased]');
  expect(home).toContain('At churn risk: 0');
});

test('an upgrade intent logged on an erased customer plans no task for sales, nor DMs anyone', async () => {
  await upgradeSteps(app).roles();
  const { code } = await makeCustomer(app, { name: 'Gone Co', ownerId: SALES });
  await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), code);
  app.fake.reset();
  await app.slack.blockAction(
    { action_id: 'customer_interaction_open', value: code, block_id: 'customer_actions' },
    { userId: HEARER },
  );
  const res = await app.slack.submitView(
    upgradeSteps(app).lastModal(),
    { type: 'call', summary: 'Asked', upgrade_intent: 'yes', upgrade_what: '20 more seats' },
    { userId: HEARER },
  );
  expect(res.body).toBe('');
  const told = String(app.fake.callsTo('response_url').at(-1)!.args.text);
  expect(told).toContain('Logged a call');
  expect(told).not.toContain('Upgrade intent');
  expect(await app.db.models.tasks.find({ teamId: FAKE_TEAM_ID, kind: 'upgrade' }).lean()).toEqual(
    [],
  );
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(app.fake.postsTo(SALES)).toEqual([]);
});

test('a low quarterly survey of a customer erased since it was planned: no recovery call; the answer is saved, the managers told without one', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const { code } = await makeCustomer(app, {
    name: 'Key Co',
    annualRevenue: 600_000,
    lifecycle: 'active',
  });
  await runJobAt(app, tasksJob, '2026-12-17T01:00:00Z');
  const id = String((await app.db.models.tasks.findOne({ kind: 'survey' }).lean())!._id);
  await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), code);
  app.clock.set('2026-12-18T03:00:00Z');
  app.fake.reset();
  await app.slack.blockAction({ action_id: 'task_done_open', value: id }, { userId: OWNER });
  await submitLastModal(
    app,
    { type: 'call', contact: 'Mr Chen', satisfaction: '1', nps: '2' },
    OWNER,
  );
  expect(await app.db.models.tasks.findById(id).lean()).toMatchObject({
    status: 'done',
    outcome: { satisfaction: 1, nps: 2 },
  });
  expect(await app.db.models.tasks.countDocuments({ kind: 'recovery' })).toBe(0);
  const told = JSON.stringify(app.fake.callsTo('response_url').map((x) => x.args.text));
  expect(told).not.toContain('Low-score follow-up');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const managers = app.fake.postsTo(MANAGER).map((m) => String(m.args.text));
  expect(managers).toHaveLength(1);
  expect(managers[0]).toContain('Low score in the quarterly satisfaction survey');
  expect(managers[0]).not.toContain('follow-up');
});
