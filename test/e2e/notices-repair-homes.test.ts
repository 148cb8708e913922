// A ticket change cut short before its notices (the outbox write failed, the process died) is
// announced by the outbox job's repair with the Homes the request would have redrawn: for a
// claim of a ticket nobody held, its account manager's too (their Home listed it among their
// customers' tickets nobody holds) (revland48a F2).
import { expect, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { submitLastModal } from '../helpers/clicks.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});

const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;

test('a Claim of a ticket nobody held, cut short before its notices: the repair redraws the account manager’s Home too', async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const { number } = await makeTicket(app, { customerCode: code });
  expect((await stored(number)).accountManagerId).toBe(OWNER);
  await app.desk.outbox.drain();
  await runJobAt(app, outboxJob, '2026-11-24T02:00:30Z');
  // The claim's notices are not written (the database fails then): the claim stands.
  const outbox = app.desk.services.outbox;
  const cut = vi.spyOn(outbox, 'batch').mockRejectedValueOnce(new Error('database down'));
  try {
    await app.slack.blockAction(
      { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
  } finally {
    cut.mockRestore();
  }
  expect(await stored(number)).toMatchObject({ assigneeId: AGENT });
  expect((await stored(number)).noticesOwedAt).toBeDefined();
  // The repair two minutes on, then the Homes it wrote published (runJobAt forgets the calls
  // before each run: counted after each).
  const published = { agent: 0, owner: 0 };
  for (const at of ['2026-11-24T02:03:00Z', '2026-11-24T02:10:00Z']) {
    await runJobAt(app, outboxJob, at);
    published.agent += app.fake.homesPublishedTo(AGENT).length;
    published.owner += app.fake.homesPublishedTo(OWNER).length;
  }
  expect((await stored(number)).noticesOwedAt).toBeUndefined();
  expect(published.agent).toBeGreaterThan(0);
  expect(published.owner).toBeGreaterThan(0);
});

test('a Claim cut short before its notices, then a Note within the repair’s wait: the claim’s line is in the thread once, before the note’s', async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const { number } = await makeTicket(app, { customerCode: code });
  await app.desk.outbox.drain();
  await runJobAt(app, outboxJob, '2026-11-24T02:00:30Z');
  // The claim's notices are not written (the database fails then): the claim stands, owing them.
  const outbox = app.desk.services.outbox;
  const cut = vi.spyOn(outbox, 'batch').mockRejectedValueOnce(new Error('database down'));
  try {
    await app.slack.blockAction(
      { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
  } finally {
    cut.mockRestore();
  }
  expect((await stored(number)).noticesOwedAt).toBeDefined();
  // Thirty seconds on (the repair waits two minutes), a Note on the card.
  app.clock.set('2026-11-24T02:01:00Z');
  app.fake.reset();
  await app.slack.blockAction(
    { action_id: 'ticket_note_open', value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  await submitLastModal(app, { note: 'Calling them back' }, AGENT);
  await app.desk.outbox.drain();
  const lines = app.fake.tookPostsTo(TRIAGE).map((c) => String(c.args.text));
  const homes = { owner: app.fake.homesPublishedTo(OWNER).length };
  // The outbox job after the repair's wait: nothing left owed, nothing posted again.
  for (const at of ['2026-11-24T02:03:30Z', '2026-11-24T02:10:00Z']) {
    const [run] = await runJobAt(app, outboxJob, at);
    expect(run!.counts).toMatchObject({ repaired: 0 });
    lines.push(...app.fake.tookPostsTo(TRIAGE).map((c) => String(c.args.text)));
    homes.owner += app.fake.homesPublishedTo(OWNER).length;
  }
  expect(lines).toEqual([`<@${AGENT}> claimed it.`, expect.stringContaining('Calling them back')]);
  expect((await stored(number)).noticesOwedAt).toBeUndefined();
  // The account manager's Home no longer lists it among their customers' tickets nobody holds.
  expect(homes.owner).toBeGreaterThan(0);
});

test('a Claim still writing its notices when a Note follows (another instance, a few ms later): each line goes once, the claim’s first', async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const { number } = await makeTicket(app, { customerCode: code });
  await app.desk.outbox.drain();
  await runJobAt(app, outboxJob, '2026-11-24T02:00:30Z');
  // The claim's request held just before it writes its notices (saved, acked, marked owing them).
  const outbox = app.desk.services.outbox;
  const real = outbox.batch.bind(outbox);
  let reached!: () => void;
  const atBatch = new Promise<void>((resolve) => (reached = resolve));
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const held = vi.spyOn(outbox, 'batch').mockImplementationOnce(async (...args) => {
    reached();
    await gate;
    return real(...args);
  });
  try {
    const claim = app.slack.blockAction(
      { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    await atBatch;
    expect((await stored(number)).noticesOwedAt).toBeDefined();
    // The Note meanwhile: it writes the claim's line too, then its own.
    await app.slack.blockAction(
      { action_id: 'ticket_note_open', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    await submitLastModal(app, { note: 'Calling them back' }, AGENT);
    // The claim's request goes on: what it writes is there already, nothing goes twice.
    release();
    await claim;
  } finally {
    held.mockRestore();
  }
  await app.desk.outbox.drain();
  const lines = app.fake.tookPostsTo(TRIAGE).map((c) => String(c.args.text));
  const [run] = await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
  expect(run!.counts).toMatchObject({ repaired: 0 });
  lines.push(...app.fake.tookPostsTo(TRIAGE).map((c) => String(c.args.text)));
  expect(lines).toEqual([`<@${AGENT}> claimed it.`, expect.stringContaining('Calling them back')]);
  expect((await stored(number)).noticesOwedAt).toBeUndefined();
});
