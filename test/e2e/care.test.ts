// The care plan (#11): tier review from aged orders, stages, greetings, tasks by hand.
import { trusted } from 'mongoose';
import { describe, expect, test } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { digestJob } from '../../jobs/digest.js';
import { tasksJob } from '../../jobs/tasks.js';
import { tierReviewJob } from '../../jobs/tier-review.js';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { keyCustomerLastContacted } from '../helpers/tasks.js';
import { submitLastModal } from '../helpers/clicks.js';

const MANAGER = 'U0MANAGER1';
const DIGEST = 'C0DIGEST01';

// Shanghai; business days Mon-Fri.
const app = useTestApp({ env: { DIGEST_CHANNEL_ID: DIGEST }, now: '2025-09-26T02:00:00Z' });

function cardButton(code: string, action: string) {
  return { action_id: action, value: code, block_id: 'customer_actions' };
}

/** The view the app last opened or pushed into a modal. */
function lastModal(): Record<string, unknown> {
  const calls = app.fake.calls.filter(
    (c) => c.method === 'views.open' || c.method === 'views.update',
  );
  return calls[calls.length - 1]!.args.view as Record<string, unknown>;
}

/** Records an order through the card's Record order modal, as its owner. */
async function recordOrder(code: string, date: string, amount: string) {
  await app.slack.blockAction(cardButton(code, 'customer_order_open'), { userId: OWNER });
  const res = await app.slack.submitView(lastModal(), { date, amount }, { userId: OWNER });
  expect(res.body).toBe('');
}

const cardText = async (code: string, userId = OWNER) =>
  JSON.stringify((await app.slack.command('/customer', code, { userId })).body.blocks);

describe('quarterly tier review from the orders of the last 12 months', () => {
  test('an order that aged out lowers the tier: logged, counted in the digest, overrides stay', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const plain = (await makeCustomer(app, { name: 'Aged Order Co' })).code;
    const held = (await makeCustomer(app, { name: 'Held Tier Co' })).code;
    await recordOrder(plain, '2025-09-26', '600000');
    await recordOrder(held, '2025-09-26', '600000');
    await app.desk.services.customers.update(await ctxOf(app, MANAGER), held, {
      tierOverride: { tier: 'strategic', reason: 'Group contract' },
    });
    expect(await cardText(plain)).toContain('Key');

    // 1 October 2026 06:00 in Shanghai: the order is 12 months and 5 days old.
    const [run] = await runJobAt(app, tierReviewJob, '2026-09-30T22:00:00Z');
    expect(run!.counts).toEqual({ changed: 2, moved: 1, told: 2 });
    const after = await app.db.models.customers.findOne({ code: plain }).lean();
    expect(after).toMatchObject({ annualRevenue: 0, computedTier: 'normal', tier: 'normal' });
    const kept = await app.db.models.customers.findOne({ code: held }).lean();
    expect(kept).toMatchObject({ annualRevenue: 0, computedTier: 'normal', tier: 'strategic' });
    expect(
      await app.db.models.customerChanges
        .find({ customerId: after!._id, field: 'tier' })
        .sort({ at: 1 })
        .lean(),
    ).toEqual([
      expect.objectContaining({ oldValue: 'normal', newValue: 'key', source: 'slack' }),
      expect.objectContaining({ oldValue: 'key', newValue: 'normal', source: 'job' }),
    ]);
    const card = await cardText(plain);
    // The value class follows the new figure at once (no longer high-value, as the customer is
    // still new), not at the next daily run.
    expect(card).toContain('*Tier*\\nNormal · Potential');
    expect(card).not.toContain('High-value');
    // Annual purchases are the last 12 months' (none); the historic total keeps the order.
    expect(card).toContain('*Annual purchases*\\n0 CNY');
    expect(card).toContain('*Historic total*\\n600,000 CNY');

    // The next Monday's digest counts the downgrade.
    await runJobAt(app, digestJob, '2026-10-05T01:00:00Z');
    const digest = JSON.stringify(app.fake.postsTo(DIGEST)[0]!.args.blocks);
    expect(digest).toContain('Tier changes this week: 0 up, 1 down.');
  });
});

describe('care cadence and working days', () => {
  test('manual A by default: key customers monthly; a care contact due on a Sunday is due the Friday before, and reminded that day', async () => {
    app.clock.set('2026-11-20T02:00:00Z');
    // Last contact Friday 30 October: 30 days later is Sunday 29 November.
    const c = await keyCustomerLastContacted(app, '2026-10-30T02:00:00Z', { name: 'Monthly Co' });
    const [run] = await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z'); // Tuesday
    expect(run!.counts).toMatchObject({ careCreated: 1, reminded: 1 });
    const task = await app.db.models.tasks.findOne({ customerId: c.id }).lean();
    expect(task).toMatchObject({ kind: 'care', dueDate: '2026-11-27' });
    expect(JSON.stringify(app.fake.postsTo(OWNER)[0]!.args.blocks)).toContain('Monthly Co');
    // Friday: the due reminder; the weekend: nothing.
    await runJobAt(app, tasksJob, '2026-11-27T01:00:00Z');
    expect(JSON.stringify(app.fake.postsTo(OWNER)[0]!.args.blocks)).toContain('due *today*');
    await runJobAt(app, tasksJob, '2026-11-28T01:00:00Z');
    expect(app.fake.postsTo(OWNER)).toEqual([]);
  });
});

describe('care reminders say why this customer is due', () => {
  test("the care task's words are this customer's reason (tier or stage, its cadence, the last contact), not the plan's general rule; in Chinese too", async () => {
    app.clock.set('2026-11-10T02:00:00Z');
    const key = await makeCustomer(app, {
      name: 'Monthly Co',
      annualRevenue: 600_000,
      lifecycle: 'active',
    });
    // Manual C's stable row applies to the key tier (a normal customer keeps its tier's
    // quarterly cadence: walk-normal-tier).
    const stable = await makeCustomer(app, {
      name: 'Steady Co',
      annualRevenue: 700_000,
      lifecycle: 'stable',
    });
    await makeCustomer(app, {
      name: 'Leader Co',
      firstContactDate: '2026-11-12',
      potential: 'key',
    });
    const lastContact = (id: string, at: string) =>
      app.db.models.customers.updateOne({ _id: id }, { $set: { lastInteractionAt: new Date(at) } });
    await lastContact(key.id, '2026-10-30T02:00:00Z');
    await lastContact(stable.id, '2026-10-28T02:00:00Z');
    const [run] = await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z'); // Tuesday
    expect(run!.counts).toMatchObject({ careCreated: 3 });
    const dm = JSON.stringify(app.fake.postsTo(OWNER).map((p) => p.args.blocks));
    expect(dm).toContain(
      `*Care contact* · Monthly Co (${key.code})\\nKey customer: a care contact every 30 days; last contact 2026-10-30 · due 2026-11-27 (in 3 days)`,
    );
    expect(dm).toContain(
      'Key customer in its stable stage: a care call every 30 days (usage, new needs); last contact 2026-10-28',
    );
    expect(dm).toContain(
      'Potential customer: a care call every 14 days (usage, new needs); first contact 2026-11-12',
    );
    expect(dm).not.toContain('potential customers every two weeks');
    expect(dm).not.toContain("on the tier's care cadence");

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    app.clock.set('2026-11-25T02:00:00Z');
    const zh = await makeCustomer(app, {
      name: '华东机械',
      annualRevenue: 600_000,
      lifecycle: 'active',
    });
    await lastContact(zh.id, '2026-10-29T02:00:00Z');
    app.fake.reset();
    await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
    expect(JSON.stringify(app.fake.postsTo(OWNER).map((p) => p.args.blocks))).toContain(
      '重点客户：每 30 天一次关怀联系；上次联系 2026-10-29',
    );
  });
});

describe('lifecycle stages and value classes', () => {
  test('recomputed by the daily run from the orders: new, then stable; logged and shown on the card', async () => {
    app.clock.set('2026-09-01T02:00:00Z');
    const code = (await makeCustomer(app, { name: 'Stage Co' })).code;
    await recordOrder(code, '2026-09-01', '100000');
    let card = await cardText(code);
    expect(card).toContain('New');
    expect(card).toContain('Normal · Potential');
    // Kept in touch, so silence is no churn risk.
    app.clock.set('2026-11-20T02:00:00Z');
    await app.desk.services.customers.logInteraction(await ctxOf(app, OWNER), code, {
      type: 'call',
      date: '2026-11-20',
      summary: 'Checked in',
    });
    let [run] = await runJobAt(app, customerSignalsJob, '2026-11-30T01:00:00Z'); // 90 days: new
    expect(run!.counts).toMatchObject({ stageChanges: 0 });
    [run] = await runJobAt(app, customerSignalsJob, '2026-12-01T01:00:00Z'); // 91 days
    expect(run!.counts).toMatchObject({ stageChanges: 1 });
    const customer = await app.db.models.customers.findOne({ code }).lean();
    expect(customer).toMatchObject({ lifecycle: 'stable', valueClass: 'ordinary' });
    const logged = await app.db.models.customerChanges
      .find({ customerId: customer!._id, field: trusted({ $in: ['lifecycle', 'valueClass'] }) })
      .sort({ at: 1, _id: 1 }) // the run's two entries share their time: made in this order
      .lean();
    expect(logged.map((c) => [c.field, c.oldValue, c.newValue, c.source])).toEqual([
      ['lifecycle', 'prospect', 'new', 'slack'], // potential since it was created
      ['lifecycle', 'new', 'stable', 'job'],
      ['valueClass', 'potential', 'ordinary', 'job'],
    ]);
    card = await cardText(code);
    expect(card).toContain('Stable');
    expect(card).toContain('Normal · Ordinary');
  });

  test('falling orders are a churn signal; the win-back Done asks the reason and keeps it on the customer', async () => {
    app.clock.set('2026-11-20T02:00:00Z');
    const code = (await makeCustomer(app, { name: 'Falling Co' })).code;
    const ctx = await ctxOf(app, OWNER);
    const months = ['05', '05', '06', '06', '07', '07', '08', '09', '10'];
    for (const [i, month] of months.entries()) {
      await app.desk.services.customers.recordOrder(ctx, code, {
        date: `2026-${month}-1${i % 2}`,
        amount: 10_000,
        number: `SO-${i}`,
      });
    }
    await app.desk.services.customers.logInteraction(ctx, code, {
      type: 'call',
      date: '2026-11-20',
      summary: 'Fewer orders lately',
    });
    const [run] = await runJobAt(app, customerSignalsJob, '2026-11-24T01:00:00Z');
    expect(run!.counts).toMatchObject({ churnRisks: 1, stageChanges: 1 });
    expect(JSON.stringify(app.fake.postsTo(OWNER)[0]!.args.blocks)).toContain(
      `*Falling Co* (${code}) may churn: 3 orders in the 3 full months before this one, against 6 in the 3 before those.`,
    );
    expect(await app.db.models.customers.findOne({ code }).lean()).toMatchObject({
      lifecycle: 'churn_warning',
    });
    const task = await app.db.models.tasks.findOne({ kind: 'winback', customerCode: code }).lean();
    expect(task).toMatchObject({ dueDate: '2026-12-01', assigneeId: OWNER });

    // Done: the reason is a choice, required.
    app.clock.set('2026-11-25T02:00:00Z');
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: task!._id },
      { userId: OWNER },
    );
    const view = lastModal();
    expect(JSON.stringify(view)).toContain('Why are they leaving?');
    let res = await app.slack.submitView(
      view,
      { type: 'call', summary: 'Price' },
      { userId: OWNER },
    );
    expect(res.body.errors).toHaveProperty('churn_reason');
    res = await app.slack.submitView(
      view,
      { type: 'call', summary: 'A rival offered 10 % less', churn_reason: 'competitor' },
      { userId: OWNER },
    );
    expect(res.body).toBe('');
    expect(await app.db.models.customers.findOne({ code }).lean()).toMatchObject({
      churnReason: 'competitor',
    });
    expect(await app.db.models.tasks.findById(task!._id).lean()).toMatchObject({
      status: 'done',
      outcome: { churnReason: 'competitor' },
    });
  });

  test('a key potential customer is cared for before its first order: the potential call every two weeks', async () => {
    app.clock.set('2026-11-10T02:00:00Z');
    await makeCustomer(app, {
      name: 'Leader Co',
      firstContactDate: '2026-11-12',
      potential: 'key',
    });
    await makeCustomer(app, { name: 'Lead Co', firstContactDate: '2026-11-12' });
    const [run] = await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
    expect(run!.counts).toMatchObject({ careCreated: 1 });
    expect(await app.db.models.tasks.find({}).lean()).toEqual([
      expect.objectContaining({ kind: 'call', customerName: 'Leader Co', dueDate: '2026-11-26' }),
    ]);
  });
});

describe("the card's recent interactions", () => {
  test("those dated the same earlier day (sharing its start as their time) show the last logged first, not in the database's own order", async () => {
    const code = (await makeCustomer(app, { name: 'Same Day Co' })).code;
    const ctx = await ctxOf(app, OWNER);
    // Every free slot of the collection taken (the stand-in fills freed slots first): the
    // interactions lie in the order they were logged, and a sort by time alone kept it.
    const interactions = app.db.models.interactions.collection;
    await interactions.insertMany(
      Array.from({ length: 50 }, (_, i) => ({ teamId: 'T0FILLER1', summary: `filler-${i}` })),
    );
    for (const summary of ['First call', 'Second call', 'Third call', 'Fourth call'])
      await app.desk.services.customers.logInteraction(ctx, code, {
        type: 'call',
        date: '2025-09-25', // yesterday: its start is the time of each
        summary,
      });
    await interactions.deleteMany({ teamId: 'T0FILLER1' });
    const card = await cardText(code);
    const shown = ['Fourth call', 'Third call', 'Second call'].map((s) => card.indexOf(s));
    expect(shown.every((at) => at >= 0)).toBe(true);
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    expect(card).not.toContain('First call');
  });
});

describe('tasks made by hand and the daily care planning', () => {
  test("a visit made by hand for an expert stays theirs: the daily run neither hands it to the customer's owner nor cancels it when the customer is contacted", async () => {
    const EXPERT = 'U0EXPERT01';
    app.clock.set('2026-12-07T02:00:00Z'); // Monday 10:00 in Shanghai
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const c = await makeCustomer(app, {
      name: 'Hand Made Co',
      annualRevenue: 600_000,
      lifecycle: 'active',
    });
    await app.slack.command('/task', 'new', { userId: MANAGER });
    const saved = await app.slack.submitView(
      lastModal(),
      {
        customer: c.code,
        kind: 'visit',
        executor: EXPERT,
        due: '2026-12-11',
        content: 'Visit the plant with the new line',
      },
      { userId: MANAGER },
    );
    expect(saved.body).toBe('');
    const visit = (await app.db.models.tasks.findOne({ kind: 'visit', customerId: c.id }).lean())!;
    expect(visit).toMatchObject({ assigneeId: EXPERT, createdBy: MANAGER, status: 'open' });

    // Tuesday 09:00: the care plan plans its own care contact for the owner; the visit stays
    // with the expert.
    await runJobAt(app, tasksJob, '2026-12-08T01:00:00Z');
    expect(await app.db.models.tasks.findById(visit._id).lean()).toMatchObject({
      status: 'open',
      assigneeId: EXPERT,
    });
    const care = (await app.db.models.tasks.findOne({ kind: 'care', customerId: c.id }).lean())!;
    expect(care).toMatchObject({ status: 'open', assigneeId: OWNER });

    // Tuesday 14:00 the owner logs a call; Wednesday 09:00 the care contact is superseded, the
    // visit is not.
    app.clock.set('2026-12-08T06:00:00Z');
    await app.desk.services.customers.logInteraction(await ctxOf(app, OWNER), c.code, {
      type: 'call',
      date: '2026-12-08',
      summary: 'Talked about the visit',
    });
    await runJobAt(app, tasksJob, '2026-12-09T01:00:00Z');
    expect(await app.db.models.tasks.findById(care._id).lean()).toMatchObject({
      status: 'cancelled',
      cancelReason: 'contacted',
    });
    expect(await app.db.models.tasks.findById(visit._id).lean()).toMatchObject({
      status: 'open',
      assigneeId: EXPERT,
    });

    // Friday the expert is reminded of it and does it.
    await runJobAt(app, tasksJob, '2026-12-11T01:00:00Z');
    expect(JSON.stringify(app.fake.postsTo(EXPERT).map((m) => m.args.blocks))).toContain(
      'Hand Made Co',
    );
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: visit._id },
      { userId: EXPERT },
    );
    const res = await app.slack.submitView(
      lastModal(),
      { type: 'visit', summary: 'Visited the plant' },
      { userId: EXPERT },
    );
    expect(res.body).toBe('');
    expect(await app.db.models.tasks.findById(visit._id).lean()).toMatchObject({
      status: 'done',
      doneBy: EXPERT,
    });
  });
});

describe('holiday greetings', () => {
  test('3 days before National Day: a greeting task per active customer, contacts who opted out skipped, one DM per owner, once', async () => {
    const OTHER = 'U0OWNER002';
    app.clock.set('2026-09-01T02:00:00Z');
    await makeCustomer(app, {
      name: 'Greet Co',
      lifecycle: 'active',
      contact: { name: 'Li Wei', optOuts: [] },
    });
    const skipped = await makeCustomer(app, {
      name: 'No Greetings Co',
      lifecycle: 'active',
      contact: { name: 'Wang Fang', optOuts: ['不要节日问候'] },
    });
    await makeCustomer(app, { name: 'Other Co', lifecycle: 'active', ownerId: OTHER });
    await makeCustomer(app, { name: 'Lead Co' }); // a prospect: no greeting

    const [run] = await runJobAt(app, tasksJob, '2026-09-28T01:00:00Z'); // Monday
    expect(run!.counts).toMatchObject({ greetingsPlanned: 2 });
    const greetings = await app.db.models.tasks
      .find({ kind: 'greeting' })
      .sort({ customerName: 1 })
      .lean();
    expect(greetings.map((t) => [t.customerName, t.assigneeId, t.dueDate, t.content])).toEqual([
      ['Greet Co', OWNER, '2026-09-30', 'National Day (2026-10-01): greet Li Wei'],
      ['Other Co', OTHER, '2026-09-30', 'National Day (2026-10-01): greet Other Co'],
    ]);
    expect(greetings.some((t) => t.customerId === skipped.id)).toBe(false);
    const greetingDms = (user: string) =>
      app.fake.postsTo(user).filter((m) => String(m.args.text).includes('National Day'));
    expect(greetingDms(OWNER)).toHaveLength(1);
    expect(greetingDms(OWNER)[0]!.args.text).toBe(
      'National Day is on 2026-10-01: 1 customer to greet',
    );
    expect(JSON.stringify(greetingDms(OWNER)[0]!.args.blocks)).toContain('greet Li Wei');
    expect(greetingDms(OTHER)).toHaveLength(1);

    // The next day: nothing new, no second DM; the greeting is reminded on its due day only.
    await runJobAt(app, tasksJob, '2026-09-29T01:00:00Z');
    expect(greetingDms(OWNER)).toHaveLength(0);
    expect(await app.db.models.tasks.countDocuments({ kind: 'greeting' })).toBe(2);
    await runJobAt(app, tasksJob, '2026-09-30T01:00:00Z');
    expect(JSON.stringify(app.fake.postsTo(OWNER).map((m) => m.args.blocks))).toContain(
      '*Holiday greeting* · Greet Co',
    );
  });
});

describe("holiday greetings and the primary contact's preferred channel", () => {
  test('each row of the greeting DM says how the primary contact wants to be reached, escaped; not when they opted out of greetings (the others are greeted) or refused that channel', async () => {
    app.clock.set('2026-09-01T02:00:00Z');
    await makeCustomer(app, {
      name: 'Greet Co',
      lifecycle: 'active',
      contact: { name: 'Li <Wei>', preferredChannel: 'WeChat *after 6pm*', optOuts: [] },
    });
    await makeCustomer(app, {
      name: 'Others Co',
      lifecycle: 'active',
      contacts: [
        { key: 'c1', name: 'Wang Fang', preferredChannel: 'email', optOuts: ['不要节日问候'] },
        { key: 'c2', name: 'Zhao Lei', optOuts: [] },
      ],
    });
    await makeCustomer(app, {
      name: 'Refused Co',
      lifecycle: 'active',
      contact: { name: 'Chen Jing', preferredChannel: 'phone', optOuts: ['no phone calls'] },
    });
    await runJobAt(app, tasksJob, '2026-09-28T01:00:00Z'); // Monday, 3 days before National Day
    const dm = app.fake.postsTo(OWNER).find((m) => String(m.args.text).includes('National Day'))!;
    const rows = (dm.args.blocks as any[]).flatMap((b) => (b.accessory ? [b.text.text] : []));
    const row = (name: string) => rows.find((r: string) => r.includes(name))!;
    expect(row('Greet Co')).toContain(
      'greet Li &lt;Wei&gt; · Li &lt;Wei&gt; prefers WeChat *after 6pm*',
    );
    expect(row('Others Co')).toContain('greet Zhao Lei · due');
    expect(row('Others Co')).not.toContain('prefers');
    expect(row('Refused Co')).not.toContain('prefers');
  });

  test('in Chinese: 偏好“…”', async () => {
    app.clock.set('2026-09-01T02:00:00Z');
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await makeCustomer(app, {
      name: '华东机械',
      lifecycle: 'active',
      contact: { name: '孙慧', preferredChannel: '邮件', optOuts: [] },
    });
    await runJobAt(app, tasksJob, '2026-09-28T01:00:00Z');
    const dm = app.fake.postsTo(OWNER).find((m) => String(m.args.text).includes('国庆节'))!;
    expect(JSON.stringify(dm.args.blocks)).toContain('问候孙慧 · 孙慧偏好“邮件”');
  });
});

describe('holiday greeting Done', () => {
  test("Done on a greeting asks no satisfaction or NPS: the summary may be left empty, 'Holiday greeting sent' is logged, no score kept", async () => {
    app.clock.set('2026-09-01T02:00:00Z');
    await makeCustomer(app, {
      name: 'Greet Co',
      lifecycle: 'active',
      contact: { name: 'Li Wei', optOuts: [] },
    });
    await runJobAt(app, tasksJob, '2026-09-28T01:00:00Z'); // Monday, 3 days before National Day
    const greeting = (await app.db.models.tasks.findOne({ kind: 'greeting' }).lean())!;
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String(greeting._id) },
      { userId: OWNER },
    );
    const modal = app.fake.callsTo('views.open').at(-1)!.args.view as { blocks: any[] };
    const asked = modal.blocks.flatMap((b) => (b.block_id ? [b.block_id] : []));
    expect(asked).not.toContain('satisfaction');
    expect(asked).not.toContain('nps');
    const res = await app.slack.submitView(
      modal as Record<string, unknown>,
      { type: 'message', satisfaction: '5', nps: '10' },
      { userId: OWNER },
    );
    expect(res.body).toBe('');
    const done = (await app.db.models.tasks.findById(greeting._id).lean())!;
    expect(done.status).toBe('done');
    expect(done.outcome).toEqual({ interactionType: 'message', summary: 'Holiday greeting sent' });
  });
});

describe('holiday greeting rows in the daily DM', () => {
  /** The greeting DM's rows' menus: [label, value] of each choice. */
  const menus = (blocks: any[]) =>
    blocks
      .filter((b) => b.accessory?.type === 'overflow')
      .map((b) => b.accessory.options.map((o: any) => [o.text.text, o.value]));
  const choose = (value: string, userId = OWNER) =>
    app.slack.blockAction(
      {
        action_id: 'task_row_menu',
        type: 'overflow',
        selected_option: { text: { type: 'plain_text', text: 'x' }, value },
      },
      { userId },
    );

  test('each greeting row offers Done and Change due date in its menu, one block a row; Change due date moves the greeting', async () => {
    app.clock.set('2026-09-01T02:00:00Z');
    await makeCustomer(app, {
      name: 'Greet Co',
      lifecycle: 'active',
      contact: { name: 'Li Wei', optOuts: [] },
    });
    await makeCustomer(app, { name: 'Second Co', lifecycle: 'active' });
    await runJobAt(app, tasksJob, '2026-09-28T01:00:00Z'); // Monday, 3 days before National Day
    const dm = app.fake.postsTo(OWNER).find((m) => String(m.args.text).includes('National Day'))!;
    const blocks = dm.args.blocks as any[];
    // A heading and one section a row: the 50-block budget holds as many rows as before.
    expect(blocks).toHaveLength(3);
    const rows = menus(blocks);
    expect(rows.map((options: any[]) => options.map(([label]) => label))).toEqual([
      ['Done', 'Change due date', 'Edit task'],
      ['Done', 'Change due date', 'Edit task'],
    ]);
    const greeting = (await app.db.models.tasks
      .findOne({ kind: 'greeting', customerName: 'Greet Co' })
      .lean())!;
    const row = rows.find((options: any[]) =>
      options[0][1].endsWith(greeting._id.split(':').slice(1).join(':')),
    )!;
    for (const [, value] of row) expect(value.length).toBeLessThanOrEqual(75);

    // Someone else may not move it: told at once, no modal.
    app.fake.reset();
    await choose(row[1][1], 'U0OTHER001');
    expect(app.fake.callsTo('views.open')).toEqual([]);
    expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toContain(
      'can change its due date',
    );

    // Its owner moves it a day earlier.
    await choose(row[1][1]);
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    expect(view.callback_id).toBe('task_due');
    expect(view.blocks.find((b: any) => b.block_id === 'due').element.initial_date).toBe(
      '2026-09-30',
    );
    await submitLastModal(app, { due: '2026-09-29' }, OWNER);
    expect((await app.db.models.tasks.findById(greeting._id).lean())!).toMatchObject({
      dueDate: '2026-09-29',
      rescheduled: [{ from: '2026-09-30', to: '2026-09-29', by: OWNER }],
    });

    // Done from the same menu opens the Done modal.
    await choose(row[0][1]);
    const done = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    expect(done.callback_id).toBe('task_done');
    expect(JSON.parse(done.private_metadata).task).toBe(greeting._id);
  });
});

describe('holiday greetings naming several contacts', () => {
  const greetingOf = async () =>
    (await app.db.models.tasks.findOne({ kind: 'greeting' }).lean())!.content;
  const contact = (key: string, name: string) => ({ key, name, optOuts: [] });

  test('in a zh-CN workspace the names are listed with 、, a Chinese name right after 问候; the DM counts the customers with 家', async () => {
    app.clock.set('2026-09-01T02:00:00Z');
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await makeCustomer(app, {
      name: '华东机械',
      lifecycle: 'active',
      contacts: [contact('c1', '李雷'), contact('c2', '韩梅梅'), contact('c3', 'Li Wei')],
    });
    await runJobAt(app, tasksJob, '2026-09-28T01:00:00Z');
    expect(await greetingOf()).toBe('国庆节（2026-10-01）：问候李雷、韩梅梅、Li Wei');
    // A customer is a company: counted with 家, as everywhere else.
    expect(app.fake.postsTo(OWNER).map((m) => m.args.text)).toContain(
      '国庆节（2026-10-01）将至：1 家客户待问候',
    );
  });

  test('in English with commas', async () => {
    app.clock.set('2026-09-01T02:00:00Z');
    await makeCustomer(app, {
      name: 'Greet Co',
      lifecycle: 'active',
      contacts: [contact('c1', 'Li Wei'), contact('c2', 'Wang Fang')],
    });
    await runJobAt(app, tasksJob, '2026-09-28T01:00:00Z');
    expect(await greetingOf()).toBe('National Day (2026-10-01): greet Li Wei, Wang Fang');
  });
});

describe('holiday greetings on working days', () => {
  test('Spring Festival 2026, planned on the make-up Saturday before the holiday it is due: one DM, the greeting list, not a second reminder of the same customers', async () => {
    app.clock.set('2026-02-02T02:00:00Z');
    await app.setSettings(({ businessHours }) => ({
      businessHours: {
        ...businessHours,
        holidays: ['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d) => `2026-02-${d}`),
        extraWorkdays: ['2026-02-14', '2026-02-28'],
      },
    }));
    await makeCustomer(app, {
      name: 'Spring Co',
      lifecycle: 'active',
      contact: { name: 'Li Wei' },
    });
    await runJobAt(app, tasksJob, '2026-02-13T01:00:00Z'); // Friday: too early
    expect(await app.db.models.tasks.countDocuments({ kind: 'greeting' })).toBe(0);
    await runJobAt(app, tasksJob, '2026-02-14T01:00:00Z'); // Saturday, worked
    const task = await app.db.models.tasks.findOne({ kind: 'greeting' }).lean();
    expect(task).toMatchObject({ dueDate: '2026-02-14', assigneeId: OWNER });
    const dms = app.fake.postsTo(OWNER).map((m) => String(m.args.text));
    expect(dms).toEqual(['Spring Festival is on 2026-02-17: 1 customer to greet']);
  });

  test("a greeting day whose three days' lead starts on a Sunday: nothing planned or sent at the weekend, planned on the next working day", async () => {
    app.clock.set('2027-03-01T02:00:00Z');
    await app.setSettings(() => ({
      greetingDays: [{ id: 'founders', calendar: 'solar', date: '03-17', name: 'Founders Day' }],
    }));
    await makeCustomer(app, {
      name: 'Founders Co',
      lifecycle: 'active',
      firstContactDate: '2027-03-01',
      contact: { name: 'Zhao' },
    });
    // Wednesday 17 March 2027: three days before is Sunday 14.
    for (const day of ['2027-03-13T01:00:00Z', '2027-03-14T01:00:00Z']) {
      app.fake.reset();
      await runJobAt(app, tasksJob, day); // Saturday, Sunday
      expect(app.fake.postsTo(OWNER)).toEqual([]);
    }
    expect(await app.db.models.tasks.countDocuments({ kind: 'greeting' })).toBe(0);
    app.fake.reset();
    // Monday (the run of the Friday before, had it run, would have planned it then).
    await runJobAt(app, tasksJob, '2027-03-15T01:00:00Z');
    const task = await app.db.models.tasks.findOne({ kind: 'greeting' }).lean();
    expect(task).toMatchObject({ dueDate: '2027-03-16' });
    expect(app.fake.postsTo(OWNER).map((m) => String(m.args.text))).toEqual([
      'Founders Day is on 2027-03-17: 1 customer to greet',
    ]);
  });
});

describe('holiday greetings after their holiday', () => {
  test("a greeting still open on the third working day after its due day is cancelled as expired: out of the managers' overdue list and the executor's reminders; Done on it says why", async () => {
    app.clock.set('2027-03-01T02:00:00Z');
    await app.setSettings(() => ({
      managers: [MANAGER],
      greetingDays: [{ id: 'founders', calendar: 'solar', date: '03-17', name: 'Founders Day' }],
    }));
    await makeCustomer(app, {
      name: 'Founders Co',
      lifecycle: 'active',
      firstContactDate: '2027-03-01',
      contact: { name: 'Zhao' },
    });
    await runJobAt(app, tasksJob, '2027-03-15T01:00:00Z'); // Monday: planned, due Tuesday
    const greeting = (await app.db.models.tasks.findOne({ kind: 'greeting' }).lean())!;
    expect(greeting).toMatchObject({ dueDate: '2027-03-16', status: 'open' });
    await runJobAt(app, tasksJob, '2027-03-16T01:00:00Z');
    // Wednesday (the holiday) and Thursday: late, listed to the managers.
    for (const day of ['2027-03-17T01:00:00Z', '2027-03-18T01:00:00Z']) {
      await runJobAt(app, tasksJob, day);
      expect(app.fake.postsTo(MANAGER).map((m) => String(m.args.text))).toEqual([
        expect.stringContaining('*Holiday greeting* · Founders Co'),
      ]);
    }
    // Friday, the third working day after its due day: cancelled, listed to nobody.
    const [run] = await runJobAt(app, tasksJob, '2027-03-19T01:00:00Z');
    expect(run!.counts).toMatchObject({ greetingsExpired: 1, overdue: 0, reminded: 0 });
    expect(app.fake.postsTo(MANAGER)).toEqual([]);
    expect(app.fake.postsTo(OWNER)).toEqual([]);
    expect(await app.db.models.tasks.findOne({ kind: 'greeting' }).lean()).toMatchObject({
      status: 'cancelled',
      cancelReason: 'expired',
    });
    // The next weeks: still nobody told of it.
    for (const day of ['2027-03-22T01:00:00Z', '2027-04-05T01:00:00Z']) {
      await runJobAt(app, tasksJob, day);
      expect(JSON.stringify(app.fake.postsTo(MANAGER))).not.toContain('Founders Co');
    }
    // Done on the greeting DM's button says why the task is gone.
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String(greeting._id) },
      { userId: OWNER },
    );
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
      'This task was cancelled: its holiday is over, so the greeting is no longer owed.',
    );
  });
});

describe('care contacts planned at the weekend', () => {
  test('a long-overdue care contact found on a Saturday is due on Monday, reminded then as due today, not late', async () => {
    app.clock.set('2027-03-01T02:00:00Z');
    await makeCustomer(app, {
      name: 'Weekend Co',
      lifecycle: 'active',
      firstContactDate: '2026-06-01',
      contact: { name: 'Qian' },
    });
    await runJobAt(app, tasksJob, '2027-03-13T01:00:00Z'); // Saturday
    const task = await app.db.models.tasks.findOne({ customerName: 'Weekend Co' }).lean();
    expect(task).toMatchObject({ dueDate: '2027-03-15' });
    app.fake.reset();
    await runJobAt(app, tasksJob, '2027-03-15T01:00:00Z'); // Monday
    const told = JSON.stringify(app.fake.postsTo(OWNER).map((m) => m.args.blocks));
    expect(told).toContain('Weekend Co');
    expect(told).not.toContain('late');
  });
});

describe('next steps become tasks', () => {
  test("a logged interaction's next-step date is a task for its author, reminded with its words; on a day off it is due the working day after, never before", async () => {
    const AUTHOR = 'U0AUTHOR01';
    app.clock.set('2026-11-24T02:00:00Z');
    const code = (await makeCustomer(app, { name: 'Next Step Co' })).code;
    await app.setSettings(() => ({ managers: [AUTHOR] }));
    await app.slack.blockAction(cardButton(code, 'customer_interaction_open'), { userId: AUTHOR });
    const res = await app.slack.submitView(
      lastModal(),
      {
        type: 'meeting',
        summary: 'Kick-off',
        next_step: 'Send the quotation',
        next_step_date: '2026-11-29',
      },
      { userId: AUTHOR },
    );
    expect(res.body).toBe('');
    const task = await app.db.models.tasks.findOne({ customerCode: code }).lean();
    // Sunday 29 November: due the Monday after.
    expect(task).toMatchObject({
      kind: 'other',
      assigneeId: AUTHOR,
      dueDate: '2026-11-30',
      content: 'Send the quotation',
    });
    // Reminded three days before: Friday 27 November.
    await runJobAt(app, tasksJob, '2026-11-27T01:00:00Z');
    expect(JSON.stringify(app.fake.postsTo(AUTHOR)[0]!.args.blocks)).toContain(
      'Send the quotation',
    );
  });

  test('a call-back agreed for a National Day holiday is due when the office opens again, not the week before', async () => {
    app.clock.set('2026-09-28T02:00:00Z'); // Monday
    // National Day 2026: 1-7 October off, Saturday 10 October worked (调休).
    await app.setSettings(({ businessHours }) => ({
      businessHours: {
        ...businessHours,
        holidays: ['01', '02', '03', '04', '05', '06', '07'].map((d) => `2026-10-${d}`),
        extraWorkdays: ['2026-10-10'],
      },
    }));
    const code = (await makeCustomer(app, { name: 'Holiday Call Co' })).code;
    await app.slack.blockAction(cardButton(code, 'customer_interaction_open'), { userId: OWNER });
    const res = await app.slack.submitView(
      lastModal(),
      {
        type: 'call',
        summary: 'They decide after the holiday',
        next_step: 'Call back about the order',
        next_step_date: '2026-10-05', // Monday, in the National Day holiday
      },
      { userId: OWNER },
    );
    expect(res.body).toBe('');
    expect(await app.db.models.tasks.findOne({ customerCode: code }).lean()).toMatchObject({
      assigneeId: OWNER,
      dueDate: '2026-10-08',
      content: 'Call back about the order',
    });
  });
});

describe('/task mine', () => {
  test("lists the caller's open tasks, due first, with Done; only to them", async () => {
    app.clock.set('2026-11-24T02:00:00Z');
    const code = (await makeCustomer(app, { name: 'Mine Co' })).code;
    const ctx = await ctxOf(app, OWNER);
    for (const [date, step] of [
      ['2026-12-03', 'Send the contract'],
      ['2026-11-26', 'Call about the quotation'],
    ] as const) {
      await app.desk.services.customers
        .logInteraction(ctx, code, {
          type: 'call',
          date: '2026-11-24',
          summary: 'Talked',
          nextStep: step,
          nextStepDate: date,
        })
        .then(({ customer, interaction }) =>
          app.desk.services.tasks.planNextStep(ctx, customer, interaction),
        );
    }
    const res = await app.slack.command('/task', 'mine', { userId: OWNER });
    expect(res.status).toBe(200);
    const answer = app.fake.callsTo('response_url').at(-1)!.args;
    expect(answer.response_type ?? 'ephemeral').toBe('ephemeral');
    expect(answer.text).toBe('Your open tasks (2)');
    const text = JSON.stringify(answer.blocks);
    expect(text.indexOf('Call about the quotation')).toBeLessThan(
      text.indexOf('Send the contract'),
    );
    expect(text).toContain('task_done_open');
    await app.slack.command('/task', 'mine', { userId: 'U0NOBODY01' });
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
      'You have no open tasks. Plan one with `/task new`.',
    );
  });
});
