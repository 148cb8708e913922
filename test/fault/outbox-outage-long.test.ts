import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-30T01:00:00Z' });

test('Slack failing (5xx, internal_error, 429) for three hours, then back: nothing given up, the ticket filed at its start gets its card without anyone pressing Send again', async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  await app.slack.command('/ticket', 'new Filed during outage', { userId: AGENT });
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  app.fake.reset();
  app.fake.outage(5);
  const res = await app.slack.submitView(
    view,
    { customer: code, severity: 'important', type: 'after_sales', description: 'x' },
    { userId: AGENT },
  );
  expect(res.status).toBe(200);
  // The worker passes every minute for three hours (time injected).
  const end = app.clock.now().getTime() + 3 * 3_600_000;
  while (app.clock.now().getTime() < end) {
    await app.desk.outbox.drain();
    const next = await app.db.models.outbox
      .findOne({ state: 'pending' })
      .sort({ nextAt: 1 })
      .lean();
    if (!next) break;
    app.clock.set(
      new Date(
        Math.max(app.clock.now().getTime() + 60_000, new Date(next.nextAt as Date).getTime()),
      ),
    );
  }
  // Still owed after three hours, its failed tries counted (what the managers' Home shows).
  const card = await app.db.models.outbox.findOne({ kind: 'ticket.card' }).lean();
  expect({ state: card!.state, triedMoreThan10: card!.attempts > 10 }).toEqual({
    state: 'pending',
    triedMoreThan10: true,
  });
  app.fake.restore();
  for (let pass = 0; pass < 20; pass++) {
    await app.desk.outbox.drain();
    app.clock.advance(60_000);
  }
  const dead = await app.db.models.outbox.find({ state: 'dead' }).lean();
  const cards = app.fake.tookPostsTo(TRIAGE).filter((c) => !c.args.thread_ts);
  expect({ cards: cards.length, dead: dead.map((d) => [d.kind, d.attempts, d.lastError]) }).toEqual(
    {
      cards: 1,
      dead: [],
    },
  );
});
