// A request that finds an earlier change's notices still owed (the ticket's mark set) writes the
// notices repair's replay before its own (TicketFlows, `owedEarlier`): an agent's reply in the
// customer's own thread (recordResponse through the channel listener), and a merge whose target
// still waits on what the repair does first (`later`: the mark left to the repair).
import { expect, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { claimCutShort, claimedDuplicate, submitLastModal } from '../helpers/clicks.js';
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

/**
 * What went to `channels` from the fake's reset on, then after the outbox job's runs (which
 * repair `repaired` tickets' notices in all).
 */
async function postsAfterRepair(
  repaired: number,
  ...channels: string[]
): Promise<[string, string][]> {
  const took = () =>
    app.fake
      .tookCalls('chat.postMessage')
      .filter((c) => channels.includes(String(c.args.channel)))
      .map((c): [string, string] => [String(c.args.channel), String(c.args.text)]);
  await app.desk.outbox.drain();
  const posts = took();
  let done = 0;
  for (const at of ['2026-11-24T02:03:30Z', '2026-11-24T02:10:00Z']) {
    const [run] = await runJobAt(app, outboxJob, at);
    done += Number(run!.counts?.repaired ?? 0);
    posts.push(...took());
  }
  // What the outbox job's repairs found owed: none but what the test expects.
  expect(done).toBe(repaired);
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
  await claimCutShort(app, number, AGENT, TRIAGE);
  // Thirty seconds on (the repair waits two minutes), the agent answers in the customer's thread.
  app.clock.set('2026-11-24T02:01:00Z');
  app.fake.reset();
  await say(AGENT, 'We are checking the spindle', '1795485660.000200', ROOT);
  const after = await stored(number);
  expect(after.firstResponseAt).toEqual(new Date('2026-11-24T02:01:00Z'));
  // The claim's line, then the answer's, each once; the customer told once that it was taken
  // (the answer in their thread is its own message).
  const posts = await postsAfterRepair(0, TRIAGE, CUST);
  expect(posts).toEqual([
    [TRIAGE, `<@${AGENT}> claimed it.`],
    [TRIAGE, `<@${AGENT}> answered the requester in the conversation.`],
    [CUST, expect.stringContaining(`<@${AGENT}>`)],
  ]);
  expect((await stored(number)).noticesOwedAt).toBeUndefined();
});

test('a Merge into a ticket whose intake was cut short before its re-check is refused on the field until the repair has settled it; then it merges, its note after the target’s own lines', async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  await app.setSettings((s) => ({ ...s, agents: [AGENT], openDesk: false }));
  const duplicate = await claimedDuplicate(app, code, TRIAGE);
  // The target's request dies after its insert, before its re-check: nothing of it told yet.
  const flows = app.desk.flows.tickets as unknown as { settleIntake: () => Promise<unknown> };
  const cut = vi.spyOn(flows, 'settleIntake').mockRejectedValueOnce(new Error('process died'));
  try {
    await expect(makeTicket(app, { customerCode: code, title: 'Spindle' })).rejects.toThrow();
  } finally {
    cut.mockRestore();
  }
  const { number: target } = (await app.db.models.tickets.findOne({ title: 'Spindle' }).lean())!;
  const owing = await stored(target);
  expect(owing.intakeCheckOwedAt).toBeDefined();
  expect(owing.noticesOwedAt).toBeDefined();
  app.clock.set('2026-11-24T02:01:00Z');
  app.fake.reset();
  const merge = async () => {
    await app.slack.blockAction(
      { action_id: 'ticket_merge_open', value: duplicate, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    return submitLastModal(app, { target }, AGENT, { expect: 'any' });
  };
  // Still being filed (its re-check may yet take it back): refused on the field, nothing written.
  expect((await merge()).body).toEqual({
    response_action: 'errors',
    errors: {
      target: `${target} is still being filed: merge into it in a minute or two, once its card is in the channel.`,
    },
  });
  expect((await stored(duplicate)).mergedInto).toBeUndefined();
  expect((await stored(duplicate)).status).not.toBe('closed');
  // The repair settles its intake (it stands) and writes its notices, once.
  const posts = await postsAfterRepair(1, TRIAGE, OWNER);
  const once = (text: string) => posts.filter(([, t]) => t.includes(text));
  expect(once(`${target} · General · Huadong: Spindle`)).toHaveLength(1);
  expect(once(`<@${AGENT}> opened this ticket.`)).toHaveLength(1);
  expect(posts.filter(([to]) => to === OWNER)).toEqual([
    [OWNER, expect.stringContaining('for your customer Huadong: Spindle')],
  ]);
  const settled = await stored(target);
  expect(settled.intakeCheckOwedAt).toBeUndefined();
  expect(settled.noticesOwedAt).toBeUndefined();
  // Filed: the merge goes through, its note in the target's thread after its own lines.
  app.fake.reset();
  expect((await merge()).body).toBe('');
  await app.desk.outbox.drain();
  expect((await stored(duplicate)).mergedInto).toBe(target);
  expect(
    app.fake
      .tookPostsTo(TRIAGE)
      .map((c) => String(c.args.text))
      .filter((t) => t.includes(`Merged from ${duplicate} (Li Lei, “E42”) by <@${AGENT}>.`)),
  ).toHaveLength(1);
});
