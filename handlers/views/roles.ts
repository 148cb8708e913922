import { boundary } from '../../src/slack/boundary.js';
import { ROLES } from '../../src/ui/ids.js';
import { parseRolesForm } from '../../src/workspace/roles.js';
import type { HandlerDeps } from '../deps.js';
import { confirm, readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/** Submit of `/desk roles`: inline errors, else the roles saved and applied on every instance. */
export function rolesView(deps: HandlerDeps) {
  return boundary<ViewArgs>(`view:${ROLES.view}`, deps.boundary, async (args, ctx) => {
    const { form, meta } = readSubmission(args.body);
    // Who may save comes first: someone else is told so, not what is wrong with their form.
    deps.services.settings.assertMayEditRoles(ctx);
    const roles = parseRolesForm(form, ctx.settings);
    await deps.services.settings.saveRoles(ctx, roles);
    await args.ack();
    const text = ctx.t('roles.saved', {
      admins: roles.admins.length,
      managers: roles.managers.length,
      agents: roles.agents.length,
      experts: roles.experts.length,
      accountManagers: roles.accountManagers.length,
      desk: ctx.t.plain(roles.openDesk ? 'roles.saved.open' : 'roles.saved.closed'),
    });
    await confirm(deps, args, ctx, meta, text);
  });
}
