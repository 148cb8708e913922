// A form that changes what is there (an edit, a step), delivered again with the same view id and
// the same values (Slack's redelivery of a view_submission it got no ack for in time, a double
// click, the person pressing Submit again after a lost ack), writes nothing more: no second
// change-log or History line, no second notice, and it closes as saved. Some are idempotent by
// nature (the same values written again change nothing), Done and Cancel task are keyed by the
// submission, Remove contact takes the contact gone as what was asked. Through the real Bolt
// stack: signed view_submissions, the fake Slack, the test database.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { settingsKit, type View } from '../helpers/settings.js';

const ADMIN = 'U0ADMIN001';
const TAKER = 'U0TAKER001';
const APPROVER = 'U0APPROVE1';
const COLLEAGUE = 'U0COLLEAG1';
const CUST = 'C0CUSTCH01';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });
const { openGroup, lastOpened } = settingsKit(app, ADMIN);
const opened = () => app.fake.callsTo('views.open').at(-1)!.args.view as View;

/** Everything a save may write or send, counted. */
async function written() {
  const m = app.db.models;
  const tasks = (await m.tasks.find().lean()) as any[];
  const tickets = (await m.tickets.find().lean()) as any[];
  const ws = (await m.workspaces.findOne().lean()) as any;
  return {
    customerChanges: await m.customerChanges.countDocuments(),
    settingsChanges: await m.settingsChanges.countDocuments(),
    interactions: await m.interactions.countDocuments(),
    outbox: await m.outbox.countDocuments(),
    tasks: tasks.map((t) => [t.status, t.dueDate, t.assigneeId, t.edits?.length ?? 0]),
    timeline: tickets.reduce((n, t) => n + (t.timeline?.length ?? 0), 0),
    links: await m.channelLinks.countDocuments(),
    settingsVersion: ws?.version,
    posts: app.fake.callsTo('chat.postMessage').length,
  };
}

/**
 * `view` (as view `id`) submitted with `form` by `userId`, then again: both close as saved, the
 * second writes and sends nothing. What the person was told privately after the repeat.
 */
async function twice(view: View, id: string, form: Record<string, string | null>, userId: string) {
  const first = await app.slack.submitView({ ...view, id }, form, { userId });
  expect(first.body).toBe('');
  await app.desk.outbox.drain();
  const once = await written();
  const told = app.fake.callsTo('response_url').length;
  const again = await app.slack.submitView({ ...view, id }, form, { userId });
  expect(again.body).toBe('');
  await app.desk.outbox.drain();
  expect(await written()).toEqual(once);
  return app.fake
    .callsTo('response_url')
    .slice(told)
    .map((c) => String(c.args.text));
}

/** A visit OWNER plans for AGENT, signed off by APPROVER, due Friday: its id. */
async function visit(): Promise<string> {
  const { code } = await makeCustomer(app);
  await app.slack.command('/task', 'new', { userId: OWNER });
  const told = await twice(
    opened(),
    'V0TASKNEW1',
    {
      customer: code,
      kind: 'visit',
      executor: AGENT,
      approver: APPROVER,
      due: '2026-11-27',
      content: 'Visit the plant',
    },
    OWNER,
  );
  // New task is keyed by its view: the repeat finds it planned and says nothing again.
  expect(told).toEqual([]);
  expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toBe(
    'Visit for Huadong Machinery (C2026001) planned for <@U0AGENT001>, due 2026-11-27.',
  );
  return String((await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID }).lean())!._id);
}

describe('a task form sent twice', () => {
  test('Done: the task done once, its interaction logged once; the repeat closes as saved, not "already done"', async () => {
    const id = await visit();
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: id, block_id: 'task_actions' },
      { userId: AGENT },
    );
    const form = { type: 'visit', summary: 'Visited the plant' };
    expect(await twice(opened(), 'V0TASKDON1', form, AGENT)).toEqual([]);
    expect((await app.db.models.interactions.find().lean()).map((i) => i.summary)).toEqual([
      'Visited the plant',
    ]);
    // Another Done form on the task done is still refused.
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: id, block_id: 'task_actions' },
      { userId: AGENT },
    );
    const other = await app.slack.submitView({ ...opened(), id: 'V0TASKDON2' }, form, {
      userId: AGENT,
    });
    expect(JSON.stringify(other.body)).toContain('already done');
  });

  test('Done delivered twice at once: done once, both close', async () => {
    const id = await visit();
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: id, block_id: 'task_actions' },
      { userId: AGENT },
    );
    const view = { ...opened(), id: 'V0TASKDON3' };
    const form = { type: 'visit', summary: 'Visited the plant' };
    const answers = await Promise.all([
      app.slack.submitView(view, form, { userId: AGENT }),
      app.slack.submitView(view, form, { userId: AGENT }),
    ]);
    expect(answers.map((a) => a.body)).toEqual(['', '']);
    expect(await app.db.models.interactions.countDocuments()).toBe(1);
  });

  test("a complaint's contact tried and not reached (its Done): the attempt recorded once, the repeat closes as saved", async () => {
    await app.setSettings(() => ({ agents: [AGENT] }));
    const { code } = await makeCustomer(app);
    const { number } = await makeTicket(app, {
      customerCode: code,
      type: 'complaint',
      complaintUrgency: 'urgent',
      title: 'Wrong parts delivered',
    });
    await act(app, number, { action: 'claim' }, AGENT);
    const task = (await app.db.models.tasks.findOne({ kind: 'complaint_contact' }).lean())!;
    app.clock.set('2026-11-24T02:30:00Z');
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String(task._id) },
      { userId: OWNER },
    );
    const form = {
      contact_outcome: 'notReached',
      type: 'call',
      contacted_date: '2026-11-24',
      contacted_time: '10:20',
      summary: 'No answer',
    };
    await twice(opened(), 'V0NOTREACH', form, OWNER);
    const tk = (await app.db.models.tickets.findOne({ number }).lean()) as any;
    expect(tk.timeline.filter((e: any) => e.action === 'contact')).toHaveLength(1);
    expect((await app.db.models.tasks.findById(task._id).lean())!.status).toBe('open');
  });

  test('Cancel task: cancelled once, its DMs once; the repeat closes as saved, not "was cancelled"', async () => {
    const id = await visit();
    await app.slack.blockAction({ action_id: 'task_cancel_open', value: id }, { userId: OWNER });
    const form = { reason: 'by_hand', note: 'Visit called off' };
    expect(await twice(opened(), 'V0TASKCAN1', form, OWNER)).toEqual([]);
    expect((await app.db.models.tasks.findById(id).lean())!.status).toBe('cancelled');
  });

  test('Change due date: moved once, confirmed once; the repeat says nothing', async () => {
    const id = await visit();
    await app.slack.blockAction({ action_id: 'task_due_open', value: id }, { userId: AGENT });
    expect(await twice(opened(), 'V0TASKDUE1', { due: '2026-12-02' }, AGENT)).toEqual([]);
    // Another Change due date form with that date says it is due then already.
    await app.slack.blockAction({ action_id: 'task_due_open', value: id }, { userId: AGENT });
    await app.slack.submitView(
      { ...opened(), id: 'V0TASKDUE2' },
      { due: '2026-12-02' },
      {
        userId: AGENT,
      },
    );
    expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toBe(
      '*Visit* · Huadong Machinery (C2026001) is already due 2026-12-02.',
    );
  });

  test('Edit task: one edit, its DMs once; the repeat closes as saved, not "Nothing changed"', async () => {
    const id = await visit();
    await app.slack.blockAction({ action_id: 'task_edit_open', value: id }, { userId: OWNER });
    const form = { executor: TAKER, due: '2026-12-01', content: 'Visit with the 2027 list' };
    expect(await twice(opened(), 'V0TASKEDT1', form, OWNER)).toEqual([]);
  });
});

describe('an edit form sent twice', () => {
  test('Edit customer: each change logged once; the repeat closes as saved, not "Nothing changed"', async () => {
    const { code } = await makeCustomer(app);
    await app.slack.blockAction(
      { action_id: 'customer_edit_open', value: code, block_id: 'customer_actions' },
      { userId: OWNER },
    );
    const view = app.fake.calls
      .filter((c) => c.method === 'views.open' || c.method === 'views.update')
      .at(-1)!.args.view as View;
    const form = { industry: 'Machinery', region: 'Suzhou' };
    expect(await twice(view, 'V0CEDIT001', form, OWNER)).toEqual([]);
    // Submitted as it opened, it still says nothing changed.
    await app.slack.blockAction(
      { action_id: 'customer_edit_open', value: code, block_id: 'customer_actions' },
      { userId: OWNER },
    );
    const reopened = app.fake.calls
      .filter((c) => c.method === 'views.open' || c.method === 'views.update')
      .at(-1)!.args.view as View;
    await app.slack.submitView({ ...reopened, id: 'V0CEDIT002' }, {}, { userId: OWNER });
    expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toBe(
      'Nothing changed for *Huadong Machinery* (C2026001).',
    );
  });

  test('a settings group (SLA targets): one History entry; the repeat closes as saved, not "Nothing changed"', async () => {
    const view = await openGroup('sla');
    const form = { resp_general_normal: '6', resolution_urgent: '48' };
    expect(await twice(view, 'V0SETSLA01', form, ADMIN)).toEqual([]);
  });

  test('/desk roles: one History entry, confirmed once; the repeat says nothing', async () => {
    await app.slack.command('/desk', 'roles', { userId: ADMIN });
    const told = await twice(
      opened(),
      'V0ROLES001',
      { agents: `${AGENT},${TAKER}`, account_managers: OWNER },
      ADMIN,
    );
    expect(told).toEqual([]);
    expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toBe(
      'Roles saved: 1 admin, 0 managers, 2 agents, 0 experts, 1 account manager. Everyone may work tickets.',
    );
  });

  test('Followers…: the follower added and told once', async () => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    const t = await makeTicket(app);
    await act(app, t.number, { action: 'claim' });
    await app.slack.blockAction(
      { action_id: 'ticket_followers_open', block_id: 'ticket_actions', value: t.number },
      { userId: AGENT, channelId: 'C0TRIAGE01' },
    );
    expect(await twice(opened(), 'V0FOLLOW01', { followers: COLLEAGUE }, AGENT)).toEqual([]);
    expect(app.fake.postsTo(COLLEAGUE)).toHaveLength(1);
  });

  test('Link a channel: one link, confirmed once; the repeat says nothing', async () => {
    const { code } = await makeCustomer(app);
    app.fake.channels.set(CUST, { is_member: true });
    await app.slack.blockAction(
      { action_id: 'customer_channel_open', block_id: 'customer_actions', value: code },
      { userId: ADMIN, channelId: CUST },
    );
    const told = await twice(opened(), 'V0CHANNEL1', { channel: CUST, intake: 'all' }, ADMIN);
    expect(told).toEqual([]);
    expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).not.toContain('already');
  });

  test('a saved reply edited: one History entry; the repeat draws the list saying "Saved", not "Nothing changed"', async () => {
    const list = async (id: string) => {
      await app.slack.command('/desk', 'settings replies', { userId: ADMIN });
      return { ...lastOpened(), id, hash: 'h-list', state: { values: {} } };
    };
    const push = async (view: View, action: string, value: string) => {
      await app.slack.blockAction(
        { action_id: action, value, block_id: 'b1' },
        { userId: ADMIN, view },
      );
      return app.fake.callsTo('views.push').at(-1)!.args.view as View;
    };
    const add = await push(await list('V0LIST0001'), 'settings_reply_add', 'add');
    await app.slack.submitView(
      { ...add, id: 'V0REPLYADD' },
      { reply_title: 'Part on its way', reply_text: 'It ships today.' },
      { userId: ADMIN },
    );
    const [reply] = ((await app.db.models.workspaces.findOne().lean()) as any).settings
      .savedReplies;
    const edit = await push(await list('V0LIST0002'), 'settings_reply_edit', reply.id);
    const form = { reply_title: 'Part shipped', reply_text: 'It shipped today.' };
    await twice(edit, 'V0REPLYEDT', form, ADMIN);
    expect(JSON.stringify(app.fake.callsTo('views.update').at(-1)!.args)).toContain(
      'Saved “Part shipped”.',
    );
  });
});

describe('a contact form sent twice', () => {
  async function contacts(code: string): Promise<View> {
    await app.slack.blockAction(
      { action_id: 'customer_contacts_open', value: code, block_id: 'customer_actions' },
      { userId: OWNER },
    );
    const view = app.fake.calls
      .filter((c) => c.method === 'views.open' || c.method === 'views.update')
      .at(-1)!.args.view as View;
    return { ...view, id: 'V0CONTACTS1', state: { values: {} } };
  }
  /** `what` (edit, remove) in the menu of the contact at `index`: the modal it pushed. */
  async function menu(code: string, index: number, what: string): Promise<View> {
    const view = await contacts(code);
    const block = (view.blocks as any[]).filter((b) => b.block_id?.startsWith('contact_'))[index];
    const option = block.accessory.options.find((o: any) => o.value.startsWith(`${what}:`));
    await app.slack.blockAction(
      {
        action_id: 'customer_contact_menu',
        block_id: block.block_id,
        type: 'overflow',
        selected_option: option,
      },
      { userId: OWNER, view },
    );
    return app.fake.callsTo('views.push').at(-1)!.args.view as View;
  }
  const people = [
    { key: 'k1', name: 'Zhang Wei', title: 'Buyer', role: 'main', optOuts: [] },
    { key: 'k2', name: 'Li Na', title: 'Clerk', optOuts: [] },
  ];

  test('a contact edited: each change logged once', async () => {
    const { code } = await makeCustomer(app, { contacts: people } as never);
    const edit = await menu(code, 0, 'edit');
    await twice(edit, 'V0CONTEDT1', { contact_title: 'Head buyer' }, OWNER);
  });

  test('Remove contact: removed and logged once; the repeat closes as saved, nobody told "no longer on this customer"', async () => {
    const { code } = await makeCustomer(app, { contacts: people } as never);
    const remove = await menu(code, 1, 'remove');
    expect(await twice(remove, 'V0CONTREM1', {}, OWNER)).toEqual([]);
    const customer = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(customer.contacts.map((c) => c.name)).toEqual(['Zhang Wei']);
  });
});
