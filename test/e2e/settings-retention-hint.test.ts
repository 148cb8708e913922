// The retention setting (`/desk settings`, Privacy) tells the admin what it does and does not
// do: the lines the desk posted under the cards, and its DMs to the assignees, are edited (revpriv
// F1); those posted before this release, its other messages and Slack's own copies keep their
// words. In English and Chinese.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { settingsKit } from '../helpers/settings.js';

const ADMIN = 'U0ADMIN001';

const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

const { block, openGroup } = settingsKit(app, ADMIN);

test('the retention field says the posted thread lines and DMs are edited, and what keeps its words', async () => {
  const hint = async () => block(await openGroup('privacy'), 'retention_days').hint?.text;
  const en = await hint();
  expect(en).toContain('the desk edits the lines it posted under them');
  expect(en).toContain('Lines and DMs posted before this version of the desk');
  expect(en).toContain('keep their words in Slack');
  await app.setSettings((s) => ({ ...s, locale: 'zh-CN' }));
  const zh = await hint();
  expect(zh).toContain('也会被编辑');
  expect(zh).toContain('本版本之前发布的回复和私信');
  expect(zh).toContain('在 Slack 中保留原文');
});
