// How the privacy log knows a Slack user (`detail.userKey`): a key made with the app's secret
// (src/privacy/user-key.ts), so that the log and a list of Slack user ids do not tell whose
// entries they are. Entries written before (an unkeyed digest of the workspace and the id) are
// re-keyed by the daily privacy-retention job, and are found meanwhile: by the erasure checks
// (an old message of an erased person is not filed) and by the log's reads. Through the real
// Bolt stack: signed requests, the fake Slack, the test database.
import { beforeEach, expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { legacyUserKey } from '../../src/privacy/user-key.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { testUserKeys, userKey } from '../helpers/privacy.js';

const ADMIN = 'U0ADMIN001';
const REQ = 'U0CUSTREQ1';
const OTHER = 'U0CUSTOTH1';
const CHAN = 'C0HERCHAN1';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

let code = '';
beforeEach(async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  code = (await makeCustomer(app, { name: 'Huadong Machinery' })).code;
});

/** The privacy log's user keys as stored, by kind and subject. */
async function keysLogged(): Promise<string[]> {
  const entries = await app.db.models.privacyLog.find({ teamId: FAKE_TEAM_ID }).lean();
  return entries
    .map((e) => (e.detail as { userKey?: string }).userKey)
    .filter((k): k is string => !!k)
    .sort();
}

/** An entry as a version before keyed user keys wrote it: the unkeyed digest of team and id. */
function legacyEntry(kind: 'erase' | 'export.subject', user: string, at: string) {
  return {
    teamId: FAKE_TEAM_ID,
    kind,
    by: ADMIN,
    subject: code,
    at: new Date(at),
    detail: { contact: true, slackUser: true, userKey: legacyUserKey(FAKE_TEAM_ID, user) },
  };
}

/** The agent's ticket emoji on REQ's message `ts` in CHAN (linked, emoji intake): filed or not. */
async function reactOn(ts: string, eventId: string): Promise<number> {
  app.fake.peopleMessages.set(CHAN, [{ ts, user: REQ, text: 'Coolant on the floor again' }]);
  await app.slack.eventDelivery(
    {
      type: 'reaction_added',
      user: AGENT,
      reaction: 'ticket',
      item: { type: 'message', channel: CHAN, ts },
      item_user: REQ,
    },
    { eventId },
  );
  return app.db.models.tickets.countDocuments({ 'requester.userId': REQ });
}

test('a Slack user’s export is logged under a keyed key (uk1.…), not the unkeyed digest of the workspace and their id; the files are named after its digest', async () => {
  await makeTicket(app, {
    customerCode: code,
    title: 'Coolant leak on line 3',
    requester: { userId: REQ, via: 'slack' },
  });
  await app.slack.command('/desk', `privacy export user:<@${REQ}>`, { userId: ADMIN });
  const [key] = await keysLogged();
  expect(key).toMatch(/^uk1\.[0-9a-f]{32}$/);
  expect(key).toBe(userKey(FAKE_TEAM_ID, REQ));
  expect(key).not.toContain(legacyUserKey(FAKE_TEAM_ID, REQ));
  const files = app.fake.sharedFiles(`D${ADMIN.slice(1)}`);
  expect(files.map((f) => f.filename)).toEqual([
    `slack-user-${key!.slice(4, 12)}-2026-11-24.json`,
    `slack-user-${key!.slice(4, 12)}-2026-11-24.csv`,
  ]);
  // Found by the log's read by user.
  const admin = await ctxOf(app, ADMIN);
  const { items } = await app.desk.services.dataSubjects.log(admin, 100, REQ);
  expect(items.map((e) => e.kind)).toEqual(['export.subject']);
});

test('legacy (unkeyed) entries: found by the erasure check and the log until the retention job, run on two instances, re-keys them once; found the same after', async () => {
  await app.slack.command('/desk', `channel link ${code} emoji :ticket:`, {
    userId: ADMIN,
    channelId: CHAN,
  });
  // REQ erased on the 20th by a version before keyed keys, an export of theirs before it, and
  // another person's erasure; a customer's erasure (no user key) as well.
  await app.db.models.privacyLog.insertMany([
    legacyEntry('export.subject', REQ, '2026-11-19T02:00:00Z'),
    legacyEntry('erase', REQ, '2026-11-20T02:00:00Z'),
    legacyEntry('erase', OTHER, '2026-11-21T02:00:00Z'),
    {
      teamId: FAKE_TEAM_ID,
      kind: 'erase',
      by: ADMIN,
      subject: 'C2026999',
      at: new Date('2026-11-21T03:00:00Z'),
      detail: { documents: 3 },
    },
  ]);
  const admin = await ctxOf(app, ADMIN);
  const logged = async () =>
    (await app.desk.services.dataSubjects.log(admin, 100, REQ)).items.map((e) => e.kind);
  expect(await logged()).toEqual(['erase', 'export.subject']);
  // A message of theirs from before that erasure (the 10th) is not filed.
  expect(await reactOn('1794276000.000100', 'Ev0LEGACY01')).toBe(0);
  expect(app.fake.callsTo('chat.postEphemeral').at(-1)!.args.text).toContain(
    'personal data was erased',
  );

  // Two instances' runs of the job: one runs, the three legacy keys re-keyed.
  const runs = await runJobAt(app, privacyRetentionJob, '2026-11-25T01:00:00Z', ['a', 'b']);
  expect(runs).toHaveLength(1);
  expect(runs[0]!.counts).toMatchObject({ userKeys: 3 });
  expect(runs[0]!.counts).not.toHaveProperty('userKeysLeft');
  expect(await keysLogged()).toEqual(
    [userKey(FAKE_TEAM_ID, REQ), userKey(FAKE_TEAM_ID, REQ), userKey(FAKE_TEAM_ID, OTHER)].sort(),
  );
  const customerErasure = await app.db.models.privacyLog
    .findOne({ subject: 'C2026999' })
    .lean<{ detail: Record<string, unknown> }>();
  expect(customerErasure!.detail).toEqual({ documents: 3 });
  expect(await logged()).toEqual(['erase', 'export.subject']);
  expect(await reactOn('1794276000.000200', 'Ev0LEGACY02')).toBe(0);
  // A message they write after that erasure is anyone's.
  expect(await reactOn('1795482000.000300', 'Ev0LEGACY03')).toBe(1);

  // The next day's run has nothing to re-key.
  const [next] = await runJobAt(app, privacyRetentionJob, '2026-11-26T01:00:00Z');
  expect(next!.counts).not.toHaveProperty('userKeys');

  // Two instances' re-keys at once (an entry written by an instance not upgraded yet): once.
  await app.db.models.privacyLog.insertMany([
    legacyEntry('export.subject', REQ, '2026-11-26T02:00:00Z'),
    legacyEntry('export.subject', OTHER, '2026-11-26T02:00:00Z'),
  ]);
  const other = app.instance('b');
  const both = await Promise.all([
    app.desk.services.privacyLog.rekeyUserKeys(admin),
    other.services.privacyLog.rekeyUserKeys(admin),
  ]);
  expect(both[0]!.rekeyed + both[1]!.rekeyed).toBe(2);
  expect((await keysLogged()).every((k) => k.startsWith('uk1.'))).toBe(true);
  expect(await logged()).toEqual(['export.subject', 'erase', 'export.subject']);
});

test('an erasure’s marks written before the upgrade (legacy key) are found by the erasure of the same person after it: its resumes owed, made ready and announced', async () => {
  const ticket = await makeTicket(app, {
    customerCode: code,
    title: 'Coolant leak on line 3',
    requester: { userId: REQ, via: 'slack' },
  });
  const id = ticket.id;
  const legacy = legacyUserKey(FAKE_TEAM_ID, REQ);
  await app.db.models.tickets.updateOne(
    { _id: id },
    { $set: { erasureResumeOwed: legacy, erasureResumeUser: REQ } },
  );
  // A record of its marks taken by another erasure, under the legacy key too.
  await app.db.models.erasuresUnmarked.create({
    _id: `${FAKE_TEAM_ID}:${legacy}`,
    teamId: FAKE_TEAM_ID,
    user: REQ,
    ids: ['another-ticket'],
  } as never);
  const ctx = await ctxOf(app, ADMIN);
  const subjects = app.desk.services.dataSubjects;
  expect(await subjects.resumesOwed(ctx, REQ)).toEqual([id]);
  await subjects.resumesReady(ctx, REQ);
  const ready = await app.db.models.tickets.findById(id).lean<Record<string, unknown>>();
  expect(ready!.erasureResumeReady).toBeInstanceOf(Date);
  expect(ready!.erasureResumeUser).toBeUndefined();
  expect(await app.db.models.erasuresUnmarked.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);
  await subjects.resumesAnnounced(ctx, [id], REQ);
  const done = await app.db.models.tickets.findById(id).lean<Record<string, unknown>>();
  expect(done!.erasureResumeOwed).toBeUndefined();
  // A new mark is written under the keyed key, over the legacy one of the same person.
  await app.db.models.tickets.updateOne(
    { _id: id },
    { $set: { erasureResumeOwed: legacy, erasureResumeUser: REQ } },
  );
  await subjects.resumeOwed(ctx, id, REQ, ADMIN);
  const marked = await app.db.models.tickets.findById(id).lean<Record<string, unknown>>();
  expect(marked!.erasureResumeOwed).toBe(testUserKeys.of(FAKE_TEAM_ID, REQ));
  // Same person: not kept as another erasure's unmarked record.
  expect(await app.db.models.erasuresUnmarked.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);
});
