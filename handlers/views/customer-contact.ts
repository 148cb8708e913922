import { parseContactForm, withRequiredContactFields } from '../../src/customer/form.js';
import { beforeSave, checked } from '../../src/slack/boundary.js';
import { redrawAfterSave } from '../../src/slack/reply.js';
import { CUSTOMER } from '../../src/ui/ids.js';
import { contactsView } from '../actions/customer-contacts.js';
import type { HandlerDeps } from '../deps.js';
import { customerCodeOf, parentViewOf, readKeyedSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Submit of the contact form: a new contact, or only the details the person changed of an
 * existing one (so a form opened before someone else's edit never undoes it). The form closes
 * and the Contacts modal under it shows the list as it is now.
 */
export function customerContact(deps: HandlerDeps) {
  return checked<ViewArgs>(`view:${CUSTOMER.contactView}`, deps.boundary, async (args, ctx) => {
    const { form, changed, meta, key } = readKeyedSubmission(deps, args.body);
    const code = customerCodeOf(meta);
    // A new contact comes with their title (manual D 1.04); an edited one when renamed, as Edit
    // customer asks it: an older contact without one, its name kept, saves as it is.
    const patch = meta.contact
      ? parseContactForm(withRequiredContactFields(form, changed), ctx.today, 'given')
      : parseContactForm(form, ctx.today, 'new');
    // Shown in clear when it opened: a changed text with a phone or email in it is refused if
    // its reader may no longer see them (the service asks it). A form that does not say counts
    // as masked.
    // A new contact is keyed by its submission: delivered again, it is added once (nothing
    // refused); the form submitted with something changed is another submission.
    const opts = {
      shownInClear: meta.textMasked === false,
      ...(meta.contact ? {} : { form: key }),
    };
    // A duplicate name (or one too many) is refused here, on its field in the ack, before the
    // saving view (the save asks it again).
    await deps.services.customers.checkContact(ctx, code, meta.contact, patch, opts);
    await beforeSave(args);
    const { customer, changes } = await deps.services.customers.saveContact(
      ctx,
      code,
      meta.contact,
      patch,
      opts,
    );
    await args.ack();
    ctx.log.info({ code, fields: changes.map((c) => c.field) }, 'contact saved');
    // The Homes showing the customer's contact (its owner's; its open tasks' "prefers" line).
    await deps.flows.customers.edited(ctx, customer, changes);
    const parent = parentViewOf(deps, ctx, meta, `view:${CUSTOMER.contactView}`);
    if (parent)
      await redrawAfterSave(
        args.client,
        { view_id: parent, view: await contactsView(deps, ctx, code) },
        ctx.log,
      );
  });
}
