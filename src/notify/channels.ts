import type { Ctx } from '../context.js';
import type { OutboxService } from '../outbox/service.js';
import type { TicketRecord } from '../ticket/types.js';
import { unsharedAdminDm, unsharedAgentDm } from '../ui/channel.js';
import { toldInsteadOfAdmins } from '../ui/settings.js';
import type { OutboxData } from './types.js';

/** What the desk tells when a customer channel's customer left it (Slack Connect disconnected). */
export class ChannelNotifier {
  constructor(private readonly outbox: OutboxService) {}

  /**
   * One DM to each agent holding open tickets from the channel (`byAssignee`: theirs, and how
   * many of them waited on the customer and resumed), and one to each of `admins`, in the
   * workspace's language. Keyed by the channel and the disconnect's time: a redo of the same
   * event writes the same keys (each goes once). Written only: the caller kicks the worker.
   */
  async unshared(
    ctx: Ctx,
    input: {
      channel: string;
      customer: string;
      code: string;
      at: Date;
      byAssignee: ReadonlyMap<string, { tickets: TicketRecord[]; waiting: number }>;
      admins: readonly string[];
      open: number;
      waiting: number;
    },
  ): Promise<string[]> {
    const { timeZone } = ctx.settings;
    const stamp = `${input.channel}:${input.at.getTime()}`;
    const agents = [...input.byAssignee].map(([user, theirs]) => ({
      key: `channel-unshared:${stamp}:agent:${user}`,
      kind: 'message' as const,
      to: user,
      data: {
        message: unsharedAgentDm(ctx.t, {
          channel: input.channel,
          customer: input.customer,
          at: input.at,
          timeZone,
          locale: ctx.locale,
          tickets: theirs.tickets,
          waiting: theirs.waiting,
        }),
      } satisfies OutboxData['message'],
    }));
    const admin = toldInsteadOfAdmins(
      ctx.t,
      ctx.settings,
      ctx.teamId,
      input.admins,
      unsharedAdminDm(ctx.t, {
        channel: input.channel,
        customer: input.customer,
        code: input.code,
        at: input.at,
        timeZone,
        open: input.open,
        waiting: input.waiting,
      }),
    );
    const admins = input.admins.map((user) => ({
      key: `channel-unshared:${stamp}:admin:${user}`,
      kind: 'message' as const,
      to: user,
      data: { message: admin } satisfies OutboxData['message'],
    }));
    return this.outbox.enqueue(ctx, [...agents, ...admins]);
  }
}
