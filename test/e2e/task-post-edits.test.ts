// Retention and erasures edit the desk's DMs about a ticket's tasks (its revisit call's reminder,
// a Change due date's DM to the executor), which name its customer and quote the task: recorded
// where they went once Slack took them (ticket_posts, kind task), edited to a line pointing to
// where the tasks and their buttons are (postedits 1).
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { erasedInSlack, updatesOfPost } from '../helpers/privacy.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { resolvedTicketOf, taskSteps } from '../helpers/tasks.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const TRIAGE = 'C0TRIAGE01';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});
const { moveDue } = taskSteps(app);

const tsOf = (c: { answer?: unknown }) => String((c.answer as { ts: string }).ts);
const updatesOf = (ts: string) => updatesOfPost(app, ts);

const eraseInSlack = (args: string) => erasedInSlack(app, ADMIN, args);

test('an erasure of the customer edits the DMs about its ticket’s revisit call (moved, reminded) to a line saying where the tasks are', async () => {
  await app.setSettings((s) => ({ ...s, managers: [MANAGER], agents: [AGENT] }));
  const { code } = await makeCustomer(app, { name: 'Wangfang Trading' });
  const number = await resolvedTicketOf(app, code, TRIAGE);
  const revisit = (await app.db.models.tasks.findOne({ kind: 'revisit' }).lean())!;
  expect(revisit.ticketNumber).toBe(number);
  const executor = revisit.assigneeId;
  const toExecutor = () =>
    app.fake
      .tookCalls('chat.postMessage')
      .filter((c) => c.args.channel === executor && JSON.stringify(c.args).includes('Wangfang'));
  // The manager moves the call to Monday (a DM to its executor), which is reminded that day
  // (with its buttons).
  await moveDue(String(revisit._id), MANAGER, '2026-11-30');
  const moved = toExecutor();
  expect(moved).toHaveLength(1);
  await runJobAt(app, tasksJob, '2026-11-30T01:00:00Z');
  const reminded = toExecutor();
  expect(reminded).toHaveLength(1);
  expect(JSON.stringify(reminded[0]!.args.blocks)).toContain('task_done_open');
  const told = [...moved, ...reminded];

  app.fake.reset();
  await eraseInSlack(code);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  for (const c of told) {
    const edits = updatesOf(tsOf(c));
    expect(edits.map((e) => e.args.text)).toEqual([
      `:information_source: A task of ${number} was in this message. Its words were anonymised (retention or an erasure of personal data), so the message was taken out: your open tasks, with their buttons, are in \`/task mine\` and on your App Home.`,
    ]);
    expect(edits[0]!.args.blocks).toEqual([]);
    expect(JSON.stringify(edits[0]!.args)).not.toContain('Wangfang');
  }
});

test('in zh-CN the line is in Chinese', async () => {
  await app.setSettings((s) => ({ ...s, locale: 'zh-CN', managers: [MANAGER], agents: [AGENT] }));
  const { code } = await makeCustomer(app, { name: 'Wangfang Trading' });
  const number = await resolvedTicketOf(app, code, TRIAGE);
  await runJobAt(app, tasksJob, '2026-11-27T01:00:00Z');
  const revisit = (await app.db.models.tasks.findOne({ kind: 'revisit' }).lean())!;
  const [reminder] = app.fake
    .tookCalls('chat.postMessage')
    .filter(
      (c) => c.args.channel === revisit.assigneeId && JSON.stringify(c.args).includes('Wangfang'),
    );
  expect(reminder).toBeDefined();
  app.fake.reset();
  await eraseInSlack(code);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(updatesOf(tsOf(reminder!)).map((e) => e.args.text)).toEqual([
    `:information_source: 这条消息中原有 ${number} 的任务。其内容已匿名化（保留期限到期或个人数据已删除），因此整条消息已移除：你的未完成任务及其按钮见 \`/task mine\` 和应用主页。`,
  ]);
});
