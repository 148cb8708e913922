// Submissions whose refusals of what was typed need a database read (a time before a ticket's
// wait began, ...), acked as production acks (processBeforeResponse: false, the default budget
// of 0 ms): refused on the field in the ack, not on a "Not saved ... Press Back" view pushed at
// the listener's first wait, and nothing is saved (src/slack/boundary.ts `checked`;
// submit-checks-people.test.ts has the people picked).
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';

const app = useTestApp({ ackAtOnce: true, submitAckBudgetMs: 0, now: '2026-11-24T02:00:00Z' });

type View = Record<string, any>;

/** The modal `open` draws with views.open (after the ack). */
async function opened(open: () => Promise<unknown>): Promise<View> {
  const before = app.fake.callsTo('views.open').length;
  await open();
  await app.fake.callArrives(
    (c) => c.method === 'views.open' && app.fake.callsTo('views.open').length > before,
  );
  return app.fake.callsTo('views.open').at(-1)!.args.view as View;
}

/** Submits `view` as modal `id`; what Slack was answered, and whether anything drew over it. */
async function submit(view: View, id: string, form: Record<string, string>, userId = AGENT) {
  const updates = app.fake.callsTo('views.update').length;
  const res = await app.slack.submitView({ ...view, id }, form, { userId });
  return { body: res.body, updates: app.fake.callsTo('views.update').length - updates };
}

test('Customer wrote…: a time before the ticket began waiting on them refused on the time in the ack, nothing saved', async () => {
  const { code } = await makeCustomer(app);
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  const { number } = await makeTicket(app, {
    customerCode: code,
    requester: { contactName: 'Li Lei', via: 'phone' },
  });
  await act(app, number, { action: 'claim' });
  app.clock.set('2026-11-24T03:00:00Z');
  await act(app, number, { action: 'wait' });
  app.clock.set('2026-11-24T03:30:00Z');
  const modal = await opened(() =>
    app.slack.blockAction(
      { action_id: 'ticket_customer_wrote_open', value: number, block_id: 'ticket_actions' },
      { userId: AGENT },
    ),
  );

  const refused = await submit(modal, 'V0TYPED001', {
    via: 'phone',
    time: '10:58',
    said: 'Before the question',
  });
  expect(refused).toEqual({
    body: {
      response_action: 'errors',
      errors: {
        time: expect.stringContaining('That is before the ticket began waiting on them'),
      },
    },
    updates: 0,
  });
  const doc = (await app.db.models.tickets.findOne({ number }).lean()) as any;
  expect(doc.status).toBe('waiting');
  expect(JSON.stringify(doc.timeline)).not.toContain('Before the question');
});
