import type { Ctx } from '../../src/context.js';
import { boundary, readsOnly } from '../../src/slack/boundary.js';
import {
  parsePayload,
  formData,
  initialFormData,
  readMetadata,
  viewActionSchema,
} from '../../src/slack/payloads.js';
import { HOME } from '../../src/ui/ids.js';
import { rolesModal } from '../../src/ui/roles.js';
import { carryRolesShown, draftRoles, rolesOf, rolesShown } from '../../src/workspace/roles.js';
import type { HandlerDeps } from '../deps.js';
import { withListsShown } from '../settings.js';
import { readButton } from './card-button.js';
import type { ActionArgs } from './types.js';

/**
 * The `/desk roles` modal as the roles stand, with what it shows in its metadata (`rolesShown`,
 * which its save compares) after `meta`.
 */
export function rolesModalNow(ctx: Pick<Ctx, 't' | 'settings'>, meta: Record<string, string> = {}) {
  const roles = rolesOf(ctx.settings);
  return rolesModal(ctx.t, roles, JSON.stringify({ ...meta, rolesShown: rolesShown(roles) }));
}

/** Roles on an admin's Home tab: the `/desk roles` modal. */
export function rolesOpen(deps: HandlerDeps) {
  return readButton(HOME.rolesOpen, deps, async ({ args, action }, ctx) => {
    deps.services.settings.assertMayEditRoles(ctx);
    await args.client.views.open({ trigger_id: action.trigger_id, view: rolesModalNow(ctx) });
  });
}

/**
 * Experts or managers picked or removed in the open roles modal: the modal is shown again with
 * a skills input per expert and a "Manages" input per manager, keeping everything typed so far
 * (the view's hash makes a stale update fail rather than undo a newer one), and what it showed
 * when it opened (its metadata: `rolesShown`, and the lists changed so far as it showed them,
 * `listsShown`).
 */
export function rolesExpertsChanged(deps: HandlerDeps) {
  return boundary<ActionArgs>('action:desk_roles_changed', deps.boundary, async (args, ctx) => {
    // The modal redrawn: nothing is saved before its submission.
    readsOnly(args);
    await args.ack();
    const { view } = parsePayload(viewActionSchema, args.body);
    deps.services.settings.assertMayEditRoles(ctx);
    const typed = formData(view);
    const draft = draftRoles(typed, rolesOf(ctx.settings));
    // Its inputs are drawn again with what was typed: the lists it changed are kept as it showed
    // them when it opened, for its save to merge them item by item.
    const meta = readMetadata(view.private_metadata);
    const listsShown = carryRolesShown(
      initialFormData(view),
      typed,
      meta.rolesShown,
      meta.listsShown,
    );
    await args.client.views.update({
      view_id: view.id,
      ...(view.hash ? { hash: view.hash } : {}),
      view: rolesModal(
        ctx.t,
        draft,
        listsShown ? withListsShown(meta, listsShown) : view.private_metadata,
      ),
    });
  });
}
