// `/desk privacy log` as an auditor reads it on a busy desk: card views in clear (one each time a
// manager or admin opens a card) no longer drown the erasures and exports; views are listed on
// their own (`view`), and each kind alone (`erase`, `export`, `retention`).
import { beforeEach, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer } from '../helpers/factories.js';

const ADMIN = 'U0ADMIN001';

const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

/** ADMIN's `/desk privacy log …`: its blocks' text. */
async function logText(args = ''): Promise<string> {
  await app.slack.command('/desk', `privacy log${args ? ` ${args}` : ''}`, { userId: ADMIN });
  const said = app.fake.callsTo('response_url').at(-1)!.args as {
    text?: string;
    blocks?: { text?: { text?: string }; elements?: { text?: string }[] }[];
  };
  return [
    said.text ?? '',
    ...(said.blocks ?? []).flatMap((b) => [
      b.text?.text ?? '',
      ...(b.elements ?? []).map((e) => e.text ?? ''),
    ]),
  ].join('\n');
}

let code = '';
beforeEach(async () => {
  code = (await makeCustomer(app)).code;
  const ctx = await ctxOf(app, ADMIN);
  const log = app.desk.services.privacyLog;
  await log.record(ctx, 'erase', `${code} contact`, { documents: 1 });
  await log.record(ctx, 'export.subject', code, { documents: 4 });
  // A manager's day of card opens, after them: 25 views, more than a page of 20.
  for (let i = 0; i < 25; i++) {
    app.clock.advance(60_000);
    await log.record(await ctxOf(app, ADMIN), 'view', code, { surface: 'card' });
  }
});

test('without a kind: the erasure and the export, not the 25 views, and a line saying how to list them', async () => {
  const text = await logText();
  expect(text).toContain('Privacy log (2)');
  expect(text).toContain(`erasure · <@${ADMIN}> · ${code} contact`);
  expect(text).toContain(`data-subject export · <@${ADMIN}> · ${code}`);
  expect(text).not.toContain('personal data viewed');
  expect(text).toContain('`/desk privacy log view` lists them');
});

test('`view` lists the views alone; `erase` and `export` their kind alone; `retention` none yet', async () => {
  const views = await logText('view');
  expect(views).toContain('Privacy log: views of personal data (25)');
  expect(views.match(/personal data viewed/g)).toHaveLength(20);
  expect(views).not.toContain('erasure');
  expect(views).not.toContain('/desk privacy log view');

  const erasures = await logText('erase');
  expect(erasures).toContain('Privacy log: erasures (1)');
  expect(erasures).toContain(`${code} contact`);
  expect(erasures).not.toContain('data-subject export');

  const exports = await logText('EXPORT');
  expect(exports).toContain('Privacy log: exports (1)');
  expect(exports).not.toContain('erasure ·');

  expect(await logText('retention')).toContain('No retention run is recorded in the privacy log.');
});

test('an unknown kind is answered with the usage, which names the kinds; zh-CN says the same', async () => {
  expect(await logText('erasures')).toContain(
    '`/desk privacy log [erase|export|retention|view] [user:U0456EFGH]`',
  );
  await app.setSettings((s) => ({ ...s, locale: 'zh-CN' }));
  const zh = await logText();
  expect(zh).toContain('隐私日志（2）');
  expect(zh).toContain('用 `/desk privacy log view` 列出');
  expect(await logText('view')).toContain('隐私日志：查看个人信息（25）');
});
