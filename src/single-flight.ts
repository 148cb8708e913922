/**
 * Shares one read among the requests that ask for the same thing while it is under way: ten
 * people opening the overdue list (or ten managers their Home) at the same moment cost one read
 * of the team's queue, not ten. By default nothing is kept once the read is done, so a request
 * that starts after a change reads it (no staleness beyond the read itself). With `keepMs` a
 * read's result also serves the requests of the next `keepMs` (a burst of type-ahead requests),
 * unless `forget` drops it first (a change made here).
 */
export class SingleFlight {
  private readonly flying = new Map<string, Promise<unknown>>();
  /** Results kept, with when their read was done (`nowMs`). */
  private readonly kept = new Map<string, { result: Promise<unknown>; doneAt: number }>();

  constructor(private readonly options: { keepMs?: number; nowMs?: () => number } = {}) {}

  run<T>(key: string, read: () => Promise<T>): Promise<T> {
    const under = this.flying.get(key);
    if (under) return under as Promise<T>;
    const { keepMs = 0, nowMs = () => performance.now() } = this.options;
    const kept = this.kept.get(key);
    if (kept && nowMs() - kept.doneAt < keepMs) return kept.result as Promise<T>;
    this.kept.delete(key);
    const work = read();
    this.flying.set(key, work);
    const settle = (ok: boolean) => {
      // Dropped by `forget` meanwhile: a change came while it was read, so it is not kept.
      if (this.flying.get(key) !== work) return;
      this.flying.delete(key);
      if (ok && keepMs > 0) this.kept.set(key, { result: work, doneAt: nowMs() });
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
