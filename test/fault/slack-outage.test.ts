import { expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { runDue } from '../../src/schedule/runner.js';
import { useTestApp } from '../helpers/app.js';
import { storeEarlierWeeks } from '../helpers/chart.js';
import { AGENT, makeCustomer, makeTicket, OWNER, respond } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { jobDeps } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';
const ESCALATION = 'C0ESCAL001';
const DIGEST = 'C0DIGEST01';

// Friday 2026-11-27 10:00 in Shanghai.
const app = useTestApp({
  env: {
    TRIAGE_CHANNEL_ID: TRIAGE,
    ALERTS_CHANNEL_ID: ALERTS,
    ESCALATION_CHANNEL_ID: ESCALATION,
    DIGEST_CHANNEL_ID: DIGEST,
  },
  now: '2026-11-27T02:00:00Z',
});

const took = (channel: string) => app.fake.tookPostsTo(channel);

const cardTs = new Map<string, string>();

/** What Slack took in a ticket's thread, in order. */
function thread(number: string): string[] {
  return took(TRIAGE)
    .filter((c) => c.args.thread_ts === cardTs.get(number))
    .map((c) => String(c.args.text));
}

test('Slack refusing every call for a minute (429, 500, ok:false) while tickets are opened and claimed, the SLA sweep and the digest run: afterwards everything arrives, once, in order', async () => {
  await storeEarlierWeeks(app, '2026-11-30T01:00:00Z'); // weeks enough for the digest's chart
  const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 });
  // Before the outage: two urgent tickets nobody claims over the weekend.
  const old = [
    (await makeTicket(app, { customerCode: code, severity: 'urgent', title: 'Old A' })).number,
    (await makeTicket(app, { customerCode: code, severity: 'urgent', title: 'Old B' })).number,
  ];
  // Monday 08:59: three people open the New ticket modal.
  app.clock.set('2026-11-30T00:59:00Z');
  const views: Record<string, unknown>[] = [];
  for (let i = 0; i < 3; i++) {
    await app.slack.command('/ticket', `new Outage ${i}`, { userId: AGENT });
    views.push(app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>);
  }
  app.fake.reset();

  // 09:00: Slack goes down for a minute.
  app.clock.set('2026-11-30T01:00:00Z');
  app.fake.outage(5);
  const created: string[] = [];
  for (const view of views) {
    const res = await app.slack.submitView(
      view,
      {
        customer: code,
        severity: 'important',
        type: 'after_sales',
        description: 'During the outage',
      },
      { userId: AGENT },
    );
    expect(res.status).toBe(200);
    const told = app.fake.callsTo('response_url').at(-1)!.args.text as string;
    const number = /Ticket (T\d+) is saved/.exec(told)![1]!;
    expect(told).toContain('it will be posted automatically');
    created.push(number);
  }
  app.clock.advance(10_000);
  // Claims by button while Slack is down: saved, and the clicker is told.
  for (const number of [old[0]!, created[0]!]) {
    const res = await app.slack.blockAction(
      { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    expect(res.status).toBe(200);
  }
  // Old A's agent calls the customer back (a claim alone does not answer the requester).
  await respond(app, old[0]!, AGENT, { via: 'phone', text: 'Called back about it' });
  // The sweep (old B breached on Friday: alerts and escalations) and Monday's digest.
  app.clock.advance(20_000);
  const runs = await runDue(jobDeps(app), [slaAlertsJob, digestJob]);
  expect(runs.map((r) => [r.job, r.ran, r.counts?.queued])).toEqual([
    ['sla-alerts', true, expect.any(Number)],
    ['digest', true, 1],
  ]);
  // The worker's passes during the outage: nothing gets through, nothing is given up.
  for (let t = 0; t < 3; t++) {
    await app.desk.outbox.drain();
    app.clock.advance(10_000);
  }
  expect(app.fake.calls.filter((c) => c.outcome === 'ok' && c.method !== 'auth.test')).toEqual([]);

  // 09:01: Slack is back. The worker keeps passing as its loop would.
  app.fake.restore();
  app.clock.set('2026-11-30T01:01:00Z');
  for (let pass = 0; pass < 200; pass++) {
    await app.desk.outbox.drain();
    const waiting = await app.db.models.outbox.countDocuments({ state: 'pending' });
    if (!waiting) break;
    app.clock.advance(30_000);
  }
  expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(0);
  expect(await app.db.models.outbox.countDocuments({ state: 'dead' })).toBe(0);

  // Every card posted once, showing the ticket as it is now.
  const tickets = await app.db.models.tickets.find({ teamId: FAKE_TEAM_ID }).lean();
  for (const number of created) {
    const cards = took(TRIAGE).filter(
      (c) => !c.args.thread_ts && String(c.args.text).startsWith(number),
    );
    expect(cards, `${number}: one card`).toHaveLength(1);
    const stored = tickets.find((t) => t.number === number)!;
    cardTs.set(number, stored.card!.ts!);
    expect(stored.card!.pending).toBe(false);
    expect(stored.accountManagerNotified).toBe(true);
  }
  // Each thread is the ticket's timeline, each event once, in order.
  expect(thread(created[0]!)).toEqual([
    `<@${AGENT}> opened this ticket.`,
    `<@${AGENT}> claimed it.`,
  ]);
  expect(thread(created[1]!)).toEqual([`<@${AGENT}> opened this ticket.`]);
  // The account manager heard of each new ticket once.
  for (const number of created)
    expect(
      took(OWNER).filter(
        (c) => /^New ticket /.test(String(c.args.text)) && String(c.args.text).includes(number),
      ),
    ).toHaveLength(1);
  // The sweep's list went out once, naming the breached ticket; its escalation listed once.
  expect(took(ALERTS)).toHaveLength(1);
  expect(JSON.stringify(took(ALERTS)[0]!.args.blocks)).toContain(old[1]!);
  expect(took(ESCALATION).map((c) => String(c.args.text).split('\n')[0])).toEqual([
    'Escalated automatically on SLA breach (1)',
  ]);
  // The claimed old ticket's card shows its assignee (the latest update Slack took).
  const oldA = tickets.find((t) => t.number === old[0])!;
  const updates = app.fake
    .tookCalls('chat.update')
    .filter((c) => c.args.ts === oldA.card!.ts)
    .map((c) => JSON.stringify(c.args.blocks));
  expect(updates.at(-1)).toContain(`<@${AGENT}> · L1`);
  // The digest went out once, with its chart, and is recorded.
  expect(took(DIGEST)).toHaveLength(1);
  expect(app.fake.tookCalls('files.completeUploadExternal')).toHaveLength(1);
  const week = await app.db.models.digests.findOne({ week: '2026-W48' }).lean();
  expect(week!.post).toMatchObject({ channel: DIGEST });
});
