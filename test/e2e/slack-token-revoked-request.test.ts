import { describe, expect, test } from 'vitest';
import { useTestApp, TEST_BOT_TOKEN } from '../helpers/app.js';

// Single-token mode (SLACK_BOT_TOKEN): the app is removed from the workspace while a person's
// request runs. Bolt authorized the request with the token as it was known; the listener's own
// call to Slack is then refused (`token_revoked`). The refusal is the app's until a restart, so
// this file is one test (its own app).
const app = useTestApp({ env: { ADMIN_USER_IDS: 'U0ADMIN001' } });

const refusedLines = () =>
  app.logs.filter((l) => l.code === 'SLACK_REFUSED' && l.component === 'slack-token');

describe('single-token mode: Slack refuses the bot token in the middle of a request', () => {
  test('the person is told the desk lost its connection (not to try again), the token is asked of Slack once, /readyz is 503, and the operator is told', async () => {
    expect(await fetch(`${app.baseUrl}/readyz`).then((r) => r.status)).toBe(200);
    app.fake.reset();
    app.fake.revokeToken(TEST_BOT_TOKEN);

    // /customer new opens its modal: Slack refuses the call.
    const first = await app.slack.command('/customer', 'new', { userId: 'U0ADMIN001' });
    const text = String((first.body as { text?: string }).text);
    expect(text).toContain('lost its connection to Slack');
    expect(text).not.toContain('try again');
    expect(app.fake.callsTo('views.open').map((c) => c.outcome)).toEqual(['error']);
    expect(app.fake.callsTo('auth.test')).toHaveLength(1);

    // The refusal is kept: /readyz says not ready, and the operator is told what to do, once.
    const ready = await fetch(`${app.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      slack: { state: 'invalid', error: 'token_revoked' },
    });
    expect(refusedLines()).toHaveLength(1);
    expect(refusedLines()[0]!.msg).toContain('set a new SLACK_BOT_TOKEN');

    // The next request is refused without asking Slack again.
    app.fake.calls.length = 0;
    await app.slack.command('/customer', 'new', { userId: 'U0ADMIN001' });
    expect(app.fake.callsTo('auth.test')).toEqual([]);
    expect(app.fake.callsTo('views.open')).toEqual([]);
    expect(refusedLines()).toHaveLength(1);
  });
});
