// revp68 F1 (the erasure side): a desk upgraded with PRIVACY_KEY unset has its first
// privacy-retention run re-key a person's legacy erase entry under the signing secret (the form
// `userKey` of test/helpers/privacy.ts); the operator then sets PRIVACY_KEY and, as README says,
// PRIVACY_KEY_PREVIOUS to the signing secret: an old message of that erased person, a reaction
// on it, is still refused (it was filed as a ticket naming them again, the erasure unfound).
import { beforeEach, expect, test } from 'vitest';
import { keyFingerprint } from '../../src/privacy/user-key.js';
import { TEST_SIGNING_SECRET, useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { userKey } from '../helpers/privacy.js';

const ADMIN = 'U0ADMIN001';
const REQ = 'U0CUSTREQ1';
const CHAN = 'C0HERCHAN1';
const NEW_KEY = 'p'.repeat(40);

const app = useTestApp({
  env: {
    TRIAGE_CHANNEL_ID: 'C0TRIAGE01',
    ADMIN_USER_IDS: ADMIN,
    PRIVACY_KEY: NEW_KEY,
    PRIVACY_KEY_PREVIOUS: TEST_SIGNING_SECRET,
  },
  now: '2026-11-24T02:00:00Z',
});

let code = '';
beforeEach(async () => {
  await app.setSettings(() => ({ agents: [AGENT] }));
  code = (await makeCustomer(app, { name: 'Huadong Machinery' })).code;
});

test('PRIVACY_KEY set after the re-key, the signing secret as PRIVACY_KEY_PREVIOUS: an erased person’s old message is still refused', async () => {
  await app.slack.command('/desk', `channel link ${code} emoji :ticket:`, {
    userId: ADMIN,
    channelId: CHAN,
  });
  // REQ erased on the 20th; the entry as the first retention run (PRIVACY_KEY unset) left it,
  // with the signing secret's fingerprint.
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
      subject: code,
      at: new Date('2026-11-20T02:00:00Z'),
      detail: { contact: true, slackUser: true, userKey: userKey(FAKE_TEAM_ID, REQ) },
    },
  ]);
  // Both secrets configured: nothing unknown.
  expect(await app.desk.services.privacyLog.keysUnknown()).toEqual([]);
  expect(await app.desk.services.privacyLog.keyUnknown(FAKE_TEAM_ID)).toBe(false);
  // Their message of the 10th, before the erasure.
  const ts = '1794276000.000100';
  app.fake.peopleMessages.set(CHAN, [{ ts, user: REQ, text: 'Coolant on the floor again' }]);
  await app.slack.eventDelivery(
    {
      type: 'reaction_added',
      user: AGENT,
      reaction: 'ticket',
      item: { type: 'message', channel: CHAN, ts },
      item_user: REQ,
    },
    { eventId: 'Ev0REVP6801' },
  );
  expect(await app.db.models.tickets.countDocuments({ 'requester.userId': REQ })).toBe(0);
});

test('a keyed entry written under the new key adds its fingerprint, once', async () => {
  const services = app.desk.services;
  const ctx = { teamId: FAKE_TEAM_ID, actor: ADMIN, now: app.clock.now() };
  const key = services.privacyLog.userKeys.of(FAKE_TEAM_ID, REQ);
  await services.privacyLog.record(ctx, 'erase', code, { slackUser: true, userKey: key });
  await services.privacyLog.record(ctx, 'erase', code, { slackUser: true, userKey: key });
  const doc = await app.db.models.privacyKeys.findOne({ _id: FAKE_TEAM_ID }).lean();
  expect(doc?.fingerprints).toEqual([keyFingerprint(NEW_KEY)]);
  expect(doc?.teamId).toBe(FAKE_TEAM_ID);
  // The key and neither secret is what is stored.
  expect(JSON.stringify(doc)).not.toContain(NEW_KEY);
  // A customer entry (no user key) stores nothing.
  await app.db.models.privacyKeys.deleteMany({});
  await services.privacyLog.record(ctx, 'erase', code, { contact: true });
  expect(await app.db.models.privacyKeys.countDocuments()).toBe(0);
});
