// Edit task: who does a task, helps and signs it off, and a hand-made task's date and words,
// changed after it was planned; recorded on the task, the people it concerns told by DM.
import { describe, expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_BOT_USER_ID, FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { openHome, submitLastModal } from '../helpers/clicks.js';
import { runJobAt } from '../helpers/jobs.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });
const APPROVER = 'U0APPROVE1';
const NEW_APPROVER = 'U0APPROVE2';
const TAKER = 'U0TAKER001';
const STRANGER = 'U0OTHER001';
const MANAGER = 'U0MANAGER1';

type View = { blocks: any[] } & Record<string, any>;
const lastOpened = () => app.fake.callsTo('views.open').at(-1)!.args.view as View;
const lastTold = () => String(app.fake.callsTo('response_url').at(-1)!.args.text);
const deliverAll = async () => {
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
};
const editButton = (taskId: string, userId: string) =>
  app.slack.blockAction({ action_id: 'task_edit_open', value: taskId }, { userId });

/** OWNER plans a visit for AGENT, signed off by APPROVER, due Friday 27 Nov. */
async function plan() {
  const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
  await app.slack.command('/task', 'new', { userId: OWNER });
  const res = await app.slack.submitView(
    { ...lastOpened(), id: 'V0EDITPLAN' },
    {
      customer: code,
      kind: 'visit',
      executor: AGENT,
      approver: APPROVER,
      due: '2026-11-27',
      content: 'Visit the plant with the new price list',
    },
    { userId: OWNER },
  );
  expect(res.body).toBe('');
  const task = (await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
  await deliverAll();
  app.fake.reset();
  return { code, id: String(task._id) };
}

describe('Edit task on a task made by hand', () => {
  test('/task mine rows carry Edit task; someone else is refused at once; the planner hands it over, changes the approver, date and words: kept on the task, each person told once', async () => {
    const { id } = await plan();
    // The executor's /task mine row: Done, Change due date, Edit task and (a visit: the customer
    // may not be reached) Cancel task….
    await app.slack.command('/task', 'mine', { userId: AGENT });
    const mine = app.fake.callsTo('response_url').at(-1)!.args.blocks as any[];
    const row = mine.find((b) => b.type === 'actions' && b.block_id === 'task_row_0');
    expect(row.elements.map((e: any) => [e.action_id, e.value])).toEqual([
      ['task_due_open', id],
      ['task_edit_open', id],
      ['task_cancel_open', id],
    ]);

    // Neither planner, executor nor manager: told at once, no modal.
    app.fake.reset();
    await editButton(id, STRANGER);
    expect(app.fake.callsTo('views.open')).toEqual([]);
    expect(lastTold()).toBe(
      `Only the person the task is for (<@${AGENT}>), the person who planned it (<@${OWNER}>) or a manager can edit this task.`,
    );
    // The approver signs it off but does not edit it.
    await editButton(id, APPROVER);
    expect(app.fake.callsTo('views.open')).toEqual([]);

    // Its planner opens it: every field as it is.
    await editButton(id, OWNER);
    const modal = lastOpened();
    expect(modal.callback_id).toBe('task_edit');
    const input = (block: string) => modal.blocks.find((b) => b.block_id === block)?.element;
    expect(input('executor')).toMatchObject({ type: 'users_select', initial_user: AGENT });
    expect(input('helper').initial_user).toBeUndefined();
    expect(input('approver')).toMatchObject({ initial_user: APPROVER });
    expect(input('due')).toMatchObject({ initial_date: '2026-11-27' });
    expect(input('content')).toMatchObject({
      initial_value: 'Visit the plant with the new price list',
    });

    const form = {
      executor: TAKER,
      helper: AGENT,
      approver: NEW_APPROVER,
      due: '2026-12-01',
      content: 'Visit the plant <!here> with the 2027 price list',
    };
    // The same rules as New task, on the fields: no own approval, no bot, no past date.
    const refused = await app.slack.submitView(
      modal,
      { ...form, approver: TAKER, helper: FAKE_BOT_USER_ID, due: '2026-11-20' },
      { userId: OWNER },
    );
    expect(refused.body).toEqual({
      response_action: 'errors',
      errors: {
        approver: 'Pick someone other than who does it: nobody signs off their own task.',
        due: 'This date is in the past.',
      },
    });
    const bot = await app.slack.submitView(
      modal,
      { ...form, helper: FAKE_BOT_USER_ID },
      { userId: OWNER },
    );
    expect(bot.body).toEqual({
      response_action: 'errors',
      errors: { helper: 'Care Desk is a bot: pick a person of the workspace.' },
    });
    expect((await app.db.models.tasks.findById(id).lean())!.assigneeId).toBe(AGENT);

    const saved = await app.slack.submitView(modal, form, { userId: OWNER });
    expect(saved.body).toBe('');
    const task = (await app.db.models.tasks.findById(id).lean())!;
    expect(task).toMatchObject({
      kind: 'visit',
      assigneeId: TAKER,
      helperId: AGENT,
      approverId: NEW_APPROVER,
      dueDate: '2026-12-01',
      content: 'Visit the plant <!here> with the 2027 price list',
      createdBy: OWNER,
      status: 'open',
    });
    expect(task.edits).toMatchObject([
      {
        by: OWNER,
        fields: ['assigneeId', 'helperId', 'approverId', 'dueDate', 'content'],
        before: { assigneeId: AGENT, approverId: APPROVER },
      },
    ]);
    expect(task.rescheduled).toMatchObject([{ from: '2026-11-27', to: '2026-12-01', by: OWNER }]);
    expect(lastTold()).toContain('saved: who does it, who helps, approver, due date, what to do.');

    await deliverAll();
    // The new executor: the task with its buttons; the typed ping shown, not sent.
    const handed = app.fake.postsTo(TAKER);
    expect(handed).toHaveLength(1);
    expect(String(handed[0]!.args.text)).toContain(
      `<@${OWNER}> handed you a task: *Visit* · Huadong Machinery`,
    );
    expect(String(handed[0]!.args.text)).toContain(`(from <@${AGENT}>)`);
    const blocks = JSON.stringify(handed[0]!.args.blocks);
    expect(blocks).toContain('Visit the plant &lt;!here&gt; with the 2027 price list');
    expect(blocks).toContain('task_done_open');
    // Who planned it handed it over: named once, in the first line.
    expect(blocks).not.toContain('planned by');
    // The one it was taken from, and the new approver.
    const previous = app.fake.postsTo(AGENT);
    expect(previous).toHaveLength(1);
    expect(String(previous[0]!.args.text)).toContain(
      `handed your task *Visit* · Huadong Machinery (C2026001) over to <@${TAKER}>: it is no longer yours.`,
    );
    const approver = app.fake.postsTo(NEW_APPROVER);
    expect(approver).toHaveLength(1);
    expect(String(approver[0]!.args.text)).toContain(
      `<@${OWNER}> made you the approver of a task: *Visit* · Huadong Machinery (C2026001), done by <@${TAKER}>`,
    );
    // The approver it was taken from: no longer theirs to sign off.
    expect(app.fake.postsTo(APPROVER).map((c) => String(c.args.text))).toEqual([
      expect.stringContaining('it is no longer yours to sign off'),
    ]);

    // The same submission again (Slack retried it): nothing changes, nobody is told twice.
    app.fake.reset();
    const again = await app.slack.submitView(modal, form, { userId: OWNER });
    expect(again.body).toBe('');
    // Closed as saved: its first delivery said what changed ("Nothing changed" would not be true).
    expect(app.fake.callsTo('response_url')).toEqual([]);
    await deliverAll();
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
    expect((await app.db.models.tasks.findById(id).lean())!.edits).toHaveLength(1);

    // The new executor finds it in /task mine; the old one no more.
    await app.slack.command('/task', 'mine', { userId: TAKER });
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe('Your open tasks (1)');
    await app.slack.command('/task', 'mine', { userId: AGENT });
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
      'You have no open tasks. Plan one with `/task new`.',
    );
  });

  test("handed over by someone else than its planner: the new executor's DM, /task mine and Home name who planned it; handed on by its executor, their name is said once", async () => {
    const NEXT = 'U0AGENT002';
    const { id } = await plan();
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const handOver = async (by: string, executor: string) => {
      await editButton(id, by);
      await submitLastModal(
        app,
        {
          executor,
          approver: APPROVER,
          due: '2026-11-27',
          content: 'Visit the plant with the new price list',
        },
        by,
      );
      await deliverAll();
      const dms = app.fake.postsTo(executor);
      expect(dms).toHaveLength(1);
      return { text: String(dms[0]!.args.text), blocks: JSON.stringify(dms[0]!.args.blocks) };
    };

    // A manager hands OWNER's task from AGENT to TAKER: who handed it, from whom, who planned it,
    // in the notification (what a phone shows) as in the message.
    const toTaker = await handOver(MANAGER, TAKER);
    expect(toTaker.text).toBe(
      `:clipboard: <@${MANAGER}> handed you a task: *Visit* · Huadong Machinery (C2026001), due 2026-11-27 (in 3 days) (from <@${AGENT}>), planned by <@${OWNER}>.`,
    );
    expect(toTaker.blocks).toContain(
      `Visit the plant with the new price list · planned by <@${OWNER}> · signed off by <@${APPROVER}>`,
    );
    // Their /task mine row says it too, and their Home's.
    await app.slack.command('/task', 'mine', { userId: TAKER });
    const row = `Visit the plant with the new price list · due 2026-11-27 (in 3 days) · planned by <@${OWNER}> · signed off by <@${APPROVER}>`;
    expect(JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args.blocks)).toContain(row);
    // Home lists the tasks due today and overdue: on Friday.
    app.clock.advance(3 * 24 * 3600_000);
    expect(await openHome(app, TAKER)).toContain(
      `Visit the plant with the new price list · due *today* · planned by <@${OWNER}> · signed off by <@${APPROVER}>`,
    );

    // TAKER hands it on themselves: named once, as who handed it; the planner still said.
    app.fake.reset();
    const toNext = await handOver(TAKER, NEXT);
    expect(toNext.text).toBe(
      `:clipboard: <@${TAKER}> handed you a task: *Visit* · Huadong Machinery (C2026001), due *today*, planned by <@${OWNER}>.`,
    );
    expect(toNext.blocks).toContain(`planned by <@${OWNER}>`);

    // In Chinese too.
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    app.fake.reset();
    const zh = await handOver(MANAGER, TAKER);
    expect(zh.text).toBe(
      `:clipboard: <@${MANAGER}> 把一项任务交给了你：*拜访* · Huadong Machinery（C2026001），*今天* 到期（原负责人 <@${NEXT}>），安排人 <@${OWNER}>。`,
    );
    await app.setSettings(() => ({ locale: 'en' }));

    // Handed back to its planner: nobody needs telling who planned it.
    app.fake.reset();
    const toOwner = await handOver(MANAGER, OWNER);
    expect(toOwner.text).toContain(`(from <@${TAKER}>)`);
    expect(toOwner.text).not.toContain('planned by');
    expect(toOwner.blocks).not.toContain('planned by');
    await app.slack.command('/task', 'mine', { userId: OWNER });
    expect(JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args.blocks)).not.toContain(
      'planned by',
    );
  });

  test('its executor changes only the words: the planner-made task stays theirs, nobody else is told', async () => {
    const { id } = await plan();
    await editButton(id, AGENT);
    await submitLastModal(
      app,
      { executor: AGENT, approver: APPROVER, due: '2026-11-27', content: 'Bring samples too' },
      AGENT,
    );
    expect((await app.db.models.tasks.findById(id).lean())!).toMatchObject({
      assigneeId: AGENT,
      content: 'Bring samples too',
      edits: [{ by: AGENT, fields: ['content'] }],
    });
    await deliverAll();
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
  });
});

describe('Edit task tells the approver and the helper', () => {
  test('the executor moves the date: the approver is told; the planner then changes the approver and adds a helper: the old approver, the new one and the helper are each told once', async () => {
    const { id } = await plan();
    await editButton(id, AGENT);
    await submitLastModal(
      app,
      {
        executor: AGENT,
        approver: APPROVER,
        due: '2026-11-30',
        content: 'Visit the plant with the new price list',
      },
      AGENT,
    );
    await deliverAll();
    const toApprover = app.fake.postsTo(APPROVER).map((c) => String(c.args.text));
    expect(toApprover).toHaveLength(1);
    expect(toApprover[0]).toContain(`<@${AGENT}> changed a task you sign off`);
    expect(toApprover[0]).toContain('due date');
    app.fake.reset();

    await editButton(id, OWNER);
    await submitLastModal(
      app,
      {
        executor: AGENT,
        helper: TAKER,
        approver: NEW_APPROVER,
        due: '2026-11-30',
        content: 'Visit the plant with the new price list',
      },
      OWNER,
    );
    await deliverAll();
    expect(app.fake.postsTo(APPROVER).map((c) => String(c.args.text))).toEqual([
      expect.stringContaining('it is no longer yours to sign off'),
    ]);
    expect(app.fake.postsTo(NEW_APPROVER)).toHaveLength(1);
    expect(app.fake.postsTo(TAKER)).toHaveLength(1);
    expect(String(app.fake.postsTo(TAKER)[0]!.args.text)).toContain(`<@${OWNER}>`);
    await deliverAll();
    expect(app.fake.postsTo(APPROVER)).toHaveLength(1);
  });
});

describe('Edit task by someone else than its planner: the helper and the approver read who planned it', () => {
  test("a manager adds a helper and a new approver to OWNER's task: each DM names OWNER as its planner, in the notification as in the message, in Chinese too; the planner's own edit and a reader who planned it are not told so", async () => {
    const { id } = await plan();
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const edit = async (by: string, people: { helper?: string; approver: string }) => {
      await editButton(id, by);
      await submitLastModal(
        app,
        {
          executor: AGENT,
          ...people,
          due: '2026-11-27',
          content: 'Visit the plant with the new price list',
        },
        by,
      );
      await deliverAll();
    };
    const dm = (to: string) => {
      const posts = app.fake.postsTo(to);
      expect(posts).toHaveLength(1);
      return { text: String(posts[0]!.args.text), blocks: JSON.stringify(posts[0]!.args.blocks) };
    };

    await edit(MANAGER, { helper: TAKER, approver: NEW_APPROVER });
    const helper = dm(TAKER);
    expect(helper.text).toBe(
      `:handshake: <@${MANAGER}> asked you to help with a task: *Visit* · Huadong Machinery (C2026001), done by <@${AGENT}>, due 2026-11-27 (in 3 days), planned by <@${OWNER}>.`,
    );
    expect(helper.blocks).toContain(
      `Visit the plant with the new price list · planned by <@${OWNER}> · helped by <@${TAKER}> · signed off by <@${NEW_APPROVER}>`,
    );
    const approver = dm(NEW_APPROVER);
    expect(approver.text).toBe(
      `:clipboard: <@${MANAGER}> made you the approver of a task: *Visit* · Huadong Machinery (C2026001), done by <@${AGENT}>, due 2026-11-27 (in 3 days), planned by <@${OWNER}>.`,
    );
    expect(approver.blocks).toContain(
      `Visit the plant with the new price list · planned by <@${OWNER}> · helped by <@${TAKER}> · signed off by <@${NEW_APPROVER}>`,
    );

    // In Chinese: the manager swaps them back.
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    app.fake.reset();
    await edit(MANAGER, { helper: STRANGER, approver: APPROVER });
    expect(dm(STRANGER).text).toBe(
      `:handshake: <@${MANAGER}> 请你协助一项任务：*拜访* · Huadong Machinery（C2026001），负责人 <@${AGENT}>，2026-11-27 到期（还有 3 天），安排人 <@${OWNER}>。`,
    );
    expect(dm(APPROVER).text).toBe(
      `:clipboard: <@${MANAGER}> 指定你为一项任务的审批人：*拜访* · Huadong Machinery（C2026001），负责人 <@${AGENT}>，2026-11-27 到期（还有 3 天），安排人 <@${OWNER}>。`,
    );
    await app.setSettings(() => ({ locale: 'en' }));

    // The planner's own edit names them once, as who made it.
    app.fake.reset();
    await edit(OWNER, { helper: TAKER, approver: NEW_APPROVER });
    for (const to of [TAKER, NEW_APPROVER]) {
      const told = dm(to);
      expect(told.text).toContain(`<@${OWNER}>`);
      expect(told.text).not.toContain('planned by');
      expect(told.blocks).not.toContain('planned by');
    }

    // Its planner made its approver by a manager: not told that they planned it.
    app.fake.reset();
    await edit(MANAGER, { helper: TAKER, approver: OWNER });
    const own = dm(OWNER);
    expect(own.text).toContain(`<@${MANAGER}> made you the approver of a task`);
    expect(own.text).not.toContain('planned by');
    expect(own.blocks).not.toContain('planned by');
  });
});

describe('Edit task tells the helper of a new due date', () => {
  test('the executor moves the date by Edit task: the helper is told from when to when, once (the outbox job sends it not again); a helper added with a new date gets the task, not a second DM; a helper who edits is not told', async () => {
    const { code, id } = await plan();
    const outboxJobIn = (minutes: number) =>
      runJobAt(
        app,
        outboxJob,
        new Date(app.clock.now().getTime() + minutes * 60_000).toISOString(),
      );
    await outboxJobIn(3);
    // The planner adds a helper: told once, as when planned.
    await editButton(id, OWNER);
    const form = {
      executor: AGENT,
      helper: TAKER,
      approver: APPROVER,
      due: '2026-11-30',
      content: 'Visit the plant with the new price list',
    };
    await submitLastModal(app, form, OWNER);
    await deliverAll();
    expect(app.fake.postsTo(TAKER)).toHaveLength(1);
    expect(String(app.fake.postsTo(TAKER)[0]!.args.text)).not.toContain('moved');
    app.fake.reset();

    // The executor moves it by Edit task: the helper learns the new date.
    await editButton(id, AGENT);
    await submitLastModal(app, { ...form, due: '2026-12-02' }, AGENT);
    await deliverAll();
    expect(app.fake.postsTo(TAKER).map((c) => String(c.args.text))).toEqual([
      `:calendar: <@${AGENT}> moved a task you help with, *Visit* · Huadong Machinery (${code}) (done by <@${AGENT}>), from 2026-11-30 to 2026-12-02.`,
    ]);
    app.fake.reset();
    await outboxJobIn(5);
    expect(app.fake.postsTo(TAKER)).toEqual([]);

    // Only the words change: the helper is not told.
    await editButton(id, AGENT);
    await submitLastModal(app, { ...form, due: '2026-12-02', content: 'Bring samples too' }, AGENT);
    await deliverAll();
    expect(app.fake.postsTo(TAKER)).toEqual([]);

    // A helper who is a manager moves it: the executor and the approver are told, not them.
    await app.setSettings(() => ({ managers: [TAKER] }));
    await editButton(id, TAKER);
    await submitLastModal(app, { ...form, due: '2026-12-03', content: 'Bring samples too' }, TAKER);
    await deliverAll();
    expect(app.fake.postsTo(TAKER)).toEqual([]);
    expect(app.fake.postsTo(AGENT)).toHaveLength(1);
    expect(app.fake.postsTo(APPROVER)).toHaveLength(1);
  });
});

describe('two edits at the same moment', () => {
  test('an edit read before another person handed the task away and back (the same five fields again) is numbered after theirs: its executor is told what changed, each edit once', async () => {
    const NEXT = 'U0AGENT002';
    const { id } = await plan();
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const tasks = app.desk.services.tasks;
    const manager = await ctxOf(app, MANAGER);
    // The planner's edit (the flow Save runs) reads the task; before it writes, a manager hands
    // it to NEXT and back.
    const read = tasks.forEdit.bind(tasks);
    let interleaved = false;
    tasks.forEdit = async (ctx, taskId) => {
      const task = await read(ctx, taskId);
      if (!interleaved) {
        interleaved = true;
        await tasks.edit(manager, id, { assigneeId: NEXT, approverId: APPROVER });
        await tasks.edit(manager, id, { assigneeId: AGENT, approverId: APPROVER });
      }
      return task;
    };
    try {
      const { fields } = await app.desk.flows.tasks.edit(await ctxOf(app, OWNER), id, {
        assigneeId: AGENT,
        approverId: APPROVER,
        dueDate: '2026-11-27',
        content: 'Bring samples too',
      });
      expect(fields).toEqual(['content']);
    } finally {
      tasks.forEdit = read;
    }
    expect(interleaved).toBe(true);
    const task = (await app.db.models.tasks.findById(id).lean())!;
    expect(task.edits!.map((e) => [e.by, e.fields])).toEqual([
      [MANAGER, ['assigneeId']],
      [MANAGER, ['assigneeId']],
      [OWNER, ['content']],
    ]);
    // The manager's edits are told by the outbox job (saved through the service alone).
    const toAgent = () => app.fake.postsTo(AGENT).map((c) => String(c.args.text));
    await deliverAll();
    const told = toAgent();
    await runJobAt(app, outboxJob, new Date(app.clock.now().getTime() + 3 * 60_000).toISOString());
    told.push(...toAgent());
    // AGENT: handed away, handed back, and told of the planner's change of the words; once each.
    expect(told).toHaveLength(3);
    expect(told).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`over to <@${NEXT}>`),
        expect.stringContaining(`<@${MANAGER}> handed you a task`),
        `:pencil2: <@${OWNER}> changed your task *Visit* · Huadong Machinery (C2026001): what to do.`,
      ]),
    );
    await runJobAt(app, outboxJob, new Date(app.clock.now().getTime() + 10 * 60_000).toISOString());
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
  });
});

describe('Edit task on a task the desk planned', () => {
  test("a complaint's contact handed over: the new executor's DM has Done and Edit task, not Change due date, which the complaint's target fixes; their Done records the contact on the complaint", async () => {
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
    const { number } = await makeTicket(app, {
      customerCode: code,
      type: 'complaint',
      complaintUrgency: 'urgent',
    });
    const contact = (await app.db.models.tasks.findOne({ kind: 'complaint_contact' }).lean())!;
    const id = String(contact._id);
    expect(contact.assigneeId).toBe(OWNER);
    await deliverAll();
    app.fake.reset();

    await editButton(id, OWNER);
    await submitLastModal(app, { executor: TAKER }, OWNER);
    await deliverAll();
    const handed = app.fake.postsTo(TAKER);
    expect(handed).toHaveLength(1);
    const ids = (handed[0]!.args.blocks as any[]).flatMap((b) =>
      [b.accessory, ...(b.elements ?? [])]
        .filter((e: any) => e?.type === 'button')
        .map((e: any) => e.action_id),
    );
    expect(ids).toEqual(['task_done_open', 'task_edit_open']);
    // What the button would have done: refused.
    app.fake.reset();
    await app.slack.blockAction({ action_id: 'task_due_open', value: id }, { userId: TAKER });
    expect(app.fake.callsTo('views.open')).toEqual([]);
    expect(lastTold()).toContain("complaint's");
    // Their Done records the contact on the complaint, as its account manager's would have: the
    // task they hold stands for that step.
    app.clock.advance(30 * 60_000);
    await app.slack.blockAction({ action_id: 'task_done_open', value: id }, { userId: TAKER });
    await submitLastModal(app, { type: 'call', summary: 'Called, apologised' }, TAKER);
    expect(lastTold()).not.toContain(':warning:');
    const complaint = (await app.db.models.tickets.findOne({ number }).lean())!.complaint!;
    expect([complaint.contactedBy, complaint.contactVia, !!complaint.contactedAt]).toEqual([
      TAKER,
      'call',
      true,
    ]);
    expect((await app.db.models.tasks.findById(id).lean())!.status).toBe('done');
  });

  test("a 30-day check-in handed over, then the customer's owner asked to help: their DM offers Done, Change due date and Edit task, as the desk lets its customer's owner do them, and Done opens; on a revisit (the agent's) they are offered Open customer only, as the desk refuses them", async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
    const { number } = await makeTicket(app, { customerCode: code });
    await act(app, number, { action: 'claim' });
    await act(app, number, { action: 'resolve', summary: 'Replaced the encoder' });
    const byKind = async (kind: 'checkin' | 'revisit') =>
      String((await app.db.models.tasks.findOne({ kind }).lean())!._id);
    const checkin = await byKind('checkin');
    const revisit = await byKind('revisit');
    await deliverAll();
    // A manager hands the check-in to TAKER, who asks the customer's owner to help.
    await editButton(checkin, MANAGER);
    await submitLastModal(app, { executor: TAKER }, MANAGER);
    await deliverAll();
    app.fake.reset();
    await editButton(checkin, TAKER);
    await submitLastModal(app, { executor: TAKER, helper: OWNER }, TAKER);
    // The agent asks them to help with the revisit too.
    await editButton(revisit, AGENT);
    await submitLastModal(app, { executor: AGENT, helper: OWNER }, AGENT);
    await deliverAll();
    const told = app.fake.postsTo(OWNER);
    expect(told.map((c) => String(c.args.text))).toEqual([
      expect.stringContaining('*Account check-in*'),
      expect.stringContaining('*Revisit*'),
    ]);
    const buttons = (blocks: any[]) =>
      blocks.flatMap((b) =>
        [b.accessory, ...(b.elements ?? [])]
          .filter((e: any) => e?.type === 'button')
          .map((e: any) => [e.action_id, e.value]),
      );
    expect(buttons(told[0]!.args.blocks as any[])).toEqual([
      ['task_done_open', checkin],
      ['task_due_open', checkin],
      ['task_edit_open', checkin],
      ['task_cancel_open', checkin],
      ['customer_card_open', code],
    ]);
    expect(buttons(told[1]!.args.blocks as any[])).toEqual([['customer_card_open', code]]);
    // What the buttons do: the check-in's Done opens its modal; the revisit's would be refused.
    await app.slack.blockAction({ action_id: 'task_done_open', value: checkin }, { userId: OWNER });
    expect(lastOpened().callback_id).toBe('task_done');
    app.fake.reset();
    await app.slack.blockAction({ action_id: 'task_done_open', value: revisit }, { userId: OWNER });
    expect(app.fake.callsTo('views.open')).toEqual([]);
  });

  test("a greeting: its row menu offers Edit task; only who does it and who helps change; a manager hands it over and the daily run does not hand it back to the customer's owner", async () => {
    app.clock.set('2026-09-01T02:00:00Z');
    await app.setSettings(() => ({ managers: [MANAGER] }));
    await makeCustomer(app, {
      name: 'Greet Co',
      lifecycle: 'active',
      contact: { name: 'Li Wei', optOuts: [] },
    });
    await runJobAt(app, tasksJob, '2026-09-28T01:00:00Z'); // Monday, 3 days before National Day
    const greeting = (await app.db.models.tasks.findOne({ kind: 'greeting' }).lean())!;
    const dm = app.fake.postsTo(OWNER).find((m) => String(m.args.text).includes('National Day'))!;
    const menu = (dm.args.blocks as any[]).find((b) => b.accessory?.type === 'overflow').accessory;
    expect(menu.options.map((o: any) => o.text.text)).toEqual([
      'Done',
      'Change due date',
      'Edit task',
    ]);
    const edit = menu.options[2].value as string;
    expect(edit.length).toBeLessThanOrEqual(75);

    app.fake.reset();
    await app.slack.blockAction(
      {
        action_id: 'task_row_menu',
        type: 'overflow',
        selected_option: { text: { type: 'plain_text', text: 'Edit task' }, value: edit },
      },
      { userId: MANAGER },
    );
    const modal = lastOpened();
    expect(modal.callback_id).toBe('task_edit');
    expect(modal.blocks.flatMap((b) => (b.type === 'input' ? [b.block_id] : []))).toEqual([
      'executor',
      'helper',
    ]);
    expect(JSON.stringify(modal.blocks)).toContain('The desk planned this task');
    // A crafted date and wording are not read: the desk's own.
    const res = await app.slack.submitView(
      modal,
      { executor: AGENT, helper: OWNER, due: '2026-10-20', content: 'Something else' },
      { userId: MANAGER },
    );
    expect(res.body).toBe('');
    const edited = (await app.db.models.tasks.findById(greeting._id).lean())!;
    expect(edited).toMatchObject({
      kind: 'greeting',
      assigneeId: AGENT,
      helperId: OWNER,
      dueDate: greeting.dueDate,
      content: greeting.content,
      edits: [{ by: MANAGER, fields: ['assigneeId', 'helperId'], before: { assigneeId: OWNER } }],
    });
    await deliverAll();
    expect(app.fake.postsTo(AGENT)).toHaveLength(1);
    expect(String(app.fake.postsTo(OWNER)[0]!.args.text)).toContain(
      `<@${MANAGER}> handed your task *Holiday greeting* · Greet Co`,
    );

    // The next daily run leaves it with AGENT (a new owner takes over only what nobody handed).
    const [run] = await runJobAt(app, tasksJob, '2026-09-29T01:00:00Z');
    expect(run!.counts).toMatchObject({ tasksReassigned: 0 });
    expect((await app.db.models.tasks.findById(greeting._id).lean())!.assigneeId).toBe(AGENT);
  });
});

describe('a stale Edit task modal', () => {
  const metaOf = (view: View) => JSON.parse(String(view.private_metadata)) as Record<string, any>;

  test("the planner's modal opened before a manager changed the executor and the date: saving only new words keeps the manager's changes (no 'past date' on a date left alone); changing a field the manager changed is refused on it; another field saves", async () => {
    const { id } = await plan();
    await app.setSettings(() => ({ managers: [MANAGER] }));
    // OWNER opens Edit task: AGENT, due 27 Nov; the modal keeps what it showed, briefly.
    await editButton(id, OWNER);
    const stale = lastOpened();
    expect(metaOf(stale).taskShown).toMatchObject({ assigneeId: AGENT, dueDate: '2026-11-27' });
    expect(String(stale.private_metadata).length).toBeLessThan(3000);

    // Meanwhile a manager hands it to TAKER, due 4 Dec.
    await editButton(id, MANAGER);
    const managers = await app.slack.submitView(
      lastOpened(),
      {
        executor: TAKER,
        approver: APPROVER,
        due: '2026-12-04',
        content: 'Visit the plant with the new price list',
      },
      { userId: MANAGER },
    );
    expect(managers.body).toBe('');
    await deliverAll();
    app.fake.reset();

    // Saturday 28 Nov: the date the stale modal shows is in the past now.
    app.clock.set('2026-11-28T02:00:00Z');
    const shownForm = {
      executor: AGENT,
      approver: APPROVER,
      due: '2026-11-27',
      content: 'Visit the plant with the new price list',
    };
    const words = await app.slack.submitView(
      stale,
      { ...shownForm, content: 'Bring samples too' },
      { userId: OWNER },
    );
    expect(words.body).toBe('');
    const task = (await app.db.models.tasks.findById(id).lean())!;
    expect(task).toMatchObject({
      assigneeId: TAKER,
      approverId: APPROVER,
      dueDate: '2026-12-04',
      content: 'Bring samples too',
    });
    expect(task.edits!.at(-1)).toMatchObject({ by: OWNER, fields: ['content'] });
    expect(lastTold()).toContain('saved: what to do.');
    await deliverAll();
    // Only TAKER, its executor now, hears of the change; AGENT is not handed it back.
    expect(app.fake.postsTo(AGENT)).toEqual([]);
    expect(app.fake.postsTo(TAKER).map((c) => String(c.args.text))).toEqual([
      expect.stringContaining(`<@${OWNER}> changed your task`),
    ]);

    // Changing the executor or the date, which the manager changed since: refused on the field.
    const NEXT = 'U0AGENT002';
    const clash = await app.slack.submitView(
      stale,
      { ...shownForm, executor: NEXT, due: '2026-12-01', content: 'Bring samples too' },
      { userId: OWNER },
    );
    expect(clash.body).toEqual({
      response_action: 'errors',
      errors: {
        executor:
          'Someone else changed this since you opened the form: close it and open Edit task again.',
        due: 'Someone else changed this since you opened the form: close it and open Edit task again.',
      },
    });
    expect((await app.db.models.tasks.findById(id).lean())!).toMatchObject({
      assigneeId: TAKER,
      dueDate: '2026-12-04',
    });
    // Changed to what it is now: nothing to refuse. A field nobody else changed: saved.
    const approver = await app.slack.submitView(
      stale,
      { ...shownForm, executor: TAKER, approver: NEW_APPROVER, content: 'Bring samples too' },
      { userId: OWNER },
    );
    expect(approver.body).toBe('');
    expect((await app.db.models.tasks.findById(id).lean())!).toMatchObject({
      assigneeId: TAKER,
      approverId: NEW_APPROVER,
      dueDate: '2026-12-04',
      content: 'Bring samples too',
      edits: [{ by: MANAGER }, { by: OWNER }, { by: OWNER, fields: ['approverId'] }],
    });

    // In Chinese too.
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await app.slack.submitView(
      stale,
      { ...shownForm, executor: NEXT, approver: NEW_APPROVER, content: 'Bring samples too' },
      { userId: OWNER },
    );
    expect(zh.body).toEqual({
      response_action: 'errors',
      errors: { executor: '你打开表单后，有人修改了此项：请关闭后重新打开“编辑任务”。' },
    });
  });

  test('a modal opened before `/desk handover` moved the task: saving new words leaves it with the receiver', async () => {
    const { id } = await plan();
    await app.setSettings(() => ({ managers: [MANAGER] }));
    await editButton(id, OWNER);
    const stale = lastOpened();
    await app.slack.command('/desk', 'handover', { userId: MANAGER });
    const handover = await app.slack.submitView(
      lastOpened(),
      { from: AGENT, to: TAKER, what: 'tasks' },
      { userId: MANAGER },
    );
    expect(handover.body).toBe('');
    expect((await app.db.models.tasks.findById(id).lean())!.assigneeId).toBe(TAKER);
    const res = await app.slack.submitView(
      stale,
      { executor: AGENT, approver: APPROVER, due: '2026-11-27', content: 'Bring samples too' },
      { userId: OWNER },
    );
    expect(res.body).toBe('');
    expect((await app.db.models.tasks.findById(id).lean())!).toMatchObject({
      assigneeId: TAKER,
      content: 'Bring samples too',
    });
  });
});

describe('a renamed customer', () => {
  test('renamed in Edit customer: its open tasks say the new name in /task mine; a done one keeps the name it was done under', async () => {
    const { code, id } = await plan();
    // A second task of the customer, done before the rename.
    await app.slack.command('/task', 'new', { userId: OWNER });
    await app.slack.submitView(
      { ...lastOpened(), id: 'V0EDITPLAN2' },
      { customer: code, kind: 'call', executor: AGENT, due: '2026-11-25', content: 'Call them' },
      { userId: OWNER },
    );
    const call = (await app.db.models.tasks.findOne({ kind: 'call' }).lean())!;
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String(call._id) },
      { userId: AGENT },
    );
    await app.slack.submitView(
      lastOpened(),
      { type: 'call', summary: 'Called' },
      { userId: AGENT },
    );
    expect((await app.db.models.tasks.findById(call._id).lean())!.status).toBe('done');

    await app.slack.blockAction(
      { action_id: 'customer_edit_open', value: code, block_id: 'customer_actions' },
      { userId: OWNER },
    );
    const edit = app.fake.calls
      .filter((c) => ['views.open', 'views.update'].includes(c.method))
      .at(-1)!.args.view as View;
    expect(edit.callback_id).toBe('customer_edit');
    const res = await app.slack.submitView(edit, { name: 'Huadong Precision' }, { userId: OWNER });
    expect(res.body).toBe('');

    app.fake.reset();
    await app.slack.command('/task', 'mine', { userId: AGENT });
    const mine = JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args.blocks);
    expect(mine).toContain(`*Visit* · Huadong Precision (${code})`);
    expect(mine).not.toContain('Huadong Machinery');
    expect((await app.db.models.tasks.findById(id).lean())!.customerName).toBe('Huadong Precision');
    expect((await app.db.models.tasks.findById(call._id).lean())!.customerName).toBe(
      'Huadong Machinery',
    );
  });
});
