import { describe, expect, test } from 'vitest';
import { LOCALES, translator } from '../../../src/i18n/index.js';
import {
  handoverCutShort,
  handoverDone,
  handoverMovedLate,
  unreachableDm,
} from '../../../src/ui/handover.js';
import type { HandoverResult, HandoverRun } from '../../../src/workspace/types.js';
import { ticket } from '../../helpers/records.js';
import { expectValidMessage } from '../../helpers/ui.js';

const FROM = 'U0LEAVER01';
const TO = 'U0RECEIVE1';

/** `count` tickets not moved, each with its card's permalink (a long line each) and why. */
function refusedTickets(count: number): HandoverResult {
  return {
    tickets: [],
    tasks: [],
    customers: [],
    withCustomer: ['task-1'],
    ownerWithoutRole: true,
    refused: Array.from({ length: count }, (_, i) => {
      const number = `T2026${String(i + 1).padStart(4, '0')}`;
      return {
        part: 'tickets' as const,
        ticket: ticket({
          number,
          card: {
            pending: false,
            permalink: `https://acme.slack.com/archives/C0TRIAGE01/p17640000000${String(i).padStart(5, '0')}`,
          },
        }),
        why: { key: 'handover.error.followsCustomer' as const, params: {} },
      };
    }),
  };
}

const sectionsOf = (blocks: unknown[]) => blocks.map((b: any) => String(b.text.text));

describe.each(LOCALES)('the hand-over summary in %s', (locale) => {
  const t = translator(locale);

  test('a few refusals: one section, the same text as the blocks', () => {
    const summary = handoverDone(t, FROM, TO, refusedTickets(3));
    expectValidMessage(summary);
    expect(summary.blocks).toHaveLength(1);
    expect(sectionsOf(summary.blocks)).toEqual([summary.text]);
    expect(String(summary.text).split('\n')).toHaveLength(1 + 3 + 2);
  });

  test('40 refusals: every one named, in order, in sections within 3000 characters; the notes after them; the text cut', () => {
    const summary = handoverDone(t, FROM, TO, refusedTickets(40));
    expectValidMessage(summary);
    const sections = sectionsOf(summary.blocks);
    expect(sections.length).toBeGreaterThan(1);
    for (const s of sections) {
      expect(s.length).toBeLessThanOrEqual(3000);
      expect(s.endsWith('…')).toBe(false);
    }
    const lines = sections.flatMap((s) => s.split('\n'));
    expect(lines).toHaveLength(1 + 40 + 2);
    for (let i = 0; i < 40; i++)
      expect(lines[1 + i]).toContain(`|T2026${String(i + 1).padStart(4, '0')}>`);
    expect(lines.at(-2)).toBe(String(t('handover.withCustomer', { count: 1 })));
    expect(lines.at(-1)).toBe(String(t('handover.ownerWithoutRole', { to: TO })));
    expect(summary.text.length).toBeLessThanOrEqual(3000);
    expect(summary.text.startsWith(lines[0]!)).toBe(true);
  });

  test('1,500 refusals (the most a hand-over finds: 500 of each part): as many named as Slack’s 50 blocks hold, then “and N more”, the notes kept', () => {
    const summary = handoverDone(t, FROM, TO, refusedTickets(1500));
    expectValidMessage(summary);
    expect(summary.blocks.length).toBeLessThanOrEqual(50);
    expect(summary.blocks.length).toBeGreaterThan(45);
    const sections = sectionsOf(summary.blocks);
    for (const s of sections) expect(s.length).toBeLessThanOrEqual(3000);
    const lines = sections.flatMap((s) => s.split('\n'));
    const named = lines.filter((l) => l.includes('|T2026'));
    expect(named.length).toBeGreaterThan(100);
    named.forEach((l, i) => expect(l).toContain(`|T2026${String(i + 1).padStart(4, '0')}>`));
    expect(lines.slice(-3)).toEqual([
      String(t('handover.refusedMore', { count: 1500 - named.length })),
      String(t('handover.withCustomer', { count: 1 })),
      String(t('handover.ownerWithoutRole', { to: TO })),
    ]);
    expect(lines).toHaveLength(1 + named.length + 3);
    expect(summary.text.length).toBeLessThanOrEqual(3000);
  });

  test('refusals past those a run keeps (HandoverResult.refusedMore): counted in the head and in one “and N more” after the kept ones, which counts them too when not all of those fit', () => {
    const few = handoverDone(t, FROM, TO, { ...refusedTickets(3), refusedMore: 7 });
    expectValidMessage(few);
    const fewLines = sectionsOf(few.blocks).flatMap((s) => s.split('\n'));
    expect(fewLines[0]).toBe(
      String(
        t('handover.done', { from: FROM, to: TO, tickets: 0, tasks: 0, customers: 0, refused: 10 }),
      ),
    );
    expect(fewLines.filter((l) => l.includes('|T2026'))).toHaveLength(3);
    expect(fewLines.slice(-3)).toEqual([
      String(t('handover.refusedMore', { count: 7 })),
      String(t('handover.withCustomer', { count: 1 })),
      String(t('handover.ownerWithoutRole', { to: TO })),
    ]);
    const many = handoverDone(t, FROM, TO, { ...refusedTickets(1500), refusedMore: 20 });
    expectValidMessage(many);
    expect(many.blocks.length).toBeLessThanOrEqual(50);
    const lines = sectionsOf(many.blocks).flatMap((s) => s.split('\n'));
    const named = lines.filter((l) => l.includes('|T2026'));
    expect(named.length).toBeGreaterThan(100);
    expect(lines.slice(-3)[0]).toBe(
      String(t('handover.refusedMore', { count: 1520 - named.length })),
    );
    expect(lines).toHaveLength(1 + named.length + 3);
  });
});

test('more found than one hand-over moves: the summary says what remains with the leaver and to run it again (en, zh-CN)', () => {
  const result: HandoverResult = {
    ...refusedTickets(0),
    withCustomer: [],
    ownerWithoutRole: false,
    moreLeft: ['tasks', 'customers'],
  };
  const en = handoverDone(translator('en'), FROM, TO, result).text;
  expect(en).toContain(
    `<@${FROM}> holds more than 500 open tasks: one hand-over moves 500, the rest stay with them. Run \`/desk handover\` again to move the rest.`,
  );
  expect(en).toContain(`<@${FROM}> holds more than 500 customers:`);
  expect(en).not.toContain('open tickets:');
  const zh = handoverDone(translator('zh-CN'), FROM, TO, result).text;
  expect(zh).toContain(`<@${FROM}> 持有的未完成任务超过 500 个`);
  expect(zh).toContain(`<@${FROM}> 持有的客户超过 500 家：每次移交最多 500 家`);
  expect(zh).toContain('请再次运行 `/desk handover` 移交其余部分');
  // Nothing more: no such note.
  expect(handoverDone(translator('en'), FROM, TO, refusedTickets(0)).text).not.toContain(
    'again to move the rest',
  );
});

test('a summary whose list is cut in its fallback text keeps its notes there: "more than 500" and the L3 warning (en, zh-CN)', () => {
  const result: HandoverResult = { ...refusedTickets(200), moreLeft: ['tickets'] };
  for (const [locale, more] of [
    ['en', `<@${FROM}> holds more than 500 open tickets: one hand-over moves 500`],
    ['zh-CN', `<@${FROM}> 持有的未结工单超过 500 张`],
  ] as const) {
    const { text } = handoverDone(translator(locale), FROM, TO, result);
    expect(text.length).toBeLessThanOrEqual(3000);
    const lines = text.split('\n');
    // The list cut, then its three notes (with the customers, the L3 warning, more left).
    expect(lines.at(-1)).toContain(more);
    expect(lines.at(-2)).toContain(`<@${TO}>`);
    expect(lines.at(-4)!.endsWith('…')).toBe(true);
  }
});

test('the managers’ "no longer receives" DM in Chinese: "超过 500" and the counts spaced as the rest of the catalogue, no stray space before 超过', () => {
  const zh = translator('zh-CN');
  expect(unreachableDm(zh, FROM, { tickets: 501, tasks: 2, customers: 501 }).text).toBe(
    `:warning: <@${FROM}> 已无法接收 Slack 消息，仍持有超过 500 张未结工单、2 个未完成任务、超过 500 家客户。请用 \`/desk handover\` 移交。`,
  );
  expect(unreachableDm(zh, FROM, { tickets: 1, tasks: 0, customers: 0 }).text).toContain(
    '仍持有 1 张未结工单、0 个未完成任务、0 家客户。',
  );
});

test('a hand-over cut short whose leaver holds more than it named: the manager is told to run it again for the rest (en, zh-CN), not when they do not', () => {
  const run: HandoverRun = {
    by: 'U0MANAGER1',
    from: FROM,
    to: TO,
    parts: ['tickets'],
    ticketIds: ['t1'],
    taskIds: [],
    customerCodes: [],
    summary: true,
  };
  const moved = { tickets: [], tasks: [], customers: [] };
  const at = { now: new Date('2026-11-24T02:00:00Z'), timeZone: 'Asia/Shanghai' };
  const said = (locale: 'en' | 'zh-CN', more: boolean) =>
    handoverCutShort(translator(locale), run, { moved, left: 0, more }, at)!.text;
  expect(said('en', true)).toContain(
    `Nothing it set out to move is still <@${FROM}>’s. <@${FROM}> also holds more than it set out to move (it had not read them yet): run \`/desk handover\` again for the rest.`,
  );
  expect(said('en', false)).toMatch(/Nothing it set out to move is still <@U0LEAVER01>’s\.$/);
  expect(said('zh-CN', true)).toContain(
    `原定移交的内容已全部不在 <@${FROM}> 名下。<@${FROM}> 名下还有本次原定移交之外（尚未读取）的内容：请再次运行 \`/desk handover\` 移交其余部分。`,
  );
  expect(said('zh-CN', false)).toMatch(/名下。$/);
});

test('a held summary gone out naming nothing (all it set out to move taken up by another run between the same two): the manager still hears that it moved nothing itself; the receiver’s held DM says nothing (en, zh-CN)', () => {
  const run: HandoverRun = {
    by: 'U0MANAGER1',
    from: FROM,
    to: TO,
    parts: ['tickets'],
    ticketIds: [],
    taskIds: [],
    customerCodes: [],
  };
  const moved = { tickets: [], tasks: [], customers: [] };
  const at = { now: new Date('2026-11-24T02:00:00Z'), timeZone: 'Asia/Shanghai' };
  expect(handoverCutShort(translator('en'), run, { moved, left: 0 }, at)).toBeNull();
  const said = (locale: 'en' | 'zh-CN', cut: { more?: boolean; finished?: boolean }) =>
    handoverCutShort(translator(locale), { ...run, summary: true }, { moved, left: 0, ...cut }, at)!
      .text;
  expect(said('en', {})).toBe(
    `:warning: Your hand-over of <@${FROM}>’s work to <@${TO}> stopped before it was done (the desk was restarted or stopped): it moved nothing itself. What it set out to move was taken up by another hand-over from <@${FROM}> to <@${TO}>, whose notices tell of it.`,
  );
  expect(said('en', { finished: true, more: true })).toBe(
    `:warning: Your hand-over of <@${FROM}>’s work to <@${TO}> ran to its end, but its summary could not be saved: it moved nothing itself. What it set out to move was taken up by another hand-over from <@${FROM}> to <@${TO}>, whose notices tell of it. <@${FROM}> also holds more than it set out to move (it had not read them yet): run \`/desk handover\` again for the rest.`,
  );
  expect(said('zh-CN', {})).toBe(
    `:warning: 你将 <@${FROM}> 的工作移交给 <@${TO}> 的操作未完成即中断（系统重启或停止）：本次自身未移交任何内容。原定移交的内容已由另一次从 <@${FROM}> 到 <@${TO}> 的移交接手，其通知会逐项说明。`,
  );
  expect(said('zh-CN', { finished: true })).toContain('已执行完毕，但其摘要未能保存');
});

test('a held summary gone out for a run that went on to its end (only its summary not saved): said done, not stopped (en, zh-CN)', () => {
  const run: HandoverRun = {
    by: 'U0MANAGER1',
    from: FROM,
    to: TO,
    parts: ['tickets'],
    ticketIds: ['t1', 't2'],
    taskIds: [],
    customerCodes: [],
    summary: true,
  };
  const moved = { tickets: [], tasks: [], customers: [] };
  const at = { now: new Date('2026-11-24T02:00:00Z'), timeZone: 'Asia/Shanghai' };
  const said = (locale: 'en' | 'zh-CN') =>
    handoverCutShort(translator(locale), run, { moved, left: 2, finished: true }, at)!.text;
  expect(said('en')).toBe(
    `:warning: Your hand-over of <@${FROM}>’s work to <@${TO}> ran to its end, but its summary could not be saved: 0 open tickets, 0 tasks and 0 customers moved. 2 records it set out to move are still <@${FROM}>’s: run \`/desk handover\` again to move them; its summary names any that cannot be moved, with why.`,
  );
  expect(said('zh-CN')).toBe(
    `:warning: 你将 <@${FROM}> 的工作移交给 <@${TO}> 的操作已执行完毕，但其摘要未能保存：已移交未结工单 0 张、任务 0 个、客户 0 家。原定移交的内容中仍有 2 项在 <@${FROM}> 名下：请再次运行 \`/desk handover\` 移交；无法移交的，其摘要会逐项列出原因。`,
  );
  for (const locale of ['en', 'zh-CN'] as const) expect(said(locale)).not.toMatch(/restarted|重启/);
});

test('the manager’s line of what a run moved after its notices went out names only the kinds it moved, and says the receiver was told only when they were (en, zh-CN)', () => {
  const en = translator('en');
  const zh = translator('zh-CN');
  const line = (t: typeof en, counts: { tickets: number; tasks: number; customers: number }) =>
    [true, false].map(
      (told) => handoverMovedLate(t, 'U0LEAVER01', 'U0RECEIVE1', { ...counts, told }).text,
    );
  expect(line(en, { tickets: 1, tasks: 0, customers: 0 })).toEqual([
    ':information_source: After the notices of your hand-over of <@U0LEAVER01>’s work to <@U0RECEIVE1> went out, 1 open ticket also moved to <@U0RECEIVE1>: it is no longer <@U0LEAVER01>’s. <@U0RECEIVE1> has now been told of it.',
    ':information_source: After the notices of your hand-over of <@U0LEAVER01>’s work to <@U0RECEIVE1> went out, 1 open ticket also moved to <@U0RECEIVE1>: it is no longer <@U0LEAVER01>’s.',
  ]);
  expect(line(en, { tickets: 2, tasks: 0, customers: 1 })[0]).toBe(
    ':information_source: After the notices of your hand-over of <@U0LEAVER01>’s work to <@U0RECEIVE1> went out, 2 open tickets and 1 customer also moved to <@U0RECEIVE1>: they are no longer <@U0LEAVER01>’s. <@U0RECEIVE1> has now been told of them.',
  );
  expect(line(en, { tickets: 1, tasks: 3, customers: 2 })[1]).toContain(
    ', 1 open ticket, 3 tasks and 2 customers also moved to',
  );
  expect(line(zh, { tickets: 0, tasks: 2, customers: 1 })).toEqual([
    ':information_source: 你将 <@U0LEAVER01> 的工作移交给 <@U0RECEIVE1> 的通知发出之后，又有任务 2 个和客户 1 家移交给了 <@U0RECEIVE1>，这 3 项已不在 <@U0LEAVER01> 名下。现已通知 <@U0RECEIVE1>。',
    ':information_source: 你将 <@U0LEAVER01> 的工作移交给 <@U0RECEIVE1> 的通知发出之后，又有任务 2 个和客户 1 家移交给了 <@U0RECEIVE1>，这 3 项已不在 <@U0LEAVER01> 名下。',
  ]);
  for (const t of [en, zh])
    expectValidMessage(
      handoverMovedLate(t, 'U0LEAVER01', 'U0RECEIVE1', {
        tickets: 1,
        tasks: 1,
        customers: 1,
        told: true,
      }),
    );
});
