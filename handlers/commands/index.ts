import type { App } from '@slack/bolt';
import type { HandlerDeps } from '../deps.js';
import { customerCommand } from './customer.js';
import { commandListener } from './router.js';
import { ticketCommand } from './ticket.js';

export const commandSpecs = [ticketCommand, customerCommand];

export function registerCommands(app: App, deps: HandlerDeps): void {
  for (const spec of commandSpecs) app.command(spec.command, commandListener(spec, deps));
}
