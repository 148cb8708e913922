// Slack refusing what the outbox sends on a busy Monday (a triage channel deleted, an agent
// deactivated): the log says where each refused delivery was going, a person Slack no longer
// delivers to is given up at once rather than retried for hours, and the replies of a card given
// up go with it.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { makeTicket } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';

// Monday 2026-11-30 09:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-30T01:00:00Z',
});

/** Worker passes 31 minutes apart (past the longest back-off), `n` of them. */
async function passes(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    app.clock.advance(31 * 60_000);
    await app.desk.outbox.drain();
  }
}

describe('a refused delivery in the log', () => {
  test('the triage channel deleted: "delivery failed" and "delivery given up" name the channel it was going to', async () => {
    app.fake.refuseChannel(TRIAGE, 'channel_not_found');
    await makeTicket(app, { title: 'Line 3 stopped' });
    await passes(10);
    const failed = app.logs.filter(
      (l) => l.msg === 'outbox: delivery failed' && l.kind === 'ticket.card',
    );
    expect(failed.length).toBeGreaterThan(0);
    for (const line of failed)
      expect(line).toMatchObject({ error: 'channel_not_found', to: TRIAGE });
    expect(
      app.logs.filter((l) => l.msg === 'outbox: delivery given up' && l.kind === 'ticket.card'),
    ).toEqual([expect.objectContaining({ error: 'channel_not_found', to: TRIAGE })]);
  });
});
