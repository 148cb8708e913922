import { dailySlot } from '../src/schedule/slots.js';
import type { Job } from './types.js';

/**
 * Daily at the start of the business day: contracts ending within 30 days, birthdays, churn
 * risk and upsell, each told to the customer's owner once (src/customer/signals.ts).
 */
export const customerSignalsJob: Job = {
  name: 'customer-signals',
  scope: 'workspace',
  slotAt: (now, settings) =>
    dailySlot(now, settings!.timeZone, settings!.businessHours.windows[0]!.start),
  catchUpMs: 12 * 3_600_000,
  run: (deps, ctx) => deps.desk.signals.run(ctx.teamId, ctx.now, ctx.log),
};
