// A message of another organisation's person in a Slack Connect channel the app is in but that
// is linked to no customer (a partner's channel, one not linked yet, a desk channel cleared as
// shared): Slack delivers message.channels for it with the person's team.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';

const ADMIN = 'U0ADMIN001';
const PARTNER_CH = 'C0PARTNER1';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

test('is acked 200 and dropped (one info line, no refusal for Slack to retry), nothing written', async () => {
  const res = await app.slack.eventDelivery(
    {
      type: 'message',
      channel_type: 'channel',
      channel: PARTNER_CH,
      user: 'U0PARTNER1',
      user_team: 'T0PARTNER1',
      team: 'T0PARTNER1',
      text: 'Shipment leaves Friday',
      ts: '1795397400.000100',
    },
    { eventId: 'EvP1', teamId: 'T0PARTNER1', shared: true },
  );
  expect(res.status).toBe(200);
  const refused = app.logs.filter(
    (l) => l.msg === 'request refused before any listener: bad envelope',
  );
  expect(refused).toHaveLength(0);
  const dropped = app.logs.filter((l) =>
    String(l.msg).startsWith('Slack Connect event in a channel linked to no customer'),
  );
  expect(dropped).toHaveLength(1);
  expect(JSON.stringify(dropped)).not.toContain('Shipment');
  expect(JSON.stringify(dropped)).not.toContain('U0PARTNER1');
  expect(await app.db.models.tickets.countDocuments()).toBe(0);
});
