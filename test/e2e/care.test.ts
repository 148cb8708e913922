// The care plan (#11): tier review from aged orders, stages, greetings, tasks by hand.
import { describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { tasksJob } from '../../jobs/tasks.js';
import { tierReviewJob } from '../../jobs/tier-review.js';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const MANAGER = 'U0MANAGER1';
const DIGEST = 'C0DIGEST01';

// Shanghai; business days Mon-Fri.
const app = useTestApp({ env: { DIGEST_CHANNEL_ID: DIGEST }, now: '2025-09-26T02:00:00Z' });

function cardButton(code: string, action: string) {
  return { action_id: action, value: code, block_id: 'customer_actions' };
}

/** The view the app last opened or pushed into a modal. */
function lastModal(): Record<string, unknown> {
  const calls = app.fake.calls.filter(
    (c) => c.method === 'views.open' || c.method === 'views.update',
  );
  return calls[calls.length - 1]!.args.view as Record<string, unknown>;
}

/** Records an order through the card's Record order modal, as its owner. */
async function recordOrder(code: string, date: string, amount: string) {
  await app.slack.blockAction(cardButton(code, 'customer_order_open'), { userId: OWNER });
  const res = await app.slack.submitView(lastModal(), { date, amount }, { userId: OWNER });
  expect(res.body).toBe('');
}

const cardText = async (code: string, userId = OWNER) =>
  JSON.stringify((await app.slack.command('/customer', code, { userId })).body.blocks);

describe('quarterly tier review from the orders of the last 12 months', () => {
  test('an order that aged out lowers the tier: logged, counted in the digest, overrides stay', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const plain = (await makeCustomer(app, { name: 'Aged Order Co' })).code;
    const held = (await makeCustomer(app, { name: 'Held Tier Co' })).code;
    await recordOrder(plain, '2025-09-26', '600000');
    await recordOrder(held, '2025-09-26', '600000');
    await app.desk.services.customers.update(await ctxOf(app, MANAGER), held, {
      tierOverride: { tier: 'strategic', reason: 'Group contract' },
    });
    expect(await cardText(plain)).toContain('Key');

    // 1 October 2026 06:00 in Shanghai: the order is 12 months and 5 days old.
    const [run] = await runJobAt(app, tierReviewJob, '2026-09-30T22:00:00Z');
    expect(run!.counts).toEqual({ changed: 2 });
    const after = await app.db.models.customers.findOne({ code: plain }).lean();
    expect(after).toMatchObject({ annualRevenue: 0, computedTier: 'normal', tier: 'normal' });
    const kept = await app.db.models.customers.findOne({ code: held }).lean();
    expect(kept).toMatchObject({ annualRevenue: 0, computedTier: 'normal', tier: 'strategic' });
    expect(
      await app.db.models.customerChanges
        .find({ customerId: after!._id, field: 'tier' })
        .sort({ at: 1 })
        .lean(),
    ).toEqual([
      expect.objectContaining({ oldValue: 'normal', newValue: 'key', source: 'slack' }),
      expect.objectContaining({ oldValue: 'key', newValue: 'normal', source: 'job' }),
    ]);
    const card = await cardText(plain);
    expect(card).toContain('Normal');
    expect(card).not.toContain('600,000');

    // The next Monday's digest counts the downgrade.
    await runJobAt(app, digestJob, '2026-10-05T01:00:00Z');
    const digest = JSON.stringify(app.fake.postsTo(DIGEST)[0]!.args.blocks);
    expect(digest).toContain('Tier changes this week: 0 up, 1 down.');
  });
});

describe('care cadence and working days', () => {
  test('manual A by default: key customers monthly; a care contact due on a Sunday is due the Friday before, and reminded that day', async () => {
    app.clock.set('2026-11-20T02:00:00Z');
    const c = await makeCustomer(app, {
      name: 'Monthly Co',
      annualRevenue: 600_000,
      lifecycle: 'active',
    });
    // Last contact Friday 30 October: 30 days later is Sunday 29 November.
    await app.db.models.customers.updateOne(
      { _id: c.id },
      { $set: { lastInteractionAt: new Date('2026-10-30T02:00:00Z') } },
    );
    const [run] = await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z'); // Tuesday
    expect(run!.counts).toMatchObject({ careCreated: 1, reminded: 1 });
    const task = await app.db.models.tasks.findOne({ customerId: c.id }).lean();
    expect(task).toMatchObject({ kind: 'care', dueDate: '2026-11-27' });
    expect(JSON.stringify(app.fake.postsTo(OWNER)[0]!.args.blocks)).toContain('Monthly Co');
    // Friday: the due reminder; the weekend: nothing.
    await runJobAt(app, tasksJob, '2026-11-27T01:00:00Z');
    expect(JSON.stringify(app.fake.postsTo(OWNER)[0]!.args.blocks)).toContain('due *today*');
    await runJobAt(app, tasksJob, '2026-11-28T01:00:00Z');
    expect(app.fake.postsTo(OWNER)).toEqual([]);
  });
});
