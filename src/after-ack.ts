// The work a request does after its ack (the save after "Saving…", the card, the DMs, the Homes)
// yields to requests still waiting for theirs at each database command and Web API call it
// makes, not only once after the ack (src/slack/ack-first.ts says when to yield). Started in a
// gap of a burst, that work's every reply from the database ran before the next request was
// read: 50 claims reached the listener over 50-160 ms where a bare app read them in 13-80 ms.
// The request's scope travels with its async work (AsyncLocalStorage), so the database and the
// Web API client need not know about requests; work outside a request (jobs, the outbox's own
// loop) never waits here.
import { AsyncLocalStorage } from 'node:async_hooks';

/** Says when work after an ack may go on (implemented by AckFirst). */
export interface AfterAckGate {
  /** Undefined: go on now; else a promise that resolves when it may, at the latest by `deadline`. */
  wait(deadline: number): Promise<void> | undefined;
  /** The clock the deadline is on. */
  nowMs(): number;
  /** How long after its ack a request's work may be held back in all. */
  readonly maxWaitMs: number;
}

interface Scope {
  gate: AfterAckGate;
  /** Set at the ack: until then the request's own reads are what its ack waits for. */
  deadline?: number;
}

const scopes = new AsyncLocalStorage<Scope>();

/** Runs a request's listener in a scope of its own. */
export function inRequest<T>(gate: AfterAckGate, run: () => T): T {
  return scopes.run({ gate }, run);
}

/**
 * Runs `start` outside any request: for a read shared by several requests (single-flight, the
 * settings load), which one request's ack-waiting must not hold back from another's ack.
 */
export function outsideRequest<T>(start: () => T | PromiseLike<T>): Promise<T> {
  // Async, so that a lazy thenable (a mongoose query) also runs out here when it is awaited.
  return scopes.exit(async () => start());
}

/** The current request has been acked: from now on its work yields to the others' acks. */
export function requestAcked(): void {
  const scope = scopes.getStore();
  if (scope && scope.deadline === undefined) {
    scope.deadline = scope.gate.nowMs() + scope.gate.maxWaitMs;
  }
}

/**
 * Called before a database command or a Web API call: undefined when it may go at once (no
 * request scope, not acked yet, nothing waiting, or held back long enough), else a promise to
 * await first.
 */
export function afterAckTurn(): Promise<void> | undefined {
  const scope = scopes.getStore();
  return scope?.deadline === undefined ? undefined : scope.gate.wait(scope.deadline);
}
