import type { App } from '@slack/bolt';
import { CUSTOMER } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { customerCardOpen } from './customer-card-open.js';
import { customerEditOpen } from './customer-edit-open.js';
import { customerHistory } from './customer-history.js';
import { customerInteractionOpen } from './customer-interaction-open.js';
import { customerOrderOpen } from './customer-order-open.js';

export function registerActions(app: App, deps: HandlerDeps): void {
  app.action(CUSTOMER.editButton, customerEditOpen(deps));
  app.action(CUSTOMER.interactionButton, customerInteractionOpen(deps));
  app.action(CUSTOMER.orderButton, customerOrderOpen(deps));
  app.action(CUSTOMER.historyButton, customerHistory(deps));
  app.action(CUSTOMER.openButton, customerCardOpen(deps));
}
