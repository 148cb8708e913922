// A customer's Slack Connect channel the customer's organisation disconnects (Slack sends
// channel_unshared): the link is marked disconnected, a ticket waiting on the customer there
// resumes as of the disconnect (nobody can answer its question), its agent and the admins are
// told what happened and what to do, nothing more is posted in the channel, and a share again
// (channel_shared) makes the link live again.
import { beforeEach, expect, test } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT } from '../helpers/factories.js';
import {
  acmeDesk,
  ACME_TEAM,
  ADMIN,
  claimedTicketInChannel,
  dmsTo as dmsOf,
  LEFT_TS,
  SHARED,
  sharedAgain,
  TRIAGE,
  unshared as unsharedIn,
} from '../helpers/slack-connect.js';

const LEFT_AT = new Date(Number(LEFT_TS) * 1000);

const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

const unshared = (eventId: string, more: Record<string, unknown> = {}, retryNum?: number) =>
  unsharedIn(app, eventId, more, retryNum);
const link = () => app.db.models.channelLinks.findOne({ channelId: SHARED }).lean();
const ticket = (number: string) => app.db.models.tickets.findOne({ number }).lean();
const dmsTo = (user: string) => dmsOf(app, user);

let code = '';
beforeEach(async () => {
  code = await acmeDesk(app);
});

/** Acme's message opens a ticket, the agent claims it and asks a question in its thread. */
async function waitingTicket(): Promise<string> {
  const number = await claimedTicketInChannel(app, code);
  await act(app, number, { action: 'wait', question: 'Which controller serial?' });
  await app.desk.outbox.drain();
  return number;
}

test('the customer disconnects: the link is marked, the waiting ticket resumes as of the disconnect, its agent and the admins are told, nothing more goes to the channel', async () => {
  const number = await waitingTicket();
  app.clock.set('2026-11-24T03:05:00Z');
  const before = app.fake.callsTo('chat.postMessage').length;

  const res = await unshared('EvLeft1');
  expect(res.status).toBe(200);
  await app.desk.outbox.drain();

  const l = (await link())!;
  expect(l.disconnectedAt).toEqual(LEFT_AT);
  expect(l.disconnectedTeam).toBe(ACME_TEAM);

  const t = (await ticket(number))!;
  expect(t.status).toBe('assigned');
  // The pause ends at the disconnect, not when the event was handled.
  expect(t.pauses.at(-1)!.to).toEqual(LEFT_AT);
  const resume = t.timeline.at(-1)!;
  expect(resume).toMatchObject({ action: 'resume', by: SYSTEM_ACTOR, unshared: SHARED });

  const posted = app.fake.callsTo('chat.postMessage').slice(before);
  // Nothing in the disconnected channel.
  expect(posted.filter((c) => c.args.channel === SHARED)).toHaveLength(0);
  // The card's thread says why it resumed.
  expect(
    posted.filter((c) => c.args.channel === TRIAGE).map((c) => String(c.args.text)),
  ).toContainEqual(expect.stringContaining('nobody can answer the question there any more'));
  const agent = dmsTo(AGENT).join('\n');
  expect(agent).toContain('left <#C0SHARED01>');
  expect(agent).toContain(number);
  expect(agent).toContain('The one that waited on the customer is back in progress');
  expect(agent).toContain('Reach the customer another way');
  const admin = dmsTo(ADMIN).join('\n');
  expect(admin).toContain('Acme Machinery’s organisation left <#C0SHARED01>');
  expect(admin).toContain('share the channel with their organisation again');

  // `/desk channel` there says so.
  const shown = await app.slack.command('/desk', 'channel', { userId: ADMIN, channelId: SHARED });
  expect(JSON.stringify(shown.body)).toContain('Their organisation left this channel');

  // Anything owed the channel afterwards (the requester's resolved notice in the thread) is
  // dropped, not tried. (A Wait is refused now: slack-connect-disconnect-wait.)
  const after = app.fake.callsTo('chat.postMessage').length;
  await act(app, number, { action: 'resolve', summary: 'Controller replaced on site' });
  await app.desk.outbox.drain();
  expect(
    app.fake
      .callsTo('chat.postMessage')
      .slice(after)
      .filter((c) => c.args.channel === SHARED),
  ).toHaveLength(0);
  const dropped = await app.db.models.outbox
    .find({ to: SHARED, state: 'dropped' })
    .lean<{ lastError?: string }[]>();
  expect(dropped.length).toBeGreaterThan(0);
  expect(dropped.every((e) => e.lastError === 'customer_left')).toBe(true);
  expect(await app.db.models.outbox.countDocuments({ to: SHARED, state: 'pending' })).toBe(0);

  // Slack's retry and a second delivery change nothing and tell nobody again.
  const dms = dmsTo(AGENT).length + dmsTo(ADMIN).length;
  await unshared('EvLeft1', {}, 1);
  await app.desk.outbox.drain();
  expect(dmsTo(AGENT).length + dmsTo(ADMIN).length).toBe(dms);
});

test('shared again (channel_shared): the link is live again and the desk posts there again', async () => {
  const number = await waitingTicket();
  app.clock.set('2026-11-24T03:05:00Z');
  await unshared('EvLeft2');
  await app.desk.outbox.drain();
  expect((await link())!.disconnectedAt).toBeDefined();

  app.clock.set('2026-11-24T04:00:00Z');
  await sharedAgain(app, 'EvShared2');
  const l = (await link())!;
  expect(l.disconnectedAt).toBeUndefined();
  expect(l.disconnectedTeam).toBeUndefined();

  const before = app.fake.callsTo('chat.postMessage').length;
  await act(app, number, { action: 'wait', question: 'Back: which serial?' });
  await app.desk.outbox.drain();
  expect(
    app.fake
      .callsTo('chat.postMessage')
      .slice(before)
      .filter((c) => c.args.channel === SHARED),
  ).not.toHaveLength(0);

  // The older disconnect delivered late (another event id) does not disconnect it again.
  await unshared('EvLeftLate');
  expect((await link())!.disconnectedAt).toBeUndefined();
});

test('another organisation left, the channel still shared with the customer’s: the link stays live, nothing resumes', async () => {
  const number = await waitingTicket();
  app.clock.set('2026-11-24T03:05:00Z');
  await unshared('EvOther', { previously_connected_team_id: 'T0PARTNER1', is_ext_shared: true });
  expect((await link())!.disconnectedAt).toBeUndefined();
  expect((await ticket(number))!.status).toBe('waiting');

  // The customer's own organisation left while the partner stays: disconnected for the customer.
  await unshared('EvAcme', { is_ext_shared: true });
  expect((await link())!.disconnectedAt).toEqual(LEFT_AT);
  expect((await ticket(number))!.status).toBe('assigned');
});

test('a channel linked to no customer: channel_unshared writes nothing', async () => {
  await unshared('EvNone', { channel: 'C0OTHER001' });
  expect(await app.db.models.seenEvents.countDocuments({ type: 'channel_unshared' })).toBe(0);
});

test('in Chinese: the agent’s and the admins’ DMs', async () => {
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  await waitingTicket();
  app.clock.set('2026-11-24T03:05:00Z');
  await unshared('EvLeftZh');
  await app.desk.outbox.drain();
  expect(dmsTo(AGENT).join('\n')).toContain('Slack Connect 已断开');
  expect(dmsTo(ADMIN).join('\n')).toContain('重新与对方组织共享该频道');
});

test('Slack refuses a customer’s Slack Connect channel before any disconnect is known: the admins’ line says it may be the customer leaving, not only “invite the app”', async () => {
  const number = await waitingTicket();
  app.fake.refuseChannel(SHARED, 'channel_not_found');
  await act(app, number, { action: 'note', text: 'calling them' });
  await act(app, number, { action: 'resume' });
  await act(app, number, { action: 'wait', question: 'Any news?' });
  await app.desk.outbox.drain();
  const admin = dmsTo(ADMIN).join('\n');
  expect(admin).toContain('Slack refused the desk in <#C0SHARED01>');
  expect(admin).toContain(
    'if their organisation disconnected it, inviting the app changes nothing',
  );
});
