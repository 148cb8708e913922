import { expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { HomeNotifier } from '../../src/notify/home.js';
import { TRANSIENT_MAX_ATTEMPTS } from '../../src/notify/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { claimOnCard } from '../helpers/clicks.js';
import { AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { failCalls } from '../helpers/faults.js';
import { countSlackFailedTries } from '../helpers/outbox-tries.js';
import { runJobAt } from '../helpers/jobs.js';
import { taskSteps } from '../helpers/tasks.js';

const MANAGER = 'U0MANAGER1';
const TRIAGE = 'C0TRIAGE01';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

async function homeOf(user: string): Promise<string> {
  await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
  const publish = app.fake.callsTo('views.publish').at(-1)!;
  expect(publish.args.user_id).toBe(user);
  return JSON.stringify(publish.args.view);
}

function resend(user: string) {
  return app.slack.blockAction(
    { action_id: 'home_resend_undelivered', value: 'dead', block_id: 'home_outbox' },
    { userId: user },
  );
}

/** MANAGER the desk's one manager, with no admins, and a customer: its code. */
async function managerOnly(): Promise<string> {
  await app.setSettings(() => ({ managers: [MANAGER], admins: [] }));
  return (await makeCustomer(app)).code;
}

/** The Homes published to MANAGER. */
const managerHomes = () =>
  app.fake.callsTo('views.publish').filter((c) => c.args.user_id === MANAGER);

/** The clock moved on `ms`, then a delivery pass. */
async function pass(ms: number) {
  app.clock.advance(ms);
  await app.desk.outbox.drain();
}

test('messages Slack refused through every retry are counted in /metrics and shown to managers on App Home, and sent again from there; others neither see nor resend them', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  expect(await homeOf(MANAGER)).toContain('Every Slack message the desk sent has been delivered.');

  // The app was never invited to the triage channel: the card, its thread and the DM fail, and
  // so does the DM telling the manager (no admin is set) that Slack refuses the channel.
  app.fake.failNext('chat.postMessage', 'not_in_channel', 100);
  const ticket = await makeTicket(app);
  expect(await homeOf(MANAGER)).toContain('4 Slack messages are waiting to be delivered');
  // The reply waits for its card and is given up with it (about five hours of back-off).
  for (let i = 0; i < 25; i++) {
    app.clock.advance(31 * 60_000);
    await app.desk.outbox.drain();
  }
  expect(await app.db.models.outbox.countDocuments({ state: 'dead' })).toBe(4);
  // The operator's view: the same four in the metrics, and the deliveries that gave up (the
  // card's and the two DMs': the reply went with its card).
  const metrics = await (await fetch(`${app.baseUrl}/metrics`)).text();
  expect(metrics).toContain('care_desk_outbox_entries{state="dead"} 4');
  expect(metrics).toContain('care_desk_outbox_entries{state="pending"} 0');
  expect(metrics).toContain('care_desk_outbox_deliveries_total{outcome="dead"} 3');
  expect(metrics).toMatch(/care_desk_outbox_deliveries_total\{outcome="failed"\} \d+/);
  expect(metrics).toContain('process_cpu_user_seconds_total');
  const home = await homeOf(MANAGER);
  expect(home).toContain('*4 Slack messages could not be delivered* after every retry');
  expect(home).toContain('`not_in_channel`');
  expect(home).toContain('home_resend_undelivered');

  // An agent's Home has no such section, and a crafted click changes nothing.
  const agentHome = await homeOf(AGENT);
  expect(agentHome).not.toContain('could not be delivered');
  expect(agentHome).not.toContain('home_resend_undelivered');
  expect((await resend(AGENT)).status).toBe(200);
  expect(await app.db.models.outbox.countDocuments({ state: 'dead' })).toBe(4);

  // The manager fixes the cause and sends them again: due now, and the tab says so.
  app.fake.reset();
  await resend(MANAGER);
  expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(4);
  expect(JSON.stringify(app.fake.callsTo('views.publish').at(-1)!.args.view)).toContain(
    '4 Slack messages are waiting to be delivered',
  );
  await app.desk.outbox.drain();
  expect(app.fake.tookPostsTo(MANAGER).map((c) => String(c.args.text))).toContainEqual(
    expect.stringContaining('Slack refused the desk in <#'),
  );
  const stored = await app.db.models.tickets.findOne({ number: ticket.number }).lean();
  expect(stored!.card!.pending).toBe(false);
  expect(stored!.accountManagerNotified).toBe(true);
  // The tab the manager is looking at says so once they went (the outbox refreshes it after the
  // pass that sent them), not only when it is opened again.
  app.clock.advance(5_000);
  await app.desk.outbox.drain();
  const shown = app.fake.callsTo('views.publish').filter((c) => c.args.user_id === MANAGER);
  expect(JSON.stringify(shown.at(-1)!.args.view)).toContain(
    'Every Slack message the desk sent has been delivered.',
  );
  expect(await homeOf(MANAGER)).toContain('Every Slack message the desk sent has been delivered.');
});

test("a thread reply whose ticket is gone before its card went out is not on the managers' Home as a message to send again (there is no thread to send it into), nor in the metrics' given-up count; Send again leaves it be; one given up so by an older version leaves the Home at the next outbox upkeep", async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  // The card fails once (a retry is due), and the ticket is deleted before the retry: the
  // card's entry is done with no message, and its first thread reply has nothing to go under.
  app.fake.failNext('chat.postMessage', 'internal_error');
  const ticket = await makeTicket(app, { title: 'Line 3 stopped' });
  await app.db.models.tickets.deleteOne({ _id: ticket.id });
  for (let pass = 0; pass < 4; pass++) {
    app.clock.advance(31_000);
    await app.desk.outbox.drain();
  }
  const replies = { 'thread.parentKey': `card:${ticket.id}` };
  expect(await app.db.models.outbox.countDocuments(replies)).toBeGreaterThan(0);
  expect(await app.db.models.outbox.countDocuments({ ...replies, state: 'pending' })).toBe(0);
  expect(app.fake.tookPostsTo(TRIAGE)).toEqual([]);

  const home = await homeOf(MANAGER);
  expect(home).toContain('Every Slack message the desk sent has been delivered.');
  expect(home).not.toContain('could not be delivered');
  expect(home).not.toContain('thread_parent_gone');
  expect(home).not.toContain('home_resend_undelivered');
  const metrics = await (await fetch(`${app.baseUrl}/metrics`)).text();
  expect(metrics).toContain('care_desk_outbox_entries{state="dead"} 0');

  // A Send again (a crafted click: the Home offers none) does not make it owed again.
  await resend(MANAGER);
  expect(await app.db.models.outbox.countDocuments({ ...replies, state: 'pending' })).toBe(0);

  // As an older version left it: given up with that reason, listed with Send again.
  await app.db.models.outbox.updateMany(replies, { $set: { state: 'dead' } });
  expect(await homeOf(MANAGER)).toContain('home_resend_undelivered');
  await runJobAt(app, outboxJob, '2026-11-24T02:10:00Z');
  const later = await homeOf(MANAGER);
  expect(later).toContain('Every Slack message the desk sent has been delivered.');
  expect(later).not.toContain('home_resend_undelivered');
  expect(await app.db.models.outbox.countDocuments({ ...replies, state: 'dead' })).toBe(0);
  // Forgotten 30 days on, as given-up messages are.
  await runJobAt(app, outboxJob, '2026-12-25T02:10:00Z');
  expect(await app.db.models.outbox.countDocuments(replies)).toBe(0);
});

test("the managers' and admins' Homes are not refreshed for a message Slack's rate limit only held back, and for messages that failed at most once a minute per workspace, the last showing them all", async () => {
  const managers = ['U0MANAGER1', 'U0MANAGER2', 'U0MANAGER3', 'U0MANAGER4', 'U0MANAGER5'];
  const staff = [...managers, 'U0ADMIN001'];
  await app.setSettings(() => ({ managers, admins: ['U0ADMIN001'] }));
  const { code: customerCode } = await makeCustomer(app);
  const published = () =>
    app.fake.callsTo('views.publish').filter((c) => staff.includes(String(c.args.user_id)));
  const owed = () =>
    app.db.models.outbox.collection.countDocuments({ kind: { $ne: 'home' }, state: 'pending' });
  const passes = async (n: number, ms: number) => {
    for (let i = 0; i < n; i++) {
      app.clock.advance(ms);
      await app.desk.outbox.drain();
    }
  };

  /** A ticket, its card answered `fail` first; the Homes its creation refreshed published. */
  const ticketFailing = async (title: string, fail: () => void) => {
    fail();
    await makeTicket(app, { title, customerCode });
    await passes(1, 4_000);
    app.fake.reset();
  };

  // Slack asks to wait 20 s: the card is held (no try counted), then goes. Nothing the Homes
  // count changed for long (a message that went at its first try): no Home is published.
  await ticketFailing('Held by a rate limit', () => app.fake.rateLimitNext('chat.postMessage', 20));
  expect(await app.db.models.outbox.countDocuments({ lastError: 'ratelimited' })).toBe(1);
  await passes(1, 17_000);
  expect(await owed()).toBe(0);
  await passes(1, 4_000);
  expect(published()).toEqual([]);

  // A card that failed once goes on its retry (30 s on): the Homes are refreshed, once each.
  await ticketFailing('Failed once', () => app.fake.failNext('chat.postMessage', 'internal_error'));
  await passes(1, 27_000);
  expect(await owed()).toBe(0);
  await passes(1, 4_000);
  expect(published().map((c) => c.args.user_id)).toEqual(staff);

  // Another one, sent 35 s later: within the minute, the refresh waits for its end (none
  // before)...
  app.fake.reset();
  await ticketFailing('Failed once more', () =>
    app.fake.failNext('chat.postMessage', 'internal_error'),
  );
  await passes(1, 27_000);
  expect(await owed()).toBe(0);
  await passes(1, 4_000);
  await passes(1, 20_000);
  expect(published()).toEqual([]);
  // ...then each Home is published once, saying the messages went.
  await passes(1, 4_000);
  expect(published().map((c) => c.args.user_id)).toEqual(staff);
  expect(JSON.stringify(published().at(-1)!.args.view)).toContain(
    'Every Slack message the desk sent has been delivered.',
  );
});

test("a refresh of the managers' Homes put off to the minute's end is not lost when their Home went out sooner for another change, nor holds back one asked for in 3 s", async () => {
  const managers = ['U0MANAGER1'];
  await app.setSettings(() => ({ managers, admins: [] }));
  const { code: customerCode } = await makeCustomer(app);
  // A card failing once, then sent: the managers' Homes refreshed (the minute's claim taken).
  app.fake.failNext('chat.postMessage', 'internal_error');
  await makeTicket(app, { title: 'A', customerCode });
  await pass(4_000);
  await pass(30_000);
  await pass(4_000);
  // Two more cards failing once, a little apart.
  app.fake.failNext('chat.postMessage', 'internal_error');
  await makeTicket(app, { title: 'B', customerCode });
  await pass(1_000);
  app.clock.advance(2_000);
  app.fake.failNext('chat.postMessage', 'internal_error');
  await makeTicket(app, { title: 'D', customerCode });
  await pass(1_000);
  // Another change asks for the manager's Home in 3 s; B goes meanwhile (the refresh it asks for
  // is put off to the minute's end and meets the one owed), then D, within the minute.
  await pass(25_000);
  await new HomeNotifier(app.desk.services.outbox).refresh(
    await ctxOf(app, 'U0MANAGER1'),
    managers,
  );
  await pass(1_000);
  await pass(2_500);
  const beforeD = managerHomes().length;
  expect(beforeD).toBeGreaterThan(0); // the one asked for in 3 s went out in about 3 s
  app.fake.reset();
  await pass(2_000);
  await pass(2_000);
  for (let i = 0; i < 30; i++) await pass(5_000);
  // D's delivery is shown: the Home published again once the minute ended.
  expect(JSON.stringify(managerHomes().at(-1)?.args.view)).toContain(
    'Every Slack message the desk sent has been delivered.',
  );
  expect(managerHomes().length).toBeLessThanOrEqual(2);
});

test("the managers' Homes asked for after a delivery pass whose write failed (the database) are asked for again at the next pass, not left for the rest of the minute", async () => {
  const customerCode = await managerOnly();
  // A card failing once; the Homes its creation asked for go out.
  app.fake.failNext('chat.postMessage', 'internal_error');
  await makeTicket(app, { title: 'Failed once', customerCode });
  await pass(4_000);
  app.fake.reset();
  // Its retry goes, and the write of the managers' Homes it asks for fails once.
  const since = app.logs.length;
  const restore = failCalls(app.desk.services.outbox, 'enqueue', {
    when: (_ctx, entries) => entries.some((e) => e.kind === 'home'),
  });
  try {
    await pass(27_000);
  } finally {
    restore();
  }
  expect(
    await app.db.models.outbox.collection.countDocuments({
      kind: { $ne: 'home' },
      state: 'pending',
    }),
  ).toBe(0);
  expect(managerHomes()).toEqual([]);
  expect(app.logs.slice(since)).toContainEqual(
    expect.objectContaining({
      msg: 'outbox: managers’ Homes not refreshed after delivery, asked again after the next pass',
    }),
  );
  // The next pass, past the seconds the claim was for, asks again (nothing else changed; the
  // claim was given back), and the Home goes out a few seconds on, not at the minute's end.
  await pass(5_000);
  await pass(4_000);
  expect(managerHomes()).toHaveLength(1);
  expect(JSON.stringify(managerHomes()[0]!.args.view)).toContain(
    'Every Slack message the desk sent has been delivered.',
  );
});

test("a workspace whose managers' Homes keep failing is asked again a few seconds on once, then once a minute (not at every pass), warned of once", async () => {
  await app.setSettings(() => ({ managers: [MANAGER], admins: [] }));
  const { code: customerCode } = await makeCustomer(app);
  app.fake.failNext('chat.postMessage', 'internal_error');
  await makeTicket(app, { title: 'Failed once', customerCode });
  app.clock.advance(4_000);
  await app.desk.outbox.drain();
  const since = app.logs.length;
  let tries = 0;
  const restore = failCalls(app.desk.services.outbox, 'enqueue', {
    times: 1_000,
    when: (_ctx, entries) => entries.some((e) => e.kind === 'home') && ++tries > 0,
  });
  try {
    // Its retry goes, the Homes it asks for fail; then a pass every 4 s for two minutes.
    for (let i = 0; i < 31; i++) {
      app.clock.advance(i ? 4_000 : 27_000);
      await app.desk.outbox.drain();
    }
  } finally {
    restore();
  }
  // The first, its retry a few seconds on, then one a minute (on the old code: one a pass).
  expect(tries).toBeGreaterThanOrEqual(3);
  expect(tries).toBeLessThanOrEqual(4);
  const said = app.logs
    .slice(since)
    .filter((l) =>
      String(l.msg).startsWith('outbox: managers’ Homes not refreshed after delivery'),
    );
  expect(said.filter((l) => l.level === 40)).toHaveLength(1);
  expect(said.filter((l) => l.level === 30)).toHaveLength(tries - 1);
});

test("the managers' Homes a pass could not write are asked for by another instance's pass when the first one stops (owed in the database, not in one process), and once only", async () => {
  const customerCode = await managerOnly();
  // A card failing once; the Homes its creation asked for go out.
  app.fake.failNext('chat.postMessage', 'internal_error');
  await makeTicket(app, { title: 'Failed once', customerCode });
  app.clock.advance(4_000);
  await app.desk.outbox.drain();
  app.fake.reset();
  // Instance A's pass sends its retry, and the write of the managers' Homes fails; A stops.
  const restore = failCalls(app.desk.services.outbox, 'enqueue', {
    when: (_ctx, entries) => entries.some((e) => e.kind === 'home'),
  });
  try {
    app.clock.advance(27_000);
    await app.desk.outbox.drain();
  } finally {
    restore();
  }
  expect(managerHomes()).toEqual([]);
  // Instance B, on the same database, never delivered anything of this workspace.
  const b = app.instance('b');
  try {
    for (let i = 0; i < 2; i++) {
      app.clock.advance(5_000);
      await b.outbox.drain();
    }
    expect(managerHomes()).toHaveLength(1);
    expect(JSON.stringify(managerHomes()[0]!.args.view)).toContain(
      'Every Slack message the desk sent has been delivered.',
    );
    // Written, so no longer owed: past the minute, neither instance's pass asks again.
    app.clock.advance(61_000);
    await b.outbox.drain();
    await app.desk.outbox.drain();
    app.clock.advance(5_000);
    await b.outbox.drain();
    expect(managerHomes()).toHaveLength(1);
  } finally {
    await b.stop();
  }
});

test("a message the request gives up as it delivers it (a DM to a person Slack no longer delivers to) refreshes the managers' Homes, as a pass giving one up does", async () => {
  const GONE = 'U0LEAVER01';
  await app.setSettings(() => ({ managers: [MANAGER], admins: [] }));
  const { code } = await makeCustomer(app);
  app.fake.reset();
  app.fake.refuseChannel(GONE, 'user_not_found');
  const { newTask } = taskSteps(app);
  const { res } = await newTask(OWNER, {
    customer: code,
    kind: 'call',
    executor: GONE,
    due: '2026-11-27',
    content: 'Call about the spring order',
  });
  expect(res.body).toBe('');
  expect(await app.db.models.outbox.countDocuments({ to: GONE, state: 'dead' })).toBe(1);
  // Nothing else asks for the manager's Home: the give-up does, a few seconds on.
  for (let i = 0; i < 2; i++) {
    app.clock.advance(4_000);
    await app.desk.outbox.drain();
  }
  const shown = app.fake.callsTo('views.publish').filter((c) => c.args.user_id === MANAGER);
  expect(shown).toHaveLength(1);
  expect(JSON.stringify(shown[0]!.args.view)).toContain(
    `First reason: \`user_not_found\` (to <@${GONE}>)`,
  );
});

test("a request's own delivery leaves another workspace's owed Homes to the worker's pass (no claim, no read for it inside the request)", async () => {
  const OTHER = 'T0OTHER001';
  await app.setSettings(() => ({ managers: [MANAGER], admins: [] }));
  const { code } = await makeCustomer(app);
  // Seeded: this instance owes OTHER's managers' Homes (an earlier pass could not write them).
  (app.desk.outbox as unknown as { homesOwed: Set<string> }).homesOwed.add(OTHER);
  const outbox = app.desk.services.outbox;
  const original = outbox.claimHomesRefresh;
  const claimed: string[] = [];
  outbox.claimHomesRefresh = ((teamId, ...rest) => {
    claimed.push(teamId);
    return original.call(outbox, teamId, ...rest);
  }) as typeof original;
  try {
    app.fake.reset();
    const { newTask } = taskSteps(app);
    const { res } = await newTask(OWNER, {
      customer: code,
      kind: 'call',
      executor: AGENT,
      due: '2026-11-27',
      content: 'Call about the spring order',
    });
    expect(res.body).toBe('');
    // The request delivered its own DM, and asked nothing for the other workspace.
    expect(app.fake.postsTo(AGENT)).toHaveLength(1);
    expect(claimed).not.toContain(OTHER);
    // The worker's pass asks for it.
    await app.desk.outbox.drain();
    expect(claimed).toContain(OTHER);
  } finally {
    outbox.claimHomesRefresh = original;
  }
});

test("a claim of the managers' Homes given back after another instance relied on it is left be: no second refresh within the minute", async () => {
  // Two instances' workers, as they share the database: A claims, B (a second on) relies on A's
  // time, A's write fails and it gives its claim back, C asks 10 s on.
  const outbox = app.desk.services.outbox;
  const t0 = app.clock.now();
  const at = (ms: number) => new Date(t0.getTime() + ms);
  const a = await outbox.claimHomesRefresh('T0TEAM0001', t0, at(3_000), 60_000);
  expect(a).toMatchObject({ at: at(3_000), from: null });
  const b = await outbox.claimHomesRefresh('T0TEAM0001', at(1_000), at(4_000), 60_000);
  expect(b).toMatchObject({ at: at(3_000) });
  expect(b).not.toHaveProperty('from');
  await outbox.releaseHomesRefresh('T0TEAM0001', a!);
  // C's refresh is put off to the end of the minute of the one B wrote (not claimed at once).
  expect(
    await outbox.claimHomesRefresh('T0TEAM0001', at(10_000), at(13_000), 60_000),
  ).toMatchObject({ at: at(63_000), from: at(3_000) });
  // Nobody relied on it: given back, the next caller claims it again (from where it was).
  const d = await outbox.claimHomesRefresh('T0TEAM0002', t0, at(3_000), 60_000);
  await outbox.releaseHomesRefresh('T0TEAM0002', d!);
  expect(await outbox.claimHomesRefresh('T0TEAM0002', at(1_000), at(4_000), 60_000)).toMatchObject({
    at: at(4_000),
    from: new Date(0),
  });
});

test("a Home refresh Slack fails for a moment (internal_error, HTTP 503) is tried again with the usual back-off, not recorded as done: the agent's Home comes to show the ticket they claimed; one Slack refuses (user_not_found) is not tried again", async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  const ticket = await makeTicket(app);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  app.fake.reset();
  const mine = () => app.fake.callsTo('views.publish').filter((c) => c.args.user_id === AGENT);

  expect((await claimOnCard(app, ticket.number, AGENT, TRIAGE)).assigneeId).toBe(AGENT);
  app.fake.failNext('views.publish', 'internal_error');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(mine().map((c) => c.outcome)).toEqual(['error']);
  expect(app.logs.some((l) => l.msg === 'outbox: App Home not published')).toBe(false);
  // 30 s on (the first back-off), Slack fails again (a 5xx), then a minute on it takes it.
  app.fake.failNextHttp('views.publish', 503);
  app.clock.advance(30_000);
  await app.desk.outbox.drain();
  expect(mine().map((c) => c.outcome)).toEqual(['error', 'http']);
  app.clock.advance(60_000);
  await app.desk.outbox.drain();
  expect(mine().map((c) => c.outcome)).toEqual(['error', 'http', 'ok']);
  expect(JSON.stringify(mine().at(-1)!.args.view)).toContain(ticket.number);
  app.clock.advance(10 * 60_000);
  await app.desk.outbox.drain();
  expect(mine()).toHaveLength(3);

  // A refusal will not change by asking again: recorded as done, not tried again.
  app.fake.failNext('views.publish', 'user_not_found');
  await new HomeNotifier(app.desk.services.outbox).refresh(await ctxOf(app, AGENT), [AGENT]);
  app.clock.advance(4_000);
  await app.desk.outbox.drain();
  expect(mine().at(-1)!.outcome).toBe('error');
  expect(app.logs.some((l) => l.msg === 'outbox: App Home not published')).toBe(true);
  app.clock.advance(10 * 60_000);
  await app.desk.outbox.drain();
  expect(mine()).toHaveLength(4);
});

test('a Home refresh one instance failed to publish (Slack failing) is published by another at its next try, and a change written after goes out after it, each once, never again by the first', async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  const { code: customerCode } = await makeCustomer(app);
  const first = await makeTicket(app, { title: 'First of two', customerCode });
  const second = await makeTicket(app, { title: 'Second of two', customerCode });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  app.fake.reset();
  const mine = () => app.fake.callsTo('views.publish').filter((c) => c.args.user_id === AGENT);

  await claimOnCard(app, first.number, AGENT, TRIAGE);
  app.fake.failNext('views.publish', 'service_unavailable');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(mine().map((c) => c.outcome)).toEqual(['error']);
  const b = app.instance('b');
  try {
    // The try after the back-off is B's; A's pass finds nothing owed.
    app.clock.advance(30_000);
    await b.outbox.drain();
    await app.desk.outbox.drain();
    expect(mine().map((c) => c.outcome)).toEqual(['error', 'ok']);
    expect(JSON.stringify(mine().at(-1)!.args.view)).toContain(first.number);
    // A change after it: published once more, drawn after it, whichever instance goes first.
    await claimOnCard(app, second.number, AGENT, TRIAGE);
    app.clock.advance(4_000);
    await app.desk.outbox.drain();
    await b.outbox.drain();
    app.clock.advance(5 * 60_000);
    await b.outbox.drain();
    await app.desk.outbox.drain();
  } finally {
    await b.stop();
  }
  expect(mine().map((c) => c.outcome)).toEqual(['error', 'ok', 'ok']);
  const view = JSON.stringify(mine().at(-1)!.args.view);
  expect(view).toContain(first.number);
  expect(view).toContain(second.number);
});

test("opening Home publishes with the hash of the view Slack sent with the event: an outbox refresh published since (a change meanwhile) stands, and Slack's hash_conflict is no error", async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  const ticket = await makeTicket(app, { title: 'Printer offline' });
  const mine = () => app.fake.callsTo('views.publish').filter((c) => c.args.user_id === AGENT);
  // Opened: published, its hash what Slack sends with the next opening.
  await app.slack.event({ type: 'app_home_opened', user: AGENT, tab: 'home' });
  const seen = mine().at(-1)!;
  expect(seen.outcome).toBe('ok');
  expect(JSON.stringify(seen.args.view)).not.toContain('Printer offline');
  const hash = String((seen.answer as { view: { hash: string } }).view.hash);
  await app.slack.event({ type: 'app_home_opened', user: AGENT, tab: 'home', view: { hash } });
  expect(mine().at(-1)!.args.hash).toBe(hash);
  expect(mine().at(-1)!.outcome).toBe('ok');
  const opened = String((mine().at(-1)!.answer as { view: { hash: string } }).view.hash);

  // A claim's refresh goes out after the tab was opened (with `opened`), before its publish.
  await claimOnCard(app, ticket.number, AGENT, TRIAGE);
  app.clock.advance(4_000);
  await app.desk.outbox.drain();
  expect(mine().at(-1)!.outcome).toBe('ok');
  expect(JSON.stringify(mine().at(-1)!.args.view)).toContain('Printer offline');
  const fresh = mine().at(-1)!;
  const res = await app.slack.event({
    type: 'app_home_opened',
    user: AGENT,
    tab: 'home',
    view: { hash: opened },
  });
  expect(res.status).toBe(200);
  expect(mine().at(-1)!.args.hash).toBe(opened);
  expect(mine().at(-1)!.outcome).toBe('error');
  expect(
    mine()
      .filter((c) => c.outcome === 'ok')
      .at(-1),
  ).toBe(fresh);
  expect(app.logs.filter((l) => l.msg === 'listener failed')).toEqual([]);
  // A view whose hash is not as expected is no reason to refuse the event: published without.
  await app.slack.event({ type: 'app_home_opened', user: AGENT, tab: 'home', view: { hash: 42 } });
  expect(mine().at(-1)!.args.hash).toBeUndefined();
  expect(mine().at(-1)!.outcome).toBe('ok');
});

// A Home Slack refuses is not tried again (the next change or visit publishes it): only Slack
// failing as a whole tries it again, so its last try is the TRANSIENT_MAX_ATTEMPTS-th.
test("a change written while a Home refresh's last try fails (Slack failing, the 150th) is not given up with it: the Home is tried again and published with the change; given up with no change during it, the next change still publishes it", async () => {
  const {
    tickets: [first, second, third],
    mine,
    tries,
    entry,
  } = await agentsOwnTickets('First of three', 'Second of three', 'Third of three');
  await claimOnCard(app, first.number, AGENT, TRIAGE);
  await failTries(entry, TRANSIENT_MAX_ATTEMPTS - 1);
  // The last try: Slack holds it; the agent claims another ticket meanwhile; then Slack fails it.
  await claimDuringFailedTry(second.number);
  expect(await entry()).toMatchObject({ state: 'pending' });
  app.clock.advance(31 * 60_000);
  await app.desk.outbox.drain();
  expect(mine()).toHaveLength(1);
  const view = JSON.stringify(mine()[0]!.args.view);
  expect(view).toContain(first.number);
  expect(view).toContain(second.number);

  // Every try failed with no change during any: given up; a change after still publishes it.
  await new HomeNotifier(app.desk.services.outbox).refresh(await ctxOf(app, AGENT), [AGENT]);
  await failTries(entry, TRANSIENT_MAX_ATTEMPTS - 1);
  app.fake.failNext('views.publish', 'internal_error');
  app.clock.advance(31 * 60_000);
  await app.desk.outbox.drain();
  expect(await entry()).toMatchObject({ state: 'dead' });
  const failed = tries().length;
  await claimOnCard(app, third.number, AGENT, TRIAGE);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(tries()).toHaveLength(failed + 1);
  expect(mine()).toHaveLength(2);
  expect(JSON.stringify(mine()[1]!.args.view)).toContain(third.number);
});

test("a change written while a Home refresh's try fails is published when that change asked (seconds on), not after the failed try's back-off; a try failing with no change during it waits its back-off", async () => {
  const {
    tickets: [first, second],
    mine,
    tries,
    entry,
  } = await agentsOwnTickets('First of two', 'Second of two');

  await claimOnCard(app, first.number, AGENT, TRIAGE);
  // Six tries Slack fails: the next one's back-off is 30 minutes.
  await failTries(entry, 6);

  // The 7th try: Slack holds it; the agent claims another ticket meanwhile; then Slack fails it.
  await claimDuringFailedTry(second.number);
  expect(await entry()).toMatchObject({ state: 'pending', attempts: 7 });
  // Seconds on, as the claim asked: tried again (Slack fails it once more, no change during it).
  app.fake.failNext('views.publish', 'internal_error');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(tries()).toHaveLength(8);
  expect(mine()).toHaveLength(0);
  // That try had no change during it: its back-off (30 minutes) stands.
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(tries()).toHaveLength(8);
  app.clock.advance(31 * 60_000);
  await app.desk.outbox.drain();
  expect(mine()).toHaveLength(1);
  const view = JSON.stringify(mine()[0]!.args.view);
  expect(view).toContain(first.number);
  expect(view).toContain(second.number);
});

/** The tries `failTries` makes for real (the 6th try's back-off test makes all of its own). */
const REAL_TRIES = 7;

/**
 * `count` tries of the agent's Home Slack fails (`internal_error`), each after its back-off (the
 * longest 30 min): none armed left, its outbox `entry` still pending after that many attempts.
 * The first REAL_TRIES are made by the pass, the rest only counted (`countSlackFailedTries`), so
 * that the 150th try's tests spend a few passes getting there, not 150.
 */
async function failTries(entry: () => Promise<{ state: string; attempts: number }>, count: number) {
  const real = Math.min(count, REAL_TRIES);
  app.fake.failNext('views.publish', 'internal_error', real);
  for (let i = 0; i < real; i++) {
    app.clock.advance(31 * 60_000);
    await app.desk.outbox.drain();
  }
  expect(app.fake.armedLeft('views.publish')).toBe(0);
  expect(await entry()).toMatchObject({ state: 'pending', attempts: real });
  if (count > real) await countSlackFailedTries(app, `home:${AGENT}`, count);
  expect(await entry()).toMatchObject({ state: 'pending', attempts: count });
}

/**
 * The agent's Home's next try, after a 30-min back-off: Slack holds it, the agent claims ticket
 * `number` on its card meanwhile, then Slack fails it.
 */
async function claimDuringFailedTry(number: string) {
  const held = app.fake.holdNext('views.publish');
  app.clock.advance(31 * 60_000);
  const pass = app.desk.outbox.drain();
  await held.arrived;
  await claimOnCard(app, number, AGENT, TRIAGE);
  held.release('internal_error');
  await pass;
}

/**
 * The agent owns a customer with a ticket of each title (a claim then redraws no other Home:
 * Slack's failures are theirs), the outbox delivered and the fake's record cleared; with what
 * Slack was sent for the agent's Home and its outbox entry.
 */
async function agentsOwnTickets<Titles extends string[]>(...titles: Titles) {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [AGENT] }));
  const { code: customerCode } = await makeCustomer(app, { ownerId: AGENT });
  type Made = Awaited<ReturnType<typeof makeTicket>>;
  const made: Made[] = [];
  for (const title of titles) made.push(await makeTicket(app, { title, customerCode }));
  const tickets = made as { [K in keyof Titles]: Made };
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  app.fake.reset();
  return {
    tickets,
    mine: () => app.fake.homesPublishedTo(AGENT),
    tries: () => app.fake.callsTo('views.publish').filter((c) => c.args.user_id === AGENT),
    entry: async () => (await app.db.models.outbox.findOne({ key: `home:${AGENT}` }).lean())!,
  };
}
