// The outbox's upkeep forgets what it no longer needs: messages Slack took after a week, and
// messages given up after every retry (whatever Slack answered) after 30 days.
import { expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const MANAGER = 'U0MANAGER1';
const TRIAGE = 'C0TRIAGE01';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

async function homeOf(user: string): Promise<string> {
  await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
  return JSON.stringify(app.fake.callsTo('views.publish').at(-1)!.args.view);
}

const deadInMetrics = async () =>
  /care_desk_outbox_entries\{state="dead"\} (\d+)/.exec(
    await (await fetch(`${app.baseUrl}/metrics`)).text(),
  )?.[1];

test('messages given up for any reason stay 30 days for Send again and the metrics, then the upkeep forgets them, once, with two instances running it', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  // Slack refuses the card, its thread and the DM for a reason that is not the channel's.
  app.fake.failNext('chat.postMessage', 'invalid_blocks', 100);
  await makeTicket(app);
  for (let i = 0; i < 25; i++) {
    app.clock.advance(31 * 60_000);
    await app.desk.outbox.drain();
  }
  const givenUp = await app.db.models.outbox.countDocuments({ state: 'dead' });
  expect(givenUp).toBe(3);
  const start = app.clock.now().getTime();
  const day = (n: number) => new Date(start + n * 86_400_000).toISOString();

  // 29 days on, both instances' upkeep keeps them: the manager can still send them again, the
  // operator still sees them.
  await runJobAt(app, outboxJob, day(29), ['a', 'b']);
  expect(await deadInMetrics()).toBe('3');
  expect(await homeOf(MANAGER)).toContain('*3 Slack messages could not be delivered*');

  // 31 days on, they are forgotten: once between the two instances, and nothing is sent.
  const runs = await runJobAt(app, outboxJob, day(31), ['a', 'b']);
  const purged = runs.map((r) => Number((r.counts as { purged?: number } | undefined)?.purged));
  expect(purged.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(givenUp);
  expect(await app.db.models.outbox.countDocuments({ state: 'dead' })).toBe(0);
  expect(await deadInMetrics()).toBe('0');
  expect(await homeOf(MANAGER)).toContain('Every Slack message the desk sent has been delivered.');
  expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
});

test('the upkeep forgets messages Slack took more than a week ago, keeps newer ones, and reads only those due to go', async () => {
  const first = await makeTicket(app);
  await app.desk.outbox.drain();
  /** The messages Slack took that the outbox still knows (App Home publishes aside). */
  const sentMessages = async () =>
    (await app.db.models.outbox.find({ state: 'sent' }).lean()).filter((e) => e.kind !== 'home');
  const sent = (await sentMessages()).length;
  expect(sent).toBeGreaterThan(0);
  const start = app.clock.now().getTime();
  const day = (n: number) => new Date(start + n * 86_400_000).toISOString();

  // Every delete the upkeep sends to the outbox, as the database is asked it.
  const deletes: Record<string, unknown>[] = [];
  const client = app.db.conn.getClient();
  const started = (ev: { commandName: string; command: Record<string, unknown> }) => {
    if (ev.commandName === 'delete' && ev.command.delete === 'outbox')
      for (const d of ev.command.deletes as { q: Record<string, unknown> }[]) deletes.push(d.q);
  };
  client.on('commandStarted', started);
  try {
    // Six days on, a ticket's card and thread are still known: not forgotten.
    await runJobAt(app, outboxJob, day(6));
    expect((await sentMessages()).length).toBe(sent);
    // A day later a new ticket's messages go out; past the week, only the first ones are forgotten.
    await makeTicket(app, { customerCode: first.customerCode });
    await app.desk.outbox.drain();
    await runJobAt(app, outboxJob, day(8));
    const left = await sentMessages();
    expect(left.length).toBe(sent);
    for (const e of left) expect(e.sentAt!.getTime()).toBeGreaterThan(start + 86_400_000);
  } finally {
    client.off('commandStarted', started);
  }
  // Each delete is bounded by time on `nextAt` (the worker's index), not a scan of every entry;
  // but that of the self-deleting entries done with, which meets only those (a sparse index on
  // `forget`).
  expect(deletes.length).toBeGreaterThan(0);
  for (const q of deletes)
    if (q.forget === true) expect(Object.keys(q).sort()).toEqual(['forget', 'state']);
    else expect(q.nextAt).toMatchObject({ $lt: expect.any(Date) });
  expect(
    app.db.models.outbox.schema
      .indexes()
      .filter(([k, o]) => JSON.stringify(k) === '{"forget":1}' && o?.sparse === true),
  ).toHaveLength(1);
});
