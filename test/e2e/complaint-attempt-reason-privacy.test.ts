// What a complaint's "Tried, could not reach" attempts say (`complaint.attempts[].summary`) and
// why it was resolved without the contact (`complaint.resolvedUncontacted.reason`) are typed
// text: retention takes them, and an erasure of a contact named there (the customer's own, or
// another customer's) takes the name, as it does every typed field (FREE_TEXT). Through the real
// Bolt HTTP path: signed requests, the fake Slack, the test database. (revland F1, p39.)
import { expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { useTestApp } from '../helpers/app.js';
import {
  claimedUrgentComplaint,
  complaintDeskEach,
  triedThenResolvedUncontacted,
} from '../helpers/complaints.js';
import { scanStrings } from '../helpers/db.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';
const ADMIN = 'U0ADMIN001';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});
type View = Record<string, any>;

complaintDeskEach(app, { managers: [MANAGER], accountManagers: [OWNER] });

/** Huadong's complaint, tried and resolved without the contact, both texts naming `who`. */
async function complaintNaming(who: string) {
  const { code, number } = await claimedUrgentComplaint(app, {
    name: 'Huadong',
    contact: { name: '王芳', phone: '+8613800138000' },
  });
  // Tuesday 10:40 in Shanghai.
  app.clock.set('2026-11-24T02:40:00Z');
  await triedThenResolvedUncontacted(app, {
    number,
    manager: MANAGER,
    channel: TRIAGE,
    summary: `${who} did not answer`,
    reason: `${who} never answered three calls`,
  });
  const stored = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(stored.complaint!.attempts![0]!.summary).toBe(`${who} did not answer`);
  expect(stored.complaint!.resolvedUncontacted!.reason).toBe(`${who} never answered three calls`);
  return { code, number };
}

async function erase(code: string, contact: string) {
  await app.slack.command('/desk', `privacy erase ${code} ${contact}`, { userId: ADMIN });
  const confirm = app.fake.callsTo('views.update').at(-1)!.args.view as View;
  await app.slack.submitView(confirm as never, {}, { userId: ADMIN });
  app.clock.advance(4000);
  await app.desk.outbox.drain();
}

/** The last draw of the ticket's card. */
async function lastCard(number: string): Promise<string> {
  const t = (await app.db.models.tickets.findOne({ number }).lean())!;
  const draws = app.fake.callsTo('chat.update').filter((c) => c.args.ts === t.card!.ts);
  return JSON.stringify(draws.at(-1)?.args ?? {});
}

test("erasing the customer's own contact takes her name from the attempt and the reason", async () => {
  const { code, number } = await complaintNaming('王芳');
  await erase(code, '王芳');
  expect(await scanStrings(app.db, ['王芳'])).toEqual([]);
  expect(await lastCard(number)).not.toContain('王芳');
});

test("erasing another customer's contact takes her name from this complaint's attempt and reason, and its card", async () => {
  const { code: theirs } = await makeCustomer(app, {
    name: 'Lianhua Foods',
    contact: { name: '赵敏', phone: '+8613900139000' },
  });
  const { number } = await complaintNaming('赵敏');
  expect(await lastCard(number)).toContain('赵敏');
  await erase(theirs, '赵敏');
  const left = (await scanStrings(app.db, ['赵敏'])).filter((f) => f.startsWith('tickets.'));
  expect(left).toEqual([]);
  const stored = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(stored.complaint!.attempts![0]!.summary).toBe('[erased] did not answer');
  expect(stored.complaint!.resolvedUncontacted!.reason).toBe('[erased] never answered three calls');
  expect(await lastCard(number)).not.toContain('赵敏');
});

test('retention takes a closed complaint’s attempt summary and its reason, and draws its card again without them', async () => {
  const { number } = await complaintNaming('Li Wei 13900001111');
  await act(app, number, { action: 'close' }, MANAGER);
  await app.setSettings(() => ({ retentionDays: 30 }));
  await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
  await app.desk.outbox.drain();
  const stored = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(stored.complaint!.attempts![0]!.summary).toBe('[erased]');
  expect(stored.complaint!.resolvedUncontacted!.reason).toBe('[erased]');
  // Nothing stored names him but the outbox's record of the thread line as it was sent (the
  // outbox forgets its sent entries after 7 days); that line in Slack is edited.
  const left = await scanStrings(app.db, ['Li Wei', '13900001111']);
  expect(left.filter((f) => !f.startsWith('outbox.'))).toEqual([]);
  expect(await lastCard(number)).not.toContain('Li Wei');
  const edits = app.fake.callsTo('chat.update').map((c) => JSON.stringify(c.args));
  expect(edits.some((e) => e.includes('could not reach'))).toBe(true);
  expect(edits.filter((e) => e.includes('Li Wei'))).toEqual([]);
  // Idempotent: the next day's run finds nothing more to take.
  await runJobAt(app, privacyRetentionJob, '2027-01-06T01:00:00Z');
  const log = await app.db.models.privacyLog.find({ kind: 'retention' }).lean();
  expect(log).toHaveLength(1);
});

test('a Slack user named in an attempt and in the reason: their export lists both texts, their erasure takes their id from them', async () => {
  const REQ = 'U0CUSTREQ1';
  const DM = `D${ADMIN.slice(1)}`;
  const { number } = await complaintNaming(`<@${REQ}>`);
  await app.slack.command('/desk', `privacy export user:<@${REQ}>`, { userId: ADMIN });
  const exported = app.fake.sharedFiles(DM).at(-2)!.content!.toString('utf8');
  expect(exported).toContain(`<@${REQ}> did not answer`);
  expect(exported).toContain(`<@${REQ}> never answered three calls`);

  await app.slack.command('/desk', `privacy erase user:<@${REQ}>`, { userId: ADMIN });
  const confirm = app.fake.callsTo('views.update').at(-1)!.args.view as View;
  expect(confirm.callback_id).toBe('privacy_erase');
  await app.slack.submitView(confirm as never, {}, { userId: ADMIN });
  app.clock.advance(4000);
  await app.desk.outbox.drain();
  const left = (await scanStrings(app.db, [REQ])).filter((f) => f.startsWith('tickets.'));
  expect(left).toEqual([]);
  const stored = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(stored.complaint!.attempts![0]!.summary).not.toContain(REQ);
  expect(stored.complaint!.resolvedUncontacted!.reason).not.toContain(REQ);
});

test('retention takes the note of a task cancelled before then (how its executor tried to reach the customer)', async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const { number } = await makeTicket(app, { customerCode: code, title: 'Pump stopped' });
  await act(app, number, { action: 'claim' }, AGENT);
  await act(app, number, { action: 'resolve', summary: 'Replaced the pump' }, AGENT);
  const revisit = (await app.db.models.tasks.findOne({ kind: 'revisit' }).lean())!;
  await app.desk.services.tasks.cancelByPerson(await ctxOf(app, AGENT), String(revisit._id), {
    reason: 'not_reached',
    note: 'Li Wei 13900001111 never picks up',
  });
  await app.setSettings(() => ({ retentionDays: 30 }));
  await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
  const task = (await app.db.models.tasks.findById(revisit._id).lean())!;
  expect(task).toMatchObject({ status: 'cancelled', cancelReason: 'not_reached' });
  expect(task.cancelNote).toBe('[erased]');
  const left = await scanStrings(app.db, ['Li Wei']);
  expect(left.filter((f) => f.startsWith('tasks.'))).toEqual([]);
});
