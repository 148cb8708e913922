/**
 * Saved replies as `/desk settings replies` edits them (pure): one box, a reply after another,
 * separated by a line `---`; a reply's first line is its title (what the reply modal's menu
 * shows), the lines after it its text. Read into the settings' `savedReplies` and written back;
 * each bad reply is named in the modal's inline error. The text may hold `{customer}` and
 * `{ticket}`, filled with the ticket's customer and number when an agent inserts it.
 */
import type { FieldProblem } from '../errors.js';
import { typedExcerpt } from '../text/clip.js';
import type { WorkspaceSettings } from './settings.js';

export type SavedReply = WorkspaceSettings['savedReplies'][number];

/** A title is a menu option's text (Slack: at most 75 characters). */
export const REPLY_TITLE_MAX = 75;
/** As long as the reply modal's message input takes. */
export const REPLY_TEXT_MAX = 2000;
export const MAX_REPLIES = 50;
/** Slack's most for one text input: the whole list is one box. */
export const REPLIES_BOX_MAX = 3000;

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: FieldProblem };
const fail = (key: FieldProblem['key'], params: FieldProblem['params']): Parsed<never> => ({
  ok: false,
  problem: { key, params },
});

/** A line that separates two replies: three dashes or more (`---`, `———`, `－－－`). */
const SEPARATOR = /^[ \t\u3000]*(?:-{3,}|—{2,}|－{3,})[ \t\u3000]*$/;

/** The list as the modal shows it: title, text, `---` between replies. */
export function formatSavedReplies(replies: readonly SavedReply[]): string {
  return replies.map((r) => `${r.title}\n${r.text}`).join('\n---\n');
}

/**
 * The box read into replies, in order. Blank lines around a reply are dropped; a reply of one
 * line (a title and no text), a title or a text too long, a title twice and too many replies are
 * refused, naming the reply (its number and title).
 */
export function parseSavedReplies(raw: string): Parsed<SavedReply[]> {
  const chunks: string[][] = [[]];
  for (const line of raw.replace(/\r\n?/g, '\n').split('\n')) {
    if (SEPARATOR.test(line)) chunks.push([]);
    else chunks.at(-1)!.push(line);
  }
  const replies: SavedReply[] = [];
  for (const lines of chunks) {
    while (lines.length && !lines[0]!.trim()) lines.shift();
    while (lines.length && !lines.at(-1)!.trim()) lines.pop();
    if (!lines.length) continue;
    const n = replies.length + 1;
    const title = lines[0]!.trim();
    const text = lines.slice(1).join('\n').trim();
    const shown = typedExcerpt(title, 30);
    if (title.length > REPLY_TITLE_MAX)
      return fail('settings.error.replyTitleLong', { n, title: shown, max: REPLY_TITLE_MAX });
    if (!text) return fail('settings.error.replyNoText', { n, title: shown });
    if (text.length > REPLY_TEXT_MAX)
      return fail('settings.error.replyTextLong', { n, title: shown, max: REPLY_TEXT_MAX });
    if (replies.some((r) => r.title.toLowerCase() === title.toLowerCase()))
      return fail('settings.error.replyTitleTwice', { n, title: shown });
    replies.push({ title, text });
  }
  if (replies.length > MAX_REPLIES)
    return fail('settings.error.replyTooMany', { max: MAX_REPLIES, count: replies.length });
  return { ok: true, value: replies };
}

/** Replies as the box (or the settings history) holds them; none when they do not read as replies. */
export function savedRepliesIn(text: string | undefined): SavedReply[] {
  const parsed = parseSavedReplies(text ?? '');
  return parsed.ok ? parsed.value : [];
}

/** The titles of the replies a settings save added, removed and changed. */
export interface SavedRepliesChange {
  added: string[];
  removed: string[];
  changed: string[];
}

/**
 * A saved reply change as the history says it, by title: the replies that left (`old`, as
 * logged) and joined (`new`); a title in both was changed. Undefined when either does not read
 * as replies (an entry logged line by line before).
 */
export function savedRepliesChange(
  old: string | undefined,
  now: string | undefined,
): SavedRepliesChange | undefined {
  const [a, b] = [parseSavedReplies(old ?? ''), parseSavedReplies(now ?? '')];
  if (!a.ok || !b.ok) return undefined;
  const titles = (list: SavedReply[]) => list.map((r) => r.title);
  const [before, after] = [titles(a.value), titles(b.value)];
  return {
    added: after.filter((x) => !before.includes(x)),
    removed: before.filter((x) => !after.includes(x)),
    changed: after.filter((x) => before.includes(x)),
  };
}

/**
 * A saved text as inserted for a ticket: `{customer}` and `{ticket}` filled in. Plain text (the
 * modal's input); it is escaped where it lands in mrkdwn, as anything the agent types.
 */
export function fillSavedReply(text: string, ticket: { number: string; customerName: string }) {
  return text.replace(/\{(customer|ticket)\}/g, (_, name: string) =>
    name === 'customer' ? ticket.customerName : ticket.number,
  );
}
