import { parseInteractionForm } from '../../src/customer/form.js';
import { AppError } from '../../src/errors.js';
import { translator } from '../../src/i18n/index.js';
import { boundary } from '../../src/slack/boundary.js';
import { formData, readMetadata, viewSubmissionSchema } from '../../src/slack/payloads.js';
import { replyPrivately } from '../../src/slack/reply.js';
import { localDate } from '../../src/time.js';
import { markdown } from '../../src/ui/blocks.js';
import type { HandlerDeps } from '../deps.js';
import type { ViewArgs } from './types.js';

/** Submit of Log interaction: records it and moves the customer's last-interaction date. */
export function customerInteraction(deps: HandlerDeps) {
  return boundary<ViewArgs>(
    'view:customer_interaction',
    deps.boundary,
    async ({ ack, body, client }, req) => {
      const { view } = viewSubmissionSchema.parse(body);
      const meta = readMetadata(view.private_metadata);
      if (!meta.code) throw new AppError('INVALID_INPUT', 'error.internal');
      const settings = await deps.services.workspaces.settings(req.teamId);
      const now = deps.clock.now();
      const input = parseInteractionForm(formData(view), localDate(now, settings.timeZone));
      const { customer } = await deps.services.customers.logInteraction(
        req.teamId,
        meta.code,
        input,
        req.userId,
        now,
      );
      await ack();
      req.log.info({ code: customer.code, type: input.type }, 'interaction logged');

      const t = translator(settings.locale);
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
