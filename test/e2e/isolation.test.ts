// Two workspaces on one deployment (single-token mode: the app serves every team id signed with
// its secret): nothing of one is ever visible from, or changed by, the other, through every
// surface Slack reaches, with requests crafted to carry the other workspace's codes and numbers.
import { beforeEach, describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { useTestApp } from '../helpers/app.js';
import { contextIn } from '../helpers/context.js';
import { customerInTeam } from '../helpers/setups-7-customers.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

const A = FAKE_TEAM_ID;
const B = 'T0TEAMB002';
const A_OWNER = 'U0AOWNER01';
const A_AGENT = 'U0AAGENT01';
const B_OWNER = 'U0BOWNER01';
const B_AGENT = 'U0BAGENT01';
const A_CHANNELS = { triage: 'C0ATRIAGE1', alerts: 'C0AALERTS1', digest: 'C0ADIGEST1' };
const B_CHANNELS = { triage: 'C0BTRIAGE1', alerts: 'C0BALERTS1', digest: 'C0BDIGEST1' };

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

const inB = (userId = B_AGENT) => ({ teamId: B, userId });

const customerIn = (teamId: string, owner: string, name: string) =>
  customerInTeam(app, teamId, owner, name);

let submissions = 0;
async function ticketIn(teamId: string, actor: string, customerCode: string, title: string) {
  const ctx = await contextIn(app.desk, actor, app.clock.now(), { teamId });
  const { ticket } = await app.desk.flows.tickets.create(ctx, {
    submissionId: `iso-${++submissions}`,
    customerCode,
    type: 'after_sales',
    severity: 'urgent',
    channel: 'phone',
    title,
    description: 'E42',
    receivedAt: app.clock.now(),
  });
  return ticket;
}

/**
 * Workspace A: two customers (C2026001, C2026002) and two tickets (T20260001 claimed by
 * A_AGENT, T20260002). Workspace B: one customer and one ticket, with the same first code and
 * number as A's, since codes and numbers are sequences per workspace. Each has its own channels.
 */
beforeEach(async () => {
  for (const [team, ch] of [
    [A, A_CHANNELS],
    [B, B_CHANNELS],
  ] as const) {
    await app.desk.services.workspaces.update(team, (s) => ({
      ...s,
      channels: {
        ...s.channels,
        triage: ch.triage,
        alerts: ch.alerts,
        digest: ch.digest,
        escalation: ch.alerts,
      },
    }));
  }
  const a1 = await customerIn(A, A_OWNER, 'Alpha Huadong Machinery');
  const a2 = await customerIn(A, A_OWNER, 'Alpha Hualing Tools');
  const b1 = await customerIn(B, B_OWNER, 'Bravo Optics');
  expect([a1.code, a2.code, b1.code]).toEqual(['C2026001', 'C2026002', 'C2026001']);
  const t1 = await ticketIn(A, A_AGENT, a1.code, 'Alpha spindle error');
  const t2 = await ticketIn(A, A_AGENT, a2.code, 'Alpha line down');
  const t3 = await ticketIn(B, B_AGENT, b1.code, 'Bravo lens cracked');
  expect([t1.number, t2.number, t3.number]).toEqual(['T20260001', 'T20260002', 'T20260001']);
  const ctx = await contextIn(app.desk, A_AGENT, app.clock.now(), { teamId: A });
  await app.desk.flows.tickets.act(ctx, 'T20260001', { action: 'claim' });
  app.fake.reset();
});

/** Everything the app sent to Slack since the last reset, as one string. */
const everythingSent = () => JSON.stringify(app.fake.calls.map((c) => c.args));
/** What only workspace A's records say: its customers' names and its tickets' titles. */
const A_WORDS = /Huadong|Hualing|spindle|line down/;

/** A's data as stored, to compare before and after B's requests. */
async function aSnapshot() {
  const m = app.db.models;
  const [customers, tickets, changes, interactions] = await Promise.all([
    m.customers.find({ teamId: A }).sort({ code: 1 }).lean(),
    m.tickets.find({ teamId: A }).sort({ number: 1 }).lean(),
    m.customerChanges.countDocuments({ teamId: A }),
    m.interactions.countDocuments({ teamId: A }),
  ]);
  return JSON.stringify({ customers, tickets, changes, interactions });
}

describe('from workspace B, A stays invisible', () => {
  test('/customer with a code only A has is not found; with a code both have it is B’s', async () => {
    const missing = await app.slack.command('/customer', 'C2026002', inB());
    expect(missing.body.text).toBe(
      'No customer has the code C2026002. Try `/customer find C2026002`.',
    );
    const shared = await app.slack.command('/customer', 'C2026001', inB(B_OWNER));
    expect(JSON.stringify(shared.body)).toContain('Bravo Optics');
    expect(everythingSent()).not.toMatch(A_WORDS);
  });

  test('/ticket with a number only A has is not found; with a number both have it is B’s', async () => {
    const missing = await app.slack.command('/ticket', 'T20260002', inB());
    expect(missing.body.text).toBe('No ticket has the number T20260002.');
    const shared = await app.slack.command('/ticket', 'T20260001', inB());
    expect(JSON.stringify(shared.body)).toContain('Bravo lens cracked');
    expect(everythingSent()).not.toMatch(A_WORDS);
  });

  test('/customer find, the customer picker and /ticket list show only B’s records', async () => {
    const find = await app.slack.command('/customer', 'find Alpha', inB());
    expect(find.body.text).toBe(
      'No customer matches “Alpha”. Try part of the name or code, or add the customer with `/customer new`.',
    );
    const all = await app.slack.command('/customer', 'find C2026', inB());
    expect(JSON.stringify(all.body)).toContain('Bravo Optics');

    const byName = await app.slack.blockSuggestion(
      { action_id: 'customer_picker', value: 'Alpha' },
      inB(),
    );
    expect(byName.body.options).toEqual([]);
    const byCode = await app.slack.blockSuggestion(
      { action_id: 'customer_picker', value: 'C2026' },
      inB(),
    );
    expect(byCode.body.options.map((o: any) => o.text.text)).toEqual(['C2026001 Bravo Optics']);

    const list = await app.slack.command('/ticket', 'list', inB());
    expect(JSON.stringify(list.body)).toContain('Bravo lens cracked');
    expect(everythingSent()).not.toMatch(A_WORDS);
  });

  test('App Home of a B user shows B’s desk only, even for a user id that works tickets in A', async () => {
    // The same user id in both workspaces (Slack ids are global, but a request can say anything).
    await app.desk.services.workspaces.update(B, (s) => ({ ...s, managers: [A_AGENT] }));
    await app.slack.event(
      { type: 'app_home_opened', user: A_AGENT, channel: 'D0HOME0001', tab: 'home' },
      { teamId: B },
    );
    const home = JSON.stringify(app.fake.callsTo('views.publish').at(-1)!.args.view);
    expect(home).not.toContain('Alpha');
    expect(home).not.toContain('T20260002');
  });
});

describe('from workspace B, crafted requests with A’s codes and numbers change nothing of A', () => {
  test('Claim, Resolve, Edit and History buttons carrying A-only numbers and codes are refused', async () => {
    const before = await aSnapshot();
    const click = (action_id: string, value: string, block_id: string) =>
      app.slack.blockAction({ action_id, value, block_id }, { ...inB(), channelId: 'C0BTRIAGE1' });
    await click('ticket_claim', 'T20260002', 'ticket_actions');
    await click('ticket_resolve_open', 'T20260002', 'ticket_actions');
    await click('ticket_close', 'T20260002', 'ticket_actions');
    await click('customer_edit_open', 'C2026002', 'customer_actions');
    await click('customer_history', 'C2026002', 'customer_actions');
    // What B's user was told: an ephemeral line per click, or (Edit opens its modal at once, to
    // keep the trigger) the modal saying so.
    const told = app.fake.calls
      .filter((c) => c.method === 'response_url' || c.method === 'views.update')
      .map((c) => JSON.stringify(c.args));
    expect(told).toHaveLength(5);
    expect(told.filter((t) => t.includes('No ticket has the number T20260002.'))).toHaveLength(3);
    expect(told.filter((t) => t.includes('No customer has the code C2026002.'))).toHaveLength(2);
    expect(everythingSent()).not.toMatch(A_WORDS);
    expect(await aSnapshot()).toBe(before);
  });

  test('a claim from B of the number both have claims B’s ticket; A’s stays with its assignee', async () => {
    await app.slack.blockAction(
      { action_id: 'ticket_claim', value: 'T20260001', block_id: 'ticket_actions' },
      { ...inB(), channelId: 'C0BTRIAGE1' },
    );
    const [a1, b1] = await Promise.all([
      app.db.models.tickets.findOne({ teamId: A, number: 'T20260001' }).lean(),
      app.db.models.tickets.findOne({ teamId: B, number: 'T20260001' }).lean(),
    ]);
    expect(a1!.assigneeId).toBe(A_AGENT);
    expect(b1!.assigneeId).toBe(B_AGENT);
    // The card updated is B's, in B's triage channel.
    expect(app.fake.callsTo('chat.update').map((c) => c.args.channel)).toEqual([B_CHANNELS.triage]);
    expect(everythingSent()).not.toMatch(A_WORDS);
  });

  test('modal submissions whose metadata names A’s ticket or customer are refused and change nothing', async () => {
    const before = await aSnapshot();
    const resolve = await app.slack.viewSubmission(
      {
        callback_id: 'ticket_resolve',
        private_metadata: JSON.stringify({ ticket: 'T20260002', level: 1 }),
        blocks: [{ type: 'input', block_id: 'resolution', element: { type: 'plain_text_input' } }],
      },
      { resolution: { value: { type: 'plain_text_input', value: 'Done from B' } } },
      inB(),
    );
    expect(resolve.body).toEqual({
      response_action: 'errors',
      errors: { resolution: 'No ticket has the number T20260002.' },
    });
    const edit = await app.slack.viewSubmission(
      {
        callback_id: 'customer_edit',
        private_metadata: JSON.stringify({ code: 'C2026002' }),
        blocks: [{ type: 'input', block_id: 'region', element: { type: 'plain_text_input' } }],
      },
      { region: { value: { type: 'plain_text_input', value: 'Hacked' } } },
      inB(B_OWNER),
    );
    expect(edit.body.response_action).toBe('errors');
    expect(JSON.stringify(edit.body)).toContain('No customer has the code C2026002.');
    expect(everythingSent()).not.toMatch(A_WORDS);
    expect(await aSnapshot()).toBe(before);
  });
});

describe('the jobs of one workspace never touch the other', () => {
  test('the SLA sweep alerts each workspace’s breaches in its own channels, naming its own tickets', async () => {
    // Urgent tickets are due in 2 business hours: at 13:00 all three have breached.
    await runJobAt(app, slaAlertsJob, '2026-11-24T05:00:00Z');
    const postsTo = (channel: string) =>
      JSON.stringify(app.fake.tookPostsTo(channel).map((c) => c.args));
    const toA = postsTo(A_CHANNELS.alerts) + postsTo(A_CHANNELS.triage);
    const toB = postsTo(B_CHANNELS.alerts) + postsTo(B_CHANNELS.triage);
    // T20260001 was claimed (its first response is in): only T20260002 breached in A.
    expect(toA).toContain('Alpha line down');
    expect(toA).not.toContain('Bravo');
    expect(toB).toContain('Bravo lens cracked');
    expect(toB).not.toContain('Alpha');
    // The account managers' DMs: B's owner hears of B's ticket only.
    const dmB = JSON.stringify(app.fake.tookPostsTo(B_OWNER).map((c) => c.args));
    expect(dmB).not.toContain('Alpha');
    const entries = await app.db.models.outbox.find({}).lean();
    const tickets = await app.db.models.tickets.find({}).lean();
    const teamOfTicket = new Map(tickets.map((t) => [t._id.toHexString(), t.teamId]));
    for (const e of entries) {
      const id = /[0-9a-f]{24}/.exec(e.key)?.[0];
      if (id && teamOfTicket.has(id)) expect(teamOfTicket.get(id), e.key).toBe(e.teamId);
    }
  });

  test('each workspace’s digest counts its own week and goes to its own channel', async () => {
    // Monday 2026-11-30 09:00 in Shanghai: the digest of the week the tickets were opened in.
    await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
    const digests = await app.db.models.digests
      .find({ week: '2026-W48' })
      .sort({ teamId: 1 })
      .lean();
    expect(digests.map((d) => [d.teamId, d.figures.opened])).toEqual([
      [A, 2],
      [B, 1],
    ]);
    expect(app.fake.tookPostsTo(A_CHANNELS.digest)).toHaveLength(1);
    expect(app.fake.tookPostsTo(B_CHANNELS.digest)).toHaveLength(1);
  });
});

describe('a request whose team ids disagree is refused before any listener', () => {
  const form = (payload: Record<string, unknown>) =>
    app.slack.post(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    );
  const user = (teamId: string) => ({ id: B_AGENT, username: 'b', name: 'b', team_id: teamId });
  const claim = (team: string, userTeam: string) =>
    form({
      type: 'block_actions',
      team: { id: team, domain: 'x' },
      user: user(userTeam),
      api_app_id: 'A0APP00001',
      trigger_id: '1337.X',
      container: { type: 'message', message_ts: '1.2', channel_id: 'C0BTRIAGE1' },
      channel: { id: 'C0BTRIAGE1', name: 'triage' },
      response_url: app.fake.responseUrl(),
      actions: [
        {
          type: 'button',
          action_id: 'ticket_claim',
          block_id: 'ticket_actions',
          value: 'T20260002',
        },
      ],
    });
  const resolve = (view: Record<string, unknown>) =>
    form({
      type: 'view_submission',
      team: { id: B, domain: 'x' },
      user: user(B),
      api_app_id: 'A0APP00001',
      trigger_id: '1337.Y',
      view: {
        id: 'V0VIEW0001',
        type: 'modal',
        callback_id: 'ticket_resolve',
        private_metadata: JSON.stringify({ ticket: 'T20260002', level: 1 }),
        blocks: [{ type: 'input', block_id: 'resolution', element: { type: 'plain_text_input' } }],
        state: { values: { resolution: { value: { type: 'plain_text_input', value: 'x' } } } },
        ...view,
      },
    });

  test('a button from team B whose user says team A (or the reverse) gets 400 and changes nothing', async () => {
    const before = await aSnapshot();
    for (const [team, userTeam] of [
      [B, A],
      [A, B],
    ]) {
      const res = await claim(team!, userTeam!);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ ok: false, error: 'invalid_payload' });
    }
    expect(app.fake.calls).toEqual([]);
    expect(await aSnapshot()).toBe(before);
    // The same click with both ids A is a request of A's: it reaches the listener.
    expect((await claim(A, A)).status).toBe(200);
    const a2 = await app.db.models.tickets.findOne({ teamId: A, number: 'T20260002' }).lean();
    expect(a2!.assigneeId).toBe(B_AGENT);
  });

  test('a modal submission from B whose view belongs to team A changes nothing: an error view says so', async () => {
    const before = await aSnapshot();
    // Answered (not 400, which Slack shows as "We had some trouble connecting"): no listener ran.
    for (const view of [{ team_id: A }, { app_installed_team_id: A }]) {
      const res = await resolve(view);
      expect(res.status).toBe(200);
      expect(res.body.response_action).toBe('update');
      expect(JSON.stringify(res.body.view)).toContain('so nothing was saved');
    }
    expect(app.fake.calls).toEqual([]);
    expect(await aSnapshot()).toBe(before);
  });

  test('an options load and an App Home event whose team ids disagree get 400 and show nothing', async () => {
    const options = await form({
      type: 'block_suggestion',
      team: { id: B, domain: 'x' },
      user: user(A),
      api_app_id: 'A0APP00001',
      action_id: 'customer_picker',
      block_id: 'customer',
      value: 'Alpha',
      view: { id: 'V0VIEW0002', type: 'modal', callback_id: 'ticket_create' },
    });
    expect(options.status).toBe(400);
    expect(JSON.stringify(options.body)).not.toMatch(A_WORDS);

    const event = {
      token: 'legacy-verification-token',
      team_id: B,
      api_app_id: 'A0APP00001',
      type: 'event_callback',
      event_id: 'Ev0MIXED001',
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'app_home_opened', user: A_AGENT, channel: 'D0HOME0001', tab: 'home' },
      authorizations: [{ enterprise_id: null, team_id: A, user_id: 'U0BOT00001', is_bot: true }],
    };
    const home = await app.slack.post(JSON.stringify(event), 'application/json');
    expect(home.status).toBe(400);
    expect(app.fake.callsTo('views.publish')).toEqual([]);
  });
});
