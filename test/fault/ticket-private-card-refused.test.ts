// A ticket's card shown privately (`/ticket T…`) whose ticket changed since it was drawn (revlast3
// F4): a click its state no longer allows (someone else claimed it, it was resolved) is refused
// and the copy is drawn again as the ticket stands, under the refusal, so it no longer offers the
// button; it is not left as it was beside a separate "already claimed" line.
import { expect, test } from 'vitest';
import { makeCustomer } from '../helpers/factories.js';
import { texts, useWalkDesk, ADMIN, MANAGER, AGENT, AGENT2, OWNER } from '../helpers/walk.js';
import { offeredIds } from '../helpers/ui.js';

const AGENT_DM = 'D0AGENT001';
const { app, lastModal, click } = useWalkDesk({
  now: '2026-11-24T02:00:00Z',
  admin: ADMIN,
  channels: { triage: true },
});

async function fileTicket(): Promise<string> {
  await app.setSettings(() => ({
    admins: [ADMIN],
    managers: [MANAGER],
    agents: [AGENT, AGENT2],
    accountManagers: [OWNER],
    openDesk: false,
  }));
  const customer = (await makeCustomer(app, { name: 'Huadong' })).code;
  await app.slack.command('/ticket', 'new Printer down', { userId: AGENT });
  const res = await app.slack.submitView(
    lastModal(),
    { customer, severity: 'general', type: 'after_sales', description: 'Line 3' },
    { userId: AGENT },
  );
  expect(res.body).toBe('');
  await app.desk.outbox.drain();
  return (await app.db.models.tickets.findOne({}).sort({ _id: -1 }).lean())!.number;
}

const answers = () => app.fake.callsTo('response_url');

/** `/ticket n` typed by AGENT in their DM with the app: its private copy offers Claim. */
async function privateCopy(n: string) {
  await app.slack.command('/ticket', n, { userId: AGENT, channelId: AGENT_DM });
  expect(offeredIds(answers().at(-1)!.args.blocks as unknown[])).toContain('ticket_claim');
}

/** What AGENT was told after `run`: every answer to a response URL, and any new ephemeral. */
async function toldAfter(run: () => Promise<unknown>) {
  const before = answers().length;
  const ephemerals = app.fake.callsTo('chat.postEphemeral').length;
  await run();
  expect(app.fake.callsTo('chat.postEphemeral').slice(ephemerals)).toEqual([]);
  return answers().slice(before);
}

test('Claim on a private copy after another agent claimed the ticket: the copy is drawn again under "already claimed", without Claim', async () => {
  const n = await fileTicket();
  await privateCopy(n);
  await click('ticket_claim', n, AGENT2);
  const told = await toldAfter(() =>
    app.slack.blockAction(
      { action_id: 'ticket_claim', value: n, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: AGENT_DM, ephemeral: true },
    ),
  );
  expect(told).toHaveLength(1);
  expect(told[0]!.args.replace_original).toBe(true);
  const shown = texts(told[0]!);
  expect(shown[0]).toBe(`${n} is already claimed (by <@${AGENT2}>).`);
  expect(shown.join('\n')).toContain('In progress');
  expect(offeredIds(told[0]!.args.blocks as unknown[])).not.toContain('ticket_claim');
  // Still AGENT2's.
  const ticket = await app.db.models.tickets.findOne({ number: n }).lean();
  expect(ticket!.assigneeId).toBe(AGENT2);
});

test('Close chosen in a private copy’s menu after the ticket was claimed: drawn again under "that choice no longer applies"', async () => {
  const n = await fileTicket();
  await privateCopy(n);
  await click('ticket_claim', n, AGENT2);
  const told = await toldAfter(() =>
    app.slack.blockAction(
      {
        action_id: 'ticket_card_menu',
        block_id: 'ticket_actions',
        type: 'overflow',
        selected_option: { text: { type: 'plain_text', text: 'chosen' }, value: `close:${n}` },
      },
      { userId: AGENT, channelId: AGENT_DM, ephemeral: true },
    ),
  );
  expect(told).toHaveLength(1);
  expect(told[0]!.args.replace_original).toBe(true);
  expect(texts(told[0]!)[0]).toBe(`${n} is being handled now; that choice no longer applies.`);
  expect(offeredIds(told[0]!.args.blocks as unknown[])).not.toContain('ticket_claim');
  expect((await app.db.models.tickets.findOne({ number: n }).lean())!.status).toBe('assigned');
});

test('the copy’s response URL expired: the refusal comes as a new private message, as before', async () => {
  const n = await fileTicket();
  await privateCopy(n);
  await click('ticket_claim', n, AGENT2);
  app.fake.failNextHttp('response_url', 404, 2);
  const before = app.fake.calls.length;
  await app.slack.blockAction(
    { action_id: 'ticket_claim', value: n, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: AGENT_DM, ephemeral: true },
  );
  const said = app.fake.calls
    .slice(before)
    .filter(
      (c) =>
        (c.method === 'chat.postEphemeral' && c.args.user === AGENT) ||
        (c.method === 'chat.postMessage' && c.args.channel === AGENT),
    )
    .map((c) => texts(c).join('\n'));
  expect(said).toHaveLength(1);
  expect(said[0]).toContain(`${n} is already claimed (by <@${AGENT2}>).`);
});
