// The requester job and the SLA sweep's drafts over more tickets than a run reads or writes
// (moved from test/e2e/requester.test.ts: hundreds of tickets seeded a test): a low answer found
// among 600 high ones, a progress note due after 600 candidates, a run's cap of 500 drafts, and a
// passed promise after 600 held by nobody.
import { describe, expect, test, vi } from 'vitest';
import { requesterJob } from '../../jobs/requester.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { runDue } from '../../src/schedule/runner.js';
import { TicketRepository } from '../../src/ticket/repository.js';
import { AGENT, ctxOf } from '../helpers/factories.js';
import { jobDeps, runJobAt } from '../helpers/jobs.js';
import { MANAGER, REQ, useRequesterApp } from '../helpers/requester-kit.js';

const kit = useRequesterApp();
const { app, customer, createTicket, stored, seedCopies, claimedAndResolved } = kit;
const { click, submitLast, dms, assignedAfter, draftsPosted } = kit;

describe('satisfaction from the customer', () => {
  test('a low answer whose follow-up a crash left unplanned is found among more answers than a run reads (600 high ones the day before): only low ones not followed up are read, the oldest first', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    // Yesterday's 600 answered surveys, all 5/5, saved before the low one (as the database
    // returns them unsorted: first). Seeded in one write, from one resolved and answered ticket.
    const code = await customer();
    const template = await createTicket({ requester: REQ, customer: code });
    await claimedAndResolved(template);
    const tid = (await stored(template))._id.toHexString();
    await app.desk.services.tickets.answerSurvey(await ctxOf(app, REQ), tid, { satisfaction: 5 });
    await seedCopies(template, 600, (doc) => ({
      survey: { ...doc.survey!, at: new Date('2026-11-23T03:00:00Z') },
    }));

    const number = await createTicket({ requester: REQ, customer: code });
    await claimedAndResolved(number);
    const id = (await stored(number))._id.toHexString();
    // The answer's own write; the process dies before anything after it.
    await app.desk.services.tickets.answerSurvey(await ctxOf(app, REQ), id, { satisfaction: 1 });

    await runJobAt(app, requesterJob, '2026-11-24T02:15:00Z');
    const tasks = await app.db.models.tasks.find({ kind: 'recovery' }).lean();
    expect(tasks.map((t) => [t.ticketNumber, t.status])).toEqual([[number, 'open']]);
    expect(dms(MANAGER)).toHaveLength(1);
  });
});

describe('delay notices and progress notes are drafted, and sent only when the agent confirms', () => {
  test('a progress note falls due on a ticket read after more candidates than a page (600 whose agents sent a note a quarter of an hour ago): it gets its draft', async () => {
    await app.setSettings(() => ({ progressNoteHours: 8 }));
    const number = await assignedAfter(600, {
      progressNoteAt: new Date('2026-11-26T01:00:00Z'),
    });

    // Thursday 09:15: its first 8 business hours are over (Tuesday 10:00-18:00); the 601 others
    // were sent a note 15 minutes ago.
    const [run] = await runJobAt(app, requesterJob, '2026-11-26T01:15:00Z');
    expect(dms(AGENT)).toEqual([expect.stringContaining(`Ticket *${number}*`)]);
    expect(run!.counts).toMatchObject({ drafts: 1 });
  });

  test('more progress notes due than a run writes (502): the first run writes its cap, oldest first, reads no page past it (of candidates carrying only what the check reads), and says how many are left; the next writes the rest, the last ticket among them; nothing twice', async () => {
    await app.setSettings(() => ({ progressNoteHours: 8 }));
    const number = await assignedAfter(500, {});
    const id = (await stored(number))._id.toHexString();
    const drafted = async () =>
      (await app.db.models.outbox.find({ key: /^requester:.*:draft:progress-b:/ }).lean()).map(
        (e) => e.key,
      );

    // The job's runs through the runner, the drafts left in the outbox (their DMs are not what
    // is tested: delivering 500 would only make the test slow).
    const runAt = async (iso: string) => {
      app.clock.set(iso);
      return (await runDue(jobDeps(app), [requesterJob])).filter((r) => r.ran);
    };
    // The pages the runs read of the candidates.
    const pages: object[][] = [];
    const read = TicketRepository.prototype.progressCandidates;
    const spy = vi
      .spyOn(TicketRepository.prototype, 'progressCandidates')
      .mockImplementation(async function (this: TicketRepository, ...args) {
        const page = await read.apply(this, args);
        pages.push(page);
        return page;
      });
    const [first] = await runAt('2026-11-26T01:15:00Z');
    spy.mockRestore();
    expect(first!.counts).toMatchObject({ drafts: 500, draftsLeft: 2 });
    // Its cap reached, the run read no further page (those left counted, not read), and a page
    // carries only what the check reads, not whole tickets.
    expect(pages.map((p) => p.length)).toEqual([500]);
    expect(Object.keys(pages[0]![0]!).sort()).toEqual(
      ['assigneeId', 'id', 'pauses', 'receivedAt', 'sla'].sort(),
    );
    expect(await drafted()).toHaveLength(500);
    expect((await drafted()).some((k) => k.startsWith(`requester:${id}:`))).toBe(false);

    const [second] = await runAt('2026-11-26T01:30:00Z');
    expect(second!.counts).toMatchObject({ drafts: 2 });
    expect(second!.counts).not.toHaveProperty('draftsLeft');
    expect(await drafted()).toHaveLength(502);
    expect((await drafted()).some((k) => k.startsWith(`requester:${id}:`))).toBe(true);

    const [third] = await runAt('2026-11-26T01:45:00Z');
    expect(third!.counts).toMatchObject({ drafts: 0 });
    expect(await drafted()).toHaveLength(502);
  });
});

describe('a promised date that passes with the ticket still open', () => {
  const drafted = draftsPosted;

  test('a passed promise on an assigned ticket read after more than a run reads of passed promises held by nobody (600 back in the queue): its holder gets the draft', async () => {
    const code = await customer();
    // 600 new tickets in the queue whose requesters were told of a delay from the card (Tell of
    // a delay…, before anyone claimed them) and whose promise passed, seeded in one write before
    // the assigned one (the database returns them unsorted: first), none due for an SLA alert.
    const queued = await createTicket({ requester: REQ, customer: code, severity: 'general' });
    await seedCopies(queued, 600, () => ({ promisedDate: '2026-11-20', nextAlertAt: undefined }));
    const number = await createTicket({ requester: REQ, customer: code, severity: 'general' });
    await click('ticket_claim', number);
    await click('ticket_delay_open', number);
    await submitLast({
      text: 'The board ships tomorrow; manual mode meanwhile.',
      date: '2026-11-25',
    });
    await app.desk.outbox.drain();

    // Thursday 10:00, the day after its promise.
    await runJobAt(app, slaAlertsJob, '2026-11-26T02:00:30Z');
    expect(drafted()).toEqual([
      {
        to: AGENT,
        text: expect.stringContaining(
          `Ticket *${number}* (Huadong Machinery: Line 3 is down) is still open, and the date the requester was promised (Wednesday, November 25, 2026) has passed.`,
        ),
      },
    ]);
  });
});
