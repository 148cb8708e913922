// An erasure edits the desk's own posts about the tickets whose words it took (revpriv F1): the
// lines under their cards read as the timeline now does; another customer's are left as posted.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { erasedInSlack } from '../helpers/privacy.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';

const ADMIN = 'U0ADMIN001';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

const eraseInSlack = (args: string) => erasedInSlack(app, ADMIN, args);

test('erasing a customer edits the lines under its tickets’ cards, not another customer’s', async () => {
  await app.setSettings((s) => ({ ...s, agents: [AGENT] }));
  const her = await makeCustomer(app, { contact: { name: '王芳', phone: '+8613800138000' } });
  const other = await makeCustomer(app, { name: 'Lianhua Foods' });
  const t = await makeTicket(app, { customerCode: her.code, description: '王芳: gate code 4471' });
  const o = await makeTicket(app, { customerCode: other.code, description: 'Oven E7' });
  await act(app, t.number, { action: 'claim' }, AGENT);
  await act(app, t.number, { action: 'note', text: 'Called 王芳 about gate code 4471' }, AGENT);
  await act(app, o.number, { action: 'claim' }, AGENT);
  await act(app, o.number, { action: 'note', text: 'Oven part ordered' }, AGENT);
  await app.desk.outbox.drain();
  const took = app.fake.tookCalls('chat.postMessage');
  const tsOf = (text: string) =>
    String((took.find((c) => String(c.args.text).includes(text))!.answer as { ts: string }).ts);
  const hers = tsOf('noted: Called');
  const theirs = tsOf('noted: Oven part');
  app.fake.reset();
  await eraseInSlack(her.code);
  await app.desk.outbox.drain();
  const updates = app.fake.tookCalls('chat.update');
  const edited = updates.filter((c) => String(c.args.ts) === hers);
  expect(edited).toHaveLength(1);
  expect(String(edited[0]!.args.text)).toMatch(/noted: /);
  expect(String(edited[0]!.args.text)).not.toContain('王芳');
  expect(updates.filter((c) => String(c.args.ts) === theirs)).toEqual([]);
});
