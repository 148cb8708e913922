import { parseDeliveryForm } from '../../src/customer/form.js';
import { HIDDEN } from '../../src/customer/types.js';
import { isMasked } from '../../src/customer/visibility.js';
import { followedUp } from '../../src/task/rules.js';
import { deliveryRevisitAhead } from '../../src/task/service.js';
import { beforeSave, checked } from '../../src/slack/boundary.js';
import { formatAmount } from '../../src/ui/format.js';
import { ownerExecutor } from '../../src/workspace/types.js';
import { CUSTOMER } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { confirm, customerCodeOf, oncePerSubmission, readKeyedSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Submit of Record delivery: the order's delivery date (the daily tasks run plans its revisit),
 * confirmed privately once per submission (its repeat finds the date set and says nothing).
 */
export function customerDelivery(deps: HandlerDeps) {
  return checked<ViewArgs>(`view:${CUSTOMER.deliveryView}`, deps.boundary, async (args, ctx) => {
    const submission = readKeyedSubmission(deps, args.body);
    const { form, meta } = submission;
    const { orderId, deliveredOn } = parseDeliveryForm(form, ctx.today);
    const code = customerCodeOf(meta);
    // Refused on its field in the ack, before the saving view (the save asks it again).
    await deps.services.customers.checkDelivery(ctx, code, orderId, deliveredOn);
    await beforeSave(args);
    const { customer, order, changed } = await deps.services.customers.recordDelivery(
      ctx,
      code,
      orderId,
      deliveredOn,
    );
    await args.ack();
    ctx.log.info({ code: customer.code, order: order.id, changed }, 'delivery recorded');
    // Said once: a repeat of this submission (the date set already) is told nothing again.
    await oncePerSubmission(deps, ctx, submission, CUSTOMER.deliveryView, async () => {
      const { t } = ctx;
      // The amount only for a reader who sees the figures on the card (visibility.ts).
      const masked = isMasked(deps.services.customers.viewFor(ctx, customer), 'annualRevenue');
      const params = {
        date: order.date,
        amount: masked ? HIDDEN : formatAmount(order.amount, customer.currency, t.locale),
        name: customer.name,
        code: customer.code,
        delivered: deliveredOn,
      };
      // What is said of the revisit follows the daily run's rules: one per order (a corrected date
      // keeps the one planned before), none when every contact opted out of 回访, none for a
      // delivery older than the run looks back.
      // A guest owner does no task: the revisit is their stand-in's, as the run will plan it.
      const standIn = customer.ownerGuest ? ownerExecutor(ctx.settings, customer) : undefined;
      const revisit = changed
        ? await deps.services.tasks.deliveryRevisitOf(ctx, order.id)
        : undefined;
      await confirm(
        deps,
        args,
        ctx,
        meta,
        !changed
          ? t('delivery.unchanged', params)
          : revisit
            ? revisit.status === 'open'
              ? t('delivery.recordedRevisitOpen', { ...params, due: revisit.dueDate })
              : t('delivery.recordedRevisitClosed', params)
            : !followedUp(customer)
              ? t('delivery.recordedOptedOut', params)
              : deliveryRevisitAhead(deliveredOn, ctx.today)
                ? standIn?.guestOwner
                  ? t('delivery.recordedGuestOwner', {
                      ...params,
                      user: standIn.assigneeId,
                      owner: standIn.guestOwner,
                    })
                  : t('delivery.recorded', params)
                : t('delivery.recordedNoRevisit', params),
      );
    });
  });
}
