// A service lead's week when Slack misbehaves: Monday morning a burst of tickets (complaints,
// Key and strategic customers with tighter targets) while chat.postMessage answers 429 with
// Retry-After, then the alerts channel archived (`channel_not_found`), then the bot removed from
// it (`not_in_channel`); an agent pauses a ticket on the customer, the SLA sweep escalates the
// breaches, the lead reassigns, resolves and reopens; the weekly digest runs while Slack still
// refuses the digest channel. Each step goes through signed requests or a scheduled job, and
// asserts what the lead and the admins are told, that nothing goes out twice or never, and that
// cards read right once Slack takes them again.
import { describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import type { Job } from '../../src/schedule/job.js';
import { runDue } from '../../src/schedule/runner.js';
import type { RecordedCall } from '../helpers/fake-slack.js';
import { jobDeps } from '../helpers/jobs.js';
import {
  ADMIN, // Chen Jing, the desk's admin
  AGENT,
  AGENT2,
  ALERTS,
  all,
  at,
  DIGEST,
  ESCALATION,
  EXPERT,
  MANAGER as LEAD, // Liu Yang, the service lead (a manager)
  OWNER,
  TRIAGE,
  useWalkDesk,
} from '../helpers/walk.js';

// Monday 2026-11-23 08:50 in Shanghai.
const { app, lastModal, click, ticket, card, home, ...steps } = useWalkDesk({
  now: '2026-11-23T00:50:00Z',
  since: '2026-01-01T00:00:00Z',
  admin: ADMIN,
  channels: { triage: true, alerts: true, escalation: true, digest: true },
});

/** A job's due slots as of a Shanghai time, then the worker's pass; Slack's refusals stay. */
async function runJob(job: Job, local: string) {
  app.clock.set(at(local).toISOString());
  await runDue(jobDeps(app), [job]);
  await app.desk.outbox.drain();
}
/** The worker passing after `seconds`. */
async function pass(seconds: number) {
  app.clock.advance(seconds * 1000);
  await app.desk.outbox.drain();
}

async function newCustomer(name: string, annualRevenue: number) {
  const customer = await steps.newCustomer(OWNER, {
    name,
    industry: 'Manufacturing',
    source: 'referral',
    first_contact: '2025-03-02',
    contact_name: 'Wang Fang',
    contact_title: 'Buyer',
    annual_revenue: String(annualRevenue),
  });
  return customer.code as string;
}

async function fileTicket(
  customer: string,
  title: string,
  fields: Record<string, string>,
  userId = AGENT,
) {
  await app.slack.command('/ticket', `new ${title}`, { userId });
  const res = await app.slack.submitView(
    lastModal(),
    { customer, type: 'after_sales', channel: 'phone', description: title, ...fields },
    { userId },
  );
  expect(res.body).toBe('');
  return (await app.db.models.tickets.findOne({ title }).lean())!;
}

/** Every message Slack took in the walk, to check that none went out twice. */
const taken: RecordedCall[] = [];
/** Clears the fake's record (keeping what Slack took), and its refusals. */
function slackBack() {
  taken.push(...app.fake.tookCalls('chat.postMessage'));
  app.fake.reset();
}
/** Slack's record cleared, the given channels still refused. */
function stillRefusing(refusals: Record<string, string>) {
  slackBack();
  for (const [channel, error] of Object.entries(refusals)) app.fake.refuseChannel(channel, error);
}
const posted = (channel: string) => app.fake.tookPostsTo(channel).map((c) => all([c]));

describe("a service lead's week when Slack misbehaves", () => {
  test('a burst under 429s, an archived alerts channel, a bot removed from it, pauses, escalations, a reassign, a reopen and the digest while Slack refuses', async () => {
    await app.setSettings(() => ({
      managers: [LEAD],
      agents: [AGENT, AGENT2],
      experts: [{ userId: EXPERT, skills: ['spindle'] }],
      accountManagers: [OWNER],
      timeZone: 'Asia/Shanghai',
    }));
    app.clock.set(at('2026-11-23 08:50').toISOString());
    const strategic = await newCustomer('Huadong Machinery', 1_500_000);
    const key = await newCustomer('Beijing Optics', 600_000);
    const normal = await newCustomer('Shenzhen Trading', 80_000);

    // Monday 09:00, the burst: Slack answers 429 (Retry-After 30 s) to the first three posts.
    slackBack();
    app.clock.set(at('2026-11-23 09:00').toISOString());
    app.fake.rateLimitNext('chat.postMessage', 30, 3);
    const t1 = await fileTicket(strategic, 'Spindle stopped on line 3', { severity: 'important' });
    const t2 = await fileTicket(key, 'Optics calibration drifts', { severity: 'general' });
    const t3 = await fileTicket(
      normal,
      'Engineer was rude on site',
      { type: 'complaint', severity: 'general' },
      AGENT2,
    );
    const t4 = await fileTicket(normal, 'Invoice copy', {
      severity: 'general',
      type: 'consultation',
    });
    // Each filer is told the ticket is saved and why its card is not out yet; one post was tried.
    expect(app.fake.callsTo('response_url').map((c) => String(c.args.text))).toEqual(
      [t1, t2, t3, t4].map(
        (t, i) =>
          `Ticket ${t.number} is saved with severity ${i ? 'General' : 'Important'}. Slack has not taken its card yet (Slack asked the desk to slow down); it will be posted automatically.`,
      ),
    );
    expect(app.fake.callsTo('chat.postMessage')).toHaveLength(1);
    // The targets: strategic and important, 4 business hours; Key and general, 8 (the tier's
    // target is no stricter); resolution 72 business hours.
    expect(t1.responseDueAt).toEqual(at('2026-11-23 13:00'));
    expect(t2.responseDueAt).toEqual(at('2026-11-23 17:00'));
    expect(t1.resolutionDueAt).toEqual(at('2026-12-02 18:00'));

    // The worker passes every 2 s: Slack's wait is honoured (asked again after 30 s, twice more
    // refused), then every card goes out once, with its thread and the account manager's DM.
    for (let i = 0; i < 60; i++) await pass(2);
    for (const t of [t1, t2, t3, t4]) {
      const cards = app.fake
        .tookPostsTo(TRIAGE)
        .filter((c) => !c.args.thread_ts && String(c.args.text).startsWith(t.number));
      expect(cards, t.number).toHaveLength(1);
      expect(card(t.number)).toContain(t.title);
    }
    expect(posted(OWNER)).toHaveLength(4);
    expect(posted(OWNER).join('\n')).toContain(
      'General (一般) complaint <https://fake.slack.test/archives/C0TRIAGE01/',
    );
    expect(posted(LEAD)).toEqual([
      expect.stringContaining(':warning: New General (一般) complaint '),
    ]);
    expect(app.logs.filter((l) => l.msg === 'outbox: Slack asked to slow down').length).toBe(3);

    // 09:30 the agents claim; 10:00 the Key customer's ticket waits on the customer: its clocks
    // stop with 7 and 71 business hours left.
    app.clock.set(at('2026-11-23 09:30').toISOString());
    await click('ticket_claim', t2.number);
    await click('ticket_claim', t3.number, AGENT2);
    app.clock.set(at('2026-11-23 10:00').toISOString());
    await click('ticket_wait', t2.number);
    await app.desk.outbox.drain();
    expect(card(t2.number)).toContain(
      'Paused while waiting on the customer (7 h of business time left)',
    );
    expect(card(t2.number)).toContain(
      'Paused while waiting on the customer (71 h of business time left)',
    );

    // Someone archives the alerts channel. The 12:00 sweep warns of the strategic ticket, the
    // 13:01 sweep finds it breached and escalates it to the expert whose skills fit it.
    stillRefusing({ [ALERTS]: 'channel_not_found' });
    await runJob(slaAlertsJob, '2026-11-23 12:00');
    await runJob(slaAlertsJob, '2026-11-23 13:01');
    for (let i = 0; i < 5; i++) await pass(40);
    expect(app.fake.tookPostsTo(ALERTS)).toEqual([]);
    // The owner, the expert, the thread and the escalation channel are told all the same.
    expect(posted(OWNER).join('\n')).toContain(
      `Huadong Machinery · Important: first response due soon (by <!date^${at('2026-11-23 13:00').getTime() / 1000}^`,
    );
    expect(posted(EXPERT)).toEqual([
      expect.stringContaining(
        'Spindle stopped on line 3 · Huadong Machinery: escalated to L2 on breach, and it is yours now. Its SLA is already breached: answer it first.',
      ),
    ]);
    expect(posted(ESCALATION)).toEqual([
      expect.stringMatching(/^Escalated automatically on SLA breach \(1\)\n/),
    ]);
    expect((await ticket(t1.number)).assigneeId).toBe(EXPERT);
    expect(card(t1.number)).toContain(`<@${EXPERT}> · L2`);
    // Where the failure shows: the log names the channel, the admin's Home names it and says
    // what to do, the lead's Home counts what waits; /readyz stays ready (Slack refusing one
    // channel is not the instance's fault, and the outbox keeps what is owed).
    expect(
      app.logs.filter((l) => l.msg === 'outbox: delivery failed' && l.to === ALERTS).length,
    ).toBeGreaterThan(0);
    expect(await home(ADMIN)).toContain(
      `:warning: Slack refuses the desk in <#${ALERTS}> (not invited, or the channel is gone): invite the app there or choose another channel.`,
    );
    expect(await home(LEAD)).toMatch(
      /\d+ Slack messages are waiting to be delivered \(retried automatically\)\./,
    );
    expect((await fetch(`${app.baseUrl}/readyz`)).status).toBe(200);
    // The admin is told by DM, once, which channel, what Slack answered and what to do; the lead
    // (not an admin) is not.
    const refusedDm = (user: string) =>
      posted(user).filter((m) => m.includes('Slack refused the desk in'));
    expect(refusedDm(ADMIN)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^:warning: Slack refused the desk in <#${ALERTS}> at .*: \`channel_not_found\`\. The channel is gone`,
        ),
      ),
    ]);
    expect(refusedDm(LEAD)).toEqual([]);

    // 15:01: the channel is back from the archive, without the app in it.
    stillRefusing({ [ALERTS]: 'not_in_channel' });
    await runJob(slaAlertsJob, '2026-11-23 15:01');
    for (let i = 0; i < 5; i++) await pass(60);
    expect(posted(AGENT2)).toEqual([
      expect.stringContaining(
        'Engineer was rude on site · Shenzhen Trading · General: first response due soon',
      ),
    ]);

    // Tuesday 09:10: the customer answers the paused ticket; the lead hands the strategic one
    // from the expert to an agent.
    stillRefusing({ [ALERTS]: 'not_in_channel' });
    app.clock.set(at('2026-11-24 09:10').toISOString());
    await click('ticket_resume', t2.number);
    await click('ticket_reassign_open', t1.number, LEAD);
    await app.slack.submitView(lastModal(), { assignee: AGENT2 }, { userId: LEAD });
    await app.desk.outbox.drain();
    // 7 business hours were left: due 16:10 today.
    expect(card(t2.number)).toContain(
      `7 h of business time left, due <!date^${at('2026-11-24 16:10').getTime() / 1000}^`,
    );
    expect(posted(AGENT2).join('\n')).toContain(
      `is yours now (L2), from <@${LEAD}>: Spindle stopped on line 3`,
    );

    // The 10:00 sweep: Monday's late tickets go to the expert (L2); the strategic one, breached
    // 300 business minutes ago, to its account manager (L3), from the agent the lead gave it to.
    stillRefusing({ [ALERTS]: 'not_in_channel' });
    await runJob(slaAlertsJob, '2026-11-24 10:00');
    for (let i = 0; i < 5; i++) await pass(60);
    expect((await ticket(t1.number)).assigneeId).toBe(OWNER);
    expect((await ticket(t3.number)).assigneeId).toBe(EXPERT);
    expect(posted(AGENT2).join('\n')).toContain(
      `escalated to L3 on breach; <@${OWNER}> has it now. Hand over what you know in its thread.`,
    );

    // 15:00 the lead resolves the strategic ticket; 16:00 reopens it (the customer says not).
    stillRefusing({ [ALERTS]: 'not_in_channel' });
    app.clock.set(at('2026-11-24 15:00').toISOString());
    await click('ticket_resolve_open', t1.number, LEAD);
    await app.slack.submitView(
      lastModal(),
      { resolution: 'Replaced the spindle drive' },
      { userId: LEAD },
    );
    app.clock.set(at('2026-11-24 16:00').toISOString());
    await click('ticket_reopen', t1.number, LEAD);
    await app.desk.outbox.drain();
    // 15 business hours used; the hour it sat resolved does not count: 57 left, due Thursday.
    expect(card(t1.number)).toContain(
      `57 h of business time left, due <!date^${at('2026-12-03 10:00').getTime() / 1000}^`,
    );
    expect(posted(OWNER).join('\n')).toContain(
      `(“Spindle stopped on line 3”) is reopened and back with you: <@${LEAD}> reopened it.`,
    );

    // The rest of the week the sweep runs each morning; Monday's digest finds the digest
    // channel refusing too.
    stillRefusing({ [ALERTS]: 'not_in_channel', [DIGEST]: 'not_in_channel' });
    for (const d of ['25', '26', '27', '30']) await runJob(slaAlertsJob, `2026-11-${d} 10:00`);
    await runJob(digestJob, '2026-11-30 09:00');
    for (let i = 0; i < 5; i++) await pass(60);
    expect(app.fake.tookPostsTo(DIGEST)).toEqual([]);
    const adminHome = await home(ADMIN);
    for (const channel of [ALERTS, DIGEST])
      expect(adminHome).toContain(`Slack refuses the desk in <#${channel}>`);
    // Monday's first alerts were given up after ten tries: the lead reads where they were going.
    expect(await home(LEAD)).toContain(
      `could not be delivered* after every retry. First reason: \`not_in_channel\` (to <#${ALERTS}>).`,
    );

    // The admin was told of the digest channel too, and of the alerts channel again on the days
    // it still refused (a day after they were last told).
    expect(
      posted(ADMIN).filter((m) => m.includes(`Slack refused the desk in <#${DIGEST}>`)),
    ).toEqual([
      expect.stringContaining('`not_in_channel`. The app is not in the channel: invite it there'),
    ]);
    // 11:00 the admin invites the app to both channels: what was still owed goes out once.
    slackBack();
    app.clock.set(at('2026-11-30 11:00').toISOString());
    for (let i = 0; i < 5; i++) await pass(1900);
    const digest = posted(DIGEST);
    expect(digest).toHaveLength(1);
    expect(digest[0]).toMatch(
      /^Weekly KPI digest · 2026-W48 \(2026-11-23 – 2026-11-29\): 4 new tickets, 0 resolved; first responses on time: 0\.0%/,
    );
    expect(digest[0]).toContain('*Complaints opened*\n1 (+1 vs last week)');
    const [list, ...morePosts] = posted(ALERTS);
    expect(morePosts).toEqual([]);
    // The held lines as one list: the breaches and escalations, no "due soon" of a ticket whose
    // breach is on the list too.
    expect(list).toMatch(/^SLA alerts \(\d+\)\n/);
    expect(list).toContain(
      'Invoice copy · Shenzhen Trading · General: first response overdue since',
    );
    // No L3 for Shenzhen Trading (80,000 a year, under the key line): its tickets stay with
    // the expert at L2.
    expect(list).not.toContain('Shenzhen Trading: escalated to L3');
    expect(list).not.toContain('first response due soon');
    // Drawn from the tickets as they stand now, saying it was held and why.
    expect(list).toMatch(
      /^SLA alerts \(\d+\)\n_Held since .* because Slack refused the channel \(`not_in_channel`\): listed as the tickets stand now; 1 alert no longer applies and is left out\._\n/,
    );
    expect(list).toContain(
      `Engineer was rude on site · Shenzhen Trading: escalated to L2 on breach · handled by <@${EXPERT}>`,
    );

    // The lead sends Monday's given-up lines again from the Home: the breach and the escalation
    // of the strategic ticket, resolved and reopened since: neither applies any more, so nothing
    // stale is posted, and nothing is owed.
    slackBack();
    await app.slack.blockAction(
      { action_id: 'home_resend_undelivered', value: 'dead', block_id: 'home_outbox' },
      { userId: LEAD },
    );
    await app.desk.outbox.drain();
    expect(posted(ALERTS)).toEqual([]);
    expect(await home(LEAD)).toContain('Every Slack message the desk sent has been delivered.');
    expect(await home(ADMIN)).not.toContain('Slack refuses the desk in');

    // Nothing went out twice in the week.
    slackBack();
    const seen = taken.map((c) => `${c.args.channel} ${c.args.thread_ts ?? ''} ${c.args.text}`);
    expect(seen.filter((s, i) => seen.indexOf(s) !== i)).toEqual([]);
  });
});
