// A complaint's contact step handed to a colleague with Edit task: the missed contact's DM reaches
// them too, besides the account manager and the managers, once each (revcomplaint F6).
import { expect, test } from 'vitest';
import { submitLastModal } from '../helpers/clicks.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { slaSteps, useSlaAlertsApp } from '../helpers/sla-alerts.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useSlaAlertsApp();
const MANAGER = 'U0MANAGER1';
const TAKER = 'U0TAKER001';
const contactLine = 'the account manager has not contacted the customer by the complaint target';

test('a missed contact is told to whoever holds the contact task now, once, as well as the account manager', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 });
  const { sweepAt, posts } = slaSteps(app, () => code);
  const { number } = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'urgent',
    title: 'Broken on arrival',
  });
  await act(app, number, { action: 'claim' });
  const contact = (await app.db.models.tasks.findOne({ kind: 'complaint_contact' }).lean())!;
  // The account manager hands the call to a colleague.
  await app.slack.blockAction(
    { action_id: 'task_edit_open', value: String(contact._id) },
    { userId: OWNER },
  );
  await submitLastModal(app, { executor: TAKER }, OWNER);
  expect((await app.db.models.tasks.findById(contact._id).lean())!.assigneeId).toBe(TAKER);
  app.fake.reset();

  await sweepAt('2026-11-24T06:00:30Z'); // 14:00:30: the 4 h contact target missed
  const told = (user: string) =>
    posts(user).filter((c) => JSON.stringify(c).includes('by the complaint target'));
  expect(told(TAKER)).toHaveLength(1);
  expect(JSON.stringify(told(TAKER))).toContain(number);
  expect(told(OWNER)).toHaveLength(1);
  expect(told(MANAGER)).toHaveLength(1);
  expect(JSON.stringify(told(MANAGER))).toContain(contactLine);
  expect(told(AGENT)).toEqual([]);

  // A later sweep tells nobody again.
  app.fake.reset();
  await sweepAt('2026-11-24T06:30:30Z');
  expect(told(TAKER)).toEqual([]);
});
