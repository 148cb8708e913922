// For unit tests of a real @slack/web-api WebClient over a faked fetch.
import { LogLevel, type Logger } from '@slack/web-api';

/** web-api's logger interface, saying nothing. */
export const quietSlackLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

/** Slack's answer to a chat.postMessage it took. */
export const okPost = () =>
  new Response(JSON.stringify({ ok: true, channel: 'D0DM000001', ts: '1.000100' }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
