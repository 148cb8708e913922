// A Shanghai service team's week in Chinese, the week before the 2026 Spring Festival: the
// workspace in zh-CN and Asia/Shanghai, business hours 09:00-18:00, China's statutory holidays
// loaded (春节 15-23 February, make-up working Saturdays 14 and 28 February), customers with
// Chinese names and +86 phones, amounts in CNY. Each step goes through Slack's signed requests
// or a scheduled job, and asserts what a Chinese-speaking agent reads in what the fake Slack
// recorded: no English left, Chinese punctuation, times in Shanghai time, due dates on the
// working days of the 调休 calendar, Chinese names found by part and listed by pinyin.
import { describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { tasksJob } from '../../jobs/tasks.js';
import type { RecordedCall } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import {
  ADMIN, // 陈静, the team lead, admin
  AGENT, // 王磊, L1
  AGENT2, // 孙丽, L1
  ALERTS,
  all,
  at,
  DIGEST,
  EXPERT, // 周强, L2
  MANAGER, // 刘洋, service manager
  OWNER, // 吴敏, account manager
  shown,
  texts,
  useWalkDesk,
} from '../helpers/walk.js';

// Monday 2026-02-09 09:30 in Shanghai.
const { app, lastModal, lastReply, click, card } = useWalkDesk({
  now: '2026-02-09T01:30:00Z',
  since: '2026-01-01T00:00:00Z',
  admin: ADMIN,
  channels: { triage: true, alerts: true, digest: true },
});

/** What people were shown since `from` (an index in the fake's record). */
const seenSince = (from: number) =>
  app.fake.calls.slice(from).filter((c) => c.method !== 'users.info');

/**
 * English words left in a Chinese surface: what remains of the text without Slack's markup
 * (mentions, links, date tokens, emoji), code spans, record numbers and the Latin terms the
 * Chinese catalogue keeps on purpose (SLA, KPI, NPS, L1-L3, Slack, CNY, GMT+8, ...).
 */
function english(text: string): string[] {
  const left = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/:[a-z0-9_+-]+:/g, ' ')
    .replace(/\/(ticket|customer|task|desk)\b/g, ' ')
    .replace(/\b[CT]20\d{5,6}\b/g, ' ')
    .replace(/\b20\d\d-W\d\d\b/g, ' ')
    .replace(
      /\b(SLA|KPI|NPS|L[123]|Slack|Connect|CNY|GMT|Asia\/Shanghai|IANA|ERP|YYYY-MM-DD|7x24|ext|Q[1-4])\b/g,
      ' ',
    );
  return left.match(/[A-Za-z]{3,}/g) ?? [];
}

function expectChinese(calls: RecordedCall[]) {
  for (const call of calls)
    for (const text of texts(call)) expect(english(text), `${call.method}: ${text}`).toEqual([]);
}

const ticketNamed = async (title: string) =>
  (await app.db.models.tickets.findOne({ title }).lean())!;
const dmsTo = (user: string) => app.fake.postsTo(user).map((c) => String(c.args.text));

async function setUp() {
  // The admin switches the desk to Chinese and Shanghai time: answered in Chinese at once.
  let from = app.fake.calls.length;
  await app.slack.command('/desk', 'settings locale', { userId: ADMIN });
  const saved = await app.slack.submitView(
    lastModal(),
    { locale: 'zh-CN', time_zone: 'Asia/Shanghai' },
    { userId: ADMIN },
  );
  expect(saved.body).toBe('');
  expect(lastReply()).toBe('设置已保存：*语言和时区*（1 项修改）。');

  // Business hours 09:00-18:00, Monday to Friday: already the default.
  from = app.fake.calls.length;
  await app.slack.command('/desk', 'settings hours', { userId: ADMIN });
  expect(lastModal().title.text).toBe('工作时间');
  await app.slack.submitView(lastModal(), {}, { userId: ADMIN });
  expect(lastReply()).toBe('*工作时间* 没有变化。');
  expectChinese(seenSince(from));

  // China's 2026 holidays, loaded with the button, checked, saved.
  from = app.fake.calls.length;
  await app.slack.command('/desk', 'settings holidays', { userId: ADMIN });
  const holidays = { ...lastModal(), id: 'V0HOLIDAYS1' };
  await app.slack.blockAction(
    { action_id: 'settings_load_holidays', value: '2026' },
    { userId: ADMIN, view: { ...holidays, state: { values: {} } } },
  );
  const loaded: Record<string, any> = { ...lastModal(), id: 'V0HOLIDAYS1' };
  expect(JSON.stringify(loaded.blocks)).toContain('2026-02-15');
  expect((await app.slack.submitView(loaded, {}, { userId: ADMIN })).body).toBe('');
  expect(lastReply()).toMatch(/^设置已保存：\*节假日\*（2 项修改）。/);
  expectChinese(seenSince(from));
  const stored = await app.desk.services.workspaces.settings('T0TEAM0001');
  expect(stored.businessHours.holidays).toEqual(
    expect.arrayContaining(['2026-02-15', '2026-02-23', '2026-10-01']),
  );
  expect(stored.businessHours.extraWorkdays).toEqual(
    expect.arrayContaining(['2026-02-14', '2026-02-28']),
  );

  await app.setSettings(() => ({
    managers: [MANAGER],
    agents: [AGENT, AGENT2],
    experts: [{ userId: EXPERT, skills: ['扫码枪'] }],
    accountManagers: [OWNER],
  }));
  from = app.fake.calls.length;
  await app.slack.command('/desk', 'settings history', { userId: ADMIN });
  const history = all(seenSince(from));
  expect(history).toContain('语言：English（英语） → 简体中文');
  expect(history).toContain(shown('2026-02-09 09:30'));
  expectChinese(seenSince(from).map((c) => ({ ...c, args: { ...c.args, blocks: [] } })));
}

/** `/customer new`, filled in as the account manager types it; the card the answer shows. */
async function newCustomer(form: Record<string, string>): Promise<string> {
  await app.slack.command('/customer', 'new', { userId: OWNER });
  const from = app.fake.calls.length;
  const res = await app.slack.submitView(
    lastModal(),
    { industry: '制造业', source: 'referral', first_contact: '2026-02-09', ...form },
    { userId: OWNER },
  );
  expect(res.body).toBe('');
  expectChinese(seenSince(from));
  return all(seenSince(from));
}

describe('a Shanghai service team’s week before the Spring Festival, in Chinese', () => {
  test('set-up, customers, a ticket to its revisits, an alert across the holiday, lists, search, digest and Home', async () => {
    await setUp();

    // Monday 09:40: the account manager files four customers.
    app.clock.set(at('2026-02-09 09:40').toISOString());
    const huadong = await newCustomer({
      name: '上海华东机械有限公司',
      contact_name: '王芳',
      contact_title: '采购经理',
      contact_phone: '+86 138 0013 8000',
      annual_revenue: '120万',
    });
    expect(huadong).toContain('已创建客户 *上海华东机械有限公司*（C2026001）。');
    expect(huadong).toContain('120万元');
    expect(huadong).toContain('*王芳* · 采购经理 · 138 0013 8000');
    const beijing = await newCustomer({
      name: '北京中关村科技有限公司',
      contact_name: '李娜',
      contact_title: '采购',
      contact_phone: '010-12345678转123',
      annual_revenue: '55万',
    });
    expect(beijing).toContain('55万元');
    expect(beijing).toContain('010 1234 5678 转 123');
    const shenzhen = await newCustomer({
      name: '深圳前海贸易有限公司',
      contact_name: '张伟',
      contact_title: '总经理',
      contact_phone: '0755 8888 1234',
      annual_revenue: '1,234,567',
    });
    expect(shenzhen).toContain('1,234,567元');
    expect(shenzhen).toContain('0755 8888 1234');
    await newCustomer({
      name: '阿里巴巴华东分公司',
      contact_name: '赵敏',
      contact_title: '经理',
      annual_revenue: '8万',
    });

    // An agent sees the contact masked.
    let from = app.fake.calls.length;
    await app.slack.command('/customer', 'C2026001', { userId: AGENT });
    expect(all(seenSince(from))).toContain('*王芳* · 采购经理 · 138****8000');
    expectChinese(seenSince(from));

    // Monday 10:00: a ticket with a Chinese subject; the customer picked by the part the agent
    // knows of its name.
    app.clock.set(at('2026-02-09 10:00').toISOString());
    const picked = await app.slack.blockSuggestion(
      { action_id: 'customer_picker', value: '华东' },
      { userId: AGENT },
    );
    expect(picked.body.options.map((o: any) => o.text.text)).toEqual([
      'C2026004 阿里巴巴华东分公司',
      'C2026001 上海华东机械有限公司',
    ]);
    const title = '打印机离线，东区仓库的标签打印机在固件升级后一直显示离线，所有出库单都无法打印';
    from = app.fake.calls.length;
    await app.slack.command('/ticket', `new ${title}`, { userId: AGENT });
    expect(lastModal().title.text).toBe('新建工单');
    const filed = await app.slack.submitView(
      lastModal(),
      {
        customer: 'C2026001',
        severity: 'important',
        type: 'after_sales',
        channel: 'phone',
        description: '固件升级到 3.2 后离线，重启无效',
      },
      { userId: AGENT },
    );
    expect(filed.body).toBe('');
    await app.desk.outbox.drain();
    expectChinese(seenSince(from));
    const first = await ticketNamed(title);
    expect(first.number).toBe('T20260001');
    // A strategic customer, an important ticket: 4 business hours, then 72 for the resolution
    // (Friday's 9, Saturday the 14th's 9 as a make-up working day, the holiday skipped).
    let shownCard = card(first.number);
    expect(shownCard).toContain(`T20260001 · 重要 · 上海华东机械有限公司：${title}`);
    expect(shownCard).toContain(`剩余工作时间 4 小时，${shown('2026-02-09 14:00')} 到期`);
    expect(shownCard).toContain(`剩余工作时间 72 小时，${shown('2026-02-26 10:00')} 到期`);
    // The account manager is told, and the thread opens.
    expect(dmsTo(OWNER).join('\n')).toContain('T20260001');
    expectChinese(app.fake.postsTo(OWNER));

    // 10:30 claimed; 11:00 waiting on the customer: the clocks pause with the time left.
    app.clock.set(at('2026-02-09 10:30').toISOString());
    await click('ticket_claim', first.number);
    app.clock.set(at('2026-02-09 11:00').toISOString());
    from = app.fake.calls.length;
    await click('ticket_wait', first.number);
    await app.desk.outbox.drain();
    shownCard = card(first.number);
    expect(shownCard).toContain('等待客户中，计时暂停（剩余工作时间 3 小时）');
    expect(all(seenSince(from))).toContain(`<@${AGENT}>：等待客户回复，SLA 计时暂停。`);

    // Wednesday 10:00 the customer answers; 11:00 resolved.
    app.clock.set(at('2026-02-11 10:00').toISOString());
    await click('ticket_resume', first.number);
    await app.desk.outbox.drain();
    expect(card(first.number)).toContain(`剩余工作时间 3 小时，${shown('2026-02-11 13:00')} 到期`);
    app.clock.set(at('2026-02-11 11:00').toISOString());
    await click('ticket_resolve_open', first.number);
    expect(lastModal().title.text).toBe('解决 T20260001');
    from = app.fake.calls.length;
    await app.slack.submitView(
      lastModal(),
      { resolution: '回滚固件，已恢复打印' },
      { userId: AGENT },
    );
    await app.desk.outbox.drain();
    expectChinese(seenSince(from));
    expect(card(first.number)).toContain(`已于 ${shown('2026-02-11 11:00')} 解决`);

    // The 3-7-30 follow-ups on the 调休 calendar: day 3 is Saturday the 14th, a make-up working
    // day: due then; day 7 (the 18th) falls in the Spring Festival: the 24th, its first working
    // day after; day 30 (13 March) is a Friday.
    const dues = (await app.db.models.tasks.find({ ticketNumber: first.number }).lean())
      .map((t) => `${t.kind} ${t.dueDate}`)
      .sort();
    expect(dues).toEqual(['checkin 2026-03-13', 'guide 2026-02-24', 'revisit 2026-02-14']);
    from = app.fake.calls.length;
    await app.slack.command('/task', 'mine', { userId: AGENT });
    const mine = all(seenSince(from));
    expect(mine).toContain('我的未完成任务（2）');
    expect(mine).toContain('2026-02-14 到期（还有 3 天）');
    expect(mine).toContain('2026-02-24 到期（还有 13 天）');
    expectChinese(seenSince(from));

    // Friday 16:00, the eve of the make-up Saturday: a scanner ticket, important, for a key
    // customer (4 business hours): 2 today, 2 on Saturday morning.
    app.clock.set(at('2026-02-13 16:00').toISOString());
    await app.slack.command('/ticket', 'new 华东仓库扫码枪无法连接', { userId: AGENT2 });
    await app.slack.submitView(
      lastModal(),
      { customer: 'C2026002', severity: 'important', type: 'after_sales', description: '蓝牙断开' },
      { userId: AGENT2 },
    );
    await app.desk.outbox.drain();
    const second = await ticketNamed('华东仓库扫码枪无法连接');
    expect(second.responseDueAt).toEqual(at('2026-02-14 11:00'));

    // Saturday 14th 09:00, a working day: the agent is reminded of the revisit due today.
    await runJobAt(app, tasksJob, at('2026-02-14 09:00').toISOString());
    const reminder = dmsTo(AGENT).join('\n');
    expect(reminder).toContain('*回访* · 上海华东机械有限公司（C2026001）');
    expect(reminder).toContain('*今天* 到期');
    expect(reminder).not.toContain('逾期');
    expectChinese(app.fake.postsTo(AGENT));

    // 10:00 the warning, 11:30 the breach: in Chinese, in Shanghai time, nobody told it is late
    // on a day nobody works.
    await runJobAt(app, slaAlertsJob, at('2026-02-14 10:00').toISOString());
    const warned = String(app.fake.postsTo(ALERTS)[0]!.args.text);
    expect(warned).toContain(
      `华东仓库扫码枪无法连接 · 北京中关村科技有限公司 · 重要：首次响应即将到期（截止 ${shown('2026-02-14 11:00')}）`,
    );
    expectChinese(app.fake.calls);
    await runJobAt(app, slaAlertsJob, at('2026-02-14 11:30').toISOString());
    const breach = app.fake.postsTo(ALERTS).map((c) => String(c.args.text));
    expect(breach.join('\n')).toContain(`首次响应已于 ${shown('2026-02-14 11:00')} 超时`);
    expect(breach.join('\n')).toContain('超时自动升级到 L2');
    expect(dmsTo(EXPERT).join('\n')).toContain('现由你负责');
    expectChinese(app.fake.calls);

    // Saturday 17:00, the last hour before the festival: a general question of a strategic
    // customer (its tier's 4 business hours are the stricter) runs 1 hour now and 3 more after
    // the holiday, on Tuesday the 24th.
    app.clock.set(at('2026-02-14 17:00').toISOString());
    await app.slack.command('/ticket', 'new 节后发货计划咨询', { userId: AGENT2 });
    await app.slack.submitView(
      lastModal(),
      {
        customer: 'C2026003',
        severity: 'general',
        type: 'consultation',
        description: '节后第一批',
      },
      { userId: AGENT2 },
    );
    const third = await ticketNamed('节后发货计划咨询');
    expect(third.responseDueAt).toEqual(at('2026-02-24 12:00'));
    // The SLA sweep on the first day of the festival says nothing about it.
    await runJobAt(app, slaAlertsJob, at('2026-02-16 10:00').toISOString());
    expect(all(app.fake.callsTo('chat.postMessage'))).not.toContain('节后发货计划咨询');

    // Monday the 16th is a holiday, and so is the rest of the week: the digest of week 7 goes
    // out on the Monday all the same (no working day left in the week to wait for).
    await runJobAt(app, digestJob, at('2026-02-16 09:00').toISOString());
    const digest = app.fake.postsTo(DIGEST);
    expect(digest).toHaveLength(1);
    const digestText = all(digest);
    expect(String(digest[0]!.args.text)).toMatch(
      /^每周 KPI 摘要 · 2026 年第 7 周（2026-02-09 至 2026-02-15）：/,
    );
    expect(digestText).toContain('*新建*\n3（较上周 +3）');
    expect(digestText).toContain('*已解决*\n1（较上周 +1）');
    expect(digestText).toContain('*本周结束时超时*\n1（较上周 +1）');
    expect(digestText).toMatch(
      /T20260002>（北京中关村科技有限公司） · 本周结束时仍未解决，首次响应已超时/,
    );
    expectChinese(digest);

    // Tuesday the 24th, back at work.
    app.clock.set(at('2026-02-24 09:10').toISOString());
    from = app.fake.calls.length;
    await app.slack.command('/ticket', 'list', { userId: MANAGER });
    const list = all(seenSince(from));
    expect(list).toContain('未结工单（2）');
    // Due first: the breached one, then the one due at noon today.
    expect(list.indexOf('T20260002')).toBeLessThan(list.indexOf('T20260003'));
    expect(list).toContain(`原定 ${shown('2026-02-14 11:00')} 到期`);
    expect(list).toContain(`${shown('2026-02-24 12:00')} 到期`);
    expectChinese(seenSince(from));

    // Customers by part of a name, in pinyin order; a contact's name finds their company.
    const find = async (text: string) => {
      const start = app.fake.calls.length;
      await app.slack.command('/customer', `find ${text}`, { userId: AGENT });
      expectChinese(seenSince(start));
      return all(seenSince(start));
    };
    const east = await find('华东');
    expect(east).toContain('共 2 家客户匹配“华东”');
    expect(east.indexOf('阿里巴巴华东分公司')).toBeLessThan(east.indexOf('上海华东机械有限公司'));
    const companies = await find('有限公司');
    expect(['北京中关村', '上海华东', '深圳前海'].map((n) => companies.indexOf(n))).toEqual(
      ['北京中关村', '上海华东', '深圳前海'].map((n) => companies.indexOf(n)).sort((a, b) => a - b),
    );
    expect(await find('王芳')).toContain('*上海华东机械有限公司* · C2026001');
    expect(await find('广州')).toContain(
      '没有客户匹配“广州”。试试名称或编号的一部分，或用 `/customer new` 新建客户。',
    );

    // Home: the agent's follow-ups, the manager's queue, in Chinese.
    from = app.fake.calls.length;
    for (const user of [AGENT, MANAGER])
      await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
    const homes = seenSince(from).filter((c) => c.method === 'views.publish');
    expect(homes).toHaveLength(2);
    const agentHome = all([homes[0]!]);
    expect(agentHome).toContain('*今天到期和已逾期的任务*（2）');
    expect(agentHome).toContain('*使用指南与答疑* · 上海华东机械有限公司（C2026001）');
    expect(agentHome).toContain('工作区时区：北京时间 · 语言：简体中文');
    const managerHome = all([homes[1]!]);
    expect(managerHome).toContain('*已超时*（1）');
    expectChinese(homes);
  });
});
