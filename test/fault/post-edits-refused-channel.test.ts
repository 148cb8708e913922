// An edit of a ticket's post in a channel the app was removed from (`not_in_channel`, as after the
// triage channel moved) or that was archived (`is_archived`) is settled at its first answer with
// the same channel's other edits, in one write: not retried for hours, nor given up one by one
// (revposts F2), none tried, and the admins are told once (postsfix F2). An admin can fix those
// two, so the edits are given up (dead), and the Home's *Send them again* makes them once the
// channel is fixed, as its DM says (revland-c F1); in a channel Slack does not find
// (`channel_not_found`) they are dropped, and its DM says so.
import { expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { runDue } from '../../src/schedule/runner.js';
import { useTestApp } from '../helpers/app.js';
import { dmChannelOf } from '../helpers/fake-slack.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { jobDeps } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const ESCALATION = 'C0ESCAL001';
const ADMIN = 'U0ADMIN001';
// The account manager's DM, as Slack answered a post to OWNER.
const OWNER_DM = dmChannelOf(OWNER);
const EXPERT = 'U0EXPERT01';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

test.each([
  ['not_in_channel', 'dead'],
  ['is_archived', 'dead'],
  ['channel_not_found', 'dropped'],
])(
  'edits refused with %s: one try in all, the channel’s edits %s with it, the admin told once of them and of the messages, in one DM',
  async (error, state) => {
    const { code } = await makeCustomer(app, {
      contact: { name: '王芳', phone: '+8613800138000' },
    });
    const t = await makeTicket(app, { customerCode: code, description: 'Gate code 4471' });
    await act(app, t.number, { action: 'claim' }, AGENT);
    await act(app, t.number, { action: 'note', text: 'Met 王芳 at gate code 4471' }, AGENT);
    await act(app, t.number, { action: 'resolve', summary: 'Gate code 4471 noted' }, AGENT);
    await act(app, t.number, { action: 'close' }, AGENT);
    await app.desk.outbox.drain();
    const lines = await app.db.models.ticketPosts.countDocuments({ kind: 'line' });
    expect(lines).toBeGreaterThanOrEqual(4);
    await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
    app.clock.set('2027-01-05T01:00:00Z');
    // (runDue rather than runJobAt: the latter resets the fake, which lifts the refusal.)
    app.fake.reset();
    app.fake.refuseChannel(TRIAGE, error);
    await runDue(jobDeps(app), [privacyRetentionJob]);
    await app.desk.outbox.drain();
    // Hours go by: nothing is tried again.
    for (let i = 0; i < 6; i++) {
      app.clock.advance(3 * 3600_000);
      await app.desk.outbox.drain();
    }
    const edits = await app.db.models.outbox.find({ kind: 'message.edit', to: TRIAGE }).lean();
    expect(edits).toHaveLength(lines);
    expect(edits.map((e) => [e.state, e.lastError])).toEqual(
      Array<[string, string]>(lines).fill([state, error]),
    );
    // The account manager's DM, elsewhere, is edited all the same.
    expect(await app.db.models.outbox.countDocuments({ kind: 'message.edit', to: OWNER_DM })).toBe(
      1,
    );
    expect(
      app.fake.tookCalls('chat.update').filter((c) => c.args.channel === OWNER_DM),
    ).toHaveLength(1);
    // One chat.update for the channel's edits (the card's own update carries blocks; an edit
    // clears them).
    const tries = app.fake
      .callsTo('chat.update')
      .filter(
        (c) => c.args.channel === TRIAGE && !(c.args.blocks as unknown[] | undefined)?.length,
      );
    expect(tries).toHaveLength(1);
    // The admin is told once that Slack refuses the channel (the card's refusal came first), in
    // one DM that says what befalls both: the messages are held, each tried again until Slack
    // refused it 10 times, none lost; the edits are not tried again, given up at once for Send
    // them again (the app removed, the channel archived), or for good (the channel gone).
    const told = app.fake
      .tookCalls('chat.postMessage')
      .filter((c) => c.args.channel === ADMIN && String(c.args.text).includes(`<#${TRIAGE}>`));
    const texts = told.map((c) => String(c.args.text));
    expect(texts).toHaveLength(1);
    const [text] = texts as [string];
    expect(text).toContain(error);
    expect(text).toContain('until Slack has refused it 10 times');
    expect(text).toContain('No message is lost.');
    expect(text).toContain('edits of its old posts there');
    expect(text).toContain(
      state === 'dead' ? 'given up at once and wait on App Home' : 'given up for good',
    );
    expect(text).not.toContain('Nothing is lost.');
  },
);

test('edits given up in a channel the app was removed from are counted apart from the messages that could not be delivered, on the admin’s Home and in the metrics, with their reason', async () => {
  const { code } = await makeCustomer(app, { contact: { name: '王芳', phone: '+8613800138000' } });
  const t = await makeTicket(app, { customerCode: code, description: 'Gate code 4471' });
  await act(app, t.number, { action: 'claim' }, AGENT);
  await act(app, t.number, { action: 'note', text: 'Met 王芳 at gate code 4471' }, AGENT);
  await act(app, t.number, { action: 'resolve', summary: 'Gate code 4471 noted' }, AGENT);
  await act(app, t.number, { action: 'close' }, AGENT);
  await app.desk.outbox.drain();
  await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
  app.clock.set('2027-01-05T01:00:00Z');
  app.fake.reset();
  app.fake.refuseChannel(TRIAGE, 'not_in_channel');
  await runDue(jobDeps(app), [privacyRetentionJob]);
  await app.desk.outbox.drain();
  const dead = await app.db.models.outbox
    .find({ kind: 'message.edit', to: TRIAGE, state: 'dead' })
    .lean();
  expect(dead.length).toBeGreaterThanOrEqual(4);
  await app.slack.event({
    type: 'app_home_opened',
    user: ADMIN,
    channel: 'D0HOME0001',
    tab: 'home',
  });
  const home = JSON.stringify(
    app.fake
      .callsTo('views.publish')
      .filter((c) => c.args.user_id === ADMIN)
      .at(-1)!.args.view,
  );
  // Not among the messages that could not be delivered (the card, refused too, is still tried).
  expect(home).not.toMatch(/Slack messages? could not be delivered/);
  expect(home).toContain(
    `${dead.length} edits of the desk’s old posts (taking out the words retention or an erasure took from their tickets) could not be made`,
  );
  expect(home).toContain('`not_in_channel` (in <#C0TRIAGE01>)');
  expect(home).toContain('home_resend_undelivered');
  const metrics = await (await fetch(`${app.baseUrl}/metrics`)).text();
  expect(metrics).toContain('care_desk_outbox_entries{state="dead"} 0');
  expect(metrics).toContain(`care_desk_outbox_edits_dead ${dead.length}`);
});

test('edits given up in a channel the app was removed from are made once the admin invites it back and sends them again', async () => {
  const { code } = await makeCustomer(app, { contact: { name: '王芳', phone: '+8613800138000' } });
  const t = await makeTicket(app, { customerCode: code, description: 'Gate code 4471' });
  await act(app, t.number, { action: 'claim' }, AGENT);
  await act(app, t.number, { action: 'note', text: 'Met 王芳 at gate code 4471' }, AGENT);
  await act(app, t.number, { action: 'resolve', summary: 'Gate code 4471 noted' }, AGENT);
  await act(app, t.number, { action: 'close' }, AGENT);
  await app.desk.outbox.drain();
  const noteLine = app.fake
    .tookCalls('chat.postMessage')
    .find((c) => c.args.channel === TRIAGE && String(c.args.text).includes('Met 王芳'))!;
  const noteTs = String((noteLine.answer as { ts: string }).ts);
  await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
  app.clock.set('2027-01-05T01:00:00Z');
  app.fake.reset();
  app.fake.refuseChannel(TRIAGE, 'not_in_channel');
  await runDue(jobDeps(app), [privacyRetentionJob]);
  await app.desk.outbox.drain();
  expect(app.fake.tookCalls('chat.update').filter((c) => c.args.ts === noteTs)).toEqual([]);
  // The admin invites the app back (the fake's reset lifts the refusal) and sends them again.
  app.clock.advance(3600_000);
  app.fake.reset();
  expect(await app.desk.services.outbox.revive(await ctxOf(app, ADMIN))).toBeGreaterThan(0);
  for (let i = 0; i < 4; i++) {
    app.clock.advance(3 * 3600_000);
    await app.desk.outbox.drain();
  }
  const edited = app.fake.tookCalls('chat.update').filter((c) => c.args.ts === noteTs);
  expect(edited).toHaveLength(1);
  expect(String(edited[0]!.args.text)).not.toContain('王芳');
  const edits = await app.db.models.outbox.find({ kind: 'message.edit', to: TRIAGE }).lean();
  expect(edits.map((e) => e.state)).toEqual(Array<string>(edits.length).fill('sent'));
});

test('an escalation channel that refuses its edits is told to the admin once, though no card is there', async () => {
  await app.setSettings((s) => ({
    ...s,
    agents: [AGENT],
    experts: [{ userId: EXPERT, skills: [] }],
    channels: { ...s.channels, escalation: ESCALATION },
  }));
  const { code } = await makeCustomer(app);
  for (const reason of ['Call 王芳', 'Gate 4471 again']) {
    const t = await makeTicket(app, { customerCode: code, title: 'Gate code 4471' });
    await act(app, t.number, { action: 'claim' }, AGENT);
    await act(app, t.number, { action: 'escalate', reason, expertId: EXPERT }, AGENT);
    await act(app, t.number, { action: 'resolve', summary: 'Gate fixed' }, EXPERT);
    await act(app, t.number, { action: 'close' }, EXPERT);
  }
  await app.desk.outbox.drain();
  expect(await app.db.models.ticketPosts.countDocuments({ kind: 'escalation' })).toBe(2);
  await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
  app.clock.set('2027-01-05T01:00:00Z');
  app.fake.reset();
  app.fake.refuseChannel(ESCALATION, 'is_archived');
  await runDue(jobDeps(app), [privacyRetentionJob]);
  await app.desk.outbox.drain();
  const tried = app.fake.callsTo('chat.update').filter((c) => c.args.channel === ESCALATION);
  expect(tried).toHaveLength(1);
  const told = app.fake
    .tookCalls('chat.postMessage')
    .filter((c) => c.args.channel === ADMIN && String(c.args.text).includes(`<#${ESCALATION}>`));
  expect(told).toHaveLength(1);
  // Every other post of the ticket was edited.
  expect(app.fake.tookCalls('chat.update').length).toBeGreaterThan(1);
});
