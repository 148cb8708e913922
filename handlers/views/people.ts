import type { WebClient } from '@slack/web-api';
import type { Ctx } from '../../src/context.js';
import { FieldErrors, type FieldProblem } from '../../src/errors.js';
import { typedExcerpt } from '../../src/text/clip.js';
import type { HandlerDeps } from '../deps.js';

/** A users select of a task's form: its block, who was picked, and whether a guest may be. */
export interface PickedPerson {
  field: string;
  userId: string | undefined;
  /** A guest may help with or do a task; nobody signs one off who is a guest (signing off
   * completes the task on the customer's file). */
  guest: 'allowed' | 'refused';
}

/**
 * Slack's users select cannot leave out bots or deactivated accounts: users.info says who the
 * picked people are (as the roles modal asks it, within a short wait; whoever Slack does not
 * describe in time is taken). Nobody of them does, helps with or signs off a task; a guest does
 * not sign one off. Each refused on its own field (New task, a logged interaction's next step).
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
