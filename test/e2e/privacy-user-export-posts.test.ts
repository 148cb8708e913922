// An export by Slack user lists where the desk's DMs to them went (ticket_posts: whom a DM went
// to, its conversation), the records their erasure deletes: every record holding their id is
// named in it (postedits 4).
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { dmChannelOf } from '../helpers/fake-slack.js';
import { heldIn, tryEraseUser } from '../helpers/privacy.js';

const ADMIN = 'U0ADMIN001';
const REQ = 'U0CUSTREQ1';
const TRIAGE = 'C0TRIAGE01';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

/** ADMIN's `/desk privacy export user:` of `user`: the JSON file shared in ADMIN's DM. */
async function exportByUser(user: string): Promise<Record<string, unknown>> {
  app.fake.reset();
  await app.slack.command('/desk', `privacy export user:<@${user}>`, { userId: ADMIN });
  app.clock.advance(4000);
  await app.desk.outbox.drain();
  const file = app.fake
    .sharedFiles(`D${ADMIN.slice(1)}`)
    .find((f) => String(f.filename).endsWith('.json'));
  return JSON.parse(file!.content!.toString('utf8')) as Record<string, unknown>;
}

test('an export by Slack user lists the records of where the desk’s DMs to them went: the account manager’s notice, the requester’s own notice', async () => {
  const { code } = await makeCustomer(app, { name: 'Wangfang Trading' });
  const ticket = await makeTicket(app, {
    customerCode: code,
    title: 'Gate code 4471',
    requester: { userId: REQ, via: 'slack' },
  });
  await app.desk.outbox.drain();
  for (const [user, kind] of [
    [OWNER, 'notice'],
    [REQ, 'requester'],
  ] as const) {
    // Their id is held in the record of their DM (whom it went to, and its DM channel, as Slack
    // answers a post to a person).
    expect(await heldIn(app, user)).toEqual(
      expect.arrayContaining(['ticket_posts.channel', 'ticket_posts.to']),
    );
    const records = await app.db.models.ticketPosts.find({ to: user }).lean();
    expect(records.map((r) => r.kind)).toEqual([kind]);
    const json = await exportByUser(user);
    expect(json.ticketPosts).toEqual(
      records.map((r) => ({
        _id: String(r._id),
        ticketId: ticket.id,
        kind,
        channel: dmChannelOf(user),
        ts: r.ts,
        to: user,
        at: r.at.toISOString(),
      })),
    );
  }
});

test('after an erasure by Slack user, an export of them lists no record of where the desk’s DMs went, an older record naming them only by its channel too', async () => {
  const { code } = await makeCustomer(app, { name: 'Wangfang Trading' });
  const ticket = await makeTicket(app, {
    customerCode: code,
    title: 'Gate code 4471',
    requester: { userId: REQ, via: 'slack' },
  });
  await app.desk.outbox.drain();
  // A record written before the desk kept `to`: a notice (a follower's, say) posted to their id,
  // kept as its channel (the export lists it as theirs).
  await app.db.models.ticketPosts.create({
    teamId: ticket.teamId,
    ticketId: ticket.id,
    key: `notice:${ticket.id}:legacy`,
    kind: 'notice',
    channel: REQ,
    ts: '1795400000.000100',
    at: new Date('2026-11-20T02:00:00Z'),
  });
  const before = await exportByUser(REQ);
  expect((before.ticketPosts as { channel: string }[]).map((p) => p.channel)).toEqual(
    expect.arrayContaining([REQ, dmChannelOf(REQ)]),
  );
  app.fake.reset();
  await tryEraseUser(app, ADMIN, REQ);
  await app.desk.outbox.drain();
  expect(await app.db.models.ticketPosts.find({ channel: REQ }).lean()).toEqual([]);
  const after = await exportByUser(REQ);
  expect(after.ticketPosts).toBeUndefined();
  expect(await heldIn(app, REQ)).not.toEqual(expect.arrayContaining(['ticket_posts.channel']));
});
