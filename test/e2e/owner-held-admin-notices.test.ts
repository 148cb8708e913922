// reread3 F1: the desk's only staff admin owns a customer and is marked a guest (no manager):
// the outbox holds every DM to them (owner_held), so the admin-only desk notices must not be
// addressed to them. A held person is not staff for those notices (workspace/types.ts
// staffToTellNow, the outbox's own held set): the triage channel is told instead, else up to
// OWNER_HELD_TOLD staff agents by DM, and never the triage channel about its own refusal.
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { countCommands } from '../../bench/commands.js';
import { useTestApp } from '../helpers/app.js';
import { newTicketByModal } from '../helpers/clicks.js';
import { AGENT, ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { ownerMadeGuest } from '../helpers/held.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const AGENT2 = 'U0AGENT002';
const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});
const refusalDms = async () =>
  (await app.db.models.outbox.find({ teamId: FAKE_TEAM_ID }).lean()).filter((e) =>
    e.key.startsWith('refused:'),
  );
const texts = (to: string) => app.fake.tookPostsTo(to).map((c) => String(c.args.text));
/** The line the staff told instead of the admins read (`staff.toldInstead`). */
const WHY = 'You get this because no admin or manager of the desk can be reached';

/** The only admin owns a customer and is then marked a guest by the daily owners' check. */
async function soleAdminHeld(channels: { triage?: string; alerts?: string } = {}): Promise<string> {
  await app.setSettings((s) => ({
    admins: [ADMIN],
    managers: [],
    agents: [AGENT, AGENT2],
    accountManagers: [OWNER],
    channels: { ...s.channels, ...channels },
  }));
  const code = await ownerMadeGuest(app, ADMIN);
  app.fake.reset();
  return code;
}

test('Slack refuses the desk in the triage channel: the staff agents are told by DM, not the held admin nor that channel', async () => {
  const code = await soleAdminHeld();
  app.fake.refuseChannel(TRIAGE, 'not_in_channel');
  await newTicketByModal(app, code, { severity: 'general', description: 'x' });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const refusals = await refusalDms();
  expect(refusals.map((e) => e.to).sort()).toEqual([AGENT, AGENT2]);
  expect(refusals.map((e) => e.state)).toEqual(['sent', 'sent']);
  for (const agent of [AGENT, AGENT2]) {
    const told = texts(agent).find((t) => t.includes('Slack refused the desk in'));
    expect(told).toContain('not_in_channel');
    // Why them: the admins cannot be reached, and what it asks is an admin's.
    expect(told).toContain(WHY);
  }
  expect(texts(ADMIN)).toEqual([]);
});

test('Slack refuses the desk in the alerts channel: the triage channel is told, the held admin is not', async () => {
  await soleAdminHeld({ alerts: ALERTS });
  app.fake.refuseChannel(ALERTS, 'channel_not_found');
  const ctx = await ctxOf(app, ADMIN);
  await app.desk.services.outbox.enqueue(ctx, [
    { key: 'test:alerts:1', kind: 'message', to: ALERTS, data: { message: { text: 'alert' } } },
  ]);
  await app.desk.outbox.drain();
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const told = texts(TRIAGE).filter((t) => t.includes('Slack refused the desk in'));
  expect(told).toHaveLength(1);
  expect(told[0]).toContain('channel_not_found');
  expect(told[0]).toContain(WHY);
  expect(told[0]).toContain(`npm run admins -- --team ${FAKE_TEAM_ID} --add`);
  expect(texts(ADMIN)).toEqual([]);
  expect(texts(AGENT)).toEqual([]);
  expect((await refusalDms()).map((e) => e.to)).toEqual([TRIAGE]);
});

test('the held admin stands in for no other guest owner: that owner’s work is held too, and the triage channel told', async () => {
  const GUEST = 'U0GUEST001';
  await soleAdminHeld();
  const ctx = await ctxOf(app, OWNER);
  const { code } = await makeCustomer(app, { ownerId: OWNER, name: 'Nanjing Tools' });
  app.fake.users.set(GUEST, { id: GUEST, real_name: 'Li Lei', team: FAKE_TEAM_ID });
  await app.desk.services.customers.update(ctx, code, { ownerId: GUEST });
  // A call planned by hand for them on a staff owner's customer.
  const other = await makeCustomer(app, { ownerId: OWNER, name: 'Suzhou Parts' });
  await app.desk.services.tasks.createManual(ctx, {
    customerCode: other.code,
    kind: 'call',
    assigneeId: GUEST,
    dueDate: '2026-11-27',
    content: 'Call them about the renewal',
    submissionId: 'V0SUBMIT01',
  } as never);
  await app.desk.outbox.drain();
  app.fake.users.set(GUEST, {
    id: GUEST,
    real_name: 'Li Lei',
    team: FAKE_TEAM_ID,
    is_restricted: true,
  });
  app.fake.reset();
  await runJobAt(app, tasksJob, '2026-11-26T01:00:00Z', ['a']);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const told = texts(TRIAGE).filter((t) => t.includes(`<@${GUEST}>`));
  expect(told).toHaveLength(1);
  expect(told[0]).toContain('nothing of those customers goes to them');
  expect(texts(ADMIN)).toEqual([]);
  const away = await app.db.models.outbox.find({ teamId: FAKE_TEAM_ID, to: ADMIN }).lean();
  expect(away.filter((e) => e.key.startsWith(`owner-away:${GUEST}:`))).toEqual([]);
  // What is addressed to the guest owner is held from them as well.
  await app.desk.services.outbox.enqueue(await ctxOf(app, ADMIN), [
    { key: 'test:guest:1', kind: 'message', to: GUEST, data: { message: { text: 'x' } } },
  ]);
  await app.desk.outbox.drain();
  expect(texts(GUEST)).toEqual([]);
  const held = await app.db.models.outbox.findOne({ key: 'test:guest:1' }).lean();
  expect(held).toMatchObject({ state: 'dropped', lastError: 'owner_held' });

  // Their call waits for someone: listed to an agent, who takes it.
  await app.slack.command('/task', 'team', { userId: AGENT });
  const list = app.fake.callsTo('response_url').at(-1)!.args as {
    text: string;
    blocks: { accessory?: { action_id?: string; options?: unknown[] } }[];
  };
  expect(list.text).toContain('Tasks waiting for someone');
  expect(list.text).toContain('Call them about the renewal');
  const row = list.blocks.find(
    (b) =>
      b.accessory?.action_id === 'task_row_menu' &&
      JSON.stringify(b).includes('Call them about the renewal'),
  )!;
  const menu = row.accessory!.options as { text: { text: string }; value: string }[];
  app.fake.reset();
  await app.slack.blockAction(
    {
      action_id: 'task_row_menu',
      type: 'overflow',
      selected_option: menu.find((o) => o.text.text === 'Edit task')!,
    },
    { userId: AGENT },
  );
  expect(app.fake.callsTo('views.open')).toHaveLength(1);
});

test('two admins, both made guests: the desk is seen as held, the triage channel told; one of them only: nothing read at a DM', async () => {
  const ADMIN2 = 'U0ADMIN002';
  const guest = (id: string, is_restricted = false) =>
    app.fake.users.set(id, { id, real_name: 'Wang Fang', team: FAKE_TEAM_ID, is_restricted });
  await app.setSettings((s) => ({
    admins: [ADMIN, ADMIN2],
    managers: [],
    agents: [AGENT, AGENT2],
    accountManagers: [OWNER],
    channels: { ...s.channels, alerts: ALERTS },
  }));
  // (Days apart from the cases above: an instance keeps its read of the marked owners 5 s.)
  const ctx = await ctxOf(app, OWNER);
  for (const [admin, name] of [
    [ADMIN, 'Nanjing Tools'],
    [ADMIN2, 'Suzhou Parts'],
  ] as const) {
    guest(admin);
    const { code } = await makeCustomer(app, { ownerId: OWNER, name });
    await app.desk.services.customers.update(ctx, code, { ownerId: admin });
  }
  await app.desk.outbox.drain();
  // As stored (the settings' `awayHolders`, written by the daily owners' check).
  const awayHolders = async () =>
    (await app.desk.services.workspaces.stored(FAKE_TEAM_ID)).settings.awayHolders;
  const dm = async (key: string, to: string) => {
    await app.desk.services.outbox.enqueue(await ctxOf(app, OWNER), [
      { key, kind: 'message', to, data: { message: { text: key } } },
    ]);
    await app.desk.outbox.drain();
  };

  // The second admin made a guest: the first stands in for them, nothing is held.
  guest(ADMIN2, true);
  await runJobAt(app, tasksJob, '2026-11-28T01:00:00Z', ['a']);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(await awayHolders()).toEqual([ADMIN2]);
  expect(texts(ADMIN).join('\n')).toContain(`<@${ADMIN2}>`);
  app.fake.reset();
  const counter = countCommands(app.db);
  try {
    await dm('test:two:1', ADMIN2);
  } finally {
    counter.stop();
  }
  // One of two admins marked: their marks are not read to deliver a DM (a desk where someone
  // stands in for every owner).
  expect(counter.trace().filter((c) => c.endsWith(' customers'))).toEqual([]);
  expect(texts(ADMIN2)).toEqual(['test:two:1']);

  // The first one too: nobody stands in for either, the triage channel is told.
  guest(ADMIN, true);
  app.fake.reset();
  await runJobAt(app, tasksJob, '2026-11-29T01:00:00Z', ['a']);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect([...(await awayHolders())].sort()).toEqual([ADMIN, ADMIN2]);
  const held = texts(TRIAGE).filter((t) => t.includes(`<@${ADMIN}>`));
  expect(held).toHaveLength(1);
  expect(held[0]).toContain('nothing of those customers goes to them');
  expect(texts(ADMIN2)).toEqual([]);
  await dm('test:two:2', ADMIN2);
  await dm('test:two:3', ADMIN);
  for (const key of ['test:two:2', 'test:two:3'])
    expect(await app.db.models.outbox.findOne({ key }).lean()).toMatchObject({
      state: 'dropped',
      lastError: 'owner_held',
    });

  // An admins' notice goes to the triage channel, with why.
  app.fake.reset();
  app.fake.refuseChannel(ALERTS, 'is_archived');
  await app.desk.services.outbox.enqueue(await ctxOf(app, OWNER), [
    { key: 'test:two:alert', kind: 'message', to: ALERTS, data: { message: { text: 'a' } } },
  ]);
  await app.desk.outbox.drain();
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const told = texts(TRIAGE).filter((t) => t.includes('Slack refused the desk in'));
  expect(told).toHaveLength(1);
  expect(told[0]).toContain(WHY);
  expect([...texts(ADMIN), ...texts(ADMIN2)]).toEqual([]);

  // Slack says the first is a member again: unmarked, no longer noted; they stand in again.
  guest(ADMIN);
  await runJobAt(app, tasksJob, '2026-11-30T01:00:00Z', ['a']);
  expect(await awayHolders()).toEqual([ADMIN2]);
  app.fake.reset();
  await dm('test:two:4', ADMIN2);
  expect(texts(ADMIN2)).toEqual(['test:two:4']);
});

test('control: an admins’ notice to the admins says nothing of being told instead', async () => {
  await app.setSettings((s) => ({
    admins: [ADMIN],
    managers: [],
    agents: [AGENT],
    channels: { ...s.channels, alerts: ALERTS },
  }));
  app.fake.refuseChannel(ALERTS, 'not_in_channel');
  await app.desk.services.outbox.enqueue(await ctxOf(app, ADMIN), [
    { key: 'test:control:1', kind: 'message', to: ALERTS, data: { message: { text: 'a' } } },
  ]);
  await app.desk.outbox.drain();
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const told = texts(ADMIN).filter((t) => t.includes('Slack refused the desk in'));
  expect(told).toHaveLength(1);
  expect(told[0]).not.toContain(WHY);
  expect(texts(TRIAGE)).toEqual([]);
});
