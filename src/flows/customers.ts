import type { Ctx } from '../context.js';
import type { CustomerService } from '../customer/service.js';
import type { CustomerRecord, InteractionRecord } from '../customer/types.js';
import type { TicketService } from '../ticket/service.js';
import type { PrivacyLog } from '../privacy/service.js';

/** What a customer's card shows: the customer as the viewer may see it, its latest
 * interactions and how many of its tickets are open. */
export interface CustomerCardData {
  customer: CustomerRecord;
  interactions: InteractionRecord[];
  openTickets: number;
}

/** Customer use cases that read across domains. */
export class CustomerFlows {
  constructor(
    private readonly deps: {
      customers: CustomerService;
      tickets: TicketService;
      privacyLog?: PrivacyLog;
    },
  ) {}

  /**
   * Records in the privacy log that someone who is not the owner (a manager, an admin) saw the
   * customer's personal data in clear, on which surface.
   */
  private async logView(ctx: Ctx, customer: CustomerRecord, view: CustomerRecord, surface: string) {
    if (view.masked || ctx.actor === customer.ownerId || ctx.origin === 'job') return;
    await this.deps.privacyLog?.record(ctx, 'view', customer.code, { surface });
  }

  /** A customer's History as the viewer may see it (a view in clear by a non-owner logged). */
  async history(ctx: Ctx, code: string) {
    const result = await this.deps.customers.history(ctx, code);
    await this.logView(ctx, result.customer, result.customer, 'history');
    return result;
  }

  /** The card of a customer by code. */
  async card(ctx: Ctx, code: string): Promise<CustomerCardData> {
    return this.cardOf(ctx, await this.deps.customers.get(ctx, code));
  }

  /** The card of a customer just read or saved. */
  async cardOf(ctx: Ctx, customer: CustomerRecord): Promise<CustomerCardData> {
    const [interactions, openTickets] = await Promise.all([
      this.deps.customers.latestInteractions(ctx, customer),
      this.deps.tickets.openCount(ctx, customer.id),
    ]);
    const view = this.deps.customers.viewFor(ctx, customer);
    await this.logView(ctx, customer, view, 'card');
    return { customer: view, interactions, openTickets };
  }

  /** The card of a customer just created: nothing logged on it yet, no tickets. */
  created(ctx: Ctx, customer: CustomerRecord): CustomerCardData {
    return {
      customer: this.deps.customers.viewFor(ctx, customer),
      interactions: [],
      openTickets: 0,
    };
  }
}
