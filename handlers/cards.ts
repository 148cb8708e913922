import type { Ctx } from '../src/context.js';
import type { CustomerCardData } from '../src/flows/customers.js';
import type { Message } from '../src/ui/blocks.js';
import { customerCard } from '../src/ui/customer.js';
import type { HandlerDeps } from './deps.js';

/** A customer's card as the viewer may see it (contacts masked unless allowed). */
export function renderCustomerCard(ctx: Ctx, data: CustomerCardData): Message {
  return customerCard(ctx.t, data.customer, {
    timeZone: ctx.settings.timeZone,
    openTickets: data.openTickets,
    interactions: data.interactions,
    ...(data.figures ? { figures: data.figures } : {}),
    ...(data.service ? { service: data.service } : {}),
    ...(data.lateBy !== undefined ? { lateBy: data.lateBy } : {}),
  });
}

/** A customer's card by code, as the viewer may see it. */
export async function customerCardFor(deps: HandlerDeps, ctx: Ctx, code: string): Promise<Message> {
  return renderCustomerCard(ctx, await deps.flows.customers.card(ctx, code));
}
