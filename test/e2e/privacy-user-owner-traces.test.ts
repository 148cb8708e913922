// An erasure by Slack user (#12) of a guest who once owned a customer, handed to someone else
// since (nothing of theirs open, customers.ownerId no longer them): the tickets that still name
// them as the guest owner (a closed one's `guestOwner`, an escalation's `owners.guestOwner` kept
// for its notices) are found and scrubbed, so their Slack id is left nowhere. An account manager
// whose only trace is an escalation's `owners.accountManagerId` stood in as staff: refused.
// Through the real Bolt stack (signed requests, fake Slack). revland60 F3.
import { beforeEach, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { heldIn, tryEraseUser } from '../helpers/privacy.js';

const ADMIN = 'U0ADMIN001';
const GUEST = 'U0GUESTOW1';
const FORMER = 'U0FORMER09';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

let code = '';
beforeEach(async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER], managers: [] }));
  code = (await makeCustomer(app, { name: 'Huadong Machinery' })).code;
});

/** A ticket of the customer escalated to L3 by AGENT, its event's owners as `owners`. */
async function escalated(title: string, owners: Record<string, string>) {
  const { id, number } = await makeTicket(app, { customerCode: code, title });
  await act(app, number, { action: 'claim' }, AGENT);
  await app.db.models.tickets.updateOne(
    { _id: id },
    {
      $push: {
        timeline: {
          action: 'escalate',
          by: AGENT,
          at: app.clock.now(),
          level: 3,
          assigneeId: OWNER,
          text: 'Needs the owner',
          owners,
        },
      },
    },
  );
  return id;
}

test('a former guest owner named only by a closed ticket and an escalation’s owners: erased; their id is left nowhere', async () => {
  // Escalated while GUEST owned the customer (OWNER standing in), closed since: both name GUEST.
  const closed = await escalated('Press 12 leaks', { accountManagerId: OWNER, guestOwner: GUEST });
  await app.db.models.tickets.updateOne(
    { _id: closed },
    { $set: { status: 'closed', guestOwner: GUEST, closedAt: app.clock.now() } },
  );
  // Open, its owners moved off GUEST since: only the escalation's owners name them.
  const open = await escalated('Press 14 leaks', { accountManagerId: OWNER, guestOwner: GUEST });
  expect(await heldIn(app, GUEST)).toEqual([
    'tickets.guestOwner',
    'tickets.timeline.owners.guestOwner',
  ]);

  const said = await tryEraseUser(app, ADMIN, GUEST);
  expect(said).not.toContain('works or has worked on the desk');
  expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(1);
  // Their App Home emptied (its outbox entry deletes itself once delivered): held nowhere.
  await app.desk.outbox.drain();
  expect(await heldIn(app, GUEST)).toEqual([]);
  // The tickets stay, their steps too.
  for (const id of [closed, open]) {
    const doc = (await app.db.models.tickets.findById(id).lean())!;
    expect(doc.timeline.at(-1)).toMatchObject({ action: 'escalate', assigneeId: OWNER });
  }
});

test('a former account manager named only by an escalation’s owners: refused as staff; the event keeps them', async () => {
  const id = await escalated('Press 16 leaks', { accountManagerId: FORMER });
  expect(await heldIn(app, FORMER)).toEqual(['tickets.timeline.owners.accountManagerId']);
  const said = await tryEraseUser(app, ADMIN, FORMER);
  expect(said).toContain(`<@${FORMER}> works or has worked on the desk`);
  expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(0);
  const doc = (await app.db.models.tickets.findById(id).lean())!;
  expect(doc.timeline.at(-1)!.owners).toEqual({ accountManagerId: FORMER });
});

test('a former guest owner: the erase modal, its result and the log count the tickets naming them as the owner, and do not call them a requester', async () => {
  const closed = await escalated('Press 18 leaks', { accountManagerId: OWNER, guestOwner: GUEST });
  await app.db.models.tickets.updateOne(
    { _id: closed },
    { $set: { status: 'closed', guestOwner: GUEST, closedAt: app.clock.now() } },
  );
  await escalated('Press 20 leaks', { accountManagerId: OWNER, guestOwner: GUEST });
  app.fake.reset();

  const said = await tryEraseUser(app, ADMIN, GUEST);
  // The modal as opened (indexes only) and as updated with the counts.
  expect(said).toContain(
    `This erases what the desk holds of <@${GUEST}>: they requested no ticket`,
  );
  expect(said).not.toContain('a requester in Slack');
  expect(said).toContain(
    "2 tickets name them as their customer's owner, a guest of the workspace then (the account manager stood in for them): their user id there is replaced by `[erased]`; the tickets stay.",
  );
  // What Erase answered: the tickets rewritten, said.
  const done = JSON.stringify(app.fake.calls.map((c) => c.args));
  expect(done).toContain(
    "2 tickets named them as their customer's owner (a guest of the workspace then): their user id there is now `[erased]`.",
  );
  const log = await app.db.models.privacyLog.findOne({ kind: 'erase' }).lean();
  expect(log?.detail).toMatchObject({ requested: 0, entries: 0, followed: 0, owned: 2 });
});
