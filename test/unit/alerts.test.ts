import { describe, expect, test } from 'vitest';
import { calendarFromSettings } from '../../src/workspace/calendar.js';
import { alertPlan, alertThresholds, marksKept, thresholds } from '../../src/ticket/alerts.js';
import { ticketCalendar } from '../../src/ticket/clock.js';
import { slaTargets } from '../../src/ticket/rules.js';
import type { Tier } from '../../src/customer/types.js';
import type { AlertKind, Severity, TicketRecord, TicketStatus } from '../../src/ticket/types.js';
import { defaultSettings, type WorkspaceSettings } from '../../src/workspace/settings.js';

// Calendar: Asia/Shanghai, Monday-Friday 09:00-18:00 (540 business minutes a day), the defaults.
// Dates (2026): Mon 2 Mar, Tue 3, Wed 4, Fri 6, Sat 7, Mon 9, Wed 11, Mon 16, Wed 18 Mar.
// A general ticket of a normal-tier customer: first response 480 min, resolution 4,320 min
// (8 business days); warnings at 75 % (360 and 3,240 min); a breach 1 ms after the due time.

/** A local time in Shanghai (+08:00). */
const at = (local: string) => new Date(`${local}+08:00`);

const settings = defaultSettings({
  locale: 'en',
  timeZone: 'Asia/Shanghai',
  admins: [],
  channels: {},
});
const withSla = (sla: Partial<WorkspaceSettings['sla']>): WorkspaceSettings => ({
  ...settings,
  sla: { ...settings.sla, ...sla },
});

interface TicketSpec {
  received?: string;
  severity?: Severity;
  status?: TicketStatus;
  level?: 1 | 2 | 3;
  firstResponse?: string;
  alerts?: Partial<Record<AlertKind, string>>;
  pauses?: [string, string][];
  settings?: WorkspaceSettings;
  /** The customer's value tier as the ticket keeps it: key unless said (L3 is for key and up). */
  tier?: Tier;
}

/** A ticket of a normal-tier customer as the repository returns it; times are Shanghai local. */
function ticket(spec: TicketSpec = {}): TicketRecord {
  const severity = spec.severity ?? 'general';
  const receivedAt = at(spec.received ?? '2026-03-02T09:00');
  return {
    id: '65f0c0ffee0000000000000b',
    teamId: 'T0123ABCD',
    number: 'T20260001',
    customerId: '65f0c0ffee0000000000000a',
    customerCode: 'C2026001',
    customerName: 'Acme Trading',
    customerTier: spec.tier ?? 'key',
    accountManagerId: 'U0AM',
    type: 'after_sales',
    severity,
    channel: 'phone',
    title: 'ERP export fails',
    description: 'Every export ends with error 500.',
    submissionId: 'V0123VIEW',
    receivedAt,
    createdBy: 'U0AGENT',
    status: spec.status ?? 'assigned',
    level: spec.level ?? 1,
    assigneeId: 'U0AGENT',
    firstAssigneeId: 'U0AGENT',
    sla: slaTargets(spec.settings ?? settings, severity, 'normal'),
    pauses: (spec.pauses ?? []).map(([from, to]) => ({ from: at(from), to: at(to) })),
    ...(spec.firstResponse ? { firstResponseAt: at(spec.firstResponse) } : {}),
    metrics: { escalations: 0, reassignments: 0, reopenCount: 0 },
    card: { pending: false, channel: 'C0TRIAGE', ts: '1712345678.000100' },
    accountManagerNotified: true,
    timeline: [],
    alerts: Object.fromEntries(
      Object.entries(spec.alerts ?? {}).map(([kind, sent]) => [kind, at(sent)]),
    ),
    version: 1,
    createdAt: receivedAt,
    updatedAt: receivedAt,
  };
}

/** The ticket's own calendar (24x7 for urgent tickets when the workspace says so). */
const calendarOf = (t: TicketRecord, s: WorkspaceSettings) => ticketCalendar(s, t);

const thresholdsOf = (spec: TicketSpec, now: string) => {
  const s = spec.settings ?? settings;
  const t = ticket(spec);
  return thresholds(t, s, calendarOf(t, s), at(now));
};

const planOf = (spec: TicketSpec, now: string) => {
  const s = spec.settings ?? settings;
  const t = ticket(spec);
  return alertPlan(t, s, calendarOf(t, s), calendarFromSettings(s), at(now));
};

/** Expected thresholds, Shanghai local (`...:00.001` is a breach just after its due time). */
const times = (local: Partial<Record<AlertKind, string>>) =>
  Object.fromEntries(Object.entries(local).map(([kind, time]) => [kind, at(time)]));

/** Every response alert and the first escalation of a Monday 09:00 ticket, as sent. */
const responseAlertsSent = {
  responseWarn: '2026-03-02T15:00',
  responseBreach: '2026-03-02T17:00:00.001',
  escalateL2: '2026-03-02T17:00:00.001',
};

describe('thresholds', () => {
  test.each<[string, TicketSpec, string, Partial<Record<AlertKind, string>>]>([
    [
      'a new general ticket received Monday 09:00',
      { status: 'new' },
      '2026-03-02T09:00',
      {
        responseWarn: '2026-03-02T15:00',
        responseBreach: '2026-03-02T17:00:00.001',
        resolutionWarn: '2026-03-09T18:00',
        resolutionBreach: '2026-03-11T18:00:00.001',
        escalateL2: '2026-03-02T17:00:00.001',
      },
    ],
    [
      'received Friday 16:00: the weekend does not count',
      { received: '2026-03-06T16:00' },
      '2026-03-06T16:00',
      {
        responseWarn: '2026-03-09T13:00',
        responseBreach: '2026-03-09T15:00:00.001',
        resolutionWarn: '2026-03-16T16:00',
        resolutionBreach: '2026-03-18T16:00:00.001',
        escalateL2: '2026-03-09T15:00:00.001',
      },
    ],
    [
      'received Saturday: the clock starts Monday 09:00',
      { received: '2026-03-07T10:00' },
      '2026-03-07T10:00',
      {
        responseWarn: '2026-03-09T15:00',
        responseBreach: '2026-03-09T17:00:00.001',
        resolutionWarn: '2026-03-16T18:00',
        resolutionBreach: '2026-03-18T18:00:00.001',
        escalateL2: '2026-03-09T17:00:00.001',
      },
    ],
    [
      'two hours waiting on the customer push everything out',
      { pauses: [['2026-03-02T10:00', '2026-03-02T12:00']] },
      '2026-03-02T13:00',
      {
        responseWarn: '2026-03-02T17:00',
        responseBreach: '2026-03-03T10:00:00.001',
        resolutionWarn: '2026-03-10T11:00',
        resolutionBreach: '2026-03-12T11:00:00.001',
        escalateL2: '2026-03-03T10:00:00.001',
      },
    ],
    [
      'an urgent ticket: 120 min to respond',
      { severity: 'urgent' },
      '2026-03-02T09:00',
      {
        responseWarn: '2026-03-02T10:30',
        responseBreach: '2026-03-02T11:00:00.001',
        resolutionWarn: '2026-03-09T18:00',
        resolutionBreach: '2026-03-11T18:00:00.001',
        escalateL2: '2026-03-02T11:00:00.001',
      },
    ],
    [
      'responded: no response alerts, L2 at the resolution breach',
      { firstResponse: '2026-03-02T10:00' },
      '2026-03-02T10:00',
      {
        resolutionWarn: '2026-03-09T18:00',
        resolutionBreach: '2026-03-11T18:00:00.001',
        escalateL2: '2026-03-11T18:00:00.001',
      },
    ],
    [
      'alerts already sent are not planned again',
      { alerts: { responseWarn: '2026-03-02T15:00', resolutionWarn: '2026-03-09T18:00' } },
      '2026-03-09T18:00',
      {
        responseBreach: '2026-03-02T17:00:00.001',
        resolutionBreach: '2026-03-11T18:00:00.001',
        escalateL2: '2026-03-02T17:00:00.001',
      },
    ],
    [
      'level 2: L3 240 business minutes after L2 was sent',
      { level: 2, alerts: responseAlertsSent },
      '2026-03-02T17:00:00.001',
      {
        resolutionWarn: '2026-03-09T18:00',
        resolutionBreach: '2026-03-11T18:00:00.001',
        escalateL3: '2026-03-03T12:00:00.001',
      },
    ],
    [
      'level 2, a normal-tier customer: no L3 (its top level is L2)',
      { level: 2, alerts: responseAlertsSent, tier: 'normal' },
      '2026-03-02T17:00:00.001',
      {
        resolutionWarn: '2026-03-09T18:00',
        resolutionBreach: '2026-03-11T18:00:00.001',
      },
    ],
    [
      'level 2: L2 sent late (the desk was down), L3 counts from when it was sent',
      { level: 2, alerts: { ...responseAlertsSent, escalateL2: '2026-03-03T10:00' } },
      '2026-03-03T10:00',
      {
        resolutionWarn: '2026-03-09T18:00',
        resolutionBreach: '2026-03-11T18:00:00.001',
        escalateL3: '2026-03-03T14:00',
      },
    ],
    [
      'level 2: an hour waiting on the customer after L2 does not count',
      { level: 2, alerts: responseAlertsSent, pauses: [['2026-03-03T09:00', '2026-03-03T10:00']] },
      '2026-03-03T10:00',
      {
        resolutionWarn: '2026-03-10T10:00',
        resolutionBreach: '2026-03-12T10:00:00.001',
        escalateL3: '2026-03-03T13:00:00.001',
      },
    ],
    [
      'level 2: a pause before L2 was sent does not delay L3',
      {
        level: 2,
        // Warned and breached an hour later than without the pause (a mark is made at or after
        // its threshold: `markStands`).
        alerts: {
          responseWarn: '2026-03-02T16:00',
          responseBreach: '2026-03-02T18:00:00.001',
          escalateL2: '2026-03-03T09:00',
        },
        pauses: [['2026-03-02T10:00', '2026-03-02T11:00']],
      },
      '2026-03-03T09:00',
      {
        resolutionWarn: '2026-03-10T10:00',
        resolutionBreach: '2026-03-12T10:00:00.001',
        escalateL3: '2026-03-03T13:00',
      },
    ],
    [
      'level 2 on the response breach, then responded: L3 counted from the resolution breach',
      { level: 2, firstResponse: '2026-03-02T17:30', alerts: responseAlertsSent },
      '2026-03-02T17:30',
      {
        resolutionWarn: '2026-03-09T18:00',
        resolutionBreach: '2026-03-11T18:00:00.001',
        escalateL3: '2026-03-12T13:00',
      },
    ],
    [
      'level 2 by hand before any breach: L3 240 minutes after the first breach',
      { level: 2 },
      '2026-03-02T10:00',
      {
        responseWarn: '2026-03-02T15:00',
        responseBreach: '2026-03-02T17:00:00.001',
        resolutionWarn: '2026-03-09T18:00',
        resolutionBreach: '2026-03-11T18:00:00.001',
        escalateL3: '2026-03-03T12:00:00.001',
      },
    ],
    [
      'level 3: no escalation left',
      { level: 3, alerts: { ...responseAlertsSent, escalateL3: '2026-03-03T12:00:00.001' } },
      '2026-03-03T12:00:00.001',
      { resolutionWarn: '2026-03-09T18:00', resolutionBreach: '2026-03-11T18:00:00.001' },
    ],
    [
      'auto-escalation off',
      { settings: withSla({ autoEscalate: false }) },
      '2026-03-02T09:00',
      {
        responseWarn: '2026-03-02T15:00',
        responseBreach: '2026-03-02T17:00:00.001',
        resolutionWarn: '2026-03-09T18:00',
        resolutionBreach: '2026-03-11T18:00:00.001',
      },
    ],
    [
      'auto-escalation off at level 2',
      { level: 2, settings: withSla({ autoEscalate: false }), alerts: responseAlertsSent },
      '2026-03-02T17:00:00.001',
      { resolutionWarn: '2026-03-09T18:00', resolutionBreach: '2026-03-11T18:00:00.001' },
    ],
    [
      'L3 after 60 minutes and warnings at 50 %',
      { level: 2, settings: withSla({ l3AfterMinutes: 60, warnAtFraction: 0.5 }) },
      '2026-03-02T09:00',
      {
        responseWarn: '2026-03-02T13:00',
        responseBreach: '2026-03-02T17:00:00.001',
        resolutionWarn: '2026-03-05T18:00',
        resolutionBreach: '2026-03-11T18:00:00.001',
        escalateL3: '2026-03-03T09:00:00.001',
      },
    ],
  ])('%s', (_name, spec, now, expected) => {
    expect(thresholdsOf(spec, now)).toEqual(times(expected));
  });

  test.each<TicketStatus>(['waiting', 'resolved', 'closed'])('a %s ticket has none', (status) => {
    expect(thresholdsOf({ status }, '2026-03-20T10:00')).toEqual({});
  });
});

describe('alertPlan', () => {
  test.each<[string, TicketSpec, string, AlertKind[], string | undefined]>([
    ['at intake: nothing yet', { status: 'new' }, '2026-03-02T09:00', [], '2026-03-02T15:00'],
    ['just before 75 %', { status: 'new' }, '2026-03-02T14:59:59.999', [], '2026-03-02T15:00'],
    [
      'at 75 %: the response warning',
      { status: 'new' },
      '2026-03-02T15:00',
      ['responseWarn'],
      '2026-03-02T17:00:00.001',
    ],
    [
      'at exactly 100 % there is no breach yet',
      { alerts: { responseWarn: '2026-03-02T15:00' } },
      '2026-03-02T17:00',
      [],
      '2026-03-02T17:00:00.001',
    ],
    [
      'just after 100 %: breach and escalation, most urgent first',
      { alerts: { responseWarn: '2026-03-02T15:00' } },
      '2026-03-02T17:00:00.001',
      ['responseBreach', 'escalateL2'],
      '2026-03-09T18:00',
    ],
    [
      'a sweep that missed the warning sees both crossed',
      {},
      '2026-03-02T17:30',
      ['responseBreach', 'escalateL2', 'responseWarn'],
      '2026-03-09T18:00',
    ],
    [
      'responded: nothing about the response, even late',
      { firstResponse: '2026-03-02T17:10' },
      '2026-03-02T17:30',
      [],
      '2026-03-09T18:00',
    ],
    [
      'level 2: L3 when its time comes',
      { level: 2, alerts: responseAlertsSent },
      '2026-03-03T12:00:00.001',
      ['escalateL3'],
      '2026-03-09T18:00',
    ],
    [
      'level 2: L3 is the next look',
      { level: 2, alerts: responseAlertsSent },
      '2026-03-03T10:00',
      [],
      '2026-03-03T12:00:00.001',
    ],
    [
      'auto-escalation off: breach alone',
      { settings: withSla({ autoEscalate: false }), alerts: { responseWarn: '2026-03-02T15:00' } },
      '2026-03-02T17:30',
      ['responseBreach'],
      '2026-03-09T18:00',
    ],
    [
      'level 2, responded: the resolution breach, L3 counted from it',
      {
        firstResponse: '2026-03-02T10:00',
        level: 2,
        alerts: { resolutionWarn: '2026-03-09T18:00' },
      },
      '2026-03-12T09:30',
      ['resolutionBreach'],
      '2026-03-12T13:00',
    ],
    [
      'level 2 after the resolution breach: L3 240 business minutes later',
      {
        firstResponse: '2026-03-02T10:00',
        level: 2,
        alerts: { resolutionWarn: '2026-03-09T18:00', resolutionBreach: '2026-03-12T09:00' },
      },
      '2026-03-12T13:00',
      ['escalateL3'],
      undefined,
    ],
    [
      'everything sent: nothing left to look at',
      {
        level: 3,
        alerts: {
          ...responseAlertsSent,
          escalateL3: '2026-03-03T12:00:00.001',
          resolutionWarn: '2026-03-09T18:00',
          resolutionBreach: '2026-03-11T18:00:00.001',
        },
      },
      '2026-03-12T10:00',
      [],
      undefined,
    ],
  ])('%s', (_name, spec, now, due, nextAt) => {
    expect(planOf(spec, now)).toEqual({ due, ...(nextAt ? { nextAt: at(nextAt) } : {}) });
  });

  test.each<TicketStatus>(['waiting', 'resolved', 'closed'])(
    'a %s ticket plans nothing, however late',
    (status) => {
      expect(planOf({ status }, '2026-03-20T10:00')).toEqual({ due: [] });
    },
  );
});

describe('alertPlan outside business hours', () => {
  const urgent24x7 = withSla({ urgentAroundTheClock: true });

  test.each<[string, TicketSpec, string, AlertKind[], string]>([
    [
      'Monday evening: a general breach waits for Tuesday 09:00',
      {},
      '2026-03-02T20:00',
      [],
      '2026-03-03T09:00',
    ],
    ['Saturday: it waits for Monday 09:00', {}, '2026-03-07T12:00', [], '2026-03-09T09:00'],
    [
      'a holiday on Tuesday: it waits for Wednesday',
      {
        settings: {
          ...settings,
          businessHours: { ...settings.businessHours, holidays: ['2026-03-03'] },
        },
      },
      '2026-03-02T20:00',
      [],
      '2026-03-04T09:00',
    ],
    [
      'an urgent breach goes out at once; its warning waits',
      { severity: 'urgent' },
      '2026-03-02T20:00',
      ['responseBreach', 'escalateL2'],
      '2026-03-03T09:00',
    ],
    [
      'an urgent breach waits too when urgentBreachesAnyTime is off',
      { severity: 'urgent', settings: withSla({ urgentBreachesAnyTime: false }) },
      '2026-03-02T20:00',
      [],
      '2026-03-03T09:00',
    ],
    [
      'a 24x7 urgent ticket breaching in the evening: the breach at once',
      {
        severity: 'urgent',
        received: '2026-03-02T17:00',
        settings: urgent24x7,
        alerts: { responseWarn: '2026-03-02T18:30' },
      },
      '2026-03-02T19:00:00.001',
      ['responseBreach', 'escalateL2'],
      '2026-03-04T23:00',
    ],
    [
      'a 24x7 urgent ticket: its warning in the evening waits for the morning',
      { severity: 'urgent', received: '2026-03-02T17:00', settings: urgent24x7 },
      '2026-03-02T18:30',
      [],
      '2026-03-02T19:00:00.001',
    ],
    [
      'nothing crossed: the next threshold, not the opening',
      { received: '2026-03-02T17:30' },
      '2026-03-02T20:00',
      [],
      '2026-03-03T14:30',
    ],
  ])('%s', (_name, spec, now, due, nextAt) => {
    expect(planOf(spec, now)).toEqual({ due, nextAt: at(nextAt) });
  });
});

describe('marks under an earlier due time', () => {
  // Warned at 15:00 and breached at 17:00 (the response due 17:00); then the response target
  // settingsned to 16 business hours (due Tuesday 16:00, warning Tuesday 12:00), then back.
  const told = { responseWarn: '2026-03-02T15:00:30', responseBreach: '2026-03-02T17:00:30' };
  const settingsr = (t: TicketRecord): TicketRecord => ({
    ...t,
    sla: { ...t.sla, responseMinutes: 960 },
  });

  test('a due time moved later: the marks no longer stand, and the new warning and breach are alerted at their times', () => {
    const t = settingsr(ticket({ alerts: told }));
    expect(thresholds(t, settings, calendarOf(t, settings), at('2026-03-02T18:00'))).toMatchObject(
      times({ responseWarn: '2026-03-03T12:00', responseBreach: '2026-03-03T16:00:00.001' }),
    );
  });

  test('moved back: the same marks stand again, nothing is alerted twice', () => {
    expect(thresholdsOf({ alerts: told }, '2026-03-02T18:10')).not.toHaveProperty('responseWarn');
    expect(thresholdsOf({ alerts: told }, '2026-03-02T18:10')).not.toHaveProperty('responseBreach');
  });

  test('moved later but still past: the marks that stood are kept (dated anew by the write); a mark that did not stand is not', () => {
    const before = ticket({ alerts: told });
    const beforeThresholds = alertThresholds(
      before,
      settings,
      calendarOf(before, settings),
      at('2026-03-03T17:00'),
    );
    const after = settingsr(before);
    const now = at('2026-03-03T17:00'); // past the new due time, Tuesday 16:00
    expect(marksKept(after, settings, calendarOf(after, settings), now, beforeThresholds)).toEqual([
      'responseWarn',
      'responseBreach',
    ]);
    // Without what the ticket had before (intake, a backfill), nothing is kept.
    expect(marksKept(after, settings, calendarOf(after, settings), now, undefined)).toEqual([]);
    // Its due time had moved later already (marks no longer standing, their alerts still owed):
    // moved later again, still past, they are not kept, so the sweep still alerts them.
    const stale = settingsr(before);
    const staleThresholds = alertThresholds(stale, settings, calendarOf(stale, settings), now);
    const later = { ...stale, sla: { ...stale.sla, responseMinutes: 1000 } };
    expect(marksKept(later, settings, calendarOf(later, settings), now, staleThresholds)).toEqual(
      [],
    );
  });
});
