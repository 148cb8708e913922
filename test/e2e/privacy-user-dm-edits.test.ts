// Slack answers a post to a person with their DM's channel (D…), which the desk records where its
// DMs went (ticket_posts) and retention's edits of those DMs are written to (kept a week once sent).
// An erasure of the person by Slack user leaves no entry naming that channel, which leads back to
// them, for a requester and for a follower alike (revland-c F2).
import { expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { heldIn, tryEraseUser } from '../helpers/privacy.js';

const ADMIN = 'U0ADMIN001';
const REQ = 'U0REQUEST7';
const REQ_DM = 'D0REQUEST7';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

test('after retention edited their DMs, an erasure of the requester leaves no record of their DM channel', async () => {
  await app.setSettings((s) => ({ ...s, agents: [AGENT], accountManagers: [OWNER] }));
  const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
  const t = await makeTicket(app, {
    customerCode: code,
    title: 'Coolant leak at 王芳’s line 3',
    requester: { userId: REQ, via: 'slack' },
  });
  await act(app, t.number, { action: 'claim' }, AGENT);
  await act(app, t.number, { action: 'resolve', summary: 'Seal replaced' }, AGENT);
  await act(app, t.number, { action: 'close' }, AGENT);
  await app.desk.outbox.drain();
  // As Slack answers a post to a person: the DM's channel.
  expect(await app.db.models.ticketPosts.countDocuments({ channel: REQ_DM })).toBeGreaterThan(0);
  await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
  await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
  expect(
    app.fake.tookCalls('chat.update').filter((c) => c.args.channel === REQ_DM).length,
  ).toBeGreaterThan(0);

  // Two days later (sent entries are kept a week), REQ asks to be erased.
  app.clock.set('2027-01-07T01:00:00Z');
  await tryEraseUser(app, ADMIN, REQ);
  await app.desk.outbox.drain();
  const kept = await app.db.models.outbox
    .find({ $or: [{ to: REQ_DM }, { 'data.post.channel': REQ_DM }] })
    .lean();
  expect(kept).toEqual([]);
  expect(await heldIn(app, REQ)).toEqual([]);
});

const FOL = 'U0FOLLOW01';
const FOL_DM = 'D0FOLLOW01';
test('after retention edited a follower’s DMs, an erasure of the follower leaves neither their id nor their DM’s channel in an outbox entry', async () => {
  await app.setSettings((s) => ({ ...s, agents: [AGENT], accountManagers: [OWNER] }));
  const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
  const t = await makeTicket(app, {
    customerCode: code,
    title: 'Coolant leak at 王芳’s line 3',
    requester: { userId: REQ, via: 'slack' },
  });
  await app.db.models.tickets.updateOne({ number: t.number }, { $set: { followers: [FOL] } });
  await act(app, t.number, { action: 'claim' }, AGENT);
  await act(app, t.number, { action: 'resolve', summary: 'Seal replaced' }, AGENT);
  await act(app, t.number, { action: 'close' }, AGENT);
  await app.desk.outbox.drain();
  expect(await app.db.models.ticketPosts.countDocuments({ channel: FOL_DM })).toBeGreaterThan(0);
  await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
  await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
  expect(
    app.fake.tookCalls('chat.update').filter((c) => c.args.channel === FOL_DM).length,
  ).toBeGreaterThan(0);
  app.clock.set('2027-01-07T01:00:00Z');
  await tryEraseUser(app, ADMIN, FOL);
  await app.desk.outbox.drain();
  const kept = (await app.db.models.outbox.find({}).lean()).filter((e) =>
    JSON.stringify(e).match(/U0FOLLOW01|D0FOLLOW01/),
  );
  expect(kept).toEqual([]);
});
