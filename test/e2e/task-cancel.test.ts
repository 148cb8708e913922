// Cancel task… (domain §3: executor, helper, approver): a task planned by mistake is cancelled by
// whoever planned it, signs it off or manages its executor, with a reason, and a revisit whose
// customer cannot be reached is closed as such by its executor, with no score (domain §6: the
// satisfaction figures count only answers). Either way nothing is logged on the customer, and the
// task leaves the reminders and the managers' overdue list.
import { describe, expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { submitLastModal } from '../helpers/clicks.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { keyCustomerLastContacted, resolvedTicketOf, taskSteps } from '../helpers/tasks.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';
const APPROVER = 'U0APPROVE1';
const HELPER = 'U0HELPER01';

// Tuesday 2026-11-24 10:00 in Shanghai; the tasks run daily at 09:00 (01:00Z).
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });
const { deliverAll, newTask, firstTaskId } = taskSteps(app);

const told = () => String(app.fake.callsTo('response_url').at(-1)!.args.text);
const dms = (userId: string) => app.fake.postsTo(userId).map((c) => String(c.args.text));
const task = (id: string) => app.db.models.tasks.findById(id).lean();

/** Buttons of a DM: [action id, value]. */
function buttonsOf(message: { args: Record<string, unknown> }): [string, string][] {
  return (message.args.blocks as any[])
    .flatMap((b) => [...(b.accessory ? [b.accessory] : []), ...(b.elements ?? [])])
    .flatMap((e: any) => (e.type === 'button' ? [[e.action_id, e.value]] : []));
}

describe('Cancel task', () => {
  test('a revisit whose customer cannot be reached: closed by its executor with no score and nothing logged; the overdue list no longer names it', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const { code } = await makeCustomer(app, { annualRevenue: 600_000 });
    const number = await resolvedTicketOf(app, code, TRIAGE, 'important');
    // Friday 27: the revisit is due; its reminder offers Cancel task… to its executor.
    await runJobAt(app, tasksJob, '2026-11-27T01:00:00Z');
    const reminder = app.fake.postsTo(AGENT).at(-1)!;
    const revisit = buttonsOf(reminder).find(([id]) => id === 'task_done_open')![1];
    expect(buttonsOf(reminder)).toContainEqual(['task_cancel_open', revisit]);

    await app.slack.blockAction(
      { action_id: 'task_cancel_open', value: revisit },
      { userId: AGENT },
    );
    const modal = JSON.stringify(app.fake.callsTo('views.open').at(-1)!.args.view);
    // An executor may only close it as not reached (it is not theirs to cancel as not needed).
    expect(modal).toContain('Customer not reached');
    expect(modal).not.toContain('Not needed');
    await submitLastModal(app, { reason: 'not_reached', note: 'Called twice, no answer' }, AGENT);
    expect(told()).toBe(
      `:no_entry_sign: Closed as customer not reached: *Revisit* · Huadong Machinery (${code}) · ${number}. No interaction and no score were recorded.`,
    );
    const closed = await task(revisit);
    expect(closed).toMatchObject({
      status: 'cancelled',
      cancelReason: 'not_reached',
      cancelledBy: AGENT,
      cancelNote: 'Called twice, no answer',
    });
    expect(closed!.outcome).toBeUndefined();
    expect(await app.db.models.interactions.countDocuments()).toBe(0);

    // Monday 30: the managers' overdue list leaves it out (nothing else is overdue: none sent).
    app.fake.reset();
    await runJobAt(app, tasksJob, '2026-11-30T01:00:00Z');
    expect(JSON.stringify(app.fake.postsTo(MANAGER))).not.toContain('Revisit');
    // Opened again: said why.
    await app.slack.blockAction({ action_id: 'task_done_open', value: revisit }, { userId: AGENT });
    expect(told()).toBe(
      `This task was closed (by <@${AGENT}>): the customer could not be reached.`,
    );
  });

  test('a task planned by mistake: its executor may not cancel it; its planner does, with a reason, and the executor, approver and helper are told through the outbox', async () => {
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
    const { res } = await newTask(OWNER, {
      customer: code,
      kind: 'call',
      executor: AGENT,
      helper: HELPER,
      approver: APPROVER,
      due: '2026-11-27',
      content: 'Call about the spring order',
    });
    expect(res.body).toBe('');
    const id = await firstTaskId();
    await deliverAll();
    app.fake.reset();

    // The executor: a call is not closed as not reached, and cancelling is not theirs.
    await app.slack.blockAction({ action_id: 'task_cancel_open', value: id }, { userId: AGENT });
    expect(told()).toBe(
      `Only whoever planned the task (<@${OWNER}>), the person who signs it off (<@${APPROVER}>) or a manager of the person it is for (<@${AGENT}>) can cancel it.`,
    );
    expect(app.fake.callsTo('views.open')).toEqual([]);

    await app.slack.blockAction({ action_id: 'task_cancel_open', value: id }, { userId: OWNER });
    // The reason is required to cancel it as not needed.
    const refused = await submitLastModal(app, { reason: 'by_hand', note: null }, OWNER, {
      expect: 'any',
    });
    expect(JSON.stringify(refused.body)).toContain('"note"');
    expect((await task(id))!.status).toBe('open');
    await submitLastModal(
      app,
      { reason: 'by_hand', note: 'Duplicate of the visit <!channel>' },
      OWNER,
    );
    expect((await task(id))!).toMatchObject({
      status: 'cancelled',
      cancelReason: 'by_hand',
      cancelledBy: OWNER,
    });
    await deliverAll();
    expect(dms(AGENT)).toEqual([
      `:no_entry_sign: <@${OWNER}> cancelled your task *Care call* · Huadong Machinery (${code}): it is not needed.`,
    ]);
    expect(dms(APPROVER)).toEqual([
      `:no_entry_sign: <@${OWNER}> cancelled a task you sign off *Care call* · Huadong Machinery (${code}) (done by <@${AGENT}>): it is not needed.`,
    ]);
    expect(dms(HELPER)).toHaveLength(1);
    const blocks = JSON.stringify(app.fake.postsTo(AGENT)[0]!.args.blocks);
    // The reason as typed, escaped.
    expect(blocks).toContain('Reason: Duplicate of the visit &lt;!channel&gt;');
    expect(blocks).not.toContain('<!channel>');
    expect(await app.db.models.interactions.countDocuments()).toBe(0);

    // Done on it now: said who cancelled it and why.
    await app.slack.blockAction({ action_id: 'task_done_open', value: id }, { userId: AGENT });
    expect(told()).toBe(
      `This task was cancelled (by <@${OWNER}>): Duplicate of the visit &lt;!channel&gt;`,
    );
  });

  test('Cancel task… on a task its executor has done says it is done, not who could have cancelled it', async () => {
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
    await newTask(OWNER, {
      customer: code,
      kind: 'call',
      executor: AGENT,
      due: '2026-11-27',
      content: 'Call about the spring order',
    });
    const id = await firstTaskId();
    await app.slack.blockAction({ action_id: 'task_done_open', value: id }, { userId: AGENT });
    await submitLastModal(app, { summary: 'Called' }, AGENT);
    app.fake.reset();
    // The Cancel task… button on the task's DM, pressed afterwards.
    await app.slack.blockAction({ action_id: 'task_cancel_open', value: id }, { userId: AGENT });
    expect(told()).toBe(`This task is already done (by <@${AGENT}>).`);
    expect(app.fake.callsTo('views.open')).toEqual([]);
  });

  test("the reason's phones and emails are masked in the DMs of those who may not see the customer's personal data (its executor, an agent; its helper) and when they open it again, in clear for its approver, a manager", async () => {
    await app.setSettings(() => ({ managers: [APPROVER] }));
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
    await newTask(OWNER, {
      customer: code,
      kind: 'call',
      executor: AGENT,
      helper: HELPER,
      approver: APPROVER,
      due: '2026-11-27',
      content: 'Call about the spring order',
    });
    const id = await firstTaskId();
    await deliverAll();
    app.fake.reset();
    await app.slack.blockAction({ action_id: 'task_cancel_open', value: id }, { userId: OWNER });
    const note = 'She moved: call 13900139000 or li.na@example.cn';
    await submitLastModal(app, { reason: 'by_hand', note }, OWNER);
    await deliverAll();
    const blocks = (user: string) =>
      JSON.stringify(app.fake.postsTo(user).map((c) => c.args.blocks));
    for (const user of [AGENT, HELPER]) {
      expect(blocks(user)).toContain('Reason: She moved: call 139****9000 or l***@example.cn');
      expect(blocks(user)).not.toContain('13900139000');
      expect(blocks(user)).not.toContain('li.na@example.cn');
    }
    expect(blocks(APPROVER)).toContain(`Reason: ${note}`);
    // Opened again from a DM: said why, likewise.
    await app.slack.blockAction({ action_id: 'task_done_open', value: id }, { userId: AGENT });
    expect(told()).toBe(
      `This task was cancelled (by <@${OWNER}>): She moved: call 139****9000 or l***@example.cn`,
    );
    await app.slack.blockAction({ action_id: 'task_done_open', value: id }, { userId: APPROVER });
    expect(told()).toBe(`This task was cancelled (by <@${OWNER}>): ${note}`);
  });

  test("the executor's manager cancels it; a manager linked to someone else may not", async () => {
    const OTHER = 'U0MANAGER2';
    await app.setSettings(() => ({
      managers: [MANAGER, OTHER],
      managerLinks: [{ managerId: MANAGER, manages: [AGENT] }],
    }));
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
    await newTask(OWNER, {
      customer: code,
      kind: 'call',
      executor: AGENT,
      due: '2026-11-27',
      content: 'Call about the plant',
    });
    const id = await firstTaskId();
    await app.slack.blockAction({ action_id: 'task_cancel_open', value: id }, { userId: OTHER });
    expect(told()).toContain('can cancel it');
    await app.slack.blockAction({ action_id: 'task_cancel_open', value: id }, { userId: MANAGER });
    await submitLastModal(app, { reason: 'by_hand', note: 'Wrong customer' }, MANAGER);
    expect((await task(id))!.status).toBe('cancelled');
    expect(await app.db.models.tasks.countDocuments({ teamId: FAKE_TEAM_ID, status: 'open' })).toBe(
      0,
    );
  });
  test("a complaint's contact is not cancelled: its Done is the complaint's contact, so Cancel task… says so and opens nothing", async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
    const { number } = await makeTicket(app, {
      customerCode: code,
      type: 'complaint',
      complaintUrgency: 'urgent',
    });
    const contact = (await app.db.models.tasks.findOne({ kind: 'complaint_contact' }).lean())!;
    await app.slack.blockAction(
      { action_id: 'task_cancel_open', value: String(contact._id) },
      { userId: MANAGER },
    );
    expect(told()).toBe(
      "A complaint's contact cannot be cancelled: its Done records that the customer was contacted.",
    );
    expect(app.fake.callsTo('views.open')).toEqual([]);
    expect((await task(String(contact._id)))!.status).toBe('open');
    // Its Done still records the contact on the complaint.
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String(contact._id) },
      { userId: OWNER },
    );
    await submitLastModal(app, { type: 'call', summary: 'Called; replacement agreed' }, OWNER);
    const ticket = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(ticket.complaint?.contactedAt).toBeInstanceOf(Date);
  });
  test("a care-plan contact cancelled as not needed is that period's contact: the next daily run plans none, the next is due one cadence after it", async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const c = await keyCustomerLastContacted(app, '2026-10-20T02:00:00Z', { name: 'Monthly Co' });
    // Tuesday 24: the key customer's monthly care contact is due today.
    await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
    const care = (await app.db.models.tasks.findOne({ customerId: c.id, kind: 'care' }).lean())!;
    expect(care).toMatchObject({ status: 'open', dueDate: '2026-11-24' });
    await app.slack.blockAction(
      { action_id: 'task_cancel_open', value: String(care._id) },
      { userId: MANAGER },
    );
    await submitLastModal(app, { reason: 'by_hand', note: 'We met them at the fair' }, MANAGER);
    expect((await task(String(care._id)))!.status).toBe('cancelled');

    // The next mornings: nothing planned again, nobody reminded of it.
    for (const day of ['2026-11-25', '2026-12-16']) {
      await runJobAt(app, tasksJob, `${day}T01:00:00Z`);
      expect(await app.db.models.tasks.find({ customerId: c.id, status: 'open' }).lean()).toEqual(
        [],
      );
      expect(dms(OWNER)).toEqual([]);
    }
    // Monday 21 Dec, three days before a month after it: the next contact, saying why.
    await runJobAt(app, tasksJob, '2026-12-21T01:00:00Z');
    const next = await app.db.models.tasks
      .find({ customerId: c.id, status: 'open', kind: 'care' })
      .lean();
    expect(next.map((t) => [t.kind, t.dueDate, t.content])).toEqual([
      [
        'care',
        '2026-12-24',
        'Key customer: a care contact every 30 days; last planned contact, cancelled, due 2026-11-24.',
      ],
    ]);
  });
  test('a care contact left overdue past its cadence and then cancelled: the next is due one cadence after the cancel, not the next morning', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const c = await keyCustomerLastContacted(app, '2026-09-14T02:00:00Z', { name: 'Monthly Co' });
    // Tuesday 13 October: the monthly care contact, due Wednesday 14 October.
    await runJobAt(app, tasksJob, '2026-10-13T01:00:00Z');
    const care = (await app.db.models.tasks.findOne({ customerId: c.id, kind: 'care' }).lean())!;
    expect(care).toMatchObject({ status: 'open', dueDate: '2026-10-14' });
    // Left overdue; on Tuesday 24 November the manager cleans it up: not needed.
    app.clock.set('2026-11-24T02:00:00Z');
    await app.slack.blockAction(
      { action_id: 'task_cancel_open', value: String(care._id) },
      { userId: MANAGER },
    );
    await submitLastModal(app, { reason: 'by_hand', note: 'Old one, handled offline' }, MANAGER);
    expect((await task(String(care._id)))!.status).toBe('cancelled');
    for (const day of ['2026-11-25', '2026-12-18']) {
      await runJobAt(app, tasksJob, `${day}T01:00:00Z`);
      expect(
        await app.db.models.tasks.find({ customerId: c.id, status: 'open', kind: 'care' }).lean(),
      ).toEqual([]);
    }
    // Monday 21 December: the next, a month after the cancel, saying so; in Chinese too.
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await runJobAt(app, tasksJob, '2026-12-21T01:00:00Z');
    const next = await app.db.models.tasks
      .find({ customerId: c.id, status: 'open', kind: 'care' })
      .lean();
    expect(next.map((t) => [t.kind, t.dueDate])).toEqual([['care', '2026-12-24']]);
    expect(next[0]!.content).toContain('上次计划联系取消于 2026-11-24');
  });
  test('en: the successor of a contact cancelled after its due date names the cancel day', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const c = await keyCustomerLastContacted(app, '2026-09-14T02:00:00Z', { name: 'Monthly Co' });
    await runJobAt(app, tasksJob, '2026-10-13T01:00:00Z');
    const care = (await app.db.models.tasks.findOne({ customerId: c.id, kind: 'care' }).lean())!;
    app.clock.set('2026-11-24T02:00:00Z');
    await app.slack.blockAction(
      { action_id: 'task_cancel_open', value: String(care._id) },
      { userId: MANAGER },
    );
    await submitLastModal(app, { reason: 'by_hand', note: 'Old one' }, MANAGER);
    await runJobAt(app, tasksJob, '2026-12-21T01:00:00Z');
    const next = await app.db.models.tasks
      .find({ customerId: c.id, status: 'open', kind: 'care' })
      .lean();
    expect(next.map((t) => t.content)).toEqual([
      'Key customer: a care contact every 30 days; last planned contact cancelled on 2026-11-24.',
    ]);
  });
  test("its approver cancels it from the lists of tasks they sign off: App Home's row menu and /task mine approve", async () => {
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
    await newTask(OWNER, {
      customer: code,
      kind: 'call',
      executor: AGENT,
      approver: APPROVER,
      due: '2026-11-27',
      content: 'Call about the spring order',
    });
    const id = await firstTaskId();
    await deliverAll();

    // App Home, "Tasks you sign off": the row's menu offers Done and Cancel task….
    await app.slack.event({
      type: 'app_home_opened',
      user: APPROVER,
      channel: 'D0HOME0001',
      tab: 'home',
    });
    const home = app.fake.homesPublishedTo(APPROVER).at(-1)!.args.view as { blocks: any[] };
    const menu = home.blocks.find((b) => b.accessory?.action_id === 'task_row_menu')!.accessory;
    expect(menu.options.map((o: any) => o.text.text)).toEqual(['Done', 'Cancel task…']);
    app.fake.reset();
    await app.slack.blockAction(
      {
        action_id: 'task_row_menu',
        type: 'overflow',
        selected_option: menu.options[1],
      },
      { userId: APPROVER },
    );
    expect(app.fake.callsTo('views.open').at(-1)!.args.view).toMatchObject({
      callback_id: 'task_cancel',
    });

    // /task mine approve: Cancel task… under the row; the approver cancels it there.
    await app.slack.command('/task', 'mine approve', { userId: APPROVER });
    const page = app.fake.callsTo('response_url').at(-1)!;
    expect(buttonsOf(page)).toEqual([
      ['task_done_open', id],
      ['task_cancel_open', id],
    ]);
    await app.slack.blockAction({ action_id: 'task_cancel_open', value: id }, { userId: APPROVER });
    await submitLastModal(app, { reason: 'by_hand', note: 'Already agreed by mail' }, APPROVER);
    expect((await task(id))!).toMatchObject({ status: 'cancelled', cancelledBy: APPROVER });
  });
});
