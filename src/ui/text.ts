/**
 * Text for Slack, in its two kinds. **mrkdwn** (section and context text, fields, a message's
 * `text`) reads `<!channel>`, `<@U…>` and `<url|label>` as pings, mentions and links, so text
 * people typed must arrive with `&`, `<` and `>` escaped. **plain_text** (headers, modal titles,
 * labels, buttons, options, input values) is shown as it is: escaping it would show `&amp;`.
 *
 * `Mrkdwn` is a string the type system knows is safe mrkdwn. Only this module makes one: by
 * escaping (`escape`; a name also its formatting marks, `literal`), from code-written template
 * parts (`md`), as a mention or a link of ours, or through the catalogue (`t()` in src/i18n
 * escapes every parameter unless it is `keep()`-ed mrkdwn). The block builders (src/ui/blocks.ts) and a message's `text` take only `Mrkdwn`, and
 * `plain()` refuses it, so a new surface cannot put typed text into mrkdwn raw, nor escaped text
 * into plain text, without the compiler saying so.
 */

import { clip, cutText } from '../text/clip.js';
import { escapeMrkdwn } from '../text/mrkdwn.js';
import { zonedDateTime } from '../time.js';

declare const MRKDWN: unique symbol;

/** A string that is safe to hand Slack as mrkdwn. */
export type Mrkdwn = string & { readonly [MRKDWN]: 'mrkdwn' };

/** Any string that is not known to be mrkdwn: what plain_text fields take. */
export type PlainText = string & { readonly [MRKDWN]?: never };

const trusted = (text: string) => text as Mrkdwn;

/** Escapes text people typed for mrkdwn: `&`, `<` and `>`, as Slack asks. */
export function escape(text: string): Mrkdwn {
  return trusted(escapeMrkdwn(text));
}

/** Typed text clipped to `max` characters (before escaping, so no entity is cut), then escaped. */
export function escapeClipped(text: string, max: number): Mrkdwn {
  return escape(clip(text, max));
}

/**
 * Slack's formatting marks (bold, italic, strikethrough, code, and the full-width forms Slack
 * reads the same way), which mrkdwn has no escape for, each with the look-alike `literal` shows
 * instead.
 */
const MARKS: Readonly<Record<string, string>> = {
  '*': '\u2217', // ∗ asterisk operator
  '＊': '\uFE61', // ﹡ small asterisk
  _: '\u02CD', // ˍ modifier letter low macron
  '＿': '\u2E0F', // ⸏ paragraphos
  '~': '\u223C', // ∼ tilde operator
  '`': '\u02CB', // ˋ modifier letter grave accent
  '｀': '\u02CB',
};
const MARK = /[*＊_＿~`｀]/g;

/**
 * A name people typed, for mrkdwn, read as typed: escaped (`escape`), and Slack's formatting
 * marks shown as look-alikes, so a customer named `*ACME*` is not bold, `_Beta_` not italic.
 * Where a name stands in a list a reader scans (the digest's and the reports' lines).
 */
export function literal(text: string): Mrkdwn {
  return escape(text.replace(MARK, (mark) => MARKS[mark] ?? mark));
}

/** A name clipped to `max` characters (before anything is replaced), then `literal`. */
export function literalClipped(text: string, max: number): Mrkdwn {
  return literal(clip(text, max));
}

/**
 * mrkdwn from a template written in code: the literal parts are ours (`*`, `_`, `` ` ``, emoji
 * codes), every value must already be mrkdwn (or a number), so typed text goes in as
 * `${escape(name)}`, a translated label as `${t('…')}`.
 */
export function md(strings: TemplateStringsArray, ...values: (Mrkdwn | number)[]): Mrkdwn {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += String(value) + (strings[i + 1] ?? '');
  });
  return trusted(out);
}

/** mrkdwn parts joined with a separator written in code (`'\n'`, `' · '`). */
export function join(parts: readonly Mrkdwn[], separator: string): Mrkdwn {
  return trusted(parts.join(escape(separator)));
}

/** Slack user and channel ids: nothing else goes inside a mention's angle brackets. */
const SLACK_ID = /^[A-Z0-9]{2,30}$/;

/** `<@U123>`: a mention of a Slack user (anything that is not an id is shown escaped). */
export function mention(userId: string): Mrkdwn {
  return SLACK_ID.test(userId) ? trusted(`<@${userId}>`) : escape(userId);
}

/**
 * People to pick one of, as mentions in a language's words: `<@U1> or <@U2>`, `<@U1>或<@U2>`.
 */
export function mentionList(userIds: readonly string[], locale: string): Mrkdwn {
  const parts = new Intl.ListFormat(locale, { type: 'disjunction' }).formatToParts(userIds);
  return join(
    parts.map((p) => (p.type === 'element' ? mention(p.value) : escape(p.value))),
    '',
  );
}

/**
 * Parts of a message as a list in a language's words: `A, B and C` (no comma before "and", as
 * the catalogue writes its lists), `A、B和C`.
 */
export function mrkdwnList(items: readonly Mrkdwn[], locale: string): Mrkdwn {
  const words = locale === 'en' ? 'en-GB' : locale;
  const parts = new Intl.ListFormat(words, { type: 'conjunction' }).formatToParts(
    items.map((_, i) => String(i)),
  );
  return join(
    parts.map((p) => (p.type === 'element' ? items[Number(p.value)]! : escape(p.value))),
    '',
  );
}

/** `<#C123>`: a link to a channel (anything that is not an id is shown escaped). */
export function channelLink(channelId: string): Mrkdwn {
  return SLACK_ID.test(channelId) ? trusted(`<#${channelId}>`) : escape(channelId);
}

/**
 * `<url|label>`: a link with our label, to an https URL Slack gave us (a permalink). A URL that
 * could break out of the brackets is not linked: the label is shown alone.
 */
export function link(url: string, label: Mrkdwn): Mrkdwn {
  return /^https:\/\/[^\s<>|]+$/.test(url) ? trusted(`<${url}|${label}>`) : label;
}

/**
 * A moment each reader sees in their own time zone and clock: Slack's date token
 * `<!date^UNIX^{date_short_pretty} {time}|fallback>` ("Today 11:00", "Nov 30 09:00"). The
 * fallback, for notifications and clients that cannot render the token, is the workspace's
 * time with its zone: `2026-11-24 10:00 GMT+8`.
 */
export function slackTime(instant: Date, timeZone: string): Mrkdwn {
  const unix = Math.floor(instant.getTime() / 1000);
  const fallback = zonedDateTime(instant, timeZone);
  if (!Number.isFinite(unix) || /[<>|&]/.test(fallback)) return escape(fallback);
  return trusted(`<!date^${unix}^{date_short_pretty} {time}|${fallback}>`);
}

const KEPT = Symbol('mrkdwn');

/** A parameter that is already mrkdwn (a mention, a translated label): `t()` puts it in as is. */
export interface Kept {
  readonly [KEPT]: Mrkdwn;
}

export function keep(text: Mrkdwn): Kept {
  return { [KEPT]: text };
}

/** The mrkdwn inside a `keep()`, or undefined for any other value. */
export function kept(value: unknown): Mrkdwn | undefined {
  if (typeof value !== 'object' || value === null || !(KEPT in value)) return undefined;
  return (value as Kept)[KEPT];
}

/**
 * A catalogue template filled in for mrkdwn: the template is ours, every parameter is escaped
 * unless it is `keep()`-ed mrkdwn; a missing parameter is left visible.
 */
export function fillMrkdwn(template: string, params: Record<string, unknown>): Mrkdwn {
  return trusted(
    template.replace(/\{(\w+)\}/g, (match, name: string) => {
      if (!(name in params)) return match;
      const value = params[name];
      return kept(value) ?? escape(String(value));
    }),
  );
}

/**
 * An ICU message (plurals, numbers) formatted for mrkdwn: `format` is the compiled catalogue
 * message (ours); it receives every text parameter already escaped (or the mrkdwn of a
 * `keep()`), and numbers as numbers, so plural rules and the locale's digits still apply.
 */
export function formatMrkdwn(
  format: (values: Record<string, string | number>) => string,
  params: Record<string, unknown>,
): Mrkdwn {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    values[name] = typeof value === 'number' ? value : (kept(value) ?? escape(String(value)));
  }
  return trusted(format(values));
}

/**
 * A sentence as a clause of a row joined with " · ": without its closing full stop (`。` or a
 * single `.`), so a row never reads "…新需求。 · 明天到期". An ellipsis stays; so does anything
 * mrkdwn ends with (an entity ends with `;`, a mention or link with `>`).
 */
export function withoutFullStop(text: Mrkdwn): Mrkdwn {
  return trusted(text.replace(/(?<![.。])[.。]$/u, ''));
}

/** What a cut of mrkdwn keeps whole besides graphemes: entities, and `<…>` of ours. */
const MRKDWN_ATOMS = /&(?:amp|lt|gt);|<[^<>\n]*>/g;

/** mrkdwn cut to `max` like `clip`, never inside an entity (`&amp;`) or a mention or link of ours. */
export function clipMrkdwn(text: Mrkdwn, max: number): Mrkdwn {
  return trusted(cutText(text, max, { atWord: true, atoms: MRKDWN_ATOMS }));
}

/**
 * mrkdwn in pieces of at most `max` characters, in order, nothing left out: each cut at the last
 * line break that leaves a piece within `max` (the break dropped), else as `clipMrkdwn` cuts (at
 * a word, never inside an entity, a mention or a link of ours) with no ellipsis.
 */
export function splitMrkdwn(text: Mrkdwn, max: number): Mrkdwn[] {
  const pieces: Mrkdwn[] = [];
  let rest: string = text;
  while (rest.length > max) {
    const newline = rest.lastIndexOf('\n', max);
    if (newline > 0) {
      pieces.push(trusted(rest.slice(0, newline)));
      rest = rest.slice(newline + 1);
      continue;
    }
    const piece = cutText(rest, max, { atWord: true, atoms: MRKDWN_ATOMS, ellipsis: '' });
    // (Empty only for a unit longer than `max` alone, never one of ours: cut inside then.)
    const cut = piece.length || max;
    pieces.push(trusted(rest.slice(0, cut)));
    rest = rest.slice(cut);
  }
  pieces.push(trusted(rest));
  return pieces;
}
