/**
 * Phone numbers and emails in text people typed (ticket descriptions, notes, resolutions,
 * interaction summaries) masked for what the desk posts: `138****8000`, `w***@example.cn`.
 * Numbers are found with libphonenumber-js (src/phone.ts's rules: without a country code a
 * number is read as Chinese: mobiles, landlines with their area code, `+86 ...`), so order
 * numbers, amounts and dates are left alone; full-width digits count as digits. Pure.
 */
import { findPhoneNumbersInText } from 'libphonenumber-js/max';
import { maskEmail, maskPhone } from '../customer/rules.js';

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

function replacePersonal(
  text: string | undefined,
  email: (found: string) => string,
  phone: (e164: string) => string,
): string | undefined {
  if (!text) return text;
  let out = text.replace(EMAIL, (found) => email(found));
  const found = findPhoneNumbersInText(foldDigits(out), 'CN');
  // From the end, so earlier offsets stay right.
  for (const match of found.reverse())
    out = out.slice(0, match.startsAt) + phone(match.number.number) + out.slice(match.endsAt);
  return out;
}

/** Whether `text` holds something `maskFreeText` would mask. */
export function hasPersonalText(text: string | undefined): boolean {
  return !!text && maskFreeText(text) !== text;
}
