/** Pure ticket rules: numbers, what each status allows, and SLA targets. No I/O. */
import type { Tier } from '../customer/types.js';
import { catalogues, LOCALES } from '../i18n/index.js';
import { wordsOf } from '../text/clip.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import {
  ALLOWED,
  type MergedRole,
  type Severity,
  type SlaTargets,
  type TicketAction,
  type TicketRecord,
  type TicketStatus,
} from './types.js';

export function allows(status: TicketStatus, action: TicketAction): boolean {
  return ALLOWED[status].includes(action);
}

/** `T` + year + four-digit sequence, like the manuals' `T20240101`: T20260001, T20260002, ... */
export function ticketNumber(year: number, sequence: number): string {
  return `T${year}${String(sequence).padStart(4, '0')}`;
}

export const TICKET_NUMBER = /^T\d{8,}$/i;

/**
 * The first-response target of a severity and tier: the matrix's cell when the workspace has
 * one (edited with `/desk settings`), else the stricter of the severity's and the tier's.
 */
export function responseMinutes(
  sla: WorkspaceSettings['sla'],
  severity: Severity,
  tier: Tier,
): number {
  return (
    sla.responseMinutesMatrix?.[severity][tier] ??
    Math.min(sla.responseMinutesBySeverity[severity], sla.responseMinutesByTier[tier])
  );
}

/**
 * A ticket's targets when it is opened or classified: the first response by severity and tier
 * (`responseMinutes`), the resolution by severity (a complaint's resolution is its urgency's,
 * set over this by the ticket service), 24x7 for an urgent one when the hours say so.
 */
export function slaTargets(
  settings: WorkspaceSettings,
  severity: Severity,
  tier: Tier,
): SlaTargets {
  const { sla } = settings;
  return {
    responseMinutes: responseMinutes(sla, severity, tier),
    resolutionMinutes: sla.resolutionMinutesBySeverity[severity],
    aroundTheClock: severity === 'urgent' && sla.urgentAroundTheClock,
    responseTier: tier,
  };
}

/** Chinese, Japanese or Korean script: no spaces between words, so matched within the text. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** A character of a word: a letter, a digit or a combining mark. */
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
/**
 * A symbol word boundaries drop that makes a skill what it is ("c#", "c++", ".net", "r&d"): such
 * a skill is matched as written (`literalIn`). Spaces and hyphens join words ("erp-system").
 */
const SYMBOL = /[^\p{L}\p{N}\p{M}\s-]/u;

/**
 * Whether `skill` is in `text` as written (runs of spaces as one), not inside a longer word: the
 * character on either side is not a word's (but for a CJK one: those are not spaced), nor, beside
 * a symbol the skill ends in, one of its symbols. "c#" matches "C# service", "(C#)", "C#." and
 * "C#程序", never "Plan C" nor "C盘"; "c++" never "c+++"; ".net" never "asp.net".
 */
function literalIn(skill: string, text: string): boolean {
  const flat = (s: string) => s.replace(/\s+/gu, ' ');
  const [want, within] = [flat(skill), flat(text)];
  const chars = Array.from(want);
  const own = new Set(chars.filter((ch) => SYMBOL.test(ch)));
  const free = (ch: string | undefined, edge: string) =>
    ch === undefined || !((WORD_CHAR.test(ch) && !CJK.test(ch)) || (own.has(edge) && own.has(ch)));
  for (let at = within.indexOf(want); at >= 0; at = within.indexOf(want, at + 1)) {
    const before = Array.from(within.slice(Math.max(0, at - 2), at)).at(-1);
    const next = within.slice(at + want.length).codePointAt(0);
    const after = next === undefined ? undefined : String.fromCodePoint(next);
    if (free(before, chars[0]!) && free(after, chars.at(-1)!)) return true;
  }
  return false;
}

/**
 * Whether `skill` is a word (or words, in order) of `text` (`wordsOf`, ICU word boundaries):
 * "ERP" matches "ERP crashes" and "ERP系统崩溃", never "Interpreter"; "UI" never "build". Its last
 * word also matches with a plural's `s` / `es` ("printer": "Printers jam"). A skill in a CJK
 * script is matched within the text, where words are not spaced; one with a symbol the word
 * boundaries would drop ("C#", "C++", ".NET") as written (`literalIn`), not as the letters left.
 */
function skillIn(skill: string, text: string, textWords: readonly string[]): boolean {
  if (CJK.test(skill)) return text.includes(skill);
  if (SYMBOL.test(skill)) return WORD_CHAR.test(skill) && literalIn(skill, text);
  const want = wordsOf(skill);
  if (!want.length) return false;
  const last = want.length - 1;
  const fits = (word: string, i: number) =>
    word === want[i] || (i === last && (word === `${want[i]}s` || word === `${want[i]}es`));
  for (let at = 0; at + want.length <= textWords.length; at++)
    if (want.every((_, i) => fits(textWords[at + i]!, i))) return true;
  return false;
}

/**
 * Whether an expert's skills (or product lines) fit a ticket: a skill that is the ticket's type
 * (its key or its name in any language) or a word of its title or description (`skillIn`: whole
 * words for Latin-script skills, within the text for CJK ones), case ignored.
 */
export function skillsMatch(
  skills: readonly string[],
  ticket: Pick<TicketRecord, 'type' | 'title' | 'description'>,
): boolean {
  const typeNames = new Set([
    ticket.type,
    ...LOCALES.map((l) => catalogues[l][`ticket.type.${ticket.type}`].toLowerCase()),
  ]);
  const text = `${ticket.title} ${ticket.description ?? ''}`.toLowerCase();
  const textWords = wordsOf(text);
  return skills
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .some((skill) => typeNames.has(skill) || skillIn(skill, text, textWords));
}

/**
 * Whether Merge into… makes the duplicate's requester and followers follow the target
 * (`followMerged`): both the same customer's tickets, and nobody of the duplicate known to read
 * no more than their own tickets (filed by a guest, or in a conversation shared with another
 * organisation).
 */
export function mergeAddsFollowers(
  duplicate: Pick<TicketRecord, 'customerId' | 'filedByGuest' | 'conversation'>,
  target: Pick<TicketRecord, 'customerId'>,
): boolean {
  return (
    duplicate.customerId === target.customerId &&
    !duplicate.filedByGuest &&
    !duplicate.conversation?.shared
  );
}

/**
 * Who `userId` is on a ticket a request of theirs was merged into, as a merge's notices word it by
 * their role on the target: its assignee, its requester, one of its followers, or none of these.
 * The one place that says it: `/ticket requests` (TicketRepository.mergedRequests) and the
 * requester's view of the merged ticket (TicketService.forCard) alike.
 */
export function roleOnTicket(
  target: Pick<TicketRecord, 'assigneeId' | 'requester' | 'followers'>,
  userId: string,
): MergedRole {
  if (target.assigneeId === userId) return 'assignee';
  if (target.requester?.userId === userId) return 'requester';
  return (target.followers ?? []).includes(userId) ? 'follower' : 'none';
}
