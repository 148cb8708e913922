import type { Database } from './db/connection.js';
import {
  ChangeLogRepository,
  InteractionRepository,
  OrderRepository,
} from './customer/activity-repository.js';
import { CustomerRepository } from './customer/repository.js';
import { CustomerService } from './customer/service.js';
import { SequenceRepository } from './db/sequence.js';
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
  const jobLedger = new JobLedger(models.jobRuns as never);
  return { workspaces, customers, tickets, ticketRepository, jobLedger };
}
