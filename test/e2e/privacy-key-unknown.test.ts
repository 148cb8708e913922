// revp68 F1 (detection): PRIVACY_KEY set after the first privacy-retention run re-keyed the log
// under the signing secret, with no PRIVACY_KEY_PREVIOUS: the app says so at start-up (an error
// line naming how many workspaces, never a key), where before nothing told the keys apart. The
// fingerprint is stored by the re-key itself, by the first keyed entry, and by an erasure's
// keyed marks written before any entry (an erasure cut short before its log entry).
import { beforeEach, expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { keyFingerprint, legacyUserKey } from '../../src/privacy/user-key.js';
import { TEST_SIGNING_SECRET, useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, makeTicket } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const REQ = 'U0CUSTREQ1';
const NEW_KEY = 'q'.repeat(40);
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, PRIVACY_KEY: NEW_KEY },
  now: '2026-11-24T02:00:00Z',
});

beforeEach(() => ctxOf(app, ADMIN));

const KEY_ERROR = /privacy key differs/;
async function startAnother(name: string): Promise<string[]> {
  const before = app.logs.length;
  const other = app.instance(name);
  await other.start();
  await other.stop();
  return app.logs
    .slice(before)
    .filter((l) => l.level >= 50)
    .map((l) => l.msg);
}

test('keyed under the signing secret, PRIVACY_KEY set since: an error at start-up, none when it matches', async () => {
  await app.db.models.privacyKeys.create({
    _id: FAKE_TEAM_ID,
    teamId: FAKE_TEAM_ID,
    fingerprints: [keyFingerprint(TEST_SIGNING_SECRET)],
  });
  expect(await app.desk.services.privacyLog.keyUnknown(FAKE_TEAM_ID)).toBe(true);
  expect(await app.desk.services.privacyLog.keysUnknown()).toEqual([FAKE_TEAM_ID]);
  const errors = await startAnother('after-upgrade');
  expect(errors.filter((m) => KEY_ERROR.test(m))).toHaveLength(1);
  const line = app.logs.find((l) => KEY_ERROR.test(l.msg));
  expect(line?.teams).toBe(1);
  expect(JSON.stringify(line)).not.toContain(NEW_KEY);
  expect(JSON.stringify(line)).not.toContain(TEST_SIGNING_SECRET);

  // The stored fingerprint is this key's: no error.
  await app.db.models.privacyKeys.updateOne(
    { _id: FAKE_TEAM_ID },
    { $set: { fingerprints: [keyFingerprint(NEW_KEY)] } },
  );
  expect(await app.desk.services.privacyLog.keyUnknown(FAKE_TEAM_ID)).toBe(false);
  expect((await startAnother('matching')).filter((m) => KEY_ERROR.test(m))).toEqual([]);
});

test('the retention re-key stores the key’s fingerprint before it re-keys; nothing to re-key stores none', async () => {
  await runJobAt(app, privacyRetentionJob, '2026-11-25T01:00:00Z');
  expect(await app.db.models.privacyKeys.countDocuments()).toBe(0);
  await app.db.models.privacyLog.insertMany([
    {
      teamId: FAKE_TEAM_ID,
      kind: 'erase',
      by: ADMIN,
      subject: 'C2026001',
      at: new Date(Date.UTC(2026, 10, 20, 2)),
      detail: { slackUser: true, userKey: legacyUserKey(FAKE_TEAM_ID, REQ) },
    },
  ]);
  await runJobAt(app, privacyRetentionJob, '2026-11-26T01:00:00Z', ['a', 'b']);
  const doc = await app.db.models.privacyKeys.findOne({ _id: FAKE_TEAM_ID }).lean();
  expect(doc?.fingerprints).toEqual([keyFingerprint(NEW_KEY)]);
  expect(doc?.teamId).toBe(FAKE_TEAM_ID);
  const entry = await app.db.models.privacyLog.findOne({ subject: 'C2026001' }).lean();
  expect((entry?.detail as { userKey?: string }).userKey).toMatch(/^uk1\./);
});

test('an erasure’s marks alone (cut short before its log entry) store the key’s fingerprint first', async () => {
  const { code } = await makeCustomer(app);
  const ticket = await makeTicket(app, {
    customerCode: code,
    title: 'Coolant leak on line 3',
    requester: { userId: REQ, via: 'slack' },
  });
  // Another instance (this one's knows the workspace's fingerprint stored from earlier cases).
  const other = app.instance('marks-only');
  const ctx = await ctxOf(app, ADMIN);
  await other.services.dataSubjects.resumeOwed(ctx, ticket.id, REQ, ADMIN);
  const marked = await app.db.models.tickets.findById(ticket.id).lean<Record<string, unknown>>();
  expect(marked!.erasureResumeOwed).toMatch(/^uk1\./);
  expect(await app.db.models.privacyLog.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);
  const doc = await app.db.models.privacyKeys.findOne({ _id: FAKE_TEAM_ID }).lean();
  expect(doc?.fingerprints).toEqual([keyFingerprint(NEW_KEY)]);
  expect(doc?.teamId).toBe(FAKE_TEAM_ID);
  // The records of an erasure finished by the upkeep but not told, or outrun: likewise, each
  // by an instance that stored nothing yet.
  const owed = { by: [ADMIN], ownerTo: [], ids: [ticket.id], resumed: 1 };
  const writes = {
    tellOwed: () =>
      app
        .instance('tell-owed')
        .services.dataSubjects.erasureTellOwed(FAKE_TEAM_ID, REQ, 'dm-1', owed, ctx.now),
    outran: () =>
      app
        .instance('outran')
        .services.dataSubjects.erasureOutran(FAKE_TEAM_ID, REQ, 'dm-2', owed, ctx.now, ctx.now),
  };
  for (const [name, write] of Object.entries(writes)) {
    await app.db.models.privacyKeys.deleteMany({});
    await write();
    const stored = await app.db.models.privacyKeys.findOne({ _id: FAKE_TEAM_ID }).lean();
    expect(stored?.fingerprints, name).toEqual([keyFingerprint(NEW_KEY)]);
  }
});
