// `/desk privacy erase <code>` of a customer erased before: the modal and the result say when it
// was erased and that erasing it again only finishes what a run cut short may have left (as the
// CLI does), never "This erases…" and "Recorded in the privacy log" when nothing is logged; one
// whose erasure was cut short before its log entry is finished and logged, and said so.
import { beforeEach, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';

const ADMIN = 'U0ADMIN001';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

const told = () => app.fake.callsTo('response_url').map((c) => String(c.args.text));
const blocksText = (v: Record<string, any>) =>
  (v.blocks as { text?: { text?: string } }[]).map((b) => b.text?.text ?? '').join('\n');

/** ADMIN's `/desk privacy erase <code>`, then Erase on its modal (as counted): the modal's text. */
async function erase(code: string): Promise<string> {
  await app.slack.command('/desk', `privacy erase ${code}`, { userId: ADMIN });
  const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
  await app.slack.submitView(modal as never, {}, { userId: ADMIN });
  return blocksText(modal);
}

let code = '';
beforeEach(async () => {
  await app.setSettings((s) => ({ ...s, agents: [AGENT], accountManagers: [OWNER] }));
  code = (await makeCustomer(app, { contact: { name: '王芳', phone: '+8613800138000' } })).code;
  await makeTicket(app, { customerCode: code, title: 'Spindle error' });
  await app.desk.outbox.drain();
});

test('erased again: the modal and the result say when, and that no second erasure is logged', async () => {
  await erase(code);
  expect(told().at(-1)).toContain('Recorded in the privacy log');
  const again = await erase(code);
  expect(again).toContain(`was erased on <!date^`);
  expect(again).toContain('only finishes what a run cut short may have left');
  expect(again).not.toContain('This erases');
  const result = told().at(-1)!;
  expect(result).toMatch(/^C\d+ was erased on <!date\^\d+\^/);
  expect(result).toContain('nothing was left to change');
  expect(result).toContain('No second erasure is logged');
  expect(result).not.toContain('Recorded in the privacy log');
  expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(1);
});

test('erased before by a run cut short before its log entry: said so, finished and logged', async () => {
  await erase(code);
  // The run cut between the customer's rewrite and its privacy log entry.
  await app.db.models.privacyLog.deleteMany({ kind: 'erase' });
  const again = await erase(code);
  expect(again).toContain('that erasure was cut short');
  expect(told().at(-1)).toMatch(/^Finished the erasure of C\d+ begun on <!date\^/);
  expect(told().at(-1)).toContain('Recorded in the privacy log');
  expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(1);
});
