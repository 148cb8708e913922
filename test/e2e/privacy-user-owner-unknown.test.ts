// The record that Slack said it has no user of an id that owns customers (customer_signals, kind
// ownerUnknown: the admins' Home names it) holds that Slack id: a data-subject export by Slack
// user lists it, and an erasure by Slack user deletes it (contacttitle's leftover). Through the
// real Bolt stack: `/desk privacy export user:` and `erase user:` by an admin.
import { expect, test } from 'vitest';
import { OWNER_UNKNOWN } from '../../src/customer/activity-repository.js';
import { useTestApp } from '../helpers/app.js';
import { homeText } from '../helpers/clicks.js';
import { ctxOf, OWNER } from '../helpers/factories.js';
import { heldIn, tryEraseUser } from '../helpers/privacy.js';

const ADMIN = 'U0ADMIN001';
const TYPO = 'U0TYPO0001';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

/** ADMIN's `/desk privacy export user:` of `user`: its JSON file as shared in their DM. */
async function exportByUser(user: string): Promise<string> {
  await app.slack.command('/desk', `privacy export user:<@${user}>`, { userId: ADMIN });
  app.clock.advance(4000);
  await app.desk.outbox.drain();
  const files = app.fake.sharedFiles(`D${ADMIN.slice(1)}`);
  const json = files.find((f) => f.filename.endsWith('.json'));
  expect(json, JSON.stringify(files.map((f) => f.filename))).toBeDefined();
  return json!.content!.toString('utf8');
}

test('an id Slack has no user for, its customer given to someone else: exported with its record, erased without it', async () => {
  const admin = await ctxOf(app, ADMIN);
  const customer = await app.desk.services.customers.create(admin, {
    name: 'Huadong Machinery',
    industry: 'Manufacturing',
    source: 'referral',
    firstContactDate: '2026-01-05',
    ownerId: TYPO,
  });
  await app.desk.services.customers.ownerUnknownToSlack(
    { teamId: admin.teamId, now: app.clock.now() },
    TYPO,
  );
  expect(await homeText(app, ADMIN)).toContain(`Slack has no user \`${TYPO}\``);
  // The admin fixes it as the Home asks: the customer has another owner.
  await app.desk.services.customers.update(admin, customer.code, { ownerId: OWNER });
  expect(await heldIn(app, TYPO)).toContain('customer_signals.key');

  const exported = JSON.parse(await exportByUser(TYPO)) as Record<string, unknown>;
  expect(exported.ownerUnknown).toEqual([
    expect.objectContaining({ kind: OWNER_UNKNOWN, key: TYPO }),
  ]);

  const said = await tryEraseUser(app, ADMIN, TYPO);
  expect(said).not.toContain('works or has worked on the desk');
  expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(1);
  const log = await app.db.models.privacyLog.findOne({ kind: 'erase' }).lean();
  expect(log?.detail).toMatchObject({ changed: expect.objectContaining({ customerSignals: 1 }) });
  await app.desk.outbox.drain();
  expect(await heldIn(app, TYPO)).toEqual([]);
  expect(await homeText(app, ADMIN)).not.toContain('Slack has no user');
});
