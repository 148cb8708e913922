import type { DeliveryHooks, Notifiers } from '../notify/index.js';
import type { Services } from '../services.js';
import { linkedChannel } from '../channel/types.js';
import { pausedReplyStatus } from '../ticket/clock.js';
import { isKeyCustomer } from '../customer/rules.js';
import { kindsToOwnersManagers, lastActivity } from '../customer/signal-rules.js';
import { localDate } from '../time.js';
import { ownerExecutor } from '../workspace/types.js';
import { ChannelFlows } from './channels.js';
import type { ReportKind } from '../digest/periods.js';
import { CustomerFlows } from './customers.js';
import { DigestFlows } from './digest.js';
import { ReportFlows } from './report.js';
import { RequesterFlows } from './requester.js';
import { SettingsFlows } from './settings.js';
import { HandoverFlows } from './handover.js';
import { HomeFlows } from './home.js';
import { PrivacyFlows } from './privacy.js';
import { SignalFlows } from './signals.js';
import { SlaFlows } from './sla.js';
import { TaskFlows } from './tasks.js';
import { TicketFlows } from './tickets.js';
import { UpgradeFlows } from './upgrades.js';

/**
 * The use cases handlers and jobs call: each does its domain change through the services and
 * asks the notifiers for what Slack should be told. A rule such as "resolving plans the 3-7-30
 * follow-ups" lives here once, whoever resolves (a button, a modal, the SLA sweep, a test).
 */
export interface Flows {
  customers: CustomerFlows;
  tickets: TicketFlows;
  /** The requester's survey, progress notes and delay notices (#10). */
  requester: RequesterFlows;
  tasks: TaskFlows;
  /** Upgrade intents handed to sales, and the repair of a hand-off a crash left owed. */
  upgrades: UpgradeFlows;
  sla: SlaFlows;
  signals: SignalFlows;
  digests: DigestFlows;
  reports: ReportFlows;
  settings: SettingsFlows;
  home: HomeFlows;
  /** Customer channels (#10). */
  channels: ChannelFlows;
  /** Data-subject erasure, with the cards and Homes it changes (#12). */
  privacy: PrivacyFlows;
  /** A person's work handed over to another (`/desk handover`). */
  handover: HandoverFlows;
}

export function createFlows(
  services: Services,
  notify: Notifiers,
  options: Pick<
    ConstructorParameters<typeof TicketFlows>[0],
    'standing' | 'organisationOf' | 'mergeWait'
  > &
    Pick<ConstructorParameters<typeof TaskFlows>[0], 'describe' | 'organisationOf'> &
    Pick<ConstructorParameters<typeof HomeFlows>[0], 'installProblem'> &
    Pick<ConstructorParameters<typeof SettingsFlows>[0], 'organisationOf'> &
    Pick<ConstructorParameters<typeof HandoverFlows>[0], 'clock' | 'every'>,
): Flows {
  const { customers, tickets, tasks, workspaces } = services;
  const upgrades = new UpgradeFlows({ customers, tasks, tickets, workspaces, notify });
  const ticketFlows = new TicketFlows({
    tickets,
    tasks,
    workspaces,
    customers,
    upgrades,
    notify,
    erasures: services.privacyLog,
    erasing: services.erasureLeases,
    clock: options.clock,
    ...(options.standing ? { standing: options.standing } : {}),
    ...(options.organisationOf ? { organisationOf: options.organisationOf } : {}),
    ...(options.mergeWait ? { mergeWait: options.mergeWait } : {}),
  });
  const requester = new RequesterFlows({
    tickets,
    tasks,
    ticketFlows,
    channels: services.channels,
    notify,
    workspaces,
  });
  const taskFlows = new TaskFlows({
    tasks,
    customers,
    tickets,
    ticketFlows,
    workspaces,
    notify,
    ...(options.describe ? { describe: options.describe } : {}),
    ...(options.organisationOf ? { organisationOf: options.organisationOf } : {}),
  });
  return {
    customers: new CustomerFlows({
      customers,
      tickets,
      tasks,
      notify,
      upgrades,
      workspaces,
      privacyLog: services.privacyLog,
    }),
    tickets: ticketFlows,
    tasks: taskFlows,
    upgrades,
    sla: new SlaFlows({ tickets, ticketFlows, requester, notify, tasks }),
    requester,
    signals: new SignalFlows({ customers, tasks, tickets, notify }),
    digests: new DigestFlows({
      digests: services.digests,
      posts: services.digestPosts,
      notify,
      reports: services.reports,
      workspaces,
    }),
    reports: new ReportFlows({
      reports: services.reports,
      posts: services.reportPosts,
      notify,
      workspaces,
    }),
    settings: new SettingsFlows({
      settings: services.settings,
      workspaces: services.workspaces,
      tickets,
      tasks,
      customers,
      outbox: services.outbox,
      channels: services.channels,
      notify,
      ...(options.organisationOf ? { organisationOf: options.organisationOf } : {}),
    }),
    home: new HomeFlows({
      tickets,
      tasks,
      customers,
      outbox: services.outbox,
      ...(options.installProblem ? { installProblem: options.installProblem } : {}),
    }),
    channels: new ChannelFlows({
      tickets,
      ticketFlows,
      erasures: services.privacyLog,
      owners: services.customers,
      links: services.channels,
      notify,
    }),
    privacy: new PrivacyFlows({
      dataSubjects: services.dataSubjects,
      customers,
      tickets,
      tasks,
      workspaces,
      erasureLeases: services.erasureLeases,
      clock: options.clock,
      notify,
    }),
    handover: new HandoverFlows({
      tickets,
      tasks,
      customers,
      ticketFlows,
      taskFlows,
      notify,
      clock: options.clock,
      every: options.every,
    }),
  };
}

/**
 * What the outbox worker asks of the domain when it delivers: a ticket's card as stored now,
 * card links, and where a card, a DM or a digest went. (A person's Home is rendered by the
 * composition root, which adds `homeView`.)
 */
export function deliveryHooks(services: Services, flows: Flows): Omit<DeliveryHooks, 'homeView'> {
  const { tickets, digestPosts, reportPosts } = services;
  return {
    async ticketCard(ctx, ticketId) {
      const [ticket] = await tickets.tiersNow(ctx, await tickets.byIds(ctx, [ticketId]));
      return ticket ? flows.tickets.view(ctx, ticket) : null;
    },
    tickets: (ctx, ticketIds) => tickets.byIds(ctx, [...new Set(ticketIds)]),
    keptNoteTold: (ctx, ticketId, lead, leadAt) =>
      tickets.keptNoteTold(ctx, ticketId, lead, leadAt),
    tasks: (ctx, taskIds) => services.tasks.byIds(ctx, taskIds),
    async signalCustomers(ctx, codes) {
      const found = await services.customers.getMany(ctx, [...new Set(codes)]);
      return new Map(
        [...found].map(([code, c]) => [
          code,
          {
            tier: c.tier,
            managersTold: kindsToOwnersManagers(isKeyCustomer(c)),
            ownerId: c.ownerId,
            executor: ownerExecutor(ctx.settings, c).assigneeId,
            lifecycle: c.lifecycle,
            ...(c.contractEndDate ? { contractEndDate: c.contractEndDate } : {}),
            ...(c.lastInteractionAt ? { lastInteractionAt: c.lastInteractionAt } : {}),
            idleSince: lastActivity({
              ...(c.lastInteractionAt
                ? { lastInteractionDate: localDate(c.lastInteractionAt, ctx.settings.timeZone) }
                : {}),
              ...(c.lastOrderDate ? { lastOrderDate: c.lastOrderDate } : {}),
              createdDate: localDate(c.createdAt, ctx.settings.timeZone),
            }),
          },
        ]),
      );
    },
    async handoverTickets(ctx, ticketIds) {
      const found = await tickets.handoverDmTickets(ctx, [...new Set(ticketIds)]);
      return found.map(({ status, replyFrom, pauses, sla, ...ticket }) => {
        const pausedReply = pausedReplyStatus(
          ctx.settings,
          { status, replyFrom, pauses, sla },
          ctx.now,
        );
        return pausedReply ? { ...ticket, pausedReply } : ticket;
      });
    },
    ticketView: (ctx, ticket) => flows.tickets.view(ctx, ticket),
    cardPosted: (ctx, ticketId, where) =>
      tickets.cardPosted({ teamId: ctx.teamId, id: ticketId }, where),
    cardReposted: (ctx, ticketId, from, where) =>
      tickets.cardReposted({ teamId: ctx.teamId, id: ticketId }, from, where),
    async ticketLinks(ctx, ticketIds) {
      const found = await tickets.byIds(ctx, [...new Set(ticketIds)]);
      return new Map(
        found.flatMap((t) => (t.card.permalink ? [[t.id, t.card.permalink] as const] : [])),
      );
    },
    personGone: (ctx, userId) => flows.handover.tellUnreachable(ctx, userId),
    requesterRefused: (ctx, userId, ticketIds) =>
      flows.tickets.requesterRefused(ctx, userId, ticketIds),
    awayOwners: (ctx) => services.customers.awayOwners(ctx),
    namesGone: (ctx, named) => services.tasks.namesGone(ctx, named),
    customerChannel: async (ctx, channelId) => {
      const link = await services.channels.forChannel(ctx, channelId);
      return link ? linkedChannel(link) : undefined;
    },
    deskChannelUnfit: async (ctx, channelId, why) =>
      (await flows.settings.deskChannelUnfit(ctx, channelId, why)).after,
    handoverCutShort: (ctx, run, entry) => flows.handover.cutShort(ctx, run, entry),
    accountManagerTold: (ctx, ticketId) =>
      tickets.accountManagerNotified({ teamId: ctx.teamId, id: ticketId }),
    digestPosted: (ctx, week, post) => {
      // A report's post is recorded on the stored report (`month:2026-10`); one sent to a person
      // who asked (`ask:…`) is recorded nowhere; anything else is a week of the digest.
      const report = /^(week|month|quarter):(.+)$/.exec(week);
      if (report) return reportPosts.record(ctx, report[1] as ReportKind, report[2]!, post);
      if (week.startsWith('ask:')) return Promise.resolve();
      return digestPosts.record(ctx, week, post);
    },
  };
}
