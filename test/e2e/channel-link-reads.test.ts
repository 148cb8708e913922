// How often the desk reads a customer channel's link (channel_links) on its way: a delivery to
// a linked channel reads it once per pass (whom it is linked to and whether its customer left,
// one answer); channel_unshared reads it once before its one conditional update; channel_shared
// reads it not at all (its conditional update says whether it was linked and left).
import { beforeEach, expect, test } from 'vitest';
import { countCommands } from '../../bench/commands.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer } from '../helpers/factories.js';
import { linkSharedChannel } from '../helpers/slack-connect.js';

const ADMIN = 'U0ADMIN001';
const SHARED = 'C0SHARED01';
const TRIAGE = 'C0TRIAGE01';
const ACME_TEAM = 'T0ACMEORG1';
const ACME = 'U0ACME0001';
const ROOT = '1795483200.000100'; // 2026-11-24T01:20:00Z
const LEFT_TS = '1795489200.000200'; // 2026-11-24T03:00:00Z

const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

let code = '';
beforeEach(async () => {
  code = (await makeCustomer(app, { name: 'Acme Machinery' })).code;
  await app.setSettings((s) => ({
    agents: [AGENT],
    openDesk: false,
    channels: { ...s.channels, triage: TRIAGE },
  }));
  await linkSharedChannel(app, SHARED, code, ADMIN);
});

/** Acme's message opens a ticket, the agent claims it: its number. */
async function ticketInChannel(): Promise<string> {
  await app.slack.eventDelivery(
    {
      type: 'message',
      channel_type: 'channel',
      channel: SHARED,
      user: ACME,
      user_team: ACME_TEAM,
      team: ACME_TEAM,
      text: 'Our line 3 stopped with error E42',
      ts: ROOT,
    },
    { eventId: 'Ev1', teamId: ACME_TEAM, shared: true },
  );
  const { number } = (await app.db.models.tickets.findOne({ customerCode: code }).lean())!;
  await act(app, number, { action: 'claim' });
  await app.desk.outbox.drain();
  return number;
}

/** Acme's organisation leaves the channel (Slack Connect disconnected). */
function unshared(eventId: string) {
  return app.slack.eventDelivery(
    {
      type: 'channel_unshared',
      channel: SHARED,
      previously_connected_team_id: ACME_TEAM,
      is_ext_shared: false,
      event_ts: LEFT_TS,
    },
    { eventId },
  );
}

/** The commands on channel_links while `run` runs. */
async function linkCommands(run: () => Promise<unknown>): Promise<string[]> {
  const counter = countCommands(app.db);
  try {
    await run();
  } finally {
    counter.stop();
  }
  return counter.trace().filter((c) => / channel_links\b/.test(c));
}

test('a question to the customer in their channel: its link read once by the Wait step, once by the delivery', async () => {
  const number = await ticketInChannel();
  const before = app.fake.callsTo('chat.postMessage').length;
  const reads = await linkCommands(async () => {
    await act(app, number, { action: 'wait', question: 'Which controller serial?' });
    await app.desk.outbox.drain();
  });
  const posted = app.fake.callsTo('chat.postMessage').slice(before);
  expect(posted.filter((c) => c.args.channel === SHARED)).toHaveLength(1);
  // One by the Wait step (refused on a channel the customer left), one by the delivery.
  expect(reads).toEqual(['find channel_links', 'find channel_links']);
});

test('channel_unshared: the link read once, then its one conditional update', async () => {
  await ticketInChannel();
  app.clock.set('2026-11-24T03:05:00Z');
  const reads = await linkCommands(() => unshared('EvLeft1'));
  expect(
    (await app.db.models.channelLinks.findOne({ channelId: SHARED }).lean())!.disconnectedAt,
  ).toEqual(new Date(Number(LEFT_TS) * 1000));
  expect(reads).toEqual(['find channel_links', 'findAndModify channel_links']);
});

test('channel_shared of a channel its customer left: one conditional update, no read', async () => {
  await ticketInChannel();
  app.clock.set('2026-11-24T03:05:00Z');
  await unshared('EvLeft2');
  app.clock.set('2026-11-24T04:00:00Z');
  const reads = await linkCommands(() =>
    app.slack.eventDelivery(
      {
        type: 'channel_shared',
        channel: SHARED,
        connected_team_id: ACME_TEAM,
        event_ts: '1795492800.000100',
      },
      { eventId: 'EvShared2' },
    ),
  );
  expect(
    (await app.db.models.channelLinks.findOne({ channelId: SHARED }).lean())!.disconnectedAt,
  ).toBeUndefined();
  expect(reads).toEqual(['update channel_links x1']);
});
