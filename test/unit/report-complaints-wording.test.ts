// revdigestzh F3 (landed in 1945906c), the case its e2e test (report-empty-wording) leaves out: a
// report's complaints line with a figure reads the per-100-tickets figure in the digest's words
// (每百张工单投诉数 33.3 / "complaints per 100 tickets: 33.3"), with no unit after it, in zh-CN and en.
import { describe, expect, test } from 'vitest';
import { LOCALES, translator } from '../../src/i18n/index.js';
import { reportMessage } from '../../src/ui/report.js';
import { workspaceSettings } from '../helpers/records.js';
import { mrkdwn } from '../helpers/ui.js';
import { emptyOctoberFigures, OCT, SEP } from '../helpers/report-figures.js';

const LINE = {
  en: '1 complaint, 3 customers served; complaints per 100 tickets: 33.3',
  'zh-CN': '投诉 1 件，服务客户 3 家；每百张工单投诉数 33.3',
} as const;

describe.each(LOCALES)('the complaints line of a report in %s', (locale) => {
  test('the per-100-tickets figure in the digest’s words, no unit after it', () => {
    const t = translator(locale);
    const figures = emptyOctoberFigures();
    figures.retention = {
      ...figures.retention,
      complaints: 1,
      customersServed: 3,
      complaintsPer100Tickets: 100 / 3,
    };
    const text = mrkdwn(
      reportMessage(t, {
        window: OCT,
        previous: SEP,
        figures,
        before: undefined,
        settings: workspaceSettings(locale),
      }),
    );
    expect(text).toContain(LINE[locale]);
    // The digest's label, word for word.
    expect(LINE[locale].toLowerCase()).toContain(
      String(t('digest.f.complaintsPer100')).toLowerCase(),
    );
  });
});
