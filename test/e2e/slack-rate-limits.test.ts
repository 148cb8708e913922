// Slack answering 429 (Retry-After) on a busy morning: a person clicking is told at once, not
// left waiting while the app sleeps through Slack's wait; the outbox waits what Slack asked
// before it calls the workspace's method again, and says where a refused delivery was going.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';

// Friday 2026-11-27 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-27T02:00:00Z',
});

describe('Slack rate-limits a click', () => {
  test('New ticket on a card while views.open answers 429 (Retry-After 30 s): the person is told at once that Slack refused it, nothing waits 30 s', async () => {
    const { code } = await makeCustomer(app);
    app.fake.rateLimitNext('views.open', 30, 3);
    const started = performance.now();
    const res = await app.slack.blockAction(
      { action_id: 'customer_ticket_new', value: code, block_id: 'customer_actions' },
      { userId: AGENT, channelId: 'C0SOME0001', ephemeral: true },
    );
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(5_000);
    // Asked once: not again after sleeping, with a trigger_id Slack would call expired by then.
    expect(app.fake.callsTo('views.open')).toHaveLength(1);
    const told = app.fake.callsTo('response_url').map((c) => String(c.args.text));
    expect(told).toEqual([expect.stringMatching(/^Slack refused the request \(rate limited\)/)]);
  });
});
