import { describe, expect, test } from 'vitest';
import { pastTargetAt } from '../../src/digest/service.js';
import { ticketCalendar } from '../../src/ticket/clock.js';
import { slaTargets } from '../../src/ticket/rules.js';
import { answer, transition } from '../../src/ticket/transitions.js';
import type { ActionParams, TicketRecord } from '../../src/ticket/types.js';
import { defaultSettings } from '../../src/workspace/settings.js';
import { ticket as record } from '../helpers/records.js';

// The last next replies owed that are no longer (`pastReplies`, newest first, at most 8): one kept
// when it is given, or when the
// ticket is resolved, closed or merged with it owed, so a week's (period's) end it spanned still
// finds it owed once it is given (the digest's and the reports' "Overdue at ... end").
// Asia/Shanghai, Monday-Friday 09:00-18:00; Tuesday 2026-11-24.
const settings = defaultSettings({
  locale: 'en',
  timeZone: 'Asia/Shanghai',
  admins: [],
  channels: {},
});
const at = (hhmm: string, day = 24) => new Date(`2026-11-${day}T${hhmm}:00+08:00`);
const AGENT = 'U0AGENT001';

/** Assigned, first answered Tuesday 09:10; the customer wrote again at 10:00 (a reply owed). */
function owing(fields: Partial<TicketRecord> = {}): TicketRecord {
  return record({
    receivedAt: at('09:00'),
    customerTier: 'key',
    severity: 'general',
    sla: slaTargets(settings, 'general', 'key'),
    status: 'assigned',
    assigneeId: AGENT,
    firstAssigneeId: AGENT,
    firstResponseAt: at('09:10'),
    replyFrom: at('10:00'),
    ...fields,
  });
}
const run = (t: TicketRecord, params: ActionParams, now: Date) =>
  transition(t, params, AGENT, now, ticketCalendar(settings, t)).next;

describe('the last next reply owed', () => {
  test('given: owed from the message until the answer', () => {
    const t = owing();
    const next: TicketRecord = { ...t, metrics: { ...t.metrics } };
    answer(next, t, at('15:00'), ticketCalendar(settings, t), AGENT);
    expect(next.replyFrom).toBeUndefined();
    expect(next.pastReplies).toEqual([{ from: at('10:00'), until: at('15:00') }]);
  });

  test('the ticket resolved or merged with it owed: until then', () => {
    const resolved = run(owing(), { action: 'resolve', summary: 'Fixed' }, at('16:00'));
    expect(resolved.pastReplies).toEqual([{ from: at('10:00'), until: at('16:00') }]);
    const merged = run(owing(), { action: 'merge', into: '2026-0002' }, at('17:00'));
    expect(merged.pastReplies).toEqual([{ from: at('10:00'), until: at('17:00') }]);
  });

  test('none owed: the one kept before stays as it was; a note leaves the reply owed', () => {
    const before = [{ from: at('09:30', 23), until: at('11:00', 23) }];
    const closed = run(
      owing({
        replyFrom: undefined,
        pastReplies: before,
        status: 'resolved',
        resolvedAt: at('11:00'),
        resolution: 'Fixed',
      }),
      { action: 'close' },
      at('16:30'),
    );
    expect(closed.pastReplies).toEqual(before);
    const noted = run(owing(), { action: 'note', text: 'Called back' }, at('11:00'));
    expect(noted.replyFrom).toEqual(at('10:00'));
    expect(noted.pastReplies).toBeUndefined();
  });

  test('the digest finds it owed at an end it spanned, and only then', () => {
    // Owed from 10:00, a 8 h target: due Wednesday 09:00; given Thursday 10:00.
    const given = owing({
      replyFrom: undefined,
      pastReplies: [{ from: at('10:00'), until: at('10:00', 26) }],
    });
    const t = { ...given, sla: { ...given.sla, resolutionMinutes: 30 * 540 } };
    expect(pastTargetAt(settings, t, at('12:00', 25))).toMatchObject({ what: 'reply' });
    // Given at the end exactly: still owed then (an answer at `at` is not before it).
    expect(pastTargetAt(settings, t, at('10:00', 26))).toMatchObject({ what: 'reply' });
    // After it was given, or before the customer wrote: nothing owed.
    expect(pastTargetAt(settings, t, at('10:01', 26))).toBeNull();
    expect(pastTargetAt(settings, t, at('09:59'))).toBeNull();
  });

  test('a later reply given keeps the earlier one, newest first, the eight newest', () => {
    // Owed from Tuesday 10:00, given Thursday 10:00; owed again from 10:10, given 10:20.
    const first = { from: at('10:00'), until: at('10:00', 26) };
    const t = owing({ replyFrom: at('10:10', 26), pastReplies: [first] });
    const next: TicketRecord = { ...t, metrics: { ...t.metrics } };
    answer(next, t, at('10:20', 26), ticketCalendar(settings, t), AGENT);
    expect(next.pastReplies).toEqual([{ from: at('10:10', 26), until: at('10:20', 26) }, first]);
    const u = { ...next, sla: { ...next.sla, resolutionMinutes: 30 * 540 } };
    // The end the first spanned still finds it owed.
    expect(pastTargetAt(settings, u, at('12:00', 25))).toMatchObject({ what: 'reply' });
    // Eight kept: a ninth drops the oldest.
    const many = Array.from({ length: 8 }, (_, i) => ({
      from: at(`0${i + 1}:00`, 20),
      until: at(`0${i + 1}:30`, 20),
    })).reverse();
    const full = owing({ replyFrom: at('10:10', 26), pastReplies: many });
    const after: TicketRecord = { ...full, metrics: { ...full.metrics } };
    answer(after, full, at('10:20', 26), ticketCalendar(settings, full), AGENT);
    expect(after.pastReplies).toHaveLength(8);
    expect(after.pastReplies![0]).toEqual({ from: at('10:10', 26), until: at('10:20', 26) });
    expect(after.pastReplies!.at(-1)).toEqual(many[6]);
  });
});
