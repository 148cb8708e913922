// The outbox upkeep's run of an unfinished erasure by Slack user (finishErasures) gives it up for
// good only when the desk refuses it (the person made staff since). A passing refusal of a
// ticket's resume (TicketService.act: changedMeanwhile after three conflicting writes,
// beingMerged while a merge holds it for 30 s) is tried again at a later pass; given up, the
// person's words would stay on the tickets and the resumed ticket's notices be held for ever.
import { beforeEach, expect, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { AppError } from '../../src/errors.js';
import { PrivacyFlows } from '../../src/flows/privacy.js';
import { TRANSIENT_MAX_ATTEMPTS } from '../../src/notify/outbox.js';
import { OutboxRepository } from '../../src/outbox/repository.js';
import { DataSubjectRepository, ErasureLeaseRepository } from '../../src/privacy/repository.js';
import { ErasureLeaseLost } from '../../src/privacy/service.js';
import { TicketService } from '../../src/ticket/service.js';
import { useTestApp } from '../helpers/app.js';
import { indexFailuresWhile } from '../helpers/setups-7-db-commands.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt, runJobLogged, textsOverRuns } from '../helpers/jobs.js';
import { scanStrings } from '../helpers/db.js';
import { failCalls } from '../helpers/faults.js';
import {
  eraseUserCutAfterResume,
  eraseUserCutAfterScrub,
  eraseUserInSlack,
  heldIn,
  userKey,
} from '../helpers/privacy.js';

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
  await eraseUserCutAfterResume(app, ADMIN, REQ, 'V0CUTTWO01');
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

/** Marks `number` as resumed at an erasure of `user` not done (as a cut run leaves it). */
async function markUnfinished(number: string, user: string) {
  const t = (await app.db.models.tickets.findOne({ number }).lean())!;
  await app.db.models.tickets.updateOne(
    { number },
    { $set: { erasureResumeOwed: userKey(t.teamId, user), erasureResumeUser: user } },
    { timestamps: false },
  );
}

test('an unfinished erasure the upkeep keeps failing is run again backing off (1, 2, 4 … min, 30 at most), then finished', async () => {
  await markUnfinished(first, REQ);
  const failing = vi
    .spyOn(PrivacyFlows.prototype, 'eraseUser')
    .mockRejectedValue(new Error('database unavailable'));
  const runsAt: string[] = [];
  try {
    for (const at of [
      '02:10',
      '02:11',
      '02:12',
      '02:13',
      '02:16',
      '02:17',
      '02:24',
      '02:25',
      '02:40',
      '02:41',
      '03:10',
      '03:11',
      '03:40',
      '03:41',
    ]) {
      const before = failing.mock.calls.length;
      await runJobAt(app, outboxJob, `2026-11-24T${at}:00Z`);
      if (failing.mock.calls.length > before) runsAt.push(at);
    }
  } finally {
    failing.mockRestore();
  }
  // Failed at 02:10: again 1 min on, then 2, 4, 8, 16, and 30 from then on.
  expect(runsAt).toEqual(['02:10', '02:11', '02:13', '02:17', '02:25', '02:41', '03:11', '03:41']);
  // The database back: the next try (04:11) finishes it, its back-off gone with the mark.
  const [early] = await runJobAt(app, outboxJob, '2026-11-24T04:10:00Z');
  expect(early!.counts).not.toHaveProperty('erasuresFinished');
  const [late] = await runJobAt(app, outboxJob, '2026-11-24T04:11:00Z');
  expect(late!.counts).toMatchObject({ erasuresFinished: 1 });
  const t1 = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  expect(t1.title).not.toBe('Coolant leak on line 3');
  expect(t1.erasureResumeUser).toBeUndefined();
  expect(t1.erasureResumeRetryAt).toBeUndefined();
  expect(t1.erasureResumeTries).toBeUndefined();
});

/** The upkeep (the outbox job) run at each of `times` (hh:mm UTC): the erasures each run finished. */
async function erasuresFinishedAt(times: string[]): Promise<number[]> {
  const finished: number[] = [];
  for (const at of times) {
    const [run] = await runJobAt(app, outboxJob, `2026-11-24T${at}:00Z`);
    finished.push(Number(run!.counts?.erasuresFinished ?? 0));
  }
  return finished;
}

/**
 * The upkeep (the outbox job) run at each of `times` (hh:mm UTC on 2026-11-24), every erasure it
 * runs losing its lease: the times it ran one.
 */
async function leaseLostRuns(times: string[]): Promise<string[]> {
  const lost = vi
    .spyOn(PrivacyFlows.prototype, 'eraseUser')
    .mockRejectedValue(new ErasureLeaseLost());
  const runsAt: string[] = [];
  try {
    for (const at of times) {
      const before = lost.mock.calls.length;
      await runJobAt(app, outboxJob, `2026-11-24T${at}:00Z`);
      if (lost.mock.calls.length > before) runsAt.push(at);
    }
  } finally {
    lost.mockRestore();
  }
  return runsAt;
}

test('an unfinished erasure whose run by the upkeep loses its lease at a step is run again backing off, not at every pass', async () => {
  await markUnfinished(first, REQ);
  const runsAt = await leaseLostRuns(['02:10', '02:11', '02:12', '02:13']);
  // Lost at 02:10: again 1 min on, then 2.
  expect(runsAt).toEqual(['02:10', '02:11', '02:13']);
  expect((await app.db.models.tickets.findOne({ number: first }).lean())!).toMatchObject({
    erasureResumeTries: 3,
  });
});

test('an unfinished erasure of a person more than 100 tickets waited on whose run by the upkeep loses its lease backs off every mark, those past the first 100 read too', async () => {
  // 102 marks: the upkeep's read of unfinished erasures stops at 100 tickets.
  await markUnfinished(first, REQ);
  const t = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  const { _id, ...rest } = t;
  await app.db.models.tickets.insertMany(
    Array.from({ length: 101 }, (_, i) => ({
      ...rest,
      number: `${first}-${i}`,
      submissionId: `${t.submissionId}-${i}`,
      timeline: [],
    })),
  );
  expect(await app.db.models.tickets.countDocuments({ erasureResumeUser: REQ })).toBe(102);
  const runsAt = await leaseLostRuns(['02:10', '02:11', '02:12', '02:13', '02:14']);
  // Lost at 02:10: again 1 min on, then 2: not at every pass.
  expect(runsAt).toEqual(['02:10', '02:11', '02:13']);
  const marks = await app.db.models.tickets.find({ erasureResumeUser: REQ }).lean();
  expect(marks).toHaveLength(102);
  expect(new Set(marks.map((m) => m.erasureResumeTries))).toEqual(new Set([3]));
});

test('an erasure the upkeep backed off, run again by hand and cut, is finished by the upkeep once its lease ran out, not at the old back-off', async () => {
  // An unfinished erasure the upkeep failed six times: backed off to 03:11.
  await markUnfinished(first, REQ);
  const failing = vi
    .spyOn(PrivacyFlows.prototype, 'eraseUser')
    .mockRejectedValue(new Error('database unavailable'));
  try {
    for (const at of ['02:10', '02:11', '02:13', '02:17', '02:25', '02:41'])
      await runJobAt(app, outboxJob, `2026-11-24T${at}:00Z`);
  } finally {
    failing.mockRestore();
  }
  expect((await app.db.models.tickets.findOne({ number: first }).lean())!).toMatchObject({
    erasureResumeTries: 6,
  });
  // 02:45: the admin runs it by hand; cut after its first resume (a deploy), lease kept.
  app.clock.set('2026-11-24T02:45:00Z');
  await eraseUserCutAfterResume(app, ADMIN, REQ, 'V0STALEBACK');
  const cut = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  expect(cut.status).not.toBe('waiting');
  expect(cut.erasureResumeRetryAt).toBeUndefined();
  expect(cut.erasureResumeTries).toBeUndefined();
  // Its lease runs out 5 minutes on: finished at the first pass after.
  expect(await erasuresFinishedAt(['02:49', '02:52'])).toEqual([0, 1]);
});

test.each([
  ['resumed by the cut run (the admin’s run marks the other ticket)', true],
  ['marked but still waiting (the admin’s run marks it again)', false],
])(
  'an upkeep run that loses its lease to an admin’s run puts no back-off on that run’s marks: cut too, it is finished once its lease runs out (first ticket %s)',
  async (_, resumedBefore) => {
    // An unfinished erasure the upkeep failed five times: backed off to 02:41.
    if (resumedBefore) await act(app, first, { action: 'resume' } as never, AGENT);
    await markUnfinished(first, REQ);
    const failing = vi
      .spyOn(PrivacyFlows.prototype, 'eraseUser')
      .mockRejectedValue(new Error('database unavailable'));
    try {
      for (const at of ['02:10', '02:11', '02:13', '02:17', '02:25'])
        await runJobAt(app, outboxJob, `2026-11-24T${at}:00Z`);
    } finally {
      failing.mockRestore();
    }
    // 02:41: the upkeep's run is held up past its lease; an admin runs the erasure by hand
    // meanwhile (from 02:48), cut after its first resume (a deploy), its lease kept; the
    // upkeep's next step finds its lease taken.
    const stalled = vi
      .spyOn(PrivacyFlows.prototype, 'eraseUser')
      .mockImplementationOnce(async () => {
        stalled.mockRestore();
        app.clock.advance(6 * 60_000);
        await eraseUserCutAfterResume(app, ADMIN, REQ, 'V0RACE0001');
        throw new ErasureLeaseLost();
      });
    await runJobAt(app, outboxJob, '2026-11-24T02:41:00Z');
    const theirs = (await app.db.models.tickets
      .findOne({ number: resumedBefore ? second : first })
      .lean())!;
    expect(theirs.erasureResumeUser).toBe(REQ);
    expect(theirs.erasureResumeRetryAt).toBeUndefined();
    expect(theirs.erasureResumeTries).toBeUndefined();
    // The admin's lease (from 02:48) runs out at 02:53: finished at the first pass after.
    expect(await erasuresFinishedAt(['02:52', '02:54'])).toEqual([0, 1]);
  },
);

test('the upkeep runs one unfinished erasure per pass, and one that keeps failing does not hold back the others', async () => {
  const OTHER = 'U0CUSTREQ2';
  await markUnfinished(first, REQ);
  await markUnfinished(second, OTHER);
  const original = PrivacyFlows.prototype.eraseUser;
  const runs: string[] = [];
  const spy = vi.spyOn(PrivacyFlows.prototype, 'eraseUser').mockImplementation(async function (
    this: PrivacyFlows,
    ...args
  ) {
    runs.push(args[1]);
    if (args[1] === REQ) throw new Error('database unavailable');
    return original.apply(this, args);
  });
  const finished: number[] = [];
  try {
    for (const at of ['02:10', '02:11']) {
      const [run] = await runJobAt(app, outboxJob, `2026-11-24T${at}:00Z`);
      finished.push(Number(run!.counts?.erasuresFinished ?? 0));
    }
  } finally {
    spy.mockRestore();
  }
  // One erasure run at each pass: the failing one first (its ticket the older), the other next.
  expect(runs).toEqual([REQ, OTHER]);
  expect(finished).toEqual([0, 1]);
  const t2 = (await app.db.models.tickets.findOne({ number: second }).lean())!;
  expect(t2.erasureResumeUser).toBeUndefined();
});

/**
 * The outbox job's pass at `iso`, as runJobAt, its log read: the run and the log's lines. `arm`:
 * the fake Slack's answers armed before it.
 */
const passLogged = (iso: string, arm?: () => void, instance = 'a') =>
  runJobLogged(app, outboxJob, iso, { arm, instance });

test('the upkeep’s run of an unfinished erasure that finds its lease taken over by another erasure when it gives it back is logged, not counted as finished', async () => {
  await markUnfinished(first, REQ);
  // Run out within its last step, another instance's erasure holding it now.
  const taken = vi.spyOn(ErasureLeaseRepository.prototype, 'release').mockResolvedValueOnce(false);
  let pass: Awaited<ReturnType<typeof passLogged>>;
  try {
    pass = await passLogged('2026-11-24T02:10:00Z');
  } finally {
    taken.mockRestore();
  }
  expect(pass.run.counts).not.toHaveProperty('erasuresFinished');
  const line = pass.lines.find((l) => /outran its lease/.test(l.msg));
  expect(line).toMatchObject({ tickets: [expect.any(String)] });
  expect(pass.lines.some((l) => /finished by the outbox upkeep/.test(l.msg))).toBe(false);
  expect(JSON.stringify(pass.lines)).not.toContain(REQ);
});

test('an unfinished erasure the desk now refuses (the person made staff since) is given up by the upkeep: logged once as an error with the ticket ids, the person’s id gone from the marks, never run again', async () => {
  await markUnfinished(first, REQ);
  // Made an agent since the erasure was cut: the desk keeps what staff did.
  await app.setSettings(() => ({ agents: [AGENT, REQ], accountManagers: [OWNER] }));
  const runs = vi.spyOn(PrivacyFlows.prototype, 'eraseUser');
  let pass: Awaited<ReturnType<typeof passLogged>>;
  let next: Awaited<ReturnType<typeof passLogged>>;
  try {
    pass = await passLogged('2026-11-24T02:10:00Z');
    next = await passLogged('2026-11-24T02:41:00Z');
    expect(runs).toHaveBeenCalledTimes(1);
  } finally {
    runs.mockRestore();
  }
  expect(pass.run.counts).not.toHaveProperty('erasuresFinished');
  const refused = pass.lines.filter((l) => /refused to the outbox upkeep/.test(l.msg));
  const t1 = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  expect(refused).toEqual([expect.objectContaining({ level: 50, tickets: [String(t1._id)] })]);
  // Given up: the person's id kept no more, nor the back-off; not tried again.
  expect(t1.erasureResumeUser).toBeUndefined();
  expect(t1.erasureResumeTries).toBeUndefined();
  expect(t1.erasureResumeRetryAt).toBeUndefined();
  expect(next.run.counts).not.toHaveProperty('erasuresFinished');
  expect(next.lines.some((l) => /erasure by Slack user/.test(l.msg))).toBe(false);
  // Nothing of theirs was erased; logged without their id.
  expect(t1.title).toBe('Coolant leak on line 3');
  expect(JSON.stringify(pass.lines)).not.toContain(REQ);
});

test('a cut erasure given up by the upkeep (its person made staff since) has its resume announced to the assignee, its notices sent, and the admin who started it told it was given up', async () => {
  await eraseUserCutAfterResume(app, ADMIN, REQ, 'V0STAFFSINCE');
  const resumed = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  expect(resumed.status).not.toBe('waiting');
  expect(resumed.noticesOwedAt).toBeDefined();
  // The requester is made an agent before the upkeep finds the erasure.
  await app.setSettings(() => ({ agents: [AGENT, REQ], accountManagers: [OWNER] }));
  const told: string[] = [];
  const admin: string[] = [];
  for (const at of ['02:10', '02:11', '02:12', '02:20']) {
    await runJobAt(app, outboxJob, `2026-11-24T${at}:00Z`);
    told.push(...app.fake.textsTo(AGENT));
    admin.push(...app.fake.textsTo(ADMIN));
  }
  const after = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  // Given up (the person's id gone from the mark), its resume told, the notices no longer held.
  expect(after.erasureResumeUser).toBeUndefined();
  expect(after.erasureResumeOwed).toBeUndefined();
  expect(told.filter((x) => x.includes('is back in progress'))).toHaveLength(1);
  expect(after.noticesOwedAt).toBeUndefined();
  // The admin whose run was cut: told once that it was given up and why, nobody named.
  expect(admin).toEqual([
    expect.stringContaining(
      'An erasure of a Slack user’s personal data that you started was cut short before its end, and the desk has given it up',
    ),
  ]);
  expect(admin[0]).toContain('made staff');
  expect(JSON.stringify(await app.db.models.outbox.find({ to: ADMIN }).lean())).not.toContain(REQ);
});

test('a cut erasure whose person owns a customer now as a guest of the workspace is kept by the upkeep, tried again backing off, its admin told once to give the customer another owner; then the upkeep finishes it', async () => {
  await eraseUserCutAfterResume(app, ADMIN, REQ, 'V0OWNERSINC');
  // Meanwhile a customer is given to them as a guest owner (the file's mark as the desk writes it).
  const other = await makeCustomer(app, { name: 'Ningbo Tools' });
  await app.db.models.customers.updateOne(
    { code: other.code },
    { $set: { ownerId: REQ, ownerGuest: true } },
  );
  const admin: string[] = [];
  const lines: { msg: string; level: number }[] = [];
  const finished: number[] = [];
  const pass = async (iso: string) => {
    const p = await passLogged(iso);
    admin.push(...app.fake.textsTo(ADMIN));
    lines.push(...(p.lines as { msg: string; level: number }[]));
    finished.push(Number(p.run.counts?.erasuresFinished ?? 0));
  };
  for (const at of ['02:10', '02:11', '02:12', '02:20']) await pass(`2026-11-24T${at}:00Z`);
  // Kept, backing off (02:12 not due), not given up: the person's id still on the marks.
  const kept = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  expect(kept.erasureResumeUser).toBe(REQ);
  expect(kept.erasureResumeTries).toBe(3);
  expect(finished).toEqual([0, 0, 0, 0]);
  expect(lines.some((l) => /made staff since|given up/.test(l.msg))).toBe(false);
  const waits = lines.filter((l) => /owns a customer now as a guest/.test(l.msg));
  expect(waits).toHaveLength(3);
  expect(waits[0]!.level).toBe(40);
  // Its admin told once, the customer named, the person not; nothing about staff.
  expect(admin).toEqual([
    expect.stringContaining(
      `the desk cannot finish it yet: they own customer ${other.code} now, and are not a member of the workspace (a guest, or of another organisation)`,
    ),
  ]);
  expect(admin[0]).toContain('Give that customer another owner (Edit customer)');
  expect(admin[0]).not.toContain('made staff');
  expect(JSON.stringify(await app.db.models.outbox.find({ to: ADMIN }).lean())).not.toContain(REQ);
  // Given another owner: the next due pass finishes the erasure and tells the admin.
  await app.db.models.customers.updateOne(
    { code: other.code },
    { $set: { ownerId: OWNER, ownerGuest: false } },
  );
  admin.length = 0;
  await pass('2026-11-24T03:00:00Z');
  expect(finished.at(-1)).toBe(1);
  expect(admin).toEqual([expect.stringContaining('the desk has now finished it')]);
  for (const number of [first, second])
    expect(JSON.stringify(await app.db.models.tickets.findOne({ number }).lean())).not.toContain(
      REQ,
    );
});

/** The admin's run cut after the first resume, then a customer given to REQ as a guest owner. */
async function cutThenGuestOwner(view: string): Promise<string> {
  await eraseUserCutAfterResume(app, ADMIN, REQ, view);
  const other = await makeCustomer(app, { name: 'Ningbo Tools' });
  await app.db.models.customers.updateOne(
    { code: other.code },
    { $set: { ownerId: REQ, ownerGuest: true } },
  );
  return other.code;
}

const WAITS = 'the desk cannot finish it yet';
/** What the upkeep's DMs say of a cut erasure to an admin who did not start it. */
const NOT_THEIRS =
  'that you did not start (whoever did is no longer an admin of this desk: you are told as one of its admins)';
/** What they say when the desk has no record of who started it (the admin told may have). */
const NOT_RECORDED =
  '(the desk has no record of who started it: you are told as one of its admins)';

test('a cut erasure waiting on a guest owner for days: its "kept, tried again" line is a warning at its first try and then once a day, info at the tries between (every 30 minutes), and a warning at a try that tells its admin a new list', async () => {
  await eraseUserCutAfterResume(app, ADMIN, REQ, 'V0WAITLOG01');
  const other = await makeCustomer(app, { name: 'Ningbo Tools' });
  await app.db.models.customers.updateOne(
    { code: other.code },
    { $set: { ownerId: REQ, ownerGuest: true } },
  );
  const levels: number[] = [];
  const tries = [
    '2026-11-24T02:10',
    '2026-11-24T02:11',
    '2026-11-24T02:13',
    '2026-11-24T02:17',
    '2026-11-24T02:25',
    '2026-11-24T02:41',
    '2026-11-24T03:11',
    '2026-11-24T09:00',
    '2026-11-24T20:00',
    '2026-11-25T02:00',
    '2026-11-25T02:30',
    '2026-11-25T03:00',
    '2026-11-25T03:30',
    '2026-11-26T02:35',
  ];
  for (const at of tries) {
    const p = await passLogged(`${at}:00Z`);
    const waits = (p.lines as { msg: string; level: number }[]).filter((l) =>
      /owns a customer now as a guest/.test(l.msg),
    );
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatchObject({ tickets: expect.any(Array), tries: expect.any(Number) });
    levels.push(waits[0]!.level);
  }
  // Warned at 02:10, a day on (02:30 the next day: 02:00 is not a day yet), and the day after.
  expect(levels).toEqual([40, 30, 30, 30, 30, 30, 30, 30, 30, 30, 40, 30, 30, 40]);
  // A customer more handed to them: the try that tells the admin the new list is a warning too,
  // within the day.
  const third = await makeCustomer(app, { name: 'Suzhou Pumps' });
  await app.db.models.customers.updateOne(
    { code: third.code },
    { $set: { ownerId: REQ, ownerGuest: true } },
  );
  const p = await passLogged('2026-11-26T03:10:00Z');
  expect(app.fake.textsTo(ADMIN).join('\n')).toContain(third.code);
  expect(
    (p.lines as { msg: string; level: number }[]).filter((l) =>
      /owns a customer now as a guest/.test(l.msg),
    ),
  ).toEqual([expect.objectContaining({ level: 40, adminTold: true })]);
});

test('a cut erasure waiting on a guest owner whose DM to its admin the outbox refuses once: the admin is told at a later pass, once', async () => {
  await cutThenGuestOwner('V0OWNERDM01');
  let refused = 0;
  const restore = failCalls(app.desk.services.outbox, 'enqueue', {
    when: (_ctx, entries) => {
      const hit = entries.some((e) => e.key.startsWith('erasure-waits-on-owner:'));
      if (hit) refused++;
      return hit;
    },
  });
  const admin: string[] = [];
  const lines: { msg: string; adminTold?: boolean }[] = [];
  try {
    for (const at of ['02:10', '02:11', '02:12', '02:20', '02:50', '03:30']) {
      const p = await passLogged(`2026-11-24T${at}:00Z`);
      admin.push(...app.fake.textsTo(ADMIN));
      lines.push(...(p.lines as { msg: string; adminTold?: boolean }[]));
      // Not told while the DM is not written: owed to the next pass.
      if (at === '02:10')
        expect(
          (await app.db.models.tickets.findOne({ number: first }).lean())!.erasureResumeOwnerTold,
        ).toBeUndefined();
    }
  } finally {
    restore();
  }
  expect(refused).toBe(1);
  expect(lines.some((l) => l.msg === 'erasure waiting on a guest owner: its admin not told')).toBe(
    true,
  );
  expect(admin).toEqual([expect.stringContaining(WAITS)]);
  const waits = lines.filter((l) => /owns a customer now as a guest/.test(l.msg));
  // Refused at the first pass (not told), told at the next, never again.
  expect(waits[0]!.adminTold).toBe(false);
  expect(waits.filter((l) => l.adminTold)).toHaveLength(1);
  expect(waits[1]!.adminTold).toBe(true);
});

test('a cut erasure waiting on a guest owner run again by a pass that read its marks before they said told (another instance): its admin is not told twice', async () => {
  await cutThenGuestOwner('V0OWNERDM02');
  const admin: string[] = [];
  await passLogged('2026-11-24T02:10:00Z');
  admin.push(...app.fake.textsTo(ADMIN));
  expect(admin).toEqual([expect.stringContaining(WAITS)]);
  // As another instance's run sees the marks: read before the first run told them (its `told`
  // stale), due.
  await app.db.models.tickets.updateMany(
    { erasureResumeUser: REQ },
    { $unset: { erasureResumeOwnerTold: '', erasureResumeRetryAt: '' } },
  );
  await passLogged('2026-11-24T02:11:00Z');
  admin.push(...app.fake.textsTo(ADMIN));
  expect(admin).toEqual([expect.stringContaining(WAITS)]);
  const keys = (await app.db.models.outbox.find({ to: ADMIN }).lean()).map((e) => e.key);
  expect(keys.filter((k) => k.startsWith('erasure-waits-on-owner:'))).toHaveLength(1);
});

test('a cut erasure waiting on a guest owner: the ticket its cut run resumed is told to its assignee at the next pass, once, without the person’s words; finished later, not told again', async () => {
  const code = await cutThenGuestOwner('V0OWNERDM03');
  const told = await textsOverRuns(
    app,
    outboxJob,
    AGENT,
    '2026-11-24',
    '02:10 02:11 02:12 02:20 02:50 03:30',
  );
  const t = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  expect(t.status).not.toBe('waiting');
  // Still waiting on the owner: the erasure kept.
  expect(t.erasureResumeUser).toBe(REQ);
  const back = told.filter((x) => x.includes('is back in progress'));
  expect(back).toEqual([expect.stringContaining('its requester’s personal data was erased')]);
  expect(back[0]).toContain(`|${first}>`);
  expect(back[0]).not.toContain('Coolant leak on line 3');
  expect(back[0]).not.toContain(REQ);
  // Given another owner: the upkeep finishes it, resuming the second ticket (told); the first is
  // not told a second time.
  await app.db.models.customers.updateOne(
    { code },
    { $set: { ownerId: OWNER, ownerGuest: false } },
  );
  told.length = 0;
  for (const at of ['04:00', '04:03', '04:06']) {
    const p = await passLogged(`2026-11-24T${at}:00Z`);
    if (at === '04:00') expect(p.run.counts?.erasuresFinished).toBe(1);
    told.push(...app.fake.textsTo(AGENT));
  }
  expect(told.filter((x) => x.includes('is back in progress'))).toEqual([
    expect.stringContaining(`|${second}>`),
  ]);
  const done = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  expect(done.noticesOwedAt).toBeUndefined();
  expect(JSON.stringify(done)).not.toContain(REQ);
});

/**
 * A cut erasure (its modal `view`) refused as REQ owns a customer as a guest, and eleven more
 * customers made theirs: the twelve they own, by code.
 */
async function cutWithTwelveOwned(view: string) {
  await cutThenGuestOwner(view);
  for (let i = 0; i < 11; i++) {
    const more = await makeCustomer(app, { name: `Ningbo Tools ${i}` });
    await app.db.models.customers.updateOne(
      { code: more.code },
      { $set: { ownerId: REQ, ownerGuest: true } },
    );
  }
  return app.db.models.customers.find({ ownerId: REQ }).sort({ code: 1 }).lean();
}

test('a cut erasure waiting on a guest owner of more than ten customers: its admin’s DM names ten and counts the rest', async () => {
  const owned = await cutWithTwelveOwned('V0OWNERDM04');
  await passLogged('2026-11-24T02:10:00Z');
  const admin = app.fake.textsTo(ADMIN);
  expect(admin).toEqual([expect.stringContaining(`${WAITS}: they own the customers `)]);
  expect(admin[0]).toContain(
    ' and 2 more now, and are not a member of the workspace (a guest, or of another organisation)',
  );
  expect(owned).toHaveLength(12);
  for (const c of owned.slice(0, 10)) expect(admin[0]).toContain(c.code);
  expect(admin[0]).not.toContain(owned[11]!.code);
});

test('a cut erasure waiting on a guest owner whose customer is handed on between the refusal and the DM: its admin is not sent an empty list; the next try finishes it', async () => {
  const code = await cutThenGuestOwner('V0OWNERDM05');
  // Handed on by an admin right after the refusal, before the DM's read.
  const real = DataSubjectRepository.prototype.guestOwnedCodes;
  const handedOn = vi
    .spyOn(DataSubjectRepository.prototype, 'guestOwnedCodes')
    .mockImplementationOnce(async function (this: DataSubjectRepository, ...args) {
      await app.db.models.customers.updateOne(
        { code },
        { $set: { ownerId: OWNER, ownerGuest: false } },
      );
      return real.apply(this, args);
    });
  const admin: string[] = [];
  try {
    await passLogged('2026-11-24T02:10:00Z');
    admin.push(...app.fake.textsTo(ADMIN));
  } finally {
    handedOn.mockRestore();
  }
  expect(admin).toEqual([]);
  const p = await passLogged('2026-11-24T02:11:00Z');
  expect(p.run.counts?.erasuresFinished).toBe(1);
  expect(app.fake.textsTo(ADMIN)).toEqual([
    expect.stringContaining('the desk has now finished it'),
  ]);
});

test('an erasure cut short and finished by the upkeep: the erased person’s App Home is published again without their tickets, and the admin who started it is told by DM (never whom)', async () => {
  await eraseUserCutAfterResume(app, ADMIN, REQ, 'V0CUTHOME1');
  const [run] = await runJobAt(app, outboxJob, '2026-11-24T02:10:00Z');
  expect(run!.counts).toMatchObject({ erasuresFinished: 1 });
  // Their Home, drawn from the records as they now stand: none of their tickets' titles.
  const homes = app.fake.callsTo('views.publish').filter((c) => c.args.user_id === REQ);
  expect(homes).toHaveLength(1);
  const home = JSON.stringify(homes[0]!.args.view);
  for (const title of ['Coolant leak on line 3', 'Spindle noise on line 4'])
    expect(home).not.toContain(title);
  // The admin whose run was cut: told it is done, the two resumed tickets counted, nobody named.
  const told = app.fake.textsTo(ADMIN);
  expect(told).toEqual([
    expect.stringContaining(
      'An erasure of a Slack user’s personal data that you started was cut short before its end; the desk has now finished it',
    ),
  ]);
  expect(told[0]).toContain('the 2 tickets that waited on them are back with their assignees');
  expect(JSON.stringify(await app.db.models.outbox.find({ to: ADMIN }).lean())).not.toContain(REQ);
  // Who started it is kept no more either.
  const t1 = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  expect(t1.erasureResumeBy).toBeUndefined();
});

test('an erasure finished by the upkeep whose App Home publish Slack fails: published again at the outbox’s retry, and then no record holds the person’s id', async () => {
  await eraseUserCutAfterResume(app, ADMIN, REQ, 'V0HOMEFAIL1');
  const toThem = () => app.fake.callsTo('views.publish').filter((c) => c.args.user_id === REQ);
  const pass = await passLogged('2026-11-24T02:10:00Z', () =>
    app.fake.failNext('views.publish', 'internal_error'),
  );
  expect(pass.run.counts).toMatchObject({ erasuresFinished: 1 });
  expect(toThem().map((c) => c.outcome)).toEqual(['error']);
  // Owed meanwhile; logged without their id.
  expect(await app.db.models.outbox.countDocuments({ to: REQ, state: 'pending' })).toBe(1);
  expect(JSON.stringify(pass.lines)).not.toContain(REQ);
  // The outbox's retry (30 s on) publishes it, from the records: none of their tickets' titles.
  const retry = await passLogged('2026-11-24T02:11:00Z');
  expect(toThem().map((c) => c.outcome)).toEqual(['ok']);
  const home = JSON.stringify(toThem()[0]!.args.view);
  for (const title of ['Coolant leak on line 3', 'Spindle noise on line 4'])
    expect(home).not.toContain(title);
  expect(JSON.stringify(retry.lines)).not.toContain(REQ);
  // Delivered: the entry deleted, not kept as sent; nothing anywhere holds their id.
  expect(await scanStrings(app.db, [REQ])).toEqual([]);
});

test('an erased person’s App Home published, the process stopped before its entry deleted itself: the next pass of the outbox job deletes it', async () => {
  await eraseUserCutAfterResume(app, ADMIN, REQ, 'V0HOMECUT1');
  // Its delivery's own delete cut (the process stopped): the entry marked sent only.
  type Forget = { forget: (entries: { key: string }[]) => Promise<void> };
  const real = (OutboxRepository.prototype as never as Forget).forget;
  const cut = vi
    .spyOn(OutboxRepository.prototype as never as Forget, 'forget')
    .mockImplementation(async function (this: unknown, entries) {
      if (entries.some((e) => e.key.startsWith('forget:'))) throw new Error('process stopped');
      return real.call(this, entries);
    });
  try {
    await passLogged('2026-11-24T02:10:00Z');
  } finally {
    cut.mockRestore();
  }
  expect(app.fake.callsTo('views.publish').filter((c) => c.args.user_id === REQ)).toHaveLength(1);
  expect(await app.db.models.outbox.countDocuments({ to: REQ, state: 'sent' })).toBe(1);
  await passLogged('2026-11-24T02:11:00Z');
  expect(await scanStrings(app.db, [REQ])).toEqual([]);
});

// Slack failing as a whole: a Home is tried again only then (one Slack refuses is not), given up
// after TRANSIENT_MAX_ATTEMPTS tries (about three days).
test('an erased person’s App Home publish that Slack keeps failing is given up after its tries and deleted, not kept as given up', async () => {
  await eraseUserCutAfterResume(app, ADMIN, REQ, 'V0HOMEDEAD1');
  const failing = () =>
    app.fake.failNext('views.publish', 'internal_error', TRANSIENT_MAX_ATTEMPTS + 10);
  const first = await passLogged('2026-11-24T02:10:00Z', failing);
  expect(first.run.counts).toMatchObject({ erasuresFinished: 1 });
  let tries = app.fake.callsTo('views.publish').filter((c) => c.args.user_id === REQ).length;
  // A pass every 31 minutes: past each back-off (30 min at most).
  for (let i = 1; i <= TRANSIENT_MAX_ATTEMPTS + 2; i++) {
    await passLogged(
      new Date(Date.parse('2026-11-24T02:10:00Z') + i * 31 * 60_000).toISOString(),
      failing,
    );
    tries += app.fake.callsTo('views.publish').filter((c) => c.args.user_id === REQ).length;
  }
  expect(tries).toBe(TRANSIENT_MAX_ATTEMPTS);
  expect(await app.db.models.outbox.countDocuments({ to: REQ })).toBe(0);
  expect(await scanStrings(app.db, [REQ])).toEqual([]);
});

test('an erasure cut within a resume (marked, not resumed) and finished by the upkeep, which resumes that ticket: the admin is told of each ticket once', async () => {
  // The Erase's second resume stops within its write (the process stopped): that ticket is
  // marked and still waiting; its lease is never given back.
  const real = TicketService.prototype.act;
  let resumes = 0;
  const cut = vi.spyOn(TicketService.prototype, 'act').mockImplementation(async function (
    this: TicketService,
    ...args: Parameters<TicketService['act']>
  ) {
    if ((args[2] as { action: string }).action === 'resume' && ++resumes === 2)
      throw new Error('process stopped');
    return real.apply(this, args);
  });
  const kept = vi
    .spyOn(ErasureLeaseRepository.prototype, 'release')
    .mockRejectedValueOnce(new Error('process stopped'));
  app.clock.advance(60_000);
  try {
    await eraseUserInSlack(app, ADMIN, REQ, 'V0COUNT001');
  } finally {
    cut.mockRestore();
    kept.mockRestore();
  }
  const marks = await app.db.models.tickets.find({ erasureResumeUser: REQ }).lean();
  expect(marks.map((m) => [m.number, m.status]).sort()).toEqual([
    [first, 'assigned'],
    [second, 'waiting'],
  ]);
  const [run] = await runJobAt(app, outboxJob, '2026-11-24T02:10:00Z');
  expect(run!.counts).toMatchObject({ erasuresFinished: 1 });
  const told = app.fake.textsTo(ADMIN);
  expect(told).toHaveLength(1);
  expect(told[0]).toContain('the 2 tickets that waited on them are back with their assignees');
});

test('an erasure cut short whose marks do not say who started it (written before that was recorded) is finished by the upkeep telling the workspace’s admins that the desk did not record who started it, not that they did not', async () => {
  await markUnfinished(first, REQ);
  const pass = await passLogged('2026-11-24T02:10:00Z');
  expect(pass.run.counts).toMatchObject({ erasuresFinished: 1 });
  const told = app.fake.textsTo(ADMIN);
  expect(told).toEqual([
    expect.stringContaining(
      `An erasure of a Slack user’s personal data ${NOT_RECORDED} was cut short before its end; the desk has now finished it`,
    ),
  ]);
  expect(told[0]).not.toContain('that you did not start');
  expect(pass.lines.find((l) => /the workspace’s admins told/.test(l.msg))).toMatchObject({
    by: 'not recorded',
    admins: 1,
  });
  expect(JSON.stringify(pass.lines)).not.toContain(REQ);
});

test('an erasure cut short whose marks do not say whose (written before that was recorded), its ticket still naming the person (their key the mark), is finished by the upkeep', async () => {
  await eraseUserCutAfterResume(app, ADMIN, REQ, 'V0ORPHAN02');
  await app.db.models.tickets.updateMany(
    { number: first },
    { $unset: { erasureResumeUser: '', erasureResumeBy: '' } },
    { timestamps: false },
  );
  const pass = await passLogged('2026-11-24T02:10:00Z');
  expect(pass.run.counts).toMatchObject({ erasuresFinished: 1 });
  await passLogged('2026-11-24T02:11:00Z');
  const t = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  expect(t.erasureResumeOwed).toBeUndefined();
  expect(t.erasureResumeUser).toBeUndefined();
  expect(t.noticesOwedAt).toBeUndefined();
  expect(t.requester?.userId).toBeUndefined();
  // Logged as whose read from its ticket, by ticket number; never the person.
  expect(pass.lines.find((l) => /whose read from its ticket/.test(l.msg))).toMatchObject({
    level: 40,
    tickets: [first],
  });
  expect(pass.lines.filter((l) => /naming them no more/.test(l.msg))).toEqual([]);
  const all = JSON.stringify(pass.lines);
  expect(all).not.toContain(REQ);
  expect(all).not.toContain(userKey(t.teamId, REQ));
});

test('a resume owed by an erasure whose mark does not say whose (written before that was recorded), its ticket naming them no more (rewritten before it stopped), is logged once by the upkeep with the ticket and what to run, never the person', async () => {
  const t = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  await app.db.models.tickets.updateOne(
    { number: first },
    {
      $set: { erasureResumeOwed: userKey(t.teamId, REQ), 'requester.contactName': '[erased]' },
      $unset: { 'requester.userId': '' },
    },
    { timestamps: false },
  );
  const pass = await passLogged('2026-11-24T02:10:00Z');
  const next = await passLogged('2026-11-24T02:11:00Z');
  const logged = [...pass.lines, ...next.lines].filter((l) =>
    /its mark older than whose erasure it is/.test(l.msg),
  );
  expect(logged).toEqual([
    expect.objectContaining({
      level: 50,
      ticket: String(t._id),
      number: first,
      run: expect.stringContaining(`npm run privacy -- erase --team ${t.teamId}`),
    }),
  ]);
  expect(logged[0]!.msg).toContain('read who requested that ticket');
  expect(logged[0]!.run).toContain(`who requested ${first}`);
  const all = JSON.stringify([...pass.lines, ...next.lines]);
  expect(all).not.toContain(REQ);
  expect(all).not.toContain(userKey(t.teamId, REQ));
  // Not finished: its notices stay held.
  const after = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  expect(after.erasureResumeOwed).toBe(userKey(t.teamId, REQ));
  expect(after.erasureResumeOrphanLogged).toBeDefined();
});

test('an erasure cut short whose marks do not say whose, logged by an older upkeep that did not read its ticket (before 728032d1), its ticket still naming the person: checked once more and finished', async () => {
  await eraseUserCutAfterResume(app, ADMIN, REQ, 'V0OLDLOG001');
  await app.db.models.tickets.updateMany(
    { number: first },
    {
      $set: { erasureResumeOrphanLogged: new Date('2026-11-23T10:00:00Z') },
      $unset: { erasureResumeUser: '', erasureResumeBy: '' },
    },
    { timestamps: false },
  );
  const pass = await passLogged('2026-11-24T02:10:00Z');
  expect(pass.run.counts).toMatchObject({ erasuresFinished: 1 });
  expect(pass.lines.find((l) => /whose read from its ticket/.test(l.msg))).toMatchObject({
    tickets: [first],
  });
  await passLogged('2026-11-24T02:11:00Z');
  const t = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  expect(t.erasureResumeOwed).toBeUndefined();
  expect(t.erasureResumeOrphanLogged).toBeUndefined();
  expect(t.erasureResumeOrphanChecked).toBeUndefined();
  expect(t.noticesOwedAt).toBeUndefined();
  expect(t.requester?.userId).toBeUndefined();
});

test('a resume owed by an erasure whose mark does not say whose, logged by an older upkeep without reading its ticket, its ticket naming them no more: logged once more with the ticket and what to run, then never again', async () => {
  const t = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  const before = new Date('2026-11-23T10:00:00Z');
  await app.db.models.tickets.updateOne(
    { number: first },
    {
      $set: {
        erasureResumeOwed: userKey(t.teamId, REQ),
        erasureResumeOrphanLogged: before,
        'requester.contactName': '[erased]',
      },
      $unset: { 'requester.userId': '' },
    },
    { timestamps: false },
  );
  const passes = [
    await passLogged('2026-11-24T02:10:00Z'),
    await passLogged('2026-11-24T02:11:00Z'),
    await passLogged('2026-11-24T02:12:00Z'),
  ];
  const logged = passes
    .flatMap((p) => p.lines)
    .filter((l) => /its mark older than whose erasure it is/.test(l.msg));
  expect(logged).toEqual([
    expect.objectContaining({ level: 50, number: first, run: expect.stringContaining(first) }),
  ]);
  const after = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  expect(after.erasureResumeOrphanLogged).toEqual(before);
  expect(after.erasureResumeOrphanChecked).toEqual(new Date('2026-11-24T02:10:00Z'));
});

test('an erasure whose marks do not say whose: one ticket rewritten before it stopped, another still naming the person; both marks named from the other, nothing logged as an error', async () => {
  const t = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  const key = userKey(t.teamId, REQ);
  await app.db.models.tickets.updateOne(
    { number: first },
    {
      $set: { erasureResumeOwed: key, 'requester.contactName': '[erased]' },
      $unset: { 'requester.userId': '' },
    },
    { timestamps: false },
  );
  await app.db.models.tickets.updateOne(
    { number: second },
    { $set: { erasureResumeOwed: key } },
    { timestamps: false },
  );
  const pass = await passLogged('2026-11-24T02:10:00Z');
  expect(pass.run.counts).toMatchObject({ erasuresFinished: 1 });
  expect(pass.lines.filter((l) => /naming them no more/.test(l.msg))).toEqual([]);
  const named = pass.lines.find((l) => /whose read from its ticket/.test(l.msg));
  expect([...(named?.tickets as string[])].sort()).toEqual([first, second].sort());
});

test('the upkeep’s read of marks that do not say whose (every minute, across workspaces) meets only marked tickets on MongoDB: a sparse index on erasureResumeOwed alone, created without error, its filter `$exists: true` on that field', async () => {
  const model = app.db.models.tickets;
  const sparse = model.schema
    .indexes()
    .filter(([k, o]) => JSON.stringify(k) === '{"erasureResumeOwed":1}' && o?.sparse === true);
  expect(sparse).toHaveLength(1);
  const asked: unknown[] = [];
  const filters: Record<string, unknown>[] = [];
  const started = (e: { commandName: string; command: Record<string, unknown> }) => {
    if (e.commandName === 'createIndexes')
      asked.push(
        ...((e.command.indexes as { key: Map<string, number>; sparse?: boolean }[]) ?? []).map(
          (i) => [[...i.key], i.sparse === true],
        ),
      );
    if (e.commandName === 'find' && e.command.find === 'tickets')
      filters.push(e.command.filter as Record<string, unknown>);
  };
  // What start-up does (connectDatabase), again; then an upkeep pass.
  const failed = await indexFailuresWhile(app, started, async () => {
    await model.createIndexes();
    await runJobAt(app, outboxJob, '2026-11-24T02:10:00Z');
  });
  expect(asked).toContainEqual([[['erasureResumeOwed', 1]], true]);
  expect(failed).toEqual([]);
  const orphans = filters.find((f) => 'erasureResumeOrphanChecked' in f);
  expect(orphans).toMatchObject({ erasureResumeOwed: { $exists: true } });
  expect(orphans).not.toHaveProperty('teamId');
});

test('a cut erasure waiting on a guest owner for over a week (its told resume’s outbox entries purged), the ticket worked since: finished, its assignee is not told the resume a second time, nor its thread', async () => {
  const code = await cutThenGuestOwner('V0OWNERDM09');
  const told: string[] = [];
  const thread: string[] = [];
  const collect = () => {
    told.push(...app.fake.textsTo(AGENT));
    thread.push(
      ...app.fake
        .postsTo('C0TRIAGE01')
        .filter((c) => c.args.thread_ts)
        .map((c) => String(c.args.text)),
    );
  };
  for (const at of ['02:10', '02:11']) {
    await passLogged(`2026-11-24T${at}:00Z`);
    collect();
  }
  // The assignee, told, works the ticket: a note.
  app.clock.set('2026-11-24T03:00:00Z');
  await act(app, first, { action: 'note', text: 'Checked the valve, ordering a seal' }, AGENT);
  await app.desk.outbox.drain();
  // Eight days on (the upkeep tries again every 30 minutes, refused): the sent entries purged.
  for (const iso of ['2026-12-02T04:00:00Z', '2026-12-02T04:31:00Z']) {
    await passLogged(iso);
    collect();
  }
  await app.db.models.customers.updateOne(
    { code },
    { $set: { ownerId: OWNER, ownerGuest: false } },
  );
  for (const iso of ['2026-12-02T05:10:00Z', '2026-12-02T05:13:00Z', '2026-12-02T05:16:00Z']) {
    await passLogged(iso);
    collect();
  }
  const t = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  expect(t.erasureResumeUser).toBeUndefined();
  expect(t.erasureResumeToldWaiting).toBeUndefined();
  expect(
    told.filter((x) => x.includes('is back in progress') && x.includes(`|${first}>`)),
  ).toHaveLength(1);
  // The second ticket, resumed by the finishing run, is told.
  expect(
    told.filter((x) => x.includes('is back in progress') && x.includes(`|${second}>`)),
  ).toHaveLength(1);
  expect(thread.filter((x) => /resumed work/.test(x))).toHaveLength(2);
});

test('a cut erasure waiting on a guest owner: telling the resume at the first try does not redraw the card from the ticket not yet erased (its requester’s title and id)', async () => {
  await cutThenGuestOwner('V0OWNERDM08');
  await passLogged('2026-11-24T02:10:00Z');
  const back = app.fake.textsTo(AGENT);
  expect(back.filter((x) => x.includes('is back in progress'))).toHaveLength(1);
  const updates = app.fake.callsTo('chat.update').map((c) => JSON.stringify(c.args));
  expect(updates.filter((u) => u.includes('Coolant leak on line 3') || u.includes(REQ))).toEqual(
    [],
  );
});

/**
 * A cut erasure (its modal `view`) waiting on REQ as guest owner of twelve customers: the tries
 * to 02:13 (run inside `early`, which may arm a fault for them) tell the admin ten and "2 more";
 * once the admin hands the ten named on, the tries to 04:00 tell them the two left, once; the
 * erasure still waits, all twelve recorded as named.
 */
async function twelveOwnedToldTheRest(
  view: string,
  early: (tries: () => Promise<void>) => Promise<void> = (tries) => tries(),
): Promise<void> {
  const owned = await cutWithTwelveOwned(view);
  const admin: string[] = [];
  const triesAt = async (times: string[]) => {
    for (const at of times) {
      await passLogged(`2026-11-24T${at}:00Z`);
      admin.push(...app.fake.textsTo(ADMIN));
    }
  };
  await early(() => triesAt(['02:10', '02:11', '02:13']));
  expect(admin).toEqual([
    expect.stringContaining(
      ' and 2 more now, and are not a member of the workspace (a guest, or of another organisation)',
    ),
  ]);
  // The admin hands on the ten named; the next tries, refused, tell them the two left, once.
  for (const c of owned.slice(0, 10))
    await app.db.models.customers.updateOne(
      { code: c.code },
      { $set: { ownerId: OWNER, ownerGuest: false } },
    );
  admin.length = 0;
  await triesAt(['02:20', '02:40', '03:20', '04:00']);
  expect(admin).toEqual([
    expect.stringContaining(
      `they own the customers ${owned[10]!.code}, ${owned[11]!.code} now, and are not a member of the workspace`,
    ),
  ]);
  // Still waiting, all twelve recorded as named (the two left added to marks told before: else
  // one of them handed on later would tell the admin again of the other, told already).
  const t = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  expect(t.erasureResumeUser).toBe(REQ);
  expect([...(t.erasureResumeOwnerNamed ?? [])].sort()).toEqual(owned.map((c) => c.code));
}

test('a cut erasure waiting on a guest owner of more than ten customers: once the ten named are handed on, its admin is told the rest at the next try, once', async () => {
  await twelveOwnedToldTheRest('V0OWNERDM10');
});

test('a cut erasure waiting on a guest owner whose first marked ticket another erasure’s DM to the same admin was keyed by (days before): its admin is told all the same, once', async () => {
  await cutThenGuestOwner('V0OWNERDM11');
  const marked = await app.db.models.tickets
    .find({ erasureResumeUser: REQ })
    .sort({ _id: 1 })
    .lean();
  expect(marked.length).toBeGreaterThan(0);
  // Another person's erasure, its first mark the same ticket (whom it waited on next), told this
  // admin three days ago under the key that named that ticket.
  app.clock.set('2026-11-21T02:10:00Z');
  await app.desk.services.outbox.enqueue(await ctxOf(app, ADMIN), [
    {
      key: `erasure-waits-on-owner:${String(marked[0]!._id)}:${ADMIN}`,
      kind: 'message',
      to: ADMIN,
      data: { message: { text: 'the other erasure’s DM' } },
    },
  ]);
  await app.desk.outbox.drain();
  app.fake.reset();
  const admin = await textsOverRuns(app, outboxJob, ADMIN, '2026-11-24', '02:10 02:11 02:13');
  expect(admin).toEqual([expect.stringContaining(WAITS)]);
  const keys = (await app.db.models.outbox.find({ to: ADMIN }).lean()).map((e) => e.key);
  expect(keys.length).toBeGreaterThan(1);
  for (const key of keys) expect(key).not.toContain(REQ);
});

test('a told-while-waiting ticket paused again on the same person, resumed by the finishing run: its assignee is told that second resume', async () => {
  const code = await cutThenGuestOwner('V0OWNERDM74');
  const told: string[] = [];
  const collect = () => told.push(...app.fake.textsTo(AGENT));
  for (const at of ['02:10', '02:11']) {
    await passLogged(`2026-11-24T${at}:00Z`);
    collect();
  }
  const t0 = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  expect(t0.erasureResumeToldWaiting).toBeDefined();
  // The assignee asks the requester again: the ticket waits on them again.
  app.clock.set('2026-11-24T03:00:00Z');
  await act(app, first, { action: 'wait', question: 'And which valve?' }, AGENT);
  await app.desk.outbox.drain();
  expect((await app.db.models.tickets.findOne({ number: first }).lean())!.status).toBe('waiting');
  await app.db.models.customers.updateOne(
    { code },
    { $set: { ownerId: OWNER, ownerGuest: false } },
  );
  for (const iso of ['2026-11-24T03:40:00Z', '2026-11-24T03:43:00Z', '2026-11-24T03:46:00Z']) {
    await passLogged(iso);
    collect();
  }
  const t = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  expect(t.status).not.toBe('waiting');
  expect(t.erasureResumeUser).toBeUndefined();
  // Resumed twice (once by the cut run, once by the finishing run): told twice.
  expect(
    told.filter((x) => x.includes('is back in progress') && x.includes(`|${first}>`)),
  ).toHaveLength(2);
});

test('the resume told while the erasure waits names nothing of the person (no id, no words) anywhere in Slack', async () => {
  await cutThenGuestOwner('V0OWNERDM75');
  await passLogged('2026-11-24T02:10:00Z');
  const calls = app.fake.calls.map((c) => ({ method: c.method, args: JSON.stringify(c.args) }));
  const posts = calls.filter((c) =>
    /chat\.(postMessage|update|postEphemeral)|views\./.test(c.method),
  );
  // Told: the assignee's DM that the ticket is back in progress was posted (among the posts
  // checked below).
  const back = app.fake
    .postsTo(AGENT)
    .map((c) => String(c.args.text))
    .filter((x) => x.includes('is back in progress'));
  expect(back).toEqual([expect.stringContaining(`|${first}>`)]);
  expect(posts.some((p) => p.args.includes('is back in progress'))).toBe(true);
  expect(posts.filter((p) => p.args.includes(REQ) || p.args.includes('Coolant'))).toEqual([]);
});

/**
 * `run` with the write telling the marks (erasureOwnerTold) failing once, as a whole (the
 * database gone a moment): whether it failed.
 */
async function toldWriteFailingOnce(run: () => Promise<void>): Promise<boolean> {
  let failed = false;
  const write = app.db.models.tickets.updateMany.bind(app.db.models.tickets);
  const once = vi.spyOn(app.db.models.tickets, 'updateMany').mockImplementation(((
    filter: unknown,
    update: unknown,
    options: unknown,
  ) => {
    const u = (update ?? {}) as Record<string, Record<string, unknown> | undefined>;
    if (!failed && (u.$set ?? u.$min)?.erasureResumeOwnerTold) {
      failed = true;
      return Promise.reject(new Error('database unavailable'));
    }
    return (write as (...a: unknown[]) => unknown)(filter, update, options);
  }) as never);
  try {
    await run();
  } finally {
    once.mockRestore();
  }
  return failed;
}

test('more than ten customers, the write telling the marks failing once: once the ten are handed on, the admin is still told the rest', async () => {
  let failed = false;
  await twelveOwnedToldTheRest('V0OWNERDM76', async (tries) => {
    failed = await toldWriteFailingOnce(tries);
  });
  expect(failed).toBe(true);
});

const FILER = 'U0FILER001';

/** A ticket of REQ's (Huadong Machinery) filed by FILER, a colleague, no staff. */
async function filedForReq(description: string) {
  const customer = await app.db.models.customers.findOne({ name: 'Huadong Machinery' }).lean();
  return makeTicket(
    app,
    {
      customerCode: customer!.code,
      title: 'Gearbox overheating on line 5',
      description,
      requester: { userId: REQ, via: 'slack' },
    },
    FILER,
  );
}

/** filedForReq, claimed by AGENT and waiting on REQ, its notices delivered. */
async function filedForReqWaiting() {
  const t = await filedForReq('Gearbox hot to the touch');
  await act(app, t.number, { action: 'claim' }, AGENT);
  await act(app, t.number, { action: 'wait', question: 'Since when?' }, AGENT);
  await app.desk.outbox.drain();
  return t;
}

/**
 * A ticket filed by FILER (a colleague, no staff) for REQ, waiting on REQ with `first` and
 * `second`; the admin's (`admin`'s) erasure of REQ cut after its scrub (the process stopped before its log),
 * its lease never given back; REQ then given a customer as a guest owner, so the upkeep's pass at
 * 02:10 keeps the erasure waiting, tells its resumes to the assignee (AGENT) and its admin. At
 * 03:00 the assignee asks again: the ticket, its requester erased, waits on FILER now. Its
 * number, and the code of REQ's customer.
 */
async function filedForReqWaitingOnFiler(
  view: string,
  admin = ADMIN,
): Promise<{ number: string; code: string; told: string[] }> {
  const t = await filedForReqWaiting();
  await eraseUserCutAfterScrub(app, admin, REQ, view);
  const other = await makeCustomer(app, { name: 'Ningbo Tools' });
  await app.db.models.customers.updateOne(
    { code: other.code },
    { $set: { ownerId: REQ, ownerGuest: true } },
  );
  await passLogged('2026-11-24T02:10:00Z');
  const told = app.fake.textsTo(AGENT);
  const marked = (await app.db.models.tickets.findOne({ number: t.number }).lean())!;
  expect(marked.erasureResumeUser).toBe(REQ);
  expect(marked.erasureResumeToldWaiting).toBeDefined();
  expect(marked.erasureResumeOwnerTold).toBeDefined();
  expect(marked.requester?.userId).toBeUndefined();
  app.clock.set('2026-11-24T03:00:00Z');
  await act(app, t.number, { action: 'wait', question: 'Which gearbox?' }, AGENT);
  await app.desk.outbox.drain();
  const waiting = (await app.db.models.tickets.findOne({ number: t.number }).lean())!;
  expect(waiting.status).toBe('waiting');
  expect(waiting.createdBy).toBe(FILER);
  return { number: t.number, code: other.code, told };
}

test('an erasure taking a mark whose erasure finishes and has its resumes announced between its read and its write (another instance) leaves no record of that finished erasure: the upkeep does not run it again nor tell its admin it was finished', async () => {
  const { number, code } = await filedForReqWaitingOnFiler('V0GONEKEEP1');
  const subjects = new DataSubjectRepository(app.db.models);
  const mark = (await app.db.models.tickets.findOne({ number }).lean())!;
  const key = mark.erasureResumeOwed!;
  // REQ's erasure (started a minute before) finished by another instance, logged, its resumes
  // announced (its marks gone), right after this one read the ticket's mark, before it keeps
  // that erasure findable.
  const records = app.db.models.erasuresUnmarked;
  const real = records.updateOne.bind(records);
  const raced = vi.spyOn(records, 'updateOne').mockImplementationOnce((async (
    ...args: unknown[]
  ) => {
    await app.db.models.privacyLog.create({
      teamId: mark.teamId,
      kind: 'erase',
      by: ADMIN,
      subject: code,
      at: new Date(app.clock.now().getTime() - 60_000),
      detail: { contact: true, slackUser: true, userKey: key },
    });
    await subjects.resumesReady(mark.teamId, [key], app.clock.now());
    await subjects.resumesAnnounced(mark.teamId, [String(mark._id)], [key]);
    return (real as (...a: unknown[]) => Promise<unknown>)(...args);
  }) as never);
  app.clock.set('2026-11-24T03:05:00Z');
  try {
    await eraseUserInSlack(app, ADMIN, FILER, 'V0GONEKEEP2');
    expect(raced).toHaveBeenCalled();
  } finally {
    raced.mockRestore();
  }
  await app.desk.outbox.drain();
  const t = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(t.status).not.toBe('waiting');
  // No record of REQ's done erasure (their id in it), not even for one pass.
  const left = (await app.db.models.erasuresUnmarked.find().lean()).map((r) => [r.user, r.ids]);
  expect(left).toEqual([]);
  await app.db.models.customers.updateOne(
    { code },
    { $set: { ownerId: OWNER, ownerGuest: false } },
  );
  const admin: string[] = [];
  for (const at of ['04:00', '04:31']) {
    await passLogged(`2026-11-24T${at}:00Z`);
    admin.push(...app.fake.postsTo(ADMIN).map((c) => String(c.args.text)));
  }
  expect(admin.filter((x) => x.includes('the desk has now finished it'))).toEqual([]);
});

/**
 * The same race, but the mark taken after by a third person's erasure, announced within the
 * window (REQ's erasure not done, nothing of REQ logged): REQ's record stays, for the upkeep.
 */
test('an erasure taking a mark another erasure took and announced between its read and its write (the first erasure not done): the first erasure’s record stays for the upkeep', async () => {
  const { number } = await filedForReqWaitingOnFiler('V0GONEKEEP3');
  const subjects = new DataSubjectRepository(app.db.models);
  const mark = (await app.db.models.tickets.findOne({ number }).lean())!;
  const key = mark.erasureResumeOwed!;
  const third = userKey(mark.teamId, 'U0THIRD001');
  const records = app.db.models.erasuresUnmarked;
  const real = records.updateOne.bind(records);
  const raced = vi.spyOn(records, 'updateOne').mockImplementationOnce((async (
    ...args: unknown[]
  ) => {
    const kept = await (real as (...a: unknown[]) => Promise<unknown>)(...args);
    // The third erasure's own mark on the ticket, then announced (done): no mark left.
    await app.db.models.tickets.updateOne(
      { _id: mark._id },
      { $set: { erasureResumeOwed: third, erasureResumeUser: 'U0THIRD001' } },
      { timestamps: false },
    );
    await subjects.resumesReady(mark.teamId, [third], app.clock.now());
    await subjects.resumesAnnounced(mark.teamId, [String(mark._id)], [third]);
    return kept;
  }) as never);
  app.clock.set('2026-11-24T03:05:00Z');
  try {
    await eraseUserInSlack(app, ADMIN, FILER, 'V0GONEKEEP4');
    expect(raced).toHaveBeenCalled();
  } finally {
    raced.mockRestore();
  }
  const left = await app.db.models.erasuresUnmarked.find().lean();
  expect(left.map((r) => [r.user, r.ids, r._id])).toEqual([
    [REQ, [String(mark._id)], `${mark.teamId}:${key}`],
  ]);
});

test('a ticket told while an erasure waited on a guest owner, then waiting on another person whose erasure resumes it: its assignee is told that resume too', async () => {
  const { number, told } = await filedForReqWaitingOnFiler('V0TAKEOVER1');
  // The admin erases the filer, who no longer answers: their erasure resumes the ticket.
  app.clock.set('2026-11-24T03:05:00Z');
  app.fake.reset();
  await eraseUserInSlack(app, ADMIN, FILER, 'V0TAKEOVER2');
  await app.desk.outbox.drain();
  told.push(...app.fake.textsTo(AGENT));
  const thread = app.fake
    .postsTo('C0TRIAGE01')
    .filter((c) => c.args.thread_ts)
    .map((c) => String(c.args.text));
  const t = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(t.status).not.toBe('waiting');
  expect(t.erasureResumeOwed).toBeUndefined();
  // Back in progress twice (REQ's erasure's resume, told while it waited; the filer's): told twice.
  expect(
    told.filter((x) => x.includes('is back in progress') && x.includes(`|${number}>`)),
  ).toHaveLength(2);
  // Its thread says so too.
  expect(thread.filter((x) => /resumed work/.test(x))).toHaveLength(1);
});

test('a ticket an erasure waiting on a guest owner told its admin of, taken by another person’s erasure cut short and waiting on the same customer handed to them: its admin is told that one waits too', async () => {
  const { number, code } = await filedForReqWaitingOnFiler('V0TAKEOVER3');
  const admin = app.fake.textsTo(ADMIN);
  expect(admin).toEqual([expect.stringContaining(WAITS)]);
  // The filer's erasure, cut right after it resumed the ticket.
  app.clock.set('2026-11-24T03:05:00Z');
  await eraseUserCutAfterResume(app, ADMIN, FILER, 'V0TAKEOVER4');
  const taken = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(taken.erasureResumeUser).toBe(FILER);
  // The admin, as REQ's DM asked, gives the customer another owner: the filer, a guest too.
  await app.db.models.customers.updateOne({ code }, { $set: { ownerId: FILER, ownerGuest: true } });
  const agent: string[] = [];
  for (const at of ['03:12', '03:13', '03:15']) {
    await passLogged(`2026-11-24T${at}:00Z`);
    admin.push(...app.fake.textsTo(ADMIN));
    agent.push(...app.fake.textsTo(AGENT));
  }
  const t = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(t.erasureResumeUser).toBe(FILER);
  // Told of each erasure waiting on that customer: REQ's, then the filer's.
  expect(admin.filter((x) => x.includes(WAITS) && x.includes(code))).toHaveLength(2);
  // The filer's resume told to the assignee while their erasure waits.
  expect(
    agent.filter((x) => x.includes('is back in progress') && x.includes(`|${number}>`)),
  ).toHaveLength(1);
});

/**
 * A cut erasure (its modal `view`) waiting on REQ as guest owner of twelve customers, its first
 * DM written (ten named, "2 more") and the write telling the marks failing: before the next try
 * the admin hands on the customers `handOn` picks; the tries to 04:00 tell them the list as it
 * then stands (`left`), once.
 */
async function toldWriteFailedThenHandedOn(
  view: string,
  handOn: (owned: { code: string }[]) => { code: string }[],
  left: (owned: { code: string }[]) => { code: string }[],
) {
  const owned = await cutWithTwelveOwned(view);
  const admin: string[] = [];
  const triesAt = async (times: string[]) => {
    for (const at of times) {
      await passLogged(`2026-11-24T${at}:00Z`);
      admin.push(...app.fake.textsTo(ADMIN));
    }
  };
  expect(await toldWriteFailingOnce(() => triesAt(['02:10']))).toBe(true);
  expect(admin).toEqual([
    expect.stringContaining(
      ' and 2 more now, and are not a member of the workspace (a guest, or of another organisation)',
    ),
  ]);
  for (const c of handOn(owned))
    await app.db.models.customers.updateOne(
      { code: c.code },
      { $set: { ownerId: OWNER, ownerGuest: false } },
    );
  admin.length = 0;
  await triesAt(['02:11', '02:13', '02:20', '02:40', '03:20', '04:00']);
  const codes = left(owned).map((c) => c.code);
  expect(admin).toEqual([
    expect.stringContaining(
      `they own the customers ${codes.join(', ')} now, and are not a member of the workspace`,
    ),
  ]);
  const t = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  expect(t.erasureResumeUser).toBe(REQ);
}

test('more than ten customers, the write telling the marks failing as a whole, the ten named handed on before the next try: the admin is told the two left, once', async () => {
  await toldWriteFailedThenHandedOn(
    'V0OWNERDM77',
    (owned) => owned.slice(0, 10),
    (owned) => owned.slice(10),
  );
});

test('more than ten customers, the write telling the marks failing as a whole, nine of the ten named handed on before the next try: the admin is told the three left, once', async () => {
  await toldWriteFailedThenHandedOn(
    'V0OWNERDM78',
    (owned) => owned.slice(1, 10),
    (owned) => [owned[0]!, ...owned.slice(10)],
  );
});

test('an erasure waiting on a guest owner whose only mark another erasure takes: still finished once the customer has another owner, its admin told', async () => {
  // Only the filer's ticket waits on REQ: the two of beforeEach resumed by their assignee.
  for (const n of [first, second]) await act(app, n, { action: 'resume' } as never, AGENT);
  const { number, code } = await filedForReqWaitingOnFiler('V0LOSTMARK1');
  const admin = app.fake.textsTo(ADMIN);
  expect(admin).toEqual([expect.stringContaining(WAITS)]);
  // The filer's erasure, run whole, resumes the ticket: REQ's mark is theirs now.
  app.clock.set('2026-11-24T03:05:00Z');
  await eraseUserInSlack(app, ADMIN, FILER, 'V0LOSTMARK2');
  await app.desk.outbox.drain();
  // The admin gives REQ's customer another owner, as told.
  await app.db.models.customers.updateOne(
    { code },
    { $set: { ownerId: OWNER, ownerGuest: false } },
  );
  admin.length = 0;
  for (const at of ['04:00', '04:31', '05:02']) {
    await passLogged(`2026-11-24T${at}:00Z`);
    admin.push(...app.fake.textsTo(ADMIN));
  }
  // Finished once, its admin told so; nothing of REQ kept anywhere (their customer's file, the
  // erasure's own record of the mark taken).
  expect(admin).toEqual([expect.stringContaining('the desk has now finished it')]);
  expect(await scanStrings(app.db, [REQ])).toEqual([]);
  expect(
    (await app.db.models.tickets.findOne({ number }).lean())!.erasureResumeOwed,
  ).toBeUndefined();
});

test('a ticket whose first erasure is done but its resume not yet told, then waiting on another person whose erasure is cut: that resume is not told before their erasure is done, which the upkeep finishes', async () => {
  for (const n of [first, second]) await act(app, n, { action: 'resume' } as never, AGENT);
  const t = await filedForReqWaiting();
  // REQ's erasure, run whole; the write saying its resume told fails: owed to the upkeep's repair.
  app.clock.set('2026-11-24T02:05:00Z');
  const unsaid = vi
    .spyOn(DataSubjectRepository.prototype, 'resumesAnnounced')
    .mockRejectedValueOnce(new Error('database unavailable'));
  try {
    await eraseUserInSlack(app, ADMIN, REQ, 'V0READYKEY1');
  } finally {
    unsaid.mockRestore();
  }
  await app.desk.outbox.drain();
  const owed = (await app.db.models.tickets.findOne({ number: t.number }).lean())!;
  expect(owed.erasureResumeReady).toBeDefined();
  // Before the repair's turn, the assignee asks again: the ticket waits on its filer, whose
  // erasure (by the same admin) is cut right after it resumed it.
  app.clock.set('2026-11-24T02:05:30Z');
  await act(app, t.number, { action: 'wait', question: 'Which gearbox?' }, AGENT);
  await app.desk.outbox.drain();
  await eraseUserCutAfterResume(app, ADMIN, FILER, 'V0READYKEY2');
  const agent: string[] = [];
  const admin: string[] = [];
  const backInProgress = () =>
    agent.filter((x) => x.includes('is back in progress') && x.includes(`|${t.number}>`));
  // The repair's turn (2 minutes after REQ's erasure was done), the filer's erasure still cut.
  await passLogged('2026-11-24T02:08:00Z');
  agent.push(...app.fake.textsTo(AGENT));
  expect(backInProgress()).toEqual([]);
  // Its lease run out, the upkeep finishes the filer's erasure: then told, and its admin too.
  for (const at of ['02:12', '02:13', '02:14']) {
    await passLogged(`2026-11-24T${at}:00Z`);
    agent.push(...app.fake.textsTo(AGENT));
    admin.push(...app.fake.textsTo(ADMIN));
  }
  expect(admin).toEqual([expect.stringContaining('the desk has now finished it')]);
  expect(backInProgress()).toHaveLength(1);
  expect(await scanStrings(app.db, [FILER])).toEqual([]);
});

test('a ticket an erasure waiting on a guest owner marked, taken by the upkeep’s run of another admin’s cut erasure, which then waits on a guest owner too: that admin is told, not the first', async () => {
  const ADMIN2 = 'U0ADMIN002';
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN2] }));
  for (const n of [first, second]) await act(app, n, { action: 'resume' } as never, AGENT);
  const { number } = await filedForReqWaitingOnFiler('V0BYKEY0001');
  // Back in progress; the filer's own ticket waits on them, and ADMIN2's erasure of the filer is
  // cut right after it resumed that one.
  await act(app, number, { action: 'resume' } as never, AGENT);
  const customer = await app.db.models.customers.findOne({ name: 'Huadong Machinery' }).lean();
  const own = await makeTicket(app, {
    customerCode: customer!.code,
    title: 'Conveyor belt slipping',
    description: 'Belt slips under load',
    requester: { userId: FILER, via: 'slack' },
  });
  await act(app, own.number, { action: 'claim' }, AGENT);
  await act(app, own.number, { action: 'wait', question: 'Which belt?' }, AGENT);
  await app.desk.outbox.drain();
  await eraseUserCutAfterResume(app, ADMIN2, FILER, 'V0BYKEY0002');
  // The ticket waits on the filer again; the upkeep's run of their erasure, once its lease ran
  // out, resumes it and is cut there too.
  await act(app, number, { action: 'wait', question: 'Which gearbox, again?' }, AGENT);
  await app.desk.outbox.drain();
  const cut = vi
    .spyOn(TicketService.prototype, 'noticesWritten')
    .mockRejectedValueOnce(new Error('process stopped'));
  try {
    await passLogged('2026-11-24T03:12:00Z');
  } finally {
    cut.mockRestore();
  }
  const taken = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(taken.erasureResumeUser).toBe(FILER);
  // The filer owns a customer now as a guest: their erasure waits on its owner.
  const theirs = await makeCustomer(app, { name: 'Suzhou Pumps' });
  await app.db.models.customers.updateOne(
    { code: theirs.code },
    { $set: { ownerId: FILER, ownerGuest: true } },
  );
  const told: Record<string, string[]> = { [ADMIN]: [], [ADMIN2]: [] };
  for (const at of ['03:14', '03:15', '03:17', '03:19', '03:23']) {
    await passLogged(`2026-11-24T${at}:00Z`);
    for (const a of [ADMIN, ADMIN2]) told[a]!.push(...app.fake.textsTo(a));
  }
  // ADMIN2 started the filer's erasure: told it waits on that customer's owner; ADMIN is not.
  expect(told[ADMIN2]!.filter((x) => x.includes(WAITS) && x.includes(theirs.code))).toHaveLength(1);
  expect(told[ADMIN]!.filter((x) => x.includes(theirs.code))).toEqual([]);
});

test('a person’s erasure given up after its resume was told while it waited, erased again before that resume’s repair: the ticket waiting on them again, its assignee is told the second resume too', async () => {
  const code = await cutThenGuestOwner('V0AGAINKEY1');
  const told: string[] = [];
  const collect = () => told.push(...app.fake.textsTo(AGENT));
  for (const at of ['02:10', '02:11']) {
    await passLogged(`2026-11-24T${at}:00Z`);
    collect();
  }
  expect(
    (await app.db.models.tickets.findOne({ number: first }).lean())!.erasureResumeToldWaiting,
  ).toBeDefined();
  // The customer handed on and the person made staff: the upkeep gives the erasure up.
  await app.db.models.customers.updateOne(
    { code },
    { $set: { ownerId: OWNER, ownerGuest: false } },
  );
  await app.setSettings(() => ({ agents: [AGENT, REQ], accountManagers: [OWNER] }));
  let at = new Date('2026-11-24T02:12:00Z');
  for (let i = 0; i < 10; i++) {
    await passLogged(at.toISOString());
    collect();
    if ((await app.db.models.tickets.findOne({ number: first }).lean())!.erasureResumeReady) break;
    at = new Date(at.getTime() + 60_000);
  }
  const left = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  expect(left.erasureResumeReady).toBeDefined();
  expect(left.erasureResumeOwed).toBeDefined();
  // Staff no more, they are asked again and erased again, before the repair's turn.
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  await act(app, first, { action: 'wait', question: 'And which valve?' }, AGENT);
  await app.desk.outbox.drain();
  collect();
  await eraseUserInSlack(app, ADMIN, REQ, 'V0AGAINKEY2');
  await app.desk.outbox.drain();
  collect();
  const t = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  expect(t.status).not.toBe('waiting');
  // Resumed twice (by the cut run, told while it waited; by the run again): told twice.
  expect(
    told.filter((x) => x.includes('is back in progress') && x.includes(`|${first}>`)),
  ).toHaveLength(2);
});

const ADMIN2 = 'U0ADMIN002';
const ADMIN3 = 'U0ADMIN003';

/**
 * ADMIN2's erasure of REQ cut after its first resume (its modal `view`), then a customer given to
 * REQ as a guest owner and ADMIN2 an admin no longer (`admins` left): that customer's code.
 */
async function cutByAdminNoLongerOne(view: string, admins: string[]): Promise<string> {
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN2, ADMIN3] }));
  await eraseUserCutAfterResume(app, ADMIN2, REQ, view);
  const other = await makeCustomer(app, { name: 'Ningbo Tools' });
  await app.db.models.customers.updateOne(
    { code: other.code },
    { $set: { ownerId: REQ, ownerGuest: true } },
  );
  await app.setSettings(() => ({ admins }));
  return other.code;
}

test('a cut erasure waiting on a guest owner whose admin is an admin no longer: the workspace’s admins are told instead, once each, not as theirs; finished, they are told so too', async () => {
  const code = await cutByAdminNoLongerOne('V0GONEADM01', [ADMIN, ADMIN3]);
  const told: Record<string, string[]> = { [ADMIN]: [], [ADMIN2]: [], [ADMIN3]: [] };
  const lines: { msg: string }[] = [];
  const pass = async (at: string) => {
    const p = await passLogged(`2026-11-24T${at}:00Z`);
    for (const a of [ADMIN, ADMIN2, ADMIN3]) told[a]!.push(...app.fake.textsTo(a));
    lines.push(...(p.lines as { msg: string }[]));
    return p;
  };
  for (const at of ['02:10', '02:11', '02:12', '02:20', '02:50']) await pass(at);
  // Each admin told once which customer to give another owner, as an admin of the desk.
  for (const a of [ADMIN, ADMIN3]) {
    expect(told[a]).toEqual([expect.stringContaining(WAITS)]);
    expect(told[a]![0]).toContain(NOT_THEIRS);
    expect(told[a]![0]).toContain(code);
  }
  expect(told[ADMIN2]).toEqual([]);
  expect(lines.find((l) => /the workspace’s admins told/.test(l.msg))).toMatchObject({
    by: 'no longer an admin',
    admins: 2,
  });
  expect(JSON.stringify(lines)).not.toContain(REQ);
  for (const a of [ADMIN, ADMIN3]) {
    const keys = (await app.db.models.outbox.find({ to: a }).lean()).map((e) => e.key);
    expect(keys.filter((k) => k.startsWith('erasure-waits-on-owner:'))).toHaveLength(1);
    for (const key of keys) expect(key).not.toContain(REQ);
  }
  // Handed on as they were asked: the next due try finishes it, and tells them.
  await app.db.models.customers.updateOne(
    { code },
    { $set: { ownerId: OWNER, ownerGuest: false } },
  );
  for (const a of [ADMIN, ADMIN2, ADMIN3]) told[a]!.length = 0;
  const done = await pass('03:30');
  expect(done.run.counts?.erasuresFinished).toBe(1);
  for (const a of [ADMIN, ADMIN3])
    expect(told[a]).toEqual([
      expect.stringContaining(
        `${NOT_THEIRS} was cut short before its end; the desk has now finished it`,
      ),
    ]);
  expect(told[ADMIN2]).toEqual([]);
  expect(await scanStrings(app.db, [REQ])).toEqual([]);
});

test('a cut erasure waiting on a guest owner in a workspace with no admin at all: a warning says so with what to run, never the person, once a day (not at every try); an admin made, they are told at the next try, once', async () => {
  await cutByAdminNoLongerOne('V0GONEADM02', []);
  const lines: { msg: string; level: number }[] = [];
  const told = () => [ADMIN, ADMIN2, ADMIN3].flatMap((a) => app.fake.textsTo(a));
  const heard: string[] = [];
  const noAdmin = (l: { msg: string }) => /no admin told, the workspace has none/.test(l.msg);
  const tried = (l: { msg: string }) => /owns a customer now as a guest/.test(l.msg);
  // Its tries backing off (1, 2, 4 … minutes): each one a try.
  for (const at of ['02:10', '02:11', '02:13', '02:17']) {
    const p = await passLogged(`2026-11-24T${at}:00Z`);
    expect(p.lines.filter(tried)).toHaveLength(1);
    lines.push(...(p.lines as { msg: string; level: number }[]));
    heard.push(...told());
  }
  expect(heard).toEqual([]);
  const none = lines.filter(noAdmin);
  expect(none).toHaveLength(1);
  expect(none[0]).toMatchObject({
    level: 40,
    teamId: expect.any(String),
    by: 'no longer an admin',
    run: expect.stringContaining('npm run admins -- --team '),
  });
  expect(JSON.stringify(lines)).not.toContain(REQ);
  expect(JSON.stringify(lines)).not.toContain(ADMIN2);
  // A day on, still no admin: said once more.
  const dayOn = await passLogged('2026-11-25T02:20:00Z');
  expect(dayOn.lines.filter(tried)).toHaveLength(1);
  expect(dayOn.lines.filter(noAdmin)).toHaveLength(1);
  heard.push(...told());
  // The operator makes ADMIN3 the desk's admin: told at the next due try, once.
  await app.setSettings(() => ({ admins: [ADMIN3] }));
  for (const at of ['02:37', '02:41', '03:10']) {
    await passLogged(`2026-11-25T${at}:00Z`);
    heard.push(...told());
  }
  expect(heard).toEqual([expect.stringContaining(WAITS)]);
  // ADMIN3 removed in turn: said again at the next try, not a day after the last.
  await app.setSettings(() => ({ admins: [] }));
  const gone = await passLogged('2026-11-25T03:41:00Z');
  expect(gone.lines.filter(tried)).toHaveLength(1);
  expect(gone.lines.filter(noAdmin)).toHaveLength(1);
});

test('a cut erasure waiting on a guest owner in a workspace with no admin, its own key not read at a try: the no-admin warning, not logged then, is logged at the next try (not muted for a day)', async () => {
  await cutByAdminNoLongerOne('V0GONEADM07', []);
  const noAdmin = (l: { msg: string }) => /no admin told, the workspace has none/.test(l.msg);
  const tried = (l: { msg: string }) => /owns a customer now as a guest/.test(l.msg);
  const key = vi
    .spyOn(DataSubjectRepository.prototype, 'erasureOwnerKey')
    .mockRejectedValueOnce(new Error('read failed'));
  let failed: Awaited<ReturnType<typeof passLogged>>;
  try {
    failed = await passLogged('2026-11-24T02:10:00Z');
  } finally {
    key.mockRestore();
  }
  expect(failed.lines.filter(tried)).toHaveLength(1);
  expect(failed.lines.filter(noAdmin)).toEqual([]);
  const next = await passLogged('2026-11-24T02:11:00Z');
  expect(next.lines.filter(tried)).toHaveLength(1);
  expect(next.lines.filter(noAdmin)).toHaveLength(1);
});

test('a cut erasure given up by the upkeep (its person made staff since) whose admin is an admin no longer: the workspace’s admin is told it was given up, not as theirs', async () => {
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN2] }));
  await eraseUserCutAfterResume(app, ADMIN2, REQ, 'V0GONEADM03');
  await app.setSettings(() => ({ admins: [ADMIN], agents: [AGENT, REQ] }));
  const told: Record<string, string[]> = { [ADMIN]: [], [ADMIN2]: [] };
  for (const at of ['02:10', '02:11', '02:12']) {
    await passLogged(`2026-11-24T${at}:00Z`);
    for (const a of [ADMIN, ADMIN2]) told[a]!.push(...app.fake.textsTo(a));
  }
  expect(told[ADMIN]).toEqual([
    expect.stringContaining(
      `An erasure of a Slack user’s personal data ${NOT_THEIRS} was cut short before its end, and the desk has given it up`,
    ),
  ]);
  expect(told[ADMIN2]).toEqual([]);
});

test('a cut erasure given up by the upkeep as its person was made an admin, its starter an admin no longer: the workspace’s other admin is told, the person is not told of their own erasure', async () => {
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN2] }));
  await eraseUserCutAfterResume(app, ADMIN2, REQ, 'V0SELFADM01');
  await app.setSettings(() => ({ admins: [ADMIN, REQ] }));
  const told: Record<string, string[]> = { [ADMIN]: [], [ADMIN2]: [], [REQ]: [] };
  for (const at of ['02:10', '02:11', '02:12']) {
    await passLogged(`2026-11-24T${at}:00Z`);
    for (const a of [ADMIN, ADMIN2, REQ]) told[a]!.push(...app.fake.textsTo(a));
  }
  expect(told[ADMIN]).toEqual([
    expect.stringContaining(
      `An erasure of a Slack user’s personal data ${NOT_THEIRS} was cut short before its end, and the desk has given it up`,
    ),
  ]);
  expect(told[REQ]!.filter((t) => t.includes('Slack user’s personal data'))).toEqual([]);
  expect(told[ADMIN2]).toEqual([]);
});

/**
 * A spy on the upkeep's read of the unfinished erasures whose first answer is kept (`kept`), so
 * that another instance's pass can be given that read again (`read.mockImplementationOnce`).
 */
function keptRead() {
  let kept: Awaited<ReturnType<DataSubjectRepository['erasuresUnfinished']>> = [];
  const real = DataSubjectRepository.prototype.erasuresUnfinished;
  const read = vi
    .spyOn(DataSubjectRepository.prototype, 'erasuresUnfinished')
    .mockImplementationOnce(async function (this: DataSubjectRepository, now: Date, limit: number) {
      kept = await real.call(this, now, limit);
      return kept;
    });
  return { read, kept: () => kept };
}

/**
 * Two passes, instance a's then b's, b's read of the unfinished erasures the one a made before
 * it finished (or gave up) the erasure and gave its lease back: what ADMIN was told in both.
 */
async function twoInstancesOneRead(): Promise<{
  a: { counts?: unknown };
  b: { counts?: unknown };
  told: string[];
}> {
  const { read, kept } = keptRead();
  const told: string[] = [];
  try {
    const a = await passLogged('2026-11-24T02:10:00Z', undefined, 'a');
    told.push(...app.fake.textsTo(ADMIN));
    read.mockImplementationOnce(async () => kept());
    const b = await passLogged('2026-11-24T02:11:00Z', undefined, 'b');
    told.push(...app.fake.textsTo(ADMIN));
    expect(kept().map((e) => e.user)).toEqual([REQ]);
    return { a: a.run, b: b.run, told };
  } finally {
    read.mockRestore();
  }
}

test('an erasure finished by the upkeep on one instance, read unfinished by another’s pass just before: not run again nor counted, the workspace’s admin told it is finished once', async () => {
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN2, ADMIN3] }));
  await eraseUserCutAfterResume(app, ADMIN2, REQ, 'V0TWICEFIN1');
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN3] }));
  const { a, b, told } = await twoInstancesOneRead();
  expect(a.counts).toMatchObject({ erasuresFinished: 1 });
  expect(b.counts ?? {}).not.toMatchObject({ erasuresFinished: 1 });
  expect(told.filter((t) => t.includes('the desk has now finished it'))).toHaveLength(1);
});

test('an erasure given up by the upkeep on one instance (its person made staff), read unfinished by another’s pass just before: the workspace’s admin told it was given up once', async () => {
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN2, ADMIN3] }));
  await eraseUserCutAfterResume(app, ADMIN2, REQ, 'V0TWICEGIV1');
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN3], agents: [AGENT, REQ] }));
  const { told } = await twoInstancesOneRead();
  expect(told.filter((t) => t.includes('the desk has given it up'))).toHaveLength(1);
});

/**
 * ADMIN2's erasure of REQ cut after its first resume; the upkeep's pass at 02:10 runs it to its
 * end (resuming the second ticket) but outruns its lease (another erasure took it within its last
 * step): logged, not counted, nobody told yet, and the marks say it is done. `read`: what that
 * pass read as unfinished. What ADMIN2 was told.
 */
async function outranAt0210(
  read?: (got: Awaited<ReturnType<DataSubjectRepository['erasuresUnfinished']>>) => void,
): Promise<string[]> {
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN2] }));
  await eraseUserCutAfterResume(app, ADMIN2, REQ, 'V0OUTRAN001');
  const real = DataSubjectRepository.prototype.erasuresUnfinished;
  const spy = vi
    .spyOn(DataSubjectRepository.prototype, 'erasuresUnfinished')
    .mockImplementationOnce(async function (this: DataSubjectRepository, now: Date, limit: number) {
      const got = await real.call(this, now, limit);
      read?.(got);
      return got;
    });
  const taken = vi.spyOn(ErasureLeaseRepository.prototype, 'release').mockResolvedValueOnce(false);
  let pass: Awaited<ReturnType<typeof passLogged>>;
  try {
    pass = await passLogged('2026-11-24T02:10:00Z');
  } finally {
    taken.mockRestore();
    spy.mockRestore();
  }
  expect(pass.run.counts).not.toHaveProperty('erasuresFinished');
  expect(pass.lines.some((l) => /outran its lease/.test(l.msg))).toBe(true);
  expect(JSON.stringify(pass.lines)).not.toContain(REQ);
  const t1 = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  const t2 = (await app.db.models.tickets.findOne({ number: second }).lean())!;
  expect([t1.erasureResumeUser, t2.erasureResumeUser, t2.status]).toEqual([
    undefined,
    undefined,
    'assigned',
  ]);
  return app.fake.textsTo(ADMIN2);
}

test('an erasure the upkeep ran to its end but whose lease another erasure took in its last step: scrubbed again once the lease is free (not run again in full), counted, and its admin told it is finished, once (both tickets)', async () => {
  const told = await outranAt0210();
  let finished = 0;
  // 02:11: the lease still held (by the other erasure); 02:16: free.
  for (const at of ['02:11', '02:16', '02:30', '03:10']) {
    const pass = await passLogged(`2026-11-24T${at}:00Z`);
    finished += Number(pass.run.counts?.erasuresFinished ?? 0);
    told.push(...app.fake.textsTo(ADMIN2));
  }
  expect(finished).toBe(1);
  expect(told).toEqual([
    expect.stringContaining('the 2 tickets that waited on them are back with their assignees'),
  ]);
  expect(told[0]).toContain('the desk has now finished it');
  // Nothing keeps the person's id once it is done.
  expect(await app.db.models.erasuresUnmarked.countDocuments()).toBe(0);
  expect(await scanStrings(app.db, [REQ])).toEqual([]);
});

test('the same, another instance having read it unfinished before that run: that instance does not run it again on that read, but scrubs it again once the lease is free and tells its admin it is finished, once', async () => {
  let stale: Awaited<ReturnType<DataSubjectRepository['erasuresUnfinished']>> = [];
  const told = await outranAt0210((got) => (stale = got));
  const read = vi
    .spyOn(DataSubjectRepository.prototype, 'erasuresUnfinished')
    .mockImplementationOnce(async () => stale);
  try {
    const b = await passLogged('2026-11-24T02:16:00Z', undefined, 'b');
    expect(b.run.counts).toMatchObject({ erasuresFinished: 1 });
    told.push(...app.fake.textsTo(ADMIN2));
  } finally {
    read.mockRestore();
  }
  await passLogged('2026-11-24T02:30:00Z');
  told.push(...app.fake.textsTo(ADMIN2));
  expect(stale.map((e) => e.user)).toEqual([REQ]);
  expect(told.filter((t) => t.includes('the desk has now finished it'))).toHaveLength(1);
});

/**
 * An erasure finished (`given`: given up, its person made staff) by instance a, then run again by
 * instance b on a's read, a record of it surviving (as a mark taken just as it finished leaves
 * one: revlost/lostfix 1): what ADMIN was told in both passes.
 */
async function ranAgainRecordSurviving(view: string, given: boolean): Promise<string[]> {
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN2] }));
  await eraseUserCutAfterResume(app, ADMIN2, REQ, view);
  await app.setSettings(() => ({
    admins: [ADMIN],
    agents: given ? [AGENT, REQ] : [AGENT],
  }));
  const { read, kept } = keptRead();
  const told: string[] = [];
  try {
    await passLogged('2026-11-24T02:10:00Z', undefined, 'a');
    told.push(...app.fake.textsTo(ADMIN));
    const t = (await app.db.models.tickets.findOne({ number: first }).lean())!;
    await app.db.models.erasuresUnmarked.create({
      _id: `${t.teamId}:${userKey(t.teamId, REQ)}`,
      teamId: t.teamId,
      user: REQ,
      ids: [String(t._id)],
    });
    read.mockImplementationOnce(async () => kept());
    await passLogged('2026-11-24T02:11:00Z', undefined, 'b');
    told.push(...app.fake.textsTo(ADMIN));
  } finally {
    read.mockRestore();
  }
  return told;
}

test('an erasure finished by the upkeep, run again by another instance on its earlier read while a record of it survives: the workspace’s admin is told it is finished once', async () => {
  const told = await ranAgainRecordSurviving('V0AGAINREC1', false);
  expect(told.filter((t) => t.includes('the desk has now finished it'))).toHaveLength(1);
});

test('an erasure given up by the upkeep, run again by another instance on its earlier read while a record of it survives: the workspace’s admin is told it was given up once', async () => {
  const told = await ranAgainRecordSurviving('V0AGAINREC2', true);
  expect(told.filter((t) => t.includes('the desk has given it up'))).toHaveLength(1);
});

/** ADMIN2 starts REQ's erasure, cut; REQ then owns a customer as a guest; ADMIN2 told at 02:10. */
async function starterToldItWaits(view: string): Promise<string> {
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN2] }));
  await ctxOf(app, ADMIN2);
  await app.desk.outbox.drain();
  await eraseUserCutAfterResume(app, ADMIN2, REQ, view);
  const other = await makeCustomer(app, { name: 'Ningbo Tools' });
  await app.db.models.customers.updateOne(
    { code: other.code },
    { $set: { ownerId: REQ, ownerGuest: true } },
  );
  await passLogged('2026-11-24T02:10:00Z');
  expect(app.fake.textsTo(ADMIN2)).toEqual([expect.stringContaining(WAITS)]);
  expect(app.fake.postsTo(ADMIN)).toEqual([]);
  return other.code;
}

test('a cut erasure waiting on a guest owner whose starter, told so, is then an admin no longer: the workspace’s admin is told at the next try which customer to hand on, once, not as theirs', async () => {
  const code = await starterToldItWaits('V0TOLDGONE1');
  await app.setSettings(() => ({ admins: [ADMIN] }));
  const heard: string[] = [];
  let tried = 0;
  for (const at of ['02:12', '02:20', '02:50', '03:30', '04:10']) {
    const p = await passLogged(`2026-11-24T${at}:00Z`);
    tried += p.lines.filter((l) => /owns a customer now as a guest/.test(l.msg)).length;
    heard.push(...app.fake.textsTo(ADMIN));
    expect(app.fake.postsTo(ADMIN2)).toEqual([]);
  }
  expect(tried).toBeGreaterThan(1);
  expect(heard).toEqual([expect.stringContaining(WAITS)]);
  expect(heard[0]).toContain(NOT_THEIRS);
  expect(heard[0]).toContain(code);
});

test('a cut erasure waiting on a guest owner whose starter, told so, is then demoted and erased: the workspace’s admin is told at the next try, once; nothing keeps the former admin’s id', async () => {
  await starterToldItWaits('V0TOLDGONE2');
  await app.setSettings(() => ({ admins: [ADMIN] }));
  app.clock.set('2026-11-24T02:20:00Z');
  await eraseUserInSlack(app, ADMIN, ADMIN2, 'V0TOLDGONE3');
  await app.desk.outbox.drain();
  expect(await heldIn(app, ADMIN2)).toEqual([]);
  const heard = (
    await textsOverRuns(app, outboxJob, ADMIN, '2026-11-24', '02:50 03:30 04:10 04:50')
  ).filter((t) => t.includes('Slack user’s personal data'));
  expect(heard).toEqual([expect.stringContaining(WAITS)]);
  // Who started it kept no more (their scrub): the desk has no record of it.
  expect(heard[0]).toContain(NOT_RECORDED);
  expect(await heldIn(app, ADMIN2)).toEqual([]);
});

test('an erasure started by one admin and run again by another, both cut, the first then an admin no longer: finished, the second is told it is one they started', async () => {
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN2] }));
  await eraseUserCutAfterResume(app, ADMIN2, REQ, 'V0TWOSTART1');
  // ADMIN2's run's lease run out: ADMIN runs it again, cut too.
  app.clock.set('2026-11-24T02:06:00Z');
  await eraseUserCutAfterResume(app, ADMIN, REQ, 'V0TWOSTART2');
  const by = (await app.db.models.tickets.find({ erasureResumeUser: REQ }).lean()).map(
    (t) => t.erasureResumeBy,
  );
  expect(by.sort()).toEqual([ADMIN, ADMIN2]);
  await app.setSettings(() => ({ admins: [ADMIN] }));
  const told = await textsOverRuns(app, outboxJob, ADMIN, '2026-11-24', '02:12 02:13 02:15');
  expect(told).toEqual([
    expect.stringContaining(
      'An erasure of a Slack user’s personal data that you started was cut short before its end; the desk has now finished it',
    ),
  ]);
});

test('a cut erasure given up as its person was made the workspace’s only admin: nobody is told, and the warning says the only admin is the person erased, not that the workspace has none', async () => {
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN2] }));
  await eraseUserCutAfterResume(app, ADMIN2, REQ, 'V0SELFADM02');
  await app.setSettings(() => ({ admins: [REQ] }));
  const lines: { msg: string; level: number }[] = [];
  const told: string[] = [];
  for (const at of ['02:10', '02:11', '02:12']) {
    const p = await passLogged(`2026-11-24T${at}:00Z`);
    lines.push(...(p.lines as { msg: string; level: number }[]));
    for (const a of [ADMIN, ADMIN2, REQ]) told.push(...app.fake.textsTo(a));
  }
  expect(told.filter((t) => t.includes('Slack user’s personal data'))).toEqual([]);
  expect(lines.filter((l) => /the workspace has none/.test(l.msg))).toEqual([]);
  expect(
    lines.filter((l) =>
      /no admin told, the workspace’s only admin is the person erased/.test(l.msg),
    ),
  ).toEqual([
    expect.objectContaining({ level: 40, run: expect.stringContaining('npm run admins') }),
  ]);
  expect(JSON.stringify(lines)).not.toContain(REQ);
});

test('an erasure cut with two marks, the older ticket’s taken by another erasure, then waiting on a guest owner: its admin is told, once', async () => {
  // Only these two wait on REQ: the two of beforeEach resumed by their assignee.
  for (const n of [first, second]) await act(app, n, { action: 'resume' } as never, AGENT);
  const customer = await app.db.models.customers.findOne({ name: 'Huadong Machinery' }).lean();
  // The older filed by FILER for REQ; the newer REQ's own.
  const older = await filedForReq('Gearbox hot');
  const newer = await makeTicket(app, {
    customerCode: customer!.code,
    title: 'Belt slipping on line 6',
    description: 'Belt slips',
    requester: { userId: REQ, via: 'slack' },
  });
  for (const t of [older, newer]) {
    await act(app, t.number, { action: 'claim' }, AGENT);
    await act(app, t.number, { action: 'wait', question: 'Since when?' }, AGENT);
  }
  await app.desk.outbox.drain();
  // REQ's erasure cut after its scrub, its lease never given back.
  await eraseUserCutAfterScrub(app, ADMIN, REQ, 'V0REVLOST01');
  // The older ticket waits on its filer now; the admin erases the filer: its mark is theirs.
  app.clock.set('2026-11-24T03:00:00Z');
  await act(app, older.number, { action: 'wait', question: 'Which gearbox?' }, AGENT);
  await app.desk.outbox.drain();
  app.clock.set('2026-11-24T03:05:00Z');
  await eraseUserInSlack(app, ADMIN, FILER, 'V0REVLOST02');
  await app.desk.outbox.drain();
  expect(
    (await app.db.models.tickets.findOne({ number: newer.number }).lean())!.erasureResumeUser,
  ).toBe(REQ);
  expect(await app.db.models.erasuresUnmarked.countDocuments()).toBe(1);
  // REQ is given a customer as a guest owner: the upkeep keeps the erasure and tells its admin.
  const other = await makeCustomer(app, { name: 'Ningbo Tools' });
  await app.db.models.customers.updateOne(
    { code: other.code },
    { $set: { ownerId: REQ, ownerGuest: true } },
  );
  const admin = await textsOverRuns(app, outboxJob, ADMIN, '2026-11-24', '03:20 03:22 03:30 04:00');
  expect(admin).toEqual([expect.stringContaining(WAITS)]);
  expect(admin[0]).toContain(other.code);
});

test('an erasure whose ticket mark other erasures keep writing between its read and its write is stopped before it resumes that ticket, said unfinished to run again', async () => {
  // Another erasure writes the mark before each of this one's conditional writes of it.
  const tickets = app.db.models.tickets;
  const real = tickets.updateOne.bind(tickets);
  let others = 0;
  const busy = vi.spyOn(tickets, 'updateOne').mockImplementation((async (
    filter: Record<string, unknown>,
    update: { $set?: Record<string, unknown> },
    ...rest: unknown[]
  ) => {
    if ('erasureResumeReady' in filter && update?.$set?.erasureResumeOwed) {
      others++;
      await real(
        { _id: String(filter._id) },
        { $set: { erasureResumeOwed: `T0OTHER:${others}`, erasureResumeUser: 'U0OTHER001' } },
      );
    }
    return (real as (...a: unknown[]) => unknown)(filter, update, ...rest);
  }) as never);
  try {
    await eraseUserInSlack(app, ADMIN, REQ, 'V0MARKBUSY1');
  } finally {
    busy.mockRestore();
  }
  // Not resumed without its mark (its resume would never be told): still waiting, the admin told
  // to run it again; its mark tried three times.
  const t = (await app.db.models.tickets.findOne({ number: first }).lean())!;
  expect(t.status).toBe('waiting');
  const view = app.fake.callsTo('views.update').filter((c) => c.args.view_id === 'V0MARKBUSY1');
  expect(JSON.stringify(view.at(-1)!.args.view)).toContain('Not finished: something failed');
  expect(others).toBe(3);
});

test('a former admin erased while an erasure they started waits on a guest owner: nothing keeps their id, and they are not told when it is finished', async () => {
  const ADMIN2 = 'U0ADMIN002';
  await app.setSettings(() => ({
    agents: [AGENT],
    accountManagers: [OWNER],
    admins: [ADMIN, ADMIN2],
  }));
  await ctxOf(app, ADMIN2);
  await app.desk.outbox.drain();
  await eraseUserCutAfterResume(app, ADMIN2, REQ, 'V0FORMERBY1');
  const other = await makeCustomer(app, { name: 'Ningbo Tools' });
  await app.db.models.customers.updateOne(
    { code: other.code },
    { $set: { ownerId: REQ, ownerGuest: true } },
  );
  await passLogged('2026-11-24T02:10:00Z');
  expect(app.fake.textsTo(ADMIN2)).toEqual([expect.stringContaining(WAITS)]);
  // ADMIN2 leaves: no longer an admin, their own erasure asked by ADMIN.
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER], admins: [ADMIN] }));
  app.clock.set('2026-11-24T02:20:00Z');
  await eraseUserInSlack(app, ADMIN, ADMIN2, 'V0FORMERBY2');
  await app.desk.outbox.drain();
  expect(await heldIn(app, ADMIN2)).toEqual([]);
  // REQ's customer handed on: the upkeep finishes REQ's erasure, telling nobody.
  await app.db.models.customers.updateOne(
    { code: other.code },
    { $set: { ownerId: OWNER, ownerGuest: false } },
  );
  const dms = await textsOverRuns(app, outboxJob, ADMIN2, '2026-11-24', '03:00 03:31 04:02');
  expect(
    (await app.db.models.tickets.findOne({ number: first }).lean())!.erasureResumeOwed,
  ).toBeUndefined();
  expect(dms).toEqual([]);
  expect(await heldIn(app, ADMIN2)).toEqual([]);
});

test('a former admin erased while an erasure they started waits on a guest owner, its only mark taken by another erasure (kept by its record of that mark): nothing keeps their id, and the erasure is still finished, not told to them', async () => {
  const ADMIN2 = 'U0ADMIN002';
  await app.setSettings(() => ({
    agents: [AGENT],
    accountManagers: [OWNER],
    admins: [ADMIN, ADMIN2],
  }));
  await ctxOf(app, ADMIN2);
  // Only the filer's ticket waits on REQ: the two of beforeEach resumed by their assignee.
  for (const n of [first, second]) await act(app, n, { action: 'resume' } as never, AGENT);
  const { number, code } = await filedForReqWaitingOnFiler('V0FORMERBY3', ADMIN2);
  // The filer's erasure, run whole by ADMIN, resumes the ticket: REQ's erasure, its only mark
  // taken, is kept by its record, which says ADMIN2 started it.
  app.clock.set('2026-11-24T03:05:00Z');
  await eraseUserInSlack(app, ADMIN, FILER, 'V0FORMERBY4');
  await app.desk.outbox.drain();
  const records = await app.db.models.erasuresUnmarked.find().lean();
  expect(records.map((r) => [r.user, r.starters])).toEqual([[REQ, [ADMIN2]]]);
  // ADMIN2 leaves: no longer an admin, their own erasure asked by ADMIN.
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER], admins: [ADMIN] }));
  app.clock.set('2026-11-24T03:20:00Z');
  await eraseUserInSlack(app, ADMIN, ADMIN2, 'V0FORMERBY5');
  await app.desk.outbox.drain();
  expect(await heldIn(app, ADMIN2)).toEqual([]);
  // REQ's customer handed on: the upkeep still finds REQ's erasure and finishes it, telling the
  // workspace's admin, not ADMIN2.
  await app.db.models.customers.updateOne(
    { code },
    { $set: { ownerId: OWNER, ownerGuest: false } },
  );
  const told: Record<string, string[]> = { [ADMIN]: [], [ADMIN2]: [] };
  for (const at of ['04:00', '04:31', '05:02']) {
    await passLogged(`2026-11-24T${at}:00Z`);
    for (const a of [ADMIN, ADMIN2]) told[a]!.push(...app.fake.textsTo(a));
  }
  expect(told[ADMIN]).toEqual([expect.stringContaining('the desk has now finished it')]);
  expect(told[ADMIN2]).toEqual([]);
  expect(await app.db.models.erasuresUnmarked.countDocuments()).toBe(0);
  expect(await scanStrings(app.db, [REQ])).toEqual([]);
  expect(await heldIn(app, ADMIN2)).toEqual([]);
  expect(
    (await app.db.models.tickets.findOne({ number }).lean())!.erasureResumeOwed,
  ).toBeUndefined();
});

test('an erasure taking a mark whose erasure another instance records at the same moment (its first write meeting the other’s, a duplicate key) still resumes the ticket and keeps that erasure findable', async () => {
  const { number } = await filedForReqWaitingOnFiler('V0DUPKEEP01');
  // The other instance's record lands first: this one's upsert then meets it on the unique _id.
  const records = app.db.models.erasuresUnmarked;
  const real = records.updateOne.bind(records);
  const raced = vi.spyOn(records, 'updateOne').mockImplementationOnce((async (
    ...args: unknown[]
  ) => {
    await (real as (...a: unknown[]) => Promise<unknown>)(...args);
    throw Object.assign(new Error('E11000 duplicate key error'), { code: 11000 });
  }) as never);
  app.clock.set('2026-11-24T03:05:00Z');
  try {
    await eraseUserInSlack(app, ADMIN, FILER, 'V0DUPKEEP02');
  } finally {
    raced.mockRestore();
  }
  await app.desk.outbox.drain();
  const t = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(t.status).not.toBe('waiting');
  expect(t.erasureResumeOwed).toBeUndefined();
  const kept = await app.db.models.erasuresUnmarked.find().lean();
  expect(kept.map((r) => [r.user, r.ids])).toEqual([[REQ, [String(t._id)]]]);
});

test('an erasure taking a mark whose erasure finishes between its read and its write (another instance) leaves no record of that finished erasure: the upkeep does not run it again nor tell its admin it was finished', async () => {
  const { number, code } = await filedForReqWaitingOnFiler('V0DONEKEEP1');
  const subjects = new DataSubjectRepository(app.db.models);
  const mark = (await app.db.models.tickets.findOne({ number }).lean())!;
  const key = mark.erasureResumeOwed!;
  // REQ's erasure finished by another instance right after this one kept it findable.
  const records = app.db.models.erasuresUnmarked;
  const real = records.updateOne.bind(records);
  const raced = vi.spyOn(records, 'updateOne').mockImplementationOnce((async (
    ...args: unknown[]
  ) => {
    await subjects.resumesReady(mark.teamId, [key], app.clock.now());
    return (real as (...a: unknown[]) => Promise<unknown>)(...args);
  }) as never);
  app.clock.set('2026-11-24T03:05:00Z');
  try {
    await eraseUserInSlack(app, ADMIN, FILER, 'V0DONEKEEP2');
  } finally {
    raced.mockRestore();
  }
  await app.desk.outbox.drain();
  expect(await app.db.models.erasuresUnmarked.countDocuments()).toBe(0);
  await app.db.models.customers.updateOne(
    { code },
    { $set: { ownerId: OWNER, ownerGuest: false } },
  );
  const admin = await textsOverRuns(app, outboxJob, ADMIN, '2026-11-24', '04:00 04:31');
  expect(admin.filter((x) => x.includes('the desk has now finished it'))).toEqual([]);
});

test('an erasure taking a ticket’s mark that changes under it three times, the erasure it kept finishing just before its last keep: it fails (the ticket not resumed), leaving no record of that finished erasure, whose admin is not told it finished again', async () => {
  const { number, code } = await filedForReqWaitingOnFiler('V0THIRDTRY1');
  const subjects = new DataSubjectRepository(app.db.models);
  const mark = (await app.db.models.tickets.findOne({ number }).lean())!;
  const key = mark.erasureResumeOwed!;
  const tickets = app.db.models.tickets;
  const realT = tickets.updateOne.bind(tickets);
  let writes = 0;
  // Before this erasure's 1st conditional write: the mark is a done erasure's (no keep at the
  // 2nd read); before its 2nd: REQ's erasure's again (its own run took it back).
  const busy = vi.spyOn(tickets, 'updateOne').mockImplementation((async (
    filter: Record<string, unknown>,
    update: { $set?: Record<string, unknown> },
    ...rest: unknown[]
  ) => {
    if ('erasureResumeReady' in filter && update?.$set?.erasureResumeOwed) {
      writes++;
      if (writes === 1)
        await realT(
          { _id: String(filter._id) },
          {
            $set: {
              erasureResumeOwed: 'T0OTHER:1',
              erasureResumeUser: 'U0OTHER001',
              erasureResumeReady: app.clock.now(),
            },
          },
        );
      if (writes === 2)
        await realT(
          { _id: String(filter._id) },
          {
            $set: { erasureResumeOwed: key, erasureResumeUser: REQ },
            $unset: { erasureResumeReady: '' },
          },
        );
    }
    return (realT as (...a: unknown[]) => unknown)(filter, update, ...rest);
  }) as never);
  // REQ's erasure finished by another instance just before this one's 2nd keep of it (3rd try).
  const records = app.db.models.erasuresUnmarked;
  const realR = records.updateOne.bind(records);
  let keeps = 0;
  const raced = vi.spyOn(records, 'updateOne').mockImplementation((async (...args: unknown[]) => {
    if (++keeps === 2) await subjects.resumesReady(mark.teamId, [key], app.clock.now());
    return (realR as (...a: unknown[]) => Promise<unknown>)(...args);
  }) as never);
  app.clock.set('2026-11-24T03:05:00Z');
  try {
    await eraseUserInSlack(app, ADMIN, FILER, 'V0THIRDTRY2');
  } finally {
    busy.mockRestore();
    raced.mockRestore();
  }
  expect(writes).toBe(3);
  await app.desk.outbox.drain();
  // REQ's erasure is done (its marks say so): no record of it left.
  const left = await app.db.models.erasuresUnmarked.countDocuments({ user: REQ });
  await app.db.models.customers.updateOne(
    { code },
    { $set: { ownerId: OWNER, ownerGuest: false } },
  );
  const admin = await textsOverRuns(app, outboxJob, ADMIN, '2026-11-24', '04:00 04:31');
  // Its admin not told 'the desk has now finished it' of the erasure already done.
  expect([left, admin.filter((x) => x.includes('the desk has now finished it'))]).toEqual([0, []]);
});

test('a run taking the mark of REQ’s first erasure, which finishes meanwhile while REQ’s second erasure (cut) has its only mark taken by a third: REQ’s second erasure stays findable by the upkeep', async () => {
  const OTHER = 'U0OTHER001';
  const THIRD = 'U0THIRD001';
  const tickets = app.db.models.tickets;
  const [t1, t2] = (await Promise.all(
    [first, second].map(async (n) => String((await tickets.findOne({ number: n }).lean())!._id)),
  )) as [string, string];
  const teamId = (await tickets.findById(t1).lean())!.teamId;
  const keyX = userKey(teamId, REQ);
  // REQ's first erasure, cut: its mark on t1.
  await tickets.updateOne(
    { _id: t1 },
    { $set: { erasureResumeOwed: keyX, erasureResumeUser: REQ } },
    { timestamps: false },
  );
  const subjects = new DataSubjectRepository(app.db.models);
  const realT = tickets.updateOne.bind(tickets);
  let writes = 0;
  let inner = false;
  const busy = vi.spyOn(tickets, 'updateOne').mockImplementation((async (
    filter: Record<string, unknown>,
    update: { $set?: Record<string, unknown> },
    ...rest: unknown[]
  ) => {
    if (
      !inner &&
      'erasureResumeReady' in filter &&
      update?.$set?.erasureResumeOwed === userKey(teamId, OTHER) &&
      ++writes === 1
    ) {
      inner = true;
      try {
        // Meanwhile: REQ's first erasure finishes (t1 ready, its record deleted) ...
        await subjects.resumesReady(teamId, [keyX], app.clock.now());
        // ... REQ is erased again (their second erasure marks t2, then is cut) ...
        await realT(
          { _id: t2 },
          { $set: { erasureResumeOwed: keyX, erasureResumeUser: REQ } },
          { timestamps: false },
        );
        // ... and a third person's erasure takes t2's mark (keeping REQ's second one findable).
        await subjects.resumeOwed(teamId, t2, [userKey(teamId, THIRD)], THIRD);
      } finally {
        inner = false;
      }
    }
    return (realT as (...a: unknown[]) => unknown)(filter, update, ...rest);
  }) as never);
  try {
    // OTHER's erasure (held up, its lease lost) takes t1's mark.
    await subjects.resumeOwed(teamId, t1, [userKey(teamId, OTHER)], OTHER);
  } finally {
    busy.mockRestore();
  }
  expect(writes).toBe(2);
  // REQ's second erasure is not done: its only trace is the record the third erasure wrote.
  const unfinished = await subjects.erasuresUnfinished(new Date('2026-11-24T03:00:00Z'), 100);
  expect(unfinished.filter((e) => e.user === REQ).map((e) => e.ids)).toEqual([[t2]]);
});
