// The desk's only admin made a guest owner, no manager: their tasks are held ("Tasks waiting for
// someone" in /task team), and any agent takes one with Edit task. Two agents take the same one
// at the same moment: one becomes its executor (one edit), and the other is told a colleague took
// it meanwhile, not "Only the person the task is for or a manager can edit this task" (revp65 F4:
// on a desk with no manager, naming nobody in the modal). A Done tried after the take is told
// the same, the colleague named (a mention) where Slack shows mrkdwn.
// Through the real Bolt stack: signed commands, block actions and view submissions, the fake Slack.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { newTicketByModal } from '../helpers/clicks.js';
import { AGENT, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { ownerMadeGuest } from '../helpers/held.js';

const ADMIN = 'U0ADMIN001';
const AGENT2 = 'U0AGENT002';
const TRIAGE = 'C0TRIAGE01';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});

async function openEdit(user: string) {
  await app.slack.command('/task', 'team', { userId: user });
  const list = app.fake.callsTo('response_url').at(-1)!.args as {
    text: string;
    blocks: { accessory?: { action_id?: string; options?: unknown[] } }[];
  };
  expect(list.text).toContain('Tasks waiting for someone (1)');
  const menu = list.blocks.find((b) => b.accessory?.action_id === 'task_row_menu')!.accessory!
    .options as { text: { text: string }; value: string }[];
  await app.slack.blockAction(
    {
      action_id: 'task_row_menu',
      type: 'overflow',
      selected_option: menu.find((o) => o.text.text === 'Edit task')!,
    },
    { userId: user },
  );
  return {
    view: app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>,
    done: menu.find((o) => o.text.text === 'Done')!,
  };
}

test('two agents take the same held task at once: one executor, the other told a colleague took it', async () => {
  await app.setSettings(() => ({
    admins: [ADMIN],
    managers: [],
    agents: [AGENT, AGENT2],
    accountManagers: [OWNER],
  }));
  app.fake.users.set(AGENT2, { id: AGENT2, real_name: 'Li Lei', team: FAKE_TEAM_ID });
  const code = await ownerMadeGuest(app, ADMIN);
  const number = await newTicketByModal(app, code, {
    severity: 'urgent',
    type: 'complaint',
    complaint_urgency: 'critical',
    description: 'rude',
  });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const { view: v1, done: done1 } = await openEdit(AGENT);
  const { view: v2, done: done2 } = await openEdit(AGENT2);
  const [r1, r2] = await Promise.all([
    app.slack.submitView({ ...v1, id: 'V0TAKE0001' }, { executor: AGENT }, { userId: AGENT }),
    app.slack.submitView({ ...v2, id: 'V0TAKE0002' }, { executor: AGENT2 }, { userId: AGENT2 }),
  ]);
  const task = (await app.db.models.tasks
    .findOne({ teamId: FAKE_TEAM_ID, kind: 'complaint_contact', ticketNumber: number })
    .lean()) as any;
  expect([AGENT, AGENT2]).toContain(task.assigneeId);
  expect(task.edits ?? []).toHaveLength(1);
  const refused = [r1, r2].filter((r) => JSON.stringify(r.body).includes('errors'));
  expect(refused).toHaveLength(1);
  // The modal's inline error is plain text: the colleague is not named there (no mention).
  expect((refused[0]!.body as { errors: Record<string, string> }).errors).toEqual({
    executor:
      'A colleague took this task meanwhile: it is theirs now, no longer waiting for someone.',
  });
  // The loser, still on the list they opened, tries Done: told who took it (a mention).
  const loser = task.assigneeId === AGENT ? AGENT2 : AGENT;
  const mark = app.fake.calls.length;
  await app.slack.blockAction(
    {
      action_id: 'task_row_menu',
      type: 'overflow',
      selected_option: loser === AGENT ? done1 : done2,
    },
    { userId: loser },
  );
  const said = JSON.stringify(app.fake.calls.slice(mark));
  expect(said).toContain(
    `A colleague (<@${task.assigneeId}>) took this task meanwhile: it is theirs now, no longer waiting for someone.`,
  );
});
