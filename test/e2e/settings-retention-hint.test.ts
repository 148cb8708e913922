// The retention setting (`/desk settings`, Privacy) tells the admin what it does and does not
// do: the lines the desk posted under the cards, its DMs to the assignees (revpriv F1), its other
// notices naming a ticket and its notices to the requesters (reqedits) are edited; those posted
// before this release and Slack's own copies keep their words. In English and Chinese.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { settingsKit } from '../helpers/settings.js';

const ADMIN = 'U0ADMIN001';

const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

const { block, openGroup } = settingsKit(app, ADMIN);

test('the retention field says the posted thread lines, DMs and requesters’ notices are edited, and what keeps its words', async () => {
  const hint = async () => block(await openGroup('privacy'), 'retention_days').hint?.text;
  const en = await hint();
  expect(en).toContain('the desk edits what it posted about them: the lines under the cards');
  expect(en).toContain(
    'and its notices to the requesters (their DMs and their channel’s thread, each to a line naming their ticket, its buttons gone)',
  );
  expect(en).toContain(
    'Messages posted before this version of the desk and Slack’s own copies (notifications, search) keep their words in Slack',
  );
  expect(en).not.toContain('the notices to the requesters');
  await app.setSettings((s) => ({ ...s, locale: 'zh-CN' }));
  const zh = await hint();
  expect(zh).toContain('也会被编辑');
  expect(zh).toContain(
    '以及发给报告人的通知（私信和其频道中的话题，改为一句注明其工单的说明，按钮移除）',
  );
  expect(zh).toContain(
    '本版本之前发布的消息以及 Slack 自身的副本（通知、搜索）在 Slack 中保留原文',
  );
});
