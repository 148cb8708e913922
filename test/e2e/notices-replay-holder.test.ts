// A request that finds an earlier change's notices still owed writes the whole replay of the
// ticket's recent notices (TicketFlows.act, `owedEarlier`). A reopen or resume in it is told to
// whoever held the ticket once it happened, not to whoever holds it now (revland53 F2).
import { expect, test, vi } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { submitLastModal } from '../helpers/clicks.js';

const TRIAGE = 'C0TRIAGE01';
const AGENT2 = 'U0AGENT002';
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

test('a Note replaying a reassign cut short: the new holder is told it was handed to them, and not that the ticket came back to them for a reopen its former holder did themselves the day before', async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const { number } = await makeTicket(app, { customerCode: code });
  await app.setSettings(() => ({ agents: [AGENT, AGENT2], openDesk: false }));
  await act(app, number, { action: 'claim' }, AGENT);
  await act(app, number, { action: 'resolve', summary: 'done' } as never, AGENT);
  await app.slack.blockAction(
    { action_id: 'ticket_reopen', value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  await app.desk.outbox.drain();
  // A day later: reassign to AGENT2 whose notices' write fails (cut short: mark left).
  app.clock.set('2026-11-25T02:00:00Z');
  const outbox = app.desk.services.outbox;
  const cut = vi.spyOn(outbox, 'batch').mockRejectedValueOnce(new Error('database down'));
  try {
    await app.slack.blockAction(
      { action_id: 'ticket_reassign_open', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    await submitLastModal(app, { assignee: AGENT2 }, AGENT);
  } finally {
    cut.mockRestore();
  }
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(doc.assigneeId).toBe(AGENT2);
  expect(doc.noticesOwedAt).toBeDefined();
  app.clock.set('2026-11-25T02:00:30Z');
  app.fake.reset();
  await app.slack.blockAction(
    { action_id: 'ticket_note_open', value: number, block_id: 'ticket_actions' },
    { userId: AGENT2, channelId: TRIAGE },
  );
  await submitLastModal(app, { note: 'Looking' }, AGENT2);
  await app.desk.outbox.drain();
  const dms = app.fake.postsTo(AGENT2).map((c) => String(c.args.text));
  // The reassign's own DM, replayed: handed to AGENT2.
  expect(dms.length).toBeGreaterThan(0);
  expect(dms.filter((t) => /reopen/i.test(t))).toEqual([]);
  // Nor AGENT, who reopened it themselves.
  expect(
    app.fake
      .postsTo(AGENT)
      .map((c) => String(c.args.text))
      .filter((t) => /back with you/i.test(t)),
  ).toEqual([]);
});

test('a Reassign after a reopen released the ticket (its holder had left the desk) tells the former holder nothing: it was in the queue, not theirs', async () => {
  const MANAGER = 'U0MANAGER1';
  const { code } = await makeCustomer(app, { name: 'Xinda' });
  const { number } = await makeTicket(app, { customerCode: code });
  await app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT, AGENT2], openDesk: false }));
  await act(app, number, { action: 'claim' }, AGENT2);
  await act(app, number, { action: 'resolve', summary: 'Fixed' } as never, AGENT2);
  await app.setSettings(() => ({ agents: [AGENT] })); // AGENT2 leaves the desk
  await app.slack.blockAction(
    { action_id: 'ticket_reopen', value: number, block_id: 'ticket_actions' },
    { userId: MANAGER, channelId: TRIAGE },
  );
  const reopened = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(reopened.status).toBe('new');
  expect(reopened.assigneeId).toBeUndefined();
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  app.fake.reset();
  await app.slack.blockAction(
    { action_id: 'ticket_reassign_open', value: number, block_id: 'ticket_actions' },
    { userId: MANAGER, channelId: TRIAGE },
  );
  await submitLastModal(app, { assignee: AGENT }, MANAGER);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect((await app.db.models.tickets.findOne({ number }).lean())!.assigneeId).toBe(AGENT);
  // The new holder is told; the one the reopen released is not told "it is no longer yours".
  expect(
    app.fake
      .postsTo(AGENT)
      .map((c) => String(c.args.text))
      .join('\n'),
  ).toContain(number);
  expect(app.fake.postsTo(AGENT2)).toEqual([]);
});

test('a reassign cut short, replayed by a manager reassigning the ticket on: whom it was handed to first is told neither that it is theirs nor that it no longer is; the new holder is told', async () => {
  const AGENT3 = 'U0AGENT003';
  const MANAGER = 'U0MANAGER1';
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const { number } = await makeTicket(app, { customerCode: code });
  await app.setSettings((s) => ({
    ...s,
    agents: [AGENT, AGENT2, AGENT3],
    managers: [MANAGER],
    openDesk: false,
  }));
  await act(app, number, { action: 'claim' }, AGENT);
  await app.desk.outbox.drain();
  const reassign = async (by: string, to: string) => {
    await app.slack.blockAction(
      { action_id: 'ticket_reassign_open', value: number, block_id: 'ticket_actions' },
      { userId: by, channelId: TRIAGE },
    );
    await submitLastModal(app, { assignee: to }, by);
  };
  // AGENT hands it to AGENT2: the notices' write fails (the mark is left on the ticket).
  const cut = vi.spyOn(app.desk.services.outbox, 'batch').mockRejectedValueOnce(new Error('down'));
  try {
    await reassign(AGENT, AGENT2);
  } finally {
    cut.mockRestore();
  }
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect([doc.assigneeId, !!doc.noticesOwedAt]).toEqual([AGENT2, true]);
  // A minute later the manager hands it on to AGENT3: its request replays the first reassign.
  app.clock.advance(60_000);
  app.fake.reset();
  await reassign(MANAGER, AGENT3);
  await app.desk.outbox.drain();
  expect((await app.db.models.tickets.findOne({ number }).lean())!.assigneeId).toBe(AGENT3);
  expect(app.fake.postsTo(AGENT2).map((c) => String(c.args.text))).toEqual([]);
  const toAgent3 = app.fake.postsTo(AGENT3).map((c) => String(c.args.text));
  expect(toAgent3).toHaveLength(1);
  expect(toAgent3[0]).toContain(`<@${MANAGER}>`);
  // The thread has both lines, the first reassign's before the second's.
  const thread = app.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === TRIAGE && c.args.thread_ts)
    .map((c) => String(c.args.text));
  const first = thread.findIndex((t) => t.includes(`<@${AGENT2}>`));
  const second = thread.findIndex((t) => t.includes(`<@${AGENT3}>`));
  expect(first).toBeGreaterThanOrEqual(0);
  expect(second).toBeGreaterThan(first);
});
