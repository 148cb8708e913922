import type { Ctx } from '../../src/context.js';
import { contactFormData } from '../../src/customer/form.js';
import { AppError } from '../../src/errors.js';
import { boundary, readsOnly } from '../../src/slack/boundary.js';
import { redrawAfterSave } from '../../src/slack/reply.js';
import {
  parsePayload,
  blockActionSchema,
  readMetadata,
  viewActionSchema,
} from '../../src/slack/payloads.js';
import { contactFormModal, contactRemoveModal, contactsModal } from '../../src/ui/customer.js';
import { CUSTOMER } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { modalButton } from './card-button.js';
import type { ActionArgs } from './types.js';

/** The Contacts modal of a customer as the viewer may see it (contacts masked unless allowed). */
export async function contactsView(deps: HandlerDeps, ctx: Ctx, code: string) {
  const customer = deps.services.customers.viewFor(
    ctx,
    await deps.services.customers.read(ctx, code),
  );
  return contactsModal(ctx.t, customer, JSON.stringify({ code: customer.code }));
}

/** Contacts on a customer card: the modal listing them, with Add and a menu per contact. */
export function customerContactsOpen(deps: HandlerDeps) {
  return modalButton(CUSTOMER.contactsButton, deps, 'contacts.modal.title', ({ value }, ctx) =>
    contactsView(deps, ctx, value),
  );
}

/** A click inside the Contacts modal: the modal as it is, the customer it is about. */
function inModal(body: unknown) {
  const { view } = parsePayload(viewActionSchema, body);
  const action = parsePayload(blockActionSchema, body);
  const code = readMetadata(view.private_metadata).code ?? '';
  return { view, action, code, choice: action.actions[0]?.selected_option?.value ?? '' };
}

/** Pushes the contact form over the Contacts modal (add, or edit `key`). */
async function pushForm(
  deps: HandlerDeps,
  args: ActionArgs,
  ctx: Ctx,
  input: { code: string; triggerId: string; parentView: string; key?: string },
) {
  const customer = await deps.services.customers.forContacts(ctx, input.code);
  const contact = input.key ? customer.contacts.find((c) => c.key === input.key) : undefined;
  if (input.key && !contact) throw new AppError('NOT_FOUND', 'contacts.error.gone');
  await args.client.views.push({
    trigger_id: input.triggerId,
    view: contactFormModal(ctx.t, {
      mode: contact ? 'edit' : 'add',
      values: contact ? contactFormData(contact, ctx.locale) : {},
      metadata: JSON.stringify({
        code: customer.code,
        // The Contacts modal its save redraws, signed for this person: no other view is redrawn.
        ...deps.modalProofs.parent({ teamId: ctx.teamId, userId: ctx.actor }, input.parentView),
        // Whether its details opened masked: read at submit with what the person may see then.
        ...(contact ? { contact: contact.key, textMasked: !!customer.masked } : {}),
      }),
      currency: customer.currency,
    }),
  });
}

/**
 * Pushes the "Remove <contact> from <customer>?" modal over the Contacts modal: its submit
 * removes the contact (handlers/views/customer-contact-remove.ts). Someone who may not change
 * the customer is refused here, before it asks.
 */
async function pushRemove(
  deps: HandlerDeps,
  args: ActionArgs,
  ctx: Ctx,
  input: { code: string; key: string; triggerId: string; parentView: string },
) {
  const customer = await deps.services.customers.forContacts(ctx, input.code);
  if (!customer.contacts.some((c) => c.key === input.key))
    throw new AppError('NOT_FOUND', 'contacts.error.gone');
  await args.client.views.push({
    trigger_id: input.triggerId,
    view: contactRemoveModal(
      ctx.t,
      customer,
      input.key,
      JSON.stringify({
        code: customer.code,
        contact: input.key,
        // The Contacts modal its submit redraws, signed for this person.
        ...deps.modalProofs.parent({ teamId: ctx.teamId, userId: ctx.actor }, input.parentView),
      }),
    ),
  });
}

/** Add contact in the Contacts modal: the empty contact form, pushed over it. */
export function customerContactAdd(deps: HandlerDeps) {
  return boundary<ActionArgs>(`action:${CUSTOMER.contactAdd}`, deps.boundary, async (args, ctx) => {
    // Its form pushed: the save is the form's own listener.
    readsOnly(args);
    await args.ack();
    const { view, action, code } = inModal(args.body);
    await pushForm(deps, args, ctx, { code, triggerId: action.trigger_id, parentView: view.id });
  });
}

/**
 * A contact's menu in the Contacts modal: Edit pushes its form, Remove a modal that asks first;
 * Make primary is done at once and the modal shows the list as it is now.
 */
export function customerContactMenu(deps: HandlerDeps) {
  return boundary<ActionArgs>(
    `action:${CUSTOMER.contactMenu}`,
    deps.boundary,
    async (args, ctx) => {
      await args.ack();
      const { view, action, code, choice } = inModal(args.body);
      const [what, key = ''] = choice.split(':');
      const { customers } = deps.services;
      if (what === 'edit' || what === 'remove') {
        // Its form pushed: the save is the form's own listener.
        readsOnly(args);
        const input = { code, key, triggerId: action.trigger_id, parentView: view.id };
        return what === 'edit'
          ? pushForm(deps, args, ctx, input)
          : pushRemove(deps, args, ctx, input);
      }
      if (what !== 'primary') return;
      const done = await customers.makePrimary(ctx, code, key);
      ctx.log.info({ code, what }, 'contacts changed');
      // The Homes showing the customer's contact (its owner's; its open tasks' "prefers" line).
      await deps.flows.customers.edited(ctx, done.customer, done.changes);
      await redrawAfterSave(
        args.client,
        {
          view_id: view.id,
          ...(view.hash ? { hash: view.hash } : {}),
          view: await contactsView(deps, ctx, code),
        },
        ctx.log,
      );
    },
  );
}
