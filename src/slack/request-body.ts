import { createHmac, timingSafeEqual } from 'node:crypto';
import { parse as parseForm, unescape as unescapeForm } from 'node:querystring';

/**
 * A request to the Slack endpoint, read once: its signature checked and its body parsed, with
 * the rules of Bolt's HTTPModuleFunctions (which the receiver used to call, and which read and
 * parse a form body twice) and of Slack's "Verifying requests from Slack".
 */

/** How far a request's timestamp may be from now (Slack: 5 minutes, against replays). */
const MAX_SKEW_SECONDS = 5 * 60;
const SIGNATURE = /^v0=([0-9a-f]{64})$/;

/**
 * Whether `signature` (`v0=` and the hex HMAC-SHA256 of `v0:<timestamp>:<body>` under the
 * signing secret) is Slack's, and `timestamp` (seconds) within 5 minutes of `nowMs`. Compared
 * in constant time.
 */
export function verifySlackSignature(input: {
  signingSecret: string;
  body: string;
  signature: string | undefined;
  timestamp: string | undefined;
  nowMs: number;
}): boolean {
  const check = slackSignatureCheck(input);
  if (!check) return false;
  check.update(input.body);
  return check.valid();
}

/**
 * `verifySlackSignature` for a body read in chunks (none kept): undefined when the headers
 * already fail (no secret, a signature not of Slack's shape, a timestamp over 5 minutes off);
 * else each chunk goes to `update`, and `valid` says whether the whole body was signed.
 */
export function slackSignatureCheck(input: {
  signingSecret: string;
  signature: string | undefined;
  timestamp: string | undefined;
  nowMs: number;
}): { update: (chunk: string | Buffer) => void; valid: () => boolean } | undefined {
  const { signingSecret, signature, timestamp, nowMs } = input;
  if (!signingSecret || !signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return undefined;
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > MAX_SKEW_SECONDS) return undefined;
  const given = SIGNATURE.exec(signature)?.[1];
  if (!given) return undefined;
  const hmac = createHmac('sha256', signingSecret).update(`v0:${timestamp}:`);
  return {
    update: (chunk) => void hmac.update(chunk),
    valid: () => timingSafeEqual(hmac.digest(), Buffer.from(given, 'hex')),
  };
}

const FORM = 'application/x-www-form-urlencoded';

/**
 * The fields of a form body, unless it is an interactive request's one `payload` field (read
 * by `parseSlackBody` without splitting the form), or undefined for a JSON body.
 */
export function formFields(text: string, contentType: string | undefined) {
  if (contentType !== FORM || isPayloadOnly(text)) return undefined;
  return parseForm(text);
}

/**
 * Whether a form body is Slack's SSL check, which is not signed: it is answered 200 and nothing
 * else in the body is read (as Bolt does), so that nothing unsigned rides along with it.
 */
export function isSslCheck(fields: ReturnType<typeof formFields>): boolean {
  return fields?.ssl_check === '1';
}

/**
 * The body as Bolt's parser reads it: an interactive payload's JSON, a form's fields (a slash
 * command), or a JSON body (events). Throws on what does not parse.
 */
export function parseSlackBody(
  text: string,
  contentType: string | undefined,
  fields: ReturnType<typeof formFields>,
): unknown {
  if (contentType !== FORM) return JSON.parse(text);
  if (isPayloadOnly(text)) return JSON.parse(decodeFormValue(text.slice('payload='.length)));
  const form = fields ?? parseForm(text);
  return typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
}

/** `payload=<JSON>` and nothing else, as Slack posts interactions. */
function isPayloadOnly(text: string): boolean {
  return text.startsWith('payload=') && !text.includes('&');
}

/** A form value decoded as querystring does: `+` is a space, a bad escape kept as it is. */
function decodeFormValue(value: string): string {
  const spaced = value.includes('+') ? value.replace(/\+/g, ' ') : value;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return unescapeForm(spaced);
  }
}
