// A ticket's card in a former triage channel that an admin has since linked to a customer
// (/desk channel link): the customer reads that channel now, so the card is never updated there
// and a new one is posted in the triage channel. The thread lines owed under the old card (the
// change that found it, a claim, first of all) go under the new card, once and in order; nothing
// of the desk's goes where the customer reads.
import { trusted } from 'mongoose';
import { expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { runDue } from '../../src/schedule/runner.js';
import { useTestApp } from '../helpers/app.js';
import { submitLastModal } from '../helpers/clicks.js';
import { AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { failCalls } from '../helpers/faults.js';
import { jobDeps } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const TRIAGE = 'C0TRIAGE01';
const NEXT = 'C0TRIAGE02';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

const cardOf = async (number: string) =>
  (await app.db.models.tickets.findOne({ number }).lean())!.card;

/**
 * A ticket's card posted in TRIAGE (then `meanwhile`); the admin then makes NEXT the triage
 * channel (Channels form) and links TRIAGE to the ticket's customer (/desk channel link, run
 * there). Slack's record of calls cleared after.
 */
async function cardInChannelLinkedSince(meanwhile?: (number: string) => Promise<void>) {
  const customer = await makeCustomer(app);
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  const ticket = await makeTicket(app, { customerCode: customer.code });
  await app.desk.outbox.drain();
  expect((await cardOf(ticket.number)).channel).toBe(TRIAGE);
  await meanwhile?.(ticket.number);
  await app.slack.command('/desk', 'settings channels', { userId: ADMIN });
  await submitLastModal(app, { channel_triage: NEXT }, { userId: ADMIN });
  const linked = await app.slack.command('/desk', `channel link ${customer.code}`, {
    userId: ADMIN,
    channelId: TRIAGE,
  });
  expect(linked.status).toBe(200);
  expect(await app.db.models.channelLinks.countDocuments({ channelId: TRIAGE })).toBe(1);
  await app.desk.outbox.drain();
  app.fake.reset();
  return ticket;
}

const claim = (number: string) =>
  app.slack.blockAction(
    { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );

/** Nothing of the desk's posted or updated in `channel`, in the fake's calls from the `from`th on. */
const nothingOfTheDeskIn = (channel: string, from = 0) =>
  expect(
    app.fake.calls
      .slice(from)
      .filter(
        (c) =>
          c.method.startsWith('chat.') &&
          c.method !== 'chat.postEphemeral' &&
          c.args.channel === channel,
      ),
  ).toEqual([]);

/** Nothing of the desk's posted or updated in the customer's channel. */
const nothingWhereTheCustomerReads = () => nothingOfTheDeskIn(TRIAGE);

/** The new card in NEXT (one) and the lines Slack took in its thread, in order. */
function newCardAndThread(number: string) {
  const cards = app.fake.tookPostsTo(NEXT).filter((p) => !p.args.thread_ts);
  expect(cards).toHaveLength(1);
  expect(JSON.stringify(cards[0]!.args.blocks)).toContain(number);
  const ts = cards[0]!.answer!.ts;
  return {
    ts,
    lines: app.fake
      .tookPostsTo(NEXT)
      .filter((p) => p.args.thread_ts === ts)
      .map((p) => p.args.text),
  };
}

test('a claim finding the card’s channel linked to a customer since: a new card in the triage channel, and the claim’s line in its thread; nothing where the customer reads', async () => {
  const ticket = await cardInChannelLinkedSince();
  expect((await claim(ticket.number)).status).toBe(200);
  await app.desk.outbox.drain();

  nothingWhereTheCustomerReads();
  const { ts, lines } = newCardAndThread(ticket.number);
  expect(lines).toEqual([`<@${AGENT}> claimed it.`]);
  expect(await cardOf(ticket.number)).toMatchObject({ channel: NEXT, ts });
  expect(
    await app.db.models.outbox.countDocuments({ state: 'pending', kind: trusted({ $ne: 'home' }) }),
  ).toBe(0);
});

test('the new card’s post failing once (HTTP 500): the next delivery posts the card, then the claim’s line under it, once', async () => {
  const ticket = await cardInChannelLinkedSince();
  app.fake.failNextHttp('chat.postMessage', 500);
  expect((await claim(ticket.number)).status).toBe(200);
  expect(app.fake.tookPostsTo(NEXT)).toEqual([]);
  app.clock.advance(5 * 60_000);
  await app.desk.outbox.drain();
  app.clock.advance(5 * 60_000);
  await app.desk.outbox.drain();

  nothingWhereTheCustomerReads();
  const { lines } = newCardAndThread(ticket.number);
  expect(lines).toEqual([`<@${AGENT}> claimed it.`]);
});

test('the claim’s line failing once (HTTP 500) after the new card went out: tried again under the new card, once', async () => {
  const ticket = await cardInChannelLinkedSince();
  app.fake.passNext('chat.postMessage');
  app.fake.failNextHttp('chat.postMessage', 500);
  expect((await claim(ticket.number)).status).toBe(200);
  expect(newCardAndThread(ticket.number).lines).toEqual([]);
  app.clock.advance(5 * 60_000);
  await app.desk.outbox.drain();
  app.clock.advance(5 * 60_000);
  await app.desk.outbox.drain();

  nothingWhereTheCustomerReads();
  expect(newCardAndThread(ticket.number).lines).toEqual([`<@${AGENT}> claimed it.`]);
});

test('a note’s line still owed under the old card (Slack failed it a moment ago), then the claim: both go in the new card’s thread, the note first, once each', async () => {
  const ticket = await cardInChannelLinkedSince(async (number) => {
    await app.slack.blockAction(
      { action_id: 'ticket_note_open', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    app.fake.answerNextPostsTo(TRIAGE, [{ error: 'internal_error' }]);
    const noted = await submitLastModal(app, { note: 'Call them back' }, { userId: AGENT });
    expect(noted.status).toBe(200);
    expect(app.fake.callsTo('chat.postMessage').at(-1)!.outcome).toBe('error');
  });
  expect((await claim(ticket.number)).status).toBe(200);
  await app.desk.outbox.drain();
  app.clock.advance(5 * 60_000);
  await app.desk.outbox.drain();

  nothingWhereTheCustomerReads();
  const { lines } = newCardAndThread(ticket.number);
  expect(lines).toHaveLength(2);
  expect(lines[0]).toContain('Call them back');
  expect(lines[1]).toBe(`<@${AGENT}> claimed it.`);
});

test('a note’s line Slack refused a moment ago (its back-off of 30 s running), then the claim posts the card anew: the line keeps to its back-off rather than going right after the card, the claim’s line behind it; then both go, in order, once', async () => {
  const ticket = await cardInChannelLinkedSince(async (number) => {
    await app.slack.blockAction(
      { action_id: 'ticket_note_open', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    app.fake.answerNextPostsTo(TRIAGE, [{ error: 'invalid_blocks' }]);
    const noted = await submitLastModal(app, { note: 'Call them back' }, { userId: AGENT });
    expect(noted.status).toBe(200);
    expect(app.fake.callsTo('chat.postMessage').at(-1)!.outcome).toBe('error');
  });
  expect((await claim(ticket.number)).status).toBe(200);
  await app.desk.outbox.drain();
  // The new card is out; nothing in its thread before the note's back-off is over.
  expect(newCardAndThread(ticket.number).lines).toEqual([]);
  app.clock.advance(31_000);
  await app.desk.outbox.drain();

  nothingWhereTheCustomerReads();
  const lines = await noneOwedNoneTwice(ticket.number);
  expect(lines).toHaveLength(2);
  expect(lines[0]).toContain('Call them back');
  expect(lines[1]).toBe(`<@${AGENT}> claimed it.`);
});

test('a triage channel cleared as shared with another organisation (Slack Connect) while a claim’s line is still owed under a card there: the line goes under the card posted anew in the next triage channel, not dropped', async () => {
  await app.setSettings(() => ({ agents: [AGENT] }));
  const ticket = await makeTicket(app);
  await app.desk.outbox.drain();
  expect((await cardOf(ticket.number)).channel).toBe(TRIAGE);
  // The claim's card update goes; its line, Slack failing it, waits to be tried again.
  app.fake.answerNextPostsTo(TRIAGE, [{ error: 'internal_error' }]);
  expect((await claim(ticket.number)).status).toBe(200);
  expect(app.fake.callsTo('chat.postMessage').at(-1)!.outcome).toBe('error');
  const before = app.fake.calls.length;
  app.fake.channels.set(TRIAGE, { is_ext_shared: true });
  await app.slack.eventDelivery(
    { type: 'channel_shared', channel: TRIAGE, connected_team_id: 'T0OTHERORG' },
    { eventId: 'Ev0SHARED01' },
  );
  await app.desk.outbox.drain();
  await app.slack.command('/desk', 'settings channels', { userId: ADMIN });
  await submitLastModal(app, { channel_triage: NEXT }, { userId: ADMIN });
  await app.desk.outbox.drain();
  // The line, due again, has its card written again and waits for it; then goes under it.
  for (let pass = 0; pass < 3; pass++) {
    app.clock.advance(5 * 60_000);
    await app.desk.outbox.drain();
  }

  nothingOfTheDeskIn(TRIAGE, before);
  expect(newCardAndThread(ticket.number).lines).toEqual([`<@${AGENT}> claimed it.`]);
});

/** A note's line owed under the old card (Slack failed it), before the channel was linked. */
const noteOwed = (text: string) => async (number: string) => {
  await app.slack.blockAction(
    { action_id: 'ticket_note_open', value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  app.fake.answerNextPostsTo(TRIAGE, [{ error: 'internal_error' }]);
  expect((await submitLastModal(app, { note: text }, { userId: AGENT })).status).toBe(200);
};

const later = async (passes = 3) => {
  await app.desk.outbox.drain();
  for (let pass = 0; pass < passes; pass++) {
    app.clock.advance(5 * 60_000);
    await app.desk.outbox.drain();
  }
};

/** The desk's thread lines of the ticket: none still owed; none went out twice. */
async function noneOwedNoneTwice(number: string) {
  expect(
    await app.db.models.outbox.countDocuments({ state: 'pending', kind: trusted({ $ne: 'home' }) }),
  ).toBe(0);
  const { lines } = newCardAndThread(number);
  expect(new Set(lines).size).toBe(lines.length);
  return lines;
}

/** The one write that has the cards' entries forget their place in a channel left. */
const cardsForget = (ops: unknown) =>
  Array.isArray(ops) &&
  ops.some(
    (op: {
      updateOne?: { filter?: { kind?: unknown }; update?: { $unset?: { result?: unknown } } };
    }) =>
      op.updateOne?.filter?.kind === 'ticket.card' &&
      op.updateOne.update?.$unset?.result !== undefined,
  );

/** The note's and the claim's lines in the new card's thread, once each, in order. */
async function noteThenClaim(number: string) {
  const lines = await noneOwedNoneTwice(number);
  expect(lines).toHaveLength(2);
  expect(lines[0]).toContain('Internal: customer is a pain');
  expect(lines[1]).toBe(`<@${AGENT}> claimed it.`);
}

/**
 * A note owed under a card in the channel linked since, then a claim with one write failing
 * (`fail` arms it, returning its undo) and the passes after: nothing where the customer reads.
 */
async function claimFailing(fail: () => () => void): Promise<string> {
  const ticket = await cardInChannelLinkedSince(noteOwed('Internal: customer is a pain'));
  const restore = fail();
  try {
    await claim(ticket.number);
  } finally {
    restore();
  }
  await later();
  nothingWhereTheCustomerReads();
  return ticket.number;
}

// Cut short before the lines follow their card: the leave runs again (a card's entry still names
// the channel) and the lines follow their card then; never posted where the customer reads.
test('the cards’ entries failing to forget their old place (database failing once) as the claim’s card leaves the channel: nothing where the customer reads; the note and the claim’s line in the new card’s thread, once, in order', async () => {
  const number = await claimFailing(() =>
    failCalls(app.db.models.outbox, 'bulkWrite', { when: cardsForget as never }),
  );
  await noteThenClaim(number);
});

/** The claim's own outbox write (its card's entry written again, with its line). */
const claimsOwnWrite = (ops: unknown) =>
  Array.isArray(ops) &&
  ops.some(
    (op: { updateOne?: { update?: { $setOnInsert?: { kind?: unknown } } } }) =>
      op.updateOne?.update?.$setOnInsert?.kind === 'ticket.card',
  );

// The claim saved, its card and line not written: the card is drawn again by the outbox upkeep,
// which leaves the channel as the claim's delivery would have; the outbox job's repair (the
// claim's notices owed) writes its line, under the new card.
test('the claim’s own outbox write refused once (database), a note owed under the card in the channel linked since: nothing where the customer reads; the note, then the claim’s line by the outbox job’s repair, in the new card’s thread, nothing owed, nothing twice', async () => {
  const number = await claimFailing(() =>
    failCalls(app.db.models.outbox, 'bulkWrite', { when: claimsOwnWrite as never }),
  );
  expect((await app.db.models.tickets.findOne({ number }).lean())!.noticesOwedAt).toBeDefined();
  expect(newCardAndThread(number).lines).not.toContain(`<@${AGENT}> claimed it.`);
  // The outbox job's run (the repair's wait long over), as the minute ticker runs it.
  const [run] = await runDue(jobDeps(app), [outboxJob]);
  expect(run!.counts).toMatchObject({ repaired: 1 });
  await later();
  nothingWhereTheCustomerReads();
  expect((await app.db.models.tickets.findOne({ number }).lean())!.noticesOwedAt).toBeUndefined();
  await noteThenClaim(number);
});

/** The one write that has the lines owed under the cards follow them (`linesFollowCards`). */
const linesFollow = (ops: unknown) =>
  Array.isArray(ops) &&
  ops.some(
    (op: { updateMany?: { update?: { $set?: { thread?: { parentKey?: unknown } } } } }) =>
      op.updateMany?.update?.$set?.thread?.parentKey !== undefined,
  );

test('the write that has the lines follow their card refused once (database), the cards having forgotten their old place: nothing where the customer reads; the note and the claim’s line in the new card’s thread, once, in order', async () => {
  const number = await claimFailing(() =>
    failCalls(app.db.models.outbox, 'bulkWrite', { when: linesFollow as never }),
  );
  await noteThenClaim(number);
});

test('a line following its card while the card’s entry still says it is in the channel linked since (another instance’s pass between the two writes): not posted there', async () => {
  const ticket = await cardInChannelLinkedSince(noteOwed('Internal: customer is a pain'));
  // As an instance that died between the lines' re-addressing and the cards' forgetting would
  // have left them: the note addressed to follow its card, the card's entry still in TRIAGE.
  const card = await cardOf(ticket.number);
  const entry = await app.db.models.outbox
    .findOne({ kind: 'ticket.card', 'result.channel': TRIAGE })
    .lean();
  expect(entry?.result?.ts).toBe(card.ts);
  const moved = await app.db.models.outbox.updateMany(
    { state: 'pending', to: TRIAGE, 'thread.ts': card.ts },
    { $set: { to: 'triage', thread: { parentKey: entry!.key } } },
  );
  expect(moved.modifiedCount).toBe(1);
  await later();
  nothingWhereTheCustomerReads();

  // The card's next update posts it anew in the triage channel: the note follows it there.
  expect((await claim(ticket.number)).status).toBe(200);
  await later();
  nothingWhereTheCustomerReads();
  const lines = await noneOwedNoneTwice(ticket.number);
  expect(lines).toHaveLength(2);
  expect(lines[0]).toContain('Internal: customer is a pain');
  expect(lines[1]).toBe(`<@${AGENT}> claimed it.`);
});

// Another instance delivering a line under the card between this one's two writes (the cards'
// entries forgot their place, the lines not re-addressed yet): it finds the card by the place it
// left, and the line follows it, not dropped.
test('a line delivered while the card’s entry has forgotten its place in the channel linked since and the lines are not re-addressed yet (another instance between the two writes): it follows its card, once, in order', async () => {
  const ticket = await cardInChannelLinkedSince(noteOwed('Internal: customer is a pain'));
  const card = await cardOf(ticket.number);
  // As the other instance's leave is between its two writes: the tickets' cards forgotten
  // (TicketRepository.cardsLeft), then the cards' entries' places; the note not re-addressed.
  const forgot = await app.db.models.outbox.updateMany(
    { kind: 'ticket.card', 'result.channel': TRIAGE },
    { $rename: { result: 'left' } },
  );
  expect(forgot.modifiedCount).toBe(1);
  await app.db.models.tickets.updateOne(
    { number: ticket.number },
    {
      $set: { 'card.pending': true },
      $unset: { 'card.channel': '', 'card.ts': '', 'card.permalink': '' },
    },
  );
  expect(
    await app.db.models.outbox.countDocuments({
      state: 'pending',
      to: TRIAGE,
      'thread.ts': card.ts,
    }),
  ).toBe(1);
  // The note's delivery (the other instance): its card is found by the place it left.
  await later();
  nothingWhereTheCustomerReads();
  expect((await claim(ticket.number)).status).toBe(200);
  await later();
  nothingWhereTheCustomerReads();
  await noteThenClaim(ticket.number);
});

const THIRD = 'C0TRIAGE03';

// A card can leave more than one channel: its entry keeps every place it left, so a line still
// owed under the first (its leave cut short) follows the card even after it left a second one.
test('a card that left a channel (its lines not moved yet), was posted anew and left that channel too: the line still owed under its first place follows it to its third card, once; nothing where either customer reads', async () => {
  const ticket = await cardInChannelLinkedSince(noteOwed('Internal: customer is a pain'));
  const first = await cardOf(ticket.number);
  // The leave of TRIAGE cut short after the cards forgot their place (as an instance of the
  // version before wrote it: one place), the note not re-addressed yet.
  await app.db.models.outbox.updateMany(
    { kind: 'ticket.card', 'result.channel': TRIAGE },
    { $rename: { result: 'left' } },
  );
  await app.db.models.tickets.updateOne(
    { number: ticket.number },
    {
      $set: { 'card.pending': true },
      $unset: { 'card.channel': '', 'card.ts': '', 'card.permalink': '' },
    },
  );
  // The claim posts the card anew in NEXT (the note, waiting to be tried again, not due yet).
  expect((await claim(ticket.number)).status).toBe(200);
  await app.desk.outbox.drain();
  expect(await cardOf(ticket.number)).toMatchObject({ channel: NEXT });
  expect(
    await app.db.models.outbox.countDocuments({
      state: 'pending',
      to: TRIAGE,
      'thread.ts': first.ts,
    }),
  ).toBe(1);
  // NEXT is left in turn: triage moved to THIRD, NEXT linked to another customer; a note finds it.
  const other = await makeCustomer(app, { name: 'Other Ltd', ownerId: ADMIN });
  await app.slack.command('/desk', 'settings channels', { userId: ADMIN });
  await submitLastModal(app, { channel_triage: THIRD }, { userId: ADMIN });
  const linked = await app.slack.command('/desk', `channel link ${other.code}`, {
    userId: ADMIN,
    channelId: NEXT,
  });
  expect(linked.status).toBe(200);
  await app.desk.outbox.drain();
  const before = app.fake.calls.length;
  await app.slack.blockAction(
    { action_id: 'ticket_note_open', value: ticket.number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: NEXT },
  );
  expect((await submitLastModal(app, { note: 'Second note' }, { userId: AGENT })).status).toBe(200);
  await later();

  nothingWhereTheCustomerReads();
  nothingOfTheDeskIn(NEXT, before);
  const cards = app.fake.tookPostsTo(THIRD).filter((p) => !p.args.thread_ts);
  expect(cards).toHaveLength(1);
  const lines = app.fake
    .tookPostsTo(THIRD)
    .filter((p) => p.args.thread_ts === cards[0]!.answer!.ts)
    .map((p) => String(p.args.text));
  expect(lines).toHaveLength(2);
  expect(lines.filter((l) => l.includes('Internal: customer is a pain'))).toHaveLength(1);
  expect(lines.filter((l) => l.includes('Second note'))).toHaveLength(1);
  expect(
    await app.db.models.outbox.countDocuments({ state: 'pending', kind: trusted({ $ne: 'home' }) }),
  ).toBe(0);
});

// The leave cut short before the cards forgot their place (the database refusing that write as
// the channel is cleared as shared), and the ticket's next update posting its card anew in the
// next triage channel before anything runs the leave again (a card in a channel cleared as
// shared is posted anew at once): the card's entry no longer names the old channel, so the line
// owed under the old card cannot follow it; it is dropped or follows, never posted there.
test('a triage channel cleared as shared with the cards’ forget refused once (database), a note owed under a card there, the card posted anew before the leave runs again: nothing in the shared channel; the claim’s line under the new card, the note at most once, nothing owed', async () => {
  await app.setSettings(() => ({ agents: [AGENT] }));
  const ticket = await makeTicket(app);
  await app.desk.outbox.drain();
  const old = await cardOf(ticket.number);
  expect(old.channel).toBe(TRIAGE);
  await noteOwed('Internal: customer is a pain')(ticket.number);
  const before = app.fake.calls.length;
  app.fake.channels.set(TRIAGE, { is_ext_shared: true });
  const restore = failCalls(app.db.models.outbox, 'bulkWrite', { when: cardsForget as never });
  try {
    await app.slack.eventDelivery(
      { type: 'channel_shared', channel: TRIAGE, connected_team_id: 'T0OTHERORG' },
      { eventId: 'Ev0SHARED02' },
    );
  } finally {
    restore();
  }
  // The forget refused: the card's entry still says it is in TRIAGE, the note still owed there.
  const entry = () => app.db.models.outbox.findOne({ kind: 'ticket.card' }).lean();
  expect((await entry())?.result).toMatchObject({ channel: TRIAGE, ts: old.ts });
  await app.slack.command('/desk', 'settings channels', { userId: ADMIN });
  await submitLastModal(app, { channel_triage: NEXT }, { userId: ADMIN });
  expect((await claim(ticket.number)).status).toBe(200);
  // The card posted anew in NEXT, its entry no longer naming TRIAGE (the leave not run again).
  expect((await entry())?.result?.channel).toBe(NEXT);
  expect(JSON.stringify((await entry())?.left ?? [])).not.toContain(TRIAGE);
  await later();

  nothingOfTheDeskIn(TRIAGE, before);
  const lines = await noneOwedNoneTwice(ticket.number);
  expect(lines).toContain(`<@${AGENT}> claimed it.`);
  expect(
    lines.filter((l) => String(l).includes('Internal: customer is a pain')).length,
  ).toBeLessThan(2);
});
