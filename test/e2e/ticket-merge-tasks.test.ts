// "Merge into…" loose ends: a merged duplicate's open tasks about it (a complaint's contact) are
// cancelled, never deleted, and whoever held one is told why when they open it; and a merge cut
// short after closing the duplicate gets its note on the target written by the notices repair
// (the outbox job), once. Through the real Bolt HTTP path: signed requests, the fake Slack, the
// test database.
import { expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { submitLastModal } from '../helpers/clicks.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';
const HELPER = 'U0HELPER01';
const ASKER1 = 'U0ASKER001';
const ASKER2 = 'U0ASKER002';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

const deliverAll = async () => {
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
};
/** Ticket numbers link to their cards: the text as read. */
const unlinked = (s: string) => s.replace(/<https:\/\/[^|>]+\|(T\d{8})>/g, '$1');
const ticketDoc = (number: string) => app.db.models.tickets.findOne({ number }).lean();
/** What the card's thread of ticket `number` got, as read. */
async function thread(number: string): Promise<string[]> {
  const card = (await ticketDoc(number))!.card!;
  return app.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === TRIAGE && c.args.thread_ts === card.ts)
    .map((c) => unlinked(String(c.args.text)));
}
/** The Home last published for `user`, as one string. */
const lastHome = (user: string) =>
  JSON.stringify(
    app.fake
      .callsTo('views.publish')
      .filter((c) => c.args.user_id === user)
      .at(-1)?.args.view ?? null,
  );

/** T1 and T2 of one customer (OWNER's), T2 a complaint with its contact task, held by AGENT. */
async function setUp() {
  await app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT] }));
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  // A complaint goes only into a complaint at least as urgent (mergeCheck).
  const t1 = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'urgent',
    title: 'Line 3 down',
    requester: { userId: ASKER1 },
  });
  app.clock.advance(60_000);
  const t2 = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'urgent',
    title: 'Production stopped again',
    description: 'Line 3 stops every hour',
    requester: { userId: ASKER2 },
  });
  await act(app, t2.number, { action: 'claim' }, AGENT);
  const contact = (await app.db.models.tasks
    .findOne({ kind: 'complaint_contact', ticketNumber: t2.number })
    .lean())!;
  expect(contact).toMatchObject({ status: 'open', assigneeId: OWNER, ticketNumber: t2.number });
  await deliverAll();
  app.fake.reset();
  return { t1, t2, contactId: String(contact._id) };
}

test("a complaint merged into another ticket: its contact task is cancelled (kept), its people's Homes drop it, Done says it was merged into T1; the daily run (two instances) changes nothing", async () => {
  const { t1, t2, contactId } = await setUp();
  // The account manager has a colleague helping with the contact.
  await app.desk.services.tasks.edit(await ctxOf(app, OWNER), contactId, {
    assigneeId: OWNER,
    helperId: HELPER,
  });
  await deliverAll();
  await app.slack.event({
    type: 'app_home_opened',
    user: OWNER,
    channel: 'D0HOME0001',
    tab: 'home',
  });
  expect(lastHome(OWNER)).toContain(contactId);
  app.fake.reset();

  // AGENT merges T2 into T1 from T2's card.
  await app.slack.blockAction(
    { action_id: 'ticket_merge_open', value: t2.number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  await submitLastModal(app, { target: t1.number }, AGENT);
  await deliverAll();

  // Cancelled, not deleted: the complaint's record keeps it, with why.
  const task = (await app.db.models.tasks.findById(contactId).lean())!;
  expect(task).toMatchObject({ status: 'cancelled', cancelReason: 'merged' });
  // Its executor's and helper's Homes are drawn again, without it.
  expect(lastHome(OWNER)).not.toBe('null');
  expect(lastHome(OWNER)).not.toContain(contactId);
  expect(lastHome(HELPER)).not.toBe('null');
  expect(lastHome(HELPER)).not.toContain(contactId);
  // Done on the DM they had says why it is gone, and where the ticket is followed.
  await app.slack.blockAction({ action_id: 'task_done_open', value: contactId }, { userId: OWNER });
  expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
    `This task was cancelled: its ticket ${t2.number} was merged into ${t1.number}, which is followed instead.`,
  );
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  await app.slack.blockAction({ action_id: 'task_done_open', value: contactId }, { userId: OWNER });
  expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
    `该任务已取消：其工单 ${t2.number} 已合并到 ${t1.number}，改在 ${t1.number} 中跟进。`,
  );
  await app.setSettings(() => ({ locale: 'en' }));

  // The daily run (two instances) past its due time: not reminded, not overdue, nothing cancelled
  // (the one reminded and overdue is T1's own contact, the complaint followed instead).
  const runs = await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z', ['a', 'b']);
  expect(runs).toHaveLength(1);
  expect(runs[0]!.counts).toMatchObject({ followUpsCancelled: 0, reminded: 1, overdue: 1 });
  expect(JSON.stringify(app.fake.postsTo(OWNER))).not.toContain(contactId);
  expect(JSON.stringify(app.fake.postsTo(MANAGER))).not.toContain(contactId);
  expect(await app.db.models.tasks.findById(contactId).lean()).toMatchObject({
    status: 'cancelled',
    cancelReason: 'merged',
  });
});

test('a merge cut short before its tasks were cancelled (and its notices not repaired): the daily run cancels them as merged', async () => {
  const { t1, t2, contactId } = await setUp();
  // The first write alone (the process died after it, and the notices repair was not reached).
  await app.desk.services.tickets.act(await ctxOf(app, AGENT), t2.number, {
    action: 'merge',
    into: t1.number,
  });
  await app.db.models.tickets.updateOne({ number: t2.number }, { $unset: { noticesOwedAt: '' } });
  expect((await app.db.models.tasks.findById(contactId).lean())!.status).toBe('open');
  await app.slack.event({
    type: 'app_home_opened',
    user: OWNER,
    channel: 'D0HOME0001',
    tab: 'home',
  });
  expect(lastHome(OWNER)).toContain(contactId);

  const [run] = await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  // Reminded and overdue: T1's own contact only (T2's is not in the OWNER's DM below).
  expect(run!.counts).toMatchObject({ followUpsCancelled: 1, reminded: 1, overdue: 1 });
  expect(await app.db.models.tasks.findById(contactId).lean()).toMatchObject({
    status: 'cancelled',
    cancelReason: 'merged',
  });
  // Its executor's Home drawn again (a few seconds on), without it.
  await deliverAll();
  expect(lastHome(OWNER)).not.toBe('null');
  expect(lastHome(OWNER)).not.toContain(contactId);
});

test("a merge cut short after closing the duplicate: the outbox job writes T1's note and posts it once, cancels T2's contact task; a second pass adds nothing", async () => {
  const { t1, t2, contactId } = await setUp();
  // The first write alone: T2 closed as merged, with AGENT's note, then the process died.
  await app.desk.services.tickets.act(await ctxOf(app, AGENT), t2.number, {
    action: 'merge',
    into: t1.number,
    note: 'Same outage',
  });
  expect((await ticketDoc(t1.number))!.timeline.some((e: any) => e.mergedFrom)).toBe(false);

  // The outbox job, past the repair's wait.
  await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
  const target = (await ticketDoc(t1.number))!;
  const notes = (target.timeline as any[]).filter((e) => e.mergedFrom);
  expect(notes).toHaveLength(1);
  expect(notes[0]).toMatchObject({ action: 'note', by: AGENT, mergedFrom: t2.number });
  expect(await thread(t1.number)).toEqual([
    `Merged from ${t2.number} (<@${ASKER2}>, “Line 3 stops every hour”) by <@${AGENT}>: Same outage`,
  ]);
  // T2 is announced too: its thread and its requester say where it went, and (the repair made
  // them follow T1, the same customer's) that they hear of its steps.
  expect(await thread(t2.number)).toEqual([`<@${AGENT}> merged it into ${t1.number}: Same outage`]);
  expect((await ticketDoc(t1.number))!.followers).toEqual([ASKER2]);
  expect(app.fake.postsTo(ASKER2).map((c) => unlinked(String(c.args.text)))).toEqual([
    `Your ticket *${t2.number}* was merged into *${t1.number}*: we follow it there, and you hear of each of its steps by direct message.`,
  ]);
  expect(await app.db.models.tasks.findById(contactId).lean()).toMatchObject({
    status: 'cancelled',
    cancelReason: 'merged',
  });
  // Nothing is owed any more.
  expect((await ticketDoc(t1.number))!.noticesOwedAt).toBeUndefined();
  expect((await ticketDoc(t2.number))!.noticesOwedAt).toBeUndefined();

  // A second pass (two instances) adds nothing.
  await runJobAt(app, outboxJob, '2026-11-24T02:10:00Z', ['a', 'b']);
  expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
  expect(
    ((await ticketDoc(t1.number))!.timeline as any[]).filter((e) => e.mergedFrom),
  ).toHaveLength(1);
});

test("a merge cut short after both writes: the repair posts T1's note once, naming who asked", async () => {
  const { t1, t2 } = await setUp();
  const ctx = await ctxOf(app, AGENT);
  await app.desk.services.tickets.act(ctx, t2.number, { action: 'merge', into: t1.number });
  await app.desk.services.tickets.act(ctx, t1.number, {
    action: 'note',
    text: '',
    mergedFrom: t2.number,
  });

  await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
  expect(await thread(t1.number)).toEqual([
    `Merged from ${t2.number} (<@${ASKER2}>, “Line 3 stops every hour”) by <@${AGENT}>.`,
  ]);
  expect(
    ((await ticketDoc(t1.number))!.timeline as any[]).filter((e) => e.mergedFrom),
  ).toHaveLength(1);
  await runJobAt(app, outboxJob, '2026-11-24T02:10:00Z');
  expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
});
