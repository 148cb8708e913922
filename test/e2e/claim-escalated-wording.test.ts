// Claim on a ticket escalated to an expert: it was not claimed by them, it was escalated to them.
// The refusal once said "already claimed (by <@expert>)" / "已被认领（认领人 …）", the word for
// another agent's click, for a ticket the desk or a colleague escalated (revweekzh F8).
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });
const EXPERT = 'U0EXPPRN01';
const OTHER = 'U0AGENT002';

const claim = (number: string, userId: string) =>
  app.slack.blockAction(
    { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
    { userId, channelId: TRIAGE },
  );
const told = () => app.fake.callsTo('response_url').map((c) => String(c.args.text));

test('Claim on a ticket escalated to L2: says it was escalated and who handles it, in English and Chinese', async () => {
  await app.setSettings(() => ({ experts: [{ userId: EXPERT, skills: ['printer'] }] }));
  const customer = await makeCustomer(app, { annualRevenue: 100_000 });
  const { number } = await makeTicket(app, { customerCode: customer.code });
  await act(app, number, { action: 'claim' }, AGENT);
  await act(
    app,
    number,
    { action: 'escalate', reason: 'Needs the printer expert', expertId: EXPERT },
    AGENT,
  );
  const stored = await app.db.models.tickets.findOne({ number }).lean();
  expect([stored!.level, stored!.assigneeId]).toEqual([2, EXPERT]);

  await claim(number, OTHER);
  expect(told().at(-1)).toBe(`${number} was escalated to L2 (handled by <@${EXPERT}>).`);

  await app.setSettings(() => ({ locale: 'zh-CN' }));
  await claim(number, OTHER);
  expect(told().at(-1)).toBe(`${number} 已升级到 L2（处理人 <@${EXPERT}>）。`);
  expect(told().join('\n')).not.toMatch(/claimed|认领/);

  // At L1, another agent's claim is still said as such.
  const { number: plain } = await makeTicket(app, { customerCode: customer.code });
  await act(app, plain, { action: 'claim' }, AGENT);
  await claim(plain, OTHER);
  expect(told().at(-1)).toBe(`${plain} 已被认领（认领人 <@${AGENT}>）。`);
});
