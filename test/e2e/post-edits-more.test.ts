// Retention and erasures edit the desk's other posts about a ticket that quote its words or name
// its customer, recorded where they went once Slack took them (ticket_posts), as the lines under
// its card are: the escalation channel's post (as the timeline reads now, Open kept), the account
// manager's DM, and the SLA sweep's lists and DMs (taken out whole, naming every ticket they had a
// line about, since the other lines go with them) (editmore 1-3).
import { expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { useTestApp } from '../helpers/app.js';
import { erasedInSlack, updatesOfPost } from '../helpers/privacy.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const EXPERT = 'U0EXPERT01';
const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';
const ESCALATION = 'C0ESCAL001';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: {
    TRIAGE_CHANNEL_ID: TRIAGE,
    ALERTS_CHANNEL_ID: ALERTS,
    ESCALATION_CHANNEL_ID: ESCALATION,
    ADMIN_USER_IDS: ADMIN,
  },
  now: '2026-11-24T02:00:00Z',
});

const tsOf = (c: { answer?: unknown }) => String((c.answer as { ts: string }).ts);
const updatesOf = (ts: string) => updatesOfPost(app, ts);

const eraseInSlack = (args: string) => erasedInSlack(app, ADMIN, args);

test('retention edits the escalation channel’s post (no reason, Open kept) and the account manager’s DM', async () => {
  await app.setSettings((s) => ({
    ...s,
    agents: [AGENT],
    experts: [{ userId: EXPERT, skills: [] }],
  }));
  const { code } = await makeCustomer(app, { contact: { name: '王芳', phone: '+8613800138000' } });
  const t = await makeTicket(app, { customerCode: code, title: 'Gate code 4471 for 王芳' });
  await act(app, t.number, { action: 'claim' }, AGENT);
  await act(
    app,
    t.number,
    { action: 'escalate', reason: 'Call 王芳 about gate 4471', expertId: EXPERT },
    AGENT,
  );
  await act(app, t.number, { action: 'resolve', summary: 'Gate fixed' }, EXPERT);
  await act(app, t.number, { action: 'close' }, EXPERT);
  await app.desk.outbox.drain();
  const took = app.fake.tookCalls('chat.postMessage');
  const escalation = took.find(
    (c) => c.args.channel === ESCALATION && String(c.args.text).includes('escalated to L2'),
  )!;
  expect(String(escalation.args.text)).toContain('Call 王芳 about gate 4471');
  const manager = took.find(
    (c) => c.args.channel === OWNER && String(c.args.text).includes('Gate code 4471'),
  )!;
  expect(manager).toBeDefined();

  await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
  await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');

  const [post] = updatesOf(tsOf(escalation));
  expect(post?.args.channel).toBe(ESCALATION);
  expect(String(post!.args.text)).toMatch(
    new RegExp(`${t.number}.* escalated to L2 by <@${AGENT}>, now with <@${EXPERT}>: \\[erased\\]`),
  );
  expect(JSON.stringify(post!.args)).not.toMatch(/王芳|4471/);
  // Its Open button stays: the channel can still open the ticket.
  expect(JSON.stringify(post!.args.blocks)).toContain('Open');
  const dm = updatesOf(tsOf(manager));
  expect(dm.map((c) => c.args.text)).toEqual([
    `:information_source: This message was about ${t.number}. Its words were anonymised (retention or an erasure of personal data): read the ticket for what is left.`,
  ]);
  // Its Open kept (a ticket's, not a complaint's: no Customer contacted).
  expect(JSON.stringify(dm[0]!.args.blocks)).toContain('"action_id":"ticket_open"');
  expect(JSON.stringify(dm[0]!.args.blocks)).not.toContain('task_done_open');
});

test('an erasure takes out the SLA alert lists and DMs with a line about its tickets, naming every ticket of each', async () => {
  const erased = await makeCustomer(app, { name: 'Wangfang Trading' });
  const kept = await makeCustomer(app, { name: 'Lianhua Foods' });
  const mine = await makeTicket(app, {
    customerCode: erased.code,
    severity: 'urgent',
    title: 'Wangfang gate',
  });
  const theirs = await makeTicket(app, {
    customerCode: kept.code,
    severity: 'urgent',
    title: 'Oven E7',
  });
  // 11:30:30: both urgent tickets at 75 % of their first response: one list, one DM for both.
  await runJobAt(app, slaAlertsJob, '2026-11-24T03:30:30Z');
  const list = app.fake.tookCalls('chat.postMessage').filter((c) => c.args.channel === ALERTS);
  const dms = app.fake.tookCalls('chat.postMessage').filter((c) => c.args.channel === OWNER);
  expect(list).toHaveLength(1);
  expect(dms).toHaveLength(1);
  for (const c of [...list, ...dms]) expect(String(c.args.text)).toContain('Wangfang Trading');
  // The other customer's ticket's own alert, in its card's thread: left as posted.
  const card = (await app.db.models.tickets.findOne({ number: theirs.number }).lean())!.card;
  const thread = app.fake
    .tookCalls('chat.postMessage')
    .find((c) => c.args.channel === TRIAGE && c.args.thread_ts === card.ts)!;
  expect(String(thread.args.text)).toContain('Oven E7');

  app.fake.reset();
  await eraseInSlack(erased.code);
  await app.desk.outbox.drain();
  const said = `:information_source: SLA alerts about ${mine.number} and ${theirs.number} were here. The words of one or more of these tickets were anonymised (retention or an erasure of personal data), so the list was taken out: read the tickets for what is left.`;
  for (const c of [...list, ...dms]) {
    const edits = updatesOf(tsOf(c));
    expect(edits.length).toBeGreaterThanOrEqual(1);
    for (const e of edits) {
      expect(e.args.text).toBe(said);
      expect(JSON.stringify(e.args)).not.toContain('Wangfang');
    }
  }
  expect(updatesOf(tsOf(thread))).toEqual([]);
});

test('in zh-CN a list taken out says so in Chinese', async () => {
  await app.setSettings((s) => ({ ...s, locale: 'zh-CN' }));
  const erased = await makeCustomer(app, { name: 'Wangfang Trading' });
  const t = await makeTicket(app, { customerCode: erased.code, severity: 'urgent' });
  const u = await makeTicket(app, { severity: 'urgent' });
  await runJobAt(app, slaAlertsJob, '2026-11-24T03:30:30Z');
  const [dm] = app.fake.tookCalls('chat.postMessage').filter((c) => c.args.channel === OWNER);
  app.fake.reset();
  await eraseInSlack(erased.code);
  await app.desk.outbox.drain();
  expect(updatesOf(tsOf(dm!))[0]?.args.text).toBe(
    `:information_source: 这里原是 ${t.number}和${u.number} 的 SLA 提醒。其中有工单的内容已匿名化（保留期限到期或个人数据已删除），因此整条列表已移除：其余信息请查看各工单。`,
  );
});

test('an erasure edits a critical complaint’s page and the managers’ DM, and the escalation post no longer names the customer', async () => {
  const MANAGER = 'U0MANAG001';
  await app.setSettings((s) => ({
    ...s,
    managers: [MANAGER],
    agents: [AGENT],
    experts: [{ userId: EXPERT, skills: [] }],
  }));
  const erased = await makeCustomer(app, { name: 'Wangfang Trading' });
  const t = await makeTicket(app, {
    customerCode: erased.code,
    type: 'complaint',
    complaintUrgency: 'critical',
    title: 'Fire risk at Wangfang',
  });
  await act(app, t.number, { action: 'claim' }, AGENT);
  await act(app, t.number, { action: 'escalate', reason: 'needs L2', expertId: EXPERT }, AGENT);
  await app.desk.outbox.drain();
  const took = app.fake.tookCalls('chat.postMessage');
  const inEscalation = took.filter((c) => c.args.channel === ESCALATION);
  const page = inEscalation.find((c) => String(c.args.text).includes('Fire risk'))!;
  const post = inEscalation.find((c) => String(c.args.text).includes('escalated to L2'))!;
  const manager = took.find((c) => c.args.channel === MANAGER)!;
  for (const c of [page, post, manager]) expect(JSON.stringify(c.args)).toContain('Wangfang');

  app.fake.reset();
  await eraseInSlack(erased.code);
  await app.desk.outbox.drain();
  for (const c of [page, manager])
    expect(updatesOf(tsOf(c)).map((u) => u.args.text)).toEqual([
      `:information_source: This message was about ${t.number}. Its words were anonymised (retention or an erasure of personal data): read the ticket for what is left.`,
    ]);
  const [edited] = updatesOf(tsOf(post));
  expect(String(edited!.args.text)).toMatch(/for \[erased\] escalated to L2/);
  expect(JSON.stringify(edited!.args)).not.toContain('Wangfang');
});
