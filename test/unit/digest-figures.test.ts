import { describe, expect, test } from 'vitest';
import {
  lowRiskCustomers,
  median,
  tierMoveCauses,
  tiersOverWindow,
  weekFigures,
} from '../../src/digest/figures.js';
import { translator } from '../../src/i18n/index.js';
import { digestMessage } from '../../src/ui/digest.js';
import { workspaceSettings } from '../helpers/records.js';
import { fields } from '../helpers/ui.js';
import type {
  ChangeFacts,
  CustomerFacts,
  TaskFacts,
  TicketFacts,
  WeekWindow,
} from '../../src/digest/types.js';

/** A local time in Asia/Shanghai (+08:00). */
const at = (local: string) => new Date(`${local}+08:00`);

// Week 2026-W47: Monday 2026-11-16 00:00 .. Monday 2026-11-23 00:00 (exclusive), +08:00.
const window: WeekWindow = {
  week: '2026-W47',
  from: at('2026-11-16T00:00'),
  to: at('2026-11-23T00:00'),
  fromDate: '2026-11-16',
  toDate: '2026-11-23',
};

const tickets: TicketFacts[] = [
  // T1: received last week, resolved exactly at `from` (counts as resolved this week) by UC.
  {
    number: 'T1',
    type: 'consultation',
    status: 'resolved',
    assigneeId: 'UC',
    receivedAt: at('2026-11-10T09:00'),
    firstResponseAt: at('2026-11-10T09:30'),
    resolvedAt: at('2026-11-16T00:00'),
    metrics: {
      firstResponseMinutes: 30,
      responseBreached: false,
      resolutionMinutes: 2400,
      resolutionBreached: false,
    },
  },
  // T2: a complaint received last week, still open and overdue at `to`.
  {
    number: 'T2',
    type: 'complaint',
    status: 'assigned',
    assigneeId: 'UB',
    receivedAt: at('2026-11-12T10:00'),
    firstResponseAt: at('2026-11-12T11:00'),
    metrics: { firstResponseMinutes: 60, responseBreached: false },
    overdueAtEnd: true,
  },
  // T3: complaint opened, answered and resolved this week by UA, at first contact.
  {
    number: 'T3',
    type: 'complaint',
    status: 'resolved',
    assigneeId: 'UA',
    receivedAt: at('2026-11-16T09:00'),
    firstResponseAt: at('2026-11-16T09:20'),
    resolvedAt: at('2026-11-17T11:00'),
    metrics: {
      firstResponseMinutes: 20,
      responseBreached: false,
      resolutionMinutes: 600,
      resolutionBreached: false,
      firstContactResolution: true,
    },
  },
  // T4: late first response, resolved late (> 72h, SLA breached) by UB.
  {
    number: 'T4',
    type: 'consultation',
    status: 'resolved',
    assigneeId: 'UB',
    receivedAt: at('2026-11-17T10:00'),
    firstResponseAt: at('2026-11-17T14:00'),
    resolvedAt: at('2026-11-20T17:00'),
    metrics: {
      firstResponseMinutes: 240,
      responseBreached: true,
      resolutionMinutes: 4500,
      resolutionBreached: true,
      firstContactResolution: false,
    },
  },
  // T5: complaint opened this week, resolved only after `to`: still backlog, not overdue.
  {
    number: 'T5',
    type: 'complaint',
    status: 'resolved',
    assigneeId: 'UA',
    receivedAt: at('2026-11-18T09:00'),
    firstResponseAt: at('2026-11-18T09:45'),
    resolvedAt: at('2026-11-24T10:00'),
    metrics: {
      firstResponseMinutes: 45,
      responseBreached: false,
      resolutionMinutes: 2000,
      resolutionBreached: false,
    },
    overdueAtEnd: false,
  },
  // T6: resolved just before `to` by UA in exactly 72h, yet past its (stricter) SLA.
  {
    number: 'T6',
    type: 'repair',
    status: 'resolved',
    assigneeId: 'UA',
    receivedAt: at('2026-11-19T09:00'),
    firstResponseAt: at('2026-11-19T10:30'),
    resolvedAt: at('2026-11-22T23:00'),
    metrics: {
      firstResponseMinutes: 90,
      responseBreached: false,
      resolutionMinutes: 4320,
      resolutionBreached: true,
      firstContactResolution: false,
    },
  },
  // T7: complaint closed without resolution before `to`: not backlog, not resolved.
  {
    number: 'T7',
    type: 'complaint',
    status: 'closed',
    assigneeId: 'UB',
    receivedAt: at('2026-11-20T09:00'),
    firstResponseAt: at('2026-11-20T09:10'),
    closedAt: at('2026-11-21T12:00'),
    metrics: { firstResponseMinutes: 10, responseBreached: false },
  },
  // T8: complaint received exactly at `to`: belongs to next week.
  {
    number: 'T8',
    type: 'complaint',
    status: 'new',
    receivedAt: at('2026-11-23T00:00'),
    metrics: {},
    overdueAtEnd: true,
  },
  // T9: opened this week, never answered, overdue at `to`.
  {
    number: 'T9',
    type: 'consultation',
    status: 'new',
    receivedAt: at('2026-11-21T15:00'),
    metrics: {},
    overdueAtEnd: true,
  },
  // T10: old, resolved and closed before the week: nowhere.
  {
    number: 'T10',
    type: 'consultation',
    status: 'closed',
    assigneeId: 'UA',
    receivedAt: at('2026-11-05T09:00'),
    firstResponseAt: at('2026-11-05T09:30'),
    resolvedAt: at('2026-11-08T10:00'),
    closedAt: at('2026-11-15T10:00'),
    metrics: {
      firstResponseMinutes: 30,
      resolutionMinutes: 900,
      resolutionBreached: false,
      firstContactResolution: true,
    },
  },
];

const tasks: TaskFacts[] = [
  // K1: revisit due 11-17, done that day by UB, rates UA 5/5, NPS 10.
  {
    kind: 'revisit',
    status: 'done',
    dueDate: '2026-11-17',
    doneAt: at('2026-11-17T15:00'),
    doneDate: '2026-11-17',
    agentId: 'UA',
    doneBy: 'UB',
    satisfaction: 5,
    nps: 10,
  },
  // K2: revisit due 11-18, done late on 11-19 by UB, rates UB 3/5, NPS 6.
  {
    kind: 'revisit',
    status: 'done',
    dueDate: '2026-11-18',
    doneAt: at('2026-11-19T10:00'),
    doneDate: '2026-11-19',
    agentId: 'UB',
    doneBy: 'UB',
    satisfaction: 3,
    nps: 6,
  },
  // K3: cancelled guide due this week: not due.
  { kind: 'guide', status: 'cancelled', dueDate: '2026-11-20' },
  // K3b: revisit due this week, closed as "customer not reached": not due, counted apart. A
  // survey so closed is no 3-7-30 follow-up: not counted.
  { kind: 'revisit', status: 'cancelled', dueDate: '2026-11-19', cancelReason: 'not_reached' },
  { kind: 'survey', status: 'cancelled', dueDate: '2026-11-19', cancelReason: 'not_reached' },
  // K4: check-in due 11-22, still open.
  { kind: 'checkin', status: 'open', dueDate: '2026-11-22' },
  // K5: revisit due last week, done this week: its rating counts, it is not due this week.
  {
    kind: 'revisit',
    status: 'done',
    dueDate: '2026-11-13',
    doneAt: at('2026-11-16T10:00'),
    doneDate: '2026-11-16',
    agentId: 'UA',
    satisfaction: 5,
    nps: 8,
  },
  // K6: care call (not a 3-7-30 follow-up) done this week with an NPS only.
  {
    kind: 'care',
    status: 'done',
    dueDate: '2026-11-19',
    doneAt: at('2026-11-19T16:00'),
    doneDate: '2026-11-19',
    nps: 9,
  },
  // K7: revisit due on toDate, done after `to` (by UA): nowhere.
  {
    kind: 'revisit',
    status: 'done',
    dueDate: '2026-11-23',
    doneAt: at('2026-11-23T09:00'),
    doneDate: '2026-11-23',
    agentId: 'UA',
    doneBy: 'UA',
    satisfaction: 1,
    nps: 0,
  },
  // K8: check-in due 11-21, done early on 11-20 by UD (who handled no ticket), no ratings.
  {
    kind: 'checkin',
    status: 'done',
    dueDate: '2026-11-21',
    doneAt: at('2026-11-20T11:00'),
    doneDate: '2026-11-20',
    doneBy: 'UD',
  },
  // K9: the account manager's recovery call after UB's low survey score, done this week with
  // scores typed in: not a 3-7-30 follow-up either.
  {
    kind: 'recovery',
    status: 'done',
    dueDate: '2026-11-20',
    doneAt: at('2026-11-20T15:00'),
    doneDate: '2026-11-20',
    agentId: 'UB',
    doneBy: 'UA',
    satisfaction: 1,
    nps: 0,
  },
];

const customers: CustomerFacts[] = [
  // C1: long-standing, moved up key -> strategic this week.
  { id: 'C1', tier: 'strategic', lifecycle: 'active', createdAt: at('2025-01-01T10:00') },
  // C2: churned before the week (11-02).
  { id: 'C2', tier: 'key', lifecycle: 'churned', createdAt: at('2025-03-01T10:00') },
  // C3: active at `from`, warned 11-17, churned 11-20; moved down key -> normal 11-19.
  { id: 'C3', tier: 'normal', lifecycle: 'churned', createdAt: at('2025-06-01T10:00') },
  // C4: created this week.
  { id: 'C4', tier: 'normal', lifecycle: 'active', createdAt: at('2026-11-18T14:00') },
  // C5: created exactly at `to`: next week.
  { id: 'C5', tier: 'key', lifecycle: 'prospect', createdAt: at('2026-11-23T00:00') },
  // C6: active at `from`, warned 11-21; moved up normal -> key last week.
  { id: 'C6', tier: 'key', lifecycle: 'churn_warning', createdAt: at('2026-02-01T10:00') },
  // C7: churned at `from`, won back 11-19 (currently active).
  { id: 'C7', tier: 'normal', lifecycle: 'active', createdAt: at('2026-01-01T10:00') },
];

const change = (
  customerId: string,
  field: string,
  oldValue: unknown,
  newValue: unknown,
  when: string,
): ChangeFacts => ({
  customerId,
  field,
  oldValue,
  newValue,
  at: at(when),
});

const changes: ChangeFacts[] = [
  change('C2', 'lifecycle', 'active', 'churned', '2026-11-02T10:00'),
  change('C6', 'tier', 'normal', 'key', '2026-11-10T10:00'),
  change('C7', 'lifecycle', 'active', 'churned', '2026-10-01T10:00'),
  change('C3', 'lifecycle', 'active', 'churn_warning', '2026-11-17T10:00'),
  change('C1', 'tier', 'key', 'strategic', '2026-11-18T10:00'),
  change('C3', 'tier', 'key', 'normal', '2026-11-19T10:00'),
  change('C7', 'lifecycle', 'churned', 'active', '2026-11-19T12:00'),
  change('C1', 'name', 'Acme', 'Acme Ltd', '2026-11-19T13:00'),
  change('C3', 'lifecycle', 'churn_warning', 'churned', '2026-11-20T10:00'),
  change('C6', 'lifecycle', 'active', 'churn_warning', '2026-11-21T10:00'),
];

describe('weekly digest figures', () => {
  test('a hand-built week', () => {
    expect(weekFigures({ window, tickets, tasks, customers, changes })).toEqual({
      // receivedAt in week: T3, T4, T5, T6, T7, T9 -> 6 (T1, T2, T10 before; T8 at `to`)
      opened: 6,
      // by type: T4, T9 consultations; T3, T5, T7 complaints; T6 a 'repair', no type the desk
      // knows (in Opened only)
      openedByType: { consultation: 2, complaint: 3, after_sales: 0, demand: 0, other: 0 },
      // resolvedAt in week: T1 (at `from`), T3, T4, T6 -> 4 (T10 before; T5 after `to`)
      resolved: 4,
      // received before `to`, neither resolved nor closed before `to`: T2, T5, T9 -> 3
      // (T7 closed 11-21; T8 received at `to`)
      backlog: 3,
      // backlog with overdueAtEnd: T2, T9 -> 2 (T5 false)
      overdue: 2,
      // firstResponseAt in week: T3, T4, T5, T6, T7 -> 5 (T1, T2, T10 before)
      responded: 5,
      // not breached: all but T4 -> 4/5
      responseOnTime: 4 / 5,
      // <= 4320 min: T1 (2400), T3 (600), T6 (4320); not T4 (4500) -> 3/4
      resolvedWithin72h: 3 / 4,
      // not breached: T1, T3; not T4, T6 -> 2/4
      resolvedWithinSla: 2 / 4,
      nextReplies: 0,
      nextRepliesInTime: 0,
      nextReplyOnTime: null,
      // === true: T3 only (T1 missing, T4 and T6 false) -> 1/4
      firstContactResolution: 1 / 4,
      // T3 20, T4 240, T5 45, T6 90, T7 10 -> sorted 10 20 [45] 90 240 -> 45
      medianFirstResponseMinutes: 45,
      // T1 2400, T3 600, T4 4500, T6 4320 -> sorted 600 [2400 4320] 4500 -> 3360
      medianResolutionMinutes: 3360,
      // opened complaints: T3, T5, T7 -> 3 (T2 before the week, T8 at `to`)
      complaints: 3,
      // No customers on these facts, no complaint facts: rate per customer unknown.
      complaintRate: null,
      complaintsPer100: 50,
      openComplaints: 2,
      complaintBreaches: 0,
      complaintsNotReached: 0,
      repeatComplaints: 0,
      // follow-ups done in week with satisfaction: K1 5, K2 3, K5 5 (K7 done after `to`; K9 is
      // a recovery call) -> avg 13/3 = 4.333.. * 20 = 86.666.. -> 86.7
      satisfaction: 86.7,
      satisfactionResponses: 3,
      // no ticket here carries a requester's survey
      customerSatisfaction: null,
      customerSatisfactionResponses: 0,
      customerNps: null,
      customerNpsResponses: 0,
      surveysSent: 0,
      surveyResponseRate: null,
      // 5s: K1, K5 -> 2/3
      verySatisfiedShare: 2 / 3,
      // follow-ups done in week with nps: K1 10 (P), K2 6 (D), K5 8 (passive) -> 0
      // (K6's 9 on a care call and K9's 0 on a recovery call rate no resolution)
      nps: 0,
      npsResponses: 3,
      // revisit|guide|checkin due 11-16..11-22, not cancelled: K1, K2, K4, K8 -> 4
      // (K3, K3b cancelled, K5 due before, K6 is care, K7 due on toDate, K9 is recovery)
      revisitsDue: 4,
      // done by due date: K1 (17 <= 17), K8 (20 <= 21); K2 late, K4 open -> 2/4
      revisitsOnTime: 2 / 4,
      // K3b (K3 was cancelled by the desk's rules; the survey is no follow-up)
      followUpsNotReached: 1,
      followUpsMoved: 0,
      // createdAt < `to` (not C5), neither prospect nor churned at `to` (not C2, C3):
      // strategic C1; key C6 (churn warning is still a customer); normal C4, C7 (won back)
      byTier: { strategic: 1, key: 1, normal: 2 },
      // the one prospect, C5, was created at `to`: not yet a lead of the week
      prospects: 0,
      // in week: C1 key -> strategic (C6's normal -> key was last week)
      tierUps: 1,
      // in week: C3 key -> normal
      tierDowns: 1,
      // createdAt in week: C4 (C5 at `to`)
      newCustomers: 1,
      lateRecords: 0,
      loggedLate: 0,
      upgradeIntents: 0,
      upgradeIntentsDone: 0,
      // -> churn_warning in week: C3 (11-17), C6 (11-21)
      churnWarnings: 2,
      // -> churned in week: C3 (11-20)
      churned: 1,
      // created before `from`: C1, C2, C3, C6, C7. Lifecycle at `from`:
      // C1 active (no changes); C2 churned (no change after `from`, current churned);
      // C3 active (old value of 11-17 change); C6 active (11-21); C7 churned (old value of 11-19).
      // base C1, C3, C6 = 3; lost C3 = 1 -> (3 - 1) / 3
      retention: 2 / 3,
      // resolved in week: UA T3, T6; UB T4; UC T1. UB before UC on the tie; UD resolved
      // nothing, did a follow-up. First answered in week (credited to the assignee): UA T3, T5,
      // T6; UB T4 (late), T7 (not T2, answered last week); UC none (T1 last week).
      perAgent: [
        // onTime: T3 yes, T6 breached -> 1/2; satisfaction K1 5, K5 5 -> 100 (K7 after `to`);
        // FCR T3 of T3, T6; handling median of 600 and 4320; follow-ups: K7 after `to`, K9 a
        // recovery call
        {
          agentId: 'UA',
          handled: 2,
          onTime: 1 / 2,
          satisfaction: 100,
          responded: 3,
          responseOnTime: 1,
          firstContactResolution: 1 / 2,
          medianHandlingMinutes: 2460,
          followUpsDone: 0,
          followUpsNotReached: 0,
          loggedLate: 0,
        },
        // onTime: T4 breached -> 0/1; satisfaction K2 3 -> 60 (not K9's recovery call); did K1
        // (rating UA) and K2
        {
          agentId: 'UB',
          handled: 1,
          onTime: 0,
          satisfaction: 60,
          responded: 2,
          responseOnTime: 1 / 2,
          firstContactResolution: 0,
          medianHandlingMinutes: 4500,
          followUpsDone: 2,
          followUpsNotReached: 0,
          loggedLate: 0,
        },
        // onTime: T1 -> 1/1; no ratings; T1's FCR not recorded: not at first contact
        {
          agentId: 'UC',
          handled: 1,
          onTime: 1,
          satisfaction: null,
          responded: 0,
          responseOnTime: null,
          firstContactResolution: 0,
          medianHandlingMinutes: 2400,
          followUpsDone: 0,
          followUpsNotReached: 0,
          loggedLate: 0,
        },
        {
          agentId: 'UD',
          handled: 0,
          onTime: null,
          satisfaction: null,
          responded: 0,
          responseOnTime: null,
          firstContactResolution: null,
          medianHandlingMinutes: null,
          followUpsDone: 1,
          followUpsNotReached: 0,
          loggedLate: 0,
        },
      ],
    });
  });

  test('a first response counts for whoever gave it, not for whom the ticket was handed to after; one answered before that was kept, for its assignee', () => {
    const answered = (number: string, by: string | undefined, late: boolean): TicketFacts => ({
      number,
      type: 'consultation',
      status: 'assigned',
      assigneeId: 'UB',
      receivedAt: at('2026-11-17T09:00'),
      firstResponseAt: at('2026-11-17T10:00'),
      metrics: { responseBreached: late, ...(by ? { firstResponseBy: by } : {}) },
    });
    const { perAgent } = weekFigures({
      window,
      tickets: [
        answered('R1', 'UA', true),
        answered('R2', 'UA', false),
        answered('R3', undefined, true),
      ],
      tasks: [],
      customers: [],
      changes: [],
    });
    expect(perAgent.map((a) => [a.agentId, a.responded, a.responseOnTime, a.handled])).toEqual([
      ['UA', 2, 1 / 2, 0],
      ['UB', 1, 0, 0],
    ]);
  });

  test("requesters' surveys are counted apart from the revisit-logged scores (#10)", () => {
    const surveyed = (n: number, survey: NonNullable<(typeof tickets)[number]['survey']>) => ({
      ...tickets[0]!,
      number: `TS${n}`,
      survey,
    });
    const figures = weekFigures({
      window,
      tickets: [
        // sent in the week and answered 5, NPS 10
        surveyed(1, {
          sentAt: at('2026-11-17T10:00:00'),
          satisfaction: 5,
          nps: 10,
          at: at('2026-11-17T11:00:00'),
        }),
        // sent in the week, answered 2 (no NPS)
        surveyed(2, {
          sentAt: at('2026-11-18T10:00:00'),
          satisfaction: 2,
          at: at('2026-11-18T12:00:00'),
        }),
        // sent in the week, unanswered
        surveyed(3, { sentAt: at('2026-11-19T10:00:00') }),
      ],
      tasks: [],
      customers: [],
      changes: [],
    });
    expect(figures).toMatchObject({
      customerSatisfaction: 70,
      customerSatisfactionResponses: 2,
      customerNps: 100,
      customerNpsResponses: 1,
      surveysSent: 3,
      surveyResponseRate: 2 / 3,
      // the revisit-logged figures see none of it
      satisfaction: null,
      nps: null,
    });
  });

  test('an empty week gives zeros and nulls, never NaN', () => {
    const figures = weekFigures({ window, tickets: [], tasks: [], customers: [], changes: [] });
    expect(figures).toEqual({
      opened: 0,
      openedByType: { consultation: 0, complaint: 0, after_sales: 0, demand: 0, other: 0 },
      resolved: 0,
      backlog: 0,
      overdue: 0,
      responded: 0,
      responseOnTime: null,
      resolvedWithin72h: null,
      resolvedWithinSla: null,
      nextReplies: 0,
      nextRepliesInTime: 0,
      nextReplyOnTime: null,
      firstContactResolution: null,
      medianFirstResponseMinutes: null,
      medianResolutionMinutes: null,
      complaints: 0,
      complaintRate: null,
      complaintsPer100: null,
      openComplaints: 0,
      complaintBreaches: 0,
      complaintsNotReached: 0,
      repeatComplaints: 0,
      satisfaction: null,
      satisfactionResponses: 0,
      customerSatisfaction: null,
      customerSatisfactionResponses: 0,
      customerNps: null,
      customerNpsResponses: 0,
      surveysSent: 0,
      surveyResponseRate: null,
      verySatisfiedShare: null,
      nps: null,
      npsResponses: 0,
      revisitsDue: 0,
      revisitsOnTime: null,
      followUpsNotReached: 0,
      followUpsMoved: 0,
      byTier: { strategic: 0, key: 0, normal: 0 },
      prospects: 0,
      tierUps: 0,
      tierDowns: 0,
      newCustomers: 0,
      lateRecords: 0,
      loggedLate: 0,
      upgradeIntents: 0,
      upgradeIntentsDone: 0,
      churnWarnings: 0,
      churned: 0,
      retention: null,
      perAgent: [],
    });
    expect(JSON.parse(JSON.stringify(figures))).toEqual(figures);
  });

  test('median of odd and even counts', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('the digest against its targets', () => {
  const t = translator('en');
  const targets = workspaceSettings('en').digest.targets;
  const shown = (input: Partial<Parameters<typeof weekFigures>[0]>) =>
    fields(
      digestMessage(
        t,
        window,
        weekFigures({ window, tickets: [], tasks: [], customers: [], changes: [], ...input }),
        undefined,
        targets,
      ).blocks,
    );

  test("a file recorded after its first contact's week ended (late in Slack, or imported) is new in the week it was recorded, once; history typed in when the desk started is not new", () => {
    const normal = { tier: 'normal', lifecycle: 'prospect' } as const;
    const customers: CustomerFacts[] = [
      // first contacted on Monday, recorded the same morning
      { id: 'M', ...normal, createdAt: at('2026-11-16T00:00'), recordedAt: at('2026-11-16T11:00') },
      // first contacted Friday 13 November, recorded Tuesday 17 (W46's digest went out without it)
      { id: 'F', ...normal, createdAt: at('2026-11-13T00:00'), recordedAt: at('2026-11-17T10:00') },
      // first contacted 2 November, imported Wednesday 18
      { id: 'I', ...normal, createdAt: at('2026-11-02T00:00'), recordedAt: at('2026-11-18T10:00') },
      // first contacted Sunday 22 November, recorded Tuesday 24: next week's
      { id: 'S', ...normal, createdAt: at('2026-11-22T00:00'), recordedAt: at('2026-11-24T10:00') },
      // a customer since 2025, typed in this week: before the desk's first record, history
      { id: 'H', ...normal, createdAt: at('2025-03-01T00:00'), recordedAt: at('2026-11-18T09:00') },
    ];
    const firstRecordAt = at('2026-01-10T09:00');
    expect(shown({ customers, firstRecordAt })[t('digest.f.newCustomers')]).toBe('3');
    // Each is new in one week only: M, F and I in W47; S in W48; none in W46.
    const week = (w: WeekWindow) =>
      weekFigures({ window: w, tickets: [], tasks: [], customers, changes: [], firstRecordAt })
        .newCustomers;
    const w46: WeekWindow = {
      week: '2026-W46',
      from: at('2026-11-09T00:00'),
      to: window.from,
      fromDate: '2026-11-09',
      toDate: '2026-11-16',
    };
    const w48: WeekWindow = {
      week: '2026-W48',
      from: window.to,
      to: at('2026-11-30T00:00'),
      fromDate: '2026-11-23',
      toDate: '2026-11-30',
    };
    expect([week(w46), week(window), week(w48)]).toEqual([0, 3, 1]);
  });

  test('4 customers at the week start, 1 churned (twice); a lead and a customer first contacted in the week also marked churned: Churned 1, retention 75%', () => {
    const since = at('2025-06-01T10:00');
    const read = shown({
      customers: [
        { id: 'A', tier: 'normal', lifecycle: 'churned', createdAt: since },
        { id: 'B', tier: 'normal', lifecycle: 'active', createdAt: since },
        { id: 'C', tier: 'key', lifecycle: 'active', createdAt: since },
        { id: 'D', tier: 'normal', lifecycle: 'stable', createdAt: since },
        // a lead since October, dropped this week
        { id: 'L', tier: 'normal', lifecycle: 'churned', createdAt: at('2026-10-10T10:00') },
        // first contacted on Monday, ordered on Tuesday, gone on Thursday
        { id: 'N', tier: 'normal', lifecycle: 'churned', createdAt: at('2026-11-16T10:00') },
      ],
      changes: [
        change('A', 'lifecycle', 'active', 'churned', '2026-11-17T10:00'),
        // an order brought A back, and it churned again
        change('A', 'lifecycle', 'churned', 'new', '2026-11-18T10:00'),
        change('A', 'lifecycle', 'new', 'churned', '2026-11-20T10:00'),
        change('L', 'lifecycle', 'prospect', 'churned', '2026-11-18T10:00'),
        change('N', 'lifecycle', 'prospect', 'new', '2026-11-17T10:00'),
        change('N', 'lifecycle', 'new', 'churned', '2026-11-19T10:00'),
      ],
    });
    expect(read[t('digest.f.churned')]).toBe('1');
    expect(read[t('digest.f.retention')]).toBe('75.0%');
  });

  test('3,799 of 4,000 first responses on time read 95.0% and meet the 95% target', () => {
    const answered = (n: number): TicketFacts => ({
      number: `TR${n}`,
      type: 'consultation',
      status: 'assigned',
      receivedAt: at('2026-11-17T10:00'),
      firstResponseAt: at('2026-11-17T10:30'),
      metrics: { firstResponseMinutes: 30, responseBreached: n >= 3799 },
    });
    expect(
      shown({ tickets: Array.from({ length: 4000 }, (_, n) => answered(n)) })[
        t('digest.f.responseOnTime')
      ],
    ).toBe(`95.0%\n✅ ${t('digest.target', { target: '95%' })}`);
  });

  test('13 NPS answers, 11 promoters and 2 passives: NPS 84.6, short of the target of 85', () => {
    const revisit = (nps: number): TaskFacts => ({
      kind: 'revisit',
      status: 'done',
      dueDate: '2026-11-17',
      doneAt: at('2026-11-17T15:00'),
      doneDate: '2026-11-17',
      satisfaction: 5,
      nps,
    });
    const tasks = [...Array<number>(11).fill(10), 8, 7].map(revisit);
    expect(shown({ tasks })[t('digest.f.nps')]).toBe(
      `84.6\n${t('digest.base.answers', { count: 13 })}\n⚠️ ${t('digest.target', { target: '85' })}`,
    );
  });
});

describe('a change at exactly local midnight belongs to the week it opens: [from, to)', () => {
  // Week 46 ends where week 47 starts: Monday 16 November 00:00 in Shanghai.
  const week46: WeekWindow = {
    week: '2026-W46',
    from: at('2026-11-09T00:00'),
    to: at('2026-11-16T00:00'),
    fromDate: '2026-11-09',
    toDate: '2026-11-16',
  };
  const old = at('2025-01-01T10:00');
  const people: CustomerFacts[] = [
    // moved up at 00:00 on Monday 16 November: week 47's
    { id: 'M', tier: 'key', lifecycle: 'active', createdAt: old },
    // moved up at 00:00 on Monday 23 November: week 48's
    { id: 'N', tier: 'strategic', lifecycle: 'active', createdAt: old },
    // churned at 00:00 on Monday 16 November: week 47's
    { id: 'G', tier: 'normal', lifecycle: 'churned', createdAt: old },
  ];
  const moves: ChangeFacts[] = [
    change('M', 'tier', 'normal', 'key', '2026-11-16T00:00'),
    change('N', 'tier', 'key', 'strategic', '2026-11-23T00:00'),
    change('G', 'lifecycle', 'active', 'churned', '2026-11-16T00:00'),
  ];
  const figures = (w: WeekWindow) =>
    weekFigures({ window: w, tickets: [], tasks: [], customers: people, changes: moves });

  test('tiers over a week: a move at its first instant is in it, one at the next week’s first instant is not', () => {
    expect(Object.fromEntries(tiersOverWindow(people, moves, window))).toEqual({
      M: { start: 'normal', end: 'key' },
      N: { start: 'key', end: 'key' },
      G: { start: 'normal', end: 'normal' },
    });
    expect(Object.fromEntries(tiersOverWindow(people, moves, week46))).toEqual({
      M: { start: 'normal', end: 'normal' },
      N: { start: 'key', end: 'key' },
      G: { start: 'normal', end: 'normal' },
    });
  });

  test('each move and churn is counted once, in the week it opens', () => {
    expect(figures(window)).toMatchObject({ tierUps: 1, tierDowns: 0, churned: 1 });
    expect(figures(week46)).toMatchObject({ tierUps: 0, tierDowns: 0, churned: 0 });
  });
});

describe('what moved a tier: the change log', () => {
  test("a tier change logged with an override set beside it is the override's, with one taken away the lifting's, else the revenue's; the last change in the week tells", () => {
    const causes = tierMoveCauses(
      [
        // O: overridden to strategic on Tuesday (the tier and the override, one write)
        change('O', 'tier', 'normal', 'strategic', '2026-11-17T10:00'),
        change('O', 'tierOverride', null, 'strategic: Group contract', '2026-11-17T10:00'),
        // R: moved by an order on Monday, then an override to the same tier on Thursday (no move)
        change('R', 'tier', 'normal', 'key', '2026-11-16T12:00'),
        change('R', 'tierOverride', null, 'key: Keep key', '2026-11-19T10:00'),
        // L: its override taken away on Wednesday, back to the purchases' tier
        change('L', 'tier', 'strategic', 'normal', '2026-11-18T10:00'),
        change('L', 'tierOverride', 'strategic: Group contract', null, '2026-11-18T10:00'),
        // B: overridden, then an order moves it on (the override taken away first)
        change('B', 'tier', 'normal', 'key', '2026-11-16T10:00'),
        change('B', 'tierOverride', null, 'key: Trial', '2026-11-16T10:00'),
        change('B', 'tier', 'key', 'strategic', '2026-11-20T10:00'),
        // P: overridden the week before: not this week's
        change('P', 'tier', 'normal', 'key', '2026-11-13T10:00'),
        change('P', 'tierOverride', null, 'key: Earlier', '2026-11-13T10:00'),
      ],
      window,
    );
    expect(Object.fromEntries(causes)).toEqual({
      O: 'override',
      R: 'revenue',
      L: 'overrideLifted',
      B: 'revenue',
    });
  });
});

describe('low-risk customers on the last day of a week', () => {
  // Week 2026-W49: Monday 30 November to Sunday 6 December.
  const sunday = '2026-12-06';
  test('counts the stretches standing on the Sunday: begun by then, not ended by then', () => {
    const customers = [
      { lowRisk: { on: '2026-12-07', since: '2026-11-02' } }, // stands
      { lowRisk: { on: '2026-12-06', since: '2026-12-06' } }, // began on the Sunday
      { lowRisk: { on: '2026-12-07', since: '2026-12-07' } }, // began the Monday after
      { lowRisk: { on: '2026-12-07', since: '2026-11-02', until: '2026-12-07' } }, // ended after
      { lowRisk: { on: '2026-12-07', since: '2026-11-02', until: '2026-12-06' } }, // ended on it
      { lowRisk: { on: '2026-12-07' } }, // never low
      {}, // never computed
    ];
    expect(lowRiskCustomers(customers, sunday)).toBe(3);
    expect(lowRiskCustomers([{ lowRisk: { on: '2026-12-01', from: '2026-12-01' } }], sunday)).toBe(
      0,
    );
  });

  test('counts from the history: a stretch that ended before the latest still counts on its days', () => {
    const customers = [
      {
        lowRisk: {
          on: '2026-12-07',
          from: '2026-01-05',
          since: '2026-12-07',
          past: [{ since: '2026-03-02', until: '2026-05-04' }],
        },
      },
      { lowRisk: { on: '2026-12-07', from: '2026-01-05' } },
    ];
    expect(lowRiskCustomers(customers, '2026-03-31')).toBe(1);
    expect(lowRiskCustomers(customers, '2026-06-30')).toBe(0);
    expect(lowRiskCustomers(customers, sunday)).toBe(0);
    expect(lowRiskCustomers(customers, '2026-12-07')).toBe(1);
  });

  test('not known (undefined, "–") before the signals run first computed it, or before a history was cut', () => {
    expect(lowRiskCustomers([], sunday)).toBeUndefined();
    expect(lowRiskCustomers([{}], sunday)).toBeUndefined();
    const customers = [
      { lowRisk: { on: '2026-12-07', from: '2026-12-01', since: '2026-12-01' } },
      { lowRisk: { on: '2026-12-07', from: '2026-12-03' } },
    ];
    expect(lowRiskCustomers(customers, '2026-11-30')).toBeUndefined();
    expect(lowRiskCustomers(customers, '2026-12-01')).toBe(1);
    // Stored before the history: known from its stretch's start, else the day computed.
    expect(
      lowRiskCustomers([{ lowRisk: { on: '2026-12-07', since: '2026-11-02' } }], '2026-11-01'),
    ).toBeUndefined();
    expect(
      lowRiskCustomers([{ lowRisk: { on: '2026-12-07', since: '2026-11-02' } }], '2026-11-02'),
    ).toBe(1);
    expect(lowRiskCustomers([{ lowRisk: { on: '2026-12-07' } }], '2026-12-06')).toBeUndefined();
    const cut = [
      { lowRisk: { on: '2026-12-07', from: '2025-01-06', cut: '2025-10-01' } },
      { lowRisk: { on: '2026-12-07', from: '2025-01-06' } },
    ];
    expect(lowRiskCustomers(cut, '2025-09-30')).toBeUndefined();
    expect(lowRiskCustomers(cut, '2025-10-01')).toBe(0);
  });
});
