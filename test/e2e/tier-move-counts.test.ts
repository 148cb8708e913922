import { describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { monthlyReportJob } from '../../jobs/report.js';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { lines, local, upAndBackAndUp } from '../helpers/tier-moves.js';

const DIGEST = 'C0DIGEST01';

// Shanghai. Week 48 is Mon 23 - Sun 29 November 2026, in the month of November.
const app = useTestApp({ env: { DIGEST_CHANNEL_ID: DIGEST }, now: '2026-11-16T02:00:00Z' });

describe('tier ups and downs count the customers the tier moves list', { timeout: 60_000 }, () => {
  test('the weekly digest: a customer moved up and back is neither counted nor listed; one that moved up is both', async () => {
    await upAndBackAndUp(app);
    await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
    const post = app.fake.postsTo(DIGEST)[0]!;
    const text = lines(post);
    expect(JSON.stringify(post.args.blocks)).toContain('Tier changes this week: 1 up, 0 down.');
    const heading = text.indexOf('*Tier moves in the week: 1 customer*');
    expect(heading).toBeGreaterThan(0);
    expect(text[heading + 1]).toMatch(/^\*Steady Climb\* \(C2026002\): Normal → Key$/);
    expect(text.join('\n')).not.toContain('Back and Forth');
  });

  test("the customers per tier are counted by their tier at the week's end: one made key on Monday 08:00, before the 09:00 digest, counts as normal in week 48 (and as the next week's move)", async () => {
    app.clock.set(local(16, '10:00'));
    const late = await makeCustomer(app, {
      name: 'Late Mover',
      firstContactDate: '2026-11-16',
      lifecycle: 'active',
    });
    app.clock.set(local(30, '08:00'));
    await app.desk.services.customers.recordOrder(await ctxOf(app, OWNER), late.code, {
      date: '2026-11-30',
      amount: 510_000,
      number: 'LM-1',
    });
    await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
    const text = JSON.stringify(app.fake.postsTo(DIGEST)[0]!.args.blocks);
    expect(text).toContain('strategic 0 · key 0 · normal 1. Tier changes this week: 0 up, 0 down.');
  });
});

describe(
  'a tier move at exactly local midnight counts in the period it opens',
  { timeout: 60_000 },
  () => {
    /** The view the app last opened or updated (the order modal replaces its "Loading…"). */
    const lastView = () =>
      app.fake.calls.filter((c) => ['views.open', 'views.update'].includes(c.method)).at(-1)!.args
        .view as Record<string, any>;

    /** An order recorded from the customer's card (its Order button and modal), as OWNER, now. */
    async function orderFromCard(code: string, date: string, amount: string) {
      await app.slack.blockAction(
        { action_id: 'customer_order_open', value: code, block_id: 'customer_actions' },
        { userId: OWNER },
      );
      const res = await app.slack.submitView(
        lastView(),
        { date, amount, number: `${code}-1` },
        { userId: OWNER },
      );
      expect(res.body).toBe('');
    }

    test('an order making a customer key at 00:00 on Monday 30 November is week 49 and November; one at 00:00 on 1 December is December, not November', async () => {
      app.clock.set(local(16, '10:00'));
      const monday = await makeCustomer(app, {
        name: 'Monday Midnight',
        firstContactDate: '2026-11-16',
      });
      const first = await makeCustomer(app, {
        name: 'First of December',
        firstContactDate: '2026-11-16',
      });

      // 00:00:00.000 on Monday 30 November in Shanghai: the first instant of week 49.
      app.clock.set(local(30, '00:00'));
      await orderFromCard(monday.code, '2026-11-30', '510000');
      const moved = await app.db.models.customerChanges
        .findOne({ customerId: monday.id, field: 'tier' })
        .lean();
      expect(moved).toMatchObject({ oldValue: 'normal', newValue: 'key', at: local(30, '00:00') });

      // Week 48's digest (Monday 09:00): the move is not its.
      await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
      const week48 = JSON.stringify(app.fake.postsTo(DIGEST)[0]!.args.blocks);
      expect(week48).toContain('Tier changes this week: 0 up, 0 down.');
      expect(week48).not.toContain('Monday Midnight');

      // 00:00:00.000 on Tuesday 1 December: the first instant of December.
      app.clock.set(new Date('2026-12-01T00:00:00+08:00'));
      await orderFromCard(first.code, '2026-12-01', '520000');

      // November's report: Monday Midnight moved in it (30 November), First of December did not.
      await runJobAt(app, monthlyReportJob, '2026-12-01T01:00:00Z');
      const november = lines(app.fake.postsTo(DIGEST)[0]!);
      const heading = november.indexOf('*Tier moves in the month: 1 customer*');
      expect(heading).toBeGreaterThan(0);
      expect(november[heading + 1]).toMatch(/^\*Monday Midnight\* \(C2026001\): Normal → Key$/);
      expect(november.join('\n')).not.toContain('First of December');

      // Week 49's digest: both moved in it, the one at its very first instant too.
      await runJobAt(app, digestJob, '2026-12-07T01:00:00Z');
      const week49 = lines(app.fake.postsTo(DIGEST)[0]!);
      expect(week49.join('\n')).toContain('Tier changes this week: 2 up, 0 down.');
      const moves = week49.indexOf('*Tier moves in the week: 2 customers*');
      expect(moves).toBeGreaterThan(0);
      expect(week49.slice(moves + 1, moves + 3)).toEqual([
        '*First of December* (C2026002): Normal → Key',
        '*Monday Midnight* (C2026001): Normal → Key',
      ]);
    });
  },
);
