// A ticket opened while its customer changes hands (the intake read the owner before the change)
// catches up the new owner on itself only: the customer's other open tickets are the change's
// copies' to move. When the change's own write of them failed, the outbox job's repair moves
// them two minutes on and draws their complaint card and both owners' Homes again. Before, the
// intake's catch-up moved them too, with nothing drawn: the repair then found nothing to move and
// drew nothing, and the old owner's Home and the complaint's card kept naming the old owner.
// The change's write held instead (a slow instance): it moves them when it runs, and the save
// draws them again after it, as without the new ticket.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { expect, onTestFinished, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { newTicketByModalWhile } from '../helpers/clicks.js';
import { AGENT, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { failCalls } from '../helpers/faults.js';
import { holdFirstCall } from '../helpers/hold.js';
import { runJobAt } from '../helpers/jobs.js';
import {
  cardRedrawnOnceNaming,
  complaintWithCard,
  homesDrawnOnce,
  editCustomer,
  repairDrawsNothing,
} from '../helpers/setups-10-owners.js';

const TRIAGE = 'C0TRIAGE01';
const OWNER2 = 'U0OWNER002';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});

const stored = async (number: string) =>
  (await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID, number }).lean())!;

/** The owner hands the customer to OWNER2 in Edit customer (its card's Edit). */
const handToOwner2 = (code: string) => editCustomer(app, code, { owner: OWNER2 }, OWNER);

test('a customer handed over (its open tickets’ write failing) as a new ticket is filed: the new ticket names the new owner at once; the repair moves the other one and draws its complaint card and both Homes again', async () => {
  await app.setSettings(() => ({ agents: [AGENT] }));
  const { code, complaint, ts } = await complaintWithCard(app);

  // Saved after the new ticket's intake read the customer, before its insert; what the save drew
  // delivered before the intake's catch-up (the complaint not moved yet).
  const filed = await newTicketByModalWhile(app, code, async () => {
    const restore = failCalls(app.db.models.tickets, 'updateMany');
    try {
      await handToOwner2(code);
    } finally {
      restore();
    }
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    expect(await stored(complaint.number)).toMatchObject({ accountManagerId: OWNER });
  });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(await stored(filed)).toMatchObject({ accountManagerId: OWNER2 });
  const lastHome = (user: string) =>
    JSON.stringify(app.fake.homesPublishedTo(user).at(-1)!.args.view);
  // What the save drew, and the old owner still sees: the complaint theirs to contact.
  expect(lastHome(OWNER)).toContain('tickets nobody holds* (1)');
  expect(JSON.stringify(app.fake.updatesOf(ts).at(-1)!.args)).toContain(`<@${OWNER}> ·`);

  // Two minutes on, the repair moves it and draws what shows it again.
  await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(await stored(complaint.number)).toMatchObject({ accountManagerId: OWNER2 });
  // Both Homes drawn again, once: the old owner's lists none of the customer's tickets any more,
  // the new owner's both.
  homesDrawnOnce(app, [OWNER, OWNER2]);
  expect(lastHome(OWNER)).not.toContain('tickets nobody holds*');
  expect(lastHome(OWNER2)).toContain('tickets nobody holds* (2)');
  expect(lastHome(OWNER2)).toContain(`|${complaint.number}>* `);
  expect(lastHome(OWNER2)).toContain(`|${filed}>* `);
  // The complaint's card names the new owner as who contacts the customer, drawn once.
  cardRedrawnOnceNaming(app, ts, OWNER2, OWNER);

  // Drawn once: the next runs draw nothing again.
  await repairDrawsNothing(app, '2026-11-24T02:04:00Z');
});

test('a customer handed over (its open tickets’ write held: a slow instance) as a new ticket is filed: the held write moves the other one, whose complaint card and Homes the save draws again', async () => {
  await app.setSettings(() => ({ agents: [AGENT] }));
  const { code, complaint, ts } = await complaintWithCard(app);
  // The change's write of its open tickets' owner held (a slow instance).
  const copy = holdFirstCall(
    (app.desk.services.customers as any).repos.ownerCopies[0],
    'reassignCustomer',
  );
  onTestFinished(copy.restore);
  let save: Promise<void> | undefined;
  const filed = await newTicketByModalWhile(app, code, async () => {
    save = handToOwner2(code);
    await copy.reached;
  });
  expect(await stored(filed)).toMatchObject({ accountManagerId: OWNER2 });
  // The other ticket is the held write's to move.
  const meanwhile = (await stored(complaint.number)).accountManagerId;
  app.fake.reset();
  copy.release();
  await save;
  expect(meanwhile).toBe(OWNER);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(await stored(complaint.number)).toMatchObject({ accountManagerId: OWNER2 });
  expect(JSON.stringify(app.fake.updatesOf(ts).at(-1)!.args)).toContain(`<@${OWNER2}> ·`);
  const lastHome = (user: string) =>
    JSON.stringify(app.fake.homesPublishedTo(user).at(-1)!.args.view);
  expect(lastHome(OWNER)).not.toContain('tickets nobody holds*');
  expect(lastHome(OWNER2)).toContain('tickets nobody holds* (2)');
  // Nothing left owed: the repair two minutes on draws nothing again.
  await repairDrawsNothing(app, '2026-11-24T02:03:00Z');
});
