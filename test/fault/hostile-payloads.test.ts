// Issue 15, "Done when": hostile payloads (wrong types, nulls, query operators, arrays, huge
// strings, missing fields, bodies that are not objects) to every listener the app registers,
// correctly signed, through the real HTTP endpoint: no 5xx, the process still serving, no
// unhandled rejection. Generated with fast-check from a fixed seed, so every run sends the same
// requests.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMMANDS, EVENTS, SETTINGS } from '../../src/ui/ids.js';
import { useTestApp } from '../helpers/app.js';
import { makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { eventCallbackBody } from '../helpers/slack-requests.js';

const SEED = 20261124;
/** Mutations anywhere in the payload (most are refused by the envelope check). */
const BROAD = 14;
/** Mutations of the fields the listener itself reads (most pass the envelope check). */
const DEEP = 8;
const PER_LISTENER = BROAD + DEEP;
const app = useTestApp();

/**
 * An id each listener registered by a pattern answers (keyed by the pattern's source): a pattern
 * listener added without one here fails the test, so every listener is sent to.
 */
const PATTERN_SAMPLES: Record<string, string> = {
  '^requester_survey_[1-5]$': 'requester_survey_3',
};

/** What each command is sent as: one text per subcommand (every recorded command needs some). */
const COMMAND_TEXTS: Record<string, string[]> = {
  [COMMANDS.ticket]: ['help', 'new', 'list', 'mine', 'T2026-0001'],
  [COMMANDS.customer]: ['help', 'new', 'find hangzhou', 'C2026001', 'list'],
  [COMMANDS.desk]: [
    'help',
    'settings',
    'settings history',
    'settings hours',
    'roles',
    'channel',
    'report month 2026-10',
    'privacy log',
    'privacy export C2026001',
    'privacy erase C2026001',
    'channel link C2026001',
  ],
  [COMMANDS.task]: ['help', 'mine', 'new C2026001'],
};

const HUGE = 'x'.repeat(100_000);
/** Over the body limit (256 KiB): answered 413 (an Events API body Slack signed: 200, dropped). */
const OVER_LIMIT = 'y'.repeat(300_000);
const HOSTILE: unknown[] = [
  null,
  0,
  -1,
  1.5,
  1e308,
  true,
  false,
  [],
  [null],
  ['T0TEAM0001', 'T0OTHER0001'],
  {},
  { $gt: '' },
  { $ne: null },
  { $where: 'sleep(100)' },
  { $regex: '.*' },
  { __proto__: { polluted: true } },
  '',
  ' ',
  '\u0000',
  '<!channel>',
  '$gt',
  'T0OTHER0001',
  'E0OTHER0001',
  '../../etc/passwd',
  'https://evil.example/steal',
  HUGE,
  OVER_LIMIT,
  [[[[[[[[[[{}]]]]]]]]]],
];

type Json = Record<string, unknown>;
type Path = (string | number)[];

interface Target {
  listener: string;
  /** The well-formed payload (JSON object) or command fields. */
  base: () => Json;
  /** How it travels: an interactive `payload` form field, command fields, an Events API body. */
  encoding: 'payload' | 'command' | 'event';
  /** The fields the listener reads (past the envelope check). */
  deep: Path[];
}

let ticketNumber = 'T2026-0001';

function user() {
  return { id: OWNER, username: 'owner', name: 'owner', team_id: FAKE_TEAM_ID };
}
const team = () => ({ id: FAKE_TEAM_ID, domain: 'fake-team' });

function metadata(): string {
  return JSON.stringify({
    code: 'C2026001',
    ticket: ticketNumber,
    level: 1,
    task: 'task-1',
    responseUrl: app.fake.responseUrl(),
    sourceChannel: 'C0CHAN0001',
    sourceTs: '1700000000.000500',
  });
}

function value(actionId: string): string {
  if (actionId === SETTINGS.editButton) return 'hours';
  if (actionId === SETTINGS.loadHolidays) return '2026';
  if (actionId.startsWith('customer_')) return 'C2026001';
  if (actionId.startsWith('task_')) return 'task-1';
  return ticketNumber;
}

const input = (v: string) => ({ v: { type: 'plain_text_input', value: v } });
const select = (v: string) => ({ v: { type: 'static_select', selected_option: { value: v } } });

/** Every id the app registered a listener for, and a sample of each pattern. */
function registered() {
  const ids = app.desk.listeners;
  const samples = (kind: 'actions' | 'views') =>
    (ids.patterns.get(kind) ?? []).map((p) => {
      const sample = PATTERN_SAMPLES[p.source];
      expect(sample, `a sample id for the ${kind} pattern /${p.source}/`).toBeDefined();
      expect(p.test(sample!)).toBe(true);
      return sample!;
    });
  // No kind is open to any id: each is sent to by its ids.
  expect([...ids.open]).toEqual([]);
  return {
    commands: [...ids.commands],
    actions: [...ids.actions, ...samples('actions')],
    views: [...ids.views, ...samples('views')],
    options: [...ids.options],
    shortcuts: [...ids.shortcuts],
  };
}

/** The Events API body of one event (the fields its listener reads filled in). */
function eventBody(event: Json): Json {
  return eventCallbackBody(
    { event_ts: '1700000000.000400', ...event },
    `Ev0HOSTILE${String(event.type).length}`,
    1700000000,
  ) as Json;
}

/**
 * Each event the app listens to, well formed: the fields its listener reads. Uninstall and
 * revoked tokens last (well formed, they stop serving the workspace in OAuth mode).
 */
const EVENT_BASES: Record<(typeof EVENTS)[keyof typeof EVENTS], { event: Json; deep: Path[] }> = {
  [EVENTS.appHomeOpened]: {
    event: { type: EVENTS.appHomeOpened, user: OWNER, channel: 'D0HOME0001', tab: 'home' },
    deep: [
      ['event', 'tab'],
      ['event', 'user'],
      ['event', 'channel'],
    ],
  },
  [EVENTS.message]: {
    event: {
      type: EVENTS.message,
      channel_type: 'im',
      channel: 'D0HOME0001',
      user: OWNER,
      text: 'hello',
      ts: '1700000000.000600',
    },
    deep: [
      ['event', 'channel_type'],
      ['event', 'text'],
      ['event', 'user'],
      ['event', 'ts'],
    ],
  },
  [EVENTS.reactionAdded]: {
    event: {
      type: EVENTS.reactionAdded,
      user: OWNER,
      reaction: 'ticket',
      item: { type: 'message', channel: 'C0CHAN0001', ts: '1700000000.000500' },
    },
    deep: [
      ['event', 'reaction'],
      ['event', 'item'],
      ['event', 'item', 'ts'],
      ['event', 'user'],
    ],
  },
  [EVENTS.channelShared]: {
    event: { type: EVENTS.channelShared, channel: 'C0CHAN0001', connected_team_id: 'T0OTHER001' },
    deep: [['event', 'channel']],
  },
  [EVENTS.channelUnshared]: {
    event: {
      type: EVENTS.channelUnshared,
      channel: 'C0CHAN0001',
      previously_connected_team_id: 'T0OTHER001',
      is_ext_shared: false,
    },
    deep: [
      ['event', 'channel'],
      ['event', 'previously_connected_team_id'],
      ['event', 'is_ext_shared'],
    ],
  },
  [EVENTS.channelDeleted]: {
    event: { type: EVENTS.channelDeleted, channel: 'C0CHAN0001' },
    deep: [['event', 'channel']],
  },
  [EVENTS.groupDeleted]: {
    event: { type: EVENTS.groupDeleted, channel: 'G0CHAN0001' },
    deep: [['event', 'channel']],
  },
  [EVENTS.teamAccessGranted]: {
    event: { type: EVENTS.teamAccessGranted, team_ids: ['T0OTHER001'] },
    deep: [
      ['event', 'team_ids'],
      ['event', 'team_ids', 0],
    ],
  },
  [EVENTS.teamAccessRevoked]: {
    event: { type: EVENTS.teamAccessRevoked, team_ids: ['T0OTHER001'] },
    deep: [
      ['event', 'team_ids'],
      ['event', 'team_ids', 0],
    ],
  },
  [EVENTS.tokensRevoked]: {
    event: { type: EVENTS.tokensRevoked, tokens: { oauth: [], bot: ['U0BOT00001'] } },
    deep: [
      ['event', 'tokens'],
      ['event', 'tokens', 'bot'],
    ],
  },
  [EVENTS.appUninstalled]: {
    event: { type: EVENTS.appUninstalled },
    deep: [['event', 'type'], ['team_id']],
  },
};

function targets(): Target[] {
  const ids = registered();
  expect(ids.commands.filter((command) => !COMMAND_TEXTS[command])).toEqual([]);
  const commands: Target[] = ids.commands.flatMap((command) =>
    COMMAND_TEXTS[command]!.map((text) => ({
      listener: `command ${command} ${text}`,
      encoding: 'command' as const,
      deep: [['text']],
      base: () => ({
        token: 'legacy-verification-token',
        team_id: FAKE_TEAM_ID,
        team_domain: 'fake-team',
        channel_id: 'C0CHAN0001',
        channel_name: 'support',
        user_id: OWNER,
        user_name: 'owner',
        command,
        text,
        api_app_id: 'A0APP00001',
        is_enterprise_install: 'false',
        response_url: app.fake.responseUrl(),
        trigger_id: '1337.42',
      }),
    })),
  );
  const actions: Target[] = ids.actions.map((actionId) => ({
    listener: `action ${actionId}`,
    encoding: 'payload',
    deep: [
      ['actions', 0, 'value'],
      ['actions', 0, 'block_id'],
      ['message', 'text'],
    ],
    base: () => ({
      type: 'block_actions',
      user: user(),
      api_app_id: 'A0APP00001',
      token: 'legacy-verification-token',
      container: {
        type: 'message',
        message_ts: '1700000000.000100',
        channel_id: 'C0CHAN0001',
        is_ephemeral: false,
      },
      trigger_id: '1337.43',
      team: team(),
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: 'C0CHAN0001', name: 'support' },
      message: { type: 'message', ts: '1700000000.000100', text: '' },
      response_url: app.fake.responseUrl(),
      state: { values: {} },
      actions: [
        {
          type: 'button',
          block_id: 'b1',
          action_id: actionId,
          value: value(actionId),
          action_ts: '1700000000.000200',
        },
      ],
    }),
  }));
  const views: Target[] = ids.views.map((callbackId) => ({
    listener: `view ${callbackId}`,
    encoding: 'payload',
    deep: [
      ['view', 'private_metadata'],
      ...[
        'name',
        'customer',
        'title',
        'description',
        'amount',
        'summary',
        'note',
        'reason',
      ].flatMap((block): Path[] => [
        ['view', 'state', 'values', block, 'v', 'value'],
        ['view', 'state', 'values', block, 'v', 'selected_option'],
      ]),
      ['view', 'state', 'values', 'first_contact', 'v', 'selected_date'],
      ['view', 'state', 'values', 'assignee', 'v', 'selected_user'],
    ],
    base: () => ({
      type: 'view_submission',
      team: team(),
      user: user(),
      api_app_id: 'A0APP00001',
      token: 'legacy-verification-token',
      trigger_id: '1337.44',
      view: {
        id: 'V0HOSTILE01',
        team_id: FAKE_TEAM_ID,
        type: 'modal',
        blocks: [{ type: 'input', block_id: 'name', element: { type: 'plain_text_input' } }],
        private_metadata: metadata(),
        callback_id: callbackId,
        state: {
          values: {
            name: input('Hostile Input Ltd'),
            industry: input('Optics'),
            source: select('referral'),
            first_contact: { v: { type: 'datepicker', selected_date: '2026-11-20' } },
            owner: { v: { type: 'users_select', selected_user: OWNER } },
            customer: select('C2026001'),
            title: input('A title'),
            description: input('A description'),
            type: select('other'),
            severity: select('general'),
            channel: select('phone'),
            amount: input('1200'),
            date: { v: { type: 'datepicker', selected_date: '2026-11-20' } },
            summary: input('A summary'),
            note: input('A note'),
            reason: input('A reason'),
            assignee: { v: { type: 'users_select', selected_user: 'U0AGENT001' } },
          },
        },
        hash: 'h1',
        title: { type: 'plain_text', text: 'Modal' },
        close: null,
        submit: { type: 'plain_text', text: 'Submit' },
        app_id: 'A0APP00001',
        bot_id: 'B0BOT00001',
      },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    }),
  }));
  const options: Target[] = ids.options.map((actionId) => ({
    listener: `options ${actionId}`,
    encoding: 'payload',
    deep: [['value'], ['block_id']],
    base: () => ({
      type: 'block_suggestion',
      user: user(),
      container: { type: 'view', view_id: 'V0HOSTILE02' },
      api_app_id: 'A0APP00001',
      token: 'legacy-verification-token',
      action_id: actionId,
      block_id: 'customer',
      value: 'hangzhou',
      team: team(),
      enterprise: null,
      is_enterprise_install: false,
      view: { id: 'V0HOSTILE02', type: 'modal', callback_id: 'x', state: { values: {} } },
    }),
  }));
  const shortcuts: Target[] = ids.shortcuts.map((callbackId) => ({
    listener: `shortcut ${callbackId}`,
    encoding: 'payload',
    deep: [['message', 'text'], ['message_ts']],
    base: () => ({
      type: 'message_action',
      token: 'legacy-verification-token',
      action_ts: '1700000000.000300',
      team: team(),
      user: user(),
      channel: { id: 'C0CHAN0001', name: 'support' },
      is_enterprise_install: false,
      enterprise: null,
      callback_id: callbackId,
      trigger_id: '1337.45',
      response_url: app.fake.responseUrl(),
      message_ts: '1700000000.000500',
      message: { type: 'message', user: 'U0CUST0001', ts: '1700000000.000500', text: 'Help' },
    }),
  }));
  const events: Target[] = Object.entries(EVENT_BASES).map(([type, { event, deep }]) => ({
    listener: `event ${type}`,
    encoding: 'event',
    deep,
    base: () => eventBody(structuredClone(event)),
  }));
  return [...commands, ...actions, ...views, ...options, ...shortcuts, ...events];
}

/** Every path in a JSON value (the root included), objects and arrays walked. */
function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (prefix.length > 6) return out;
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  }
  return out;
}

type Op = 'replace' | 'delete' | 'wrap' | 'metadata';

interface Mutation {
  op: Op;
  pick: number;
  value: unknown;
}

/** A string's JSON, if it is JSON. */
function parsed(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** Applies one mutation; the root replaced returns the new root. */
function mutate(root: unknown, m: Mutation): unknown {
  if (m.op === 'metadata') {
    // Inside private_metadata: the JSON the app wrote, mutated and written back as a string.
    const view = (root as Json | null)?.view as Json | undefined;
    // (Not JSON any more when an earlier mutation replaced it with some other string.)
    const meta =
      view && typeof view.private_metadata === 'string' ? parsed(view.private_metadata) : undefined;
    if (view && meta) {
      view.private_metadata = JSON.stringify(mutate(meta.value, { ...m, op: 'replace' })) ?? 'null';
      return root;
    }
    return mutate(root, { ...m, op: 'replace' });
  }
  const paths = pathsOf(root);
  const path = paths[m.pick % paths.length]!;
  if (path.length === 0) return m.op === 'wrap' ? [root] : m.op === 'delete' ? undefined : m.value;
  let parent = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const key = path.at(-1)!;
  if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else if (m.op === 'wrap') parent[key] = [parent[key]];
  else parent[key] = m.value;
  return root;
}

/** Sets `value` at one of the listener's own fields (a view's metadata: inside its JSON). */
function mutateDeep(root: Json, paths: Path[], m: Mutation): Json {
  if (m.op === 'metadata' && root.view) return mutate(root, m) as Json;
  const path = paths[m.pick % paths.length]!;
  let parent = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    if (!parent[key] || typeof parent[key] !== 'object') parent[key] = {};
    parent = parent[key] as Record<string | number, unknown>;
  }
  parent[path.at(-1)!] = m.op === 'delete' ? undefined : m.value;
  return root;
}

/** Command fields as a form: arrays become repeated keys, objects `key[sub]` keys. */
function commandForm(fields: unknown): string {
  const form = new URLSearchParams();
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) {
    form.append('command', JSON.stringify(fields) ?? '');
    return form.toString();
  }
  for (const [key, v] of Object.entries(fields)) {
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) v.forEach((item) => form.append(key, JSON.stringify(item)));
    else if (typeof v === 'object') {
      for (const [sub, w] of Object.entries(v)) form.append(`${key}[${sub}]`, String(w));
    } else form.append(key, String(v));
  }
  return form.toString();
}

function encode(target: Target, payload: unknown): { raw: string; contentType: string } {
  if (target.encoding === 'command') {
    return { raw: commandForm(payload), contentType: 'application/x-www-form-urlencoded' };
  }
  const json = JSON.stringify(payload) ?? 'null';
  if (target.encoding === 'event') return { raw: json, contentType: 'application/json' };
  return {
    raw: new URLSearchParams({ payload: json }).toString(),
    contentType: 'application/x-www-form-urlencoded',
  };
}

/** Strings a listener must cope with where it expects text, a code, a number or a date. */
const HOSTILE_TEXT = [
  '',
  ' ',
  '\u0000',
  '<!channel>',
  '<@U0OTHER001> <https://evil.example|click>',
  '{"$gt":""}',
  '$where',
  'C2026001\nC2026002',
  'T0OTHER0001',
  'null',
  '-1',
  '1e309',
  'NaN',
  '9999-99-99',
  '2026-02-30',
  '杭州'.repeat(1000),
  'x'.repeat(2001),
  HUGE,
];

const mutationArb: fc.Arbitrary<Mutation[]> = fc.array(
  fc.record({
    op: fc.constantFrom<Op>('replace', 'replace', 'replace', 'delete', 'wrap', 'metadata'),
    pick: fc.nat({ max: 10_000 }),
    value: fc.constantFrom(...HOSTILE),
  }),
  { minLength: 1, maxLength: 3 },
);

const deepArb: fc.Arbitrary<Mutation[]> = fc.array(
  fc.record({
    op: fc.constantFrom<Op>('replace', 'replace', 'replace', 'delete', 'metadata'),
    pick: fc.nat({ max: 10_000 }),
    value: fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.constantFrom(...HOSTILE)),
  }),
  { minLength: 1, maxLength: 2 },
);

interface Sent {
  listener: string;
  status: number;
}

describe('hostile payloads to every listener', () => {
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  beforeAll(() => {
    process.on('unhandledRejection', onRejection);
  });
  afterAll(() => {
    process.off('unhandledRejection', onRejection);
  });

  test(`${PER_LISTENER} mutated, signed payloads per listener: no 5xx, no exit, no unhandled rejection, no error logged`, async () => {
    // Data for the well-formed parts to find: customer C2026001 with a ticket.
    ticketNumber = (await makeTicket(app)).number;
    const all = targets();
    const plans = fc.sample(
      fc.record({
        broad: fc.array(mutationArb, { minLength: BROAD, maxLength: BROAD }),
        deep: fc.array(deepArb, { minLength: DEEP, maxLength: DEEP }),
      }),
      { seed: SEED, numRuns: all.length },
    );

    const sent: Sent[] = [];
    for (const [i, target] of all.entries()) {
      const { broad, deep } = plans[i]!;
      const payloads = [
        ...broad.map((mutations) =>
          mutations.reduce<unknown>((p, m) => mutate(p, structuredClone(m)), target.base()),
        ),
        ...deep.map((mutations) =>
          mutations.reduce((p, m) => mutateDeep(p, target.deep, structuredClone(m)), target.base()),
        ),
      ];
      for (const payload of payloads) {
        const { raw, contentType } = encode(target, payload);
        const res = await app.slack.post(raw, contentType);
        sent.push({ listener: target.listener, status: res.status });
      }
    }

    const byListener = new Map<string, number>();
    for (const s of sent) byListener.set(s.listener, (byListener.get(s.listener) ?? 0) + 1);
    expect(sent.length).toBeGreaterThanOrEqual(500);
    expect(byListener.size).toBe(all.length);
    expect(Math.min(...byListener.values())).toBe(PER_LISTENER);

    expect(sent.filter((s) => s.status >= 500)).toEqual([]);
    // None left for Bolt to answer 404 after 3 s (an id no listener answers is refused at once).
    expect(sent.filter((s) => s.status === 404)).toEqual([]);
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
    expect(rejections).toEqual([]);
    // Nothing failed around the listeners (the guard, Bolt itself).
    const around = app.logs.filter((l) =>
      ['request guard failed', 'request failed before any listener'].includes(l.msg),
    );
    expect(around).toEqual([]);

    // What an operator sees: a payload that fails a listener's own parse is the sender's fault,
    // refused as invalid input (at info); no error line, no INTERNAL error to page on.
    const errors = app.logs.filter((l) => l.level >= 50);
    expect(
      errors.map((l) => `${String(l.listener)}: ${String(l.code)} ${l.msg}`),
      'error-level log lines',
    ).toEqual([]);
    const metrics = await (await fetch(`${app.baseUrl}/metrics`)).text();
    const internal = metrics
      .split('\n')
      .filter((l) => l.startsWith('care_desk_listener_errors_total{') && l.includes('"INTERNAL"'));
    expect(internal, 'listener errors counted as INTERNAL').toEqual([]);
    const refused = app.logs.filter((l) => l.msg === 'request refused');
    const unreadable = refused.filter((l) => l.messageKey === 'error.unreadable');
    expect(unreadable.length).toBeGreaterThan(0);

    const statuses = new Map<number, number>();
    for (const s of sent) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
    const byCode = new Map<string, number>();
    for (const l of refused) byCode.set(String(l.code), (byCode.get(String(l.code)) ?? 0) + 1);
    process.stdout.write(
      `[hostile payloads] ${sent.length} sent to ${all.length} listeners; statuses ${JSON.stringify(
        Object.fromEntries(statuses),
      )}; refused by a listener (info): ${refused.length} ${JSON.stringify(
        Object.fromEntries(byCode),
      )}, ${unreadable.length} of them unreadable; errors logged: ${errors.length}\n`,
    );
    // Slack's fake must not have been sent anything it would refuse (checked after each test).
  });
});
