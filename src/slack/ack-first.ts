/**
 * Acks before everything else. Slack gives a request 3 s to be acknowledged; the work a listener
 * does after its ack (posting a card, a thread reply) has no such deadline. Under a burst of
 * requests, the work after an ack waits until no request is still waiting for its own ack (or
 * at most `maxWaitMs`), so acks are never queued behind other requests' Slack calls.
 */
export class AckFirst {
  private unacked = 0;
  private readonly waiting = new Set<() => void>();

  constructor(private readonly maxWaitMs = 1000) {}

  /** A request came in and owes an ack; call the function returned once it has acked (or ended). */
  enter(): () => void {
    this.unacked++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (--this.unacked === 0) for (const resume of [...this.waiting]) resume();
    };
  }

  /** Resolves when no request waits for its ack, or after `maxWaitMs`. */
  async turn(): Promise<void> {
    // Requests that have arrived meanwhile are read (and counted) first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.unacked === 0) return;
    await new Promise<void>((resolve) => {
      const resume = () => {
        clearTimeout(timer);
        this.waiting.delete(resume);
        resolve();
      };
      const timer = setTimeout(resume, this.maxWaitMs);
      this.waiting.add(resume);
    });
  }
}
