// On an open desk everyone of the workspace works tickets, but a person of a customer's
// organisation (Slack Connect: users.info names their own workspace) is no one of the desk: a
// ticket is never handed to them, or its "it is yours" DM would show them another customer's
// ticket.
import { expect, test } from 'vitest';
import { claimOnCard } from '../helpers/clicks.js';
import { makeTicket } from '../helpers/factories.js';
import { TRIAGE, useGuestsApp } from '../helpers/guests.js';

const MEMBER = 'U0MEMBER01';
const EXTERNAL = 'U0EXTERN01';
const { app } = useGuestsApp();

test('Reassign to a person of another organisation is refused on the field; the ticket stays, no DM to them', async () => {
  app.fake.users.set(EXTERNAL, { id: EXTERNAL, real_name: 'Kim Rival', team: 'T0OTHERORG' });
  const { number } = await makeTicket(app, { title: 'Rival line down' });
  await claimOnCard(app, number, MEMBER, TRIAGE);
  const opened = app.fake.callsTo('views.open').length;
  await app.slack.blockAction(
    { action_id: 'ticket_reassign_open', value: number, block_id: 'ticket_actions' },
    { userId: MEMBER, channelId: TRIAGE },
  );
  const view = app.fake.callsTo('views.open')[opened]!.args.view as Record<string, unknown>;
  const refused = await app.slack.submitView(view, { assignee: EXTERNAL }, { userId: MEMBER });
  expect(refused.body).toEqual({
    response_action: 'errors',
    errors: {
      assignee:
        "Kim Rival is of another organisation (Slack Connect), and only this workspace's people work its tickets: pick a member of the workspace.",
    },
  });
  expect((await app.db.models.tickets.findOne({ number }).lean())!.assigneeId).toBe(MEMBER);
  await app.desk.outbox.drain();
  expect(app.fake.postsTo(EXTERNAL)).toEqual([]);
});
