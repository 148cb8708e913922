// The 3-7-30 follow-ups honour the care opt-out as the care plan does: a customer whose every
// contact opted out of 回访 gets no revisit, guide or check-in call planned when its ticket is
// resolved, nor by the daily reconcile, and an opt-out after the resolution cancels those open;
// one contact still reachable keeps them.
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { resolvedTicketOf } from '../helpers/tasks.js';

const TRIAGE = 'C0TRIAGE01';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

/** A ticket of a customer with `optOuts` on its only contact, resolved through the card. */
async function resolvedFor(optOuts: string[]): Promise<string> {
  const { code } = await makeCustomer(app, {
    annualRevenue: 600_000,
    lifecycle: 'active',
    contact: { name: '王芳', optOuts },
  });
  await resolvedTicketOf(app, code, TRIAGE, 'important');
  return code;
}

const followUpsOf = async (code: string) =>
  (await app.db.models.tasks.find({ teamId: FAKE_TEAM_ID, customerCode: code }).lean())
    .filter((t) => ['revisit', 'guide', 'checkin'].includes(t.kind))
    .map((t) => t.kind);

test('a customer whose only contact says 不要回访 gets no 3-7-30 calls, not even from the daily repair', async () => {
  const code = await resolvedFor(['不要回访']);
  expect(await followUpsOf(code)).toEqual([]);
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  expect(await followUpsOf(code)).toEqual([]);
});

test('a contact who opted out of greetings only still gets the 3-7-30 calls', async () => {
  const code = await resolvedFor(['不要节日问候']);
  expect(await followUpsOf(code)).toEqual(['revisit', 'guide', 'checkin']);
});

test('an opt-out of 回访 after the resolution cancels its open 3-7-30 calls, reminded to nobody', async () => {
  const code = await resolvedFor([]);
  expect(await followUpsOf(code)).toEqual(['revisit', 'guide', 'checkin']);
  // The contact says the next morning: no more revisits.
  await app.db.models.customers.updateOne(
    { teamId: FAKE_TEAM_ID, code },
    { $set: { 'contacts.0.optOuts': ['不要回访'] } },
  );
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  const calls = (
    await app.db.models.tasks.find({ teamId: FAKE_TEAM_ID, customerCode: code }).lean()
  ).filter((t) => ['revisit', 'guide', 'checkin'].includes(t.kind));
  expect(calls.map((t) => [t.kind, t.status, t.cancelReason])).toEqual([
    ['revisit', 'cancelled', 'opted_out'],
    ['guide', 'cancelled', 'opted_out'],
    ['checkin', 'cancelled', 'opted_out'],
  ]);
  // The day-3 revisit is due on Friday: its reminder (three days before) does not go.
  for (const executor of new Set(calls.map((t) => t.assigneeId)))
    expect(app.fake.postsTo(executor).map((m) => String(m.args.text))).toEqual([]);
});
