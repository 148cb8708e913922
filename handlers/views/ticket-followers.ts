import { AppError, FieldErrors } from '../../src/errors.js';
import { SLACK_ID } from '../../src/slack-ids.js';
import { beforeSave, checked } from '../../src/slack/boundary.js';
import { typedExcerpt } from '../../src/text/clip.js';
import { TICKET } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Followers… submitted: the ticket's followers become who was picked. Refused inline on the
 * field: more than FOLLOWERS_MAX, its requester (told anyway), its assignee (every step is
 * theirs), a bot or a deactivated account (Slack's users select cannot leave them out:
 * users.info says, as the other people pickers ask it). Then the change
 * (TicketFlows.setFollowers): whoever was added is told once by DM.
 */
export function ticketFollowersView(deps: HandlerDeps) {
  return checked<ViewArgs>(`view:${TICKET.followersView}`, deps.boundary, async (args, ctx) => {
    const { form, meta } = readSubmission(args.body);
    if (!meta.ticket) throw new AppError('INVALID_INPUT', 'error.unreadable');
    const users = [
      ...new Set((form.followers ?? '').split(',').filter((u) => SLACK_ID.user.test(u))),
    ];
    // Who may not, a stale ticket, too many, the requester or the assignee: said before Slack
    // is asked.
    const ticket = await deps.services.tickets.forStaff(ctx, meta.ticket);
    deps.services.tickets.assertMayEditFollowers(ctx, ticket);
    deps.services.tickets.checkFollowers(ticket, users);
    const fresh = users.filter((u) => !(ticket.followers ?? []).includes(u));
    if (fresh.length) {
      const unfit = (await deps.people.unfit(args.client, ctx.teamId, fresh, ctx.log)).find(
        (p) => p.reason !== 'guest',
      );
      if (unfit)
        throw new FieldErrors({
          followers: {
            key: 'follower.error.unfit',
            params: { name: typedExcerpt(unfit.name, 80), reason: unfit.reason },
          },
        });
    }
    await beforeSave(args);
    await deps.flows.tickets.setFollowers(ctx, meta.ticket, users, { saved: () => args.ack() });
  });
}
