import { expect, test } from 'vitest';
import { TRANSIENT_MAX_ATTEMPTS } from '../../src/notify/outbox.js';
import { cardKey } from '../../src/outbox/types.js';
import { useTestApp } from '../helpers/app.js';
import { makeTicket } from '../helpers/factories.js';
import { countSlackFailedTries } from '../helpers/outbox-tries.js';

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
  const { id } = await makeTicket(app);
  // A few tries made by the pass, the rest up to the last counted (`countSlackFailedTries`), the
  // last made by the pass: 150 passes would take most of the test's time limit.
  const passes = async (n: number) => {
    for (let pass = 0; pass < n; pass++) {
      app.clock.advance(31 * 60_000);
      await app.desk.outbox.drain();
      if (!(await app.db.models.outbox.countDocuments({ state: 'pending', kind: 'ticket.card' })))
        return;
    }
  };
  await passes(3);
  await countSlackFailedTries(app, cardKey({ id }), TRANSIENT_MAX_ATTEMPTS - 2);
  await passes(5);
  expect(await app.db.models.outbox.countDocuments({ state: 'dead', kind: 'ticket.card' })).toBe(1);
  app.fake.reset();
  const home = await homeOf(MANAGER);
  expect(home).toContain('could not be delivered* after every retry');
  expect(home).toContain('Slack was failing');
  expect(home).toContain('once Slack answers');
  expect(home).not.toContain('Fix the cause');
  expect(home).toContain('home_resend_undelivered');
});
