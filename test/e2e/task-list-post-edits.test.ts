// The desk's messages naming several customers' tasks (an owner's greeting DM of the day, a
// manager's overdue list) and a low quarterly survey's managers' notice name customers: recorded
// where they went once Slack took them (ticket_posts: kind taskList with the tasks shown and their
// customers; the notice as the survey's, kind customerTask), so an erasure of a customer named in
// one edits it to a fixed line without the name. And retention of a task linked to a ticket that
// is not anonymised in the same run (still open) edits the DMs about the task (postedits4 1, 2).
import { expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { submitLastModal } from '../helpers/clicks.js';
import { erasedInSlack, updatesOfPost } from '../helpers/privacy.js';
import { AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { taskSteps } from '../helpers/tasks.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
// Monday 2026-09-28 09:30 in Shanghai: National Day (10-01) is 3 days on.
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-09-28T01:30:00Z' });
const { deliverAll } = taskSteps(app);

const tsOf = (c: { answer?: unknown }) => String((c.answer as { ts: string }).ts);
const updatesOf = (ts: string) => updatesOfPost(app, ts);

const LIST_LINE =
  ':information_source: A list of tasks was in this message. The words of one of them were anonymised (retention or an erasure of personal data), so the message was taken out: your open tasks, with their buttons, are in `/task mine` (your team’s in `/task team`) and on your App Home.';

/** The messages Slack took that hold `word`. */
const postsWith = (word: string) =>
  app.fake.tookCalls('chat.postMessage').filter((c) => JSON.stringify(c.args).includes(word));

/**
 * Every message Slack took naming `word` edited once, by `line`, with no block left and nothing
 * of `word` in the edit.
 */
function expectEditedOnce(told: { answer?: unknown }[], word: string, line: string) {
  expect(told.length).toBeGreaterThan(0);
  for (const c of told) {
    const edits = updatesOf(tsOf(c));
    expect(edits.map((e) => e.args.text)).toEqual([line]);
    expect(edits[0]!.args.blocks).toEqual([]);
    expect(JSON.stringify(edits[0]!.args)).not.toContain(word);
  }
}

test('an erasure of a customer named in an owner’s greeting DM edits the DM once, to a line without its name; a greeting DM naming only others is left', async () => {
  const OTHER = 'U0OWNER002';
  await app.setSettings((s) => ({ ...s, accountManagers: [OWNER, OTHER] }));
  const erased = await makeCustomer(app, {
    name: 'Wangfang Trading',
    lifecycle: 'active',
    contact: { name: 'Li Wei', optOuts: [] },
  });
  await makeCustomer(app, {
    name: 'Huadong Machinery',
    lifecycle: 'active',
    contact: { name: 'Zhao Lei', optOuts: [] },
  });
  await makeCustomer(app, { name: 'Other Co', lifecycle: 'active', ownerId: OTHER });
  await runJobAt(app, tasksJob, '2026-09-28T01:00:00Z');
  await deliverAll();
  const greeting = postsWith('National Day').filter((c) => c.args.channel === OWNER);
  expect(greeting).toHaveLength(1);
  expect(JSON.stringify(greeting[0]!.args)).toContain('Wangfang');
  expect(JSON.stringify(greeting[0]!.args)).toContain('Huadong');
  const others = postsWith('National Day').filter((c) => c.args.channel === OTHER);
  expect(others).toHaveLength(1);
  const record = await app.db.models.ticketPosts
    .findOne({ key: `greetings:${OWNER}:2026-09-28` })
    .lean<Record<string, unknown>>();
  expect(record).toMatchObject({ kind: 'taskList', to: OWNER, ts: tsOf(greeting[0]!) });
  expect((record!.customerIds as string[]).sort()).toHaveLength(2);
  expect(record!.customerIds).toContain(erased.id);

  app.fake.reset();
  await erasedInSlack(app, ADMIN, erased.code);
  await deliverAll();
  expectEditedOnce(greeting, 'Wangfang', LIST_LINE);
  expect(JSON.stringify(updatesOf(tsOf(greeting[0]!)))).not.toContain('Li Wei');
  expect(updatesOf(tsOf(others[0]!))).toEqual([]);
  // Erased again (nothing left to take), the DM is not edited a second time.
  app.fake.reset();
  await erasedInSlack(app, ADMIN, erased.code);
  await deliverAll();
  expect(updatesOf(tsOf(greeting[0]!))).toEqual([]);
});

test('an erasure of a customer named in the managers’ overdue list edits the list once, in Chinese in zh-CN; retention of a listed task edits it too', async () => {
  app.clock.set('2026-11-23T02:00:00Z');
  await app.setSettings((s) => ({
    ...s,
    locale: 'zh-CN',
    agents: [AGENT],
    accountManagers: [OWNER],
    managers: [MANAGER],
  }));
  const erased = await makeCustomer(app, { name: 'Wangfang Trading' });
  const kept = await makeCustomer(app, { name: 'Huadong Machinery' });
  const ctx = await ctxOf(app, OWNER);
  for (const c of [erased, kept])
    await app.desk.services.tasks.createManual(ctx, {
      customerCode: c.code,
      kind: 'call',
      assigneeId: OWNER,
      dueDate: '2026-11-20',
      content: `Call ${c.code} about the encoder`,
      submissionId: `overdue-${c.code}`,
    });
  await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
  await deliverAll();
  const list = app.fake
    .tookCalls('chat.postMessage')
    .filter((c) => c.args.channel === MANAGER && JSON.stringify(c.args).includes('Wangfang'));
  expect(list).toHaveLength(1);
  expect(JSON.stringify(list[0]!.args)).toContain('Huadong');
  expect(
    await app.db.models.ticketPosts.countDocuments({
      key: `overdue:2026-11-24:${MANAGER}`,
      kind: 'taskList',
      customerIds: erased.id,
    }),
  ).toBe(1);

  app.fake.reset();
  await erasedInSlack(app, ADMIN, erased.code);
  await deliverAll();
  expectEditedOnce(
    list,
    'Wangfang',
    ':information_source: 这条消息中原有一份任务列表。其中一项任务的内容已匿名化（保留期限到期或个人数据已删除），因此整条消息已移除：你的未完成任务及其按钮见 `/task mine`（团队的任务见 `/task team`）和应用主页。',
  );

  // The next day's list names the kept customer's call only; done, then anonymised by retention:
  // its list is edited (it quoted the call's words).
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  await deliverAll();
  const next = app.fake
    .tookCalls('chat.postMessage')
    .filter((c) => c.args.channel === MANAGER && JSON.stringify(c.args).includes('Huadong'));
  expect(next).toHaveLength(1);
  expect(JSON.stringify(next[0]!.args)).not.toContain('Wangfang');
  const call = (await app.db.models.tasks.findOne({ customerId: kept.id }).lean())!;
  await app.desk.services.tasks.complete(ctx, String(call._id), () => ({
    interactionType: 'call',
    summary: 'They will order in spring',
  }));
  app.fake.reset();
  await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
  await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
  await deliverAll();
  expect((await app.db.models.tasks.findById(call._id).lean())!.content).toBe('[erased]');
  expect(updatesOf(tsOf(next[0]!))).toHaveLength(1);
});

test('an erasure of the customer edits the managers’ notice of its low quarterly survey to a line of its own', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const key = await makeCustomer(app, {
    name: 'Key Co',
    annualRevenue: 600_000,
    lifecycle: 'active',
  });
  // The daily run plans the quarter's survey two weeks before its last working day.
  await runJobAt(app, tasksJob, '2026-12-17T01:00:00Z');
  const survey = (await app.db.models.tasks.findOne({ kind: 'survey' }).lean())!;
  app.clock.set('2026-12-18T03:00:00Z');
  await app.slack.blockAction(
    { action_id: 'task_done_open', value: String(survey._id) },
    { userId: OWNER },
  );
  await submitLastModal(
    app,
    { type: 'call', contact: 'Mr Chen', satisfaction: '1', nps: '2', summary: 'Key Co is upset' },
    OWNER,
  );
  await deliverAll();
  const notice = app.fake
    .tookCalls('chat.postMessage')
    .filter((c) => c.args.channel === MANAGER && String(c.args.text).includes('Key Co'));
  expect(notice).toHaveLength(1);
  expect(String(notice[0]!.args.text)).toContain('Low score in the quarterly satisfaction survey');
  expect(
    await app.db.models.ticketPosts.countDocuments({
      kind: 'customerTask',
      customerId: key.id,
      key: `survey-low:${String(survey._id)}:${MANAGER}`,
    }),
  ).toBe(1);

  app.fake.reset();
  await erasedInSlack(app, ADMIN, key.code);
  await deliverAll();
  expectEditedOnce(
    notice,
    'Key Co',
    ':information_source: A customer’s low survey answer was in this message. Its words were anonymised (retention or an erasure of personal data), so the message was taken out.',
  );
  expect(JSON.stringify(updatesOf(tsOf(notice[0]!)))).not.toContain('Mr Chen');
});

test('retention of a task linked to a ticket still open edits the DMs about it (not those of its open task), once; a rerun edits nothing', async () => {
  app.clock.set('2026-11-24T02:00:00Z');
  await app.setSettings((s) => ({ ...s, agents: [AGENT], accountManagers: [OWNER] }));
  const { code } = await makeCustomer(app, { name: 'Wangfang Trading' });
  const ticket = await makeTicket(app, { customerCode: code, title: 'Spindle error' });
  const ctx = await ctxOf(app, OWNER);
  // Planned as its card's New task plans them (the flow: the executor's DM written at once).
  const plan = (content: string, submissionId: string) =>
    app.desk.flows.tasks.createManual(ctx, {
      customerCode: code,
      ticketNumber: ticket.number,
      kind: 'visit',
      assigneeId: AGENT,
      dueDate: '2026-11-27',
      content,
      submissionId,
    });
  await plan('Visit Wangfang about the spindle', 'linked-visit');
  await plan('Call Wangfang about spares', 'linked-call');
  await deliverAll();
  const visit = (await app.db.models.tasks.findOne({ content: /Visit Wangfang/ }).lean())!;
  expect(visit.ticketId).toBe(ticket.id);
  // Its planner cancels the visit: its executor is told.
  await app.slack.blockAction(
    { action_id: 'task_cancel_open', value: String(visit._id) },
    { userId: OWNER },
  );
  await submitLastModal(app, { reason: 'by_hand', note: 'Met them at the fair' }, OWNER);
  await deliverAll();
  const toAgent = postsWith('Wangfang').filter((c) => c.args.channel === AGENT);
  // Each planned (its words), the visit cancelled (naming the customer).
  const aboutCall = toAgent.filter((c) => JSON.stringify(c.args).includes('Call Wangfang'));
  const aboutVisit = toAgent.filter((c) => !aboutCall.includes(c));
  expect(aboutCall).toHaveLength(1);
  expect(aboutVisit).toHaveLength(2);
  expect(JSON.stringify(aboutVisit)).toContain('Visit Wangfang');
  const records = await app.db.models.ticketPosts
    .find({ kind: 'task', ticketId: ticket.id })
    .lean<{ taskId?: string }[]>();
  expect(records.map((r) => r.taskId)).toContain(String(visit._id));

  app.fake.reset();
  await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
  await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
  await deliverAll();
  expect((await app.db.models.tasks.findById(visit._id).lean())!).toMatchObject({
    content: '[erased]',
    cancelNote: '[erased]',
  });
  // The ticket is open: not anonymised, its title kept.
  expect((await app.db.models.tickets.findById(ticket.id).lean())!.title).toBe('Spindle error');
  expectEditedOnce(
    aboutVisit,
    'Wangfang',
    `:information_source: A task of ${ticket.number} was in this message. Its words were anonymised (retention or an erasure of personal data), so the message was taken out: your open tasks, with their buttons, are in \`/task mine\` and on your App Home.`,
  );
  for (const c of aboutCall) expect(updatesOf(tsOf(c))).toEqual([]);
  app.fake.reset();
  await runJobAt(app, privacyRetentionJob, '2027-01-06T01:00:00Z');
  await deliverAll();
  expect(app.fake.tookCalls('chat.update')).toEqual([]);
});
