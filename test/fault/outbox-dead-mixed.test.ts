// Messages given up for different reasons, the oldest by an outage and later ones refused (the app
// not in the channel): the managers' Home says to fix the refusal first, and the outage's apart.
// The thread replies given up with their card count with their card's reason (revland F3).
import { expect, test } from 'vitest';
import { PARENT_GIVEN_UP, TRANSIENT_MAX_ATTEMPTS } from '../../src/notify/outbox.js';
import { cardKey } from '../../src/outbox/types.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, makeTicket } from '../helpers/factories.js';
import { countSlackFailedTries } from '../helpers/outbox-tries.js';

const MANAGER = 'U0MANAGER1';
const TRIAGE = 'C0TRIAGE01';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

async function homeOf(user: string): Promise<string> {
  await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
  const publish = app.fake.callsTo('views.publish').at(-1)!;
  expect(publish.args.user_id).toBe(user);
  return JSON.stringify(publish.args.view);
}

async function untilDead(n: number) {
  for (let pass = 0; pass < 400; pass++) {
    app.clock.advance(31 * 60_000);
    await app.desk.outbox.drain();
    if ((await app.db.models.outbox.countDocuments({ state: 'dead', kind: 'ticket.card' })) >= n)
      return;
  }
}

test('an outage give-up first, then a channel refusal: the Home says to fix the refusal, and the outage apart', async () => {
  await app.setSettings(() => ({ managers: [MANAGER], admins: [] }));
  app.fake.failNextHttp('chat.postMessage', 500, 1000);
  const outage = await makeTicket(app);
  // A few tries made by the pass, then counted on to the last two (`countSlackFailedTries`):
  // 150 passes would take most of a time limit.
  for (let pass = 0; pass < 3; pass++) {
    app.clock.advance(31 * 60_000);
    await app.desk.outbox.drain();
  }
  await countSlackFailedTries(app, cardKey(outage), TRANSIENT_MAX_ATTEMPTS - 2);
  await untilDead(1);
  app.fake.reset();
  app.fake.failNext('chat.postMessage', 'not_in_channel', 50);
  const { code } = await makeCustomer(app, { name: 'Second Co' });
  await makeTicket(app, { title: 'Second', customerCode: code });
  await untilDead(2);
  const home = await homeOf(MANAGER);
  const dead = await app.db.models.outbox.find({ state: 'dead', trail: null }).lean();
  // Replies given up with their card, for each card: they take its reason.
  const cards = dead.filter((d) => d.kind === 'ticket.card');
  const replies = dead.filter((d) => d.lastError === PARENT_GIVEN_UP);
  expect(cards).toHaveLength(2);
  expect(replies.length).toBeGreaterThan(0);
  for (const reply of replies) {
    const card = cards.find((c) => c.key === reply.thread?.parentKey)!;
    expect(!!reply.lastTransient).toBe(!!card.lastTransient);
  }
  const failing = dead.filter((d) => d.lastTransient).length;
  expect(failing).toBeGreaterThan(1);
  expect(dead.length - failing).toBeGreaterThan(1);
  expect(home).toContain(`*${dead.length - failing} Slack messages could not be delivered*`);
  expect(home).toContain('`not_in_channel`');
  expect(home).toContain('Fix the cause');
  expect(home).toContain(`${failing} more Slack messages could not be delivered`);
  expect(home).not.toContain(PARENT_GIVEN_UP);
  expect(home.indexOf('Fix the cause')).toBeLessThan(home.indexOf('more Slack message'));
  expect(home).toContain('home_resend_undelivered');
});

test('a card given up while Slack failed, its reply given up with it by an older version (no flag of its card’s reason): the Home counts the reply with the card, never says to fix the cause, and never names the reply’s reason (its card not posted)', async () => {
  await app.setSettings(() => ({ managers: [MANAGER], admins: [] }));
  app.fake.failNextHttp('chat.postMessage', 500, 1000);
  const ticket = await makeTicket(app);
  for (let pass = 0; pass < 3; pass++) {
    app.clock.advance(31 * 60_000);
    await app.desk.outbox.drain();
  }
  await countSlackFailedTries(app, cardKey(ticket), TRANSIENT_MAX_ATTEMPTS - 2);
  await untilDead(1);
  const replies = { state: 'dead', lastError: PARENT_GIVEN_UP } as const;
  expect(await app.db.models.outbox.countDocuments(replies)).toBeGreaterThan(0);
  // As a version before replies took their card's reason left them.
  await app.db.models.outbox.updateMany(replies, { $unset: { lastTransient: '' } });
  app.fake.reset();
  const home = await homeOf(MANAGER);
  const dead = await app.db.models.outbox.countDocuments({ state: 'dead', trail: null });
  expect(home).toContain(`*${dead} Slack messages could not be delivered*`);
  expect(home).toContain('Slack was failing');
  expect(home).not.toContain('Fix the cause');
  expect(home).not.toContain(PARENT_GIVEN_UP);
});
