// The quarterly tier review reads the moves to tell (tierMovesToTell), then writes their DMs. A
// customer erased in between (its erasure's scrub of the outbox before the DMs were in it) is
// told nothing: the DMs are written, then checked as the daily signals are
// (writtenUnlessErased), and taken back. The other moves are told.
import { expect, test, vi } from 'vitest';
import { tierReviewJob } from '../../jobs/tier-review.js';
import { CustomerService } from '../../src/customer/service.js';
import { useTestApp } from '../helpers/app.js';
import { scanStrings } from '../helpers/db.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-09-20T02:00:00Z' });

test('a customer erased after the tier review read its move: no DM names it, the other move is written', async () => {
  const ctx = await ctxOf(app, OWNER);
  const made: { id: string; code: string }[] = [];
  for (const name of ['Fading Giant Ltd', 'Other Fall Co']) {
    const c = await makeCustomer(app, { name, ownerId: OWNER });
    // An order 12 months and 5 days old at the review: the tier falls.
    await app.desk.services.customers.recordOrder(ctx, c.code, {
      date: '2025-09-26',
      amount: 600_000,
      number: `TF-${made.length}`,
    });
    made.push(c);
  }
  const moves = CustomerService.prototype.tierMovesToTell;
  let erased = false;
  const spy = vi
    .spyOn(CustomerService.prototype, 'tierMovesToTell')
    .mockImplementation(async function (
      this: CustomerService,
      ...args: Parameters<CustomerService['tierMovesToTell']>
    ) {
      const read = await moves.apply(this, args);
      if (!erased) {
        erased = true;
        await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), made[0]!.code);
      }
      return read;
    });
  try {
    // 1 October 2026 06:00 in Shanghai.
    const [run] = await runJobAt(app, tierReviewJob, '2026-09-30T22:00:00Z');
    expect(run!.error).toBeUndefined();
  } finally {
    spy.mockRestore();
  }
  await app.desk.outbox.drain();
  expect(erased).toBe(true);
  const dms = app.fake.postsTo(OWNER).map((c) => JSON.stringify(c.args));
  expect(dms.filter((d) => d.includes('Fading Giant'))).toEqual([]);
  expect(await scanStrings(app.db, ['Fading Giant'])).toEqual([]);
  // The other's DM waits for the first working day after the National Day holidays.
  const entries = await app.db.models.outbox.find({ key: /^signal:tier:/ }).lean();
  expect(entries.map((e) => e.key)).toEqual([`signal:tier:${made[1]!.id}:2026-10-01`]);
});
