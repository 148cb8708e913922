// Text people type (customer names, ticket titles, reasons, notes, search words) reaching every
// surface the app posts, driven through the real HTTP endpoint, the flows and the jobs, with every
// Slack call the fake recorded scanned afterwards: no raw `<!channel>`, `<!here>`, `<@U0EVIL>` or
// `<https://evil…>` may reach mrkdwn or a message's `text`, and `&lt;` typed literally must stay
// literal. plain_text (titles, labels, buttons, options, headers) and input values are not mrkdwn:
// Slack shows them as they are, so they keep the text as typed and are not scanned.
import { beforeEach, describe, expect, test } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { digestJob } from '../../jobs/digest.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { tasksJob } from '../../jobs/tasks.js';
import type { Job } from '../../src/schedule/job.js';
import { runDue } from '../../src/schedule/runner.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { jobDeps } from '../helpers/jobs.js';
import type { SlackResponse } from '../helpers/slack-requests.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const EXPERT = 'U0EXPERT01';
const TRIAGE = 'C0TRIAGE01';
const ESCALATION = 'C0ESCAL001';
const ALERTS = 'C0ALERTS01';
const DIGEST = 'C0DIGEST01';

/**
 * What a hostile or careless person types: a channel ping, a here ping, a mention, a disguised
 * link, an entity typed literally (must show as typed, not turn into `<!everyone>`) and bold.
 */
const HOSTILE =
  '<!channel> <!here> <@U0EVIL> <https://evil.example|click> &lt;!everyone&gt; *bold*';
/** Text as Slack delivers what a person typed in a message: `&`, `<`, `>` escaped. */
const slackTyped = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** The same within a 60-character field. */
const SHORT = '<!here> <@U0EVIL> <https://evil.example|x> &lt;!everyone&gt;';
/** How the hostile text must arrive in mrkdwn: escaped (the first three of HOSTILE). */
const ESCAPED = '&lt;!channel&gt; &lt;!here&gt; &lt;@U0EVIL&gt;';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: {
    TRIAGE_CHANNEL_ID: TRIAGE,
    ESCALATION_CHANNEL_ID: ESCALATION,
    ALERTS_CHANNEL_ID: ALERTS,
    DIGEST_CHANNEL_ID: DIGEST,
    ADMIN_USER_IDS: ADMIN,
  },
  now: '2026-11-24T02:00:00Z',
});

type Json = Record<string, unknown>;

/** Ack bodies (what a listener answered on the HTTP response itself), scanned with the calls. */
const acks: { where: string; body: unknown }[] = [];
beforeEach(() => {
  acks.length = 0;
});

async function send(where: string, request: Promise<SlackResponse>): Promise<SlackResponse> {
  const res = await request;
  expect(res.status, where).toBe(200);
  acks.push({ where, body: res.body });
  return res;
}

/** Keys whose strings are shown as typed (plain text) or never shown (ids, values, metadata). */
const NOT_MRKDWN = new Set([
  'initial_value',
  'value',
  'private_metadata',
  'initial_option',
  'options',
  'option_groups',
  'placeholder',
  'hash',
  'errors',
]);

/** Every string Slack reads as mrkdwn in a call: `text` fields and mrkdwn objects, with where. */
function mrkdwnStrings(node: unknown, where: string, out: { where: string; text: string }[]) {
  if (typeof node === 'string') {
    out.push({ where, text: node });
    return;
  }
  if (Array.isArray(node)) {
    node.forEach((item, i) => mrkdwnStrings(item, `${where}[${i}]`, out));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const obj = node as Json;
  if (obj.type === 'plain_text') return;
  for (const [key, value] of Object.entries(obj)) {
    if (NOT_MRKDWN.has(key)) continue;
    mrkdwnStrings(value, `${where}.${key}`, out);
  }
}

/** Everything the app sent to Slack in this test, and what it answered on the HTTP responses. */
function sentStrings(): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  app.fake.calls.forEach((call, i) => mrkdwnStrings(call.args, `#${i} ${call.method}`, out));
  for (const ack of acks) mrkdwnStrings(ack.body, `ack ${ack.where}`, out);
  return out;
}

/**
 * Any `<!` is a ping, except the desk's own date tokens (`<!date^1795482000^{date_short_pretty}
 * {time}|2026-11-24 09:00 GMT+8>`: digits, our format, and a fallback without brackets or pipes).
 */
const INJECTED = [
  /<!(?!date\^\d+\^\{date_short_pretty\} \{time\}\|[^<>|&]*>)/,
  /<@U0EVIL/,
  /<https:\/\/evil/,
  /&lt;!everyone/,
];

/** No injected mention, ping or link anywhere; the escaped text seen at least `min` times. */
function expectNothingInjected(min: number): void {
  const strings = sentStrings();
  const injected = strings.filter((s) => INJECTED.some((re) => re.test(s.text)));
  expect(
    injected.map((s) => `${s.where}: ${s.text.slice(0, 300)}`),
    'user text reached mrkdwn unescaped',
  ).toEqual([]);
  // The surfaces were really driven: the hostile text arrived, escaped, in many places.
  expect(strings.filter((s) => s.text.includes(ESCAPED)).length).toBeGreaterThanOrEqual(min);
}

/** The view the app last opened or updated. */
function lastView(): Json {
  const calls = app.fake.calls.filter(
    (c) => c.method === 'views.open' || c.method === 'views.update',
  );
  return calls.at(-1)!.args.view as Json;
}

function submit(where: string, form: Record<string, string | null>, userId: string) {
  return send(where, app.slack.submitView(lastView(), form, { userId }));
}

function click(where: string, actionId: string, value: string, userId: string, blockId = 'b1') {
  return send(
    where,
    app.slack.blockAction(
      { action_id: actionId, value, block_id: blockId },
      { userId, channelId: TRIAGE },
    ),
  );
}

/** A job's due slots as of `iso`, without clearing what the fake recorded so far. */
async function runAt(job: Job, iso: string): Promise<void> {
  app.clock.set(iso);
  const results = await runDue(jobDeps(app), [job]);
  expect(results.filter((r) => r.ran).length, `${job.name} at ${iso}`).toBeGreaterThan(0);
  // What the run wrote to the outbox, delivered as the worker's loop would.
  await app.desk.outbox.drain();
}

async function latestCustomerCode(): Promise<string> {
  const doc = await app.db.models.customers
    .findOne({ teamId: FAKE_TEAM_ID })
    .sort({ createdAt: -1, _id: -1 })
    .lean();
  return doc!.code;
}

describe('hostile text on every surface', () => {
  test('customers: confirmations, card, find, edit with override, History, interaction, order, unknown subcommand, Home', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    await send('/customer new', app.slack.command('/customer', 'new', { userId: OWNER }));
    await submit(
      'customer create',
      {
        name: `${HOSTILE} Ltd`,
        industry: SHORT,
        source: 'referral',
        first_contact: '2026-11-20',
        region: SHORT,
        tags: 'vip, <!channel>, <@U0EVIL>',
        contact_name: SHORT,
        contact_title: SHORT,
      },
      OWNER,
    );
    const code = await latestCustomerCode();
    await send('/customer code', app.slack.command('/customer', code, { userId: OWNER }));
    await send('/customer find hit', app.slack.command('/customer', 'find <!channel>'));
    await send(
      '/customer find miss',
      app.slack.command('/customer', 'find <!here> <@U0EVIL> <https://evil.example|x> nothing'),
    );
    await send('/customer unknown', app.slack.command('/customer', '<!channel> now'));
    await send('/ticket unknown', app.slack.command('/ticket', '<@U0EVIL>'));

    await click('edit open', 'customer_edit_open', code, MANAGER, 'customer_actions');
    await submit(
      'customer edit',
      {
        name: `${HOSTILE} Group`,
        tier_override: 'strategic',
        tier_override_reason: HOSTILE,
        needs_stated: HOSTILE,
        contact_im: SHORT,
      },
      MANAGER,
    );
    await click('history', 'customer_history', code, OWNER, 'customer_actions');
    await click('card open', 'customer_card_open', code, OWNER);
    await click('interaction open', 'customer_interaction_open', code, OWNER, 'customer_actions');
    await submit(
      'interaction',
      { summary: HOSTILE, feedback: HOSTILE, next_step: HOSTILE, next_step_date: '2026-11-30' },
      OWNER,
    );
    await click('order open', 'customer_order_open', code, OWNER, 'customer_actions');
    await submit('order', { amount: '1200', number: '<!here>-1', note: HOSTILE }, OWNER);
    // The same order number again: "already recorded" echoes the number typed.
    await click('order open again', 'customer_order_open', code, OWNER, 'customer_actions');
    await submit('order again', { amount: '1200', number: '<!here>-1', note: HOSTILE }, OWNER);
    await send('picker', app.slack.blockSuggestion({ action_id: 'customer_picker', value: '<!' }));
    await send(
      'home',
      app.slack.event({ type: 'app_home_opened', user: OWNER, channel: 'D0HOME0001', tab: 'home' }),
    );
    expectNothingInjected(15);
  });

  test('tickets: intake, card, account manager DM, claim, escalation with reason, note, resolve, lists', async () => {
    const customer = await makeCustomer(app, {
      name: `${HOSTILE} Machinery`,
      industry: SHORT,
      annualRevenue: 600_000,
    });
    await send('/ticket new', app.slack.command('/ticket', `new ${HOSTILE}`, { userId: AGENT }));
    await submit(
      'ticket create',
      {
        customer: customer.code,
        severity: 'urgent',
        type: 'after_sales',
        title: HOSTILE,
        description: HOSTILE,
      },
      AGENT,
    );
    const number = (await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID }).lean())!.number;
    await click('claim', 'ticket_claim', number, AGENT, 'ticket_actions');
    await click('note open', 'ticket_note_open', number, AGENT, 'ticket_actions');
    await submit('note', { note: HOSTILE }, AGENT);
    await click('escalate open', 'ticket_escalate_open', number, AGENT, 'ticket_actions');
    await submit('escalate L2', { reason: HOSTILE, expert: EXPERT }, AGENT);
    await click('escalate open', 'ticket_escalate_open', number, EXPERT, 'ticket_actions');
    await submit('escalate L3', { reason: HOSTILE }, EXPERT);
    await click('resolve open', 'ticket_resolve_open', number, OWNER, 'ticket_actions');
    await submit('resolve', { resolution: HOSTILE }, OWNER);
    await send('/ticket show', app.slack.command('/ticket', number, { userId: AGENT }));
    await send('/ticket mine', app.slack.command('/ticket', 'mine', { userId: OWNER }));
    await send('/ticket list', app.slack.command('/ticket', 'list open', { userId: AGENT }));

    await send(
      'shortcut',
      app.slack.messageShortcut(
        'ticket_from_message',
        // A message's text is Slack mrkdwn: what the person typed arrives escaped (the first
        // line), real pings and links as Slack's own `<…>` (the second); the shortcut reads it
        // as people do (typed text as typed, pings as words) and escapes it again to show it.
        {
          text: `${slackTyped(HOSTILE)}\n<!channel> <!here> <@U0EVIL> <https://evil.example|click>`,
          ts: '1700000000.000900',
        },
        { userId: AGENT, channelId: 'C0SUPPORT1' },
      ),
    );
    await submit('ticket from message', { customer: customer.code }, AGENT);
    await send('/ticket list', app.slack.command('/ticket', 'list unassigned', { userId: AGENT }));
    expectNothingInjected(20);
  });

  test('jobs: SLA alerts and automatic escalation, task reminders and Done, overdue list, signals, digest', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const customer = await makeCustomer(app, {
      name: `${HOSTILE} Trading`,
      industry: SHORT,
      annualRevenue: 100_000,
      contractEndDate: '2026-12-10',
      competitorContact: true,
      lifecycle: 'active',
      contact: { name: SHORT, birthday: '11-24' },
    });
    // One ticket left to breach (alerts, then escalation on breach); one resolved (follow-ups).
    await makeTicket(app, {
      customerCode: customer.code,
      severity: 'urgent',
      title: HOSTILE,
      description: HOSTILE,
    });
    const resolved = await makeTicket(app, {
      customerCode: customer.code,
      severity: 'important',
      type: 'after_sales',
      title: HOSTILE,
    });
    await act(app, resolved.number, { action: 'claim' });
    await act(app, resolved.number, { action: 'resolve', summary: HOSTILE });

    await runAt(customerSignalsJob, '2026-11-24T01:30:00Z');
    await runAt(slaAlertsJob, '2026-11-24T03:31:00Z'); // 11:31: the response warning
    await runAt(slaAlertsJob, '2026-11-24T04:05:00Z'); // 12:05: breached, escalated to L2
    await runAt(slaAlertsJob, '2026-11-24T08:10:00Z'); // 16:10: 4 business hours on, to L3
    await runAt(tasksJob, '2026-11-25T01:00:00Z'); // reminders
    // Monday (the overdue list goes out on working days): the revisit overdue, the managers' list.
    await runAt(tasksJob, '2026-11-30T01:00:00Z');
    const reminder = app.fake
      .postsTo(AGENT)
      .map((c) => (c.args.blocks as Json[] | undefined) ?? [])
      .flat()
      .find((b) => (b.accessory as Json | undefined)?.action_id === 'task_done_open');
    const taskId = (reminder!.accessory as Json).value as string;
    await click('task done open', 'task_done_open', taskId, AGENT);
    await submit(
      'task done',
      { type: 'call', solved: 'yes', satisfaction: '5', nps: '9', summary: HOSTILE },
      AGENT,
    );
    await runAt(digestJob, '2026-11-30T01:00:00Z');
    expect(app.fake.postsTo(DIGEST).length).toBeGreaterThan(0);
    expect(app.fake.postsTo(ALERTS).length).toBeGreaterThan(0);
    expect(app.fake.postsTo(ESCALATION).length).toBeGreaterThan(0);
    expect(app.fake.postsTo(MANAGER).length).toBeGreaterThan(0);
    const told = (user: string, heading: string) =>
      app.fake.postsTo(user).some((c) => String(c.args.text).startsWith(heading));
    expect(told(OWNER, 'Customer signals for you today')).toBe(true);
    expect(told(AGENT, 'Your follow-up tasks')).toBe(true);
    expect(told(MANAGER, 'Overdue follow-up tasks')).toBe(true);
    expectNothingInjected(12);
  });
});
