import { describe, expect, test } from 'vitest';
import type { Tier } from '../../src/customer/types.js';
import { ticketTally } from '../../src/digest/figures.js';
import {
  churn,
  complaints,
  needs,
  perAgent,
  perOwner,
  referral,
  repurchase,
  reportFigures,
  revenueByTier,
  valueAt,
} from '../../src/digest/report-figures.js';
import {
  kindOf,
  lastFullPeriod,
  periodWindow,
  periodsEnding,
  previousPeriod,
  storedOrBuilt,
} from '../../src/digest/periods.js';
import type {
  OrderFacts,
  ReportCustomerFacts,
  ReportInputs,
  ReportTaskFacts,
  ReportTicketFacts,
} from '../../src/digest/types.js';
import { LOCALES, translator } from '../../src/i18n/index.js';
import { firstWorkingDaySlot, isWorkingDate } from '../../src/schedule/slots.js';
import { reportMessage } from '../../src/ui/report.js';
import { join, keep } from '../../src/ui/text.js';
import { workspaceSettings } from '../helpers/records.js';
import { expectValidMessage, fields, mrkdwn } from '../helpers/ui.js';

const TZ = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);
const OCT = periodWindow('2026-10', TZ)!;
const SEP = periodWindow('2026-09', TZ)!;
const localDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

const customer = (id: string, more: Partial<ReportCustomerFacts> = {}): ReportCustomerFacts => ({
  id,
  tier: 'normal',
  lifecycle: 'active',
  source: 'other',
  ownerId: 'UOWN',
  createdAt: at('2026-01-01T00:00'),
  ...more,
});
const change = (
  customerId: string,
  field: string,
  oldValue: unknown,
  newValue: unknown,
  when: string,
) => ({
  customerId,
  field,
  oldValue,
  newValue,
  at: at(when),
});

describe('periods', () => {
  test.each([
    ['2026-10', 'month', '2026-10-01', '2026-11-01'],
    ['2026-Q3', 'quarter', '2026-07-01', '2026-10-01'],
    ['2026-Q4', 'quarter', '2026-10-01', '2027-01-01'],
    ['2026-W44', 'week', '2026-10-26', '2026-11-02'],
    ['2026-W53', 'week', '2026-12-28', '2027-01-04'], // 2026 has 53 ISO weeks
    ['2027-W53', undefined, undefined, undefined], // 2027 has 52
    ['2026-13', undefined, undefined, undefined],
    ['2026-Q5', undefined, undefined, undefined],
  ])('%s', (name, kind, fromDate, toDate) => {
    const w = periodWindow(name, TZ);
    if (!kind) {
      expect(w).toBeUndefined();
      return;
    }
    expect(w).toMatchObject({ kind, period: name, fromDate, toDate });
    expect(w!.from).toEqual(at(`${fromDate}T00:00`));
    expect(kindOf(name)).toBe(kind);
  });

  test('previous periods and the last full one', () => {
    expect(previousPeriod(periodWindow('2026-01', TZ)!, TZ).period).toBe('2025-12');
    expect(previousPeriod(periodWindow('2026-Q1', TZ)!, TZ).period).toBe('2025-Q4');
    expect(periodsEnding(OCT, 3, TZ).map((w) => w.period)).toEqual([
      '2026-08',
      '2026-09',
      '2026-10',
    ]);
    expect(lastFullPeriod('month', at('2026-11-02T09:00'), TZ).period).toBe('2026-10');
    expect(lastFullPeriod('quarter', at('2026-10-08T09:00'), TZ).period).toBe('2026-Q3');
    expect(lastFullPeriod('week', at('2026-11-02T09:00'), TZ).period).toBe('2026-W44');
  });

  const hours = {
    workingDays: [1, 2, 3, 4, 5],
    holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
    extraWorkdays: ['2026-10-10'],
  };
  test.each([
    // 1 Nov 2026 is a Sunday: the first working day is Monday 2 November.
    ['2026-11-10T12:00', 1, '2026-11-02T09:00'],
    ['2026-11-02T08:59', 1, '2026-10-08T09:00'], // October: 1-7 off (holidays, weekend)
    ['2026-10-09T00:00', 3, '2026-10-08T09:00'],
    ['2026-09-30T00:00', 3, '2026-07-01T09:00'],
  ])('first working day slot as of %s every %i month(s)', (now, every, slot) => {
    expect(
      firstWorkingDaySlot(at(now), TZ, '09:00', every as 1 | 3, (d) => isWorkingDate(d, hours)),
    ).toEqual(at(slot));
  });

  test('stored figures are read back only when stored after their window ended and not asked to be rebuilt', async () => {
    const window = (period: string, to: string) => ({
      period,
      from: new Date(0),
      to: new Date(to),
    });
    const record = (period: string, builtAt: string) => ({
      period,
      from: new Date(0),
      to: new Date(0),
      timeZone: TZ,
      builtAt: new Date(builtAt),
      figures: `stored ${period}`,
    });
    const built: string[] = [];
    const figures = await storedOrBuilt(
      'period',
      [
        window('2026-09', '2026-10-01T00:00Z'),
        window('2026-10', '2026-11-01T00:00Z'),
        window('2026-11', '2026-12-01T00:00Z'),
        window('2026-12', '2027-01-01T00:00Z'),
      ],
      [
        record('2026-09', '2026-10-01T00:00Z'),
        record('2026-10', '2026-10-31T23:00Z'),
        record('2026-11', '2026-12-02T00:00Z'),
      ],
      TZ,
      ['2026-11'],
      async (w) => {
        built.push(w.period);
        return `built ${w.period}`;
      },
    );
    expect([...figures]).toEqual([
      ['2026-09', 'stored 2026-09'],
      ['2026-10', 'built 2026-10'],
      ['2026-11', 'built 2026-11'],
      ['2026-12', 'built 2026-12'],
    ]);
    expect(built).toEqual(['2026-10', '2026-11', '2026-12']);
  });
});

describe('report figures, one table each', () => {
  const orders: OrderFacts[] = [
    { customerId: 'A', date: '2026-09-03', amount: 100 },
    { customerId: 'A', date: '2026-10-20', amount: 300 },
    { customerId: 'B', date: '2026-09-30', amount: 200 },
    { customerId: 'C', date: '2026-10-31', amount: 50 },
    { customerId: 'D', date: '2026-11-01', amount: 999 }, // after the period
  ];

  test.each([
    ['all', undefined, { repurchasers: 1, previousBuyers: 2, repurchaseRate: 0.5 }],
    [
      'only B',
      (id: string) => id === 'B',
      { repurchasers: 0, previousBuyers: 1, repurchaseRate: 0 },
    ],
    [
      'only C',
      (id: string) => id === 'C',
      { repurchasers: 0, previousBuyers: 0, repurchaseRate: null },
    ],
  ])('repurchase: %s', (_name, only, expected) => {
    expect(repurchase(orders, OCT, SEP, only)).toEqual(expected);
  });

  test.each([
    [
      'two of four new customers referred',
      [
        customer('A', { source: 'referral', createdAt: at('2026-10-01T00:00') }),
        customer('B', { source: 'referral', createdAt: at('2026-10-31T00:00') }),
        customer('C', { source: 'online_expo', createdAt: at('2026-10-15T00:00') }),
        customer('D', { source: 'other', createdAt: at('2026-10-15T00:00') }),
        customer('E', { source: 'referral', createdAt: at('2026-09-30T00:00') }), // before
        customer('F', { source: 'referral', createdAt: at('2026-11-01T00:00') }), // after
      ],
      { referred: 2, newCustomers: 4, referralShare: 0.5 },
    ],
    ['none new', [customer('A')], { referred: 0, newCustomers: 0, referralShare: null }],
  ])('referral: %s', (_name, customers, expected) => {
    expect(referral(customers, OCT)).toEqual(expected);
  });

  test('churn: rate over the customers at the start, reasons recorded, competitor, unrecorded', () => {
    const customers = [
      customer('A', { lifecycle: 'churned' }),
      customer('B', { lifecycle: 'churned', competitorContact: true }),
      customer('C', { lifecycle: 'churned' }),
      customer('D'),
      customer('P', { lifecycle: 'prospect' }),
      customer('X', { lifecycle: 'churned' }), // churned in September: not at the start
    ];
    const changes = [
      change('A', 'lifecycle', 'churn_warning', 'churned', '2026-10-05T10:00'),
      change('B', 'lifecycle', 'active', 'churned', '2026-10-06T10:00'),
      change('C', 'lifecycle', 'churn_warning', 'churned', '2026-10-31T23:59'),
      change('X', 'lifecycle', 'active', 'churned', '2026-09-20T10:00'),
    ];
    expect(churn(customers, changes, OCT, new Map([['A', 'price']]))).toEqual({
      churned: 3,
      customersAtStart: 4,
      churnRate: 0.75,
      churnReasons: [
        { reason: 'competitor', count: 1 },
        { reason: 'price', count: 1 },
        { reason: 'unrecorded', count: 1 },
      ],
    });
  });

  test('churn: a customer who churned twice counts once; a lead and a customer first contacted in the period are no churned customers', () => {
    const customers = [
      customer('A', { lifecycle: 'churned' }),
      customer('B'),
      customer('L', { lifecycle: 'churned', createdAt: at('2026-09-10T00:00') }),
      customer('N', { lifecycle: 'churned', createdAt: at('2026-10-05T00:00') }),
    ];
    const changes = [
      change('A', 'lifecycle', 'active', 'churned', '2026-10-10T10:00'),
      change('A', 'lifecycle', 'churned', 'new', '2026-10-15T10:00'),
      change('A', 'lifecycle', 'new', 'churned', '2026-10-25T10:00'),
      change('L', 'lifecycle', 'prospect', 'churned', '2026-10-12T10:00'),
      change('N', 'lifecycle', 'prospect', 'new', '2026-10-06T10:00'),
      change('N', 'lifecycle', 'new', 'churned', '2026-10-20T10:00'),
    ];
    expect(churn(customers, changes, OCT, new Map([['L', 'price']]))).toEqual({
      churned: 1,
      customersAtStart: 2,
      churnRate: 0.5,
      churnReasons: [{ reason: 'unrecorded', count: 1 }],
    });
  });

  test('needs: logged in the period, converted by an order on or after the day, in the period', () => {
    const changes = [
      change('A', 'needs.stated', null, 'ERP upgrade', '2026-10-10T15:00'),
      change('A', 'needs.implicit', null, 'training', '2026-10-12T15:00'),
      change('B', 'needs.stated', null, 'spares', '2026-10-21T10:00'),
      change('C', 'needs.stated', 'x', '', '2026-10-21T10:00'), // cleared: not a need
      change('D', 'needs.budget', null, 5, '2026-10-21T10:00'), // not stated or implicit
      change('E', 'needs.stated', null, 'old', '2026-09-21T10:00'), // before
    ];
    expect(needs(changes, orders, OCT, localDate)).toEqual({
      newNeeds: 3,
      needCustomers: 2,
      needsConverted: 1, // A ordered on 20 Oct, after its need of 10 Oct; B's order is in Sept
      needConversion: 0.5,
    });
  });

  test('complaints: per customer served and per 100 tickets', () => {
    const t = (
      n: string,
      customerId: string,
      type: string,
      received: string,
    ): ReportTicketFacts => ({
      number: n,
      type,
      status: 'new',
      customerId,
      receivedAt: at(received),
      metrics: {},
    });
    expect(
      complaints(
        [
          t('1', 'A', 'complaint', '2026-10-02T10:00'),
          t('2', 'A', 'after_sales', '2026-10-03T10:00'),
          t('3', 'B', 'complaint', '2026-10-04T10:00'),
          t('4', 'C', 'consultation', '2026-10-05T10:00'),
          t('5', 'C', 'complaint', '2026-09-05T10:00'), // before
        ],
        OCT,
      ),
    ).toEqual({
      complaints: 2,
      customersServed: 3,
      complaintRate: 2 / 3,
      complaintsPer100Tickets: 50,
    });
  });

  test("opened by type: the tickets opened in the period, each type counted (0 when none), a merged duplicate, those of another period and a type not known left out, one entered after its receipt's period in the period entered", () => {
    const t = (type: string, received: string, mergedInto?: string, entered?: string) => ({
      number: 'T',
      type,
      status: 'new',
      receivedAt: at(received),
      metrics: {},
      ...(entered ? { createdAt: at(entered) } : {}),
      ...(mergedInto ? { mergedInto } : {}),
    });
    const tally = ticketTally(OCT, [
      t('after_sales', '2026-10-01T00:00'), // the period's first instant
      t('after_sales', '2026-10-31T23:59'),
      t('after_sales', '2026-10-15T10:00', 'T20260001'), // merged: left out, as from Opened
      t('complaint', '2026-10-03T10:00'),
      t('consultation', '2026-11-01T00:00'), // the next period's first instant
      t('demand', '2026-09-30T23:59'), // the period before
      t('demand', '2026-09-30T17:30', undefined, '2026-10-08T10:00'), // typed in after September ended
      t('constructor', '2026-10-05T10:00'), // no type the desk knows: in Opened only
    ]);
    expect(tally.openedByType).toEqual({
      consultation: 0,
      complaint: 1,
      after_sales: 2,
      demand: 1,
      other: 0,
    });
    expect(tally.opened).toBe(5);
  });

  test('tiers: revenue by the tier at the instant, rolled back through later tier changes', () => {
    const changes = [change('A', 'tier', 'normal', 'key', '2026-11-05T10:00')];
    expect(valueAt('A', 'tier', 'key', changes, OCT.to)).toBe('normal');
    expect(valueAt('A', 'tier', 'key', changes, at('2026-11-06T00:00'))).toBe('key');
    const tiers: Record<string, 'normal' | 'key'> = { A: 'normal', B: 'key', C: 'key' };
    expect(revenueByTier(orders, OCT, (id) => tiers[id])).toEqual({
      total: 350,
      byTier: { strategic: 0, key: 50, normal: 300 },
    });
  });

  test('revenue is added in fen: 123,456.09 + 234,567.11 + 141,976.80 is 500,000, per tier and per owner', () => {
    const fen: OrderFacts[] = [
      { customerId: 'A', date: '2026-10-02', amount: 123_456.09 },
      { customerId: 'A', date: '2026-10-15', amount: 234_567.11 },
      { customerId: 'A', date: '2026-10-20', amount: 141_976.8 },
    ];
    expect(revenueByTier(fen, OCT, () => 'key')).toEqual({
      total: 500_000,
      byTier: { strategic: 0, key: 500_000, normal: 0 },
    });
    expect(
      perOwner({ window: OCT, customers: [customer('A')], orders: fen, tasks: [], changes: [] }),
    ).toEqual([{ ownerId: 'UOWN', followUpsDone: 0, conversions: 0, revenue: 500_000 }]);
  });

  test('per owner: follow-ups done, conversions, revenue', () => {
    const customers = [
      customer('A', { ownerId: 'U1' }),
      customer('B', { ownerId: 'U2' }),
      customer('C', { ownerId: 'U1' }),
    ];
    const task = (
      customerId: string,
      status: 'done' | 'open',
      doneAt?: string,
      kind: ReportTaskFacts['kind'] = 'revisit',
    ): ReportTaskFacts => ({
      kind,
      status,
      customerId,
      dueDate: '2026-10-10',
      ...(doneAt ? { doneAt: at(doneAt) } : {}),
    });
    expect(
      perOwner({
        window: OCT,
        customers,
        orders,
        tasks: [
          task('A', 'done', '2026-10-10T10:00'),
          task('C', 'done', '2026-10-11T10:00', 'checkin'),
          task('B', 'open'),
          task('B', 'done', '2026-09-01T10:00'),
          // done in the period, but no follow-up of a resolution
          ...(['care', 'greeting', 'complaint_contact', 'winback', 'qbr', 'recovery'] as const).map(
            (kind) => task('A', 'done', '2026-10-12T10:00', kind),
          ),
        ],
        changes: [
          change('C', 'lifecycle', 'prospect', 'active', '2026-10-31T10:00'),
          change('B', 'lifecycle', 'prospect', 'active', '2026-09-30T10:00'),
          change('A', 'lifecycle', 'churn_warning', 'active', '2026-10-03T10:00'),
        ],
      }),
    ).toEqual([{ ownerId: 'U1', followUpsDone: 2, conversions: 1, revenue: 350 }]);
  });

  test('per agent: handled, within SLA, median handling time, FCR, satisfaction (an agent rated and idle too); first responses and follow-ups done, as the digest counts them', () => {
    const resolved = (
      n: string,
      agent: string,
      minutes: number,
      fcr: boolean,
      when = '2026-10-10T10:00',
    ): ReportTicketFacts => ({
      number: n,
      type: 'after_sales',
      status: 'resolved',
      customerId: 'A',
      assigneeId: agent,
      receivedAt: at('2026-10-01T10:00'),
      resolvedAt: at(when),
      metrics: { resolutionMinutes: minutes, firstContactResolution: fcr },
    });
    const rating = (agentId: string, satisfaction: number, doneAt: string): ReportTaskFacts => ({
      kind: 'revisit',
      status: 'done',
      customerId: 'A',
      dueDate: '2026-10-12',
      agentId,
      satisfaction,
      doneAt: at(doneAt),
    });
    expect(
      perAgent({
        window: OCT,
        tickets: [
          // U1 also gave its first response, on time
          { ...resolved('1', 'U1', 60, true), firstResponseAt: at('2026-10-01T10:30') },
          resolved('2', 'U1', 120, false),
          // resolved past its SLA
          {
            ...resolved('3', 'U1', 600, true),
            metrics: {
              resolutionMinutes: 600,
              firstContactResolution: true,
              resolutionBreached: true,
            },
          },
          resolved('4', 'U2', 30, true),
          resolved('5', 'U2', 30, true, '2026-11-01T10:00'),
          // U3 answered ticket 6 (U1's) late and resolved none
          {
            number: '6',
            type: 'after_sales',
            status: 'in_progress',
            customerId: 'A',
            assigneeId: 'U1',
            receivedAt: at('2026-10-01T10:00'),
            firstResponseAt: at('2026-10-02T10:00'),
            metrics: { firstResponseBy: 'U3', responseBreached: true },
          },
        ],
        tasks: [
          // U2 did a follow-up unrated; one done before who did it was kept counts for nobody
          {
            kind: 'revisit',
            status: 'done',
            customerId: 'A',
            dueDate: '2026-10-12',
            agentId: 'U9',
            doneAt: at('2026-10-12T11:00'),
            doneBy: 'U2',
          },
          {
            kind: 'revisit',
            status: 'done',
            customerId: 'A',
            dueDate: '2026-10-12',
            agentId: 'U9',
            doneAt: at('2026-10-12T11:00'),
          },
          rating('U1', 5, '2026-10-12T10:00'),
          rating('U1', 4, '2026-10-13T10:00'),
          rating('U2', 1, '2026-09-13T10:00'),
          // U4, away in October, did nothing else: their resolution's revisit rates them
          rating('U4', 3, '2026-10-15T10:00'),
          // a recovery call after U1's low survey score: it rates no resolution
          { ...rating('U1', 1, '2026-10-14T10:00'), kind: 'recovery' },
          // U3 closed a follow-up due in October as "customer not reached" (counted for them);
          // not one due in September, nor one cancelled as not needed
          ...(['2026-10-20', '2026-09-28'] as const).map((dueDate) => ({
            kind: 'revisit' as const,
            status: 'cancelled' as const,
            customerId: 'A',
            dueDate,
            cancelReason: 'not_reached',
            cancelledBy: 'U3',
          })),
          {
            kind: 'guide',
            status: 'cancelled',
            customerId: 'A',
            dueDate: '2026-10-20',
            cancelReason: 'by_hand',
            cancelledBy: 'U3',
          },
        ],
      }),
    ).toEqual([
      {
        agentId: 'U1',
        handled: 3,
        onTime: 2 / 3,
        medianHandlingMinutes: 120,
        firstContactResolution: 2 / 3,
        satisfaction: 90,
        responded: 1,
        responseOnTime: 1,
        followUpsDone: 0,
        followUpsNotReached: 0,
        loggedLate: 0,
      },
      {
        agentId: 'U2',
        handled: 1,
        onTime: 1,
        medianHandlingMinutes: 30,
        firstContactResolution: 1,
        satisfaction: null,
        responded: 0,
        responseOnTime: null,
        followUpsDone: 1,
        followUpsNotReached: 0,
        loggedLate: 0,
      },
      {
        agentId: 'U3',
        handled: 0,
        onTime: null,
        medianHandlingMinutes: null,
        firstContactResolution: null,
        satisfaction: null,
        responded: 1,
        responseOnTime: 0,
        followUpsDone: 0,
        followUpsNotReached: 1,
        loggedLate: 0,
      },
      {
        agentId: 'U4',
        handled: 0,
        onTime: null,
        medianHandlingMinutes: null,
        firstContactResolution: null,
        satisfaction: 60,
        responded: 0,
        responseOnTime: null,
        followUpsDone: 0,
        followUpsNotReached: 0,
        loggedLate: 0,
      },
    ]);
  });

  test('the whole report: tier shares, contribution change, per-tier satisfaction against its target', () => {
    const input: ReportInputs = {
      window: OCT,
      previous: SEP,
      tickets: [],
      tasks: [
        {
          kind: 'revisit',
          status: 'done',
          customerId: 'A',
          dueDate: '2026-10-05',
          doneAt: at('2026-10-05T10:00'),
          satisfaction: 4,
        },
        {
          kind: 'revisit',
          status: 'done',
          customerId: 'B',
          dueDate: '2026-10-05',
          doneAt: at('2026-10-05T10:00'),
          satisfaction: 5,
        },
      ],
      customers: [
        customer('A', { tier: 'normal' }),
        customer('B', { tier: 'key' }),
        customer('C', { tier: 'key' }),
      ],
      changes: [],
      orders,
      backlog: { backlog: 7, overdue: 2 },
      churnReasons: new Map(),
      tierTargets: { strategic: 95, key: 90, normal: 85 },
    };
    const f = reportFigures(input, localDate);
    expect(f.overall).toMatchObject({
      backlog: 7,
      overdue: 2,
      satisfaction: 90,
      byTier: { key: 2, normal: 1 },
    });
    expect(f.tiers.key).toMatchObject({
      customers: 2,
      share: 2 / 3,
      revenue: 50,
      previousRevenue: 200,
      contribution: 50 / 350,
      contributionChange: -0.75,
      satisfaction: 100,
      satisfactionTarget: 90,
    });
    expect(f.tiers.normal).toMatchObject({
      revenue: 300,
      previousRevenue: 100,
      contributionChange: 2,
      satisfaction: 80,
      satisfactionTarget: 85,
    });
    expect(f.tiers.strategic).toMatchObject({
      customers: 0,
      share: 0,
      revenue: 0,
      contributionChange: null,
      satisfaction: null,
    });
    expect(f.retention).toMatchObject({ revenue: 350, previousRevenue: 300 });
  });
});

describe('the report against its targets', () => {
  const t = translator('en');
  const settings = workspaceSettings('en');
  /** `tiersShown`: as `/desk report` shows it to a reader who may read those tiers' customers. */
  const message = (input: Partial<ReportInputs>, tiersShown?: ReadonlySet<Tier>) => {
    const figures = reportFigures(
      {
        window: OCT,
        previous: SEP,
        tickets: [],
        tasks: [],
        customers: [customer('A')],
        changes: [],
        orders: [],
        backlog: { backlog: 0, overdue: 0 },
        churnReasons: new Map(),
        tierTargets: { strategic: 90, key: 90, normal: 90 },
        ...input,
      },
      localDate,
    );
    return reportMessage(t, {
      window: OCT,
      previous: SEP,
      figures,
      before: undefined,
      settings,
      ...(tiersShown ? { tiersShown } : {}),
    });
  };
  const shown = (input: Partial<ReportInputs>) => fields(message(input).blocks);

  test.each(LOCALES)(
    'fifteen agents with every figure at its longest are all listed within the limits, then how many more (%s)',
    (locale) => {
      const tl = translator(locale);
      const figures = reportFigures(
        {
          window: OCT,
          previous: SEP,
          tickets: [],
          tasks: [],
          customers: [customer('A')],
          changes: [],
          orders: [],
          backlog: { backlog: 0, overdue: 0 },
          churnReasons: new Map(),
          tierTargets: { strategic: 90, key: 90, normal: 90 },
        },
        localDate,
      );
      figures.perAgent = Array.from({ length: 17 }, (_, i) => ({
        agentId: `U0${i}ABCDEFGHIJKLMNOPQRSTUVWXYZ`.slice(0, 30),
        handled: 123_456,
        onTime: 0.987,
        medianHandlingMinutes: 99_999,
        firstContactResolution: 0.987,
        satisfaction: 99.9,
        responded: 123_456,
        responseOnTime: 0.987,
        followUpsDone: 123_456,
        followUpsNotReached: 123_456,
        loggedLate: 123_456,
      }));
      const report = reportMessage(tl, {
        window: OCT,
        previous: SEP,
        figures,
        before: undefined,
        settings: workspaceSettings(locale),
      });
      expectValidMessage(report);
      const text = mrkdwn(report.blocks);
      // Each of the fifteen on their line, and again on the line of who logged tickets late.
      expect(text.match(/<@U0\d+[A-Z]+>/g) ?? []).toHaveLength(30);
      expect(text).toContain(tl('report.more', { count: 2 }));
      expect(text).toContain(tl('digest.agent.followUps', { count: 123_456 }));
      expect(text).toContain(tl('digest.agent.withinSla', { rate: '98.7%' }));
      // Every line whole, the last one's end too.
      expect(text).toContain(tl('digest.notReached', { count: 123_456 }));
      expect(text.split(tl('digest.notReached', { count: 123_456 }))).toHaveLength(16);
      // Who logged tickets late: a line of its own, the first fifteen named, the rest counted.
      const late = [...figures.perAgent]
        .sort((a, b) => (a.agentId < b.agentId ? -1 : 1))
        .slice(0, 15)
        .map((a) => tl('digest.loggedLateItem', { user: a.agentId, count: 123_456 }));
      expect(text).toContain(tl('digest.loggedLateBy', { list: keep(join(late, ' · ')), more: 2 }));
    },
  );

  test("a tier's revenue down by 99.96% reads −99.9%, not −100%: a change short of all is not all of it", () => {
    const text = mrkdwn(
      message(
        {
          customers: [customer('A', { tier: 'normal' })],
          orders: [
            { customerId: 'A', date: '2026-09-03', amount: 100_000 },
            { customerId: 'A', date: '2026-10-20', amount: 40 },
          ],
        },
        new Set(['normal'] as const),
      ).blocks,
    );
    expect(text).toContain('(−99.9% vs 2026-09)');
    expect(text).not.toContain('−100%');
  });

  test("customers first contacted in September and recorded in October are October's new customers (and referrals); one recorded after October is not", () => {
    const input: Partial<ReportInputs> = {
      customers: [
        customer('A'),
        customer('G', { source: 'online_expo', createdAt: at('2026-10-08T00:00') }),
        customer('Y', {
          source: 'referral',
          createdAt: at('2026-10-10T00:00'),
          recordedAt: at('2026-10-10T15:00'),
        }),
        // first contacted 30 September, recorded 2 October (September's report was out)
        customer('E', {
          source: 'referral',
          createdAt: at('2026-09-30T00:00'),
          recordedAt: at('2026-10-02T10:00'),
        }),
        // first contacted 20 September, imported 5 October
        customer('W', {
          source: 'other',
          createdAt: at('2026-09-20T00:00'),
          recordedAt: at('2026-10-05T10:00'),
        }),
        // first contacted 29 October, recorded 3 November: November's
        customer('Z', {
          source: 'referral',
          createdAt: at('2026-10-29T00:00'),
          recordedAt: at('2026-11-03T10:00'),
        }),
      ],
      firstRecordAt: at('2026-01-01T10:00'),
    };
    const read = shown(input);
    expect(read[t('digest.f.newCustomers')]).toBe('4');
    // Against its target (digest7: 25 % of the new customers by default).
    expect(read[t('report.f.referralShare')]).toBe(
      `50.0%\n${t.plain('report.of.referral', { part: 2, whole: 4 })}\n✅ ${t.plain('digest.target', { target: '25%' })}`,
    );
  });

  test('October: 4 customers at the start, 1 churned (twice); a lead and a customer first contacted on 5 Oct also marked churned: Churned 1, churn rate 25% (1 of 4), reasons and the Normal tier say 1', () => {
    const input: Partial<ReportInputs> = {
      customers: [
        customer('A', { lifecycle: 'churned' }),
        customer('B'),
        customer('C'),
        customer('D'),
        // a lead since September, dropped on 12 October
        customer('L', { lifecycle: 'churned', createdAt: at('2026-09-10T00:00') }),
        // first contacted 5 October, ordered the next day, gone on 20 October
        customer('N', { lifecycle: 'churned', createdAt: at('2026-10-05T00:00') }),
      ],
      changes: [
        change('A', 'lifecycle', 'active', 'churned', '2026-10-10T10:00'),
        // an order brought A back, and it churned again
        change('A', 'lifecycle', 'churned', 'new', '2026-10-15T10:00'),
        change('A', 'lifecycle', 'new', 'churned', '2026-10-25T10:00'),
        change('L', 'lifecycle', 'prospect', 'churned', '2026-10-12T10:00'),
        change('N', 'lifecycle', 'prospect', 'new', '2026-10-06T10:00'),
        change('N', 'lifecycle', 'new', 'churned', '2026-10-20T10:00'),
      ],
    };
    const read = shown(input);
    expect(read[t('digest.f.churned')]).toBe('1');
    expect(read[t('report.f.churnRate')]).toBe(
      `25.0%\n${t.plain('report.of.churn', { part: 1, whole: 4 })}`,
    );
    // The retention rate from the same counts, beside it (digest7).
    expect(read[t('report.f.retentionRate')]).toBe(
      `75.0%\n${t.plain('report.of.retention', { part: 3, whole: 4 })}`,
    );
    const text = mrkdwn(message(input).blocks);
    expect(text).toContain(
      t.plain('report.churnReasons', {
        reasons: t.plain('report.reason', {
          reason: t.plain('report.reason.unrecorded'),
          count: 1,
        }),
      }),
    );
    expect(text).toMatch(/\*Normal\*: 3 customers .* · churned 1 · /);
    // The reason recorded on the win-back call reads as its label, not its code.
    const recorded = mrkdwn(message({ ...input, churnReasons: new Map([['A', 'price']]) }).blocks);
    expect(recorded).toContain(
      t.plain('report.churnReasons', {
        reasons: t.plain('report.reason', { reason: t.plain('churnReason.price'), count: 1 }),
      }),
    );
    expect(recorded).toContain('Churn reasons: Price 1');
  });

  test('3,799 of 4,000 first responses on time read 95.0% and meet the 95% target', () => {
    const answered = (n: number): ReportTicketFacts => ({
      number: `TR${n}`,
      type: 'consultation',
      status: 'assigned',
      customerId: 'A',
      receivedAt: at('2026-10-13T10:00'),
      firstResponseAt: at('2026-10-13T10:30'),
      metrics: { firstResponseMinutes: 30, responseBreached: n >= 3799 },
    });
    expect(
      shown({ tickets: Array.from({ length: 4000 }, (_, n) => answered(n)) })[
        t('digest.f.responseOnTime')
      ],
    ).toBe(`95.0%\n✅ ${t('digest.target', { target: '95%' })}`);
  });

  test('13 NPS answers, 11 promoters and 2 passives: NPS 84.6, short of the target of 85', () => {
    const revisit = (nps: number): ReportTaskFacts => ({
      kind: 'revisit',
      status: 'done',
      customerId: 'A',
      dueDate: '2026-10-12',
      doneAt: at('2026-10-12T15:00'),
      doneDate: '2026-10-12',
      satisfaction: 5,
      nps,
    });
    const tasks = [...Array<number>(11).fill(10), 8, 7].map(revisit);
    expect(shown({ tasks })[t('digest.f.nps')]).toBe(
      `84.6\n⚠️ ${t('digest.target', { target: '85' })}`,
    );
  });
});

describe.each(LOCALES)("a tier's revenue change that rounds to nothing, in %s", (locale) => {
  const t = translator(locale);
  /** The Normal tier's revenue change as the report's tier line says it (shown to a manager). */
  const changeOf = (september: number, october: number) => {
    const figures = reportFigures(
      {
        window: OCT,
        previous: SEP,
        tickets: [],
        tasks: [],
        customers: [customer('A', { tier: 'normal' })],
        changes: [],
        orders: [
          { customerId: 'A', date: '2026-09-03', amount: september },
          { customerId: 'A', date: '2026-10-20', amount: october },
        ],
        backlog: { backlog: 0, overdue: 0 },
        churnReasons: new Map(),
        tierTargets: { strategic: 90, key: 90, normal: 90 },
      },
      localDate,
    );
    const text = mrkdwn(
      reportMessage(t, {
        window: OCT,
        previous: SEP,
        figures,
        before: undefined,
        settings: workspaceSettings(locale),
        tiersShown: new Set(['strategic', 'key', 'normal'] as const),
      }).blocks,
    );
    return text;
  };
  const reads = (delta: string) =>
    locale === 'en' ? `(${delta} vs 2026-09)` : `（较 2026 年 9 月 ${delta}）`;

  test('100,000 then 100,040 (+0.04%) and 99,960 (−0.04%) read ±0%, not +0% or −0%', () => {
    for (const october of [100_040, 99_960]) {
      const text = changeOf(100_000, october);
      expect(text).toContain(reads('±0%'));
      expect(text).not.toContain(reads('+0%'));
      expect(text).not.toContain(reads('−0%'));
    }
  });

  test('100,000 then 100,060 reads +0.1%, and 99,940 −0.1%', () => {
    expect(changeOf(100_000, 100_060)).toContain(reads('+0.1%'));
    expect(changeOf(100_000, 99_940)).toContain(reads('−0.1%'));
  });
});

describe('a change at exactly local midnight belongs to the period it opens: [from, to)', () => {
  const base = {
    tickets: [],
    tasks: [],
    backlog: { backlog: 0, overdue: 0 },
    churnReasons: new Map<string, string>(),
    tierTargets: { strategic: 90, key: 90, normal: 90 },
  };
  const NOV = periodWindow('2026-11', TZ)!;

  test('a tier move at 00:00 on 1 October is October’s: listed and counted in October, not in September; September’s revenue stays with the tier it had then', () => {
    const customers = [customer('A', { tier: 'key', code: 'C1', annualRevenue: 500_000 })];
    const changes = [change('A', 'tier', 'normal', 'key', '2026-10-01T00:00')];
    const orders: OrderFacts[] = [
      { customerId: 'A', date: '2026-09-10', amount: 100 },
      { customerId: 'A', date: '2026-10-10', amount: 300 },
    ];
    const october = reportFigures(
      { ...base, window: OCT, previous: SEP, customers, changes, orders },
      localDate,
    );
    expect(october.tierMoves).toEqual({
      total: 1,
      top: [
        {
          customerId: 'A',
          code: 'C1',
          from: 'normal',
          to: 'key',
          annualRevenue: 500_000,
          cause: 'revenue',
        },
      ],
    });
    expect(october.overall).toMatchObject({ tierUps: 1, tierDowns: 0 });
    expect(october.tiers.key).toMatchObject({ revenue: 300, previousRevenue: 0 });
    expect(october.tiers.normal).toMatchObject({ revenue: 0, previousRevenue: 100 });
    const september = reportFigures(
      {
        ...base,
        window: SEP,
        previous: previousPeriod(SEP, TZ),
        customers,
        changes,
        orders,
      },
      localDate,
    );
    expect(september.tierMoves?.total).toBe(0);
    expect(september.overall).toMatchObject({ tierUps: 0, tierDowns: 0 });
    expect(september.tiers.normal).toMatchObject({ customers: 1, revenue: 100 });
    expect(valueAt('A', 'tier', 'key', changes, OCT.from)).toBe('normal');
  });

  test('a customer churned at 00:00 on 1 November is November’s churn, not October’s, and was a customer all October', () => {
    const customers = [customer('A'), customer('B', { lifecycle: 'churned' })];
    const changes = [change('B', 'lifecycle', 'active', 'churned', '2026-11-01T00:00')];
    const october = reportFigures(
      { ...base, window: OCT, previous: SEP, customers, changes, orders: [] },
      localDate,
    );
    expect(october.retention).toMatchObject({ churned: 0, customersAtStart: 2 });
    expect(october.tiers.normal.customers).toBe(2);
    const november = reportFigures(
      { ...base, window: NOV, previous: OCT, customers, changes, orders: [] },
      localDate,
    );
    expect(november.retention).toMatchObject({ churned: 1, customersAtStart: 2 });
  });
});
