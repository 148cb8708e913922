import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';

// Issue 15, defect 3 (second guard, mongoose's sanitizeFilter): an id that reaches a query as
// an object such as {"$gt": ""} (a payload the boundary failed to check) is compared as a
// value, never run as an operator. Compared with a string field it is refused (a CastError:
// not a string), so it matches nothing instead of every workspace's records.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });
const OPERATOR = { $gt: '' } as unknown as string;

describe('query operators from outside', () => {
  test('a team id {"$gt": ""} matches no customer of any workspace', async () => {
    const customer = await makeCustomer(app);
    const { customers } = app.desk.services;
    const ctx = { ...(await ctxOf(app, OWNER)), teamId: OPERATOR };
    const results = await Promise.allSettled([
      customers.suggest(ctx, 'Hua'),
      customers.all(ctx),
      customers.find(ctx, 'Hua'),
      customers.get(ctx, customer.code),
    ]);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect(String((result as PromiseRejectedResult).reason)).toMatch(
        /^CastError: Cast to string failed .* at path "teamId"/,
      );
    }
    // The same queries with the real team id still work (the guard breaks none of ours).
    const real = await ctxOf(app, OWNER);
    expect((await customers.suggest(real, 'Hua')).map((c) => c.code)).toEqual([customer.code]);
  });

  test('a customer code or ticket number {"$gt": ""} matches nothing', async () => {
    await makeCustomer(app);
    const ctx = await ctxOf(app, OWNER);
    const { models } = app.db;
    // Straight to the models, as a repository would pass a value it was handed.
    await expect(
      models.customers.findOne({ teamId: ctx.teamId, code: OPERATOR }).lean(),
    ).rejects.toThrow(/Cast to string failed/);
    await expect(
      models.tickets.findOne({ teamId: ctx.teamId, number: OPERATOR }).lean(),
    ).rejects.toThrow(/Cast to string failed/);
  });
});
