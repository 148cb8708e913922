// A customer handed to another owner whose open tickets' write failed at the save, then saved
// again (a rename) before the outbox job's repair: the later save's copies move the tickets (a
// save writes the owner on them whatever changed), and the repair still draws what the move
// changes, once: the complaint's card naming the new owner, both owners' Homes. Before, the
// later save moved them with nothing drawn and took the mark off, so the repair drew nothing:
// the old owner's Home kept listing the tickets, the card kept naming the old owner.
import { expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { failCalls } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';
import {
  cardRedrawnOnceNaming,
  complaintWithCard,
  homesDrawnOnce,
  editCustomer,
} from '../helpers/setups-10-owners.js';

const TRIAGE = 'C0TRIAGE01';
const OWNER2 = 'U0OWNER002';
const OWNER3 = 'U0OWNER003';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});

const stored = async (number: string) =>
  (await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID, number }).lean())!;

const edit = (code: string, values: Record<string, string>, by: string) =>
  editCustomer(app, code, values, by);

/** `by` hands the customer to `to`, the open tickets' write (one updateMany) failing. */
async function handFailing(code: string, to: string, by: string) {
  const restore = failCalls(app.db.models.tickets, 'updateMany');
  try {
    await edit(code, { owner: to }, by);
  } finally {
    restore();
  }
}

async function deliver() {
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
}

const lastHome = (user: string) =>
  JSON.stringify(app.fake.homesPublishedTo(user).at(-1)!.args.view);

async function complaintOf() {
  await app.setSettings(() => ({ agents: [AGENT] }));
  return complaintWithCard(app);
}

/** The repair at `at`: its redraws delivered. */
async function repairAt(at: string) {
  await runJobAt(app, outboxJob, at);
  await deliver();
}

test('handed over (the tickets’ write failing), then renamed before the repair: the rename’s copies move the complaint, and the repair draws its card and both owners’ Homes, once', async () => {
  const { code, number, ts } = await complaintOf();
  await handFailing(code, OWNER2, OWNER);
  await deliver();
  expect(await stored(number)).toMatchObject({ accountManagerId: OWNER });
  // What the save drew, and the old owner still sees: the complaint theirs to contact.
  expect(lastHome(OWNER)).toContain('tickets nobody holds* (1)');
  expect(JSON.stringify(app.fake.updatesOf(ts).at(-1)!.args)).toContain(`<@${OWNER}> ·`);

  // A minute on, the new owner renames it: its copies write the owner on the tickets too.
  app.clock.advance(50_000);
  await edit(code, { name: 'Huadong Precision' }, OWNER2);
  await deliver();
  expect(await stored(number)).toMatchObject({ accountManagerId: OWNER2 });
  app.fake.reset();

  // Two minutes after the rename, the repair finds nothing left to move, and draws the move.
  await repairAt('2026-11-24T02:03:30Z');
  homesDrawnOnce(app, [OWNER, OWNER2]);
  expect(lastHome(OWNER)).not.toContain('tickets nobody holds*');
  expect(lastHome(OWNER2)).toContain('tickets nobody holds* (1)');
  expect(lastHome(OWNER2)).toContain(`|${number}>* `);
  cardRedrawnOnceNaming(app, ts, OWNER2, OWNER);

  // Drawn once: the mark is off, the next runs draw nothing again.
  await repairAt('2026-11-24T02:06:00Z');
  expect(app.fake.callsTo('chat.update')).toEqual([]);
  expect(app.fake.callsTo('views.publish')).toEqual([]);
});

test('handed over (the tickets’ write failing), then handed on to a third owner whose save moves them: the first owner’s Home, which the second save does not draw, is drawn by the repair', async () => {
  const { code, number, ts } = await complaintOf();
  await handFailing(code, OWNER2, OWNER);
  await deliver();
  app.clock.advance(50_000);
  await edit(code, { owner: OWNER3 }, OWNER2);
  await deliver();
  expect(await stored(number)).toMatchObject({ accountManagerId: OWNER3 });
  // The second save drew its own two owners' Homes and the card, after its move.
  expect(lastHome(OWNER3)).toContain(`|${number}>* `);
  expect(JSON.stringify(app.fake.updatesOf(ts).at(-1)!.args)).toContain(`<@${OWNER3}> ·`);
  // The first owner's still lists the complaint as theirs.
  expect(lastHome(OWNER)).toContain('tickets nobody holds* (1)');
  app.fake.reset();

  await repairAt('2026-11-24T02:03:30Z');
  expect(lastHome(OWNER)).not.toContain('tickets nobody holds*');
  expect(lastHome(OWNER3)).toContain(`|${number}>* `);
  expect(JSON.stringify(app.fake.updatesOf(ts).at(-1)!.args)).toContain(`<@${OWNER3}> ·`);
  app.fake.reset();
  await repairAt('2026-11-24T02:06:00Z');
  expect(app.fake.callsTo('chat.update')).toEqual([]);
  expect(app.fake.callsTo('views.publish')).toEqual([]);
});

test('handed over with its tickets moved at the save, then renamed: nothing is left owed, and the repair draws nothing', async () => {
  const { code, id, number } = await complaintOf();
  await edit(code, { owner: OWNER2 }, OWNER);
  await deliver();
  expect(await stored(number)).toMatchObject({ accountManagerId: OWNER2 });
  await edit(code, { name: 'Huadong Precision' }, OWNER2);
  await deliver();
  expect((await app.db.models.customers.findById(id).lean())!.namesOwed).toBeUndefined();
  app.fake.reset();
  await repairAt('2026-11-24T02:03:30Z');
  expect(app.fake.callsTo('chat.update')).toEqual([]);
  expect(app.fake.callsTo('views.publish')).toEqual([]);
});

test('two instances’ repairs at once, the tickets moved by the rename: the card and the Homes are drawn once', async () => {
  const { code, number, ts } = await complaintOf();
  await handFailing(code, OWNER2, OWNER);
  await deliver();
  app.clock.advance(50_000);
  await edit(code, { name: 'Huadong Precision' }, OWNER2);
  await deliver();
  app.fake.reset();
  // As two instances' outbox jobs run the repair at the same time.
  const flows = app.desk.flows.customers;
  app.clock.set('2026-11-24T02:03:30Z');
  const at = app.clock.now();
  const quiet = { warn: () => {}, info: () => {} } as never;
  await Promise.all([flows.repairCopies(at, quiet), flows.repairCopies(at, quiet)]);
  await deliver();
  expect(app.fake.updatesOf(ts)).toHaveLength(1);
  expect(JSON.stringify(app.fake.updatesOf(ts)[0]!.args)).toContain(`<@${OWNER2}> ·`);
  expect(app.fake.homesPublishedTo(OWNER)).toHaveLength(1);
  expect(lastHome(OWNER)).not.toContain('tickets nobody holds*');
  expect(app.fake.homesPublishedTo(OWNER2)).toHaveLength(1);
  expect(lastHome(OWNER2)).toContain(`|${number}>* `);
});
