import { parseOrderForm } from '../../src/customer/form.js';
import { beforeSave, checked } from '../../src/slack/boundary.js';
import { formatAmount } from '../../src/ui/format.js';
import { CUSTOMER } from '../../src/ui/ids.js';
import { keep } from '../../src/ui/text.js';
import type { HandlerDeps } from '../deps.js';
import { confirm, customerCodeOf, oncePerSubmission, readKeyedSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Submit of Record order: the order, then annual revenue and tier recomputed. Confirmed once per
 * submission (`oncePerSubmission`): delivered again, it records and tells nothing more.
 */
export function customerOrder(deps: HandlerDeps) {
  return checked<ViewArgs>(`view:${CUSTOMER.orderView}`, deps.boundary, async (args, ctx) => {
    const submission = readKeyedSubmission(deps, args.body);
    const { form, meta, viewId } = submission;
    // The view id makes saving the same modal twice (a retry after a timeout) one order.
    const order = { ...parseOrderForm(form, ctx.today), submissionId: viewId };
    const code = customerCodeOf(meta);
    // A number already used is refused here, on its field in the ack, before the saving view
    // (the save asks it again).
    await deps.services.customers.checkOrder(ctx, code, order);
    await beforeSave(args);
    const { customer, duplicate, delivered, tierFrom, again } =
      await deps.services.customers.recordOrder(ctx, code, order);
    await args.ack();
    ctx.log.info({ code: customer.code, duplicate, delivered, again }, 'order recorded');
    const { t } = ctx;
    // The annual purchases only for a reader who sees them on the card (visibility.ts).
    const revenue = deps.services.customers.viewFor(ctx, customer).annualRevenue;
    const params = {
      amount: formatAmount(order.amount, customer.currency, t.locale),
      name: customer.name,
      code: customer.code,
      tier: keep(t(`tier.${customer.tier}`)),
    };
    // A tier the order moved is said from and to: the first order of a file whose annual
    // purchases were typed in replaces that figure, and can move it down as well as up.
    const moved = tierFrom ? { ...params, from: keep(t(`tier.${tierFrom}`)) } : undefined;
    // This submission's order, recorded by another delivery of it (a double click) that may
    // not have its figures yet: said recorded, without them, should this one confirm first
    // (never "nothing was added" to the person whose order was saved).
    const done = again
      ? t('order.recordedAgain', params)
      : delivered
        ? t('order.duplicateDelivered', {
            number: order.number ?? '',
            date: order.deliveredOn ?? '',
          })
        : duplicate
          ? t('order.duplicate', { number: order.number ?? '' })
          : revenue === undefined
            ? moved
              ? t('order.recordedNoRevenueTierMoved', moved)
              : t('order.recordedNoRevenue', params)
            : moved
              ? t('order.recordedTierMoved', {
                  ...moved,
                  revenue: formatAmount(revenue, customer.currency, t.locale),
                })
              : t('order.recorded', {
                  ...params,
                  revenue: formatAmount(revenue, customer.currency, t.locale),
                });
    await oncePerSubmission(deps, ctx, submission, CUSTOMER.orderView, () =>
      confirm(deps, args, ctx, meta, done),
    );
  });
}
