// revp63 F1: the desk's only admin owns a customer and Slack now says they are a guest; no
// manager. Who stands in is one rule (workspace/types.ts standIns: the staff admins, else
// managers, but the owner): nobody does, so the triage channel is told the work is held, and it
// is: the complaint's ticket and contact task keep the guest admin's id, nothing of them is sent
// to them, and an agent lists the task in /task team and takes it with Edit.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { newTicketByModal } from '../helpers/clicks.js';
import { AGENT, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { ownerMadeGuest } from '../helpers/held.js';

const ADMIN = 'U0ADMIN001';
const TRIAGE = 'C0TRIAGE01';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});
const texts = (to: string) => app.fake.tookPostsTo(to).map((c) => String(c.args.text));

test('the only admin made a guest, no manager: their customer’s complaint is held from them and an agent takes it', async () => {
  await app.setSettings(() => ({
    admins: [ADMIN],
    managers: [],
    agents: [AGENT],
    accountManagers: [OWNER],
  }));
  const code = await ownerMadeGuest(app, ADMIN);
  // The triage channel is told the work is held ...
  expect(texts(TRIAGE).join('\n')).toContain('nothing of those customers goes to them');

  app.fake.reset();
  const number = await newTicketByModal(app, code, {
    severity: 'urgent',
    type: 'complaint',
    complaint_urgency: 'critical',
    description: 'rude',
  });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  // ... and it is: the records keep the owner's id (the stand-in repair hands them to the first
  // admin or manager made), and nothing of the complaint reaches the guest admin.
  const task = await app.db.models.tasks
    .findOne({ teamId: FAKE_TEAM_ID, kind: 'complaint_contact', ticketNumber: number })
    .lean();
  expect(task).toMatchObject({ assigneeId: ADMIN });
  expect(task).not.toHaveProperty('guestOwner');
  const ticket = await app.db.models.tickets.findOne({ number }).lean();
  expect(ticket).toMatchObject({ accountManagerId: ADMIN });
  expect(texts(ADMIN).filter((t) => t.includes(number))).toEqual([]);
  const dropped = await app.db.models.outbox
    .find({ to: ADMIN, state: 'dropped', lastError: 'owner_held' })
    .lean();
  expect(dropped.length).toBeGreaterThan(0);

  // An agent lists the held task and takes it.
  await app.slack.command('/task', 'team', { userId: AGENT });
  const list = app.fake.callsTo('response_url').at(-1)!.args as {
    text: string;
    blocks: { accessory?: { action_id?: string; options?: unknown[] } }[];
  };
  expect(list.text).toContain('Tasks waiting for someone (1)');
  const menu = list.blocks.find((b) => b.accessory?.action_id === 'task_row_menu')!.accessory!
    .options as { text: { text: string }; value: string }[];
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

test('control: the only admin made a guest, with a manager: the manager stands in, nothing is held', async () => {
  const MANAGER = 'U0MANAGER1';
  await app.setSettings(() => ({
    admins: [ADMIN],
    managers: [MANAGER],
    agents: [AGENT],
    accountManagers: [OWNER],
  }));
  const code = await ownerMadeGuest(app, ADMIN);
  app.fake.reset();
  const number = await newTicketByModal(app, code, {
    severity: 'urgent',
    type: 'complaint',
    complaint_urgency: 'critical',
    description: 'rude',
  });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const task = await app.db.models.tasks
    .findOne({ teamId: FAKE_TEAM_ID, kind: 'complaint_contact', ticketNumber: number })
    .lean();
  expect(task).toMatchObject({ assigneeId: MANAGER, guestOwner: ADMIN });
  expect(texts(MANAGER).some((t) => t.includes(number))).toBe(true);
  expect(texts(ADMIN).filter((t) => t.includes(number))).toEqual([]);
  // The agent is refused the team's list as on any desk with a manager.
  await app.slack.command('/task', 'team', { userId: AGENT });
  const answer = app.fake.callsTo('response_url').at(-1)!.args as { text: string };
  expect(answer.text).toContain('Only managers and admins');
});
