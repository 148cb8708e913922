// A complaint contact's "Tried, could not reach", finished: the Done form sent twice (Slack's
// redelivery, a retry after a lost ack) records one attempt; an attempt made by someone other
// than the task's executor tells the executor by DM; the form's date and time read for a contact
// or an attempt alike; an attempt made before the contact target, the target then passing, moves
// the task to the next working day, where its holder is reminded again (as an attempt made after
// the target does); a contact task the desk moves (a new urgency) is redrawn on its holder's Home.
// Through the real Bolt HTTP path: signed requests, the fake Slack, the test database.
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { createLogger } from '../../src/logger.js';
import { useTestApp } from '../helpers/app.js';
import { claimedUrgentComplaint, complaintDeskEach } from '../helpers/complaints.js';
import { act, AGENT, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';

// Tuesday 2026-11-24 10:00 in Shanghai; business hours Mon-Fri 09:00-18:00.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

type View = Record<string, any>;

const local = (isoLocal: string) => new Date(`${isoLocal}:00+08:00`);
const ticket = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;
const contactTask = async (number: string) =>
  (await app.db.models.tasks.findOne({ kind: 'complaint_contact', ticketNumber: number }).lean())!;

complaintDeskEach(app, { managers: [MANAGER] });

/** An urgent complaint of a new customer received now (Tuesday 10:00; contact by 14:00), claimed by the agent. */
async function complaint(name = 'Huadong'): Promise<string> {
  const { number } = await claimedUrgentComplaint(app, { name });
  return number;
}

/** The contact task's Done modal as `user` opens it at `nowLocal`, with the view id Slack gives it. */
async function openDone(number: string, nowLocal: string, user = OWNER, id = 'V0DONE0001') {
  app.clock.set(local(nowLocal));
  const task = await contactTask(number);
  const before = app.fake.callsTo('views.open').length;
  await app.slack.blockAction(
    { action_id: 'task_done_open', value: task._id as string },
    { userId: user },
  );
  const opened = app.fake.callsTo('views.open');
  expect(opened.length).toBe(before + 1);
  return { ...(opened.at(-1)!.args.view as View), id } as View;
}

/** "Tried, could not reach" at `triedLocal` submitted on `view` by `user`: Slack's answer. */
function tried(view: View, triedLocal: string, user = OWNER) {
  const [date, time] = triedLocal.split('T') as [string, string];
  return app.slack.submitView(
    view,
    {
      contact_outcome: 'notReached',
      type: 'call',
      contacted_date: date,
      contacted_time: time,
      summary: 'No answer',
    },
    { userId: user },
  );
}

test('the Done form sent again with the same view id records one attempt, at once or after it saved; another form records its own', async () => {
  const number = await complaint();
  const view = await openDone(number, '2026-11-24T10:40');
  // Delivered twice at once (a double click, Slack's redelivery).
  const answers = await Promise.all([
    tried(view, '2026-11-24T10:30'),
    tried(view, '2026-11-24T10:30'),
  ]);
  expect(answers.map((a) => [a.status, a.body])).toEqual([
    [200, ''],
    [200, ''],
  ]);
  expect((await ticket(number)).complaint!.attempts).toHaveLength(1);
  // Sent again after it saved (its ack lost): still one, one thread line, answered as saved.
  const again = await tried(view, '2026-11-24T10:30');
  expect(again.body).toBe('');
  expect((await ticket(number)).complaint!.attempts).toHaveLength(1);
  expect(
    app.fake
      .textsTo(TRIAGE)
      .filter((text) => text.includes('tried to contact the customer and could not reach them')),
  ).toHaveLength(1);
  expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toContain(
    'The contact task stays open',
  );
  // A second try, in a new form: its own attempt.
  const second = await openDone(number, '2026-11-24T11:40', OWNER, 'V0DONE0002');
  expect((await tried(second, '2026-11-24T11:30')).body).toBe('');
  expect((await ticket(number)).complaint!.attempts).toHaveLength(2);
});

test('an attempt recorded by a manager tells the task’s executor by DM, in their language; the executor’s own attempt tells nobody', async () => {
  const number = await complaint();
  const own = await openDone(number, '2026-11-24T10:40');
  const dmsBefore = app.fake.postsTo(OWNER).length;
  await tried(own, '2026-11-24T10:30');
  await app.desk.outbox.drain();
  expect(
    app.fake
      .postsTo(OWNER)
      .slice(dmsBefore)
      .filter((c) => String(c.args.text).includes('could not reach')),
  ).toEqual([]);

  const view = await openDone(number, '2026-11-24T11:10', MANAGER, 'V0DONE0003');
  expect((await tried(view, '2026-11-24T11:00', MANAGER)).body).toBe('');
  await app.desk.outbox.drain();
  const told = app.fake.postsTo(OWNER).filter((c) => String(c.args.text).includes(MANAGER));
  expect(told).toHaveLength(1);
  const text = String(told[0]!.args.text);
  expect(text).toContain(
    `<@${MANAGER}> tried to contact the customer of complaint *${number}* (Call, `,
  );
  expect(text).toContain('and could not reach them: the contact is still owed.');
  expect(text).toContain('stays open, due');
  // With what they may do to it.
  expect(JSON.stringify(told[0]!.args.blocks)).toContain('task_done_open');
  // The outbox job's repair of the DM owed writes nothing more.
  await app.desk.flows.tasks.repairNotices(
    new Date(app.clock.now().getTime() + 10 * 60_000),
    createLogger('silent'),
  );
  await app.desk.outbox.drain();
  expect(app.fake.postsTo(OWNER).filter((c) => String(c.args.text).includes(MANAGER))).toHaveLength(
    1,
  );

  // In Chinese for a workspace in Chinese.
  const zh = await complaint('Huanan');
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  const zhView = await openDone(zh, '2026-11-24T11:20', MANAGER, 'V0DONE0004');
  expect((await tried(zhView, '2026-11-24T11:15', MANAGER)).body).toBe('');
  await app.desk.outbox.drain();
  expect(app.fake.textsTo(OWNER).join('\n')).toContain(`<@${MANAGER}> 尝试联系投诉 *${zh}* 的客户`);
});

test('the Done form’s date and time read for a contact or an attempt alike', async () => {
  const number = await complaint();
  const view = await openDone(number, '2026-11-24T10:40');
  const label = (block: string) =>
    view.blocks.find((b: any) => b.block_id === block).label.text as string;
  expect(label('contacted_date')).toBe('Contacted or tried on');
  expect(label('contacted_time')).toBe('Contacted or tried at (Asia/Shanghai)');
});

test('an attempt before the contact target, the target then passing: the next working day’s run moves the task to that day at the same time and reminds its holder, once', async () => {
  const number = await complaint();
  const task = await contactTask(number);
  expect(task.dueAt).toEqual(local('2026-11-24T14:00'));
  const reminded = () =>
    app.fake
      .postsTo(OWNER)
      .filter((c) => String(c.args.text).startsWith('Your follow-up tasks'))
      .filter((c) => JSON.stringify(c.args.blocks).includes(String(task._id)));
  await runJobAt(app, tasksJob, local('2026-11-24T09:00').toISOString());
  expect(reminded()).toHaveLength(1);
  await tried(await openDone(number, '2026-11-24T10:40'), '2026-11-24T10:30');
  // Before the target: due as it was.
  expect((await contactTask(number)).dueAt).toEqual(local('2026-11-24T14:00'));

  // Wednesday morning, the target passed uncontacted: moved to Wednesday 14:00, reminded, and its
  // holder's Home shows it on its day.
  await runJobAt(app, tasksJob, local('2026-11-25T09:00').toISOString(), ['a', 'b']);
  const moved = await contactTask(number);
  expect([moved.status, moved.dueDate, moved.dueAt]).toEqual([
    'open',
    '2026-11-25',
    local('2026-11-25T14:00'),
  ]);
  expect(reminded()).toHaveLength(1);
  expect(app.fake.callsTo('views.publish').some((c) => c.args.user_id === OWNER)).toBe(true);
  // Thursday: not moved again (nobody tried since: it is overdue, as any task past its day).
  await runJobAt(app, tasksJob, local('2026-11-26T09:00').toISOString());
  expect((await contactTask(number)).dueAt).toEqual(local('2026-11-25T14:00'));
  expect(reminded()).toEqual([]);
});

test('a complaint contact task the desk moves (a new urgency) is redrawn on its holder’s Home', async () => {
  const number = await complaint();
  await app.desk.outbox.drain();
  await app.db.models.outbox.deleteMany({ kind: 'home' });
  // The agent who holds the ticket makes it a general complaint: its contact due later.
  await act(
    app,
    number,
    { action: 'classify', type: 'complaint', severity: 'general', complaintUrgency: 'general' },
    AGENT,
  );
  const task = await contactTask(number);
  expect(task.dueAt).toEqual((await ticket(number)).complaint!.contactDueAt);
  expect(task.dueAt).not.toEqual(local('2026-11-24T14:00'));
  const homes = await app.db.models.outbox.find({ kind: 'home' }).lean();
  expect(homes.map((h: any) => h.to)).toContain(OWNER);
});
