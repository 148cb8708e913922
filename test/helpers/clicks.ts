// Clicks of the desk's people on its cards, sent as Slack sends them, and what came of them: the
// ephemeral answer, the record as it is after, the modal as drawn.
import { expect } from 'vitest';
import type { TestApp } from './app.js';

/**
 * Claim on a ticket's card in `channelId`, as `userId`: what they were told (the ephemeral
 * reply), if anything, and who holds the ticket after.
 */
export async function claimOnCard(app: TestApp, number: string, userId: string, channelId: string) {
  const told = app.fake.callsTo('response_url').length;
  await app.slack.blockAction(
    { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
    { userId, channelId },
  );
  const reply = app.fake.callsTo('response_url')[told];
  const ticket = await app.db.models.tickets.findOne({ number }).lean();
  return { text: reply?.args.text as string | undefined, assigneeId: ticket!.assigneeId };
}

/**
 * Edit on customer `code`'s card, as `userId`: the call that drew the modal last (it opens
 * loading, then is filled in), with its outcome.
 */
export async function openCustomerEdit(app: TestApp, code: string, userId: string) {
  await app.slack.blockAction(
    { action_id: 'customer_edit_open', value: code, block_id: 'customer_actions' },
    { userId },
  );
  return app.fake.calls
    .filter((c) => c.method === 'views.open' || c.method === 'views.update')
    .at(-1)!;
}

/**
 * Waiting on customer on ticket `number`'s card in `channelId`, as `userId`: its modal filled in
 * with `question` and saved (the save must succeed).
 */
export async function askAndWait(
  app: TestApp,
  number: string,
  question: string,
  userId: string,
  channelId: string,
) {
  await app.slack.blockAction(
    { action_id: 'ticket_wait_open', value: number, block_id: 'ticket_actions' },
    { userId, channelId },
  );
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  expect((await app.slack.submitView(view, { question }, { userId })).body).toBe('');
}

/** `user` opens the desk's App Home: the view then published, as JSON text. */
export async function openHome(app: TestApp, user: string): Promise<string> {
  await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
  return JSON.stringify(app.fake.callsTo('views.publish').at(-1)!.args.view);
}
