// planfix's open point (revp60 F2 beyond the win-back): the daily signals run reads every
// customer once (forSignals) and writes their signals later. An erasure that finishes in between
// (here: as the run asks whether a signal was told already) scrubbed the outbox before the DMs
// were in it. The signals are written held together, checked, and taken back unrecorded when
// they name what was erased: no DM and no document names the customer or the contact.
import { Types } from 'mongoose';
import { expect, test, vi } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { CustomerService } from '../../src/customer/service.js';
import { useTestApp } from '../helpers/app.js';
import { scanStrings } from '../helpers/db.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
// Tuesday 2026-11-24 in Shanghai; the signals run daily at 09:00 (01:00Z).
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

/** A customer whose contract ends within the notice days, with `contacts` (birthdays). */
async function customer(name: string, contacts: { name: string; birthday?: string }[]) {
  const c = await makeCustomer(app, {
    name,
    firstContactDate: '2025-01-01',
    lifecycle: 'active',
    contacts: contacts.map((k) => ({ ...k, optOuts: [] })),
  } as never);
  await app.db.models.customers.collection.updateOne(
    { _id: new Types.ObjectId(c.id) },
    {
      $set: {
        createdAt: new Date('2025-01-01T00:00:00Z'),
        lastInteractionAt: new Date('2026-11-20T02:00:00Z'),
        contractEndDate: '2026-12-20',
      },
    },
  );
  return c;
}

/** Runs the signals job with `erase` done at the run's first look for a signal of `id`. */
async function runErasing(id: string, kind: string, erase: () => Promise<unknown>) {
  const has = CustomerService.prototype.hasSignal;
  let erased = false;
  const spy = vi.spyOn(CustomerService.prototype, 'hasSignal').mockImplementation(async function (
    this: CustomerService,
    ...args: Parameters<CustomerService['hasSignal']>
  ) {
    const [, k, c] = args;
    if (!erased && k === kind && c.id === id) {
      erased = true;
      await erase();
    }
    return has.apply(this, args);
  });
  try {
    const [run] = await runJobAt(app, customerSignalsJob, '2026-11-24T01:00:00Z');
    expect(run!.error).toBeUndefined();
  } finally {
    spy.mockRestore();
  }
  await app.desk.outbox.drain();
  expect(erased).toBe(true);
}

const dms = () => app.fake.postsTo(OWNER).map((c) => JSON.stringify(c.args));

test('a customer erased after the signals run read it: no contract or birthday DM names it, the others are told', async () => {
  const gone = await customer('Renewal Rival Ltd', [{ name: 'Li Wei', birthday: '1980-11-24' }]);
  await customer('Steady Trading', []);
  await runErasing(gone.id, 'contract', async () =>
    app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), gone.code),
  );
  expect(dms().filter((d) => d.includes('Renewal Rival') || d.includes('Li Wei'))).toEqual([]);
  expect(await scanStrings(app.db, ['Renewal Rival', 'Li Wei'])).toEqual([]);
  expect(dms().filter((d) => d.includes('Steady Trading'))).toHaveLength(1);
});

test('a contact erased after the signals run read the customer: no birthday DM names them, the contract end is still told once', async () => {
  const c = await customer('Birthday Works', [
    { name: 'Li Wei', birthday: '1980-11-24' },
    { name: 'Wang Fang' },
  ]);
  await runErasing(c.id, 'birthday', async () =>
    app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), c.code, 'Li Wei'),
  );
  expect(dms().filter((d) => d.includes('Li Wei'))).toEqual([]);
  expect(await scanStrings(app.db, ['Li Wei'])).toEqual([]);
  expect(dms().filter((d) => d.includes('Birthday Works'))).toHaveLength(1);
});

// bdaykey (revp67 F3): a birthday's record and outbox key named the contact
// (`birthday:<id>:2026:Li Wei`); they are keyed by the contact's key now. An erasure leaves
// no key naming the contact, whichever form it was written in, and a run on the day of the
// upgrade tells nothing told (or written) under the old form again.

/** Runs the signals job at 09:00 on `day` (2026-11-24) and delivers. */
async function runAndDrain(day = '2026-11-24') {
  const [run] = await runJobAt(app, customerSignalsJob, `${day}T01:00:00Z`);
  expect(run!.error).toBeUndefined();
  await app.desk.outbox.drain();
}

/** What a run of the version before wrote for Li Wei's birthday of 2026: its record. */
async function oldRecord(customerId: string) {
  const teamId = FAKE_TEAM_ID;
  await app.db.models.customerSignals.collection.insertOne({
    _id: `${teamId}:birthday:${customerId}:2026:Li Wei`,
    teamId,
    kind: 'birthday',
    customerId,
    key: '2026:Li Wei',
    at: new Date('2026-11-24T01:00:00Z'),
  } as never);
}

/** The birthday entries in the outbox (any state). */
const birthdayEntries = () =>
  app.db.models.outbox.collection.countDocuments({ 'data.signal.kind': 'birthday' });

test('a birthday told, then its contact erased: no key in the outbox or the signals names them', async () => {
  const c = await customer('Birthday Works', [
    { name: 'Li Wei', birthday: '1980-11-24' },
    { name: 'Wang Fang' },
  ]);
  await runAndDrain();
  expect(dms().filter((d) => d.includes('Li Wei'))).toHaveLength(1);
  const keys = await app.db.models.customerSignals.collection
    .find({ kind: 'birthday' })
    .map((d) => String(d.key))
    .toArray();
  expect(keys).toEqual([`2026:${c.contacts[0]!.key}`]);
  // The contact's export lists it (their key, not their name, says it is theirs); Wang Fang's not.
  const exported = (name: string) =>
    app.desk.services.dataSubjects
      .export(ctx, c.code, name)
      .then((e) => JSON.parse(e.json) as { customerSignals?: { key: string }[] });
  const ctx = await ctxOf(app, ADMIN);
  expect((await exported('Li Wei')).customerSignals?.map((d) => d.key)).toEqual(keys);
  expect((await exported('Wang Fang')).customerSignals ?? []).toEqual([]);
  await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), c.code, 'Li Wei');
  expect(await scanStrings(app.db, ['Li Wei'])).toEqual([]);
  // Its record, under the contact's key, goes with them too.
  expect(await app.db.models.customerSignals.countDocuments({ kind: 'birthday' })).toBe(0);
});

test('a birthday recorded under the old form (the name) is not told again, and its record goes with the contact', async () => {
  const c = await customer('Birthday Works', [{ name: 'Li Wei', birthday: '1980-11-24' }]);
  await oldRecord(c.id);
  await runAndDrain();
  expect(dms().filter((d) => d.includes('Li Wei'))).toEqual([]);
  expect(dms().filter((d) => d.includes('Birthday Works'))).toHaveLength(1);
  await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), c.code, 'Li Wei');
  expect(await scanStrings(app.db, ['Li Wei'])).toEqual([]);
});

test('a birthday written under the old form by a run that died before recording it: told once', async () => {
  const c = await customer('Birthday Works', [{ name: 'Li Wei', birthday: '1980-11-24' }]);
  app.clock.set('2026-11-24T01:00:00Z');
  const ctx = await ctxOf(app, OWNER);
  await app.desk.services.outbox.enqueue(ctx, [
    {
      key: `signal:birthday:${c.id}:2026:Li Wei`,
      kind: 'signal',
      to: OWNER,
      group: `signals:${OWNER}`,
      data: {
        signal: {
          owner: OWNER,
          customer: { name: c.name, code: c.code },
          kind: 'birthday',
          contact: 'Li Wei',
        },
      },
      quiet: true,
      names: [{ customerId: c.id, code: c.code, contacts: [c.contacts[0]!.key] }],
    },
  ]);
  await runAndDrain();
  expect(await birthdayEntries()).toBe(1);
  expect(dms().filter((d) => d.includes('Li Wei'))).toHaveLength(1);
  // Recorded: the next day's run (a belated birthday is still told) tells it no more.
  await runAndDrain('2026-11-25');
  expect(await birthdayEntries()).toBe(1);
});
