/**
 * How long no request must have come in before the work after acks goes on: longer than the
 * gaps between the requests of one burst (a few ms on one machine), short for people (the card
 * or the DM after a click comes that much later).
 */
export const ACK_QUIET_MS = 10;

/**
 * Acks before the work after acks. Slack gives a request 3 s for its ack; what a listener does
 * after its ack (the card, the DMs, the Homes, the modal's views.update) has no such limit. Under
 * a burst (50 submissions at once) that work, started by the first requests acked, took the event
 * loop and the database from the requests still waiting for their ack, whose acks then came
 * hundreds of ms late. Here a listener's work after its ack waits until no request that came in
 * over HTTP is still unanswered, or at most `maxWaitMs` (so that a steady stream of requests
 * never holds it back for long): the same work, in the same order for each request, later.
 * A burst does not come in all at once: 50 requests sent together reach the socket over some
 * milliseconds, and work resumed in a gap between two of them delayed the rest (a claim's p99 ack
 * twice a bare app's). So the work also waits until no request came in for `quietMs`.
 *
 * Only for HTTP with `processBeforeResponse: false` (production): there a response is the ack.
 * With `processBeforeResponse: true` the response waits for the listener, which would wait for
 * its own response; in Socket Mode the acks go over the socket and are not counted.
 */
export class AckFirst {
  private unanswered = 0;
  private readonly waiting = new Set<() => void>();
  private draining = false;
  /** When the last request came in (`nowMs`). */
  private lastArrival = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly maxWaitMs = 1000,
    private readonly quietMs = ACK_QUIET_MS,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** A request came in; the function returned says it was answered (called once or more). */
  arrived(): () => void {
    this.unanswered++;
    this.lastArrival = this.nowMs();
    let answered = false;
    return () => {
      if (answered) return;
      answered = true;
      this.unanswered--;
      if (this.unanswered === 0) this.drain();
    };
  }

  /**
   * Lets the waiting listeners go on one at a time, each in a turn of the event loop of its own,
   * in the order they acked: resumed all at once, their work up to its next I/O would run as one
   * long turn, in which no request is read and no database heartbeat answered. Stops when a
   * request comes in meanwhile; its answer drains again. Starts once none came in for `quietMs`.
   */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    const next = () => {
      const [resume] = this.waiting;
      if (this.unanswered > 0 || !resume) {
        this.draining = false;
        return;
      }
      const quiet = this.untilQuiet();
      if (quiet > 0) {
        setTimeout(next, quiet);
        return;
      }
      resume();
      setImmediate(next);
    };
    setImmediate(next);
  }

  /** Milliseconds until no request will have come in for `quietMs`; 0 when that is now. */
  private untilQuiet(): number {
    return Math.max(0, this.lastArrival + this.quietMs - this.nowMs());
  }

  /** Requests in, not answered yet. */
  get pending(): number {
    return this.unanswered;
  }

  /**
   * Resolves once no request is unanswered and none came in for `quietMs` (after yielding once
   * to what came in meanwhile), or after `maxWaitMs`.
   */
  async afterAcks(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.unanswered === 0 && this.untilQuiet() === 0) return;
    await new Promise<void>((resolve) => {
      const resume = () => {
        clearTimeout(timer);
        this.waiting.delete(resume);
        resolve();
      };
      const timer = setTimeout(resume, this.maxWaitMs);
      this.waiting.add(resume);
      // All answered, a request came in a moment ago: the drain waits out the quiet.
      if (this.unanswered === 0) this.drain();
    });
  }
}
