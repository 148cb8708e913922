import type { App } from '@slack/bolt';
import { CUSTOMER, PRIVACY, ROLES, SETTINGS, TASK, TICKET } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { customerCreate } from './customer-create.js';
import { customerEdit } from './customer-edit.js';
import { customerInteraction } from './customer-interaction.js';
import { customerOrder } from './customer-order.js';
import { privacyErase } from './privacy-erase.js';
import { rolesView } from './roles.js';
import { settingsGroupSave } from './settings-group.js';
import { taskDone } from './task-done.js';
import { ticketActionView } from './ticket-action.js';
import { ticketCreate } from './ticket-create.js';

export function registerViews(app: App, deps: HandlerDeps): void {
  app.view(CUSTOMER.createView, customerCreate(deps));
  app.view(CUSTOMER.editView, customerEdit(deps));
  app.view(CUSTOMER.interactionView, customerInteraction(deps));
  app.view(CUSTOMER.orderView, customerOrder(deps));
  app.view(TICKET.createView, ticketCreate(deps));
  app.view(TICKET.reassignView, ticketActionView(deps, 'reassign'));
  app.view(TICKET.escalateView, ticketActionView(deps, 'escalate'));
  app.view(TICKET.noteView, ticketActionView(deps, 'note'));
  app.view(TICKET.resolveView, ticketActionView(deps, 'resolve'));
  app.view(TASK.doneView, taskDone(deps));
  app.view(ROLES.view, rolesView(deps));
  app.view(SETTINGS.groupView, settingsGroupSave(deps));
  app.view(PRIVACY.eraseView, privacyErase(deps));
}
