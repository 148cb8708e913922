import { beforeSave, checked } from '../../src/slack/boundary.js';
import { redrawAfterSave } from '../../src/slack/reply.js';
import { AppError } from '../../src/errors.js';
import { CUSTOMER } from '../../src/ui/ids.js';
import { contactsView } from '../actions/customer-contacts.js';
import type { HandlerDeps } from '../deps.js';
import { customerCodeOf, parentViewOf, readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Remove in the "Remove <contact> from <customer>?" modal: the contact removed (the service's
 * permission check and change log, as before the question was asked), the modal closed and the
 * Contacts modal under it showing the list as it is now. A contact gone already (this Remove
 * delivered again, Slack's redelivery or a double click; or removed by someone else meanwhile)
 * is what was asked: the modal closes as saved, nothing written or logged again, nobody told.
 */
export function customerContactRemove(deps: HandlerDeps) {
  const listener = `view:${CUSTOMER.contactRemoveView}`;
  return checked<ViewArgs>(listener, deps.boundary, async (args, ctx) => {
    const { meta } = readSubmission(args.body);
    const code = customerCodeOf(meta);
    if (!meta.contact) throw new AppError('INVALID_INPUT', 'error.unreadable');
    await beforeSave(args);
    const removed = await deps.services.customers
      .removeContact(ctx, code, meta.contact)
      .catch((err: unknown) => {
        if (err instanceof AppError && err.messageKey === 'contacts.error.gone') return undefined;
        throw err;
      });
    await args.ack();
    if (removed) {
      ctx.log.info({ code, what: 'remove' }, 'contacts changed');
      // The Homes showing the customer's contact (its owner's; its open tasks' "prefers" line).
      await deps.flows.customers.edited(ctx, removed.customer, removed.changes);
    }
    const parent = parentViewOf(deps, ctx, meta, listener);
    if (parent)
      await redrawAfterSave(
        args.client,
        { view_id: parent, view: await contactsView(deps, ctx, code) },
        ctx.log,
      );
  });
}
