// A complaint's contact step moved to another day by a calendar change (its contact target moved
// with the holidays) after its reminder of the day went out: it is reminded again on its new day,
// as a task moved by a person's Change due date is.
import { describe, expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { settingsKit } from '../helpers/settings.js';

const ADMIN = 'U0ADMIN001';
// Tuesday 2026-11-24 10:00 in Shanghai; business hours Mon-Fri 09:00-18:00.
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });
const { openGroup } = settingsKit(app, ADMIN);

describe("a complaint's contact step moved by the calendar", () => {
  test('reminded on its day, then moved to the next day by a holiday: reminded again on that day, once', async () => {
    const { code } = await makeCustomer(app);
    const complaint = await makeTicket(app, {
      customerCode: code,
      type: 'complaint',
      complaintUrgency: 'urgent',
    });
    const contactTask = async () =>
      (await app.db.models.tasks
        .findOne({ kind: 'complaint_contact', ticketNumber: complaint.number })
        .lean())!;
    const task = await contactTask();
    expect(task.dueDate).toBe('2026-11-24');
    const executor = task.assigneeId;
    const reminders = () =>
      app.fake
        .postsTo(executor)
        .filter((c) => String(c.args.text).startsWith('Your follow-up tasks'))
        .filter((c) => JSON.stringify(c.args.blocks).includes(String(task._id)));

    // The daily run (caught up the same day) reminds it: due today.
    await runJobAt(app, tasksJob, '2026-11-24T03:00:00Z');
    expect(reminders()).toHaveLength(1);

    // Today is made a holiday: the contact target, and its task, move to tomorrow.
    const view = await openGroup('holidays');
    const saved = await app.slack.submitView(view, { holidays: '2026-11-24' }, { userId: ADMIN });
    expect(saved.body).toBe('');
    expect((await contactTask()).dueDate).toBe('2026-11-25');

    // Tomorrow's daily run reminds it again, for its new day; run again, nothing more (each run
    // starts a fresh record of Slack's calls).
    await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
    expect(reminders()).toHaveLength(1);
    await runJobAt(app, tasksJob, '2026-11-25T02:00:00Z');
    expect(reminders()).toEqual([]);
  });
});
