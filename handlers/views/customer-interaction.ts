import { parseInteractionForm } from '../../src/customer/form.js';
import { boundary } from '../../src/slack/boundary.js';
import { replyPrivately } from '../../src/slack/reply.js';
import { markdown } from '../../src/ui/blocks.js';
import type { HandlerDeps } from '../deps.js';
import { customerCodeOf, readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/** Submit of Log interaction: records it and moves the customer's last-interaction date. */
export function customerInteraction(deps: HandlerDeps) {
  return boundary<ViewArgs>(
    'view:customer_interaction',
    deps.boundary,
    async ({ ack, body, client }, req) => {
      const { form, meta, t, now, today } = await readSubmission(body, deps, req);
      const input = parseInteractionForm(form, today);
      const { customer } = await deps.services.customers.logInteraction(
        req.teamId,
        customerCodeOf(meta),
        input,
        req.userId,
        now,
      );
      await ack();
      req.log.info({ code: customer.code, type: input.type }, 'interaction logged');

      const done = t('interaction.logged', {
        type: t(`interaction.${input.type}`),
        name: customer.name,
        code: customer.code,
      });
      await replyPrivately(
        client,
        { responseUrl: meta.responseUrl, userId: req.userId },
        { text: done, blocks: [markdown(done)] },
      );
    },
  );
}
