import { describe, expect, test } from 'vitest';
import type { WeekFigures } from '../../../src/digest/types.js';
import { LOCALES, translator } from '../../../src/i18n/index.js';
import { digestMessage, rateAltItems, rateChartLines, signed } from '../../../src/ui/digest.js';
import { agentFigures, weekFigures, weekWindow, workspaceSettings } from '../../helpers/records.js';
import { expectValidMessage, fields, mrkdwn } from '../../helpers/ui.js';
import { keep } from '../../../src/ui/text.js';

/** The week before: some figures up, some down, NPS unchanged. */
const previous = weekFigures({
  opened: 40,
  responseOnTime: 0.95,
  satisfaction: 90,
  medianFirstResponseMinutes: 50,
  retention: 1,
});

const WORDS = {
  en: {
    title: 'Weekly KPI digest · 2026-W47 (2026-11-16 – 2026-11-22)',
    figures:
      ': 42 new tickets, 38 resolved; resolutions within SLA: 92.1%, first responses on time: 97.5%; 1 churn warning',
    opened: 'Opened',
  },
  'zh-CN': {
    title: '每周 KPI 摘要 · 2026 年第 47 周（2026-11-16 至 2026-11-22）',
    figures:
      '：新建工单 42 张，已解决 38 张；SLA 内解决率 92.1%，首次响应及时率 97.5%；流失预警 1 家',
    opened: '新建',
  },
} as const;

describe.each(LOCALES)('digest builders in %s', (locale) => {
  const t = translator(locale);
  /** A figure and its change, as the language writes them (no space before "（" in Chinese). */
  const vc = (value: string, change: string) =>
    t('format.valueChange', { value, change }) as string;
  const digest = (figures: WeekFigures, before: WeekFigures | undefined) =>
    digestMessage(t, weekWindow(), figures, before, workspaceSettings(locale).digest.targets);
  const shown = (figures: WeekFigures, before: WeekFigures | undefined) => {
    const f = fields(digest(figures, before).blocks);
    return (figure: Parameters<typeof t>[0]) => f[t(figure)];
  };

  test('with the week before: valid; title with the week and its Monday to Sunday', () => {
    const message = digest(weekFigures(), previous);
    expectValidMessage(message);
    // The notification names the key figures, not only the title.
    expect(message.text).toBe(WORDS[locale].title + WORDS[locale].figures);
    expect(message.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: WORDS[locale].title },
    });
    for (const section of [
      'digest.section.tickets',
      'digest.section.service',
      'digest.section.satisfaction',
      'digest.section.customers',
      'digest.section.agents',
    ] as const)
      expect(mrkdwn(message)).toContain(`*${t(section)}*`);
    expect(message).toMatchSnapshot();
  });

  test('each figure: value, change from the week before, and its target met or missed', () => {
    const figure = shown(weekFigures(), previous);
    expect(figure('digest.f.opened')).toBe(vc('42', t('digest.change', { delta: '+2' })));
    expect(figure('digest.f.responseOnTime')).toBe(
      `${vc('97.5%', t('digest.changePoints', { delta: '+2.5' }))}\n✅ ${t('digest.target', { target: '95%' })}`,
    );
    expect(figure('digest.f.satisfaction')).toBe(
      `${vc('88.4', t('digest.change', { delta: '−1.6' }))}\n${t('digest.base.answers', { count: 25 })}\n⚠️ ${t('digest.target', { target: '90' })}`,
    );
    expect(figure('digest.f.nps')).toBe(
      `${vc('40', t('digest.change', { delta: '±0' }))}\n${t('digest.base.answers', { count: 20 })}\n⚠️ ${t('digest.target', { target: '85' })}`,
    );
    expect(figure('digest.f.medianFirstResponseMinutes')).toBe(
      vc(
        t('duration.m', { m: 35 }),
        t('digest.change', { delta: `−${t('duration.m', { m: 15 })}` }),
      ),
    );
    expect(figure('digest.f.medianResolutionMinutes')).toBe(
      vc(
        t('duration.hm', { h: 4, m: 5 }),
        t('digest.change', { delta: `±${t('duration.m', { m: 0 })}` }),
      ),
    );
    // rates always carry one decimal, so 99.0% and 99.4% read alike; targets read as set
    expect(figure('digest.f.retention')).toBe(
      vc('99.0%', t('digest.changePoints', { delta: '−1' })),
    );
    expect(figure('digest.f.firstContactResolution')).toContain(
      `✅ ${t('digest.target', { target: '85%' })}`,
    );
    expect(figure('digest.f.verySatisfiedShare')).toContain(
      `✅ ${t('digest.target', { target: '30%' })}`,
    );
  });

  test('without a week before (first digest): values and targets, no changes', () => {
    const message = digest(weekFigures(), undefined);
    expectValidMessage(message);
    const figure = shown(weekFigures(), undefined);
    expect(figure('digest.f.opened')).toBe('42');
    expect(figure('digest.f.responseOnTime')).toBe(
      `97.5%\n✅ ${t('digest.target', { target: '95%' })}`,
    );
    for (const key of ['digest.change', 'digest.changePoints'] as const) {
      // the words around the delta, e.g. " vs last week)"
      const [words] = t(key, { delta: '|' })
        .split('|')
        .sort((a, b) => b.length - a.length);
      expect(mrkdwn(message)).not.toContain(words);
    }
    expect(message).toMatchSnapshot();
  });

  test('a rate short of all reads 99.9%, not 100.0%, one above none 0.1%, not 0.0%; the mark goes by the figure as read', () => {
    const figure = shown(
      weekFigures({ responseOnTime: 2000 / 2001, firstContactResolution: 1 / 2001 }),
      undefined,
    );
    expect(figure('digest.f.responseOnTime')).toBe(
      `99.9%\n✅ ${t('digest.target', { target: '95%' })}`,
    );
    expect(figure('digest.f.firstContactResolution')).toBe(
      `0.1%\n⚠️ ${t('digest.target', { target: '85%' })}`,
    );
    // All of them, and none, still read as such.
    expect(shown(weekFigures({ responseOnTime: 1 }), undefined)('digest.f.responseOnTime')).toMatch(
      /^100\.0%/,
    );
  });

  test("the chart's alt text and its point labels say each rate as the message does: 23 of 80 on time is 28.8%, not 28.7%", () => {
    const figures = weekFigures({ responseOnTime: 23 / 80 });
    const targets = workspaceSettings(locale).digest.targets;
    expect(shown(figures, undefined)('digest.f.responseOnTime')).toMatch(/^28\.8%/);
    expect(rateAltItems(t, targets, figures)).toContain(
      t.plain('digest.chart.altItem', {
        name: t.plain('digest.f.responseOnTime'),
        value: '28.8%',
        target: '95%',
      }),
    );
    const line = rateChartLines(t, targets, [figures]).series.find((s) =>
      s.name.startsWith(t.plain('digest.f.responseOnTime')),
    )!;
    expect(line.format!(line.values[0]!)).toBe('28.8%');
  });

  test('a change is the difference of the figures as read: 94.9% last week, 90.1% now is −4.8 pts, not −4.9', () => {
    const figure = shown(
      weekFigures({ responseOnTime: 0.9006, satisfaction: 80.06 }),
      weekFigures({ responseOnTime: 0.9494, satisfaction: 80.14 }),
    );
    expect(figure('digest.f.responseOnTime')).toContain(
      vc('90.1%', t('digest.changePoints', { delta: '−4.8' })),
    );
    expect(figure('digest.f.satisfaction')).toContain(
      vc('80.1', t('digest.change', { delta: '±0' })),
    );
  });

  test('a change that rounds to nothing where it is shown reads ±0, never +0 or −0', () => {
    for (const n of [0.04, -0.04, 0.0001, -0.049]) expect(signed(n, 1)).toBe('±0');
    for (const n of [0.4, -0.4, 0.0001]) expect(signed(n)).toBe('±0');
    expect(signed(0.06, 1)).toBe('+0.1');
    expect(signed(-0.06, 1)).toBe('−0.1');
    expect(signed(0.6)).toBe('+1');
    expect(signed(-0.6)).toBe('−1');
    // As the digest writes it: "(±0 pts vs last week)", "（较上周 ±0 个百分点）".
    expect(t('digest.changePoints', { delta: signed(0.04, 1) })).toBe(
      t('digest.changePoints', { delta: '±0' }),
    );
    expect(t('digest.change', { delta: signed(-0.4) })).toBe(t('digest.change', { delta: '±0' }));
  });

  test('a figure with no value reads "–", with no change and no target', () => {
    const figure = shown(weekFigures({ responseOnTime: null, satisfaction: null }), previous);
    expect(figure('digest.f.responseOnTime')).toBe('–');
    expect(figure('digest.f.satisfaction')).toBe('–');
  });

  test('the follow-ups closed as not reached are said under the on-time share; a week stored before they were counted (none) or without any says nothing', () => {
    const counted = shown(weekFigures({ revisitsOnTime: 1, followUpsNotReached: 2 }), undefined);
    // Of how many were due (12), then the ones not reached.
    const of12 = (part: number) => t('digest.base.partOf', { count: 12, part });
    expect(counted('digest.f.revisitsOnTime')).toBe(
      `100.0%\n${of12(12)}\n${t('digest.notReached', { count: 2 })}`,
    );
    expect(t('digest.notReached', { count: 2 })).toBe(
      locale === 'en' ? '2 follow-ups: customer not reached' : '2 次未联系上客户',
    );
    // weekFigures is a week stored before the count was kept: no field, no line.
    expect(weekFigures()).not.toHaveProperty('followUpsNotReached');
    const old = shown(weekFigures({ revisitsOnTime: 0.75 }), undefined)('digest.f.revisitsOnTime');
    expect(old).toBe(`75.0%\n${of12(9)}`);
    expect(
      shown(
        weekFigures({ revisitsOnTime: 0.75, followUpsNotReached: 0 }),
        undefined,
      )('digest.f.revisitsOnTime'),
    ).toBe(`75.0%\n${of12(9)}`);
  });

  test('follow-ups done on time say of how many were due: 0.0% of one reads as one missed', () => {
    const one = shown(weekFigures({ revisitsOnTime: 0, revisitsDue: 1 }), undefined);
    expect(one('digest.f.revisitsOnTime')).toBe(
      `0.0%\n${t('digest.base.partOf', { count: 1, part: 0 })}`,
    );
    expect(t('digest.base.partOf', { count: 3, part: 2 })).toBe(
      locale === 'en' ? '(2 of 3)' : '（2/3 次）',
    );
    // None due: no share, nothing under it.
    const none = shown(weekFigures({ revisitsOnTime: null, revisitsDue: 0 }), undefined);
    expect(none('digest.f.revisitsOnTime')).toBe('–');
  });

  test('customers per tier and tier changes', () => {
    expect(mrkdwn(digest(weekFigures(), previous))).toContain(
      t('digest.tiers', { strategic: 4, key: 12, normal: 80, prospects: 0, ups: 1, downs: 2 }),
    );
  });

  test('customers per tier and tier changes in thousands read grouped, as every other count', () => {
    const many = weekFigures({
      byTier: { strategic: 1234, key: 12345, normal: 123456 },
      tierUps: 1500,
      tierDowns: 2500,
    });
    const text = mrkdwn(digest(many, previous));
    for (const n of ['1,234', '12,345', '123,456', '1,500', '2,500']) expect(text).toContain(n);
    expect(text).not.toContain('123456');
  });

  test('one line per agent: a digest stored before the new figures reads as it did, without a figure it has no data for', () => {
    // weekFigures' agents are as stored before first responses, FCR, handling time and
    // follow-ups were kept; the second has no rating.
    const line = (user: string, parts: string[]) =>
      t('digest.agent', { user, figures: parts.join(' · ') });
    expect(mrkdwn(digest(weekFigures(), previous))).toContain(
      [
        line('UAGENT', [
          t('digest.agent.resolved', { count: 7 }),
          t('digest.agent.withinSla', { rate: '85.7%' }),
          t('digest.agent.satisfaction', { score: '92' }),
        ]),
        line('UAGENT2', [
          t('digest.agent.resolved', { count: 3 }),
          t('digest.agent.withinSla', { rate: '85.7%' }),
        ]),
      ].join('\n'),
    );
  });

  test('an agent line names first responses on time, first-contact resolution, handling time and follow-ups done', () => {
    const perAgent = [
      agentFigures({
        responded: 4,
        responseOnTime: 0.75,
        firstContactResolution: 0.5,
        medianHandlingMinutes: 125,
        followUpsDone: 2,
      }),
      // Answered first, resolved none: no resolution figures, nor "0 resolved".
      agentFigures({
        agentId: 'UAGENT2',
        handled: 0,
        onTime: null,
        satisfaction: null,
        responded: 1,
        responseOnTime: 1,
        firstContactResolution: null,
        medianHandlingMinutes: null,
        followUpsDone: 0,
      }),
    ];
    const text = mrkdwn(digest(weekFigures({ perAgent }), previous));
    expect(text).toContain(
      t('digest.agent', {
        user: 'UAGENT',
        figures: [
          t('digest.agent.resolved', { count: 7 }),
          t('digest.agent.withinSla', { rate: '85.7%' }),
          t('digest.agent.responseOnTime', { rate: '75.0%' }),
          t('digest.agent.fcr', { rate: '50.0%' }),
          t('digest.agent.handling', { time: keep(t('duration.hm', { h: 2, m: 5 })) }),
          t('digest.agent.satisfaction', { score: '92' }),
          t('digest.agent.followUps', { count: 2 }),
        ].join(' · '),
      }),
    );
    expect(text).toContain(
      t('digest.agent', {
        user: 'UAGENT2',
        figures: keep(t('digest.agent.responseOnTime', { rate: '100.0%' })),
      }),
    );
    expect(text).not.toMatch(/NaN|undefined/);
  });

  test('ten agents with every figure at its longest fit the message limits', () => {
    const perAgent = Array.from({ length: 13 }, (_, i) =>
      agentFigures({
        agentId: `U0${i}ABCDEFGHIJKLMNOPQRSTUVWXYZ`.slice(0, 30),
        handled: 123_456,
        onTime: 0.987,
        satisfaction: 99.9,
        responded: 123_456,
        responseOnTime: 0.987,
        firstContactResolution: 0.987,
        medianHandlingMinutes: 99_999,
        followUpsDone: 123_456,
      }),
    );
    const message = digest(weekFigures({ perAgent }), previous);
    expectValidMessage(message);
    const text = mrkdwn(message);
    expect(text).toContain(t('digest.moreAgents', { count: 3 }));
    expect(text.match(/<@U0\d+[A-Z]+>/g) ?? []).toHaveLength(10);
  });

  test.each([
    { agents: 0, lines: 0, more: undefined },
    { agents: 10, lines: 10, more: undefined },
    { agents: 13, lines: 10, more: 3 },
  ])('$agents agents: $lines lines, "and N more" = $more', ({ agents, lines, more }) => {
    const perAgent = Array.from({ length: agents }, (_, i) => agentFigures({ agentId: `U${i}` }));
    const message = digest(weekFigures({ perAgent }), previous);
    expectValidMessage(message);
    const text = mrkdwn(message);
    expect(text.match(/<@U\d+>/g) ?? []).toHaveLength(lines);
    expect(text.includes(t('digest.noAgents'))).toBe(agents === 0);
    expect(text.includes(t('digest.moreAgents', { count: more ?? 0 }))).toBe(more !== undefined);
  });

  test('a first digest with fewer than two weeks of figures says the chart comes later; with none in the chart weeks, that none has figures', () => {
    const targets = workspaceSettings(locale).digest.targets;
    for (const chartWeeks of [0, 1]) {
      const message = digestMessage(t, weekWindow(), weekFigures(), undefined, targets, {
        chartWeeks,
      });
      expectValidMessage(message);
      expect(message.blocks.at(-1)).toMatchObject({ type: 'context' });
      expect(mrkdwn(message)).toContain(
        chartWeeks === 0
          ? t('digest.chartNone', { weeks: 8 })
          : t('digest.chartLater', { count: chartWeeks }),
      );
    }
    const later = digestMessage(t, weekWindow(), weekFigures(), previous, targets, {
      chartWeeks: 2,
    });
    expect(mrkdwn(later)).not.toContain(t('digest.chartLater', { count: 2 }));
  });

  test('the figures are labelled in this language', () => {
    expect(fields(digest(weekFigures(), undefined).blocks)).toHaveProperty(WORDS[locale].opened);
  });
});
