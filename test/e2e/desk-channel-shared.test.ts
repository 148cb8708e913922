// A desk channel (triage, escalation, alerts, digest) that becomes Slack Connect after it was
// saved: Slack's channel_shared event clears it from the settings (the Channels form refuses such
// a channel), so that the digest, alerts and cards stop going where another organisation reads
// them, and the admins are told by DM which channel and what to do.
import { beforeEach, expect, test, vi } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { CHANNEL_UNASKED_RETRIES, CHANNEL_UNDESCRIBED_MS } from '../../src/notify/outbox.js';
import { TEST_SIGNING_SECRET, useTestApp } from '../helpers/app.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { messageEvent, SlackRequests, type SignOptions } from '../helpers/slack-requests.js';

const ADMIN = 'U0ADMIN001';
const TRIAGE = 'C0TRIAGE01';
const DIGEST = 'C0DIGEST01';

const app = useTestApp({
  env: {
    ADMIN_USER_IDS: ADMIN,
    TRIAGE_CHANNEL_ID: TRIAGE,
    DIGEST_CHANNEL_ID: DIGEST,
    ALERTS_CHANNEL_ID: DIGEST,
  },
  now: '2026-11-24T02:00:00Z',
  // The desk's waits (conversations.info's deadline, a Retry-After waited out): recorded; over
  // at once only when a test says so (`waitsOver`), the clock moved on by it, never by sleeping.
  channelCheckWait: (ms) => {
    waits.push(ms);
    if (!waitsOver.has(ms)) return new Promise<void>(() => undefined);
    app.clock.advance(ms);
    return Promise.resolve();
  },
});
const waits: number[] = [];
const waitsOver = new Set<number>();

// Each test as on a fresh instance: what this one's outbox learnt of the desk channels is not
// carried from one test to the next.
beforeEach(() => app.desk.outbox.forgetChannels());

/** Slack Connect: conversations.info says it is shared with another organisation from now on. */
const shared = (channel: string, eventId: string) => {
  app.fake.channels.set(channel, { is_ext_shared: true });
  return app.slack.eventDelivery(
    { type: 'channel_shared', channel, connected_team_id: 'T0OTHERORG' },
    { eventId },
  );
};

/** A guest of T0OTHERORG asks in the shared `channel` (their message at `root`, event `eventId`). */
const theirGuestAsks = (channel: string, root: string, eventId: string) =>
  app.slack.eventDelivery(
    messageEvent(channel, 'U0GUEST001', 'Our line 3 stopped with error E42', root, {
      team: 'T0OTHERORG',
    }),
    { eventId, teamId: 'T0OTHERORG', shared: true },
  );

const stored = async () => app.desk.services.workspaces.settings(FAKE_TEAM_ID);

/**
 * `channel` linked to `customer` in the database, as /desk channel link stores it (named
 * `customerName` there), no settings touched.
 */
async function linkByHand(
  channel: string,
  customer: { id: string; code: string; name: string },
  customerName = customer.name,
) {
  await app.db.models.channelLinks.create({
    teamId: FAKE_TEAM_ID,
    channelId: channel,
    customerId: customer.id,
    customerCode: customer.code,
    customerName,
    intake: 'all',
    emoji: 'ticket',
    shared: false,
    linkedBy: ADMIN,
    linkedAt: app.clock.now(),
  });
}

/**
 * DIGEST (seeded from the environment) linked by hand to a new customer, AGENT the closed desk's
 * agent; the customer asks there (event `eventId`), nothing drained yet: their message's ts.
 */
async function customerAsksInDigest(eventId: string) {
  const { AGENT, makeCustomer } = await import('../helpers/factories.js');
  const customer = await makeCustomer(app);
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  await linkByHand(DIGEST, customer);
  const ROOT = '1795397400.000200';
  await app.slack.eventDelivery(
    messageEvent(DIGEST, 'U0CUSTUSR1', 'Our line 3 stopped with error E42', ROOT),
    { eventId },
  );
  return ROOT;
}
const clearedNow = async () => {
  app.desk.services.workspaces.forget();
  return (await stored()).clearedChannels;
};

test('a desk channel shared with another organisation is cleared and the admins are told', async () => {
  // Read once so that the workspace exists with its seeded channels.
  expect((await stored()).channels).toMatchObject({ triage: TRIAGE, digest: DIGEST });

  expect((await shared(DIGEST, 'Ev0SHARED01')).status).toBe(200);
  await app.desk.outbox.drain();

  app.desk.services.workspaces.forget();
  const after = await stored();
  expect(after.channels.digest).toBeUndefined();
  expect(after.channels.alerts).toBeUndefined();
  expect(after.channels.triage).toBe(TRIAGE);
  // Told at once: nothing left owed for the outbox upkeep.
  expect(after.clearsUntold).toEqual([]);

  const dms = app.fake.postsTo(ADMIN);
  expect(dms).toHaveLength(1);
  expect(dms[0]!.args.text).toContain(`<#${DIGEST}>`);
  expect(dms[0]!.args.text).toContain('shared with another organisation');
  expect(dms[0]!.args.text).toContain('SLA alerts channel, digest channel');
  // Nothing posted in the shared channel itself.
  expect(app.fake.postsTo(DIGEST)).toHaveLength(0);

  // In the settings history, as the desk's own change.
  const change = await app.db.models.settingsChanges.findOne({ group: 'channels' }).lean();
  expect(change).toMatchObject({ by: SYSTEM_ACTOR });

  // Delivered again (a retry, another instance): nothing left to clear, nobody told twice.
  await shared(DIGEST, 'Ev0SHARED02');
  await app.desk.outbox.drain();
  expect(app.fake.postsTo(ADMIN)).toHaveLength(1);
});

test('channel_shared for a desk channel shared only among the workspaces of the desk’s own Grid org (not Slack Connect, as conversations.info says): kept, as the Channels form takes it; an invitation pending: cleared', async () => {
  await stored();
  // Shared with a sibling workspace of the org: is_org_shared (is_shared), not is_ext_shared.
  app.fake.channels.set(DIGEST, { is_org_shared: true });
  await app.slack.eventDelivery(
    { type: 'channel_shared', channel: DIGEST, connected_team_id: 'T0SIBLING1' },
    { eventId: 'Ev0ORGSHR01' },
  );
  await app.desk.outbox.drain();
  expect(app.fake.callsTo('conversations.info').map((c) => c.args.channel)).toEqual([DIGEST]);
  app.desk.services.workspaces.forget();
  expect((await stored()).channels).toMatchObject({ digest: DIGEST, alerts: DIGEST });
  expect(app.fake.postsTo(ADMIN)).toHaveLength(0);
  expect(await app.db.models.settingsChanges.countDocuments()).toBe(0);
  // The form's own check takes such a channel too (the same rule, `sharedOutside`).
  await app.slack.command('/desk', 'settings channels', { userId: ADMIN });
  const { submitLastModal } = await import('../helpers/clicks.js');
  await submitLastModal(app, { channel_triage: DIGEST }, { userId: ADMIN });
  app.desk.services.workspaces.forget();
  expect((await stored()).channels.triage).toBe(DIGEST);

  // An invitation to another organisation pending: the form refuses it, the event clears it.
  app.fake.channels.set(DIGEST, { is_org_shared: true, is_pending_ext_shared: true });
  await app.slack.eventDelivery(
    { type: 'channel_shared', channel: DIGEST, connected_team_id: 'T0OTHERORG' },
    { eventId: 'Ev0ORGSHR02' },
  );
  await app.desk.outbox.drain();
  app.desk.services.workspaces.forget();
  expect((await stored()).channels).not.toHaveProperty('digest');
  expect((await stored()).channels).not.toHaveProperty('triage');
  expect(app.fake.postsTo(ADMIN)).toHaveLength(1);
});

test('channel_shared for a desk channel shared only within the org, conversations.info rate limited once: asked again after its Retry-After, in what is left of the check’s 5 s (the event acked, not the form’s wait), kept', async () => {
  await stored();
  app.fake.channels.set(DIGEST, { is_org_shared: true });
  app.fake.rateLimitNext('conversations.info', 2);
  waits.length = 0;
  waitsOver.add(2_000);
  try {
    await app.slack.eventDelivery(
      { type: 'channel_shared', channel: DIGEST, connected_team_id: 'T0SIBLING1' },
      { eventId: 'Ev0ORGSHR04' },
    );
  } finally {
    waitsOver.clear();
  }
  await app.desk.outbox.drain();
  expect(app.fake.callsTo('conversations.info').map((c) => c.args.channel)).toEqual([
    DIGEST,
    DIGEST,
  ]);
  // 5 s in all, well inside the 10 s a stopping desk is given: 2 s of it went on the Retry-After.
  expect(waits).toEqual([5_000, 2_000, 3_000]);
  app.desk.services.workspaces.forget();
  expect((await stored()).channels).toMatchObject({ digest: DIGEST, alerts: DIGEST });
  expect(app.fake.postsTo(ADMIN)).toHaveLength(0);
});

test('channel_shared rate limited with a Retry-After that leaves too little of the check’s 5 s for an answer: not waited out, cleared at once (the safe side), the admins told', async () => {
  await stored();
  app.fake.channels.set(DIGEST, { is_org_shared: true });
  // 4 s, and the answer would have 1 s: not waited out, even though the wait would end.
  app.fake.rateLimitNext('conversations.info', 4);
  waits.length = 0;
  waitsOver.add(4_000);
  try {
    await app.slack.eventDelivery(
      { type: 'channel_shared', channel: DIGEST, connected_team_id: 'T0SIBLING1' },
      { eventId: 'Ev0ORGSHR05' },
    );
  } finally {
    waitsOver.clear();
  }
  await app.desk.outbox.drain();
  expect(app.fake.callsTo('conversations.info')).toHaveLength(1);
  expect(waits).toEqual([5_000]);
  app.desk.services.workspaces.forget();
  expect((await stored()).channels).not.toHaveProperty('digest');
  expect(app.fake.postsTo(ADMIN)).toHaveLength(1);
});

test('channel_shared while the desk stops, Slack not answering yet: the wait ends at the stop and the channel is cleared before the instance is down (Slack does not send the event again)', async () => {
  await stored();
  app.fake.channels.set(DIGEST, { is_org_shared: true });
  const asked = app.fake.takeAndHang('conversations.info');
  waits.length = 0;
  const b = app.instance('b');
  const port = await b.start();
  let delivered: Promise<unknown> | undefined;
  try {
    // Its connection closed after the answer: a kept-alive one would hold the stop for seconds.
    class Closing extends SlackRequests {
      override post(body: string, type: string, options: SignOptions = {}) {
        return super.post(body, type, {
          ...options,
          headers: { ...options.headers, connection: 'close' },
        });
      }
    }
    const slackB = new Closing(`http://127.0.0.1:${port}`, TEST_SIGNING_SECRET, app.fake);
    delivered = slackB.eventDelivery(
      { type: 'channel_shared', channel: DIGEST, connected_team_id: 'T0SIBLING1' },
      { eventId: 'Ev0ORGSHR06' },
    );
    await asked;
  } finally {
    // A deploy: the instance stops while its check waits (its 5 s never pass here).
    await b.stop();
  }
  await delivered;
  expect(waits).toEqual([5_000]);
  expect(app.logs).toContainEqual(
    expect.objectContaining({ msg: 'channel_shared: the desk is stopping, taken as shared' }),
  );
  app.desk.services.workspaces.forget();
  expect((await stored()).channels).not.toHaveProperty('digest');
  // The admins' DM was owed before the stop: another instance's outbox sends it.
  await app.desk.outbox.drain();
  expect(app.fake.postsTo(ADMIN)).toHaveLength(1);
});

test('a clear cut off before the admins’ DM was written (the process exiting during a stop): the outbox upkeep tells them 2 minutes on, once', async () => {
  const { outboxJob } = await import('../../jobs/outbox.js');
  const { runJobAt } = await import('../helpers/jobs.js');
  await stored();
  const outbox = app.desk.services.outbox;
  const enqueue = outbox.enqueue.bind(outbox);
  const cut = vi.spyOn(outbox, 'enqueue').mockImplementation(async (ctx, entries) => {
    if (entries.some((e) => e.key.startsWith('channel-shared:')))
      throw new Error('the process exited');
    return enqueue(ctx, entries);
  });
  try {
    await shared(DIGEST, 'Ev0CUTOFF01');
  } finally {
    cut.mockRestore();
  }
  await app.desk.outbox.drain();
  // Cleared (nothing more goes there), nobody told yet.
  expect((await clearedNow()).includes(DIGEST)).toBe(true);
  expect((await stored()).channels).not.toHaveProperty('digest');
  expect(app.fake.postsTo(ADMIN)).toHaveLength(0);

  // A minute on: left to the clear's own request still.
  await runJobAt(app, outboxJob, '2026-11-24T02:01:00Z');
  expect(app.fake.postsTo(ADMIN)).toHaveLength(0);
  // Two minutes on: the upkeep writes the DM the clear owed.
  await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
  const dms = app.fake.postsTo(ADMIN);
  expect(dms).toHaveLength(1);
  expect(dms[0]!.args.text).toContain(`<#${DIGEST}>`);
  expect(dms[0]!.args.text).toContain('SLA alerts channel, digest channel');
  // Told once: the debt is off, the next pass writes nothing.
  app.desk.services.workspaces.forget();
  expect((await stored()).clearsUntold).toEqual([]);
  await runJobAt(app, outboxJob, '2026-11-24T02:04:00Z');
  expect(app.fake.postsTo(ADMIN)).toHaveLength(0);
});

test('a clear cut off before its cards were retired: the outbox upkeep retires them before telling the admins, so the ticket’s card is not updated in the shared channel but posted anew in the next triage channel', async () => {
  const { outboxJob } = await import('../../jobs/outbox.js');
  const { runJobAt } = await import('../helpers/jobs.js');
  const { AGENT, ctxOf, makeTicket } = await import('../helpers/factories.js');
  await app.setSettings(() => ({ agents: [AGENT] }));
  const ticket = await makeTicket(app);
  await app.desk.outbox.drain();
  const card = async () =>
    ((await app.db.models.tickets.findOne({ number: ticket.number }).lean()) as any).card;
  expect((await card()).channel).toBe(TRIAGE);
  const cut = vi
    .spyOn(app.desk.services.tickets, 'cardsLeft')
    .mockRejectedValueOnce(new Error('the process exited'));
  try {
    await shared(TRIAGE, 'Ev0CUTCARD01');
  } finally {
    cut.mockRestore();
  }
  await app.desk.outbox.drain();
  // Cleared, but its card still where it was, nobody told.
  expect(await clearedNow()).toContain(TRIAGE);
  expect((await card()).channel).toBe(TRIAGE);
  expect(app.fake.postsTo(ADMIN)).toHaveLength(0);

  await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
  expect(await card()).toMatchObject({ pending: true });
  expect((await card()).channel).toBeUndefined();
  expect(app.fake.postsTo(ADMIN)).toHaveLength(1);
  app.desk.services.workspaces.forget();
  expect((await stored()).clearsUntold).toEqual([]);

  // The ticket's next update touches nothing in the shared channel; its card, and the claim's
  // line under it, go to the triage channel an admin sets next.
  await app.desk.flows.tickets.act(await ctxOf(app, AGENT), ticket.number, { action: 'claim' });
  await app.desk.outbox.drain();
  expect(app.fake.postsTo(TRIAGE)).toHaveLength(0);
  expect(app.fake.callsTo('chat.update')).toHaveLength(0);
  const { submitLastModal } = await import('../helpers/clicks.js');
  await app.slack.command('/desk', 'settings channels', { userId: ADMIN });
  await submitLastModal(app, { channel_triage: 'C0TRIAGE02' }, { userId: ADMIN });
  await app.desk.outbox.drain();
  expect(String(app.fake.postsTo('C0TRIAGE02')[0]?.args.text)).toContain(ticket.number);
  // The claim's line under the card follows it there (the old code addressed it to the shared
  // channel, where it was dropped).
  const posts = app.fake.postsTo('C0TRIAGE02');
  expect(posts.filter((p) => p.args.thread_ts).map((p) => p.args.text)).toEqual([
    `<@${AGENT}> claimed it.`,
  ]);
});

/** channel_shared in a workspace of an Enterprise Grid org, Slack's answer rate limited past the check's 5 s. */
const sharedInGrid = async (connected: string, eventId: string, extShared = false) => {
  app.fake.channels.set(DIGEST, { is_org_shared: true });
  app.fake.rateLimitNext('conversations.info', 4);
  await app.slack.eventDelivery(
    { type: 'channel_shared', channel: DIGEST, connected_team_id: connected },
    { eventId, enterpriseId: 'E0OWNORG01', shared: extShared },
  );
  await app.desk.outbox.drain();
  app.desk.services.workspaces.forget();
};

test('channel_shared in an Enterprise Grid workspace, Slack not answering in time: the event decides; the desk’s own org joined, kept; a workspace Slack did not say of, cleared and the DM does not claim another organisation; the envelope saying Slack Connect, it does', async () => {
  await stored();
  // The org itself joined (connected_team_id is the desk's own org): kept, nobody told.
  await sharedInGrid('E0OWNORG01', 'Ev0GRIDSH01');
  expect((await stored()).channels).toMatchObject({ digest: DIGEST, alerts: DIGEST });
  expect(app.fake.postsTo(ADMIN)).toHaveLength(0);
  expect(app.logs).toContainEqual(
    expect.objectContaining({
      msg: 'channel_shared: Slack did not answer, the event says shared within the organisation: kept',
    }),
  );

  // A workspace joined, maybe the org's own: cleared (the safe side), told it may be either.
  await sharedInGrid('T0SIBLING1', 'Ev0GRIDSH02');
  expect((await stored()).channels).not.toHaveProperty('digest');
  const dms = app.fake.postsTo(ADMIN);
  expect(dms).toHaveLength(1);
  expect(dms[0]!.args.text).toContain(
    'Slack did not say in time whether with another organisation',
  );
  expect(dms[0]!.args.text).not.toContain('is now shared with another organisation');

  // The envelope says Slack Connect: the DM says so.
  await app.setSettings((s) => ({ channels: { ...s.channels, digest: DIGEST } }));
  await sharedInGrid('T0SIBLING1', 'Ev0GRIDSH03', true);
  expect((await stored()).channels).not.toHaveProperty('digest');
  expect(app.fake.postsTo(ADMIN)).toHaveLength(2);
  expect(app.fake.postsTo(ADMIN)[1]!.args.text).toContain(
    'is now shared with another organisation',
  );
});

test('channel_shared for a desk channel Slack then says nothing of (conversations.info fails): cleared, the safe side', async () => {
  await stored();
  app.fake.failNext('conversations.info', 'internal_error');
  await app.slack.eventDelivery(
    { type: 'channel_shared', channel: DIGEST, connected_team_id: 'T0OTHERORG' },
    { eventId: 'Ev0ORGSHR03' },
  );
  await app.desk.outbox.drain();
  app.desk.services.workspaces.forget();
  expect((await stored()).channels).not.toHaveProperty('digest');
  expect(app.fake.postsTo(ADMIN)).toHaveLength(1);
});

test('a former digest channel with no cards, shared with another organisation while a desk message is still owed there: asked of Slack, the message dropped, nothing of the desk posted there; the settings and the admins left alone', async () => {
  const { ctxOf } = await import('../helpers/factories.js');
  const later = new Date(app.clock.now().getTime() + 3_600_000);
  // Held for the digest channel, which the admins then move (the message keeps its address).
  await app.desk.services.outbox.enqueue(await ctxOf(app, ADMIN), [
    {
      key: 'held-digest',
      kind: 'message',
      to: DIGEST,
      data: { message: { text: 'INTERNAL figures' } },
      notBefore: later,
    },
  ]);
  await app.setSettings(() => ({ channels: { triage: TRIAGE, digest: 'C0DIGEST02' } }));
  app.desk.services.workspaces.forget();
  await shared(DIGEST, 'Ev0FORMDG01');
  await app.desk.outbox.drain();
  expect(app.fake.callsTo('conversations.info').map((c) => c.args.channel)).toEqual([DIGEST]);
  expect((await app.db.models.outbox.findOne({ key: 'held-digest' }).lean())!.state).toBe(
    'dropped',
  );
  app.clock.set(new Date(later.getTime() + 60_000).toISOString());
  await app.desk.outbox.drain();
  expect(app.fake.postsTo(DIGEST)).toHaveLength(0);
  expect(app.fake.postsTo(ADMIN)).toHaveLength(0);
  expect(await clearedNow()).toEqual([]);
});

test('a cleared channel deleted leaves the cleared list (channel_deleted, group_deleted); one archived stays listed; another deleted changes nothing', async () => {
  await stored();
  await shared(DIGEST, 'Ev0DELETE01');
  await app.desk.outbox.drain();
  expect(await clearedNow()).toEqual([DIGEST]);
  // Archived: not listened to, still listed (unarchived, it is as shared as before).
  await app.slack.eventDelivery(
    { type: 'channel_archive', channel: DIGEST, user: ADMIN },
    { eventId: 'Ev0DELETE02' },
  );
  expect(await clearedNow()).toEqual([DIGEST]);
  const version = async () =>
    (await app.db.models.workspaces.findOne({ teamId: FAKE_TEAM_ID }).lean())!.version;
  const before = await version();
  // Another channel deleted: no write.
  await app.slack.eventDelivery(
    { type: 'channel_deleted', channel: 'C0OTHER001' },
    { eventId: 'Ev0DELETE03' },
  );
  expect(await version()).toBe(before);
  await app.slack.eventDelivery(
    { type: 'channel_deleted', channel: DIGEST },
    { eventId: 'Ev0DELETE04' },
  );
  expect(await clearedNow()).toEqual([]);
  // A private one: group_deleted.
  const PRIVATE = 'G0PRIVATE1';
  await app.setSettings((s) => ({ clearedChannels: [...s.clearedChannels, PRIVATE] }));
  await app.slack.eventDelivery(
    { type: 'group_deleted', channel: PRIVATE },
    { eventId: 'Ev0DELETE05' },
  );
  expect(await clearedNow()).toEqual([]);
});

test('a channel that is none of the desk’s changes nothing', async () => {
  await stored();
  await shared('C0OTHER001', 'Ev0SHARED03');
  await app.desk.outbox.drain();
  app.desk.services.workspaces.forget();
  expect((await stored()).channels).toMatchObject({
    triage: TRIAGE,
    digest: DIGEST,
    alerts: DIGEST,
  });
  expect(app.fake.postsTo(ADMIN)).toHaveLength(0);
  expect(await app.db.models.settingsChanges.countDocuments()).toBe(0);
});

test('the settings history names the desk itself for the channel it cleared, in English and Chinese', async () => {
  await stored();
  await shared(DIGEST, 'Ev0SHARED04');
  const history = async () =>
    JSON.stringify((await app.slack.command('/desk', 'settings history', { userId: ADMIN })).body);
  const en = await history();
  expect(en).toContain('Weekly digest channel');
  expect(en).toContain('Care Desk itself (a channel it may no longer use)');
  expect(en).not.toContain('the operator, from the command line');
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  const zh = await history();
  expect(zh).toContain('服务台自动修改（不能再使用的频道）');
  expect(zh).not.toContain('运维人员（命令行）');
});

test('a triage channel seeded from the environment that is Slack Connect is asked before the first card: cleared, nothing posted there, the admins told once', async () => {
  const { AGENT, makeTicket } = await import('../helpers/factories.js');
  app.fake.channels.set(TRIAGE, { is_ext_shared: true });
  await app.setSettings(() => ({ agents: [AGENT] }));
  const first = await makeTicket(app);
  await app.desk.outbox.drain();
  // Asked of Slack before the post; the card was not posted there and waits for a triage channel.
  expect(app.fake.callsTo('conversations.info').map((c) => c.args.channel)).toEqual([TRIAGE]);
  expect(app.fake.postsTo(TRIAGE)).toHaveLength(0);
  app.desk.services.workspaces.forget();
  const after = await stored();
  expect(after.channels.triage).toBeUndefined();
  expect(after.channels.digest).toBe(DIGEST);
  const dms = app.fake.postsTo(ADMIN);
  expect(dms).toHaveLength(1);
  expect(dms[0]!.args.text).toContain(`<#${TRIAGE}>`);
  expect(dms[0]!.args.text).toContain('triage channel');
  expect(app.logs).toContainEqual(expect.objectContaining({ to: TRIAGE, why: 'shared' }));
  // Another ticket: still nothing there, nobody told twice.
  await makeTicket(app, { customerCode: first.customerCode });
  await app.desk.outbox.drain();
  expect(app.fake.postsTo(TRIAGE)).toHaveLength(0);
  expect(app.fake.postsTo(ADMIN)).toHaveLength(1);
});

test('a triage channel seeded from the environment that is a customer’s channel is not posted to: cleared, the admins told why', async () => {
  const { AGENT, makeCustomer, makeTicket } = await import('../helpers/factories.js');
  await app.setSettings(() => ({ agents: [AGENT] }));
  const customer = await makeCustomer(app);
  // Linked before the workspace's settings named it (seeded again from the environment).
  await linkByHand(TRIAGE, customer, 'Linked Co');
  await makeTicket(app, { customerCode: customer.code });
  await app.desk.outbox.drain();
  expect(app.fake.postsTo(TRIAGE)).toHaveLength(0);
  app.desk.services.workspaces.forget();
  expect((await stored()).channels.triage).toBeUndefined();
  const dms = app.fake.postsTo(ADMIN);
  expect(dms).toHaveLength(1);
  expect(dms[0]!.args.text).toContain('is a customer’s channel');
  expect(dms[0]!.args.text).not.toContain('Linked Co');
});

test('after the triage channel turned Slack Connect, a ticket whose card is there posts nothing more there: its card goes to the new triage channel once one is set', async () => {
  const { AGENT, ctxOf, makeTicket } = await import('../helpers/factories.js');
  const { submitLastModal } = await import('../helpers/clicks.js');
  await app.setSettings(() => ({ agents: [AGENT] }));
  const ticket = await makeTicket(app);
  await app.desk.outbox.drain();
  expect(
    ((await app.db.models.tickets.findOne({ number: ticket.number }).lean()) as any).card.channel,
  ).toBe(TRIAGE);
  await shared(TRIAGE, 'Ev0SHARED05');
  await app.desk.outbox.drain();
  const before = app.fake.postsTo(TRIAGE).length;
  const updatesBefore = app.fake.callsTo('chat.update').length;
  await app.desk.flows.tickets.act(await ctxOf(app, AGENT), ticket.number, { action: 'claim' });
  await app.desk.outbox.drain();
  expect({
    posts: app.fake.postsTo(TRIAGE).length - before,
    updates: app.fake.callsTo('chat.update').length - updatesBefore,
  }).toEqual({ posts: 0, updates: 0 });
  // The admin sets another triage channel: the card (and its thread line) goes out there.
  await app.slack.command('/desk', 'settings channels', { userId: ADMIN });
  await submitLastModal(app, { channel_triage: 'C0TRIAGE02' }, { userId: ADMIN });
  await app.desk.outbox.drain();
  expect(app.fake.postsTo('C0TRIAGE02').map((p) => Boolean(p.args.thread_ts))[0]).toBe(false);
  expect(String(app.fake.postsTo('C0TRIAGE02')[0]!.args.text)).toContain(ticket.number);
  expect(app.fake.postsTo(TRIAGE).length - before).toBe(0);
  expect(
    ((await app.db.models.tickets.findOne({ number: ticket.number }).lean()) as any).card.channel,
  ).toBe('C0TRIAGE02');
});

test('a message owed to a channel cleared as shared is not delivered: written before the clear, or after it by an instance that read the settings before', async () => {
  const { ctxOf } = await import('../helpers/factories.js');
  const ctx = await ctxOf(app, ADMIN);
  const later = new Date(app.clock.now().getTime() + 3_600_000);
  // Held (quiet hours) for the digest and alerts channel.
  await app.desk.services.outbox.enqueue(ctx, [
    {
      key: 'held-alert',
      kind: 'message',
      to: DIGEST,
      data: { message: { text: 'held' } },
      notBefore: later,
    },
  ]);
  await shared(DIGEST, 'Ev0SHARED06');
  await app.desk.outbox.drain();
  expect((await app.db.models.outbox.findOne({ key: 'held-alert' }).lean())!.state).toBe('dropped');
  // Written with the settings as read before the clear (another instance's cached copy).
  await app.desk.services.outbox.enqueue(ctx, [
    { key: 'stale', kind: 'message', to: DIGEST, data: { message: { text: 'stale' } } },
  ]);
  app.clock.set(new Date(later.getTime() + 60_000).toISOString());
  await app.desk.outbox.drain();
  expect(app.fake.postsTo(DIGEST)).toHaveLength(0);
  expect((await app.db.models.outbox.findOne({ key: 'stale' }).lean())!.state).toBe('dropped');
  expect(JSON.stringify(app.logs)).not.toContain('held');
});

test('a desk channel cleared as shared, then linked to a customer, gets the desk’s messages to that customer, never the desk’s own', async () => {
  const { act, AGENT, ctxOf, makeCustomer } = await import('../helpers/factories.js');
  const { linkSharedChannel } = await import('../helpers/slack-connect.js');
  const { code } = await makeCustomer(app);
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  await shared(DIGEST, 'Ev0SHARED08');
  await app.desk.outbox.drain();
  app.desk.services.workspaces.forget();
  expect((await stored()).clearedChannels).toEqual([DIGEST]);
  // It is the customer's Slack Connect channel now: the admin links it, the customer asks there.
  await linkSharedChannel(app, DIGEST, code, ADMIN);
  const ROOT = '1795397400.000100';
  await theirGuestAsks(DIGEST, ROOT, 'Ev0SHARED09');
  const { number } = (await app.db.models.tickets.findOne().lean())!;
  await act(app, number, { action: 'claim' });
  await act(app, number, { action: 'resolve', summary: 'Firmware updated' });
  await app.desk.services.outbox.enqueue(await ctxOf(app, ADMIN), [
    { key: 'stale', kind: 'message', to: DIGEST, data: { message: { text: 'stale' } } },
  ]);
  await app.desk.outbox.drain();
  const there = app.fake.postsTo(DIGEST);
  expect(there.every((p) => p.args.thread_ts === ROOT)).toBe(true);
  expect(there.some((p) => String(p.args.text).includes('How satisfied are you'))).toBe(true);
  expect((await app.db.models.outbox.findOne({ key: 'stale' }).lean())!.state).toBe('dropped');
});

test('a triage channel cleared as shared, set again with the Channels form and later replaced, keeps its cards like any former triage channel', async () => {
  const { AGENT, ctxOf, makeTicket } = await import('../helpers/factories.js');
  const { submitLastModal } = await import('../helpers/clicks.js');
  const setTriage = async (channel: string) => {
    await app.slack.command('/desk', 'settings channels', { userId: ADMIN });
    await submitLastModal(app, { channel_triage: channel }, { userId: ADMIN });
    await app.desk.outbox.drain();
  };
  await app.setSettings(() => ({ agents: [AGENT] }));
  await shared(TRIAGE, 'Ev0SHARED10');
  await app.desk.outbox.drain();
  // No longer shared: the admin sets it again, and it is no longer listed as cleared.
  app.fake.channels.delete(TRIAGE);
  await setTriage(TRIAGE);
  app.desk.services.workspaces.forget();
  expect((await stored()).clearedChannels).toEqual([]);
  const ticket = await makeTicket(app);
  await app.desk.outbox.drain();
  const card = async () =>
    ((await app.db.models.tickets.findOne({ number: ticket.number }).lean()) as any).card.channel;
  expect(await card()).toBe(TRIAGE);
  await setTriage('C0TRIAGE02');
  const updates = app.fake.callsTo('chat.update').length;
  await app.desk.flows.tickets.act(await ctxOf(app, AGENT), ticket.number, { action: 'claim' });
  await app.desk.outbox.drain();
  // Updated in place, its thread line under it; no second card in the new triage channel.
  expect(await card()).toBe(TRIAGE);
  expect(app.fake.postsTo('C0TRIAGE02')).toHaveLength(0);
  expect(app.fake.callsTo('chat.update').length - updates).toBe(1);
  expect(app.fake.postsTo(TRIAGE).filter((p) => p.args.thread_ts).length).toBeGreaterThan(0);
});

test('an SLA alert’s thread line for a card whose channel was cleared as shared waits for the card, posted again in the new triage channel', async () => {
  const { AGENT, makeTicket } = await import('../helpers/factories.js');
  const { submitLastModal } = await import('../helpers/clicks.js');
  const { slaAlertsJob } = await import('../../jobs/sla-alerts.js');
  const { runJobAt } = await import('../helpers/jobs.js');
  const NEXT = 'C0TRIAGE02';
  // Alerts to the triage channel (the digest channel is left alone).
  await app.setSettings(() => ({ agents: [AGENT], channels: { triage: TRIAGE } }));
  const { number } = await makeTicket(app, { severity: 'important' });
  await app.desk.outbox.drain();
  await shared(TRIAGE, 'Ev0SHARED11');
  await app.desk.outbox.drain();
  await app.slack.command('/desk', 'settings channels', { userId: ADMIN });
  await submitLastModal(app, { channel_triage: NEXT }, { userId: ADMIN });
  await app.desk.outbox.drain();
  // 13:00 in Shanghai: 75 % of the 4 h first response; the ticket has had no update since.
  await runJobAt(app, slaAlertsJob, '2026-11-24T05:00:30Z');
  // The line waits for its card, written again: both out on the next pass.
  app.clock.set('2026-11-24T05:01:30Z');
  await app.desk.outbox.drain();
  const line = await app.db.models.outbox.findOne({ kind: 'alert.thread' }).lean();
  expect(line).toMatchObject({ state: 'sent', result: { channel: NEXT } });
  const { card } = (await app.db.models.tickets.findOne({ number }).lean()) as any;
  expect(card.channel).toBe(NEXT);
  expect(app.fake.postsTo(NEXT).filter((p) => p.args.thread_ts === card.ts)).toHaveLength(1);
});

test('a digest channel seeded from the environment that is a customer’s channel still gets the desk’s messages to that customer, never the desk’s own', async () => {
  const { act, ctxOf } = await import('../helpers/factories.js');
  // The customer asks in their channel: the first post there (the requester's "received", in
  // their thread) finds it a customer's channel, cleared from the settings, and goes.
  const ROOT = await customerAsksInDigest('Ev0SHARED07');
  await app.desk.outbox.drain();
  app.desk.services.workspaces.forget();
  expect((await stored()).channels).toEqual({ triage: TRIAGE });
  const { number } = (await app.db.models.tickets.findOne().lean())!;
  const inThread = () => app.fake.postsTo(DIGEST).filter((p) => p.args.thread_ts === ROOT);
  expect(inThread()).toHaveLength(1);
  // Later on this instance: the requester's lines and survey go on; the desk's own do not.
  await act(app, number, { action: 'claim' });
  await act(app, number, { action: 'resolve', summary: 'Firmware updated' });
  await app.desk.services.outbox.enqueue(await ctxOf(app, ADMIN), [
    { key: 'stale', kind: 'message', to: DIGEST, data: { message: { text: 'stale' } } },
  ]);
  await app.desk.outbox.drain();
  expect(inThread().some((p) => String(p.args.text).includes('How satisfied are you'))).toBe(true);
  expect(app.fake.postsTo(DIGEST).filter((p) => p.args.thread_ts !== ROOT)).toHaveLength(0);
  expect((await app.db.models.outbox.findOne({ key: 'stale' }).lean())!.state).toBe('dropped');
});

test('channel_shared for a former triage channel still holding cards, shared only within the org: asked of Slack as a desk channel is, its cards kept there', async () => {
  const { AGENT, makeTicket } = await import('../helpers/factories.js');
  await app.setSettings(() => ({ agents: [AGENT] }));
  const ticket = await makeTicket(app);
  await app.desk.outbox.drain();
  // The triage channel moved on; the ticket's card stays in the former one.
  await app.setSettings((s) => ({ channels: { ...s.channels, triage: 'C0TRIAGE02' } }));
  app.desk.services.workspaces.forget();
  app.fake.channels.set(TRIAGE, { is_org_shared: true });
  // (Asked once already, before the card's first post there.)
  const asked = app.fake.callsTo('conversations.info').length;
  await app.slack.eventDelivery(
    { type: 'channel_shared', channel: TRIAGE, connected_team_id: 'T0SIBLING1' },
    { eventId: 'Ev0ORGSHR05' },
  );
  await app.desk.outbox.drain();
  expect(
    app.fake
      .callsTo('conversations.info')
      .slice(asked)
      .map((c) => c.args.channel),
  ).toEqual([TRIAGE]);
  const card = (await app.db.models.tickets.findOne({ number: ticket.number }).lean())!.card;
  expect(card.channel).toBe(TRIAGE);
  expect(app.fake.postsTo('C0TRIAGE02')).toHaveLength(0);
});

test('a desk channel found to be a customer’s channel: a desk message still owed there is posted by no instance (the database says it is linked), the requester’s notice is', async () => {
  const { ctxOf } = await import('../helpers/factories.js');
  const ROOT = await customerAsksInDigest('Ev0CUSTCH01');
  // This instance posts the requester's "received" there: finds it a customer's channel, clears it.
  await app.desk.outbox.drain();
  app.desk.services.workspaces.forget();
  expect((await stored()).channels).toEqual({ triage: TRIAGE });
  expect(app.fake.postsTo(DIGEST).filter((p) => p.args.thread_ts === ROOT)).toHaveLength(1);
  // A desk message still owed there, written by an instance that read the settings before the
  // clear: another instance (or this one after a restart) does not post it.
  await app.desk.services.outbox.enqueue(await ctxOf(app, ADMIN), [
    {
      key: 'internal',
      kind: 'message',
      to: DIGEST,
      data: { message: { text: 'INTERNAL digest' } },
    },
  ]);
  const b = app.instance('b');
  try {
    await b.outbox.drain();
  } finally {
    await b.stop();
  }
  expect(app.fake.postsTo(DIGEST).filter((p) => String(p.args.text).includes('INTERNAL'))).toEqual(
    [],
  );
  expect(await app.db.models.outbox.findOne({ key: 'internal' }).lean()).toMatchObject({
    state: 'dropped',
  });
});

test('a desk channel cleared as shared, linked to a customer, then unlinked while still shared: listed as cleared again, the ticket opened there as its Slack Connect conversation still gets its steps and survey in its thread, a desk message does not go', async () => {
  const { act, AGENT, ctxOf, makeCustomer } = await import('../helpers/factories.js');
  const { linkSharedChannel } = await import('../helpers/slack-connect.js');
  const { code } = await makeCustomer(app);
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  app.fake.channels.set(DIGEST, { is_ext_shared: true });
  await app.slack.eventDelivery(
    { type: 'channel_shared', channel: DIGEST, connected_team_id: 'T0OTHERORG' },
    { eventId: 'Ev0CLEARLK1' },
  );
  await app.desk.outbox.drain();
  app.desk.services.workspaces.forget();
  expect((await app.desk.services.workspaces.settings(FAKE_TEAM_ID)).clearedChannels).toEqual([
    DIGEST,
  ]);
  await linkSharedChannel(app, DIGEST, code, ADMIN);
  app.desk.services.workspaces.forget();
  expect((await app.desk.services.workspaces.settings(FAKE_TEAM_ID)).clearedChannels).toEqual([]);
  const ROOT = '1795397400.000100';
  await theirGuestAsks(DIGEST, ROOT, 'Ev0CLEARLK2');
  await app.desk.outbox.drain();
  const { number } = (await app.db.models.tickets.findOne().lean())!;
  // The admin unlinks the channel: told it is still shared, listed again, and what that means.
  const gone = await app.slack.command('/desk', 'channel unlink', {
    userId: ADMIN,
    channelId: DIGEST,
  });
  const said = String((gone.body as { text: string }).text);
  expect(said).not.toContain('Tickets already opened keep their thread');
  expect(said).toContain(
    'It is still shared with another organisation, so the desk’s own messages do not go there, and the notices and surveys of tickets opened there before it was shared go to their requesters by DM; tickets opened while it was shared keep their thread.',
  );
  app.desk.services.workspaces.forget();
  expect((await app.desk.services.workspaces.settings(FAKE_TEAM_ID)).clearedChannels).toEqual([
    DIGEST,
  ]);
  await act(app, number, { action: 'claim' });
  await act(app, number, { action: 'resolve', summary: 'Firmware updated' });
  await app.desk.services.outbox.enqueue(await ctxOf(app, ADMIN), [
    { key: 'stale', kind: 'message', to: DIGEST, data: { message: { text: 'stale' } } },
  ]);
  await app.desk.outbox.drain();
  const survey = await app.db.models.outbox.findOne({ key: /survey/ }).lean();
  expect.soft(survey).toMatchObject({ state: 'sent' });
  const inThread = app.fake.postsTo(DIGEST).filter((p) => p.args.thread_ts === ROOT);
  expect(inThread.some((p) => String(p.args.text).includes('How satisfied are you'))).toBe(true);
  expect((await app.db.models.outbox.findOne({ key: 'stale' }).lean())!.state).toBe('dropped');
});

/** `channel` linked to customer `code` by the admin, as it is shared or not now. */
const linkAs = async (channel: string, code: string) =>
  app.slack.command('/desk', `channel link ${code}`, { userId: ADMIN, channelId: channel });
const unlink = (channel: string) =>
  app.slack.command('/desk', 'channel unlink', { userId: ADMIN, channelId: channel });

/** A channel linked to a customer, then unlinked, where a requester opened a ticket. */
const FORMER = 'C0FORMER01';
/** The requester's message in FORMER that opened it: its thread. */
const ROOT = '1795397400.000300';

/**
 * A ticket opened in FORMER, linked to the customer `code`, by U0CUSTUSR1's message (event
 * `eventId`), its notice posted in its thread; then FORMER unlinked. The ticket, and its thread's
 * posts.
 */
async function ticketInFormer(code: string, eventId: string) {
  await linkAs(FORMER, code);
  await app.slack.eventDelivery(
    messageEvent(FORMER, 'U0CUSTUSR1', 'Our line 3 stopped with error E42', ROOT),
    { eventId },
  );
  await app.desk.outbox.drain();
  const ticket = (await app.db.models.tickets.findOne().lean())!;
  const inThread = () => app.fake.postsTo(FORMER).filter((p) => p.args.thread_ts === ROOT);
  expect(inThread()).toHaveLength(1);
  await unlink(FORMER);
  return { ticket, inThread };
}

/** `ticketInFormer` of a new customer's (its `code` too), the desk closed, AGENT its agent. */
async function closedDeskTicketInFormer(eventId: string) {
  const { AGENT, makeCustomer } = await import('../helpers/factories.js');
  const { code } = await makeCustomer(app);
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  return { code, ...(await ticketInFormer(code, eventId)) };
}

/**
 * `closedDeskTicketInFormer`, with what the tests of a requester's notice Slack fails to place
 * read: their DM, the clock moved on `ms`, and the claim's notice to FORMER in the outbox.
 */
async function unaskedInFormer(eventId: string) {
  const { ticket, inThread } = await closedDeskTicketInFormer(eventId);
  const dm = () => app.fake.postsTo('U0CUSTUSR1');
  const later = (ms: number) =>
    app.clock.set(new Date(app.clock.now().getTime() + ms).toISOString());
  const claimed = async () =>
    (await app.db.models.outbox.findOne({ key: /^requester:.*:event:1$/, to: FORMER }).lean())!;
  return { number: ticket.number, inThread, dm, later, claimed };
}

test('a ticket opened in a customer channel before it was shared: once the channel was a desk channel cleared as Slack Connect, linked and unlinked again, its requester’s notices do not go there (the channel listed as cleared again) but to their DM, once', async () => {
  const { act } = await import('../helpers/factories.js');
  const { linkSharedChannel } = await import('../helpers/slack-connect.js');
  // A customer channel of our own (customers as guests): a ticket opened there, then unlinked.
  const {
    code,
    ticket: { number },
    inThread,
  } = await closedDeskTicketInFormer('Ev0FORMER01');
  // Later the digest channel, shared with another organisation: cleared and listed.
  await app.setSettings((s) => ({ channels: { ...s.channels, digest: FORMER } }));
  await shared(FORMER, 'Ev0FORMER02');
  await app.desk.outbox.drain();
  expect(await clearedNow()).toEqual([FORMER]);
  // Linked to a customer (off the list), then unlinked while Slack still says it is shared.
  await linkSharedChannel(app, FORMER, code, ADMIN);
  expect(await clearedNow()).toEqual([]);
  await unlink(FORMER);
  expect(await clearedNow()).toEqual([FORMER]);
  // The old ticket's steps and survey are not posted where the other organisation reads: the
  // requester is told by DM instead, each once.
  await act(app, number, { action: 'claim' });
  await act(app, number, { action: 'resolve', summary: 'Firmware updated' });
  await app.desk.outbox.drain();
  app.clock.set(new Date(app.clock.now().getTime() + 3_600_000).toISOString());
  await app.desk.outbox.drain();
  expect(inThread()).toHaveLength(1);
  const dm = app.fake.postsTo('U0CUSTUSR1');
  const surveys = dm.filter((p) => String(p.args.text).includes('How satisfied are you'));
  expect(surveys).toHaveLength(1);
  expect(dm.some((p) => String(p.args.text).includes('Firmware updated'))).toBe(true);
  expect(await app.db.models.outbox.findOne({ key: /:survey:/ }).lean()).toMatchObject({
    state: 'sent',
    result: { channel: 'D0CUSTUSR1' },
  });
  expect(JSON.stringify(app.logs)).toContain('requester told by DM');
  // Slack refusing that DM too (a person it will not deliver to): dropped, not tried again.
  app.fake.refuseChannel('U0CUSTUSR1', 'user_disabled');
  await act(app, number, { action: 'reopen' });
  await app.desk.outbox.drain();
  expect(inThread()).toHaveLength(1);
  expect(await app.db.models.outbox.find({ key: /^requester:/, state: 'dropped' }).lean()).toEqual([
    expect.objectContaining({ lastError: 'desk_channel_unfit', attempts: 0 }),
  ]);
});

test('a ticket opened in a customer channel, unlinked while not shared, the channel never a desk one and shared with another organisation later (nothing records it): its requester’s notices are checked with Slack first and go to their DM; Slack not saying, to their DM too', async () => {
  const { act } = await import('../helpers/factories.js');
  const {
    ticket: { number },
    inThread,
  } = await closedDeskTicketInFormer('Ev0UNLSHR01');
  expect(await clearedNow()).toEqual([]);
  // Not shared yet: its notice goes to its thread, as in any unlinked channel.
  await act(app, number, { action: 'claim' });
  await app.desk.outbox.drain();
  expect(inThread()).toHaveLength(2);
  // Shared with another organisation now: channel_shared changes nothing (none of the desk's).
  await shared(FORMER, 'Ev0UNLSHR02');
  await app.desk.outbox.drain();
  expect(await clearedNow()).toEqual([]);
  // Past what the instance remembers of Slack's last answer (REQUESTER_CHANNEL_CHECK_MS).
  app.clock.set(new Date(app.clock.now().getTime() + 5_000).toISOString());
  await act(app, number, { action: 'resolve', summary: 'Firmware updated' });
  await app.desk.outbox.drain();
  expect(inThread()).toHaveLength(2);
  const dm = () => app.fake.postsTo('U0CUSTUSR1');
  expect(dm().some((p) => String(p.args.text).includes('Firmware updated'))).toBe(true);
  // Slack not saying (conversations.info refused for good): to the DM as well, not the thread.
  app.clock.set(new Date(app.clock.now().getTime() + 60_000).toISOString());
  app.fake.failNext('conversations.info', 'channel_not_found');
  const before = dm().length;
  await act(app, number, { action: 'reopen' });
  await app.desk.outbox.drain();
  expect(inThread()).toHaveLength(2);
  expect(dm()).toHaveLength(before + 1);
  expect(app.logs).toContainEqual(
    expect.objectContaining({
      msg: 'outbox: could not ask Slack whether a requester’s channel is shared; taken as shared',
    }),
  );
});

test('a requester’s notice to an unlinked channel while Slack fails for a moment to say whether it is shared (internal_error, a 5xx, a dropped connection): tried again, then to their thread once Slack says it is not shared; a definite answer (not_in_channel) sends it to their DM at once, and so does a last try', async () => {
  const { act } = await import('../helpers/factories.js');
  const { number, inThread, dm, later, claimed } = await unaskedInFormer('Ev0FAILINF01');
  const dmsBefore = dm().length;
  app.fake.failNext('conversations.info', 'internal_error');
  await act(app, number, { action: 'claim' });
  await app.desk.outbox.drain();
  // The claim's notice to the requester ("… is handling your ticket"), in their thread (claimed).
  expect(await claimed()).toMatchObject({
    state: 'pending',
    attempts: 1,
    lastError: 'internal_error',
  });
  // A 5xx, then a dropped connection: tried again each time after its back-off.
  app.fake.failNextHttp('conversations.info', 503);
  later(30_000);
  await app.desk.outbox.drain();
  app.fake.takeAndDrop('conversations.info');
  later(60_000);
  await app.desk.outbox.drain();
  expect(await claimed()).toMatchObject({ state: 'pending', attempts: 3 });
  expect(inThread()).toHaveLength(1);
  expect(dm()).toHaveLength(dmsBefore);
  // Slack answers: not shared, so to the thread, never the DM.
  later(120_000);
  await app.desk.outbox.drain();
  expect(await claimed()).toMatchObject({ state: 'sent' });
  expect(inThread()).toHaveLength(2);
  expect(dm()).toHaveLength(dmsBefore);

  // A definite answer: to the DM at once, as before.
  later(60_000);
  // (Twice: the survey follows the resolution.)
  app.fake.failNext('conversations.info', 'not_in_channel', 2);
  await act(app, number, { action: 'resolve', summary: 'Firmware updated' });
  await app.desk.outbox.drain();
  expect(inThread()).toHaveLength(2);
  expect(dm().some((p) => String(p.args.text).includes('Firmware updated'))).toBe(true);

  // Its last try (CHANNEL_UNASKED_RETRIES failed before it): to the DM rather than held longer.
  later(60_000);
  app.fake.failNext('conversations.info', 'internal_error');
  await act(app, number, { action: 'reopen' });
  await app.desk.outbox.drain();
  const owed = { key: /^requester:/, to: FORMER, state: 'pending' as const };
  expect(await app.db.models.outbox.countDocuments(owed)).toBe(1);
  await app.db.models.outbox.updateOne(owed, {
    $set: { attempts: CHANNEL_UNASKED_RETRIES, unaskedTries: CHANNEL_UNASKED_RETRIES },
  });
  const dmsNow = dm().length;
  app.fake.failNext('conversations.info', 'internal_error');
  later(30 * 60_000);
  await app.desk.outbox.drain();
  expect(inThread()).toHaveLength(2);
  expect(dm()).toHaveLength(dmsNow + 1);
  expect(await app.db.models.outbox.countDocuments(owed)).toBe(0);
});

test('a requester’s notice whose channel Slack keeps failing to describe takes their DM at its third retry, about 3.5 minutes on (not two hours), and a later notice of the thread held behind it goes then, to their DM too: for CHANNEL_UNDESCRIBED_MS the channel’s requesters’ notices take the DM at once, Slack not asked; asked again after', async () => {
  const { act } = await import('../helpers/factories.js');
  const { number, inThread, dm, later, claimed } = await unaskedInFormer('Ev0FAILBND01');
  const threadBefore = inThread().length;
  const dmsBefore = dm().length;
  // The first try and two retries (30 s, then 1 minute on): Slack failing each time.
  app.fake.failNext('conversations.info', 'internal_error', 3);
  await act(app, number, { action: 'claim' });
  await app.desk.outbox.drain();
  later(30_000);
  await app.desk.outbox.drain();
  later(60_000);
  await app.desk.outbox.drain();
  expect(await claimed()).toMatchObject({ state: 'pending', attempts: 3 });
  // A later notice of the same thread (Slack answering for it): held behind the claim's.
  later(1_000);
  await act(app, number, { action: 'resolve', summary: 'Firmware updated' });
  await app.desk.outbox.drain();
  const resolved = () => inThread().filter((p) => String(p.args.text).includes('Firmware updated'));
  expect(resolved()).toHaveLength(0);
  expect(dm()).toHaveLength(dmsBefore);
  const behind = await app.db.models.outbox
    .find({ key: /^requester:/, to: FORMER, state: 'pending' })
    .lean();
  expect(behind.filter((e) => !/:event:1$/.test(e.key)).map((e) => e.attempts)).toContain(0);
  // The third retry, 2 minutes on (3.5 minutes after the first try), Slack failing still: to
  // their DM; the notice behind it goes in the same pass, to their DM as well, Slack not asked
  // again (it could not say of the channel a moment ago).
  app.fake.failNext('conversations.info', 'internal_error');
  later(119_000);
  const asked = () => app.fake.callsTo('conversations.info').length;
  const askedBefore = asked();
  await app.desk.outbox.drain();
  expect(await claimed()).toMatchObject({
    state: 'sent',
    attempts: CHANNEL_UNASKED_RETRIES,
    result: { channel: 'D0CUSTUSR1' },
  });
  expect(asked()).toBe(askedBefore + 1);
  expect(resolved()).toHaveLength(0);
  expect(dm().filter((p) => String(p.args.text).includes('Firmware updated'))).toHaveLength(1);
  expect(inThread()).toHaveLength(threadBefore);
  expect(await app.db.models.channelRefusals.findOne({ channel: FORMER }).lean()).toMatchObject({
    undescribedAt: app.clock.now(),
    open: false,
  });
  // Within the hour a later notice (the ticket reopened) takes the DM at once, unasked.
  later(CHANNEL_UNDESCRIBED_MS - 60_000);
  const dms = dm().length;
  await act(app, number, { action: 'reopen' });
  await app.desk.outbox.drain();
  expect(asked()).toBe(askedBefore + 1);
  expect(dm()).toHaveLength(dms + 1);
  expect(inThread()).toHaveLength(threadBefore);
  // Past it, Slack is asked again: not shared, to the thread.
  later(60_000);
  await act(app, number, { action: 'resolve', summary: 'Belt replaced' });
  await app.desk.outbox.drain();
  expect(asked()).toBe(askedBefore + 2);
  expect(dm()).toHaveLength(dms + 1);
  expect(inThread().filter((p) => String(p.args.text).includes('Belt replaced'))).toHaveLength(1);
  // Nothing of it on the admins' Home: not a refusal.
  expect(await app.db.models.channelRefusals.countDocuments({ open: true })).toBe(0);
});

test('a requester’s notice that failed for another reason first (its post refused for a moment) still asks Slack of its channel CHANNEL_UNASKED_RETRIES times before taking their DM: only those tries count, and only they set its back-off (1 and 2 minutes, not 8 and 16)', async () => {
  const { act } = await import('../helpers/factories.js');
  const { number, inThread, dm, later, claimed } = await unaskedInFormer('Ev0FAILOTH01');
  const dmsBefore = dm().length;
  const threadBefore = inThread().length;
  // The first try: Slack fails to describe the channel.
  app.fake.failNext('conversations.info', 'internal_error');
  await act(app, number, { action: 'claim' });
  await app.desk.outbox.drain();
  expect(await claimed()).toMatchObject({ state: 'pending', attempts: 1, unaskedTries: 1 });
  // Three more tries failed for another reason (their post refused for a moment).
  await app.db.models.outbox.updateOne({ _id: (await claimed())._id }, { $set: { attempts: 4 } });
  // Two more tries Slack fails to describe the channel, each after the back-off of the tries
  // so failed (30 s, then 1 minute): tried again, not yet to the DM.
  for (const wait of [30_000, 60_000]) {
    later(wait);
    app.fake.failNext('conversations.info', 'internal_error');
    await app.desk.outbox.drain();
  }
  expect(await claimed()).toMatchObject({ state: 'pending', attempts: 6, unaskedTries: 3 });
  expect(dm()).toHaveLength(dmsBefore);
  // The try after the third such failure, 2 minutes on, Slack failing still: to their DM.
  later(120_000);
  app.fake.failNext('conversations.info', 'internal_error');
  await app.desk.outbox.drain();
  expect(await claimed()).toMatchObject({ state: 'sent', result: { channel: 'D0CUSTUSR1' } });
  expect(dm()).toHaveLength(dmsBefore + 1);
  expect(inThread()).toHaveLength(threadBefore);
});

/**
 * The reads of a ticket the outbox's channel check (`barredChannel`) makes until `restore()`:
 * how many so far (`count()`).
 */
function channelCheckReads() {
  const hooks = (app.desk.outbox as unknown as { hooks: { tickets: (...a: never[]) => unknown } })
    .hooks;
  const tickets = hooks.tickets;
  let count = 0;
  hooks.tickets = (...args: never[]) => {
    if (new Error().stack?.includes('barredChannel')) count++;
    return tickets(...args);
  };
  return { count: () => count, restore: () => (hooks.tickets = tickets) };
}

test('a requester’s notice to an unlinked channel carries whether its ticket was opened there as its Slack Connect conversation: the channel check reads no ticket for it (a notice written before it did, read as before)', async () => {
  const { act, ctxOf } = await import('../helpers/factories.js');
  const { number, inThread, claimed } = await unaskedInFormer('Ev0NOREAD001');
  // An hour on: what this instance remembers of Slack's answer is not the next test's.
  app.clock.advance(60 * 60_000);
  const reads = channelCheckReads();
  try {
    await act(app, number, { action: 'claim' });
    expect((await claimed()).data).toMatchObject({ openedShared: false });
    await app.desk.outbox.drain();
    expect(await claimed()).toMatchObject({ state: 'sent' });
    expect(inThread()).toHaveLength(2);
    expect(reads.count()).toBe(0);
    // One written before it was carried: its ticket read, to its thread as before.
    const ticket = (await app.db.models.tickets.findOne({ number }).lean())!;
    await app.desk.services.outbox.enqueue(await ctxOf(app, ADMIN), [
      {
        key: `requester:${ticket._id}:written-before`,
        kind: 'message',
        to: FORMER,
        thread: { ts: ROOT },
        data: { message: { text: 'Written before' } },
      },
    ]);
    const before = reads.count();
    await app.desk.outbox.drain();
    expect(reads.count()).toBeGreaterThan(before);
    expect(inThread().some((p) => String(p.args.text).includes('Written before'))).toBe(true);
  } finally {
    reads.restore();
  }
});

test('a requester’s notice of a ticket opened in an unlinked channel as its Slack Connect conversation: its thread whatever Slack says, so sent there at once while Slack fails to describe the channel, not tried again', async () => {
  const { act, AGENT, makeCustomer } = await import('../helpers/factories.js');
  const { linkSharedChannel } = await import('../helpers/slack-connect.js');
  const CONNECT = 'C0CONNECT1';
  const { code } = await makeCustomer(app);
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  await linkSharedChannel(app, CONNECT, code, ADMIN);
  const ROOT = '1795397400.000400';
  await theirGuestAsks(CONNECT, ROOT, 'Ev0CONNASK1');
  await app.desk.outbox.drain();
  const { number } = (await app.db.models.tickets.findOne().lean())!;
  // No longer shared when unlinked: not listed, its notices asked of Slack as they go out.
  app.fake.channels.set(CONNECT, { is_member: true });
  await unlink(CONNECT);
  expect(await clearedNow()).toEqual([]);
  const inThread = () => app.fake.postsTo(CONNECT).filter((p) => p.args.thread_ts === ROOT);
  const before = inThread().length;
  const asked = app.fake.callsTo('conversations.info').length;
  app.fake.failNext('conversations.info', 'internal_error');
  await act(app, number, { action: 'claim' });
  const reads = channelCheckReads();
  try {
    await app.desk.outbox.drain();
  } finally {
    reads.restore();
  }
  expect(
    await app.db.models.outbox.findOne({ key: /^requester:.*:event:1$/, to: CONNECT }).lean(),
  ).toMatchObject({ state: 'sent', attempts: 0, data: { openedShared: true } });
  expect(inThread()).toHaveLength(before + 1);
  expect(app.fake.callsTo('conversations.info')).toHaveLength(asked);
  // Said by the notice: its ticket not read for it.
  expect(reads.count()).toBe(0);
});

test.each([
  ['a desk channel cleared as shared in between', true],
  ['never a desk channel', false],
])(
  'a ticket of customer A opened in a channel before it was shared (%s): once the channel is linked to customer B of the other organisation, A’s steps and survey go to the requester’s DM, not its thread; B’s own tickets there keep theirs',
  async (_, desk) => {
    const { act, AGENT, makeCustomer } = await import('../helpers/factories.js');
    const { messageEvent } = await import('../helpers/slack-requests.js');
    const { linkSharedChannel } = await import('../helpers/slack-connect.js');
    const a = await makeCustomer(app);
    const b = await makeCustomer(app, { name: 'Other Customer Ltd' });
    await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
    const {
      ticket: { number },
      inThread,
    } = await ticketInFormer(a.code, 'Ev0PRESHARE1');
    if (desk) await app.setSettings((s) => ({ channels: { ...s.channels, digest: FORMER } }));
    await shared(FORMER, 'Ev0PRESHARE2');
    await app.desk.outbox.drain();
    expect(await clearedNow()).toEqual(desk ? [FORMER] : []);
    // Linked to customer B, whose organisation now shares the channel.
    await linkSharedChannel(app, FORMER, b.code, ADMIN);
    await act(app, number, { action: 'claim' });
    await act(app, number, { action: 'resolve', summary: 'Firmware updated' });
    await app.desk.outbox.drain();
    expect(inThread()).toHaveLength(1);
    const dm = app.fake.postsTo('U0CUSTUSR1').map((p) => String(p.args.text));
    expect(dm.some((text) => text.includes('is handling your ticket'))).toBe(true);
    expect(dm.some((text) => text.includes('Firmware updated'))).toBe(true);
    expect(dm.some((text) => text.includes('How satisfied are you'))).toBe(true);
    // A ticket of B's opened there now is told in its thread.
    const B_ROOT = '1795397500.000100';
    await app.slack.eventDelivery(
      messageEvent(FORMER, 'U0BCUSTUSR', 'Our scanner is offline', B_ROOT, {
        team: 'T0OTHERORG',
      }),
      { eventId: 'Ev0PRESHARE3', teamId: 'T0OTHERORG', shared: true },
    );
    await app.desk.outbox.drain();
    expect(app.fake.postsTo(FORMER).filter((p) => p.args.thread_ts === B_ROOT)).toHaveLength(1);
  },
);

test('a requester’s notice still owed to a desk channel when it is cleared as shared (a ticket opened there while it was a customer channel) is not dropped at the clear: once every instance lists the channel, it goes to the requester’s DM', async () => {
  const { ctxOf, makeCustomer } = await import('../helpers/factories.js');
  const { code } = await makeCustomer(app);
  const {
    ticket: { _id },
  } = await ticketInFormer(code, 'Ev0OWEDCLR1');
  await app.setSettings((s) => ({ channels: { ...s.channels, digest: FORMER } }));
  // Owed in the thread, due in an hour (quiet hours, say).
  await app.desk.services.outbox.enqueue(await ctxOf(app, ADMIN), [
    {
      key: `requester:${String(_id)}:owed`,
      kind: 'message',
      to: FORMER,
      thread: { ts: ROOT },
      notBefore: new Date(app.clock.now().getTime() + 3_600_000),
      data: {
        message: { text: 'Owed step' },
        fallback: { to: 'U0CUSTUSR1', message: { text: 'Owed step by DM' } },
      },
    },
  ]);
  await shared(FORMER, 'Ev0OWEDCLR2');
  await app.desk.outbox.drain();
  expect(await clearedNow()).toEqual([FORMER]);
  expect(await app.db.models.outbox.findOne({ key: /:owed$/ }).lean()).toMatchObject({
    state: 'pending',
  });
  app.clock.advance(2 * 3_600_000);
  await app.desk.outbox.drain();
  expect(app.fake.postsTo(FORMER).filter((p) => p.args.thread_ts === ROOT)).toHaveLength(1);
  expect(app.fake.postsTo('U0CUSTUSR1').map((p) => p.args.text)).toContain('Owed step by DM');
});

test('a barred conversation’s notices by DM keep their order: "resolved" waits for an earlier step that failed for a moment', async () => {
  const { act, AGENT, makeCustomer } = await import('../helpers/factories.js');
  const { messageEvent } = await import('../helpers/slack-requests.js');
  const { linkSharedChannel } = await import('../helpers/slack-connect.js');
  const FORMER = 'C0FORMER02';
  const { code } = await makeCustomer(app);
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  await linkAs(FORMER, code);
  await app.slack.eventDelivery(
    messageEvent(FORMER, 'U0CUSTUSR2', 'Our line 4 stopped with error E43', '1795397400.000400'),
    { eventId: 'Ev0FORMER11' },
  );
  await app.desk.outbox.drain();
  const { number } = (await app.db.models.tickets
    .findOne({ 'conversation.channel': FORMER })
    .lean())!;
  await unlink(FORMER);
  await app.setSettings((s) => ({ channels: { ...s.channels, digest: FORMER } }));
  await shared(FORMER, 'Ev0FORMER12');
  await app.desk.outbox.drain();
  await linkSharedChannel(app, FORMER, code, ADMIN);
  await unlink(FORMER);
  expect(await clearedNow()).toContain(FORMER);
  // The claim's DM fails for a while (Slack's internal_error): tried again after its back-off.
  app.fake.refuseChannel('U0CUSTUSR2', 'internal_error');
  await act(app, number, { action: 'claim' });
  await app.desk.outbox.drain();
  await act(app, number, { action: 'resolve', summary: 'Firmware updated' });
  await app.desk.outbox.drain();
  // "Resolved" is not even tried before the step written before it went.
  const tried = app.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === 'U0CUSTUSR2')
    .map((c) => String(c.args.text));
  expect(tried.length).toBeGreaterThan(0);
  expect(tried.filter((t) => t.includes('Firmware updated'))).toEqual([]);
  app.fake.reset();
  app.clock.set(new Date(app.clock.now().getTime() + 600_000).toISOString());
  await app.desk.outbox.drain();
  const dm = app.fake.tookPostsTo('U0CUSTUSR2').map((p) => String(p.args.text));
  const resolved = dm.findIndex((t) => t.includes('Firmware updated'));
  // Then in order: the claim's step first.
  expect(resolved).toBeGreaterThan(0);
  expect(dm[0]).toContain('is handling your ticket');
});

test('unlinking a former desk channel cleared as shared: Slack not answering, it is listed again (the safe side); no longer shared, it is not', async () => {
  const { makeCustomer } = await import('../helpers/factories.js');
  const { linkSharedChannel } = await import('../helpers/slack-connect.js');
  const { code } = await makeCustomer(app);
  await app.setSettings(() => ({ clearedChannels: [DIGEST], channels: { triage: TRIAGE } }));
  await linkSharedChannel(app, DIGEST, code, ADMIN);
  expect(await clearedNow()).toEqual([]);
  // The reply says which (in Chinese here): listed again, or not.
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  const replied = async (channel: string) =>
    String(((await unlink(channel)).body as { text: string }).text);
  app.fake.failNext('conversations.info', 'internal_error');
  const relisted = await replied(DIGEST);
  expect(relisted).toContain('该频道仍与其他组织共享');
  expect(relisted).not.toContain('已生成的工单保留各自的话题');
  expect(await clearedNow()).toEqual([DIGEST]);

  await app.setSettings(() => ({ locale: 'en' }));
  await linkSharedChannel(app, DIGEST, code, ADMIN);
  expect(await clearedNow()).toEqual([]);
  app.fake.channels.set(DIGEST, { is_member: true });
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  expect(await replied(DIGEST)).toContain('已生成的工单保留各自的话题');
  await app.setSettings(() => ({ locale: 'en' }));
  expect(await clearedNow()).toEqual([]);
  // A customer channel that was never a desk channel is not asked of Slack at unlink.
  const asked = app.fake.callsTo('conversations.info').length;
  await linkSharedChannel(app, 'C0NEVERDSK', code, ADMIN);
  await unlink('C0NEVERDSK');
  expect(app.fake.callsTo('conversations.info').length - asked).toBe(1);
  expect(await clearedNow()).toEqual([]);
});

test('linking a channel cleared as shared marks the link before the channel leaves the list: the database failing in between leaves it listed, still protected; linked again, then unlinked while shared, it is listed again', async () => {
  const { makeCustomer } = await import('../helpers/factories.js');
  const { linkSharedChannel } = await import('../helpers/slack-connect.js');
  const { failCalls } = await import('../helpers/faults.js');
  const { code } = await makeCustomer(app);
  await app.setSettings(() => ({ clearedChannels: [DIGEST], channels: { triage: TRIAGE } }));
  const links = (
    app.desk.services.channels as unknown as {
      repos: { links: { markCleared: (teamId: string, channelId: string) => Promise<void> } };
    }
  ).repos.links;
  const restore = failCalls(links, 'markCleared');
  try {
    app.fake.channels.set(DIGEST, { is_member: true, is_ext_shared: true });
    const failed = await app.slack.command('/desk', `channel link ${code}`, {
      userId: ADMIN,
      channelId: DIGEST,
    });
    expect(String((failed.body as { text: string }).text)).not.toContain('Slack Connect');
  } finally {
    restore();
  }
  // Not taken off the list: the desk's own messages still do not go there.
  expect(await clearedNow()).toEqual([DIGEST]);
  await linkSharedChannel(app, DIGEST, code, ADMIN);
  expect(await clearedNow()).toEqual([]);
  await unlink(DIGEST);
  expect(await clearedNow()).toEqual([DIGEST]);
});

test('every channel cleared as shared stays listed, past 50 of them (cleared by channel_shared, or listed again at an unlink): the oldest still gets nothing of the desk', async () => {
  const { ctxOf, makeCustomer } = await import('../helpers/factories.js');
  const { linkSharedChannel } = await import('../helpers/slack-connect.js');
  const { code } = await makeCustomer(app);
  const LINKED = 'C0LINKED01';
  const older = Array.from({ length: 49 }, (_, i) => `C0OLD${String(i).padStart(5, '0')}`);
  await app.setSettings(() => ({ clearedChannels: [LINKED, ...older] }));
  await linkSharedChannel(app, LINKED, code, ADMIN);
  await shared(DIGEST, 'Ev0MANY0001');
  await shared(TRIAGE, 'Ev0MANY0002');
  await unlink(LINKED);
  expect(await clearedNow()).toEqual([...older, DIGEST, TRIAGE, LINKED]);
  // A message owed to the oldest (written before its clear): not sent where the other
  // organisation reads.
  await app.desk.services.outbox.enqueue(await ctxOf(app, ADMIN), [
    { key: 'stale', kind: 'message', to: older[0]!, data: { message: { text: 'stale' } } },
  ]);
  await app.desk.outbox.drain();
  expect(app.fake.postsTo(older[0]!)).toHaveLength(0);
  expect((await app.db.models.outbox.findOne({ key: 'stale' }).lean())!.state).toBe('dropped');
});

test('a desk channel this instance found fit, linked to a customer since (through an instance whose cached settings did not name it yet): found at its next pass, cleared, the desk’s own message not posted there', async () => {
  const { ctxOf, makeCustomer } = await import('../helpers/factories.js');
  const customer = await makeCustomer(app);
  const message = async (key: string) => {
    await app.desk.services.outbox.enqueue(await ctxOf(app, ADMIN), [
      { key, kind: 'message', to: DIGEST, data: { message: { text: `INTERNAL ${key}` } } },
    ]);
    await app.desk.outbox.drain();
  };
  await message('first');
  expect(app.fake.postsTo(DIGEST)).toHaveLength(1);
  expect(app.fake.callsTo('conversations.info').map((c) => c.args.channel)).toEqual([DIGEST]);
  await linkByHand(DIGEST, customer);
  await message('second');
  expect(app.fake.postsTo(DIGEST)).toHaveLength(1);
  expect((await app.db.models.outbox.findOne({ key: 'second' }).lean())!.state).toBe('dropped');
  app.desk.services.workspaces.forget();
  expect((await stored()).channels).toEqual({ triage: TRIAGE });
  await app.desk.outbox.drain();
  expect(app.fake.postsTo(ADMIN).map((p) => String(p.args.text))).toEqual([
    expect.stringContaining('is a customer’s channel'),
  ]);
});

test('desk messages to a channel the settings do not name: whether it is linked is read once in a pass', async () => {
  const { ctxOf } = await import('../helpers/factories.js');
  const OTHER = 'C0REPORTS1';
  const ctx = await ctxOf(app, ADMIN);
  await app.desk.services.outbox.enqueue(ctx, [
    { key: 'one', kind: 'message', to: OTHER, data: { message: { text: 'one' } } },
    { key: 'two', kind: 'message', to: OTHER, data: { message: { text: 'two' } } },
  ]);
  const lookups = vi.spyOn(app.desk.services.channels, 'forChannel');
  try {
    await app.desk.outbox.drain();
    expect(lookups.mock.calls.filter(([, channel]) => channel === OTHER)).toHaveLength(1);
  } finally {
    lookups.mockRestore();
  }
  expect(app.fake.postsTo(OTHER)).toHaveLength(2);
});

test('a requester’s notice to an unlinked, unshared channel: Slack rate-limiting the check holds it until Retry-After, then it goes to their thread, not their DM', async () => {
  const { act } = await import('../helpers/factories.js');
  const {
    ticket: { number },
    inThread,
  } = await closedDeskTicketInFormer('Ev0RL429001');
  const dm = () => app.fake.postsTo('U0CUSTUSR1');
  const dmsBefore = dm().length;
  // Slack asks the desk to wait a second on conversations.info (a burst), nothing more.
  app.fake.rateLimitNext('conversations.info', 1);
  await act(app, number, { action: 'claim' });
  await app.desk.outbox.drain();
  expect(inThread()).toHaveLength(1);
  app.clock.advance(2_000);
  await app.desk.outbox.drain();
  expect({ thread: inThread().length, dms: dm().length - dmsBefore }).toEqual({
    thread: 2,
    dms: 0,
  });
});

test('a triage channel linked to a customer since this instance found it fit (through an instance whose cached settings did not name it yet): a claim and a /ticket new read the link with their ticket, not again as they deliver, and post nothing of the desk there', async () => {
  const { AGENT, makeCustomer } = await import('../helpers/factories.js');
  const { lastModalView } = await import('../helpers/clicks.js');
  const customer = await makeCustomer(app);
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  const fileTicket = async () => {
    await app.slack.command('/ticket', 'new Line 3 is down', { userId: AGENT });
    const form = {
      customer: customer.code,
      severity: 'general',
      type: 'after_sales',
      description: 'E42',
    };
    const res = await app.slack.submitView(lastModalView(app, 'views.open'), form, {
      userId: AGENT,
    });
    expect(res.status).toBe(200);
  };
  // Its card (and its thread's first line) posted in TRIAGE: the channel found fit.
  await fileTicket();
  expect(app.fake.postsTo(TRIAGE).length).toBeGreaterThan(0);
  const { number } = (await app.db.models.tickets.findOne().lean())!;
  const seen = () => app.fake.postsTo(TRIAGE).length;
  const before = seen();
  await linkByHand(TRIAGE, customer);
  const lookups = vi.spyOn(app.desk.services.channels, 'forChannel');
  try {
    const claimed = await app.slack.blockAction(
      { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    expect(claimed.status).toBe(200);
    expect((await app.db.models.tickets.findOne({ number }).lean())!.assigneeId).toBe(AGENT);
    // Its thread line not posted there, nor its card updated there (the customer reads it now:
    // forgotten, it waits for a triage channel); the channel cleared.
    expect(seen()).toBe(before);
    expect(app.fake.callsTo('chat.update').filter((c) => c.args.channel === TRIAGE)).toEqual([]);
    expect((await app.db.models.tickets.findOne({ number }).lean())!.card).toMatchObject({
      pending: true,
    });
    app.desk.services.workspaces.forget();
    expect((await stored()).channels.triage).toBeUndefined();
    // Set as triage again by an instance that does not know (its cache), a new ticket's card.
    await app.setSettings((s) => ({ channels: { ...s.channels, triage: TRIAGE } }));
    await fileTicket();
    expect(await app.db.models.tickets.countDocuments()).toBe(2);
    expect(seen()).toBe(before);
    app.desk.services.workspaces.forget();
    expect((await stored()).channels.triage).toBeUndefined();
    // Read with the ticket in the same request, not asked again by its delivery.
    expect(lookups.mock.calls.filter(([, channel]) => channel === TRIAGE)).toEqual([]);
  } finally {
    lookups.mockRestore();
  }
});

test('a new ticket whose message link Slack is slow to give (chat.getPermalink answering past LINKS_READ_FRESH_MS), the triage channel linked to a customer meanwhile: its delivery reads the link again, not the one read with the ticket, and posts nothing of the desk there', async () => {
  const { AGENT, makeCustomer } = await import('../helpers/factories.js');
  const { lastModalView } = await import('../helpers/clicks.js');
  const { LINKS_READ_FRESH_MS } = await import('../../src/notify/outbox.js');
  const customer = await makeCustomer(app);
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  await app.slack.messageShortcut(
    'ticket_from_message',
    { text: 'Line 3 is down, error E42', ts: '1795397400.000900' },
    { userId: AGENT, channelId: 'C0SUPPORT1' },
  );
  const held = app.fake.holdNext('chat.getPermalink');
  const lookups = vi.spyOn(app.desk.services.channels, 'forChannel');
  try {
    const submitted = app.slack.submitView(
      lastModalView(app, 'views.open'),
      { customer: customer.code, severity: 'general', type: 'after_sales' },
      { userId: AGENT },
    );
    // The ticket saved and read with the desk channels' links (TRIAGE linked to none); its
    // message's link asked of Slack, which answers late: TRIAGE linked meanwhile.
    await held.arrived;
    expect(await app.db.models.tickets.countDocuments()).toBe(1);
    app.clock.advance(LINKS_READ_FRESH_MS + 1_000);
    await linkByHand(TRIAGE, customer);
    held.release();
    expect((await submitted).status).toBe(200);
    const ticket = (await app.db.models.tickets.findOne().lean())!;
    expect(ticket.sourcePermalink).toContain('C0SUPPORT1');
    // Read again as the delivery went: no card in TRIAGE, the channel cleared.
    expect(app.fake.postsTo(TRIAGE)).toEqual([]);
    expect(lookups.mock.calls.filter(([, channel]) => channel === TRIAGE)).not.toEqual([]);
    app.desk.services.workspaces.forget();
    expect((await stored()).channels.triage).toBeUndefined();
  } finally {
    lookups.mockRestore();
  }
});

test('a ticket’s card in a former triage channel linked to a customer since (/desk channel link): the next claim does not update it where the customer reads; the cards there are forgotten and a new one is posted in the triage channel', async () => {
  const { AGENT, makeCustomer, makeTicket } = await import('../helpers/factories.js');
  const TRIAGE2 = 'C0TRIAGE02';
  const customer = await makeCustomer(app);
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  const ticket = await makeTicket(app, { customerCode: customer.code });
  const other = await makeTicket(app, { customerCode: customer.code });
  await app.desk.outbox.drain();
  const cardOf = async (number: string) =>
    (await app.db.models.tickets.findOne({ number }).lean())!.card;
  expect((await cardOf(ticket.number)).channel).toBe(TRIAGE);
  // The triage channel moved; the old one, with its cards, then becomes a customer's channel.
  await app.setSettings((s) => ({ channels: { ...s.channels, triage: TRIAGE2 } }));
  await linkByHand(TRIAGE, customer);
  app.fake.reset();
  const claimed = await app.slack.blockAction(
    { action_id: 'ticket_claim', value: ticket.number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE2 },
  );
  expect(claimed.status).toBe(200);
  await app.desk.outbox.drain();
  // Nothing of the desk's card touched or posted where the customer reads.
  expect(app.fake.callsTo('chat.update').filter((c) => c.args.channel === TRIAGE)).toEqual([]);
  expect(app.fake.postsTo(TRIAGE)).toEqual([]);
  // A new card, as it stands now, in the triage channel.
  const posted = app.fake.postsTo(TRIAGE2).filter((p) => !p.args.thread_ts);
  expect(posted).toHaveLength(1);
  expect(JSON.stringify(posted[0]!.args.blocks)).toContain(ticket.number);
  expect((await cardOf(ticket.number)).channel).toBe(TRIAGE2);
  // The other card there is forgotten too: its next update posts it anew, not there.
  expect(await cardOf(other.number)).toMatchObject({ pending: true });
  expect((await cardOf(other.number)).channel).toBeUndefined();
  // Nobody told: no setting named the channel.
  expect(app.fake.postsTo(ADMIN)).toEqual([]);
});
