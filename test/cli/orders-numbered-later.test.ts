// The team's orders sheet imported again after its order numbers (or a note) were filled in: a
// numbered row gives the one order on file of its customer, date and amount without a number
// that number (updated, not a second order: the annual purchases, so the tier, count it once),
// and the old sheet imported after that is that order too. A row that nothing tells apart from
// an order on file (another note; several without a number) is still added, said by line.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, test } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { loadToolConfig } from '../../src/config.js';
import { connectDatabase, type Database } from '../../src/db/connection.js';
import { createServices } from '../../src/services.js';
import { seedFromConfig } from '../../src/workspace/service.js';
import { childEnv } from '../helpers/child.js';
import { clearDatabase } from '../helpers/db.js';
import { toolArgs } from '../helpers/jobs.js';
import { captureLogs } from '../helpers/logs.js';
import { tempDir } from '../helpers/temp.js';

const TEAM = 'T0ORDNUM01';
const OPERATOR = 'U0OPERATOR';
const dbName = `orders_numbered_test_${process.pid}`;
const uri = `${inject('mongoUri').replace(/\/$/, '')}/${dbName}`;
let db: Database;
const env = childEnv({ MONGODB_URI: uri, ADMIN_USER_IDS: OPERATOR });

function importFile(option: '--file' | '--orders', content: string) {
  const file = join(tempDir('csv-'), 'f.csv');
  writeFileSync(file, content);
  const res = spawnSync(
    process.execPath,
    [...toolArgs('customers'), 'import', '--team', TEAM, '--as', OPERATOR, option, file],
    { env, encoding: 'utf8', timeout: 60_000 },
  );
  return { code: res.status, out: res.stdout, err: res.stderr };
}
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

beforeAll(async () => {
  db = await connectDatabase(inject('mongoUri'), dbName, captureLogs().log);
});
beforeEach(async () => {
  await clearDatabase(db);
  await createServices(db, seedFromConfig(loadToolConfig(env)), systemClock).workspaces.settings(
    TEAM,
  );
  importFile('--file', 'Name,Industry,Source,First contact\nAcme,Tools,referral,2026-03-01\n');
});
afterAll(async () => {
  await db.conn.dropDatabase();
  await db.close();
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
