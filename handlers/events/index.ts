import type { App } from '@slack/bolt';
import { EVENTS } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { appHomeOpened } from './app-home-opened.js';

export function registerEvents(app: App, deps: HandlerDeps): void {
  app.event(EVENTS.appHomeOpened, appHomeOpened(deps));
}
