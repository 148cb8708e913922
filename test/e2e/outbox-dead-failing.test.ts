import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { makeTicket } from '../helpers/factories.js';

const MANAGER = 'U0MANAGER1';
const TRIAGE = 'C0TRIAGE01';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

async function homeOf(user: string): Promise<string> {
  await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
  const publish = app.fake.callsTo('views.publish').at(-1)!;
  expect(publish.args.user_id).toBe(user);
  return JSON.stringify(publish.args.view);
}

test('messages given up because Slack itself kept failing (HTTP 500 for days) tell the managers that Slack was failing and to send them again once it answers, not to fix a channel', async () => {
  await app.setSettings(() => ({ managers: [MANAGER], admins: [] }));
  app.fake.failNextHttp('chat.postMessage', 500, 1000);
  await makeTicket(app);
  for (let pass = 0; pass < 400; pass++) {
    app.clock.advance(31 * 60_000);
    await app.desk.outbox.drain();
    if (!(await app.db.models.outbox.countDocuments({ state: 'pending', kind: 'ticket.card' })))
      break;
  }
  expect(await app.db.models.outbox.countDocuments({ state: 'dead' })).toBeGreaterThan(0);
  app.fake.reset();
  const home = await homeOf(MANAGER);
  expect(home).toContain('could not be delivered* after every retry');
  expect(home).toContain('Slack was failing');
  expect(home).toContain('once Slack answers');
  expect(home).not.toContain('Fix the cause');
  expect(home).toContain('home_resend_undelivered');
});
