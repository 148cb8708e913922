/**
 * Field kinds: how the text of one form field (a modal input or a CSV cell) becomes a value,
 * how a value is written back as text, and which input a modal shows for it. One kind serves
 * the modal and the CSV alike, so both paths accept the same spellings and give the same
 * messages. Pure: no I/O.
 */
import type { FieldProblem } from '../errors.js';
import {
  catalogues,
  isMessageKey,
  listParams,
  t,
  type Locale,
  type MessageKey,
  type MessageParams,
} from '../i18n/index.js';
import { formatPhone, parsePhone, type ExtensionFormat } from '../phone.js';
import { SLACK_ID } from '../slack-ids.js';
import { parseDateOnly } from '../time.js';

/** A form as plain data: field name -> text (the modal's block ids, the CSV's columns). */
export type FormData = Partial<Record<string, string | undefined>>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: FieldProblem };

/** The input a modal shows for a field. */
export type InputSpec =
  | { type: 'text'; max: number; multiline?: boolean }
  | { type: 'select'; values: readonly string[]; labels: string }
  | { type: 'date' }
  | { type: 'time' }
  | { type: 'user' };

export interface Kind<T> {
  /** Reads a value from normalised, non-empty text (`today`: for dates that may not be later). */
  parse(text: string, today: string | undefined): Parsed<T>;
  /** The value as form text: a modal's initial value, a CSV cell (in `locale`'s words). */
  format(value: T, locale?: Locale): string;
  /** What an emptied field stores: null removes the value. */
  cleared: T | null;
  input: InputSpec;
  /** The longest text accepted, checked before parsing. */
  max?: number;
  /** Runs of spaces and tabs read as one space (one-line names, not descriptions). */
  collapse?: boolean;
  /**
   * Words people wrote, kept as typed: no NFKC, so `北京（朝阳）`, `：` and `，` stay full-width.
   * Values the desk reads (numbers, dates, phones, ids) are folded to ASCII first instead.
   */
  asTyped?: boolean;
  /** An amount of money: a `;`-separated file's cells read with the comma as decimal mark. */
  money?: true;
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(key: MessageKey, params?: FieldProblem['params']): Parsed<T> => ({
  ok: false,
  problem: params ? { key, params } : { key },
});

const NON_ASCII = /[^\x00-\x7f]/;

/** Line breaks: CRLF (as one), CR, LF, NEL, the line and paragraph separators, VT and FF. */
const LINE_BREAKS = /\r\n|[\r\n\u000B\u000C\u0085\u2028\u2029]/g;
/** What a trim leaves out besides whitespace: zero-width spaces and joiners, the word joiner. */
const EDGE = /^[\s\u200B-\u200D\u2060]+|[\s\u200B-\u200D\u2060]+$/g;
/** Characters that draw something: letters, digits, punctuation, symbols (emoji are symbols). */
const SHOWN = /[\p{L}\p{N}\p{P}\p{S}]/u;
/** Letters and symbols whose glyph is blank: the Hangul fillers, the empty braille cell. */
const BLANK_GLYPHS = /[\u115F\u1160\u3164\uFFA0\u2800]/g;

/**
 * Whether text shows anything: not only whitespace, zero-width spaces, direction marks, soft
 * hyphens, combining marks or blank glyphs (a name of those would be stored and shown as
 * nothing, and could be told apart from no other).
 */
export function isBlank(text: string): boolean {
  return !SHOWN.test(text.replace(BLANK_GLYPHS, ''));
}

/**
 * The normalised text of a field, trimmed (of zero-width spaces too): NFKC (full-width
 * letters, digits and punctuation fold to ASCII) unless it is text `asTyped`, which keeps its
 * punctuation. Text that shows nothing is no text.
 */
export function normalise(
  raw: string | undefined,
  collapse = false,
  asTyped = false,
  /** A one-line field: line breaks (a CSV cell may hold them) read as spaces. */
  oneLine = false,
): string | undefined {
  // ASCII is its own NFKC form: only other text is folded (most of what people type is ASCII).
  const folded = asTyped || raw === undefined || !NON_ASCII.test(raw) ? raw : raw.normalize('NFKC');
  const value = (oneLine ? folded?.replace(LINE_BREAKS, ' ') : folded)?.replace(EDGE, '');
  if (!value || isBlank(value)) return undefined;
  return collapse ? value.replace(/[ \t]+/g, ' ') : value;
}

/**
 * Free text up to `max` characters, kept as typed; `fold`: text the desk reads (a code typed in
 * a picker), folded to ASCII like numbers are.
 */
export function text(opts: {
  max: number;
  multiline?: boolean;
  collapse?: boolean;
  fold?: boolean;
}): Kind<string> {
  return {
    parse: ok,
    format: (v) => v,
    cleared: null,
    input: { type: 'text', max: opts.max, multiline: opts.multiline ?? false },
    max: opts.max,
    collapse: opts.collapse ?? false,
    asTyped: !opts.fold,
  };
}

/** One value of a list, matched by its id or by its label in any language (`电话营销`). */
export function choice<T extends string>(values: readonly T[], labels: string): Kind<T> {
  return {
    parse(raw) {
      const wanted = raw.toLowerCase();
      for (const value of values) {
        if (value.toLowerCase() === wanted) return ok(value);
        for (const catalogue of Object.values(catalogues)) {
          const label = catalogue[`${labels}.${value}` as MessageKey];
          if (label?.toLowerCase() === wanted) return ok(value);
        }
      }
      return {
        ok: false,
        problem: {
          key: 'form.error.choice',
          params: { choices: values.join(', ') },
          choices: { values, labels },
        },
      };
    },
    format: (v) => v,
    cleared: null,
    input: { type: 'select', values, labels },
  };
}

/**
 * A problem's parameters, a refused choice's accepted values listed by their labels in
 * `labelLocale` (`线上展会、线下展会、…`): the words a person types, not the ids.
 */
export function choiceParams(problem: FieldProblem, labelLocale: Locale): MessageParams {
  const params = problem.params ?? {};
  const list = problem.choices;
  if (!list?.labels) return params;
  const labels = list.values.map((value) => {
    const key = `${list.labels}.${value}`;
    return isMessageKey(key) ? t(labelLocale, key) : value;
  });
  return { ...params, ...listParams(labelLocale, { choices: labels }) };
}

/** A calendar date in any of the spellings spreadsheets use; `past`: not after today. */
export function date(opts: { past: boolean }): Kind<string> {
  return {
    parse(raw, today) {
      const value = parseDateOnly(raw);
      if (!value) return fail('form.error.date');
      if (opts.past && !today) throw new Error('a date of the past is read without today');
      if (opts.past && today && value > today) return fail('form.error.futureDate');
      return ok(value);
    },
    format: (v) => v,
    cleared: null,
    input: { type: 'date' },
  };
}

/** A wall-clock time `HH:MM`. */
export function time(): Kind<string> {
  return {
    parse: (raw) => (/^([01]\d|2[0-3]):[0-5]\d$/.test(raw) ? ok(raw) : fail('form.error.required')),
    format: (v) => v,
    cleared: null,
    input: { type: 'time' },
  };
}

/**
 * The largest amount taken (10万亿 yuan): beyond any customer's, exact to the fen, and written
 * back in full (never `1e+21`) within an amount input's 20 characters.
 */
export const MAX_AMOUNT = 10_000_000_000_000;

/** The units an amount may be written in, simplified and traditional. */
const AMOUNT_UNITS: Record<string, number> = {
  万: 10_000,
  萬: 10_000,
  亿: 100_000_000,
  億: 100_000_000,
};

/** Why a typed amount is not taken: not an amount, finer than the fen, or below zero. */
export type AmountRefusal =
  'form.error.amount' | 'form.error.amountFen' | 'form.error.amountNegative';

/** The decimals of yuan an amount may have after its unit: the fen, whatever 万/亿 scale it. */
const UNIT_DECIMALS: Record<number, number> = { 1: 2, 10_000: 6, 100_000_000: 10 };

/**
 * `1,200,000`, `120万`, `1.5亿`, `¥300000` -> yuan, or why it is refused. Commas only separate
 * thousands (`1,234,567`): `1,2,3` or `12,34` is refused, not read as 123 or 1234. The
 * traditional 萬 and 億 (Taiwan, Hong Kong; NFKC keeps them) count as 万 and 亿. An amount finer
 * than the fen (`499,999.995`, `0.004`, `1.2345678万`) is refused, never rounded to a figure
 * nobody typed; a minus sign (`-5000`, a refund) is refused as below zero, unless what follows is
 * zero (`-0` is 0).
 */
export function readAmount(raw: string): { value: number } | { refused: AmountRefusal } {
  const text = raw.normalize('NFKC').trim();
  const minus = /^([¥￥]?\s*)[-−‒–—﹣]\s*/.exec(text);
  if (minus) {
    const rest = readAmount(text.slice(minus[0].length));
    if ('value' in rest) return rest.value === 0 ? rest : { refused: 'form.error.amountNegative' };
    return rest.refused === 'form.error.amount' ? rest : { refused: 'form.error.amountNegative' };
  }
  const m =
    /^[¥￥]?\s*((?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.(\d+))?|\.(\d+))\s*([万萬亿億])?\s*(元)?$/.exec(
      text,
    );
  if (!m?.[1]) return { refused: 'form.error.amount' };
  const base = Number(m[1].replace(/[,，]/g, ''));
  if (!Number.isFinite(base)) return { refused: 'form.error.amount' };
  const factor = m[4] ? AMOUNT_UNITS[m[4]]! : 1;
  // Counted on the digits typed, not on the float: `0.1` is whole fen however binary stores it.
  const decimals = (m[2] ?? m[3] ?? '').replace(/0+$/, '').length;
  if (decimals > UNIT_DECIMALS[factor]!) return { refused: 'form.error.amountFen' };
  const value = Math.round(base * factor * 100) / 100;
  return value > MAX_AMOUNT ? { refused: 'form.error.amount' } : { value };
}

/** `readAmount`'s yuan; undefined when the text is refused (for any reason). */
export function parseAmount(raw: string): number | undefined {
  const read = readAmount(raw);
  return 'value' in read ? read.value : undefined;
}

/** An amount of money (yuan). */
export function amount(): Kind<number> {
  return {
    parse(raw) {
      const read = readAmount(raw);
      return 'value' in read ? ok(read.value) : fail(read.refused);
    },
    format: (v) => String(v),
    cleared: null,
    input: { type: 'text', max: 20 },
    money: true,
  };
}

/**
 * A phone number as libphonenumber-js reads it (src/phone.ts): Chinese mobiles and landlines
 * with their area code, or `+` and a country code; undefined when it is not a valid number.
 */
export function isValidPhone(raw: string): boolean {
  return parsePhone(raw) !== undefined;
}

export function isValidEmail(raw: string): boolean {
  return /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/.test(raw.trim());
}

/** A number's extension as `locale` writes it (`010 1234 5678 转 123`); read back by parsePhone. */
export function phoneExtension(locale: Locale): ExtensionFormat {
  return (number, ext) => t(locale, 'phone.extension', { number, ext });
}

/** A phone number, stored as E.164, written back (modal, CSV) as people read it. */
export function phone(): Kind<string> {
  return {
    parse(raw) {
      const value = parsePhone(raw);
      return value ? ok(value) : fail('form.error.phone');
    },
    format: (v, locale) => formatPhone(v, locale && phoneExtension(locale)),
    cleared: null,
    input: { type: 'text', max: 30 },
  };
}

export function email(): Kind<string> {
  return {
    parse: (raw) => (isValidEmail(raw) ? ok(raw.toLowerCase()) : fail('form.error.email')),
    format: (v) => v,
    cleared: null,
    input: { type: 'text', max: 120 },
    max: 120,
  };
}

/** A birthday as `MM-DD` (or a full date, kept whole); 02-29 is a valid one. */
export function parseBirthday(raw: string): string | undefined {
  const full = parseDateOnly(raw);
  if (full) return full;
  const m = /^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(raw.trim());
  if (!m) return undefined;
  const month = Number(m[1]);
  const day = Number(m[2]);
  // 2024 is a leap year, so 02-29 is a valid birthday.
  return parseDateOnly(`2024-${month}-${day}`)
    ? `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
    : undefined;
}

export function birthday(): Kind<string> {
  return {
    parse(raw) {
      const value = parseBirthday(raw);
      return value ? ok(value) : fail('form.error.birthday');
    },
    format: (v) => v,
    cleared: null,
    input: { type: 'text', max: 10 },
  };
}

/**
 * Splits a comma (or Chinese comma) separated list of tags, trimmed, de-duplicated (`ＶＩＰ` and
 * `VIP` are one tag); each is kept as first typed.
 */
export function parseTags(raw: string | undefined): string[] {
  return allTags(raw)
    .map((tag) => tag.slice(0, TAG_MAX))
    .slice(0, TAGS_MAX);
}

/** A tag's length, and how many tags a list holds. */
const TAG_MAX = 40;
const TAGS_MAX = 20;

/** Every tag of a list, trimmed and de-duplicated, none cut. */
function allTags(raw: string | undefined): string[] {
  if (!raw) return [];
  const seen = new Map<string, string>();
  for (const tag of raw.split(/[,，;；、]/)) {
    const clean = tag.replace(EDGE, '').replace(/\s+/g, ' ');
    const key = clean.normalize('NFKC');
    if (clean && !isBlank(clean) && !seen.has(key)) seen.set(key, clean);
  }
  return [...seen.values()];
}

/**
 * A list of tags; emptying the field clears the list. A tag over 40 characters, or more than
 * 20 tags, is refused on the field (nothing typed is cut or dropped without a word). `max` is
 * the input's length; a pick family (`picks`: the tags picked and those typed beside them, read
 * together) is held to the count and each tag's length only, since 20 picks of up to 40
 * characters joined are longer than the input beside them.
 */
export function tags(opts: { max: number; picks?: boolean }): Kind<string[]> {
  return {
    parse(raw) {
      const all = allTags(raw);
      if (all.some((tag) => tag.length > TAG_MAX))
        return fail('form.error.tagTooLong', { max: TAG_MAX });
      if (all.length > TAGS_MAX) return fail('form.error.tooManyTags', { max: TAGS_MAX });
      return ok(all);
    },
    // Shown again within the input's limit: tags typed without spaces fit as they came.
    format(v) {
      const spaced = v.join(', ');
      return spaced.length <= opts.max ? spaced : v.join(',');
    },
    cleared: [],
    input: { type: 'text', max: opts.max },
    ...(opts.picks ? {} : { max: opts.max }),
    collapse: true,
    asTyped: true,
  };
}

/** The marks of a need's line: `(urgent)`, `(important)`, `(urgent, important)`, or in Chinese. */
const URGENT = ['urgent', '紧急', '緊急'];
const IMPORTANT = ['important', '重要'];
const NEED_MARKS = /\s*[(（]([^()（）]*)[)）]\s*$/;

/**
 * Manual C's priority matrix as text: one need per line (or `;` in a CSV cell), each ending in
 * `(urgent)`, `(important)`, both, or neither. Up to 20 needs of 300 characters.
 */
export function needList(): Kind<{ text: string; urgent: boolean; important: boolean }[]> {
  return {
    parse(raw) {
      const items: { text: string; urgent: boolean; important: boolean }[] = [];
      // One need a line (as written back); on a single line, `;` separates them too. A need's
      // own `;` so survives an export and import once there are two needs.
      for (const line of raw.includes('\n') ? raw.split('\n') : raw.split(/[;；]/)) {
        let text = line.trim();
        let urgent = false;
        let important = false;
        const marks = NEED_MARKS.exec(text);
        if (marks) {
          const words = marks[1]!
            .split(/[,，、\s]+/)
            .map((w) => w.toLowerCase())
            .filter(Boolean);
          if (words.length && words.every((w) => URGENT.includes(w) || IMPORTANT.includes(w))) {
            urgent = words.some((w) => URGENT.includes(w));
            important = words.some((w) => IMPORTANT.includes(w));
            text = text.slice(0, marks.index).trim();
          }
        }
        if (!text || isBlank(text)) continue;
        if (text.length > 300) return fail('form.error.tooLong', { max: 300 });
        items.push({ text, urgent, important });
      }
      if (items.length > 20) return fail('customer.error.tooManyNeeds', { max: 20 });
      return ok(items);
    },
    format: (items) =>
      items
        .map((n) => {
          const marks = [n.urgent && 'urgent', n.important && 'important'].filter(Boolean);
          return marks.length ? `${n.text} (${marks.join(', ')})` : n.text;
        })
        .join('\n'),
    cleared: null,
    input: { type: 'text', max: 3000, multiline: true },
    max: 3000,
    asTyped: true,
  };
}

const YES = ['yes', 'y', 'true', '1', '是', '有'];
const NO = ['no', 'n', 'false', '0', '否', '无'];
export const YES_NO = ['yes', 'no'] as const;

/** Yes or no in either language; `emptyMeans` is what an emptied field stores. */
export function yesNo(emptyMeans: boolean | null = null): Kind<boolean> {
  return {
    parse(raw) {
      const v = raw.toLowerCase();
      if (YES.includes(v)) return ok(true);
      if (NO.includes(v)) return ok(false);
      return fail('form.error.yesNo');
    },
    format: (v) => (v ? 'yes' : 'no'),
    cleared: emptyMeans,
    input: { type: 'select', values: YES_NO, labels: 'common' },
  };
}

/** A Slack user id (the users_select's value, or typed in a CSV). */
export function user(): Kind<string> {
  return {
    parse: (raw) => (SLACK_ID.user.test(raw) ? ok(raw) : fail('form.error.user')),
    format: (v) => v,
    cleared: null,
    input: { type: 'user' },
  };
}

/** A whole score from `min` to `max` (satisfaction 1-5, NPS 0-10). */
export function score(min: number, max: number): Kind<number> {
  const values = Array.from({ length: max - min + 1 }, (_, i) => String(min + i));
  return {
    parse(raw) {
      const value = Number(raw);
      return Number.isInteger(value) && value >= min && value <= max
        ? ok(value)
        : fail('form.error.choice', { choices: `${min}-${max}` });
    },
    format: (v) => String(v),
    cleared: null,
    input: { type: 'select', values, labels: '' },
  };
}
