import { dailyJob } from '../src/schedule/job.js';

/**
 * Daily at the start of the business day: contracts ending within 30 days, birthdays, churn
 * risk and upsell, each told to the customer's owner once, and the stages and value classes
 * recomputed from the orders; first, the recorded-late flag cleared from the files a team typed in
 * when it started with the desk (src/flows/signals.ts).
 */
export const customerSignalsJob = dailyJob('customer-signals', (deps, ctx) =>
  deps.flows.signals.run(ctx),
);
