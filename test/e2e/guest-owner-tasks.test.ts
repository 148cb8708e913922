// A guest of the workspace may own a customer (customers.test), but does no task: the tasks the
// desk plans for the owner (care contacts, 3-7-30 check-ins, low-score recoveries...) go to the
// owner's manager (linked in /desk roles, else any manager, else an admin), saying why. Slack's
// users.info says who is a guest when the owner is picked on the customer form.
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { importOrders } from '../../src/customer/csv.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, ctxOf, makeTicket, OWNER } from '../helpers/factories.js';
import {
  FAKE_GUEST_USER_ID as GUEST,
  FAKE_SINGLE_GUEST_USER_ID as OTHER_GUEST,
  FAKE_TEAM_ID,
} from '../helpers/fake-slack.js';
import { lastModalView, submitLastModal } from '../helpers/clicks.js';
import { runJobAt } from '../helpers/jobs.js';
import { keyCustomerLastContacted, resolvedTicketOf } from '../helpers/tasks.js';
import { FULL_CUSTOMER_FORM } from '../helpers/records.js';
import { heldIn, tryEraseUser } from '../helpers/privacy.js';
import { openCustomerEdit, openHome } from '../helpers/clicks.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const OTHER_MANAGER = 'U0MANAGER2';
const TRIAGE = 'C0TRIAGE01';
// Tuesday 2026-11-24 10:00 in Shanghai; the tasks run daily at 09:00 (01:00Z).
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});

/** OWNER fills in New customer with `owner` as its owner; its code. */
async function newCustomer(owner: string): Promise<string> {
  await app.slack.command('/customer', 'new', { userId: OWNER });
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  const res = await app.slack.submitView(
    view,
    { ...FULL_CUSTOMER_FORM, owner, annual_revenue: '600000' },
    { userId: OWNER },
  );
  expect(res.body, JSON.stringify(res.body)).toBe('');
  const doc = await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID }).lean();
  // A customer, last contacted four weeks ago: a care contact is owed.
  await app.db.models.customers.updateOne(
    { _id: doc!._id },
    { $set: { lifecycle: 'active', lastInteractionAt: new Date('2026-10-28T02:00:00Z') } },
  );
  return doc!.code;
}

const openTasks = async () =>
  (await app.db.models.tasks.find({ teamId: FAKE_TEAM_ID, status: 'open' }).sort({ _id: 1 }).lean())
    .map((t) => [t.kind, t.assigneeId, t.guestOwner])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

/** ADMIN's `/desk privacy export user:` of `user`, its file as shared in their DM (if it was). */
async function exportByUser(user: string) {
  await app.slack.command('/desk', `privacy export user:<@${user}>`, { userId: ADMIN });
  app.clock.advance(4000);
  await app.desk.outbox.drain();
  return app.fake.sharedFiles(`D${ADMIN.slice(1)}`)[0];
}

test("a guest made owner on New customer: the desk's tasks for the owner are their linked manager's, each saying the owner is a guest; the guest is told nothing; a member made owner takes them over", async () => {
  await app.setSettings(() => ({
    managers: [OTHER_MANAGER, MANAGER],
    managerLinks: [{ managerId: MANAGER, manages: [GUEST] }],
  }));
  const code = await newCustomer(GUEST);
  const saved = await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID, code }).lean();
  expect(saved).toMatchObject({ ownerId: GUEST, ownerGuest: true });

  // The 3-7-30 check-in is the account manager's: the guest's manager does it.
  // AGENT claims and resolves a ticket of it in the triage channel: its 3-7-30 follow-ups.
  await resolvedTicketOf(app, code, TRIAGE);
  const [run] = await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  expect(run!.counts).toMatchObject({ careCreated: 1 });
  expect(await openTasks()).toEqual([
    ['care', MANAGER, GUEST],
    ['checkin', MANAGER, GUEST],
    ['guide', AGENT, undefined],
    ['revisit', AGENT, undefined],
  ]);
  // Reminded of the care contact (due today), with why it is theirs; the guest gets nothing.
  const reminders = app.fake.postsTo(MANAGER).map((m) => JSON.stringify(m.args.blocks));
  expect(reminders.join()).toContain(
    `yours: the owner <@${GUEST}> is not a member of the workspace`,
  );
  expect(app.fake.postsTo(GUEST)).toEqual([]);
  expect(app.fake.postsTo(OTHER_MANAGER)).toEqual([]);

  // In Chinese too.
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  await app.slack.command('/task', 'mine', { userId: MANAGER });
  const mine = JSON.stringify(app.fake.callsTo('response_url').at(-1)?.args.blocks ?? []);
  expect(mine).toContain(`由你负责：客户负责人 <@${GUEST}> 不是本工作区成员`);

  // A member made owner: the mark goes, and the next run hands them the owner's tasks, unmarked.
  await app.desk.services.customers.update(await ctxOf(app, MANAGER), code, { ownerId: OWNER });
  const after = await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID, code }).lean();
  expect(after!.ownerGuest).toBeUndefined();
  await runJobAt(app, tasksJob, '2026-11-26T01:00:00Z');
  expect(await openTasks()).toEqual([
    ['care', OWNER, undefined],
    ['checkin', OWNER, undefined],
    ['guide', AGENT, undefined],
    ['revisit', AGENT, undefined],
  ]);
});

test('a guest owner with no manager: the first admin does their tasks', async () => {
  await app.setSettings(() => ({ managers: [] }));
  const code = await newCustomer(GUEST);
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  expect(await openTasks()).toEqual([['care', ADMIN, GUEST]]);
  expect(app.fake.postsTo(GUEST)).toEqual([]);
  void code;
});

test('a guest named on a task only as the owner it was planned for (a stand-in did it) is no staff: erased by Slack user, the task keeps its people and outcome, their id there `[erased]`; the modal, its result and the log count that task and the change log entry of the change of owner from them', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const code = await newCustomer(GUEST);
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  const care = await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID, kind: 'care' }).lean();
  expect(care).toMatchObject({ assigneeId: MANAGER, guestOwner: GUEST });
  await app.desk.services.tasks.complete(await ctxOf(app, MANAGER), String(care!._id), () => ({
    interactionType: 'call',
    summary: 'Called',
  }));
  // Owned by a member now: the guest's only trace is the done task's guestOwner.
  await app.desk.services.customers.update(await ctxOf(app, MANAGER), code, { ownerId: OWNER });
  app.fake.reset();
  const said = await tryEraseUser(app, ADMIN, GUEST);
  expect(said).not.toContain('works or has worked on the desk');
  // The modal's plan says what Erase rewrites: the task naming them as the owner.
  expect(said).toContain(
    "1 task names them as its customer's owner, not a member of the workspace then (planned for the one who stood in for them): their user id there is replaced by `[erased]`; the task stays.",
  );
  // And the change log entry of the change of owner from them, which Erase rewrites too.
  expect(said).toContain(
    "1 change log entry names them as a customer's owner, before or after the change: their user id there is replaced by `[erased]`; the entry stays.",
  );
  const result = JSON.stringify(app.fake.calls.map((c) => c.args));
  expect(result).toContain(
    "1 task named them as its customer's owner (not a member of the workspace then): their user id there is now `[erased]`.",
  );
  expect(result).toContain(
    "1 change log entry named them as a customer's owner (before or after the change): their user id there is now `[erased]`.",
  );
  expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(1);
  const log = await app.db.models.privacyLog.findOne({ kind: 'erase' }).lean();
  expect(log?.detail).toMatchObject({ requested: 0, owned: 0, ownedTasks: 1, ownerChanges: 1 });
  expect(log?.detail).toMatchObject({ changed: expect.objectContaining({ customerChanges: 1 }) });
  expect(
    await app.db.models.customerChanges
      .find({ teamId: FAKE_TEAM_ID, field: 'ownerId' }, { _id: 0, oldValue: 1, newValue: 1 })
      .lean(),
  ).toEqual([{ oldValue: '[erased]', newValue: OWNER }]);
  expect(await app.db.models.tasks.findById(care!._id).lean()).toMatchObject({
    status: 'done',
    assigneeId: MANAGER,
    guestOwner: '[erased]',
  });
  // Their App Home emptied (its outbox entry deletes itself once delivered): held nowhere.
  await app.desk.outbox.drain();
  expect(await heldIn(app, GUEST)).toEqual([]);
});

test('a former guest owner erased: the customer’s History names them in the catalogue’s words where its owner changed from or to them, never `[erased]` (en, zh-CN)', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const code = await newCustomer(GUEST);
  const manager = await ctxOf(app, MANAGER);
  for (const ownerId of [OWNER, GUEST, OWNER])
    await app.desk.services.customers.update(manager, code, { ownerId });
  await tryEraseUser(app, ADMIN, GUEST);
  expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(1);
  const history = async () => {
    await app.slack.blockAction(
      { action_id: 'customer_history', value: code, block_id: 'customer_actions' },
      { userId: MANAGER },
    );
    const reply = app.fake.callsTo('response_url').at(-1)!.args;
    return ((reply.blocks ?? []) as { text?: { text: string } }[]).map((b) => b.text?.text ?? '');
  };
  // Newest first; each line past its time and who made the change.
  const owners = (lines: string[], field: string) =>
    lines.filter((l) => l.includes(field)).map((l) => l.slice(l.indexOf(field)));
  const erased = 'someone whose personal data was erased';
  expect(owners(await history(), 'Owner')).toEqual([
    `Owner: Someone whose personal data was erased → <@${OWNER}> · Slack`,
    `Owner: <@${OWNER}> → ${erased} · Slack`,
    `Owner: Someone whose personal data was erased → <@${OWNER}> · Slack`,
  ]);
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  const zh = owners(await history(), '负责人');
  expect(zh).toHaveLength(3);
  // The words end with a full-width bracket: no space after them (the catalogue's rule).
  expect(zh[0]).toMatch(new RegExp(`^负责人：某人（其个人数据已被删除）→ <@${OWNER}> · `));
  expect(zh[1]).toMatch(new RegExp(`^负责人：<@${OWNER}> → 某人（其个人数据已被删除）· `));
  expect([...(await history())].join('\n')).not.toContain('[erased]');
});

test('export by Slack user of a former guest owner lists what their erasure rewrites: the task naming them as the owner, the change of owner from them', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const code = await newCustomer(GUEST);
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  const care = await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID, kind: 'care' }).lean();
  expect(care).toMatchObject({ assigneeId: MANAGER, guestOwner: GUEST });
  await app.desk.services.customers.update(await ctxOf(app, MANAGER), code, { ownerId: OWNER });
  const file = await exportByUser(GUEST);
  const json = JSON.parse(file!.content!.toString('utf8')) as Record<string, unknown>;
  expect(json.ownedTasks).toEqual([
    {
      _id: String(care!._id),
      kind: 'care',
      status: 'open',
      dueDate: care!.dueDate,
      guestOwner: GUEST,
    },
  ]);
  expect(json.ownerChanges).toEqual([
    {
      _id: expect.any(String),
      customerId: expect.any(String),
      field: 'ownerId',
      oldValue: GUEST,
      at: expect.anything(),
    },
  ]);
});

test('export by Slack user of a former guest owner shows only the side of an owner change naming them, not the other guest who owned the customer after them', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const code = await newCustomer(GUEST);
  // Handed from one guest to another, then to a member.
  await app.desk.services.customers.update(await ctxOf(app, MANAGER), code, {
    ownerId: OTHER_GUEST,
  });
  await app.desk.services.customers.update(await ctxOf(app, MANAGER), code, { ownerId: OWNER });
  const file = await exportByUser(GUEST);
  const text = file!.content!.toString('utf8');
  const json = JSON.parse(text) as Record<string, unknown>;
  expect(json.ownerChanges).toEqual([
    expect.objectContaining({ field: 'ownerId', oldValue: GUEST }),
  ]);
  expect(json.ownerChanges).toEqual([expect.not.objectContaining({ newValue: expect.anything() })]);
  // The other guest's Slack id is their data, not GUEST's.
  expect(text).not.toContain(OTHER_GUEST);
});

test('export by Slack user lists the typed text naming them (a task outcome, an interaction summary) that their erasure rewrites', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const code = await newCustomer(GUEST);
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  const care = await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID, kind: 'care' }).lean();
  await app.desk.services.tasks.complete(await ctxOf(app, MANAGER), String(care!._id), () => ({
    interactionType: 'call',
    summary: `Called, <@${GUEST}> asked for a renewal quote`,
  }));
  await app.desk.services.customers.update(await ctxOf(app, MANAGER), code, { ownerId: OWNER });
  const inter = await app.db.models.interactions.findOne({ teamId: FAKE_TEAM_ID }).lean();
  app.fake.reset();
  const file = await exportByUser(GUEST);
  const json = JSON.parse(file!.content!.toString('utf8')) as { mentions?: unknown[] };
  const text = `Called, <@${GUEST}> asked for a renewal quote`;
  expect(json.mentions).toEqual(
    expect.arrayContaining([
      {
        _id: String(inter!._id),
        collection: 'interactions',
        texts: [{ field: 'summary', text }],
      },
      {
        _id: String(care!._id),
        collection: 'tasks',
        texts: [{ field: 'outcome.summary', text }],
      },
    ]),
  );
  // What the erasure then rewrites.
  app.fake.reset();
  await tryEraseUser(app, ADMIN, GUEST);
  const after = await app.db.models.interactions.findById(inter!._id).lean();
  expect(after!.summary).not.toContain(GUEST);
});

test('export by Slack user lists only their own id, not text naming another person whose id begins with theirs (as their erasure takes it)', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const code = await newCustomer(GUEST);
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  const care = await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID, kind: 'care' }).lean();
  await app.desk.services.tasks.complete(await ctxOf(app, MANAGER), String(care!._id), () => ({
    interactionType: 'call',
    summary: `Called, <@${GUEST}> asked for a renewal quote`,
  }));
  await app.desk.services.customers.update(await ctxOf(app, MANAGER), code, { ownerId: OWNER });
  // Someone else, whose id is GUEST's but its last character (Slack ids of 9 and 11 coexist).
  const PREFIX = GUEST.slice(0, -1);
  app.fake.reset();
  const file = await exportByUser(PREFIX);
  expect(file, 'export shared').toBeDefined();
  const content = file!.content!.toString('utf8');
  // Nothing of GUEST's: not the summary, the task's outcome, nor the change log's old owner.
  expect(content).not.toContain(GUEST);
  expect((JSON.parse(content) as { mentions?: unknown[] }).mentions ?? []).toEqual([]);
  // Their erasure does not take it either: the export lists what it takes.
  app.fake.reset();
  await tryEraseUser(app, ADMIN, PREFIX);
  const inter = await app.db.models.interactions.findOne({ teamId: FAKE_TEAM_ID }).lean();
  expect(inter!.summary).toBe(`Called, <@${GUEST}> asked for a renewal quote`);
});

test('export by Slack user of a requester: their tickets whole, but without the id of the customer’s guest owner (another person)', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const code = await newCustomer(GUEST);
  const REQ = 'U0CUSTREQ1';
  const t = await makeTicket(app, {
    customerCode: code,
    title: 'Coolant leak',
    description: 'Coolant on the floor',
    requester: { userId: REQ, via: 'slack' },
  });
  expect((await app.db.models.tickets.findOne({ number: t.number }).lean())!.guestOwner).toBe(
    GUEST,
  );
  app.fake.reset();
  const file = await exportByUser(REQ);
  expect(file, 'export shared').toBeDefined();
  const content = file!.content!.toString('utf8');
  const json = JSON.parse(content) as { tickets?: Record<string, unknown>[] };
  expect(json.tickets).toEqual([
    expect.objectContaining({ number: t.number, title: 'Coolant leak', customerCode: code }),
  ]);
  expect(json.tickets![0]).not.toHaveProperty('guestOwner');
  expect(content).not.toContain(GUEST);
});

test('export by Slack user of a requester: their tickets whole, but without another person of the customer’s who wrote on it (the entry’s `writer`) nor their words', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const code = await newCustomer(OWNER);
  const REQ = 'U0CUSTREQ1';
  const COLLEAGUE = 'U0CUSTCOL1';
  const t = await makeTicket(app, {
    customerCode: code,
    title: 'Coolant leak',
    description: 'Coolant on the floor',
    requester: { userId: REQ, via: 'slack' },
  });
  // The desk's note of the requester's colleague's reply in the customer channel's thread.
  await app.db.models.tickets.updateOne(
    { number: t.number },
    {
      $push: {
        timeline: {
          action: 'note',
          by: 'care-desk',
          at: app.clock.now(),
          text: 'My mobile is 138 0013 8000',
          writer: COLLEAGUE,
        },
      },
    },
  );
  app.fake.reset();
  const file = await exportByUser(REQ);
  expect(file, 'export shared').toBeDefined();
  const content = file!.content!.toString('utf8');
  const json = JSON.parse(content) as { tickets?: Record<string, unknown>[] };
  expect(json.tickets).toEqual([
    expect.objectContaining({ number: t.number, title: 'Coolant leak', customerCode: code }),
  ]);
  expect(content).not.toContain(COLLEAGUE);
  expect(content).not.toContain('138 0013 8000');
});

test('a guest who owns a customer now is refused erasure by Slack user with the step that unblocks it (give the customer another owner), not as one who works on the desk; once it has, they are erased', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const code = await newCustomer(GUEST);
  const said = await tryEraseUser(app, ADMIN, GUEST);
  expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(0);
  expect(said).not.toContain('works or has worked on the desk');
  expect(said).toContain(
    `<@${GUEST}> owns 1 customer now, and is not a member of the workspace (a guest, or of another organisation): a customer's owner is part of its file, so they are not erased by Slack user while they own one. Give that customer another owner (Edit customer), then erase them`,
  );
  // The step it names unblocks it.
  await app.desk.services.customers.update(await ctxOf(app, MANAGER), code, { ownerId: OWNER });
  app.fake.reset();
  const again = await tryEraseUser(app, ADMIN, GUEST);
  expect(again).not.toContain('owns 1 customer now');
  expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(1);
});

test('a guest owner nobody could stand in for (no manager, no admin) did the task themself: refused erasure by Slack user as staff, as a member owner is; the task keeps their id', async () => {
  await app.setSettings(() => ({ managers: [], admins: [] }));
  const code = await newCustomer(GUEST);
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  const care = await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID, kind: 'care' }).lean();
  expect(care).toMatchObject({ assigneeId: GUEST });
  expect(care!.guestOwner).toBeUndefined();
  // Owned by a member now; an admin again: the guest's trace is the task they were given.
  await app.setSettings(() => ({ admins: [ADMIN] }));
  await app.desk.services.customers.update(await ctxOf(app, ADMIN), code, { ownerId: OWNER });
  const said = await tryEraseUser(app, ADMIN, GUEST);
  expect(said).toContain(`<@${GUEST}> works or has worked on the desk`);
  expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(0);
});

test('a guest under a manager’s Manages (the roles save refuses one: taken only when Slack does not say who they are) is refused erasure by Slack user as one the roles named, also once the link is gone: the settings history keeps it, as for any role list', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const saveRoles = async (form: Record<string, string>) => {
    await app.slack.command('/desk', 'roles', { userId: ADMIN });
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
    return app.slack.submitView(view, form, { userId: ADMIN });
  };
  // users.info refused (an install without users:read): the guest is taken unchecked.
  app.fake.failNext('users.info', 'missing_scope', 3);
  expect((await saveRoles({ [`manages:${MANAGER}`]: GUEST })).body).toBe('');
  const linked = await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
  expect(linked.managerLinks).toEqual([{ managerId: MANAGER, manages: [GUEST] }]);
  // Slack describing the guest: the link is refused on its input, then taken away.
  const refused = await saveRoles({ [`manages:${MANAGER}`]: GUEST });
  expect(JSON.stringify(refused.body)).toContain('Guests cannot');
  expect((await saveRoles({ [`manages:${MANAGER}`]: '' })).body).toBe('');
  expect((await app.desk.services.workspaces.settings(FAKE_TEAM_ID)).managerLinks).toEqual([]);
  const said = await tryEraseUser(app, ADMIN, GUEST);
  expect(said).toContain(`<@${GUEST}> works or has worked on the desk`);
  expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(0);
});

test("Edit customer making a guest its owner hands the open owner's tasks to the guest's manager at once (their Home drawn again), not to the guest; to another guest, the task names them; to the manager, no guest", async () => {
  await app.setSettings(() => ({
    managers: [MANAGER],
    managerLinks: [{ managerId: MANAGER, manages: [GUEST, OTHER_GUEST] }],
  }));
  const c = await keyCustomerLastContacted(app, '2026-10-20T02:00:00Z', { name: 'Monthly Co' });
  await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
  const care = (await app.db.models.tasks.findOne({ customerId: c.id, kind: 'care' }).lean())!;
  expect(care.assigneeId).toBe(OWNER);
  app.clock.set('2026-11-24T03:00:00Z');
  const editOwner = async (by: string, owner: string) => {
    await app.slack.blockAction(
      { action_id: 'customer_edit_open', value: c.code, block_id: 'customer_actions' },
      { userId: by },
    );
    const edit = app.fake.calls
      .filter((x) => ['views.open', 'views.update'].includes(x.method))
      .at(-1)!.args.view as Record<string, unknown>;
    const res = await app.slack.submitView(edit, { owner }, { userId: by });
    expect(res.body).toBe('');
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    const task = (await app.db.models.tasks.findById(care._id).lean())!;
    return [task.assigneeId, task.guestOwner];
  };
  app.fake.reset();
  expect(await editOwner(OWNER, GUEST)).toEqual([MANAGER, GUEST]);
  expect(
    await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID, _id: c.id }).lean(),
  ).toMatchObject({ ownerId: GUEST, ownerGuest: true });
  // The manager sees it on their Home at once, saying whose it is.
  expect(JSON.stringify(app.fake.homesPublishedTo(MANAGER).at(-1)?.args.view)).toContain(
    'Monthly Co',
  );
  expect(await editOwner(MANAGER, OTHER_GUEST)).toEqual([MANAGER, OTHER_GUEST]);
  expect(await editOwner(MANAGER, MANAGER)).toEqual([MANAGER, undefined]);
});

test('a guest owner\'s task read by its helper: the row says whom it is for, not "yours" beside "done by" its executor; its executor\'s /task mine says it is theirs', async () => {
  await app.setSettings(() => ({
    agents: [AGENT],
    managers: [MANAGER],
    managerLinks: [{ managerId: MANAGER, manages: [GUEST] }],
  }));
  const code = await newCustomer(GUEST);
  await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
  const care = (await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID, kind: 'care' }).lean())!;
  expect([care.assigneeId, care.guestOwner, care.customerCode]).toEqual([MANAGER, GUEST, code]);
  await app.db.models.tasks.updateOne({ _id: care._id }, { $set: { helperId: AGENT } });
  const helper = await openHome(app, AGENT);
  expect(helper).toContain(`done by <@${MANAGER}>`);
  expect(helper).toContain(`for the owner <@${GUEST}>, not a member of the workspace`);
  expect(helper).not.toContain('yours:');
  await app.slack.command('/task', 'mine', { userId: MANAGER });
  const executor = JSON.stringify(app.fake.callsTo('response_url').at(-1)?.args.blocks ?? []);
  expect(executor).toContain(`yours: the owner <@${GUEST}> is not a member of the workspace`);
});

test('a guest owner\'s task opened or told to its executor says it is theirs ("yours: …"), to anyone else whom it is for: its Done, Change due date, Edit and Cancel modals, the DMs of a hand-over and a cancel', async () => {
  await app.setSettings(() => ({
    managers: [MANAGER, OTHER_MANAGER],
    managerLinks: [{ managerId: MANAGER, manages: [GUEST] }],
  }));
  await newCustomer(GUEST);
  await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
  const care = (await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID, kind: 'care' }).lean())!;
  expect([care.assigneeId, care.guestOwner]).toEqual([MANAGER, GUEST]);
  const yours = `yours: the owner <@${GUEST}> is not a member of the workspace`;
  const forGuest = `for the owner <@${GUEST}>, not a member of the workspace`;
  const opened = async (actionId: string, user: string) => {
    await app.slack.blockAction({ action_id: actionId, value: String(care._id) }, { userId: user });
    return JSON.stringify(lastModalView(app, 'views.open'));
  };
  for (const actionId of [
    'task_done_open',
    'task_due_open',
    'task_edit_open',
    'task_cancel_open',
  ]) {
    const executor = await opened(actionId, MANAGER);
    expect(executor, actionId).toContain(yours);
    const other = await opened(actionId, OTHER_MANAGER);
    expect(other, actionId).toContain(forGuest);
    expect(other, actionId).not.toContain('yours:');
  }

  // MANAGER hands it to OTHER_MANAGER (Edit task): the new executor's DM says it is theirs.
  await opened('task_edit_open', MANAGER);
  await submitLastModal(app, { executor: OTHER_MANAGER }, MANAGER);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const dms = (user: string) => app.fake.tookPostsTo(user).map((c) => JSON.stringify(c.args));
  expect(dms(OTHER_MANAGER).join('\n')).toContain(yours);
  // MANAGER cancels it: its executor's DM says it was theirs.
  app.fake.reset();
  await opened('task_cancel_open', MANAGER);
  await submitLastModal(app, { reason: 'by_hand', note: 'Met them at the fair' }, MANAGER);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(dms(OTHER_MANAGER)).toHaveLength(1);
  expect(dms(OTHER_MANAGER)[0]).toContain(yours);
});

test("a guest owner's new delivery revisit and progress note: the run redraws their manager's Home, not the guest's", async () => {
  await app.setSettings(() => ({
    managers: [MANAGER],
    managerLinks: [{ managerId: MANAGER, manages: [GUEST] }],
  }));
  const code = await newCustomer(GUEST);
  await app.desk.services.customers.update(await ctxOf(app, MANAGER), code, {
    projectUntil: '2026-12-31',
  });
  await importOrders(
    app.desk.services.customers,
    await ctxOf(app, MANAGER, { origin: 'import' }),
    [
      'Customer,Date,Amount,Order number,Delivered',
      `${code},2026-11-20,80000,SO-1,2026-11-23`,
    ].join('\n'),
  );
  // Wednesday's run: the revisit (due Thursday 26) and the note (due today), the manager's.
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(
    (await openTasks()).filter(([kind]) => kind === 'delivery' || kind === 'progress'),
  ).toEqual([
    ['delivery', MANAGER, GUEST],
    ['progress', MANAGER, GUEST],
  ]);
  expect(app.fake.homesPublishedTo(MANAGER)).toHaveLength(1);
  expect(app.fake.homesPublishedTo(GUEST)).toEqual([]);
});

test("Edit customer handing it to another owner: the moved task's helper's Home is redrawn too (it names who does it)", async () => {
  const HELPER = 'U0HELPER01';
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const code = await newCustomer(OWNER);
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  const care = (await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID, kind: 'care' }).lean())!;
  expect(care.assigneeId).toBe(OWNER);
  // A colleague helps with it (Edit task, keeping its executor).
  await app.slack.blockAction(
    { action_id: 'task_edit_open', value: String(care._id) },
    { userId: OWNER },
  );
  await submitLastModal(app, { executor: OWNER, helper: HELPER }, OWNER);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const before = app.fake.homesPublishedTo(HELPER).length;
  // The manager gives the customer to OTHER_MANAGER on Edit customer: the care contact follows.
  const edit = (await openCustomerEdit(app, code, MANAGER)).args.view as Record<string, unknown>;
  const res = await app.slack.submitView(edit, { owner: OTHER_MANAGER }, { userId: MANAGER });
  expect(res.body).toBe('');
  expect((await app.db.models.tasks.findById(care._id).lean())!.assigneeId).toBe(OTHER_MANAGER);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const homes = app.fake.homesPublishedTo(HELPER).slice(before);
  expect(homes).toHaveLength(1);
  expect(JSON.stringify(homes[0]!.args.view)).toContain(`<@${OTHER_MANAGER}>`);
});

test("the daily run hands a guest owner's open tasks over by the owner change's rule: handed to another guest with the same manager (the move at the change cut short), the task names the new guest", async () => {
  await app.setSettings(() => ({
    managers: [MANAGER],
    managerLinks: [{ managerId: MANAGER, manages: [GUEST, OTHER_GUEST] }],
  }));
  const code = await newCustomer(GUEST);
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  expect(await openTasks()).toEqual([['care', MANAGER, GUEST]]);
  // The customer handed to the other guest, its tasks' move cut short after the owner's write.
  const doc = (await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID, code }).lean())!;
  await app.db.models.customers.updateOne(
    { _id: doc._id },
    { $set: { ownerId: OTHER_GUEST, ownerGuest: true, revision: doc.revision + 1 } },
  );
  const [run] = await runJobAt(app, tasksJob, '2026-11-26T01:00:00Z');
  expect(run!.counts).toMatchObject({ tasksReassigned: 1 });
  expect(await openTasks()).toEqual([['care', MANAGER, OTHER_GUEST]]);
});

test("a guest owner is refused their customer's desk-planned task: Done, Change due date, Edit task and Cancel task… on the buttons, and the saves of those forms opened by its executor (revland47 F1)", async () => {
  await app.setSettings(() => ({
    managers: [MANAGER],
    managerLinks: [{ managerId: MANAGER, manages: [GUEST] }],
  }));
  await newCustomer(GUEST);
  await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
  const care = (await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID, kind: 'care' }).lean())!;
  expect([care.assigneeId, care.guestOwner]).toEqual([MANAGER, GUEST]);
  const refused = "You're a guest in this workspace, and guests don't work the desk";
  const click = (actionId: string, user: string) =>
    app.slack.blockAction({ action_id: actionId, value: String(care._id) }, { userId: user });
  const actions = ['task_done_open', 'task_due_open', 'task_edit_open', 'task_cancel_open'];
  for (const actionId of actions) {
    app.fake.reset();
    await click(actionId, GUEST);
    const sent = JSON.stringify(app.fake.calls.map((c) => c.args));
    // Told why (in a modal of its own), no form drawn.
    expect({ actionId, form: sent.includes('"type":"input"') }).toEqual({ actionId, form: false });
    expect(sent, actionId).toContain(refused);
    expect(sent, actionId).not.toContain('Huadong');
  }
  // The forms as its executor opened them, submitted by the guest: refused, nothing written.
  const forms: Record<string, Record<string, string>> = {
    task_done_open: { summary: 'Guest says all fine' },
    task_due_open: { due: '2026-11-30' },
    task_edit_open: { executor: GUEST },
    task_cancel_open: { reason: 'not_reached', note: 'No answer' },
  };
  for (const actionId of actions) {
    app.fake.reset();
    await click(actionId, MANAGER);
    const res = await submitLastModal(app, forms[actionId]!, GUEST, { expect: 'any' });
    expect(JSON.stringify(res.body), actionId).toContain(refused);
  }
  const after = (await app.db.models.tasks.findById(care._id).lean())!;
  expect([after.status, after.assigneeId, after.dueDate]).toEqual(['open', MANAGER, care.dueDate]);
  expect(await app.db.models.interactions.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);
});
