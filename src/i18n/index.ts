import { IntlMessageFormat } from 'intl-messageformat';
import { ERASED } from '../erased.js';
import {
  fillMrkdwn,
  formatMrkdwn,
  kept,
  type Kept,
  type Mrkdwn,
  type PlainText,
} from '../ui/text.js';
import { en, type MessageKey } from './en.js';
import { zhCN } from './zh-CN.js';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };

export const catalogues: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export type MessageParams = Record<string, string | number>;

function template(locale: Locale, key: MessageKey): string {
  return catalogues[locale][key] ?? en[key];
}

/**
 * Messages with a count, an amount or a choice are ICU MessageFormat (`{count, plural, one {#
 * customer} other {# customers}}`, `{n, number}`): `intl-messageformat` applies the locale's
 * plural rules (CLDR: English one/other, Chinese other only) and number format. The rest are
 * `{name}` templates, filled by a replace. `ignoreTag` keeps Slack's `<@{user}>` literal.
 */
const ICU = /\{\s*\w+\s*,/;

/** Whether a catalogue message is ICU (has a `{name, plural|select|number ...}` argument). */
export function isIcu(message: string): boolean {
  return ICU.test(message);
}

/** A compiled ICU message, and the parameter names it takes (`messageArguments`). */
interface CompiledIcu {
  format: IntlMessageFormat;
  args: readonly string[];
}

const compiled = new Map<string, CompiledIcu>();

function icu(locale: Locale, key: MessageKey, message: string): CompiledIcu {
  const id = `${locale}\u0000${key}\u0000${message}`;
  let entry = compiled.get(id);
  if (!entry) {
    const format = new IntlMessageFormat(message, locale, undefined, { ignoreTag: true });
    entry = { format, args: [...collect(format.getAst() as AstElement[], new Set())] };
    compiled.set(id, entry);
  }
  return entry;
}

interface AstElement {
  type: number;
  value?: unknown;
  options?: Record<string, { value: AstElement[] }>;
}

function collect(elements: readonly AstElement[], into: Set<string>): Set<string> {
  for (const el of elements) {
    // literal (0) and `#` (7) name nothing; arguments, numbers, dates, selects, plurals do.
    if (el.type !== 0 && el.type !== 7 && typeof el.value === 'string') into.add(el.value);
    for (const option of Object.values(el.options ?? {})) collect(option.value, into);
  }
  return into;
}

/** The parameter names a catalogue message takes: `{name}`s, and ICU arguments at any depth. */
export function messageArguments(message: string, locale: Locale = 'en'): string[] {
  if (!isIcu(message)) return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  const ast = new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).getAst();
  return [...collect(ast as AstElement[], new Set())];
}

/**
 * Formats an ICU message; a missing parameter is left visible as `{name}` (a plural without
 * its count reads its `other` form), as the `{name}` templates do.
 */
function formatIcu(
  locale: Locale,
  key: MessageKey,
  message: string,
  values: Record<string, string | number>,
): string {
  // The names are read from the compiled message (kept with it), not parsed again each call.
  const { format, args } = icu(locale, key, message);
  const all: Record<string, string | number> = { ...values };
  for (const name of args) if (!(name in all)) all[name] = `{${name}}`;
  return String(format.format(all));
}

/**
 * Chinese sets a Latin word off from the characters around it with a space, never two Chinese
 * words: a zh-CN template writes a name that may be Chinese right against the characters around
 * it (`{customer}的`, `来自你的客户{customer}：`), and a text parameter there that ends (or
 * starts) with a Latin letter or digit gets the space on that side ("Huadong 的", "客户 Acme"),
 * a Chinese one ("华东机械的", "客户华东机械") none. Punctuation next to it takes no space. Each
 * use of a parameter is spaced by its own neighbours (the space goes into the template beside
 * that use, the value stays as given): a parameter used twice, once against Chinese and once
 * against a space or punctuation, gets one space where it needs one, never two.
 */
const HAN = /\p{Script=Han}/u;

function latinSpaced(locale: Locale, message: string, params: Record<string, unknown>): string {
  if (locale !== 'zh-CN') return message;
  return message.replace(/\{(\w+)\}/g, (use: string, name: string, at: number) => {
    const value = params[name];
    const mrkdwn = kept(value);
    const text = typeof value === 'string' ? value : mrkdwn;
    if (text === undefined) return use;
    // Kept mrkdwn is set off too where it starts or ends with a mark (`*bold*`, a `<link|T1>`
    // or a mention), which Slack reads only apart from the Chinese around it.
    const before =
      HAN.test(message.charAt(at - 1)) &&
      (mrkdwn === undefined ? /^[A-Za-z0-9(]/ : /^[A-Za-z0-9(*_~`<]/).test(text);
    const after =
      HAN.test(message.charAt(at + use.length)) &&
      (mrkdwn === undefined ? /[A-Za-z0-9.)]$/ : /[A-Za-z0-9.)*_~`>]$/).test(text);
    return `${before ? ' ' : ''}${use}${after ? ' ' : ''}`;
  });
}

/**
 * A mention (`<@{user}>`) of someone an erasure took out: where the desk kept their id (a ticket's
 * or task's guest owner, an entry's `by`, a notice waiting in the outbox) it is `[erased]`
 * (ERASED) now, and `<@[erased]>` is no mention, only its brackets shown. The catalogue's words
 * for them go in its place ("someone whose personal data was erased", "Someone …" where the
 * mention starts the message or a sentence), in mrkdwn and plain text alike; a real user id
 * stays a mention. Done on the template, before the parameters go in (and
 * before `latinSpaced`). In Chinese the words are Chinese and end with a full-width bracket: the
 * space the template sets after the mention goes, and the one before it where Chinese (or its
 * punctuation) stands before that space.
 */
const MENTION_USE = /( ?)<@\{(\w+)\}>( ?)/g;

/**
 * The text before a mention that opens an ICU branch (`{who, select, other {<@{by}> …}}`) as
 * the text before the branch's argument, so the mention starts a sentence where the argument
 * does.
 */
function outsideBranch(lead: string): string {
  while (lead.endsWith('{')) {
    let depth = 0;
    let at = lead.length - 2;
    for (; at >= 0; at--) {
      if (lead[at] === '}') depth++;
      else if (lead[at] === '{' && depth-- === 0) break;
    }
    if (at < 0 || !/^\{\w+, (?:select|plural|selectordinal),/.test(lead.slice(at))) return lead;
    lead = lead.slice(0, at);
  }
  return lead;
}
const CJK = /[\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF]/u;

/**
 * The catalogue's words for an erased person's mention, given the text before it (`lead`, with
 * the space before the mention `before`), that space, the one after (`after`) and the character
 * before the space (`prev`): "Someone …" where it starts the message or a sentence (or follows a
 * colon, an emoji's included), else "someone …"; in Chinese, the spaces set off only Latin text.
 */
function erasedWords(
  locale: Locale,
  lead: string,
  before: string,
  after: string,
  prev: string,
): string {
  const start = /(?:^|[.!?:] |\n)$/.test(lead);
  const words = template(locale, start ? 'common.erasedPersonStart' : 'common.erasedPerson');
  if (locale !== 'zh-CN') return `${before}${words}${after}`;
  return `${before && !CJK.test(prev) ? before : ''}${words}`;
}

function erasedMentions(locale: Locale, message: string, params: Record<string, unknown>): string {
  return message.replace(
    MENTION_USE,
    (use: string, before: string, name: string, after: string, at: number) => {
      const value = params[name];
      if (value !== ERASED && kept(value) !== ERASED) return use;
      const lead = outsideBranch(message.slice(0, at) + before);
      return erasedWords(locale, lead, before, after, message.charAt(at - 1));
    },
  );
}

/**
 * The same words in finished text (a message the outbox holds rendered) in the place of each
 * `mention` of someone erased (`<@U…>`), by the rules of `erasedMentions`.
 */
export function erasedPersonIn(locale: Locale, text: string, mention: RegExp): string {
  return text.replace(
    new RegExp(`( ?)(?:${mention.source})( ?)`, 'g'),
    (_use: string, before: string, after: string, at: number) =>
      erasedWords(locale, text.slice(0, at) + before, before, after, text.charAt(at - 1)),
  );
}

/**
 * Looks a message up and fills its parameters as they are, for text that is not mrkdwn
 * (CSV cells, inline modal errors, stored summaries); a missing parameter is left visible.
 */
export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return fill(locale, key, template(locale, key), params);
}

function fill(locale: Locale, key: MessageKey, raw: string, params: MessageParams): string {
  const message = latinSpaced(locale, erasedMentions(locale, raw, params), params);
  if (isIcu(message)) return formatIcu(locale, key, message, params);
  return message.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

/**
 * A bracketed part of a template that names someone by mention: ` (<@{owner}>)`,
 * ` (by <@{user}>)`, `（由 <@{user}> 完成）`. Only `{name}` placeholders inside, so an ICU
 * argument's braces stay balanced when it goes.
 */
const MENTION_ASIDE =
  /\s*\((?:[^(){}]|\{\w+\})*<@\{\w+\}>(?:[^(){}]|\{\w+\})*\)|（(?:[^（）{}]|\{\w+\})*<@\{\w+\}>(?:[^（）{}]|\{\w+\})*）/g;

/**
 * A catalogue template (written as mrkdwn) as plain text: a code span (`` `/desk roles` ``,
 * `` `{ref}` ``) and bold (`*Settings*`) as their bare text, `&lt;`, `&gt;` and `&amp;` as the
 * characters. Plain text cannot show a mention (Slack renders `<@U…>` only in mrkdwn), so a
 * bracketed part naming someone goes ("Only the owner (<@{owner}>) and managers…" reads "Only
 * the owner and managers…"): a message says whom it names in brackets for that. Done on the
 * template, before the parameters go in, so typed text stays as typed.
 */
export function plainTemplate(message: string): string {
  return message
    .replace(MENTION_ASIDE, '')
    .replace(/`([^`\n]+)`|\*([^*\n]+)\*/g, (_, code?: string, bold?: string) => code ?? bold ?? '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * A message for a surface that shows plain text (an inline modal error), where a chat reply
 * is mrkdwn: its template as plain text (`plainTemplate`), the parameters as they are.
 */
export function tPlainText(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return fill(locale, key, plainTemplate(template(locale, key)), params);
}

/**
 * List parameters as message parameters: each list's words joined with the separator of
 * `locale`'s catalogue (`a, b` in English, `a、b` in Chinese).
 */
export function listParams(
  locale: Locale,
  lists: Record<string, readonly string[]> = {},
): MessageParams {
  const separator = t(locale, 'common.listSeparator');
  return Object.fromEntries(
    Object.entries(lists).map(([name, words]) => [name, words.join(separator)]),
  );
}

/** A parameter of a mrkdwn message: text (escaped), a number, or `keep()`-ed mrkdwn. */
export type MrkdwnParam = string | number | Kept;

/** Mrkdwn passed bare would be escaped a second time: the compiler asks for `keep()`. */
export type CheckedParams<P> = { [K in keyof P]: P[K] extends Mrkdwn ? Kept : P[K] };

/**
 * A translator bound to one locale, handed to renderers. Called, it gives mrkdwn: the
 * catalogue's template (ours, mrkdwn already) with every parameter escaped, so a customer name
 * or a search word cannot ping or link, unless the parameter is `keep()`-ed mrkdwn (a mention,
 * another message). Numbers stay numbers, so an ICU message's plural and number formats apply
 * to them (the parameters are escaped before the ICU formatting, never after). `plain` gives the
 * message for plain_text (labels, titles, buttons, options) and for text that is stored, with
 * the parameters as they are.
 */
export interface Translate {
  <P extends Record<string, MrkdwnParam>>(key: MessageKey, params?: CheckedParams<P>): Mrkdwn;
  plain(key: MessageKey, params?: MessageParams): PlainText;
  /** The translator's language, for numbers and amounts formatted outside a message. */
  readonly locale: Locale;
}

export function translator(locale: Locale): Translate {
  const mrkdwn = (key: MessageKey, params: Record<string, unknown> = {}) => {
    const message = latinSpaced(
      locale,
      erasedMentions(locale, template(locale, key), params),
      params,
    );
    if (!isIcu(message)) return fillMrkdwn(message, params);
    return formatMrkdwn((values) => formatIcu(locale, key, message, values), params);
  };
  return Object.assign(mrkdwn, {
    plain: (key: MessageKey, params?: MessageParams) => t(locale, key, params) as PlainText,
    locale,
  }) as Translate;
}

/** Whether a key built at run time (`tier.${value}`) names a message. */
export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}
