// An erasure's edit of the account manager's complaint DM keeps the buttons that still work
// (drawn from the ticket as stored): Customer contacted (the contact task's Done) while the
// contact is not recorded, and Open; a fixed line with no buttons left them with nothing to act
// on in their DM (postedits 3).
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { erasedInSlack, updatesOfPost } from '../helpers/privacy.js';
import { contactRecorded } from '../helpers/complaints.js';
import { makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';

const ADMIN = 'U0ADMIN001';
const TRIAGE = 'C0TRIAGE01';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

const tsOf = (c: { answer?: unknown }) => String((c.answer as { ts: string }).ts);
const updatesOf = (ts: string) => updatesOfPost(app, ts);

const eraseInSlack = (args: string) => erasedInSlack(app, ADMIN, args);

/** The buttons of a message's blocks: action id and value. */
const buttonsOf = (blocks: unknown) =>
  ((blocks ?? []) as { elements?: { type: string; action_id: string; value?: string }[] }[])
    .flatMap((b) => b.elements ?? [])
    .filter((e) => e.type === 'button')
    .map((e) => [e.action_id, e.value]);

/** A complaint of a customer 'Wangfang Trading', and its account manager's DM as Slack took it. */
async function complaintDm() {
  const { code } = await makeCustomer(app, { name: 'Wangfang Trading' });
  const t = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'urgent',
    title: 'Wangfang gate still broken',
  });
  await app.desk.outbox.drain();
  const dm = app.fake
    .tookCalls('chat.postMessage')
    .find((c) => c.args.channel === OWNER && JSON.stringify(c.args).includes('Wangfang'))!;
  const task = (await app.db.models.tasks.findOne({ kind: 'complaint_contact' }).lean())!;
  expect(buttonsOf(dm.args.blocks)).toContainEqual(['task_done_open', String(task._id)]);
  return { code, t, dm, task };
}

const line = (number: string) =>
  `:information_source: This message was about ${number}. Its words were anonymised (retention or an erasure of personal data): read the ticket for what is left.`;

test('the account manager’s DM of an open complaint keeps Customer contacted and Open after an erasure of its customer', async () => {
  const { code, t, dm, task } = await complaintDm();
  app.fake.reset();
  await eraseInSlack(code);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const [edit] = updatesOf(tsOf(dm));
  expect(edit?.args.text).toBe(line(t.number));
  expect(JSON.stringify(edit!.args)).not.toContain('Wangfang');
  expect(buttonsOf(edit!.args.blocks)).toEqual([
    ['task_done_open', String(task._id)],
    ['ticket_open', t.number],
  ]);
  // Customer contacted from the edited DM still opens the contact's form.
  const opened = app.fake.callsTo('views.open').length;
  await app.slack.blockAction(
    { action_id: 'task_done_open', value: String(task._id) },
    { userId: OWNER },
  );
  expect(app.fake.callsTo('views.open').length).toBe(opened + 1);
});

test('once the contact is recorded, the edit keeps only Open', async () => {
  const { code, t, dm } = await complaintDm();
  await contactRecorded(app, t.number);
  app.fake.reset();
  await eraseInSlack(code);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const [edit] = updatesOf(tsOf(dm));
  expect(edit?.args.text).toBe(line(t.number));
  expect(buttonsOf(edit!.args.blocks)).toEqual([['ticket_open', t.number]]);
});
