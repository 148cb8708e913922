/**
 * Keeps posts to one Slack channel at least `gapMs` apart (chat.postMessage allows about one
 * message per second per channel). `sleep` and `now` are injected, so tests run on virtual time.
 * `share`: how many instances pace the same limit at once (OutboxWorker's live instances): each
 * keeps its calls `gapMs` times that apart, so that together they keep to the limit.
 */
export class ChannelPacer {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly now: () => number,
    private readonly gapMs = 1000,
    private readonly share: () => number = () => 1,
  ) {}

  /** Waits until `channel` may take another message, then counts this one as sent. */
  async before(channel: string): Promise<void> {
    const previous = this.last.get(channel);
    if (previous !== undefined) {
      const wait = previous + this.gapMs * Math.max(1, this.share()) - this.now();
      if (wait > 0) await this.sleep(wait);
    }
    this.last.set(channel, this.now());
  }
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
