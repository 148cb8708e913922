// A complaint merge cut short after closing the duplicate (or after both writes), repaired by the
// outbox job's notices repair: the target's contact task ends as the whole merge leaves it,
// cancelled when the duplicate's customer contact was carried to it, due at the duplicate's
// sooner contact time when the target took it [revland-d F2]. Through the real Bolt app, the
// fake Slack and the test database.
import { expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });
const ticket = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;
const contactTask = (number: string) =>
  app.db.models.tasks.findOne({ kind: 'complaint_contact', ticketNumber: number }).lean();

/** Two general complaints of one customer, T1 at 10:00 (contact due Thu 16:00), T2 at 13:00. */
async function twoComplaints() {
  app.clock.set('2026-09-01T02:00:00Z');
  await app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT] }));
  app.clock.set('2026-11-24T02:00:00Z');
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const complaint = async (title: string) =>
    (
      await makeTicket(app, {
        customerCode: code,
        type: 'complaint',
        complaintUrgency: 'general',
        title,
      })
    ).number;
  const t1 = await complaint('Wrong parts');
  app.clock.advance(3 * 3_600_000);
  const t2 = await complaint('Wrong parts again');
  await act(app, t1, { action: 'claim' }, AGENT);
  await act(app, t2, { action: 'claim' }, AGENT);
  return { t1, t2 };
}

/**
 * AGENT's merge of `t1` into `t2` cut short: the duplicate closed, then the process died (with
 * `noted`, after the note on the target too); the outbox job's passes past the repair's wait.
 */
async function cutShort(t1: string, t2: string, noted = false) {
  const ctx = await ctxOf(app, AGENT);
  const merged = await app.desk.services.tickets.act(ctx, t1, { action: 'merge', into: t2 });
  if (noted) await app.desk.services.tickets.noteMerged(ctx, merged.ticket, undefined);
  const now = app.clock.now().getTime();
  await runJobAt(app, outboxJob, new Date(now + 3 * 60_000).toISOString());
  await runJobAt(app, outboxJob, new Date(now + 10 * 60_000).toISOString());
  expect((await ticket(t2)).timeline.filter((e: any) => e.mergedFrom === t1)).toHaveLength(1);
}

test("a repaired merge that carried the duplicate's customer contact cancels the target's contact task as contacted", async () => {
  const { t1, t2 } = await twoComplaints();
  app.clock.advance(30 * 60_000);
  await act(
    app,
    t1,
    { action: 'contact', at: app.clock.now(), via: 'call', summary: 'Called' },
    OWNER,
  );
  await cutShort(t1, t2);
  expect((await ticket(t2)).complaint!.contactedAt).toEqual(
    (await ticket(t1)).complaint!.contactedAt,
  );
  // Its holder is no longer asked (Home, reminders) to contact a customer contacted already.
  const task = await contactTask(t2);
  expect([task?.status, task?.cancelReason]).toEqual(['cancelled', 'contacted']);
});

test("a repaired merge whose target took the duplicate's sooner contact due time moves the target's contact task to it", async () => {
  const { t1, t2 } = await twoComplaints();
  await cutShort(t1, t2);
  // Thu 16:00 (T1's), not Fri 10:00 (T2's own): the account manager's task is due then.
  const due = new Date('2026-11-26T08:00:00Z');
  expect((await ticket(t2)).complaint!.contactDueAt).toEqual(due);
  expect((await contactTask(t2))?.dueAt).toEqual(due);
  expect((await contactTask(t2))?.dueDate).toBe('2026-11-26');
});

test("a merge cut short after its note, before the task moved: the repair moves the target's contact task to the sooner due time", async () => {
  const { t1, t2 } = await twoComplaints();
  await cutShort(t1, t2, true);
  const due = new Date('2026-11-26T08:00:00Z');
  expect((await ticket(t2)).complaint!.contactDueAt).toEqual(due);
  expect((await contactTask(t2))?.dueAt).toEqual(due);
});
