import { outsideRequest } from './after-ack.js';

/**
 * Shares one read among the requests that ask for the same thing while it is under way: ten
 * people opening the overdue list (or ten managers their Home) at the same moment cost one read
 * of the team's queue, not ten. Nothing is kept once the read is done, so a request that starts
 * after a change reads it (no staleness beyond the read itself).
 */
export class SingleFlight {
  private readonly flying = new Map<string, Promise<unknown>>();

  run<T>(key: string, read: () => Promise<T>): Promise<T> {
    const under = this.flying.get(key);
    if (under) return under as Promise<T>;
    // Shared: started outside the request that happened to ask first, so that its waiting
    // after its ack (src/after-ack.ts) never holds back another's read before its ack.
    const work = outsideRequest(read).finally(() => this.flying.delete(key));
    this.flying.set(key, work);
    return work;
  }
}
