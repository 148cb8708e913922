import type { SocketModeClient } from '@slack/socket-mode';
import type { Logger } from '../logger.js';
import { onControlMessage } from './socket-reconnect.js';
import { unreachable } from './wait-for-slack.js';

export interface SocketAppCheckOptions {
  /** The receiver's client: its `hello` says whose app the connection is (connection_info.app_id). */
  client: SocketModeClient;
  /** The bot token's bot and, when auth.test says it, its app (src/slack/bot-token.ts `owner`). */
  owner: () => Promise<{ botId?: string; appId?: string }>;
  /** `bots.info` with the bot token (users:read): the bot's app. */
  botApp: (botId: string) => Promise<string | undefined>;
  log: Logger;
  /** The connection's app differs from the bot token's (undefined: they match again). */
  mismatch: (apps: { appId: string; botAppId: string } | undefined) => void;
}

/**
 * Single-token Socket Mode: an app-level token of another Slack app than SLACK_BOT_TOKEN's
 * connects as well as the right one, but Slack then delivers that other app's requests, none of
 * this one's: the desk looked healthy and served nothing. Each `hello` names the connection's
 * app; the bot token's app is asked once (auth.test's `app_id` when it has one, else
 * `bots.info`). When they differ: one error line naming both ids (not secrets) and what to set,
 * and `mismatch` (/readyz answers 503). In OAuth mode there is no one bot token to compare: each
 * install's token is of the app whose client id installed it.
 */
export function socketAppCheck(options: SocketAppCheckOptions): void {
  const { log } = options;
  let botAppId: string | undefined;
  let checking = false;
  let said: string | undefined;
  let saidUnchecked = false;

  const check = async (appId: string) => {
    try {
      if (!botAppId) {
        const owner = await options.owner();
        botAppId = owner.appId ?? (owner.botId ? await options.botApp(owner.botId) : undefined);
      }
      if (!botAppId) return;
      if (botAppId === appId) {
        said = undefined;
        options.mismatch(undefined);
        return;
      }
      options.mismatch({ appId, botAppId });
      if (said === appId) return;
      said = appId;
      log.error(
        { code: 'SLACK_APP_MISMATCH', appId, botAppId },
        `SLACK_APP_TOKEN is an app-level token of another Slack app (${appId}) than SLACK_BOT_TOKEN (${botAppId}): Slack sends this connection none of the desk's commands, buttons or events. Set an app-level token of app ${botAppId} (its settings: Basic Information -> App-Level Tokens, scope connections:write), or that app's bot token, and restart the desk; until then /readyz answers 503`,
      );
    } catch (err) {
      if (saidUnchecked) return;
      saidUnchecked = true;
      const answered = (err as { data?: { error?: unknown } } | undefined)?.data?.error;
      const reason =
        unreachable(err) ??
        (typeof answered === 'string'
          ? `Slack answered ${answered}`
          : err instanceof Error
            ? err.message
            : String(err));
      log.warn(
        { reason },
        `could not check that SLACK_APP_TOKEN and SLACK_BOT_TOKEN are of the same Slack app (${reason}); checked again at the next connection`,
      );
    }
  };

  onControlMessage(options.client, (message) => {
    const appId = message.connection_info?.app_id;
    if (message.type !== 'hello' || typeof appId !== 'string' || checking) return;
    checking = true;
    void check(appId).finally(() => (checking = false));
  });
}
