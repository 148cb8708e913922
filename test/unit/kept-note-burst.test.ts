import { describe, expect, test } from 'vitest';
import { LOCALES, translator } from '../../src/i18n/index.js';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { KEPT_NOTE_BURST_MS, keptNoteBurst, type TicketEvent } from '../../src/ticket/types.js';
import { keptNoteNotice } from '../../src/ui/ticket.js';
import { ticket, ticketEvent } from '../helpers/records.js';

const T0 = Date.parse('2026-11-24T02:00:00Z');
/** An undescribed author's reply kept as the desk's note, `min` minutes after T0. */
const kept = (min: number, writer = 'UGUEST1'): TicketEvent =>
  ticketEvent({
    action: 'note',
    by: SYSTEM_ACTOR,
    writer,
    source: `C0CUST:${min}.000100`,
    text: 'words',
    at: new Date(T0 + min * 60_000),
  });
const other = (action: TicketEvent['action'], min: number): TicketEvent =>
  ticketEvent({ action, by: 'UAGENT', at: new Date(T0 + min * 60_000) });

describe('keptNoteBurst: the burst of undescribed replies an event is in', () => {
  test('replies within KEPT_NOTE_BURST_MS of the first are one burst (other notes between count for nothing); the next starts another', () => {
    const windowMin = KEPT_NOTE_BURST_MS / 60_000;
    const timeline = [
      other('resolve', 0),
      kept(1),
      kept(2, 'UGUEST2'),
      ticketEvent({ action: 'note', by: 'UAGENT', text: 'ours', at: new Date(T0 + 3 * 60_000) }),
      kept(windowMin + 0.5),
      kept(windowMin + 1),
    ];
    expect([1, 2, 3, 4, 5, 6].map((seq) => keptNoteBurst(timeline, seq))).toEqual([
      undefined,
      { lead: 2, count: 3 },
      { lead: 2, count: 3 },
      undefined,
      { lead: 2, count: 3 },
      { lead: 6, count: 1 },
    ]);
  });

  test('a reply kept after its burst’s notice went (past `told`’s through) starts a burst of its own, even within the window; the notices repair finds the same', () => {
    const timeline = [other('resolve', 0), kept(1), kept(2), kept(3), kept(4)];
    const told = [{ lead: 2, through: 3 }];
    expect([2, 3, 4, 5].map((seq) => keptNoteBurst(timeline, seq, told))).toEqual([
      { lead: 2, count: 2 },
      { lead: 2, count: 2 },
      { lead: 4, count: 2 },
      { lead: 4, count: 2 },
    ]);
    // Its own notice went too, telling only the first of it: the next is a burst again.
    const both = [...told, { lead: 4, through: 4 }];
    expect([4, 5].map((seq) => keptNoteBurst(timeline, seq, both))).toEqual([
      { lead: 4, count: 1 },
      { lead: 5, count: 1 },
    ]);
    // Without the record, one burst as before.
    expect(keptNoteBurst(timeline, 5)).toEqual({ lead: 2, count: 4 });
  });

  test('a notice recorded by its marks (`toldIn`, no through): a reply it did not mark starts a burst of its own, even within the window; an earlier burst’s notice going later marks nothing of this one', () => {
    const told = (e: TicketEvent, ...leads: number[]): TicketEvent => ({ ...e, toldIn: leads });
    // The second burst's notice (lead 3) went when the ticket held up to seq 4; the first
    // burst's (lead 2, a lone reply) went after, marking every note then.
    const timeline = [
      other('resolve', 0),
      told(kept(1), 2, 3),
      told(kept(20), 2, 3),
      told(kept(21), 2, 3),
      told(kept(22), 2),
    ];
    const records = [{ lead: 3 }, { lead: 2 }];
    expect([2, 3, 4, 5].map((seq) => keptNoteBurst(timeline, seq, records))).toEqual([
      { lead: 2, count: 1 },
      { lead: 3, count: 2 },
      { lead: 3, count: 2 },
      { lead: 5, count: 1 },
    ]);
    // Without the records, as before: the marks alone split nothing.
    expect(keptNoteBurst(timeline, 5)).toEqual({ lead: 3, count: 3 });
  });

  test('a reopen or a resolve between ends a burst, however soon', () => {
    const timeline = [kept(1), other('reopen', 2), other('resolve', 3), kept(4)];
    expect(keptNoteBurst(timeline, 1)).toEqual({ lead: 1, count: 1 });
    expect(keptNoteBurst(timeline, 4)).toEqual({ lead: 4, count: 1 });
  });
});

test('a burst whose first writer was erased keeps its lead and count (its key and its notice unchanged)', () => {
  const before = [other('resolve', 0), kept(1), kept(2, 'UGUEST2'), kept(3, 'UGUEST2')];
  expect(keptNoteBurst(before, 3)).toEqual({ lead: 2, count: 3 });
  // UGUEST1 erased (src/privacy/repository.ts ownTicket): `writer` taken off, the text `[erased]`.
  const { writer: _gone, ...erased } = before[1]!;
  const after = [before[0]!, { ...erased, text: '[erased]' }, before[2]!, before[3]!];
  expect([2, 3, 4].map((seq) => keptNoteBurst(after, seq))).toEqual([
    { lead: 2, count: 3 },
    { lead: 2, count: 3 },
    { lead: 2, count: 3 },
  ]);
  // The desk's own note of nobody (no source) is no reply of the burst.
  const ours = { ...erased, source: undefined, text: '[erased]' };
  expect(keptNoteBurst([before[0]!, ours, before[2]!], 3)).toEqual({ lead: 3, count: 1 });
});

describe('keptNoteNotice', () => {
  test.each(LOCALES)(
    '%s: one reply names its writer; a burst says how many, the first writer named',
    (locale) => {
      const t = translator(locale);
      const record = ticket({ status: 'resolved' });
      const one = keptNoteNotice(t, record, kept(1)).text;
      const three = keptNoteNotice(t, record, kept(1), 3).text;
      expect(one).toContain('<@UGUEST1>');
      expect(three).toContain('<@UGUEST1>');
      expect(three).toContain('3');
      expect(three).not.toEqual(one);
      // Its first writer erased since: nobody named, no `[erased]` for an id.
      const { writer: _gone, ...erased } = kept(1);
      const gone = { ...erased, text: '[erased]' };
      for (const text of [
        keptNoteNotice(t, record, gone).text,
        keptNoteNotice(t, record, gone, 3).text,
      ]) {
        expect(text).not.toContain('<@');
        expect(text).not.toContain('[erased]');
        expect(text).not.toContain('{');
      }
    },
  );

  test.each(LOCALES)(
    '%s: reopened and resolved again since the reply, it says who reopened it and why, who resolved it, and that its clocks are stopped',
    (locale) => {
      const t = translator(locale);
      const first = kept(1);
      const since = (reopen: TicketEvent, status: 'resolved' | 'closed' = 'resolved') =>
        keptNoteNotice(
          t,
          ticket({
            status,
            requester: { userId: 'UREQ' },
            timeline: [other('resolve', 0), first, reopen, other('resolve', 3)],
          }),
          first,
        ).text;
      const reopen = (fields: Partial<TicketEvent>) =>
        ticketEvent({ action: 'reopen', at: new Date(T0 + 2 * 60_000), ...fields });
      const none = keptNoteNotice(t, ticket({ status: 'resolved' }), first).text;
      const texts = [
        since(reopen({ by: 'UREQ' })),
        since(reopen({ by: SYSTEM_ACTOR, writer: 'UCOLL' })),
        since(reopen({ by: SYSTEM_ACTOR, revisit: true })),
        since(reopen({ by: 'UAGENT2' }), 'closed'),
      ];
      for (const text of texts) {
        expect(text).toContain('<@UAGENT>');
        expect(text).not.toContain('{');
      }
      expect(texts[0]).toContain('<@UREQ>');
      expect(texts[1]).toContain('<@UCOLL>');
      expect(texts[2]).not.toContain('<@U0');
      expect(texts[3]).toContain('<@UAGENT2>');
      expect(new Set(texts).size).toBe(4);
      expect(texts.slice(0, 3).every((text) => text.startsWith(none))).toBe(true);
      if (locale === 'en')
        expect(texts[0]).toContain(
          'Since they wrote, <@UREQ> said it was not solved and reopened it, and <@UAGENT> resolved it again: it is not open now and its SLA clocks are stopped.',
        );
      // Not reopened since: no such line.
      expect(none).not.toContain(locale === 'en' ? 'Since they wrote' : '留言之后');
    },
  );

  test.each(LOCALES)(
    '%s: reopened and merged into another ticket since the reply, it says merged into which, not resolved again',
    (locale) => {
      const t = translator(locale);
      const first = kept(1);
      const text = keptNoteNotice(
        t,
        ticket({
          status: 'closed',
          mergedInto: 'T20260099',
          requester: { userId: 'UREQ' },
          timeline: [
            other('resolve', 0),
            first,
            ticketEvent({ action: 'reopen', by: 'UREQ', at: new Date(T0 + 2 * 60_000) }),
            ticketEvent({
              action: 'merge',
              by: 'UAGENT',
              into: 'T20260099',
              at: new Date(T0 + 3 * 60_000),
            }),
          ],
        }),
        first,
      ).text;
      expect(text).toContain('T20260099');
      expect(text).not.toContain('{');
      expect(text).not.toContain(locale === 'en' ? 'resolved again' : '再次解决');
      if (locale === 'en')
        expect(text).toContain(
          'Since they wrote, <@UREQ> said it was not solved and reopened it, and it was merged into T20260099: it is not open now and its SLA clocks are stopped.',
        );
    },
  );
});
