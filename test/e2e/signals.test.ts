import { Types } from 'mongoose';
import { beforeEach, describe, expect, test } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { tasksJob } from '../../jobs/tasks.js';
import { tierReviewJob } from '../../jobs/tier-review.js';
import type { ChangeRecord, NewCustomerPatch } from '../../src/customer/types.js';
import type { ChangeLogRepository } from '../../src/customer/activity-repository.js';
import { runDue } from '../../src/schedule/runner.js';
import { jobDepsOf } from '../../src/app.js';
import type { CustomerRepository } from '../../src/customer/repository.js';
import { captureLogs } from '../helpers/logs.js';
import { useTestApp } from '../helpers/app.js';
import { failCalls } from '../helpers/faults.js';
import { AGENT, ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { jobDeps, runJobAt } from '../helpers/jobs.js';
import { openHome, submitLastModal } from '../helpers/clicks.js';

const OTHER = 'U0OWNER002';
const MANAGER = 'U0MANAGER1';

// Tuesday 2026-11-24 in Shanghai; the signals run daily at 09:00 (01:00Z).
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

let seq = 0;
/** A customer whose file was created long ago (so it can be inactive), with `set` stored as is. */
async function customer(set: Record<string, unknown> = {}, patch: Partial<NewCustomerPatch> = {}) {
  const c = await makeCustomer(app, {
    name: `Customer ${++seq}`,
    firstContactDate: '2025-01-01',
    lifecycle: 'active',
    ...patch,
  });
  // The driver directly: mongoose keeps createdAt immutable.
  await app.db.models.customers.collection.updateOne(
    { _id: new Types.ObjectId(c.id) },
    {
      $set: {
        createdAt: new Date('2025-01-01T00:00:00Z'),
        lastInteractionAt: new Date('2026-11-01T02:00:00Z'),
        ...set,
      },
    },
  );
  return c.code;
}

const runAt = (iso: string, instances?: string[]) =>
  runJobAt(app, customerSignalsJob, iso, instances);

const dmText = (user: string) => app.fake.postsTo(user).map((c) => JSON.stringify(c.args.blocks));

/**
 * No signal left pending, and the daily runs of Monday 30 November and Tuesday 1 December (each
 * delivered) post nothing: what was told is not told again.
 */
async function nothingToldAgain() {
  expect(await app.db.models.outbox.countDocuments({ kind: 'signal', state: 'pending' })).toBe(0);
  for (const day of ['2026-11-30', '2026-12-01']) {
    await runAt(`${day}T01:00:00Z`);
    await app.desk.outbox.drain();
    expect(app.fake.calls.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
  }
}

describe('customer signals', () => {
  beforeEach(() => {
    seq = 0;
  });

  test('a contract ending within 30 days: told once per end date', async () => {
    const code = await customer({ contractEndDate: '2026-12-20' });
    await customer({ contractEndDate: '2026-12-25' }); // 31 days: not yet
    const [run] = await runAt('2026-11-24T01:00:00Z', ['a', 'b', 'c']);
    expect(run!.counts).toMatchObject({ contracts: 1, owners: 1 });
    expect(dmText(OWNER)).toHaveLength(1);
    expect(dmText(OWNER)[0]).toContain(
      `:date: The contract of *Customer 1* (${code}) ends on 2026-12-20 (in 26 days).`,
    );
    await runAt('2026-11-25T01:00:00Z');
    expect(dmText(OWNER)[0]).toContain('2026-12-25 (in 30 days)');
    expect(dmText(OWNER)[0]).not.toContain('2026-12-20');
    // Renewed to a new end date that is also near: told again, for that date.
    await app.db.models.customers.updateOne({ code }, { $set: { contractEndDate: '2026-12-22' } });
    await runAt('2026-11-26T01:00:00Z');
    expect(dmText(OWNER)).toHaveLength(1);
    expect(dmText(OWNER)[0]).toContain('ends on 2026-12-22 (in 26 days)');
  });

  test('found on a public holiday, a contract end and a churn risk wait for the start of the next working day, their days counted to it', async () => {
    await app.setSettings((s) => ({
      businessHours: { ...s.businessHours, holidays: ['2026-10-01', '2026-10-02'] },
    }));
    const contract = await customer({
      contractEndDate: '2026-10-31', // first within the notice window on the holiday
      lastInteractionAt: new Date('2026-09-20T02:00:00Z'),
    });
    const idle = await customer({ lastInteractionAt: new Date('2026-06-01T02:00:00Z') });
    // Thursday 1 October 09:00, a public holiday: found (the warning set), not told.
    const [run] = await runAt('2026-10-01T01:00:00Z');
    expect(run!.counts).toMatchObject({ contracts: 1, churnRisks: 1 });
    expect((await app.db.models.customers.findOne({ code: idle }).lean())!.lifecycle).toBe(
      'churn_warning',
    );
    expect(app.fake.postsTo(OWNER)).toEqual([]);
    // Friday is a holiday too, then the weekend: Monday 5 October 09:00.
    app.clock.set('2026-10-04T23:00:00Z');
    await app.desk.outbox.drain();
    expect(app.fake.postsTo(OWNER)).toEqual([]);
    app.clock.set('2026-10-05T01:00:00Z');
    await app.desk.outbox.drain();
    expect(dmText(OWNER)).toHaveLength(1);
    expect(dmText(OWNER)[0]).toContain(
      `The contract of *Customer 1* (${contract}) ends on 2026-10-31 (in 26 days).`,
    );
    expect(dmText(OWNER)[0]).toContain(
      `*Customer 2* (${idle}) may churn: no interaction or order for 126 days.`,
    );
  });

  test('held over a weekend, a signal no longer so when it goes is not told: a contract renewed, an idle customer back; one handed over goes to its new owner', async () => {
    const renewed = await customer({ contractEndDate: '2026-12-20' });
    const handed = await customer({ contractEndDate: '2026-12-21' });
    const back = await customer({ lastInteractionAt: new Date('2026-06-01T02:00:00Z') });
    const still = await customer({ contractEndDate: '2026-12-22' });
    // Saturday 28 November 09:00: found, held for Monday.
    const [run] = await runAt('2026-11-28T01:00:00Z');
    expect(run!.counts).toMatchObject({ contracts: 3, churnRisks: 1 });
    expect(app.fake.postsTo(OWNER)).toEqual([]);
    // Sunday: one renewed for a year, one given to another owner, the idle one called.
    app.clock.set('2026-11-29T03:00:00Z');
    await app.db.models.customers.updateOne(
      { code: renewed },
      { $set: { contractEndDate: '2027-12-20' } },
    );
    await app.db.models.customers.updateOne({ code: handed }, { $set: { ownerId: OTHER } });
    await app.db.models.customers.updateOne(
      { code: back },
      { $set: { lastInteractionAt: new Date('2026-11-29T03:00:00Z') } },
    );
    // Monday 09:00: only the one still so goes to the owner, the one handed over to its new
    // owner (at the worker's next pass); nothing stays owed.
    app.clock.set('2026-11-30T01:00:00Z');
    await app.desk.outbox.drain();
    await app.desk.outbox.drain();
    expect(dmText(OWNER)).toHaveLength(1);
    expect(dmText(OWNER)[0]).toContain(`(${still}) ends on 2026-12-22`);
    for (const code of [renewed, handed, back]) expect(dmText(OWNER)[0]).not.toContain(code);
    expect(dmText(OTHER)).toHaveLength(1);
    expect(dmText(OTHER)[0]).toContain(`(${handed}) ends on 2026-12-21`);
    expect(await app.db.models.outbox.countDocuments({ kind: 'signal', state: 'pending' })).toBe(0);
  });

  test("held over a weekend, a customer handed over meanwhile: its new owner is told once when it goes (its managers naming them), and the next days' runs do not tell it again", async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    // A key customer (its manager told too) handed to OTHER, one handed to that manager.
    const toOther = await customer({ contractEndDate: '2026-12-20', tier: 'key' });
    const toManager = await customer({ contractEndDate: '2026-12-21', tier: 'key' });
    // Saturday 28 November 09:00: found, held for Monday (the owner's and the manager's copies).
    const [run] = await runAt('2026-11-28T01:00:00Z');
    expect(run!.counts).toMatchObject({ contracts: 2 });
    expect(await app.db.models.outbox.countDocuments({ kind: 'signal', state: 'pending' })).toBe(4);
    // Sunday: a manager hands them over.
    app.clock.set('2026-11-29T03:00:00Z');
    const manager = await ctxOf(app, MANAGER);
    await app.desk.services.customers.update(manager, toOther, { ownerId: OTHER });
    await app.desk.services.customers.update(manager, toManager, { ownerId: MANAGER });
    // Monday 09:00 (passed on at the worker's next pass).
    app.clock.set('2026-11-30T01:00:00Z');
    await app.desk.outbox.drain();
    await app.desk.outbox.drain();
    expect(app.fake.postsTo(OWNER)).toEqual([]);
    expect(dmText(OTHER)).toHaveLength(1);
    expect(dmText(OTHER)[0]).toContain(`(${toOther}) ends on 2026-12-20 (in 20 days).`);
    expect(dmText(OTHER)[0]).not.toContain('A key customer of');
    // The manager: told each once, the one now theirs as its owner.
    const told = dmText(MANAGER).join();
    expect(told).toContain(
      `(${toOther}) ends on 2026-12-20 (in 20 days). _A key customer of <@${OTHER}>._`,
    );
    expect(told).toContain(`(${toManager}) ends on 2026-12-21 (in 21 days).`);
    expect(told).not.toContain(`(${toManager}) ends on 2026-12-21 (in 21 days). _A key`);
    for (const code of [toOther, toManager]) expect(told.split(`(${code})`)).toHaveLength(2);
    // The daily runs of Monday and Tuesday: nothing told again.
    await nothingToldAgain();
  });

  test("held over a weekend, a key customer handed to an owner with another manager: that manager is told once, naming the new owner; the former owner's manager is not; a normal customer's signal reaches no manager", async () => {
    const NEW_MANAGER = 'U0MANAGER2';
    await app.setSettings(() => ({
      managers: [MANAGER, NEW_MANAGER],
      managerLinks: [
        { managerId: MANAGER, manages: [OWNER] },
        { managerId: NEW_MANAGER, manages: [OTHER] },
      ],
    }));
    const key = await customer({ contractEndDate: '2026-12-20' }, { annualRevenue: 600_000 });
    const normal = await customer({ contractEndDate: '2026-12-21' });
    // Saturday 28 November 09:00: found, held for Monday (the owner's and MANAGER's copies).
    await runAt('2026-11-28T01:00:00Z');
    expect(await app.db.models.outbox.countDocuments({ kind: 'signal', state: 'pending' })).toBe(3);
    // Sunday: both handed to OTHER, whom NEW_MANAGER alone manages.
    app.clock.set('2026-11-29T03:00:00Z');
    const manager = await ctxOf(app, MANAGER);
    for (const code of [key, normal])
      await app.desk.services.customers.update(manager, code, { ownerId: OTHER });
    // Monday 09:00 (passed on at the worker's next pass; a delivery again writes nothing new).
    app.clock.set('2026-11-30T01:00:00Z');
    for (let i = 0; i < 3; i++) await app.desk.outbox.drain();
    expect(app.fake.postsTo(OWNER)).toEqual([]);
    expect(app.fake.postsTo(MANAGER)).toEqual([]);
    expect(dmText(OTHER).join()).toContain(`(${key}) ends on 2026-12-20 (in 20 days).`);
    expect(dmText(OTHER).join()).toContain(`(${normal}) ends on 2026-12-21 (in 21 days).`);
    expect(dmText(NEW_MANAGER)).toHaveLength(1);
    expect(dmText(NEW_MANAGER)[0]).toContain(
      `(${key}) ends on 2026-12-20 (in 20 days). _A key customer of <@${OTHER}>._`,
    );
    expect(dmText(NEW_MANAGER)[0]).not.toContain(`(${normal})`);
    // The daily runs of Monday and Tuesday: nothing told again.
    await nothingToldAgain();
  });

  test('held over a weekend, signals of customers handed to someone go in one DM with their own, however many former owners they come from; a pass again sends nothing', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    // AGENT's own key customer (written first: its DM is the first delivered), then two of
    // OWNER's (one key) and one of OTHER's, all handed to AGENT on Sunday.
    const own = await customer(
      { contractEndDate: '2026-12-20' },
      { ownerId: AGENT, annualRevenue: 600_000 },
    );
    const ownerKey = await customer({ contractEndDate: '2026-12-21' }, { annualRevenue: 600_000 });
    const ownerNormal = await customer({ contractEndDate: '2026-12-22' });
    const otherNormal = await customer({ contractEndDate: '2026-12-23' }, { ownerId: OTHER });
    await runAt('2026-11-28T01:00:00Z');
    app.clock.set('2026-11-29T03:00:00Z');
    const manager = await ctxOf(app, MANAGER);
    for (const code of [ownerKey, ownerNormal, otherNormal])
      await app.desk.services.customers.update(manager, code, { ownerId: AGENT });
    // Monday 09:00: AGENT one DM of all four, the manager one DM of the two key customers.
    app.clock.set('2026-11-30T01:00:00Z');
    for (let i = 0; i < 3; i++) await app.desk.outbox.drain();
    expect(app.fake.postsTo(OWNER)).toEqual([]);
    expect(app.fake.postsTo(OTHER)).toEqual([]);
    expect(dmText(AGENT)).toHaveLength(1);
    expect(dmText(AGENT)[0]).toContain('Customer signals for you today (4)');
    for (const code of [own, ownerKey, ownerNormal, otherNormal])
      expect(dmText(AGENT)[0]!.split(`(${code}) ends on`)).toHaveLength(2);
    expect(dmText(MANAGER)).toHaveLength(1);
    expect(dmText(MANAGER)[0]).toContain('Customer signals for you today (2)');
    for (const [code, day] of [
      [own, '20'],
      [ownerKey, '21'],
    ])
      expect(dmText(MANAGER)[0]).toContain(
        `(${code}) ends on 2026-12-${day} (in ${day} days). _A key customer of <@${AGENT}>._`,
      );
    expect(await app.db.models.outbox.countDocuments({ kind: 'signal', state: 'pending' })).toBe(0);
  });

  test('a held contract DM that goes later than due says the days left as of the day it goes', async () => {
    const code = await customer({ contractEndDate: '2026-12-20' });
    await runAt('2026-11-28T01:00:00Z');
    // Monday's delivery did not happen: it goes on Tuesday 1 December.
    app.clock.set('2026-12-01T01:00:00Z');
    await app.desk.outbox.drain();
    expect(dmText(OWNER)).toHaveLength(1);
    expect(dmText(OWNER)[0]).toContain(`(${code}) ends on 2026-12-20 (in 19 days).`);
  });

  test('a held contract DM that goes after the end says it ended, on which day: the daily run tells of none ended', async () => {
    // Saturday 28 November: ends Wednesday 2 December, told on Monday.
    const code = await customer({ contractEndDate: '2026-12-02' });
    await runAt('2026-11-28T01:00:00Z');
    // The desk down from Monday to Thursday 3 December: back up, its daily run finds no contract
    // (ended), and the held DM goes.
    const [run] = await runAt('2026-12-03T01:00:00Z');
    expect(run!.counts).toMatchObject({ contracts: 0 });
    expect(dmText(OWNER)).toHaveLength(1);
    expect(dmText(OWNER)[0]).toContain(
      `(${code}) ended on 2026-12-02 (1 day ago); it could not be told in time.`,
    );
    expect(dmText(OWNER)[0]).toContain(':date: Belated: the contract of');
    expect(dmText(OWNER)[0]).not.toContain('ends on');
  });

  test("a held idle churn DM is not told after a call logged since, dated the day it was found (stored at that day's start), also one stored before it kept its days' start", async () => {
    const code = await customer({ lastInteractionAt: new Date('2026-06-01T02:00:00Z') });
    // Saturday 28 November 09:00: found, held for Monday.
    const [run] = await runAt('2026-11-28T01:00:00Z');
    expect(run!.counts).toMatchObject({ churnRisks: 1 });
    // As written before the signal kept its last activity (63f6de67).
    await app.db.models.outbox.collection.updateMany(
      { kind: 'signal' },
      { $unset: { 'data.signal.since': '' } },
    );
    // Monday 08:30: Saturday afternoon's call logged, dated Saturday.
    app.clock.set('2026-11-30T00:30:00Z');
    await app.desk.services.customers.logInteraction(await ctxOf(app, OWNER), code, {
      type: 'call',
      date: '2026-11-28',
      summary: 'Called back, all fine',
    } as never);
    app.clock.set('2026-11-30T01:00:00Z');
    await app.desk.outbox.drain();
    expect(dmText(OWNER).join()).not.toContain(code);
    expect(await app.db.models.outbox.countDocuments({ kind: 'signal', state: 'pending' })).toBe(0);
  });

  test("a churned customer's contract end is no signal: not told, not on its owner's Home, and one found before it churned is not told when it goes", async () => {
    const gone = await customer({ contractEndDate: '2026-12-10', lifecycle: 'churned' });
    const churning = await customer({ contractEndDate: '2026-12-11' });
    const still = await customer({ contractEndDate: '2026-12-12' });
    // Saturday 28 November 09:00: two found, held for Monday.
    const [run] = await runAt('2026-11-28T01:00:00Z');
    expect(run!.counts).toMatchObject({ contracts: 2 });
    // Sunday: the team writes the second off.
    app.clock.set('2026-11-29T03:00:00Z');
    await app.db.models.customers.updateOne({ code: churning }, { $set: { lifecycle: 'churned' } });
    // Monday 09:00: only the one still a customer is told.
    app.clock.set('2026-11-30T01:00:00Z');
    await app.desk.outbox.drain();
    expect(dmText(OWNER)).toHaveLength(1);
    expect(dmText(OWNER)[0]).toContain(`(${still}) ends on 2026-12-12`);
    for (const code of [gone, churning]) expect(dmText(OWNER)[0]).not.toContain(code);
    expect(await app.db.models.outbox.countDocuments({ kind: 'signal', state: 'pending' })).toBe(0);
    // The owner's Home lists the one still a customer, not the churned ones.
    const home = await openHome(app, OWNER);
    expect(home).toContain('*Your customers with signals* (1)');
    expect(home).toContain(`(${still}) · contract ends 2026-12-12`);
    for (const code of [gone, churning]) expect(home).not.toContain(`(${code})`);
  });

  test('App Home names a contract end only within the notice days: a customer listed for its churn warning whose contract ends next year says nothing of it', async () => {
    const warned = await customer({ contractEndDate: '2027-06-30', lifecycle: 'churn_warning' });
    const near = await customer({ contractEndDate: '2026-12-24', lifecycle: 'churn_warning' });
    const home = await openHome(app, OWNER);
    expect(home).toContain('*Your customers with signals* (2)');
    expect(home).toContain(`(${warned}) · churn risk\\n`);
    expect(home).not.toContain('2027-06-30');
    // 30 days on (the notice days): named.
    expect(home).toContain(`(${near}) · churn risk · contract ends 2026-12-24"`);
  });

  test('a held churn DM says the days idle as of the day it goes, and is not told when an order came meanwhile', async () => {
    const idle = await customer({ lastInteractionAt: new Date('2026-06-01T02:00:00Z') });
    const ordered = await customer({ lastInteractionAt: new Date('2026-06-01T02:00:00Z') });
    // Saturday 28 November 09:00: both found (180 days idle), held for Monday.
    const [run] = await runAt('2026-11-28T01:00:00Z');
    expect(run!.counts).toMatchObject({ churnRisks: 2 });
    // Sunday: the second orders.
    app.clock.set('2026-11-29T03:00:00Z');
    await app.desk.services.customers.recordOrder(await ctxOf(app, OWNER), ordered, {
      date: '2026-11-29',
      amount: 20_000,
    });
    // The DM goes on Tuesday 1 December (Monday's delivery did not happen): 183 days.
    app.clock.set('2026-12-01T01:00:00Z');
    await app.desk.outbox.drain();
    expect(dmText(OWNER)).toHaveLength(1);
    expect(dmText(OWNER)[0]).toContain(
      `(${idle}) may churn: no interaction or order for 183 days.`,
    );
    expect(dmText(OWNER)[0]).not.toContain(ordered);
    expect(await app.db.models.outbox.countDocuments({ kind: 'signal', state: 'pending' })).toBe(0);
  });

  test('a contract that ends before the next working day is told at once, on the day off', async () => {
    // Saturday 28 November: it ends on Sunday.
    const code = await customer({ contractEndDate: '2026-11-29' });
    await runAt('2026-11-28T01:00:00Z');
    expect(dmText(OWNER)[0]).toContain(`(${code}) ends on 2026-11-29 (in 1 day).`);
  });

  test('birthdays: on the day, unless the contact opted out of greetings', async () => {
    await customer({}, { contact: { name: 'Li Wei', birthday: '1980-11-24' } });
    await customer(
      {},
      { contact: { name: 'Wang Fang', birthday: '11-24', optOuts: ['no holiday greetings'] } },
    );
    await customer({}, { contact: { name: 'Zhao Lei', birthday: '11-25' } });
    const [run] = await runAt('2026-11-24T01:00:00Z');
    expect(run!.counts).toMatchObject({ birthdays: 1 });
    expect(dmText(OWNER)[0]).toContain(':birthday: Today is the birthday of Li Wei (*Customer 1*');
    expect(dmText(OWNER)[0]).not.toContain('Wang Fang');
    await runAt('2026-11-24T05:00:00Z', ['b']); // the same day again: nothing
    expect(dmText(OWNER)).toEqual([]);
  });

  test('a birthday on a Sunday is told on the Friday before, with its date, and nothing at the weekend; none for a churned customer', async () => {
    await customer({}, { contact: { name: 'Sun Li', birthday: '11-29' } }); // Sunday
    await customer(
      { lifecycle: 'churned' },
      { contact: { name: 'Gone Wu', birthday: '11-27' } }, // Friday, but churned
    );
    const [friday] = await runAt('2026-11-27T01:00:00Z');
    expect(friday!.counts).toMatchObject({ birthdays: 1 });
    expect(dmText(OWNER).join()).toContain(
      ':birthday: 2026-11-29 is the birthday of Sun Li (*Customer 1*',
    );
    expect(dmText(OWNER).join()).not.toContain('Gone Wu');
    for (const day of ['2026-11-28T01:00:00Z', '2026-11-29T01:00:00Z']) {
      await runAt(day);
      expect(dmText(OWNER)).toEqual([]);
    }
  });

  test('a birthday whose Friday run was missed (the desk was down) is told late on Monday, once; none for a file recorded after the birthday', async () => {
    await customer({}, { contact: { name: 'Sun Li', birthday: '11-29' } }); // Sunday
    await customer({}, { contact: { name: 'Old Qian', birthday: '11-20' } }); // over a week ago
    // Recorded on Sunday 29 November, with a birthday the day before.
    await customer(
      { createdAt: new Date('2026-11-29T04:00:00Z') },
      { contact: { name: 'New Zhou', birthday: '11-28' } },
    );
    // No run on Friday 27 November; Monday's run is the first after it.
    const [monday] = await runAt('2026-11-30T01:00:00Z');
    expect(monday!.counts).toMatchObject({ birthdays: 1 });
    const told = dmText(OWNER).join();
    expect(told).toContain(
      ':birthday: Belated: 2026-11-29 was the birthday of Sun Li (*Customer 1*',
    );
    expect(told).not.toContain('Old Qian');
    expect(told).not.toContain('New Zhou');
    await runAt('2026-12-01T01:00:00Z');
    expect(dmText(OWNER)).toEqual([]);
  });

  test("a customer whose check failed (the database failing then) is checked again by the run's retry: the birthday is told that day, once", async () => {
    await customer({}, { contact: { name: 'Li Wei', birthday: '11-24' } });
    await customer({}, { contact: { name: 'Zhao Lei', birthday: '11-24' } });
    const customers = app.desk.services.customers;
    const restore = failCalls(customers, 'hasSignal');
    try {
      const [first] = await runAt('2026-11-24T01:00:00Z');
      expect(first!.error).toMatch(/1 of the customers' checks failed/);
      expect(dmText(OWNER).join()).toContain('Zhao Lei');
      const [retry] = await runAt('2026-11-24T01:30:00Z');
      expect(retry!.ran).toBe(true);
      const told = dmText(OWNER).join();
      expect(told).toContain('Li Wei');
      expect(told).not.toContain('Zhao Lei');
    } finally {
      restore();
    }
  });

  test("a key customer's contract end and churn warning reach the managers too, once each across instances and reruns; a normal customer's only its owner", async () => {
    const MANAGER = 'U0MANAGER1';
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const ending = await customer({ tier: 'strategic', contractEndDate: '2026-12-20' });
    const idle = await customer({
      tier: 'key',
      lastInteractionAt: new Date('2026-08-20T02:00:00Z'),
      lastOrderDate: '2026-08-25',
    });
    await customer({ tier: 'normal', contractEndDate: '2026-12-20' });
    await runAt('2026-11-24T01:00:00Z', ['a', 'b', 'c']);
    const toManager = dmText(MANAGER);
    expect(toManager).toHaveLength(1);
    expect(toManager[0]).toContain(
      `:date: The contract of *Customer 1* (${ending}) ends on 2026-12-20 (in 26 days). _A key customer of <@${OWNER}>._`,
    );
    expect(toManager[0]).toContain(
      `*Customer 2* (${idle}) may churn: no interaction or order for 91 days.`,
    );
    expect(toManager[0]).not.toContain('Customer 3');
    // The owner's own DM is as before: three lines, not told it is their own.
    expect(dmText(OWNER).join()).toContain('*Customer 3*');
    expect(dmText(OWNER).join()).not.toContain('A key customer of');
    // A run that died after writing to the outbox, before recording: the next run tells again,
    // under the same keys, so nobody gets a second DM.
    await app.db.models.customerSignals.deleteMany({});
    await runAt('2026-11-24T03:00:00Z', ['b']);
    expect(dmText(MANAGER)).toEqual([]);
    expect(dmText(OWNER)).toEqual([]);
  });

  test('churn risk: lifecycle to churn warning, the owner told, a win-back task, once', async () => {
    const idle = await customer({
      lastInteractionAt: new Date('2026-08-20T02:00:00Z'),
      lastOrderDate: '2026-08-25',
    }); // 91 days since the last order
    const rival = await customer({}, { competitorContact: true });
    const fine = await customer({ lastOrderDate: '2026-09-01' }); // 84 days
    const [run] = await runAt('2026-11-24T01:00:00Z');
    expect(run!.counts).toMatchObject({ churnRisks: 2, owners: 1 });
    const text = dmText(OWNER)[0]!;
    expect(text).toContain(
      `*Customer 1* (${idle}) may churn: no interaction or order for 91 days.`,
    );
    expect(text).toContain(`*Customer 2* (${rival}) may churn: a competitor contact is on record.`);
    const lifecycles = await app.db.models.customers.find({}).sort({ code: 1 }).lean();
    expect(lifecycles.map((c) => [c.code, c.lifecycle])).toEqual([
      [idle, 'churn_warning'],
      [rival, 'churn_warning'],
      [fine, 'stable'], // 'active' from before the stages: stable
    ]);
    const change = await app.db.models.customerChanges.findOne({ field: 'lifecycle' }).lean();
    expect(change).toMatchObject({ oldValue: 'active', newValue: 'churn_warning', source: 'job' });
    const winBacks = await app.db.models.tasks
      .find({ kind: 'winback' })
      .sort({ customerCode: 1 })
      .lean();
    expect(winBacks.map((t) => [t.customerCode, t.dueDate, t.assigneeId])).toEqual([
      [idle, '2026-12-01', OWNER],
      [rival, '2026-12-01', OWNER],
    ]);
    await runAt('2026-11-25T01:00:00Z');
    expect(dmText(OWNER)).toEqual([]);
    expect(await app.db.models.tasks.countDocuments({ kind: 'winback' })).toBe(2);
  });

  test('a competitor contact on file is one risk however often the customer is called meanwhile; cleared and put on file again, it is a new one', async () => {
    const rival = await customer({}, { competitorContact: true });
    await runAt('2026-11-24T01:00:00Z');
    expect(dmText(OWNER)).toHaveLength(1);
    // The owner calls on the 24th and the 25th (the win-back call among them): no new warning.
    const owner = await ctxOf(app, OWNER);
    for (const date of ['2026-11-24', '2026-11-25']) {
      await app.desk.services.customers.logInteraction(owner, rival, {
        type: 'call',
        date,
        summary: 'Talked prices',
      });
      app.fake.reset();
      await runAt(`${date.slice(0, 8)}${Number(date.slice(8)) + 1}T01:00:00Z`);
      expect(dmText(OWNER)).toEqual([]);
    }
    expect(await app.db.models.tasks.countDocuments({ kind: 'winback' })).toBe(1);
    // The flag cleared on the 26th, then put on file again on 1 December: a new risk.
    app.clock.set('2026-11-26T03:00:00Z');
    await app.desk.services.customers.update(await ctxOf(app, OWNER), rival, {
      competitorContact: false,
    });
    app.clock.set('2026-12-01T03:00:00Z');
    await app.desk.services.customers.update(await ctxOf(app, OWNER), rival, {
      competitorContact: true,
    });
    app.fake.reset();
    await runAt('2026-12-02T01:00:00Z');
    expect(dmText(OWNER).join()).toContain('may churn: a competitor contact is on record');
    // The first risk's win-back call, still open (no run lifted it), covers this one.
    expect(await app.db.models.tasks.countDocuments({ kind: 'winback' })).toBe(1);
  });

  test('one open win-back call per customer: a new risk while one is open plans none, even planners racing on two episodes; once it is done, a new risk plans the next, once', async () => {
    const rival = await customer({}, { competitorContact: true });
    await runAt('2026-11-24T01:00:00Z');
    const winBacks = () =>
      app.db.models.tasks.find({ kind: 'winback' }).sort({ createdAt: 1, _id: 1 }).lean();
    expect((await winBacks()).map((t) => [t.status, t.dueDate])).toEqual([['open', '2026-12-01']]);
    // The flag cleared and put on file again before any run lifted the warning: a new episode,
    // told, but the open call covers it.
    const owner = await ctxOf(app, OWNER);
    app.clock.set('2026-11-25T03:00:00Z');
    await app.desk.services.customers.update(owner, rival, { competitorContact: false });
    app.clock.set('2026-11-26T03:00:00Z');
    await app.desk.services.customers.update(owner, rival, { competitorContact: true });
    app.fake.reset();
    const [run] = await runAt('2026-11-27T01:00:00Z');
    expect(run!.counts).toMatchObject({ churnRisks: 1 });
    expect((await winBacks()).map((t) => t.status)).toEqual(['open']);

    // Two planners racing for another customer, each on its own episode: one call.
    const other = await app.desk.services.customers.get(
      owner,
      await customer({ lifecycle: 'churn_warning' }),
    );
    const tasks = app.desk.services.tasks;
    const planned = await Promise.all([
      tasks.planWinBack(owner, other, 'inactive:2026-08-01'),
      tasks.planWinBack(owner, other, 'competitor:2026-11-20'),
    ]);
    expect(planned.filter(Boolean)).toHaveLength(1);
    expect(
      await app.db.models.tasks.countDocuments({ kind: 'winback', customerId: other.id }),
    ).toBe(1);

    // The rival's call done on the 30th: a later risk plans the next call, once; its own
    // episode is not planned again.
    const first = (await winBacks())[0]!;
    app.clock.set('2026-11-30T03:00:00Z');
    await tasks.complete(await ctxOf(app, OWNER), String(first._id), () => ({
      interactionType: 'call',
      summary: 'They compare offers',
      churnReason: 'price',
    }));
    const record = await app.desk.services.customers.get(owner, rival);
    const episode = first.episode!;
    expect(await tasks.planWinBack(owner, record, episode)).toBe(false);
    expect(await tasks.planWinBack(owner, record, 'falling:2026-11-30')).toBe(true);
    expect(await tasks.planWinBack(owner, record, 'falling:2026-11-30')).toBe(false);
    expect(
      (await winBacks())
        .filter((t) => t.customerId === record.id)
        .map((t) => [t.status, t.episode]),
    ).toEqual([
      ['done', episode],
      ['open', 'falling:2026-11-30'],
    ]);
  });

  test("a lifted churn risk cancels the open win-back call: no reminder, Done says why; a churned customer's stays", async () => {
    const idle = await customer({
      lastInteractionAt: new Date('2026-08-20T02:00:00Z'),
      lastOrderDate: '2026-08-25',
    });
    const gone = await customer({
      lastInteractionAt: new Date('2026-08-20T02:00:00Z'),
      lastOrderDate: '2026-08-25',
    });
    await runAt('2026-11-24T01:00:00Z');
    const winBack = async (code: string) =>
      (await app.db.models.tasks.findOne({ kind: 'winback', customerCode: code }).lean())!;
    expect((await winBack(idle)).dueDate).toBe('2026-12-01');

    // The 25th: the owner calls the one and it orders; the other is set churned.
    app.clock.set('2026-11-25T06:00:00Z');
    const owner = await ctxOf(app, OWNER);
    await app.desk.services.customers.logInteraction(owner, idle, {
      type: 'call',
      date: '2026-11-25',
      summary: 'They order again',
    });
    await app.desk.services.customers.recordOrder(owner, idle, {
      date: '2026-11-25',
      amount: 50_000,
      number: 'SO-LIFT',
    });
    await app.desk.services.customers.update(owner, gone, { lifecycle: 'churned' });

    // The 26th: the warning is lifted and the win-back call goes with it; the churned one's stays.
    const [run] = await runAt('2026-11-26T01:00:00Z');
    expect(run!.counts).toMatchObject({ winBacksCancelled: 1 });
    expect(await app.db.models.customers.findOne({ code: idle }).lean()).toMatchObject({
      lifecycle: 'new',
    });
    expect(await winBack(idle)).toMatchObject({ status: 'cancelled', cancelReason: 'risk_lifted' });
    expect(await winBack(gone)).toMatchObject({ status: 'open' });

    // Its due day: only the churned customer's win-back call is reminded.
    await runJobAt(app, tasksJob, '2026-12-01T01:00:00Z');
    const reminded = JSON.stringify(app.fake.postsTo(OWNER).map((m) => m.args.blocks));
    expect(reminded).toContain(String((await winBack(gone))._id));
    expect(reminded).not.toContain(String((await winBack(idle))._id));
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String((await winBack(idle))._id) },
      { userId: OWNER },
    );
    expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
      'This task was cancelled: the churn risk was lifted, so the win-back call is no longer needed.',
    );
  });

  test('Done on a win-back call can say the customer is not leaving: no churn reason is made up on the customer', async () => {
    const rival = await customer({}, { competitorContact: true });
    await runAt('2026-11-24T01:00:00Z');
    const task = (await app.db.models.tasks.findOne({ kind: 'winback' }).lean())!;
    app.clock.set('2026-11-25T02:00:00Z');
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String(task._id) },
      { userId: OWNER },
    );
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
    expect(JSON.stringify(view)).toContain('Not leaving: they stay');
    await submitLastModal(
      app,
      {
        type: 'call',
        summary: 'The rival quote was a one-off; they stay',
        churn_reason: 'staying',
      },
      OWNER,
    );
    const done = (await app.db.models.tasks.findById(task._id).lean())!;
    expect(done).toMatchObject({ status: 'done', outcome: { staying: true } });
    expect(done.outcome).not.toHaveProperty('churnReason');
    const file = (await app.db.models.customers.findOne({ code: rival }).lean())!;
    expect(file.churnReason).toBeUndefined();
    expect(await app.db.models.customerChanges.countDocuments({ field: 'churnReason' })).toBe(0);
  });

  test('Not leaving on a later win-back call clears the churn reason an earlier call recorded on the customer, logged; the calls keep their answers', async () => {
    const rival = await customer({}, { competitorContact: true });
    await runAt('2026-11-24T01:00:00Z');
    /** Done on the customer's open win-back call, through its modal. */
    const done = async (answer: Record<string, string>) => {
      const task = (await app.db.models.tasks.findOne({ kind: 'winback', status: 'open' }).lean())!;
      await app.slack.blockAction(
        { action_id: 'task_done_open', value: String(task._id) },
        { userId: OWNER },
      );
      await submitLastModal(app, { type: 'call', ...answer }, OWNER);
      return task._id;
    };
    app.clock.set('2026-11-25T02:00:00Z');
    const first = await done({ summary: 'A rival is cheaper', churn_reason: 'price' });
    const file = async () => (await app.db.models.customers.findOne({ code: rival }).lean())!;
    expect((await file()).churnReason).toBe('price');

    // A later risk's call finds they stay: the reason recorded before no longer holds.
    const owner = await ctxOf(app, OWNER);
    const record = await app.desk.services.customers.get(owner, rival);
    expect(await app.desk.services.tasks.planWinBack(owner, record, 'competitor:2026-12-01')).toBe(
      true,
    );
    app.clock.set('2026-12-02T02:00:00Z');
    const second = await done({
      summary: 'They matched the offer; they stay',
      churn_reason: 'staying',
    });
    expect((await file()).churnReason).toBeUndefined();
    const logged = await app.db.models.customerChanges
      .find({ field: 'churnReason' })
      .sort({ at: 1 })
      .lean();
    expect(logged.map((c) => [c.oldValue ?? null, c.newValue ?? null, c.by])).toEqual([
      [null, 'price', OWNER],
      ['price', null, OWNER],
    ]);
    expect(await app.db.models.tasks.findById(first).lean()).toMatchObject({
      outcome: { churnReason: 'price' },
    });
    expect(await app.db.models.tasks.findById(second).lean()).toMatchObject({
      outcome: { staying: true },
    });
  });

  test('Not leaving on a win-back call about a competitor contact clears the flag, logged, even done by a colleague it was handed to; the warning lifts, and the flag put on file again is a new risk', async () => {
    const rival = await customer({}, { competitorContact: true });
    await runAt('2026-11-24T01:00:00Z');
    const task = (await app.db.models.tasks.findOne({ kind: 'winback' }).lean())!;
    // The owner hands the call to a colleague, who may not edit the customer's commercial fields.
    const owner = await ctxOf(app, OWNER);
    await app.desk.services.tasks.edit(owner, String(task._id), { assigneeId: AGENT });
    app.clock.set('2026-11-25T02:00:00Z');
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String(task._id) },
      { userId: AGENT },
    );
    await submitLastModal(
      app,
      { type: 'call', summary: 'They looked at a rival; they stay', churn_reason: 'staying' },
      AGENT,
    );
    expect(await app.db.models.tasks.findById(task._id).lean()).toMatchObject({ status: 'done' });
    const file = async () => (await app.db.models.customers.findOne({ code: rival }).lean())!;
    expect((await file()).competitorContact).toBe(false);
    const logged = await app.db.models.customerChanges.find({ field: 'competitorContact' }).lean();
    expect(logged.map((c) => [c.oldValue, c.newValue, c.by])).toEqual([[true, false, AGENT]]);

    // The next run: the warning is lifted, nothing told, no new call.
    app.fake.reset();
    await runAt('2026-11-26T01:00:00Z');
    expect((await file()).lifecycle).not.toBe('churn_warning');
    expect(dmText(OWNER)).toEqual([]);
    expect(await app.db.models.tasks.countDocuments({ kind: 'winback' })).toBe(1);

    // A competitor contact put on file again: a new risk, told, with a new win-back call.
    app.clock.set('2026-12-01T03:00:00Z');
    await app.desk.services.customers.update(await ctxOf(app, OWNER), rival, {
      competitorContact: true,
    });
    await runAt('2026-12-02T01:00:00Z');
    expect(dmText(OWNER).join()).toContain('may churn: a competitor contact is on record');
    expect((await file()).lifecycle).toBe('churn_warning');
    expect(
      (await app.db.models.tasks.find({ kind: 'winback' }).sort({ createdAt: 1 }).lean()).map(
        (t) => t.status,
      ),
    ).toEqual(['done', 'open']);
  });

  test('upsell: 30 % more orders over 3 months, at least 3, at most once a quarter', async () => {
    const growing = await customer({
      ordersByMonth: {
        '2026-05': 2,
        '2026-06': 2,
        '2026-07': 2,
        '2026-08': 3,
        '2026-09': 3,
        '2026-10': 3,
        '2026-11': 9,
      },
    }); // 9 in Aug-Oct vs 6 in May-Jul: +50 %
    await customer(
      {
        ordersByMonth: {
          '2026-05': 3,
          '2026-06': 3,
          '2026-07': 3,
          '2026-08': 4,
          '2026-09': 4,
          '2026-10': 3,
        },
      },
      { ownerId: OTHER },
    ); // 11 vs 9: +22 %
    await customer({ ordersByMonth: { '2026-10': 2 } }, { ownerId: OTHER }); // 2 vs 0: under the minimum
    const [run] = await runAt('2026-11-24T01:00:00Z');
    expect(run!.counts).toMatchObject({ upsells: 1 });
    expect(dmText(OWNER)[0]).toContain(
      `Upsell: *Customer 1* (${growing}) placed 9 orders in the 3 full months before this one, up from 6 in the 3 before those.`,
    );
    expect(dmText(OTHER)).toEqual([]);
    await runAt('2026-12-01T01:00:00Z'); // a week later
    expect(dmText(OWNER)).toEqual([]);
    // Growing on: Nov-Jan 27 orders vs Aug-Oct 9.
    await app.db.models.customers.updateOne(
      { code: growing },
      {
        $set: {
          'ordersByMonth.2026-12': 9,
          'ordersByMonth.2027-01': 9,
          lastOrderDate: '2027-01-30',
        },
      },
    );
    await runAt('2027-02-21T01:00:00Z'); // 89 days after it was told (another quarter): not yet
    expect(dmText(OWNER).join()).not.toContain('Upsell');
    await runAt('2027-02-22T01:00:00Z'); // 90 days: told again
    expect(dmText(OWNER).join()).toContain('Upsell');
  });

  test("an upsell reaches the owner's manager too (manual B: the sales director meets a customer buying 30 % more), for a normal customer as for a key one, naming the account manager; once across reruns", async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const rising = {
      ordersByMonth: { '2026-05': 2, '2026-06': 2, '2026-07': 2, '2026-08': 3, '2026-09': 3 },
    }; // 6 in Aug-Oct vs 6 in May-Jul: no upsell yet
    const normal = await customer({
      ordersByMonth: { ...rising.ordersByMonth, '2026-10': 3 }, // 9 vs 6: +50 %
    });
    const key = await customer(
      { ordersByMonth: { ...rising.ordersByMonth, '2026-10': 3 } },
      { annualRevenue: 600_000 },
    );
    await customer({ ordersByMonth: rising.ordersByMonth }); // not growing: nobody told
    const [run] = await runAt('2026-11-24T01:00:00Z', ['a', 'b']);
    expect(run!.counts).toMatchObject({ upsells: 2 });
    await app.desk.outbox.drain();
    expect(dmText(OWNER)).toHaveLength(1);
    expect(dmText(OWNER)[0]).not.toContain('Account manager');
    expect(dmText(MANAGER)).toHaveLength(1);
    for (const [name, code] of [
      ['Customer 1', normal],
      ['Customer 2', key],
    ])
      expect(dmText(MANAGER)[0]).toContain(
        `Upsell: *${name}* (${code}) placed 9 orders in the 3 full months before this one, up from 6 in the 3 before those. _Account manager: <@${OWNER}>. Worth meeting the customer with them._`,
      );
    expect(dmText(MANAGER)[0]).not.toContain('Customer 3');
    // A run that died after writing to the outbox, before recording: told again under the same
    // keys, so nobody gets a second DM.
    await app.db.models.customerSignals.deleteMany({});
    await runAt('2026-11-24T03:00:00Z', ['b']);
    await app.desk.outbox.drain();
    expect(dmText(MANAGER)).toEqual([]);
    expect(dmText(OWNER)).toEqual([]);
  });

  test('a manager reads an upsell in Chinese, naming the account manager', async () => {
    await app.setSettings(() => ({ managers: [MANAGER], locale: 'zh-CN' }));
    const code = await customer({
      ordersByMonth: { '2026-05': 1, '2026-06': 1, '2026-08': 3, '2026-09': 3, '2026-10': 3 },
    });
    await runAt('2026-11-24T01:00:00Z');
    await app.desk.outbox.drain();
    expect(dmText(MANAGER).join()).toContain(
      `增购机会：*Customer 1*（${code}）本月之前的 3 个整月下单 9 次，再之前 3 个月为 2 次。_（客户经理 <@${OWNER}>，值得与其一同约见客户）_`,
    );
  });

  test('no upsell for a churned customer or a prospect, however their orders rose', async () => {
    const rising = {
      ordersByMonth: { '2026-05': 1, '2026-06': 1, '2026-08': 3, '2026-09': 3, '2026-10': 3 },
    }; // 9 in Aug-Oct vs 2 in May-Jul
    await customer({ ...rising, lifecycle: 'churned' });
    await customer({ ...rising, lifecycle: 'prospect' });
    const buying = await customer(rising);
    const [run] = await runAt('2026-11-24T01:00:00Z');
    expect(run!.counts).toMatchObject({ upsells: 1 });
    const text = dmText(OWNER).join();
    expect(text).toContain(`Upsell: *Customer 3* (${buying})`);
    expect(text).not.toContain('*Customer 1*');
    expect(text).not.toContain('*Customer 2*');
  });

  test('no upsell for a customer in churn warning, warned before or by the same run; once the warning is lifted it is told', async () => {
    const rising = {
      ordersByMonth: { '2026-05': 1, '2026-06': 1, '2026-08': 3, '2026-09': 3, '2026-10': 3 },
    }; // 9 in Aug-Oct vs 2 in May-Jul
    // Warned before (a competitor contact stands), and warned by this run (one on file now).
    const warned = await customer(
      { ...rising, lifecycle: 'churn_warning' },
      { competitorContact: true },
    );
    const rival = await customer(rising, { competitorContact: true });
    const buying = await customer(rising);
    const [run] = await runAt('2026-11-24T01:00:00Z');
    expect(run!.counts).toMatchObject({ upsells: 1, churnRisks: 2 });
    const text = dmText(OWNER).join();
    expect(text).toContain(`Upsell: *Customer 3* (${buying})`);
    expect(text).not.toContain(`Upsell: *Customer 1*`);
    expect(text).not.toContain(`Upsell: *Customer 2*`);
    expect(text).toContain(`*Customer 2* (${rival}) may churn`);
    expect(await app.db.models.customers.findOne({ code: warned }).lean()).toMatchObject({
      lifecycle: 'churn_warning',
    });
    // The rival contact cleared: the next run lifts the warning, and the upsell is told then.
    await app.desk.services.customers.update(await ctxOf(app, OWNER), rival, {
      competitorContact: false,
    });
    app.fake.reset();
    const [next] = await runAt('2026-11-25T01:00:00Z');
    expect(next!.counts).toMatchObject({ upsells: 1 });
    expect(dmText(OWNER).join()).toContain(`Upsell: *Customer 2* (${rival})`);
  });

  test('a contract ending today says "today"', async () => {
    const code = await customer({ contractEndDate: '2026-11-24' });
    await runAt('2026-11-24T01:00:00Z');
    expect(dmText(OWNER)[0]).toContain(
      `:date: The contract of *Customer 1* (${code}) ends today (2026-11-24).`,
    );
  });

  test('in Chinese: the customer and its code read with full-width brackets, no space before 的 or 有', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const ending = await customer({ contractEndDate: '2026-12-01' }, { name: '华东机械' });
    const quiet = await customer(
      { lastInteractionAt: new Date('2026-08-01T02:00:00Z') },
      { name: '北方重工' },
    );
    await runAt('2026-11-24T01:00:00Z');
    const text = String(
      app.fake.callsTo('chat.postMessage').find((c) => c.args.channel === OWNER)!.args.text,
    );
    expect(text.split('\n').slice(1)).toEqual([
      `:date: *华东机械*（${ending}）的合同将于 2026-12-01 到期（还有 7 天）。`,
      `:warning: *北方重工*（${quiet}）有流失风险：115 天没有互动也没有订单。生命周期已设为流失预警，已安排挽回电话。`,
    ]);
    // The win-back call in the owner's task list: the same way.
    const mine = await app.slack.command('/task', 'mine', { userId: OWNER });
    expect(JSON.stringify(mine.body)).toContain(`*挽回电话* · 北方重工（${quiet}）`);
  });

  test('each owner gets one DM with all of theirs; a customer owned by someone else goes to them', async () => {
    await customer(
      { contractEndDate: '2026-12-01' },
      { contact: { name: 'Li Wei', birthday: '11-24' } },
    );
    await customer({ contractEndDate: '2026-12-02' }, { ownerId: OTHER });
    await runAt('2026-11-24T01:00:00Z');
    expect(dmText(OWNER)).toHaveLength(1);
    expect(dmText(OTHER)).toHaveLength(1);
    expect(
      app.fake.callsTo('chat.postMessage').find((c) => c.args.channel === OWNER)!.args.text,
    ).toBe(
      [
        'Customer signals for you today (2)',
        ':date: The contract of *Customer 1* (C2026001) ends on 2026-12-01 (in 7 days).',
        ':birthday: Today is the birthday of Li Wei (*Customer 1* (C2026001)).',
      ].join('\n'),
    );
  });
});

describe('quarterly tier review', () => {
  test('on the first day of the quarter, tiers follow the current thresholds; logged, once', async () => {
    const code = await customer({}, { annualRevenue: 600_000 }); // key under manual A
    await app.setSettings(() => ({ tiers: { strategicMin: 500_000, keyMin: 100_000 } })); // manual B
    app.clock.set('2026-12-31T22:00:00Z'); // 1 January 06:00 in Shanghai
    const [run] = await runDue(jobDeps(app), [tierReviewJob]);
    expect(run!.counts).toEqual({ changed: 1, moved: 1, told: 1 });
    expect((await app.desk.services.customers.get(await ctxOf(app, OWNER), code)).tier).toBe(
      'strategic',
    );
    expect(await app.db.models.customerChanges.findOne({ field: 'tier' }).lean()).toMatchObject({
      oldValue: 'key',
      newValue: 'strategic',
      source: 'job',
    });
    app.clock.set('2026-12-31T22:30:00Z');
    expect(await runDue(jobDeps(app, 'b'), [tierReviewJob])).toEqual([
      expect.objectContaining({ ran: false, state: 'done' }),
    ]);
  });

  test('new thresholds wait for the review, as the settings confirmation says: the daily run and an edit keep the stored tier; the review moves it and tells the move', async () => {
    const code = await customer({}, { annualRevenue: 600_000 }); // key under manual A
    // Made normal by the new thresholds, from the review on.
    await app.setSettings(() => ({ tiers: { strategicMin: 2_000_000, keyMin: 1_000_000 } }));
    // Wednesday 25 November 09:00: the daily customer signals run; then an edit of its region.
    await runAt('2026-11-25T01:00:00Z');
    await app.desk.services.customers.update(await ctxOf(app, OWNER), code, { region: 'Suzhou' });
    const stored = await app.db.models.customers.findOne({ code }).lean();
    expect(stored).toMatchObject({ region: 'Suzhou', computedTier: 'key', tier: 'key' });
    // A file created meanwhile is tiered by the new thresholds.
    const fresh = await customer({}, { annualRevenue: 600_000 });
    expect((await app.db.models.customers.findOne({ code: fresh }).lean())!.tier).toBe('normal');
    // 1 January 06:00: the review moves it and tells the owner (the first working day, 4 January).
    const [run] = await runJobAt(app, tierReviewJob, '2026-12-31T22:00:00Z');
    expect(run!.counts).toMatchObject({ changed: 1, moved: 1 });
    expect((await app.db.models.customers.findOne({ code }).lean())!.tier).toBe('normal');
    app.clock.set('2027-01-04T01:00:00Z');
    await app.desk.outbox.drain();
    expect(dmText(OWNER).join('\n')).toContain('moves down from Key to Normal');
  });

  test('a move undone before its DM goes (held over the National Day week) is not told', async () => {
    await app.setSettings((s) => ({
      businessHours: {
        ...s.businessHours,
        holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
      },
    }));
    app.clock.set('2026-09-01T02:00:00Z');
    const code = await customer();
    await app.desk.services.customers.recordOrder(await ctxOf(app, OWNER), code, {
      date: '2025-09-20',
      amount: 600_000,
      number: 'AP-1',
    });
    // Thursday 1 October 06:00: the order of 2025-09-20 aged out, Key -> Normal, told on the 8th.
    const [run] = await runJobAt(app, tierReviewJob, '2026-09-30T22:00:00Z');
    expect(run!.counts).toMatchObject({ moved: 1 });
    // Saturday 3 October: a new order makes it Key again.
    app.clock.set('2026-10-03T02:00:00Z');
    await app.desk.services.customers.recordOrder(await ctxOf(app, OWNER), code, {
      date: '2026-10-03',
      amount: 550_000,
      number: 'AP-2',
    });
    expect((await app.db.models.customers.findOne({ code }).lean())!.tier).toBe('key');
    // Thursday 8 October 09:00, the first working day: nothing stale goes, nothing stays owed.
    app.fake.reset();
    app.clock.set('2026-10-08T01:00:00Z');
    await app.desk.outbox.drain();
    expect(dmText(OWNER).join('\n')).not.toContain('Tier review');
    expect(await app.db.models.outbox.countDocuments({ kind: 'signal', state: 'pending' })).toBe(0);
  });

  test('a move of a customer the care plan does not contact (churned; every contact opted out of care) promises no care contact', async () => {
    const gone = await customer({}, { annualRevenue: 1_200_000 });
    const quiet = await customer(
      {},
      { annualRevenue: 1_200_000, contact: { name: 'Li Wei', optOuts: ['no care calls'] } },
    );
    const cared = await customer({}, { annualRevenue: 1_200_000 });
    // The team wrote the first off.
    await app.db.models.customers.updateOne({ code: gone }, { $set: { lifecycle: 'churned' } });
    await app.setSettings(() => ({ tiers: { strategicMin: 2_000_000, keyMin: 1_500_000 } }));
    const [run] = await runJobAt(app, tierReviewJob, '2026-12-31T22:00:00Z');
    expect(run!.counts).toMatchObject({ changed: 3, moved: 3 });
    app.clock.set('2027-01-04T01:00:00Z');
    await app.desk.outbox.drain();
    const lines = dmText(OWNER).join('\n').split('Tier review: ').slice(1);
    const lineOf = (code: string) => lines.find((l) => l.includes(`(${code})`))!;
    for (const code of [gone, quiet]) {
      expect(lineOf(code)).toContain('moves down from Strategic to Normal');
      expect(lineOf(code)).toContain('a first response within 8 business hours.');
      expect(lineOf(code)).not.toContain('care contact');
    }
    expect(lineOf(cared)).toContain('and a care contact every 90 days.');
  });

  test("a key-potential customer's move keeps the strategic / key-potential response target (4 h) in its DM, and, without orders, the key tier's care cadence", async () => {
    await customer({}, { annualRevenue: 600_000, potential: 'key' });
    await app.setSettings(() => ({ tiers: { strategicMin: 2_000_000, keyMin: 1_000_000 } }));
    await runJobAt(app, tierReviewJob, '2026-12-31T22:00:00Z');
    app.clock.set('2027-01-04T01:00:00Z');
    await app.desk.outbox.drain();
    expect(dmText(OWNER).join('\n')).toContain(
      'moves down from Key to Normal, with 600,000 CNY of purchases in the last 12 months. Its general tickets now get a first response within 4 business hours, and a care contact every 30 days.',
    );
  });

  test("each move is told to the customer's owner and to the owner's manager, with the new tier's response target and cadence; once", async () => {
    const MANAGER = 'U0MANAGER1';
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const ctx = await ctxOf(app, OWNER);
    const down = await customer({}, { name: 'Orient Steel' });
    // 700,000 a year ago (ages out at the review) and 400,000 in March: strategic now.
    await app.desk.services.customers.recordOrder(ctx, down, {
      date: '2025-12-20',
      amount: 700_000,
    });
    await app.desk.services.customers.recordOrder(ctx, down, {
      date: '2026-03-10',
      amount: 400_000,
    });
    const up = await customer(
      {},
      { name: 'Xinghai Retail', ownerId: OTHER, annualRevenue: 600_000 },
    );
    const same = await customer({}, { name: 'Huadong Machinery', annualRevenue: 200_000 });
    await app.setSettings(() => ({ tiers: { strategicMin: 500_000, keyMin: 300_000 } }));
    expect((await app.db.models.customers.findOne({ code: same }).lean())!.tier).toBe('normal');
    // 1 January 2027 06:00 in Shanghai: the 2025-12-20 order is out of the 12 months.
    const [run] = await runJobAt(app, tierReviewJob, '2026-12-31T22:00:00Z');
    expect(run!.counts).toEqual({ changed: 2, moved: 2, told: 3 });
    // Told at the start of the working day (09:00), not at the review's 06:00.
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
    app.clock.set('2027-01-01T01:00:00Z');
    await app.desk.outbox.drain();
    const text = (user: string) => app.fake.postsTo(user).map((c) => String(c.args.text));
    expect(text(OWNER)).toEqual([
      [
        'Customer signals for you today (1)',
        `:arrow_down: Tier review: *Orient Steel* (${down}) moves down from Strategic to Key, with 400,000 CNY of purchases in the last 12 months. Its general tickets now get a first response within 8 business hours, and a care contact every 30 days.`,
      ].join('\n'),
    ]);
    expect(text(OTHER)).toEqual([
      [
        'Customer signals for you today (1)',
        `:arrow_up: Tier review: *Xinghai Retail* (${up}) moves up from Key to Strategic, with 600,000 CNY of purchases in the last 12 months. Its general tickets now get a first response within 4 business hours, and a care contact every 30 days.`,
      ].join('\n'),
    ]);
    const managers = text(MANAGER);
    expect(managers).toHaveLength(1);
    expect(managers[0]).toContain('Customer signals for you today (2)');
    expect(managers[0]).toContain(
      `*Orient Steel* (${down}) moves down from Strategic to Key, with 400,000 CNY of purchases in the last 12 months. Its general tickets now get a first response within 8 business hours, and a care contact every 30 days. _Account manager: <@${OWNER}>._`,
    );
    expect(managers[0]).toContain(
      `*Xinghai Retail* (${up}) moves up from Key to Strategic, with 600,000 CNY of purchases in the last 12 months. Its general tickets now get a first response within 4 business hours, and a care contact every 30 days. _Account manager: <@${OTHER}>._`,
    );
    expect(managers[0]).not.toContain('A key customer');
    expect(managers[0]).not.toContain('Huadong');
    // Forced again: nothing moves, nobody is told twice.
    app.fake.reset();
    await app.desk.flows.signals.tierReview(
      await ctxOf(app, 'care-desk', { origin: 'job' }),
      '2027-01-01',
    );
    await app.desk.outbox.drain();
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
  });
  test('a review on a public holiday tells its moves at the start of the first working day after it', async () => {
    const code = await customer({}, { annualRevenue: 600_000 }); // key under manual A
    await app.setSettings((s) => ({
      tiers: { strategicMin: 500_000, keyMin: 100_000 },
      businessHours: { ...s.businessHours, holidays: ['2026-10-01', '2026-10-02'] },
    }));
    // Thursday 1 October 06:00 in Shanghai; Friday 2 is a holiday too, then the weekend.
    const [run] = await runJobAt(app, tierReviewJob, '2026-09-30T22:00:00Z');
    expect(run!.counts).toEqual({ changed: 1, moved: 1, told: 1 });
    expect(app.fake.postsTo(OWNER)).toEqual([]);
    // Monday 5 October 08:59, then 09:00 (the first window's start) in Shanghai.
    app.clock.set('2026-10-05T00:59:00Z');
    await app.desk.outbox.drain();
    expect(app.fake.postsTo(OWNER)).toEqual([]);
    app.clock.set('2026-10-05T01:00:00Z');
    await app.desk.outbox.drain();
    expect(app.fake.postsTo(OWNER).map((c) => String(c.args.text))).toEqual([
      expect.stringContaining(`(${code}) moves up from Key to Strategic`),
    ]);
  });

  test('a move whose working-day start falls in quiet hours waits for them to end (held by when it goes, not by when the review wrote it)', async () => {
    const code = await customer({}, { annualRevenue: 600_000 }); // key under manual A
    await app.setSettings((s) => ({
      tiers: { strategicMin: 500_000, keyMin: 100_000 },
      businessHours: { ...s.businessHours, holidays: ['2026-10-01', '2026-10-02'] },
      // Quiet 08:00-10:00 in Shanghai: the review's 06:00 is outside them, Monday's 09:00 inside.
      quietHours: { enabled: true, start: '08:00', end: '10:00' },
    }));
    const [run] = await runJobAt(app, tierReviewJob, '2026-09-30T22:00:00Z');
    expect(run!.counts).toEqual({ changed: 1, moved: 1, told: 1 });
    // Written due when quiet hours end on Monday 5 October, 10:00 in Shanghai.
    const entries = await app.db.models.outbox.find({ kind: 'signal' }).lean();
    expect(entries.map((e) => e.nextAt.toISOString())).toEqual(['2026-10-05T02:00:00.000Z']);
    // Monday 5 October 09:00 (the first window's start) and 09:59 in Shanghai: quiet hours.
    for (const at of ['2026-10-05T01:00:00Z', '2026-10-05T01:59:00Z']) {
      app.clock.set(at);
      await app.desk.outbox.drain();
      expect(app.fake.postsTo(OWNER)).toEqual([]);
    }
    app.clock.set('2026-10-05T02:00:00Z');
    await app.desk.outbox.drain();
    expect(app.fake.postsTo(OWNER).map((c) => String(c.args.text))).toEqual([
      expect.stringContaining(`(${code}) moves up from Key to Strategic`),
    ]);
  });

  test('a review that dies after moving the tiers (the outbox write failing) is run again and tells each move once', async () => {
    const MANAGER = 'U0MANAGER1';
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const up = await customer({}, { name: 'Xinghai Retail', annualRevenue: 600_000 });
    const down = await customer({}, { name: 'Orient Steel', ownerId: OTHER });
    const ctx = await ctxOf(app, OTHER);
    await app.desk.services.customers.recordOrder(ctx, down, {
      date: '2025-12-20',
      amount: 1_200_000,
    });
    await app.desk.services.customers.recordOrder(ctx, down, {
      date: '2026-06-10',
      amount: 100_000,
    });
    expect((await app.db.models.customers.findOne({ code: down }).lean())!.tier).toBe('strategic');
    await app.setSettings(() => ({ tiers: { strategicMin: 500_000, keyMin: 300_000 } }));
    // The first write to the outbox fails: the tiers have moved, nothing is told.
    const restore = failCalls(app.desk.services.outbox, 'enqueue');
    try {
      const [first] = await runJobAt(app, tierReviewJob, '2026-12-31T22:00:00Z');
      expect(first!.error).toMatch(/database gone/);
    } finally {
      restore();
    }
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
    expect((await app.db.models.customers.findOne({ code: up }).lean())!.tier).toBe('strategic');
    expect((await app.db.models.customers.findOne({ code: down }).lean())!.tier).toBe('normal');
    // The runner's retry (and a second instance with it): each move told once, to each reader.
    const [retry] = await runJobAt(app, tierReviewJob, '2026-12-31T23:00:00Z', ['a', 'b']);
    expect(retry!.counts).toMatchObject({ changed: 0, moved: 2 });
    app.clock.set('2027-01-01T01:00:00Z');
    await app.desk.outbox.drain();
    const text = (user: string) => app.fake.postsTo(user).map((c) => String(c.args.text));
    expect(text(OWNER)).toEqual([
      expect.stringContaining(`*Xinghai Retail* (${up}) moves up from Key to Strategic`),
    ]);
    expect(text(OTHER)).toEqual([
      expect.stringContaining(`*Orient Steel* (${down}) moves down from Strategic to Normal`),
    ]);
    expect(text(MANAGER)).toHaveLength(1);
    expect(text(MANAGER)[0]).toContain('Customer signals for you today (2)');
    // Dropped to normal: not called a key customer.
    expect(text(MANAGER)[0]).toContain(
      `moves down from Strategic to Normal, with 100,000 CNY of purchases in the last 12 months. Its general tickets now get a first response within 8 business hours, and a care contact every 90 days. _Account manager: <@${OTHER}>._`,
    );
    expect(text(MANAGER)[0]).not.toContain('A key customer');
    // Forced once more, even after the outbox purged its entries: nobody is told again.
    await app.db.models.outbox.deleteMany({});
    app.fake.reset();
    await app.desk.flows.signals.tierReview(
      await ctxOf(app, 'care-desk', { origin: 'job' }),
      '2027-01-01',
    );
    await app.desk.outbox.drain();
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
  });

  test('a customer whose write fails does not stop the review: the others move and are told, it is logged by id, and the retry reviews only it', async () => {
    const first = await customer({}, { name: 'Xinghai Retail', annualRevenue: 600_000 });
    const failing = await customer({}, { name: 'Orient Steel', annualRevenue: 700_000 });
    const third = await customer({}, { name: 'Huadong Machinery', annualRevenue: 800_000 });
    await app.setSettings(() => ({ tiers: { strategicMin: 500_000, keyMin: 300_000 } }));
    const failingId = await idOfCustomer(failing);
    const repos = customerRepos();
    // Every write of the second customer fails (the database failing for it then).
    const restore = failCalls(repos.customers, 'update', {
      times: Infinity,
      when: (_team, id) => id === failingId,
    });
    const logs = captureLogs();
    try {
      app.clock.set('2026-12-31T22:00:00Z'); // 1 January 06:00 in Shanghai
      const deps = jobDepsOf(app.desk, { log: logs.log, clock: app.clock, instanceId: 'a' });
      const [run] = await runDue(deps, [tierReviewJob]);
      expect(run!.error).toMatch(/1 of the customers could not be reviewed/);
    } finally {
      restore();
    }
    const tierOf = async (code: string) =>
      (await app.db.models.customers.findOne({ code }).lean())!.tier;
    expect(await tierOf(first)).toBe('strategic');
    expect(await tierOf(failing)).toBe('key');
    expect(await tierOf(third)).toBe('strategic');
    // Logged by id, without its name.
    expect(logs.lines.filter((l) => l.msg === 'tier review: customer not reviewed')).toEqual([
      expect.objectContaining({ customer: failingId }),
    ]);
    expect(logs.raw.join('\n')).not.toContain('Orient Steel');
    // The runner's retry (and a second instance with it): only the one left is reviewed.
    const [retry] = await runJobAt(app, tierReviewJob, '2026-12-31T23:00:00Z', ['a', 'b']);
    expect(retry!.counts).toEqual({ changed: 1, moved: 1, told: 1 });
    expect(await tierOf(failing)).toBe('strategic');
    expect(await app.db.models.customerChanges.countDocuments({ field: 'tier' })).toBe(3);
    // Each move told once, at the start of the working day.
    app.clock.set('2027-01-01T01:00:00Z');
    await app.desk.outbox.drain();
    const text = app.fake
      .postsTo(OWNER)
      .map((c) => String(c.args.text))
      .join('\n');
    for (const code of [first, failing, third])
      expect(text.split(`(${code}) moves up from Key to Strategic`)).toHaveLength(2);
  });

  test('a move whose change-log write fails is logged by the retry, once, at the time of the review: History shows it once', async () => {
    await customer({}, { annualRevenue: 600_000 }); // moved and logged at once
    const failing = await customer({}, { annualRevenue: 700_000 });
    await app.setSettings(() => ({ tiers: { strategicMin: 500_000, keyMin: 300_000 } }));
    const failingId = await idOfCustomer(failing);
    const repos = customerRepos();
    // The second customer's log write fails once, after its tier is written.
    const restore = failCalls(repos.changes, 'append', {
      when: (changes) => changes[0]?.customerId === failingId,
    });
    const logs = captureLogs();
    try {
      app.clock.set('2026-12-31T22:00:00Z'); // 1 January 06:00 in Shanghai
      const deps = jobDepsOf(app.desk, { log: logs.log, clock: app.clock, instanceId: 'a' });
      const [run] = await runDue(deps, [tierReviewJob]);
      // Reviewed (its tier written, its move told): only its History entry is owed, and the run
      // fails for the retry to write it, saying so.
      expect(run!.error).toMatch(
        /every customer reviewed \(2 tiers changed, 2 moves told\), 1 reviewed owes change-log entries; the run is tried again to write them/,
      );
    } finally {
      restore();
    }
    expect(logs.lines.filter((l) => l.msg === 'tier review: customer not reviewed')).toEqual([]);
    expect(
      logs.lines.filter(
        (l) =>
          l.msg ===
          'tier review: customer reviewed, its change-log entries owed (written by a run again)',
      ),
    ).toEqual([expect.objectContaining({ customer: failingId, level: 40 })]);
    const stored = async () => (await app.db.models.customers.findOne({ code: failing }).lean())!;
    expect((await stored()).tier).toBe('strategic');
    const tierLog = () =>
      app.db.models.customerChanges
        .find({ field: 'tier', customerId: new Types.ObjectId(failingId) })
        .lean();
    expect(await tierLog()).toEqual([]);
    // Another instance wrote the owed entries meanwhile and died before clearing them: keyed,
    // the retry adds none.
    const owed = ((await stored()) as { changesOwed?: { key: string; changes: ChangeRecord[] }[] })
      .changesOwed;
    expect(owed).toHaveLength(1);
    await Promise.all([1, 2].map(() => repos.changes.append(owed![0]!.changes, owed![0]!.key)));
    // The runner's retry, on two instances.
    const [retry] = await runJobAt(app, tierReviewJob, '2026-12-31T23:00:00Z', ['a', 'b']);
    expect(retry!.error).toBeUndefined();
    expect(await tierLog()).toEqual([
      expect.objectContaining({
        oldValue: 'key',
        newValue: 'strategic',
        source: 'job',
        at: new Date('2026-12-31T22:00:00Z'),
      }),
    ]);
    expect(await app.db.models.customerChanges.countDocuments({ field: 'tier' })).toBe(2);
    expect((await stored()).changesOwed ?? []).toEqual([]);
    // The owner's History of it shows the move once.
    await app.slack.blockAction(
      { action_id: 'customer_history', value: failing, block_id: 'customer_actions' },
      { userId: OWNER },
    );
    const history = JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args.blocks);
    expect(history.split('Tier: Key → Strategic')).toHaveLength(2);
  });
});

/** The stored id of the customer `code` (what the repositories are called with). */
async function idOfCustomer(code: string): Promise<string> {
  return String((await app.db.models.customers.findOne({ code }).lean())!._id);
}

/** The customer service's repositories, to make one of their calls fail. */
function customerRepos() {
  return (
    app.desk.services.customers as unknown as {
      repos: { customers: CustomerRepository; changes: ChangeLogRepository };
    }
  ).repos;
}
