import { parseCustomerForm } from '../../src/customer/form.js';
import { boundary } from '../../src/slack/boundary.js';
import { replyPrivately } from '../../src/slack/reply.js';
import { markdown } from '../../src/ui/blocks.js';
import { customerCardFor } from '../cards.js';
import type { HandlerDeps } from '../deps.js';
import { readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/** Submit of the New customer modal: bad fields come back inline, the modal stays open. */
export function customerCreate(deps: HandlerDeps) {
  return boundary<ViewArgs>(
    'view:customer_create',
    deps.boundary,
    async ({ ack, body, client }, req) => {
      const { form, meta, t, now, today } = await readSubmission(body, deps, req);
      const { customers } = deps.services;
      const created = await customers.create(
        req.teamId,
        parseCustomerForm(form, { mode: 'create', today }),
        req.userId,
        now,
      );
      await ack();
      req.log.info({ code: created.code }, 'customer created');

      const card = await customerCardFor(deps, req.teamId, created.code, req.userId);
      const done = t('customer.created', { name: created.name, code: created.code });
      await replyPrivately(
        client,
        { responseUrl: meta.responseUrl, userId: req.userId },
        { text: done, blocks: [markdown(done), ...card.blocks] },
      );
    },
  );
}
