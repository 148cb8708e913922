// The retention setting (`/desk settings`, Privacy) tells the admin what it does not do: the
// lines the desk posted under the cards, and its DMs, keep their words in Slack once the ticket
// is anonymised (retention redraws the cards only). In English and Chinese.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { settingsKit } from '../helpers/settings.js';

const ADMIN = 'U0ADMIN001';

const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

const { block, openGroup } = settingsKit(app, ADMIN);

test('the retention field says posted thread lines and DMs keep their words', async () => {
  const hint = async () => block(await openGroup('privacy'), 'retention_days').hint?.text;
  const en = await hint();
  expect(en).toContain('The lines the desk already posted under the cards');
  expect(en).toContain('keep their words in Slack');
  await app.setSettings((s) => ({ ...s, locale: 'zh-CN' }));
  expect(await hint()).toContain('在 Slack 中保留原文');
});
