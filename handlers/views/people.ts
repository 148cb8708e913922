import type { WebClient } from '@slack/web-api';
import type { Ctx } from '../../src/context.js';
import { FieldErrors, type FieldProblem } from '../../src/errors.js';
import { typedExcerpt } from '../../src/text/clip.js';
import type { HandlerDeps } from '../deps.js';

/** A users select of a task's form: its block, who was picked, and whether a guest may be. */
export interface PickedPerson {
  field: string;
  userId: string | undefined;
  /** Nobody does, helps with or signs off a task who is a guest (the desk's task lists and its
   * erasure by Slack user are for members); a field that allows one says so. */
  guest: 'allowed' | 'refused';
}

/**
 * Slack's users select cannot leave out bots or deactivated accounts: users.info says who the
 * picked people are (as the roles modal asks it, within a short wait; whoever Slack does not
 * describe in time is taken). Nobody of them does, helps with or signs off a task, nor does a
 * guest (a field may allow one). Each refused on its own field (New task, a logged interaction's next step).
 */
export async function refuseUnfitPeople(
  deps: Pick<HandlerDeps, 'people'>,
  client: WebClient,
  ctx: Ctx,
  fields: readonly PickedPerson[],
): Promise<void> {
  const picked = fields.flatMap(({ userId }) => (userId ? [userId] : []));
  if (!picked.length) return;
  const unfit = await deps.people.unfit(client, ctx.teamId, picked, ctx.log);
  const problems: Record<string, FieldProblem> = {};
  for (const { field, userId, guest } of fields) {
    const person = unfit.find((p) => p.userId === userId);
    if (!person || (person.reason === 'guest' && guest === 'allowed')) continue;
    problems[field] = {
      key: 'task.error.unfit',
      params: { name: typedExcerpt(person.name, 80), reason: person.reason },
    };
  }
  if (Object.keys(problems).length) throw new FieldErrors(problems);
}
