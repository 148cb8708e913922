// Money amounts as users type them (revtiers F1, F2, F5): an amount finer than the fen is refused,
// never rounded over a tier line; a minus sign is told "above zero" (a refund is no order); the
// card says annual purchases were never recorded rather than 0. Through the real app and fake Slack.
import { describe, expect, test } from 'vitest';
import { importCustomers, importOrders } from '../../src/customer/csv.js';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

const FEN = 'Enter the amount to the fen: at most two decimals of yuan.';
const stored = (code: string) => app.db.models.customers.findOne({ code }).lean();

function lastModal(): Record<string, unknown> {
  const calls = app.fake.calls.filter(
    (c) => c.method === 'views.open' || c.method === 'views.update',
  );
  return calls.at(-1)!.args.view as Record<string, unknown>;
}

async function openCard(code: string, action: string) {
  await app.slack.blockAction(
    { action_id: action, value: code, block_id: 'customer_actions' },
    { userId: OWNER },
  );
  return lastModal();
}

describe('Record order', () => {
  test('499,999.995 is refused on the amount, not saved as 500,000: the customer stays normal', async () => {
    const c = await makeCustomer(app, { name: 'Fen Co', firstContactDate: '2026-01-05' });
    const res = await app.slack.submitView(
      await openCard(c.code, 'customer_order_open'),
      { amount: '499,999.995' },
      { userId: OWNER },
    );
    expect(res.body).toEqual({ response_action: 'errors', errors: { amount: FEN } });
    expect(await stored(c.code)).toMatchObject({ tier: 'normal' });
    expect(await app.db.models.orders.countDocuments({})).toBe(0);
  });

  test('0.004 is told the fen, not "above zero"; 0.01 and 12.3万 are taken', async () => {
    const c = await makeCustomer(app, { name: 'Small Co', firstContactDate: '2026-01-05' });
    const tiny = await app.slack.submitView(
      await openCard(c.code, 'customer_order_open'),
      { amount: '0.004' },
      { userId: OWNER },
    );
    expect(tiny.body).toEqual({ response_action: 'errors', errors: { amount: FEN } });
    for (const amount of ['0.01', '12.3万'])
      expect(
        (
          await app.slack.submitView(
            await openCard(c.code, 'customer_order_open'),
            { amount },
            { userId: OWNER },
          )
        ).body,
      ).toBe('');
    expect((await stored(c.code))!.annualRevenue).toBe(123_000.01);
  });

  test('a refund typed as -5000 is told the amount must be above zero, and that a refund is no order', async () => {
    const c = await makeCustomer(app, { name: 'Refund Co', firstContactDate: '2026-01-05' });
    const res = await app.slack.submitView(
      await openCard(c.code, 'customer_order_open'),
      { amount: '-5000' },
      { userId: OWNER },
    );
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        amount: 'Enter an amount above zero: a refund or return is not recorded as an order.',
      },
    });
    expect(await app.db.models.orders.countDocuments({})).toBe(0);
  });
});

describe('Edit customer', () => {
  test('annual purchases and budget finer than the fen, or negative, are refused inline; nothing saved', async () => {
    const c = await makeCustomer(app, { name: 'Edit Co', annualRevenue: 400_000 });
    const res = await app.slack.submitView(
      await openCard(c.code, 'customer_edit_open'),
      { annual_revenue: '49.9999995万', needs_budget: '-100' },
      { userId: OWNER },
    );
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        annual_revenue: FEN,
        needs_budget: 'Enter an amount of zero or more, without a minus sign.',
      },
    });
    expect(await stored(c.code)).toMatchObject({ annualRevenue: 400_000, tier: 'normal' });
  });
});

describe('CSV import', () => {
  test('an Annual revenue or Amount cell finer than the fen is refused by line; tiers unchanged', async () => {
    const c = await makeCustomer(app, { name: 'Sheet Co', annualRevenue: 400_000 });
    const d = await makeCustomer(app, { name: 'Order Co', firstContactDate: '2026-01-05' });
    const ctx = await ctxOf(app, OWNER, { origin: 'import' });
    const customers = await importCustomers(
      app.desk.services.customers,
      ctx,
      `Code,Annual revenue\n${c.code},499999.995\n`,
    );
    expect(customers.errors).toEqual([{ line: 2, reason: expect.stringContaining(FEN) }]);
    const orders = await importOrders(
      app.desk.services.customers,
      ctx,
      `Customer,Date,Amount\n${d.code},2026-11-01,1000\n${d.code},2026-11-02,499999.995\n`,
    );
    expect(orders.errors).toEqual([{ line: 3, reason: expect.stringContaining(FEN) }]);
    expect(await stored(c.code)).toMatchObject({ annualRevenue: 400_000, tier: 'normal' });
    expect(await stored(d.code)).toMatchObject({ annualRevenue: 1000, tier: 'normal' });
  });
});

describe('the card', () => {
  test('annual purchases never typed and no orders read "not recorded", the unit once when known', async () => {
    const none = await makeCustomer(app, { name: 'Unknown Co' });
    const known = await makeCustomer(app, { name: 'Known Co', annualRevenue: 350_000 });
    const card = async (code: string) =>
      JSON.stringify((await app.slack.command('/customer', code, { userId: OWNER })).body.blocks);
    const unknown = await card(none.code);
    expect(unknown).toContain('*Annual purchases*\\nnot recorded');
    expect(unknown).not.toContain('*Annual purchases*\\n0 CNY');
    expect(await card(known.code)).toContain('*Annual purchases*\\n350,000 CNY');
    expect(await card(known.code)).not.toContain('Annual purchases (CNY)');
  });
});
