// wording item 4, the lead's choice (b): the 72 h figure's label is short ("Resolved within 72 h",
// 72 小时内解决率: the chart draws it, with the font subset's glyphs), and the digest and the
// report say under their service figures, outside the chart, that the hours are business time,
// 24x7 tickets around the clock; the target's field in `/desk settings digest` says so as its hint.
import { describe, expect, test } from 'vitest';
import { LOCALES, translator } from '../../src/i18n/index.js';
import { digestMessage } from '../../src/ui/digest.js';
import { reportMessage } from '../../src/ui/report.js';
import { settingsGroupModal } from '../../src/ui/settings.js';
import { settingsFormData } from '../../src/workspace/form.js';
import { weekFigures, weekWindow, workspaceSettings } from '../helpers/records.js';
import { expectValidMessage, fields } from '../helpers/ui.js';
import { emptyOctoberFigures, OCT, SEP } from '../helpers/report-figures.js';

const WORDS = {
  en: {
    label: 'Resolved within 72 h',
    note: 'Resolved within 72 h: 72 hours of business time; 24x7 tickets count around the clock.',
    field: 'Target: resolved within 72 h (%)',
    hint: 'Hours of business time; 24x7 tickets count around the clock.',
  },
  'zh-CN': {
    label: '72 小时内解决率',
    note: '72 小时内解决率：按 72 个工作小时计算；全天候计时的工单按自然时间。',
    field: '目标：72 小时内解决率（%）',
    hint: '按工作时间计算；全天候计时的工单按自然时间。',
  },
} as const;

/** The context lines (`type: context`) of a message, their text. */
const contexts = (blocks: unknown[]) =>
  (blocks as { type: string; elements?: { text?: string }[] }[])
    .filter((b) => b.type === 'context')
    .map((b) => (b.elements ?? []).map((e) => e.text).join(''));

describe.each(LOCALES)('the 72 h figure in %s', (locale) => {
  const t = translator(locale);
  const settings = workspaceSettings(locale);
  const words = WORDS[locale];

  test('the digest: the short label, and the business-hours line under the service figures', () => {
    const message = digestMessage(
      t,
      weekWindow(),
      weekFigures(),
      undefined,
      settings.digest.targets,
    );
    expectValidMessage(message);
    expect(Object.keys(fields(message.blocks))).toContain(words.label);
    expect(JSON.stringify(message.blocks)).not.toMatch(/72 business hours|72 工作小时内/);
    const lines = contexts(message.blocks);
    expect(lines).toContain(words.note);
    // Once, right after the service section's figures.
    const at = (message.blocks as { type: string }[]).findIndex(
      (b) => b.type === 'context' && contexts([b])[0] === words.note,
    );
    expect(JSON.stringify(message.blocks[at - 1])).toContain(words.label);
    expect(lines.filter((l) => l === words.note)).toHaveLength(1);
  });

  test('the monthly report: the short label, and the same line', () => {
    const figures = emptyOctoberFigures();
    const report = reportMessage(t, {
      window: OCT,
      previous: SEP,
      figures,
      before: undefined,
      settings,
    });
    expectValidMessage(report);
    expect(Object.keys(fields(report.blocks))).toContain(words.label);
    expect(contexts(report.blocks).filter((l) => l === words.note)).toHaveLength(1);
  });

  test('/desk settings digest: the target’s label is short, its hint says business time', () => {
    const view = settingsGroupModal(t, {
      group: 'digest',
      values: settingsFormData('digest', settings),
      metadata: '{}',
    });
    const input = (
      view.blocks as { block_id?: string; label?: { text: string }; hint?: { text: string } }[]
    ).find((b) => b.block_id === 'target_72h');
    expect(input?.label?.text).toBe(words.field);
    expect(input?.hint?.text).toBe(words.hint);
  });
});
