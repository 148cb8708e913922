import type { App } from '@slack/bolt';
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import type { HeldCall } from '../helpers/fake-slack.js';

// Every listener reports its own failures (src/slack/boundary.ts), so what reaches the app's
// global error handler (`app.error` in src/app.ts) is what fails before any listener runs. The
// one real path: Bolt authorizes each request with the bot token's auth.test result, which it
// asks for once, while the app is being built. Here Slack is slow to answer it and then refuses
// the token (revoked, or a typo in SLACK_BOT_TOKEN) while a request is already waiting.
//
// A refusal that comes before any request waits on it is not this path: nothing handles Bolt's
// rejected auth.test promise, and the process dies of an unhandled rejection.
let authTest: HeldCall;
const app = useTestApp({ prepareFake: (fake) => (authTest = fake.holdNext('auth.test')) });

/**
 * Resolves once Bolt has the next request: its receiver handed it to App.processEvent, which
 * goes straight on (synchronously) to wait for the authorization, and so for auth.test.
 */
function nextRequestReachesBolt(bolt: App): Promise<void> {
  const processEvent = bolt.processEvent.bind(bolt);
  return new Promise((resolve) => {
    bolt.processEvent = (event) => {
      bolt.processEvent = processEvent;
      const processing = processEvent(event);
      resolve();
      return processing;
    };
  });
}

function outsideListenerErrors() {
  return app.logs.filter((l) => l.msg === 'unhandled error outside a listener');
}

// The tests run in order: the first one lets Slack refuse the token, the second shows it sticks.
describe('the global error handler: Slack refuses the bot token', () => {
  test('a command waiting on auth.test gets an empty ack; the operator gets the code and a reference', async () => {
    await authTest.arrived; // the app asked Slack who its token is while being built
    const reached = nextRequestReachesBolt(app.desk.app);
    const pending = app.slack.command('/ticket', 'help');
    await reached;
    authTest.release('invalid_auth');
    const res = await pending;

    // What Slack shows the user for an empty 200: nothing at all.
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect(app.fake.calls).toEqual([]); // no reply by response_url, no ephemeral, no DM
    expect(await app.db.models.workspaces.countDocuments()).toBe(0); // no listener ran

    expect(app.logs).toContainEqual(
      expect.objectContaining({
        level: 40,
        component: 'bolt',
        msg: 'Authorization of incoming event did not succeed. No listeners will be called.',
      }),
    );
    const [line, ...more] = outsideListenerErrors();
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      level: 50,
      code: 'SLACK_REFUSED',
      err: {
        type: 'Error',
        code: 'slack_bolt_authorization_error',
        message:
          'Authorization of incoming event did not succeed. An API error occurred: invalid_auth',
      },
    });
    expect(line!.ref).toMatch(/^E-[0-9A-F]{8}$/);
  });

  test('the refusal sticks until a restart: every later request is dropped the same way', async () => {
    const home = await app.slack.event({
      type: 'app_home_opened',
      user: 'U0HOME0001',
      tab: 'home',
    });
    const click = await app.slack.blockAction({
      action_id: 'customer_card_open',
      value: 'C2026001',
    });
    const command = await app.slack.command('/customer', 'help');

    for (const res of [home, click, command]) expect(res).toEqual({ status: 200, body: '' });
    expect(app.fake.calls).toEqual([]); // not even another auth.test: Bolt keeps the refusal
    const lines = outsideListenerErrors();
    expect(lines.map((l) => l.code)).toEqual(['SLACK_REFUSED', 'SLACK_REFUSED', 'SLACK_REFUSED']);
    expect(new Set(lines.map((l) => l.ref)).size).toBe(3);
  });
});
