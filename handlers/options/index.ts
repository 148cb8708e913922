import type { App } from '@slack/bolt';
import { CUSTOMER } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { customerPicker } from './customer-picker.js';

export function registerOptions(app: App, deps: HandlerDeps): void {
  app.options({ action_id: CUSTOMER.picker }, customerPicker(deps));
}
