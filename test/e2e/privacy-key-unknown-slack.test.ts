// The privacy log keyed under a secret the app does not have (PRIVACY_KEY set after the log was
// keyed under the signing secret, no PRIVACY_KEY_PREVIOUS): `/desk privacy log user:`, `export
// user:` and `erase user:` refuse in Slack as `npm run privacy … --user` does, naming
// PRIVACY_KEY_PREVIOUS, rather than answering that nothing is recorded about that person
// (revp69 F2). A log keyed before fingerprints were stored gets the configured secret's
// fingerprint from the retention run, so a later change is detected (revp69 F3).
import { beforeEach, expect, test } from 'vitest';
import { keyFingerprint } from '../../src/privacy/user-key.js';
import { TEST_SIGNING_SECRET, useTestApp } from '../helpers/app.js';
import { ctxOf } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { userKey } from '../helpers/privacy.js';

const ADMIN = 'U0ADMIN001';
const REQ = 'U0CUSTREQ1';
const NEW_KEY = 'r'.repeat(40);
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, PRIVACY_KEY: NEW_KEY },
  now: '2026-11-24T02:00:00Z',
});

beforeEach(() => ctxOf(app, ADMIN));

test('privacy log/export/erase user: with the log keyed under the old secret: refused, naming PRIVACY_KEY_PREVIOUS', async () => {
  await app.db.models.privacyKeys.create({
    _id: FAKE_TEAM_ID,
    teamId: FAKE_TEAM_ID,
    fingerprints: [keyFingerprint(TEST_SIGNING_SECRET)],
  });
  await app.db.models.privacyLog.insertMany([
    {
      teamId: FAKE_TEAM_ID,
      kind: 'erase',
      by: ADMIN,
      subject: 'C2026001',
      at: new Date('2026-11-20T02:00:00Z'),
      // keyed under the signing secret (helpers/privacy userKey)
      detail: { contact: true, slackUser: true, userKey: userKey(FAKE_TEAM_ID, REQ) },
    },
  ]);
  expect(await app.desk.services.privacyLog.keyUnknown(FAKE_TEAM_ID)).toBe(true);
  const all = await app.slack.command('/desk', 'privacy log', { userId: ADMIN });
  expect(JSON.stringify(all.body)).toContain('Privacy log (1)');
  const hers = await app.slack.command('/desk', `privacy log user:<@${REQ}>`, { userId: ADMIN });
  const said = JSON.stringify(hers.body);
  expect(said).toContain('PRIVACY_KEY_PREVIOUS');
  expect(said).not.toContain('Privacy log (0)');
  for (const asked of [`privacy export user:<@${REQ}>`, `privacy erase user:<@${REQ}>`]) {
    const res = await app.slack.command('/desk', asked, { userId: ADMIN });
    expect(JSON.stringify(res.body) + JSON.stringify(app.fake.calls.slice(-3))).toContain(
      'PRIVACY_KEY_PREVIOUS',
    );
  }
});

test('keyed before fingerprints were stored: the retention run stores the configured secret, a later change is refused', async () => {
  const { privacyRetentionJob } = await import('../../jobs/privacy-retention.js');
  const { runJobAt } = await import('../helpers/jobs.js');
  const { userKeys } = await import('../../src/privacy/user-key.js');
  await app.db.models.privacyKeys.deleteMany({});
  await app.db.models.privacyLog.deleteMany({});
  await app.db.models.privacyLog.insertMany([
    {
      teamId: FAKE_TEAM_ID,
      kind: 'erase',
      by: ADMIN,
      subject: 'C2026001',
      at: new Date('2026-11-20T02:00:00Z'),
      // keyed under the secret configured now, by a version that stored no fingerprint
      detail: { contact: true, slackUser: true, userKey: userKeys(NEW_KEY).of(FAKE_TEAM_ID, REQ) },
    },
  ]);
  await runJobAt(app, privacyRetentionJob, '2026-11-25T01:00:00Z');
  const stored = await app.db.models.privacyKeys.findOne({ _id: FAKE_TEAM_ID }).lean();
  expect(stored?.fingerprints).toEqual([keyFingerprint(NEW_KEY)]);
  const hers = await app.slack.command('/desk', `privacy log user:<@${REQ}>`, { userId: ADMIN });
  expect(JSON.stringify(hers.body)).toContain('Privacy log (1)');
  // PRIVACY_KEY changed afterwards, without PRIVACY_KEY_PREVIOUS: detected.
  const { PrivacyLog } = await import('../../src/privacy/service.js');
  const { PrivacyKeyRepository, PrivacyLogRepository } =
    await import('../../src/privacy/repository.js');
  const changed = new PrivacyLog(
    new PrivacyLogRepository(app.db.models.privacyLog),
    userKeys('s'.repeat(40)),
    new PrivacyKeyRepository(app.db.models.privacyKeys),
  );
  expect(await changed.keyUnknown(FAKE_TEAM_ID)).toBe(true);
});
