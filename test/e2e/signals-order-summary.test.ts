// The daily signals run reads every customer's orders summarised (the earliest date and the
// last 6 months' orders, not the whole history): its stage and cooperation-start decisions are
// the ones the whole history gives, a stored start that is an older order's date included.
import { expect, test } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

test('a stored start that is an older order’s date follows the earliest; a typed one stays', async () => {
  const owner = await ctxOf(app, OWNER);
  const codes: string[] = [];
  for (const name of ['Older Start Co', 'Typed Start Co']) {
    const { code } = await makeCustomer(app, { name, lifecycle: 'stable' });
    let n = 0;
    for (const [date, amount] of [
      ['2024-01-10', 10_000],
      ['2025-03-01', 20_000],
      ['2026-10-01', 30_000],
      ['2026-11-02', 40_000],
    ] as const)
      await app.desk.services.customers.recordOrder(owner, code, {
        date,
        amount,
        number: `${code}-${++n}`,
      });
    codes.push(code);
  }
  const [older, typed] = codes as [string, string];
  // As a file fixed at an order recorded first kept it; as a person typed it.
  await app.db.models.customers.updateOne({ code: older }, { cooperationStartDate: '2025-03-01' });
  await app.db.models.customers.updateOne({ code: typed }, { cooperationStartDate: '2025-02-02' });
  await runJobAt(app, customerSignalsJob, '2026-11-24T01:00:00Z');
  const of = async (code: string) => (await app.db.models.customers.findOne({ code }).lean())!;
  expect((await of(older)).cooperationStartDate).toBe('2024-01-10');
  expect((await of(typed)).cooperationStartDate).toBe('2025-02-02');
  // The last 3 months (2 orders, 70,000) over the 3 before (none): growing, from the summary.
  expect((await of(older)).lifecycle).toBe('growing');
});
