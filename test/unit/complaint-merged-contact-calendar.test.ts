// revland-d F3: a complaint counted in business hours merged into one counted around the clock
// (an urgent ticket with Settings → hours counting urgent tickets around the clock), whose
// contact fell due sooner, leaves the target its contact target on the duplicate's calendar: a
// calendar change (a settings save, calendarTargets) counts the duplicate's business minutes as
// business minutes, never as clock minutes, which would put the due time before now; and the
// reverse (a 24x7 duplicate into a business-hours target).
import { expect, test } from 'vitest';
import { complaintTargets, mergedComplaint } from '../../src/ticket/complaint.js';
import { calendarTargets } from '../../src/ticket/service.js';
import type { ComplaintUrgency, TicketComplaint } from '../../src/ticket/types.js';
import { calendarFromSettings } from '../../src/workspace/calendar.js';
import { defaultSettings, type WorkspaceSettings } from '../../src/workspace/settings.js';

// Asia/Shanghai, Monday-Friday 09:00-18:00; 2026-11-24 is a Tuesday.
const settings: WorkspaceSettings = {
  ...defaultSettings({ locale: 'en', timeZone: 'Asia/Shanghai', admins: [], channels: {} }),
};
const at = (day: number, hhmm: string) =>
  new Date(`2026-11-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);
const slaOf = (aroundTheClock: boolean) => ({
  responseMinutes: 60,
  resolutionMinutes: 72 * 60,
  aroundTheClock,
});

/** A complaint received at `receivedAt`, its targets on its own calendar. */
const ticket = (receivedAt: Date, urgency: ComplaintUrgency, aroundTheClock: boolean) => {
  const t = complaintTargets(
    settings,
    urgency,
    calendarFromSettings(settings, { aroundTheClock }),
    receivedAt,
  );
  const complaint: TicketComplaint = {
    urgency,
    contactDueAt: t.contactDueAt,
    contactMinutes: t.contactMinutes,
    resolutionDueAt: t.resolutionDueAt,
  };
  return { receivedAt, sla: slaOf(aroundTheClock), complaint };
};

// Friday 2026-11-27 made a holiday, saved on Wednesday.
const holiday = {
  ...settings,
  businessHours: { ...settings.businessHours, holidays: ['2026-11-27'] },
};

test("a business-hours duplicate's contact target stays in business hours on a 24x7 target after a calendar change", () => {
  // Tue 10:00, general: 24 business hours, due Thu 16:00.
  const dup = ticket(at(24, '10:00'), 'general', false);
  expect(dup.complaint.contactDueAt).toEqual(at(26, '16:00'));
  // Wed 17:00, general but urgent (24x7): 24 clock hours, due Thu 17:00.
  const target = ticket(at(25, '17:00'), 'general', true);
  const merged = mergedComplaint(target.complaint, dup)!;
  expect(merged.contactDueAt).toEqual(at(26, '16:00'));
  // The save recounts: still Thu 16:00 (a holiday on Friday changes nothing before it), not
  // Wed 10:00 (24 clock hours from Tue 10:00), seven hours before the save.
  const moved = calendarTargets(holiday, { ...target, complaint: merged });
  expect(moved.complaint!.contactDueAt).toEqual(at(26, '16:00'));
});

test("a 24x7 duplicate's contact target stays around the clock on a business-hours target after a calendar change", () => {
  // Wed 20:00, critical and urgent (24x7): 1 clock hour, due Wed 21:00.
  const dup = ticket(at(25, '20:00'), 'critical', true);
  // Thu 09:30, critical in business hours: due Thu 10:30; the duplicate's is sooner.
  const target = ticket(at(26, '09:30'), 'critical', false);
  const merged = mergedComplaint(target.complaint, dup)!;
  expect(merged.contactDueAt).toEqual(at(25, '21:00'));
  // Recounted in business hours it would be Thu 10:00 (the next opening plus an hour).
  const moved = calendarTargets(holiday, { ...target, complaint: merged });
  expect(moved.complaint!.contactDueAt).toEqual(at(25, '21:00'));
});
