import type { Ctx } from '../context.js';
import type { CustomerService } from '../customer/service.js';
import { AppError } from '../errors.js';
import { assertMay } from '../permissions.js';
import type { ChannelLinkRepository, SeenEventRepository } from './repository.js';
import { DEFAULT_INTAKE_EMOJI, type ChannelLink, type IntakeMode } from './types.js';

export interface LinkInput {
  channelId: string;
  customerCode: string;
  intake?: IntakeMode;
  emoji?: string;
  /** Shared with another organisation (conversations.info `is_ext_shared`). */
  shared: boolean;
}

/**
 * Customer channels: which channel belongs to which customer and how its messages become
 * tickets (admins only), and the Events API deliveries already taken.
 */
export class ChannelService {
  constructor(
    private readonly repos: { links: ChannelLinkRepository; seen: SeenEventRepository },
    private readonly customers: CustomerService,
  ) {}

  /** Refuses anyone but an admin (before any Slack call or form). */
  assertMayLink(ctx: Ctx): void {
    assertMay(ctx, 'channel.link');
  }

  /** Links a channel to a customer (again: to this customer, mode and emoji). */
  async link(ctx: Ctx, input: LinkInput): Promise<ChannelLink> {
    this.assertMayLink(ctx);
    const customer = await this.customers.get(ctx, input.customerCode);
    const before = await this.repos.links.byChannel(ctx.teamId, input.channelId);
    return this.repos.links.upsert({
      teamId: ctx.teamId,
      channelId: input.channelId,
      customerId: customer.id,
      customerCode: customer.code,
      customerName: customer.name,
      intake: input.intake ?? before?.intake ?? 'all',
      emoji: input.emoji ?? before?.emoji ?? DEFAULT_INTAKE_EMOJI,
      shared: input.shared,
      linkedBy: ctx.actor,
      linkedAt: ctx.now,
    });
  }

  async unlink(ctx: Ctx, channelId: string): Promise<ChannelLink> {
    this.assertMayLink(ctx);
    const link = await this.repos.links.byChannel(ctx.teamId, channelId);
    if (!link) throw new AppError('NOT_FOUND', 'channel.error.notLinked', {});
    await this.repos.links.remove(ctx.teamId, channelId);
    return link;
  }

  forChannel(ctx: Pick<Ctx, 'teamId'>, channelId: string): Promise<ChannelLink | null> {
    return this.repos.links.byChannel(ctx.teamId, channelId);
  }

  forCustomer(ctx: Pick<Ctx, 'teamId'>, customerId: string): Promise<ChannelLink[]> {
    return this.repos.links.byCustomer(ctx.teamId, customerId);
  }

  /** Whether `channelId` is a customer channel of the workspace `teamId` (the envelope check). */
  async isLinked(teamId: string, channelId: string): Promise<boolean> {
    return (await this.repos.links.byChannel(teamId, channelId)) !== null;
  }

  /** True for the one delivery of an Events API event that does its work. */
  firstDelivery(teamId: string, eventId: string, type: string, at: Date): Promise<boolean> {
    return this.repos.seen.first(teamId, eventId, type, at);
  }
}
