import type { WebClient } from '@slack/web-api';
import type { Message } from '../ui/blocks.js';

/**
 * Tells a user something privately after a modal closes: through the response_url of the
 * command or button that opened it (works in any channel, even ones the bot is not in), or by
 * DM when there is none.
 */
export async function replyPrivately(
  client: WebClient,
  target: { responseUrl?: string | undefined; userId: string },
  message: Message,
): Promise<void> {
  if (target.responseUrl) {
    const res = await fetch(target.responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...message }),
    });
    if (res.ok) return;
  }
  await client.chat.postMessage({ channel: target.userId, ...message });
}
