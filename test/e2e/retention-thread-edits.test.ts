// Retention edits the desk's own posts about a ticket in Slack once it took the ticket's words
// (revpriv F1): the lines under its card as the timeline now reads, its assignee's DM a fixed
// line; on the bulk lane at the cards' pace, once per post (a rerun writes nothing new), done when
// the post is gone, held by a 429; another workspace's posts are never touched.
import { expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { runDue } from '../../src/schedule/runner.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { jobDeps, runJobAt } from '../helpers/jobs.js';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ADMIN_USER_IDS: 'U0ADMIN001' },
  now: '2026-11-24T02:00:00Z',
});

const OTHER = 'U0AGENT002';
const RUN_AT = '2027-01-05T01:00:00Z';

/** A ticket with words in its thread and a DM to its new assignee, closed; its posts. */
async function closedTicket() {
  await app.setSettings((s) => ({ ...s, agents: [AGENT, OTHER] }));
  const { code } = await makeCustomer(app, { contact: { name: '王芳', phone: '+8613800138000' } });
  const t = await makeTicket(app, { customerCode: code, description: 'Gate code 4471' });
  await act(app, t.number, { action: 'claim' }, AGENT);
  await act(app, t.number, { action: 'note', text: 'Met 王芳 at gate code 4471' }, AGENT);
  await act(app, t.number, { action: 'reassign', to: OTHER }, AGENT);
  await act(app, t.number, { action: 'resolve', summary: 'Gate code 4471 noted' }, OTHER);
  await act(app, t.number, { action: 'close' }, OTHER);
  await app.desk.outbox.drain();
  const ticket = (await app.db.models.tickets.findOne({ number: t.number }).lean())!;
  const took = app.fake.tookCalls('chat.postMessage');
  const ts = (c: (typeof took)[number]) => String((c.answer as { ts: string }).ts);
  const note = took.find((c) => String(c.args.text).includes('noted: Met'))!;
  const dm = took.find((c) => c.args.channel === OTHER)!;
  const lines = took.filter((c) => c.args.thread_ts === ticket.card.ts).map(ts);
  return { ticket, note: ts(note), dm: ts(dm), lines };
}

const updatesOf = (ts: string) =>
  app.fake.tookCalls('chat.update').filter((c) => String(c.args.ts) === ts);

test('each line under the card reads as the timeline now does, the DM a fixed line; a rerun edits nothing again', async () => {
  const { note, dm, lines } = await closedTicket();
  await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
  await runJobAt(app, privacyRetentionJob, RUN_AT);
  expect(updatesOf(note).map((c) => c.args.text)).toEqual([`<@${AGENT}> noted: [erased]`]);
  expect(updatesOf(dm).map((c) => c.args.text)).toEqual([
    expect.stringMatching(
      /^:information_source: This message was about T\S+\. Its words were anonymised/,
    ),
  ]);
  for (const ts of lines) expect(updatesOf(ts)).toHaveLength(1);
  // The lines, the assignee's DM and the account manager's (post-edits-more says what it reads).
  const edits = await app.db.models.outbox.countDocuments({ kind: 'message.edit' });
  expect(edits).toBe(lines.length + 2);
  // The next day's run (nothing left to take) and a repeat of the same day write nothing new.
  await runJobAt(app, privacyRetentionJob, '2027-01-06T01:00:00Z');
  expect(app.fake.callsTo('chat.update')).toEqual([]);
  expect(await app.db.models.outbox.countDocuments({ kind: 'message.edit' })).toBe(edits);
});

test('a 429 on an edit holds it, a post gone is done: each edited once, nothing given up', async () => {
  const { note, dm, lines } = await closedTicket();
  await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
  app.clock.set(RUN_AT);
  app.fake.reset();
  await runDue(jobDeps(app), [privacyRetentionJob]);
  // The card's update goes first (the edits are on the bulk lane): it passes, then Slack asks the
  // first edit to wait 30 s, and a later edit finds its message deleted.
  app.fake.passNext('chat.update');
  app.fake.rateLimitNext('chat.update', 30);
  await app.desk.outbox.drain();
  const pending = await app.db.models.outbox
    .find({ kind: 'message.edit', state: 'pending' })
    .lean();
  expect(pending.length).toBeGreaterThan(0);
  expect(pending.every((e) => e.attempts === 0)).toBe(true);
  app.clock.advance(31_000);
  app.fake.failNext('chat.update', 'message_not_found');
  await app.desk.outbox.drain();
  const states = await app.db.models.outbox.find({ kind: 'message.edit' }).lean();
  expect(states.map((e) => e.state)).toEqual(states.map(() => 'sent'));
  for (const ts of [...lines, dm]) expect(updatesOf(ts).length).toBeLessThanOrEqual(1);
  expect(updatesOf(note)).toHaveLength(1);
  // No card posted again for it, no line reposted: a post gone is nothing to edit.
  expect(app.fake.tookCalls('chat.postMessage')).toEqual([]);
});

test('another workspace’s posts are never edited by this one’s retention', async () => {
  const { ticket } = await closedTicket();
  // Another workspace's delivery recorded a post under a ticket id of the same shape.
  await app.db.models.ticketPosts.create({
    teamId: 'T0OTHER001',
    ticketId: String(ticket._id),
    key: `ticket:${String(ticket._id)}:event:2`,
    kind: 'line',
    seq: 2,
    channel: 'C0OTHER001',
    ts: '1790000000.000100',
    at: new Date(),
  });
  await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
  await runJobAt(app, privacyRetentionJob, RUN_AT);
  expect(app.fake.tookCalls('chat.update').length).toBeGreaterThan(1);
  expect(app.fake.callsTo('chat.update').filter((c) => c.args.channel === 'C0OTHER001')).toEqual(
    [],
  );
  expect(await app.db.models.outbox.countDocuments({ teamId: 'T0OTHER001' })).toBe(0);
});
