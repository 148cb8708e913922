import { parseCustomerForm } from '../../src/customer/form.js';
import { boundary } from '../../src/slack/boundary.js';
import { CUSTOMER } from '../../src/ui/ids.js';
import { renderCustomerCard } from '../cards.js';
import type { HandlerDeps } from '../deps.js';
import { confirm, customerCodeOf, readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Submit of the Edit modal: only the fields the person changed are applied, so a modal opened
 * before someone else's edit never undoes it; each change is logged.
 */
export function customerEdit(deps: HandlerDeps) {
  return boundary<ViewArgs>(`view:${CUSTOMER.editView}`, deps.boundary, async (args, ctx) => {
    const { form, changed, meta } = readSubmission(args.body);
    // An override is its tier and its reason together.
    if ('tier_override' in changed || 'tier_override_reason' in changed) {
      changed.tier_override = form.tier_override;
      changed.tier_override_reason = form.tier_override_reason;
    }
    const patch = parseCustomerForm(changed, { mode: 'update', today: ctx.today });
    const { customer, changes } = await deps.services.customers.update(
      ctx,
      customerCodeOf(meta),
      patch,
    );
    await args.ack();
    ctx.log.info({ code: customer.code, fields: changes.map((c) => c.field) }, 'customer updated');
    const params = { name: customer.name, code: customer.code, count: changes.length };
    const done = ctx.t(changes.length ? 'customer.updated' : 'customer.unchanged', params);
    const card = renderCustomerCard(ctx, await deps.flows.customers.cardOf(ctx, customer));
    await confirm(deps, args, ctx, meta, done, card.blocks);
  });
}
