// The daily close waits for a resolved ticket's revisit (domain 4: satisfaction revisit, then
// archive; domain 5's day-3 "is it really solved"): a revisit done after the requester's 7 days
// that finds it not solved still reopens it; one done solved (or cancelled) lets the desk close it
// the next morning, as of then; one nobody does holds it 30 days from the resolution at most, or
// until 7 days after the revisit's due day when that is later (a first revisit day of 30 or more).
import { expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { tasksJob } from '../../jobs/tasks.js';
import { ticketsCloseJob } from '../../jobs/tickets-close.js';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { useTestApp } from '../helpers/app.js';
import { submitLastModal } from '../helpers/clicks.js';
import { AGENT } from '../helpers/factories.js';
import { failCalls } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';
import { resolvedTicketOf } from '../helpers/tasks.js';
import { makeCustomer } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';

// Tuesday 2026-11-24 10:00 in Shanghai; the daily runs at 09:00 (01:00Z).
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

/** A key customer's ticket, claimed and resolved by AGENT on its card: its revisit due Fri 27. */
async function resolvedTicket(): Promise<string> {
  const { code } = await makeCustomer(app, { annualRevenue: 600_000 });
  return resolvedTicketOf(app, code, TRIAGE, 'important');
}

const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;

/** The revisit's Done button of the reminder DM the tasks run sent AGENT on its due day. */
async function revisitButton(): Promise<string> {
  await runJobAt(app, tasksJob, '2026-11-27T01:00:00Z');
  const dm = app.fake.postsTo(AGENT)[0]!;
  const done = (dm.args.blocks as any[]).find((b) => b.accessory?.action_id === 'task_done_open');
  return done.accessory.value as string;
}

/** AGENT's Done on the revisit at `iso`, through its modal: the confirmation they read. */
async function doneRevisit(taskId: string, iso: string, solved: 'yes' | 'no'): Promise<string> {
  app.clock.set(iso);
  await app.slack.blockAction({ action_id: 'task_done_open', value: taskId }, { userId: AGENT });
  await submitLastModal(app, { solved, satisfaction: solved === 'yes' ? '4' : '2' }, AGENT);
  return String(app.fake.callsTo('response_url').at(-1)?.args.text ?? '');
}

test('a revisit done on day 8 that finds it not solved reopens the ticket: the daily close left it resolved', async () => {
  const number = await resolvedTicket();
  const revisit = await revisitButton();
  // Wednesday 2 Dec, 09:00: the requester's 7 days are over, the revisit is not done yet.
  await runJobAt(app, ticketsCloseJob, '2026-12-02T01:00:00Z');
  expect((await stored(number)).status).toBe('resolved');
  const told = await doneRevisit(revisit, '2026-12-02T03:00:00Z', 'no');
  expect(told).not.toContain('cannot be reopened');
  const after = await stored(number);
  expect(after.status).toBe('assigned');
  expect(after.timeline.filter((e) => e.action === 'close')).toEqual([]);
});

test('a revisit done solved after the 7 days: the next daily close closes the ticket as of the Done', async () => {
  const number = await resolvedTicket();
  const revisit = await revisitButton();
  await runJobAt(app, ticketsCloseJob, '2026-12-02T01:00:00Z');
  expect((await stored(number)).status).toBe('resolved');
  await doneRevisit(revisit, '2026-12-02T03:00:00Z', 'yes');
  expect((await stored(number)).status).toBe('resolved');
  await runJobAt(app, ticketsCloseJob, '2026-12-03T01:00:00Z');
  const closed = await stored(number);
  expect(closed).toMatchObject({ status: 'closed', closedAt: new Date('2026-12-02T03:00:00Z') });
  expect(closed.timeline.filter((e) => e.action === 'close')).toEqual([
    expect.objectContaining({ by: SYSTEM_ACTOR, at: new Date('2026-12-02T03:00:00Z') }),
  ]);
});

test('a revisit nobody does holds the ticket 30 days from its resolution, then the desk closes it as of then', async () => {
  const number = await resolvedTicket();
  // Wednesday 23 Dec, 09:00: 29 days on, still resolved.
  await runJobAt(app, ticketsCloseJob, '2026-12-23T01:00:00Z');
  expect((await stored(number)).status).toBe('resolved');
  await runJobAt(app, ticketsCloseJob, '2026-12-24T03:00:00Z');
  expect(await stored(number)).toMatchObject({
    status: 'closed',
    closedAt: new Date('2026-12-24T02:00:00Z'),
  });
});

test('a revisit done "not solved" whose reopen failed after the save: the daily close in between leaves the ticket resolved, and the outbox repair reopens it', async () => {
  const number = await resolvedTicket();
  const revisit = await revisitButton();
  // Day 8 (Wed 2 Dec), 08:58: the Done, "not solved"; its reopen fails (as a process dying would).
  const restore = failCalls(app.desk.flows.tickets, 'act', {
    when: (_ctx: unknown, _n: unknown, params: { action: string }) => params.action === 'reopen',
  } as never);
  let told: string;
  try {
    told = await doneRevisit(revisit, '2026-12-02T00:58:00Z', 'no');
  } finally {
    restore();
  }
  expect(told).toContain('the desk will reopen it');
  expect((await stored(number)).status).toBe('resolved');
  // 09:00: the daily close leaves it for the reopen owed; 09:05 and 09:10: the outbox job repairs.
  await runJobAt(app, ticketsCloseJob, '2026-12-02T01:00:00Z');
  expect((await stored(number)).status).toBe('resolved');
  await runJobAt(app, outboxJob, '2026-12-02T01:05:00Z');
  await runJobAt(app, outboxJob, '2026-12-02T01:10:00Z');
  const after = await stored(number);
  expect(after.status).toBe('assigned');
  expect(after.timeline.filter((e) => e.action === 'close')).toEqual([]);
});

/** A revisit on day 30 (`revisitDays` 30, 90): the ticket resolved Tue 24 Nov, its revisit due Thu 24 Dec. */
async function resolvedWithRevisitOnDay30(): Promise<string> {
  await app.setSettings(() => ({ revisitDays: [30, 90] }));
  return resolvedTicket();
}

test('a revisit due on day 30: the daily close waits past its due day, and its "not solved" reopens the ticket', async () => {
  const number = await resolvedWithRevisitOnDay30();
  const task = await app.db.models.tasks.findOne({ kind: 'revisit' }).lean();
  expect(task!.dueDate).toBe('2026-12-24');
  // Thu 24 Dec, 09:00: its due day; the reminder DM's Done button.
  await runJobAt(app, tasksJob, '2026-12-24T01:00:00Z');
  const dm = app.fake
    .postsTo(AGENT)
    .flatMap((p) => (p.args.blocks as any[]) ?? [])
    .find((b) => b.accessory?.action_id === 'task_done_open');
  // Fri 25 Dec, 09:00: 31 days after the resolution, the revisit a day late: still resolved.
  await runJobAt(app, ticketsCloseJob, '2026-12-25T01:00:00Z');
  expect((await stored(number)).status).toBe('resolved');
  const told = await doneRevisit(dm.accessory.value as string, '2026-12-28T03:00:00Z', 'no');
  expect(told).not.toContain('cannot be reopened');
  const after = await stored(number);
  expect(after.status).toBe('assigned');
  expect(after.timeline.filter((e) => e.action === 'close')).toEqual([]);
});

test('a revisit due on day 30 nobody does: the desk closes the ticket 7 days after its due day, as of then', async () => {
  const number = await resolvedWithRevisitOnDay30();
  await runJobAt(app, ticketsCloseJob, '2026-12-31T01:00:00Z');
  expect((await stored(number)).status).toBe('resolved');
  await runJobAt(app, ticketsCloseJob, '2027-01-01T01:00:00Z');
  // The due day over at midnight (Shanghai) into Fri 25 Dec, 7 days on.
  expect(await stored(number)).toMatchObject({
    status: 'closed',
    closedAt: new Date('2026-12-31T16:00:00Z'),
  });
});
