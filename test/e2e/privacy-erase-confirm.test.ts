// What the erase confirmations (`/desk privacy erase <code> [contact]`) tell the admin before
// Erase: everything a whole customer's erasure drops (its notes, occupation and region too) and
// the planned tasks it cancels; and, for a contact as for a customer, that messages already
// posted in Slack stay as they are (the note's line in the card's thread keeps the name).
import { beforeEach, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';

const ADMIN = 'U0ADMIN001';
const TRIAGE = 'C0TRIAGE01';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

const blocksText = (v: Record<string, any>) =>
  (v.blocks as { text?: { text?: string } }[]).map((b) => b.text?.text ?? '').join('\n');

/** ADMIN's `/desk privacy erase <args>`: the Erase modal as counted. */
async function eraseModal(args: string) {
  await app.slack.command('/desk', `privacy erase ${args}`, { userId: ADMIN });
  return app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
}

let code = '';
beforeEach(async () => {
  await app.setSettings((s) => ({ ...s, agents: [AGENT], accountManagers: [OWNER] }));
  const customer = await makeCustomer(app, {
    contact: { name: '王芳', phone: '+8613800138000' },
    notes: 'Gate code 4471; the CFO prefers calls after 6pm',
  });
  code = customer.code;
  const t = await makeTicket(app, { customerCode: code, title: 'Spindle error' });
  await act(app, t.number, { action: 'note', text: '王芳 called again about E42' }, AGENT);
  await app.desk.outbox.drain();
});

test('a whole customer: its notes, occupation and region, and its planned tasks, are named; so are posted messages', async () => {
  const modal = await eraseModal(code);
  const text = blocksText(modal);
  expect(text).toContain('address, region, needs, notes, occupation and tags');
  expect(text).toContain('cancels the care, survey, review and 3-7-30 follow-up tasks');
  expect(text).toContain('Messages already posted in Slack');
  await app.slack.submitView(modal as never, {}, { userId: ADMIN });
  const after = await app.db.models.customers.findOne({ code }).lean();
  expect(JSON.stringify(after)).not.toContain('Gate code 4471');
});

test('a contact: "messages the desk has not sent yet", and posted ones stay (the thread keeps her name)', async () => {
  const text = blocksText(await eraseModal(`${code} 王芳`));
  expect(text).not.toContain('messages, digests');
  expect(text).toContain('messages the desk has not sent yet and stored digests');
  expect(text).toContain("Messages already posted in Slack (the cards' threads, DMs, alerts");
  const thread = app.fake
    .postsTo(TRIAGE)
    .filter((c) => c.args.thread_ts)
    .map((c) => String(c.args.text));
  expect(thread.some((l) => l.includes('王芳'))).toBe(true);
});

test('zh-CN: the customer confirmation names notes and posted messages', async () => {
  await app.setSettings((s) => ({ ...s, locale: 'zh-CN' }));
  const text = blocksText(await eraseModal(code));
  expect(text).toContain('备注、职业');
  expect(text).toContain('已发到 Slack 的消息');
});

test('a contact who may also write in Slack: the export, the confirmation and the result say to export or erase them by Slack user too', async () => {
  await app.slack.command('/desk', `privacy export ${code} 王芳`, { userId: ADMIN });
  const comment = String(
    app.fake.calls.findLast((c) => c.method === 'files.completeUploadExternal')!.args
      .initial_comment,
  );
  expect(comment).toContain('export them by Slack user too, `/desk privacy export user:@name`');
  const modal = await eraseModal(`${code} 王芳`);
  expect(blocksText(modal)).toContain(
    'erase them by Slack user too, `/desk privacy erase user:@name`',
  );
  await app.slack.submitView(modal as never, {}, { userId: ADMIN });
  const result = String(app.fake.callsTo('response_url').at(-1)!.args.text);
  expect(result).toContain('erase them by Slack user too');
});
