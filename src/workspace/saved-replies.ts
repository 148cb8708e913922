/**
 * Saved replies (`/desk settings replies`): texts an agent inserts into a message to a requester,
 * by title. Admins keep them one by one (a list, each reply edited, added or deleted in a modal
 * of its own: `checkReply`); each reply has an id (settings.ts `REPLY_ID`) that its edit, its
 * delete and the reply modals' menu name it by. The text may hold `{customer}` and `{ticket}`,
 * filled with the ticket's customer and number when an agent inserts it.
 *
 * Before, the replies were one box, a reply after another separated by a line `---`:
 * `parseSavedReplies` still reads the settings history entries logged that way.
 */
import { createHash, randomBytes } from 'node:crypto';
import { FieldErrors, type FieldProblem } from '../errors.js';
import { typedExcerpt } from '../text/clip.js';
import {
  MAX_REPLIES,
  REPLY_INPUT_MAX,
  REPLY_TEXT_BLOCK,
  REPLY_TEXT_MAX,
  REPLY_TITLE_BLOCK,
  REPLY_TITLE_MAX,
  type WorkspaceSettings,
} from './settings.js';

export type SavedReply = WorkspaceSettings['savedReplies'][number];
/** A reply as a settings history entry holds it (no id). */
export type LoggedReply = Pick<SavedReply, 'title' | 'text'>;
/**
 * A reply as typed in its modal (Add or Edit saved reply): the reply edited (`id`; none when
 * added), its title and text, and the submission's key (`form`) that keys a new reply.
 */
export interface TypedReply {
  id?: string | undefined;
  title?: string | undefined;
  text?: string | undefined;
  form?: string | undefined;
}

export {
  MAX_REPLIES,
  REPLY_INPUT_MAX,
  REPLY_TEXT_BLOCK,
  REPLY_TEXT_MAX,
  REPLY_TITLE_BLOCK,
  REPLY_TITLE_MAX,
} from './settings.js';

/**
 * A new reply's id (`r` and 12 random characters; a reply read from before ids: `m…`). Added by a
 * form (`form`: its `submissionKey`), the 12 are that submission's, so the same submission
 * delivered again names the reply it added (TenantAdmin.saveReply adds nothing more).
 */
export function newReplyId(form?: string): string {
  const twelve = form
    ? createHash('sha256').update(form).digest('base64url').slice(0, 12)
    : randomBytes(9).toString('base64url');
  return `r${twelve}`;
}

/**
 * A reply as typed in its modal, checked against the workspace's other replies (`others`: all
 * but the one edited): trimmed; a title missing, too long or another reply's (ignoring case), a
 * text missing or too long are refused on their input; a reply added to `MAX_REPLIES` already
 * is refused on the title.
 */
export function checkReply(
  typed: { title?: string | undefined; text?: string | undefined },
  others: readonly SavedReply[],
  adding: boolean,
): { title: string; text: string } {
  const title = (typed.title ?? '').trim();
  const text = (typed.text ?? '').replace(/\r\n?/g, '\n').trim();
  const problems: Record<string, FieldProblem> = {};
  if (!title) problems[REPLY_TITLE_BLOCK] = { key: 'settings.reply.error.titleMissing' };
  else if (title.length > REPLY_TITLE_MAX)
    problems[REPLY_TITLE_BLOCK] = {
      key: 'settings.reply.error.titleLong',
      params: { max: REPLY_TITLE_MAX },
    };
  else if (others.some((r) => r.title.toLowerCase() === title.toLowerCase()))
    problems[REPLY_TITLE_BLOCK] = {
      key: 'settings.reply.error.titleTaken',
      params: { title: typedExcerpt(title, 30) },
    };
  else if (adding && others.length >= MAX_REPLIES)
    problems[REPLY_TITLE_BLOCK] = {
      key: 'settings.reply.error.tooMany',
      params: { max: MAX_REPLIES },
    };
  if (!text) problems[REPLY_TEXT_BLOCK] = { key: 'settings.reply.error.textMissing' };
  else if (text.length > REPLY_INPUT_MAX)
    problems[REPLY_TEXT_BLOCK] = {
      key: 'settings.reply.error.textLong',
      params: { max: REPLY_INPUT_MAX },
    };
  if (Object.keys(problems).length) throw new FieldErrors(problems);
  return { title, text };
}

/**
 * One reply as the settings history logs its change (field `saved_reply`): its title, then its
 * text; empty for none (a reply added has none before, one deleted none after).
 */
export function replyLogged(reply: Pick<SavedReply, 'title' | 'text'> | undefined): string {
  return reply ? `${reply.title}\n${reply.text}` : '';
}

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: FieldProblem };
const fail = (key: FieldProblem['key'], params: FieldProblem['params']): Parsed<never> => ({
  ok: false,
  problem: { key, params },
});

/** A line that separates two replies: three dashes or more (`---`, `———`, `－－－`). */
const SEPARATOR = /^[ \t\u3000]*(?:-{3,}|—{2,}|－{3,})[ \t\u3000]*$/;

/** Replies as the old box held them (and its history entries): title, text, `---` between. */
export function formatSavedReplies(replies: readonly LoggedReply[]): string {
  return replies.map((r) => `${r.title}\n${r.text}`).join('\n---\n');
}

/**
 * A box of the old modal (as the settings history logged it) read into replies, in order. Blank lines around a reply are dropped; a reply of one
 * line (a title and no text), a title or a text too long, a title twice and too many replies are
 * refused, naming the reply (its number and title).
 */
export function parseSavedReplies(raw: string): Parsed<LoggedReply[]> {
  const chunks: string[][] = [[]];
  for (const line of raw.replace(/\r\n?/g, '\n').split('\n')) {
    if (SEPARATOR.test(line)) chunks.push([]);
    else chunks.at(-1)!.push(line);
  }
  const replies: LoggedReply[] = [];
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
export function savedRepliesIn(text: string | undefined): LoggedReply[] {
  const parsed = parseSavedReplies(text ?? '');
  return parsed.ok ? parsed.value : [];
}

/** The titles of the replies a settings save added, removed, changed and renamed. */
export interface SavedRepliesChange {
  added: string[];
  removed: string[];
  changed: string[];
  renamed?: { from: string; to: string }[];
}

/** One reply's change as logged (`replyLogged`, before and after), by title. */
export function savedReplyChange(
  old: string | undefined,
  now: string | undefined,
): SavedRepliesChange {
  const title = (logged: string | undefined) => (logged ?? '').split('\n')[0]!.trim();
  const [from, to] = [title(old), title(now)];
  const change: SavedRepliesChange = { added: [], removed: [], changed: [] };
  if (!from) change.added.push(to);
  else if (!to) change.removed.push(from);
  else if (from === to) change.changed.push(to);
  else change.renamed = [{ from, to }];
  return change;
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
  const titles = (list: LoggedReply[]) => list.map((r) => r.title);
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
