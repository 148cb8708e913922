import { describe, expect, test } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import {
  catalogues,
  erasedPersonIn,
  isIcu,
  messageArguments,
  plainTemplate,
  t,
  tPlainText,
  translator,
} from '../../src/i18n/index.js';
import { keep, mention, type Mrkdwn } from '../../src/ui/text.js';
import { ERASED } from '../../src/context.js';

/** Proper nouns that read the same in every language. */
const SAME_EVERYWHERE = new Set([
  'change.source.slack',
  'ticket.channel.slack',
  'ticket.card.level',
]);

/** A message's parameter names: `{name}`, and ICU arguments (`{count, plural, ...}`). */
const placeholders = (s: string) => [...new Set(messageArguments(s))].sort();

describe('message catalogue', () => {
  test('zh-CN has every English key, with the same parameters, and no untranslated copy', () => {
    const en = catalogues.en;
    const zh = catalogues['zh-CN'];
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
      if (
        !SAME_EVERYWHERE.has(key) &&
        /[a-z]{4,}/.test(en[key].replace(/\{\w+\}|`[^`]*`|\*[^*]*\*/g, ''))
      ) {
        expect(zh[key], `${key} looks untranslated`).not.toBe(en[key]);
      }
    }
  });

  test('no message has a bare `<`, which Slack reads as a link (`&lt;` shows it)', () => {
    for (const [locale, catalogue] of Object.entries(catalogues)) {
      for (const [key, message] of Object.entries(catalogue)) {
        // Ours: mentions, channel links, date tokens and `<{url}|label>` links.
        const bare = message.replace(/<(?:[@#]\{\w+\}|!date\^[^>]*|\{\w+\}\|[^>]*)>/g, '');
        expect(bare, `${locale} ${key}`).not.toContain('<');
      }
    }
  });

  test('zh-CN names each thing one way: 分诊频道, 服务台, managers 主管 (经理 only in 客户经理)', () => {
    const zh = catalogues['zh-CN'];
    for (const [key, message] of Object.entries(zh)) {
      expect(message, key).not.toMatch(/分派频道|客服台/);
      // 客户经理 is the account manager; 采购经理 is a contact's job title in an example.
      expect(message.replace(/客户经理|采购经理/g, ''), key).not.toContain('经理');
    }
    expect(zh['roles.field.managers']).toBe('主管');
    expect(zh['settings.field.manages']).toBe('主管及其管理的客户经理');
    // A value class never reads as a tier (the card read "普通客户 · 普通客户").
    for (const tier of ['strategic', 'key', 'normal'] as const)
      for (const value of ['vip', 'high_value', 'ordinary', 'potential'] as const)
        expect(zh[`valueClass.${value}`]).not.toBe(zh[`tier.${tier}`]);
    expect({
      ordinary: zh['valueClass.ordinary'],
      lastInteraction: zh['customer.field.lastInteraction'],
      recent: zh['customer.card.recentInteractions'],
      contactName: zh['customer.field.contactName'],
      signals: t('zh-CN', 'home.signals.title', { total: 3 }),
      checkin: zh['task.kind.checkin'],
      mine: t('zh-CN', 'home.mine.title', { total: 3 }),
      page: t('zh-CN', 'ticket.list.page', { from: 1, to: 10, total: 23 }),
    }).toEqual({
      ordinary: '一般价值',
      lastInteraction: '最近一次互动',
      recent: '近期互动',
      contactName: '联系人姓名',
      signals: '*需关注的客户*（3）',
      checkin: '客户经理定期走访',
      mine: '*我的未结工单*（3），按到期时间排序',
      page: '第 1-10 条，共 23 条，按到期时间排序',
    });
  });

  test('zh-CN names the digest channel one way, 每周摘要频道 as the settings form does (周报 is the weekly report, `/desk report`)', () => {
    const zh = catalogues['zh-CN'];
    for (const [key, message] of Object.entries(zh)) expect(message, key).not.toContain('周报频道');
    expect(zh['settings.field.channel_digest']).toBe('每周摘要频道');
    expect(zh['home.problem.noDigest']).toContain('尚未设置每周摘要频道：每周 KPI 摘要会生成');
    expect(zh['digest.title']).toContain('每周 KPI 摘要');
  });

  test('zh-CN quotes one way, with “” (the mainland style), to agents and to customers alike', () => {
    const zh = catalogues['zh-CN'];
    const corner = Object.entries(zh).filter(([, text]) => /[「」『』]/.test(text));
    expect(corner.map(([key]) => key)).toEqual([]);
    expect(t('zh-CN', 'requester.survey.recorded', { number: 'T1', label: '满意' })).toBe(
      '谢谢！已记录您对工单 T1 的评价：“满意”。',
    );
  });

  test('en quotes typed text one way, with “” (as the find and report errors do), never with straight quotes', () => {
    const straight = Object.entries(catalogues.en).filter(([, text]) => /"\{\w+\}"/.test(text));
    expect(straight.map(([key]) => key)).toEqual([]);
    expect(t('en', 'settings.error.window', { value: '18:00-09:00' })).toBe(
      '“18:00-09:00” is not a window: write 09:00-18:00 (start before end).',
    );
  });

  test('parameters are filled; a missing one stays visible instead of vanishing', () => {
    expect(t('en', 'home.footer', { timeZone: 'Asia/Shanghai', locale: 'en' })).toBe(
      'Workspace time zone: Asia/Shanghai · language: en',
    );
    expect(t('zh-CN', 'home.footer', { timeZone: 'Asia/Shanghai' })).toBe(
      '工作区时区：Asia/Shanghai · 语言：{locale}',
    );
  });

  test('every ICU message parses in its language, and no English message says "(s)"', () => {
    for (const [locale, catalogue] of Object.entries(catalogues)) {
      for (const [key, message] of Object.entries(catalogue)) {
        if (isIcu(message))
          expect(
            () => new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }),
            key,
          ).not.toThrow();
      }
    }
    for (const [key, message] of Object.entries(catalogues.en))
      expect(message, key).not.toMatch(/\(s\)|\(es\)/);
  });

  test('counts are plurals in English and formatted numbers in both languages', () => {
    const params = { name: 'Acme', code: 'C2026001' };
    expect(t('en', 'customer.updated', { ...params, count: 1 })).toBe(
      'Saved 1 change to *Acme* (C2026001).',
    );
    expect(t('en', 'customer.updated', { ...params, count: 3 })).toBe(
      'Saved 3 changes to *Acme* (C2026001).',
    );
    expect(t('zh-CN', 'customer.updated', { ...params, count: 1 })).toBe(
      '已保存 *Acme*（C2026001）的 1 项修改。',
    );
    expect(t('en', 'customer.find.header', { total: 1, text: 'ac' })).toBe(
      '1 customer matches “ac”',
    );
    expect(t('en', 'customer.find.header', { total: 1200, text: 'ac' })).toBe(
      '1,200 customers match “ac”',
    );
    expect(t('zh-CN', 'customer.find.header', { total: 1200, text: 'ac' })).toBe(
      '共 1,200 家客户匹配“ac”',
    );
    expect(t('en', 'task.dueIn', { date: '2026-12-01', days: 1 })).toBe(
      'due 2026-12-01 (in 1 day)',
    );
    expect(t('en', 'task.dueLate', { date: '2026-12-01', days: 4 })).toBe(
      'due 2026-12-01 (*4 days late*)',
    );
    expect(
      t('en', 'roles.saved', {
        admins: 1,
        managers: 0,
        agents: 2,
        experts: 1,
        accountManagers: 1,
        desk: '',
      }),
    ).toBe('Roles saved: 1 admin, 0 managers, 2 agents, 1 expert, 1 account manager. ');
    expect(t('en', 'home.outbox.pending', { count: 1 })).toBe(
      '1 Slack message is waiting to be delivered (retried automatically).',
    );
  });

  test('an ICU message escapes text parameters for mrkdwn and keeps mentions', () => {
    const tr = translator('en');
    expect(tr('customer.find.header', { total: 2, text: '<!channel> & co' })).toBe(
      '2 customers match “&lt;!channel&gt; &amp; co”',
    );
    expect(tr.plain('customer.find.header', { total: 2, text: '<!channel>' })).toBe(
      '2 customers match “<!channel>”',
    );
    expect(translator('zh-CN')('task.error.forbidden', { user: 'U123' })).toBe(
      '只有任务执行人（<@U123>）或主管可以完成该任务。',
    );
  });

  test('zh-CN: a name that may be Chinese sits against the Chinese around it; a Latin one is set off by a space, on either side', () => {
    const tr = translator('zh-CN');
    const dm = (customer: string) =>
      tr('ticket.dm.accountManager', { number: 'T1', severity: 'normal', customer, title: '异响' });
    expect(dm('华东机械')).toBe('新工单 T1（一般），来自你的客户华东机械：异响');
    expect(dm('Acme 2')).toBe('新工单 T1（一般），来自你的客户 Acme 2：异响');
    const complaint = (customer: string) =>
      tr('complaint.dm.accountManager', {
        customer,
        urgency: '紧急',
        number: 'T1',
        title: '漏油',
        due: '12:00',
      });
    expect(complaint('华东机械')).toMatch(/^:telephone_receiver: 你的客户华东机械的紧急投诉 T1：/);
    expect(complaint('Acme')).toMatch(/^:telephone_receiver: 你的客户 Acme 的紧急投诉 T1：/);
    expect(
      t('zh-CN', 'complaint.dm.managers', {
        urgency: '',
        number: 'T1',
        customer: '华东机械',
        title: 'x',
        user: 'U1',
        contactDue: 'a',
        resolutionDue: 'b',
      }),
    ).toMatch(/，客户华东机械：x\n/);
    expect(tr('signal.birthday', { contact: '李雷', name: '华东机械' })).toBe(
      ':birthday: 今天是李雷（华东机械）的生日。',
    );
    expect(tr('signal.birthday', { contact: 'Li Lei', name: 'Acme' })).toBe(
      ':birthday: 今天是 Li Lei（Acme）的生日。',
    );
    expect(t('zh-CN', 'contacts.error.duplicate', { contact: '李雷' })).toBe(
      '这个客户已有名为李雷的联系人。',
    );
    expect(t('zh-CN', 'contacts.error.duplicate', { contact: 'Li Lei' })).toBe(
      '这个客户已有名为 Li Lei 的联系人。',
    );
    const subject = t('zh-CN', 'privacy.subject.contact', { code: 'C2026001' });
    expect(t('zh-CN', 'privacy.export.titleJson', { subject })).toBe(
      'C2026001 的联系人的个人数据导出（JSON）',
    );
    expect(t('zh-CN', 'privacy.export.titleJson', { subject: 'C2026001' })).toBe(
      'C2026001 的个人数据导出（JSON）',
    );
    // Punctuation next to a Latin name takes no space; English is as written.
    expect(
      t('zh-CN', 'greeting.content', { holiday: '春节', date: '2027-02-06', contacts: 'Li Lei' }),
    ).toBe('春节（2027-02-06）：问候 Li Lei');
    expect(t('en', 'contacts.error.duplicate', { contact: 'Li Lei' })).not.toContain('  ');
  });

  test('zh-CN: a parameter used twice is spaced at each use by its own neighbours, never doubled', () => {
    // Against Chinese at its first use, against punctuation and a space at its second.
    const notEnded = { period: '2026-11', last: '2026-10' };
    const expected = '2026-11 尚未结束；最近一个完整周期是 2026-10：--period 2026-10';
    expect(t('zh-CN', 'cli.report.notEnded', notEnded)).toBe(expected);
    expect(String(translator('zh-CN')('cli.report.notEnded', notEnded))).toBe(expected);
    expect(tPlainText('zh-CN', 'cli.report.notEnded', notEnded)).toBe(expected);
    // Apart from the Chinese at neither use: as given at both.
    const none = t('zh-CN', 'cli.admins.none', { team: 'T0TEAM0001' });
    expect(none).toContain('工作区 T0TEAM0001 没有管理员');
    expect(none).toContain('--team T0TEAM0001 --add');
    expect(none).not.toContain('  ');
    // Used once: as before (a Latin value set off on the side of the Chinese, a Chinese one not).
    expect(t('zh-CN', 'cli.admins.added', { user: 'U0123ABCD', team: 'T0TEAM0001' })).toBe(
      'U0123ABCD 现已是 T0TEAM0001 的管理员',
    );
    expect(t('zh-CN', 'cli.admins.added', { user: '王芳', team: '华东机械' })).toBe(
      '王芳现已是华东机械的管理员',
    );
    // English is as written.
    expect(t('en', 'cli.report.notEnded', notEnded)).not.toContain('  ');
  });

  test('zh-CN: a bold word is set off from the Chinese around it by a space (Slack shows `*今天*到期` with its asterisks)', () => {
    const zh = catalogues['zh-CN'];
    const han = /\p{Script=Han}/u;
    for (const [key, message] of Object.entries(zh)) {
      for (const m of message.matchAll(/\*[^*\s][^*\n]*?\*/g)) {
        const before = message.charAt(m.index - 1);
        const after = message.charAt(m.index + m[0].length);
        expect(han.test(before) || han.test(after), `${key}: ${m[0]}`).toBe(false);
      }
    }
    expect(t('zh-CN', 'task.dueToday')).toBe('*今天* 到期');
  });

  test('zh-CN: mrkdwn put against Chinese (a task title) sits against it after a full-width bracket, apart from it after a link, bold or a Latin word', () => {
    const tr = translator('zh-CN');
    const moved = (title: string) =>
      tr('task.due.confirm', { task: keep(title as Mrkdwn), date: '2026-12-17' });
    expect(moved('*关怀电话* · 华东机械（C2026001）')).toBe(
      ':calendar: *关怀电话* · 华东机械（C2026001）的截止日期已改为 2026-12-17。',
    );
    expect(moved('*投诉联系* · 华东机械（C2026001） · <https://x/p1|T20260002>')).toBe(
      ':calendar: *投诉联系* · 华东机械（C2026001） · <https://x/p1|T20260002> 的截止日期已改为 2026-12-17。',
    );
    expect(
      tr('task.due.toExecutor', {
        by: 'U0MANAGER1',
        task: keep('*关怀电话* · 华东机械（C2026001）' as Mrkdwn),
        from: '2026-12-17',
        date: '2026-12-18',
      }),
    ).toBe(
      ':calendar: <@U0MANAGER1> 将你的任务 *关怀电话* · 华东机械（C2026001）的截止日期从 2026-12-17 改为 2026-12-18。',
    );
  });

  test('zh-CN: the survey summary on the card puts a Chinese contact against the words, a Latin one apart', () => {
    const summary = (contact: string) =>
      t('zh-CN', 'task.summary.survey', { contact, satisfaction: 2, label: '不满意', nps: 3 });
    expect(summary('张伟')).toBe('张伟的季度满意度调查：满意度 2/5（不满意），NPS 3。');
    expect(summary('Hans Müller')).toBe(
      'Hans Müller 的季度满意度调查：满意度 2/5（不满意），NPS 3。',
    );
  });

  test('a missing parameter of an ICU message stays visible', () => {
    expect(t('en', 'customer.updated', { count: 2, code: 'C1' })).toBe(
      'Saved 2 changes to *{name}* (C1).',
    );
  });

  test('a message for plain text (an inline modal error) shows no mrkdwn marks; typed text stays as typed', () => {
    // In chat the command is code; in a modal's plain text the backticks would show.
    expect(t('en', 'permission.denied.customerCreate')).toContain('`/desk roles`');
    expect(tPlainText('en', 'permission.denied.customerCreate')).toBe(
      'Only agents, experts, account managers and managers can add customers. An admin can give you a role with /desk roles.',
    );
    expect(tPlainText('zh-CN', 'permission.denied.customerCreate')).toBe(
      '只有一线客服、二线专家、客户经理和主管可以新建客户。管理员可以用 /desk roles 为你分配角色。',
    );
    expect(tPlainText('en', 'error.internal', { ref: 'E-1234ABCD' })).toMatch(
      /reference: E-1234ABCD\.$/,
    );
    // A typed value keeps its backticks, asterisks and entities: only the template is ours.
    expect(tPlainText('en', 'customer.error.notFound', { code: '`*x*` &lt;' })).toBe(
      'No customer has the code `*x*` &lt;. Try /customer find `*x*` &lt;.',
    );
    // Bold as its text, `&lt;` as `<`; an ICU message too.
    expect(tPlainText('en', 'customer.error.findNeedsText')).toBe(
      'Say what to look for: /customer find <name, code, contact or tag>.',
    );
    expect(
      tPlainText('en', 'home.outbox.dead', { count: 2, error: 'not_in_channel', to: 'C1' }),
    ).toContain(
      ':warning: 2 Slack messages could not be delivered after every retry. First reason: not_in_channel',
    );
    // Asterisks that are not bold (a masked value's ***) stay.
    expect(tPlainText('en', 'form.error.masked')).toContain('(***)');
  });

  test('a refusal or error as plain text (an inline modal error) names nobody by a raw <@id>: the bracketed mention goes, chat keeps it', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const [key, message] of Object.entries(catalogues[locale])) {
        if (!/error|denied|forbidden/i.test(key)) continue;
        expect(plainTemplate(message), `${locale} ${key}`).not.toContain('<@');
      }
    }
    const params = { owner: 'U0OWNER001', user: 'U0AGENT001', approver: 'U0APPRV001' };
    expect(tPlainText('en', 'permission.denied.customerTask', params)).toBe(
      'Only the service team, the owner and managers can plan tasks for this customer.',
    );
    expect(tPlainText('zh-CN', 'permission.denied.customerTask', params)).toBe(
      '只有服务团队、负责人和主管可以为该客户安排任务。',
    );
    const signed = { ...params, signedOff: 'yes' };
    expect(tPlainText('en', 'task.error.forbidden', signed)).toBe(
      'Only the person the task is for, the person who signs it off or a manager can complete it.',
    );
    expect(tPlainText('zh-CN', 'task.error.forbidden', signed)).toBe(
      '只有任务执行人、审批人或主管可以完成该任务。',
    );
    expect(tPlainText('zh-CN', 'task.error.done', params)).toBe('该任务已完成。');
    // In chat (mrkdwn) the mention stays, where Slack shows the name.
    expect(translator('en')('task.error.forbidden', signed)).toBe(
      'Only the person the task is for (<@U0AGENT001>), the person who signs it off (<@U0APPRV001>) or a manager can complete it.',
    );
    // A bracket without a mention stays.
    expect(tPlainText('en', 'form.error.masked')).toContain('(***)');
  });

  test('a mention of someone erased (`[erased]` in the place of their id) reads as the catalogue words for them, in mrkdwn and plain text, ICU or not; a real id stays a mention', () => {
    const en = translator('en');
    expect(en('ticket.dm.guestOwner', { user: ERASED })).toBe(
      'Yours as the account manager: the customer’s owner someone whose personal data was erased is not a member of the workspace (a guest, or of another organisation).',
    );
    expect(en('ticket.dm.guestOwner', { user: 'U0GUEST001' })).toBe(
      'Yours as the account manager: the customer’s owner <@U0GUEST001> is not a member of the workspace (a guest, or of another organisation).',
    );
    // Passed as a kept mention (`mention()` shows a non-id escaped: `[erased]`), the same.
    expect(en('ticket.event.reply', { by: keep(mention(ERASED)), text: ERASED })).toBe(
      'Someone whose personal data was erased replied: [erased]',
    );
    // Only the erased one: the other mention of the message stays.
    expect(
      en('ticket.escalation.post', {
        number: 'T1',
        customer: 'Acme',
        level: 2,
        by: 'U0AGENT001',
        user: ERASED,
        text: 'x',
      }),
    ).toBe(
      'T1 for Acme escalated to L2 by <@U0AGENT001>, now with someone whose personal data was erased: x',
    );
    // ICU (a select's branch).
    const kept = {
      number: 'T1',
      customer: 'Acme',
      title: 'Jam',
      status: 'closed',
      count: 1,
      named: 'yes',
      by: ERASED,
    };
    expect(en('ticket.dm.keptNote', kept)).toContain(
      'and someone whose personal data was erased, whom Slack never described',
    );
    expect(t('en', 'ticket.dm.keptNote', kept)).not.toContain('<@');
    // Plain text: t() and tPlainText (whose bracketed mentions go anyway).
    expect(t('en', 'ticket.event.reply', { by: ERASED, text: ERASED })).toBe(
      'Someone whose personal data was erased replied: [erased]',
    );
    expect(tPlainText('en', 'task.people.guestOwnerFor', { user: ERASED })).toBe(
      'for the owner someone whose personal data was erased, not a member of the workspace',
    );
    // Capitalised where it starts the message or a sentence (after `. `, `: `, an emoji or a
    // line break, an ICU branch's start as its argument's), not elsewhere.
    expect(en('ticket.event.created', { by: ERASED })).toBe(
      'Someone whose personal data was erased opened this ticket.',
    );
    expect(en('requester.waiting.thread', { number: 'T1', by: ERASED, question: 'x' })).toBe(
      'Ticket *T1* is waiting on you. Someone whose personal data was erased asks: x\nReply in this thread and we carry on.',
    );
    expect(
      en('ticket.dm.resumedToAssignee', {
        number: 'T1',
        customer: 'Acme',
        title: 'Jam',
        who: 'agent',
        by: ERASED,
      }),
    ).toBe(
      'T1 for Acme (“Jam”) is back in progress: Someone whose personal data was erased resumed it. It no longer waits on the customer; the SLA clock runs again.',
    );
    expect(en('task.edit.toOldExecutor', { by: ERASED, task: 'Call', to: ERASED })).toBe(
      ':arrow_right: Someone whose personal data was erased handed your task Call over to someone whose personal data was erased: it is no longer yours.',
    );
    expect(t('en', 'ticket.event.created', { by: ERASED })).toBe(
      'Someone whose personal data was erased opened this ticket.',
    );
    // In finished text (the outbox's, at an erasure): the same words for their mention.
    const of = /<@U0CUSTUSR1(?:\|[^>]*)?>/g;
    expect(erasedPersonIn('en', '<@U0CUSTUSR1> replied: x', of)).toBe(
      'Someone whose personal data was erased replied: x',
    );
    expect(erasedPersonIn('en', 'Handed to <@U0CUSTUSR1>.', of)).toBe(
      'Handed to someone whose personal data was erased.',
    );
    expect(erasedPersonIn('zh-CN', '<@U0CUSTUSR1> 回复：x', of)).toBe(
      '某人（其个人数据已被删除）回复：x',
    );
    expect(erasedPersonIn('zh-CN', '已由 <@U0CUSTUSR1> 升级', of)).toBe(
      '已由某人（其个人数据已被删除）升级',
    );
    // zh-CN: set against the Chinese around it (the template's spaces beside the mention go),
    // apart from a Latin word before it.
    const zh = translator('zh-CN');
    expect(zh('task.people.guestOwnerFor', { user: ERASED })).toBe(
      '为客户负责人某人（其个人数据已被删除）（非本工作区成员）代办',
    );
    expect(t('zh-CN', 'ticket.event.reply', { by: ERASED, text: ERASED })).toBe(
      '某人（其个人数据已被删除）回复：[erased]',
    );
    expect(
      zh('ticket.escalation.post', {
        number: 'T1',
        customer: 'Acme',
        level: 3,
        by: ERASED,
        user: 'U0OWNER001',
        text: 'x',
      }),
    ).toBe('Acme 的工单 T1 已由某人（其个人数据已被删除）升级到 L3，现由 <@U0OWNER001> 处理：x');
    expect(zh('ticket.dm.guestOwner', { user: 'U0GUEST001' })).toBe(
      '由你作为客户经理负责：客户负责人 <@U0GUEST001> 不是本工作区成员（访客，或其他组织的人）。',
    );
  });
});
