// An open ticket whose Slack requester was erased (`/desk privacy erase user:…`): nobody is left
// to answer a question, so Waiting on customer is refused on it with a field error saying why,
// rather than parking it, its SLA paused, on `[erased]` (or on the agent who filed it) for good;
// its card offers no Wait then (revwave F1).
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { eraseUserInSlack } from '../helpers/privacy.js';
import { offeredIds } from '../helpers/ui.js';

const ADMIN = 'U0ADMIN001';
const REQ = 'U0CUSTREQ1';
const TRIAGE = 'C0TRIAGE01';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

/** `/desk privacy erase user:` of the requester, confirmed by the admin, its notices sent. */
async function eraseRequester() {
  await app.slack.command('/desk', `privacy erase user:<@${REQ}>`, { userId: ADMIN });
  const viewId = (app.fake.callsTo('views.open').at(-1)!.answer as { view: { id: string } }).view
    .id;
  await eraseUserInSlack(app, ADMIN, REQ, viewId);
  await app.desk.outbox.drain();
}

// One an agent filed for them waits on that agent, as a contact outside Slack's does
// (test/e2e/next-reply-outside-slack): not refused.
test.each([['they filed it themselves', REQ]])(
  'Wait on the open ticket of an erased Slack requester is refused (%s)',
  async (_, filer) => {
    await app.setSettings((s) => ({ ...s, agents: [AGENT] }));
    const { code } = await makeCustomer(app);
    const t = await makeTicket(
      app,
      {
        customerCode: code,
        title: 'Coolant leak on line 3',
        requester: { userId: REQ, via: 'slack' },
      },
      filer,
    );
    await act(app, t.number, { action: 'claim' }, AGENT);
    await app.desk.outbox.drain();
    // The agent opens Waiting on customer; the admin erases the requester while it is open.
    await app.slack.blockAction(
      { action_id: 'ticket_wait_open', value: t.number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    const modal = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
    await eraseRequester();

    const res = await app.slack.submitView(
      modal,
      { question: 'Is the leak still there?' },
      { userId: AGENT },
    );
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        question:
          "The requester's personal data was erased, so nobody is left to answer a question or to be waited on: keep working the ticket, or resolve it.",
      },
    });
    const after = await app.db.models.tickets.findOne({ number: t.number }).lean();
    expect(after!.status).toBe('assigned');
    expect(after!.pauses).toEqual([]);
  },
);

test("the erased requester's open ticket offers no Waiting on customer (card, private copy)", async () => {
  await app.setSettings((s) => ({ ...s, agents: [AGENT] }));
  const { code } = await makeCustomer(app);
  const t = await makeTicket(
    app,
    { customerCode: code, title: 'Coolant leak', requester: { userId: REQ, via: 'slack' } },
    REQ,
  );
  await act(app, t.number, { action: 'claim' }, AGENT);
  await app.desk.outbox.drain();
  await eraseRequester();

  // The card as it stands, shown privately to the agent: Resolve yes, Wait no (every click of it
  // would be refused).
  await app.slack.command('/ticket', t.number, { userId: AGENT, channelId: 'D0AGENT001' });
  const offered = offeredIds(app.fake.callsTo('response_url').at(-1)!.args.blocks as unknown[]);
  expect(offered).toContain('ticket_resolve_open');
  expect(offered).not.toContain('ticket_wait_open');
  expect(offered).not.toContain('ticket_wait');
  // The triage card, redrawn after the erasure, neither.
  const card = app.fake.callsTo('chat.update').at(-1)!.args.blocks as unknown[];
  expect(offeredIds(card)).not.toContain('ticket_wait_open');
});
