// An assignee's draft (a progress note the desk drafts for them, `requester:<ticket>:draft:…`)
// names the ticket's customer and title: recorded where it went once Slack took it
// (ticket_posts, as an assignee's DM), and edited to the fixed line naming the ticket when
// retention or an erasure takes the ticket's words (postedits 2).
import { expect, test } from 'vitest';
import { requesterJob } from '../../jobs/requester.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { requesterKit } from '../helpers/requester-kit.js';

const ADMIN = 'U0ADMIN001';
const REQ = 'U0CUSTREQ1';
const TRIAGE = 'C0TRIAGE01';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});
const { createTicket, click } = requesterKit(app, { triage: TRIAGE, requester: REQ });

const tsOf = (c: { answer?: unknown }) => String((c.answer as { ts: string }).ts);

test('an erasure of the customer edits the assignee’s progress-note draft to the fixed line naming the ticket', async () => {
  await app.setSettings((s) => ({ ...s, progressNoteHours: 8 }));
  const { code } = await makeCustomer(app, { name: 'Wangfang Trading', annualRevenue: 600_000 });
  const number = await createTicket({ requester: REQ, severity: 'general', customer: code });
  await click('ticket_claim', number);
  // Wednesday 09:15: eight business hours since it came in on Tuesday 10:00: the draft.
  await runJobAt(app, requesterJob, '2026-11-25T01:15:00Z');
  const [draft] = app.fake
    .tookCalls('chat.postMessage')
    .filter((c) => c.args.channel === AGENT && JSON.stringify(c.args).includes('Wangfang'));
  expect(String(draft?.args.text)).toContain(`Ticket *${number}* (Wangfang Trading`);

  app.fake.reset();
  await app.slack.command('/desk', `privacy erase ${code}`, { userId: ADMIN });
  const modal = app.fake.callsTo('views.update').at(-1)!.args.view;
  await app.slack.submitView(modal as never, {}, { userId: ADMIN });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const edits = app.fake.tookCalls('chat.update').filter((c) => String(c.args.ts) === tsOf(draft!));
  expect(edits.map((e) => e.args.text)).toEqual([
    `:information_source: This message was about ${number}. Its words were anonymised (retention or an erasure of personal data): read the ticket for what is left.`,
  ]);
  expect(JSON.stringify(edits[0]!.args)).not.toContain('Wangfang');
});
