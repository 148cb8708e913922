// The quarterly tier review's reads (revscale F2): the 12 months' totals of the workspace read
// once (not two or three reads of `orders` a customer), the customers streamed with the figures
// it compares, read whole only when one moves. The assertions on the moves are care.test.ts's.
import { expect, test } from 'vitest';
import { countCommands } from '../../bench/commands.js';
import { tierReviewJob } from '../../jobs/tier-review.js';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const app = useTestApp({ now: '2026-09-20T02:00:00Z' });

test('the review reads the orders twice for the workspace, and only the customers that move whole', async () => {
  const ctx = await ctxOf(app, OWNER);
  const aged: string[] = [];
  for (let i = 0; i < 9; i++) {
    const { code } = await makeCustomer(app, { name: `Review Cost ${i}`, ownerId: OWNER });
    // Three with an order 12 months and 5 days old at the review (their tier falls), five with
    // a recent one (unmoved), one with none.
    if (i < 3) aged.push(code);
    if (i < 8)
      await app.desk.services.customers.recordOrder(ctx, code, {
        date: i < 3 ? '2025-09-26' : '2026-06-01',
        amount: i < 3 ? 600_000 : 100_000,
        number: `RC-${i}`,
      });
  }
  const counter = countCommands(app.db);
  // 1 October 2026 06:00 in Shanghai.
  const [run] = await runJobAt(app, tierReviewJob, '2026-09-30T22:00:00Z');
  counter.stop();
  expect(run!.counts).toMatchObject({ changed: 3, moved: 3 });
  for (const code of aged)
    expect(await app.db.models.customers.findOne({ code }).lean()).toMatchObject({
      annualRevenue: 0,
      tier: 'normal',
    });
  const trace = counter.trace().join('; ');
  // Two reads for the workspace (the totals, who has orders) and one total again per write.
  expect(counter.commandsByCollection().orders ?? 0, trace).toBeLessThanOrEqual(2 + 3);

  // Again, nothing to move: the same two reads of the orders, no customer read whole nor written.
  app.clock.set('2026-09-30T22:00:00Z');
  const review = await ctxOf(app, OWNER, { origin: 'job' });
  const again = countCommands(app.db);
  const result = await app.desk.services.customers.recomputeTiers(review, '2026-10-01');
  again.stop();
  expect(result).toEqual({ changed: 0, failed: 0, logsOwed: 0 });
  const trace2 = again.trace().join('; ');
  expect(again.commandsByCollection().orders ?? 0, trace2).toBeLessThanOrEqual(2);
  expect(again.commandsByCollection().customers ?? 0, trace2).toBeLessThanOrEqual(2);
}, 120_000);
