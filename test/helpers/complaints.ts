// A complaint's customer contact for the tests that resolve complaints: Resolve asks for it
// (revcomplaint F2), so a test resolving a complaint records it first, as the account manager
// does with the contact task's Customer contacted.
import { beforeEach } from 'vitest';
import type { NewCustomerPatch } from '../../src/customer/types.js';
import type { WorkspaceSettings } from '../../src/workspace/settings.js';
import { act, AGENT, makeCustomer, makeTicket } from './factories.js';
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

/**
 * The complaint `number`'s customer tried and not reached, then the complaint resolved without
 * the contact, through Slack: its account manager's contact task Done, "Tried, could not reach"
 * (`summary` what happened, at 10:30 that day), then `manager`'s Resolve from the card in
 * `channel`, giving `reason` why. The outbox drained.
 */
export async function triedThenResolvedUncontacted(
  app: TestApp,
  opts: { number: string; manager: string; channel: string; summary: string; reason: string },
): Promise<void> {
  const ticket = (await app.db.models.tickets.findOne({ number: opts.number }).lean())!;
  const task = (await app.db.models.tasks
    .findOne({ kind: 'complaint_contact', ticketNumber: opts.number })
    .lean())!;
  await app.slack.blockAction(
    { action_id: 'task_done_open', value: task._id as string },
    { userId: ticket.accountManagerId },
  );
  const done = await app.slack.submitView(
    app.fake.callsTo('views.open').at(-1)!.args.view as never,
    {
      contact_outcome: 'notReached',
      type: 'call',
      contacted_date: localDateOf(app.clock.now()),
      contacted_time: '10:30',
      summary: opts.summary,
    },
    { userId: ticket.accountManagerId },
  );
  if (done.body !== '') throw new Error(`Done refused: ${JSON.stringify(done.body)}`);
  await app.slack.blockAction(
    { action_id: 'ticket_resolve_open', value: opts.number, block_id: 'ticket_actions' },
    { userId: opts.manager, channelId: opts.channel },
  );
  const resolved = await app.slack.submitView(
    app.fake.callsTo('views.open').at(-1)!.args.view as never,
    {
      resolution: 'Replacement sent',
      root_cause: 'delivery',
      corrective_action: 'Check at packing',
      uncontacted_reason: opts.reason,
    },
    { userId: opts.manager },
  );
  if (resolved.body !== '') throw new Error(`Resolve refused: ${JSON.stringify(resolved.body)}`);
  await app.desk.outbox.drain();
}

/** The Shanghai date (YYYY-MM-DD) of `at`. */
function localDateOf(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Before each test: the desk's roles set (`roles`, with AGENT as the agent), as of 2026-09-01 (so
 * the desk served the months before), then the clock at Tuesday 2026-11-24 10:00 in Shanghai.
 */
export function complaintDeskEach(app: TestApp, roles: Partial<WorkspaceSettings>): void {
  beforeEach(async () => {
    app.clock.set('2026-09-01T02:00:00Z');
    await app.setSettings(() => ({ agents: [AGENT], ...roles }));
    app.clock.set('2026-11-24T02:00:00Z');
  });
}

/**
 * An urgent complaint ("Wrong parts delivered") of a new customer (Huadong unless `customer` says
 * otherwise) received now, claimed by the agent: the customer's code and the ticket's number.
 */
export async function claimedUrgentComplaint(
  app: TestApp,
  customer: Partial<NewCustomerPatch> = {},
): Promise<{ code: string; number: string }> {
  const { code } = await makeCustomer(app, { name: 'Huadong', ...customer });
  const { number } = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'urgent',
    title: 'Wrong parts delivered',
  });
  await act(app, number, { action: 'claim' }, AGENT);
  return { code, number };
}
