// Two erasures by Slack user at once (one held up past its lease, the other that took it over:
// PrivacyFlows.finishErasures' "outran its lease"), each rewriting a document both read: whichever
// writes last must not write back what the other took out. The interleave is made exact through
// the repository on the real database: the one erasure's read of a collection returns, then the
// other erasure runs whole, then the first writes from what it read.
import { expect, test } from 'vitest';
import type { Models } from '../../src/db/models.js';
import { DataSubjectRepository } from '../../src/privacy/repository.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer } from '../helpers/factories.js';
import { heldIn, readBefore } from '../helpers/privacy.js';

const HELD_UP = 'U0ERASEA01';
const OTHER = 'U0ERASEB01';
const BOTH = `Call <@${HELD_UP}> or <@${OTHER}> about the coolant leak`;
const NEITHER = 'Call [erased] or [erased] about the coolant leak';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

/** Where each collection holds BOTH, and how to read it back. */
async function seed(): Promise<{ teamId: string; read: Record<string, () => Promise<unknown>> }> {
  const customer = await makeCustomer(app, { name: 'Huadong Machinery' });
  const m = app.db.models;
  const c = (await m.customers.findOne({ code: customer.code }).lean())!;
  const teamId = c.teamId;
  await m.customers.updateOne({ _id: c._id }, { $set: { notes: BOTH } }, { timestamps: false });
  const at = new Date('2026-11-23T09:00:00Z');
  const interaction = await m.interactions.collection.insertOne({
    teamId,
    customerId: String(c._id),
    summary: BOTH,
    at,
    createdAt: at,
    updatedAt: at,
  });
  const task = await m.tasks.collection.insertOne({
    teamId,
    customerId: String(c._id),
    content: BOTH,
    createdAt: at,
    updatedAt: at,
  });
  const entry = await m.outbox.collection.insertOne({
    teamId,
    key: 'interleave:dm',
    state: 'pending',
    payload: { channel: 'U0MANAGER1', text: BOTH },
    createdAt: at,
    updatedAt: at,
  });
  await m.seenEvents.collection.insertOne({
    _id: `${teamId}:Ev0INTERLEAVE` as never,
    teamId,
    type: 'message',
    at,
    status: 'failed',
    attempts: 1,
    payload: JSON.stringify({ event: { type: 'message', user: 'U0WRITER01', text: BOTH } }),
  });
  return {
    teamId,
    read: {
      customers: async () => (await m.customers.findById(c._id).lean())?.notes,
      interactions: async () =>
        (await m.interactions.collection.findOne({ _id: interaction.insertedId }))?.summary,
      tasks: async () => (await m.tasks.collection.findOne({ _id: task.insertedId }))?.content,
      outbox: async () =>
        (
          (await m.outbox.collection.findOne({ _id: entry.insertedId }))?.payload as {
            text?: string;
          }
        )?.text,
      seenEvents: async () => {
        const ev = await m.seenEvents.findById(`${teamId}:Ev0INTERLEAVE`).lean();
        return (JSON.parse(ev!.payload!) as { event: { text: string } }).event.text;
      },
    },
  };
}

/** The erasures' reads of each collection's documents to rewrite (scrubUser's). */
const reads: [keyof Models, (filter: Record<string, unknown>) => boolean][] = [
  ['customers', (f) => '$or' in f],
  ['interactions', (f) => '$or' in f],
  ['tasks', (f) => '$or' in f],
  // The workspace's rendered messages, read whole.
  ['outbox', (f) => Object.keys(f).join() === 'teamId'],
  ['seenEvents', (f) => 'payload' in f],
];

test.each(reads)(
  'two erasures at once, the one that writes last having read %s before the other wrote: neither person is named there again',
  async (name, when) => {
    const { teamId, read } = await seed();
    const other = new DataSubjectRepository(app.db.models);
    const now = app.clock.now();
    let ranBetween = false;
    const heldUp = new DataSubjectRepository(
      readBefore(app.db.models, name, when, async () => {
        expect(await read[name]!()).toBe(BOTH);
        await other.scrubUser(teamId, OTHER, true, now);
        ranBetween = true;
        // The other erasure took its person out before the held-up one writes.
        expect(await read[name]!()).toBe(`Call <@${HELD_UP}> or [erased] about the coolant leak`);
      }),
    );
    await heldUp.scrubUser(teamId, HELD_UP, true, now);
    expect(ranBetween).toBe(true);
    // What a manager reads there (the customer's notes, a revisit's summary, a task, a DM
    // still to go, an event still to be done): neither person named.
    expect(await read[name]!()).toBe(NEITHER);
    for (const text of Object.values(read)) expect(await text()).toBe(NEITHER);
  },
);

test('two erasures at once, the one that writes last having read a customer before the other took its person off the customer’s rename mark: that person is held there no more', async () => {
  const { teamId } = await seed();
  const m = app.db.models;
  // A rename whose copies are still owed, made when OTHER owned the customer as a guest; its
  // notes name only HELD_UP, so the other erasure takes OTHER off the mark alone.
  const customer = await makeCustomer(app, { name: 'Jiangnan Tools' });
  await m.customers.updateOne(
    { code: customer.code },
    {
      $set: {
        notes: `Ask <@${HELD_UP}> first`,
        namesOwed: { revision: 1, at: app.clock.now(), from: [OTHER] },
      },
    },
    { timestamps: false },
  );
  const other = new DataSubjectRepository(m);
  const now = app.clock.now();
  const heldUp = new DataSubjectRepository(
    readBefore(
      m,
      'customers',
      (f) => '$or' in f,
      () => other.scrubUser(teamId, OTHER, true, now).then(() => undefined),
    ),
  );
  await heldUp.scrubUser(teamId, HELD_UP, true, now);
  const after = (await m.customers.findOne({ code: customer.code }).lean())!;
  expect(after.notes).toBe('Ask [erased] first');
  expect(await heldIn(app, OTHER)).toEqual([]);
});
