import { describe, expect, test } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { nextReplyCounts, ticketTally } from '../../src/digest/figures.js';
import type { TicketFacts } from '../../src/digest/types.js';
import { dueTimes, replyStatus, ticketCalendar } from '../../src/ticket/clock.js';
import { answer, transition } from '../../src/ticket/transitions.js';
import type { ActionParams, TicketRecord } from '../../src/ticket/types.js';
import { defaultSettings, type WorkspaceSettings } from '../../src/workspace/settings.js';
import { ticket as record } from '../helpers/records.js';

// Asia/Shanghai, Monday-Friday 09:00-18:00. Tuesday 2026-11-24.
const settings = defaultSettings({
  locale: 'en',
  timeZone: 'Asia/Shanghai',
  admins: [],
  channels: {},
});
const withHoliday = (day: string): WorkspaceSettings => ({
  ...settings,
  businessHours: { ...settings.businessHours, holidays: [day] },
});
const at = (hhmm: string, day = 24) => new Date(`2026-11-${day}T${hhmm}:00+08:00`);
const AGENT = 'U0AGENT001';
const CUSTOMER = 'U0CUSTOM01';

/** Assigned to AGENT, received Tuesday 09:00 and first answered at 09:10; a 1 h response target. */
function answered(fields: Partial<TicketRecord> = {}): TicketRecord {
  return record({
    status: 'assigned',
    assigneeId: AGENT,
    receivedAt: at('09:00'),
    firstResponseAt: at('09:10'),
    requester: { userId: CUSTOMER, via: 'slack' },
    sla: { responseMinutes: 60, resolutionMinutes: 3 * 540, aroundTheClock: false },
    ...fields,
  });
}

function run(t: TicketRecord, params: ActionParams, actor: string, now: Date) {
  return transition(t, params, actor, now, ticketCalendar(settings, t)).next;
}

const reply = {
  action: 'note',
  text: 'Still broken',
  said: 'reply',
} as const satisfies ActionParams;

describe('the next-reply due time (business hours, a holiday, a pause)', () => {
  test('a message late in the day is owed a reply the next working morning', () => {
    const due = dueTimes(settings, answered({ replyFrom: at('17:30') }));
    // 30 minutes on Tuesday, 30 on Wednesday morning.
    expect(due.replyDueAt).toEqual(at('09:30', 25));
    // The earliest pending clock: the lists sort and the sweep looks by it.
    expect(due.dueAt).toEqual(at('09:30', 25));
  });

  test('on a 24x7 ticket, the same message is owed a reply within the hour', () => {
    const ticket = answered({
      replyFrom: at('17:30'),
      sla: { responseMinutes: 60, resolutionMinutes: 3 * 540, aroundTheClock: true },
    });
    expect(dueTimes(settings, ticket).replyDueAt).toEqual(at('18:30'));
  });

  test('a holiday is skipped', () => {
    const due = dueTimes(withHoliday('2026-11-25'), answered({ replyFrom: at('17:30') }));
    expect(due.replyDueAt).toEqual(at('09:30', 26));
  });

  test('the time the ticket waited on the customer does not count', () => {
    const ticket = answered({
      replyFrom: at('09:30'),
      pauses: [{ from: at('10:00'), to: at('11:00') }],
    });
    expect(dueTimes(settings, ticket).replyDueAt).toEqual(at('11:30'));
    // A pause before the message counts for nothing.
    const earlier = answered({
      replyFrom: at('12:00'),
      pauses: [{ from: at('10:00'), to: at('11:00') }],
    });
    expect(dueTimes(settings, earlier).replyDueAt).toEqual(at('13:00'));
  });

  test('while it waits on the customer, the clock stands still', () => {
    const ticket = answered({
      status: 'waiting',
      replyFrom: at('09:30'),
      pauses: [{ from: at('10:00') }],
    });
    const status = replyStatus(ticketCalendar(settings, ticket), ticket, at('15:00'));
    expect(status).toMatchObject({ paused: true, breached: false, remainingMinutes: 30 });
  });

  test('nothing is owed without a message, nor on a resolved ticket', () => {
    expect(dueTimes(settings, answered()).replyDueAt).toBeUndefined();
    const resolved = answered({ status: 'resolved', replyFrom: at('09:30') });
    expect(replyStatus(ticketCalendar(settings, resolved), resolved, at('15:00'))).toBeNull();
  });
});

describe('the customer writes, the desk answers', () => {
  test('a reply after the first response starts the clock; a second one does not move it', () => {
    const once = run(answered(), reply, CUSTOMER, at('10:00'));
    expect(once.replyFrom).toEqual(at('10:00'));
    const twice = run(once, reply, CUSTOMER, at('10:40'));
    expect(twice.replyFrom).toEqual(at('10:00'));
  });

  test('before the first response, or an edit, owes no next reply', () => {
    expect(
      run(answered({ firstResponseAt: undefined }), reply, CUSTOMER, at('10:00')).replyFrom,
    ).toBeUndefined();
    const edited: ActionParams = { action: 'note', text: 'typo', said: 'edited' };
    expect(run(answered(), edited, CUSTOMER, at('10:00')).replyFrom).toBeUndefined();
    const staffNote: ActionParams = { action: 'note', text: 'Called the factory' };
    expect(run(answered(), staffNote, AGENT, at('10:00')).replyFrom).toBeUndefined();
  });

  test('their answer to a question resumes the ticket and is owed a reply', () => {
    const waiting = answered({ status: 'waiting', pauses: [{ from: at('09:20') }] });
    const resumed = run(waiting, { action: 'resume', reply: 'Serial 42' }, CUSTOMER, at('10:00'));
    expect(resumed).toMatchObject({ status: 'assigned', replyFrom: at('10:00') });
    // Resumed from the card (no words of theirs): nothing owed.
    expect(run(waiting, { action: 'resume' }, AGENT, at('10:00')).replyFrom).toBeUndefined();
  });

  test('an answer in time clears it and counts one next reply on time', () => {
    const owed = answered({ replyFrom: at('10:00') });
    const next: TicketRecord = { ...owed, metrics: { ...owed.metrics } };
    answer(next, owed, at('10:45'), ticketCalendar(settings, owed), AGENT);
    expect(next.replyFrom).toBeUndefined();
    expect(next.metrics).toMatchObject({ nextReplies: 1, nextReplyBreaches: 0 });
    // The first response stays as it was.
    expect(next.firstResponseAt).toEqual(at('09:10'));
  });

  test('an answer dated before their message (a response logged as of earlier, a late-delivered staff reply) leaves it owed', () => {
    const owed = answered({ replyFrom: at('10:00') });
    const next: TicketRecord = { ...owed, metrics: { ...owed.metrics } };
    answer(next, owed, at('09:50'), ticketCalendar(settings, owed), AGENT);
    expect(next.replyFrom).toEqual(at('10:00'));
    expect(next.metrics.nextReplies ?? 0).toBe(0);
  });

  test('a late answer counts as a breach; the time waiting on them is not held against it', () => {
    const owed = answered({ replyFrom: at('10:00') });
    const late = run(owed, { action: 'resolve', summary: 'Replaced' }, AGENT, at('11:30'));
    expect(late.metrics).toMatchObject({ nextReplies: 1, nextReplyBreaches: 1 });
    const paused = answered({
      replyFrom: at('10:00'),
      pauses: [{ from: at('10:10'), to: at('11:10') }],
    });
    const inTime = run(paused, { action: 'resolve', summary: 'Replaced' }, AGENT, at('11:30'));
    expect(inTime.metrics).toMatchObject({ nextReplies: 1, nextReplyBreaches: 0 });
  });

  test('a question asked in Slack answers them; the desk acting on its own does not', () => {
    const owed = answered({ replyFrom: at('10:00') });
    const asked = run(owed, { action: 'wait', question: 'Which serial?' }, AGENT, at('10:30'));
    expect(asked.replyFrom).toBeUndefined();
    expect(asked.metrics.nextReplies).toBe(1);
    const desk = run(owed, { action: 'escalate', reason: 'SLA' }, SYSTEM_ACTOR, at('10:30'));
    expect(desk.replyFrom).toEqual(at('10:00'));
  });
});

describe('a reply sent before the resolve, noted after it (handled late)', () => {
  /** Resolved by `by` at 11:00 from `fields`, then their reply sent at `sent` noted at 11:30. */
  function lateReply(fields: Partial<TicketRecord>, sent: string, by = AGENT) {
    const resolving = transition(
      answered(fields),
      { action: 'resolve', summary: 'Replaced' },
      by,
      at('11:00'),
      ticketCalendar(settings, answered(fields)),
    );
    const resolved: TicketRecord = {
      ...resolving.next,
      timeline: [...resolving.next.timeline, resolving.event],
    };
    const note = transition(
      resolved,
      { ...reply, sentAt: at(sent) },
      CUSTOMER,
      at('11:30'),
      ticketCalendar(settings, resolved),
    );
    return { resolved, noted: { ...note.next, timeline: [...note.next.timeline, note.event] } };
  }

  test('is the next reply the resolve gave: counted when noted, in time or late', () => {
    const { resolved, noted } = lateReply({}, '10:50');
    expect(resolved.metrics.nextReplies).toBeUndefined();
    expect(noted.metrics).toMatchObject({ nextReplies: 1, nextReplyBreaches: 0 });
    expect(lateReply({}, '09:40').noted.metrics).toMatchObject({
      nextReplies: 1,
      nextReplyBreaches: 1,
    });
  });

  test('not when the resolve answered one owed already, nor for the desk’s resolve, nor before the first answer, nor twice', () => {
    expect(lateReply({ replyFrom: at('10:00') }, '10:50').noted.metrics.nextReplies).toBe(1);
    expect(lateReply({}, '10:50', SYSTEM_ACTOR).noted.metrics.nextReplies).toBeUndefined();
    expect(lateReply({}, '09:05').noted.metrics.nextReplies).toBeUndefined();
    const { noted } = lateReply({}, '10:50');
    const again = transition(
      noted,
      { ...reply, sentAt: at('10:55') },
      CUSTOMER,
      at('11:40'),
      ticketCalendar(settings, noted),
    );
    expect(again.next.metrics.nextReplies).toBe(1);
  });
});

describe('next replies on time (the digest and reports figure)', () => {
  const week = { from: at('00:00', 23), to: at('00:00', 30) };
  const resolved = (
    day: number,
    metrics: TicketFacts['metrics'],
    extra: Partial<TicketFacts> = {},
  ): TicketFacts => ({
    number: 'T',
    type: 'consultation',
    status: 'resolved',
    receivedAt: at('09:00', 20),
    resolvedAt: at('12:00', day),
    metrics,
    ...extra,
  });

  test("a ticket's next replies and how many in time", () => {
    expect(nextReplyCounts({ nextReplies: 3, nextReplyBreaches: 1 })).toEqual({
      replies: 3,
      inTime: 2,
    });
    expect(nextReplyCounts({})).toEqual({ replies: 0, inTime: 0 });
  });

  test('counted over the tickets resolved in the period, a merged duplicate left out', () => {
    const tally = ticketTally(week, [
      resolved(24, { nextReplies: 3, nextReplyBreaches: 1 }),
      resolved(25, { nextReplies: 2 }),
      // Resolved the week before: not this week's.
      resolved(20, { nextReplies: 4, nextReplyBreaches: 4 }),
      resolved(26, { nextReplies: 1, nextReplyBreaches: 1 }, { mergedInto: 'T2' }),
      resolved(26, {}),
    ]);
    expect([tally.nextReplies, tally.nextRepliesInTime]).toEqual([5, 4]);
  });
});
