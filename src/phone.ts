/**
 * Phone numbers, read and shown with libphonenumber-js (Google's libphonenumber metadata, the
 * "max" set so that validation knows each country's number ranges, not only their lengths).
 * Numbers without a country code are read as Chinese: mobiles (`138 1234 5678`), landlines with
 * their area code (`010-12345678`, `0571 8888 1234`), 400 numbers. Stored as E.164
 * (`+8613812345678`); shown in the national format for Chinese numbers (`138 1234 5678`,
 * `010 1234 5678`) and the international one for others (`+1 415 555 0123`). Pure.
 */
import { parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/max';

/** The country of numbers typed without `+` and a country code. */
const DEFAULT_COUNTRY = 'CN';

function read(raw: string): PhoneNumber | undefined {
  // NFKC: full-width digits (`１３８…`) and brackets fold to ASCII first.
  const number = parsePhoneNumberFromString(raw.normalize('NFKC'), DEFAULT_COUNTRY);
  return number?.isValid() ? number : undefined;
}

/** A valid number as E.164 (`+861012345678`), or undefined when it is not one. */
export function parsePhone(raw: string): string | undefined {
  return read(raw)?.number;
}

/** A stored number as people read it; a value that does not parse (masked, legacy) as it is. */
export function formatPhone(stored: string): string {
  const number = read(stored);
  if (!number) return stored;
  return number.country === DEFAULT_COUNTRY
    ? number.formatNational()
    : number.formatInternational();
}

/**
 * The digits masking keeps the ends of: a Chinese number's national digits (`13812345678`,
 * `01012345678`), so the masked form still shows the carrier or area prefix; else E.164.
 */
export function phoneDigits(stored: string): string {
  const number = read(stored);
  if (!number) return stored;
  return number.country === DEFAULT_COUNTRY
    ? number.formatNational().replace(/\D/g, '')
    : number.number;
}
