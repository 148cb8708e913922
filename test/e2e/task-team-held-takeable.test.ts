// revp63 F2: "Tasks waiting for someone" (/task team while nobody of the staff stands in), the
// Home's count of them and who may take one go by one rule (workspace/types.ts heldOwners): a
// task is held when its executor is an owner marked not a member of the workspace whom nobody
// stands in for. A call planned by hand for such an owner on a staff owner's customer is listed,
// and the agent who follows the list takes it.
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

const FOREIGN_ADMIN = 'U0FOREIGN1';
const MEMBER = 'U0MEMBER01';
const TRIAGE = 'C0TRIAGE01';
const app = useTestApp({
  env: { ADMIN_USER_IDS: FOREIGN_ADMIN, TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});

test('a hand-made call for the marked owner on a staff owner’s customer: listed as waiting, counted, and taken', async () => {
  await app.setSettings(() => ({
    admins: [FOREIGN_ADMIN],
    externalHolders: [FOREIGN_ADMIN],
    managers: [],
    agents: [AGENT],
    accountManagers: [OWNER],
  }));
  app.fake.users.set(FOREIGN_ADMIN, { id: FOREIGN_ADMIN, real_name: 'Sam', team: 'T0OTHERORG' });
  app.fake.users.set(MEMBER, { id: MEMBER, real_name: 'Chen Jie', team: FAKE_TEAM_ID });
  const { code } = await makeCustomer(app, { ownerId: OWNER });
  await app.desk.services.customers.update(await ctxOf(app, OWNER), code, { ownerId: MEMBER });
  const other = await makeCustomer(app, { ownerId: OWNER, name: 'Other Co' } as never);
  await app.desk.services.tasks.createManual(await ctxOf(app, OWNER), {
    customerCode: other.code,
    kind: 'call',
    assigneeId: MEMBER,
    dueDate: '2026-11-26',
    content: 'Call them about the renewal',
    submissionId: 'V0SUBMIT01',
  } as never);
  await app.desk.outbox.drain();
  app.fake.users.set(MEMBER, { id: MEMBER, real_name: 'Chen Jie', team: 'T0OTHERORG' });
  app.fake.reset();
  const [run] = await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(run!.counts).toMatchObject({ customersMarkedExternalOwned: 1 });

  // What the Home counts is what the list shows.
  const held = await app.desk.services.tasks.heldCount(await ctxOf(app, AGENT), 100);
  await app.slack.command('/task', 'team', { userId: AGENT });
  const list = app.fake.callsTo('response_url').at(-1)!.args as {
    text: string;
    blocks: { accessory?: { action_id?: string; options?: unknown[] } }[];
  };
  expect(list.text).toContain(`Tasks waiting for someone (${held})`);
  expect(list.text).toContain('Call them about the renewal');
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
