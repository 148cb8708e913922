import type { Database } from './db/connection.js';
import {
  ChangeLogRepository,
  InteractionRepository,
  OrderRepository,
  SignalRepository,
} from './customer/activity-repository.js';
import { DigestRepository } from './digest/repository.js';
import { DigestService } from './digest/service.js';
import { CustomerRepository } from './customer/repository.js';
import { CustomerService } from './customer/service.js';
import { SequenceRepository } from './db/sequence.js';
import { TaskRepository } from './task/repository.js';
import { TaskService } from './task/service.js';
import { TicketRepository } from './ticket/repository.js';
import { TicketService } from './ticket/service.js';
import { JobLedger } from './schedule/ledger.js';
import { WorkspaceRepository } from './workspace/repository.js';
import { WorkspaceService } from './workspace/service.js';
import type { SettingsSeed } from './workspace/settings.js';

/** The domain services handlers and jobs call; built once per app from the database. */
export interface Services {
  workspaces: WorkspaceService;
  customers: CustomerService;
  tickets: TicketService;
  /** The tickets collection itself, for the Slack side effects (flows) and jobs. */
  ticketRepository: TicketRepository;
  tasks: TaskService;
  /** Which customer signals were told (each once). */
  signals: SignalRepository;
  digests: DigestService;
  digestRepository: DigestRepository;
  jobLedger: JobLedger;
}

export function createServices(db: Database, seed: SettingsSeed): Services {
  const { models } = db;
  const workspaces = new WorkspaceService(new WorkspaceRepository(models.workspaces), seed);
  // Mongoose infers document types from the schemas; repositories declare their plain shapes.
  const customers = new CustomerService(
    {
      customers: new CustomerRepository(models.customers as never),
      orders: new OrderRepository(models.orders as never),
      interactions: new InteractionRepository(models.interactions as never),
      changes: new ChangeLogRepository(models.customerChanges as never),
      sequences: new SequenceRepository(models.sequences as never),
    },
    workspaces,
  );
  const sequences = new SequenceRepository(models.sequences as never);
  const ticketRepository = new TicketRepository(models.tickets as never);
  const tickets = new TicketService(
    { tickets: ticketRepository, sequences },
    customers,
    workspaces,
  );
  const taskRepository = new TaskRepository(models.tasks as never);
  const tasks = new TaskService({
    tasks: taskRepository,
    tickets: ticketRepository,
    customers,
    workspaces,
  });
  const digestRepository = new DigestRepository(models.digests as never);
  const digests = new DigestService({
    digests: digestRepository,
    tickets: ticketRepository,
    ticketService: tickets,
    tasks: taskRepository,
    customers,
    changes: new ChangeLogRepository(models.customerChanges as never),
    workspaces,
  });
  const jobLedger = new JobLedger(models.jobRuns as never);
  return {
    workspaces,
    customers,
    tickets,
    ticketRepository,
    tasks,
    signals: new SignalRepository(models.customerSignals as never),
    digests,
    digestRepository,
    jobLedger,
  };
}
