// An erasure by Slack user the outbox upkeep finished (cut short, or held back while the person
// owned a customer as a guest) is logged by the desk: the line names the admin who started it,
// as the erasure's marks keep them, and no longer says "cut short" of every one (revwave F4).
import { expect, test } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';

const ADMIN = 'U0ADMIN001';
const OTHER = 'U0OTHERPE1';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

/** ADMIN's `/desk privacy log`: its blocks' text. */
async function logText(): Promise<string> {
  await app.slack.command('/desk', 'privacy log', { userId: ADMIN });
  const blocks = app.fake.callsTo('response_url').at(-1)!.args.blocks as {
    text?: { text?: string };
  }[];
  return blocks.map((b) => b.text?.text ?? '').join('\n');
}

test('the desk finishing an erasure names the admin who started it, in en and zh-CN', async () => {
  const { code } = await makeCustomer(app, {});
  await app.desk.services.customers.update(await ctxOf(app, OWNER), code, {
    notes: `Ask <@${OTHER}> for the drawings`,
  });
  // As the upkeep runs it (finishErasures): the desk acting, its marks' starters given.
  const desk = await ctxOf(app, SYSTEM_ACTOR, { origin: 'job' });
  await app.desk.services.dataSubjects.eraseUser(
    desk,
    OTHER,
    undefined,
    undefined,
    undefined,
    undefined,
    [ADMIN],
  );
  const en = await logText();
  expect(en).toContain(`erasure · the desk, finishing an erasure <@${ADMIN}> started · `);
  expect(en).not.toContain('cut short');
  await app.setSettings((s) => ({ ...s, locale: 'zh-CN' }));
  const zh = await logText();
  expect(zh).toContain(`服务台，完成 <@${ADMIN}> 发起的删除 · `);
});
