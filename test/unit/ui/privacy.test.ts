import { describe, expect, test } from 'vitest';
import { translator } from '../../../src/i18n/index.js';
import type { SubjectExport } from '../../../src/privacy/service.js';
import {
  erasureFinishedDm,
  erasureGivenUpDm,
  erasureWaitsOnOwnerDm,
  eraseDoneText,
  eraseUserConfirmModal,
  eraseUserDoneText,
  privacyLogMessage,
  subjectExportComment,
  subjectExportFiles,
  subjectExportSent,
} from '../../../src/ui/privacy.js';

const aboutContact: SubjectExport = {
  subject: 'C2026001 contact',
  code: 'C2026001',
  contact: true,
  json: '{}',
  csv: '',
  documents: 3,
  logId: '665f1c2a9b1e4a0012345678',
};

describe('a data-subject export as the admin reads it', () => {
  test("whom it is about is said in the workspace's language; the file names stay ASCII", () => {
    const zh = translator('zh-CN');
    const files = subjectExportFiles(zh, aboutContact, '2026-11-24');
    expect(files.map((f) => f.filename)).toEqual([
      'C2026001-contact-2026-11-24.json',
      'C2026001-contact-2026-11-24.csv',
    ]);
    const said = [
      ...files.map((f) => String(f.title)),
      String(subjectExportComment(zh, aboutContact)),
      JSON.stringify(subjectExportSent(zh, aboutContact)),
    ];
    for (const text of said) {
      expect(text).toContain('C2026001 的联系人');
      expect(text).not.toMatch(/\bcontact\b/);
    }
    const en = translator('en');
    expect(String(subjectExportComment(en, aboutContact))).toContain('C2026001 contact');
    expect(String(subjectExportComment(en, { ...aboutContact, contact: false }))).not.toContain(
      'contact',
    );
  });
});

describe('an erasure’s result as the admin reads it', () => {
  const plan = { code: 'C2026001', customerName: '华东机械', contacts: ['王芳'], whole: false };

  test('its two sentences are joined as the language joins them: a space in English, none in Chinese', () => {
    const zh = String(eraseDoneText(translator('zh-CN'), plan, { tickets: 2 }, 3));
    expect(zh).toContain('已记入隐私日志。分诊频道中该客户工单的卡片');
    expect(zh).not.toContain('。 ');
    const en = String(eraseDoneText(translator('en'), plan, { tickets: 2 }, 3));
    expect(en).toMatch(/\. \S/);
  });

  test("a Slack user's erasure names the cards of the tickets it changed, not a customer's", () => {
    const userPlan = {
      user: 'U0456EFGH',
      codes: ['C2026001'],
      requested: 1,
      entries: 1,
      waiting: 0,
    };
    const en = String(eraseUserDoneText(translator('en'), userPlan, { tickets: 2 }, 2));
    expect(en).toContain(
      'The cards in the triage channel of the tickets the erasure changed (2 cards)',
    );
    expect(en).not.toContain("customer's tickets");
    const zh = String(eraseUserDoneText(translator('zh-CN'), userPlan, { tickets: 2 }, 2));
    expect(zh).toContain('分诊频道中此次删除改动过的工单的卡片（共 2 张）');
    expect(zh).not.toContain('尚未通知');
    // Resumes the erasure could not announce: said, in both languages.
    const waited = { ...userPlan, waiting: 2 };
    expect(String(eraseUserDoneText(translator('en'), waited, {}, 0, 2))).toContain(
      '2 resumes are not told to their assignees and threads yet (writing them failed): the desk tells them within a few minutes.',
    );
    expect(String(eraseUserDoneText(translator('zh-CN'), waited, {}, 0, 2))).toContain(
      '有 2 张工单的恢复处理尚未通知其处理人及工单消息串（写入失败），服务台将在几分钟内补发通知。',
    );
  });
});

describe('the erasure of a former guest owner as the admin reads it', () => {
  const plan = {
    user: 'U0GUESTOW1',
    codes: [],
    requested: 0,
    entries: 0,
    followed: 0,
    owned: 2,
    waiting: 0,
  };

  test('the modal and the result count the tickets naming them as the owner, without calling them a requester (en and zh-CN)', () => {
    const en = JSON.stringify(eraseUserConfirmModal(translator('en'), plan, '{}').blocks);
    expect(en).toContain(
      'This erases what the desk holds of <@U0GUESTOW1>: they requested no ticket',
    );
    expect(en).toContain(
      "2 tickets name them as their customer's owner, not a member of the workspace then",
    );
    expect(en).not.toContain('requester in Slack');
    const zh = JSON.stringify(eraseUserConfirmModal(translator('zh-CN'), plan, '{}').blocks);
    expect(zh).toContain('将删除服务台保存的 Slack 用户 <@U0GUESTOW1> 的个人信息：其未提交过工单');
    expect(zh).toContain(
      '有 2 张工单记有其为客户负责人（当时不是本工作区成员，由客户经理代为负责）',
    );
    expect(zh).not.toContain('报告人 <@');
    // One who requested a ticket is still called a requester.
    const asked = JSON.stringify(
      eraseUserConfirmModal(translator('zh-CN'), { ...plan, requested: 1, owned: 0 }, '{}').blocks,
    );
    expect(asked).toContain('Slack 报告人 <@U0GUESTOW1>');
    expect(asked).not.toContain('客户负责人');
    expect(String(eraseUserDoneText(translator('en'), plan, { tickets: 2 }))).toContain(
      "2 tickets named them as their customer's owner (not a member of the workspace then): their user id there is now `[erased]`.",
    );
    expect(String(eraseUserDoneText(translator('zh-CN'), plan, { tickets: 2 }))).toContain(
      '有 2 张工单记有其为客户负责人（当时不是本工作区成员）：其用户 ID 在这些工单中现为 `[erased]`。',
    );
  });

  test('the modal and the result count the tasks naming them as the owner (en and zh-CN), only when there are', () => {
    const tasks = { ...plan, owned: 0, ownedTasks: 1 };
    const en = JSON.stringify(eraseUserConfirmModal(translator('en'), tasks, '{}').blocks);
    expect(en).toContain(
      "1 task names them as its customer's owner, not a member of the workspace then (planned for the one who stood in for them): their user id there is replaced by `[erased]`; the task stays.",
    );
    expect(en).not.toContain('tickets name them');
    const zh = JSON.stringify(eraseUserConfirmModal(translator('zh-CN'), tasks, '{}').blocks);
    expect(zh).toContain('有 1 项任务记有其为客户负责人');
    expect(String(eraseUserDoneText(translator('en'), tasks, { tasks: 1 }))).toContain(
      "1 task named them as its customer's owner (not a member of the workspace then): their user id there is now `[erased]`.",
    );
    expect(String(eraseUserDoneText(translator('zh-CN'), tasks, { tasks: 1 }))).toContain(
      '有 1 项任务记有其为客户负责人（当时不是本工作区成员）：其用户 ID 在这些任务中现为 `[erased]`。',
    );
    const none = JSON.stringify(eraseUserConfirmModal(translator('en'), plan, '{}').blocks);
    expect(none).not.toContain('task names them');
  });

  test('the modal and the result count the change log entries naming them as the owner (en and zh-CN), only when there are', () => {
    const changes = { ...plan, owned: 0, ownerChanges: 2 };
    const en = JSON.stringify(eraseUserConfirmModal(translator('en'), changes, '{}').blocks);
    expect(en).toContain(
      "2 change log entries name them as a customer's owner, before or after the change: their user id there is replaced by `[erased]`; the entries stay.",
    );
    const zh = JSON.stringify(eraseUserConfirmModal(translator('zh-CN'), changes, '{}').blocks);
    expect(zh).toContain('有 2 条变更记录记有其为客户负责人（变更前或变更后）');
    expect(String(eraseUserDoneText(translator('en'), changes, { customerChanges: 2 }))).toContain(
      "2 change log entries named them as a customer's owner (before or after the change): their user id there is now `[erased]`.",
    );
    expect(
      String(eraseUserDoneText(translator('zh-CN'), changes, { customerChanges: 2 })),
    ).toContain(
      '有 2 条变更记录记有其为客户负责人（变更前或变更后）：其用户 ID 在这些记录中现为 `[erased]`。',
    );
    const none = JSON.stringify(eraseUserConfirmModal(translator('en'), plan, '{}').blocks);
    expect(none).not.toContain('change log entr');
  });
});

describe('the privacy log as an admin reads it', () => {
  const entry = (detail: Record<string, unknown>) => ({
    teamId: 'T1',
    kind: 'export.subject' as const,
    by: 'U0ADMIN001',
    subject: 'C2026001',
    at: new Date('2026-11-24T02:00:00Z'),
    detail,
  });
  test("a data-subject export's line says whether Slack took its files; the CLI's says nothing of it", () => {
    const shown = (t: ReturnType<typeof translator>, detail: Record<string, unknown>) =>
      JSON.stringify(privacyLogMessage(t, [entry(detail)], 1, 'Asia/Shanghai'));
    const en = translator('en');
    expect(shown(en, { documents: 3, delivered: true })).toContain('· files delivered in Slack');
    expect(shown(en, { delivered: false, deliveryError: 'ratelimited' })).toContain(
      '· files not delivered: Slack refused them (`ratelimited`)',
    );
    expect(shown(en, { delivered: null })).toContain('· files not confirmed delivered');
    expect(shown(en, { documents: 3 })).not.toContain('files');
    const zh = translator('zh-CN');
    expect(shown(zh, { delivered: null })).toContain('文件未确认送达（未记录到 Slack 的回应）');
  });
});

describe('the upkeep’s DMs of a cut erasure, by who started it', () => {
  const en = translator('en');
  const zh = translator('zh-CN');
  const dms = (t: typeof en, started: 'you' | 'other' | 'unknown') => [
    erasureFinishedDm(t, 2, started).text,
    erasureGivenUpDm(t, 2, started).text,
    erasureWaitsOnOwnerDm(t, ['C2026001'], 1, started).text,
  ];

  test('started by the admin told: said so, in both languages', () => {
    for (const text of dms(en, 'you')) expect(text).toContain('personal data that you started');
    for (const text of dms(zh, 'you')) expect(text).toMatch(/^您发起的一项 Slack 用户个人数据删除/);
  });

  test('started by someone no longer an admin: “that you did not start”, said why the admin is told', () => {
    for (const text of dms(en, 'other'))
      expect(text).toContain(
        'that you did not start (whoever did is no longer an admin of this desk: you are told as one of its admins)',
      );
    for (const text of dms(zh, 'other')) {
      expect(text).toContain('并非由您发起');
      expect(text).toContain(
        '发起人已不再是本服务台的管理员；您作为本服务台的管理员之一收到此通知',
      );
    }
  });

  test('who started it not recorded: never “that you did not start” (the admin told may have)', () => {
    for (const text of dms(en, 'unknown')) {
      expect(text).toContain(
        '(the desk has no record of who started it: you are told as one of its admins)',
      );
      expect(text).not.toContain('did not start');
    }
    for (const text of dms(zh, 'unknown')) {
      expect(text).toContain('服务台没有其发起人的记录');
      expect(text).not.toContain('并非由您发起');
    }
  });

  test('waiting on the owner of one customer: zh-CN asks for “that customer”, not “these customers”', () => {
    const one = erasureWaitsOnOwnerDm(zh, ['C2026001'], 1).text;
    expect(one).toContain('请为该客户指定其他负责人');
    expect(one).not.toContain('这些客户');
    const many = erasureWaitsOnOwnerDm(zh, ['C2026001', 'C2026002'], 2).text;
    expect(many).toContain('请为这些客户指定其他负责人');
  });
});
