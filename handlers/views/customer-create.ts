import { parseCustomerForm } from '../../src/customer/form.js';
import { translator } from '../../src/i18n/index.js';
import { boundary } from '../../src/slack/boundary.js';
import { formData, readMetadata, viewSubmissionSchema } from '../../src/slack/payloads.js';
import { replyPrivately } from '../../src/slack/reply.js';
import { localDate } from '../../src/time.js';
import { markdown } from '../../src/ui/blocks.js';
import { customerCard } from '../../src/ui/customer.js';
import type { HandlerDeps } from '../deps.js';
import type { ViewArgs } from './types.js';

/** Submit of the New customer modal: bad fields come back inline, the modal stays open. */
export function customerCreate(deps: HandlerDeps) {
  return boundary<ViewArgs>(
    'view:customer_create',
    deps.boundary,
    async ({ ack, body, client }, req) => {
      const { view } = viewSubmissionSchema.parse(body);
      const { workspaces, customers } = deps.services;
      const settings = await workspaces.settings(req.teamId);
      const now = deps.clock.now();
      const patch = parseCustomerForm(formData(view), {
        mode: 'create',
        today: localDate(now, settings.timeZone),
      });
      const created = await customers.create(req.teamId, patch, req.userId, now);
      await ack();
      req.log.info({ code: created.code }, 'customer created');

      const t = translator(settings.locale);
      const card = customerCard(t, customers.viewFor(created, settings, req.userId), {
        timeZone: settings.timeZone,
      });
      const done = t('customer.created', { name: created.name, code: created.code });
      await replyPrivately(
        client,
        { responseUrl: readMetadata(view.private_metadata).responseUrl, userId: req.userId },
        { text: done, blocks: [markdown(done), ...card.blocks] },
      );
    },
  );
}
