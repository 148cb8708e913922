import type { App } from '@slack/bolt';
import { TASK, TICKET } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { taskFromMessage } from './task-from-message.js';
import { ticketFromMessage } from './ticket-from-message.js';

export function registerShortcuts(app: App, deps: HandlerDeps): void {
  app.shortcut(TICKET.fromMessage, ticketFromMessage(deps));
  app.shortcut(TASK.fromMessage, taskFromMessage(deps));
}
