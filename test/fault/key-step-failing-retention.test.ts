// The daily privacy-retention job's key step (DataSubjectRepository.forgetSubmissionDigests,
// hygiene) failing, as the database failing right then would make it: the anonymising of what is
// past the retention limit (the legal duty) still happens, the run succeeds, the failure is
// logged with no personal data, and the next run strips the keys.
import { expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { DataSubjectRepository } from '../../src/privacy/repository.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { DATABASE_GONE, failCalls } from '../helpers/faults.js';
import { runJobAt, runJobLogged } from '../helpers/jobs.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

test('the key step failing: the task past the limit is anonymised, the run ok, the failure logged', async () => {
  await app.setSettings((s) => ({
    ...s,
    agents: [AGENT],
    accountManagers: [OWNER],
    retentionDays: 30,
  }));
  const { code } = await makeCustomer(app);
  const customer = (await app.db.models.customers
    .findOne({ teamId: FAKE_TEAM_ID, code })
    .lean()) as { _id: unknown };
  const closed = {
    teamId: FAKE_TEAM_ID,
    customerId: String(customer._id),
    kind: 'visit',
    status: 'done',
    assigneeId: AGENT,
    createdBy: OWNER,
    doneBy: AGENT,
    outcome: { type: 'visit', summary: 'met 王芳' },
  };
  // Done 40 days before the run (past the 30-day limit), and one done 5 days before it holding
  // a key (a day old and more: its digest goes).
  await app.db.models.tasks.collection.insertMany([
    {
      ...closed,
      _id: 'old-task',
      content: 'Visit 王芳 at the plant',
      dueDate: '2026-11-25',
      doneAt: new Date('2026-11-24T03:00:00Z'),
      createdAt: new Date('2026-11-24T02:00:00Z'),
      updatedAt: new Date('2026-11-24T03:00:00Z'),
    },
    {
      ...closed,
      _id: 'keyed-task',
      content: 'Call back',
      dueDate: '2026-12-30',
      doneAt: new Date('2026-12-31T03:00:00Z'),
      closedForm: 'view:V0KEYSTEP1#AbCdEfGhIjKlMnOp',
      createdAt: new Date('2026-12-30T02:00:00Z'),
      updatedAt: new Date('2026-12-31T03:00:00Z'),
    },
  ] as never);

  const restore = failCalls(DataSubjectRepository.prototype, 'forgetSubmissionDigests', {
    times: Infinity,
  });
  let run;
  let lines;
  try {
    ({ run, lines } = await runJobLogged(app, privacyRetentionJob, '2027-01-05T01:00:00Z'));
  } finally {
    restore();
  }
  expect(run!.ran).toBe(true);
  expect(run!.error).toBeUndefined();
  const old = (await app.db.models.tasks.findById('old-task').lean()) as { content: string };
  expect(old.content).not.toContain('王芳');
  const failed = lines!.filter((l) => l.msg.includes('submission keys not stripped'));
  expect(failed).toHaveLength(1);
  expect(failed[0]!.level).toBe(40);
  expect(JSON.stringify(failed[0])).toContain(DATABASE_GONE);
  expect(JSON.stringify(lines!)).not.toContain('王芳');
  expect(JSON.stringify(lines!)).not.toContain('V0KEYSTEP1');
  // The key is still there, and the next day's run takes its digest.
  const keyed = (await app.db.models.tasks.findById('keyed-task').lean()) as {
    closedForm?: string;
  };
  expect(keyed.closedForm).toBe('view:V0KEYSTEP1#AbCdEfGhIjKlMnOp');
  const [next] = await runJobAt(app, privacyRetentionJob, '2027-01-06T01:00:00Z');
  expect(next!.error).toBeUndefined();
  const after = (await app.db.models.tasks.findById('keyed-task').lean()) as {
    closedForm?: string;
  };
  expect(after.closedForm).toBeUndefined();
});
