import type { Ctx } from '../context.js';
import type { OutboxService } from '../outbox/service.js';
import {
  externalHolderDm,
  rolesNaming,
  sharedChannelClearedDm,
  toldInsteadOfAdmins,
  type ClearedWhy,
} from '../ui/settings.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import type { OutboxData } from './types.js';

/** The admins told of a change the desk made to the settings on its own. */
export class SettingsNotifier {
  constructor(private readonly outbox: OutboxService) {}

  /**
   * A desk channel now shared with another organisation (Slack Connect) was cleared from the
   * settings that named it (`cleared`): one DM to each of `told`, in the workspace's language,
   * (`maybeShared`: Slack did not say in time whether with another organisation), keyed by the
   * channel, what was cleared and when (written again, it goes once). Written
   * only: the caller kicks the worker.
   */
  async sharedChannelCleared(
    ctx: Ctx,
    channelId: string,
    cleared: readonly (keyof WorkspaceSettings['channels'])[],
    told: readonly string[],
    why: ClearedWhy = 'shared',
  ): Promise<string[]> {
    const message = toldInsteadOfAdmins(
      ctx.t,
      ctx.settings,
      ctx.teamId,
      told,
      sharedChannelClearedDm(ctx.t, channelId, cleared, why),
    );
    return this.outbox.enqueue(
      ctx,
      told.map((user) => ({
        key: `channel-${why}:${channelId}:${cleared.join('+')}:${ctx.now.getTime()}:${user}`,
        kind: 'message' as const,
        to: user,
        data: { message } satisfies OutboxData['message'],
      })),
    );
  }

  /**
   * People `/desk roles` names whom Slack said are of another organisation (`marked`), marked so
   * by the desk (SettingsFlows.externalHolders): one DM per person to each of `told`, in the
   * workspace's language, naming the lists that name them (as `ctx.settings` has them), keyed by
   * the person and the reader only: written again (the mark's write failed, another instance
   * found them too), it goes once. Written only: the caller kicks the worker.
   */
  async externalHolders(
    ctx: Ctx,
    marked: readonly string[],
    told: readonly string[],
  ): Promise<string[]> {
    return this.outbox.enqueue(
      ctx,
      marked.flatMap((userId) => {
        const message = toldInsteadOfAdmins(
          ctx.t,
          ctx.settings,
          ctx.teamId,
          told,
          externalHolderDm(ctx.t, userId, rolesNaming(ctx.settings, userId)),
        );
        return told.map((user) => ({
          key: `external-holder:${userId}:${user}`,
          kind: 'message' as const,
          to: user,
          data: { message } satisfies OutboxData['message'],
        }));
      }),
    );
  }
}
