import type { App } from '@slack/bolt';

/** A listener as Bolt calls it (its args vary per kind). */
type Listener = (args: never) => Promise<void>;
type AnyArgs = { payload?: { action_id?: unknown }; body?: { view?: { callback_id?: unknown } } };

/** Every id: Bolt then checks what it checks for an id (a block action; a view submission). */
const EVERY_ID = /^/;

/** The action id of a constraint that is only that: a string or `{ action_id: string }`. */
function plainActionId(constraint: unknown): string | undefined {
  if (typeof constraint === 'string') return constraint;
  if (constraint && typeof constraint === 'object' && !(constraint instanceof RegExp)) {
    const keys = Object.keys(constraint);
    const id = (constraint as { action_id?: unknown }).action_id;
    if (keys.length === 1 && typeof id === 'string') return id;
  }
  return undefined;
}

/**
 * The app as handlers see it while they register, with the block actions and view submissions
 * registered by a plain id each dispatched by one Bolt listener per kind, looked up by id. Bolt
 * runs the matchers of every listener for every request (71 here: about 1 ms a request before
 * its ack); this way an action or a submission goes through two. A listener with a pattern, a
 * block id, a type or more than one function, and a second listener of an id, are registered
 * with Bolt as they are. What runs for a request is the same: the one listener of its id.
 */
export function routeListeners(app: App): App {
  const routes = { action: new Map<string, Listener>(), view: new Map<string, Listener>() };
  const dispatching = { action: false, view: false };
  const dispatch = (kind: 'action' | 'view') => async (args: AnyArgs) => {
    const id = kind === 'action' ? args.payload?.action_id : args.body?.view?.callback_id;
    const listener = typeof id === 'string' ? routes[kind].get(id) : undefined;
    if (listener) await listener(args as never);
  };
  return new Proxy(app, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if ((prop !== 'action' && prop !== 'view') || typeof value !== 'function') return value;
      const kind = prop;
      return (constraint: unknown, ...listeners: unknown[]) => {
        const id =
          kind === 'action'
            ? plainActionId(constraint)
            : typeof constraint === 'string'
              ? constraint
              : undefined;
        const [listener] = listeners;
        if (
          id === undefined ||
          listeners.length !== 1 ||
          typeof listener !== 'function' ||
          routes[kind].has(id)
        ) {
          return (value as (...a: unknown[]) => unknown).call(target, constraint, ...listeners);
        }
        routes[kind].set(id, listener as Listener);
        if (dispatching[kind]) return undefined;
        dispatching[kind] = true;
        if (kind === 'action') target.action({ action_id: EVERY_ID }, dispatch('action') as never);
        else
          target.view(
            { callback_id: EVERY_ID, type: 'view_submission' },
            dispatch('view') as never,
          );
        return undefined;
      };
    },
  });
}
