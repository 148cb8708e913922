// A ticket waiting on its customer is handed to someone else from its card (its holder leaves,
// is away): it stays waiting, its clock paused, and the new holder is told. Through the real Bolt
// HTTP path: signed requests, the fake Slack, the test database.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeTicket } from '../helpers/factories.js';
import { offeredIds } from '../helpers/ui.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';
const OTHER = 'U0AGENT002';
const THIRD = 'U0AGENT003';

// Tuesday 2026-11-24 10:00 in Shanghai; business hours Mon-Fri 09:00-18:00.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});

const click = (actionId: string, number: string, userId: string) =>
  app.slack.blockAction(
    { action_id: actionId, value: number, block_id: 'ticket_actions' },
    { userId, channelId: TRIAGE },
  );
const lastView = () => app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;
const said = (to: string) => app.fake.postsTo(to).map((c) => String(c.args.text));

/** The ticket's card in the triage channel as last drawn: its blocks as text, its buttons. */
function triageCard(number: string) {
  const call = app.fake.calls
    .filter(
      (c) =>
        ['chat.postMessage', 'chat.update'].includes(c.method) &&
        c.args.channel === TRIAGE &&
        JSON.stringify(c.args.blocks ?? '').includes(number),
    )
    .at(-1)!;
  const blocks = (
    typeof call.args.blocks === 'string' ? JSON.parse(call.args.blocks) : call.args.blocks
  ) as any[];
  // (a "…" menu's choices as the buttons they stand for)
  const buttons = offeredIds(blocks);
  return { text: JSON.stringify(blocks), buttons };
}

test('a waiting ticket is reassigned from its card, by its holder and by a manager: it stays waiting, the wait is not counted, the new holder is told', async () => {
  await app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT, OTHER, THIRD] }));
  const ticket = await makeTicket(app, { title: 'Printer offline' });
  await click('ticket_claim', ticket.number, AGENT);
  // 11:00: the agent answers and waits on the customer.
  app.clock.set('2026-11-24T03:00:00Z');
  await act(app, ticket.number, { action: 'wait', question: 'Which model is it?' }, AGENT);
  await app.desk.outbox.drain();
  const before = await stored(ticket.number);
  expect(before.status).toBe('waiting');

  // The waiting card offers Reassign.
  expect(triageCard(ticket.number).buttons).toContain('ticket_reassign_open');

  // Wednesday 15:00: the holder hands it on from the card.
  app.clock.set('2026-11-25T07:00:00Z');
  app.fake.reset();
  await click('ticket_reassign_open', ticket.number, AGENT);
  const res = await app.slack.submitView(lastView(), { assignee: OTHER }, { userId: AGENT });
  expect(res.body).toBe('');
  await app.desk.outbox.drain();

  // Still waiting, its clock paused from 11:00 on; no due time running.
  const moved = await stored(ticket.number);
  expect(moved).toMatchObject({ status: 'waiting', assigneeId: OTHER });
  expect(moved.pauses).toEqual(before.pauses);
  expect(moved.dueAt).toEqual(before.dueAt);
  expect((moved.timeline as any[]).at(-1)).toMatchObject({
    action: 'reassign',
    by: AGENT,
    assigneeId: OTHER,
  });

  // The new holder is told it is theirs, and that its clocks are paused.
  const dm = said(OTHER);
  expect(dm).toHaveLength(1);
  expect(dm[0]).toContain(`is yours now (L1), from <@${AGENT}>`);
  expect(dm[0]).toContain('Its SLA clocks are paused while it waits on the customer.');

  // The card: waiting, the new assignee, Reassign still offered.
  const card = triageCard(ticket.number);
  expect(card.text).toContain('Waiting on customer');
  expect(card.text).toContain(`<@${OTHER}>`);
  expect(card.buttons).toEqual(expect.arrayContaining(['ticket_resume', 'ticket_reassign_open']));

  // A manager hands it on again.
  app.fake.reset();
  await click('ticket_reassign_open', ticket.number, MANAGER);
  const byManager = await app.slack.submitView(
    lastView(),
    { assignee: THIRD },
    { userId: MANAGER },
  );
  expect(byManager.body).toBe('');
  await app.desk.outbox.drain();
  expect(await stored(ticket.number)).toMatchObject({ status: 'waiting', assigneeId: THIRD });
  expect(said(THIRD)).toHaveLength(1);

  // Thursday 10:00 the customer answers; resolved at 11:00: only the business hours before the
  // wait (10:00-11:00 Tuesday) and after it (10:00-11:00 Thursday) count.
  app.clock.set('2026-11-26T02:00:00Z');
  await act(app, ticket.number, { action: 'resume' }, THIRD);
  app.clock.set('2026-11-26T03:00:00Z');
  await act(app, ticket.number, { action: 'resolve', summary: 'Driver reinstalled' }, THIRD);
  expect((await stored(ticket.number)).metrics).toMatchObject({
    resolutionMinutes: 120,
    reassignments: 2,
  });
});
