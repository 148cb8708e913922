// A resolved ticket stays open to its requester's reopen for the 7 days its resolved notice
// promises: its card's Close is no longer the primary button and Slack asks before it ends that
// window; the daily `tickets-close` job closes it once the window is over (as of then), so that
// retention reaches it.
import { describe, expect, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { ticketsCloseJob } from '../../jobs/tickets-close.js';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { submitLastModal } from '../helpers/clicks.js';

const TRIAGE = 'C0TRIAGE01';
const REQ = 'U0REQUEST1';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: 'U0ADMIN001' },
  now: '2026-11-24T02:00:00Z',
});

type Element = { action_id: string; value: string; style?: string; confirm?: any; text: any };

function elementsOf(args: Record<string, unknown>) {
  const blocks = (typeof args.blocks === 'string' ? JSON.parse(args.blocks) : args.blocks) as {
    type: string;
    block_id?: string;
    elements?: Element[];
  }[];
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements!.map((e) => ({ ...e, block_id: b.block_id! })));
}

/** The requester's "Not solved, reopen" button of the resolved notice with `summary`. */
function reopenButton(summary: string) {
  const resolved = app.fake
    .tookPostsTo(REQ)
    .find((c) => String(c.args.text).includes(`is resolved: ${summary}`))!;
  return elementsOf(resolved.args).find((e) => e.action_id === 'requester_reopen')!;
}

async function pressReopen(button: { action_id: string; value: string; block_id: string }) {
  await app.slack.blockAction(
    { action_id: button.action_id, value: button.value, block_id: button.block_id },
    { userId: REQ, channelId: 'D0REQUEST1' },
  );
  return String(app.fake.callsTo('response_url').at(-1)?.args.text ?? '');
}

const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;

/** AGENT's Done "solved" on the ticket's open revisit at `iso`, through its modal. */
async function revisitSolved(number: string, iso: string) {
  app.clock.set(iso);
  const task = (await app.db.models.tasks
    .findOne({ ticketNumber: number, kind: 'revisit', status: 'open' })
    .lean())!;
  await app.slack.blockAction({ action_id: 'task_done_open', value: task._id }, { userId: AGENT });
  await submitLastModal(app, { solved: 'yes', satisfaction: '4' }, AGENT);
}

/** What was posted in the card's thread (`ts`) in the triage channel. */
const threadLines = (ts: string) =>
  app.fake
    .tookPostsTo(TRIAGE)
    .filter((c) => c.args.thread_ts === ts)
    .map((c) => String(c.args.text));

describe('the reopen window of a resolved ticket', () => {
  test('Close on the resolved card asks first and is not primary; the requester reopens within the window; the desk closes it after', async () => {
    const ticket = await makeTicket(app, { requester: { userId: REQ } });
    await act(app, ticket.number, { action: 'claim' });
    app.fake.reset();
    await act(app, ticket.number, { action: 'resolve', summary: 'Replaced the encoder' });
    await app.desk.outbox.drain();
    // The card: Reopen, Add note, New task, Close; none primary; Close asks what it ends.
    const card = app.fake.callsTo('chat.update').at(-1)!;
    const buttons = elementsOf(card.args).filter((e) => e.block_id === 'ticket_actions');
    expect(buttons.map((b) => [b.text.text, b.style])).toEqual([
      ['Reopen', undefined],
      ['Add note', undefined],
      ['New task', undefined],
      ['Close', undefined],
    ]);
    expect(buttons[2]!.confirm).toBeUndefined();
    const confirm = buttons[3]!.confirm;
    expect([confirm.title, confirm.text, confirm.confirm, confirm.deny].map((p) => p.text)).toEqual(
      [
        `Close ${ticket.number} now?`,
        'Closing ends its reopen: until 7 days after the resolution its requester may still press Not solved, reopen or reply to reopen it, and nobody can reopen a closed ticket. The desk closes it by itself once those days are over and its revisit is done.',
        'Close now',
        'Keep it resolved',
      ],
    );

    // Six days on, the daily close leaves it resolved, and the requester's button reopens it.
    const first = reopenButton('Replaced the encoder');
    await runJobAt(app, ticketsCloseJob, '2026-11-30T01:00:00Z');
    expect((await stored(ticket.number)).status).toBe('resolved');
    await pressReopen(first);
    expect((await stored(ticket.number)).status).toBe('assigned');

    // Resolved again on Tuesday 1 Dec 10:00 (Shanghai); two instances run the daily close the
    // morning the window ends (Tue 8 Dec, 09:00): not yet closed (the window ends at 10:00).
    app.clock.set('2026-12-01T02:00:00Z');
    app.fake.reset();
    await act(app, ticket.number, { action: 'resolve', summary: 'Replaced the cable' });
    await app.desk.outbox.drain();
    const second = reopenButton('Replaced the cable');
    // Its revisit done on Friday 4 Dec: solved (the close waits for it).
    await revisitSolved(ticket.number, '2026-12-04T03:00:00Z');
    await runJobAt(app, ticketsCloseJob, '2026-12-08T01:00:00Z', ['a', 'b']);
    expect((await stored(ticket.number)).status).toBe('resolved');
    // The next morning: closed by the desk, once, as of the window's end.
    await runJobAt(app, ticketsCloseJob, '2026-12-09T01:00:00Z', ['a', 'b']);
    const closed = await stored(ticket.number);
    expect(closed).toMatchObject({
      status: 'closed',
      closedAt: new Date('2026-12-08T02:00:00Z'),
    });
    const closes = closed.timeline.filter((e) => e.action === 'close');
    expect(closes).toEqual([
      expect.objectContaining({ by: SYSTEM_ACTOR, at: new Date('2026-12-08T02:00:00Z') }),
    ]);
    // Its card shown again, closed, without buttons; one line in its thread (two instances ran);
    // no DM to the requester.
    const update = app.fake.callsTo('chat.update').at(-1)!;
    expect(update.args.ts).toBe(closed.card!.ts);
    expect(JSON.stringify(update.args.blocks)).toContain('Closed');
    expect(elementsOf(update.args).filter((e) => e.block_id === 'ticket_actions')).toEqual([]);
    expect(threadLines(closed.card!.ts!)).toEqual([
      'The days to reopen it are over: the desk closed it.',
    ]);
    // (the requester's DMs go to their DM channel, not to REQ: every post since the run is the line)
    expect(app.fake.callsTo('chat.postMessage').map((c) => c.args.thread_ts)).toEqual([
      closed.card!.ts,
    ]);
    // A second run the same day (a `--force`) closes nothing more, and says nothing again.
    await runJobAt(app, ticketsCloseJob, '2026-12-09T01:00:00Z');
    expect((await stored(ticket.number)).timeline.filter((e) => e.action === 'close')).toHaveLength(
      1,
    );
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
    // The requester's button, after the window, reopens nothing.
    await pressReopen(second);
    expect((await stored(ticket.number)).status).toBe('closed');
  });

  test('a run cut short before its notices: the outbox job writes the card and the close line, once, however old the resolution', async () => {
    const ticket = await makeTicket(app, { requester: { userId: REQ } });
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'resolve', summary: 'Replaced the encoder' });
    await app.desk.outbox.drain();
    const ts = (await stored(ticket.number)).card!.ts!;
    // Months on (the first run after a deploy), the outbox write of the page fails.
    const outbox = app.desk.services.outbox;
    const enqueue = outbox.enqueue.bind(outbox);
    const cut = vi.spyOn(outbox, 'enqueue').mockImplementation(async (ctx, entries) => {
      if (entries.some((e) => e.bulk)) throw new Error('database down');
      return enqueue(ctx, entries);
    });
    const homesBefore = app.fake.homesPublishedTo(AGENT).length;
    await runJobAt(app, ticketsCloseJob, '2027-03-01T01:00:00Z');
    cut.mockRestore();
    expect((await stored(ticket.number)).status).toBe('closed');
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
    await runJobAt(app, outboxJob, '2027-03-01T01:00:30Z');
    expect(app.fake.homesPublishedTo(AGENT)).toHaveLength(homesBefore);
    // The outbox job's repair, two minutes on, then a second pass: one line, the card closed.
    await runJobAt(app, outboxJob, '2027-03-01T01:03:00Z');
    expect(threadLines(ts)).toEqual(['The days to reopen it are over: the desk closed it.']);
    expect(JSON.stringify(app.fake.callsTo('chat.update').at(-1)!.args.blocks)).toContain('Closed');
    // Written as the run writes them, behind the day's other messages (a repair may write a
    // whole run's), and nothing else posted (no DM).
    const { id } = await stored(ticket.number).then((t) => ({ id: String(t._id) }));
    const keys = [`card:${id}`, `ticket:${id}:event:3`];
    const written = (await app.db.models.outbox.find({}, { key: 1, bulk: 1 }).lean()).filter((e) =>
      keys.includes(e.key),
    );
    expect(written.map((e) => [e.key, e.bulk])).toEqual(
      expect.arrayContaining([
        [`card:${id}`, true],
        [`ticket:${id}:event:3`, true],
      ]),
    );
    expect(written).toHaveLength(2);
    expect(app.fake.callsTo('chat.postMessage').map((c) => c.args.text)).toEqual([
      'The days to reopen it are over: the desk closed it.',
    ]);
    await runJobAt(app, outboxJob, '2027-03-01T01:10:00Z');
    // The Homes the run owed redrawn too, as the run draws them: its holder's (and the queue's).
    expect(app.fake.homesPublishedTo(AGENT).length).toBeGreaterThan(homesBefore);
    expect(app.fake.homesPublishedTo('U0ADMIN001').length).toBeGreaterThan(0);
    await runJobAt(app, ticketsCloseJob, '2027-03-02T01:00:00Z');
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
  });

  test('retention reaches a ticket resolved and never closed by hand, its revisit never done', async () => {
    const customer = await makeCustomer(app);
    const ticket = await makeTicket(app, {
      customerCode: customer.code,
      description: '王芳 138 0013 8000 reports E42',
    });
    await act(app, ticket.number, { action: 'claim' }, AGENT);
    await act(
      app,
      ticket.number,
      { action: 'resolve', summary: 'Replaced the board for 王芳' },
      AGENT,
    );
    await app.desk.services.customers.logInteraction(await ctxOf(app, OWNER), customer.code, {
      type: 'call',
      date: '2026-11-24',
      summary: '王芳 was happy',
      feedback: 'ok',
    });
    await app.setSettings(() => ({ retentionDays: 30 }));
    await runJobAt(app, ticketsCloseJob, '2027-12-07T01:00:00Z');
    await runJobAt(app, privacyRetentionJob, '2027-12-07T01:00:00Z');
    const after = await stored(ticket.number);
    expect((await app.db.models.interactions.findOne().lean())!.summary).toBe('[erased]');
    expect(after.status).toBe('closed');
    // Its revisit never done: closed 30 days after its resolution.
    expect(after.closedAt).toEqual(new Date('2026-12-24T02:00:00Z'));
    expect(after.description).toBe('[erased]');
    expect(after.resolution).toBe('[erased]');
  });
});
