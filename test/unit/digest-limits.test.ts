// The weekly digest with every optional line at once stays within what Slack takes in one
// message: 50 blocks, 3,000 characters a section's text and 2,000 a field's, in en and zh-CN
// (revdigestzh "Not covered"). Every figure at its longest, a change on each, the new-desk line,
// tickets opened by type, the business-hours line, follow-ups moved, tier moves (five named, long
// names, overrides, then how many more), tickets past SLA (ten, reopened, then how many more),
// agents over the cap with every figure, the logged-late line over its cap, and the chart's
// "comes later" line.
import { describe, expect, test } from 'vitest';
import { CUSTOMER_FIELDS, KEY_FACTS, type KeyFact } from '../../src/customer/fields.js';
import { CHURN_REASONS } from '../../src/customer/types.js';
import { periodWindow, previousPeriod } from '../../src/digest/periods.js';
import { REPORT_TIERS } from '../../src/digest/types.js';
import type {
  HeldTier,
  PastSla,
  ReportFigures,
  TierFigures,
  WeekFigures,
} from '../../src/digest/types.js';
import { LOCALES, translator, type Locale } from '../../src/i18n/index.js';
import { periodName } from '../../src/i18n/period.js';
import { TICKET_TYPES } from '../../src/ticket/types.js';
import { digestFigures, digestMessage } from '../../src/ui/digest.js';
import { reportMessage } from '../../src/ui/report.js';
import {
  agentFigures,
  ticket,
  weekFigures,
  weekWindow,
  workspaceSettings,
} from '../helpers/records.js';
import { expectValidMessage } from '../helpers/ui.js';

const SECTIONS = [
  'digest.section.tickets',
  'digest.section.complaints',
  'digest.section.service',
  'digest.section.customerSatisfaction',
  'digest.section.satisfaction',
  'digest.section.customers',
] as const;

/** Every figure the digest shows, at its longest: rates just short of all, counts in six digits. */
function longest(scale: number): WeekFigures {
  const figures: Record<string, unknown> = { ...weekFigures() };
  for (const title of SECTIONS)
    for (const spec of digestFigures(title)) {
      figures[spec.figure] =
        spec.kind === 'rate'
          ? 0.987 * scale
          : spec.kind === 'minutes'
            ? 99_999 * scale
            : spec.kind === 'score'
              ? -99.9 * scale
              : Math.round(123_456 * scale);
      if (spec.base) figures[spec.base.figure] = Math.round(987_654 * scale);
      if (spec.base?.part && spec.base.part !== 'share')
        figures[spec.base.part] = Math.round(876_543 * scale);
      if (spec.note) figures[spec.note.figure] = Math.round(765_432 * scale);
    }
  return {
    ...(figures as unknown as WeekFigures),
    openedByType: Object.fromEntries(
      TICKET_TYPES.map((type) => [type, Math.round(123_456 * scale)]),
    ) as WeekFigures['openedByType'],
    followUpsMoved: 123_456,
    byTier: { strategic: 123_456, key: 123_456, normal: 123_456 },
    prospects: 123_456,
    tierUps: 123_456,
    tierDowns: 123_456,
    tierMoves: {
      total: 999_999,
      top: Array.from({ length: 12 }, (_, i) => ({
        customerId: `665f0000000000000000${String(i).padStart(4, '0')}`,
        code: `C20261${String(i).padStart(5, '0')}`,
        from: 'normal' as const,
        to: 'strategic' as const,
        annualRevenue: 999_999_999.99,
        cause: i % 2 ? ('override' as const) : ('overrideLifted' as const),
      })),
    },
    perAgent: Array.from({ length: 25 }, (_, i) =>
      agentFigures({
        agentId: `U0${i}ABCDEFGHIJKLMNOPQRSTUVWXYZ`.slice(0, 30),
        handled: 123_456,
        onTime: 0.987,
        responded: 123_456,
        responseOnTime: 0.987,
        firstContactResolution: 0.987,
        medianHandlingMinutes: 99_999,
        satisfaction: 99.9,
        followUpsDone: 123_456,
        followUpsNotReached: 123_456,
        loggedLate: 123_456 + i,
      }),
    ),
  };
}

/** Twenty tickets past SLA (the digest names ten), customers with the longest names. */
function past(): PastSla {
  const late = (i: number) =>
    ticket({
      number: `T2026${String(i).padStart(5, '0')}`,
      customerName: '华东精密机械制造股份有限公司'.repeat(10),
      assigneeId: `U0${i}ABCDEFGHIJKLMNOPQRSTUVWXYZ`.slice(0, 30),
    });
  return {
    open: Array.from({ length: 10 }, (_, i) => ({
      ticket: late(i),
      what: 'both' as const,
      reopened: { who: 'staff' as const, by: 'U0REOPENERXYZ' },
    })),
    done: Array.from({ length: 10 }, (_, i) => ({ ticket: late(10 + i), what: 'both' as const })),
    total: 999_999,
  };
}

describe.each(LOCALES)('the longest digest in %s', (locale) => {
  const t = translator(locale);
  const settings = workspaceSettings(locale);
  const names = new Map(
    longest(1).tierMoves!.top.map((m) => [m.customerId, '华东精密机械制造股份有限公司'.repeat(10)]),
  );

  test('every optional line at once: within 50 blocks, 3,000 characters a section', () => {
    const message = digestMessage(
      t,
      weekWindow(),
      longest(1),
      longest(0.5),
      settings.digest.targets,
      {
        chartWeeks: 1,
        newSince: '2026-11-18',
        past: past(),
        tierMoves: { names, currency: settings.currency },
      },
    );
    // Every optional line is there (each a block of its own).
    const lines = (message.blocks as { type: string; elements?: { text: string }[] }[])
      .filter((b) => b.type === 'context')
      .map((b) => b.elements![0]!.text);
    expect(lines).toEqual(
      expect.arrayContaining([
        t('digest.newDesk', { since: '2026-11-18' }),
        t('digest.hoursNote'),
        t('digest.followUpsMoved', { count: 123_456 }),
        t('report.tierMovesMore', { count: 999_999 - 5 }),
        t('digest.breach.more', { count: 999_999 - 10 }),
        t('digest.moreAgents', { count: 15 }),
        t('digest.chartLater', { count: 1 }),
      ]),
    );
    expect(lines.length).toBeGreaterThanOrEqual(10);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks as { type: string; text?: { text: string } }[])
      if (block.type === 'section' && block.text)
        expect(block.text.text.length).toBeLessThanOrEqual(3000);
    expectValidMessage(message);
  });
});

// digest6: the monthly report and the quarterly review with every section full at once stay
// within the same limits, en and zh-CN: the new-desk line, every service, satisfaction and
// complaint figure at its longest with a change, opened by type, the quarterly survey, every churn
// reason, the key-fact line, each tier with its revenue (a report sent to an admin), the tier
// moves (a month five, a quarter ten: longest names, overrides, then how many more), the overrides held (quarter: ten
// named, then how many more), owners and agents over the cap with every figure, the logged-late
// line, and the chart's "comes later" line.
const LONG_NAME = '华东精密机械制造股份有限公司'.repeat(10);

function longestReport(scale: number): ReportFigures {
  const overall = longest(scale);
  const { byTier: _b, prospects: _p, perAgent: _a, backlog: _k, overdue: _o, ...service } = overall;
  void [_b, _p, _a, _k, _o];
  const tier = (): TierFigures => ({
    customers: 123_456,
    share: 0.987,
    revenue: 999_999_999.99 * scale,
    previousRevenue: 999_999_999.99,
    contribution: 0.987,
    revenueOwners: ['U0OWNER0000000000000000000001'],
    contributionChange: -0.987,
    churned: 123_456,
    repurchaseRate: 0.987,
    satisfaction: -99.9,
    satisfactionTarget: 100,
    service: service as TierFigures['service'],
  });
  return {
    overall,
    survey: { owed: 123_456, surveyed: 123_455, satisfaction: -99.9, nps: -99.9, npsResponses: 9 },
    retention: {
      repurchasers: 123_456,
      previousBuyers: 987_654,
      repurchaseRate: 0.987 * scale,
      referred: 123_456,
      newCustomers: 987_654,
      referralShare: 0.987 * scale,
      churned: 123_456,
      customersAtStart: 987_654,
      churnRate: 0.987 * scale,
      churnReasons: [...CHURN_REASONS, 'unrecorded', 'a reason of an older version'.repeat(4)].map(
        (reason) => ({ reason, count: 123_456 }),
      ),
      newNeeds: 123_456,
      needCustomers: 123_456,
      needsConverted: 123_455,
      needConversion: 0.987,
      complaints: 123_456,
      customersServed: 987_654,
      complaintRate: 0.987 * scale,
      complaintsPer100Tickets: 99.9,
      revenue: 999_999_999.99,
      previousRevenue: 999_999_999.99,
    },
    tiers: { strategic: tier(), key: tier(), normal: tier() },
    tierMoves: longest(1).tierMoves!,
    openedByType: overall.openedByType,
    keyFacts: {
      files: 987_654,
      missing: 123_456,
      byFact: Object.fromEntries(KEY_FACTS.map((f) => [f, 123_456])) as Record<KeyFact, number>,
    },
    perOwner: Array.from({ length: 25 }, (_, i) => ({
      ownerId: `U0${i}OWNERABCDEFGHIJKLMNOPQRSTUVWXYZ`.slice(0, 30),
      followUpsDone: 123_456,
      conversions: 123_456,
      revenue: 999_999_999.99,
      lateInteractions: 123_456,
    })),
    perAgent: overall.perAgent.map((a) => ({
      ...a,
      medianHandlingMinutes: a.medianHandlingMinutes ?? null,
      firstContactResolution: a.firstContactResolution ?? null,
    })),
  };
}

describe.each(LOCALES.flatMap((locale) => (['month', 'quarter'] as const).map((k) => [locale, k])))(
  'the longest report in %s, %s',
  (locale, kind) => {
    const t = translator(locale as Locale);
    const settings = workspaceSettings(locale as Locale);
    const window = periodWindow(kind === 'month' ? '2026-10' : '2026-Q3', settings.timeZone)!;
    const previous = previousPeriod(window, settings.timeZone);
    const figures = longestReport(1);
    const names = new Map(figures.tierMoves!.top.map((m) => [m.customerId, LONG_NAME]));
    const held: HeldTier[] = Array.from({ length: 25 }, (_, i) => ({
      customerId: `665f1000000000000000${String(i).padStart(4, '0')}`,
      code: `C20262${String(i).padStart(5, '0')}`,
      name: LONG_NAME,
      tier: 'strategic',
      computedTier: 'normal',
      by: `U0${i}MANAGERABCDEFGHIJKLMNOPQRSTUVWXYZ`.slice(0, 30),
      at: new Date('2026-09-30T16:00:00Z'),
      reason: '客户战略合作协议要求保持战略级服务，直至合同续签。'.repeat(10),
    }));

    /** The report with every section full, sent to an admin; `over` changes some of its input. */
    const fullReport = (over: Partial<Parameters<typeof reportMessage>[1]>) =>
      reportMessage(t, {
        window,
        previous,
        figures,
        before: longestReport(0.5),
        newSince: '2026-09-18',
        settings,
        chartPeriods: 1,
        ownersShown: new Set(figures.perOwner.map((w) => w.ownerId)),
        tiersShown: new Set(REPORT_TIERS),
        names,
        revenueShown: new Set(figures.tierMoves!.top.map((m) => m.customerId)),
        held,
        ...over,
      });

    test('every section full, sent to an admin: within 50 blocks and Slack’s text limits', () => {
      const message = fullReport({});
      const lines = (message.blocks as { type: string; elements?: { text: string }[] }[])
        .filter((b) => b.type === 'context')
        .map((b) => b.elements![0]!.text);
      expect(lines).toEqual(
        expect.arrayContaining([
          t('report.newDesk', { since: '2026-09-18', previous: periodName(t, previous.period) }),
          t('digest.hoursNote'),
          // A month names five tier moves, a quarter ten.
          t('report.tierMovesMore', { count: 999_999 - (kind === 'month' ? 5 : 10) }),
          t('report.more', { count: 10 }),
          t('report.chartLater', { count: 1 }),
          ...(kind === 'quarter' ? [t('report.tierMovesMore', { count: 15 })] : []),
        ]),
      );
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      expect(message.text.length).toBeLessThanOrEqual(3000);
      expectValidMessage(message);
    });

    // digest7: the longest customer name the desk accepts (the field registry's `name`, 100
    // characters), of the character mrkdwn escapes longest (`&` reads `&amp;`): the tier moves'
    // and (quarter) the overrides' lines each whole, never cut at a section's 3,000 characters,
    // and the report still within 50 blocks.
    test('the longest customer names the desk accepts: every named line whole, each section within 3,000 characters', () => {
      const widest = '&'.repeat(CUSTOMER_FIELDS.name.kind.max!);
      const named = new Map(figures.tierMoves!.top.map((m) => [m.customerId, widest]));
      const message = fullReport({
        names: named,
        held: held.map((h) => ({ ...h, name: widest })),
      });
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      expectValidMessage(message);
      const sections = (message.blocks as { type: string; text?: { text: string } }[])
        .filter((b) => b.type === 'section' && b.text)
        .map((b) => b.text!.text);
      for (const text of sections) expect(text.length).toBeLessThanOrEqual(3000);
      // Each customer named in full as the report names it (clipped to 60 characters, escaped),
      // on its line: ten held (quarter) and five or ten moved, none cut.
      const lines = sections.flatMap((text) => text.split('\n'));
      const withName = lines.filter((line) => line.includes('&amp;'.repeat(59)));
      expect(withName).toHaveLength((kind === 'month' ? 5 : 10) + (kind === 'quarter' ? 10 : 0));
      for (const line of withName) expect(line).toMatch(/\d{4}-\d{2}-\d{2}|CNY|元/);
    });
  },
);
