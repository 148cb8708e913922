// A change whose notices are still owed (its outbox write refused: the ticket's mark set) when a
// Slack user's erasure resumes the ticket waiting on them: the erasure leaves the mark, so the
// notices repair (held until the erasure is done) replays the earlier change's thread line from
// the ticket as erased, then the resume's, once each.
import { trusted } from 'mongoose';
import { expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { submitLastModal } from '../helpers/clicks.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { failCalls } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const ADMIN = 'U0ADMIN001';
const REQ = 'U0CUSTREQ1';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;

/** An outbox write holding a ticket's card entry (a change's notices). */
const cardWrite = (ops: unknown) =>
  Array.isArray(ops) &&
  ops.some(
    (op: { updateOne?: { update?: { $setOnInsert?: { kind?: unknown } } } }) =>
      op.updateOne?.update?.$setOnInsert?.kind === 'ticket.card',
  );

/**
 * A ticket of REQ's, claimed by AGENT and waiting on REQ, its notices delivered: its number and
 * its card's ts.
 */
async function waitingOnRequester(): Promise<{ number: string; ts: string }> {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  const customer = await makeCustomer(app, { name: 'Huadong Machinery' });
  const ticket = await makeTicket(app, {
    customerCode: customer.code,
    title: 'Coolant leak on line 3',
    description: 'Pump seal at station 7 drips since Monday',
    requester: { userId: REQ, via: 'slack' },
  });
  const { number } = ticket;
  await act(app, number, { action: 'claim' }, AGENT);
  await act(app, number, { action: 'wait', question: 'Which line is it?' }, AGENT);
  await app.desk.outbox.drain();
  const ts = (await stored(number)).card!.ts!;
  return { number, ts };
}

/**
 * The lines posted in the card thread `ts` from now: the outbox drained, then the outbox job run
 * at each of `ats`, in order.
 */
async function threadLinesThrough(ts: string, ats: readonly string[]): Promise<string[]> {
  const lines = () =>
    app.fake
      .tookPostsTo(TRIAGE)
      .filter((c) => c.args.thread_ts === ts)
      .map((c) => String(c.args.text));
  await app.desk.outbox.drain();
  const posted = lines();
  for (const at of ats) {
    await runJobAt(app, outboxJob, at);
    posted.push(...lines());
  }
  return posted;
}

/** The outbox job's runs after the repair's wait (3 min), and later (10 and 30 min on). */
const REPAIR_RUNS = ['2026-11-24T02:03:00Z', '2026-11-24T02:10:00Z', '2026-11-24T02:30:00Z'];

/** ADMIN erases REQ by Slack user: the command, its modal confirmed 30 s on. */
async function eraseRequester(): Promise<void> {
  await app.slack.command('/desk', `privacy erase user:<@${REQ}>`, { userId: ADMIN });
  const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
  app.clock.advance(30_000);
  await app.slack.submitView(modal as never, {}, { userId: ADMIN });
}

/**
 * `eraseRequester` with `step` run once just before the first tickets `method` query `when`
 * picks is executed (another instance's write landing at that point of the erasure): whether it
 * ran.
 */
async function eraseWithStep(
  method: 'find' | 'findOneAndUpdate',
  when: (args: any[]) => unknown,
  step: () => Promise<unknown>,
): Promise<boolean> {
  const model = app.db.models.tickets as any;
  const original = model[method];
  let hooked = false;
  let stepped = false;
  model[method] = function (this: unknown, ...args: any[]) {
    const q = original.apply(this, args);
    if (!hooked && when(args)) {
      hooked = true;
      const exec = q.exec.bind(q);
      q.exec = async (...a: unknown[]) => {
        stepped = true;
        await step();
        return exec(...a);
      };
    }
    return q;
  };
  try {
    await eraseRequester();
  } finally {
    model[method] = original;
  }
  return stepped;
}

/** AGENT's Note on `number` whose outbox write is refused (database): its notices owed. */
async function noteOwed(number: string, note: string): Promise<void> {
  await app.slack.blockAction(
    { action_id: 'ticket_note_open', value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  const restore = failCalls(app.db.models.outbox, 'bulkWrite', { when: cardWrite as never });
  try {
    await submitLastModal(app, { note }, AGENT);
  } finally {
    restore();
  }
  expect((await stored(number)).noticesOwedAt).toBeDefined();
}

test('a Note whose outbox write is refused (database) just before an erasure resumes the ticket waiting on its requester: the note’s line once, then the resume’s; nothing owed', async () => {
  const { number, ts } = await waitingOnRequester();

  await noteOwed(number, 'Called the plant manager');
  app.fake.reset();

  await eraseRequester();
  expect((await stored(number)).timeline.at(-1)).toMatchObject({ action: 'resume' });
  // Left for the repair: the note's notices are still owed.
  expect((await stored(number)).noticesOwedAt).toBeDefined();

  // The outbox job after the repair's wait.
  const posted = await threadLinesThrough(ts, ['2026-11-24T02:03:00Z', '2026-11-24T02:10:00Z']);
  expect(posted).toEqual([
    `<@${AGENT}> noted: Called the plant manager`,
    'The desk resumed work. The SLA clock runs again.',
  ]);
  // Nothing of the erased person's words.
  expect(posted.join('\n')).not.toMatch(/Pump seal|station 7/);
  expect((await stored(number)).noticesOwedAt).toBeUndefined();
  expect(
    await app.db.models.outbox.countDocuments({ state: 'pending', kind: trusted({ $ne: 'home' }) }),
  ).toBe(0);
});

// A ticket an erasure by Slack user resumes with nothing owed before; a step on it (another
// instance's Note, say) is between its write (its notices mark, the version +1) and its own
// notices written when the erasure announces its resumes (revland62 F1 of d39041a5): that mark
// is the step's, which read the ticket without one and will not replay the resume, so the
// erasure writes the resume's "The desk resumed work." line itself, once.
test('a step in flight as the erasure announces its resume: the resume line is posted in the card thread, once', async () => {
  const { number, ts } = await waitingOnRequester();
  expect((await stored(number)).noticesOwedAt).toBeUndefined();
  app.fake.reset();

  // The announce's read of the resumes owed: a concurrent step's write lands just before it
  // (its mark and version), its own noticesWritten after the erasure is done.
  const stepped = await eraseWithStep(
    'find',
    (args) => args[0]?.erasureResumeOwed,
    () => stepLands(number, 'x'),
  );
  expect(stepped).toBe(true);
  // The step's own notices written: its mark off at its version.
  const now = await stored(number);
  await app.db.models.tickets.updateOne(
    { number, version: now.version },
    { $unset: { noticesOwedAt: '' } },
  );
  expect(now.timeline.some((e: any) => e.action === 'resume')).toBe(true);

  const posted = await threadLinesThrough(ts, REPAIR_RUNS);
  // The resume's line, once (before d39041a5's fix of this case: none, not even by the repair).
  expect(
    posted.filter((l) => l === 'The desk resumed work. The SLA clock runs again.'),
  ).toHaveLength(1);
});

/**
 * Another instance's Note on ticket `number` landing now (its write: the entry, its notices
 * mark, the version +1), its request cut short before its notices are written.
 */
const stepLands = (number: string, text: string) =>
  app.db.models.tickets.updateOne(
    { number },
    {
      $set: { noticesOwedAt: app.clock.now() },
      $inc: { version: 1 },
      $push: { timeline: { action: 'note', by: AGENT, at: app.clock.now(), text } as never },
    },
  );

// A step on the waiting ticket written between the erasure's read of it and its resume (its
// mark, the version +1), whose request then stops before its notices (revland63 F3): the resume,
// read again on the version conflict, is written over that mark, which is the step's and stays
// for the notices repair (held until the erasure is done): the step's line, then the resume's.
test('a step landing between the erasure’s read of the ticket and its resume, its request cut short: its line still comes, before the resume’s', async () => {
  const { number, ts } = await waitingOnRequester();
  expect((await stored(number)).noticesOwedAt).toBeUndefined();
  app.fake.reset();

  // The resume's first conditional write: the step lands just before it.
  const stepped = await eraseWithStep(
    'findOneAndUpdate',
    (args) => args[1]?.$push?.timeline?.action === 'resume',
    () => stepLands(number, 'Called the plant manager'),
  );
  expect(stepped).toBe(true);
  const doc = await stored(number);
  expect(doc.timeline.slice(-2).map((e) => e.action)).toEqual(['note', 'resume']);
  // The step's mark kept for the repair.
  expect(doc.noticesOwedAt).toBeDefined();

  const posted = await threadLinesThrough(ts, REPAIR_RUNS);
  expect(posted).toEqual([
    `<@${AGENT}> noted: Called the plant manager`,
    'The desk resumed work. The SLA clock runs again.',
  ]);
  expect((await stored(number)).noticesOwedAt).toBeUndefined();
});

// A Note's notices still owed (its outbox write refused) when the erasure resumes the ticket,
// and a step on it landing as the erasure announces its resumes (another instance's Note, held
// as 'later': the erasure not done when it read the ticket), revland63 F2: the resume left the
// note's mark for the repair, so its announcement writes nothing though the resume is no longer
// the last step; the repair's replay writes the note's line, the resume's, the step's, in order.
test('a Note’s notices owed when the erasure resumes the ticket, a step landing as it announces: the note’s line, then the resume’s, then the step’s', async () => {
  const { number, ts } = await waitingOnRequester();
  await noteOwed(number, 'Called the plant manager');
  app.fake.reset();

  // The announce's read of the resumes owed: the step lands just before it.
  const stepped = await eraseWithStep(
    'find',
    (args) => args[0]?.erasureResumeOwed,
    () => stepLands(number, 'Second call'),
  );
  expect(stepped).toBe(true);
  expect((await stored(number)).timeline.slice(-3).map((e) => e.action)).toEqual([
    'note',
    'resume',
    'note',
  ]);

  const posted = await threadLinesThrough(ts, REPAIR_RUNS);
  expect(posted).toEqual([
    `<@${AGENT}> noted: Called the plant manager`,
    'The desk resumed work. The SLA clock runs again.',
    `<@${AGENT}> noted: Second call`,
  ]);
  const after = await stored(number);
  expect(after.noticesOwedAt).toBeUndefined();
  expect(after.erasureResumeLeft).toBeUndefined();
});
