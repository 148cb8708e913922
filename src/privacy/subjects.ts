/**
 * Data-subject requests, the pure part: how a contact's details (name, phone in any spacing,
 * email, IM) are found in any text, and how a document is scrubbed of them, however deep.
 * src/privacy/repository.ts applies it to the documents themselves (the customer, its orders,
 * interactions, change log, signals, tickets, tasks, and the workspace's outbox entries and
 * stored digests), so nothing is left behind. Figures (amounts, counts, dates, tiers) stay.
 */
import { phoneDigits } from '../phone.js';
import { escapeRegExp, maskEmail, maskPhone } from '../customer/rules.js';
import { eraseFreeText } from './free-text.js';

/** What erased text reads as. */
export const ERASED = '[erased]';

export type Doc = Record<string, unknown> & { _id: unknown };

export interface ContactTerms {
  name?: string;
  phone?: string;
  email?: string;
  im?: string;
}

/** Regular expressions matching a contact's details as typed anywhere (a phone in any spacing). */
export function termPatterns(terms: ContactTerms[], extra: string[] = []): RegExp[] {
  const patterns: RegExp[] = [];
  const literal = (s: string | undefined) => {
    if (s && s.trim().length >= 2) patterns.push(new RegExp(escapeRegExp(s.trim()), 'gi'));
  };
  for (const t of terms) {
    literal(t.name);
    literal(t.email);
    if (t.email) literal(maskEmail(t.email));
    literal(t.im);
    if (t.phone) {
      const national = phoneDigits(t.phone).replace(/\D/g, '');
      const e164 = t.phone.replace(/\D/g, '');
      for (const digits of new Set([national, e164])) {
        patterns.push(
          new RegExp(`(?:\\+?\\s*86[\\s-]*)?${digits.split('').join('[\\s\\-()]*')}`, 'g'),
        );
      }
      literal(maskPhone(t.phone));
      literal(t.phone);
    }
  }
  for (const s of extra) literal(s);
  return patterns;
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
