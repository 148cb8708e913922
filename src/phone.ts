/**
 * Phone numbers, read and shown with libphonenumber-js (Google's libphonenumber metadata, the
 * "max" set so that validation knows each country's number ranges, not only their lengths).
 * Numbers without a country code are read as Chinese: mobiles (`138 1234 5678`), landlines with
 * their area code (`010-12345678`, `0571 8888 1234`), 400 numbers. Stored as E.164
 * (`+8613812345678`); shown in the national format for Chinese numbers (`138 1234 5678`,
 * `010 1234 5678`) and the international one for others (`+1 415 555 0123`). An extension
 * (`010-12345678 ext. 123`, `x123`, `转123`, or `-123` after a complete landline number) is kept,
 * stored the RFC 3966 way (`+861012345678;ext=123`) and shown in the reader's words through the
 * catalogue's `phone.extension` (`010 1234 5678 ext. 123`, `010 1234 5678 转 123`). Pure.
 */
import { parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/max';

/** The country of numbers typed without `+` and a country code. */
const DEFAULT_COUNTRY = 'CN';

function readWhole(text: string): PhoneNumber | undefined {
  const number = parsePhoneNumberFromString(text, DEFAULT_COUNTRY);
  return number?.isValid() ? number : undefined;
}

/** `…转123` (any number) or `…-123` (a landline), the forms Chinese users type an extension in. */
const TYPED_EXTENSION = /^(.*\d)\s*(转|-)\s*(\d{1,6})$/u;

function read(raw: string): PhoneNumber | undefined {
  // NFKC: full-width digits (`１３８…`) and brackets fold to ASCII first.
  const text = raw.normalize('NFKC').trim();
  const whole = readWhole(text);
  if (whole) return whole;
  const typed = TYPED_EXTENSION.exec(text);
  if (!typed) return undefined;
  const [, head, mark, ext] = typed;
  const number = readWhole(head!);
  if (!number || number.ext) return undefined;
  // `-123` only after a complete landline: `138 1234 5678-123` is a mistyped mobile.
  if (mark === '-' && number.getType() !== 'FIXED_LINE') return undefined;
  number.setExt(ext!);
  return number;
}

/**
 * A valid number as E.164 (`+861012345678`), with its extension if it has one
 * (`+861012345678;ext=123`), or undefined when it is not one.
 */
export function parsePhone(raw: string): string | undefined {
  const number = read(raw);
  if (!number) return undefined;
  return number.ext ? `${number.number};ext=${number.ext}` : number.number;
}

/** How a number shown with its extension reads (the catalogue's `phone.extension`). */
export type ExtensionFormat = (number: string, ext: string) => string;

/** English, the way libphonenumber writes it (and reads it back). */
const EXT_EN: ExtensionFormat = (number, ext) => `${number} ext. ${ext}`;

/**
 * A stored number as people read it, an extension written by `extension`; a value that does not
 * parse (masked, legacy) as it is.
 */
export function formatPhone(stored: string, extension: ExtensionFormat = EXT_EN): string {
  const number = read(stored);
  if (!number) return stored;
  const bare = number.ext ? readWhole(number.number)! : number;
  const shown =
    number.country === DEFAULT_COUNTRY ? bare.formatNational() : bare.formatInternational();
  return number.ext ? extension(shown, number.ext) : shown;
}

/**
 * The digits masking keeps the ends of: a Chinese number's national digits (`13812345678`,
 * `01012345678`), so the masked form still shows the carrier or area prefix; else E.164. An
 * extension is left out, so masking never shows its digits in place of the number's own.
 */
export function phoneDigits(stored: string): string {
  const number = read(stored);
  if (!number) return stored;
  if (number.country !== DEFAULT_COUNTRY) return number.number;
  const bare = number.ext ? readWhole(number.number)! : number;
  return bare.formatNational().replace(/\D/g, '');
}
