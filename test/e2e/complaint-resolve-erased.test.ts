// A complaint of a customer erased whole (PIPL) is resolved without the customer contact: the
// erased customer is contacted no more (the daily tasks run cancels its contact task, `erased`),
// so Resolve opens its form saying so and goes, and the card says the contact was not owed, in
// the reader's language. Before, it was refused for good (the contact could only be recorded
// through the cancelled task). Through the real Bolt HTTP path: signed requests, the fake Slack,
// the test database.
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { latestCard } from '../helpers/clicks.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { fields } from '../helpers/ui.js';

const ADMIN = 'U0ADMIN001';
const TRIAGE = 'C0TRIAGE01';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});

type View = Record<string, any>;

/** A claimed, uncontacted complaint whose customer is then erased whole; the daily run after. */
async function erasedComplaint(): Promise<string> {
  await app.setSettings(() => ({ agents: [AGENT] }));
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const { number } = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'general',
    title: 'Wrong parts delivered',
  });
  await act(app, number, { action: 'claim' }, AGENT);
  await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), code);
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  const contact = await app.db.models.tasks
    .findOne({ teamId: FAKE_TEAM_ID, kind: 'complaint_contact', ticketNumber: number })
    .lean();
  expect([contact?.status, contact?.cancelReason]).toEqual(['cancelled', 'erased']);
  return number;
}

/** AGENT's Resolve on the card: the form opened, its first line, and Slack's answer to its submit. */
async function resolveFromCard(number: string) {
  await app.slack.blockAction(
    { action_id: 'ticket_resolve_open', value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as View;
  const said = view.blocks.find((b: any) => b.type === 'context')?.elements[0].text as string;
  const answer = (
    await app.slack.submitView(
      view,
      {
        resolution: 'Parts replaced',
        root_cause: 'delivery',
        corrective_action: 'Check at packing',
      },
      { userId: AGENT },
    )
  ).body;
  return { said, answer };
}

test('an open complaint of a customer erased whole is resolved without the contact, said on the form and the card', async () => {
  const number = await erasedComplaint();
  expect(await resolveFromCard(number)).toEqual({
    said: 'The customer was erased at their request, so the desk no longer contacts them: this complaint is resolved without the customer contact.',
    answer: '',
  });
  const after = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect({
    status: after.status,
    contactedAt: after.complaint!.contactedAt,
    waived: after.complaint!.contactWaived,
  }).toEqual({ status: 'resolved', contactedAt: undefined, waived: 'erased' });
  expect(fields(latestCard(app, TRIAGE).blocks)['Customer contacted']).toBe(
    'not owed: the customer was erased at their request, so the desk no longer contacts them',
  );
});

test('in Chinese the form and the card say the contact is not owed', async () => {
  const number = await erasedComplaint();
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  expect(await resolveFromCard(number)).toEqual({
    said: '该客户已应其要求被删除，不再联系：此投诉无需联系客户即可解决。',
    answer: '',
  });
  expect(fields(latestCard(app, TRIAGE).blocks)['联系客户']).toBe(
    '无需联系：该客户已应其要求被删除，不再联系',
  );
});
