// The quarterly satisfaction survey of key customers (domain 3): planned by the daily tasks
// run, done from its reminder's Done modal, counted in the monthly and quarterly reports.
import { describe, expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { monthlyReportJob, quarterlyReportJob } from '../../jobs/report.js';
import { tasksJob } from '../../jobs/tasks.js';
import { tierReviewJob } from '../../jobs/tier-review.js';
import { useTestApp } from '../helpers/app.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import {
  act,
  AGENT,
  ctxOf,
  makeCustomer,
  makeTicket,
  OWNER,
  respond,
} from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const MANAGER = 'U0MANAGER1';
const OTHER_MANAGER = 'U0MANAGER2';
const DIGEST = 'C0DIGEST01';

// Shanghai; business days Mon-Fri. Q4 2026 ends on Thursday 31 December.
const app = useTestApp({ env: { DIGEST_CHANNEL_ID: DIGEST }, now: '2026-11-02T02:00:00Z' });

const surveys = () => app.db.models.tasks.find({ kind: 'survey' }).sort({ customerName: 1 }).lean();

/** What a person read in their DMs, in order. */
const dms = (userId: string) => app.fake.postsTo(userId).map((c) => String(c.args.text));

/** The view the app last opened. */
const lastModal = () => app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;

/** `userId` clicks Done on task `taskId` (its DM's button). */
const clickDone = (taskId: string, userId: string) =>
  app.slack.blockAction({ action_id: 'task_done_open', value: taskId }, { userId });

/** `userId` clicks Done on survey task `taskId` and submits its modal with `form`: the answer. */
async function recordSurvey(taskId: string, form: Record<string, string>, userId: string) {
  await clickDone(taskId, userId);
  return app.slack.submitView(lastModal(), form, { userId });
}

/** The key customers and the ones the survey leaves out, all owned by OWNER. */
async function customers() {
  const key = await makeCustomer(app, {
    name: 'Key Co',
    annualRevenue: 600_000,
    lifecycle: 'active',
    contact: { name: 'Li Lei', optOuts: [] },
  });
  const strategic = await makeCustomer(app, {
    name: 'Strategic Co',
    annualRevenue: 1_200_000,
    lifecycle: 'active',
  });
  const normal = await makeCustomer(app, {
    name: 'Normal Co',
    annualRevenue: 100_000,
    lifecycle: 'active',
  });
  const optedOut = await makeCustomer(app, {
    name: 'Quiet Co',
    annualRevenue: 700_000,
    lifecycle: 'active',
    contact: { name: 'Zhao Min', optOuts: ['no care calls'] },
  });
  const churned = await makeCustomer(app, {
    name: 'Gone Co',
    annualRevenue: 800_000,
    lifecycle: 'churned',
  });
  return { key, strategic, normal, optedOut, churned };
}

describe('quarterly satisfaction survey', { timeout: 60_000 }, () => {
  test("planned two weeks before the quarter's last working day for key and strategic customers, once; cancelled with why when one drops out of the tiers or churns", async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const c = await customers();

    // Wednesday 16 December: 15 days before the survey is due, nothing yet.
    await runJobAt(app, tasksJob, '2026-12-16T01:00:00Z');
    expect(await surveys()).toEqual([]);

    // Thursday 17 December: one survey per key or strategic customer cared for, for its owner.
    await runJobAt(app, tasksJob, '2026-12-17T01:00:00Z');
    const planned = await surveys();
    expect(planned.map((t) => [t.customerName, t.assigneeId, t.dueDate, t.status])).toEqual([
      ['Key Co', OWNER, '2026-12-31', 'open'],
      ['Strategic Co', OWNER, '2026-12-31', 'open'],
    ]);
    expect(planned.map((t) => t._id)).toEqual([
      `${FAKE_TEAM_ID}:survey:${c.key.id}:2026-Q4`,
      `${FAKE_TEAM_ID}:survey:${c.strategic.id}:2026-Q4`,
    ]);

    // Rerun the next day, by two instances: still one survey each.
    await runJobAt(app, tasksJob, '2026-12-18T01:00:00Z', ['a', 'b']);
    expect(await app.db.models.tasks.countDocuments({ kind: 'survey' })).toBe(2);

    // Strategic Co churns, Key Co is set to the normal tier by a manager: the next run cancels both.
    const manager = await ctxOf(app, MANAGER);
    await app.desk.services.customers.update(manager, c.strategic.code, { lifecycle: 'churned' });
    await app.desk.services.customers.update(manager, c.key.code, {
      tierOverride: { tier: 'normal', reason: 'Reorganised' },
    });
    await runJobAt(app, tasksJob, '2026-12-21T01:00:00Z');
    expect((await surveys()).map((t) => [t.customerName, t.status, t.cancelReason])).toEqual([
      ['Key Co', 'cancelled', 'not_key'],
      ['Strategic Co', 'cancelled', 'churned'],
    ]);

    // Done on the old reminder says why.
    await clickDone(planned[0]!._id, OWNER);
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
      'This task was cancelled: the customer is no longer of the key or strategic tier, so the quarterly survey is no longer owed.',
    );
  });

  test("reminded with its words; Done asks the contact and satisfaction in the requester survey's words; a low score plans the recovery call; the reports show it on its own line, not in the revisits' satisfaction", async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const c = await customers();

    // A revisit in December rated 5: the follow-ups' satisfaction is 100.
    app.clock.set('2026-12-01T02:00:00Z');
    const number = (await makeTicket(app, { customerCode: c.key.code })).number;
    await act(app, number, { action: 'claim' });
    await respond(app, number, AGENT);
    await act(app, number, { action: 'resolve', summary: 'fixed' });
    const revisit = await app.db.models.tasks.findOne({ kind: 'revisit' }).lean();
    app.clock.set('2026-12-04T03:00:00Z');
    await app.desk.services.tasks.complete(await ctxOf(app, AGENT), revisit!._id as string, () => ({
      interactionType: 'call',
      summary: 'ok',
      solved: true,
      satisfaction: 5,
      nps: 10,
    }));

    await runJobAt(app, tasksJob, '2026-12-17T01:00:00Z');
    // Monday 28 December, three days before it is due: the early reminder names the survey.
    await runJobAt(app, tasksJob, '2026-12-28T01:00:00Z');
    const reminder = JSON.stringify(app.fake.postsTo(OWNER).map((m) => m.args.blocks));
    expect(reminder).toContain('*Satisfaction survey* · Key Co');
    expect(reminder).toContain('Quarterly satisfaction survey of a key customer');

    // Done on Key Co's survey: its contact to pick, the satisfaction in the survey's words.
    const [keySurvey, strategicSurvey] = await surveys();
    app.clock.set('2026-12-29T03:00:00Z');
    await clickDone(keySurvey!._id, OWNER);
    const view = lastModal();
    const shown = JSON.stringify(view);
    expect(shown).toContain('Contact surveyed');
    expect(shown).toContain('Li Lei');
    expect(shown).toContain('Very dissatisfied');
    expect(shown).toContain('Very satisfied');
    expect(shown).not.toContain('Is the issue solved?');
    let res = await app.slack.submitView(view, { type: 'call' }, { userId: OWNER });
    expect(res.body.errors).toHaveProperty('satisfaction');
    const contactKey = (await app.db.models.customers.findById(c.key.id).lean())!.contacts[0]!.key;
    res = await app.slack.submitView(
      view,
      {
        type: 'call',
        contact: contactKey,
        satisfaction: '2',
        nps: '5',
        feedback: 'Slow deliveries',
      },
      { userId: OWNER },
    );
    expect(res.body).toBe('');
    expect(await app.db.models.tasks.findById(keySurvey!._id).lean()).toMatchObject({
      status: 'done',
      outcome: {
        satisfaction: 2,
        nps: 5,
        contactKey,
        summary: 'Quarterly satisfaction survey of Li Lei: satisfaction 2/5 (Dissatisfied), NPS 5.',
      },
    });
    // Logged on the customer's file.
    const logged = await app.db.models.interactions
      .findOne({ customerId: c.key.id })
      .sort({ _id: -1 })
      .lean();
    expect(logged).toMatchObject({ feedback: 'Slow deliveries' });
    // A low score: the owner's recovery call, due the next day, said in the confirmation.
    expect(
      await app.db.models.tasks.findOne({ kind: 'recovery', customerId: c.key.id }).lean(),
    ).toMatchObject({ assigneeId: OWNER, dueDate: '2026-12-30', status: 'open' });
    // The owner answered it: told it is theirs, not named as someone else would be.
    const told = JSON.stringify(app.fake.callsTo('response_url').map((x) => x.args.text));
    expect(told).toContain('a *Low-score follow-up* is planned for you, due 2026-12-30');
    expect(told).not.toContain('<@U0OWNER001>');

    // Strategic Co has no contact on file: who answered is typed.
    res = await recordSurvey(
      strategicSurvey!._id,
      { type: 'visit', contact: 'Mr Chen, CFO', satisfaction: '5', nps: '9' },
      OWNER,
    );
    expect(res.body).toBe('');
    expect(await app.db.models.tasks.countDocuments({ kind: 'recovery' })).toBe(1);

    // The December report and the Q4 review: 2 of 2 surveyed, (2 + 5) / 2 x 20 = 70; the
    // revisits' satisfaction stays 100 (the survey's 2 would make it 70).
    await runJobAt(app, monthlyReportJob, '2027-01-04T01:00:00Z');
    await runJobAt(app, quarterlyReportJob, '2027-01-04T01:05:00Z');
    const month = await app.db.models.reports.findOne({ kind: 'month', period: '2026-12' }).lean();
    const quarter = await app.db.models.reports
      .findOne({ kind: 'quarter', period: '2026-Q4' })
      .lean();
    for (const report of [month, quarter]) {
      expect(report!.figures.survey).toMatchObject({ owed: 2, surveyed: 2, satisfaction: 70 });
      expect(report!.figures.overall).toMatchObject({ satisfaction: 100, verySatisfiedShare: 1 });
    }
    const posts = JSON.stringify(app.fake.postsTo(DIGEST).map((m) => m.args.blocks));
    expect(posts).toContain(
      'Quarterly survey: 2 of 2 key customers surveyed, satisfaction 70, NPS 0',
    );
  });
  test("a low survey tells the owner's managers (else every manager) once, naming the customer, the contact, the scores, the feedback escaped and who recorded it", async () => {
    // MANAGER manages OWNER; OTHER_MANAGER manages nobody: only MANAGER hears of OWNER's customers.
    await app.setSettings(() => ({
      managers: [MANAGER, OTHER_MANAGER],
      managerLinks: [{ managerId: MANAGER, manages: [OWNER] }],
    }));
    const c = await customers();
    await runJobAt(app, tasksJob, '2026-12-17T01:00:00Z');
    const [keySurvey, strategicSurvey] = await surveys();
    const contactKey = (await app.db.models.customers.findById(c.key.id).lean())!.contacts[0]!.key;

    // Satisfied enough, but NPS 3 with feedback: a low answer. Recorded by a colleague (a manager).
    app.clock.set('2026-12-29T03:00:00Z');
    const res = await recordSurvey(
      keySurvey!._id,
      {
        type: 'call',
        contact: contactKey,
        satisfaction: '4',
        nps: '3',
        feedback: '<!channel> late <again> & call 13800138000',
      },
      MANAGER,
    );
    expect(res.body).toBe('');
    expect(dms(MANAGER)).toEqual([
      `Low score in the quarterly satisfaction survey of Key Co: Li Lei gave satisfaction 4/5, NPS 3 (recorded by <@${MANAGER}>).\nA follow-up for <@${OWNER}> is due 2026-12-30.\nFeedback: &lt;!channel&gt; late &lt;again&gt; &amp; call 138****8000`,
    ]);
    expect(dms(OTHER_MANAGER)).toEqual([]);
    // The outbox's pass sends nothing again.
    await app.desk.outbox.drain();
    expect(dms(MANAGER)).toHaveLength(1);

    // Nobody linked to the owner any more: every manager is told (zh-CN), of a typed contact.
    await app.setSettings(() => ({ managerLinks: [], locale: 'zh-CN' }));
    await recordSurvey(
      strategicSurvey!._id,
      { type: 'visit', contact: 'Mr Chen, CFO', satisfaction: '1', nps: '8' },
      OWNER,
    );
    const zh = `Strategic Co 的季度满意度调查得分较低：Mr Chen, CFO 给出满意度 1/5，NPS 8（由 <@${OWNER}> 记录）。\n已为 <@${OWNER}> 安排 *低分回访*，2026-12-30 到期。`;
    expect(dms(MANAGER).slice(1)).toEqual([zh]);
    expect(dms(OTHER_MANAGER)).toEqual([zh]);
    await app.desk.outbox.drain();
    expect(dms(OTHER_MANAGER)).toHaveLength(1);
  });
});

describe("a low survey's follow-up told to the account manager", { timeout: 60_000 }, () => {
  test('recorded by a colleague: the account manager is DMed the follow-up at once, once (not again by the outbox job); recorded by herself: no DM to her', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const c = await customers();
    await runJobAt(app, tasksJob, '2026-12-17T01:00:00Z');
    const [keySurvey, strategicSurvey] = await surveys();
    const contactKey = (await app.db.models.customers.findById(c.key.id).lean())!.contacts[0]!.key;
    const ownersDms = () => app.fake.postsTo(OWNER).map((p) => JSON.stringify(p.args.blocks));

    // A manager records Key Co's survey, low: OWNER reads her follow-up at once.
    app.clock.set('2026-12-29T03:00:00Z');
    app.fake.reset();
    await recordSurvey(
      keySurvey!._id,
      { type: 'call', contact: contactKey, satisfaction: '2', nps: '5' },
      MANAGER,
    );
    const recovery = await app.db.models.tasks
      .findOne({ _id: `${keySurvey!._id}:recovery` })
      .lean();
    expect(recovery).toMatchObject({ kind: 'recovery', assigneeId: OWNER, dueDate: '2026-12-30' });
    // And, her survey done by someone else, that it is done (task-done-by-other.test.ts).
    expect(ownersDms()).toHaveLength(2);
    expect(ownersDms().filter((dm) => dm.includes('completed your task'))).toHaveLength(1);
    expect(ownersDms().find((dm) => !dm.includes('completed your task'))).toContain(
      'The quarterly satisfaction survey gave satisfaction 2/5, NPS 5: call within 24 hours, learn what went wrong and put it right · due 2026-12-30 (in 1 day)',
    );
    // The outbox job's passes send it no more.
    await runJobAt(app, outboxJob, '2026-12-29T03:05:00Z');
    await runJobAt(app, outboxJob, '2026-12-29T04:00:00Z', ['a', 'b']);
    expect(ownersDms()).toEqual([]);

    // OWNER records Strategic Co's herself: her follow-up, no DM telling her of it.
    app.clock.set('2026-12-30T03:00:00Z');
    app.fake.reset();
    await recordSurvey(
      strategicSurvey!._id,
      { type: 'visit', contact: 'Mr Chen, CFO', satisfaction: '1', nps: '8' },
      OWNER,
    );
    expect(
      await app.db.models.tasks.countDocuments({ _id: `${strategicSurvey!._id}:recovery` }),
    ).toBe(1);
    await runJobAt(app, outboxJob, '2026-12-30T03:05:00Z');
    expect(ownersDms()).toEqual([]);
  });
});

describe("a low survey's follow-up words", { timeout: 60_000 }, () => {
  test('an NPS not given is left out of them, never said as "NPS -" (en, zh-CN)', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const c = await customers();
    await runJobAt(app, tasksJob, '2026-12-17T01:00:00Z');
    const [keySurvey, strategicSurvey] = await surveys();
    const contactKey = (await app.db.models.customers.findById(c.key.id).lean())!.contacts[0]!.key;
    const words = async (survey: { _id: unknown }) =>
      (await app.db.models.tasks.findOne({ _id: `${String(survey._id)}:recovery` }).lean())!
        .content;

    // A manager records Key Co's survey: satisfaction 2, no NPS.
    app.clock.set('2026-12-29T03:00:00Z');
    app.fake.reset();
    await recordSurvey(
      keySurvey!._id,
      { type: 'call', contact: contactKey, satisfaction: '2' },
      MANAGER,
    );
    expect(await words(keySurvey!)).toBe(
      'The quarterly satisfaction survey gave satisfaction 2/5: call within 24 hours, learn what went wrong and put it right.',
    );
    // The account manager's DM reads the same.
    expect(JSON.stringify(app.fake.postsTo(OWNER).map((p) => p.args.blocks))).toContain(
      'The quarterly satisfaction survey gave satisfaction 2/5: call within 24 hours',
    );

    // In a Chinese workspace, Strategic Co's survey: satisfaction 1, no NPS.
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await recordSurvey(
      strategicSurvey!._id,
      { type: 'visit', contact: '陈先生', satisfaction: '1' },
      OWNER,
    );
    expect(await words(strategicSurvey!)).toBe(
      '季度满意度调查得分：满意度 1/5。请在 24 小时内致电，了解问题所在并予以补救。',
    );
  });
});

describe('a low survey in a Chinese workspace', { timeout: 60_000 }, () => {
  test("the managers' DM names the Chinese customer and contact without a space before 的 or 给出, and the follow-up by its name", async () => {
    await app.setSettings(() => ({ managers: [MANAGER], locale: 'zh-CN' }));
    const key = await makeCustomer(app, {
      name: '江南纺织',
      annualRevenue: 600_000,
      lifecycle: 'active',
      contact: { name: '李雷', optOuts: [] },
    });
    await runJobAt(app, tasksJob, '2026-12-17T01:00:00Z');
    const [survey] = await surveys();
    const contactKey = (await app.db.models.customers.findById(key.id).lean())!.contacts[0]!.key;
    app.clock.set('2026-12-29T03:00:00Z');
    await recordSurvey(
      survey!._id,
      { type: 'call', contact: contactKey, satisfaction: '2', nps: '4' },
      OWNER,
    );
    expect(dms(MANAGER)).toEqual([
      `江南纺织的季度满意度调查得分较低：李雷给出满意度 2/5，NPS 4（由 <@${OWNER}> 记录）。\n已为 <@${OWNER}> 安排 *低分回访*，2026-12-30 到期。`,
    ]);
  });
});

describe(
  'a survey missed in its quarter, then the customer drops tier at the review',
  { timeout: 60_000 },
  () => {
    test('stays owed: the quarterly review counts it as not done, not as never owed', async () => {
      await app.setSettings(() => ({ managers: [MANAGER] }));
      const key = await makeCustomer(app, { name: 'Key Co', lifecycle: 'active' });
      // Key from one order of December 2025: it ages out at the review of 1 January 2027.
      await app.desk.services.customers.recordOrder(await ctxOf(app, OWNER), key.code, {
        date: '2025-12-30',
        amount: 600_000,
        number: 'K-1',
      });
      await runJobAt(app, tasksJob, '2026-12-17T01:00:00Z');
      expect((await surveys()).map((t) => [t.customerName, t.dueDate])).toEqual([
        ['Key Co', '2026-12-31'],
      ]);
      // Nobody surveyed them by 31 December; the review on 1 January moves them to normal.
      await runJobAt(app, tierReviewJob, '2026-12-31T22:00:00Z');
      expect((await app.db.models.customers.findById(key.id).lean())!.tier).toBe('normal');
      await runJobAt(app, tasksJob, '2027-01-04T01:00:00Z');
      expect((await surveys()).map((t) => t.status)).toEqual(['open']);
      await runJobAt(app, quarterlyReportJob, '2027-01-04T01:05:00Z');
      const quarter = await app.db.models.reports
        .findOne({ kind: 'quarter', period: '2026-Q4' })
        .lean();
      expect(quarter!.figures.survey).toMatchObject({ owed: 1, surveyed: 0 });
    });
  },
);

describe("a VIP's quarterly business review", { timeout: 60_000 }, () => {
  test('cancelled with why by the daily run once the customer is no longer a VIP; a VIP still one keeps theirs', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const vip = (name: string) =>
      makeCustomer(app, {
        name,
        annualRevenue: 1_200_000,
        cooperationStartDate: '2023-01-01',
        lifecycle: 'active',
      });
    const lost = await vip('Former VIP Co');
    const kept = await vip('Still VIP Co');
    const reviews = () =>
      app.db.models.tasks.find({ kind: 'qbr' }).sort({ customerName: 1 }).lean();

    await runJobAt(app, tasksJob, '2026-12-17T01:00:00Z');
    expect((await reviews()).map((t) => [t.customerName, t.dueDate, t.status])).toEqual([
      ['Former VIP Co', '2026-12-31', 'open'],
      ['Still VIP Co', '2026-12-31', 'open'],
    ]);

    // Former VIP Co's purchases fall below the VIP line (still a key customer): its review goes.
    await app.desk.services.customers.update(await ctxOf(app, MANAGER), lost.code, {
      annualRevenue: 600_000,
    });
    await runJobAt(app, tasksJob, '2026-12-18T01:00:00Z');
    const after = await reviews();
    expect(after.map((t) => [t.customerName, t.status, t.cancelReason])).toEqual([
      ['Former VIP Co', 'cancelled', 'not_vip'],
      ['Still VIP Co', 'open', undefined],
    ]);
    expect(
      await app.db.models.tasks.findOne({ kind: 'survey', customerId: lost.id }).lean(),
    ).toMatchObject({ status: 'open' });
    expect(kept.id).toBe(after[1]!.customerId);

    // Done on the old reminder says why.
    await clickDone(after[0]!._id, OWNER);
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
      'This task was cancelled: the customer is no longer a VIP, so the quarterly business review is no longer owed.',
    );
  });
});
