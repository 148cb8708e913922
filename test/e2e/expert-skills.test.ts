import { describe, expect, test } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { useTestApp } from '../helpers/app.js';
import { act, makeCustomer, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

// An expert's skill matches a word of the ticket's title or description, not any word that
// contains it: the sweep's L2 escalation hands "Interpreter crashes" to the least-loaded expert,
// not to the ERP one; "ERP" itself (in Chinese text too) and a CJK skill inside a phrase still do.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ALERTS_CHANNEL_ID: 'C0ALERTS01' },
  now: '2026-11-24T02:00:00Z',
});
const ERP = 'U0EXPERP01';
const NET = 'U0EXPNET01';

/** An urgent ticket breached at its response target: to whom the sweep escalated it. */
async function escalatedTo(title: string, description: string): Promise<string | undefined> {
  await app.setSettings(() => ({
    experts: [
      { userId: ERP, skills: ['ERP'] },
      { userId: NET, skills: ['network', '网络'] },
    ],
  }));
  const customer = await makeCustomer(app, { annualRevenue: 100_000 });
  // The ERP expert is the busier one: without a skill match, NET (fewest open) is picked.
  for (let i = 0; i < 2; i++) {
    const t = await makeTicket(app, { customerCode: customer.code, title: `Other ${i}` });
    await act(app, t.number, { action: 'claim' }, ERP);
  }
  const t = await makeTicket(app, {
    customerCode: customer.code,
    severity: 'urgent',
    title,
    description,
  });
  await runJobAt(app, slaAlertsJob, '2026-11-24T04:00:01Z'); // response breach: L2 on breach
  const stored = (await app.db.models.tickets.findOne({ number: t.number }).lean())!;
  expect(stored.level).toBe(2);
  return stored.assigneeId;
}

describe('skills on word boundaries', () => {
  test('"Interpreter crashes" is not ERP: the least-loaded expert takes it', async () => {
    expect(await escalatedTo('Interpreter crashes', 'The interpreter stops on start')).toBe(NET);
  });

  test('"ERP-System" and "ERP系统" are ERP: the ERP expert takes it, though busier', async () => {
    expect(await escalatedTo('ERP-System down', 'ERP系统无法登录')).toBe(ERP);
  });
});
