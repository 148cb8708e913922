import { isManager, mayEditField } from '../../src/customer/access.js';
import {
  maskedFields,
  maskedFormData,
  needsDigest,
  shownNeedItems,
} from '../../src/customer/form.js';
import { customerModal, needRowsFromItems } from '../../src/ui/customer.js';
import { CUSTOMER } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { modalButton } from './card-button.js';

/** Edit on a customer card: the same modal as New, filled in; override fields for managers. */
export function customerEditOpen(deps: HandlerDeps) {
  return modalButton(
    CUSTOMER.editButton,
    deps,
    'customer.modal.editTitle',
    async ({ action, value }, ctx) => {
      const { customer, hasOrders, tagsInUse } = await deps.services.customers.forEditing(
        ctx,
        value,
      );
      const view = deps.services.customers.viewFor(ctx, customer);
      // The matrix's rows as the person may see them (typed phones and emails masked).
      const needItems = shownNeedItems(customer, view);
      return customerModal(ctx.t, {
        mode: 'edit',
        // Filled in as the person may see it: an agent editing contacts sees `138****5678`, a
        // masked date is empty, and a field left as it was is not submitted as changed.
        values: maskedFormData(customer, view, ctx.locale),
        masked: maskedFields(view),
        // The needs' digest tells at submit whether the matrix's rows changed.
        metadata: JSON.stringify({
          code: customer.code,
          // The contact its contact fields are about, so they never land on another.
          primary: customer.contacts[0]?.key ?? '',
          responseUrl: action.response_url,
          needsWas: needsDigest(needItems),
          // Whether the notes' and needs' phones and emails opened masked: read at submit with
          // what the person may see then.
          textMasked: !!view.masked,
        }),
        needRows: needRowsFromItems(needItems),
        currency: customer.currency,
        showOverride: isManager(ctx.settings, ctx.actor),
        serviceOnly: !mayEditField(ctx.settings, customer, ctx.actor, { edit: 'commercial' }),
        revenueFromOrders: hasOrders,
        tagsInUse,
      });
    },
  );
}
