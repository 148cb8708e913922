import { parseOrderForm } from '../../src/customer/form.js';
import { boundary } from '../../src/slack/boundary.js';
import { replyPrivately } from '../../src/slack/reply.js';
import { markdown } from '../../src/ui/blocks.js';
import { formatAmount } from '../../src/ui/customer.js';
import type { HandlerDeps } from '../deps.js';
import { customerCodeOf, readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/** Submit of Record order: the order, then annual revenue and tier recomputed. */
export function customerOrder(deps: HandlerDeps) {
  return boundary<ViewArgs>(
    'view:customer_order',
    deps.boundary,
    async ({ ack, body, client }, req) => {
      const { form, meta, t, now, today, viewId } = await readSubmission(body, deps, req);
      // The view id makes saving the same modal twice (a retry after a timeout) one order.
      const order = { ...parseOrderForm(form, today), submissionId: viewId };
      const { customer, duplicate } = await deps.services.customers.recordOrder(
        req.teamId,
        customerCodeOf(meta),
        order,
        req.userId,
        now,
      );
      await ack();
      req.log.info({ code: customer.code, duplicate }, 'order recorded');

      const done = duplicate
        ? t('order.duplicate', { number: order.number ?? '' })
        : t('order.recorded', {
            amount: formatAmount(order.amount),
            currency: customer.currency,
            name: customer.name,
            code: customer.code,
            revenue: formatAmount(customer.annualRevenue),
            tier: t(`tier.${customer.tier}`),
          });
      await replyPrivately(
        client,
        { responseUrl: meta.responseUrl, userId: req.userId },
        { text: done, blocks: [markdown(done)] },
      );
    },
  );
}
