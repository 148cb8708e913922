// A complaint's customer tried and not reached, said on the contact task's Done ("Tried, could
// not reach"): the attempt is kept (its thread line, the card's Customer contacted field), the
// contact still owed, the task open (moved to the next working day at the same time once the
// contact target has passed, so it is reminded again); Resolve stays refused to its agent and
// without an attempt, while a complaint manager may resolve it, saying why (required, checked in
// the service), which the card then shows. Through the real Bolt HTTP path: signed requests, the
// fake Slack, the test database.
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { claimedUrgentComplaint, complaintDeskEach } from '../helpers/complaints.js';
import { act, AGENT, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { fields } from '../helpers/ui.js';

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
async function complaint(): Promise<string> {
  const { number } = await claimedUrgentComplaint(app);
  return number;
}

/**
 * The account manager's Done on the complaint's contact task at `nowLocal`, saying it was tried
 * at `triedLocal` and not reached: Slack's answer to the submit, and the Done modal as opened.
 */
async function notReached(number: string, nowLocal: string, triedLocal: string) {
  app.clock.set(local(nowLocal));
  const task = await contactTask(number);
  const before = app.fake.callsTo('views.open').length;
  await app.slack.blockAction(
    { action_id: 'task_done_open', value: task._id as string },
    { userId: OWNER },
  );
  const opened = app.fake.callsTo('views.open');
  expect(opened.length).toBe(before + 1);
  const view = opened.at(-1)!.args.view as View;
  const [date, time] = triedLocal.split('T') as [string, string];
  const answer = await app.slack.submitView(
    view,
    {
      contact_outcome: 'notReached',
      type: 'call',
      contacted_date: date,
      contacted_time: time,
      summary: 'No answer',
    },
    { userId: OWNER },
  );
  return { answer, view };
}

/** `user` clicks Resolve on `number`'s card: the modal opened, or undefined (refused). */
async function resolveClick(number: string, user: string) {
  const before = app.fake.callsTo('views.open').length;
  await app.slack.blockAction(
    { action_id: 'ticket_resolve_open', value: number, block_id: 'ticket_actions' },
    { userId: user, channelId: TRIAGE },
  );
  const calls = app.fake.callsTo('views.open');
  return calls.length > before ? (calls.at(-1)!.args.view as View) : undefined;
}

/** The card of `number` as last drawn. */
async function card(number: string) {
  const t = await ticket(number);
  const updates = app.fake
    .callsTo('chat.update')
    .filter((c) => c.args.channel === t.card!.channel && c.args.ts === t.card!.ts);
  return fields(updates.at(-1)!.args.blocks as any[]);
}

test('"Tried, could not reach" on the contact task\'s Done before the target: the attempt kept, the contact still owed, the task open and due as it was', async () => {
  const number = await complaint();
  const due = (await contactTask(number)).dueAt;
  const { answer, view } = await notReached(number, '2026-11-24T10:40', '2026-11-24T10:30');
  // The Done asks the outcome, reached or not, among its fields.
  const radio = view.blocks.find((b: any) => b.block_id === 'contact_outcome');
  expect(radio.element.options.map((o: any) => o.text.text)).toEqual([
    'Reached',
    'Tried, could not reach',
  ]);
  expect(answer.body).toBe('');

  const tried = await ticket(number);
  expect({
    contactedAt: tried.complaint!.contactedAt,
    attempts: tried.complaint!.attempts?.map((a) => [a.at, a.by, a.via, a.summary]),
  }).toEqual({
    contactedAt: undefined,
    attempts: [[local('2026-11-24T10:30'), OWNER, 'call', 'No answer']],
  });
  const task = await contactTask(number);
  expect([task.status, task.dueAt]).toEqual(['open', due]);
  expect(app.fake.textsTo(TRIAGE)).toContain(
    `<@${OWNER}> tried to contact the customer and could not reach them: No answer`,
  );
  expect((await card(number))['Customer contacted']).toMatch(
    new RegExp(`^not reached: 1 attempt, the last .* by <@${OWNER}> · `),
  );
  // The account manager reads what happened, not "done".
  const told = String(app.fake.callsTo('response_url').at(-1)!.args.text);
  expect(told).toContain(`Attempt recorded on complaint *${number}*`);
  expect(told).toContain('The contact task stays open');
  expect(told).not.toContain('Done');
});

test('"Tried, could not reach" after the contact target: the task moves to the next working day at the same time and is reminded again then', async () => {
  const number = await complaint();
  const task = await contactTask(number);
  expect(task.dueAt).toEqual(local('2026-11-24T14:00'));
  // Its executor's daily reminders listing it (each run's posts: the fake is read per run).
  const reminded = () =>
    app.fake
      .postsTo(OWNER)
      .filter((c) => String(c.args.text).startsWith('Your follow-up tasks'))
      .filter((c) => JSON.stringify(c.args.blocks).includes(String(task._id)));
  await runJobAt(app, tasksJob, local('2026-11-24T11:00').toISOString());
  expect(reminded()).toHaveLength(1);

  const { answer } = await notReached(number, '2026-11-24T16:00', '2026-11-24T15:50');
  expect(answer.body).toBe('');
  expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toContain(
    'The contact task stays open',
  );
  const moved = await contactTask(number);
  expect([moved.status, moved.dueDate, moved.dueAt]).toEqual([
    'open',
    '2026-11-25',
    local('2026-11-25T14:00'),
  ]);
  expect((await ticket(number)).complaint!.attempts).toHaveLength(1);
  // Wednesday morning: reminded again, and the daily run leaves it on its new day.
  await runJobAt(app, tasksJob, local('2026-11-25T09:00').toISOString());
  expect(reminded()).toHaveLength(1);
  expect((await contactTask(number)).dueAt).toEqual(local('2026-11-25T14:00'));
});

test('a complaint tried and not reached: Resolve refused to its agent and without an attempt; a complaint manager resolves it with a reason the card shows', async () => {
  const number = await complaint();
  // No attempt yet: the manager's Resolve is refused too.
  expect(await resolveClick(number, MANAGER)).toBeUndefined();
  await notReached(number, '2026-11-24T10:40', '2026-11-24T10:30');

  // The agent's Resolve is refused as it is clicked, and in the service whatever it claims.
  expect(await resolveClick(number, AGENT)).toBeUndefined();
  await expect(
    act(
      app,
      number,
      {
        action: 'resolve',
        summary: 'Replacement sent',
        rootCause: 'delivery',
        correctiveAction: 'Check at packing',
        uncontactedReason: 'No answer',
        mayResolveUncontacted: true,
      },
      AGENT,
    ),
  ).rejects.toThrow();
  expect((await ticket(number)).status).not.toBe('resolved');

  // The manager's opens, asking why; left empty, it is refused on that field.
  const view = (await resolveClick(number, MANAGER))!;
  expect(view.blocks.map((b: any) => b.block_id)).toContain('uncontacted_reason');
  const form = {
    resolution: 'Replacement sent',
    root_cause: 'delivery',
    corrective_action: 'Check at packing',
  };
  const empty = await app.slack.submitView(view, form, { userId: MANAGER });
  expect(empty.body).toMatchObject({
    response_action: 'errors',
    errors: { uncontacted_reason: expect.any(String) },
  });
  expect((await ticket(number)).status).not.toBe('resolved');
  const answer = await app.slack.submitView(
    view,
    { ...form, uncontacted_reason: 'Three calls, no answer; replacement sent by courier' },
    { userId: MANAGER },
  );
  expect(answer.body).toBe('');
  const resolved = await ticket(number);
  expect([resolved.status, resolved.complaint!.contactedAt]).toEqual(['resolved', undefined]);
  // Its contact task has nothing left to record: closed, and said so to whoever opens it.
  const task = await contactTask(number);
  expect([task.status, task.cancelReason]).toEqual(['cancelled', 'resolved_uncontacted']);
  await app.slack.blockAction(
    { action_id: 'task_done_open', value: task._id as string },
    { userId: OWNER },
  );
  expect(JSON.stringify(app.fake.calls.slice(-3).map((c) => c.args))).toContain(
    'the complaint was resolved without reaching the customer',
  );
  expect((await card(number))['Customer contacted']).toBe(
    `not reached; resolved without it by <@${MANAGER}>: Three calls, no answer; replacement sent by courier`,
  );
});
