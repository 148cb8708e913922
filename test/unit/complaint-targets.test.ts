import { describe, expect, test } from 'vitest';
import { complaintTargets, demandPlanDue, workingDayMinutes } from '../../src/ticket/complaint.js';
import { alertPlan, thresholds } from '../../src/ticket/alerts.js';
import { slaTargets } from '../../src/ticket/rules.js';
import { calendarFromSettings } from '../../src/workspace/calendar.js';
import { defaultSettings, type WorkspaceSettings } from '../../src/workspace/settings.js';

// Asia/Shanghai, Monday-Friday 09:00-18:00; 2026-11-24 is a Tuesday.
const settings: WorkspaceSettings = {
  ...defaultSettings({ locale: 'en', timeZone: 'Asia/Shanghai', admins: [], channels: {} }),
};
const at = (day: number, hhmm: string) =>
  new Date(`2026-11-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);
const cal = calendarFromSettings(settings);

describe('complaint targets (business time on the workspace calendar)', () => {
  const iso = (local: string) => new Date(`${local}:00+08:00`);
  test.each([
    // urgency: contact 1 h / 4 h / 24 h, resolution 24 h / 48 h / 72 h of 9-hour working days
    ['critical', '2026-11-24T11:00', '2026-11-26T16:00'],
    ['urgent', '2026-11-24T14:00', '2026-12-01T13:00'],
    ['general', '2026-11-26T16:00', '2026-12-04T10:00'],
  ] as const)('%s complaint received Tuesday 10:00', (urgency, contact, resolution) => {
    const t = complaintTargets(settings, urgency, cal, at(24, '10:00'));
    expect(t.contactDueAt).toEqual(iso(contact));
    expect(t.resolutionDueAt).toEqual(iso(resolution));
  });

  test('received in the evening: the clock starts at the next opening', () => {
    const t = complaintTargets(settings, 'critical', cal, at(24, '20:00'));
    expect(t.contactDueAt).toEqual(at(25, '10:00'));
  });

  test('a holiday does not count', () => {
    const s = {
      ...settings,
      businessHours: { ...settings.businessHours, holidays: ['2026-11-25'] },
    };
    const t = complaintTargets(s, 'urgent', calendarFromSettings(s), at(24, '17:00'));
    // 1 h on Tuesday, Wednesday is a holiday, 3 h on Thursday
    expect(t.contactDueAt).toEqual(at(26, '12:00'));
  });

  test('the workspace sets its own targets', () => {
    const s = {
      ...settings,
      complaints: {
        ...settings.complaints,
        contactMinutes: { ...settings.complaints.contactMinutes, critical: 30 },
      },
    };
    expect(complaintTargets(s, 'critical', cal, at(24, '10:00')).contactDueAt).toEqual(
      at(24, '10:30'),
    );
  });
});

describe('demand plan target (working days)', () => {
  test('3 working days: Tuesday 10:00 gives Friday 10:00', () => {
    expect(workingDayMinutes(settings)).toBe(540);
    expect(demandPlanDue(settings, cal, at(24, '10:00'))).toEqual(at(27, '10:00'));
  });

  test('over a weekend: Thursday 15:00 gives Tuesday 15:00', () => {
    expect(demandPlanDue(settings, cal, at(26, '15:00'))).toEqual(
      new Date('2026-12-01T15:00:00+08:00'),
    );
  });

  test('split shifts count their windows', () => {
    const s = {
      ...settings,
      businessHours: {
        ...settings.businessHours,
        windows: [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '18:00' },
        ],
      },
      demandPlanDays: 1,
    };
    expect(workingDayMinutes(s)).toBe(480);
    expect(demandPlanDue(s, calendarFromSettings(s), at(24, '10:00'))).toEqual(at(25, '10:00'));
  });
});

describe('contact and plan alerts', () => {
  const base = {
    status: 'assigned' as const,
    receivedAt: at(24, '10:00'),
    pauses: [],
    sla: slaTargets(settings, 'urgent', 'key'),
    level: 2 as const,
    severity: 'urgent' as const,
    customerTier: 'key' as const,
    firstResponseAt: at(24, '10:05'),
  };
  const complaint = {
    urgency: 'critical' as const,
    contactDueAt: at(24, '11:00'),
    resolutionDueAt: at(26, '16:00'),
  };

  test('a contact breach just after the contact due time, once, none once contacted', () => {
    expect(
      thresholds({ ...base, complaint }, settings, cal, at(24, '10:10')).contactBreach,
    ).toEqual(new Date(at(24, '11:00').getTime() + 1));
    expect(
      thresholds(
        { ...base, complaint, alerts: { contactBreach: at(24, '11:01') } },
        settings,
        cal,
        at(24, '11:05'),
      ).contactBreach,
    ).toBeUndefined();
    expect(
      thresholds(
        { ...base, complaint: { ...complaint, contactedAt: at(24, '10:50') } },
        settings,
        cal,
        at(24, '10:55'),
      ).contactBreach,
    ).toBeUndefined();
  });

  test('a plan breach after the plan due time, none once planned', () => {
    const demand = { planDueAt: at(27, '10:00') };
    const plan = alertPlan({ ...base, demand }, settings, cal, cal, at(27, '10:01'));
    expect(plan.due).toContain('planBreach');
    expect(
      thresholds(
        { ...base, demand: { ...demand, plannedAt: at(26, '09:00') } },
        settings,
        cal,
        at(27, '10:01'),
      ).planBreach,
    ).toBeUndefined();
  });
});
