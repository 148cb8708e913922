import type { App } from '@slack/bolt';
import { CUSTOMER } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { customerCreate } from './customer-create.js';
import { customerEdit } from './customer-edit.js';
import { customerInteraction } from './customer-interaction.js';
import { customerOrder } from './customer-order.js';

export function registerViews(app: App, deps: HandlerDeps): void {
  app.view(CUSTOMER.createView, customerCreate(deps));
  app.view(CUSTOMER.editView, customerEdit(deps));
  app.view(CUSTOMER.interactionView, customerInteraction(deps));
  app.view(CUSTOMER.orderView, customerOrder(deps));
}
