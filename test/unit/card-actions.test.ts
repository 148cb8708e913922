import { describe, expect, test } from 'vitest';
import type { Ctx } from '../../src/context.js';
import { AppError } from '../../src/errors.js';
import { assertMay, assertWorksDesk } from '../../src/permissions.js';
import { readerCardActions } from '../../src/ticket/card-actions.js';
import { TicketService } from '../../src/ticket/service.js';
import {
  CARD_ACTIONS_MAX,
  isFollowAction,
  statusCardActions,
  STATUSES,
  type CardAction,
  type TicketRecord,
  type TicketStatus,
} from '../../src/ticket/types.js';
import { defaultSettings } from '../../src/workspace/settings.js';
import { ticket as record } from '../helpers/records.js';

const NOW = new Date('2026-11-30T03:00:00Z');
const DAY = 86_400_000;

/** A closed desk: only the people given a role work tickets. */
const settings = {
  ...defaultSettings({ locale: 'en', timeZone: 'Asia/Shanghai', admins: [], channels: {} }),
  managers: ['UMGR'],
  agents: ['UFORMER'],
  experts: [{ userId: 'UHOLDER', skills: [] }],
  accountManagers: ['UOWNER'],
  openDesk: false,
};

/** Who reads the card: the expert who holds it, the agent it was escalated from, ... */
const READERS = {
  holder: 'UHOLDER',
  former: 'UFORMER',
  manager: 'UMGR',
  /** The customer's account manager (no agent). */
  owner: 'UOWNER',
  /** Who asked for it (a member the roles name nowhere). */
  requester: 'UREQ',
} as const;
type Reader = keyof typeof READERS;

/** The ticket in each status: escalated to L2, held by UHOLDER once assigned. */
const IN_STATUS: Record<TicketStatus, Partial<TicketRecord>> = {
  new: {},
  assigned: { status: 'assigned', assigneeId: 'UHOLDER', level: 2 },
  waiting: { status: 'waiting', assigneeId: 'UHOLDER', level: 2, pauses: [{ from: NOW }] },
  resolved: {
    status: 'resolved',
    assigneeId: 'UHOLDER',
    level: 2,
    resolvedAt: new Date(NOW.getTime() - 2 * DAY),
  },
  closed: { status: 'closed', assigneeId: 'UHOLDER', level: 2 },
};

const ticketIn = (status: TicketStatus, over: Partial<TicketRecord> = {}) =>
  record({
    accountManagerId: 'UOWNER',
    requester: { userId: 'UREQ' },
    ...IN_STATUS[status],
    ...over,
  });

const ctxOf = (actor: string, over: Partial<Ctx> = {}) =>
  ({ settings, actor, now: NOW, ...over }) as Ctx;

const ALL_NEW: CardAction[] = [
  'claim',
  'reassign',
  'escalate',
  'note',
  'resolve',
  'classify',
  'logResponse',
  'reply',
  'delay',
  'merge',
  'task',
  'follow',
  'followers',
];
const ALL_ASSIGNED: CardAction[] = [
  'reassign',
  'escalate',
  'wait',
  'note',
  'resolve',
  'classify',
  'logResponse',
  'reply',
  'delay',
  'merge',
  'task',
  'follow',
  'followers',
];
const ALL_WAITING: CardAction[] = [
  'resume',
  'reassign',
  'note',
  'resolve',
  'classify',
  'logResponse',
  'reply',
  'delay',
  'merge',
  'task',
  'follow',
  'followers',
];
const ALL_RESOLVED: CardAction[] = ['reopen', 'close', 'note', 'task', 'follow', 'followers'];
/** What the assignee is offered: all but Follow (every step is theirs already). */
const but = (all: CardAction[], ...left: CardAction[]) => all.filter((a) => !left.includes(a));

/** What each reader is offered, per status. */
const EXPECTED: Record<TicketStatus, Record<Reader, CardAction[]>> = {
  new: {
    // Unassigned: staff take it by acting on it (claim, escalate, resolve); nobody holds it yet.
    holder: [
      'claim',
      'escalate',
      'note',
      'resolve',
      'classify',
      'logResponse',
      'reply',
      'delay',
      'task',
      'follow',
    ],
    former: [
      'claim',
      'escalate',
      'note',
      'resolve',
      'classify',
      'logResponse',
      'reply',
      'delay',
      'task',
      'follow',
    ],
    manager: ALL_NEW,
    owner: ['note', 'logResponse', 'reply', 'delay', 'task', 'follow'],
    // Its requester is told each step anyway: no Follow.
    requester: ['note'],
  },
  assigned: {
    holder: but(ALL_ASSIGNED, 'follow'),
    former: ['note', 'logResponse', 'reply', 'delay', 'task', 'follow'],
    manager: ALL_ASSIGNED,
    owner: ['note', 'logResponse', 'reply', 'delay', 'task', 'follow'],
    requester: ['note'],
  },
  waiting: {
    holder: but(ALL_WAITING, 'follow'),
    former: ['note', 'logResponse', 'reply', 'delay', 'task', 'follow'],
    manager: ALL_WAITING,
    owner: ['note', 'logResponse', 'reply', 'delay', 'task', 'follow'],
    requester: ['resume', 'note'],
  },
  resolved: {
    holder: but(ALL_RESOLVED, 'follow'),
    former: ['note', 'task', 'follow'],
    manager: ALL_RESOLVED,
    owner: ['note', 'task', 'follow'],
    requester: ['reopen', 'note'],
  },
  closed: { holder: [], former: [], manager: [], owner: [], requester: [] },
};

describe('readerCardActions: what a card shown to one reader offers', () => {
  const cases = STATUSES.flatMap((status) =>
    (Object.keys(READERS) as Reader[]).map((reader) => [status, reader] as const),
  );

  test.each(cases)('%s, read by the %s', (status, reader) => {
    expect(readerCardActions(ctxOf(READERS[reader]), ticketIn(status))).toEqual(
      EXPECTED[status][reader],
    );
  });

  test.each(STATUSES)('%s: the shared card offers what the status allows', (status) => {
    const all = { new: ALL_NEW, assigned: ALL_ASSIGNED, waiting: ALL_WAITING };
    expect(statusCardActions(ticketIn(status))).toEqual(
      all[status as keyof typeof all] ?? (status === 'resolved' ? ALL_RESOLVED : []),
    );
  });

  test('offered exactly when the service lets the click through (assertMayAct, assertMayRespond)', () => {
    const service = Object.create(TicketService.prototype) as TicketService;
    const passes = (run: () => void) => {
      try {
        run();
        return true;
      } catch (err) {
        if (err instanceof AppError) return false;
        throw err;
      }
    };
    const tickets = [
      ...STATUSES.map((s) => ticketIn(s)),
      ticketIn('assigned', { level: 3, assigneeId: 'UOWNER' }),
      ticketIn('new', { demand: { planDueAt: NOW } as TicketRecord['demand'] }),
      ticketIn('resolved', { resolvedAt: new Date(NOW.getTime() - 30 * DAY) }),
    ];
    for (const ticket of tickets)
      for (const actor of Object.values(READERS)) {
        const ctx = ctxOf(actor);
        const offered = readerCardActions(ctx, ticket);
        for (const action of statusCardActions(ticket)) {
          const allowed = passes(() =>
            action === 'logResponse' || action === 'reply' || action === 'delay'
              ? service.assertMayRespond(ctx, ticket)
              : action === 'customerWrote'
                ? service.assertMayRecordCustomer(ctx, ticket)
                : action === 'followers'
                  ? service.assertMayEditFollowers(ctx, ticket)
                  : action === 'follow' || action === 'unfollow'
                    ? service.assertMayFollow(ctx, ticket)
                    : action === 'task'
                      ? // New task: who may plan one for the ticket's customer, as
                        // TaskService.ticketToPlanFor checks (customerToPlanFor).
                        (assertWorksDesk(ctx),
                        assertMay(ctx, 'customer.planTask', {
                          customer: { ownerId: ticket.accountManagerId ?? '' },
                        }))
                      : service.assertMayAct(ctx, ticket, action),
          );
          expect({
            status: ticket.status,
            actor,
            action,
            offered: offered.includes(action),
          }).toEqual({ status: ticket.status, actor, action, offered: allowed });
        }
      }
  });

  test('an escalation past L3 is not offered, on the shared card nor to its holder', () => {
    const top = ticketIn('assigned', { level: 3, assigneeId: 'UOWNER' });
    expect(statusCardActions(top)).not.toContain('escalate');
    expect(readerCardActions(ctxOf('UOWNER'), top)).toEqual([
      'reassign',
      'wait',
      'note',
      'resolve',
      'classify',
      'logResponse',
      'reply',
      'delay',
      'merge',
      'task',
      'followers',
    ]);
  });

  test('Followers… and Follow on every ticket neither closed nor merged, beside a demand owing its plan with a Tell of a delay… too (their own row: the actions stay twelve at most)', () => {
    const owing = { demand: { planDueAt: NOW } as TicketRecord['demand'] };
    for (const status of ['new', 'assigned', 'waiting', 'resolved'] as const) {
      const offered = statusCardActions(ticketIn(status, owing));
      expect(offered.slice(-2)).toEqual(['follow', 'followers']);
      expect(offered.filter((a) => !isFollowAction(a)).length).toBeLessThanOrEqual(
        CARD_ACTIONS_MAX,
      );
      expect(statusCardActions(ticketIn(status, { mergedInto: 'T20260001' }))).not.toContain(
        'followers',
      );
    }
    expect(statusCardActions(ticketIn('new', owing))).toHaveLength(CARD_ACTIONS_MAX + 2);
    expect(statusCardActions(ticketIn('closed'))).toEqual([]);
  });

  test('a follower is offered Stop following instead of Follow (on a closed ticket too); its assignee neither', () => {
    const followed = { followers: ['UFORMER', 'UHOLDER'] };
    expect(readerCardActions(ctxOf('UFORMER'), ticketIn('assigned', followed))).toEqual([
      'note',
      'logResponse',
      'reply',
      'delay',
      'task',
      'unfollow',
    ]);
    expect(readerCardActions(ctxOf('UFORMER'), ticketIn('closed', followed))).toEqual(['unfollow']);
    expect(readerCardActions(ctxOf('UMGR'), ticketIn('waiting', { followers: ['UMGR'] }))).toEqual([
      ...but(ALL_WAITING, 'follow', 'followers'),
      'unfollow',
      'followers',
    ]);
  });

  test('Follow refused as the service says: the requester, the assignee, a guest not reading it, closed or merged', () => {
    const service = Object.create(TicketService.prototype) as TicketService;
    const refusal = (actor: string, ticket: TicketRecord, over: Partial<Ctx> = {}) => {
      try {
        service.assertMayFollow(ctxOf(actor, over), ticket);
        return undefined;
      } catch (err) {
        return (err as AppError).messageKey;
      }
    };
    expect(refusal('UREQ', ticketIn('new'))).toBe('follower.error.requester');
    expect(refusal('UHOLDER', ticketIn('assigned'))).toBe('follower.error.assignee');
    expect(refusal('UFORMER', ticketIn('closed'))).toBe('ticket.error.stale.closed');
    expect(refusal('UFORMER', ticketIn('resolved', { mergedInto: 'T1' }))).toBe(
      'ticket.error.stale.closed',
    );
    expect(refusal('UGUEST', ticketIn('new'), { guest: 'guest' })).toBe(
      'permission.denied.guestRead',
    );
    // A guest who filed it reads it as its requester's view: they may follow it.
    expect(refusal('UGUEST', ticketIn('new', { createdBy: 'UGUEST' }), { guest: 'guest' })).toBe(
      undefined,
    );
    expect(refusal('UFORMER', ticketIn('assigned'))).toBe(undefined);
  });

  test("a demand's Plan and dates: to its account manager and the holder, until planned", () => {
    const demand = ticketIn('assigned', {
      demand: { planDueAt: NOW } as TicketRecord['demand'],
    });
    expect(readerCardActions(ctxOf('UOWNER'), demand)).toContain('plan');
    expect(readerCardActions(ctxOf('UHOLDER'), demand)).toContain('plan');
    expect(readerCardActions(ctxOf('UFORMER'), demand)).not.toContain('plan');
    const planned = { ...demand, demand: { ...demand.demand!, plannedAt: NOW } };
    expect(readerCardActions(ctxOf('UOWNER'), planned)).not.toContain('plan');
  });

  test('a reopen window passed: the requester is offered no Reopen', () => {
    const old = ticketIn('resolved', { resolvedAt: new Date(NOW.getTime() - 8 * DAY) });
    expect(readerCardActions(ctxOf('UREQ'), old)).toEqual(['note']);
  });

  test('on an open desk, a guest of the workspace is offered no Claim (as they are refused it)', () => {
    const open = { ...settings, openDesk: true };
    expect(readerCardActions(ctxOf('UGUEST', { settings: open }), ticketIn('new'))).toContain(
      'claim',
    );
    expect(
      readerCardActions(ctxOf('UGUEST', { settings: open, guest: 'guest' }), ticketIn('new')),
    ).not.toContain('claim');
  });

  test('New task: offered to who may plan a task for its customer, never to a guest who owns it (TaskService refuses them)', () => {
    const owned = ticketIn('resolved', { accountManagerId: 'UGUEST' });
    // A member with no role who owns the customer plans its tasks; the same person as a guest
    // of the workspace is refused by the service (assertWorksDesk), so the card offers no button.
    expect(readerCardActions(ctxOf('UGUEST'), owned)).toEqual(['note', 'task', 'follow']);
    const guest = ctxOf('UGUEST', { guest: 'guest' });
    expect(readerCardActions(guest, owned)).not.toContain('task');
    expect(() => assertWorksDesk(guest)).toThrow(AppError);
    expect(readerCardActions(ctxOf('UGUEST', { external: true }), owned)).not.toContain('task');
  });
});
