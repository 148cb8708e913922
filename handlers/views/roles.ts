import { FieldErrors } from '../../src/errors.js';
import { beforeSave, checked } from '../../src/slack/boundary.js';
import { ROLES } from '../../src/ui/ids.js';
import { join, keep } from '../../src/ui/text.js';
import { ticketLink } from '../../src/ui/ticket.js';
import {
  namedInRoles,
  parseRolesForm,
  peopleNamedIn,
  peopleOf,
  refuseUnfit,
  rolesOf,
} from '../../src/workspace/roles.js';
import type { HandlerDeps } from '../deps.js';
import { confirm, oncePerSubmission, readKeyedSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/** Tickets named per person whose role was taken while they hold some. */
const STRANDED_SHOWN = 5;

/**
 * Submit of `/desk roles`: inline errors, else the roles saved and applied on every instance,
 * and confirmed privately once per submission (its repeat saves nothing and says nothing).
 */
export function rolesView(deps: HandlerDeps) {
  return checked<ViewArgs>(`view:${ROLES.view}`, deps.boundary, async (args, ctx) => {
    const submission = readKeyedSubmission(deps, args.body);
    const { form, meta, initial } = submission;
    // Who may save comes first: someone else is told so, not what is wrong with their form.
    deps.services.settings.assertMayEditRoles(ctx);
    const roles = parseRolesForm(form, ctx.settings);
    // Slack's users select cannot leave out bots, deactivated accounts or guests: users.info
    // says who they are (within a short wait; whoever Slack does not describe in time is taken),
    // on every list and every "Manages" the modal showed.
    const picked = peopleOf(roles, form);
    const unfit = await deps.people.unfit(args.client, ctx.teamId, picked, ctx.log);
    // Refused here, on their lists in the ack, before the saving view (the save asks it again).
    refuseUnfit(roles, unfit);
    await beforeSave(args);
    // Only what was changed from what the modal showed: a change made meanwhile stays.
    const { before, after } = await deps.flows.settings
      .saveRoles(ctx, roles, unfit, {
        form,
        shown: meta.rolesShown,
        // What its inputs showed when it opened (a redraw keeps those it changed): lists merged
        // item by item with changes made since.
        shownForm: { ...initial, ...meta.listsShown },
      })
      .catch(async (err: unknown) => {
        // A clash with another admin's change that names someone: by the name Slack shows for
        // them (an inline error cannot show a mention), else by member ID.
        const named = err instanceof FieldErrors ? peopleNamedIn(err) : [];
        if (!(err instanceof FieldErrors) || !named.length) throw err;
        throw namedInRoles(err, await deps.people.names(args.client, ctx.teamId, named, ctx.log));
      });
    await args.ack();
    // The roles as saved (with what others changed meanwhile).
    const saved = rolesOf(after);
    const summary = ctx.t('roles.saved', {
      admins: saved.admins.length,
      managers: saved.managers.length,
      agents: saved.agents.length,
      experts: saved.experts.length,
      accountManagers: saved.accountManagers.length,
      desk: ctx.t.plain(saved.openDesk ? 'roles.saved.open' : 'roles.saved.closed'),
    });
    // Whoever this save took the right to work tickets from while they hold some: their tickets
    // wait on nobody who may take them, so the admin is told whose and which, to reassign them.
    const stranded = await deps.services.tickets.heldByNonStaff(ctx, before, after, STRANDED_SHOWN);
    const lines = stranded.map(({ userId, count, tickets }) => {
      const shown = join(tickets.map(ticketLink), ctx.t.plain('common.listSeparator'));
      const more = count - tickets.length;
      return ctx.t('roles.stranded', {
        user: userId,
        count,
        tickets: keep(
          more > 0 ? join([shown, ctx.t('roles.stranded.more', { count: more })], ' ') : shown,
        ),
      });
    });
    await oncePerSubmission(deps, ctx, submission, ROLES.view, () =>
      confirm(deps, args, ctx, meta, join([summary, ...lines], '\n')),
    );
  });
}
