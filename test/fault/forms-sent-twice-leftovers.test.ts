// The forms' leftovers of the sent-twice work (wave p42, forms4). New ticket from a linked
// channel's message (the "Create ticket" shortcut) delivered twice: its agent is confirmed once,
// with the first delivery's confirmation, never "this message already has a ticket" for their own
// submission (another agent's shortcut on that message still is). A merge cut short leaves its
// lock (the submission's claim id, who sent it): the daily key step takes it off once lapsed.
// A Merge delivered three times, at once or on two instances sharing the database: merged once,
// every delivery closing as saved (none "changed meanwhile" nor "busy").
// Through the real Bolt stack: signed view_submissions, the fake Slack, the test database.
import { beforeEach, describe, expect, onTestFinished, test, vi } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { TEST_SIGNING_SECRET, useTestApp } from '../helpers/app.js';
import { holdFirstMerge, mergeForm } from '../helpers/merge-hold.js';
import { AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { submittedTwice } from '../helpers/sent-twice.js';
import { SlackRequests } from '../helpers/slack-requests.js';
import { expectIndexCreated } from '../helpers/setups-7-db-commands.js';

const TRIAGE = 'C0TRIAGE01';
const ADMIN = 'U0ADMIN001';
const CUST = 'C0CUSTCH01';
const CUSTOMER_USER = 'U0CUSTUSR1';
type View = Record<string, any>;

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

let code = '';
beforeEach(async () => {
  code = (await makeCustomer(app)).code;
  await app.setSettings(() => ({ agents: [AGENT, ADMIN], openDesk: false }));
});

/** What each person was told privately (the modals' confirmations), as texts. */
const told = () => app.fake.callsTo('response_url').map((c) => String(c.args.text));
/** Everything posted or said ephemerally (a post, a DM, a private reply). */
const said = () =>
  app.fake.calls.filter((c) =>
    ['chat.postMessage', 'chat.postEphemeral', 'response_url'].includes(c.method),
  ).length;

describe('New ticket from a linked channel’s message, delivered twice', () => {
  /** CUST linked to the customer; the "Create ticket" modal `userId` opened on the message `ts`. */
  async function shortcutModal(ts: string, userId = AGENT): Promise<View> {
    await app.slack.command('/desk', `channel link ${code}`, { userId: ADMIN, channelId: CUST });
    await app.slack.messageShortcut(
      'ticket_from_message',
      { text: 'Invoice wrong', ts, user: CUSTOMER_USER },
      { userId, channelId: CUST },
    );
    // With the id Slack gives its deliveries (each delivery of one submission carries it).
    return {
      ...(app.fake.callsTo('views.open').at(-1)!.args.view as View),
      id: `V0SHORT${ts.slice(-4)}${userId.slice(2, 5)}`,
    };
  }
  const form = { severity: 'general', type: 'consultation' };

  test('one after the other: one ticket, its agent confirmed once (as created), nothing sent again', async () => {
    const view = await shortcutModal('1764000000.004100');
    const before = told().length;
    const { first, again } = await submittedTwice(app, view, form, AGENT);
    expect([first.body, again.body]).toEqual(['', '']);
    const tickets = await app.db.models.tickets.find({ teamId: FAKE_TEAM_ID }).lean();
    expect(tickets).toHaveLength(1);
    const mine = told().slice(before);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain(tickets[0]!.number);
    expect(mine[0]).not.toContain('already has ticket');
  });

  test('at the same moment: one ticket, one confirmation (the first’s), no "already has ticket"', async () => {
    const view = await shortcutModal('1764000000.004200');
    const before = told().length;
    const [a, b] = await Promise.all([
      app.slack.submitView(view, form, { userId: AGENT }),
      app.slack.submitView(view, form, { userId: AGENT }),
    ]);
    expect([a.body, b.body]).toEqual(['', '']);
    await app.desk.outbox.drain();
    expect(await app.db.models.tickets.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(1);
    const mine = told().slice(before);
    expect(mine).toHaveLength(1);
    expect(mine[0]).not.toContain('already has ticket');
  });

  test('another agent’s shortcut on that message is still told which ticket it has, once per submission', async () => {
    const ts = '1764000000.004300';
    const view = await shortcutModal(ts);
    await app.slack.submitView(view, form, { userId: AGENT });
    await app.desk.outbox.drain();
    const theirs = await shortcutModal(ts, ADMIN);
    const before = told().length;
    const calls = said();
    await app.slack.submitView(theirs, form, { userId: ADMIN });
    await app.slack.submitView(theirs, form, { userId: ADMIN });
    await app.desk.outbox.drain();
    expect(await app.db.models.tickets.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(1);
    const replies = told().slice(before);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('This message already has ticket');
    expect(said() - calls).toBe(1);
  });
});

const REQ = 'U0REQUEST1';

const ticketOf = async (number: string) =>
  (await app.db.models.tickets.findOne({ number }).lean()) as any;

describe('a merge cut short: its lapsed lock', () => {
  test('is taken off by the daily key step (no claim id, no user id left); a lock still held stays', async () => {
    const { t1, t2, view } = await mergeForm(app, code, 'V0MERGECUT1');
    // The merge dies after it took both tickets (its act and its let-go both failing, as a
    // process cut short): the lock stays, naming the submission's claim and AGENT.
    const svc = app.desk.services.tickets;
    const acts = vi.spyOn(svc, 'act').mockRejectedValue(new Error('the instance died mid-merge'));
    const lets = vi
      .spyOn(svc, 'unlockMerge')
      .mockRejectedValue(new Error('the instance died mid-merge'));
    onTestFinished(() => {
      acts.mockRestore();
      lets.mockRestore();
    });
    await app.slack.submitView(view, { target: t1.number }, { userId: AGENT });
    acts.mockRestore();
    lets.mockRestore();
    for (const n of [t1.number, t2.number])
      expect((await ticketOf(n)).mergeLock).toMatchObject({ by: AGENT, key: expect.any(String) });
    const stamps = [(await ticketOf(t1.number)).updatedAt, (await ticketOf(t2.number)).updatedAt];
    // A third ticket a merge holds now, at the run's time (another instance's, under way).
    const t3 = await makeTicket(app, { customerCode: code, title: 'Scanner offline' });
    const run = new Date('2026-11-26T01:00:00Z');
    const live = {
      op: 'live-merge',
      until: new Date(run.getTime() + 30_000),
      key: 'form:x',
      by: AGENT,
    };
    await app.db.models.tickets.updateOne({ number: t3.number }, { $set: { mergeLock: live } });

    // The next morning's run: lapsed under a day ago, it stays (a lock lapses in 30 s; a day
    // leaves any clock between instances far behind).
    await runJobAt(app, privacyRetentionJob, '2026-11-25T01:00:00Z');
    expect((await ticketOf(t2.number)).mergeLock).toBeDefined();
    // The day after: both taken off, nothing else of the tickets changed; the held one stays.
    const [ran] = await runJobAt(app, privacyRetentionJob, run.toISOString());
    expect([ran!.error, ran!.counts?.mergeLocks]).toEqual([undefined, 2]);
    const [a, b] = [await ticketOf(t1.number), await ticketOf(t2.number)];
    expect([a.mergeLock, b.mergeLock]).toEqual([undefined, undefined]);
    expect([a.updatedAt, b.updatedAt]).toEqual(stamps);
    expect((await ticketOf(t3.number)).mergeLock).toEqual(live);
    // AGENT named by one lock only: the one still held.
    expect(await app.db.models.tickets.countDocuments({ 'mergeLock.by': AGENT })).toBe(1);

    // Merged afterwards as any other ticket.
    await app.slack.blockAction(
      { action_id: 'ticket_merge_open', value: t2.number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    const again = {
      ...(app.fake.callsTo('views.open').at(-1)!.args.view as View),
      id: 'V0MERGECUT2',
    };
    expect((await app.slack.submitView(again, { target: t1.number }, { userId: AGENT })).body).toBe(
      '',
    );
    expect(await ticketOf(t2.number)).toMatchObject({ status: 'closed', mergedInto: t1.number });
  });

  test('the tickets index {mergeLock.until} is declared and created without error', async () => {
    await expectIndexCreated(app, 'tickets', { 'mergeLock.until': 1 });
  });
});

const merges = async (number: string) =>
  (await ticketOf(number)).timeline.filter((e: any) => e.action === 'merge').length;

/** What REQ (T2's requester) was told naming T1: the merge's step, once. */
const toldOfMerge = (t1: string) =>
  app.fake.postsTo(REQ).filter((c) => JSON.stringify(c.args).includes(t1));

describe('a Merge delivered three times', () => {
  test('at once on one instance, the first holding the tickets: all three close as saved; merged once, told once', async () => {
    const { t1, t2, view } = await mergeForm(app, code, 'V0MERGE3X1');
    const svc = app.desk.services.tickets;
    const hold = holdFirstMerge(svc, [svc]);
    const form = { target: t1.number, note: 'Same outage' };
    const first = app.slack.submitView(view, form, { userId: AGENT });
    await hold.reached;
    const second = app.slack.submitView(view, form, { userId: AGENT });
    const third = app.slack.submitView(view, form, { userId: AGENT });
    await hold.met(2);
    hold.release();
    expect([(await first).body, (await second).body, (await third).body]).toEqual(['', '', '']);
    await app.desk.outbox.drain();
    expect(await ticketOf(t2.number)).toMatchObject({ status: 'closed', mergedInto: t1.number });
    expect(await merges(t2.number)).toBe(1);
    expect(
      (await ticketOf(t1.number)).timeline.filter((e: any) => e.mergedFrom === t2.number),
    ).toHaveLength(1);
    expect(toldOfMerge(t1.number)).toHaveLength(1);
    expect(await app.db.models.tickets.countDocuments({ mergeLock: { $exists: true } })).toBe(0);
  });

  test('one after the other: the second and third close as saved, nothing written or said again', async () => {
    const { t1, t2, view } = await mergeForm(app, code, 'V0MERGE3X2');
    const form = { target: t1.number };
    expect((await app.slack.submitView(view, form, { userId: AGENT })).body).toBe('');
    await app.desk.outbox.drain();
    const calls = app.fake.calls.length;
    for (let i = 0; i < 2; i++)
      expect((await app.slack.submitView(view, form, { userId: AGENT })).body).toBe('');
    await app.desk.outbox.drain();
    expect(
      app.fake.calls
        .slice(calls)
        .map((c) => c.method)
        .filter((m) => !['users.info', 'conversations.info', 'auth.test', 'team.info'].includes(m)),
    ).toEqual([]);
    expect(await merges(t2.number)).toBe(1);
  });

  test('the delivery whose hold meets the duplicate merged by its own submission on its last attempt closes as saved, not "changed meanwhile"', async () => {
    const { t1, t2, view } = await mergeForm(app, code, 'V0MERGE3X3');
    const form = { target: t1.number };
    const svc = app.desk.services.tickets;
    const lockMerge = svc.lockMerge.bind(svc);
    let calls = 0;
    let other: Promise<{ body: unknown }> | undefined;
    // Its first two holds find a ticket classified meanwhile (check again); before its third,
    // another delivery of the same submission merges the tickets.
    const locks = vi.spyOn(svc, 'lockMerge').mockImplementation(async (...args) => {
      const call = ++calls;
      if (call <= 2) return null;
      if (call === 3) {
        other = app.slack.submitView(view, form, { userId: AGENT });
        await other;
      }
      return lockMerge(...args);
    });
    onTestFinished(() => locks.mockRestore());
    const res = await app.slack.submitView(view, form, { userId: AGENT });
    locks.mockRestore();
    expect([res.body, (await other!).body]).toEqual(['', '']);
    await app.desk.outbox.drain();
    expect(await ticketOf(t2.number)).toMatchObject({ status: 'closed', mergedInto: t1.number });
    expect(await merges(t2.number)).toBe(1);
    expect(toldOfMerge(t1.number)).toHaveLength(1);
  });
});

describe('a Merge delivered again on two instances sharing the database', () => {
  /** Another instance of the desk on the same database and fake Slack, and its signed requests. */
  async function otherInstance() {
    const other = app.instance('other');
    const port = await other.start();
    onTestFinished(() => other.stop());
    return {
      svc: other.services.tickets,
      slack: new SlackRequests(`http://127.0.0.1:${port}`, TEST_SIGNING_SECRET, app.fake),
    };
  }

  test('the first dies holding the tickets on one instance: the delivery waiting on the other merges them itself, once', async () => {
    const { t1, t2, view } = await mergeForm(app, code, 'V0MERGE2I1');
    const there = await otherInstance();
    const here = app.desk.services.tickets;
    const hold = holdFirstMerge(here, [here, there.svc], true);
    const form = { target: t1.number };
    const first = app.slack.submitView(view, form, { userId: AGENT });
    await hold.reached;
    const second = there.slack.submitView(view, form, { userId: AGENT });
    await hold.met(1);
    hold.release();
    await first;
    expect((await second).body).toBe('');
    await app.desk.outbox.drain();
    expect(await ticketOf(t2.number)).toMatchObject({ status: 'closed', mergedInto: t1.number });
    expect(await merges(t2.number)).toBe(1);
    expect(toldOfMerge(t1.number)).toHaveLength(1);
    expect(await app.db.models.tickets.countDocuments({ mergeLock: { $exists: true } })).toBe(0);
  });

  test('three deliveries, two on the instance merging and one on the other: all close as saved; merged once, told once', async () => {
    const { t1, t2, view } = await mergeForm(app, code, 'V0MERGE2I2');
    const there = await otherInstance();
    const here = app.desk.services.tickets;
    const hold = holdFirstMerge(here, [here, there.svc]);
    const form = { target: t1.number, note: 'Same outage' };
    const first = app.slack.submitView(view, form, { userId: AGENT });
    await hold.reached;
    const second = there.slack.submitView(view, form, { userId: AGENT });
    const third = app.slack.submitView(view, form, { userId: AGENT });
    await hold.met(2);
    hold.release();
    expect([(await first).body, (await second).body, (await third).body]).toEqual(['', '', '']);
    await app.desk.outbox.drain();
    expect(await ticketOf(t2.number)).toMatchObject({ status: 'closed', mergedInto: t1.number });
    expect(await merges(t2.number)).toBe(1);
    expect(toldOfMerge(t1.number)).toHaveLength(1);
    expect(await app.db.models.tickets.countDocuments({ mergeLock: { $exists: true } })).toBe(0);
  });
});
