/** The only way code reads the time, so tests can inject it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * Slack's clock (the wall clock) read from the desk's `clock`, which runs `offsetMs` ahead of it
 * (a rehearsal's CARE_DESK_CLOCK_OFFSET_MS): what is compared with a time Slack gives (an event's
 * `event_time`) is taken on it.
 */
export function slackClock(clock: Clock, offsetMs: number): Clock {
  return offsetMs === 0 ? clock : { now: () => new Date(clock.now().getTime() - offsetMs) };
}

/** The system clock moved by `offsetMs` (a rehearsal's CARE_DESK_CLOCK_OFFSET_MS). */
export function offsetClock(offsetMs: number): Clock {
  return offsetMs === 0 ? systemClock : { now: () => new Date(Date.now() + offsetMs) };
}

/** Calls `tick` every `ms` until the function it returns is called. */
export type Ticker = (ms: number, tick: () => Promise<void>) => () => void;

/** A Ticker on setInterval, not keeping the process alive. */
export const intervalTicker: Ticker = (ms, tick) => {
  const timer = setInterval(() => void tick(), ms);
  timer.unref();
  return () => clearInterval(timer);
};
