import { parseOrderForm } from '../../src/customer/form.js';
import { AppError } from '../../src/errors.js';
import { translator } from '../../src/i18n/index.js';
import { boundary } from '../../src/slack/boundary.js';
import { formData, readMetadata, viewSubmissionSchema } from '../../src/slack/payloads.js';
import { replyPrivately } from '../../src/slack/reply.js';
import { localDate } from '../../src/time.js';
import { markdown } from '../../src/ui/blocks.js';
import { formatAmount } from '../../src/ui/customer.js';
import type { HandlerDeps } from '../deps.js';
import type { ViewArgs } from './types.js';

/** Submit of Record order: the order, then annual revenue and tier recomputed. */
export function customerOrder(deps: HandlerDeps) {
  return boundary<ViewArgs>(
    'view:customer_order',
    deps.boundary,
    async ({ ack, body, client }, req) => {
      const { view } = viewSubmissionSchema.parse(body);
      const meta = readMetadata(view.private_metadata);
      if (!meta.code) throw new AppError('INVALID_INPUT', 'error.internal');
      const settings = await deps.services.workspaces.settings(req.teamId);
      const now = deps.clock.now();
      const order = parseOrderForm(formData(view), localDate(now, settings.timeZone));
      const { customer, duplicate } = await deps.services.customers.recordOrder(
        req.teamId,
        meta.code,
        order,
        req.userId,
        now,
      );
      await ack();
      req.log.info({ code: customer.code, duplicate }, 'order recorded');

      const t = translator(settings.locale);
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
