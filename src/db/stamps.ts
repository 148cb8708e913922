/**
 * The times a new record of a schema with mongoose `timestamps` is inserted with (and the
 * insert's `{ timestamps: false }`, else mongoose sets a new document's `updatedAt` to its
 * `createdAt`). `createdAt` is desk time, the request's or job's `ctx.now` (the injected clock,
 * which a rehearsal moves and tests set), as every time the desk compares it with is;
 * `updatedAt` is when it was written, on the wall clock mongoose stamps every later write's
 * `updatedAt` with, as what reads it expects (the reports' stored days, src/digest/daily/service.ts;
 * the minute job's look for renamed files, jobs/sla-alerts.ts).
 */
export function newRecordTimes(now: Date): { createdAt: Date; updatedAt: Date } {
  return { createdAt: now, updatedAt: new Date() };
}
