// The admins' DMs about a customer's Slack Connect channel (the customer left it; Slack refuses
// the desk there) never reach an admin Slack said is of another organisation (`externalHolders`):
// with no staff admin left, the staff managers are told instead (`staffToTell`).
import { beforeEach, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer } from '../helpers/factories.js';
import { linkSharedChannel } from '../helpers/slack-connect.js';

const ADMIN = 'U0ADMIN001';
const LEAD = 'U0MANAGER1';
const SHARED = 'C0SHARED01';
const TRIAGE = 'C0TRIAGE01';
const ACME_TEAM = 'T0ACMEORG1';
const ACME = 'U0ACME0001';

const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

const dmsTo = (user: string) =>
  app.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === user || c.args.channel === `D${user.slice(1)}`)
    .map((c) => String(c.args.text));

let number = '';
beforeEach(async () => {
  const { code } = await makeCustomer(app, { name: 'Acme Machinery' });
  await app.setSettings((s) => ({
    agents: [AGENT],
    managers: [LEAD],
    openDesk: false,
    channels: { ...s.channels, triage: TRIAGE },
  }));
  await linkSharedChannel(app, SHARED, code, ADMIN);
  await app.slack.eventDelivery(
    {
      type: 'message',
      channel_type: 'channel',
      channel: SHARED,
      user: ACME,
      user_team: ACME_TEAM,
      team: ACME_TEAM,
      text: 'Our line 3 stopped with error E42',
      ts: '1795483200.000100',
    },
    { eventId: 'Ev1', teamId: ACME_TEAM, shared: true },
  );
  number = (await app.db.models.tickets.findOne({ customerCode: code }).lean())!.number;
  await act(app, number, { action: 'claim' });
  await app.desk.outbox.drain();
  // The only admin is found to be of another organisation (the daily holders' check).
  await app.setSettings(() => ({ externalHolders: [ADMIN] }));
});

test('the customer disconnects: the staff manager is told, the marked admin is not', async () => {
  app.clock.set('2026-11-24T03:05:00Z');
  await app.slack.eventDelivery(
    {
      type: 'channel_unshared',
      channel: SHARED,
      previously_connected_team_id: ACME_TEAM,
      is_ext_shared: false,
      event_ts: '1795489200.000200',
    },
    { eventId: 'EvLeft' },
  );
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
