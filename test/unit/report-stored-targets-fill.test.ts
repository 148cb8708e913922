// The targets stored with a report are read key by key: one missing from them (a target added
// to the settings after the report was stored; reports stored before 2026-12-07 have none) is
// filled from today's settings, and the CSV marks it as today's (`targetNow`), never as the
// period's. (revp64 F3: the stored object was taken whole, so a target added later read as
// undefined: no target shown, no CSV row.) The message's builder, en and zh-CN.
import { describe, expect, test } from 'vitest';
import type { ReportFigures } from '../../src/digest/types.js';
import { LOCALES, translator, type Locale } from '../../src/i18n/index.js';
import { reportCsvRows, reportMessage, reportTargets } from '../../src/ui/report.js';
import { workspaceSettings } from '../helpers/records.js';
import { emptyOctoberFigures, OCT, SEP } from '../helpers/report-figures.js';

const settings = workspaceSettings('en');
const today = { ...settings.digest.targets, repurchaseRate: 0.45, referralShare: 0.3 };
/** October stored with its targets then, from before `referralShare` was a target. */
function october(): ReportFigures {
  const f = emptyOctoberFigures();
  const { referralShare: _added, ...then } = { ...settings.digest.targets, repurchaseRate: 0.55 };
  return {
    ...f,
    retention: {
      ...f.retention,
      repurchasers: 1,
      previousBuyers: 2,
      repurchaseRate: 0.5,
      referred: 1,
      newCustomers: 4,
      referralShare: 0.25,
    },
    targets: then as ReportFigures['targets'],
  };
}

describe('a stored report lacking a target', () => {
  test('reportTargets: the stored ones kept, the missing one filled from today and named', () => {
    const read = reportTargets(october().targets, today);
    expect(read.targets.repurchaseRate).toBe(0.55);
    expect(read.targets.referralShare).toBe(0.3);
    expect(read.now).toEqual(['referralShare']);
    expect(read.kept).not.toContain('referralShare');
    // None stored (before they were kept): all today's, all named.
    expect(reportTargets(undefined, today).now).toEqual(Object.keys(today));
    // A value that is no number (a damaged record) is not taken as a target.
    const odd = reportTargets({ ...october().targets, satisfaction: null }, today);
    expect(odd.targets.satisfaction).toBe(today.satisfaction);
    expect(odd.now).toEqual(['satisfaction', 'referralShare']);
  });

  test('the CSV: the stored targets as `target` rows, the filled one as `targetNow`', () => {
    const rows = reportCsvRows(OCT, october(), undefined, today).map((r) => r.join(','));
    expect(rows).toContain('month,2026-10,target,repurchaseRate,,0.55');
    expect(rows).toContain('month,2026-10,targetNow,referralShare,,0.3');
    const targetRows = (figure: string) =>
      rows.filter((r) => /,target(Now)?,/.test(r) && r.includes(`,${figure},,`));
    expect(targetRows('referralShare')).toHaveLength(1);
    expect(targetRows('repurchaseRate')).toHaveLength(1);
  });

  describe.each(LOCALES)('the message in %s', (locale: Locale) => {
    const t = translator(locale);
    test('the stored target and the filled one are both shown (no undefined)', () => {
      const message = reportMessage(t, {
        window: OCT,
        previous: SEP,
        figures: october(),
        before: emptyOctoberFigures(),
        settings: {
          ...workspaceSettings(locale),
          digest: { ...workspaceSettings(locale).digest, targets: today },
        },
      });
      const text = JSON.stringify(message.blocks);
      expect(text).not.toContain('undefined');
      expect(text).not.toContain('NaN');
      const target = (v: string) => t.plain('digest.target', { target: v });
      expect(text).toContain(target('55%'));
      expect(text).toContain(target('30%'));
      expect(text).not.toContain(target('45%'));
    });
  });
});
