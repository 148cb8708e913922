// A /desk roles save moves the open tasks of every guest-owned customer to their stand-in
// (TaskService.followStandIns): it reads those customers' owners and their open tasks in one read
// each, however many there are. Before, two reads per customer (its owner, its open tasks): a
// workspace with hundreds of guest-owned customers made each roles save hundreds of reads. The
// tickets standing in for guests (TicketService.followStandIns) alike: read for all the guests at
// once, not two reads per guest (those standing in, those written while nobody could).
import { expect, onTestFinished, test } from 'vitest';
import { countCommands } from '../../bench/commands.js';
import { useTestApp } from '../helpers/app.js';
import { tasksJob } from '../../jobs/tasks.js';
import { guestCriticalComplaint, guestOwnedCustomer } from '../helpers/clicks.js';
import { FAKE_GUEST_USER_ID as GUEST, FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const OTHER_MANAGER = 'U0MANAGER2';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: 'C0TRIAGE01' },
  now: '2026-11-24T02:00:00Z',
});

/** A /desk roles save naming `managers`, counted: its DB commands, with their trace. */
async function rolesSave(managers: string) {
  await app.slack.command('/desk', 'roles', { userId: ADMIN });
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  const counter = countCommands(app.db);
  try {
    expect((await app.slack.submitView(view, { managers }, { userId: ADMIN })).body).toBe('');
  } finally {
    counter.stop();
  }
  return { n: counter.commands(), trace: counter.trace() };
}

let made = 0;
/** `n` more customers owned by GUEST, a guest of the workspace (none has an open task). */
const guestOwned = async (n: number) => {
  for (let i = 0; i < n; i++) await guestOwnedCustomer(app, { name: `Guest Trading ${++made}` });
};

test('a /desk roles save reads the guest-owned customers and their open tasks in one read each: with 6 such customers it costs as many DB commands as with 2, and still moves the guest’s task', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  // The first: a key customer last contacted four weeks ago, whose care contact the daily run
  // plans for GUEST's stand-in (MANAGER); each save below moves it.
  const code = await guestOwnedCustomer(app, { annual_revenue: '600000' });
  await app.db.models.customers.updateOne(
    { teamId: FAKE_TEAM_ID, code },
    { $set: { lifecycle: 'active', lastInteractionAt: new Date('2026-10-28T02:00:00Z') } },
  );
  const [run] = await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
  expect(run!.error).toBeUndefined();
  const care = async () =>
    (await app.db.models.tasks.find({ teamId: FAKE_TEAM_ID, status: 'open' }).lean()).map((t) => [
      t.kind,
      t.assigneeId,
      t.guestOwner,
    ]);
  expect(await care()).toEqual([['care', MANAGER, GUEST]]);
  await guestOwned(1);

  await rolesSave(OTHER_MANAGER); // warm-up (the settings' caches)
  expect(await care()).toEqual([['care', OTHER_MANAGER, GUEST]]);
  const two = await rolesSave(MANAGER);
  expect(await care()).toEqual([['care', MANAGER, GUEST]]);
  await guestOwned(4);
  await rolesSave(OTHER_MANAGER);
  expect(await care()).toEqual([['care', OTHER_MANAGER, GUEST]]);
  const six = await rolesSave(MANAGER);
  expect(await care()).toEqual([['care', MANAGER, GUEST]]);
  expect(
    await app.db.models.customers.countDocuments({ teamId: FAKE_TEAM_ID, ownerGuest: true }),
  ).toBe(6);
  // Before: two reads more per customer (`find customers`, `find tasks` each), 8 more with 6.
  expect(six.n, `2: ${two.trace.join('; ')}\n6: ${six.trace.join('; ')}`).toBe(two.n);
  expect(six.trace).toEqual(two.trace);
});

test('a /desk roles save reads the tickets standing in for guests for all of them at once: with 6 guests owning customers it costs as many DB commands as with 2, and still moves the guest’s complaint', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  // A critical complaint of GUEST's customer: MANAGER holds it standing in for them; each save
  // below moves it.
  const { number } = await guestCriticalComplaint(app);
  const ticket = async () => {
    const t = (await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID, number }).lean())!;
    return [t.accountManagerId, t.guestOwner];
  };
  expect(await ticket()).toEqual([MANAGER, GUEST]);
  // Each other customer is owned by a guest of its own (users.info says so).
  const guests: string[] = [];
  const ownedByNewGuests = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const id = `U0GUEST${String(guests.length + 101)}`;
      guests.push(id);
      app.fake.users.set(id, { id, name: `guest.${id}`, real_name: id, is_restricted: true });
      await guestOwnedCustomer(app, { name: `Guest Trading ${++made}`, owner: id });
    }
  };
  onTestFinished(() => void guests.forEach((id) => app.fake.users.delete(id)));
  await ownedByNewGuests(1);

  await rolesSave(OTHER_MANAGER); // warm-up (the settings' caches)
  expect(await ticket()).toEqual([OTHER_MANAGER, GUEST]);
  const two = await rolesSave(MANAGER);
  expect(await ticket()).toEqual([MANAGER, GUEST]);
  await ownedByNewGuests(4);
  await rolesSave(OTHER_MANAGER);
  expect(await ticket()).toEqual([OTHER_MANAGER, GUEST]);
  const six = await rolesSave(MANAGER);
  expect(await ticket()).toEqual([MANAGER, GUEST]);
  const owners = await app.db.models.customers.distinct('ownerId', {
    teamId: FAKE_TEAM_ID,
    ownerGuest: true,
  });
  expect(owners.sort()).toEqual([GUEST, ...guests].sort());
  // Before: two reads more per guest (`find tickets` twice each), 8 more with 6.
  expect(six.n, `2: ${two.trace.join('; ')}\n6: ${six.trace.join('; ')}`).toBe(two.n);
  expect(six.trace).toEqual(two.trace);
});
