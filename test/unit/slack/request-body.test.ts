// The guard's own reading of a request (src/slack/request-body.ts): Slack's signature rules, and
// the same body as Bolt's parser makes of it, read once.
import { HTTPModuleFunctions, type BufferedIncomingMessage } from '@slack/bolt';
import { describe, expect, test } from 'vitest';
import {
  formFields,
  isSslCheck,
  parseSlackBody,
  verifySlackSignature,
} from '../../../src/slack/request-body.js';

// Slack's published example (docs: "Verifying requests from Slack").
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = '1531420618';
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const AT = Number(TIMESTAMP) * 1000;

const verify = (over: Partial<Parameters<typeof verifySlackSignature>[0]>) =>
  verifySlackSignature({
    signingSecret: SECRET,
    body: BODY,
    signature: SIGNATURE,
    timestamp: TIMESTAMP,
    nowMs: AT,
    ...over,
  });

describe("Slack's request signature", () => {
  test("Slack's published example verifies, within 5 minutes either way", () => {
    expect(verify({})).toBe(true);
    expect(verify({ nowMs: AT + 300_000 })).toBe(true);
    expect(verify({ nowMs: AT - 300_000 })).toBe(true);
  });

  test('a request older or newer than 5 minutes is refused (a replay)', () => {
    expect(verify({ nowMs: AT + 301_000 })).toBe(false);
    expect(verify({ nowMs: AT - 301_000 })).toBe(false);
  });

  test('a changed body, secret or timestamp, or a signature of another shape is refused', () => {
    expect(verify({ body: BODY.replace('text=', 'text=x') })).toBe(false);
    expect(verify({ signingSecret: SECRET.replace('8', '9') })).toBe(false);
    expect(verify({ timestamp: String(Number(TIMESTAMP) + 1) })).toBe(false);
    expect(verify({ signature: SIGNATURE.replace('v0=', 'v1=') })).toBe(false);
    expect(verify({ signature: SIGNATURE.slice(0, -2) })).toBe(false);
    expect(verify({ signature: SIGNATURE.toUpperCase().replace('V0', 'v0') })).toBe(false);
    expect(verify({ signature: `${SIGNATURE}00` })).toBe(false);
  });

  test('a missing signature, timestamp or secret, or a timestamp that is not a number, is refused', () => {
    expect(verify({ signature: undefined })).toBe(false);
    expect(verify({ timestamp: undefined })).toBe(false);
    expect(verify({ signingSecret: '' })).toBe(false);
    expect(verify({ timestamp: `${TIMESTAMP}.0` })).toBe(false);
    expect(verify({ timestamp: `-${TIMESTAMP}` })).toBe(false);
  });
});

describe('the body, as Bolt parses it', () => {
  const bolt = (text: string, contentType: string) =>
    HTTPModuleFunctions.parseHTTPRequestBody({
      rawBody: Buffer.from(text),
      headers: { 'content-type': contentType },
    } as unknown as BufferedIncomingMessage) as unknown;
  const ours = (text: string, contentType: string) =>
    parseSlackBody(text, contentType, formFields(text, contentType));
  const form = 'application/x-www-form-urlencoded';
  const payload = (value: unknown) => `payload=${encodeURIComponent(JSON.stringify(value))}`;

  test.each([
    ['a slash command', BODY, form],
    ['an interactive payload', payload({ type: 'block_actions', text: 'a&b=c+d 客户 100%' }), form],
    ['spaces sent as +', 'payload=%7B%22text%22%3A%22two+words%22%7D', form],
    ['a payload with other fields', `${payload({ a: 1 })}&token=x`, form],
    ['an escape that is not UTF-8', 'payload=%7B%22text%22%3A%22%E0%A4%A%22%7D', form],
    [
      'an event',
      JSON.stringify({ type: 'event_callback', event: { type: 'x' } }),
      'application/json',
    ],
  ])('%s', (_name, text, contentType) => {
    expect(ours(text, contentType)).toEqual(bolt(text, contentType));
  });

  test('what does not parse throws, as in Bolt', () => {
    expect(() => ours('payload=%7Bnot-json', form)).toThrow();
    expect(() => ours('{', 'application/json')).toThrow();
  });

  test('the SSL check is told from its form only, never from a payload or JSON', () => {
    expect(isSslCheck(formFields('ssl_check=1&token=x', form))).toBe(true);
    expect(isSslCheck(formFields(payload({ ssl_check: '1' }), form))).toBe(false);
    expect(isSslCheck(formFields('{"ssl_check":"1"}', 'application/json'))).toBe(false);
  });
});
