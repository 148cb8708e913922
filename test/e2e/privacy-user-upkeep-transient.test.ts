// The outbox upkeep's run of an unfinished erasure by Slack user (finishErasures) gives it up for
// good only when the desk refuses it (the person made staff since). A passing refusal of a
// ticket's resume (TicketService.act: changedMeanwhile after three conflicting writes,
// beingMerged while a merge holds it for 30 s) is tried again at a later pass; given up, the
// person's words would stay on the tickets and the resumed ticket's notices be held for ever.
import { beforeEach, expect, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { AppError } from '../../src/errors.js';
import { ErasureLeaseRepository } from '../../src/privacy/repository.js';
import { TicketService } from '../../src/ticket/service.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const REQ = 'U0CUSTREQ1';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

let first = '';
let second = '';
beforeEach(async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  const customer = await makeCustomer(app, { name: 'Huadong Machinery' });
  for (const title of ['Coolant leak on line 3', 'Spindle noise on line 4']) {
    const t = await makeTicket(app, {
      customerCode: customer.code,
      title,
      description: 'Coolant on the floor',
      requester: { userId: REQ, via: 'slack' },
    });
    await act(app, t.number, { action: 'claim' }, AGENT);
    await act(app, t.number, { action: 'wait', question: 'Which line is it?' }, AGENT);
    if (!first) first = t.number;
    else second = t.number;
  }
  await ctxOf(app, REQ);
  app.clock.advance(4000);
  await app.desk.outbox.drain();
});

test('an unfinished erasure whose re-run by the upkeep meets a passing refusal of a resume (changedMeanwhile) is run again at the next pass, not given up for good', async () => {
  // The admin's run cut after the first resume (its process stopped, the lease never given back).
  const cut = vi
    .spyOn(TicketService.prototype, 'noticesWritten')
    .mockImplementationOnce(async () => {
      throw new Error('process stopped');
    });
  const kept = vi
    .spyOn(ErasureLeaseRepository.prototype, 'release')
    .mockRejectedValueOnce(new Error('process stopped'));
  app.clock.advance(60_000);
  try {
    await app.slack.submitView(
      {
        id: 'V0CUTTWO01',
        callback_id: 'privacy_erase',
        private_metadata: JSON.stringify({ subjectUser: REQ }),
        blocks: [],
      },
      {},
      { userId: ADMIN },
    );
  } finally {
    cut.mockRestore();
    kept.mockRestore();
  }
  expect((await app.db.models.tickets.findOne({ number: second }).lean())!.status).toBe('waiting');
  // The upkeep after the lease ran out: the second ticket's resume meets three conflicting writes.
  const busy = vi.spyOn(TicketService.prototype, 'act').mockImplementationOnce(async () => {
    throw new AppError('INVALID_INPUT', 'ticket.error.changedMeanwhile', { number: second });
  });
  let finished = 0;
  try {
    const [run] = await runJobAt(app, outboxJob, '2026-11-24T02:10:00Z');
    finished += Number(run!.counts?.erasuresFinished ?? 0);
  } finally {
    busy.mockRestore();
  }
  // The next pass: the erasure should be run again and finished.
  const [next] = await runJobAt(app, outboxJob, '2026-11-24T02:11:00Z');
  finished += Number(next!.counts?.erasuresFinished ?? 0);
  // The pass after: the notices repair (run before the erasures at each pass) takes the first
  // ticket's held notices now that its resume is told.
  await runJobAt(app, outboxJob, '2026-11-24T02:12:00Z');
  const t1 = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  const t2 = (await app.db.models.tickets.findOne({ number: second }).lean())!;
  expect(finished).toBe(1);
  // Their words gone, the second ticket resumed, both resumes told (the marks gone).
  expect(t1.title).not.toBe('Coolant leak on line 3');
  expect(t2.status).not.toBe('waiting');
  expect(t1.erasureResumeOwed).toBeUndefined();
  expect(t1.noticesOwedAt).toBeUndefined();
});

test('a mark saying whose erasure it is with no resume owed (left by an older instance) is not run again by the upkeep, and the person’s id on it is kept no more', async () => {
  await app.db.models.tickets.updateOne(
    { number: first },
    { $set: { erasureResumeUser: REQ } },
    { timestamps: false },
  );
  const [run] = await runJobAt(app, outboxJob, '2026-11-24T02:10:00Z');
  expect(run!.counts).not.toHaveProperty('erasuresFinished');
  const [next] = await runJobAt(app, outboxJob, '2026-11-24T02:11:00Z');
  expect(next!.counts).not.toHaveProperty('erasuresFinished');
  const t1 = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  expect(t1.erasureResumeUser).toBeUndefined();
  // Nobody erased them: their ticket is as it was.
  expect(t1.title).toBe('Coolant leak on line 3');
});
