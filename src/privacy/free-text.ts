/**
 * Phone numbers and emails in text people typed (ticket descriptions, notes, resolutions,
 * interaction summaries) masked for what the desk posts: `138****8000`, `w***@example.cn`.
 * Numbers are found with libphonenumber-js (src/phone.ts's rules: without a country code a
 * number is read as Chinese: mobiles, landlines with their area code, `+86 ...`), so order
 * numbers, amounts and dates are left alone; full-width digits count as digits. Pure.
 */
import { findPhoneNumbersInText } from 'libphonenumber-js/max';
import { maskEmail, maskPhone } from '../customer/rules.js';
import { may, type Subject } from '../permissions.js';
import type { WorkspaceSettings } from '../workspace/settings.js';

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

/** Full-width digits and phone punctuation folded to ASCII one for one (offsets kept). */
function foldDigits(text: string): string {
  return text.replace(/[\uFF08\uFF09\uFF0B\uFF0D\uFF10-\uFF19]/g, (ch) =>
    String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

/** `text` with every email and phone number in it masked. */
export function maskFreeText(text: string): string;
export function maskFreeText(text: string | undefined): string | undefined;
export function maskFreeText(text: string | undefined): string | undefined {
  return replacePersonal(text, maskEmail, maskPhone);
}

/**
 * How `reader` reads what people typed into `ticket` (its title, description, steps' text): in
 * clear when they may read its phones and emails (`ticket.seePersonal`: its assignee, requester,
 * filer, account manager, managers), else masked. The one rule of the requester's view of a
 * ticket and of the steps a follower is told by DM.
 */
export function ticketTextFor(
  settings: WorkspaceSettings,
  reader: string,
  ticket: NonNullable<Subject['ticket']>,
  now: Date,
): (typed: string) => string {
  return may(settings, reader, 'ticket.seePersonal', { ticket }, now)
    ? (typed) => typed
    : (typed) => maskFreeText(typed);
}

/** `text` with every email and phone number in it replaced by `word` (an erasure). */
export function eraseFreeText(text: string, word: string): string {
  return (
    replacePersonal(
      text,
      () => word,
      () => word,
    ) ?? text
  );
}

/**
 * `typed`, text typed into a form that showed `stored` (the same field's text, or all of a
 * record's typed texts) masked, with each masked phone and email of `stored` put back as stored:
 * an edit of the words around them does not save `138****8000` over the number. Undefined when
 * a masked value left in `typed` stands for two different ones of `stored` (`139****9000` for
 * two numbers): it is to be typed again whole.
 */
export function unmaskFreeText(
  typed: string,
  stored: readonly (string | undefined)[],
): string | undefined {
  const originals = new Map<string, Set<string>>();
  const note = (masked: string, original: string) => {
    if (masked !== original)
      (originals.get(masked) ?? originals.set(masked, new Set()).get(masked)!).add(original);
    return masked;
  };
  for (const text of stored)
    replacePersonal(
      text,
      (found) => note(maskEmail(found), found),
      (e164, found) => note(maskPhone(e164), found),
    );
  let out = typed;
  // The longest first: no masked value is cut out of a longer one.
  for (const [masked, of] of [...originals].sort(([a], [b]) => b.length - a.length)) {
    if (!out.includes(masked)) continue;
    if (of.size > 1) return undefined;
    out = out.split(masked).join([...of][0]!);
  }
  return out;
}

/**
 * How many of a found number's first and last characters are not the number: a bracket the
 * match took before it (`（13800138000）`, `CEO Zhang (13800138000, …)`: libphonenumber reads an
 * area code's `(`) is the text's, kept around the masked number; one its match also closes
 * (`(021) 6234 5678`, `（+86）138…`) is the number's own, replaced with it.
 */
function aroundNumber(found: string): [lead: number, trail: number] {
  const lead = /^[^\d+]*/.exec(found)![0].length;
  const trail = /\D*$/.exec(found)![0].length;
  const number = found.slice(lead, found.length - trail);
  return [/[)\]]/.test(number) ? 0 : lead, /[([]/.test(number) ? 0 : trail];
}

function replacePersonal(
  text: string | undefined,
  email: (found: string) => string,
  phone: (e164: string, found: string) => string,
): string | undefined {
  if (!text) return text;
  let out = text.replace(EMAIL, (found) => email(found));
  const folded = foldDigits(out);
  const found = findPhoneNumbersInText(folded, 'CN');
  // From the end, so earlier offsets stay right.
  for (const match of found.reverse()) {
    const [lead, trail] = aroundNumber(folded.slice(match.startsAt, match.endsAt));
    const [start, end] = [match.startsAt + lead, match.endsAt - trail];
    out = out.slice(0, start) + phone(match.number.number, out.slice(start, end)) + out.slice(end);
  }
  return out;
}

/**
 * The emails and phone numbers (E.164) typed in `text`, as `maskFreeText` finds them: what
 * names a person in a text typed about them (a contact's preferred channel, "her assistant, 139
 * 1234 5678").
 */
export function personalIn(text: string | undefined): { emails: string[]; phones: string[] } {
  const emails: string[] = [];
  const phones: string[] = [];
  replacePersonal(
    text,
    (found) => (emails.push(found), found),
    (e164, found) => (phones.push(e164), found),
  );
  return { emails, phones };
}

/** Whether `text` holds something `maskFreeText` would mask. */
export function hasPersonalText(text: string | undefined): boolean {
  return !!text && maskFreeText(text) !== text;
}
