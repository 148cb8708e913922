// A ticket's follower added before the desk checked followers against Slack (or whose account
// Slack moved to another organisation since): the daily tasks run asks users.info about the open
// tickets' followers (remembered: one asked already this run, an owner, is not asked again) and
// takes one Slack describes as of another organisation (src/slack/organisation.ts) off the
// followers of every open ticket, so that the next step is DMed to the staff follower only.
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { claimOnCard } from '../helpers/clicks.js';
import { AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import type { FakeUser } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const TRIAGE = 'C0TRIAGE01';
const STAFF = 'U0STAFF001';
const EXT = 'U0EXTERN01';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});

const ticket = (number: string) => app.db.models.tickets.findOne({ number }).lean();
const infoAsked = (user: string) =>
  app.fake.callsTo('users.info').filter((c) => c.args.user === user).length;

const ANSWERS: [string, Partial<FakeUser>][] = [
  ['another organisation’s workspace (Slack Connect)', { team: 'T0OTHERORG' }],
  ['another Enterprise Grid org', { enterprise: { id: 'E0OTHERORG', teams: ['T0OTHERWS1'] } }],
  ['no channel shared with the workspace (is_stranger)', { is_stranger: true }],
];

test.each(ANSWERS)(
  'a follower Slack says is of %s: the daily run takes them off the open tickets; the next step DMs the staff follower, not them',
  async (_what, said) => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    app.fake.users.set(STAFF, { id: STAFF, real_name: 'Li Na', team: FAKE_TEAM_ID });
    app.fake.users.set(EXT, { id: EXT, real_name: 'Sam Ext', ...said });
    try {
      const { code } = await makeCustomer(app);
      const open = await makeTicket(app, { customerCode: code, title: 'Line 3 is down' });
      const other = await makeTicket(app, { customerCode: code, title: 'Spindle again' });
      await app.desk.outbox.drain();
      // Followers saved before anyone checked them (the owner follows too: asked once this run).
      for (const t of [open, other])
        await app.db.models.tickets.updateOne(
          { _id: t.id },
          { $set: { followers: [STAFF, EXT, OWNER] } },
        );

      app.fake.reset();
      const [run] = await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
      expect(run!.counts).toMatchObject({
        followersChecked: 3,
        followersExternalRemoved: 1,
        followerTicketsChanged: 2,
      });
      // One users.info each, the owner's answer (the owners' check) read again from memory.
      expect(infoAsked(EXT)).toBe(1);
      expect(infoAsked(STAFF)).toBe(1);
      expect(infoAsked(OWNER)).toBe(1);
      expect((await ticket(open.number))!.followers).toEqual([STAFF, OWNER]);
      expect((await ticket(other.number))!.followers).toEqual([STAFF, OWNER]);
      app.clock.advance(10_000);
      await app.desk.outbox.drain();

      // A step through the card's Claim: the staff follower is told, the external one not.
      app.fake.reset();
      expect((await claimOnCard(app, open.number, AGENT, TRIAGE)).assigneeId).toBe(AGENT);
      app.clock.advance(10_000);
      await app.desk.outbox.drain();
      expect(JSON.stringify(app.fake.postsTo(STAFF))).toContain(open.number);
      expect(app.fake.postsTo(EXT)).toEqual([]);

      // The next day: nothing left to take off, nobody asked about twice in a run.
      app.fake.reset();
      const [again] = await runJobAt(app, tasksJob, '2026-11-26T01:00:00Z');
      expect(again!.counts).toMatchObject({ followersExternalRemoved: 0 });
      expect(infoAsked(EXT)).toBe(0);
    } finally {
      app.fake.users.delete(STAFF);
      app.fake.users.delete(EXT);
    }
  },
);

test('a follower Slack says is a guest of the workspace stays (a guest may follow), and one Slack does not describe stays too', async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  app.fake.users.set(STAFF, {
    id: STAFF,
    real_name: 'Li Na',
    team: FAKE_TEAM_ID,
    is_restricted: true,
  });
  try {
    const { code } = await makeCustomer(app);
    const open = await makeTicket(app, { customerCode: code });
    await app.db.models.tickets.updateOne({ _id: open.id }, { $set: { followers: [STAFF, EXT] } });
    const [run] = await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
    expect(run!.counts).toMatchObject({ followersExternalRemoved: 0 });
    expect((await ticket(open.number))!.followers).toEqual([STAFF, EXT]);
  } finally {
    app.fake.users.delete(STAFF);
  }
});

test('with more than 100 followers of open tickets, each day asks 100 of them, a different slice: every one is asked within two days', async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  const { code } = await makeCustomer(app);
  const people = Array.from({ length: 101 }, (_, i) => `U0FOL${String(i).padStart(5, '0')}`);
  for (let i = 0; i < 6; i++) {
    const t = await makeTicket(app, { customerCode: code });
    const followers = people.slice(i * 17, i * 17 + 17);
    await app.db.models.tickets.updateOne({ _id: t.id }, { $set: { followers } });
  }
  const asked = () =>
    new Set(
      app.fake
        .callsTo('users.info')
        .map((c) => String(c.args.user))
        .filter((u) => people.includes(u)),
    );
  app.fake.reset();
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  const first = asked();
  expect(first.size).toBe(100);
  app.fake.reset();
  await runJobAt(app, tasksJob, '2026-11-26T01:00:00Z');
  const second = asked();
  expect(second.size).toBe(100);
  expect(new Set([...first, ...second]).size).toBe(101);
});

test('a step DM written for the follower before the daily run (held by quiet hours) is dropped with them, not sent; the staff follower’s goes', async () => {
  await app.setSettings(() => ({
    agents: [AGENT],
    accountManagers: [OWNER],
    quietHours: { enabled: true, start: '21:00', end: '08:00' },
  }));
  app.fake.users.set(STAFF, { id: STAFF, real_name: 'Li Na', team: FAKE_TEAM_ID });
  app.fake.users.set(EXT, { id: EXT, real_name: 'Sam Ext', team: 'T0OTHERORG' });
  try {
    const { code } = await makeCustomer(app);
    const open = await makeTicket(app, { customerCode: code, title: 'Line 3 is down' });
    await app.db.models.tickets.updateOne({ _id: open.id }, { $set: { followers: [STAFF, EXT] } });
    await app.desk.outbox.drain();

    // 23:00 in Shanghai: the Claim's step DMs to the followers wait for the quiet hours' end.
    app.clock.set('2026-11-24T15:00:00Z');
    expect((await claimOnCard(app, open.number, AGENT, TRIAGE)).assigneeId).toBe(AGENT);
    await app.desk.outbox.drain();
    const owed = (to: string) =>
      app.db.models.outbox
        .find({ to, key: new RegExp(`^requester:${open.id}:event:\\d+:f:${to}$`) })
        .lean();
    expect((await owed(EXT)).map((e) => e.state)).toEqual(['pending']);
    expect(app.fake.postsTo(EXT)).toEqual([]);

    // The morning's run takes them off, and the step held for them with them.
    const [run] = await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
    expect(run!.counts).toMatchObject({ followersExternalRemoved: 1, followerDmsDropped: 1 });
    expect((await owed(EXT)).map((e) => [e.state, e.lastError])).toEqual([
      ['dropped', 'follower_external'],
    ]);
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    expect(app.fake.postsTo(EXT)).toEqual([]);
    expect((await owed(STAFF)).map((e) => e.state)).toEqual(['sent']);

    // Another run: nothing more to drop, nothing sent to them.
    const [again] = await runJobAt(app, tasksJob, '2026-11-26T01:00:00Z');
    expect(again!.counts).toMatchObject({ followersExternalRemoved: 0, followerDmsDropped: 0 });
    expect(app.fake.postsTo(EXT)).toEqual([]);
  } finally {
    app.fake.users.delete(STAFF);
    app.fake.users.delete(EXT);
  }
});
