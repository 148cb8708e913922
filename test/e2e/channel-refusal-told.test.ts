// Slack refusing a channel the desk posts to (triage): the admins are told by DM, once per
// channel and reason, whichever instance meets the refusal (the managers when no admin is set),
// and told again once the channel worked in between.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import type { RecordedCall } from '../helpers/fake-slack.js';

const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';
const ADMIN = 'U0ADMIN001';
const ADMIN2 = 'U0ADMIN002';
const LEAD = 'U0MANAGER1';
const AGENT = 'U0AGENT001';
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

const lastModal = () =>
  app.fake.calls
    .filter((c) => ['views.open', 'views.push', 'views.update'].includes(c.method))
    .at(-1)!.args.view as Record<string, any>;

let customers = 0;
async function newCustomer(): Promise<string> {
  const name = `Huadong Machinery ${++customers}`;
  await app.slack.command('/customer', 'new', { userId: OWNER });
  const res = await app.slack.submitView(
    lastModal(),
    {
      name,
      industry: 'Manufacturing',
      source: 'referral',
      first_contact: '2025-03-02',
      contact_name: 'Wang Fang',
      annual_revenue: '80000',
    },
    { userId: OWNER },
  );
  expect(res.body).toBe('');
  return (await app.db.models.customers.findOne({ name }).lean())!.code as string;
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
