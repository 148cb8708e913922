// A /desk roles save cut short after the roles' write leaves its stand-in moves owed
// (`standInsOwed`): the outbox job makes them two minutes on. It also draws the Homes of the
// guests' former and new stand-ins (whose "Your customers with signals" list the guests'
// customers as theirs) even when no ticket or task is left to move, counts the repair only when
// it moved something, and, failing, tries again later and later instead of every minute.
import { expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { guestOwnedCustomer } from '../helpers/clicks.js';
import { FAKE_GUEST_USER_ID as GUEST, FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { failCalls } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const OTHER_MANAGER = 'U0MANAGER2';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: 'C0TRIAGE01' },
  now: '2026-11-24T02:00:00Z',
});

const owed = async () =>
  ((await app.db.models.workspaces.findOne({ teamId: FAKE_TEAM_ID }).lean())!.settings as any)
    .standInsOwed;

/** The admin keeps OTHER_MANAGER only; every read in `failing` fails while the save runs. */
async function saveCutShort(failing: (() => void)[]): Promise<void> {
  await app.slack.command('/desk', 'roles', { userId: ADMIN });
  const roles = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  try {
    expect(
      (await app.slack.submitView(roles, { managers: OTHER_MANAGER }, { userId: ADMIN })).body,
    ).toBe('');
  } finally {
    for (const restore of failing) restore();
  }
}

test('a save cut short after the roles’ write with nothing to move: the outbox job draws the former and new stand-ins’ Homes, takes the mark off, and counts no repair', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  await guestOwnedCustomer(app);
  await saveCutShort([
    failCalls(app.db.models.tickets, 'distinct', { times: Infinity }),
    failCalls(app.db.models.tasks, 'distinct', { times: Infinity }),
    failCalls(app.db.models.customers, 'distinct', { times: Infinity }),
  ]);
  expect(await owed()).toBeDefined();
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  app.fake.reset();
  const [run] = await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
  expect(run!.counts).not.toHaveProperty('standInsMoved');
  expect(await owed()).toBeUndefined();
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  // The former stand-in (no longer a manager) and the new one.
  expect(app.fake.homesPublishedTo(MANAGER).length).toBeGreaterThan(0);
  expect(app.fake.homesPublishedTo(OTHER_MANAGER).length).toBeGreaterThan(0);
  expect(app.fake.homesPublishedTo(GUEST)).toEqual([]);
});

test('a stand-in repair that keeps failing is tried again 1, 2, 4 … minutes on, not every minute; made at last, the mark goes', async () => {
  await app.setSettings(() => ({ managers: [MANAGER, OTHER_MANAGER] }));
  await guestOwnedCustomer(app);
  const restore = failCalls(app.db.models.tickets, 'distinct', { times: Infinity });
  let tried = 0;
  const distinct = app.db.models.tickets.distinct;
  (app.db.models.tickets as any).distinct = function (...args: unknown[]) {
    tried++;
    return (distinct as any).apply(this, args);
  };
  try {
    await saveCutShort([]);
    const at = (time: string) => new Date(time).getTime();
    tried = 0;
    await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
    expect(tried).toBe(1);
    expect(await owed()).toMatchObject({ attempts: 1, nextAt: at('2026-11-24T02:04:00Z') });
    await runJobAt(app, outboxJob, '2026-11-24T02:03:30Z');
    expect(tried).toBe(1);
    await runJobAt(app, outboxJob, '2026-11-24T02:04:00Z');
    expect(tried).toBe(2);
    expect(await owed()).toMatchObject({ attempts: 2, nextAt: at('2026-11-24T02:06:00Z') });
    await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
    expect(tried).toBe(2);
  } finally {
    (app.db.models.tickets as any).distinct = distinct;
    restore();
  }
  await runJobAt(app, outboxJob, '2026-11-24T02:06:00Z');
  expect(await owed()).toBeUndefined();
});
