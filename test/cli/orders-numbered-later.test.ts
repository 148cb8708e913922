// The team's orders sheet imported again after its order numbers (or a note) were filled in: a
// numbered row gives the one order on file of its customer, date and amount without a number
// that number (updated, not a second order: the annual purchases, so the tier, count it once),
// and the old sheet imported after that is that order too. A row that nothing tells apart from
// an order on file (another note; several without a number) is still added, said by line.
import { beforeEach, describe, expect, test } from 'vitest';
import { importWithTool, toolEnv, useToolDatabase } from '../helpers/tool-db.js';

const TEAM = 'T0ORDNUM01';
const OPERATOR = 'U0OPERATOR';
const dbName = `orders_numbered_test_${process.pid}`;
const env = toolEnv(dbName, { ADMIN_USER_IDS: OPERATOR });
const db = useToolDatabase(dbName, env, TEAM);

const importFile = (option: '--file' | '--orders', content: string) =>
  importWithTool({ env, team: TEAM, as: OPERATOR }, { [option]: content });
const orders = (content: string) =>
  importFile('--orders', `Customer,Date,Amount,Order number,Note\n${content}`);

/** Acme's orders (number, note) and its annual purchases. */
async function acme() {
  const customer = (await db.models.customers.findOne({ teamId: TEAM, name: 'Acme' }).lean())!;
  const list = await db.models.orders.find({ teamId: TEAM }).lean();
  return {
    // By number, then note (none first).
    orders: list
      .map((o) => ({
        number: o.dedupeKey.startsWith('no:') ? o.dedupeKey.slice(3) : null,
        note: o.note ?? null,
      }))
      .sort((x, y) =>
        `${x.number ?? ''} ${x.note ?? ''}`.localeCompare(`${y.number ?? ''} ${y.note ?? ''}`),
      ),
    revenue: customer.annualRevenue,
    code: customer.code,
  };
}

beforeEach(() => {
  importFile('--file', 'Name,Industry,Source,First contact\nAcme,Tools,referral,2026-03-01\n');
});

describe('orders numbered later', { timeout: 180_000 }, () => {
  test('a numbered row gives the order on file its number and note; the old sheet again is that order', async () => {
    expect(orders('Acme,2026-05-01,300000,,\n').out).toBe(
      'orders: 1 added, 0 already there, 0 skipped\n',
    );
    const numbered = orders('Acme,2026-05-01,300000,PO-1,first order\n');
    expect(numbered).toMatchObject({
      code: 0,
      out: 'orders: 0 added, 1 updated (on file without an order number: given theirs), 0 on file given their delivery date, 0 already there, 0 skipped\n',
    });
    // The old sheet, and the new one, imported again: the same order.
    expect(orders('Acme,2026-05-01,300000,,\n').out).toBe(
      'orders: 0 added, 1 already there, 0 skipped\n',
    );
    expect(orders('Acme,2026-05-01,300000,PO-1,first order\n').out).toBe(
      'orders: 0 added, 1 already there, 0 skipped\n',
    );
    expect(await acme()).toMatchObject({
      orders: [{ number: 'PO-1', note: 'first order' }],
      revenue: 300_000,
    });
  });

  test('a row without a number beside an order of the same customer, date and amount (another note) is added and said by line', async () => {
    orders('Acme,2026-05-01,300000,,\n');
    const noted = orders('Acme,2026-05-01,300000,,first order\n');
    const { code } = await acme();
    expect(noted).toMatchObject({
      code: 0,
      out: `orders: 1 added, 0 already there, 0 skipped\n  orders line 2: looks like the order of 2026-05-01 of ${code} on file (no order number): same customer, date and amount. Added as a second order; give them order numbers to tell them apart.\n`,
    });
    // Two of them without a number: a numbered row cannot tell which it is; added, said so.
    const numbered = orders('Acme,2026-05-01,300000,PO-1,\n');
    expect(numbered.out).toBe(
      `orders: 1 added, 0 already there, 0 skipped\n  orders line 2: 2 orders of 2026-05-01 of ${code} on file have this amount and no order number: none of them was given PO-1, it was added as another order. Give them order numbers to tell them apart.\n`,
    );
    expect(await acme()).toMatchObject({
      orders: [
        { number: null, note: null },
        { number: null, note: 'first order' },
        { number: 'PO-1', note: null },
      ],
      revenue: 900_000,
    });
  });
});
