// The builders of what the desk posts on its own: SLA alert lists, customer signals, the
// account manager's DM and the escalation post, and the digest's chart file.
import { describe, expect, test } from 'vitest';
import type { CustomerSignal } from '../../../src/customer/types.js';
import { LOCALES, translator } from '../../../src/i18n/index.js';
import { periodName } from '../../../src/i18n/period.js';
import type { SlaAlert } from '../../../src/ticket/types.js';
import { alertLine, alertList, alertThreadText, byUrgency } from '../../../src/ui/alerts.js';
import { digestChart } from '../../../src/ui/digest.js';
import { signalLine, signalsMessage } from '../../../src/ui/signals.js';
import { accountManagerDm, escalationPost } from '../../../src/ui/ticket.js';
import {
  dmAnswerMessage,
  draftModal,
  followerAddedNotice,
  lowScoreNotice,
} from '../../../src/ui/requester.js';
import {
  HOSTILE,
  TIME_ZONE,
  at,
  ticket,
  ticketEvent,
  workspaceSettings,
} from '../../helpers/records.js';
import { sampleChartWeeks } from '../../helpers/chart.js';
import { expectEscaped, expectValidMessage, mrkdwn } from '../../helpers/ui.js';
import { escape } from '../../../src/ui/text.js';

const alert = (over: Partial<SlaAlert> = {}, fields: Parameters<typeof ticket>[0] = {}) => ({
  kind: 'responseBreach' as const,
  owner: 'UAGENT',
  ...over,
  ticket: ticket(fields),
});

const about = { owner: 'UOWNER', customer: { name: 'Acme Ltd', code: 'C2026001' } };
const SIGNALS: CustomerSignal[] = [
  { ...about, kind: 'contract', date: '2026-12-20', days: 26 },
  { ...about, kind: 'birthday', contact: 'Li Lei' },
  { ...about, kind: 'churn', reason: 'inactive', days: 95 },
  { ...about, kind: 'upsell', recent: 6, previous: 3 },
];

describe.each(LOCALES)('in %s', (locale) => {
  const t = translator(locale);

  describe('SLA alerts', () => {
    test('most urgent first: breaches before warnings, then severity, then the oldest', () => {
      const alerts = [
        alert({ kind: 'responseWarn' }, { number: 'T1', severity: 'urgent' }),
        alert({}, { number: 'T2', severity: 'general', receivedAt: at(-60) }),
        alert({}, { number: 'T3', severity: 'urgent' }),
        alert({}, { number: 'T4', severity: 'general', receivedAt: at(-120) }),
      ];
      expect([...alerts].sort(byUrgency).map((a) => a.ticket.number)).toEqual([
        'T3',
        'T4',
        'T2',
        'T1',
      ]);
    });

    test('a line names the ticket, its customer and severity, with typed text escaped', () => {
      const line = alertLine(t, alert({}, { title: HOSTILE, customerName: HOSTILE }), TIME_ZONE);
      expect(line).toContain(`*${ticket().number}*`);
      expect(line).toContain(t('ticket.severity.urgent'));
      expect(line).toContain('&lt;!channel&gt;');
      expectEscaped(line);
    });

    test('a list shows 20 alerts in sections of seven and counts the rest', () => {
      const alerts = Array.from({ length: 23 }, (_, i) => alert({}, { number: `T${i}` }));
      const list = alertList(t, TIME_ZONE, t('alert.header', { count: 23 }), alerts);
      expectValidMessage(list);
      // The notification: the heading, each shown alert's line, then how many more.
      expect(list.text).toBe(
        [
          t('alert.header', { count: 23 }),
          ...alerts.slice(0, 20).map((a) => alertLine(t, a, TIME_ZONE)),
          t('alert.more', { count: 3 }),
        ].join('\n'),
      );
      expect(list.blocks).toHaveLength(1 + 3 + 1);
      expect(mrkdwn(list)).toContain(t('alert.more', { count: 3 }));
      expect(list).toMatchSnapshot();
    });

    test("a channel's list of the longest warnings keeps each line's due time and who answers, and every section within Slack's limit", () => {
      const alerts = Array.from({ length: 20 }, (_, i) =>
        alert(
          { kind: 'responseWarn', owner: 'U0ACCOUNTMANAGER1' },
          {
            number: `T202600${String(i).padStart(2, '0')}`,
            title: 'A very long title about a label printer that shows offline '.repeat(3),
            customerName: 'Huadong Precision Machinery and Automation Equipment Group',
            card: {
              pending: false,
              permalink: `https://acme-corporation-workspace.slack.com/archives/C0TRIAGE01/p17000000200001${String(i).padStart(2, '0')}`,
            },
            responseDueAt: at(60),
          },
        ),
      );
      const list = alertList(t, TIME_ZONE, t('alert.header', { count: 20 }), alerts, {
        who: true,
      });
      expectValidMessage(list);
      const sections = list
        .blocks!.slice(1)
        .map((b) => (b as { text: { text: string } }).text.text);
      for (const section of sections) expect(section.length).toBeLessThanOrEqual(3000);
      for (const line of sections.flatMap((s) => s.split('\n'))) {
        expect(line).toContain('<!date^');
        expect(line.endsWith(t('alert.who.unassigned', { user: 'U0ACCOUNTMANAGER1' }))).toBe(true);
      }
    });

    test('a short list says no "more"', () => {
      const list = alertList(t, TIME_ZONE, escape('x'), [alert()]);
      expect(list.blocks).toHaveLength(2);
    });

    test('the thread reply lists the ticket own alerts, one a line', () => {
      const text = alertThreadText(t, TIME_ZONE, [alert(), alert({ kind: 'escalateL2' })]);
      expect(text.split('\n')).toHaveLength(2);
      expect(text.split('\n')[1]).toBe(alertLine(t, alert({ kind: 'escalateL2' }), TIME_ZONE));
    });
  });

  describe('customer signals', () => {
    test.each(SIGNALS)('a $kind signal names the customer in bold with its code', (s) => {
      const line = signalLine(t, s);
      expect(line).toContain(
        t.plain('customer.nameCode', { name: '*Acme Ltd*', code: 'C2026001' }),
      );
      const { owner: _o, customer: _c, kind: _k, ...details } = s;
      for (const value of Object.values(details))
        if (value !== 'inactive') expect(line).toContain(String(value));
    });

    test('names and contacts people typed are escaped', () => {
      const line = signalLine(t, {
        owner: 'UOWNER',
        kind: 'birthday',
        contact: HOSTILE,
        customer: { name: HOSTILE, code: 'C1' },
      });
      expectEscaped(line);
    });

    test('an owner DM has a heading with the count of all of theirs; its notification names each signal', () => {
      const message = signalsMessage(t, SIGNALS, 25);
      expectValidMessage(message);
      expect(message.text).toBe(
        [t('signal.header', { count: 25 }), ...SIGNALS.map((s) => signalLine(t, s))].join('\n'),
      );
      expect(message).toMatchSnapshot();
    });
  });

  describe('ticket notices', () => {
    test('the account manager DM says severity, number, customer and title', () => {
      const dm = accountManagerDm(t, ticket(), 'Asia/Shanghai');
      expect(dm.text).toBe(
        t('ticket.dm.accountManager', {
          severity: 'urgent',
          number: ticket().number,
          customer: 'Acme Ltd',
          title: 'Valve leaks after install',
        }),
      );
    });

    test('the escalation post says who escalated to whom, at which level, and why', () => {
      const post = escalationPost(
        t,
        ticket(),
        ticketEvent({
          action: 'escalate',
          by: 'UAGENT',
          assigneeId: 'UEXPERT',
          level: 2,
          text: 'Firmware',
        }),
      );
      expect(post.text).toBe(
        t('ticket.escalation.post', {
          number: ticket().number,
          customer: 'Acme Ltd',
          level: 2,
          by: 'UAGENT',
          user: 'UEXPERT',
          text: 'Firmware',
        }),
      );
    });

    test('an L3 escalation says it went to a guest owner’s stand-in by the owners it found (TicketEvent.owners), else by the ticket’s now', () => {
      const l3 = (owners?: { accountManagerId: string; guestOwner?: string }) =>
        ticketEvent({
          action: 'escalate',
          by: 'UEXPERT',
          assigneeId: 'UMANAGER',
          level: 3,
          text: 'Cancelling',
          ...(owners ? { owners } : {}),
        });
      const line = t('ticket.escalation.guestOwner', { user: 'UMANAGER', owner: 'UGUEST' });
      const guestNow = ticket({ level: 3, accountManagerId: 'UMANAGER', guestOwner: 'UGUEST' });
      const memberNow = ticket({ level: 3, accountManagerId: 'UOTHER' });
      // A member owned the customer at the escalation: no guest line, whatever it is now.
      expect(escalationPost(t, guestNow, l3({ accountManagerId: 'UMANAGER' })).text).not.toContain(
        line,
      );
      // The guest owned it then: the line, though a member owns it now.
      expect(
        escalationPost(t, memberNow, l3({ accountManagerId: 'UMANAGER', guestOwner: 'UGUEST' }))
          .text,
      ).toContain(line);
      // An escalation stored before the owners were kept: the ticket's now.
      expect(escalationPost(t, guestNow, l3()).text).toContain(line);
      expect(escalationPost(t, memberNow, l3()).text).not.toContain(line);
    });

    test('the "you now follow" DM names who added them; that person erased, it names nobody', () => {
      const named = followerAddedNotice(t, ticket(), 'UMANAGER');
      expect(named.text).toBe(t('follower.added', { number: ticket().number, by: 'UMANAGER' }));
      expect(named.text).toContain('<@UMANAGER>');
      const unnamed = followerAddedNotice(t, ticket(), undefined);
      expect(unnamed.text).toBe(t('follower.addedByErased', { number: ticket().number }));
      expect(unnamed.text).toContain(`*${ticket().number}*`);
      expect(JSON.stringify(unnamed)).not.toMatch(/<@|undefined|erased/);
      for (const m of [named, unnamed]) expectValidMessage(m);
    });
  });

  test('the digest chart is a PNG named after the week, with its title and alt text', async () => {
    const { week, weeks, figures } = sampleChartWeeks();
    const targets = workspaceSettings(locale).digest.targets;
    const chart = (await digestChart(t, week, weeks, figures, targets))!;
    expect(chart.png.subarray(1, 4).toString()).toBe('PNG');
    expect(chart.filename).toBe(`kpi-${week.week}.png`);
    // The week in words to a Chinese reader (2026 年第 48 周), its code in English.
    expect(chart.title).toBe(t('digest.chartTitle', { week: periodName(t, week.week) }));
    // The alt text says what the picture shows: the weeks, and the latest figures and targets.
    const item = (
      figure: 'responseOnTime' | 'resolvedWithin72h' | 'firstContactResolution' | 'satisfaction',
      value: string,
      target: string,
    ) => t.plain('digest.chart.altItem', { name: t.plain(`digest.f.${figure}`), value, target });
    expect(chart.altText).toBe(
      t.plain('digest.chartAlt', {
        count: 8,
        week: periodName(t, week.week),
        latest: [
          item('responseOnTime', '100%', '95%'),
          item('resolvedWithin72h', '100%', '95%'),
          item('firstContactResolution', '100%', '85%'),
          item('satisfaction', '92', '90'),
        ].join(t.plain('digest.chart.listSeparator')),
      }),
    );
    expect(chart.altText.length).toBeLessThan(1000);
    // One week of figures: no chart.
    expect(await digestChart(t, week, weeks, sampleChartWeeks(1).figures, targets)).toBeNull();
  });
});

describe('customer signal wording', () => {
  const en = translator('en');
  const zh = translator('zh-CN');
  const contract = (date: string, days: number): CustomerSignal => ({
    ...about,
    kind: 'contract',
    date,
    days,
  });

  test('a contract ending today says today, in both languages; later ones the days left', () => {
    expect(signalLine(en, contract('2026-11-24', 0))).toBe(
      ':date: The contract of *Acme Ltd* (C2026001) ends today (2026-11-24).',
    );
    expect(signalLine(zh, contract('2026-11-24', 0))).toBe(
      ':date: *Acme Ltd*（C2026001）的合同今天（2026-11-24）到期。',
    );
    expect(signalLine(en, contract('2026-11-25', 1))).toBe(
      ':date: The contract of *Acme Ltd* (C2026001) ends on 2026-11-25 (in 1 day).',
    );
    expect(signalLine(zh, contract('2026-11-25', 1))).toBe(
      ':date: *Acme Ltd*（C2026001）的合同将于 2026-11-25 到期（还有 1 天）。',
    );
  });

  test('a contract end told after it (a held DM) says it ended, on which day, in both languages', () => {
    expect(signalLine(en, contract('2026-12-02', -1))).toBe(
      ':date: Belated: the contract of *Acme Ltd* (C2026001) ended on 2026-12-02 (1 day ago); it could not be told in time.',
    );
    expect(signalLine(en, contract('2026-12-02', -3))).toContain('(3 days ago)');
    expect(signalLine(zh, contract('2026-12-02', -1))).toBe(
      ':date: 补发提醒：*Acme Ltd*（C2026001）的合同已于 2026-12-02 到期（1 天前），当时未能按时提醒。',
    );
  });

  test('upsell and falling orders name the months the rule counts: the 3 full months before this one', () => {
    const upsell: CustomerSignal = { ...about, kind: 'upsell', recent: 6, previous: 3 };
    const falling: CustomerSignal = {
      ...about,
      kind: 'churn',
      reason: 'falling',
      days: 0,
      recent: 1,
      previous: 4,
    };
    expect(signalLine(en, upsell)).toContain(
      'placed 6 orders in the 3 full months before this one, up from 3 in the 3 before those.',
    );
    expect(signalLine(en, falling)).toContain(
      '1 order in the 3 full months before this one, against 4 in the 3 before those.',
    );
    expect(signalLine(zh, upsell)).toContain('本月之前的 3 个整月下单 6 次，再之前 3 个月为 3 次');
    expect(signalLine(zh, falling)).toContain('本月之前的 3 个整月下单 1 次，再之前 3 个月 4 次');
    for (const line of [upsell, falling].flatMap((s) => [signalLine(en, s), signalLine(zh, s)]))
      expect(line).not.toMatch(/last 3 months|近 3 个月/);
  });

  test('a manager\'s copy of an upsell names the account manager and the meeting, not "a key customer" (manual B: any customer)', () => {
    const copy: CustomerSignal = {
      ...about,
      owner: 'UMANAGER',
      accountManager: 'UOWNER',
      kind: 'upsell',
      recent: 6,
      previous: 3,
    };
    expect(signalLine(en, copy)).toBe(
      ':chart_with_upwards_trend: Upsell: *Acme Ltd* (C2026001) placed 6 orders in the 3 full months before this one, up from 3 in the 3 before those. _Account manager: <@UOWNER>. Worth meeting the customer with them._',
    );
    expect(signalLine(zh, copy)).toBe(
      ':chart_with_upwards_trend: 增购机会：*Acme Ltd*（C2026001）本月之前的 3 个整月下单 6 次，再之前 3 个月为 3 次。_（客户经理 <@UOWNER>，值得与其一同约见客户）_',
    );
  });
});

describe('a low score logged on a follow-up call (the managers’ line)', () => {
  const en = translator('en');
  const zh = translator('zh-CN');
  const line = (t: typeof en, scores: { satisfaction?: number; nps?: number }) =>
    String(
      lowScoreNotice(t, {
        ticket: ticket({ number: 'T20260001', customerName: 'Acme Ltd' }),
        by: 'UAGENT',
        call: 'Revisit',
        ...scores,
      }).text,
    );

  test('a score not given is left out, never said as "-"', () => {
    expect(line(en, { satisfaction: 1 })).toContain('call: satisfaction 1/5. A follow-up');
    expect(line(en, { nps: 3 })).toContain('call: NPS 3. A follow-up');
    expect(line(en, { satisfaction: 2, nps: 3 })).toContain(
      'call: satisfaction 2/5, NPS 3. A follow-up',
    );
    expect(line(zh, { nps: 3 })).toContain('记录了低分评价：NPS 3。');
    expect(line(zh, { satisfaction: 2, nps: 3 })).toContain('满意度 2/5，NPS 3。');
    for (const t of [en, zh]) expect(line(t, { satisfaction: 1 })).not.toContain('NPS -');
  });
});

describe("the requester's notices and the Reply modal's wording", () => {
  test('several tickets resolved: every number is bold, as one is', () => {
    const resolved = [ticket({ number: 'T20260001' }), ticket({ number: 'T20260002' })];
    expect(dmAnswerMessage(translator('en'), { resolved }).text).toMatch(
      /^Tickets \*T20260001, T20260002\* are resolved/,
    );
    expect(dmAnswerMessage(translator('zh-CN'), { resolved }).text).toMatch(
      /^工单 \*T20260001.T20260002\* 已解决/,
    );
  });

  test('in Chinese the Reply modal calls the conversation’s thread 话题, as the requester’s notices do', () => {
    const modal = draftModal(translator('zh-CN'), {
      metadata: '{}',
      kind: 'reply',
      number: 'T20260001',
      text: '',
      reach: { requester: 'UREQ', channel: 'CCUSTOMER' },
    });
    const said = JSON.stringify(modal.blocks);
    expect(said).toContain('本工单的话题里看到这条消息');
    expect(said).not.toContain('讨论串');
  });
});
