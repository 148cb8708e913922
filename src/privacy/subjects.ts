/**
 * Data-subject requests, the pure part: how a contact's details (name, phone in any spacing,
 * email, IM) are found in any text, and how a document is scrubbed of them, however deep.
 * src/privacy/repository.ts applies it to the documents themselves (the customer, its orders,
 * interactions, change log, signals, tickets, tasks, and the workspace's outbox entries and
 * stored digests), so nothing is left behind. Figures (amounts, counts, dates, tiers) stay.
 */
import { phoneDigits } from '../phone.js';
import {
  escapeRegExp,
  maskEmail,
  maskPhone,
  nameKey,
  onlyWaysOfContact,
} from '../customer/rules.js';
import { ERASED } from '../context.js';
import { escapeMrkdwn } from '../text/mrkdwn.js';
import { eraseFreeText, maskFreeText, personalIn } from './free-text.js';

/** What erased text reads as (defined in src/context.ts, below every layer). */
export { ERASED };

/**
 * Whether the retention setting took (or is due to take) a closed ticket's words: closed before
 * `retentionDays` ago (the daily `privacy-retention` job anonymises it at its next run, if it
 * has not yet), or its title reads `[erased]` (anonymised by a run since the setting changed; a
 * whole erasure of its requester leaves it so too). Such a ticket is not reopened by a reply
 * handled late (`lateReopenOnClosed`): the words to work it from are gone, or about to go, so
 * the reply opens a new ticket, as one sent after the close does (a safe default).
 */
export function retentionTook(
  ticket: { status: string; closedAt?: Date | undefined; title: string },
  retentionDays: number | undefined,
  now: Date,
): boolean {
  if (ticket.status !== 'closed') return false;
  if (ticket.title === ERASED) return true;
  return (
    !!retentionDays &&
    ticket.closedAt !== undefined &&
    ticket.closedAt.getTime() < now.getTime() - retentionDays * 86_400_000
  );
}

export type Doc = Record<string, unknown> & { _id: unknown };

export interface ContactTerms {
  name?: string;
  phone?: string;
  email?: string;
  im?: string;
  /**
   * How they want to be reached, as typed ("her assistant, 139 1234 5678"): the phones and
   * emails in it are theirs to erase as their own are (a task's reminder in the outbox holds it,
   * in clear and masked: TaskService.withReach).
   */
  preferredChannel?: string;
}

/**
 * Phones (by `phoneDigits`) and emails (lower case) that contacts who stay hold now: another
 * contact of the customer, or a contact of any other customer of the workspace.
 */
export interface HeldByOthers {
  phones: Set<string>;
  emails: Set<string>;
}

/** Whether `term`'s phone or email is one a contact who stays holds now (`held`). */
export function heldByOthers(term: ContactTerms, held: HeldByOthers): boolean {
  return (
    (!!term.phone && held.phones.has(phoneDigits(term.phone))) ||
    (!!term.email && held.emails.has(term.email.trim().toLowerCase()))
  );
}

/**
 * `terms` with, for each, the phones and emails typed in their preferred channel as terms of
 * their own (looked for as a contact's phone and email are: any spacing, masked forms), but
 * those a contact who stays holds now (`held`: "via 李强, 139 1234 5678", 李强's own number,
 * is his, and stays in his records).
 */
export function withReachTerms(
  terms: ContactTerms[],
  held: HeldByOthers = { phones: new Set(), emails: new Set() },
): ContactTerms[] {
  return terms.flatMap((t) => {
    const { emails, phones } = personalIn(t.preferredChannel);
    return [
      t,
      ...emails.map((email) => ({ email })).filter((e) => !heldByOthers(e, held)),
      ...phones.map((phone) => ({ phone })).filter((e) => !heldByOthers(e, held)),
    ];
  });
}

/** The `+` (or `(+`, as in `(+86) 10 ...`) before a number: erased with it. */
const PHONE_LEAD = '(?:(?:\\(\\s*)?\\+\\s*)?';

/**
 * A phone number's digits (national and with its country code) and, for each, a regular
 * expression source matching them in any spacing, with what leads them (`+`, `(`, `+86`): the
 * national digits with or without +86, the digits with their country code (`+86 10 1234 5678`,
 * a landline without its trunk 0) with their `+`.
 */
function spacedPhone(phone: string): { digits: string; spaced: string }[] {
  const national = phoneDigits(phone).replace(/\D/g, '');
  // Without an extension (`+861012345678;ext=123`): text names the number itself.
  const e164 = phone.split(';')[0]!.replace(/\D/g, '');
  return [...new Set([national, e164])].map((digits) => ({
    digits,
    spaced: `${PHONE_LEAD}${digits === e164 ? '' : '(?:86[\\s\\-()]*)?'}${digits.split('').join('[\\s\\-()]*')}`,
  }));
}

/**
 * Regular expressions matching a contact's details as typed anywhere in the customer's own
 * documents: the name (and `extra`, a whole customer's name and address) as a whole word or
 * phrase in any case, spacing (line breaks too) and width, as other customers' text is matched
 * (`namePhrase`); a phone in any spacing; email, masked forms and IM as they are. Each name and
 * literal also as the desk renders it into a message (`renderedForms`: masked, mrkdwn-escaped),
 * as the outbox, digests and the inbox's events hold it.
 */
export function termPatterns(
  terms: ContactTerms[],
  extra: string[] = [],
  /**
   * The preferred channels looked for whole: only in the customer's own documents. Elsewhere
   * (the workspace's outbox and digests) a phrase such as "WeChat, evenings" is as likely
   * another person's; the erased contact's own reach there goes structurally (withoutReach).
   */
  wholeChannels = true,
  /**
   * Longer names of people who stay that hold one of these ("李王芳" for "王芳"): a name is not
   * erased from within them (`sparing`).
   */
  spare: readonly string[] = [],
): RegExp[] {
  const patterns: RegExp[] = [];
  // Each as typed and as the desk renders it into a message (renderedForms: masked, escaped),
  // as the outbox, digests and the inbox's events hold it ("Anna &amp; Ben", "WeChat 139****5678").
  const literal = (s: string | undefined) => {
    if (s && s.trim().length >= 2)
      for (const form of renderedForms(s.trim()))
        patterns.push(new RegExp(escapeRegExp(form), 'gi'));
  };
  const name = (s: string | undefined) => {
    const text = s?.normalize('NFKC').trim();
    if (text && [...text.replace(/\s+/g, '')].length >= 2)
      for (const form of new Set([text, escapeMrkdwn(text)]))
        patterns.push(new RegExp(namePhrase(form, spare).find, 'giu'));
  };
  // A preferred channel whole, as typed and as masked, first: the name, phone or email in it
  // erased before would leave the rest ("微信 liwei88", "her assistant, [erased]"). Not one that
  // names only ways of contact ("WeChat"): that names nobody.
  for (const t of wholeChannels ? terms : [])
    if (t.preferredChannel && !onlyWaysOfContact(t.preferredChannel)) {
      literal(t.preferredChannel);
      literal(maskFreeText(t.preferredChannel));
    }
  for (const t of terms) {
    name(t.name);
    literal(t.email);
    if (t.email) literal(maskEmail(t.email));
    literal(t.im);
    if (t.phone) {
      for (const { spaced } of spacedPhone(t.phone)) patterns.push(new RegExp(spaced, 'g'));
      literal(maskPhone(t.phone));
      literal(t.phone);
    }
  }
  for (const s of extra) name(s);
  return patterns;
}

/**
 * How a DM written to the outbox already rendered (the managers' overdue list, a task's notices:
 * whatText after TaskService.withReach) says an erased contact wants to be reached: `find`, as
 * reachPhrase renders it, and `erased`, as it reads once erased (as a reminder's `reach` then
 * renders: "[erased] prefers [erased]").
 */
export interface ReachPhrase {
  find: string;
  erased: string;
  /**
   * `find` up to its channel, without the space or quote before it ("王芳 prefers", "王芳偏好"):
   * a line cut at its limit within the phrase ("王芳 prefers 微信 liwei88…") is matched from
   * here to the ellipsis when that much of `find` is what it holds.
   */
  head?: string;
}

/** What a cut line ends with (clip's ellipsis). */
const CUT = '…';

/**
 * What a rendered DM puts right before a reach phrase (every reachText call site in
 * src/ui/task.ts): " · " in whatText and overdueList ("… · 王芳 prefers 微信"), a line break in
 * taskMoved (the heading, then the phrase on its own line). A phrase is hers only there (or where
 * a text starts): after anything else her name is the end of another one's, "Wei Li prefers …"
 * for "Li", "李王芳偏好…" for "王芳" (Chinese runs on without spaces), and his line stays his.
 */
export const BEFORE_REACH = [' · ', '\n'] as const;

/** Whether a phrase found at `at` in `text` starts there (BEFORE_REACH). */
const startsReach = (text: string, at: number) =>
  at === 0 || BEFORE_REACH.some((before) => text.endsWith(before, at));

/**
 * `text` with each of `phrases` (longest first: one may hold another) read as erased, and a
 * phrase cut short by a line's limit (its `head` and then as much of it as the line held, up to
 * the ellipsis) read as erased too, the ellipsis kept; either only where it starts a reach
 * (BEFORE_REACH before it). Only the phrase that names them: the channel alone ("WeChat,
 * evenings") is as likely another person's.
 */
export function withoutReachPhrases(text: string, phrases: ReachPhrase[]): string {
  let out = text;
  const longestFirst = [...phrases].sort((a, b) => b.find.length - a.find.length);
  for (const p of longestFirst) {
    let next = '';
    let from = 0;
    for (let at = out.indexOf(p.find); at >= 0; at = out.indexOf(p.find, at + 1)) {
      if (at < from || !startsReach(out, at)) continue;
      next += `${out.slice(from, at)}${p.erased}`;
      from = at + p.find.length;
    }
    out = next + out.slice(from);
  }
  for (const p of longestFirst) {
    if (!p.head) continue;
    for (let at = out.indexOf(p.head); at >= 0; at = out.indexOf(p.head, at + 1)) {
      if (!startsReach(out, at)) continue;
      const cut = out.indexOf(CUT, at + p.head.length);
      if (cut < 0) break;
      if (!p.find.startsWith(out.slice(at, cut))) continue;
      out = `${out.slice(0, at)}${p.erased}${CUT}${out.slice(cut + CUT.length)}`;
    }
  }
  return out;
}

/**
 * A text a person typed as the desk may hold it: as typed, and as rendered into what the outbox
 * and digests store (phones and emails masked, `maskFreeText`; escaped for mrkdwn, `& < >` as
 * `&amp; &lt; &gt;`; and both), each once. Without `masked`, the unmasked ones only: a masked
 * email or phone (`l***@huadong.cn`, `138****8000`) is shared by other people's, and a text that
 * is little more than one names nobody once masked.
 */
export function renderedForms(typed: string, masked = true): string[] {
  const hidden = masked ? maskFreeText(typed) : typed;
  return [...new Set([typed, hidden, escapeMrkdwn(typed), escapeMrkdwn(hidden)])];
}

/** `typed` without its emails and phone numbers (what its masked form says of it). */
export function withoutPersonal(typed: string): string {
  return eraseFreeText(typed, '').trim();
}

/**
 * A form of a person's text (`renderedForms`) as a rendered line cut at its limit may hold it:
 * `head`, its start (long enough to name them, as a quoted text must be), then as much more of
 * it as the line held, then the ellipsis.
 */
export interface CutForm {
  text: string;
  head: string;
}

/**
 * What a renderer puts after a clipped text (clip, clipMrkdwn): the end of the text or of its
 * line, or the " · " that joins a row's clauses. An ellipsis followed by anything else is one a
 * person typed ("The printer is jammed… again?": iOS and macOS write "..." so, Chinese "……").
 */
const clipEnds = (text: string, cut: number) => {
  const after = cut + CUT.length;
  return after === text.length || text[after] === '\n' || text.startsWith(' · ', after);
};

/**
 * Where a renderer puts a quoted text: a line's start, or after a template's lead (`replied:
 * {text}`, `回复：{text}`, a row's " · "). A form's head found after anything else is within
 * another person's words.
 */
const quoteStarts = (text: string, at: number) =>
  at === 0 || ['\n', ': ', '：', ' · '].some((lead) => text.endsWith(lead, at));

/**
 * Whether a quote at `at` follows a mention on its line ("<@U0AGENT001> noted: …", "客户方的
 * <@U…> 回复：…"): the words of whom it names, rendered whole or cut as they typed them (an
 * ellipsis they typed at its end too), never the erased person's, whose mentions read
 * `[erased]` before cuts are looked for.
 */
const othersQuote = (text: string, at: number) => {
  const line = text.slice(text.lastIndexOf('\n', at - 1) + 1, at);
  return /<@[UW][A-Z0-9]+(?:\|[^>]*)?>/.test(line);
};

/**
 * `text`, rendered (what the outbox and digests store; never typed text), with each run from a
 * form's `head` up to a clip's ellipsis, when the run is the start of the form (the furthest such
 * ellipsis), read as erased, the ellipsis kept: a line cut within a person's words ("replied:
 * Gate code 4471 &amp; ask…") keeps none of them. Only a run where a renderer starts a quote
 * (quoteStarts) and an ellipsis where a renderer's cut ends (clipEnds): another person's
 * "The printer is jammed… again?" is theirs. `forms` longest first, the whole forms already
 * replaced.
 */
export function withoutCutForms(text: string, forms: readonly CutForm[]): string {
  if (!text.includes(CUT)) return text;
  let out = text;
  for (const f of forms) {
    for (let at = out.indexOf(f.head); at >= 0; at = out.indexOf(f.head, at + 1)) {
      if (!quoteStarts(out, at) || othersQuote(out, at)) continue;
      let end = -1;
      for (
        let cut = out.indexOf(CUT, at + f.head.length);
        cut >= 0 && f.text.startsWith(out.slice(at, cut));
        cut = out.indexOf(CUT, cut + CUT.length)
      )
        if (clipEnds(out, cut)) end = cut;
      if (end >= 0) out = `${out.slice(0, at)}${ERASED}${out.slice(end)}`;
    }
  }
  return out;
}

/**
 * Whether `run`, a rendered line's end cut by a clip within `form` (a name or IM of an erased
 * contact, as rendered), holds enough of it to name them: at least half of it, and of a name or
 * IM of several words more than its first word ("Anna…" is as likely Anna Smith's start as
 * "Anna & Ben"'s), 3 letters or digits (2 with a CJK one), not only ways of contact ("WeChat…").
 */
function namesEnough(run: string, form: string): boolean {
  const bare = run.replace(/\s+/g, '');
  if (run.trim().length * 2 < form.length) return false;
  if (CJK.test(run)) return [...bare].length >= 2;
  if (/\s/.test(form.trim()) && !/\S\s+\S/.test(run)) return false;
  return bare.length >= 3 && !onlyWaysOfContact(run);
}

/**
 * `text`, rendered (what the outbox and digests store; never typed text), with a line cut by a
 * clip within one of `forms` (an erased contact's names and IMs, as rendered: escaped, masked)
 * read as erased from where the form begins, the ellipsis kept: "…then wrote to Anna &amp; Ben…"
 * reads "…then wrote to [erased]…". Only where the ellipsis ends the line or clause as a clip's
 * does (clipEnds), the form starts a word (or is CJK), and what the line holds of it names them
 * (namesEnough) and is not the whole name of someone who stays (`staying`); the whole forms
 * already replaced.
 */
export function withoutCutTerms(
  text: string,
  forms: readonly string[],
  /**
   * Names of people and customers who stay that begin one of `forms` ("王芳" for "王芳华": another
   * customer's contact): a run that is one of them, whole, is theirs as likely, and stays.
   */
  staying: readonly string[] = [],
): string {
  if (!text.includes(CUT) || !forms.length) return text;
  const lowered = forms.map((f) => f.toLowerCase());
  const theirs = new Set(staying.flatMap((n) => [nameKey(n), nameKey(escapeMrkdwn(n))]));
  let out = text;
  for (let cut = out.indexOf(CUT); cut >= 0; cut = out.indexOf(CUT, cut + 1)) {
    if (!clipEnds(out, cut)) continue;
    let from = -1;
    forms.forEach((form, i) => {
      for (let len = Math.min(form.length - 1, cut); len > 0 && cut - len > from; len--) {
        const at = cut - len;
        const run = out.slice(at, cut);
        if (!lowered[i]!.startsWith(run.toLowerCase())) continue;
        const startsWord = at === 0 || CJK.test(run[0]!) || !/[\p{L}\p{N}_]/u.test(out[at - 1]!);
        if (startsWord && namesEnough(run, form) && !theirs.has(nameKey(run))) {
          from = at;
          break;
        }
      }
    });
    if (from < 0) continue;
    out = `${out.slice(0, from)}${ERASED}${out.slice(cut)}`;
    cut = from + ERASED.length;
  }
  return out;
}

/** `value` with every string in it (however deep) passed through `replace`. */
export function scrub(value: unknown, replace: (s: string) => string): unknown {
  if (typeof value === 'string') return replace(value);
  if (Array.isArray(value)) return value.map((v) => scrub(v, replace));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrub(v, replace);
    return out;
  }
  return value;
}

export function replaceAll(text: string, patterns: RegExp[], freeText: boolean): string {
  let out = text;
  for (const p of patterns) out = out.replace(p, ERASED);
  return freeText ? eraseFreeText(out, ERASED) : out;
}

/**
 * How one detail of an erased person is looked for in other customers' typed text: `find`
 * matches it exactly (a name as a whole word or phrase, any case and spacing; a phone number's
 * digits in any spacing, not inside a longer number; an email), `prefilter` is the same as an
 * escaped, database-portable regular expression (case-insensitive) that finds candidates, and
 * `name` (a name's key) says it is a name, skipped in the documents of a customer that has a
 * contact of that very name (they are then most likely about that customer's own contact).
 */
export interface Mention {
  find: RegExp;
  prefilter: string;
  name?: string;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Whether a name is long enough to be looked for in other customers' text: 2 characters with
 * a CJK one, else 3 letters or digits ("Li" or "Wu" alone would match far too much).
 */
export function searchableName(name: string): boolean {
  const chars = [...name.replace(/\s+/g, '')];
  return CJK.test(name) ? chars.length >= 2 : chars.length >= 3;
}

/** A character inside a character class, escaped where the class would read it otherwise. */
const inClass = (ch: string) => (/[\\\]\[^-]/.test(ch) ? `\\${ch}` : ch);

/**
 * One character of a name as a regular expression source: an ASCII letter, digit or sign in
 * either case and either width (`W`, `w`, `Ｗ`, `ｗ`: full-width forms fold to ASCII, and names
 * are stored folded), anything else escaped.
 */
function eitherWidth(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code < 0x21 || code > 0x7e) return escapeRegExp(ch);
  const forms = new Set([ch, ch.toLowerCase(), ch.toUpperCase()]);
  for (const f of [...forms]) forms.add(String.fromCharCode(f.charCodeAt(0) + 0xfee0));
  return `[${[...forms].map(inClass).join('')}]`;
}

/**
 * A name as a phrase: its words, each character in either width, any run of spaces (line breaks
 * too) matching any other.
 */
function phrase(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .map((word) => [...word].map(eitherWidth).join(''))
    .join('[\\s\u3000]+');
}

/**
 * A name (NFKC-folded, trimmed) as it is looked for in typed text: `find`, the phrase as a
 * whole word (no letter, digit or underscore right before or after, unless that side is CJK:
 * Chinese runs on without spaces, "联系王芳确认"), and `prefilter`, the phrase alone (portable
 * to the database's regular expressions).
 */
function namePhrase(
  text: string,
  spare: readonly string[] = [],
): { find: string; prefilter: string } {
  const before = CJK.test([...text][0]!) ? '' : '(?<![\\p{L}\\p{N}_])';
  const after = CJK.test([...text].at(-1)!) ? '' : '(?![\\p{L}\\p{N}_])';
  return {
    find: `${sparing(text, spare)}${before}${phrase(text)}${after}`,
    prefilter: phrase(text),
  };
}

/**
 * A guard before a name's phrase: not where it is part of one of `spare` (longer names of people
 * who stay: "李王芳" for "王芳"), that is where that name's start is right before it and its rest
 * right after. Chinese runs on without spaces, so a CJK name is found inside running text
 * ("联系王芳确认"), and so inside another person's longer name too, unless it is spared.
 */
function sparing(text: string, spare: readonly string[]): string {
  /** Literal, but any run of spaces (line breaks too) matching any other. */
  const loose = (part: string) =>
    part
      .split(/(\s+)/)
      .map((bit) => (/^\s+$/.test(bit) ? '[\\s\u3000]+' : escapeRegExp(bit)))
      .join('');
  const key = text.normalize('NFKC');
  const folded = key.toLowerCase();
  const guards = new Set<string>();
  // Found as spareNames finds them, whatever the case ("LI Wei Ming" for "Li Wei"), and in the
  // spared name as typed and as Slack and the desk escape it ("Anna &amp; Ben Ltd" for the
  // escaped form of "Anna & Ben"); the pattern's own flags match the guard in any case.
  for (const longer of spare) {
    const typed = longer.normalize('NFKC').trim();
    for (const whole of new Set([typed, escapeMrkdwn(typed)])) {
      if (whole.length <= key.length) continue;
      const lower = whole.toLowerCase();
      // The original's head and tail where folding kept its length, else the folded ones'.
      const from = lower.length === whole.length ? whole : lower;
      for (let at = lower.indexOf(folded); at >= 0; at = lower.indexOf(folded, at + 1)) {
        const head = from.slice(0, at);
        const tail = from.slice(at + folded.length);
        guards.add(`${head ? `(?<=${loose(head)})` : ''}${loose(key)}${loose(tail)}`);
      }
    }
  }
  return guards.size ? `(?!${[...guards].join('|')})` : '';
}

/**
 * The mentions of contacts (name, phone, email) and of `names` (a customer's) to look for: each
 * name and email as typed and as Slack and the desk escape it (`&`, `<`, `>` as `&amp;`, `&lt;`,
 * `&gt;`: the inbox's events hold a message's text as Slack sends it, "Ask Anna &amp; Ben"), with
 * the same guards (a whole word or phrase; namesakes kept, by the name's key). Not masked forms
 * (`138****8000` is shared by other people's numbers) nor a line cut within them: other
 * customers' typed text and Slack's payloads are neither masked nor clipped by the desk, and an
 * ellipsis there is one a person typed.
 */
export function mentionPatterns(
  terms: ContactTerms[],
  names: string[] = [],
  /** Longer names of people who stay, a name is not erased from within (`sparing`). */
  spare: readonly string[] = [],
): Mention[] {
  const out: Mention[] = [];
  const name = (raw: string | undefined) => {
    const text = raw?.normalize('NFKC').trim();
    if (!text || !searchableName(text)) return;
    for (const form of new Set([text, escapeMrkdwn(text)])) {
      const { find, prefilter } = namePhrase(form, spare);
      out.push({ find: new RegExp(find, 'giu'), prefilter, name: nameKey(text) });
    }
  };
  for (const t of terms) {
    name(t.name);
    const email = t.email?.trim();
    if (email && email.includes('@'))
      for (const form of new Set([email, escapeMrkdwn(email)])) {
        const literal = escapeRegExp(form);
        out.push({
          find: new RegExp(`(?<![\\p{L}\\p{N}._%+-])${literal}(?![\\p{L}\\p{N}-])`, 'giu'),
          prefilter: literal,
        });
      }
    if (t.phone)
      for (const { digits, spaced } of spacedPhone(t.phone)) {
        if (digits.length < 7) continue;
        out.push({ find: new RegExp(`(?<!\\d)${spaced}(?!\\d)`, 'g'), prefilter: spaced });
      }
  }
  for (const n of names) name(n);
  return out;
}

/**
 * `text` with every mention in it replaced by `[erased]`, but for the names in `skip` (keys of
 * names the document's own customer has as contacts).
 */
export function eraseMentions(text: string, mentions: Mention[], skip: Set<string>): string {
  let out = text;
  for (const m of mentions) if (!m.name || !skip.has(m.name)) out = out.replace(m.find, ERASED);
  return out;
}
