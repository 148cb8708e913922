/**
 * Text cut to a length: the one place that does it, for every layer (domain messages quoting
 * what someone typed, stored descriptions, Slack surfaces). A limit is in characters as Slack
 * and the forms count them, UTF-16 units (`text.length`: an emoji is two or more). A cut is
 * always between graphemes, never inside an emoji's surrogate pair, a flag, a skin tone, a ZWJ
 * sequence or a letter with its combining marks (a bare `slice` leaves half an emoji, which Slack
 * shows as `�`). The ellipsis, when there is one, counts within the limit.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Word boundaries (ICU: spaces and punctuation; a dictionary for Chinese, so 客户|服务|台). */
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/** What a cut at a word boundary leaves out at its end before the ellipsis: spaces, commas, an
 * opening bracket or quote, a dash (never `;` or `&`, which end and start mrkdwn entities). */
const TRAILING = /[\s,，、;；:：\-–—(（[【「『"“'‘/·]+$/u;

export interface CutOptions {
  /** What ends a cut text (`…` unless given; `''` for none). */
  ellipsis?: string;
  /** Cut at the end of a word (`clip`) rather than at any character (`clipAtCharacter`). */
  atWord?: boolean;
  /**
   * Runs kept whole besides graphemes (a global pattern: mrkdwn's entities and `<…>` of ours).
   * Without it only a prefix a little longer than `max` is read; with it the atoms up to there
   * (each whole), and for the words the text up to a space or newline past that.
   */
  atoms?: RegExp;
}

/**
 * The pieces a cut may not split, in order: graphemes, and whatever `atoms` matches (found in the
 * whole text), up to the first piece ending past `limit`. Lazily: a cut reads what it keeps and
 * the piece after. A grapheme is found in the text up to `limit` (one ending before it is the
 * same there as in the whole text: a grapheme's end never depends on what follows it).
 */
function* units(text: string, atoms: RegExp | undefined, limit: number): Generator<string> {
  let at = 0;
  for (const m of atoms ? text.matchAll(atoms) : []) {
    if (at >= limit) return;
    for (const s of graphemes.segment(text.slice(at, Math.min(m.index, limit)))) yield s.segment;
    if (m.index >= limit) return;
    yield m[0];
    at = m.index + m[0].length;
  }
  if (at < limit) for (const s of graphemes.segment(text.slice(at, limit))) yield s.segment;
}

/** The longest prefix of `scope` made of whole units within `room`, and where each unit ends. */
function unitPrefix(
  scope: string,
  room: number,
  atoms: RegExp | undefined,
  limit: number,
): { out: string; ends: Set<number> } {
  const ends = new Set<number>();
  let out = '';
  for (const unit of units(scope, atoms, limit)) {
    if (out.length + unit.length > room) break;
    out += unit;
    ends.add(out.length);
  }
  return { out, ends };
}

/** The end of the last word within `room` that is also a unit boundary, trimmed, or undefined. */
function wordCut(text: string, room: number, unitEnds: ReadonlySet<number>): string | undefined {
  let best = 0;
  for (const { index, segment } of words.segment(text)) {
    const end = index + segment.length;
    if (end > room) break;
    if (unitEnds.has(end)) best = end;
  }
  let out = text.slice(0, best);
  const trimmed = out.replace(TRAILING, '');
  if (trimmed !== out && unitEnds.has(trimmed.length)) out = trimmed;
  // A word that would lose more than half the room and more than a few words (a URL, a long
  // code) is cut inside, rather than lost.
  const lost = room - out.length;
  return out.length > 0 && (lost <= 24 || lost * 2 <= room) ? out : undefined;
}

/** Just past the first space or newline at or after `from`, else the text's length. */
function wordsEnd(text: string, from: number): number {
  const space = text.indexOf(' ', from);
  const newline = text.indexOf('\n', from);
  const first = space < 0 ? newline : newline < 0 ? space : Math.min(space, newline);
  return first < 0 ? text.length : first + 1;
}

/** The one cut: `text` as it is when within `max`, else as much as fits, then the ellipsis. */
export function cutText(text: string, max: number, options: CutOptions = {}): string {
  const { ellipsis = '…', atWord = false, atoms } = options;
  if (text.length <= max) return text;
  const room = max - ellipsis.length;
  // Graphemes ending within `room` are the same in a prefix a little longer (`limit`). Without
  // atoms, so are the words, near enough; with them, exactly the whole text's words: the text up to
  // a space or newline after `limit` (no word rule looks past one, nor ICU's dictionary for
  // Chinese, which reads a run to its end).
  const limit = max + 16;
  const scope = atoms ? text.slice(0, wordsEnd(text, limit)) : text.slice(0, limit);
  const { out, ends } = unitPrefix(atoms ? text : scope, room, atoms, limit);
  return ((atWord ? wordCut(scope, room, ends) : undefined) ?? out) + ellipsis;
}

/**
 * Text cut to `max` characters, ending with `ellipsis`: at the end of a word (spaces and
 * punctuation in English, ICU's dictionary words in Chinese), the trailing space or comma left
 * out; never inside a grapheme. A very long word (a URL, a code), whose loss would cost more than
 * half of `max` and 24 characters, is cut inside at a character. For text that is read.
 */
export function clip(text: string, max: number, ellipsis = '…'): string {
  return cutText(text, max, { ellipsis, atWord: true });
}

/**
 * Text cut to `max` characters, ending with `ellipsis` (`''` for none), keeping as much as fits:
 * between two graphemes wherever that is in a word. For text that is stored or edited (a
 * description, an input's value), where `clip`'s cut at a word could drop a long last word.
 */
export function clipAtCharacter(text: string, max: number, ellipsis = '…'): string {
  return cutText(text, max, { ellipsis });
}

/** What someone typed, trimmed, as a message quotes it back: at most `max` characters. */
export function typedExcerpt(text: string, max: number): string {
  return clipAtCharacter(text.trim(), max);
}

/**
 * The words of `text`, lowercased, by the same ICU word boundaries the cuts use (spaces and
 * punctuation; a dictionary for Chinese): "ERP-System crashed." is `erp`, `system`, `crashed`.
 */
export function wordsOf(text: string): string[] {
  const out: string[] = [];
  for (const s of words.segment(text.toLowerCase())) if (s.isWordLike) out.push(s.segment);
  return out;
}
