import { describe, expect, test } from 'vitest';
import { LOCALES, translator } from '../../../src/i18n/index.js';
import { SYSTEM_ACTOR } from '../../../src/context.js';
import type {
  TicketClock,
  TicketEvent,
  TicketRecord,
  TicketStatus,
} from '../../../src/ticket/types.js';
import { STATUSES, statusCardActions, type CardAction } from '../../../src/ticket/types.js';
import { CUSTOMER, TICKET } from '../../../src/ui/ids.js';
import {
  duration,
  escalateModal,
  messagePlainText,
  titleFromMessage,
  followersModal,
  noteModal,
  reassignModal,
  resolveModal,
  ticketCard,
  ticketEventText,
  ticketList,
  ticketModal,
  type TicketModalInput,
} from '../../../src/ui/ticket.js';
import {
  HOSTILE,
  TIME_ZONE,
  TODAY,
  at,
  clock,
  slaStatus,
  ticket,
  ticketEvent,
} from '../../helpers/records.js';
import {
  buttons,
  element,
  expectEscaped,
  expectFormModal,
  expectValidMessage,
  expectValidView,
  fields,
  initialValue,
  inputIds,
  inputs,
  labels,
  menuChoices,
  mrkdwn,
  requiredIds,
} from '../../helpers/ui.js';
import { keep, slackTime } from '../../../src/ui/text.js';

/** A time as the card shows it: Slack's date token, the workspace's time (Shanghai) as fallback. */
const shown = (local: string) =>
  slackTime(new Date(`${local.replace(' ', 'T')}:00+08:00`), TIME_ZONE);

const METADATA = JSON.stringify({ number: 'T20260007', responseUrl: 'https://hooks.example/r' });

const WORDS = {
  en: {
    durations: ['0 min', '0 min', '59 min', '1 h', '3 h 20 min', '70 h 30 min'],
    claim: 'Claim',
    strategic: 'Strategic',
    status: 'In progress',
    promised: 'Tuesday, December 15, 2026',
    passed: 'Tuesday, December 15, 2026 · passed',
    pausedBoth: (resolution: string, reply: string) =>
      `paused, waiting on the customer; Resolution: overdue by 2 h of business time, was due ${resolution} · Reply: overdue since ${reply}`,
  },
  'zh-CN': {
    durations: ['0 分钟', '0 分钟', '59 分钟', '1 小时', '3 小时 20 分钟', '70 小时 30 分钟'],
    claim: '认领',
    strategic: '战略客户',
    status: '处理中',
    promised: '2026年12月15日星期二',
    passed: '2026年12月15日星期二 · 已过',
    pausedBoth: (resolution: string, reply: string) =>
      `已暂停，等待客户；解决：已超时工作时间 2 小时，原定 ${resolution} 到期 · 答复：已于 ${reply} 超时`,
  },
} as const;

/** A resolved (or closed) ticket: both clocks stopped. */
function resolvedState(status: 'resolved' | 'closed', over: Partial<TicketRecord> = {}) {
  return {
    ticket: ticket({
      status,
      assigneeId: 'UAGENT',
      firstResponseAt: at(-60),
      resolvedAt: at(-10),
      resolution: 'Replaced the gasket',
      ...over,
    }),
    clock: clock({ response: null, resolution: null }),
  };
}

/** A ticket in each status, with the clocks the service would hand the card. */
const STATES: Record<TicketStatus, { ticket: TicketRecord; clock: TicketClock }> = {
  new: { ticket: ticket(), clock: clock() },
  assigned: {
    ticket: ticket({ status: 'assigned', assigneeId: 'UAGENT', firstResponseAt: at(-60) }),
    clock: clock({ response: null }),
  },
  waiting: {
    ticket: ticket({ status: 'waiting', assigneeId: 'UAGENT', firstResponseAt: at(-60) }),
    clock: clock({ response: null, paused: true }),
  },
  resolved: resolvedState('resolved'),
  closed: resolvedState('closed', { closedAt: at(-5) }),
};

/**
 * The buttons each status offers, in order (four, the most used first, more when the rest would
 * not fit the menu's five), the actions in the card's "…" menu (New task last), and the one
 * primary button: the step that moves it on.
 */
const BUTTONS: [TicketStatus, string[], CardAction[], string[]][] = [
  [
    'new',
    [TICKET.claim, TICKET.reassignOpen, TICKET.escalateOpen, TICKET.noteOpen, TICKET.resolveOpen],
    ['logResponse', 'customerWrote', 'classify', 'merge', 'task'],
    [TICKET.claim],
  ],
  [
    'assigned',
    [
      TICKET.resolveOpen,
      TICKET.wait,
      TICKET.noteOpen,
      TICKET.logResponseOpen,
      TICKET.customerWroteOpen,
    ],
    ['escalate', 'reassign', 'classify', 'merge', 'task'],
    [TICKET.resolveOpen],
  ],
  [
    'waiting',
    [TICKET.resume, TICKET.customerWroteOpen, TICKET.resolveOpen, TICKET.noteOpen],
    ['logResponse', 'reassign', 'classify', 'merge', 'task'],
    [TICKET.resume],
  ],
  // Resolved: nothing to move it on (the desk closes it after the reopen window); New task (a
  // follow-up planned once it is resolved), then Close last: four, no menu.
  ['resolved', [TICKET.reopen, TICKET.noteOpen, TICKET.taskNew, TICKET.close], [], []],
  ['closed', [], [], []],
];

/** The card action a button's action id stands for. */
const ACTION_OF: Record<string, string> = {
  [TICKET.claim]: 'claim',
  [TICKET.reassignOpen]: 'reassign',
  [TICKET.escalateOpen]: 'escalate',
  [TICKET.wait]: 'wait',
  [TICKET.resume]: 'resume',
  [TICKET.noteOpen]: 'note',
  [TICKET.resolveOpen]: 'resolve',
  [TICKET.reopen]: 'reopen',
  [TICKET.close]: 'close',
  [TICKET.logResponseOpen]: 'logResponse',
  [TICKET.customerWroteOpen]: 'customerWrote',
  [TICKET.replyOpen]: 'reply',
  [TICKET.mergeOpen]: 'merge',
  [TICKET.taskNew]: 'task',
};

const BUTTON_LABELS = {
  [TICKET.claim]: 'ticket.button.claim',
  [TICKET.reassignOpen]: 'ticket.button.reassign',
  [TICKET.escalateOpen]: 'ticket.button.escalate',
  [TICKET.wait]: 'ticket.button.wait',
  [TICKET.resume]: 'ticket.button.resume',
  [TICKET.noteOpen]: 'ticket.button.note',
  [TICKET.resolveOpen]: 'ticket.button.resolve',
  [TICKET.reopen]: 'ticket.button.reopen',
  [TICKET.close]: 'ticket.button.close',
  [TICKET.logResponseOpen]: 'ticket.button.logResponse',
  [TICKET.customerWroteOpen]: 'ticket.button.customerWrote',
  [TICKET.mergeOpen]: 'ticket.button.merge',
  [TICKET.taskNew]: 'ticket.button.task',
} as const;

const EVENTS: TicketEvent[] = [
  ticketEvent({ action: 'created', by: 'UCREATOR' }),
  ticketEvent({ action: 'claim' }),
  ticketEvent({ action: 'reassign', assigneeId: 'UOTHER' }),
  ticketEvent({ action: 'escalate', assigneeId: 'UEXPERT', level: 2, text: 'Needs a welder' }),
  ticketEvent({ action: 'wait' }),
  ticketEvent({ action: 'resume' }),
  ticketEvent({ action: 'note', text: 'Called the site' }),
  ticketEvent({ action: 'resolve', text: 'Replaced the gasket' }),
  ticketEvent({ action: 'reopen' }),
  ticketEvent({ action: 'close' }),
];

describe('titleFromMessage: the "Create ticket" title, cut at a word', () => {
  test.each([
    ['short', 'Line 3 is down', 'Line 3 is down'],
    [
      'English: at a word, never mid-word',
      'The spindle on line 3 stops every morning after the warm-up cycle and shows error E42 on the panel',
      'The spindle on line 3 stops every morning after the warm-up cycle and shows…',
    ],
    [
      'Chinese: at a word (a character boundary)',
      '上海华东机械有限公司三号生产线的主轴每天早上预热结束后停机，控制面板显示错误代码 E42，请尽快安排服务工程师到现场检查处理，谢谢。另外二号线也有类似情况，需要一并检查。',
      '上海华东机械有限公司三号生产线的主轴每天早上预热结束后停机，控制面板显示错误代码 E42，请尽快安排服务工程师到现场检查处理，谢谢。另外二号线也有类似情况…',
    ],
    [
      'emoji: kept whole',
      '🚨🚨 Line 3 down again 👨‍👩‍👧‍👦 the whole night shift is waiting for the engineer to arrive on site 🙏',
      '🚨🚨 Line 3 down again 👨‍👩‍👧‍👦 the whole night shift is waiting for the…',
    ],
    ['the first line with text', '\n\n  Valve   leaks \nsecond line', 'Valve leaks'],
    [
      'links, mentions and entities as people read them',
      '<@U0CUST001|wang> says &lt;urgent&gt; &amp; see <https://x.example/a|the photo> in <#C0SUPPORT|support> <!here>',
      '@wang says <urgent> & see the photo in #support @here',
    ],
  ])('%s', (_, text, title) => {
    const cut = titleFromMessage(text)!;
    expect(cut).toBe(title);
    expect(cut.length).toBeLessThanOrEqual(80);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  test('a message without text proposes no title', () => {
    expect(titleFromMessage('')).toBeUndefined();
    expect(titleFromMessage(' \n ')).toBeUndefined();
  });

  test('messagePlainText: a link without a label is its URL, mailto dropped', () => {
    expect(messagePlainText('<https://x.example/a> <mailto:a@b.cn|a@b.cn> <mailto:c@d.cn>')).toBe(
      'https://x.example/a a@b.cn c@d.cn',
    );
  });
});

describe.each(LOCALES)('ticket builders in %s', (locale) => {
  const t = translator(locale);
  const words = WORDS[locale];

  test.each([
    [0, 0],
    [-5, 1],
    [59.4, 2],
    [59.6, 3],
    [200, 4],
    [4230, 5],
  ])('duration(%s) is the business time in hours and minutes', (minutes, i) => {
    expect(duration(t, minutes)).toBe(words.durations[i]);
  });

  describe('ticketModal', () => {
    const modal = (input: Partial<TicketModalInput> = {}) =>
      ticketModal(t, {
        metadata: METADATA,
        receivedDate: TODAY,
        receivedTime: '10:00',
        timeZone: TIME_ZONE,
        ...input,
      });

    test('New ticket: the fields, all required, with the defaults', () => {
      const view = modal();
      expectFormModal(t, view, {
        callbackId: TICKET.createView,
        title: 'ticket.modal.newTitle',
        submit: 'ticket.modal.createSubmit',
        metadata: METADATA,
      });
      expect(inputIds(view)).toEqual([
        'customer',
        'type',
        'severity',
        'channel',
        'requester',
        'contact_name',
        'title',
        'description',
        'received_date',
        'received_time',
      ]);
      // The requester is optional: a Slack user, or a contact outside Slack, or nobody.
      expect(requiredIds(view)).toEqual(
        inputIds(view).filter((id) => id !== 'requester' && id !== 'contact_name'),
      );
      const shown = Object.fromEntries(inputIds(view).map((id) => [id, initialValue(view, id)]));
      expect(shown).toEqual({
        customer: undefined,
        type: 'consultation',
        severity: 'general',
        channel: 'slack',
        title: undefined,
        description: undefined,
        received_date: TODAY,
        received_time: '10:00',
      });
      expect(element(view, 'customer')).toMatchObject({
        type: 'external_select',
        action_id: CUSTOMER.picker,
        min_query_length: 1,
        placeholder: { text: t('ticket.modal.customerPlaceholder') },
      });
      expect(element(view, 'received_time').timezone).toBe(TIME_ZONE);
      expect(labels(view).received_time).toBe(
        t('ticket.field.receivedTime', {
          timeZone: locale === 'zh-CN' ? '北京时间' : TIME_ZONE,
        }),
      );
      expect(view).toMatchSnapshot();
    });

    test('from a long message, customer picked: title and description filled, the hint', () => {
      const view = modal({
        customer: { code: 'C2026001', name: 'Acme Ltd' },
        title: 'Valve leaks',
        description: 'It leaks at the flange.',
        truncated: true,
      });
      expectValidView(view);
      expect(element(view, 'customer').initial_option).toEqual({
        text: { type: 'plain_text', text: 'C2026001 Acme Ltd', emoji: true },
        value: 'C2026001',
      });
      expect(initialValue(view, 'title')).toBe('Valve leaks');
      expect(initialValue(view, 'description')).toBe('It leaks at the flange.');
      expect(view).toMatchSnapshot();
    });

    test.each([false, true])(
      'a message too long for the input: hint only when truncated (%s)',
      (truncated) => {
        const view = modal({ description: 'x'.repeat(3500), title: 'y'.repeat(200), truncated });
        expectValidView(view);
        // cut with an ellipsis, 2 characters spare for the form's NFKC fold of `…` to `...`
        expect(initialValue(view, 'description')).toBe(`${'x'.repeat(2997)}…`);
        expect(initialValue(view, 'title')).toBe(`${'y'.repeat(147)}…`);
        const hint = (inputs(view).get('description') as { hint?: { text: string } }).hint;
        expect(hint?.text).toBe(truncated ? t('ticket.modal.longMessage') : undefined);
      },
    );

    test('from a message of a person erased since: a line first says why nothing is filled in', () => {
      const view = modal({ authorErased: true });
      expectValidView(view);
      expect(view.blocks[0]).toMatchObject({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: t('ticket.modal.authorErased') }],
      });
      expect(initialValue(view, 'requester')).toBeUndefined();
      expect(modal().blocks.some((b) => b.type === 'context')).toBe(false);
    });
  });

  describe('ticketCard', () => {
    /** The card's blocks but its following row (Follow, Followers…): the actions row's. */
    const main = (blocks: Parameters<typeof buttons>[0]) =>
      blocks.filter((b) => b.block_id !== 'ticket_follow');
    const card = (status: TicketStatus, over: Partial<TicketRecord> = {}, c?: TicketClock) =>
      ticketCard(t, { ...STATES[status].ticket, ...over }, c ?? STATES[status].clock, TIME_ZONE);

    test.each(BUTTONS)(
      '%s: valid, the status, the buttons and the "…" menu it allows',
      (status, ids, menu, primary) => {
        const message = card(status);
        expectValidMessage(message);
        expect(fields(message.blocks)[t('ticket.field.status')]).toBe(t(`ticket.status.${status}`));
        expect(buttons(main(message.blocks))).toEqual(
          ids.map((id) => ({
            actionId: id,
            text: t(BUTTON_LABELS[id as keyof typeof BUTTON_LABELS]),
            value: 'T20260007',
            style: primary.includes(id) ? 'primary' : undefined,
          })),
        );
        // The rarer actions in one menu, each labelled as its button was, its value what the
        // menu's listener reads: the action and the ticket.
        expect(menuChoices(message.blocks)).toEqual(
          menu.map((action) => ({
            actionId: TICKET.cardMenu,
            text: t.plain(`ticket.button.${action as Exclude<CardAction, 'follow' | 'unfollow'>}`),
            value: `${action}:T20260007`,
          })),
        );
        expect(message.blocks.some((b) => b.type === 'actions')).toBe(ids.length > 0);
        // one primary button on a card with buttons: what to do next (a resolved one: none)
        const primaries = buttons(main(message.blocks)).filter((b) => b.style === 'primary');
        expect(primaries).toHaveLength(primary.length);
        expect(message).toMatchSnapshot();
      },
    );

    /** Every action a card offers, buttons then menu: a button's action id, a choice's value. */
    const offered = (blocks: Parameters<typeof buttons>[0]) => [
      ...buttons(main(blocks)).map((b) => b.actionId),
      ...menuChoices(blocks).map((c) => c.value),
    ];

    test.each(BUTTONS)(
      '%s: Tell of a delay… in the menu only while open and for a requester in Slack',
      (status, ids, menu) => {
        const open = status !== 'resolved' && status !== 'closed';
        const choices = (over: Partial<TicketRecord>) =>
          menuChoices(card(status, over).blocks).map((c) => c.value);
        const delay = choices({ requester: { userId: 'UREQ' } }).filter((v) =>
          v.startsWith('delay:'),
        );
        expect(delay).toEqual(open ? ['delay:T20260007'] : []);
        const inThread = offered(
          card(status, { conversation: { channel: 'C0CUST0001', ts: '1.000100' } }).blocks,
        );
        // The card's actions in order, buttons then menu (Waiting on customer asks a requester
        // in Slack its question in a modal first: the same action).
        const action = (v: string) =>
          v === TICKET.waitOpen
            ? 'wait'
            : v.endsWith(':T20260007')
              ? v.slice(0, -':T20260007'.length)
              : (ACTION_OF[v] ?? v);
        // As a card with no requester on record, but no Customer wrote… (they write there
        // themselves), Reply to requester… right after the step that moves the ticket on, and
        // Tell of a delay in the menu; Merge into… and New task stay the menu's last, after it.
        const last = (a: string) => a === 'merge' || a === 'task';
        const rest = [...ids.map(action), ...menu.filter((a) => !last(a))].filter(
          (a) => a !== 'customerWrote',
        );
        expect(inThread.map(action)).toEqual([
          ...(open ? [rest[0], 'reply', ...rest.slice(1), 'delay'] : rest),
          ...menu.filter(last),
        ]);
        expect(inThread.filter((v) => /^(delay|merge):/.test(v))).toEqual(
          [...(open ? ['delay'] : []), ...menu.filter((a) => a === 'merge')].map(
            (a) => `${a}:T20260007`,
          ),
        );
        // A contact outside Slack: told by phone or email, and that answer logged; what they
        // said recorded with Customer wrote… (while open), as on a card with no requester on
        // record (whose customer's words are recorded the same way).
        const outside = { requester: { contactName: 'Ms Wang', via: 'phone' as const } };
        const withContact = offered(card(status, outside).blocks).map(action);
        expect(withContact.sort()).toEqual(
          [...ids, ...menu.map((a) => `${a}:T20260007`)].map(action).sort(),
        );
        expect(withContact.includes('customerWrote')).toBe(open);
      },
    );

    test.each([
      [
        'a demand owing its plan, a requester in Slack',
        { type: 'demand', demand: { planDueAt: at(600) }, requester: { userId: 'UREQ' } },
        12,
        7,
      ],
      ['a requester in Slack', { requester: { userId: 'UREQ' } }, 11, 6],
    ] as const)(
      'new, %s: four buttons (more when the menu is full), the rest (five at most) in the menu, none dropped; Follow and Followers… in a row of their own',
      (_, over, count, shownButtons) => {
        const message = card('new', over as Partial<TicketRecord>);
        expectValidMessage(message);
        const shown = offered(message.blocks);
        expect(shown).toHaveLength(count);
        expect(buttons(main(message.blocks))).toHaveLength(shownButtons);
        expect(menuChoices(message.blocks).length).toBeLessThanOrEqual(5);
        expect(menuChoices(message.blocks).every((c) => c.value.length <= 75)).toBe(true);
        const follow = message.blocks.find((b) => b.block_id === 'ticket_follow');
        expect(buttons(follow ? [follow] : [])).toEqual([
          { actionId: 'requester_follow', text: t('follower.follow.button'), value: 'T20260007' },
          {
            actionId: TICKET.followersOpen,
            text: t('ticket.button.followers'),
            value: 'T20260007',
          },
        ]);
      },
    );

    test.each(['new', 'assigned', 'waiting', 'resolved', 'closed'] as const)(
      "%s: the following row on the shared card while neither closed nor merged; a reader's own",
      (status) => {
        const row = (c: ReturnType<typeof card>) =>
          buttons(c.blocks.filter((b) => b.block_id === 'ticket_follow')).map((b) => b.actionId);
        const both = ['requester_follow', TICKET.followersOpen];
        expect(row(card(status))).toEqual(status === 'closed' ? [] : both);
        expect(row(card(status, { mergedInto: 'T20260001' }))).toEqual([]);
        const own = ticketCard(
          t,
          STATES[status].ticket,
          STATES[status].clock,
          TIME_ZONE,
          undefined,
          {
            actions: ['note', 'unfollow'],
          },
        );
        expect(row(own)).toEqual(['requester_unfollow']);
      },
    );

    test('new: header, fallback text and details in the catalogue wording', () => {
      const message = card('new');
      expect(message.text).toBe(
        `T20260007 · ${t('ticket.severity.urgent')} · ${t.plain('ui.labelled', { label: 'Acme Ltd', value: 'Valve leaks after install' })}`,
      );
      expect(message.blocks[0]).toMatchObject({
        type: 'header',
        text: { text: 'T20260007 · Valve leaks after install' },
      });
      expect(fields(message.blocks)).toEqual({
        [t('ticket.field.customer')]:
          `${t.plain('customer.nameCode', { name: 'Acme Ltd', code: 'C2026001' })} · ${words.strategic}`,
        [t('ticket.field.severity')]: `:red_circle: ${t('ticket.severity.urgent')}`,
        [t('ticket.field.type')]: t('ticket.type.after_sales'),
        [t('ticket.field.status')]: t('ticket.status.new'),
        [t('ticket.field.assignee')]: `${t('ticket.card.unassigned')} · L1`,
        [t('ticket.field.channel')]: t('ticket.channel.phone'),
        [t('ticket.field.responseDue')]: t('ticket.card.dueLeft', {
          due: keep(shown('2026-11-24 10:30')),
          left: keep(duration(t, 30)),
        }),
        [t('ticket.field.resolutionDue')]: t('ticket.card.dueLeft', {
          due: keep(shown('2026-11-27 08:30')),
          left: keep(duration(t, 4230)),
        }),
      });
      expect(mrkdwn(message)).toContain('The new valve leaks at the flange.');
      expect(buttons(message.blocks)[0]?.text).toBe(words.claim);
    });

    test('assigned at L2: the assignee and level; responded at', () => {
      const f = fields(card('assigned', { level: 2 }).blocks);
      expect(f[t('ticket.field.assignee')]).toBe('<@UAGENT> · L2');
      expect(f[t('ticket.field.status')]).toBe(words.status);
      expect(f[t('ticket.field.responded')]).toBe(
        t('ticket.card.responded', { when: keep(shown('2026-11-24 09:00')) }),
      );
    });

    test.each(STATUSES)(
      '%s: the date the last delay notice promised the requester, beside the SLA, only while open',
      (status) => {
        const open = status === 'new' || status === 'assigned' || status === 'waiting';
        const message = card(status, { promisedDate: '2026-12-15' });
        expectValidMessage(message);
        expect(fields(message.blocks)[t('ticket.field.promised')]).toBe(
          open ? words.promised : undefined,
        );
        // No delay notice sent: no such line.
        expect(fields(card(status).blocks)[t('ticket.field.promised')]).toBeUndefined();
      },
    );

    test("the promised date passed (the workspace's day now): the card says so, from the day after", () => {
      const promised = (now: string) =>
        fields(
          ticketCard(
            t,
            { ...STATES.assigned.ticket, promisedDate: '2026-12-15' },
            STATES.assigned.clock,
            TIME_ZONE,
            new Date(now),
          ).blocks,
        )[t('ticket.field.promised')];
      // Shanghai: the 15th ends at 16:00 UTC.
      expect(promised('2026-12-15T15:59:00Z')).toBe(words.promised);
      expect(promised('2026-12-15T16:00:00Z')).toBe(words.passed);
      expect(promised('2027-01-04T02:00:00Z')).toBe(words.passed);
    });

    test('breached: each clock says by how much it is overdue', () => {
      const over = clock({
        response: slaStatus({ dueAt: at(-20), remainingMinutes: -20, breached: true }),
        resolution: slaStatus({ dueAt: at(-125), remainingMinutes: -125, breached: true }),
      });
      const message = card('new', {}, over);
      expectValidMessage(message);
      const f = fields(message.blocks);
      expect(f[t('ticket.field.responseDue')]).toBe(
        t('ticket.card.dueOver', {
          due: keep(shown('2026-11-24 09:40')),
          over: keep(duration(t, 20)),
        }),
      );
      expect(f[t('ticket.field.resolutionDue')]).toBe(
        t('ticket.card.dueOver', {
          due: keep(shown('2026-11-24 07:55')),
          over: keep(duration(t, 125)),
        }),
      );
      expect(message).toMatchSnapshot();
    });

    test('paused while waiting on the customer: the time left, not a due time', () => {
      const f = fields(card('waiting').blocks);
      expect(f[t('ticket.field.resolutionDue')]).toBe(
        t('ticket.card.paused', { left: keep(duration(t, 4230)) }),
      );
    });

    test('paused after its due time: by how much it is overdue, never "0 min left"', () => {
      const late = {
        ...STATES.waiting.clock,
        resolution: slaStatus({ dueAt: at(-30), remainingMinutes: -30, breached: true }),
      };
      const f = fields(card('waiting', {}, late).blocks);
      expect(f[t('ticket.field.resolutionDue')]).toBe(
        t('ticket.card.pausedOver', {
          due: keep(shown('2026-11-24 09:30')),
          over: keep(duration(t, 30)),
        }),
      );
    });

    test('past its due time by less than a business minute (due at the close of business, read after hours): since when, never "by 0 min"', () => {
      const since = (remainingMinutes: number) =>
        slaStatus({ dueAt: at(-20), remainingMinutes, breached: true });
      for (const remainingMinutes of [0, -0.4]) {
        const running = fields(
          card('new', {}, clock({ response: since(remainingMinutes) })).blocks,
        );
        expect(running[t('ticket.field.responseDue')]).toBe(
          t('ticket.card.dueSince', { due: keep(shown('2026-11-24 09:40')) }),
        );
        const late = { ...STATES.waiting.clock, resolution: since(remainingMinutes) };
        const paused = fields(card('waiting', {}, late).blocks);
        expect(paused[t('ticket.field.resolutionDue')]).toBe(
          t('ticket.card.pausedSince', { due: keep(shown('2026-11-24 09:40')) }),
        );
      }
    });

    test('resolved: when, and the resolution summary', () => {
      const message = card('resolved');
      expect(fields(message.blocks)[t('ticket.field.resolved')]).toBe(
        t('ticket.card.resolved', { when: keep(shown('2026-11-24 09:50')) }),
      );
      expect(mrkdwn(message)).toContain(
        t('ui.labelled', {
          label: t.plain('ticket.field.resolution'),
          value: 'Replaced the gasket',
        }),
      );
    });

    test('made from a message: a link to it', () => {
      const permalink = 'https://acme.slack.com/archives/C0TRIAGE/p1700000000000100';
      const message = card('new', { sourcePermalink: permalink });
      expect(mrkdwn(message)).toContain(`<${permalink}|${t('ticket.card.source')}>`);
      expect(mrkdwn(card('new'))).not.toContain(t('ticket.card.source'));
      expect(message).toMatchSnapshot();
    });

    test('a long title and description stay within the limits', () => {
      const message = card('new', { title: 'T'.repeat(150), description: 'D'.repeat(5000) });
      expectValidMessage(message);
      expect(mrkdwn(message)).toContain(`${'D'.repeat(2999)}…`);
    });

    test('hostile customer name, description and resolution land escaped in mrkdwn', () => {
      const message = card('resolved', {
        customerName: HOSTILE,
        description: HOSTILE,
        resolution: HOSTILE,
      });
      expectValidMessage(message);
      expectEscaped(fields(message.blocks)[t('ticket.field.customer')]!);
      const [description, notes] = message.blocks.slice(2, 4);
      expectEscaped(mrkdwn([description!]));
      expectEscaped(mrkdwn([notes!]));
    });
  });

  describe('ticketEventText', () => {
    test.each(EVENTS.map((e) => [e.action, e] as const))(
      '%s: one timeline line',
      (action, event) => {
        expect(ticketEventText(t, event)).toBe(
          t(`ticket.event.${action}`, {
            by: event.by,
            user: event.assigneeId ?? '',
            level: event.level ?? '',
            text: event.text ?? '',
          }),
        );
      },
    );

    test('all events, as posted in the thread', () => {
      expect(EVENTS.map((e) => ticketEventText(t, e))).toMatchSnapshot();
    });

    test('the system actor (SLA breach) reads as an automatic escalation', () => {
      const text = ticketEventText(
        t,
        ticketEvent({ action: 'escalate', by: SYSTEM_ACTOR, assigneeId: 'UOWNER', level: 3 }),
      );
      expect(text).toBe(t('ticket.event.autoEscalate', { level: 3, user: 'UOWNER' }));
      expect(text).not.toContain(SYSTEM_ACTOR);
    });

    test.each(['escalate', 'note', 'resolve'] as const)(
      '%s: hostile text lands escaped',
      (action) => {
        const text = ticketEventText(t, ticketEvent({ action, text: HOSTILE, level: 2 }));
        expectEscaped(text);
      },
    );

    test('a long note is cut to a section', () => {
      const text = ticketEventText(t, ticketEvent({ action: 'note', text: 'n'.repeat(5000) }));
      expect(text).toHaveLength(3000);
      expect(text.endsWith('…')).toBe(true);
    });
  });

  describe('ticketList', () => {
    /** A row as its reader's list gives it: the actions the status offers (a manager's). */
    const row = (view: { ticket: TicketRecord; clock: TicketClock }) => ({
      ...view,
      actions: statusCardActions(view.ticket),
    });
    const rows = [
      row(STATES.new),
      row({
        ticket: { ...STATES.assigned.ticket, number: 'T20260008', severity: 'general' as const },
        clock: STATES.assigned.clock,
      }),
    ];
    const list = (over: Partial<Parameters<typeof ticketList>[1]> = {}) =>
      ticketList(t, {
        kind: 'open',
        rows,
        total: 2,
        offset: 0,
        timeZone: TIME_ZONE,
        viewer: 'UMANAGER',
        ...over,
      });

    test.each(['mine', 'open', 'overdue', 'unassigned', 'waiting'] as const)(
      '%s: the heading with the total',
      (kind) => {
        const message = list({ kind, total: 12 });
        expectValidMessage(message);
        const heading = t(`ticket.list.${kind}`, { total: 12 });
        expect(message.text).toBe(heading);
        expect(mrkdwn(message).split('\n')[0]).toBe(`*${heading}*`);
      },
    );

    test('a row a ticket: severity, number, title, customer, what is due first, assignee; Open, and Claim while new', () => {
      const message = list();
      const text = mrkdwn(message);
      expect(text).toContain(
        `:red_circle: *T20260007* Valve leaks after install · Acme Ltd\n${t('ticket.list.response', { due: '' })}`,
      );
      expect(text).toContain(t('ticket.card.unassigned'));
      expect(text).toContain(t('ticket.list.resolution', { due: '' }));
      expect(text).toContain('<@UAGENT>');
      const rowButtons = message.blocks
        .filter((b) => b.type === 'actions')
        .map((b) => (b as { elements: { action_id: string; value: string }[] }).elements);
      expect(rowButtons).toEqual([
        [
          expect.objectContaining({ action_id: TICKET.open, value: 'T20260007' }),
          expect.objectContaining({ action_id: TICKET.claim, value: 'T20260007' }),
        ],
        [expect.objectContaining({ action_id: TICKET.open, value: 'T20260008' })],
      ]);
      expect(message).toMatchSnapshot();
    });

    test('a next reply owed is said: due first, alone; after an earlier due time, beside it', () => {
      const replyRow = (
        reply: ReturnType<typeof slaStatus>,
        resolution: ReturnType<typeof slaStatus>,
      ) =>
        mrkdwn(
          list({
            rows: [{ ...rows[1]!, clock: { ...rows[1]!.clock, resolution, reply } }],
            total: 1,
          }),
        );
      const reply = slaStatus({ dueAt: at(30), remainingMinutes: 30 });
      const first = replyRow(reply, slaStatus({ dueAt: at(600), remainingMinutes: 600 }));
      expect(first).toContain(t('ticket.list.reply', { due: '' }));
      expect(first).not.toContain(t('ticket.list.resolution', { due: '' }));
      const late = slaStatus({ dueAt: at(-10), remainingMinutes: -10, breached: true });
      const both = replyRow(reply, late);
      expect(both.indexOf(t('ticket.list.resolution', { due: '' }))).toBeGreaterThan(-1);
      expect(both.indexOf(t('ticket.list.reply', { due: '' }))).toBeGreaterThan(
        both.indexOf(t('ticket.list.resolution', { due: '' })),
      );
    });

    test('no Claim for a reader who may not claim (their row has no such action)', () => {
      const message = list({ rows: [{ ...rows[0]!, actions: ['note'] }], total: 1 });
      expect(JSON.stringify(message.blocks)).not.toContain(TICKET.claim);
      expect(JSON.stringify(message.blocks)).toContain(TICKET.open);
    });

    test('a posted card: the number links to it', () => {
      const linked = row({
        ...STATES.new,
        ticket: {
          ...STATES.new.ticket,
          card: { pending: false, permalink: 'https://x.slack.com/archives/C1/p1' },
        },
      });
      expect(mrkdwn(list({ rows: [linked], total: 1 }))).toContain(
        '*<https://x.slack.com/archives/C1/p1|T20260007>*',
      );
    });

    test("pages: Next from the first, Previous and Next in the middle, Previous on the last; each carries its row's due time and number (keyset)", () => {
      const nav = (offset: number, total: number) => {
        const block = list({ offset, total }).blocks.find(
          (b) => (b as { block_id?: string }).block_id === 'ticket_list_nav',
        ) as { elements: { action_id: string; value: string }[] } | undefined;
        return block?.elements.map((e) => e.value) ?? [];
      };
      expect(nav(0, 2)).toEqual([]);
      // Previous: the rows before the first shown; Next: those after the last (no due time stored: -).
      const [first, last] = rows.map((r) => r.ticket.number);
      expect(nav(0, 25)).toEqual([`open:a:-:${last}`]);
      expect(nav(10, 25)).toEqual([`open:b:-:${first}`, `open:a:-:${last}`]);
      expect(nav(23, 25)).toEqual([`open:b:-:${first}`]);
      const due = new Date('2026-11-24T04:00:00Z');
      const dated = list({
        offset: 10,
        total: 25,
        rows: rows.map((r) => ({ ...r, ticket: { ...r.ticket, dueAt: due } })),
      }).blocks.find((b) => (b as { block_id?: string }).block_id === 'ticket_list_nav') as {
        elements: { value: string }[];
      };
      expect(dated.elements.map((e) => e.value)).toEqual([
        `open:b:${due.getTime()}:${first}`,
        `open:a:${due.getTime()}:${last}`,
      ]);
      expect(mrkdwn(list({ offset: 10, total: 25 }))).toContain(
        t('ticket.list.page', { from: 11, to: 12, total: 25 }),
      );
    });

    test('waiting: paused instead of a due time', () => {
      expect(mrkdwn(list({ kind: 'waiting', rows: [row(STATES.waiting)], total: 1 }))).toContain(
        t('ticket.list.paused'),
      );
    });

    test('waiting after a due time: paused and overdue, as the card says, by how much or since when', () => {
      const late = (remainingMinutes: number) => ({
        ...STATES.waiting,
        clock: {
          ...STATES.waiting.clock,
          resolution: slaStatus({ dueAt: at(-30), remainingMinutes, breached: true }),
        },
      });
      const due = keep(shown('2026-11-24 09:30'));
      const over = mrkdwn(list({ kind: 'waiting', rows: [row(late(-30))], total: 1 }));
      expect(over).toContain(
        t('ticket.list.pausedClocks', {
          clocks: keep(
            t('ticket.list.resolution', {
              due: keep(t('ticket.list.overdueBy', { due, over: keep(duration(t, 30)) })),
            }),
          ),
        }),
      );
      const since = mrkdwn(list({ kind: 'waiting', rows: [row(late(0))], total: 1 }));
      expect(since).toContain(
        t('ticket.list.pausedClocks', {
          clocks: keep(
            t('ticket.list.resolution', { due: keep(t('ticket.list.overdueSince', { due })) }),
          ),
        }),
      );
    });

    test('waiting with the resolution and the reply both overdue: paused said once, before the clocks', () => {
      const both = {
        ...STATES.waiting,
        clock: {
          ...STATES.waiting.clock,
          resolution: slaStatus({ dueAt: at(-120), remainingMinutes: -120, breached: true }),
          reply: slaStatus({ dueAt: at(-30), remainingMinutes: 0, breached: true }),
        },
      };
      const text = mrkdwn(list({ kind: 'waiting', rows: [row(both)], total: 1 }));
      expect(text).toContain(
        words.pausedBoth(shown('2026-11-24 08:00'), shown('2026-11-24 09:30')),
      );
      expect(text.split(t('ticket.list.paused')).length - 1).toBe(1);
    });

    test('none: says so', () => {
      const message = list({ kind: 'mine', rows: [], total: 0 });
      expectValidMessage(message);
      expect(mrkdwn(message)).toContain(t('ticket.list.none.mine'));
    });

    test('hostile title and customer name land escaped', () => {
      const message = list({
        rows: [row({ ticket: ticket({ title: HOSTILE, customerName: HOSTILE }), clock: clock() })],
        total: 1,
      });
      const line = mrkdwn([message.blocks[1]!]);
      expectEscaped(line);
      // the customer name is cut to 40 characters before it is escaped
      expect(line.split('&lt;!channel&gt; &lt;@U123&gt;')).toHaveLength(3);
    });
  });

  describe.each([
    {
      name: 'reassignModal',
      build: () => reassignModal(t, { metadata: METADATA, ticket: ticket() }),
      callbackId: TICKET.reassignView,
      title: 'ticket.modal.reassignTitle',
      submit: 'ticket.modal.reassignSubmit',
      fields: { assignee: 'users_select' },
      optional: [],
    },
    ...([2, 3] as const).map((nextLevel) => ({
      name: `escalateModal to L${nextLevel}`,
      build: () =>
        escalateModal(t, {
          metadata: METADATA,
          ticket: ticket(),
          nextLevel,
          accountManagerId: 'UOWNER',
        }),
      callbackId: TICKET.escalateView,
      title: 'ticket.modal.escalateTitle' as const,
      submit: 'ticket.modal.escalateSubmit' as const,
      // to L2 an expert is picked (optional: the desk picks when left empty); L3 is the
      // account manager
      optional: nextLevel === 2 ? ['expert'] : [],
      fields:
        nextLevel === 2
          ? { reason: 'plain_text_input', expert: 'users_select' }
          : { reason: 'plain_text_input' },
    })),
    {
      name: 'noteModal',
      build: () => noteModal(t, { metadata: METADATA, ticket: ticket() }),
      callbackId: TICKET.noteView,
      title: 'ticket.modal.noteTitle',
      submit: 'ticket.modal.noteSubmit',
      fields: { note: 'plain_text_input' },
      optional: [],
    },
    {
      name: 'followersModal',
      build: () =>
        followersModal(t, {
          metadata: METADATA,
          ticket: ticket(),
          followers: Array.from({ length: 20 }, (_, i) => `U0FOLLOW${String(i).padStart(2, '0')}`),
        }),
      callbackId: TICKET.followersView,
      title: 'ticket.modal.followersTitle',
      submit: 'ticket.modal.followersSubmit',
      // Emptied, the ticket has no followers any more.
      fields: { followers: 'multi_users_select' },
      optional: ['followers'],
    },
    {
      name: 'resolveModal',
      build: () => resolveModal(t, { metadata: METADATA, ticket: ticket() }),
      callbackId: TICKET.resolveView,
      title: 'ticket.modal.resolveTitle',
      submit: 'ticket.modal.resolveSubmit',
      // The optional upgrade intent heard, as on Log interaction.
      fields: {
        resolution: 'plain_text_input',
        upgrade_intent: 'checkboxes',
        upgrade_what: 'plain_text_input',
      },
      optional: ['upgrade_intent', 'upgrade_what'],
    },
  ] as const)('$name', ({ build, callbackId, title, submit, fields: expected, optional }) => {
    test('valid; titled with the ticket number, its required fields, a submit that says what it does, Cancel; the ticket in the metadata', () => {
      const view = build();
      expectFormModal(t, view, {
        callbackId,
        title,
        titleParams: { number: 'T20260007' },
        submit,
        metadata: METADATA,
      });
      expect(view.title.text).toContain('T20260007');
      expect(view.submit?.text).not.toBe(t('modal.save'));
      const shown = Object.fromEntries(inputIds(view).map((id) => [id, element(view, id).type]));
      expect(shown).toEqual(expected);
      expect(requiredIds(view)).toEqual(
        inputIds(view).filter((id) => !(optional as readonly string[]).includes(id)),
      );
      expect(view).toMatchSnapshot();
    });
  });

  test('escalateModal: to L2 an expert is picked; to L3 it names the account manager', () => {
    const base = { metadata: '', ticket: ticket(), accountManagerId: 'UOWNER' };
    const l2 = escalateModal(t, { ...base, nextLevel: 2 });
    const l3 = escalateModal(t, { ...base, nextLevel: 3 });
    expect(labels(l2).expert).toBe(t('ticket.field.expert'));
    expect(mrkdwn(l2)).not.toContain('<@UOWNER>');
    expect(mrkdwn(l3).split('\n').at(-1)).toBe(t('ticket.modal.escalateToL3', { user: 'UOWNER' }));
    expect(mrkdwn(l3)).toContain('<@UOWNER>');
  });

  test.each([
    ['reassign', (k: TicketRecord) => reassignModal(t, { metadata: '', ticket: k })],
    [
      'escalate',
      (k: TicketRecord) =>
        escalateModal(t, { metadata: '', ticket: k, nextLevel: 2, accountManagerId: 'UOWNER' }),
    ],
    ['note', (k: TicketRecord) => noteModal(t, { metadata: '', ticket: k })],
    ['resolve', (k: TicketRecord) => resolveModal(t, { metadata: '', ticket: k })],
  ] as const)(
    '%s: the first block names the ticket (number, title, customer); the text inputs show an example',
    (_, build) => {
      const view = build(ticket());
      expect(mrkdwn([view.blocks[0]!]).split('\n')).toEqual([
        '*T20260007* · Valve leaks after install',
        `${t.plain('customer.nameCode', { name: 'Acme Ltd', code: 'C2026001' })} · :red_circle: ${t('ticket.severity.urgent')}`,
      ]);
      expect(view.title.text.length).toBeLessThanOrEqual(24);
      expect(view.submit!.text.length).toBeLessThanOrEqual(24);
      // The upgrade intent's inputs are Log interaction's: a tick, and a hint for what they want.
      for (const id of inputIds(view).filter((id) => !id.startsWith('upgrade_')))
        expect(element(view, id).placeholder, id).toBeDefined();
      // a hostile title lands escaped; a long one is cut at a word
      const hostile = build(ticket({ title: HOSTILE, customerName: HOSTILE }));
      expectValidView(hostile);
      expectEscaped(mrkdwn([hostile.blocks[0]!]));
      const long = build(ticket({ title: 'The valve leaks again '.repeat(20) }));
      expect(mrkdwn([long.blocks[0]!]).split('\n')[0]).toMatch(/ (The|valve|leaks|again)…$/);
    },
  );

  test('note and resolution take multiline text up to 2000 characters', () => {
    for (const [view, id] of [
      [noteModal(t, { metadata: '', ticket: ticket() }), 'note'],
      [resolveModal(t, { metadata: '', ticket: ticket() }), 'resolution'],
    ] as const) {
      expect(element(view, id)).toMatchObject({ multiline: true, max_length: 2000 });
    }
  });
});
