// A task's approver (domain 3: tasks carry an executor, helper and approver): picked on New task,
// told by DM when it is planned and when it is done, may complete and reschedule it, sees it.
import { describe, expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { openHome, submitLastModal } from '../helpers/clicks.js';
import { AGENT, makeCustomer, OWNER } from '../helpers/factories.js';
import {
  FAKE_BOT_USER_ID,
  FAKE_DEACTIVATED_USER_ID,
  FAKE_GUEST_USER_ID,
  FAKE_TEAM_ID,
} from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { taskSteps } from '../helpers/tasks.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });
const APPROVER = 'U0APPROVE1';
const HELPER = 'U0HELPER01';
const STRANGER = 'U0OTHER001';

type View = { blocks: { block_id?: string; element?: Record<string, any>; hint?: any }[] } & Record<
  string,
  unknown
>;
const lastOpened = () => app.fake.callsTo('views.open').at(-1)!.args.view as View;
const lastTold = () => String(app.fake.callsTo('response_url').at(-1)!.args.text);
/** The buttons of a message: [action id, value]. */
const buttons = (blocks: any[]): [string, string][] =>
  blocks.flatMap((b) =>
    [b.accessory, ...(b.elements ?? [])]
      .filter((e: any) => e?.type === 'button')
      .map((e: any) => [e.action_id, e.value] as [string, string]),
  );
const { deliverAll, newTask, firstTaskId, moveDue } = taskSteps(app);

/** OWNER plans a visit for AGENT at `customer`, helped by HELPER, signed off by APPROVER. */
async function plan(
  fields: Record<string, string> = {},
  viewId = 'V0APPROVE1',
  customer: Parameters<typeof makeCustomer>[1] = { name: 'Huadong Machinery' },
) {
  const { code } = await makeCustomer(app, customer);
  const { modal, res } = await newTask(
    OWNER,
    {
      customer: code,
      kind: 'visit',
      executor: AGENT,
      helper: HELPER,
      approver: APPROVER,
      due: '2026-11-27',
      content: 'Visit the plant <!here> with the new price list',
      ...fields,
    },
    viewId,
  );
  return { code, modal: modal as View, res };
}

/** The buttons of the helper's DM of task `id` at customer `code`, in order. */
const helperButtons = (id: string, code: string) => [
  ['task_done_open', id],
  ['task_due_open', id],
  ['task_edit_open', id],
  ['task_cancel_open', id],
  ['customer_card_open', code],
];

/** As `plan()`, its DMs delivered and the fake Slack's record started afresh: code and task id. */
async function plannedAndTold() {
  const { code } = await plan();
  const id = await firstTaskId();
  await deliverAll();
  app.fake.reset();
  return { code, id };
}

/**
 * OWNER plans a visit for AGENT at Changzhou Valves, whose primary contact is `contact`, helped by
 * HELPER, signed off by APPROVER, as the view `viewId`; the DMs delivered.
 */
async function planReached(contact: Record<string, unknown>, viewId: string) {
  const { code, res } = await plan({ content: 'Visit the plant' }, viewId, {
    name: 'Changzhou Valves',
    contact: { optOuts: [], ...contact } as any,
  });
  expect(res.body).toBe('');
  await deliverAll();
  return { code, id: await firstTaskId() };
}

describe("a task's approver", () => {
  test('New task has an optional Approver picker, empty, with a hint; the approver is saved and told by DM once, with Done, Change due date and Open customer', async () => {
    const { code, modal, res } = await plan();
    const approver = modal.blocks.find((b) => b.block_id === 'approver')!;
    expect(approver).toMatchObject({ optional: true, element: { type: 'users_select' } });
    expect(approver.element!.initial_user).toBeUndefined();
    expect(approver.hint.text).toContain('who signs the task off');
    expect(res.body).toBe('');
    // The same submission again (Slack retried it): one task, one DM each.
    await app.slack.submitView({ ...modal, id: 'V0APPROVE1' }, {}, { userId: OWNER });
    const tasks = await app.db.models.tasks.find({ teamId: FAKE_TEAM_ID }).lean();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ assigneeId: AGENT, helperId: HELPER, approverId: APPROVER });
    await deliverAll();

    const dms = app.fake.postsTo(APPROVER);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.args.text).toBe(
      `:clipboard: <@${OWNER}> planned a task for you to sign off: *Visit* · Huadong Machinery (${code}), done by <@${AGENT}>, due 2026-11-27 (in 3 days).`,
    );
    const blocks = JSON.stringify(dms[0]!.args.blocks);
    // The typed ping is shown, not sent; who helps and who signs off are named.
    expect(blocks).toContain('Visit the plant &lt;!here&gt; with the new price list');
    expect(blocks).toContain(`helped by <@${HELPER}> · signed off by <@${APPROVER}>`);
    expect(buttons(dms[0]!.args.blocks as any[])).toEqual([
      ['task_done_open', String(tasks[0]!._id)],
      ['task_due_open', String(tasks[0]!._id)],
      ['task_cancel_open', String(tasks[0]!._id)],
      ['customer_card_open', code],
    ]);
    // The executor's DM names the helper and the approver too.
    expect(JSON.stringify(app.fake.postsTo(AGENT)[0]!.args.blocks)).toContain(
      `signed off by <@${APPROVER}>`,
    );
    // Open customer on the DM shows the card where it was clicked.
    await app.slack.blockAction(
      { action_id: 'customer_card_open', value: code, block_id: 'task_approver_actions' },
      { userId: APPROVER, channelId: `D${APPROVER.slice(1)}` },
    );
    expect(JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args)).toContain(code);
  });

  test('the DMs offer what each reader may do: an approver or a helper who is a manager also gets Edit task (the helper Done and Change due date too), and it opens', async () => {
    await app.setSettings(() => ({ managers: [APPROVER, HELPER] }));
    const { code } = await plan();
    const id = await firstTaskId();
    await deliverAll();
    const approverDm = app.fake.postsTo(APPROVER);
    expect(approverDm).toHaveLength(1);
    expect(buttons(approverDm[0]!.args.blocks as any[])).toEqual([
      ['task_done_open', id],
      ['task_due_open', id],
      ['task_edit_open', id],
      ['task_cancel_open', id],
      ['customer_card_open', code],
    ]);
    const helperDm = app.fake.postsTo(HELPER);
    expect(helperDm).toHaveLength(1);
    expect(buttons(helperDm[0]!.args.blocks as any[])).toEqual(helperButtons(id, code));
    // The approver's Edit task opens the task's Edit modal (a manager may edit it).
    await app.slack.blockAction(
      { action_id: 'task_edit_open', value: id, block_id: 'task_approver_actions' },
      { userId: APPROVER, channelId: `D${APPROVER.slice(1)}` },
    );
    expect(lastOpened().callback_id).toBe('task_edit');
  });

  test('nobody approves their own task, nor a bot or a guest: refused on the field, nothing saved', async () => {
    const own = await plan({ approver: AGENT });
    expect(own.res.body).toEqual({
      response_action: 'errors',
      errors: { approver: 'Pick someone other than who does it: nobody signs off their own task.' },
    });
    /** The modal sent again as the view `id`, `approver` signing off. */
    const signedOffBy = (approver: string, id: string) =>
      app.slack.submitView(
        { ...own.modal, id },
        {
          customer: own.code,
          kind: 'visit',
          executor: AGENT,
          approver,
          due: '2026-11-27',
          content: 'Visit',
        },
        { userId: OWNER },
      );
    const bot = await signedOffBy(FAKE_BOT_USER_ID, 'V0APPROVE2');
    expect(bot.body).toEqual({
      response_action: 'errors',
      errors: { approver: 'Care Desk is a bot: pick a person of the workspace.' },
    });
    const guest = await signedOffBy(FAKE_GUEST_USER_ID, 'V0APPROVE3');
    expect((guest.body as any).errors.approver).toContain('Wang Fang is a guest');
    expect(await app.db.models.tasks.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);
  });

  test('a guest neither does nor helps with a task: refused on each field (en, zh-CN), nothing saved; Edit task refuses them too', async () => {
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
    await app.slack.command('/task', 'new', { userId: OWNER });
    const modal = lastOpened();
    const form = { customer: code, kind: 'visit', due: '2026-11-27', content: 'Visit' };
    const res = await app.slack.submitView(
      { ...modal, id: 'V0GUESTEX1' },
      { ...form, executor: FAKE_GUEST_USER_ID, helper: AGENT },
      { userId: OWNER },
    );
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        executor:
          'Wang Fang is a guest (their account is limited to some channels): pick a member of the workspace.',
      },
    });
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await app.slack.submitView(
      { ...modal, id: 'V0GUESTEX2' },
      { ...form, executor: AGENT, helper: FAKE_GUEST_USER_ID },
      { userId: OWNER },
    );
    expect((zh.body as any).errors).toEqual({
      helper: 'Wang Fang 是访客（其账号只限部分频道），请选择工作区成员。',
    });
    expect(await app.db.models.tasks.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);
    // Planned for AGENT; Edit task handing it to the guest is refused on the field.
    await app.setSettings(() => ({ locale: 'en' }));
    const saved = await app.slack.submitView(
      { ...modal, id: 'V0GUESTEX3' },
      { ...form, executor: AGENT },
      { userId: OWNER },
    );
    expect(saved.body).toBe('');
    const task = (await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
    await app.slack.blockAction(
      { action_id: 'task_edit_open', value: String(task._id) },
      { userId: OWNER },
    );
    const edit = await app.slack.submitView(
      lastOpened(),
      { executor: FAKE_GUEST_USER_ID, due: '2026-11-27', content: 'Visit' },
      { userId: OWNER },
    );
    expect((edit.body as any).errors).toEqual({
      executor:
        'Wang Fang is a guest (their account is limited to some channels): pick a member of the workspace.',
    });
    expect((await app.db.models.tasks.findById(task._id).lean())!.assigneeId).toBe(AGENT);
  });

  test('the approver finds it under To approve, completes it; a stranger is refused; the approver is not told of their own Done', async () => {
    await plan();
    const task = (await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
    const id = String(task._id);
    await deliverAll();

    await app.slack.command('/task', 'mine', { userId: APPROVER });
    const mine = app.fake.callsTo('response_url').at(-1)!.args;
    expect(JSON.stringify(mine.blocks)).toContain('To approve (1)');
    expect(JSON.stringify(mine.blocks)).toContain(`"value":"${id}"`);

    // A stranger is refused on Done and on Change due date, told who may.
    app.fake.reset();
    await app.slack.blockAction({ action_id: 'task_done_open', value: id }, { userId: STRANGER });
    expect(app.fake.callsTo('views.open')).toEqual([]);
    expect(lastTold()).toBe(
      `Only the person the task is for (<@${AGENT}>), the person who signs it off (<@${APPROVER}>) or a manager can complete it.`,
    );
    await app.slack.blockAction({ action_id: 'task_due_open', value: id }, { userId: STRANGER });
    expect(app.fake.callsTo('views.open')).toEqual([]);

    // The approver moves it, then completes it.
    await app.slack.blockAction({ action_id: 'task_due_open', value: id }, { userId: APPROVER });
    await submitLastModal(app, { due: '2026-11-30' }, APPROVER);
    expect((await app.db.models.tasks.findById(id).lean())!.dueDate).toBe('2026-11-30');

    await app.slack.blockAction({ action_id: 'task_done_open', value: id }, { userId: APPROVER });
    await submitLastModal(
      app,
      { type: 'visit', summary: 'Visited; they order in March' },
      APPROVER,
    );
    expect((await app.db.models.tasks.findById(id).lean())!).toMatchObject({
      status: 'done',
      doneBy: APPROVER,
    });
    await deliverAll();
    // Recorded by the approver themselves: no "done" DM to them.
    expect(
      app.fake.postsTo(APPROVER).filter((c) => String(c.args.text).includes('completed')),
    ).toEqual([]);
  });

  test('done by the executor: the approver is told the outcome the Done modal recorded, once', async () => {
    const { code, id } = await plannedAndTold();
    await app.slack.blockAction({ action_id: 'task_done_open', value: id }, { userId: AGENT });
    await submitLastModal(
      app,
      {
        type: 'visit',
        summary: 'Visited <!channel>; order in March',
        satisfaction: '5',
        feedback: 'Wants the new catalogue',
      },
      AGENT,
    );
    await deliverAll();
    const told = app.fake.postsTo(APPROVER);
    expect(told).toHaveLength(1);
    expect(told[0]!.args.text).toBe(
      `:white_check_mark: <@${AGENT}> completed a task you sign off: *Visit* · Huadong Machinery (${code}).`,
    );
    const body = JSON.stringify(told[0]!.args.blocks);
    expect(body).toContain('Outcome (Visit): Visited &lt;!channel&gt;; order in March');
    expect(body).toContain('Satisfaction 5/5');
    expect(body).toContain('Feedback: Wants the new catalogue');
    expect(buttons(told[0]!.args.blocks as any[])).toEqual([['customer_card_open', code]]);
  });

  test("the executor's reminders are unchanged: 3 days before and on the day, to the executor only", async () => {
    await plan({}, 'V0APPROVE4');
    await deliverAll();
    app.fake.reset();
    // Due Friday 27 Nov: the early reminder on Tuesday 24 Nov (the daily run at 09:00).
    await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
    const reminders = app.fake
      .postsTo(AGENT)
      .filter((c) => String(c.args.text).startsWith('Your follow-up tasks'));
    expect(reminders).toHaveLength(1);
    expect(app.fake.postsTo(APPROVER)).toEqual([]);
    const task = (await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
    expect(task.reminders.early).toBeDefined();
    await runJobAt(app, tasksJob, '2026-11-27T01:00:00Z');
    expect(
      app.fake.postsTo(AGENT).filter((c) => String(c.args.text).startsWith('Your follow-up tasks')),
    ).toHaveLength(1);
    expect(app.fake.postsTo(APPROVER)).toEqual([]);
  });

  test("the approver's App Home lists the task under the tasks they sign off", async () => {
    await plan({}, 'V0APPROVE5');
    await deliverAll();
    const home = await openHome(app, APPROVER);
    expect(home).toContain('Tasks you sign off* (1)');
    expect(home).toContain('Visit the plant');
  });
});

describe("a task's helper and its approver are told", () => {
  test('the helper is told by DM once, with who does it, who signs it off and Open customer; not when they planned it', async () => {
    const { code, modal } = await plan();
    // Slack sent the same submission again: still one DM.
    await app.slack.submitView({ ...modal, id: 'V0APPROVE1' }, {}, { userId: OWNER });
    await deliverAll();
    const dms = app.fake.postsTo(HELPER);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.args.text).toBe(
      `:handshake: <@${OWNER}> asked you to help with a task: *Visit* · Huadong Machinery (${code}), done by <@${AGENT}>, due 2026-11-27 (in 3 days).`,
    );
    const blocks = JSON.stringify(dms[0]!.args.blocks);
    expect(blocks).toContain('Visit the plant &lt;!here&gt; with the new price list');
    expect(blocks).toContain(`helped by <@${HELPER}> · signed off by <@${APPROVER}>`);
    // The helper does not complete it: only Open customer.
    expect(buttons(dms[0]!.args.blocks as any[])).toEqual([['customer_card_open', code]]);

    // The helper plans one they help with themselves: no DM to them.
    app.fake.reset();
    await newTask(
      HELPER,
      {
        customer: code,
        kind: 'call',
        executor: AGENT,
        helper: HELPER,
        due: '2026-11-27',
        content: 'Call about the price list',
      },
      'V0HELPER02',
    );
    await deliverAll();
    expect(await app.db.models.tasks.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(2);
    expect(app.fake.postsTo(HELPER)).toEqual([]);
    expect(app.fake.postsTo(AGENT)).toHaveLength(1);
  });

  test('in Chinese, the helper reads it in Chinese', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const { code } = await plan({}, 'V0HELPERZH');
    await deliverAll();
    expect(app.fake.postsTo(HELPER)[0]!.args.text).toBe(
      `:handshake: <@${OWNER}> 请你协助一项任务：*拜访* · Huadong Machinery（${code}），负责人 <@${AGENT}>，2026-11-27 到期（还有 3 天）。`,
    );
  });

  test('a due date moved by the executor: the approver is told, once per move; moved by the approver: only the executor', async () => {
    const { code, id } = await plannedAndTold();

    const move = (userId: string, due: string) => moveDue(id, userId, due);
    await move(AGENT, '2026-11-30');
    expect(app.fake.postsTo(APPROVER).map((c) => c.args.text)).toEqual([
      `:calendar: <@${AGENT}> moved a task you sign off, *Visit* · Huadong Machinery (${code}) (done by <@${AGENT}>), from 2026-11-27 to 2026-11-30.`,
    ]);
    // Moved back and again the same way: each move told once.
    await move(AGENT, '2026-11-27');
    await move(AGENT, '2026-11-30');
    expect(app.fake.postsTo(APPROVER)).toHaveLength(3);
    expect(app.fake.postsTo(AGENT)).toEqual([]);

    // The approver moves it: the executor is told, the approver is not told of their own move.
    app.fake.reset();
    await move(APPROVER, '2026-12-01');
    expect(app.fake.postsTo(APPROVER)).toEqual([]);
    expect(app.fake.postsTo(AGENT).map((c) => c.args.text)).toEqual([
      `:calendar: <@${APPROVER}> moved your task *Visit* · Huadong Machinery (${code}) from 2026-11-30 to 2026-12-01.`,
    ]);
  });
});

describe("the primary contact's preferred channel in the helper's and the approver's DMs", () => {
  /** OWNER plans a visit for AGENT at a customer whose primary contact prefers `channel`. */
  const planFor = (contact: Record<string, unknown>) => planReached(contact, 'V0REACH001');
  const read = (user: string) => app.fake.postsTo(user).map((m) => JSON.stringify(m.args.blocks));

  test('planned and done: each DM to the helper and the approver says it after the words, escaped, as the reminders do', async () => {
    const { id } = await planFor({ name: 'Sun <Hui>', preferredChannel: 'E-mail & *WeChat*' });
    const said = 'Visit the plant · Sun &lt;Hui&gt; prefers E-mail &amp; *WeChat*';
    expect(read(APPROVER)).toEqual([expect.stringContaining(said)]);
    expect(read(HELPER)).toEqual([expect.stringContaining(said)]);
    // The executor's DM of the task planned for them too.
    expect(read(AGENT)).toEqual([expect.stringContaining(said)]);

    // Done by the executor: the approver is told what was recorded, with it.
    app.fake.reset();
    await app.slack.blockAction({ action_id: 'task_done_open', value: id }, { userId: AGENT });
    await submitLastModal(
      app,
      { type: 'email', summary: 'Price list sent', satisfaction: '4' },
      AGENT,
    );
    await deliverAll();
    expect(read(APPROVER)).toEqual([expect.stringContaining(said)]);
  });

  test('in Chinese: 偏好“…”', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await planFor({ name: '孙慧', preferredChannel: '邮件' });
    expect(read(HELPER)).toEqual([expect.stringContaining('Visit the plant · 孙慧偏好“邮件”')]);
    expect(read(APPROVER)).toEqual([expect.stringContaining('Visit the plant · 孙慧偏好“邮件”')]);
  });

  test("a contact whose opt-out tags refuse the channel: the DMs don't offer it", async () => {
    await planFor({ name: 'Sun Hui', preferredChannel: 'WeChat', optOuts: ['no WeChat'] });
    for (const user of [APPROVER, HELPER, AGENT]) {
      expect(read(user)).toHaveLength(1);
      expect(read(user)[0]).not.toContain('prefers');
    }
  });
});

describe("the primary contact's preferred channel where a task is moved or signed off", () => {
  const said = 'Sun &lt;Hui&gt; prefers E-mail &amp; *WeChat*';
  /** OWNER plans a visit for AGENT, helped by HELPER, signed off by APPROVER. */
  async function planFor(contact: Record<string, unknown>) {
    const { id } = await planReached(contact, 'V0REACH002');
    app.fake.reset();
    return id;
  }
  const read = (user: string) => app.fake.postsTo(user).map((m) => JSON.stringify(m.args.blocks));

  test('a moved due date: the DMs to the approver, the helper and the executor say it under who moved it, escaped; not when the contact refused that way', async () => {
    const id = await planFor({ name: 'Sun <Hui>', preferredChannel: 'E-mail & *WeChat*' });
    await moveDue(id, AGENT, '2026-11-30');
    for (const user of [APPROVER, HELPER])
      expect(read(user)).toEqual([expect.stringContaining(`to 2026-11-30.\\n${said}`)]);
    await moveDue(id, APPROVER, '2026-12-01');
    expect(read(AGENT)).toEqual([expect.stringContaining(`to 2026-12-01.\\n${said}`)]);

    await app.db.models.customers.updateOne({}, { $set: { 'contacts.0.optOuts': ['no WeChat'] } });
    app.fake.reset();
    await moveDue(id, AGENT, '2026-12-02');
    expect(read(APPROVER)).toHaveLength(1);
    expect(read(APPROVER)[0]).not.toContain('prefers');
  });

  test('in Chinese: 偏好“…” under the move', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const id = await planFor({ name: '孙慧', preferredChannel: '邮件' });
    await moveDue(id, AGENT, '2026-11-30');
    expect(read(APPROVER)).toEqual([expect.stringContaining('2026-11-30。\\n孙慧偏好“邮件”')]);
  });

  test("the approver's To approve, in /task mine and on App Home, says it after the task's words", async () => {
    await planFor({ name: 'Sun <Hui>', preferredChannel: 'E-mail & *WeChat*' });
    await app.slack.command('/task', 'mine', { userId: APPROVER });
    const mine = JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args.blocks);
    expect(mine).toContain('To approve (1)');
    expect(mine).toContain(`Visit the plant · ${said}`);
    const home = await openHome(app, APPROVER);
    expect(home).toContain('Tasks you sign off* (1)');
    expect(home).toContain(`Visit the plant · ${said}`);
  });

  test("a customer in both the approver's own tasks and those they sign off is read once per page, in /task mine and on App Home", async () => {
    await planFor({ name: 'Sun <Hui>', preferredChannel: 'E-mail & *WeChat*' });
    const { customerCode: code } = (await app.db.models.tasks
      .findOne({ teamId: FAKE_TEAM_ID })
      .lean()) as unknown as { customerCode: string };
    // The approver's own call to the same customer.
    const { res } = await newTask(
      OWNER,
      { customer: code, kind: 'call', executor: APPROVER, due: '2026-11-24', content: 'Call back' },
      'V0REACH003',
    );
    expect(res.body).toBe('');
    await deliverAll();
    // The reads of this customer's document, counted on the wire.
    const client = app.db.conn.getClient();
    const reads: string[] = [];
    const started = (ev: { commandName: string; command: Record<string, unknown> }) => {
      if (ev.commandName === 'find' && ev.command.find === 'customers') {
        const filter = JSON.stringify(ev.command.filter);
        if (filter.includes(code)) reads.push(filter);
      }
    };
    client.on('commandStarted', started);
    let mine: string;
    let home: string;
    const counted: number[] = [];
    try {
      await app.slack.command('/task', 'mine', { userId: APPROVER });
      mine = JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args.blocks);
      counted.push(reads.length);
      home = await openHome(app, APPROVER);
      counted.push(reads.length - counted[0]!);
    } finally {
      client.off('commandStarted', started);
    }
    // Both rows still say how the contact wants to be reached.
    expect(mine).toContain(`Call back · ${said}`);
    expect(mine).toContain(`Visit the plant · ${said}`);
    expect(home).toContain(`Call back · ${said}`);
    expect(home).toContain(`Visit the plant · ${said}`);
    expect(counted).toEqual([1, 1]);
  });
});

describe("a task's helper is told of a move", () => {
  test('a due date moved by the executor or the approver: the helper is told, once per move, in the workspace language; not of their own move', async () => {
    const { code, id } = await plannedAndTold();
    const move = (userId: string, due: string) => moveDue(id, userId, due);
    await move(AGENT, '2026-11-30');
    expect(app.fake.postsTo(HELPER).map((c) => c.args.text)).toEqual([
      `:calendar: <@${AGENT}> moved a task you help with, *Visit* · Huadong Machinery (${code}) (done by <@${AGENT}>), from 2026-11-27 to 2026-11-30.`,
    ]);
    await move(APPROVER, '2026-12-01');
    expect(app.fake.postsTo(HELPER)).toHaveLength(2);
    expect(String(app.fake.postsTo(HELPER)[1]!.args.text)).toContain(`<@${APPROVER}> moved`);

    // A helper who is a manager moves it: the executor and the approver are told, not them.
    await app.setSettings(() => ({ managers: [HELPER] }));
    app.fake.reset();
    await move(HELPER, '2026-12-02');
    expect(app.fake.postsTo(HELPER)).toEqual([]);
    expect(app.fake.postsTo(AGENT)).toHaveLength(1);
    expect(app.fake.postsTo(APPROVER)).toHaveLength(1);

    await app.setSettings(() => ({ managers: [], locale: 'zh-CN' }));
    app.fake.reset();
    await move(AGENT, '2026-12-03');
    expect(app.fake.postsTo(HELPER).map((c) => c.args.text)).toEqual([
      `:calendar: <@${AGENT}> 将你协助的任务 *拜访* · Huadong Machinery（${code}）（负责人 <@${AGENT}>）的截止日期从 2026-12-02 改为 2026-12-03。`,
    ]);
  });
});

describe('the DMs of a moved due date carry what each reader may do', () => {
  test("moved by a manager: the executor is offered Done, Change due date and Edit task, the approver Done and Change due date, the helper Open customer; a helper who is a manager, told of a move by Edit task, all of them; the executor's Done opens", async () => {
    const MANAGER = 'U0MANAGER1';
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const { code, id } = await plannedAndTold();
    await app.slack.blockAction({ action_id: 'task_due_open', value: id }, { userId: MANAGER });
    await submitLastModal(app, { due: '2026-11-30' }, MANAGER);
    await deliverAll();
    const only = (userId: string) => {
      const told = app.fake.postsTo(userId);
      expect(told).toHaveLength(1);
      expect(String(told[0]!.args.text)).toContain(`<@${MANAGER}> moved`);
      return buttons(told[0]!.args.blocks as any[]);
    };
    expect(only(AGENT)).toEqual([
      ['task_done_open', id],
      ['task_due_open', id],
      ['task_edit_open', id],
      ['task_cancel_open', id],
      ['customer_card_open', code],
    ]);
    expect(only(APPROVER)).toEqual([
      ['task_done_open', id],
      ['task_due_open', id],
      ['task_cancel_open', id],
      ['customer_card_open', code],
    ]);
    expect(only(HELPER)).toEqual([['customer_card_open', code]]);
    // What the executor's Done does: opens its modal.
    await app.slack.blockAction({ action_id: 'task_done_open', value: id }, { userId: AGENT });
    expect(lastOpened().callback_id).toBe('task_done');

    // The executor moves it by Edit task; the helper, a manager now, may do all of it.
    await app.setSettings(() => ({ managers: [MANAGER, HELPER] }));
    app.fake.reset();
    await app.slack.blockAction({ action_id: 'task_edit_open', value: id }, { userId: AGENT });
    await submitLastModal(
      app,
      {
        executor: AGENT,
        helper: HELPER,
        approver: APPROVER,
        due: '2026-12-02',
        content: 'Visit the plant',
      },
      AGENT,
    );
    await deliverAll();
    const helperDm = app.fake.postsTo(HELPER);
    expect(helperDm.map((c) => String(c.args.text))).toEqual([
      `:calendar: <@${AGENT}> moved a task you help with, *Visit* · Huadong Machinery (${code}) (done by <@${AGENT}>), from 2026-11-30 to 2026-12-02.`,
    ]);
    expect(buttons(helperDm[0]!.args.blocks as any[])).toEqual(helperButtons(id, code));
  });
});

describe("a logged interaction's next step: a task with an optional approver", () => {
  /** The view the app last opened or updated (Log interaction may be filled in by an update). */
  const lastModal = () =>
    app.fake.calls.filter((c) => c.method === 'views.open' || c.method === 'views.update').at(-1)!
      .args.view as View;
  async function logInteraction(form: Record<string, string>, userId = AGENT) {
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
    await app.slack.blockAction(
      { action_id: 'customer_interaction_open', value: code, block_id: 'customer_actions' },
      { userId },
    );
    const modal = lastModal();
    const res = await app.slack.submitView(
      modal,
      { type: 'call', summary: 'Discussed the renewal', ...form },
      { userId },
    );
    return { code, modal, res };
  }

  test('Log interaction offers an optional approver; the next step is signed off by them, who is told by DM once and finds it on their Home', async () => {
    const { code, modal, res } = await logInteraction({
      next_step: 'Send the renewal quote <!channel>',
      next_step_date: '2026-11-27',
      next_step_approver: APPROVER,
    });
    const picker = modal.blocks.find((b) => b.block_id === 'next_step_approver')!;
    expect(picker).toMatchObject({ optional: true, element: { type: 'users_select' } });
    expect(picker.hint.text).toContain('who signs the next step');
    expect(res.body).toBe('');
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
      `Logged a call with *Huadong Machinery* (${code}).\nNext step: a task for you, due 2026-11-27, signed off by <@${APPROVER}>.`,
    );
    const tasks = await app.db.models.tasks.find({ teamId: FAKE_TEAM_ID }).lean();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      assigneeId: AGENT,
      approverId: APPROVER,
      dueDate: '2026-11-27',
    });
    // Not kept on the interaction: the task holds who signs it off.
    const interaction = await app.db.models.interactions.findOne({ teamId: FAKE_TEAM_ID }).lean();
    expect(interaction).not.toHaveProperty('nextStepApproverId');
    await deliverAll();
    const dms = app.fake.postsTo(APPROVER);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.args.text).toBe(
      `:clipboard: <@${AGENT}> planned a task for you to sign off: *Task* · Huadong Machinery (${code}), done by <@${AGENT}>, due 2026-11-27 (in 3 days).`,
    );
    expect(JSON.stringify(dms[0]!.args.blocks)).toContain(
      'Send the renewal quote &lt;!channel&gt;',
    );
    expect(buttons(dms[0]!.args.blocks as any[])).toEqual([
      ['task_done_open', String(tasks[0]!._id)],
      ['task_due_open', String(tasks[0]!._id)],
      ['task_cancel_open', String(tasks[0]!._id)],
      ['customer_card_open', code],
    ]);
    // The daily run does not tell them again (its reminders are the executor's).
    await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
    expect(app.fake.postsTo(APPROVER)).toEqual([]);
    await app.slack.command('/task', 'mine', { userId: APPROVER });
    expect(JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args.blocks)).toContain(
      'To approve (1)',
    );
  });

  test('the approver is not who logs it, nor a bot, a deactivated account or a guest, and needs a date: refused on the field, nothing logged', async () => {
    const own = await logInteraction({
      next_step: 'Send the quote',
      next_step_date: '2026-11-27',
      next_step_approver: AGENT,
    });
    expect(own.res.body).toEqual({
      response_action: 'errors',
      errors: {
        next_step_approver:
          'Pick someone other than you: the next step is your task, and nobody signs off their own task.',
      },
    });
    const submit = (form: Record<string, string>, id: string) =>
      app.slack.submitView(
        { ...own.modal, id },
        { type: 'call', summary: 'Discussed the renewal', next_step_date: '2026-11-27', ...form },
        { userId: AGENT },
      );
    const bot = await submit({ next_step_approver: FAKE_BOT_USER_ID }, 'V0NEXT0002');
    expect(bot.body).toEqual({
      response_action: 'errors',
      errors: { next_step_approver: 'Care Desk is a bot: pick a person of the workspace.' },
    });
    // A long name is cut between characters, never inside an emoji (Slack refuses half of one).
    app.fake.users.set('U0EMOJIBOT', {
      id: 'U0EMOJIBOT',
      real_name: `${'B'.repeat(79)}🤖 helper`,
      is_bot: true,
    });
    const long = await submit({ next_step_approver: 'U0EMOJIBOT' }, 'V0NEXT0009');
    expect((long.body as any).errors.next_step_approver).toBe(
      `${'B'.repeat(79)}… is a bot: pick a person of the workspace.`,
    );
    const gone = await submit({ next_step_approver: FAKE_DEACTIVATED_USER_ID }, 'V0NEXT0003');
    expect((gone.body as any).errors.next_step_approver).toContain('Li Lei is deactivated');
    const guest = await submit({ next_step_approver: FAKE_GUEST_USER_ID }, 'V0NEXT0004');
    expect((guest.body as any).errors.next_step_approver).toContain('Wang Fang is a guest');
    const undated = await submit(
      { next_step_date: '', next_step_approver: APPROVER },
      'V0NEXT0005',
    );
    expect(undated.body).toEqual({
      response_action: 'errors',
      errors: {
        next_step_date:
          'Pick a date: only a next step with a date becomes a task someone signs off.',
      },
    });
    expect(await app.db.models.interactions.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);
    expect(await app.db.models.tasks.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);
    await deliverAll();
    expect(app.fake.postsTo(APPROVER)).toEqual([]);
  });

  test("a task's Done offers the same optional approver for its next step: refused as on Log interaction, nothing saved; else the next step's task is signed off by them, who is told by DM once", async () => {
    const { code } = await plan({ helper: '', approver: '' }, 'V0DONENEXT');
    const id = await firstTaskId();
    await deliverAll();
    app.fake.reset();
    await app.slack.blockAction({ action_id: 'task_done_open', value: id }, { userId: AGENT });
    const modal = lastOpened();
    const picker = modal.blocks.find((b) => b.block_id === 'next_step_approver')!;
    expect(picker).toMatchObject({ optional: true, element: { type: 'users_select' } });
    expect(picker.hint.text).toContain('who signs the next step');
    const submit = (form: Record<string, string>) =>
      app.slack.submitView(
        modal,
        {
          type: 'visit',
          summary: 'Visited; they want a quote',
          next_step: 'Send the quote <!channel>',
          next_step_date: '2026-11-27',
          ...form,
        },
        { userId: AGENT },
      );
    const own = await submit({ next_step_approver: AGENT });
    expect(own.body).toEqual({
      response_action: 'errors',
      errors: {
        next_step_approver:
          'Pick someone other than you: the next step is your task, and nobody signs off their own task.',
      },
    });
    const guest = await submit({ next_step_approver: FAKE_GUEST_USER_ID });
    expect((guest.body as any).errors.next_step_approver).toContain('Wang Fang is a guest');
    const undated = await submit({ next_step_date: '', next_step_approver: APPROVER });
    expect(undated.body).toEqual({
      response_action: 'errors',
      errors: {
        next_step_date:
          'Pick a date: only a next step with a date becomes a task someone signs off.',
      },
    });
    expect((await app.db.models.tasks.findById(id).lean())!.status).toBe('open');
    expect(await app.db.models.interactions.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);

    const res = await submit({ next_step_approver: APPROVER });
    expect(res.body).toBe('');
    expect(lastTold()).toContain(
      `Next step: a task for you, due 2026-11-27, signed off by <@${APPROVER}>.`,
    );
    const next = (await app.db.models.tasks
      .findOne({ teamId: FAKE_TEAM_ID, status: 'open' })
      .lean())!;
    expect(next).toMatchObject({ assigneeId: AGENT, approverId: APPROVER, dueDate: '2026-11-27' });
    expect((await app.db.models.tasks.findById(id).lean())!).not.toHaveProperty(
      'outcome.nextStepApproverId',
    );
    await deliverAll();
    const dms = app.fake.postsTo(APPROVER);
    expect(dms.map((c) => c.args.text)).toEqual([
      `:clipboard: <@${AGENT}> planned a task for you to sign off: *Task* · Huadong Machinery (${code}), done by <@${AGENT}>, due 2026-11-27 (in 3 days).`,
    ]);
    expect(JSON.stringify(dms[0]!.args.blocks)).toContain('Send the quote &lt;!channel&gt;');
    expect(buttons(dms[0]!.args.blocks as any[])).toEqual([
      ['task_done_open', String(next._id)],
      ['task_due_open', String(next._id)],
      ['task_cancel_open', String(next._id)],
      ['customer_card_open', code],
    ]);
    // The outbox job's repair later sends it no second time.
    await runJobAt(app, outboxJob, '2026-11-24T02:10:00Z');
    expect(app.fake.postsTo(APPROVER)).toEqual([]);
  });

  test('without an approver the next step is planned as before, and nobody else is told', async () => {
    const { res } = await logInteraction({ next_step: 'Call back', next_step_date: '2026-11-27' });
    expect(res.body).toBe('');
    const task = (await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
    expect(task.approverId).toBeUndefined();
    await deliverAll();
    expect(app.fake.calls.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
  });
});
