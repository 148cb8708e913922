// How often the desk reads a customer channel's link (channel_links) on its way: a delivery to
// a linked channel reads it once per pass (whom it is linked to and whether its customer left,
// one answer); channel_unshared reads it once before its one conditional update; channel_shared
// reads it not at all (its conditional update says whether it was linked and left).
import { beforeEach, expect, test } from 'vitest';
import { countCommands } from '../../bench/commands.js';
import { useTestApp } from '../helpers/app.js';
import { act } from '../helpers/factories.js';
import {
  acmeDesk,
  ADMIN,
  claimedTicketInChannel,
  LEFT_TS,
  SHARED,
  sharedAgain,
  unshared as unsharedIn,
} from '../helpers/slack-connect.js';

const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

let code = '';
beforeEach(async () => {
  code = await acmeDesk(app);
});

/** Acme's message opens a ticket, the agent claims it: its number. */
const ticketInChannel = () => claimedTicketInChannel(app, code);

/** Acme's organisation leaves the channel (Slack Connect disconnected). */
const unshared = (eventId: string) => unsharedIn(app, eventId);

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
  const reads = await linkCommands(() => sharedAgain(app, 'EvShared2'));
  expect(
    (await app.db.models.channelLinks.findOne({ channelId: SHARED }).lean())!.disconnectedAt,
  ).toBeUndefined();
  expect(reads).toEqual(['update channel_links x1']);
});
