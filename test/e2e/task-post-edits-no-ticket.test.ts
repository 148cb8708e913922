// The desk's DMs about a task linked to no ticket (a visit planned by hand: its executor's DM with
// Done, its helper's, a move's, the day's reminder, a cancel's) name its customer and quote the
// task. They are recorded where they went once Slack took them (ticket_posts, kind customerTask,
// by task and customer), so that an erasure of the customer and retention edit them to a line
// saying where the tasks are, as the DMs about a ticket's tasks are (postedits3 1).
import { expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { submitLastModal } from '../helpers/clicks.js';
import { erasedInSlack, updatesOfPost } from '../helpers/privacy.js';
import { AGENT, makeCustomer, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { taskSteps } from '../helpers/tasks.js';
import type { TaskPost } from '../../src/outbox/types.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const HELPER = 'U0HELPER01';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });
const { newTask, moveDue, deliverAll } = taskSteps(app);

const tsOf = (c: { answer?: unknown }) => String((c.answer as { ts: string }).ts);
const updatesOf = (ts: string) => updatesOfPost(app, ts);

const LINE =
  ':information_source: A task was in this message. Its words were anonymised (retention or an erasure of personal data), so the message was taken out: your open tasks, with their buttons, are in `/task mine` and on your App Home.';

/** The DMs Slack took that hold `word`. */
const dmsWith = (word: string) =>
  app.fake
    .tookCalls('chat.postMessage')
    .filter((c) => /^U/.test(String(c.args.channel)) && JSON.stringify(c.args).includes(word));

/** A visit of the customer `code` planned by OWNER for AGENT, HELPER helping; its id. */
async function visit(code: string, content: string): Promise<string> {
  const { res } = await newTask(OWNER, {
    customer: code,
    kind: 'visit',
    executor: AGENT,
    helper: HELPER,
    due: '2026-11-27',
    content,
  });
  expect(res.body).toBe('');
  const task = (await app.db.models.tasks.findOne({ content }).lean())!;
  expect(task.ticketId).toBeUndefined();
  return String(task._id);
}

test('an erasure of the customer edits every DM about its tasks linked to no ticket, once each, and no other customer’s', async () => {
  await app.setSettings((s) => ({
    ...s,
    agents: [AGENT, HELPER],
    accountManagers: [OWNER],
    managers: [MANAGER],
  }));
  const erased = await makeCustomer(app, { name: 'Wangfang Trading' });
  const kept = await makeCustomer(app, { name: 'Huadong Machinery' });
  const id = await visit(erased.code, 'Visit Wangfang with the price list');
  await visit(kept.code, 'Visit Huadong with the price list');
  await deliverAll();
  // The manager moves the visit to Monday (DMs to its executor and helper); Monday's reminder
  // names both customers' visits in one DM.
  await moveDue(id, MANAGER, '2026-11-30');
  const before = dmsWith('Wangfang');
  // Executor: planned, moved; helper: planned, moved.
  expect(before.length).toBeGreaterThanOrEqual(4);
  const onlyKept = dmsWith('Huadong').filter((c) => !JSON.stringify(c.args).includes('Wangfang'));
  expect(onlyKept.length).toBeGreaterThan(0);
  await runJobAt(app, tasksJob, '2026-11-30T01:00:00Z');
  const reminder = dmsWith('Wangfang').find((c) => c.args.channel === AGENT);
  expect(JSON.stringify(reminder?.args)).toContain('Huadong');
  const told = [...before, reminder!];
  const records = await app.db.models.ticketPosts
    .find({ kind: 'customerTask' })
    .lean<(TaskPost & { ticketId?: string })[]>();
  expect(records.every((r) => !r.ticketId && r.taskId && r.customerId)).toBe(true);
  expect(records.filter((r) => r.customerId === erased.id).length).toBeGreaterThanOrEqual(
    told.length,
  );

  app.fake.reset();
  await erasedInSlack(app, ADMIN, erased.code);
  await deliverAll();
  for (const c of told) {
    const edits = updatesOf(tsOf(c));
    expect(edits.map((e) => e.args.text)).toEqual([LINE]);
    expect(edits[0]!.args.blocks).toEqual([]);
    expect(JSON.stringify(edits[0]!.args)).not.toContain('Wangfang');
  }
  // The other customer's own DMs are left as they are.
  for (const c of onlyKept) expect(updatesOf(tsOf(c))).toEqual([]);
});

test('retention edits the DMs about a task it anonymises (planned, cancelled), not those of a task still open', async () => {
  await app.setSettings((s) => ({ ...s, agents: [AGENT, HELPER], accountManagers: [OWNER] }));
  const { code } = await makeCustomer(app, { name: 'Wangfang Trading' });
  const id = await visit(code, 'Visit Wangfang with the price list');
  await visit(code, 'Call Wangfang about spring');
  await deliverAll();
  // Its planner cancels the visit as not needed: its executor and helper are told.
  await app.slack.blockAction({ action_id: 'task_cancel_open', value: id }, { userId: OWNER });
  await submitLastModal(app, { reason: 'by_hand', note: 'Met them at the fair' }, OWNER);
  await deliverAll();
  const cancelled = dmsWith('Visit Wangfang');
  const open = dmsWith('Call Wangfang');
  expect(cancelled.length).toBeGreaterThanOrEqual(4);
  expect(open.length).toBeGreaterThan(0);

  app.fake.reset();
  await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
  await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
  await deliverAll();
  expect((await app.db.models.tasks.findById(id).lean())!.content).toBe('[erased]');
  for (const c of cancelled) expect(updatesOf(tsOf(c)).map((e) => e.args.text)).toEqual([LINE]);
  for (const c of open) expect(updatesOf(tsOf(c))).toEqual([]);
  // A second run finds nothing more to take, and edits nothing again.
  app.fake.reset();
  await runJobAt(app, privacyRetentionJob, '2027-01-06T01:00:00Z');
  await deliverAll();
  expect(app.fake.tookCalls('chat.update')).toEqual([]);
});

test('in zh-CN the line is in Chinese', async () => {
  await app.setSettings((s) => ({
    ...s,
    locale: 'zh-CN',
    agents: [AGENT, HELPER],
    accountManagers: [OWNER],
  }));
  const { code } = await makeCustomer(app, { name: 'Wangfang Trading' });
  await visit(code, 'Visit Wangfang with the price list');
  await deliverAll();
  const [dm] = dmsWith('Visit Wangfang');
  expect(dm).toBeDefined();
  app.fake.reset();
  await erasedInSlack(app, ADMIN, code);
  await deliverAll();
  expect(updatesOf(tsOf(dm!)).map((e) => e.args.text)).toEqual([
    ':information_source: 这条消息中原有一项任务。其内容已匿名化（保留期限到期或个人数据已删除），因此整条消息已移除：你的未完成任务及其按钮见 `/task mine` 和应用主页。',
  ]);
});
