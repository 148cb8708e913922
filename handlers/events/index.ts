import type { App } from '@slack/bolt';
import { EVENTS } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { appHomeOpened } from './app-home-opened.js';
import { channelDeleted } from './channel-deleted.js';
import { channelShared } from './channel-shared.js';
import { channelUnshared } from './channel-unshared.js';
import { customerChannelMessage, reactionAdded } from './customer-channel.js';
import { directMessage } from './direct-message.js';
import { installStopped, orgTeamsAdded, orgTeamsRemoved } from './uninstall.js';

export function registerEvents(app: App, deps: HandlerDeps): void {
  app.event(EVENTS.appHomeOpened, appHomeOpened(deps));
  app.event(EVENTS.appUninstalled, installStopped(deps));
  app.event(EVENTS.tokensRevoked, installStopped(deps));
  app.event(EVENTS.teamAccessGranted, orgTeamsAdded(deps));
  app.event(EVENTS.teamAccessRevoked, orgTeamsRemoved(deps));
  // One listener per event type: the Messages tab's DMs, and customer channels' messages.
  const dm = directMessage(deps);
  const channel = customerChannelMessage(deps);
  app.event(EVENTS.message, async (args) => {
    await dm(args);
    await channel(args);
  });
  app.event(EVENTS.reactionAdded, reactionAdded(deps));
  app.event(EVENTS.channelShared, channelShared(deps));
  app.event(EVENTS.channelUnshared, channelUnshared(deps));
  const deleted = channelDeleted(deps);
  app.event(EVENTS.channelDeleted, deleted);
  app.event(EVENTS.groupDeleted, deleted);
}
