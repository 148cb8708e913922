import { parseCustomerForm } from '../../src/customer/form.js';
import { boundary } from '../../src/slack/boundary.js';
import { replyPrivately } from '../../src/slack/reply.js';
import { markdown } from '../../src/ui/blocks.js';
import { customerCardFor } from '../cards.js';
import type { HandlerDeps } from '../deps.js';
import { customerCodeOf, readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Submit of the Edit modal: only the fields the person changed are applied, so a modal opened
 * before someone else's edit never undoes it; each change is logged.
 */
export function customerEdit(deps: HandlerDeps) {
  return boundary<ViewArgs>(
    'view:customer_edit',
    deps.boundary,
    async ({ ack, body, client }, req) => {
      const { form, changed, meta, t, now, today } = await readSubmission(body, deps, req);
      const { customers } = deps.services;
      // An override is its tier and its reason together.
      if ('tier_override' in changed || 'tier_override_reason' in changed) {
        changed.tier_override = form.tier_override;
        changed.tier_override_reason = form.tier_override_reason;
      }
      const patch = parseCustomerForm(changed, { mode: 'update', today });
      const { customer, changes } = await customers.update(
        req.teamId,
        customerCodeOf(meta),
        patch,
        req.userId,
        now,
      );
      await ack();
      req.log.info(
        { code: customer.code, fields: changes.map((c) => c.field) },
        'customer updated',
      );

      const params = { name: customer.name, code: customer.code, count: changes.length };
      const done = t(changes.length ? 'customer.updated' : 'customer.unchanged', params);
      const card = await customerCardFor(deps, req.teamId, customer.code, req.userId);
      await replyPrivately(
        client,
        { responseUrl: meta.responseUrl, userId: req.userId },
        { text: done, blocks: [markdown(done), ...card.blocks] },
      );
    },
  );
}
