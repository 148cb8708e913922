import { describe, expect, test } from 'vitest';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET, useTestApp } from '../helpers/app.js';
import { createServices } from '../../src/services.js';
import { seedFromConfig } from '../../src/workspace/service.js';
import { loadConfig } from '../../src/config.js';
import { AGENT, ctxOf, makeCustomer } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';

// Issue 15, defect 5: the same New ticket modal submitted several times at once (a double
// click, Slack retrying). One ticket is saved; every submission is answered as the first one
// (the modal closes), none with "something went wrong", and no ticket number is used up.
const TRIAGE = 'C0TRIAGE01';
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

describe('concurrent duplicate submissions', () => {
  test('the same New ticket view submitted at once: one ticket, every submission answered as the first, no number burnt', async () => {
    const { code } = await makeCustomer(app, { annualRevenue: 600_000 });
    await app.slack.command('/ticket', 'new Twice at once', { userId: AGENT });
    const view = {
      ...(app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>),
      id: 'V0RACE0001',
    };
    const form = { customer: code, description: 'Same form, sent at once' };

    const answers = await Promise.all(
      Array.from({ length: 20 }, () => app.slack.submitView(view, form, { userId: AGENT })),
    );

    expect(answers.map((a) => [a.status, a.body])).toEqual(Array(20).fill([200, '']));
    const tickets = await app.db.models.tickets.find({ teamId: FAKE_TEAM_ID }).lean();
    expect(tickets.map((t) => t.number)).toEqual(['T20260001']);
    // Nobody was told something went wrong, and the card went out once.
    const texts = [
      ...app.fake.callsTo('chat.postMessage'),
      ...app.fake.callsTo('response_url'),
    ].map((c) => String(c.args.text ?? ''));
    expect(texts.filter((t) => /went wrong|E-[0-9A-F]{8}/.test(t))).toEqual([]);
    expect(
      app.fake
        .callsTo('chat.postMessage')
        .filter((c) => c.args.channel === TRIAGE && !c.args.thread_ts),
    ).toHaveLength(1);
    expect(app.logs.filter((l) => l.level >= 50)).toEqual([]);

    // No number was used up: the next ticket is the second.
    await app.slack.command('/ticket', 'new Next', { userId: AGENT });
    const next = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
    expect(
      (await app.slack.submitView(next, { customer: code, description: 'Next' }, { userId: AGENT }))
        .body,
    ).toBe('');
    expect(
      (await app.db.models.tickets.find({ teamId: FAKE_TEAM_ID }).sort({ number: 1 }).lean()).map(
        (t) => t.number,
      ),
    ).toEqual(['T20260001', 'T20260002']);
  });

  test('two instances saving the same submission at once: one ticket, both get it, no error, at most one number skipped', async () => {
    const { code } = await makeCustomer(app, { annualRevenue: 600_000 });
    // A second instance: its own services (and so its own in-process state) on the same database.
    const config = loadConfig({
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    });
    const other = createServices(app.db, seedFromConfig(config), app.clock);
    const ctx = await ctxOf(app, AGENT);
    const input = {
      submissionId: 'V0RACE0002',
      customerCode: code,
      type: 'after_sales' as const,
      severity: 'urgent' as const,
      channel: 'phone' as const,
      title: 'Two instances',
      description: 'Same submission on two instances',
      receivedAt: app.clock.now(),
    };
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all([
        app.desk.services.tickets.create(ctx, { ...input, submissionId: `V0RACE1${round}` }),
        other.tickets.create(ctx, { ...input, submissionId: `V0RACE1${round}` }),
      ]);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(results[0]!.ticket.number).toBe(results[1]!.ticket.number);
    }
    const numbers = (await app.db.models.tickets.find({ teamId: FAKE_TEAM_ID }).lean()).map((t) =>
      Number(t.number.slice(-4)),
    );
    expect(numbers).toHaveLength(5);
    // Each round's loser may have taken one number before the submission index refused it.
    expect(Math.max(...numbers)).toBeLessThanOrEqual(10);
  });
});
