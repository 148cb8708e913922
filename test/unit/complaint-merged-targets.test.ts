// complaint F1: a complaint merged into a later one leaves it the sooner contact and resolution
// due times, and the contact one is counted from the duplicate's receipt from then on, so a
// holiday added later moves it as the duplicate's own would have moved (not back to the
// target's receipt).
import { expect, test } from 'vitest';
import { complaintTargets, mergedComplaint } from '../../src/ticket/complaint.js';
import { calendarTargets } from '../../src/ticket/service.js';
import type { TicketComplaint } from '../../src/ticket/types.js';
import { calendarFromSettings } from '../../src/workspace/calendar.js';
import { defaultSettings, type WorkspaceSettings } from '../../src/workspace/settings.js';

// Asia/Shanghai, Monday-Friday 09:00-18:00; 2026-11-24 is a Tuesday.
const settings: WorkspaceSettings = {
  ...defaultSettings({ locale: 'en', timeZone: 'Asia/Shanghai', admins: [], channels: {} }),
};
const at = (day: number, hhmm: string) =>
  new Date(`2026-11-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);
const cal = calendarFromSettings(settings);

const sla = { responseMinutes: 240, resolutionMinutes: 72 * 60, aroundTheClock: false };

const complaint = (receivedAt: Date): TicketComplaint => {
  const t = complaintTargets(settings, 'general', cal, receivedAt);
  return {
    urgency: 'general',
    contactDueAt: t.contactDueAt,
    contactMinutes: t.contactMinutes,
    resolutionDueAt: t.resolutionDueAt,
  };
};

test('the target takes the sooner due times, and a calendar change counts the contact from the duplicate', () => {
  const dup = { receivedAt: at(24, '10:00'), sla, complaint: complaint(at(24, '10:00')) };
  const target = complaint(at(25, '09:30'));
  const merged = mergedComplaint(target, dup)!;
  expect(merged.contactDueAt).toEqual(dup.complaint.contactDueAt);
  expect(merged.resolutionDueAt).toEqual(dup.complaint.resolutionDueAt);
  expect(merged.contactFrom).toEqual(at(24, '10:00'));

  // Wednesday made a holiday: the contact is due a working day later from the duplicate's receipt.
  const s = { ...settings, businessHours: { ...settings.businessHours, holidays: ['2026-11-25'] } };
  const moved = calendarTargets(s, { receivedAt: at(25, '09:30'), sla, complaint: merged });
  expect(moved.complaint!.contactDueAt).toEqual(
    complaintTargets(s, 'general', calendarFromSettings(s), at(24, '10:00')).contactDueAt,
  );
});

test('a duplicate due later leaves the target its own contact due time; a sooner one contacted gives it its own', () => {
  const target = complaint(at(24, '10:00'));
  expect(
    mergedComplaint(target, {
      receivedAt: at(25, '09:30'),
      sla,
      complaint: complaint(at(25, '09:30')),
    }),
  ).toBeUndefined();
  const contacted = { ...complaint(at(23, '10:00')), contactedAt: at(23, '11:00') };
  const merged = mergedComplaint(target, {
    receivedAt: at(23, '10:00'),
    sla,
    complaint: contacted,
  })!;
  // The contact carried from it is judged against the due time it had (revland-d F4).
  expect(merged.contactDueAt).toEqual(contacted.contactDueAt);
  expect(merged.resolutionDueAt).toEqual(contacted.resolutionDueAt);
  // A target contacted already keeps its own.
  const done = { ...target, contactedAt: at(24, '11:00') };
  expect(
    mergedComplaint(done, { receivedAt: at(23, '10:00'), sla, complaint: contacted })!.contactDueAt,
  ).toEqual(target.contactDueAt);
});
