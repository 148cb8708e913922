import type { WebClient } from '@slack/web-api';
import { classifyError } from '../errors.js';
import type { Logger } from '../logger.js';
import { ChannelPacer } from '../slack/pacer.js';
import type { Message } from '../ui/blocks.js';

/** What every notifier is built with: the Web API client and how to pace posts to a channel. */
export interface SlackOut {
  client: WebClient;
  /** Waits between posts (virtual in tests). */
  sleep: (ms: number) => Promise<void>;
  /** Milliseconds, for pacing: real time in production, virtual in tests. */
  clockMs: () => number;
  log: Logger;
}

/** Slack's reason for refusing a call (`channel_not_found`, `rate limited`), for the record. */
export function slackError(error: unknown): string {
  const c = classifyError(error);
  return String(c.params.detail ?? c.code).slice(0, 100);
}

/**
 * Posts messages paced per channel (chat.postMessage allows about one a second per channel):
 * one poster per batch of announcements. A post Slack refuses is logged and counted, never
 * thrown, so one refused DM does not stop the others.
 */
export class PacedPoster {
  private readonly pacer: ChannelPacer;
  sent = 0;

  constructor(
    private readonly out: SlackOut,
    private readonly log: Logger,
  ) {
    this.pacer = new ChannelPacer(out.sleep, out.clockMs);
  }

  /** True when Slack took it. */
  async post(
    channel: string,
    message: Partial<Message> & { thread_ts?: string },
    what: string,
  ): Promise<boolean> {
    await this.pacer.before(channel);
    try {
      await this.out.client.chat.postMessage({ channel, ...message } as Parameters<
        WebClient['chat']['postMessage']
      >[0]);
      this.sent++;
      return true;
    } catch (err) {
      this.log.warn({ err, channel }, `${what} failed`);
      return false;
    }
  }
}
