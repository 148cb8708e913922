// Retention over tasks linked to a ticket and tasks linked to none. The DMs about a ticket's tasks
// are the ticket's posts (edited with it), so its tasks' words are taken at once; the DMs about a
// task linked to no ticket are the task's own (ticket_posts kind customerTask), so those tasks go
// a page at a time, each page's DM edits written first. A backlog of a thousand ticket tasks costs
// a handful of commands, not a page's five each. Through the real job: the test database and the
// fake Slack.
import { expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { useTestApp } from '../helpers/app.js';
import { submitLastModal } from '../helpers/clicks.js';
import { updatesOfPost } from '../helpers/privacy.js';
import { AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { taskSteps } from '../helpers/tasks.js';

const HELPER = 'U0HELPER01';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });
const { newTask, deliverAll } = taskSteps(app);
const LINKED = 1000;

test('retention anonymises the tasks of a ticket at once and edits the DMs of a task linked to none; a thousand ticket tasks cost a few commands', async () => {
  await app.setSettings((s) => ({ ...s, agents: [AGENT, HELPER], accountManagers: [OWNER] }));
  const { code } = await makeCustomer(app, { name: 'Wangfang Trading' });
  const ticket = await makeTicket(app, { customerCode: code, title: 'Spindle error' });
  // A visit planned by hand (linked to no ticket), cancelled by its planner: its executor and
  // helper were told in DMs recorded as the task's.
  const { res } = await newTask(OWNER, {
    customer: code,
    kind: 'visit',
    executor: AGENT,
    helper: HELPER,
    due: '2026-11-27',
    content: 'Visit Wangfang with the price list',
  });
  expect(res.body).toBe('');
  const visit = (await app.db.models.tasks.findOne({ content: /Visit Wangfang/ }).lean())!;
  expect(visit.ticketId).toBeUndefined();
  await deliverAll();
  await app.slack.blockAction(
    { action_id: 'task_cancel_open', value: String(visit._id) },
    { userId: OWNER },
  );
  await submitLastModal(app, { reason: 'by_hand', note: 'Met them at the fair' }, OWNER);
  await deliverAll();
  const dms = app.fake
    .tookCalls('chat.postMessage')
    .filter((c) => [AGENT, HELPER].includes(String(c.args.channel)));
  // Its executor's and helper's: planned, cancelled.
  expect(dms).toHaveLength(4);
  expect(await app.db.models.ticketPosts.countDocuments({ kind: 'customerTask' })).toBeGreaterThan(
    0,
  );
  // A thousand cancelled tasks of the ticket, as the cancelled visit reads but linked to it.
  const { _id, ...cancelled } = (await app.db.models.tasks.findById(visit._id).lean())!;
  expect(cancelled).toMatchObject({ status: 'cancelled', cancelNote: 'Met them at the fair' });
  await app.db.models.tasks.collection.insertMany(
    Array.from({ length: LINKED }, (_, k) => ({
      ...cancelled,
      _id: `linked-${String(k).padStart(4, '0')}` as any,
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      content: `Check spindle ${k}`,
    })),
  );

  app.fake.reset();
  await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
  const client = app.db.conn.getClient();
  const commands: string[] = [];
  const started = (e: { commandName: string; command: Record<string, any> }) => {
    const on = e.command[e.commandName];
    if (on === 'tasks' || on === 'ticket_posts') commands.push(`${on}.${e.commandName}`);
  };
  client.on('commandStarted', started);
  try {
    await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
  } finally {
    client.off('commandStarted', started);
  }
  await deliverAll();
  // Every task's words taken, the ticket's and the one linked to none.
  const left = await app.db.models.tasks.collection
    .find({ $or: [{ content: { $ne: '[erased]' } }, { cancelNote: { $ne: '[erased]' } }] })
    .toArray();
  expect(left).toEqual([]);
  // The DMs about the task linked to no ticket edited to the line saying where tasks are.
  for (const c of dms) {
    const ts = String((c.answer as { ts: string }).ts);
    const edits = updatesOfPost(app, ts);
    expect(edits).toHaveLength(1);
    expect(String(edits[0]!.args.text)).toContain('A task was in this message');
  }
  // The tasks' commands: 3 updates for the ticket's, one page (find, its DMs' records, 3 updates)
  // for the one linked to none, 1 update of the forms that closed tasks: 9 (paged, 56).
  expect(commands.length).toBeLessThan(20);
});
