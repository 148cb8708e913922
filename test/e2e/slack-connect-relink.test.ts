// A customer channel linked to another customer since (re-linked), or unlinked while shared with
// another organisation: the former customer's tickets take only their own requester's and the
// desk's replies in their threads; another customer's or organisation's people change nothing.
import { beforeEach, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer } from '../helpers/factories.js';
import { linkSharedChannel } from '../helpers/slack-connect.js';

const ADMIN = 'U0ADMIN001';
const SHARED = 'C0SHARED01';
const A_TEAM = 'T0ACMEORG1';
const A_PERSON = 'U0ACME0001';
const A_COLLEAGUE = 'U0ACME0002';
const B_TEAM = 'T0BETAORG1';
const B_PERSON = 'U0BETA0001';
const ROOT = '1795397400.000100';

const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

function say(
  user: string,
  team: string,
  text: string,
  ts: string,
  eventId: string,
  thread?: string,
) {
  return app.slack.eventDelivery(
    {
      type: 'message',
      channel_type: 'channel',
      channel: SHARED,
      user,
      user_team: team,
      team,
      text,
      ts,
      ...(thread ? { thread_ts: thread } : {}),
    },
    { eventId, teamId: team, shared: true },
  );
}

let a = '';
let b = '';
beforeEach(async () => {
  a = (await makeCustomer(app, { name: 'Acme Machinery' })).code;
  b = (await makeCustomer(app, { name: 'Beta Foods' })).code;
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  await linkSharedChannel(app, SHARED, a, ADMIN);
});

async function acmeTicket() {
  await say(A_PERSON, A_TEAM, 'Acme line 3 stopped, error E42', ROOT, 'Ev1');
  const t = (await app.db.models.tickets.findOne({ customerCode: a }).lean())!;
  await act(app, t.number, { action: 'claim' });
  return t.number;
}

async function relinkToBeta() {
  const res = await app.slack.command('/desk', `channel link ${b}`, {
    userId: ADMIN,
    channelId: SHARED,
  });
  expect(String((res.body as { text: string }).text)).toContain('Beta Foods');
}

const ticket = (number: string) => app.db.models.tickets.findOne({ number }).lean();

test('re-linked to Beta: a Beta person’s reply in a waiting Acme ticket’s thread neither resumes it nor lands on it; Acme’s requester’s still resumes it', async () => {
  const number = await acmeTicket();
  await act(app, number, { action: 'wait', question: 'Which controller serial?' });
  await relinkToBeta();
  app.clock.set('2026-11-24T03:00:00Z');
  await say(
    B_PERSON,
    B_TEAM,
    'Beta here: invoices wrong, account 7781',
    '1795400000.000100',
    'Ev2',
    ROOT,
  );
  let t = (await ticket(number))!;
  expect(t.status).toBe('waiting');
  expect(JSON.stringify(t.timeline)).not.toContain('account 7781');
  expect(await app.db.models.tickets.countDocuments({ customerCode: b })).toBe(0);

  await say(A_PERSON, A_TEAM, 'SN 4471-220', '1795400100.000100', 'Ev3', ROOT);
  t = (await ticket(number))!;
  expect(t.status).toBe('assigned');
  expect(t.timeline.map((e) => [e.action, e.by])).toContainEqual(['resume', A_PERSON]);
});

test('re-linked to Beta: a Beta person’s reply in a resolved Acme ticket’s thread reopens nothing and opens nothing', async () => {
  const number = await acmeTicket();
  await act(app, number, { action: 'resolve', summary: 'Firmware updated' });
  await app.desk.outbox.drain();
  await relinkToBeta();
  app.clock.set('2026-11-25T03:00:00Z');
  await say(B_PERSON, B_TEAM, 'Beta here: still broken?', '1795490000.000100', 'Ev4', ROOT);
  const t = (await ticket(number))!;
  expect(t.status).toBe('resolved');
  expect(JSON.stringify(t.timeline)).not.toContain('Beta here');
  expect(await app.db.models.tickets.countDocuments()).toBe(1);
});

test('unlinked while shared: the ticket keeps its requester’s organisation; another organisation’s reply changes nothing, a colleague of the requester’s resumes it', async () => {
  const number = await acmeTicket();
  expect((await ticket(number))!.conversation).toMatchObject({ shared: true, team: A_TEAM });
  await act(app, number, { action: 'wait', question: 'Which controller serial?' });
  const gone = await app.slack.command('/desk', 'channel unlink', {
    userId: ADMIN,
    channelId: SHARED,
  });
  expect(gone.body.text).toContain('Tickets already opened keep their thread');
  app.clock.set('2026-11-24T03:00:00Z');
  await say(B_PERSON, B_TEAM, 'Beta here: account 7781', '1795400000.000100', 'Ev5', ROOT);
  let t = (await ticket(number))!;
  expect(t.status).toBe('waiting');
  expect(JSON.stringify(t.timeline)).not.toContain('account 7781');

  await say(A_COLLEAGUE, A_TEAM, 'The serial is 4471-220', '1795400100.000100', 'Ev6', ROOT);
  t = (await ticket(number))!;
  expect(t.status).toBe('assigned');
  expect(JSON.stringify(t.timeline)).toContain('4471-220');
});
