// Merge sent twice (Slack's redelivery, a double click), the first delivery merging while the
// second is between its check and its hold on both tickets: the second finds the duplicate merged
// by its own submission and closes as saved, nothing written or said again. A repeat after the
// merge is answered from the check's one read of the duplicate. Through the real Bolt stack:
// signed view_submissions, the fake Slack, the test database.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';

const MANAGER = 'U0MANAGER1';
const TRIAGE = 'C0TRIAGE01';
type View = Record<string, any>;

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

/** Two tickets of one customer, T2 claimed by AGENT, and T2's Merge modal as AGENT opened it. */
async function setUp() {
  await app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT] }));
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const t1 = await makeTicket(app, { customerCode: code, title: 'Line 3 down' });
  app.clock.advance(60_000);
  const t2 = await makeTicket(app, { customerCode: code, title: 'Production stopped' });
  await act(app, t2.number, { action: 'claim' }, AGENT);
  await app.desk.outbox.drain();
  await app.slack.blockAction(
    { action_id: 'ticket_merge_open', value: t2.number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  const modal = { ...(app.fake.callsTo('views.open').at(-1)!.args.view as View), id: 'V0MERGE777' };
  return { t1, t2, modal };
}

/** Every document of every collection, as stored. */
async function database(): Promise<Record<string, unknown[]>> {
  const all: Record<string, unknown[]> = {};
  for (const [name, model] of Object.entries(app.db.models))
    all[name] = await (model as any).find().sort({ _id: 1 }).lean();
  return all;
}

test('the same Merge delivered again while the first merges (after its check, before its hold): it closes as saved, merged once', async () => {
  const { t1, t2, modal } = await setUp();
  const form = { target: t1.number, note: 'Same outage' };
  const svc = app.desk.services.tickets;
  const orig = svc.mergeCheck.bind(svc);
  let first: Awaited<ReturnType<typeof app.slack.submitView>> | undefined;
  let checks = 0;
  // The second delivery's check passes; the first delivery then runs to the end before the
  // second goes on to hold both tickets.
  svc.mergeCheck = async (...a: Parameters<typeof orig>) => {
    const out = await orig(...a);
    if (++checks === 1) first = await app.slack.submitView(modal, form, { userId: AGENT });
    return out;
  };
  const second = await app.slack
    .submitView(modal, form, { userId: AGENT })
    .finally(() => (svc.mergeCheck = orig));
  expect([first?.body, second.body]).toEqual(['', '']);
  // The second's check, the first's; the second's hold found the duplicate merged by its own
  // submission and answered as saved from that read, not checked again.
  expect(checks).toBe(2);
  await app.desk.outbox.drain();
  const dup = (await app.db.models.tickets.findOne({ number: t2.number }).lean())!;
  expect(dup).toMatchObject({ status: 'closed', mergedInto: t1.number });
  expect(dup.timeline.filter((e: any) => e.action === 'merge')).toHaveLength(1);
  const target = (await app.db.models.tickets.findOne({ number: t1.number }).lean())!;
  expect(target.timeline.filter((e: any) => e.mergedFrom)).toHaveLength(1);
  expect(dup.mergeLock ?? target.mergeLock).toBeUndefined();
});

test('a Merge delivered again after it merged: closes as saved on one read of the tickets, nothing written', async () => {
  const { t1, modal } = await setUp();
  const form = { target: t1.number };
  expect((await app.slack.submitView(modal, form, { userId: AGENT })).body).toBe('');
  await app.desk.outbox.drain();
  const stored = await database();
  const calls = app.fake.calls.length;
  const client = app.db.conn.getClient();
  const ticketReads: string[] = [];
  const started = (e: { commandName: string; command: Record<string, any> }) => {
    const on = e.command[e.commandName];
    if (on === 'tickets' && ['find', 'aggregate'].includes(e.commandName))
      ticketReads.push(e.commandName);
  };
  client.on('commandStarted', started);
  let again: Awaited<ReturnType<typeof app.slack.submitView>>;
  try {
    again = await app.slack.submitView(modal, form, { userId: AGENT });
  } finally {
    client.off('commandStarted', started);
  }
  expect(again.body).toBe('');
  await app.desk.outbox.drain();
  expect(await database()).toEqual(stored);
  expect(
    app.fake.calls
      .slice(calls)
      .map((c) => c.method)
      .filter((m) => !['users.info', 'conversations.info', 'auth.test', 'team.info'].includes(m)),
  ).toEqual([]);
  // The duplicate read once, by the check, which finds it merged by this submission.
  expect(ticketReads).toHaveLength(1);
});
