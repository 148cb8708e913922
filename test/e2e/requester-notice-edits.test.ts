// Retention and erasures edit the requester's own notices too (reqedits, wave p37): their DMs from
// the desk ("We have your request", the steps, resolved with its Not solved, reopen, the survey),
// and the same in their customer channel's thread, are recorded where they went once Slack took
// them (ticket_posts, kind requester) and edited to a line of their own, naming their ticket
// (they cannot read it, so not the staff's "read the ticket"), in the workspace's language, their
// buttons gone. Through the real Bolt app and fake Slack.
import { expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { useTestApp } from '../helpers/app.js';
import { dmChannelOf } from '../helpers/fake-slack.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { tryEraseUser } from '../helpers/privacy.js';

const ADMIN = 'U0ADMIN001';
const REQ = 'U0REQUEST7';
// Their DM's channel, as Slack answers a post to REQ.
const REQ_DM = dmChannelOf(REQ);
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

const tsOf = (c: { answer?: unknown }) => String((c.answer as { ts: string }).ts);
const updatesOf = (ts: string) =>
  app.fake.tookCalls('chat.update').filter((c) => String(c.args.ts) === ts);

/** REQ's ticket with their words, taken and resolved (closed too if `close`); their DMs. */
async function resolvedTicket(close: boolean, receivedSays = 'We have your request') {
  await app.setSettings((s) => ({ ...s, agents: [AGENT], accountManagers: [OWNER] }));
  const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
  const t = await makeTicket(app, {
    customerCode: code,
    title: 'Coolant leak at 王芳’s line 3',
    description: 'Call 王芳 on +8613800138000',
    requester: { userId: REQ, via: 'slack' },
  });
  await act(app, t.number, { action: 'claim' }, AGENT);
  await act(app, t.number, { action: 'resolve', summary: 'Seal on 王芳’s line replaced' }, AGENT);
  if (close) await act(app, t.number, { action: 'close' }, AGENT);
  await app.desk.outbox.drain();
  const dms = app.fake.tookCalls('chat.postMessage').filter((c) => c.args.channel === REQ);
  const received = dms.find((c) => String(c.args.text).includes(receivedSays));
  const resolved = dms.find((c) => String(c.args.text).includes('Seal on 王芳’s line replaced'));
  expect(String(received?.args.text)).toContain('Coolant leak at 王芳’s line 3');
  expect(resolved).toBeDefined();
  return { number: t.number, received: tsOf(received!), resolved: tsOf(resolved!) };
}

const line = (number: string) =>
  `:information_source: This message was about your ticket *${number}*. Its words were removed under this workspace’s data retention or an erasure of personal data.`;

test('retention edits the requester’s received and resolved DMs to their own line, the buttons gone', async () => {
  const { number, received, resolved } = await resolvedTicket(true);
  // The resolved DM carries the requester's Not solved, reopen button.
  const posted = app.fake.tookCalls('chat.postMessage').find((c) => tsOf(c) === resolved);
  expect(JSON.stringify(posted!.args.blocks)).toContain('Not solved, reopen');
  await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
  await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
  for (const ts of [received, resolved]) {
    const edits = updatesOf(ts);
    expect(edits.map((c) => [c.args.channel, c.args.text])).toEqual([[REQ_DM, line(number)]]);
    expect(edits[0]!.args.blocks).toEqual([]);
    expect(JSON.stringify(edits[0]!.args)).not.toMatch(/王芳|Coolant|Seal/);
  }
});

test('in zh-CN the requester’s line is in Chinese', async () => {
  await app.setSettings((s) => ({ ...s, locale: 'zh-CN' }));
  const { number, received } = await resolvedTicket(true, '我们已收到您的请求');
  await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
  await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
  expect(updatesOf(received).map((c) => c.args.text)).toEqual([
    `:information_source: 这条消息与您的工单 *${number}* 有关。根据本工作区的数据保留规定或个人数据删除，其内容已移除。`,
  ]);
});

test('retention edits the requester’s notices in their customer channel’s thread too', async () => {
  await app.setSettings((s) => ({ ...s, agents: [AGENT], accountManagers: [OWNER] }));
  const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
  const t = await makeTicket(app, {
    customerCode: code,
    title: 'Coolant leak',
    requester: { userId: REQ, via: 'slack' },
  });
  // The customer-channel lane links tickets to their thread; here the link is made by hand.
  const CUSTOMER_CHANNEL = 'C0CUSTOMER';
  const TS = '1700000000.000900';
  await app.db.models.tickets.updateOne(
    { number: t.number },
    { $set: { conversation: { channel: CUSTOMER_CHANNEL, ts: TS } } },
  );
  await act(app, t.number, { action: 'claim' }, AGENT);
  await act(app, t.number, { action: 'resolve', summary: 'Seal on 王芳’s line replaced' }, AGENT);
  await act(app, t.number, { action: 'close' }, AGENT);
  await app.desk.outbox.drain();
  const inThread = app.fake
    .tookPostsTo(CUSTOMER_CHANNEL)
    .filter((c) => c.args.thread_ts === TS && String(c.args.text).includes('is resolved'));
  // The resolved notice and the survey (its score buttons).
  expect(inThread.map((c) => String(c.args.text).split(':')[0])).toEqual([
    `Ticket *${t.number}* is resolved`,
    `Ticket *${t.number}* is resolved. How satisfied are you with how we handled it?`,
  ]);
  await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
  await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
  for (const c of inThread)
    expect(updatesOf(tsOf(c)).map((e) => [e.args.channel, e.args.text, e.args.blocks])).toEqual([
      [CUSTOMER_CHANNEL, line(t.number), []],
    ]);
});

test('an erasure of the requester edits their notices in their customer channel’s thread; their DMs, whose channel leads back to them, are no longer recorded and keep their words', async () => {
  await app.setSettings((s) => ({ ...s, agents: [AGENT], accountManagers: [OWNER] }));
  const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
  await makeTicket(app, {
    customerCode: code,
    title: 'Coolant leak',
    requester: { userId: REQ, via: 'slack' },
  });
  const threaded = await makeTicket(app, {
    customerCode: code,
    title: 'Spindle noise',
    requester: { userId: REQ, via: 'slack' },
  });
  const CUSTOMER_CHANNEL = 'C0CUSTOMER';
  const TS = '1700000000.000900';
  await app.db.models.tickets.updateOne(
    { number: threaded.number },
    { $set: { conversation: { channel: CUSTOMER_CHANNEL, ts: TS } } },
  );
  await act(app, threaded.number, { action: 'claim' }, AGENT);
  await act(app, threaded.number, { action: 'resolve', summary: 'Bearing replaced' }, AGENT);
  await app.desk.outbox.drain();
  const [dm] = app.fake.tookCalls('chat.postMessage').filter((c) => c.args.channel === REQ);
  expect(String(dm?.args.text)).toContain('Coolant leak');
  const resolved = app.fake
    .tookPostsTo(CUSTOMER_CHANNEL)
    .find((c) => c.args.thread_ts === TS && String(c.args.text).includes('Bearing replaced'))!;
  expect(await app.db.models.ticketPosts.countDocuments({ kind: 'requester' })).toBeGreaterThan(1);

  await tryEraseUser(app, ADMIN, REQ);
  // Nothing kept says where their DM is.
  for (const channel of [REQ, REQ_DM])
    expect(await app.db.models.ticketPosts.countDocuments({ channel })).toBe(0);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(updatesOf(tsOf(resolved)).map((c) => [c.args.channel, c.args.text])).toEqual([
    [CUSTOMER_CHANNEL, line(threaded.number)],
  ]);
  expect(updatesOf(tsOf(dm!))).toEqual([]);
  for (const to of [REQ, REQ_DM]) expect(await app.db.models.outbox.countDocuments({ to })).toBe(0);
});
