import type { DeliveryHooks, Notifiers } from '../notify/index.js';
import type { Services } from '../services.js';
import { CustomerFlows } from './customers.js';
import { DigestFlows } from './digest.js';
import { SettingsFlows } from './settings.js';
import { HomeFlows } from './home.js';
import { SignalFlows } from './signals.js';
import { SlaFlows } from './sla.js';
import { TaskFlows } from './tasks.js';
import { TicketFlows } from './tickets.js';

/**
 * The use cases handlers and jobs call: each does its domain change through the services and
 * asks the notifiers for what Slack should be told. A rule such as "resolving plans the 3-7-30
 * follow-ups" lives here once, whoever resolves (a button, a modal, the SLA sweep, a test).
 */
export interface Flows {
  customers: CustomerFlows;
  tickets: TicketFlows;
  tasks: TaskFlows;
  sla: SlaFlows;
  signals: SignalFlows;
  digests: DigestFlows;
  settings: SettingsFlows;
  home: HomeFlows;
}

export function createFlows(services: Services, notify: Notifiers): Flows {
  const { customers, tickets, tasks, workspaces } = services;
  const ticketFlows = new TicketFlows({ tickets, tasks, workspaces, notify });
  return {
    customers: new CustomerFlows({ customers, tickets, privacyLog: services.privacyLog }),
    tickets: ticketFlows,
    tasks: new TaskFlows({ tasks, tickets, ticketFlows, notify }),
    sla: new SlaFlows({ tickets, ticketFlows, notify }),
    signals: new SignalFlows({ customers, tasks, notify }),
    digests: new DigestFlows({ digests: services.digests, posts: services.digestPosts, notify }),
    settings: new SettingsFlows({ settings: services.settings, tickets }),
    home: new HomeFlows({ tickets, tasks, customers, outbox: services.outbox }),
  };
}

/**
 * What the outbox worker asks of the domain when it delivers: a ticket's card as stored now,
 * card links, and where a card, a DM or a digest went. (A person's Home is rendered by the
 * composition root, which adds `homeView`.)
 */
export function deliveryHooks(services: Services, flows: Flows): Omit<DeliveryHooks, 'homeView'> {
  const { tickets, digestPosts } = services;
  return {
    async ticketCard(ctx, ticketId) {
      const [ticket] = await tickets.byIds(ctx, [ticketId]);
      return ticket ? flows.tickets.view(ctx, ticket) : null;
    },
    cardPosted: (ctx, ticketId, where) =>
      tickets.cardPosted({ teamId: ctx.teamId, id: ticketId }, where),
    async ticketLinks(ctx, ticketIds) {
      const found = await tickets.byIds(ctx, [...new Set(ticketIds)]);
      return new Map(
        found.flatMap((t) => (t.card.permalink ? [[t.id, t.card.permalink] as const] : [])),
      );
    },
    accountManagerTold: (ctx, ticketId) =>
      tickets.accountManagerNotified({ teamId: ctx.teamId, id: ticketId }),
    digestPosted: (ctx, week, post) => digestPosts.record(ctx, week, post),
  };
}
