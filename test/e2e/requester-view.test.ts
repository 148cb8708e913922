// The requester's view (#10), beyond requester.test.ts: what the person who asked for help is
// sent, and when, as they would read it.
import { describe, expect, test } from 'vitest';
import { requesterJob } from '../../jobs/requester.js';
import { useTestApp } from '../helpers/app.js';
import { act, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
/** The person who reported the tickets, a Slack user of the workspace. */
const REQ = 'U0REQUEST1';

// Tuesday 2026-11-24 10:00 in Shanghai; business hours Mon-Fri 09:00-18:00.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

/** What a person read in their DMs, in order. */
const dms = (userId: string) => app.fake.postsTo(userId).map((c) => String(c.args.text));

describe('the survey reminder', () => {
  test('is not sent while the ticket is open again (reopened by the requester); it goes once it is resolved again', async () => {
    const ticket = await makeTicket(app, { requester: { userId: REQ } });
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'resolve', summary: 'Replaced the encoder' });
    await app.desk.outbox.drain();
    expect(dms(REQ).filter((d) => d.includes('How satisfied are you'))).toHaveLength(1);

    // An hour later the requester says it is not solved: the ticket is worked again.
    app.clock.set('2026-11-24T03:00:00Z');
    await act(app, ticket.number, { action: 'reopen' }, REQ);

    // A day after the survey went, the ticket is still being worked: no "how satisfied are you".
    await runJobAt(app, requesterJob, '2026-11-25T02:15:00Z');
    expect(dms(REQ)).toEqual([]);

    // Resolved again: the unanswered survey is recalled once, by the next run.
    app.clock.set('2026-11-25T03:00:00Z');
    await act(app, ticket.number, { action: 'resolve', summary: 'Replaced the cable too' });
    await runJobAt(app, requesterJob, '2026-11-25T03:15:00Z');
    expect(dms(REQ)).toEqual([
      `A reminder: how satisfied are you with how we handled ticket *${ticket.number}*? One click is enough.`,
    ]);
    await runJobAt(app, requesterJob, '2026-11-25T04:15:00Z');
    expect(dms(REQ)).toEqual([]);
  });
});
