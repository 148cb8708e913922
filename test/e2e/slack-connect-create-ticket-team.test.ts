// A ticket filed with "Create ticket" on a message of another organisation's person in a shared
// customer channel keeps that person's Slack team, as one the channel intake opens does: once the
// channel is unlinked, a reply in its thread from a third organisation changes nothing of it.
import { beforeEach, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer } from '../helpers/factories.js';
import { linkSharedChannel } from '../helpers/slack-connect.js';

const ADMIN = 'U0ADMIN001';
const SHARED = 'C0SHARED02';
const A_TEAM = 'T0ACMEORG1';
const A_PERSON = 'U0ACME0001';
const A_COLLEAGUE = 'U0ACME0002';
const B_TEAM = 'T0BETAORG1';
const B_PERSON = 'U0BETA0001';
const ROOT = '1795397400.000100';

const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

function say(user: string, team: string, text: string, ts: string, eventId: string) {
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
      thread_ts: ROOT,
    },
    { eventId, teamId: team, shared: true },
  );
}

let code = '';
beforeEach(async () => {
  code = (await makeCustomer(app, { name: 'Acme Machinery' })).code;
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  await linkSharedChannel(app, SHARED, code, ADMIN, 'shortcut');
});

/** "Create ticket" by AGENT on Acme's person's message; the modal as opened, or its metadata changed. */
async function createTicket(metadata?: (meta: Record<string, unknown>) => Record<string, unknown>) {
  await app.slack.messageShortcut(
    'ticket_from_message',
    {
      text: 'Acme line 3 stopped, error E42',
      ts: ROOT,
      user: A_PERSON,
      user_team: A_TEAM,
      team: A_TEAM,
    },
    { userId: AGENT, channelId: SHARED },
  );
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
  const changed = metadata
    ? { ...view, private_metadata: JSON.stringify(metadata(JSON.parse(view.private_metadata))) }
    : view;
  await app.slack.submitView(
    changed,
    { severity: 'general', type: 'consultation' },
    { userId: AGENT },
  );
  const t = (await app.db.models.tickets.findOne({ customerCode: code }).lean())!;
  await act(app, t.number, { action: 'claim' });
  await act(app, t.number, { action: 'wait', question: 'Which controller serial?' });
  return t.number;
}

async function unlink() {
  const gone = await app.slack.command('/desk', 'channel unlink', {
    userId: ADMIN,
    channelId: SHARED,
  });
  expect(gone.body.text).toContain('Tickets already opened keep their thread');
}

const ticket = (number: string) => app.db.models.tickets.findOne({ number }).lean();

test('Create ticket in a shared channel keeps the author’s organisation: once unlinked, another organisation’s reply changes nothing, a colleague of the requester’s resumes it', async () => {
  const number = await createTicket();
  expect((await ticket(number))!.conversation).toEqual({
    channel: SHARED,
    ts: ROOT,
    shared: true,
    team: A_TEAM,
  });
  await unlink();
  app.clock.set('2026-11-24T03:00:00Z');
  await say(B_PERSON, B_TEAM, 'Beta here: account 7781', '1795400000.000100', 'Ev1');
  let t = (await ticket(number))!;
  expect(t.status).toBe('waiting');
  expect(JSON.stringify(t.timeline)).not.toContain('account 7781');

  await say(A_COLLEAGUE, A_TEAM, 'The serial is 4471-220', '1795400100.000100', 'Ev2');
  t = (await ticket(number))!;
  expect(t.status).toBe('assigned');
  expect(JSON.stringify(t.timeline)).toContain('4471-220');
});

test('a team in the modal’s metadata the desk did not sign is not kept: the ticket is made with its thread, no team', async () => {
  const number = await createTicket((meta) => ({ ...meta, sourceTeam: B_TEAM }));
  expect((await ticket(number))!.conversation).toEqual({
    channel: SHARED,
    ts: ROOT,
    shared: true,
  });
});
