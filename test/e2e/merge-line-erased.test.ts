// A merge posts in its target's thread a line naming who asked for the duplicate and quoting
// what they wrote (recorded as one of the target's posts). An erasure or retention that takes
// the duplicate's words edits that line too, drawn from the duplicate as it reads now, though the
// target itself is not rewritten (revland-b F1): a contact, a Slack user, a whole customer (the
// target another customer's), and retention of the duplicate alone; once per duplicate version.
import { expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const ASKER = 'U0ASKER001';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

const WORDS = 'gate code 4471, ask for 王芳 at home';

/**
 * T2 (asked for by `requester`, of the customer `code`) merged into T1 (of `targetCode`, else
 * the same customer) by the card's Merge into…; the ts of the line in T1's thread quoting T2.
 */
async function merged(
  requester: { contactName: string } | { userId: string },
  opts: { otherCustomer?: boolean } = {},
) {
  await app.setSettings((s) => ({ ...s, agents: [AGENT] }));
  const c = await makeCustomer(app, { contact: { name: '王芳', phone: '+8613800138000' } });
  const other = opts.otherCustomer ? await makeCustomer(app, { name: 'Lianhua Foods' }) : c;
  const target = await makeTicket(app, {
    customerCode: other.code,
    title: 'Line 3 down',
    description: 'Oven E7',
    requester: { contactName: 'Li Lei' },
  });
  const dup = await makeTicket(app, {
    customerCode: c.code,
    title: 'Gate',
    description: WORDS,
    requester,
  });
  await act(app, dup.number, { action: 'claim' }, AGENT);
  await app.desk.flows.tickets.merge(await ctxOf(app, AGENT), dup.number, { into: target.number });
  await app.desk.outbox.drain();
  const took = app.fake.tookCalls('chat.postMessage');
  const line = took.find((x) => String(x.args.text).includes('gate code 4471'));
  // The target's thread got the merge line naming the asker and quoting the duplicate's words.
  expect(line, JSON.stringify(took.map((x) => x.args.text))).toBeDefined();
  expect(String(line!.args.text)).toContain('contactName' in requester ? '王芳' : ASKER);
  app.fake.reset();
  return { code: c.code, dup, target, ts: String((line!.answer as { ts: string }).ts) };
}

async function erasedInSlack(args: string) {
  await app.slack.command('/desk', `privacy erase ${args}`, { userId: ADMIN });
  const modal = app.fake.callsTo('views.update').at(-1)!.args.view;
  await app.slack.submitView(modal as never, {}, { userId: ADMIN });
  await app.desk.outbox.drain();
}

const editsOf = (ts: string) =>
  app.fake
    .tookCalls('chat.update')
    .filter((x) => String(x.args.ts) === ts)
    .map((x) => String(x.args.text));

test('erasing the duplicate’s requester (a contact) edits the merge line in the target’s thread: no name, the words as the duplicate keeps them', async () => {
  const { code, dup, target, ts } = await merged({ contactName: '王芳' });
  await erasedInSlack(`${code} "王芳"`);
  const dupAfter = (await app.db.models.tickets.findById(dup.id).lean())!;
  expect(JSON.stringify(dupAfter)).not.toContain('王芳');
  expect(editsOf(ts)).toEqual([
    'Merged from T20260002 ([erased], “gate code 4471, ask for [erased] at home”) by <@U0AGENT001>.',
  ]);
  // The target was not rewritten: it keeps its own words.
  const targetAfter = (await app.db.models.tickets.findById(target.id).lean())!;
  expect(targetAfter.description).toBe('Oven E7');
});

test('erasing the duplicate’s requester (a Slack user) edits the merge line: neither their mention nor their words', async () => {
  const { ts } = await merged({ userId: ASKER });
  await erasedInSlack(`user:<@${ASKER}>`);
  const edited = editsOf(ts);
  expect(edited).toHaveLength(1);
  expect(edited[0]).not.toContain(ASKER);
  expect(edited[0]).not.toContain('4471');
  expect(edited[0]).toContain('Merged from T20260002');
});

test('erasing the duplicate’s whole customer edits the merge line in another customer’s ticket’s thread', async () => {
  const { code, dup, target, ts } = await merged({ contactName: '王芳' }, { otherCustomer: true });
  await erasedInSlack(code);
  const dupAfter = (await app.db.models.tickets.findById(dup.id).lean())!;
  expect(JSON.stringify(dupAfter)).not.toContain('王芳');
  const edited = editsOf(ts);
  expect(edited).toHaveLength(1);
  expect(edited[0]).not.toContain('王芳');
  expect(edited[0]).toContain('ask for [erased] at home');
  // The other customer's ticket keeps its own words.
  const targetAfter = (await app.db.models.tickets.findById(target.id).lean())!;
  expect(targetAfter.description).toBe('Oven E7');
});

test('retention of the duplicate alone (its target still open) edits the merge line; the next run edits nothing again', async () => {
  const { dup, target, ts } = await merged({ contactName: '王芳' });
  await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
  await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
  const dupAfter = (await app.db.models.tickets.findById(dup.id).lean())!;
  expect(JSON.stringify(dupAfter)).not.toContain('4471');
  const edited = editsOf(ts);
  expect(edited).toHaveLength(1);
  expect(edited[0]).not.toContain('王芳');
  expect(edited[0]).not.toContain('4471');
  expect(edited[0]).toContain('Merged from T20260002');
  // The target, open, keeps its words.
  const targetAfter = (await app.db.models.tickets.findById(target.id).lean())!;
  expect(targetAfter.description).toBe('Oven E7');
  const edits = await app.db.models.outbox.countDocuments({ kind: 'message.edit' });
  await runJobAt(app, privacyRetentionJob, '2027-01-06T01:00:00Z');
  expect(editsOf(ts)).toEqual([]);
  expect(await app.db.models.outbox.countDocuments({ kind: 'message.edit' })).toBe(edits);
});

test('erasing the whole customer of both the duplicate and its target edits the merge line once, drawn from the duplicate (M1)', async () => {
  const { code, ts } = await merged({ contactName: '王芳' });
  await erasedInSlack(code);
  const edited = editsOf(ts);
  expect(edited).toHaveLength(1);
  expect(edited[0]).not.toContain('王芳');
  expect(edited[0]).toContain('ask for [erased] at home');
  expect(
    await app.db.models.outbox.countDocuments({ kind: 'message.edit', 'data.post.ts': ts }),
  ).toBe(1);
});
