import { describe, expect, test } from 'vitest';
import { slackEventsJob } from '../../jobs/slack-events.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { jobDepsOf } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { runDue } from '../../src/schedule/runner.js';
import { useTestApp, TEST_BOT_TOKEN } from '../helpers/app.js';
import { AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { jobDeps } from '../helpers/jobs.js';

// Single-token mode (SLACK_BOT_TOKEN): the app was removed from the workspace, or the token
// rotated, while the desk runs. Slack answers every call made with the token `token_revoked`
// (auth.test too). The refusal is kept until a restart (as at start): the outbox holds every
// message for the new token, the jobs' messages wait with them, /readyz says not ready, and the
// operator is told once a minute what to do. One test: the refusal is the app's until restarted.
const app = useTestApp({
  env: {
    TRIAGE_CHANNEL_ID: 'C0TRIAGE01',
    ALERTS_CHANNEL_ID: 'C0ALERTS01',
    ADMIN_USER_IDS: 'U0ADMIN001',
  },
  now: '2026-11-24T02:00:00Z',
});

const refusedLines = () =>
  app.logs.filter((l) => l.code === 'SLACK_REFUSED' && l.component === 'slack-token');

const CUST = 'C0CUSTCH01';
const EVENT = 'Ev0REVOKED001';
const storedEvent = () => app.db.models.seenEvents.findById(`${FAKE_TEAM_ID}:${EVENT}`).lean();

async function entries() {
  return app.db.models.outbox.find({}).lean();
}

describe('single-token mode: Slack refuses the bot token while the desk runs', () => {
  test('the outbox holds every message (no attempt used, nothing given up), jobs queue without duplicates, /readyz is 503, the operator is told once a minute; after a restart with a new token all of it goes out', async () => {
    const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 });
    await makeTicket(app, {
      customerCode: code,
      severity: 'urgent',
      title: 'Down',
      description: 'x',
    });
    await makeTicket(app, {
      customerCode: code,
      severity: 'urgent',
      title: 'Slow',
      description: 'x',
    });
    expect(await fetch(`${app.baseUrl}/readyz`).then((r) => r.status)).toBe(200);
    // A customer's :ticket: reaction whose work failed once (Slack erred): the job redoes it.
    await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
    const linked = await app.slack.command('/desk', `channel link ${code} emoji`, {
      userId: 'U0ADMIN001',
      channelId: CUST,
    });
    expect(linked.body.text).toContain('is now the customer channel');
    app.fake.peopleMessages.set(CUST, [
      { ts: '1764000000.000500', user: 'U0CUSTUSR1', text: 'Order 778 is late' },
    ]);
    app.fake.failNext('conversations.history', 'internal_error');
    await app.slack.eventDelivery(
      {
        type: 'reaction_added',
        user: AGENT,
        reaction: 'ticket',
        item: { type: 'message', channel: CUST, ts: '1764000000.000500' },
        item_user: 'U0CUSTUSR1',
      },
      { eventId: EVENT },
    );
    expect(await storedEvent()).toMatchObject({ status: 'failed', attempts: 1 });

    app.fake.reset();
    app.fake.revokeToken(TEST_BOT_TOKEN);
    // The SLA sweep after the response targets passed: it runs and queues its alerts.
    app.clock.set('2026-11-24T04:30:00Z');
    const runs = await runDue(jobDeps(app), [slaAlertsJob]);
    expect(runs.map((r) => [r.ran, r.error])).toEqual([[true, undefined]]);
    const queued = (await entries()).filter((e) => e.state === 'pending').length;
    expect(queued).toBeGreaterThan(0);

    await app.desk.outbox.drain();
    // One refused call, Slack asked once more (auth.test), then nothing else this pass.
    expect(app.fake.calls.map((c) => c.outcome)).toEqual(['error', 'error']);
    expect(app.fake.calls[1]!.method).toBe('auth.test');
    const held = await entries();
    expect(held.filter((e) => e.state !== 'pending' && e.state !== 'sent')).toEqual([]);
    expect(held.filter((e) => e.state === 'pending')).toHaveLength(queued);
    expect(held.filter((e) => e.state === 'pending').map((e) => e.attempts)).toEqual(
      Array(queued).fill(0),
    );
    const [line, ...more] = refusedLines();
    expect(more).toEqual([]);
    expect(line).toMatchObject({ level: 50, slackError: 'token_revoked' });
    expect(line!.msg).toContain('set a new SLACK_BOT_TOKEN');
    expect(line!.msg).toContain('restart the desk');

    const ready = await fetch(`${app.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      status: 'unavailable',
      slack: { state: 'invalid', error: 'token_revoked' },
    });

    // Later passes ask Slack nothing; the line comes again only once a minute, with the count.
    app.fake.calls.length = 0;
    app.clock.set('2026-11-24T04:30:30Z');
    await app.desk.outbox.drain();
    expect(refusedLines()).toHaveLength(1);
    app.clock.set('2026-11-24T04:31:01Z');
    await app.desk.outbox.drain();
    await app.desk.outbox.drain();
    expect(refusedLines()).toHaveLength(2);
    const pendingMessages = held.filter((e) => e.state === 'pending' && e.kind !== 'home').length;
    expect(refusedLines()[1]).toMatchObject({ level: 50, held: pendingMessages });
    expect(refusedLines()[1]!.msg).toContain(`${pendingMessages} messages held, none lost`);

    // The next sweep runs and writes nothing twice; the event's redo waits (no try used up);
    // still nothing goes to Slack.
    app.clock.set('2026-11-24T04:40:00Z');
    await runDue(jobDeps(app), [slaAlertsJob, slackEventsJob]);
    expect(await storedEvent()).toMatchObject({ status: 'failed', attempts: 1 });
    await app.desk.outbox.drain();
    expect(app.fake.calls).toEqual([]);
    const keys = (await entries()).map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect((await entries()).filter((e) => e.state === 'pending' && e.attempts > 0)).toEqual([]);

    // A request is refused too (the refusal is kept), without asking Slack.
    const res = await app.slack.command('/ticket', 'help');
    expect(res.body).toBe('');
    expect(app.fake.calls).toEqual([]);

    // Restarted with a token Slack takes: every held message goes out.
    const pending = (await entries()).filter((e) => e.state === 'pending');
    expect(pending.length).toBeGreaterThan(0);
    app.fake.reset(); // the new token: Slack takes it
    await app.stop();
    const restarted = app.instance('restarted');
    app.clock.set('2026-11-24T04:41:00Z');
    await runDue(
      jobDepsOf(restarted, {
        log: createLogger('silent'),
        clock: app.clock,
        instanceId: 'restarted',
      }),
      [slackEventsJob],
    );
    expect(await storedEvent()).toMatchObject({ status: 'done' });
    await restarted.outbox.drain();
    const after = await entries();
    expect(after.filter((e) => e.state !== 'sent')).toEqual([]);
    expect(app.fake.callsTo('chat.postMessage').every((c) => c.outcome === 'ok')).toBe(true);
    expect(app.fake.postsTo('C0ALERTS01').length).toBeGreaterThan(0);
  });
});
