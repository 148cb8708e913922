// The link's emoji on a customer's question asked as a thread reply (not also sent to the
// channel), under the desk's announcement: Slack's history holds only top-level messages, so the
// desk reads the reply from its thread and files it.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';

const ADMIN = 'U0ADMIN001';
const SHARED = 'C0SHARED01';
const GUEST_TEAM = 'T0GUESTORG';
const GUEST = 'U0GUEST001';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

test('an agent’s :ticket: on a customer’s thread reply under an announcement files it, in that thread', async () => {
  const { code } = await makeCustomer(app);
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  app.fake.channels.set(SHARED, { is_member: true, is_ext_shared: true });
  await app.slack.command('/desk', `channel link ${code} emoji`, {
    userId: ADMIN,
    channelId: SHARED,
  });
  const root = '1795396000.000100';
  const reply = '1795396100.000200';
  app.fake.peopleMessages.set(SHARED, [
    { ts: root, user: AGENT, text: 'Maintenance on Friday' },
    {
      ts: reply,
      thread_ts: root,
      user: GUEST,
      user_team: GUEST_TEAM,
      team: GUEST_TEAM,
      text: 'Will line 3 be down too?',
    },
  ]);
  const res = await app.slack.eventDelivery(
    {
      type: 'reaction_added',
      user: AGENT,
      reaction: 'ticket',
      item: { type: 'message', channel: SHARED, ts: reply },
      item_user: GUEST,
    },
    { eventId: 'EvR1', shared: true },
  );
  expect(res.status).toBe(200);
  const tickets = await app.db.models.tickets.find().lean();
  expect(tickets).toHaveLength(1);
  expect(tickets[0]!.description).toBe('Will line 3 be down too?');
  expect(tickets[0]!.requester?.userId).toBe(GUEST);
  expect(tickets[0]!.conversation).toMatchObject({ channel: SHARED, ts: root, team: GUEST_TEAM });
});
