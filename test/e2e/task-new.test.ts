// A task planned by hand (#11): `/task new` and the customer card's New task, through to Done.
import { describe, expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { submitLastModal } from '../helpers/clicks.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });
const HELPER = 'U0HELPER01';

type View = { blocks: { block_id?: string; element?: Record<string, any> }[] } & Record<
  string,
  unknown
>;
const lastOpened = () => app.fake.callsTo('views.open').at(-1)!.args.view as View;
const block = (view: View, id: string) => view.blocks.find((b) => b.block_id === id)!;

describe('a task planned by hand', () => {
  test('/task new: planned for someone else, who is told with a Done button and finishes it', async () => {
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
    await app.slack.command('/task', 'new', { userId: OWNER });
    const modal = lastOpened();
    expect(modal.blocks.map((b) => b.block_id)).toEqual([
      'customer',
      'kind',
      'executor',
      'helper',
      'approver',
      'due',
      'content',
    ]);
    // The caller does it, due tomorrow, unless they change that.
    expect(block(modal, 'executor').element!.initial_user).toBe(OWNER);
    expect(block(modal, 'due').element!.initial_date).toBe('2026-11-25');

    const form = {
      customer: code,
      kind: 'visit',
      executor: AGENT,
      helper: HELPER,
      due: '2026-11-27',
      content: 'Visit the plant <!channel> and bring the new price list',
    };
    // A due date in the past is refused inline; nothing is saved.
    const past = await app.slack.submitView(
      { ...modal, id: 'V0TASKNEW1' },
      {
        ...form,
        due: '2026-11-20',
      },
      { userId: OWNER },
    );
    expect(past.body).toEqual({
      response_action: 'errors',
      errors: { due: 'This date is in the past.' },
    });
    expect(await app.db.models.tasks.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);

    const saved = await app.slack.submitView({ ...modal, id: 'V0TASKNEW1' }, form, {
      userId: OWNER,
    });
    expect(saved.body).toBe('');
    // The same submission again (Slack retried it) makes no second task.
    await app.slack.submitView({ ...modal, id: 'V0TASKNEW1' }, form, { userId: OWNER });
    const tasks = await app.db.models.tasks.find({ teamId: FAKE_TEAM_ID }).lean();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      kind: 'visit',
      customerCode: code,
      assigneeId: AGENT,
      helperId: HELPER,
      createdBy: OWNER,
      dueDate: '2026-11-27',
      status: 'open',
    });
    // The planner is told privately, the executor by DM (once), with the task and Done.
    const told = app.fake.callsTo('response_url').at(-1)!.args.text as string;
    expect(told).toBe(
      `Visit for Huadong Machinery (${code}) planned for <@${AGENT}>, due 2026-11-27.`,
    );
    const dms = app.fake.tookCalls('chat.postMessage').filter((c) => c.args.channel === AGENT);
    expect(dms).toHaveLength(1);
    const dm = JSON.stringify(dms[0]!.args.blocks);
    expect(dm).toContain('Visit the plant &lt;!channel&gt; and bring the new price list');
    expect(dm).toContain('task_done_open');
    // What the executor's notification says: the task, when, who planned it, what; the typed
    // ping shown, not sent.
    expect(dms[0]!.args.text).toBe(
      `Your follow-up tasks (1)\n*Visit* · Huadong Machinery (${code}) · due 2026-11-27 (in 3 days) · planned by <@${OWNER}> · Visit the plant &lt;!channel&gt; and bring the new price list`,
    );
    expect(dm).toContain(
      `Visit the plant &lt;!channel&gt; and bring the new price list · due 2026-11-27 (in 3 days) · planned by <@${OWNER}> · helped by <@${HELPER}>`,
    );

    // The executor finds it in /task mine and closes it with Done.
    await app.slack.command('/task', 'mine', { userId: AGENT });
    const mine = app.fake.callsTo('response_url').at(-1)!.args;
    expect(mine.text).toBe('Your open tasks (1)');
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String(tasks[0]!._id), block_id: 'task_actions' },
      { userId: AGENT },
    );
    const done = lastOpened();
    const res = await app.slack.submitView(
      done,
      { type: 'visit', summary: 'Visited; they order in March' },
      { userId: AGENT },
    );
    expect(res.body).toBe('');
    expect((await app.db.models.tasks.findById(tasks[0]!._id).lean())!).toMatchObject({
      status: 'done',
      doneBy: AGENT,
      outcome: { summary: 'Visited; they order in March' },
    });
    await app.slack.command('/task', 'mine', { userId: AGENT });
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
      'You have no open tasks. Plan one with `/task new`.',
    );
  });

  test('New task on the customer card opens the modal with that customer picked; planned for oneself, no DM', async () => {
    const { code } = await makeCustomer(app, { name: 'Hangzhou Tea' });
    await app.slack.blockAction(
      { action_id: 'customer_task_new', value: code, block_id: 'customer_actions' },
      { userId: OWNER },
    );
    const modal = lastOpened();
    expect(block(modal, 'customer').element!.initial_option).toMatchObject({ value: code });
    const res = await app.slack.submitView(
      modal,
      { kind: 'call', content: 'Ask about the spring order' },
      { userId: OWNER },
    );
    expect(res.body).toBe('');
    expect(
      await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID, customerCode: code }).lean(),
    ).toMatchObject({ kind: 'call', assigneeId: OWNER, dueDate: '2026-11-25' });
    expect(app.fake.tookCalls('chat.postMessage').filter((c) => c.args.channel === OWNER)).toEqual(
      [],
    );
  });

  test("Done on a call made by hand asks no satisfaction or NPS (no customer's answer is given); a visit's Done still does", async () => {
    const { code } = await makeCustomer(app, { name: 'Scores Co' });
    const plan = async (kind: 'call' | 'visit', viewId: string) => {
      await app.slack.command('/task', 'new', { userId: OWNER });
      const res = await app.slack.submitView(
        { ...lastOpened(), id: viewId },
        { customer: code, kind, executor: OWNER, due: '2026-11-25', content: `A ${kind}` },
        { userId: OWNER },
      );
      expect(res.body).toBe('');
      return String(
        (await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID, kind }).lean())!._id,
      );
    };
    const doneModal = async (id: string) => {
      await app.slack.blockAction({ action_id: 'task_done_open', value: id }, { userId: OWNER });
      return lastOpened();
    };
    const call = await plan('call', 'V0SCORES01');
    const callModal = await doneModal(call);
    const asked = (view: View) => view.blocks.flatMap((b) => (b.block_id ? [b.block_id] : []));
    expect(asked(callModal)).not.toContain('satisfaction');
    expect(asked(callModal)).not.toContain('nps');
    expect(asked(callModal)).toContain('summary');
    // A crafted score on it is not kept: it rates nothing.
    const res = await app.slack.submitView(
      callModal,
      { type: 'call', summary: 'Called about the order', satisfaction: '2', nps: '3' },
      { userId: OWNER },
    );
    expect(res.body).toBe('');
    const done = (await app.db.models.tasks.findById(call).lean())!;
    expect(done.status).toBe('done');
    expect(done.outcome).not.toHaveProperty('satisfaction');
    expect(done.outcome).not.toHaveProperty('nps');

    const visit = await plan('visit', 'V0SCORES02');
    expect(asked(await doneModal(visit))).toEqual(expect.arrayContaining(['satisfaction', 'nps']));
  });

  test('on a closed desk, a task planned for someone outside the service team is done by them, its call logged', async () => {
    const { code } = await makeCustomer(app, { name: 'Closed Desk Co' });
    await app.setSettings(() => ({ openDesk: false, agents: [AGENT] }));
    await app.slack.command('/task', 'new', { userId: OWNER });
    const planned = await app.slack.submitView(
      { ...lastOpened(), id: 'V0TASKNEW2' },
      { customer: code, kind: 'call', executor: HELPER, due: '2026-11-25', content: 'Call them' },
      { userId: OWNER },
    );
    expect(planned.body).toBe('');
    const task = (await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String(task._id), block_id: 'task_actions' },
      { userId: HELPER },
    );
    await submitLastModal(app, { type: 'call', summary: 'Called; all fine' }, HELPER);
    expect((await app.db.models.tasks.findById(task._id).lean())!.status).toBe('done');
    const logged = await app.db.models.interactions.find({ teamId: FAKE_TEAM_ID }).lean();
    expect(logged.map((i) => [i.by, i.summary])).toEqual([[HELPER, 'Called; all fine']]);
  });

  test("a call planned by hand for someone is theirs to complete: the customer's owner is refused on Done and on a submitted Done modal, the executor completes it", async () => {
    // OWNER owns the customer; AGENT plans a call on it for HELPER.
    const { code } = await makeCustomer(app, { name: 'Owned Co' });
    await app.slack.command('/task', 'new', { userId: AGENT });
    const planned = await app.slack.submitView(
      { ...lastOpened(), id: 'V0TASKNEW3' },
      { customer: code, kind: 'call', executor: HELPER, due: '2026-11-25', content: 'Call them' },
      { userId: AGENT },
    );
    expect(planned.body).toBe('');
    const task = (await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
    expect(task).toMatchObject({ kind: 'call', assigneeId: HELPER, createdBy: AGENT });
    const refusal = `Only the person the task is for (<@${HELPER}>) or a manager can complete it.`;

    // The owner's Done: told privately where they clicked, no modal.
    app.fake.reset();
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String(task._id), block_id: 'task_actions' },
      { userId: OWNER },
    );
    expect(app.fake.callsTo('views.open')).toEqual([]);
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(refusal);

    // The executor opens Done; the owner submitting that modal is refused on it, nothing saved.
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String(task._id), block_id: 'task_actions' },
      { userId: HELPER },
    );
    const done = lastOpened();
    const outcome = { type: 'call', summary: 'Called; all fine' };
    const byOwner = await app.slack.submitView(done, outcome, { userId: OWNER });
    // Said on the modal (above its first field), as every refusal of a save without a field:
    // plain text, where Slack shows a mention as a raw `<@U…>`, so without the name.
    expect(byOwner.body).toEqual({
      response_action: 'errors',
      errors: { type: 'Only the person the task is for or a manager can complete it.' },
    });
    expect((await app.db.models.tasks.findById(task._id).lean())!.status).toBe('open');
    expect(await app.db.models.interactions.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);

    const byExecutor = await app.slack.submitView(done, outcome, { userId: HELPER });
    expect(byExecutor.body).toBe('');
    expect((await app.db.models.tasks.findById(task._id).lean())!).toMatchObject({
      status: 'done',
      doneBy: HELPER,
    });
  });

  test('a crafted task kind is refused inline with the kinds as the modal names them, not their ids', async () => {
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
    await app.slack.command('/task', 'new', { userId: OWNER });
    const form = { customer: code, kind: 'winback', executor: OWNER, due: '2026-11-27' };
    const res = await submitLastModal(app, { ...form, content: 'Call them' }, OWNER, {
      expect: 'any',
    });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { kind: 'Choose one of: Care call, Visit, Issue follow-up, Needs discovery, Task.' },
    });
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await app.slack.command('/task', 'new', { userId: OWNER });
    const zh = await submitLastModal(app, { ...form, content: '回访' }, OWNER, { expect: 'any' });
    expect((zh.body as { errors: Record<string, string> }).errors.kind).toContain(
      '关怀电话、拜访、问题跟进、需求挖掘、任务',
    );
    expect(await app.db.models.tasks.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);
  });

  test('in Chinese the planner reads the customer as the card names it: full-width brackets, a Latin name set off', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const told = async (name: string) => {
      const { code } = await makeCustomer(app, { name });
      await app.slack.command('/task', `new ${code}`, { userId: OWNER });
      await submitLastModal(
        app,
        { kind: 'call', due: '2026-11-27', content: '电话沟通合同续签' },
        OWNER,
      );
      return { code, text: String(app.fake.callsTo('response_url').at(-1)!.args.text) };
    };
    const zh = await told('华东精密机械');
    expect(zh.text).toBe(
      `已为华东精密机械（${zh.code}）安排关怀电话，负责人 <@${OWNER}>，截止 2026-11-27。`,
    );
    const latin = await told('Acme Trading');
    expect(latin.text).toBe(
      `已为 Acme Trading（${latin.code}）安排关怀电话，负责人 <@${OWNER}>，截止 2026-11-27。`,
    );
  });

  test("in Chinese the executor's DM names who planned it for them; the desk's own reminder of a task one planned for oneself names nobody", async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const { code } = await makeCustomer(app, { name: '华东精密机械' });
    const plan = async (executor: string) => {
      await app.slack.command('/task', `new ${code}`, { userId: OWNER });
      await submitLastModal(
        app,
        { kind: 'call', executor, due: '2026-11-27', content: '电话沟通合同续签' },
        OWNER,
      );
    };
    await plan(AGENT);
    const dm = app.fake.tookCalls('chat.postMessage').filter((c) => c.args.channel === AGENT);
    expect(dm).toHaveLength(1);
    expect(dm[0]!.args.text).toBe(
      `你的跟进任务（1）\n*关怀电话* · 华东精密机械（${code}） · 2026-11-27 到期（还有 3 天） · 安排人 <@${OWNER}> · 电话沟通合同续签`,
    );
    expect(JSON.stringify(dm[0]!.args.blocks)).toContain(`安排人 <@${OWNER}>`);
    // Planned for oneself: no DM now, and the reminder on its day does not name the planner.
    await plan(OWNER);
    await runJobAt(app, tasksJob, '2026-11-27T01:00:00Z');
    const reminders = app.fake
      .tookCalls('chat.postMessage')
      .filter((c) => c.args.channel === OWNER);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.args.text).toContain('电话沟通合同续签');
    expect(reminders[0]!.args.text).not.toContain('安排人');
  });

  test('on a closed desk someone with no role may not plan one: said on the modal without a raw <@id> (plain text shows no mentions), nothing saved', async () => {
    const { code } = await makeCustomer(app, { name: 'Closed Desk Co' });
    const submit = async () => {
      // Opened while they were an agent (`/task new` refuses one with no role before its
      // modal), their role taken away before they submit it.
      await app.setSettings(() => ({ openDesk: false, agents: [AGENT, 'U0NOROLE01'] }));
      await app.slack.command('/task', 'new', { userId: 'U0NOROLE01' });
      await app.setSettings(() => ({ agents: [AGENT] }));
      return app.slack.submitView(
        lastOpened(),
        { customer: code, kind: 'other', content: 'Anything' },
        { userId: 'U0NOROLE01' },
      );
    };
    expect((await submit()).body).toEqual({
      response_action: 'errors',
      errors: {
        customer: 'Only the service team, the owner and managers can plan tasks for this customer.',
      },
    });
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect((await submit()).body).toEqual({
      response_action: 'errors',
      errors: { customer: '只有服务团队、负责人和主管可以为该客户安排任务。' },
    });
    expect(await app.db.models.tasks.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);
  });

  test('on a closed desk, with the customer named (/task new CODE), someone with no role is told before any form opens that they may not plan tasks for it', async () => {
    const { code } = await makeCustomer(app, { name: 'Closed Desk Co' });
    await app.setSettings(() => ({ openDesk: false, agents: [AGENT] }));
    app.fake.reset();
    await app.slack.command('/task', `new ${code}`, { userId: 'U0NOROLE01' });
    expect(app.fake.callsTo('views.open')).toEqual([]);
    // Said for what was asked (planning a task), not as changing the customer or logging an
    // interaction with it.
    expect(app.fake.callsTo('response_url').at(-1)?.args.text).toBe(
      `Only the service team, the owner (<@${OWNER}>) and managers can plan tasks for this customer.`,
    );
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await app.slack.command('/task', `new ${code}`, { userId: 'U0NOROLE01' });
    expect(app.fake.callsTo('response_url').at(-1)?.args.text).toBe(
      `只有服务团队、负责人（<@${OWNER}>）和主管可以为该客户安排任务。`,
    );
    await app.setSettings(() => ({ locale: 'en' }));
    // The agent still gets the form with the customer picked.
    await app.slack.command('/task', `new ${code}`, { userId: AGENT });
    expect(JSON.stringify(lastOpened())).toContain('Closed Desk Co');
  });
});
