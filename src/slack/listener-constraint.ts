/**
 * What a listener's constraint (the first argument of `app.action`, `app.view`, `app.command`,
 * ...) names, read once for the two that need it: the listener router (which routes a listener
 * matched on its id alone) and the envelope check (which refuses ids no listener answers).
 */
export interface NamedConstraint {
  /** The id named (a string, or the object's id field), or the pattern its ids match. */
  id: string | RegExp;
  /** The constraint is the id and nothing else (no block id, type or other condition). */
  alone: boolean;
  /** It also names a block id: the listener is matched on more than its id. */
  byBlock: boolean;
}

/**
 * The field of a constraint object that names a request's id, per kind of listener: an action's
 * or a block suggestion's `action_id`, a view's or a shortcut's `callback_id` (an action's
 * `callback_id` is a legacy attachment's, not an action id); commands and events name theirs
 * only as a string or pattern.
 */
export type IdField = 'action_id' | 'callback_id';

/**
 * What `constraint` names, or undefined when it names no id: a function, an object without
 * `field` (or any object, without a field), an id that is neither a string nor a pattern.
 */
export function namedConstraint(
  constraint: unknown,
  field: IdField | undefined,
): NamedConstraint | undefined {
  if (typeof constraint === 'string' || constraint instanceof RegExp) {
    return { id: constraint, alone: true, byBlock: false };
  }
  if (!field || !constraint || typeof constraint !== 'object') return undefined;
  const id = (constraint as Record<string, unknown>)[field];
  if (typeof id !== 'string' && !(id instanceof RegExp)) return undefined;
  return {
    id,
    alone: Object.keys(constraint).length === 1,
    byBlock: (constraint as { block_id?: unknown }).block_id !== undefined,
  };
}

/** A pattern to test ids with: without `g` or `y`, whose `test` would carry state over. */
export const stateless = (pattern: RegExp) =>
  new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
