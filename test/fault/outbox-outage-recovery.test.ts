import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-30T01:00:00Z' });

async function fileTicket(title: string, before: () => void): Promise<void> {
  app.fake.reset();
  const { code } = await makeCustomer(app, { name: `Huadong ${title}` });
  await app.slack.command('/ticket', `new ${title}`, { userId: AGENT });
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  before();
  const res = await app.slack.submitView(
    view,
    { customer: code, severity: 'important', type: 'after_sales', description: 'x' },
    { userId: AGENT },
  );
  expect(res.status).toBe(200);
}

/** The worker passing for `ms` (every 30 s, or sooner when nothing is due before). */
async function passFor(ms: number): Promise<void> {
  const end = app.clock.now().getTime() + ms;
  while (app.clock.now().getTime() < end) {
    await app.desk.outbox.drain();
    app.clock.advance(30_000);
  }
}

test('Slack failing for 100 minutes, then back: the card still owed goes out within five minutes of Slack answering again', async () => {
  await fileTicket('Lag', () => app.fake.outage(5));
  await passFor(100 * 60_000);
  const before = await app.db.models.outbox
    .findOne({ kind: 'ticket.card', state: 'pending' })
    .lean();
  app.fake.restore();
  const back = app.clock.now();
  await passFor(5 * 60_000);
  const cards = app.fake.tookPostsTo(TRIAGE).filter((c) => !c.args.thread_ts);
  // Its own back-off ran more than five minutes past Slack's return: the card went out sooner.
  const backedOffMin = (new Date(before!.nextAt as Date).getTime() - back.getTime()) / 60_000;
  expect({ cards: cards.length, backedOffPastFiveMin: backedOffMin > 5 }).toEqual({
    cards: 1,
    backedOffPastFiveMin: true,
  });
  // Its thread line follows it.
  const ts = (await app.db.models.tickets.findOne({}).lean())!.card!.ts;
  expect(
    app.fake
      .tookPostsTo(TRIAGE)
      .filter((c) => c.args.thread_ts === ts)
      .map((c) => String(c.args.text)),
  ).toEqual([`<@${AGENT}> opened this ticket.`]);
});

test('Slack back after failing on several tickets: the pass that sends what it failed on makes those entries due once for the workspace, not once per message it sends', async () => {
  for (const title of ['Seal', 'Pump', 'Valve']) await fileTicket(title, () => app.fake.outage(5));
  await passFor(40 * 60_000);
  const failedOn = await app.db.models.outbox.countDocuments({
    state: 'pending',
    lastTransient: true,
  });
  expect(failedOn).toBeGreaterThan(3);
  app.fake.restore();
  // Every command making the entries Slack failed on due (OutboxRepository.dueAfterSlackFailed).
  const recoveries: number[] = [];
  const client = app.db.conn.getClient();
  const started = (e: { commandName: string; command: Record<string, any> }) => {
    const updates = (e.command.updates ?? []) as { q?: Record<string, unknown> }[];
    if (e.commandName === 'update' && updates.some((u) => u.q?.lastTransient === true))
      recoveries.push(updates.length);
  };
  const logged = app.logs.length;
  client.on('commandStarted', started);
  try {
    app.clock.advance(60_000);
    await app.desk.outbox.drain();
  } finally {
    client.off('commandStarted', started);
  }
  expect(recoveries).toHaveLength(1);
  expect(
    app.logs
      .slice(logged)
      .filter((l) => l.msg === 'outbox: Slack answers again, the entries it failed on due now'),
  ).toHaveLength(1);
  // And it all went out in that pass.
  expect(await app.db.models.outbox.countDocuments({ state: 'pending', lastTransient: true })).toBe(
    0,
  );
});
