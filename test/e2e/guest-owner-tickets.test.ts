// A guest of the workspace may own a customer, but is not its account manager on its tickets: the
// intake notice and an L3 escalation (key and strategic customers) go to whom the desk's tasks for
// that owner go to (`ownerExecutor`: their linked manager, else any manager, else an admin), each
// saying the owner is a guest. Before, both went to the guest.
import { expect, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { tasksJob } from '../../jobs/tasks.js';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, ctxOf, makeCustomer, makeTicket, OWNER, respond } from '../helpers/factories.js';
import { FAKE_GUEST_USER_ID as GUEST, FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { captureLogs } from '../helpers/logs.js';
import { failCalls } from '../helpers/faults.js';
import { jobDepsOf } from '../../src/app.js';
import { runDue } from '../../src/schedule/runner.js';
import {
  guestCriticalComplaint,
  newTicketByModal,
  openCustomerEdit,
  openHome,
  guestOwnedCustomer,
} from '../helpers/clicks.js';
import { FULL_CUSTOMER_FORM } from '../helpers/records.js';
import type { TaskRepository } from '../../src/task/repository.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const OTHER_MANAGER = 'U0MANAGER2';
const EXPERT = 'U0EXPERT01';
const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';
const ESCALATION = 'C0ESCAL001';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: {
    ADMIN_USER_IDS: ADMIN,
    TRIAGE_CHANNEL_ID: TRIAGE,
    ALERTS_CHANNEL_ID: ALERTS,
    ESCALATION_CHANNEL_ID: ESCALATION,
  },
  now: '2026-11-24T02:00:00Z',
});

/** New customer, filled in by OWNER with the guest as its owner: a key customer; its code. */
async function guestOwnedKeyCustomer(): Promise<string> {
  await app.setSettings(() => ({
    managers: [OTHER_MANAGER, MANAGER],
    managerLinks: [{ managerId: MANAGER, manages: [GUEST] }],
  }));
  const code = await guestOwnedCustomer(app, { annual_revenue: '600000' });
  const saved = await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID, code }).lean();
  expect(saved).toMatchObject({ ownerId: GUEST, ownerGuest: true, tier: 'key' });
  return code;
}

const texts = (userId: string) => app.fake.tookPostsTo(userId).map((c) => String(c.args.text));
const strip = (s: string) => s.replace(/<https:\/\/[^|>]+\|(T\d{8})>/g, '$1');

function click(actionId: string, number: string, userId = AGENT) {
  return app.slack.blockAction(
    { action_id: actionId, value: number, block_id: 'ticket_actions' },
    { userId, channelId: TRIAGE },
  );
}

test('a key customer owned by a guest: the intake notice (en, zh-CN) and an L3 escalation go to their manager, saying the owner is a guest; the guest is told nothing', async () => {
  const code = await guestOwnedKeyCustomer();
  app.fake.reset();
  const number = await newTicketByModal(app, code, {});
  await app.desk.outbox.drain();
  const ticket = await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID, number }).lean();
  expect(ticket).toMatchObject({ accountManagerId: MANAGER, guestOwner: GUEST });
  expect(texts(MANAGER).map(strip)).toEqual([
    `New ticket ${number} (urgent) for your customer Shanghai Huadong Machinery: Line 3 is down\n` +
      `Yours as the account manager: the customer’s owner <@${GUEST}> is not a member of the workspace (a guest, or of another organisation).`,
  ]);

  // zh-CN: the same notice in the reader's language.
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  app.fake.reset();
  await app.slack.command('/ticket', 'new 二号线停机', { userId: AGENT });
  let view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  let res = await app.slack.submitView(
    view,
    { customer: code, severity: 'important', type: 'after_sales', description: 'E43' },
    { userId: AGENT },
  );
  expect(res.body).toBe('');
  await app.desk.outbox.drain();
  const zh = texts(MANAGER).map(strip);
  expect(zh).toHaveLength(1);
  expect(zh[0]).toContain('来自你的客户 Shanghai Huadong Machinery：二号线停机');
  expect(zh[0]).toContain(
    `由你作为客户经理负责：客户负责人 <@${GUEST}> 不是本工作区成员（访客，或其他组织的人）。`,
  );
  await app.setSettings(() => ({ locale: 'en' }));

  // Claimed, escalated to an expert (L2), then to L3: the account manager is the guest's manager.
  app.fake.reset();
  await click('ticket_claim', number);
  await click('ticket_escalate_open', number);
  view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  res = await app.slack.submitView(view, { reason: 'Firmware', expert: EXPERT }, { userId: AGENT });
  expect(res.body).toBe('');
  await click('ticket_escalate_open', number, EXPERT);
  view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  expect(JSON.stringify(view)).toContain(
    `It goes to the account manager, <@${MANAGER}> (L3), who stands in for the customer’s owner <@${GUEST}>, not a member of the workspace.`,
  );
  res = await app.slack.submitView(view, { reason: 'Cancelling' }, { userId: EXPERT });
  expect(res.body).toBe('');
  await app.desk.outbox.drain();
  expect(await app.db.models.tickets.findOne({ number }).lean()).toMatchObject({
    level: 3,
    assigneeId: MANAGER,
    accountManagerId: MANAGER,
    guestOwner: GUEST,
  });
  const dm = texts(MANAGER).map(strip);
  expect(dm).toHaveLength(1);
  expect(dm[0]).toContain(`ticket ${number} for Shanghai Huadong Machinery is yours now (L3)`);
  expect(dm[0]).toContain(
    `Yours as the account manager: the customer’s owner <@${GUEST}> is not a member of the workspace (a guest, or of another organisation).`,
  );
  // The escalation channel's post says why the L3 went to the manager, not the owner.
  const post = app.fake
    .tookPostsTo(ESCALATION)
    .map((c) => strip(String(c.args.text)))
    .at(-1);
  expect(post).toContain(`escalated to L3 by <@${EXPERT}>, now with <@${MANAGER}>: Cancelling\n`);
  expect(post).toContain(
    `The account manager <@${MANAGER}> stands in for the customer’s owner <@${GUEST}>, not a member of the workspace (a guest, or of another organisation).`,
  );
  expect(app.fake.tookPostsTo(GUEST)).toEqual([]);
});

test('the SLA sweep escalating a guest-owned key customer’s ticket to L3 gives it to the guest’s manager, its alert saying why', async () => {
  const code = await guestOwnedKeyCustomer();
  const { number } = await makeTicket(app, {
    customerCode: code,
    severity: 'urgent',
    title: 'Issue 1',
  });
  await runJobAt(app, slaAlertsJob, '2026-11-24T04:00:01Z'); // breach: L2
  expect((await app.db.models.tickets.findOne({ number }).lean())!.level).toBe(2);
  app.fake.reset();
  await runJobAt(app, slaAlertsJob, '2026-11-24T08:00:02Z'); // 4 business hours on: L3
  expect(await app.db.models.tickets.findOne({ number }).lean()).toMatchObject({
    level: 3,
    assigneeId: MANAGER,
    guestOwner: GUEST,
  });
  const guestLine = `(the account manager stands in for the customer’s owner <@${GUEST}>, not a member of the workspace)`;
  const dm = texts(MANAGER).map(strip).join('\n');
  expect(dm).toContain(`*${number}* Issue 1`);
  expect(dm).toContain('escalated to L3 on breach, and it is yours now');
  expect(dm).toContain(guestLine);
  expect(JSON.stringify(app.fake.tookPostsTo(ALERTS))).toContain(
    'escalated to L3, the account manager',
  );
  expect(JSON.stringify(app.fake.tookPostsTo(ALERTS))).toContain(guestLine);
  expect(app.fake.tookPostsTo(GUEST)).toEqual([]);
});

test('a customer handed to a guest on Edit customer: its open tickets name the guest’s manager as account manager; handed to a member, the member, the guest forgotten', async () => {
  await app.setSettings(() => ({
    managers: [MANAGER],
    managerLinks: [{ managerId: MANAGER, manages: [GUEST] }],
  }));
  const { number, customerCode } = await makeTicket(app, {
    customerCode: (await makeCustomer(app, { annualRevenue: 600_000 })).code,
  });
  const ctx = await ctxOf(app, OWNER);
  // Saved as Edit customer saves a guest picked as owner (Slack's users.info said so).
  await app.desk.services.customers.update(
    ctx,
    customerCode,
    { ownerId: GUEST },
    { unfit: [{ userId: GUEST, name: 'Guest', reason: 'guest' }] },
  );
  expect(await app.db.models.tickets.findOne({ number }).lean()).toMatchObject({
    accountManagerId: MANAGER,
    guestOwner: GUEST,
  });
  await app.desk.services.customers.update(await ctxOf(app, MANAGER), customerCode, {
    ownerId: OWNER,
  });
  const back = await app.db.models.tickets.findOne({ number }).lean();
  expect(back).toMatchObject({ accountManagerId: OWNER });
  expect(back!.guestOwner).toBeUndefined();
});

test('/desk roles changing who stands in for a guest owner moves the open tickets’ account manager to the new stand-in (the daily run too, for a change the save did not move); saved again, nothing moves', async () => {
  // No manager is linked to the guest (the roles form refuses a guest under Manages): the first
  // manager stands in.
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  const code = await guestOwnedCustomer(app);
  const open = await makeTicket(app, { customerCode: code });
  const resolved = await makeTicket(app, { customerCode: code, title: 'Done already' });
  await app.db.models.tickets.updateOne({ number: resolved.number }, { status: 'resolved' });
  const stored = (number: string) => app.db.models.tickets.findOne({ number }).lean();
  expect(await stored(open.number)).toMatchObject({
    accountManagerId: MANAGER,
    guestOwner: GUEST,
  });

  // The admin drops MANAGER from the managers: OTHER_MANAGER stands in for the guest now.
  const saveRoles = async (managers: string) => {
    await app.slack.command('/desk', 'roles', { userId: ADMIN });
    const roles = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
    return app.slack.submitView(roles, { managers }, { userId: ADMIN });
  };
  const version = (await stored(open.number))!.version;
  expect((await saveRoles(OTHER_MANAGER)).body).toBe('');
  expect(await stored(open.number)).toMatchObject({
    accountManagerId: OTHER_MANAGER,
    guestOwner: GUEST,
    version: version + 1,
  });
  // A resolved ticket keeps the one it had, as an owner change leaves it.
  expect(await stored(resolved.number)).toMatchObject({ accountManagerId: MANAGER });
  // Saved again as it is: nothing moves.
  expect((await saveRoles(OTHER_MANAGER)).body).toBe('');
  expect((await stored(open.number))!.version).toBe(version + 1);

  // A change the save did not move (made around /desk roles): the daily run moves it.
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  expect(await stored(open.number)).toMatchObject({
    accountManagerId: MANAGER,
    guestOwner: GUEST,
  });
});

test('/desk roles changing who stands in for a guest owner hands their open tasks (a critical complaint’s contact among them) to the new stand-in at once, their helper’s Home drawn again; saved again, nothing moves; a change the save did not move, the daily run moves', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  const { contact } = await guestCriticalComplaint(app);
  // Critical: contacted within the hour, so due today (10:00 in Shanghai, the target 11:00).
  expect(await contact()).toMatchObject({
    status: 'open',
    assigneeId: MANAGER,
    guestOwner: GUEST,
    dueDate: '2026-11-24',
    dueAt: new Date('2026-11-24T03:00:00Z'),
  });
  // A colleague helps with it.
  const HELPER = 'U0HELPER01';
  await app.db.models.tasks.updateOne(
    { teamId: FAKE_TEAM_ID, kind: 'complaint_contact' },
    { $set: { helperId: HELPER } },
  );

  // The admin drops MANAGER from the managers: OTHER_MANAGER stands in now, the task theirs.
  const saveRoles = async (managers: string) => {
    await app.slack.command('/desk', 'roles', { userId: ADMIN });
    const roles = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
    return app.slack.submitView(roles, { managers }, { userId: ADMIN });
  };
  app.fake.reset();
  expect((await saveRoles(OTHER_MANAGER)).body).toBe('');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(await contact()).toMatchObject({
    status: 'open',
    assigneeId: OTHER_MANAGER,
    guestOwner: GUEST,
  });
  // Its helper's Home names who does it now.
  const homes = app.fake.homesPublishedTo(HELPER);
  expect(homes).toHaveLength(1);
  expect(JSON.stringify(homes[0]!.args.view)).toContain(`done by <@${OTHER_MANAGER}>`);
  // The new stand-in's Home, drawn again, lists it under their tasks due today, and so does it
  // when they open it; the old one's no longer does.
  const dueToday = (home: string) => {
    const from = home.indexOf('Your tasks due today and overdue');
    return home.slice(from, home.indexOf('"divider"', from));
  };
  const theirs = app.fake.homesPublishedTo(OTHER_MANAGER);
  expect(theirs).toHaveLength(1);
  for (const home of [JSON.stringify(theirs[0]!.args.view), await openHome(app, OTHER_MANAGER)]) {
    expect(dueToday(home)).toContain('due today and overdue* (1)');
    expect(dueToday(home)).toContain(`Complaint contact* · Shanghai Huadong Machinery`);
    expect(dueToday(home)).toContain(
      `yours: the owner <@${GUEST}> is not a member of the workspace`,
    );
  }
  expect(dueToday(await openHome(app, MANAGER))).toContain('due today and overdue* (0)');

  // Saved again as it is: nothing moves.
  const stored = await contact();
  expect((await saveRoles(OTHER_MANAGER)).body).toBe('');
  expect(await contact()).toEqual(stored);

  // A change the save did not move (cut off after the roles' write, or made around /desk roles):
  // the daily run moves it.
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  expect(await contact()).toMatchObject({ assigneeId: MANAGER, guestOwner: GUEST });
});

test('/desk roles putting another manager first: saved in that order, the guest owner’s open tickets go to the new first manager, History names the change', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  const code = await guestOwnedCustomer(app);
  const { number } = await makeTicket(app, { customerCode: code });
  const stored = () => app.db.models.tickets.findOne({ number }).lean();
  expect(await stored()).toMatchObject({ accountManagerId: MANAGER, guestOwner: GUEST });

  // The admin removes MANAGER and picks them again: OTHER_MANAGER comes first.
  await app.slack.command('/desk', 'roles', { userId: ADMIN });
  const roles = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  const saved = await app.slack.submitView(
    roles,
    { managers: `${OTHER_MANAGER},${MANAGER}` },
    { userId: ADMIN },
  );
  expect(saved.body).toBe('');
  app.desk.services.workspaces.forget();
  expect((await app.desk.services.workspaces.settings(FAKE_TEAM_ID)).managers).toEqual([
    OTHER_MANAGER,
    MANAGER,
  ]);
  expect(await stored()).toMatchObject({ accountManagerId: OTHER_MANAGER, guestOwner: GUEST });
  const last = await app.db.models.settingsChanges
    .findOne({ teamId: FAKE_TEAM_ID, group: 'roles' })
    .sort({ version: -1 })
    .lean();
  expect((last as any)?.new).toMatchObject({ managers: `${OTHER_MANAGER}, ${MANAGER}` });
});

test('/desk roles changing who stands in for a guest owner, no ticket or task to move: both stand-ins’ Homes are drawn again, the guest’s customer with signals leaving the former one’s list for the new one’s', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  const code = await guestOwnedCustomer(app);
  await app.db.models.customers.updateOne({ code }, { $set: { contractEndDate: '2026-12-20' } });
  // Nothing the save would move: no ticket, no open task.
  expect(await app.db.models.tickets.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);
  await app.db.models.tasks.deleteMany({ teamId: FAKE_TEAM_ID });
  const signals = (home: string) => {
    const from = home.indexOf('*Your customers with signals*');
    return from < 0 ? '' : home.slice(from, home.indexOf('"divider"', from));
  };
  expect(signals(await openHome(app, MANAGER))).toContain(`(${code}) · contract ends 2026-12-20`);
  await app.desk.outbox.drain();
  app.fake.reset();

  // The admin puts OTHER_MANAGER first: neither's role changes, the stand-in does.
  await app.slack.command('/desk', 'roles', { userId: ADMIN });
  const roles = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  const saved = await app.slack.submitView(
    roles,
    { managers: `${OTHER_MANAGER},${MANAGER}` },
    { userId: ADMIN },
  );
  expect(saved.body).toBe('');
  // The Homes' outbox entries wait out their few seconds of coalescing.
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const drawn = (user: string) =>
    JSON.stringify(app.fake.homesPublishedTo(user).at(-1)?.args.view ?? null);
  expect(app.fake.homesPublishedTo(OTHER_MANAGER)).toHaveLength(1);
  expect(signals(drawn(OTHER_MANAGER))).toContain(
    `(${code}) · contract ends 2026-12-20 · yours: the owner <@${GUEST}> is not a member of the workspace`,
  );
  expect(app.fake.homesPublishedTo(MANAGER)).toHaveLength(1);
  expect(drawn(MANAGER)).not.toContain(`(${code})`);
  expect(app.fake.homesPublishedTo(GUEST)).toEqual([]);
});

test('a member made a guest after being made an owner: the daily run asks Slack and marks their files, their open tickets and tasks going to their manager; made a member again, back to them', async () => {
  const MEMBER = 'U0MEMBER01';
  await app.setSettings(() => ({ managers: [MANAGER] }));
  await app.slack.command('/customer', 'new', { userId: OWNER });
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  const res = await app.slack.submitView(
    view,
    { ...FULL_CUSTOMER_FORM, owner: MEMBER, annual_revenue: '600000' },
    { userId: OWNER },
  );
  expect(res.body, JSON.stringify(res.body)).toBe('');
  const customer = () => app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID }).lean();
  expect((await customer())!.ownerGuest).toBeUndefined();
  // An active key customer last contacted a month ago: the daily run plans its care contact.
  await app.db.models.customers.updateOne(
    { teamId: FAKE_TEAM_ID },
    { $set: { lifecycle: 'active', lastInteractionAt: new Date('2026-10-20T02:00:00Z') } },
  );
  const { number } = await makeTicket(app, { customerCode: (await customer())!.code });
  const ticket = () => app.db.models.tickets.findOne({ number }).lean();
  expect(await ticket()).toMatchObject({ accountManagerId: MEMBER });
  const openTasks = async () =>
    (await app.db.models.tasks.find({ teamId: FAKE_TEAM_ID, status: 'open' }).lean()).map((t) => [
      t.assigneeId,
      t.guestOwner,
    ]);

  try {
    // Slack makes them a guest of the workspace (a contractor now).
    app.fake.users.set(MEMBER, { id: MEMBER, real_name: 'Chen Jie', is_restricted: true });
    let [run] = await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
    expect(run!.counts).toMatchObject({ customersMarkedGuestOwned: 1 });
    expect(await customer()).toMatchObject({ ownerId: MEMBER, ownerGuest: true });
    expect(await ticket()).toMatchObject({ accountManagerId: MANAGER, guestOwner: MEMBER });
    // The key customer's care contact, planned by the same run, is the manager's.
    const tasks = await openTasks();
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks).toEqual(tasks.map(() => [MANAGER, MEMBER]));

    // Made a member again: the mark goes, the ticket and the task are theirs again.
    app.fake.users.set(MEMBER, { id: MEMBER, real_name: 'Chen Jie' });
    [run] = await runJobAt(app, tasksJob, '2026-11-26T01:00:00Z');
    expect(run!.counts).toMatchObject({ customersUnmarkedGuestOwned: 1 });
    expect((await customer())!.ownerGuest).toBeUndefined();
    const back = await ticket();
    expect(back).toMatchObject({ accountManagerId: MEMBER });
    expect(back!.guestOwner).toBeUndefined();
    expect(await openTasks()).toEqual(tasks.map(() => [MEMBER, undefined]));
  } finally {
    app.fake.users.delete(MEMBER);
  }
});

test('a complaint of a guest-owned customer: the managers’ complaint DM and the missed-contact alert go to the guest’s other linked manager, not to every manager', async () => {
  const THIRD_MANAGER = 'U0MANAGER3';
  const code = await guestOwnedKeyCustomer();
  // MANAGER (the first linked) stands in for the guest; THIRD_MANAGER manages the guest too.
  await app.setSettings(() => ({
    managers: [OTHER_MANAGER, MANAGER, THIRD_MANAGER],
    managerLinks: [
      { managerId: MANAGER, manages: [GUEST] },
      { managerId: THIRD_MANAGER, manages: [GUEST] },
    ],
  }));
  app.fake.reset();
  const number = await newTicketByModal(app, code, {
    severity: 'general',
    type: 'complaint',
    description: 'rude',
  });
  await app.desk.outbox.drain();
  const ticket = (await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID, number }).lean())!;
  expect(ticket).toMatchObject({ type: 'complaint', accountManagerId: MANAGER, guestOwner: GUEST });
  // The stand-in has their own DM with the contact task, once; the guest's other manager the
  // managers' DM; a manager who does not manage the guest nothing.
  expect(texts(MANAGER)).toHaveLength(1);
  expect(texts(MANAGER)[0]).toContain('You are assigned to contact the customer by');
  expect(texts(THIRD_MANAGER)).toHaveLength(1);
  expect(texts(THIRD_MANAGER)[0]).toContain(`<@${MANAGER}> contacts the customer by`);
  expect(texts(OTHER_MANAGER)).toEqual([]);
  expect(texts(GUEST)).toEqual([]);

  // The contact target missed: the managers' alert goes to the guest's manager only.
  app.fake.reset();
  const due = ticket.complaint!.contactDueAt!;
  await runJobAt(app, slaAlertsJob, new Date(due.getTime() + 30_000).toISOString());
  // (OTHER_MANAGER, the first manager, may hear of the ticket's own breaches: not of this line.)
  const contactLine = 'the account manager has not contacted the customer by the complaint target';
  expect(texts(MANAGER).join('\n')).toContain(
    'you have not contacted the customer by the complaint target',
  );
  expect(texts(THIRD_MANAGER).join('\n')).toContain(contactLine);
  expect(texts(OTHER_MANAGER).join('\n')).not.toContain(contactLine);
  expect(texts(GUEST)).toEqual([]);
});

test('a complaint whose account manager is the only manager linked to the guest owner: their own managers (here every other manager) get the managers’ complaint DM and the missed-contact alert', async () => {
  // MANAGER, the guest's only linked manager, stands in for them; nobody is linked to MANAGER.
  const code = await guestOwnedKeyCustomer();
  app.fake.reset();
  const number = await newTicketByModal(app, code, {
    severity: 'general',
    type: 'complaint',
    description: 'rude',
  });
  await app.desk.outbox.drain();
  const ticket = (await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID, number }).lean())!;
  expect(ticket).toMatchObject({ accountManagerId: MANAGER, guestOwner: GUEST });
  expect(texts(MANAGER)).toHaveLength(1);
  expect(texts(MANAGER)[0]).toContain('You are assigned to contact the customer by');
  expect(texts(OTHER_MANAGER)).toHaveLength(1);
  expect(texts(OTHER_MANAGER)[0]).toContain(`<@${MANAGER}> contacts the customer by`);
  expect(texts(GUEST)).toEqual([]);

  app.fake.reset();
  const due = ticket.complaint!.contactDueAt!;
  await runJobAt(app, slaAlertsJob, new Date(due.getTime() + 30_000).toISOString());
  expect(texts(OTHER_MANAGER).join('\n')).toContain(
    'the account manager has not contacted the customer by the complaint target',
  );
  expect(texts(GUEST)).toEqual([]);
});

test('a complaint whose account manager is a manager linked to nobody: one DM for them (the contact task), the managers’ DM to the other managers only', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  const { code } = await makeCustomer(app, { ownerId: MANAGER });
  app.fake.reset();
  const number = await newTicketByModal(app, code, {
    severity: 'general',
    type: 'complaint',
    description: 'rude',
  });
  await app.desk.outbox.drain();
  expect(
    await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID, number }).lean(),
  ).toMatchObject({ accountManagerId: MANAGER });
  expect(texts(MANAGER)).toHaveLength(1);
  expect(texts(MANAGER)[0]).toContain('You are assigned to contact the customer by');
  expect(texts(OTHER_MANAGER)).toHaveLength(1);
  expect(texts(OTHER_MANAGER)[0]).toContain(`<@${MANAGER}> contacts the customer by`);
});

test('the daily check of the owners: users.info failing logs that the owner keeps their mark until the next check, not the open desk’s words', async () => {
  await makeCustomer(app, { ownerId: 'U0MEMBER02' });
  app.clock.set('2026-11-25T01:00:00Z');
  app.fake.failNext('users.info', 'ratelimited');
  const logs = captureLogs();
  const deps = jobDepsOf(app.desk, { log: logs.log, clock: app.clock, instanceId: 'a' });
  const [run] = await runDue(deps, [tasksJob]);
  expect(run!.counts).toMatchObject({ ownersChecked: 0 });
  const said = logs.lines.filter((l) => String(l.msg).startsWith('users.info failed'));
  expect(said).toEqual([
    expect.objectContaining({
      error: 'ratelimited',
      msg: 'users.info failed: the owner’s customers keep the guest mark they have, asked again at the next daily check',
    }),
  ]);
});

test('a customer handed to a guest on Edit customer, its open tickets’ write failing: the outbox job’s repair names the guest’s manager as account manager two minutes on, not the guest, and draws the manager’s Home', async () => {
  await app.setSettings(() => ({
    managers: [MANAGER],
    managerLinks: [{ managerId: MANAGER, manages: [GUEST] }],
  }));
  const { code } = await makeCustomer(app);
  const { number } = await makeTicket(app, { customerCode: code });
  const edit = (await openCustomerEdit(app, code, OWNER)).args.view as Record<string, unknown>;
  const restore = failCalls(app.db.models.tickets, 'updateMany');
  try {
    expect((await app.slack.submitView(edit, { owner: GUEST }, { userId: OWNER })).body).toBe('');
  } finally {
    restore();
  }
  const stored = () => app.db.models.tickets.findOne({ number }).lean();
  expect(await stored()).toMatchObject({ accountManagerId: OWNER });
  expect(
    await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID, code }).lean(),
  ).toMatchObject({ ownerId: GUEST, ownerGuest: true });

  // What the edit itself drew is out first.
  app.clock.advance(10_000);
  await app.desk.outbox.drain();

  const [run] = await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
  expect(run!.counts).toMatchObject({ copiesRepaired: 1 });
  expect(await stored()).toMatchObject({ accountManagerId: MANAGER, guestOwner: GUEST });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(app.fake.homesPublishedTo(MANAGER)).toHaveLength(1);
  expect(app.fake.homesPublishedTo(GUEST)).toEqual([]);
});

/** A demand of `code` filed by AGENT, claimed and answered by them; its plan target missed: the sweep. */
async function demandPlanMissed(code: string) {
  const number = await newTicketByModal(app, code, {
    severity: 'general',
    type: 'demand',
    description: 'Custom export',
  });
  await click('ticket_claim', number);
  await respond(app, number);
  await app.desk.outbox.drain();
  const ticket = (await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID, number }).lean())!;
  expect(ticket.assigneeId).toBe(AGENT);
  app.fake.reset();
  const due = ticket.demand!.planDueAt!;
  await runJobAt(app, slaAlertsJob, new Date(due.getTime() + 30_000).toISOString());
  return ticket;
}

const PLAN_MISSED = 'no plan and dates given by the demand target';

test('a demand of a guest-owned customer held by an agent misses its plan: the agent and the stand-in’s own managers get the alert (the stand-in being the guest’s only linked manager), not the stand-in (revland47 F5)', async () => {
  // MANAGER, the guest's only linked manager, stands in for them; nobody is linked to MANAGER.
  const code = await guestOwnedKeyCustomer();
  const ticket = await demandPlanMissed(code);
  expect(ticket).toMatchObject({ accountManagerId: MANAGER, guestOwner: GUEST });
  expect(texts(AGENT).join('\n')).toContain(PLAN_MISSED);
  expect(texts(OTHER_MANAGER).join('\n')).toContain(PLAN_MISSED);
  expect(texts(MANAGER).join('\n')).not.toContain(PLAN_MISSED);
  expect(texts(GUEST)).toEqual([]);
});

test('a demand whose account manager is a manager linked to nobody, held by an agent, misses its plan: the managers’ alert goes to the other managers, not the account manager (revland47 F5)', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  const { code } = await makeCustomer(app, { ownerId: MANAGER });
  const ticket = await demandPlanMissed(code);
  expect(ticket).toMatchObject({ accountManagerId: MANAGER });
  expect(texts(AGENT).join('\n')).toContain(PLAN_MISSED);
  expect(texts(OTHER_MANAGER).join('\n')).toContain(PLAN_MISSED);
  expect(texts(MANAGER).join('\n')).not.toContain(PLAN_MISSED);
});

test('a daily run that read the roles before a /desk roles save (another instance, its owners’ check under way) leaves the guest owner’s task and ticket with the new stand-in, not the dropped one (revland47 F2)', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  const code = await guestOwnedCustomer(app, { annual_revenue: '600000' });
  await app.db.models.customers.updateOne(
    { teamId: FAKE_TEAM_ID, code },
    { $set: { lifecycle: 'active', lastInteractionAt: new Date('2026-10-28T02:00:00Z') } },
  );
  const open = await makeTicket(app, { customerCode: code });
  await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
  const care = async () =>
    (await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID, kind: 'care' }).lean())!;
  const ticket = async () => (await app.db.models.tickets.findOne({ number: open.number }).lean())!;
  expect([(await care()).assigneeId, (await ticket()).accountManagerId]).toEqual([
    MANAGER,
    MANAGER,
  ]);
  // The other instance's daily run begins: it reads the roles (MANAGER stands in).
  const runCtx = await ctxOf(app, SYSTEM_ACTOR, { origin: 'job' });
  // Meanwhile an admin drops MANAGER from the managers: the save moves both to OTHER_MANAGER.
  await app.slack.command('/desk', 'roles', { userId: ADMIN });
  const roles = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  expect(
    (await app.slack.submitView(roles, { managers: OTHER_MANAGER }, { userId: ADMIN })).body,
  ).toBe('');
  expect([(await care()).assigneeId, (await ticket()).accountManagerId]).toEqual([
    OTHER_MANAGER,
    OTHER_MANAGER,
  ]);
  // The run goes on with the roles it read at its start.
  await app.desk.flows.tasks.daily(runCtx);
  expect([(await care()).assigneeId, (await ticket()).accountManagerId]).toEqual([
    OTHER_MANAGER,
    OTHER_MANAGER,
  ]);
});

test('a /desk roles save cut short between the roles’ write and the guest owner’s moves: the outbox job moves the open ticket and task to the new stand-in two minutes on, once, two instances alike', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  const { number, contact } = await guestCriticalComplaint(app);
  const ticket = async () => (await app.db.models.tickets.findOne({ number }).lean())!;
  const owed = async () =>
    ((await app.db.models.workspaces.findOne({ teamId: FAKE_TEAM_ID }).lean())!.settings as any)
      .standInsOwed;
  expect([(await contact()).assigneeId, (await ticket()).accountManagerId]).toEqual([
    MANAGER,
    MANAGER,
  ]);

  // The admin drops MANAGER from the managers; the roles are written, the moves never made (the
  // database gone right after the roles' write).
  await app.slack.command('/desk', 'roles', { userId: ADMIN });
  const roles = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  const restore = [
    failCalls(app.db.models.tickets, 'distinct', { times: Infinity }),
    failCalls(app.db.models.tasks, 'distinct', { times: Infinity }),
  ];
  try {
    expect(
      (await app.slack.submitView(roles, { managers: OTHER_MANAGER }, { userId: ADMIN })).body,
    ).toBe('');
  } finally {
    for (const r of restore) r();
  }
  expect([(await contact()).assigneeId, (await ticket()).accountManagerId]).toEqual([
    MANAGER,
    MANAGER,
  ]);
  expect(await owed()).toMatchObject({ at: new Date('2026-11-24T02:00:00Z').getTime() });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();

  // A minute on, the save may still be moving them: nothing is repaired yet.
  const [early] = await runJobAt(app, outboxJob, '2026-11-24T02:01:00Z');
  expect(early!.counts).not.toHaveProperty('standInsMoved');
  expect((await ticket()).accountManagerId).toBe(MANAGER);

  // Two minutes on, the outbox job moves both to OTHER_MANAGER, as the save would have.
  const [run] = await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
  expect(run!.counts).toMatchObject({ standInsMoved: 1 });
  expect(await ticket()).toMatchObject({ accountManagerId: OTHER_MANAGER, guestOwner: GUEST });
  expect(await contact()).toMatchObject({ assigneeId: OTHER_MANAGER, guestOwner: GUEST });
  expect(await owed()).toBeUndefined();
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(app.fake.homesPublishedTo(OTHER_MANAGER)).toHaveLength(1);
  expect(app.fake.homesPublishedTo(GUEST)).toEqual([]);

  // Once: the next runs find nothing owed, and nothing moves again.
  const moved = { ticket: (await ticket()).version, task: await contact() };
  const [next] = await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z', ['a', 'b']);
  expect(next!.counts).not.toHaveProperty('standInsMoved');
  expect((await ticket()).version).toBe(moved.ticket);
  expect(await contact()).toEqual(moved.task);

  // Two instances repairing the same owed save at once: each move made once.
  await app.setSettings(() => ({
    managers: [MANAGER, OTHER_MANAGER],
    standInsOwed: new Date('2026-11-24T02:06:00Z').getTime(),
  }));
  app.clock.set('2026-11-24T02:09:00Z');
  const { log } = captureLogs();
  const both = await Promise.all([
    app.desk.flows.settings.repairStandIns(app.clock.now(), log),
    app.desk.flows.settings.repairStandIns(app.clock.now(), log),
  ]);
  expect(both.map((b) => b.repaired).reduce((a, b) => a + b)).toBeGreaterThanOrEqual(1);
  expect(await ticket()).toMatchObject({
    accountManagerId: MANAGER,
    guestOwner: GUEST,
    version: moved.ticket + 1,
  });
  expect(await contact()).toMatchObject({ assigneeId: MANAGER, guestOwner: GUEST });
  expect(await owed()).toBeUndefined();
});

test('a /desk roles save whose ticket move meets a later save’s (another instance) leaves the ticket with the stand-in the later roles name, not its own: the move is conditional on the account manager it read, read again on a miss', async () => {
  const THIRD = 'U0MANAGER3';
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER, THIRD] }));
  const code = await guestOwnedCustomer(app);
  const { number } = await makeTicket(app, { customerCode: code });
  const ticket = async () => (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(await ticket()).toMatchObject({ accountManagerId: MANAGER, guestOwner: GUEST });

  // The admin keeps OTHER_MANAGER only. Between this save's read of the guest's tickets and its
  // write, another admin's save on another instance keeps THIRD only and moves the ticket there.
  await app.slack.command('/desk', 'roles', { userId: ADMIN });
  const roles = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  const tickets = app.db.models.tickets as any;
  const originals = { updateOne: tickets.updateOne, updateMany: tickets.updateMany };
  let raced = false;
  const race = (method: 'updateOne' | 'updateMany') =>
    async function (this: unknown, filter: Record<string, unknown>, ...rest: unknown[]) {
      if (!raced && filter && 'guestOwner' in filter) {
        raced = true;
        await app.setSettings(() => ({ managers: [THIRD] }));
        await originals.updateOne.call(
          tickets,
          { number },
          { $set: { accountManagerId: THIRD }, $inc: { version: 1 } },
        );
      }
      return originals[method].call(tickets, filter, ...rest);
    };
  tickets.updateOne = race('updateOne');
  tickets.updateMany = race('updateMany');
  try {
    expect(
      (await app.slack.submitView(roles, { managers: OTHER_MANAGER }, { userId: ADMIN })).body,
    ).toBe('');
  } finally {
    tickets.updateOne = originals.updateOne;
    tickets.updateMany = originals.updateMany;
  }
  expect(raced).toBe(true);
  // The later roles name THIRD: the ticket stays theirs, not handed to OTHER_MANAGER.
  expect(await ticket()).toMatchObject({ accountManagerId: THIRD, guestOwner: GUEST });
});

test('a daily run that read the roles before a /desk roles save plans the guest owner’s customer’s new progress note for the new stand-in, who is reminded of it, not the dropped one (revland48b F4)', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  const code = await guestOwnedCustomer(app);
  // A running project: this week's note (due Wednesday 25th) is planned today.
  await app.db.models.customers.updateOne(
    { teamId: FAKE_TEAM_ID, code },
    { $set: { projectUntil: '2026-12-31' } },
  );
  // The other instance's daily run begins: it reads the roles (MANAGER stands in).
  const runCtx = await ctxOf(app, SYSTEM_ACTOR, { origin: 'job' });
  // Meanwhile an admin drops MANAGER from the managers.
  await app.slack.command('/desk', 'roles', { userId: ADMIN });
  const roles = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  expect(
    (await app.slack.submitView(roles, { managers: OTHER_MANAGER }, { userId: ADMIN })).body,
  ).toBe('');
  await app.desk.outbox.drain();
  app.fake.reset();
  // The run goes on with the roles it read at its start (the version before planned the note
  // for MANAGER, who got its reminder).
  await app.desk.flows.tasks.daily(runCtx);
  await app.desk.outbox.drain();
  const note = await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID, kind: 'progress' }).lean();
  expect(note).toMatchObject({ assigneeId: OTHER_MANAGER, dueDate: '2026-11-25' });
  expect(texts(MANAGER)).toEqual([]);
  expect(texts(OTHER_MANAGER).join('\n')).toContain('Progress note');
});

test('a /desk roles save landing during the daily run’s care plan, after it read the roles (another instance): the guest owner’s new care contact, and today’s reminder of it, go to the new stand-in, not the dropped one (revland52 F2)', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  const code = await guestOwnedCustomer(app, { annual_revenue: '600000' });
  // A key customer last contacted four weeks ago: today's run plans its monthly care contact.
  await app.db.models.customers.updateOne(
    { teamId: FAKE_TEAM_ID, code },
    { $set: { lifecycle: 'active', lastInteractionAt: new Date('2026-10-28T02:00:00Z') } },
  );
  await app.slack.command('/desk', 'roles', { userId: ADMIN });
  const roles = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  // The care plan read the roles (MANAGER stands in) and is about to write the task when an
  // admin drops MANAGER from the managers: the save's move finds no task of the guest's yet.
  const repo = (app.desk.services.tasks as unknown as { deps: { tasks: TaskRepository } }).deps
    .tasks;
  const insert = repo.insertOnce.bind(repo);
  let saved = false;
  const midRun = vi.spyOn(repo, 'insertOnce').mockImplementation(async (task, ...rest) => {
    if (task.kind === 'care' && !saved) {
      saved = true;
      const res = await app.slack.submitView(roles, { managers: OTHER_MANAGER }, { userId: ADMIN });
      expect(res.body).toBe('');
    }
    return insert(task, ...rest);
  });
  try {
    const [run] = await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
    expect(run!.error).toBeUndefined();
    expect(run!.counts).toMatchObject({ careCreated: 1, tasksReassigned: 1 });
  } finally {
    midRun.mockRestore();
  }
  expect(saved).toBe(true);
  // (The version before left it with MANAGER, who got its reminder today.)
  const care = await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID, kind: 'care' }).lean();
  expect(care).toMatchObject({ assigneeId: OTHER_MANAGER, guestOwner: GUEST });
  expect(texts(MANAGER)).toEqual([]);
  expect(texts(OTHER_MANAGER).join('\n')).toContain(
    `*Care contact* · Shanghai Huadong Machinery (${code})`,
  );
});
