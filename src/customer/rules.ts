/** Pure customer rules: names, codes, tiers, contact validation and masking. No I/O. */

import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { ERASED } from '../erased.js';
import { phoneDigits } from '../phone.js';
import type { Contact, Declaring, InteractionType, Tier } from './types.js';

/**
 * Characters that show nothing and set no two names apart: the soft hyphen, the zero-width
 * space, non-joiner and joiner, the word joiner and the zero-width no-break space (a BOM), as a
 * copy from a web page or a chat brings them in. A joiner between two emoji (👩‍💻, 🏳️‍🌈: a ZWJ
 * sequence, after an emoji's presentation selector or skin tone) draws one emoji, and stays.
 */
const INVISIBLE =
  /[\u00AD\u200B\u200C\u2060\uFEFF]|(?<!\p{Extended_Pictographic}(?:\u{FE0F}|[\u{1F3FB}-\u{1F3FF}])?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu;

/**
 * Whether the customer was erased whole (PIPL, `/desk erase`): the desk contacts it no more.
 * Every path that plans contact for a customer (care, greetings, follow-ups, win-back calls,
 * next steps, recoveries, an upgrade intent's hand-off to sales) and every customer signal (contract end, churn, birthday, upsell) asks
 * this one rule.
 */
export function erased<C>(customer: Declaring<C, { erasedAt?: Date | undefined }>): boolean {
  return !!customer.erasedAt;
}

/** erased()'s rule as a query filter: the customers it is false for (no erasure time). */
export const NOT_ERASED = { erasedAt: null };

/** The name an erased customer bears (`[erased] C2026001`): its code is all that is left of it. */
export function erasedName(code: string): string {
  return `${ERASED} ${code}`;
}

/**
 * What the workspace's erasure lease says the erasure running names (privacy/service.ts
 * `ErasureSubject`): a customer by its folded code (whole, or one of its contacts), or a Slack user.
 */
export type ErasingNow =
  { code: string; contact?: string; contactKey?: unknown } | { user: string };

/**
 * Whether the erasure running now (`running`: what the workspace's erasure lease names, none
 * when no erasure holds it) erases customer `code`: the whole customer; with `contacts`, one of
 * its contacts too (a task or a greeting of the customer may name any of them).
 */
export function erasingCode(
  running: ErasingNow | undefined,
  code: string,
  { contacts }: { contacts: boolean },
): boolean {
  if (!running || !('code' in running) || running.code !== foldCode(code)) return false;
  return contacts || (!running.contactKey && !running.contact);
}

/** Text without the characters that show nothing (`INVISIBLE`): `Ac\u200Bme` -> `Acme`. */
export function withoutInvisibles(text: string): string {
  return text.replace(INVISIBLE, '');
}

/**
 * The key two names must not share within a workspace: Unicode-normalised (full-width letters
 * and digits fold to ASCII), without invisible characters (`withoutInvisibles`: `Ac\u200Bme` is
 * `Acme`), trimmed, inner spaces collapsed, case folded. The stand-in database has no collation,
 * so uniqueness is enforced on this key with a unique index. The name itself is stored as typed.
 */
export function nameKey(name: string): string {
  return withoutInvisibles(name.normalize('NFKC'))
    .trim()
    .replace(/\s+/g, ' ')
    .toLocaleLowerCase('en');
}

/**
 * Latin letters that Unicode does not decompose into a letter and its accent (NFD leaves them
 * whole), as they are written without the mark: `Søren` as `Soren`, `Đặng` as `Dang`, `Łódź`
 * as `Lodz`, `Æbelø` as `Aebelo`, `Œuvre` as `Oeuvre`, `Straße` as `Strasse`, `Þór` as `Thor`
 * (Icelandic `ð` as `d`, Turkish dotless `ı` as `i`).
 */
const UNDECOMPOSED: Readonly<Record<string, string>> = {
  ø: 'o',
  đ: 'd',
  ł: 'l',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  þ: 'th',
  ð: 'd',
  ı: 'i',
};
const UNDECOMPOSED_CHAR = new RegExp(`[${Object.keys(UNDECOMPOSED).join('')}]`, 'g');

/**
 * Lower-case text as it is written without accents, the one fold `/customer find` and the
 * picker use (`accentFreePattern`): combining marks (U+0300-U+036F once decomposed) left out,
 * and the letters NFD keeps whole written as their plain letters (`UNDECOMPOSED`).
 */
export function foldAccents(text: string): string {
  return text
    .toLocaleLowerCase('en')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(UNDECOMPOSED_CHAR, (char) => UNDECOMPOSED[char]!)
    .normalize('NFC');
}

/**
 * Every accented lower-case Latin letter, by what it folds to (`foldAccents`): `e` -> `éèêë…`,
 * `o` -> `óö…øǿ`, `ae` -> `æǽǣ`, `ss` -> `ß`, `th` -> `þ`.
 */
const ACCENTED = (() => {
  const forms = new Map<string, string>();
  for (const [from, to] of [
    [0xc0, 0x24f],
    [0x1e00, 0x1eff],
  ] as const)
    for (let cp = from; cp <= to; cp++) {
      const char = String.fromCodePoint(cp).toLocaleLowerCase('en');
      if (char.length !== 1) continue;
      const base = foldAccents(char);
      if (/^[a-z]{1,2}$/.test(base) && char !== base)
        forms.set(base, (forms.get(base) ?? '') + char);
    }
  return new Map([...forms].map(([base, all]) => [base, [...new Set(all)].join('')]));
})();

/** The letter pairs one accented letter can stand for (`ae` for `æ`, `ss` for `ß`, ...). */
const PAIRS = new Set([...ACCENTED.keys()].filter((base) => base.length === 2));

/** A pattern of one plain letter (or any other character) and its accented forms. */
function letterPattern(char: string): string {
  const forms = ACCENTED.get(char);
  return forms ? `[${char}${forms}]` : escapeRegExp(char);
}

/**
 * A pattern finding `key` (a name key) in stored name keys and search terms whatever the
 * accents either has: `cafe muller` finds `café müller`, `café` finds `cafe`, `strasse` finds
 * `straße`, `soren` finds `søren`, `aebelo` finds `æbelø`. The fold is made as the stored keys
 * are read (they are stored as typed, accents and all, so no key is computed again): the typed
 * text is folded (`foldAccents`) and each Latin letter matches its accented forms, each pair
 * that one letter can stand for (`ae`, `oe`, `ss`, `th`) that letter too. Chinese and other
 * scripts match as typed.
 */
export function accentFreePattern(key: string): RegExp {
  const folded = foldAccents(key);
  let source = '';
  for (let i = 0; i < folded.length; i++) {
    const char = folded[i]!;
    const pair = folded.slice(i, i + 2);
    if (PAIRS.has(pair)) {
      source += `(?:${letterPattern(pair[0]!)}${letterPattern(pair[1]!)}|[${ACCENTED.get(pair)}])`;
      i++;
    } else source += letterPattern(char);
  }
  return new RegExp(source);
}

/**
 * The longest text `/customer find` and the picker look for, in characters (`tooLongToFind`):
 * a name's own limit (a contact's is 60, a tag's 40). Each character becomes at most ~170 bytes
 * of `accentFreePattern` (`œ`, every accented `o` and `e` and `ǿ`), so the pattern stays under
 * 17 KB, far from the 32,764 bytes MongoDB takes in a regular expression ("Regular expression is
 * too long": a pasted paragraph answered an internal error).
 */
export const SEARCH_TEXT_MAX = 100;

/**
 * Whether text is longer than `SEARCH_TEXT_MAX` characters as a name key reads it (without
 * invisible characters, spaces collapsed), counted as typed (code points).
 */
export function tooLongToFind(text: string): boolean {
  return [...withoutInvisibles(text).trim().replace(/\s+/g, ' ')].length > SEARCH_TEXT_MAX;
}

/**
 * The version of the keys computed from a customer's name, contacts and tags: the name key
 * (`nameKey`), its sort key (`nameSortKey`) and the search terms (`searchTerms`). Bumped whenever
 * one of them gives another key for some name (`nameSortKey`'s encoding, pinyin-pro's reading of
 * a character after an upgrade, what `nameKey` leaves out): the stored keys of another version
 * are computed again (`CustomerService.backfillSortKeys`), and until then found by name as
 * before. 2: name keys leave out invisible characters. 3: numbers sort as numbers (`nameSortKey`).
 */
export const SORT_KEY_VERSION = 3;

/** Where a Chinese character's reading starts in a sort key: where the characters sort now. */
const HAN_MARK = '\u4e00';
const HAN = /^\p{Unified_Ideograph}$/u;
const READING = /^[a-z]+[0-4]$/;
const readings = new Map<string, string>();
/**
 * pinyin-pro, loaded at the first Chinese character read (its dictionary costs a few hundred ms
 * and ~30 MB; a process that sorts no Chinese name, such as most command-line runs, never pays).
 * Its version is pinned in package.json: a reading it changes is a new SORT_KEY_VERSION.
 */
let pinyinPro: typeof import('pinyin-pro') | undefined;

/** A character's reading without context (`北` -> `bei3`, `绿` -> `lv4`), `{` if it has none. */
function readingOf(char: string): string {
  let reading = readings.get(char);
  if (reading === undefined) {
    pinyinPro ??= createRequire(import.meta.url)('pinyin-pro') as typeof import('pinyin-pro');
    const first = pinyinPro.pinyin(char, { toneType: 'num', v: true }).split(' ')[0] ?? '';
    // A reading sorts before `{`; a character without one sorts after every reading.
    reading = READING.test(first) ? first : '{';
    readings.set(char, reading);
  }
  return reading;
}

/** Where a run of digits starts in a sort key: where the digits sorted. */
const DIGIT_MARK = '0';
/** The longest run of digits whose length a sort key tells apart (longer ones sort as this long). */
const RUN_MAX = 0xfff;
/** The character after `DIGIT_MARK` saying how many digits follow: longer runs sort after. */
const runLength = (length: number) => String.fromCharCode(0x100 + Math.min(length, RUN_MAX));

/**
 * The key names are listed by (a name key, `nameKey`, in): each Chinese character becomes a
 * marker, its pinyin with the tone and the character itself (北京 -> `一bei3北一jing1京`, the
 * marker being U+4E00), each run of digits a marker (`0`), one character saying how many digits
 * it has, and the digits (`acme 10` -> `acme 0Ă10`), every other character stays as it is. So
 * Chinese names sort by pinyin (阿里巴巴, 北京, 上海, 深圳), character by character as a
 * dictionary does (西安 before 先), homophones by tone then by character; numbers as numbers
 * (Acme 1, Acme 2, Acme 10, Acme 100), a number written with leading zeros among the numbers of
 * its written length (`7`, `10`, `007`: zero-padded numbers, `001` to `099`, in order among
 * themselves), and where digits sorted before; a Latin name otherwise as before, and Chinese
 * characters still where they did among other scripts (after Latin, kana and Cyrillic). Each
 * character gets one reading whatever its neighbours (a polyphone its most common: 重 zhong, 长
 * chang), as a database's Chinese collation does: so the key of a name's beginning is the
 * beginning of the name's key, unless it ends in the middle of a number (`sortKeyPrefix`).
 */
export function nameSortKey(key: string): string {
  let out = '';
  for (const part of key.split(/(\d+)/)) {
    if (/^\d/.test(part)) out += `${DIGIT_MARK}${runLength(part.length)}${part}`;
    else
      for (const char of part)
        out += HAN.test(char) ? `${HAN_MARK}${readingOf(char)}${char}` : char;
  }
  return out;
}

/**
 * The pattern of the sort keys of the names beginning with `key` (a name key), as the picker
 * walks them in order: the beginning's sort key, except that a number it ends with may go on
 * (`acme 1` begins `acme 1`, `acme 10` and `acme 100`: a run of as many digits or more, starting
 * with those typed).
 */
export function sortKeyPrefix(key: string): RegExp {
  const run = /\d+$/.exec(key)?.[0];
  if (!run) return new RegExp(`^${escapeRegExp(nameSortKey(key))}`);
  const before = escapeRegExp(nameSortKey(key.slice(0, -run.length)));
  return new RegExp(
    `^${before}${DIGIT_MARK}[${runLength(run.length)}-${runLength(RUN_MAX)}]${run}`,
  );
}

const DIGITS = /\d+/y;

/**
 * Two strings with their runs of digits compared as numbers (`acme 2` before `acme 10`, `v9`
 * before `v10`), the rest code unit by code unit; of two equal numbers the shorter writing
 * (`7` before `007`) only when nothing else tells them apart.
 */
export function compareNatural(x: string, y: string): number {
  let i = 0;
  let j = 0;
  let zeros = 0;
  while (i < x.length && j < y.length) {
    DIGITS.lastIndex = i;
    const a = DIGITS.exec(x)?.[0];
    DIGITS.lastIndex = j;
    const b = DIGITS.exec(y)?.[0];
    if (a && b) {
      const [p, q] = [a.replace(/^0+(?=\d)/, ''), b.replace(/^0+(?=\d)/, '')];
      if (p.length !== q.length) return p.length - q.length;
      if (p !== q) return p < q ? -1 : 1;
      zeros ||= a.length - b.length;
      i += a.length;
      j += b.length;
      continue;
    }
    if (x[i] !== y[j]) return x.charCodeAt(i) - y.charCodeAt(j);
    i++;
    j++;
  }
  return x.length - i - (y.length - j) || zeros;
}

/**
 * Two names (or tags) in the order lists show them: by `nameSortKey` (Chinese by pinyin, Latin
 * as before) with the numbers in them compared as numbers (`compareNatural`: Acme 2 before
 * Acme 10), the same whatever the server's locale; names of one key as typed.
 */
export function compareNames(a: string, b: string): number {
  const [x, y] = [nameSortKey(nameKey(a)), nameSortKey(nameKey(b))];
  if (x !== y) return Math.sign(compareNatural(x, y)) || (x < y ? -1 : 1);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The stored sort key of a name key (`nameSortKey`), the version that computed it, and the name
 * key it was computed from (`sortKeyOf`): a file whose name key is no longer that one (renamed by
 * an older instance, which writes no sort key, during a rolling upgrade) is keyed again.
 */
export function sortKeyFields(key: string): {
  sortKey: string;
  sortKeyVersion: number;
  sortKeyOf: string;
} {
  return { sortKey: nameSortKey(key), sortKeyVersion: SORT_KEY_VERSION, sortKeyOf: key };
}

/** `C` + year + sequence, at least three digits: C2026001, ..., C2026999, C20261000. */
export function customerCode(year: number, sequence: number): string {
  return `C${year}${String(sequence).padStart(3, '0')}`;
}

export const CUSTOMER_CODE = /^C\d{4}\d{3,}$/i;

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * A customer code as typed, in the form it is stored: full-width letters and digits (a Chinese
 * IME's `Ｃ２０２６００１`) folded to ASCII (NFKC), trimmed, upper case.
 */
export function foldCode(text: string): string {
  // ASCII is its own NFKC form: only other text is folded (a code is mostly typed in ASCII).
  return (NON_ASCII.test(text) ? text.normalize('NFKC') : text).trim().toUpperCase();
}

export interface TierThresholds {
  strategicMin: number;
  keyMin: number;
}

/** Value tier from annual contribution (manual A by default: >= 1,000,000 / >= 500,000). */
export function computeTier(annualRevenue: number | undefined, thresholds: TierThresholds): Tier {
  const revenue = annualRevenue ?? 0;
  if (revenue >= thresholds.strategicMin) return 'strategic';
  if (revenue >= thresholds.keyMin) return 'key';
  return 'normal';
}

/**
 * When the quarterly tier review runs (domain 2): the first day of each quarter at this time in
 * the workspace's zone (the `tier-review` job; the date a thresholds change names).
 */
export const TIER_REVIEW_AT = '06:00';

/**
 * `+8613812345678` -> `138****5678`, `+861012345678` -> `010****5678`: the first three and last
 * four digits of the number as dialled at home stay visible (E.164 for numbers abroad).
 */
export function maskPhone(phone: string): string {
  const digits = phoneDigits(phone);
  if (digits.length <= 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** `zhang.wei@example.com` -> `z***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/**
 * The lower-cased strings `find` matches against: code, name, contact names and tags.
 * Stored on the customer so one indexed field answers the search.
 */
export function searchTerms(input: {
  code: string;
  name: string;
  contactNames: string[];
  tags: string[];
}): string[] {
  const terms = [input.code, input.name, ...input.contactNames, ...input.tags].map(nameKey);
  return [...new Set(terms.filter(Boolean))];
}

/** The key a new contact added by `form` (`submissionKey`) is given when free (`newContactKey`). */
export function formContactKey(form: string): string {
  return createHash('sha256').update(form).digest('hex').slice(0, 8);
}

/** A contact's key: short, stable, unique within its customer (`seed` from its place and name). */
export function contactKey(index: number, name: string): string {
  return createHash('sha256').update(`${index}:${name}`).digest('hex').slice(0, 8);
}

/**
 * A key for a new contact, not one of `taken`. Added by a form (`form`: its `submissionKey`), the
 * form's own when free, so the same submission delivered again finds the contact it added.
 */
export function newContactKey(taken: readonly string[], form?: string): string {
  const own = form && formContactKey(form);
  if (own && !taken.includes(own)) return own;
  for (;;) {
    const key = randomBytes(4).toString('hex');
    if (!taken.includes(key)) return key;
  }
}

/**
 * Escapes text for use inside a RegExp. A NUL is written `\x00`: a pattern goes to the database
 * as a C string, which cannot hold one (a hostile picker search with a NUL failed as INTERNAL).
 */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\0/g, '\\x00');
}

/** What a contact can opt out of, and the words in their opt-out tags that mean it. */
const OPT_OUT_WORDS = {
  /** Care calls and messages from the cadence. */
  care: ['care', 'all', '关怀', '回访', '全部'],
  /** Birthday and holiday greetings. */
  greetings: ['greeting', 'birthday', 'holiday', 'all', '问候', '祝福', '生日', '节日', '全部'],
} as const;
export type OptOutTopic = keyof typeof OPT_OUT_WORDS;

/** Whether a contact's opt-out tags ("no holiday greetings", "不要关怀") cover a topic. */
export function optsOut(contact: { optOuts: string[] }, topic: OptOutTopic): boolean {
  return contact.optOuts.some((tag) => {
    const clean = tag.normalize('NFKC').toLocaleLowerCase('en');
    const words = new Set(clean.match(/[a-z]+/g) ?? []);
    // Latin words match whole words (or their plural): "calls" is not "all", "healthcare" is
    // not "care". Chinese has no spaces, so its words match anywhere in the tag.
    return OPT_OUT_WORDS[topic].some((word) =>
      /^[a-z]+$/.test(word) ? words.has(word) || words.has(`${word}s`) : clean.includes(word),
    );
  });
}

/** Whole years from `start` to `today` (dates `YYYY-MM-DD`), never negative. */
export function fullYears(start: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(start.slice(0, 4));
  return Math.max(0, today.slice(5) < start.slice(5) ? years - 1 : years);
}

/** Days from one date to a later one (`YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Whether a file was recorded more than 24 h after the first contact (manual B). The first
 * contact is a date, so its latest moment is that day's end: a file recorded the day after is in
 * time, one recorded two or more days after is late. Returns the days after, or null.
 */
export function recordedLate(firstContactDate: string, recordedDate: string): number | null {
  const days = daysBetween(firstContactDate, recordedDate);
  return days > 1 ? days : null;
}

/**
 * The history a team brings to the desk: a customer first contacted (`firstContact`, the start
 * of that day in the workspace's zone) before the workspace's first customer record
 * (`firstRecordAt`, the change log's earliest `created` entry: when the team started using the
 * desk) was never the desk's to record or report. It is not a new customer of the week it is
 * typed in (digest/figures.ts `newFrom`), nor recorded late (manual B's 24 h: `create`). Without
 * a first record, nothing is history (the digest of a desk with no record yet).
 */
export function isStartupHistory(firstContact: Date, firstRecordAt: Date | undefined): boolean {
  return firstRecordAt !== undefined && firstContact.getTime() < firstRecordAt.getTime();
}

/**
 * A key customer (domain §2-3): strategic or key tier, key potential, or VIP by value class.
 * Their contract end and churn warning reach the managers too, not only the account manager.
 */
export function isKeyCustomer<C>(
  customer: Declaring<
    C,
    { tier: Tier; potential?: string | undefined; valueClass?: string | undefined }
  >,
): boolean {
  return (
    customer.tier === 'strategic' ||
    customer.tier === 'key' ||
    customer.potential === 'key' ||
    customer.valueClass === 'vip'
  );
}

/**
 * The words a contact's preferred channel (free text, as typed: "email", "E-mail", "微信") is
 * matched by, per way a task's Done form records the contact (its interaction types). Latin words
 * match whole words, Chinese anywhere, as opt-out tags are read.
 */
const CHANNEL_WORDS: Readonly<Record<InteractionType, readonly string[]>> = {
  call: ['call', 'phone', 'telephone', 'tel', 'mobile', 'cell', '电话', '手机', '致电'],
  email: ['email', 'mail', 'e', '邮件', '邮箱', '电邮'],
  visit: ['visit', 'onsite', '拜访', '上门', '面访'],
  meeting: ['meeting', 'video', 'zoom', '会议', '面谈', '视频'],
  message: [
    'message',
    'wechat',
    'sms',
    'text',
    'im',
    'whatsapp',
    'dingtalk',
    '微信',
    '短信',
    '消息',
    '钉钉',
  ],
};

/** The interaction types free text (a preferred channel, an opt-out tag) names, as CHANNEL_WORDS reads it. */
function typesNamed(text: string): InteractionType[] {
  const clean = text.normalize('NFKC').toLocaleLowerCase('en');
  const words = new Set(clean.match(/[a-z]+/g) ?? []);
  return (Object.keys(CHANNEL_WORDS) as InteractionType[]).filter((type) =>
    CHANNEL_WORDS[type].some((word) =>
      /^[a-z]+$/.test(word) ? words.has(word) || words.has(`${word}s`) : clean.includes(word),
    ),
  );
}

/** The words that join ways of contact in a preferred channel ("phone or WeChat", "电话或微信"). */
const CHANNEL_JOINERS = new Set(
  ['or', 'and', 'only', 'via', 'by', 'prefer', 'prefers', 'preferred', 'first', 'then'].concat([
    '或',
    '或者',
    '和',
    '及',
    '优先',
    '首选',
    '仅',
  ]),
);

/**
 * Whether a preferred channel (free text) says nothing but ways of contact ("WeChat", "phone or
 * email", "电话或微信"): nothing that names the person ("微信 liwei88", "her assistant").
 */
export function onlyWaysOfContact(channel: string): boolean {
  let clean = channel.normalize('NFKC').toLocaleLowerCase('en');
  for (const words of Object.values(CHANNEL_WORDS))
    for (const word of words) if (!/^[a-z]+$/.test(word)) clean = clean.split(word).join(' ');
  const latin = new Set(
    Object.values(CHANNEL_WORDS).flatMap((words) =>
      words.filter((w) => /^[a-z]+$/.test(w)).flatMap((w) => [w, `${w}s`]),
    ),
  );
  return clean
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .every((word) => latin.has(word) || CHANNEL_JOINERS.has(word));
}

/**
 * How a task's Done form should start for a contact who prefers `channel` (typed free text):
 * the one interaction type it names, if it names exactly one ("email" -> email, "WeChat" ->
 * message, "电话" -> call); undefined when it names none or several ("phone or email").
 */
export function interactionTypeFor(channel: string | undefined): InteractionType | undefined {
  if (!channel) return undefined;
  const found = typesNamed(channel);
  return found.length === 1 ? found[0] : undefined;
}

/**
 * The primary contact's preferred channel, when one is set (the first contact is the primary)
 * and their opt-outs leave it to be said: none for a task of a `topic` they opted out of (a
 * greeting, a care contact: the task is for the others, or for nobody), nor when one of their
 * opt-out tags names a way of contact the channel names ("WeChat" preferred, "no WeChat" opted
 * out: the file contradicts itself, and the desk does not offer a way refused).
 */
export function preferredReach(
  customer: { contacts: readonly Contact[] },
  topic?: OptOutTopic,
): { contact: string; channel: string } | undefined {
  const primary = customer.contacts[0];
  const channel = primary?.preferredChannel?.trim();
  if (!primary || !channel) return undefined;
  if (topic && optsOut(primary, topic)) return undefined;
  const ways = typesNamed(channel);
  if (primary.optOuts.some((tag) => typesNamed(tag).some((type) => ways.includes(type))))
    return undefined;
  return { contact: primary.name, channel };
}
