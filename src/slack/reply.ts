import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import type { Message } from '../ui/blocks.js';
import type { ResponseUrlPolicy } from './response-url.js';

/**
 * Tells a user something privately after a modal closed (the work is saved by then): through
 * the response_url of the command or button that opened it (it works in any channel, even ones
 * the bot is not in), else by DM. Never throws: a confirmation that cannot be delivered must
 * not turn a saved change into an error message. False when neither way worked. A URL that is
 * not one of Slack's response URLs (`urls`) is never posted to: the reply goes by DM.
 */
export async function replyPrivately(
  client: WebClient,
  target: { responseUrl?: string | undefined; userId: string },
  message: Message,
  guard: { urls: ResponseUrlPolicy; log: Logger },
): Promise<boolean> {
  if (target.responseUrl && !guard.urls.allows(target.responseUrl)) {
    guard.log.warn('response URL in the modal is not Slack’s: not used');
  } else if (target.responseUrl) {
    try {
      const res = await fetch(target.responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...message }),
        signal: AbortSignal.timeout(5000),
      });
      if (res.ok) return true;
    } catch {
      // expired or unreachable response_url: fall back to a DM
    }
  }
  try {
    await client.chat.postMessage({ channel: target.userId, ...message });
    return true;
  } catch {
    return false;
  }
}
