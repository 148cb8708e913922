import { describe, expect, test } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { AppError, FieldErrors } from '../../src/errors.js';
import { ticketCalendar } from '../../src/ticket/clock.js';
import { slaTargets } from '../../src/ticket/rules.js';
import { respond, transition } from '../../src/ticket/transitions.js';
import {
  STATUSES,
  type ActionParams,
  type TicketAction,
  type TicketRecord,
  type TicketStatus,
} from '../../src/ticket/types.js';
import { defaultSettings } from '../../src/workspace/settings.js';
import { ticket as record } from '../helpers/records.js';

// Asia/Shanghai, Monday-Friday 09:00-18:00. Tuesday 2026-11-24 09:00 is 01:00Z.
const settings = defaultSettings({
  locale: 'en',
  timeZone: 'Asia/Shanghai',
  admins: [],
  channels: {},
});
const at = (hhmm: string, day = 24) => new Date(`2026-11-${day}T${hhmm}:00+08:00`);
const AGENT = 'U0AGENT001';
const EXPERT = 'U0EXPERT01';
const OWNER = 'U0OWNER001';

/** A general ticket of a key customer received Tuesday 09:00, new, unassigned. */
function ticket(fields: Partial<TicketRecord> = {}): TicketRecord {
  return record({
    receivedAt: at('09:00'),
    customerTier: 'key',
    severity: 'general',
    accountManagerId: OWNER,
    sla: slaTargets(settings, 'general', 'key'),
    ...fields,
  });
}

/** A ticket as it stands in each status (assigned to AGENT once claimed). */
const IN_STATUS: Record<TicketStatus, Partial<TicketRecord>> = {
  new: {},
  assigned: { status: 'assigned', assigneeId: AGENT, firstAssigneeId: AGENT },
  waiting: {
    status: 'waiting',
    assigneeId: AGENT,
    firstAssigneeId: AGENT,
    pauses: [{ from: at('10:00') }],
  },
  resolved: {
    status: 'resolved',
    assigneeId: AGENT,
    firstAssigneeId: AGENT,
    resolvedAt: at('11:00'),
    resolution: 'Fixed',
  },
  closed: { status: 'closed', assigneeId: AGENT, closedAt: at('12:00') },
};

const PARAMS: Record<TicketAction, ActionParams> = {
  claim: { action: 'claim' },
  reassign: { action: 'reassign', to: EXPERT },
  escalate: { action: 'escalate', reason: 'Needs firmware', expertId: EXPERT },
  wait: { action: 'wait' },
  resume: { action: 'resume' },
  note: { action: 'note', text: 'Called back' },
  resolve: { action: 'resolve', summary: 'Replaced the encoder' },
  reopen: { action: 'reopen' },
  close: { action: 'close' },
  contact: { action: 'contact', at: at('12:00'), via: 'call', summary: 'Called' },
  plan: { action: 'plan', summary: 'Custom export', dates: 'by 12-05' },
  merge: { action: 'merge', into: '2026-0002' },
  classify: {
    action: 'classify',
    type: 'after_sales',
    severity: 'urgent',
    rules: { severity: 'urgent', sla: slaTargets(settings, 'urgent', 'key') },
  },
};

function run(t: TicketRecord, params: ActionParams, actor = AGENT, now = at('13:00')) {
  return transition(t, params, actor, now, ticketCalendar(settings, t));
}

/** status -> action -> the status after it, or the message key of the refusal. */
const TABLE: Record<TicketStatus, Record<TicketAction, TicketStatus | string>> = {
  new: {
    claim: 'assigned',
    reassign: 'assigned',
    escalate: 'assigned',
    wait: 'ticket.error.stale.new',
    resume: 'ticket.error.stale.new',
    note: 'new',
    resolve: 'resolved',
    reopen: 'ticket.error.stale.new',
    close: 'ticket.error.stale.new',
    contact: 'ticket.error.notComplaint',
    plan: 'ticket.error.notDemand',
    merge: 'closed',
    classify: 'new',
  },
  assigned: {
    claim: 'ticket.error.alreadyYours',
    reassign: 'assigned',
    escalate: 'assigned',
    wait: 'waiting',
    resume: 'ticket.error.stale.assigned',
    note: 'assigned',
    resolve: 'resolved',
    reopen: 'ticket.error.stale.assigned',
    close: 'ticket.error.stale.assigned',
    contact: 'ticket.error.notComplaint',
    plan: 'ticket.error.notDemand',
    merge: 'closed',
    classify: 'assigned',
  },
  waiting: {
    claim: 'ticket.error.alreadyYours',
    reassign: 'waiting',
    escalate: 'ticket.error.stale.waiting',
    wait: 'ticket.error.stale.waiting',
    resume: 'assigned',
    note: 'waiting',
    resolve: 'resolved',
    reopen: 'ticket.error.stale.waiting',
    close: 'ticket.error.stale.waiting',
    contact: 'ticket.error.notComplaint',
    plan: 'ticket.error.notDemand',
    merge: 'closed',
    classify: 'waiting',
  },
  resolved: {
    claim: 'ticket.error.stale.resolved',
    reassign: 'ticket.error.stale.resolved',
    escalate: 'ticket.error.stale.resolved',
    wait: 'ticket.error.stale.resolved',
    resume: 'ticket.error.stale.resolved',
    note: 'resolved',
    resolve: 'ticket.error.stale.resolved',
    reopen: 'assigned',
    close: 'closed',
    contact: 'ticket.error.notComplaint',
    plan: 'ticket.error.stale.resolved',
    merge: 'ticket.error.stale.resolved',
    classify: 'ticket.error.stale.resolved',
  },
  closed: Object.fromEntries(
    Object.keys(PARAMS).map((a) => [a, 'ticket.error.stale.closed']),
  ) as Record<TicketAction, string>,
};

const CASES = STATUSES.flatMap((status) =>
  (Object.keys(PARAMS) as TicketAction[]).map((action) => ({
    status,
    action,
    expected: TABLE[status][action],
  })),
);

describe('the transition table', () => {
  test.each(CASES)('$action on a $status ticket: $expected', ({ status, action, expected }) => {
    const t = ticket(IN_STATUS[status]);
    if (expected.startsWith('ticket.error.')) {
      let refused: unknown;
      try {
        run(t, PARAMS[action]);
      } catch (err) {
        refused = err;
      }
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).messageKey).toBe(expected);
    } else {
      const { next, event } = run(t, PARAMS[action]);
      expect(next.status).toBe(expected);
      expect(event).toMatchObject({ action, by: AGENT, at: at('13:00') });
    }
  });

  test('the input ticket is never changed', () => {
    const t = ticket(IN_STATUS.assigned);
    const before = structuredClone(t);
    run(t, PARAMS.resolve);
    run(t, PARAMS.wait);
    expect(t).toEqual(before);
  });
});

describe('what an action records', () => {
  test('a claim assigns and does not stop the first-response clock (#10)', () => {
    const { next, event } = run(ticket(), PARAMS.claim, AGENT, at('10:30'));
    expect(next).toMatchObject({ assigneeId: AGENT, firstAssigneeId: AGENT });
    expect(next.firstResponseAt).toBeUndefined();
    expect(next.metrics.firstResponseMinutes).toBeUndefined();
    expect(event.assigneeId).toBe(AGENT);
  });

  test('the first answer to the requester is the first response, timed in business minutes', () => {
    const t = ticket();
    const next = { ...t, metrics: { ...t.metrics } };
    respond(next, t, at('10:30'), ticketCalendar(settings, t), AGENT);
    expect(next).toMatchObject({
      firstResponseAt: at('10:30'),
      metrics: { firstResponseMinutes: 90, responseBreached: false, firstResponseBy: AGENT },
    });
  });

  test('a first response after the target is a breach (key tier: 8 business hours)', () => {
    // Received Tuesday 09:00; Wednesday 10:00 is 9 business hours later.
    const t = ticket();
    const next = { ...t, metrics: { ...t.metrics } };
    respond(next, t, at('10:00', 25), ticketCalendar(settings, t), AGENT);
    expect(next.metrics).toMatchObject({ firstResponseMinutes: 600, responseBreached: true });
  });

  test('resolving without any answer before: the resolution is the first response', () => {
    const { next } = run(ticket(), PARAMS.resolve, AGENT, at('10:30'));
    expect(next).toMatchObject({
      firstResponseAt: at('10:30'),
      metrics: { firstResponseMinutes: 90, responseBreached: false },
    });
  });

  test("a complaint's contact step is the first response when none was logged, timed at the contact", () => {
    const complaint = ticket({
      complaint: {
        urgency: 'general',
        contactDueAt: at('09:00', 27),
        resolutionDueAt: at('09:00', 30),
      },
    });
    const { next } = run(complaint, PARAMS.contact, OWNER, at('13:00'));
    expect(next).toMatchObject({
      firstResponseAt: at('12:00'),
      metrics: { firstResponseMinutes: 180, responseBreached: false },
    });
    // Logged before: left as it was.
    const answered = { ...complaint, firstResponseAt: at('10:00') };
    expect(run(answered, PARAMS.contact, OWNER, at('13:00')).next.firstResponseAt).toEqual(
      at('10:00'),
    );
  });

  test('reassigning to someone else counts a hand-over; to whom holds it already it is refused on the field', () => {
    const assigned = ticket(IN_STATUS.assigned);
    expect(run(assigned, PARAMS.reassign).next.metrics.reassignments).toBe(1);
    let refused: unknown;
    try {
      run(assigned, { action: 'reassign', to: AGENT });
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(FieldErrors);
    expect((refused as FieldErrors).fields).toEqual({
      assignee: { key: 'ticket.reassign.error.hasItAlready', params: { number: assigned.number } },
    });
  });

  test('escalating to L2 needs the expert; to L3 it goes to the account manager', () => {
    const assigned = ticket(IN_STATUS.assigned);
    expect(() => run(assigned, { action: 'escalate', reason: 'x' })).toThrow(FieldErrors);
    const l2 = run(assigned, PARAMS.escalate);
    expect(l2.next).toMatchObject({ level: 2, assigneeId: EXPERT, metrics: { escalations: 1 } });
    expect(l2.event).toMatchObject({ level: 2, text: 'Needs firmware', assigneeId: EXPERT });
    const l3 = run(l2.next, { action: 'escalate', reason: 'Angry' });
    expect(l3.next).toMatchObject({ level: 3, assigneeId: OWNER, metrics: { escalations: 2 } });
    let refused: unknown;
    try {
      run(l3.next, { action: 'escalate', reason: 'More' });
    } catch (err) {
      refused = err;
    }
    expect((refused as AppError).messageKey).toBe('ticket.error.topLevel');
  });

  test('the desk escalating on a breach is nobody first response and needs no expert', () => {
    const { next } = run(ticket(), { action: 'escalate', reason: 'SLA breached' }, SYSTEM_ACTOR);
    expect(next).toMatchObject({ level: 2, status: 'new' });
    expect(next.firstResponseAt).toBeUndefined();
    expect(next.assigneeId).toBeUndefined();
  });

  test('a question sent to a requester in Slack is the first response; waiting without one, or on someone outside Slack, is not', () => {
    const asked = run(
      ticket({ ...IN_STATUS.assigned, requester: { userId: 'U0REQUEST1' } }),
      { action: 'wait', question: 'Which firmware?' },
      AGENT,
      at('10:30'),
    ).next;
    expect(asked).toMatchObject({
      status: 'waiting',
      firstResponseAt: at('10:30'),
      metrics: { firstResponseMinutes: 90, responseBreached: false },
    });
    // A later question leaves the first response as it was.
    const resumed = run(asked, PARAMS.resume, AGENT, at('11:00')).next;
    const again = run(resumed, { action: 'wait', question: 'And now?' }, AGENT, at('12:00')).next;
    expect(again.firstResponseAt).toEqual(at('10:30'));
    // No requester in Slack: the note is internal, the customer was not answered by it.
    const offline = run(
      ticket(IN_STATUS.assigned),
      { action: 'wait', question: 'Asked by phone?' },
      AGENT,
      at('10:30'),
    ).next;
    expect(offline.firstResponseAt).toBeUndefined();
  });

  test('waiting pauses the clock and resuming closes the pause', () => {
    const waiting = run(ticket(IN_STATUS.assigned), PARAMS.wait, AGENT, at('14:00')).next;
    expect(waiting.pauses).toEqual([{ from: at('14:00') }]);
    const resumed = run(waiting, PARAMS.resume, AGENT, at('10:00', 25)).next;
    expect(resumed.pauses).toEqual([{ from: at('14:00'), to: at('10:00', 25) }]);
  });

  test('reassigning a waiting ticket keeps it waiting, its clock paused: the wait is not counted', () => {
    const { next, event } = run(ticket(IN_STATUS.waiting), PARAMS.reassign, AGENT, at('15:00'));
    expect(next).toMatchObject({ status: 'waiting', assigneeId: EXPERT });
    expect(next.pauses).toEqual([{ from: at('10:00') }]);
    expect(next.metrics.reassignments).toBe(1);
    expect(event).toMatchObject({ action: 'reassign', assigneeId: EXPERT });
    const resolved = run(next, PARAMS.resolve, EXPERT, at('12:00', 25)).next;
    expect(resolved.pauses).toEqual([{ from: at('10:00'), to: at('12:00', 25) }]);
    expect(resolved.metrics.resolutionMinutes).toBe(60);
  });

  test('resolving by the first assignee with no hand-over is a first-contact resolution', () => {
    const { next } = run(ticket(IN_STATUS.assigned), PARAMS.resolve, AGENT, at('12:00'));
    expect(next).toMatchObject({
      status: 'resolved',
      resolvedAt: at('12:00'),
      resolution: 'Replaced the encoder',
      metrics: { resolutionMinutes: 180, resolutionBreached: false, firstContactResolution: true },
    });
    const byOther = run(ticket(IN_STATUS.assigned), PARAMS.resolve, EXPERT).next;
    expect(byOther.metrics.firstContactResolution).toBe(false);
  });

  test('resolving an unclaimed ticket assigns it to the resolver first', () => {
    const { next } = run(ticket(), PARAMS.resolve, AGENT, at('09:30'));
    expect(next).toMatchObject({ assigneeId: AGENT, firstResponseAt: at('09:30') });
  });

  test('resolving while waiting closes the pause: the waiting time is not counted', () => {
    const { next } = run(ticket(IN_STATUS.waiting), PARAMS.resolve, AGENT, at('12:00'));
    expect(next.pauses).toEqual([{ from: at('10:00'), to: at('12:00') }]);
    expect(next.metrics.resolutionMinutes).toBe(60);
  });

  test('reopening forgets the resolution and its promised date, and counts the time it sat resolved as a pause', () => {
    const { next } = run(
      ticket({ ...IN_STATUS.resolved, promisedDate: '2026-12-08' }),
      PARAMS.reopen,
      AGENT,
      at('15:00'),
    );
    expect(next).toMatchObject({
      status: 'assigned',
      pauses: [{ from: at('11:00'), to: at('15:00') }],
      metrics: { reopenCount: 1, firstContactResolution: false },
    });
    expect(next.resolvedAt).toBeUndefined();
    expect(next.resolution).toBeUndefined();
    expect(next.metrics.resolutionMinutes).toBeUndefined();
    // The date a delay notice promised was for the work that ended.
    expect(next.promisedDate).toBeUndefined();
  });
});
