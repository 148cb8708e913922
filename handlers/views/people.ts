import type { WebClient } from '@slack/web-api';
import type { Ctx } from '../../src/context.js';
import { refuseUnfitPeople as refuse, type PickedPerson } from '../../src/task/form.js';
import type { UnfitPerson } from '../../src/workspace/types.js';
import type { HandlerDeps } from '../deps.js';

export type { PickedPerson };

/**
 * Slack's users select cannot leave out bots or deactivated accounts: users.info says who the
 * picked people are (as the roles modal asks it, within a short wait; whoever Slack does not
 * describe in time is taken). Nobody of them does, helps with or signs off a task, nor does a
 * guest (a field may allow one). Each refused on its own field (src/task/form.ts
 * refuseUnfitPeople: New task, a logged interaction's next step), before the saving view; what
 * Slack said is returned, for the service to ask it again as it saves.
 */
export async function refuseUnfitPeople(
  deps: Pick<HandlerDeps, 'people'>,
  client: WebClient,
  ctx: Ctx,
  fields: readonly PickedPerson[],
): Promise<UnfitPerson[]> {
  const picked = fields.flatMap(({ userId }) => (userId ? [userId] : []));
  if (!picked.length) return [];
  const unfit = await deps.people.unfit(client, ctx.teamId, picked, ctx.log);
  refuse(fields, unfit);
  return unfit;
}
