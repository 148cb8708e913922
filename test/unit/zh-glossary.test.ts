// One name for each role in Chinese: the card's field calls the requester 报告人 and the assignee
// 处理人, so every other message does too. A Chinese reader seeing "报告人 <@U>" on the card and
// "提出人 <@U>" in an alert takes them for two people (revtickets F6). Likewise a thread is 话题.
import { describe, expect, test } from 'vitest';
import { catalogues, translator } from '../../src/i18n/index.js';
import { periodName } from '../../src/i18n/period.js';
import { zoneName } from '../../src/ui/format.js';

const zh = catalogues['zh-CN'];

/** Other names for the requester or the assignee once used, and the one to use instead. */
const SYNONYMS: Record<string, string> = {
  提出人: '报告人',
  请求人: '报告人',
  提交人: '报告人',
  工单负责人: '处理人',
  // A Slack thread is 话题 in every message (the requester's, the Reply modal's): one word.
  讨论串: '话题',
};

describe('zh-CN glossary', () => {
  test('the requester is 报告人 and the assignee 处理人: no message uses another name for them', () => {
    const found = Object.entries(zh).flatMap(([key, message]) =>
      Object.entries(SYNONYMS)
        .filter(([word]) => message.includes(word))
        .map(([word, use]) => `${key}: ${word} (use ${use})`),
    );
    expect(found).toEqual([]);
  });

  test('the card names them so', () => {
    expect(zh['ticket.field.requester']).toBe('报告人');
    expect(zh['ticket.field.assignee']).toBe('处理人');
  });

  // Severity (一般/重要/严重) and a complaint's urgency (manual B's 一般/紧急/特急) are two scales on
  // one card: 紧急 once named both the urgent severity and the urgent complaint, one level apart
  // (revcomplaint F7). Each word names one level of one scale; 一般 is general on both.
  test('severity and complaint urgency share no word but 一般', () => {
    const severity = (['general', 'important', 'urgent'] as const).map(
      (l) => zh[`ticket.severity.${l}`],
    );
    const urgency = (['general', 'urgent', 'critical'] as const).map(
      (l) => zh[`complaint.urgency.${l}`],
    );
    expect(severity).toEqual(['一般', '重要', '严重']);
    expect(urgency).toEqual(['一般', '紧急', '特急']);
    // Messages about the severity scale alone (its settings, its selects), not about complaints.
    const severityOnly = Object.entries(zh).filter(
      ([key, m]) =>
        !m.includes('投诉') &&
        (/^settings\.(field|about|hint)\..*(urgent|hours|quiet)/.test(key) || /urgent \{/.test(m)),
    );
    expect(severityOnly.length).toBeGreaterThan(8);
    expect(severityOnly.filter(([, m]) => /紧急|特急/.test(m)).map(([k]) => k)).toEqual([]);
  });
});

// One measure word for each thing counted: a ticket (工单) is 张, as the digest's "每百张工单" and
// "……另有 N 张" say, and a customer, a company, is 家, as "共 N 家客户" says; 个 for either, or 位
// (for people) for a customer, once beside them in one digest or one handover (revweekzh F1).
// "N 个工作小时", "客户经理 N 位" and "客户负责人的任务 N 个" count hours, people and tasks.
describe('zh-CN measure words', () => {
  const NUM = String.raw`\{[a-zA-Z]+, number\}`;
  const found = (patterns: RegExp[], keys = /./) =>
    Object.entries(zh)
      .filter(([key, m]) => keys.test(key) && patterns.some((p) => p.test(m)))
      .map(([key]) => key);

  test('tickets are counted with 张', () => {
    expect(
      found([
        new RegExp(`工单[^，。；：、]{0,6}${NUM}\\}* 个(?!工作)`),
        new RegExp(`${NUM}\\}* 个(未结|处理中的)?工单`),
      ]),
    ).toEqual([]);
  });

  test('customers are counted with 家', () => {
    expect(
      found([
        new RegExp(`客户(?!经理|负责人)[^，。；：、]{0,6}${NUM}\\}* (个|位)`),
        new RegExp(`${NUM}\\}* (个|位)客户(?!负责人)`),
      ]),
    ).toEqual([]);
    expect(found([new RegExp(`${NUM} (个|位)`)], /^home\.risk\./)).toEqual([]);
    expect(zh['home.risk.counts']).toContain('{churn, number} 家');
  });
});

// Staff call a ticket 工单 (the card, /ticket mine "我的未结工单"); 请求 is the requester's word
// ("您提交的处理中请求"). The agent's Home once called their waiting tickets 请求 (revweekzh F3).
// Staff-facing messages are those that do not address the reader as 您 (the requester's do).
const REQUEST_ALLOWED: Record<string, string> = {
  'ticket.error.receivedTooOld': 'the customer’s request as received, before it is a ticket',
  'ticket.new.guestNowhere': 'said to a guest, a requester',
  'home.problem.noUsersReadOauth': 'the verb: the install requests a scope',
  'ticket.list.none.mine': 'what a member filed, listed by /ticket requests',
};
test('staff-facing Home, ticket and digest messages call a ticket 工单, not 请求', () => {
  const staff = Object.entries(zh).filter(
    ([key, m]) => /^(home|ticket|digest)\./.test(key) && !m.includes('您'),
  );
  expect(staff.length).toBeGreaterThan(300);
  expect(
    staff.filter(([key, m]) => m.includes('请求') && !(key in REQUEST_ALLOWED)).map(([key]) => key),
  ).toEqual([]);
  expect(zh['home.waiting.title']).toContain('等你答复的工单');
});

// A task is named by its kind's label wherever a message names it: the low-score recovery task is
// 低分回访 on the agent's DM, the owner's Home and /task team, so the manager's low-score DM says so
// too; it once said 回访任务, the name of the 3-7-30 revisit, another task (revweekzh F4).
test('a message that reports a low score and a task for it names the task 低分回访', () => {
  const label = zh['task.kind.recovery'];
  expect(label).toBe('低分回访');
  const lowScore = Object.entries(zh).filter(
    ([, m]) => m.includes('低分评价') && m.includes('任务'),
  );
  expect(lowScore.length).toBeGreaterThanOrEqual(3);
  expect(lowScore.filter(([, m]) => !m.includes(label)).map(([key]) => key)).toEqual([]);
});

// A whole number of hours reads "4 小时", as "72 小时" does on every card, not "4 小时 0 分钟"
// (revweekzh F5): every message built of hours and minutes drops the minutes when they are 0.
test('hours and minutes drop "0 分钟" when the minutes are 0', () => {
  const t = translator('zh-CN');
  const hm = Object.entries(zh).filter(
    ([, m]) => /小时/.test(m) && /分钟/.test(m) && /\{h\b/.test(m),
  );
  expect(hm.map(([key]) => key).sort()).toEqual(
    ['duration.hm', 'requester.target.hoursMinutes'].sort(),
  );
  for (const [key] of hm) {
    if (key === 'requester.target.hoursMinutes') continue; // targetWords never passes m = 0
    expect(String(t(key as never, { h: 4, m: 0 } as never))).toBe('4 小时');
    expect(String(t(key as never, { h: 4, m: 5 } as never))).toBe('4 小时 5 分钟');
  }
  // English too ("4 h", not "4 h 0 min"), by the one formatter the digest also goes through.
  const en = translator('en');
  expect(String(en('duration.hm', { h: 4, m: 0 }))).toBe('4 h');
  expect(String(en('duration.hm', { h: 1200, m: 5 }))).toBe('1,200 h 5 min');
});

// "（1 次中 0 次）" under a share read as English "(0 of 1)" word for word; the share's base is
// "（0/1 次）" (revweekzh F6).
test('a share’s base reads part/count, not "N 次中 M 次"', () => {
  expect(
    Object.entries(zh)
      .filter(([, m]) => /次中 ?\{/.test(m))
      .map(([key]) => key),
  ).toEqual([]);
  expect(String(translator('zh-CN')('digest.base.partOf', { count: 1, part: 0 }))).toBe(
    '（0/1 次）',
  );
});

// The SLA's early warning is an alert, 告警, in every message ("SLA 告警"); 预警 is the churn
// warning's word (流失预警), a different thing, and was once also used for the SLA (revweekzh).
test('预警 only in 流失预警; the SLA’s warning is 告警', () => {
  expect(
    Object.entries(zh)
      .filter(([, m]) => m.replaceAll('流失预警', '').includes('预警'))
      .map(([key]) => key),
  ).toEqual([]);
});

// The win-back call is 挽回电话, the task's label, in every message: the risk-lifted cancellation
// once said 挽回回访, which reads as the 3-7-30 revisit (回访), another task (zhweeks).
test('the win-back call is 挽回电话 wherever a message names it', () => {
  expect(zh['task.kind.winback']).toBe('挽回电话');
  const named = Object.entries(zh).filter(([, m]) => /挽回(?!。|并)/.test(m));
  expect(named.length).toBeGreaterThanOrEqual(5);
  expect(named.filter(([, m]) => !m.includes('挽回电话')).map(([key]) => key)).toEqual([]);
  expect(zh['task.error.cancelled.risk_lifted']).toContain('挽回电话');
});

// What a hand-over moved with the customers counts tasks, not their owners: "3 owner’s tasks" and
// "3 个客户负责人的任务" read as three owners (zhweeks). The count follows its noun, as the hand-over's
// own "任务 4 个" does.
test('the hand-over’s owner’s tasks are counted as tasks, in both languages', () => {
  const en = translator('en');
  const t = translator('zh-CN');
  expect(String(en('handover.withCustomer', { count: 3 }))).toBe(
    '3 tasks that come with owning a customer went with the customers to their new owner.',
  );
  expect(String(t('handover.withCustomer', { count: 3 }))).toBe(
    '客户负责人的任务 3 个已随客户移交给新的负责人。',
  );
  expect(String(en('handover.followLeft', { count: 1, from: 'U1' }))).toMatch(
    /^1 task that comes with owning a customer stays with <@U1>’s customers/,
  );
  expect(String(t('handover.followLeft', { count: 1, from: 'U1' }))).toMatch(
    /^客户负责人的任务 1 个仍留在/,
  );
});

// An ISO week code ("2026-W08") reads as a code to a Chinese reader: the digest, the reports and
// their charts name a period "2026 年第 8 周", "2026 年 10 月", "2026 年第 3 季度"; English keeps the
// code people type after /desk report. A range of days is joined by 至, not a dash (zhweeks).
test('report periods are named in words in Chinese, and their days joined by 至', () => {
  const zhT = translator('zh-CN');
  const en = translator('en');
  expect(
    ['2026-W08', '2026-W47', '2026-10', '2027-01', '2026-Q3'].map((p) => periodName(zhT, p)),
  ).toEqual([
    '2026 年第 8 周',
    '2026 年第 47 周',
    '2026 年 10 月',
    '2027 年 1 月',
    '2026 年第 3 季度',
  ]);
  expect(['2026-W08', '2026-10', '2026-Q3'].map((p) => periodName(en, p))).toEqual([
    '2026-W08',
    '2026-10',
    '2026-Q3',
  ]);
  expect(periodName(zhT, 'not a period')).toBe('not a period');
  const titles = [
    'digest.title',
    'report.title.week',
    'report.title.month',
    'report.title.quarter',
  ] as const;
  for (const key of titles) expect(zh[key], key).toContain('{from} 至 {to}');
  expect(zh['digest.change']).toContain('较上周');
  expect(
    String(
      zhT('report.title.week', {
        period: periodName(zhT, '2026-W08'),
        from: '2026-02-16',
        to: '2026-02-22',
      }),
    ),
  ).toBe('周报 · 2026 年第 8 周（2026-02-16 至 2026-02-22）');
});

// A Chinese reader knows mainland China's zone as 北京时间, not the setting's value Asia/Shanghai
// (revweekzh F9): the Home's footer and the time fields' labels name it so; another zone, and
// every zone in English, is its IANA id.
test('the workspace’s zone reads 北京时间 for mainland China, its IANA id otherwise', () => {
  const zhT = translator('zh-CN');
  const en = translator('en');
  expect(zoneName(zhT, 'Asia/Shanghai')).toBe('北京时间');
  expect(zoneName(zhT, 'Asia/Tokyo')).toBe('Asia/Tokyo');
  expect(zoneName(en, 'Asia/Shanghai')).toBe('Asia/Shanghai');
  expect(zhT.plain('ticket.field.receivedTime', { timeZone: zoneName(zhT, 'Asia/Shanghai') })).toBe(
    '接收时间（北京时间）',
  );
});
