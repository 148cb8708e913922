import { FIELDS, needRowBlock, TYPED_TEXT_FIELDS } from '../../src/customer/fields.js';
import {
  needsDigest,
  onNeedRows,
  parseCustomerForm,
  readNeedRows,
  refuseUnfitOwner,
  unmaskTypedText,
  withTagPicks,
} from '../../src/customer/form.js';
import { FieldErrors } from '../../src/errors.js';
import { beforeSave, checked } from '../../src/slack/boundary.js';
import { needRowsOf, parseViewSubmission } from '../../src/slack/payloads.js';
import { CUSTOMER } from '../../src/ui/ids.js';
import { renderCustomerCard } from '../cards.js';
import type { HandlerDeps } from '../deps.js';
import { confirm, customerCodeOf, readSubmission, savedBefore } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Submit of the Edit modal: only the fields the person changed are applied, so a modal opened
 * before someone else's edit never undoes it; each change is logged.
 */
export function customerEdit(deps: HandlerDeps) {
  return checked<ViewArgs>(`view:${CUSTOMER.editView}`, deps.boundary, async (args, ctx) => {
    const { form, changed: typed, meta } = readSubmission(args.body);
    // A tag family is its pick list and the free text beside it.
    const changed = withTagPicks(form, typed);
    // An override is its tier and its reason together.
    if ('tier_override' in changed || 'tier_override_reason' in changed) {
      changed.tier_override = form.tier_override;
      changed.tier_override_reason = form.tier_override_reason;
    }
    // A field required with another comes with it when that one changed (a renamed contact's
    // title: refused empty, manual D 1.04; an older file's contact left as it is saves as it is).
    for (const [field, spec] of FIELDS)
      if (spec.requiredWith && spec.requiredWith.field in changed) changed[field] = form[field];
    // The needs matrix's rows (when the modal shows them), written when they changed.
    const typedRows = meta.needRows
      ? needRowsOf(parseViewSubmission(args.body).view, meta.needRows, {
          urgency: CUSTOMER.needUrgency,
          importance: CUSTOMER.needImportance,
        }).map((row) => ({ key: needRowBlock(row.id), ...row }))
      : undefined;
    const code = customerCodeOf(meta);
    // The phones and emails in the notes and needs were shown masked when the modal opened (to
    // someone who may not see the customer's personal data): a changed text keeps those it had,
    // as stored, whatever the person may see now (a matrix left as it opened is not written, so
    // is left alone). A modal that does not say how it opened counts as masked. Shown in clear
    // to someone who may no longer see them, the service refuses a changed text with a phone or
    // email in it (`shownInClear`: Edit opened again shows it masked).
    const shownInClear = meta.textMasked === false;
    const rowsChanged = !!typedRows && needsDigest(readNeedRows(typedRows).items) !== meta.needsWas;
    let needRows = typedRows;
    if (!shownInClear && (rowsChanged || TYPED_TEXT_FIELDS.some((field) => field in changed))) {
      const stored = await deps.services.customers.get(ctx, code);
      const back = unmaskTypedText(stored, changed, rowsChanged ? typedRows : undefined);
      Object.assign(changed, back.changed);
      if (rowsChanged) needRows = back.rows;
    }
    const patch = parseCustomerForm(changed, {
      mode: 'update',
      today: ctx.today,
      requiredWith: true,
      ...(needRows
        ? { needRows: { rows: needRows, ...(meta.needsWas ? { was: meta.needsWas } : {}) } }
        : {}),
    });
    // The primary contact the modal opened with: its fields change that contact only.
    const contact = {
      ...(meta.primary === undefined ? {} : { contactKey: meta.primary }),
      shownInClear,
    };
    // What the save would refuse of the file as read (a field the person may not change, a
    // masked text edited around its mask, revenue typed for a customer with orders, the contact
    // gone since the form opened, a name taken), refused here on its field in the ack, before
    // anyone picked is looked up and before the saving view (the save asks it all again). The
    // matrix's refusals go on its rows (`needs_matrix` is no input of the modal).
    await deps.services.customers.checkUpdate(ctx, code, patch, contact).catch(async (err) => {
      if (!(err instanceof FieldErrors) || !('needs_matrix' in err.fields) || !rowsChanged)
        throw err;
      const stored = await deps.services.customers.get(ctx, code);
      throw new FieldErrors(onNeedRows(err.fields, needRows, stored.needs?.items));
    });
    // A new owner picked: users.info says whether it is a bot or a deactivated account.
    const unfit = patch.ownerId
      ? await deps.people.unfit(args.client, ctx.teamId, [patch.ownerId], ctx.log)
      : [];
    // Refused here, on the field in the ack, before the saving view (the save asks it again).
    refuseUnfitOwner(patch.ownerId, unfit);
    await beforeSave(args);
    const { customer, changes, formerGuest } = await deps.services.customers.update(
      ctx,
      code,
      patch,
      {
        unfit,
        ...contact,
      },
    );
    await args.ack();
    if (savedBefore({ changed }, changes.length > 0, rowsChanged)) return;
    ctx.log.info({ code: customer.code, fields: changes.map((c) => c.field) }, 'customer updated');
    await deps.flows.customers.edited(ctx, customer, changes, formerGuest);
    const params = { name: customer.name, code: customer.code, count: changes.length };
    const done = ctx.t(changes.length ? 'customer.updated' : 'customer.unchanged', params);
    const card = renderCustomerCard(ctx, await deps.flows.customers.cardOf(ctx, customer));
    await confirm(deps, args, ctx, meta, done, card.blocks);
  });
}
