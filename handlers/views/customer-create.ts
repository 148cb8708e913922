import { parseNewCustomerForm, refuseUnfitOwner, withTagPicks } from '../../src/customer/form.js';
import { beforeSave, checked, savedAs } from '../../src/slack/boundary.js';
import { CUSTOMER } from '../../src/ui/ids.js';
import { renderCustomerCard } from '../cards.js';
import type { HandlerDeps } from '../deps.js';
import { confirm, oncePerSubmission, readKeyedSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Submit of the New customer modal: bad fields come back inline, the modal stays open. Confirmed
 * once per submission (`oncePerSubmission`): delivered again, nobody is told twice.
 */
export function customerCreate(deps: HandlerDeps) {
  return checked<ViewArgs>(`view:${CUSTOMER.createView}`, deps.boundary, async (args, ctx) => {
    const submission = readKeyedSubmission(deps, args.body);
    const { form, meta, viewId } = submission;
    const patch = parseNewCustomerForm(withTagPicks(form), ctx.today, { requiredWith: true });
    // Slack's users select cannot leave out bots or deactivated accounts: users.info says who
    // the owner is, as for `/desk roles` (within a short wait; not described in time: taken).
    const unfit = await deps.people.unfit(args.client, ctx.teamId, [patch.ownerId], ctx.log);
    // Refused here, on the field in the ack, before the saving view (the save asks it again).
    refuseUnfitOwner(patch.ownerId, unfit);
    await beforeSave(args);
    // Submitted again after its answer was lost (Back from "Saving…"): the customer it saved.
    const created = await deps.flows.customers.create(ctx, patch, { submission: viewId, unfit });
    // Submitted again with changes after Back, the "Saved" view names the customer saved first.
    savedAs(args, ctx.t('customer.savedAs', { name: created.name, code: created.code }));
    await args.ack();
    ctx.log.info({ code: created.code }, 'customer created');
    await oncePerSubmission(deps, ctx, submission, CUSTOMER.createView, async () => {
      const card = renderCustomerCard(ctx, deps.flows.customers.created(ctx, created));
      const done = ctx.t('customer.created', { name: created.name, code: created.code });
      await confirm(deps, args, ctx, meta, done, card.blocks);
    });
  });
}
