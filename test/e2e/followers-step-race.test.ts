// A live step whose request read the ticket before someone clicked Follow, and wrote after
// (Follow bumps no version, so the step's write stands and lists them): they are told the step,
// however the two requests' clocks differ (TicketRecord.followedAt counts the steps written when
// they began, not the time). revland60 F1.
import { afterEach, expect, test, vi } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeTicket } from '../helpers/factories.js';
import { beforeFirstWrite } from '../helpers/setups-10-races.js';

const TRIAGE = 'C0TRIAGE01';
const FOLLOWER = 'U0FOLLOW01';
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });
afterEach(() => vi.restoreAllMocks());

test('Follow landing between a Claim read and its write: the follower is told the claim live', async () => {
  const { number } = await makeTicket(app, { title: 'Press 12' });
  await app.desk.outbox.drain();
  const ts = (await app.db.models.tickets.findOne({ number }).lean())!.card!.ts!;
  app.fake.reset();
  const stepped = beforeFirstWrite(app, async () => {
    // Two seconds on (the claim's Slack look-ups, a slow instance), FOLLOWER clicks Follow.
    app.clock.set('2026-11-24T02:00:02Z');
    await app.slack.blockAction(
      { action_id: 'requester_follow', block_id: 'ticket_follow', value: number },
      { userId: FOLLOWER, channelId: TRIAGE },
    );
  });
  const res = await app.slack.blockAction(
    { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE, messageTs: ts },
  );
  expect(res.status).toBe(200);
  expect(stepped()).toBe(true);
  await app.desk.outbox.drain();
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(doc.assigneeId).toBe(AGENT);
  expect(doc.followers).toContain(FOLLOWER);
  const texts = app.fake.tookPostsTo(FOLLOWER).map((c) => String(c.args.text));
  expect(texts.filter((t) => t.includes('is handling ticket'))).toHaveLength(1);
});
