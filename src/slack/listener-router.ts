import type { App } from '@slack/bolt';
import { namedConstraint, stateless } from './listener-constraint.js';

/** A listener as Bolt calls it (its args vary per kind). */
type Listener = (args: never) => Promise<void>;
type AnyArgs = {
  payload?: { action_id?: unknown; type?: unknown };
  body?: { view?: { callback_id?: unknown } };
  command?: { command?: unknown };
};

type Kind = 'action' | 'view' | 'command' | 'event';
const KINDS = new Set<string>(['action', 'view', 'command', 'event']);

/** Every id: Bolt then checks what it checks for the kind (a view submission, a command...). */
const EVERY_ID = /^/;

/**
 * The id a listener of `kind` is registered for, when routable: a constraint that is an id and
 * nothing else (for an action, `{action_id}` alone too; a pattern only for an action). A view's
 * `{callback_id}` is not routed: without a type, Bolt matches its closing too.
 */
function routableId(kind: Kind, constraint: unknown): string | RegExp | undefined {
  const named = namedConstraint(constraint, kind === 'action' ? 'action_id' : undefined);
  if (!named?.alone) return undefined;
  return kind === 'action' || typeof named.id === 'string' ? named.id : undefined;
}

/** The id of a request of `kind`: its action id, view callback id, command or event type. */
function requestId(kind: Kind, args: AnyArgs): unknown {
  switch (kind) {
    case 'action':
      return args.payload?.action_id;
    case 'view':
      return args.body?.view?.callback_id;
    case 'command':
      return args.command?.command;
    case 'event':
      return args.payload?.type;
  }
}

/** Registers the one Bolt listener that dispatches every request of `kind`. */
function registerDispatcher(target: App, kind: Kind, dispatch: (args: AnyArgs) => Promise<void>) {
  const listener = dispatch as never;
  switch (kind) {
    case 'action':
      return target.action({ action_id: EVERY_ID }, listener);
    case 'view':
      return target.view({ callback_id: EVERY_ID, type: 'view_submission' }, listener);
    case 'command':
      return target.command(EVERY_ID, listener);
    case 'event':
      return target.event(EVERY_ID, listener);
  }
}

/**
 * The app as handlers see it while they register, with the block actions, view submissions,
 * commands and events registered by a plain id (or an action id pattern) each dispatched by one
 * Bolt listener per kind, looked up by id (patterns in the order registered). Bolt runs the
 * matchers of every listener for every request (71 here at first: about 1 ms a request before
 * its ack; still 14 once actions and submissions were routed, each an async chain of its own
 * per request); this way a request goes through six. A listener with a block id, a type or more
 * than one function, and a second listener of an id, are registered with Bolt as they are. What
 * runs for a request is the same: the one listener of its id.
 */
export function routeListeners(app: App): App {
  const routes = new Map<Kind, { byId: Map<string, Listener>; patterns: [RegExp, Listener][] }>();
  const dispatch = (kind: Kind) => async (args: AnyArgs) => {
    const route = routes.get(kind)!;
    const id = requestId(kind, args);
    if (typeof id !== 'string') return;
    const listener = route.byId.get(id) ?? route.patterns.find(([p]) => p.test(id))?.[1];
    if (listener) await listener(args as never);
  };
  return new Proxy(app, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop !== 'string' || !KINDS.has(prop) || typeof value !== 'function') {
        return value;
      }
      const kind = prop as Kind;
      return (constraint: unknown, ...listeners: unknown[]) => {
        const id = routableId(kind, constraint);
        const [listener] = listeners;
        const route = routes.get(kind);
        if (
          id === undefined ||
          listeners.length !== 1 ||
          typeof listener !== 'function' ||
          (typeof id === 'string' && route?.byId.has(id))
        ) {
          return (value as (...a: unknown[]) => unknown).call(target, constraint, ...listeners);
        }
        if (!route) {
          routes.set(kind, { byId: new Map(), patterns: [] });
          registerDispatcher(target, kind, dispatch(kind));
        }
        const r = routes.get(kind)!;
        if (typeof id === 'string') r.byId.set(id, listener as Listener);
        else r.patterns.push([stateless(id), listener as Listener]);
        return undefined;
      };
    },
  });
}
