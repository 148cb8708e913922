// A replay of a ticket's recent notices (the outbox job's repair, a request finding an earlier
// change's notices still owed) tells each step to the followers the ticket had by then
// (TicketRecord.followedAt), not to someone who began following after it.
import { expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { claimCutShort, lastModalView } from '../helpers/clicks.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const EARLY = 'U0FOLLOW01';
const LATE = 'U0FOLLOW02';
const MANAGER = 'U0MANAGER1';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

const texts = (to: string) => app.fake.tookPostsTo(to).map((c) => String(c.args.text));

/** Followers… on the card, by `by`: the ticket's followers become `users`. */
async function setFollowers(number: string, by: string, users: string[]) {
  await app.slack.blockAction(
    { action_id: 'ticket_followers_open', block_id: 'ticket_follow', value: number },
    { userId: by, channelId: TRIAGE },
  );
  const res = await app.slack.submitView(
    lastModalView(app, 'views.open'),
    { followers: users.join(',') },
    { userId: by },
  );
  expect(res.body).toBe('');
}

test('a Claim cut short before its notices, someone added to the followers after it: the repair tells the claim to whoever followed before it, not to them; the next step goes to both', async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const { number } = await makeTicket(app, { customerCode: code });
  await app.setSettings(() => ({ managers: [MANAGER] }));
  await setFollowers(number, MANAGER, [EARLY]);
  await app.desk.outbox.drain();

  // The claim's notices are not written (the database fails then): the claim stands, owing them.
  app.clock.set('2026-11-24T02:00:30Z');
  await claimCutShort(app, number, AGENT, TRIAGE);
  // A minute on, its assignee adds LATE to the followers (told they follow it now).
  app.clock.set('2026-11-24T02:01:30Z');
  await setFollowers(number, AGENT, [EARLY, LATE]);
  await app.desk.outbox.drain();

  // The repair two minutes after the claim: its step to EARLY only.
  await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
  expect((await app.db.models.tickets.findOne({ number }).lean())!.noticesOwedAt).toBeUndefined();
  const taken = `<@${AGENT}> is handling ticket *${number}* now.`;
  expect(texts(EARLY).filter((t) => t.startsWith(taken))).toHaveLength(1);
  expect(texts(LATE)).toEqual([]);

  // The next step, Wait on the customer, goes to both.
  app.fake.reset();
  await app.slack.blockAction(
    { action_id: 'ticket_wait_open', value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  const res = await app.slack.submitView(
    lastModalView(app, 'views.open'),
    { question: 'Which firmware?' },
    { userId: AGENT },
  );
  expect(res.body).toBe('');
  await app.desk.outbox.drain();
  for (const who of [EARLY, LATE])
    expect(texts(who).filter((t) => t.includes('Which firmware?'))).toHaveLength(1);
});
