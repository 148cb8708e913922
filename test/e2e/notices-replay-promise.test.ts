// A change whose notices are still owed (its outbox write refused: the ticket's mark set) when
// the SLA sweep finds the date promised to the requester passed: the sweep redraws the card and
// drafts the delay notice, changing no version, and leaves the mark to the outbox job's repair,
// which writes the change's thread line once.
import { trusted } from 'mongoose';
import { expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { useTestApp } from '../helpers/app.js';
import { submitLastModal } from '../helpers/clicks.js';
import { AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { failCalls } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';
import { cardWrite, threadLines as threadLinesOf } from '../helpers/setups-10-notices.js';

const TRIAGE = 'C0TRIAGE01';
const REQ = 'U0REQUEST1';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;

const click = (action_id: string, number: string) =>
  app.slack.blockAction(
    { action_id, value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );

const threadLines = () => threadLinesOf(app, TRIAGE);

test('a Note whose outbox write is refused (database) just before the sweep finds the promised date passed: the note’s line once, by the repair; nothing owed', async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const { number } = await makeTicket(app, {
    customerCode: code,
    requester: { userId: REQ, via: 'slack' },
  });
  await click('ticket_claim', number);
  await click('ticket_delay_open', number);
  await submitLastModal(app, { text: 'The board ships tomorrow.', date: '2026-11-25' }, AGENT);
  await app.desk.outbox.drain();
  // On the promised day itself (Wednesday 14:00): nothing passed yet.
  await runJobAt(app, slaAlertsJob, '2026-11-25T06:00:30Z');
  await runJobAt(app, outboxJob, '2026-11-25T06:01:00Z');

  // Thursday 09:59:30: a note saved, its notices not written.
  app.clock.set('2026-11-26T01:59:30Z');
  await click('ticket_note_open', number);
  const restore = failCalls(app.db.models.outbox, 'bulkWrite', { when: cardWrite as never });
  try {
    await submitLastModal(app, { note: 'Board tracking number sent' }, AGENT);
  } finally {
    restore();
  }
  expect((await stored(number)).noticesOwedAt).toBeDefined();
  // Thursday 10:00:30: the promised date passed, said on the card; the note's mark kept.
  await runJobAt(app, slaAlertsJob, '2026-11-26T02:00:30Z');
  expect((await stored(number)).promiseLapsedFor).toBe('2026-11-25');
  expect((await stored(number)).noticesOwedAt).toBeDefined();
  const lines = threadLines();
  for (const at of ['2026-11-26T02:03:00Z', '2026-11-26T02:10:00Z']) {
    await runJobAt(app, outboxJob, at);
    lines.push(...threadLines());
  }
  expect(lines.filter((l) => l.includes('Board tracking number sent'))).toHaveLength(1);
  expect((await stored(number)).noticesOwedAt).toBeUndefined();
  expect(
    await app.db.models.outbox.countDocuments({ state: 'pending', kind: trusted({ $ne: 'home' }) }),
  ).toBe(0);
});
