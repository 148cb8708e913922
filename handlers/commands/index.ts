import type { App } from '@slack/bolt';
import type { HandlerDeps } from '../deps.js';
import { customerCommand } from './customer.js';
import { deskCommand } from './desk.js';
import { commandListener, type CommandSpec } from './router.js';
import { taskCommand } from './task.js';
import { ticketCommand } from './ticket.js';

export function commandSpecs(deps: HandlerDeps): CommandSpec[] {
  return [ticketCommand(deps), customerCommand(deps), taskCommand(deps), deskCommand(deps)];
}

export function registerCommands(app: App, deps: HandlerDeps): void {
  for (const spec of commandSpecs(deps)) app.command(spec.command, commandListener(spec, deps));
}
