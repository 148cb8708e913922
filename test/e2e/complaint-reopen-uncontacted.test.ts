// A complaint resolved without the contact (tried, not reached, a complaint manager's Resolve
// with why), then reopened: the contact is owed again. The card no longer says it was resolved
// without it (the timeline's reopen keeps who, why and when), its contact task is open again for
// whoever held it, due at the contact target's time of day on the first working day that is
// still ahead, and its Done records the contact
// when the customer calls back; a reopen whose revival failed is revived by the next daily tasks
// run, once however many instances run it. Through the real Bolt HTTP path: signed requests, the
// fake Slack, the test database. (revland F2, p39.)
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import {
  claimedUrgentComplaint,
  complaintDeskEach,
  triedThenResolvedUncontacted,
} from '../helpers/complaints.js';
import { act, OWNER } from '../helpers/factories.js';
import { failCalls } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';
import { fields } from '../helpers/ui.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';
type View = Record<string, any>;
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

complaintDeskEach(app, { managers: [MANAGER], accountManagers: [OWNER] });

/** An urgent complaint (contact due Tuesday 14:00), tried at 10:30, resolved without it at 10:40. */
async function resolvedWithoutContact(): Promise<string> {
  const { number } = await claimedUrgentComplaint(app);
  app.clock.set('2026-11-24T02:40:00Z');
  await triedThenResolvedUncontacted(app, {
    number,
    manager: MANAGER,
    channel: TRIAGE,
    summary: 'No answer on the office line',
    reason: 'Three calls, no answer; replacement already shipped',
  });
  expect(await contactTask(number)).toMatchObject({
    status: 'cancelled',
    cancelReason: 'resolved_uncontacted',
  });
  return number;
}

const ticket = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;
const contactTask = (number: string) =>
  app.db.models.tasks.findOne({ kind: 'complaint_contact', ticketNumber: number }).lean();

/** The Customer contacted field of the ticket's card as last drawn. */
async function cardContact(number: string): Promise<string> {
  const t = await ticket(number);
  const draws = app.fake.callsTo('chat.update').filter((c) => c.args.ts === t.card!.ts);
  return fields(draws.at(-1)!.args.blocks as never)['Customer contacted']!;
}

test('reopened: the card says not reached, the contact task is open again (due the next working day, its time past today), and its Done records the contact', async () => {
  const number = await resolvedWithoutContact();
  expect(await cardContact(number)).toContain('resolved without it');

  // Wednesday 15:00: a manager reopens it (the customer says the parts are wrong again).
  app.clock.set('2026-11-25T07:00:00Z');
  await act(app, number, { action: 'reopen' }, MANAGER);
  await app.desk.outbox.drain();
  const reopened = await ticket(number);
  expect(reopened.status).toBe('assigned');
  expect(reopened.complaint!.resolvedUncontacted).toBeUndefined();
  expect(reopened.complaint!.attempts).toHaveLength(1);
  // Who gave the contact up, why and when, kept on the reopen.
  expect(reopened.timeline.at(-1)).toMatchObject({
    action: 'reopen',
    resolvedUncontacted: {
      by: MANAGER,
      reason: 'Three calls, no answer; replacement already shipped',
    },
  });
  const card = await cardContact(number);
  expect(card).not.toContain('resolved without it');
  expect(card).toContain('not reached: 1 attempt');
  // Open again for the account manager, due at the target's time (14:00), past today: Thursday.
  const task = (await contactTask(number))!;
  expect(task).toMatchObject({ status: 'open', assigneeId: OWNER, dueDate: '2026-11-26' });
  expect(task.dueAt).toEqual(new Date('2026-11-26T06:00:00Z'));
  expect(task.cancelReason).toBeUndefined();
  expect(task.cancelledAt).toBeUndefined();

  // Wednesday 16:00: the customer calls back; the account manager records the contact.
  app.clock.set('2026-11-25T08:00:00Z');
  await app.slack.blockAction(
    { action_id: 'task_done_open', value: task._id as string },
    { userId: OWNER },
  );
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as View;
  expect(view.callback_id).toBeDefined();
  const done = await app.slack.submitView(
    view as never,
    {
      contact_outcome: 'reached',
      type: 'call',
      contacted_date: '2026-11-25',
      contacted_time: '15:50',
      summary: 'Agreed a second replacement',
    },
    { userId: OWNER },
  );
  expect(done.body).toBe('');
  await app.desk.outbox.drain();
  const contacted = await ticket(number);
  expect(contacted.complaint!.contactedBy).toBe(OWNER);
  expect((await contactTask(number))!.status).toBe('done');
  expect(await cardContact(number)).toContain('late');
});

test('a reopen whose revival of the contact task failed: the next daily tasks run opens it again, once on two instances', async () => {
  const number = await resolvedWithoutContact();
  app.clock.set('2026-11-25T02:00:00Z');
  const restore = failCalls(app.desk.services.tasks, 'reviveContact');
  try {
    await act(app, number, { action: 'reopen' }, MANAGER);
  } finally {
    restore();
  }
  expect((await ticket(number)).complaint!.resolvedUncontacted).toBeUndefined();
  expect((await contactTask(number))!.status).toBe('cancelled');

  // Thursday 09:00's run, on two instances: open again, due that day at 14:00, still ahead.
  await runJobAt(app, tasksJob, '2026-11-26T01:00:00Z', ['a', 'b']);
  const task = (await contactTask(number))!;
  expect(task).toMatchObject({ status: 'open', assigneeId: OWNER, dueDate: '2026-11-26' });
  expect(task.dueAt).toEqual(new Date('2026-11-26T06:00:00Z'));
  // A later run changes nothing.
  await runJobAt(app, tasksJob, '2026-11-27T01:00:00Z');
  expect((await contactTask(number))!).toMatchObject({ status: 'open', dueDate: '2026-11-26' });
});
