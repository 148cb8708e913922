/** The last mark handed out (`flightMark`). */
let lastMark = 0;

/**
 * A point in this process's order of reads: a read a SingleFlight begins after it is stamped with
 * a greater mark. Taken once what a caller must show is stored (the change an outbox pass draws
 * an App Home for), it is the `notBefore` that keeps the caller from joining a read begun before.
 * A count, not a clock: two marks never tie, whatever the clock says (a test's stands still).
 */
export function flightMark(): number {
  return ++lastMark;
}

/**
 * What the reads of one batch of work share (an outbox pass's App Homes: src/flows/home.ts):
 * they must show what was stored before `since` (a `flightMark`), so they join no read begun
 * before it. The object is the key they share by.
 */
export interface SharedSince {
  readonly since: number;
}

interface Flight {
  result: Promise<unknown>;
  /** The mark it began at (`flightMark`). */
  since: number;
}

/**
 * Shares one read among the requests that ask for the same thing while it is under way: ten
 * people opening the overdue list (or ten managers their Home) at the same moment cost one read
 * of the team's queue, not ten. By default nothing is kept once the read is done, so a request
 * that starts after a change reads it (no staleness beyond the read itself). With `keepMs` a
 * read's result also serves the requests of the next `keepMs` (a burst of type-ahead requests),
 * unless `forget` drops it first (a change made here).
 *
 * A request that must see a state no older than a point (`run`'s `notBefore`, a `flightMark`)
 * joins no read begun before it: it begins its own, which the requests after it share.
 */
export class SingleFlight {
  private readonly flying = new Map<string, Flight>();
  /** Results kept, with when their read was done (`nowMs`). */
  private readonly kept = new Map<string, Flight & { doneAt: number }>();

  constructor(private readonly options: { keepMs?: number; nowMs?: () => number } = {}) {}

  run<T>(key: string, read: () => Promise<T>, notBefore?: number): Promise<T> {
    const fresh = (flight: Flight | undefined): flight is Flight =>
      !!flight && (notBefore === undefined || flight.since >= notBefore);
    const under = this.flying.get(key);
    if (fresh(under)) return under.result as Promise<T>;
    const { keepMs = 0, nowMs = () => performance.now() } = this.options;
    const kept = this.kept.get(key);
    if (fresh(kept) && nowMs() - kept.doneAt < keepMs) return kept.result as Promise<T>;
    this.kept.delete(key);
    const since = flightMark();
    const work = read();
    // A read begun before `notBefore` still under way is left to those who share it.
    this.flying.set(key, { result: work, since });
    const settle = (ok: boolean) => {
      // Dropped by `forget` meanwhile (a change came while it was read, so it is not kept), or
      // followed by a newer read (`notBefore`), which stands.
      if (this.flying.get(key)?.result !== work) return;
      this.flying.delete(key);
      if (ok && keepMs > 0) this.kept.set(key, { result: work, since, doneAt: nowMs() });
    };
    work.then(
      () => settle(true),
      () => settle(false),
    );
    return work;
  }

  /** Drops what is kept or being read for the keys starting with `prefix`. */
  forget(prefix: string): void {
    for (const map of [this.flying, this.kept]) {
      for (const key of map.keys()) if (key.startsWith(prefix)) map.delete(key);
    }
  }
}
