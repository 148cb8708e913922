// A follower Slack says is of another organisation follows a RESOLVED ticket (which its requester
// may reopen within REOPEN_DAYS): the daily tasks run asks about them too and takes them off the
// resolved ticket as off the open ones, so that a reopen DMs the staff follower and not them; a
// person who follows only resolved tickets is asked as well; two instances take them off once.
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const STAFF = 'U0STAFF001';
const EXT = 'U0EXTERN01';
const REQ = 'U0REQUEST1';
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

const stored = (n: string) => app.db.models.tickets.findOne({ number: n }).lean();

function people(): void {
  app.fake.users.set(STAFF, { id: STAFF, real_name: 'Li Na', team: FAKE_TEAM_ID });
  app.fake.users.set(EXT, { id: EXT, real_name: 'Sam Ext', team: 'T0OTHERORG' });
  app.fake.users.set(REQ, { id: REQ, real_name: 'Req', team: FAKE_TEAM_ID });
}

/** A ticket of REQ's followed by `followers`, resolved; its requester's Reopen button. */
async function resolvedTicket(code: string, followers: string[]) {
  const done = await makeTicket(app, {
    customerCode: code,
    title: 'Spindle again',
    requester: { userId: REQ },
  });
  await app.db.models.tickets.updateOne({ _id: done.id }, { $set: { followers } });
  app.fake.reset();
  await act(app, done.number, { action: 'claim' });
  await act(app, done.number, { action: 'resolve', summary: 'Replaced the encoder' });
  await app.desk.outbox.drain();
  const resolved = app.fake
    .tookPostsTo(REQ)
    .find((c) => JSON.stringify(c.args.blocks ?? '').includes('requester_reopen'))!;
  const blocks = (
    typeof resolved.args.blocks === 'string'
      ? JSON.parse(resolved.args.blocks)
      : resolved.args.blocks
  ) as { block_id?: string; elements?: { action_id: string; value: string }[] }[];
  const actions = blocks.find((b) => b.elements?.some((e) => e.action_id === 'requester_reopen'))!;
  const reopen = actions.elements!.find((e) => e.action_id === 'requester_reopen')!;
  return { done, reopen: { ...reopen, block_id: actions.block_id } };
}

test('an external follower of a resolved ticket is taken off it too: the requester’s reopen DMs the staff follower, not them', async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  people();
  const { code } = await makeCustomer(app);
  const open = await makeTicket(app, { customerCode: code, title: 'Line 3 is down' });
  await app.db.models.tickets.updateOne({ _id: open.id }, { $set: { followers: [STAFF, EXT] } });
  const { done, reopen } = await resolvedTicket(code, [STAFF, EXT]);

  const [run] = await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  expect(run!.counts).toMatchObject({
    followersChecked: 2,
    followersExternalRemoved: 1,
    followerTicketsChanged: 2,
  });
  expect((await stored(open.number))!.followers).toEqual([STAFF]);
  expect((await stored(done.number))!.followers).toEqual([STAFF]);

  // The requester reopens it (their DM's button) the same day.
  app.fake.reset();
  await app.slack.blockAction(
    { action_id: reopen.action_id, value: reopen.value, block_id: reopen.block_id },
    { userId: REQ, channelId: 'D0REQUEST1' },
  );
  expect((await stored(done.number))!.status).not.toBe('resolved');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(JSON.stringify(app.fake.postsTo(STAFF))).toContain(done.number);
  expect(app.fake.postsTo(EXT)).toEqual([]);
});

test('a person who follows only resolved tickets is asked about and taken off; the staff follower kept', async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  people();
  const { code } = await makeCustomer(app);
  const { done } = await resolvedTicket(code, [EXT, STAFF]);
  const [run] = await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  expect(app.fake.callsTo('users.info').filter((c) => c.args.user === EXT)).toHaveLength(1);
  expect(run!.counts).toMatchObject({
    followersChecked: 2,
    followersExternalRemoved: 1,
    followerTicketsChanged: 1,
  });
  expect((await stored(done.number))!.followers).toEqual([STAFF]);
});

test('two instances running the daily run at once: the external follower is taken off once, the staff one kept', async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  people();
  const { code } = await makeCustomer(app);
  const open = await makeTicket(app, { customerCode: code, title: 'Line 3 is down' });
  await app.db.models.tickets.updateOne({ _id: open.id }, { $set: { followers: [STAFF, EXT] } });
  const { done } = await resolvedTicket(code, [STAFF, EXT]);
  const runs = await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z', ['a', 'b']);
  expect(runs).toHaveLength(1);
  expect(runs[0]!.counts).toMatchObject({ followersExternalRemoved: 1, followerTicketsChanged: 2 });
  expect((await stored(open.number))!.followers).toEqual([STAFF]);
  expect((await stored(done.number))!.followers).toEqual([STAFF]);
});
