// The saved replies as `/desk settings replies` reads and shows them (pure): one box, `---`
// between two replies, the first line a title; and how a saved text is filled in for a ticket.
import { describe, expect, test } from 'vitest';
import { t } from '../../src/i18n/index.js';
import { parseSettingsForm, settingsDiff } from '../../src/workspace/form.js';
import {
  fillSavedReply,
  formatSavedReplies,
  parseSavedReplies,
} from '../../src/workspace/saved-replies.js';
import { defaultSettings } from '../../src/workspace/settings.js';
import { FieldErrors } from '../../src/errors.js';

const settings = () =>
  defaultSettings({
    locale: 'en',
    timeZone: 'Asia/Shanghai',
    admins: ['U0ADMIN001'],
    channels: {},
  });

/** The inline error a box gets, as the admin reads it. */
function refusal(raw: string, locale: 'en' | 'zh-CN' = 'en'): string {
  const read = parseSavedReplies(raw);
  if (read.ok) throw new Error('read');
  return t(locale, read.problem.key, read.problem.params);
}

describe('saved replies box', () => {
  test('replies separated by a line of dashes; blank lines around a reply and CRLF do not count; the text keeps its inner lines', () => {
    const raw =
      '\n Password reset \nHi {customer},\n\nyour password for {ticket} is reset.\n\n---\r\nThanks\r\nThank you!\n——\n\n';
    expect(parseSavedReplies(raw)).toEqual({
      ok: true,
      value: [
        {
          title: 'Password reset',
          text: 'Hi {customer},\n\nyour password for {ticket} is reset.',
        },
        { title: 'Thanks', text: 'Thank you!' },
      ],
    });
  });

  test('what the modal shows reads back as it is; empty is none', () => {
    const replies = [
      { title: 'A', text: 'one\ntwo' },
      { title: '退款', text: '您好，{customer}。' },
    ];
    expect(formatSavedReplies(replies)).toBe('A\none\ntwo\n---\n退款\n您好，{customer}。');
    expect(parseSavedReplies(formatSavedReplies(replies))).toEqual({ ok: true, value: replies });
    expect(parseSavedReplies('---\n\n---')).toEqual({ ok: true, value: [] });
  });

  test('a bad reply is named: no text (a title alone), a title or text too long, a title twice, too many', () => {
    expect(refusal('Greeting\nHello\n---\nJust a title')).toBe(
      'Reply 2 (“Just a title”) has no text: its first line is the title, the text goes on the lines below it.',
    );
    expect(refusal(`${'x'.repeat(76)}\ntext`)).toMatch(
      /^Reply 1 \(“x+…?”\): its title, the first line, has at most 75 characters\.$/,
    );
    expect(parseSavedReplies(`${'x'.repeat(75)}\ntext`).ok).toBe(true);
    expect(refusal(`T\n${'y'.repeat(2001)}`)).toBe(
      'Reply 1 (“T”): its text has at most 2000 characters.',
    );
    expect(parseSavedReplies(`T\n${'y'.repeat(2000)}`).ok).toBe(true);
    expect(refusal('Thanks\na\n---\nTHANKS\nb')).toBe('Reply 2: another reply is titled “THANKS”.');
    const many = Array.from({ length: 51 }, (_, i) => `R${i}\nt`).join('\n---\n');
    expect(refusal(many)).toBe('At most 50 saved replies (51 given).');
    expect(refusal(many, 'zh-CN')).toBe('常用回复最多 50 条（现有 51 条）。');
    expect(refusal('只有标题', 'zh-CN')).toBe(
      '第 1 条回复（“只有标题”）没有正文：第一行是标题，正文写在其下方各行。',
    );
  });

  test('the settings form: saved on the group, refused on its field, logged as the replies that left and joined', () => {
    const before = settings();
    const after = parseSettingsForm('replies', { saved_replies: 'A\none\n---\nB\ntwo' }, before);
    expect(after.savedReplies).toEqual([
      { title: 'A', text: 'one' },
      { title: 'B', text: 'two' },
    ]);
    expect(settingsDiff('replies', before, after)).toEqual({
      old: { saved_replies: '' },
      new: { saved_replies: 'A\none\n---\nB\ntwo' },
    });
    const again = parseSettingsForm('replies', { saved_replies: 'A\none' }, after);
    expect(settingsDiff('replies', after, again).old).toEqual({ saved_replies: 'B\ntwo' });
    expect(parseSettingsForm('replies', {}, after).savedReplies).toEqual([]);
    try {
      parseSettingsForm('replies', { saved_replies: 'A' }, before);
      throw new Error('saved');
    } catch (err) {
      expect(err).toBeInstanceOf(FieldErrors);
      expect(Object.keys((err as FieldErrors).fields)).toEqual(['saved_replies']);
    }
  });

  test('{customer} and {ticket} are filled in, every time; other braces stay', () => {
    expect(
      fillSavedReply('Dear {customer}: {ticket} ({ticket}) {other}', {
        number: 'T-0042',
        customerName: 'A&B <Co>',
      }),
    ).toBe('Dear A&B <Co>: T-0042 (T-0042) {other}');
  });
});
