// A complaint's customer contact for the tests that resolve complaints: Resolve asks for it
// (revcomplaint F2), so a test resolving a complaint records it first, as the account manager
// does with the contact task's Customer contacted.
import { act, AGENT } from './factories.js';
import type { TestApp } from './app.js';

/** The complaint `number`'s contact, recorded by its account manager at `at` (now by default). */
export async function contactRecorded(app: TestApp, number: string, at?: Date): Promise<void> {
  const ticket = (await app.db.models.tickets.findOne({ number }).lean())!;
  await act(
    app,
    number,
    { action: 'contact', at: at ?? app.clock.now(), via: 'call', summary: 'Called the customer' },
    ticket.accountManagerId!,
  );
}

/**
 * A complaint as one resolved before Resolve asked for the contact (2026-12-07) is stored:
 * resolved by `resolve` (its Resolve, given a contact time to pass) with no contact recorded,
 * the record the reports, the digest and the contact task still read.
 */
export async function resolvedUncontacted(
  app: TestApp,
  number: string,
  resolve: () => Promise<unknown>,
): Promise<void> {
  await app.db.models.tickets.updateOne(
    { number },
    { $set: { 'complaint.contactedAt': app.clock.now() } },
  );
  await resolve();
  await app.db.models.tickets.updateOne({ number }, { $unset: { 'complaint.contactedAt': '' } });
}

/**
 * AGENT's Merge into… on ticket `number`'s card in the triage channel `channel`, submitted with
 * `into`: Slack's answer to the submit ('' when the modal closed, else its errors).
 */
export async function mergeFromCard(
  app: TestApp,
  channel: string,
  number: string,
  into: string,
): Promise<unknown> {
  await app.slack.blockAction(
    { action_id: 'ticket_merge_open', value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: channel },
  );
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
  return (await app.slack.submitView(view, { target: into }, { userId: AGENT })).body;
}
