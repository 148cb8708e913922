// Slack refusing a channel the desk posts to (triage, alerts): the admins are told by DM, once per
// channel and reason, whichever instance meets the refusal (the managers when no admin is set),
// and told again once the channel worked in between; an alert list held while Slack refused its
// channel goes out as its tickets stand when Slack takes it, saying it was held.
import { describe, expect, test } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { runDue } from '../../src/schedule/runner.js';
import { useTestApp } from '../helpers/app.js';
import { customerByModal } from '../helpers/setups-7-customers.js';
import type { RecordedCall } from '../helpers/fake-slack.js';
import { failCalls } from '../helpers/faults.js';
import { jobDeps } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';
const ADMIN = 'U0ADMIN001';
const ADMIN2 = 'U0ADMIN002';
const LEAD = 'U0MANAGER1';
const AGENT = 'U0AGENT001';
const AGENT2 = 'U0AGENT002';
const OWNER = 'U0OWNER001';

// Monday 2026-11-23 09:00 in Shanghai.
const app = useTestApp({
  env: {
    ADMIN_USER_IDS: `${ADMIN},${ADMIN2}`,
    TRIAGE_CHANNEL_ID: TRIAGE,
    ALERTS_CHANNEL_ID: ALERTS,
  },
  now: '2026-11-23T01:00:00Z',
});

const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const lastModal = () =>
  app.fake.calls
    .filter((c) => ['views.open', 'views.push', 'views.update'].includes(c.method))
    .at(-1)!.args.view as Record<string, any>;

let customers = 0;
async function newCustomer(): Promise<string> {
  const name = `Huadong Machinery ${++customers}`;
  return customerByModal(app, OWNER, {
    name,
    first_contact: '2025-03-02',
    contact_name: 'Wang Fang',
    contact_title: 'Buyer',
    annual_revenue: '80000',
  });
}

async function fileTicket(customer: string, title: string) {
  await app.slack.command('/ticket', `new ${title}`, { userId: AGENT });
  const res = await app.slack.submitView(
    lastModal(),
    {
      customer,
      type: 'after_sales',
      channel: 'phone',
      description: title,
      severity: 'general',
    },
    { userId: AGENT },
  );
  expect(res.body).toBe('');
  return (await app.db.models.tickets.findOne({ title }).lean())!;
}

const click = (actionId: string, number: string, userId = AGENT) =>
  app.slack.blockAction(
    { action_id: actionId, value: number, block_id: 'ticket_actions' },
    { userId, channelId: TRIAGE },
  );

function text(call: RecordedCall): string {
  return String(call.args.text);
}
/** The DMs Slack took for `user` saying Slack refuses a channel. */
const refusalDms = (user: string) =>
  app.fake
    .tookPostsTo(user)
    .map(text)
    .filter((t) => t.includes('Slack refused the desk in'));

/** Worker passes, `seconds` apart, by this instance and another (both deliver). */
async function passes(n: number, seconds: number) {
  const other = app.instance('second');
  for (let i = 0; i < n; i++) {
    app.clock.advance(seconds * 1000);
    await Promise.all([app.desk.outbox.drain(), other.outbox.drain()]);
  }
}

describe('the admins are told when Slack refuses a channel', () => {
  test('the triage channel refused: one DM to each admin per channel and reason, whichever instance meets it, again once the channel worked in between; nothing to the lead', async () => {
    await app.setSettings(() => ({ managers: [LEAD], agents: [AGENT], accountManagers: [OWNER] }));
    const customer = await newCustomer();
    app.fake.reset();
    app.fake.refuseChannel(TRIAGE, 'not_in_channel');
    await fileTicket(customer, 'Spindle stopped');
    await fileTicket(customer, 'Optics drift');
    // An hour of retries by two instances: each admin told once.
    await passes(30, 120);
    for (const admin of [ADMIN, ADMIN2]) {
      const dms = refusalDms(admin);
      expect(dms, admin).toHaveLength(1);
      expect(dms[0]).toContain(`Slack refused the desk in <#${TRIAGE}> at <!date^`);
      expect(dms[0]).toContain(
        ': `not_in_channel`. The app is not in the channel: invite it there',
      );
      expect(dms[0]).toContain('or choose another channel in `/desk settings`');
      expect(dms[0]).toContain('*Send them again*');
    }
    expect(refusalDms(LEAD)).toEqual([]);
    expect(await app.db.models.refusalNotices.countDocuments()).toBe(1);

    // The channel archived: a new reason, told once more.
    app.fake.reset();
    app.fake.refuseChannel(TRIAGE, 'is_archived');
    await passes(10, 120);
    for (const admin of [ADMIN, ADMIN2]) {
      const dms = refusalDms(admin);
      expect(dms, admin).toHaveLength(1);
      expect(dms[0]).toContain('`is_archived`. The channel is archived: unarchive it');
    }

    // Unarchived with the app in it: the cards go out. Removed again: told again.
    app.fake.reset();
    await passes(5, 1900);
    expect(app.fake.tookPostsTo(TRIAGE).length).toBeGreaterThan(0);
    await fileTicket(customer, 'Invoice copy');
    app.fake.reset();
    app.fake.refuseChannel(TRIAGE, 'not_in_channel');
    await click(
      'ticket_claim',
      (await app.db.models.tickets.findOne({ title: 'Invoice copy' }).lean())!.number,
    );
    await passes(10, 120);
    for (const admin of [ADMIN, ADMIN2]) expect(refusalDms(admin), admin).toHaveLength(1);
  });

  test('no admin set: the managers are told instead', async () => {
    await app.setSettings(() => ({
      admins: [],
      managers: [LEAD],
      agents: [AGENT],
      accountManagers: [OWNER],
    }));
    const customer = await newCustomer();
    app.fake.reset();
    app.fake.refuseChannel(TRIAGE, 'channel_not_found');
    await fileTicket(customer, 'Gearbox noise');
    await passes(10, 120);
    const dms = refusalDms(LEAD);
    expect(dms).toHaveLength(1);
    expect(dms[0]).toContain(
      '`channel_not_found`. The channel is gone, or private without the app: invite the app there',
    );
    expect(refusalDms(ADMIN)).toEqual([]);
  });
});

describe("a process dying between writing the admins' DMs and recording that they were told", () => {
  /** Whether a bulk write writes the refusal DMs (`refused:<channel>:…` keys). */
  const writesRefusalDms = (ops: unknown) => JSON.stringify(ops).includes('"key":"refused:');
  /**
   * Worker passes, `seconds` apart, by an instance of this test's own (an instance's own look
   * whether to tell, at most every 5 minutes, starts with it).
   */
  async function passesBy(name: string, n: number, seconds: number) {
    const instance = app.instance(name);
    for (let i = 0; i < n; i++) {
      app.clock.advance(seconds * 1000);
      await instance.outbox.drain();
    }
  }

  test('the DMs not written (the database gone at that step): nothing is recorded as told, and the next refusal tells each admin, once', async () => {
    await app.setSettings(() => ({ managers: [LEAD], agents: [AGENT], accountManagers: [OWNER] }));
    const customer = await newCustomer();
    app.fake.reset();
    app.fake.refuseChannel(TRIAGE, 'not_in_channel');
    const restore = failCalls(app.db.models.outbox, 'bulkWrite', {
      times: 1,
      when: writesRefusalDms,
    });
    try {
      await fileTicket(customer, 'Spindle stopped');
      await passesBy('crash-a', 1, 120);
    } finally {
      restore();
    }
    // Within the half hour, not a day later: each admin told once.
    await passesBy('crash-a', 15, 120);
    for (const admin of [ADMIN, ADMIN2]) expect(refusalDms(admin), admin).toHaveLength(1);
    expect(await app.db.models.refusalNotices.countDocuments()).toBe(1);
  });

  test('the DMs written, the claim not (the process died before it): they go once, and the next refusal records the claim and writes nothing more', async () => {
    await app.setSettings(() => ({ managers: [LEAD], agents: [AGENT], accountManagers: [OWNER] }));
    const customer = await newCustomer();
    app.fake.reset();
    app.fake.refuseChannel(TRIAGE, 'not_in_channel');
    const restore = failCalls(app.db.models.refusalNotices, 'create', { times: 1 });
    try {
      await fileTicket(customer, 'Spindle stopped');
      await passesBy('crash-b', 1, 120);
    } finally {
      restore();
    }
    await passesBy('crash-b', 15, 120);
    for (const admin of [ADMIN, ADMIN2]) expect(refusalDms(admin), admin).toHaveLength(1);
    expect(await app.db.models.refusalNotices.countDocuments()).toBe(1);
    expect(await app.db.models.outbox.countDocuments({ key: /^refused:/ })).toBe(2);
  });
});

describe('an alert list held while Slack refused its channel', () => {
  test('goes out as its tickets stand: a ticket handed on names who has it now, one resolved since is left out, and the list says it was held and why', async () => {
    await app.setSettings(() => ({
      managers: [LEAD],
      agents: [AGENT, AGENT2],
      accountManagers: [OWNER],
      timeZone: 'Asia/Shanghai',
    }));
    const customer = await newCustomer();
    app.clock.set(at('2026-11-23 09:00').toISOString());
    const handed = await fileTicket(customer, 'Spindle stopped');
    const resolved = await fileTicket(customer, 'Optics drift');
    const left = await fileTicket(customer, 'Invoice copy');
    await app.desk.outbox.drain();
    for (const t of [handed, resolved, left]) await click('ticket_claim', t.number);
    await app.desk.outbox.drain();

    // The alerts channel refuses; the 17:01 sweep finds all three late (8 business hours) and,
    // no experts being set, escalates each to the lead.
    app.fake.reset();
    app.fake.refuseChannel(ALERTS, 'not_in_channel');
    app.clock.set(at('2026-11-23 17:01').toISOString());
    await runDue(jobDeps(app), [slaAlertsJob]);
    await app.desk.outbox.drain();
    expect(app.fake.tookPostsTo(ALERTS)).toEqual([]);
    const refused = app.fake.postsTo(ALERTS).map(text);
    expect(refused.at(-1)).toMatch(new RegExp(`Spindle stopped[^\\n]*handled by <@${LEAD}>`));

    // Tuesday 09:30 the lead hands one to another agent, and resolves another.
    app.clock.set(at('2026-11-24 09:30').toISOString());
    await click('ticket_reassign_open', handed.number, LEAD);
    await app.slack.submitView(lastModal(), { assignee: AGENT2 }, { userId: LEAD });
    await click('ticket_resolve_open', resolved.number, LEAD);
    await app.slack.submitView(lastModal(), { resolution: 'Recalibrated' }, { userId: LEAD });
    await app.desk.outbox.drain();

    // 10:00 the app is invited back: the held list goes out once, as the tickets stand.
    app.fake.reset();
    app.clock.set(at('2026-11-24 10:00').toISOString());
    await app.desk.outbox.drain();
    const lists = app.fake.tookPostsTo(ALERTS).map(text);
    expect(lists).toHaveLength(1);
    const list = lists[0]!;
    expect(list).toMatch(/^SLA alerts \(4\)\n_Held since <!date\^\d+\^/);
    expect(list).toContain('because Slack refused the channel (`not_in_channel`)');
    expect(list).toContain('2 alerts no longer apply and are left out');
    const lines = (title: string) => list.split('\n').filter((l) => l.includes(title));
    expect(lines('Spindle stopped')).toHaveLength(2);
    for (const line of lines('Spindle stopped')) expect(line).toContain(`handled by <@${AGENT2}>`);
    expect(lines('Invoice copy')).toHaveLength(2);
    for (const line of lines('Invoice copy')) expect(line).toContain(`handled by <@${LEAD}>`);
    expect(lines('Optics drift')).toEqual([]);
  });
});
