// The outbox upkeep's DMs telling admins what became of a cut erasure by Slack user
// (PrivacyFlows.finishErasures) go to whom they should, once per erasure: keyed by the erasure's
// own id (a later erasure of the same person told too), to every starter an outrun run recorded,
// and to the admins told it waited on a guest owner in the starter's place. Set-up as
// fault/privacy-user-upkeep-transient's.
import { beforeEach, expect, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import {
  DataSubjectRepository,
  ErasureLeaseRepository,
  PrivacyLogRepository,
} from '../../src/privacy/repository.js';
import type { PrivacyLogEntry } from '../../src/privacy/types.js';
import { erasedSince } from '../../src/privacy/service.js';
import { useTestApp } from '../helpers/app.js';
import { runJobLogged, textsOverRuns } from '../helpers/jobs.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { failCalls } from '../helpers/faults.js';
import {
  eraseUserCutAfterResume,
  eraseUserInSlack,
  heldIn,
  testUserKeys,
  userKey,
} from '../helpers/privacy.js';

const ADMIN = 'U0ADMIN001';
const ADMIN2 = 'U0ADMIN002';
const ADMIN3 = 'U0ADMIN003';
const REQ = 'U0CUSTREQ1';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

/** Two tickets of REQ's waiting on them (as the upkeep file's beforeEach). */
async function twoWaiting(customerCode: string, titles: string[]) {
  for (const title of titles) {
    const t = await makeTicket(app, {
      customerCode,
      title,
      description: 'Coolant on the floor',
      requester: { userId: REQ, via: 'slack' },
    });
    await act(app, t.number, { action: 'claim' }, AGENT);
    await act(app, t.number, { action: 'wait', question: 'Which line is it?' }, AGENT);
  }
}

let code = '';
beforeEach(async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  const customer = await makeCustomer(app, { name: 'Huadong Machinery' });
  code = customer.code;
  await twoWaiting(code, ['Coolant leak on line 3', 'Spindle noise on line 4']);
  await ctxOf(app, REQ);
  app.clock.advance(4000);
  await app.desk.outbox.drain();
});

/** The outbox job's pass at `iso` on `instance`, its log read (runJobLogged). */
const passLogged = (iso: string, instance = 'a') => runJobLogged(app, outboxJob, iso, { instance });

const FINISHED = 'the desk has now finished it';
const GIVEN_UP = 'the desk has given it up';

test('the same person erased twice, each cut and finished by the upkeep, two days apart: the admin is told each is finished', async () => {
  await eraseUserCutAfterResume(app, ADMIN, REQ, 'V0TWICE0001');
  const told: string[] = [];
  for (const at of ['2026-11-24T02:10:00Z', '2026-11-24T02:11:00Z', '2026-11-24T02:20:00Z']) {
    await passLogged(at);
    told.push(...app.fake.textsTo(ADMIN));
  }
  expect(told.filter((t) => t.includes(FINISHED))).toHaveLength(1);
  // Two days on REQ asks again (two new tickets waiting on them); erased again, cut again.
  app.clock.set('2026-11-26T09:00:00Z');
  await twoWaiting(code, ['Gearbox hot on line 5', 'Belt slipping on line 6']);
  await app.desk.outbox.drain();
  app.clock.set('2026-11-26T09:05:00Z');
  await eraseUserCutAfterResume(app, ADMIN, REQ, 'V0TWICE0002');
  const again: string[] = [];
  let finished = 0;
  for (const at of ['2026-11-26T09:15:00Z', '2026-11-26T09:16:00Z', '2026-11-26T09:30:00Z']) {
    const p = await passLogged(at);
    finished += Number(p.run.counts?.erasuresFinished ?? 0);
    again.push(...app.fake.textsTo(ADMIN));
  }
  // The upkeep finished the second erasure (counted) ...
  expect(finished).toBe(1);
  // ... and its admin should be told so, as for the first.
  expect(again.filter((t) => t.includes(FINISHED))).toHaveLength(1);
});

test('an erasure whose marks were written before its own id was recorded, finished by the upkeep, run again by another instance on its earlier read: the admin is told once', async () => {
  await eraseUserCutAfterResume(app, ADMIN, REQ, 'V0OLDMARK01');
  // As an older instance wrote them: no id of the erasure.
  const old = await app.db.models.tickets.updateMany(
    { erasureResumeUser: REQ },
    { $unset: { erasureResumeId: '' } },
  );
  expect(old.modifiedCount).toBeGreaterThan(0);
  let stale: Awaited<ReturnType<DataSubjectRepository['erasuresUnfinished']>> = [];
  const real = DataSubjectRepository.prototype.erasuresUnfinished;
  const read = vi
    .spyOn(DataSubjectRepository.prototype, 'erasuresUnfinished')
    .mockImplementationOnce(async function (this: DataSubjectRepository, now: Date, limit: number) {
      stale = await real.call(this, now, limit);
      return stale;
    });
  const told: string[] = [];
  let finished = 0;
  try {
    const a = await passLogged('2026-11-24T02:10:00Z', 'a');
    finished += Number(a.run.counts?.erasuresFinished ?? 0);
    told.push(...app.fake.textsTo(ADMIN));
    expect(stale.map((e) => e.erasure)).toEqual([undefined]);
    const t = (await app.db.models.tickets.findOne({}).sort({ _id: 1 }).lean())!;
    // A record of it surviving (a mark taken just as it finished): b runs it again.
    await app.db.models.erasuresUnmarked.create({
      _id: `${t.teamId}:${userKey(t.teamId, REQ)}`,
      teamId: t.teamId,
      user: REQ,
      ids: [String(t._id)],
    });
    read.mockImplementationOnce(async () => stale);
    await passLogged('2026-11-24T02:11:00Z', 'b');
    told.push(...app.fake.textsTo(ADMIN));
  } finally {
    read.mockRestore();
  }
  expect(finished).toBe(1);
  expect(told.filter((t) => t.includes(FINISHED))).toHaveLength(1);
});

test('an erasure started by ADMIN2 and run again by ADMIN, both cut, whose upkeep run outran its lease: both starters recorded; ADMIN2 then an admin no longer: ADMIN is told it is one they started', async () => {
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN2, ADMIN3] }));
  await eraseUserCutAfterResume(app, ADMIN2, REQ, 'V0OUTRAN001');
  app.clock.set('2026-11-24T02:06:00Z');
  await eraseUserCutAfterResume(app, ADMIN, REQ, 'V0OUTRAN002');
  const taken = vi.spyOn(ErasureLeaseRepository.prototype, 'release').mockResolvedValueOnce(false);
  try {
    const p = await passLogged('2026-11-24T02:12:00Z');
    expect(p.lines.some((l) => /outran its lease/.test(l.msg))).toBe(true);
  } finally {
    taken.mockRestore();
  }
  const rec = await app.db.models.erasuresUnmarked.findOne({}).lean();
  expect([...(rec?.starters ?? [])].sort()).toEqual([ADMIN, ADMIN2]);
  const other = ADMIN;
  // One starter is demoted; the other is still an admin.
  await app.setSettings(() => ({ admins: [other, ADMIN3] }));
  const told = await textsOverRuns(app, outboxJob, other, '2026-11-24', '02:20 02:21 02:30');
  expect(told).toEqual([
    expect.stringContaining(
      'An erasure of a Slack user’s personal data that you started was cut short before its end; the desk has now finished it',
    ),
  ]);
});

test('an erasure started by ADMIN2 and run again by ADMIN, both cut, each marking another ticket: both marks hold one id, so a record of it surviving its finish tells neither admin twice', async () => {
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN2] }));
  await ctxOf(app, ADMIN2);
  await app.desk.outbox.drain();
  await eraseUserCutAfterResume(app, ADMIN2, REQ, 'V0ONEID0001');
  app.clock.set('2026-11-24T02:06:00Z');
  await eraseUserCutAfterResume(app, ADMIN, REQ, 'V0ONEID0002');
  const marks = await app.db.models.tickets
    .find({ erasureResumeUser: REQ })
    .sort({ _id: 1 })
    .lean();
  expect(marks.map((m) => m.erasureResumeBy)).toEqual([ADMIN2, ADMIN]);
  const ids = [...new Set(marks.map((m) => m.erasureResumeId))].sort();
  const told: Record<string, string[]> = { [ADMIN]: [], [ADMIN2]: [] };
  const collect = () => {
    for (const x of [ADMIN, ADMIN2]) told[x]!.push(...app.fake.textsTo(x));
  };
  await passLogged('2026-11-24T02:12:00Z');
  collect();
  expect(await app.db.models.tickets.countDocuments({ erasureResumeUser: REQ })).toBe(0);
  // A record of it left after its finish, as a keep that read one of its marks before it was done
  // writes it (testgaps gap a): that mark's id (the later, should the two differ).
  const last = marks.at(-1)!;
  await app.db.models.erasuresUnmarked.create({
    _id: `${last.teamId}:${last.erasureResumeOwed}`,
    teamId: last.teamId,
    user: REQ,
    ids: [String(last._id)],
    starters: [ADMIN],
    erasure: ids.at(-1),
  });
  for (const at of ['02:20', '02:30']) {
    await passLogged(`2026-11-24T${at}:00Z`);
    collect();
  }
  for (const x of [ADMIN, ADMIN2])
    expect(told[x]).toEqual([expect.stringContaining(`that you started was cut short`)]);
  expect(ids).toHaveLength(1);
});

test('a held-up run’s mark of REQ’s earlier erasure, kept after REQ’s later erasure was recorded: nothing of the earlier one (its starter, admins told, warnings, back-off, id) written into the later one’s record', async () => {
  const [t1, t2] = await app.db.models.tickets.find({}).sort({ _id: 1 }).lean();
  const teamId = t1!.teamId;
  const key = userKey(teamId, REQ);
  const at = new Date('2026-11-24T01:00:00Z');
  // The earlier erasure's mark as the held-up run read it (its id sorting first).
  await app.db.models.tickets.updateOne(
    { _id: t1!._id },
    {
      $set: {
        erasureResumeOwed: key,
        erasureResumeUser: REQ,
        erasureResumeBy: ADMIN2,
        erasureResumeId: '00000000-earlier',
        erasureResumeOwnerTo: [ADMIN3],
        erasureResumeNoAdminWarned: at,
        erasureResumeTries: 4,
        erasureResumeRetryAt: at,
      },
    },
    { timestamps: false },
  );
  // The later erasure's record (its marks taken by another erasure).
  await app.db.models.erasuresUnmarked.create({
    _id: `${teamId}:${key}`,
    teamId,
    user: REQ,
    ids: [String(t2!._id)],
    starters: [ADMIN],
    erasure: 'ffffffff-later',
  });
  const subjects = new DataSubjectRepository(app.db.models);
  await subjects.resumeOwed(teamId, String(t1!._id), [userKey(teamId, 'U0OTHER01')], 'U0OTHER01');
  const rec = (await app.db.models.erasuresUnmarked.findOne({}).lean())!;
  // The later erasure's admin told it is theirs, keyed by its own id, due as it was.
  expect(rec.starters).toEqual([ADMIN]);
  expect(rec.erasure).toBe('ffffffff-later');
  expect(rec.ids).toEqual([String(t2!._id)]);
  expect(rec.ownerTo).toBeUndefined();
  expect(rec.noAdminWarned).toBeUndefined();
  expect(rec.tries).toBeUndefined();
  expect(rec.retryAt).toBeUndefined();
  // The mark taken all the same.
  const t = (await app.db.models.tickets.findOne({ _id: t1!._id }).lean())!;
  expect(t.erasureResumeUser).toBe('U0OTHER01');
});

test('a record of an erasure that outran its lease written before it kept every starter (one `by`): its starter, still an admin, is told it is one they started', async () => {
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN2] }));
  await eraseUserCutAfterResume(app, ADMIN2, REQ, 'V0OLDREC001');
  const taken = vi.spyOn(ErasureLeaseRepository.prototype, 'release').mockResolvedValueOnce(false);
  try {
    await passLogged('2026-11-24T02:12:00Z');
  } finally {
    taken.mockRestore();
  }
  // As an older instance wrote it: one starter, no id of the erasure.
  await app.db.models.erasuresUnmarked.updateOne(
    {},
    { $set: { by: ADMIN2 }, $unset: { starters: '', erasure: '' } },
  );
  const told = await textsOverRuns(app, outboxJob, ADMIN2, '2026-11-24', '02:20 02:21 02:30');
  expect(told).toEqual([expect.stringContaining('that you started was cut short')]);
  expect(app.fake.postsTo(ADMIN)).toEqual([]);
});

/**
 * REQ's erasure, started by ADMIN and cut, run to its end by the upkeep at 02:12, whose lease
 * another erasure took within its scrub (release says false). That erasure, beside it, rewrote
 * the customer whole from a read before the upkeep's scrub: its notes name REQ again (a raw
 * write, its `updatedAt` as read, as rewriteUnchanged's replace leaves it).
 */
async function outranWrittenBack(view: string): Promise<void> {
  await eraseUserCutAfterResume(app, ADMIN, REQ, view);
  await app.db.models.customers.updateOne(
    { code },
    { $set: { notes: `Escalations go to <@${REQ}> first` } },
    { timestamps: false },
  );
  const realRelease = ErasureLeaseRepository.prototype.release;
  const taken = vi
    .spyOn(ErasureLeaseRepository.prototype, 'release')
    .mockImplementationOnce(async function (this: ErasureLeaseRepository, ...r) {
      const scrubbed = await app.db.models.customers.findOne({ code }).lean();
      expect(scrubbed?.notes).not.toContain(REQ);
      await app.db.models.customers.updateOne(
        { code },
        { $set: { notes: `Escalations go to <@${REQ}> first` } },
        { timestamps: false },
      );
      await realRelease.apply(this, r);
      return false;
    });
  try {
    const p = await passLogged('2026-11-24T02:12:00Z');
    expect(p.lines.some((l) => /outran its lease/.test(l.msg))).toBe(true);
  } finally {
    taken.mockRestore();
  }
}

test('an erasure whose upkeep run outran its lease: what the erasure beside it wrote back is scrubbed again, but REQ’s request filed after it ended is kept as they wrote it; ADMIN is told it is finished, once', async () => {
  await outranWrittenBack('V0OUTRANNEW1');
  // REQ, a customer's requester, asks again two minutes after the erasure ended.
  app.clock.set('2026-11-24T02:14:00Z');
  const fresh = await makeTicket(app, {
    customerCode: code,
    title: 'Hydraulic pump failure on line 7',
    description: 'Pressure drops to zero',
    requester: { userId: REQ, via: 'slack' },
  });
  let finished = 0;
  const told: string[] = [];
  for (const at of ['02:20', '02:40', '03:20']) {
    const p = await passLogged(`2026-11-24T${at}:00Z`);
    finished += Number(p.run.counts?.erasuresFinished ?? 0);
    told.push(...app.fake.textsTo(ADMIN));
  }
  expect(told.filter((t) => t.includes(FINISHED))).toHaveLength(1);
  expect(finished).toBe(1);
  // Nobody asked to erase this request: kept as REQ wrote it, theirs.
  const after = await app.db.models.tickets.findById(fresh.id).lean();
  expect(after).toMatchObject({
    title: 'Hydraulic pump failure on line 7',
    description: 'Pressure drops to zero',
    requester: { userId: REQ },
  });
  // What the other erasure wrote back is gone again.
  const customer = await app.db.models.customers.findOne({ code }).lean();
  expect(customer?.notes).toBe('Escalations go to [erased] first');
  // One erasure, logged once.
  const teamId = after!.teamId;
  expect(
    await app.db.models.privacyLog.countDocuments({
      kind: 'erase',
      'detail.userKey': userKey(teamId, REQ),
    }),
  ).toBe(1);
  expect(await app.db.models.erasuresUnmarked.countDocuments({})).toBe(0);
});

test('an erasure whose upkeep run outran its lease, REQ then made an agent: ADMIN is told it is finished (it was), never that it was given up', async () => {
  await outranWrittenBack('V0OUTRANNEW2');
  await app.setSettings(() => ({ agents: [AGENT, REQ], accountManagers: [OWNER] }));
  const told: string[] = [];
  for (const at of ['02:20', '02:40', '03:20']) {
    await passLogged(`2026-11-24T${at}:00Z`);
    told.push(...app.fake.textsTo(ADMIN));
  }
  expect(told.filter((t) => t.includes(GIVEN_UP))).toEqual([]);
  expect(told.filter((t) => t.includes(FINISHED))).toHaveLength(1);
  expect((await app.db.models.customers.findOne({ code }).lean())?.notes).toBe(
    'Escalations go to [erased] first',
  );
});

test('an erasure whose upkeep run outran its lease, scrubbed again by two instances on one read: ADMIN is told it is finished once, and it is counted once', async () => {
  await outranWrittenBack('V0OUTRANNEW3');
  let stale: Awaited<ReturnType<DataSubjectRepository['erasuresOutran']>> = [];
  const real = DataSubjectRepository.prototype.erasuresOutran;
  const read = vi
    .spyOn(DataSubjectRepository.prototype, 'erasuresOutran')
    .mockImplementationOnce(async function (this: DataSubjectRepository, limit: number) {
      stale = await real.call(this, limit);
      return stale;
    });
  let finished = 0;
  const told: string[] = [];
  try {
    const a = await passLogged('2026-11-24T02:20:00Z', 'a');
    finished += Number(a.run.counts?.erasuresFinished ?? 0);
    told.push(...app.fake.textsTo(ADMIN));
    read.mockImplementationOnce(async () => stale);
    const b = await passLogged('2026-11-24T02:21:00Z', 'b');
    finished += Number(b.run.counts?.erasuresFinished ?? 0);
    told.push(...app.fake.textsTo(ADMIN));
  } finally {
    read.mockRestore();
  }
  await passLogged('2026-11-24T02:40:00Z');
  told.push(...app.fake.textsTo(ADMIN));
  expect(stale).toHaveLength(1);
  expect(finished).toBe(1);
  expect(told.filter((t) => t.includes(FINISHED))).toHaveLength(1);
  expect(await app.db.models.erasuresUnmarked.countDocuments({})).toBe(0);
});

test('an erasure that outran its lease, the person then owning a customer as a guest: it was done, so its starter is told it is finished (not that it waits on a guest owner), once, and the customer keeps its owner', async () => {
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN2] }));
  await ctxOf(app, ADMIN2);
  await app.desk.outbox.drain();
  await eraseUserCutAfterResume(app, ADMIN2, REQ, 'V0OUTRAN003');
  const taken = vi.spyOn(ErasureLeaseRepository.prototype, 'release').mockResolvedValueOnce(false);
  try {
    await passLogged('2026-11-24T02:12:00Z');
  } finally {
    taken.mockRestore();
  }
  app.clock.set('2026-11-24T02:15:00Z');
  const other = await makeCustomer(app, { name: 'Ningbo Tools' });
  await app.db.models.customers.updateOne(
    { code: other.code },
    { $set: { ownerId: REQ, ownerGuest: true, notes: `Guest owner <@${REQ}> from 02:15` } },
  );
  const told = await textsOverRuns(app, outboxJob, ADMIN2, '2026-11-24', '02:20 02:30 03:10');
  expect(told).toEqual([expect.stringContaining(FINISHED)]);
  expect(app.fake.textsTo(ADMIN)).toEqual([]);
  const owned = await app.db.models.customers.findOne({ code: other.code }).lean();
  expect(owned).toMatchObject({ ownerId: REQ, notes: `Guest owner <@${REQ}> from 02:15` });
  expect(await app.db.models.erasuresUnmarked.countDocuments({})).toBe(0);
});

/** ADMIN2 starts REQ's erasure, cut; REQ then owns a customer as a guest; ADMIN2 told at 02:10. */
async function starterToldItWaits(view: string, admins = [ADMIN, ADMIN2]): Promise<string> {
  await app.setSettings(() => ({ admins }));
  await ctxOf(app, ADMIN2);
  await app.desk.outbox.drain();
  await eraseUserCutAfterResume(app, ADMIN2, REQ, view);
  const other = await makeCustomer(app, { name: 'Ningbo Tools' });
  await app.db.models.customers.updateOne(
    { code: other.code },
    { $set: { ownerId: REQ, ownerGuest: true } },
  );
  await passLogged('2026-11-24T02:10:00Z');
  expect(app.fake.textsTo(ADMIN2)).toEqual([
    expect.stringContaining('the desk cannot finish it yet'),
  ]);
  return other.code;
}

test('the starter told then demoted; two instances run the next try on one read (b on a’s read, before a marked who it told): each standing admin is told the whole list once', async () => {
  await starterToldItWaits('V0TWOINST01', [ADMIN, ADMIN2, ADMIN3]);
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN3] }));
  let stale: Awaited<ReturnType<DataSubjectRepository['erasuresUnfinished']>> = [];
  const real = DataSubjectRepository.prototype.erasuresUnfinished;
  const read = vi
    .spyOn(DataSubjectRepository.prototype, 'erasuresUnfinished')
    .mockImplementationOnce(async function (this: DataSubjectRepository, now: Date, limit: number) {
      stale = await real.call(this, now, limit);
      return stale;
    });
  const told: Record<string, string[]> = { [ADMIN]: [], [ADMIN3]: [] };
  try {
    await passLogged('2026-11-24T02:12:00Z', 'a');
    for (const x of [ADMIN, ADMIN3]) told[x]!.push(...app.fake.textsTo(x));
    read.mockImplementationOnce(async () => stale);
    // The next minute's pass (the outbox job is not due again within 02:12): b runs on a's read.
    await passLogged('2026-11-24T02:13:00Z', 'b');
    for (const x of [ADMIN, ADMIN3]) told[x]!.push(...app.fake.textsTo(x));
    expect(read).toHaveBeenCalledTimes(2);
    expect(stale.map((e) => e.toldTo)).toEqual([[ADMIN2]]);
  } finally {
    read.mockRestore();
  }
  for (const x of [ADMIN, ADMIN3])
    expect(told[x]).toEqual([expect.stringContaining('the desk cannot finish it yet')]);
});

test('the starter told it waits, demoted, the admin standing told in their place ("the desk then finishes it and tells you"); the starter made an admin again; the customer handed on: both are told it is finished, once', async () => {
  const code = await starterToldItWaits('V0REPROMO01');
  await app.setSettings(() => ({ admins: [ADMIN] }));
  await passLogged('2026-11-24T02:12:00Z');
  const asked = app.fake.textsTo(ADMIN);
  expect(asked).toEqual([expect.stringContaining('tells you')]);
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN2] }));
  await app.db.models.customers.updateOne(
    { code },
    { $set: { ownerId: OWNER, ownerGuest: false } },
  );
  const told: string[] = [];
  const starter: string[] = [];
  let finished = 0;
  for (const at of ['02:20', '02:30', '03:00', '03:30']) {
    const p = await passLogged(`2026-11-24T${at}:00Z`);
    finished += Number(p.run.counts?.erasuresFinished ?? 0);
    told.push(...app.fake.textsTo(ADMIN));
    starter.push(...app.fake.textsTo(ADMIN2));
  }
  expect(finished).toBe(1);
  expect(told).toEqual([
    expect.stringContaining(
      'An erasure of a Slack user’s personal data that you were told waited on a customer’s owner',
    ),
  ]);
  expect(told[0]).toContain(FINISHED);
  expect(starter).toEqual([expect.stringContaining('that you started was cut short')]);
  expect(starter[0]).toContain(FINISHED);
});

test('the starter told it waits, demoted, the admin standing told in their place; the starter made an admin again; the person made staff: both are told it is given up, once, each in their wording', async () => {
  await starterToldItWaits('V0REPROMO02');
  await app.setSettings(() => ({ admins: [ADMIN] }));
  await passLogged('2026-11-24T02:12:00Z');
  expect(app.fake.textsTo(ADMIN)).toEqual([expect.stringContaining('tells you')]);
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN2], agents: [AGENT, REQ] }));
  const told: string[] = [];
  const starter: string[] = [];
  for (const at of ['02:20', '02:30', '03:00', '03:30']) {
    await passLogged(`2026-11-24T${at}:00Z`);
    told.push(...app.fake.textsTo(ADMIN));
    starter.push(...app.fake.textsTo(ADMIN2));
  }
  expect(told).toEqual([
    expect.stringContaining(
      'An erasure of a Slack user’s personal data that you were told waited on a customer’s owner (whoever started it is told too)',
    ),
  ]);
  expect(told[0]).toContain(GIVEN_UP);
  expect(starter).toEqual([expect.stringContaining('that you started was cut short')]);
  expect(starter[0]).toContain(GIVEN_UP);
});

/**
 * As the two tests above up to their end (REQ's erasure told to ADMIN in ADMIN2's place, ADMIN2
 * an admin again, `then` done), the outbox refusing once the DM of `kind` (finished, given up)
 * to the starter, ADMIN2, written before ADMIN's: the passes after, what each was told.
 */
async function starterDmRefused(view: string, kind: string, then: (code: string) => Promise<void>) {
  const code = await starterToldItWaits(view);
  await app.setSettings(() => ({ admins: [ADMIN] }));
  await passLogged('2026-11-24T02:12:00Z');
  expect(app.fake.textsTo(ADMIN)).toEqual([expect.stringContaining('tells you')]);
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN2] }));
  await then(code);
  let refused = 0;
  const restore = failCalls(app.desk.services.outbox, 'enqueue', {
    when: (_ctx, entries) => {
      const hit = entries.some((e) => e.key.startsWith(`${kind}:`) && e.to === ADMIN2);
      if (hit) refused++;
      return hit;
    },
  });
  const told: string[] = [];
  const starter: string[] = [];
  try {
    for (const at of ['02:20', '02:30', '03:00', '03:30', '04:00']) {
      await passLogged(`2026-11-24T${at}:00Z`);
      told.push(...app.fake.textsTo(ADMIN));
      starter.push(...app.fake.textsTo(ADMIN2));
    }
  } finally {
    restore();
  }
  expect(refused).toBe(1);
  // Nothing of the erasure left: no mark says whose, no record of it.
  expect(await app.db.models.tickets.countDocuments({ erasureResumeUser: REQ })).toBe(0);
  expect(await app.db.models.erasuresUnmarked.countDocuments({})).toBe(0);
  return { told, starter };
}

test('the starter an admin again, the customer handed on, the outbox refusing once the starter’s finished DM (written before the asked admin’s): both are told it is finished at a later pass, once each', async () => {
  const { told, starter } = await starterDmRefused('V0REFUSED01', 'erasure-finished', (code) =>
    app.db.models.customers
      .updateOne({ code }, { $set: { ownerId: OWNER, ownerGuest: false } })
      .then(() => undefined),
  );
  expect(told).toEqual([
    expect.stringContaining('that you were told waited on a customer’s owner'),
  ]);
  expect(told[0]).toContain(FINISHED);
  expect(starter).toEqual([expect.stringContaining('that you started was cut short')]);
  expect(starter[0]).toContain(FINISHED);
});

/**
 * REQ's cut erasure (started by ADMIN) finished by the upkeep at 02:10, the outbox refusing its
 * finished DM once: the passes after, what ADMIN was told.
 */
async function finishedUntold(view: string): Promise<{ level: number; msg: string }[]> {
  await eraseUserCutAfterResume(app, ADMIN, REQ, view);
  let refused = 0;
  const restore = failCalls(app.desk.services.outbox, 'enqueue', {
    when: (_ctx, entries) => {
      const hit = entries.some((e) => e.key.startsWith('erasure-finished:'));
      if (hit) refused++;
      return hit;
    },
  });
  let lines: { level: number; msg: string }[] = [];
  try {
    lines = (await passLogged('2026-11-24T02:10:00Z')).lines;
    expect(lines.some((l) => l.msg === 'erasure finished by the upkeep: its admin not told')).toBe(
      true,
    );
  } finally {
    restore();
  }
  expect(refused).toBe(1);
  expect(await app.db.models.tickets.countDocuments({ erasureResumeUser: REQ })).toBe(0);
  // Only the DM is owed: its record names whom to tell, nothing of REQ.
  const owed = await app.db.models.erasuresUnmarked.find({}).lean();
  expect(owed).toHaveLength(1);
  expect(owed[0]!.starters).toEqual([ADMIN]);
  expect(JSON.stringify(owed)).not.toContain(REQ);
  return lines;
}

/** The passes from 02:20 to 04:30: what ADMIN was told. */
async function laterPasses(): Promise<string[]> {
  const told: string[] = [];
  for (const at of ['02:20', '02:40', '03:20', '04:30']) {
    await passLogged(`2026-11-24T${at}:00Z`);
    told.push(...app.fake.textsTo(ADMIN));
  }
  return told;
}

test('REQ asks again after their erasure finished, its finished DM refused: ADMIN is told it finished once at a later pass, and the new request is kept as REQ wrote it (the erasure not run again)', async () => {
  await finishedUntold('V0RERUN0001');
  app.clock.set('2026-11-24T02:12:00Z');
  const fresh = await makeTicket(app, {
    customerCode: code,
    title: 'Hydraulic pump failure on line 7',
    description: 'Pressure drops to zero',
    requester: { userId: REQ, via: 'slack' },
  });
  const told = await laterPasses();
  expect(told.filter((t) => t.includes(FINISHED))).toHaveLength(1);
  expect(told.filter((t) => t.includes(GIVEN_UP))).toEqual([]);
  const after = await app.db.models.tickets.findById(fresh.id).lean();
  expect(after?.title).toBe('Hydraulic pump failure on line 7');
  expect(after?.description).toBe('Pressure drops to zero');
  expect(after?.requester?.userId).toBe(REQ);
  // One erasure, logged once; nothing of it left.
  expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(1);
  expect(await app.db.models.erasuresUnmarked.countDocuments({})).toBe(0);
});

test('REQ made an agent after their erasure finished, its finished DM refused: ADMIN is still told it finished, never given up', async () => {
  await finishedUntold('V0RERUN0002');
  await app.setSettings(() => ({ agents: [AGENT, REQ], accountManagers: [OWNER] }));
  const told = await laterPasses();
  expect(told.filter((t) => t.includes(GIVEN_UP))).toEqual([]);
  expect(told.filter((t) => t.includes(FINISHED))).toHaveLength(1);
  expect(app.fake.textsTo(REQ)).toEqual([]);
});

test('REQ erased again by ADMIN2 (run to its end) before the pass that owes ADMIN the finished DM: ADMIN is still told it finished, once', async () => {
  await app.setSettings(() => ({
    admins: [ADMIN, ADMIN2],
    agents: [AGENT],
    accountManagers: [OWNER],
  }));
  await ctxOf(app, ADMIN2);
  await app.desk.outbox.drain();
  await finishedUntold('V0RERUN0003');
  app.clock.set('2026-11-24T02:12:00Z');
  await makeTicket(app, {
    customerCode: code,
    title: 'Hydraulic pump failure on line 7',
    requester: { userId: REQ, via: 'slack' },
  });
  await eraseUserInSlack(app, ADMIN2, REQ, 'V0RERUN0004');
  expect(
    await app.db.models.tickets.countDocuments({ title: 'Hydraulic pump failure on line 7' }),
  ).toBe(0);
  // ADMIN2's erasure, done, leaves the first one's owed DM alone.
  const left = await app.db.models.erasuresUnmarked.find({}).lean();
  expect(left.map((r) => r.starters)).toEqual([[ADMIN]]);
  expect(left[0]!.owedAt).toBeInstanceOf(Date);
  // Never due for an instance older than it, which would run it as an erasure of nobody.
  expect(left[0]!.retryAt!.getUTCFullYear()).toBe(9999);
  const told = await laterPasses();
  expect(told.filter((t) => t.includes(FINISHED))).toHaveLength(1);
  expect(await app.db.models.erasuresUnmarked.countDocuments({})).toBe(0);
});

/**
 * ADMIN2 starts REQ's erasure, cut; the upkeep's run of it at 02:12 outruns its lease: just
 * before it records the erasure for a later pass (erasureOutran, with ADMIN2 as its starter as
 * read), ADMIN2, demoted, is erased by ADMIN at 02:18 (the lease run out, taken by that erasure).
 * `midway`: the upkeep's write lands within ADMIN2's erasure, after its scrub, before its log.
 */
async function starterErasedAsItOutruns(view: string, midway = false) {
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN2] }));
  await ctxOf(app, ADMIN2);
  await app.desk.outbox.drain();
  await eraseUserCutAfterResume(app, ADMIN2, REQ, `${view}1`);
  const taken = vi.spyOn(ErasureLeaseRepository.prototype, 'release').mockResolvedValueOnce(false);
  const real = DataSubjectRepository.prototype.erasureOutran;
  const realAppend = PrivacyLogRepository.prototype.append;
  let wrote = false;
  const outran = vi
    .spyOn(DataSubjectRepository.prototype, 'erasureOutran')
    .mockImplementationOnce(async function (this: DataSubjectRepository, ...args) {
      const write = async () => {
        wrote = true;
        await real.apply(this, args);
      };
      const append = vi
        .spyOn(PrivacyLogRepository.prototype, 'append')
        .mockImplementation(async function (this: PrivacyLogRepository, entry: PrivacyLogEntry) {
          if (midway && entry.kind === 'erase' && !wrote) await write();
          return realAppend.call(this, entry);
        });
      try {
        app.clock.set('2026-11-24T02:18:00Z');
        await app.setSettings(() => ({ admins: [ADMIN] }));
        await eraseUserInSlack(app, ADMIN, ADMIN2, `${view}2`);
      } finally {
        append.mockRestore();
      }
      if (!wrote) await write();
      return undefined;
    });
  try {
    const p = await passLogged('2026-11-24T02:12:00Z');
    expect(p.lines.some((l) => /outran its lease/.test(l.msg))).toBe(true);
  } finally {
    taken.mockRestore();
    outran.mockRestore();
  }
  expect(wrote).toBe(true);
  const rec0 = await app.db.models.tickets.findOne({}).lean();
  // ADMIN2 erased: their erasure logged, their DMs gone.
  const log = await app.db.models.privacyLog.countDocuments({
    kind: 'erase',
    'detail.userKey': userKey(rec0!.teamId, ADMIN2),
  });
  expect(log).toBe(1);
  // The erasure is kept for a later pass, without ADMIN2 as its starter.
  const rec = await app.db.models.erasuresUnmarked.findOne({}).lean();
  expect(rec?.outranUser).toBe(REQ);
  expect(await heldIn(app, ADMIN2)).toEqual([]);
}

test('the starter demoted and erased while the upkeep run of their erasure outruns its lease: their id is not written back on the record; ADMIN is told it is finished', async () => {
  await starterErasedAsItOutruns('V0RP2RACE0');
  await passLogged('2026-11-24T02:30:00Z');
  expect(app.fake.textsTo(ADMIN).filter((t) => t.includes(FINISHED))).toHaveLength(1);
  expect(await app.db.models.erasuresUnmarked.countDocuments({})).toBe(0);
  expect(await heldIn(app, ADMIN2)).toEqual([]);
});

test('the same, the upkeep writing its record within the starter’s erasure (after its scrub, before its log: the lease marked as erasing them): their id is not written back', async () => {
  await starterErasedAsItOutruns('V0RP2RACE1', true);
  await passLogged('2026-11-24T02:30:00Z');
  expect(app.fake.textsTo(ADMIN).filter((t) => t.includes(FINISHED))).toHaveLength(1);
  expect(await heldIn(app, ADMIN2)).toEqual([]);
});

test('the same, the person then owning a customer as a guest: the erased starter’s id is held nowhere all along; ADMIN is told it is finished (it was done), once', async () => {
  await starterErasedAsItOutruns('V0RP2RACE2');
  const guest = await makeCustomer(app, { name: 'Ningbo Tools' });
  await app.db.models.customers.updateOne(
    { code: guest.code },
    { $set: { ownerId: REQ, ownerGuest: true } },
  );
  const held: string[][] = [];
  const told: string[] = [];
  for (const at of ['02:30', '04:00', '12:00', '23:00']) {
    await passLogged(`2026-11-24T${at}:00Z`);
    held.push(await heldIn(app, ADMIN2));
    told.push(...app.fake.textsTo(ADMIN));
  }
  expect(held).toEqual([[], [], [], []]);
  expect(told).toEqual([expect.stringContaining(FINISHED)]);
  expect(await app.db.models.erasuresUnmarked.countDocuments({})).toBe(0);
});

/** A privacy log whose read of `erase` entries by key since a date (forgetErasedOn's) fails once. */
function eraseReadFailsOnce(): { failed: () => number; restore: () => void } {
  const logModel = app.db.models.privacyLog;
  const realFind = logModel.find.bind(logModel);
  let failed = 0;
  const find = vi.spyOn(logModel, 'find').mockImplementation(((...a: unknown[]) => {
    const f = a[0] as { kind?: string; at?: unknown } | undefined;
    if (f?.kind === 'erase' && f.at !== undefined && !failed++) throw new Error('connection reset');
    return (realFind as (...b: unknown[]) => unknown)(...a);
  }) as never);
  return { failed: () => failed, restore: () => find.mockRestore() };
}

/** Said in the log when the check of who on a kept record was erased since fails. */
const UNCHECKED = /who on it was erased since was not checked: their ids stay until it is done/;

/**
 * revlast2 F1. As starterErasedAsItOutruns (ADMIN2 demoted and erased at 02:18 as the upkeep's
 * run of REQ's erasure, started by ADMIN2, outruns its lease), the check after the upkeep's write
 * of its record failing (the privacy log's read: a database blip): ADMIN2's id stays on the
 * record until REQ's erasure is done, and the operator is told so, with the team only.
 */
test('the same, the check of who was erased since failing once: the erased starter stays on the record until it is done, said in the log with the team only', async () => {
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN2] }));
  await ctxOf(app, ADMIN2);
  await app.desk.outbox.drain();
  await eraseUserCutAfterResume(app, ADMIN2, REQ, 'V0RL2SILEN1');
  const taken = vi.spyOn(ErasureLeaseRepository.prototype, 'release').mockResolvedValueOnce(false);
  const real = DataSubjectRepository.prototype.erasureOutran;
  let failed = 0;
  const outran = vi
    .spyOn(DataSubjectRepository.prototype, 'erasureOutran')
    .mockImplementationOnce(async function (this: DataSubjectRepository, ...args) {
      app.clock.set('2026-11-24T02:18:00Z');
      await app.setSettings(() => ({ admins: [ADMIN] }));
      await eraseUserInSlack(app, ADMIN, ADMIN2, 'V0RL2SILEN2');
      const fails = eraseReadFailsOnce();
      try {
        return await real.apply(this, args);
      } finally {
        failed = fails.failed();
        fails.restore();
      }
    });
  let lines: { level: number; msg: string; [k: string]: unknown }[] = [];
  try {
    lines = (await passLogged('2026-11-24T02:12:00Z')).lines;
  } finally {
    taken.mockRestore();
    outran.mockRestore();
  }
  expect(failed).toBe(1);
  const t = (await app.db.models.tickets.findOne({}).lean())!;
  // Kept for a later pass, ADMIN2 still named on it (not checked) ...
  expect(await heldIn(app, ADMIN2)).toEqual(['privacy_erasures_unmarked.starters']);
  expect(lines.find((l) => /outran its lease/.test(l.msg))).toMatchObject({ again: true });
  // ... which the operator is told, with the team only (nobody's id nor key).
  const warned = lines.filter((l) => UNCHECKED.test(l.msg));
  expect(warned).toEqual([
    expect.objectContaining({
      level: 40,
      teamId: t.teamId,
      err: expect.objectContaining({ message: 'connection reset' }),
    }),
  ]);
  const said = JSON.stringify(warned);
  for (const u of [ADMIN2, REQ]) {
    expect(said).not.toContain(u);
    expect(said).not.toContain(userKey(t.teamId, u));
  }
  // Until REQ's erasure is done: the next pass finishes it, its record goes.
  await passLogged('2026-11-24T02:30:00Z');
  expect(app.fake.textsTo(ADMIN).filter((x) => x.includes(FINISHED))).toHaveLength(1);
  expect(await heldIn(app, ADMIN2)).toEqual([]);
});

/**
 * revlast2 F2 (R2). ADMIN2 (demoted) is erased by ADMIN in a run begun at `began` (its log
 * entry's `at`) that ends just after the upkeep's pass of 02:12 read the unfinished erasures
 * (ADMIN2 read as REQ's erasure's starter, before their scrub) and before it takes the lease; the
 * pass's run of REQ's erasure then outruns its lease and records it (erasureOutran, ADMIN2 as
 * read). Begun within 5 minutes (the lease's length) of that read, ADMIN2 is taken off; begun
 * earlier (a long erasure, on its renewals), they stay named until REQ's erasure is done, as
 * README says (the starters are not read again once the lease is taken).
 */
test.each([
  ['2026-11-24T02:11:30Z', []],
  ['2026-11-24T02:06:50Z', ['privacy_erasures_unmarked.starters']],
])(
  'a starter erased by a run begun at %s that ends between the upkeep pass’s read and its lease, the pass outrunning its lease: held in %j',
  async (began, held) => {
    await app.setSettings(() => ({ admins: [ADMIN, ADMIN2] }));
    await ctxOf(app, ADMIN2);
    await app.desk.outbox.drain();
    await eraseUserCutAfterResume(app, ADMIN2, REQ, 'V0RL2STALE1');
    const realRead = DataSubjectRepository.prototype.erasuresUnfinished;
    let by: string[] | undefined;
    let taken: { mockRestore: () => void } | undefined;
    const read = vi
      .spyOn(DataSubjectRepository.prototype, 'erasuresUnfinished')
      .mockImplementationOnce(async function (this: DataSubjectRepository, now, limit) {
        const got = await realRead.call(this, now, limit);
        by = got[0]?.by;
        // ADMIN2's erasure (the cut run's lease ran out at 02:06), begun at `began`, ends now.
        app.clock.set(began);
        await app.setSettings(() => ({ admins: [ADMIN] }));
        await eraseUserInSlack(app, ADMIN, ADMIN2, 'V0RL2STALE2');
        app.clock.set('2026-11-24T02:12:00Z');
        // The pass's own run of REQ's erasure then outruns its lease.
        taken = vi.spyOn(ErasureLeaseRepository.prototype, 'release').mockResolvedValueOnce(false);
        return got;
      });
    let lines: { level: number; msg: string }[] = [];
    try {
      lines = (await passLogged('2026-11-24T02:12:00Z')).lines;
    } finally {
      read.mockRestore();
      taken?.mockRestore();
    }
    expect(by).toEqual([ADMIN2]);
    expect(lines.some((l) => /outran its lease/.test(l.msg))).toBe(true);
    const t = (await app.db.models.tickets.findOne({}).lean())!;
    expect(
      await app.db.models.privacyLog.countDocuments({
        kind: 'erase',
        'detail.userKey': userKey(t.teamId, ADMIN2),
        at: new Date(began),
      }),
    ).toBe(1);
    expect(await app.db.models.erasuresUnmarked.countDocuments({ outranUser: REQ })).toBe(1);
    expect(await heldIn(app, ADMIN2)).toEqual(held);
    // Until REQ's erasure is done: the next pass finishes it, its record goes.
    await passLogged('2026-11-24T02:30:00Z');
    expect(await heldIn(app, ADMIN2)).toEqual([]);
  },
);

/**
 * REQ's older ticket marked by REQ's erasure, started by ADMIN2 and cut (not done), with `more`
 * of the mark's fields: the ticket and its workspace.
 */
async function markedReqsErasure(more: Record<string, unknown> = {}) {
  const t1 = (await app.db.models.tickets.findOne({ 'requester.userId': REQ }).lean())!;
  const teamId = t1.teamId;
  await app.db.models.tickets.updateOne(
    { _id: t1._id },
    {
      $set: {
        erasureResumeOwed: userKey(teamId, REQ),
        erasureResumeUser: REQ,
        erasureResumeBy: ADMIN2,
        ...more,
      },
    },
    { timestamps: false },
  );
  return { t1, teamId };
}

test('an erasure not done whose mark another erasure takes, its starter and the admin told it waits erased between the mark’s read and its keeping: neither id is written back on its record', async () => {
  // REQ's erasure, started by ADMIN2, cut; ADMIN3 told it waits on a guest owner.
  const { t1, teamId } = await markedReqsErasure({ erasureResumeOwnerTo: [ADMIN3] });
  const subjects = new DataSubjectRepository(app.db.models);
  const unmarked = app.db.models.erasuresUnmarked;
  const realU = unmarked.updateOne.bind(unmarked);
  let scrubbed = 0;
  const keep = vi.spyOn(unmarked, 'updateOne').mockImplementation((async (...a: unknown[]) => {
    const opts = a[2] as { upsert?: boolean } | undefined;
    if (opts?.upsert && !scrubbed++) {
      // Meanwhile (the mark read): ADMIN2 and ADMIN3, no admins, are erased.
      await eraseUserInSlack(app, ADMIN, ADMIN2, 'V0RP2KEEP01');
      await eraseUserInSlack(app, ADMIN, ADMIN3, 'V0RP2KEEP02');
    }
    return (realU as (...b: unknown[]) => unknown)(...a);
  }) as never);
  try {
    // OTHER's erasure takes t1's mark, keeping REQ's findable.
    await subjects.resumeOwed(
      teamId,
      String(t1._id),
      [userKey(teamId, 'U0OTHER001')],
      'U0OTHER001',
      undefined,
      undefined,
      erasedSince(testUserKeys, teamId, app.clock.now()),
    );
  } finally {
    keep.mockRestore();
  }
  expect(scrubbed).toBeGreaterThan(0);
  const rec = await unmarked.findOne({ teamId, user: REQ }).lean();
  expect(rec?.ids).toEqual([String(t1._id)]);
  await app.desk.outbox.drain();
  expect(await heldIn(app, ADMIN2)).toEqual([]);
  expect(await heldIn(app, ADMIN3)).toEqual([]);
});

/**
 * revlast2 F3 (R3). OTHER's erasure takes t1's mark (REQ's erasure, started by ADMIN2, not
 * done); its keeping of REQ's record (keepUnmarked) lands within ADMIN2's erasure, after its
 * scrub and before its privacy-log entry (a run whose lease was taken runs on: ErasureLease.keep
 * only renews): ADMIN2's erasure holds the lease marked as erasing them, so the check after the
 * write takes them off, as on the path of a run that outran its lease (above).
 */
test('the same, the record kept within the starter’s erasure (after its scrub, before its log: the lease marked as erasing them): their id is not written back', async () => {
  const { t1, teamId } = await markedReqsErasure();
  const realAppend = PrivacyLogRepository.prototype.append;
  let reached!: () => void;
  const atLog = new Promise<void>((r) => (reached = r));
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  let lease: { subject?: string; erasing?: boolean } | null = null;
  const append = vi
    .spyOn(PrivacyLogRepository.prototype, 'append')
    .mockImplementation(async function (this: PrivacyLogRepository, entry: PrivacyLogEntry) {
      if (entry.kind === 'erase') {
        lease = await app.db.models.erasureLeases.findOne({}).lean();
        reached();
        await gate;
      }
      return realAppend.call(this, entry);
    });
  const subjects = new DataSubjectRepository(app.db.models);
  const unmarked = app.db.models.erasuresUnmarked;
  const realU = unmarked.updateOne.bind(unmarked);
  let erasing: Promise<void> | undefined;
  const keep = vi.spyOn(unmarked, 'updateOne').mockImplementation((async (...a: unknown[]) => {
    const opts = a[2] as { upsert?: boolean } | undefined;
    if (opts?.upsert && !erasing) {
      erasing = eraseUserInSlack(app, ADMIN, ADMIN2, 'V0RL2AROUN1');
      await atLog; // ADMIN2's scrub done, their log entry not written yet
    }
    return (realU as (...b: unknown[]) => unknown)(...a);
  }) as never);
  try {
    await subjects.resumeOwed(
      teamId,
      String(t1._id),
      [userKey(teamId, 'U0OTHER001')],
      'U0OTHER001',
      undefined,
      undefined,
      erasedSince(testUserKeys, teamId, app.clock.now()),
    );
  } finally {
    keep.mockRestore();
    open();
    await erasing;
    append.mockRestore();
  }
  expect(lease).toMatchObject({ subject: `user:${ADMIN2}`, erasing: true });
  await app.desk.outbox.drain(); // ADMIN2's App Home (its entry names them until published)
  expect(
    await app.db.models.privacyLog.countDocuments({
      kind: 'erase',
      'detail.userKey': userKey(teamId, ADMIN2),
    }),
  ).toBe(1);
  const rec = await unmarked.findOne({ teamId, user: REQ }).lean();
  expect(rec?.ids).toEqual([String(t1._id)]);
  expect(await heldIn(app, ADMIN2)).toEqual([]);
});

/**
 * revlast2 F1, the other path. OTHER's ticket holds the mark of REQ's erasure (started by ADMIN2,
 * cut, not done); ADMIN erases OTHER from Slack, whose erasure takes that mark and keeps REQ's
 * erasure findable (keepUnmarked), the check after it failing once (the privacy log's read): the
 * erasure of OTHER goes on, REQ's is kept naming ADMIN2 unchecked, and the operator is told so
 * with the team only.
 */
test('an erasure taking another’s mark, the check of who on that one’s record was erased since failing once: it goes on, the record kept, said in the log with the team only', async () => {
  const OTHER = 'U0OTHER001';
  const t = await makeTicket(app, {
    customerCode: code,
    title: 'Chiller alarm on line 5',
    description: 'Alarm every hour',
    requester: { userId: OTHER, via: 'slack' },
  });
  await act(app, t.number, { action: 'claim' }, AGENT);
  await act(app, t.number, { action: 'wait', question: 'Which chiller?' }, AGENT);
  await ctxOf(app, OTHER);
  await app.desk.outbox.drain();
  const teamId = (await app.db.models.tickets.findOne({}).lean())!.teamId;
  await app.db.models.tickets.updateOne(
    { teamId, number: t.number },
    {
      $set: {
        erasureResumeOwed: userKey(teamId, REQ),
        erasureResumeUser: REQ,
        erasureResumeBy: ADMIN2,
      },
    },
    { timestamps: false },
  );
  app.logs.length = 0;
  const fails = eraseReadFailsOnce();
  try {
    await eraseUserInSlack(app, ADMIN, OTHER, 'V0RL2TAKEN1');
  } finally {
    fails.restore();
  }
  await app.desk.outbox.drain();
  expect(fails.failed()).toBe(1);
  // OTHER erased, their ticket resumed; REQ's erasure kept, ADMIN2 still its starter.
  expect(await heldIn(app, OTHER)).toEqual([]);
  const after = await app.db.models.tickets.findOne({ teamId, number: t.number }).lean();
  expect(after?.status).toBe('assigned');
  const rec = await app.db.models.erasuresUnmarked.findOne({ teamId, user: REQ }).lean();
  expect({ ids: rec?.ids, starters: rec?.starters }).toEqual({
    ids: [String(after!._id)],
    starters: [ADMIN2],
  });
  const warned = app.logs.filter((l) => UNCHECKED.test(l.msg));
  expect(warned).toEqual([
    expect.objectContaining({
      level: 40,
      teamId,
      err: expect.objectContaining({ message: 'connection reset' }),
    }),
  ]);
  const said = JSON.stringify(warned);
  for (const u of [ADMIN2, REQ, OTHER]) {
    expect(said).not.toContain(u);
    expect(said).not.toContain(userKey(teamId, u));
  }
});

/**
 * revlast F1. ADMIN2 (an admin, and staying one) starts REQ's erasure, cut; the upkeep's run of
 * it at 02:12 outruns its lease. Meanwhile ADMIN presses Erase on a modal of ADMIN2 (stale: or
 * `care privacy erase --user ADMIN2 --yes`): that erasure takes the workspace's lease for
 * `user:ADMIN2` at 02:18 and is REFUSED (ADMIN2 is staff), nothing erased. The upkeep's write
 * (erasureOutran) lands while the refused erasure still holds the lease (its modal's
 * views.update to Slack comes before its giveBack): modelled by running the write just before
 * that erasure's release.
 */
test('a refused erasure of a standing admin holding the lease as the upkeep keeps their erasure: they stay its starter and are told it is finished', async () => {
  await app.setSettings(() => ({ admins: [ADMIN, ADMIN2] }));
  await ctxOf(app, ADMIN2);
  await app.desk.outbox.drain();
  await eraseUserCutAfterResume(app, ADMIN2, REQ, 'V0RLREF0001');
  const outranRelease = vi
    .spyOn(ErasureLeaseRepository.prototype, 'release')
    .mockResolvedValueOnce(false);
  const real = DataSubjectRepository.prototype.erasureOutran;
  const realRelease = ErasureLeaseRepository.prototype.release;
  let wrote = false;
  let heldBy: string | undefined;
  const outran = vi
    .spyOn(DataSubjectRepository.prototype, 'erasureOutran')
    .mockImplementationOnce(async function (this: DataSubjectRepository, ...args) {
      const self = this;
      const rel = vi
        .spyOn(ErasureLeaseRepository.prototype, 'release')
        .mockImplementationOnce(async function (this: ErasureLeaseRepository, ...r) {
          const lease = await app.db.models.erasureLeases.findOne({}).lean();
          heldBy = (lease as { subject?: string } | null)?.subject;
          wrote = true;
          await real.apply(self, args);
          return realRelease.apply(this, r);
        });
      try {
        app.clock.set('2026-11-24T02:18:00Z');
        await eraseUserInSlack(app, ADMIN, ADMIN2, 'V0RLREF0002');
      } finally {
        rel.mockRestore();
      }
      if (!wrote) await real.apply(this, args);
      return undefined;
    });
  try {
    const p = await passLogged('2026-11-24T02:12:00Z');
    expect(p.lines.some((l) => /outran its lease/.test(l.msg))).toBe(true);
  } finally {
    outranRelease.mockRestore();
    outran.mockRestore();
  }
  expect(wrote).toBe(true);
  expect(heldBy).toBe(`user:${ADMIN2}`);
  // ADMIN2 was not erased (refused: staff) ...
  const rec0 = await app.db.models.tickets.findOne({}).lean();
  expect(
    await app.db.models.privacyLog.countDocuments({
      kind: 'erase',
      'detail.userKey': userKey(rec0!.teamId, ADMIN2),
    }),
  ).toBe(0);
  // ... so the erasure they started keeps them as its starter ...
  const rec = await app.db.models.erasuresUnmarked.findOne({}).lean();
  expect(rec?.outranUser).toBe(REQ);
  const starters = rec?.starters;
  // ... and once the upkeep finishes it, they (not ADMIN) are told, as "that you started".
  await passLogged('2026-11-24T02:30:00Z');
  const toAdmin2 = app.fake.textsTo(ADMIN2).filter((t) => t.includes(FINISHED));
  const toAdmin = app.fake.textsTo(ADMIN).filter((t) => t.includes(FINISHED));
  expect({ starters, toAdmin2, toAdmin: toAdmin.length }).toEqual({
    starters: [ADMIN2],
    toAdmin2: [expect.stringContaining('that you started')],
    toAdmin: 0,
  });
});

/**
 * OTHER's erasure takes t1's mark (held by REQ's erasure, started by ADMIN2, not done):
 * keepUnmarked writes REQ's record, then forgetErasedOn reads the privacy log, which fails once
 * (a database blip). Nobody was erased: the mark is still taken, the check being best effort
 * (failing, it failed the taking of the mark, and so OTHER's erasure); REQ's erasure is kept
 * findable with its starter, and the failure is told to the caller (logged by the flow).
 */
test('a mark another erasure takes whose record is kept while the privacy log fails once: the mark is still taken (the check of who was erased since is best effort)', async () => {
  const { t1, teamId } = await markedReqsErasure();
  const subjects = new DataSubjectRepository(app.db.models);
  const fails = eraseReadFailsOnce();
  let err: unknown;
  let unchecked: unknown;
  try {
    unchecked = await subjects
      .resumeOwed(
        teamId,
        String(t1._id),
        [userKey(teamId, 'U0OTHER001')],
        'U0OTHER001',
        undefined,
        undefined,
        erasedSince(testUserKeys, teamId, app.clock.now()),
      )
      .catch((e: unknown) => (err = e));
  } finally {
    fails.restore();
  }
  // The check's read was made, and failed.
  expect(fails.failed()).toBe(1);
  const after = await app.db.models.tickets.findById(t1._id).lean();
  const rec = await app.db.models.erasuresUnmarked.findOne({ teamId, user: REQ }).lean();
  expect({
    err: String(err ?? ''),
    owed: after?.erasureResumeOwed,
    ids: rec?.ids,
    starters: rec?.starters,
    unchecked,
  }).toEqual({
    err: '',
    owed: userKey(teamId, 'U0OTHER001'),
    ids: [String(t1._id)],
    starters: [ADMIN2],
    unchecked: { err: expect.objectContaining({ message: 'connection reset' }) },
  });
});

/**
 * revlast F3. An `erase` entry is dated at its erasure's start: ADMIN2's erasure started at
 * 02:10 is logged after an upkeep run that read ADMIN2 as a starter at 02:12 (its scrub after
 * that read: the erasure held up past its lease, or another instance's clock behind), so the
 * run's record written after the log (DataSubjectService.erasureOutran, as the upkeep calls it)
 * takes ADMIN2 off. One erased a day before that read (made an admin again since, starting the
 * erasure) stays its starter.
 */
test.each([
  ['2026-11-24T02:12:00Z', []],
  ['2026-11-25T02:12:00Z', [ADMIN2]],
])(
  'a starter whose erase entry is dated before the upkeep run’s read (%s) is taken off its record only when within the erasure lease before it: %j',
  async (read, starters) => {
    await app.setSettings(() => ({ admins: [ADMIN] }));
    await ctxOf(app, ADMIN2);
    app.clock.set('2026-11-24T02:10:00Z');
    await eraseUserInSlack(app, ADMIN, ADMIN2, 'V0RLF3ERA01');
    const t1 = (await app.db.models.tickets.findOne({ 'requester.userId': REQ }).lean())!;
    expect(
      await app.db.models.privacyLog.countDocuments({
        kind: 'erase',
        'detail.userKey': userKey(t1.teamId, ADMIN2),
        at: new Date('2026-11-24T02:10:00Z'),
      }),
    ).toBe(1);
    await app.desk.services.dataSubjects.erasureOutran(
      t1.teamId,
      REQ,
      'a-dm-key',
      { by: [ADMIN2], ownerTo: [], ids: [String(t1._id)], resumed: 1 },
      new Date(read),
      new Date(read),
    );
    const rec = await app.db.models.erasuresUnmarked.findOne({ outranUser: REQ }).lean();
    expect(rec?.ids).toEqual([String(t1._id)]);
    expect(rec?.starters).toEqual(starters);
  },
);

/**
 * The finished DM refused (finishedUntold) and the check after the owed record's write of who on
 * it was erased since failing once (the privacy log's read): the record is kept, and the operator
 * is told its ids were not checked, with the team only.
 */
test('the finished DM refused and the check of who was erased since failing once: the owed record kept, said in the log with the team only', async () => {
  const fails = eraseReadFailsOnce();
  let lines: { level: number; msg: string; [k: string]: unknown }[];
  try {
    lines = await finishedUntold('V0RERUN0009');
  } finally {
    fails.restore();
  }
  expect(fails.failed()).toBe(1);
  const warned = lines.filter((l) =>
    /owed its DM: who on its record was erased since was not checked/.test(l.msg),
  );
  expect(warned).toEqual([expect.objectContaining({ level: 40, teamId: expect.any(String) })]);
  expect(JSON.stringify(warned)).not.toContain(REQ);
  expect(JSON.stringify(warned)).not.toContain(ADMIN);
  const told = await laterPasses();
  expect(told.filter((t) => t.includes(FINISHED))).toHaveLength(1);
});

test('an erasure cut, its starter and another admin then marked as of another organisation: only the admin that is staff is told it is finished', async () => {
  await eraseUserCutAfterResume(app, ADMIN, REQ, 'V0EXTADMIN1');
  await app.setSettings(() => ({
    admins: [ADMIN, ADMIN2, ADMIN3],
    externalHolders: [ADMIN, ADMIN3],
  }));
  const told = new Map<string, string[]>([ADMIN, ADMIN2, ADMIN3].map((a) => [a, []]));
  for (const at of ['2026-11-24T02:10:00Z', '2026-11-24T02:11:00Z', '2026-11-24T02:20:00Z']) {
    await passLogged(at);
    for (const [a, texts] of told)
      texts.push(...app.fake.textsTo(a).filter((t) => t.includes(FINISHED)));
  }
  expect(told.get(ADMIN2)).toHaveLength(1);
  expect([...told.get(ADMIN)!, ...told.get(ADMIN3)!]).toEqual([]);
});
