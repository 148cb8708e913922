// A complaint's contact step handed to a colleague with Edit task: the missed contact's DM to
// them says the step is theirs, not the managers' "the account manager has not contacted"
// (complaint F6's wording), in en and zh-CN.
import { expect, test } from 'vitest';
import { submitLastModal } from '../helpers/clicks.js';
import { act, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { slaSteps, useSlaAlertsApp } from '../helpers/sla-alerts.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useSlaAlertsApp();
const MANAGER = 'U0MANAGER1';
const TAKER = 'U0TAKER001';

async function handedAndMissed(locale: 'en' | 'zh-CN'): Promise<(user: string) => string> {
  await app.setSettings(() => ({ managers: [MANAGER], locale }));
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
  await app.slack.blockAction(
    { action_id: 'task_edit_open', value: String(contact._id) },
    { userId: OWNER },
  );
  await submitLastModal(app, { executor: TAKER }, OWNER);
  app.fake.reset();
  await sweepAt('2026-11-24T06:00:30Z'); // 14:00:30: the 4 h contact target missed
  return (user) => JSON.stringify(posts(user).filter((c) => JSON.stringify(c).includes(number)));
}

test('the contact task holder is told the contact step is theirs; the managers keep their wording', async () => {
  const dm = await handedAndMissed('en');
  expect(dm(TAKER)).toContain('the customer has not been contacted by the complaint target (');
  expect(dm(TAKER)).toContain(
    '2026-11-24 14:00 GMT+8>), and the contact step is yours: contact them, then record it with Customer contacted',
  );
  expect(dm(TAKER)).not.toContain('the account manager has not contacted');
  expect(dm(MANAGER)).toContain(
    'the account manager has not contacted the customer by the complaint target',
  );
  expect(dm(OWNER)).toContain('you have not contacted the customer by the complaint target');
});

test('in Chinese the holder reads the same, addressed to them', async () => {
  const dm = await handedAndMissed('zh-CN');
  expect(dm(TAKER)).toContain('该投诉的联系任务由你负责：请联系客户，然后点击“已联系客户”记录');
  expect(dm(TAKER)).not.toContain('客户经理未在投诉时限');
  expect(dm(MANAGER)).toContain('客户经理未在投诉时限');
});
