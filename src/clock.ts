/** The only way code reads the time, so tests can inject it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
