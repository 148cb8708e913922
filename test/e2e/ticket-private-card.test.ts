// A ticket's card shown privately (`/ticket T…`, a list row's Open) answers its own buttons
// (revtickets F3): after Claim, Waiting on customer, Resume, Reopen or Close clicked on that copy,
// the copy is drawn again for its reader in its place, under a line saying what was done; when
// Slack no longer takes its response URL, that line comes as a new private message.
import { expect, test } from 'vitest';
import { makeCustomer } from '../helpers/factories.js';
import { texts, useWalkDesk, ADMIN, MANAGER, AGENT, OWNER } from '../helpers/walk.js';
import { offeredIds } from '../helpers/ui.js';

const AGENT_DM = 'D0AGENT001';
const { app, lastModal, click } = useWalkDesk({
  now: '2026-11-24T02:00:00Z',
  admin: ADMIN,
  channels: { triage: true },
});

/** A ticket filed by AGENT with no requester in Slack (its Waiting on customer acts at once). */
async function fileTicket(): Promise<string> {
  await app.setSettings(() => ({
    admins: [ADMIN],
    managers: [MANAGER],
    agents: [AGENT],
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

const status = async (n: string) =>
  (await app.db.models.tickets.findOne({ number: n }).lean())!.status;
const answers = () => app.fake.callsTo('response_url');

/** `/ticket n` typed by AGENT in their DM with the app: the private copy it answers with. */
async function privateCopy(n: string) {
  await app.slack.command('/ticket', n, { userId: AGENT, channelId: AGENT_DM });
  const copy = answers().at(-1)!;
  expect(texts(copy).join('\n')).toContain(n);
  return copy;
}

/** A button of the private copy clicked (its actions row, as Slack sends it from an ephemeral). */
function clickOnCopy(actionId: string, n: string) {
  return app.slack.blockAction(
    { action_id: actionId, value: n, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: AGENT_DM, ephemeral: true },
  );
}

test('Claim, Waiting on customer, Resume on the private copy: each time the copy is replaced by the card as it stands, under what was done, with the buttons that apply now', async () => {
  const n = await fileTicket();
  expect(offeredIds((await privateCopy(n)).args.blocks as unknown[])).toContain('ticket_claim');

  const steps = [
    { id: 'ticket_claim', said: `You have ${n} now.`, status: 'assigned', next: 'ticket_wait' },
    {
      id: 'ticket_wait',
      said: `${n} waits on the customer now.`,
      status: 'waiting',
      next: 'ticket_resume',
    },
    {
      id: 'ticket_resume',
      said: `${n} is in progress again.`,
      status: 'assigned',
      next: 'ticket_wait',
    },
  ];
  for (const step of steps) {
    const before = answers().length;
    expect((await clickOnCopy(step.id, n)).status).toBe(200);
    expect(await status(n)).toBe(step.status);
    const told = answers().slice(before);
    expect(told, step.id).toHaveLength(1);
    expect(told[0]!.args.replace_original, step.id).toBe(true);
    const shown = texts(told[0]!);
    // The number linked to the triage card, in the line's words.
    const [pre, post] = step.said.split(n);
    expect(shown[0], step.id).toMatch(new RegExp(`^${pre}\\*<[^|]+\\|${n}>\\*${post}$`));
    expect(shown.join('\n'), step.id).toContain(
      step.status === 'waiting' ? 'Waiting on customer' : 'In progress',
    );
    const offered = offeredIds(told[0]!.args.blocks as unknown[]);
    expect(offered, step.id).toContain(step.next);
    expect(offered, step.id).not.toContain(step.id);
  }
  // Nothing went to the agent's DM besides (the answers were the copy's own).
  expect(app.fake.postsTo(AGENT).filter((c) => texts(c).join('\n').includes('now.'))).toEqual([]);
});

test('the private copy’s response URL expired (or used up): the line is said in a new private message, the action done', async () => {
  const n = await fileTicket();
  await click('ticket_claim', n, AGENT);
  await privateCopy(n);
  app.fake.failNextHttp('response_url', 404, 2);
  const before = app.fake.calls.length;
  expect((await clickOnCopy('ticket_wait', n)).status).toBe(200);
  expect(await status(n)).toBe('waiting');
  const after = app.fake.calls.slice(before);
  // The replacement was tried, refused; then said anew, privately, not to that URL again.
  expect(
    after.filter((c) => c.method === 'response_url').map((c) => c.args.replace_original),
  ).toEqual([true]);
  const said = after
    .filter(
      (c) =>
        (c.method === 'chat.postEphemeral' && c.args.user === AGENT) ||
        (c.method === 'chat.postMessage' && c.args.channel === AGENT),
    )
    .map((c) => texts(c).join('\n'));
  expect(said).toHaveLength(1);
  expect(said[0]).toContain(`|${n}>* waits on the customer now.`);
});
