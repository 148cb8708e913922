// digest7: domain 6 asks managers to read the retention rate beside the churn rate (the report
// showed the week figures' Retention among the counts, apart from the churn rate it adds up to
// 100 % with), and the repurchase rate and the referrals against their targets (manual E's 55 %,
// 25 % of new customers; workspace settings `digest.targets`). The report's builder, en and zh-CN.
import { describe, expect, test } from 'vitest';
import type { ReportFigures } from '../../src/digest/types.js';
import { LOCALES, translator, type Locale } from '../../src/i18n/index.js';
import { reportMessage } from '../../src/ui/report.js';
import { workspaceSettings } from '../helpers/records.js';
import { emptyOctoberFigures, OCT, SEP } from '../helpers/report-figures.js';

/** A report's figures with its retention figures as given. */
function figures(retention: Partial<ReportFigures['retention']>): ReportFigures {
  const f = emptyOctoberFigures();
  return { ...f, retention: { ...f.retention, ...retention } };
}

/** The report's fields, label -> the lines under it joined with ' | '. */
function fields(message: { blocks: unknown[] }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const block of message.blocks as { fields?: { text: string }[] }[])
    for (const f of block.fields ?? []) {
      const [label, ...rest] = f.text.split('\n');
      out[label!.replace(/\*/g, '')] = rest.join(' | ');
    }
  return out;
}

const WORDS = {
  en: {
    retention: 'Retention rate',
    churn: 'Churn rate',
    repurchase: 'Repurchase rate',
    referral: 'Referrals among new customers',
  },
  'zh-CN': {
    retention: '留存率',
    churn: '流失率',
    repurchase: '复购率',
    referral: '新客户中转介绍占比',
  },
} as const;

const EXPECTED = {
  en: {
    // 1 of 16 churned: 6.25 % reads 6.3 %, so the retention reads 93.7 %, not 93.8 %.
    retention: '93.7% (+43.7 pts vs 2026-09) | 15 of 16 customers at the start stayed',
    churn: '6.3% (−43.7 pts vs 2026-09) | 1 of 16 customers at the start',
    repurchase:
      '50.0% (+10 pts vs 2026-09) | 1 of 2 customers who ordered in the period before | ⚠️ target 55%',
    referral: '25.0% (±0 pts vs 2026-09) | 1 of 4 new customers | ✅ target 25%',
  },
  'zh-CN': {
    retention: '93.7%（较 2026 年 9 月 +43.7 个百分点） | 期初 16 家客户中 15 家留存',
    churn: '6.3%（较 2026 年 9 月 −43.7 个百分点） | 期初 16 家客户中 1 家',
    repurchase:
      '50.0%（较 2026 年 9 月 +10 个百分点） | 上一周期下单的 2 家客户中 1 家再次下单 | ⚠️ 目标 55%',
    referral: '25.0%（较 2026 年 9 月 ±0 个百分点） | 4 家新客户中 1 家 | ✅ 目标 25%',
  },
} as const;

describe.each(LOCALES)('a report in %s', (locale: Locale) => {
  const t = translator(locale);
  const words = WORDS[locale];
  const now = figures({
    churned: 1,
    customersAtStart: 16,
    churnRate: 1 / 16,
    repurchasers: 1,
    previousBuyers: 2,
    repurchaseRate: 0.5,
    referred: 1,
    newCustomers: 4,
    referralShare: 0.25,
  });
  const before = figures({
    churned: 1,
    customersAtStart: 2,
    churnRate: 0.5,
    repurchaseRate: 0.4,
    referralShare: 0.25,
  });

  test('the retention rate beside the churn rate, from the same counts, the two reading 100 % together', () => {
    const shown = fields(
      reportMessage(t, {
        window: OCT,
        previous: SEP,
        figures: now,
        before,
        settings: workspaceSettings(locale),
      }),
    );
    const labels = Object.keys(shown);
    // Once, right before the churn rate (not also among the counts above).
    expect(
      labels.filter((l) => l === words.retention || l === t.plain('digest.f.retention')),
    ).toHaveLength(1);
    expect(labels.indexOf(words.churn) - labels.indexOf(words.retention)).toBe(1);
    expect(shown[words.retention]).toBe(EXPECTED[locale].retention);
    expect(shown[words.churn]).toBe(EXPECTED[locale].churn);
  });

  test('the repurchase rate and the referrals against their targets: the defaults, then a workspace’s own', () => {
    const settings = workspaceSettings(locale);
    const report = (s: typeof settings) =>
      fields(reportMessage(t, { window: OCT, previous: SEP, figures: now, before, settings: s }));
    const shown = report(settings);
    expect(shown[words.repurchase]).toBe(EXPECTED[locale].repurchase);
    expect(shown[words.referral]).toBe(EXPECTED[locale].referral);
    const own = report({
      ...settings,
      digest: {
        ...settings.digest,
        targets: { ...settings.digest.targets, repurchaseRate: 0.45, referralShare: 0.3 },
      },
    });
    expect(own[words.repurchase]!.split(' | ').at(-1)).toBe(
      t.plain('digest.target', { target: '45%' }).replace(/^/, '✅ '),
    );
    expect(own[words.referral]!.split(' | ').at(-1)).toBe(
      t.plain('digest.target', { target: '30%' }).replace(/^/, '⚠️ '),
    );
  });

  test('no customer at the start: neither rate', () => {
    const shown = fields(
      reportMessage(t, {
        window: OCT,
        previous: SEP,
        figures: figures({ churned: 0, customersAtStart: 0, churnRate: null }),
        before: undefined,
        settings: workspaceSettings(locale),
      }),
    );
    expect(shown[words.retention]!.startsWith('–')).toBe(true);
    expect(shown[words.churn]!.startsWith('–')).toBe(true);
  });
});
