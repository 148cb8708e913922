import type { App } from '@slack/bolt';
import { EVENTS } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { appHomeOpened } from './app-home-opened.js';
import { directMessage } from './direct-message.js';
import { installStopped } from './uninstall.js';

export function registerEvents(app: App, deps: HandlerDeps): void {
  app.event(EVENTS.appHomeOpened, appHomeOpened(deps));
  app.event(EVENTS.message, directMessage(deps));
  app.event(EVENTS.appUninstalled, installStopped(deps));
  app.event(EVENTS.tokensRevoked, installStopped(deps));
}
