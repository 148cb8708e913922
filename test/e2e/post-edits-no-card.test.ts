// Retention and an erasure edit the desk's own posts about a ticket whose card never went out (no
// triage channel when it came in and since): its assignees' DMs were sent and recorded all the
// same, and they keep the ticket's words unless edited (revposts F1).
import { expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

const OTHER = 'U0AGENT002';

/** A ticket naming 王芳, handed to OTHER (a DM), resolved and closed, with no card posted. */
async function ticketWithoutCard() {
  await app.setSettings((s) => ({ ...s, agents: [AGENT, OTHER] }));
  const { code } = await makeCustomer(app, { contact: { name: '王芳', phone: '+8613800138000' } });
  const t = await makeTicket(app, {
    customerCode: code,
    title: 'Gate code 4471 for 王芳',
    description: 'Gate code 4471',
  });
  await act(app, t.number, { action: 'claim' }, AGENT);
  await act(app, t.number, { action: 'reassign', to: OTHER }, AGENT);
  await act(app, t.number, { action: 'resolve', summary: 'Gate code 4471 noted' }, OTHER);
  await act(app, t.number, { action: 'close' }, OTHER);
  await app.desk.outbox.drain();
  const ticket = (await app.db.models.tickets.findOne({ number: t.number }).lean())!;
  expect(ticket.card.ts).toBeFalsy();
  const dm = app.fake.tookCalls('chat.postMessage').filter((c) => c.args.channel === OTHER);
  expect(dm).toHaveLength(1);
  expect(String(dm[0]!.args.text)).toContain('王芳');
  return { code, number: t.number, dm: String((dm[0]!.answer as { ts: string }).ts) };
}

const updatesOf = (ts: string) =>
  app.fake.tookCalls('chat.update').filter((c) => String(c.args.ts) === ts);

test('retention edits the assignee’s DM about a ticket that has no card', async () => {
  const { number, dm } = await ticketWithoutCard();
  await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
  await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
  const after = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(JSON.stringify(after)).toContain('[erased]');
  expect(updatesOf(dm).map((c) => c.args.text)).toEqual([
    expect.stringMatching(
      /^:information_source: This message was about T\S+\. Its words were anonymised/,
    ),
  ]);
  expect(JSON.stringify(updatesOf(dm))).not.toContain('王芳');
});

test('erasing the contact edits the assignee’s DM about her ticket that has no card', async () => {
  const { code, dm } = await ticketWithoutCard();
  await app.slack.command('/desk', `privacy erase ${code} 王芳`, { userId: ADMIN });
  const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, unknown>;
  await app.slack.submitView(modal as never, {}, { userId: ADMIN });
  await app.desk.outbox.drain();
  expect(updatesOf(dm)).toHaveLength(1);
  expect(JSON.stringify(updatesOf(dm))).not.toContain('王芳');
});
