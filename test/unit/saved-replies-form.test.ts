// The saved replies (pure): a reply as typed in its modal, the ids of replies stored before
// they had any, the box they were kept in before (as the settings history logged it), and how
// a saved text is filled in for a ticket.
import { describe, expect, test } from 'vitest';
import { t } from '../../src/i18n/index.js';
import { parseSettingsForm, settingsDiff } from '../../src/workspace/form.js';
import {
  checkReply,
  fillSavedReply,
  formatSavedReplies,
  parseSavedReplies,
} from '../../src/workspace/saved-replies.js';
import { defaultSettings, settingsSchema } from '../../src/workspace/settings.js';
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
    expect(refusal(`T\n${'y'.repeat(3001)}`)).toBe(
      'Reply 1 (“T”): its text has at most 3000 characters.',
    );
    expect(parseSavedReplies(`T\n${'y'.repeat(3000)}`).ok).toBe(true);
    expect(refusal('Thanks\na\n---\nTHANKS\nb')).toBe('Reply 2: another reply is titled “THANKS”.');
    const many = Array.from({ length: 51 }, (_, i) => `R${i}\nt`).join('\n---\n');
    expect(refusal(many)).toBe('At most 50 saved replies (51 given).');
    expect(refusal(many, 'zh-CN')).toBe('常用回复最多 50 条（现有 51 条）。');
    expect(refusal('只有标题', 'zh-CN')).toBe(
      '第 1 条回复（“只有标题”）没有正文：第一行是标题，正文写在其下方各行。',
    );
  });

  test('a reply as typed in its modal: trimmed; each bad input named on it, in en and zh-CN', () => {
    const others = [{ id: 'r1', title: 'Thanks', text: 'Thank you!' }];
    expect(checkReply({ title: ' Hello ', text: '\r\nHi {customer}\r\n' }, others, true)).toEqual({
      title: 'Hello',
      text: 'Hi {customer}',
    });
    const refused = (
      typed: { title?: string; text?: string },
      list = others,
      locale: 'en' | 'zh-CN' = 'en',
    ) => {
      try {
        checkReply(typed, list, true);
      } catch (err) {
        const fields = (err as FieldErrors).fields;
        return Object.fromEntries(
          Object.entries(fields).map(([k, p]) => [k, t(locale, p.key, p.params)]),
        );
      }
      throw new Error('accepted');
    };
    expect(refused({ title: 'THANKS', text: '' })).toEqual({
      reply_title: 'Another reply is titled “THANKS”: choose another title.',
      reply_text: 'Write the text agents insert.',
    });
    // At most what a message to a requester holds (2,000), so every reply saved can be inserted.
    expect(refused({ title: 'x'.repeat(76), text: 'y'.repeat(2001) })).toEqual({
      reply_title: 'A title has at most 75 characters.',
      reply_text: 'A text has at most 2000 characters.',
    });
    expect(
      checkReply({ title: 'x'.repeat(75), text: 'y'.repeat(2000) }, others, true).text,
    ).toHaveLength(2000);
    const fifty = Array.from({ length: 50 }, (_, i) => ({
      id: `r${i}`,
      title: `R${i}`,
      text: 't',
    }));
    expect(refused({ title: 'New', text: 't' }, fifty, 'zh-CN')).toEqual({
      reply_title: '常用回复已达上限 50 条：请先删除一条。',
    });
    // An edit of one of the fifty is no 51st.
    expect(checkReply({ title: 'R0', text: 'u' }, fifty.slice(1), false)).toEqual({
      title: 'R0',
      text: 'u',
    });
  });

  test('replies stored before ids read with one, the same on every read; a stored id is kept', () => {
    const stored = {
      ...settings(),
      savedReplies: [
        { title: 'A', text: 'one' },
        { id: 'rKept', title: 'B', text: 'two' },
      ],
    };
    const read = settingsSchema.parse(stored).savedReplies;
    expect(read[1]).toEqual({ id: 'rKept', title: 'B', text: 'two' });
    expect(read[0]!.id).toMatch(/^m[A-Za-z0-9_-]{12}$/);
    expect(settingsSchema.parse(stored).savedReplies[0]!.id).toBe(read[0]!.id);
    expect(settingsSchema.parse(settingsSchema.parse(stored)).savedReplies).toEqual(read);
  });

  test('a forged save of the group changes nothing: replies are kept one by one', () => {
    const before = { ...settings(), savedReplies: [{ id: 'r1', title: 'A', text: 'one' }] };
    const after = parseSettingsForm('replies', { saved_replies: 'B\ntwo' }, before);
    expect(after.savedReplies).toEqual(before.savedReplies);
    expect(settingsDiff('replies', before, after)).toEqual({ old: {}, new: {} });
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
