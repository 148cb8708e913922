// A request filed after its due time already passed (received days before it was typed in, or a
// customer channel's message handled a day late, which keeps the message's time): the requester's
// "We have your request" does not promise an answer "by" a time already past. It says "as soon
// as possible" with the usual target, in English and Chinese; a complaint's notice the same
// (revsla F2). A late filing whose due time is still ahead keeps its "(by …)".
import { beforeEach, expect, test } from 'vitest';
import { slackTime } from '../../src/ui/text.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';
const ADMIN = 'U0ADMIN001';
const CUST = 'C0CUSTCH01';
const CUSTOMER_USER = 'U0CUST0001';
const ZONE = 'Asia/Shanghai';
// Tuesday 2026-11-24 10:00 in Shanghai; Mon-Fri 09:00-18:00.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});
let code = '';
beforeEach(async () => {
  code = (await makeCustomer(app, { name: 'Acme', annualRevenue: 100_000 })).code;
});
/** What the requester was told by DM, one message a line. */
const toldRequester = () =>
  app.fake.calls
    .filter((c) => c.method === 'chat.postMessage' && c.args.channel === CUSTOMER_USER)
    .map((c) => String(c.args.text))
    .join('\n');
const filed = async (input: Parameters<typeof makeTicket>[1]) => {
  const t = await makeTicket(app, {
    customerCode: code,
    requester: { userId: CUSTOMER_USER, via: 'slack' },
    ...input,
  });
  await app.desk.outbox.drain();
  return t;
};

test('received Thu 19 Nov 10:00, filed Tue 24 Nov 10:00: "answers you as soon as possible (we usually answer within 8 hours of working time)", never "by Thu 19 Nov 18:00"; in Chinese 尽快答复您', async () => {
  const t = await filed({ severity: 'general', receivedAt: new Date('2026-11-19T02:00:00Z') });
  expect(t.responseDueAt).toEqual(new Date('2026-11-19T10:00:00Z'));
  expect(toldRequester()).toContain(
    `We have your request: ticket *${t.number}*, “Spindle error”. What happens next: someone from our service team takes it and answers you as soon as possible (we usually answer within 8 hours of working time). You will hear from us here at each step.`,
  );
  expect(toldRequester()).not.toContain('2026-11-19 18:00');

  await app.setSettings(() => ({ locale: 'zh-CN' }));
  const zh = await filed({ severity: 'general', receivedAt: new Date('2026-11-19T02:00:00Z') });
  expect(toldRequester()).toContain(
    `我们已收到您的请求：工单 *${zh.number}*“Spindle error”。接下来：服务团队会接手处理，并尽快答复您（我们通常在 8 小时工作时间内答复）。每一步进展都会在这里告诉您。`,
  );
  expect(toldRequester()).not.toContain('最迟');
});

test('received an hour ago, due this afternoon: the notice still promises "(by Tue 17:00)"', async () => {
  await filed({ severity: 'general', receivedAt: new Date('2026-11-24T01:00:00Z') });
  const due = slackTime(new Date('2026-11-24T09:00:00Z'), ZONE);
  expect(toldRequester()).toContain(`answers you within 8 hours of working time (by ${due}).`);
});

test('a complaint received last week: "we contact you about it as soon as possible", never by a past time; 尽快就此与您联系 in Chinese', async () => {
  const complaint = {
    type: 'complaint' as const,
    severity: 'general' as const,
    complaintUrgency: 'general' as const,
    title: 'Wrong parts again',
    receivedAt: new Date('2026-11-17T02:00:00Z'),
  };
  await filed(complaint);
  expect(toldRequester()).toContain(
    'we contact you about it as soon as possible (we usually do so within 8 hours of working time).',
  );
  expect(toldRequester()).not.toContain('(by ');
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  await filed(complaint);
  expect(toldRequester()).toContain('我们会尽快就此与您联系（我们通常在 8 小时工作时间内联系）。');
  expect(toldRequester()).not.toContain('最迟');
});

test('a customer channel’s message of Mon 09:00 filed by the link’s emoji at Tue 08:50 (due Mon 17:00): its thread is told "as soon as possible", not "by Mon 17:00"', async () => {
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  await app.slack.command('/desk', `channel link ${code} emoji`, {
    userId: ADMIN,
    channelId: CUST,
  });
  app.clock.set('2026-11-24T00:50:00Z'); // Tue 08:50
  const ts = '1795395600.000100'; // Mon 2026-11-23 09:00 Shanghai
  app.fake.peopleMessages.set(CUST, [{ ts, user: CUSTOMER_USER, text: 'Line 3 stopped' }]);
  await app.slack.eventDelivery(
    {
      type: 'reaction_added',
      user: AGENT,
      reaction: 'ticket',
      item: { type: 'message', channel: CUST, ts },
      item_user: CUSTOMER_USER,
    },
    { eventId: 'Ev0PASTDUE1' },
  );
  const t = (await app.db.models.tickets.findOne({ title: 'Line 3 stopped' }).lean())!;
  // The message's own time: 8 business hours from Monday 09:00.
  expect(t.receivedAt).toEqual(new Date('2026-11-23T01:00:00Z'));
  expect(t.responseDueAt).toEqual(new Date('2026-11-23T09:00:00Z'));
  await app.desk.outbox.drain();
  const inThread = app.fake.calls
    .filter((c) => c.method === 'chat.postMessage' && c.args.channel === CUST)
    .filter((c) => c.args.thread_ts === ts)
    .map((c) => String(c.args.text))
    .join('\n');
  expect(inThread).toContain(
    'answers you as soon as possible (we usually answer within 8 hours of working time).',
  );
  expect(inThread).not.toContain('2026-11-23 17:00');
});
