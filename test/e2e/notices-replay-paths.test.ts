// A request that finds an earlier change's notices still owed (the ticket's mark set) writes the
// notices repair's replay before its own (TicketFlows, `owedEarlier`): an agent's reply in the
// customer's own thread (recordResponse through the channel listener), and a merge whose target
// still waits on what the repair does first (`later`: the mark left to the repair).
import { expect, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { messageEvent } from '../helpers/slack-requests.js';

const TRIAGE = 'C0TRIAGE01';
const ADMIN = 'U0ADMIN001';
const CUST = 'C0CUSTCH01';
const CUSTOMER_USER = 'U0CUSTUSR1';
const ROOT = '1795485600.000100'; // 2026-11-24T02:00:00Z

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;
let events = 0;
const say = (user: string, text: string, ts: string, thread?: string) =>
  app.slack.eventDelivery(messageEvent(CUST, user, text, ts, thread ? { thread } : {}), {
    eventId: `Ev0REPLAY${String(++events).padStart(4, '0')}`,
  });

/** What went to `channels` from the fake's reset on, then after the outbox job's runs. */
async function postsAfterRepair(...channels: string[]): Promise<[string, string][]> {
  const took = () =>
    app.fake
      .tookCalls('chat.postMessage')
      .filter((c) => channels.includes(String(c.args.channel)))
      .map((c): [string, string] => [String(c.args.channel), String(c.args.text)]);
  await app.desk.outbox.drain();
  const posts = took();
  for (const at of ['2026-11-24T02:03:30Z', '2026-11-24T02:10:00Z']) {
    const [run] = await runJobAt(app, outboxJob, at);
    expect(run!.counts).toMatchObject({ repaired: 0 });
    posts.push(...took());
  }
  return posts;
}

test('a Claim cut short before its notices, then the agent’s reply in the customer’s thread within the repair’s wait: the claim’s line once, before the reply’s; the customer told once that it was taken', async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  await app.setSettings((s) => ({ ...s, agents: [AGENT], openDesk: false }));
  await app.slack.command('/desk', `channel link ${code}`, { userId: ADMIN, channelId: CUST });
  await say(CUSTOMER_USER, 'The spindle stopped', ROOT);
  const { number } = (await app.db.models.tickets
    .findOne({ teamId: FAKE_TEAM_ID, submissionId: `msg:${CUST}:${ROOT}` })
    .lean())!;
  await app.desk.outbox.drain();
  await runJobAt(app, outboxJob, '2026-11-24T02:00:30Z');
  // The claim's notices' write fails: the mark is left on the ticket.
  const cut = vi
    .spyOn(app.desk.services.outbox, 'batch')
    .mockRejectedValueOnce(new Error('database down'));
  try {
    await app.slack.blockAction(
      { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
  } finally {
    cut.mockRestore();
  }
  expect((await stored(number)).noticesOwedAt).toBeDefined();
  // Thirty seconds on (the repair waits two minutes), the agent answers in the customer's thread.
  app.clock.set('2026-11-24T02:01:00Z');
  app.fake.reset();
  await say(AGENT, 'We are checking the spindle', '1795485660.000200', ROOT);
  const after = await stored(number);
  expect(after.firstResponseAt).toEqual(new Date('2026-11-24T02:01:00Z'));
  // The claim's line, then the answer's, each once; the customer told once that it was taken
  // (the answer in their thread is its own message).
  const posts = await postsAfterRepair(TRIAGE, CUST);
  expect(posts).toEqual([
    [TRIAGE, `<@${AGENT}> claimed it.`],
    [TRIAGE, `<@${AGENT}> answered the requester in the conversation.`],
    [CUST, expect.stringContaining(`<@${AGENT}>`)],
  ]);
  expect((await stored(number)).noticesOwedAt).toBeUndefined();
});
