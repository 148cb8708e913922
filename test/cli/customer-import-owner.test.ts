import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { FAKE_GUEST_USER_ID as GUEST, FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { guestOwnedCustomer, openCustomerEdit, openHome } from '../helpers/clicks.js';
import { AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runTool, toolArgs } from '../helpers/jobs.js';
import { tempDir } from '../helpers/temp.js';

const ADMIN = 'U0ADMIN001';
const OWNER2 = 'U0OWNER002';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: 'C0TRIAGE01' },
  now: '2026-11-24T02:00:00Z',
});

/**
 * `customers import` of `csv` (and `contacts`, a contacts CSV) by the CLI as ADMIN, with `extra`
 * arguments: it succeeds.
 */
async function importCustomers(
  csv: string,
  { contacts, extra = [] }: { contacts?: string; extra?: string[] } = {},
): Promise<void> {
  const dir = tempDir('owner-import-');
  const file = join(dir, 'customers.csv');
  writeFileSync(file, csv);
  const args = ['import', '--team', FAKE_TEAM_ID, '--as', ADMIN, '--file', file, ...extra];
  if (contacts !== undefined) {
    writeFileSync(join(dir, 'contacts.csv'), contacts);
    args.push('--contacts', join(dir, 'contacts.csv'));
  }
  const run = await runTool(app, toolArgs('customers'), args, { ADMIN_USER_IDS: ADMIN });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
}

/**
 * The CLI's Homes delivered by the running app (in the outbox, stamped with the real time): the
 * Homes published to `user` since call `before`, as JSON.
 */
async function homesDelivered(before: number): Promise<(user: string) => string[]> {
  app.clock.set(new Date(Date.now() + 10_000).toISOString());
  await app.desk.outbox.drain();
  return (user) =>
    app.fake.calls
      .slice(before)
      .filter((c) => c.method === 'views.publish' && c.args.user_id === user)
      .map((c) => JSON.stringify(c.args.view));
}

// The CLI as an operator runs it (a child process: the cli project, not e2e).
test('a CSV import that changes a customer’s owner redraws the old and the new owner’s Homes, as Edit customer does', async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
  const open = await makeTicket(app, { customerCode: code });
  await app.desk.outbox.drain();
  const before = app.fake.calls.length;

  await importCustomers(
    `Code,Name,Industry,Source,First contact,Owner\n${code},Huadong Machinery,Manufacturing,referral,2026-03-01,${OWNER2}\n`,
  );
  const ticket = await app.db.models.tickets.findOne({ number: open.number }).lean();
  expect(ticket).toMatchObject({ accountManagerId: OWNER2 });

  // The CLI has no Slack client: the Homes are in the outbox, stamped with the real time, which
  // the running app delivers once due.
  app.clock.set(new Date(Date.now() + 10_000).toISOString());
  await app.desk.outbox.drain();
  const homes = app.fake.calls
    .slice(before)
    .filter((c) => c.method === 'views.publish')
    .map((c) => c.args.user_id);
  expect(homes).toEqual(expect.arrayContaining([OWNER, OWNER2]));
  // The new owner's Home lists the ticket nobody holds of the customer now theirs.
  const theirs = app.fake.calls
    .slice(before)
    .filter((c) => c.method === 'views.publish' && c.args.user_id === OWNER2);
  expect(JSON.stringify(theirs.at(-1)!.args.view)).toContain(open.number);
});

test('a CSV import that changes the owner redraws the complaint card naming the new owner and gives them its contact task, at once even with a past --at', async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
  const c = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'general',
  });
  await app.desk.outbox.drain();
  const ts = (await app.db.models.tickets
    .findOne({ teamId: FAKE_TEAM_ID, number: c.number })
    .lean())!.card.ts!;
  const contactTask = () =>
    app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID, kind: 'complaint_contact' }).lean();
  expect(await contactTask()).toMatchObject({ assigneeId: OWNER });
  const before = app.fake.calls.length;
  await importCustomers(
    `Code,Name,Industry,Source,First contact,Owner\n${code},Huadong Machinery,Manufacturing,referral,2026-03-01,${OWNER2}\n`,
    // The import dated yesterday (a future --at is refused): its redraws are due now.
    { extra: ['--at', new Date(Date.now() - 86_400_000).toISOString()] },
  );
  // The contact task goes with the customer at once, as in Edit customer.
  expect(await contactTask()).toMatchObject({ assigneeId: OWNER2 });
  app.clock.set(new Date(Date.now() + 10_000).toISOString());
  await app.desk.outbox.drain();
  const redrawn = app.fake.updatesOf(ts, before);
  expect(redrawn.length).toBeGreaterThan(0);
  expect(JSON.stringify(redrawn.at(-1)!.args)).toContain(`<@${OWNER2}> ·`);
});

test('a CSV import redraws the Homes that show the customers it changes, as Edit customer and the Contacts modal do, once per person however many rows: a rename the task’s executor’s and approver’s, a contract end and a contact the owner’s', async () => {
  const APPROVER = 'U0APPROVE1';
  await app.setSettings(() => ({ agents: [AGENT, APPROVER], accountManagers: [OWNER] }));
  const huadong = await makeCustomer(app, { name: 'Huadong Machinery' });
  const lianyun = await makeCustomer(app, { name: 'Lianyun Optics' });
  await app.desk.services.tasks.createManual(await ctxOf(app, OWNER), {
    customerCode: huadong.code,
    kind: 'call',
    assigneeId: AGENT,
    approverId: APPROVER,
    dueDate: '2026-11-24',
    content: 'Call them',
    submissionId: 'import-homes-1',
  });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const before = app.fake.calls.length;
  const revOf = async (user: string) =>
    (await app.db.models.outbox.findOne({ key: `home:${user}` }).lean())?.rev ?? 0;
  const revs = { owner: await revOf(OWNER), agent: await revOf(AGENT) };

  await importCustomers(
    'Code,Name,Contract end date\n' +
      `${huadong.code},Huadong Robotics,\n` +
      `${lianyun.code},Lianyun Optics,2026-12-10\n`,
    {
      contacts: `Customer code,Contact,Contact title,Phone\n${lianyun.code},Wang Fang,Buyer,13800138000\n`,
    },
  );
  // One refresh written per person for the whole import (three rows of the owner's customers).
  expect(await revOf(OWNER)).toBe(revs.owner + 1);
  expect(await revOf(AGENT)).toBe(revs.agent + 1);

  const homes = await homesDelivered(before);
  for (const user of [AGENT, APPROVER]) {
    expect(homes(user)).toHaveLength(1);
    expect(homes(user)[0]).toContain('Huadong Robotics');
    expect(homes(user)[0]).not.toContain('Huadong Machinery');
  }
  expect(homes(OWNER)).toHaveLength(1);
  // Its signals: the contract the import says ends on 10 December.
  expect(homes(OWNER)[0]).toContain('Lianyun Optics');
});

test('a CSV import making a guest the owner marks the file as New customer does when the desk knows them as one: its open ticket names their manager as account manager; a person the desk knows nothing of is not marked', async () => {
  const MANAGER = 'U0MANAGER1';
  await app.setSettings(() => ({
    managers: [MANAGER],
    managerLinks: [{ managerId: MANAGER, manages: [GUEST] }],
  }));
  // New customer in Slack with the guest as owner: Slack's users.info says so, the file is marked.
  await guestOwnedCustomer(app);
  expect(
    await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID, ownerId: GUEST }).lean(),
  ).toMatchObject({ ownerGuest: true });
  const lianyun = await makeCustomer(app, { name: 'Lianyun Optics' });
  const jinqiao = await makeCustomer(app, { name: 'Jinqiao Foods' });
  const open = await makeTicket(app, { customerCode: lianyun.code });
  expect(await app.db.models.tickets.findOne({ number: open.number }).lean()).toMatchObject({
    accountManagerId: OWNER,
  });

  await importCustomers(
    'Code,Name,Owner\n' +
      `${lianyun.code},Lianyun Optics,${GUEST}\n${jinqiao.code},Jinqiao Foods,${OWNER2}\n`,
  );
  expect(await app.db.models.customers.findOne({ code: lianyun.code }).lean()).toMatchObject({
    ownerId: GUEST,
    ownerGuest: true,
  });
  expect(await app.db.models.tickets.findOne({ number: open.number }).lean()).toMatchObject({
    accountManagerId: MANAGER,
    guestOwner: GUEST,
  });
  // Nobody the roles name, nor marked a guest anywhere: not marked (the daily check asks Slack).
  const other = await app.db.models.customers.findOne({ code: jinqiao.code }).lean();
  expect(other).toMatchObject({ ownerId: OWNER2 });
  expect(other!.ownerGuest).toBeUndefined();
});

test('a CSV import handing a guest-owned customer with signals to a member draws the former stand-in’s Home again, without it (as Edit customer does)', async () => {
  const MANAGER = 'U0MANAGER1';
  const OTHER_MANAGER = 'U0MANAGER2';
  await app.setSettings(() => ({
    managers: [OTHER_MANAGER, MANAGER],
    managerLinks: [{ managerId: MANAGER, manages: [GUEST] }],
  }));
  const code = await guestOwnedCustomer(app, { annual_revenue: '600000' });
  // Its stand-in sets a contract end on Edit customer: a signal.
  const edit = (await openCustomerEdit(app, code, MANAGER)).args.view as Record<string, unknown>;
  expect(
    (await app.slack.submitView(edit, { contract_end: '2026-12-20' }, { userId: MANAGER })).body,
  ).toBe('');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const signals = (view: string) => {
    const from = view.indexOf('*Your customers with signals*');
    return from < 0 ? '' : view.slice(from, view.indexOf('"divider"', from));
  };
  // The guest's linked manager stands in: their Home lists the customer's contract end as theirs.
  expect(signals(await openHome(app, MANAGER))).toContain('contract ends 2026-12-20');
  const before = app.fake.calls.length;

  await importCustomers(`Code,Name,Owner\n${code},Shanghai Huadong Machinery,${OWNER2}\n`);
  expect(await app.db.models.customers.findOne({ code }).lean()).toMatchObject({
    ownerId: OWNER2,
  });
  expect((await app.db.models.customers.findOne({ code }).lean())!.ownerGuest ?? false).toBeFalsy();

  // The CLI's Homes are in the outbox, stamped with the real time: the running app delivers them.
  const homes = await homesDelivered(before);
  expect(homes(MANAGER)).toHaveLength(1);
  expect(signals(homes(MANAGER)[0]!)).not.toContain('contract ends 2026-12-20');
  // The new owner's lists it as theirs.
  expect(signals(homes(OWNER2).at(-1) ?? '')).toContain('contract ends 2026-12-20');
});
