import { expect, test } from 'vitest';
import type { App } from '@slack/bolt';
import { routeListeners } from '../../../src/slack/listener-router.js';

/** What Bolt was asked to register, and the listeners it would call. */
function fakeApp() {
  const registered: { kind: string; constraint: unknown; listeners: unknown[] }[] = [];
  const app = {
    action: (constraint: unknown, ...listeners: unknown[]) =>
      registered.push({ kind: 'action', constraint, listeners }),
    view: (constraint: unknown, ...listeners: unknown[]) =>
      registered.push({ kind: 'view', constraint, listeners }),
    command: (constraint: unknown, ...listeners: unknown[]) =>
      registered.push({ kind: 'command', constraint, listeners }),
    event: (constraint: unknown, ...listeners: unknown[]) =>
      registered.push({ kind: 'event', constraint, listeners }),
  };
  return { app: app as unknown as App, registered };
}

const call = (listener: unknown, args: unknown) =>
  (listener as (a: unknown) => Promise<void>)(args);

test('actions, submissions, commands and events of a plain id reach their listener through one Bolt listener per kind', async () => {
  const { app, registered } = fakeApp();
  const ran: string[] = [];
  const routed = routeListeners(app);
  routed.action('ticket_claim', async () => void ran.push('claim'));
  routed.action({ action_id: 'ticket_resolve_open' }, async () => void ran.push('resolve open'));
  routed.action(/^survey_score_[1-5]$/, async () => void ran.push('survey answered'));
  routed.view('ticket_create', async () => void ran.push('ticket saved'));
  routed.view('customer_create', async () => void ran.push('customer saved'));
  routed.command('/ticket', async () => void ran.push('ticket command'));
  routed.command('/customer', async () => void ran.push('customer command'));
  routed.event('app_home_opened', async () => void ran.push('home opened'));
  routed.event('message', async () => void ran.push('message'));

  expect(registered.map((r) => r.kind)).toEqual(['action', 'view', 'command', 'event']);
  const [actions, views, commands, events] = registered;
  // Bolt still checks what it checks for the kind: a block action; a view submission...
  expect(actions!.constraint).toEqual({ action_id: /^/ });
  expect(views!.constraint).toEqual({ callback_id: /^/, type: 'view_submission' });
  expect(commands!.constraint).toEqual(/^/);
  expect(events!.constraint).toEqual(/^/);

  await call(actions!.listeners[0], { payload: { action_id: 'ticket_resolve_open' } });
  await call(actions!.listeners[0], { payload: { action_id: 'survey_score_4' } });
  await call(views!.listeners[0], { body: { view: { callback_id: 'customer_create' } } });
  await call(commands!.listeners[0], { command: { command: '/customer' } });
  await call(events!.listeners[0], { payload: { type: 'message' } });
  await call(actions!.listeners[0], { payload: { action_id: 'nobody_listens' } });
  await call(events!.listeners[0], { payload: { type: 'team_join' } });
  expect(ran).toEqual([
    'resolve open',
    'survey answered',
    'customer saved',
    'customer command',
    'message',
  ]);
});

test('a block id, middleware or a second listener of an id is registered as it is', () => {
  const { app, registered } = fakeApp();
  const routed = routeListeners(app);
  const listener = async () => {};
  routed.action({ action_id: 'pick', block_id: 'b1' }, listener);
  routed.action('two', listener, listener);
  routed.action('once', listener);
  routed.action('once', listener);
  routed.view({ callback_id: 'closing', type: 'view_closed' }, listener);
  routed.event(/^custom_/, listener);
  // A legacy attachment's callback id is not an action id: Bolt matches it.
  routed.action({ callback_id: 'legacy' }, listener);
  // Without a type, Bolt matches the view's closing too, which the router does not see.
  routed.view({ callback_id: 'task_done' }, listener);
  expect(registered.map((r) => r.constraint)).toEqual([
    { action_id: 'pick', block_id: 'b1' },
    'two',
    { action_id: /^/ },
    'once',
    { callback_id: 'closing', type: 'view_closed' },
    /^custom_/,
    { callback_id: 'legacy' },
    { callback_id: 'task_done' },
  ]);
});

test('a pattern with the g flag reaches its listener on every request, not every other one', async () => {
  const { app, registered } = fakeApp();
  let answered = 0;
  routeListeners(app).action(/^survey_score_[1-5]$/g, async () => void answered++);
  for (let i = 0; i < 3; i++) {
    await call(registered[0]!.listeners[0], { payload: { action_id: 'survey_score_2' } });
  }
  expect(answered).toBe(3);
});
