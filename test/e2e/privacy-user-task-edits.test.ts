// An erasure by Slack user (#12) is for a requester: a person replaced on a task by Edit task
// (its executor, helper or approver then) is kept in the task's edit history
// (`edits[].before`), the desk's record of who held the task; one who cancelled a task (Cancel
// task…, a manager since relieved of the role) is kept as its `cancelledBy`. Such a person is
// refused as staff, as one still on a task is, and the task keeps their user id (never an erase
// that leaves it in clear). Through the real Bolt stack (signed requests, fake Slack): the task
// is planned with /task new, edited with Edit task and cancelled with Cancel task….
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { heldIn, tryEraseUser } from '../helpers/privacy.js';
import { taskSteps } from '../helpers/tasks.js';
import { submitLastModal } from '../helpers/clicks.js';
import { runJobAt } from '../helpers/jobs.js';
import { outboxJob } from '../../jobs/outbox.js';

const ADMIN = 'U0ADMIN001';
const FORMER = 'U0FORMER09';
const OTHER = 'U0OTHER001';

const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

const { newTask, deliverAll } = taskSteps(app);

test.each([
  ['helper', 'helperId'],
  ['approver', 'approverId'],
  ['executor', 'assigneeId'],
] as const)(
  'a former %s replaced by Edit task, held only in the edit history: erase by user refused, the history keeps who held it',
  async (field, key) => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER], managers: [] }));
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
    const people = { executor: AGENT, helper: OTHER, approver: ADMIN, [field]: FORMER };
    const { res: planned } = await newTask(OWNER, {
      customer: code,
      kind: 'visit',
      ...people,
      due: '2026-11-27',
      content: 'Visit the plant with the new price list',
    });
    expect(planned.body).toBe('');
    const task = (await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
    await app.slack.blockAction(
      { action_id: 'task_edit_open', value: String(task._id) },
      { userId: OWNER },
    );
    await submitLastModal(
      app,
      { ...people, [field]: field === 'executor' ? OWNER : 'U0NEWONE01', due: '2026-11-27' },
      OWNER,
    );
    // Their DMs delivered and gone, and the records of where they went (ticket_posts, which
    // their erasure would delete): the edit history alone names them.
    await deliverAll();
    await app.db.models.outbox.deleteMany({});
    await app.db.models.ticketPosts.deleteMany({});
    expect(await heldIn(app, FORMER)).toEqual([`tasks.edits.before.${key}`]);

    const said = await tryEraseUser(app, ADMIN, FORMER);
    expect(said).toContain(`<@${FORMER}> works or has worked on the desk`);
    expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(0);
    const after = (await app.db.models.tasks.findById(task._id).lean())!;
    expect(after.edits?.[0]?.before).toMatchObject({ [key]: FORMER });
  },
);

test('a former manager whose only trace is a task they cancelled: erase by user refused, the task keeps who cancelled it', async () => {
  await app.setSettings(() => ({
    agents: [AGENT],
    accountManagers: [OWNER],
    managers: [FORMER],
  }));
  const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
  const { res: planned } = await newTask(OWNER, {
    customer: code,
    kind: 'call',
    executor: AGENT,
    due: '2026-11-27',
    content: 'Call about the spring order',
  });
  expect(planned.body).toBe('');
  const task = (await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
  // The executor's manager cancels it as not needed; then their role is taken away.
  await app.slack.blockAction(
    { action_id: 'task_cancel_open', value: String(task._id) },
    { userId: FORMER },
  );
  await submitLastModal(app, { reason: 'by_hand', note: 'Duplicate of the visit' }, FORMER);
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER], managers: [] }));
  // Their notices delivered, and taken off the task by the outbox job's repair (2 min on), the
  // outbox's entries gone: the task's cancelledBy alone names them.
  await deliverAll();
  await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
  await app.db.models.outbox.deleteMany({});
  expect(await heldIn(app, FORMER)).toEqual(['tasks.cancelledBy']);

  const said = await tryEraseUser(app, ADMIN, FORMER);
  expect(said).toContain(`<@${FORMER}> works or has worked on the desk`);
  expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(0);
  expect((await app.db.models.tasks.findById(task._id).lean())!).toMatchObject({
    status: 'cancelled',
    cancelledBy: FORMER,
  });
});
