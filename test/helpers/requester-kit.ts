// The steps of the requester tests (test/e2e/requester.test.ts and, for the runs over hundreds of
// tickets, test/fault/requester-volume.test.ts): tickets of a key customer filed through the New
// ticket modal, worked on their card in the triage channel, seeded copies, what a person read.
import { useTestApp, type TestApp } from './app.js';
import { newTicketByModal } from './clicks.js';
import { AGENT, makeCustomer } from './factories.js';
import { storeCopies } from './ticket-copies.js';

export const TRIAGE = 'C0TRIAGE01';
export const DIGEST = 'C0DIGEST01';
/** The person who reported the tickets, a Slack user of the workspace. */
export const REQ = 'U0REQUEST1';
export const MANAGER = 'U0MANAGER1';

/**
 * The file's test app with its triage and digest channels, on Tuesday 2026-11-24 10:00 in Shanghai
 * (business hours Mon-Fri 09:00-18:00), and the steps on it, REQ reporting.
 */
export function useRequesterApp() {
  const app = useTestApp({
    env: { TRIAGE_CHANNEL_ID: TRIAGE, DIGEST_CHANNEL_ID: DIGEST },
    now: '2026-11-24T02:00:00Z',
  });
  return { app, ...requesterKit(app, { triage: TRIAGE, requester: REQ }) };
}

/** `triage`: the triage channel the cards are in; `requester`: the Slack user who reports. */
export function requesterKit(
  app: TestApp,
  { triage, requester }: { triage: string; requester: string },
) {
  /** Huadong Machinery, owned by OWNER, a key customer by revenue. */
  async function customer(): Promise<string> {
    return (await makeCustomer(app, { annualRevenue: 600_000 })).code;
  }

  const lastView = () =>
    app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown> & {
      blocks: any[];
    };

  /** `/ticket new`, the modal filled in by AGENT; returns the new ticket's number. */
  async function createTicket(form: Record<string, string | null>): Promise<string> {
    return newTicketByModal(app, form.customer ?? (await customer()), form);
  }

  const stored = async (number: string) =>
    (await app.db.models.tickets.findOne({ number }).lean())!;

  type StoredTicket = Awaited<ReturnType<typeof stored>>;
  /**
   * `count` copies of ticket `template` as stored, seeded in one write: its card left off, each
   * with a number and a submission of its own (`T2099…`, `seed-…`), and what `change` gives.
   */
  async function seedCopies(
    template: string,
    count: number,
    change: (doc: Omit<StoredTicket, '_id'>) => Record<string, unknown> = () => ({}),
  ): Promise<void> {
    const doc = await stored(template);
    await storeCopies(app, doc, count, (i) => ({
      number: `T2099${String(i).padStart(4, '0')}`,
      submissionId: `seed-${i}`,
      card: undefined,
      ...change(doc),
    }));
  }

  function click(actionId: string, value: string, userId = AGENT, channelId = triage) {
    return app.slack.blockAction(
      { action_id: actionId, value, block_id: 'ticket_actions' },
      { userId, channelId },
    );
  }

  const submitLast = (form: Record<string, string | null>, userId = AGENT) =>
    app.slack.submitView(lastView(), form, { userId });

  /** What a person read in their DMs, in order. */
  const dms = (userId: string) =>
    app.fake.postsTo(userId).map((c) => String(c.args.text).replace(/<!date\^[^>]+>/g, '<date>'));

  /** Ticket `number` claimed and resolved ("Replaced the encoder") by the agent on its card. */
  async function claimedAndResolved(number: string) {
    await click('ticket_claim', number);
    await click('ticket_resolve_open', number);
    await submitLast({ resolution: 'Replaced the encoder' });
  }

  /**
   * AGENT's claimed ticket, then `copies` more like it seeded in one write (with `copy` applied,
   * saved before the last: the database returns them unsorted, first), then the last one,
   * claimed: its number.
   */
  async function assignedAfter(copies: number, copy: Record<string, unknown>): Promise<string> {
    const code = await customer();
    const template = await createTicket({ requester, customer: code, severity: 'general' });
    await click('ticket_claim', template);
    await app.db.models.tickets.updateOne({ number: template }, { $set: copy });
    await seedCopies(template, copies);
    const last = await createTicket({ requester, customer: code, severity: 'general' });
    await click('ticket_claim', last);
    return last;
  }

  /** The drafts the agents were sent (a DM with its Open draft button): to whom, what it says. */
  const draftsPosted = () =>
    app.fake
      .tookCalls('chat.postMessage')
      .filter((c) => JSON.stringify(c.args.blocks ?? '').includes('requester_draft_open'))
      .map((c) => ({ to: String(c.args.channel), text: String(c.args.text) }));

  return {
    customer,
    lastView,
    createTicket,
    stored,
    seedCopies,
    click,
    submitLast,
    dms,
    claimedAndResolved,
    assignedAfter,
    draftsPosted,
  };
}

/** REQ's DM channel with the app. */
export const REQ_DM = 'D0REQUEST1';

/**
 * A requester's messages in their DM with the app (tests/e2e/requester-dm-*): `dm` sends one (in
 * `thread`'s thread, if given; as `user`, REQ unless told), handles it and drains the outbox;
 * `again` delivers the last one again, as Slack retrying an event does; `toReq` is what reached REQ's
 * DM (addressed to them or to the DM's channel), in order.
 */
export function requesterDm(app: TestApp) {
  let n = 0;
  let last: { event: Record<string, unknown>; user: string } | undefined;
  async function deliver(event: Record<string, unknown>, user: string) {
    last = { event, user };
    await app.slack.event(event, { userId: user });
    await app.desk.outbox.drain();
  }
  async function dm(text: string, thread?: string, user = REQ) {
    const ts = `${Math.floor(app.clock.now().getTime() / 1000)}.${String(++n).padStart(6, '0')}`;
    const event = { type: 'message', channel_type: 'im', channel: REQ_DM, user, text, ts };
    await deliver(thread ? { ...event, thread_ts: thread } : event, user);
  }
  const again = () => deliver(last!.event, last!.user);
  const toReqCalls = () =>
    app.fake
      .tookCalls('chat.postMessage')
      .filter((c) => [REQ, REQ_DM].includes(String(c.args.channel)));
  const toReq = () =>
    app.fake
      .callsTo('chat.postMessage')
      .filter((c) => [REQ, REQ_DM].includes(String(c.args.channel)))
      .map((c) => String(c.args.text));
  return { dm, again, toReq, toReqCalls };
}
