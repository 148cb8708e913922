import { parseCustomerForm } from '../../src/customer/form.js';
import { boundary } from '../../src/slack/boundary.js';
import { replyPrivately } from '../../src/slack/reply.js';
import { markdown } from '../../src/ui/blocks.js';
import { customerCard } from '../../src/ui/customer.js';
import type { HandlerDeps } from '../deps.js';
import { customerCodeOf, readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/** Submit of the Edit modal: only changed fields are written, each one logged. */
export function customerEdit(deps: HandlerDeps) {
  return boundary<ViewArgs>(
    'view:customer_edit',
    deps.boundary,
    async ({ ack, body, client }, req) => {
      const { form, meta, settings, t, now, today } = await readSubmission(body, deps, req);
      const { customers } = deps.services;
      const patch = parseCustomerForm(form, { mode: 'update', today });
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
      const card = customerCard(t, customers.viewFor(customer, settings, req.userId), {
        timeZone: settings.timeZone,
      });
      await replyPrivately(
        client,
        { responseUrl: meta.responseUrl, userId: req.userId },
        { text: done, blocks: [markdown(done), ...card.blocks] },
      );
    },
  );
}
