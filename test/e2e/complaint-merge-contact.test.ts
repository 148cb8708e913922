// A complaint merged into another of the same customer carries its customer contact: the
// duplicate contacted, the target not, the target records that contact (when, by whom, how), its
// own contact task is cancelled as the customer was contacted, and its Resolve goes, rather than
// asking for a contact the customer already had. Through the real Bolt HTTP path: signed
// requests, the fake Slack, the test database.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

type View = Record<string, any>;

const ticket = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;

/** AGENT clicks `action_id` on `number`'s card: the modal it opened (undefined: none opened). */
async function open(action_id: string, number: string): Promise<View | undefined> {
  const before = app.fake.callsTo('views.open').length;
  await app.slack.blockAction(
    { action_id, value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  const calls = app.fake.callsTo('views.open');
  return calls.length > before ? (calls.at(-1)!.args.view as View) : undefined;
}

test('a contacted complaint merged into an uncontacted one of the same customer carries its contact: the target resolves without a second one', async () => {
  app.clock.set('2026-09-01T02:00:00Z');
  await app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT] }));
  app.clock.set('2026-11-24T02:00:00Z');
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const t1 = (
    await makeTicket(app, {
      customerCode: code,
      type: 'complaint',
      complaintUrgency: 'general',
      title: 'Wrong parts delivered',
    })
  ).number;
  app.clock.advance(60_000);
  const t2 = (
    await makeTicket(app, {
      customerCode: code,
      type: 'complaint',
      complaintUrgency: 'general',
      title: 'Wrong parts again, we want compensation',
    })
  ).number;
  await act(app, t1, { action: 'claim' }, AGENT);
  await act(app, t2, { action: 'claim' }, AGENT);
  app.clock.advance(30 * 60_000);
  const calledAt = app.clock.now();
  await act(app, t1, { action: 'contact', at: calledAt, via: 'call', summary: 'Called' }, OWNER);

  const merge = (await open('ticket_merge_open', t1))!;
  expect((await app.slack.submitView(merge, { target: t2 }, { userId: AGENT })).body).toBe('');

  const target = await ticket(t2);
  const contact = await app.db.models.tasks
    .findOne({ kind: 'complaint_contact', ticketNumber: t2 })
    .lean();
  expect({
    contactedAt: target.complaint!.contactedAt,
    by: target.complaint!.contactedBy,
    via: target.complaint!.contactVia,
    task: [contact?.status, contact?.cancelReason],
  }).toEqual({ contactedAt: calledAt, by: OWNER, via: 'call', task: ['cancelled', 'contacted'] });

  // Resolve on the target opens its form and goes.
  const resolve = await open('ticket_resolve_open', t2);
  expect(resolve).toBeDefined();
  const answer = await app.slack.submitView(
    resolve!,
    { resolution: 'Parts replaced', root_cause: 'delivery', corrective_action: 'Check at packing' },
    { userId: AGENT },
  );
  expect({ answer: answer.body, status: (await ticket(t2)).status }).toEqual({
    answer: '',
    status: 'resolved',
  });
});
