// The owner-change set-up the ticket-owner-* and customer-rename tests share: a complaint with
// its card posted, Edit customer saved, the card drawn again naming the new owner, a repair that
// draws nothing more.
import { expect } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import type { TestApp } from './app.js';
import { makeCustomer, makeTicket } from './factories.js';
import { FAKE_TEAM_ID } from './fake-slack.js';
import { runJobAt } from './jobs.js';

/** Huadong Machinery and a general complaint of theirs, its card posted (`ts`). */
export async function complaintWithCard(app: TestApp) {
  const { code, id } = await makeCustomer(app, { name: 'Huadong Machinery' });
  const complaint = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'general',
  });
  await app.desk.outbox.drain();
  const ts = (await app.db.models.tickets
    .findOne({ teamId: FAKE_TEAM_ID, number: complaint.number })
    .lean())!.card.ts!;
  expect(ts).toBeTruthy();
  return { code, id, complaint, number: complaint.number, ts };
}

/** `by` saves `values` in Edit customer (the customer card's Edit). */
export async function editCustomer(
  app: TestApp,
  code: string,
  values: Record<string, string>,
  by: string,
) {
  await app.slack.blockAction(
    { action_id: 'customer_edit_open', value: code, block_id: 'customer_actions' },
    { userId: by },
  );
  const view = app.fake.calls
    .filter((c) => ['views.open', 'views.update'].includes(c.method))
    .at(-1)!.args.view as Record<string, unknown>;
  expect(view.callback_id).toBe('customer_edit');
  const res = await app.slack.submitView(view, values, { userId: by });
  expect(res.body).toBe('');
}

/** The card `ts` drawn again once since the fake's reset, naming `owner` as who contacts the customer, not `former`. */
export function cardRedrawnOnceNaming(app: TestApp, ts: string, owner: string, former: string) {
  const redrawn = app.fake.updatesOf(ts);
  expect(redrawn).toHaveLength(1);
  expect(JSON.stringify(redrawn[0]!.args)).toContain(`<@${owner}> ·`);
  expect(JSON.stringify(redrawn[0]!.args)).not.toContain(`<@${former}> ·`);
}

/** The Homes drawn since the fake's reset: each of `users`' once, nobody else's. */
export function homesDrawnOnce(app: TestApp, users: string[]) {
  expect(
    app.fake
      .callsTo('views.publish')
      .map((c) => c.args.user_id)
      .sort(),
  ).toEqual([...users].sort());
}

/** The outbox job at `at`, what it wrote delivered: no card drawn again, no Home. */
export async function repairDrawsNothing(app: TestApp, at: string) {
  await runJobAt(app, outboxJob, at);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(app.fake.callsTo('chat.update')).toEqual([]);
  expect(app.fake.callsTo('views.publish')).toEqual([]);
}
