import { ChannelLinkRepository, SeenEventRepository } from './channel/repository.js';
import { ChannelService } from './channel/service.js';
import { slackClock, type Clock, type Ticker } from './clock.js';
import {
  ChangeLogRepository,
  InteractionRepository,
  OrderRepository,
  SignalRepository,
} from './customer/activity-repository.js';
import { CustomerRepository } from './customer/repository.js';
import { CustomerService, type OwnerCopies } from './customer/service.js';
import type { Database } from './db/connection.js';
import { SequenceRepository } from './db/sequence.js';
import { DigestRepository } from './digest/repository.js';
import { EventClaimRepository } from './events/repository.js';
import { EventClaims } from './events/service.js';
import { DigestPosts, DigestService } from './digest/service.js';
import type { TokenCipher } from './install/crypto.js';
import { InstallationRepository } from './install/repository.js';
import { InstallationService } from './install/service.js';
import { ReportRepository } from './digest/repository.js';
import { ReportPosts, ReportService } from './digest/report-service.js';
import { ReportSource } from './digest/repository.js';
import { DailyFactsRepository } from './digest/daily/repository.js';
import { DailyFacts } from './digest/daily/service.js';
import { OutboxRepository } from './outbox/repository.js';
import { OutboxService } from './outbox/service.js';
import { retargetedEntries, ticketCardEntry } from './notify/tickets.js';
import { translator } from './i18n/index.js';
import {
  DataSubjectRepository,
  ErasureLeaseRepository,
  PrivacyKeyRepository,
  PrivacyLogRepository,
} from './privacy/repository.js';
import { DataSubjectService, ErasureLeases, PrivacyLog } from './privacy/service.js';
import { userKeys, type UserKeys } from './privacy/user-key.js';
import { JobLedger } from './schedule/ledger.js';
import { TaskRepository } from './task/repository.js';
import { TaskService } from './task/service.js';
import { TicketRepository } from './ticket/repository.js';
import { TicketService } from './ticket/service.js';
import { SettingsAdminService } from './workspace/admin.js';
import { SettingsChangeRepository, WorkspaceRepository } from './workspace/repository.js';
import { WorkspaceService } from './workspace/service.js';
import type { SettingsSeed } from './workspace/settings.js';

/** The domain services flows, handlers and jobs call; built once per app from the database. */
export interface Services {
  workspaces: WorkspaceService;
  /** The settings as admins edit them in Slack, and their history. */
  settings: SettingsAdminService;
  customers: CustomerService;
  tickets: TicketService;
  tasks: TaskService;
  digests: DigestService;
  digestPosts: DigestPosts;
  /** The monthly and quarterly reports (and a week's on demand), stored per period. */
  reports: ReportService;
  reportPosts: ReportPosts;
  /** The reports' records stored per day (`figures_daily`), kept by the `figures-daily` job. */
  dailyFigures: DailyFacts;
  outbox: OutboxService;
  jobLedger: JobLedger;
  /** Which workspaces are served and with which token (one token, or OAuth installs). */
  installations: InstallationService;
  /** Customer channels (#10): links, and the Events API deliveries taken. */
  channels: ChannelService;
  /** Events acted on outside customer channels (a DM), claimed by one delivery each. */
  eventClaims: EventClaims;
  /** What is done with personal data: exports, erasures, retention, views in clear. */
  privacyLog: PrivacyLog;
  /** Data-subject requests: export and erase a customer or a contact. */
  dataSubjects: DataSubjectService;
  /** The erasures under way, one per subject across the instances. */
  erasureLeases: ErasureLeases;
}

export interface ServiceOptions {
  /**
   * What renews a held erasure lease on a timer while the erasure runs (ErasureLeases; default an
   * unref'd setInterval). Tests fire it themselves.
   */
  erasureTick?: Ticker;
  /** How long a workspace's settings are trusted before their version is checked again. */
  settingsFreshMs?: number;
  /** OAuth mode: installs' tokens are sealed with these keys. Absent: single-token mode. */
  tokenCipher?: TokenCipher;
  /**
   * How far `clock` runs ahead of Slack's (CARE_DESK_CLOCK_OFFSET_MS): install times compared
   * with the times Slack sends events are taken without it.
   */
  clockOffsetMs?: number;
  /**
   * How the privacy log knows a Slack user (src/privacy/user-key.ts), keyed by the privacy
   * secret (`privacySecret`). Absent: none configured (a tool's): a user key asked for throws.
   */
  userKeys?: UserKeys;
}

export function createServices(
  db: Database,
  seed: SettingsSeed,
  clock: Clock,
  options: ServiceOptions = {},
): Services {
  const { models } = db;
  const sequences = new SequenceRepository(models.sequences);
  const taskRepository = new TaskRepository(models.tasks);
  const channelLinks = new ChannelLinkRepository(models.channelLinks);
  const ticketRepository = new TicketRepository(models.tickets);
  const privacyLog = new PrivacyLog(
    new PrivacyLogRepository(models.privacyLog),
    options.userKeys ?? userKeys(undefined),
    new PrivacyKeyRepository(models.privacyKeys),
  );
  // The open tickets' copies of the owner and the tier; a tier's copy draws their cards again,
  // behind the other messages (a tier review may move many), before it writes (`before`): a
  // failure leaves the customer's mark for the outbox job's repair, which draws them then.
  // First, the tickets whose first response the customer's tier now makes due sooner
  // (TicketService.tightenForTier, the customer read now): their cards and the desk's line in
  // the thread; one changed meanwhile each time, or notices not written, leave the mark too
  // (the repair tightens what is left; a ticket's notices owed are the notices repair's).
  const customerRepository = new CustomerRepository(models.customers);
  const ticketCopies: OwnerCopies = {
    reassignCustomer: (...args) => ticketRepository.reassignCustomer(...args),
    accountManagersToMove: (...args) => ticketRepository.accountManagersToMove(...args),
    retierCustomer: async (teamId, customerId, tier, revision, now) => {
      const settings = await workspaces.settings(teamId);
      const customer = await customerRepository.byId(teamId, customerId);
      const { written, missed } =
        customer && !customer.erasedAt
          ? await tickets.tightenForTier({ teamId, settings, now }, customer)
          : { written: [], missed: 0 };
      if (written.length) {
        await outbox.enqueue(
          { teamId, now, settings },
          retargetedEntries({ settings, t: translator(settings.locale) }, written),
        );
        await ticketRepository.noticesWritten(written);
      }
      const retiered = await ticketRepository.retierCustomer(
        teamId,
        customerId,
        tier,
        revision,
        now,
        async (read) => {
          await outbox.enqueue(
            { teamId, now, settings },
            read.map((ticket) => ({ ...ticketCardEntry(settings, ticket.id), bulk: true })),
          );
        },
      );
      if (missed)
        throw new Error(`tier targets: ${missed} tickets changed meanwhile, left to the repair`);
      return retiered + written.length;
    },
  };
  const customers = new CustomerService({
    customers: customerRepository,
    orders: new OrderRepository(models.orders),
    interactions: new InteractionRepository(models.interactions),
    changes: new ChangeLogRepository(models.customerChanges),
    signals: new SignalRepository(models.customerSignals),
    sequences,
    nameCopies: [taskRepository, channelLinks],
    ownerCopies: [ticketCopies],
    contactErased: (ctx, code, name) => privacyLog.contactErased(ctx, code, name),
  });
  const outboxRepository = new OutboxRepository(
    models.outbox,
    models.channelRefusals,
    models.refusalNotices,
    models.homesRefreshes,
    models.homeOpens,
    models.ticketPosts,
    models.slackWaits,
  );
  const tickets = new TicketService(
    { tickets: ticketRepository, sequences, links: channelLinks, clock, outbox: outboxRepository },
    customers,
  );
  // Read by the daily planners after each task they write (TaskService: erasedMeanwhile).
  const erasureLeases = new ErasureLeases(
    new ErasureLeaseRepository(models.erasureLeases),
    clock,
    options.erasureTick,
  );
  const tasks = new TaskService({
    tasks: taskRepository,
    tickets,
    customers,
    erasing: erasureLeases,
  });
  const digestRepository = new DigestRepository(models.digests);
  const reportRepository = new ReportRepository(models.reports);
  const dailyFacts = new DailyFacts(new DailyFactsRepository(models));
  const workspaces = new WorkspaceService(
    new WorkspaceRepository(models.workspaces),
    seed,
    clock,
    options.settingsFreshMs,
  );
  const outbox = new OutboxService(outboxRepository, (teamId) => workspaces.knownVersion(teamId));
  return {
    workspaces,
    settings: new SettingsAdminService(
      workspaces,
      new SettingsChangeRepository(models.settingsChanges),
    ),
    customers,
    tickets,
    tasks,
    digests: new DigestService({
      digests: digestRepository,
      tickets,
      tasks,
      customers,
      daily: dailyFacts,
    }),
    digestPosts: new DigestPosts(digestRepository),
    reports: new ReportService({
      reports: reportRepository,
      source: new ReportSource(models),
      daily: dailyFacts,
      workspaces,
    }),
    dailyFigures: dailyFacts,
    reportPosts: new ReportPosts(reportRepository),
    outbox,
    jobLedger: new JobLedger(models.jobRuns),
    installations: new InstallationService(
      new InstallationRepository(models.installations),
      clock,
      options.tokenCipher,
      outbox,
      undefined,
      slackClock(clock, options.clockOffsetMs ?? 0),
    ),
    channels: new ChannelService(
      {
        links: channelLinks,
        seen: new SeenEventRepository(models.seenEvents),
      },
      customers,
      outbox,
      workspaces,
    ),
    eventClaims: new EventClaims(new EventClaimRepository(models.eventClaims)),
    privacyLog,
    dataSubjects: new DataSubjectService(new DataSubjectRepository(models), privacyLog, (team) =>
      customers.forgetSuggestions(team),
    ),
    erasureLeases,
  };
}
