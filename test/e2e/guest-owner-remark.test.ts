// The daily check of the owners re-marks a customer whose owner Slack now says is a guest, or a
// member again: its open tickets move between the owner and their stand-in. What showed them as
// the one's is drawn again, whichever write moves them (the daily run's own copies, a later
// save's such as a rename, the outbox job's repair): the former stand-in's Home, which listed the
// guest's customer with signals as theirs, and the complaint's card, which names the account
// manager who is to contact the customer (revland62 F2).
import { expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { failCalls } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';
import { FULL_CUSTOMER_FORM } from '../helpers/records.js';
import { editCustomer } from '../helpers/setups-10-owners.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const MEMBER = 'U0MEMBER01';
const TRIAGE = 'C0TRIAGE01';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});

/** The Home's list of the customers with signals, the customer (in churn warning) in it. */
const SIGNAL = '*Your customers with signals* (1)';
const customer = () => app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID }).lean();
const ticket = (number: string) => app.db.models.tickets.findOne({ number }).lean();
/** The last Home published to `user` since the fake's reset, as JSON ('' when none). */
const lastHome = (user: string) =>
  JSON.stringify(app.fake.homesPublishedTo(user).at(-1)?.args ?? '');
/** Whom the card `ts` last drawn since the fake's reset names as who contacts the customer. */
const cardNames = (ts: string, user: string) =>
  JSON.stringify(app.fake.updatesOf(ts).at(-1)?.args ?? '').includes(`<@${user}> ·`);

async function deliver() {
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
}

/**
 * MEMBER's customer (made by OWNER), in churn warning, with a complaint whose card is posted (or
 * another ticket, `complaint` false: no contact task whose move draws the Homes too).
 */
async function memberOwnedComplaint(complaint = true): Promise<{ number: string; ts: string }> {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  await app.slack.command('/customer', 'new', { userId: OWNER });
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  await app.slack.submitView(view, { ...FULL_CUSTOMER_FORM, owner: MEMBER }, { userId: OWNER });
  await app.db.models.customers.updateOne(
    { teamId: FAKE_TEAM_ID },
    { $set: { lifecycle: 'churn_warning' } },
  );
  const { number } = await makeTicket(app, {
    customerCode: (await customer())!.code,
    ...(complaint ? { type: 'complaint' as const, complaintUrgency: 'general' as const } : {}),
  });
  await app.desk.outbox.drain();
  const ts = (await ticket(number))!.card.ts!;
  expect(ts).toBeTruthy();
  return { number, ts };
}

/** The daily run at `at`, Slack saying MEMBER is a guest or not, the tickets' write failing or not. */
async function dailyRun(at: string, guest: boolean, failing = false) {
  app.fake.users.set(MEMBER, {
    id: MEMBER,
    real_name: 'Chen Jie',
    ...(guest ? { is_restricted: true } : {}),
  });
  app.fake.reset();
  // The re-mark's copy of the account manager on the open tickets (reassignCustomer) fails.
  const restore = failing
    ? failCalls(app.db.models.tickets, 'updateMany', {
        when: (_filter, update) => JSON.stringify(update).includes('accountManagerRevision'),
      })
    : () => {};
  try {
    await runJobAt(app, tasksJob, at);
  } finally {
    restore();
  }
  await deliver();
}

/** Marked a guest by the daily run of 2026-11-25: the complaint names MANAGER, whose Home lists the customer. */
async function markedGuest(number: string) {
  await dailyRun('2026-11-25T01:00:00Z', true);
  expect(await ticket(number)).toMatchObject({ accountManagerId: MANAGER, guestOwner: MEMBER });
  expect(lastHome(MANAGER)).toContain(SIGNAL);
}

/** The outbox job's repair at `at` (two minutes and more after the daily run), delivered. */
async function repairAt(at: string, repaired: number) {
  app.fake.reset();
  const [run] = await runJobAt(app, outboxJob, at);
  expect(run?.counts?.copiesRepaired ?? 0).toBe(repaired);
  await deliver();
}

test('a guest owner made a member again: the daily run moves their ticket back and draws the former stand-in’s Home, which lists their customer no more', async () => {
  const { number } = await memberOwnedComplaint(false);
  try {
    await markedGuest(number);
    await dailyRun('2026-11-26T01:00:00Z', false);
    expect((await customer())!.ownerGuest).toBeUndefined();
    expect(await ticket(number)).toMatchObject({ accountManagerId: MEMBER });
    expect(app.fake.homesPublishedTo(MANAGER)).toHaveLength(1);
    expect(lastHome(MANAGER)).not.toContain(SIGNAL);
    expect(lastHome(MEMBER)).toContain(SIGNAL);
    // Nothing left owed: the repair moves and draws nothing.
    await repairAt('2026-11-26T01:05:00Z', 0);
    expect(app.fake.callsTo('views.publish')).toEqual([]);
    expect(app.fake.callsTo('chat.update')).toEqual([]);
  } finally {
    app.fake.users.delete(MEMBER);
  }
});

test('a guest owner made a member again, the tickets’ write failing, then the customer renamed (its copies move the complaint): the repair draws the card naming them and both Homes', async () => {
  const { number, ts } = await memberOwnedComplaint();
  try {
    await markedGuest(number);
    await dailyRun('2026-11-26T01:00:00Z', false, true);
    expect((await customer())!.ownerGuest).toBeUndefined();
    expect(await ticket(number)).toMatchObject({ accountManagerId: MANAGER });
    await editCustomer(app, (await customer())!.code, { name: 'Huadong Precision' }, MEMBER);
    expect(await ticket(number)).toMatchObject({ accountManagerId: MEMBER });
    await deliver();
    await repairAt('2026-11-26T01:05:00Z', 1);
    expect(app.fake.homesPublishedTo(MANAGER)).toHaveLength(1);
    expect(lastHome(MANAGER)).not.toContain(SIGNAL);
    expect(lastHome(MEMBER)).toContain(SIGNAL);
    expect(cardNames(ts, MEMBER)).toBe(true);
  } finally {
    app.fake.users.delete(MEMBER);
  }
});

test('the daily check re-marking an owner draws the card of their complaint still to be contacted, naming whom its ticket names now: the stand-in when made a guest, the owner when a member again', async () => {
  const { number, ts } = await memberOwnedComplaint();
  try {
    await dailyRun('2026-11-25T01:00:00Z', true);
    expect(await ticket(number)).toMatchObject({ accountManagerId: MANAGER, guestOwner: MEMBER });
    expect(cardNames(ts, MANAGER)).toBe(true);
    await dailyRun('2026-11-26T01:00:00Z', false);
    expect(await ticket(number)).toMatchObject({ accountManagerId: MEMBER });
    expect(cardNames(ts, MEMBER)).toBe(true);
  } finally {
    app.fake.users.delete(MEMBER);
  }
});
