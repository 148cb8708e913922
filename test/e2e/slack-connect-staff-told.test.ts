// The admins' DMs about a customer's Slack Connect channel (the customer left it; Slack refuses
// the desk there) never reach an admin Slack said is of another organisation (`externalHolders`):
// with no staff admin left, the staff managers are told instead (`staffToTell`).
import { beforeEach, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act } from '../helpers/factories.js';
import {
  acmeDesk,
  ADMIN,
  claimedTicketInChannel,
  dmsTo as dmsOf,
  SHARED,
  unshared,
} from '../helpers/slack-connect.js';

const LEAD = 'U0MANAGER1';

const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

const dmsTo = (user: string) => dmsOf(app, user);

let number = '';
beforeEach(async () => {
  const code = await acmeDesk(app, { more: { managers: [LEAD] } });
  number = await claimedTicketInChannel(app, code);
  // The only admin is found to be of another organisation (the daily holders' check).
  await app.setSettings(() => ({ externalHolders: [ADMIN] }));
});

test('the customer disconnects: the staff manager is told, the marked admin is not', async () => {
  app.clock.set('2026-11-24T03:05:00Z');
  await unshared(app, 'EvLeft');
  await app.desk.outbox.drain();
  expect(dmsTo(LEAD).join('\n')).toContain('Acme Machinery’s organisation left <#C0SHARED01>');
  expect(dmsTo(ADMIN)).toEqual([]);
  expect(await app.db.models.outbox.countDocuments({ to: ADMIN, kind: 'message' })).toBe(0);
});

test('Slack refuses the customer’s channel: the staff manager is told, the marked admin is not', async () => {
  app.fake.refuseChannel(SHARED, 'channel_not_found');
  await act(app, number, { action: 'wait', question: 'Which controller serial?' });
  await app.desk.outbox.drain();
  expect(dmsTo(LEAD).join('\n')).toContain('Slack refused the desk in <#C0SHARED01>');
  expect(dmsTo(ADMIN)).toEqual([]);
  expect(await app.db.models.outbox.countDocuments({ to: ADMIN, kind: 'message' })).toBe(0);
});
