// The requester's "We have your request" held by quiet hours is drawn as it goes out: sent after
// the due time it names (the outbox worker not running until the afternoon, Slack failing), it
// says "as soon as possible", not "(by …)" a time already past; sent before it, it keeps the
// promise. A complaint's notice the same, in Chinese too [sla2 1].
import { beforeEach, expect, test } from 'vitest';
import { slackTime } from '../../src/ui/text.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, makeTicket } from '../helpers/factories.js';

const CUSTOMER_USER = 'U0CUST0001';
const ZONE = 'Asia/Shanghai';
// Tuesday 2026-11-24 23:00 in Shanghai (Mon-Fri 09:00-18:00); quiet hours 22:00-08:00.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ADMIN_USER_IDS: 'U0ADMIN001' },
  now: '2026-11-24T15:00:00Z',
});
let code = '';
beforeEach(async () => {
  await app.setSettings(() => ({ quietHours: { enabled: true, start: '22:00', end: '08:00' } }));
  code = (await makeCustomer(app, { name: 'Acme', annualRevenue: 100_000 })).code;
});
/** What the requester was told by DM, one message a line. */
const toldRequester = () =>
  app.fake.calls
    .filter((c) => c.method === 'chat.postMessage' && c.args.channel === CUSTOMER_USER)
    .map((c) => String(c.args.text))
    .join('\n');
/** Filed at 23:00, not urgent: its notice held by quiet hours (nothing told at 23:10). */
const filedAtNight = async (input: Parameters<typeof makeTicket>[1] = {}) => {
  const t = await makeTicket(app, {
    customerCode: code,
    severity: 'general',
    requester: { userId: CUSTOMER_USER, via: 'slack' },
    ...input,
  });
  app.clock.set('2026-11-24T15:10:00Z');
  await app.desk.outbox.drain();
  expect(toldRequester()).toBe('');
  return t;
};
// 8 business hours from Wednesday 09:00.
const WED_1700 = new Date('2026-11-25T09:00:00Z');

test('held overnight and sent Wed 17:30, after its due time Wed 17:00: "as soon as possible", never "(by Wed 17:00)"', async () => {
  const t = await filedAtNight();
  expect(t.responseDueAt).toEqual(WED_1700);
  app.clock.set('2026-11-25T09:30:00Z'); // Wed 17:30: the worker runs again
  await app.desk.outbox.drain();
  expect(toldRequester()).toBe(
    `We have your request: ticket *${t.number}*, “Spindle error”. What happens next: someone from our service team takes it and answers you as soon as possible (we usually answer within 8 hours of working time). You will hear from us here at each step.`,
  );
  expect(toldRequester()).not.toContain(slackTime(WED_1700, ZONE));
});

test('held overnight and sent when quiet hours end, Wed 08:00: it still promises "(by Wed 17:00)"', async () => {
  await filedAtNight();
  app.clock.set('2026-11-25T00:00:00Z'); // Wed 08:00
  await app.desk.outbox.drain();
  expect(toldRequester()).toContain(
    `answers you within 8 hours of working time (by ${slackTime(WED_1700, ZONE)}).`,
  );
});

test('a complaint held overnight and sent after the answer it promised was due: 尽快就此与您联系, no 最迟', async () => {
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  const t = await filedAtNight({
    type: 'complaint',
    complaintUrgency: 'general',
    title: 'Wrong parts again',
  });
  // Its first response (8 h, Wed 17:00) comes before its contact (24 h): that is the promise.
  expect(t.responseDueAt).toEqual(WED_1700);
  app.clock.set('2026-11-25T09:30:00Z');
  await app.desk.outbox.drain();
  expect(toldRequester()).toContain('我们会尽快就此与您联系（我们通常在 8 小时工作时间内联系）。');
  expect(toldRequester()).not.toContain('最迟');
});

test('held for its conversation thread, the channel archived by Wed 17:30: the DM it falls back on says "as soon as possible" too', async () => {
  const CUST = 'C0CUSTCH01';
  const t = await filedAtNight({ conversation: { channel: CUST, ts: '1795532400.000100' } });
  app.fake.refuseChannel(CUST, 'is_archived');
  app.clock.set('2026-11-25T09:30:00Z');
  await app.desk.outbox.drain();
  expect(toldRequester()).toBe(
    `We have your request: ticket *${t.number}*, “Spindle error”. What happens next: someone from our service team takes it and answers you as soon as possible (we usually answer within 8 hours of working time). You will hear from us here at each step.`,
  );
});
