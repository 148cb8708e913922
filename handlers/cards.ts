import { translator } from '../src/i18n/index.js';
import type { Message } from '../src/ui/blocks.js';
import { customerCard } from '../src/ui/customer.js';
import type { HandlerDeps } from './deps.js';

/** A customer's card as `viewerId` may see it (contacts masked unless allowed). */
export async function customerCardFor(
  deps: HandlerDeps,
  teamId: string,
  code: string,
  viewerId: string,
): Promise<Message> {
  const { customer, settings, interactions } = await deps.services.customers.viewable(
    teamId,
    code,
    viewerId,
  );
  const openTickets = await deps.services.tickets.openCount(teamId, customer.id);
  return customerCard(translator(settings.locale), customer, {
    timeZone: settings.timeZone,
    openTickets,
    interactions,
  });
}
