// An urgent ticket counted around the clock (Settings -> hours, "Urgent tickets count around the
// clock (24x7)") is put in hours wherever its due time is put in words: its card, the paused
// line, the list rows, the requester's received notice and a critical complaint's notice, in
// English and Chinese. Received Friday 17:30 with a 09:00-18:00 office, "2 h of business time
// left" reads as "30 min today, the rest on Monday", yet it is due at 19:30 that evening
// (revsla F1). A ticket on business time keeps "of business time" / "of working time".
import { beforeEach, expect, test } from 'vitest';
import { slackTime } from '../../src/ui/text.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';
const CUSTOMER_USER = 'U0CUST0001';
const ZONE = 'Asia/Shanghai';
// Friday 2026-11-27 17:30 in Shanghai: the office closes at 18:00.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-27T09:30:00Z' });
let code = '';
beforeEach(async () => {
  await app.setSettings((s) => ({ sla: { ...s.sla, urgentAroundTheClock: true } }));
  code = (await makeCustomer(app, { name: 'Acme', annualRevenue: 100_000 })).code;
});
/** The card `/ticket <number>` shows the agent, as text. */
const card = async (number: string) =>
  JSON.stringify((await app.slack.command('/ticket', number, { userId: AGENT })).body);
/** The agent's `/ticket list <kind>`, as text. */
const listed = async (kind: string) =>
  JSON.stringify((await app.slack.command('/ticket', `list ${kind}`, { userId: AGENT })).body);
/** What the requester was told (by DM), one message a line. */
const toldRequester = () =>
  app.fake.calls
    .filter((c) => c.method === 'chat.postMessage' && c.args.channel === CUSTOMER_USER)
    .map((c) => String(c.args.text))
    .join('\n');
/** Friday 19:30: two hours by the clock after 17:30, after the office closed at 18:00. */
const due = slackTime(new Date('2026-11-27T11:30:00Z'), ZONE);

test('en: urgent 24x7 received Fri 17:30: the card says "2 h left on the 24x7 clock, due Fri 19:30" and the requester "within 2 hours (by Fri 19:30)"; a general ticket keeps business time', async () => {
  const t = await makeTicket(app, {
    customerCode: code,
    severity: 'urgent',
    requester: { userId: CUSTOMER_USER, via: 'slack' },
  });
  expect(t.sla.aroundTheClock).toBe(true);
  expect(t.responseDueAt).toEqual(new Date('2026-11-27T11:30:00Z'));
  const general = await makeTicket(app, { customerCode: code, severity: 'general' });
  await app.desk.outbox.drain();

  const shown = await card(t.number);
  expect(shown).toContain(`*First response due*\\n2 h left on the 24x7 clock, due ${due}`);
  expect(shown).not.toContain('of business time');
  expect(toldRequester()).toContain(
    `answers you within 2 hours (by ${due}). You will hear from us here at each step.`,
  );
  expect(toldRequester()).not.toContain('working time');
  // Business time still says so: 30 min today, 7 h 30 min on Monday.
  expect(await card(general.number)).toContain('*First response due*\\n8 h of business time left');
});

test('zh-CN: the same ticket: 剩余 2 小时（全天候计时）on the card, 在 2 小时内答复您 to the requester, never 工作时间', async () => {
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  const t = await makeTicket(app, {
    customerCode: code,
    severity: 'urgent',
    requester: { userId: CUSTOMER_USER, via: 'slack' },
  });
  await app.desk.outbox.drain();
  const shown = await card(t.number);
  expect(shown).toContain(`*首次响应时限*\\n剩余 2 小时（全天候计时），${due} 到期`);
  expect(shown).not.toContain('工作时间');
  expect(toldRequester()).toContain(`并在 2 小时内答复您（最迟 ${due}）。`);
  expect(toldRequester()).not.toContain('工作时间');
});

test('paused while waiting on the customer: the card and the waiting list say "on the 24x7 clock", overdue or with time left, in English and Chinese', async () => {
  const t = await makeTicket(app, { customerCode: code, severity: 'urgent' });
  await act(app, t.number, { action: 'claim' });
  // 20:30: an hour past its 19:30 first response, set waiting on the customer.
  app.clock.set('2026-11-27T12:30:00Z');
  await act(app, t.number, { action: 'wait' });
  app.clock.set('2026-11-28T02:00:00Z');
  const shown = await card(t.number);
  expect(shown).toContain(
    `*First response due*\\nPaused while waiting on the customer (overdue by 1 h on the 24x7 clock, was due ${due})`,
  );
  // 72 h from 17:30, 3 h of them run before the wait.
  expect(shown).toContain(
    '*Resolution due*\\nPaused while waiting on the customer (69 h left on the 24x7 clock)',
  );
  expect(shown).not.toContain('of business time');
  const row = `paused, waiting on the customer; Response: overdue by 1 h on the 24x7 clock, was due ${due}`;
  expect(await listed('waiting')).toContain(row);
  expect(await listed('overdue')).toContain(row);

  await app.setSettings(() => ({ locale: 'zh-CN' }));
  const zh = await card(t.number);
  expect(zh).toContain(`等待客户中，计时暂停（全天候计时，已超时 1 小时，原定 ${due} 到期）`);
  expect(zh).toContain('等待客户中，计时暂停（全天候计时，剩余 69 小时）');
  expect(zh).not.toContain('工作时间');
  expect(await listed('waiting')).toContain(
    `已暂停，等待客户；响应：已超时 1 小时（全天候计时），原定 ${due} 到期`,
  );
});

test('running past its due time: the card and the overdue list say "overdue by … on the 24x7 clock"', async () => {
  const t = await makeTicket(app, { customerCode: code, severity: 'urgent' });
  app.clock.set('2026-11-27T12:00:00Z'); // 20:00, half an hour past 19:30
  const shown = await card(t.number);
  expect(shown).toContain(
    `*First response due*\\nOverdue by 30 min on the 24x7 clock, was due ${due}`,
  );
  expect(await listed('overdue')).toContain(
    `Response: Overdue by 30 min on the 24x7 clock, was due ${due}`,
  );
});

test('a critical complaint (24x7): the requester is told "we contact you about it within 1 hour (by Fri 18:30)", 在 1 小时内 in Chinese', async () => {
  const complaint = (locale: 'en' | 'zh-CN') =>
    makeTicket(app, {
      customerCode: code,
      type: 'complaint',
      severity: 'general',
      complaintUrgency: 'critical',
      title: 'Line down again',
      requester: { userId: CUSTOMER_USER, via: 'slack' },
    }).then(async (t) => {
      expect(t.sla.aroundTheClock, locale).toBe(true);
      await app.desk.outbox.drain();
      return t;
    });
  const contact = slackTime(new Date('2026-11-27T10:30:00Z'), ZONE);
  await complaint('en');
  expect(toldRequester()).toContain(`we contact you about it within 1 hour (by ${contact}).`);
  expect(toldRequester()).not.toContain('working time');
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  await complaint('zh-CN');
  expect(toldRequester()).toContain(`我们会在 1 小时内就此与您联系（最迟 ${contact}）。`);
  expect(toldRequester()).not.toContain('工作时间');
});
