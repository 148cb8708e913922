import { describe, expect, test } from 'vitest';
import { overdueAt, pastTargetAt } from '../../src/digest/service.js';
import type { DigestTicket } from '../../src/ticket/types.js';
import { defaultSettings, type WorkspaceSettings } from '../../src/workspace/settings.js';

// What the digest's and the report's "Overdue at week/period end" and their list of tickets past
// their SLA ask of a ticket still open at the end (`at`): which target it was past then, and its
// due time. Asia/Shanghai, Monday-Friday 09:00-18:00; Tuesday 2026-11-24.
const settings = defaultSettings({
  locale: 'en',
  timeZone: 'Asia/Shanghai',
  admins: [],
  channels: {},
});
const inZone = (timeZone: string, holidays: string[] = []): WorkspaceSettings => ({
  ...settings,
  timeZone,
  businessHours: { ...settings.businessHours, holidays },
});
const at = (hhmm: string, day = 24) => new Date(`2026-11-${day}T${hhmm}:00+08:00`);
const later = (date: Date, ms: number) => new Date(date.getTime() + ms);

type Clock = Pick<DigestTicket, 'receivedAt' | 'firstResponseAt' | 'sla' | 'pauses' | 'replyFrom'>;

/**
 * Received Tuesday 09:00, first answered 09:10; a 1 h response target (the next reply's too),
 * three business days to resolve (due Thursday 18:00).
 */
function ticket(fields: Partial<Clock> = {}): Clock {
  return {
    receivedAt: at('09:00'),
    firstResponseAt: at('09:10'),
    pauses: [],
    sla: { responseMinutes: 60, resolutionMinutes: 3 * 540, aroundTheClock: false },
    ...fields,
  };
}

describe('a next reply owed at the end (business hours)', () => {
  // The customer wrote at 17:30 Tuesday: 30 minutes that day, 30 on Wednesday morning.
  const owed = ticket({ replyFrom: at('17:30') });

  test('overdue only strictly after its due time, the next working morning', () => {
    // Tuesday evening and Wednesday before 09:30: the clock is still within its hour.
    expect(pastTargetAt(settings, owed, at('23:00'))).toBeNull();
    expect(pastTargetAt(settings, owed, at('09:29', 25))).toBeNull();
    // Exactly at the due time: on time (as slaStatus's breach, strict).
    expect(pastTargetAt(settings, owed, at('09:30', 25))).toBeNull();
    expect(overdueAt(settings, owed, at('09:30', 25))).toBe(false);
    // A millisecond after: past, the reply named with its due time.
    expect(pastTargetAt(settings, owed, later(at('09:30', 25), 1))).toEqual({
      what: 'reply',
      due: at('09:30', 25),
    });
    expect(overdueAt(settings, owed, later(at('09:30', 25), 1))).toBe(true);
  });

  test('a holiday on the Wednesday moves it to Thursday morning', () => {
    const holiday = inZone('Asia/Shanghai', ['2026-11-25']);
    expect(pastTargetAt(holiday, owed, at('17:59', 25))).toBeNull();
    expect(pastTargetAt(holiday, owed, at('09:30', 26))).toBeNull();
    expect(pastTargetAt(holiday, owed, at('09:31', 26))).toEqual({
      what: 'reply',
      due: at('09:30', 26),
    });
  });

  test('an extra workday (a weekend worked) counts: Friday 17:30 is due on the Saturday', () => {
    const friday = ticket({
      receivedAt: at('09:00', 27),
      firstResponseAt: at('09:10', 27),
      replyFrom: at('17:30', 27),
    });
    const saturdayWorked: WorkspaceSettings = {
      ...settings,
      businessHours: { ...settings.businessHours, extraWorkdays: ['2026-11-28'] },
    };
    expect(pastTargetAt(settings, friday, at('12:00', 28))).toBeNull();
    expect(pastTargetAt(saturdayWorked, friday, at('09:31', 28))).toEqual({
      what: 'reply',
      due: at('09:30', 28),
    });
  });

  test('on a 24x7 ticket every minute counts: due the same evening', () => {
    const allHours = ticket({
      replyFrom: at('17:30'),
      sla: { responseMinutes: 60, resolutionMinutes: 3 * 540, aroundTheClock: true },
    });
    expect(pastTargetAt(settings, allHours, at('18:30'))).toBeNull();
    expect(pastTargetAt(settings, allHours, at('18:31'))).toEqual({
      what: 'reply',
      due: at('18:30'),
    });
  });
});

describe('a reply owed while the ticket waits on the customer', () => {
  test('a wait begun in time stops the clock: not overdue while it lasts, however long', () => {
    // 20 minutes used on Wednesday morning, then waiting from 09:10, still at the end (Friday).
    const waiting = ticket({ replyFrom: at('17:30'), pauses: [{ from: at('09:10', 25) }] });
    expect(pastTargetAt(settings, waiting, at('18:00', 27))).toBeNull();
    // Also on its resolution: the time waiting does not count (due Thursday 18:00 otherwise).
    expect(overdueAt(settings, waiting, at('12:00', 30))).toBe(false);
  });

  test('resumed, the clock runs again from the resume for the time it had left', () => {
    // 40 minutes used (30 Tuesday, 10 Wednesday), waiting Wednesday 09:10 to Thursday 10:00: the
    // 20 minutes left run from the resume, due Thursday 10:20.
    const resumed = ticket({
      replyFrom: at('17:30'),
      pauses: [{ from: at('09:10', 25), to: at('10:00', 26) }],
    });
    expect(pastTargetAt(settings, resumed, at('10:20', 26))).toBeNull();
    expect(pastTargetAt(settings, resumed, at('10:21', 26))).toEqual({
      what: 'reply',
      due: at('10:20', 26),
    });
    // Read at an end during the wait (the pause stood open then): not overdue then.
    expect(pastTargetAt(settings, resumed, at('18:00', 25))).toBeNull();
  });

  test('a wait begun after the reply was late does not make it on time', () => {
    // Due Wednesday 09:30; set waiting at 10:00 without an answer (a contact outside Slack).
    const late = ticket({ replyFrom: at('17:30'), pauses: [{ from: at('10:00', 25) }] });
    expect(pastTargetAt(settings, late, at('18:00', 27))).toEqual({
      what: 'reply',
      due: at('09:30', 25),
    });
  });

  test('a wait that began after the end is not taken back to it', () => {
    const since = ticket({ replyFrom: at('17:30'), pauses: [{ from: at('10:00', 25) }] });
    // At 09:45 Wednesday, before the wait: the reply was 15 minutes late.
    expect(pastTargetAt(settings, since, at('09:45', 25))).toEqual({
      what: 'reply',
      due: at('09:30', 25),
    });
  });

  test('a wait before the customer wrote is not credited to the reply', () => {
    const earlier = ticket({
      replyFrom: at('12:00'),
      pauses: [{ from: at('10:00'), to: at('11:00') }],
    });
    expect(pastTargetAt(settings, earlier, at('13:00'))).toBeNull();
    expect(pastTargetAt(settings, earlier, at('13:01'))).toEqual({
      what: 'reply',
      due: at('13:00'),
    });
  });
});

describe('a reply owed and answered', () => {
  test('answered (nothing owed on the ticket): only its other targets count', () => {
    const answered = ticket();
    expect(pastTargetAt(settings, answered, at('12:00', 25))).toBeNull();
    // Its resolution, due Thursday 18:00.
    expect(pastTargetAt(settings, answered, at('18:01', 26))).toEqual({
      what: 'resolution',
      due: at('18:00', 26),
    });
  });

  test('a message written at or after the end owed nothing then', () => {
    const wroteAtEnd = ticket({ replyFrom: at('12:00', 26) });
    expect(pastTargetAt(settings, wroteAtEnd, at('12:00', 26))).toBeNull();
    expect(pastTargetAt(settings, wroteAtEnd, at('11:00', 26))).toBeNull();
  });

  test('before the first response, the response target counts, not a reply', () => {
    // Answered at 11:00, after the end (10:30): at the end the response was owed, due 10:00.
    const notYet = ticket({ firstResponseAt: at('11:00'), replyFrom: at('11:30') });
    expect(pastTargetAt(settings, notYet, at('10:30'))).toEqual({
      what: 'response',
      due: at('10:00'),
    });
    // At the first response's instant it is not counted as given yet.
    expect(pastTargetAt(settings, notYet, at('11:00'))).toEqual({
      what: 'response',
      due: at('10:00'),
    });
  });

  test('a reply and the resolution both late: one ticket, named by the one due first', () => {
    // Resolution in two business days (Wednesday 18:00); the reply was due Wednesday 09:30.
    const both = ticket({
      replyFrom: at('17:30'),
      sla: { responseMinutes: 60, resolutionMinutes: 2 * 540, aroundTheClock: false },
    });
    expect(pastTargetAt(settings, both, at('12:00', 26))).toEqual({
      what: 'reply',
      due: at('09:30', 25),
    });
    // Resolution in one day (Tuesday 18:00): due before the reply, so it names the ticket.
    const resolutionFirst = ticket({
      replyFrom: at('17:30'),
      sla: { responseMinutes: 60, resolutionMinutes: 540, aroundTheClock: false },
    });
    expect(pastTargetAt(settings, resolutionFirst, at('12:00', 26))).toEqual({
      what: 'resolution',
      due: at('18:00'),
    });
    expect(overdueAt(settings, resolutionFirst, at('12:00', 26))).toBe(true);
  });
});

describe('time zones', () => {
  test("the workspace's zone sets the business day: the same instants, another answer", () => {
    // 17:30 in Shanghai is 09:30 in London: there the reply is due at 10:30 London, 18:30 here.
    const owed = ticket({
      receivedAt: at('16:00'),
      firstResponseAt: at('16:10'),
      replyFrom: at('17:30'),
    });
    const london = inZone('Europe/London');
    expect(pastTargetAt(london, owed, at('18:30'))).toBeNull();
    expect(pastTargetAt(london, owed, at('18:31'))).toEqual({ what: 'reply', due: at('18:30') });
    expect(pastTargetAt(settings, owed, at('18:31'))).toBeNull();
  });

  test('across a DST change (New York, 1 November 2026): due on the Monday by the new offset', () => {
    const newYork = inZone('America/New_York');
    // Friday 30 October 17:30 EDT (UTC-4): 30 minutes that day, 30 on Monday from 09:00 EST.
    const owed = ticket({
      receivedAt: new Date('2026-10-30T13:00:00Z'),
      firstResponseAt: new Date('2026-10-30T13:10:00Z'),
      replyFrom: new Date('2026-10-30T21:30:00Z'),
    });
    const due = new Date('2026-11-02T14:30:00Z'); // Monday 09:30 EST (UTC-5)
    expect(pastTargetAt(newYork, owed, due)).toBeNull();
    expect(pastTargetAt(newYork, owed, later(due, 1))).toEqual({ what: 'reply', due });
    // The weekend, with its extra hour, counts for nothing.
    expect(overdueAt(newYork, owed, new Date('2026-11-02T13:59:00Z'))).toBe(false);
  });
});
